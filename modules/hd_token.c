/*
 * hd_token.c -- personal API tokens in the api_tokens table (see
 * hd_token.h, sql/018_api_tokens.sql).
 *
 * Cost per request authenticated by a token: one SHA-256 of 43 bytes,
 * one SELECT by primary key, a constant-time compare; an UPDATE of
 * last_used_at at most once a minute per token (the SELECT says when one
 * is due), so a program polling every second does not write every
 * second.
 */
#include "mod_helpdesk.h"
#include "hd_token.h"
#include "hd_session.h"

#include <openssl/crypto.h>

/* Longest gap between two marks of use, in seconds. */
#define HD_TOKEN_TOUCH_SECONDS "60"

#define HD_SQL_TOKEN_CREATE  "hd_token_create"
#define HD_SQL_TOKEN_LAST_ID "hd_token_last_id"
#define HD_SQL_TOKEN_FIND    "hd_token_find"
#define HD_SQL_TOKEN_TOUCH   "hd_token_touch"
#define HD_SQL_TOKEN_LIST    "hd_token_list"
#define HD_SQL_TOKEN_REVOKE  "hd_token_revoke"

static const hd_db_statement statements[] = {
    {HD_SQL_TOKEN_CREATE, "INSERT INTO api_tokens (login, name, secret_hash, "
                          "created_at) VALUES (%s, %s, %s, NOW())"},
    {HD_SQL_TOKEN_LAST_ID, "SELECT LAST_INSERT_ID()"},
    /* Live tokens only; touch_due: never marked, or a minute ago. */
    {HD_SQL_TOKEN_FIND,
     "SELECT login, secret_hash, "
     "(last_used_at IS NULL OR last_used_at <= NOW() - INTERVAL "
     "" HD_TOKEN_TOUCH_SECONDS " SECOND) AS touch_due "
     "FROM api_tokens WHERE id = %s AND revoked_at IS NULL"},
    {HD_SQL_TOKEN_TOUCH,
     "UPDATE api_tokens SET last_used_at = NOW() WHERE id = %s"},
    {HD_SQL_TOKEN_LIST,
     "SELECT id, name, created_at, last_used_at, revoked_at "
     "FROM api_tokens WHERE login = %s ORDER BY id DESC LIMIT 100"},
    {HD_SQL_TOKEN_REVOKE,
     "UPDATE api_tokens SET revoked_at = NOW() "
     "WHERE id = %s AND login = %s AND revoked_at IS NULL"},
};

const hd_db_statements hd_token_statements = HD_DB_STATEMENTS(statements);

/* The id in a string the database can hold: digits only. */
static int is_id(const char *id)
{
    apr_size_t n = id ? strlen(id) : 0;
    return n > 0 && n <= 20 && strspn(id, "0123456789") == n;
}

hd_db_outcome hd_token_create(hd_db *db, const char *login, const char *name,
                              const char **id, const char **token)
{
    apr_pool_t *p = hd_db_pool(db);
    const char *secret = hd_session_token_new(p);
    const char *args[3];
    hd_db_outcome o;

    *id = *token = NULL;
    if (!secret) {
        return HD_DB_FAILED; /* no strong random bytes: make nothing */
    }
    args[0] = login;
    args[1] = name;
    args[2] = hd_session_token_hash(p, secret);
    /* One autocommit INSERT; LAST_INSERT_ID() is this connection's. */
    o = hd_db_exec_retried(db, HD_SQL_TOKEN_CREATE, 3, args, NULL);
    if (o == HD_DB_OK) {
        o = hd_db_value(db, HD_SQL_TOKEN_LAST_ID, 0, NULL, id);
    }
    if (o == HD_DB_OK && !is_id(*id)) {
        o = HD_DB_FAILED;
    }
    if (o == HD_DB_OK) {
        *token = hd_token_format(p, *id, secret);
    }
    return o;
}

static int read_info(void *baton, const hd_db_row *row)
{
    apr_array_header_t *out = baton;
    apr_pool_t *p = hd_db_row_pool(row);
    hd_token_info *t = apr_array_push(out);

    t->id = apr_pstrdup(p, hd_db_text(row, "id"));
    t->name = apr_pstrdup(p, hd_db_text(row, "name"));
    t->created_at = apr_pstrdup(p, hd_db_text(row, "created_at"));
    t->last_used_at = apr_pstrdup(p, hd_db_text(row, "last_used_at"));
    t->revoked_at = apr_pstrdup(p, hd_db_text(row, "revoked_at"));
    return 0;
}

hd_db_outcome hd_token_list(hd_db *db, const char *login,
                            apr_array_header_t **out)
{
    const char *args[1];

    args[0] = login;
    *out = apr_array_make(hd_db_pool(db), 4, sizeof(hd_token_info));
    return hd_db_select(db, HD_SQL_TOKEN_LIST, read_info, *out, 1, args);
}

hd_db_outcome hd_token_revoke(hd_db *db, const char *login, const char *id,
                              int *found)
{
    const char *args[2];
    int n = 0;
    hd_db_outcome o;

    *found = 0;
    if (!is_id(id)) {
        return HD_DB_OK; /* no such token */
    }
    args[0] = id;
    args[1] = login;
    o = hd_db_exec_retried(db, HD_SQL_TOKEN_REVOKE, 2, args, &n);
    *found = n > 0;
    return o;
}

typedef struct {
    const char *login, *hash;
    int touch_due;
} find_baton;

static int read_found(void *baton, const hd_db_row *row)
{
    find_baton *b = baton;
    apr_pool_t *p = hd_db_row_pool(row);
    const char *due = hd_db_col(row, "touch_due");

    b->login = apr_pstrdup(p, hd_db_text(row, "login"));
    b->hash = apr_pstrdup(p, hd_db_text(row, "secret_hash"));
    b->touch_due = due && !strcmp(due, "1");
    return 0;
}

/* user as typed in a Basic header, against the directory's login: case
 * and surrounding spaces aside, as the directory matches them. */
static int same_login(apr_pool_t *p, const char *user, const char *login)
{
    char *u = apr_pstrdup(p, user);
    apr_collapse_spaces(u, user);
    return !strcasecmp(u, login);
}

hd_db_outcome hd_token_verify(hd_db *db, const char *user, const char *token,
                              const char **login)
{
    apr_pool_t *p = hd_db_pool(db);
    find_baton b = {NULL, NULL, 0};
    const char *id, *secret, *hash, *args[1];
    hd_db_outcome o;

    *login = NULL;
    if (!hd_token_parse(p, token, &id, &secret)) {
        return HD_DB_OK;
    }
    args[0] = id;
    o = hd_db_select(db, HD_SQL_TOKEN_FIND, read_found, &b, 1, args);
    if (o != HD_DB_OK || !b.login) {
        return o;
    }
    hash = hd_session_token_hash(p, secret);
    if (strlen(b.hash) != strlen(hash) ||
        CRYPTO_memcmp(b.hash, hash, strlen(hash)) != 0) {
        return HD_DB_OK;
    }
    if (user && !same_login(p, user, b.login)) {
        return HD_DB_OK;
    }
    if (b.touch_due) {
        /* Best effort: a missed mark only makes "last used" older. */
        hd_db_exec(db, HD_SQL_TOKEN_TOUCH, 1, args, NULL);
    }
    *login = b.login;
    return HD_DB_OK;
}
