/*
 * page_desk_content.c -- the service desk manages what everyone reads
 * besides tickets: news, frequently asked questions and planned
 * maintenance.  Agents only: anyone else gets a 403, in every format.
 *
 *   GET  <base>/desk/news[?edit=ID]        desk-news.xsl
 *   POST <base>/desk/news                  title, body, publish_at,
 *                                          expires_at
 *   POST <base>/desk/news/ID/edit          the same fields
 *   POST <base>/desk/news/ID/delete
 *   GET  <base>/desk/faq[?edit=ID]         desk-faq.xsl
 *   POST <base>/desk/faq                   question, answer, category,
 *                                          sort_order
 *   POST <base>/desk/faq/ID/edit           the same fields
 *   POST <base>/desk/faq/ID/delete
 *   GET  <base>/desk/maintenance           desk-maintenance.xsl
 *   POST <base>/desk/maintenance           title, body, starts, ends,
 *                                          service (an id, repeated)
 *   POST <base>/desk/maintenance/ID/cancel
 *
 * Each page is its list with one form: a new item, or (?edit=ID) that
 * item's.  A change answers 303 to the list (?done=created, saved,
 * deleted, cancelled) once it has committed; a bad value answers 400
 * with the form as it was sent and each error beside its field; an
 * expired form 403 the same way; an ID that names nothing 404.
 *
 * Times are typed "YYYY-MM-DD HH:MM" in the database's zone, as the
 * portal shows them everywhere (hd_content_parse_time).  A news item's
 * state, and a window's, is computed by the database when read: nothing
 * has to switch it.
 */
#include "mod_helpdesk.h"
#include "hd_config.h"
#include "hd_ldap.h"
#include "hd_request.h"
#include "hd_form.h"
#include "hd_render.h"
#include "hd_page.h"
#include "hd_db.h"
#include "hd_catalog.h"
#include "hd_content.h"
#include "apr_hash.h"

#define HD_NEWS_MAX_TITLE   200
#define HD_FAQ_MAX_QUESTION 300
#define HD_FAQ_MAX_CATEGORY 80
#define HD_MAINT_MAX_TITLE  200
/* Days of ended windows the desk's list still shows. */
#define HD_MAINT_PAST_DAYS "90"

#define HD_SQL_DESK_NOW       "desk_content_now"
#define HD_SQL_DESK_NEWS      "desk_news_list"
#define HD_SQL_DESK_NEWS_ONE  "desk_news_one"
#define HD_SQL_DESK_FAQ       "desk_faq_list"
#define HD_SQL_DESK_FAQ_ONE   "desk_faq_one"
#define HD_SQL_DESK_FAQ_CATS  "desk_faq_categories"
#define HD_SQL_DESK_FAQ_NEXT  "desk_faq_next_order"
#define HD_SQL_DESK_MAINT     "desk_maintenance_list"
#define HD_SQL_DESK_MAINT_SVC "desk_maintenance_services"
#define HD_SQL_DESK_MAINT_ONE "desk_maintenance_one"

#define HD_SQL_MAINT_SHOWN                            \
    "m.cancelled_at IS NULL AND m.ends_at > NOW() - " \
    "INTERVAL " HD_MAINT_PAST_DAYS " DAY"

static const hd_db_statement statements[] = {
    /* The database's clock: "now" for a news item published now, and
     * to tell a window that has already ended. */
    {HD_SQL_DESK_NOW, "SELECT NOW() AS now"},
    {HD_SQL_DESK_NEWS,
     "SELECT id, title, body, publish_at, COALESCE(expires_at, '') AS "
     "expires_at, author_name, updated_at, "
     "CASE WHEN publish_at > NOW() THEN 'scheduled' "
     "WHEN expires_at <= NOW() THEN 'expired' ELSE 'published' END AS state "
     "FROM news ORDER BY publish_at DESC, id DESC"},
    {HD_SQL_DESK_NEWS_ONE, "SELECT id FROM news WHERE id = %s"},
    /* In the order the FAQ page shows them (page_faq.c). */
    {HD_SQL_DESK_FAQ,
     "SELECT f.id, f.question, f.answer, f.category, f.sort_order, "
     "f.updated_at FROM faq f JOIN (SELECT category, MIN(sort_order) AS "
     "first FROM faq GROUP BY category) c ON c.category = f.category "
     "ORDER BY c.first, f.category, f.sort_order, f.id"},
    {HD_SQL_DESK_FAQ_ONE, "SELECT id FROM faq WHERE id = %s"},
    {HD_SQL_DESK_FAQ_CATS, "SELECT category, MIN(sort_order) AS first FROM faq "
                           "GROUP BY category ORDER BY first, category"},
    /* A new entry goes last unless the desk says otherwise. */
    {HD_SQL_DESK_FAQ_NEXT,
     "SELECT COALESCE(MAX(sort_order), 0) + 10 AS next FROM faq"},
    /* Running first, then upcoming (soonest first), then past (latest
     * first). */
    {HD_SQL_DESK_MAINT,
     "SELECT m.id, m.title, m.body, m.starts_at, m.ends_at, m.created_by, "
     "CASE WHEN m.starts_at > NOW() THEN 'upcoming' "
     "WHEN m.ends_at > NOW() THEN 'active' ELSE 'past' END AS state "
     "FROM maintenances m WHERE " HD_SQL_MAINT_SHOWN " "
     "ORDER BY CASE WHEN m.starts_at > NOW() THEN 1 "
     "WHEN m.ends_at > NOW() THEN 0 ELSE 2 END, "
     "CASE WHEN m.ends_at > NOW() THEN m.starts_at END, "
     "m.starts_at DESC, m.id"},
    {HD_SQL_DESK_MAINT_SVC,
     "SELECT ms.maintenance_id, s.id, s.code, s.name "
     "FROM maintenance_services ms "
     "JOIN maintenances m ON m.id = ms.maintenance_id "
     "JOIN services s ON s.id = ms.service_id WHERE " HD_SQL_MAINT_SHOWN " "
     "ORDER BY s.sort_order, s.name"},
    {HD_SQL_DESK_MAINT_ONE, "SELECT id FROM maintenances WHERE id = %s"},
};

