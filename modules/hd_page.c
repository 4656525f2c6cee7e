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
#include "hd_clock.h"

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

void hd_page_clock_store(hd_req *rq, const char *id)
{
    hd_sla_calendar cal;
    hd_db_outcome o =
        hd_clock_calendar(hd_req_db(rq), rq->r->pool, rq->sconf->zone, &cal);
    if (o == HD_DB_OK) {
        o = hd_clock_store(hd_req_db(rq), &cal, id,
                           apr_time_sec(rq->r->request_time), NULL);
    }
    if (o != HD_DB_OK) {
        /* The change itself is committed and confirmed; the job
         * 'sla-clocks' stores this clock at its next look. */
        ap_log_rerror(APLOG_MARK, APLOG_WARNING, 0, rq->r,
                      HDLOG(01501) "storing the clocks of ticket %s failed "
                                   "(%s); the sla-clocks job will",
                      id, hd_db_outcome_name(o));
    }
}
