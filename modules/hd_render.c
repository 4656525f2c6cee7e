/*
 * hd_render.c -- from a page's XML document to the response.
 *
 * Stylesheets are compiled once, in post_config, before the parent forks
 * its children: every thread of every child then shares the same
 * read-only xsltStylesheet (libxslt allows that; each transformation
 * makes its own context).  No request ever parses a stylesheet.
 *
 * The same document is the machine API: Accept: application/xml gets it
 * as it is, application/json gets it through hd_json_from_xml().
 */
#include "mod_helpdesk.h"
#include "hd_config.h"
#include "hd_request.h"
#include "hd_ldap.h"
#include "hd_render.h"
#include "hd_form.h"
#include "apr_file_info.h"

#include <libxml/parser.h>
#include <libxslt/xslt.h>
#include <libxslt/xsltInternals.h>
#include <libxslt/transform.h>
#include <libxslt/xsltutils.h>
#include <libxslt/security.h>

struct hd_style_cache {
    const char *dir;
    apr_hash_t *sheets; /* "today" -> xsltStylesheetPtr */
};

/* ------------------------------------------------------------------ */
/* Start-up                                                            */
/* ------------------------------------------------------------------ */

static apr_status_t free_stylesheet(void *style)
{
    xsltFreeStylesheet(style);
    return APR_SUCCESS;
}

static apr_status_t free_security_prefs(void *prefs)
{
    xsltSetDefaultSecurityPrefs(NULL);
    xsltFreeSecurityPrefs(prefs);
    return APR_SUCCESS;
}

/* Our stylesheets never write files or talk to the network; make sure
 * no stylesheet can, whatever lands in the directory. */
static void lock_down_xslt(apr_pool_t *pconf)
{
    xsltSecurityPrefsPtr prefs = xsltNewSecurityPrefs();
    xsltSetSecurityPrefs(prefs, XSLT_SECPREF_WRITE_FILE, xsltSecurityForbid);
    xsltSetSecurityPrefs(prefs, XSLT_SECPREF_CREATE_DIRECTORY,
                         xsltSecurityForbid);
    xsltSetSecurityPrefs(prefs, XSLT_SECPREF_READ_NETWORK, xsltSecurityForbid);
    xsltSetSecurityPrefs(prefs, XSLT_SECPREF_WRITE_NETWORK, xsltSecurityForbid);
    xsltSetDefaultSecurityPrefs(prefs);
    apr_pool_cleanup_register(pconf, prefs, free_security_prefs,
                              apr_pool_cleanup_null);
}

/* Compile every *.xsl of dir/prefix into cache c, named prefix + the
 * file's name without ".xsl" (and, for the top directory, its mail/
 * subdirectory too, which may be missing); c or NULL after logging. */
static hd_style_cache *compile_into(hd_style_cache *c, apr_pool_t *pconf,
                                    apr_pool_t *ptemp, server_rec *s,
                                    const char *top, const char *prefix)
{
    const char *dir = apr_pstrcat(ptemp, top, "/", prefix, NULL);
    apr_finfo_t fi;
    apr_dir_t *d;
    apr_status_t rv;

    rv = apr_dir_open(&d, dir, ptemp);
    if (rv != APR_SUCCESS && *prefix && APR_STATUS_IS_ENOENT(rv)) {
        return c; /* no mail templates: mail cannot be rendered, said then */
    }
    if (rv != APR_SUCCESS) {
        ap_log_error(APLOG_MARK, APLOG_CRIT, rv, s,
                     HDLOG(00301) "cannot read HelpdeskStylesheetDir %s", dir);
        return NULL;
    }
    while (apr_dir_read(&fi, APR_FINFO_NAME | APR_FINFO_TYPE, d) ==
           APR_SUCCESS) {
        apr_size_t len = strlen(fi.name);
        const char *path;
        xsltStylesheetPtr style;

        if (fi.filetype != APR_REG || len < 5 ||
            strcmp(fi.name + len - 4, ".xsl")) {
            continue;
        }
        path = apr_pstrcat(ptemp, dir, fi.name, NULL);
        style = xsltParseStylesheetFile((const xmlChar *)path);
        if (!style) {
            ap_log_error(APLOG_MARK, APLOG_CRIT, 0, s,
                         HDLOG(00302) "stylesheet %s does not compile "
                                      "(libxslt's message is above)",
                         path);
            apr_dir_close(d);
            return NULL;
        }
        apr_pool_cleanup_register(pconf, style, free_stylesheet,
                                  apr_pool_cleanup_null);
        apr_hash_set(c->sheets,
                     apr_pstrcat(pconf, prefix,
                                 apr_pstrmemdup(ptemp, fi.name, len - 4), NULL),
                     APR_HASH_KEY_STRING, style);
    }
    apr_dir_close(d);
    /* The mail templates (xslt/mail/), kept as "mail/ticket" etc. */
    if (!*prefix) {
        if (!compile_into(c, pconf, ptemp, s, top, "mail/")) {
            return NULL;
        }
        ap_log_error(APLOG_MARK, APLOG_DEBUG, 0, s,
                     HDLOG(00303) "compiled %u stylesheets from %s",
                     apr_hash_count(c->sheets), dir);
    }
    return c;
}