const hd_db_statements hd_page_desk_content_statements =
    HD_DB_STATEMENTS(statements);

/* ------------------------------------------------------------------ */
/* What the three pages share                                          */
/* ------------------------------------------------------------------ */

/* A page's form: where it posts, what it holds, what is wrong with it. */
typedef struct {
    hd_req *rq;
    xmlNodePtr page, form, values, errors;
    int bad;
} desk_form;

static int desk_only(hd_req *rq)
{
    if (!rq->user->is_agent) {
        rq->error_message = "Only the service desk manages news, questions "
                            "and planned maintenance.";
        return HTTP_FORBIDDEN;
    }
    return OK;
}

/* The ID in the URL (or ?edit=), if it can be one; NULL otherwise. */
static const char *valid_id(const char *id)
{
    apr_size_t n = id ? strlen(id) : 0;
    if (n == 0 || n > 9 || *id == '0' || strspn(id, "0123456789") != n) {
        return NULL;
    }
    return id;
}

static const char *id_arg(hd_req *rq)
{
    return valid_id(APR_ARRAY_IDX(rq->args, 0, const char *));
}

/* "<base>/desk/<what>[/<id>/<action>]" and the path a token binds. */
static const char *desk_path(hd_req *rq, const char *what, const char *id,
                             const char *action)
{
    return id ? apr_pstrcat(rq->r->pool, "/desk/", what, "/", id, "/", action,
                            NULL)
              : apr_pstrcat(rq->r->pool, "/desk/", what, NULL);
}

static const char *full(hd_req *rq, const char *path)
{
    return apr_pstrcat(rq->r->pool, rq->sconf->base_url, path, NULL);
}

/* An action's address and its form's token, as name-action and
 * name-csrf (a token is good for that one form). */
static void add_action(hd_req *rq, xmlNodePtr e, const char *name,
                       const char *path)
{
    apr_pool_t *p = rq->r->pool;
    hd_xml_attr(e, apr_pstrcat(p, name, "-action", NULL), full(rq, path));
    hd_xml_attr(e, apr_pstrcat(p, name, "-csrf", NULL),
                hd_form_token(rq, path));
}

/* The page element, with what the 303 before it says was done. */
static xmlNodePtr begin_page(hd_req *rq, const char *page)
{
    static const char *const done[] = {"created", "saved", "deleted",
                                       "cancelled"};
    const char *d = apr_table_get(rq->query, "done");
    xmlNodePtr e;
    unsigned i;

    hd_render_begin(rq, page);
    e = hd_xml_child(rq->root, page);
    for (i = 0; d && i < sizeof(done) / sizeof(done[0]); i++) {
        if (!strcmp(d, done[i])) {
            hd_xml_attr(e, "done", done[i]);
        }
    }
    return e;
}

/* The form: create (id NULL) or edit item id. */
static void begin_form(desk_form *f, const char *name, const char *what,
                       const char *id)
{
    hd_req *rq = f->rq;
    const char *path = desk_path(rq, what, id, "edit");

    f->form = hd_xml_child(f->page, name);
    hd_xml_attr(f->form, "mode", id ? "edit" : "new");
    hd_xml_attr(f->form, "action", full(rq, path));
    hd_xml_attr(f->form, "csrf", hd_form_token(rq, path));
    if (id) {
        hd_xml_attr(f->form, "item-id", id);
        hd_xml_attr(f->form, "new-href",
                    full(rq, desk_path(rq, what, NULL, NULL)));
        add_action(rq, f->form, "delete", desk_path(rq, what, id, "delete"));
    }
    f->values = hd_xml_child(f->form, "values");
    f->errors = hd_xml_list(f->form, "errors");
}

