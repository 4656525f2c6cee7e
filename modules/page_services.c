/*
 * page_services.c -- Service Updates: the traffic lights people follow.
 *
 *   GET  <base>/services                    services.xsl  every service
 *   GET  <base>/services/CODE               service.xsl   one, with its
 *        90 days: uptime bar, incidents and their updates, maintenance
 *   POST <base>/services/CODE/subscription  subscribed=1|0
 *   POST <base>/services/CODE/affected      "I am affected too"
 *   POST <base>/services/CODE/status        agents: light, status,
 *        title, message (hd_service_set_light)
 *   POST <base>/services/CODE/link          agents: ticket=HD-n, closed
 *        with the open incident
 *
 * What a light shows is computed when read: a service inside a running
 * maintenance window (not cancelled) shows "maintenance" unless it is
 * red, so no job has to switch a light back.  A person who never chose
 * follows every service when HelpdeskSubscribeByDefault is On.
 */
#include "mod_helpdesk.h"
#include "hd_config.h"
#include "hd_ldap.h"
#include "hd_request.h"
#include "hd_form.h"
#include "hd_render.h"
#include "hd_page.h"
#include "hd_db.h"
#include "hd_service.h"
#include "hd_ticket.h"
#include "hd_uptime.h"
#include "apr_hash.h"

/* Days of history the service page shows (Statuspage's 90). */
#define HD_SERVICES_DAYS 90
/* Incident statuses an agent may set while the light is not green. */
static const char *const incident_statuses[][2] = {
    {"investigating", "Investigating"},
    {"identified", "Identified"},
    {"monitoring", "Monitoring"}};

#define HD_SQL_SERVICES_LIST      "services_board"
#define HD_SQL_SERVICES_ONE       "services_one"
#define HD_SQL_SERVICES_MAINT     "services_maintenance"
#define HD_SQL_SERVICES_CHANGES   "services_changes"
#define HD_SQL_SERVICES_INCIDENTS "services_incidents"
#define HD_SQL_SERVICES_UPDATES   "services_updates"
#define HD_SQL_SERVICES_LINKED    "services_linked"
#define HD_SQL_SERVICES_ID        "services_id"
#define HD_SQL_SERVICES_KNOWN     "services_known_issues"

/* A service as the board shows it: its light, note, open incident (with
 * how many are affected, and whether the reader is), the reader's
 * subscription.  Parameters: the default subscription ("1"/"0"), login
 * (affected), login (subscription), [code]. */
#define HD_SQL_SERVICE_COLUMNS                                               \
    "SELECT s.id, s.code, s.name, s.description, s.status, s.status_note, "  \
    "s.status_since, COALESCE(ss.subscribed, %s) AS subscribed, "            \
    "COALESCE(i.id, '') AS incident_id, COALESCE(i.title, '') AS "           \
    "incident_title, COALESCE(i.status, '') AS incident_status, "            \
    "COALESCE(i.impact, '') AS incident_impact, "                            \
    "COALESCE(i.started_at, '') AS incident_started, "                       \
    "(SELECT COUNT(*) FROM incident_affected a WHERE a.incident_id = i.id) " \
    "AS affected, "                                                          \
    "(SELECT COUNT(*) FROM incident_affected a WHERE a.incident_id = i.id "  \
    "AND a.login = %s) AS affected_by_me "                                   \
    "FROM services s LEFT JOIN service_subscriptions ss "                    \
    "ON ss.service_id = s.id AND ss.login = %s "                             \
    "LEFT JOIN (SELECT x.service_id, MAX(oi.id) AS id FROM incidents oi "    \
    "JOIN incident_services x ON x.incident_id = oi.id "                     \
    "WHERE oi.resolved_at IS NULL GROUP BY x.service_id) o "                 \
    "ON o.service_id = s.id LEFT JOIN incidents i ON i.id = o.id "