/* Compile every stylesheet of dir into a new cache; NULL after logging. */
static hd_style_cache *compile_dir(apr_pool_t *pconf, apr_pool_t *ptemp,
                                   server_rec *s, const char *dir)
{
    hd_style_cache *c = apr_pcalloc(pconf, sizeof(*c));
    c->dir = dir;
    c->sheets = apr_hash_make(pconf);
    return compile_into(c, pconf, ptemp, s, dir, "");
}

int hd_render_init(apr_pool_t *pconf, apr_pool_t *ptemp, server_rec *s)
{
    apr_hash_t *by_dir = apr_hash_make(ptemp);
    server_rec *sp;

    xmlInitParser(); /* never xmlCleanupParser: libxml2 is shared */
    lock_down_xslt(pconf);
    for (sp = s; sp; sp = sp->next) {
        hd_server_conf *sc =
            ap_get_module_config(sp->module_config, &helpdesk_module);
        if (hd_config_apply_defaults(pconf, sp, sc) != OK) {
            return HTTP_INTERNAL_SERVER_ERROR;
        }
        sc->styles = apr_hash_get(by_dir, sc->xslt_dir, APR_HASH_KEY_STRING);
        if (!sc->styles) {
            sc->styles = compile_dir(pconf, ptemp, sp, sc->xslt_dir);
            if (!sc->styles) {
                return HTTP_INTERNAL_SERVER_ERROR;
            }
            apr_hash_set(by_dir, sc->xslt_dir, APR_HASH_KEY_STRING, sc->styles);
        }
    }
    return OK;
}

/* ------------------------------------------------------------------ */
/* Building documents                                                  */
/* ------------------------------------------------------------------ */

xmlNodePtr hd_xml_child(xmlNodePtr parent, const char *name)
{
    return xmlNewChild(parent, NULL, (const xmlChar *)name, NULL);
}

xmlNodePtr hd_xml_list(xmlNodePtr parent, const char *name)
{
    xmlNodePtr list = hd_xml_child(parent, name);
    xmlNewProp(list, (const xmlChar *)"json", (const xmlChar *)"array");
    return list;
}

void hd_xml_attr(xmlNodePtr node, const char *name, const char *value)
{
    if (value) {
        xmlNewProp(node, (const xmlChar *)name, (const xmlChar *)value);
    }
}

void hd_xml_set(xmlNodePtr node, const char *name, const char *value)
{
    xmlSetProp(node, (const xmlChar *)name, (const xmlChar *)value);
}

const char *hd_xml_get(xmlNodePtr node, const char *name)
{
    xmlAttrPtr a = xmlHasProp(node, (const xmlChar *)name);
    return a && a->children && a->children->content
               ? (const char *)a->children->content
               : "";
}

xmlNodePtr hd_xml_find(xmlNodePtr node, const char *name)
{
    xmlNodePtr c;
    for (c = node->children; c; c = c->next) {
        if (c->type == XML_ELEMENT_NODE &&
            !strcmp((const char *)c->name, name)) {
            return c;
        }
    }
    return NULL;
}

void hd_xml_attrs(xmlNodePtr node, const char *const *names, int n,
                  const char **values)
{
    int i;
    for (i = 0; i < n; i++) {
        if (names[i]) {
            hd_xml_attr(node, names[i], values[i]);
        }
    }
}

