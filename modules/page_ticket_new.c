/*
 * page_ticket_new.c -- logging a ticket, for yourself or on behalf of a
 * colleague.
 *
 *   GET  <base>/tickets/new   ticket-new.xsl   the form
 *   POST <base>/tickets/new   create: 303 to the ticket (HTML), 201 with
 *                             the ticket (API); 400 with the form and
 *                             every value kept when something is wrong
 *
 * A ticket may name the computer it is about (asset, optional: the
 * desktop agent sends its own name; ?asset= fills the form's field).
 *
 * Call type and priority are the desk's: they come from the service's
 * defaults, never from the form.  The form's token nonce is stored with
 * the ticket (UNIQUE), so posting the same form twice makes one ticket.
 *
 * Files may come with it: the browser's form is multipart/form-data (a
 * description and a file chooser, several files at once), read as it
 * arrives by hd_upload.c; scripts and the API still send urlencoded
 * forms.  The files are staged while the form is read and recorded on
 * the ticket in a transaction of their own once it is made, under the
 * same nonce, so a form sent twice attaches them once.  A limit passed is
 * a 413 with the form again and everything typed; nothing is logged.
 */
#include "mod_helpdesk.h"
#include "hd_config.h"
#include "hd_request.h"
#include "hd_form.h"
#include "hd_ldap.h"
#include "hd_render.h"
#include "hd_page.h"
#include "hd_db.h"
#include "hd_catalog.h"
#include "hd_ticket.h"
#include "hd_attach.h"
#include "hd_upload.h"

typedef struct {
    apr_pool_t *pool;
    xmlNodePtr list;
    const char *chosen;   /* the value to mark selected */
    int found;            /* chosen is in the list */
    const char *fallback; /* the default (teams) */
} choice_list;

static int add_service(void *baton, const hd_db_row *row)
{
    choice_list *l = baton;
    const char *id = hd_db_text(row, "id");
    xmlNodePtr e = hd_xml_child(l->list, "service");
    int sel = l->chosen && !strcmp(l->chosen, id);
    l->found |= sel;
    hd_xml_attr(e, "id", id);
    hd_xml_attr(e, "name", hd_db_text(row, "name"));
    hd_xml_attr(e, "status", hd_db_text(row, "status"));
    hd_xml_attr(e, "shared",
                !strcmp(hd_db_text(row, "default_shared"), "1") ? "true"
                                                                : "false");
    hd_xml_attr(e, "selected", sel ? "true" : "false");
    return 0;
}

