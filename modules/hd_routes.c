/*
 * hd_routes.c -- the portal's whole URL space in one table.
 *
 * Paths are relative to HelpdeskBaseURL.  A '*' in a pattern matches one
 * non-empty path segment and is handed to the page as rq->args[i].
 * Who may call a route is decided before it: HD_ROUTE_USER pages sit
 * behind "AuthType Helpdesk" (hd_auth.c, conf/helpdesk.conf.in).
 */
#include "mod_helpdesk.h"
#include "hd_routes.h"
#include "hd_page.h"

const hd_route hd_routes[] = {
    /* method  pattern     page                     who may call it */
    {"GET", "/", hd_page_today, HD_ROUTE_USER},
    {"GET", "/login", hd_page_login, HD_ROUTE_ANONYMOUS},
    {"POST", "/login", hd_page_login_submit, HD_ROUTE_ANONYMOUS},
    {"GET", "/logout", hd_page_logout_form, HD_ROUTE_USER},
    {"POST", "/logout", hd_page_logout, HD_ROUTE_USER},
    {"GET", "/sessions", hd_page_sessions, HD_ROUTE_USER},
    {"POST", "/sessions/end", hd_page_sessions_end, HD_ROUTE_USER},
    {"GET", "/error", hd_page_error_document, HD_ROUTE_ANONYMOUS},
    /* Temporary passwords: asked for without a login (page_password.c),
     * or by a supervisor for their organisation's people
     * (page_logins.c). */
    {"GET", "/password/forgot", hd_page_password_forgot, HD_ROUTE_ANONYMOUS},
    {"POST", "/password/forgot", hd_page_password_forgot_submit,
     HD_ROUTE_ANONYMOUS},
    {"GET", "/logins", hd_page_logins, HD_ROUTE_USER},
    {"GET", "/logins/*", hd_page_login_details, HD_ROUTE_USER},
    {"POST", "/logins/*/reset", hd_page_login_reset, HD_ROUTE_USER},
    /* The person's own page, contact details, e-mail address and API
     * tokens (page_account.c); their password (page_account_password.c). */
    {"GET", "/account", hd_page_account, HD_ROUTE_USER},
    {"POST", "/account/contact", hd_page_account_contact, HD_ROUTE_USER},
    {"POST", "/account/mail", hd_page_account_mail, HD_ROUTE_USER},
    {"GET", "/account/mail/confirm", hd_page_account_mail_confirm,
     HD_ROUTE_USER},
    {"GET", "/account/password", hd_page_account_password, HD_ROUTE_USER},
    {"POST", "/account/password", hd_page_account_password_change,
     HD_ROUTE_USER},
    {"POST", "/account/tokens", hd_page_account_token_create, HD_ROUTE_USER},
    {"POST", "/account/tokens/*/revoke", hd_page_account_token_revoke,
     HD_ROUTE_USER},
    {"GET", "/desk", hd_page_desk, HD_ROUTE_USER},
    /* Service Updates (page_services.c). */
    {"GET", "/services", hd_page_services, HD_ROUTE_USER},
    {"GET", "/services/*", hd_page_service, HD_ROUTE_USER},
    {"POST", "/services/*/subscription", hd_page_service_subscription,
     HD_ROUTE_USER},
    {"POST", "/services/*/affected", hd_page_service_affected, HD_ROUTE_USER},
    {"POST", "/services/*/status", hd_page_service_status, HD_ROUTE_USER},
    {"POST", "/services/*/link", hd_page_service_link, HD_ROUTE_USER},
    /* The FAQ (page_faq.c); the desk's news, FAQ entries and planned
     * maintenance (page_desk_content.c: agents only). */
    {"GET", "/faq", hd_page_faq, HD_ROUTE_USER},
    {"GET", "/desk/news", hd_page_desk_news, HD_ROUTE_USER},
    {"POST", "/desk/news", hd_page_desk_news_create, HD_ROUTE_USER},
    {"POST", "/desk/news/*/edit", hd_page_desk_news_edit, HD_ROUTE_USER},
    {"POST", "/desk/news/*/delete", hd_page_desk_news_delete, HD_ROUTE_USER},
    {"GET", "/desk/faq", hd_page_desk_faq, HD_ROUTE_USER},
    {"POST", "/desk/faq", hd_page_desk_faq_create, HD_ROUTE_USER},
    {"POST", "/desk/faq/*/edit", hd_page_desk_faq_edit, HD_ROUTE_USER},
    {"POST", "/desk/faq/*/delete", hd_page_desk_faq_delete, HD_ROUTE_USER},
    {"GET", "/desk/maintenance", hd_page_desk_maintenance, HD_ROUTE_USER},
    {"POST", "/desk/maintenance", hd_page_desk_maintenance_create,
     HD_ROUTE_USER},
    {"POST", "/desk/maintenance/*/cancel", hd_page_desk_maintenance_cancel,
     HD_ROUTE_USER},
    /* Mail (page_mail.c): choices, and the desk's undelivered mail. */
    {"GET", "/account/notifications", hd_page_notifications, HD_ROUTE_USER},
    {"POST", "/account/notifications", hd_page_notifications_save,
     HD_ROUTE_USER},
    {"GET", "/desk/mail", hd_page_desk_mail, HD_ROUTE_USER},
    {"POST", "/desk/mail/*/retry", hd_page_desk_mail_retry, HD_ROUTE_USER},
    /* Tickets: the fixed paths before the '*' that would match them. */
    {"GET", "/tickets", hd_page_tickets, HD_ROUTE_USER},
    {"GET", "/tickets/new", hd_page_ticket_new_form, HD_ROUTE_USER},
    {"POST", "/tickets/new", hd_page_ticket_create, HD_ROUTE_USER},
    {"GET", "/tickets/columns", hd_page_ticket_columns, HD_ROUTE_USER},
    {"POST", "/tickets/columns", hd_page_ticket_columns_save, HD_ROUTE_USER},
    {"GET", "/tickets/*", hd_page_ticket, HD_ROUTE_USER},
    {"POST", "/tickets/*/comment", hd_page_ticket_comment, HD_ROUTE_USER},
    {"GET", "/tickets/*/resolve", hd_page_ticket_resolve, HD_ROUTE_USER},
    {"POST", "/tickets/*/resolve", hd_page_ticket_resolve, HD_ROUTE_USER},
    {"GET", "/tickets/*/cancel", hd_page_ticket_cancel, HD_ROUTE_USER},
    {"POST", "/tickets/*/cancel", hd_page_ticket_cancel, HD_ROUTE_USER},
    {"POST", "/tickets/*/feedback", hd_page_ticket_feedback, HD_ROUTE_USER},
    {"POST", "/tickets/*/attachments", hd_page_ticket_attach, HD_ROUTE_USER},
    {"GET", "/tickets/*/attachments/*", hd_page_ticket_attachment,
     HD_ROUTE_USER},
    /* The service desk's (agents only: page_desk_ticket.c). */
    {"POST", "/tickets/*/move", hd_page_ticket_move, HD_ROUTE_USER},
    {"POST", "/tickets/*/assign", hd_page_ticket_assign, HD_ROUTE_USER},
    {"POST", "/tickets/*/reply", hd_page_ticket_reply, HD_ROUTE_USER},
    {"POST", "/tickets/*/classify", hd_page_ticket_classify, HD_ROUTE_USER},
    /* The status API in Statuspage's v2 shape (page_status_api.c). */
    {"GET", "/api/v2/*", hd_page_status_api, HD_ROUTE_STATUS},
    {"GET", "/api/v2/incidents/*", hd_page_status_api, HD_ROUTE_STATUS},
    {"GET", "/api/v2/scheduled-maintenances/*", hd_page_status_api,
     HD_ROUTE_STATUS},
    /* Service Updates as Atom and iCalendar feeds (page_feeds.c). */
    {"GET", "/api/feed.atom", hd_page_feed_atom, HD_ROUTE_STATUS},
    {"GET", "/api/services/*/feed.atom", hd_page_service_feed_atom,
     HD_ROUTE_STATUS},
    {"GET", "/api/maintenance.ics", hd_page_maintenance_ics, HD_ROUTE_STATUS},
    /* Incoming e-mail from helpdesk-mailgate (page_mail_inbound.c). */
    {"POST", "/mail/inbound", hd_page_mail_inbound, HD_ROUTE_MAILGATE},
};
const int hd_routes_count = sizeof(hd_routes) / sizeof(hd_routes[0]);

