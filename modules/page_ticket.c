/*
 * page_ticket.c -- one ticket: logging it, reading it, talking on it,
 * resolving or cancelling it.
 *
 *   GET  <base>/tickets/new            ticket-new.xsl  the form
 *   POST <base>/tickets/new                            create (303 / 201)
 *   GET  <base>/tickets/HD-n           ticket.xsl      the ticket
 *   POST <base>/tickets/HD-n/comment                   add a comment
 *   GET  <base>/tickets/HD-n/resolve   ticket.xsl      confirm, then POST
 *   GET  <base>/tickets/HD-n/cancel    ticket.xsl      confirm, then POST
 *
 * Rights: a ticket the user may not see is a 404 like a missing one
 * (the SQL itself filters, HD_SQL_VISIBLE); only its requester and its
 * logger act on it (403 for others who can see it).
 */
#include "mod_helpdesk.h"

/* ------------------------------------------------------------------ */
/* Shared with page_tickets.c                                          */
/* ------------------------------------------------------------------ */

const char **hd_ticket_visibility_args(hd_req *rq, const char **args)
{
    const hd_user_t *u = rq->user;
    args[0] = u->is_agent ? "1" : "0";
    args[1] = u->login;
    args[2] = u->login;
    args[3] = u->organisation ? u->organisation : "";
    args[4] = u->is_supervisor ? "1" : "0";
    return args + 5;
}

const char *hd_ticket_ref(apr_pool_t *p, const char *id)
{
    return apr_pstrcat(p, "HD-", id, NULL);
}

/* "HD-1042" -> "1042"; NULL for anything else (also leading zeros, so
 * one ticket has one address). */
static const char *ref_to_id(const char *ref)
{
    const char *d = ref + 3;
    if (strncmp(ref, "HD-", 3) || !*d || *d == '0' ||
        strspn(d, "0123456789") != strlen(d) || strlen(d) > 9) {
        return NULL;
    }
    return d;
}

/* ------------------------------------------------------------------ */
/* Reading one ticket                                                  */
/* ------------------------------------------------------------------ */

/* hd_ticket_get's columns as attributes of <ticket>; NULL: shown
 * otherwise (details and solution as formatted text). */
static const char *const ticket_columns[] = {"id",
                                             "kind",
                                             "summary",
                                             NULL,
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
                                             NULL,
                                             "created",
                                             "updated"};

typedef struct {
    xmlNodePtr node; /* <ticket>, once found */
    const char *id, *status, *category;
    const char *requester, *logger;
} ticket_row;

static int add_ticket(hd_req *rq, void *baton, int n, const char **c)
{
    ticket_row *t = baton;
    apr_pool_t *p = rq->r->pool;
    xmlNodePtr e = hd_xml_child(rq->root, "ticket");

    t->node = e;
    t->id = apr_pstrdup(p, c[0]);
    t->status = apr_pstrdup(p, c[4]);
    t->category = apr_pstrdup(p, c[6]);
    t->requester = apr_pstrdup(p, c[14]);
    t->logger = apr_pstrdup(p, c[19]);
    hd_xml_attr(e, "ref", hd_ticket_ref(p, c[0]));
    hd_xml_attrs(e, ticket_columns, n, c);
    hd_text_to_xml(hd_xml_child(e, "details"), c[3]);
    if (c[23] && *c[23]) {
        hd_text_to_xml(hd_xml_child(e, "solution"), c[23]);
    }
    return 0;
}

static int add_activity(hd_req *rq, void *baton, int n, const char **c)
{
    xmlNodePtr e = hd_xml_child(baton, "entry");
    hd_xml_attr(e, "kind", c[0]);
    hd_xml_attr(e, "author-login", c[1]);
    hd_xml_attr(e, "author", c[2]);
    hd_xml_attr(e, "time", c[4]);
    if (c[5] && *c[5]) {
        hd_xml_attr(e, "status-name", c[5]);
    }
    hd_text_to_xml(e, c[3]);
    (void)rq;
    (void)n;
    return 0;
}

static int may_act(hd_req *rq, const ticket_row *t)
{
    return !strcmp(t->requester, rq->user->login) ||
           !strcmp(t->logger, rq->user->login);
}

/* Load the ticket the URL names into rq->root: OK or 404 (also when
 * the user may not see it). */
