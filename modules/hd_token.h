/*
 * hd_token.h -- personal API tokens: a person creates, names and revokes
 * them (page_account.c); programs send them as HTTP Basic (login and
 * token) or Bearer credentials (hd_auth.c, and the authn provider
 * "helpdesk-token" for locations of an admin's own).
 *
 * A token reads hdt_<id>_<secret>: <id> is api_tokens.id, <secret> 32
 * random bytes in base64url (43 characters).  The table keeps the
 * secret's SHA-256 only, so the token is shown once, when it is made.
 * Checking one is a SELECT by primary key and a constant-time compare;
 * last_used_at is written at most once a minute per token.
 *
 * The core knows nothing of HTTP and runs without a request.
 */
#ifndef HD_TOKEN_H
#define HD_TOKEN_H

#include "mod_helpdesk.h"
#include "hd_db.h"

/* The token's prefix, and the longest name a person may give one. */
#define HD_TOKEN_PREFIX     "hdt_"
#define HD_TOKEN_NAME_CHARS 100

/* One row of a person's token list. */
typedef struct {
    const char *id, *name, *created_at;
    const char *last_used_at; /* "" when never used */
    const char *revoked_at;   /* "" while live */
} hd_token_info;

extern const hd_db_statements hd_token_statements;

/* Pure parts (hd_token_text.c, unit-tested). */
/* "hdt_<id>_<secret>" for a token's id and secret. */
const char *hd_token_format(apr_pool_t *p, const char *id, const char *secret);
/* Split a token into its id (digits, no leading zero) and its secret (43
 * base64url characters): 1, or 0 when it is not one the portal makes. */
int hd_token_parse(apr_pool_t *p, const char *token, const char **id,
                   const char **secret);

/* Make a token called name for login: *token gets the whole token (shown
 * once, never stored) and *id its row. */
hd_db_outcome hd_token_create(hd_db *db, const char *login, const char *name,
                              const char **id, const char **token);
/* login's tokens, newest first (hd_token_info, at most 100; revoked
 * ones too, so the person sees what they ended). */
hd_db_outcome hd_token_list(hd_db *db, const char *login,
                            apr_array_header_t **out);
/* Revoke login's token id; *found 0 when login has no such live token. */
hd_db_outcome hd_token_revoke(hd_db *db, const char *login, const char *id,
                              int *found);
/* Whose live token this is: *login gets the person's login, NULL when the
 * token is malformed, unknown, revoked -- or, when user is not NULL, is
 * not user's (compared as the directory compares logins: case and
 * surrounding space aside).  Marks it used when the last mark is a
 * minute old. */
hd_db_outcome hd_token_verify(hd_db *db, const char *user, const char *token,
                              const char **login);

#endif /* HD_TOKEN_H */
