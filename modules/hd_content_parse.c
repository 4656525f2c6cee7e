/*
 * hd_content_parse.c -- what the desk types for news and maintenance,
 * read strictly (hd_content.h).  Pure code (APR only), unit-tested.
 */
#include "mod_helpdesk.h"
#include "hd_content.h"
#include "apr_lib.h"
#include "apr_strings.h"

/* n digits at s as a number, or -1. */
static int digits(const char *s, int n)
{
    int v = 0, i;
    for (i = 0; i < n; i++) {
        if (!apr_isdigit(s[i])) {
            return -1;
        }
        v = v * 10 + (s[i] - '0');
    }
    return v;
}

const char *hd_content_parse_time(apr_pool_t *p, const char *text)
{
    static const int month_days[] = {31, 28, 31, 30, 31, 30,
                                     31, 31, 30, 31, 30, 31};
    const char *s = text;
    apr_size_t n;
    int y, mo, d, h, mi, sec = 0, days;

    while (apr_isspace(*s)) {
        s++;
    }
    n = strlen(s);
    while (n && apr_isspace(s[n - 1])) {
        n--;
    }
    /* "YYYY-MM-DD HH:MM" is 16 characters, with ":SS" 19. */
    if ((n != 16 && n != 19) || s[4] != '-' || s[7] != '-' ||
        (s[10] != ' ' && s[10] != 'T') || s[13] != ':' ||
        (n == 19 && s[16] != ':')) {
        return NULL;
    }
    y = digits(s, 4);
    mo = digits(s + 5, 2);
    d = digits(s + 8, 2);
    h = digits(s + 11, 2);
    mi = digits(s + 14, 2);
    if (n == 19) {
        sec = digits(s + 17, 2);
    }
    if (y < 1000 || mo < 1 || mo > 12 || d < 1 || h < 0 || h > 23 || mi < 0 ||
        mi > 59 || sec < 0 || sec > 59) {
        return NULL;
    }
    days = month_days[mo - 1];
    if (mo == 2 && y % 4 == 0 && (y % 100 != 0 || y % 400 == 0)) {
        days = 29;
    }
    if (d > days) {
        return NULL;
    }
    return apr_psprintf(p, "%04d-%02d-%02d %02d:%02d:%02d", y, mo, d, h, mi,
                        sec);
}

int hd_content_parse_int(const char *text, long *out)
{
    const char *s = text, *d;
    long v = 0;
    int neg = 0;

    while (apr_isspace(*s)) {
        s++;
    }
    if (*s == '-' || *s == '+') {
        neg = *s == '-';
        s++;
    }
    d = s;
    /* Ten digits at most: the bound below is checked on each step. */
    while (apr_isdigit(*s) && s - d < 10) {
        v = v * 10 + (*s - '0');
        s++;
    }
    while (apr_isspace(*s)) {
        s++;
    }
    if (s == d || *s || v > 2147483647L + neg) {
        return 0;
    }
    *out = neg ? -v : v;
    return 1;
}
