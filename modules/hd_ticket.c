/*
 * hd_ticket.c -- the ticket domain: the visibility rule, references, and
 * every change to a ticket as one transaction that is acknowledged only
 * after its COMMIT.
 *
 * The SQL each function runs sits right above it, read by column name.
 * The workflow is data (ticket_statuses, ticket_transitions): a move is
 * allowed exactly when the table has a row for it.
 */
#include "mod_helpdesk.h"
#include "hd_db.h"
#include "hd_ticket.h"
#include "hd_clock.h"

/* %s placeholders only (see apr_dbd_prepare); no other '%' in SQL. */

/* ------------------------------------------------------------------ */
/* Who may see a ticket                                                */
/* ------------------------------------------------------------------ */

/* The one visibility rule, as branches: a viewer sees a ticket when it
 * falls in one of the branches their role opens.  Agents see every
 * ticket; everyone sees what they requested or logged; staff see their
 * organisation's shared tickets, supervisors also its private ones.
 *
 * Branches rather than one OR-ed condition because each branch is an
 * index: (requester_login | logged_by_login | requester_org + shared,
 * sort key, id), so a list is a UNION of short index ranges and costs
 * the same at a thousand tickets as at a million (see page_tickets.c).
 * A single ticket is checked with the same branches OR-ed together
 * (visible_condition below, generated from this table), so there is one
 * rule to read and to change. */
static const struct {
    const char *sql; /* a condition on t; %s: the viewer's value */
    int arg;         /* 0: none, 1: login, 2: organisation */
} branches[HD_BRANCH_COUNT] = {
    [HD_BRANCH_REQUESTER] = {"t.requester_login = %s", 1},
    [HD_BRANCH_LOGGER] = {"t.logged_by_login = %s", 1},
    [HD_BRANCH_ORG_SHARED] = {"t.requester_org = %s AND t.shared = 1", 2},
    [HD_BRANCH_ORG_PRIVATE] = {"t.requester_org = %s AND t.shared = 0", 2},
    [HD_BRANCH_ALL] = {"1 = 1", 0},
};

int hd_ticket_sees(const hd_viewer *v, hd_branch k)
{
    int org = v->organisation && *v->organisation;
    switch (k) {
    case HD_BRANCH_ALL:
        return v->is_agent;
    case HD_BRANCH_REQUESTER:
    case HD_BRANCH_LOGGER:
        return 1;
    case HD_BRANCH_ORG_SHARED:
        return org;
    case HD_BRANCH_ORG_PRIVATE:
        return org && v->is_supervisor;
    default:
        return 0;
    }
}

const char *hd_ticket_branch_sql(hd_branch k)
{
    return branches[k].sql;
}

const char *hd_ticket_branch_arg(const hd_viewer *v, hd_branch k)
{
    return branches[k].arg == 1   ? v->login
           : branches[k].arg == 2 ? v->organisation
                                  : NULL;
}

/* The rule as one condition, for a single ticket: every branch guarded
 * by a flag the viewer's role sets -- "(%s = '1' AND branch)" -- OR-ed.
 * Parameters: hd_ticket_visibility_args. */
static const char *visible_condition(apr_pool_t *p)
{
    const char *sql = "";
    int k;
    for (k = 0; k < HD_BRANCH_COUNT; k++) {
        sql = apr_pstrcat(p, sql, k ? " OR " : "", "(%s = '1' AND ",
                          branches[k].sql, ")", NULL);
    }
    return apr_pstrcat(p, "(", sql, ")", NULL);
}

const char **hd_ticket_visibility_args(const hd_viewer *v, const char **args)
{
    int k;
    for (k = 0; k < HD_BRANCH_COUNT; k++) {
        const char *value = hd_ticket_branch_arg(v, k);
        *args++ = hd_ticket_sees(v, k) ? "1" : "0";
        if (branches[k].arg) {
            *args++ = value ? value : "";
        }
    }
    return args;
}

int hd_ticket_list_branches(const hd_viewer *v, const char *view,
                            hd_list_branch out[HD_LIST_MAX_BRANCHES])
{
    int n = 0, all = hd_ticket_sees(v, HD_BRANCH_ALL);

    if (!strcmp(view, "mine")) {
        out[n++] = (hd_list_branch){HD_BRANCH_REQUESTER, 0};
        out[n++] = (hd_list_branch){HD_BRANCH_LOGGER, 0};
    }
    else if (!strcmp(view, "org")) {
        if (!v->organisation || !*v->organisation) {
            return 0;
        }
        out[n++] = (hd_list_branch){HD_BRANCH_ORG_SHARED, 0};
        if (all || hd_ticket_sees(v, HD_BRANCH_ORG_PRIVATE)) {
            out[n++] = (hd_list_branch){HD_BRANCH_ORG_PRIVATE, 0};
        }
        else {
            /* Their own private tickets of the organisation. */
            out[n++] = (hd_list_branch){HD_BRANCH_REQUESTER, 1};
            out[n++] = (hd_list_branch){HD_BRANCH_LOGGER, 1};
        }
    }
    else if (all) {
        out[n++] = (hd_list_branch){HD_BRANCH_ALL, 0};
    }
    else {
        int k;
        for (k = 0; k < HD_BRANCH_ALL; k++) {
            if (hd_ticket_sees(v, k)) {
                out[n++] = (hd_list_branch){k, 0};
            }
        }
    }
    return n;
}

int hd_ticket_asset_valid(const char *asset)
{
    apr_size_t n = asset ? strlen(asset) : 0;
    return n >= 1 && n <= 64 &&
           strspn(asset, "abcdefghijklmnopqrstuvwxyz"
                         "ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789._-") == n;
}

const char *hd_ticket_ref(apr_pool_t *p, const char *id)
{
    return apr_pstrcat(p, "HD-", id, NULL);
}

