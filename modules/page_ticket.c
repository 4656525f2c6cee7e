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
 * (the SQL itself filters: the visibility rule in hd_ticket.c); only its
 * requester and its logger act on it (403 for others who can see it).
 * Every change is one transaction in hd_ticket.c, acknowledged only
 * after its COMMIT.
 */
#include "mod_helpdesk.h"
#include "hd_config.h"
#include "hd_ldap.h"
#include "hd_request.h"
#include "hd_form.h"
#include "hd_render.h"
#include "hd_page.h"
#include "hd_db.h"
#include "hd_ticket.h"
#include "hd_clock.h"

/* ------------------------------------------------------------------ */
/* Reading one ticket                                                  */
/* ------------------------------------------------------------------ */

/* The ticket on the page: the domain's record and its element. */
typedef struct {
    hd_ticket *t;
    xmlNodePtr node;
} ticket_view;

static hd_db_outcome add_feedback(hd_req *rq, ticket_view *v);

/* The entries under list; by_id gets each one's node by activity id,
 * for the files recorded with it (hd_page_attachments). */
static void add_activity(xmlNodePtr list, apr_array_header_t *entries,
                         apr_hash_t *by_id)
{
    int i;
    for (i = 0; i < entries->nelts; i++) {
        apr_table_t *a = APR_ARRAY_IDX(entries, i, apr_table_t *);
        const char *status = apr_table_get(a, "status_name");
        xmlNodePtr e = hd_xml_child(list, "entry");
        apr_hash_set(by_id, apr_table_get(a, "id"), APR_HASH_KEY_STRING, e);
        hd_xml_attr(e, "kind", apr_table_get(a, "kind"));
        hd_xml_attr(e, "author-login", apr_table_get(a, "author_login"));
        hd_xml_attr(e, "author", apr_table_get(a, "author_name"));
        hd_xml_attr(e, "time", apr_table_get(a, "created_at"));
        if (status && *status) {
            hd_xml_attr(e, "status-name", status);
        }
        if (!strcmp(apr_table_get(a, "internal"), "true")) {
            hd_xml_attr(e, "internal", "true"); /* agents' eyes only */
        }
        hd_text_to_xml(e, apr_table_get(a, "body"));
    }
}

/* The service clocks: due times in the desk's zone, whether they are
 * met, breached or paused.  Agents read all of it; the ticket's people
 * read when the desk aims to answer (ticket.xsl). */
static hd_db_outcome add_clock(hd_req *rq, ticket_view *v)
{
    apr_pool_t *p = rq->r->pool;
    const hd_sla_zone *zone = rq->sconf->zone;
    hd_sla_calendar cal;
    hd_ticket_clock c;
    xmlNodePtr e;
    hd_db_outcome o = hd_clock_calendar(hd_req_db(rq), p, zone, &cal);

    if (o == HD_DB_OK) {
        o = hd_clock_for_ticket(hd_req_db(rq), &cal, v->t->id,
                                apr_table_get(v->t->cols, "priority"),
                                v->t->requester_login, v->t->logged_by_login,
                                apr_time_sec(rq->r->request_time), &c);
    }
    if (o != HD_DB_OK || !c.start) {
        return o;
    }
    e = hd_xml_child(v->node, "sla");
    hd_xml_attr(e, "zone", hd_sla_zone_name(zone));
    hd_xml_attr(e, "paused", c.paused ? "true" : "false");
    hd_xml_attr(e, "stopped", c.stopped ? "true" : "false");
    if (c.response_due != HD_SLA_NEVER) {
        hd_xml_attr(e, "response-due", hd_clock_local(p, zone, c.response_due));
        hd_xml_attr(e, "response-due-words",
                    hd_clock_words(p, zone, c.response_due));
    }
    hd_xml_attr(e, "responded", c.responded ? "true" : "false");
    hd_xml_attr(e, "response-breached", c.response_breached ? "true" : "false");
    if (c.resolution_due != HD_SLA_NEVER) {
        hd_xml_attr(e, "resolution-due",
                    hd_clock_local(p, zone, c.resolution_due));
        hd_xml_attr(e, "resolution-due-words",
                    hd_clock_words(p, zone, c.resolution_due));
    }
    hd_xml_attr(e, "resolution-breached",
                c.resolution_breached ? "true" : "false");
    return HD_DB_OK;
}

static int may_act(hd_req *rq, const ticket_view *v)
{
    return hd_ticket_may_act(v->t, rq->user->login);
}

