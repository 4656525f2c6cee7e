/*
 * hd_clock.c -- a ticket's service clocks from its history (hd_clock.h).
 *
 * The history is the truth: the clock starts when the ticket was logged,
 * pauses from each move into a pending-category status until the move
 * out of it, stops at a move to closed or cancelled (and runs on after a
 * reopen); the first response is the first public reply or status move
 * by someone other than the ticket's own people.  Computed when a page
 * asks, so a change of calendar or targets applies to every ticket at
 * once.
 */
#include "mod_helpdesk.h"
#include "hd_config.h"
#include "hd_clock.h"

#define HD_SQL_CLOCK_HOURS   "hd_clock_hours"
#define HD_SQL_CLOCK_INPUTS  "hd_clock_inputs"
#define HD_SQL_CLOCK_TARGETS "hd_clock_targets"
#define HD_SQL_CLOCK_HISTORY "hd_clock_history"
#define HD_SQL_CLOCK_TICKET  "hd_clock_ticket"
#define HD_SQL_CLOCK_STORE   "hd_clock_store"
#define HD_SQL_CLOCK_STALE   "hd_clock_stale"

/* Clocks the job stores per SELECT. */
#define HD_CLOCK_BATCH "50"

static const hd_db_statement statements[] = {
    /* The calendar in one statement: a row per working day (weekday,
     * minutes after midnight) and per holiday (YYYYMMDD as a number, the
     * way hd_sla.h wants them), holidays in order. */
    {HD_SQL_CLOCK_HOURS,
     "SELECT 'hours' AS what, weekday AS n, "
     "TIME_TO_SEC(opens) DIV 60 AS opens, TIME_TO_SEC(closes) DIV 60 AS "
     "closes FROM business_hours WHERE opens IS NOT NULL AND closes IS NOT "
     "NULL UNION ALL SELECT 'holiday', YEAR(day) * 10000 + MONTH(day) * 100 "
     "+ DAYOFMONTH(day), 0, 0 FROM holidays ORDER BY what, n"},
    /* Inside the change that moved the clock (it holds the row's lock
     * already): the ticket's people and its priority's targets. */
    {HD_SQL_CLOCK_INPUTS,
     "SELECT t.requester_login, t.logged_by_login, p.response_minutes, "
     "p.resolution_minutes FROM tickets t JOIN priorities p "
     "ON p.level = t.priority WHERE t.id = %s"},
    {HD_SQL_CLOCK_TARGETS, "SELECT response_minutes, resolution_minutes "
                           "FROM priorities WHERE level = %s"},
    {HD_SQL_CLOCK_HISTORY,
     "SELECT UNIX_TIMESTAMP(a.created_at) AS at, a.kind, a.author_login, "
     "a.internal, COALESCE(ns.category, '') AS new_category "
     "FROM ticket_activity a LEFT JOIN ticket_statuses ns "
     "ON ns.code = a.new_status WHERE a.ticket_id = %s ORDER BY a.id"},
    /* A ticket whose stored clock is out of date (sql/012_sla_queues.sql):
     * what its clock needs, locked until it is stored -- unless someone
     * is changing the ticket right now: then they store the clock after
     * their change, and neither a request nor the job waits on them. */
    {HD_SQL_CLOCK_TICKET, "SELECT priority, requester_login, logged_by_login "
                          "FROM tickets WHERE id = %s AND clock_of <> revision "
                          "FOR UPDATE SKIP LOCKED"},
    /* response, resolution, next (seconds; 0: none), id.  Setting
     * clock_of is what tells the revision trigger that this UPDATE is no
     * change of the ticket. */
    {HD_SQL_CLOCK_STORE,
     "UPDATE tickets SET response_due = FROM_UNIXTIME(NULLIF(%s, 0)), "
     "resolution_due = FROM_UNIXTIME(NULLIF(%s, 0)), "
     "next_due = COALESCE(FROM_UNIXTIME(NULLIF(%s, 0)), "
     "'9999-12-31 23:59:59'), clock_of = revision WHERE id = %s"},
    {HD_SQL_CLOCK_STALE,
     "SELECT id FROM tickets WHERE clock_stale = 1 LIMIT " HD_CLOCK_BATCH},
};

const hd_db_statements hd_clock_statements = HD_DB_STATEMENTS(statements);

/* ------------------------------------------------------------------ */
/* The calendar                                                        */
/* ------------------------------------------------------------------ */

