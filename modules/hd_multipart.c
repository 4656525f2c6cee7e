/*
 * hd_multipart.c -- the streaming multipart/form-data parser and the pure
 * helpers of attachments (file names, Content-Disposition, magic bytes,
 * ranges).  See hd_multipart.h.
 *
 * How the body is scanned: a part's data ends at the delimiter
 * CRLF "--" boundary.  The boundary's characters (RFC 2046 bchars) never
 * include CR, so CR occurs only at the delimiter's first byte: a partial
 * match that fails can always be passed on as data (its bytes are the
 * delimiter's own, so no copy of the input is kept) and the failing byte
 * tried again as a possible start.  Data runs between CRs go to the
 * callback as slices of the input, without copying.
 */
#include "hd_multipart.h"
#include "apr_strings.h"
#include "apr_lib.h"

#include <string.h>

typedef enum {
    ST_PREAMBLE, /* before the first delimiter: ignored */
    ST_AFTER,    /* just after a delimiter: "--" or padding and CRLF */
    ST_AFTER_DASH,
    ST_AFTER_PAD,
    ST_AFTER_CR,
    ST_HEADERS, /* a part's header lines up to the empty line */
    ST_BODY,    /* a part's data up to the next delimiter */
    ST_DONE,    /* after the close delimiter: the epilogue, ignored */
    ST_ERROR
} mp_state;

struct hd_mp_parser {
    const hd_mp_callbacks *cb;
    void *baton;
    char *delim; /* CRLF "--" boundary */
    apr_size_t dlen;
    apr_size_t m; /* bytes of delim matched so far */
    mp_state state;
    hd_mp_status status;
    const char *error;
    apr_size_t hlen;
    char hbuf[HD_MP_HEADER_MAX + 1];
};

static int is_bchar(int c)
{
    return apr_isalnum(c) || strchr("'()+_,-./:=? ", c) != NULL;
}

/* A header parameter's value: a token, or a quoted-string in which a
 * backslash escapes a quote or a backslash (others stay literal: old
 * browsers sent Windows paths unescaped).  *s is moved past it. */
static char *param_value(apr_pool_t *p, const char **s)
{
    const char *q = *s;
    char *out, *o;

    if (*q == '"') {
        q++;
        out = o = apr_palloc(p, strlen(q) + 1);
        while (*q && *q != '"') {
            if (*q == '\\' && (q[1] == '"' || q[1] == '\\')) {
                q++;
            }
            *o++ = *q++;
        }
        *o = '\0';
        if (*q == '"') {
            q++;
        }
    }
    else {
        const char *start = q;
        while (*q && *q != ';' && *q != ' ' && *q != '\t') {
            q++;
        }
        out = apr_pstrmemdup(p, start, q - start);
    }
    *s = q;
    return out;
}

/* Walk "type; a=1; b="2"": call back with each parameter (name lower
 * case).  Returns the type, lower case. */
typedef void (*param_fn)(void *b, const char *name, const char *value);
static char *parse_params(apr_pool_t *p, const char *v, param_fn fn, void *b)
{
    const char *s = v, *start;
    char *type;

    while (*s == ' ' || *s == '\t') {
        s++;
    }
    start = s;
    while (*s && *s != ';' && *s != ' ' && *s != '\t') {
        s++;
    }
    type = apr_pstrmemdup(p, start, s - start);
    for (char *t = type; *t; t++) {
        *t = apr_tolower(*t);
    }
    for (;;) {
        char *name;
        while (*s && *s != ';') {
            s++;
        }
        if (!*s) {
            break;
        }
        s++;
        while (*s == ' ' || *s == '\t') {
            s++;
        }
        start = s;
        while (*s && *s != '=' && *s != ';' && *s != ' ' && *s != '\t') {
            s++;
        }
        name = apr_pstrmemdup(p, start, s - start);
        for (char *t = name; *t; t++) {
            *t = apr_tolower(*t);
        }
        while (*s == ' ' || *s == '\t') {
            s++;
        }
        if (*s != '=') {
            continue;
        }
        s++;
        while (*s == ' ' || *s == '\t') {
            s++;
        }
        fn(b, name, param_value(p, &s));
    }
    return type;
}

typedef struct {
    const char *boundary;
} boundary_params;

static void boundary_param(void *b, const char *name, const char *value)
{
    if (!strcmp(name, "boundary")) {
        ((boundary_params *)b)->boundary = value;
    }
}

