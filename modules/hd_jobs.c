/*
 * hd_jobs.c -- the background runner: every HelpdeskJobInterval seconds
 * it looks at the job table below and runs each job that is due, once
 * across every process of every node that shares the database.
 *
 * Where it runs.  mod_watchdog calls us from a thread of its own, and it
 * must be a child process's thread, not the parent's:
 *   - the event MPM forks, and mod_watchdog refuses parent watchdogs under
 *     a forking MPM (ap_watchdog_get_instance answers APR_ENOTIMPL);
 *   - mod_dbd builds its connection pool in child_init, so only children
 *     have connections to hand out (ap_dbd_open); and the parent, which
 *     restarts children and answers signals, must never wait on a
 *     database.
 * The watchdog is a singleton of our own: mod_watchdog lets one child of
 * this Apache at a time run it (a process mutex; when that child exits,
 * another one's thread takes over), so a node asks the database once per
 * tick, not once per child.  It is our own instance rather than the
 * shared "_singleton_" so that a slow database never delays other
 * modules' callbacks.
 *
 * Once across the cluster.  The singleton is only an economy: other nodes
 * have their own, and during a graceful restart the old generation's
 * child and the new one's each hold their own generation's mutex.  What
 * makes a run happen once is its lease, a row of job_leases claimed with
 * one UPDATE (below): it changes the row only when the job is due and the
 * lease is free -- expired, or already this process's -- and whoever
 * changed the row runs the job.  The holder renews its lease with every
 * run, so a job stays with one process; a holder that stops or crashes
 * simply stops renewing, and after HelpdeskJobLease seconds any other
 * process may claim it.  Every time is the database's own NOW(6), so the
 * nodes' clocks never matter; under Galera a claim that races another
 * node's fails certification (1213) and is simply not ours.
 *
 * A job that fails is logged and recorded, and tried again the next time
 * the runner looks rather than a whole interval of its own later.
 */
#include "mod_helpdesk.h"
#include "hd_config.h"
#include "hd_jobs.h"
#include "hd_autoclose.h"
#include "hd_clock.h"
#include "hd_service.h"
#include "hd_notify.h"
#include "hd_session.h"
#include "hd_attach.h"
#include "mod_watchdog.h"
#include "http_core.h"
#include "apr_network_io.h"
#include "apr_optional.h"

#include <unistd.h>

/* The watchdog's name (mod_watchdog keeps instances by name). */
#define HD_JOBS_WATCHDOG "_helpdesk_jobs_"
/* Days of job_runs kept; older rows of a job go after each of its runs. */
#define HD_JOBS_HISTORY_DAYS "7"
/* Longest host name kept in a holder id (job_leases.holder is 255). */
#define HD_JOBS_HOST_MAX 200

/* ------------------------------------------------------------------ */
/* The jobs                                                            */
/* ------------------------------------------------------------------ */

/* Does nothing: its runs, which the runner records like any job's
 * (job_leases.runs, job_runs), show that the runner is alive and how the
 * lease moves between nodes. */
static hd_db_outcome job_heartbeat(hd_db *db, apr_pool_t *p, server_rec *s)
{
    (void)db;
    (void)p;
    (void)s;
    return HD_DB_OK;
}

/* Sessions past their idle timeout or lifetime, and spent login
 * throttles: the tables stay the size of who is logged in now. */
static hd_db_outcome job_session_purge(hd_db *db, apr_pool_t *p, server_rec *s)
{
    return hd_session_purge(db, p, s);
}

/* Tickets Pending Closure for HelpdeskAutoCloseAfter: closed by the
 * system transition, once each however many nodes run it.  Each look: a
 * ticket closes at most HelpdeskJobInterval late, and finding nothing
 * due is one indexed SELECT. */
static hd_db_outcome job_auto_close(hd_db *db, apr_pool_t *p, server_rec *s)
{
    return hd_autoclose_run(db, p, s);
}

/* Stored service clocks that a change left out of date (the request
 * that made it stores the new one itself; this catches what it could
 * not, tickets loaded by SQL and changes of the calendar), so the desk's
 * SLA queues are at most HelpdeskJobInterval behind.  Nothing out of
 * date is one indexed SELECT. */