void hd_xml_text(xmlNodePtr parent, const char *name, const char *text)
{
    /* xmlNewTextChild escapes; xmlNewChild would take '&' as markup. */
    xmlNewTextChild(parent, NULL, (const xmlChar *)name,
                    (const xmlChar *)(text ? text : ""));
}

static apr_status_t free_doc(void *doc)
{
    xmlFreeDoc(doc);
    return APR_SUCCESS;
}

static void add_user(hd_req *rq, xmlNodePtr root, const hd_user_t *u)
{
    xmlNodePtr e = hd_xml_child(root, "user");
    /* The log-out button in every page's header posts with this. */
    hd_xml_attr(e, "logout-csrf", hd_form_token(rq, "/logout"));
    hd_xml_attr(e, "login", u->login);
    hd_xml_attr(e, "name", u->name);
    hd_xml_attr(e, "mail", u->mail);
    hd_xml_attr(e, "phone", u->phone);
    hd_xml_attr(e, "organisation", u->organisation);
    hd_xml_attr(e, "role", hd_user_role(u));
}

/* How to reach the service desk, in every document: the pages that
 * need it most (errors, the login page) are those where the portal
 * itself cannot help.  Left out when nothing is configured. */
static void add_contact(xmlNodePtr root, const hd_server_conf *sc)
{
    const char *v[3] = {sc->contact_phone, sc->contact_mail, sc->contact_hours};
    static const char *const names[3] = {"phone", "mail", "hours"};
    xmlNodePtr e = NULL;
    int i;

    for (i = 0; i < 3; i++) {
        if (v[i] && *v[i]) {
            if (!e) {
                e = hd_xml_child(root, "contact");
            }
            hd_xml_attr(e, names[i], v[i]);
        }
    }
}

void hd_render_begin(hd_req *rq, const char *page)
{
    const hd_server_conf *sc = rq->sconf;

    rq->doc = xmlNewDoc((const xmlChar *)"1.0");
    apr_pool_cleanup_register(rq->r->pool, rq->doc, free_doc,
                              apr_pool_cleanup_null);
    rq->root = xmlNewDocNode(rq->doc, NULL, (const xmlChar *)"helpdesk", NULL);
    xmlDocSetRootElement(rq->doc, rq->root);
    rq->page = page;
    hd_xml_attr(rq->root, "page", page);
    hd_xml_attr(rq->root, "base", sc->base_url);
    hd_xml_attr(rq->root, "static", sc->static_url);
    hd_xml_attr(rq->root, "site", sc->site_name);
    if (rq->user) {
        add_user(rq, rq->root, rq->user);
    }
    add_contact(rq->root, sc);
}

/* ------------------------------------------------------------------ */
/* Sending                                                             */
/* ------------------------------------------------------------------ */

/* libxml2's output callback: straight into Apache's output, so the page
 * is never held whole in a growing buffer and copied again. */
static int write_to_request(void *ctx, const char *buf, int len)
{
    return ap_rwrite(buf, len, ctx) < 0 ? -1 : len;
}

static int send_html(hd_req *rq)
{
    request_rec *r = rq->r;
    xsltStylesheetPtr style = NULL;
    xmlOutputBufferPtr ob;
    xmlDocPtr out;

    if (rq->sconf->styles) {
        style = apr_hash_get(rq->sconf->styles->sheets, rq->page,
                             APR_HASH_KEY_STRING);
    }
    if (!style) {
        ap_log_rerror(APLOG_MARK, APLOG_ERR, 0, r,
                      HDLOG(00304) "no stylesheet %s.xsl in %s", rq->page,
                      rq->sconf->xslt_dir);
        return HTTP_INTERNAL_SERVER_ERROR;
    }
    out = xsltApplyStylesheet(style, rq->doc, NULL);
    if (!out) {
        ap_log_rerror(APLOG_MARK, APLOG_ERR, 0, r,
                      HDLOG(00305) "transforming with %s.xsl failed", rq->page);
        return HTTP_INTERNAL_SERVER_ERROR;
    }
    apr_pool_cleanup_register(r->pool, out, free_doc, apr_pool_cleanup_null);
    ob = xmlOutputBufferCreateIO(write_to_request, NULL, r, NULL);
    if (!ob) {
        return HTTP_INTERNAL_SERVER_ERROR;
    }
    ap_set_content_type(r, "text/html; charset=utf-8");
    /* Nothing has gone out before the first 4 KB are ready, so a failure
     * here is still a clean error page. */
    if (xsltSaveResultTo(ob, out, style) < 0) {
        xmlOutputBufferClose(ob);
        return HTTP_INTERNAL_SERVER_ERROR;
    }
    return xmlOutputBufferClose(ob) < 0 ? HTTP_INTERNAL_SERVER_ERROR : OK;
}