static const hd_db_statement statements[] = {
    {HD_SQL_SERVICES_LIST,
     HD_SQL_SERVICE_COLUMNS "WHERE s.active = 1 ORDER BY s.sort_order, s.name"},
    /* A change names its service by code: only its id is needed. */
    {HD_SQL_SERVICES_ID,
     "SELECT id FROM services WHERE code = %s AND active = 1"},
    {HD_SQL_SERVICES_ONE,
     HD_SQL_SERVICE_COLUMNS "WHERE s.active = 1 AND s.code = %s"},
    /* Maintenance not cancelled that is running or still to come, or
     * (for the history) ended within the days shown: per service. */
    {HD_SQL_SERVICES_MAINT,
     "SELECT ms.service_id, m.id, m.title, m.body, m.starts_at, m.ends_at, "
     "UNIX_TIMESTAMP(m.starts_at) AS starts_ts, "
     "UNIX_TIMESTAMP(m.ends_at) AS ends_ts, "
     "CASE WHEN m.starts_at > NOW() THEN 'upcoming' "
     "WHEN m.ends_at > NOW() THEN 'active' ELSE 'past' END AS state "
     "FROM maintenances m JOIN maintenance_services ms "
     "ON ms.maintenance_id = m.id WHERE m.cancelled_at IS NULL "
     "AND m.ends_at > NOW() - INTERVAL 91 DAY ORDER BY m.starts_at"},
    /* Each service's lights over the days shown, and the one in force
     * when they begin. */
    {HD_SQL_SERVICES_CHANGES,
     "SELECT c.service_id, UNIX_TIMESTAMP(c.changed_at) AS at, c.status "
     "FROM service_status_changes c "
     "WHERE c.changed_at >= NOW() - INTERVAL 91 DAY OR c.id = "
     "(SELECT c2.id FROM service_status_changes c2 "
     "WHERE c2.service_id = c.service_id "
     "AND c2.changed_at < NOW() - INTERVAL 91 DAY "
     "ORDER BY c2.changed_at DESC, c2.id DESC LIMIT 1) "
     "ORDER BY c.service_id, c.changed_at, c.id"},
    /* login (affected by me), service */
    {HD_SQL_SERVICES_INCIDENTS,
     "SELECT i.id, i.title, i.status, i.impact, i.started_at, "
     "COALESCE(i.resolved_at, '') AS resolved_at, "
     "(SELECT COUNT(*) FROM incident_affected a WHERE a.incident_id = i.id) "
     "AS affected, (SELECT COUNT(*) FROM incident_affected a "
     "WHERE a.incident_id = i.id AND a.login = %s) AS affected_by_me "
     "FROM incidents i JOIN incident_services x ON x.incident_id = i.id "
     "WHERE x.service_id = %s AND (i.resolved_at IS NULL "
     "OR i.resolved_at >= NOW() - INTERVAL 91 DAY) "
     "ORDER BY i.started_at DESC, i.id DESC"},
    {HD_SQL_SERVICES_UPDATES,
     "SELECT u.id, u.incident_id, u.status, u.light, u.body, u.author_name, "
     "u.created_at FROM incident_updates u "
     "JOIN incident_services x ON x.incident_id = u.incident_id "
     "JOIN incidents i ON i.id = u.incident_id WHERE x.service_id = %s "
     "AND (i.resolved_at IS NULL OR i.resolved_at >= NOW() - INTERVAL 91 DAY) "
     "ORDER BY u.id DESC"},
    /* Open incidents, per service, for the new-ticket form: login. */
    {HD_SQL_SERVICES_KNOWN,
     "SELECT s.code, s.name, s.status, s.status_note, i.id, i.title, "
     "(SELECT COUNT(*) FROM incident_affected a WHERE a.incident_id = i.id "
     "AND a.login = %s) AS affected_by_me FROM incidents i "
     "JOIN incident_services x ON x.incident_id = i.id "
     "JOIN services s ON s.id = x.service_id "
     "WHERE i.resolved_at IS NULL AND s.active = 1 "
     "ORDER BY s.sort_order, s.name"},
    /* The tickets linked to the service's incidents (agents only: they
     * see every ticket). */
    {HD_SQL_SERVICES_LINKED,
     "SELECT l.incident_id, t.id, t.summary, s.name AS status_name "
     "FROM incident_tickets l JOIN incident_services x "
     "ON x.incident_id = l.incident_id JOIN tickets t ON t.id = l.ticket_id "
     "JOIN ticket_statuses s ON s.code = t.status WHERE x.service_id = %s "
     "ORDER BY t.id"},
};

const hd_db_statements hd_page_services_statements =
    HD_DB_STATEMENTS(statements);

/* ------------------------------------------------------------------ */
/* Reading                                                             */
/* ------------------------------------------------------------------ */

/* "I am affected too" on an open incident's element: where it posts and
 * its token (the same form wherever the incident shows). */
static void add_affected_form(hd_req *rq, xmlNodePtr incident, const char *code)
{
    apr_pool_t *p = rq->r->pool;
    const char *action = apr_pstrcat(
        p, "/services/", ap_escape_path_segment(p, code), "/affected", NULL);
    hd_xml_attr(incident, "affected-action",
                apr_pstrcat(p, rq->sconf->base_url, action, NULL));
    hd_xml_attr(incident, "affected-csrf", hd_form_token(rq, action));
}

/* Services by id, for what comes per service in later queries. */
typedef struct {
    hd_req *rq;
    xmlNodePtr list;
    apr_hash_t *by_id; /* id -> xmlNodePtr <service> */
    int only_subscribed;
} board;

