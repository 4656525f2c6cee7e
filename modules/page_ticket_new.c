/*
 * page_ticket_new.c -- logging a ticket, for yourself or on behalf of a
 * colleague.
 *
 *   GET  <base>/tickets/new   ticket-new.xsl   the form
 *   POST <base>/tickets/new   create: 303 to the ticket (HTML), 201 with
 *                             the ticket (API); 400 with the form and
 *                             every value kept when something is wrong
 *
 * Call type and priority are the desk's: they come from the service's
 * defaults, never from the form.  The form's token nonce is stored with
 * the ticket (UNIQUE), so posting the same form twice makes one ticket.
 */
#include "mod_helpdesk.h"

typedef struct {
    xmlNodePtr list;
    const char *chosen;   /* the value to mark selected */
    int found;            /* chosen is in the list */
    const char *fallback; /* the default (teams) */
} choice_list;

static int add_service(hd_req *rq, void *baton, int n, const char **c)
{
    choice_list *l = baton;
    xmlNodePtr e = hd_xml_child(l->list, "service");
    int sel = l->chosen && !strcmp(l->chosen, c[0]);
    l->found |= sel;
    hd_xml_attr(e, "id", c[0]);
    hd_xml_attr(e, "name", c[2]);
    hd_xml_attr(e, "status", c[3]);
    hd_xml_attr(e, "shared", c[8] && !strcmp(c[8], "1") ? "true" : "false");
    hd_xml_attr(e, "selected", sel ? "true" : "false");
    (void)rq;
    (void)n;
    return 0;
}

static int add_team(hd_req *rq, void *baton, int n, const char **c)
{
    choice_list *l = baton;
    xmlNodePtr e = hd_xml_child(l->list, "team");
    int sel = l->chosen && !strcmp(l->chosen, c[0]);
    l->found |= sel;
    if (c[2] && !strcmp(c[2], "1")) {
        l->fallback = apr_pstrdup(rq->r->pool, c[0]);
    }
    hd_xml_attr(e, "code", c[0]);
    hd_xml_attr(e, "name", c[1]);
    hd_xml_attr(e, "selected", sel ? "true" : "false");
    (void)n;
    return 0;
}

/* Mark the default team selected when the form named none. */
static void select_default_team(choice_list *teams)
{
    xmlNodePtr e;
    for (e = teams->list->children; e; e = e->next) {
        xmlChar *code = xmlGetProp(e, (const xmlChar *)"code");
        if (code && teams->fallback &&
            !strcmp((const char *)code, teams->fallback)) {
            xmlSetProp(e, (const xmlChar *)"selected", (const xmlChar *)"true");
        }
        xmlFree(code);
    }
}

typedef struct {
    xmlNodePtr form, errors, values;
    int bad;
} form_state;

static void field_error(form_state *f, const char *field, const char *msg)
{
    xmlNodePtr e = hd_xml_child(f->errors, "error");
    hd_xml_attr(e, "field", field);
    hd_xml_attr(e, "message", msg);
    f->bad = 1;
}

static void add_requester(xmlNodePtr form, const hd_user_t *u)
{
    xmlNodePtr e = hd_xml_child(form, "requester");
    hd_xml_attr(e, "login", u->login);
    hd_xml_attr(e, "name", u->name);
    hd_xml_attr(e, "mail", u->mail ? u->mail : "");
    hd_xml_attr(e, "phone", u->phone ? u->phone : "");
    hd_xml_attr(e, "organisation", u->organisation ? u->organisation : "");
}

/* Who may see the ticket, as the form said it: "1" shared with the
 * organisation, "0" private, "" the service's default (also when the
 * field is missing, as from an older API client). */
static const char *shared_choice(hd_req *rq)
{
    const char *v =
        rq->form ? hd_request_last(rq->r->pool, rq->form, "shared") : NULL;
    return v && (!strcmp(v, "1") || !strcmp(v, "0")) ? v : "";
}

