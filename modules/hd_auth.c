/*
 * hd_auth.c -- the authentication phase of "AuthType Helpdesk" (see
 * hd_auth.h), and the cookies it reads and writes.
 *
 * Per request: one cookie read, one SHA-256, one SELECT on a unique key
 * (hd_session_find).  Nothing is cached in the process, so a logout or
 * an admin's "end all sessions" holds on every node at once.
 *
 * Programs send a personal API token instead (hd_token.h), as
 * "Authorization: Bearer <token>" or Basic with login and token: when
 * such a header is there it alone decides -- no cookie is read or set, no
 * session made, and a wrong token is a 401 that says so, never the login
 * page.  The same check is Apache's authn provider "helpdesk-token", for
 * a location an admin guards with AuthType Basic themselves.
 */
#include "mod_helpdesk.h"
#include "hd_config.h"
#include "hd_request.h"
#include "hd_form.h"
#include "hd_auth.h"
#include "hd_db.h"
#include "hd_token.h"

#include "http_core.h"
#include "mod_auth.h"
#include "util_cookies.h"
#include "apr_base64.h"

/* What this request learnt in the authentication phase. */
typedef struct {
    hd_session *session;
    const char *kept_body;
    const char *error_message; /* why the phase failed, for the page */
    int by_token;              /* authenticated by a personal API token */
    int token_refused;         /* sent a token that is not good */
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

int hd_auth_by_token(const request_rec *r)
{
    for (; r; r = r->prev) {
        const auth_note *n = note_of(r);
        if (n && n->by_token) {
            return 1;
        }
    }
    return 0;
}

int hd_auth_token_refused(const request_rec *r)
{
    for (; r; r = r->prev) {
        const auth_note *n = note_of(r);
        if (n && n->token_refused) {
            return 1;
        }
    }
    return 0;
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

/* ------------------------------------------------------------------ */
/* Forms without a session                                             */
/* ------------------------------------------------------------------ */

static int hex_value(char c)
{
    return c >= '0' && c <= '9'   ? c - '0'
           : c >= 'a' && c <= 'f' ? c - 'a' + 10
                                  : -1;
}

/* A form cookie's 16 bytes, when it is 32 lower-case hex digits. */
static int nonce_of_cookie(const char *v, unsigned char out[16])
{
    int i;
    if (!v || strlen(v) != 32) {
        return 0;
    }
    for (i = 0; i < 16; i++) {
        int hi = hex_value(v[2 * i]), lo = hex_value(v[2 * i + 1]);
        if (hi < 0 || lo < 0) {
            return 0;
        }
        out[i] = (unsigned char)(hi << 4 | lo);
    }
    return 1;
}

const char *hd_auth_form_token(request_rec *r, const char *cookie,
                               const char *form)
{
    const hd_server_conf *sc =
        ap_get_module_config(r->server->module_config, &helpdesk_module);
    unsigned char nonce[16];

    if (!nonce_of_cookie(hd_auth_cookie(r, cookie), nonce)) {
        char hex[33];
        int i;
        if (apr_generate_random_bytes(nonce, sizeof(nonce)) != APR_SUCCESS) {
            ap_log_rerror(APLOG_MARK, APLOG_ERR, 0, r,
                          HDLOG(01201) "no random bytes for the form %s", form);
            return NULL;
        }
        for (i = 0; i < 16; i++) {
            apr_snprintf(hex + 2 * i, 3, "%02x", nonce[i]);
        }
        /* Sent only to the form's own address, never to another site's
         * request (Strict). */
        set_cookie(r, cookie, apr_pstrdup(r->pool, hex),
                   apr_pstrcat(r->pool, sc->base_url, form, NULL), "Strict",
                   sc->form_ttl);
    }
    return hd_csrf_issue(r->pool, sc->secret, "", form, apr_time_now(), nonce);
}

int hd_auth_form_token_ok(request_rec *r, const char *cookie, const char *form,
                          const char *token)
{
    const hd_server_conf *sc =
        ap_get_module_config(r->server->module_config, &helpdesk_module);
    const char *have = hd_auth_cookie(r, cookie);
    const char *nonce = hd_csrf_verify(r->pool, sc->secret, "", form, token,
                                       apr_time_now(), sc->form_ttl);
    return nonce && have && !strcmp(nonce, have);
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
/* Personal API tokens                                                 */
/* ------------------------------------------------------------------ */

/* The database refused to answer: the outage page, as for a session. */
static int db_unavailable(request_rec *r, hd_db_outcome o, const char *what)
{
    ap_log_rerror(APLOG_MARK, APLOG_ERR, 0, r,
                  HDLOG(11001) "%s look-up failed: %s", what,
                  hd_db_outcome_name(o));
    apr_table_setn(r->err_headers_out, "Retry-After", "30");
    note_make(r)->error_message =
        o == HD_DB_TIMEOUT ? "The ticket database took too long to answer. "
                             "Try again in a moment."
                           : "The ticket database cannot be reached.";
    return HTTP_SERVICE_UNAVAILABLE;
}

/* The token (and for Basic the login) an Authorization header carries:
 * 1 when it carries credentials this module reads (Bearer, or Basic
 * whose password is a token), whether or not they are any good. */
static int token_credentials(request_rec *r, const char **user,
                             const char **token)
{
    const char *h = apr_table_get(r->headers_in, "Authorization");
    const char *scheme;

    *user = *token = NULL;
    if (!h) {
        return 0;
    }
    scheme = ap_getword_white(r->pool, &h);
    if (!strcasecmp(scheme, "Bearer")) {
        *token = ap_getword_white(r->pool, &h);
        return 1;
    }
    if (!strcasecmp(scheme, "Basic")) {
        char *plain = ap_pbase64decode(r->pool, ap_getword_white(r->pool, &h));
        char *colon = strchr(plain, ':');
        if (!colon) {
            *token = "";
            return 1; /* not even login:password -- refused like a bad one */
        }
        *colon = '\0';
        *user = plain;
        *token = colon + 1;
        return 1;
    }
    return 0; /* a scheme of someone else's: the cookie decides */
}

/* Who a token belongs to: OK with *login (NULL when it is not good), or
 * the outage status. */
static int token_owner(request_rec *r, const char *user, const char *token,
                       const char **login)
{
    const hd_server_conf *sc =
        ap_get_module_config(r->server->module_config, &helpdesk_module);
    hd_db_outcome o =
        hd_token_verify(hd_db_for_request(r, &sc->db), user, token, login);
    if (o != HD_DB_OK) {
        *login = NULL;
        return db_unavailable(r, o, "API token");
    }
    return OK;
}

/* A token that is not good: 401 with a challenge a program understands
 * (RFC 6750), never the login page; the error page says why (JSON for
 * a JSON client). */
static int token_refused(request_rec *r)
{
    auth_note *n = note_make(r);
    n->token_refused = 1;
    n->error_message = "The API token is not valid: it is unknown, revoked, "
                       "or not the one of that login.";
    apr_table_setn(r->err_headers_out, "WWW-Authenticate",
                   "Bearer realm=\"helpdesk\"");
    ap_log_rerror(APLOG_MARK, APLOG_INFO, 0, r,
                  HDLOG(11002) "API token refused for %s", r->uri);
    return HTTP_UNAUTHORIZED;
}

static int identify_by_token(request_rec *r, const char *user,
                             const char *token)
{
    const char *login;
    int status = token_owner(r, user, token, &login);

    if (status != OK) {
        return status;
    }
    if (!login) {
        return token_refused(r);
    }
    note_make(r)->by_token = 1;
    r->user = (char *)login;
    r->ap_auth_type = (char *)HD_AUTH_TYPE;
    return OK;
}

/* The authn provider "helpdesk-token": AuthBasicProvider helpdesk-token
 * in a location of the admin's own, user = login, password = token. */
static authn_status token_check_password(request_rec *r, const char *user,
                                         const char *password)
{
    const char *login;

    if (token_owner(r, user, password, &login) != OK) {
        return AUTH_GENERAL_ERROR;
    }
    if (!login) {
        return AUTH_DENIED;
    }
    note_make(r)->by_token = 1;
    r->user = (char *)login; /* the directory's spelling */
    return AUTH_GRANTED;
}

static const authn_provider token_provider = {&token_check_password, NULL};

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
    const char *token, *user;
    hd_session *s = NULL;

    /* A program's credentials decide alone: the cookie is not read. */
    if (token_credentials(r, &user, &token)) {
        return identify_by_token(r, user, token);
    }
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

void hd_auth_register_hooks(apr_pool_t *p)
{
    ap_register_auth_provider(p, AUTHN_PROVIDER_GROUP, HD_TOKEN_PROVIDER,
                              AUTHN_PROVIDER_VERSION, &token_provider,
                              AP_AUTH_INTERNAL_PER_CONF);
    ap_hook_check_authn(hd_check_authn, NULL, NULL, APR_HOOK_MIDDLE,
                        AP_AUTH_INTERNAL_PER_CONF);
}
