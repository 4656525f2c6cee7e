/*
 * page_login.c -- logging in and out, and the error document Apache's
 * ErrorDocument points at.
 *
 * The login form posts here.  The password goes to Apache's authn
 * provider (HelpdeskLoginProvider, mod_authnz_ldap's "ldap"), the way
 * mod_auth_basic and mod_auth_form use it, and is forgotten with the
 * request: what is stored is a new session (hd_session.h) whose token
 * only the browser has.
 *
 * The login form defends itself:
 *  - against login CSRF: its token is bound to a random cookie of its
 *    own (hdlogin, SameSite=Strict, only sent to the login address), so
 *    another site cannot post it;
 *  - against guessing: failures are counted per account and address
 *    (hd_throttle.h) and a blocked key is refused before the directory
 *    is asked;
 *  - against open redirects: only the sanitised `return` decides where
 *    the person lands.
 */
#include "mod_helpdesk.h"
#include "hd_config.h"
#include "hd_ldap.h"
#include "hd_request.h"
#include "hd_render.h"
#include "hd_form.h"
#include "hd_page.h"
#include "hd_routes.h"
#include "hd_auth.h"
#include "hd_account.h"
#include "hd_session.h"
#include "hd_throttle.h"

#include "ap_provider.h"
#include "mod_auth.h"
#include "apr_general.h"

/* The form a login CSRF token is bound to (with an empty login, which no
 * person's token has). */
#define HD_LOGIN_FORM "/login"
/* Longest login and password looked at; anything longer is wrong. */
#define HD_LOGIN_MAX_CHARS    256
#define HD_PASSWORD_MAX_BYTES 1024
/* Longest User-Agent kept with a session (sessions.user_agent). */
#define HD_SESSION_AGENT_MAX 255

/* Why the login form is shown again. */
typedef enum {
    LOGIN_FRESH,     /* nothing wrong */
    LOGIN_WRONG,     /* wrong login or password */
    LOGIN_EXPIRED,   /* the form's token or cookie did not match */
    LOGIN_THROTTLED, /* too many failures */
    LOGIN_ENDED,     /* a page or form met no session */
    LOGIN_TEMPORARY  /* a temporary password past HelpdeskTempPasswordTTL */
} login_problem;

static const char *const problem_names[] = {
    "none", "wrong", "expired", "throttled", "ended", "temporary-expired"};

/* The latest temporary password the portal set for a login: whether it
 * has run out unused ("1"), else "0"; no row: none set by the portal. */
#define HD_SQL_LOGIN_TEMPORARY                                     \
    "SELECT (used_at IS NULL AND expires_at <= NOW()) AS expired " \
    "FROM password_resets WHERE login = %s ORDER BY id DESC LIMIT 1"

/* login, name, mail, organisation, agent: the person as the directory
 * describes them now, and when they logged in (a supervisor's Logins). */
#define HD_SQL_LOGIN_SEEN                                             \
    "INSERT INTO people (login, name, mail, organisation, is_agent, " \
    "last_login_at) VALUES (%s, %s, %s, %s, %s, NOW()) "              \
    "ON DUPLICATE KEY UPDATE last_login_at = NOW()"

static const hd_db_statement statements[] = {
    {"login_temporary", HD_SQL_LOGIN_TEMPORARY},
    {"login_seen", HD_SQL_LOGIN_SEEN},
};

const hd_db_statements hd_page_login_statements = HD_DB_STATEMENTS(statements);

static int flag(apr_table_t *q, const char *name)
{
    const char *v = apr_table_get(q, name);
    return v && !strcmp(v, "1");
}

/* ------------------------------------------------------------------ */
/* The form                                                            */
/* ------------------------------------------------------------------ */

/* A token for the login form, bound to the browser's login cookie. */
static const char *login_token(hd_req *rq)
{
    return hd_auth_form_token(rq->r, HD_LOGIN_COOKIE, HD_LOGIN_FORM);
}

/* Is the posted form one this portal drew for this browser? */
static int login_token_ok(hd_req *rq)
{
    return hd_auth_form_token_ok(rq->r, HD_LOGIN_COOKIE, HD_LOGIN_FORM,
                                 hd_form_field(rq, "csrf"));
}

