/*
 * mod_helpdesk.c -- the module record, its hooks, and the content
 * handler, which only dispatches: find the route, know the user, call
 * the page, render the answer (or the error page) in one place.
 *
 * Deploy: LoadModule helpdesk_module modules/mod_helpdesk.so, then
 * <Location /helpdesk> SetHandler helpdesk, AuthType Helpdesk (the
 * module's sessions, hd_auth.c) with AuthLDAPURL for the password check
 * at login; see conf/helpdesk.conf.in.
 */
#include "mod_helpdesk.h"
#include "hd_config.h"
#include "hd_routes.h"
#include "hd_request.h"
#include "hd_ldap.h"
#include "hd_render.h"
#include "hd_page.h"
#include "hd_db.h"
#include "hd_catalog.h"
#include "hd_ticket.h"
#include "hd_jobs.h"
#include "hd_autoclose.h"
#include "hd_auth.h"
#include "hd_session.h"
#include "hd_throttle.h"
#include "hd_clock.h"
#include "hd_service.h"
#include "hd_content.h"
#include "hd_notify.h"
#include "hd_token.h"
#include "hd_mail_change.h"
#include "hd_password.h"
#include "hd_attach.h"

#include <curl/curl.h>
#include <gmime/gmime.h>

/* The per-process parts (directory cache) before any request. */
/* libcurl and GMime want their set-up once, before any thread of the
 * process exists: first thing in each child (not in the parent, which
 * unloads and reloads the module -- and with it GMime, but not GLib's
 * type registry -- between its two passes over the configuration). */
static void hd_child_init_libraries(apr_pool_t *pchild, server_rec *s)
{
    (void)pchild;
    (void)s;
    curl_global_init(CURL_GLOBAL_DEFAULT);
    g_mime_init();
}

static void hd_child_init(apr_pool_t *pchild, server_rec *s)
{
    hd_ldap_child_init(pchild, s);
}

static int hd_check_config(apr_pool_t *pconf, apr_pool_t *plog,
                           apr_pool_t *ptemp, server_rec *s)
{
    (void)pconf;
    (void)plog;
    (void)ptemp;
    return hd_config_check(s);
}

/* SQL goes to mod_dbd first thing; mod_dbd reads it per connection.
 * Every virtual host has its own copy of mod_dbd's table; mod_dbd reads
 * it only when it opens a connection (child_init or later), so
 * post_config is early enough. */
static int hd_post_config_db(apr_pool_t *pconf, apr_pool_t *plog,
                             apr_pool_t *ptemp, server_rec *s)
{
    server_rec *sp;
    (void)plog;
    (void)ptemp;

    for (sp = s; sp; sp = sp->next) {
        hd_server_conf *sc =
            ap_get_module_config(sp->module_config, &helpdesk_module);
        const hd_db_statements groups[] = {hd_ticket_statements(pconf),
                                           hd_catalog_statements,
                                           hd_page_tickets_statements(pconf),
                                           hd_jobs_statements,
                                           hd_autoclose_statements,
                                           hd_session_statements,
                                           hd_throttle_statements,
                                           hd_clock_statements,
                                           hd_page_desk_statements,
                                           hd_service_statements,
                                           hd_page_services_statements,
                                           hd_page_today_statements,
                                           hd_status_api_statements,
                                           hd_content_statements,
                                           hd_page_faq_statements,
                                           hd_page_desk_content_statements,
                                           hd_page_feeds_statements,
                                           hd_notify_statements,
                                           hd_mail_send_statements,
                                           hd_page_mail_inbound_statements,
                                           hd_token_statements,
                                           hd_page_login_statements,
                                           hd_mail_change_statements,
                                           hd_password_statements,
                                           hd_page_logins_statements,

                                           hd_attach_statements};
        int rv = hd_config_apply_defaults(pconf, sp, sc);
        if (rv == OK) {
            rv = hd_db_register(pconf, sp, &sc->db, groups,
                                sizeof(groups) / sizeof(groups[0]));
        }
        if (rv != OK) {
            return rv;
        }
    }
    return OK;
}

