/*
 * hd_content.c -- news, FAQ entries and planned maintenance (hd_content.h).
 *
 * A change to an existing row locks it first (SELECT ... FOR UPDATE), so
 * "no such row" is known for certain and an edit that changes nothing
 * is still done; a row that is gone is MISSING and nothing is written.
 * A maintenance window is written with its services and one
 * 'maintenance_scheduled' event per service in one transaction, the
 * event beside the change it announces (issue 11's outbox reads
 * service_events), so subscribers never hear of a window that was not
 * saved, nor miss one that was.
 */
#include "mod_helpdesk.h"
#include "hd_content.h"
#include "apr_strings.h"

#define HD_SQL_NEWS_NEW       "hd_content_news_new"
#define HD_SQL_NEWS_LOCK      "hd_content_news_lock"
#define HD_SQL_NEWS_CHANGE    "hd_content_news_change"
#define HD_SQL_NEWS_DELETE    "hd_content_news_delete"
#define HD_SQL_FAQ_NEW        "hd_content_faq_new"
#define HD_SQL_FAQ_LOCK       "hd_content_faq_lock"
#define HD_SQL_FAQ_CHANGE     "hd_content_faq_change"
#define HD_SQL_FAQ_DELETE     "hd_content_faq_delete"
#define HD_SQL_MAINT_NEW      "hd_content_maintenance_new"
#define HD_SQL_MAINT_SERVICE  "hd_content_maintenance_service"
#define HD_SQL_MAINT_EVENTS   "hd_content_maintenance_events"
#define HD_SQL_MAINT_LOCK     "hd_content_maintenance_lock"
#define HD_SQL_MAINT_CANCEL   "hd_content_maintenance_cancel"
#define HD_SQL_NEWS_BY_NONCE  "hd_content_news_by_nonce"
#define HD_SQL_FAQ_BY_NONCE   "hd_content_faq_by_nonce"
#define HD_SQL_MAINT_BY_NONCE "hd_content_maintenance_by_nonce"
/* hd_ticket.c's, on the same connection. */
#define HD_SQL_LAST_ID "last_insert_id"

static const hd_db_statement statements[] = {
    /* title, body, publish, expires ("" never), login, name */
    {HD_SQL_NEWS_NEW,
     "INSERT INTO news (title, body, publish_at, expires_at, author_login, "
     "author_name, updated_at, form_nonce) VALUES (%s, %s, %s, "
     "NULLIF(%s, ''), %s, %s, NOW(), NULLIF(%s, ''))"},
    {HD_SQL_NEWS_BY_NONCE, "SELECT id FROM news WHERE form_nonce = %s"},
    {HD_SQL_NEWS_LOCK, "SELECT id FROM news WHERE id = %s FOR UPDATE"},
    /* title, body, publish, expires, id: the author stays */
    {HD_SQL_NEWS_CHANGE,
     "UPDATE news SET title = %s, body = %s, publish_at = %s, "
     "expires_at = NULLIF(%s, ''), updated_at = NOW() WHERE id = %s"},
    {HD_SQL_NEWS_DELETE, "DELETE FROM news WHERE id = %s"},
    /* question, answer, category, sort order */
    {HD_SQL_FAQ_NEW,
     "INSERT INTO faq (question, answer, category, sort_order, updated_at, "
     "form_nonce) VALUES (%s, %s, %s, %s, NOW(), NULLIF(%s, ''))"},
    {HD_SQL_FAQ_BY_NONCE, "SELECT id FROM faq WHERE form_nonce = %s"},
    {HD_SQL_FAQ_LOCK, "SELECT id FROM faq WHERE id = %s FOR UPDATE"},
    {HD_SQL_FAQ_CHANGE,
     "UPDATE faq SET question = %s, answer = %s, category = %s, "
     "sort_order = %s, updated_at = NOW() WHERE id = %s"},
    {HD_SQL_FAQ_DELETE, "DELETE FROM faq WHERE id = %s"},
    /* title, body, starts, ends, login */
    {HD_SQL_MAINT_NEW,
     "INSERT INTO maintenances (title, body, starts_at, ends_at, created_by, "
     "created_at, updated_at, form_nonce) "
     "VALUES (%s, %s, %s, %s, %s, NOW(), NOW(), NULLIF(%s, ''))"},
    {HD_SQL_MAINT_BY_NONCE,
     "SELECT id FROM maintenances WHERE form_nonce = %s"},
    /* window, service: only an active service is added */
    {HD_SQL_MAINT_SERVICE,
     "INSERT INTO maintenance_services (maintenance_id, service_id) "
     "SELECT %s, s.id FROM services s WHERE s.id = %s AND s.active = 1"},
    /* window: one event per service it has */
    {HD_SQL_MAINT_EVENTS,
     "INSERT INTO service_events (kind, service_id, maintenance_id) "
     "SELECT 'maintenance_scheduled', ms.service_id, ms.maintenance_id "
     "FROM maintenance_services ms WHERE ms.maintenance_id = %s"},
    {HD_SQL_MAINT_LOCK,
     "SELECT id, cancelled_at IS NOT NULL AS cancelled, "
     "ends_at <= NOW() AS ended FROM maintenances WHERE id = %s FOR UPDATE"},
    {HD_SQL_MAINT_CANCEL,
     "UPDATE maintenances SET cancelled_at = NOW(), updated_at = NOW() "
     "WHERE id = %s"},
};

