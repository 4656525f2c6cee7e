/*
 * hd_autoclose.c -- the job 'auto-close' (see hd_autoclose.h): tickets
 * Pending Closure for HelpdeskAutoCloseAfter seconds are closed by the
 * system, with an activity entry, once each.
 *
 * Once, on several Apache nodes and several database nodes.  The runner's
 * lease (hd_jobs.c) lets one process at a time run the job, but a lease
 * can run out while its holder is still working, and under Galera two
 * nodes may briefly both believe they hold it; so the work itself is
 * idempotent rather than trusting the lease.  Each ticket is closed by
 * one UPDATE that changes the row only while the ticket is still in the
 * status it was found in and has been there long enough (status_since,
 * kept by a trigger: sql/008_auto_close.sql), and the activity entry is
 * written only when that UPDATE changed a row, in the same transaction.
 * Two processes closing the same ticket are serialised on its row lock
 * (one node) or by certification (Galera: the loser's COMMIT fails with
 * 1213 and hd_db_transact runs it again, when the UPDATE then changes
 * nothing).  A requester or agent moving the ticket meanwhile wins the
 * same way: the UPDATE no longer matches.  Neither a MariaDB event (under
 * Galera it runs only on the node that created it) nor GET_LOCK (per
 * node under Galera) would give this.
 *
 * The workflow is data: which statuses close by themselves and into what
 * is read from ticket_transitions (actor 'system', action 'auto_close'),
 * as for every other move.
 *
 * Cost: every look of the runner reads the few 'auto_close' rows of
 * ticket_transitions and, per status found, one range of the index
 * (status, status_since) that holds only due tickets: nothing due,
 * nothing else read.  A backlog (the job was off, or the period
 * was shortened) is worked off in batches, each ticket its own short
 * transaction, for at most half a lease per run; the rest waits for the
 * next look.
 */
#include "mod_helpdesk.h"
#include "hd_config.h"
#include "hd_autoclose.h"

/* Tickets read per SELECT. */
#define HD_AUTOCLOSE_BATCH "20"
/* Who the activity entry is by. */
#define HD_AUTOCLOSE_LOGIN "system"
#define HD_AUTOCLOSE_NAME  "Service desk (automatic)"

/* ------------------------------------------------------------------ */
/* SQL                                                                 */
/* ------------------------------------------------------------------ */

/* The statuses the workflow closes by itself, and their names: read
 * each run, so a change to ticket_transitions needs no restart. */
#define HD_SQL_AUTOCLOSE_FROM                                  \
    "SELECT tr.from_status AS status, fs.name AS status_name " \
    "FROM ticket_transitions tr "                              \
    "JOIN ticket_statuses fs ON fs.code = tr.from_status "     \
    "WHERE tr.actor = 'system' AND tr.action = 'auto_close'"

/* Due tickets of one of those statuses: status, seconds.  One range of
 * the index (status, status_since) that holds only due tickets (a join
 * from ticket_transitions would read every ticket of the status), read
 * without locks: a ticket moved meanwhile is caught by the UPDATE. */
#define HD_SQL_AUTOCLOSE_DUE                    \
    "SELECT id FROM tickets WHERE status = %s " \
    "AND status_since <= NOW() - INTERVAL %s SECOND LIMIT " HD_AUTOCLOSE_BATCH

/* The close: id, the status it was found in, seconds.  Changes the row
 * only if the ticket is still there and has been long enough, along the
 * workflow's system transition; the trigger restarts status_since. */
#define HD_SQL_AUTOCLOSE_CLOSE                                         \
    "UPDATE tickets t JOIN ticket_transitions tr "                     \
    "ON tr.from_status = t.status AND tr.actor = 'system' "            \
    "AND tr.action = 'auto_close' "                                    \
    "JOIN ticket_statuses ns ON ns.code = tr.to_status "               \
    "SET t.status = tr.to_status, t.status_rank = ns.sort_order, "     \
    "t.status_reason = '', t.updated_at = NOW(), "                     \
    "t.closed_at = IF(ns.category IN ('closed', 'cancelled'), NOW(), " \
    "NULL) "                                                           \
    "WHERE t.id = %s AND t.status = %s "                               \
    "AND t.status_since <= NOW() - INTERVAL %s SECOND"

