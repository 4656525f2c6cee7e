/*
 * page_today.c -- the Today page: who I am, and how the services are.
 * URL: GET <base>/   Stylesheet: xslt/today.xsl   SQL: hd_services_list
 */
#include "mod_helpdesk.h"

static int add_service(hd_req *rq, void *baton, int ncols, const char **c)
{
    xmlNodePtr e = hd_xml_child(baton, "service");
    (void)rq;
    if (ncols < 6) {
        return 1;
    }
    hd_xml_attr(e, "id", c[0]);
    hd_xml_attr(e, "code", c[1]);
    hd_xml_attr(e, "name", c[2]);
    hd_xml_attr(e, "status", c[3]);
    hd_xml_attr(e, "note", c[4] ? c[4] : "");
    hd_xml_attr(e, "updated", c[5]);
    return 0;
}

int hd_page_today(hd_req *rq)
{
    xmlNodePtr today, services;

    hd_render_begin(rq, "today");
    today = hd_xml_child(rq->root, "today");
    services = hd_xml_list(today, "services");
    return hd_db_select(rq, "hd_services_list", add_service, services, 0, NULL);
}
