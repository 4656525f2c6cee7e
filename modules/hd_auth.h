/*
 * hd_auth.h -- "AuthType Helpdesk": Apache's authentication phase for the
 * portal's pages, answered from the server-side session (hd_session.h).
 *
 * A request with a live session cookie gets r->user (so access logs,
 * Require and other modules see the person); one without is sent to the
 * login page -- a GET by redirect, a POST with the login form shown in
 * its place and the body kept, so that what was typed survives an
 * expired session.  The password itself is checked at login only, by
 * Apache's authn provider (page_login.c).
 */
#ifndef HD_AUTH_H
#define HD_AUTH_H

#include "mod_helpdesk.h"
#include "hd_session.h"

#define HD_AUTH_TYPE "Helpdesk"
/* The login form's own cookie, binding its CSRF token (page_login.c). */
#define HD_LOGIN_COOKIE "hdlogin"

/* The authn provider checking personal API tokens (AuthBasicProvider). */
#define HD_TOKEN_PROVIDER "helpdesk-token"

/* Register the check_authn hook and the authn provider. */
void hd_auth_register_hooks(apr_pool_t *p);

/* For a path Apache lets through without authentication (a status
 * route while HelpdeskPublicStatus is Off): the same as "AuthType
 * Helpdesk" -- OK with r->user from the session cookie, or the status of
 * a request without one (a redirect to the login page, a 401, a 503). */
int hd_auth_identify(request_rec *r);

/* The session the request came with (NULL when none). */
const hd_session *hd_auth_session(const request_rec *r);
/* Was the request authenticated by a personal API token (a program: no
 * session, no cookie, no form token needed)? */
int hd_auth_by_token(const request_rec *r);
/* Did it send a token that is not good (for the 401 page)? */
int hd_auth_token_refused(const request_rec *r);
/* The urlencoded body of a POST that arrived without a session (on an
 * ErrorDocument request: the original's), NULL when none was kept. */
const char *hd_auth_kept_body(const request_rec *r);
/* Why the authentication phase failed (a 503 while the database is
 * away), for the error page; NULL when it did not. */
const char *hd_auth_error_message(const request_rec *r);

/* The address a request was sent to, as the browser wrote it (path and
 * query): where a login returns to. */
const char *hd_auth_address_of(request_rec *r);
/* A cookie's value from the request (NULL when absent). */
const char *hd_auth_cookie(request_rec *r, const char *name);
/* Set-Cookie for a new session's token, and one that clears it. */
void hd_auth_set_session_cookie(request_rec *r, const char *token);
void hd_auth_clear_session_cookie(request_rec *r);
/* A form shown without a session (the login, "Forgot your password?")
 * is bound to a cookie of its own, HttpOnly, SameSite=Strict and sent
 * only to the form's address (form: its path after the base URL): the
 * form's CSRF token, the cookie made now when the browser has none (NULL
 * when there are no random bytes); and whether a posted token is one of
 * this browser's. */
const char *hd_auth_form_token(request_rec *r, const char *cookie,
                               const char *form);
int hd_auth_form_token_ok(request_rec *r, const char *cookie, const char *form,
                          const char *token);

#endif /* HD_AUTH_H */
