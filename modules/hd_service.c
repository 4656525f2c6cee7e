/*
 * hd_service.c -- changes to Service Updates (hd_service.h).
 *
 * A change of light is one transaction: the service row is locked first
 * (two agents changing one service are serialised, and the second sees
 * the incident the first opened), then the open incident is found, opened,
 * updated or resolved, and the event for subscribers is written in the
 * same transaction as the change it announces (issue 11's outbox reads
 * service_events).  Tickets linked to an incident are closed after its
 * resolution has committed, each in its own transaction along the
 * workflow's agent moves, with the resolution as their public reason.
 */
#include "mod_helpdesk.h"
#include "hd_service.h"
#include "hd_ticket.h"

#define HD_SQL_SERVICE_LOCK             "hd_service_lock"
#define HD_SQL_SERVICE_OPEN_INCIDENT    "hd_service_open_incident"
#define HD_SQL_SERVICE_INCIDENT_NEW     "hd_service_incident_new"
#define HD_SQL_SERVICE_INCIDENT_SERVICE "hd_service_incident_service"
#define HD_SQL_SERVICE_INCIDENT_CHANGE  "hd_service_incident_change"
#define HD_SQL_SERVICE_UPDATE_NEW       "hd_service_update_new"
#define HD_SQL_SERVICE_LIGHT            "hd_service_light"
#define HD_SQL_SERVICE_EVENT            "hd_service_event"
#define HD_SQL_SERVICE_SUBSCRIBE        "hd_service_subscribe"
#define HD_SQL_SERVICE_AFFECTED         "hd_service_affected"
#define HD_SQL_SERVICE_LINKED           "hd_service_linked"
#define HD_SQL_SERVICE_LINK             "hd_service_link"
#define HD_SQL_MAINT_DUE                "hd_service_maintenance_due"
#define HD_SQL_MAINT_MARK               "hd_service_maintenance_mark"
#define HD_SQL_MAINT_EVENT              "hd_service_maintenance_event"
/* Windows read per look; the rest waits for the next. */
#define HD_MAINT_BATCH             "20"
#define HD_SQL_SERVICE_AGENT_MOVES "hd_service_agent_moves"

