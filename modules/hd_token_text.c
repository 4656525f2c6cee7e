/*
 * hd_token_text.c -- the shape of a personal API token (see hd_token.h):
 * "hdt_<id>_<secret>".  Pure code (APR only), unit-tested.
 *
 * The secret is made like a session's token (hd_session_token_new: 32
 * bytes, base64url), so the same well-formedness check and hash serve
 * both.
 */
#include "mod_helpdesk.h"
#include "hd_token.h"
#include "hd_session.h"

/* An id longer than this is no row of ours (BIGINT UNSIGNED: 20). */
#define HD_TOKEN_ID_DIGITS 20

const char *hd_token_format(apr_pool_t *p, const char *id, const char *secret)
{
    return apr_pstrcat(p, HD_TOKEN_PREFIX, id, "_", secret, NULL);
}

int hd_token_parse(apr_pool_t *p, const char *token, const char **id,
                   const char **secret)
{
    const char *digits, *sep;
    apr_size_t n;

    *id = *secret = NULL;
    if (!token || strncmp(token, HD_TOKEN_PREFIX, strlen(HD_TOKEN_PREFIX))) {
        return 0;
    }
    digits = token + strlen(HD_TOKEN_PREFIX);
    sep = strchr(digits, '_');
    if (!sep) {
        return 0;
    }
    n = (apr_size_t)(sep - digits);
    if (n == 0 || n > HD_TOKEN_ID_DIGITS || digits[0] == '0' ||
        strspn(digits, "0123456789") != n ||
        !hd_session_token_wellformed(sep + 1)) {
        return 0;
    }
    *id = apr_pstrmemdup(p, digits, n);
    *secret = sep + 1;
    return 1;
}
