/*
 * hd_page.h -- what pages share (database context, outcome -> status, the
 * viewer) and the page functions the route table names.
 */
#ifndef HD_PAGE_H
#define HD_PAGE_H

#include "mod_helpdesk.h"
#include "apr_hash.h"
#include "hd_ticket.h"

/* ------------------------------------------------------------------ */
/* Database, as pages use it (the core is hd_db.h)                     */
/* ------------------------------------------------------------------ */

/* The request's database context, made on first use. */
hd_db *hd_req_db(hd_req *rq);
/* Who rq->user is, as the visibility rule needs it. */
hd_viewer hd_page_viewer(const hd_req *rq);
/* The HTTP status for a database outcome (OK for HD_DB_OK), with the
 * error page's message and, for a 503, Retry-After. */
int hd_page_db_status(hd_req *rq, hd_db_outcome o);

/* ------------------------------------------------------------------ */
/* Pages (page_*.c)                                                    */
/* ------------------------------------------------------------------ */

int hd_page_today(hd_req *rq);
int hd_page_login(hd_req *rq);
int hd_page_login_submit(hd_req *rq);
int hd_page_logout_form(hd_req *rq);
int hd_page_logout(hd_req *rq);
/* page_login.c's statements (the temporary-password check at login). */
extern const hd_db_statements hd_page_login_statements;
int hd_page_sessions(hd_req *rq);
int hd_page_sessions_end(hd_req *rq);
int hd_page_error_document(hd_req *rq);
/* Forgotten passwords (page_password.c: no login needed) and a
 * supervisor's logins, with their temporary passwords (page_logins.c). */
int hd_page_password_forgot(hd_req *rq);
int hd_page_password_forgot_submit(hd_req *rq);
int hd_page_logins(hd_req *rq);
int hd_page_login_details(hd_req *rq);
int hd_page_login_reset(hd_req *rq);
/* The person's own page: contact details, e-mail address, API tokens
 * (page_account.c); their password (page_account_password.c). */
int hd_page_account(hd_req *rq);
int hd_page_account_contact(hd_req *rq);
int hd_page_account_mail(hd_req *rq);
int hd_page_account_mail_confirm(hd_req *rq);
int hd_page_account_token_create(hd_req *rq);
int hd_page_account_token_revoke(hd_req *rq);
int hd_page_account_password(hd_req *rq);
int hd_page_account_password_change(hd_req *rq);
int hd_page_tickets(hd_req *rq);
int hd_page_ticket_columns(hd_req *rq);
int hd_page_ticket_columns_save(hd_req *rq);
int hd_page_ticket_new_form(hd_req *rq);
int hd_page_ticket_create(hd_req *rq);
int hd_page_ticket(hd_req *rq);
int hd_page_ticket_comment(hd_req *rq);
int hd_page_ticket_resolve(hd_req *rq);
int hd_page_ticket_cancel(hd_req *rq);
int hd_page_ticket_feedback(hd_req *rq);
int hd_page_ticket_move(hd_req *rq);
int hd_page_ticket_assign(hd_req *rq);
int hd_page_ticket_reply(hd_req *rq);
int hd_page_ticket_classify(hd_req *rq);
/* page_attach.c: files on a ticket -- the upload (multipart, streamed),
 * the download, and the list and form on the ticket's page. */
int hd_page_ticket_attach(hd_req *rq);
int hd_page_ticket_attachment(hd_req *rq);
/* May rq's user attach files to t (its people while it is not
 * cancelled, and the desk)? */
int hd_page_attach_may(hd_req *rq, const hd_ticket *t);
/* The ticket's attachments under ticket and the attach form (when the
 * user may attach) under the root; each file also under the activity
 * entry that recorded it, when entries (activity id -> <entry>, may be
 * NULL) holds it. */
hd_db_outcome hd_page_attachments(hd_req *rq, xmlNodePtr ticket,
                                  const hd_ticket *t, apr_hash_t *entries);
