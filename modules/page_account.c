/*
 * page_account.c -- the person's own page: who the directory says they
 * are, their contact details and e-mail address (written to their entry
 * in the directory, hd_account.h), and their personal API tokens
 * (hd_token.h).  Changing the password has a page of its own
 * (page_account_password.c).
 *
 *   GET  <base>/account                    account.xsl (?saved=contact,
 *                                          mail, mail-link, password:
 *                                          what was just done)
 *   POST <base>/account/contact            telephone, mobile, office:
 *                                          303 to ?saved=contact, or 400
 *                                          with the page and the errors
 *   POST <base>/account/mail               a new e-mail address: a link
 *                                          mailed to it, 303 to
 *                                          ?saved=mail-link
 *   GET  <base>/account/mail/confirm?token=  the link: the address
 *                                          written, 303 to ?saved=mail
 *   POST <base>/account/tokens             make a token: the same page,
 *                                          201, the token shown this once
 *   POST <base>/account/tokens/ID/revoke   303 to <base>/account?revoked=ID
 *
 * The document is <account> with one child per section, each built by a
 * function of its own (account_person, account_tokens), so another
 * section (notifications, ...) is one more function appending to it.
 * Tokens are made only by a person logged in with a session: a program
 * holding a token cannot make itself more (it may revoke, as the person
 * could).
 */
#include "mod_helpdesk.h"
#include "hd_config.h"
#include "hd_ldap.h"
#include "hd_request.h"
#include "hd_render.h"
#include "hd_form.h"
#include "hd_page.h"
#include "hd_auth.h"
#include "hd_token.h"
#include "hd_account.h"
#include "hd_account_check.h"
#include "hd_mail_change.h"
#include "hd_notify.h"

#define HD_ACCOUNT_TOKENS_FORM  "/account/tokens"
#define HD_ACCOUNT_CONTACT_FORM "/account/contact"
#define HD_ACCOUNT_MAIL_FORM    "/account/mail"
#define HD_ACCOUNT_MAIL_CONFIRM "/account/mail/confirm"
#define HD_ACCOUNT_PASSWORD     "/account/password"

/* What the page may say was just done (?saved=). */
static const char *const saved_words[] = {"contact", "mail", "mail-link",
                                          "password"};

/* The page's root: <account> under <helpdesk>. */
static xmlNodePtr account_begin(hd_req *rq)
{
    const char *saved = apr_table_get(rq->query, "saved");
    xmlNodePtr account;
    apr_size_t i;

    hd_render_begin(rq, "account");
    account = hd_xml_child(rq->root, "account");
    for (i = 0; saved && i < sizeof(saved_words) / sizeof(saved_words[0]);
         i++) {
        if (!strcmp(saved, saved_words[i])) {
            hd_xml_attr(account, "saved", saved_words[i]);
        }
    }
    return account;
}

/* The status of a directory write or read that did not succeed, with
 * the error page's words. */
static int directory_status(hd_req *rq, hd_dir_result d, const char *why)
{
    switch (d) {
    case HD_DIR_OK:
        return OK;
    case HD_DIR_UNAVAILABLE:
        rq->error_message = "The directory cannot be reached, so nothing was "
                            "changed. Try again in a moment.";
        apr_table_setn(rq->r->err_headers_out, "Retry-After", "30");
        return HTTP_SERVICE_UNAVAILABLE;
    case HD_DIR_REFUSED:
        rq->error_message =
            apr_pstrcat(rq->r->pool, "The directory refused the change: ",
                        why && *why ? why : "it gave no reason.", NULL);
        return HTTP_BAD_REQUEST;
    default:
        return HTTP_INTERNAL_SERVER_ERROR;
    }
}

/* The contact details the person may change, as the directory holds them
 * now (not the per-process cache: the page after a change shows it,
 * whichever Apache process serves it), with the form that changes them. */
