/*
 * hd_text.c -- what people type, shown safely: CommonMark.
 *
 * Comments, details, replies, solutions, news and FAQ answers are
 * CommonMark, what people know from chat tools and Jira: parsed by
 * cmark (Debian's libcmark), a well-kept reference implementation, and
 * its tree turned into a small XML tree with a fixed vocabulary, which
 * the stylesheets copy element by element (layout.xsl, mode rich-text):
 *
 *   p  br  strong  em  code  pre  ul  ol(@start)  li  blockquote
 *   h(@level 1-6)  hr  a(@href: http, https or mailto only)
 *
 * Raw HTML never reaches a page: an HTML block or tag someone typed is
 * kept as the text they typed.  A link to anything but http(s) or mailto
 * (javascript:, data:, a relative path) is its text alone; an image is
 * its description and, when it is http(s), a link to it -- a comment
 * cannot make the reader's browser fetch anything.  Two habits of the
 * portal's earlier, simpler formatting stay, so existing text reads as
 * it did: a line break is a line break (<br/>, as chat tools do), and a
 * bare http(s) address is a link.
 *
 * The source is kept on the element (<text source="...">): the JSON face
 * (hd_json.c) gives it back exactly as typed.
 * Pure code (libxml2 and cmark only), unit-tested.
 */
#include "mod_helpdesk.h"
#include "hd_render.h"
#include "apr_lib.h"

#include <cmark.h>

/* Nesting kept; deeper quotes and lists are flattened into their parent
 * (cmark itself caps nesting, but a page has no use for 100 levels). */
#define HD_TEXT_MAX_DEPTH 32

static void add_text(xmlNodePtr parent, const char *s, apr_size_t n)
{
    if (n) {
        xmlAddChild(parent, xmlNewTextLen((const xmlChar *)s, (int)n));
    }
}

static xmlNodePtr add_element(xmlNodePtr parent, const char *name)
{
    return xmlNewChild(parent, NULL, (const xmlChar *)name, NULL);
}

/* The length of the bare link starting s, within max bytes; 0 if none. */
static apr_size_t url_length(const char *s, apr_size_t max)
{
    apr_size_t n = 0;

    /* A link is more than its scheme: longer than 8 bytes. */
    if (max <= 8 || (strncmp(s, "http://", 7) && strncmp(s, "https://", 8))) {
        return 0;
    }
    while (n < max && !strchr(" \t\r\n<>\"'`", s[n]))
        n++;
    /* Sentence punctuation after a link is not part of it. */
    while (n && strchr(".,;:!?)", s[n - 1]))
        n--;
    return n > 8 ? n : 0;
}

/* Literal text, with bare http(s) addresses made links (unless already
 * inside one). */
static void add_literal(xmlNodePtr parent, const char *s, int in_link)
{
    apr_size_t n = s ? strlen(s) : 0, i = 0, start = 0, ulen;

    while (!in_link && i < n) {
        if (s[i] == 'h' && (i == 0 || !apr_isalnum(s[i - 1])) &&
            (ulen = url_length(s + i, n - i))) {
            xmlNodePtr a;
            xmlChar *url;
            add_text(parent, s + start, i - start);
            a = add_element(parent, "a");
            url = xmlStrndup((const xmlChar *)s + i, (int)ulen);
            xmlNewProp(a, (const xmlChar *)"href", url);
            xmlAddChild(a, xmlNewText(url));
            xmlFree(url);
            i = start = i + ulen;
            continue;
        }
        i++;
    }
    add_text(parent, s + start, n - start);
}

/* Lines of literal text, with a <br/> between them (the last newline
 * ends the block, not a line). */
static void add_lines(xmlNodePtr parent, const char *s)
{
    apr_size_t n = s ? strlen(s) : 0;
    while (n && s[n - 1] == '\n') {
        n--;
    }
    while (n) {
        const char *nl = memchr(s, '\n', n);
        apr_size_t len = nl ? (apr_size_t)(nl - s) : n;
        add_text(parent, s, len);
        if (!nl) {
            break;
        }
        add_element(parent, "br");
        n -= len + 1;
        s = nl + 1;
    }
}

/* Only these leave the page as links. */
static int safe_href(const char *url)
{
    return url && (!strncasecmp(url, "http://", 7) ||
                   !strncasecmp(url, "https://", 8) ||
                   !strncasecmp(url, "mailto:", 7));
}

static void convert(xmlNodePtr out, cmark_node *node, int depth, int in_link);

static void convert_children(xmlNodePtr out, cmark_node *node, int depth,
                             int in_link)
{
    cmark_node *c;
    for (c = cmark_node_first_child(node); c; c = cmark_node_next(c)) {
        convert(out, c, depth, in_link);
    }
}

/* A container element for node, or out itself when too deep. */
static xmlNodePtr block(xmlNodePtr out, const char *name, int depth)
{
    return depth < HD_TEXT_MAX_DEPTH ? add_element(out, name) : out;
}

