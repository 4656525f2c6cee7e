/*
 * page_tickets.c -- the ticket lists and the user's choice of columns.
 *
 *   GET  <base>/tickets           tickets.xsl          the lists
 *   GET  <base>/tickets/columns   ticket-columns.xsl   choose columns
 *   POST <base>/tickets/columns                        save them
 *
 * Views: mine (requested or logged by me), org (my organisation's shared
 * tickets; a supervisor's also private ones), all (all I may see).  The
 * same visibility predicate as a single ticket's guards every row, so no
 * filter or search can show more.  ?asset=NAME keeps the tickets about
 * that computer (exact name).  Pages are keyset-paginated: ?after=
 * carries the last row's sort key and id.  A ticket reference alone in
 * the search box opens that ticket, when the same rule lets the user
 * see it.
 */
#include "mod_helpdesk.h"
#include "hd_ldap.h"
#include "hd_config.h"
#include "hd_request.h"
#include "hd_form.h"
#include "hd_render.h"
#include "hd_page.h"
#include "hd_db.h"
#include "hd_catalog.h"
#include "hd_ticket.h"
#include "apr_lib.h"

/* Every column a list can show, in the order the chooser offers them;
 * desk: the service desk's only (its clocks). */
static const struct {
    const char *key, *label;
    int desk;
} columns[] = {
    {"reference", "Reference"},
    {"summary", "Summary"},
    {"status", "Status"},
    {"service", "Service"},
    {"requester", "Requester"},
    {"created", "Created"},
    {"updated", "Last updated"},
    {"priority", "Priority"},
    {"assignee", "Assignee"},
    {"kind", "Type"},
    {"team", "Team"},
    {"logged_by", "Logged by"},
    {"organisation", "Organisation"},
    {"asset", "Asset"},
    {"due", "Due", 1},
};
#define N_COLUMNS       ((int)(sizeof(columns) / sizeof(columns[0])))
#define DEFAULT_COLUMNS "reference,summary,status,service,requester,updated"
/* The desk works by priority and by the clocks first. */
#define DEFAULT_DESK_COLUMNS \
    "reference,summary,status,priority,due,assignee,requester,updated"

static const struct {
    const char *key, *label;
} views[] = {
    {"mine", "Created by me"}, {"org", "My organisation"}, {"all", "All"}};

static const struct {
    const char *key, *label;
    const char *column;                 /* on tickets; every index ends so */
    const char *first_asc, *first_desc; /* cursor before the first row */
    const char *pattern;                /* what a cursor key may hold */
} sorts[] = {
    {"updated", "Last updated", "t.updated_at", "0000-01-01 00:00:00",
     "9999-12-31 23:59:59", "0123456789-: "},
    {"created", "Created", "t.id", "0", "4294967295", "0123456789"},
    {"priority", "Priority", "t.priority", "0", "255", "0123456789"},
    /* The workflow's order (ticket_statuses.sort_order, copied to
     * tickets.status_rank), a signed INT: the cursor starts outside its
     * range in either direction. */
    {"status", "Status", "t.status_rank", "-2147483648", "2147483647",
     "-0123456789"},
    /* The next deadline (sql/012_sla_queues.sql): the desk's only.  A
     * ticket with none sorts last, at the column's far-future value. */
    {"due", "Due", "t.next_due", "0000-01-01 00:00:00", "9999-12-31 23:59:59",
     "0123456789-: "},
};
#define SORT_DUE 4

/* What a status code may hold (ticket_statuses.code). */
#define STATUS_CODE_CHARS "abcdefghijklmnopqrstuvwxyz0123456789_"

/* The column's index, if this user may have it; -1 otherwise. */
static int column_index(const hd_req *rq, const char *key)
{
    int i;
    for (i = 0; i < N_COLUMNS; i++) {
        if (!strcmp(columns[i].key, key) &&
            (!columns[i].desk || rq->user->is_agent))
            return i;
    }
    return -1;
}

/* ------------------------------------------------------------------ */
/* The user's columns                                                  */
/* ------------------------------------------------------------------ */

/* The user's chosen column keys in order (defaults when none saved). */
static int user_columns(hd_req *rq, apr_array_header_t **out)
{
    const char *login = rq->user->login, *csv;
    char *copy, *key, *state;
    int rv = hd_page_db_status(
        rq, hd_db_value(hd_req_db(rq), "columns_get", 1, &login, &csv));

    if (rv != OK) {
        return rv;
    }
    *out = apr_array_make(rq->r->pool, N_COLUMNS, sizeof(char *));
    copy = apr_pstrdup(rq->r->pool, csv && *csv          ? csv
                                    : rq->user->is_agent ? DEFAULT_DESK_COLUMNS
                                                         : DEFAULT_COLUMNS);
    for (key = apr_strtok(copy, ",", &state); key;
         key = apr_strtok(NULL, ",", &state)) {
        if (column_index(rq, key) >= 0) { /* since removed, or not theirs */
            *(const char **)apr_array_push(*out) = key;
        }
    }
    return OK;
}

/* ------------------------------------------------------------------ */
/* The list                                                            */
/* ------------------------------------------------------------------ */

typedef struct {
    const char *view, *sort, *q, *after;
    int desc, sort_i;
    apr_array_header_t *statuses;     /* chosen status codes */
    const char *rank_low, *rank_high; /* their ranks' range (sort=status) */
    int queue;                        /* QUEUE_*: the desk's (view all) */
    const char *team;                 /* QUEUE_TEAM's team code */
    const char *asset;                /* ?asset=: one computer's; "" all */
} list_query;

/* The service desk's queues: a list narrowed further (agents only). */
enum {
    QUEUE_NONE,
    QUEUE_UNASSIGNED,
    QUEUE_MINE,
    QUEUE_REPLIED,
    QUEUE_TEAM,
    QUEUE_BREACHED,
    QUEUE_DUE_SOON
};
static const char *const queue_keys[] = {
    "", "unassigned", "mine", "replied", "team", "breached", "due-soon"};
/* Each queue's condition on "t", with at most one %s (its argument).  The
 * clocks' queues read the stored next deadline (hd_clock_store); sorted
 * by it (sort=due, as the desk links them) each is one range of its
 * index. */
