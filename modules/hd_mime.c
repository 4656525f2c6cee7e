/*
 * hd_mime.c -- an incoming message read with GMime 3 (hd_mime.h).
 *
 * GMime does the hard parts: the MIME tree, transfer encodings, RFC 2047
 * words in headers, RFC 2231 parameters, charset conversion (through
 * its thread-safe iconv cache).  Here we decide what the portal takes
 * from a message: one text (text/plain preferred over text/html in a
 * multipart/alternative, HTML made into text with libxml2's forgiving
 * HTML parser), the threading headers, the signs of mail written by a
 * machine, and the list of parts that carry files.
 *
 * Every GObject made here is unreferenced by a cleanup on the caller's
 * pool, registered the line after it is made; every string kept is
 * copied into that pool first.
 */
#include "hd_mime.h"
#include "hd_request.h"

#include "apr_lib.h"
#include "apr_strings.h"

#include <gmime/gmime.h>
#include <libxml/HTMLparser.h>

#include <limits.h>
#include <string.h>

void hd_mime_init(void)
{
    g_mime_init();
}

/* ------------------------------------------------------------------ */
/* Text                                                                */
/* ------------------------------------------------------------------ */

const char *hd_mime_clean(apr_pool_t *p, const char *s, apr_size_t len,
                          int multiline)
{
    /* NUL would end the string early: DEL instead, which the showable
     * check replaces like any control character. */
    char *copy = apr_palloc(p, len + 1), *o = copy;
    const char *shown, *c;
    char *out;
    apr_size_t i;

    for (i = 0; i < len; i++) {
        char ch = s[i];
        if (ch == '\r') {
            ch = '\n';
            if (i + 1 < len && s[i + 1] == '\n') {
                i++;
            }
        }
        if (!multiline && (ch == '\n' || ch == '\t')) {
            ch = ' ';
        }
        *o++ = ch ? ch : 0x7f;
    }
    *o = '\0';
    shown = hd_request_showable(p, copy);
    if (multiline) {
        return shown;
    }
    /* One line: runs of spaces as one, none at either end. */
    out = o = apr_palloc(p, strlen(shown) + 1);
    for (c = shown; *c; c++) {
        if (*c == ' ' && (o == out || o[-1] == ' ')) {
            continue;
        }
        *o++ = *c;
    }
    while (o > out && o[-1] == ' ') {
        o--;
    }
    *o = '\0';
    return out;
}

/* A growing buffer of text. */
typedef struct {
    apr_pool_t *p;
    char *buf;
    apr_size_t len, cap;
} text_buf;

static void tb_add(text_buf *t, const char *s, apr_size_t n)
{
    if (t->len + n + 1 > t->cap) {
        apr_size_t cap = t->cap ? t->cap : 256;
        char *nb;
        while (cap < t->len + n + 1) {
            cap *= 2;
        }
        nb = apr_palloc(t->p, cap);
        if (t->len) {
            memcpy(nb, t->buf, t->len);
        }
        t->buf = nb;
        t->cap = cap;
    }
    memcpy(t->buf + t->len, s, n);
    t->len += n;
    t->buf[t->len] = '\0';
}

/* Lines without trailing blanks, at most one blank line in a row, none
 * at either end. */
static const char *tidy_lines(apr_pool_t *p, const char *s)
{
    char *out = apr_palloc(p, strlen(s) + 1), *o = out;
    int newlines = 0;
    const char *c;

    for (c = s; *c; c++) {
        if (*c == '\n') {
            while (o > out && (o[-1] == ' ' || o[-1] == '\t')) {
                o--;
            }
            newlines++;
            continue;
        }
        if (newlines && o > out) {
            int n = newlines > 2 ? 2 : newlines;
            while (n--) {
                *o++ = '\n';
            }
        }
        newlines = 0;
        *o++ = *c;
    }
    while (o > out && (o[-1] == ' ' || o[-1] == '\t')) {
        o--;
    }
    *o = '\0';
    return out;
}

/* ------------------------------------------------------------------ */
/* HTML to text                                                        */
/* ------------------------------------------------------------------ */

typedef struct {
    text_buf out;
    int breaks; /* line breaks owed before the next text */
    int space;  /* a space owed before the next text */
    int pre;    /* inside <pre>: white space as written */
} html_state;

