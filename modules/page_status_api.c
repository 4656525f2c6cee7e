/*
 * page_status_api.c -- the services' lights, incidents and maintenance as
 * JSON in the shape of Atlassian Statuspage's public API v2, so that the
 * dashboards, chat bots and monitors that already read a Statuspage page
 * read the portal's too.
 *
 *   GET <base>/api/v2/summary.json          page, status, components, the
 *                                           unresolved incidents, upcoming
 *                                           and in-progress maintenances
 *   GET <base>/api/v2/status.json           page, status
 *   GET <base>/api/v2/components.json       page, components
 *   GET <base>/api/v2/incidents.json        the 50 most recent incidents,
 *                                           newest first
 *   GET <base>/api/v2/incidents/unresolved.json        those not resolved
 *   GET <base>/api/v2/scheduled-maintenances.json      the 50 most recent
 *                                           maintenances, latest first
 *   GET <base>/api/v2/scheduled-maintenances/upcoming.json  not started
 *   GET <base>/api/v2/scheduled-maintenances/active.json    in progress
 *
 * Any other file under api/v2/ is a 404.  Member names, nesting and
 * enumerations are Statuspage's (t/fixtures/statuspage-v2/ holds the
 * documented shapes; t/31_status_api.t checks every answer against them).
 *
 * How our data becomes Statuspage's:
 *   - A component is an active service (services.active = 1), in the
 *     board's order; id is services.id, position services.sort_order.
 *     Its status is its light:
 *         green -> operational
 *         amber -> partial_outage
 *         red   -> major_outage
 *     except that a service inside a maintenance window that is running
 *     (starts_at <= NOW() < ends_at, not cancelled) is under_maintenance,
 *     unless it is red: an outage is still an outage.  degraded_performance
 *     is never used (we have no light for it).  created_at is the start
 *     of the service's light history (service_status_changes), updated_at
 *     the latest of an edit, a change of light, or a start or end of one
 *     of its windows.
 *   - The page's status blends the components (Statuspage documents the
 *     indicators none, minor, major and critical, and these descriptions):
 *         every component major_outage  -> major, "Major System Outage"
 *         some major_outage             -> major, "Partial System Outage"
 *         else some partial_outage      -> minor, "Minor Service Outage"
 *         else some under_maintenance   -> none,  "Service Under Maintenance"
 *         else                          -> none,  "All Systems Operational"
 *     (Some Statuspage pages answer the indicator "maintenance", a value
 *     its API documentation does not list, so we say none.)  critical is
 *     never used: a light has no level above red.
 *   - An incident is a row of incidents as it is: id, title -> name,
 *     status (investigating, identified, monitoring, resolved) and impact
 *     (none, minor, major, critical); created_at and started_at are
 *     started_at; monitoring_at is its first update in 'monitoring'; its
 *     incident_updates are incident_updates, newest first; its components
 *     are its services (incident_services) as the components list has
 *     them.
 *   - A maintenance is a row of maintenances that was not cancelled:
 *     title -> name, starts_at -> scheduled_for and started_at, ends_at ->
 *     scheduled_until, and resolved_at once it is over; its status is
 *     scheduled before starts_at, in_progress until ends_at, completed
 *     after; impact none.  Its body is its one incident update (status
 *     scheduled, id the maintenance's id).
 *   - The page: id is 12 hex digits of the SHA-1 of HelpdeskSiteName (the
 *     same on every node), name HelpdeskSiteName, url the portal's address,
 *     time_zone HelpdeskTimeZone (Etc/UTC when unset), updated_at as
 *     Last-Modified below.  An incident's or maintenance's shortlink is the
 *     portal's address, where the lights are shown.
 *   - What we have no data for takes the documented neutral value:
 *     description null when empty, showcase, group and
 *     only_show_if_degraded false, start_date and group_id null,
 *     affected_components, custom_tweet and tweet_id null,
 *     deliver_notifications false.
 *   - Every id is a string; every time is UTC, "2026-12-01T09:30:00.000Z".
 *
 * Caching (hd_cache.c, shared with the feeds).  Every answer carries
 * ETag, the SHA-1 of its body (strong: the same bytes, the same tag),
 * Last-Modified, and Cache-Control: max-age=30; If-None-Match and
 * If-Modified-Since are answered 304 with no body by ap_meets_conditions,
 * httpd's own rules.  Last-Modified is the newest change among the tables
 * every answer is drawn from -- a light, a service's edit, an incident or
 * update, a maintenance edited or cancelled, a window that started or
 * ended -- rather than among the rows shown: an incident that leaves
 * unresolved.json when it is resolved makes the list newer although it is
 * no longer in it.  It is read before the rows, so a change that lands in
 * between makes it older than the body, never newer (a client asks again
 * rather than keeps a stale copy).  Rows deleted outright leave no time
 * behind; the ETag still changes.  A 304 saves the transfer, not the
 * queries: the body is built and hashed to know its tag.
 */