static int load_ticket(hd_req *rq, ticket_row *t)
{
    const char *ref = APR_ARRAY_IDX(rq->args, 0, const char *);
    const char *id = ref_to_id(ref);
    const char *args[6];
    int rv;

    memset(t, 0, sizeof(*t));
    if (!id) {
        return HTTP_NOT_FOUND;
    }
    args[0] = id;
    hd_ticket_visibility_args(rq, args + 1);
    rv = hd_db_select(rq, "hd_ticket_get", add_ticket, t, 6, args);
    if (rv != OK) {
        return rv;
    }
    if (!t->node) {
        return HTTP_NOT_FOUND; /* missing or not theirs: the same 404 */
    }
    return hd_db_select(rq, "hd_activity_list", add_activity,
                        hd_xml_list(t->node, "activity"), 1, args);
}

/* An action's address and a token for a form posting there (a token
 * is good for that one form only: see hd_csrf.c). */
static void add_action(hd_req *rq, xmlNodePtr a, const ticket_row *t,
                       const char *action)
{
    apr_pool_t *p = rq->r->pool;
    const char *path =
        apr_pstrcat(p, "/tickets/", hd_ticket_ref(p, t->id), "/", action, NULL);
    hd_xml_attr(a, action, apr_pstrcat(p, rq->sconf->base_url, path, NULL));
    hd_xml_attr(a, apr_pstrcat(p, action, "-csrf", NULL),
                hd_form_token(rq, path));
}

/* What the user may do, as attributes and the forms' addresses. */
static void add_actions(hd_req *rq, const ticket_row *t)
{
    int act = may_act(rq, t);
    int live =
        strcmp(t->category, "closed") && strcmp(t->category, "cancelled");
    xmlNodePtr a;

    hd_xml_attr(t->node, "can-comment",
                act && strcmp(t->category, "cancelled") ? "true" : "false");
    hd_xml_attr(t->node, "can-resolve", act && live ? "true" : "false");
    hd_xml_attr(t->node, "can-cancel", act && live ? "true" : "false");
    if (!act) {
        return;
    }
    a = hd_xml_child(rq->root, "actions");
    add_action(rq, a, t, "comment");
    add_action(rq, a, t, "resolve");
    add_action(rq, a, t, "cancel");
}

/* The ticket page, with an optional extra element (notice, confirm). */
static int show(hd_req *rq, ticket_row *t)
{
    int rv;
    hd_render_begin(rq, "ticket");
    if ((rv = load_ticket(rq, t)) != OK) {
        return rv;
    }
    add_actions(rq, t);
    return OK;
}

/* ?created=1 and ?done=... (the 303 after a change) say what just
 * happened, so the person knows it worked. */
static const char *notice_kind(hd_req *rq)
{
    static const char *const done[] = {"comment", "resolved", "cancelled"};
    const char *created = apr_table_get(rq->query, "created");
    const char *d = apr_table_get(rq->query, "done");
    unsigned i;

    if (created && !strcmp(created, "1")) {
        return "created";
    }
    for (i = 0; d && i < sizeof(done) / sizeof(done[0]); i++) {
        if (!strcmp(d, done[i])) {
            return done[i];
        }
    }
    return NULL;
}

int hd_page_ticket(hd_req *rq)
{
    ticket_row t;
    const char *kind = notice_kind(rq);
    int rv = show(rq, &t);

    if (rv == OK && kind) {
        xmlNodePtr n =
            xmlNewChild(rq->root, NULL, (const xmlChar *)"notice", NULL);
        /* The notice goes first so it is read first. */
        xmlUnlinkNode(n);
        if (rq->root->children) {
            xmlAddPrevSibling(rq->root->children, n);
        }
        else {
            xmlAddChild(rq->root, n);
        }
        hd_xml_attr(n, "kind", kind);
        hd_xml_attr(n, "ref", hd_ticket_ref(rq->r->pool, t.id));
    }
    return rv;
}

/* ------------------------------------------------------------------ */
/* Acting on a ticket                                                  */
/* ------------------------------------------------------------------ */

/* 303 to the ticket (HTML) or its document (API). */
static int back_to_ticket(hd_req *rq, const char *id, const char *extra)
{
    request_rec *r = rq->r;
    const char *url = apr_pstrcat(r->pool, rq->sconf->base_url, "/tickets/",
                                  hd_ticket_ref(r->pool, id), extra, NULL);
    apr_table_setn(r->headers_out, "Location", url);
    return HTTP_SEE_OTHER;
}

static int add_activity_row(hd_req *rq, const char *id, const char *kind,
                            const char *body, const char *old_status,
                            const char *new_status, const char *nonce)
{
    const char *args[8] = {id,
                           kind,
                           rq->user->login,
                           rq->user->name ? rq->user->name : rq->user->login,
                           body,
                           old_status ? old_status : "",
                           new_status ? new_status : "",
                           nonce ? nonce : ""};
    return hd_db_exec(rq, "hd_activity_insert", 8, args, NULL);
}

