/*
 * hd_cache.c -- the caching every polled answer shares (see hd_cache.h).
 *
 * The body is built whole before anything is sent, so its tag is its
 * SHA-1: a 304 saves the transfer, not the work of building it.  A strong
 * tag is right because the same bytes always get the same tag, whatever
 * node of a cluster built them.
 */
#include "mod_helpdesk.h"
#include "hd_cache.h"

#include "apr_sha1.h"

/* Clients poll these answers; a cache (the client's or one in between)
 * may answer from its copy for 30 s -- at most that late for a change --
 * and revalidate after that with the ETag.  Shared caches may keep them
 * too: they are the same for everybody, and public under
 * HelpdeskPublicStatus. */
#define HD_CACHE_CONTROL "max-age=30"

int hd_cache_send(hd_req *rq, const char *content_type, const char *body,
                  apr_size_t len, apr_time_t last_modified)
{
    request_rec *r = rq->r;
    unsigned char digest[APR_SHA1_DIGESTSIZE];
    char hex[2 * APR_SHA1_DIGESTSIZE + 1];
    apr_sha1_ctx_t sha;
    int status;

    apr_sha1_init(&sha);
    apr_sha1_update_binary(&sha, (const unsigned char *)body,
                           (unsigned int)len);
    apr_sha1_final(digest, &sha);
    ap_bin2hex(digest, sizeof(digest), hex);
    apr_table_setn(r->headers_out, "ETag",
                   apr_pstrcat(r->pool, "\"", hex, "\"", NULL));
    ap_update_mtime(r, last_modified);
    ap_set_last_modified(r);
    apr_table_setn(r->headers_out, "Cache-Control", HD_CACHE_CONTROL);

    status = ap_meets_conditions(r);
    if (status == HTTP_NOT_MODIFIED) {
        /* No body; the validators and Cache-Control go with it. */
        r->status = HTTP_NOT_MODIFIED;
        return DONE;
    }
    if (status != OK) {
        return status; /* If-Match or If-Unmodified-Since: 412 */
    }
    ap_set_content_type(r, content_type);
    ap_set_content_length(r, len);
    ap_rwrite(body, (int)len, r);
    return DONE;
}