static int name_in(const xmlChar *name, const char *const *list)
{
    int i;
    for (i = 0; list[i]; i++) {
        if (!xmlStrcasecmp(name, (const xmlChar *)list[i])) {
            return 1;
        }
    }
    return 0;
}

static const char *const html_dropped[] = {
    "script", "style",  "head", "title", "noscript", "template",
    "object", "iframe", "svg",  "math",  NULL};
/* A blank line around these. */
static const char *const html_paragraphs[] = {
    "p",  "h1", "h2",    "h3",         "h4",  "h5", "h6",
    "ul", "ol", "table", "blockquote", "pre", "hr", NULL};
/* A line of their own. */
static const char *const html_lines[] = {
    "div",     "li",     "tr",     "dd",      "dt",      "dl",   "section",
    "article", "header", "footer", "nav",     "address", "form", "fieldset",
    "figure",  "main",   "aside",  "caption", NULL};

static void owe_breaks(html_state *h, int n)
{
    if (h->out.len && h->breaks < n) {
        h->breaks = n;
    }
}

static void flush_breaks(html_state *h)
{
    while (h->breaks > 0) {
        tb_add(&h->out, "\n", 1);
        h->breaks--;
    }
    h->space = 0;
}

static void html_text(html_state *h, const char *s)
{
    const char *c;
    for (c = s; *c; c++) {
        int blank =
            *c == ' ' || *c == '\t' || *c == '\n' || *c == '\r' || *c == '\f';
        if (h->pre) {
            flush_breaks(h);
            if (*c != '\r') {
                tb_add(&h->out, c, 1);
            }
            continue;
        }
        if (blank) {
            h->space = 1;
            continue;
        }
        if (h->breaks) {
            flush_breaks(h);
        }
        else if (h->space && h->out.len && h->out.buf[h->out.len - 1] != '\n') {
            tb_add(&h->out, " ", 1);
        }
        h->space = 0;
        tb_add(&h->out, c, 1);
    }
}

static void html_walk(html_state *h, xmlNodePtr n, int depth)
{
    for (; n; n = n->next) {
        if (n->type == XML_TEXT_NODE || n->type == XML_CDATA_SECTION_NODE) {
            if (n->content) {
                html_text(h, (const char *)n->content);
            }
            continue;
        }
        if (n->type != XML_ELEMENT_NODE || depth > 200) {
            continue;
        }
        if (name_in(n->name, html_dropped)) {
            continue;
        }
        if (!xmlStrcasecmp(n->name, (const xmlChar *)"br")) {
            /* Two in a row are a blank line, as the reader saw it. */
            if (h->breaks) {
                tb_add(&h->out, "\n", 1);
            }
            h->breaks = 1;
            continue;
        }
        if (name_in(n->name, html_paragraphs)) {
            owe_breaks(h, 2);
        }
        else if (name_in(n->name, html_lines)) {
            owe_breaks(h, 1);
        }
        if (!xmlStrcasecmp(n->name, (const xmlChar *)"li")) {
            flush_breaks(h);
            tb_add(&h->out, "- ", 2);
        }
        if (!xmlStrcasecmp(n->name, (const xmlChar *)"td") ||
            !xmlStrcasecmp(n->name, (const xmlChar *)"th")) {
            h->space = 1;
        }
        if (!xmlStrcasecmp(n->name, (const xmlChar *)"pre")) {
            h->pre++;
        }
        html_walk(h, n->children, depth + 1);
        if (!xmlStrcasecmp(n->name, (const xmlChar *)"pre")) {
            h->pre--;
        }
        if (name_in(n->name, html_paragraphs)) {
            owe_breaks(h, 2);
        }
        else if (name_in(n->name, html_lines)) {
            owe_breaks(h, 1);
        }
    }
}

static apr_status_t free_doc(void *doc)
{
    xmlFreeDoc(doc);
    return APR_SUCCESS;
}

