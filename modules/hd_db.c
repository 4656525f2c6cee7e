/*
 * hd_db.c -- every SQL statement of the portal, by label, and the one
 * path through which they run.
 *
 * Statements are handed to mod_dbd at start-up (ap_dbd_prepare), which
 * prepares them once per connection.  A request acquires a connection
 * lazily, the first time a page needs the database.
 *
 * Outages: mod_dbd checks a pooled connection before handing it out and
 * throws it away when the check fails (DBDParams must say reconnect=0,
 * or the MySQL client would silently reconnect and lose the prepared
 * statements).  After the database comes back, every pooled connection
 * is stale; rather than fail one request per stale connection, we ask
 * for another connection up to HelpdeskDBReconnectTries times, so the
 * first request after recovery already succeeds.
 *
 * The function pointers below are set once in post_config, before any
 * thread exists, and only read afterwards.
 */
#include "mod_helpdesk.h"
#include "apr_dbd.h"
#include "mod_dbd.h"
#include "apr_optional.h"

typedef struct {
    const char *label;
    const char *sql;
} hd_statement;

/* MySQL's ER_DUP_ENTRY, which apr_dbd_mysql returns as is. */
#define HD_DB_DUPLICATE_KEY 1062

/* %s placeholders only (see apr_dbd_prepare); no other '%' in SQL. */

/* Who may see ticket t: agents all; everyone what they requested or
 * logged; their organisation's shared tickets; supervisors all of their
 * organisation's.  Params: is_agent, login, login, org, is_supervisor. */
#define HD_SQL_VISIBLE                                                  \
    "(%s = '1' OR t.requester_login = %s OR t.logged_by_login = %s OR " \
    "(t.requester_org = %s AND t.requester_org <> '' AND "              \
    "(t.shared = 1 OR %s = '1')))"

#define HD_SQL_TICKET_FROM                                        \
    " FROM tickets t JOIN ticket_statuses s ON s.code = t.status" \
    " JOIN services sv ON sv.id = t.service_id"                   \
    " JOIN teams tm ON tm.id = t.team_id"                         \
    " JOIN priorities pr ON pr.level = t.priority "

static const hd_statement statements[] = {
    {"hd_services_list",
     "SELECT id, code, name, status, status_note, updated_at, "
     "default_call_type, default_priority "
     "FROM services WHERE active = 1 ORDER BY sort_order, name"},
    {"hd_teams_list",
     "SELECT code, name, is_default FROM teams WHERE active = 1 "
     "ORDER BY sort_order, name"},
    {"hd_statuses_list",
     "SELECT code, name, category FROM ticket_statuses ORDER BY sort_order"},
    {"hd_last_insert_id", "SELECT LAST_INSERT_ID()"},
    {"hd_ticket_insert",
     "INSERT INTO tickets (kind, summary, details, service_id, team_id, "
     "status, call_type, priority, requester_login, requester_name, "
     "requester_mail, requester_phone, requester_org, logged_by_login, "
     "logged_by_name, shared, form_nonce) "
     "SELECT %s, %s, %s, sv.id, tm.id, st.code, sv.default_call_type, "
     "sv.default_priority, %s, %s, %s, %s, %s, %s, %s, %s, %s "
     "FROM services sv, teams tm, ticket_statuses st "
     "WHERE sv.id = %s AND sv.active = 1 AND tm.code = %s AND tm.active = 1 "
     "AND st.is_initial = 1 LIMIT 1"},
    {"hd_ticket_by_nonce", "SELECT id FROM tickets WHERE form_nonce = %s"},
    {"hd_activity_insert",
     "INSERT INTO ticket_activity (ticket_id, kind, author_login, "
     "author_name, body, old_status, new_status, form_nonce) "
     "VALUES (%s, %s, %s, %s, %s, NULLIF(%s, ''), NULLIF(%s, ''), "
     "NULLIF(%s, ''))"},
    {"hd_ticket_get",
     "SELECT t.id, t.kind, t.summary, t.details, t.status, s.name, "
     "s.category, s.explanation, t.status_reason, sv.name, tm.name, "
     "t.call_type, t.priority, pr.name, t.requester_login, "
     "t.requester_name, t.requester_mail, t.requester_phone, "
     "t.requester_org, t.logged_by_login, t.logged_by_name, "
     "IF(t.shared, 'true', 'false'), COALESCE(t.assignee_name, ''), "
     "t.solution, t.created_at, t.updated_at" HD_SQL_TICKET_FROM
     "WHERE t.id = %s AND " HD_SQL_VISIBLE},
    /* Whether the user may see ticket %s (a reference typed into the
     * search box): the one visibility rule, nothing else read. */
    {"hd_ticket_visible",
     "SELECT t.id FROM tickets t WHERE t.id = %s AND " HD_SQL_VISIBLE},
    {"hd_activity_list",
     "SELECT a.kind, a.author_login, a.author_name, a.body, a.created_at, "
     "COALESCE(ns.name, '') FROM ticket_activity a "
     "LEFT JOIN ticket_statuses ns ON ns.code = a.new_status "
     "WHERE a.ticket_id = %s AND a.internal = 0 ORDER BY a.id"},
    /* The workflow is data: a requester's action moves the ticket only
     * along a row of ticket_transitions; no row, no change. */
    {"hd_ticket_transition",
     "UPDATE tickets t JOIN ticket_transitions tr "
     "ON tr.from_status = t.status AND tr.actor = 'requester' "
     "AND tr.action = %s "
     "SET t.status = tr.to_status, t.status_reason = '', "
     "t.updated_at = NOW(), "
     "t.closed_at = IF(tr.to_status IN ('closed', 'cancelled'), NOW(), "
     "NULL), t.solution = IF(%s = '', t.solution, %s) WHERE t.id = %s"},
    {"hd_ticket_touch", "UPDATE tickets SET updated_at = NOW() WHERE id = %s"},
    {"hd_ticket_status", "SELECT status FROM tickets WHERE id = %s"},
    {"hd_columns_get", "SELECT columns FROM user_columns WHERE login = %s"},
    {"hd_columns_set",
     "INSERT INTO user_columns (login, columns) VALUES (%s, %s) "
     "ON DUPLICATE KEY UPDATE columns = VALUES(columns)"},
    {"hd_columns_reset", "DELETE FROM user_columns WHERE login = %s"},
};