static const char *const queue_sql[] = {
    "",
    " AND t.assignee_login IS NULL",
    " AND t.assignee_login = %s",
    " AND " HD_TICKET_REPLIED_SQL,
    " AND t.team_id = (SELECT tq.id FROM teams tq WHERE tq.code = %s)",
    " AND t.next_due < NOW()",
    " AND t.next_due >= NOW() AND t.next_due < NOW() + INTERVAL 1 HOUR"};

/* ------------------------------------------------------------------ */
/* The list's SQL                                                      */
/* ------------------------------------------------------------------ */

/* A list is the UNION of the visibility rule's branches the viewer and
 * view call for (hd_ticket_list_branches), each one a short index range:
 *
 *   (SELECT t.id, <key> AS k FROM tickets t
 *     WHERE <branch> AND <status filter> [AND <search>]
 *       AND (<key> < :key OR (<key> = :key AND t.id < :id))
 *     ORDER BY <key> DESC, t.id DESC LIMIT n+1)
 *
 * Each index (sql/004_list_indexes.sql) starts with the branch's equality
 * columns and ends with the key and id, so a branch reads about n+1 index
 * entries (more only where the status filter or search skips rows), page
 * 1000 costing what page 1 does.  The page's ids and keys are then joined
 * to the look-up tables for just those rows.  Statements are generated
 * from a few shapes and prepared on each connection at first use
 * (hd_db_select_sql): one label per shape.
 *
 * Search has two plans.  A common word is found fastest by walking the
 * sort index and testing each row, which stops after n+1 hits: LIKE on
 * each required word (cheap), then a REGEXP for the words' starts, as the
 * FULLTEXT index matches them, on the few rows LIKE let through.  A rare
 * word is found fastest by the FULLTEXT index, whose matches are then few
 * enough to sort.  The walk goes first, bounded by the rows it may
 * examine (HelpdeskSearchScanRows); a walk that did not fill the page hands
 * over to FULLTEXT.  Either way a page costs about the same at a thousand
 * tickets as at a million.
 *
 * Sorted by status, the status filter also bounds the key's range
 * (tickets.status_rank), so leaving out closed tickets skips them in the
 * index instead of reading past them. */

#define HD_SEARCH_SCAN_ROWS  5000
#define HD_SEARCH_SCAN_WORDS 4 /* more required words: FULLTEXT only */

typedef enum { PLAN_PLAIN, PLAN_SCAN, PLAN_FULLTEXT } search_plan;

/* The search box's words, ready for either plan. */
typedef struct {
    const char *fulltext;      /* boolean-mode terms; "" when none */
    apr_array_header_t *likes; /* "%word%" per required word */
    const char *regex;         /* their starts, all of them */
} search_words;

/* tickets.next_due when no deadline is running (sql/012_sla_queues.sql). */
#define HD_SQL_NO_DUE "'9999-12-31 23:59:59'"

/* The columns of a list row, named as the attributes of <ticket>. */
#define HD_SQL_LIST_COLUMNS                                                   \
    "SELECT t.id, t.kind, t.summary, t.status, s.name AS `status-name`, "     \
    "s.category, sv.name AS service, tm.code AS team, "                       \
    "t.requester_name AS requester, t.requester_login AS `requester-login`, " \
    "t.logged_by_name AS `logged-by`, "                                       \
    "t.logged_by_login AS `logged-by-login`, "                                \
    "t.requester_org AS organisation, "                                       \
    "IF(t.shared, 'true', 'false') AS shared, t.priority, "                   \
    "pr.name AS `priority-name`, "                                            \
    "COALESCE(t.assignee_name, '') AS assignee, t.created_at AS created, "    \
    "t.updated_at AS updated, COALESCE(t.asset, '') AS asset, "               \
    "page.k AS sort_key, "                                                    \
    "IF(t.next_due < " HD_SQL_NO_DUE ", t.next_due, '') AS due, "             \
    "CASE WHEN t.next_due < NOW() THEN 'breached' "                           \
    "WHEN t.next_due < NOW() + INTERVAL 1 HOUR THEN 'soon' "                  \
    "WHEN t.next_due < " HD_SQL_NO_DUE " THEN 'running' ELSE '' END "         \
    "AS `due-state`, TIMESTAMPDIFF(MINUTE, NOW(), t.next_due) "               \
    "AS `due-minutes` "

static const char *const row_attributes[] = {
    "kind",        "summary",         "status",
    "status-name", "category",        "service",
    "team",        "requester",       "requester-login",
    "logged-by",   "logged-by-login", "organisation",
    "shared",      "priority",        "priority-name",
    "assignee",    "created",         "updated",
    "asset"};
/* The clocks, which only the desk reads. */
static const char *const desk_attributes[] = {"due", "due-state",
                                              "due-minutes"};

/* The search condition of a branch for a plan with nwords LIKE words. */
static const char *search_sql(apr_pool_t *p, search_plan plan, int nwords)
{
    const char *sql = "";
    int i;

    if (plan == PLAN_FULLTEXT) {
        return " AND MATCH (t.summary, t.details) AGAINST (%s IN BOOLEAN "
               "MODE)";
    }
    if (plan == PLAN_PLAIN) {
        return "";
    }
    for (i = 0; i < nwords; i++) {
        sql = apr_pstrcat(
            p, sql, " AND (t.summary LIKE %s OR t.details LIKE %s)", NULL);
    }
    return apr_pstrcat(
        p, sql, " AND CONCAT_WS(' ', t.summary, t.details) REGEXP %s", NULL);
}

/* One branch's sub-select; its parameters: the branch's value (if any),
 * the organisation (same_org), statuses, [the queue's argument], [the
 * asset], [lowest and highest rank],
 * search (if any), key, key, id, limit.  The asset's equality is one
 * more condition of every branch: the optimiser reads whichever index
 * is the shorter range, the branch's or (asset, id) -- a computer's few
 * tickets, whatever the list's size. */