/* Draw the login form: where it returns to, why it is shown again, the
 * login typed, a kept body to complete after login. */
static int draw_login(hd_req *rq, const char *ret, login_problem problem,
                      const char *username, const char *kept, int retry_after)
{
    request_rec *r = rq->r;
    const char *token = login_token(rq);
    xmlNodePtr e;

    if (!token) {
        return HTTP_INTERNAL_SERVER_ERROR;
    }
    hd_render_begin(rq, "login");
    e = hd_xml_child(rq->root, "login");
    hd_xml_attr(e, "action",
                apr_pstrcat(r->pool, rq->sconf->base_url, "/login", NULL));
    hd_xml_attr(e, "return", ret);
    hd_xml_attr(e, "csrf", token);
    hd_xml_attr(e, "username", username ? username : "");
    hd_xml_attr(e, "problem", problem_names[problem]);
    hd_xml_attr(e, "loggedout",
                flag(rq->query, "loggedout") ? "true" : "false");
    if (retry_after > 0) {
        hd_xml_attr(e, "retry-after", apr_itoa(r->pool, retry_after));
    }
    if (kept) {
        hd_xml_text(e, "kept", kept);
    }
    return OK;
}

int hd_page_login(hd_req *rq)
{
    const char *ret = hd_request_safe_return(
        rq->r->pool, rq->sconf->base_url, apr_table_get(rq->query, "return"));
    return draw_login(rq, ret, LOGIN_FRESH, NULL, NULL, 0);
}

/* The form again, with a status saying why. */
static int login_again(hd_req *rq, int status, const char *ret,
                       login_problem problem, const char *username,
                       const char *kept, int retry_after)
{
    int rv = draw_login(rq, ret, problem, username, kept, retry_after);
    if (rv == OK) {
        rq->r->status = status;
    }
    return rv;
}

/* ------------------------------------------------------------------ */
/* Logging in                                                          */
/* ------------------------------------------------------------------ */

/* The password check itself: Apache's authn provider, as configured for
 * this location (AuthLDAPURL ...).  Sets r->user to the directory's own
 * spelling of the login when the provider gives one. */
static authn_status check_password(hd_req *rq, const char *login,
                                   const char *password)
{
    request_rec *r = rq->r;
    const authn_provider *provider =
        ap_lookup_provider(AUTHN_PROVIDER_GROUP, rq->sconf->login_provider,
                           AUTHN_PROVIDER_VERSION);

    if (!provider || !provider->check_password) {
        ap_log_rerror(APLOG_MARK, APLOG_CRIT, 0, r,
                      HDLOG(01202) "HelpdeskLoginProvider %s is not an authn "
                                   "provider that checks passwords (is "
                                   "mod_authnz_ldap loaded?)",
                      rq->sconf->login_provider);
        return AUTH_GENERAL_ERROR;
    }
    r->user = apr_pstrdup(r->pool, login);
    return provider->check_password(r, login, password);
}

/* Start the session: a new token (never one the browser offered, so a
 * planted cookie cannot be fixed on the person), its hash stored. */
static int start_session(hd_req *rq, const char *login, int must_change)
{
    request_rec *r = rq->r;
    const char *token = hd_session_token_new(r->pool);
    const char *agent = apr_table_get(r->headers_in, "User-Agent");
    hd_db_outcome o;

    if (!token) {
        ap_log_rerror(APLOG_MARK, APLOG_ERR, 0, r,
                      HDLOG(01203) "no random bytes for a session");
        return HTTP_INTERNAL_SERVER_ERROR;
    }
    agent = hd_request_showable(r->pool, agent ? agent : "");
    if (strlen(agent) > HD_SESSION_AGENT_MAX) {
        /* Cut on a character boundary: drop continuation bytes. */
        apr_size_t n = HD_SESSION_AGENT_MAX;
        while (n > 0 && ((unsigned char)agent[n] & 0xC0) == 0x80) {
            n--;
        }
        agent = apr_pstrmemdup(r->pool, agent, n);
    }
    o = hd_session_create(hd_req_db(rq), hd_session_token_hash(r->pool, token),
                          login, rq->sconf->session_max_age,
                          rq->sconf->session_idle, r->useragent_ip, agent,
                          must_change);
    if (o != HD_DB_OK) {
        return hd_page_db_status(rq, o);
    }
    hd_auth_set_session_cookie(r, token);
    ap_log_rerror(APLOG_MARK, APLOG_INFO, 0, r,
                  HDLOG(01204) "%s logged in from %s", login, r->useragent_ip);
    return OK;
}

