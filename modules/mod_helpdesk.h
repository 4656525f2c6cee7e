/*
 * mod_helpdesk.h -- the module's core: its record, the log tag, and the
 * request in flight that every page function receives.
 *
 * Each subsystem has a header of its own (hd_config.h, hd_routes.h,
 * hd_request.h, hd_form.h, hd_db.h, hd_ticket.h, hd_ldap.h, hd_render.h,
 * hd_page.h, hd_auth.h, hd_session.h, hd_throttle.h, hd_jobs.h); a file
 * includes the ones it uses.  The three hops: a page
 * is found by its URL in hd_routes.c, its code and SQL in page_*.c (the
 * ticket domain's in hd_ticket.c), its look in xslt/<page>.xsl.
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

#ifdef APLOG_USE_MODULE
APLOG_USE_MODULE(helpdesk);
#endif

/* Log tag: "HD" and a number unique to each call site (httpd keeps AH). */
#define HDLOG(n) "HD" #n ": "

#define HD_HANDLER "helpdesk"

/* The subsystems' types the request refers to (defined in their own
 * headers). */
typedef struct hd_server_conf hd_server_conf; /* hd_config.h */
typedef struct hd_dir_conf hd_dir_conf;       /* hd_config.h */
typedef struct hd_user hd_user_t;             /* hd_ldap.h */

extern module AP_MODULE_DECLARE_DATA helpdesk_module;

/* ------------------------------------------------------------------ */
/* The request in flight                                               */
/* ------------------------------------------------------------------ */

typedef enum { HD_FMT_HTML, HD_FMT_XML, HD_FMT_JSON } hd_format_e;

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

#endif /* MOD_HELPDESK_H */