static int account_contact(hd_req *rq, xmlNodePtr account)
{
    hd_contact c = {"", "", ""};
    hd_dir_result d = hd_ldap_read_contact(rq, rq->user->dn, &c);
    xmlNodePtr e;

    if (d != HD_DIR_OK) {
        return directory_status(rq, d, NULL);
    }
    e = hd_xml_child(account, "contact");
    hd_xml_attr(e, "action",
                apr_pstrcat(rq->r->pool, rq->sconf->base_url,
                            HD_ACCOUNT_CONTACT_FORM, NULL));
    hd_xml_attr(e, "csrf", hd_form_token(rq, HD_ACCOUNT_CONTACT_FORM));
    hd_xml_attr(e, "phone", c.phone ? c.phone : "");
    hd_xml_attr(e, "mobile", c.mobile ? c.mobile : "");
    hd_xml_attr(e, "room", c.room ? c.room : "");
    return OK;
}

/* The e-mail address, any new one waiting for its link, and the form
 * asking for a new one (only when the portal sends mail: the link must
 * reach the person). */
static int account_mail_address(hd_req *rq, xmlNodePtr account)
{
    const char *pending, *until;
    hd_db_outcome o;
    xmlNodePtr e;

    o = hd_mail_change_pending(hd_req_db(rq), rq->user->login, &pending,
                               &until);
    if (o != HD_DB_OK) {
        return hd_page_db_status(rq, o);
    }
    e = hd_xml_child(account, "mail-address");
    hd_xml_attr(e, "current", rq->user->mail ? rq->user->mail : "");
    hd_xml_attr(e, "sending", rq->sconf->mail.from ? "true" : "false");
    hd_xml_attr(e, "action",
                apr_pstrcat(rq->r->pool, rq->sconf->base_url,
                            HD_ACCOUNT_MAIL_FORM, NULL));
    hd_xml_attr(e, "csrf", hd_form_token(rq, HD_ACCOUNT_MAIL_FORM));
    hd_xml_attr(e, "new", "");
    hd_xml_attr(e, "pending", pending ? pending : "");
    hd_xml_attr(e, "pending-until", until ? until : "");
    return OK;
}

/* Where the person changes their password (page_account_password.c). */
static void account_password(hd_req *rq, xmlNodePtr account)
{
    xmlNodePtr e = hd_xml_child(account, "password");
    hd_xml_attr(e, "href",
                apr_pstrcat(rq->r->pool, rq->sconf->base_url,
                            HD_ACCOUNT_PASSWORD, NULL));
}

/* The person as the directory describes them. */
static void account_person(hd_req *rq, xmlNodePtr account)
{
    const hd_user_t *u = rq->user;
    xmlNodePtr e = hd_xml_child(account, "person");

    hd_xml_attr(e, "login", u->login);
    hd_xml_attr(e, "name", u->name ? u->name : u->login);
    hd_xml_attr(e, "mail", u->mail ? u->mail : "");
    hd_xml_attr(e, "phone", u->phone ? u->phone : "");
    hd_xml_attr(e, "organisation", u->organisation ? u->organisation : "");
    hd_xml_attr(e, "role", hd_user_role(u));
}

/* The person's API tokens, each with its revoke form, and the form that
 * makes one; *section gets the <api-tokens> element (for a made token or
 * the form's errors). */