#include "mod_helpdesk.h"
#include "hd_config.h"
#include "hd_page.h"
#include "hd_db.h"
#include "hd_request.h"
#include "hd_cache.h"
#include "http_core.h"

#include "apr_sha1.h"

#include <jansson.h>

/* Statuspage's documented limit for incidents.json and
 * scheduled-maintenances.json. */
#define HD_STATUS_API_RECENT "50"

/* ------------------------------------------------------------------ */
/* SQL                                                                 */
/* ------------------------------------------------------------------ */

#define HD_SQL_STATUS_CHANGED     "status_api_changed"
#define HD_SQL_STATUS_COMPONENTS  "status_api_components"
#define HD_SQL_STATUS_RECENT      "status_api_incidents_recent"
#define HD_SQL_STATUS_RECENT_UPD  "status_api_updates_recent"
#define HD_SQL_STATUS_OPEN        "status_api_incidents_unresolved"
#define HD_SQL_STATUS_OPEN_UPD    "status_api_updates_unresolved"
#define HD_SQL_STATUS_MAINT_ALL   "status_api_maintenances_recent"
#define HD_SQL_STATUS_MAINT_NEXT  "status_api_maintenances_upcoming"
#define HD_SQL_STATUS_MAINT_NOW   "status_api_maintenances_active"
#define HD_SQL_STATUS_MAINT_AHEAD "status_api_maintenances_summary"

/* The newest change of each kind (Unix seconds, NULL for none): the
 * answer's Last-Modified is the newest of them.  Each is an index range
 * or a scan of a small table (services; incidents and maintenances grow
 * by a few rows a week). */
#define HD_SQL_CHANGED_SQL                                                \
    "SELECT UNIX_TIMESTAMP((SELECT MAX(GREATEST(s.updated_at, "           \
    "s.status_since)) FROM services s)) AS services, "                    \
    "UNIX_TIMESTAMP((SELECT MAX(i.updated_at) FROM incidents i)) "        \
    "AS incidents, "                                                      \
    "UNIX_TIMESTAMP((SELECT MAX(u.created_at) FROM incident_updates u)) " \
    "AS incident_updates, "                                               \
    "UNIX_TIMESTAMP((SELECT MAX(GREATEST(m.updated_at, "                  \
    "COALESCE(m.cancelled_at, m.updated_at))) FROM maintenances m)) "     \
    "AS maintenances, "                                                   \
    "UNIX_TIMESTAMP((SELECT MAX(m.starts_at) FROM maintenances m "        \
    "WHERE m.starts_at <= NOW())) AS maintenance_started, "               \
    "UNIX_TIMESTAMP((SELECT MAX(m.ends_at) FROM maintenances m "          \
    "WHERE m.ends_at <= NOW())) AS maintenance_ended"

/* The active services, in the board's order.  w: per service, whether a
 * window is running now, and when its windows last changed its status
 * (the latest start or end that has passed; a cancellation while one
 * ran). */