static void form_error(desk_form *f, const char *field, const char *message)
{
    xmlNodePtr e = hd_xml_child(f->errors, "error");
    hd_xml_attr(e, "field", field);
    hd_xml_attr(e, "message", message);
    f->bad = 1;
}

/* A value of the form as sent, kept for the page: every field the form
 * has, so nothing typed is lost. */
static void keep_sent(desk_form *f, const char *const *fields, int n)
{
    int i;
    for (i = 0; i < n; i++) {
        hd_xml_attr(f->values, fields[i], hd_form_field(f->rq, fields[i]));
    }
}

/* A text field: its value when good; NULL after adding its error. */
static const char *check_text(desk_form *f, const char *field, const char *what,
                              const char *if_blank, long max, int multiline)
{
    const char *v = hd_form_field(f->rq, field);
    long chars = hd_request_text_chars(v, multiline);

    if (chars < 0) {
        form_error(f, field,
                   apr_psprintf(f->rq->r->pool,
                                "The %s has characters that cannot be shown "
                                "(control characters, or text that is not "
                                "UTF-8). Type it again.",
                                what));
        return NULL;
    }
    if (if_blank && hd_request_is_blank(v)) {
        form_error(f, field, if_blank);
        return NULL;
    }
    if (chars > max) {
        form_error(f, field,
                   apr_psprintf(f->rq->r->pool,
                                "The %s must be %ld characters or fewer.", what,
                                max));
        return NULL;
    }
    return v;
}

/* A time field: "YYYY-MM-DD HH:MM:SS", "" when blank and optional, NULL
 * after adding its error. */
static const char *check_time(desk_form *f, const char *field,
                              const char *if_blank)
{
    const char *v = hd_form_field(f->rq, field), *t;

    if (hd_request_is_blank(v)) {
        if (if_blank) {
            form_error(f, field, if_blank);
            return NULL;
        }
        return "";
    }
    t = hd_request_text_chars(v, 0) < 0
            ? NULL
            : hd_content_parse_time(f->rq->r->pool, v);
    if (!t) {
        form_error(f, field,
                   "Enter a real date and time as YYYY-MM-DD HH:MM, "
                   "for example 2026-03-01 18:30.");
    }
    return t;
}

/* The database's "now", as a time field's value. */
static hd_db_outcome db_now(hd_req *rq, const char **now)
{
    return hd_db_value(hd_req_db(rq), HD_SQL_DESK_NOW, 0, NULL, now);
}

/* A stored time as the form shows it: without ":00" seconds. */
static const char *form_time(apr_pool_t *p, const char *t)
{
    apr_size_t n = strlen(t);
    return n == 19 && !strcmp(t + 16, ":00") ? apr_pstrndup(p, t, 16) : t;
}

/* After the checks: the form again (400, or 403 for an expired one)
 * when something is wrong. */
static int form_refused(desk_form *f)
{
    f->rq->error_message = NULL;
    f->rq->r->status = f->rq->form_nonce ? HTTP_BAD_REQUEST : HTTP_FORBIDDEN;
    return OK;
}

/* A change that did not commit: the form again, everything kept, when
 * the database is only unavailable; any other failure is an error. */
static int not_confirmed(desk_form *f, hd_db_outcome why)
{
    int rv = hd_page_db_status(f->rq, why);
    if (rv != HTTP_SERVICE_UNAVAILABLE) {
        return rv;
    }
    form_error(f, "csrf",
               "The database did not confirm the change, so it may not have "
               "been made. Everything you entered is kept: check the list, "
               "then send it again.");
    f->rq->error_message = NULL;
    f->rq->r->status = rv;
    return OK;
}

/* 303 to the list, saying what was done. */
static int back_to_list(hd_req *rq, const char *what, const char *done)
{
    apr_table_setn(rq->r->headers_out, "Location",
                   apr_pstrcat(rq->r->pool, rq->sconf->base_url, "/desk/", what,
                               "?done=", done, NULL));
    return HTTP_SEE_OTHER;
}

static int keep_id(void *baton, const hd_db_row *row)
{
    *(int *)baton = 1;
    return 0;
}

/* Is there a row with this id (label: SELECT id ... WHERE id = %s)?
 * OK, 404 or a database status. */
