/*
 * page_today.c -- the Today page: who I am, and how the services are.
 * URL: GET <base>/   Stylesheet: xslt/today.xsl   SQL: services_list
 * (hd_catalog.c)
 */
#include "mod_helpdesk.h"
#include "hd_config.h"
#include "hd_ldap.h"
#include "hd_render.h"
#include "hd_page.h"
#include "hd_db.h"
#include "hd_catalog.h"

static int add_service(void *baton, const hd_db_row *row)
{
    xmlNodePtr e = hd_xml_child(baton, "service");
    hd_xml_attr(e, "id", hd_db_text(row, "id"));
    hd_xml_attr(e, "code", hd_db_text(row, "code"));
    hd_xml_attr(e, "name", hd_db_text(row, "name"));
    hd_xml_attr(e, "status", hd_db_text(row, "status"));
    hd_xml_attr(e, "note", hd_db_text(row, "status_note"));
    hd_xml_attr(e, "updated", hd_db_text(row, "updated_at"));
    return 0;
}

int hd_page_today(hd_req *rq)
{
    xmlNodePtr today, services;

    hd_render_begin(rq, "today");
    today = hd_xml_child(rq->root, "today");
    services = hd_xml_list(today, "services");
    return hd_page_db_status(rq,
                             hd_db_select(hd_req_db(rq), HD_CATALOG_SERVICES,
                                          add_service, services, 0, NULL));
}
