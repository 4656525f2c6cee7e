/*
 * page_desk_ticket.c -- the service desk working one ticket.
 *
 *   POST <base>/tickets/HD-n/move     to=<status> [reason] [solution]
 *   POST <base>/tickets/HD-n/assign   assignee=<login> | "" (nobody)
 *   POST <base>/tickets/HD-n/reply    body, internal=1 for a note
 *   POST <base>/tickets/HD-n/classify team, call_type, priority
 *
 * Forms that change the ticket carry "seen", the ticket's version when the
 * form was drawn: if another agent changed it since, nothing is written
 * and the page says what changed and by whom, with the input kept.
 *
 * Agents only (HelpdeskAgentGroup): anyone else gets a 403 -- after the
 * visibility rule, so a ticket they may not see is still the same 404.
 * The moves offered and accepted are the workflow's rows for actor
 * "agent" from the ticket's status (ticket_transitions): no move is
 * written here.  What a move asks for comes from its action: a reason to
 * escalate, a question to ask the client, a solution to propose.
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
#include "hd_catalog.h"

/* What a move's form asks for, by the workflow's action name. */
static const char *move_needs(const char *action)
{
    if (!strcmp(action, "escalate")) {
        return "reason";
    }
    if (!strcmp(action, "ask_client")) {
        return "question";
    }
    if (!strcmp(action, "propose_solution")) {
        return "solution";
    }
    return "";
}

/* What a ticket can be reclassified to: teams, priorities, call types,
 * each a catalogue list whose value and name columns are named here. */
typedef struct {
    xmlNodePtr list;
    const char *value, *name;
} choice_list;

static int keep_choice(void *baton, const hd_db_row *row)
{
    const choice_list *c = baton;
    xmlNodePtr e = hd_xml_child(c->list, "choice");
    hd_xml_attr(e, "value", hd_db_text(row, c->value));
    hd_xml_attr(e, "name", hd_db_text(row, c->name));
    return 0;
}

static void add_choices(hd_req *rq, xmlNodePtr desk)
{
    hd_db *db = hd_req_db(rq);
    choice_list teams = {hd_xml_list(desk, "teams"), "code", "name"};
    choice_list priorities = {hd_xml_list(desk, "priorities"), "level", "name"};
    choice_list call_types = {hd_xml_list(desk, "call-types"), "call_type",
                              "call_type"};
    hd_db_select(db, HD_CATALOG_TEAMS, keep_choice, &teams, 0, NULL);
    hd_db_select(db, HD_CATALOG_PRIORITIES, keep_choice, &priorities, 0, NULL);
    hd_db_select(db, HD_CATALOG_CALL_TYPES, keep_choice, &call_types, 0, NULL);
}

void hd_desk_ticket_actions(hd_req *rq, const hd_ticket *t)
{
    apr_array_header_t *moves;
    xmlNodePtr desk, list;
    int i;

    const char *seen = NULL;

    desk = hd_xml_child(rq->root, "desk-actions");
    hd_page_ticket_form(rq, desk, t, "move");
    hd_page_ticket_form(rq, desk, t, "assign");
    hd_page_ticket_form(rq, desk, t, "reply");
    hd_page_ticket_form(rq, desk, t, "classify");
    hd_xml_attr(desk, "me", rq->user->login);
    if (hd_ticket_version(hd_req_db(rq), t->id, &seen) == HD_DB_OK) {
        hd_xml_attr(desk, "seen", seen);
    }
    add_choices(rq, desk);
    list = hd_xml_list(desk, "moves");
    if (hd_ticket_agent_moves(hd_req_db(rq), t->status, &moves) != HD_DB_OK) {
        return; /* the page still shows; the buttons are missing */
    }
    for (i = 0; i < moves->nelts; i++) {
        const hd_agent_move *m = &APR_ARRAY_IDX(moves, i, hd_agent_move);
        xmlNodePtr e = hd_xml_child(list, "move");
        hd_xml_attr(e, "to", m->to);
        hd_xml_attr(e, "action", m->action);
        hd_xml_attr(e, "name", m->name);
        hd_xml_attr(e, "category", m->category);
        hd_xml_attr(e, "needs", move_needs(m->action));
    }
}

/* ------------------------------------------------------------------ */
/* Acting                                                              */
/* ------------------------------------------------------------------ */

