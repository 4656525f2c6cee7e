/*
 * hd_catalog.h -- the reference data pages offer to choose from:
 * services (with their traffic light), teams and ticket statuses.
 */
#ifndef HD_CATALOG_H
#define HD_CATALOG_H

#include "hd_db.h"

/* Statements, read by column name:
 *   services_list  id code name status status_note updated_at
 *                  default_call_type default_priority default_shared
 *   teams_list     code name is_default
 *   statuses_list  code name category sort_order
 *   priorities_list level name
 *   call_types_list call_type (the services' defaults, in use) */
#define HD_CATALOG_SERVICES   "services_list"
#define HD_CATALOG_TEAMS      "teams_list"
#define HD_CATALOG_STATUSES   "statuses_list"
#define HD_CATALOG_PRIORITIES "priorities_list"
#define HD_CATALOG_CALL_TYPES "call_types_list"

extern const hd_db_statements hd_catalog_statements;

#endif /* HD_CATALOG_H */
