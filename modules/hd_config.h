/*
 * hd_config.h -- directives: the settings per server and per directory, their
 * defaults, and the checks that stop a bad configuration at start-up.
 */
#ifndef HD_CONFIG_H
#define HD_CONFIG_H

#include "mod_helpdesk.h"
#include "hd_jobs.h"
#include "hd_mail.h"

/* ------------------------------------------------------------------ */
/* Configuration (hd_config.c)                                         */
/* ------------------------------------------------------------------ */

typedef struct hd_style_cache hd_style_cache;
typedef struct hd_sla_zone hd_sla_zone;
typedef struct hd_ldap_cache hd_ldap_cache;

/* Per-server settings: things that are process-wide by nature (the
 * directory, the stylesheets).  -1 / NULL mean "unset" until merged. */
struct hd_server_conf {
    const char *base_url;         /* HelpdeskBaseURL, e.g. "/helpdesk" */
    const char *static_url;       /* HelpdeskStaticURL */
    const char *site_name;        /* HelpdeskSiteName */
    const char *xslt_dir;         /* HelpdeskStylesheetDir */
    const char *ldap_url;         /* HelpdeskLDAPURL as written */
    const char *ldap_host_url;    /* scheme://host:port part */
    const char *ldap_base;        /* search base from the URL */
    const char *ldap_uid_attr;    /* first attribute of the URL, "uid" */
    const char *ldap_filter;      /* filter from the URL */
    int ldap_scope;               /* LDAP_SCOPE_* from the URL */
    const char *ldap_bind_dn;     /* HelpdeskLDAPBindDN */
    const char *ldap_bind_pw;     /* HelpdeskLDAPBindPassword */
    const char *org_attr;         /* HelpdeskLDAPOrgAttribute */
    const char *agent_group;      /* HelpdeskAgentGroup (DN) */
    const char *supervisor_group; /* HelpdeskSupervisorGroup (DN) */
    const char *admin_group;      /* HelpdeskAdminGroup (DN) */
    int ldap_timeout;             /* HelpdeskLDAPTimeout, seconds */
    int cache_ttl;                /* HelpdeskDirectoryCacheTTL, seconds */
    int cache_entries;            /* HelpdeskDirectoryCacheEntries */
    hd_db_settings db;            /* HelpdeskDB* (-1: unset) */
    hd_jobs_settings jobs;        /* HelpdeskJob* (-1: unset), main server */
    int auto_close_after;         /* HelpdeskAutoCloseAfter, seconds (main) */
    const char *secret;           /* HelpdeskSecret: signs form tokens */
    int form_ttl;                 /* HelpdeskFormTokenTTL, seconds */
    int max_summary;              /* HelpdeskMaxSummaryChars */
    int max_text;                 /* HelpdeskMaxTextChars */
    int search_scan_rows;         /* HelpdeskSearchScanRows */

    /* Sessions and the login (hd_session.c, hd_auth.c, page_login.c). */
    int session_idle;           /* HelpdeskSessionIdleTimeout, seconds */
    int session_max_age;        /* HelpdeskSessionMaxAge, seconds */
    int cookie_secure;          /* HelpdeskSessionCookieSecure: HD_SECURE_* */
    const char *login_provider; /* HelpdeskLoginProvider: authn provider */
    int login_account_failures; /* HelpdeskLoginAccountFailures */
    int login_address_failures; /* HelpdeskLoginAddressFailures */
    int login_window;           /* HelpdeskLoginThrottleWindow, seconds */
    int login_max_delay;        /* HelpdeskLoginMaxDelay, seconds */
    /* Temporary passwords (hd_password.c, page_password.c). */
    int temp_password_ttl;   /* HelpdeskTempPasswordTTL, seconds */
    int reset_account_limit; /* HelpdeskPasswordResetAccountLimit, per hour */
    int reset_address_limit; /* HelpdeskPasswordResetAddressLimit, per hour */
    const char *time_zone;   /* HelpdeskTimeZone: IANA name, "" server's */
    int subscribe_default;   /* HelpdeskSubscribeByDefault (-1: unset) */
    int public_status;       /* HelpdeskPublicStatus (-1: unset) */
    const hd_sla_zone *zone; /* ... read at start-up, shared read-only */
    hd_mail_settings mail;   /* HelpdeskMail*, HelpdeskSMTP* (hd_mail.h) */

    /* How to reach the service desk when the portal cannot help (error
     * pages, the login page); NULL or "" when not given. */
    const char *contact_phone; /* HelpdeskContactPhone */
    const char *contact_mail;  /* HelpdeskContactMail */
    const char *contact_hours; /* HelpdeskContactHours */

    /* Built at start-up, shared read-only by threads. */
    hd_style_cache *styles;
    /* Built in child_init, guarded by its own mutex. */
    hd_ldap_cache *ldap_cache;
};

/* HelpdeskSessionCookieSecure: Off, On, or Auto (when the request came
 * over HTTPS). */
enum { HD_SECURE_OFF = 0, HD_SECURE_ON = 1, HD_SECURE_AUTO = 2 };

/* Per-directory settings: limits and response policy. */
struct hd_dir_conf {
    int security_headers;     /* HelpdeskSecurityHeaders On|Off */
    const char *csp;          /* HelpdeskContentSecurityPolicy */
    apr_off_t max_form_bytes; /* HelpdeskMaxFormBytes */
    int page_size;            /* HelpdeskPageSize */
    apr_off_t max_attachment; /* HelpdeskMaxAttachmentSize */
    apr_off_t max_upload;     /* HelpdeskMaxUploadSize */
    int max_attachments;      /* HelpdeskMaxAttachments */
};

extern const command_rec hd_config_cmds[];
void *hd_config_create_server(apr_pool_t *p, server_rec *s);
void *hd_config_merge_server(apr_pool_t *p, void *base, void *add);
void *hd_config_create_dir(apr_pool_t *p, char *dir);
void *hd_config_merge_dir(apr_pool_t *p, void *base, void *add);
/* Refuse a configuration the portal cannot work with (check_config, so
 * apache2 -t says it too); OK or an error after logging. */
int hd_config_check(server_rec *s);
/* The runner's settings of a server, defaults applied (also before
 * hd_config_apply_defaults, for check_config). */
hd_jobs_settings hd_config_jobs(const hd_server_conf *c);
/* Fill unset server values with their defaults (post_config); OK or an
 * error after logging. */
int hd_config_apply_defaults(apr_pool_t *p, server_rec *s, hd_server_conf *c);
/* Effective per-directory values, defaults applied. */
int hd_dir_security_headers(const hd_dir_conf *d);
const char *hd_dir_csp(const hd_dir_conf *d);
apr_off_t hd_dir_max_form_bytes(const hd_dir_conf *d);
int hd_dir_page_size(const hd_dir_conf *d);
/* Attachments: the largest file, the largest upload request, the most
 * files in one request. */
apr_off_t hd_dir_max_attachment(const hd_dir_conf *d);
apr_off_t hd_dir_max_upload(const hd_dir_conf *d);
int hd_dir_max_attachments(const hd_dir_conf *d);

#endif /* HD_CONFIG_H */