static int keep_service(void *baton, const hd_db_row *row)
{
    board *b = baton;
    apr_pool_t *p = b->rq->r->pool;
    const char *code = hd_db_text(row, "code");
    int subscribed = !strcmp(hd_db_text(row, "subscribed"), "1");
    xmlNodePtr e;

    if (b->only_subscribed && !subscribed) {
        return 0;
    }
    e = hd_xml_child(b->list, "service");
    hd_xml_attr(e, "id", hd_db_text(row, "id"));
    hd_xml_attr(e, "code", code);
    hd_xml_attr(e, "name", hd_db_text(row, "name"));
    hd_xml_attr(e, "description", hd_db_text(row, "description"));
    hd_xml_attr(e, "status", hd_db_text(row, "status"));
    hd_xml_attr(e, "light", hd_db_text(row, "status"));
    hd_xml_attr(e, "label", hd_service_light_label(hd_db_text(row, "status")));
    hd_xml_attr(e, "note", hd_db_text(row, "status_note"));
    hd_xml_attr(e, "since", hd_db_text(row, "status_since"));
    hd_xml_attr(e, "href",
                apr_pstrcat(p, b->rq->sconf->base_url, "/services/",
                            ap_escape_path_segment(p, code), NULL));
    hd_xml_attr(e, "subscribed", subscribed ? "true" : "false");
    {
        /* Subscribe or unsubscribe right where the service is shown
         * (the board, Today). */
        const char *action =
            apr_pstrcat(p, "/services/", ap_escape_path_segment(p, code),
                        "/subscription", NULL);
        hd_xml_attr(e, "subscription-action",
                    apr_pstrcat(p, b->rq->sconf->base_url, action, NULL));
        hd_xml_attr(e, "subscription-csrf", hd_form_token(b->rq, action));
    }
    if (*hd_db_text(row, "incident_id")) {
        xmlNodePtr i = hd_xml_child(e, "incident");
        const char *id = hd_db_text(row, "incident_id");
        hd_xml_attr(i, "id", id);
        hd_xml_attr(i, "title", hd_db_text(row, "incident_title"));
        hd_xml_attr(i, "status", hd_db_text(row, "incident_status"));
        hd_xml_attr(i, "impact", hd_db_text(row, "incident_impact"));
        hd_xml_attr(i, "started", hd_db_text(row, "incident_started"));
        hd_xml_attr(i, "affected", hd_db_text(row, "affected"));
        hd_xml_attr(i, "affected-by-me",
                    strcmp(hd_db_text(row, "affected_by_me"), "0") ? "true"
                                                                   : "false");
        hd_xml_attr(i, "href",
                    apr_pstrcat(p, b->rq->sconf->base_url, "/services/",
                                ap_escape_path_segment(p, code), "#incident-",
                                id, NULL));
        add_affected_form(b->rq, i, code);
    }
    apr_hash_set(b->by_id, apr_pstrdup(p, hd_db_text(row, "id")),
                 APR_HASH_KEY_STRING, e);
    return 0;
}

/* The board's services, or one (code), as <service> children of list. */
static hd_db_outcome read_services(hd_req *rq, board *b, const char *code)
{
    const char *args[4] = {rq->sconf->subscribe_default ? "1" : "0",
                           rq->user->login, rq->user->login, code};
    b->rq = rq;
    b->by_id = apr_hash_make(rq->r->pool);
    return hd_db_select(hd_req_db(rq),
                        code ? HD_SQL_SERVICES_ONE : HD_SQL_SERVICES_LIST,
                        keep_service, b, code ? 4 : 3, args);
}

/* Maintenance windows, per service: on the service's element (the
 * current or next one), in the uptime's windows, and on the service page
 * (all of them, when history is wanted). */
typedef struct {
    board *b;
    int history;         /* add <maintenances> to each service */
    apr_hash_t *windows; /* id -> apr_array_header_t of windows */
} maint_rows;

static int keep_maintenance(void *baton, const hd_db_row *row)
{
    maint_rows *m = baton;
    apr_pool_t *p = m->b->rq->r->pool;
    const char *sid = hd_db_text(row, "service_id");
    const char *state = hd_db_text(row, "state");
    xmlNodePtr s = apr_hash_get(m->b->by_id, sid, APR_HASH_KEY_STRING);
    apr_array_header_t *w = apr_hash_get(m->windows, sid, APR_HASH_KEY_STRING);
    hd_uptime_window *win;

    if (!s) {
        return 0; /* a service not shown */
    }
    if (!w) {
        w = apr_array_make(p, 2, sizeof(hd_uptime_window));
        apr_hash_set(m->windows, apr_pstrdup(p, sid), APR_HASH_KEY_STRING, w);
    }
    win = apr_array_push(w);
    win->from = apr_atoi64(hd_db_text(row, "starts_ts"));
    win->to = apr_atoi64(hd_db_text(row, "ends_ts"));
    if (!strcmp(state, "active") && strcmp(hd_xml_get(s, "status"), "red")) {
        hd_xml_set(s, "light", "maintenance");
        hd_xml_set(s, "label", hd_service_light_label("maintenance"));
    }
    if (strcmp(state, "past") && !hd_xml_find(s, "maintenance")) {
        xmlNodePtr e = hd_xml_child(s, "maintenance");
        hd_xml_attr(e, "id", hd_db_text(row, "id"));
        hd_xml_attr(e, "title", hd_db_text(row, "title"));
        hd_xml_attr(e, "starts", hd_db_text(row, "starts_at"));
        hd_xml_attr(e, "ends", hd_db_text(row, "ends_at"));
        hd_xml_attr(e, "state", state);
    }
    if (m->history) {
        xmlNodePtr list = hd_xml_find(s, "maintenances");
        xmlNodePtr e = hd_xml_child(
            list ? list : hd_xml_list(s, "maintenances"), "maintenance");
        hd_xml_attr(e, "id", hd_db_text(row, "id"));
        hd_xml_attr(e, "title", hd_db_text(row, "title"));
        hd_xml_attr(e, "body", hd_db_text(row, "body"));
        hd_xml_attr(e, "starts", hd_db_text(row, "starts_at"));
        hd_xml_attr(e, "ends", hd_db_text(row, "ends_at"));
        hd_xml_attr(e, "state", state);
    }
    return 0;
}

