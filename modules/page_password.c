/*
 * page_password.c -- "Forgot your password?" (<base>/password/forgot),
 * for people who cannot log in.
 *
 * Whatever is typed -- an e-mail address, a login, nonsense, a real
 * person without a mail address, a request over the limits -- the answer
 * is the same: a 303 to the same neutral page, after at least the same
 * time.  Only a real person with an address gets a temporary password
 * (hd_password.h).  So the form tells nobody whether an account exists
 * or has an address.
 *
 * Its defences are the login form's: a token bound to a cookie of its
 * own (hdforgot, SameSite=Strict, only sent to this address: another
 * site cannot post it), and limits per account and per client address
 * counted in the database (hd_throttle.h, keys "forgot-..."), so they
 * hold across nodes.  Every request is logged, never a password.
 */
#include "mod_helpdesk.h"
#include "hd_config.h"
#include "hd_ldap.h"
#include "hd_request.h"
#include "hd_render.h"
#include "hd_form.h"
#include "hd_page.h"
#include "hd_auth.h"
#include "hd_throttle.h"
#include "hd_password.h"

#include "apr_general.h"

/* The address of the form, under the base URL; its token is bound to
 * it (with the empty login: nobody is logged in). */
#define HD_FORGOT_FORM   "/password/forgot"
#define HD_FORGOT_COOKIE "hdforgot"
/* Longest text looked at: a login or an address. */
#define HD_FORGOT_MAX_CHARS 254
/* Every answer takes at least this long, so that the time it takes to
 * set a password and queue a mail does not tell that the account
 * exists.  Small beside the rate limits, which bound what it costs. */
#define HD_FORGOT_MIN_TIME apr_time_from_msec(400)
/* The limits count requests in an hour (HelpdeskPasswordReset*Limit);
 * past one, a key waits 30 s, doubling with each further request, at
 * most an hour (hd_throttle.h). */
#define HD_FORGOT_WINDOW    3600
#define HD_FORGOT_MAX_DELAY 3600

/* ------------------------------------------------------------------ */
/* The form's token, bound to its own cookie                           */
/* ------------------------------------------------------------------ */

/* A token for the form, bound to the browser's own cookie for it. */
static const char *forgot_token(hd_req *rq)
{
    return hd_auth_form_token(rq->r, HD_FORGOT_COOKIE, HD_FORGOT_FORM);
}

static int forgot_token_ok(hd_req *rq)
{
    return hd_auth_form_token_ok(rq->r, HD_FORGOT_COOKIE, HD_FORGOT_FORM,
                                 hd_form_field(rq, "csrf"));
}

/* ------------------------------------------------------------------ */
/* The page                                                            */
/* ------------------------------------------------------------------ */

/* problem: "none", "blank" (nothing typed), "expired" (the token). */
static int draw_forgot(hd_req *rq, const char *problem, const char *typed)
{
    request_rec *r = rq->r;
    const char *token = forgot_token(rq);
    const char *sent = apr_table_get(rq->query, "sent");
    xmlNodePtr e;

    if (!token) {
        return HTTP_INTERNAL_SERVER_ERROR;
    }
    hd_render_begin(rq, "password-forgot");
    e = hd_xml_child(rq->root, "forgot");
    hd_xml_attr(
        e, "action",
        apr_pstrcat(r->pool, rq->sconf->base_url, HD_FORGOT_FORM, NULL));
    hd_xml_attr(e, "csrf", token);
    hd_xml_attr(e, "who", typed ? typed : "");
    hd_xml_attr(e, "problem", problem);
    hd_xml_attr(e, "sent", sent && !strcmp(sent, "1") ? "true" : "false");
    hd_xml_attr(
        e, "valid-hours",
        apr_itoa(r->pool, (rq->sconf->temp_password_ttl + 3599) / 3600));
    hd_xml_attr(e, "login-href",
                apr_pstrcat(r->pool, rq->sconf->base_url, "/login", NULL));
    return OK;
}

int hd_page_password_forgot(hd_req *rq)
{
    return draw_forgot(rq, "none", NULL);
}

/* Who the text names: a login, or else an address (the other way round
 * when it looks like an address).  Both looks are made whatever the
 * first one found, so that the time does not tell either.  OK with *out
 * (NULL: nobody), or 503 when the directory cannot be reached. */