static APR_OPTIONAL_FN_TYPE(ap_dbd_prepare) * dbd_prepare_fn;
static APR_OPTIONAL_FN_TYPE(ap_dbd_acquire) * dbd_acquire_fn;

/* The ticket lists: one statement per sort key x direction x search,
 * generated once at start-up.  Keyset pagination: the cursor is the last
 * row's (key, id), so page 1000 costs what page 1 does.  Params:
 * visibility (5), view (3: view, login, login), org view (2: view, org),
 * status list, [search], cursor (3: key, key, id), limit. */
static const struct {
    const char *name; /* sort key as in ?sort= */
    const char *expr; /* column it orders by */
} list_sorts[] = {
    {"created", "t.id"},
    {"updated", "t.updated_at"},
    {"priority", "t.priority"},
    /* The workflow's order, which the schema keeps in sort_order, not
     * the codes' alphabet ("cancelled" would lead).  The key lives on
     * the joined status row, so no (key, id) index serves it: a sort
     * over the rows the filters leave, which the status filter keeps
     * to the statuses asked for. */
    {"status", "s.sort_order"},
};

#define HD_SQL_LIST_COLUMNS                                              \
    "SELECT t.id, t.kind, t.summary, t.status, s.name, s.category, "     \
    "sv.name, tm.code, t.requester_name, t.requester_login, "            \
    "t.logged_by_name, t.logged_by_login, t.requester_org, "             \
    "IF(t.shared, 'true', 'false'), "                                    \
    "t.priority, pr.name, COALESCE(t.assignee_name, ''), t.created_at, " \
    "t.updated_at, "

static void register_list_statements(apr_pool_t *p, server_rec *s)
{
    unsigned i;
    int desc, search;

    for (i = 0; i < sizeof(list_sorts) / sizeof(list_sorts[0]); i++) {
        for (desc = 0; desc < 2; desc++) {
            for (search = 0; search < 2; search++) {
                const char *k = list_sorts[i].expr;
                const char *op = desc ? "<" : ">";
                const char *dir = desc ? "DESC" : "ASC";
                const char *sql = apr_pstrcat(
                    p, HD_SQL_LIST_COLUMNS, k, HD_SQL_TICKET_FROM, "WHERE ",
                    HD_SQL_VISIBLE,
                    " AND (%s <> 'mine' OR t.requester_login = %s"
                    " OR t.logged_by_login = %s)"
                    " AND (%s <> 'org' OR t.requester_org = %s)"
                    " AND FIND_IN_SET(t.status, %s)",
                    search ? " AND MATCH (t.summary, t.details) AGAINST "
                             "(%s IN BOOLEAN MODE)"
                           : "",
                    " AND (", k, " ", op, " %s OR (", k, " = %s AND t.id ", op,
                    " %s))", " ORDER BY ", k, " ", dir, ", t.id ", dir,
                    " LIMIT %s", NULL);
                dbd_prepare_fn(
                    s, sql,
                    hd_db_list_label(p, list_sorts[i].name, desc, search));
            }
        }
    }
}

