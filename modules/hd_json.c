/*
 * hd_json.c -- the JSON face of a page document.
 *
 * Pages build one XML document; JSON is derived from it by fixed rules so
 * the two APIs can never disagree:
 *   - an element becomes an object: its attributes become string members
 *     and its child elements members named after them;
 *   - an element with json="array" becomes an array of its children;
 *   - a child name that repeats becomes an array;
 *   - an element with text and nothing else becomes a string;
 *   - formatted text (<text>, see hd_text.c) becomes the plain text it
 *     was made from, the way the person typed it.
 * Escaping is jansson's job; nothing here writes JSON by hand.
 */
#include "mod_helpdesk.h"

#include <jansson.h>

static json_t *convert(apr_pool_t *p, xmlNodePtr node);

/*
 * Plain text is collected as pieces -- text nodes, marks, line breaks --
 * and joined once at the end.  Appending each piece to a growing string
 * would copy the string again for every piece: a long comment of short
 * lines is tens of thousands of pieces, and that is quadratic time and
 * hundreds of megabytes of pool for one legal comment.  The pieces
 * point into the document, which outlives the conversion.
 */
static void add_piece(apr_array_header_t *out, const char *s)
{
    /* Only non-empty pieces, so "nothing yet" is nelts == 0. */
    if (s && *s) {
        APR_ARRAY_PUSH(out, const char *) = s;
    }
}

/* Inline content back to its typed form: **bold**, `code`, links. */
static void inline_text(xmlNodePtr n, apr_array_header_t *out)
{
    for (; n; n = n->next) {
        const char *name = (const char *)n->name;
        if (n->type == XML_TEXT_NODE) {
            add_piece(out, (const char *)n->content);
        }
        else if (n->type != XML_ELEMENT_NODE) {
            continue;
        }
        else if (!strcmp(name, "br")) {
            add_piece(out, "\n");
        }
        else {
            const char *mark = !strcmp(name, "strong") ? "**"
                               : !strcmp(name, "code") ? "`"
                                                       : "";
            add_piece(out, mark);
            inline_text(n->children, out);
            add_piece(out, mark);
        }
    }
}

/* A <text> element as the plain text it came from. */
static json_t *plain_text(apr_pool_t *p, xmlNodePtr text)
{
    apr_array_header_t *out = apr_array_make(p, 64, sizeof(const char *));
    xmlNodePtr block, li;
    json_t *j;

    for (block = text->children; block; block = block->next) {
        if (block->type != XML_ELEMENT_NODE)
            continue;
        if (out->nelts)
            add_piece(out, "\n\n");
        if (!xmlStrcmp(block->name, (const xmlChar *)"ul")) {
            int first = 1;
            for (li = block->children; li; li = li->next) {
                if (li->type != XML_ELEMENT_NODE)
                    continue;
                add_piece(out, first ? "- " : "\n- ");
                inline_text(li->children, out);
                first = 0;
            }
        }
        else {
            inline_text(block->children, out);
        }
    }
    j = json_string(apr_array_pstrcat(p, out, '\0'));
    return j ? j : json_null();
}

static int is_array_hint(xmlNodePtr node)
{
    xmlChar *v = xmlGetProp(node, (const xmlChar *)"json");
    int yes = v && !xmlStrcmp(v, (const xmlChar *)"array");
    if (v) {
        xmlFree(v);
    }
    return yes;
}

static int has_element_children(xmlNodePtr node)
{
    xmlNodePtr c;
    for (c = node->children; c; c = c->next) {
        if (c->type == XML_ELEMENT_NODE) {
            return 1;
        }
    }
    return 0;
}

static json_t *text_of(xmlNodePtr node)
{
    xmlChar *t = xmlNodeGetContent(node);
    json_t *j = json_string(t ? (const char *)t : "");
    if (t) {
        xmlFree(t);
    }
    return j ? j : json_null();
}

static json_t *array_of_children(apr_pool_t *p, xmlNodePtr node)
{
    json_t *arr = json_array();
    xmlNodePtr c;
    for (c = node->children; c; c = c->next) {
        if (c->type == XML_ELEMENT_NODE) {
            json_array_append_new(arr, convert(p, c));
        }
    }
    return arr;
}

/* How many element children of parent are called name? */
static int count_named(xmlNodePtr parent, const xmlChar *name)
{
    xmlNodePtr c;
    int n = 0;
    for (c = parent->children; c; c = c->next) {
        n += c->type == XML_ELEMENT_NODE && !xmlStrcmp(c->name, name);
    }
    return n;
}

/* Add child under its name; a name that repeats collects an array. */
static void add_member(apr_pool_t *p, json_t *obj, xmlNodePtr parent,
                       xmlNodePtr child)
{
    const char *name = (const char *)child->name;
    json_t *arr;

    if (count_named(parent, child->name) < 2) {
        json_object_set_new(obj, name, convert(p, child));
        return;
    }
    arr = json_object_get(obj, name);
    if (!arr) {
        arr = json_array();
        json_object_set_new(obj, name, arr);
    }
    json_array_append_new(arr, convert(p, child));
}

static json_t *convert(apr_pool_t *p, xmlNodePtr node)
{
    json_t *obj;
    xmlAttrPtr a;
    xmlNodePtr c;

    if (is_array_hint(node)) {
        return array_of_children(p, node);
    }
    if (!xmlStrcmp(node->name, (const xmlChar *)"text")) {
        return plain_text(p, node);
    }
    if (!node->properties && !has_element_children(node)) {
        return text_of(node);
    }
    obj = json_object();
    for (a = node->properties; a; a = a->next) {
        xmlChar *v = xmlNodeListGetString(node->doc, a->children, 1);
        json_t *s = json_string(v ? (const char *)v : "");
        json_object_set_new(obj, (const char *)a->name, s ? s : json_null());
        if (v) {
            xmlFree(v);
        }
    }
    if (!has_element_children(node)) {
        xmlChar *t = xmlNodeGetContent(node);
        if (t && *t) {
            json_object_set_new(obj, "text", json_string((const char *)t));
        }
        if (t) {
            xmlFree(t);
        }
        return obj;
    }
    for (c = node->children; c; c = c->next) {
        if (c->type == XML_ELEMENT_NODE) {
            add_member(p, obj, node, c);
        }
    }
    return obj;
}

char *hd_json_from_xml(apr_pool_t *p, xmlNodePtr root)
{
    json_t *j = convert(p, root);
    char *text, *copy;

    if (!j) {
        return NULL;
    }
    text = json_dumps(j, JSON_PRESERVE_ORDER | JSON_COMPACT);
    json_decref(j);
    if (!text) {
        return NULL;
    }
    copy = apr_pstrdup(p, text);
    free(text); /* jansson's allocator, not ours */
    return copy;
}
