/*
 * hd_ldap_write.c -- the person's entry in the directory, written
 * (hd_account.h).
 *
 * Two identities, each for what only it may do (conf/stack's slapd ACLs
 * say the same):
 *   - the portal's service account writes contact details and the mail
 *     address (after the person confirmed it), and sets temporary
 *     passwords with *manage* rights on userPassword -- which is what makes
 *     OpenLDAP 2.5's ppolicy (pwdMustChange) mark them reset;
 *   - the person changes their own password bound as themselves, with the
 *     Password Modify extended operation (RFC 3062), so the password policy
 *     judges it as it would any client's, and clears the reset mark.
 * A policy refusal is result 19 (constraint violation) with the reason as
 * the diagnostic message; it is passed on for the page to word.
 */
#include "mod_helpdesk.h"
#include "hd_config.h"
#include "hd_ldap.h"
#include "hd_account.h"

#include "apr_strings.h"

#include <ldap.h>

/* What an LDAP result means for the caller; *why gets the directory's
 * words (or the generic ones). */
static hd_dir_result result_of(hd_req *rq, LDAP *ld, int rc, const char *what,
                               const char *dn, const char **why)
{
    char *diag = NULL;

    if (rc == LDAP_SUCCESS) {
        return HD_DIR_OK;
    }
    if (ld) {
        ldap_get_option(ld, LDAP_OPT_DIAGNOSTIC_MESSAGE, &diag);
    }
    if (why) {
        *why = apr_pstrdup(rq->r->pool,
                           diag && *diag ? diag : ldap_err2string(rc));
    }
    if (diag) {
        ldap_memfree(diag);
    }
    switch (rc) {
    case LDAP_SERVER_DOWN:
    case LDAP_TIMEOUT:
    case LDAP_CONNECT_ERROR:
    case LDAP_UNAVAILABLE:
    case LDAP_BUSY:
        ap_log_rerror(APLOG_MARK, APLOG_ERR, 0, rq->r,
                      HDLOG(01601) "%s of %s: the directory cannot be "
                                   "reached (%s)",
                      what, dn, ldap_err2string(rc));
        return HD_DIR_UNAVAILABLE;
    case LDAP_CONSTRAINT_VIOLATION:
    case LDAP_INVALID_SYNTAX:
    case LDAP_UNWILLING_TO_PERFORM:
        ap_log_rerror(APLOG_MARK, APLOG_INFO, 0, rq->r,
                      HDLOG(01602) "%s of %s refused by the directory: %s",
                      what, dn, why ? *why : ldap_err2string(rc));
        return HD_DIR_REFUSED;
    default:
        ap_log_rerror(APLOG_MARK, APLOG_ERR, 0, rq->r,
                      HDLOG(01603) "%s of %s failed: %s", what, dn,
                      ldap_err2string(rc));
        return HD_DIR_FAILED;
    }
}

/* The portal's connection, or the reason there is none. */
static LDAP *portal(hd_req *rq, hd_dir_result *fail)
{
    LDAP *ld = hd_ldap_open(rq);
    *fail = ld ? HD_DIR_OK : HD_DIR_UNAVAILABLE;
    return ld;
}

static const char *value_of(apr_pool_t *p, LDAP *ld, LDAPMessage *e,
                            const char *attr)
{
    struct berval **v = ldap_get_values_len(ld, e, attr);
    const char *s = "";
    if (v && v[0]) {
        s = apr_pstrmemdup(p, v[0]->bv_val, v[0]->bv_len);
    }
    if (v) {
        ldap_value_free_len(v);
    }
    return s;
}

/* dn's entry with attrs (base scope), or the failure. */
static hd_dir_result read_entry(hd_req *rq, LDAP *ld, const char *dn,
                                char **attrs, LDAPMessage **res)
{
    struct timeval tv = {rq->sconf->ldap_timeout, 0};
    int rc = ldap_search_ext_s(ld, dn, LDAP_SCOPE_BASE, "(objectClass=*)",
                               attrs, 0, NULL, NULL, &tv, 1, res);
    if (rc != LDAP_SUCCESS || !ldap_first_entry(ld, *res)) {
        if (*res) {
            ldap_msgfree(*res);
            *res = NULL;
        }
        return rc == LDAP_SUCCESS ? HD_DIR_FAILED
                                  : result_of(rq, ld, rc, "reading", dn, NULL);
    }
    return HD_DIR_OK;
}

hd_dir_result hd_ldap_read_contact(hd_req *rq, const char *dn, hd_contact *out)
{
    char *attrs[] = {"telephoneNumber", "mobile", "roomNumber", NULL};
    LDAPMessage *res = NULL, *e;
    hd_dir_result d;
    LDAP *ld = portal(rq, &d);

    out->phone = out->mobile = out->room = "";
    if (!ld || (d = read_entry(rq, ld, dn, attrs, &res)) != HD_DIR_OK) {
        return d;
    }
    e = ldap_first_entry(ld, res);
    out->phone = value_of(rq->r->pool, ld, e, "telephoneNumber");
    out->mobile = value_of(rq->r->pool, ld, e, "mobile");
    out->room = value_of(rq->r->pool, ld, e, "roomNumber");
    ldap_msgfree(res);
    return HD_DIR_OK;
}

