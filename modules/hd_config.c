/*
 * hd_config.c -- every Helpdesk* directive: one table, create/merge per
 * scope.  Values are checked here, at start-up, so a typo in the admin's
 * configuration stops Apache with a clear message instead of surfacing
 * as a 500 on the first request.
 */
#include "mod_helpdesk.h"
#include "hd_config.h"
#include "hd_request.h"
#include "hd_sla.h"
#include "apr_file_info.h"
#include "apr_general.h"

#include <ldap.h>

/* Directive names as macros: a typo becomes a compile error. */
#define HD_DIR_BASE_URL          "HelpdeskBaseURL"
#define HD_DIR_STATIC_URL        "HelpdeskStaticURL"
#define HD_DIR_SITE_NAME         "HelpdeskSiteName"
#define HD_DIR_XSLT_DIR          "HelpdeskStylesheetDir"
#define HD_DIR_LDAP_URL          "HelpdeskLDAPURL"
#define HD_DIR_LDAP_BIND_DN      "HelpdeskLDAPBindDN"
#define HD_DIR_LDAP_BIND_PW      "HelpdeskLDAPBindPassword"
#define HD_DIR_LDAP_ORG          "HelpdeskLDAPOrgAttribute"
#define HD_DIR_LDAP_TIMEOUT      "HelpdeskLDAPTimeout"
#define HD_DIR_AGENT_GROUP       "HelpdeskAgentGroup"
#define HD_DIR_SUPERVISOR_GROUP  "HelpdeskSupervisorGroup"
#define HD_DIR_CACHE_TTL         "HelpdeskDirectoryCacheTTL"
#define HD_DIR_CACHE_ENTRIES     "HelpdeskDirectoryCacheEntries"
#define HD_DIR_DB_RETRIES        "HelpdeskDBReconnectTries"
#define HD_DIR_DB_CONFLICTS      "HelpdeskDBConflictRetries"
#define HD_DIR_DB_TIMEOUT        "HelpdeskDBStatementTimeout"
#define HD_DIR_SEARCH_SCAN       "HelpdeskSearchScanRows"
#define HD_DIR_SECRET            "HelpdeskSecret"
#define HD_DIR_FORM_TTL          "HelpdeskFormTokenTTL"
#define HD_DIR_MAX_SUMMARY       "HelpdeskMaxSummaryChars"
#define HD_DIR_MAX_TEXT          "HelpdeskMaxTextChars"
#define HD_DIR_SEC_HEADERS       "HelpdeskSecurityHeaders"
#define HD_DIR_CSP               "HelpdeskContentSecurityPolicy"
#define HD_DIR_MAX_FORM          "HelpdeskMaxFormBytes"
#define HD_DIR_PAGE_SIZE         "HelpdeskPageSize"
#define HD_DIR_MAX_ATTACHMENT    "HelpdeskMaxAttachmentSize"
#define HD_DIR_MAX_UPLOAD        "HelpdeskMaxUploadSize"
#define HD_DIR_MAX_ATTACHMENTS   "HelpdeskMaxAttachments"
#define HD_DIR_CONTACT_PHONE     "HelpdeskContactPhone"
#define HD_DIR_CONTACT_MAIL      "HelpdeskContactMail"
#define HD_DIR_CONTACT_HOURS     "HelpdeskContactHours"
#define HD_DIR_JOBS              "HelpdeskJobs"
#define HD_DIR_SUBSCRIBE_DEFAULT "HelpdeskSubscribeByDefault"
#define HD_DIR_PUBLIC_STATUS     "HelpdeskPublicStatus"
#define HD_DIR_JOB_INTERVAL      "HelpdeskJobInterval"
#define HD_DIR_JOB_LEASE         "HelpdeskJobLease"
#define HD_DIR_AUTO_CLOSE_AFTER  "HelpdeskAutoCloseAfter"
#define HD_DIR_ADMIN_GROUP       "HelpdeskAdminGroup"
#define HD_DIR_SESSION_IDLE      "HelpdeskSessionIdleTimeout"
#define HD_DIR_SESSION_MAX_AGE   "HelpdeskSessionMaxAge"
#define HD_DIR_COOKIE_SECURE     "HelpdeskSessionCookieSecure"
#define HD_DIR_LOGIN_PROVIDER    "HelpdeskLoginProvider"
#define HD_DIR_LOGIN_ACCOUNT     "HelpdeskLoginAccountFailures"
#define HD_DIR_LOGIN_ADDRESS     "HelpdeskLoginAddressFailures"
#define HD_DIR_LOGIN_WINDOW      "HelpdeskLoginThrottleWindow"
#define HD_DIR_LOGIN_MAX_DELAY   "HelpdeskLoginMaxDelay"
#define HD_DIR_TIME_ZONE         "HelpdeskTimeZone"
#define HD_DIR_TEMP_PW_TTL       "HelpdeskTempPasswordTTL"
#define HD_DIR_RESET_ACCOUNT     "HelpdeskPasswordResetAccountLimit"
#define HD_DIR_RESET_ADDRESS     "HelpdeskPasswordResetAddressLimit"

