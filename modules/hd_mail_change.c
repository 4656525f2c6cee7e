/*
 * hd_mail_change.c -- new e-mail addresses waiting for their confirmation
 * link (see hd_mail_change.h, sql/019_accounts.sql).
 *
 * The link's token is 32 bytes from the strong random source, as a
 * session's (hd_session_token_new); the table keeps its SHA-256 only, so
 * reading the database does not give anyone a link.  A new request
 * retires the person's earlier ones still waiting (their links then read
 * as expired): only the address asked for last can be confirmed.
 */
#include "mod_helpdesk.h"
#include "hd_mail_change.h"
#include "hd_notify.h"
#include "hd_render.h"
#include "hd_session.h"

#define HD_SQL_MAIL_CHANGE_RETIRE  "hd_mail_change_retire"
#define HD_SQL_MAIL_CHANGE_INSERT  "hd_mail_change_insert"
#define HD_SQL_MAIL_CHANGE_PENDING "hd_mail_change_pending"
#define HD_SQL_MAIL_CHANGE_FIND    "hd_mail_change_find"
#define HD_SQL_MAIL_CHANGE_DONE    "hd_mail_change_done"

/* The outbox's topics of these messages (no choice turns them off).  A
 * link's message is emptied once sent (hd_mail_send.c): the link is as
 * good as the person's session until it is used or expires. */
#define HD_MAIL_CHANGE_TOPIC  "mail-change"
#define HD_MAIL_CHANGED_TOPIC "account"

static const hd_db_statement statements[] = {
    /* Requests of login still waiting end now: a replaced link must not
     * work any more. */
    {HD_SQL_MAIL_CHANGE_RETIRE,
     "UPDATE mail_changes SET expires_at = NOW() "
     "WHERE login = %s AND used_at IS NULL AND expires_at > NOW()"},
    {HD_SQL_MAIL_CHANGE_INSERT,
     "INSERT INTO mail_changes (token_hash, login, new_mail, created_at, "
     "expires_at) VALUES (%s, %s, %s, NOW(), "
     "NOW() + INTERVAL " HD_MAIL_CHANGE_HOURS " HOUR)"},
    {HD_SQL_MAIL_CHANGE_PENDING,
     "SELECT new_mail, expires_at FROM mail_changes "
     "WHERE login = %s AND used_at IS NULL AND expires_at > NOW() "
     "ORDER BY id DESC LIMIT 1"},
    {HD_SQL_MAIL_CHANGE_FIND,
     "SELECT id, login, new_mail, used_at IS NOT NULL AS used, "
     "expires_at <= NOW() AS expired FROM mail_changes "
     "WHERE token_hash = %s"},
    {HD_SQL_MAIL_CHANGE_DONE,
     "UPDATE mail_changes SET used_at = NOW() "
     "WHERE id = %s AND used_at IS NULL AND expires_at > NOW()"},
};

const hd_db_statements hd_mail_change_statements = HD_DB_STATEMENTS(statements);

typedef struct {
    const hd_server_conf *sc;
    apr_pool_t *p;
    const char *args[3]; /* token_hash, login, new_mail */
    const char *name;
    xmlDocPtr doc;
} request_work;

/* Runs again whole on a write conflict: database work only (the
 * document was finished before). */
static hd_db_outcome request_txn(hd_db *db, void *baton)
{
    request_work *w = baton;
    hd_db_outcome o;

    o = hd_db_exec(db, HD_SQL_MAIL_CHANGE_RETIRE, 1, &w->args[1], NULL);
    if (o == HD_DB_OK) {
        o = hd_db_exec(db, HD_SQL_MAIL_CHANGE_INSERT, 3, w->args, NULL);
    }
    if (o == HD_DB_OK) {
        /* To an address that is not the person's yet: no login, so the
         * mail offers no notification choices. */
        o = hd_notify_queue_now(db, w->sc, w->p, "mail/mail-change", w->doc, "",
                                w->name, w->args[2], HD_MAIL_CHANGE_TOPIC, 0,
                                NULL);
    }
    return o;
}

