/*
 * hd_multipart.h -- a streaming multipart/form-data parser (RFC 7578,
 * RFC 2046 section 5.1) and the pure helpers attachments need.
 *
 * The parser is pushed byte ranges as they arrive, split anywhere, and
 * calls back at each part's start (its headers read), with its data in
 * pieces, and at its end.  It never holds more than one part's headers
 * (HD_MP_HEADER_MAX bytes): a file's bytes pass straight through to the
 * callback, so a request's memory does not grow with the file.  No APR
 * buckets in here: hd_attach.c feeds it from the input filters.
 */
#ifndef HD_MULTIPART_H
#define HD_MULTIPART_H

#include "apr_pools.h"

/* The most header bytes one part may have (all its lines together). */
#define HD_MP_HEADER_MAX 16384

typedef enum {
    HD_MP_OK = 0,
    HD_MP_MALFORMED, /* not multipart as RFC 2046 writes it */
    HD_MP_TRUNCATED, /* the body ended before the close delimiter */
    HD_MP_ABORTED    /* a callback said stop (a limit, a storage error) */
} hd_mp_status;

/* One part's headers, valid during part_begin only (copy what you keep).
 * filename is NULL for a plain field, "" for a file input left empty. */
typedef struct {
    const char *name;         /* Content-Disposition's name, never NULL */
    const char *filename;     /* its filename, as sent (unsanitised) */
    const char *content_type; /* NULL when the part has none */
} hd_mp_part;

/* Each returns 0 to go on, anything else to stop (HD_MP_ABORTED). */
typedef struct {
    int (*part_begin)(void *baton, const hd_mp_part *part);
    int (*part_data)(void *baton, const char *data, apr_size_t len);
    int (*part_end)(void *baton);
} hd_mp_callbacks;

typedef struct hd_mp_parser hd_mp_parser;

/* The boundary parameter of a multipart/form-data Content-Type, NULL
 * when the type is another or the boundary is missing or not valid
 * (1-70 characters of RFC 2046's bchars). */
const char *hd_mp_boundary(apr_pool_t *p, const char *content_type);

/* A parser for one body with that boundary. */
hd_mp_parser *hd_mp_create(apr_pool_t *p, const char *boundary,
                           const hd_mp_callbacks *cb, void *baton);
/* Push the next len bytes.  Once an error is returned every later call
 * returns it again. */
hd_mp_status hd_mp_feed(hd_mp_parser *mp, const char *data, apr_size_t len);
/* The body has ended: HD_MP_OK only after the close delimiter. */
hd_mp_status hd_mp_finish(hd_mp_parser *mp);
/* Why the parser stopped, in words for the 400 page ("" when it did not). */
const char *hd_mp_error(const hd_mp_parser *mp);

/* A file name as a browser sent it, made safe to store and show: the
 * last path component only, no control characters, no bidirectional
 * overrides or isolates, valid UTF-8 (others become '_'), at most 255
 * bytes (cut on a character boundary, keeping the extension when it is
 * short), and never "", "." or ".." ("file" instead). */
const char *hd_mp_safe_filename(apr_pool_t *p, const char *raw);

/* The Content-Disposition value for sending a stored file name back:
 * disposition ("attachment" or "inline"), an ASCII fallback in
 * filename="..." (anything else becomes '_', quotes and backslashes too)
 * and RFC 5987's filename*=UTF-8''... with every byte outside attr-char
 * percent-encoded. */
const char *hd_mp_content_disposition(apr_pool_t *p, const char *disposition,
                                      const char *filename);

/* The raster image type whose magic bytes begin data ("image/png",
 * "image/jpeg", "image/gif", "image/webp"), NULL for anything else. */
const char *hd_mp_sniff_image(const unsigned char *data, apr_size_t len);

/* A single "bytes=" range of RFC 9110 against a file of size bytes:
 * 1 with [*first, *last] when satisfiable, 0 when it is not (416),
 * -1 when the header is absent, not bytes, several ranges or not
 * understood (send the whole file). */
int hd_mp_range(const char *header, apr_off_t size, apr_off_t *first,
                apr_off_t *last);

#endif /* HD_MULTIPART_H */
