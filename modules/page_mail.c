/*
 * page_mail.c -- the people's side of outgoing mail: which notifications
 * a person wants (and, for agents, the teams whose new tickets they hear
 * of), and the desk's view of mail that could not be delivered, with a
 * way to send it again.
 *
 *   GET  /account/notifications        the choices (page account-notifications)
 *   POST /account/notifications        store them
 *   GET  /desk/mail                    undelivered mail (agents; page desk-mail)
 *   POST /desk/mail/<id>/retry         send it again from now
 */
#include "mod_helpdesk.h"
#include "hd_config.h"
#include "hd_ldap.h"
#include "hd_request.h"
#include "hd_render.h"
#include "hd_form.h"
#include "hd_page.h"
#include "hd_notify.h"

#define HD_NOTIFY_ACTION "/account/notifications"

/* ------------------------------------------------------------------ */
/* The person's choices                                                */
/* ------------------------------------------------------------------ */

int hd_page_notifications(hd_req *rq)
{
    request_rec *r = rq->r;
    hd_db *db = hd_req_db(rq);
    apr_table_t *wanted;
    apr_array_header_t *teams = NULL;
    xmlNodePtr page, list;
    hd_db_outcome o;
    int i;

    o = hd_notify_prefs_get(db, rq->user->login, &wanted);
    if (o == HD_DB_OK && rq->user->is_agent) {
        o = hd_notify_teams_get(db, rq->user->login, &teams);
    }
    if (o != HD_DB_OK) {
        return hd_page_db_status(rq, o);
    }
    hd_render_begin(rq, "account-notifications");
    page = hd_xml_child(rq->root, "notifications");
    hd_xml_attr(
        page, "action",
        apr_pstrcat(r->pool, rq->sconf->base_url, HD_NOTIFY_ACTION, NULL));
    hd_xml_attr(page, "csrf", hd_form_token(rq, HD_NOTIFY_ACTION));
    hd_xml_attr(page, "mail", rq->user->mail ? rq->user->mail : "");
    hd_xml_attr(page, "sending", rq->sconf->mail.from ? "true" : "false");
    hd_xml_attr(page, "saved",
                apr_table_get(rq->query, "saved") ? "true" : "false");
    list = hd_xml_list(page, "topics");
    for (i = 0; i < hd_notify_topic_count; i++) {
        const hd_notify_topic *t = &hd_notify_topics[i];
        xmlNodePtr e;
        if (t->agents_only && !rq->user->is_agent) {
            continue;
        }
        e = hd_xml_child(list, "topic");
        hd_xml_attr(e, "code", t->code);
        hd_xml_attr(e, "label", t->label);
        hd_xml_attr(e, "wanted",
                    strcmp(apr_table_get(wanted, t->code), "0") ? "true"
                                                                : "false");
    }
    if (teams) {
        list = hd_xml_list(page, "teams");
        for (i = 0; i < teams->nelts; i++) {
            apr_table_t *t = APR_ARRAY_IDX(teams, i, apr_table_t *);
            xmlNodePtr e = hd_xml_child(list, "team");
            hd_xml_attr(e, "code", apr_table_get(t, "code"));
            hd_xml_attr(e, "name", apr_table_get(t, "name"));
            hd_xml_attr(e, "member",
                        strcmp(apr_table_get(t, "member"), "1") ? "false"
                                                                : "true");
        }
    }
    return OK;
}

/* The values of every field called name, as a set. */
static apr_table_t *ticked(hd_req *rq, const char *name)
{
    const apr_array_header_t *all = apr_table_elts(rq->form);
    const apr_table_entry_t *e = (const apr_table_entry_t *)all->elts;
    apr_table_t *set = apr_table_make(rq->r->pool, 8);
    int i;
    for (i = 0; i < all->nelts; i++) {
        if (e[i].key && !strcmp(e[i].key, name) && e[i].val &&
            hd_request_text_chars(e[i].val, 0) > 0) {
            apr_table_setn(set, e[i].val, "1");
        }
    }
    return set;
}