const char *hd_mp_boundary(apr_pool_t *p, const char *content_type)
{
    boundary_params bp = {NULL};
    const char *type, *c;
    apr_size_t n;

    if (!content_type) {
        return NULL;
    }
    type = parse_params(p, content_type, boundary_param, &bp);
    if (strcmp(type, "multipart/form-data") || !bp.boundary) {
        return NULL;
    }
    n = strlen(bp.boundary);
    if (n < 1 || n > 70 || bp.boundary[n - 1] == ' ') {
        return NULL;
    }
    for (c = bp.boundary; *c; c++) {
        if (!is_bchar((unsigned char)*c)) {
            return NULL;
        }
    }
    return bp.boundary;
}

hd_mp_parser *hd_mp_create(apr_pool_t *p, const char *boundary,
                           const hd_mp_callbacks *cb, void *baton)
{
    hd_mp_parser *mp = apr_pcalloc(p, sizeof(*mp));
    mp->cb = cb;
    mp->baton = baton;
    mp->delim = apr_pstrcat(p, "\r\n--", boundary, NULL);
    mp->dlen = strlen(mp->delim);
    /* The first delimiter may open the body: as if a CRLF came before. */
    mp->m = 2;
    mp->state = ST_PREAMBLE;
    mp->error = "";
    return mp;
}

static hd_mp_status fail(hd_mp_parser *mp, hd_mp_status st, const char *why)
{
    mp->state = ST_ERROR;
    mp->status = st;
    mp->error = why;
    return st;
}

typedef struct {
    apr_pool_t *p;
    const char *name, *filename, *filename_ext;
} disposition_params;

static void disposition_param(void *b, const char *name, const char *value)
{
    disposition_params *dp = b;
    if (!strcmp(name, "name")) {
        dp->name = value;
    }
    else if (!strcmp(name, "filename")) {
        dp->filename = value;
    }
    else if (!strcmp(name, "filename*")) {
        dp->filename_ext = value;
    }
}

static int hexval(int c)
{
    return apr_isdigit(c) ? c - '0' : apr_tolower(c) - 'a' + 10;
}

/* RFC 5987's UTF-8''%xx form (RFC 7578 says not to send it; some
 * clients do).  NULL for another charset. */
static const char *ext_value(apr_pool_t *p, const char *v)
{
    const char *q;
    char *out, *o;

    if (strncasecmp(v, "UTF-8'", 6) || !(q = strchr(v + 6, '\''))) {
        return NULL;
    }
    q++;
    out = o = apr_palloc(p, strlen(q) + 1);
    while (*q) {
        if (*q == '%' && apr_isxdigit(q[1]) && apr_isxdigit(q[2])) {
            *o++ = (char)(hexval(q[1]) * 16 + hexval(q[2]));
            q += 3;
        }
        else {
            *o++ = *q++;
        }
    }
    *o = '\0';
    return out;
}

/* The header block is complete in hbuf (ending CRLF CRLF, or a lone
 * CRLF for no headers): parse it, in a scratch pool so nothing of it
 * outlives the callback. */
static hd_mp_status begin_part(hd_mp_parser *mp)
{
    apr_pool_t *p;
    disposition_params dp;
    hd_mp_part part;
    char *line, *next;
    const char *disp = NULL, *ctype = NULL;
    int rc;

    if (apr_pool_create(&p, NULL) != APR_SUCCESS) {
        return fail(mp, HD_MP_ABORTED, "Out of memory.");
    }
    mp->hbuf[mp->hlen] = '\0';
    memset(&dp, 0, sizeof(dp));
    dp.p = p;
    for (line = mp->hbuf; *line; line = next) {
        char *colon, *v, *end = strstr(line, "\r\n");
        if (!end) {
            break;
        }
        *end = '\0';
        next = end + 2;
        /* Folded continuation lines (obsolete, but harmless to join). */
        while (*next == ' ' || *next == '\t') {
            char *e2 = strstr(next, "\r\n");
            if (!e2) {
                break;
            }
            *end = ' ';
            end[1] = ' ';
            end = e2;
            *end = '\0';
            next = end + 2;
        }
        if (!*line) {
            continue;
        }
        colon = strchr(line, ':');
        if (!colon) {
            apr_pool_destroy(p);
            return fail(mp, HD_MP_MALFORMED, "A part's header has no colon.");
        }
        *colon = '\0';
        v = colon + 1;
        while (*v == ' ' || *v == '\t') {
            v++;
        }
        if (!strcasecmp(line, "Content-Disposition")) {
            disp = v;
        }
        else if (!strcasecmp(line, "Content-Type")) {
            ctype = v;
        }
    }
    if (!disp ||
        strcmp(parse_params(p, disp, disposition_param, &dp), "form-data") ||
        !dp.name) {
        apr_pool_destroy(p);
        return fail(mp, HD_MP_MALFORMED,
                    "A part has no Content-Disposition: form-data with a "
                    "name.");
    }
    part.name = dp.name;
    part.filename = dp.filename;
    if (dp.filename_ext) {
        const char *x = ext_value(p, dp.filename_ext);
        if (x) {
            part.filename = x;
        }
    }
    part.content_type = ctype;
    rc = mp->cb->part_begin ? mp->cb->part_begin(mp->baton, &part) : 0;
    apr_pool_destroy(p);
    if (rc) {
        return fail(mp, HD_MP_ABORTED, "Stopped.");
    }
    return HD_MP_OK;
}

