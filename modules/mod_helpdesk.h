/*
 * mod_helpdesk.h -- shared types of the helpdesk module.
 *
 * One header for the whole module keeps the three hops short: a page is
 * found by its URL in hd_routes.c, its SQL in hd_db.c, its look in
 * xslt/<page>.xsl.  Every subsystem exports only what is declared here.
 */
#ifndef MOD_HELPDESK_H
#define MOD_HELPDESK_H

#include "httpd.h"
#include "http_config.h"
#include "http_log.h"
#include "http_protocol.h"
#include "http_request.h"
#include "apr_hash.h"
#include "apr_strings.h"
#include "apr_tables.h"
#include "apr_thread_mutex.h"

#include <libxml/tree.h>

#include "hd_db.h"
#include "hd_jobs.h"
#include "hd_ticket.h"

#ifdef APLOG_USE_MODULE
APLOG_USE_MODULE(helpdesk);
#endif

/* Log tag: "HD" and a number unique to each call site (httpd keeps AH). */
#define HDLOG(n) "HD" #n ": "

#define HD_HANDLER "helpdesk"

/* ------------------------------------------------------------------ */
/* Configuration (hd_config.c)                                         */
/* ------------------------------------------------------------------ */

typedef struct hd_style_cache hd_style_cache;
typedef struct hd_ldap_cache hd_ldap_cache;

/* Per-server settings: things that are process-wide by nature (the
 * directory, the stylesheets).  -1 / NULL mean "unset" until merged. */
typedef struct {
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
    int ldap_timeout;             /* HelpdeskLDAPTimeout, seconds */
    int cache_ttl;                /* HelpdeskDirectoryCacheTTL, seconds */
    int cache_entries;            /* HelpdeskDirectoryCacheEntries */
    hd_db_settings db;            /* HelpdeskDB* (-1: unset) */
    const char *secret;           /* HelpdeskSecret: signs form tokens */
    int form_ttl;                 /* HelpdeskFormTokenTTL, seconds */
    int max_summary;              /* HelpdeskMaxSummaryChars */
    int max_text;                 /* HelpdeskMaxTextChars */
    hd_jobs_settings jobs;        /* HelpdeskJob* (-1: unset), main server */

    /* How to reach the service desk when the portal cannot help (error
     * pages, the login page); NULL or "" when not given. */
    const char *contact_phone; /* HelpdeskContactPhone */
    const char *contact_mail;  /* HelpdeskContactMail */
    const char *contact_hours; /* HelpdeskContactHours */

    /* Built at start-up, shared read-only by threads. */
    hd_style_cache *styles;
    /* Built in child_init, guarded by its own mutex. */
    hd_ldap_cache *ldap_cache;
} hd_server_conf;

/* Per-directory settings: limits and response policy. */
typedef struct {
    int security_headers;     /* HelpdeskSecurityHeaders On|Off */
    const char *csp;          /* HelpdeskContentSecurityPolicy */
    apr_off_t max_form_bytes; /* HelpdeskMaxFormBytes */
    int page_size;            /* HelpdeskPageSize */
} hd_dir_conf;

extern module AP_MODULE_DECLARE_DATA helpdesk_module;

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

/* ------------------------------------------------------------------ */
/* The request in flight                                               */
/* ------------------------------------------------------------------ */

typedef enum { HD_FMT_HTML, HD_FMT_XML, HD_FMT_JSON } hd_format_e;

/* The logged-in person, as the directory describes them. */
typedef struct {
    const char *login;
    const char *dn;
    const char *name;
    const char *mail;
    const char *phone;
    const char *organisation;
    int is_agent;
    int is_supervisor;
} hd_user_t;

typedef struct hd_route hd_route;

/* Everything a page function needs; lives in r->pool. */
typedef struct {
    request_rec *r;
    const hd_server_conf *sconf;
    const hd_dir_conf *dconf;
    const hd_route *route;
    apr_array_header_t *args; /* path segments captured by '*' */
    apr_table_t *query;       /* decoded query string */
    hd_format_e format;
    hd_user_t *user;           /* NULL on anonymous pages */
    hd_db *db;                 /* see hd_req_db() */
    xmlDocPtr doc;             /* the page document */
    xmlNodePtr root;           /* <helpdesk> */
    const char *page;          /* stylesheet name: "today" -> today.xsl */
    const char *error_message; /* detail for the error page */
    apr_table_t *form;         /* the POSTed form, once read */
    const char *form_nonce;    /* its token's nonce, once checked */
} hd_req;

