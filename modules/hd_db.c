/*
 * hd_db.c -- the one path through which every statement runs.
 *
 * Statements are declared beside the code that uses them and handed to
 * mod_dbd at start-up (ap_dbd_prepare), which prepares them once per
 * connection.  A context acquires its connection lazily: a request's
 * from the request's pool (ap_dbd_acquire), a background job's with
 * ap_dbd_open, released with the job's pool.
 *
 * Outcomes, not HTTP: MySQL's error numbers become hd_db_outcome here
 * and nowhere else.  Transactions are plain prepared statements (START
 * TRANSACTION / COMMIT / ROLLBACK) rather than apr_dbd's transaction
 * object, so that a failed COMMIT tells us why -- under Galera a write
 * conflict surfaces exactly there, as 1213, and is worth another try.
 *
 * Outages: mod_dbd checks a pooled connection before handing it out and
 * throws it away when the check fails (DBDParams must say reconnect=0,
 * or the client library would reconnect silently and lose the prepared
 * statements).  After the database comes back every pooled connection
 * is stale; rather than fail one request per stale connection, we ask
 * again up to reconnect_tries times.
 *
 * The function pointers below are set once in post_config, before any
 * thread exists, and only read afterwards.
 */
#include "mod_helpdesk.h"
#include "hd_db.h"
#include "apr_dbd.h"
#include "mod_dbd.h"
#include "apr_optional.h"

/* Transaction control, prepared like everything else. */
#define HD_SQL_BEGIN    "hd_begin"
#define HD_SQL_COMMIT   "hd_commit"
#define HD_SQL_ROLLBACK "hd_rollback"

static APR_OPTIONAL_FN_TYPE(ap_dbd_prepare) * dbd_prepare_fn;
static APR_OPTIONAL_FN_TYPE(ap_dbd_acquire) * dbd_acquire_fn;
static APR_OPTIONAL_FN_TYPE(ap_dbd_open) * dbd_open_fn;
static APR_OPTIONAL_FN_TYPE(ap_dbd_close) * dbd_close_fn;

struct hd_db {
    apr_pool_t *pool;
    request_rec *r; /* NULL outside a request */
    server_rec *s;
    const hd_db_settings *set;
    ap_dbd_t *dbd;
    int in_transaction;
    int cleanup_registered;
    const char *failed_label;
};

struct hd_db_row {
    hd_db *db;
    int ncols;
    const char **names;
    const char **values;
    int bad; /* a column asked for by a name the SELECT lacks */
};

/* ------------------------------------------------------------------ */
/* Registration                                                        */
/* ------------------------------------------------------------------ */

/* The statement as mod_dbd gets it: with the time limit, so a runaway
 * query stops on the server, not only in the client's patience. */
static const char *limited(apr_pool_t *p, const hd_db_settings *set,
                           const char *sql)
{
    if (set->statement_timeout <= 0) {
        return sql;
    }
    return apr_psprintf(p, "SET STATEMENT max_statement_time=%d.%03d FOR %s",
                        set->statement_timeout / 1000,
                        set->statement_timeout % 1000, sql);
}

int hd_db_register(apr_pool_t *pconf, server_rec *s, const hd_db_settings *set,
                   const hd_db_statements *groups, int ngroups)
{
    int g, i;

    dbd_prepare_fn = APR_RETRIEVE_OPTIONAL_FN(ap_dbd_prepare);
    dbd_acquire_fn = APR_RETRIEVE_OPTIONAL_FN(ap_dbd_acquire);
    dbd_open_fn = APR_RETRIEVE_OPTIONAL_FN(ap_dbd_open);
    dbd_close_fn = APR_RETRIEVE_OPTIONAL_FN(ap_dbd_close);
    if (!dbd_prepare_fn || !dbd_acquire_fn || !dbd_open_fn || !dbd_close_fn) {
        ap_log_error(
            APLOG_MARK, APLOG_CRIT, 0, s,
            HDLOG(00101) "mod_dbd is not loaded: add "
                         "'LoadModule dbd_module' and DBDriver/DBDParams");
        return HTTP_INTERNAL_SERVER_ERROR;
    }
    dbd_prepare_fn(s, "START TRANSACTION", HD_SQL_BEGIN);
    dbd_prepare_fn(s, "COMMIT", HD_SQL_COMMIT);
    dbd_prepare_fn(s, "ROLLBACK", HD_SQL_ROLLBACK);
    for (g = 0; g < ngroups; g++) {
        for (i = 0; i < groups[g].count; i++) {
            const hd_db_statement *st = &groups[g].list[i];
            dbd_prepare_fn(s, limited(pconf, set, st->sql), st->label);
        }
    }
    return OK;
}