const char *hd_ticket_id_of_ref(const char *ref)
{
    const char *d = ref + 3;
    if (strncmp(ref, "HD-", 3) || !*d || *d == '0' ||
        strspn(d, "0123456789") != strlen(d) || strlen(d) > 9) {
        return NULL;
    }
    return d;
}

int hd_ticket_may_act(const hd_ticket *t, const char *login)
{
    return !strcmp(t->requester_login, login) ||
           !strcmp(t->logged_by_login, login);
}

/* ------------------------------------------------------------------ */
/* Reading                                                             */
/* ------------------------------------------------------------------ */

/* Aliases are the names pages show the columns under. */
#define HD_SQL_TICKET_GET                                                   \
    "SELECT t.id, t.kind, t.summary, t.details, t.status, "                 \
    "s.name AS `status-name`, s.category, "                                 \
    "s.explanation AS `status-explanation`, "                               \
    "t.status_reason AS `status-reason`, sv.name AS service, "              \
    "tm.name AS team, t.call_type AS `call-type`, t.priority, "             \
    "pr.name AS `priority-name`, t.requester_login AS `requester-login`, "  \
    "t.requester_name AS requester, t.requester_mail AS `requester-mail`, " \
    "t.requester_phone AS `requester-phone`, "                              \
    "t.requester_org AS organisation, "                                     \
    "t.logged_by_login AS `logged-by-login`, "                              \
    "t.logged_by_name AS `logged-by`, "                                     \
    "IF(t.shared, 'true', 'false') AS shared, "                             \
    "COALESCE(t.assignee_name, '') AS assignee, t.solution, "               \
    "t.created_at AS created, t.updated_at AS updated, t.channel, "         \
    "COALESCE(t.asset, '') AS asset "                                       \
    "FROM tickets t JOIN ticket_statuses s ON s.code = t.status "           \
    "JOIN services sv ON sv.id = t.service_id "                             \
    "JOIN teams tm ON tm.id = t.team_id "                                   \
    "JOIN priorities pr ON pr.level = t.priority "                          \
    "WHERE t.id = %s AND "

const char *const hd_ticket_columns[] = {"id",
                                         "kind",
                                         "summary",
                                         "details",
                                         "status",
                                         "status-name",
                                         "category",
                                         "status-explanation",
                                         "status-reason",
                                         "service",
                                         "team",
                                         "call-type",
                                         "priority",
                                         "priority-name",
                                         "requester-login",
                                         "requester",
                                         "requester-mail",
                                         "requester-phone",
                                         "organisation",
                                         "logged-by-login",
                                         "logged-by",
                                         "shared",
                                         "assignee",
                                         "solution",
                                         "created",
                                         "updated",
                                         "channel",
                                         "asset",
                                         NULL};

static int keep_ticket(void *baton, const hd_db_row *row)
{
    hd_ticket **out = baton;
    apr_pool_t *p = hd_db_row_pool(row);
    hd_ticket *t = apr_pcalloc(p, sizeof(*t));
    unsigned i;

    t->cols = apr_table_make(p, 32);
    for (i = 0; hd_ticket_columns[i]; i++) {
        apr_table_set(t->cols, hd_ticket_columns[i],
                      hd_db_text(row, hd_ticket_columns[i]));
    }
    t->id = apr_table_get(t->cols, "id");
    t->status = apr_table_get(t->cols, "status");
    t->category = apr_table_get(t->cols, "category");
    t->requester_login = apr_table_get(t->cols, "requester-login");
    t->logged_by_login = apr_table_get(t->cols, "logged-by-login");
    *out = t;
    return 0;
}

hd_db_outcome hd_ticket_load(hd_db *db, const hd_viewer *viewer, const char *id,
                             hd_ticket **out)
{
    const char *args[1 + HD_TICKET_VISIBLE_NARGS];

    *out = NULL;
    args[0] = id;
    hd_ticket_visibility_args(viewer, args + 1);
    return hd_db_select(db, "ticket_get", keep_ticket, out,
                        1 + HD_TICKET_VISIBLE_NARGS, args);
}

/* Internal notes only when the second argument is "1" (an agent): the
 * one place that decides who reads the desk's journal. */
#define HD_SQL_ACTIVITY_LIST                                       \
    "SELECT a.id, a.kind, a.author_login, a.author_name, a.body, " \
    "a.created_at, "                                               \
    "IF(a.internal, 'true', 'false') AS internal, "                \
    "COALESCE(ns.name, '') AS status_name FROM ticket_activity a " \
    "LEFT JOIN ticket_statuses ns ON ns.code = a.new_status "      \
    "WHERE a.ticket_id = %s AND (a.internal = 0 OR %s = '1') ORDER BY a.id"

static int keep_entry(void *baton, const hd_db_row *row)
{
    static const char *const names[] = {
        "id",   "kind",       "author_login", "author_name",
        "body", "created_at", "internal",     "status_name"};
    apr_pool_t *p = hd_db_row_pool(row);
    apr_table_t *e = apr_table_make(p, 8);
    unsigned i;

    for (i = 0; i < sizeof(names) / sizeof(names[0]); i++) {
        apr_table_set(e, names[i], hd_db_text(row, names[i]));
    }
    APR_ARRAY_PUSH((apr_array_header_t *)baton, apr_table_t *) = e;
    return 0;
}

hd_db_outcome hd_ticket_activity(hd_db *db, const hd_viewer *viewer,
                                 const char *id, apr_array_header_t **out)
{
    const char *args[2];
    args[0] = id;
    args[1] = viewer->is_agent ? "1" : "0";
    *out = apr_array_make(hd_db_pool(db), 8, sizeof(apr_table_t *));
    return hd_db_select(db, "activity_list", keep_entry, *out, 2, args);
}