/* The start of every desk POST: form, the ticket (404 when invisible),
 * the right (403), the token.  *t is the ticket as loaded. */
static int begin_desk_action(hd_req *rq, hd_ticket **t)
{
    const char *id =
        hd_ticket_id_of_ref(APR_ARRAY_IDX(rq->args, 0, const char *));
    hd_viewer viewer = hd_page_viewer(rq);
    const char *seen;
    hd_db_outcome o;
    int rv;

    *t = NULL;
    if ((rv = hd_form_read(rq)) != OK) {
        return rv;
    }
    if (!id) {
        return HTTP_NOT_FOUND;
    }
    o = hd_ticket_load(hd_req_db(rq), &viewer, id, t);
    if (o != HD_DB_OK) {
        return hd_page_db_status(rq, o);
    }
    if (!*t) {
        return HTTP_NOT_FOUND;
    }
    if (!rq->user->is_agent) {
        rq->error_message = "Only the service desk can do that.";
        return HTTP_FORBIDDEN;
    }
    seen = hd_form_field(rq, "seen");
    if (strspn(seen, "0123456789") != strlen(seen) || strlen(seen) > 20) {
        rq->error_message = "This form does not say which version of the "
                            "ticket it was drawn from. Open the ticket again.";
        return HTTP_BAD_REQUEST;
    }
    return hd_form_check_token(rq);
}

/* A text field: OK, or a 400 message.  required: blank is refused. */
static const char *check_text(hd_req *rq, const char *value, const char *what,
                              int required, int max)
{
    long chars = hd_request_text_chars(value, 1);
    if (chars < 0) {
        return apr_psprintf(
            rq->r->pool, "The %s holds characters that cannot be shown.", what);
    }
    if (required && hd_request_is_blank(value)) {
        return apr_psprintf(rq->r->pool, "Enter the %s.", what);
    }
    if (chars > max) {
        return apr_psprintf(
            rq->r->pool, "The %s must be %d characters or fewer.", what, max);
    }
    return NULL;
}

/* The ticket page again with what was typed and why it was refused, so
 * nothing is lost; status 400 (or 409 when the ticket moved meanwhile).
 * *out (may be NULL) gets the <desk-error> element. */
static int desk_error_at(hd_req *rq, int status, const char *form,
                         const char *message, xmlNodePtr *out)
{
    int rv;
    xmlNodePtr e;
    /* The page as the agent saw it: drawn fresh, then the form kept. */
    rq->form_nonce = NULL;
    rv = hd_page_ticket(rq);
    if (rv != OK) {
        return rv;
    }
    e = hd_xml_child(rq->root, "desk-error");
    hd_xml_attr(e, "form", form);
    hd_xml_attr(e, "message", message);
    hd_xml_attr(e, "to", hd_form_field(rq, "to"));
    hd_xml_attr(e, "reason", hd_form_field(rq, "reason"));
    hd_xml_attr(e, "solution", hd_form_field(rq, "solution"));
    hd_xml_attr(e, "body", hd_form_field(rq, "body"));
    hd_xml_attr(e, "internal", hd_form_field(rq, "internal"));
    hd_xml_attr(e, "assignee", hd_form_field(rq, "assignee"));
    hd_xml_attr(e, "team", hd_form_field(rq, "team"));
    hd_xml_attr(e, "call-type", hd_form_field(rq, "call_type"));
    hd_xml_attr(e, "priority", hd_form_field(rq, "priority"));
    rq->error_message = NULL;
    rq->r->status = status;
    if (out) {
        *out = e;
    }
    return OK;
}

static int desk_error(hd_req *rq, int status, const char *form,
                      const char *message)
{
    return desk_error_at(rq, status, form, message, NULL);
}

/* 303 back to the ticket, saying what was done. */
static int done(hd_req *rq, const hd_ticket *t, const char *what)
{
    apr_table_setn(rq->r->headers_out, "Location",
                   apr_pstrcat(rq->r->pool, rq->sconf->base_url, "/tickets/",
                               hd_ticket_ref(rq->r->pool, t->id),
                               "?done=", what, "#activity", NULL));
    return HTTP_SEE_OTHER;
}

/* Another agent got there first: the ticket as it is now, what changed
 * since the form was drawn and by whom, and this agent's input kept. */