#define HD_SQL_COMPONENTS_SQL                                           \
    "SELECT s.id, s.name, s.description, s.status, s.sort_order, "      \
    "COALESCE(w.running, 0) AS in_window, "                             \
    "UNIX_TIMESTAMP(COALESCE((SELECT MIN(c.changed_at) "                \
    "FROM service_status_changes c WHERE c.service_id = s.id), "        \
    "s.updated_at)) AS created, "                                       \
    "UNIX_TIMESTAMP(GREATEST(s.updated_at, s.status_since, "            \
    "COALESCE(w.changed, s.updated_at))) AS updated "                   \
    "FROM services s LEFT JOIN ("                                       \
    "SELECT ms.service_id, "                                            \
    "MAX(m.cancelled_at IS NULL AND m.starts_at <= NOW() "              \
    "AND m.ends_at > NOW()) AS running, "                               \
    "MAX(CASE WHEN m.cancelled_at IS NOT NULL THEN "                    \
    "IF(m.cancelled_at >= m.starts_at AND m.cancelled_at < m.ends_at, " \
    "m.cancelled_at, NULL) "                                            \
    "WHEN m.ends_at <= NOW() THEN m.ends_at "                           \
    "WHEN m.starts_at <= NOW() THEN m.starts_at END) AS changed "       \
    "FROM maintenance_services ms "                                     \
    "JOIN maintenances m ON m.id = ms.maintenance_id "                  \
    "GROUP BY ms.service_id) w ON w.service_id = s.id "                 \
    "WHERE s.active = 1 ORDER BY s.sort_order, s.name, s.id"

/* An incident's columns; services: its service ids, "3,7". */
#define HD_SQL_INCIDENT_COLUMNS                                           \
    "SELECT i.id, i.title, i.status, i.impact, "                          \
    "UNIX_TIMESTAMP(i.started_at) AS started, "                           \
    "UNIX_TIMESTAMP(i.updated_at) AS updated, "                           \
    "UNIX_TIMESTAMP(i.resolved_at) AS resolved, "                         \
    "UNIX_TIMESTAMP((SELECT MIN(mu.created_at) FROM incident_updates mu " \
    "WHERE mu.incident_id = i.id AND mu.status = 'monitoring')) "         \
    "AS monitoring, "                                                     \
    "(SELECT GROUP_CONCAT(x.service_id ORDER BY x.service_id) "           \
    "FROM incident_services x WHERE x.incident_id = i.id) AS services "   \
    "FROM incidents i "
#define HD_SQL_INCIDENTS_ORDER      "ORDER BY i.started_at DESC, i.id DESC"
#define HD_SQL_INCIDENTS_UNRESOLVED "WHERE i.status <> 'resolved' "
/* The updates of the same incidents, newest first. */
#define HD_SQL_UPDATE_COLUMNS                        \
    "SELECT u.id, u.incident_id, u.status, u.body, " \
    "UNIX_TIMESTAMP(u.created_at) AS created FROM incident_updates u "
#define HD_SQL_UPDATES_ORDER " ORDER BY u.created_at DESC, u.id DESC"

/* A maintenance's columns: its state now, and updated as the latest of
 * an edit and a start or end that has passed. */
#define HD_SQL_MAINTENANCE_COLUMNS                                \
    "SELECT m.id, m.title, m.body, "                              \
    "UNIX_TIMESTAMP(m.starts_at) AS starts, "                     \
    "UNIX_TIMESTAMP(m.ends_at) AS ends, "                         \
    "UNIX_TIMESTAMP(m.created_at) AS created, "                   \
    "UNIX_TIMESTAMP(m.updated_at) AS edited, "                    \
    "UNIX_TIMESTAMP(GREATEST(m.updated_at, CASE "                 \
    "WHEN m.ends_at <= NOW() THEN m.ends_at "                     \
    "WHEN m.starts_at <= NOW() THEN m.starts_at "                 \
    "ELSE m.updated_at END)) AS updated, "                        \
    "CASE WHEN m.ends_at <= NOW() THEN 'completed' "              \
    "WHEN m.starts_at <= NOW() THEN 'in_progress' "               \
    "ELSE 'scheduled' END AS state, "                             \
    "(SELECT GROUP_CONCAT(x.service_id ORDER BY x.service_id) "   \
    "FROM maintenance_services x WHERE x.maintenance_id = m.id) " \
    "AS services "                                                \
    "FROM maintenances m WHERE m.cancelled_at IS NULL "