hd_db_outcome hd_mail_change_request(hd_db *db, const hd_server_conf *sc,
                                     const char *login, const char *name,
                                     const char *new_mail, xmlDocPtr doc,
                                     const char *confirm_url)
{
    apr_pool_t *p = hd_db_pool(db);
    const char *token = hd_session_token_new(p);
    request_work w;
    xmlNodePtr change;

    if (!token) {
        return HD_DB_FAILED; /* no strong random bytes: no link */
    }
    change = hd_xml_child(xmlDocGetRootElement(doc), "change");
    hd_xml_attr(change, "new", new_mail);
    hd_xml_attr(change, "confirm", apr_pstrcat(p, confirm_url, token, NULL));
    w.sc = sc;
    w.p = p;
    w.args[0] = hd_session_token_hash(p, token);
    w.args[1] = login;
    w.args[2] = new_mail;
    w.name = name;
    w.doc = doc;
    return hd_db_transact(db, request_txn, &w);
}

typedef struct {
    const char *new_mail, *expires;
} pending_row;

static int read_pending(void *baton, const hd_db_row *row)
{
    pending_row *b = baton;
    apr_pool_t *p = hd_db_row_pool(row);

    b->new_mail = apr_pstrdup(p, hd_db_text(row, "new_mail"));
    b->expires = apr_pstrdup(p, hd_db_text(row, "expires_at"));
    return 0;
}

hd_db_outcome hd_mail_change_pending(hd_db *db, const char *login,
                                     const char **new_mail,
                                     const char **expires)
{
    pending_row b = {NULL, NULL};
    hd_db_outcome o;

    o = hd_db_select(db, HD_SQL_MAIL_CHANGE_PENDING, read_pending, &b, 1,
                     &login);
    *new_mail = b.new_mail;
    *expires = b.expires;
    return o;
}

static int read_found(void *baton, const hd_db_row *row)
{
    hd_mail_change *c = baton;
    apr_pool_t *p = hd_db_row_pool(row);
    const char *used = hd_db_text(row, "used");
    const char *expired = hd_db_text(row, "expired");

    c->id = apr_pstrdup(p, hd_db_text(row, "id"));
    c->login = apr_pstrdup(p, hd_db_text(row, "login"));
    c->new_mail = apr_pstrdup(p, hd_db_text(row, "new_mail"));
    c->state = !strcmp(used, "1")      ? HD_MAIL_CHANGE_USED
               : !strcmp(expired, "1") ? HD_MAIL_CHANGE_EXPIRED
                                       : HD_MAIL_CHANGE_LIVE;
    return 0;
}

hd_db_outcome hd_mail_change_find(hd_db *db, const char *token,
                                  hd_mail_change *out)
{
    const char *hash;

    memset(out, 0, sizeof(*out));
    out->state = HD_MAIL_CHANGE_UNKNOWN;
    /* Anything but the shape we make names no request: not worth a
     * query (and a hash of any text could only miss). */
    if (!token || !hd_session_token_wellformed(token)) {
        return HD_DB_OK;
    }
    hash = hd_session_token_hash(hd_db_pool(db), token);
    return hd_db_select(db, HD_SQL_MAIL_CHANGE_FIND, read_found, out, 1, &hash);
}

typedef struct {
    const hd_server_conf *sc;
    apr_pool_t *p;
    const hd_mail_change *c;
    const char *name, *old_mail;
    xmlDocPtr doc;
    int done;
} done_work;

static hd_db_outcome done_txn(hd_db *db, void *baton)
{
    done_work *w = baton;
    const char *id = w->c->id, *login = w->c->login;
    int n = 0;
    hd_db_outcome o;

    w->done = 0;
    o = hd_db_exec(db, HD_SQL_MAIL_CHANGE_DONE, 1, &id, &n);
    if (o != HD_DB_OK || n != 1) {
        return o; /* used or expired meanwhile: nothing more to do */
    }
    w->done = 1;
    /* Any other request still waiting is moot now. */
    o = hd_db_exec(db, HD_SQL_MAIL_CHANGE_RETIRE, 1, &login, NULL);
    if (o == HD_DB_OK && w->doc && w->old_mail && *w->old_mail) {
        o = hd_notify_queue_now(db, w->sc, w->p, "mail/mail-change", w->doc, "",
                                w->name, w->old_mail, HD_MAIL_CHANGED_TOPIC, 0,
                                NULL);
    }
    return o;
}

hd_db_outcome hd_mail_change_done(hd_db *db, const hd_server_conf *sc,
                                  const hd_mail_change *c, const char *name,
                                  const char *old_mail, xmlDocPtr doc,
                                  int *done)
{
    done_work w;
    hd_db_outcome o;

    w.sc = sc;
    w.p = hd_db_pool(db);
    w.c = c;
    w.name = name;
    w.old_mail = old_mail;
    w.doc = doc;
    w.done = 0;
    o = hd_db_transact(db, done_txn, &w);
    *done = o == HD_DB_OK && w.done;
    return o;
}
