/*
 * hd_mail_change.h -- a new e-mail address waiting for its confirmation
 * (sql/019_accounts.sql, mail_changes).
 *
 * A person asks for a new address on their account page; the portal
 * keeps a row with the SHA-256 of a random token and mails a link with
 * the token to the new address, in one transaction.  Only following the
 * link (logged in as the same person) writes the address to the
 * directory: someone holding another's session cannot quietly move
 * where that person's mail -- password resets among it -- goes.  Nothing
 * here knows about pages or the directory.
 */
#ifndef HD_MAIL_CHANGE_H
#define HD_MAIL_CHANGE_H

#include "mod_helpdesk.h"
#include "hd_db.h"

/* How long a link may be followed. */
#define HD_MAIL_CHANGE_HOURS "24"

/* A request for a new address, as found by its token. */
typedef enum {
    HD_MAIL_CHANGE_UNKNOWN = 0, /* no such token */
    HD_MAIL_CHANGE_LIVE,        /* may be confirmed now */
    HD_MAIL_CHANGE_EXPIRED,     /* too old, or a newer request replaced it */
    HD_MAIL_CHANGE_USED         /* followed already */
} hd_mail_change_state;

typedef struct {
    const char *id;       /* mail_changes.id */
    const char *login;    /* whose */
    const char *new_mail; /* the address asked for */
    hd_mail_change_state state;
} hd_mail_change;

/* Keep a request of login's for new_mail (replacing any earlier one that
 * is still waiting) and queue the mail with the link to it, rendered by
 * sheet ("mail/mail-change") from doc, to new_mail -- one transaction.
 * doc is the caller's <mail> document (hd_notify_doc); this adds
 * <change new="" confirm=""> to it, the link being confirm_url followed
 * by the token (which is kept nowhere else). */
hd_db_outcome hd_mail_change_request(hd_db *db, const hd_server_conf *sc,
                                     const char *login, const char *name,
                                     const char *new_mail, xmlDocPtr doc,
                                     const char *confirm_url);
/* The address login asked for and has not confirmed yet (*new_mail and
 * *expires NULL when none). */
hd_db_outcome hd_mail_change_pending(hd_db *db, const char *login,
                                     const char **new_mail,
                                     const char **expires);
/* The request a link's token names (out->state UNKNOWN when none). */
hd_db_outcome hd_mail_change_find(hd_db *db, const char *token,
                                  hd_mail_change *out);
/* Mark the request done, and queue (when doc is not NULL) the notice to
 * the old address old_mail that the address was changed -- one
 * transaction.  *done 0 when it was used or expired meanwhile (nothing
 * queued). */
hd_db_outcome hd_mail_change_done(hd_db *db, const hd_server_conf *sc,
                                  const hd_mail_change *c, const char *name,
                                  const char *old_mail, xmlDocPtr doc,
                                  int *done);

extern const hd_db_statements hd_mail_change_statements;

#endif /* HD_MAIL_CHANGE_H */
