/*
 * hd_json.c -- the JSON face of a page document.
 *
 * Pages build one XML document; JSON is derived from it by fixed rules so
 * the two APIs can never disagree, and so that a member has one type
 * whatever the data -- a client can rely on the shape:
 *   - an element becomes an object: its attributes and its child
 *     elements become members named after them;
 *   - an element with json="array" (hd_xml_list) becomes an array of its
 *     children, also when it has one child or none;
 *   - a child name declared a list in json_types[] below becomes an
 *     array member, also with one child or none;
 *   - any other child name appears at most once: a page that repeats one
 *     outside a list has a bug, and the conversion fails (the request
 *     answers 500 and the log names it) rather than send a member that is
 *     an object on one page and an array on the next;
 *   - attributes are strings, except those json_types[] declares numbers
 *     or booleans, and those only when the value is exactly one ("42",
 *     "true", "false"): anything else stays the string it was;
 *   - an element with text and nothing else becomes a string, an empty
 *     element an empty object;
 *   - formatted text (<text>, see hd_text.c) becomes the plain text it
 *     was made from, the way the person typed it.
 * Escaping is jansson's job; nothing here writes JSON by hand.  The
 * conversion is one pass, linear in the size of the document.
 */
#include "mod_helpdesk.h"
#include "hd_render.h"

#include "apr_lib.h"

#include <errno.h>
#include <jansson.h>

typedef enum { JSON_AS_NUMBER, JSON_AS_BOOLEAN, JSON_AS_LIST } json_as;

/*
 * Every member that is not a string, by element name: what the API
 * promises (README, "JSON").  An element name means the same wherever it
 * appears (a <ticket> row and the <ticket> page have the same types), so
 * a new attribute or element of a page that is not a string is added
 * here.
 */
