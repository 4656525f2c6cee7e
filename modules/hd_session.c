/*
 * hd_session.c -- server-side sessions (see hd_session.h): the token,
 * its hash, and the statements that keep the sessions table.
 *
 * Cost per request: reading the cookie, one SHA-256 of 43 bytes, one
 * SELECT on a unique key; an UPDATE of seen_at at most once a minute per
 * session (less often than the idle timeout can notice), so a busy
 * person does not write on every click.
 */
#include "mod_helpdesk.h"
#include "hd_config.h"
#include "hd_session.h"
/* Longest gap between two marks of activity, in seconds. */
#define HD_SESSION_TOUCH_MAX 60
/* Rows one purge deletes at most, so that it never holds locks long. */
#define HD_SESSION_PURGE_ROWS "10000"

#define HD_SQL_SESSION_CREATE  "hd_session_create"
#define HD_SQL_SESSION_FIND    "hd_session_find"
#define HD_SQL_SESSION_TOUCH   "hd_session_touch"
#define HD_SQL_SESSION_END     "hd_session_end"
#define HD_SQL_SESSION_END_ALL "hd_session_end_all"
#define HD_SQL_SESSION_LIST    "hd_session_list"
#define HD_SQL_SESSION_PURGE   "hd_session_purge"
#define HD_SQL_THROTTLE_PURGE  "hd_session_throttle_purge"

/* Live means: not past its lifetime, not idle longer than its timeout.
 * The same condition in find and list. */
#define HD_SQL_LIVE                                                   \
    "expires_at > NOW() AND seen_at > NOW() - INTERVAL idle_timeout " \
    "SECOND"

static const hd_db_statement statements[] = {
    {HD_SQL_SESSION_CREATE,
     "INSERT INTO sessions (token_hash, login, created_at, seen_at, "
     "expires_at, idle_timeout, client_ip, user_agent, must_change) "
     "VALUES (%s, %s, NOW(), NOW(), NOW() + INTERVAL %s SECOND, %s, %s, %s, "
     "%s)"},
    /* login: the person chose their own password */
    {"hd_session_changed", "UPDATE sessions SET must_change = 0 WHERE login = "
                           "%s AND must_change = 1"},
    {"hd_session_reset_used", "UPDATE password_resets SET used_at = NOW() "
                              "WHERE login = %s AND used_at IS NULL"},
    /* touch_due: seconds since the last mark reached the touch interval
     * (a quarter of the idle timeout, at most a minute). */
    {HD_SQL_SESSION_FIND,
     "SELECT id, login, must_change, "
     "TIMESTAMPDIFF(SECOND, seen_at, NOW()) >= "
     "LEAST(" APR_STRINGIFY(
         HD_SESSION_TOUCH_MAX) ", idle_timeout DIV 4) "
                               "AS touch_due "
                               "FROM sessions WHERE token_hash = %s "
                               "AND " HD_SQL_LIVE},
    {HD_SQL_SESSION_TOUCH, "UPDATE sessions SET seen_at = NOW() WHERE id = %s"},
    {HD_SQL_SESSION_END, "DELETE FROM sessions WHERE token_hash = %s"},
    {HD_SQL_SESSION_END_ALL,
     "DELETE FROM sessions WHERE login = %s AND token_hash <> %s"},
    {HD_SQL_SESSION_LIST,
     "SELECT id, created_at, seen_at, expires_at, client_ip, user_agent, "
     "token_hash = %s AS current "
     "FROM sessions WHERE login = %s AND " HD_SQL_LIVE
     " ORDER BY seen_at DESC, id DESC LIMIT 100"},
    {HD_SQL_SESSION_PURGE, "DELETE FROM sessions WHERE expires_at <= NOW() "
                           "OR seen_at <= NOW() - INTERVAL idle_timeout SECOND "
                           "LIMIT " HD_SESSION_PURGE_ROWS},
    {HD_SQL_THROTTLE_PURGE,
     "DELETE FROM login_throttle "
     "WHERE (blocked_until IS NULL OR blocked_until <= NOW()) "
     "AND last_failure_at <= NOW() - INTERVAL %s SECOND "
     "LIMIT " HD_SESSION_PURGE_ROWS},
};

const hd_db_statements hd_session_statements = HD_DB_STATEMENTS(statements);

/* ------------------------------------------------------------------ */
/* The table                                                           */
/* ------------------------------------------------------------------ */

hd_db_outcome hd_session_create(hd_db *db, const char *token_hash,
                                const char *login, int max_age, int idle,
                                const char *client_ip, const char *user_agent,
                                int must_change)
{
    apr_pool_t *p = hd_db_pool(db);
    const char *args[7];

    args[0] = token_hash;
    args[1] = login;
    args[2] = apr_itoa(p, max_age);
    args[3] = apr_itoa(p, idle);
    args[4] = client_ip ? client_ip : "";
    args[5] = user_agent ? user_agent : "";
    args[6] = must_change ? "1" : "0";
    /* One autocommit INSERT: a cluster write conflict is retried. */
    return hd_db_exec_retried(db, HD_SQL_SESSION_CREATE, 7, args, NULL);
}

