/*
 * hd_sla.c -- business-hours arithmetic for service-level targets (see
 * hd_sla.h).  Pure code (APR only), unit-tested in t/unit/test_sla.c.
 *
 * Three parts: reading a TZif file (RFC 8536) into an immutable zone,
 * UTC <-> local wall time with it, and walking business time.  The walk
 * never converts a local opening time to UTC directly (ambiguous on the
 * days the clocks change); it moves forward through stretches in which
 * the zone's offset is constant, where local time is just UTC plus a
 * number, so a skipped hour is never open and a repeated one is open
 * twice without a special case.
 */
#include "hd_sla.h"
#include "apr_file_io.h"
#include "apr_strings.h"

#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#define DAY            86400
#define ZONEINFO       "/usr/share/zoneinfo/"
#define LOCALTIME      "/etc/localtime"
#define TZIF_MAX_BYTES (1024 * 1024)
#define TZIF_HEADER    44
/* RFC 8536: a UT offset is within (-25h, +26h). */
#define OFFSET_MIN (-89999)
#define OFFSET_MAX 93599

/* The day of a POSIX TZ rule: "Jn" (1..365, Feb 29 never counted), "n"
 * (0..365) or "Mm.w.d" (weekday d of week w, 5 = last, of month m); then
 * the local time of day, which may be negative or past 24h (RFC 8536). */
typedef struct {
    char kind; /* 'J', 'D' or 'M' */
    int month, week, day;
    int secs;
} rule_day;

struct hd_sla_zone {
    const char *name;
    int ntrans;
    const apr_int64_t *at; /* instants the offset changes, ascending */
    const int *off;        /* the offset from at[i] on */
    int off_before;        /* before at[0] (or always, when ntrans is 0) */
    /* The TZif footer: how the zone goes on after its last transition. */
    int has_rule, has_dst;
    int std_off, dst_off;
    rule_day start, end; /* start: in standard time; end: in DST */
};

/* -- calendar arithmetic (proleptic Gregorian, days since 1970-01-01) -- */

static apr_int64_t floor_div(apr_int64_t a, apr_int64_t b)
{
    return a / b - (a % b != 0 && (a < 0) != (b < 0));
}

/* Howard Hinnant's days_from_civil / civil_from_days. */
static apr_int64_t days_from_civil(apr_int64_t y, int m, int d)
{
    apr_int64_t era, yoe, doy, doe;
    y -= m <= 2;
    era = floor_div(y, 400);
    yoe = y - era * 400;
    doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1;
    doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    return era * 146097 + doe - 719468;
}

static void civil_from_days(apr_int64_t z, apr_int64_t *y, int *m, int *d)
{
    apr_int64_t era, doe, yoe, doy, mp;
    z += 719468;
    era = floor_div(z, 146097);
    doe = z - era * 146097;
    yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
    doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    mp = (5 * doy + 2) / 153;
    *d = (int)(doy - (153 * mp + 2) / 5 + 1);
    *m = (int)(mp < 10 ? mp + 3 : mp - 9);
    *y = yoe + era * 400 + (*m <= 2);
}

/* 0 = Sunday; 1970-01-01 was a Thursday. */
static int weekday(apr_int64_t days)
{
    return (int)(days - floor_div(days + 4, 7) * 7 + 4);
}