static const struct {
    const char *element, *member;
    json_as as;
} json_types[] = {
    /* page_tickets.c: the columns chooser and its form */
    {"column", "position", JSON_AS_NUMBER},
    {"column", "shown", JSON_AS_BOOLEAN},
    /* ... whose <column>s are not inside a json="array" element */
    {"columns-form", "column", JSON_AS_LIST},
    /* page_account.c: the person's API tokens, and whether mail is sent */
    {"api-token", "id", JSON_AS_NUMBER},
    {"new-token", "id", JSON_AS_NUMBER},
    {"mail", "sending", JSON_AS_BOOLEAN},
    /* ... whether a new e-mail address can be confirmed (mail is sent);
     * page_account_password.c: a temporary password to be replaced */
    {"mail-address", "sending", JSON_AS_BOOLEAN},
    {"account-password", "must-change", JSON_AS_BOOLEAN},
    /* page_mail.c: the notification choices, the desk's undelivered mail */
    {"notifications", "sending", JSON_AS_BOOLEAN},
    {"notifications", "saved", JSON_AS_BOOLEAN},
    {"topic", "wanted", JSON_AS_BOOLEAN},
    {"team", "member", JSON_AS_BOOLEAN},
    {"undelivered", "sending", JSON_AS_BOOLEAN},
    {"message", "id", JSON_AS_NUMBER},
    {"message", "attempts", JSON_AS_NUMBER},
    /* page_password.c: "Forgot your password?" */
    {"forgot", "sent", JSON_AS_BOOLEAN},
    {"forgot", "valid-hours", JSON_AS_NUMBER},
    /* page_logins.c: a supervisor's organisation's people, one login */
    {"logins", "count", JSON_AS_NUMBER},
    {"logins", "total", JSON_AS_NUMBER},
    {"person", "has-mail", JSON_AS_BOOLEAN},
    {"person", "open-tickets", JSON_AS_NUMBER},
    {"person", "total-tickets", JSON_AS_NUMBER},
    {"login-detail", "valid-hours", JSON_AS_NUMBER},
    /* page_tickets.c: the supervisor's dashboard on view=org */
    {"dashboard", "open", JSON_AS_NUMBER},
    {"dashboard", "on-desk", JSON_AS_NUMBER},
    {"dashboard", "waiting-on-us", JSON_AS_NUMBER},
    {"dashboard-status", "tickets", JSON_AS_NUMBER},
    {"oldest-open", "id", JSON_AS_NUMBER},
    /* hd_render.c: every error page */
    {"error", "status", JSON_AS_NUMBER},
    /* page_login.c */
    {"login", "failed", JSON_AS_BOOLEAN},
    {"login", "loggedout", JSON_AS_BOOLEAN},
    /* page_attach.c: a ticket's files and the form that adds them */
    {"attachment", "id", JSON_AS_NUMBER},
    {"attachment", "size", JSON_AS_NUMBER},
    {"attachment", "image", JSON_AS_BOOLEAN},
    {"attachment", "internal", JSON_AS_BOOLEAN},
    {"attach-form", "max-size", JSON_AS_NUMBER},
    {"attach-form", "max-files", JSON_AS_NUMBER},
    {"attach-form", "internal-allowed", JSON_AS_BOOLEAN},
    /* page_ticket_new.c: the new-ticket form's file chooser */
    {"ticket-form", "max-size", JSON_AS_NUMBER},
    {"ticket-form", "max-files", JSON_AS_NUMBER},
    /* page_today.c, page_ticket_new.c */
    {"service", "id", JSON_AS_NUMBER},
    {"service", "selected", JSON_AS_BOOLEAN},
    {"service", "shared", JSON_AS_BOOLEAN},
    {"service", "subscribed", JSON_AS_BOOLEAN},
    /* page_services.c: one service's page, its incidents, the agents'
     * form; page_today.c */
    {"affected", "incident-id", JSON_AS_NUMBER},
    {"day", "amber-minutes", JSON_AS_NUMBER},
    {"day", "red-minutes", JSON_AS_NUMBER},
    {"day", "maintenance-minutes", JSON_AS_NUMBER},
    {"entry", "id", JSON_AS_NUMBER},
    {"incident", "id", JSON_AS_NUMBER},
    {"incident", "affected", JSON_AS_NUMBER},
    {"incident", "affected-by-me", JSON_AS_BOOLEAN},
    {"incident", "update", JSON_AS_LIST},
    {"incident", "linked", JSON_AS_LIST},
    {"incident-status", "selected", JSON_AS_BOOLEAN},
    {"issue", "id", JSON_AS_NUMBER},
    {"issue", "affected-by-me", JSON_AS_BOOLEAN},
    {"item", "id", JSON_AS_NUMBER},
    {"light", "selected", JSON_AS_BOOLEAN},
    {"maintenance", "id", JSON_AS_NUMBER},
    {"open", "ticket", JSON_AS_LIST},
    {"open", "affected", JSON_AS_LIST},
    {"services", "agent", JSON_AS_BOOLEAN},
    {"services", "service", JSON_AS_LIST},
    {"status-form", "light", JSON_AS_LIST},
    {"status-form", "incident-status", JSON_AS_LIST},
    {"status-form", "error", JSON_AS_LIST},
    {"subscription", "subscribed", JSON_AS_BOOLEAN},
    {"update", "id", JSON_AS_NUMBER},
    {"uptime", "days", JSON_AS_NUMBER},
    {"uptime", "day", JSON_AS_LIST},
    /* page_faq.c: entries by category, the categories to narrow by;
     * page_desk_content.c: the desk's FAQ entries */
    {"category", "entry", JSON_AS_LIST},
    {"entry", "sort-order", JSON_AS_NUMBER},
    {"topic", "current", JSON_AS_BOOLEAN},
    {"topic", "entries", JSON_AS_NUMBER},
    /* page_tickets.c: the list's choices */
    {"sort", "selected", JSON_AS_BOOLEAN},
    {"status", "selected", JSON_AS_BOOLEAN},
    /* page_ticket_new.c */
    {"team", "selected", JSON_AS_BOOLEAN},
    /* page_ticket.c (one ticket) and page_tickets.c (a row) */
    {"ticket", "can-cancel", JSON_AS_BOOLEAN},
    {"ticket", "can-comment", JSON_AS_BOOLEAN},
    {"ticket", "can-resolve", JSON_AS_BOOLEAN},
    {"ticket", "id", JSON_AS_NUMBER},
    {"ticket", "priority", JSON_AS_NUMBER},
    {"ticket", "shared", JSON_AS_BOOLEAN},
    /* page_tickets.c */
    {"tickets", "count-shown", JSON_AS_NUMBER},
    {"view", "current", JSON_AS_BOOLEAN},
    /* Not <values>: it echoes the form as typed ("shared" is "true",
     * "false" or "default"), so all of it stays strings. */
};
#define N_JSON_TYPES ((int)(sizeof(json_types) / sizeof(json_types[0])))

