/*
 * page_feeds.c -- Service Updates as feeds that readers and calendars
 * poll: what the service pages show, in the two formats made for it.
 *
 *   GET <base>/api/feed.atom                Atom (RFC 4287): incident
 *                                           updates, planned maintenance
 *                                           and the desk's news
 *   GET <base>/api/services/CODE/feed.atom  one service's updates and
 *                                           maintenance (no news); an
 *                                           unknown or retired code: 404
 *   GET <base>/api/maintenance.ics          iCalendar (RFC 5545): the
 *                                           maintenance windows
 *
 * Who may read them is the routes' (HD_ROUTE_STATUS): anyone under
 * HelpdeskPublicStatus On, else people with a session.
 *
 * Atom.  An entry is
 *   - each incident update of the last 90 days -- every one, not only an
 *     incident's first, so that a reader shows "Identified" and
 *     "Resolved" as news of their own: title "<services>: <incident> --
 *     <Investigating|Identified|Monitoring|Resolved>", the update's text
 *     as content type="text", its author, published and updated when it
 *     was written, linked to the incident on its first active service's
 *     page (<base>/services/CODE#incident-N);
 *   - each maintenance window not cancelled that is still to come or
 *     ended within 90 days: "Planned maintenance: <title>", its content
 *     the window in words (in HelpdeskTimeZone), the services affected
 *     and the announcement; published when it was announced, updated when
 *     last edited; linked to #maintenance-N on its first service's page.
 *     A window cancelled leaves the feed (the calendar says so instead);
 *   - in the site's feed only, each news item published and not expired,
 *     linked to the news on Today.
 *   Newest (updated) first, at most 100.  Ids are tag: URIs (RFC 4151) on
 *   the request's server name -- tag:<host>,2026:incident-update-N,
 *   ...:maintenance-N, ...:news-N -- so an entry keeps its id through any
 *   edit, and has the same id in the site's feed and a service's.  The
 *   feed's updated is its newest entry's, or the services' newest edit
 *   when it has none; the feed names the site as its author, so an entry
 *   without one of its own (a maintenance) still has one (RFC 4287
 *   4.1.1).  libxml2 builds the document and does all the escaping.
 *
 * iCalendar.  One VEVENT per window not cancelled that is coming, running
 * or ended within 90 days, times in UTC.  A window cancelled within the
 * last 90 days stays in, with STATUS:CANCELLED, rather than just leaving:
 * a calendar that holds the event (subscribed, or imported and imported
 * again) then marks that UID cancelled, and people see that it was called
 * off, where an event that merely disappears is kept by some clients and
 * leaves others wondering.  After 90 days it goes like any other.
 * DTSTAMP is the event's last revision (as LAST-MODIFIED): RFC 5545 asks
 * for the time the object was made when METHOD is present, but a time
 * that moves with every request would change the body, and so the ETag,
 * every second, and no client could ever be told 304.  Events are
 * TRANSP:TRANSPARENT: a window does not make the people who follow it
 * busy.  Text is escaped and lines folded by hd_ical.c.
 *
 * Caching: hd_cache_send (ETag, the SHA-1 of the body; Last-Modified;
 * Cache-Control: max-age=30; 304).  Last-Modified is the newest change
 * behind any of the three files, read before the rows (a change in
 * between makes it older than the body, never newer): a service's edit
 * (names are in titles), an incident's edit or update, a window announced,
 * edited or cancelled, a news item published, edited or expired, and the
 * moment the newest row that has since aged past the 90 days did so.
 * Rows deleted outright leave no time behind; the ETag still changes.
 */
#include "mod_helpdesk.h"
#include "hd_config.h"
#include "hd_page.h"
#include "hd_db.h"
#include "hd_request.h"
#include "hd_cache.h"
#include "hd_ical.h"
#include "hd_sla.h"
#include "http_core.h"

#include <libxml/tree.h>

#define HD_FEEDS_ATOM_NS   "http://www.w3.org/2005/Atom"
#define HD_FEEDS_ATOM_TYPE "application/atom+xml; charset=utf-8"
#define HD_FEEDS_ICAL_TYPE "text/calendar; charset=utf-8"
/* The date in every tag: URI: the ids must never change, so neither may
 * it (RFC 4151: a date on which the name was ours). */
