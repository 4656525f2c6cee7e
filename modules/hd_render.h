/*
 * hd_render.h -- the page document: building it, and sending it as HTML (XSLT),
 * XML or JSON; formatted text.
 */
#ifndef HD_RENDER_H
#define HD_RENDER_H

#include "mod_helpdesk.h"
#include <libxml/tree.h>

/* ------------------------------------------------------------------ */
/* Rendering (hd_render.c, hd_json.c)                                  */
/* ------------------------------------------------------------------ */

/* Compile every stylesheet of every server once (post_config). */
int hd_render_init(apr_pool_t *pconf, apr_pool_t *plog, server_rec *s);
/* Start rq->doc with the <helpdesk> root and the <user> element. */
void hd_render_begin(hd_req *rq, const char *page);
/* Send rq->doc in the negotiated format; returns OK or an HTTP_*. */
int hd_render_send(hd_req *rq);
/* Render the error page for status through the same layout; OK. */
int hd_render_error(hd_req *rq, int status, const char *message);

/* Small builders so page code reads as what it makes. */
xmlNodePtr hd_xml_child(xmlNodePtr parent, const char *name);
xmlNodePtr hd_xml_list(xmlNodePtr parent, const char *name);
void hd_xml_attr(xmlNodePtr node, const char *name, const char *value);
void hd_xml_text(xmlNodePtr parent, const char *name, const char *text);
/* Replace an attribute set before (hd_xml_attr would add a second). */
void hd_xml_set(xmlNodePtr node, const char *name, const char *value);
/* An attribute's value as the page set it, "" when absent: the node's
 * own string, valid as long as the node. */
const char *hd_xml_get(xmlNodePtr node, const char *name);
/* The node's first child element called name; NULL when none. */
xmlNodePtr hd_xml_find(xmlNodePtr node, const char *name);
/* One attribute per column of a row: names[i] for values[i], skipping
 * NULL names, so a SELECT's columns map to XML in one table. */
void hd_xml_attrs(xmlNodePtr node, const char *const *names, int n,
                  const char **values);

/* Append <text> holding plain text as safe, simply formatted XML. */
void hd_text_to_xml(xmlNodePtr parent, const char *text);

/* Convert an XML element to JSON text (allocated from p) by the rules
 * at the top of hd_json.c: attributes and children become members,
 * json="array" elements and declared lists always arrays, declared
 * numbers and booleans typed.  NULL on failure, with *error (if error is
 * not NULL) saying why: out of memory, or a page that repeats an element
 * outside a list. */
char *hd_json_from_xml(apr_pool_t *p, xmlNodePtr root, const char **error);

/* A mail template (xslt/mail/<name>.xsl, sheet "mail/<name>") applied
 * to doc with the parameter part ("subject", "text" or "html"): the
 * output as a string from p, NULL when there is no such sheet or the
 * transform failed.  Thread-safe: compiled stylesheets are shared
 * read-only. */
const char *hd_render_mail(apr_pool_t *p, const hd_server_conf *sc,
                           const char *sheet, xmlDocPtr doc, const char *part);

#endif /* HD_RENDER_H */
