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

/* What the user may do, as attributes and the forms' addresses. */
static void add_actions(hd_req *rq, const ticket_row *t)
{
    int act = may_act(rq, t);
    int live =
        strcmp(t->category, "closed") && strcmp(t->category, "cancelled");
    const char *self =
        apr_pstrcat(rq->r->pool, rq->sconf->base_url, "/tickets/",
                    hd_ticket_ref(rq->r->pool, t->id), NULL);
    xmlNodePtr a;

    hd_xml_attr(t->node, "can-comment",
                act && strcmp(t->category, "cancelled") ? "true" : "false");
    hd_xml_attr(t->node, "can-resolve", act && live ? "true" : "false");
    hd_xml_attr(t->node, "can-cancel", act && live ? "true" : "false");
    if (!act) {
        return;
    }
    a = hd_xml_child(rq->root, "actions");
    hd_xml_attr(a, "csrf", hd_form_token(rq));
    hd_xml_attr(a, "comment", apr_pstrcat(rq->r->pool, self, "/comment", NULL));
    hd_xml_attr(a, "resolve", apr_pstrcat(rq->r->pool, self, "/resolve", NULL));
    hd_xml_attr(a, "cancel", apr_pstrcat(rq->r->pool, self, "/cancel", NULL));
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

int hd_page_ticket(hd_req *rq)
{
    ticket_row t;
    const char *created = apr_table_get(rq->query, "created");
    int rv = show(rq, &t);

    if (rv == OK && created && !strcmp(created, "1")) {
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
        hd_xml_attr(n, "kind", "created");
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

static const char *ticket_status(hd_req *rq, const char *id)
{
    const char *status = NULL;
    hd_db_value(rq, "hd_ticket_status", 1, &id, &status);
    return status;
}

/* Move ticket t (loaded in this request, so its status is known) along
 * the requester's workflow and record it. */
static int transition(hd_req *rq, const ticket_row *t, const char *action,
                      const char *kind, const char *body, const char *solution)
{
    const char *id = t->id;
    const char *args[4] = {action, solution, solution, id};
    int rows = 0, rv;

    if ((rv = hd_db_exec(rq, "hd_ticket_transition", 4, args, &rows)) != OK) {
        return rv;
    }
    if (rows != 1) {
        rq->error_message = "This ticket cannot do that in its present "
                            "status.";
        return HTTP_CONFLICT;
    }
    /* The new status is the table's answer; read it back. */
    return add_activity_row(rq, id, kind, body, t->status,
                            ticket_status(rq, id), NULL);
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

/* Re-show the ticket with the comment kept and its error. */
static int comment_error(hd_req *rq, int status, const char *message)
{
    xmlNodePtr f = hd_xml_child(rq->root, "comment-form");
    xmlNodePtr err = hd_xml_child(hd_xml_list(f, "errors"), "error");
    hd_xml_attr(f, "body", hd_form_field(rq, "body"));
    hd_xml_attr(err, "field", "body");
    hd_xml_attr(err, "message", message);
    rq->r->status = status;
    return OK;
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
        return comment_error(rq, HTTP_FORBIDDEN, rq->error_message);
    }
    if (rv != OK) {
        return rv;
    }
    if (!strcmp(t.category, "cancelled")) {
        rq->error_message = "This ticket was cancelled and cannot be "
                            "reopened. Log a new ticket instead.";
        return HTTP_CONFLICT;
    }
    body = hd_form_field(rq, "body");
    chars = hd_request_text_chars(body, 1);
    if (chars < 0) {
        return comment_error(rq, HTTP_BAD_REQUEST,
                             "The comment holds characters that cannot be "
                             "shown.");
    }
    if (hd_request_is_blank(body)) {
        return comment_error(rq, HTTP_BAD_REQUEST, "Enter a comment.");
    }
    if (chars > rq->sconf->max_text) {
        return comment_error(rq, HTTP_BAD_REQUEST,
                             apr_psprintf(rq->r->pool,
                                          "The comment must be "
                                          "%d characters or fewer.",
                                          rq->sconf->max_text));
    }
    if ((rv = hd_db_begin(rq)) != OK) {
        return rv;
    }
    /* A comment on a closed ticket reopens it, in the same transaction. */
    if (!strcmp(t.category, "closed")) {
        rv = transition(rq, &t, "reopen", "reopened", "", "");
    }
    if (rv == OK) {
        rv = add_activity_row(rq, t.id, "comment", body, NULL, NULL,
                              rq->form_nonce);
    }
    if (rv == OK) {
        const char *id = t.id;
        rv = hd_db_exec(rq, "hd_ticket_touch", 1, &id, NULL);
    }
    if (rv == HTTP_CONFLICT && rq->error_message == NULL) {
        /* The same form posted twice: the comment is already there. */
        hd_db_end(rq, 0);
        return back_to_ticket(rq, t.id, "#activity");
    }
    if (rv != OK) {
        hd_db_end(rq, 0);
        return rv;
    }
    if ((rv = hd_db_end(rq, 1)) != OK) {
        return rv;
    }
    return back_to_ticket(rq, t.id, "#activity");
}

/* GET: the confirmation step; POST: do it. */
static int resolve_or_cancel(hd_req *rq, const char *action)
{
    ticket_row t;
    int resolve = !strcmp(action, "resolve");
    const char *solution;
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
    rv = transition(rq, &t, action, resolve ? "resolved" : "cancelled",
                    solution, solution);
    hd_db_end(rq, rv == OK);
    if (rv == HTTP_CONFLICT &&
        !strcmp(t.category, resolve ? "closed" : "cancelled")) {
        return back_to_ticket(rq, t.id, ""); /* already done: a repeat */
    }
    return rv == OK ? back_to_ticket(rq, t.id, "") : rv;
}

int hd_page_ticket_resolve(hd_req *rq)
{
    return resolve_or_cancel(rq, "resolve");
}

int hd_page_ticket_cancel(hd_req *rq)
{
    return resolve_or_cancel(rq, "cancel");
}