hd_db_outcome hd_ticket_visible(hd_db *db, const hd_viewer *viewer,
                                const char *id, const char **visible)
{
    const char *args[1 + HD_TICKET_VISIBLE_NARGS];
    args[0] = id;
    hd_ticket_visibility_args(viewer, args + 1);
    return hd_db_value(db, "ticket_visible", 1 + HD_TICKET_VISIBLE_NARGS, args,
                       visible);
}

hd_db_outcome hd_ticket_by_nonce(hd_db *db, const char *nonce, const char **id)
{
    return hd_db_value(db, "ticket_by_nonce", 1, &nonce, id);
}

/* ------------------------------------------------------------------ */
/* Changing                                                            */
/* ------------------------------------------------------------------ */

#define HD_SQL_ACTIVITY_INSERT                                     \
    "INSERT INTO ticket_activity (ticket_id, kind, author_login, " \
    "author_name, body, old_status, new_status, form_nonce) "      \
    "VALUES (%s, %s, %s, %s, %s, NULLIF(%s, ''), NULLIF(%s, ''), " \
    "NULLIF(%s, ''))"

/* A change's work, then the ticket's stored service clocks (the desk's
 * SLA queues read them: hd_clock.h), in the same transaction: one
 * COMMIT, so keeping them costs no second durable write, and they can
 * never disagree with the change.  *id is the ticket's (a new ticket's
 * once the work has made it). */
typedef struct {
    hd_db_work_fn work;
    void *baton;
    const char *const *id;
} clocked_work;

static hd_db_outcome run_clocked(hd_db *db, void *baton)
{
    const clocked_work *c = baton;
    hd_db_outcome o = c->work(db, c->baton);
    if (o == HD_DB_OK && *c->id) {
        o = hd_clock_store_in(db, *c->id);
    }
    return o;
}

static hd_db_outcome transact_clocked(hd_db *db, hd_db_work_fn work,
                                      void *baton, const char *const *id)
{
    clocked_work c = {work, baton, id};
    return hd_db_transact(db, run_clocked, &c);
}

static hd_db_outcome add_activity(hd_db *db, const char *id, const char *kind,
                                  const char *login, const char *name,
                                  const char *body, const char *old_status,
                                  const char *new_status, const char *nonce)
{
    const char *args[8] = {id,
                           kind,
                           login,
                           name ? name : login,
                           body ? body : "",
                           old_status ? old_status : "",
                           new_status ? new_status : "",
                           nonce ? nonce : ""};
    return hd_db_exec(db, "activity_insert", 8, args, NULL);
}

/* The ticket's status and category as they are now, locked until the
 * transaction ends, so what a change records as "from" is what it
 * changed and nothing moves the ticket in between (a cancel racing a
 * comment). */
#define HD_SQL_TICKET_LOCK                        \
    "SELECT t.status, s.category FROM tickets t " \
    "JOIN ticket_statuses s ON s.code = t.status WHERE t.id = %s FOR UPDATE"

typedef struct {
    const char *status, *category;
} locked_row;

static int keep_locked(void *baton, const hd_db_row *row)
{
    locked_row *l = baton;
    apr_pool_t *p = hd_db_row_pool(row);
    l->status = apr_pstrdup(p, hd_db_text(row, "status"));
    l->category = apr_pstrdup(p, hd_db_text(row, "category"));
    return 0;
}

static hd_db_outcome lock_ticket(hd_db *db, const char *id, locked_row *now)
{
    memset(now, 0, sizeof(*now));
    return hd_db_select(db, "ticket_lock", keep_locked, now, 1, &id);
}

/* Whatever the workflow table makes the initial status. */
#define HD_SQL_TICKET_INSERT                                                 \
    "INSERT INTO tickets (kind, summary, details, service_id, team_id, "     \
    "status, status_rank, call_type, priority, requester_login, "            \
    "requester_name, requester_mail, requester_phone, requester_org, "       \
    "logged_by_login, logged_by_name, shared, form_nonce, channel, asset) "  \
    "SELECT %s, %s, %s, sv.id, tm.id, st.code, st.sort_order, "              \
    "sv.default_call_type, "                                                 \
    "sv.default_priority, %s, %s, %s, %s, %s, %s, %s, "                      \
    "IF(%s = '', sv.default_shared, %s = '1'), %s, %s, NULLIF(%s, '') "      \
    "FROM services sv, teams tm, ticket_statuses st "                        \
    "WHERE sv.id = %s AND sv.active = 1 AND tm.code = %s AND tm.active = 1 " \
    "AND st.is_initial = 1 LIMIT 1"

typedef struct {
    const hd_ticket_draft *d;
    const char *id;
    int invalid;
} create_state;

static hd_db_outcome create_work(hd_db *db, void *baton)
{
    create_state *c = baton;
    const hd_ticket_draft *d = c->d;
    const char *args[17] = {d->kind,
                            d->summary,
                            d->details,
                            d->requester_login,
                            d->requester_name,
                            d->requester_mail,
                            d->requester_phone,
                            d->requester_org,
                            d->logger_login,
                            d->logger_name,
                            d->shared,
                            d->shared,
                            d->nonce,
                            d->channel ? d->channel : "web",
                            d->asset ? d->asset : "",
                            d->service_id,
                            d->team_code};
    const char *status = NULL, *note;
    int rows = 0;
    hd_db_outcome o;

    c->invalid = 0;
    o = hd_db_exec(db, "ticket_insert", 17, args, &rows);
    if (o == HD_DB_OK && rows != 1) {
        c->invalid = 1; /* service or team withdrawn meanwhile */
        return HD_DB_FAILED;
    }
    if (o == HD_DB_OK) {
        o = hd_db_value(db, "last_insert_id", 0, NULL, &c->id);
    }
    if (o == HD_DB_OK) {
        o = hd_db_value(db, "ticket_status", 1, &c->id, &status);
    }
    if (o == HD_DB_OK) {
        note = strcmp(d->requester_login, d->logger_login)
                   ? apr_pstrcat(hd_db_pool(db), "Logged by ", d->logger_name,
                                 " on behalf of ", d->requester_name, ".", NULL)
                   : "Ticket logged.";
        o = add_activity(db, c->id, "created", d->logger_login, d->logger_name,
                         note, NULL, status, NULL);
    }
    if (o == HD_DB_OK && d->first_note && *d->first_note) {
        o = add_activity(db, c->id, "comment", d->logger_login, d->logger_name,
                         d->first_note, NULL, NULL, NULL);
    }
    return o;
}