/* Defaults, in one place so README and code agree. */
#define HD_DEFAULT_BASE_URL        "/helpdesk"
#define HD_DEFAULT_SITE_NAME       "IT Helpdesk"
#define HD_DEFAULT_XSLT_DIR        "/usr/share/mod_helpdesk/xslt"
#define HD_DEFAULT_ORG_ATTR        "o"
#define HD_DEFAULT_LDAP_TIMEOUT    5
#define HD_DEFAULT_CACHE_TTL       300
#define HD_DEFAULT_CACHE_ENTRIES   4096
#define HD_DEFAULT_DB_RETRIES      8
#define HD_DEFAULT_DB_CONFLICTS    3
#define HD_DEFAULT_DB_TIMEOUT      5000
#define HD_DEFAULT_SEARCH_SCAN     3000
#define HD_DEFAULT_MAX_FORM        (64 * 1024)
#define HD_DEFAULT_FORM_TTL        (8 * 3600)
#define HD_DEFAULT_MAX_SUMMARY     200
#define HD_DEFAULT_MAX_TEXT        20000
#define HD_DEFAULT_PAGE_SIZE       25
#define HD_DEFAULT_MAX_ATTACHMENT  (25L * 1024 * 1024)
#define HD_DEFAULT_MAX_UPLOAD      (100L * 1024 * 1024)
#define HD_DEFAULT_MAX_ATTACHMENTS 10
#define HD_DEFAULT_JOB_INTERVAL    60
#define HD_DEFAULT_JOB_LEASE       300
#define HD_DEFAULT_AUTO_CLOSE      (14 * 86400)
#define HD_MAX_AUTO_CLOSE          (365 * 86400)
#define HD_DEFAULT_SESSION_IDLE    1800
#define HD_DEFAULT_SESSION_MAX     (8 * 3600)
#define HD_DEFAULT_LOGIN_PROVIDER  "ldap"
#define HD_DEFAULT_LOGIN_ACCOUNT   5
#define HD_DEFAULT_LOGIN_ADDRESS   20
#define HD_DEFAULT_LOGIN_WINDOW    900
#define HD_DEFAULT_LOGIN_DELAY     900
#define HD_DEFAULT_TEMP_PW_TTL     86400
#define HD_DEFAULT_RESET_ACCOUNT   3
#define HD_DEFAULT_RESET_ADDRESS   20
#define HD_DEFAULT_CSP                                           \
    "default-src 'self'; script-src 'self'; style-src 'self'; "  \
    "img-src 'self' data:; object-src 'none'; base-uri 'none'; " \
    "form-action 'self'; frame-ancestors 'none'"

void *hd_config_create_server(apr_pool_t *p, server_rec *s)
{
    hd_server_conf *c = apr_pcalloc(p, sizeof(*c));
    (void)s;
    c->ldap_scope = -1;
    c->ldap_timeout = -1;
    c->cache_ttl = -1;
    c->cache_entries = -1;
    c->db.reconnect_tries = -1;
    c->db.conflict_retries = -1;
    c->db.statement_timeout = -1;
    c->form_ttl = -1;
    c->max_summary = -1;
    c->max_text = -1;
    c->search_scan_rows = -1;
    c->jobs.enabled = -1;
    hd_mail_init_settings(&c->mail);
    c->subscribe_default = -1;
    c->public_status = -1;
    c->jobs.interval = -1;
    c->jobs.lease = -1;
    c->auto_close_after = -1;
    c->session_idle = -1;
    c->session_max_age = -1;
    c->cookie_secure = -1;
    c->login_account_failures = -1;
    c->login_address_failures = -1;
    c->login_window = -1;
    c->login_max_delay = -1;
    c->temp_password_ttl = -1;
    c->reset_account_limit = -1;
    c->reset_address_limit = -1;
    return c;
}

#define HD_MERGE_PTR(f) m->f = add->f ? add->f : base->f
#define HD_MERGE_INT(f) m->f = add->f != -1 ? add->f : base->f

void *hd_config_merge_server(apr_pool_t *p, void *basev, void *addv)
{
    hd_server_conf *base = basev, *add = addv;
    hd_server_conf *m = apr_pcalloc(p, sizeof(*m));

    HD_MERGE_PTR(base_url);
    HD_MERGE_PTR(static_url);
    HD_MERGE_PTR(site_name);
    HD_MERGE_PTR(xslt_dir);
    /* The URL's parts travel together: never mix a base from one URL
     * with a host from another. */
    if (add->ldap_url) {
        m->ldap_url = add->ldap_url;
        m->ldap_host_url = add->ldap_host_url;
        m->ldap_base = add->ldap_base;
        m->ldap_uid_attr = add->ldap_uid_attr;
        m->ldap_filter = add->ldap_filter;
        m->ldap_scope = add->ldap_scope;
    }
    else {
        m->ldap_url = base->ldap_url;
        m->ldap_host_url = base->ldap_host_url;
        m->ldap_base = base->ldap_base;
        m->ldap_uid_attr = base->ldap_uid_attr;
        m->ldap_filter = base->ldap_filter;
        m->ldap_scope = base->ldap_scope;
    }
    HD_MERGE_PTR(ldap_bind_dn);
    HD_MERGE_PTR(ldap_bind_pw);
    HD_MERGE_PTR(org_attr);
    HD_MERGE_PTR(agent_group);
    HD_MERGE_PTR(supervisor_group);
    HD_MERGE_PTR(admin_group);
    HD_MERGE_INT(ldap_timeout);
    HD_MERGE_INT(cache_ttl);
    HD_MERGE_INT(cache_entries);
    HD_MERGE_INT(db.reconnect_tries);
    HD_MERGE_INT(db.conflict_retries);
    HD_MERGE_INT(db.statement_timeout);
    HD_MERGE_PTR(secret);
    HD_MERGE_INT(form_ttl);
    HD_MERGE_INT(max_summary);
    HD_MERGE_INT(max_text);
    HD_MERGE_INT(search_scan_rows);
    HD_MERGE_PTR(contact_phone);
    HD_MERGE_PTR(contact_mail);
    HD_MERGE_PTR(contact_hours);
    HD_MERGE_INT(jobs.enabled);
    HD_MERGE_INT(subscribe_default);
    HD_MERGE_INT(public_status);
    HD_MERGE_INT(jobs.interval);
    HD_MERGE_INT(jobs.lease);
    HD_MERGE_INT(auto_close_after);
    HD_MERGE_INT(session_idle);
    HD_MERGE_INT(session_max_age);
    HD_MERGE_INT(cookie_secure);
    HD_MERGE_PTR(login_provider);
    HD_MERGE_INT(login_account_failures);
    HD_MERGE_INT(login_address_failures);
    HD_MERGE_INT(login_window);
    HD_MERGE_INT(login_max_delay);
    HD_MERGE_INT(temp_password_ttl);
    HD_MERGE_INT(reset_account_limit);
    HD_MERGE_INT(reset_address_limit);
    HD_MERGE_PTR(time_zone);
    hd_mail_merge_settings(&m->mail, &base->mail, &add->mail);
    return m;
}