static hd_mp_status emit(hd_mp_parser *mp, const char *d, apr_size_t n)
{
    if (n && mp->state == ST_BODY && mp->cb->part_data &&
        mp->cb->part_data(mp->baton, d, n)) {
        return fail(mp, HD_MP_ABORTED, "Stopped.");
    }
    return HD_MP_OK;
}

/* Scan data for the delimiter (ST_PREAMBLE or ST_BODY): returns how many
 * bytes were used; when the delimiter was found, the state has moved to
 * ST_AFTER. */
static apr_size_t scan(hd_mp_parser *mp, const char *d, apr_size_t len)
{
    apr_size_t i = 0;

    while (i < len) {
        if (mp->m == 0) {
            const char *cr = memchr(d + i, '\r', len - i);
            apr_size_t end = cr ? (apr_size_t)(cr - d) : len;
            if (emit(mp, d + i, end - i) != HD_MP_OK) {
                return len;
            }
            i = end;
            if (!cr) {
                break;
            }
            mp->m = 1;
            i++;
            continue;
        }
        if (d[i] == mp->delim[mp->m]) {
            mp->m++;
            i++;
            if (mp->m == mp->dlen) {
                mp->m = 0;
                if (mp->state == ST_BODY && mp->cb->part_end &&
                    mp->cb->part_end(mp->baton)) {
                    fail(mp, HD_MP_ABORTED, "Stopped.");
                    return len;
                }
                mp->state = ST_AFTER;
                return i;
            }
        }
        else {
            /* Not the delimiter after all: what matched was data (the
             * delimiter's own bytes), and this byte may start a match. */
            if (emit(mp, mp->delim, mp->m) != HD_MP_OK) {
                return len;
            }
            mp->m = 0;
        }
    }
    return i;
}

hd_mp_status hd_mp_feed(hd_mp_parser *mp, const char *d, apr_size_t len)
{
    apr_size_t i = 0;

    while (i < len && mp->state != ST_ERROR) {
        char c = d[i];
        switch (mp->state) {
        case ST_PREAMBLE:
        case ST_BODY:
            i += scan(mp, d + i, len - i);
            break;
        case ST_AFTER:
            i++;
            if (c == '-') {
                mp->state = ST_AFTER_DASH;
            }
            else if (c == '\r') {
                mp->state = ST_AFTER_CR;
            }
            else if (c == ' ' || c == '\t') {
                mp->state = ST_AFTER_PAD;
            }
            else {
                return fail(mp, HD_MP_MALFORMED,
                            "A boundary is followed by something else.");
            }
            break;
        case ST_AFTER_DASH:
            i++;
            if (c != '-') {
                return fail(mp, HD_MP_MALFORMED,
                            "A boundary is followed by something else.");
            }
            mp->state = ST_DONE;
            break;
        case ST_AFTER_PAD:
            i++;
            if (c == '\r') {
                mp->state = ST_AFTER_CR;
            }
            else if (c != ' ' && c != '\t') {
                return fail(mp, HD_MP_MALFORMED,
                            "A boundary is followed by something else.");
            }
            break;
        case ST_AFTER_CR:
            i++;
            if (c != '\n') {
                return fail(mp, HD_MP_MALFORMED,
                            "A boundary line does not end in CRLF.");
            }
            mp->state = ST_HEADERS;
            mp->hlen = 0;
            break;
        case ST_HEADERS:
            i++;
            if (mp->hlen >= HD_MP_HEADER_MAX) {
                return fail(mp, HD_MP_MALFORMED,
                            "A part's headers are too "
                            "long.");
            }
            mp->hbuf[mp->hlen++] = c;
            if (c == '\n' && ((mp->hlen == 2 && mp->hbuf[0] == '\r') ||
                              (mp->hlen >= 4 && !memcmp(mp->hbuf + mp->hlen - 4,
                                                        "\r\n\r\n", 4)))) {
                if (begin_part(mp) != HD_MP_OK) {
                    return mp->status;
                }
                mp->state = ST_BODY;
                mp->m = 0;
            }
            break;
        case ST_DONE:
            return HD_MP_OK; /* the epilogue is ignored */
        case ST_ERROR:
            break;
        }
    }
    return mp->state == ST_ERROR ? mp->status : HD_MP_OK;
}

