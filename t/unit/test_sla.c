/*
 * Unit tests of the business-hours clocks (modules/hd_sla.c) on fixed
 * instants: a ticket opened late, on a Friday, before a holiday, paused
 * overnight, due at closing time, and on the four days in 2026 that the
 * clocks change in London and New York -- where Zammad, GLPI and Znuny
 * all shipped bugs.  Then the zone reader against glibc's, and the clocks
 * against a minute-by-minute count made with glibc's local time.
 * Prints one line per failed check and ends with "N passed, N failed".
 *
 * Only this test sets TZ (for glibc's opinion, single-threaded); the
 * module never does.
 */
#include "hd_sla.h"
#include "apr_general.h"
#include "apr_file_io.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "check.h"

static apr_pool_t *pool;

/* Two instants, shown as UTC when they differ. */
#define CHECK_AT(got, want)                                                 \
    do {                                                                    \
        apr_int64_t g_ = (got), w_ = (want);                                \
        if (g_ == w_)                                                       \
            passed++;                                                       \
        else {                                                              \
            failed++;                                                       \
            printf("FAIL %s:%d: %s: got %s, want %s\n", __FILE__, __LINE__, \
                   #got, show(g_, 0), show(w_, 1));                         \
        }                                                                   \
    } while (0)

static const char *show(apr_int64_t t, int which)
{
    static char buf[2][40];
    struct tm tm;
    time_t tt = (time_t)t;
    if (t == HD_SLA_NEVER) {
        return "never";
    }
    gmtime_r(&tt, &tm);
    strftime(buf[which], sizeof(buf[which]), "%Y-%m-%d %H:%M:%S UTC", &tm);
    return buf[which];
}

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

/* Every day open from..to (minutes), for the days the clocks change,
 * which are Sundays. */
static hd_sla_calendar every_day(const hd_sla_zone *z, int from, int to)
{
    hd_sla_calendar cal;
    int wd;
    hd_sla_calendar_default(&cal, z);
    for (wd = 0; wd < 7; wd++) {
        cal.open[wd] = from;
        cal.close[wd] = to;
    }
    return cal;
}

static apr_int64_t add(const hd_sla_calendar *cal, apr_int64_t start,
                       apr_int64_t secs)
{
    return hd_sla_add_business(cal, start, secs, NULL, 0);
}

static apr_int64_t between(const hd_sla_calendar *cal, apr_int64_t from,
                           apr_int64_t to)
{
    return hd_sla_business_between(cal, from, to, NULL, 0);
}

/* January 2026 in London is GMT, so local time reads as UTC.  The 5th is
 * a Monday. */
static void test_working_week(void)
{
    hd_sla_calendar cal;
    hd_sla_calendar_default(&cal, zone("Europe/London"));

    /* Overnight: two hours Tuesday, two more Wednesday morning. */
    CHECK_AT(add(&cal, U(2026, 1, 6, 16, 0), 4 * H), U(2026, 1, 7, 9, 0));
    /* A whole working day and a bit. */
    CHECK_AT(add(&cal, U(2026, 1, 6, 9, 0), 12 * H), U(2026, 1, 7, 10, 0));
    /* Friday -> Monday. */
    CHECK_AT(add(&cal, U(2026, 1, 9, 17, 0), 3 * H), U(2026, 1, 12, 9, 0));
    /* A week of business hours from Monday opening: Friday closing. */
    CHECK_AT(add(&cal, U(2026, 1, 5, 7, 0), 55 * H), U(2026, 1, 9, 18, 0));
    CHECK_INT(between(&cal, U(2026, 1, 9, 17, 0), U(2026, 1, 12, 9, 0)), 3 * H);
    CHECK_INT(between(&cal, U(2026, 1, 4, 0, 0), U(2026, 1, 11, 0, 0)), 55 * H);
    CHECK_INT(between(&cal, U(2026, 1, 7, 0, 0), U(2026, 1, 6, 0, 0)), 0);
    CHECK_AT(add(&cal, U(2026, 1, 6, 16, 0), 0), U(2026, 1, 6, 16, 0));
}

static void test_closing_time(void)
{
    hd_sla_calendar cal;
    hd_sla_calendar_default(&cal, zone("Europe/London"));

    /* Used up exactly at 18:00 is due at 18:00, not at 07:00 next day. */
    CHECK_AT(add(&cal, U(2026, 1, 6, 7, 0), 11 * H), U(2026, 1, 6, 18, 0));
    CHECK_AT(add(&cal, U(2026, 1, 6, 16, 0), 2 * H), U(2026, 1, 6, 18, 0));
    CHECK_AT(add(&cal, U(2026, 1, 9, 14, 0), 4 * H), U(2026, 1, 9, 18, 0));
    /* One second more is one second into the next working day. */
    CHECK_AT(add(&cal, U(2026, 1, 6, 16, 0), 2 * H + 1),
             U(2026, 1, 7, 7, 0) + 1);
    CHECK_AT(add(&cal, U(2026, 1, 9, 14, 0), 4 * H + 1),
             U(2026, 1, 12, 7, 0) + 1);
    /* Opened at closing time: the clock starts next morning. */
    CHECK_AT(add(&cal, U(2026, 1, 6, 18, 0), 1 * H), U(2026, 1, 7, 8, 0));
    /* Open until midnight: due at midnight, which is also the next
     * day's opening. */
    cal.close[2] = 24 * 60;
    CHECK_AT(add(&cal, U(2026, 1, 6, 22, 0), 2 * H), U(2026, 1, 7, 0, 0));
}

static void test_outside_hours(void)
{
    hd_sla_calendar cal;
    hd_sla_calendar_default(&cal, zone("Europe/London"));

    /* Before opening, after closing, at the weekend. */
    CHECK_AT(add(&cal, U(2026, 1, 6, 5, 0), 1 * H), U(2026, 1, 6, 8, 0));
    CHECK_AT(add(&cal, U(2026, 1, 6, 0, 0), 1 * H), U(2026, 1, 6, 8, 0));
    CHECK_AT(add(&cal, U(2026, 1, 6, 20, 0), 1 * H), U(2026, 1, 7, 8, 0));
    CHECK_AT(add(&cal, U(2026, 1, 10, 12, 0), 1 * H), U(2026, 1, 12, 8, 0));
    CHECK_AT(add(&cal, U(2026, 1, 11, 23, 59), 1 * H), U(2026, 1, 12, 8, 0));
    CHECK_INT(between(&cal, U(2026, 1, 10, 0, 0), U(2026, 1, 12, 7, 0)), 0);
    CHECK_INT(between(&cal, U(2026, 1, 6, 18, 0), U(2026, 1, 7, 7, 0)), 0);
    /* Different hours on one day: Saturday morning. */
    cal.open[6] = 9 * 60;
    cal.close[6] = 12 * 60;
    CHECK_AT(add(&cal, U(2026, 1, 9, 17, 0), 3 * H), U(2026, 1, 10, 11, 0));
    CHECK_AT(add(&cal, U(2026, 1, 9, 17, 0), 5 * H), U(2026, 1, 12, 8, 0));
}

static void test_holidays(void)
{
    static const int one[] = {20260112};
    static const int two[] = {20251225, 20260112, 20260113, 20261225};
    hd_sla_calendar cal;
    hd_sla_calendar_default(&cal, zone("Europe/London"));

    cal.holidays = one;
    cal.nholidays = 1;
    /* Friday -> (weekend, Monday off) -> Tuesday. */
    CHECK_AT(add(&cal, U(2026, 1, 9, 17, 0), 3 * H), U(2026, 1, 13, 9, 0));
    /* Opened on the holiday itself. */
    CHECK_AT(add(&cal, U(2026, 1, 12, 10, 0), 1 * H), U(2026, 1, 13, 8, 0));
    cal.holidays = two;
    cal.nholidays = 4;
    CHECK_AT(add(&cal, U(2026, 1, 9, 17, 0), 3 * H), U(2026, 1, 14, 9, 0));
    CHECK_INT(between(&cal, U(2026, 1, 9, 0, 0), U(2026, 1, 15, 0, 0)),
              2 * 11 * H);
    /* The holiday is a local date: in New York it starts at 05:00 UTC. */
    hd_sla_calendar_default(&cal, zone("America/New_York"));
    cal.holidays = one;
    cal.nholidays = 1;
    CHECK_AT(add(&cal, U(2026, 1, 9, 22, 0), 2 * H), U(2026, 1, 13, 13, 0));

    CHECK_INT(hd_sla_date("2026-12-25"), 20261225);
    CHECK_INT(hd_sla_date("2024-02-29"), 20240229);
    CHECK_INT(hd_sla_date("2026-02-29"), -1);
    CHECK_INT(hd_sla_date("2026-13-01"), -1);
    CHECK_INT(hd_sla_date("2026-1-01"), -1);
    CHECK_INT(hd_sla_date("26-01-0100"), -1);
    CHECK_INT(hd_sla_date(""), -1);
    CHECK_INT(hd_sla_date(NULL), -1);
}

static void test_pauses(void)
{
    hd_sla_calendar cal;
    hd_sla_pause p[3];
    hd_sla_calendar_default(&cal, zone("Europe/London"));

    /* Pending from Monday 15:00 to Wednesday 10:00: 6h Monday, the rest
     * from Wednesday 10:00. */
    p[0] = (hd_sla_pause){U(2026, 1, 5, 15, 0), U(2026, 1, 7, 10, 0)};
    CHECK_AT(hd_sla_add_business(&cal, U(2026, 1, 5, 9, 0), 8 * H, p, 1),
             U(2026, 1, 7, 12, 0));
    CHECK_INT(hd_sla_business_between(&cal, U(2026, 1, 5, 9, 0),
                                      U(2026, 1, 7, 12, 0), p, 1),
              8 * H);
    /* A pause over the night costs only the business hours in it. */
    p[0] = (hd_sla_pause){U(2026, 1, 5, 17, 0), U(2026, 1, 6, 8, 0)};
    CHECK_AT(hd_sla_add_business(&cal, U(2026, 1, 5, 9, 0), 10 * H, p, 1),
             U(2026, 1, 6, 10, 0));
    /* Two nights and a day; resumed outside hours. */
    p[0] = (hd_sla_pause){U(2026, 1, 5, 17, 0), U(2026, 1, 7, 5, 0)};
    CHECK_AT(hd_sla_add_business(&cal, U(2026, 1, 5, 9, 0), 10 * H, p, 1),
             U(2026, 1, 7, 9, 0));
    /* Over the weekend: Friday 12:00 to Monday 08:00. */
    p[0] = (hd_sla_pause){U(2026, 1, 9, 12, 0), U(2026, 1, 12, 8, 0)};
    CHECK_AT(hd_sla_add_business(&cal, U(2026, 1, 9, 9, 0), 5 * H, p, 1),
             U(2026, 1, 12, 10, 0));
    /* Overlapping, out of order, one before the start, one after the
     * due time: the union Monday 16:00 - Tuesday 12:00 counts. */
    p[0] = (hd_sla_pause){U(2026, 1, 6, 10, 0), U(2026, 1, 6, 12, 0)};
    p[1] = (hd_sla_pause){U(2026, 1, 5, 16, 0), U(2026, 1, 6, 11, 0)};
    p[2] = (hd_sla_pause){U(2026, 1, 1, 0, 0), U(2026, 1, 5, 12, 0)};
    CHECK_AT(hd_sla_add_business(&cal, U(2026, 1, 5, 14, 0), 5 * H, p, 3),
             U(2026, 1, 6, 15, 0));
    /* The start inside a pause: the clock starts when it ends. */
    CHECK_AT(hd_sla_add_business(&cal, U(2026, 1, 5, 9, 0), 1 * H, p, 3),
             U(2026, 1, 5, 13, 0));
    /* Still pending: never due, unless used up before the pause. */
    p[0] = (hd_sla_pause){U(2026, 1, 5, 12, 0), HD_SLA_NEVER};
    CHECK_AT(hd_sla_add_business(&cal, U(2026, 1, 5, 9, 0), 4 * H, p, 1),
             HD_SLA_NEVER);
    CHECK_AT(hd_sla_add_business(&cal, U(2026, 1, 5, 9, 0), 3 * H, p, 1),
             U(2026, 1, 5, 12, 0));
    CHECK_INT(hd_sla_business_between(&cal, U(2026, 1, 5, 9, 0),
                                      U(2026, 1, 7, 12, 0), p, 1),
              3 * H);
    /* An empty or backwards pause is no pause. */
    p[0] = (hd_sla_pause){U(2026, 1, 5, 10, 0), U(2026, 1, 5, 10, 0)};
    p[1] = (hd_sla_pause){U(2026, 1, 5, 11, 0), U(2026, 1, 5, 10, 0)};
    CHECK_AT(hd_sla_add_business(&cal, U(2026, 1, 5, 9, 0), 3 * H, p, 2),
             U(2026, 1, 5, 12, 0));
    /* A calendar with no hours never comes due. */
    memset(cal.close, 0, sizeof(cal.close));
    CHECK_AT(add(&cal, U(2026, 1, 5, 9, 0), 1), HD_SLA_NEVER);
    CHECK_INT(between(&cal, U(2026, 1, 5, 9, 0), U(2026, 2, 5, 9, 0)), 0);
}

/* London, Sunday 29 March 2026: at 01:00 UTC, 01:00 GMT becomes 02:00
 * BST (local 01:00-02:00 never happens). */
static void test_london_spring(void)
{
    const hd_sla_zone *z = zone("Europe/London");
    hd_sla_calendar cal = every_day(z, 0, 24 * 60);
    hd_sla_pause p;

    CHECK_INT(hd_sla_zone_offset(z, U(2026, 3, 29, 1, 0) - 1), 0);
    CHECK_INT(hd_sla_zone_offset(z, U(2026, 3, 29, 1, 0)), H);
    /* The whole day is 23 hours, local midnight to midnight. */
    CHECK_INT(between(&cal, U(2026, 3, 29, 0, 0), U(2026, 3, 29, 23, 0)),
              23 * H);
    CHECK_AT(add(&cal, U(2026, 3, 29, 0, 0), 23 * H), U(2026, 3, 29, 23, 0));
    CHECK_AT(add(&cal, U(2026, 3, 28, 0, 0), 47 * H), U(2026, 3, 29, 23, 0));

    /* 01:00-03:00: only 02:00-03:00 BST exists, 01:00-02:00 UTC. */
    cal = every_day(z, 60, 180);
    CHECK_INT(between(&cal, U(2026, 3, 29, 0, 0), U(2026, 3, 30, 0, 0)), H);
    CHECK_AT(add(&cal, U(2026, 3, 29, 0, 0), 30 * M), U(2026, 3, 29, 1, 30));
    CHECK_AT(add(&cal, U(2026, 3, 29, 0, 0), H), U(2026, 3, 29, 2, 0));
    CHECK_AT(add(&cal, U(2026, 3, 29, 0, 0), H + 60), U(2026, 3, 30, 0, 1));
    /* The day before (GMT), 01:00-03:00 UTC: 2h + 1h. */
    CHECK_AT(add(&cal, U(2026, 3, 28, 0, 0), 3 * H), U(2026, 3, 29, 2, 0));

    /* 07:00-18:00: still 11 hours, an hour earlier in UTC. */
    cal = every_day(z, 7 * 60, 18 * 60);
    CHECK_INT(between(&cal, U(2026, 3, 29, 0, 0), U(2026, 3, 30, 0, 0)),
              11 * H);
    CHECK_AT(add(&cal, U(2026, 3, 28, 17, 0), 2 * H), U(2026, 3, 29, 7, 0));
    CHECK_AT(add(&cal, U(2026, 3, 28, 17, 0), 12 * H), U(2026, 3, 29, 17, 0));

    /* Monday to Friday: Friday 17:00 GMT + 2h is Monday 08:00 BST. */
    hd_sla_calendar_default(&cal, z);
    CHECK_AT(add(&cal, U(2026, 3, 27, 17, 0), 2 * H), U(2026, 3, 30, 7, 0));
    CHECK_INT(between(&cal, U(2026, 3, 27, 17, 0), U(2026, 3, 30, 7, 0)),
              2 * H);
    /* Pending from Friday noon to Monday 08:00 BST. */
    p = (hd_sla_pause){U(2026, 3, 27, 12, 0), U(2026, 3, 30, 7, 0)};
    CHECK_AT(hd_sla_add_business(&cal, U(2026, 3, 27, 9, 0), 5 * H, &p, 1),
             U(2026, 3, 30, 9, 0));
}

/* London, Sunday 25 October 2026: at 01:00 UTC, 02:00 BST becomes 01:00
 * GMT (local 01:00-02:00 happens twice). */
static void test_london_autumn(void)
{
    const hd_sla_zone *z = zone("Europe/London");
    hd_sla_calendar cal = every_day(z, 0, 24 * 60);

    CHECK_INT(hd_sla_zone_offset(z, U(2026, 10, 25, 1, 0) - 1), H);
    CHECK_INT(hd_sla_zone_offset(z, U(2026, 10, 25, 1, 0)), 0);
    CHECK_INT(between(&cal, U(2026, 10, 24, 23, 0), U(2026, 10, 26, 0, 0)),
              25 * H);
    CHECK_AT(add(&cal, U(2026, 10, 24, 23, 0), 25 * H), U(2026, 10, 26, 0, 0));

    /* 01:00-03:00: 01:00 BST (00:00 UTC) to 03:00 GMT (03:00 UTC). */
    cal = every_day(z, 60, 180);
    CHECK_INT(between(&cal, U(2026, 10, 25, 0, 0) - H, U(2026, 10, 26, 0, 0)),
              3 * H);
    CHECK_AT(add(&cal, U(2026, 10, 24, 23, 0), 90 * M), U(2026, 10, 25, 1, 30));
    CHECK_AT(add(&cal, U(2026, 10, 24, 23, 0), 3 * H), U(2026, 10, 25, 3, 0));
    CHECK_AT(add(&cal, U(2026, 10, 24, 23, 0), 3 * H + 60),
             U(2026, 10, 26, 1, 1));

    /* 07:00-18:00: 06:00-17:00 UTC on Saturday, 07:00-18:00 on Sunday. */
    cal = every_day(z, 7 * 60, 18 * 60);
    CHECK_INT(between(&cal, U(2026, 10, 25, 0, 0), U(2026, 10, 26, 0, 0)),
              11 * H);
    CHECK_AT(add(&cal, U(2026, 10, 24, 16, 0), 2 * H), U(2026, 10, 25, 8, 0));
    CHECK_AT(add(&cal, U(2026, 10, 24, 16, 0), 12 * H), U(2026, 10, 25, 18, 0));

    hd_sla_calendar_default(&cal, z);
    CHECK_AT(add(&cal, U(2026, 10, 23, 16, 0), 2 * H), U(2026, 10, 26, 8, 0));
}

/* New York, Sunday 8 March 2026: at 07:00 UTC, 02:00 EST becomes 03:00
 * EDT. */
static void test_new_york_spring(void)
{
    const hd_sla_zone *z = zone("America/New_York");
    hd_sla_calendar cal = every_day(z, 0, 24 * 60);

    CHECK_INT(hd_sla_zone_offset(z, U(2026, 3, 8, 7, 0) - 1), -5 * H);
    CHECK_INT(hd_sla_zone_offset(z, U(2026, 3, 8, 7, 0)), -4 * H);
    CHECK_INT(between(&cal, U(2026, 3, 8, 5, 0), U(2026, 3, 9, 4, 0)), 23 * H);
    CHECK_AT(add(&cal, U(2026, 3, 8, 5, 0), 23 * H), U(2026, 3, 9, 4, 0));

    /* 01:00-03:00 EST/EDT: only 01:00-02:00 EST exists. */
    cal = every_day(z, 60, 180);
    CHECK_INT(between(&cal, U(2026, 3, 8, 5, 0), U(2026, 3, 9, 4, 0)), H);
    CHECK_AT(add(&cal, U(2026, 3, 8, 5, 0), H), U(2026, 3, 8, 7, 0));
    CHECK_AT(add(&cal, U(2026, 3, 8, 5, 0), H + 60), U(2026, 3, 9, 5, 1));

    /* 07:00-18:00: 12:00-23:00 UTC Saturday, 11:00-22:00 Sunday. */
    cal = every_day(z, 7 * 60, 18 * 60);
    CHECK_INT(between(&cal, U(2026, 3, 8, 5, 0), U(2026, 3, 9, 4, 0)), 11 * H);
    CHECK_AT(add(&cal, U(2026, 3, 7, 22, 0), 2 * H), U(2026, 3, 8, 12, 0));
    CHECK_AT(add(&cal, U(2026, 3, 7, 22, 0), 12 * H), U(2026, 3, 8, 22, 0));

    hd_sla_calendar_default(&cal, z);
    CHECK_AT(add(&cal, U(2026, 3, 6, 22, 0), 2 * H), U(2026, 3, 9, 12, 0));
}

/* New York, Sunday 1 November 2026: at 06:00 UTC, 02:00 EDT becomes
 * 01:00 EST. */
static void test_new_york_autumn(void)
{
    const hd_sla_zone *z = zone("America/New_York");
    hd_sla_calendar cal = every_day(z, 0, 24 * 60);

    CHECK_INT(hd_sla_zone_offset(z, U(2026, 11, 1, 6, 0) - 1), -4 * H);
    CHECK_INT(hd_sla_zone_offset(z, U(2026, 11, 1, 6, 0)), -5 * H);
    CHECK_INT(between(&cal, U(2026, 11, 1, 4, 0), U(2026, 11, 2, 5, 0)),
              25 * H);
    CHECK_AT(add(&cal, U(2026, 11, 1, 4, 0), 25 * H), U(2026, 11, 2, 5, 0));

    /* 01:00-03:00: 01:00 EDT (05:00 UTC) to 03:00 EST (08:00 UTC). */
    cal = every_day(z, 60, 180);
    CHECK_INT(between(&cal, U(2026, 11, 1, 4, 0), U(2026, 11, 2, 5, 0)), 3 * H);
    CHECK_AT(add(&cal, U(2026, 11, 1, 4, 0), 90 * M), U(2026, 11, 1, 6, 30));
    CHECK_AT(add(&cal, U(2026, 11, 1, 4, 0), 3 * H), U(2026, 11, 1, 8, 0));

    /* 07:00-18:00: 11:00-22:00 UTC Saturday, 12:00-23:00 Sunday. */
    cal = every_day(z, 7 * 60, 18 * 60);
    CHECK_INT(between(&cal, U(2026, 11, 1, 4, 0), U(2026, 11, 2, 5, 0)),
              11 * H);
    CHECK_AT(add(&cal, U(2026, 10, 31, 21, 0), 2 * H), U(2026, 11, 1, 13, 0));
    CHECK_AT(add(&cal, U(2026, 10, 31, 21, 0), 12 * H), U(2026, 11, 1, 23, 0));

    hd_sla_calendar_default(&cal, z);
    CHECK_AT(add(&cal, U(2026, 10, 30, 21, 0), 2 * H), U(2026, 11, 2, 13, 0));
}

/* Local wall time -> UTC, with the hours that are skipped or repeated. */
static void test_zone_utc(void)
{
    const hd_sla_zone *ldn = zone("Europe/London");
    const hd_sla_zone *ny = zone("America/New_York");

    CHECK_AT(hd_sla_zone_utc(ldn, U(2026, 7, 1, 9, 0)), U(2026, 7, 1, 8, 0));
    CHECK_AT(hd_sla_zone_utc(ldn, U(2026, 1, 1, 9, 0)), U(2026, 1, 1, 9, 0));
    /* Skipped: 01:30 is read as GMT, i.e. 02:30 BST. */
    CHECK_AT(hd_sla_zone_utc(ldn, U(2026, 3, 29, 1, 30)),
             U(2026, 3, 29, 1, 30));
    /* Repeated: the first 01:30, BST. */
    CHECK_AT(hd_sla_zone_utc(ldn, U(2026, 10, 25, 1, 30)),
             U(2026, 10, 25, 0, 30));
    CHECK_AT(hd_sla_zone_utc(ny, U(2026, 3, 8, 2, 30)), U(2026, 3, 8, 7, 30));
    CHECK_AT(hd_sla_zone_utc(ny, U(2026, 11, 1, 1, 30)), U(2026, 11, 1, 5, 30));
    CHECK_AT(hd_sla_zone_utc(ny, U(2026, 11, 1, 2, 0)), U(2026, 11, 1, 7, 0));
}

static void test_zone_errors(void)
{
    const char *error = NULL;
    const hd_sla_zone *z;
    static const unsigned char junk[] = "TZif2 but nothing else";
    static const char *bad[] = {"Nowhere/Atlantis", "../../etc/passwd",
                                "/etc/localtime",   "Europe/London\n",
                                "leapseconds",      "Europe",
                                "zone1970.tab"};
    apr_size_t i;

    for (i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
        error = NULL;
        CHECK(hd_sla_zone_load(pool, bad[i], &error) == NULL);
        CHECK(error && strstr(error, "time zone "));
    }
    error = NULL;
    hd_sla_zone_load(pool, "Nowhere/Atlantis", &error);
    CHECK(error && strstr(error, "/usr/share/zoneinfo/Nowhere/Atlantis"));
    hd_sla_zone_load(pool, "../../etc/passwd", &error);
    CHECK(error && strstr(error, "not a zone name"));
    hd_sla_zone_load(pool, "leapseconds", &error);
    CHECK(error && strstr(error, "not a TZif file"));
    CHECK(!hd_sla_zone_parse(pool, "x", junk, sizeof(junk), &error));

    /* The server's own zone loads, whatever it is. */
    z = hd_sla_zone_load(pool, NULL, &error);
    CHECK(z != NULL && hd_sla_zone_name(z)[0]);
    z = hd_sla_zone_load(pool, "", &error);
    CHECK(z != NULL);
    CHECK(!strcmp(hd_sla_zone_name(zone("Europe/London")), "Europe/London"));
    CHECK_INT(hd_sla_zone_offset(zone("UTC"), U(2026, 7, 1, 0, 0)), 0);
    CHECK_INT(hd_sla_zone_offset(zone("Asia/Kolkata"), U(2026, 7, 1, 0, 0)),
              5 * H + 30 * M);
}

/* A real file cut short anywhere, or with any byte changed, is refused
 * or read -- never read out of bounds (make run-asan). */
static void test_zone_damaged(void)
{
    apr_file_t *f;
    unsigned char data[8192], copy[8192];
    apr_size_t len = 0, i;
    const char *error;
    int refused = 0;

    if (apr_file_open(&f, "/usr/share/zoneinfo/Europe/London",
                      APR_FOPEN_READ | APR_FOPEN_BINARY, APR_FPROT_OS_DEFAULT,
                      pool) != APR_SUCCESS) {
        CHECK(!"Europe/London readable");
        return;
    }
    apr_file_read_full(f, data, sizeof(data), &len);
    apr_file_close(f);
    CHECK(hd_sla_zone_parse(pool, "London", data, len, &error) != NULL);
    for (i = 0; i < len; i++) {
        error = NULL;
        refused += !hd_sla_zone_parse(pool, "cut", data, i, &error) && error;
    }
    CHECK_INT(refused, (long long)len);
    srand(9);
    for (i = 0; i < 2000; i++) {
        memcpy(copy, data, len);
        copy[rand() % len] = (unsigned char)rand();
        copy[rand() % len] = (unsigned char)rand();
        const hd_sla_zone *z =
            hd_sla_zone_parse(pool, "flipped", copy, len, &error);
        if (z) { /* whatever it says, it answers */
            hd_sla_zone_utc(z, U(2040, 7, 1, 0, 0) + i * 86399);
            hd_sla_zone_utc(z, U(1900, 7, 1, 0, 0) - i * 86399);
        }
    }
}

/* glibc's offset for zone name at t (the test alone sets TZ). */
static long glibc_offset(time_t t)
{
    struct tm tm;
    localtime_r(&t, &tm);
    return tm.tm_gmtoff;
}

static const char *const zones[] = {
    "Europe/London",    "America/New_York",  "Europe/Dublin",
    "Europe/Berlin",    "Australia/Sydney",  "Australia/Lord_Howe",
    "Asia/Kolkata",     "America/Sao_Paulo", "Pacific/Chatham",
    "Asia/Tehran",      "America/Santiago",  "America/Nuuk",
    "America/Havana",   "Africa/Casablanca", "Pacific/Apia",
    "Antarctica/Troll", "America/St_Johns",  "UTC"};

/* Our reading of the zone files agrees with glibc's, 1970-2100 (the
 * files' tables end in 2037; after that their closing rule counts). */
static void test_zone_vs_glibc(void)
{
    apr_size_t i;
    for (i = 0; i < sizeof(zones) / sizeof(zones[0]); i++) {
        const hd_sla_zone *z = zone(zones[i]);
        apr_int64_t t, u;
        int bad = 0, bad_utc = 0;
        setenv("TZ", zones[i], 1);
        tzset();
        for (t = U(1970, 1, 1, 0, 0); t < U(2100, 1, 1, 0, 0);
             t += 7 * H + 13) {
            int off = hd_sla_zone_offset(z, t);
            if (off != glibc_offset((time_t)t) && bad++ < 3) {
                printf("FAIL %s at %s: offset %d, glibc %ld\n", zones[i],
                       show(t, 0), off, glibc_offset((time_t)t));
            }
            /* Back from local time: t itself, or the earlier of a
             * repeated wall time. */
            u = hd_sla_zone_utc(z, t + off);
            if (u != t && !(u < t && u + hd_sla_zone_offset(z, u) == t + off) &&
                bad_utc++ < 3) {
                printf("FAIL %s: local of %s back to %s\n", zones[i],
                       show(t, 0), show(u, 1));
            }
        }
        CHECK_INT(bad, 0);
        CHECK_INT(bad_utc, 0);
    }
    unsetenv("TZ");
    tzset();
}

/* Business seconds in [from, to) counted a minute at a time with glibc's
 * local time: the slow, obvious way. */
static apr_int64_t count_minutes(const hd_sla_calendar *cal, apr_int64_t from,
                                 apr_int64_t to, const hd_sla_pause *p, int n)
{
    apr_int64_t t, count = 0;
    int i, paused, minute;
    for (t = from; t < to; t += 60) {
        time_t tt = (time_t)t;
        struct tm tm;
        localtime_r(&tt, &tm);
        minute = tm.tm_hour * 60 + tm.tm_min;
        for (paused = 0, i = 0; i < n; i++) {
            paused |= p[i].from <= t && t < p[i].to;
        }
        for (i = 0; i < cal->nholidays; i++) {
            paused |= cal->holidays[i] == (tm.tm_year + 1900) * 10000 +
                                              (tm.tm_mon + 1) * 100 +
                                              tm.tm_mday;
        }
        if (!paused && minute >= cal->open[tm.tm_wday] &&
            minute < cal->close[tm.tm_wday]) {
            count += 60;
        }
    }
    return count;
}

/* Random calendars, stretches and pauses around the changes of 2026 and
 * 2027: business_between agrees with the minute count, and add_business
 * is its inverse. */
static void test_against_minutes(void)
{
    static const char *const names[] = {"Europe/London", "America/New_York",
                                        "Australia/Lord_Howe", "Europe/Dublin"};
    static const int holidays[] = {20260329, 20261026, 20261102};
    static const int hours[][2] = {{0, 1440},    {60, 180},  {420, 1080},
                                   {90, 150},    {120, 240}, {0, 120},
                                   {1380, 1440}, {0, 0}};
    apr_int64_t days[] = {U(2026, 3, 26, 0, 0), U(2026, 10, 22, 0, 0),
                          U(2026, 3, 5, 0, 0),  U(2026, 10, 29, 0, 0),
                          U(2026, 4, 2, 0, 0),  U(2027, 3, 25, 0, 0)};
    int bad = 0, bad_add = 0, round;
    apr_size_t zi;

    srand(2026);
    for (zi = 0; zi < sizeof(names) / sizeof(names[0]); zi++) {
        hd_sla_calendar cal;
        hd_sla_calendar_default(&cal, zone(names[zi]));
        setenv("TZ", names[zi], 1);
        tzset();
        for (round = 0; round < 60; round++) {
            hd_sla_pause p[2];
            apr_int64_t from, to, want, got, due;
            int wd, np = rand() % 3;
            for (wd = 0; wd < 7; wd++) {
                int h = rand() % 8;
                cal.open[wd] = hours[h][0];
                cal.close[wd] = hours[h][1];
            }
            cal.holidays = holidays;
            cal.nholidays = rand() % 2 ? 3 : 0;
            from = days[rand() % 6] + (rand() % (6 * 24 * 4)) * 15 * 60;
            to = from + (rand() % (5 * 24 * 4)) * 15 * 60;
            for (wd = 0; wd < np; wd++) {
                p[wd].from = from + (rand() % (4 * 24 * 4) - 24) * 15 * 60;
                p[wd].to = p[wd].from + (rand() % (2 * 24 * 4)) * 15 * 60;
            }
            want = count_minutes(&cal, from, to, p, np);
            got = hd_sla_business_between(&cal, from, to, p, np);
            if (got != want && bad++ < 5) {
                printf("FAIL %s from %s: %lld business seconds, counted %lld\n",
                       names[zi], show(from, 0), (long long)got,
                       (long long)want);
            }
            if (want > 0) {
                due = hd_sla_add_business(&cal, from, want, p, np);
                if ((due > to ||
                     hd_sla_business_between(&cal, from, due, p, np) != want) &&
                    bad_add++ < 5) {
                    printf("FAIL %s from %s + %lld: %s, by %s\n", names[zi],
                           show(from, 0), (long long)want, show(due, 0),
                           show(to, 1));
                }
            }
        }
    }
    CHECK_INT(bad, 0);
    CHECK_INT(bad_add, 0);
    unsetenv("TZ");
    tzset();
}

int main(void)
{
    apr_initialize();
    apr_pool_create(&pool, NULL);
    test_working_week();
    test_closing_time();
    test_outside_hours();
    test_holidays();
    test_pauses();
    test_london_spring();
    test_london_autumn();
    test_new_york_spring();
    test_new_york_autumn();
    test_zone_utc();
    test_zone_errors();
    test_zone_damaged();
    test_zone_vs_glibc();
    test_against_minutes();
    printf("%d passed, %d failed\n", passed, failed);
    apr_pool_destroy(pool);
    apr_terminate();
    return failed ? 1 : 0;
}