/* A page function fills rq->root (and sets rq->page) and returns OK, or
 * returns an HTTP_* status whose error page the dispatcher renders. */
typedef int (*hd_page_fn)(hd_req *rq);

/* ------------------------------------------------------------------ */
/* Routes (hd_routes.c)                                                */
/* ------------------------------------------------------------------ */

#define HD_ROUTE_ANONYMOUS 0 /* no login needed (login, error pages) */
#define HD_ROUTE_USER      1 /* r->user required, looked up in LDAP */

struct hd_route {
    const char *method;  /* "GET", "POST" */
    const char *pattern; /* relative to HelpdeskBaseURL; '*' = a segment */
    hd_page_fn page;
    int access; /* HD_ROUTE_* */
};

/* The outcome of matching a path against a route table. */
typedef struct {
    const hd_route *route;    /* NULL if none matched method + path */
    int path_known;           /* some route matched the path alone */
    const char *allow;        /* "GET, POST" when path_known */
    apr_array_header_t *args; /* captured segments (const char *) */
} hd_route_match_t;

/* Match method + path (already relative to the base URL) against a
 * table of n routes; pure, allocates from p. */
hd_route_match_t hd_route_match(apr_pool_t *p, const hd_route *table, int n,
                                const char *method, const char *path);
/* The portal's URL space. */
extern const hd_route hd_routes[];
extern const int hd_routes_count;

/* ------------------------------------------------------------------ */
/* Request helpers (hd_request.c)                                      */
/* ------------------------------------------------------------------ */

/* Pick HTML, XML or JSON from an Accept header (NULL = HTML). */
hd_format_e hd_request_negotiate(const char *accept);
/* Decode a query string or urlencoded form into a table; repeated
 * names keep every value (apr_table_get gives the first). */
apr_table_t *hd_request_query(apr_pool_t *p, const char *args);
/* Every value of key, in the order sent. */
apr_array_header_t *hd_request_values(apr_pool_t *p, apr_table_t *t,
                                      const char *key);
/* The last value of key (a hidden "0" before a checkbox "1"), or NULL. */
const char *hd_request_last(apr_pool_t *p, apr_table_t *t, const char *key);
/* Nothing but white space (or nothing at all)? */
int hd_request_is_blank(const char *s);
/* Characters in s, or -1 when it is not well-formed UTF-8 or holds
 * control characters (line breaks allowed when multiline) or Unicode
 * non-characters (U+FFFE, U+FFFF, U+FDD0...). */
long hd_request_text_chars(const char *s, int multiline);
/* s itself when every character can be shown in XML, else a copy in p
 * with each bad byte or character replaced by U+FFFD: for echoing what
 * failed validation, or anything else of unknown origin. */
const char *hd_request_showable(apr_pool_t *p, const char *s);
/* A safe local return path under base, or base + "/" when not. */
const char *hd_request_safe_return(apr_pool_t *p, const char *base,
                                   const char *wanted);
/* Strip base from uri: "/helpdesk/x" -> "/x"; NULL if outside. */
const char *hd_request_relative_path(const char *base, const char *uri);

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

/* Read an urlencoded POST body into rq->form: OK, 400 or 413. */
int hd_form_read(hd_req *rq);
/* A form field's first value, "" when absent. */
const char *hd_form_field(hd_req *rq, const char *name);
/* A fresh token for a form drawn for rq->user that posts to action (a
 * path under the base URL, e.g. "/tickets/new"). */
const char *hd_form_token(hd_req *rq, const char *action);
/* Check the form's csrf field against the address it was posted to: OK
 * (rq->form_nonce set) or 403. */
int hd_form_check_token(hd_req *rq);

/* ------------------------------------------------------------------ */
/* Database, as pages use it (the core is hd_db.h)                     */
/* ------------------------------------------------------------------ */