hd_mp_status hd_mp_finish(hd_mp_parser *mp)
{
    if (mp->state == ST_ERROR) {
        return mp->status;
    }
    if (mp->state != ST_DONE) {
        return fail(mp, HD_MP_TRUNCATED,
                    mp->state == ST_PREAMBLE
                        ? "The form has no parts."
                        : "The form ended before its last boundary: it did "
                          "not arrive whole.");
    }
    return HD_MP_OK;
}

const char *hd_mp_error(const hd_mp_parser *mp)
{
    return mp->error;
}

/* ------------------------------------------------------------------ */
/* File names                                                          */
/* ------------------------------------------------------------------ */

/* The length of the valid UTF-8 sequence at s (1-4), 0 when invalid. */
static int utf8_len(const unsigned char *s)
{
    if (s[0] < 0x80) {
        return 1;
    }
    if (s[0] >= 0xC2 && s[0] <= 0xDF) {
        return (s[1] & 0xC0) == 0x80 ? 2 : 0;
    }
    if (s[0] >= 0xE0 && s[0] <= 0xEF) {
        if ((s[1] & 0xC0) != 0x80 || (s[2] & 0xC0) != 0x80) {
            return 0;
        }
        if ((s[0] == 0xE0 && s[1] < 0xA0) || (s[0] == 0xED && s[1] >= 0xA0)) {
            return 0; /* overlong, or a surrogate */
        }
        return 3;
    }
    if (s[0] >= 0xF0 && s[0] <= 0xF4) {
        if ((s[1] & 0xC0) != 0x80 || (s[2] & 0xC0) != 0x80 ||
            (s[3] & 0xC0) != 0x80) {
            return 0;
        }
        if ((s[0] == 0xF0 && s[1] < 0x90) || (s[0] == 0xF4 && s[1] >= 0x90)) {
            return 0;
        }
        return 4;
    }
    return 0;
}

/* Characters that reorder how a name is shown (U+202A-202E embeddings
 * and overrides, U+2066-2069 isolates, U+200E/200F/061C marks): a file
 * "evil<RLO>gnp.exe" would read as "evilexe.png". */
static int is_bidi_control(const unsigned char *s, int n)
{
    if (n == 3 && s[0] == 0xE2 && s[1] == 0x80) {
        return s[2] == 0x8E || s[2] == 0x8F || (s[2] >= 0xAA && s[2] <= 0xAE);
    }
    if (n == 3 && s[0] == 0xE2 && s[1] == 0x81) {
        return s[2] >= 0xA6 && s[2] <= 0xA9;
    }
    return n == 2 && s[0] == 0xD8 && s[1] == 0x9C;
}

const char *hd_mp_safe_filename(apr_pool_t *p, const char *raw)
{
    const char *base = raw ? raw : "", *c;
    char *out, *o;
    apr_size_t n;

    for (c = base; *c; c++) {
        if (*c == '/' || *c == '\\') {
            base = c + 1;
        }
    }
    out = o = apr_palloc(p, strlen(base) + 1);
    for (c = base; *c;) {
        const unsigned char *u = (const unsigned char *)c;
        int len = utf8_len(u);
        if (len == 0) {
            *o++ = '_';
            c++;
        }
        else if ((len == 1 && (u[0] < 0x20 || u[0] == 0x7F)) ||
                 (len == 2 && u[0] == 0xC2 && u[1] < 0xA0) ||
                 is_bidi_control(u, len)) {
            c += len; /* control characters and reordering: dropped */
        }
        else {
            memcpy(o, c, len);
            o += len;
            c += len;
        }
    }
    *o = '\0';
    /* Leading and trailing spaces and dots confuse people and systems. */
    while (*out == ' ') {
        out++;
    }
    n = strlen(out);
    while (n && (out[n - 1] == ' ' || out[n - 1] == '.')) {
        out[--n] = '\0';
    }
    if (n > 255) {
        const char *dot = strrchr(out, '.');
        apr_size_t ext = dot ? strlen(dot) : 0;
        apr_size_t keep;
        if (ext > 16) {
            ext = 0;
        }
        keep = 255 - ext;
        /* Back to a character boundary. */
        while (keep && ((unsigned char)out[keep] & 0xC0) == 0x80) {
            keep--;
        }
        out = apr_pstrcat(p, apr_pstrmemdup(p, out, keep),
                          ext ? out + n - ext : "", NULL);
        n = strlen(out);
    }
    if (!n || !strcmp(out, ".") || !strcmp(out, "..")) {
        return "file";
    }
    return out;
}