static int send_xml(hd_req *rq)
{
    xmlChar *buf = NULL;
    int len = 0;

    xmlDocDumpFormatMemoryEnc(rq->doc, &buf, &len, "UTF-8", 1);
    if (!buf) {
        return HTTP_INTERNAL_SERVER_ERROR;
    }
    ap_set_content_type(rq->r, "application/xml; charset=utf-8");
    ap_rwrite(buf, len, rq->r);
    xmlFree(buf);
    return OK;
}

static int send_json(hd_req *rq)
{
    const char *why = NULL;
    char *json = hd_json_from_xml(rq->r->pool, rq->root, &why);
    if (!json) {
        ap_log_rerror(APLOG_MARK, APLOG_ERR, 0, rq->r,
                      HDLOG(00306) "page %s cannot be sent as JSON: %s",
                      rq->page, why);
        return HTTP_INTERNAL_SERVER_ERROR;
    }
    ap_set_content_type(rq->r, "application/json");
    ap_rputs(json, rq->r);
    ap_rputc('\n', rq->r);
    return OK;
}

/* Replace what XML cannot carry -- bytes that are not UTF-8, control
 * characters, non-characters -- in every text and attribute value of the
 * subtree.  Input is validated before it is stored, but values that
 * failed validation are echoed back, paths are echoed on 404s, and rows
 * stored before a rule existed are still read: this one pass keeps every
 * answer, HTML, XML or JSON, well-formed whatever the source.  The scan
 * is linear and copies only a value that needs it. */
static void make_showable(apr_pool_t *p, xmlNodePtr n)
{
    for (; n; n = n->next) {
        if (n->type == XML_TEXT_NODE || n->type == XML_CDATA_SECTION_NODE) {
            const char *v = (const char *)n->content;
            const char *ok = v ? hd_request_showable(p, v) : v;
            if (ok != v) {
                xmlNodeSetContent(n, (const xmlChar *)ok);
            }
        }
        else if (n->type == XML_ELEMENT_NODE) {
            xmlAttrPtr a;
            for (a = n->properties; a; a = a->next) {
                make_showable(p, a->children);
            }
            make_showable(p, n->children);
        }
    }
}

int hd_render_send(hd_req *rq)
{
    request_rec *r = rq->r;

    make_showable(r->pool, rq->root);

    /* Pages hold personal data: never cache; they vary by Accept. */
    apr_table_setn(r->headers_out, "Cache-Control", "no-store");
    apr_table_mergen(r->headers_out, "Vary", "Accept");
    switch (rq->format) {
    case HD_FMT_XML:
        return send_xml(rq);
    case HD_FMT_JSON:
        return send_json(rq);
    default:
        return send_html(rq);
    }
}

/* ------------------------------------------------------------------ */
/* Error pages                                                         */
/* ------------------------------------------------------------------ */

static const char *status_title(int status)
{
    switch (status) {
    case HTTP_BAD_REQUEST:
        return "Bad request";
    case HTTP_UNAUTHORIZED:
        return "Not signed in";
    case HTTP_FORBIDDEN:
        return "Access denied";
    case HTTP_NOT_FOUND:
        return "Page not found";
    case HTTP_METHOD_NOT_ALLOWED:
        return "Method not allowed";
    case HTTP_REQUEST_ENTITY_TOO_LARGE:
        return "Too large";
    case HTTP_SERVICE_UNAVAILABLE:
        return "Service temporarily unavailable";
    default:
        return "Something went wrong";
    }
}