static int known_id(hd_req *rq, const char *label, const char *id)
{
    int found = 0;
    hd_db_outcome o =
        id ? hd_db_select(hd_req_db(rq), label, keep_id, &found, 1, &id)
           : HD_DB_OK;
    if (o != HD_DB_OK) {
        return hd_page_db_status(rq, o);
    }
    return found ? OK : HTTP_NOT_FOUND;
}

/* The start of every POST: agents only, the ID (when the URL has one)
 * known, the form read, its token checked (a failure is the form's
 * error, kept for the page: *token_ok). */
static int begin_post(hd_req *rq, const char *one_label, const char **id,
                      int *token_ok)
{
    int rv = desk_only(rq);

    *id = NULL;
    if (rv != OK) {
        return rv;
    }
    if (one_label) {
        *id = id_arg(rq);
        if (!*id) {
            return HTTP_NOT_FOUND;
        }
        if ((rv = known_id(rq, one_label, *id)) != OK) {
            return rv;
        }
    }
    if ((rv = hd_form_read(rq)) != OK) {
        return rv;
    }
    *token_ok = hd_form_check_token(rq) == OK;
    return OK;
}

/* A POST that has no form to show again (delete, cancel): the token
 * must be good. */
static int begin_action(hd_req *rq, const char *one_label, const char **id)
{
    int ok = 0, rv = begin_post(rq, one_label, id, &ok);
    if (rv == OK && !ok) {
        return HTTP_FORBIDDEN; /* hd_form_check_token said why */
    }
    return rv;
}

/* ------------------------------------------------------------------ */
/* News                                                                */
/* ------------------------------------------------------------------ */

static const char *const news_fields[] = {"title", "body", "publish_at",
                                          "expires_at"};
#define N_NEWS_FIELDS ((int)(sizeof(news_fields) / sizeof(news_fields[0])))

typedef struct {
    desk_form *f;
    xmlNodePtr list;
    const char *edit_id;
    const char *edit[N_NEWS_FIELDS]; /* the item edited, as stored */
} news_rows;

static int keep_news(void *baton, const hd_db_row *row)
{
    news_rows *n = baton;
    hd_req *rq = n->f->rq;
    apr_pool_t *p = rq->r->pool;
    const char *id = hd_db_text(row, "id");
    const char *expires = hd_db_text(row, "expires_at");
    xmlNodePtr e = hd_xml_child(n->list, "item");

    hd_xml_attr(e, "id", id);
    hd_xml_attr(e, "title", hd_db_text(row, "title"));
    hd_xml_attr(e, "body", hd_db_text(row, "body"));
    hd_xml_attr(e, "state", hd_db_text(row, "state"));
    hd_xml_attr(e, "publish", hd_db_text(row, "publish_at"));
    if (*expires) {
        hd_xml_attr(e, "expires", expires);
    }
    hd_xml_attr(e, "author", hd_db_text(row, "author_name"));
    hd_xml_attr(e, "updated", hd_db_text(row, "updated_at"));
    hd_xml_attr(e, "edit-href",
                apr_pstrcat(p, full(rq, "/desk/news?edit="), id, NULL));
    add_action(rq, e, "edit", desk_path(rq, "news", id, "edit"));
    add_action(rq, e, "delete", desk_path(rq, "news", id, "delete"));
    if (n->edit_id && !strcmp(id, n->edit_id)) {
        n->edit[0] = hd_xml_get(e, "title");
        n->edit[1] = hd_xml_get(e, "body");
        n->edit[2] = form_time(p, hd_xml_get(e, "publish"));
        n->edit[3] = form_time(p, hd_xml_get(e, "expires"));
    }
    return 0;
}

/* The news page, with the form for a new item or for item edit_id: OK,
 * 404 when there is no such item, or a database status. */
static int news_page(desk_form *f, const char *edit_id)
{
    hd_req *rq = f->rq;
    news_rows n;
    hd_db_outcome o;
    int i;

    f->page = begin_page(rq, "desk-news");
    begin_form(f, "news-form", "news", edit_id);
    memset(&n, 0, sizeof(n));
    n.f = f;
    n.edit_id = edit_id;
    n.list = hd_xml_list(f->page, "items");
    o = hd_db_select(hd_req_db(rq), HD_SQL_DESK_NEWS, keep_news, &n, 0, NULL);
    if (o != HD_DB_OK) {
        return hd_page_db_status(rq, o);
    }
    if (edit_id && !n.edit[0]) {
        return HTTP_NOT_FOUND;
    }
    if (rq->form) {
        keep_sent(f, news_fields, N_NEWS_FIELDS);
    }
    else {
        for (i = 0; i < N_NEWS_FIELDS; i++) {
            hd_xml_attr(f->values, news_fields[i], n.edit[i] ? n.edit[i] : "");
        }
    }
    return OK;
}

