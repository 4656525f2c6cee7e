/*
 * hd_ldap.c -- who the logged-in person is, from the directory.
 *
 * Apache has already authenticated r->user (mod_authnz_ldap); here we
 * only read their contact details and roles.  Those change rarely and
 * are needed on every page, so each process keeps them in a cache with
 * a TTL: the hot path costs a hash look-up under a mutex, no LDAP round
 * trip.  When the directory is down, a stale entry is served rather than
 * failing the page; only a person never seen before gets the 503.
 *
 * A cache miss opens its own short connection (bind as the portal's
 * service account, two or three searches, unbind): misses are rare, and
 * this keeps LDAP handles out of shared state.
 */
#include "mod_helpdesk.h"
#include "hd_config.h"
#include "hd_ldap.h"
#include "hd_notify.h"
#include "hd_page.h"
#include "apr_time.h"
#include "apr_lib.h"

#include <ldap.h>
#include <strings.h>

struct hd_ldap_cache {
    apr_pool_t *pool; /* parent of every entry's own pool */
    apr_thread_mutex_t *lock;
    apr_hash_t *entries; /* "url\nlogin" -> cache_entry */
    apr_hash_t *orgs;    /* "url\norg" -> org_entry */
};

/* An organisation's people, for the "on behalf of" picker: one string,
 * "login\tname\n" per person, so an entry is one allocation. */
/* What every cached entry starts with: its own pool, freed when the
 * entry is replaced or evicted, and when it was read. */
typedef struct {
    apr_pool_t *pool;
    apr_time_t fetched;
} entry_head;

typedef struct {
    entry_head head;
    hd_user_t user;
} cache_entry;

typedef struct {
    entry_head head;
    const char *people;
} org_entry;

void hd_ldap_child_init(apr_pool_t *pchild, server_rec *s)
{
    hd_ldap_cache *c = apr_pcalloc(pchild, sizeof(*c));
    server_rec *sp;
    apr_status_t rv;

    apr_pool_create(&c->pool, pchild);
    c->entries = apr_hash_make(c->pool);
    c->orgs = apr_hash_make(c->pool);
    rv = apr_thread_mutex_create(&c->lock, APR_THREAD_MUTEX_DEFAULT, pchild);
    if (rv != APR_SUCCESS) {
        ap_log_error(APLOG_MARK, APLOG_CRIT, rv, s,
                     HDLOG(00201) "cannot create the directory cache lock");
        return; /* look-ups then go to the directory every time */
    }
    for (sp = s; sp; sp = sp->next) {
        hd_server_conf *sc =
            ap_get_module_config(sp->module_config, &helpdesk_module);
        sc->ldap_cache = c;
    }
}

const char *hd_user_role(const hd_user_t *u)
{
    return u->is_agent ? "agent" : u->is_supervisor ? "supervisor" : "staff";
}

/* ------------------------------------------------------------------ */
/* Cache                                                               */
/* ------------------------------------------------------------------ */

static const char *s_copy(apr_pool_t *p, const char *s)
{
    return s ? apr_pstrdup(p, s) : NULL;
}

static hd_user_t *user_copy(apr_pool_t *p, const hd_user_t *u)
{
    hd_user_t *c = apr_palloc(p, sizeof(*c));
    c->login = s_copy(p, u->login);
    c->dn = s_copy(p, u->dn);
    c->name = s_copy(p, u->name);
    c->mail = s_copy(p, u->mail);
    c->phone = s_copy(p, u->phone);
    c->organisation = s_copy(p, u->organisation);
    c->is_agent = u->is_agent;
    c->is_supervisor = u->is_supervisor;
    c->is_admin = u->is_admin;
    return c;
}

/* A copy of the cached entry in p; *fresh says whether it is in TTL. */
static hd_user_t *cache_get(hd_ldap_cache *c, const char *key, int ttl,
                            apr_pool_t *p, int *fresh)
{
    hd_user_t *u = NULL;
    cache_entry *e;

    apr_thread_mutex_lock(c->lock);
    e = apr_hash_get(c->entries, key, APR_HASH_KEY_STRING);
    if (e) {
        u = user_copy(p, &e->user);
        *fresh = apr_time_now() - e->head.fetched < apr_time_from_sec(ttl);
    }
    apr_thread_mutex_unlock(c->lock);
    return u;
}

