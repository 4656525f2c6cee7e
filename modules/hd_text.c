/*
 * hd_text.c -- what people type, shown safely with simple formatting.
 *
 * Users never send HTML that reaches a page: their plain text becomes a
 * small XML tree with a fixed vocabulary -- p, br, ul/li, strong, code
 * and a (http/https only) -- and the stylesheets copy just those.  The
 * rules, Markdown-like and forgiving:
 *   blank line      new paragraph        "- " or "* "   list item
 *   line break      <br/>                **bold**       <strong>
 *   `code`          <code>               http(s)://...  link
 * Pure code (libxml2 only), unit-tested.
 */
#include "mod_helpdesk.h"
#include "apr_lib.h"

static void add_text(xmlNodePtr parent, const char *s, apr_size_t n)
{
    if (n) {
        xmlAddChild(parent, xmlNewTextLen((const xmlChar *)s, (int)n));
    }
}

static apr_size_t url_length(const char *s)
{
    apr_size_t n = 0;
    if (strncmp(s, "http://", 7) && strncmp(s, "https://", 8)) {
        return 0;
    }
    while (s[n] && !strchr(" \t\r\n<>\"'`", s[n]))
        n++;
    /* Sentence punctuation after a link is not part of it. */
    while (n && strchr(".,;:!?)", s[n - 1]))
        n--;
    return n > 8 ? n : 0;
}

/* One line of inline text: **bold**, `code`, links; the rest as text. */
static void add_inline(xmlNodePtr parent, const char *s, apr_size_t n)
{
    apr_size_t i = 0, start = 0;

    while (i < n) {
        const char *c = s + i;
        const char *end = NULL;
        apr_size_t ulen;

        if (c[0] == '*' && i + 1 < n && c[1] == '*') {
            end = strstr(c + 2, "**");
            if (end && end + 2 <= s + n && end > c + 2) {
                add_text(parent, s + start, i - start);
                xmlNodePtr b =
                    xmlNewChild(parent, NULL, (const xmlChar *)"strong", NULL);
                add_text(b, c + 2, end - c - 2);
                i = start = end - s + 2;
                continue;
            }
        }
        else if (c[0] == '`') {
            end = memchr(c + 1, '`', n - i - 1);
            if (end && end > c + 1) {
                add_text(parent, s + start, i - start);
                xmlNodePtr code =
                    xmlNewChild(parent, NULL, (const xmlChar *)"code", NULL);
                add_text(code, c + 1, end - c - 1);
                i = start = end - s + 1;
                continue;
            }
        }
        else if ((c[0] == 'h') && (i == 0 || !apr_isalnum(c[-1])) &&
                 (ulen = url_length(c)) && ulen <= n - i) {
            add_text(parent, s + start, i - start);
            xmlNodePtr a =
                xmlNewChild(parent, NULL, (const xmlChar *)"a", NULL);
            xmlChar *url = xmlStrndup((const xmlChar *)c, (int)ulen);
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

static int is_item(const char *line)
{
    return (line[0] == '-' || line[0] == '*') && line[1] == ' ';
}

void hd_text_to_xml(xmlNodePtr parent, const char *text)
{
    xmlNodePtr root = xmlNewChild(parent, NULL, (const xmlChar *)"text", NULL);
    xmlNodePtr block = NULL; /* the open <p> or <ul>, if any */
    const char *line = text ? text : "";

    while (*line) {
        apr_size_t len = strcspn(line, "\n");
        apr_size_t shown = len;
        const char *next = line[len] ? line + len + 1 : line + len;

        if (shown && line[shown - 1] == '\r')
            shown--;
        while (shown && (line[shown - 1] == ' ' || line[shown - 1] == '\t'))
            shown--;
        if (shown == 0) {
            block = NULL; /* a blank line ends the paragraph or list */
        }
        else if (is_item(line)) {
            if (!block || xmlStrcmp(block->name, (const xmlChar *)"ul")) {
                block = xmlNewChild(root, NULL, (const xmlChar *)"ul", NULL);
            }
            add_inline(xmlNewChild(block, NULL, (const xmlChar *)"li", NULL),
                       line + 2, shown - 2);
        }
        else {
            if (block && !xmlStrcmp(block->name, (const xmlChar *)"p")) {
                xmlNewChild(block, NULL, (const xmlChar *)"br", NULL);
            }
            else {
                block = xmlNewChild(root, NULL, (const xmlChar *)"p", NULL);
            }
            add_inline(block, line, shown);
        }
        line = next;
    }
}