void *hd_config_create_dir(apr_pool_t *p, char *dir)
{
    hd_dir_conf *c = apr_pcalloc(p, sizeof(*c));
    (void)dir;
    c->security_headers = -1;
    c->max_form_bytes = -1;
    c->page_size = -1;
    c->max_attachment = -1;
    c->max_upload = -1;
    c->max_attachments = -1;
    return c;
}

void *hd_config_merge_dir(apr_pool_t *p, void *basev, void *addv)
{
    hd_dir_conf *base = basev, *add = addv;
    hd_dir_conf *m = apr_pcalloc(p, sizeof(*m));

    HD_MERGE_INT(security_headers);
    HD_MERGE_PTR(csp);
    HD_MERGE_INT(max_form_bytes);
    HD_MERGE_INT(page_size);
    HD_MERGE_INT(max_attachment);
    HD_MERGE_INT(max_upload);
    HD_MERGE_INT(max_attachments);
    return m;
}

static hd_server_conf *server_conf(cmd_parms *cmd)
{
    return ap_get_module_config(cmd->server->module_config, &helpdesk_module);
}

/* A URL path prefix: starts with '/', no trailing '/', no '?#'. */
static const char *set_url_path(cmd_parms *cmd, void *d, const char *arg)
{
    hd_server_conf *c = server_conf(cmd);
    apr_size_t len = strlen(arg);
    (void)d;

    if (arg[0] != '/' || strpbrk(arg, "?#\"<> ")) {
        return apr_psprintf(cmd->pool,
                            "%s must be a URL path starting with '/', "
                            "got '%s'",
                            cmd->directive->directive, arg);
    }
    while (len > 1 && arg[len - 1] == '/') {
        len--;
    }
    arg = apr_pstrmemdup(cmd->pool, arg, len);
    if (!strcmp(cmd->directive->directive, HD_DIR_BASE_URL)) {
        c->base_url = arg;
    }
    else {
        c->static_url = arg;
    }
    return NULL;
}

static const char *set_xslt_dir(cmd_parms *cmd, void *d, const char *arg)
{
    hd_server_conf *c = server_conf(cmd);
    apr_finfo_t fi;
    const char *dir = ap_server_root_relative(cmd->pool, arg);
    (void)d;

    if (!dir || apr_stat(&fi, dir, APR_FINFO_TYPE, cmd->pool) != APR_SUCCESS ||
        fi.filetype != APR_DIR) {
        return apr_psprintf(cmd->pool,
                            HD_DIR_XSLT_DIR " '%s' is not a directory", arg);
    }
    c->xslt_dir = dir;
    return NULL;
}

/* Parse an RFC 4516 URL the way mod_authnz_ldap's AuthLDAPURL reads:
 * ldap://host:port/basedn?uid-attribute?scope?filter */
static const char *set_ldap_url(cmd_parms *cmd, void *d, const char *arg)
{
    hd_server_conf *c = server_conf(cmd);
    LDAPURLDesc *u = NULL;
    (void)d;

    if (ldap_url_parse(arg, &u) != LDAP_URL_SUCCESS || !u->lud_dn ||
        !*u->lud_dn) {
        if (u) {
            ldap_free_urldesc(u);
        }
        return apr_psprintf(cmd->pool,
                            HD_DIR_LDAP_URL
                            " '%s' is not an LDAP URL of "
                            "the form ldap://host:port/basedn?uid?sub",
                            arg);
    }
    c->ldap_url = apr_pstrdup(cmd->pool, arg);
    c->ldap_host_url =
        u->lud_port
            ? apr_psprintf(cmd->pool, "%s://%s:%d", u->lud_scheme,
                           u->lud_host ? u->lud_host : "localhost", u->lud_port)
            : apr_psprintf(cmd->pool, "%s://%s", u->lud_scheme,
                           u->lud_host ? u->lud_host : "localhost");
    c->ldap_base = apr_pstrdup(cmd->pool, u->lud_dn);
    c->ldap_uid_attr = apr_pstrdup(
        cmd->pool, u->lud_attrs && u->lud_attrs[0] ? u->lud_attrs[0] : "uid");
    c->ldap_filter = apr_pstrdup(cmd->pool, u->lud_filter ? u->lud_filter
                                                          : "(objectClass=*)");
    /* ldap_url_parse defaults the scope to base; a people tree wants sub
     * unless the admin said otherwise. */
    c->ldap_scope = strstr(arg, "?one")    ? LDAP_SCOPE_ONELEVEL
                    : strstr(arg, "?base") ? LDAP_SCOPE_BASE
                                           : LDAP_SCOPE_SUBTREE;
    ldap_free_urldesc(u);
    return NULL;
}

/* Secrets: never from .htaccess. */
static const char *set_secret(cmd_parms *cmd, void *d, const char *arg)
{
    const char *err = ap_check_cmd_context(cmd, NOT_IN_HTACCESS);
    (void)d;
    if (err) {
        return err;
    }
    if (!strcmp(cmd->directive->directive, HD_DIR_SECRET)) {
        if (strlen(arg) < 16) {
            return HD_DIR_SECRET " must be at least 16 characters";
        }
        server_conf(cmd)->secret = arg;
    }
    else {
        server_conf(cmd)->ldap_bind_pw = arg;
    }
    return NULL;
}

static const char *set_dn(cmd_parms *cmd, void *d, const char *arg)
{
    hd_server_conf *c = server_conf(cmd);
    const char *name = cmd->directive->directive;
    LDAPDN dn = NULL;
    (void)d;

    if (ldap_str2dn(arg, &dn, LDAP_DN_FORMAT_LDAPV3) != LDAP_SUCCESS) {
        return apr_psprintf(cmd->pool, "%s '%s' is not a valid DN", name, arg);
    }
    ldap_dnfree(dn);
    if (!strcmp(name, HD_DIR_LDAP_BIND_DN)) {
        c->ldap_bind_dn = arg;
    }
    else if (!strcmp(name, HD_DIR_AGENT_GROUP)) {
        c->agent_group = arg;
    }
    else if (!strcmp(name, HD_DIR_ADMIN_GROUP)) {
        c->admin_group = arg;
    }
    else {
        c->supervisor_group = arg;
    }
    return NULL;
}