/* When the person logged in, for their supervisor's Logins page; a
 * failure costs only that line, so it is logged, not answered. */
static void remember_login(hd_req *rq)
{
    const hd_user_t *u = rq->user;
    const char *args[5];
    hd_db_outcome o;

    if (!u) {
        return;
    }
    args[0] = u->login;
    args[1] = u->name ? u->name : u->login;
    args[2] = u->mail ? u->mail : "";
    args[3] = u->organisation ? u->organisation : "";
    args[4] = u->is_agent ? "1" : "0";
    o = hd_db_exec_retried(hd_req_db(rq), "login_seen", 5, args, NULL);
    if (o != HD_DB_OK) {
        ap_log_rerror(APLOG_MARK, APLOG_WARNING, 0, rq->r,
                      HDLOG(01208) "the login of %s could not be noted: %s",
                      u->login, hd_db_outcome_name(o));
    }
}

/* Did login just log in with a temporary password?  Apache's LDAP
 * modules let a password the directory marks reset (pwdReset) log in
 * like any other, so the portal asks the directory itself, once, at
 * login: *must_change then leads every page to the change-password form.
 * HTTP_UNAUTHORIZED when it is a temporary password the portal set and
 * HelpdeskTempPasswordTTL has passed; a 503 when the directory or the
 * database cannot tell. */
static int temporary_password(hd_req *rq, const char *login, int *must_change)
{
    const char *expired = NULL;
    hd_db_outcome o;
    int status, pending = 0;

    *must_change = 0;
    if ((status = hd_ldap_user(rq, login, &rq->user)) != OK) {
        return status;
    }
    switch (hd_ldap_reset_pending(rq, rq->user->dn, &pending)) {
    case HD_DIR_OK:
        break;
    case HD_DIR_UNAVAILABLE:
        rq->error_message = "The staff directory cannot be reached, so logins "
                            "cannot be checked. Try again in a minute.";
        return HTTP_SERVICE_UNAVAILABLE;
    default:
        return HTTP_INTERNAL_SERVER_ERROR;
    }
    if (!pending) {
        return OK;
    }
    o = hd_db_value(hd_req_db(rq), "login_temporary", 1, &login, &expired);
    if (o != HD_DB_OK) {
        return hd_page_db_status(rq, o);
    }
    if (expired && !strcmp(expired, "1")) {
        ap_log_rerror(APLOG_MARK, APLOG_NOTICE, 0, rq->r,
                      HDLOG(01207) "%s tried an expired temporary password "
                                   "from %s",
                      login, rq->r->useragent_ip);
        return HTTP_UNAUTHORIZED;
    }
    *must_change = 1;
    return OK;
}

/* A POST that met an expired session, completed now that the person has
 * logged in again: the page it was meant for runs with the kept form, as
 * if it had just arrived.  Its own checks (the form's token is bound to
 * the person, so someone else logging in cannot complete it) decide. */
static int complete_kept(hd_req *rq, const char *ret, const char *kept)
{
    request_rec *r = rq->r;
    char *path = apr_pstrdup(r->pool, ret);
    char *query = strchr(path, '?');
    const char *rel;
    hd_route_match_t m;
    int status;

    if (query) {
        *query++ = '\0';
    }
    if (ap_unescape_url(path) != OK ||
        !(rel = hd_request_relative_path(rq->sconf->base_url, path))) {
        return HTTP_BAD_REQUEST;
    }
    m = hd_route_match(r->pool, hd_routes, hd_routes_count, "POST", rel);
    if (!m.route || m.route->access != HD_ROUTE_USER ||
        !strcmp(m.route->pattern, "/logout")) {
        /* Nothing to complete there: land on the page itself. */
        apr_table_setn(r->headers_out, "Location", ret);
        return HTTP_SEE_OTHER;
    }
    status = hd_ldap_user(rq, r->user, &rq->user);
    if (status != OK) {
        return status;
    }
    r->uri = path;
    r->args = query;
    rq->query = hd_request_query(r->pool, query);
    rq->route = m.route;
    rq->args = m.args;
    rq->form = hd_request_query(r->pool, kept);
    return m.route->page(rq);
}