/* ------------------------------------------------------------------ */
/* Contexts and connections                                            */
/* ------------------------------------------------------------------ */

hd_db *hd_db_for_request(request_rec *r, const hd_db_settings *set)
{
    hd_db *db = apr_pcalloc(r->pool, sizeof(*db));
    db->pool = r->pool;
    db->r = r;
    db->s = r->server;
    db->set = set;
    return db;
}

hd_db *hd_db_for_server(apr_pool_t *p, server_rec *s, const hd_db_settings *set)
{
    hd_db *db = apr_pcalloc(p, sizeof(*db));
    db->pool = p;
    db->s = s;
    db->set = set;
    return db;
}

static void log_db(const hd_db *db, int level, const char *msg)
{
    if (db->r) {
        ap_log_rerror(APLOG_MARK, level, 0, db->r, "%s", msg);
    }
    else {
        ap_log_error(APLOG_MARK, level, 0, db->s, "%s", msg);
    }
}

/* A transaction still open when its pool goes is rolled back before
 * mod_dbd takes the connection back (cleanups run last-registered
 * first), so no half-done work leaks into the connection's next use. */
static apr_status_t end_open_transaction(void *data)
{
    hd_db *db = data;
    if (db->in_transaction && db->dbd) {
        hd_db_exec(db, HD_SQL_ROLLBACK, 0, NULL, NULL);
        db->in_transaction = 0;
    }
    return APR_SUCCESS;
}

static apr_status_t close_connection(void *data)
{
    hd_db *db = data;
    if (db->dbd) {
        dbd_close_fn(db->s, db->dbd);
        db->dbd = NULL;
    }
    return APR_SUCCESS;
}

/* The context's connection, or NULL (logged) when the database is out
 * of reach.  ap_dbd_acquire remembers only a success, so asking again
 * after a NULL discards the next stale pooled connection or opens a
 * fresh one. */
static ap_dbd_t *connection(hd_db *db)
{
    int tries;

    if (db->dbd) {
        return db->dbd;
    }
    for (tries = 0; !db->dbd && tries < db->set->reconnect_tries; tries++) {
        db->dbd = db->r ? dbd_acquire_fn(db->r) : dbd_open_fn(db->pool, db->s);
    }
    if (!db->dbd) {
        log_db(db, APLOG_ERR,
               apr_psprintf(db->pool,
                            HDLOG(00102) "no database connection after %d "
                                         "tries",
                            tries));
        return NULL;
    }
    if (!db->r) {
        apr_pool_cleanup_register(db->pool, db, close_connection,
                                  apr_pool_cleanup_null);
    }
    return db->dbd;
}

hd_db *hd_db_scoped(hd_db *db, apr_pool_t *p)
{
    hd_db *copy;

    if (db->in_transaction || !connection(db)) {
        return NULL;
    }
    copy = apr_pmemdup(p, db, sizeof(*db));
    copy->pool = p;
    copy->cleanup_registered = 1; /* never a transaction of its own */
    return copy;
}

static apr_dbd_prepared_t *statement(hd_db *db, const char *label)
{
    apr_dbd_prepared_t *st =
        apr_hash_get(db->dbd->prepared, label, APR_HASH_KEY_STRING);
    if (!st) {
        log_db(db, APLOG_ERR,
               apr_psprintf(db->pool,
                            HDLOG(00105) "statement %s is not prepared",
                            label));
    }
    return st;
}

/* The statement label on the context's connection, or NULL with *o
 * saying why (no connection, or a label nobody registered). */
static apr_dbd_prepared_t *prepared(hd_db *db, const char *label,
                                    hd_db_outcome *o)
{
    apr_dbd_prepared_t *st = NULL;

    *o = HD_DB_UNAVAILABLE;
    if (connection(db)) {
        *o = HD_DB_FAILED;
        st = statement(db, label);
    }
    if (!st) {
        db->failed_label = label;
    }
    return st;
}

