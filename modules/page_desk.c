/*
 * page_desk.c -- the service desk's console.
 *
 *   GET <base>/desk     desk.xsl    the queues, with live counts
 *
 * Each queue opens as a ticket list (<base>/tickets?view=all&queue=...):
 * the same list engine, filters, search, sorting, columns and keyset
 * paging as everyone's lists (page_tickets.c), narrowed by the queue.
 * Counts are over live tickets (open and pending categories), as the
 * queues' lists open.  The SLA queues read the clocks stored with each
 * ticket (hd_clock_store), which the job 'sla-clocks' keeps current.  Agents only; anyone else gets a 403.
 */
#include "mod_helpdesk.h"
#include "hd_config.h"
#include "hd_ldap.h"
#include "hd_render.h"
#include "hd_page.h"
#include "hd_db.h"
#include "hd_ticket.h"

#define HD_SQL_DESK_COUNTS   "desk_counts"
#define HD_SQL_DESK_TEAMS    "desk_teams"
#define HD_SQL_DESK_STATUSES "desk_statuses"

static const hd_db_statement statements[] = {
    {HD_SQL_DESK_COUNTS,
     "SELECT COALESCE(SUM(t.assignee_login IS NULL), 0) AS unassigned, "
     "COALESCE(SUM(t.assignee_login = %s), 0) AS mine, "
     "COALESCE(SUM(" HD_TICKET_REPLIED_SQL "), 0) AS replied, "
     "COALESCE(SUM(t.next_due < NOW()), 0) AS breached, "
     "COALESCE(SUM(t.next_due >= NOW() AND "
     "t.next_due < NOW() + INTERVAL 1 HOUR), 0) AS due_soon, "
     "COUNT(*) AS live "
     "FROM tickets t JOIN ticket_statuses s ON s.code = t.status "
     "WHERE s.category IN ('open', 'pending')"},
    {HD_SQL_DESK_TEAMS,
     "SELECT tm.code, tm.name, COUNT(t.id) AS n, "
     "(SELECT ROUND(AVG(f.rating), 1) FROM ticket_feedback f "
     "WHERE f.team_id = tm.id AND f.rating IS NOT NULL) AS rating, "
     "(SELECT COUNT(f.rating) FROM ticket_feedback f "
     "WHERE f.team_id = tm.id) AS ratings FROM teams tm "
     "LEFT JOIN (tickets t JOIN ticket_statuses s ON s.code = t.status "
     "AND s.category IN ('open', 'pending')) ON t.team_id = tm.id "
     "WHERE tm.active = 1 GROUP BY tm.id, tm.code, tm.name, tm.sort_order "
     "ORDER BY tm.sort_order, tm.name"},
    {HD_SQL_DESK_STATUSES,
     "SELECT s.code, s.name, s.category, COUNT(t.id) AS n "
     "FROM ticket_statuses s LEFT JOIN tickets t ON t.status = s.code "
     "WHERE s.category IN ('open', 'pending') "
     "GROUP BY s.code, s.name, s.category, s.sort_order ORDER BY s.sort_order"},
};

const hd_db_statements hd_page_desk_statements = HD_DB_STATEMENTS(statements);

typedef struct {
    hd_req *rq;
    xmlNodePtr list;
} queue_rows;

static const char *queue_href(hd_req *rq, const char *query)
{
    return apr_pstrcat(rq->r->pool, rq->sconf->base_url, "/tickets?view=all&",
                       query, NULL);
}

static void add_queue(hd_req *rq, xmlNodePtr list, const char *key,
                      const char *label, const char *count, const char *query)
{
    xmlNodePtr e = hd_xml_child(list, "queue");
    hd_xml_attr(e, "key", key);
    hd_xml_attr(e, "label", label);
    hd_xml_attr(e, "count", count);
    hd_xml_attr(e, "href", queue_href(rq, query));
}

static int keep_counts(void *baton, const hd_db_row *row)
{
    queue_rows *q = baton;
    add_queue(q->rq, q->list, "unassigned", "Unassigned",
              hd_db_text(row, "unassigned"), "queue=unassigned");
    add_queue(q->rq, q->list, "mine", "Mine", hd_db_text(row, "mine"),
              "queue=mine");
    add_queue(q->rq, q->list, "replied", "Requester replied",
              hd_db_text(row, "replied"), "queue=replied");
    /* The clocks' queues, most urgent first: one range of next_due. */
    add_queue(q->rq, q->list, "breached", "SLA breached",
              hd_db_text(row, "breached"), "queue=breached&sort=due&dir=asc");
    add_queue(q->rq, q->list, "due-soon", "Due within the hour",
              hd_db_text(row, "due_soon"), "queue=due-soon&sort=due&dir=asc");
    add_queue(q->rq, q->list, "live", "All open", hd_db_text(row, "live"),
              "sort=updated");
    return 0;
}

static int keep_team(void *baton, const hd_db_row *row)
{
    queue_rows *q = baton;
    apr_pool_t *p = q->rq->r->pool;
    const char *code = hd_db_text(row, "code");
    add_queue(q->rq, q->list, code, hd_db_text(row, "name"),
              hd_db_text(row, "n"),
              apr_pstrcat(p, "queue=team&team=", ap_escape_urlencoded(p, code),
                          NULL));
    /* How requesters rated the team's solutions (issue 9's "Did it fix
     * it?"), on the queue just added. */
    if (*hd_db_text(row, "rating")) {
        hd_xml_attr(q->list->last, "rating", hd_db_text(row, "rating"));
        hd_xml_attr(q->list->last, "ratings", hd_db_text(row, "ratings"));
    }
    return 0;
}

static int keep_status(void *baton, const hd_db_row *row)
{
    queue_rows *q = baton;
    apr_pool_t *p = q->rq->r->pool;
    const char *code = hd_db_text(row, "code");
    add_queue(q->rq, q->list, code, hd_db_text(row, "name"),
              hd_db_text(row, "n"),
              apr_pstrcat(p, "status=", ap_escape_urlencoded(p, code), NULL));
    return 0;
}

int hd_page_desk(hd_req *rq)
{
    hd_db *db = hd_req_db(rq);
    const char *me = rq->user->login;
    xmlNodePtr desk;
    queue_rows q;
    hd_db_outcome o;

    if (!rq->user->is_agent) {
        rq->error_message = "The desk is the service desk's console.";
        return HTTP_FORBIDDEN;
    }
    hd_render_begin(rq, "desk");
    desk = hd_xml_child(rq->root, "desk");
    q.rq = rq;
    q.list = hd_xml_list(desk, "queues");
    o = hd_db_select(db, HD_SQL_DESK_COUNTS, keep_counts, &q, 1, &me);
    if (o == HD_DB_OK) {
        q.list = hd_xml_list(desk, "teams");
        o = hd_db_select(db, HD_SQL_DESK_TEAMS, keep_team, &q, 0, NULL);
    }
    if (o == HD_DB_OK) {
        q.list = hd_xml_list(desk, "statuses");
        o = hd_db_select(db, HD_SQL_DESK_STATUSES, keep_status, &q, 0, NULL);
    }
    return hd_page_db_status(rq, o);
}