const char *hd_mp_content_disposition(apr_pool_t *p, const char *disposition,
                                      const char *filename)
{
    apr_size_t n = strlen(filename), i;
    char *ascii = apr_palloc(p, n + 1), *enc = apr_palloc(p, 3 * n + 1);
    char *e = enc, *a = ascii;
    static const char hex[] = "0123456789ABCDEF";

    for (i = 0; i < n; i++) {
        unsigned char c = (unsigned char)filename[i];
        /* One '_' per character not plain printable ASCII (continuation
         * bytes of UTF-8 add none). */
        if (c >= 0x20 && c < 0x7F && c != '"' && c != '\\' && c != '%' &&
            c != ';') {
            *a++ = (char)c;
        }
        else if ((c & 0xC0) != 0x80) {
            *a++ = '_';
        }
        /* RFC 5987 attr-char: ALPHA DIGIT ! # $ & + - . ^ _ ` | ~ */
        if (apr_isalnum(c) || (c && c < 0x80 && strchr("!#$&+-.^_`|~", c))) {
            *e++ = (char)c;
        }
        else {
            *e++ = '%';
            *e++ = hex[c >> 4];
            *e++ = hex[c & 15];
        }
    }
    *a = '\0';
    *e = '\0';
    return apr_psprintf(p, "%s; filename=\"%s\"; filename*=UTF-8''%s",
                        disposition, ascii, enc);
}

const char *hd_mp_sniff_image(const unsigned char *d, apr_size_t len)
{
    if (len >= 8 && !memcmp(d, "\x89PNG\r\n\x1a\n", 8)) {
        return "image/png";
    }
    if (len >= 3 && d[0] == 0xFF && d[1] == 0xD8 && d[2] == 0xFF) {
        return "image/jpeg";
    }
    if (len >= 6 && (!memcmp(d, "GIF87a", 6) || !memcmp(d, "GIF89a", 6))) {
        return "image/gif";
    }
    if (len >= 12 && !memcmp(d, "RIFF", 4) && !memcmp(d + 8, "WEBP", 4)) {
        return "image/webp";
    }
    return NULL;
}

/* A decimal number of at most 18 digits; -1 when there is none. */
static apr_off_t range_num(const char **s)
{
    apr_off_t v = 0;
    int digits = 0;
    while (apr_isdigit(**s)) {
        if (++digits > 18) {
            return -1;
        }
        v = v * 10 + (**s - '0');
        (*s)++;
    }
    return digits ? v : -1;
}

int hd_mp_range(const char *h, apr_off_t size, apr_off_t *first,
                apr_off_t *last)
{
    apr_off_t a, b;

    if (!h || strncasecmp(h, "bytes=", 6) || strchr(h, ',')) {
        return -1;
    }
    h += 6;
    while (*h == ' ') {
        h++;
    }
    if (*h == '-') { /* the last b bytes */
        h++;
        b = range_num(&h);
        if (b < 0 || *h) {
            return -1;
        }
        if (b == 0 || size == 0) {
            return 0;
        }
        *first = b >= size ? 0 : size - b;
        *last = size - 1;
        return 1;
    }
    a = range_num(&h);
    if (a < 0 || *h != '-') {
        return -1;
    }
    h++;
    if (*h) {
        b = range_num(&h);
        if (b < 0 || *h || b < a) {
            return -1;
        }
    }
    else {
        b = size - 1;
    }
    if (a >= size) {
        return 0;
    }
    *first = a;
    *last = b >= size ? size - 1 : b;
    return 1;
}
