/*
 * hd_autoclose.h -- the background job 'auto-close': a ticket left in
 * Pending Closure for HelpdeskAutoCloseAfter seconds moves to Closed by
 * the workflow's system transition, with an activity entry, exactly once
 * however many nodes run the job.
 */
#ifndef HD_AUTOCLOSE_H
#define HD_AUTOCLOSE_H

#include "httpd.h"
#include "apr_pools.h"
#include "hd_db.h"

/* The job's statements (hd_db_register). */
extern const hd_db_statements hd_autoclose_statements;

/* One run (hd_jobs.c's table): close the due tickets, each in its own
 * transaction, in batches, for at most half of HelpdeskJobLease; the
 * rest wait for the next run.  s is the main server (its
 * HelpdeskAutoCloseAfter).  HD_DB_OK when every due ticket it met was
 * closed or found changed meanwhile. */
hd_db_outcome hd_autoclose_run(hd_db *db, apr_pool_t *p, server_rec *s);

/* "14 days", "1 day", "36 hours", "90 seconds": the period in the
 * largest unit that divides it (the activity entry's words). */
const char *hd_autoclose_period(apr_pool_t *p, int seconds);

#endif /* HD_AUTOCLOSE_H */