static const char *branch_sql(apr_pool_t *p, const hd_list_branch *b,
                              int sort_i, int desc, search_plan plan,
                              int nwords, int queue, int asset)
{
    const char *key = sorts[sort_i].column;
    const char *op = desc ? "<" : ">", *dir = desc ? " DESC" : " ASC";
    return apr_pstrcat(
        p, "(SELECT t.id, ", key, " AS k FROM tickets t WHERE ",
        hd_ticket_branch_sql(b->kind),
        b->same_org ? " AND t.requester_org = %s" : "",
        " AND FIND_IN_SET(t.status, %s)", queue_sql[queue],
        asset ? " AND t.asset = %s" : "",
        strcmp(sorts[sort_i].key, "status") ? ""
                                            : " AND t.status_rank BETWEEN %s "
                                              "AND %s",
        search_sql(p, plan, nwords), " AND (", key, " ", op, " %s OR (", key,
        " = %s AND t.id ", op, " %s)) ORDER BY ", key, dir, ", t.id", dir,
        " LIMIT %s)", NULL);
}

/* The whole statement and its label, for n branches. */
static const char *list_sql(apr_pool_t *p, const hd_list_branch *b, int n,
                            int sort_i, int desc, search_plan plan, int nwords,
                            int scan_rows, int queue, int asset,
                            const char **label)
{
    static const char *const plans[] = {"plain", "scan", "fulltext"};
    const char *dir = desc ? " DESC" : " ASC", *sql = "", *shape = "";
    int i;

    for (i = 0; i < n; i++) {
        sql = apr_pstrcat(
            p, sql, i ? " UNION " : "",
            branch_sql(p, &b[i], sort_i, desc, plan, nwords, queue, asset),
            NULL);
        shape = apr_psprintf(p, "%s%s%d%s", shape, i ? "+" : "", (int)b[i].kind,
                             b[i].same_org ? "o" : "");
    }
    *label = apr_psprintf(
        p, "list_%s_%s_%s_%s%d_%d_q%d%s", shape, sorts[sort_i].key,
        desc ? "desc" : "asc", plans[plan], plan == PLAN_SCAN ? nwords : 0,
        plan == PLAN_SCAN ? scan_rows : 0, queue, asset ? "_asset" : "");
    return apr_pstrcat(p, HD_SQL_LIST_COLUMNS, "FROM (", sql,
                       ") AS page JOIN tickets t ON t.id = page.id "
                       "JOIN ticket_statuses s ON s.code = t.status "
                       "JOIN services sv ON sv.id = t.service_id "
                       "JOIN teams tm ON tm.id = t.team_id "
                       "JOIN priorities pr ON pr.level = t.priority "
                       "ORDER BY page.k",
                       dir, ", page.id", dir, " LIMIT %s",
                       plan == PLAN_SCAN
                           ? apr_psprintf(p, " ROWS EXAMINED %d", scan_rows)
                           : "",
                       NULL);
}

/* ------------------------------------------------------------------ */
/* The list                                                            */
/* ------------------------------------------------------------------ */

typedef struct {
    hd_req *rq;
    apr_array_header_t *rows; /* apr_table_t *, columns by name */
} list_rows;

static int keep_row(void *baton, const hd_db_row *row)
{
    list_rows *l = baton;
    apr_pool_t *p = hd_db_row_pool(row);
    apr_table_t *t = apr_table_make(p, 24);
    unsigned i;

    apr_table_set(t, "id", hd_db_text(row, "id"));
    apr_table_set(t, "sort_key", hd_db_text(row, "sort_key"));
    for (i = 0; i < sizeof(row_attributes) / sizeof(row_attributes[0]); i++) {
        apr_table_set(t, row_attributes[i], hd_db_text(row, row_attributes[i]));
    }
    for (i = 0; i < sizeof(desk_attributes) / sizeof(desk_attributes[0]); i++) {
        apr_table_set(t, desk_attributes[i],
                      hd_db_text(row, desk_attributes[i]));
    }
    APR_ARRAY_PUSH(l->rows, apr_table_t *) = t;
    return 0;
}

/* Run the list for the branches with the given search plan. */
static hd_db_outcome run_list(hd_req *rq, const hd_list_branch *b, int n,
                              const list_query *lq, search_plan plan,
                              const search_words *w, const char *key,
                              const char *id, int limit,
                              apr_array_header_t **rows)
{
    apr_pool_t *p = rq->r->pool;
    hd_viewer viewer = hd_page_viewer(rq);
    int nwords = plan == PLAN_SCAN ? w->likes->nelts : 0;
    const char *statuses = apr_array_pstrcat(p, lq->statuses, ',');
    const char *label, *sql = list_sql(p, b, n, lq->sort_i, lq->desc, plan,
                                       nwords, rq->sconf->search_scan_rows,
                                       lq->queue, *lq->asset, &label);
    const char *lim = apr_itoa(p, limit);
    const char **args =
        apr_pcalloc(p, sizeof(char *) * (n * (13 + 2 * nwords) + 1));
    list_rows l = {rq, apr_array_make(p, limit, sizeof(apr_table_t *))};
    int i, j, a = 0;

    for (i = 0; i < n; i++) {
        const char *value = hd_ticket_branch_arg(&viewer, b[i].kind);
        if (value) {
            args[a++] = value;
        }
        if (b[i].same_org) {
            args[a++] = viewer.organisation;
        }
        args[a++] = statuses;
        if (lq->queue == QUEUE_MINE) {
            args[a++] = viewer.login;
        }
        else if (lq->queue == QUEUE_TEAM) {
            args[a++] = lq->team;
        }
        if (*lq->asset) {
            args[a++] = lq->asset;
        }
        if (!strcmp(lq->sort, "status")) {
            args[a++] = lq->rank_low;
            args[a++] = lq->rank_high;
        }
        if (plan == PLAN_FULLTEXT) {
            args[a++] = w->fulltext;
        }
        else if (plan == PLAN_SCAN) {
            for (j = 0; j < nwords; j++) {
                args[a++] = APR_ARRAY_IDX(w->likes, j, const char *);
                args[a++] = APR_ARRAY_IDX(w->likes, j, const char *);
            }
            args[a++] = w->regex;
        }
        args[a++] = key;
        args[a++] = key;
        args[a++] = id;
        args[a++] = lim;
    }
    args[a++] = lim;
    *rows = l.rows;
    return hd_db_select_sql(hd_req_db(rq), label, sql, keep_row, &l, a, args);
}