static int account_tokens(hd_req *rq, xmlNodePtr account, xmlNodePtr *section)
{
    apr_pool_t *p = rq->r->pool;
    const char *base = rq->sconf->base_url;
    apr_array_header_t *rows;
    xmlNodePtr list;
    hd_db_outcome o;
    int i;

    o = hd_token_list(hd_req_db(rq), rq->user->login, &rows);
    if (o != HD_DB_OK) {
        return hd_page_db_status(rq, o);
    }
    *section = hd_xml_child(account, "api-tokens");
    hd_xml_attr(*section, "action",
                apr_pstrcat(p, base, HD_ACCOUNT_TOKENS_FORM, NULL));
    hd_xml_attr(*section, "csrf", hd_form_token(rq, HD_ACCOUNT_TOKENS_FORM));
    hd_xml_attr(*section, "revoked", apr_table_get(rq->query, "revoked"));
    list = hd_xml_list(*section, "list");
    for (i = 0; i < rows->nelts; i++) {
        const hd_token_info *t = &APR_ARRAY_IDX(rows, i, hd_token_info);
        const char *form =
            apr_pstrcat(p, HD_ACCOUNT_TOKENS_FORM "/", t->id, "/revoke", NULL);
        xmlNodePtr e = hd_xml_child(list, "api-token");

        hd_xml_attr(e, "id", t->id);
        hd_xml_attr(e, "name", t->name);
        hd_xml_attr(e, "created", t->created_at);
        hd_xml_attr(e, "last-used", t->last_used_at);
        if (*t->revoked_at) {
            hd_xml_attr(e, "revoked", t->revoked_at);
            continue;
        }
        hd_xml_attr(e, "revoke", apr_pstrcat(p, base, form, NULL));
        hd_xml_attr(e, "revoke-csrf", hd_form_token(rq, form));
    }
    return OK;
}

/* Where the person chooses their mail (page_mail.c). */
static void account_mail(hd_req *rq, xmlNodePtr account)
{
    xmlNodePtr e = hd_xml_child(account, "mail");
    hd_xml_attr(e, "href",
                apr_pstrcat(rq->r->pool, rq->sconf->base_url,
                            "/account/notifications", NULL));
    hd_xml_attr(e, "sending", rq->sconf->mail.from ? "true" : "false");
}

/* The whole page; *tokens as account_tokens. */
static int account_page(hd_req *rq, xmlNodePtr *tokens)
{
    xmlNodePtr account = account_begin(rq);
    int rv;

    account_person(rq, account);
    if ((rv = account_contact(rq, account)) != OK ||
        (rv = account_mail_address(rq, account)) != OK) {
        return rv;
    }
    account_password(rq, account);
    account_mail(rq, account);
    return account_tokens(rq, account, tokens);
}

/* The page again for a form that was refused: 400, the section named
 * with what was typed (set by the caller) and one error per field. */
static int account_refused(hd_req *rq, const char *section, xmlNodePtr *form)
{
    xmlNodePtr tokens, account;
    int rv;

    if ((rv = account_page(rq, &tokens)) != OK) {
        return rv;
    }
    account = hd_xml_find(rq->root, "account");
    *form = hd_xml_find(account, section);
    rq->r->status = HTTP_BAD_REQUEST;
    return OK;
}

/* One error of a refused form, beside its field ("" for the form). */
static void form_error(xmlNodePtr form, const char *field, const char *message)
{
    xmlNodePtr errors = hd_xml_find(form, "errors");
    xmlNodePtr e;

    if (!errors) {
        errors = hd_xml_list(form, "errors");
    }
    e = hd_xml_child(errors, "error");
    hd_xml_attr(e, "field", field);
    hd_xml_attr(e, "message", message);
}

/* A field as typed, without the spaces around it (a phone number pasted
 * with a trailing space is still that number). */
static const char *trimmed(hd_req *rq, const char *name)
{
    const char *v = hd_form_field(rq, name);
    const char *end;

    while (*v == ' ' || *v == '\t') {
        v++;
    }
    end = v + strlen(v);
    while (end > v && (end[-1] == ' ' || end[-1] == '\t')) {
        end--;
    }
    return apr_pstrmemdup(rq->r->pool, v, end - v);
}

int hd_page_account(hd_req *rq)
{
    xmlNodePtr tokens;
    return account_page(rq, &tokens);
}

/* What is wrong with a token's name; NULL when nothing. */
static const char *bad_name(const char *name)
{
    long chars = hd_request_text_chars(name, 0);
    if (chars < 0) {
        return "The name holds characters that cannot be shown.";
    }
    if (hd_request_is_blank(name)) {
        return "Give the token a name, so you know later which program "
               "holds it.";
    }
    if (chars > HD_TOKEN_NAME_CHARS) {
        return "The name must be 100 characters or fewer.";
    }
    return NULL;
}

