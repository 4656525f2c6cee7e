/*
 * hd_attach.h -- attachments' storage: chunks staged as an upload
 * arrives, adopted (or dropped as a duplicate) in the transaction that
 * records the attachment, read back chunk by chunk.  Nothing here knows
 * about HTTP: page_attach.c streams requests in and out.
 */
#ifndef HD_ATTACH_H
#define HD_ATTACH_H

#include "hd_db.h"
#include "apr_tables.h"

/* Raw bytes per attachment_chunks row.  Its base64 (683 KB) stays below
 * the 1 MB - 1 a value may have when apr_dbd_mysql reads it back (its
 * result buffers are min(column length, fldsz) + 1 bytes, fldsz 1048575
 * unless DBDParams says otherwise): a longer value comes back cut. */
#define HD_ATTACH_CHUNK (512 * 1024)

extern const hd_db_statements hd_attach_statements;

/* One file of an upload, staged under key (32 hex characters). */
typedef struct {
    const char *key;
    const char *filename;     /* made safe (hd_mp_safe_filename) */
    const char *content_type; /* as sent, checked; never NULL */
    const char *image_type;   /* verified by magic bytes, or NULL */
    const char *sha256;       /* lower-case hex, once complete */
    apr_off_t size;
    int chunks;
} hd_attach_file;

/* A new staging key: 32 hex characters from APR's random source, in p;
 * NULL when it has none to give. */
const char *hd_attach_new_key(apr_pool_t *p);

/* A content type someone else wrote (a browser, a mail program) as it is
 * stored: "type/subtype" of RFC 2045 token characters, lower case, its
 * parameters dropped; application/octet-stream for anything else. */
const char *hd_attach_safe_type(apr_pool_t *p, const char *type);

/* Stage chunk seq of key: len raw bytes, base64-encoded into b64 (at
 * least apr_base64_encode_len(HD_ATTACH_CHUNK) bytes) and inserted with
 * autocommit.  Uses only p for its allocations (a scratch pool). */
hd_db_outcome hd_attach_stage(hd_db *db, apr_pool_t *p, const char *key,
                              int seq, const char *raw, apr_size_t len,
                              char *b64);
/* Delete what key staged (a failed or abandoned upload). */
hd_db_outcome hd_attach_unstage(hd_db *db, const char *key);

/* Record files (hd_attach_file *) on ticket id in one transaction: each
 * blob adopted or, when its SHA-256 is stored already, its staged chunks
 * dropped; one "attached" activity entry by login/name (body: the
 * description; internal for agents' notes) and an attachments row per
 * file.  nonce (the form's) makes a form sent twice attach once:
 * *repeated is then 1 and nothing is written (drop the staged chunks). */
hd_db_outcome hd_attach_record(hd_db *db, const char *ticket_id,
                               apr_array_header_t *files,
                               const char *description, int internal,
                               const char *login, const char *name,
                               const char *nonce, int *repeated);

/* Attachments of a ticket the viewer may read (internal ones only for
 * agents), oldest first: apr_table_t * with id, activity_id, internal,
 * description, filename, content_type, size, sha256, author_login,
 * author_name, created_at, image_type ("" when not an image). */
hd_db_outcome hd_attach_list(hd_db *db, const char *ticket_id, int agent,
                             apr_array_header_t **out);
/* One of them by id (the same columns, plus chunk_key and chunks), or
 * *out NULL: also for an internal one when not agent. */
hd_db_outcome hd_attach_get(hd_db *db, const char *ticket_id, const char *id,
                            int agent, apr_table_t **out);
/* Chunk seq of key, decoded into buf (HD_ATTACH_CHUNK bytes): *len, or
 * -1 when the row is missing or not base64.  Allocates only in p. */
hd_db_outcome hd_attach_chunk(hd_db *db, apr_pool_t *p, const char *key,
                              int seq, unsigned char *buf, long *len);
/* The job attachment-sweep: chunks no blob names, older than an hour
 * (an upload whose Apache died mid-way). */
hd_db_outcome hd_attach_sweep(hd_db *db, apr_pool_t *p, server_rec *s);

#endif /* HD_ATTACH_H */
