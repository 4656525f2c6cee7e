/*
 * hd_notify.c -- events become mail (hd_notify.h).
 *
 * An event is a row of mail_events, written by a trigger in the same
 * transaction as the change it tells of (sql/017_mail.sql).  Here each
 * event, in a transaction of its own, is locked, its recipients worked
 * out, one message per recipient rendered (xslt/mail/, which an admin may
 * change) and queued in mail_outbox, and the event deleted: all of it or
 * none.  Message-IDs are made from the event and the recipient, so an
 * event worked twice (a crash after the outbox rows were written but
 * before the COMMIT cannot happen; a retried transaction can) queues the
 * same ids, and the outbox's UNIQUE key keeps one of each.
 *
 * Who hears of a ticket's change:
 *   created          its requester and whoever logged it (a confirmation),
 *                    the agents of its team;
 *   comment          (by the requester or logger) the assignee, and the
 *                    other of requester and logger;
 *   update           (the desk's public reply) requester and logger;
 *   internal_note    the assignee, if an agent -- never anyone else;
 *   status, resolved, cancelled, reopened
 *                    requester and logger; the assignee when the
 *                    requester or logger made the change;
 *   assigned         the new assignee.
 * Nobody is told of their own change, except the confirmation of a
 * ticket they logged.  Each person's choices (notification_prefs) and
 * the agent-only rule are applied last.
 */
#include "mod_helpdesk.h"
#include "hd_config.h"
#include "hd_ldap.h"
#include "hd_mail.h"
#include "hd_notify.h"
#include "hd_render.h"
#include "hd_ticket.h"

#include "apr_strings.h"
#include "apr_hash.h"
#include "apr_lib.h"

#include <gmime/gmime.h>
#include <openssl/evp.h>

/* Events worked per run (each its own transaction). */
#define HD_NOTIFY_BATCH "100"

const hd_notify_topic hd_notify_topics[] = {
    {"ticket_created", "A confirmation when a ticket is logged for me", 0},
    {"ticket_reply", "Replies on my tickets", 0},
    {"ticket_status",
     "Status changes, proposed solutions and resolutions of my tickets", 0},
    {"service_status",
     "Changes and planned maintenance of the services I follow", 0},
    {"incident_resolved", "The end of an incident I am affected by", 0},
    {"agent_new_ticket", "New tickets for my teams", 1},
    {"agent_assigned",
     "Replies, notes and assignments on tickets assigned to me", 1},
};
const int hd_notify_topic_count =
    (int)(sizeof(hd_notify_topics) / sizeof(hd_notify_topics[0]));

/* ------------------------------------------------------------------ */
/* SQL                                                                 */
/* ------------------------------------------------------------------ */