/* A word for LIKE: its own % _ \ taken literally. */
static const char *like_pattern(apr_pool_t *p, const char *word)
{
    char *out = apr_palloc(p, strlen(word) * 2 + 3), *o = out;
    *o++ = '%';
    for (; *word; word++) {
        if (*word == '%' || *word == '_' || *word == '\\') {
            *o++ = '\\';
        }
        *o++ = *word;
    }
    *o++ = '%';
    *o = '\0';
    return out;
}

/* The search text for both plans: boolean-mode terms, words
 * prefix-matched and required, except short ones ("the", "a", "pc") which
 * InnoDB may not index -- required, they would hide every row; and for
 * the walk, the same required words as LIKE patterns and one regular
 * expression for their starts.  Operators typed by the user are dropped
 * rather than interpreted.  No likes: the walk cannot help (no required
 * word, or too many). */
static search_words search_terms(apr_pool_t *p, const char *q)
{
    char *copy = apr_pstrdup(p, q), *word, *state;
    apr_array_header_t *terms = apr_array_make(p, 8, sizeof(char *));
    apr_array_header_t *ahead = apr_array_make(p, 8, sizeof(char *));
    search_words w;
    char *c;

    w.likes = apr_array_make(p, 8, sizeof(char *));
    for (c = copy; *c; c++) {
        if (strchr("+-<>()~*\"@\\", *c))
            *c = ' ';
    }
    for (word = apr_strtok(copy, " \t\r\n", &state); word;
         word = apr_strtok(NULL, " \t\r\n", &state)) {
        int required = strlen(word) > 3;
        APR_ARRAY_PUSH(terms, const char *) =
            apr_pstrcat(p, required ? "+" : "", word, "*", NULL);
        if (required) {
            APR_ARRAY_PUSH(w.likes, const char *) = like_pattern(p, word);
            /* \Q...\E: the word literally, whatever it holds. */
            APR_ARRAY_PUSH(ahead, const char *) =
                apr_pstrcat(p, "(?=.*\\b\\Q", word, "\\E)", NULL);
        }
    }
    if (w.likes->nelts > HD_SEARCH_SCAN_WORDS) {
        apr_array_clear(w.likes);
    }
    w.regex = apr_pstrcat(p, "(?s)^", apr_array_pstrcat(p, ahead, 0), NULL);
    w.fulltext = apr_array_pstrcat(p, terms, ' ');
    return w;
}

/* The rows of the page: n+1 of them when there is a next page. */
static int list_rows_for(hd_req *rq, const list_query *lq, const char *key,
                         const char *id, int limit, apr_array_header_t **rows)
{
    hd_viewer viewer = hd_page_viewer(rq);
    hd_list_branch b[HD_LIST_MAX_BRANCHES];
    int n = hd_ticket_list_branches(&viewer, lq->view, b);
    search_words w = search_terms(rq->r->pool, lq->q);
    hd_db_outcome o;

    if (n == 0) {
        *rows = apr_array_make(rq->r->pool, 1, sizeof(apr_table_t *));
        return OK;
    }
    if (!*w.fulltext) {
        o = run_list(rq, b, n, lq, PLAN_PLAIN, &w, key, id, limit, rows);
        return hd_page_db_status(rq, o);
    }
    if (w.likes->nelts && rq->sconf->search_scan_rows > 0) {
        o = run_list(rq, b, n, lq, PLAN_SCAN, &w, key, id, limit, rows);
        if (o != HD_DB_OK || (*rows)->nelts >= limit) {
            return hd_page_db_status(rq, o);
        }
    }
    o = run_list(rq, b, n, lq, PLAN_FULLTEXT, &w, key, id, limit, rows);
    return hd_page_db_status(rq, o);
}

/* The ticket number when the search text is a reference and nothing
 * else: "HD-1042", "hd-1042", "HD1042" or "1042", white space around
 * allowed; leading zeros dropped, so it names one ticket.  NULL when it
 * is not a reference (or too long to be one). */
static const char *search_ref_id(apr_pool_t *p, const char *q)
{
    const char *s = q, *digits;
    apr_size_t n;

    while (apr_isspace(*s)) {
        s++;
    }
    if (apr_toupper(s[0]) == 'H' && apr_toupper(s[1]) == 'D') {
        s += s[2] == '-' ? 3 : 2;
    }
    while (*s == '0') {
        s++;
    }
    digits = s;
    n = strspn(digits, "0123456789");
    for (s = digits + n; apr_isspace(*s); s++) {
    }
    if (n == 0 || n > 9 || *s) {
        return NULL;
    }
    return apr_pstrmemdup(p, digits, n);
}

/* A reference in the search box opens that ticket (303) when the user
 * may see it.  Otherwise DECLINED and the search runs as any other,
 * finding nothing for it: a ticket hidden from the user and one that
 * does not exist give the same page. */
static int open_by_reference(hd_req *rq, const char *id)
{
    hd_viewer viewer = hd_page_viewer(rq);
    const char *found;
    int rv = hd_page_db_status(
        rq, hd_ticket_visible(hd_req_db(rq), &viewer, id, &found));

    if (rv != OK) {
        return rv;
    }
    if (!found) {
        return DECLINED;
    }
    apr_table_setn(rq->r->headers_out, "Location",
                   apr_pstrcat(rq->r->pool, rq->sconf->base_url, "/tickets/",
                               hd_ticket_ref(rq->r->pool, id), NULL));
    return HTTP_SEE_OTHER;
}

/* The list's address with its filters, for links.  The statuses are as
 * many as the query repeats them: joined once, not appended one by one
 * to the address so far (which copies it every time). */