hd_ticket_result hd_ticket_create(hd_db *db, const hd_ticket_draft *d,
                                  const char **id, hd_db_outcome *why)
{
    create_state c = {d, NULL, 0};
    hd_db_outcome o = transact_clocked(db, create_work, &c, &c.id);

    *why = o;
    *id = NULL;
    if (o == HD_DB_OK) {
        *id = c.id;
        return HD_TICKET_DONE;
    }
    if (c.invalid) {
        return HD_TICKET_INVALID;
    }
    if (o == HD_DB_DUPLICATE) {
        /* This form was sent before: the ticket it made. */
        o = hd_ticket_by_nonce(db, d->nonce, id);
        *why = o;
        if (o == HD_DB_OK && *id) {
            return HD_TICKET_REPEATED;
        }
        *why = o == HD_DB_OK ? HD_DB_FAILED : o;
    }
    return HD_TICKET_DB;
}

#define HD_SQL_TICKET_TOUCH \
    "UPDATE tickets SET updated_at = NOW() WHERE id = %s"

/* The workflow is data: an actor's action moves the ticket only along a
 * row of ticket_transitions; no row, no change. */
#define HD_SQL_TICKET_TRANSITION                                         \
    "UPDATE tickets t JOIN ticket_transitions tr "                       \
    "ON tr.from_status = t.status AND tr.actor = %s AND tr.action = %s " \
    "JOIN ticket_statuses ns ON ns.code = tr.to_status "                 \
    "SET t.status = tr.to_status, t.status_rank = ns.sort_order, "       \
    "t.status_reason = '', "                                             \
    "t.updated_at = NOW(), "                                             \
    "t.closed_at = IF(tr.to_status IN ('closed', 'cancelled'), NOW(), "  \
    "NULL), t.solution = IF(%s = '', t.solution, %s) WHERE t.id = %s"

typedef struct {
    const char *id, *actor, *action, *kind, *login, *name, *body, *solution,
        *nonce;
    locked_row now;
    hd_ticket_result result;
} move_state;

/* Move the locked ticket and record the move; the activity row carries
 * the form's nonce (UNIQUE), so a form sent again -- a resolve replayed
 * after a reopen -- is a duplicate and changes nothing. */
static hd_db_outcome move_locked(hd_db *db, move_state *m)
{
    const char *args[5] = {m->actor, m->action, m->solution, m->solution,
                           m->id};
    const char *to = NULL;
    int rows = 0;
    hd_db_outcome o = hd_db_exec(db, "ticket_transition", 5, args, &rows);

    if (o != HD_DB_OK) {
        return o;
    }
    if (rows != 1) {
        m->result = HD_TICKET_REFUSED;
        return HD_DB_FAILED; /* ends the transaction; not logged */
    }
    if ((o = hd_db_value(db, "ticket_status", 1, &m->id, &to)) != HD_DB_OK) {
        return o;
    }
    return add_activity(db, m->id, m->kind, m->login, m->name, m->body,
                        m->now.status, to, m->nonce);
}

static hd_db_outcome move_work(hd_db *db, void *baton)
{
    move_state *m = baton;
    hd_db_outcome o = lock_ticket(db, m->id, &m->now);

    m->result = HD_TICKET_DB;
    if (o == HD_DB_OK && !m->now.status) {
        m->result = HD_TICKET_MISSING;
        return HD_DB_FAILED;
    }
    return o == HD_DB_OK ? move_locked(db, m) : o;
}

static hd_ticket_result result_of(hd_db_outcome o, hd_ticket_result domain,
                                  hd_db_outcome *why)
{
    *why = o;
    if (o == HD_DB_OK) {
        return HD_TICKET_DONE;
    }
    if (domain != HD_TICKET_DB) {
        return domain;
    }
    return o == HD_DB_DUPLICATE ? HD_TICKET_REPEATED : HD_TICKET_DB;
}

hd_ticket_result hd_ticket_move(hd_db *db, const char *id, const char *actor,
                                const char *action, const char *kind,
                                const char *login, const char *name,
                                const char *body, const char *solution,
                                const char *nonce, const char **old_category,
                                hd_db_outcome *why)
{
    move_state m = {id,   actor,    action, kind,         login,       name,
                    body, solution, nonce,  {NULL, NULL}, HD_TICKET_DB};
    hd_db_outcome o = transact_clocked(db, move_work, &m, &m.id);

    if (old_category) {
        *old_category = m.now.category;
    }
    return result_of(o, m.result, why);
}

/* The requester's "reply" move from the locked status, when the
 * workflow has one; none is not an error (the comment is still added). */
static hd_db_outcome reply_move(hd_db *db, const char *id,
                                const locked_row *now, const char *login,
                                const char *name)
{
    const char *args[5] = {"requester", "reply", "", "", id};
    const char *to = NULL;
    int rows = 0;
    hd_db_outcome o = hd_db_exec(db, "ticket_transition", 5, args, &rows);

    if (o != HD_DB_OK || rows != 1) {
        return o;
    }
    if ((o = hd_db_value(db, "ticket_status", 1, &id, &to)) != HD_DB_OK) {
        return o;
    }
    return add_activity(db, id, "status", login, name, "", now->status, to,
                        NULL);
}

typedef struct {
    const char *id, *login, *name, *body, *nonce;
    hd_ticket_result result;
} comment_state;