/* Load the ticket the URL names into rq->root: OK or 404 (also when
 * the user may not see it). */
static int load_ticket(hd_req *rq, ticket_view *v)
{
    const char *id =
        hd_ticket_id_of_ref(APR_ARRAY_IDX(rq->args, 0, const char *));
    hd_viewer viewer = hd_page_viewer(rq);
    apr_array_header_t *entries;
    apr_hash_t *by_id = apr_hash_make(rq->r->pool);
    const char *solution;
    hd_db_outcome o;
    unsigned i;

    memset(v, 0, sizeof(*v));
    if (!id) {
        return HTTP_NOT_FOUND;
    }
    o = hd_ticket_load(hd_req_db(rq), &viewer, id, &v->t);
    if (o != HD_DB_OK) {
        return hd_page_db_status(rq, o);
    }
    if (!v->t) {
        return HTTP_NOT_FOUND; /* missing or not theirs: the same 404 */
    }
    v->node = hd_xml_child(rq->root, "ticket");
    hd_xml_attr(v->node, "ref", hd_ticket_ref(rq->r->pool, v->t->id));
    /* Every column as an attribute of <ticket>, but the texts people
     * wrote, which are shown formatted below. */
    for (i = 0; hd_ticket_columns[i]; i++) {
        const char *name = hd_ticket_columns[i];
        if (strcmp(name, "details") && strcmp(name, "solution")) {
            hd_xml_attr(v->node, name, apr_table_get(v->t->cols, name));
        }
    }
    hd_text_to_xml(hd_xml_child(v->node, "details"),
                   apr_table_get(v->t->cols, "details"));
    solution = apr_table_get(v->t->cols, "solution");
    if (solution && *solution) {
        hd_text_to_xml(hd_xml_child(v->node, "solution"), solution);
    }
    o = hd_ticket_activity(hd_req_db(rq), &viewer, id, &entries);
    if (o == HD_DB_OK) {
        add_activity(hd_xml_list(v->node, "activity"), entries, by_id);
        o = add_clock(rq, v);
    }
    if (o == HD_DB_OK) {
        o = add_feedback(rq, v);
    }
    if (o == HD_DB_OK) {
        o = hd_page_attachments(rq, v->node, v->t, by_id); /* page_attach.c */
    }
    return hd_page_db_status(rq, o);
}

/* An action's address and a token for a form posting there (a token
 * is good for that one form only: see hd_csrf.c). */
void hd_page_ticket_form(hd_req *rq, xmlNodePtr a, const hd_ticket *t,
                         const char *action)
{
    apr_pool_t *p = rq->r->pool;
    const char *path =
        apr_pstrcat(p, "/tickets/", hd_ticket_ref(p, t->id), "/", action, NULL);
    hd_xml_attr(a, action, apr_pstrcat(p, rq->sconf->base_url, path, NULL));
    hd_xml_attr(a, apr_pstrcat(p, action, "-csrf", NULL),
                hd_form_token(rq, path));
}

/* "Did it fix it?" is asked of the ticket's people once a solution was
 * proposed or the ticket closed, until they have answered. */
static int asks_feedback(const ticket_view *v)
{
    return (!strcmp(v->t->status, "pending_closure") ||
            !strcmp(v->t->category, "closed")) &&
           !apr_table_get(v->t->cols, "feedback-fixed");
}

/* The answer given since the ticket reached its status, on <ticket>
 * (agents read the rating; the ticket's people see it was answered). */
static hd_db_outcome add_feedback(hd_req *rq, ticket_view *v)
{
    const char *fixed = NULL, *rating = NULL;
    hd_db_outcome o =
        hd_ticket_feedback_get(hd_req_db(rq), v->t->id, &fixed, &rating);
    if (o == HD_DB_OK && fixed) {
        apr_table_set(v->t->cols, "feedback-fixed", fixed);
        hd_xml_attr(v->node, "feedback-fixed",
                    !strcmp(fixed, "1") ? "true" : "false");
        if (rating && *rating) {
            hd_xml_attr(v->node, "feedback-rating", rating);
        }
    }
    return o;
}