/* GET of a desk list with its form (?edit=ID: that item's), drawn by
 * page: agents only, an unknown ID a 404. */
static int desk_list(hd_req *rq, int (*page)(desk_form *, const char *))
{
    const char *edit = apr_table_get(rq->query, "edit");
    desk_form f;
    int rv = desk_only(rq);

    if (rv != OK) {
        return rv;
    }
    if (edit && !valid_id(edit)) {
        return HTTP_NOT_FOUND;
    }
    memset(&f, 0, sizeof(f));
    f.rq = rq;
    return page(&f, edit);
}

int hd_page_desk_news(hd_req *rq)
{
    return desk_list(rq, news_page);
}

/* Create (the URL has no ID) or edit. */
static int news_save(hd_req *rq, int editing)
{
    const char *id, *title, *body, *publish, *expires, *saved;
    hd_news_draft d;
    hd_db_outcome why;
    desk_form f;
    int token_ok = 0;
    int rv =
        begin_post(rq, editing ? HD_SQL_DESK_NEWS_ONE : NULL, &id, &token_ok);

    if (rv != OK) {
        return rv;
    }
    memset(&f, 0, sizeof(f));
    f.rq = rq;
    if ((rv = news_page(&f, id)) != OK) {
        return rv;
    }
    if (!token_ok) {
        form_error(&f, "csrf", rq->error_message);
    }
    title = check_text(&f, "title", "title", "Enter a title.",
                       HD_NEWS_MAX_TITLE, 0);
    body = check_text(&f, "body", "text", "Enter what people should read.",
                      rq->sconf->max_text, 1);
    publish = check_time(&f, "publish_at", NULL);
    expires = check_time(&f, "expires_at", NULL);
    if (publish && !*publish &&
        (rv = hd_page_db_status(rq, db_now(rq, &publish))) != OK) {
        return rv;
    }
    if (publish && expires && *expires && strcmp(expires, publish) <= 0) {
        form_error(&f, "expires_at",
                   "The news must expire after it is published.");
    }
    if (f.bad) {
        return form_refused(&f);
    }
    d.title = title;
    d.body = body;
    d.publish_at = publish;
    d.expires_at = expires;
    d.login = rq->user->login;
    d.name = rq->user->name ? rq->user->name : rq->user->login;
    d.nonce = rq->form_nonce;
    switch (hd_content_news_save(hd_req_db(rq), id, &d, &saved, &why)) {
    case HD_CONTENT_DONE:
        return back_to_list(rq, "news", id ? "saved" : "created");
    case HD_CONTENT_MISSING: /* deleted meanwhile */
        return HTTP_NOT_FOUND;
    default:
        return not_confirmed(&f, why);
    }
}

int hd_page_desk_news_create(hd_req *rq)
{
    return news_save(rq, 0);
}

int hd_page_desk_news_edit(hd_req *rq)
{
    return news_save(rq, 1);
}

/* POST .../KIND/ID/delete for news items and FAQ entries alike: the
 * item's row (one_sql finds it), then del. */
static int delete_item(hd_req *rq, const char *kind, const char *one_sql,
                       hd_content_result (*del)(hd_db *, const char *,
                                                hd_db_outcome *))
{
    const char *id;
    hd_db_outcome why;
    int rv = begin_action(rq, one_sql, &id);

    if (rv != OK) {
        return rv;
    }
    switch (del(hd_req_db(rq), id, &why)) {
    case HD_CONTENT_DONE:
        return back_to_list(rq, kind, "deleted");
    case HD_CONTENT_MISSING:
        return HTTP_NOT_FOUND;
    default:
        return hd_page_db_status(rq, why);
    }
}

int hd_page_desk_news_delete(hd_req *rq)
{
    return delete_item(rq, "news", HD_SQL_DESK_NEWS_ONE,
                       hd_content_news_delete);
}

/* ------------------------------------------------------------------ */
/* Frequently asked questions                                          */
/* ------------------------------------------------------------------ */

static const char *const faq_fields[] = {"question", "answer", "category",
                                         "sort_order"};
#define N_FAQ_FIELDS ((int)(sizeof(faq_fields) / sizeof(faq_fields[0])))

typedef struct {
    desk_form *f;
    xmlNodePtr list;
    const char *edit_id;
    const char *edit[N_FAQ_FIELDS];
} faq_rows;

