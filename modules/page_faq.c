/*
 * page_faq.c -- the frequently asked questions, for everyone.
 *
 *   GET <base>/faq[?q=words][&category=name]   faq.xsl
 *
 * Entries come grouped by category, the categories in the order of
 * their first entry (the smallest sort_order in each, then the name),
 * each category's entries in the desk's order.  The answers are shown
 * with the simple formatting of ticket comments (hd_text_to_xml).
 *
 * Search is over question and answer.  Each word is a required prefix
 * term of the FULLTEXT index faq_text in boolean mode -- except the
 * words that index cannot find: those shorter than InnoDB's smallest
 * token (innodb_ft_min_token_size, 3 by default) and InnoDB's default
 * stop words ("what", "how" ...), which as required terms would hide
 * every entry.  Those are required as LIKE '%word%' instead.  The FAQ is
 * a few hundred rows at most, so one fixed statement serves every
 * search: unused LIKE slots get '%', which matches anything.
 *
 * The document: <faq q category action all-href> with <topics> (every
 * category, to narrow by: <topic name entries href current>) and
 * <categories> (what matched: <category name><entry id question><text>
 * ...), a list of its own because <faq category=""> is the one chosen
 * and JSON cannot have an attribute and a list of the same name.
 */
#include "mod_helpdesk.h"
#include "hd_config.h"
#include "hd_ldap.h"
#include "hd_request.h"
#include "hd_render.h"
#include "hd_page.h"
#include "hd_db.h"

/* InnoDB's innodb_ft_min_token_size as MariaDB ships it. */
#define HD_FAQ_FT_MIN_CHARS 3
/* Words matched with LIKE; more short words than this are left out. */
#define HD_FAQ_LIKE_WORDS 4
#define HD_FAQ_MAX_Q      200
#define HD_FAQ_MAX_CAT    80

#define HD_SQL_FAQ_ENTRIES    "faq_entries"
#define HD_SQL_FAQ_CATEGORIES "faq_categories"

#define HD_SQL_FAQ_LIKE " AND (f.question LIKE %s OR f.answer LIKE %s)"

static const hd_db_statement statements[] = {
    /* category, category, fulltext terms, fulltext terms, then a pair
     * of LIKE patterns per short word (HD_FAQ_LIKE_WORDS pairs). */
    {HD_SQL_FAQ_ENTRIES,
     "SELECT f.id, f.question, f.answer, f.category FROM faq f "
     "JOIN (SELECT category, MIN(sort_order) AS first FROM faq "
     "GROUP BY category) c ON c.category = f.category "
     "WHERE (%s = '' OR f.category = %s) "
     "AND (%s = '' OR MATCH (f.question, f.answer) AGAINST (%s IN BOOLEAN "
     "MODE))" HD_SQL_FAQ_LIKE HD_SQL_FAQ_LIKE HD_SQL_FAQ_LIKE HD_SQL_FAQ_LIKE
     " ORDER BY c.first, f.category, f.sort_order, f.id"},
    /* Every category, for narrowing, in the same order. */
    {HD_SQL_FAQ_CATEGORIES,
     "SELECT category, COUNT(*) AS entries, MIN(sort_order) AS first "
     "FROM faq GROUP BY category ORDER BY first, category"},
};

const hd_db_statements hd_page_faq_statements = HD_DB_STATEMENTS(statements);

/* InnoDB's default stop words (INFORMATION_SCHEMA.INNODB_FT_DEFAULT_
 * STOPWORD): the FULLTEXT index does not hold them. */
static int stop_word(const char *w)
{
    static const char *const words[] = {
        "a",    "about", "an",    "are",  "as",   "at",   "be",   "by", "com",
        "de",   "en",    "for",   "from", "how",  "i",    "in",   "is", "it",
        "la",   "of",    "on",    "or",   "that", "the",  "this", "to", "was",
        "what", "when",  "where", "who",  "will", "with", "und",  "www"};
    unsigned i;
    for (i = 0; i < sizeof(words) / sizeof(words[0]); i++) {
        if (!strcasecmp(w, words[i])) {
            return 1;
        }
    }
    return 0;
}

/* A word for LIKE: its own % _ \ taken literally. */
static const char *like_pattern(apr_pool_t *p, const char *word)
{
    char *out = apr_palloc(p, strlen(word) * 2 + 3), *o = out;
    *o++ = '%';
    for (; *word; word++) {
        if (*word == '%' || *word == '_' || *word == '\\') {
            *o++ = '\\';
        }
        *o++ = *word;
    }
    *o++ = '%';
    *o = '\0';
    return out;
}

/* The search's terms: boolean-mode text ("" none) and LIKE patterns
 * (HD_FAQ_LIKE_WORDS of them, '%' where unused).  Operators typed are
 * dropped rather than interpreted. */
typedef struct {
    const char *fulltext;
    const char *likes[HD_FAQ_LIKE_WORDS];
} faq_terms;

