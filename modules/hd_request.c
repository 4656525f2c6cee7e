/*
 * hd_request.c -- reading what the browser sent: the Accept header, the
 * query string, a return address.  Everything here is pure (APR only)
 * so t/unit tests it directly.
 */
#include "mod_helpdesk.h"
#include "hd_request.h"
#include "apr_lib.h"

/* The q-value of one media range ("type/sub;q=0.5"); 1 when absent. */
static double media_range_q(const char *params)
{
    const char *q = params;
    while ((q = strchr(q, ';')) != NULL) {
        q++;
        while (*q == ' ' || *q == '\t')
            q++;
        if ((q[0] == 'q' || q[0] == 'Q') && q[1] == '=') {
            return atof(q + 2);
        }
    }
    return 1.0;
}

hd_format_e hd_request_negotiate(const char *accept)
{
    static const struct {
        const char *type;
        hd_format_e fmt;
    } offers[] = {
        {"text/html", HD_FMT_HTML},
        {"application/xhtml+xml", HD_FMT_HTML},
        {"application/json", HD_FMT_JSON},
        {"application/xml", HD_FMT_XML},
        {"text/xml", HD_FMT_XML},
    };
    hd_format_e best = HD_FMT_HTML;
    double best_q = 0;
    const char *p = accept;

    if (!accept || !*accept) {
        return HD_FMT_HTML;
    }
    /* Walk the comma-separated ranges; the first range with the highest
     * q wins, so "application/json" alone or first gets JSON, while a
     * browser's "text/html,...,*" gets HTML. Wildcards mean HTML. */
    while (*p) {
        const char *end = strchr(p, ',');
        apr_size_t len = end ? (apr_size_t)(end - p) : strlen(p);
        apr_size_t tlen;
        char range[128];
        double q;
        unsigned i;

        while (len && (*p == ' ' || *p == '\t'))
            p++, len--;
        tlen = strcspn(p, ";, \t");
        if (tlen > len)
            tlen = len;
        if (len < sizeof(range) && tlen > 0) {
            memcpy(range, p, len);
            range[len] = '\0';
            q = media_range_q(range);
            range[tlen] = '\0';
            for (i = 0; i < sizeof(offers) / sizeof(offers[0]); i++) {
                if (!strcasecmp(range, offers[i].type) && q > best_q) {
                    best = offers[i].fmt;
                    best_q = q;
                }
            }
            if ((!strcmp(range, "*/*") || !strcasecmp(range, "text/*")) &&
                q > best_q) {
                best = HD_FMT_HTML;
                best_q = q;
            }
        }
        if (!end)
            break;
        p = end + 1;
    }
    return best;
}

/* Decode %XX and '+' in place; returns 0 on a malformed escape. */
static int form_unescape(char *s)
{
    char *out = s;
    for (; *s; s++) {
        if (*s == '+') {
            *out++ = ' ';
        }
        else if (*s == '%') {
            if (!apr_isxdigit(s[1]) || !apr_isxdigit(s[2])) {
                return 0;
            }
            char hex[3] = {s[1], s[2], 0};
            char c = (char)strtol(hex, NULL, 16);
            /* A NUL would silently cut the value short; DEL instead is
             * kept, and refused by every check as the control character
             * it is (hd_request_text_chars). */
            *out++ = c ? c : 0x7f;
            s += 2;
        }
        else {
            *out++ = *s;
        }
    }
    *out = '\0';
    return 1;
}

apr_table_t *hd_request_query(apr_pool_t *p, const char *args)
{
    apr_table_t *t = apr_table_make(p, 8);
    char *copy, *pair, *state;

    if (!args) {
        return t;
    }
    copy = apr_pstrdup(p, args);
    for (pair = apr_strtok(copy, "&;", &state); pair;
         pair = apr_strtok(NULL, "&;", &state)) {
        char *eq = strchr(pair, '=');
        char *val = eq ? eq + 1 : pair + strlen(pair);
        if (eq)
            *eq = '\0';
        /* A malformed pair is dropped, never half-decoded. */
        if (!*pair || !form_unescape(pair) || !form_unescape(val)) {
            continue;
        }
        apr_table_add(t, pair, val); /* repeated names keep every value */
    }
    return t;
}

const char *hd_request_safe_return(apr_pool_t *p, const char *base,
                                   const char *wanted)
{
    apr_size_t blen = strlen(base);
    const char *fallback = apr_pstrcat(p, base, "/", NULL);
    const char *c;

    /* Only a path inside the portal: no scheme, no host ("//evil"), no
     * backslashes that browsers treat as slashes, no control bytes. */
    if (!wanted || strncmp(wanted, base, blen) ||
        (wanted[blen] != '/' && wanted[blen] != '\0')) {
        return fallback;
    }
    for (c = wanted; *c; c++) {
        if (*c == '\\' || (unsigned char)*c < 0x20 || *c == 0x7f) {
            return fallback;
        }
    }
    /* No dot segments, spelt out or percent-encoded (browsers resolve
     * "%2e%2e" like ".."), which could climb out of the portal. */
    for (c = wanted; (c = strchr(c, '/')) != NULL; c++) {
        const char *seg = c + 1;
        while (*seg == '.' || !strncasecmp(seg, "%2e", 3)) {
            seg += *seg == '.' ? 1 : 3;
        }
        if (seg != c + 1 &&
            (*seg == '/' || *seg == '\0' || *seg == '?' || *seg == '#')) {
            return fallback;
        }
    }
    if (strstr(wanted, "//")) {
        return fallback;
    }
    return wanted;
}