static const hd_db_statement statements[] = {
    {HD_SQL_STATUS_CHANGED, HD_SQL_CHANGED_SQL},
    {HD_SQL_STATUS_COMPONENTS, HD_SQL_COMPONENTS_SQL},
    /* incidents.json: the 50 most recent. */
    {HD_SQL_STATUS_RECENT, HD_SQL_INCIDENT_COLUMNS HD_SQL_INCIDENTS_ORDER
     " LIMIT " HD_STATUS_API_RECENT},
    {HD_SQL_STATUS_RECENT_UPD, HD_SQL_UPDATE_COLUMNS
     "JOIN (SELECT i.id FROM incidents i " HD_SQL_INCIDENTS_ORDER
     " LIMIT " HD_STATUS_API_RECENT
     ") r ON r.id = u.incident_id" HD_SQL_UPDATES_ORDER},
    /* incidents/unresolved.json and summary.json: all not resolved. */
    {HD_SQL_STATUS_OPEN, HD_SQL_INCIDENT_COLUMNS HD_SQL_INCIDENTS_UNRESOLVED
                             HD_SQL_INCIDENTS_ORDER},
    {HD_SQL_STATUS_OPEN_UPD, HD_SQL_UPDATE_COLUMNS
     "JOIN incidents i ON i.id = u.incident_id " HD_SQL_INCIDENTS_UNRESOLVED
         HD_SQL_UPDATES_ORDER},
    /* scheduled-maintenances.json: the 50 latest windows. */
    {HD_SQL_STATUS_MAINT_ALL,
     HD_SQL_MAINTENANCE_COLUMNS "ORDER BY m.starts_at DESC, m.id DESC "
                                "LIMIT " HD_STATUS_API_RECENT},
    /* .../upcoming.json: not started. */
    {HD_SQL_STATUS_MAINT_NEXT,
     HD_SQL_MAINTENANCE_COLUMNS "AND m.starts_at > NOW() "
                                "ORDER BY m.starts_at, m.id"},
    /* .../active.json: running now. */
    {HD_SQL_STATUS_MAINT_NOW,
     HD_SQL_MAINTENANCE_COLUMNS "AND m.starts_at <= NOW() AND m.ends_at > "
                                "NOW() ORDER BY m.starts_at, m.id"},
    /* summary.json: upcoming or running (index maintenances_window). */
    {HD_SQL_STATUS_MAINT_AHEAD,
     HD_SQL_MAINTENANCE_COLUMNS "AND m.ends_at > NOW() "
                                "ORDER BY m.starts_at, m.id"},
};

const hd_db_statements hd_status_api_statements = HD_DB_STATEMENTS(statements);

/* ------------------------------------------------------------------ */
/* The files                                                           */
/* ------------------------------------------------------------------ */

/* What a file holds beside "page": the status, the components, incidents
 * (and their updates) by which statements, maintenances by which. */
typedef struct {
    const char *file; /* the path after api/v2/ */
    int status, components;
    const char *incidents, *updates, *maintenances;
} status_file;

static const status_file files[] = {
    {"summary.json", 1, 1, HD_SQL_STATUS_OPEN, HD_SQL_STATUS_OPEN_UPD,
     HD_SQL_STATUS_MAINT_AHEAD},
    {"status.json", 1, 0, NULL, NULL, NULL},
    {"components.json", 0, 1, NULL, NULL, NULL},
    {"incidents.json", 0, 0, HD_SQL_STATUS_RECENT, HD_SQL_STATUS_RECENT_UPD,
     NULL},
    {"incidents/unresolved.json", 0, 0, HD_SQL_STATUS_OPEN,
     HD_SQL_STATUS_OPEN_UPD, NULL},
    {"scheduled-maintenances.json", 0, 0, NULL, NULL, HD_SQL_STATUS_MAINT_ALL},
    {"scheduled-maintenances/upcoming.json", 0, 0, NULL, NULL,
     HD_SQL_STATUS_MAINT_NEXT},
    {"scheduled-maintenances/active.json", 0, 0, NULL, NULL,
     HD_SQL_STATUS_MAINT_NOW},
};
#define N_FILES ((int)(sizeof(files) / sizeof(files[0])))