/* Make room: drop expired entries, then any one if still full. */
static void cache_evict(hd_ldap_cache *c, int max, int ttl)
{
    apr_hash_index_t *hi;
    apr_time_t oldest_ok = apr_time_now() - apr_time_from_sec(ttl);

    for (hi = apr_hash_first(NULL, c->entries); hi; hi = apr_hash_next(hi)) {
        const void *k;
        void *v;
        apr_hash_this(hi, &k, NULL, &v);
        if (((entry_head *)v)->fetched < oldest_ok) {
            apr_hash_set(c->entries, k, APR_HASH_KEY_STRING, NULL);
            apr_pool_destroy(((entry_head *)v)->pool);
        }
    }
    if ((int)apr_hash_count(c->entries) >= max) {
        const void *k;
        void *v;
        hi = apr_hash_first(NULL, c->entries);
        apr_hash_this(hi, &k, NULL, &v);
        apr_hash_set(c->entries, k, APR_HASH_KEY_STRING, NULL);
        apr_pool_destroy(((entry_head *)v)->pool);
    }
}

/* A fresh entry of size bytes under key in h, replacing any old one;
 * the caller holds c->lock (creating a sub-pool of c->pool is not
 * thread-safe by itself) and fills in the rest. */
static void *entry_replace(hd_ldap_cache *c, apr_hash_t *h, const char *key,
                           apr_size_t size)
{
    entry_head *old = apr_hash_get(h, key, APR_HASH_KEY_STRING), *e;
    apr_pool_t *ep;

    if (old) {
        apr_hash_set(h, key, APR_HASH_KEY_STRING, NULL);
        apr_pool_destroy(old->pool);
    }
    apr_pool_create(&ep, c->pool);
    e = apr_pcalloc(ep, size);
    e->pool = ep;
    e->fetched = apr_time_now();
    apr_hash_set(h, apr_pstrdup(ep, key), APR_HASH_KEY_STRING, e);
    return e;
}

static void cache_put(hd_ldap_cache *c, const char *key, const hd_user_t *u,
                      int max, int ttl)
{
    cache_entry *e;

    apr_thread_mutex_lock(c->lock);
    if (!apr_hash_get(c->entries, key, APR_HASH_KEY_STRING) &&
        (int)apr_hash_count(c->entries) >= max) {
        cache_evict(c, max, ttl);
    }
    e = entry_replace(c, c->entries, key, sizeof(*e));
    e->user = *user_copy(e->head.pool, u);
    apr_thread_mutex_unlock(c->lock);
}

/* ------------------------------------------------------------------ */
/* The directory                                                       */
/* ------------------------------------------------------------------ */

static apr_status_t unbind_cleanup(void *ld)
{
    ldap_unbind_ext_s(ld, NULL, NULL);
    return APR_SUCCESS;
}

LDAP *hd_ldap_connect(hd_req *rq, const char *dn, const char *password,
                      int *result)
{
    const hd_server_conf *sc = rq->sconf;
    request_rec *r = rq->r;
    struct timeval tv = {sc->ldap_timeout, 0};
    struct berval cred;
    int version = LDAP_VERSION3, rc;
    LDAP *ld = NULL;

    *result = LDAP_SERVER_DOWN;
    if (!sc->ldap_host_url) {
        ap_log_rerror(APLOG_MARK, APLOG_ERR, 0, r,
                      HDLOG(00202) "HelpdeskLDAPURL is not set");
        return NULL;
    }
    rc = ldap_initialize(&ld, sc->ldap_host_url);
    if (rc != LDAP_SUCCESS) {
        ap_log_rerror(APLOG_MARK, APLOG_ERR, 0, r,
                      HDLOG(00203) "ldap_initialize(%s): %s", sc->ldap_host_url,
                      ldap_err2string(rc));
        return NULL;
    }
    apr_pool_cleanup_register(r->pool, ld, unbind_cleanup,
                              apr_pool_cleanup_null);
    ldap_set_option(ld, LDAP_OPT_PROTOCOL_VERSION, &version);
    ldap_set_option(ld, LDAP_OPT_NETWORK_TIMEOUT, &tv);
    ldap_set_option(ld, LDAP_OPT_TIMEOUT, &tv);
    ldap_set_option(ld, LDAP_OPT_REFERRALS, LDAP_OPT_OFF);

    cred.bv_val = (char *)(password ? password : "");
    cred.bv_len = strlen(cred.bv_val);
    *result =
        ldap_sasl_bind_s(ld, dn, LDAP_SASL_SIMPLE, &cred, NULL, NULL, NULL);
    return *result == LDAP_SUCCESS ? ld : NULL;
}