/* A whole number in [min, max]; names the directive and the range. */
static const char *parse_int(cmd_parms *cmd, const char *arg, long min,
                             long max, long *out)
{
    char *end;
    long v = strtol(arg, &end, 10);
    if (!*arg || *end || v < min || v > max) {
        return apr_psprintf(cmd->pool,
                            "%s must be a whole number from %ld "
                            "to %ld, got '%s'",
                            cmd->directive->directive, min, max, arg);
    }
    *out = v;
    return NULL;
}

static const char *set_server_int(cmd_parms *cmd, void *d, const char *arg)
{
    hd_server_conf *c = server_conf(cmd);
    const char *name = cmd->directive->directive;
    const char *err;
    long v;
    (void)d;

    if (!strcmp(name, HD_DIR_LDAP_TIMEOUT)) {
        if (!(err = parse_int(cmd, arg, 1, 300, &v)))
            c->ldap_timeout = v;
    }
    else if (!strcmp(name, HD_DIR_CACHE_TTL)) {
        if (!(err = parse_int(cmd, arg, 0, 86400, &v)))
            c->cache_ttl = v;
    }
    else if (!strcmp(name, HD_DIR_CACHE_ENTRIES)) {
        if (!(err = parse_int(cmd, arg, 1, 1000000, &v)))
            c->cache_entries = v;
    }
    else if (!strcmp(name, HD_DIR_FORM_TTL)) {
        if (!(err = parse_int(cmd, arg, 60, 7 * 86400, &v)))
            c->form_ttl = v;
    }
    else if (!strcmp(name, HD_DIR_MAX_SUMMARY)) {
        if (!(err = parse_int(cmd, arg, 10, 200, &v)))
            c->max_summary = v;
    }
    else if (!strcmp(name, HD_DIR_MAX_TEXT)) {
        if (!(err = parse_int(cmd, arg, 100, 60000, &v)))
            c->max_text = v;
    }
    else if (!strcmp(name, HD_DIR_SEARCH_SCAN)) {
        if (!(err = parse_int(cmd, arg, 0, 1000000, &v)))
            c->search_scan_rows = v;
    }
    else if (!strcmp(name, HD_DIR_DB_CONFLICTS)) {
        if (!(err = parse_int(cmd, arg, 0, 100, &v)))
            c->db.conflict_retries = v;
    }
    else if (!strcmp(name, HD_DIR_DB_TIMEOUT)) {
        if (!(err = parse_int(cmd, arg, 0, 3600 * 1000, &v)))
            c->db.statement_timeout = v;
    }
    else if (!strcmp(name, HD_DIR_SESSION_IDLE)) {
        if (!(err = parse_int(cmd, arg, 1, 7 * 86400, &v)))
            c->session_idle = v;
    }
    else if (!strcmp(name, HD_DIR_SESSION_MAX_AGE)) {
        if (!(err = parse_int(cmd, arg, 1, 30 * 86400, &v)))
            c->session_max_age = v;
    }
    else if (!strcmp(name, HD_DIR_LOGIN_ACCOUNT)) {
        if (!(err = parse_int(cmd, arg, 1, 10000, &v)))
            c->login_account_failures = v;
    }
    else if (!strcmp(name, HD_DIR_LOGIN_ADDRESS)) {
        if (!(err = parse_int(cmd, arg, 1, 1000000, &v)))
            c->login_address_failures = v;
    }
    else if (!strcmp(name, HD_DIR_LOGIN_WINDOW)) {
        if (!(err = parse_int(cmd, arg, 1, 7 * 86400, &v)))
            c->login_window = v;
    }
    else if (!strcmp(name, HD_DIR_LOGIN_MAX_DELAY)) {
        if (!(err = parse_int(cmd, arg, 1, 86400, &v)))
            c->login_max_delay = v;
    }
    else if (!strcmp(name, HD_DIR_TEMP_PW_TTL)) {
        if (!(err = parse_int(cmd, arg, 60, 30 * 86400, &v)))
            c->temp_password_ttl = v;
    }
    else if (!strcmp(name, HD_DIR_RESET_ACCOUNT)) {
        if (!(err = parse_int(cmd, arg, 1, 1000, &v)))
            c->reset_account_limit = v;
    }
    else if (!strcmp(name, HD_DIR_RESET_ADDRESS)) {
        if (!(err = parse_int(cmd, arg, 1, 1000000, &v)))
            c->reset_address_limit = v;
    }
    else {
        if (!(err = parse_int(cmd, arg, 1, 1000, &v)))
            c->db.reconnect_tries = v;
    }
    return err;
}

static const char *set_dir_int(cmd_parms *cmd, void *dv, const char *arg)
{
    hd_dir_conf *d = dv;
    const char *err;
    long v;

    if (!strcmp(cmd->directive->directive, HD_DIR_MAX_FORM)) {
        if (!(err = parse_int(cmd, arg, 1024, 1024L * 1024 * 1024, &v)))
            d->max_form_bytes = v;
    }
    else if (!strcmp(cmd->directive->directive, HD_DIR_MAX_ATTACHMENT)) {
        if (!(err = parse_int(cmd, arg, 0, 64L * 1024 * 1024 * 1024, &v)))
            d->max_attachment = v;
    }
    else if (!strcmp(cmd->directive->directive, HD_DIR_MAX_UPLOAD)) {
        if (!(err = parse_int(cmd, arg, 1024, 64L * 1024 * 1024 * 1024, &v)))
            d->max_upload = v;
    }
    else if (!strcmp(cmd->directive->directive, HD_DIR_MAX_ATTACHMENTS)) {
        if (!(err = parse_int(cmd, arg, 0, 1000, &v)))
            d->max_attachments = v;
    }
    else {
        if (!(err = parse_int(cmd, arg, 1, 500, &v)))
            d->page_size = v;
    }
    return err;
}

static const char *set_sec_headers(cmd_parms *cmd, void *dv, int on)
{
    (void)cmd;
    ((hd_dir_conf *)dv)->security_headers = on;
    return NULL;
}

static const char *set_csp(cmd_parms *cmd, void *dv, const char *arg)
{
    if (strpbrk(arg, "\r\n")) {
        return HD_DIR_CSP " must be a single line";
    }
    ((hd_dir_conf *)dv)->csp = arg;
    (void)cmd;
    return NULL;
}