static const hd_db_statement statements[] = {
    {"notify_next", "SELECT id FROM mail_events ORDER BY id "
                    "LIMIT " HD_NOTIFY_BATCH},
    /* max age (seconds), id: locked, so two workers never both take it */
    {"notify_event", "SELECT activity_id, service_event_id, inbound_id, "
                     "created_at < NOW() - INTERVAL %s SECOND AS stale "
                     "FROM mail_events WHERE id = %s FOR UPDATE"},
    {"notify_delete", "DELETE FROM mail_events WHERE id = %s"},
    /* the change and its ticket, as the mail tells them */
    {"notify_activity",
     "SELECT a.kind, a.author_login, a.author_name, a.body, a.internal, "
     "a.created_at, COALESCE(ns.name, '') AS new_status_name, "
     "COALESCE(ns.category, '') AS new_category, "
     "COALESCE(os.name, '') AS old_status_name, "
     "t.id AS ticket_id, t.kind AS ticket_kind, t.summary, t.details, "
     "t.status, "
     "s.name AS status_name, s.category, COALESCE(t.solution, '') AS "
     "solution, t.status_reason, t.requester_login, t.requester_name, "
     "t.requester_mail, t.logged_by_login, t.logged_by_name, "
     "COALESCE(t.assignee_login, '') AS assignee_login, "
     "COALESCE(t.assignee_name, '') AS assignee_name, t.team_id, "
     "sv.name AS service, tm.name AS team "
     "FROM ticket_activity a JOIN tickets t ON t.id = a.ticket_id "
     "JOIN ticket_statuses s ON s.code = t.status "
     "JOIN services sv ON sv.id = t.service_id "
     "JOIN teams tm ON tm.id = t.team_id "
     "LEFT JOIN ticket_statuses ns ON ns.code = a.new_status "
     "LEFT JOIN ticket_statuses os ON os.code = a.old_status "
     "WHERE a.id = %s"},
    {"notify_person",
     "SELECT name, mail, is_agent FROM people WHERE login = %s"},
    {"notify_wanted", "SELECT wanted FROM notification_prefs "
                      "WHERE login = %s AND topic = %s"},
    {"notify_team_agents",
     "SELECT p.login, p.name, p.mail FROM agent_teams g "
     "JOIN people p ON p.login = g.login "
     "WHERE g.team_id = %s AND p.is_agent = 1 ORDER BY p.login"},
    {"notify_service_event",
     "SELECT e.kind, e.service_id, s.code AS service_code, "
     "s.name AS service, s.status, COALESCE(s.status_note, '') AS note, "
     "COALESCE(i.title, '') AS incident, e.incident_id, "
     "COALESCE((SELECT u.body FROM incident_updates u "
     "WHERE u.incident_id = e.incident_id ORDER BY u.id DESC LIMIT 1), '') "
     "AS update_body, COALESCE(m.title, '') AS maintenance, "
     "COALESCE(m.body, '') AS maintenance_body, "
     "COALESCE(m.starts_at, '') AS starts_at, "
     "COALESCE(m.ends_at, '') AS ends_at, e.created_at "
     "FROM service_events e JOIN services s ON s.id = e.service_id "
     "LEFT JOIN incidents i ON i.id = e.incident_id "
     "LEFT JOIN maintenances m ON m.id = e.maintenance_id WHERE e.id = %s"},
    /* service, default (1: people who have not chosen follow it) */
    {"notify_subscribers",
     "SELECT p.login, p.name, p.mail FROM people p "
     "LEFT JOIN service_subscriptions ss ON ss.login = p.login "
     "AND ss.service_id = %s "
     "WHERE p.mail <> '' AND COALESCE(ss.subscribed, %s) = 1 "
     "ORDER BY p.login"},
    /* incident, incident: "I am affected too", and linked tickets' people */
    {"notify_incident_people",
     "SELECT a.login, a.name, '' AS mail FROM incident_affected a "
     "WHERE a.incident_id = %s UNION "
     "SELECT t.requester_login, t.requester_name, t.requester_mail "
     "FROM incident_tickets l JOIN tickets t ON t.id = l.ticket_id "
     "WHERE l.incident_id = %s"},
    {"notify_inbound",
     "SELECT sender, subject, reason, message_id FROM mail_inbound "
     "WHERE id = %s"},
    /* message id, rcpt, login, ticket ("" none), topic, subject, message,
     * state ('queued', or 'held' until hd_notify_release) */
    {"notify_queue",
     "INSERT IGNORE INTO mail_outbox (message_id, rcpt, rcpt_login, "
     "ticket_id, topic, subject, message, state) "
     "VALUES (%s, %s, NULLIF(%s, ''), NULLIF(%s, ''), %s, %s, %s, %s)"},
    {"notify_queued_id", "SELECT id FROM mail_outbox WHERE message_id = %s"},
    {"notify_release",
     "UPDATE mail_outbox SET state = 'queued', next_attempt_at = NOW(6) "
     "WHERE id = %s AND state = 'held'"},
    {"notify_discard",
     "DELETE FROM mail_outbox WHERE id = %s AND state = 'held'"},
    {"notify_remember",
     "INSERT INTO people (login, name, mail, organisation, is_agent) "
     "VALUES (%s, %s, %s, %s, %s) ON DUPLICATE KEY UPDATE "
     "name = VALUES(name), mail = VALUES(mail), "
     "organisation = VALUES(organisation), is_agent = VALUES(is_agent)"},
    {"notify_prefs", "SELECT topic, wanted FROM notification_prefs "
                     "WHERE login = %s"},
    {"notify_pref_set",
     "INSERT INTO notification_prefs (login, topic, wanted) "
     "VALUES (%s, %s, %s) ON DUPLICATE KEY UPDATE wanted = VALUES(wanted)"},
    {"notify_teams",
     "SELECT t.code, t.name, (g.login IS NOT NULL) AS member FROM teams t "
     "LEFT JOIN agent_teams g ON g.team_id = t.id AND g.login = %s "
     "WHERE t.active = 1 ORDER BY t.sort_order, t.name"},
    {"notify_teams_clear", "DELETE FROM agent_teams WHERE login = %s"},
    {"notify_team_add",
     "INSERT IGNORE INTO agent_teams (login, team_id) "
     "SELECT %s, id FROM teams WHERE code = %s AND active = 1"},
};

const hd_db_statements hd_notify_statements = HD_DB_STATEMENTS(statements);

/* ------------------------------------------------------------------ */
/* Rows                                                                */
/* ------------------------------------------------------------------ */

/* Rows as tables of the named columns. */
typedef struct {
    apr_array_header_t *rows;
    const char *const *cols;
} rows_baton;

static int keep_row(void *baton, const hd_db_row *row)
{
    rows_baton *b = baton;
    apr_pool_t *p = b->rows->pool;
    apr_table_t *t = apr_table_make(p, 16);
    int i;
    for (i = 0; b->cols[i]; i++) {
        apr_table_set(t, b->cols[i], hd_db_text(row, b->cols[i]));
    }
    APR_ARRAY_PUSH(b->rows, apr_table_t *) = t;
    return 0;
}

static hd_db_outcome select_rows(hd_db *db, apr_pool_t *p, const char *label,
                                 const char *const *cols, int nargs,
                                 const char **args, apr_array_header_t **out)
{
    rows_baton b = {apr_array_make(p, 8, sizeof(apr_table_t *)), cols};
    hd_db_outcome o = hd_db_select(db, label, keep_row, &b, nargs, args);
    *out = b.rows;
    return o;
}

/* The first row, or NULL. */
static hd_db_outcome select_one(hd_db *db, apr_pool_t *p, const char *label,
                                const char *const *cols, int nargs,
                                const char **args, apr_table_t **out)
{
    apr_array_header_t *rows;
    hd_db_outcome o = select_rows(db, p, label, cols, nargs, args, &rows);
    *out = (o == HD_DB_OK && rows->nelts)
               ? APR_ARRAY_IDX(rows, 0, apr_table_t *)
               : NULL;
    return o;
}

/* ------------------------------------------------------------------ */
/* Recipients                                                          */
/* ------------------------------------------------------------------ */

typedef struct {
    const char *login, *name, *mail, *role, *topic;
} recipient;

/* One event's work. */
typedef struct {
    server_rec *s;
    const hd_server_conf *sc;
    apr_pool_t *p;
    const char *event;
    apr_array_header_t *rcpts; /* recipient */
    apr_hash_t *seen;          /* lower-case mail -> 1 */
    int queued;
} event_work;

static int topic_agents_only(const char *topic)
{
    int i;
    for (i = 0; i < hd_notify_topic_count; i++) {
        if (!strcmp(hd_notify_topics[i].code, topic)) {
            return hd_notify_topics[i].agents_only;
        }
    }
    return 0;
}