static const char *list_href(hd_req *rq, const list_query *lq, const char *view,
                             const char *after)
{
    apr_pool_t *p = rq->r->pool;
    apr_array_header_t *statuses =
        apr_array_make(p, lq->statuses->nelts, sizeof(char *));
    int i;

    for (i = 0; i < lq->statuses->nelts; i++) {
        APR_ARRAY_PUSH(statuses, const char *) = apr_pstrcat(
            p, "&status=",
            ap_escape_urlencoded(p, APR_ARRAY_IDX(lq->statuses, i, char *)),
            NULL);
    }
    return apr_pstrcat(
        p, rq->sconf->base_url, "/tickets?view=", view,
        lq->queue ? "&queue=" : "", queue_keys[lq->queue],
        lq->queue == QUEUE_TEAM ? "&team=" : "",
        lq->queue == QUEUE_TEAM ? ap_escape_urlencoded(p, lq->team) : "",
        *lq->asset ? "&asset=" : "",
        *lq->asset ? ap_escape_urlencoded(p, lq->asset) : "",
        apr_array_pstrcat(p, statuses, '\0'), *lq->q ? "&q=" : "",
        *lq->q ? ap_escape_urlencoded(p, lq->q) : "", "&sort=", lq->sort,
        "&dir=", lq->desc ? "desc" : "asc", after ? "&after=" : "",
        after ? ap_escape_urlencoded(p, after) : "", NULL);
}

typedef struct {
    xmlNodePtr list;
    list_query *lq;
    int defaults;                  /* no status chosen: the open ones */
    apr_array_header_t *codes;     /* every status, for "search them all" */
    int open, chosen, chosen_open; /* counts, to name the search's scope */
} status_state;

static int add_status(void *baton, const hd_db_row *row)
{
    status_state *s = baton;
    apr_pool_t *p = hd_db_row_pool(row);
    xmlNodePtr e = hd_xml_child(s->list, "status");
    const char *code = hd_db_text(row, "code");
    const char *category = hd_db_text(row, "category");
    int i, sel = 0;
    int open = !strcmp(category, "open") || !strcmp(category, "pending");

    if (s->defaults) {
        sel = open;
        if (sel) {
            *(const char **)apr_array_push(s->lq->statuses) =
                apr_pstrdup(p, code);
        }
    }
    else {
        for (i = 0; i < s->lq->statuses->nelts; i++) {
            sel |= !strcmp(APR_ARRAY_IDX(s->lq->statuses, i, char *), code);
        }
    }
    hd_xml_attr(e, "code", code);
    hd_xml_attr(e, "name", hd_db_text(row, "name"));
    hd_xml_attr(e, "category", category);
    hd_xml_attr(e, "selected", sel ? "true" : "false");
    *(const char **)apr_array_push(s->codes) = apr_pstrdup(p, code);
    s->open += open;
    s->chosen += sel;
    s->chosen_open += sel && open;
    if (sel) {
        /* Listed in rank order: the first chosen is the lowest. */
        const char *rank = apr_pstrdup(p, hd_db_text(row, "sort_order"));
        if (!s->lq->rank_low) {
            s->lq->rank_low = rank;
        }
        s->lq->rank_high = rank;
    }
    return 0;
}

/* Say which statuses the list covers, since closed and cancelled
 * tickets are left out unless asked for: status-scope "all", "open"
 * (the open and pending ones, the default) or "chosen"; and, unless it
 * is all, all-statuses-href: the same list and search over every one. */
static void add_scope(hd_req *rq, xmlNodePtr list_el, const list_query *lq,
                      const status_state *ss)
{
    list_query every = *lq;

    if (ss->chosen == ss->codes->nelts) {
        hd_xml_attr(list_el, "status-scope", "all");
        return;
    }
    hd_xml_attr(list_el, "status-scope",
                ss->chosen == ss->open && ss->chosen_open == ss->chosen
                    ? "open"
                    : "chosen");
    every.statuses = ss->codes;
    hd_xml_attr(list_el, "all-statuses-href",
                list_href(rq, &every, lq->view, NULL));
}

/* ?queue= (and ?team=): the desk's queues, for agents only, over every
 * ticket they see (view all). */
static int read_queue(hd_req *rq, list_query *lq)
{
    const char *queue = apr_table_get(rq->query, "queue");
    int i;

    lq->queue = QUEUE_NONE;
    lq->team = "";
    if (!queue || !*queue) {
        return OK;
    }
    if (!rq->user->is_agent) {
        rq->error_message = "Only the service desk has queues.";
        return HTTP_FORBIDDEN;
    }
    for (i = 1; i < (int)(sizeof(queue_keys) / sizeof(queue_keys[0])); i++) {
        if (!strcmp(queue, queue_keys[i])) {
            lq->queue = i;
        }
    }
    if (lq->queue == QUEUE_TEAM) {
        lq->team = apr_table_get(rq->query, "team");
        if (!lq->team || hd_request_text_chars(lq->team, 0) <= 0 ||
            strlen(lq->team) > 40) {
            lq->queue = QUEUE_NONE;
        }
    }
    if (lq->queue == QUEUE_NONE) {
        rq->error_message = "There is no such queue.";
        return HTTP_BAD_REQUEST;
    }
    lq->view = "all";
    return OK;
}

/* Read ?view ?status ?q ?asset ?sort ?dir ?after ?queue; 400 for
 * nonsense. */