#define HD_FEEDS_TAG_DATE "2026"
/* The most entries a feed holds, newest first. */
#define HD_FEEDS_MAX_ENTRIES "100"
#define HD_FEEDS_DASH        " \xe2\x80\x94 " /* U+2014 EM DASH */

/* ------------------------------------------------------------------ */
/* SQL                                                                 */
/* ------------------------------------------------------------------ */

#define HD_SQL_FEEDS_CHANGED      "feeds_changed"
#define HD_SQL_FEEDS_SERVICE      "feeds_service"
#define HD_SQL_FEEDS_SITE         "feeds_entries_site"
#define HD_SQL_FEEDS_ONE          "feeds_entries_service"
#define HD_SQL_FEEDS_MAINTENANCES "feeds_calendar"

/* The newest change of each kind (Unix seconds, NULL for none): the
 * answer's Last-Modified is the newest of them.  The *_aged ones are when
 * the newest row that has left the 90 days left them.  Each is an index
 * range or a scan of a small table. */
#define HD_SQL_CHANGED_SQL                                                \
    "SELECT UNIX_TIMESTAMP((SELECT MAX(s.updated_at) FROM services s)) "  \
    "AS services, "                                                       \
    "UNIX_TIMESTAMP((SELECT MAX(i.updated_at) FROM incidents i)) "        \
    "AS incidents, "                                                      \
    "UNIX_TIMESTAMP((SELECT MAX(u.created_at) FROM incident_updates u)) " \
    "AS incident_updates, "                                               \
    "UNIX_TIMESTAMP((SELECT MAX(GREATEST(m.created_at, m.updated_at, "    \
    "COALESCE(m.cancelled_at, m.updated_at))) FROM maintenances m)) "     \
    "AS maintenances, "                                                   \
    "UNIX_TIMESTAMP((SELECT MAX(GREATEST(n.publish_at, n.updated_at)) "   \
    "FROM news n WHERE n.publish_at <= NOW())) AS news, "                 \
    "UNIX_TIMESTAMP((SELECT MAX(n.expires_at) FROM news n "               \
    "WHERE n.expires_at <= NOW())) AS news_expired, "                     \
    "UNIX_TIMESTAMP((SELECT MAX(u.created_at) FROM incident_updates u "   \
    "WHERE u.created_at < NOW() - INTERVAL 90 DAY) + INTERVAL 90 DAY) "   \
    "AS updates_aged, "                                                   \
    "UNIX_TIMESTAMP((SELECT MAX(m.ends_at) FROM maintenances m "          \
    "WHERE m.ends_at < NOW() - INTERVAL 90 DAY) + INTERVAL 90 DAY) "      \
    "AS maintenances_aged, "                                              \
    "UNIX_TIMESTAMP((SELECT MAX(m.cancelled_at) FROM maintenances m "     \
    "WHERE m.cancelled_at < NOW() - INTERVAL 90 DAY) + INTERVAL 90 DAY) " \
    "AS cancellations_aged"

/* The names of the services behind an incident or a window, in the
 * board's order ("E-mail, Telephony"), and the code of the first that is
 * still listed (its page is the link). */
#define HD_SQL_NAMES(link, key, id)                                     \
    "(SELECT GROUP_CONCAT(s.name ORDER BY s.sort_order, s.name, s.id "  \
    "SEPARATOR ', ') FROM " link " x JOIN services s "                  \
    "ON s.id = x.service_id WHERE x." key " = " id ") AS services, "    \
    "COALESCE((SELECT s.code FROM " link " x JOIN services s "          \
    "ON s.id = x.service_id WHERE x." key " = " id " AND s.active = 1 " \
    "ORDER BY s.sort_order, s.name, s.id LIMIT 1), '') AS code "
#define HD_SQL_INCIDENT_NAMES \
    HD_SQL_NAMES("incident_services", "incident_id", "u.incident_id")