static int is_leap(apr_int64_t y)
{
    return (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
}

static int month_days(apr_int64_t y, int m)
{
    static const int n[] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
    return n[m - 1] + (m == 2 && is_leap(y));
}

int hd_sla_date(const char *s)
{
    int y, m, d, i;
    if (!s || strlen(s) != 10 || s[4] != '-' || s[7] != '-') {
        return -1;
    }
    for (i = 0; i < 10; i++) {
        if (i != 4 && i != 7 && (s[i] < '0' || s[i] > '9')) {
            return -1;
        }
    }
    y = atoi(s);
    m = atoi(s + 5);
    d = atoi(s + 8);
    if (m < 1 || m > 12 || d < 1 || d > month_days(y, m)) {
        return -1;
    }
    return y * 10000 + m * 100 + d;
}

/* -- the footer's POSIX TZ rule -- */

/* A zone abbreviation: letters, or anything but '>' inside <...>. */
static int parse_abbr(const char **s)
{
    const char *c = *s;
    if (*c == '<') {
        while (*c && *c != '>') {
            c++;
        }
        if (*c != '>' || c == *s + 1) {
            return 0;
        }
        *s = c + 1;
        return 1;
    }
    while ((*c >= 'A' && *c <= 'Z') || (*c >= 'a' && *c <= 'z')) {
        c++;
    }
    if (c == *s) {
        return 0;
    }
    *s = c;
    return 1;
}

/* [+-]h[h[h]][:mm[:ss]] as seconds; hours up to 167 (RFC 8536). */
static int parse_hms(const char **s, int *secs)
{
    const char *c = *s;
    int sign = 1, part[3] = {0, 0, 0}, n, i;
    if (*c == '+' || *c == '-') {
        sign = *c++ == '-' ? -1 : 1;
    }
    for (i = 0; i < 3; i++) {
        if (i > 0) {
            if (*c != ':') {
                break;
            }
            c++;
        }
        for (n = 0; *c >= '0' && *c <= '9' && n < 3; n++) {
            part[i] = part[i] * 10 + (*c++ - '0');
        }
        if (n == 0 || (i > 0 && (n != 2 || part[i] > 59))) {
            return 0;
        }
    }
    if (part[0] > 167) {
        return 0;
    }
    *secs = sign * (part[0] * 3600 + part[1] * 60 + part[2]);
    *s = c;
    return 1;
}

static int parse_number(const char **s, int *out, int lo, int hi)
{
    int v = 0, n = 0;
    while (**s >= '0' && **s <= '9' && n < 4) {
        v = v * 10 + (*(*s)++ - '0');
        n++;
    }
    *out = v;
    return n > 0 && v >= lo && v <= hi;
}

/* ",start[/time],end[/time]" -- one of the two days. */
static int parse_rule_day(const char **s, rule_day *r)
{
    r->secs = 2 * 3600;
    if (**s == 'J') {
        (*s)++;
        r->kind = 'J';
        if (!parse_number(s, &r->day, 1, 365)) {
            return 0;
        }
    }
    else if (**s == 'M') {
        (*s)++;
        r->kind = 'M';
        if (!parse_number(s, &r->month, 1, 12) || *(*s)++ != '.' ||
            !parse_number(s, &r->week, 1, 5) || *(*s)++ != '.' ||
            !parse_number(s, &r->day, 0, 6)) {
            return 0;
        }
    }
    else {
        r->kind = 'D';
        if (!parse_number(s, &r->day, 0, 365)) {
            return 0;
        }
    }
    if (**s == '/') {
        (*s)++;
        return parse_hms(s, &r->secs);
    }
    return 1;
}

/* The footer, e.g. "GMT0BST,M3.5.0/1,M10.5.0"; "" means none.  POSIX
 * offsets count west of Greenwich, ours east. */
static int parse_rule(hd_sla_zone *z, const char *s)
{
    int secs;
    if (!*s) {
        return 1;
    }
    if (!parse_abbr(&s) || !parse_hms(&s, &secs)) {
        return 0;
    }
    z->has_rule = 1;
    z->std_off = -secs;
    if (!*s) {
        return 1;
    }
    if (!parse_abbr(&s)) {
        return 0;
    }
    z->has_dst = 1;
    z->dst_off = z->std_off + 3600;
    if (*s && *s != ',') {
        if (!parse_hms(&s, &secs)) {
            return 0;
        }
        z->dst_off = -secs;
    }
    if (!*s) {
        /* POSIX leaves the days to the implementation; glibc's choice. */
        z->start = (rule_day){'M', 3, 2, 0, 7200};
        z->end = (rule_day){'M', 11, 1, 0, 7200};
        return 1;
    }
    return *s++ == ',' && parse_rule_day(&s, &z->start) && *s++ == ',' &&
           parse_rule_day(&s, &z->end) && !*s;
}

/* The local wall time (seconds since the epoch) of a rule's change in
 * year y. */
static apr_int64_t rule_local(const rule_day *r, apr_int64_t y)
{
    apr_int64_t days = days_from_civil(y, 1, 1);
    if (r->kind == 'J') {
        days += r->day - 1 + (is_leap(y) && r->day >= 60);
    }
    else if (r->kind == 'D') {
        days += r->day;
    }
    else {
        apr_int64_t first = days_from_civil(y, r->month, 1);
        int d = (r->day - weekday(first) + 7) % 7 + (r->week - 1) * 7;
        while (d >= month_days(y, r->month)) {
            d -= 7;
        }
        days = first + d;
    }
    return days * DAY + r->secs;
}

/* The offset the rule gives at t, and the next instant after t it may
 * change.  The changes of the years around t, in order: the last one at
 * or before t decides.  (An end and the next start may fall on the same
 * instant in a zone on DST all year; the start, listed later, wins.) */
static int rule_lookup(const hd_sla_zone *z, apr_int64_t t, apr_int64_t *next)
{
    apr_int64_t when[8], y, tmp_w;
    int off[8], n = 0, i, j, result = z->std_off, tmp_o;
    int mday, mon;

    *next = HD_SLA_NEVER;
    if (!z->has_dst) {
        return z->std_off;
    }
    civil_from_days(floor_div(t + z->std_off, DAY), &y, &mon, &mday);
    for (y -= 2, i = 0; i < 4; i++, y++) {
        when[n] = rule_local(&z->start, y) - z->std_off;
        off[n++] = z->dst_off;
        when[n] = rule_local(&z->end, y) - z->dst_off;
        off[n++] = z->std_off;
    }
    for (i = 1; i < n; i++) { /* insertion sort: stable */
        for (j = i; j > 0 && when[j - 1] > when[j]; j--) {
            tmp_w = when[j], when[j] = when[j - 1], when[j - 1] = tmp_w;
            tmp_o = off[j], off[j] = off[j - 1], off[j - 1] = tmp_o;
        }
    }
    for (i = 0; i < n; i++) {
        if (when[i] <= t) {
            result = off[i];
        }
        else if (*next == HD_SLA_NEVER) {
            *next = when[i];
        }
    }
    return result;
}

/* The offset at t, and the next instant after t at which it may change
 * (HD_SLA_NEVER: never). */
static int zone_lookup(const hd_sla_zone *z, apr_int64_t t, apr_int64_t *next)
{
    int lo = 0, hi = z->ntrans;
    if (z->has_rule && (z->ntrans == 0 || t >= z->at[z->ntrans - 1])) {
        return rule_lookup(z, t, next);
    }
    while (lo < hi) { /* the first transition after t */
        int mid = lo + (hi - lo) / 2;
        if (z->at[mid] <= t) {
            lo = mid + 1;
        }
        else {
            hi = mid;
        }
    }
    if (lo < z->ntrans) {
        *next = z->at[lo];
    }
    else {
        /* After the last transition the rule (checked above) or nothing. */
        *next = HD_SLA_NEVER;
    }
    return lo == 0 ? z->off_before : z->off[lo - 1];
}

int hd_sla_zone_offset(const hd_sla_zone *z, apr_int64_t t)
{
    apr_int64_t next;
    return zone_lookup(z, t, &next);
}

/* The instant is local - offset for an offset in force around it; the
 * offsets two days either side cover every real zone, which never
 * changes twice in four days. */
apr_int64_t hd_sla_zone_utc(const hd_sla_zone *z, apr_int64_t local)
{
    int before = hd_sla_zone_offset(z, local - 2 * DAY);
    int after = hd_sla_zone_offset(z, local + 2 * DAY);
    apr_int64_t u1 = local - before, u2 = local - after;
    int ok1 = hd_sla_zone_offset(z, u1) == before;
    int ok2 = hd_sla_zone_offset(z, u2) == after;

    if (ok1 && ok2) {
        return u1 < u2 ? u1 : u2;
    }
    if (ok2) {
        return u2;
    }
    return u1; /* valid, or in a gap: read with the offset before it */
}

/* -- reading a TZif file -- */

static apr_int64_t be32(const unsigned char *b)
{
    apr_uint32_t v = ((apr_uint32_t)b[0] << 24) | ((apr_uint32_t)b[1] << 16) |
                     ((apr_uint32_t)b[2] << 8) | b[3];
    return (apr_int32_t)v;
}

static apr_int64_t be64(const unsigned char *b)
{
    apr_uint64_t v =
        ((apr_uint64_t)(apr_uint32_t)be32(b) << 32) | (apr_uint32_t)be32(b + 4);
    return (apr_int64_t)v;
}

/* The six counts of a header, in the file's order. */
enum { ISUT, ISSTD, LEAP, TIME, TYPE, CHAR };

static int read_header(const unsigned char *d, apr_size_t len, apr_size_t pos,
                       apr_uint32_t cnt[6])
{
    int i;
    if (len < TZIF_HEADER || pos > len - TZIF_HEADER ||
        memcmp(d + pos, "TZif", 4)) {
        return 0;
    }
    for (i = 0; i < 6; i++) {
        cnt[i] = (apr_uint32_t)be32(d + pos + 20 + 4 * i);
        if (cnt[i] > TZIF_MAX_BYTES) {
            return 0;
        }
    }
    return 1;
}

/* The size of a data block whose times take w bytes. */
static apr_size_t block_size(const apr_uint32_t cnt[6], int w)
{
    return (apr_size_t)cnt[TIME] * (w + 1) + (apr_size_t)cnt[TYPE] * 6 +
           cnt[CHAR] + (apr_size_t)cnt[LEAP] * (w + 4) + cnt[ISSTD] + cnt[ISUT];
}

/* The transitions of the block at pos, keeping only those that change
 * the offset (not just the abbreviation or the DST flag). */
static const char *read_block(apr_pool_t *p, hd_sla_zone *z,
                              const unsigned char *d, apr_size_t pos,
                              const apr_uint32_t cnt[6], int w)
{
    const unsigned char *times = d + pos;
    const unsigned char *idx = times + (apr_size_t)cnt[TIME] * w;
    const unsigned char *types = idx + cnt[TIME];
    apr_int64_t *at = apr_palloc(p, sizeof(*at) * (cnt[TIME] + 1));
    int *off = apr_palloc(p, sizeof(*off) * (cnt[TIME] + 1));
    apr_int64_t last = 0;
    int prev, i, n = 0;

    if (cnt[TYPE] == 0) {
        return "it has no local time types";
    }
    if (cnt[LEAP] > 0) {
        return "it counts leap seconds (a right/ zone); use the plain one";
    }
    for (i = 0; i < (int)cnt[TYPE]; i++) {
        apr_int64_t o = be32(types + 6 * i);
        if (o < OFFSET_MIN || o > OFFSET_MAX) {
            return "it has an impossible UT offset";
        }
    }
    prev = z->off_before = (int)be32(types);
    for (i = 0; i < (int)cnt[TIME]; i++) {
        apr_int64_t t = w == 8 ? be64(times + 8 * i) : be32(times + 4 * i);
        int o;
        if (idx[i] >= cnt[TYPE]) {
            return "a transition names a missing local time type";
        }
        if (i > 0 && t <= last) {
            return "its transitions are out of order";
        }
        last = t;
        o = (int)be32(types + 6 * idx[i]);
        if (o != prev) {
            at[n] = t;
            off[n++] = prev = o;
        }
    }
    z->ntrans = n;
    z->at = at;
    z->off = off;
    return NULL;
}

/* The footer of a version 2+ file: "\n" rule "\n" right after the
 * 64-bit block. */
static const char *read_footer(apr_pool_t *p, hd_sla_zone *z,
                               const unsigned char *d, apr_size_t len,
                               apr_size_t pos)
{
    const unsigned char *nl;
    if (pos >= len || d[pos] != '\n' ||
        !(nl = memchr(d + pos + 1, '\n', len - pos - 1))) {
        return "its closing TZ rule is missing";
    }
    if (!parse_rule(z, apr_pstrmemdup(p, (const char *)d + pos + 1,
                                      nl - (d + pos + 1)))) {
        return "its closing TZ rule cannot be read";
    }
    return NULL;
}

hd_sla_zone *hd_sla_zone_parse(apr_pool_t *p, const char *name,
                               const unsigned char *data, apr_size_t len,
                               const char **error)
{
    hd_sla_zone *z = apr_pcalloc(p, sizeof(*z));
    apr_uint32_t cnt[6];
    apr_size_t pos = TZIF_HEADER, size;
    const char *why;

    z->name = apr_pstrdup(p, name);
    if (!read_header(data, len, 0, cnt)) {
        why = "it is not a TZif file";
    }
    else if ((size = block_size(cnt, 4)) > len - pos) {
        why = "it is cut short";
    }
    else if (data[4] == '\0') { /* version 1: 32-bit times only */
        why = read_block(p, z, data, pos, cnt, 4);
    }
    else if (pos += size, !read_header(data, len, pos, cnt)) {
        why = "its second header is missing";
    }
    else if (pos += TZIF_HEADER, (size = block_size(cnt, 8)) > len - pos) {
        why = "it is cut short";
    }
    else if (!(why = read_block(p, z, data, pos, cnt, 8))) {
        why = read_footer(p, z, data, len, pos + size);
    }
    if (why) {
        *error = apr_psprintf(p, "time zone %s: %s", name, why);
        return NULL;
    }
    return z;
}

/* A name under /usr/share/zoneinfo, and nothing that leaves it. */
static int zone_name_ok(const char *name)
{
    const char *c;
    if (name[0] == '/' || strstr(name, "..")) {
        return 0;
    }
    for (c = name; *c; c++) {
        if (!((*c >= 'A' && *c <= 'Z') || (*c >= 'a' && *c <= 'z') ||
              (*c >= '0' && *c <= '9') || strchr("/_+-", *c))) {
            return 0;
        }
    }
    return 1;
}

/* The zone /etc/localtime links to, for messages and pages. */
static const char *localtime_name(apr_pool_t *p)
{
    char target[512];
    ssize_t n = readlink(LOCALTIME, target, sizeof(target) - 1);
    const char *under;
    if (n <= 0) {
        return "localtime";
    }
    target[n] = '\0';
    under = strstr(target, "zoneinfo/");
    return under ? apr_pstrdup(p, under + 9) : "localtime";
}

hd_sla_zone *hd_sla_zone_load(apr_pool_t *p, const char *name,
                              const char **error)
{
    const char *path;
    apr_file_t *f;
    apr_finfo_t fi;
    apr_status_t rv;
    unsigned char *data;
    apr_size_t got = 0;
    char buf[120];

    if (!name || !*name) {
        path = LOCALTIME;
        name = localtime_name(p);
    }
    else if (!zone_name_ok(name)) {
        *error = apr_psprintf(p, "time zone %s: not a zone name", name);
        return NULL;
    }
    else {
        path = apr_pstrcat(p, ZONEINFO, name, NULL);
    }
    rv = apr_file_open(&f, path, APR_FOPEN_READ | APR_FOPEN_BINARY,
                       APR_FPROT_OS_DEFAULT, p);
    if (rv == APR_SUCCESS) {
        rv = apr_file_info_get(&fi, APR_FINFO_SIZE | APR_FINFO_TYPE, f);
        if (rv == APR_SUCCESS && (fi.filetype != APR_REG || fi.size <= 0 ||
                                  fi.size > TZIF_MAX_BYTES)) {
            apr_file_close(f);
            *error = apr_psprintf(p, "time zone %s: %s is not a TZif file",
                                  name, path);
            return NULL;
        }
        if (rv == APR_SUCCESS) {
            data = apr_palloc(p, (apr_size_t)fi.size);
            rv = apr_file_read_full(f, data, (apr_size_t)fi.size, &got);
        }
        apr_file_close(f);
    }
    if (rv != APR_SUCCESS) {
        *error = apr_psprintf(p, "time zone %s: cannot read %s: %s", name, path,
                              apr_strerror(rv, buf, sizeof(buf)));
        return NULL;
    }
    return hd_sla_zone_parse(p, name, data, got, error);
}

const char *hd_sla_zone_name(const hd_sla_zone *z)
{
    return z->name;
}

/* -- business time -- */

void hd_sla_calendar_default(hd_sla_calendar *cal, const hd_sla_zone *zone)
{
    int wd;
    memset(cal, 0, sizeof(*cal));
    cal->zone = zone;
    for (wd = 1; wd <= 5; wd++) {
        cal->open[wd] = 7 * 60;
        cal->close[wd] = 18 * 60;
    }
}

static int is_holiday(const hd_sla_calendar *cal, int ymd)
{
    int lo = 0, hi = cal->nholidays;
    while (lo < hi) {
        int mid = lo + (hi - lo) / 2;
        if (cal->holidays[mid] == ymd) {
            return 1;
        }
        if (cal->holidays[mid] < ymd) {
            lo = mid + 1;
        }
        else {
            hi = mid;
        }
    }
    return 0;
}

/* Is local day `days' a working day; if so its opening hours in seconds
 * after midnight. */
static int working_day(const hd_sla_calendar *cal, apr_int64_t days,
                       apr_int64_t *open, apr_int64_t *close)
{
    int wd = weekday(days), m, d;
    apr_int64_t y;
    if (cal->open[wd] >= cal->close[wd] || cal->open[wd] < 0) {
        return 0;
    }
    civil_from_days(days, &y, &m, &d);
    if (is_holiday(cal, (int)(y * 10000 + m * 100 + d))) {
        return 0;
    }
    *open = (apr_int64_t)cal->open[wd] * 60;
    *close = (apr_int64_t)(cal->close[wd] > 1440 ? 1440 : cal->close[wd]) * 60;
    return 1;
}

/* The local wall time the next working day after `days' opens;
 * HD_SLA_NEVER when none ever does.  Each holiday can close at most one
 * week's only working day, so looking a week past as many weeks as there
 * are holidays is enough. */
static apr_int64_t next_opening(const hd_sla_calendar *cal, apr_int64_t days)
{
    apr_int64_t open, close, d;
    for (d = days + 1; d <= days + 7 * ((apr_int64_t)cal->nholidays + 1); d++) {
        if (working_day(cal, d, &open, &close)) {
            return d * DAY + open;
        }
    }
    return HD_SLA_NEVER;
}

/* From t on, how long the desk stays as it is: *open says whether t is
 * business time; the result is the instant that may change (the next
 * opening or closing, or a change of offset, whichever comes first). */
static apr_int64_t stretch(const hd_sla_calendar *cal, apr_int64_t t, int *open)
{
    apr_int64_t next_change, local, days, secs, o, c, edge;
    int off = zone_lookup(cal->zone, t, &next_change);

    local = t + off;
    days = floor_div(local, DAY);
    secs = local - days * DAY;
    *open = 0;
    if (working_day(cal, days, &o, &c) && secs < c) {
        *open = secs >= o;
        edge = days * DAY + (*open ? c : o);
    }
    else if ((edge = next_opening(cal, days)) == HD_SLA_NEVER) {
        return HD_SLA_NEVER; /* closed for good */
    }
    edge -= off;
    return edge < next_change ? edge : next_change;
}

/* Pauses: when the one(s) covering t end (t if none does), and when the
 * next one after t begins. */
static apr_int64_t paused_until(const hd_sla_pause *ps, int n, apr_int64_t t)
{
    apr_int64_t until = t;
    int i, again = 1;
    while (again) { /* overlapping pauses chain */
        again = 0;
        for (i = 0; i < n; i++) {
            if (ps[i].from <= until && until < ps[i].to) {
                until = ps[i].to;
                again = until != HD_SLA_NEVER;
            }
        }
    }
    return until;
}

static apr_int64_t next_pause(const hd_sla_pause *ps, int n, apr_int64_t t)
{
    apr_int64_t next = HD_SLA_NEVER;
    int i;
    for (i = 0; i < n; i++) {
        if (ps[i].from > t && ps[i].from < ps[i].to && ps[i].from < next) {
            next = ps[i].from;
        }
    }
    return next;
}

/* Walk business time from `from': until `budget' seconds of it have
 * passed (the instant returned) or until `to' (*spent says how much). */
static apr_int64_t walk(const hd_sla_calendar *cal, apr_int64_t from,
                        apr_int64_t to, apr_int64_t budget,
                        const hd_sla_pause *pauses, int npauses,
                        apr_int64_t *spent)
{
    apr_int64_t t = from, end, pause;
    int open;

    *spent = 0;
    while (t < to) {
        t = paused_until(pauses, npauses, t);
        if (t >= to) {
            break;
        }
        end = stretch(cal, t, &open);
        pause = next_pause(pauses, npauses, t);
        if (pause < end) {
            end = pause;
        }
        if (end > to) {
            end = to;
        }
        if (open) {
            if (end - t >= budget - *spent) {
                t += budget - *spent;
                *spent = budget;
                return t;
            }
            *spent += end - t;
        }
        t = end;
    }
    return HD_SLA_NEVER;
}

apr_int64_t hd_sla_add_business(const hd_sla_calendar *cal, apr_int64_t start,
                                apr_int64_t seconds, const hd_sla_pause *pauses,
                                int npauses)
{
    apr_int64_t spent;
    if (seconds <= 0) {
        return start;
    }
    return walk(cal, start, HD_SLA_NEVER, seconds, pauses, npauses, &spent);
}

apr_int64_t hd_sla_business_between(const hd_sla_calendar *cal,
                                    apr_int64_t from, apr_int64_t to,
                                    const hd_sla_pause *pauses, int npauses)
{
    apr_int64_t spent;
    walk(cal, from, to, HD_SLA_NEVER, pauses, npauses, &spent);
    return spent;
}