static hd_db_outcome job_sla_clocks(hd_db *db, apr_pool_t *p, server_rec *s)
{
    const hd_server_conf *sc =
        ap_get_module_config(s->module_config, &helpdesk_module);
    /* Half a lease: the run ends while its lease still keeps others off. */
    return hd_clock_store_stale(db, p, sc->zone,
                                apr_time_now() +
                                    apr_time_from_sec(sc->jobs.lease) / 2);
}

/* Planned maintenance that began or ended since the last look, said
 * once to subscribers (service_events). */
/* Events (sql/017_mail.sql) turned into one message per recipient. */
static hd_db_outcome job_mail_notify(hd_db *db, apr_pool_t *p, server_rec *s)
{
    return hd_notify_run(db, p, s);
}

/* Queued messages handed to the SMTP server. */
static hd_db_outcome job_mail_send(hd_db *db, apr_pool_t *p, server_rec *s)
{
    return hd_mail_send_run(db, p, s);
}

/* Chunks of uploads that never finished (Apache killed mid-upload). */
static hd_db_outcome job_attachment_sweep(hd_db *db, apr_pool_t *p,
                                          server_rec *s)
{
    return hd_attach_sweep(db, p, s);
}

static hd_db_outcome job_maintenance_events(hd_db *db, apr_pool_t *p,
                                            server_rec *s)
{
    (void)s;
    return hd_service_maintenance_events(db, p);
}

static const hd_job jobs[] = {
    {"heartbeat", 0, job_heartbeat},
    {"session-purge", 0, job_session_purge},
    {"auto-close", 0, job_auto_close},
    {"sla-clocks", 0, job_sla_clocks},
    {"maintenance-events", 0, job_maintenance_events},
    {"attachment-sweep", 0, job_attachment_sweep},
};
#define HD_JOBS_COUNT (int)(sizeof(jobs) / sizeof(jobs[0]))

/* Mail jobs: an event becomes mail, mail goes to the SMTP server.  They
 * have a runner of their own, which looks every HelpdeskMailInterval
 * seconds: people expect a confirmation within seconds, not a minute. */
static const hd_job mail_jobs[] = {
    {"mail-notify", 0, job_mail_notify},
    {"mail-send", 0, job_mail_send},
};
#define HD_MAIL_JOBS_COUNT (int)(sizeof(mail_jobs) / sizeof(mail_jobs[0]))

/* ------------------------------------------------------------------ */
/* SQL                                                                 */
/* ------------------------------------------------------------------ */

/* A job's row, made the first time a process sees the job, so that a new
 * job needs no migration.  A duplicate means another process made it. */
#define HD_SQL_JOB_ROW "INSERT INTO job_leases (job) VALUES (%s)"

/* The claim: holder, lease seconds, job, holder, interval seconds.  One
 * statement, so that two claimers are serialised on the row lock and the
 * second sees the first's claim; rows changed = 1 means ours.  The job
 * is due when its last run started an interval ago, or did not end well
 * (then it is tried again each time the runner looks). */
#define HD_SQL_JOB_CLAIM                                               \
    "UPDATE job_leases SET holder = %s, claimed_at = NOW(6), "         \
    "expires_at = NOW(6) + INTERVAL %s SECOND, runs = runs + 1 "       \
    "WHERE job = %s "                                                  \
    "AND (expires_at IS NULL OR expires_at <= NOW(6) OR holder = %s) " \
    "AND (claimed_at IS NULL OR last_outcome IS NULL "                 \
    "OR last_outcome <> 'ok' "                                         \
    "OR claimed_at <= NOW(6) - INTERVAL %s SECOND)"

/* How the run ended: outcome, job, holder.  No row changed means the
 * lease went to someone else while the job ran. */
#define HD_SQL_JOB_DONE                                              \
    "UPDATE job_leases SET last_run_at = NOW(6), last_outcome = %s " \
    "WHERE job = %s AND holder = %s"

/* The run in the log: job, holder, microseconds since the claim came
 * back, outcome.  started_at is computed rather than read from the lease
 * so the run is logged even when the lease was lost; it is at most a
 * round trip later than the claim, never earlier. */