static hd_db_outcome comment_work(hd_db *db, void *baton)
{
    comment_state *c = baton;
    move_state m = {c->id,    "requester",  "reopen",    "reopened",
                    c->login, c->name,      "",          "",
                    NULL,     {NULL, NULL}, HD_TICKET_DB};
    hd_db_outcome o = lock_ticket(db, c->id, &m.now);

    c->result = HD_TICKET_DB;
    if (o == HD_DB_OK && !m.now.status) {
        c->result = HD_TICKET_MISSING;
        return HD_DB_FAILED;
    }
    if (o == HD_DB_OK && !strcmp(m.now.category, "cancelled")) {
        /* Cancelled meanwhile, after the page was read. */
        c->result = HD_TICKET_CANCELLED;
        return HD_DB_FAILED;
    }
    /* A comment on a closed ticket reopens it, in the same transaction. */
    if (o == HD_DB_OK && !strcmp(m.now.category, "closed")) {
        o = move_locked(db, &m);
        c->result = m.result;
    }
    /* A reply to the desk's question or proposed solution hands the ticket
     * back to the desk where the workflow has a "reply" row from here. */
    else if (o == HD_DB_OK) {
        o = reply_move(db, c->id, &m.now, c->login, c->name);
    }
    if (o == HD_DB_OK) {
        o = add_activity(db, c->id, "comment", c->login, c->name, c->body, NULL,
                         NULL, c->nonce);
    }
    if (o == HD_DB_OK) {
        o = hd_db_exec(db, "ticket_touch", 1, &c->id, NULL);
    }
    return o;
}

hd_ticket_result hd_ticket_comment(hd_db *db, const char *id, const char *login,
                                   const char *name, const char *body,
                                   const char *nonce, hd_db_outcome *why)
{
    comment_state c = {id, login, name, body, nonce, HD_TICKET_DB};
    hd_db_outcome o = transact_clocked(db, comment_work, &c, &c.id);
    return result_of(o, c.result, why);
}

/* ------------------------------------------------------------------ */
/* The service desk's changes                                          */
/* ------------------------------------------------------------------ */

/* An agent's move names the status it goes to (several rows may share an
 * action: escalate to Tier 2 or Tier 3); the workflow table still decides
 * whether it exists from here.  The reason (a question, why it waits or
 * is escalated) stays on the ticket until the next move. */
#define HD_SQL_TICKET_TRANSITION_TO                                     \
    "UPDATE tickets t JOIN ticket_transitions tr "                      \
    "ON tr.from_status = t.status AND tr.actor = 'agent' "              \
    "AND tr.to_status = %s "                                            \
    "JOIN ticket_statuses ns ON ns.code = tr.to_status "                \
    "SET t.status = tr.to_status, t.status_rank = ns.sort_order, "      \
    "t.status_reason = LEFT(%s, 300), t.updated_at = NOW(), "           \
    "t.closed_at = IF(tr.to_status IN ('closed', 'cancelled'), NOW(), " \
    "NULL), t.solution = IF(%s = '', t.solution, %s) WHERE t.id = %s"

#define HD_SQL_AGENT_MOVES                                \
    "SELECT tr.to_status, tr.action, s.name, s.category " \
    "FROM ticket_transitions tr JOIN ticket_statuses s "  \
    "ON s.code = tr.to_status WHERE tr.from_status = %s " \
    "AND tr.actor = 'agent' ORDER BY s.sort_order"

#define HD_SQL_TICKET_ASSIGN                               \
    "UPDATE tickets SET assignee_login = NULLIF(%s, ''), " \
    "assignee_name = NULLIF(%s, ''), updated_at = NOW() WHERE id = %s"

static int keep_move(void *baton, const hd_db_row *row)
{
    apr_pool_t *p = hd_db_row_pool(row);
    hd_agent_move *m = apr_array_push(baton);
    m->to = apr_pstrdup(p, hd_db_text(row, "to_status"));
    m->action = apr_pstrdup(p, hd_db_text(row, "action"));
    m->name = apr_pstrdup(p, hd_db_text(row, "name"));
    m->category = apr_pstrdup(p, hd_db_text(row, "category"));
    return 0;
}

hd_db_outcome hd_ticket_agent_moves(hd_db *db, const char *status,
                                    apr_array_header_t **out)
{
    *out = apr_array_make(hd_db_pool(db), 8, sizeof(hd_agent_move));
    return hd_db_select(db, "agent_moves", keep_move, *out, 1, &status);
}

hd_db_outcome hd_ticket_version(hd_db *db, const char *id, const char **seen)
{
    hd_db_outcome o = hd_db_value(db, "ticket_version", 1, &id, seen);
    if (o == HD_DB_OK && !*seen) {
        *seen = "0";
    }
    return o;
}

hd_db_outcome hd_ticket_changes_since(hd_db *db, const char *id,
                                      const char *seen,
                                      apr_array_header_t **out)
{
    const char *args[2];
    args[0] = id;
    args[1] = seen;
    *out = apr_array_make(hd_db_pool(db), 4, sizeof(apr_table_t *));
    return hd_db_select(db, "activity_since", keep_entry, *out, 2, args);
}

/* Inside a change's transaction, after the ticket is locked: has anything
 * been recorded on it since the form saw version seen?  *changed is set;
 * seen "" does not check. */
static hd_db_outcome changed_since(hd_db *db, const char *id, const char *seen,
                                   int *changed)
{
    const char *now = NULL;
    hd_db_outcome o;

    *changed = 0;
    if (!seen || !*seen) {
        return HD_DB_OK;
    }
    o = hd_ticket_version(db, id, &now);
    if (o == HD_DB_OK) {
        *changed = apr_atoi64(now) > apr_atoi64(seen);
    }
    return o;
}