static const char *set_site_name(cmd_parms *cmd, void *d, const char *arg)
{
    (void)d;
    server_conf(cmd)->site_name = arg;
    return NULL;
}

static const char *set_org_attr(cmd_parms *cmd, void *d, const char *arg)
{
    (void)d;
    if (!*arg ||
        strspn(arg, "abcdefghijklmnopqrstuvwxyz"
                    "ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789-;") != strlen(arg)) {
        return apr_psprintf(
            cmd->pool, HD_DIR_LDAP_ORG " '%s' is not an attribute name", arg);
    }
    server_conf(cmd)->org_attr = arg;
    return NULL;
}

/* The service desk's phone, e-mail and hours.  They are shown as text
 * and links (tel:, mailto:) to people who are already stuck, so a value
 * that would not display or dial is refused at start-up.  "" leaves a
 * value out (e.g. a virtual host without a phone line). */
#define HD_CONTACT_MAX_CHARS 200

static const char *set_contact(cmd_parms *cmd, void *d, const char *arg)
{
    hd_server_conf *c = server_conf(cmd);
    const char *name = cmd->directive->directive;
    long chars = hd_request_text_chars(arg, 0);
    const char *at;
    (void)d;

    if (chars < 0 || strchr(arg, '\t') || chars > HD_CONTACT_MAX_CHARS) {
        return apr_psprintf(cmd->pool,
                            "%s must be one line of UTF-8 text without "
                            "control characters, at most %d characters",
                            name, HD_CONTACT_MAX_CHARS);
    }
    if (!strcmp(name, HD_DIR_CONTACT_PHONE)) {
        if (*arg && (strspn(arg, "+0123456789 ()-./") != strlen(arg) ||
                     !strpbrk(arg, "0123456789"))) {
            return apr_psprintf(cmd->pool,
                                "%s '%s' is not a phone number (digits, "
                                "spaces and + ( ) - . / only)",
                                name, arg);
        }
        c->contact_phone = arg;
    }
    else if (!strcmp(name, HD_DIR_CONTACT_MAIL)) {
        at = strchr(arg, '@');
        if (*arg && (!at || at == arg || !at[1] || strchr(at + 1, '@') ||
                     strpbrk(arg, " <>()[],;:\"\\?&#%"))) {
            return apr_psprintf(cmd->pool, "%s '%s' is not an e-mail address",
                                name, arg);
        }
        c->contact_mail = arg;
    }
    else {
        c->contact_hours = arg;
    }
    return NULL;
}

/* Service Updates' switches (per virtual host). */
static const char *set_service_flag(cmd_parms *cmd, void *d, int on)
{
    hd_server_conf *c = server_conf(cmd);
    (void)d;
    if (!strcasecmp(cmd->cmd->name, HD_DIR_SUBSCRIBE_DEFAULT)) {
        c->subscribe_default = on;
    }
    else {
        c->public_status = on;
    }
    return NULL;
}

/* The runner is one per Apache, not per virtual host: main server only. */
static const char *set_jobs(cmd_parms *cmd, void *d, int on)
{
    const char *err = ap_check_cmd_context(cmd, GLOBAL_ONLY);
    (void)d;
    if (err) {
        return err;
    }
    server_conf(cmd)->jobs.enabled = on;
    return NULL;
}

static const char *set_job_seconds(cmd_parms *cmd, void *d, const char *arg)
{
    hd_server_conf *c = server_conf(cmd);
    const char *err = ap_check_cmd_context(cmd, GLOBAL_ONLY);
    long v;
    (void)d;

    if (err) {
        return err;
    }
    if (!strcmp(cmd->directive->directive, HD_DIR_JOB_INTERVAL)) {
        if (!(err = parse_int(cmd, arg, 1, 86400, &v)))
            c->jobs.interval = v;
    }
    else if (!strcmp(cmd->directive->directive, HD_DIR_JOB_LEASE)) {
        if (!(err = parse_int(cmd, arg, 2, 7 * 86400, &v)))
            c->jobs.lease = v;
    }
    else {
        /* Seconds rather than days so that a test can use a short one. */
        if (!(err = parse_int(cmd, arg, 1, HD_MAX_AUTO_CLOSE, &v)))
            c->auto_close_after = v;
    }
    return err;
}

static const char *set_cookie_secure(cmd_parms *cmd, void *d, const char *arg)
{
    hd_server_conf *c = server_conf(cmd);
    (void)d;
    if (!strcasecmp(arg, "On")) {
        c->cookie_secure = HD_SECURE_ON;
    }
    else if (!strcasecmp(arg, "Off")) {
        c->cookie_secure = HD_SECURE_OFF;
    }
    else if (!strcasecmp(arg, "Auto")) {
        c->cookie_secure = HD_SECURE_AUTO;
    }
    else {
        return HD_DIR_COOKIE_SECURE " must be On, Off or Auto";
    }
    return NULL;
}

/* The zone is read now, so a name that is not one stops Apache with the
 * reason; post_config reads it again into the server's own pool. */
static const char *set_time_zone(cmd_parms *cmd, void *d, const char *arg)
{
    const char *error = NULL;
    (void)d;
    if (!hd_sla_zone_load(cmd->temp_pool, arg, &error)) {
        return apr_psprintf(cmd->pool, HD_DIR_TIME_ZONE " %s: %s", arg, error);
    }
    server_conf(cmd)->time_zone = arg;
    return NULL;
}

static const char *set_login_provider(cmd_parms *cmd, void *d, const char *arg)
{
    (void)d;
    server_conf(cmd)->login_provider = arg;
    return NULL;
}

