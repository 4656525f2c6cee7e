/*
 * hd_cache.h -- answers that clients poll (the status API, the feeds):
 * validators, Cache-Control, and 304 when the client's copy is current.
 */
#ifndef HD_CACHE_H
#define HD_CACHE_H

#include "mod_helpdesk.h"

/* Send body (len bytes, kept by the caller until the request ends) as the
 * answer to rq, with a strong ETag (the SHA-1 of the body: the same bytes,
 * the same tag), Last-Modified (last_modified, never later than the
 * request) and Cache-Control: max-age=30.  If-None-Match and
 * If-Modified-Since are judged by httpd's own rules (ap_meets_conditions):
 * a 304 goes with the validators and no body.  DONE when something was
 * sent; else the status for the error page (412 for If-Match or
 * If-Unmodified-Since that fail).  HEAD is a GET whose body Apache drops. */
int hd_cache_send(hd_req *rq, const char *content_type, const char *body,
                  apr_size_t len, apr_time_t last_modified);

#endif /* HD_CACHE_H */