static int find_person(hd_req *rq, const char *text, hd_user_t **out)
{
    hd_user_t *by_login = NULL, *by_mail = NULL;
    int s1, s2;

    *out = NULL;
    s1 = hd_ldap_user(rq, text, &by_login);
    s2 = hd_ldap_user_by_mail(rq, text, &by_mail);
    rq->error_message = NULL;
    if (s1 == HTTP_SERVICE_UNAVAILABLE || s2 == HTTP_SERVICE_UNAVAILABLE) {
        rq->error_message = "The staff directory cannot be reached, so no "
                            "password can be sent now. Try again in a "
                            "minute, or contact the service desk.";
        return HTTP_SERVICE_UNAVAILABLE;
    }
    if (strchr(text, '@')) {
        *out = s2 == OK ? by_mail : s1 == OK ? by_login : NULL;
    }
    else {
        *out = s1 == OK ? by_login : s2 == OK ? by_mail : NULL;
    }
    return OK;
}

/* The neutral answer, never before started + HD_FORGOT_MIN_TIME. */
static int neutral_answer(hd_req *rq, apr_time_t started)
{
    apr_interval_time_t left = started + HD_FORGOT_MIN_TIME - apr_time_now();
    if (left > 0) {
        apr_sleep(left);
    }
    apr_table_setn(rq->r->headers_out, "Location",
                   apr_pstrcat(rq->r->pool, rq->sconf->base_url, HD_FORGOT_FORM,
                               "?sent=1", NULL));
    return HTTP_SEE_OTHER;
}

int hd_page_password_forgot_submit(hd_req *rq)
{
    request_rec *r = rq->r;
    const hd_server_conf *sc = rq->sconf;
    apr_time_t started = apr_time_now();
    hd_throttle_rule account_rule = {sc->reset_account_limit, HD_FORGOT_WINDOW,
                                     HD_FORGOT_MAX_DELAY};
    hd_throttle_rule address_rule = {sc->reset_address_limit, HD_FORGOT_WINDOW,
                                     HD_FORGOT_MAX_DELAY};
    const char *text, *shown, *account, *address;
    hd_user_t *person = NULL;
    hd_db_outcome o;
    int status, wait = 0;
    long chars;

    if ((status = hd_form_read(rq)) != OK) {
        return status;
    }
    text = hd_form_field(rq, "who");
    chars = hd_request_text_chars(text, 0);
    shown = hd_request_showable(r->pool, text);
    if (!forgot_token_ok(rq)) {
        status = draw_forgot(rq, "expired", shown);
        if (status == OK) {
            r->status = HTTP_FORBIDDEN;
        }
        return status;
    }
    if (chars <= 0 || hd_request_is_blank(text)) {
        status = draw_forgot(rq, "blank", shown);
        if (status == OK) {
            r->status = HTTP_BAD_REQUEST;
        }
        return status;
    }
    /* The directory ignores outer spaces; so does the account key. */
    while (*text == ' ') {
        text++;
    }
    text = apr_pstrdup(r->pool, text);
    while (*text && text[strlen(text) - 1] == ' ') {
        ((char *)text)[strlen(text) - 1] = '\0';
    }
    address =
        apr_pstrcat(r->pool, "forgot-",
                    hd_throttle_address_key(r->pool, r->useragent_ip), NULL);

    /* Too long to be anyone's: nobody, but the same answer. */
    if (chars <= HD_FORGOT_MAX_CHARS &&
        (status = find_person(rq, text, &person)) != OK) {
        return status;
    }
    /* A person's requests count together however they are named. */
    account = apr_pstrcat(
        r->pool, "forgot-",
        hd_throttle_account_key(r->pool, person ? person->login : text), NULL);
    o = hd_throttle_wait(hd_req_db(rq), account, address, &wait);
    if (o != HD_DB_OK) {
        return hd_page_db_status(rq, o);
    }
    /* Every request counts, those over the limit too: a stream of them
     * keeps the key waiting. */
    hd_throttle_failed(hd_req_db(rq), account, &account_rule);
    hd_throttle_failed(hd_req_db(rq), address, &address_rule);

    if (wait > 0) {
        ap_log_rerror(APLOG_MARK, APLOG_NOTICE, 0, r,
                      HDLOG(14102) "forgotten password for \"%s\" from %s: "
                                   "over the limit for %d s more, ignored",
                      hd_request_showable(r->pool, text), r->useragent_ip,
                      wait);
        return neutral_answer(rq, started);
    }
    if (!person) {
        ap_log_rerror(APLOG_MARK, APLOG_NOTICE, 0, r,
                      HDLOG(14103) "forgotten password for \"%s\" from %s: "
                                   "nobody in the directory",
                      hd_request_showable(r->pool, text), r->useragent_ip);
        return neutral_answer(rq, started);
    }
    ap_log_rerror(APLOG_MARK, APLOG_NOTICE, 0, r,
                  HDLOG(14104) "forgotten password for \"%s\" from %s: %s",
                  hd_request_showable(r->pool, text), r->useragent_ip,
                  person->login);
    /* Whatever becomes of it (logged there), the same answer. */
    hd_password_reset(rq, person, NULL, NULL, NULL);
    return neutral_answer(rq, started);
}