/* The lights' history, per service. */
typedef struct {
    apr_pool_t *p;
    apr_hash_t *changes; /* id -> apr_array_header_t of hd_light_change */
} change_rows;

static int keep_change(void *baton, const hd_db_row *row)
{
    change_rows *c = baton;
    const char *sid = hd_db_text(row, "service_id");
    apr_array_header_t *a = apr_hash_get(c->changes, sid, APR_HASH_KEY_STRING);
    hd_light_change *ch;
    int light = hd_light_of(hd_db_text(row, "status"));

    if (light < 0) {
        return 0;
    }
    if (!a) {
        a = apr_array_make(c->p, 8, sizeof(hd_light_change));
        apr_hash_set(c->changes, apr_pstrdup(c->p, sid), APR_HASH_KEY_STRING,
                     a);
    }
    ch = apr_array_push(a);
    ch->at = apr_atoi64(hd_db_text(row, "at"));
    ch->light = (hd_light)light;
    return 0;
}

/* Uptime over the days shown on each service (and, when days, the days
 * themselves as <uptime><day/></uptime>). */
static void add_uptime(hd_req *rq, board *b, const change_rows *c,
                       const maint_rows *m, int days)
{
    apr_pool_t *p = rq->r->pool;
    apr_hash_index_t *hi;
    hd_uptime_day *d = apr_pcalloc(p, sizeof(*d) * HD_SERVICES_DAYS);

    for (hi = apr_hash_first(p, b->by_id); hi; hi = apr_hash_next(hi)) {
        const void *key;
        void *val;
        apr_array_header_t *ch, *w;
        double percent;
        int i;

        apr_hash_this(hi, &key, NULL, &val);
        ch = apr_hash_get(c->changes, key, APR_HASH_KEY_STRING);
        w = apr_hash_get(m->windows, key, APR_HASH_KEY_STRING);
        percent = hd_uptime_days(
            rq->sconf->zone, ch ? (const hd_light_change *)ch->elts : NULL,
            ch ? ch->nelts : 0, w ? (const hd_uptime_window *)w->elts : NULL,
            w ? w->nelts : 0, apr_time_sec(rq->r->request_time),
            HD_SERVICES_DAYS, d);
        if (!days) { /* the board: the percentage alone */
            hd_xml_attr(val, "uptime", apr_psprintf(p, "%.2f", percent));
            continue;
        }
        {
            xmlNodePtr u = hd_xml_child(val, "uptime");
            hd_xml_attr(u, "days", apr_itoa(p, HD_SERVICES_DAYS));
            hd_xml_attr(u, "percent", apr_psprintf(p, "%.2f", percent));
            for (i = 0; i < HD_SERVICES_DAYS; i++) {
                xmlNodePtr e = hd_xml_child(u, "day");
                hd_xml_attr(e, "date",
                            apr_psprintf(p, "%04d-%02d-%02d", d[i].date / 10000,
                                         d[i].date / 100 % 100,
                                         d[i].date % 100));
                hd_xml_attr(e, "state", d[i].state);
                hd_xml_attr(
                    e, "amber-minutes",
                    apr_psprintf(p, "%" APR_INT64_T_FMT, d[i].amber / 60));
                hd_xml_attr(
                    e, "red-minutes",
                    apr_psprintf(p, "%" APR_INT64_T_FMT, d[i].red / 60));
                hd_xml_attr(e, "maintenance-minutes",
                            apr_psprintf(p, "%" APR_INT64_T_FMT,
                                         d[i].maintenance / 60));
            }
        }
    }
}

/* Maintenance and uptime for the services read into b. */
/* Maintenance, and uptime unless !uptime (Today shows none: the history
 * of every light is not read for it). */