static int changed_meanwhile(hd_req *rq, const hd_ticket *t, const char *form)
{
    apr_array_header_t *since = NULL;
    const char *who = "";
    xmlNodePtr e, list;
    int i, rv;

    hd_ticket_changes_since(hd_req_db(rq), t->id, hd_form_field(rq, "seen"),
                            &since);
    for (i = 0; since && i < since->nelts; i++) {
        apr_table_t *a = APR_ARRAY_IDX(since, i, apr_table_t *);
        const char *name = apr_table_get(a, "author_name");
        if (!strstr(who, name)) {
            who = *who ? apr_pstrcat(rq->r->pool, who, ", ", name, NULL) : name;
        }
    }
    rv = desk_error_at(rq, HTTP_CONFLICT, form,
                       apr_pstrcat(rq->r->pool,
                                   "The ticket was changed meanwhile",
                                   *who ? " by " : "", who,
                                   ". Nothing of yours was saved: check what "
                                   "changed and send your change again.",
                                   NULL),
                       &e);
    if (rv != OK) {
        return rv;
    }
    list = hd_xml_list(e, "changes");
    for (i = 0; since && i < since->nelts; i++) {
        apr_table_t *a = APR_ARRAY_IDX(since, i, apr_table_t *);
        xmlNodePtr c = hd_xml_child(list, "change");
        hd_xml_attr(c, "kind", apr_table_get(a, "kind"));
        hd_xml_attr(c, "author", apr_table_get(a, "author_name"));
        hd_xml_attr(c, "time", apr_table_get(a, "created_at"));
        hd_xml_attr(c, "status-name", apr_table_get(a, "status_name"));
        hd_xml_attr(c, "text", apr_table_get(a, "body"));
    }
    return OK;
}

/* What a change's result means for the agent. */
static int after_change(hd_req *rq, const hd_ticket *t, hd_ticket_result res,
                        hd_db_outcome why, const char *form, const char *what)
{
    switch (res) {
    case HD_TICKET_DONE:
    case HD_TICKET_REPEATED: /* this form, sent again: it is there */
        return done(rq, t, what);
    case HD_TICKET_REFUSED:
        return desk_error(rq, HTTP_CONFLICT, form,
                          "The ticket cannot make that move from its "
                          "present status (it may have changed meanwhile).");
    case HD_TICKET_MISSING:
        return HTTP_NOT_FOUND;
    case HD_TICKET_CHANGED:
        return changed_meanwhile(rq, t, form);
    case HD_TICKET_INVALID:
        return desk_error(rq, HTTP_BAD_REQUEST, form,
                          "Choose a team and a priority from the lists.");
    default: {
        int status = hd_page_db_status(rq, why);
        if (status == HTTP_SERVICE_UNAVAILABLE || status == HTTP_CONFLICT) {
            return desk_error(rq, HTTP_SERVICE_UNAVAILABLE, form,
                              "The ticket database did not confirm the "
                              "change, so it may not have been saved. Try "
                              "again.");
        }
        return status;
    }
    }
}

static const char *agent_name(hd_req *rq)
{
    return rq->user->name ? rq->user->name : rq->user->login;
}

int hd_page_ticket_move(hd_req *rq)
{
    hd_ticket *t;
    apr_array_header_t *moves;
    const char *to, *reason, *solution, *needs = NULL, *why_text;
    hd_db_outcome o, why;
    int rv = begin_desk_action(rq, &t), i;

    if (rv != OK) {
        return rv;
    }
    to = hd_form_field(rq, "to");
    reason = hd_form_field(rq, "reason");
    solution = hd_form_field(rq, "solution");
    o = hd_ticket_agent_moves(hd_req_db(rq), t->status, &moves);
    if (o != HD_DB_OK) {
        return hd_page_db_status(rq, o);
    }
    for (i = 0; i < moves->nelts; i++) {
        const hd_agent_move *m = &APR_ARRAY_IDX(moves, i, hd_agent_move);
        if (!strcmp(m->to, to)) {
            needs = move_needs(m->action);
        }
    }
    if (!needs) {
        return desk_error(rq, HTTP_CONFLICT, "move",
                          "The ticket cannot make that move from its "
                          "present status (it may have changed meanwhile).");
    }
    why_text = check_text(
        rq, reason,
        !strcmp(needs, "question") ? "question for the client" : "reason",
        !strcmp(needs, "reason") || !strcmp(needs, "question"),
        rq->sconf->max_text);
    if (!why_text) {
        why_text = check_text(rq, solution, "solution",
                              !strcmp(needs, "solution"), rq->sconf->max_text);
    }
    if (why_text) {
        return desk_error(rq, HTTP_BAD_REQUEST, "move", why_text);
    }
    return after_change(
        rq, t,
        hd_ticket_agent_move(hd_req_db(rq), t->id, to, rq->user->login,
                             agent_name(rq), reason, solution,
                             hd_form_field(rq, "seen"), rq->form_nonce, &why),
        why, "move", "moved");
}