const char *hd_mime_html_to_text(apr_pool_t *p, const char *html,
                                 apr_size_t len)
{
    html_state h;
    htmlDocPtr doc;

    memset(&h, 0, sizeof(h));
    h.out.p = p;
    tb_add(&h.out, "", 0);
    if (len == 0 || len > INT_MAX) {
        return "";
    }
    /* UTF-8 whatever a <meta> says: GMime has converted the part. */
    doc = htmlReadMemory(html, (int)len, NULL, "UTF-8",
                         HTML_PARSE_RECOVER | HTML_PARSE_NOERROR |
                             HTML_PARSE_NOWARNING | HTML_PARSE_NONET);
    if (!doc) {
        return "";
    }
    apr_pool_cleanup_register(p, doc, free_doc, apr_pool_cleanup_null);
    html_walk(&h, xmlDocGetRootElement(doc), 0);
    return tidy_lines(p, hd_mime_clean(p, h.out.buf, h.out.len, 1));
}

/* ------------------------------------------------------------------ */
/* Parts                                                               */
/* ------------------------------------------------------------------ */

static apr_status_t unref(void *obj)
{
    g_object_unref(obj);
    return APR_SUCCESS;
}

/* Is the object of this type ("text", "plain"; "*" for any subtype)? */
static int is_type(GMimeObject *o, const char *type, const char *subtype)
{
    GMimeContentType *ct = g_mime_object_get_content_type(o);
    return ct && g_mime_content_type_is_type(ct, type, subtype);
}

/* A part that is the message's text rather than a file. */
static int is_text_body(GMimeObject *o)
{
    const char *disp = g_mime_object_get_disposition(o);
    return GMIME_IS_PART(o) &&
           (is_type(o, "text", "plain") || is_type(o, "text", "html")) &&
           !(disp && !g_ascii_strcasecmp(disp, "attachment")) &&
           !g_mime_part_get_filename(GMIME_PART(o));
}

/* The part's content, transfer encoding undone and, for text, in UTF-8
 * (a charset iconv does not know: the bytes as they are, cleaned up
 * later like any invalid UTF-8). */
static const char *part_bytes(apr_pool_t *p, GMimePart *part, int to_utf8,
                              apr_size_t *len)
{
    GMimeDataWrapper *content = g_mime_part_get_content(part);
    const char *charset =
        g_mime_object_get_content_type_parameter(GMIME_OBJECT(part), "charset");
    GMimeStream *mem, *filtered;
    GByteArray *bytes;
    const char *data;

    *len = 0;
    if (!content) {
        return "";
    }
    mem = g_mime_stream_mem_new();
    apr_pool_cleanup_register(p, mem, unref, apr_pool_cleanup_null);
    filtered = g_mime_stream_filter_new(mem);
    apr_pool_cleanup_register(p, filtered, unref, apr_pool_cleanup_null);
    if (to_utf8 && charset && g_ascii_strcasecmp(charset, "utf-8") &&
        g_ascii_strcasecmp(charset, "us-ascii")) {
        GMimeFilter *f = g_mime_filter_charset_new(charset, "UTF-8");
        if (f) {
            g_mime_stream_filter_add(GMIME_STREAM_FILTER(filtered), f);
            g_object_unref(f);
        }
    }
    g_mime_data_wrapper_write_to_stream(content, filtered);
    g_mime_stream_flush(filtered);
    bytes = g_mime_stream_mem_get_byte_array(GMIME_STREAM_MEM(mem));
    data = apr_pstrmemdup(p, (const char *)bytes->data, bytes->len);
    *len = bytes->len;
    /* No charset given and not UTF-8: ISO-8859-1 is the likeliest. */
    if (to_utf8 && !charset && !g_utf8_validate(data, (gssize)*len, NULL)) {
        gsize n = 0;
        gchar *u = g_convert(data, (gssize)*len, "UTF-8", "ISO-8859-1", NULL,
                             &n, NULL);
        if (u) {
            data = apr_pstrmemdup(p, u, n);
            *len = n;
            g_free(u);
        }
    }
    return data;
}

/* The decoded size of a part, without keeping it. */
static apr_size_t part_size(GMimePart *part)
{
    GMimeDataWrapper *content = g_mime_part_get_content(part);
    GMimeStream *null;
    ssize_t n;

    if (!content) {
        return 0;
    }
    null = g_mime_stream_null_new();
    n = g_mime_data_wrapper_write_to_stream(content, null);
    g_object_unref(null);
    return n > 0 ? (apr_size_t)n : 0;
}

/* The text part to read: in a multipart/alternative text/plain over
 * text/html over anything else readable; elsewhere the first text that
 * is not a file.  NULL when there is none. */
