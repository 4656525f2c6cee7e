/*
 * hd_mail_id.c -- signed Message-IDs (hd_mail.h).
 *
 * A reply's In-Reply-To and References name the messages it answers.
 * When those are ours, they say which ticket the reply is about -- but
 * anyone can write any header, so the ticket number in an id counts only
 * with its signature: an HMAC under HelpdeskSecret, as osTicket signs
 * its own.  A forged or mangled id matches nothing; the sender's right to
 * act on the ticket is still checked afterwards, as for any comment.
 */
#include "hd_mail.h"
#include "apr_strings.h"
#include "apr_lib.h"

#include <openssl/crypto.h>
#include <openssl/evp.h>
#include <openssl/hmac.h>

#include <string.h>

/* Hex characters of the signature kept: 80 bits, ample against guessing
 * and short enough for mail clients that truncate long ids. */
#define HD_MSGID_SIG_HEX 20

static const char *sign(apr_pool_t *p, const char *secret, const char *text)
{
    unsigned char mac[EVP_MAX_MD_SIZE];
    unsigned int len = 0;
    char *hex = apr_palloc(p, HD_MSGID_SIG_HEX + 1);
    int i;

    HMAC(EVP_sha256(), secret, (int)strlen(secret), (const unsigned char *)text,
         strlen(text), mac, &len);
    for (i = 0; i < HD_MSGID_SIG_HEX / 2; i++) {
        apr_snprintf(hex + 2 * i, 3, "%02x", mac[i]);
    }
    hex[HD_MSGID_SIG_HEX] = '\0';
    return hex;
}

const char *hd_mail_msgid(apr_pool_t *p, const char *secret, const char *ticket,
                          const char *event, const char *tag,
                          const char *domain)
{
    const char *body =
        apr_pstrcat(p, "hd.", ticket, ".", event, ".", tag, NULL);
    return apr_pstrcat(p, body, ".", sign(p, secret, body), "@", domain, NULL);
}

/* Digits only, no leading zero: the form hd_mail_msgid writes. */
static int is_number(const char *s, apr_size_t n)
{
    apr_size_t i;
    if (n == 0 || n > 10 || (s[0] == '0' && n > 1)) {
        return 0;
    }
    for (i = 0; i < n; i++) {
        if (!apr_isdigit(s[i])) {
            return 0;
        }
    }
    return 1;
}

/* The signed part of one of our ids ("hd.<ticket>.<event>.<tag>"), or
 * NULL for an id that is not ours or whose signature fails. */
static char *signed_body(apr_pool_t *p, const char *secret, const char *msgid)
{
    const char *start = msgid, *at, *dot, *sig;
    char *body;

    if (!msgid) {
        return NULL;
    }
    while (*start == ' ' || *start == '<') {
        start++;
    }
    at = strchr(start, '@');
    if (strncmp(start, "hd.", 3) || !at) {
        return NULL;
    }
    /* The signature is the last dot-separated part before '@'. */
    for (dot = at; dot > start && *dot != '.'; dot--) {
    }
    sig = dot + 1;
    if (dot <= start + 3 || (apr_size_t)(at - sig) != HD_MSGID_SIG_HEX) {
        return NULL;
    }
    body = apr_pstrmemdup(p, start, (apr_size_t)(dot - start));
    if (CRYPTO_memcmp(sign(p, secret, body), sig, HD_MSGID_SIG_HEX)) {
        return NULL;
    }
    return body;
}

int hd_mail_msgid_ours(apr_pool_t *p, const char *secret, const char *msgid)
{
    return signed_body(p, secret, msgid) != NULL;
}

const char *hd_mail_msgid_ticket(apr_pool_t *p, const char *secret,
                                 const char *msgid)
{
    char *body = signed_body(p, secret, msgid);
    const char *ticket_end;
    apr_size_t n;

    if (!body) {
        return NULL;
    }
    ticket_end = strchr(body + 3, '.');
    n = ticket_end ? (apr_size_t)(ticket_end - (body + 3)) : 0;
    if (!is_number(body + 3, n) || (n == 1 && body[3] == '0')) {
        return NULL;
    }
    return apr_pstrmemdup(p, body + 3, n);
}

const char *hd_mail_domain_of(apr_pool_t *p, const char *address)
{
    const char *at = strrchr(address, '@');
    apr_size_t n;
    if (!at) {
        return "localhost";
    }
    at++;
    n = strcspn(at, "> \t");
    return n ? apr_pstrmemdup(p, at, n) : "localhost";
}