/* The form with its lists; values from the POST when there is one. */
static int build_form(hd_req *rq, form_state *f, choice_list *services,
                      choice_list *teams)
{
    apr_pool_t *p = rq->r->pool;
    int posted = rq->form != NULL;
    const char *shared = shared_choice(rq);
    int rv;

    hd_render_begin(rq, "ticket-new");
    f->form = hd_xml_child(rq->root, "ticket-form");
    hd_xml_attr(f->form, "action",
                apr_pstrcat(p, rq->sconf->base_url, "/tickets/new", NULL));
    hd_xml_attr(f->form, "csrf", hd_form_token(rq, "/tickets/new"));
    services->list = hd_xml_list(f->form, "services");
    services->chosen = posted ? hd_form_field(rq, "service") : NULL;
    rv = hd_db_select(rq, "hd_services_list", add_service, services, 0, NULL);
    if (rv != OK) {
        return rv;
    }
    teams->list = hd_xml_list(f->form, "teams");
    teams->chosen = posted ? hd_form_field(rq, "team") : NULL;
    rv = hd_db_select(rq, "hd_teams_list", add_team, teams, 0, NULL);
    if (rv != OK) {
        return rv;
    }
    if (!posted) {
        select_default_team(teams);
    }
    f->values = hd_xml_child(f->form, "values");
    hd_xml_attr(f->values, "kind",
                posted ? hd_form_field(rq, "kind") : "incident");
    hd_xml_attr(f->values, "on_behalf", hd_form_field(rq, "on_behalf"));
    hd_xml_attr(f->values, "service", hd_form_field(rq, "service"));
    hd_xml_attr(f->values, "team",
                posted ? hd_form_field(rq, "team") : teams->fallback);
    hd_xml_attr(f->values, "summary", hd_form_field(rq, "summary"));
    hd_xml_attr(f->values, "details", hd_form_field(rq, "details"));
    hd_xml_attr(f->values, "first_note", hd_form_field(rq, "first_note"));
    hd_xml_attr(f->values, "shared",
                !strcmp(shared, "1")   ? "true"
                : !strcmp(shared, "0") ? "false"
                                       : "default");
    f->errors = hd_xml_list(f->form, "errors");
    return OK;
}

/* Colleagues to pick from for "on behalf of" (a datalist: typing any
 * login still works).  Best effort: without them the form still works. */
static void add_colleagues(hd_req *rq, xmlNodePtr form)
{
    apr_array_header_t *people;
    xmlNodePtr list = hd_xml_list(form, "colleagues");
    int i;

    if (hd_ldap_colleagues(rq, &people) != OK) {
        return;
    }
    for (i = 0; i < people->nelts; i++) {
        const hd_user_t *u = APR_ARRAY_IDX(people, i, const hd_user_t *);
        xmlNodePtr e;
        if (!strcmp(u->login, rq->user->login))
            continue;
        e = hd_xml_child(list, "colleague");
        hd_xml_attr(e, "login", u->login);
        hd_xml_attr(e, "name", u->name);
    }
}

int hd_page_ticket_new_form(hd_req *rq)
{
    form_state f = {0};
    choice_list services = {0}, teams = {0};
    int rv = build_form(rq, &f, &services, &teams);
    if (rv == OK) {
        add_requester(f.form, rq->user);
        add_colleagues(rq, f.form);
    }
    return rv;
}

/* A required, bounded text field; records its error. */
static void check_text(hd_req *rq, form_state *f, const char *field,
                       const char *what, const char *missing, int max,
                       int multiline)
{
    const char *v = hd_form_field(rq, field);
    long chars = hd_request_text_chars(v, multiline);

    if (chars < 0) {
        field_error(f, field,
                    apr_pstrcat(rq->r->pool, "The ", what,
                                " holds characters that cannot "
                                "be shown.",
                                NULL));
    }
    else if (missing && hd_request_is_blank(v)) {
        field_error(f, field, missing);
    }
    else if (chars > max) {
        char *msg = apr_psprintf(rq->r->pool,
                                 "The %s must be %d characters"
                                 " or fewer.",
                                 what, max);
        field_error(f, field, msg);
    }
}