static int read_query(hd_req *rq, list_query *lq)
{
    apr_pool_t *p = rq->r->pool;
    const char *dir = apr_table_get(rq->query, "dir");
    int i;

    lq->view = apr_table_get(rq->query, "view");
    if (!lq->view || !*lq->view)
        lq->view = "mine";
    if (strcmp(lq->view, "mine") && strcmp(lq->view, "org") &&
        strcmp(lq->view, "all")) {
        rq->error_message = "There is no such view of the tickets.";
        return HTTP_BAD_REQUEST;
    }
    lq->sort = apr_table_get(rq->query, "sort");
    lq->sort_i = 0;
    for (i = 0; lq->sort && i < (int)(sizeof(sorts) / sizeof(sorts[0])); i++) {
        if (!strcmp(lq->sort, sorts[i].key))
            lq->sort_i = i;
    }
    if (lq->sort_i == SORT_DUE && !rq->user->is_agent) {
        lq->sort_i = 0; /* the clocks are the desk's */
    }
    lq->sort = sorts[lq->sort_i].key;
    lq->desc = !dir || strcmp(dir, "asc");
    lq->q = apr_table_get(rq->query, "q");
    if (!lq->q)
        lq->q = "";
    if (hd_request_text_chars(lq->q, 0) < 0 || strlen(lq->q) > 200) {
        rq->error_message = "The search text is too long or not readable.";
        return HTTP_BAD_REQUEST;
    }
    lq->statuses = apr_array_make(p, 12, sizeof(char *));
    {
        apr_array_header_t *v = hd_request_values(p, rq->query, "status");
        for (i = 0; i < v->nelts; i++) {
            const char *code = APR_ARRAY_IDX(v, i, const char *);
            if (*code && strspn(code, STATUS_CODE_CHARS) == strlen(code)) {
                *(const char **)apr_array_push(lq->statuses) = code;
            }
        }
    }
    lq->asset = apr_table_get(rq->query, "asset");
    if (!lq->asset) {
        lq->asset = "";
    }
    if (*lq->asset && !hd_ticket_asset_valid(lq->asset)) {
        rq->error_message = "A computer's name is 1 to 64 letters, digits, "
                            "dots, underscores or hyphens.";
        return HTTP_BAD_REQUEST;
    }
    lq->after = apr_table_get(rq->query, "after");
    lq->rank_low = lq->rank_high = NULL;
    return read_queue(rq, lq);
}

/* Split "key~id" from ?after=, checking both; NULLs for page one. */
static int read_cursor(hd_req *rq, const list_query *lq, const char **key,
                       const char **id)
{
    const char *tilde = lq->after ? strrchr(lq->after, '~') : NULL;

    *key =
        lq->desc ? sorts[lq->sort_i].first_desc : sorts[lq->sort_i].first_asc;
    *id = lq->desc ? "4294967295" : "0";
    if (!lq->after || !*lq->after) {
        return OK;
    }
    if (!tilde || !tilde[1] ||
        strspn(tilde + 1, "0123456789") != strlen(tilde + 1) ||
        strspn(lq->after, sorts[lq->sort_i].pattern) !=
            (apr_size_t)(tilde - lq->after)) {
        rq->error_message = "That page of the list does not exist.";
        return HTTP_BAD_REQUEST;
    }
    *key = apr_pstrmemdup(rq->r->pool, lq->after, tilde - lq->after);
    *id = tilde + 1;
    return OK;
}

static void add_choices(hd_req *rq, xmlNodePtr list_el, const list_query *lq,
                        apr_array_header_t *cols)
{
    xmlNodePtr v = hd_xml_list(list_el, "views");
    xmlNodePtr s = hd_xml_list(list_el, "sorts");
    xmlNodePtr c = hd_xml_list(list_el, "columns");
    int i;

    for (i = 0; i < 3; i++) {
        xmlNodePtr e = hd_xml_child(v, "view");
        hd_xml_attr(e, "key", views[i].key);
        hd_xml_attr(e, "label", views[i].label);
        hd_xml_attr(e, "href", list_href(rq, lq, views[i].key, NULL));
        hd_xml_attr(e, "current",
                    strcmp(lq->view, views[i].key) ? "false" : "true");
    }
    for (i = 0; i < (int)(sizeof(sorts) / sizeof(sorts[0])); i++) {
        xmlNodePtr e;
        if (i == SORT_DUE && !rq->user->is_agent) {
            continue;
        }
        e = hd_xml_child(s, "sort");
        hd_xml_attr(e, "key", sorts[i].key);
        hd_xml_attr(e, "label", sorts[i].label);
        hd_xml_attr(e, "selected", i == lq->sort_i ? "true" : "false");
    }
    for (i = 0; i < cols->nelts; i++) {
        const char *key = APR_ARRAY_IDX(cols, i, const char *);
        xmlNodePtr e = hd_xml_child(c, "column");
        hd_xml_attr(e, "key", key);
        hd_xml_attr(e, "label", columns[column_index(rq, key)].label);
    }
}

/* The page's rows as <ticket> elements (at most limit of them). */
static void add_rows(hd_req *rq, xmlNodePtr list, apr_array_header_t *rows,
                     int limit)
{
    apr_pool_t *p = rq->r->pool;
    int i;
    unsigned j;

    for (i = 0; i < rows->nelts && i < limit; i++) {
        apr_table_t *t = APR_ARRAY_IDX(rows, i, apr_table_t *);
        const char *ref = hd_ticket_ref(p, apr_table_get(t, "id"));
        xmlNodePtr e = hd_xml_child(list, "ticket");
        hd_xml_attr(e, "ref", ref);
        hd_xml_attr(
            e, "href",
            apr_pstrcat(p, rq->sconf->base_url, "/tickets/", ref, NULL));
        for (j = 0; j < sizeof(row_attributes) / sizeof(row_attributes[0]);
             j++) {
            hd_xml_attr(e, row_attributes[j],
                        apr_table_get(t, row_attributes[j]));
        }
        if (!rq->user->is_agent || !*apr_table_get(t, "due")) {
            continue;
        }
        for (j = 0; j < sizeof(desk_attributes) / sizeof(desk_attributes[0]);
             j++) {
            hd_xml_attr(e, desk_attributes[j],
                        apr_table_get(t, desk_attributes[j]));
        }
    }
}

/* ------------------------------------------------------------------ */
/* A supervisor's dashboard (view=org)                                  */
/* ------------------------------------------------------------------ */

/* The organisation's live tickets by status, each status's oldest one
 * (ids are not in creation order in every data set: the first id of the
 * group ordered by creation), in one statement. */
#define HD_SQL_ORG_DASHBOARD "tickets_org_dashboard"

typedef struct {
    hd_req *rq;
    xmlNodePtr list;
    long open, on_desk, waiting;
    const char *oldest_at, *oldest_id, *oldest_status;
} dashboard_state;