static hd_db_outcome read_lights(hd_req *rq, board *b, int history, int uptime)
{
    maint_rows m = {b, history, apr_hash_make(rq->r->pool)};
    change_rows c = {rq->r->pool, apr_hash_make(rq->r->pool)};
    hd_db_outcome o = hd_db_select(hd_req_db(rq), HD_SQL_SERVICES_MAINT,
                                   keep_maintenance, &m, 0, NULL);
    if (o == HD_DB_OK && !uptime) {
        return o;
    }
    if (o == HD_DB_OK) {
        o = hd_db_select(hd_req_db(rq), HD_SQL_SERVICES_CHANGES, keep_change,
                         &c, 0, NULL);
    }
    if (o == HD_DB_OK) {
        add_uptime(rq, b, &c, &m, history);
    }
    return o;
}

hd_db_outcome hd_page_services_board(hd_req *rq, xmlNodePtr list,
                                     int only_subscribed)
{
    board b;
    hd_db_outcome o;

    memset(&b, 0, sizeof(b));
    b.list = list;
    b.only_subscribed = only_subscribed;
    o = read_services(rq, &b, NULL);
    if (o == HD_DB_OK) {
        o = read_lights(rq, &b, 0, !only_subscribed);
    }
    return o;
}

static int keep_known_issue(void *baton, const hd_db_row *row)
{
    board *b = baton;
    apr_pool_t *p = b->rq->r->pool;
    const char *code = hd_db_text(row, "code");
    xmlNodePtr e = hd_xml_child(b->list, "issue");

    hd_xml_attr(e, "id", hd_db_text(row, "id"));
    hd_xml_attr(e, "title", hd_db_text(row, "title"));
    hd_xml_attr(e, "service", code);
    hd_xml_attr(e, "service-name", hd_db_text(row, "name"));
    hd_xml_attr(e, "light", hd_db_text(row, "status"));
    hd_xml_attr(e, "label", hd_service_light_label(hd_db_text(row, "status")));
    hd_xml_attr(e, "note", hd_db_text(row, "status_note"));
    hd_xml_attr(e, "href",
                apr_pstrcat(p, b->rq->sconf->base_url, "/services/",
                            ap_escape_path_segment(p, code), "#incident-",
                            hd_db_text(row, "id"), NULL));
    hd_xml_attr(e, "affected-by-me",
                strcmp(hd_db_text(row, "affected_by_me"), "0") ? "true"
                                                               : "false");
    add_affected_form(b->rq, e, code);
    return 0;
}

hd_db_outcome hd_page_known_issues(hd_req *rq, xmlNodePtr parent)
{
    board b;
    memset(&b, 0, sizeof(b));
    b.rq = rq;
    b.list = hd_xml_list(parent, "known-issues");
    return hd_db_select(hd_req_db(rq), HD_SQL_SERVICES_KNOWN, keep_known_issue,
                        &b, 1, &rq->user->login);
}

int hd_page_services(hd_req *rq)
{
    xmlNodePtr list;

    hd_render_begin(rq, "services");
    list = hd_xml_child(rq->root, "services");
    hd_xml_attr(list, "agent", rq->user->is_agent ? "true" : "false");
    return hd_page_db_status(rq, hd_page_services_board(rq, list, 0));
}

/* ------------------------------------------------------------------ */
/* One service                                                         */
/* ------------------------------------------------------------------ */

typedef struct {
    hd_req *rq;
    xmlNodePtr service, list;
    apr_hash_t *by_id; /* incident id -> <incident> */
    const char *open_id;
} incident_rows;

static int keep_incident(void *baton, const hd_db_row *row)
{
    incident_rows *ir = baton;
    apr_pool_t *p = ir->rq->r->pool;
    const char *id = hd_db_text(row, "id");
    const char *resolved = hd_db_text(row, "resolved_at");
    xmlNodePtr e = hd_xml_child(ir->list, "incident");

    hd_xml_attr(e, "id", id);
    hd_xml_attr(e, "title", hd_db_text(row, "title"));
    hd_xml_attr(e, "status", hd_db_text(row, "status"));
    hd_xml_attr(e, "impact", hd_db_text(row, "impact"));
    hd_xml_attr(e, "started", hd_db_text(row, "started_at"));
    if (*resolved) {
        hd_xml_attr(e, "resolved", resolved);
    }
    hd_xml_attr(e, "affected", hd_db_text(row, "affected"));
    hd_xml_attr(e, "affected-by-me",
                strcmp(hd_db_text(row, "affected_by_me"), "0") ? "true"
                                                               : "false");
    hd_xml_attr(e, "href",
                apr_pstrcat(p, hd_xml_get(ir->service, "href"), "#incident-",
                            id, NULL));
    if (!*resolved && !ir->open_id) {
        /* The open incident: anyone may say they are affected by it. */
        const char *action;
        ir->open_id = apr_pstrdup(p, id);
        add_affected_form(ir->rq, e, hd_xml_get(ir->service, "code"));
        if (ir->rq->user->is_agent) {
            /* The desk links existing tickets, closed with it. */
            action =
                apr_pstrcat(p, "/services/", hd_xml_get(ir->service, "code"),
                            "/link", NULL);
            hd_xml_attr(e, "link-action",
                        apr_pstrcat(p, ir->rq->sconf->base_url, action, NULL));
            hd_xml_attr(e, "link-csrf", hd_form_token(ir->rq, action));
        }
    }
    apr_hash_set(ir->by_id, apr_pstrdup(p, id), APR_HASH_KEY_STRING, e);
    return 0;
}