typedef struct {
    const char *id, *to, *login, *name, *reason, *solution, *seen, *nonce;
    locked_row now;
    hd_ticket_result result;
} agent_move_state;

static hd_db_outcome agent_move_work(hd_db *db, void *baton)
{
    agent_move_state *m = baton;
    const char *args[5];
    int rows = 0;
    hd_db_outcome o = lock_ticket(db, m->id, &m->now);

    m->result = HD_TICKET_DB;
    if (o == HD_DB_OK && !m->now.status) {
        m->result = HD_TICKET_MISSING;
        return HD_DB_FAILED;
    }
    if (o == HD_DB_OK) {
        int changed;
        o = changed_since(db, m->id, m->seen, &changed);
        if (o == HD_DB_OK && changed) {
            m->result = HD_TICKET_CHANGED;
            return HD_DB_FAILED;
        }
    }
    if (o != HD_DB_OK) {
        return o;
    }
    args[0] = m->to;
    args[1] = m->reason;
    args[2] = m->solution;
    args[3] = m->solution;
    args[4] = m->id;
    if ((o = hd_db_exec(db, "ticket_transition_to", 5, args, &rows)) !=
        HD_DB_OK) {
        return o;
    }
    if (rows != 1) {
        m->result = HD_TICKET_REFUSED;
        return HD_DB_FAILED;
    }
    return add_activity(db, m->id, "status", m->login, m->name, m->reason,
                        m->now.status, m->to, m->nonce);
}

hd_ticket_result hd_ticket_agent_move(hd_db *db, const char *id, const char *to,
                                      const char *login, const char *name,
                                      const char *reason, const char *solution,
                                      const char *seen, const char *nonce,
                                      hd_db_outcome *why)
{
    agent_move_state m = {id,
                          to,
                          login,
                          name,
                          reason ? reason : "",
                          solution ? solution : "",
                          seen,
                          nonce,
                          {NULL, NULL},
                          HD_TICKET_DB};
    hd_db_outcome o = transact_clocked(db, agent_move_work, &m, &m.id);
    return result_of(o, m.result, why);
}

typedef struct {
    const char *id, *assignee_login, *assignee_name, *login, *name, *seen,
        *nonce;
    hd_ticket_result result;
} assign_state;

static hd_db_outcome assign_work(hd_db *db, void *baton)
{
    assign_state *a = baton;
    locked_row now;
    const char *args[3] = {a->assignee_login, a->assignee_name, a->id};
    hd_db_outcome o = lock_ticket(db, a->id, &now);

    a->result = HD_TICKET_DB;
    if (o == HD_DB_OK && !now.status) {
        a->result = HD_TICKET_MISSING;
        return HD_DB_FAILED;
    }
    if (o == HD_DB_OK) {
        int changed;
        o = changed_since(db, a->id, a->seen, &changed);
        if (o == HD_DB_OK && changed) {
            a->result = HD_TICKET_CHANGED;
            return HD_DB_FAILED;
        }
    }
    if (o == HD_DB_OK) {
        o = hd_db_exec(db, "ticket_assign", 3, args, NULL);
    }
    if (o == HD_DB_OK) {
        o = add_activity(db, a->id, "assigned", a->login, a->name,
                         *a->assignee_login
                             ? apr_pstrcat(hd_db_pool(db), "Assigned to ",
                                           a->assignee_name, ".", NULL)
                             : "No longer assigned.",
                         NULL, NULL, a->nonce);
    }
    return o;
}

hd_ticket_result hd_ticket_assign(hd_db *db, const char *id,
                                  const char *assignee_login,
                                  const char *assignee_name, const char *login,
                                  const char *name, const char *seen,
                                  const char *nonce, hd_db_outcome *why)
{
    assign_state a = {id,   assignee_login, assignee_name, login,
                      name, seen,           nonce,         HD_TICKET_DB};
    hd_db_outcome o = hd_db_transact(db, assign_work, &a);
    return result_of(o, a.result, why);
}

/* The classification as it is, locked with the ticket. */
#define HD_SQL_TICKET_CLASS                                            \
    "SELECT tm.code AS team_code, tm.name AS team_name, t.call_type, " \
    "t.priority, pr.name AS priority_name FROM tickets t "             \
    "JOIN teams tm ON tm.id = t.team_id "                              \
    "JOIN priorities pr ON pr.level = t.priority WHERE t.id = %s FOR UPDATE"

#define HD_SQL_TICKET_RECLASSIFY                                        \
    "UPDATE tickets t JOIN teams tm ON tm.code = %s AND tm.active = 1 " \
    "JOIN priorities pr ON pr.level = %s "                              \
    "SET t.team_id = tm.id, t.call_type = %s, t.priority = pr.level, "  \
    "t.updated_at = NOW() WHERE t.id = %s"

typedef struct {
    const char *id, *team, *call_type, *priority, *login, *name, *seen, *nonce;
    hd_ticket_result result;
} classify_state;

static int keep_class(void *baton, const hd_db_row *row)
{
    apr_pool_t *p = hd_db_row_pool(row);
    apr_table_t *t = apr_table_make(p, 5);
    static const char *const names[] = {"team_code", "team_name", "call_type",
                                        "priority", "priority_name"};
    unsigned i;
    for (i = 0; i < sizeof(names) / sizeof(names[0]); i++) {
        apr_table_set(t, names[i], hd_db_text(row, names[i]));
    }
    *(apr_table_t **)baton = t;
    return 0;
}