const char *hd_request_relative_path(const char *base, const char *uri)
{
    apr_size_t blen = strlen(base);
    if (strncmp(uri, base, blen)) {
        return NULL;
    }
    if (uri[blen] == '\0') {
        return "/";
    }
    return uri[blen] == '/' ? uri + blen : NULL;
}

/* apr_table_do callback collecting the values of one key. */
static int collect_value(void *arr, const char *key, const char *value)
{
    *(const char **)apr_array_push(arr) = value;
    return 1;
}

apr_array_header_t *hd_request_values(apr_pool_t *p, apr_table_t *t,
                                      const char *key)
{
    apr_array_header_t *arr = apr_array_make(p, 4, sizeof(char *));
    apr_table_do(collect_value, arr, t, key, NULL);
    return arr;
}

const char *hd_request_last(apr_pool_t *p, apr_table_t *t, const char *key)
{
    apr_array_header_t *v = hd_request_values(p, t, key);
    return v->nelts ? APR_ARRAY_IDX(v, v->nelts - 1, const char *) : NULL;
}

/* The code point of the well-formed UTF-8 sequence at c (no overlongs,
 * no surrogates, nothing past U+10FFFF) and its length, or 0 when the
 * bytes there are not one. */
static int utf8_char(const unsigned char *c, unsigned *cp)
{
    int len, i;

    if (*c < 0x80) {
        *cp = *c;
        return 1;
    }
    if ((*c & 0xe0) == 0xc0) {
        len = 2;
        *cp = *c & 0x1f;
    }
    else if ((*c & 0xf0) == 0xe0) {
        len = 3;
        *cp = *c & 0x0f;
    }
    else if ((*c & 0xf8) == 0xf0) {
        len = 4;
        *cp = *c & 0x07;
    }
    else {
        return 0;
    }
    for (i = 1; i < len; i++) {
        if ((c[i] & 0xc0) != 0x80) {
            return 0;
        }
        *cp = (*cp << 6) | (c[i] & 0x3f);
    }
    if ((len == 2 && *cp < 0x80) || (len == 3 && *cp < 0x800) ||
        (len == 4 && (*cp < 0x10000 || *cp > 0x10ffff)) ||
        (*cp >= 0xd800 && *cp <= 0xdfff)) {
        return 0;
    }
    return len;
}

/* Control characters (C0 but tab and, in multi-line text, line breaks;
 * DEL; C1) and Unicode's non-characters (U+FDD0..U+FDEF and the last two
 * of every plane): XML 1.0 cannot carry some of them at all, and none of
 * them is anything a person typed on purpose. */
static int unshowable(unsigned cp, int multiline)
{
    if (cp < 0x20) {
        return !(cp == '\t' || (multiline && (cp == '\n' || cp == '\r')));
    }
    return (cp >= 0x7f && cp <= 0x9f) || (cp >= 0xfdd0 && cp <= 0xfdef) ||
           (cp & 0xfffe) == 0xfffe;
}

long hd_request_text_chars(const char *s, int multiline)
{
    const unsigned char *c = (const unsigned char *)s;
    long n = 0;

    /* What cannot be shown must not be stored. */
    while (*c) {
        unsigned cp;
        int len = utf8_char(c, &cp);
        if (!len || unshowable(cp, multiline)) {
            return -1;
        }
        c += len;
        n++;
    }
    return n;
}

const char *hd_request_showable(apr_pool_t *p, const char *s)
{
    const unsigned char *c = (const unsigned char *)s;
    char *out, *o;

    /* The common case costs one scan and no copy. */
    while (*c) {
        unsigned cp;
        int len = utf8_char(c, &cp);
        if (!len || unshowable(cp, 1)) {
            break;
        }
        c += len;
    }
    if (!*c) {
        return s;
    }
    /* Each bad byte or character becomes U+FFFD (3 bytes): at most 3x. */
    o = out = apr_palloc(p, strlen(s) * 3 + 1);
    memcpy(o, s, (const char *)c - s);
    o += (const char *)c - s;
    while (*c) {
        unsigned cp;
        int len = utf8_char(c, &cp);
        if (!len || unshowable(cp, 1)) {
            memcpy(o, "\xef\xbf\xbd", 3);
            o += 3;
            c += len ? len : 1;
            continue;
        }
        memcpy(o, c, len);
        o += len;
        c += len;
    }
    *o = '\0';
    return out;
}

int hd_request_is_blank(const char *s)
{
    while (*s && apr_isspace(*s)) {
        s++;
    }
    return *s == '\0';
}
