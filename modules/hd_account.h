/*
 * hd_account.h -- a person's account in the real directory: contact
 * details and the e-mail address written to their LDAP entry, their
 * password changed as themselves (the directory's password policy
 * decides), temporary passwords set by the portal (the directory marks
 * them reset, and the portal makes the person choose a new one before
 * anything else).
 *
 * hd_ldap_write.c talks to the directory (the OpenLDAP client library,
 * as hd_ldap.c); nothing here knows about pages.  See sql/019_accounts.sql
 * for the tables (temporary passwords, e-mail changes waiting for their
 * confirmation).
 */
#ifndef HD_ACCOUNT_H
#define HD_ACCOUNT_H

#include "mod_helpdesk.h"

/* What became of a directory write. */
typedef enum {
    HD_DIR_OK = 0,
    HD_DIR_REFUSED,      /* the directory said no: *why, in plain words */
    HD_DIR_BAD_PASSWORD, /* the current password given is not theirs */
    HD_DIR_UNAVAILABLE,  /* the directory cannot be reached */
    HD_DIR_FAILED        /* anything else: logged */
} hd_dir_result;

/* The contact details a person may change themselves; "" removes one. */
typedef struct {
    const char *phone;  /* telephoneNumber */
    const char *mobile; /* mobile */
    const char *room;   /* roomNumber: office or room */
} hd_contact;

/* Their contact details as the directory holds them now (not the cache):
 * each "" when absent. */
hd_dir_result hd_ldap_read_contact(hd_req *rq, const char *dn, hd_contact *out);
/* Write the three at once, as the portal's service account. */
hd_dir_result hd_ldap_set_contact(hd_req *rq, const char *dn,
                                  const hd_contact *c, const char **why);
/* Replace the person's mail attribute (after the new address confirmed). */
hd_dir_result hd_ldap_set_mail(hd_req *rq, const char *dn, const char *mail,
                               const char **why);
/* Change the password as the person: bind as dn with current, then the
 * Password Modify extended operation (RFC 3062), so that the password
 * policy decides; a refusal's reason in *why.  A reset flag (pwdReset)
 * is cleared by the directory on success. */
hd_dir_result hd_ldap_change_password(hd_req *rq, const char *dn,
                                      const char *current,
                                      const char *new_password,
                                      const char **why);
/* Set a temporary password as the portal's service account (which has
 * manage rights on userPassword), so that the directory marks it reset
 * (pwdReset TRUE under pwdMustChange). */
hd_dir_result hd_ldap_reset_password(hd_req *rq, const char *dn,
                                     const char *temporary, const char **why);
/* Whether dn's password is marked reset (pwdReset TRUE): *pending 1/0.
 * Apache's LDAP modules let such a person log in; the portal must then
 * lead them to change it. */
hd_dir_result hd_ldap_reset_pending(hd_req *rq, const char *dn, int *pending);

/* A temporary password: HD_TEMP_PASSWORD_CHARS characters from the
 * strong random source, letters and digits without look-alikes; NULL when
 * there is no randomness. */
#define HD_TEMP_PASSWORD_CHARS 14
const char *hd_account_temp_password(apr_pool_t *p);

#endif /* HD_ACCOUNT_H */