/* The entry, after the close changed the row: login, name, body, old
 * status, id.  new_status is read from the row this transaction has
 * just written (and still locks). */
#define HD_SQL_AUTOCLOSE_ACTIVITY                                     \
    "INSERT INTO ticket_activity (ticket_id, kind, author_login, "    \
    "author_name, body, old_status, new_status) "                     \
    "SELECT t.id, 'status', %s, %s, %s, %s, t.status FROM tickets t " \
    "WHERE t.id = %s"

static const hd_db_statement statements[] = {
    {"autoclose_from", HD_SQL_AUTOCLOSE_FROM},
    {"autoclose_due", HD_SQL_AUTOCLOSE_DUE},
    {"autoclose_close", HD_SQL_AUTOCLOSE_CLOSE},
    {"autoclose_activity", HD_SQL_AUTOCLOSE_ACTIVITY},
};

const hd_db_statements hd_autoclose_statements = HD_DB_STATEMENTS(statements);

/* ------------------------------------------------------------------ */
/* Words                                                               */
/* ------------------------------------------------------------------ */

const char *hd_autoclose_period(apr_pool_t *p, int seconds)
{
    static const struct {
        int seconds;
        const char *one, *many;
    } units[] = {{86400, "day", "days"},
                 {3600, "hour", "hours"},
                 {60, "minute", "minutes"},
                 {1, "second", "seconds"}};
    unsigned i;

    for (i = 0; i < sizeof(units) / sizeof(units[0]) - 1; i++) {
        if (seconds >= units[i].seconds && seconds % units[i].seconds == 0) {
            break;
        }
    }
    seconds /= units[i].seconds;
    return apr_psprintf(p, "%d %s", seconds,
                        seconds == 1 ? units[i].one : units[i].many);
}

/* ------------------------------------------------------------------ */
/* The job                                                             */
/* ------------------------------------------------------------------ */

/* A status the workflow closes by itself. */
typedef struct {
    const char *status, *name;
} from_status;

static int keep_from(void *baton, const hd_db_row *row)
{
    apr_array_header_t *from = baton;
    from_status *f = &APR_ARRAY_PUSH(from, from_status);

    f->status = apr_pstrdup(from->pool, hd_db_text(row, "status"));
    f->name = apr_pstrdup(from->pool, hd_db_text(row, "status_name"));
    return 0;
}

static int keep_due(void *baton, const hd_db_row *row)
{
    apr_array_header_t *due = baton;
    APR_ARRAY_PUSH(due, const char *) =
        apr_pstrdup(due->pool, hd_db_text(row, "id"));
    return 0;
}

typedef struct {
    const char *id, *status, *after, *body;
    int closed; /* this run of the work changed the ticket */
} close_state;

/* One ticket, one transaction; may run again after a conflict, and then
 * finds the ticket closed by whoever won and does nothing. */
static hd_db_outcome close_work(hd_db *db, void *baton)
{
    close_state *c = baton;
    const char *cond[] = {c->id, c->status, c->after};
    const char *entry[] = {HD_AUTOCLOSE_LOGIN, HD_AUTOCLOSE_NAME, c->body,
                           c->status, c->id};
    int rows = 0;
    hd_db_outcome o = hd_db_exec(db, "autoclose_close", 3, cond, &rows);

    c->closed = 0;
    if (o != HD_DB_OK || rows != 1) {
        return o; /* moved, or closed by another process, meanwhile */
    }
    o = hd_db_exec(db, "autoclose_activity", 5, entry, &rows);
    if (o == HD_DB_OK && rows != 1) {
        o = HD_DB_FAILED;
    }
    c->closed = o == HD_DB_OK;
    return o;
}

