/*
 * page_attach.c -- files attached to a ticket: the upload, the download,
 * and the list on the ticket's page.
 *
 *   POST <base>/tickets/HD-n/attachments      multipart: csrf, description,
 *                                              file (one or more), internal
 *   GET  <base>/tickets/HD-n/attachments/ID   the file
 *
 * The upload is read as it arrives (hd_upload.c, shared with the
 * new-ticket form): ap_get_brigade in a loop hands the
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
#include "hd_upload.h"
#include "apr_base64.h"
#include "apr_strings.h"
#include "apr_lib.h"
#include "http_protocol.h"
#include "util_filter.h"

#include <openssl/evp.h>

/* ------------------------------------------------------------------ */
/* The upload (read by hd_upload.c)                                    */
/* ------------------------------------------------------------------ */

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
    hd_upload *u;
    const char *description, *name;
    hd_db_outcome o;
    int rv, internal, repeated = 0;

    if ((rv = the_ticket(rq, &t)) != OK) {
        return rv;
    }
    if (!hd_page_attach_may(rq, t)) {
        rq->error_message = "Only the person the ticket is for, who logged "
                            "it, or the service desk can attach files to "
                            "it.";
        return HTTP_FORBIDDEN;
    }
    if (!(u = hd_upload_make(rq))) {
        return HTTP_SERVICE_UNAVAILABLE;
    }
    rv = hd_upload_read(u);
    if (rv == OK && !hd_upload_token_checked(u) &&
        hd_form_check_token(rq) != OK) {
        return HTTP_FORBIDDEN; /* no file at all, and no good token */
    }
    if (rv == HTTP_FORBIDDEN) {
        return rv;
    }
    if (rv == OK && hd_upload_count(u) == 0) {
        rv = hd_upload_drop(u, HTTP_BAD_REQUEST, "Choose a file to attach.");
    }
    description = hd_form_field(rq, "description");
    internal = !strcmp(hd_form_field(rq, "internal"), "1");
    if (rv == OK && internal && !rq->user->is_agent) {
        hd_upload_drop(u, HTTP_FORBIDDEN,
                       "Only the service desk adds internal "
                       "notes.");
        return HTTP_FORBIDDEN;
    }
    if (rv == OK && (hd_request_text_chars(description, 0) < 0 ||
                     hd_request_text_chars(description, 0) > 500)) {
        rv = hd_upload_drop(u, HTTP_BAD_REQUEST,
                            "The description must be 500 characters or "
                            "fewer, of text that can be shown.");
    }
    if (rv != OK) {
        if (rv == HTTP_BAD_REQUEST || rv == HTTP_REQUEST_ENTITY_TOO_LARGE ||
            rv == HTTP_SERVICE_UNAVAILABLE) {
            return upload_error(rq, rv, hd_upload_why(u));
        }
        rq->error_message = hd_upload_why(u);
        return rv;
    }
    name = rq->user->name ? rq->user->name : rq->user->login;
    o = hd_attach_record(hd_req_db(rq), t->id, hd_upload_files(u), description,
                         internal, rq->user->login, name, rq->form_nonce,
                         &repeated);
    if (o != HD_DB_OK || repeated) {
        hd_upload_drop(u, HTTP_SERVICE_UNAVAILABLE,
                       "The files could not be stored just now. Nothing was "
                       "attached; send them again.");
        if (o != HD_DB_OK) {
            hd_page_db_status(rq, o);
            return upload_error(rq, HTTP_SERVICE_UNAVAILABLE, hd_upload_why(u));
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

static apr_status_t free_md(void *data)
{
    EVP_MD_CTX_free(data);
    return APR_SUCCESS;
}

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

/* One file as an <attachment> under list (the ticket's list, or an
 * activity entry's: the same element, the same members). */
static void attachment_element(hd_req *rq, xmlNodePtr list, apr_table_t *a,
                               const char *ref)
{
    apr_pool_t *p = rq->r->pool;
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
                !strcmp(apr_table_get(a, "internal"), "1") ? "true" : "false");
    hd_xml_attr(e, "sha256", apr_table_get(a, "sha256"));
    hd_xml_attr(e, "activity", apr_table_get(a, "activity_id"));
    hd_xml_attr(e, "author-login", apr_table_get(a, "author_login"));
    hd_xml_attr(e, "author", apr_table_get(a, "author_name"));
    hd_xml_attr(e, "time", apr_table_get(a, "created_at"));
}

/* The file under the activity entry that recorded it (its "attached"
 * entry), in that entry's own list made at its first file.  A file whose
 * entry the viewer does not see (or that has none) is only in the
 * ticket's list -- hd_attach_list already keeps internal files from
 * everyone but agents. */
static void attachment_in_activity(hd_req *rq, apr_hash_t *entries,
                                   apr_hash_t *lists, apr_table_t *a,
                                   const char *ref)
{
    const char *activity = apr_table_get(a, "activity_id");
    xmlNodePtr entry, list;

    if (!entries || !*activity ||
        !(entry = apr_hash_get(entries, activity, APR_HASH_KEY_STRING))) {
        return;
    }
    list = apr_hash_get(lists, activity, APR_HASH_KEY_STRING);
    if (!list) {
        list = hd_xml_list(entry, "attachments");
        apr_hash_set(lists, activity, APR_HASH_KEY_STRING, list);
    }
    attachment_element(rq, list, a, ref);
}

hd_db_outcome hd_page_attachments(hd_req *rq, xmlNodePtr ticket,
                                  const hd_ticket *t, apr_hash_t *entries)
{
    apr_pool_t *p = rq->r->pool;
    apr_array_header_t *rows;
    apr_hash_t *lists = apr_hash_make(p);
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
        attachment_element(rq, list, a, ref);
        attachment_in_activity(rq, entries, lists, a, ref);
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