static const hd_db_statement statements[] = {
    {HD_SQL_SERVICE_LOCK, "SELECT id, name, status FROM services "
                          "WHERE code = %s AND active = 1 FOR UPDATE"},
    {HD_SQL_SERVICE_OPEN_INCIDENT,
     "SELECT i.id FROM incidents i JOIN incident_services s "
     "ON s.incident_id = i.id WHERE s.service_id = %s "
     "AND i.resolved_at IS NULL ORDER BY i.id DESC LIMIT 1 FOR UPDATE"},
    /* title, status, impact, login */
    {HD_SQL_SERVICE_INCIDENT_NEW,
     "INSERT INTO incidents (title, status, impact, started_at, updated_at, "
     "created_by) VALUES (%s, %s, %s, NOW(), NOW(), %s)"},
    {HD_SQL_SERVICE_INCIDENT_SERVICE,
     "INSERT INTO incident_services (incident_id, service_id) "
     "VALUES (LAST_INSERT_ID(), %s)"},
    /* status, impact (the worst so far stays), resolved ("1"/"0"), id */
    {HD_SQL_SERVICE_INCIDENT_CHANGE,
     "UPDATE incidents SET status = %s, "
     "impact = IF(FIELD(%s, 'none', 'minor', 'major', 'critical') > "
     "FIELD(impact, 'none', 'minor', 'major', 'critical'), %s, impact), "
     "updated_at = NOW(), resolved_at = IF(%s = '1', NOW(), NULL) "
     "WHERE id = %s"},
    /* incident, status, light, body, login, name */
    {HD_SQL_SERVICE_UPDATE_NEW,
     "INSERT INTO incident_updates (incident_id, status, light, body, "
     "author_login, author_name, created_at) "
     "VALUES (%s, %s, %s, %s, %s, %s, NOW())"},
    /* light, note, id: the triggers keep status_since and the history */
    {HD_SQL_SERVICE_LIGHT,
     "UPDATE services SET status = %s, status_note = %s WHERE id = %s"},
    /* kind, service, incident ("" none) */
    {HD_SQL_SERVICE_EVENT,
     "INSERT INTO service_events (kind, service_id, incident_id) "
     "VALUES (%s, %s, NULLIF(%s, ''))"},
    {HD_SQL_SERVICE_SUBSCRIBE,
     "INSERT INTO service_subscriptions (login, service_id, subscribed) "
     "VALUES (%s, %s, %s) ON DUPLICATE KEY UPDATE "
     "subscribed = VALUES(subscribed), chosen_at = NOW()"},
    /* incident, login, name: once */
    {HD_SQL_SERVICE_AFFECTED,
     "INSERT INTO incident_affected (incident_id, login, name) "
     "VALUES (%s, %s, %s) ON DUPLICATE KEY UPDATE login = login"},
    /* incident, ticket, login: a ticket that does not exist adds
     * nothing */
    {HD_SQL_SERVICE_LINK,
     "INSERT INTO incident_tickets (incident_id, ticket_id, linked_by) "
     "SELECT %s, t.id, %s FROM tickets t WHERE t.id = %s "
     "ON DUPLICATE KEY UPDATE linked_by = linked_by"},
    /* Windows whose start or end has come and is not yet announced: id,
     * and which ("start" or "end"). */
    {HD_SQL_MAINT_DUE,
     "(SELECT id, 'start' AS edge FROM maintenances "
     "WHERE started_event_at IS NULL AND cancelled_at IS NULL "
     "AND starts_at <= NOW() LIMIT " HD_MAINT_BATCH ") UNION ALL "
     "(SELECT id, 'end' AS edge FROM maintenances "
     "WHERE ended_event_at IS NULL AND cancelled_at IS NULL "
     "AND ends_at <= NOW() LIMIT " HD_MAINT_BATCH ")"},
    /* Claim the announcement: edge, edge, id, edge, edge -- changes the
     * row only the first time, on whichever node gets there first. */
    {HD_SQL_MAINT_MARK,
     "UPDATE maintenances SET "
     "started_event_at = IF(%s = 'start', NOW(), started_event_at), "
     "ended_event_at = IF(%s = 'end', NOW(), ended_event_at) "
     "WHERE id = %s AND cancelled_at IS NULL "
     "AND ((%s = 'start' AND started_event_at IS NULL AND starts_at <= NOW()) "
     "OR (%s = 'end' AND ended_event_at IS NULL AND ends_at <= NOW()))"},
    /* kind, maintenance: one event per service of the window */
    {HD_SQL_MAINT_EVENT,
     "INSERT INTO service_events (kind, service_id, maintenance_id) "
     "SELECT %s, ms.service_id, ms.maintenance_id FROM maintenance_services ms "
     "WHERE ms.maintenance_id = %s"},
    {HD_SQL_SERVICE_LINKED,
     "SELECT t.id, t.status FROM incident_tickets l "
     "JOIN tickets t ON t.id = l.ticket_id WHERE l.incident_id = %s "
     "ORDER BY t.id"},
    {HD_SQL_SERVICE_AGENT_MOVES,
     "SELECT from_status, to_status FROM ticket_transitions "
     "WHERE actor = 'agent'"},
};

const hd_db_statements hd_service_statements = HD_DB_STATEMENTS(statements);

const char *hd_service_light_label(const char *light)
{
    static const char *const words[][2] = {{"green", "Online"},
                                           {"amber", "Impacted"},
                                           {"red", "Offline"},
                                           {"maintenance", "Maintenance"}};
    unsigned i;
    for (i = 0; light && i < sizeof(words) / sizeof(words[0]); i++) {
        if (!strcmp(light, words[i][0])) {
            return words[i][1];
        }
    }
    return NULL;
}

/* ------------------------------------------------------------------ */
/* A change of light                                                   */
/* ------------------------------------------------------------------ */

typedef struct {
    const char *code, *light, *status, *title, *message, *login, *name;
    const char *service_id, *service_name, *incident_id;
    int resolved; /* this change resolved the incident */
    hd_service_result result;
} light_change;

static int keep_service(void *baton, const hd_db_row *row)
{
    light_change *c = baton;
    apr_pool_t *p = hd_db_row_pool(row);
    c->service_id = apr_pstrdup(p, hd_db_text(row, "id"));
    c->service_name = apr_pstrdup(p, hd_db_text(row, "name"));
    return 0;
}

static int keep_incident(void *baton, const hd_db_row *row)
{
    light_change *c = baton;
    c->incident_id = apr_pstrdup(hd_db_row_pool(row), hd_db_text(row, "id"));
    return 0;
}