static int keep_update(void *baton, const hd_db_row *row)
{
    incident_rows *ir = baton;
    xmlNodePtr i = apr_hash_get(ir->by_id, hd_db_text(row, "incident_id"),
                                APR_HASH_KEY_STRING);
    xmlNodePtr e;

    if (!i) {
        return 0;
    }
    e = hd_xml_child(i, "update");
    hd_xml_attr(e, "id", hd_db_text(row, "id"));
    hd_xml_attr(e, "status", hd_db_text(row, "status"));
    hd_xml_attr(e, "light", hd_db_text(row, "light"));
    hd_xml_attr(e, "body", hd_db_text(row, "body"));
    hd_xml_attr(e, "author", hd_db_text(row, "author_name"));
    hd_xml_attr(e, "created", hd_db_text(row, "created_at"));
    return 0;
}

static int keep_linked(void *baton, const hd_db_row *row)
{
    incident_rows *ir = baton;
    apr_pool_t *p = ir->rq->r->pool;
    xmlNodePtr i = apr_hash_get(ir->by_id, hd_db_text(row, "incident_id"),
                                APR_HASH_KEY_STRING);
    const char *ref = hd_ticket_ref(p, hd_db_text(row, "id"));
    xmlNodePtr e;

    if (!i) {
        return 0;
    }
    e = hd_xml_child(i, "linked");
    hd_xml_attr(e, "ref", ref);
    hd_xml_attr(
        e, "href",
        apr_pstrcat(p, ir->rq->sconf->base_url, "/tickets/", ref, NULL));
    hd_xml_attr(e, "summary", hd_db_text(row, "summary"));
    hd_xml_attr(e, "status-name", hd_db_text(row, "status_name"));
    return 0;
}

/* The agents' form: the lights and the incident statuses, with the
 * current ones chosen (or, after an error, what was sent). */
static xmlNodePtr add_status_form(hd_req *rq, xmlNodePtr s)
{
    apr_pool_t *p = rq->r->pool;
    const char *action =
        apr_pstrcat(p, "/services/", hd_xml_get(s, "code"), "/status", NULL);
    const char *light =
        rq->form ? hd_form_field(rq, "light") : hd_xml_get(s, "status");
    xmlNodePtr i = hd_xml_find(s, "incident");
    const char *status = rq->form ? hd_form_field(rq, "status")
                         : i      ? hd_xml_get(i, "status")
                                  : "investigating";
    static const char *const lights[] = {"green", "amber", "red"};
    xmlNodePtr f = hd_xml_child(s, "status-form");
    unsigned k;

    hd_xml_attr(f, "action", apr_pstrcat(p, rq->sconf->base_url, action, NULL));
    hd_xml_attr(f, "csrf", hd_form_token(rq, action));
    if (i) {
        hd_xml_attr(f, "title", hd_xml_get(i, "title"));
    }
    for (k = 0; k < sizeof(lights) / sizeof(lights[0]); k++) {
        xmlNodePtr e = hd_xml_child(f, "light");
        hd_xml_attr(e, "value", lights[k]);
        hd_xml_attr(e, "label", hd_service_light_label(lights[k]));
        hd_xml_attr(e, "selected", strcmp(light, lights[k]) ? "false" : "true");
    }
    for (k = 0; k < sizeof(incident_statuses) / sizeof(incident_statuses[0]);
         k++) {
        xmlNodePtr e = hd_xml_child(f, "incident-status");
        hd_xml_attr(e, "value", incident_statuses[k][0]);
        hd_xml_attr(e, "label", incident_statuses[k][1]);
        hd_xml_attr(e, "selected",
                    strcmp(status, incident_statuses[k][0]) ? "false" : "true");
    }
    return f;
}