#define HD_SQL_JOB_LOG                                             \
    "INSERT INTO job_runs (job, holder, started_at, finished_at, " \
    "outcome) VALUES (%s, %s, NOW(6) - INTERVAL %s MICROSECOND, "  \
    "NOW(6), %s)"

#define HD_SQL_JOB_TRIM                        \
    "DELETE FROM job_runs WHERE job = %s AND " \
    "started_at < NOW(6) - INTERVAL " HD_JOBS_HISTORY_DAYS " DAY"

static const hd_db_statement statements[] = {
    {"job_row", HD_SQL_JOB_ROW},   {"job_claim", HD_SQL_JOB_CLAIM},
    {"job_done", HD_SQL_JOB_DONE}, {"job_log", HD_SQL_JOB_LOG},
    {"job_trim", HD_SQL_JOB_TRIM},
};

const hd_db_statements hd_jobs_statements = HD_DB_STATEMENTS(statements);

/* ------------------------------------------------------------------ */
/* The runner                                                          */
/* ------------------------------------------------------------------ */

/* Made in post_config, before the fork: each child has its own copy, and
 * only its one watchdog thread touches it. */
typedef struct {
    server_rec *s; /* the main server: its database */
    hd_db_settings db;
    hd_jobs_settings set;
    const hd_job *jobs; /* this runner's table: jobs or mail_jobs */
    int njobs;
    int interval;     /* seconds between two looks */
    const char *host; /* this node's name */
    char holder[256]; /* "host:pid", set when the thread starts */
    int row_made[HD_JOBS_COUNT + HD_MAIL_JOBS_COUNT];
    int db_down; /* the last tick found no database (log changes only) */
} hd_jobs_runner;

typedef struct {
    const char *job, *holder, *outcome, *elapsed;
    int kept_lease;
} record_state;

static hd_db_outcome record_work(hd_db *db, void *baton)
{
    record_state *r = baton;
    const char *done[] = {r->outcome, r->job, r->holder};
    const char *log[] = {r->job, r->holder, r->elapsed, r->outcome};
    const char *trim[] = {r->job};
    int rows = 0;
    hd_db_outcome o = hd_db_exec(db, "job_done", 3, done, &rows);

    r->kept_lease = rows == 1;
    if (o == HD_DB_OK) {
        o = hd_db_exec(db, "job_log", 4, log, NULL);
    }
    if (o == HD_DB_OK) {
        o = hd_db_exec(db, "job_trim", 1, trim, NULL);
    }
    return o;
}

/* Claim job i and run it if the claim is ours.  The outcome of talking
 * to the database (not the job's): HD_DB_UNAVAILABLE ends the tick. */
static hd_db_outcome run_if_due(hd_jobs_runner *rn, hd_db *db, int i,
                                apr_pool_t *p)
{
    const hd_job *job = &rn->jobs[i];
    const char *lease = apr_itoa(p, rn->set.lease);
    const char *claim[] = {rn->holder, lease, job->name, rn->holder,
                           apr_itoa(p, job->interval)};
    const char *row[] = {job->name};
    record_state rec = {job->name, rn->holder, NULL, NULL, 0};
    apr_pool_t *jp;
    apr_time_t start;
    hd_db_outcome o, ran;
    int rows = 0;

    if (!rn->row_made[i]) {
        o = hd_db_exec(db, "job_row", 1, row, NULL);
        if (o != HD_DB_OK && o != HD_DB_DUPLICATE) {
            return o;
        }
        rn->row_made[i] = 1;
    }
    o = hd_db_exec(db, "job_claim", 5, claim, &rows);
    if (o == HD_DB_CONFLICT) {
        return HD_DB_OK; /* another node's claim won the race */
    }
    if (o != HD_DB_OK || rows != 1) {
        return o; /* not due, or someone else's lease */
    }

    start = apr_time_now();
    apr_pool_create(&jp, p);
    ran = job->run(db, jp, rn->s);
    if (ran != HD_DB_OK) {
        ap_log_error(APLOG_MARK, APLOG_ERR, 0, rn->s,
                     HDLOG(01004) "job %s: %s (at %s); trying again in "
                                  "%d s",
                     job->name, hd_db_outcome_name(ran),
                     hd_db_failed_label(db) ? hd_db_failed_label(db) : "-",
                     rn->interval);
    }
    apr_pool_destroy(jp);

    rec.outcome = hd_db_outcome_name(ran);
    rec.elapsed = apr_psprintf(p, "%" APR_TIME_T_FMT, apr_time_now() - start);
    o = hd_db_transact(db, record_work, &rec);
    if (o != HD_DB_OK) {
        ap_log_error(APLOG_MARK, APLOG_ERR, 0, rn->s,
                     HDLOG(01005) "job %s ran (%s) but its run could not be "
                                  "recorded: %s",
                     job->name, rec.outcome, hd_db_outcome_name(o));
    }
    else if (!rec.kept_lease) {
        ap_log_error(APLOG_MARK, APLOG_WARNING, 0, rn->s,
                     HDLOG(01006) "job %s ran %" APR_TIME_T_FMT
                                  " s, past its lease: another process may "
                                  "have run it meanwhile; raise "
                                  "HelpdeskJobLease above its longest run",
                     job->name, apr_time_sec(apr_time_now() - start));
    }
    else {
        ap_log_error(APLOG_MARK, APLOG_DEBUG, 0, rn->s,
                     HDLOG(01007) "job %s: %s as %s", job->name, rec.outcome,
                     rn->holder);
    }
    return o;
}

