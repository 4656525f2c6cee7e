/*
 * page_today.c -- Today, the first page after login (HotH WebGuest's
 * layout): what waits for the person's answer, the services they follow,
 * their open tickets and the incidents they are affected by, the desk's
 * news, the top questions.  URL: GET <base>/   Stylesheet: xslt/today.xsl
 *
 * "Their tickets" are those they requested or logged -- the visibility
 * rule's own branches (hd_ticket.h), which every person always has.
 */
#include "mod_helpdesk.h"
#include "hd_config.h"
#include "hd_ldap.h"
#include "hd_render.h"
#include "hd_page.h"
#include "hd_db.h"
#include "hd_ticket.h"
#include "hd_catalog.h"

/* Rows per panel: Today is a summary; each panel links to the whole. */
#define HD_TODAY_TICKETS "10"
#define HD_TODAY_NEWS    "5"
#define HD_TODAY_FAQ     "5"
/* Days a resolved incident stays on the page of those it affected. */
#define HD_TODAY_RESOLVED_DAYS "7"

#define HD_SQL_TODAY_AFFECTED "today_affected"
#define HD_SQL_TODAY_NEWS     "today_news"
#define HD_SQL_TODAY_FAQ      "today_faq"

static const hd_db_statement statements[] = {
    {HD_SQL_TODAY_AFFECTED,
     "SELECT i.id, i.title, i.status, COALESCE(i.resolved_at, '') AS "
     "resolved_at, sv.name AS service, sv.code FROM incident_affected a "
     "JOIN incidents i ON i.id = a.incident_id "
     "JOIN incident_services x ON x.incident_id = i.id "
     "JOIN services sv ON sv.id = x.service_id WHERE a.login = %s "
     "AND (i.resolved_at IS NULL OR i.resolved_at >= NOW() - "
     "INTERVAL " HD_TODAY_RESOLVED_DAYS
     " DAY) ORDER BY i.id DESC LIMIT " HD_TODAY_TICKETS},
    {HD_SQL_TODAY_NEWS,
     "SELECT id, title, body, publish_at FROM news WHERE publish_at <= NOW() "
     "AND (expires_at IS NULL OR expires_at > NOW()) "
     "ORDER BY publish_at DESC, id DESC LIMIT " HD_TODAY_NEWS},
    {HD_SQL_TODAY_FAQ, "SELECT id, question, answer, category FROM faq "
                       "ORDER BY sort_order, category, id LIMIT " HD_TODAY_FAQ},
};

const hd_db_statements hd_page_today_statements = HD_DB_STATEMENTS(statements);

typedef struct {
    hd_req *rq;
    xmlNodePtr list;
} panel;

static int add_ticket(void *baton, const hd_db_row *row)
{
    panel *pn = baton;
    apr_pool_t *p = pn->rq->r->pool;
    const char *ref = hd_ticket_ref(p, hd_db_text(row, "id"));
    xmlNodePtr e = hd_xml_child(pn->list, "ticket");
    hd_xml_attr(e, "ref", ref);
    hd_xml_attr(
        e, "href",
        apr_pstrcat(p, pn->rq->sconf->base_url, "/tickets/", ref, NULL));
    hd_xml_attr(e, "summary", hd_db_text(row, "summary"));
    hd_xml_attr(e, "status", hd_db_text(row, "status"));
    hd_xml_attr(e, "status-name", hd_db_text(row, "status_name"));
    hd_xml_attr(e, "category", hd_db_text(row, "category"));
    hd_xml_attr(e, "updated", hd_db_text(row, "updated_at"));
    return 0;
}

static int add_affected(void *baton, const hd_db_row *row)
{
    panel *pn = baton;
    apr_pool_t *p = pn->rq->r->pool;
    const char *id = hd_db_text(row, "id");
    xmlNodePtr e = hd_xml_child(pn->list, "affected");
    hd_xml_attr(e, "incident-id", id);
    hd_xml_attr(e, "title", hd_db_text(row, "title"));
    hd_xml_attr(e, "status", hd_db_text(row, "status"));
    if (*hd_db_text(row, "resolved_at")) {
        hd_xml_attr(e, "resolved", hd_db_text(row, "resolved_at"));
    }
    hd_xml_attr(e, "service", hd_db_text(row, "service"));
    hd_xml_attr(e, "href",
                apr_pstrcat(p, pn->rq->sconf->base_url, "/services/",
                            ap_escape_path_segment(p, hd_db_text(row, "code")),
                            "#incident-", id, NULL));
    return 0;
}