static GMimePart *find_body(GMimeObject *o, int depth)
{
    if (depth > 20) {
        return NULL;
    }
    if (GMIME_IS_MULTIPART(o)) {
        GMimeMultipart *mp = GMIME_MULTIPART(o);
        int i, n = g_mime_multipart_get_count(mp);
        GMimePart *html = NULL;

        if (is_type(o, "multipart", "encrypted")) {
            return NULL;
        }
        if (is_type(o, "multipart", "alternative")) {
            GMimePart *other = NULL;
            for (i = 0; i < n; i++) {
                GMimeObject *c = g_mime_multipart_get_part(mp, i);
                if (is_text_body(c) && is_type(c, "text", "plain")) {
                    return GMIME_PART(c);
                }
                if (!html && is_text_body(c)) {
                    html = GMIME_PART(c);
                }
                if (!other && GMIME_IS_MULTIPART(c)) {
                    other = find_body(c, depth + 1);
                }
            }
            return html ? html : other;
        }
        /* mixed, related, signed, ...: the first readable part, in
         * order (a signature or an attachment comes after the text). */
        for (i = 0; i < n; i++) {
            GMimeObject *c = g_mime_multipart_get_part(mp, i);
            GMimePart *b = is_text_body(c)         ? GMIME_PART(c)
                           : GMIME_IS_MULTIPART(c) ? find_body(c, depth + 1)
                                                   : NULL;
            if (b) {
                return b;
            }
        }
        return NULL;
    }
    return is_text_body(o) ? GMIME_PART(o) : NULL;
}

typedef struct {
    apr_pool_t *p;
    hd_mime_message *m;
    GMimeObject *body;
    int report; /* a delivery-status part was seen */
} walk_state;

/* Parts that are only the machinery of signing. */
static int is_signature(GMimeObject *o)
{
    return is_type(o, "application", "pgp-signature") ||
           is_type(o, "application", "pkcs7-signature") ||
           is_type(o, "application", "x-pkcs7-signature");
}

static void collect_parts(GMimeObject *parent, GMimeObject *o, void *baton)
{
    walk_state *w = baton;
    hd_mime_attachment *a;
    GMimeContentType *ct = g_mime_object_get_content_type(o);
    char *type;
    (void)parent;

    if (is_type(o, "message", "delivery-status") ||
        is_type(o, "message", "global-delivery-status") ||
        is_type(o, "multipart", "report")) {
        w->report = 1;
    }
    if (GMIME_IS_MULTIPART(o) || o == w->body || is_signature(o)) {
        return;
    }
    if (GMIME_IS_PART(o) && is_text_body(o) && !w->report) {
        return; /* another alternative of the text, not a file */
    }
    if (!GMIME_IS_PART(o) && !GMIME_IS_MESSAGE_PART(o)) {
        return;
    }
    a = apr_array_push(w->m->attachments);
    type = ct ? g_mime_content_type_get_mime_type(ct) : NULL;
    a->content_type =
        apr_pstrdup(w->p, type ? type : "application/octet-stream");
    g_free(type);
    for (type = (char *)a->content_type; *type; type++) {
        *type = apr_tolower(*type);
    }
    a->filename = "";
    a->size = 0;
    a->object = o; /* the message (and so o) lives until the pool's end */
    if (GMIME_IS_PART(o)) {
        const char *name = g_mime_part_get_filename(GMIME_PART(o));
        if (name) {
            a->filename = hd_mime_clean(w->p, name, strlen(name), 0);
        }
        a->size = part_size(GMIME_PART(o));
    }
    else {
        /* A forwarded message: its bytes as they stand. */
        GMimeMessage *inner =
            g_mime_message_part_get_message(GMIME_MESSAGE_PART(o));
        GMimeStream *null = g_mime_stream_null_new();
        ssize_t n = inner ? g_mime_object_write_to_stream(GMIME_OBJECT(inner),
                                                          NULL, null)
                          : 0;
        g_object_unref(null);
        a->size = n > 0 ? (apr_size_t)n : 0;
        if (inner && g_mime_message_get_subject(inner)) {
            const char *s = g_mime_message_get_subject(inner);
            a->filename = apr_pstrcat(
                w->p, hd_mime_clean(w->p, s, strlen(s), 0), ".eml", NULL);
        }
    }
}

