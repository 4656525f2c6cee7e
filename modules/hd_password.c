/*
 * hd_password.c -- temporary passwords, set and mailed (see
 * hd_password.h).
 *
 * The order matters and is the whole point of this file:
 *   1. one transaction: the password_resets row and the message, HELD;
 *   2. the password set in the directory (as the portal's account, with
 *      manage rights, so the directory marks it reset: pwdReset);
 *   3. the message released -- or, when the directory said no, discarded
 *      and the row removed.
 * A crash between 1 and 3 leaves a held message that is never sent (and
 * a row whose password may or may not be set; the person asks again).
 * The password lives in this request's pool and in the held message's
 * body only; the outbox blanks the body of 'password' mail once sent.
 */
#include "mod_helpdesk.h"
#include "hd_config.h"
#include "hd_ldap.h"
#include "hd_render.h"
#include "hd_page.h"
#include "hd_account.h"
#include "hd_notify.h"
#include "hd_password.h"

#define HD_SQL_RESET_INSERT "hd_password_reset_insert"
#define HD_SQL_RESET_NEW    "hd_password_reset_new"
#define HD_SQL_RESET_FORGET "hd_password_reset_forget"
#define HD_SQL_RESET_LIST   "hd_password_reset_list"

/* The mail's topic: the outbox blanks the body of such messages once
 * sent, and nobody can turn them off. */
#define HD_PASSWORD_TOPIC "password"

static const hd_db_statement statements[] = {
    /* login, requested_by (NULL: themselves), client_ip, TTL seconds */
    {HD_SQL_RESET_INSERT,
     "INSERT INTO password_resets (login, requested_by, client_ip, "
     "expires_at) VALUES (%s, NULLIF(%s, ''), %s, "
     "NOW() + INTERVAL %s SECOND)"},
    /* The row just made: its id and, as the portal shows times, until
     * when the password may be used. */
    {HD_SQL_RESET_NEW, "SELECT id, expires_at FROM password_resets "
                       "WHERE id = LAST_INSERT_ID()"},
    /* The directory refused the password: the reset did not happen. */
    {HD_SQL_RESET_FORGET, "DELETE FROM password_resets WHERE id = %s"},
    {HD_SQL_RESET_LIST,
     "SELECT created_at AS created, expires_at AS expires, "
     "used_at AS used, requested_by, client_ip "
     "FROM password_resets WHERE login = %s ORDER BY id DESC LIMIT 10"},
};

const hd_db_statements hd_password_statements = HD_DB_STATEMENTS(statements);

/* What the transaction needs and makes; it may run more than once. */
typedef struct {
    hd_req *rq;
    const hd_user_t *person;
    const char *requested_by; /* "" for themselves */
    const char *temporary;
    const char *reset_id;   /* out: password_resets.id */
    const char *expires_at; /* out */
    const char *mail_id;    /* out: mail_outbox.id, held */
    int render_failed;
    int unsendable; /* no message could be queued */
} reset_work;

static int keep_new_row(void *baton, const hd_db_row *row)
{
    reset_work *w = baton;
    apr_pool_t *p = hd_db_row_pool(row);
    w->reset_id = apr_pstrdup(p, hd_db_text(row, "id"));
    w->expires_at = apr_pstrdup(p, hd_db_text(row, "expires_at"));
    return 0;
}

/* The message's document: mail/password.xsl reads <password>. */
static xmlDocPtr password_doc(reset_work *w, const char *requester_name)
{
    hd_req *rq = w->rq;
    xmlDocPtr doc = hd_notify_doc(rq->r->pool, rq->sconf, "password");
    xmlNodePtr e;

    if (!doc) {
        return NULL;
    }
    e = hd_xml_child(xmlDocGetRootElement(doc), "password");
    hd_xml_attr(e, "login", w->person->login);
    hd_xml_attr(e, "temporary", w->temporary);
    hd_xml_attr(e, "expires", w->expires_at);
    hd_xml_attr(e, "requested-by", w->requested_by);
    hd_xml_attr(e, "requested-by-name", requester_name);
    /* Below the mail's @portal, which ends with the base URL. */
    hd_xml_attr(e, "login-href", "/login");
    return doc;
}

