/*
 * hd_db.h -- the database core: connections, prepared statements by
 * label, rows read by column name, transactions that check COMMIT and
 * retry on a write conflict.
 *
 * Nothing here knows about HTTP.  A request holds a context made with
 * hd_db_for_request(), a background job one made with hd_db_for_server();
 * every call answers a domain outcome, which the page layer turns into a
 * status (hd_page_db_status) and a job into a log line.
 */
#ifndef HD_DB_H
#define HD_DB_H

#include "httpd.h"
#include "apr_pools.h"

/* What became of a statement or a transaction. */
typedef enum {
    HD_DB_OK = 0,
    HD_DB_DUPLICATE,   /* a UNIQUE key refused the row (1062) */
    HD_DB_CONFLICT,    /* deadlock, lock wait, Galera certification (1213,
                        * 1205): try the whole transaction again */
    HD_DB_TIMEOUT,     /* HelpdeskDBStatementTimeout tripped (1969) */
    HD_DB_UNAVAILABLE, /* no connection, or it was lost */
    HD_DB_FAILED       /* anything else: a bug or a broken schema */
} hd_db_outcome;

/* A statement as declared beside the code that uses it. */
typedef struct {
    const char *label; /* "ticket_get": unique across the module */
    const char *sql;   /* %s placeholders only (apr_dbd_prepare) */
} hd_db_statement;

/* A group of statements, registered together (see hd_db_register). */
typedef struct {
    const hd_db_statement *list;
    int count;
} hd_db_statements;
#define HD_DB_STATEMENTS(a)                    \
    {                                          \
        (a), (int)(sizeof(a) / sizeof((a)[0])) \
    }

typedef struct hd_db hd_db;
typedef struct hd_db_row hd_db_row;

/* The settings the core needs (HelpdeskDB* directives). */
typedef struct {
    int reconnect_tries;   /* stale pooled connections replaced per use */
    int conflict_retries;  /* transaction re-runs after HD_DB_CONFLICT */
    int statement_timeout; /* milliseconds per statement, 0: no limit */
} hd_db_settings;

/* Hand every statement group to mod_dbd for server s (post_config, once
 * per server: each has its own copy of mod_dbd's table), each wrapped in
 * the statement time limit.  OK, or an error after logging (mod_dbd not
 * loaded). */
int hd_db_register(apr_pool_t *pconf, server_rec *s,
                   const hd_db_settings *settings,
                   const hd_db_statements *groups, int ngroups);

/* A context on the request's pooled connection, acquired on first use
 * and given back when the request ends (an open transaction is rolled
 * back first). */
hd_db *hd_db_for_request(request_rec *r, const hd_db_settings *settings);
/* A context for work outside any request (a background job): its own
 * connection from mod_dbd, released when p is cleared. */
hd_db *hd_db_for_server(apr_pool_t *p, server_rec *s,
                        const hd_db_settings *settings);

/* The same connection, allocating in p instead (a scratch pool cleared
 * between statements): a request that runs hundreds of statements over
 * big rows -- an attachment streamed in or out -- keeps its memory flat.
 * Only for single statements outside a transaction; NULL when there is
 * no connection or a transaction is open. */
hd_db *hd_db_scoped(hd_db *db, apr_pool_t *p);

/* Called once per row; return non-zero to stop keeping rows (the rest
 * are still read, so the connection stays usable) and fail with
 * HD_DB_FAILED. */
typedef int (*hd_db_row_fn)(void *baton, const hd_db_row *row);

/* Run a prepared SELECT by label. */
hd_db_outcome hd_db_select(hd_db *db, const char *label, hd_db_row_fn fn,
                           void *baton, int nargs, const char **args);
/* The first column of the first row (a copy in the context's pool), or
 * *value NULL when there is no row. */
hd_db_outcome hd_db_value(hd_db *db, const char *label, int nargs,
                          const char **args, const char **value);
/* Run a prepared INSERT/UPDATE/DELETE; *nrows (may be NULL) gets the
 * rows changed. */
hd_db_outcome hd_db_exec(hd_db *db, const char *label, int nargs,
                         const char **args, int *nrows);
/* The same for one autocommit statement that is its own transaction:
 * run again on a write conflict, like hd_db_transact. */
hd_db_outcome hd_db_exec_retried(hd_db *db, const char *label, int nargs,
                                 const char **args, int *nrows);

/* A column of the row by name (the SELECT's column or alias), NULL for
 * SQL NULL.  The string lives until the next row: copy what you keep.
 * A name the SELECT does not have is a programming error: logged, NULL,
 * and the statement ends HD_DB_FAILED. */
const char *hd_db_col(const hd_db_row *row, const char *name);
/* A SELECT generated at run time from a few fixed shapes (the ticket
 * lists): prepared on this connection the first time its label is seen,
 * reused after that like any registered statement. */
hd_db_outcome hd_db_select_sql(hd_db *db, const char *label, const char *sql,
                               hd_db_row_fn fn, void *baton, int nargs,
                               const char **args);

/* Like hd_db_col, "" for SQL NULL. */
const char *hd_db_text(const hd_db_row *row, const char *name);
/* The pool rows may copy into: the request's, or the job's. */
apr_pool_t *hd_db_row_pool(const hd_db_row *row);

/* One unit of work inside a transaction; it may run more than once, so
 * it must only talk to the database (collect results in baton, build
 * pages afterwards). */
typedef hd_db_outcome (*hd_db_work_fn)(hd_db *db, void *baton);

/* START TRANSACTION, work, COMMIT -- and only a COMMIT that succeeded
 * is HD_DB_OK.  Whatever else happens the transaction is rolled back;
 * on HD_DB_CONFLICT the whole of it runs again, up to the configured
 * number of times, then HD_DB_CONFLICT is returned. */
hd_db_outcome hd_db_transact(hd_db *db, hd_db_work_fn work, void *baton);

/* The pool the context lives in (the request's, or the job's). */
apr_pool_t *hd_db_pool(const hd_db *db);
/* The server whose database this is (its configuration). */
server_rec *hd_db_server(const hd_db *db);
/* The label of the statement that failed last, for log lines. */
const char *hd_db_failed_label(const hd_db *db);
/* "ok", "duplicate", "conflict", ... */
const char *hd_db_outcome_name(hd_db_outcome o);

/* Pure parts, unit-tested. */
/* The outcome of a MySQL/MariaDB error number; lost says whether the
 * connection is gone. */
hd_db_outcome hd_db_outcome_of(int mysql_errno, int lost);
/* Run attempt until it is not HD_DB_CONFLICT, at most 1 + retries times;
 * *runs gets how many times it ran. */
hd_db_outcome hd_db_retry(hd_db_outcome (*attempt)(void *baton), void *baton,
                          int retries, int *runs);

#endif /* HD_DB_H */