/* Read stream to its end in pieces for cb->data: 0, cb's stop value,
 * or -1 on a read error. */
static int pour(GMimeStream *stream, const hd_mime_part_callbacks *cb,
                void *baton, char *buf)
{
    for (;;) {
        ssize_t n = g_mime_stream_read(stream, buf, HD_MIME_PIECE);
        int rv;
        if (n < 0) {
            return -1;
        }
        if (n == 0) {
            return g_mime_stream_eos(stream) ? 0 : -1;
        }
        if ((rv = cb->data(baton, buf, (apr_size_t)n)) != 0) {
            return rv;
        }
    }
}

/* A leaf part's bytes: its encoded content (a window on the message's
 * buffer) read through a decoding filter, as
 * g_mime_data_wrapper_write_to_stream would write it, but pulled a
 * piece at a time so that nothing collects the whole file. */
static int pour_part(GMimePart *part, const hd_mime_part_callbacks *cb,
                     void *baton, char *buf)
{
    GMimeDataWrapper *content = g_mime_part_get_content(part);
    GMimeStream *src, *filtered;
    GMimeContentEncoding enc;
    int rv;

    if (!content || !(src = g_mime_data_wrapper_get_stream(content))) {
        return 0; /* an empty part */
    }
    enc = g_mime_data_wrapper_get_encoding(content);
    if (g_mime_stream_reset(src) < 0) {
        return -1;
    }
    filtered = g_mime_stream_filter_new(src);
    if (enc == GMIME_CONTENT_ENCODING_BASE64 ||
        enc == GMIME_CONTENT_ENCODING_QUOTEDPRINTABLE ||
        enc == GMIME_CONTENT_ENCODING_UUENCODE) {
        GMimeFilter *f = g_mime_filter_basic_new(enc, FALSE);
        g_mime_stream_filter_add(GMIME_STREAM_FILTER(filtered), f);
        g_object_unref(f);
    }
    rv = pour(filtered, cb, baton, buf);
    g_object_unref(filtered);
    g_mime_stream_reset(src);
    return rv;
}

/* A forwarded message: GMime writes it out (headers re-folded as it
 * keeps them), once, into memory; that one part's bytes are the only
 * ones ever held, bounded by HelpdeskMailMaxBytes. */
static int pour_message(GMimeMessagePart *mp, const hd_mime_part_callbacks *cb,
                        void *baton, char *buf)
{
    GMimeMessage *inner = g_mime_message_part_get_message(mp);
    GMimeStream *mem;
    int rv = 0;

    if (!inner) {
        return 0;
    }
    mem = g_mime_stream_mem_new();
    if (g_mime_object_write_to_stream(GMIME_OBJECT(inner), NULL, mem) < 0 ||
        g_mime_stream_reset(mem) < 0) {
        rv = -1;
    }
    else {
        rv = pour(mem, cb, baton, buf);
    }
    g_object_unref(mem);
    return rv;
}

int hd_mime_each_attachment(apr_pool_t *p, const hd_mime_message *m,
                            const hd_mime_part_callbacks *cb, void *baton)
{
    /* One buffer for every part and piece. */
    char *buf = apr_palloc(p, HD_MIME_PIECE);
    int i, rv = 0;

    for (i = 0; rv == 0 && m->attachments && i < m->attachments->nelts; i++) {
        const hd_mime_attachment *a =
            &APR_ARRAY_IDX(m->attachments, i, hd_mime_attachment);
        GMimeObject *o = a->object;

        rv = cb->begin(baton, a);
        if (rv == HD_MIME_SKIP) {
            rv = 0;
            continue;
        }
        if (rv != 0) {
            break;
        }
        if (o && GMIME_IS_PART(o)) {
            rv = pour_part(GMIME_PART(o), cb, baton, buf);
        }
        else if (o && GMIME_IS_MESSAGE_PART(o)) {
            rv = pour_message(GMIME_MESSAGE_PART(o), cb, baton, buf);
        }
        if (rv == 0) {
            rv = cb->end(baton);
        }
    }
    return rv;
}

/* ------------------------------------------------------------------ */
/* Headers                                                             */
/* ------------------------------------------------------------------ */