const hd_db_statements hd_content_statements = HD_DB_STATEMENTS(statements);

/* ------------------------------------------------------------------ */
/* Saving an item                                                      */
/* ------------------------------------------------------------------ */

/* An insert or a locked update of one row, as the work of a
 * transaction. */
typedef struct {
    const char *id; /* NULL: a new row */
    const char *insert, *lock, *update;
    const char *by_nonce; /* the row a form made, when sent again */
    const char *nonce;    /* the form's ("" none): one row per form */
    const char *args[8];
    int nargs;
    const char *new_id, *found;
    hd_content_result result;
} row_save;

static int keep_found(void *baton, const hd_db_row *row)
{
    row_save *s = baton;
    s->found = apr_pstrdup(hd_db_row_pool(row), hd_db_text(row, "id"));
    return 0;
}

static hd_db_outcome save_work(hd_db *db, void *baton)
{
    row_save *s = baton;
    hd_db_outcome o;

    s->found = NULL;
    if (!s->id) {
        s->args[s->nargs] = s->nonce;
        o = hd_db_exec(db, s->insert, s->nargs + 1, s->args, NULL);
        if (o == HD_DB_OK) {
            o = hd_db_value(db, HD_SQL_LAST_ID, 0, NULL, &s->new_id);
        }
        return o;
    }
    o = hd_db_select(db, s->lock, keep_found, s, 1, &s->id);
    if (o == HD_DB_OK && !s->found) {
        s->result = HD_CONTENT_MISSING;
        return HD_DB_FAILED; /* rolled back: there was nothing to do */
    }
    if (o == HD_DB_OK) {
        s->args[s->nargs] = s->id;
        o = hd_db_exec(db, s->update, s->nargs + 1, s->args, NULL);
    }
    return o;
}

static hd_content_result save(hd_db *db, row_save *s, const char **new_id,
                              hd_db_outcome *why)
{
    s->result = HD_CONTENT_DB;
    *why = hd_db_transact(db, save_work, s);
    if (*why == HD_DB_DUPLICATE && !s->id && *s->nonce) {
        /* This form made its row before: that one, nothing new. */
        *why = hd_db_value(db, s->by_nonce, 1, &s->nonce, &s->new_id);
    }
    if (*why != HD_DB_OK) {
        return s->result;
    }
    if (new_id) {
        *new_id = s->id ? s->id : s->new_id;
    }
    return HD_CONTENT_DONE;
}

/* One DELETE: MISSING when it removed nothing. */
static hd_content_result delete_row(hd_db *db, const char *label,
                                    const char *id, hd_db_outcome *why)
{
    int rows = 0;
    *why = hd_db_exec_retried(db, label, 1, &id, &rows);
    if (*why != HD_DB_OK) {
        return HD_CONTENT_DB;
    }
    return rows ? HD_CONTENT_DONE : HD_CONTENT_MISSING;
}

hd_content_result hd_content_news_save(hd_db *db, const char *id,
                                       const hd_news_draft *d,
                                       const char **new_id, hd_db_outcome *why)
{
    row_save s;

    memset(&s, 0, sizeof(s));
    s.id = id;
    s.insert = HD_SQL_NEWS_NEW;
    s.lock = HD_SQL_NEWS_LOCK;
    s.update = HD_SQL_NEWS_CHANGE;
    s.by_nonce = HD_SQL_NEWS_BY_NONCE;
    s.nonce = d->nonce ? d->nonce : "";
    s.args[0] = d->title;
    s.args[1] = d->body;
    s.args[2] = d->publish_at;
    s.args[3] = d->expires_at ? d->expires_at : "";
    s.args[4] = d->login;
    s.args[5] = d->name;
    s.nargs = id ? 4 : 6;
    return save(db, &s, new_id, why);
}

hd_content_result hd_content_news_delete(hd_db *db, const char *id,
                                         hd_db_outcome *why)
{
    return delete_row(db, HD_SQL_NEWS_DELETE, id, why);
}