/* A plausible address: something@something, one line, no spaces. */
static int mail_usable(const char *mail)
{
    const char *at = mail ? strchr(mail, '@') : NULL;
    return at && at != mail && at[1] && !strpbrk(mail, " \t\r\n<>\",;");
}

/* Add login (and, when known, their mail) as a recipient for topic,
 * unless they are someone the rules leave out. */
static hd_db_outcome add_rcpt(hd_db *db, event_work *w, const char *login,
                              const char *name, const char *mail,
                              const char *role, const char *topic)
{
    static const char *const person_cols[] = {"name", "mail", "is_agent", NULL};
    const char *args[2] = {login, topic};
    const char *wanted = NULL, *key;
    apr_table_t *person = NULL;
    recipient *r;
    hd_db_outcome o;

    if (login && *login) {
        o = select_one(db, w->p, "notify_person", person_cols, 1, args,
                       &person);
        if (o != HD_DB_OK) {
            return o;
        }
    }
    if (topic_agents_only(topic) &&
        !(person && !strcmp(apr_table_get(person, "is_agent"), "1"))) {
        return HD_DB_OK; /* internal matters go to agents only, ever */
    }
    if ((!mail || !*mail) && person) {
        mail = apr_table_get(person, "mail");
    }
    if (!mail_usable(mail)) {
        return HD_DB_OK;
    }
    key = apr_pstrdup(w->p, mail);
    ap_str_tolower((char *)key);
    if (apr_hash_get(w->seen, key, APR_HASH_KEY_STRING)) {
        return HD_DB_OK;
    }
    if (login && *login) {
        o = hd_db_value(db, "notify_wanted", 2, args, &wanted);
        if (o != HD_DB_OK) {
            return o;
        }
        if (wanted && !strcmp(wanted, "0")) {
            return HD_DB_OK;
        }
    }
    apr_hash_set(w->seen, key, APR_HASH_KEY_STRING, "1");
    r = apr_array_push(w->rcpts);
    r->login = login ? login : "";
    r->name = (name && *name) ? name
              : person        ? apr_table_get(person, "name")
                              : "";
    r->mail = mail;
    r->role = role;
    r->topic = topic;
    return HD_DB_OK;
}

/* ------------------------------------------------------------------ */
/* The message                                                         */
/* ------------------------------------------------------------------ */

/* Short hex digest of text: tells one recipient's copy from another's
 * in a Message-ID without showing their address. */
static const char *short_digest(apr_pool_t *p, const char *text)
{
    unsigned char md[EVP_MAX_MD_SIZE];
    unsigned int len = 0;
    char *hex = apr_palloc(p, 13);
    int i;
    EVP_Digest(text, strlen(text), md, &len, EVP_sha256(), NULL);
    for (i = 0; i < 6; i++) {
        apr_snprintf(hex + 2 * i, 3, "%02x", md[i]);
    }
    return hex;
}

/* The whole message, CRLF line ends, or NULL. */
static const char *build_mime(apr_pool_t *p, const hd_mail_settings *m,
                              const recipient *r, const char *subject,
                              const char *text, const char *html,
                              const char *msgid, const char *thread,
                              int auto_replied)
{
    GMimeMessage *msg = g_mime_message_new(TRUE);
    GMimeObject *obj = GMIME_OBJECT(msg);
    InternetAddressList *from = internet_address_list_parse(NULL, m->from);
    GMimeMultipart *alt = g_mime_multipart_new_with_subtype("alternative");
    GMimeTextPart *plain = g_mime_text_part_new_with_subtype("plain");
    GMimeTextPart *rich = g_mime_text_part_new_with_subtype("html");
    GMimeFormatOptions *fo = g_mime_format_options_clone(NULL);
    GDateTime *now = g_date_time_new_now_local();
    const char *out = NULL;
    char *s;

    if (from) {
        internet_address_list_append(g_mime_message_get_from(msg), from);
        g_object_unref(from);
    }
    g_mime_message_add_mailbox(msg, GMIME_ADDRESS_TYPE_TO,
                               *r->name ? r->name : NULL, r->mail);
    g_mime_message_set_subject(msg, subject, "utf-8");
    g_mime_message_set_message_id(msg, msgid);
    g_mime_message_set_date(msg, now);
    if (thread) {
        const char *ref = apr_pstrcat(p, "<", thread, ">", NULL);
        g_mime_object_set_header(obj, "In-Reply-To", ref, NULL);
        g_mime_object_set_header(obj, "References", ref, NULL);
    }
    /* RFC 3834: automatic mail, so that vacation responders stay quiet
     * and our own gateway recognises a loop. */
    g_mime_object_set_header(obj, "Auto-Submitted",
                             auto_replied ? "auto-replied" : "auto-generated",
                             NULL);
    g_mime_text_part_set_text(plain, text);
    g_mime_part_set_content_encoding(GMIME_PART(plain),
                                     GMIME_CONTENT_ENCODING_QUOTEDPRINTABLE);
    g_mime_text_part_set_text(rich, html);
    g_mime_part_set_content_encoding(GMIME_PART(rich),
                                     GMIME_CONTENT_ENCODING_QUOTEDPRINTABLE);
    g_mime_multipart_add(alt, GMIME_OBJECT(plain));
    g_mime_multipart_add(alt, GMIME_OBJECT(rich));
    g_mime_message_set_mime_part(msg, GMIME_OBJECT(alt));
    g_mime_format_options_set_newline_format(fo, GMIME_NEWLINE_FORMAT_DOS);
    s = g_mime_object_to_string(obj, fo);
    if (s) {
        out = apr_pstrdup(p, s);
        g_free(s);
    }
    g_mime_format_options_free(fo);
    g_date_time_unref(now);
    g_object_unref(plain);
    g_object_unref(rich);
    g_object_unref(alt);
    g_object_unref(msg);
    return out;
}

