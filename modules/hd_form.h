/*
 * hd_form.h -- POSTed forms and their tokens (CSRF, bound to the form).
 */
#ifndef HD_FORM_H
#define HD_FORM_H

#include "mod_helpdesk.h"

/* ------------------------------------------------------------------ */
/* Form tokens (hd_csrf.c)                                             */
/* ------------------------------------------------------------------ */

/* A token binding the form that posts to form (its path under the base
 * URL) to login, issued now with 16 random bytes. */
const char *hd_csrf_issue(apr_pool_t *p, const char *secret, const char *login,
                          const char *form, apr_time_t now,
                          const unsigned char nonce_bytes[16]);
/* The token's nonce when it is genuine, for login and form, and younger
 * than ttl seconds; NULL otherwise. */
const char *hd_csrf_verify(apr_pool_t *p, const char *secret, const char *login,
                           const char *form, const char *token, apr_time_t now,
                           int ttl);

/* ------------------------------------------------------------------ */
/* Forms (hd_form.c)                                                   */
/* ------------------------------------------------------------------ */

/* Read an urlencoded POST body whole, up to limit bytes: OK with *body,
 * or 400/413 (or Apache's status) with *why for the error page. */
int hd_form_read_body(request_rec *r, apr_off_t limit, const char **body,
                      const char **why);
/* Read an urlencoded POST body into rq->form: OK, 400 or 413.  A form
 * already there (a kept POST completed after login) is kept. */
int hd_form_read(hd_req *rq);
/* A form field's first value, "" when absent. */
const char *hd_form_field(hd_req *rq, const char *name);
/* A fresh token for a form drawn for rq->user that posts to action (a
 * path under the base URL, e.g. "/tickets/new"). */
const char *hd_form_token(hd_req *rq, const char *action);
/* Check the form's csrf field against the address it was posted to: OK
 * (rq->form_nonce set) or 403. */
int hd_form_check_token(hd_req *rq);

#endif /* HD_FORM_H */
