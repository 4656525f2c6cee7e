/*
 * hd_routes.h -- the URL space: one table of {method, pattern, page}.
 */
#ifndef HD_ROUTES_H
#define HD_ROUTES_H

#include "mod_helpdesk.h"

/* ------------------------------------------------------------------ */
/* Routes (hd_routes.c)                                                */
/* ------------------------------------------------------------------ */

#define HD_ROUTE_ANONYMOUS 0 /* no login needed (login, error pages) */
#define HD_ROUTE_USER      1 /* r->user required, looked up in LDAP */
/* The status API and feeds: anyone when HelpdeskPublicStatus is On, else
 * a session, which the module looks for itself (Apache lets these paths
 * through: conf/helpdesk.conf.in). */
#define HD_ROUTE_STATUS 2
/* helpdesk-mailgate: no session; the page checks the gate's secret
 * (Apache lets the path through: conf/helpdesk.conf.in). */
#define HD_ROUTE_MAILGATE 3

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

#endif /* HD_ROUTES_H */