/* One line of at most 300 characters (on a character boundary). */
static const char *subject_line(apr_pool_t *p, const char *s)
{
    char *line = apr_pstrdup(p, s), *c;
    apr_size_t n;
    for (c = line; *c; c++) {
        if (*c == '\r' || *c == '\n' || *c == '\t') {
            *c = ' ';
        }
    }
    n = strlen(line);
    if (n > 300) {
        n = 300;
        while (n > 0 && ((unsigned char)line[n] & 0xC0) == 0x80) {
            n--;
        }
        line[n] = '\0';
    }
    return line;
}

/* Render doc with sheet for every recipient and queue the messages.
 * ticket: "" for none; thread: the id every message refers to. */
/* Render doc with sheet for recipient r and queue the message (state
 * 'held' or 'queued'); msgid made by the caller.  HD_DB_FAILED (logged)
 * when the template or the message cannot be made. */
static hd_db_outcome queue_one(hd_db *db, const hd_server_conf *sc,
                               apr_pool_t *p, xmlDocPtr doc, const char *sheet,
                               const recipient *r, const char *ticket,
                               const char *msgid, const char *thread,
                               int auto_replied, int held)
{
    xmlNodePtr root = xmlDocGetRootElement(doc);
    xmlNodePtr to = hd_xml_find(root, "recipient");
    const char *subject, *text, *html, *message;
    const char *args[8];

    if (!to) {
        to = hd_xml_child(root, "recipient");
    }
    hd_xml_set(to, "name", r->name);
    hd_xml_set(to, "login", r->login);
    hd_xml_set(to, "role", r->role);
    hd_xml_set(root, "topic", r->topic);
    subject = hd_render_mail(p, sc, sheet, doc, "subject");
    text = hd_render_mail(p, sc, sheet, doc, "text");
    html = hd_render_mail(p, sc, sheet, doc, "html");
    if (!subject || !text || !html) {
        ap_log_perror(APLOG_MARK, APLOG_ERR, 0, p,
                      HDLOG(01501) "mail template %s.xsl is missing or "
                                   "failed: the mail to %s stays unmade",
                      sheet, r->mail);
        return HD_DB_FAILED;
    }
    subject = subject_line(p, subject);
    message = build_mime(p, &sc->mail, r, subject, text, html, msgid, thread,
                         auto_replied);
    if (!message) {
        ap_log_perror(APLOG_MARK, APLOG_ERR, 0, p,
                      HDLOG(01502) "the message to %s could not be built",
                      r->mail);
        return HD_DB_FAILED;
    }
    args[0] = msgid;
    args[1] = r->mail;
    args[2] = r->login;
    args[3] = ticket;
    args[4] = r->topic;
    args[5] = subject;
    args[6] = message;
    args[7] = held ? "held" : "queued";
    return hd_db_exec(db, "notify_queue", 8, args, NULL);
}

/* Render doc with sheet for every recipient and queue the messages.
 * ticket: "" for none; thread: the id every message refers to. */
static hd_db_outcome queue_all(hd_db *db, event_work *w, xmlDocPtr doc,
                               const char *sheet, const char *ticket,
                               const char *thread, int auto_replied)
{
    const char *domain = hd_mail_domain_of(w->p, w->sc->mail.from);
    int i;

    for (i = 0; i < w->rcpts->nelts; i++) {
        const recipient *r = &APR_ARRAY_IDX(w->rcpts, i, recipient);
        const char *msgid =
            hd_mail_msgid(w->p, w->sc->secret, *ticket ? ticket : "0",
                          apr_pstrcat(w->p, "e", w->event, NULL),
                          short_digest(w->p, r->mail), domain);
        hd_db_outcome o = queue_one(db, w->sc, w->p, doc, sheet, r, ticket,
                                    msgid, thread, auto_replied, 0);
        if (o != HD_DB_OK) {
            return o;
        }
        w->queued++;
    }
    return HD_DB_OK;
}

xmlDocPtr hd_notify_doc(apr_pool_t *p, const hd_server_conf *sc,
                        const char *kind)
{
    xmlDocPtr doc = xmlNewDoc((const xmlChar *)"1.0");
    xmlNodePtr root = xmlNewNode(NULL, (const xmlChar *)"mail");
    xmlDocSetRootElement(doc, root);
    hd_xml_attr(root, "kind", kind);
    hd_xml_attr(root, "site", sc->site_name);
    hd_xml_attr(root, "portal",
                apr_pstrcat(p, sc->mail.portal_url ? sc->mail.portal_url : "",
                            sc->base_url, NULL));
    if (sc->contact_mail && *sc->contact_mail) {
        hd_xml_attr(root, "contact-mail", sc->contact_mail);
    }
    if (sc->contact_phone && *sc->contact_phone) {
        hd_xml_attr(root, "contact-phone", sc->contact_phone);
    }
    return doc;
}

/* A new mail document for an event's messages. */
static xmlDocPtr mail_doc(event_work *w, const char *kind)
{
    return hd_notify_doc(w->p, w->sc, kind);
}

static void attrs_from(xmlNodePtr node, apr_table_t *t,
                       const char *const *pairs)
{
    int i;
    for (i = 0; pairs[i]; i += 2) {
        hd_xml_attr(node, pairs[i], apr_table_get(t, pairs[i + 1]));
    }
}

/* ------------------------------------------------------------------ */
/* Ticket events                                                       */
/* ------------------------------------------------------------------ */

