/*
 * hd_upload.c -- a multipart/form-data POST read as it arrives.
 *
 * ap_get_brigade in a loop hands the input filters' buckets to the push
 * parser (hd_multipart.c); text fields go to rq->form (so the form token
 * is checked like any form's, before the first file byte is stored), and
 * each file's bytes are hashed and staged in the database one 768 KB
 * chunk at a time (hd_attach.c).  A request holds one chunk and its
 * base64, whatever the files' size.  A limit passed stops storing at once
 * and drops what was staged, but the rest of the body is still read (up
 * to a hard bound) so the text typed with the files can be shown again.
 *
 * Shared by the ticket's attachment form (page_attach.c) and the
 * new-ticket form (page_ticket_new.c): what becomes of the staged files
 * is theirs to decide.
 */
#include "mod_helpdesk.h"
#include "hd_config.h"
#include "hd_form.h"
#include "hd_page.h"
#include "hd_attach.h"
#include "hd_multipart.h"
#include "hd_upload.h"
#include "apr_base64.h"
#include "apr_strings.h"
#include "apr_lib.h"
#include "http_protocol.h"
#include "util_filter.h"

#include <openssl/evp.h>

/* What the browser's 64 KB reads become: the input filters' own sizes. */
#define HD_UPLOAD_READ (64 * 1024)

/* ------------------------------------------------------------------ */
/* The upload                                                          */
/* ------------------------------------------------------------------ */

typedef struct {
    hd_attach_file f;
    EVP_MD_CTX *md;
    unsigned char head[16]; /* the first bytes, for the magic check */
    apr_size_t headlen;
} upload_file;

struct hd_upload {
    hd_req *rq;
    hd_db *db;
    apr_pool_t *scratch; /* cleared after every chunk */
    apr_off_t max_file, max_total, max_text;
    int max_files;
    int may_internal;
    /* progress */
    apr_off_t total, text;
    apr_array_header_t *files; /* upload_file * */
    upload_file *cur;
    int skipping; /* the current file part is ignored (empty, or a
                   * limit passed) */
    const char *field;
    char *value;
    apr_size_t vlen, vcap;
    int token_checked;
    /* one chunk being filled, and its base64 */
    char *chunk;
    apr_size_t chunk_len;
    char *b64;
    /* the outcome */
    int status; /* OK, or 400 403 413 503 */
    const char *why;
};

static apr_status_t free_md(void *data)
{
    EVP_MD_CTX_free(data);
    return APR_SUCCESS;
}

/* Stop storing: drop every staged chunk, remember why. */
static void give_up(hd_upload *u, int status, const char *why)
{
    int i;
    if (u->status == OK) {
        u->status = status;
        u->why = why;
    }
    for (i = 0; i < u->files->nelts; i++) {
        upload_file *f = APR_ARRAY_IDX(u->files, i, upload_file *);
        if (f->f.chunks > 0 || f == u->cur) {
            if (hd_attach_unstage(u->db, f->f.key) != HD_DB_OK) {
                /* The sweep deletes them within the hour. */
                ap_log_rerror(APLOG_MARK, APLOG_WARNING, 0, u->rq->r,
                              HDLOG(17002) "could not delete staged chunks "
                                           "%s",
                              f->f.key);
            }
            f->f.chunks = 0;
        }
    }
    u->cur = NULL;
    u->skipping = 1;
}

static int flush_chunk(hd_upload *u)
{
    hd_db_outcome o;
    if (!u->chunk_len) {
        return 0;
    }
    o = hd_attach_stage(u->db, u->scratch, u->cur->f.key, u->cur->f.chunks,
                        u->chunk, u->chunk_len, u->b64);
    apr_pool_clear(u->scratch);
    if (o != HD_DB_OK) {
        ap_log_rerror(APLOG_MARK, APLOG_ERR, 0, u->rq->r,
                      HDLOG(17003) "staging an attachment chunk: %s",
                      hd_db_outcome_name(o));
        give_up(u, HTTP_SERVICE_UNAVAILABLE,
                "The file could not be stored just now. Nothing was "
                "attached; try again in a moment.");
        return 1;
    }
    u->cur->f.chunks++;
    u->chunk_len = 0;
    return 0;
}

