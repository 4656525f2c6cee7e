/*
 * page_account.c -- the person's own page: who the directory says they
 * are, and their personal API tokens (hd_token.h).
 *
 *   GET  <base>/account                    account.xsl
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

#define HD_ACCOUNT_TOKENS_FORM "/account/tokens"

/* The page's root: <account> under <helpdesk>. */
static xmlNodePtr account_begin(hd_req *rq)
{
    hd_render_begin(rq, "account");
    return hd_xml_child(rq->root, "account");
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
    account_person(rq, account);
    account_mail(rq, account);
    return account_tokens(rq, account, tokens);
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
