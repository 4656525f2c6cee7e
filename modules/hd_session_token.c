/*
 * hd_session_token.c -- a session's token and the hash the database keeps
 * of it (see hd_session.h).  Pure code (APR, OpenSSL's SHA-256),
 * unit-tested.
 */
#include "mod_helpdesk.h"
#include "hd_session.h"
#include "apr_base64.h"
#include "apr_general.h"

#include <openssl/sha.h>

/* 256 bits from the system's strong random source. */
#define HD_SESSION_TOKEN_BYTES 32

/* base64url without padding: 32 bytes -> 43 characters. */
static const char *base64url(apr_pool_t *p, const unsigned char *b,
                             apr_size_t n)
{
    char *out = apr_palloc(p, apr_base64_encode_len((int)n));
    char *c;
    apr_base64_encode_binary(out, b, (int)n);
    for (c = out; *c; c++) {
        if (*c == '+') {
            *c = '-';
        }
        else if (*c == '/') {
            *c = '_';
        }
        else if (*c == '=') {
            *c = '\0';
            break;
        }
    }
    return out;
}

const char *hd_session_token_new(apr_pool_t *p)
{
    unsigned char b[HD_SESSION_TOKEN_BYTES];
    if (apr_generate_random_bytes(b, sizeof(b)) != APR_SUCCESS) {
        return NULL;
    }
    return base64url(p, b, sizeof(b));
}

int hd_session_token_wellformed(const char *token)
{
    int n = 0;
    if (!token) {
        return 0;
    }
    for (; token[n]; n++) {
        char c = token[n];
        if (!((c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') ||
              (c >= '0' && c <= '9') || c == '-' || c == '_') ||
            n >= HD_SESSION_TOKEN_CHARS) {
            return 0;
        }
    }
    return n == HD_SESSION_TOKEN_CHARS;
}

const char *hd_session_token_hash(apr_pool_t *p, const char *token)
{
    static const char hex[] = "0123456789abcdef";
    unsigned char d[SHA256_DIGEST_LENGTH];
    char *out = apr_palloc(p, HD_SESSION_HASH_CHARS + 1);
    int i;

    SHA256((const unsigned char *)token, strlen(token), d);
    for (i = 0; i < SHA256_DIGEST_LENGTH; i++) {
        out[2 * i] = hex[d[i] >> 4];
        out[2 * i + 1] = hex[d[i] & 0xf];
    }
    out[HD_SESSION_HASH_CHARS] = '\0';
    return out;
}