/* "Priority: Medium -> High" lines for what differs. */
static const char *describe_changes(apr_pool_t *p, apr_table_t *before,
                                    apr_table_t *after)
{
    const char *out = "";
    if (strcmp(apr_table_get(before, "team_code"),
               apr_table_get(after, "team_code"))) {
        out = apr_pstrcat(p, out, "Team: ", apr_table_get(before, "team_name"),
                          " → ", apr_table_get(after, "team_name"), "\n", NULL);
    }
    if (strcmp(apr_table_get(before, "call_type"),
               apr_table_get(after, "call_type"))) {
        out = apr_pstrcat(p, out,
                          "Call type: ", apr_table_get(before, "call_type"),
                          " → ", apr_table_get(after, "call_type"), "\n", NULL);
    }
    if (strcmp(apr_table_get(before, "priority"),
               apr_table_get(after, "priority"))) {
        out = apr_pstrcat(
            p, out, "Priority: ", apr_table_get(before, "priority_name"), " → ",
            apr_table_get(after, "priority_name"), "\n", NULL);
    }
    return out;
}

static hd_db_outcome classify_work(hd_db *db, void *baton)
{
    classify_state *c = baton;
    apr_table_t *before = NULL, *after = NULL;
    const char *args[4] = {c->team, c->priority, c->call_type, c->id};
    const char *what;
    int changed;
    hd_db_outcome o;

    c->result = HD_TICKET_DB;
    o = hd_db_select(db, "ticket_class", keep_class, &before, 1, &c->id);
    if (o == HD_DB_OK && !before) {
        c->result = HD_TICKET_MISSING;
        return HD_DB_FAILED;
    }
    if (o == HD_DB_OK) {
        o = changed_since(db, c->id, c->seen, &changed);
        if (o == HD_DB_OK && changed) {
            c->result = HD_TICKET_CHANGED;
            return HD_DB_FAILED;
        }
    }
    if (o == HD_DB_OK) {
        o = hd_db_exec(db, "ticket_reclassify", 4, args, NULL);
    }
    /* Read back what the ticket is now: with no row changed, either
     * nothing was to change or the team or priority does not exist. */
    if (o == HD_DB_OK) {
        o = hd_db_select(db, "ticket_class", keep_class, &after, 1, &c->id);
    }
    if (o != HD_DB_OK) {
        return o;
    }
    what = describe_changes(hd_db_pool(db), before, after);
    if (!*what) {
        if (strcmp(apr_table_get(after, "team_code"), c->team) ||
            strcmp(apr_table_get(after, "priority"), c->priority)) {
            c->result = HD_TICKET_INVALID;
            return HD_DB_FAILED;
        }
        return HD_DB_OK; /* nothing to change: nothing to record */
    }
    return add_activity(db, c->id, "changed", c->login, c->name, what, NULL,
                        NULL, c->nonce);
}

hd_ticket_result hd_ticket_classify(hd_db *db, const char *id,
                                    const char *team_code,
                                    const char *call_type, const char *priority,
                                    const char *login, const char *name,
                                    const char *seen, const char *nonce,
                                    hd_db_outcome *why)
{
    classify_state c = {id,   team_code, call_type, priority,    login,
                        name, seen,      nonce,     HD_TICKET_DB};
    hd_db_outcome o = transact_clocked(db, classify_work, &c, &c.id);
    return result_of(o, c.result, why);
}

typedef struct {
    const char *id, *login, *name, *body, *nonce;
    int internal;
    hd_ticket_result result;
} reply_state;

/* A public reply moves the ticket up the lists like any activity; an
 * internal note does not touch the ticket at all, so staff cannot even
 * tell from "last updated" that the desk wrote something. */
static hd_db_outcome reply_work(hd_db *db, void *baton)
{
    reply_state *r = baton;
    locked_row now;
    hd_db_outcome o = lock_ticket(db, r->id, &now);

    r->result = HD_TICKET_DB;
    if (o == HD_DB_OK && !now.status) {
        r->result = HD_TICKET_MISSING;
        return HD_DB_FAILED;
    }
    if (o != HD_DB_OK) {
        return o;
    }
    if (r->internal) {
        const char *note[5] = {r->id, r->login, r->name, r->body,
                               r->nonce ? r->nonce : ""};
        return hd_db_exec(db, "activity_note", 5, note, NULL);
    }
    o = add_activity(db, r->id, "update", r->login, r->name, r->body, NULL,
                     NULL, r->nonce);
    if (o == HD_DB_OK) {
        o = hd_db_exec(db, "ticket_touch", 1, &r->id, NULL);
    }
    return o;
}

hd_ticket_result hd_ticket_reply(hd_db *db, const char *id, const char *login,
                                 const char *name, const char *body,
                                 int internal, const char *nonce,
                                 hd_db_outcome *why)
{
    reply_state r = {id, login, name, body, nonce, internal, HD_TICKET_DB};
    hd_db_outcome o = transact_clocked(db, reply_work, &r, &r.id);
    return result_of(o, r.result, why);
}

/* ------------------------------------------------------------------ */
/* "Did it fix it?"                                                     */
/* ------------------------------------------------------------------ */

typedef struct {
    const char *id, *login, *name, *rating, *comment, *nonce;
    int fixed;
    hd_ticket_result result;
} feedback_state;

static hd_db_outcome feedback_work(hd_db *db, void *baton)
{
    feedback_state *f = baton;
    const char *args[6] = {f->login,   f->fixed ? "1" : "0",     f->rating,
                           f->comment, f->nonce ? f->nonce : "", f->id};
    move_state m = {f->id,    "requester",  "",          "status",
                    f->login, f->name,      "",          "",
                    NULL,     {NULL, NULL}, HD_TICKET_DB};
    hd_db_outcome o = lock_ticket(db, f->id, &m.now);

    f->result = HD_TICKET_DB;
    if (o == HD_DB_OK && !m.now.status) {
        f->result = HD_TICKET_MISSING;
        return HD_DB_FAILED;
    }
    if (o == HD_DB_OK && strcmp(m.now.status, "pending_closure") &&
        strcmp(m.now.category, "closed")) {
        f->result = HD_TICKET_REFUSED; /* nothing was proposed or closed */
        return HD_DB_FAILED;
    }
    if (o == HD_DB_OK) {
        o = hd_db_exec(db, "feedback_insert", 6, args, NULL);
    }
    if (o != HD_DB_OK || f->fixed) {
        return o;
    }
    /* Not fixed: back to the desk, with the person's words. */
    m.action = strcmp(m.now.category, "closed") ? "reply" : "reopen";
    m.kind = strcmp(m.now.category, "closed") ? "status" : "reopened";
    o = move_locked(db, &m);
    f->result = m.result;
    if (o == HD_DB_OK) {
        o = add_activity(
            db, f->id, "comment", f->login, f->name,
            apr_pstrcat(hd_db_pool(db), "It is not fixed. ", f->comment, NULL),
            NULL, NULL, NULL);
    }
    if (o == HD_DB_OK) {
        o = hd_db_exec(db, "ticket_touch", 1, &f->id, NULL);
    }
    return o;
}

