/*
 * page_sessions.c -- where a person is logged in, and ending sessions:
 * their own ("log out everywhere else"), or anyone's for members of
 * HelpdeskAdminGroup (a stolen laptop, a leaver).
 *
 * Ending is a DELETE of the rows: the next request with any of those
 * cookies, on any node, is sent to the login page.
 */
#include "mod_helpdesk.h"
#include "hd_config.h"
#include "hd_ldap.h"
#include "hd_request.h"
#include "hd_render.h"
#include "hd_form.h"
#include "hd_page.h"
#include "hd_auth.h"
#include "hd_session.h"

/* Whose sessions the page is about: the viewer's, or for an admin the
 * person named (their login as typed; the table holds the directory's
 * spelling, which hd_ldap_user gives). */
static int whose(hd_req *rq, const char *asked, const char **login)
{
    hd_user_t *u;
    int status;

    *login = rq->user->login;
    if (!asked || hd_request_is_blank(asked) ||
        !strcmp(asked, rq->user->login)) {
        return OK;
    }
    if (!rq->user->is_admin) {
        rq->error_message = "Only the portal's administrators can see or end "
                            "another person's sessions.";
        return HTTP_FORBIDDEN;
    }
    if (hd_request_text_chars(asked, 0) <= 0) {
        rq->error_message = "That is not a login.";
        return HTTP_BAD_REQUEST;
    }
    status = hd_ldap_user(rq, asked, &u);
    if (status == HTTP_FORBIDDEN) {
        rq->error_message =
            apr_psprintf(rq->r->pool,
                         "There is no one with the login \"%s\" in the "
                         "directory.",
                         asked);
        return HTTP_NOT_FOUND;
    }
    if (status != OK) {
        return status;
    }
    *login = u->login;
    return OK;
}

int hd_page_sessions(hd_req *rq)
{
    request_rec *r = rq->r;
    const hd_session *mine = hd_auth_session(r);
    apr_array_header_t *rows;
    const char *login;
    xmlNodePtr page, list;
    hd_db_outcome o;
    int status, i;

    status = whose(rq, apr_table_get(rq->query, "login"), &login);
    if (status != OK) {
        return status;
    }
    o = hd_session_list(hd_req_db(rq), login, mine ? mine->token_hash : NULL,
                        &rows);
    if (o != HD_DB_OK) {
        return hd_page_db_status(rq, o);
    }
    hd_render_begin(rq, "sessions");
    page = hd_xml_child(rq->root, "sessions");
    hd_xml_attr(page, "login", login);
    hd_xml_attr(page, "mine",
                strcmp(login, rq->user->login) ? "false" : "true");
    hd_xml_attr(page, "admin", rq->user->is_admin ? "true" : "false");
    hd_xml_attr(
        page, "action",
        apr_pstrcat(r->pool, rq->sconf->base_url, "/sessions/end", NULL));
    hd_xml_attr(page, "csrf", hd_form_token(rq, "/sessions/end"));
    hd_xml_attr(page, "ended", apr_table_get(rq->query, "ended"));
    list = hd_xml_list(page, "list");
    for (i = 0; i < rows->nelts; i++) {
        const hd_session_info *s = &APR_ARRAY_IDX(rows, i, hd_session_info);
        xmlNodePtr e = hd_xml_child(list, "session");
        hd_xml_attr(e, "id", s->id);
        hd_xml_attr(e, "started", s->created_at);
        hd_xml_attr(e, "last-active", s->seen_at);
        hd_xml_attr(e, "ends", s->expires_at);
        hd_xml_attr(e, "address", s->client_ip);
        hd_xml_attr(e, "browser", s->user_agent);
        hd_xml_attr(e, "current", s->current ? "true" : "false");
    }
    return OK;
}

/* End every session of a person (for oneself: every other one, so the
 * page asking stays logged in). */
int hd_page_sessions_end(hd_req *rq)
{
    request_rec *r = rq->r;
    const hd_session *mine = hd_auth_session(r);
    const char *login;
    hd_db_outcome o;
    int status, ended = 0;

    if ((status = hd_form_read(rq)) != OK ||
        (status = hd_form_check_token(rq)) != OK) {
        return status;
    }
    status = whose(rq, hd_form_field(rq, "login"), &login);
    if (status != OK) {
        return status;
    }
    o = hd_session_end_all(
        hd_req_db(rq), login,
        mine && !strcmp(login, rq->user->login) ? mine->token_hash : NULL,
        &ended);
    if (o != HD_DB_OK) {
        return hd_page_db_status(rq, o);
    }
    ap_log_rerror(APLOG_MARK, APLOG_NOTICE, 0, r,
                  HDLOG(01301) "%s ended %d session(s) of %s", rq->user->login,
                  ended, login);
    apr_table_setn(r->headers_out, "Location",
                   apr_psprintf(r->pool, "%s/sessions?login=%s&ended=%d",
                                rq->sconf->base_url,
                                ap_escape_urlencoded(r->pool, login), ended));
    return HTTP_SEE_OTHER;
}
