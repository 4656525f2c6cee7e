/*
 * page_logins.c -- a supervisor's view of their organisation's logins
 * (<base>/logins, <base>/logins/LOGIN) and the temporary password they
 * may have sent to one of them (POST <base>/logins/LOGIN/reset).
 *
 * Who may: members of HelpdeskSupervisorGroup only (staff and agents who
 * are not supervisors: 403), and only for the people of their own
 * organisation -- anyone else's login is the same 404 as a login that
 * does not exist, so the page tells nothing about other organisations.
 *
 * The people come from the directory (hd_ldap_org_people); their ticket
 * counts from one grouped SELECT over the organisation's tickets; "last
 * login" from people.last_login_at, which every login writes (022).
 */
#include "mod_helpdesk.h"
#include "hd_config.h"
#include "hd_ldap.h"
#include "hd_request.h"
#include "hd_render.h"
#include "hd_form.h"
#include "hd_page.h"
#include "hd_session.h"
#include "hd_password.h"

#include "apr_lib.h"

#define HD_SQL_LOGINS_COUNTS     "hd_logins_counts"
#define HD_SQL_LOGINS_LAST       "hd_logins_last"
#define HD_SQL_LOGINS_COUNTS_ONE "hd_logins_counts_one"
#define HD_SQL_LOGINS_LAST_ONE   "hd_logins_last_one"

/* Open: the categories a ticket is still being worked in (on the desk,
 * or waiting on its requester), as the lists' default. */
#define HD_OPEN_CATEGORIES "('open', 'pending')"

static const hd_db_statement statements[] = {
    /* organisation: each requester's tickets, open and in all */
    {HD_SQL_LOGINS_COUNTS,
     "SELECT t.requester_login AS login, COUNT(*) AS total, "
     "SUM(s.category IN " HD_OPEN_CATEGORIES ") AS open "
     "FROM tickets t JOIN ticket_statuses s ON s.code = t.status "
     "WHERE t.requester_org = %s GROUP BY t.requester_login"},
    /* organisation: when each of its people last logged in */
    {HD_SQL_LOGINS_LAST,
     "SELECT login, COALESCE(last_login_at, '') AS last_login FROM people "
     "WHERE organisation = %s"},
    {HD_SQL_LOGINS_COUNTS_ONE,
     "SELECT t.requester_login AS login, COUNT(*) AS total, "
     "SUM(s.category IN " HD_OPEN_CATEGORIES ") AS open "
     "FROM tickets t JOIN ticket_statuses s ON s.code = t.status "
     "WHERE t.requester_org = %s AND t.requester_login = %s "
     "GROUP BY t.requester_login"},
    {HD_SQL_LOGINS_LAST_ONE,
     "SELECT login, COALESCE(last_login_at, '') AS last_login FROM people "
     "WHERE login = %s"},
};

const hd_db_statements hd_page_logins_statements = HD_DB_STATEMENTS(statements);

/* What the database adds to a person, by login. */
typedef struct {
    apr_hash_t *open, *total, *last; /* login -> string */
} login_facts;

static int keep_counts(void *baton, const hd_db_row *row)
{
    login_facts *f = baton;
    apr_pool_t *p = hd_db_row_pool(row);
    const char *login = apr_pstrdup(p, hd_db_text(row, "login"));
    apr_hash_set(f->open, login, APR_HASH_KEY_STRING,
                 apr_pstrdup(p, hd_db_text(row, "open")));
    apr_hash_set(f->total, login, APR_HASH_KEY_STRING,
                 apr_pstrdup(p, hd_db_text(row, "total")));
    return 0;
}

static int keep_last(void *baton, const hd_db_row *row)
{
    login_facts *f = baton;
    apr_pool_t *p = hd_db_row_pool(row);
    apr_hash_set(f->last, apr_pstrdup(p, hd_db_text(row, "login")),
                 APR_HASH_KEY_STRING,
                 apr_pstrdup(p, hd_db_text(row, "last_login")));
    return 0;
}

/* The facts of the organisation's people (one_login NULL), or of one. */
static hd_db_outcome read_facts(hd_req *rq, const char *one_login,
                                login_facts *f)
{
    const char *args[2] = {rq->user->organisation, one_login};
    hd_db *db = hd_req_db(rq);
    hd_db_outcome o;

    f->open = apr_hash_make(rq->r->pool);
    f->total = apr_hash_make(rq->r->pool);
    f->last = apr_hash_make(rq->r->pool);
    o = one_login
            ? hd_db_select(db, HD_SQL_LOGINS_COUNTS_ONE, keep_counts, f, 2,
                           args)
            : hd_db_select(db, HD_SQL_LOGINS_COUNTS, keep_counts, f, 1, args);
    if (o == HD_DB_OK) {
        o = one_login
                ? hd_db_select(db, HD_SQL_LOGINS_LAST_ONE, keep_last, f, 1,
                               &one_login)
                : hd_db_select(db, HD_SQL_LOGINS_LAST, keep_last, f, 1, args);
    }
    return o;
}