/* The service page into rq->root: OK, 404 or a database status. */
static int service_page(hd_req *rq, const char *code, xmlNodePtr *form)
{
    apr_pool_t *p = rq->r->pool;
    board b;
    incident_rows ir;
    xmlNodePtr sub;
    const char *sid, *action;
    hd_db_outcome o;

    hd_render_begin(rq, "service");
    memset(&b, 0, sizeof(b));
    b.list = rq->root;
    o = read_services(rq, &b, code);
    if (o != HD_DB_OK) {
        return hd_page_db_status(rq, o);
    }
    if (!rq->root->last ||
        strcmp((const char *)rq->root->last->name, "service")) {
        return HTTP_NOT_FOUND;
    }
    memset(&ir, 0, sizeof(ir));
    ir.rq = rq;
    ir.service = rq->root->last;
    ir.by_id = apr_hash_make(p);
    sid = hd_xml_get(ir.service, "id");
    action = apr_pstrcat(p, "/services/", code, "/subscription", NULL);
    sub = hd_xml_child(ir.service, "subscription");
    hd_xml_attr(sub, "subscribed", hd_xml_get(ir.service, "subscribed"));
    hd_xml_attr(sub, "action",
                apr_pstrcat(p, rq->sconf->base_url, action, NULL));
    hd_xml_attr(sub, "csrf", hd_form_token(rq, action));
    o = read_lights(rq, &b, 1, 1);
    if (o == HD_DB_OK) {
        const char *args[2] = {rq->user->login, sid};
        ir.list = hd_xml_list(ir.service, "incidents");
        o = hd_db_select(hd_req_db(rq), HD_SQL_SERVICES_INCIDENTS,
                         keep_incident, &ir, 2, args);
    }
    if (o == HD_DB_OK) {
        o = hd_db_select(hd_req_db(rq), HD_SQL_SERVICES_UPDATES, keep_update,
                         &ir, 1, &sid);
    }
    if (o == HD_DB_OK && rq->user->is_agent) {
        o = hd_db_select(hd_req_db(rq), HD_SQL_SERVICES_LINKED, keep_linked,
                         &ir, 1, &sid);
    }
    if (o == HD_DB_OK && rq->user->is_agent) {
        xmlNodePtr f = add_status_form(rq, ir.service);
        if (form) {
            *form = f;
        }
    }
    return hd_page_db_status(rq, o);
}

/* The service's code from the URL, if it can be one. */
static const char *code_arg(hd_req *rq)
{
    const char *code = APR_ARRAY_IDX(rq->args, 0, const char *);
    if (strlen(code) > 40 || strspn(code, "abcdefghijklmnopqrstuvwxyz"
                                          "ABCDEFGHIJKLMNOPQRSTUVWXYZ"
                                          "0123456789-_.") != strlen(code)) {
        return NULL;
    }
    return code;
}

int hd_page_service(hd_req *rq)
{
    const char *code = code_arg(rq);
    return code ? service_page(rq, code, NULL) : HTTP_NOT_FOUND;
}

/* ------------------------------------------------------------------ */
/* Changes                                                             */
/* ------------------------------------------------------------------ */

/* Form, token and service: OK with *sid, or the status to answer. */
static int begin_change(hd_req *rq, const char **code, const char **sid)
{
    hd_db_outcome o;
    int rv;

    *code = code_arg(rq);
    if ((rv = hd_form_read(rq)) != OK || (rv = hd_form_check_token(rq)) != OK) {
        return rv;
    }
    if (!*code) {
        return HTTP_NOT_FOUND;
    }
    o = hd_db_value(hd_req_db(rq), HD_SQL_SERVICES_ID, 1, code, sid);
    if (o == HD_DB_OK && !*sid) {
        return HTTP_NOT_FOUND;
    }
    return hd_page_db_status(rq, o);
}

static int back_to_service(hd_req *rq, const char *code, const char *done)
{
    apr_table_setn(rq->r->headers_out, "Location",
                   apr_pstrcat(rq->r->pool, rq->sconf->base_url, "/services/",
                               code, "?done=", done, NULL));
    return HTTP_SEE_OTHER;
}

int hd_page_service_subscription(hd_req *rq)
{
    const char *code, *sid, *want, *back;
    int rv = begin_change(rq, &code, &sid);

    if (rv != OK) {
        return rv;
    }
    want = hd_form_field(rq, "subscribed");
    if (strcmp(want, "1") && strcmp(want, "0")) {
        rq->error_message = "Choose to subscribe or to unsubscribe.";
        return HTTP_BAD_REQUEST;
    }
    rv = hd_page_db_status(rq,
                           hd_service_subscribe(hd_req_db(rq), rq->user->login,
                                                sid, !strcmp(want, "1")));
    if (rv != OK) {
        return rv;
    }
    /* Back where the choice was made: Today, the board, or the service. */
    back = hd_form_field(rq, "back");
    if (!strcmp(back, "today") || !strcmp(back, "services")) {
        apr_table_setn(rq->r->headers_out, "Location",
                       apr_pstrcat(rq->r->pool, rq->sconf->base_url,
                                   strcmp(back, "today") ? "/services" : "/",
                                   NULL));
        return HTTP_SEE_OTHER;
    }
    return back_to_service(rq, code,
                           strcmp(want, "1") ? "unsubscribed" : "subscribed");
}

int hd_page_service_affected(hd_req *rq)
{
    const char *code, *sid;
    hd_db_outcome why;
    int rv = begin_change(rq, &code, &sid);

    if (rv != OK) {
        return rv;
    }
    switch (hd_service_affected(
        hd_req_db(rq), code, rq->user->login,
        rq->user->name ? rq->user->name : rq->user->login, &why)) {
    case HD_SERVICE_DONE:
        return back_to_service(rq, code, "affected");
    case HD_SERVICE_MISSING:
        rq->error_message = "This service has no open incident any more: "
                            "it has been resolved meanwhile.";
        return HTTP_CONFLICT;
    default:
        return hd_page_db_status(rq, why);
    }
}

