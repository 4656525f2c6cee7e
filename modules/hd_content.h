/*
 * hd_content.h -- what the service desk publishes besides tickets: news
 * items, frequently asked questions and planned maintenance windows
 * (sql/014_service_updates.sql: news, faq, maintenances,
 * maintenance_services, service_events).  Each change is one
 * transaction that answers a domain outcome; nothing here knows about
 * HTTP or XML, and the pure parsers below are the pages' validation.
 *
 * Times are the database's DATETIME as text, "YYYY-MM-DD HH:MM:SS", in
 * the zone the rest of the portal shows them in (the database's own);
 * nothing here converts zones.
 */
#ifndef HD_CONTENT_H
#define HD_CONTENT_H

#include "hd_db.h"
#include "apr_tables.h"

/* What became of a change. */
typedef enum {
    HD_CONTENT_DONE,
    HD_CONTENT_MISSING, /* no such item, entry or window */
    HD_CONTENT_INVALID, /* a service chosen is not (or no longer) active */
    HD_CONTENT_ENDED,   /* the maintenance window is over: it stays */
    HD_CONTENT_DB       /* see the database outcome */
} hd_content_result;

/* ------------------------------------------------------------------ */
/* Parsing what the desk typed (hd_content_parse.c: pure)             */
/* ------------------------------------------------------------------ */

/* "YYYY-MM-DD HH:MM", also with ":SS" (what the API itself shows) or a
 * 'T' between date and time (an HTML datetime-local value), blanks
 * around allowed: the time as "YYYY-MM-DD HH:MM:SS" in p, or NULL when
 * it is not a real one (2026-02-30, 24:00, 9:5, a year before 1000). */
const char *hd_content_parse_time(apr_pool_t *p, const char *text);

/* A whole number as a person types it ("10", "-5", blanks around), that
 * fits an SQL INT: 1 with *out, or 0. */
int hd_content_parse_int(const char *text, long *out);

/* ------------------------------------------------------------------ */
/* Changes                                                             */
/* ------------------------------------------------------------------ */

/* A news item: shown from publish_at until expires_at ("" never). */
typedef struct {
    const char *title, *body, *publish_at, *expires_at;
    const char *login, *name; /* the author (kept when edited) */
    const char *nonce;        /* the form's: one item per form */
} hd_news_draft;

/* Create (id NULL; *new_id, may be NULL, gets the new one) or change
 * news item id.  MISSING when id does not exist. */
hd_content_result hd_content_news_save(hd_db *db, const char *id,
                                       const hd_news_draft *d,
                                       const char **new_id, hd_db_outcome *why);
hd_content_result hd_content_news_delete(hd_db *db, const char *id,
                                         hd_db_outcome *why);

/* A frequently asked question; sort_order is a validated integer. */
typedef struct {
    const char *question, *answer, *category, *sort_order;
    const char *nonce; /* the form's: one entry per form */
} hd_faq_draft;

hd_content_result hd_content_faq_save(hd_db *db, const char *id,
                                      const hd_faq_draft *d,
                                      const char **new_id, hd_db_outcome *why);
hd_content_result hd_content_faq_delete(hd_db *db, const char *id,
                                        hd_db_outcome *why);

/* A planned maintenance window over services (ids, const char *). */
typedef struct {
    const char *title, *body, *starts_at, *ends_at, *login;
    const apr_array_header_t *services;
    const char *nonce; /* the form's: one window per form */
} hd_maintenance_draft;

/* The window, its services and a 'maintenance_scheduled' event per
 * service for subscribers, in one transaction: all of it or nothing.
 * INVALID when a service is not active (nothing is written). */
hd_content_result hd_content_maintenance_create(hd_db *db,
                                                const hd_maintenance_draft *d,
                                                const char **new_id,
                                                hd_db_outcome *why);

/* Cancel a window that has not ended: it is shown nowhere after this.
 * Cancelling one already cancelled is done (the same form sent twice);
 * ENDED when it is over, MISSING when there is no such window. */
hd_content_result hd_content_maintenance_cancel(hd_db *db, const char *id,
                                                hd_db_outcome *why);

/* The statements (hd_db_register). */
extern const hd_db_statements hd_content_statements;

#endif /* HD_CONTENT_H */