/* ------------------------------------------------------------------ */
/* Building the document                                               */
/* ------------------------------------------------------------------ */

/* One answer in the making.  Every json_t made here belongs to a parent
 * or to a pool cleanup, so the request's end frees all of it. */
typedef struct {
    hd_req *rq;
    apr_pool_t *p;
    const char *page_id;
    const char *page_url;
    apr_int64_t changed;   /* newest change, Unix seconds (Last-Modified) */
    json_t *components;    /* the components, in order */
    apr_hash_t *component; /* service id -> its component (borrowed) */
    json_t *list;          /* incidents or maintenances being read */
    apr_hash_t *updates;   /* incident id -> its incident_updates */
    int count, major, partial, maintenance; /* components by status */
    int oom;                                /* jansson ran out of memory */
} status_doc;

static apr_status_t json_release(void *j)
{
    json_decref(j);
    return APR_SUCCESS;
}

/* j, to be released with p (NULL stays NULL). */
static json_t *pool_json(apr_pool_t *p, json_t *j)
{
    if (j) {
        apr_pool_cleanup_register(p, j, json_release, apr_pool_cleanup_null);
    }
    return j;
}

/* obj[key] = v, taking v (released if it cannot be kept); a NULL obj or
 * v (out of memory) is remembered. */
static void put(status_doc *d, json_t *obj, const char *key, json_t *v)
{
    if (!obj || !v) {
        json_decref(v);
        d->oom = 1;
    }
    else if (json_object_set_new(obj, key, v)) {
        d->oom = 1;
    }
}

/* Append v to a, taking v, the same way. */
static void push(status_doc *d, json_t *a, json_t *v)
{
    if (!a || !v) {
        json_decref(v);
        d->oom = 1;
    }
    else if (json_array_append_new(a, v)) {
        d->oom = 1;
    }
}

/* Text from the database as a JSON string; what JSON (or XML) cannot
 * carry is replaced, as on every page. */
static json_t *text_of(status_doc *d, const char *s)
{
    return json_string(hd_request_showable(d->p, s ? s : ""));
}

/* Unix seconds as Statuspage writes times, in UTC; null for SQL NULL. */
static json_t *stamp_of(const char *seconds)
{
    apr_time_exp_t t;
    apr_size_t len;
    char buf[40];

    if (!seconds || !*seconds) {
        return json_null();
    }
    apr_time_exp_gmt(&t, apr_time_from_sec(apr_atoi64(seconds)));
    apr_strftime(buf, &len, sizeof(buf), "%Y-%m-%dT%H:%M:%S.000Z", &t);
    return json_string(buf);
}

/* The newest change: the largest of the kinds. */
static int keep_changed(void *baton, const hd_db_row *row)
{
    static const char *const kinds[] = {
        "services",     "incidents",           "incident_updates",
        "maintenances", "maintenance_started", "maintenance_ended"};
    status_doc *d = baton;
    apr_size_t i;

    for (i = 0; i < sizeof(kinds) / sizeof(kinds[0]); i++) {
        const char *v = hd_db_col(row, kinds[i]);
        if (v && apr_atoi64(v) > d->changed) {
            d->changed = apr_atoi64(v);
        }
    }
    return 0;
}

/* A light as a component status (see the mapping above). */
static const char *component_status(const char *light, int in_window)
{
    if (!strcmp(light, "red")) {
        return "major_outage";
    }
    if (in_window) {
        return "under_maintenance";
    }
    if (!strcmp(light, "amber")) {
        return "partial_outage";
    }
    return "operational";
}