#define HD_SQL_WINDOW_NAMES \
    HD_SQL_NAMES("maintenance_services", "maintenance_id", "m.id")

/* The entries, one row each, with the same columns whatever the kind:
 * incident updates of the last 90 days (index incident_updates_created)... */
#define HD_SQL_ENTRY_UPDATES                                              \
    "SELECT 'update' AS kind, u.id, u.incident_id AS incident, i.title, " \
    "u.status, u.body, u.author_name AS author, "                         \
    "UNIX_TIMESTAMP(u.created_at) AS published, "                         \
    "UNIX_TIMESTAMP(u.created_at) AS updated, 0 AS starts, 0 AS "         \
    "ends, " HD_SQL_INCIDENT_NAMES                                        \
    "FROM incident_updates u JOIN incidents i ON i.id = u.incident_id "   \
    "WHERE u.created_at >= NOW() - INTERVAL 90 DAY "
/* ... windows not cancelled, to come or ended within 90 days (index
 * maintenances_window) ... */
#define HD_SQL_ENTRY_WINDOWS                                   \
    "SELECT 'maintenance', m.id, 0, m.title, '', m.body, '', " \
    "UNIX_TIMESTAMP(m.created_at), "                           \
    "UNIX_TIMESTAMP(GREATEST(m.created_at, m.updated_at)), "   \
    "UNIX_TIMESTAMP(m.starts_at), "                            \
    "UNIX_TIMESTAMP(m.ends_at), " HD_SQL_WINDOW_NAMES          \
    "FROM maintenances m WHERE m.cancelled_at IS NULL "        \
    "AND m.ends_at >= NOW() - INTERVAL 90 DAY "
/* ... and news showing now (index news_publish). */
#define HD_SQL_ENTRY_NEWS                                                 \
    "SELECT 'news', n.id, 0, n.title, '', n.body, n.author_name, "        \
    "UNIX_TIMESTAMP(n.publish_at), "                                      \
    "UNIX_TIMESTAMP(GREATEST(n.publish_at, n.updated_at)), 0, 0, '', '' " \
    "FROM news n WHERE n.publish_at <= NOW() "                            \
    "AND (n.expires_at IS NULL OR n.expires_at > NOW()) "
/* Newest first; the rest only makes the order (and so the ETag) one. */
#define HD_SQL_ENTRY_ORDER \
    "ORDER BY updated DESC, kind, id DESC LIMIT " HD_FEEDS_MAX_ENTRIES

static const hd_db_statement statements[] = {
    {HD_SQL_FEEDS_CHANGED, HD_SQL_CHANGED_SQL},
    /* A service's feed: a service on the board, by code. */
    {HD_SQL_FEEDS_SERVICE,
     "SELECT s.id, s.name, UNIX_TIMESTAMP(s.updated_at) AS updated "
     "FROM services s WHERE s.active = 1 AND s.code = %s"},
    {HD_SQL_FEEDS_SITE,
     HD_SQL_ENTRY_UPDATES "UNION ALL " HD_SQL_ENTRY_WINDOWS
                          "UNION ALL " HD_SQL_ENTRY_NEWS HD_SQL_ENTRY_ORDER},
    /* service id, service id */
    {HD_SQL_FEEDS_ONE, HD_SQL_ENTRY_UPDATES
     "AND EXISTS (SELECT 1 FROM incident_services f WHERE "
     "f.incident_id = u.incident_id AND f.service_id = %s) "
     "UNION ALL " HD_SQL_ENTRY_WINDOWS
     "AND EXISTS (SELECT 1 FROM maintenance_services f WHERE "
     "f.maintenance_id = m.id AND f.service_id = %s) " HD_SQL_ENTRY_ORDER},
    /* The calendar: windows not cancelled to come, running or ended
     * within 90 days, and those cancelled within 90 days (a scan: the
     * table grows by a few rows a week). */
    {HD_SQL_FEEDS_MAINTENANCES,
     "SELECT m.id, m.title, m.body, UNIX_TIMESTAMP(m.starts_at) AS starts, "
     "UNIX_TIMESTAMP(m.ends_at) AS ends, "
     "UNIX_TIMESTAMP(m.created_at) AS created, "
     "UNIX_TIMESTAMP(GREATEST(m.created_at, m.updated_at, "
     "COALESCE(m.cancelled_at, m.updated_at))) AS modified, "
     "m.cancelled_at IS NOT NULL AS cancelled, " HD_SQL_WINDOW_NAMES
     "FROM maintenances m WHERE (m.cancelled_at IS NULL "
     "AND m.ends_at >= NOW() - INTERVAL 90 DAY) "
     "OR m.cancelled_at >= NOW() - INTERVAL 90 DAY "
     "ORDER BY m.starts_at, m.id"},
};