const char *hd_db_list_label(apr_pool_t *p, const char *sort, int desc,
                             int search)
{
    return apr_pstrcat(p, "hd_list_", sort, desc ? "_desc" : "_asc",
                       search ? "_q" : "", NULL);
}

int hd_db_register(apr_pool_t *pconf, server_rec *s)
{
    server_rec *sp;
    unsigned i;

    dbd_prepare_fn = APR_RETRIEVE_OPTIONAL_FN(ap_dbd_prepare);
    dbd_acquire_fn = APR_RETRIEVE_OPTIONAL_FN(ap_dbd_acquire);
    if (!dbd_prepare_fn || !dbd_acquire_fn) {
        ap_log_error(
            APLOG_MARK, APLOG_CRIT, 0, s,
            HDLOG(00101) "mod_dbd is not loaded: add "
                         "'LoadModule dbd_module' and DBDriver/DBDParams");
        return HTTP_INTERNAL_SERVER_ERROR;
    }
    /* Every virtual host has its own copy of mod_dbd's query table; mod_dbd
     * reads it only when it opens a connection (child_init or later), so
     * post_config is early enough. */
    for (sp = s; sp; sp = sp->next) {
        for (i = 0; i < sizeof(statements) / sizeof(statements[0]); i++) {
            dbd_prepare_fn(sp, statements[i].sql, statements[i].label);
        }
        register_list_statements(pconf, sp);
    }
    return OK;
}

/* The request's connection, or NULL when the database is out of reach. */
static ap_dbd_t *acquire(hd_req *rq)
{
    ap_dbd_t *dbd = rq->db;
    int tries;

    /* ap_dbd_acquire remembers only a success, so asking again after a
     * NULL discards the next stale pooled connection or opens a fresh
     * one; the request pool gives the connection back. */
    for (tries = 0; !dbd && tries < rq->sconf->db_retries; tries++) {
        dbd = dbd_acquire_fn(rq->r);
    }
    if (!dbd) {
        ap_log_rerror(APLOG_MARK, APLOG_ERR, 0, rq->r,
                      HDLOG(00102) "no database connection after %d tries",
                      tries);
    }
    rq->db = dbd;
    return dbd;
}

/* Tell a lost connection (503) from a bad statement (500). */
static int query_failure(hd_req *rq, ap_dbd_t *dbd, const char *label, int rv)
{
    request_rec *r = rq->r;
    const char *msg = apr_dbd_error(dbd->driver, dbd->handle, rv);

    if (apr_dbd_check_conn(dbd->driver, r->pool, dbd->handle) != APR_SUCCESS) {
        ap_log_rerror(APLOG_MARK, APLOG_ERR, 0, r,
                      HDLOG(00103) "database lost during %s: %s", label,
                      msg ? msg : "");
        return HTTP_SERVICE_UNAVAILABLE;
    }
    ap_log_rerror(APLOG_MARK, APLOG_ERR, 0, r,
                  HDLOG(00104) "statement %s failed: %s", label,
                  msg ? msg : "");
    return HTTP_INTERNAL_SERVER_ERROR;
}

int hd_db_select(hd_req *rq, const char *label, hd_db_row_fn fn, void *baton,
                 int nargs, const char **args)
{
    request_rec *r = rq->r;
    ap_dbd_t *dbd = acquire(rq);
    apr_dbd_prepared_t *stmt;
    apr_dbd_results_t *res = NULL;
    apr_dbd_row_t *row = NULL;
    const char **cols;
    int rv, ncols, i, failed = 0;

    if (!dbd) {
        rq->error_message = "The ticket database cannot be reached.";
        return HTTP_SERVICE_UNAVAILABLE;
    }
    stmt = apr_hash_get(dbd->prepared, label, APR_HASH_KEY_STRING);
    if (!stmt) {
        ap_log_rerror(APLOG_MARK, APLOG_ERR, 0, r,
                      HDLOG(00105) "statement %s is not prepared", label);
        return HTTP_INTERNAL_SERVER_ERROR;
    }
    rv = apr_dbd_pselect(dbd->driver, r->pool, dbd->handle, &res, stmt, 0,
                         nargs, args);
    if (rv) {
        int status = query_failure(rq, dbd, label, rv);
        if (status == HTTP_SERVICE_UNAVAILABLE) {
            rq->error_message = "The ticket database cannot be reached.";
        }
        return status;
    }
    ncols = apr_dbd_num_cols(dbd->driver, res);
    cols = apr_pcalloc(r->pool, sizeof(char *) * (ncols + 1));
    /* Read to the end (-1) even after an error, or the row is not
     * cleaned up and the connection stays busy. */
    while ((rv = apr_dbd_get_row(dbd->driver, r->pool, res, &row, -1)) == 0) {
        if (failed) {
            continue;
        }
        for (i = 0; i < ncols; i++) {
            cols[i] = apr_dbd_get_entry(dbd->driver, row, i);
        }
        failed = fn(rq, baton, ncols, cols);
    }
    if (rv != -1) {
        return query_failure(rq, dbd, label, rv);
    }
    return failed ? HTTP_INTERNAL_SERVER_ERROR : OK;
}