static int add_team(void *baton, const hd_db_row *row)
{
    choice_list *l = baton;
    const char *code = hd_db_text(row, "code");
    xmlNodePtr e = hd_xml_child(l->list, "team");
    int sel = l->chosen && !strcmp(l->chosen, code);
    l->found |= sel;
    if (!strcmp(hd_db_text(row, "is_default"), "1")) {
        l->fallback = apr_pstrdup(l->pool, code);
    }
    hd_xml_attr(e, "code", code);
    hd_xml_attr(e, "name", hd_db_text(row, "name"));
    hd_xml_attr(e, "selected", sel ? "true" : "false");
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

/* The kind a link asked for (Today's "Report an incident" and "Make a
 * request": ?kind=), an incident otherwise. */
static const char *kind_asked(hd_req *rq)
{
    const char *kind = apr_table_get(rq->query, "kind");
    return kind && !strcmp(kind, "request") ? "request" : "incident";
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
    /* What the file chooser takes (hd_upload.c enforces it). */
    hd_xml_attr(f->form, "max-size",
                apr_off_t_toa(p, hd_dir_max_attachment(rq->dconf)));
    hd_xml_attr(f->form, "max-files",
                apr_itoa(p, hd_dir_max_attachments(rq->dconf)));
    services->list = hd_xml_list(f->form, "services");
    services->chosen = posted ? hd_form_field(rq, "service") : NULL;
    rv = hd_page_db_status(rq, hd_db_select(hd_req_db(rq), HD_CATALOG_SERVICES,
                                            add_service, services, 0, NULL));
    if (rv != OK) {
        return rv;
    }
    teams->pool = p;
    teams->list = hd_xml_list(f->form, "teams");
    teams->chosen = posted ? hd_form_field(rq, "team") : NULL;
    rv = hd_page_db_status(rq, hd_db_select(hd_req_db(rq), HD_CATALOG_TEAMS,
                                            add_team, teams, 0, NULL));
    if (rv != OK) {
        return rv;
    }
    if (!posted) {
        select_default_team(teams);
    }
    /* Services in trouble now: "I am affected too" rather than a
     * duplicate ticket. */
    rv = hd_page_db_status(rq, hd_page_known_issues(rq, f->form));
    if (rv != OK) {
        return rv;
    }
    f->values = hd_xml_child(f->form, "values");
    hd_xml_attr(f->values, "kind",
                posted ? hd_form_field(rq, "kind") : kind_asked(rq));
    /* A person the desk picked from "find the caller" (?on_behalf=). */
    hd_xml_attr(
        f->values, "on_behalf",
        rq->form ? hd_form_field(rq, "on_behalf")
                 : hd_request_showable(
                       rq->r->pool, apr_table_get(rq->query, "on_behalf")
                                        ? apr_table_get(rq->query, "on_behalf")
                                        : ""));
    hd_xml_attr(f->values, "channel", hd_form_field(rq, "channel"));
    hd_xml_attr(f->values, "service", hd_form_field(rq, "service"));
    hd_xml_attr(f->values, "team",
                posted ? hd_form_field(rq, "team") : teams->fallback);
    hd_xml_attr(f->values, "summary", hd_form_field(rq, "summary"));
    hd_xml_attr(f->values, "details", hd_form_field(rq, "details"));
    hd_xml_attr(f->values, "first_note", hd_form_field(rq, "first_note"));
    hd_xml_attr(f->values, "description", hd_form_field(rq, "description"));
    hd_xml_attr(
        f->values, "asset",
        posted ? hd_form_field(rq, "asset")
               : hd_request_showable(p, apr_table_get(rq->query, "asset")
                                            ? apr_table_get(rq->query, "asset")
                                            : ""));
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

/* The desk takes calls from anyone: ?find= looks people up in the whole
 * directory by login, name or e-mail, and the form offers them as the
 * requester.  Agents only; for others the field keeps to colleagues. */
static int add_found_people(hd_req *rq, xmlNodePtr form)
{
    const char *find = apr_table_get(rq->query, "find");
    apr_array_header_t *people;
    xmlNodePtr list;
    int i, rv;

    if (!rq->user->is_agent) {
        return OK;
    }
    hd_xml_attr(form, "can-find", "true");
    if (!find || hd_request_is_blank(find)) {
        return OK;
    }
    hd_xml_attr(form, "find", find);
    if (hd_request_text_chars(find, 0) < 0 || strlen(find) > 100) {
        return OK; /* nothing found for what cannot be a name */
    }
    rv = hd_ldap_find_people(rq, find, &people);
    if (rv != OK) {
        return rv;
    }
    list = hd_xml_list(form, "found");
    for (i = 0; i < people->nelts; i++) {
        const hd_user_t *u = APR_ARRAY_IDX(people, i, const hd_user_t *);
        xmlNodePtr e = hd_xml_child(list, "person");
        hd_xml_attr(e, "login", u->login);
        hd_xml_attr(e, "name", u->name);
        hd_xml_attr(e, "mail", u->mail);
        hd_xml_attr(e, "organisation", u->organisation);
    }
    return OK;
}

int hd_page_ticket_new_form(hd_req *rq)
{
    form_state f = {0};
    choice_list services = {0}, teams = {0};
    int rv = build_form(rq, &f, &services, &teams);
    if (rv == OK) {
        add_requester(f.form, rq->user);
        add_colleagues(rq, f.form);
        rv = add_found_people(rq, f.form);
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
    if (hd_request_text_chars(trimmed, 0) < 0) {
        /* Never sent to the directory: not a login anyone can have. */
        field_error(f, "on_behalf",
                    "The login holds characters that cannot be shown.");
        return OK;
    }
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

/* How the ticket reached the desk: a program through the API; an agent
 * logging for someone else took a call (or a mail) -- phone unless the
 * form says e-mail; anyone else used the portal. */
static const char *channel_of(hd_req *rq, const hd_user_t *who)
{
    if (rq->format != HD_FMT_HTML) {
        return "api";
    }
    if (rq->user->is_agent && strcmp(who->login, rq->user->login)) {
        return strcmp(hd_form_field(rq, "channel"), "email") ? "phone"
                                                             : "email";
    }
    return "web";
}

/* The computer the ticket is about, as sent (spaces around it aside);
 * "" for none. */
static const char *asset_of(hd_req *rq)
{
    const char *a = hd_form_field(rq, "asset");
    apr_size_t n;

    while (*a == ' ' || *a == '\t') {
        a++;
    }
    n = strlen(a);
    while (n > 0 && (a[n - 1] == ' ' || a[n - 1] == '\t')) {
        n--;
    }
    return apr_pstrmemdup(rq->r->pool, a, n);
}

/* An asset is optional; one given is a computer's name. */
static void check_asset(hd_req *rq, form_state *f)
{
    const char *a = asset_of(rq);
    if (*a && !hd_ticket_asset_valid(a)) {
        field_error(f, "asset",
                    "The computer's name must be 1 to 64 letters, digits, "
                    "dots, underscores or hyphens, as the computer shows "
                    "it (for example PC-0042).");
    }
}

/* The ticket the form describes, for whom it is. */
static hd_ticket_draft draft_of(hd_req *rq, const hd_user_t *who)
{
    const hd_user_t *me = rq->user;
    hd_ticket_draft d;

    d.kind = hd_form_field(rq, "kind");
    d.summary = hd_form_field(rq, "summary");
    d.details = hd_form_field(rq, "details");
    d.first_note = hd_form_field(rq, "first_note");
    d.service_id = hd_form_field(rq, "service");
    d.team_code = hd_form_field(rq, "team");
    d.shared = shared_choice(rq);
    d.requester_login = who->login;
    d.requester_name = who->name ? who->name : who->login;
    d.requester_mail = who->mail ? who->mail : "";
    d.requester_phone = who->phone ? who->phone : "";
    d.requester_org = who->organisation ? who->organisation : "";
    d.logger_login = me->login;
    d.logger_name = me->name ? me->name : me->login;
    d.nonce = rq->form_nonce;
    d.channel = channel_of(rq, who);
    d.asset = asset_of(rq);
    return d;
}

/* The form as sent: multipart from the browser's form (the files staged
 * in *up), or urlencoded (scripts, the API, a form kept across a login;
 * *up NULL).  OK, or a status with rq->error_message; a multipart form
 * that passed a limit or could not be staged is OK with *failed set
 * (413, 503): the form comes back with the text read. */
static int read_new_form(hd_req *rq, hd_upload **up, int *failed)
{
    int rv;

    *up = NULL;
    *failed = OK;
    if (rq->form || !hd_upload_is_multipart(rq->r)) {
        return hd_form_read(rq);
    }
    if (!(*up = hd_upload_make(rq))) {
        return HTTP_SERVICE_UNAVAILABLE;
    }
    rv = hd_upload_read(*up);
    if (rv == HTTP_REQUEST_ENTITY_TOO_LARGE || rv == HTTP_SERVICE_UNAVAILABLE) {
        *failed = rv;
        return OK;
    }
    if (rv == HTTP_FORBIDDEN) {
        return OK; /* the token: a field error below, as for any form */
    }
    if (rv != OK) {
        rq->error_message = hd_upload_why(*up);
    }
    return rv;
}

/* The files' side of a form that will not be logged: staged files
 * dropped, and why on the "file" field -- the limit passed, or, when
 * other fields were wrong, that the files must be chosen again (no
 * browser keeps a file input's choice across pages). */
static void files_not_kept(hd_req *rq, form_state *f, hd_upload *up, int failed)
{
    if (!up) {
        return;
    }
    if (failed != OK) {
        field_error(f, "file",
                    apr_pstrcat(rq->r->pool, hd_upload_why(up),
                                " The ticket has not been logged yet: "
                                "choose the files again (smaller or fewer) "
                                "or leave them out, and submit.",
                                NULL));
        return;
    }
    hd_upload_drop(up, HTTP_BAD_REQUEST, NULL);
    if (hd_upload_count(up) > 0) {
        field_error(f, "file",
                    "Your files were not kept because of the problems "
                    "above: choose the files again before you submit.");
    }
}

/* rv, once the files staged for a form that ends with it are dropped. */
static int dropping(hd_upload *up, int rv)
{
    if (up) {
        hd_upload_drop(up, rv, NULL);
    }
    return rv;
}

/* The files sent with the form, on the ticket it made (or made before,
 * when the form is sent again): their own transaction after the
 * ticket's, under the form's nonce, so they are attached once. */
static int attach_files(hd_req *rq, hd_upload *up, const char *id)
{
    const hd_user_t *me = rq->user;
    int repeated = 0;
    hd_db_outcome o;

    if (!up || hd_upload_count(up) == 0) {
        return OK;
    }
    o = hd_attach_record(hd_req_db(rq), id, hd_upload_files(up),
                         hd_form_field(rq, "description"), 0, me->login,
                         me->name ? me->name : me->login, rq->form_nonce,
                         &repeated);
    if (o == HD_DB_OK && !repeated) {
        return OK;
    }
    /* Attached the first time the form came, or not at all: this copy's
     * staged chunks go either way. */
    hd_upload_drop(up, HTTP_SERVICE_UNAVAILABLE, NULL);
    if (o == HD_DB_OK) {
        return OK;
    }
    ap_log_rerror(APLOG_MARK, APLOG_ERR, 0, rq->r,
                  HDLOG(18001) "ticket %s logged, its files not recorded: %s",
                  id, hd_db_outcome_name(o));
    hd_page_db_status(rq, o);
    rq->error_message = apr_pstrcat(
        rq->r->pool, "Your ticket ", hd_ticket_ref(rq->r->pool, id),
        " was logged, but its files could not be stored just now. Open the "
        "ticket and add them there.",
        NULL);
    apr_table_setn(rq->r->err_headers_out, "Retry-After", "30");
    return HTTP_SERVICE_UNAVAILABLE;
}

int hd_page_ticket_create(hd_req *rq)
{
    form_state f = {0};
    choice_list services = {0}, teams = {0};
    hd_user_t *who = NULL;
    hd_ticket_draft draft;
    hd_db_outcome why;
    const char *made = NULL;
    const char *kind;
    hd_upload *up;
    int rv, failed;

    if ((rv = read_new_form(rq, &up, &failed)) != OK) {
        return rv;
    }
    if ((rv = build_form(rq, &f, &services, &teams)) != OK) {
        return dropping(up, rv);
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
        return dropping(up, rv);
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
    check_text(rq, &f, "description", "description of the files", NULL, 500, 0);
    check_asset(rq, &f);
    if (f.bad || failed != OK) {
        files_not_kept(rq, &f, up, failed);
        rq->error_message = NULL;
        rq->r->status = !rq->form_nonce ? HTTP_FORBIDDEN
                        : failed != OK  ? failed
                                        : HTTP_BAD_REQUEST;
        return OK; /* the form again, everything kept */
    }
    draft = draft_of(rq, who);
    switch (hd_ticket_create(hd_req_db(rq), &draft, &made, &why)) {
    case HD_TICKET_DONE:
    case HD_TICKET_REPEATED: /* this form was sent before: that ticket */
        if ((rv = attach_files(rq, up, made)) != OK) {
            return rv;
        }
        return created_response(rq, made);
    case HD_TICKET_INVALID: /* withdrawn between the checks and now */
        field_error(&f, "service", "Choose a service from the list.");
        files_not_kept(rq, &f, up, OK);
        rq->r->status = HTTP_BAD_REQUEST;
        return OK;
    default:
        break;
    }
    rv = hd_page_db_status(rq, why);
    if (rv == HTTP_SERVICE_UNAVAILABLE || rv == HTTP_INTERNAL_SERVER_ERROR) {
        /* Not confirmed: the form again, everything kept, with the same
         * token, so sending it again logs the ticket at most once. */
        xmlSetProp(f.form, (const xmlChar *)"csrf",
                   (const xmlChar *)hd_form_field(rq, "csrf"));
        field_error(&f, "csrf",
                    "The ticket database did not confirm your ticket, so it "
                    "may not have been logged. Everything you entered is "
                    "kept: submit again (it will not be logged twice).");
        files_not_kept(rq, &f, up, OK);
        rq->error_message = NULL;
        rq->r->status = HTTP_SERVICE_UNAVAILABLE;
        apr_table_setn(rq->r->err_headers_out, "Retry-After", "30");
        return OK;
    }
    return dropping(up, rv);
}