hd_dir_result hd_ldap_reset_pending(hd_req *rq, const char *dn, int *pending)
{
    char *attrs[] = {"pwdReset", NULL};
    LDAPMessage *res = NULL;
    hd_dir_result d;
    LDAP *ld = portal(rq, &d);

    *pending = 0;
    if (!ld || (d = read_entry(rq, ld, dn, attrs, &res)) != HD_DIR_OK) {
        return d;
    }
    *pending = !strcasecmp(
        value_of(rq->r->pool, ld, ldap_first_entry(ld, res), "pwdReset"),
        "TRUE");
    ldap_msgfree(res);
    return HD_DIR_OK;
}

/* One replace: value "" removes the attribute (a replace with no values). */
static void replace(LDAPMod *m, char *attr, const char *value, char **vals)
{
    m->mod_op = LDAP_MOD_REPLACE;
    m->mod_type = attr;
    vals[0] = (char *)value;
    vals[1] = NULL;
    m->mod_values = *value ? vals : NULL;
}

hd_dir_result hd_ldap_set_contact(hd_req *rq, const char *dn,
                                  const hd_contact *c, const char **why)
{
    LDAPMod mods[3], *list[4];
    char *v0[2], *v1[2], *v2[2];
    hd_dir_result d;
    LDAP *ld = portal(rq, &d);

    if (!ld) {
        return d;
    }
    replace(&mods[0], "telephoneNumber", c->phone, v0);
    replace(&mods[1], "mobile", c->mobile, v1);
    replace(&mods[2], "roomNumber", c->room, v2);
    list[0] = &mods[0];
    list[1] = &mods[1];
    list[2] = &mods[2];
    list[3] = NULL;
    return result_of(rq, ld, ldap_modify_ext_s(ld, dn, list, NULL, NULL),
                     "changing the contact details", dn, why);
}

hd_dir_result hd_ldap_set_mail(hd_req *rq, const char *dn, const char *mail,
                               const char **why)
{
    LDAPMod mod, *list[2];
    char *v[2];
    hd_dir_result d;
    LDAP *ld = portal(rq, &d);

    if (!ld) {
        return d;
    }
    replace(&mod, "mail", mail, v);
    list[0] = &mod;
    list[1] = NULL;
    return result_of(rq, ld, ldap_modify_ext_s(ld, dn, list, NULL, NULL),
                     "changing the mail address", dn, why);
}

static struct berval *bv(apr_pool_t *p, const char *s)
{
    struct berval *b = apr_palloc(p, sizeof(*b));
    b->bv_val = (char *)s;
    b->bv_len = s ? strlen(s) : 0;
    return b;
}

hd_dir_result hd_ldap_change_password(hd_req *rq, const char *dn,
                                      const char *current,
                                      const char *new_password,
                                      const char **why)
{
    apr_pool_t *p = rq->r->pool;
    struct berval gen = {0, NULL};
    int rc;
    LDAP *ld = hd_ldap_connect(rq, dn, current, &rc);

    if (!ld) {
        if (rc == LDAP_INVALID_CREDENTIALS) {
            ap_log_rerror(APLOG_MARK, APLOG_INFO, 0, rq->r,
                          HDLOG(01604) "password change of %s: the current "
                                       "password is wrong",
                          dn);
            return HD_DIR_BAD_PASSWORD;
        }
        return result_of(rq, NULL, rc, "binding for a password change", dn,
                         why);
    }
    rc = ldap_passwd_s(ld, bv(p, dn), bv(p, current), bv(p, new_password), &gen,
                       NULL, NULL);
    if (gen.bv_val) {
        ber_memfree(gen.bv_val);
    }
    if (rc == LDAP_SUCCESS) {
        ap_log_rerror(APLOG_MARK, APLOG_NOTICE, 0, rq->r,
                      HDLOG(01605) "%s changed their password", dn);
    }
    return result_of(rq, ld, rc, "a password change", dn, why);
}

hd_dir_result hd_ldap_reset_password(hd_req *rq, const char *dn,
                                     const char *temporary, const char **why)
{
    struct berval gen = {0, NULL};
    hd_dir_result d;
    LDAP *ld = portal(rq, &d);
    int rc;

    if (!ld) {
        return d;
    }
    /* No old password: an administrator's set, which ppolicy marks reset
     * when the writer may manage userPassword. */
    rc = ldap_passwd_s(ld, bv(rq->r->pool, dn), NULL,
                       bv(rq->r->pool, temporary), &gen, NULL, NULL);
    if (gen.bv_val) {
        ber_memfree(gen.bv_val);
    }
    return result_of(rq, ld, rc, "setting a temporary password", dn, why);
}

const char *hd_account_temp_password(apr_pool_t *p)
{
    /* No 0/O, 1/l/I: read off a mail and typed by hand. */
    static const char alphabet[] =
        "ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnopqrstuvwxyz23456789";
    const unsigned n = sizeof(alphabet) - 1;
    char *out = apr_palloc(p, HD_TEMP_PASSWORD_CHARS + 1);
    int i = 0;

    while (i < HD_TEMP_PASSWORD_CHARS) {
        unsigned char b[32];
        apr_size_t k;
        if (apr_generate_random_bytes(b, sizeof(b)) != APR_SUCCESS) {
            return NULL;
        }
        /* Rejection sampling: no character more likely than another. */
        for (k = 0; k < sizeof(b) && i < HD_TEMP_PASSWORD_CHARS; k++) {
            if (b[k] < 256 - (256 % n)) {
                out[i++] = alphabet[b[k] % n];
            }
        }
    }
    out[i] = '\0';
    return out;
}