/* An id as it is kept: without <> and blanks, one line, bounded. */
static const char *clean_id(apr_pool_t *p, const char *id)
{
    apr_size_t n;
    while (*id == '<' || apr_isspace(*id)) {
        id++;
    }
    n = strcspn(id, "> \t\r\n");
    if (n > 250) {
        n = 250;
    }
    return hd_mime_clean(p, id, n, 0);
}

static const char *header(GMimeObject *o, const char *name)
{
    const char *v = g_mime_object_get_header(o, name);
    return v ? v : NULL;
}

/* The first word of a header's value, lower case ("auto-replied"). */
static const char *first_token(apr_pool_t *p, const char *v)
{
    apr_size_t n;
    char *t, *c;
    while (apr_isspace(*v)) {
        v++;
    }
    n = strcspn(v, "; \t\r\n(");
    t = apr_pstrmemdup(p, v, n);
    for (c = t; *c; c++) {
        *c = apr_tolower(*c);
    }
    return t;
}

/* Why this is mail from a machine, or NULL (RFC 3834, RFC 3464 and what
 * Exchange and list servers put in their mail). */
static const char *automatic_reason(apr_pool_t *p, GMimeMessage *msg,
                                    const hd_mime_message *m, int report)
{
    GMimeObject *o = GMIME_OBJECT(msg);
    const char *v, *local_end;

    if ((v = header(o, "Auto-Submitted")) && strcmp(first_token(p, v), "no")) {
        return apr_pstrcat(p, "Auto-Submitted: ", first_token(p, v), NULL);
    }
    if ((v = header(o, "Precedence"))) {
        const char *t = first_token(p, v);
        if (!strcmp(t, "bulk") || !strcmp(t, "junk") || !strcmp(t, "list")) {
            return apr_pstrcat(p, "Precedence: ", t, NULL);
        }
    }
    if (header(o, "X-Auto-Response-Suppress")) {
        return "X-Auto-Response-Suppress";
    }
    if ((v = header(o, "Return-Path"))) {
        while (apr_isspace(*v)) {
            v++;
        }
        if (!strncmp(v, "<>", 2) || !*v) {
            return "Return-Path: <> (a bounce)";
        }
    }
    if (report) {
        return "a delivery status report (a bounce)";
    }
    local_end = strchr(m->from_addr, '@');
    if (local_end) {
        apr_size_t n = (apr_size_t)(local_end - m->from_addr);
        if ((n == 13 && !strncmp(m->from_addr, "mailer-daemon", 13)) ||
            (n == 10 && !strncmp(m->from_addr, "postmaster", 10))) {
            return apr_pstrcat(p, "sent by ",
                               apr_pstrmemdup(p, m->from_addr, n), NULL);
        }
    }
    return NULL;
}

/* The first mailbox of From, in m. */
static void read_from(apr_pool_t *p, GMimeMessage *msg, hd_mime_message *m)
{
    InternetAddressList *list = g_mime_message_get_from(msg);
    int i, n = list ? internet_address_list_length(list) : 0;

    m->from_addr = "";
    m->from_name = "";
    for (i = 0; i < n; i++) {
        InternetAddress *ia = internet_address_list_get_address(list, i);
        const char *addr, *name;
        char *c;
        if (!INTERNET_ADDRESS_IS_MAILBOX(ia)) {
            continue;
        }
        addr = internet_address_mailbox_get_addr(INTERNET_ADDRESS_MAILBOX(ia));
        if (!addr || !strchr(addr, '@') || strlen(addr) > 254) {
            continue;
        }
        m->from_addr = c =
            apr_pstrdup(p, hd_mime_clean(p, addr, strlen(addr), 0));
        for (; *c; c++) {
            *c = apr_tolower(*c);
        }
        name = internet_address_get_name(ia);
        if (name) {
            m->from_name = hd_mime_clean(p, name, strlen(name), 0);
        }
        return;
    }
}

