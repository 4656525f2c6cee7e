/*
 * hd_session.h -- who is logged in: server-side sessions in MariaDB.
 *
 * The cookie holds a random token (32 bytes from the system's strong
 * source, base64url); the database holds its SHA-256 and the login.
 * Checking a request is one SELECT by a unique key and a hash: no key
 * derivation, no password, nothing a process must remember, so every
 * node sharing the database agrees and a logout is final everywhere.
 *
 * The core (tokens, SQL) knows nothing of HTTP and runs without a
 * request; hd_auth.c puts it in front of the pages.
 */
#ifndef HD_SESSION_H
#define HD_SESSION_H

#include "mod_helpdesk.h"
#include "hd_db.h"

/* The cookie's name, and the length of a well-formed token. */
#define HD_SESSION_COOKIE      "hdsession"
#define HD_SESSION_TOKEN_CHARS 43
#define HD_SESSION_HASH_CHARS  64

/* A live session, as found by hd_session_find. */
typedef struct {
    const char *id;         /* sessions.id */
    const char *login;      /* the directory's uid */
    const char *token_hash; /* hex SHA-256 of the cookie's token */
    int must_change;        /* logged in with a temporary password */
} hd_session;

/* One row of a person's session list. */
typedef struct {
    const char *id, *created_at, *seen_at, *expires_at, *client_ip, *user_agent;
    int current; /* the session asking */
} hd_session_info;

extern const hd_db_statements hd_session_statements;

/* Tokens (pure, unit-tested). */
/* A fresh token from the strong random source; NULL when there is none. */
const char *hd_session_token_new(apr_pool_t *p);
/* Is token what hd_session_token_new makes (43 base64url characters)? */
int hd_session_token_wellformed(const char *token);
/* Lower-case hex SHA-256 of token: what the database keeps. */
const char *hd_session_token_hash(apr_pool_t *p, const char *token);

/* Store a new session for login, ending max_age seconds from now, idle
 * after idle seconds without a request; must_change: the person logged in
 * with a temporary password, and every page leads to the change-password
 * form until they chose their own (hd_session_password_changed). */
hd_db_outcome hd_session_create(hd_db *db, const char *token_hash,
                                const char *login, int max_age, int idle,
                                const char *client_ip, const char *user_agent,
                                int must_change);
/* The person chose their own password: none of their sessions must
 * change it any more. */
hd_db_outcome hd_session_password_changed(hd_db *db, const char *login);
/* The live session of token_hash (*found NULL when none: unknown, ended,
 * idle too long or past its lifetime).  Marks it active when the last
 * mark is older than a fraction of its idle timeout. */
hd_db_outcome hd_session_find(hd_db *db, const char *token_hash,
                              hd_session **found);
/* End one session (logout). */
hd_db_outcome hd_session_end(hd_db *db, const char *token_hash);
/* End every session of login except keep_hash's (NULL: all of them) --
 * "log out everywhere", an admin's order, a password change or reset.
 * *ended (may be NULL) gets how many ended. */
hd_db_outcome hd_session_end_all(hd_db *db, const char *login,
                                 const char *keep_hash, int *ended);
/* login's live sessions, most recently active first (hd_session_info,
 * at most 100); current_hash marks the one asking. */
hd_db_outcome hd_session_list(hd_db *db, const char *login,
                              const char *current_hash,
                              apr_array_header_t **out);
/* Delete expired sessions and spent login throttles (the 'session-purge'
 * job). */
hd_db_outcome hd_session_purge(hd_db *db, apr_pool_t *p, server_rec *s);

#endif /* HD_SESSION_H */
