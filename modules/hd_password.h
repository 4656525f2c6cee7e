/*
 * hd_password.h -- temporary passwords: what a forgotten password
 * (page_password.c) and a supervisor's reset (page_logins.c) share.
 *
 * A temporary password is made from the strong random source, recorded
 * (password_resets: who, for whom, from where, until when; never the
 * password) and mailed -- the message queued HELD in the same
 * transaction as the record, the password then set in the directory
 * (which marks it reset), and only then released.  When the directory
 * refuses, the message is discarded and the record removed: nobody is
 * ever mailed a password that was not set.
 */
#ifndef HD_PASSWORD_H
#define HD_PASSWORD_H

#include "mod_helpdesk.h"
#include "hd_db.h"

/* What became of a reset. */
typedef enum {
    HD_RESET_SENT = 0,    /* set in the directory, the mail on its way */
    HD_RESET_NO_MAIL,     /* the person has no e-mail address: nothing done */
    HD_RESET_DB,          /* the database failed (*db_why): nothing done */
    HD_RESET_REFUSED,     /* the directory refused the password: nothing
                           * done, *why says why */
    HD_RESET_UNAVAILABLE, /* the directory cannot be reached: nothing done */
    HD_RESET_FAILED       /* anything else (no randomness, a template):
                           * logged */
} hd_reset_result;

/* Give person (from hd_ldap_user / hd_ldap_user_by_mail) a temporary
 * password valid for HelpdeskTempPasswordTTL and mail it to them.
 * requested_by: NULL when they asked themselves, else the supervisor's
 * login.  Every outcome is logged (never the password).  *why (may be
 * NULL) gets the directory's words on a refusal, *db_why (may be NULL)
 * the database outcome. */
hd_reset_result hd_password_reset(hd_req *rq, const hd_user_t *person,
                                  const char *requested_by, const char **why,
                                  hd_db_outcome *db_why);

/* One login's latest temporary passwords, newest first (at most 10):
 * apr_table_t * with created-at, expires-at, used-at ("" when not),
 * requested-by ("" when they asked themselves), client-ip. */
hd_db_outcome hd_password_resets_of(hd_db *db, const char *login,
                                    apr_array_header_t **out);

extern const hd_db_statements hd_password_statements;

#endif /* HD_PASSWORD_H */