static int add_dashboard_status(void *baton, const hd_db_row *row)
{
    dashboard_state *d = baton;
    apr_pool_t *p = hd_db_row_pool(row);
    xmlNodePtr e = hd_xml_child(d->list, "dashboard-status");
    const char *category = hd_db_text(row, "category");
    const char *at = hd_db_text(row, "oldest_at");
    long n = atol(hd_db_text(row, "tickets"));

    hd_xml_attr(e, "code", hd_db_text(row, "code"));
    hd_xml_attr(e, "name", hd_db_text(row, "name"));
    hd_xml_attr(e, "category", category);
    hd_xml_attr(e, "tickets", hd_db_text(row, "tickets"));
    d->open += n;
    if (!strcmp(category, "open")) {
        d->on_desk += n;
    }
    else {
        d->waiting += n;
    }
    if (*at && (!d->oldest_at || strcmp(at, d->oldest_at) < 0)) {
        d->oldest_at = apr_pstrdup(p, at);
        d->oldest_id = apr_pstrdup(p, hd_db_text(row, "oldest_id"));
        d->oldest_status = apr_pstrdup(p, hd_db_text(row, "name"));
    }
    return 0;
}

/* Open tickets by status, the oldest open one, on the desk ('open'
 * statuses) against waiting on the organisation ('pending'). */
static int add_dashboard(hd_req *rq, xmlNodePtr list_el)
{
    apr_pool_t *p = rq->r->pool;
    const char *org = rq->user->organisation ? rq->user->organisation : "";
    const char *args[] = {org, org, org};
    dashboard_state d;
    xmlNodePtr e;
    int rv;

    memset(&d, 0, sizeof(d));
    d.rq = rq;
    e = hd_xml_child(list_el, "dashboard");
    d.list = hd_xml_list(e, "by-status");
    rv = hd_page_db_status(rq, hd_db_select(hd_req_db(rq), HD_SQL_ORG_DASHBOARD,
                                            add_dashboard_status, &d, 3, args));
    if (rv != OK) {
        return rv;
    }
    hd_xml_attr(e, "organisation", org);
    hd_xml_attr(e, "open", apr_ltoa(p, d.open));
    hd_xml_attr(e, "on-desk", apr_ltoa(p, d.on_desk));
    hd_xml_attr(e, "waiting-on-us", apr_ltoa(p, d.waiting));
    if (d.oldest_id && *d.oldest_id) {
        xmlNodePtr o = hd_xml_child(e, "oldest-open");
        const char *ref = hd_ticket_ref(p, d.oldest_id);
        hd_xml_attr(o, "id", d.oldest_id);
        hd_xml_attr(o, "ref", ref);
        hd_xml_attr(
            o, "href",
            apr_pstrcat(p, rq->sconf->base_url, "/tickets/", ref, NULL));
        hd_xml_attr(o, "created", d.oldest_at);
        hd_xml_attr(o, "status", d.oldest_status);
    }
    return OK;
}

int hd_page_tickets(hd_req *rq)
{
    apr_pool_t *p = rq->r->pool;
    list_query lq;
    int limit = hd_dir_page_size(rq->dconf);
    status_state ss;
    apr_array_header_t *cols, *rows;
    const char *key, *id, *ref_id;
    xmlNodePtr list_el, paging;
    int rv;

    if ((rv = read_query(rq, &lq)) != OK ||
        (rv = read_cursor(rq, &lq, &key, &id)) != OK) {
        return rv;
    }
    if ((ref_id = search_ref_id(p, lq.q)) &&
        (rv = open_by_reference(rq, ref_id)) != DECLINED) {
        return rv;
    }
    hd_render_begin(rq, "tickets");
    list_el = hd_xml_child(rq->root, "tickets");
    if ((rv = user_columns(rq, &cols)) != OK) {
        return rv;
    }
    memset(&ss, 0, sizeof(ss));
    ss.list = hd_xml_list(list_el, "statuses");
    ss.lq = &lq;
    ss.defaults = lq.statuses->nelts == 0;
    ss.codes = apr_array_make(p, 12, sizeof(char *));
    rv = hd_page_db_status(rq, hd_db_select(hd_req_db(rq), HD_CATALOG_STATUSES,
                                            add_status, &ss, 0, NULL));
    if (rv != OK) {
        return rv;
    }
    if (!lq.rank_low) { /* no status chosen exists: an empty range */
        lq.rank_low = "1";
        lq.rank_high = "0";
    }
    hd_xml_attr(list_el, "view", lq.view);
    hd_xml_attr(list_el, "sort", lq.sort);
    hd_xml_attr(list_el, "dir", lq.desc ? "desc" : "asc");
    hd_xml_attr(list_el, "q", lq.q);
    if (*lq.asset) {
        hd_xml_attr(list_el, "asset", lq.asset);
    }
    if (lq.queue) {
        hd_xml_attr(list_el, "queue", queue_keys[lq.queue]);
        if (lq.queue == QUEUE_TEAM) {
            hd_xml_attr(list_el, "team", lq.team);
        }
    }
    add_scope(rq, list_el, &lq, &ss);
    add_choices(rq, list_el, &lq, cols);
    if (!strcmp(lq.view, "org") && !lq.queue && rq->user->is_supervisor &&
        (rv = add_dashboard(rq, list_el)) != OK) {
        return rv;
    }

    rv = list_rows_for(rq, &lq, key, id, limit + 1, &rows);
    if (rv != OK) {
        return rv;
    }
    add_rows(rq, hd_xml_list(list_el, "rows"), rows, limit);
    hd_xml_attr(list_el, "count-shown",
                apr_itoa(p, rows->nelts > limit ? limit : rows->nelts));
    paging = hd_xml_child(list_el, "paging");
    if (rows->nelts > limit) {
        /* One more row than shown came back: there is a next page, which
         * starts after the last row shown. */
        apr_table_t *last = APR_ARRAY_IDX(rows, limit - 1, apr_table_t *);
        hd_xml_attr(
            paging, "next-href",
            list_href(rq, &lq, lq.view,
                      apr_pstrcat(p, apr_table_get(last, "sort_key"), "~",
                                  apr_table_get(last, "id"), NULL)));
    }
    if (lq.after && *lq.after) {
        hd_xml_attr(paging, "first-href", list_href(rq, &lq, lq.view, NULL));
    }
    return OK;
}

/* ------------------------------------------------------------------ */
/* Choosing columns                                                    */
/* ------------------------------------------------------------------ */

