/*
 * hd_clock.h -- a ticket's service clocks: when the desk should answer
 * and resolve it, in business hours, paused while the ticket waits for the
 * client.  The calendar and the targets are data (business_hours,
 * holidays, priorities: sql/009_sla.sql); the arithmetic is hd_sla.c's;
 * here the ticket's history becomes the clock's start, pauses and stops.
 */
#ifndef HD_CLOCK_H
#define HD_CLOCK_H

#include "hd_db.h"
#include "hd_sla.h"

/* A ticket's clocks, in seconds since the epoch (UTC). */
typedef struct {
    apr_int64_t start;          /* logged */
    apr_int64_t response_due;   /* HD_SLA_NEVER: paused with no end */
    apr_int64_t resolution_due; /* HD_SLA_NEVER likewise */
    apr_int64_t responded;      /* first public reply or move by the desk; 0 */
    apr_int64_t stopped;        /* closed or cancelled; 0 while live */
    int paused;                 /* waiting for the client now */
    int response_breached, resolution_breached;
} hd_ticket_clock;

extern const hd_db_statements hd_clock_statements;

/* The business calendar from the database, in zone (allocated in p). */
hd_db_outcome hd_clock_calendar(hd_db *db, apr_pool_t *p,
                                const hd_sla_zone *zone, hd_sla_calendar *cal);
/* Ticket id's clocks at now: its priority's targets, its history's
 * pauses.  requester and logger are the ticket's people (their moves are
 * no response). */
hd_db_outcome hd_clock_for_ticket(hd_db *db, const hd_sla_calendar *cal,
                                  const char *id, const char *priority,
                                  const char *requester, const char *logger,
                                  apr_int64_t now, hd_ticket_clock *out);
/* Store ticket id's clocks in tickets (response_due, resolution_due,
 * next_due: sql/012_sla_queues.sql), where the desk's queues read them,
 * if the ticket changed since they were last stored.  Nothing when it has
 * not, does not exist, or is being changed right now (whoever changes it
 * stores it next).  *stored (may be NULL): whether it was written. */
hd_db_outcome hd_clock_store(hd_db *db, const hd_sla_calendar *cal,
                             const char *id, apr_int64_t now, int *stored);
/* The same inside the caller's open transaction (the change that moved
 * the clock: hd_ticket.c), with the calendar read in it. */
hd_db_outcome hd_clock_store_in(hd_db *db, const char *id);
/* The job 'sla-clocks': store every out-of-date clock, in batches, until
 * deadline. */
hd_db_outcome hd_clock_store_stale(hd_db *db, apr_pool_t *p,
                                   const hd_sla_zone *zone,
                                   apr_time_t deadline);
/* "2026-12-02 10:30:00" in the calendar's zone, for pages. */
const char *hd_clock_local(apr_pool_t *p, const hd_sla_zone *zone,
                           apr_int64_t t);
/* "Wed 2 Dec, 10:30" in the calendar's zone: what a requester reads. */
const char *hd_clock_words(apr_pool_t *p, const hd_sla_zone *zone,
                           apr_int64_t t);

#endif /* HD_CLOCK_H */
