/*
 * hd_mime.h -- reading an incoming e-mail (RFC 5322 + MIME) with GMime 3:
 * who sent it, what it is about, its text as the portal stores text, how
 * it threads, whether a machine sent it, and which parts carry files.
 *
 * Pure code (GMime, libxml2's HTML parser, APR): no request, no
 * database; unit-tested over the samples in t/unit/mail.  Everything returned
 * lives in the caller's pool and is valid UTF-8 that passes
 * hd_request_text_chars (multi-line for the text, single-line for the
 * rest).
 */
#ifndef HD_MIME_H
#define HD_MIME_H

#include "apr_pools.h"
#include "apr_tables.h"

/* A part that carries a file: a ticket's attachment to be. */
typedef struct {
    const char *filename;     /* UTF-8 (RFC 2231 / 2047 decoded), "" if none */
    const char *content_type; /* "image/png", lower case */
    apr_size_t size;          /* bytes once its transfer encoding is undone */
    void *object; /* hd_mime.c's own: the GMime part, alive with the pool */
} hd_mime_attachment;

typedef struct {
    const char *from_addr;   /* the From's addr-spec, lower case; "" if none */
    const char *from_name;   /* its display name, "" if none */
    const char *subject;     /* decoded, unfolded, one line; "" if none */
    const char *text;        /* the body as plain text, LF line ends */
    int text_from_html;      /* text was made from an HTML part */
    const char *message_id;  /* without <>; "" if none */
    const char *in_reply_to; /* the first id in In-Reply-To; "" if none */
    apr_array_header_t *references; /* const char *, without <> */
    /* NULL, or why this is mail a machine sent (an auto-reply, a bounce,
     * a list) that must never be answered: "Auto-Submitted: auto-replied" */
    const char *automatic;
    apr_array_header_t *attachments; /* hd_mime_attachment */
} hd_mime_message;

/* Once per process, before any thread parses: the module's child_init
 * does it (g_mime_init in mod_helpdesk.c, with libcurl's), programs and
 * tests call this.  GMime's objects are not shared between threads: each
 * parse makes its own, and its charset and iconv helpers are
 * thread-safe. */
void hd_mime_init(void);

/* Parse len bytes of a whole message.  *error (a sentence) when it
 * cannot be read: NULL without a header block; the message's headers
 * (sender, subject, ids, automatic) but no text or attachments without
 * a sender address or with a multipart whose parts cannot be found. */
hd_mime_message *hd_mime_parse(apr_pool_t *p, const char *data, apr_size_t len,
                               const char **error);

/* How hd_mime_each_attachment hands out a part's bytes.  Each returns
 * 0 to go on; begin may return HD_MIME_SKIP to pass over that part (no
 * data, no end); anything else stops the walk. */
#define HD_MIME_SKIP 1
typedef struct {
    int (*begin)(void *baton, const hd_mime_attachment *a);
    int (*data)(void *baton, const char *bytes, apr_size_t len);
    int (*end)(void *baton);
} hd_mime_part_callbacks;

/* The most bytes one data call is given. */
#define HD_MIME_PIECE 65536

/* Walk m->attachments in order, each part's bytes decoded (transfer
 * encoding undone, no charset conversion: a file as it was attached)
 * and streamed in pieces of at most HD_MIME_PIECE bytes, read through
 * GMime's decoding filter from the message's own buffer: no part is
 * ever held whole (a forwarded message, written out once, excepted).
 * 0 when every part was walked, a callback's value when it stopped,
 * -1 when a part could not be read (after its begin, without end).
 * Allocates one HD_MIME_PIECE buffer in p. */
int hd_mime_each_attachment(apr_pool_t *p, const hd_mime_message *m,
                            const hd_mime_part_callbacks *cb, void *baton);

/* HTML (UTF-8) as plain text a person would read: script and style
 * dropped, block elements on lines of their own, list items as "- ". */
const char *hd_mime_html_to_text(apr_pool_t *p, const char *html,
                                 apr_size_t len);

/* len bytes of text made showable: invalid UTF-8, NUL, control
 * characters and non-characters each become U+FFFD; CR LF and lone CR
 * become LF.  multiline 0: line breaks and tabs become spaces, runs of
 * white space one space, trimmed (a header's value). */
const char *hd_mime_clean(apr_pool_t *p, const char *s, apr_size_t len,
                          int multiline);

#endif /* HD_MIME_H */