/* mod_watchdog's callback.  It must always answer APR_SUCCESS: after
 * anything else mod_watchdog never calls it again. */
static apr_status_t jobs_tick(int state, void *data, apr_pool_t *pool)
{
    hd_jobs_runner *rn = data;
    hd_db *db;
    hd_db_outcome o = HD_DB_OK;
    int i;

    if (state == AP_WATCHDOG_STATE_STARTING) {
        /* Only who we are: mod_dbd's pool may not exist yet (its
         * child_init can run after mod_watchdog started this thread), so
         * the first look is one interval later. */
        apr_snprintf(rn->holder, sizeof(rn->holder), "%.*s:%" APR_PID_T_FMT,
                     HD_JOBS_HOST_MAX, rn->host, getpid());
        ap_log_error(APLOG_MARK, APLOG_DEBUG, 0, rn->s,
                     HDLOG(01008) "background jobs: looking every %d s as "
                                  "%s, lease %d s",
                     rn->interval, rn->holder, rn->set.lease);
        return APR_SUCCESS;
    }
    if (state != AP_WATCHDOG_STATE_RUNNING) {
        return APR_SUCCESS; /* stopping: a lease simply runs out */
    }

    db = hd_db_for_server(pool, rn->s, &rn->db);
    for (i = 0; i < rn->njobs && o != HD_DB_UNAVAILABLE; i++) {
        o = run_if_due(rn, db, i, pool);
    }
    if (o == HD_DB_UNAVAILABLE && !rn->db_down) {
        ap_log_error(APLOG_MARK, APLOG_WARNING, 0, rn->s,
                     HDLOG(01009) "background jobs wait: the database "
                                  "cannot be reached; trying every %d s",
                     rn->interval);
    }
    else if (o != HD_DB_UNAVAILABLE && rn->db_down) {
        ap_log_error(APLOG_MARK, APLOG_NOTICE, 0, rn->s,
                     HDLOG(01010) "background jobs resume: the database is "
                                  "back");
    }
    rn->db_down = o == HD_DB_UNAVAILABLE;
    return APR_SUCCESS;
}

/* ------------------------------------------------------------------ */
/* Start-up                                                            */
/* ------------------------------------------------------------------ */

