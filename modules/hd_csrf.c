/*
 * hd_csrf.c -- form tokens: every POST proves it comes from a page the
 * portal drew for the same person.
 *
 * A token is "<issued>.<nonce>.<mac>": seconds since the epoch, 16 random
 * bytes in hex, and HMAC-SHA1(secret, login \n form \n issued \n nonce)
 * in hex, where form is the address the form posts to.  Binding the form
 * matters because the nonce is also the form's identity (below): a
 * token lifted from one form and posted to another -- another ticket's
 * comment, a resolve after a reopen -- must not pass as a repeat.
 * Checking needs no storage, so any process (or any node sharing
 * HelpdeskSecret) accepts it.  The nonce doubles as the form's identity:
 * stored with what the form created (UNIQUE in SQL), it makes a second
 * submission of the same form a no-op instead of a duplicate ticket.
 * Pure code (APR only), unit-tested.
 */
#include "mod_helpdesk.h"
#include "hd_form.h"
#include "apr_sha1.h"
#include "apr_lib.h"

#define HD_HMAC_BLOCK 64

static void hmac_sha1(const char *key, apr_size_t klen, const char *msg,
                      unsigned char out[APR_SHA1_DIGESTSIZE])
{
    unsigned char k[HD_HMAC_BLOCK], pad[HD_HMAC_BLOCK];
    unsigned char inner[APR_SHA1_DIGESTSIZE];
    apr_sha1_ctx_t ctx;
    int i;

    memset(k, 0, sizeof(k));
    if (klen > HD_HMAC_BLOCK) {
        apr_sha1_init(&ctx);
        apr_sha1_update_binary(&ctx, (const unsigned char *)key, klen);
        apr_sha1_final(k, &ctx);
    }
    else {
        memcpy(k, key, klen);
    }
    for (i = 0; i < HD_HMAC_BLOCK; i++)
        pad[i] = k[i] ^ 0x36;
    apr_sha1_init(&ctx);
    apr_sha1_update_binary(&ctx, pad, HD_HMAC_BLOCK);
    apr_sha1_update_binary(&ctx, (const unsigned char *)msg, strlen(msg));
    apr_sha1_final(inner, &ctx);
    for (i = 0; i < HD_HMAC_BLOCK; i++)
        pad[i] = k[i] ^ 0x5c;
    apr_sha1_init(&ctx);
    apr_sha1_update_binary(&ctx, pad, HD_HMAC_BLOCK);
    apr_sha1_update_binary(&ctx, inner, sizeof(inner));
    apr_sha1_final(out, &ctx);
}

static char *hex(apr_pool_t *p, const unsigned char *b, apr_size_t n)
{
    char *s = apr_palloc(p, n * 2 + 1);
    apr_size_t i;
    for (i = 0; i < n; i++) {
        apr_snprintf(s + i * 2, 3, "%02x", b[i]);
    }
    s[n * 2] = '\0';
    return s;
}

static const char *mac_of(apr_pool_t *p, const char *secret, const char *login,
                          const char *form, const char *issued,
                          const char *nonce)
{
    unsigned char mac[APR_SHA1_DIGESTSIZE];
    hmac_sha1(
        secret, strlen(secret),
        apr_pstrcat(p, login, "\n", form, "\n", issued, "\n", nonce, NULL),
        mac);
    return hex(p, mac, sizeof(mac));
}

const char *hd_csrf_issue(apr_pool_t *p, const char *secret, const char *login,
                          const char *form, apr_time_t now,
                          const unsigned char nonce_bytes[16])
{
    const char *issued = apr_psprintf(p, "%" APR_TIME_T_FMT, apr_time_sec(now));
    const char *nonce = hex(p, nonce_bytes, 16);
    return apr_pstrcat(p, issued, ".", nonce, ".",
                       mac_of(p, secret, login, form, issued, nonce), NULL);
}

/* Compare without an early exit, so timing tells nothing. */
static int same(const char *a, const char *b)
{
    apr_size_t la = strlen(a), lb = strlen(b), i;
    unsigned diff = la != lb;
    for (i = 0; i < la && i < lb; i++) {
        diff |= (unsigned char)a[i] ^ (unsigned char)b[i];
    }
    return diff == 0;
}

const char *hd_csrf_verify(apr_pool_t *p, const char *secret, const char *login,
                           const char *form, const char *token, apr_time_t now,
                           int ttl)
{
    char *copy, *issued, *nonce, *mac, *state;
    apr_int64_t when;

    if (!token || !*token) {
        return NULL;
    }
    copy = apr_pstrdup(p, token);
    issued = apr_strtok(copy, ".", &state);
    nonce = apr_strtok(NULL, ".", &state);
    mac = apr_strtok(NULL, ".", &state);
    if (!issued || !nonce || !mac || apr_strtok(NULL, ".", &state) ||
        strspn(issued, "0123456789") != strlen(issued) || strlen(nonce) != 32 ||
        strspn(nonce, "0123456789abcdef") != 32) {
        return NULL;
    }
    if (!same(mac, mac_of(p, secret, login, form, issued, nonce))) {
        return NULL;
    }
    when = apr_atoi64(issued);
    if (when > apr_time_sec(now) + 60 || apr_time_sec(now) - when > ttl) {
        return NULL;
    }
    return nonce;
}