int hd_page_account_token_create(hd_req *rq)
{
    const char *name, *why, *id, *token;
    xmlNodePtr tokens, e;
    hd_db_outcome o;
    int rv;

    if (hd_auth_by_token(rq->r)) {
        rq->error_message = "API tokens are made on the account page by a "
                            "person logged in, not by a program.";
        return HTTP_FORBIDDEN;
    }
    if ((rv = hd_form_read(rq)) != OK || (rv = hd_form_check_token(rq)) != OK) {
        return rv;
    }
    name = hd_form_field(rq, "name");
    if ((why = bad_name(name)) != NULL) {
        if ((rv = account_page(rq, &tokens)) != OK) {
            return rv;
        }
        e = hd_xml_child(hd_xml_list(tokens, "errors"), "error");
        hd_xml_attr(e, "field", "name");
        hd_xml_attr(e, "message", why);
        hd_xml_attr(tokens, "name", name);
        rq->r->status = HTTP_BAD_REQUEST;
        return OK;
    }
    o = hd_token_create(hd_req_db(rq), rq->user->login, name, &id, &token);
    if (o != HD_DB_OK) {
        return hd_page_db_status(rq, o);
    }
    ap_log_rerror(APLOG_MARK, APLOG_NOTICE, 0, rq->r,
                  HDLOG(11101) "%s made API token %s", rq->user->login, id);
    if ((rv = account_page(rq, &tokens)) != OK) {
        return rv;
    }
    /* Shown this once: only its hash is kept (and pages are no-store). */
    e = hd_xml_child(tokens, "new-token");
    hd_xml_attr(e, "id", id);
    hd_xml_attr(e, "name", name);
    hd_xml_attr(e, "token", token);
    rq->r->status = HTTP_CREATED;
    return OK;
}

int hd_page_account_token_revoke(hd_req *rq)
{
    request_rec *r = rq->r;
    const char *id = APR_ARRAY_IDX(rq->args, 0, const char *);
    hd_db_outcome o;
    int rv, found;

    if ((rv = hd_form_read(rq)) != OK || (rv = hd_form_check_token(rq)) != OK) {
        return rv;
    }
    o = hd_token_revoke(hd_req_db(rq), rq->user->login, id, &found);
    if (o != HD_DB_OK) {
        return hd_page_db_status(rq, o);
    }
    if (!found) {
        rq->error_message = "You have no such API token, or it is revoked "
                            "already.";
        return HTTP_NOT_FOUND;
    }
    ap_log_rerror(APLOG_MARK, APLOG_NOTICE, 0, r,
                  HDLOG(11102) "%s revoked API token %s", rq->user->login, id);
    apr_table_setn(r->headers_out, "Location",
                   apr_pstrcat(r->pool, rq->sconf->base_url,
                               "/account?revoked=", id, NULL));
    return HTTP_SEE_OTHER;
}

/* ---------------------------------------------------------------- */
/* Contact details                                                    */
/* ---------------------------------------------------------------- */