static int keep_faq(void *baton, const hd_db_row *row)
{
    faq_rows *q = baton;
    hd_req *rq = q->f->rq;
    const char *id = hd_db_text(row, "id");
    xmlNodePtr e = hd_xml_child(q->list, "entry");

    hd_xml_attr(e, "id", id);
    hd_xml_attr(e, "question", hd_db_text(row, "question"));
    hd_xml_attr(e, "answer", hd_db_text(row, "answer"));
    hd_xml_attr(e, "category", hd_db_text(row, "category"));
    hd_xml_attr(e, "sort-order", hd_db_text(row, "sort_order"));
    hd_xml_attr(e, "updated", hd_db_text(row, "updated_at"));
    hd_xml_attr(
        e, "edit-href",
        apr_pstrcat(rq->r->pool, full(rq, "/desk/faq?edit="), id, NULL));
    add_action(rq, e, "edit", desk_path(rq, "faq", id, "edit"));
    add_action(rq, e, "delete", desk_path(rq, "faq", id, "delete"));
    if (q->edit_id && !strcmp(id, q->edit_id)) {
        q->edit[0] = hd_xml_get(e, "question");
        q->edit[1] = hd_xml_get(e, "answer");
        q->edit[2] = hd_xml_get(e, "category");
        q->edit[3] = hd_xml_get(e, "sort-order");
    }
    return 0;
}

static int keep_category(void *baton, const hd_db_row *row)
{
    xmlNodePtr e = hd_xml_child(baton, "category");
    hd_xml_attr(e, "name", hd_db_text(row, "category"));
    return 0;
}

static int faq_page(desk_form *f, const char *edit_id)
{
    hd_req *rq = f->rq;
    faq_rows q;
    hd_db_outcome o;
    const char *next = NULL;
    int i;

    f->page = begin_page(rq, "desk-faq");
    begin_form(f, "faq-form", "faq", edit_id);
    memset(&q, 0, sizeof(q));
    q.f = f;
    q.edit_id = edit_id;
    /* The categories so far, for the form to offer. */
    o = hd_db_select(hd_req_db(rq), HD_SQL_DESK_FAQ_CATS, keep_category,
                     hd_xml_list(f->form, "categories"), 0, NULL);
    if (o == HD_DB_OK) {
        q.list = hd_xml_list(f->page, "entries");
        o = hd_db_select(hd_req_db(rq), HD_SQL_DESK_FAQ, keep_faq, &q, 0, NULL);
    }
    if (o == HD_DB_OK && !edit_id && !rq->form) {
        o = hd_db_value(hd_req_db(rq), HD_SQL_DESK_FAQ_NEXT, 0, NULL, &next);
    }
    if (o != HD_DB_OK) {
        return hd_page_db_status(rq, o);
    }
    if (edit_id && !q.edit[0]) {
        return HTTP_NOT_FOUND;
    }
    if (rq->form) {
        keep_sent(f, faq_fields, N_FAQ_FIELDS);
        return OK;
    }
    q.edit[3] = edit_id ? q.edit[3] : next;
    for (i = 0; i < N_FAQ_FIELDS; i++) {
        hd_xml_attr(f->values, faq_fields[i], q.edit[i] ? q.edit[i] : "");
    }
    return OK;
}

int hd_page_desk_faq(hd_req *rq)
{
    return desk_list(rq, faq_page);
}

static int faq_save(hd_req *rq, int editing)
{
    const char *id, *saved;
    hd_faq_draft d;
    hd_db_outcome why;
    desk_form f;
    long order;
    int token_ok = 0;
    int rv =
        begin_post(rq, editing ? HD_SQL_DESK_FAQ_ONE : NULL, &id, &token_ok);

    if (rv != OK) {
        return rv;
    }
    memset(&f, 0, sizeof(f));
    f.rq = rq;
    if ((rv = faq_page(&f, id)) != OK) {
        return rv;
    }
    if (!token_ok) {
        form_error(&f, "csrf", rq->error_message);
    }
    d.question = check_text(&f, "question", "question", "Enter the question.",
                            HD_FAQ_MAX_QUESTION, 0);
    d.answer = check_text(&f, "answer", "answer", "Enter the answer.",
                          rq->sconf->max_text, 1);
    d.category = check_text(&f, "category", "category",
                            "Enter a category, for example E-mail.",
                            HD_FAQ_MAX_CATEGORY, 0);
    d.sort_order = hd_form_field(rq, "sort_order");
    d.nonce = rq->form_nonce;
    if (!hd_content_parse_int(d.sort_order, &order)) {
        form_error(&f, "sort_order",
                   "Enter the position as a whole number, for example 10: "
                   "smaller numbers come first.");
    }
    if (f.bad) {
        return form_refused(&f);
    }
    d.sort_order = apr_ltoa(rq->r->pool, order);
    switch (hd_content_faq_save(hd_req_db(rq), id, &d, &saved, &why)) {
    case HD_CONTENT_DONE:
        return back_to_list(rq, "faq", id ? "saved" : "created");
    case HD_CONTENT_MISSING:
        return HTTP_NOT_FOUND;
    default:
        return not_confirmed(&f, why);
    }
}