/* What the user may do, as attributes and the forms' addresses. */
static void add_actions(hd_req *rq, const ticket_view *v)
{
    const char *category = v->t->category;
    int act = may_act(rq, v);
    int live = strcmp(category, "closed") && strcmp(category, "cancelled");
    xmlNodePtr a;

    hd_xml_attr(v->node, "can-comment",
                act && strcmp(category, "cancelled") ? "true" : "false");
    hd_xml_attr(v->node, "can-resolve", act && live ? "true" : "false");
    hd_xml_attr(v->node, "can-cancel", act && live ? "true" : "false");
    if (rq->user->is_agent) {
        hd_desk_ticket_actions(rq, v->t);
    }
    if (!act) {
        return;
    }
    a = hd_xml_child(rq->root, "actions");
    hd_page_ticket_form(rq, a, v->t, "comment");
    hd_page_ticket_form(rq, a, v->t, "resolve");
    hd_page_ticket_form(rq, a, v->t, "cancel");
    if (v->node && asks_feedback(v)) {
        hd_page_ticket_form(rq, a, v->t, "feedback");
    }
}

/* The ticket page, with an optional extra element (notice, confirm). */
static int show(hd_req *rq, ticket_view *v)
{
    int rv;
    hd_render_begin(rq, "ticket");
    if ((rv = load_ticket(rq, v)) != OK) {
        return rv;
    }
    add_actions(rq, v);
    return OK;
}

/* ?created=1 and ?done=... (the 303 after a change) say what just
 * happened, so the person knows it worked. */