static const char *const activity_cols[] = {"kind",
                                            "author_login",
                                            "author_name",
                                            "body",
                                            "internal",
                                            "created_at",
                                            "new_status_name",
                                            "old_status_name",
                                            "ticket_id",
                                            "ticket_kind",
                                            "summary",
                                            "status",
                                            "details",
                                            "new_category",
                                            "status_name",
                                            "category",
                                            "solution",
                                            "status_reason",
                                            "requester_login",
                                            "requester_name",
                                            "requester_mail",
                                            "logged_by_login",
                                            "logged_by_name",
                                            "assignee_login",
                                            "assignee_name",
                                            "team_id",
                                            "service",
                                            "team",
                                            NULL};

static int same(const char *a, const char *b)
{
    return a && b && *a && !strcmp(a, b);
}

/* Requester and logger, leaving out the author (unless keep_author). */
static hd_db_outcome add_people_of(hd_db *db, event_work *w, apr_table_t *a,
                                   const char *topic, int keep_author)
{
    const char *author = apr_table_get(a, "author_login");
    const char *req = apr_table_get(a, "requester_login");
    const char *logger = apr_table_get(a, "logged_by_login");
    hd_db_outcome o = HD_DB_OK;

    if (keep_author || !same(req, author)) {
        o = add_rcpt(db, w, req, apr_table_get(a, "requester_name"),
                     apr_table_get(a, "requester_mail"), "requester", topic);
    }
    if (o == HD_DB_OK && !same(logger, req) &&
        (keep_author || !same(logger, author))) {
        o = add_rcpt(db, w, logger, apr_table_get(a, "logged_by_name"), NULL,
                     "logger", topic);
    }
    return o;
}

static hd_db_outcome add_assignee(hd_db *db, event_work *w, apr_table_t *a)
{
    const char *assignee = apr_table_get(a, "assignee_login");
    if (!*assignee || same(assignee, apr_table_get(a, "author_login"))) {
        return HD_DB_OK;
    }
    return add_rcpt(db, w, assignee, apr_table_get(a, "assignee_name"), NULL,
                    "assignee", "agent_assigned");
}

static hd_db_outcome add_team_agents(hd_db *db, event_work *w, apr_table_t *a)
{
    static const char *const cols[] = {"login", "name", "mail", NULL};
    const char *args[] = {apr_table_get(a, "team_id")};
    const char *author = apr_table_get(a, "author_login");
    apr_array_header_t *agents;
    hd_db_outcome o =
        select_rows(db, w->p, "notify_team_agents", cols, 1, args, &agents);
    int i;

    for (i = 0; o == HD_DB_OK && i < agents->nelts; i++) {
        apr_table_t *g = APR_ARRAY_IDX(agents, i, apr_table_t *);
        if (!same(apr_table_get(g, "login"), author)) {
            o = add_rcpt(db, w, apr_table_get(g, "login"),
                         apr_table_get(g, "name"), apr_table_get(g, "mail"),
                         "team", "agent_new_ticket");
        }
    }
    return o;
}

/* Who hears of activity a (see the top of this file). */
static hd_db_outcome ticket_recipients(hd_db *db, event_work *w, apr_table_t *a)
{
    const char *kind = apr_table_get(a, "kind");
    const char *author = apr_table_get(a, "author_login");
    int by_client = same(author, apr_table_get(a, "requester_login")) ||
                    same(author, apr_table_get(a, "logged_by_login"));
    hd_db_outcome o = HD_DB_OK;

    if (!strcmp(kind, "created")) {
        o = add_people_of(db, w, a, "ticket_created", 1);
        if (o == HD_DB_OK) {
            o = add_team_agents(db, w, a);
        }
    }
    else if (!strcmp(kind, "comment")) {
        o = add_assignee(db, w, a);
        if (o == HD_DB_OK) {
            o = add_people_of(db, w, a, "ticket_reply", 0);
        }
    }
    else if (!strcmp(kind, "update")) {
        o = add_people_of(db, w, a, "ticket_reply", 0);
    }
    else if (!strcmp(kind, "internal_note") || !strcmp(kind, "assigned")) {
        o = add_assignee(db, w, a);
    }
    else if (!strcmp(kind, "status") || !strcmp(kind, "resolved") ||
             !strcmp(kind, "cancelled") || !strcmp(kind, "reopened")) {
        o = add_people_of(db, w, a, "ticket_status", 0);
        if (o == HD_DB_OK && by_client) {
            o = add_assignee(db, w, a);
        }
    }
    return o; /* "changed" (reclassified): nobody */
}