static int keep_first_value(hd_req *rq, void *baton, int n, const char **c)
{
    const char **out = baton;
    if (!*out && n > 0 && c[0]) {
        *out = apr_pstrdup(rq->r->pool, c[0]);
    }
    return 0;
}

int hd_db_value(hd_req *rq, const char *label, int nargs, const char **args,
                const char **value)
{
    *value = NULL;
    return hd_db_select(rq, label, keep_first_value, value, nargs, args);
}

/* The prepared statement for label on the request's connection. */
static apr_dbd_prepared_t *statement(hd_req *rq, ap_dbd_t *dbd,
                                     const char *label)
{
    apr_dbd_prepared_t *stmt =
        apr_hash_get(dbd->prepared, label, APR_HASH_KEY_STRING);
    if (!stmt) {
        ap_log_rerror(APLOG_MARK, APLOG_ERR, 0, rq->r,
                      HDLOG(00106) "statement %s is not prepared", label);
    }
    return stmt;
}

int hd_db_exec(hd_req *rq, const char *label, int nargs, const char **args,
               int *nrows)
{
    ap_dbd_t *dbd = acquire(rq);
    apr_dbd_prepared_t *stmt;
    int rv, rows = 0;

    if (!dbd) {
        rq->error_message = "The ticket database cannot be reached.";
        return HTTP_SERVICE_UNAVAILABLE;
    }
    if (!(stmt = statement(rq, dbd, label))) {
        return HTTP_INTERNAL_SERVER_ERROR;
    }
    rv = apr_dbd_pquery(dbd->driver, rq->r->pool, dbd->handle, &rows, stmt,
                        nargs, args);
    if (nrows) {
        *nrows = rows;
    }
    if (rv == HD_DB_DUPLICATE_KEY) {
        return HTTP_CONFLICT; /* the caller decides what a repeat means */
    }
    if (rv) {
        int status = query_failure(rq, dbd, label, rv);
        if (status == HTTP_SERVICE_UNAVAILABLE) {
            rq->error_message = "The ticket database cannot be reached.";
        }
        return status;
    }
    return OK;
}

/* A transaction still open when the request ends is rolled back before
 * mod_dbd takes the connection back (cleanups run last-registered
 * first), so no half-done work leaks into the next request's use. */
static apr_status_t rollback_open_transaction(void *data)
{
    hd_req *rq = data;
    if (rq->db_trans) {
        hd_db_end(rq, 0);
    }
    return APR_SUCCESS;
}

int hd_db_begin(hd_req *rq)
{
    ap_dbd_t *dbd = acquire(rq);
    if (!dbd) {
        rq->error_message = "The ticket database cannot be reached.";
        return HTTP_SERVICE_UNAVAILABLE;
    }
    rq->db_trans = NULL;
    if (apr_dbd_transaction_start(dbd->driver, rq->r->pool, dbd->handle,
                                  (apr_dbd_transaction_t **)&rq->db_trans)) {
        return query_failure(rq, dbd, "BEGIN", 1);
    }
    apr_pool_cleanup_register(rq->r->pool, rq, rollback_open_transaction,
                              apr_pool_cleanup_null);
    return OK;
}

int hd_db_end(hd_req *rq, int commit)
{
    ap_dbd_t *dbd = rq->db;
    apr_dbd_transaction_t *t = rq->db_trans;

    if (!dbd || !t) {
        return HTTP_INTERNAL_SERVER_ERROR;
    }
    if (!commit) {
        apr_dbd_transaction_mode_set(dbd->driver, t,
                                     APR_DBD_TRANSACTION_ROLLBACK);
    }
    rq->db_trans = NULL;
    if (apr_dbd_transaction_end(dbd->driver, rq->r->pool, t)) {
        return query_failure(rq, dbd, "COMMIT", 1);
    }
    return OK;
}