/* The background runner goes to mod_watchdog, whose own post_config
 * (which starts the watchdogs it was given) must come after this one;
 * the main server's settings and database serve every virtual host. */
static int hd_post_config_jobs(apr_pool_t *pconf, apr_pool_t *plog,
                               apr_pool_t *ptemp, server_rec *s)
{
    hd_server_conf *sc =
        ap_get_module_config(s->module_config, &helpdesk_module);
    (void)plog;
    (void)ptemp;
    return hd_jobs_start(pconf, s, &sc->jobs, &sc->db, sc->mail.interval);
}

static int hd_post_config(apr_pool_t *pconf, apr_pool_t *plog,
                          apr_pool_t *ptemp, server_rec *s)
{
    (void)plog;
    return hd_render_init(pconf, ptemp, s);
}

/* The headers a portal page needs, on err_headers_out so that error
 * responses and redirects carry them too. */
static void set_security_headers(request_rec *r, const hd_dir_conf *d)
{
    apr_table_t *h = r->err_headers_out; /* survives error responses */

    if (!hd_dir_security_headers(d)) {
        return;
    }
    apr_table_setn(h, "Content-Security-Policy", hd_dir_csp(d));
    apr_table_setn(h, "X-Content-Type-Options", "nosniff");
    apr_table_setn(h, "X-Frame-Options", "DENY");
    apr_table_setn(h, "Referrer-Policy", "same-origin");
    apr_table_setn(h, "Cross-Origin-Opener-Policy", "same-origin");
    apr_table_setn(h, "Permissions-Policy",
                   "camera=(), microphone=(), geolocation=()");
}

/* header_parser runs after the <Location> config is known and before
 * authentication, so even the login redirect and a 401 or 403 carry the
 * security headers. */
static int hd_header_parser(request_rec *r)
{
    hd_dir_conf *d = ap_get_module_config(r->per_dir_config, &helpdesk_module);
    hd_server_conf *sc =
        ap_get_module_config(r->server->module_config, &helpdesk_module);

    /* Everything under the base URL: pages, login and logout handlers,
     * static files. */
    if (hd_request_relative_path(sc->base_url, r->uri)) {
        set_security_headers(r, d);
    }
    return DECLINED;
}

/* Find out who is asking; anonymous pages only show who is there. */
static int identify_user(hd_req *rq)
{
    request_rec *r = rq->r;
    int status;

    if (!r->user && r->prev) {
        r->user = r->prev->user; /* ErrorDocument: the original user */
    }
    /* The status API: for anyone, or for those with a session. */
    if (rq->route && rq->route->access == HD_ROUTE_STATUS) {
        if (rq->sconf->public_status) {
            return OK;
        }
        if (!r->user && (status = hd_auth_identify(r)) != OK) {
            return status;
        }
        return hd_ldap_user(rq, r->user, &rq->user);
    }
    /* The mail gate: its secret is checked by the page itself. */
    if (rq->route && rq->route->access == HD_ROUTE_MAILGATE) {
        return OK;
    }
    /* No route: the 404/405 page shows whoever is there, nothing more. */
    if (!rq->route || rq->route->access == HD_ROUTE_ANONYMOUS) {
        if (r->user) {
            hd_ldap_user(rq, r->user, &rq->user); /* best effort */
            rq->error_message = NULL;
        }
        return OK;
    }
    if (!r->user) {
        ap_log_rerror(APLOG_MARK, APLOG_ERR, 0, r,
                      HDLOG(00001) "no authenticated user for %s: the "
                                   "location needs AuthType Helpdesk and "
                                   "Require valid-user",
                      r->uri);
        rq->error_message = "You are not logged in.";
        return HTTP_FORBIDDEN;
    }
    status = hd_ldap_user(rq, r->user, &rq->user);
    return status;
}

/* A session that logged in with a temporary password sees one page
 * until its person chose their own: the change-password form (and may
 * log out).  Sets the redirect; 1 when the request goes there instead. */