int hd_page_account_contact(hd_req *rq)
{
    apr_pool_t *p = rq->r->pool;
    hd_contact c;
    const char *bad[3], *why = NULL;
    xmlNodePtr form;
    hd_dir_result d;
    int rv, i;

    if ((rv = hd_form_read(rq)) != OK || (rv = hd_form_check_token(rq)) != OK) {
        return rv;
    }
    c.phone = trimmed(rq, "phone");
    c.mobile = trimmed(rq, "mobile");
    c.room = trimmed(rq, "room");
    bad[0] = hd_account_bad_phone(p, c.phone, "telephone number");
    bad[1] = hd_account_bad_phone(p, c.mobile, "mobile number");
    bad[2] = hd_account_bad_room(c.room);
    if (bad[0] || bad[1] || bad[2]) {
        static const char *const fields[3] = {"phone", "mobile", "room"};
        if ((rv = account_refused(rq, "contact", &form)) != OK) {
            return rv;
        }
        /* Every value back as typed (made showable), so nothing has to
         * be typed again. */
        for (i = 0; i < 3; i++) {
            hd_xml_set(form, fields[i],
                       hd_request_showable(p, hd_form_field(rq, fields[i])));
        }
        for (i = 0; i < 3; i++) {
            if (bad[i]) {
                form_error(form, fields[i], bad[i]);
            }
        }
        return OK;
    }
    d = hd_ldap_set_contact(rq, rq->user->dn, &c, &why);
    if (d == HD_DIR_OK) {
        hd_ldap_refresh(rq, rq->user->login, &rq->user); /* best effort */
    }
    if (d == HD_DIR_REFUSED) {
        if ((rv = account_refused(rq, "contact", &form)) != OK) {
            return rv;
        }
        hd_xml_set(form, "phone", c.phone);
        hd_xml_set(form, "mobile", c.mobile);
        hd_xml_set(form, "room", c.room);
        form_error(form, "",
                   apr_pstrcat(p, "The directory did not take the change: ",
                               why && *why ? why : "it gave no reason.", NULL));
        return OK;
    }
    if (d != HD_DIR_OK) {
        return directory_status(rq, d, why);
    }
    ap_log_rerror(APLOG_MARK, APLOG_NOTICE, 0, rq->r,
                  HDLOG(13001) "%s changed their contact details",
                  rq->user->login);
    apr_table_setn(
        rq->r->headers_out, "Location",
        apr_pstrcat(p, rq->sconf->base_url, "/account?saved=contact", NULL));
    return HTTP_SEE_OTHER;
}

/* ---------------------------------------------------------------- */
/* A new e-mail address                                               */
/* ---------------------------------------------------------------- */

static apr_status_t free_doc(void *doc)
{
    xmlFreeDoc(doc);
    return APR_SUCCESS;
}

/* A <mail> document for the templates, freed with the request. */
static xmlDocPtr mail_doc(hd_req *rq, const char *kind)
{
    xmlDocPtr doc = hd_notify_doc(rq->r->pool, rq->sconf, kind);
    if (doc) {
        apr_pool_cleanup_register(rq->r->pool, doc, free_doc,
                                  apr_pool_cleanup_null);
    }
    return doc;
}

/* What is wrong with the new address asked for; NULL when nothing. */
static const char *bad_new_mail(hd_req *rq, const char *mail)
{
    const char *why = hd_account_bad_mail(mail);

    if (why) {
        return why;
    }
    if (rq->user->mail && !strcasecmp(mail, rq->user->mail)) {
        return "That is your e-mail address already.";
    }
    if (!rq->sconf->mail.from) {
        return "This portal sends no mail, so it cannot confirm a new "
               "address: ask the service desk to change it.";
    }
    return NULL;
}

int hd_page_account_mail(hd_req *rq)
{
    apr_pool_t *p = rq->r->pool;
    const char *mail, *why, *confirm;
    xmlNodePtr form;
    xmlDocPtr doc;
    hd_db_outcome o;
    int rv;

    /* Where the person's mail goes -- password resets among it -- is
     * theirs to change, not a program's. */
    if (hd_auth_by_token(rq->r)) {
        rq->error_message = "The e-mail address is changed on the account "
                            "page by a person logged in, not by a program.";
        return HTTP_FORBIDDEN;
    }
    if ((rv = hd_form_read(rq)) != OK || (rv = hd_form_check_token(rq)) != OK) {
        return rv;
    }
    mail = trimmed(rq, "mail");
    if ((why = bad_new_mail(rq, mail)) != NULL) {
        if ((rv = account_refused(rq, "mail-address", &form)) != OK) {
            return rv;
        }
        hd_xml_set(form, "new",
                   hd_request_showable(p, hd_form_field(rq, "mail")));
        form_error(form, "mail", why);
        return OK;
    }
    if (!(doc = mail_doc(rq, "mail-change"))) {
        return HTTP_INTERNAL_SERVER_ERROR;
    }
    confirm = apr_pstrcat(p, rq->sconf->mail.portal_url, rq->sconf->base_url,
                          HD_ACCOUNT_MAIL_CONFIRM "?token=", NULL);
    o = hd_mail_change_request(hd_req_db(rq), rq->sconf, rq->user->login,
                               rq->user->name ? rq->user->name : "", mail, doc,
                               confirm);
    if (o != HD_DB_OK) {
        return hd_page_db_status(rq, o);
    }
    ap_log_rerror(APLOG_MARK, APLOG_NOTICE, 0, rq->r,
                  HDLOG(13002) "%s asked to change their e-mail address to "
                               "%s: confirmation link sent",
                  rq->user->login, mail);
    apr_table_setn(
        rq->r->headers_out, "Location",
        apr_pstrcat(p, rq->sconf->base_url, "/account?saved=mail-link", NULL));
    return HTTP_SEE_OTHER;
}

