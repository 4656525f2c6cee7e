/*
 * hd_jobs.h -- scheduled work inside Apache: one table of jobs, run by a
 * mod_watchdog thread, each run claimed through a lease row in the
 * database (job_leases) so that it happens once across every process of
 * every node sharing that database.
 *
 * A job is a function over a request-free database context (hd_db.h); it
 * answers a domain outcome, which the runner records and logs.
 */
#ifndef HD_JOBS_H
#define HD_JOBS_H

#include "httpd.h"
#include "apr_pools.h"
#include "hd_db.h"

/* One run of a job: everything it needs, nothing about HTTP.  p is the
 * run's own pool, cleared afterwards; s is the main server. */
typedef hd_db_outcome (*hd_job_fn)(hd_db *db, apr_pool_t *p, server_rec *s);

typedef struct {
    const char *name; /* job_leases.job: unique, at most 64 characters */
    int interval;     /* least seconds between two runs anywhere in the
                       * cluster; 0: each time the runner looks */
    hd_job_fn run;
} hd_job;

/* The runner's settings: HelpdeskJobs, HelpdeskJobInterval,
 * HelpdeskJobLease (-1: unset until defaults are applied). */
typedef struct {
    int enabled;  /* 1: run jobs in this Apache */
    int interval; /* seconds between two looks at the job table */
    int lease;    /* seconds a claim keeps other processes away */
} hd_jobs_settings;

/* The runner's statements (hd_db_register). */
extern const hd_db_statements hd_jobs_statements;

/* Refuse a runner that cannot work (check_config, so apache2 -t says it
 * too): jobs On without mod_watchdog, a lease no longer than the
 * interval.  set holds effective values.  OK or an error after logging. */
int hd_jobs_check(server_rec *s, const hd_jobs_settings *set);

/* Hand the runner to mod_watchdog (post_config, before mod_watchdog's
 * own): it ticks in one child process of this Apache from then on.  s is
 * the main server, whose database the jobs use; mail_interval > 0 adds
 * the mail jobs' runner, looking that often.  OK or an error after
 * logging. */
int hd_jobs_start(apr_pool_t *pconf, server_rec *s, const hd_jobs_settings *set,
                  const hd_db_settings *db, int mail_interval);

#endif /* HD_JOBS_H */