/* The ticket's status and category as they are now, locked until the
 * transaction ends; 404 when it is gone. */
typedef struct {
    const char *status, *category;
} locked_row;

static int keep_locked(hd_req *rq, void *baton, int n, const char **c)
{
    locked_row *l = baton;
    l->status = apr_pstrdup(rq->r->pool, c[0]);
    l->category = apr_pstrdup(rq->r->pool, c[1]);
    (void)n;
    return 0;
}

static int lock_ticket(hd_req *rq, const char *id, locked_row *now)
{
    int rv;
    memset(now, 0, sizeof(*now));
    rv = hd_db_select(rq, "hd_ticket_lock", keep_locked, now, 1, &id);
    if (rv == OK && !now->status) {
        rv = HTTP_NOT_FOUND;
    }
    return rv;
}

/* Move the locked ticket along the requester's workflow and record the
 * move; the activity row carries the form's nonce (UNIQUE), so a form
 * posted again -- say a resolve replayed after a reopen -- is a
 * duplicate (409 without a message) and its transaction is rolled back. */
static int transition(hd_req *rq, const char *id, const locked_row *now,
                      const char *action, const char *kind, const char *body,
                      const char *solution, const char *nonce)
{
    const char *args[4] = {action, solution, solution, id};
    const char *to = NULL;
    int rows = 0, rv;

    if ((rv = hd_db_exec(rq, "hd_ticket_transition", 4, args, &rows)) != OK) {
        return rv;
    }
    if (rows != 1) {
        rq->error_message = "This ticket cannot do that in its present "
                            "status.";
        return HTTP_CONFLICT;
    }
    /* The new status is the workflow table's answer, read back in the
     * same transaction. */
    if ((rv = hd_db_value(rq, "hd_ticket_status", 1, &id, &to)) != OK) {
        return rv;
    }
    return add_activity_row(rq, id, kind, body, now->status, to, nonce);
}

/* COMMIT, and only a COMMIT that succeeded counts as done; anything
 * else ends the transaction rolled back and says the database did not
 * confirm (503: the same form can be sent again, its nonce makes that
 * safe). */
static int finish(hd_req *rq, int rv)
{
    if (rv != OK) {
        hd_db_end(rq, 0);
        return rv;
    }
    if (hd_db_end(rq, 1) != OK) {
        rq->error_message = "The ticket database did not confirm the "
                            "change, so it may not have been saved. Try "
                            "again.";
        return HTTP_SERVICE_UNAVAILABLE;
    }
    return OK;
}

/* The start of every POST on a ticket: form, token, ticket, right. */
static int begin_action(hd_req *rq, ticket_row *t)
{
    int rv;
    if ((rv = hd_form_read(rq)) != OK || (rv = show(rq, t)) != OK) {
        return rv;
    }
    if (!may_act(rq, t)) {
        rq->error_message = "Only the person the ticket is for, or who "
                            "logged it, can do that.";
        return HTTP_FORBIDDEN;
    }
    return hd_form_check_token(rq);
}

/* Re-show the ticket with the comment kept and its error; keep_token
 * re-uses the posted token, so that sending the form again cannot add
 * the comment twice when the first attempt did land after all. */
static int comment_error(hd_req *rq, int status, const char *message,
                         int keep_token)
{
    xmlNodePtr f = hd_xml_child(rq->root, "comment-form");
    xmlNodePtr err = hd_xml_child(hd_xml_list(f, "errors"), "error");
    hd_xml_attr(f, "body", hd_form_field(rq, "body"));
    if (keep_token) {
        hd_xml_attr(f, "csrf", hd_form_field(rq, "csrf"));
    }
    hd_xml_attr(err, "field", "body");
    hd_xml_attr(err, "message", message);
    rq->error_message = NULL;
    rq->r->status = status;
    return OK;
}

static const char *const cancelled_message =
    "This ticket was cancelled and cannot be reopened. Log a new ticket "
    "instead.";

/* Store the comment (reopening a closed ticket) in one transaction. */
static int store_comment(hd_req *rq, const char *id, const char *body)
{
    locked_row now;
    int rv;

    if ((rv = hd_db_begin(rq)) != OK) {
        return rv;
    }
    rv = lock_ticket(rq, id, &now);
    if (rv == OK && !strcmp(now.category, "cancelled")) {
        /* Cancelled meanwhile, after the page was read. */
        rq->error_message = cancelled_message;
        rv = HTTP_CONFLICT;
    }
    if (rv == OK && !strcmp(now.category, "closed")) {
        rv = transition(rq, id, &now, "reopen", "reopened", "", "", NULL);
    }
    if (rv == OK) {
        rv = add_activity_row(rq, id, "comment", body, NULL, NULL,
                              rq->form_nonce);
    }
    if (rv == OK) {
        rv = hd_db_exec(rq, "hd_ticket_touch", 1, &id, NULL);
    }
    return finish(rq, rv);
}

