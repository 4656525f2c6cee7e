/*
 * hd_sla.h -- service-level clocks in business hours (issue 9).
 *
 * A business calendar is data: opening hours per weekday in local wall
 * time, holidays as local dates, and an IANA time zone.  Business time is
 * the set of instants whose local wall time falls inside that day's
 * opening hours on a day that is not a holiday.  That one definition
 * settles the days the clocks change: 07:00-18:00 is 11 hours on either
 * side of a change (the UTC instants move by an hour), 00:00-24:00 is 23
 * hours in spring and 25 in autumn, and an hour the clocks skip is never
 * business time while an hour they repeat counts twice.
 *
 * Pure code: no request, no database, no global state.  A zone is read
 * once from its TZif file (not via TZ/tzset/localtime, which are process-
 * wide and unsafe under the threaded MPM) into a pool, and is immutable
 * afterwards, so any number of threads may share it and its calendars.
 *
 * Instants are seconds since the epoch, UTC (apr_time_sec() of an
 * apr_time_t; MariaDB's UNIX_TIMESTAMP()).
 */
#ifndef HD_SLA_H
#define HD_SLA_H

#include "apr_pools.h"

/* An instant that never comes: the result when an open-ended pause (or a
 * calendar with no opening hours) stops a clock for good, and the end to
 * give a pause that has not ended yet. */
#define HD_SLA_NEVER APR_INT64_MAX

/* A time zone (opaque, immutable once loaded). */
typedef struct hd_sla_zone hd_sla_zone;

/* A stretch of time [from, to) during which the clocks stand still (the
 * ticket sat in a pending-category status); to is HD_SLA_NEVER while it
 * still does.  Pauses may overlap and come in any order. */
typedef struct {
    apr_int64_t from, to;
} hd_sla_pause;

/* When the desk works.  open/close are minutes after local midnight
 * (0..1440) per weekday, 0 = Sunday; a day with open >= close is closed.
 * holidays are local dates as YYYYMMDD numbers (20261225), ascending --
 * hd_sla_date parses the database's "2026-12-25". */
typedef struct {
    const hd_sla_zone *zone;
    int open[7], close[7];
    const int *holidays;
    int nholidays;
} hd_sla_calendar;

/* The zone name ("Europe/London") from /usr/share/zoneinfo; NULL or ""
 * is the server's own (/etc/localtime).  NULL with *error set (allocated
 * in p) when it cannot be read or is not a TZif file. */
hd_sla_zone *hd_sla_zone_load(apr_pool_t *p, const char *name,
                              const char **error);
/* The same from a TZif file's bytes already in memory (tests, fuzzing). */
hd_sla_zone *hd_sla_zone_parse(apr_pool_t *p, const char *name,
                               const unsigned char *data, apr_size_t len,
                               const char **error);
/* The name it was loaded as (the link target for the server's zone when
 * it can be told, else "localtime"). */
const char *hd_sla_zone_name(const hd_sla_zone *z);

/* Seconds east of UTC in force at instant t: local wall time is t + it. */
int hd_sla_zone_offset(const hd_sla_zone *z, apr_int64_t t);
/* The instant at which local wall clocks read `local' (seconds since
 * 1970-01-01 00:00 on the wall clock).  A time the clocks repeat gives
 * the earlier instant; one they skip is read with the offset before the
 * change, so it lands just as far after it (01:30 -> 02:30 in London). */
apr_int64_t hd_sla_zone_utc(const hd_sla_zone *z, apr_int64_t local);

/* The default calendar in zone: Monday to Friday 07:00-18:00, no
 * holidays. */
void hd_sla_calendar_default(hd_sla_calendar *cal, const hd_sla_zone *zone);
/* "YYYY-MM-DD" as YYYYMMDD, or -1 if it is not a real date. */
int hd_sla_date(const char *s);

/* The instant at which `seconds' of business time have passed after
 * start, leaving out business time inside pauses: the due time of a
 * target.  A target that is used up exactly at closing time is due at
 * closing time, not at the next opening.  seconds <= 0 is due at start.
 * HD_SLA_NEVER if an open-ended pause begins before it is used up. */
apr_int64_t hd_sla_add_business(const hd_sla_calendar *cal, apr_int64_t start,
                                apr_int64_t seconds, const hd_sla_pause *pauses,
                                int npauses);
/* Business seconds between from and to, leaving out pauses: how much of a
 * target is spent (0 when to <= from). */
apr_int64_t hd_sla_business_between(const hd_sla_calendar *cal,
                                    apr_int64_t from, apr_int64_t to,
                                    const hd_sla_pause *pauses, int npauses);

#endif /* HD_SLA_H */
