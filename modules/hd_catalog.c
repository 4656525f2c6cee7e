/*
 * hd_catalog.c -- the reference data's statements (see hd_catalog.h):
 * short tables, read whole, in display order.
 */
#include "mod_helpdesk.h"
#include "hd_db.h"
#include "hd_catalog.h"

static const hd_db_statement statements[] = {
    {HD_CATALOG_SERVICES,
     "SELECT id, code, name, status, status_note, updated_at, "
     "default_call_type, default_priority, default_shared "
     "FROM services WHERE active = 1 ORDER BY sort_order, name"},
    {HD_CATALOG_TEAMS, "SELECT code, name, is_default FROM teams "
                       "WHERE active = 1 ORDER BY sort_order, name"},
    {HD_CATALOG_STATUSES, "SELECT code, name, category, sort_order "
                          "FROM ticket_statuses ORDER BY sort_order"},
    {HD_CATALOG_PRIORITIES,
     "SELECT level, name FROM priorities ORDER BY level"},
    {HD_CATALOG_CALL_TYPES,
     "SELECT DISTINCT default_call_type AS call_type FROM services "
     "WHERE active = 1 ORDER BY call_type"},
};

const hd_db_statements hd_catalog_statements = HD_DB_STATEMENTS(statements);