const command_rec hd_config_cmds[] = {
    AP_INIT_TAKE1(HD_DIR_BASE_URL, set_url_path, NULL, RSRC_CONF,
                  "URL path where the portal lives (default /helpdesk)"),
    AP_INIT_TAKE1(HD_DIR_STATIC_URL, set_url_path, NULL, RSRC_CONF,
                  "URL path of the CSS/images (default <base>/static)"),
    AP_INIT_TAKE1(HD_DIR_SITE_NAME, set_site_name, NULL, RSRC_CONF,
                  "Name shown in the header and titles"),
    AP_INIT_TAKE1(HD_DIR_XSLT_DIR, set_xslt_dir, NULL, RSRC_CONF,
                  "Directory holding the page stylesheets (*.xsl)"),
    AP_INIT_TAKE1(HD_DIR_LDAP_URL, set_ldap_url, NULL, RSRC_CONF,
                  "ldap://host:port/basedn?uid?sub for directory look-ups"),
    AP_INIT_TAKE1(HD_DIR_LDAP_BIND_DN, set_dn, NULL, RSRC_CONF,
                  "DN the module binds as for directory look-ups"),
    AP_INIT_TAKE1(HD_DIR_LDAP_BIND_PW, set_secret, NULL, RSRC_CONF,
                  "Password of HelpdeskLDAPBindDN (not in .htaccess)"),
    AP_INIT_TAKE1(HD_DIR_LDAP_ORG, set_org_attr, NULL, RSRC_CONF,
                  "Attribute holding a person's organisation (default o)"),
    AP_INIT_TAKE1(HD_DIR_LDAP_TIMEOUT, set_server_int, NULL, RSRC_CONF,
                  "Seconds to wait for the directory (default 5)"),
    AP_INIT_TAKE1(HD_DIR_AGENT_GROUP, set_dn, NULL, RSRC_CONF,
                  "DN of the group whose members are service-desk agents"),
    AP_INIT_TAKE1(HD_DIR_SUPERVISOR_GROUP, set_dn, NULL, RSRC_CONF,
                  "DN of the group whose members are supervisors"),
    AP_INIT_TAKE1(HD_DIR_ADMIN_GROUP, set_dn, NULL, RSRC_CONF,
                  "DN of the group whose members may end anyone's sessions"),
    AP_INIT_TAKE1(HD_DIR_CACHE_TTL, set_server_int, NULL, RSRC_CONF,
                  "Seconds a directory look-up is reused (default 300)"),
    AP_INIT_TAKE1(HD_DIR_CACHE_ENTRIES, set_server_int, NULL, RSRC_CONF,
                  "People kept in the per-process cache (default 4096)"),
    AP_INIT_TAKE1(HD_DIR_DB_RETRIES, set_server_int, NULL, RSRC_CONF,
                  "Stale database connections replaced per request before "
                  "giving up with 503 (default 8)"),
    AP_INIT_TAKE1(HD_DIR_SEARCH_SCAN, set_server_int, NULL, RSRC_CONF,
                  "Rows a search may walk in list order before it asks the "
                  "FULLTEXT index instead (default 3000, 0: always the "
                  "index)"),
    AP_INIT_TAKE1(HD_DIR_DB_CONFLICTS, set_server_int, NULL, RSRC_CONF,
                  "Times a transaction is run again after a deadlock or a "
                  "cluster write conflict (default 3)"),
    AP_INIT_TAKE1(HD_DIR_DB_TIMEOUT, set_server_int, NULL, RSRC_CONF,
                  "Milliseconds any one statement may run before the "
                  "database stops it and the page is a 503 (default 5000, "
                  "0: no limit)"),
    AP_INIT_TAKE1(HD_DIR_SECRET, set_secret, NULL, RSRC_CONF,
                  "Secret signing form tokens; the same on every node "
                  "(default: random per start)"),
    AP_INIT_TAKE1(HD_DIR_FORM_TTL, set_server_int, NULL, RSRC_CONF,
                  "Seconds a form stays valid (default 28800)"),
    AP_INIT_TAKE1(HD_DIR_MAX_SUMMARY, set_server_int, NULL, RSRC_CONF,
                  "Longest ticket summary, in characters (default 200)"),
    AP_INIT_TAKE1(HD_DIR_MAX_TEXT, set_server_int, NULL, RSRC_CONF,
                  "Longest details, note or comment, in characters "
                  "(default 20000)"),
    AP_INIT_FLAG(HD_DIR_SEC_HEADERS, set_sec_headers, NULL, OR_ALL,
                 "Send CSP, nosniff, frame and referrer headers (default "
                 "On)"),
    AP_INIT_TAKE1(HD_DIR_CSP, set_csp, NULL, OR_ALL,
                  "Content-Security-Policy value to send"),
    AP_INIT_TAKE1(HD_DIR_MAX_FORM, set_dir_int, NULL, OR_ALL,
                  "Largest form body accepted, in bytes (default 65536)"),
    AP_INIT_TAKE1(HD_DIR_MAX_ATTACHMENT, set_dir_int, NULL, OR_ALL,
                  "Largest attached file, in bytes (default 26214400; 0: "
                  "no attachments)"),
    AP_INIT_TAKE1(HD_DIR_MAX_UPLOAD, set_dir_int, NULL, OR_ALL,
                  "Largest upload request with its files, in bytes "
                  "(default 104857600)"),
    AP_INIT_TAKE1(HD_DIR_MAX_ATTACHMENTS, set_dir_int, NULL, OR_ALL,
                  "Most files attached by one request (default 10)"),
    AP_INIT_TAKE1(HD_DIR_PAGE_SIZE, set_dir_int, NULL, OR_ALL,
                  "Rows per page in lists (default 25, at most 500)"),
    AP_INIT_TAKE1(HD_DIR_CONTACT_PHONE, set_contact, NULL, RSRC_CONF,
                  "The service desk's phone number, shown on error pages "
                  "and the login page"),
    AP_INIT_TAKE1(HD_DIR_CONTACT_MAIL, set_contact, NULL, RSRC_CONF,
                  "The service desk's e-mail address, shown on error "
                  "pages and the login page"),
    AP_INIT_TAKE1(HD_DIR_CONTACT_HOURS, set_contact, NULL, RSRC_CONF,
                  "When the service desk answers, e.g. \"Mon-Fri "
                  "08:00-18:00\""),
    AP_INIT_FLAG(HD_DIR_SUBSCRIBE_DEFAULT, set_service_flag, NULL, RSRC_CONF,
                 "Whether people who have not chosen follow every service "
                 "on Today (default On; Off: none until they subscribe)"),
    AP_INIT_FLAG(HD_DIR_PUBLIC_STATUS, set_service_flag, NULL, RSRC_CONF,
                 "Whether the status API and feeds answer without a login "
                 "(default Off)"),
    AP_INIT_FLAG(HD_DIR_JOBS, set_jobs, NULL, RSRC_CONF,
                 "Run the background jobs in this Apache (default On; needs "
                 "mod_watchdog)"),
    AP_INIT_TAKE1(HD_DIR_JOB_INTERVAL, set_job_seconds, NULL, RSRC_CONF,
                  "Seconds between two looks for due background jobs "
                  "(default 60)"),
    AP_INIT_TAKE1(HD_DIR_JOB_LEASE, set_job_seconds, NULL, RSRC_CONF,
                  "Seconds a process keeps a job after claiming it; when its "
                  "holder stops, another node takes the job over after this "
                  "long (default 300, more than HelpdeskJobInterval and the "
                  "longest run)"),
    AP_INIT_TAKE1(HD_DIR_AUTO_CLOSE_AFTER, set_job_seconds, NULL, RSRC_CONF,
                  "Seconds a ticket stays Pending Closure before the "
                  "background job closes it (default 1209600: 14 days; "
                  "1 to 31536000)"),
    AP_INIT_TAKE1(HD_DIR_SESSION_IDLE, set_server_int, NULL, RSRC_CONF,
                  "Seconds without a request after which a session ends "
                  "(default 1800)"),
    AP_INIT_TAKE1(HD_DIR_SESSION_MAX_AGE, set_server_int, NULL, RSRC_CONF,
                  "Seconds after login at which a session ends whatever "
                  "happens (default 28800)"),
    AP_INIT_TAKE1(HD_DIR_COOKIE_SECURE, set_cookie_secure, NULL, RSRC_CONF,
                  "Mark the session cookie Secure: On, Off, or Auto (when "
                  "the request came over HTTPS; default)"),
    AP_INIT_TAKE1(HD_DIR_LOGIN_PROVIDER, set_login_provider, NULL, RSRC_CONF,
                  "Apache authn provider that checks the password at login "
                  "(default ldap, i.e. mod_authnz_ldap)"),
    AP_INIT_TAKE1(HD_DIR_LOGIN_ACCOUNT, set_server_int, NULL, RSRC_CONF,
                  "Failed logins for one account before it must wait "
                  "(default 5)"),
    AP_INIT_TAKE1(HD_DIR_LOGIN_ADDRESS, set_server_int, NULL, RSRC_CONF,
                  "Failed logins from one client address before it must "
                  "wait (default 20)"),
    AP_INIT_TAKE1(HD_DIR_LOGIN_WINDOW, set_server_int, NULL, RSRC_CONF,
                  "Seconds without a failure after which the count starts "
                  "again (default 900)"),
    AP_INIT_TAKE1(HD_DIR_TIME_ZONE, set_time_zone, NULL, RSRC_CONF,
                  "IANA time zone of the desk's business hours, e.g. "
                  "Europe/London (default: the server's)"),
    AP_INIT_TAKE1(HD_DIR_LOGIN_MAX_DELAY, set_server_int, NULL, RSRC_CONF,
                  "Longest wait imposed after failed logins, in seconds "
                  "(default 900)"),
    AP_INIT_TAKE1(HD_DIR_TEMP_PW_TTL, set_server_int, NULL, RSRC_CONF,
                  "Seconds a temporary password may be used to log in "
                  "(default 86400; 60 to 2592000)"),
    AP_INIT_TAKE1(HD_DIR_RESET_ACCOUNT, set_server_int, NULL, RSRC_CONF,
                  "Forgotten-password requests for one account in an hour "
                  "before further ones are ignored (default 3)"),
    AP_INIT_TAKE1(HD_DIR_RESET_ADDRESS, set_server_int, NULL, RSRC_CONF,
                  "Forgotten-password requests from one client address in "
                  "an hour before further ones are ignored (default 20)"),
    HD_MAIL_CMDS,
    {NULL}};

