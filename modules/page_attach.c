/*
 * page_attach.c -- files attached to a ticket: the upload, the download,
 * and the list on the ticket's page.
 *
 *   POST <base>/tickets/HD-n/attachments      multipart: csrf, description,
 *                                              file (one or more), internal
 *   GET  <base>/tickets/HD-n/attachments/ID   the file
 *
 * The upload is read as it arrives: ap_get_brigade in a loop hands the
 * input filters' buckets to the push parser (hd_multipart.c), text fields
 * go to rq->form (so the form token is checked like any form's, before
 * the first file byte is stored), and each file's bytes are hashed and
 * staged in the database one 768 KB chunk at a time (hd_attach.c).  A
 * request holds one chunk and its base64, whatever the files' size.
 * A limit passed stops storing at once and drops what was staged; the
 * text fields still read are shown again on the 413 page.  A body that is
 * malformed, truncated or abandoned by its client drops everything too:
 * only the final transaction makes an attachment, and the answer comes
 * after its COMMIT.
 *
 * Rights are the ticket's: one that cannot be seen is a 404, as is an
 * attachment id of another ticket, and an internal note's file for anyone
 * but an agent.  Who may comment (the ticket's people) may attach, and the
 * desk; only agents attach to internal notes.
 *
 * The download never lets the browser render what it was given: the
 * stored type with nosniff, a sandboxing CSP, and "attachment" always --
 * except raster images whose magic bytes were checked at upload
 * (PNG, JPEG, GIF, WebP), which may show inline as what they are.
 */
#include "mod_helpdesk.h"
#include "hd_config.h"
#include "hd_ldap.h"
#include "hd_request.h"
#include "hd_form.h"
#include "hd_render.h"
#include "hd_page.h"
#include "hd_db.h"
#include "hd_ticket.h"
#include "hd_attach.h"
#include "hd_multipart.h"
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

typedef struct {
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
} upload;

static apr_status_t free_md(void *data)
{
    EVP_MD_CTX_free(data);
    return APR_SUCCESS;
}

/* Stop storing: drop every staged chunk, remember why. */
static void give_up(upload *u, int status, const char *why)
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

static int flush_chunk(upload *u)
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

static const char *random_key(apr_pool_t *p)
{
    unsigned char b[16];
    char *hex = apr_palloc(p, 33);
    int i;
    if (apr_generate_random_bytes(b, sizeof(b)) != APR_SUCCESS) {
        return NULL;
    }
    for (i = 0; i < 16; i++) {
        apr_snprintf(hex + 2 * i, 3, "%02x", b[i]);
    }
    return hex;
}

/* A type as the browser sent it, if it looks like one (type/subtype of
 * token characters, parameters dropped); else application/octet-stream. */
static const char *clean_type(apr_pool_t *p, const char *t)
{
    const char *c;
    char *out;
    int slash = 0;
    apr_size_t n;

    if (!t) {
        return "application/octet-stream";
    }
    n = strcspn(t, "; \t");
    if (n == 0 || n > 100) {
        return "application/octet-stream";
    }
    out = apr_pstrmemdup(p, t, n);
    for (c = out; *c; c++) {
        if (*c == '/') {
            slash++;
        }
        else if (!apr_isalnum(*c) && !strchr("!#$&-^_.+", *c)) {
            return "application/octet-stream";
        }
    }
    if (slash != 1 || out[0] == '/' || out[n - 1] == '/') {
        return "application/octet-stream";
    }
    ap_str_tolower(out);
    return out;
}

static int on_begin(void *baton, const hd_mp_part *part)
{
    upload *u = baton;
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
    f->f.key = random_key(p);
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
    f->f.content_type = clean_type(p, part->content_type);
    APR_ARRAY_PUSH(u->files, upload_file *) = f;
    u->cur = f;
    u->chunk_len = 0;
    return 0;
}

