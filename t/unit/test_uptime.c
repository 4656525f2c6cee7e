/*
 * Unit tests of the 90-day uptime (modules/hd_uptime.c) on fixed clocks:
 * an outage over midnight, one still open, a service younger than the
 * bars, amber's 30 %, maintenance, the days the clocks change in London
 * and New York, a quiet quarter, today alone.  Then the sums against a
 * minute-by-minute count made with glibc's local time, in zones whose
 * clocks skip or repeat midnight.
 * Prints one line per failed check and ends with "N passed, N failed".
 *
 * Only this test sets TZ (for glibc's opinion, single-threaded); the
 * module never does.
 */
#include "hd_uptime.h"
#include "apr_general.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "check.h"

static apr_pool_t *pool;

/* A percentage, to well within what a page would show. */
#define CHECK_PCT(got, want)                                            \
    do {                                                                \
        double g_ = (got), w_ = (want);                                 \
        if (fabs(g_ - w_) < 1e-9)                                       \
            passed++;                                                   \
        else {                                                          \
            failed++;                                                   \
            printf("FAIL %s:%d: %s: got %.12f, want %.12f\n", __FILE__, \
                   __LINE__, #got, g_, w_);                             \
        }                                                               \
    } while (0)

/* A UTC instant. */
static apr_int64_t U(int y, int mo, int d, int h, int mi)
{
    struct tm tm = {0};
    tm.tm_year = y - 1900;
    tm.tm_mon = mo - 1;
    tm.tm_mday = d;
    tm.tm_hour = h;
    tm.tm_min = mi;
    return (apr_int64_t)timegm(&tm);
}

#define H 3600
#define M 60
#define D (24 * H)

static const hd_sla_zone *zone(const char *name)
{
    const char *error = NULL;
    const hd_sla_zone *z = hd_sla_zone_load(pool, name, &error);
    if (!z) {
        printf("FAIL cannot load %s: %s\n", name, error);
        exit(1);
    }
    return z;
}

/* The instant the wall clocks in z read the given time (the earlier of a
 * repeated one). */
static apr_int64_t L(const hd_sla_zone *z, int y, int mo, int d, int h, int mi)
{
    return hd_sla_zone_utc(z, U(y, mo, d, h, mi));
}

static hd_light_change at(apr_int64_t t, hd_light light)
{
    hd_light_change c = {t, light};
    return c;
}

/* Red from 23:00 to 01:00 BST: an hour on each day, both days red. */
static void test_over_midnight(void)
{
    const hd_sla_zone *z = zone("Europe/London");
    hd_light_change c[3];
    hd_uptime_day d[3];
    double pct;

    c[0] = at(U(2026, 6, 1, 0, 0), HD_LIGHT_GREEN);
    c[1] = at(L(z, 2026, 7, 10, 23, 0), HD_LIGHT_RED);
    c[2] = at(L(z, 2026, 7, 11, 1, 0), HD_LIGHT_GREEN);
    pct = hd_uptime_days(z, c, 3, NULL, 0, L(z, 2026, 7, 12, 12, 0), 3, d);

    CHECK_INT(d[0].date, 20260710);
    CHECK_INT(d[1].date, 20260711);
    CHECK_INT(d[2].date, 20260712);
    /* Local midnight in summer is 23:00 UTC the evening before. */
    CHECK_INT(d[1].start, U(2026, 7, 10, 23, 0));
    CHECK_INT(d[1].end, U(2026, 7, 11, 23, 0));
    CHECK_INT(d[0].end, d[1].start);
    CHECK_INT(d[0].red, H);
    CHECK_INT(d[1].red, H);
    CHECK_STR(d[0].state, "red");
    CHECK_STR(d[1].state, "red");
    CHECK_STR(d[2].state, "green");
    CHECK_INT(d[0].known, D);
    CHECK_INT(d[2].known, 12 * H);
    CHECK_INT(d[0].amber + d[0].maintenance + d[2].red, 0);
    /* Two hours down in 60 known. */
    CHECK_PCT(pct, 100.0 * 58 / 60);
}

/* Red since 09:00 and still red at 09:30: half an hour, not the day. */
static void test_still_open(void)
{
    const hd_sla_zone *z = zone("Europe/London");
    apr_int64_t now = L(z, 2026, 7, 15, 9, 30);
    hd_light_change c[3];
    hd_uptime_day d[2];
    double pct;

    c[0] = at(U(2026, 6, 1, 0, 0), HD_LIGHT_GREEN);
    c[1] = at(L(z, 2026, 7, 15, 9, 0), HD_LIGHT_RED);
    /* Recorded ahead of now (a clock ahead elsewhere): not yet. */
    c[2] = at(now + H, HD_LIGHT_GREEN);
    pct = hd_uptime_days(z, c, 3, NULL, 0, now, 2, d);

    CHECK_INT(d[1].date, 20260715);
    CHECK_INT(d[1].known, 9 * H + 30 * M);
    CHECK_INT(d[1].red, 30 * M);
    CHECK_STR(d[1].state, "red");
    CHECK_INT(d[0].red, 0);
    CHECK_STR(d[0].state, "green");
    CHECK_PCT(pct, 100.0 * (D + 9 * H) / (D + 9 * H + 30 * M));
}

/* A service first seen at noon on the 10th: the bars before it are
 * empty, and it is judged on the four days it has existed. */
static void test_young_service(void)
{
    const hd_sla_zone *z = zone("Europe/London");
    hd_light_change c[3];
    hd_uptime_day d[7];
    double pct;
    int k;

    c[0] = at(L(z, 2026, 7, 10, 12, 0), HD_LIGHT_GREEN);
    c[1] = at(L(z, 2026, 7, 12, 8, 0), HD_LIGHT_RED);
    c[2] = at(L(z, 2026, 7, 12, 10, 0), HD_LIGHT_GREEN);
    pct = hd_uptime_days(z, c, 3, NULL, 0, L(z, 2026, 7, 14, 12, 0), 7, d);

    CHECK_INT(d[0].date, 20260708);
    CHECK_STR(d[0].state, "none");
    CHECK_STR(d[1].state, "none");
    CHECK_INT(d[0].known + d[1].known, 0);
    CHECK_INT(d[2].known, 12 * H);
    CHECK_STR(d[2].state, "green");
    CHECK_STR(d[4].state, "red");
    CHECK_INT(d[4].red, 2 * H);
    CHECK_INT(d[6].known, 12 * H);
    /* 12 + 3 * 24 + 12 = 96 hours known, 2 of them red. */
    CHECK_PCT(pct, 100.0 * 94 / 96);

    /* No history at all: nothing known, nothing to hold against it. */
    pct = hd_uptime_days(z, NULL, 0, NULL, 0, L(z, 2026, 7, 14, 12, 0), 7, d);
    CHECK_PCT(pct, 100.0);
    for (k = 0; k < 7; k++) {
        CHECK_STR(d[k].state, "none");
        CHECK_INT(d[k].known, 0);
    }
}

/* Amber is a partial outage: a whole amber day in ten costs 3 %. */
static void test_amber_weight(void)
{
    const hd_sla_zone *z = zone("Europe/London");
    apr_int64_t now = L(z, 2026, 6, 11, 0, 0);
    hd_light_change c[5];
    hd_uptime_day d[11];
    double pct;

    c[0] = at(L(z, 2026, 6, 1, 0, 0), HD_LIGHT_GREEN);
    c[1] = at(L(z, 2026, 6, 5, 0, 0), HD_LIGHT_AMBER);
    c[2] = at(L(z, 2026, 6, 6, 0, 0), HD_LIGHT_GREEN);
    /* At midnight, today has just begun: nothing of it is known. */
    pct = hd_uptime_days(z, c, 3, NULL, 0, now, 11, d);
    CHECK_PCT(pct, 97.0);
    CHECK_INT(d[0].date, 20260601);
    CHECK_INT(d[4].amber, D);
    CHECK_STR(d[4].state, "amber");
    CHECK_STR(d[5].state, "green");
    CHECK_INT(d[10].known, 0);
    CHECK_STR(d[10].state, "none");

    /* And an hour of red on the 8th as well: 240 h, less 1, less 7.2. */
    c[3] = at(L(z, 2026, 6, 8, 14, 0), HD_LIGHT_RED);
    c[4] = at(L(z, 2026, 6, 8, 15, 0), HD_LIGHT_GREEN);
    pct = hd_uptime_days(z, c, 5, NULL, 0, now, 11, d);
    CHECK_PCT(pct, 100.0 * (240 - 1 - 0.3 * 24) / 240);
    /* Amber then red in one day: the worst shows. */
    c[2] = at(L(z, 2026, 6, 5, 14, 0), HD_LIGHT_RED);
    c[3] = at(L(z, 2026, 6, 5, 15, 0), HD_LIGHT_AMBER);
    c[4] = at(L(z, 2026, 6, 6, 0, 0), HD_LIGHT_GREEN);
    pct = hd_uptime_days(z, c, 5, NULL, 0, now, 11, d);
    CHECK_STR(d[4].state, "red");
    CHECK_INT(d[4].amber, 23 * H);
    CHECK_INT(d[4].red, H);
    CHECK_PCT(pct, 100.0 * (240 - 1 - 0.3 * 23) / 240);
}

/* Planned maintenance is taken out of the time judged, whatever the
 * light; the day shows maintenance, or red if it went red at all. */
static void test_maintenance(void)
{
    const hd_sla_zone *z = zone("Europe/London");
    /* Just after the 20th: the bars end with an empty today. */
    apr_int64_t now = L(z, 2026, 7, 21, 0, 0);
    hd_light_change c[3];
    hd_uptime_window w[4];
    hd_uptime_day d[3];
    double pct;

    c[0] = at(U(2026, 6, 1, 0, 0), HD_LIGHT_GREEN);
    c[1] = at(L(z, 2026, 7, 20, 2, 0), HD_LIGHT_AMBER);
    c[2] = at(L(z, 2026, 7, 20, 4, 0), HD_LIGHT_GREEN);
    w[0] = (hd_uptime_window){L(z, 2026, 7, 20, 2, 0), L(z, 2026, 7, 20, 4, 0)};

    /* Amber during the window: nothing counts, the bar says so. */
    pct = hd_uptime_days(z, c, 3, w, 1, now, 2, d);
    CHECK_INT(d[0].date, 20260720);
    CHECK_INT(d[0].known, D);
    CHECK_INT(d[0].amber, 0);
    CHECK_INT(d[0].maintenance, 2 * H);
    CHECK_STR(d[0].state, "maintenance");
    CHECK_PCT(pct, 100.0);

    /* Red during the window: shown red, yet no downtime. */
    c[1].light = HD_LIGHT_RED;
    pct = hd_uptime_days(z, c, 3, w, 1, now, 2, d);
    CHECK_INT(d[0].red, 0);
    CHECK_INT(d[0].maintenance, 2 * H);
    CHECK_STR(d[0].state, "red");
    CHECK_PCT(pct, 100.0);

    /* Red 01:00-05:00 around the window: the two hours outside count,
     * out of the 22 judged. */
    c[1].at = L(z, 2026, 7, 20, 1, 0);
    c[2].at = L(z, 2026, 7, 20, 5, 0);
    pct = hd_uptime_days(z, c, 3, w, 1, now, 2, d);
    CHECK_INT(d[0].red, 2 * H);
    CHECK_INT(d[0].maintenance, 2 * H);
    CHECK_PCT(pct, 100.0 * 20 / 22);

    /* Windows out of order and overlapping: 03:30-04:30, 01:30-03:00 and
     * 02:00-04:00 are one stretch, 01:30-04:30, which takes 3 of the 4
     * red hours. */
    w[1] =
        (hd_uptime_window){L(z, 2026, 7, 20, 3, 30), L(z, 2026, 7, 20, 4, 30)};
    w[2] =
        (hd_uptime_window){L(z, 2026, 7, 20, 1, 30), L(z, 2026, 7, 20, 3, 0)};
    w[3] = w[0];
    pct = hd_uptime_days(z, c, 3, w + 1, 3, now, 2, d);
    CHECK_INT(d[0].maintenance, 3 * H);
    CHECK_INT(d[0].red, H);
    CHECK_PCT(pct, 100.0 * 20 / 21);

    /* A window that began before the service existed and ends after now:
     * only known time counts, and here all of it is maintenance. */
    c[0].at = L(z, 2026, 7, 19, 12, 0);
    w[1] = (hd_uptime_window){L(z, 2026, 7, 19, 6, 0), now + 5 * H};
    pct = hd_uptime_days(z, c, 3, w + 1, 1, now, 3, d);
    CHECK_INT(d[0].known, 12 * H);
    CHECK_INT(d[0].maintenance, 12 * H);
    CHECK_STR(d[0].state, "maintenance");
    CHECK_INT(d[1].maintenance, D);
    CHECK_INT(d[1].red, 0);
    CHECK_STR(d[1].state, "red");
    /* Today began at now: nothing of it known, the window neither. */
    CHECK_INT(d[2].maintenance, 0);
    CHECK_STR(d[2].state, "none");
    /* Nothing judged. */
    CHECK_PCT(pct, 100.0);

    /* Amber outside a window on a day with one: maintenance outranks. */
    c[1].light = HD_LIGHT_AMBER;
    pct = hd_uptime_days(z, c, 3, w, 1, now, 2, d);
    CHECK_INT(d[0].amber, 2 * H);
    CHECK_STR(d[0].state, "maintenance");
    CHECK_PCT(pct, 100.0 * (22 - 0.6) / 22);

    /* An empty or backwards window is none. */
    w[0] = (hd_uptime_window){L(z, 2026, 7, 20, 2, 0), L(z, 2026, 7, 20, 2, 0)};
    w[1] = (hd_uptime_window){L(z, 2026, 7, 20, 4, 0), L(z, 2026, 7, 20, 2, 0)};
    hd_uptime_days(z, c, 3, w, 2, now, 2, d);
    CHECK_INT(d[0].maintenance, 0);
    CHECK_STR(d[0].state, "amber");
}

/* London, 29 March 2026: a 23-hour day, red from midnight to midnight. */
static void test_london_spring(void)
{
    const hd_sla_zone *z = zone("Europe/London");
    hd_light_change c[3];
    hd_uptime_day d[3];
    double pct;

    c[0] = at(U(2026, 3, 1, 0, 0), HD_LIGHT_GREEN);
    c[1] = at(L(z, 2026, 3, 29, 0, 0), HD_LIGHT_RED);
    c[2] = at(L(z, 2026, 3, 30, 0, 0), HD_LIGHT_GREEN);
    pct = hd_uptime_days(z, c, 3, NULL, 0, L(z, 2026, 3, 30, 12, 0), 3, d);

    CHECK_INT(d[1].date, 20260329);
    CHECK_INT(d[1].start, U(2026, 3, 29, 0, 0));
    CHECK_INT(d[1].end, U(2026, 3, 29, 23, 0));
    CHECK_INT(d[1].known, 23 * H);
    CHECK_INT(d[1].red, 23 * H);
    CHECK_STR(d[1].state, "red");
    CHECK_INT(d[0].known, D);
    CHECK_INT(d[2].known, 12 * H);
    CHECK_STR(d[2].state, "green");
    CHECK_PCT(pct, 100.0 * (59 - 23) / 59);
}

/* London, 25 October 2026: a 25-hour day; red from 00:30 BST to the
 * second 01:30 (GMT) is two hours. */
static void test_london_autumn(void)
{
    const hd_sla_zone *z = zone("Europe/London");
    hd_light_change c[3];
    hd_uptime_day d[2];
    double pct;

    c[0] = at(U(2026, 3, 1, 0, 0), HD_LIGHT_GREEN);
    c[1] = at(U(2026, 10, 24, 23, 30), HD_LIGHT_RED);
    c[2] = at(U(2026, 10, 25, 1, 30), HD_LIGHT_GREEN);
    pct = hd_uptime_days(z, c, 3, NULL, 0, U(2026, 10, 26, 6, 0), 2, d);

    CHECK_INT(d[0].date, 20261025);
    CHECK_INT(d[0].start, U(2026, 10, 24, 23, 0));
    CHECK_INT(d[0].end, U(2026, 10, 26, 0, 0));
    CHECK_INT(d[0].known, 25 * H);
    CHECK_INT(d[0].red, 2 * H);
    CHECK_STR(d[0].state, "red");
    CHECK_INT(d[1].date, 20261026);
    CHECK_INT(d[1].known, 6 * H);
    CHECK_PCT(pct, 100.0 * (31 - 2) / 31);
}

/* New York, 1 November 2026: 25 hours from 04:00 UTC; amber from 23:00
 * EDT the evening before to the second 01:30 (EST). */
static void test_new_york(void)
{
    const hd_sla_zone *z = zone("America/New_York");
    hd_light_change c[3];
    hd_uptime_day d[3];
    double pct;

    c[0] = at(U(2026, 9, 1, 0, 0), HD_LIGHT_GREEN);
    c[1] = at(U(2026, 11, 1, 3, 0), HD_LIGHT_AMBER);
    c[2] = at(U(2026, 11, 1, 6, 30), HD_LIGHT_GREEN);
    pct = hd_uptime_days(z, c, 3, NULL, 0, L(z, 2026, 11, 2, 10, 0), 3, d);

    CHECK_INT(d[0].date, 20261031);
    CHECK_INT(d[0].amber, H);
    CHECK_STR(d[0].state, "amber");
    CHECK_INT(d[1].date, 20261101);
    CHECK_INT(d[1].start, U(2026, 11, 1, 4, 0));
    CHECK_INT(d[1].end, U(2026, 11, 2, 5, 0));
    CHECK_INT(d[1].known, 25 * H);
    CHECK_INT(d[1].amber, 2 * H + 30 * M);
    CHECK_STR(d[1].state, "amber");
    CHECK_INT(d[2].date, 20261102);
    CHECK_INT(d[2].known, 10 * H);
    CHECK_STR(d[2].state, "green");
    CHECK_PCT(pct, 100.0 * (59 - 0.3 * 3.5) / 59);
}

/* Green since New Year and never changed: 90 green bars, 100 %, the days
 * end to end (one of them the 23-hour 29 March). */
static void test_quiet_quarter(void)
{
    const hd_sla_zone *z = zone("Europe/London");
    hd_light_change c = at(L(z, 2026, 1, 1, 0, 0), HD_LIGHT_GREEN);
    hd_uptime_day d[90];
    apr_int64_t now = L(z, 2026, 6, 1, 15, 0), known = 0;
    int k, green = 0, meet = 0, day23 = 0;
    double pct = hd_uptime_days(z, &c, 1, NULL, 0, now, 90, d);

    CHECK_PCT(pct, 100.0);
    CHECK_INT(d[0].date, 20260304);
    CHECK_INT(d[89].date, 20260601);
    for (k = 0; k < 90; k++) {
        green += !strcmp(d[k].state, "green");
        meet += k == 0 || d[k].start == d[k - 1].end;
        day23 += d[k].end - d[k].start == 23 * H;
        known += d[k].known;
    }
    CHECK_INT(green, 90);
    CHECK_INT(meet, 90);
    CHECK_INT(day23, 1);
    CHECK_INT(d[89].known, 15 * H);
    CHECK_INT(known, now - d[0].start);
}

/* Today only; and no days at all. */
static void test_today(void)
{
    const hd_sla_zone *z = zone("Europe/London");
    hd_light_change c[2];
    hd_uptime_day d[1];
    double pct;

    c[0] = at(U(2026, 1, 1, 0, 0), HD_LIGHT_GREEN);
    c[1] = at(U(2026, 1, 19, 22, 0), HD_LIGHT_RED);
    pct = hd_uptime_days(z, c, 2, NULL, 0, U(2026, 1, 20, 6, 0), 1, d);
    CHECK_INT(d[0].date, 20260120);
    CHECK_INT(d[0].start, U(2026, 1, 20, 0, 0));
    CHECK_INT(d[0].known, 6 * H);
    CHECK_INT(d[0].red, 6 * H);
    CHECK_STR(d[0].state, "red");
    CHECK_PCT(pct, 0.0);

    CHECK_PCT(hd_uptime_days(z, c, 2, NULL, 0, U(2026, 1, 20, 6, 0), 0, NULL),
              100.0);
}

static void test_light_words(void)
{
    CHECK_INT(hd_light_of("green"), HD_LIGHT_GREEN);
    CHECK_INT(hd_light_of("amber"), HD_LIGHT_AMBER);
    CHECK_INT(hd_light_of("red"), HD_LIGHT_RED);
    CHECK_INT(hd_light_of("Red"), -1);
    CHECK_INT(hd_light_of("yellow"), -1);
    CHECK_INT(hd_light_of(""), -1);
    CHECK_INT(hd_light_of("red "), -1);
    CHECK_INT(hd_light_of(NULL), -1);
}

/* -- against a count made a minute at a time with glibc -- */

typedef struct {
    apr_int64_t known, amber, red, maintenance;
    int red_seen;
} tally;

static int glibc_date(apr_int64_t t)
{
    time_t tt = (time_t)t;
    struct tm tm;
    localtime_r(&tt, &tm);
    return (tm.tm_year + 1900) * 10000 + (tm.tm_mon + 1) * 100 + tm.tm_mday;
}

/* The minute starting at t into the tally of its day. */
static void count_minute(const hd_light_change *c, int n,
                         const hd_uptime_window *w, int nw, apr_int64_t t,
                         tally *day)
{
    int i, light = -1, in = 0;
    for (i = 0; i < n && c[i].at <= t; i++) {
        light = c[i].light;
    }
    if (light < 0) {
        return;
    }
    for (i = 0; i < nw; i++) {
        in |= w[i].from <= t && t < w[i].to;
    }
    day->known += M;
    day->maintenance += in ? M : 0;
    day->red += light == HD_LIGHT_RED && !in ? M : 0;
    day->amber += light == HD_LIGHT_AMBER && !in ? M : 0;
    day->red_seen |= light == HD_LIGHT_RED;
}

static const char *tally_state(const tally *t)
{
    if (!t->known) {
        return "none";
    }
    if (t->red_seen) {
        return "red";
    }
    return t->maintenance ? "maintenance" : t->amber ? "amber" : "green";
}

/* Compare one random case; returns the number of days that disagree. */
static int compare_minutes(const hd_sla_zone *z, const char *name,
                           const hd_light_change *c, int n,
                           const hd_uptime_window *w, int nw, apr_int64_t now,
                           int ndays)
{
    hd_uptime_day d[8];
    tally tl[8];
    apr_int64_t t, judged = 0, down = 0;
    int k, bad = 0;
    double pct = hd_uptime_days(z, c, n, w, nw, now, ndays, d);

    memset(tl, 0, sizeof(tl));
    for (t = now - (ndays + 2) * D; t < now; t += M) {
        int date = glibc_date(t);
        for (k = 0; k < ndays; k++) {
            if (d[k].date == date) {
                count_minute(c, n, w, nw, t, &tl[k]);
            }
        }
    }
    for (k = 0; k < ndays; k++) {
        int ok = tl[k].known == d[k].known && tl[k].red == d[k].red &&
                 tl[k].amber == d[k].amber &&
                 tl[k].maintenance == d[k].maintenance &&
                 !strcmp(tally_state(&tl[k]), d[k].state) &&
                 glibc_date(d[k].start) == d[k].date &&
                 glibc_date(d[k].start - 1) != d[k].date &&
                 (k == ndays - 1 || d[k].end == d[k + 1].start);
        if (!ok && bad++ < 2) {
            printf("FAIL %s day %d (%d): known %lld/%lld red %lld/%lld "
                   "amber %lld/%lld maintenance %lld/%lld %s/%s\n",
                   name, k, d[k].date, (long long)d[k].known,
                   (long long)tl[k].known, (long long)d[k].red,
                   (long long)tl[k].red, (long long)d[k].amber,
                   (long long)tl[k].amber, (long long)d[k].maintenance,
                   (long long)tl[k].maintenance, d[k].state,
                   tally_state(&tl[k]));
        }
        judged += tl[k].known - tl[k].maintenance;
        down += 10 * tl[k].red + 3 * tl[k].amber;
    }
    if (now < d[ndays - 1].start || now >= d[ndays - 1].end) {
        bad++;
    }
    if (fabs(pct - (judged ? 100.0 * (10 * judged - down) / (10 * judged)
                           : 100.0)) > 1e-9) {
        bad++;
    }
    return bad;
}

/* Random histories and windows around the 2026 changes, on minutes, in
 * zones that skip midnight (Havana in March, Santiago in September),
 * repeat it (Havana in November), or move by half an hour (Lord Howe). */
static void test_against_minutes(void)
{
    static const char *const names[] = {"Europe/London", "America/New_York",
                                        "America/Havana", "America/Santiago",
                                        "Australia/Lord_Howe"};
    apr_int64_t bases[] = {U(2026, 3, 6, 0, 0),  U(2026, 3, 27, 0, 0),
                           U(2026, 4, 3, 0, 0),  U(2026, 9, 4, 0, 0),
                           U(2026, 10, 2, 0, 0), U(2026, 10, 23, 0, 0),
                           U(2026, 10, 30, 0, 0)};
    apr_size_t zi;
    int round, bad = 0;

    srand(90);
    for (zi = 0; zi < sizeof(names) / sizeof(names[0]); zi++) {
        const hd_sla_zone *z = zone(names[zi]);
        setenv("TZ", names[zi], 1);
        tzset();
        for (round = 0; round < 40; round++) {
            hd_light_change c[8];
            hd_uptime_window w[3];
            int ndays = 1 + rand() % 6, n = 1 + rand() % 8, nw = rand() % 4;
            apr_int64_t now =
                bases[rand() % 7] + (rand() % (4 * 24 * 4)) * 15 * M;
            apr_int64_t t = now - (rand() % ((ndays + 1) * 24 * 4)) * 15 * M;
            int i;
            for (i = 0; i < n; i++) {
                c[i] = at(t, (hd_light)(rand() % 3));
                t += (rand() % (24 * 4)) * 15 * M;
            }
            for (i = 0; i < nw; i++) {
                w[i].from = now - (rand() % ((ndays + 2) * 24 * 4)) * 15 * M;
                w[i].to = w[i].from + (rand() % (30 * 4) - 10) * 15 * M;
            }
            bad += compare_minutes(z, names[zi], c, n, w, nw, now, ndays);
        }
    }
    CHECK_INT(bad, 0);
    unsetenv("TZ");
    tzset();
}

int main(void)
{
    apr_initialize();
    apr_pool_create(&pool, NULL);
    test_over_midnight();
    test_still_open();
    test_young_service();
    test_amber_weight();
    test_maintenance();
    test_london_spring();
    test_london_autumn();
    test_new_york();
    test_quiet_quarter();
    test_today();
    test_light_words();
    test_against_minutes();
    printf("%d passed, %d failed\n", passed, failed);
    apr_pool_destroy(pool);
    apr_terminate();
    return failed ? 1 : 0;
}