static int on_begin(void *baton, const hd_mp_part *part)
{
    hd_upload *u = baton;
    apr_pool_t *p = u->rq->r->pool;
    upload_file *f;

    u->field = NULL;
    u->cur = NULL;
    u->skipping = 0;
    if (!part->filename) {
        u->field = apr_pstrdup(p, part->name);
        u->vlen = 0;
        return 0;
    }
    if (u->status != OK || !*part->filename || strcmp(part->name, "file")) {
        u->skipping = 1; /* an empty file input, or after a limit */
        return 0;
    }
    /* The form's token decides before the first byte is stored: a forged
     * form stores nothing.  The page puts csrf first. */
    if (!u->token_checked) {
        u->token_checked = 1;
        if (hd_form_check_token(u->rq) != OK) {
            u->status = HTTP_FORBIDDEN;
            u->why = u->rq->error_message;
            return 1;
        }
    }
    if (u->files->nelts >= u->max_files) {
        give_up(u, HTTP_REQUEST_ENTITY_TOO_LARGE,
                apr_psprintf(p,
                             "At most %d files can be attached at once. "
                             "Nothing was attached.",
                             u->max_files));
        return 0;
    }
    f = apr_pcalloc(p, sizeof(*f));
    f->f.key = hd_attach_new_key(p);
    f->md = EVP_MD_CTX_new();
    if (!f->f.key || !f->md || !EVP_DigestInit_ex(f->md, EVP_sha256(), NULL)) {
        if (f->md) {
            EVP_MD_CTX_free(f->md);
        }
        give_up(u, HTTP_SERVICE_UNAVAILABLE,
                "The server could not take the file just now.");
        return 0;
    }
    apr_pool_cleanup_register(p, f->md, free_md, apr_pool_cleanup_null);
    f->f.filename = hd_mp_safe_filename(p, part->filename);
    f->f.content_type = hd_attach_safe_type(p, part->content_type);
    APR_ARRAY_PUSH(u->files, upload_file *) = f;
    u->cur = f;
    u->chunk_len = 0;
    return 0;
}

static int on_data(void *baton, const char *d, apr_size_t n)
{
    hd_upload *u = baton;

    if (u->field) {
        /* Text fields together stay within HelpdeskMaxFormBytes. */
        u->text += n;
        if (u->text > u->max_text) {
            give_up(u, HTTP_REQUEST_ENTITY_TOO_LARGE,
                    "The form's text is longer than this portal accepts.");
            u->field = NULL;
            return 0;
        }
        if (u->vlen + n + 1 > u->vcap) {
            apr_size_t cap = (u->vlen + n + 1) * 2;
            char *v = apr_palloc(u->rq->r->pool, cap);
            if (u->vlen) {
                memcpy(v, u->value, u->vlen);
            }
            u->value = v;
            u->vcap = cap;
        }
        memcpy(u->value + u->vlen, d, n);
        u->vlen += n;
        return 0;
    }
    if (u->skipping || !u->cur) {
        return 0;
    }
    u->cur->f.size += n;
    u->total += n;
    if (u->cur->f.size > u->max_file) {
        give_up(u, HTTP_REQUEST_ENTITY_TOO_LARGE,
                apr_psprintf(u->rq->r->pool,
                             "The file is larger than the %" APR_OFF_T_FMT
                             " bytes this portal accepts. Nothing was "
                             "attached; what you typed is kept below.",
                             u->max_file));
        return 0;
    }
    if (u->total > u->max_total) {
        give_up(u, HTTP_REQUEST_ENTITY_TOO_LARGE,
                apr_psprintf(u->rq->r->pool,
                             "The files together are larger than the "
                             "%" APR_OFF_T_FMT
                             " bytes this portal accepts at once. Nothing "
                             "was attached; what you typed is kept below.",
                             u->max_total));
        return 0;
    }
    EVP_DigestUpdate(u->cur->md, d, n);
    if (u->cur->headlen < sizeof(u->cur->head)) {
        apr_size_t k = sizeof(u->cur->head) - u->cur->headlen;
        k = k < n ? k : n;
        memcpy(u->cur->head + u->cur->headlen, d, k);
        u->cur->headlen += k;
    }
    while (n) {
        apr_size_t k = HD_ATTACH_CHUNK - u->chunk_len;
        k = k < n ? k : n;
        memcpy(u->chunk + u->chunk_len, d, k);
        u->chunk_len += k;
        d += k;
        n -= k;
        if (u->chunk_len == HD_ATTACH_CHUNK && flush_chunk(u)) {
            return 0;
        }
    }
    return 0;
}

static int on_end(void *baton)
{
    hd_upload *u = baton;
    if (u->field) {
        u->value = u->value ? u->value : apr_pstrdup(u->rq->r->pool, "");
        u->value[u->vlen] = '\0';
        apr_table_add(u->rq->form, u->field, u->value);
        u->field = NULL;
        u->value = NULL;
        u->vcap = 0;
        return 0;
    }
    if (u->cur && !u->skipping) {
        unsigned char md[EVP_MAX_MD_SIZE];
        unsigned int len = 0, i;
        char *hex;
        if (flush_chunk(u)) {
            return 0;
        }
        EVP_DigestFinal_ex(u->cur->md, md, &len);
        hex = apr_palloc(u->rq->r->pool, 2 * len + 1);
        for (i = 0; i < len; i++) {
            apr_snprintf(hex + 2 * i, 3, "%02x", md[i]);
        }
        u->cur->f.sha256 = hex;
        u->cur->f.image_type = hd_mp_sniff_image(u->cur->head, u->cur->headlen);
    }
    u->cur = NULL;
    return 0;
}

static const hd_mp_callbacks upload_callbacks = {on_begin, on_data, on_end};