/* The outcome of error rv of statement label, logged. */
static hd_db_outcome failure(hd_db *db, const char *label, int rv)
{
    const char *msg = apr_dbd_error(db->dbd->driver, db->dbd->handle, rv);
    int lost = apr_dbd_check_conn(db->dbd->driver, db->pool, db->dbd->handle) !=
               APR_SUCCESS;
    hd_db_outcome o = hd_db_outcome_of(rv, lost);

    db->failed_label = label;
    if (o == HD_DB_DUPLICATE) {
        return o; /* the caller decides what a repeat means */
    }
    log_db(db, o == HD_DB_CONFLICT ? APLOG_WARNING : APLOG_ERR,
           apr_psprintf(db->pool,
                        HDLOG(00103) "statement %s: %s (error %d): %s", label,
                        hd_db_outcome_name(o), rv, msg ? msg : ""));
    return o;
}

/* ------------------------------------------------------------------ */
/* Statements                                                          */
/* ------------------------------------------------------------------ */

const char *hd_db_col(const hd_db_row *row, const char *name)
{
    int i;
    for (i = 0; i < row->ncols; i++) {
        if (row->names[i] && !strcmp(row->names[i], name)) {
            return row->values[i];
        }
    }
    if (!row->bad) {
        log_db(row->db, APLOG_ERR,
               apr_psprintf(row->db->pool,
                            HDLOG(00106) "no column %s in the result of %s",
                            name, row->db->failed_label));
    }
    ((hd_db_row *)row)->bad = 1;
    return NULL;
}

const char *hd_db_text(const hd_db_row *row, const char *name)
{
    const char *v = hd_db_col(row, name);
    return v ? v : "";
}

apr_pool_t *hd_db_row_pool(const hd_db_row *row)
{
    return row->db->pool;
}

hd_db_outcome hd_db_select(hd_db *db, const char *label, hd_db_row_fn fn,
                           void *baton, int nargs, const char **args)
{
    apr_dbd_prepared_t *st;
    apr_dbd_results_t *res = NULL;
    apr_dbd_row_t *r = NULL;
    hd_db_row row;
    hd_db_outcome o;
    int rv, i, stop = 0;

    if (!(st = prepared(db, label, &o))) {
        return o;
    }
    rv = apr_dbd_pselect(db->dbd->driver, db->pool, db->dbd->handle, &res, st,
                         0, nargs, args);
    if (rv) {
        return failure(db, label, rv);
    }
    memset(&row, 0, sizeof(row));
    row.db = db;
    row.ncols = apr_dbd_num_cols(db->dbd->driver, res);
    row.names = apr_pcalloc(db->pool, sizeof(char *) * (row.ncols + 1));
    row.values = apr_pcalloc(db->pool, sizeof(char *) * (row.ncols + 1));
    for (i = 0; i < row.ncols; i++) {
        row.names[i] = apr_dbd_get_name(db->dbd->driver, res, i);
    }
    db->failed_label = label; /* names the statement in hd_db_col's log */
    /* Read to the end (-1) even after an error, or the result is not
     * cleaned up and the connection stays busy. */
    while ((rv = apr_dbd_get_row(db->dbd->driver, db->pool, res, &r, -1)) ==
           0) {
        if (stop || row.bad) {
            continue;
        }
        for (i = 0; i < row.ncols; i++) {
            row.values[i] = apr_dbd_get_entry(db->dbd->driver, r, i);
        }
        stop = fn(baton, &row);
    }
    if (rv != -1) {
        return failure(db, label, rv);
    }
    db->failed_label = NULL;
    if (stop || row.bad) {
        db->failed_label = label;
        return HD_DB_FAILED;
    }
    return HD_DB_OK;
}

hd_db_outcome hd_db_select_sql(hd_db *db, const char *label, const char *sql,
                               hd_db_row_fn fn, void *baton, int nargs,
                               const char **args)
{
    apr_dbd_prepared_t *st = NULL;
    const char *key;
    int rv;

    if (!connection(db)) {
        db->failed_label = label;
        return HD_DB_UNAVAILABLE;
    }
    if (!apr_hash_get(db->dbd->prepared, label, APR_HASH_KEY_STRING)) {
        /* The connection's own pool: the statement lives as long as the
         * connection, and only this request uses the connection now. */
        key = apr_pstrdup(db->dbd->pool, label);
        rv = apr_dbd_prepare(db->dbd->driver, db->dbd->pool, db->dbd->handle,
                             limited(db->dbd->pool, db->set, sql), key, &st);
        if (rv) {
            return failure(db, label, rv);
        }
        apr_hash_set(db->dbd->prepared, key, APR_HASH_KEY_STRING, st);
    }
    return hd_db_select(db, label, fn, baton, nargs, args);
}