static const char *status_message(request_rec *r, int status)
{
    switch (status) {
    case HTTP_BAD_REQUEST:
        return "The request could not be understood.";
    case HTTP_FORBIDDEN:
        return "You do not have access to this page.";
    case HTTP_NOT_FOUND:
        return apr_pstrcat(r->pool, "There is no page at ",
                           r->prev ? r->prev->uri : r->uri, ".", NULL);
    case HTTP_METHOD_NOT_ALLOWED:
        return apr_pstrcat(r->pool, "This page does not accept ",
                           r->prev ? r->prev->method : r->method, ".", NULL);
    case HTTP_REQUEST_ENTITY_TOO_LARGE:
        return "What was sent is larger than this portal accepts.";
    case HTTP_SERVICE_UNAVAILABLE:
        return "A service the portal depends on cannot be reached.";
    default:
        return "The portal could not complete this request.";
    }
}

/* "Try again" on a 503 is the address that failed: offered only when
 * asking again is harmless (GET, HEAD) and the address is the portal's
 * own.  For an ErrorDocument, the request Apache failed is r->prev. */
static const char *retry_href(hd_req *rq)
{
    request_rec *r = rq->r->prev ? rq->r->prev : rq->r;
    apr_pool_t *p = rq->r->pool;
    const char *href;

    if (r->method_number != M_GET || !r->uri) {
        return NULL;
    }
    href = ap_escape_uri(p, r->uri);
    if (r->args && *r->args) {
        href = apr_pstrcat(p, href, "?", r->args, NULL);
    }
    return strcmp(hd_request_safe_return(p, rq->sconf->base_url, href), href)
               ? NULL
               : href;
}

int hd_render_error(hd_req *rq, int status, const char *message)
{
    request_rec *r = rq->r;
    xmlNodePtr e;
    int rv;

    if (status < 400 || status > 599) {
        status = HTTP_INTERNAL_SERVER_ERROR;
    }
    hd_render_begin(rq, "error");
    e = hd_xml_child(rq->root, "error");
    hd_xml_attr(e, "status", apr_itoa(r->pool, status));
    hd_xml_attr(e, "title", status_title(status));
    hd_xml_attr(e, "message", message ? message : status_message(r, status));
    hd_xml_attr(
        e, "time",
        ap_ht_time(r->pool, r->request_time, "%Y-%m-%d %H:%M:%S %Z", 1));
    if (status == HTTP_SERVICE_UNAVAILABLE) {
        apr_table_setn(r->err_headers_out, "Retry-After", "30");
        hd_xml_attr(e, "retry-href", retry_href(rq));
    }
    r->status = status;
    rv = hd_render_send(rq);
    /* Last resort when even the error page cannot render: Apache's own
     * text, which is still the right status. */
    return rv == OK ? OK : status;
}

/* ------------------------------------------------------------------ */
/* Mail                                                                */
/* ------------------------------------------------------------------ */

const char *hd_render_mail(apr_pool_t *p, const hd_server_conf *sc,
                           const char *sheet, xmlDocPtr doc, const char *part)
{
    xsltStylesheetPtr style = NULL;
    const char *params[] = {"part", NULL, NULL};
    xmlChar *buf = NULL;
    int len = 0;
    xmlDocPtr out;
    const char *text = NULL;

    if (sc->styles) {
        style = apr_hash_get(sc->styles->sheets, sheet, APR_HASH_KEY_STRING);
    }
    if (!style) {
        return NULL;
    }
    /* A string parameter is an XPath expression: quote it. */
    params[1] = apr_pstrcat(p, "'", part, "'", NULL);
    out = xsltApplyStylesheet(style, doc, params);
    if (!out) {
        return NULL;
    }
    if (!strcmp(part, "html")) {
        if (xsltSaveResultToString(&buf, &len, out, style) == 0) {
            text = apr_pstrmemdup(p, buf ? (const char *)buf : "",
                                  (apr_size_t)len);
        }
    }
    else {
        /* The subject and the plain text are the result's characters as
         * they are: serialised as HTML they would come out escaped. */
        buf = xmlNodeGetContent((xmlNodePtr)out);
        text = apr_pstrdup(p, buf ? (const char *)buf : "");
    }
    xmlFree(buf);
    xmlFreeDoc(out);
    return text;
}
