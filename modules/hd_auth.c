/*
 * hd_auth.c -- the authentication phase of "AuthType Helpdesk" (see
 * hd_auth.h), and the cookies it reads and writes.
 *
 * Per request: one cookie read, one SHA-256, one SELECT on a unique key
 * (hd_session_find).  Nothing is cached in the process, so a logout or
 * an admin's "end all sessions" holds on every node at once.
 */
#include "mod_helpdesk.h"
#include "hd_config.h"
#include "hd_request.h"
#include "hd_form.h"
#include "hd_auth.h"
#include "hd_db.h"

#include "http_core.h"
#include "mod_auth.h"
#include "util_cookies.h"

/* What this request learnt in the authentication phase. */
typedef struct {
    hd_session *session;
    const char *kept_body;
    const char *error_message; /* why the phase failed, for the page */
} auth_note;

static auth_note *note_of(const request_rec *r)
{
    return ap_get_module_config(r->request_config, &helpdesk_module);
}

static auth_note *note_make(request_rec *r)
{
    auth_note *n = note_of(r);
    if (!n) {
        n = apr_pcalloc(r->pool, sizeof(*n));
        ap_set_module_config(r->request_config, &helpdesk_module, n);
    }
    return n;
}

const hd_session *hd_auth_session(const request_rec *r)
{
    const auth_note *n = note_of(r);
    return n ? n->session : NULL;
}

const char *hd_auth_kept_body(const request_rec *r)
{
    for (; r; r = r->prev) {
        const auth_note *n = note_of(r);
        if (n && n->kept_body) {
            return n->kept_body;
        }
    }
    return NULL;
}

const char *hd_auth_error_message(const request_rec *r)
{
    for (; r; r = r->prev) {
        const auth_note *n = note_of(r);
        if (n && n->error_message) {
            return n->error_message;
        }
    }
    return NULL;
}

/* ------------------------------------------------------------------ */
/* Cookies                                                             */
/* ------------------------------------------------------------------ */

const char *hd_auth_cookie(request_rec *r, const char *name)
{
    const char *v = NULL;
    if (ap_cookie_read(r, name, &v, 0) != APR_SUCCESS) {
        return NULL;
    }
    return v;
}

static int cookie_secure(request_rec *r)
{
    const hd_server_conf *sc =
        ap_get_module_config(r->server->module_config, &helpdesk_module);
    if (sc->cookie_secure == HD_SECURE_AUTO) {
        return !strcmp(ap_http_scheme(r), "https");
    }
    return sc->cookie_secure == HD_SECURE_ON;
}

/* On err_headers_out: the cookie must survive a redirect or an error
 * page (a 303 after login, a 401 that clears a stale one). */
static void set_cookie(request_rec *r, const char *name, const char *value,
                       const char *path, const char *same_site, int max_age)
{
    apr_table_addn(r->err_headers_out, "Set-Cookie",
                   apr_psprintf(r->pool,
                                "%s=%s; Path=%s; Max-Age=%d; HttpOnly; "
                                "SameSite=%s%s",
                                name, value, path, max_age, same_site,
                                cookie_secure(r) ? "; Secure" : ""));
    /* Never let a shared cache keep a response that sets a cookie. */
    apr_table_setn(r->err_headers_out, "Cache-Control", "no-store");
}

void hd_auth_set_session_cookie(request_rec *r, const char *token)
{
    const hd_server_conf *sc =
        ap_get_module_config(r->server->module_config, &helpdesk_module);
    set_cookie(r, HD_SESSION_COOKIE, token, sc->base_url, "Lax",
               sc->session_max_age);
}

void hd_auth_clear_session_cookie(request_rec *r)
{
    const hd_server_conf *sc =
        ap_get_module_config(r->server->module_config, &helpdesk_module);
    set_cookie(r, HD_SESSION_COOKIE, "", sc->base_url, "Lax", 0);
}

void hd_auth_set_login_cookie(request_rec *r, const char *nonce)
{
    const hd_server_conf *sc =
        ap_get_module_config(r->server->module_config, &helpdesk_module);
    set_cookie(r, HD_LOGIN_COOKIE, nonce,
               apr_pstrcat(r->pool, sc->base_url, "/login", NULL), "Strict",
               sc->form_ttl);
}