/* A child element with text content (escaped by libxml2). */
static xmlNodePtr text_child(xmlNodePtr parent, const char *name,
                             const char *text)
{
    return xmlNewTextChild(parent, NULL, (const xmlChar *)name,
                           (const xmlChar *)text);
}

static int add_news(void *baton, const hd_db_row *row)
{
    panel *pn = baton;
    xmlNodePtr e = text_child(pn->list, "item", hd_db_text(row, "body"));
    hd_xml_attr(e, "id", hd_db_text(row, "id"));
    hd_xml_attr(e, "title", hd_db_text(row, "title"));
    hd_xml_attr(e, "published", hd_db_text(row, "publish_at"));
    return 0;
}

static int add_faq(void *baton, const hd_db_row *row)
{
    panel *pn = baton;
    xmlNodePtr e = text_child(pn->list, "entry", hd_db_text(row, "answer"));
    hd_xml_attr(e, "id", hd_db_text(row, "id"));
    hd_xml_attr(e, "question", hd_db_text(row, "question"));
    hd_xml_attr(e, "category", hd_db_text(row, "category"));
    return 0;
}

/* ------------------------------------------------------------------ */
/* The person's tickets                                                */
/* ------------------------------------------------------------------ */

/* The person's tickets in some statuses, newest change first, at most
 * HD_TODAY_TICKETS.  Each branch of the visibility rule they own
 * (requested, logged) is a range of (login, status_rank, updated_at) --
 * sql/016_today_indexes.sql -- over the statuses' ranks, read from the
 * index alone; only the page's rows are then read from the table.  So
 * the cost follows the person's live tickets, never all they ever had,
 * and a ticket both requested and logged is one row (UNION).  The ranks
 * are parameters: one statement shape per number of statuses.  The index
 * is named: prepared without the values, the optimiser would rather walk
 * (login, updated_at) for the ORDER BY ... LIMIT and read every ticket an
 * agent ever logged to find a few waiting ones (1 s at a million). */
static const char *mine_sql(apr_pool_t *p, int nranks)
{
    const char *in = "%s";
    int i;

    for (i = 1; i < nranks; i++) {
        in = apr_pstrcat(p, in, ", %s", NULL);
    }
    return apr_pstrcat(
        p,
        "SELECT t.id, t.summary, t.status, s.name AS status_name, "
        "s.category, t.updated_at FROM (SELECT u.id, u.updated_at FROM "
        "((SELECT b.id, b.updated_at FROM tickets b FORCE INDEX "
        "(tickets_req_live) WHERE b.requester_login = %s AND b.status_rank "
        "IN (",
        in,
        ") ORDER BY b.updated_at DESC, b.id DESC LIMIT " HD_TODAY_TICKETS
        ") UNION (SELECT b.id, b.updated_at FROM tickets b FORCE INDEX "
        "(tickets_log_live) WHERE b.logged_by_login = %s AND b.status_rank "
        "IN (",
        in,
        ") ORDER BY b.updated_at DESC, b.id DESC LIMIT " HD_TODAY_TICKETS
        ")) AS u ORDER BY u.updated_at DESC, u.id DESC LIMIT " HD_TODAY_TICKETS
        ") AS mine JOIN tickets t ON t.id = mine.id "
        "JOIN ticket_statuses s ON s.code = t.status "
        "ORDER BY t.updated_at DESC, t.id DESC",
        NULL);
}

/* The workflow's statuses: the ranks of the live ones (open, pending) and
 * of those waiting for the person (pending). */
typedef struct {
    apr_array_header_t *live, *waiting; /* const char * ranks */
} status_ranks;