static int must_change_first(hd_req *rq)
{
    const hd_session *s = hd_auth_session(rq->r);
    const char *p = rq->route->pattern;

    if (!s || !s->must_change || rq->route->access != HD_ROUTE_USER ||
        !strcmp(p, "/account/password") || !strcmp(p, "/logout")) {
        return 0;
    }
    apr_table_setn(rq->r->headers_out, "Location",
                   apr_pstrcat(rq->r->pool, rq->sconf->base_url,
                               "/account/password", NULL));
    return 1;
}

static hd_req *request_new(request_rec *r)
{
    hd_req *rq = apr_pcalloc(r->pool, sizeof(*rq));
    const char *fmt;

    rq->r = r;
    rq->sconf =
        ap_get_module_config(r->server->module_config, &helpdesk_module);
    rq->dconf = ap_get_module_config(r->per_dir_config, &helpdesk_module);
    rq->query = hd_request_query(r->pool, r->args);
    /* ?format= lets a browser see the API; Accept is the real way. */
    fmt = apr_table_get(rq->query, "format");
    rq->format =
        fmt && !strcmp(fmt, "json") ? HD_FMT_JSON
        : fmt && !strcmp(fmt, "xml")
            ? HD_FMT_XML
            : hd_request_negotiate(apr_table_get(r->headers_in, "Accept"));
    return rq;
}

static int hd_handler(request_rec *r)
{
    hd_req *rq;
    hd_route_match_t m;
    const char *path;
    int status;

    if (!r->handler || strcmp(r->handler, HD_HANDLER)) {
        return DECLINED;
    }
    rq = request_new(r);
    r->allowed |= (AP_METHOD_BIT << M_GET) | (AP_METHOD_BIT << M_POST);

    path = hd_request_relative_path(rq->sconf->base_url, r->uri);
    m = hd_route_match(r->pool, hd_routes, hd_routes_count, r->method,
                       path ? path : "");
    rq->route = m.route;
    rq->args = m.args;

    status = identify_user(rq);
    if (status == OK && m.route && must_change_first(rq)) {
        status = HTTP_SEE_OTHER;
    }
    if (status == OK && !m.route) {
        status = m.path_known ? HTTP_METHOD_NOT_ALLOWED : HTTP_NOT_FOUND;
        if (m.path_known) {
            apr_table_setn(r->err_headers_out, "Allow", m.allow);
        }
    }
    if (status == OK) {
        status = m.route->page(rq);
    }
    if (status == DONE) {
        return OK; /* the page sent its own response */
    }
    if (ap_is_HTTP_REDIRECT(status)) {
        return status; /* Location is set; Apache writes the rest */
    }
    if (status == OK) {
        status = hd_render_send(rq);
    }
    if (status != OK) {
        return hd_render_error(rq, status, rq->error_message);
    }
    return OK;
}

static void hd_register_hooks(apr_pool_t *p)
{
    static const char *const before_watchdog[] = {"mod_watchdog.c", NULL};
    ap_hook_check_config(hd_check_config, NULL, NULL, APR_HOOK_MIDDLE);
    ap_hook_post_config(hd_post_config_db, NULL, NULL, APR_HOOK_FIRST);
    ap_hook_post_config(hd_post_config, NULL, NULL, APR_HOOK_MIDDLE);
    ap_hook_post_config(hd_post_config_jobs, NULL, before_watchdog,
                        APR_HOOK_MIDDLE);
    ap_hook_child_init(hd_child_init_libraries, NULL, NULL,
                       APR_HOOK_REALLY_FIRST);
    ap_hook_child_init(hd_child_init, NULL, NULL, APR_HOOK_MIDDLE);
    ap_hook_header_parser(hd_header_parser, NULL, NULL, APR_HOOK_MIDDLE);
    hd_auth_register_hooks(p);
    ap_hook_handler(hd_handler, NULL, NULL, APR_HOOK_MIDDLE);
}

module AP_MODULE_DECLARE_DATA helpdesk_module = {
    STANDARD20_MODULE_STUFF, hd_config_create_dir,   hd_config_merge_dir,
    hd_config_create_server, hd_config_merge_server, hd_config_cmds,
    hd_register_hooks};