/* Open an incident for the service: its first update follows. */
static hd_db_outcome open_incident(hd_db *db, light_change *c,
                                   const char *impact)
{
    apr_pool_t *p = hd_db_pool(db);
    const char *title =
        *c->title ? c->title
                  : apr_pstrcat(p, c->service_name, ": ",
                                hd_service_light_label(c->light), NULL);
    const char *args[4] = {title, c->status, impact, c->login};
    hd_db_outcome o =
        hd_db_exec(db, HD_SQL_SERVICE_INCIDENT_NEW, 4, args, NULL);
    if (o == HD_DB_OK) {
        o = hd_db_exec(db, HD_SQL_SERVICE_INCIDENT_SERVICE, 1, &c->service_id,
                       NULL);
    }
    if (o == HD_DB_OK) {
        o = hd_db_value(db, "last_insert_id", 0, NULL, &c->incident_id);
    }
    return o;
}

static hd_db_outcome light_work(hd_db *db, void *baton)
{
    light_change *c = baton;
    int green = !strcmp(c->light, "green");
    const char *impact = !strcmp(c->light, "red") ? "major" : "minor";
    const char *status = green ? "resolved" : c->status;
    const char *args[6];
    hd_db_outcome o;

    c->service_id = NULL;
    c->incident_id = NULL;
    c->resolved = 0;
    o = hd_db_select(db, HD_SQL_SERVICE_LOCK, keep_service, c, 1, &c->code);
    if (o == HD_DB_OK && !c->service_id) {
        c->result = HD_SERVICE_MISSING;
        return HD_DB_FAILED;
    }
    if (o == HD_DB_OK) {
        o = hd_db_select(db, HD_SQL_SERVICE_OPEN_INCIDENT, keep_incident, c, 1,
                         &c->service_id);
    }
    if (o == HD_DB_OK && !c->incident_id && !green) {
        o = open_incident(db, c, impact);
    }
    else if (o == HD_DB_OK && c->incident_id) {
        args[0] = status;
        args[1] = green ? "none" : impact;
        args[2] = args[1];
        args[3] = green ? "1" : "0";
        args[4] = c->incident_id;
        o = hd_db_exec(db, HD_SQL_SERVICE_INCIDENT_CHANGE, 5, args, NULL);
        c->resolved = green;
    }
    if (o == HD_DB_OK && c->incident_id) {
        const char *u[6] = {c->incident_id, status,   c->light,
                            c->message,     c->login, c->name};
        o = hd_db_exec(db, HD_SQL_SERVICE_UPDATE_NEW, 6, u, NULL);
    }
    if (o == HD_DB_OK) {
        args[0] = c->light;
        args[1] = green ? "" : c->message;
        args[2] = c->service_id;
        o = hd_db_exec(db, HD_SQL_SERVICE_LIGHT, 3, args, NULL);
    }
    if (o == HD_DB_OK) {
        args[0] = c->resolved ? "incident_resolved" : "status";
        args[1] = c->service_id;
        args[2] = c->incident_id ? c->incident_id : "";
        o = hd_db_exec(db, HD_SQL_SERVICE_EVENT, 3, args, NULL);
    }
    return o;
}

/* ------------------------------------------------------------------ */
/* Linked tickets, closed with the incident                            */
/* ------------------------------------------------------------------ */

typedef struct {
    const char *from, *to;
} edge;

static int keep_edge(void *baton, const hd_db_row *row)
{
    apr_pool_t *p = hd_db_row_pool(row);
    edge *e = apr_array_push(baton);
    e->from = apr_pstrdup(p, hd_db_text(row, "from_status"));
    e->to = apr_pstrdup(p, hd_db_text(row, "to_status"));
    return 0;
}

/* The fewest agent moves from status `from' to "closed", as the workflow
 * table allows them (a breadth-first search over its few rows): the
 * statuses to pass through, "closed" last; NULL when there is no way. */
static apr_array_header_t *
way_to_closed(apr_pool_t *p, const apr_array_header_t *edges, const char *from)
{
    apr_array_header_t *seen = apr_array_make(p, 16, sizeof(char *));
    apr_array_header_t *came = apr_array_make(p, 16, sizeof(int));
    apr_array_header_t *way;
    int head = 0, i, at;

    APR_ARRAY_PUSH(seen, const char *) = from;
    APR_ARRAY_PUSH(came, int) = -1;
    for (; head < seen->nelts; head++) {
        const char *s = APR_ARRAY_IDX(seen, head, const char *);
        if (!strcmp(s, "closed")) {
            break;
        }
        for (i = 0; i < edges->nelts; i++) {
            const edge *e = &APR_ARRAY_IDX(edges, i, edge);
            int j, known = 0;
            if (strcmp(e->from, s)) {
                continue;
            }
            for (j = 0; j < seen->nelts; j++) {
                known |= !strcmp(APR_ARRAY_IDX(seen, j, const char *), e->to);
            }
            if (!known) {
                APR_ARRAY_PUSH(seen, const char *) = e->to;
                APR_ARRAY_PUSH(came, int) = head;
            }
        }
    }
    if (head >= seen->nelts || head == 0) {
        return NULL; /* no way, or already closed */
    }
    way = apr_array_make(p, 4, sizeof(char *));
    for (at = head; at > 0; at = APR_ARRAY_IDX(came, at, int)) {
        APR_ARRAY_PUSH(way, const char *) = APR_ARRAY_IDX(seen, at, char *);
    }
    /* Collected from "closed" back: reverse in place. */
    for (i = 0; i < way->nelts / 2; i++) {
        const char *t = APR_ARRAY_IDX(way, i, const char *);
        APR_ARRAY_IDX(way, i, const char *) =
            APR_ARRAY_IDX(way, way->nelts - 1 - i, const char *);
        APR_ARRAY_IDX(way, way->nelts - 1 - i, const char *) = t;
    }
    return way;
}