/* ------------------------------------------------------------------ */
/* Effective values with defaults: the only way code reads settings.   */
/* ------------------------------------------------------------------ */

int hd_config_check(server_rec *s)
{
    const hd_server_conf *main_conf =
        ap_get_module_config(s->module_config, &helpdesk_module);
    hd_jobs_settings jobs = hd_config_jobs(main_conf);
    server_rec *sp;

    for (sp = s; sp; sp = sp->next) {
        const hd_server_conf *c =
            ap_get_module_config(sp->module_config, &helpdesk_module);
        /* Without it every page would be a 503: say so at start-up. */
        if (!c->ldap_url) {
            ap_log_error(APLOG_MARK, APLOG_STARTUP | APLOG_CRIT, 0, sp,
                         HDLOG(00701) HD_DIR_LDAP_URL
                         " is not set (server %s:%u): the portal reads "
                         "who is logged in from the directory",
                         sp->server_hostname ? sp->server_hostname : "",
                         sp->port);
            return HTTP_INTERNAL_SERVER_ERROR;
        }
    }
    for (sp = s; sp; sp = sp->next) {
        const hd_server_conf *c =
            ap_get_module_config(sp->module_config, &helpdesk_module);
        const char *why = hd_mail_check(s->process->pconf, &c->mail);
        if (why) {
            ap_log_error(APLOG_MARK, APLOG_CRIT, 0, s, HDLOG(00705) "%s", why);
            return HTTP_INTERNAL_SERVER_ERROR;
        }
    }
    /* One runner per Apache, set up by the main server's directives. */
    return hd_jobs_check(s, &jobs);
}

hd_jobs_settings hd_config_jobs(const hd_server_conf *c)
{
    hd_jobs_settings j = c->jobs;
    if (j.enabled == -1)
        j.enabled = 1;
    if (j.interval == -1)
        j.interval = HD_DEFAULT_JOB_INTERVAL;
    if (j.lease == -1)
        j.lease = HD_DEFAULT_JOB_LEASE;
    return j;
}