/* Connect and bind as the portal; NULL (logged) when that fails. */
static LDAP *directory_open(hd_req *rq)
{
    const hd_server_conf *sc = rq->sconf;
    int rc;
    LDAP *ld = hd_ldap_connect(rq, sc->ldap_bind_dn, sc->ldap_bind_pw, &rc);

    if (!ld) {
        ap_log_rerror(APLOG_MARK, APLOG_ERR, 0, rq->r,
                      HDLOG(00204) "bind to %s as %s failed: %s",
                      sc->ldap_host_url,
                      sc->ldap_bind_dn ? sc->ldap_bind_dn : "(anonymous)",
                      ldap_err2string(rc));
    }
    return ld;
}

LDAP *hd_ldap_open(hd_req *rq)
{
    return directory_open(rq);
}

static apr_status_t msgfree_cleanup(void *m)
{
    ldap_msgfree(m);
    return APR_SUCCESS;
}

/* First value of attr, copied into p; NULL when absent. */
static const char *first_value(apr_pool_t *p, LDAP *ld, LDAPMessage *e,
                               const char *attr)
{
    struct berval **vals = ldap_get_values_len(ld, e, attr);
    const char *v = NULL;
    if (vals && vals[0]) {
        v = apr_pstrmemdup(p, vals[0]->bv_val, vals[0]->bv_len);
    }
    if (vals) {
        ldap_value_free_len(vals);
    }
    return v;
}

/* Is dn a member of group?  -1 when the directory failed. */
static int group_has_member(hd_req *rq, LDAP *ld, const char *group,
                            const char *dn)
{
    struct timeval tv = {rq->sconf->ldap_timeout, 0};
    char *attrs[] = {LDAP_NO_ATTRS, NULL};
    LDAPMessage *res = NULL;
    const char *filter;
    int rc, n;

    if (!group) {
        return 0;
    }
    filter = apr_pstrcat(rq->r->pool,
                         "(member=", hd_ldap_escape_filter(rq->r->pool, dn),
                         ")", NULL);
    rc = ldap_search_ext_s(ld, group, LDAP_SCOPE_BASE, filter, attrs, 0, NULL,
                           NULL, &tv, 1, &res);
    if (res) {
        apr_pool_cleanup_register(rq->r->pool, res, msgfree_cleanup,
                                  apr_pool_cleanup_null);
    }
    if (rc == LDAP_NO_SUCH_OBJECT) {
        ap_log_rerror(APLOG_MARK, APLOG_WARNING, 0, rq->r,
                      HDLOG(00205) "group %s does not exist", group);
        return 0;
    }
    if (rc != LDAP_SUCCESS) {
        ap_log_rerror(APLOG_MARK, APLOG_ERR, 0, rq->r,
                      HDLOG(00206) "group search %s: %s", group,
                      ldap_err2string(rc));
        return -1;
    }
    n = ldap_count_entries(ld, res);
    return n > 0;
}

/* Read the one person whose attr is value: OK, 403 (unknown or more
 * than one), 503. */