int hd_page_login_submit(hd_req *rq)
{
    request_rec *r = rq->r;
    const hd_server_conf *sc = rq->sconf;
    const char *username, *password, *ret, *kept, *account, *address, *login;
    hd_throttle_rule account_rule = {sc->login_account_failures,
                                     sc->login_window, sc->login_max_delay};
    hd_throttle_rule address_rule = {sc->login_address_failures,
                                     sc->login_window, sc->login_max_delay};
    hd_db_outcome o;
    int status, wait = 0, must_change = 0;
    long chars;

    if ((status = hd_form_read(rq)) != OK) {
        return status;
    }
    ret = hd_request_safe_return(r->pool, sc->base_url,
                                 hd_form_field(rq, "return"));
    kept = apr_table_get(rq->form, "kept");
    username = hd_form_field(rq, "username");
    password = hd_form_field(rq, "password");
    chars = hd_request_text_chars(username, 0);

    if (!login_token_ok(rq)) {
        return login_again(rq, HTTP_FORBIDDEN, ret, LOGIN_EXPIRED,
                           hd_request_showable(r->pool, username), kept, 0);
    }
    /* A password that is not text (NUL, invalid UTF-8, non-characters) is
     * wrong without asking the directory. */
    if (chars <= 0 || chars > HD_LOGIN_MAX_CHARS || !*password ||
        strlen(password) > HD_PASSWORD_MAX_BYTES ||
        hd_request_text_chars(password, 0) < 0 ||
        hd_request_is_blank(username)) {
        return login_again(rq, HTTP_UNAUTHORIZED, ret, LOGIN_WRONG,
                           hd_request_showable(r->pool, username), kept, 0);
    }

    account = hd_throttle_account_key(r->pool, username);
    address = hd_throttle_address_key(r->pool, r->useragent_ip);
    o = hd_throttle_wait(hd_req_db(rq), account, address, &wait);
    if (o != HD_DB_OK) {
        return hd_page_db_status(rq, o);
    }
    if (wait > 0) {
        apr_table_setn(r->err_headers_out, "Retry-After",
                       apr_itoa(r->pool, wait));
        return login_again(rq, HTTP_TOO_MANY_REQUESTS, ret, LOGIN_THROTTLED,
                           username, kept, wait);
    }

    switch (check_password(rq, username, password)) {
    case AUTH_GRANTED:
        break;
    case AUTH_GENERAL_ERROR:
        rq->error_message = "The staff directory cannot be reached, so logins "
                            "cannot be checked. Try again in a minute.";
        apr_table_setn(r->err_headers_out, "Retry-After", "30");
        return HTTP_SERVICE_UNAVAILABLE;
    default:
        ap_log_rerror(APLOG_MARK, APLOG_INFO, 0, r,
                      HDLOG(01205) "failed login for \"%s\" from %s",
                      hd_request_showable(r->pool, username), r->useragent_ip);
        r->user = NULL;
        /* Counted even when the database then fails: the person sees
         * the wrong-password answer either way. */
        hd_throttle_failed(hd_req_db(rq), account, &account_rule);
        hd_throttle_failed(hd_req_db(rq), address, &address_rule);
        return login_again(rq, HTTP_UNAUTHORIZED, ret, LOGIN_WRONG, username,
                           kept, 0);
    }

    login =
        r->user && hd_request_text_chars(r->user, 0) > 0 ? r->user : username;
    r->user = (char *)login;
    hd_throttle_clear(hd_req_db(rq), account);
    status = temporary_password(rq, login, &must_change);
    if (status == HTTP_UNAUTHORIZED) {
        r->user = NULL;
        return login_again(rq, HTTP_UNAUTHORIZED, ret, LOGIN_TEMPORARY,
                           username, kept, 0);
    }
    if (status != OK ||
        (status = start_session(rq, login, must_change)) != OK) {
        return status;
    }
    remember_login(rq);
    if (kept) {
        return complete_kept(rq, ret, kept);
    }
    apr_table_setn(r->headers_out, "Location", ret);
    return HTTP_SEE_OTHER;
}