/* The first row of json_types[] about element; N_JSON_TYPES for none,
 * as for most elements, whose attributes then cost nothing more. */
static int first_type(const xmlChar *element)
{
    int i;
    for (i = 0; i < N_JSON_TYPES; i++) {
        if (!strcmp(json_types[i].element, (const char *)element)) {
            break;
        }
    }
    return i;
}

/* How a member of element is typed (first: first_type(element));
 * -1 for a string. */
static int member_as(int first, const xmlChar *element, const xmlChar *member)
{
    int i;
    for (i = first; i < N_JSON_TYPES; i++) {
        if (!strcmp(json_types[i].member, (const char *)member) &&
            !strcmp(json_types[i].element, (const char *)element)) {
            return json_types[i].as;
        }
    }
    return -1;
}

/* The conversion of one document. */
typedef struct {
    apr_pool_t *p;
    const char *error; /* why it failed, for the log */
} json_ctx;

static json_t *convert(json_ctx *cx, xmlNodePtr node);

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

/* A <text> element as the plain text it came from: its source as typed
 * (hd_text.c keeps it), else rebuilt from the blocks. */
static json_t *plain_text(apr_pool_t *p, xmlNodePtr text)
{
    apr_array_header_t *out = apr_array_make(p, 64, sizeof(const char *));
    xmlChar *source = xmlGetProp(text, (const xmlChar *)"source");
    xmlNodePtr block, li;
    json_t *j;

    if (source) {
        j = json_string((const char *)source);
        xmlFree(source);
        return j ? j : json_null();
    }

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

/* Failing: keep the first reason; NULL, for the caller to return. */
static json_t *fail(json_ctx *cx, const char *why)
{
    if (!cx->error) {
        cx->error = why;
    }
    return NULL;
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

/* A string member; text that jansson refuses (not UTF-8, which
 * hd_render.c's make_showable rules out) becomes null, not a failure. */
static json_t *string_of(const char *s)
{
    json_t *j = json_string(s ? s : "");
    return j ? j : json_null();
}

/* "42" or "-7" exactly as a program writes an integer: no "+", no
 * leading zero, no space, no fraction, within json_int_t.  Anything else
 * ("", "03", "4.5", "12 ") is not a number the API may promise. */
static int exact_integer(const char *s, json_int_t *out)
{
    const char *d = *s == '-' ? s + 1 : s;
    char *end;
    long long v;

    if (!apr_isdigit(*d) || (*d == '0' && (d[1] || d != s))) {
        return 0;
    }
    errno = 0;
    v = strtoll(s, &end, 10);
    if (errno || *end) {
        return 0;
    }
    *out = (json_int_t)v;
    return 1;
}

/* An attribute's value as its declared type, when it is exactly one. */
static json_t *attribute_value(int as, const char *v)
{
    json_int_t n;

    if (as == JSON_AS_BOOLEAN && (!strcmp(v, "true") || !strcmp(v, "false"))) {
        return json_boolean(*v == 't');
    }
    if (as == JSON_AS_NUMBER && exact_integer(v, &n)) {
        return json_integer(n);
    }
    return string_of(v);
}

/* Add the one member of its name; a second one is the page's bug. */
static int set_member(json_ctx *cx, json_t *obj, xmlNodePtr node,
                      const xmlChar *name, json_t *value)
{
    if (!value) {
        fail(cx, "out of memory");
        return -1;
    }
    if (json_object_get(obj, (const char *)name)) {
        json_decref(value);
        fail(cx, apr_psprintf(cx->p,
                              "<%s> has two members \"%s\": an element "
                              "that repeats belongs in a list "
                              "(hd_xml_list or json_types[])",
                              (const char *)node->name, (const char *)name));
        return -1;
    }
    /* _new takes value over, also when it fails. */
    if (json_object_set_new(obj, (const char *)name, value)) {
        fail(cx, "out of memory");
        return -1;
    }
    return 0;
}

/* The array member name, made on first use. */
static json_t *list_member(json_ctx *cx, json_t *obj, xmlNodePtr node,
                           const xmlChar *name)
{
    json_t *arr = json_object_get(obj, (const char *)name);

    if (arr && !json_is_array(arr)) {
        return fail(cx,
                    apr_psprintf(cx->p,
                                 "<%s> has an attribute and a list "
                                 "both named \"%s\"",
                                 (const char *)node->name, (const char *)name));
    }
    if (!arr) {
        arr = json_array();
        if (!arr || json_object_set_new(obj, (const char *)name, arr)) {
            return fail(cx, "out of memory");
        }
    }
    return arr;
}

static json_t *array_of_children(json_ctx *cx, xmlNodePtr node)
{
    json_t *arr = json_array();
    xmlNodePtr c;

    if (!arr) {
        return fail(cx, "out of memory");
    }
    for (c = node->children; c; c = c->next) {
        if (c->type == XML_ELEMENT_NODE &&
            json_array_append_new(arr, convert(cx, c))) {
            json_decref(arr);
            return fail(cx, "out of memory");
        }
    }
    return arr;
}

/* The members of obj from node's attributes, child elements or text. */
static int add_members(json_ctx *cx, json_t *obj, xmlNodePtr node)
{
    int first = first_type(node->name);
    xmlAttrPtr a;
    xmlNodePtr c;
    int i;

    for (a = node->properties; a; a = a->next) {
        xmlChar *v = xmlNodeListGetString(node->doc, a->children, 1);
        int as =
            first < N_JSON_TYPES ? member_as(first, node->name, a->name) : -1;
        int rv = set_member(cx, obj, node, a->name,
                            attribute_value(as, v ? (const char *)v : ""));
        if (v) {
            xmlFree(v);
        }
        if (rv) {
            return rv;
        }
    }
    if (!has_element_children(node)) {
        xmlChar *t = xmlNodeGetContent(node);
        int rv = t && *t ? set_member(cx, obj, node, (const xmlChar *)"text",
                                      string_of((const char *)t))
                         : 0;
        if (t) {
            xmlFree(t);
        }
        if (rv) {
            return rv;
        }
    }
    for (c = node->children; c; c = c->next) {
        json_t *arr;
        if (c->type != XML_ELEMENT_NODE) {
            continue;
        }
        if (first < N_JSON_TYPES &&
            member_as(first, node->name, c->name) == JSON_AS_LIST) {
            arr = list_member(cx, obj, node, c->name);
            if (!arr || json_array_append_new(arr, convert(cx, c))) {
                fail(cx, "out of memory");
                return -1;
            }
        }
        else if (set_member(cx, obj, node, c->name, convert(cx, c))) {
            return -1;
        }
    }
    /* A declared list with no element in it is still there, empty. */
    for (i = first; i < N_JSON_TYPES; i++) {
        if (json_types[i].as == JSON_AS_LIST &&
            !strcmp(json_types[i].element, (const char *)node->name) &&
            !list_member(cx, obj, node,
                         (const xmlChar *)json_types[i].member)) {
            return -1;
        }
    }
    return 0;
}

static json_t *convert(json_ctx *cx, xmlNodePtr node)
{
    json_t *obj;

    if (is_array_hint(node)) {
        return array_of_children(cx, node);
    }
    if (!xmlStrcmp(node->name, (const xmlChar *)"text")) {
        return plain_text(cx->p, node);
    }
    if (!node->properties && !has_element_children(node)) {
        xmlChar *t = xmlNodeGetContent(node);
        json_t *j = t && *t ? string_of((const char *)t) : NULL;
        if (t) {
            xmlFree(t);
        }
        if (j) {
            return j;
        }
        /* Empty: an object like its siblings with members, so that
         * <paging/> and <paging next-href="..."/> are both objects. */
    }
    obj = json_object();
    if (!obj) {
        return fail(cx, "out of memory");
    }
    if (add_members(cx, obj, node)) {
        json_decref(obj);
        return NULL;
    }
    return obj;
}

char *hd_json_from_xml(apr_pool_t *p, xmlNodePtr root, const char **error)
{
    json_ctx cx = {p, NULL};
    json_t *j = convert(&cx, root);
    char *text, *copy;

    if (!j) {
        if (error) {
            *error = cx.error ? cx.error : "out of memory";
        }
        return NULL;
    }
    text = json_dumps(j, JSON_PRESERVE_ORDER | JSON_COMPACT);
    json_decref(j);
    if (!text) {
        if (error) {
            *error = "out of memory";
        }
        return NULL;
    }
    copy = apr_pstrdup(p, text);
    free(text); /* jansson's allocator, not ours */
    return copy;
}