int hd_page_notifications_save(hd_req *rq)
{
    request_rec *r = rq->r;
    hd_db *db = hd_req_db(rq);
    hd_db_outcome o;
    int status;

    if ((status = hd_form_read(rq)) != OK ||
        (status = hd_form_check_token(rq)) != OK) {
        return status;
    }
    o = hd_notify_prefs_set(db, rq->user->login, rq->user->is_agent,
                            ticked(rq, "topic"));
    if (o == HD_DB_OK && rq->user->is_agent) {
        o = hd_notify_teams_set(db, rq->user->login, ticked(rq, "team"));
    }
    if (o != HD_DB_OK) {
        return hd_page_db_status(rq, o);
    }
    apr_table_setn(r->headers_out, "Location",
                   apr_pstrcat(r->pool, rq->sconf->base_url, HD_NOTIFY_ACTION,
                               "?saved=1", NULL));
    return HTTP_SEE_OTHER;
}

/* ------------------------------------------------------------------ */
/* The desk: undelivered mail                                          */
/* ------------------------------------------------------------------ */

static int agents_only(hd_req *rq)
{
    if (!rq->user->is_agent) {
        rq->error_message = "Undelivered mail is the service desk's to see.";
        return HTTP_FORBIDDEN;
    }
    return OK;
}

int hd_page_desk_mail(hd_req *rq)
{
    static const char *const cols[] = {"id",
                                       "id",
                                       "rcpt",
                                       "to",
                                       "subject",
                                       "subject",
                                       "state",
                                       "state",
                                       "attempts",
                                       "attempts",
                                       "last_error",
                                       "error",
                                       "created_at",
                                       "queued-at",
                                       "next_attempt_at",
                                       "next-attempt-at",
                                       NULL};
    request_rec *r = rq->r;
    apr_array_header_t *rows;
    xmlNodePtr page, list;
    hd_db_outcome o;
    int status, i, j;

    if ((status = agents_only(rq)) != OK) {
        return status;
    }
    o = hd_mail_undelivered(hd_req_db(rq), &rows);
    if (o != HD_DB_OK) {
        return hd_page_db_status(rq, o);
    }
    hd_render_begin(rq, "desk-mail");
    page = hd_xml_child(rq->root, "undelivered");
    hd_xml_attr(page, "sending", rq->sconf->mail.from ? "true" : "false");
    hd_xml_attr(page, "retried", apr_table_get(rq->query, "retried"));
    list = hd_xml_list(page, "messages");
    for (i = 0; i < rows->nelts; i++) {
        apr_table_t *t = APR_ARRAY_IDX(rows, i, apr_table_t *);
        xmlNodePtr e = hd_xml_child(list, "message");
        const char *action = apr_pstrcat(
            r->pool, "/desk/mail/", apr_table_get(t, "id"), "/retry", NULL);
        for (j = 0; cols[j]; j += 2) {
            hd_xml_attr(e, cols[j + 1], apr_table_get(t, cols[j]));
        }
        hd_xml_attr(e, "retry",
                    apr_pstrcat(r->pool, rq->sconf->base_url, action, NULL));
        hd_xml_attr(e, "retry-csrf", hd_form_token(rq, action));
    }
    return OK;
}

int hd_page_desk_mail_retry(hd_req *rq)
{
    request_rec *r = rq->r;
    const char *id = APR_ARRAY_IDX(rq->args, 0, const char *);
    hd_db_outcome o;
    int status, found = 0;

    if ((status = agents_only(rq)) != OK || (status = hd_form_read(rq)) != OK ||
        (status = hd_form_check_token(rq)) != OK) {
        return status;
    }
    if (strspn(id, "0123456789") != strlen(id) || !*id || strlen(id) > 19) {
        return HTTP_NOT_FOUND;
    }
    o = hd_mail_retry(hd_req_db(rq), id, &found);
    if (o != HD_DB_OK) {
        return hd_page_db_status(rq, o);
    }
    if (!found) {
        rq->error_message = "There is no such undelivered message (it may "
                            "have been sent meanwhile).";
        return HTTP_NOT_FOUND;
    }
    ap_log_rerror(APLOG_MARK, APLOG_NOTICE, 0, r,
                  HDLOG(01520) "%s sends mail %s again", rq->user->login, id);
    apr_table_setn(r->headers_out, "Location",
                   apr_pstrcat(r->pool, rq->sconf->base_url,
                               "/desk/mail?retried=", id, NULL));
    return HTTP_SEE_OTHER;
}