hd_ticket_result hd_ticket_feedback(hd_db *db, const char *id,
                                    const char *login, const char *name,
                                    int fixed, const char *rating,
                                    const char *comment, const char *nonce,
                                    hd_db_outcome *why)
{
    feedback_state f = {
        id,    login, name,        rating ? rating : "", comment ? comment : "",
        nonce, fixed, HD_TICKET_DB};
    hd_db_outcome o = transact_clocked(db, feedback_work, &f, &f.id);
    return result_of(o, f.result, why);
}

typedef struct {
    const char *fixed, *rating;
} feedback_row;

static int keep_feedback(void *baton, const hd_db_row *row)
{
    feedback_row *f = baton;
    apr_pool_t *p = hd_db_row_pool(row);
    f->fixed = apr_pstrdup(p, hd_db_text(row, "fixed"));
    f->rating = apr_pstrdup(p, hd_db_text(row, "rating"));
    return 0;
}

hd_db_outcome hd_ticket_feedback_get(hd_db *db, const char *id,
                                     const char **fixed, const char **rating)
{
    feedback_row f = {NULL, NULL};
    hd_db_outcome o =
        hd_db_select(db, "feedback_get", keep_feedback, &f, 1, &id);
    *fixed = f.fixed;
    *rating = f.rating;
    return o;
}

/* ------------------------------------------------------------------ */
/* Registration                                                        */
/* ------------------------------------------------------------------ */

static const hd_db_statement statements[] = {
    {"ticket_by_nonce", "SELECT id FROM tickets WHERE form_nonce = %s"},
    {"ticket_status", "SELECT status FROM tickets WHERE id = %s"},
    {"ticket_lock", HD_SQL_TICKET_LOCK},
    {"ticket_insert", HD_SQL_TICKET_INSERT},
    {"ticket_transition", HD_SQL_TICKET_TRANSITION},
    {"ticket_touch", HD_SQL_TICKET_TOUCH},
    {"last_insert_id", "SELECT LAST_INSERT_ID()"},
    {"activity_list", HD_SQL_ACTIVITY_LIST},
    {"activity_insert", HD_SQL_ACTIVITY_INSERT},
    {"activity_note",
     "INSERT INTO ticket_activity (ticket_id, kind, author_login, "
     "author_name, body, internal, form_nonce) "
     "VALUES (%s, 'internal_note', %s, %s, %s, 1, NULLIF(%s, ''))"},
    {"ticket_transition_to", HD_SQL_TICKET_TRANSITION_TO},
    {"agent_moves", HD_SQL_AGENT_MOVES},
    {"ticket_assign", HD_SQL_TICKET_ASSIGN},
    {"ticket_version", "SELECT MAX(id) FROM ticket_activity WHERE "
                       "ticket_id = %s"},
    {"activity_since",
     "SELECT a.id, a.kind, a.author_login, a.author_name, a.body, "
     "a.created_at, IF(a.internal, 'true', 'false') AS internal, "
     "COALESCE(ns.name, '') AS status_name FROM ticket_activity a "
     "LEFT JOIN ticket_statuses ns ON ns.code = a.new_status "
     "WHERE a.ticket_id = %s AND a.id > %s ORDER BY a.id"},
    {"ticket_class", HD_SQL_TICKET_CLASS},
    {"feedback_insert",
     "INSERT INTO ticket_feedback (ticket_id, login, fixed, rating, comment, "
     "team_id, form_nonce) SELECT t.id, %s, %s, NULLIF(%s, ''), %s, "
     "t.team_id, NULLIF(%s, '') FROM tickets t WHERE t.id = %s"},
    /* Asked once per resolution: an answer given since the ticket last
     * entered its present status counts. */
    {"feedback_get",
     "SELECT f.fixed, COALESCE(f.rating, '') AS rating FROM ticket_feedback f "
     "JOIN tickets t ON t.id = f.ticket_id WHERE f.ticket_id = %s "
     "AND f.created_at >= t.status_since ORDER BY f.id DESC LIMIT 1"},
    {"ticket_reclassify", HD_SQL_TICKET_RECLASSIFY},
};

hd_db_statements hd_ticket_statements(apr_pool_t *p)
{
    const char *visible = visible_condition(p);
    hd_db_statement *all =
        apr_pcalloc(p, sizeof(statements) + 2 * sizeof(hd_db_statement));
    int n = (int)(sizeof(statements) / sizeof(statements[0]));
    hd_db_statements g;

    memcpy(all, statements, sizeof(statements));
    all[n].label = "ticket_get";
    all[n++].sql = apr_pstrcat(p, HD_SQL_TICKET_GET, visible, NULL);
    /* Whether the viewer may see ticket %s (a reference typed into the
     * search box): the one visibility rule, nothing else read. */
    all[n].label = "ticket_visible";
    all[n++].sql = apr_pstrcat(
        p, "SELECT t.id FROM tickets t WHERE t.id = %s AND ", visible, NULL);
    g.list = all;
    g.count = n;
    return g;
}