static int keep_component(void *baton, const hd_db_row *row)
{
    status_doc *d = baton;
    const char *id = hd_db_text(row, "id");
    const char *description = hd_db_text(row, "description");
    const char *status = component_status(
        hd_db_text(row, "status"), strcmp(hd_db_text(row, "in_window"), "0"));
    json_t *c = json_object();

    put(d, c, "id", json_string(id));
    put(d, c, "name", text_of(d, hd_db_text(row, "name")));
    put(d, c, "status", json_string(status));
    put(d, c, "created_at", stamp_of(hd_db_col(row, "created")));
    put(d, c, "updated_at", stamp_of(hd_db_col(row, "updated")));
    put(d, c, "position",
        json_integer(apr_atoi64(hd_db_text(row, "sort_order"))));
    put(d, c, "description",
        *description ? text_of(d, description) : json_null());
    put(d, c, "showcase", json_false());
    put(d, c, "start_date", json_null());
    put(d, c, "group_id", json_null());
    put(d, c, "page_id", json_string(d->page_id));
    put(d, c, "group", json_false());
    put(d, c, "only_show_if_degraded", json_false());
    /* The list holds it; the index only while the list does. */
    if (!c || !d->components || json_array_append(d->components, c)) {
        d->oom = 1;
    }
    else {
        apr_hash_set(d->component, apr_pstrdup(d->p, id), APR_HASH_KEY_STRING,
                     c);
    }
    json_decref(c);

    d->count++;
    d->major += !strcmp(status, "major_outage");
    d->partial += !strcmp(status, "partial_outage");
    d->maintenance += !strcmp(status, "under_maintenance");
    return 0;
}

/* The components of service ids "3,7" as the components list has them
 * (the same objects); a retired service is left out. */
static json_t *components_of(status_doc *d, const char *ids)
{
    json_t *list = json_array();
    char *copy = apr_pstrdup(d->p, ids ? ids : "");
    char *state;
    const char *id;

    for (id = apr_strtok(copy, ",", &state); id;
         id = apr_strtok(NULL, ",", &state)) {
        json_t *c = apr_hash_get(d->component, id, APR_HASH_KEY_STRING);
        if (c && list && json_array_append(list, c)) {
            d->oom = 1;
        }
    }
    return list;
}

/* The members an incident and a maintenance share, in Statuspage's order
 * up to page_id. */
static json_t *incident_head(status_doc *d, const char *id, const char *name,
                             const char *status, const char *created,
                             const char *updated, const char *monitoring,
                             const char *resolved, const char *impact,
                             const char *started)
{
    json_t *i = json_object();
    put(d, i, "id", json_string(id));
    put(d, i, "name", text_of(d, name));
    put(d, i, "status", json_string(status));
    put(d, i, "created_at", stamp_of(created));
    put(d, i, "updated_at", stamp_of(updated));
    put(d, i, "monitoring_at", stamp_of(monitoring));
    put(d, i, "resolved_at", stamp_of(resolved));
    put(d, i, "impact", json_string(impact));
    put(d, i, "shortlink", json_string(d->page_url));
    put(d, i, "started_at", stamp_of(started));
    put(d, i, "page_id", json_string(d->page_id));
    return i;
}

/* An incident update (a maintenance's one update too). */
static json_t *update_of(status_doc *d, const char *id, const char *status,
                         const char *body, const char *incident_id,
                         const char *created, const char *updated)
{
    json_t *u = json_object();
    put(d, u, "id", json_string(id));
    put(d, u, "status", json_string(status));
    put(d, u, "body", text_of(d, body));
    put(d, u, "incident_id", json_string(incident_id));
    put(d, u, "created_at", stamp_of(created));
    put(d, u, "updated_at", stamp_of(updated));
    put(d, u, "display_at", stamp_of(created));
    put(d, u, "affected_components", json_null());
    put(d, u, "deliver_notifications", json_false());
    put(d, u, "custom_tweet", json_null());
    put(d, u, "tweet_id", json_null());
    return u;
}

static int keep_incident(void *baton, const hd_db_row *row)
{
    status_doc *d = baton;
    const char *id = hd_db_text(row, "id");
    json_t *updates = json_array();
    json_t *i = incident_head(
        d, id, hd_db_text(row, "title"), hd_db_text(row, "status"),
        hd_db_col(row, "started"), hd_db_col(row, "updated"),
        hd_db_col(row, "monitoring"), hd_db_col(row, "resolved"),
        hd_db_text(row, "impact"), hd_db_col(row, "started"));

    /* Filled by keep_update; the incident holds it. */
    if (!i || !updates || json_object_set(i, "incident_updates", updates)) {
        d->oom = 1;
    }
    else {
        apr_hash_set(d->updates, apr_pstrdup(d->p, id), APR_HASH_KEY_STRING,
                     updates);
    }
    json_decref(updates);
    put(d, i, "components", components_of(d, hd_db_col(row, "services")));
    push(d, d->list, i);
    return 0;
}

