/*
 * Unit tests of the time zones under the business-hours clocks
 * (modules/hd_sla.c): the zone reader against glibc's, damaged files.
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

static int passed, failed;
static apr_pool_t *pool;

#define CHECK(cond)                                                \
    do {                                                           \
        if (cond)                                                  \
            passed++;                                              \
        else {                                                     \
            failed++;                                              \
            printf("FAIL %s:%d: %s\n", __FILE__, __LINE__, #cond); \
        }                                                          \
    } while (0)

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

#define CHECK_INT(got, want)                                          \
    do {                                                              \
        long long g_ = (got), w_ = (want);                            \
        if (g_ == w_)                                                 \
            passed++;                                                 \
        else {                                                        \
            failed++;                                                 \
            printf("FAIL %s:%d: %s: got %lld, want %lld\n", __FILE__, \
                   __LINE__, #got, g_, w_);                           \
        }                                                             \
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

int main(void)
{
    apr_initialize();
    apr_pool_create(&pool, NULL);
    test_zone_utc();
    test_zone_errors();
    test_zone_damaged();
    test_zone_vs_glibc();
    printf("%d passed, %d failed\n", passed, failed);
    apr_pool_destroy(pool);
    apr_terminate();
    return failed ? 1 : 0;
}