static hd_db_outcome password_changed_work(hd_db *db, void *baton)
{
    const char *login = baton;
    hd_db_outcome o = hd_db_exec(db, "hd_session_changed", 1, &login, NULL);
    if (o == HD_DB_OK) {
        o = hd_db_exec(db, "hd_session_reset_used", 1, &login, NULL);
    }
    return o;
}

hd_db_outcome hd_session_password_changed(hd_db *db, const char *login)
{
    return hd_db_transact(db, password_changed_work, (void *)login);
}

typedef struct {
    hd_session *s;
    int touch_due;
} find_baton;

static int read_session(void *baton, const hd_db_row *row)
{
    find_baton *b = baton;
    apr_pool_t *p = hd_db_row_pool(row);
    const char *due = hd_db_col(row, "touch_due");

    b->s = apr_pcalloc(p, sizeof(*b->s));
    b->s->id = apr_pstrdup(p, hd_db_text(row, "id"));
    b->s->login = apr_pstrdup(p, hd_db_text(row, "login"));
    b->s->must_change = !strcmp(hd_db_text(row, "must_change"), "1");
    b->touch_due = due && !strcmp(due, "1");
    return 0;
}

hd_db_outcome hd_session_find(hd_db *db, const char *token_hash,
                              hd_session **found)
{
    find_baton b = {NULL, 0};
    const char *args[1];
    hd_db_outcome o;

    *found = NULL;
    args[0] = token_hash;
    o = hd_db_select(db, HD_SQL_SESSION_FIND, read_session, &b, 1, args);
    if (o != HD_DB_OK || !b.s) {
        return o;
    }
    b.s->token_hash = token_hash;
    if (b.touch_due) {
        /* Best effort: a failed mark costs at most a minute of idle
         * time, never the request. */
        const char *id[1];
        id[0] = b.s->id;
        hd_db_exec(db, HD_SQL_SESSION_TOUCH, 1, id, NULL);
    }
    *found = b.s;
    return HD_DB_OK;
}

hd_db_outcome hd_session_end(hd_db *db, const char *token_hash)
{
    const char *args[1];

    args[0] = token_hash;
    return hd_db_exec_retried(db, HD_SQL_SESSION_END, 1, args, NULL);
}

hd_db_outcome hd_session_end_all(hd_db *db, const char *login,
                                 const char *keep_hash, int *ended)
{
    const char *args[2];

    args[0] = login;
    args[1] = keep_hash ? keep_hash : "";
    return hd_db_exec_retried(db, HD_SQL_SESSION_END_ALL, 2, args, ended);
}

static int read_info(void *baton, const hd_db_row *row)
{
    apr_array_header_t *out = baton;
    apr_pool_t *p = hd_db_row_pool(row);
    hd_session_info *i = apr_array_push(out);
    const char *cur = hd_db_col(row, "current");

    i->id = apr_pstrdup(p, hd_db_text(row, "id"));
    i->created_at = apr_pstrdup(p, hd_db_text(row, "created_at"));
    i->seen_at = apr_pstrdup(p, hd_db_text(row, "seen_at"));
    i->expires_at = apr_pstrdup(p, hd_db_text(row, "expires_at"));
    i->client_ip = apr_pstrdup(p, hd_db_text(row, "client_ip"));
    i->user_agent = apr_pstrdup(p, hd_db_text(row, "user_agent"));
    i->current = cur && !strcmp(cur, "1");
    return 0;
}

hd_db_outcome hd_session_list(hd_db *db, const char *login,
                              const char *current_hash,
                              apr_array_header_t **out)
{
    const char *args[2];
    args[0] = current_hash ? current_hash : "";
    args[1] = login;
    *out = apr_array_make(hd_db_pool(db), 4, sizeof(hd_session_info));
    return hd_db_select(db, HD_SQL_SESSION_LIST, read_info, *out, 2, args);
}

hd_db_outcome hd_session_purge(hd_db *db, apr_pool_t *p, server_rec *s)
{
    const hd_server_conf *sc =
        ap_get_module_config(s->module_config, &helpdesk_module);
    const char *window[1];
    hd_db_outcome o;

    o = hd_db_exec(db, HD_SQL_SESSION_PURGE, 0, NULL, NULL);
    if (o != HD_DB_OK) {
        return o;
    }
    window[0] = apr_itoa(p, sc->login_window);
    return hd_db_exec(db, HD_SQL_THROTTLE_PURGE, 1, window, NULL);
}