static int keep_update(void *baton, const hd_db_row *row)
{
    status_doc *d = baton;
    const char *incident = hd_db_text(row, "incident_id");
    json_t *updates = apr_hash_get(d->updates, incident, APR_HASH_KEY_STRING);

    /* Only the incidents read: a new one that arrived in between the two
     * statements is in neither answer's list. */
    if (updates) {
        push(d, updates,
             update_of(d, hd_db_text(row, "id"), hd_db_text(row, "status"),
                       hd_db_text(row, "body"), incident,
                       hd_db_col(row, "created"), hd_db_col(row, "created")));
    }
    return 0;
}

static int keep_maintenance(void *baton, const hd_db_row *row)
{
    status_doc *d = baton;
    const char *id = hd_db_text(row, "id");
    const char *state = hd_db_text(row, "state");
    json_t *updates = json_array();
    json_t *m = incident_head(
        d, id, hd_db_text(row, "title"), state, hd_db_col(row, "created"),
        hd_db_col(row, "updated"), NULL,
        strcmp(state, "completed") ? NULL : hd_db_col(row, "ends"), "none",
        hd_db_col(row, "starts"));

    /* The announcement, the only update a maintenance has. */
    push(d, updates,
         update_of(d, id, "scheduled", hd_db_text(row, "body"), id,
                   hd_db_col(row, "created"), hd_db_col(row, "edited")));
    put(d, m, "incident_updates", updates);
    put(d, m, "components", components_of(d, hd_db_col(row, "services")));
    put(d, m, "scheduled_for", stamp_of(hd_db_col(row, "starts")));
    put(d, m, "scheduled_until", stamp_of(hd_db_col(row, "ends")));
    push(d, d->list, m);
    return 0;
}

/* The page's indicator and description (see the mapping above). */
static json_t *page_status(status_doc *d)
{
    const char *indicator = "none", *description = "All Systems Operational";
    json_t *s = json_object();

    if (d->major && d->major == d->count) {
        indicator = "major";
        description = "Major System Outage";
    }
    else if (d->major) {
        indicator = "major";
        description = "Partial System Outage";
    }
    else if (d->partial) {
        indicator = "minor";
        description = "Minor Service Outage";
    }
    else if (d->maintenance) {
        description = "Service Under Maintenance";
    }
    put(d, s, "indicator", json_string(indicator));
    put(d, s, "description", json_string(description));
    return s;
}

static json_t *page_of(status_doc *d)
{
    const char *zone = d->rq->sconf->time_zone;
    json_t *page = json_object();
    put(d, page, "id", json_string(d->page_id));
    put(d, page, "name", text_of(d, d->rq->sconf->site_name));
    put(d, page, "url", json_string(d->page_url));
    put(d, page, "time_zone", json_string(zone && *zone ? zone : "Etc/UTC"));
    put(d, page, "updated_at",
        stamp_of(apr_psprintf(d->p, "%" APR_INT64_T_FMT, d->changed)));
    return page;
}

/* 12 hex digits of the SHA-1 of s. */
static const char *short_id(apr_pool_t *p, const char *s)
{
    unsigned char digest[APR_SHA1_DIGESTSIZE];
    char hex[2 * APR_SHA1_DIGESTSIZE + 1];
    apr_sha1_ctx_t sha;

    apr_sha1_init(&sha);
    apr_sha1_update(&sha, s, (unsigned int)strlen(s));
    apr_sha1_final(digest, &sha);
    ap_bin2hex(digest, sizeof(digest), hex);
    return apr_pstrmemdup(p, hex, 12);
}

/* ------------------------------------------------------------------ */
/* Sending                                                             */
/* ------------------------------------------------------------------ */

static apr_status_t text_release(void *text)
{
    free(text); /* jansson's allocator, not ours */
    return APR_SUCCESS;
}

/* The document as JSON, cached as every polled answer is (hd_cache.c).
 * DONE, or a status for the error page. */