static int keep_first_value(void *baton, const hd_db_row *row)
{
    const char **out = baton;
    if (!*out && row->ncols > 0 && row->values[0]) {
        *out = apr_pstrdup(row->db->pool, row->values[0]);
    }
    return 0;
}

hd_db_outcome hd_db_value(hd_db *db, const char *label, int nargs,
                          const char **args, const char **value)
{
    *value = NULL;
    return hd_db_select(db, label, keep_first_value, value, nargs, args);
}

hd_db_outcome hd_db_exec(hd_db *db, const char *label, int nargs,
                         const char **args, int *nrows)
{
    apr_dbd_prepared_t *st;
    hd_db_outcome o;
    int rv, rows = 0;

    if (nrows) {
        *nrows = 0;
    }
    if (!(st = prepared(db, label, &o))) {
        return o;
    }
    rv = apr_dbd_pquery(db->dbd->driver, db->pool, db->dbd->handle, &rows, st,
                        nargs, args);
    if (nrows) {
        *nrows = rows;
    }
    return rv ? failure(db, label, rv) : HD_DB_OK;
}

/* ------------------------------------------------------------------ */
/* Transactions                                                        */
/* ------------------------------------------------------------------ */

typedef struct {
    hd_db *db;
    hd_db_work_fn work;
    void *baton;
} attempt_state;

static hd_db_outcome attempt_once(void *baton)
{
    attempt_state *a = baton;
    hd_db *db = a->db;
    hd_db_outcome o = hd_db_exec(db, HD_SQL_BEGIN, 0, NULL, NULL);

    if (o != HD_DB_OK) {
        return o;
    }
    db->in_transaction = 1;
    if (!db->cleanup_registered) {
        apr_pool_cleanup_register(db->pool, db, end_open_transaction,
                                  apr_pool_cleanup_null);
        db->cleanup_registered = 1;
    }
    o = a->work(db, a->baton);
    if (o == HD_DB_OK) {
        /* The only acknowledgement that counts. */
        o = hd_db_exec(db, HD_SQL_COMMIT, 0, NULL, NULL);
        if (o == HD_DB_OK) {
            db->in_transaction = 0;
            return o;
        }
    }
    /* A failed COMMIT may have rolled back already; ROLLBACK then is a
     * harmless no-op, and on a lost connection it fails quietly. */
    if (o != HD_DB_UNAVAILABLE) {
        hd_db_exec(db, HD_SQL_ROLLBACK, 0, NULL, NULL);
    }
    db->in_transaction = 0;
    if (o == HD_DB_CONFLICT) {
        log_db(db, APLOG_INFO,
               apr_psprintf(db->pool,
                            HDLOG(00107) "write conflict at %s: running the "
                                         "transaction again",
                            db->failed_label ? db->failed_label : "?"));
    }
    return o;
}

typedef struct {
    hd_db *db;
    const char *label;
    int nargs;
    const char **args;
    int *nrows;
} exec_state;

static hd_db_outcome exec_once(void *baton)
{
    exec_state *e = baton;
    return hd_db_exec(e->db, e->label, e->nargs, e->args, e->nrows);
}

hd_db_outcome hd_db_exec_retried(hd_db *db, const char *label, int nargs,
                                 const char **args, int *nrows)
{
    exec_state e = {db, label, nargs, args, nrows};
    int runs = 0;
    return hd_db_retry(exec_once, &e, db->set->conflict_retries, &runs);
}

hd_db_outcome hd_db_transact(hd_db *db, hd_db_work_fn work, void *baton)
{
    attempt_state a = {db, work, baton};
    int runs = 0;
    hd_db_outcome o =
        hd_db_retry(attempt_once, &a, db->set->conflict_retries, &runs);

    if (o == HD_DB_CONFLICT) {
        log_db(db, APLOG_ERR,
               apr_psprintf(db->pool,
                            HDLOG(00108) "write conflict at %s after %d "
                                         "runs: giving up",
                            db->failed_label ? db->failed_label : "?", runs));
    }
    return o;
}

server_rec *hd_db_server(const hd_db *db)
{
    return db->s;
}

apr_pool_t *hd_db_pool(const hd_db *db)
{
    return db->pool;
}

const char *hd_db_failed_label(const hd_db *db)
{
    return db->failed_label;
}