const char *hd_auth_address_of(request_rec *r)
{
    return r->args
               ? apr_pstrcat(r->pool, r->parsed_uri.path, "?", r->args, NULL)
               : r->parsed_uri.path;
}

/* ------------------------------------------------------------------ */
/* No session                                                          */
/* ------------------------------------------------------------------ */

/* Does the client want the API (XML or JSON) rather than a page? */
static int wants_api(request_rec *r)
{
    const char *fmt =
        r->args ? apr_table_get(hd_request_query(r->pool, r->args), "format")
                : NULL;
    if (fmt) {
        return !strcmp(fmt, "json") || !strcmp(fmt, "xml");
    }
    return hd_request_negotiate(apr_table_get(r->headers_in, "Accept")) !=
           HD_FMT_HTML;
}

/* A person without a session: a page asked for goes to the login page
 * (remembering where it was going); a form sent is kept and the login
 * form shown in its place, as a 401 through ErrorDocument (page_login.c
 * draws it); an API client gets a plain 401. */
static int no_session(request_rec *r, const hd_server_conf *sc)
{
    const hd_dir_conf *d =
        ap_get_module_config(r->per_dir_config, &helpdesk_module);

    if (r->method_number == M_POST) {
        const char *body = NULL, *why;
        /* A form too large or not a form is not kept, just refused like
         * any 401; nothing of it could have been stored anyway. */
        if (hd_form_read_body(r, hd_dir_max_form_bytes(d), &body, &why) == OK) {
            note_make(r)->kept_body = body;
        }
        return HTTP_UNAUTHORIZED;
    }
    if (wants_api(r) || (r->method_number != M_GET)) {
        return HTTP_UNAUTHORIZED;
    }
    apr_table_setn(
        r->headers_out, "Location",
        apr_pstrcat(r->pool, sc->base_url, "/login?return=",
                    ap_escape_urlencoded(r->pool, hd_auth_address_of(r)),
                    NULL));
    return HTTP_MOVED_TEMPORARILY;
}

/* ------------------------------------------------------------------ */
/* The hook                                                            */
/* ------------------------------------------------------------------ */

static int hd_check_authn(request_rec *r)
{
    const char *type = ap_auth_type(r);

    if (!type || strcasecmp(type, HD_AUTH_TYPE)) {
        return DECLINED;
    }
    return hd_auth_identify(r);
}

int hd_auth_identify(request_rec *r)
{
    const hd_server_conf *sc;
    const char *token;
    hd_session *s = NULL;

    sc = ap_get_module_config(r->server->module_config, &helpdesk_module);
    token = hd_auth_cookie(r, HD_SESSION_COOKIE);
    if (token && hd_session_token_wellformed(token)) {
        hd_db *db = hd_db_for_request(r, &sc->db);
        const char *hash = hd_session_token_hash(r->pool, token);
        hd_db_outcome o = hd_session_find(db, hash, &s);
        if (o != HD_DB_OK) {
            /* Nobody can be recognised while the database is away: the
             * outage page, and the session is still there afterwards. */
            ap_log_rerror(APLOG_MARK, APLOG_ERR, 0, r,
                          HDLOG(01101) "session look-up failed: %s",
                          hd_db_outcome_name(o));
            apr_table_setn(r->err_headers_out, "Retry-After", "30");
            note_make(r)->error_message =
                o == HD_DB_TIMEOUT
                    ? "The ticket database took too long to answer. Try "
                      "again in a moment."
                    : "The ticket database cannot be reached.";
            return HTTP_SERVICE_UNAVAILABLE;
        }
    }
    if (!s) {
        if (token) {
            hd_auth_clear_session_cookie(r); /* ended or expired: forget it */
        }
        return no_session(r, sc);
    }
    note_make(r)->session = s;
    r->user = (char *)s->login;
    r->ap_auth_type = (char *)HD_AUTH_TYPE;
    return OK;
}

void hd_auth_register_hooks(void)
{
    ap_hook_check_authn(hd_check_authn, NULL, NULL, APR_HOOK_MIDDLE,
                        AP_AUTH_INTERNAL_PER_CONF);
}