static hd_db_outcome ticket_event(hd_db *db, event_work *w,
                                  const char *activity)
{
    static const char *const ticket_attrs[] = {
        "summary",     "summary",        "status",    "status",
        "status-name", "status-name",    "category",  "category",
        "kind",        "ticket_kind",    "service",   "service",
        "team",        "team",           "requester", "requester_name",
        "logged-by",   "logged_by_name", "assignee",  "assignee_name",
        "reason",      "status_reason",  NULL};
    static const char *const activity_attrs[] = {"kind",
                                                 "kind",
                                                 "author",
                                                 "author_name",
                                                 "author-login",
                                                 "author_login",
                                                 "at",
                                                 "created_at",
                                                 "new-status",
                                                 "new_status_name",
                                                 "old-status",
                                                 "old_status_name",
                                                 "new-category",
                                                 "new_category",
                                                 NULL};
    const char *args[] = {activity};
    apr_table_t *a;
    xmlDocPtr doc;
    xmlNodePtr root, t, act;
    const char *id, *ref, *thread;
    hd_db_outcome o;

    o = select_one(db, w->p, "notify_activity", activity_cols, 1, args, &a);
    if (o != HD_DB_OK || !a) {
        return o; /* gone with its ticket: nothing to tell */
    }
    apr_table_set(a, "status-name", apr_table_get(a, "status_name"));
    o = ticket_recipients(db, w, a);
    if (o != HD_DB_OK || !w->rcpts->nelts) {
        return o;
    }
    id = apr_table_get(a, "ticket_id");
    ref = hd_ticket_ref(w->p, id);
    doc = mail_doc(w, apr_table_get(a, "kind"));
    root = xmlDocGetRootElement(doc);
    t = hd_xml_child(root, "ticket");
    hd_xml_attr(t, "ref", ref);
    hd_xml_attr(
        t, "href",
        apr_pstrcat(w->p, hd_xml_get(root, "portal"), "/tickets/", ref, NULL));
    attrs_from(t, a, ticket_attrs);
    act = hd_xml_child(root, "activity");
    attrs_from(act, a, activity_attrs);
    hd_xml_attr(act, "internal",
                strcmp(apr_table_get(a, "internal"), "1") ? "false" : "true");
    hd_xml_text(act, "body", apr_table_get(a, "body"));
    if (!strcmp(apr_table_get(a, "kind"), "created")) {
        hd_xml_text(t, "details", apr_table_get(a, "details"));
    }
    if (*apr_table_get(a, "solution")) {
        hd_xml_text(root, "solution", apr_table_get(a, "solution"));
    }
    /* Every message about the ticket refers to one id of its own, so mail
     * clients thread them; it is signed like the rest. */
    thread = hd_mail_msgid(w->p, w->sc->secret, id, "t", "0",
                           hd_mail_domain_of(w->p, w->sc->mail.from));
    o = queue_all(db, w, doc, "mail/ticket", id, thread, 0);
    xmlFreeDoc(doc);
    return o;
}

/* ------------------------------------------------------------------ */
/* Service events                                                      */
/* ------------------------------------------------------------------ */

static const char *const service_cols[] = {
    "kind",        "service_id",       "service_code",
    "service",     "status",           "note",
    "incident",    "incident_id",      "update_body",
    "maintenance", "maintenance_body", "starts_at",
    "ends_at",     "created_at",       NULL};

static hd_db_outcome add_rows(hd_db *db, event_work *w,
                              apr_array_header_t *rows, const char *role,
                              const char *topic)
{
    hd_db_outcome o = HD_DB_OK;
    int i;
    for (i = 0; o == HD_DB_OK && i < rows->nelts; i++) {
        apr_table_t *t = APR_ARRAY_IDX(rows, i, apr_table_t *);
        o = add_rcpt(db, w, apr_table_get(t, "login"), apr_table_get(t, "name"),
                     apr_table_get(t, "mail"), role, topic);
    }
    return o;
}

static hd_db_outcome service_event(hd_db *db, event_work *w, const char *id)
{
    static const char *const people_cols[] = {"login", "name", "mail", NULL};
    static const char *const attrs[] = {"code",    "service_code", "name",
                                        "service", "status",       "status",
                                        "at",      "created_at",   NULL};
    const char *args[2] = {id, NULL};
    apr_array_header_t *rows;
    apr_table_t *e;
    xmlDocPtr doc;
    xmlNodePtr root, sv, node;
    const char *kind, *thread;
    hd_db_outcome o;

    o = select_one(db, w->p, "notify_service_event", service_cols, 1, args, &e);
    if (o != HD_DB_OK || !e) {
        return o;
    }
    kind = apr_table_get(e, "kind");
    if (!strcmp(kind, "incident_resolved")) {
        /* Those who said "me too" and whose tickets were linked first:
         * their topic is the incident's end. */
        args[0] = args[1] = apr_table_get(e, "incident_id");
        o = select_rows(db, w->p, "notify_incident_people", people_cols, 2,
                        args, &rows);
        if (o == HD_DB_OK) {
            o = add_rows(db, w, rows, "affected", "incident_resolved");
        }
    }
    if (o == HD_DB_OK) {
        args[0] = apr_table_get(e, "service_id");
        args[1] = w->sc->subscribe_default ? "1" : "0";
        o = select_rows(db, w->p, "notify_subscribers", people_cols, 2, args,
                        &rows);
    }
    if (o == HD_DB_OK) {
        o = add_rows(db, w, rows, "subscriber", "service_status");
    }
    if (o != HD_DB_OK || !w->rcpts->nelts) {
        return o;
    }
    doc = mail_doc(w, kind);
    root = xmlDocGetRootElement(doc);
    sv = hd_xml_child(root, "service");
    attrs_from(sv, e, attrs);
    hd_xml_attr(sv, "href",
                apr_pstrcat(w->p, hd_xml_get(root, "portal"), "/services/",
                            apr_table_get(e, "service_code"), NULL));
    hd_xml_text(sv, "note", apr_table_get(e, "note"));
    if (*apr_table_get(e, "incident")) {
        node = hd_xml_child(root, "incident");
        hd_xml_attr(node, "title", apr_table_get(e, "incident"));
        hd_xml_text(node, "update", apr_table_get(e, "update_body"));
    }
    if (*apr_table_get(e, "maintenance")) {
        node = hd_xml_child(root, "maintenance");
        hd_xml_attr(node, "title", apr_table_get(e, "maintenance"));
        hd_xml_attr(node, "starts", apr_table_get(e, "starts_at"));
        hd_xml_attr(node, "ends", apr_table_get(e, "ends_at"));
        hd_xml_text(node, "body", apr_table_get(e, "maintenance_body"));
    }
    thread = hd_mail_msgid(
        w->p, w->sc->secret, "0",
        apr_pstrcat(w->p, "s", apr_table_get(e, "service_id"), NULL), "0",
        hd_mail_domain_of(w->p, w->sc->mail.from));
    o = queue_all(db, w, doc, "mail/service", "", thread, 0);
    xmlFreeDoc(doc);
    return o;
}

