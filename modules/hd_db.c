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

/* %s placeholders only; see apr_dbd_prepare.  No '%' elsewhere in SQL. */
static const hd_statement statements[] = {
    {"hd_services_list",
     "SELECT id, code, name, status, status_note, updated_at "
     "FROM services WHERE active = 1 ORDER BY sort_order, name"},
};

static APR_OPTIONAL_FN_TYPE(ap_dbd_prepare) *dbd_prepare_fn;
static APR_OPTIONAL_FN_TYPE(ap_dbd_acquire) *dbd_acquire_fn;

int hd_db_register(apr_pool_t *pconf, server_rec *s)
{
    server_rec *sp;
    unsigned i;
    (void)pconf;

    dbd_prepare_fn = APR_RETRIEVE_OPTIONAL_FN(ap_dbd_prepare);
    dbd_acquire_fn = APR_RETRIEVE_OPTIONAL_FN(ap_dbd_acquire);
    if (!dbd_prepare_fn || !dbd_acquire_fn) {
        ap_log_error(APLOG_MARK, APLOG_CRIT, 0, s,
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
static int query_failure(hd_req *rq, ap_dbd_t *dbd, const char *label,
                         int rv)
{
    request_rec *r = rq->r;
    const char *msg = apr_dbd_error(dbd->driver, dbd->handle, rv);

    if (apr_dbd_check_conn(dbd->driver, r->pool, dbd->handle)
        != APR_SUCCESS) {
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

int hd_db_select(hd_req *rq, const char *label, hd_db_row_fn fn,
                 void *baton, int nargs, const char **args)
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
    while ((rv = apr_dbd_get_row(dbd->driver, r->pool, res, &row, -1))
           == 0) {
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