static void add_column_form(hd_req *rq, apr_array_header_t *cols)
{
    xmlNodePtr f = hd_xml_child(rq->root, "columns-form");
    int i, j, next = cols->nelts + 1;

    hd_xml_attr(f, "action",
                apr_pstrcat(rq->r->pool, rq->sconf->base_url,
                            "/tickets/columns", NULL));
    hd_xml_attr(f, "csrf", hd_form_token(rq, "/tickets/columns"));
    for (i = 0; i < N_COLUMNS; i++) {
        xmlNodePtr e;
        int pos = 0;
        if (columns[i].desk && !rq->user->is_agent) {
            continue;
        }
        e = hd_xml_child(f, "column");
        for (j = 0; j < cols->nelts; j++) {
            if (!strcmp(APR_ARRAY_IDX(cols, j, const char *), columns[i].key)) {
                pos = j + 1;
            }
        }
        hd_xml_attr(e, "key", columns[i].key);
        hd_xml_attr(e, "label", columns[i].label);
        hd_xml_attr(e, "shown", pos ? "true" : "false");
        hd_xml_attr(e, "position", apr_itoa(rq->r->pool, pos ? pos : next++));
    }
}

int hd_page_ticket_columns(hd_req *rq)
{
    apr_array_header_t *cols;
    int rv;

    hd_render_begin(rq, "ticket-columns");
    if ((rv = user_columns(rq, &cols)) != OK) {
        return rv;
    }
    add_column_form(rq, cols);
    return OK;
}

/* The shown columns ordered by their position field (ties: table
 * order), as "a,b,c"; "" when none is shown. */
static const char *chosen_columns(hd_req *rq)
{
    int order[N_COLUMNS], pos[N_COLUMNS], n = 0, i, j;
    apr_array_header_t *keys =
        apr_array_make(rq->r->pool, N_COLUMNS, sizeof(char *));

    for (i = 0; i < N_COLUMNS; i++) {
        const char *show = hd_request_last(
            rq->r->pool, rq->form,
            apr_pstrcat(rq->r->pool, "show_", columns[i].key, NULL));
        const char *p = hd_form_field(
            rq, apr_pstrcat(rq->r->pool, "pos_", columns[i].key, NULL));
        if (!show || strcmp(show, "1") ||
            (columns[i].desk && !rq->user->is_agent)) {
            continue;
        }
        pos[n] = atoi(p) > 0 ? atoi(p) : N_COLUMNS + i;
        order[n++] = i;
    }
    /* Insertion sort: fourteen columns at most, stable for ties. */
    for (i = 1; i < n; i++) {
        int o = order[i], ps = pos[i];
        for (j = i - 1; j >= 0 && pos[j] > ps; j--) {
            order[j + 1] = order[j];
            pos[j + 1] = pos[j];
        }
        order[j + 1] = o;
        pos[j + 1] = ps;
    }
    for (i = 0; i < n; i++) {
        *(const char **)apr_array_push(keys) = columns[order[i]].key;
    }
    return apr_array_pstrcat(rq->r->pool, keys, ',');
}

int hd_page_ticket_columns_save(hd_req *rq)
{
    const char *args[2] = {rq->user->login, NULL};
    const char *reset;
    int rv;

    if ((rv = hd_form_read(rq)) != OK || (rv = hd_form_check_token(rq)) != OK) {
        return rv;
    }
    reset = hd_form_field(rq, "reset");
    if (!strcmp(reset, "1")) {
        rv = hd_page_db_status(
            rq, hd_db_exec(hd_req_db(rq), "columns_reset", 1, args, NULL));
    }
    else {
        args[1] = chosen_columns(rq);
        if (!*args[1]) {
            xmlNodePtr err;
            apr_array_header_t *cols;
            hd_render_begin(rq, "ticket-columns");
            if ((rv = user_columns(rq, &cols)) != OK) {
                return rv;
            }
            add_column_form(rq, cols);
            err = hd_xml_child(hd_xml_list(rq->root->last, "errors"), "error");
            hd_xml_attr(err, "message", "Choose at least one column.");
            rq->r->status = HTTP_BAD_REQUEST;
            return OK;
        }
        rv = hd_page_db_status(
            rq, hd_db_exec(hd_req_db(rq), "columns_set", 2, args, NULL));
    }
    if (rv != OK) {
        return rv;
    }
    apr_table_setn(
        rq->r->headers_out, "Location",
        apr_pstrcat(rq->r->pool, rq->sconf->base_url, "/tickets", NULL));
    return HTTP_SEE_OTHER;
}

/* ------------------------------------------------------------------ */
/* Statements                                                          */
/* ------------------------------------------------------------------ */

/* The lists' statements are made per shape at first use (list_sql);
 * these are the fixed ones. */
static const hd_db_statement statements[] = {
    {"columns_get", "SELECT columns FROM user_columns WHERE login = %s"},
    {"columns_set", "INSERT INTO user_columns (login, columns) VALUES (%s, %s) "
                    "ON DUPLICATE KEY UPDATE columns = VALUES(columns)"},
    {"columns_reset", "DELETE FROM user_columns WHERE login = %s"},
    /* organisation (three times): its open and pending tickets by status,
     * each status one range of tickets_org_status (sql/023), so closed
     * tickets -- most of a big organisation's -- are never read */
    {HD_SQL_ORG_DASHBOARD,
     "SELECT s.code, s.name, s.category, "
     "(SELECT COUNT(*) FROM tickets t WHERE t.requester_org = %s "
     "AND t.status = s.code) AS tickets, "
     "(SELECT MIN(t.created_at) FROM tickets t WHERE t.requester_org = %s "
     "AND t.status = s.code) AS oldest_at, "
     "(SELECT t.id FROM tickets t WHERE t.requester_org = %s "
     "AND t.status = s.code ORDER BY t.created_at, t.id LIMIT 1) AS oldest_id "
     "FROM ticket_statuses s WHERE s.category IN ('open', 'pending') "
     "HAVING tickets > 0 ORDER BY s.sort_order"},
};

hd_db_statements hd_page_tickets_statements(apr_pool_t *p)
{
    hd_db_statements g = HD_DB_STATEMENTS(statements);
    (void)p;
    return g;
}