const hd_db_statements hd_page_feeds_statements = HD_DB_STATEMENTS(statements);

/* ------------------------------------------------------------------ */
/* What every feed shares                                              */
/* ------------------------------------------------------------------ */

/* A feed in the making: everything lives in the request's pool, or (the
 * XML document) is freed with it. */
typedef struct {
    hd_req *rq;
    apr_pool_t *p;
    const char *host;          /* the request's server name, in ids */
    const char *tag;           /* "tag:<host>,2026:" */
    apr_int64_t changed;       /* newest change, Unix seconds (Last-Modified) */
    apr_int64_t services;      /* the services' newest edit */
    apr_int64_t newest;        /* the newest entry's updated */
    xmlNodePtr feed;           /* <feed> (Atom) */
    xmlNsPtr ns;               /* Atom's namespace */
    apr_array_header_t *lines; /* content lines (iCalendar) */
    const char *service_id, *service_name; /* a service's feed */
    apr_int64_t service_updated;
    int oom; /* libxml2 ran out of memory */
} feed_doc;

static void feed_init(feed_doc *d, hd_req *rq)
{
    memset(d, 0, sizeof(*d));
    d->rq = rq;
    d->p = rq->r->pool;
    d->host = ap_get_server_name(rq->r);
    d->tag =
        apr_pstrcat(d->p, "tag:", d->host, "," HD_FEEDS_TAG_DATE ":", NULL);
}

/* The newest change: the largest of the kinds. */
static int keep_changed(void *baton, const hd_db_row *row)
{
    static const char *const kinds[] = {"services",
                                        "incidents",
                                        "incident_updates",
                                        "maintenances",
                                        "news",
                                        "news_expired",
                                        "updates_aged",
                                        "maintenances_aged",
                                        "cancellations_aged"};
    feed_doc *d = baton;
    const char *services = hd_db_col(row, "services");
    apr_size_t i;

    for (i = 0; i < sizeof(kinds) / sizeof(kinds[0]); i++) {
        const char *v = hd_db_col(row, kinds[i]);
        if (v && apr_atoi64(v) > d->changed) {
            d->changed = apr_atoi64(v);
        }
    }
    d->services = services ? apr_atoi64(services) : 0;
    return 0;
}

/* The portal's absolute address of path (below the base URL). */
static const char *portal_url(feed_doc *d, const char *path)
{
    return ap_construct_url(
        d->p, apr_pstrcat(d->p, d->rq->sconf->base_url, path, NULL), d->rq->r);
}

/* The page of service code, at fragment; the board when there is no code
 * (every service of the row has been retired). */
static const char *service_url(feed_doc *d, const char *code,
                               const char *fragment)
{
    if (!code || !*code) {
        return portal_url(d, "/services");
    }
    return portal_url(d, apr_pstrcat(d->p, "/services/",
                                     ap_escape_path_segment(d->p, code),
                                     fragment, NULL));
}

/* Unix seconds in UTC as fmt (apr_strftime) has it. */
static const char *utc(apr_pool_t *p, apr_int64_t seconds, const char *fmt)
{
    apr_time_exp_t t;
    apr_size_t len;
    char buf[40];

    apr_time_exp_gmt(&t, apr_time_from_sec(seconds));
    apr_strftime(buf, &len, sizeof(buf), fmt, &t);
    return apr_pstrmemdup(p, buf, len);
}

#define RFC3339(p, s)  utc((p), (s), "%Y-%m-%dT%H:%M:%SZ")
#define ICAL_UTC(p, s) utc((p), (s), "%Y%m%dT%H%M%SZ")