static int send_document(hd_req *rq, json_t *doc, apr_int64_t changed)
{
    request_rec *r = rq->r;
    char *text = json_dumps(doc, JSON_PRESERVE_ORDER | JSON_COMPACT);

    if (!text) {
        ap_log_rerror(APLOG_MARK, APLOG_ERR, 0, r,
                      HDLOG(01602) "status API %s: writing JSON failed "
                                   "(out of memory)",
                      r->uri);
        return HTTP_INTERNAL_SERVER_ERROR;
    }
    apr_pool_cleanup_register(r->pool, text, text_release,
                              apr_pool_cleanup_null);
    return hd_cache_send(rq, "application/json", text, strlen(text),
                         apr_time_from_sec(changed));
}

/* ------------------------------------------------------------------ */
/* The page                                                            */
/* ------------------------------------------------------------------ */

int hd_page_status_api(hd_req *rq)
{
    static const char prefix[] = "/api/v2/";
    request_rec *r = rq->r;
    const char *path = hd_request_relative_path(rq->sconf->base_url, r->uri);
    const status_file *f = NULL;
    hd_db *db = hd_req_db(rq);
    json_t *doc, *incidents = NULL, *maintenances = NULL;
    status_doc d;
    hd_db_outcome o;
    int i;

    if (path && !strncmp(path, prefix, sizeof(prefix) - 1)) {
        for (i = 0; i < N_FILES; i++) {
            if (!strcmp(path + sizeof(prefix) - 1, files[i].file)) {
                f = &files[i];
                break;
            }
        }
    }
    if (!f) {
        return HTTP_NOT_FOUND;
    }

    memset(&d, 0, sizeof(d));
    d.rq = rq;
    d.p = r->pool;
    d.page_id = short_id(r->pool, rq->sconf->site_name);
    d.page_url = ap_construct_url(r->pool, rq->sconf->base_url, r);
    d.component = apr_hash_make(r->pool);
    d.updates = apr_hash_make(r->pool);
    d.components = pool_json(r->pool, json_array());

    /* The time first: a change that lands while the rows are read makes
     * it older than the body, never newer. */
    o = hd_db_select(db, HD_SQL_STATUS_CHANGED, keep_changed, &d, 0, NULL);
    /* Every file needs the components: the status blends them, incidents
     * and maintenances list theirs. */
    if (o == HD_DB_OK) {
        o = hd_db_select(db, HD_SQL_STATUS_COMPONENTS, keep_component, &d, 0,
                         NULL);
    }
    if (o == HD_DB_OK && f->incidents) {
        incidents = d.list = pool_json(r->pool, json_array());
        o = hd_db_select(db, f->incidents, keep_incident, &d, 0, NULL);
        if (o == HD_DB_OK) {
            o = hd_db_select(db, f->updates, keep_update, &d, 0, NULL);
        }
    }
    if (o == HD_DB_OK && f->maintenances) {
        maintenances = d.list = pool_json(r->pool, json_array());
        o = hd_db_select(db, f->maintenances, keep_maintenance, &d, 0, NULL);
    }
    if (o != HD_DB_OK) {
        return hd_page_db_status(rq, o);
    }

    /* In Statuspage's order.  json_object_set (not _new): the pool
     * cleanups above still hold their own references. */
    doc = pool_json(r->pool, json_object());
    put(&d, doc, "page", page_of(&d));
    if (f->status) {
        put(&d, doc, "status", page_status(&d));
    }
    if (f->components && doc &&
        json_object_set(doc, "components", d.components)) {
        d.oom = 1;
    }
    if (incidents && doc && json_object_set(doc, "incidents", incidents)) {
        d.oom = 1;
    }
    if (maintenances && doc &&
        json_object_set(doc, "scheduled_maintenances", maintenances)) {
        d.oom = 1;
    }
    if (d.oom || !doc || !d.components) {
        ap_log_rerror(APLOG_MARK, APLOG_ERR, 0, r,
                      HDLOG(01601) "status API %s: building the answer failed "
                                   "(out of memory)",
                      r->uri);
        return HTTP_INTERNAL_SERVER_ERROR;
    }
    return send_document(rq, doc, d.changed);
}