/* ------------------------------------------------------------------ */
/* Logging out                                                         */
/* ------------------------------------------------------------------ */

/* GET never logs anyone out (an <img> could): it shows the buttons. */
int hd_page_logout_form(hd_req *rq)
{
    xmlNodePtr e;
    hd_render_begin(rq, "logout");
    e = hd_xml_child(rq->root, "logout");
    hd_xml_attr(e, "action",
                apr_pstrcat(rq->r->pool, rq->sconf->base_url, "/logout", NULL));
    hd_xml_attr(e, "csrf", hd_form_token(rq, "/logout"));
    return OK;
}

int hd_page_logout(hd_req *rq)
{
    request_rec *r = rq->r;
    const hd_session *s = hd_auth_session(r);
    hd_db_outcome o;
    int status;

    if ((status = hd_form_read(rq)) != OK ||
        (status = hd_form_check_token(rq)) != OK) {
        return status;
    }
    if (!s) {
        return HTTP_FORBIDDEN; /* AuthType Helpdesk was not in front */
    }
    o = flag(rq->form, "everywhere")
            ? hd_session_end_all(hd_req_db(rq), s->login, NULL, NULL)
            : hd_session_end(hd_req_db(rq), s->token_hash);
    if (o != HD_DB_OK) {
        return hd_page_db_status(rq, o);
    }
    hd_auth_clear_session_cookie(r);
    ap_log_rerror(APLOG_MARK, APLOG_INFO, 0, r, HDLOG(01206) "%s logged out%s",
                  s->login, flag(rq->form, "everywhere") ? " everywhere" : "");
    apr_table_setn(
        r->headers_out, "Location",
        apr_pstrcat(r->pool, rq->sconf->base_url, "/login?loggedout=1", NULL));
    return HTTP_SEE_OTHER;
}

/* ------------------------------------------------------------------ */
/* Errors                                                              */
/* ------------------------------------------------------------------ */

/* ErrorDocument target: Apache made an error (a 404 under the static
 * files, a 413 from LimitRequestBody, a 401 for a form sent without a
 * session ...) and redirected here; show it through the portal's layout
 * with the original status. */
int hd_page_error_document(hd_req *rq)
{
    request_rec *r = rq->r;
    int status, rv;

    if (!r->prev) {
        /* Asked for directly: there is no error to show. */
        return HTTP_NOT_FOUND;
    }
    status = r->prev->status;
    if (status == HTTP_UNAUTHORIZED && hd_auth_token_refused(r)) {
        /* A program's token: it says why, never offers a login form. */
        return hd_render_error(rq, status, hd_auth_error_message(r)) == OK
                   ? DONE
                   : status;
    }
    if (status == HTTP_UNAUTHORIZED && rq->format == HD_FMT_HTML) {
        /* A page or form without a session: the login form in its place,
         * keeping what was sent so that logging in completes it. */
        const char *ret = hd_request_safe_return(r->pool, rq->sconf->base_url,
                                                 hd_auth_address_of(r->prev));
        rv = login_again(rq, HTTP_UNAUTHORIZED, ret, LOGIN_ENDED, NULL,
                         hd_auth_kept_body(r), 0);
        if (rv == OK) {
            rv = hd_render_send(rq);
        }
        return rv == OK ? DONE : HTTP_UNAUTHORIZED;
    }
    if (status == HTTP_UNAUTHORIZED) {
        return hd_render_error(rq, status,
                               "You are not logged in, or your session "
                               "has ended.") == OK
                   ? DONE
                   : status;
    }
    return hd_render_error(rq, status, hd_auth_error_message(r)) == OK ? DONE
                                                                       : status;
}