/* A maintenance window in words, in the desk's time zone: "Wednesday
 * 3 December 2026, 19:00 to 21:00 (Europe/London)"; the end's date too
 * when it ends on another day. */
static const char *window_words(feed_doc *d, apr_int64_t starts,
                                apr_int64_t ends)
{
    static const char *const days[] = {"Sunday",    "Monday",   "Tuesday",
                                       "Wednesday", "Thursday", "Friday",
                                       "Saturday"};
    static const char *const months[] = {
        "January", "February", "March",     "April",   "May",      "June",
        "July",    "August",   "September", "October", "November", "December"};
    const hd_sla_zone *z = d->rq->sconf->zone;
    const char *name = z ? hd_sla_zone_name(z) : NULL;
    int off_a = z ? hd_sla_zone_offset(z, starts) : 0;
    int off_b = z ? hd_sla_zone_offset(z, ends) : 0;
    apr_time_exp_t a, b;
    const char *from, *to, *zone;

    apr_time_exp_gmt(&a, apr_time_from_sec(starts + off_a));
    apr_time_exp_gmt(&b, apr_time_from_sec(ends + off_b));
    from =
        apr_psprintf(d->p, "%s %d %s %d, %02d:%02d", days[a.tm_wday], a.tm_mday,
                     months[a.tm_mon], a.tm_year + 1900, a.tm_hour, a.tm_min);
    if (a.tm_year == b.tm_year && a.tm_yday == b.tm_yday) {
        to = apr_psprintf(d->p, "%02d:%02d", b.tm_hour, b.tm_min);
    }
    else {
        to = apr_psprintf(d->p, "%s %d %s %d, %02d:%02d", days[b.tm_wday],
                          b.tm_mday, months[b.tm_mon], b.tm_year + 1900,
                          b.tm_hour, b.tm_min);
    }
    /* The server's own zone may have no name to give ("localtime"). */
    if (name && *name && strcmp(name, "localtime")) {
        zone = name;
    }
    else {
        zone = apr_psprintf(d->p, "UTC%c%02d:%02d", off_a < 0 ? '-' : '+',
                            (off_a < 0 ? -off_a : off_a) / 3600,
                            (off_a < 0 ? -off_a : off_a) % 3600 / 60);
    }
    return apr_psprintf(d->p, "%s to %s (%s)", from, to, zone);
}

/* An incident status as the service page words it. */
static const char *status_word(const char *status)
{
    static const char *const words[][2] = {{"investigating", "Investigating"},
                                           {"identified", "Identified"},
                                           {"monitoring", "Monitoring"},
                                           {"resolved", "Resolved"}};
    apr_size_t i;

    for (i = 0; i < sizeof(words) / sizeof(words[0]); i++) {
        if (!strcmp(status, words[i][0])) {
            return words[i][1];
        }
    }
    return status;
}

/* ------------------------------------------------------------------ */
/* Atom                                                                */
/* ------------------------------------------------------------------ */

static apr_status_t free_doc(void *doc)
{
    xmlFreeDoc(doc);
    return APR_SUCCESS;
}

static apr_status_t free_xml(void *mem)
{
    xmlFree(mem);
    return APR_SUCCESS;
}

/* <name>text</name> in Atom's namespace under parent (escaped by
 * libxml2; what XML cannot carry replaced, as on every page); text NULL
 * for an element with children to come.  NULL, remembered, when out of
 * memory (or parent is NULL). */
static xmlNodePtr add(feed_doc *d, xmlNodePtr parent, const char *name,
                      const char *text)
{
    xmlNodePtr n = NULL;

    if (parent) {
        n = xmlNewTextChild(
            parent, d->ns, (const xmlChar *)name,
            text ? (const xmlChar *)hd_request_showable(d->p, text) : NULL);
    }
    if (!n) {
        d->oom = 1;
    }
    return n;
}