static hd_db_outcome record_work(hd_db *db, void *baton)
{
    reset_work *w = baton;
    hd_req *rq = w->rq;
    apr_pool_t *p = rq->r->pool;
    const char *args[4];
    xmlDocPtr doc;
    hd_db_outcome o;

    w->reset_id = w->expires_at = w->mail_id = NULL;
    w->render_failed = w->unsendable = 0;
    args[0] = w->person->login;
    args[1] = w->requested_by;
    args[2] = rq->r->useragent_ip ? rq->r->useragent_ip : "";
    args[3] = apr_itoa(p, rq->sconf->temp_password_ttl);
    o = hd_db_exec(db, HD_SQL_RESET_INSERT, 4, args, NULL);
    if (o == HD_DB_OK) {
        o = hd_db_select(db, HD_SQL_RESET_NEW, keep_new_row, w, 0, NULL);
    }
    if (o != HD_DB_OK) {
        return o;
    }
    if (!w->reset_id) {
        return HD_DB_FAILED;
    }
    doc = password_doc(w, *w->requested_by && rq->user ? rq->user->name : "");
    if (!doc) {
        w->render_failed = 1;
        return HD_DB_FAILED;
    }
    o = hd_notify_queue_now(db, rq->sconf, p, "mail/password", doc,
                            w->person->login,
                            w->person->name ? w->person->name : "",
                            w->person->mail, HD_PASSWORD_TOPIC, 1, &w->mail_id);
    xmlFreeDoc(doc);
    if (o == HD_DB_OK && !w->mail_id) {
        /* Nothing was queued (no HelpdeskMailFrom, or an address mail
         * cannot go to): a password nobody can learn is not set. */
        w->unsendable = 1;
        return HD_DB_FAILED;
    }
    return o;
}