static int directory_read_user(hd_req *rq, const char *attr, const char *value,
                               hd_user_t *u)
{
    const hd_server_conf *sc = rq->sconf;
    apr_pool_t *p = rq->r->pool;
    struct timeval tv = {sc->ldap_timeout, 0};
    char *attrs[] = {(char *)sc->ldap_uid_attr,
                     "cn",
                     "displayName",
                     "mail",
                     "telephoneNumber",
                     (char *)sc->org_attr,
                     NULL};
    LDAPMessage *res = NULL, *e;
    const char *filter;
    char *dn;
    LDAP *ld;
    int rc, agent, supervisor, admin;

    if (!(ld = directory_open(rq))) {
        return HTTP_SERVICE_UNAVAILABLE;
    }
    filter = apr_psprintf(p, "(&%s(%s=%s))", sc->ldap_filter, attr,
                          hd_ldap_escape_filter(p, value));
    rc = ldap_search_ext_s(ld, sc->ldap_base, sc->ldap_scope, filter, attrs, 0,
                           NULL, NULL, &tv, 2, &res);
    if (res) {
        apr_pool_cleanup_register(p, res, msgfree_cleanup,
                                  apr_pool_cleanup_null);
    }
    /* Two matches (the size limit of 2 trips) is an ambiguous login, a
     * refusal like an unknown one, not an outage. */
    if (rc != LDAP_SUCCESS && rc != LDAP_SIZELIMIT_EXCEEDED) {
        ap_log_rerror(APLOG_MARK, APLOG_ERR, 0, rq->r,
                      HDLOG(00207) "search %s in %s: %s", filter, sc->ldap_base,
                      ldap_err2string(rc));
        return rc == LDAP_NO_SUCH_OBJECT ? HTTP_FORBIDDEN
                                         : HTTP_SERVICE_UNAVAILABLE;
    }
    if (rc == LDAP_SIZELIMIT_EXCEEDED || ldap_count_entries(ld, res) != 1) {
        ap_log_rerror(APLOG_MARK, APLOG_WARNING, 0, rq->r,
                      HDLOG(00208) "%d directory entries for %s",
                      ldap_count_entries(ld, res), filter);
        return HTTP_FORBIDDEN;
    }
    e = ldap_first_entry(ld, res);
    dn = ldap_get_dn(ld, e);
    u->dn = apr_pstrdup(p, dn);
    ldap_memfree(dn);
    /* The directory matches uid case- and space-insensitively: "ALICE"
     * and " alice" find alice.  The portal knows her by the spelling
     * the directory keeps, so her tickets, rights and cache entry are
     * one person's whatever she typed. */
    u->login = first_value(p, ld, e, sc->ldap_uid_attr);
    if (!u->login) {
        ap_log_rerror(APLOG_MARK, APLOG_WARNING, 0, rq->r,
                      HDLOG(00211) "%s has no %s attribute", u->dn,
                      sc->ldap_uid_attr);
        return HTTP_FORBIDDEN;
    }
    u->name = first_value(p, ld, e, "displayName");
    if (!u->name) {
        u->name = first_value(p, ld, e, "cn");
    }
    u->mail = first_value(p, ld, e, "mail");
    u->phone = first_value(p, ld, e, "telephoneNumber");
    u->organisation = first_value(p, ld, e, sc->org_attr);

    agent = group_has_member(rq, ld, sc->agent_group, u->dn);
    supervisor = group_has_member(rq, ld, sc->supervisor_group, u->dn);
    admin = group_has_member(rq, ld, sc->admin_group, u->dn);
    if (agent < 0 || supervisor < 0 || admin < 0) {
        return HTTP_SERVICE_UNAVAILABLE;
    }
    u->is_agent = agent;
    u->is_supervisor = supervisor;
    u->is_admin = admin;
    return OK;
}

/* The cache key of a login: what the directory's uid matching ignores
 * (case, leading, trailing and repeated spaces) folded away, so "ALICE"
 * and "alice " share alice's entry. */
static const char *login_key(apr_pool_t *p, const char *url, const char *login)
{
    char *k = apr_pstrcat(p, url ? url : "", "\n", login, NULL);
    char *start = k + strlen(url ? url : "") + 1, *out = start, *in = start;
    int space = 0;

    for (; *in; in++) {
        if (*in == ' ') {
            space = out > start; /* a space inside the login, not before */
            continue;
        }
        if (space) {
            *out++ = ' ';
            space = 0;
        }
        *out++ = apr_tolower(*in);
    }
    *out = '\0';
    return k;
}

/* The person whose attr is value, through the per-process cache under
 * key: a fresh entry as it is; else the directory (and the entry
 * renewed), or, while the directory cannot be reached, the stale entry.
 * OK, HTTP_FORBIDDEN when there is no such person, or
 * HTTP_SERVICE_UNAVAILABLE. */