static const char *fact(apr_hash_t *h, const char *login, const char *none)
{
    const char *v = apr_hash_get(h, login, APR_HASH_KEY_STRING);
    return v && *v ? v : none;
}

/* One person as both pages show them. */
static xmlNodePtr add_person(hd_req *rq, xmlNodePtr parent, const hd_user_t *u,
                             const login_facts *f)
{
    xmlNodePtr e = hd_xml_child(parent, "person");
    hd_xml_attr(e, "login", u->login);
    hd_xml_attr(e, "name", u->name ? u->name : u->login);
    hd_xml_attr(e, "mail", u->mail ? u->mail : "");
    hd_xml_attr(e, "phone", u->phone ? u->phone : "");
    hd_xml_attr(e, "has-mail", u->mail && *u->mail ? "true" : "false");
    hd_xml_attr(e, "href",
                apr_pstrcat(rq->r->pool, rq->sconf->base_url, "/logins/",
                            ap_escape_path_segment(rq->r->pool, u->login),
                            NULL));
    hd_xml_attr(e, "open-tickets", fact(f->open, u->login, "0"));
    hd_xml_attr(e, "total-tickets", fact(f->total, u->login, "0"));
    hd_xml_attr(e, "last-login", fact(f->last, u->login, ""));
    return e;
}

/* Supervisors only; OK or 403. */
static int supervisor_only(hd_req *rq)
{
    if (!rq->user->is_supervisor) {
        rq->error_message = "Only supervisors see their organisation's "
                            "logins.";
        return HTTP_FORBIDDEN;
    }
    return OK;
}

/* Does s contain q, ignoring case (ASCII)? */
static int contains(const char *s, const char *q)
{
    apr_size_t n = strlen(q);
    if (!s) {
        return 0;
    }
    for (; *s; s++) {
        if (!strncasecmp(s, q, n)) {
            return 1;
        }
    }
    return 0;
}

int hd_page_logins(hd_req *rq)
{
    apr_pool_t *p = rq->r->pool;
    const char *q = apr_table_get(rq->query, "q");
    apr_array_header_t *people;
    login_facts f;
    xmlNodePtr page, list;
    hd_db_outcome o;
    int status, i, shown = 0;

    if ((status = supervisor_only(rq)) != OK) {
        return status;
    }
    if (!q || hd_request_text_chars(q, 0) < 0) {
        q = "";
    }
    while (*q == ' ') {
        q++;
    }
    status = hd_ldap_org_people(rq, rq->user->organisation, &people);
    if (status != OK) {
        rq->error_message = "The staff directory cannot be reached.";
        return status;
    }
    if ((o = read_facts(rq, NULL, &f)) != HD_DB_OK) {
        return hd_page_db_status(rq, o);
    }
    hd_render_begin(rq, "logins");
    page = hd_xml_child(rq->root, "logins");
    hd_xml_attr(page, "organisation", rq->user->organisation);
    hd_xml_attr(page, "q", q);
    hd_xml_attr(page, "action",
                apr_pstrcat(p, rq->sconf->base_url, "/logins", NULL));
    hd_xml_attr(page, "last-login-from", "logins");
    list = hd_xml_list(page, "people");
    for (i = 0; i < people->nelts; i++) {
        const hd_user_t *u = APR_ARRAY_IDX(people, i, hd_user_t *);
        if (*q && !contains(u->login, q) && !contains(u->name, q) &&
            !contains(u->mail, q)) {
            continue;
        }
        add_person(rq, list, u, &f);
        shown++;
    }
    hd_xml_attr(page, "count", apr_itoa(p, shown));
    hd_xml_attr(page, "total", apr_itoa(p, people->nelts));
    return OK;
}

/* The person of the URL, when they are of the viewer's organisation;
 * 404 otherwise (no such login, or another organisation's: the same). */
static int person_of_url(hd_req *rq, hd_user_t **out)
{
    const char *asked = APR_ARRAY_IDX(rq->args, 0, const char *);
    hd_user_t *u = NULL;
    int status;

    *out = NULL;
    if (hd_request_text_chars(asked, 0) <= 0) {
        status = HTTP_FORBIDDEN;
    }
    else {
        status = hd_ldap_user(rq, asked, &u);
    }
    if (status == HTTP_SERVICE_UNAVAILABLE) {
        return status;
    }
    if (status != OK || !u->organisation || !rq->user->organisation ||
        strcmp(u->organisation, rq->user->organisation)) {
        rq->error_message = "There is no such login in your organisation.";
        return HTTP_NOT_FOUND;
    }
    *out = u;
    return OK;
}