typedef struct {
    apr_array_header_t *ids, *statuses;
} linked_rows;

static int keep_linked(void *baton, const hd_db_row *row)
{
    linked_rows *l = baton;
    apr_pool_t *p = hd_db_row_pool(row);
    APR_ARRAY_PUSH(l->ids, const char *) =
        apr_pstrdup(p, hd_db_text(row, "id"));
    APR_ARRAY_PUSH(l->statuses, const char *) =
        apr_pstrdup(p, hd_db_text(row, "status"));
    return 0;
}

/* Close each ticket linked to the resolved incident, its requester
 * reading the resolution as the reason (and solution).  A ticket that
 * cannot be moved (cancelled, closed, changed meanwhile) is left as it
 * is: the incident is resolved either way. */
static hd_db_outcome close_linked(hd_db *db, const light_change *c)
{
    apr_pool_t *p = hd_db_pool(db);
    linked_rows l = {apr_array_make(p, 8, sizeof(char *)),
                     apr_array_make(p, 8, sizeof(char *))};
    apr_array_header_t *edges = apr_array_make(p, 32, sizeof(edge));
    const char *incident = c->incident_id;
    hd_db_outcome o =
        hd_db_select(db, HD_SQL_SERVICE_LINKED, keep_linked, &l, 1, &incident);
    int i, j;

    if (o == HD_DB_OK && l.ids->nelts) {
        o = hd_db_select(db, HD_SQL_SERVICE_AGENT_MOVES, keep_edge, edges, 0,
                         NULL);
    }
    for (i = 0; o == HD_DB_OK && i < l.ids->nelts; i++) {
        const char *id = APR_ARRAY_IDX(l.ids, i, const char *);
        apr_array_header_t *way =
            way_to_closed(p, edges, APR_ARRAY_IDX(l.statuses, i, const char *));
        for (j = 0; way && j < way->nelts; j++) {
            const char *to = APR_ARRAY_IDX(way, j, const char *);
            int last = j == way->nelts - 1;
            hd_db_outcome why;
            hd_ticket_result r = hd_ticket_agent_move(
                db, id, to, c->login, c->name, last ? c->message : "",
                last ? c->message : "", "", NULL, &why);
            if (r == HD_TICKET_DB) {
                o = why;
            }
            if (r != HD_TICKET_DONE) {
                break;
            }
        }
    }
    return o;
}

hd_service_result hd_service_set_light(hd_db *db, const char *code,
                                       const char *light, const char *status,
                                       const char *title, const char *message,
                                       const char *login, const char *name,
                                       const char **incident_id,
                                       hd_db_outcome *why)
{
    light_change c;
    hd_db_outcome o;

    memset(&c, 0, sizeof(c));
    c.code = code;
    c.light = light;
    c.status = status && *status ? status : "investigating";
    c.title = title ? title : "";
    c.message = message;
    c.login = login;
    c.name = name;
    c.result = HD_SERVICE_DB;
    o = hd_db_transact(db, light_work, &c);
    *why = o;
    if (incident_id) {
        *incident_id = c.incident_id ? c.incident_id : "";
    }
    if (o != HD_DB_OK) {
        return c.result;
    }
    if (c.resolved) {
        /* The incident is resolved and said so; its tickets follow.  A
         * failure here is the tickets' (logged by the caller), not the
         * change's, which has committed. */
        *why = close_linked(db, &c);
    }
    return HD_SERVICE_DONE;
}

/* ------------------------------------------------------------------ */
/* Subscriptions and "I am affected too"                               */
/* ------------------------------------------------------------------ */

hd_db_outcome hd_service_subscribe(hd_db *db, const char *login,
                                   const char *service_id, int subscribed)
{
    const char *args[3] = {login, service_id, subscribed ? "1" : "0"};
    return hd_db_exec_retried(db, HD_SQL_SERVICE_SUBSCRIBE, 3, args, NULL);
}