/* A ticket action's address and a token for the form posting there, as
 * attributes <action>="<base>/tickets/HD-n/<action>" and <action>-csrf
 * of a (page_ticket.c; a token is good for that one form only). */
void hd_page_ticket_form(hd_req *rq, xmlNodePtr a, const hd_ticket *t,
                         const char *action);
/* The service desk's part of the ticket page (page_desk_ticket.c): the
 * workflow's moves from here, assignment, reply or internal note. */
void hd_desk_ticket_actions(hd_req *rq, const hd_ticket *t);

int hd_page_desk(hd_req *rq);
int hd_page_services(hd_req *rq);
int hd_page_service(hd_req *rq);
int hd_page_service_subscription(hd_req *rq);
int hd_page_service_affected(hd_req *rq);
int hd_page_service_status(hd_req *rq);
int hd_page_service_link(hd_req *rq);
/* The services as the board shows them (lights, open incidents,
 * maintenance, uptime), as <service> children of list; when
 * only_subscribed (Today), only those the user follows, without uptime. */
hd_db_outcome hd_page_services_board(hd_req *rq, xmlNodePtr list,
                                     int only_subscribed);
/* The open incidents of every service, as <known-issues><issue/>, each
 * with its "I am affected too" form: shown where people would log a
 * duplicate (the new-ticket form). */
hd_db_outcome hd_page_known_issues(hd_req *rq, xmlNodePtr parent);
/* The status API in Statuspage's v2 shape (page_status_api.c): every
 * file under <base>/api/v2/. */
int hd_page_status_api(hd_req *rq);
/* The FAQ for everyone (page_faq.c). */
int hd_page_faq(hd_req *rq);
/* The desk's news, FAQ entries and planned maintenance
 * (page_desk_content.c): agents only. */
int hd_page_desk_news(hd_req *rq);
int hd_page_desk_news_create(hd_req *rq);
int hd_page_desk_news_edit(hd_req *rq);
int hd_page_desk_news_delete(hd_req *rq);
int hd_page_desk_faq(hd_req *rq);
int hd_page_desk_faq_create(hd_req *rq);
int hd_page_desk_faq_edit(hd_req *rq);
int hd_page_desk_faq_delete(hd_req *rq);
int hd_page_desk_maintenance(hd_req *rq);
int hd_page_desk_maintenance_create(hd_req *rq);
int hd_page_desk_maintenance_cancel(hd_req *rq);
/* Mail (page_mail.c): a person's notification choices; the desk's
 * undelivered mail (agents only). */
int hd_page_notifications(hd_req *rq);
int hd_page_notifications_save(hd_req *rq);
int hd_page_desk_mail(hd_req *rq);
int hd_page_desk_mail_retry(hd_req *rq);
/* Service Updates as feeds (page_feeds.c): Atom of the whole site
 * (<base>/api/feed.atom) and of one service
 * (<base>/api/services/CODE/feed.atom), and the maintenance windows as
 * iCalendar (<base>/api/maintenance.ics). */
int hd_page_feed_atom(hd_req *rq);
int hd_page_service_feed_atom(hd_req *rq);
int hd_page_maintenance_ics(hd_req *rq);
/* Incoming e-mail, POSTed by helpdesk-mailgate (page_mail_inbound.c). */
int hd_page_mail_inbound(hd_req *rq);

/* Statements of the pages that have their own (beside their code). */
hd_db_statements hd_page_tickets_statements(apr_pool_t *p);
extern const hd_db_statements hd_page_desk_statements;
extern const hd_db_statements hd_page_services_statements;
extern const hd_db_statements hd_page_today_statements;
extern const hd_db_statements hd_status_api_statements;
extern const hd_db_statements hd_page_faq_statements;
extern const hd_db_statements hd_page_desk_content_statements;
extern const hd_db_statements hd_page_feeds_statements;
extern const hd_db_statements hd_page_mail_inbound_statements;
extern const hd_db_statements hd_page_logins_statements;

#endif /* HD_PAGE_H */