/* Whom the ticket is for: the colleague named, or the user.  Staff and
 * supervisors log for people of their own organisation (the form offers
 * only those); the service desk logs for anyone who calls.  Someone
 * outside the organisation gets the same answer as no one at all, so the
 * field cannot be used to find out who exists. */
static int resolve_requester(hd_req *rq, form_state *f, hd_user_t **who)
{
    const hd_user_t *me = rq->user;
    const char *login = hd_form_field(rq, "on_behalf");
    char *trimmed = apr_pstrdup(rq->r->pool, login);
    int rv;

    apr_collapse_spaces(trimmed, login);
    *who = rq->user;
    if (!*trimmed || !strcmp(trimmed, me->login)) {
        return OK;
    }
    rv = hd_ldap_user(rq, trimmed, who);
    if (rv == OK && !me->is_agent &&
        (!me->organisation || !*me->organisation || !(*who)->organisation ||
         strcmp((*who)->organisation, me->organisation))) {
        rv = HTTP_FORBIDDEN;
    }
    if (rv == HTTP_FORBIDDEN) {
        *who = rq->user;
        rq->error_message = NULL;
        field_error(f, "on_behalf",
                    apr_pstrcat(rq->r->pool,
                                "There is no one with the login \xe2\x80\x9c",
                                trimmed, "\xe2\x80\x9d ",
                                me->is_agent ? "in the directory."
                                             : "in your organisation.",
                                NULL));
        return OK;
    }
    return rv;
}

static int created_response(hd_req *rq, const char *id)
{
    request_rec *r = rq->r;
    const char *url = apr_pstrcat(r->pool, rq->sconf->base_url, "/tickets/",
                                  hd_ticket_ref(r->pool, id), NULL);
    if (rq->format == HD_FMT_HTML) {
        apr_table_setn(r->headers_out, "Location",
                       apr_pstrcat(r->pool, url, "?created=1", NULL));
        return HTTP_SEE_OTHER;
    }
    /* The API gets the ticket itself, as 201 Created. */
    apr_table_setn(r->headers_out, "Location", url);
    rq->args = apr_array_make(r->pool, 1, sizeof(char *));
    *(const char **)apr_array_push(rq->args) = hd_ticket_ref(r->pool, id);
    rq->form = NULL;
    r->status = HTTP_CREATED;
    return hd_page_ticket(rq);
}

/* Insert the ticket and its first activity in one transaction. */
static int store_ticket(hd_req *rq, const hd_user_t *who, const char **id)
{
    const hd_user_t *me = rq->user;
    const char *shared = shared_choice(rq);
    const char *args[15] = {hd_form_field(rq, "kind"),
                            hd_form_field(rq, "summary"),
                            hd_form_field(rq, "details"),
                            who->login,
                            who->name ? who->name : who->login,
                            who->mail ? who->mail : "",
                            who->phone ? who->phone : "",
                            who->organisation ? who->organisation : "",
                            me->login,
                            me->name ? me->name : me->login,
                            shared,
                            shared,
                            rq->form_nonce,
                            hd_form_field(rq, "service"),
                            hd_form_field(rq, "team")};
    const char *act[8];
    const char *note = hd_form_field(rq, "first_note");
    const char *status = NULL;
    int rows = 0, rv;

    if ((rv = hd_db_begin(rq)) != OK) {
        return rv;
    }
    rv = hd_db_exec(rq, "hd_ticket_insert", 15, args, &rows);
    if (rv == OK && rows != 1) {
        rv = HTTP_BAD_REQUEST; /* service or team vanished meanwhile */
    }
    if (rv == OK) {
        rv = hd_db_value(rq, "hd_last_insert_id", 0, NULL, id);
    }
    if (rv == OK) {
        /* Whatever the workflow table makes the initial status. */
        rv = hd_db_value(rq, "hd_ticket_status", 1, id, &status);
    }
    if (rv == OK) {
        act[0] = *id;
        act[1] = "created";
        act[2] = me->login;
        act[3] = me->name ? me->name : me->login;
        act[4] = strcmp(who->login, me->login)
                     ? apr_pstrcat(rq->r->pool, "Logged by ", act[3],
                                   " on behalf of ", who->name, ".", NULL)
                     : "Ticket logged.";
        act[5] = "";
        act[6] = status;
        act[7] = "";
        rv = hd_db_exec(rq, "hd_activity_insert", 8, act, NULL);
    }
    if (rv == OK && note[0]) {
        act[1] = "comment";
        act[4] = note;
        act[6] = "";
        rv = hd_db_exec(rq, "hd_activity_insert", 8, act, NULL);
    }
    if (rv != OK) {
        hd_db_end(rq, 0);
        return rv;
    }
    /* Acknowledged only once COMMIT said so. */
    if (hd_db_end(rq, 1) != OK) {
        return HTTP_SERVICE_UNAVAILABLE;
    }
    return OK;
}

