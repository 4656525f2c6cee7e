/*
 * hd_page.c -- what every page shares on top of the request: its
 * database context, and the one place where a database outcome becomes
 * an HTTP status and the words on the error page.
 */
#include "mod_helpdesk.h"
#include "hd_config.h"
#include "hd_ldap.h"
#include "hd_page.h"
#include "hd_ticket.h"
#include "hd_db.h"

hd_db *hd_req_db(hd_req *rq)
{
    if (!rq->db) {
        rq->db = hd_db_for_request(rq->r, &rq->sconf->db);
    }
    return rq->db;
}

hd_viewer hd_page_viewer(const hd_req *rq)
{
    hd_viewer v;
    v.login = rq->user->login;
    v.organisation = rq->user->organisation ? rq->user->organisation : "";
    v.is_agent = rq->user->is_agent;
    v.is_supervisor = rq->user->is_supervisor;
    return v;
}

int hd_page_db_status(hd_req *rq, hd_db_outcome o)
{
    switch (o) {
    case HD_DB_OK:
        return OK;
    case HD_DB_DUPLICATE:
        return HTTP_CONFLICT;
    case HD_DB_CONFLICT:
        rq->error_message = "The ticket database is busy with the same "
                            "records. Try again in a moment.";
        break;
    case HD_DB_TIMEOUT:
        rq->error_message = "The ticket database took too long to answer. "
                            "Try again in a moment.";
        break;
    case HD_DB_UNAVAILABLE:
        rq->error_message = "The ticket database cannot be reached.";
        break;
    default:
        return HTTP_INTERNAL_SERVER_ERROR;
    }
    apr_table_setn(rq->r->err_headers_out, "Retry-After", "30");
    return HTTP_SERVICE_UNAVAILABLE;
}