static int read_through_cache(hd_req *rq, const char *key, const char *attr,
                              const char *value, hd_user_t **out)
{
    const hd_server_conf *sc = rq->sconf;
    hd_ldap_cache *c = sc->ldap_cache;
    hd_user_t *cached = NULL, *u;
    int fresh = 0, status;

    if (c) {
        cached = cache_get(c, key, sc->cache_ttl, rq->r->pool, &fresh);
        if (cached && fresh) {
            *out = cached;
            return OK;
        }
    }
    u = apr_pcalloc(rq->r->pool, sizeof(*u));
    status = directory_read_user(rq, attr, value, u);
    if (status == OK) {
        /* Read afresh: the background jobs' copy of the address. */
        hd_notify_remember(hd_req_db(rq), rq->r, u);
        if (c && sc->cache_ttl > 0) {
            cache_put(c, key, u, sc->cache_entries, sc->cache_ttl);
        }
        *out = u;
        return OK;
    }
    if (status == HTTP_SERVICE_UNAVAILABLE && cached) {
        ap_log_rerror(APLOG_MARK, APLOG_WARNING, 0, rq->r,
                      HDLOG(00209) "directory unreachable: using the "
                                   "cached details of %s",
                      value);
        *out = cached;
        return OK;
    }
    return status;
}

int hd_ldap_user(hd_req *rq, const char *login, hd_user_t **out)
{
    const hd_server_conf *sc = rq->sconf;
    int status =
        read_through_cache(rq, login_key(rq->r->pool, sc->ldap_url, login),
                           sc->ldap_uid_attr, login, out);

    if (status != OK) {
        rq->error_message = status == HTTP_SERVICE_UNAVAILABLE
                                ? "The staff directory cannot be reached."
                                : "Your login is not in the staff directory.";
    }
    return status;
}

int hd_ldap_refresh(hd_req *rq, const char *login, hd_user_t **out)
{
    const hd_server_conf *sc = rq->sconf;
    hd_user_t *u = apr_pcalloc(rq->r->pool, sizeof(*u));
    int status = directory_read_user(rq, sc->ldap_uid_attr, login, u);

    if (status != OK) {
        return status;
    }
    hd_notify_remember(hd_req_db(rq), rq->r, u);
    if (sc->ldap_cache && sc->cache_ttl > 0) {
        cache_put(sc->ldap_cache, login_key(rq->r->pool, sc->ldap_url, login),
                  u, sc->cache_entries, sc->cache_ttl);
    }
    *out = u;
    return OK;
}

int hd_ldap_user_by_mail(hd_req *rq, const char *mail, hd_user_t **out)
{
    const hd_server_conf *sc = rq->sconf;
    char *key = apr_pstrcat(rq->r->pool, sc->ldap_url ? sc->ldap_url : "",
                            "\nmail:", mail, NULL),
         *k;
    int status;

    *out = NULL;
    /* Addresses compare without case (the directory's mail attribute
     * does too); a login never holds '@' and ':', so keys never clash. */
    for (k = key; *k; k++) {
        *k = apr_tolower(*k);
    }
    status = read_through_cache(rq, key, "mail", mail, out);
    if (status != OK) {
        *out = NULL;
    }
    return status == OK || status == HTTP_SERVICE_UNAVAILABLE ? status
                                                              : HTTP_NOT_FOUND;
}

/* ------------------------------------------------------------------ */
/* Colleagues                                                          */
/* ------------------------------------------------------------------ */

#define HD_MAX_COLLEAGUES 500

/* The entries of organisation org (at most HD_MAX_COLLEAGUES), with
 * attrs, on *ld; NULL (logged) when the directory failed. */
static LDAPMessage *search_org(hd_req *rq, const char *org, char **attrs,
                               LDAP **ld)
{
    const hd_server_conf *sc = rq->sconf;
    apr_pool_t *p = rq->r->pool;
    struct timeval tv = {sc->ldap_timeout, 0};
    LDAPMessage *res = NULL;
    int rc;

    if (!(*ld = directory_open(rq))) {
        return NULL;
    }
    rc = ldap_search_ext_s(*ld, sc->ldap_base, sc->ldap_scope,
                           apr_psprintf(p, "(&%s(%s=%s))", sc->ldap_filter,
                                        sc->org_attr,
                                        hd_ldap_escape_filter(p, org)),
                           attrs, 0, NULL, NULL, &tv, HD_MAX_COLLEAGUES, &res);
    if (res) {
        apr_pool_cleanup_register(p, res, msgfree_cleanup,
                                  apr_pool_cleanup_null);
    }
    if (rc != LDAP_SUCCESS && rc != LDAP_SIZELIMIT_EXCEEDED) {
        ap_log_rerror(APLOG_MARK, APLOG_ERR, 0, rq->r,
                      HDLOG(00210) "listing organisation %s: %s", org,
                      ldap_err2string(rc));
        return NULL;
    }
    return res;
}