/* The agents' form again, with what was sent kept and the error beside
 * its field. */
static int status_error(hd_req *rq, const char *code, const char *field,
                        const char *message)
{
    xmlNodePtr form = NULL, e;
    int rv = service_page(rq, code, &form);

    if (rv != OK || !form) {
        return rv;
    }
    hd_xml_attr(form, "title-value", hd_form_field(rq, "title"));
    hd_xml_attr(form, "message-value", hd_form_field(rq, "message"));
    e = hd_xml_child(form, "error");
    hd_xml_attr(e, "field", field);
    hd_xml_attr(e, "message", message);
    rq->r->status = HTTP_BAD_REQUEST;
    return OK;
}

int hd_page_service_status(hd_req *rq)
{
    const char *code, *sid, *light, *status, *title, *message, *incident;
    hd_db_outcome why;
    unsigned k;
    int rv = begin_change(rq, &code, &sid), known = 0, chars;

    if (rv != OK) {
        return rv;
    }
    if (!rq->user->is_agent) {
        rq->error_message = "Only the service desk can change a service's "
                            "status.";
        return HTTP_FORBIDDEN;
    }
    light = hd_form_field(rq, "light");
    status = hd_form_field(rq, "status");
    title = hd_form_field(rq, "title");
    message = hd_form_field(rq, "message");
    if (!hd_service_light_label(light) || !strcmp(light, "maintenance")) {
        return status_error(rq, code, "light",
                            "Choose Online, Impacted or "
                            "Offline.");
    }
    for (k = 0; k < sizeof(incident_statuses) / sizeof(incident_statuses[0]);
         k++) {
        known |= !strcmp(status, incident_statuses[k][0]);
    }
    if (!known && *status) {
        return status_error(rq, code, "status",
                            "Choose a stage of the "
                            "incident from the list.");
    }
    chars = hd_request_text_chars(title, 0);
    if (chars < 0 || chars > 200) {
        return status_error(rq, code, "title",
                            "The title must be 200 "
                            "characters or fewer.");
    }
    chars = hd_request_text_chars(message, 1);
    if (hd_request_is_blank(message)) {
        return status_error(rq, code, "message",
                            "Say what has happened: "
                            "people read this message.");
    }
    if (chars < 0 || chars > rq->sconf->max_text) {
        return status_error(rq, code, "message",
                            apr_psprintf(rq->r->pool,
                                         "The message must be %d characters "
                                         "or fewer.",
                                         rq->sconf->max_text));
    }
    switch (hd_service_set_light(
        hd_req_db(rq), code, light, status, title, message, rq->user->login,
        rq->user->name ? rq->user->name : rq->user->login, &incident, &why)) {
    case HD_SERVICE_DONE:
        if (why != HD_DB_OK) {
            /* Committed; only closing its linked tickets went wrong. */
            ap_log_rerror(APLOG_MARK, APLOG_WARNING, 0, rq->r,
                          HDLOG(01701) "incident %s resolved, but closing "
                                       "its linked tickets failed: %s",
                          incident, hd_db_outcome_name(why));
        }
        return back_to_service(rq, code, "status");
    case HD_SERVICE_MISSING:
        return HTTP_NOT_FOUND;
    default:
        return hd_page_db_status(rq, why);
    }
}

int hd_page_service_link(hd_req *rq)
{
    const char *code, *sid, *id, *ref;
    hd_db_outcome why;
    int rv = begin_change(rq, &code, &sid);

    if (rv != OK) {
        return rv;
    }
    if (!rq->user->is_agent) {
        rq->error_message = "Only the service desk links tickets to an "
                            "incident.";
        return HTTP_FORBIDDEN;
    }
    ref = hd_form_field(rq, "ticket");
    {
        /* apr_collapse_spaces answers the copy's end, not its start. */
        char *copy = apr_palloc(rq->r->pool, strlen(ref) + 1);
        apr_collapse_spaces(copy, ref);
        ref = copy;
    }
    if (*ref && strspn(ref, "0123456789") == strlen(ref)) {
        ref = apr_pstrcat(rq->r->pool, "HD-", ref, NULL); /* "1042" too */
    }
    id = hd_ticket_id_of_ref(ref);
    if (!id) {
        rq->error_message = "Give the ticket's reference, e.g. HD-1042.";
        return HTTP_BAD_REQUEST;
    }
    switch (hd_service_link_ticket(hd_req_db(rq), code, id, rq->user->login,
                                   &why)) {
    case HD_SERVICE_DONE:
        return back_to_service(rq, code, "linked");
    case HD_SERVICE_MISSING:
        rq->error_message = "There is no such ticket, or the service has no "
                            "open incident to link it to.";
        return HTTP_CONFLICT;
    default:
        return hd_page_db_status(rq, why);
    }
}