static void read_threading(apr_pool_t *p, GMimeMessage *msg, hd_mime_message *m)
{
    GMimeObject *o = GMIME_OBJECT(msg);
    const char *v;
    GMimeReferences *refs;
    int i, n;

    v = g_mime_message_get_message_id(msg);
    m->message_id = v ? clean_id(p, v) : "";
    m->in_reply_to = "";
    m->references = apr_array_make(p, 4, sizeof(const char *));
    if ((v = header(o, "In-Reply-To")) &&
        (refs = g_mime_references_parse(NULL, v))) {
        if (g_mime_references_length(refs) > 0) {
            m->in_reply_to =
                clean_id(p, g_mime_references_get_message_id(refs, 0));
        }
        g_mime_references_free(refs);
    }
    if ((v = header(o, "References")) &&
        (refs = g_mime_references_parse(NULL, v))) {
        n = g_mime_references_length(refs);
        /* The newest are last; a long thread keeps its last 50. */
        for (i = n > 50 ? n - 50 : 0; i < n; i++) {
            APR_ARRAY_PUSH(m->references, const char *) =
                clean_id(p, g_mime_references_get_message_id(refs, i));
        }
        g_mime_references_free(refs);
    }
}

/* Does a multipart anywhere in the tree have no parts at all (its
 * boundary never appears)? */
static int has_empty_multipart(GMimeObject *o, int depth)
{
    int i, n;
    if (!GMIME_IS_MULTIPART(o) || depth > 20) {
        return 0;
    }
    n = g_mime_multipart_get_count(GMIME_MULTIPART(o));
    if (n == 0 || !g_mime_multipart_get_boundary(GMIME_MULTIPART(o))) {
        return 1;
    }
    for (i = 0; i < n; i++) {
        if (has_empty_multipart(
                g_mime_multipart_get_part(GMIME_MULTIPART(o), i), depth + 1)) {
            return 1;
        }
    }
    return 0;
}

hd_mime_message *hd_mime_parse(apr_pool_t *p, const char *data, apr_size_t len,
                               const char **error)
{
    hd_mime_message *m = apr_pcalloc(p, sizeof(*m));
    GMimeStream *stream;
    GMimeParser *parser;
    GMimeMessage *msg;
    GMimeObject *top;
    GMimePart *body;
    walk_state w;
    const char *s;

    *error = NULL;
    stream = g_mime_stream_mem_new_with_buffer(data, len);
    apr_pool_cleanup_register(p, stream, unref, apr_pool_cleanup_null);
    parser = g_mime_parser_new_with_stream(stream);
    apr_pool_cleanup_register(p, parser, unref, apr_pool_cleanup_null);
    msg = g_mime_parser_construct_message(parser, NULL);
    if (!msg) {
        *error = "The message could not be read: it has no header.";
        return NULL;
    }
    apr_pool_cleanup_register(p, msg, unref, apr_pool_cleanup_null);

    /* The headers first: enough to answer (or not) a message whose body
     * cannot be read. */
    read_from(p, msg, m);
    s = g_mime_message_get_subject(msg);
    m->subject = s ? hd_mime_clean(p, s, strlen(s), 0) : "";
    read_threading(p, msg, m);
    m->text = "";
    m->attachments = apr_array_make(p, 2, sizeof(hd_mime_attachment));
    top = g_mime_message_get_mime_part(msg);
    memset(&w, 0, sizeof(w));
    w.report = top && is_type(top, "multipart", "report");
    m->automatic = automatic_reason(p, msg, m, w.report);
    if (!*m->from_addr) {
        *error = "The message could not be read: it has no sender address.";
        return m;
    }
    if (!top) {
        *error = "The message could not be read: it has no body.";
        return m;
    }
    if (has_empty_multipart(top, 0)) {
        *error = "The message could not be read: its MIME parts are "
                 "malformed (a boundary that never appears).";
        return m;
    }
    body = find_body(top, 0);
    if (body) {
        apr_size_t n;
        const char *bytes = part_bytes(p, body, 1, &n);
        if (is_type(GMIME_OBJECT(body), "text", "html")) {
            m->text = hd_mime_html_to_text(p, bytes, n);
            m->text_from_html = 1;
        }
        else {
            m->text = tidy_lines(p, hd_mime_clean(p, bytes, n, 1));
        }
    }

    w.p = p;
    w.m = m;
    w.body = body ? GMIME_OBJECT(body) : NULL;
    if (GMIME_IS_MULTIPART(top)) {
        g_mime_multipart_foreach(GMIME_MULTIPART(top), collect_parts, &w);
    }
    else if (top != w.body) {
        collect_parts(NULL, top, &w);
    }
    /* Again: a delivery-status part deeper down is a bounce too. */
    m->automatic = automatic_reason(p, msg, m, w.report);
    return m;
}