hd_reset_result hd_password_reset(hd_req *rq, const hd_user_t *person,
                                  const char *requested_by, const char **why,
                                  hd_db_outcome *db_why)
{
    request_rec *r = rq->r;
    const char *asker = requested_by ? requested_by : "themselves";
    const char *dir_why = NULL;
    reset_work w;
    hd_db_outcome o;
    hd_dir_result d;

    if (why) {
        *why = NULL;
    }
    if (db_why) {
        *db_why = HD_DB_OK;
    }
    /* The address a temporary password goes to is the directory's as it
     * is now, never a cached one: an address changed a minute ago on
     * another Apache process must not still receive it. */
    {
        hd_user_t *fresh = NULL;
        if (hd_ldap_refresh(rq, person->login, &fresh) == OK && fresh) {
            person = fresh;
        }
    }
    if (!person->mail || !*person->mail) {
        ap_log_rerror(APLOG_MARK, APLOG_NOTICE, 0, r,
                      HDLOG(14001) "temporary password for %s asked by %s "
                                   "from %s: no e-mail address, nothing "
                                   "changed",
                      person->login, asker, r->useragent_ip);
        return HD_RESET_NO_MAIL;
    }
    memset(&w, 0, sizeof(w));
    w.rq = rq;
    w.person = person;
    w.requested_by = requested_by ? requested_by : "";
    w.temporary = hd_account_temp_password(r->pool);
    if (!w.temporary) {
        ap_log_rerror(APLOG_MARK, APLOG_ERR, 0, r,
                      HDLOG(14002) "no random bytes for a temporary password "
                                   "for %s",
                      person->login);
        return HD_RESET_FAILED;
    }

    /* 1. The record and the held message, together or not at all. */
    o = hd_db_transact(hd_req_db(rq), record_work, &w);
    if (w.unsendable) {
        ap_log_rerror(APLOG_MARK, APLOG_WARNING, 0, r,
                      HDLOG(14007) "temporary password for %s asked by %s "
                                   "from %s: no mail can be sent to %s "
                                   "(HelpdeskMailFrom unset, or the "
                                   "address unusable), nothing changed",
                      person->login, asker, r->useragent_ip, person->mail);
        return HD_RESET_NO_MAIL;
    }
    if (o != HD_DB_OK) {
        ap_log_rerror(APLOG_MARK, APLOG_ERR, 0, r,
                      HDLOG(14003) "temporary password for %s asked by %s "
                                   "from %s: not recorded (%s), nothing "
                                   "changed",
                      person->login, asker, r->useragent_ip,
                      w.render_failed ? "mail/password.xsl failed"
                                      : hd_db_outcome_name(o));
        if (db_why) {
            *db_why = o;
        }
        return w.render_failed ? HD_RESET_FAILED : HD_RESET_DB;
    }

    /* 2. The directory. */
    d = hd_ldap_reset_password(rq, person->dn, w.temporary, &dir_why);
    if (d != HD_DIR_OK) {
        /* 3'. Never mail a password that was not set, nor keep a record
         * that would make a previous one look renewed. */
        hd_notify_discard(hd_req_db(rq), w.mail_id);
        hd_db_exec_retried(hd_req_db(rq), HD_SQL_RESET_FORGET, 1, &w.reset_id,
                           NULL);
        ap_log_rerror(APLOG_MARK, APLOG_ERR, 0, r,
                      HDLOG(14004) "temporary password for %s asked by %s "
                                   "from %s: the directory %s%s%s; mail %s "
                                   "discarded",
                      person->login, asker, r->useragent_ip,
                      d == HD_DIR_UNAVAILABLE ? "cannot be reached"
                                              : "refused it",
                      dir_why ? ": " : "", dir_why ? dir_why : "", w.mail_id);
        if (why) {
            *why = dir_why;
        }
        return d == HD_DIR_UNAVAILABLE ? HD_RESET_UNAVAILABLE
               : d == HD_DIR_REFUSED   ? HD_RESET_REFUSED
                                       : HD_RESET_FAILED;
    }

    /* 3. Set: now the mail may go. */
    o = hd_notify_release(hd_req_db(rq), w.mail_id);
    if (o != HD_DB_OK) {
        /* The password is set and the person cannot learn it: they (or
         * their supervisor) must ask again. */
        ap_log_rerror(APLOG_MARK, APLOG_ERR, 0, r,
                      HDLOG(14005) "temporary password for %s set, but its "
                                   "mail %s could not be released (%s)",
                      person->login, w.mail_id, hd_db_outcome_name(o));
        if (db_why) {
            *db_why = o;
        }
        return HD_RESET_DB;
    }
    ap_log_rerror(APLOG_MARK, APLOG_NOTICE, 0, r,
                  HDLOG(14006) "temporary password for %s set by %s from %s "
                               "(reset %s, valid until %s), mailed to %s "
                               "(mail %s)",
                  person->login, asker, r->useragent_ip, w.reset_id,
                  w.expires_at, person->mail, w.mail_id);
    return HD_RESET_SENT;
}

static int keep_reset(void *baton, const hd_db_row *row)
{
    apr_array_header_t *out = baton;
    apr_pool_t *p = hd_db_row_pool(row);
    apr_table_t *t = apr_table_make(p, 5);
    apr_table_set(t, "created-at", hd_db_text(row, "created"));
    apr_table_set(t, "expires-at", hd_db_text(row, "expires"));
    apr_table_set(t, "used-at", hd_db_text(row, "used"));
    apr_table_set(t, "requested-by", hd_db_text(row, "requested_by"));
    apr_table_set(t, "client-ip", hd_db_text(row, "client_ip"));
    APR_ARRAY_PUSH(out, apr_table_t *) = t;
    return 0;
}

hd_db_outcome hd_password_resets_of(hd_db *db, const char *login,
                                    apr_array_header_t **out)
{
    *out = apr_array_make(hd_db_pool(db), 4, sizeof(apr_table_t *));
    return hd_db_select(db, HD_SQL_RESET_LIST, keep_reset, *out, 1, &login);
}