/* Everyone in org, as "login\tname\n" lines; NULL when LDAP failed. */
static const char *directory_read_org(hd_req *rq, const char *org)
{
    const hd_server_conf *sc = rq->sconf;
    apr_pool_t *p = rq->r->pool;
    char *attrs[] = {(char *)sc->ldap_uid_attr, "cn", "displayName", NULL};
    /* Lines collected and joined once: appending each to the list so far
     * would copy it again per person. */
    apr_array_header_t *people = apr_array_make(p, 64, sizeof(char *));
    LDAPMessage *res, *e;
    LDAP *ld;

    if (!(res = search_org(rq, org, attrs, &ld))) {
        return NULL;
    }
    for (e = ldap_first_entry(ld, res); e; e = ldap_next_entry(ld, e)) {
        const char *login = first_value(p, ld, e, sc->ldap_uid_attr);
        const char *name = first_value(p, ld, e, "displayName");
        if (!name)
            name = first_value(p, ld, e, "cn");
        if (login && !strpbrk(login, "\t\n") &&
            (!name || !strpbrk(name, "\t\n"))) {
            APR_ARRAY_PUSH(people, const char *) =
                apr_pstrcat(p, login, "\t", name ? name : login, "\n", NULL);
        }
    }
    return apr_array_pstrcat(p, people, '\0');
}

int hd_ldap_colleagues(hd_req *rq, apr_array_header_t **out)
{
    const hd_server_conf *sc = rq->sconf;
    hd_ldap_cache *c = sc->ldap_cache;
    apr_pool_t *p = rq->r->pool;
    const char *org = rq->user->organisation;
    const char *key, *people = NULL;
    char *copy, *line, *state;
    org_entry *e;

    *out = apr_array_make(p, 16, sizeof(hd_user_t *));
    if (!org || !*org) {
        return OK;
    }
    key = apr_pstrcat(p, sc->ldap_url ? sc->ldap_url : "", "\n", org, NULL);
    if (c) {
        apr_thread_mutex_lock(c->lock);
        e = apr_hash_get(c->orgs, key, APR_HASH_KEY_STRING);
        if (e && apr_time_now() - e->head.fetched <
                     apr_time_from_sec(sc->cache_ttl)) {
            people = apr_pstrdup(p, e->people);
        }
        apr_thread_mutex_unlock(c->lock);
    }
    if (!people) {
        people = directory_read_org(rq, org);
        if (!people) {
            return HTTP_SERVICE_UNAVAILABLE;
        }
        if (c && sc->cache_ttl > 0) {
            /* Organisations are few; their number bounds this hash. */
            apr_thread_mutex_lock(c->lock);
            e = entry_replace(c, c->orgs, key, sizeof(*e));
            e->people = apr_pstrdup(e->head.pool, people);
            apr_thread_mutex_unlock(c->lock);
        }
    }
    copy = apr_pstrdup(p, people);
    for (line = apr_strtok(copy, "\n", &state); line;
         line = apr_strtok(NULL, "\n", &state)) {
        char *tab = strchr(line, '\t');
        hd_user_t *u = apr_pcalloc(p, sizeof(*u));
        if (!tab)
            continue;
        *tab = '\0';
        u->login = line;
        u->name = tab + 1;
        *(hd_user_t **)apr_array_push(*out) = u;
    }
    return OK;
}

/* An organisation's people with their details, for its supervisor.
 * Read afresh each time: the page is rare, and a supervisor acting on a
 * person's account should see the directory as it is now. */
static int by_name(const void *a, const void *b)
{
    const hd_user_t *x = *(hd_user_t *const *)a, *y = *(hd_user_t *const *)b;
    int c = strcasecmp(x->name, y->name);
    return c ? c : strcmp(x->login, y->login);
}