static void convert(xmlNodePtr out, cmark_node *node, int depth, int in_link)
{
    xmlNodePtr e;
    const char *url;
    char num[16];

    switch (cmark_node_get_type(node)) {
    case CMARK_NODE_PARAGRAPH:
        /* In a tight list an item's text is the item itself, as cmark's
         * own HTML shows it: no paragraph spacing between items. */
        if (cmark_node_parent(node) &&
            cmark_node_get_type(cmark_node_parent(node)) == CMARK_NODE_ITEM &&
            cmark_node_get_list_tight(
                cmark_node_parent(cmark_node_parent(node)))) {
            convert_children(out, node, depth, in_link);
            if (cmark_node_next(node)) {
                add_element(out, "br");
            }
        }
        else {
            convert_children(add_element(out, "p"), node, depth, in_link);
        }
        break;
    case CMARK_NODE_HEADING:
        e = add_element(out, "h");
        apr_snprintf(num, sizeof(num), "%d",
                     cmark_node_get_heading_level(node));
        xmlNewProp(e, (const xmlChar *)"level", (const xmlChar *)num);
        convert_children(e, node, depth, in_link);
        break;
    case CMARK_NODE_BLOCK_QUOTE:
        convert_children(block(out, "blockquote", depth), node, depth + 1,
                         in_link);
        break;
    case CMARK_NODE_LIST:
        if (cmark_node_get_list_type(node) == CMARK_ORDERED_LIST) {
            e = block(out, "ol", depth);
            if (e != out && cmark_node_get_list_start(node) != 1) {
                apr_snprintf(num, sizeof(num), "%d",
                             cmark_node_get_list_start(node));
                xmlNewProp(e, (const xmlChar *)"start", (const xmlChar *)num);
            }
        }
        else {
            e = block(out, "ul", depth);
        }
        convert_children(e, node, depth + 1, in_link);
        break;
    case CMARK_NODE_ITEM:
        convert_children(add_element(out, "li"), node, depth, in_link);
        break;
    case CMARK_NODE_CODE_BLOCK:
        xmlNewTextChild(out, NULL, (const xmlChar *)"pre",
                        (const xmlChar *)cmark_node_get_literal(node));
        break;
    case CMARK_NODE_THEMATIC_BREAK:
        add_element(out, "hr");
        break;
    case CMARK_NODE_HTML_BLOCK:
        /* What was typed, as text, line by line: never markup. */
        add_lines(add_element(out, "p"), cmark_node_get_literal(node));
        break;
    case CMARK_NODE_HTML_INLINE:
        add_text(out, cmark_node_get_literal(node),
                 strlen(cmark_node_get_literal(node)));
        break;
    case CMARK_NODE_TEXT:
        add_literal(out, cmark_node_get_literal(node), in_link);
        break;
    case CMARK_NODE_SOFTBREAK:
    case CMARK_NODE_LINEBREAK:
        add_element(out, "br");
        break;
    case CMARK_NODE_CODE:
        xmlNewTextChild(out, NULL, (const xmlChar *)"code",
                        (const xmlChar *)cmark_node_get_literal(node));
        break;
    case CMARK_NODE_EMPH:
        convert_children(add_element(out, "em"), node, depth, in_link);
        break;
    case CMARK_NODE_STRONG:
        convert_children(add_element(out, "strong"), node, depth, in_link);
        break;
    case CMARK_NODE_LINK:
        url = cmark_node_get_url(node);
        if (safe_href(url) && !in_link) {
            e = add_element(out, "a");
            xmlNewProp(e, (const xmlChar *)"href", (const xmlChar *)url);
            convert_children(e, node, depth, 1);
        }
        else {
            convert_children(out, node, depth, in_link);
        }
        break;
    case CMARK_NODE_IMAGE:
        /* Its description; a link to it when it may be one. */
        url = cmark_node_get_url(node);
        e = out;
        if (safe_href(url) && !in_link) {
            e = add_element(out, "a");
            xmlNewProp(e, (const xmlChar *)"href", (const xmlChar *)url);
        }
        convert_children(e, node, depth, 1);
        if (e != out && !e->children) {
            xmlAddChild(e, xmlNewText((const xmlChar *)url));
        }
        break;
    default:
        convert_children(out, node, depth, in_link);
        break;
    }
}

void hd_text_to_xml(xmlNodePtr parent, const char *text)
{
    const char *src = text ? text : "";
    xmlNodePtr root = add_element(parent, "text");
    /* CMARK_OPT_DEFAULT: raw HTML is not rendered by cmark's own
     * renderers either; we never use them.  VALIDATE_UTF8: the portal's
     * input is checked already; this is belt and braces. */
    cmark_node *doc = cmark_parse_document(
        src, strlen(src), CMARK_OPT_DEFAULT | CMARK_OPT_VALIDATE_UTF8);

    xmlNewProp(root, (const xmlChar *)"source", (const xmlChar *)src);
    if (doc) {
        convert_children(root, doc, 0, 0);
        cmark_node_free(doc);
    }
}