static faq_terms search_terms(apr_pool_t *p, const char *q)
{
    char *copy = apr_pstrdup(p, q), *word, *state, *c;
    apr_array_header_t *terms = apr_array_make(p, 8, sizeof(char *));
    faq_terms t;
    int nlikes = 0, i;

    for (c = copy; *c; c++) {
        if (strchr("+-<>()~*\"@\\", *c)) {
            *c = ' ';
        }
    }
    for (word = apr_strtok(copy, " \t\r\n", &state); word;
         word = apr_strtok(NULL, " \t\r\n", &state)) {
        if (hd_request_text_chars(word, 0) < HD_FAQ_FT_MIN_CHARS ||
            stop_word(word)) {
            if (nlikes < HD_FAQ_LIKE_WORDS) {
                t.likes[nlikes++] = like_pattern(p, word);
            }
            continue;
        }
        APR_ARRAY_PUSH(terms, const char *) =
            apr_pstrcat(p, "+", word, "*", NULL);
    }
    for (i = nlikes; i < HD_FAQ_LIKE_WORDS; i++) {
        t.likes[i] = "%";
    }
    t.fulltext = apr_array_pstrcat(p, terms, ' ');
    return t;
}

/* <base>/faq with the search and the category, as a link. */
static const char *faq_href(hd_req *rq, const char *q, const char *category)
{
    apr_pool_t *p = rq->r->pool;
    const char *sep = "?",
               *href = apr_pstrcat(p, rq->sconf->base_url, "/faq", NULL);
    if (*q) {
        href =
            apr_pstrcat(p, href, sep, "q=", ap_escape_urlencoded(p, q), NULL);
        sep = "&";
    }
    if (*category) {
        href = apr_pstrcat(
            p, href, sep, "category=", ap_escape_urlencoded(p, category), NULL);
    }
    return href;
}

typedef struct {
    hd_req *rq;
    xmlNodePtr topics;     /* every category, to narrow by */
    xmlNodePtr categories; /* the entries found, by category */
    xmlNodePtr category;   /* the group rows are added to */
    const char *q, *chosen;
} faq_rows;

static int keep_topic(void *baton, const hd_db_row *row)
{
    faq_rows *f = baton;
    const char *name = hd_db_text(row, "category");
    xmlNodePtr e = hd_xml_child(f->topics, "topic");

    hd_xml_attr(e, "name", name);
    hd_xml_attr(e, "entries", hd_db_text(row, "entries"));
    hd_xml_attr(e, "href", faq_href(f->rq, f->q, name));
    hd_xml_attr(e, "current", strcasecmp(name, f->chosen) ? "false" : "true");
    return 0;
}

static int keep_entry(void *baton, const hd_db_row *row)
{
    faq_rows *f = baton;
    const char *category = hd_db_text(row, "category");
    xmlNodePtr e;

    /* Rows come category by category: a new one starts a group. */
    if (!f->category || strcmp(hd_xml_get(f->category, "name"), category)) {
        f->category = hd_xml_child(f->categories, "category");
        hd_xml_attr(f->category, "name", category);
    }
    e = hd_xml_child(f->category, "entry");
    hd_xml_attr(e, "id", hd_db_text(row, "id"));
    hd_xml_attr(e, "question", hd_db_text(row, "question"));
    hd_text_to_xml(e, hd_db_text(row, "answer"));
    return 0;
}

int hd_page_faq(hd_req *rq)
{
    const char *q = apr_table_get(rq->query, "q");
    const char *category = apr_table_get(rq->query, "category");
    const char *args[4 + 2 * HD_FAQ_LIKE_WORDS];
    faq_terms t;
    faq_rows f;
    xmlNodePtr faq;
    long chars;
    hd_db_outcome o;
    int i;

    q = q ? q : "";
    category = category ? category : "";
    chars = hd_request_text_chars(q, 0);
    if (chars < 0 || chars > HD_FAQ_MAX_Q) {
        rq->error_message = "The search text is too long or not readable.";
        return HTTP_BAD_REQUEST;
    }
    chars = hd_request_text_chars(category, 0);
    if (chars < 0 || chars > HD_FAQ_MAX_CAT) {
        rq->error_message = "There is no such category of questions.";
        return HTTP_BAD_REQUEST;
    }
    hd_render_begin(rq, "faq");
    memset(&f, 0, sizeof(f));
    f.rq = rq;
    f.q = q;
    f.chosen = category;
    faq = hd_xml_child(rq->root, "faq");
    hd_xml_attr(faq, "q", q);
    hd_xml_attr(faq, "category", category);
    hd_xml_attr(faq, "action",
                apr_pstrcat(rq->r->pool, rq->sconf->base_url, "/faq", NULL));
    hd_xml_attr(faq, "all-href", faq_href(rq, q, ""));
    f.topics = hd_xml_list(faq, "topics");
    /* A list of its own: <faq category=""> is the one chosen. */
    f.categories = hd_xml_list(faq, "categories");
    o = hd_db_select(hd_req_db(rq), HD_SQL_FAQ_CATEGORIES, keep_topic, &f, 0,
                     NULL);
    if (o == HD_DB_OK) {
        t = search_terms(rq->r->pool, q);
        args[0] = category;
        args[1] = category;
        args[2] = t.fulltext;
        args[3] = t.fulltext;
        for (i = 0; i < HD_FAQ_LIKE_WORDS; i++) {
            args[4 + 2 * i] = t.likes[i];
            args[5 + 2 * i] = t.likes[i];
        }
        o = hd_db_select(hd_req_db(rq), HD_SQL_FAQ_ENTRIES, keep_entry, &f,
                         4 + 2 * HD_FAQ_LIKE_WORDS, args);
    }
    return hd_page_db_status(rq, o);
}