typedef struct {
    const char *code, *login, *name;
    const char *ticket_id; /* linking a ticket; NULL: "affected too" */
    light_change c;        /* the service and its open incident */
    hd_service_result result;
} affected_state;

static hd_db_outcome affected_work(hd_db *db, void *baton)
{
    affected_state *a = baton;
    const char *args[3];
    hd_db_outcome o =
        hd_db_select(db, HD_SQL_SERVICE_LOCK, keep_service, &a->c, 1, &a->code);

    a->c.incident_id = NULL;
    if (o == HD_DB_OK && a->c.service_id) {
        o = hd_db_select(db, HD_SQL_SERVICE_OPEN_INCIDENT, keep_incident, &a->c,
                         1, &a->c.service_id);
    }
    if (o == HD_DB_OK && !a->c.incident_id) {
        a->result = HD_SERVICE_MISSING;
        return HD_DB_FAILED;
    }
    if (o != HD_DB_OK) {
        return o;
    }
    args[0] = a->c.incident_id;
    args[1] = a->login;
    if (a->ticket_id) {
        int rows = 0;
        args[2] = a->ticket_id;
        o = hd_db_exec(db, HD_SQL_SERVICE_LINK, 3, args, &rows);
        if (o == HD_DB_OK && rows == 0) {
            /* No such ticket (a row already linked counts as one). */
            a->result = HD_SERVICE_MISSING;
            return HD_DB_FAILED;
        }
        return o;
    }
    args[2] = a->name;
    return hd_db_exec(db, HD_SQL_SERVICE_AFFECTED, 3, args, NULL);
}

hd_service_result hd_service_link_ticket(hd_db *db, const char *code,
                                         const char *ticket_id,
                                         const char *login, hd_db_outcome *why)
{
    affected_state a;
    memset(&a, 0, sizeof(a));
    a.code = code;
    a.login = login;
    a.ticket_id = ticket_id;
    a.result = HD_SERVICE_DB;
    *why = hd_db_transact(db, affected_work, &a);
    return *why == HD_DB_OK ? HD_SERVICE_DONE : a.result;
}

hd_service_result hd_service_affected(hd_db *db, const char *code,
                                      const char *login, const char *name,
                                      hd_db_outcome *why)
{
    affected_state a;
    memset(&a, 0, sizeof(a));
    a.code = code;
    a.login = login;
    a.name = name;
    a.result = HD_SERVICE_DB;
    *why = hd_db_transact(db, affected_work, &a);
    return *why == HD_DB_OK ? HD_SERVICE_DONE : a.result;
}

/* ------------------------------------------------------------------ */
/* The job 'maintenance-events'                                        */
/* ------------------------------------------------------------------ */

typedef struct {
    const char *id, *edge;
} maint_edge;

static int keep_edge_due(void *baton, const hd_db_row *row)
{
    apr_pool_t *p = hd_db_row_pool(row);
    maint_edge *e = apr_array_push(baton);
    e->id = apr_pstrdup(p, hd_db_text(row, "id"));
    e->edge = apr_pstrdup(p, hd_db_text(row, "edge"));
    return 0;
}

/* One announcement: the claim and its events in one transaction, so an
 * event is written exactly when the claim changed the row. */
static hd_db_outcome announce_work(hd_db *db, void *baton)
{
    const maint_edge *e = baton;
    const char *args[5] = {e->edge, e->edge, e->id, e->edge, e->edge};
    const char *ev[2] = {!strcmp(e->edge, "start") ? "maintenance_started"
                                                   : "maintenance_ended",
                         e->id};
    int rows = 0;
    hd_db_outcome o = hd_db_exec(db, HD_SQL_MAINT_MARK, 5, args, &rows);
    if (o == HD_DB_OK && rows == 1) {
        o = hd_db_exec(db, HD_SQL_MAINT_EVENT, 2, ev, NULL);
    }
    return o;
}

hd_db_outcome hd_service_maintenance_events(hd_db *db, apr_pool_t *p)
{
    apr_array_header_t *due = apr_array_make(p, 8, sizeof(maint_edge));
    hd_db_outcome o =
        hd_db_select(db, HD_SQL_MAINT_DUE, keep_edge_due, due, 0, NULL);
    int i;

    for (i = 0; o == HD_DB_OK && i < due->nelts; i++) {
        o = hd_db_transact(db, announce_work,
                           &APR_ARRAY_IDX(due, i, maint_edge));
    }
    return o;
}