int hd_config_apply_defaults(apr_pool_t *p, server_rec *s, hd_server_conf *c)
{
    if (!c->base_url)
        c->base_url = HD_DEFAULT_BASE_URL;
    if (!c->static_url)
        c->static_url = apr_pstrcat(p, c->base_url, "/static", NULL);
    if (!c->site_name)
        c->site_name = HD_DEFAULT_SITE_NAME;
    if (!c->xslt_dir)
        c->xslt_dir = HD_DEFAULT_XSLT_DIR;
    if (!c->org_attr)
        c->org_attr = HD_DEFAULT_ORG_ATTR;
    if (c->ldap_timeout == -1)
        c->ldap_timeout = HD_DEFAULT_LDAP_TIMEOUT;
    if (c->cache_ttl == -1)
        c->cache_ttl = HD_DEFAULT_CACHE_TTL;
    if (c->cache_entries == -1)
        c->cache_entries = HD_DEFAULT_CACHE_ENTRIES;
    if (c->db.reconnect_tries == -1)
        c->db.reconnect_tries = HD_DEFAULT_DB_RETRIES;
    if (c->search_scan_rows == -1)
        c->search_scan_rows = HD_DEFAULT_SEARCH_SCAN;
    if (c->db.conflict_retries == -1)
        c->db.conflict_retries = HD_DEFAULT_DB_CONFLICTS;
    if (c->db.statement_timeout == -1)
        c->db.statement_timeout = HD_DEFAULT_DB_TIMEOUT;
    if (c->form_ttl == -1)
        c->form_ttl = HD_DEFAULT_FORM_TTL;
    if (c->max_summary == -1)
        c->max_summary = HD_DEFAULT_MAX_SUMMARY;
    if (c->max_text == -1)
        c->max_text = HD_DEFAULT_MAX_TEXT;
    if (c->session_idle == -1)
        c->session_idle = HD_DEFAULT_SESSION_IDLE;
    if (c->session_max_age == -1)
        c->session_max_age = HD_DEFAULT_SESSION_MAX;
    if (c->cookie_secure == -1)
        c->cookie_secure = HD_SECURE_AUTO;
    if (!c->login_provider)
        c->login_provider = HD_DEFAULT_LOGIN_PROVIDER;
    if (c->login_account_failures == -1)
        c->login_account_failures = HD_DEFAULT_LOGIN_ACCOUNT;
    if (c->login_address_failures == -1)
        c->login_address_failures = HD_DEFAULT_LOGIN_ADDRESS;
    if (c->login_window == -1)
        c->login_window = HD_DEFAULT_LOGIN_WINDOW;
    if (c->login_max_delay == -1)
        c->login_max_delay = HD_DEFAULT_LOGIN_DELAY;
    if (c->temp_password_ttl == -1)
        c->temp_password_ttl = HD_DEFAULT_TEMP_PW_TTL;
    if (c->reset_account_limit == -1)
        c->reset_account_limit = HD_DEFAULT_RESET_ACCOUNT;
    if (c->reset_address_limit == -1)
        c->reset_address_limit = HD_DEFAULT_RESET_ADDRESS;
    c->jobs = hd_config_jobs(c);
    if (c->subscribe_default == -1)
        c->subscribe_default = 1;
    if (c->public_status == -1)
        c->public_status = 0;
    if (c->auto_close_after == -1)
        c->auto_close_after = HD_DEFAULT_AUTO_CLOSE;
    hd_mail_apply_defaults(&c->mail);
    if (!c->zone) {
        const char *error = NULL;
        c->zone = hd_sla_zone_load(p, c->time_zone ? c->time_zone : "", &error);
        if (!c->zone && !c->time_zone) {
            /* No /etc/localtime (a bare container): business hours in
             * UTC, said once, rather than no portal at all. */
            ap_log_error(APLOG_MARK, APLOG_WARNING, 0, s,
                         HDLOG(00703) "the server's time zone cannot be "
                                      "read (%s): business hours are in UTC; "
                                      "set " HD_DIR_TIME_ZONE,
                         error);
            c->zone = hd_sla_zone_load(p, "Etc/UTC", &error);
        }
        if (!c->zone) {
            ap_log_error(APLOG_MARK, APLOG_CRIT, 0, s,
                         HDLOG(00704) HD_DIR_TIME_ZONE ": %s", error);
            return HTTP_INTERNAL_SERVER_ERROR;
        }
    }
    if (!c->secret) {
        /* Made before the children fork, so every process agrees; a
         * restart invalidates open forms (set HelpdeskSecret to avoid). */
        unsigned char b[32];
        char *hex = apr_palloc(p, sizeof(b) * 2 + 1);
        unsigned i;
        apr_status_t rv = apr_generate_random_bytes(b, sizeof(b));
        if (rv != APR_SUCCESS) {
            ap_log_error(APLOG_MARK, APLOG_CRIT, rv, s,
                         HDLOG(00702) "no random bytes for a form secret: "
                                      "set " HD_DIR_SECRET);
            return HTTP_INTERNAL_SERVER_ERROR;
        }
        for (i = 0; i < sizeof(b); i++) {
            apr_snprintf(hex + i * 2, 3, "%02x", b[i]);
        }
        c->secret = hex;
    }
    return OK;
}

int hd_dir_security_headers(const hd_dir_conf *d)
{
    return d->security_headers != 0; /* unset (-1) means On */
}

const char *hd_dir_csp(const hd_dir_conf *d)
{
    return d->csp ? d->csp : HD_DEFAULT_CSP;
}

apr_off_t hd_dir_max_form_bytes(const hd_dir_conf *d)
{
    return d->max_form_bytes > 0 ? d->max_form_bytes : HD_DEFAULT_MAX_FORM;
}

apr_off_t hd_dir_max_attachment(const hd_dir_conf *d)
{
    return d->max_attachment >= 0 ? d->max_attachment
                                  : HD_DEFAULT_MAX_ATTACHMENT;
}

apr_off_t hd_dir_max_upload(const hd_dir_conf *d)
{
    return d->max_upload > 0 ? d->max_upload : HD_DEFAULT_MAX_UPLOAD;
}

int hd_dir_max_attachments(const hd_dir_conf *d)
{
    return d->max_attachments >= 0 ? d->max_attachments
                                   : HD_DEFAULT_MAX_ATTACHMENTS;
}

int hd_dir_page_size(const hd_dir_conf *d)
{
    return d->page_size > 0 ? d->page_size : HD_DEFAULT_PAGE_SIZE;
}