static void attr(feed_doc *d, xmlNodePtr n, const char *name, const char *value)
{
    /* xmlNewProp keeps the value as text: the serializer escapes it. */
    if (!n || !xmlNewProp(n, (const xmlChar *)name,
                          (const xmlChar *)hd_request_showable(d->p, value))) {
        d->oom = 1;
    }
}

static void add_link(feed_doc *d, xmlNodePtr parent, const char *rel,
                     const char *type, const char *href)
{
    xmlNodePtr l = add(d, parent, "link", NULL);
    attr(d, l, "rel", rel);
    attr(d, l, "type", type);
    attr(d, l, "href", href);
}

static int keep_entry(void *baton, const hd_db_row *row)
{
    feed_doc *d = baton;
    apr_pool_t *p = d->p;
    const char *kind = hd_db_text(row, "kind");
    const char *id = hd_db_text(row, "id");
    const char *services = hd_db_text(row, "services");
    const char *code = hd_db_text(row, "code");
    const char *body = hd_db_text(row, "body");
    const char *author = hd_db_text(row, "author");
    apr_int64_t updated = apr_atoi64(hd_db_text(row, "updated"));
    const char *entry_id, *title, *content, *href;
    xmlNodePtr e, n;

    if (!strcmp(kind, "update")) {
        const char *incident = hd_db_text(row, "incident");
        entry_id = apr_pstrcat(p, d->tag, "incident-update-", id, NULL);
        title = apr_pstrcat(p, *services ? services : "Services", ": ",
                            hd_db_text(row, "title"), HD_FEEDS_DASH,
                            status_word(hd_db_text(row, "status")), NULL);
        content = body;
        href =
            service_url(d, code, apr_pstrcat(p, "#incident-", incident, NULL));
    }
    else if (!strcmp(kind, "maintenance")) {
        entry_id = apr_pstrcat(p, d->tag, "maintenance-", id, NULL);
        title = apr_pstrcat(
            p, "Planned maintenance: ", hd_db_text(row, "title"), NULL);
        content =
            apr_pstrcat(p,
                        window_words(d, apr_atoi64(hd_db_text(row, "starts")),
                                     apr_atoi64(hd_db_text(row, "ends"))),
                        ".\n", *services ? "Services affected: " : "", services,
                        *services ? ".\n" : "", "\n", body, NULL);
        href = service_url(d, code, apr_pstrcat(p, "#maintenance-", id, NULL));
    }
    else {
        entry_id = apr_pstrcat(p, d->tag, "news-", id, NULL);
        title = hd_db_text(row, "title");
        content = body;
        href = portal_url(d, "/#news");
    }

    e = add(d, d->feed, "entry", NULL);
    add(d, e, "id", entry_id);
    add(d, e, "title", title);
    add(d, e, "published",
        RFC3339(p, apr_atoi64(hd_db_text(row, "published"))));
    add(d, e, "updated", RFC3339(p, updated));
    if (*author) {
        add(d, add(d, e, "author", NULL), "name", author);
    }
    add_link(d, e, "alternate", "text/html", href);
    n = add(d, e, "content", content);
    attr(d, n, "type", "text");

    if (updated > d->newest) {
        d->newest = updated;
    }
    return 0;
}

/* The feed: its head, then the entries of statement label (args), sent
 * through hd_cache.  DONE, or a status for the error page. */