typedef struct {
    hd_sla_calendar *cal;
    apr_array_header_t *holidays; /* int */
} calendar_rows;

static int keep_calendar_row(void *baton, const hd_db_row *row)
{
    calendar_rows *c = baton;
    int n = atoi(hd_db_text(row, "n"));

    if (!strcmp(hd_db_text(row, "what"), "holiday")) {
        *(int *)apr_array_push(c->holidays) = n;
    }
    else if (n >= 0 && n < 7) {
        c->cal->open[n] = atoi(hd_db_text(row, "opens"));
        c->cal->close[n] = atoi(hd_db_text(row, "closes"));
    }
    return 0;
}

hd_db_outcome hd_clock_calendar(hd_db *db, apr_pool_t *p,
                                const hd_sla_zone *zone, hd_sla_calendar *cal)
{
    calendar_rows c = {cal, apr_array_make(p, 16, sizeof(int))};
    hd_db_outcome o;

    memset(cal, 0, sizeof(*cal)); /* every day closed unless a row says */
    cal->zone = zone;
    o = hd_db_select(db, HD_SQL_CLOCK_HOURS, keep_calendar_row, &c, 0, NULL);
    cal->holidays = (const int *)c.holidays->elts;
    cal->nholidays = c.holidays->nelts;
    return o;
}

/* ------------------------------------------------------------------ */
/* A ticket's clocks                                                   */
/* ------------------------------------------------------------------ */

typedef struct {
    apr_int64_t response, resolution; /* seconds of business time */
} targets;

static int keep_targets(void *baton, const hd_db_row *row)
{
    targets *t = baton;
    t->response = apr_atoi64(hd_db_text(row, "response_minutes")) * 60;
    t->resolution = apr_atoi64(hd_db_text(row, "resolution_minutes")) * 60;
    return 0;
}

typedef struct {
    const char *requester, *logger;
    hd_ticket_clock *c;
    apr_array_header_t *pauses;
} history;

/* One history row: start, pause, resume, stop, reopen, response. */
static int keep_history(void *baton, const hd_db_row *row)
{
    history *h = baton;
    hd_ticket_clock *c = h->c;
    apr_int64_t at = apr_atoi64(hd_db_text(row, "at"));
    const char *kind = hd_db_text(row, "kind");
    const char *who = hd_db_text(row, "author_login");
    const char *to = hd_db_text(row, "new_category");
    int public_entry = strcmp(hd_db_text(row, "internal"), "1");

    if (!strcmp(kind, "created")) {
        c->start = at;
    }
    if (!c->responded && public_entry &&
        (!strcmp(kind, "update") || !strcmp(kind, "status")) &&
        strcmp(who, h->requester) && strcmp(who, h->logger) &&
        strcmp(who, "system")) {
        c->responded = at;
    }
    if (!*to) {
        return 0;
    }
    if (!strcmp(to, "pending") && !c->paused) {
        hd_sla_pause *p = apr_array_push(h->pauses);
        p->from = at;
        p->to = HD_SLA_NEVER;
        c->paused = 1;
    }
    else if (strcmp(to, "pending") && c->paused) {
        APR_ARRAY_IDX(h->pauses, h->pauses->nelts - 1, hd_sla_pause).to = at;
        c->paused = 0;
    }
    c->stopped = !strcmp(to, "closed") || !strcmp(to, "cancelled") ? at : 0;
    return 0;
}

/* Ticket id's clocks from its history, given its targets. */
static hd_db_outcome clock_from_history(hd_db *db, const hd_sla_calendar *cal,
                                        const char *id, const targets *tg,
                                        const char *requester,
                                        const char *logger, apr_int64_t now,
                                        hd_ticket_clock *out)
{
    targets t = *tg;
    history h;
    hd_db_outcome o;
    const hd_sla_pause *pauses;
    apr_int64_t end;

    memset(out, 0, sizeof(*out));
    h.requester = requester;
    h.logger = logger;
    h.c = out;
    h.pauses = apr_array_make(hd_db_pool(db), 4, sizeof(hd_sla_pause));
    o = hd_db_select(db, HD_SQL_CLOCK_HISTORY, keep_history, &h, 1, &id);
    if (o != HD_DB_OK || !out->start) {
        return o;
    }
    pauses = (const hd_sla_pause *)h.pauses->elts;
    out->response_due = hd_sla_add_business(cal, out->start, t.response, pauses,
                                            h.pauses->nelts);
    out->resolution_due = hd_sla_add_business(cal, out->start, t.resolution,
                                              pauses, h.pauses->nelts);
    end = out->responded ? out->responded : out->stopped ? out->stopped : now;
    out->response_breached =
        out->response_due != HD_SLA_NEVER && end > out->response_due;
    end = out->stopped ? out->stopped : now;
    out->resolution_breached =
        out->resolution_due != HD_SLA_NEVER && end > out->resolution_due;
    return HD_DB_OK;
}