/* The request's database context, made on first use. */
hd_db *hd_req_db(hd_req *rq);
/* Who rq->user is, as the visibility rule needs it. */
hd_viewer hd_page_viewer(const hd_req *rq);
/* The HTTP status for a database outcome (OK for HD_DB_OK), with the
 * error page's message and, for a 503, Retry-After. */
int hd_page_db_status(hd_req *rq, hd_db_outcome o);

/* ------------------------------------------------------------------ */
/* Directory (hd_ldap.c)                                               */
/* ------------------------------------------------------------------ */

/* Build the per-process cache (child_init). */
void hd_ldap_child_init(apr_pool_t *pchild, server_rec *s);
/* Look the user up (cache first); OK, HTTP_FORBIDDEN when unknown,
 * HTTP_SERVICE_UNAVAILABLE when the directory cannot be reached. */
int hd_ldap_user(hd_req *rq, const char *login, hd_user_t **out);
/* The people of rq->user's organisation (login, name only), cached
 * per process like a person; OK or HTTP_SERVICE_UNAVAILABLE. */
int hd_ldap_colleagues(hd_req *rq, apr_array_header_t **out);
/* Escape a value for use inside an LDAP filter (RFC 4515). */
const char *hd_ldap_escape_filter(apr_pool_t *p, const char *value);
/* Role word for a user: "agent", "supervisor" or "staff". */
const char *hd_user_role(const hd_user_t *u);

/* ------------------------------------------------------------------ */
/* Rendering (hd_render.c, hd_json.c)                                  */
/* ------------------------------------------------------------------ */

/* Compile every stylesheet of every server once (post_config). */
int hd_render_init(apr_pool_t *pconf, apr_pool_t *plog, server_rec *s);
/* Start rq->doc with the <helpdesk> root and the <user> element. */
void hd_render_begin(hd_req *rq, const char *page);
/* Send rq->doc in the negotiated format; returns OK or an HTTP_*. */
int hd_render_send(hd_req *rq);
/* Render the error page for status through the same layout; OK. */
int hd_render_error(hd_req *rq, int status, const char *message);

/* Small builders so page code reads as what it makes. */
xmlNodePtr hd_xml_child(xmlNodePtr parent, const char *name);
xmlNodePtr hd_xml_list(xmlNodePtr parent, const char *name);
void hd_xml_attr(xmlNodePtr node, const char *name, const char *value);
void hd_xml_text(xmlNodePtr parent, const char *name, const char *text);
/* One attribute per column of a row: names[i] for values[i], skipping
 * NULL names, so a SELECT's columns map to XML in one table. */
void hd_xml_attrs(xmlNodePtr node, const char *const *names, int n,
                  const char **values);

/* Append <text> holding plain text as safe, simply formatted XML. */
void hd_text_to_xml(xmlNodePtr parent, const char *text);

/* Convert an XML element to JSON text (allocated from p) by the rules
 * at the top of hd_json.c: attributes and children become members,
 * json="array" elements and declared lists always arrays, declared
 * numbers and booleans typed.  NULL on failure, with *error (if error is
 * not NULL) saying why: out of memory, or a page that repeats an element
 * outside a list. */
char *hd_json_from_xml(apr_pool_t *p, xmlNodePtr root, const char **error);

/* ------------------------------------------------------------------ */
/* Pages (page_*.c)                                                    */
/* ------------------------------------------------------------------ */

int hd_page_today(hd_req *rq);
int hd_page_login(hd_req *rq);
int hd_page_error_document(hd_req *rq);
int hd_page_tickets(hd_req *rq);
int hd_page_ticket_columns(hd_req *rq);
int hd_page_ticket_columns_save(hd_req *rq);
int hd_page_ticket_new_form(hd_req *rq);
int hd_page_ticket_create(hd_req *rq);
int hd_page_ticket(hd_req *rq);
int hd_page_ticket_comment(hd_req *rq);
int hd_page_ticket_resolve(hd_req *rq);
int hd_page_ticket_cancel(hd_req *rq);

/* Statements of the pages that have their own (beside their code). */
hd_db_statements hd_page_tickets_statements(apr_pool_t *p);

#endif /* MOD_HELPDESK_H */