int hd_upload_read(hd_upload *u)
{
    request_rec *r = u->rq->r;
    const char *boundary =
        hd_mp_boundary(r->pool, apr_table_get(r->headers_in, "Content-Type"));
    const char *length = apr_table_get(r->headers_in, "Content-Length");
    /* Past a limit the rest is read only to find the text typed with the
     * files; a body far beyond every limit is not worth reading. */
    apr_off_t hard = 2 * u->max_total + 2 * u->max_text + 65536, seen = 0;
    apr_bucket_brigade *bb;
    hd_mp_parser *mp;
    hd_mp_status st = HD_MP_OK;
    int eos = 0;

    u->rq->form = apr_table_make(r->pool, 8);
    if (!boundary) {
        u->status = HTTP_BAD_REQUEST;
        u->why = "Send the files as multipart/form-data.";
        return u->status;
    }
    if (length && apr_atoi64(length) > hard) {
        u->status = HTTP_REQUEST_ENTITY_TOO_LARGE;
        u->why = "The upload is far larger than this portal accepts.";
        return u->status;
    }
    mp = hd_mp_create(r->pool, boundary, &upload_callbacks, u);
    bb = apr_brigade_create(r->pool, r->connection->bucket_alloc);
    while (!eos && st == HD_MP_OK) {
        apr_bucket *b;
        apr_status_t rv =
            ap_get_brigade(r->input_filters, bb, AP_MODE_READBYTES,
                           APR_BLOCK_READ, HD_UPLOAD_READ);
        if (rv != APR_SUCCESS) {
            /* The client went away or was too slow (mod_reqtimeout), or
             * the body broke its own framing: nothing is kept. */
            ap_log_rerror(APLOG_MARK, APLOG_INFO, rv, r,
                          HDLOG(17004) "upload ended early after "
                                       "%" APR_OFF_T_FMT " bytes",
                          seen);
            give_up(u, HTTP_BAD_REQUEST,
                    "The upload did not arrive whole. Nothing was "
                    "attached.");
            apr_brigade_cleanup(bb);
            return u->status;
        }
        for (b = APR_BRIGADE_FIRST(bb);
             b != APR_BRIGADE_SENTINEL(bb) && st == HD_MP_OK;
             b = APR_BUCKET_NEXT(b)) {
            const char *data;
            apr_size_t n;
            if (APR_BUCKET_IS_EOS(b)) {
                eos = 1;
                break;
            }
            if (apr_bucket_read(b, &data, &n, APR_BLOCK_READ) != APR_SUCCESS) {
                st = HD_MP_TRUNCATED;
                break;
            }
            seen += n;
            st = hd_mp_feed(mp, data, n);
        }
        apr_brigade_cleanup(bb);
        if (seen > hard) {
            give_up(u, HTTP_REQUEST_ENTITY_TOO_LARGE,
                    "The upload is far larger than this portal accepts.");
            return u->status;
        }
    }
    if (st == HD_MP_OK) {
        st = hd_mp_finish(mp);
    }
    if (st == HD_MP_ABORTED) {
        give_up(u, u->status != OK ? u->status : HTTP_BAD_REQUEST, u->why);
        return u->status;
    }
    if (st != HD_MP_OK) {
        give_up(u, HTTP_BAD_REQUEST,
                apr_pstrcat(r->pool, "The form could not be read: ",
                            hd_mp_error(mp), " Nothing was attached.", NULL));
        return u->status;
    }
    return u->status;
}

int hd_upload_is_multipart(request_rec *r)
{
    const char *type = apr_table_get(r->headers_in, "Content-Type");
    return type && !strncasecmp(type, "multipart/form-data", 19);
}

hd_upload *hd_upload_make(hd_req *rq)
{
    request_rec *r = rq->r;
    hd_upload *u = apr_pcalloc(r->pool, sizeof(*u));

    u->rq = rq;
    u->db = hd_req_db(rq);
    u->max_file = hd_dir_max_attachment(rq->dconf);
    u->max_total = hd_dir_max_upload(rq->dconf);
    u->max_files = hd_dir_max_attachments(rq->dconf);
    u->max_text = hd_dir_max_form_bytes(rq->dconf);
    u->files = apr_array_make(r->pool, 4, sizeof(upload_file *));
    u->chunk = apr_palloc(r->pool, HD_ATTACH_CHUNK);
    u->b64 = apr_palloc(r->pool, apr_base64_encode_len(HD_ATTACH_CHUNK));
    u->status = OK;
    if (apr_pool_create(&u->scratch, r->pool) != APR_SUCCESS) {
        return NULL;
    }
    return u;
}

apr_array_header_t *hd_upload_files(const hd_upload *u)
{
    apr_array_header_t *files =
        apr_array_make(u->rq->r->pool, u->files->nelts ? u->files->nelts : 1,
                       sizeof(hd_attach_file *));
    int i;

    for (i = 0; i < u->files->nelts; i++) {
        APR_ARRAY_PUSH(files, hd_attach_file *) =
            &APR_ARRAY_IDX(u->files, i, upload_file *)->f;
    }
    return files;
}

int hd_upload_count(const hd_upload *u)
{
    return u->files->nelts;
}

int hd_upload_token_checked(const hd_upload *u)
{
    return u->token_checked;
}

const char *hd_upload_why(const hd_upload *u)
{
    return u->why;
}

int hd_upload_drop(hd_upload *u, int status, const char *why)
{
    give_up(u, status, why);
    return u->status;
}