int hd_page_ticket_comment(hd_req *rq)
{
    ticket_row t;
    const char *body;
    long chars;
    int rv = begin_action(rq, &t);

    if (rv == HTTP_FORBIDDEN && rq->form_nonce == NULL && t.node &&
        may_act(rq, &t)) {
        /* An expired form: keep what they wrote, give a fresh one. */
        return comment_error(rq, HTTP_FORBIDDEN, rq->error_message, 0);
    }
    if (rv != OK) {
        return rv;
    }
    if (!strcmp(t.category, "cancelled")) {
        rq->error_message = cancelled_message;
        return HTTP_CONFLICT;
    }
    body = hd_form_field(rq, "body");
    chars = hd_request_text_chars(body, 1);
    if (chars < 0) {
        return comment_error(rq, HTTP_BAD_REQUEST,
                             "The comment holds characters that cannot be "
                             "shown.",
                             0);
    }
    if (hd_request_is_blank(body)) {
        return comment_error(rq, HTTP_BAD_REQUEST, "Enter a comment.", 0);
    }
    if (chars > rq->sconf->max_text) {
        return comment_error(rq, HTTP_BAD_REQUEST,
                             apr_psprintf(rq->r->pool,
                                          "The comment must be "
                                          "%d characters or fewer.",
                                          rq->sconf->max_text),
                             0);
    }
    rv = store_comment(rq, t.id, body);
    if (rv == HTTP_CONFLICT && rq->error_message == NULL) {
        /* The same form posted twice: the comment is already there. */
        return back_to_ticket(rq, t.id, "?done=comment#activity");
    }
    if (rv == HTTP_SERVICE_UNAVAILABLE && rq->doc) {
        return comment_error(rq, rv,
                             rq->error_message
                                 ? rq->error_message
                                 : "The ticket database cannot be reached. "
                                   "Your comment is kept below: try again.",
                             1);
    }
    if (rv != OK) {
        return rv;
    }
    return back_to_ticket(rq, t.id, "?done=comment#activity");
}

/* GET: the confirmation step; POST: do it. */
static int resolve_or_cancel(hd_req *rq, const char *action)
{
    ticket_row t;
    locked_row now;
    int resolve = !strcmp(action, "resolve");
    const char *solution;
    const char *done = resolve ? "?done=resolved" : "?done=cancelled";
    long chars;
    int rv;

    if (strcmp(rq->r->method, "POST")) {
        xmlNodePtr c;
        if ((rv = show(rq, &t)) != OK) {
            return rv;
        }
        if (!may_act(rq, &t)) {
            rq->error_message = "Only the person the ticket is for, or who "
                                "logged it, can do that.";
            return HTTP_FORBIDDEN;
        }
        c = hd_xml_child(rq->root, "confirm");
        hd_xml_attr(c, "action", action);
        return OK;
    }
    if ((rv = begin_action(rq, &t)) != OK) {
        return rv;
    }
    solution = resolve ? hd_form_field(rq, "solution") : "";
    chars = hd_request_text_chars(solution, 1);
    if (chars < 0 || chars > rq->sconf->max_text) {
        rq->error_message = "The solution is too long or holds characters "
                            "that cannot be shown.";
        return HTTP_BAD_REQUEST;
    }
    if ((rv = hd_db_begin(rq)) != OK) {
        return rv;
    }
    rv = lock_ticket(rq, t.id, &now);
    if (rv == OK) {
        rv = transition(rq, t.id, &now, action,
                        resolve ? "resolved" : "cancelled", solution, solution,
                        rq->form_nonce);
    }
    rv = finish(rq, rv);
    if (rv == HTTP_CONFLICT && rq->error_message == NULL) {
        return back_to_ticket(rq, t.id, done); /* this form, sent again */
    }
    if (rv == HTTP_CONFLICT && !strcmp(now.category ? now.category : t.category,
                                       resolve ? "closed" : "cancelled")) {
        return back_to_ticket(rq, t.id, ""); /* already done by another */
    }
    return rv == OK ? back_to_ticket(rq, t.id, done) : rv;
}

int hd_page_ticket_resolve(hd_req *rq)
{
    return resolve_or_cancel(rq, "resolve");
}

int hd_page_ticket_cancel(hd_req *rq)
{
    return resolve_or_cancel(rq, "cancel");
}
