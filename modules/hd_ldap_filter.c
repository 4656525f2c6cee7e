/*
 * hd_ldap_filter.c -- values inside LDAP search filters (RFC 4515).
 * Kept apart from hd_ldap.c because it is pure and unit-tested: a login
 * name such as "*" or "a)(uid=*" must never widen a search.
 */
#include "mod_helpdesk.h"
#include "hd_ldap.h"

const char *hd_ldap_escape_filter(apr_pool_t *p, const char *value)
{
    apr_size_t n = 0;
    const char *v;
    char *out, *o;

    for (v = value; *v; v++) {
        n += strchr("*()\\", *v) ? 3 : 1;
    }
    o = out = apr_palloc(p, n + 1);
    for (v = value; *v; v++) {
        if (strchr("*()\\", *v)) {
            o += apr_snprintf(o, 4, "\\%02x", (unsigned char)*v);
        }
        else {
            *o++ = *v;
        }
    }
    *o = '\0';
    return out;
}
