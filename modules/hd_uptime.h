/*
 * hd_uptime.h -- a service's uptime, day by day, from the history of its
 * traffic light (service_status_changes) and its planned maintenance: the
 * 90 bars of a status page and the percentage beside them.
 *
 * Pure code (APR types only): no request, no database, no global state,
 * no allocation, so any thread may call it with a shared zone.
 *
 * What is counted:
 *   - A light holds from its change until the next change, or until now.
 *     Before the first change nothing is known (the service did not exist,
 *     or its history was not kept yet); after now nothing is known either.
 *     Only known seconds count, so a service that is ten days old is
 *     judged on ten days, not on ninety.
 *   - A day is a local calendar day in the zone: from the instant its
 *     wall clocks read 00:00 (hd_sla_zone_utc) to the instant of the next
 *     day's 00:00, so the days the clocks change are 23 or 25 hours long
 *     and consecutive days always meet exactly.
 *   - Planned maintenance counts for nothing either way: its seconds are
 *     taken out of the time judged, whatever the light was.  Red during
 *     maintenance is therefore no downtime, though the day still shows
 *     red (people saw it red).
 *
 * The percentage, over the known seconds of all ndays days:
 *
 *   judged = known - maintenance
 *   uptime = 100 * (judged - red - 0.3 * amber) / judged
 *
 * where red and amber are seconds outside maintenance: red counts as fully
 * down, amber as 30 % down (Statuspage's weight for a partial outage);
 * 100.0 when nothing is judged (no known time, or all of it maintenance).
 */
#ifndef HD_UPTIME_H
#define HD_UPTIME_H

#include "hd_sla.h"

/* A light as services.status has it. */
typedef enum {
    HD_LIGHT_GREEN = 0, /* Online */
    HD_LIGHT_AMBER = 1, /* Impacted */
    HD_LIGHT_RED = 2    /* Offline */
} hd_light;

/* The light became `light' at instant `at'.  A history is ascending by
 * at; a change after now is ignored. */
typedef struct {
    apr_int64_t at;
    hd_light light;
} hd_light_change;

/* A planned maintenance window [from, to).  Windows may come in any order
 * and overlap; an empty or backwards one is none. */
typedef struct {
    apr_int64_t from, to;
} hd_uptime_window;

/* One local day of a service's history.  All seconds lie within the
 * known part of the day, so amber + red + maintenance <= known. */
typedef struct {
    int date;                /* local date YYYYMMDD */
    apr_int64_t start, end;  /* its instants [start, end): 23, 24 or 25 h */
    apr_int64_t known;       /* seconds after the first change, before now */
    apr_int64_t amber, red;  /* seconds amber / red, outside maintenance */
    apr_int64_t maintenance; /* seconds in maintenance, whatever the light */
    /* The worst of the day, for its bar: "red" (red at any time, even in
     * maintenance), else "maintenance" (any), else "amber", else "green"
     * (known, all green), else "none" (nothing known).  Static strings. */
    const char *state;
} hd_uptime_day;

/* Fills days[0..ndays-1] with the ndays local days in zone that end with
 * the day containing now, oldest first, and returns the uptime over their
 * known time as a percentage 0..100 (the formula above).  ndays <= 0
 * fills nothing and returns 100.0. */
double hd_uptime_days(const hd_sla_zone *zone, const hd_light_change *changes,
                      int nchanges, const hd_uptime_window *maint, int nmaint,
                      apr_int64_t now, int ndays, hd_uptime_day *days);

/* The light named by the database's word: "green", "amber" or "red" (as
 * spelled there, lower case); -1 for anything else, NULL included. */
int hd_light_of(const char *word);

#endif /* HD_UPTIME_H */