int hd_jobs_check(server_rec *s, const hd_jobs_settings *set)
{
    if (!set->enabled) {
        return OK;
    }
    /* mod_watchdog registers these when it is loaded (Debian builds it
     * into apache2; elsewhere it needs its LoadModule). */
    if (!APR_RETRIEVE_OPTIONAL_FN(ap_watchdog_get_instance) ||
        !APR_RETRIEVE_OPTIONAL_FN(ap_watchdog_register_callback)) {
        ap_log_error(APLOG_MARK, APLOG_STARTUP | APLOG_CRIT, 0, s,
                     HDLOG(01001) "HelpdeskJobs is On but mod_watchdog is "
                                  "not loaded: add 'LoadModule "
                                  "watchdog_module modules/mod_watchdog.so', "
                                  "or set HelpdeskJobs Off to run no jobs "
                                  "on this node");
        return HTTP_INTERNAL_SERVER_ERROR;
    }
    /* The holder renews its lease each time it looks; a lease that ran
     * out in between would hand every other run to another process. */
    if (set->lease <= set->interval) {
        ap_log_error(APLOG_MARK, APLOG_STARTUP | APLOG_CRIT, 0, s,
                     HDLOG(01002) "HelpdeskJobLease (%d s) must be longer "
                                  "than HelpdeskJobInterval (%d s): the "
                                  "process running the jobs renews its "
                                  "lease each time it looks",
                     set->lease, set->interval);
        return HTTP_INTERNAL_SERVER_ERROR;
    }
    return OK;
}

/* A runner over table jobs, looking every interval seconds on watchdog
 * wd; OK or an error after logging. */
static int add_runner(apr_pool_t *pconf, server_rec *s, ap_watchdog_t *wd,
                      const hd_jobs_settings *set, const hd_db_settings *db,
                      const hd_job *jobs_of, int njobs, int interval)
{
    APR_OPTIONAL_FN_TYPE(ap_watchdog_register_callback) *register_callback =
        APR_RETRIEVE_OPTIONAL_FN(ap_watchdog_register_callback);
    hd_jobs_runner *rn = apr_pcalloc(pconf, sizeof(*rn));
    char host[APRMAXHOSTLEN + 1];
    apr_status_t rv;

    rn->s = s;
    rn->db = *db;
    rn->set = *set;
    rn->jobs = jobs_of;
    rn->njobs = njobs;
    rn->interval = interval;
    rv = apr_gethostname(host, sizeof(host), pconf);
    rn->host = apr_pstrdup(pconf, rv == APR_SUCCESS ? host : "localhost");
    rv = register_callback(wd, apr_time_from_sec(interval), rn, jobs_tick);
    if (rv != APR_SUCCESS) {
        ap_log_error(APLOG_MARK, APLOG_CRIT, rv, s,
                     HDLOG(01003) "background jobs: mod_watchdog would not "
                                  "take the runner");
        return HTTP_INTERNAL_SERVER_ERROR;
    }
    return OK;
}

int hd_jobs_start(apr_pool_t *pconf, server_rec *s, const hd_jobs_settings *set,
                  const hd_db_settings *db, int mail_interval)
{
    APR_OPTIONAL_FN_TYPE(ap_watchdog_get_instance) * get_instance;
    APR_OPTIONAL_FN_TYPE(ap_watchdog_register_callback) * register_callback;
    ap_watchdog_t *wd;
    apr_status_t rv;
    int rc;

    /* The first of the two start-up passes only reads the configuration;
     * mod_watchdog starts nothing in it either. */
    if (!set->enabled ||
        ap_state_query(AP_SQ_MAIN_STATE) == AP_SQ_MS_CREATE_PRE_CONFIG) {
        return OK;
    }
    get_instance = APR_RETRIEVE_OPTIONAL_FN(ap_watchdog_get_instance);
    register_callback = APR_RETRIEVE_OPTIONAL_FN(ap_watchdog_register_callback);
    if (!get_instance || !register_callback) {
        return hd_jobs_check(s, set); /* logs why */
    }
    rv = get_instance(&wd, HD_JOBS_WATCHDOG, 0, 1, pconf);
    if (rv != APR_SUCCESS) {
        ap_log_error(APLOG_MARK, APLOG_CRIT, rv, s,
                     HDLOG(01011) "background jobs: mod_watchdog would not "
                                  "make the runner's thread");
        return HTTP_INTERNAL_SERVER_ERROR;
    }
    rc = add_runner(pconf, s, wd, set, db, jobs, HD_JOBS_COUNT, set->interval);
    /* The same thread takes both: a slow SMTP server delays the other jobs
     * by at most HelpdeskSMTPTimeout, never runs them twice. */
    if (rc == OK && mail_interval > 0) {
        rc = add_runner(pconf, s, wd, set, db, mail_jobs, HD_MAIL_JOBS_COUNT,
                        mail_interval);
    }
    return rc;
}
