/*
 * hd_service.h -- Service Updates: the changes made to a service's
 * traffic light and its incidents, subscriptions, and "I am affected too"
 * (sql/014_service_updates.sql).  Each change is one transaction; nothing
 * here knows about HTTP or XML.
 *
 * A light is "green" (Online), "amber" (Impacted) or "red" (Offline).  The
 * desk changes it with a message, and the incident follows the light: it
 * opens when the light leaves green, takes an update with every change
 * while the light is amber or red, and is resolved when the light is
 * green again.  The history of lights (service_status_changes) is the
 * database's own (triggers), whoever changes services.status.
 */
#ifndef HD_SERVICE_H
#define HD_SERVICE_H

#include "hd_db.h"

/* What became of a change. */
typedef enum {
    HD_SERVICE_DONE,
    HD_SERVICE_MISSING, /* no such (active) service, or no open incident */
    HD_SERVICE_DB       /* see the database outcome */
} hd_service_result;

/* A change of light by an agent (login, name).  status is the incident's
 * (investigating, identified, monitoring) while the light is not green;
 * title names an incident that this change opens ("" : the service's
 * name and the light's word).  The message is the incident update's
 * text and, while not green, the service's note.  *incident_id (may be
 * NULL) gets the incident the change belongs to, "" when none. */
hd_service_result hd_service_set_light(hd_db *db, const char *code,
                                       const char *light, const char *status,
                                       const char *title, const char *message,
                                       const char *login, const char *name,
                                       const char **incident_id,
                                       hd_db_outcome *why);

/* The person's choice for one service: subscribed or not. */
hd_db_outcome hd_service_subscribe(hd_db *db, const char *login,
                                   const char *service_id, int subscribed);

/* "I am affected too": the person is linked to the service's open
 * incident (once; again is no change).  MISSING when the service has no
 * open incident any more. */
hd_service_result hd_service_affected(hd_db *db, const char *code,
                                      const char *login, const char *name,
                                      hd_db_outcome *why);

/* The desk links ticket id to the service's open incident, to be
 * closed with it (once; again is no change).  MISSING when the service
 * has no open incident or the ticket does not exist. */
hd_service_result hd_service_link_ticket(hd_db *db, const char *code,
                                         const char *ticket_id,
                                         const char *login, hd_db_outcome *why);

/* The job 'maintenance-events': the start and the end of each planned
 * maintenance window recorded once as service events (for subscribers'
 * notifications), whatever number of nodes run it.  The light itself
 * needs no job: a running window is shown as Maintenance when read. */
hd_db_outcome hd_service_maintenance_events(hd_db *db, apr_pool_t *p);

/* "green" -> "Online", "amber" -> "Impacted", "red" -> "Offline",
 * "maintenance" -> "Maintenance"; NULL for anything else. */
const char *hd_service_light_label(const char *light);

/* The statements (hd_db_register). */
extern const hd_db_statements hd_service_statements;

#endif /* HD_SERVICE_H */
