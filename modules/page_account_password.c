/*
 * page_account_password.c -- a person changes their own password.
 *
 *   GET  <base>/account/password   account-password.xsl
 *   POST <base>/account/password   current, new, again: 303 to
 *                                  <base>/account?saved=password, or
 *                                  400 with the form (empty) and why
 *
 * The change is made as the person (hd_ldap_change_password: a bind with
 * the current password, then RFC 3062's Password Modify), so the
 * directory's password policy decides, and its reason is shown in plain
 * words (hd_account_check.c).  The session goes on: it never held the
 * password.  A session that logged in with a temporary password is sent
 * here by the dispatcher before anything else (sessions.must_change);
 * the change ends that for every session of the person.
 *
 * No password is ever written to a page, a log line or the document:
 * the form comes back empty after an error.
 */
#include "mod_helpdesk.h"
#include "hd_config.h"
#include "hd_request.h"
#include "hd_throttle.h"
#include "hd_ldap.h"
#include "hd_render.h"
#include "hd_form.h"
#include "hd_page.h"
#include "hd_auth.h"
#include "hd_session.h"
#include "hd_account.h"
#include "hd_account_check.h"

#define HD_ACCOUNT_PASSWORD_FORM "/account/password"

/* Must this session change its password before anything else? */
static int must_change(hd_req *rq)
{
    const hd_session *s = hd_auth_session(rq->r);
    return s && s->must_change;
}

/* The page: the form, and why the person is here when they must. */
static xmlNodePtr password_page(hd_req *rq)
{
    xmlNodePtr e;

    hd_render_begin(rq, "account-password");
    e = hd_xml_child(rq->root, "account-password");
    hd_xml_attr(e, "action",
                apr_pstrcat(rq->r->pool, rq->sconf->base_url,
                            HD_ACCOUNT_PASSWORD_FORM, NULL));
    hd_xml_attr(e, "csrf", hd_form_token(rq, HD_ACCOUNT_PASSWORD_FORM));
    hd_xml_attr(e, "must-change", must_change(rq) ? "true" : "false");
    hd_xml_attr(
        e, "account",
        apr_pstrcat(rq->r->pool, rq->sconf->base_url, "/account", NULL));
    return e;
}

int hd_page_account_password(hd_req *rq)
{
    password_page(rq);
    return OK;
}

/* The form again, 400, with one error beside its field. */
static int refused(hd_req *rq, const char *field, const char *message)
{
    xmlNodePtr form = password_page(rq);
    xmlNodePtr e = hd_xml_child(hd_xml_list(form, "errors"), "error");

    hd_xml_attr(e, "field", field);
    hd_xml_attr(e, "message", message);
    rq->r->status = HTTP_BAD_REQUEST;
    return OK;
}