/* Does one pattern match path?  Captures '*' segments into args. */
static int pattern_matches(apr_pool_t *p, const char *pattern, const char *path,
                           apr_array_header_t *args)
{
    while (*pattern && *path) {
        if (*pattern == '*') {
            const char *end = strchr(path, '/');
            apr_size_t len = end ? (apr_size_t)(end - path) : strlen(path);
            if (len == 0) {
                return 0;
            }
            *(const char **)apr_array_push(args) = apr_pstrmemdup(p, path, len);
            pattern++;
            path += len;
            continue;
        }
        if (*pattern != *path) {
            return 0;
        }
        pattern++;
        path++;
    }
    return !*pattern && !*path;
}

hd_route_match_t hd_route_match(apr_pool_t *p, const hd_route *table, int n,
                                const char *method, const char *path)
{
    hd_route_match_t m = {NULL, 0, NULL, NULL};
    /* HEAD is served by the GET route; Apache drops the body itself. */
    const char *want = strcmp(method, "HEAD") ? method : "GET";
    int i;

    for (i = 0; i < n; i++) {
        apr_array_header_t *args = apr_array_make(p, 2, sizeof(char *));
        if (!pattern_matches(p, table[i].pattern, path, args)) {
            continue;
        }
        m.allow = m.path_known
                      ? apr_pstrcat(p, m.allow, ", ", table[i].method, NULL)
                      : table[i].method;
        m.path_known = 1;
        if (!m.route && !strcmp(table[i].method, want)) {
            m.route = &table[i];
            m.args = args;
        }
    }
    return m;
}