int hd_page_account_mail_confirm(hd_req *rq)
{
    apr_pool_t *p = rq->r->pool;
    const char *old = rq->user->mail ? rq->user->mail : "";
    const char *why = NULL;
    hd_mail_change c;
    hd_dir_result d;
    xmlDocPtr doc;
    xmlNodePtr change;
    hd_db_outcome o;
    int done;

    if (hd_auth_by_token(rq->r)) {
        rq->error_message = "The link is followed by a person logged in, "
                            "not by a program.";
        return HTTP_FORBIDDEN;
    }
    o = hd_mail_change_find(hd_req_db(rq), apr_table_get(rq->query, "token"),
                            &c);
    if (o != HD_DB_OK) {
        return hd_page_db_status(rq, o);
    }
    switch (c.state) {
    case HD_MAIL_CHANGE_UNKNOWN:
        rq->error_message = "This confirmation link is not known. Copy the "
                            "whole link from the mail, or ask for a new one "
                            "on your account page.";
        return HTTP_NOT_FOUND;
    case HD_MAIL_CHANGE_USED:
        rq->error_message = "This confirmation link has been used already.";
        return HTTP_BAD_REQUEST;
    case HD_MAIL_CHANGE_EXPIRED:
        rq->error_message = "This confirmation link has expired, or a newer "
                            "one replaced it. Ask for a new one on your "
                            "account page.";
        return HTTP_BAD_REQUEST;
    default:
        break;
    }
    if (strcmp(c.login, rq->user->login)) {
        rq->error_message = "This confirmation link was sent for another "
                            "account: log out, and log in as the person who "
                            "asked for it.";
        return HTTP_FORBIDDEN;
    }
    d = hd_ldap_set_mail(rq, rq->user->dn, c.new_mail, &why);
    if (d != HD_DIR_OK) {
        return directory_status(rq, d, why);
    }
    /* The new address for this process's pages and the mail jobs now. */
    hd_ldap_refresh(rq, rq->user->login, &rq->user); /* best effort */
    /* Tell the old address too, as banks do: a change nobody asked for
     * does not go unnoticed. */
    if ((doc = mail_doc(rq, "mail-changed")) != NULL) {
        change = hd_xml_child(xmlDocGetRootElement(doc), "change");
        hd_xml_attr(change, "old", old);
        hd_xml_attr(change, "new", c.new_mail);
    }
    o = hd_mail_change_done(hd_req_db(rq), rq->sconf, &c,
                            rq->user->name ? rq->user->name : "", old, doc,
                            &done);
    if (o != HD_DB_OK) {
        /* The directory has the new address already; following the link
         * again writes it once more and finishes. */
        return hd_page_db_status(rq, o);
    }
    ap_log_rerror(APLOG_MARK, APLOG_NOTICE, 0, rq->r,
                  HDLOG(13003) "%s confirmed their new e-mail address %s "
                               "(was %s)",
                  rq->user->login, c.new_mail, old);
    apr_table_setn(
        rq->r->headers_out, "Location",
        apr_pstrcat(p, rq->sconf->base_url, "/account?saved=mail", NULL));
    return HTTP_SEE_OTHER;
}
