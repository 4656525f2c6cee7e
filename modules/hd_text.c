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
 * Trailing blanks and a CR before the newline are not shown, so a line
 * of only blanks is a blank line and a marker with nothing after it
 * ("- ") is plain text.  Formatting never spans lines: a "**" or "`"
 * left open is shown as typed.  The JSON face (hd_json.c) gives the
 * text back from this tree: each line as shown, one blank line between
 * blocks, items as "- ".
 *
 * Every scan of a line is bounded by its shown length, never by the
 * text's terminating NUL: what lies beyond belongs to later lines.
 * Pure code (libxml2 only), unit-tested.
 */
#include "mod_helpdesk.h"
#include "hd_render.h"
#include "apr_lib.h"

static void add_text(xmlNodePtr parent, const char *s, apr_size_t n)
{
    if (n) {
        xmlAddChild(parent, xmlNewTextLen((const xmlChar *)s, (int)n));
    }
}

/* The length of the link starting s, within max bytes; 0 if none. */
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

/* The first "**" in the n bytes at s, or NULL. */
static const char *find_stars(const char *s, apr_size_t n)
{
    const char *c = s, *end = s + n;

    while (end - c >= 2 && (c = memchr(c, '*', end - c - 1))) {
        if (c[1] == '*')
            return c;
        c++;
    }
    return NULL;
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
            /* Bold needs a closing "**" on this line and text between. */
            end = find_stars(c + 2, n - i - 2);
            if (end && end > c + 2) {
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
                 (ulen = url_length(c, n - i))) {
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

/* Is the line, shown bytes long after trimming, a list item?  Trimmed
 * lines end in a non-blank, so shown > 2 means text after the marker. */
static int is_item(const char *line, apr_size_t shown)
{
    return shown > 2 && (line[0] == '-' || line[0] == '*') && line[1] == ' ';
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
        else if (is_item(line, shown)) {
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