static int send_atom(feed_doc *d, const char *feed_id, const char *title,
                     const char *self, const char *alternate, const char *label,
                     int nargs, const char **args)
{
    request_rec *r = d->rq->r;
    xmlDocPtr doc = xmlNewDoc((const xmlChar *)"1.0");
    xmlNodePtr updated;
    xmlChar *text = NULL;
    int len = 0;
    hd_db_outcome o;

    if (!doc) {
        d->oom = 1;
    }
    else {
        apr_pool_cleanup_register(r->pool, doc, free_doc,
                                  apr_pool_cleanup_null);
        d->feed = xmlNewDocNode(doc, NULL, (const xmlChar *)"feed", NULL);
    }
    if (d->feed) {
        xmlDocSetRootElement(doc, d->feed);
        d->ns = xmlNewNs(d->feed, (const xmlChar *)HD_FEEDS_ATOM_NS, NULL);
        xmlSetNs(d->feed, d->ns);
    }
    if (!d->feed || !d->ns) {
        d->oom = 1;
    }

    /* The head comes before the entries (RFC 4287's schema); updated
     * is known once they are read. */
    add(d, d->feed, "id", feed_id);
    add(d, d->feed, "title", title);
    updated = add(d, d->feed, "updated", "");
    add(d, add(d, d->feed, "author", NULL), "name", d->rq->sconf->site_name);
    add_link(d, d->feed, "self", "application/atom+xml", self);
    add_link(d, d->feed, "alternate", "text/html", alternate);

    o = hd_db_select(hd_req_db(d->rq), label, keep_entry, d, nargs, args);
    if (o != HD_DB_OK) {
        return hd_page_db_status(d->rq, o);
    }
    if (updated) {
        /* Digits, '-', ':', 'T' and 'Z': nothing to escape. */
        xmlNodeSetContent(updated,
                          (const xmlChar *)RFC3339(
                              d->p, d->newest ? d->newest : d->services));
    }
    if (!d->oom) {
        xmlDocDumpMemoryEnc(doc, &text, &len, "UTF-8");
    }
    if (!text) {
        ap_log_rerror(APLOG_MARK, APLOG_ERR, 0, r,
                      HDLOG(01901) "feed %s: building the Atom document "
                                   "failed (out of memory)",
                      r->uri);
        return HTTP_INTERNAL_SERVER_ERROR;
    }
    apr_pool_cleanup_register(r->pool, text, free_xml, apr_pool_cleanup_null);
    return hd_cache_send(d->rq, HD_FEEDS_ATOM_TYPE, (const char *)text,
                         (apr_size_t)len, apr_time_from_sec(d->changed));
}

/* Last-Modified first: a change that lands while the rows are read makes
 * it older than the body, never newer. */
static hd_db_outcome read_changed(feed_doc *d)
{
    return hd_db_select(hd_req_db(d->rq), HD_SQL_FEEDS_CHANGED, keep_changed, d,
                        0, NULL);
}

int hd_page_feed_atom(hd_req *rq)
{
    const hd_server_conf *sc = rq->sconf;
    feed_doc d;
    hd_db_outcome o;

    feed_init(&d, rq);
    if ((o = read_changed(&d)) != HD_DB_OK) {
        return hd_page_db_status(rq, o);
    }
    return send_atom(
        &d, apr_pstrcat(d.p, d.tag, "service-updates", NULL),
        apr_pstrcat(d.p, sc->site_name, HD_FEEDS_DASH "Service Updates", NULL),
        portal_url(&d, "/api/feed.atom"), portal_url(&d, "/services"),
        HD_SQL_FEEDS_SITE, 0, NULL);
}

static int keep_service(void *baton, const hd_db_row *row)
{
    feed_doc *d = baton;
    d->service_id = apr_pstrdup(d->p, hd_db_text(row, "id"));
    d->service_name = apr_pstrdup(d->p, hd_db_text(row, "name"));
    d->service_updated = apr_atoi64(hd_db_text(row, "updated"));
    return 0;
}

int hd_page_service_feed_atom(hd_req *rq)
{
    const hd_server_conf *sc = rq->sconf;
    const char *code = APR_ARRAY_IDX(rq->args, 0, const char *);
    const char *escaped;
    const char *args[2];
    feed_doc d;
    hd_db_outcome o;

    feed_init(&d, rq);
    o = hd_db_select(hd_req_db(rq), HD_SQL_FEEDS_SERVICE, keep_service, &d, 1,
                     &code);
    if (o == HD_DB_OK && !d.service_id) {
        return HTTP_NOT_FOUND;
    }
    if (o == HD_DB_OK) {
        o = read_changed(&d);
    }
    if (o != HD_DB_OK) {
        return hd_page_db_status(rq, o);
    }
    /* With no entries, the feed is as new as the service's own edit. */
    d.services = d.service_updated;
    escaped = ap_escape_path_segment(d.p, code);
    args[0] = args[1] = d.service_id;
    return send_atom(
        &d, apr_pstrcat(d.p, d.tag, "service-updates/", d.service_id, NULL),
        apr_pstrcat(d.p, sc->site_name, HD_FEEDS_DASH, d.service_name, NULL),
        portal_url(&d, apr_pstrcat(d.p, "/api/services/", escaped, "/feed.atom",
                                   NULL)),
        portal_url(&d, apr_pstrcat(d.p, "/services/", escaped, NULL)),
        HD_SQL_FEEDS_ONE, 2, args);
}