/* The details page; problem: "" or why the reset did not happen
 * ("no-mail", "refused"), with the directory's words. */
static int draw_details(hd_req *rq, const hd_user_t *u, const char *problem,
                        const char *why)
{
    apr_pool_t *p = rq->r->pool;
    const char *action = apr_pstrcat(p, "/logins/", u->login, "/reset", NULL);
    const char *done = apr_table_get(rq->query, "reset");
    apr_array_header_t *resets;
    login_facts f;
    xmlNodePtr page, list;
    hd_db_outcome o;
    int i;

    if ((o = read_facts(rq, u->login, &f)) != HD_DB_OK ||
        (o = hd_password_resets_of(hd_req_db(rq), u->login, &resets)) !=
            HD_DB_OK) {
        return hd_page_db_status(rq, o);
    }
    hd_render_begin(rq, "login-detail");
    page = hd_xml_child(rq->root, "login-detail");
    hd_xml_attr(page, "organisation", rq->user->organisation);
    hd_xml_attr(page, "list-href",
                apr_pstrcat(p, rq->sconf->base_url, "/logins", NULL));
    hd_xml_attr(page, "last-login-from", "logins");
    hd_xml_attr(page, "valid-hours",
                apr_itoa(p, (rq->sconf->temp_password_ttl + 3599) / 3600));
    add_person(rq, page, u, &f);
    if (u->mail && *u->mail) {
        xmlNodePtr form = hd_xml_child(page, "reset-form");
        hd_xml_attr(form, "action",
                    apr_pstrcat(p, rq->sconf->base_url, "/logins/",
                                ap_escape_path_segment(p, u->login), "/reset",
                                NULL));
        hd_xml_attr(form, "csrf", hd_form_token(rq, action));
    }
    hd_xml_attr(page, "done", done && !strcmp(done, "sent") ? "sent" : "");
    hd_xml_attr(page, "problem", problem);
    if (why) {
        hd_xml_attr(page, "why", why);
    }
    list = hd_xml_list(page, "resets");
    for (i = 0; i < resets->nelts; i++) {
        apr_table_t *t = APR_ARRAY_IDX(resets, i, apr_table_t *);
        xmlNodePtr e = hd_xml_child(list, "reset");
        hd_xml_attr(e, "created", apr_table_get(t, "created-at"));
        hd_xml_attr(e, "expires", apr_table_get(t, "expires-at"));
        hd_xml_attr(e, "used", apr_table_get(t, "used-at"));
        hd_xml_attr(e, "requested-by", apr_table_get(t, "requested-by"));
    }
    return OK;
}

int hd_page_login_details(hd_req *rq)
{
    hd_user_t *u;
    int status;

    if ((status = supervisor_only(rq)) != OK ||
        (status = person_of_url(rq, &u)) != OK) {
        return status;
    }
    return draw_details(rq, u, "", NULL);
}

int hd_page_login_reset(hd_req *rq)
{
    request_rec *r = rq->r;
    const char *why = NULL;
    hd_db_outcome db_why = HD_DB_OK;
    hd_user_t *u;
    int status;

    if ((status = supervisor_only(rq)) != OK ||
        (status = person_of_url(rq, &u)) != OK ||
        (status = hd_form_read(rq)) != OK ||
        (status = hd_form_check_token(rq)) != OK) {
        return status;
    }
    switch (hd_password_reset(rq, u, rq->user->login, &why, &db_why)) {
    case HD_RESET_SENT:
        /* Whoever was logged in as them is no longer: the new password
         * is the way in now. */
        hd_session_end_all(hd_req_db(rq), u->login, NULL, NULL);
        apr_table_setn(r->headers_out, "Location",
                       apr_pstrcat(r->pool, rq->sconf->base_url, "/logins/",
                                   ap_escape_path_segment(r->pool, u->login),
                                   "?reset=sent", NULL));
        return HTTP_SEE_OTHER;
    case HD_RESET_NO_MAIL:
        status = draw_details(rq, u, "no-mail", NULL);
        if (status == OK) {
            r->status = HTTP_CONFLICT;
        }
        return status;
    case HD_RESET_REFUSED:
        status = draw_details(rq, u, "refused", why ? why : "");
        if (status == OK) {
            r->status = HTTP_CONFLICT;
        }
        return status;
    case HD_RESET_UNAVAILABLE:
        rq->error_message = "The staff directory cannot be reached, so the "
                            "password was not changed. Try again in a "
                            "minute.";
        apr_table_setn(r->err_headers_out, "Retry-After", "30");
        return HTTP_SERVICE_UNAVAILABLE;
    case HD_RESET_DB:
        return hd_page_db_status(rq, db_why);
    default:
        return HTTP_INTERNAL_SERVER_ERROR;
    }
}
