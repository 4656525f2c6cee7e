/*
 * hd_form.c -- reading a POSTed form and checking its token.
 *
 * The body is read whole into the request pool, up to
 * HelpdeskMaxFormBytes (413 beyond, before anything is parsed), and
 * decoded with the same parser as query strings.  Attachments will come
 * through their own streaming path, never through here.
 */
#include "mod_helpdesk.h"
#include "hd_ldap.h"
#include "hd_config.h"
#include "hd_request.h"
#include "hd_form.h"
#include "hd_auth.h"
#include "apr_general.h"

#define HD_FORM_TYPE "application/x-www-form-urlencoded"

int hd_form_read_body(request_rec *r, apr_off_t limit, const char **body,
                      const char **why)
{
    const char *type = apr_table_get(r->headers_in, "Content-Type");
    apr_size_t used = 0, size = 8192;
    char *buf;
    long n;
    int rv;

    *body = NULL;
    *why = NULL;
    if (!type || strncasecmp(type, HD_FORM_TYPE, strlen(HD_FORM_TYPE))) {
        *why = "Send the form as " HD_FORM_TYPE ".";
        return HTTP_BAD_REQUEST;
    }
    if ((rv = ap_setup_client_block(r, REQUEST_CHUNKED_DECHUNK)) != OK) {
        return rv;
    }
    if (r->remaining > limit) {
        *why = apr_psprintf(r->pool,
                            "The form is larger than the %" APR_OFF_T_FMT
                            " bytes this portal accepts.",
                            limit);
        return HTTP_REQUEST_ENTITY_TOO_LARGE;
    }
    buf = apr_palloc(r->pool, size);
    if (ap_should_client_block(r)) {
        while ((n = ap_get_client_block(r, buf + used, size - used - 1)) > 0) {
            used += n;
            if ((apr_off_t)used > limit) {
                *why = "The form is larger than this portal accepts.";
                return HTTP_REQUEST_ENTITY_TOO_LARGE;
            }
            if (size - used < 1024) {
                char *bigger = apr_palloc(r->pool, size * 2);
                memcpy(bigger, buf, used);
                buf = bigger;
                size *= 2;
            }
        }
        if (n < 0) {
            *why = "The form did not arrive whole.";
            return HTTP_BAD_REQUEST;
        }
    }
    buf[used] = '\0';
    *body = buf;
    return OK;
}

int hd_form_read(hd_req *rq)
{
    const char *body, *why;
    int rv;

    if (rq->form) {
        return OK; /* a kept form, completed after a login (page_login.c) */
    }
    rv =
        hd_form_read_body(rq->r, hd_dir_max_form_bytes(rq->dconf), &body, &why);
    if (rv != OK) {
        rq->error_message = why;
        return rv;
    }
    rq->form = hd_request_query(rq->r->pool, body);
    return OK;
}

const char *hd_form_field(hd_req *rq, const char *name)
{
    const char *v = rq->form ? apr_table_get(rq->form, name) : NULL;
    return v ? v : "";
}

const char *hd_form_token(hd_req *rq, const char *action)
{
    unsigned char nonce[16];
    apr_status_t rv = apr_generate_random_bytes(nonce, sizeof(nonce));
    if (rv != APR_SUCCESS) {
        /* No token: the form's POST is refused, nothing is lost. */
        ap_log_rerror(APLOG_MARK, APLOG_ERR, rv, rq->r,
                      HDLOG(00401) "no random bytes for a form token");
        return "";
    }
    return hd_csrf_issue(rq->r->pool, rq->sconf->secret, rq->user->login,
                         action, apr_time_now(), nonce);
}

/* A program authenticated by its API token sends no form token: a
 * browser never sends the token by itself (it is no cookie), so there is
 * no forgery to stop.  Each of its POSTs is a form of its own: a fresh
 * nonce, so two identical requests do the thing twice, as they ask. */
static int token_request_nonce(hd_req *rq)
{
    unsigned char b[16];
    char *hex;
    int i;

    if (apr_generate_random_bytes(b, sizeof(b)) != APR_SUCCESS) {
        ap_log_rerror(APLOG_MARK, APLOG_ERR, 0, rq->r,
                      HDLOG(11003) "no random bytes for a request's nonce");
        rq->error_message = "The server could not accept the request.";
        return HTTP_SERVICE_UNAVAILABLE;
    }
    hex = apr_palloc(rq->r->pool, 2 * sizeof(b) + 1);
    for (i = 0; i < (int)sizeof(b); i++) {
        apr_snprintf(hex + 2 * i, 3, "%02x", b[i]);
    }
    rq->form_nonce = hex;
    return OK;
}

int hd_form_check_token(hd_req *rq)
{
    const char *action =
        hd_request_relative_path(rq->sconf->base_url, rq->r->uri);

    if (hd_auth_by_token(rq->r)) {
        return token_request_nonce(rq);
    }
    rq->form_nonce = hd_csrf_verify(
        rq->r->pool, rq->sconf->secret, rq->user->login, action ? action : "",
        hd_form_field(rq, "csrf"), apr_time_now(), rq->sconf->form_ttl);
    if (!rq->form_nonce) {
        rq->error_message = "This form has expired. Check it and submit "
                            "again.";
        return HTTP_FORBIDDEN;
    }
    return OK;
}