/* ------------------------------------------------------------------ */
/* Refusals of incoming mail                                           */
/* ------------------------------------------------------------------ */

static hd_db_outcome refusal_event(hd_db *db, event_work *w, const char *id)
{
    static const char *const cols[] = {"sender", "subject", "reason",
                                       "message_id", NULL};
    const char *args[] = {id};
    apr_table_t *in;
    xmlDocPtr doc;
    xmlNodePtr root, orig;
    recipient *r;
    const char *msgid;
    hd_db_outcome o;

    o = select_one(db, w->p, "notify_inbound", cols, 1, args, &in);
    if (o != HD_DB_OK || !in || !mail_usable(apr_table_get(in, "sender"))) {
        return o;
    }
    r = apr_array_push(w->rcpts);
    r->login = "";
    r->name = "";
    r->mail = apr_table_get(in, "sender");
    r->role = "sender";
    r->topic = "refusal";
    doc = mail_doc(w, "refusal");
    root = xmlDocGetRootElement(doc);
    orig = hd_xml_child(root, "original");
    hd_xml_attr(orig, "subject", apr_table_get(in, "subject"));
    hd_xml_text(root, "reason", apr_table_get(in, "reason"));
    msgid = apr_table_get(in, "message_id");
    /* Answers the message it refuses; marked auto-replied, so that a
     * well-behaved robot on the other side does not answer it. */
    o = queue_all(db, w, doc, "mail/refusal", "",
                  (*msgid && !strchr(msgid, '>')) ? msgid : NULL, 1);
    xmlFreeDoc(doc);
    return o;
}

/* ------------------------------------------------------------------ */
/* The job                                                             */
/* ------------------------------------------------------------------ */

static hd_db_outcome event_work_fn(hd_db *db, void *baton)
{
    static const char *const cols[] = {"activity_id", "service_event_id",
                                       "inbound_id", "stale", NULL};
    event_work *w = baton;
    const char *args[2] = {apr_itoa(w->p, w->sc->mail.max_age), w->event};
    apr_table_t *e;
    hd_db_outcome o;

    /* A retried transaction starts again from nothing. */
    w->rcpts = apr_array_make(w->p, 8, sizeof(recipient));
    w->seen = apr_hash_make(w->p);
    w->queued = 0;
    o = select_one(db, w->p, "notify_event", cols, 2, args, &e);
    if (o != HD_DB_OK || !e) {
        return o; /* another worker took it */
    }
    /* Mail off, or an event too old to be news: dropped unsent. */
    if (w->sc->mail.from && strcmp(apr_table_get(e, "stale"), "1")) {
        if (*apr_table_get(e, "activity_id")) {
            o = ticket_event(db, w, apr_table_get(e, "activity_id"));
        }
        else if (*apr_table_get(e, "service_event_id")) {
            o = service_event(db, w, apr_table_get(e, "service_event_id"));
        }
        else if (*apr_table_get(e, "inbound_id")) {
            o = refusal_event(db, w, apr_table_get(e, "inbound_id"));
        }
    }
    if (o == HD_DB_OK) {
        o = hd_db_exec(db, "notify_delete", 1, &w->event, NULL);
    }
    return o;
}

typedef struct {
    apr_array_header_t *ids;
} ids_baton;

static int keep_id(void *baton, const hd_db_row *row)
{
    ids_baton *b = baton;
    APR_ARRAY_PUSH(b->ids, const char *) =
        apr_pstrdup(b->ids->pool, hd_db_text(row, "id"));
    return 0;
}

hd_db_outcome hd_notify_run(hd_db *db, apr_pool_t *p, server_rec *s)
{
    const hd_server_conf *sc =
        ap_get_module_config(s->module_config, &helpdesk_module);
    ids_baton b = {apr_array_make(p, 16, sizeof(const char *))};
    hd_db_outcome o = hd_db_select(db, "notify_next", keep_id, &b, 0, NULL);
    apr_pool_t *ep;
    int i, queued = 0;

    if (o != HD_DB_OK) {
        return o;
    }
    apr_pool_create(&ep, p);
    for (i = 0; i < b.ids->nelts; i++) {
        event_work w = {s, sc, ep, APR_ARRAY_IDX(b.ids, i, const char *)};
        o = hd_db_transact(db, event_work_fn, &w);
        if (o == HD_DB_UNAVAILABLE) {
            break;
        }
        if (o != HD_DB_OK) {
            /* Left queued for the next look; the others go on. */
            ap_log_error(APLOG_MARK, APLOG_ERR, 0, s,
                         HDLOG(01503) "mail event %s: %s (at %s)", w.event,
                         hd_db_outcome_name(o),
                         hd_db_failed_label(db) ? hd_db_failed_label(db) : "-");
        }
        else {
            queued += w.queued;
        }
        apr_pool_clear(ep);
    }
    if (queued) {
        ap_log_error(APLOG_MARK, APLOG_DEBUG, 0, s,
                     HDLOG(01504) "mail: %d message(s) queued", queued);
    }
    return o == HD_DB_UNAVAILABLE ? o : HD_DB_OK;
}

/* ------------------------------------------------------------------ */
/* People and their choices                                            */
/* ------------------------------------------------------------------ */