int hd_page_ticket_create(hd_req *rq)
{
    form_state f = {0};
    choice_list services = {0}, teams = {0};
    hd_user_t *who = NULL;
    const char *made = NULL;
    const char *kind;
    int rv;

    if ((rv = hd_form_read(rq)) != OK) {
        return rv;
    }
    if ((rv = build_form(rq, &f, &services, &teams)) != OK) {
        return rv;
    }
    kind = hd_form_field(rq, "kind");
    if (strcmp(kind, "incident") && strcmp(kind, "request")) {
        field_error(&f, "kind", "Choose Incident or Request.");
    }
    /* Nobody is looked up in the directory for a form without a genuine
     * token: the field is not a way to read people's details. */
    if (hd_form_check_token(rq) != OK) {
        field_error(&f, "csrf", rq->error_message);
        who = rq->user;
    }
    else if ((rv = resolve_requester(rq, &f, &who)) != OK) {
        return rv;
    }
    add_requester(f.form, who);
    add_colleagues(rq, f.form);
    if (!services.found) {
        field_error(&f, "service", "Choose a service from the list.");
    }
    if (!teams.found) {
        field_error(&f, "team", "Choose a service type from the list.");
    }
    check_text(rq, &f, "summary", "summary", "Enter a summary.",
               rq->sconf->max_summary, 0);
    check_text(rq, &f, "details", "details", "Enter the details.",
               rq->sconf->max_text, 1);
    check_text(rq, &f, "first_note", "first note", NULL, rq->sconf->max_text,
               1);
    if (f.bad) {
        rq->error_message = NULL;
        rq->r->status = rq->form_nonce ? HTTP_BAD_REQUEST : HTTP_FORBIDDEN;
        return OK; /* the form again, everything kept */
    }
    rv = store_ticket(rq, who, &made);
    if (rv == HTTP_SERVICE_UNAVAILABLE || rv == HTTP_INTERNAL_SERVER_ERROR) {
        /* Not confirmed: the form again, everything kept, with the same
         * token, so sending it again logs the ticket at most once. */
        xmlSetProp(f.form, (const xmlChar *)"csrf",
                   (const xmlChar *)hd_form_field(rq, "csrf"));
        field_error(&f, "csrf",
                    "The ticket database did not confirm your ticket, so it "
                    "may not have been logged. Everything you entered is "
                    "kept: submit again (it will not be logged twice).");
        rq->error_message = NULL;
        rq->r->status = HTTP_SERVICE_UNAVAILABLE;
        apr_table_setn(rq->r->err_headers_out, "Retry-After", "30");
        return OK;
    }
    if (rv == HTTP_CONFLICT) {
        /* This form was submitted before: show that ticket. */
        const char *nonce = rq->form_nonce;
        rv = hd_db_value(rq, "hd_ticket_by_nonce", 1, &nonce, &made);
        if (rv == OK && !made) {
            rv = HTTP_INTERNAL_SERVER_ERROR;
        }
    }
    return rv == OK ? created_response(rq, made) : rv;
}
