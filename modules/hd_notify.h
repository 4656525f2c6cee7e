/*
 * hd_notify.h -- who hears of what: events (sql/017_mail.sql) turned into
 * one rendered message per recipient in the outbox (hd_notify.c), the
 * outbox handed to the SMTP server (hd_mail_send.c), and each person's
 * choice of notifications.
 *
 * Nothing here knows about HTTP; the jobs run in hd_jobs.c's mail runner.
 */
#ifndef HD_NOTIFY_H
#define HD_NOTIFY_H

#include "mod_helpdesk.h"
#include "hd_db.h"

/* A kind of notification a person may turn off. */
typedef struct {
    const char *code;  /* notification_prefs.topic */
    const char *label; /* as the account page asks it */
    int agents_only;   /* only offered to (and sent to) agents */
} hd_notify_topic;

extern const hd_notify_topic hd_notify_topics[];
extern const int hd_notify_topic_count;

/* Turn waiting events into messages: each event's messages and its
 * removal are one transaction.  The job 'mail-notify'. */
hd_db_outcome hd_notify_run(hd_db *db, apr_pool_t *p, server_rec *s);
/* Hand due messages to the SMTP server, each marked sent (or its failure
 * recorded) right after.  The job 'mail-send'. */
hd_db_outcome hd_mail_send_run(hd_db *db, apr_pool_t *p, server_rec *s);

/* Keep the people row of u up to date (their address and role for the
 * jobs), after the directory was read; a failure only costs a mail
 * address that may be out of date, so it is logged, not returned. */
void hd_notify_remember(hd_db *db, request_rec *r, const hd_user_t *u);

/* The person's choices: topic -> "1"/"0", every topic present (the
 * defaults filled in). */
hd_db_outcome hd_notify_prefs_get(hd_db *db, const char *login,
                                  apr_table_t **wanted);
/* Store the choices of form (topic -> "1" when ticked; absent: "0") for
 * the topics the person is offered, in one transaction. */
hd_db_outcome hd_notify_prefs_set(hd_db *db, const char *login, int is_agent,
                                  apr_table_t *ticked);
/* An agent's teams: an array of apr_table_t * (code, name, member "1"/"0")
 * of every active team. */
hd_db_outcome hd_notify_teams_get(hd_db *db, const char *login,
                                  apr_array_header_t **teams);
/* Make the agent's teams exactly the codes ticked (code -> anything). */
hd_db_outcome hd_notify_teams_set(hd_db *db, const char *login,
                                  apr_table_t *ticked);

/* Undelivered mail for the desk: queued ones that failed at least once
 * and dead ones, newest first, at most 200 (apr_table_t *: id, rcpt,
 * subject, state, attempts, last-error, created-at, next-attempt-at). */
hd_db_outcome hd_mail_undelivered(hd_db *db, apr_array_header_t **out);
/* Send a dead (or waiting) message again from now, attempts from zero;
 * *found 0 when there is no such message or it was sent meanwhile. */
hd_db_outcome hd_mail_retry(hd_db *db, const char *id, int *found);

/* Mail written by a request itself (a temporary password, a link to
 * confirm an address), not by an event: a <mail> document as the
 * templates expect it (kind, site, portal, contact; the caller adds its
 * own elements; xmlFreeDoc when done). */
xmlDocPtr hd_notify_doc(apr_pool_t *p, const hd_server_conf *sc,
                        const char *kind);
/* Render doc with sheet ("mail/password") for one recipient and queue
 * it, inside the caller's transaction (or as its own statement).  login
 * may be "".  held: not sent until hd_notify_release (see 019).  *id
 * (may be NULL) gets the outbox row's id. */
hd_db_outcome hd_notify_queue_now(hd_db *db, const hd_server_conf *sc,
                                  apr_pool_t *p, const char *sheet,
                                  xmlDocPtr doc, const char *login,
                                  const char *name, const char *mail,
                                  const char *topic, int held, const char **id);
/* A held message: to be sent now, or never. */
hd_db_outcome hd_notify_release(hd_db *db, const char *id);
hd_db_outcome hd_notify_discard(hd_db *db, const char *id);

extern const hd_db_statements hd_notify_statements;
extern const hd_db_statements hd_mail_send_statements;

#endif /* HD_NOTIFY_H */
