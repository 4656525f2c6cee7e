/*
 * hd_ical.c -- iCalendar TEXT escaping and line folding (see hd_ical.h).
 */
#include "hd_ical.h"

#include "apr_strings.h"

#include <string.h>

const char *hd_ical_text(apr_pool_t *p, const char *s)
{
    const char *c;
    char *out, *o;

    if (!s[strcspn(s, "\\;,\r\n")]) {
        return s;
    }
    /* Each byte becomes at most two. */
    o = out = apr_palloc(p, 2 * strlen(s) + 1);
    for (c = s; *c; c++) {
        switch (*c) {
        case '\\':
        case ';':
        case ',':
            *o++ = '\\';
            *o++ = *c;
            break;
        case '\r':
            if (c[1] == '\n') {
                c++; /* CRLF is one break */
            }
            /* fall through */
        case '\n':
            *o++ = '\\';
            *o++ = 'n';
            break;
        default:
            *o++ = *c;
        }
    }
    *o = '\0';
    return out;
}

/* A byte that continues a UTF-8 character (10xxxxxx): no cut before it. */
#define CONTINUES(b) (((unsigned char)(b)&0xc0) == 0x80)

const char *hd_ical_line(apr_pool_t *p, const char *name, const char *value)
{
    const char *line = apr_pstrcat(p, name, ":", value, NULL);
    apr_size_t len = strlen(line), at = 0;
    /* Every piece gains a CRLF and (but the first) a space; a piece holds
     * at least 71 octets (74 less a character's 3 continuation bytes). */
    char *out = apr_palloc(p, len + 3 * (len / 71 + 1) + 1);
    char *o = out;

    while (at < len) {
        /* The first line has 75 octets, the others a space and 74. */
        apr_size_t room = HD_ICAL_LINE_OCTETS - (at ? 1 : 0);
        apr_size_t cut = len - at <= room ? len : at + room;

        /* Back to the start of the character the cut would split; a run
         * of stray continuation bytes (not UTF-8) is cut where it must. */
        while (cut < len && cut > at && CONTINUES(line[cut])) {
            cut--;
        }
        if (cut == at) {
            cut = at + room;
        }
        if (at) {
            *o++ = ' ';
        }
        memcpy(o, line + at, cut - at);
        o += cut - at;
        *o++ = '\r';
        *o++ = '\n';
        at = cut;
    }
    *o = '\0';
    return out;
}