int hd_page_ticket_assign(hd_req *rq)
{
    hd_ticket *t;
    hd_user_t *who = NULL;
    const char *assignee;
    hd_db_outcome why;
    int rv = begin_desk_action(rq, &t);

    if (rv != OK) {
        return rv;
    }
    /* "Assign to me" sends its value after the text field's: the last. */
    assignee = hd_request_last(rq->r->pool, rq->form, "assignee");
    if (!assignee) {
        assignee = "";
    }
    if (!hd_request_is_blank(assignee)) {
        if (hd_request_text_chars(assignee, 0) <= 0) {
            return desk_error(rq, HTTP_BAD_REQUEST, "assign",
                              "That is not a login.");
        }
        rv = hd_ldap_user(rq, assignee, &who);
        if (rv == HTTP_FORBIDDEN || (rv == OK && !who->is_agent)) {
            return desk_error(
                rq, HTTP_BAD_REQUEST, "assign",
                apr_psprintf(rq->r->pool,
                             "“%s” is not a service desk agent: only agents "
                             "can be assigned a ticket.",
                             assignee));
        }
        if (rv != OK) {
            return rv;
        }
    }
    return after_change(
        rq, t,
        hd_ticket_assign(hd_req_db(rq), t->id, who ? who->login : "",
                         who ? (who->name ? who->name : who->login) : "",
                         rq->user->login, agent_name(rq),
                         hd_form_field(rq, "seen"), rq->form_nonce, &why),
        why, "assign", "assigned");
}

int hd_page_ticket_reply(hd_req *rq)
{
    hd_ticket *t;
    const char *body, *why_text;
    int internal;
    hd_db_outcome why;
    int rv = begin_desk_action(rq, &t);

    if (rv != OK) {
        return rv;
    }
    body = hd_form_field(rq, "body");
    internal = !strcmp(hd_form_field(rq, "internal"), "1");
    why_text = check_text(rq, body, internal ? "note" : "reply", 1,
                          rq->sconf->max_text);
    if (why_text) {
        return desk_error(rq, HTTP_BAD_REQUEST, "reply", why_text);
    }
    return after_change(rq, t,
                        hd_ticket_reply(hd_req_db(rq), t->id, rq->user->login,
                                        agent_name(rq), body, internal,
                                        rq->form_nonce, &why),
                        why, "reply", internal ? "noted" : "replied");
}

int hd_page_ticket_classify(hd_req *rq)
{
    hd_ticket *t;
    const char *team, *call_type, *priority, *why_text;
    hd_db_outcome why;
    int rv = begin_desk_action(rq, &t);

    if (rv != OK) {
        return rv;
    }
    team = hd_form_field(rq, "team");
    call_type = hd_form_field(rq, "call_type");
    priority = hd_form_field(rq, "priority");
    why_text = check_text(rq, call_type, "call type", 1, 40);
    if (!why_text && (hd_request_text_chars(team, 0) <= 0 ||
                      strspn(priority, "0123456789") != strlen(priority) ||
                      !*priority || strlen(priority) > 3)) {
        why_text = "Choose a team and a priority from the lists.";
    }
    if (why_text) {
        return desk_error(rq, HTTP_BAD_REQUEST, "classify", why_text);
    }
    return after_change(
        rq, t,
        hd_ticket_classify(hd_req_db(rq), t->id, team, call_type, priority,
                           rq->user->login, agent_name(rq),
                           hd_form_field(rq, "seen"), rq->form_nonce, &why),
        why, "classify", "classified");
}