static const char *notice_kind(hd_req *rq)
{
    static const char *const done[] = {
        "comment", "resolved", "cancelled",  "moved",    "assigned",
        "replied", "noted",    "classified", "feedback", "attached"};
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
    ticket_view t;
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
        hd_xml_attr(n, "ref", hd_ticket_ref(rq->r->pool, t.t->id));
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

/* The start of every POST on a ticket: form, token, ticket, right. */
static int begin_action(hd_req *rq, ticket_view *v)
{
    int rv;
    if ((rv = hd_form_read(rq)) != OK || (rv = show(rq, v)) != OK) {
        return rv;
    }
    if (!may_act(rq, v)) {
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

static const char *const refused_message =
    "This ticket cannot do that in its present status.";

/* The answer to a change the database did not confirm. */
static int not_confirmed(hd_req *rq, hd_db_outcome why)
{
    int status = hd_page_db_status(rq, why);
    if (status == HTTP_SERVICE_UNAVAILABLE || status == HTTP_CONFLICT) {
        rq->error_message = "The ticket database did not confirm the "
                            "change, so it may not have been saved. Try "
                            "again.";
        return HTTP_SERVICE_UNAVAILABLE;
    }
    return status;
}

int hd_page_ticket_comment(hd_req *rq)
{
    ticket_view v;
    const char *body, *name;
    hd_db_outcome why;
    long chars;
    int rv = begin_action(rq, &v);

    if (rv == HTTP_FORBIDDEN && rq->form_nonce == NULL && v.node &&
        may_act(rq, &v)) {
        /* An expired form: keep what they wrote, give a fresh one. */
        return comment_error(rq, HTTP_FORBIDDEN, rq->error_message, 0);
    }
    if (rv != OK) {
        return rv;
    }
    if (!strcmp(v.t->category, "cancelled")) {
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
    name = rq->user->name ? rq->user->name : rq->user->login;
    switch (hd_ticket_comment(hd_req_db(rq), v.t->id, rq->user->login, name,
                              body, rq->form_nonce, &why)) {
    case HD_TICKET_DONE:
    case HD_TICKET_REPEATED: /* the same form again: it is there */
        return back_to_ticket(rq, v.t->id, "?done=comment#activity");
    case HD_TICKET_CANCELLED: /* cancelled while this was on its way */
        rq->error_message = cancelled_message;
        return HTTP_CONFLICT;
    case HD_TICKET_MISSING:
        return HTTP_NOT_FOUND;
    case HD_TICKET_REFUSED:
        rq->error_message = refused_message;
        return HTTP_CONFLICT;
    default:
        rv = not_confirmed(rq, why);
        if (rv == HTTP_SERVICE_UNAVAILABLE) {
            return comment_error(rq, rv, rq->error_message, 1);
        }
        return rv;
    }
}

/* GET: the confirmation step; POST: do it. */
static int resolve_or_cancel(hd_req *rq, const char *action)
{
    ticket_view v;
    int resolve = !strcmp(action, "resolve");
    const char *solution, *before = NULL, *name;
    const char *done = resolve ? "?done=resolved" : "?done=cancelled";
    hd_db_outcome why;
    long chars;
    int rv;

    if (strcmp(rq->r->method, "POST")) {
        xmlNodePtr c;
        if ((rv = show(rq, &v)) != OK) {
            return rv;
        }
        if (!may_act(rq, &v)) {
            rq->error_message = "Only the person the ticket is for, or who "
                                "logged it, can do that.";
            return HTTP_FORBIDDEN;
        }
        c = hd_xml_child(rq->root, "confirm");
        hd_xml_attr(c, "action", action);
        return OK;
    }
    if ((rv = begin_action(rq, &v)) != OK) {
        return rv;
    }
    solution = resolve ? hd_form_field(rq, "solution") : "";
    chars = hd_request_text_chars(solution, 1);
    if (chars < 0 || chars > rq->sconf->max_text) {
        rq->error_message = "The solution is too long or holds characters "
                            "that cannot be shown.";
        return HTTP_BAD_REQUEST;
    }
    name = rq->user->name ? rq->user->name : rq->user->login;
    switch (hd_ticket_move(hd_req_db(rq), v.t->id, "requester", action,
                           resolve ? "resolved" : "cancelled", rq->user->login,
                           name, solution, solution, rq->form_nonce, &before,
                           &why)) {
    case HD_TICKET_DONE:
    case HD_TICKET_REPEATED: /* this form, sent again */
        return back_to_ticket(rq, v.t->id, done);
    case HD_TICKET_REFUSED:
        if (before && !strcmp(before, resolve ? "closed" : "cancelled")) {
            return back_to_ticket(rq, v.t->id, ""); /* already done */
        }
        rq->error_message = refused_message;
        return HTTP_CONFLICT;
    case HD_TICKET_MISSING:
        return HTTP_NOT_FOUND;
    default:
        return not_confirmed(rq, why);
    }
}

int hd_page_ticket_resolve(hd_req *rq)
{
    return resolve_or_cancel(rq, "resolve");
}

int hd_page_ticket_cancel(hd_req *rq)
{
    return resolve_or_cancel(rq, "cancel");
}

/* "Did it fix it?": yes with a rating (1-5) and perhaps a comment, or no
 * with a comment, which hands the ticket back to the desk. */
int hd_page_ticket_feedback(hd_req *rq)
{
    ticket_view v;
    const char *answer, *rating, *comment, *problem = NULL, *name;
    hd_db_outcome why;
    long chars;
    int fixed, rv = begin_action(rq, &v);

    if (rv != OK) {
        return rv;
    }
    if (!asks_feedback(&v)) {
        /* Answered already (this very form: it is there), or nothing to
         * answer: asked once per solution. */
        const char *done = apr_table_get(v.t->cols, "feedback-fixed");
        if (done) {
            return back_to_ticket(rq, v.t->id, "");
        }
        rq->error_message = "There is no solution to rate on this ticket now.";
        return HTTP_CONFLICT;
    }
    answer = hd_form_field(rq, "fixed");
    rating = hd_form_field(rq, "rating");
    comment = hd_form_field(rq, "comment");
    fixed = !strcmp(answer, "yes");
    chars = hd_request_text_chars(comment, 1);
    if (!fixed && strcmp(answer, "no")) {
        problem = "Say whether the solution fixed it.";
    }
    else if (chars < 0 || chars > rq->sconf->max_text) {
        problem = "The comment is too long or holds characters that cannot "
                  "be shown.";
    }
    else if (fixed &&
             (strlen(rating) != 1 || rating[0] < '1' || rating[0] > '5')) {
        problem = "Choose a rating from 1 to 5.";
    }
    else if (!fixed && hd_request_is_blank(comment)) {
        problem = "Tell the service desk what is still wrong.";
    }
    if (problem) {
        xmlNodePtr f = hd_xml_child(rq->root, "feedback-form");
        hd_xml_attr(f, "error", problem);
        hd_xml_attr(f, "fixed", answer);
        hd_xml_attr(f, "rating", rating);
        hd_xml_attr(f, "comment", comment);
        rq->r->status = HTTP_BAD_REQUEST;
        return OK;
    }
    name = rq->user->name ? rq->user->name : rq->user->login;
    switch (hd_ticket_feedback(hd_req_db(rq), v.t->id, rq->user->login, name,
                               fixed, fixed ? rating : "", comment,
                               rq->form_nonce, &why)) {
    case HD_TICKET_DONE:
    case HD_TICKET_REPEATED:
        return back_to_ticket(rq, v.t->id, "?done=feedback");
    case HD_TICKET_REFUSED:
        rq->error_message = "There is no solution to rate on this ticket now.";
        return HTTP_CONFLICT;
    case HD_TICKET_MISSING:
        return HTTP_NOT_FOUND;
    default:
        return not_confirmed(rq, why);
    }
}