int hd_page_desk_faq_create(hd_req *rq)
{
    return faq_save(rq, 0);
}

int hd_page_desk_faq_edit(hd_req *rq)
{
    return faq_save(rq, 1);
}

int hd_page_desk_faq_delete(hd_req *rq)
{
    return delete_item(rq, "faq", HD_SQL_DESK_FAQ_ONE, hd_content_faq_delete);
}

/* ------------------------------------------------------------------ */
/* Planned maintenance                                                 */
/* ------------------------------------------------------------------ */

static const char *const maint_fields[] = {"title", "body", "starts", "ends"};
#define N_MAINT_FIELDS ((int)(sizeof(maint_fields) / sizeof(maint_fields[0])))

typedef struct {
    desk_form *f;
    xmlNodePtr list;
    apr_hash_t *by_id;          /* window id -> <maintenance> */
    apr_array_header_t *chosen; /* the service ids sent */
} maint_rows;

static int keep_window(void *baton, const hd_db_row *row)
{
    maint_rows *m = baton;
    hd_req *rq = m->f->rq;
    const char *id = hd_db_text(row, "id");
    const char *state = hd_db_text(row, "state");
    xmlNodePtr e = hd_xml_child(m->list, "maintenance");

    hd_xml_attr(e, "id", id);
    hd_xml_attr(e, "title", hd_db_text(row, "title"));
    hd_xml_attr(e, "body", hd_db_text(row, "body"));
    hd_xml_attr(e, "starts", hd_db_text(row, "starts_at"));
    hd_xml_attr(e, "ends", hd_db_text(row, "ends_at"));
    hd_xml_attr(e, "state", state);
    hd_xml_attr(e, "created-by", hd_db_text(row, "created_by"));
    if (strcmp(state, "past")) {
        add_action(rq, e, "cancel", desk_path(rq, "maintenance", id, "cancel"));
    }
    hd_xml_list(e, "services");
    apr_hash_set(m->by_id, apr_pstrdup(rq->r->pool, id), APR_HASH_KEY_STRING,
                 e);
    return 0;
}

static int keep_window_service(void *baton, const hd_db_row *row)
{
    maint_rows *m = baton;
    xmlNodePtr w = apr_hash_get(m->by_id, hd_db_text(row, "maintenance_id"),
                                APR_HASH_KEY_STRING);
    xmlNodePtr e;

    if (w) {
        e = hd_xml_child(hd_xml_find(w, "services"), "service");
        hd_xml_attr(e, "id", hd_db_text(row, "id"));
        hd_xml_attr(e, "code", hd_db_text(row, "code"));
        hd_xml_attr(e, "name", hd_db_text(row, "name"));
    }
    return 0;
}

/* The active services to choose from, those sent chosen. */
static int keep_choice(void *baton, const hd_db_row *row)
{
    maint_rows *m = baton;
    const char *id = hd_db_text(row, "id");
    xmlNodePtr e = hd_xml_child(hd_xml_find(m->f->form, "services"), "service");
    int i, chosen = 0;

    for (i = 0; m->chosen && i < m->chosen->nelts; i++) {
        chosen |= !strcmp(APR_ARRAY_IDX(m->chosen, i, const char *), id);
    }
    hd_xml_attr(e, "id", id);
    hd_xml_attr(e, "code", hd_db_text(row, "code"));
    hd_xml_attr(e, "name", hd_db_text(row, "name"));
    hd_xml_attr(e, "selected", chosen ? "true" : "false");
    return 0;
}

static int maintenance_page(desk_form *f)
{
    hd_req *rq = f->rq;
    hd_db *db = hd_req_db(rq);
    maint_rows m;
    hd_db_outcome o;

    f->page = begin_page(rq, "desk-maintenance");
    begin_form(f, "maintenance-form", "maintenance", NULL);
    memset(&m, 0, sizeof(m));
    m.f = f;
    m.by_id = apr_hash_make(rq->r->pool);
    m.chosen =
        rq->form ? hd_request_values(rq->r->pool, rq->form, "service") : NULL;
    hd_xml_list(f->form, "services");
    o = hd_db_select(db, HD_CATALOG_SERVICES, keep_choice, &m, 0, NULL);
    if (o == HD_DB_OK) {
        m.list = hd_xml_list(f->page, "maintenances");
        o = hd_db_select(db, HD_SQL_DESK_MAINT, keep_window, &m, 0, NULL);
    }
    if (o == HD_DB_OK) {
        o = hd_db_select(db, HD_SQL_DESK_MAINT_SVC, keep_window_service, &m, 0,
                         NULL);
    }
    if (o != HD_DB_OK) {
        return hd_page_db_status(rq, o);
    }
    if (rq->form) {
        keep_sent(f, maint_fields, N_MAINT_FIELDS);
    }
    else {
        int i;
        for (i = 0; i < N_MAINT_FIELDS; i++) {
            hd_xml_attr(f->values, maint_fields[i], "");
        }
    }
    return OK;
}