int hd_ldap_org_people(hd_req *rq, const char *org, apr_array_header_t **out)
{
    const hd_server_conf *sc = rq->sconf;
    apr_pool_t *p = rq->r->pool;
    char *attrs[] = {(char *)sc->ldap_uid_attr,
                     "cn",
                     "displayName",
                     "mail",
                     "telephoneNumber",
                     (char *)sc->org_attr,
                     NULL};
    LDAPMessage *res, *e;
    LDAP *ld;

    *out = apr_array_make(p, 16, sizeof(hd_user_t *));
    if (!org || !*org) {
        return OK;
    }
    if (!(res = search_org(rq, org, attrs, &ld))) {
        return HTTP_SERVICE_UNAVAILABLE;
    }
    for (e = ldap_first_entry(ld, res); e; e = ldap_next_entry(ld, e)) {
        hd_user_t *u = apr_pcalloc(p, sizeof(*u));
        char *dn = ldap_get_dn(ld, e);
        if (dn) {
            u->dn = apr_pstrdup(p, dn);
            ldap_memfree(dn);
        }
        u->login = first_value(p, ld, e, sc->ldap_uid_attr);
        u->name = first_value(p, ld, e, "displayName");
        if (!u->name) {
            u->name = first_value(p, ld, e, "cn");
        }
        u->mail = first_value(p, ld, e, "mail");
        u->phone = first_value(p, ld, e, "telephoneNumber");
        u->organisation = first_value(p, ld, e, sc->org_attr);
        if (u->login && u->dn) {
            if (!u->name) {
                u->name = u->login;
            }
            *(hd_user_t **)apr_array_push(*out) = u;
        }
    }
    qsort((*out)->elts, (*out)->nelts, sizeof(hd_user_t *), by_name);
    return OK;
}

/* Longest answer to a people search: a phone call is about one person. */
#define HD_MAX_FOUND 25

int hd_ldap_find_people(hd_req *rq, const char *text, apr_array_header_t **out)
{
    const hd_server_conf *sc = rq->sconf;
    apr_pool_t *p = rq->r->pool;
    struct timeval tv = {sc->ldap_timeout, 0};
    char *attrs[] = {(char *)sc->ldap_uid_attr, "cn", "displayName", "mail",
                     (char *)sc->org_attr,      NULL};
    const char *q = hd_ldap_escape_filter(p, text);
    LDAPMessage *res = NULL, *e;
    LDAP *ld;
    int rc;

    *out = apr_array_make(p, 8, sizeof(hd_user_t *));
    if (!(ld = directory_open(rq))) {
        return HTTP_SERVICE_UNAVAILABLE;
    }
    /* Login, name or e-mail, anywhere in them: what a caller gives. */
    rc = ldap_search_ext_s(
        ld, sc->ldap_base, sc->ldap_scope,
        apr_psprintf(p,
                     "(&%s(|(%s=*%s*)(cn=*%s*)(displayName=*%s*)(mail=*%s*)))",
                     sc->ldap_filter, sc->ldap_uid_attr, q, q, q, q),
        attrs, 0, NULL, NULL, &tv, HD_MAX_FOUND, &res);
    if (res) {
        apr_pool_cleanup_register(p, res, msgfree_cleanup,
                                  apr_pool_cleanup_null);
    }
    if (rc != LDAP_SUCCESS && rc != LDAP_SIZELIMIT_EXCEEDED) {
        ap_log_rerror(APLOG_MARK, APLOG_ERR, 0, rq->r,
                      HDLOG(00212) "finding people: %s", ldap_err2string(rc));
        return HTTP_SERVICE_UNAVAILABLE;
    }
    for (e = ldap_first_entry(ld, res); e; e = ldap_next_entry(ld, e)) {
        hd_user_t *u = apr_pcalloc(p, sizeof(*u));
        u->login = first_value(p, ld, e, sc->ldap_uid_attr);
        u->name = first_value(p, ld, e, "displayName");
        if (!u->name) {
            u->name = first_value(p, ld, e, "cn");
        }
        u->mail = first_value(p, ld, e, "mail");
        u->organisation = first_value(p, ld, e, sc->org_attr);
        if (u->login) {
            *(hd_user_t **)apr_array_push(*out) = u;
        }
    }
    return OK;
}
