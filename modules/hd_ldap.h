/*
 * hd_ldap.h -- the directory: who the logged-in person is, their colleagues,
 * cached per process.
 */
#ifndef HD_LDAP_H
#define HD_LDAP_H

#include "mod_helpdesk.h"

/* The logged-in person, as the directory describes them. */
struct hd_user {
    const char *login;
    const char *dn;
    const char *name;
    const char *mail;
    const char *phone;
    const char *organisation;
    int is_agent;
    int is_supervisor;
    int is_admin; /* HelpdeskAdminGroup: may end anyone's sessions */
};

/* Build the per-process cache (child_init). */
void hd_ldap_child_init(apr_pool_t *pchild, server_rec *s);
/* Look the user up (cache first); OK, HTTP_FORBIDDEN when unknown,
 * HTTP_SERVICE_UNAVAILABLE when the directory cannot be reached. */
int hd_ldap_user(hd_req *rq, const char *login, hd_user_t **out);
/* The one person whose mail attribute is mail (case ignored), cached
 * like hd_ldap_user; OK, HTTP_NOT_FOUND when nobody (or more than one
 * person) has it, HTTP_SERVICE_UNAVAILABLE when the directory cannot be
 * reached.  For incoming mail. */
int hd_ldap_user_by_mail(hd_req *rq, const char *mail, hd_user_t **out);
/* Read login afresh after the portal changed their entry: this
 * process's cache and the jobs' copy (people) take the new details at
 * once; other processes keep theirs up to HelpdeskDirectoryCacheTTL.
 * OK or as hd_ldap_user. */
int hd_ldap_refresh(hd_req *rq, const char *login, hd_user_t **out);
/* The people of rq->user's organisation (login, name only), cached
 * per process like a person; OK or HTTP_SERVICE_UNAVAILABLE. */
int hd_ldap_colleagues(hd_req *rq, apr_array_header_t **out);
/* Everyone in org with their contact details (login, dn, name, mail,
 * phone, organisation; no roles), read from the directory now (a
 * supervisor's list: not cached), sorted by name; OK or
 * HTTP_SERVICE_UNAVAILABLE. */
int hd_ldap_org_people(hd_req *rq, const char *org, apr_array_header_t **out);
/* People whose login, name or e-mail contains text (at most 25; login,
 * name, mail, organisation), for the desk's phone intake; OK or
 * HTTP_SERVICE_UNAVAILABLE. */
int hd_ldap_find_people(hd_req *rq, const char *text, apr_array_header_t **out);
/* Escape a value for use inside an LDAP filter (RFC 4515). */
const char *hd_ldap_escape_filter(apr_pool_t *p, const char *value);
/* For the directory's other users (hd_ldap_write.c): a connection bound
 * as dn with password (NULL when that fails; *result the LDAP result,
 * LDAP_SERVER_DOWN when there was no connection), unbound when the
 * request ends; and one bound as the portal's service account (NULL,
 * logged, when that fails). */
typedef struct ldap LDAP;
LDAP *hd_ldap_connect(hd_req *rq, const char *dn, const char *password,
                      int *result);
LDAP *hd_ldap_open(hd_req *rq);
/* Role word for a user: "agent", "supervisor" or "staff". */
const char *hd_user_role(const hd_user_t *u);

#endif /* HD_LDAP_H */