static int keep_rank(void *baton, const hd_db_row *row)
{
    status_ranks *r = baton;
    apr_pool_t *p = hd_db_row_pool(row);
    const char *category = hd_db_text(row, "category");
    const char *rank = apr_pstrdup(p, hd_db_text(row, "sort_order"));

    if (!strcmp(category, "open") || !strcmp(category, "pending")) {
        APR_ARRAY_PUSH(r->live, const char *) = rank;
    }
    if (!strcmp(category, "pending")) {
        APR_ARRAY_PUSH(r->waiting, const char *) = rank;
    }
    return 0;
}

/* The person's tickets with one of ranks into list. */
static hd_db_outcome mine(hd_req *rq, xmlNodePtr list,
                          const apr_array_header_t *ranks)
{
    apr_pool_t *p = rq->r->pool;
    const char **args = apr_palloc(p, sizeof(char *) * (2 * ranks->nelts + 2));
    panel pn = {rq, list};
    int i, a = 0;

    if (!ranks->nelts) {
        return HD_DB_OK;
    }
    args[a++] = rq->user->login;
    for (i = 0; i < ranks->nelts; i++) {
        args[a++] = APR_ARRAY_IDX(ranks, i, const char *);
    }
    args[a++] = rq->user->login;
    for (i = 0; i < ranks->nelts; i++) {
        args[a++] = APR_ARRAY_IDX(ranks, i, const char *);
    }
    return hd_db_select_sql(
        hd_req_db(rq), apr_psprintf(p, "today_mine_%d", ranks->nelts),
        mine_sql(p, ranks->nelts), add_ticket, &pn, a, args);
}

/* Run one panel's statement into a new list element of today. */
static hd_db_outcome fill(hd_req *rq, xmlNodePtr today, const char *name,
                          const char *label, hd_db_row_fn fn, int nargs,
                          xmlNodePtr *out)
{
    const char *args[2] = {rq->user->login, rq->user->login};
    panel pn = {rq, hd_xml_list(today, name)};
    if (out) {
        *out = pn.list;
    }
    return hd_db_select(hd_req_db(rq), label, fn, &pn, nargs, args);
}

int hd_page_today(hd_req *rq)
{
    apr_pool_t *p = rq->r->pool;
    xmlNodePtr today, services, open;
    hd_db_outcome o;

    status_ranks ranks = {apr_array_make(p, 8, sizeof(char *)),
                          apr_array_make(p, 4, sizeof(char *))};

    hd_render_begin(rq, "today");
    today = hd_xml_child(rq->root, "today");
    o = hd_db_select(hd_req_db(rq), HD_CATALOG_STATUSES, keep_rank, &ranks, 0,
                     NULL);
    if (o == HD_DB_OK) {
        o = mine(rq, hd_xml_list(today, "waiting"), ranks.waiting);
    }
    if (o == HD_DB_OK) {
        services = hd_xml_list(today, "services");
        hd_xml_attr(services, "all-href",
                    apr_pstrcat(p, rq->sconf->base_url, "/services", NULL));
        o = hd_page_services_board(rq, services, 1);
        hd_xml_attr(services, "subscribed-count",
                    apr_itoa(p, (int)xmlChildElementCount(services)));
    }
    if (o == HD_DB_OK) {
        /* Tickets and incidents side by side (lists declared in
         * hd_json.c), so not itself a list. */
        o = mine(rq, open = hd_xml_child(today, "open"), ranks.live);
    }
    if (o == HD_DB_OK) {
        panel pn = {rq, open};
        o = hd_db_select(hd_req_db(rq), HD_SQL_TODAY_AFFECTED, add_affected,
                         &pn, 1, &rq->user->login);
    }
    if (o == HD_DB_OK) {
        o = fill(rq, today, "news", HD_SQL_TODAY_NEWS, add_news, 0, NULL);
    }
    if (o == HD_DB_OK) {
        xmlNodePtr faq;
        o = fill(rq, today, "faq", HD_SQL_TODAY_FAQ, add_faq, 0, &faq);
        hd_xml_attr(faq, "href",
                    apr_pstrcat(p, rq->sconf->base_url, "/faq", NULL));
    }
    return hd_page_db_status(rq, o);
}
