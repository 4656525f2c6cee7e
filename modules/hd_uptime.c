/*
 * hd_uptime.c -- a service's uptime per local day (see hd_uptime.h).
 * Pure code (APR only), unit-tested in t/unit/test_uptime.c.
 *
 * One pass over the days, oldest first, with a cursor into the history
 * that only moves forward: O(days + changes) steps, each of which asks
 * the maintenance windows how much of a stretch they cover.  Windows are
 * few per service, so they are scanned rather than sorted, which keeps
 * the code free of allocation.
 */
#include "hd_uptime.h"
#include "apr_time.h"

#include <string.h>

#define DAY 86400
/* Amber's weight as a partial outage, in tenths: the sums stay integers
 * and only the final division is inexact. */
#define AMBER_TENTHS 3

static apr_int64_t floor_div(apr_int64_t a, apr_int64_t b)
{
    return a / b - (a % b != 0 && (a < 0) != (b < 0));
}

static apr_int64_t max64(apr_int64_t a, apr_int64_t b)
{
    return a > b ? a : b;
}

static apr_int64_t min64(apr_int64_t a, apr_int64_t b)
{
    return a < b ? a : b;
}

/* -- days -- */

/* The instant local day d (days since 1970-01-01 on the wall clock)
 * begins.  A skipped midnight is read as the change itself, so the days
 * still meet. */
static apr_int64_t day_start(const hd_sla_zone *z, apr_int64_t d)
{
    return hd_sla_zone_utc(z, d * DAY);
}

/* The local day whose [start, end) holds t.  Usually the wall date; where
 * a midnight repeats, the hour between the two belongs to the new day
 * (day_start takes the earlier), so step to the day that really holds t
 * -- one step at most. */
static apr_int64_t day_of(const hd_sla_zone *z, apr_int64_t t)
{
    apr_int64_t d = floor_div(t + hd_sla_zone_offset(z, t), DAY);
    while (day_start(z, d) > t) {
        d--;
    }
    while (day_start(z, d + 1) <= t) {
        d++;
    }
    return d;
}

static void day_bounds(const hd_sla_zone *z, apr_int64_t d, hd_uptime_day *day)
{
    apr_time_exp_t tm;
    apr_time_exp_gmt(&tm, apr_time_from_sec(d * DAY));
    day->date =
        (tm.tm_year + 1900) * 10000 + (tm.tm_mon + 1) * 100 + tm.tm_mday;
    day->start = day_start(z, d);
    day->end = day_start(z, d + 1);
}

/* -- maintenance -- */

/* When the window(s) covering t end; t if none does.  A window that
 * overlaps this one's end is found by the caller's next call. */
static apr_int64_t maint_until(const hd_uptime_window *w, int n, apr_int64_t t)
{
    apr_int64_t until = t;
    int i;
    for (i = 0; i < n; i++) {
        if (w[i].from <= t && t < w[i].to && w[i].to > until) {
            until = w[i].to;
        }
    }
    return until;
}

/* The first window start after t, or limit if none comes before it. */
static apr_int64_t maint_next(const hd_uptime_window *w, int n, apr_int64_t t,
                              apr_int64_t limit)
{
    apr_int64_t next = limit;
    int i;
    for (i = 0; i < n; i++) {
        if (w[i].from > t && w[i].from < w[i].to && w[i].from < next) {
            next = w[i].from;
        }
    }
    return next;
}

/* Seconds of [a, b) inside the union of the windows. */
static apr_int64_t maint_within(const hd_uptime_window *w, int n, apr_int64_t a,
                                apr_int64_t b)
{
    apr_int64_t total = 0, t = a, end;
    while (t < b) {
        end = maint_until(w, n, t);
        if (end > t) {
            end = min64(end, b);
            total += end - t;
            t = end;
        }
        else {
            t = maint_next(w, n, t, b);
        }
    }
    return total;
}

/* -- counting -- */

typedef struct {
    const hd_light_change *c;
    int n;
    const hd_uptime_window *w;
    int nw;
    apr_int64_t now;
    int cursor; /* the change in force at the start of the current day */
} history;

/* One stretch [a, b) of a single light into the day's sums; says whether
 * it was red (in maintenance or not, for the day's state). */
static int count_stretch(const history *h, hd_light light, apr_int64_t a,
                         apr_int64_t b, hd_uptime_day *day)
{
    apr_int64_t in = maint_within(h->w, h->nw, a, b);
    day->maintenance += in;
    if (light == HD_LIGHT_RED) {
        day->red += b - a - in;
        return 1;
    }
    if (light == HD_LIGHT_AMBER) {
        day->amber += b - a - in;
    }
    return 0;
}

/* The worst of the day (order documented in hd_uptime.h). */
static const char *day_state(const hd_uptime_day *day, int red_seen)
{
    if (!day->known) {
        return "none";
    }
    if (red_seen) {
        return "red";
    }
    if (day->maintenance) {
        return "maintenance";
    }
    return day->amber ? "amber" : "green";
}

/* The known part of the day [from, to) walked change by change from the
 * one in force at its start. */
static void count_day(history *h, hd_uptime_day *day)
{
    apr_int64_t from, to, a, b;
    int i, red_seen = 0;

    day->known = day->amber = day->red = day->maintenance = 0;
    from = h->n ? max64(day->start, h->c[0].at) : day->end;
    to = min64(day->end, h->now);
    if (from < to) {
        day->known = to - from;
        while (h->cursor + 1 < h->n && h->c[h->cursor + 1].at <= from) {
            h->cursor++;
        }
        for (i = h->cursor; i < h->n && h->c[i].at < to; i++) {
            a = max64(h->c[i].at, from);
            b = i + 1 < h->n ? min64(h->c[i + 1].at, to) : to;
            if (a < b) { /* empty when two changes share an instant */
                red_seen |= count_stretch(h, h->c[i].light, a, b, day);
            }
        }
    }
    day->state = day_state(day, red_seen);
}

double hd_uptime_days(const hd_sla_zone *zone, const hd_light_change *changes,
                      int nchanges, const hd_uptime_window *maint, int nmaint,
                      apr_int64_t now, int ndays, hd_uptime_day *days)
{
    history h = {.c = changes,
                 .n = nchanges > 0 ? nchanges : 0,
                 .w = maint,
                 .nw = nmaint > 0 ? nmaint : 0,
                 .now = now};
    apr_int64_t first, judged = 0, down_tenths = 0;
    int k;

    if (ndays <= 0) {
        return 100.0;
    }
    first = day_of(zone, now) - (ndays - 1);
    for (k = 0; k < ndays; k++) {
        day_bounds(zone, first + k, &days[k]);
        count_day(&h, &days[k]);
        judged += days[k].known - days[k].maintenance;
        down_tenths += 10 * days[k].red + AMBER_TENTHS * days[k].amber;
    }
    if (judged <= 0) {
        return 100.0;
    }
    return 100.0 * (double)(10 * judged - down_tenths) / (double)(10 * judged);
}

int hd_light_of(const char *word)
{
    if (!word) {
        return -1;
    }
    if (!strcmp(word, "green")) {
        return HD_LIGHT_GREEN;
    }
    if (!strcmp(word, "amber")) {
        return HD_LIGHT_AMBER;
    }
    if (!strcmp(word, "red")) {
        return HD_LIGHT_RED;
    }
    return -1;
}
