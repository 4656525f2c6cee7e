/*
 * page_login.c -- the pages shown without a login: the login form and
 * the error document Apache's ErrorDocument points at.
 *
 * The form posts to mod_auth_form's form-login-handler at
 * <base>/login/check; the module never sees the password.  On a wrong
 * password mod_auth_form sends the browser back here with failed=1.
 */
#include "mod_helpdesk.h"
#include "hd_config.h"
#include "hd_ldap.h"
#include "hd_request.h"
#include "hd_render.h"
#include "hd_page.h"

static int flag(apr_table_t *q, const char *name)
{
    const char *v = apr_table_get(q, name);
    return v && !strcmp(v, "1");
}

int hd_page_login(hd_req *rq)
{
    request_rec *r = rq->r;
    const char *base = rq->sconf->base_url;
    const char *ret = hd_request_safe_return(
        r->pool, base, apr_table_get(rq->query, "return"));
    xmlNodePtr e;

    hd_render_begin(rq, "login");
    e = hd_xml_child(rq->root, "login");
    hd_xml_attr(e, "action",
                apr_pstrcat(r->pool, base, "/login/check?return=",
                            ap_escape_urlencoded(r->pool, ret), NULL));
    hd_xml_attr(e, "return", ret);
    hd_xml_attr(e, "failed", flag(rq->query, "failed") ? "true" : "false");
    hd_xml_attr(e, "loggedout",
                flag(rq->query, "loggedout") ? "true" : "false");
    return OK;
}

/* ErrorDocument target: Apache made an error (a 404 under the static
 * files, a 413 from LimitRequestBody ...) and redirected here; show it
 * through the portal's layout with the original status. */
int hd_page_error_document(hd_req *rq)
{
    request_rec *r = rq->r;
    const char *cause = apr_table_get(rq->query, "cause");
    int status;

    if (!r->prev) {
        /* Asked for directly: there is no error to show. */
        return HTTP_NOT_FOUND;
    }
    status = r->prev->status;
    /* mod_auth_form answers 500 when it cannot reach the directory to
     * check a password; for the person that is an outage: 503. */
    if (status == HTTP_INTERNAL_SERVER_ERROR && cause &&
        !strcmp(cause, "directory")) {
        return hd_render_error(rq, HTTP_SERVICE_UNAVAILABLE,
                               "The staff directory cannot be reached, so "
                               "logins cannot be checked. Try again in a "
                               "minute.") == OK
                   ? DONE
                   : HTTP_SERVICE_UNAVAILABLE;
    }
    return hd_render_error(rq, status, NULL) == OK ? DONE : status;
}