hd_db_outcome hd_clock_for_ticket(hd_db *db, const hd_sla_calendar *cal,
                                  const char *id, const char *priority,
                                  const char *requester, const char *logger,
                                  apr_int64_t now, hd_ticket_clock *out)
{
    targets t = {0, 0};
    hd_db_outcome o =
        hd_db_select(db, HD_SQL_CLOCK_TARGETS, keep_targets, &t, 1, &priority);
    memset(out, 0, sizeof(*out));
    return o == HD_DB_OK ? clock_from_history(db, cal, id, &t, requester,
                                              logger, now, out)
                         : o;
}

/* ------------------------------------------------------------------ */
/* The stored copy, for the desk's queues                              */
/* ------------------------------------------------------------------ */

typedef struct {
    const char *priority, *requester, *logger;
} clock_inputs;

static int keep_inputs(void *baton, const hd_db_row *row)
{
    clock_inputs *in = baton;
    apr_pool_t *p = hd_db_row_pool(row);
    in->priority = apr_pstrdup(p, hd_db_text(row, "priority"));
    in->requester = apr_pstrdup(p, hd_db_text(row, "requester_login"));
    in->logger = apr_pstrdup(p, hd_db_text(row, "logged_by_login"));
    return 0;
}

/* A due time as the store statement takes it: "0" for none. */
static const char *due_arg(apr_pool_t *p, apr_int64_t t)
{
    return t == HD_SLA_NEVER || t <= 0
               ? "0"
               : apr_psprintf(p, "%" APR_INT64_T_FMT, t);
}

/* The deadline the desk meets next: the response until someone responds
 * (or the resolution, should that come first), then the resolution;
 * none while the clock is paused or stopped. */
static apr_int64_t next_due(const hd_ticket_clock *c)
{
    apr_int64_t next = c->resolution_due;
    if (c->paused || c->stopped) {
        return HD_SLA_NEVER;
    }
    if (!c->responded && c->response_due < next) {
        next = c->response_due;
    }
    return next;
}

typedef struct {
    const hd_sla_calendar *cal;
    const char *id;
    apr_int64_t now;
    int stored;
} store_job;

/* The computed clock into the ticket's row. */
static hd_db_outcome write_clock(hd_db *db, const char *id,
                                 const hd_ticket_clock *c)
{
    apr_pool_t *p = hd_db_pool(db);
    const char *args[4];
    args[0] = due_arg(p, c->paused || c->stopped ? 0 : c->response_due);
    args[1] = due_arg(p, c->paused || c->stopped ? 0 : c->resolution_due);
    args[2] = due_arg(p, next_due(c));
    args[3] = id;
    return hd_db_exec(db, HD_SQL_CLOCK_STORE, 4, args, NULL);
}

/* Lock, compute from the history as it is now, write: one transaction,
 * so no change of the ticket can slip in between. */
static hd_db_outcome store_work(hd_db *db, void *baton)
{
    store_job *j = baton;
    clock_inputs in = {NULL, NULL, NULL};
    hd_ticket_clock c;
    hd_db_outcome o =
        hd_db_select(db, HD_SQL_CLOCK_TICKET, keep_inputs, &in, 1, &j->id);

    j->stored = 0;
    if (o != HD_DB_OK || !in.priority) { /* current, busy or missing */
        return o;
    }
    o = hd_clock_for_ticket(db, j->cal, j->id, in.priority, in.requester,
                            in.logger, j->now, &c);
    if (o == HD_DB_OK) {
        o = write_clock(db, j->id, &c);
    }
    j->stored = o == HD_DB_OK;
    return o;
}

typedef struct {
    const char *requester, *logger;
    targets t;
} change_inputs;