int hd_page_desk_maintenance(hd_req *rq)
{
    desk_form f;
    int rv = desk_only(rq);

    if (rv != OK) {
        return rv;
    }
    memset(&f, 0, sizeof(f));
    f.rq = rq;
    return maintenance_page(&f);
}

/* The services chosen, each once, each one the form offered; NULL after
 * adding the error. */
static apr_array_header_t *check_services(desk_form *f)
{
    apr_pool_t *p = f->rq->r->pool;
    apr_array_header_t *sent = hd_request_values(p, f->rq->form, "service");
    apr_array_header_t *ids = apr_array_make(p, 4, sizeof(char *));
    xmlNodePtr offered = hd_xml_find(f->form, "services"), s;
    int i, j, bad = 0;

    for (i = 0; i < sent->nelts; i++) {
        const char *id = APR_ARRAY_IDX(sent, i, const char *);
        int known = 0, dup = 0;
        for (s = offered->children; s; s = s->next) {
            known |=
                s->type == XML_ELEMENT_NODE && !strcmp(hd_xml_get(s, "id"), id);
        }
        for (j = 0; j < ids->nelts; j++) {
            dup |= !strcmp(APR_ARRAY_IDX(ids, j, const char *), id);
        }
        bad |= !known;
        if (known && !dup) {
            APR_ARRAY_PUSH(ids, const char *) = id;
        }
    }
    if (bad) {
        form_error(f, "service", "Choose the services from the list.");
        return NULL;
    }
    if (!ids->nelts) {
        form_error(f, "service",
                   "Choose at least one service the work affects.");
        return NULL;
    }
    return ids;
}

int hd_page_desk_maintenance_create(hd_req *rq)
{
    const char *id, *now = NULL, *saved;
    hd_maintenance_draft d;
    hd_db_outcome why;
    desk_form f;
    int token_ok = 0;
    int rv = begin_post(rq, NULL, &id, &token_ok);

    if (rv != OK) {
        return rv;
    }
    memset(&f, 0, sizeof(f));
    f.rq = rq;
    if ((rv = maintenance_page(&f)) != OK) {
        return rv;
    }
    if (!token_ok) {
        form_error(&f, "csrf", rq->error_message);
    }
    d.title = check_text(&f, "title", "title", "Enter a title.",
                         HD_MAINT_MAX_TITLE, 0);
    d.body = check_text(&f, "body", "description",
                        "Say what will happen and what people will notice.",
                        rq->sconf->max_text, 1);
    d.starts_at = check_time(&f, "starts", "Enter when the work starts.");
    d.ends_at = check_time(&f, "ends", "Enter when the work ends.");
    if (d.starts_at && d.ends_at) {
        if ((rv = hd_page_db_status(rq, db_now(rq, &now))) != OK) {
            return rv;
        }
        if (strcmp(d.ends_at, d.starts_at) <= 0) {
            form_error(&f, "ends", "The work must end after it starts.");
        }
        else if (now && strcmp(d.ends_at, now) <= 0) {
            form_error(&f, "ends",
                       "That time has passed: plan work that is still to "
                       "end.");
        }
    }
    d.services = check_services(&f);
    d.nonce = rq->form_nonce;
    if (f.bad) {
        return form_refused(&f);
    }
    d.login = rq->user->login;
    switch (hd_content_maintenance_create(hd_req_db(rq), &d, &saved, &why)) {
    case HD_CONTENT_DONE:
        return back_to_list(rq, "maintenance", "created");
    case HD_CONTENT_INVALID: /* a service withdrawn meanwhile */
        form_error(&f, "service", "Choose the services from the list.");
        rq->r->status = HTTP_BAD_REQUEST;
        return OK;
    default:
        return not_confirmed(&f, why);
    }
}

int hd_page_desk_maintenance_cancel(hd_req *rq)
{
    const char *id;
    hd_db_outcome why;
    int rv = begin_action(rq, HD_SQL_DESK_MAINT_ONE, &id);

    if (rv != OK) {
        return rv;
    }
    switch (hd_content_maintenance_cancel(hd_req_db(rq), id, &why)) {
    case HD_CONTENT_DONE:
        return back_to_list(rq, "maintenance", "cancelled");
    case HD_CONTENT_ENDED:
        rq->error_message = "This maintenance is over: it stays in the "
                            "history.";
        return HTTP_CONFLICT;
    case HD_CONTENT_MISSING:
        return HTTP_NOT_FOUND;
    default:
        return hd_page_db_status(rq, why);
    }
}