/* Close the due tickets of status f, a batch at a time, until none is
 * left or *deadline passes.  HD_DB_OK, or the worst outcome met (after
 * logging it); HD_DB_UNAVAILABLE ends the run at once. */
static hd_db_outcome close_status(hd_db *db, apr_pool_t *p, server_rec *s,
                                  const from_status *f, const char *after,
                                  const char *period, apr_time_t deadline)
{
    const char *body = apr_psprintf(p,
                                    "Closed automatically after %s in %s. "
                                    "Add a comment to reopen it.",
                                    period, f->name);
    const char *args[] = {f->status, after};
    hd_db_outcome worst = HD_DB_OK;
    apr_pool_t *bp;

    apr_pool_create(&bp, p);
    for (;;) {
        apr_array_header_t *due = apr_array_make(bp, 20, sizeof(const char *));
        hd_db_outcome o;
        int i, closed = 0;

        o = hd_db_select(db, "autoclose_due", keep_due, due, 2, args);
        if (o != HD_DB_OK) {
            worst = o;
            break;
        }
        for (i = 0; i < due->nelts && o != HD_DB_UNAVAILABLE; i++) {
            close_state c = {APR_ARRAY_IDX(due, i, const char *), f->status,
                             after, body, 0};
            o = hd_db_transact(db, close_work, &c);
            if (o == HD_DB_OK && c.closed) {
                closed++;
                ap_log_error(APLOG_MARK, APLOG_INFO, 0, s,
                             HDLOG(01401) "auto-close: HD-%s closed after "
                                          "%s in %s",
                             c.id, period, f->status);
            }
            else if (o != HD_DB_OK) {
                ap_log_error(APLOG_MARK, APLOG_WARNING, 0, s,
                             HDLOG(01402) "auto-close: HD-%s not closed "
                                          "(%s at %s); trying again next "
                                          "time",
                             c.id, hd_db_outcome_name(o),
                             hd_db_failed_label(db) ? hd_db_failed_label(db)
                                                    : "-");
                worst = o;
            }
        }
        /* Done: nothing more due, the database went away, nothing in this
         * batch could be closed (reading it again would find the same),
         * or the run's time is spent. */
        if (o == HD_DB_UNAVAILABLE || due->nelts < atoi(HD_AUTOCLOSE_BATCH) ||
            !closed || apr_time_now() > deadline) {
            if (o == HD_DB_UNAVAILABLE) {
                worst = o;
            }
            break;
        }
        apr_pool_clear(bp);
    }
    apr_pool_destroy(bp);
    return worst;
}

hd_db_outcome hd_autoclose_run(hd_db *db, apr_pool_t *p, server_rec *s)
{
    const hd_server_conf *sc =
        ap_get_module_config(s->module_config, &helpdesk_module);
    const char *after = apr_itoa(p, sc->auto_close_after);
    const char *period = hd_autoclose_period(p, sc->auto_close_after);
    /* Half a lease: the run ends while its lease still keeps others off. */
    apr_time_t deadline =
        apr_time_now() + apr_time_from_sec(sc->jobs.lease) / 2;
    apr_array_header_t *from = apr_array_make(p, 2, sizeof(from_status));
    hd_db_outcome o, worst = HD_DB_OK;
    int i;

    o = hd_db_select(db, "autoclose_from", keep_from, from, 0, NULL);
    if (o != HD_DB_OK) {
        return o;
    }
    for (i = 0; i < from->nelts && apr_time_now() <= deadline; i++) {
        o = close_status(db, p, s, &APR_ARRAY_IDX(from, i, from_status), after,
                         period, deadline);
        if (o == HD_DB_UNAVAILABLE) {
            return o;
        }
        if (o != HD_DB_OK) {
            worst = o;
        }
    }
    return worst;
}