static int keep_change_inputs(void *baton, const hd_db_row *row)
{
    change_inputs *in = baton;
    apr_pool_t *p = hd_db_row_pool(row);
    in->requester = apr_pstrdup(p, hd_db_text(row, "requester_login"));
    in->logger = apr_pstrdup(p, hd_db_text(row, "logged_by_login"));
    return keep_targets(&in->t, row);
}

hd_db_outcome hd_clock_store_in(hd_db *db, const char *id)
{
    const hd_server_conf *sc =
        ap_get_module_config(hd_db_server(db)->module_config, &helpdesk_module);
    hd_sla_calendar cal;
    change_inputs in = {NULL, NULL, {0, 0}};
    hd_ticket_clock c;
    hd_db_outcome o = hd_clock_calendar(db, hd_db_pool(db), sc->zone, &cal);

    if (o == HD_DB_OK) {
        o = hd_db_select(db, HD_SQL_CLOCK_INPUTS, keep_change_inputs, &in, 1,
                         &id);
    }
    if (o != HD_DB_OK || !in.requester) {
        return o;
    }
    o = clock_from_history(db, &cal, id, &in.t, in.requester, in.logger,
                           apr_time_sec(apr_time_now()), &c);
    return o == HD_DB_OK ? write_clock(db, id, &c) : o;
}

hd_db_outcome hd_clock_store(hd_db *db, const hd_sla_calendar *cal,
                             const char *id, apr_int64_t now, int *stored)
{
    store_job j = {cal, id, now, 0};
    hd_db_outcome o = hd_db_transact(db, store_work, &j);
    if (stored) {
        *stored = o == HD_DB_OK && j.stored;
    }
    return o;
}

static int keep_id(void *baton, const hd_db_row *row)
{
    *(const char **)apr_array_push(baton) =
        apr_pstrdup(hd_db_row_pool(row), hd_db_text(row, "id"));
    return 0;
}

hd_db_outcome hd_clock_store_stale(hd_db *db, apr_pool_t *p,
                                   const hd_sla_zone *zone, apr_time_t deadline)
{
    hd_sla_calendar cal;
    apr_array_header_t *ids = apr_array_make(p, 50, sizeof(char *));
    hd_db_outcome o = hd_clock_calendar(db, p, zone, &cal);
    int i, stored;

    while (o == HD_DB_OK && apr_time_now() <= deadline) {
        apr_array_clear(ids);
        o = hd_db_select(db, HD_SQL_CLOCK_STALE, keep_id, ids, 0, NULL);
        for (i = stored = 0; o == HD_DB_OK && i < ids->nelts; i++) {
            int one;
            o = hd_clock_store(db, &cal, APR_ARRAY_IDX(ids, i, const char *),
                               apr_time_sec(apr_time_now()), &one);
            stored += one;
        }
        /* Fewer than a batch: nothing else is out of date.  None stored
         * (all busy): the same would be read again. */
        if (ids->nelts < atoi(HD_CLOCK_BATCH) || !stored) {
            break;
        }
    }
    return o;
}

/* ------------------------------------------------------------------ */
/* Showing a time                                                      */
/* ------------------------------------------------------------------ */

static apr_time_exp_t local_fields(const hd_sla_zone *zone, apr_int64_t t)
{
    apr_time_exp_t x;
    apr_time_exp_gmt(&x, apr_time_from_sec(t + hd_sla_zone_offset(zone, t)));
    return x;
}

const char *hd_clock_local(apr_pool_t *p, const hd_sla_zone *zone,
                           apr_int64_t t)
{
    apr_time_exp_t x = local_fields(zone, t);
    return apr_psprintf(p, "%04d-%02d-%02d %02d:%02d:%02d", x.tm_year + 1900,
                        x.tm_mon + 1, x.tm_mday, x.tm_hour, x.tm_min, x.tm_sec);
}

const char *hd_clock_words(apr_pool_t *p, const hd_sla_zone *zone,
                           apr_int64_t t)
{
    static const char *const days[] = {"Sun", "Mon", "Tue", "Wed",
                                       "Thu", "Fri", "Sat"};
    static const char *const months[] = {"Jan", "Feb", "Mar", "Apr",
                                         "May", "Jun", "Jul", "Aug",
                                         "Sep", "Oct", "Nov", "Dec"};
    apr_time_exp_t x = local_fields(zone, t);
    return apr_psprintf(p, "%s %d %s, %02d:%02d", days[x.tm_wday], x.tm_mday,
                        months[x.tm_mon], x.tm_hour, x.tm_min);
}