/* ------------------------------------------------------------------ */
/* iCalendar                                                           */
/* ------------------------------------------------------------------ */

/* A content line whose value is ready as it is (a time, a URI, a
 * keyword). */
static void ical(feed_doc *d, const char *name, const char *value)
{
    *(const char **)apr_array_push(d->lines) = hd_ical_line(d->p, name, value);
}

/* A content line with a TEXT value: what it cannot carry replaced, then
 * escaped. */
static void ical_text(feed_doc *d, const char *name, const char *text)
{
    ical(d, name, hd_ical_text(d->p, hd_request_showable(d->p, text)));
}

static int keep_window(void *baton, const hd_db_row *row)
{
    feed_doc *d = baton;
    const char *id = hd_db_text(row, "id");
    const char *services = hd_db_text(row, "services");
    const char *modified =
        ICAL_UTC(d->p, apr_atoi64(hd_db_text(row, "modified")));
    int cancelled = strcmp(hd_db_text(row, "cancelled"), "0") != 0;

    ical(d, "BEGIN", "VEVENT");
    ical_text(d, "UID",
              apr_pstrcat(d->p, "maintenance-", id, "@", d->host, NULL));
    ical(d, "DTSTAMP", modified);
    ical(d, "CREATED", ICAL_UTC(d->p, apr_atoi64(hd_db_text(row, "created"))));
    ical(d, "LAST-MODIFIED", modified);
    ical(d, "DTSTART", ICAL_UTC(d->p, apr_atoi64(hd_db_text(row, "starts"))));
    ical(d, "DTEND", ICAL_UTC(d->p, apr_atoi64(hd_db_text(row, "ends"))));
    ical_text(d, "SUMMARY", hd_db_text(row, "title"));
    ical_text(d, "DESCRIPTION",
              apr_pstrcat(d->p, hd_db_text(row, "body"),
                          *services ? "\n\nServices affected: " : "", services,
                          NULL));
    ical(d, "URL",
         service_url(d, hd_db_text(row, "code"),
                     apr_pstrcat(d->p, "#maintenance-", id, NULL)));
    ical(d, "STATUS", cancelled ? "CANCELLED" : "CONFIRMED");
    ical(d, "TRANSP", "TRANSPARENT");
    ical(d, "END", "VEVENT");
    return 0;
}

int hd_page_maintenance_ics(hd_req *rq)
{
    feed_doc d;
    hd_db_outcome o;
    const char *text;

    feed_init(&d, rq);
    d.lines = apr_array_make(d.p, 64, sizeof(const char *));
    ical(&d, "BEGIN", "VCALENDAR");
    ical(&d, "VERSION", "2.0");
    ical(&d, "PRODID", "-//mod_helpdesk//Service Updates//EN");
    ical(&d, "CALSCALE", "GREGORIAN");
    ical(&d, "METHOD", "PUBLISH");
    ical_text(&d, "X-WR-CALNAME",
              apr_pstrcat(d.p, rq->sconf->site_name,
                          HD_FEEDS_DASH "Planned maintenance", NULL));

    o = read_changed(&d);
    if (o == HD_DB_OK) {
        o = hd_db_select(hd_req_db(rq), HD_SQL_FEEDS_MAINTENANCES, keep_window,
                         &d, 0, NULL);
    }
    if (o != HD_DB_OK) {
        return hd_page_db_status(rq, o);
    }
    ical(&d, "END", "VCALENDAR");
    text = apr_array_pstrcat(d.p, d.lines, '\0');
    return hd_cache_send(rq, HD_FEEDS_ICAL_TYPE, text, strlen(text),
                         apr_time_from_sec(d.changed));
}