static int on_data(void *baton, const char *d, apr_size_t n)
{
    upload *u = baton;

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
    upload *u = baton;
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

/* Read the whole body through the parser.  OK with the files staged and
 * rq->form filled, or an HTTP status with u->why (everything staged
 * dropped). */
static int read_upload(upload *u)
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

/* The ticket named by the URL, for rq's user: OK with *t, or 404. */
static int the_ticket(hd_req *rq, hd_ticket **t)
{
    const char *id =
        hd_ticket_id_of_ref(APR_ARRAY_IDX(rq->args, 0, const char *));
    hd_viewer viewer = hd_page_viewer(rq);
    hd_db_outcome o;

    *t = NULL;
    if (!id) {
        return HTTP_NOT_FOUND;
    }
    o = hd_ticket_load(hd_req_db(rq), &viewer, id, t);
    if (o != HD_DB_OK) {
        return hd_page_db_status(rq, o);
    }
    return *t ? OK : HTTP_NOT_FOUND; /* missing or not theirs: one 404 */
}

int hd_page_attach_may(hd_req *rq, const hd_ticket *t)
{
    return strcmp(t->category, "cancelled") &&
           (rq->user->is_agent || hd_ticket_may_act(t, rq->user->login));
}

/* The 413/400 page: the ticket again, the form with what was typed and
 * why (the text is never lost with the file). */
static int upload_error(hd_req *rq, int status, const char *why)
{
    int rv;
    xmlNodePtr f, err;

    rv = hd_page_ticket(rq);
    if (rv != OK) {
        return rv;
    }
    f = hd_xml_child(rq->root, "attach-form-sent");
    hd_xml_attr(f, "description", hd_form_field(rq, "description"));
    hd_xml_attr(f, "internal",
                !strcmp(hd_form_field(rq, "internal"), "1") ? "true" : "false");
    err = hd_xml_child(hd_xml_list(f, "errors"), "error");
    hd_xml_attr(err, "field", "file");
    hd_xml_attr(err, "message", why);
    rq->error_message = NULL;
    rq->r->status = status;
    return OK;
}

int hd_page_ticket_attach(hd_req *rq)
{
    request_rec *r = rq->r;
    hd_ticket *t;
    upload u;
    const char *description, *name;
    apr_array_header_t *files;
    hd_db_outcome o;
    int rv, internal, repeated = 0, i;

    if ((rv = the_ticket(rq, &t)) != OK) {
        return rv;
    }
    if (!hd_page_attach_may(rq, t)) {
        rq->error_message = "Only the person the ticket is for, who logged "
                            "it, or the service desk can attach files to "
                            "it.";
        return HTTP_FORBIDDEN;
    }
    memset(&u, 0, sizeof(u));
    u.rq = rq;
    u.db = hd_req_db(rq);
    u.max_file = hd_dir_max_attachment(rq->dconf);
    u.max_total = hd_dir_max_upload(rq->dconf);
    u.max_files = hd_dir_max_attachments(rq->dconf);
    u.max_text = hd_dir_max_form_bytes(rq->dconf);
    u.files = apr_array_make(r->pool, 4, sizeof(upload_file *));
    u.chunk = apr_palloc(r->pool, HD_ATTACH_CHUNK);
    u.b64 = apr_palloc(r->pool, apr_base64_encode_len(HD_ATTACH_CHUNK));
    u.status = OK;
    if (apr_pool_create(&u.scratch, r->pool) != APR_SUCCESS) {
        return HTTP_SERVICE_UNAVAILABLE;
    }
    rv = read_upload(&u);
    if (rv == OK && !u.token_checked && hd_form_check_token(rq) != OK) {
        return HTTP_FORBIDDEN; /* no file at all, and no good token */
    }
    if (rv == HTTP_FORBIDDEN) {
        return rv;
    }
    if (rv == OK && u.files->nelts == 0) {
        rv = HTTP_BAD_REQUEST;
        u.why = "Choose a file to attach.";
    }
    description = hd_form_field(rq, "description");
    internal = !strcmp(hd_form_field(rq, "internal"), "1");
    if (rv == OK && internal && !rq->user->is_agent) {
        give_up(&u, HTTP_FORBIDDEN,
                "Only the service desk adds internal "
                "notes.");
        return HTTP_FORBIDDEN;
    }
    if (rv == OK && (hd_request_text_chars(description, 0) < 0 ||
                     hd_request_text_chars(description, 0) > 500)) {
        give_up(&u, HTTP_BAD_REQUEST,
                "The description must be 500 characters or fewer, of text "
                "that can be shown.");
        rv = u.status;
    }
    if (rv != OK) {
        if (rv == HTTP_BAD_REQUEST || rv == HTTP_REQUEST_ENTITY_TOO_LARGE ||
            rv == HTTP_SERVICE_UNAVAILABLE) {
            return upload_error(rq, rv, u.why);
        }
        rq->error_message = u.why;
        return rv;
    }
    files = apr_array_make(r->pool, u.files->nelts, sizeof(hd_attach_file *));
    for (i = 0; i < u.files->nelts; i++) {
        APR_ARRAY_PUSH(files, hd_attach_file *) =
            &APR_ARRAY_IDX(u.files, i, upload_file *)->f;
    }
    name = rq->user->name ? rq->user->name : rq->user->login;
    o = hd_attach_record(u.db, t->id, files, description, internal,
                         rq->user->login, name, rq->form_nonce, &repeated);
    if (o != HD_DB_OK || repeated) {
        give_up(&u, HTTP_SERVICE_UNAVAILABLE,
                "The files could not be stored just now. Nothing was "
                "attached; send them again.");
        if (o != HD_DB_OK) {
            hd_page_db_status(rq, o);
            return upload_error(rq, HTTP_SERVICE_UNAVAILABLE, u.why);
        }
    }
    apr_table_setn(r->headers_out, "Location",
                   apr_pstrcat(r->pool, rq->sconf->base_url, "/tickets/",
                               hd_ticket_ref(r->pool, t->id),
                               "?done=attached#attachments", NULL));
    return HTTP_SEE_OTHER;
}

/* ------------------------------------------------------------------ */
/* The download                                                        */
/* ------------------------------------------------------------------ */

/* Send chunks covering bytes [first, last] of the file; with whole set
 * the SHA-256 is checked on the way, and a mismatch withholds the last
 * chunk and drops the connection, so the client sees a broken download
 * rather than wrong bytes. */
static int send_bytes(hd_req *rq, apr_table_t *a, apr_off_t first,
                      apr_off_t last, int whole)
{
    request_rec *r = rq->r;
    const char *key = apr_table_get(a, "chunk_key");
    const char *sha = apr_table_get(a, "sha256");
    int nchunks = atoi(apr_table_get(a, "chunks"));
    unsigned char *buf = apr_palloc(r->pool, HD_ATTACH_CHUNK + 4);
    apr_bucket_brigade *bb =
        apr_brigade_create(r->pool, r->connection->bucket_alloc);
    EVP_MD_CTX *md = whole ? EVP_MD_CTX_new() : NULL;
    apr_pool_t *scratch;
    int seq = (int)(first / HD_ATTACH_CHUNK);

    if (apr_pool_create(&scratch, r->pool) != APR_SUCCESS) {
        return HTTP_SERVICE_UNAVAILABLE;
    }
    if (md) {
        apr_pool_cleanup_register(r->pool, md, free_md, apr_pool_cleanup_null);
        EVP_DigestInit_ex(md, EVP_sha256(), NULL);
    }
    for (; seq < nchunks; seq++) {
        apr_off_t at = (apr_off_t)seq * HD_ATTACH_CHUNK, from, to;
        long len;
        hd_db_outcome o =
            hd_attach_chunk(hd_req_db(rq), scratch, key, seq, buf, &len);
        apr_pool_clear(scratch);
        if (o != HD_DB_OK || len < 0) {
            ap_log_rerror(APLOG_MARK, APLOG_ERR, 0, r,
                          HDLOG(17005) "attachment %s: chunk %d of %s "
                                       "unreadable (%s)",
                          apr_table_get(a, "id"), seq, key,
                          hd_db_outcome_name(o));
            r->connection->aborted = 1;
            return DONE;
        }
        if (md) {
            EVP_DigestUpdate(md, buf, len);
        }
        if (md && seq == nchunks - 1) {
            unsigned char d[EVP_MAX_MD_SIZE];
            unsigned int dl = 0, i;
            char hex[2 * EVP_MAX_MD_SIZE + 1];
            EVP_DigestFinal_ex(md, d, &dl);
            for (i = 0; i < dl; i++) {
                apr_snprintf(hex + 2 * i, 3, "%02x", d[i]);
            }
            if (strcmp(hex, sha)) {
                ap_log_rerror(APLOG_MARK, APLOG_CRIT, 0, r,
                              HDLOG(17006) "attachment %s: stored content "
                                           "does not match its SHA-256 %s "
                                           "(got %s): download broken off",
                              apr_table_get(a, "id"), sha, hex);
                r->connection->keepalive = AP_CONN_CLOSE;
                r->connection->aborted = 1;
                return DONE;
            }
        }
        from = first > at ? first - at : 0;
        to = last < at + len - 1 ? last - at : len - 1;
        if (to >= from) {
            APR_BRIGADE_INSERT_TAIL(
                bb, apr_bucket_transient_create((const char *)buf + from,
                                                (apr_size_t)(to - from + 1),
                                                r->connection->bucket_alloc));
            APR_BRIGADE_INSERT_TAIL(
                bb, apr_bucket_flush_create(r->connection->bucket_alloc));
            if (ap_pass_brigade(r->output_filters, bb) != APR_SUCCESS) {
                apr_brigade_cleanup(bb);
                return DONE; /* the client went away */
            }
            apr_brigade_cleanup(bb);
        }
        if (at + len - 1 >= last && !md) {
            break;
        }
    }
    return DONE;
}

int hd_page_ticket_attachment(hd_req *rq)
{
    request_rec *r = rq->r;
    hd_ticket *t;
    apr_table_t *a;
    const char *id = APR_ARRAY_IDX(rq->args, 1, const char *);
    const char *image, *etag, *inm, *type;
    apr_off_t size, first = 0, last;
    int rv, ranged;
    hd_db_outcome o;

    if ((rv = the_ticket(rq, &t)) != OK) {
        return rv;
    }
    if (!id || !*id || strspn(id, "0123456789") != strlen(id) ||
        strlen(id) > 18) {
        return HTTP_NOT_FOUND;
    }
    o = hd_attach_get(hd_req_db(rq), t->id, id, rq->user->is_agent, &a);
    if (o != HD_DB_OK) {
        return hd_page_db_status(rq, o);
    }
    if (!a) {
        return HTTP_NOT_FOUND; /* another ticket's, an agents' note's */
    }
    size = apr_atoi64(apr_table_get(a, "size"));
    image = apr_table_get(a, "image_type");
    etag = apr_pstrcat(r->pool, "\"", apr_table_get(a, "sha256"), "\"", NULL);
    /* Only a raster image checked by its magic bytes is ever shown as
     * itself, and then as the type its bytes say; everything else --
     * HTML, SVG, XML, PDF, a "PNG" that is HTML -- is a download. */
    if (*image && !apr_table_get(rq->query, "download")) {
        type = image;
        apr_table_setn(r->headers_out, "Content-Disposition",
                       hd_mp_content_disposition(r->pool, "inline",
                                                 apr_table_get(a, "filename")));
    }
    else {
        type = apr_table_get(a, "content_type");
        apr_table_setn(r->headers_out, "Content-Disposition",
                       hd_mp_content_disposition(r->pool, "attachment",
                                                 apr_table_get(a, "filename")));
    }
    /* Even opened directly, nothing in it runs or loads anything. */
    apr_table_setn(r->err_headers_out, "Content-Security-Policy",
                   "sandbox; default-src 'none'; img-src 'self'; "
                   "style-src 'unsafe-inline'");
    apr_table_setn(r->err_headers_out, "X-Content-Type-Options", "nosniff");
    apr_table_setn(r->headers_out, "ETag", etag);
    apr_table_setn(r->headers_out, "Accept-Ranges", "bytes");
    apr_table_setn(r->headers_out, "Cache-Control", "private, max-age=0");
    inm = apr_table_get(r->headers_in, "If-None-Match");
    if (inm && (strstr(inm, etag) || !strcmp(inm, "*"))) {
        return HTTP_NOT_MODIFIED;
    }
    last = size - 1;
    ranged =
        hd_mp_range(apr_table_get(r->headers_in, "Range"), size, &first, &last);
    {
        /* If-Range with another ETag: the whole file. */
        const char *ir = apr_table_get(r->headers_in, "If-Range");
        if (ir && strcmp(ir, etag)) {
            ranged = -1;
            first = 0;
            last = size - 1;
        }
    }
    if (ranged == 0) {
        apr_table_setn(r->err_headers_out, "Content-Range",
                       apr_psprintf(r->pool, "bytes */%" APR_OFF_T_FMT, size));
        return HTTP_RANGE_NOT_SATISFIABLE;
    }
    ap_set_content_type(r, type);
    if (ranged == 1) {
        r->status = HTTP_PARTIAL_CONTENT;
        apr_table_setn(r->headers_out, "Content-Range",
                       apr_psprintf(r->pool,
                                    "bytes %" APR_OFF_T_FMT "-%" APR_OFF_T_FMT
                                    "/%" APR_OFF_T_FMT,
                                    first, last, size));
    }
    ap_set_content_length(r, size ? last - first + 1 : 0);
    if (r->header_only || size == 0) {
        return DONE;
    }
    return send_bytes(rq, a, first, last, ranged != 1);
}

/* ------------------------------------------------------------------ */
/* On the ticket's page                                                */
/* ------------------------------------------------------------------ */

hd_db_outcome hd_page_attachments(hd_req *rq, xmlNodePtr ticket,
                                  const hd_ticket *t)
{
    apr_pool_t *p = rq->r->pool;
    apr_array_header_t *rows;
    xmlNodePtr list;
    const char *ref = hd_ticket_ref(p, t->id);
    hd_db_outcome o =
        hd_attach_list(hd_req_db(rq), t->id, rq->user->is_agent, &rows);
    int i;

    if (o != HD_DB_OK) {
        return o;
    }
    list = hd_xml_list(ticket, "attachments");
    for (i = 0; i < rows->nelts; i++) {
        apr_table_t *a = APR_ARRAY_IDX(rows, i, apr_table_t *);
        xmlNodePtr e = hd_xml_child(list, "attachment");
        const char *image = apr_table_get(a, "image_type");
        hd_xml_attr(e, "id", apr_table_get(a, "id"));
        hd_xml_attr(e, "href",
                    apr_pstrcat(p, rq->sconf->base_url, "/tickets/", ref,
                                "/attachments/", apr_table_get(a, "id"), NULL));
        hd_xml_attr(e, "filename", apr_table_get(a, "filename"));
        hd_xml_attr(e, "description", apr_table_get(a, "description"));
        hd_xml_attr(e, "size", apr_table_get(a, "size"));
        hd_xml_attr(e, "content-type", apr_table_get(a, "content_type"));
        hd_xml_attr(e, "image", *image ? "true" : "false");
        hd_xml_attr(e, "internal",
                    !strcmp(apr_table_get(a, "internal"), "1") ? "true"
                                                               : "false");
        hd_xml_attr(e, "sha256", apr_table_get(a, "sha256"));
        hd_xml_attr(e, "activity", apr_table_get(a, "activity_id"));
        hd_xml_attr(e, "author-login", apr_table_get(a, "author_login"));
        hd_xml_attr(e, "author", apr_table_get(a, "author_name"));
        hd_xml_attr(e, "time", apr_table_get(a, "created_at"));
    }
    if (hd_page_attach_may(rq, t)) {
        xmlNodePtr f = hd_xml_child(rq->root, "attach-form");
        const char *path =
            apr_pstrcat(p, "/tickets/", ref, "/attachments", NULL);
        hd_xml_attr(f, "action",
                    apr_pstrcat(p, rq->sconf->base_url, path, NULL));
        hd_xml_attr(f, "csrf", hd_form_token(rq, path));
        hd_xml_attr(f, "max-size",
                    apr_off_t_toa(p, hd_dir_max_attachment(rq->dconf)));
        hd_xml_attr(f, "max-files",
                    apr_itoa(p, hd_dir_max_attachments(rq->dconf)));
        hd_xml_attr(f, "internal-allowed",
                    rq->user->is_agent ? "true" : "false");
    }
    return HD_DB_OK;
}