hd_content_result hd_content_faq_save(hd_db *db, const char *id,
                                      const hd_faq_draft *d,
                                      const char **new_id, hd_db_outcome *why)
{
    row_save s;

    memset(&s, 0, sizeof(s));
    s.id = id;
    s.insert = HD_SQL_FAQ_NEW;
    s.lock = HD_SQL_FAQ_LOCK;
    s.update = HD_SQL_FAQ_CHANGE;
    s.by_nonce = HD_SQL_FAQ_BY_NONCE;
    s.nonce = d->nonce ? d->nonce : "";
    s.args[0] = d->question;
    s.args[1] = d->answer;
    s.args[2] = d->category;
    s.args[3] = d->sort_order;
    s.nargs = 4;
    return save(db, &s, new_id, why);
}

hd_content_result hd_content_faq_delete(hd_db *db, const char *id,
                                        hd_db_outcome *why)
{
    return delete_row(db, HD_SQL_FAQ_DELETE, id, why);
}

/* ------------------------------------------------------------------ */
/* Maintenance                                                         */
/* ------------------------------------------------------------------ */

typedef struct {
    const hd_maintenance_draft *d;
    const char *id;
    hd_content_result result;
} maint_new;

static hd_db_outcome maint_new_work(hd_db *db, void *baton)
{
    maint_new *m = baton;
    const char *args[6] = {m->d->title,     m->d->body,
                           m->d->starts_at, m->d->ends_at,
                           m->d->login,     m->d->nonce ? m->d->nonce : ""};
    hd_db_outcome o = hd_db_exec(db, HD_SQL_MAINT_NEW, 6, args, NULL);
    int i;

    m->id = NULL;
    if (o == HD_DB_OK) {
        o = hd_db_value(db, HD_SQL_LAST_ID, 0, NULL, &m->id);
    }
    for (i = 0; o == HD_DB_OK && i < m->d->services->nelts; i++) {
        const char *s[2] = {m->id,
                            APR_ARRAY_IDX(m->d->services, i, const char *)};
        int rows = 0;
        o = hd_db_exec(db, HD_SQL_MAINT_SERVICE, 2, s, &rows);
        if (o == HD_DB_OK && rows != 1) {
            /* Withdrawn since the form was drawn: none of it. */
            m->result = HD_CONTENT_INVALID;
            return HD_DB_FAILED;
        }
    }
    if (o == HD_DB_OK) {
        o = hd_db_exec(db, HD_SQL_MAINT_EVENTS, 1, &m->id, NULL);
    }
    return o;
}

hd_content_result hd_content_maintenance_create(hd_db *db,
                                                const hd_maintenance_draft *d,
                                                const char **new_id,
                                                hd_db_outcome *why)
{
    maint_new m = {d, NULL, HD_CONTENT_DB};

    *why = hd_db_transact(db, maint_new_work, &m);
    if (*why == HD_DB_DUPLICATE && d->nonce && *d->nonce) {
        /* This form made its window before: that one, nothing new. */
        const char *nonce = d->nonce;
        *why = hd_db_value(db, HD_SQL_MAINT_BY_NONCE, 1, &nonce, &m.id);
    }
    if (*why != HD_DB_OK) {
        return m.result;
    }
    if (new_id) {
        *new_id = m.id;
    }
    return HD_CONTENT_DONE;
}

typedef struct {
    const char *id;
    int found, cancelled, ended;
    hd_content_result result;
} maint_cancel;

static int keep_window(void *baton, const hd_db_row *row)
{
    maint_cancel *c = baton;
    c->found = 1;
    c->cancelled = !strcmp(hd_db_text(row, "cancelled"), "1");
    c->ended = !strcmp(hd_db_text(row, "ended"), "1");
    return 0;
}

static hd_db_outcome cancel_work(hd_db *db, void *baton)
{
    maint_cancel *c = baton;
    hd_db_outcome o;

    c->found = c->cancelled = c->ended = 0;
    o = hd_db_select(db, HD_SQL_MAINT_LOCK, keep_window, c, 1, &c->id);
    if (o != HD_DB_OK || c->cancelled) {
        return o; /* cancelled already: nothing more to do */
    }
    if (!c->found || c->ended) {
        c->result = c->found ? HD_CONTENT_ENDED : HD_CONTENT_MISSING;
        return HD_DB_FAILED;
    }
    return hd_db_exec(db, HD_SQL_MAINT_CANCEL, 1, &c->id, NULL);
}

hd_content_result hd_content_maintenance_cancel(hd_db *db, const char *id,
                                                hd_db_outcome *why)
{
    maint_cancel c;

    memset(&c, 0, sizeof(c));
    c.id = id;
    c.result = HD_CONTENT_DB;
    *why = hd_db_transact(db, cancel_work, &c);
    return *why == HD_DB_OK ? HD_CONTENT_DONE : c.result;
}