int hd_page_account_password_change(hd_req *rq)
{
    request_rec *r = rq->r;
    const char *current, *fresh, *again, *why = NULL;
    const hd_server_conf *sc = rq->sconf;
    hd_throttle_rule account_rule = {sc->login_account_failures,
                                     sc->login_window, sc->login_max_delay};
    hd_throttle_rule address_rule = {sc->login_address_failures,
                                     sc->login_window, sc->login_max_delay};
    const char *account, *address;
    hd_dir_result d;
    hd_db_outcome o;
    int rv, wait = 0;

    /* A program holding a token acts for the person, but does not choose
     * their password. */
    if (hd_auth_by_token(r)) {
        rq->error_message = "The password is changed by a person logged in, "
                            "not by a program.";
        return HTTP_FORBIDDEN;
    }
    if ((rv = hd_form_read(rq)) != OK || (rv = hd_form_check_token(rq)) != OK) {
        return rv;
    }
    current = hd_form_field(rq, "current");
    fresh = hd_form_field(rq, "new");
    again = hd_form_field(rq, "again");
    if (!*current) {
        return refused(rq, "current", "Enter your current password.");
    }
    if (!*fresh) {
        return refused(rq, "new", "Enter a new password.");
    }
    /* As at login: a password that is not text (a NUL -- decoded as DEL --,
     * invalid UTF-8, a non-character) never reaches the directory. */
    if (hd_request_text_chars(current, 0) < 0) {
        return refused(rq, "current", "Your current password is not right.");
    }
    if (hd_request_text_chars(fresh, 0) < 0 ||
        hd_request_text_chars(again, 0) < 0) {
        return refused(rq, "new",
                       "A password is text: it cannot hold control "
                       "characters or bytes that are not UTF-8.");
    }
    /* Checked here, so a typing slip never reaches the directory. */
    if (strcmp(fresh, again)) {
        return refused(rq, "again",
                       "The two new passwords are not the "
                       "same: type the new one twice.");
    }
    if (!strcmp(fresh, current)) {
        return refused(rq, "new",
                       "The new password is the one you have "
                       "now: choose another.");
    }
    /* The current password is a password check like the login's: the
     * same throttle, so a session left open is no way to guess it. */
    account = hd_throttle_account_key(r->pool, rq->user->login);
    address = hd_throttle_address_key(r->pool, r->useragent_ip);
    o = hd_throttle_wait(hd_req_db(rq), account, address, &wait);
    if (o != HD_DB_OK) {
        return hd_page_db_status(rq, o);
    }
    if (wait > 0) {
        apr_table_setn(r->err_headers_out, "Retry-After",
                       apr_itoa(r->pool, wait));
        rv = refused(rq, "current",
                     apr_psprintf(r->pool,
                                  "Too many wrong passwords: try again in "
                                  "%d seconds.",
                                  wait));
        if (rv == OK) {
            r->status = HTTP_TOO_MANY_REQUESTS;
        }
        return rv;
    }
    d = hd_ldap_change_password(rq, rq->user->dn, current, fresh, &why);
    switch (d) {
    case HD_DIR_OK:
        break;
    case HD_DIR_BAD_PASSWORD:
        hd_throttle_failed(hd_req_db(rq), account, &account_rule);
        hd_throttle_failed(hd_req_db(rq), address, &address_rule);
        return refused(rq, "current", "Your current password is not right.");
    case HD_DIR_REFUSED:
        return refused(rq, "new", hd_account_policy_words(r->pool, why));
    case HD_DIR_UNAVAILABLE:
        rq->error_message = "The directory cannot be reached, so your "
                            "password was not changed. Try again in a "
                            "moment.";
        apr_table_setn(r->err_headers_out, "Retry-After", "30");
        return HTTP_SERVICE_UNAVAILABLE;
    default:
        return HTTP_INTERNAL_SERVER_ERROR;
    }
    /* The password is changed; the session no longer has to, and every
     * other session of the person ends (a password that leaked takes its
     * sessions with it). */
    o = hd_session_password_changed(hd_req_db(rq), rq->user->login);
    if (o == HD_DB_OK && hd_auth_session(r)) {
        o = hd_session_end_all(hd_req_db(rq), rq->user->login,
                               hd_auth_session(r)->token_hash, NULL);
    }
    if (o != HD_DB_OK) {
        ap_log_rerror(APLOG_MARK, APLOG_ERR, 0, r,
                      HDLOG(13011) "%s changed their password, but their "
                                   "sessions could not be told (%s)",
                      rq->user->login, hd_db_outcome_name(o));
        return hd_page_db_status(rq, o);
    }
    ap_log_rerror(APLOG_MARK, APLOG_NOTICE, 0, r,
                  HDLOG(13012) "%s changed their password on the account "
                               "page",
                  rq->user->login);
    apr_table_setn(r->headers_out, "Location",
                   apr_pstrcat(r->pool, rq->sconf->base_url,
                               "/account?saved=password", NULL));
    return HTTP_SEE_OTHER;
}