void hd_notify_remember(hd_db *db, request_rec *r, const hd_user_t *u)
{
    const char *args[] = {
        u->login, u->name ? u->name : u->login, u->mail ? u->mail : "",
        u->organisation ? u->organisation : "", u->is_agent ? "1" : "0"};
    hd_db_outcome o = hd_db_exec_retried(db, "notify_remember", 5, args, NULL);
    if (o != HD_DB_OK) {
        ap_log_rerror(APLOG_MARK, APLOG_WARNING, 0, r,
                      HDLOG(01505) "the address of %s for mail could not be "
                                   "kept: %s",
                      u->login, hd_db_outcome_name(o));
    }
}

hd_db_outcome hd_notify_prefs_get(hd_db *db, const char *login,
                                  apr_table_t **wanted)
{
    static const char *const cols[] = {"topic", "wanted", NULL};
    apr_pool_t *p = hd_db_pool(db);
    apr_array_header_t *rows;
    apr_table_t *t = apr_table_make(p, 8);
    hd_db_outcome o =
        select_rows(db, p, "notify_prefs", cols, 1, &login, &rows);
    int i;

    for (i = 0; i < hd_notify_topic_count; i++) {
        apr_table_set(t, hd_notify_topics[i].code, "1");
    }
    for (i = 0; o == HD_DB_OK && i < rows->nelts; i++) {
        apr_table_t *row = APR_ARRAY_IDX(rows, i, apr_table_t *);
        if (apr_table_get(t, apr_table_get(row, "topic"))) {
            apr_table_set(t, apr_table_get(row, "topic"),
                          apr_table_get(row, "wanted"));
        }
    }
    *wanted = t;
    return o;
}

typedef struct {
    const char *login;
    int is_agent;
    apr_table_t *ticked;
} prefs_baton;

static hd_db_outcome prefs_work(hd_db *db, void *baton)
{
    prefs_baton *b = baton;
    hd_db_outcome o = HD_DB_OK;
    int i;
    for (i = 0; o == HD_DB_OK && i < hd_notify_topic_count; i++) {
        const hd_notify_topic *t = &hd_notify_topics[i];
        const char *args[] = {b->login, t->code,
                              apr_table_get(b->ticked, t->code) ? "1" : "0"};
        if (!t->agents_only || b->is_agent) {
            o = hd_db_exec(db, "notify_pref_set", 3, args, NULL);
        }
    }
    return o;
}

hd_db_outcome hd_notify_prefs_set(hd_db *db, const char *login, int is_agent,
                                  apr_table_t *ticked)
{
    prefs_baton b = {login, is_agent, ticked};
    return hd_db_transact(db, prefs_work, &b);
}

hd_db_outcome hd_notify_teams_get(hd_db *db, const char *login,
                                  apr_array_header_t **teams)
{
    static const char *const cols[] = {"code", "name", "member", NULL};
    return select_rows(db, hd_db_pool(db), "notify_teams", cols, 1, &login,
                       teams);
}

typedef struct {
    const char *login;
    apr_table_t *ticked;
} teams_baton;

static int add_team(void *baton, const char *code, const char *value)
{
    void **pair = baton;
    hd_db *db = pair[0];
    teams_baton *b = pair[1];
    hd_db_outcome *o = pair[2];
    const char *args[] = {b->login, code};
    (void)value;
    *o = hd_db_exec(db, "notify_team_add", 2, args, NULL);
    return *o == HD_DB_OK;
}

static hd_db_outcome teams_work(hd_db *db, void *baton)
{
    teams_baton *b = baton;
    hd_db_outcome o = hd_db_exec(db, "notify_teams_clear", 1, &b->login, NULL);
    void *pair[] = {db, b, &o};
    if (o == HD_DB_OK) {
        apr_table_do(add_team, pair, b->ticked, NULL);
    }
    return o;
}

hd_db_outcome hd_notify_teams_set(hd_db *db, const char *login,
                                  apr_table_t *ticked)
{
    teams_baton b = {login, ticked};
    return hd_db_transact(db, teams_work, &b);
}

/* ------------------------------------------------------------------ */
/* Mail a request writes itself                                        */
/* ------------------------------------------------------------------ */

hd_db_outcome hd_notify_queue_now(hd_db *db, const hd_server_conf *sc,
                                  apr_pool_t *p, const char *sheet,
                                  xmlDocPtr doc, const char *login,
                                  const char *name, const char *mail,
                                  const char *topic, int held, const char **id)
{
    unsigned char b[8];
    char hex[17];
    recipient r;
    const char *msgid;
    hd_db_outcome o;
    int i;

    if (id) {
        *id = NULL;
    }
    if (!sc->mail.from || !mail_usable(mail)) {
        return HD_DB_OK; /* no mail is sent here, or to them */
    }
    /* Unique without an event: a random part. */
    if (apr_generate_random_bytes(b, sizeof(b)) != APR_SUCCESS) {
        return HD_DB_FAILED;
    }
    for (i = 0; i < 8; i++) {
        apr_snprintf(hex + 2 * i, 3, "%02x", b[i]);
    }
    r.login = login ? login : "";
    r.name = name ? name : "";
    r.mail = mail;
    r.role = "person";
    r.topic = topic;
    msgid = hd_mail_msgid(p, sc->secret, "0", apr_pstrcat(p, "r", hex, NULL),
                          short_digest(p, mail),
                          hd_mail_domain_of(p, sc->mail.from));
    o = queue_one(db, sc, p, doc, sheet, &r, "", msgid, NULL, 0, held);
    if (o == HD_DB_OK && id) {
        o = hd_db_value(db, "notify_queued_id", 1, &msgid, id);
    }
    return o;
}

hd_db_outcome hd_notify_release(hd_db *db, const char *id)
{
    return hd_db_exec_retried(db, "notify_release", 1, &id, NULL);
}

hd_db_outcome hd_notify_discard(hd_db *db, const char *id)
{
    return hd_db_exec_retried(db, "notify_discard", 1, &id, NULL);
}
