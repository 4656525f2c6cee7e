/*
 * Unit tests of the module's pure code: routing, content negotiation,
 * query strings, return addresses, LDAP filter escaping, XML -> JSON.
 * Prints one line per failed check and ends with "N passed, N failed".
 */
#include "mod_helpdesk.h"
#include "apr_general.h"

#include <stdio.h>

static int passed, failed;
static apr_pool_t *pool;

#define CHECK(cond)                                                \
    do {                                                           \
        if (cond)                                                  \
            passed++;                                              \
        else {                                                     \
            failed++;                                              \
            printf("FAIL %s:%d: %s\n", __FILE__, __LINE__, #cond); \
        }                                                          \
    } while (0)

#define CHECK_STR(got, want)                                          \
    do {                                                              \
        const char *g_ = (got), *w_ = (want);                         \
        if (g_ && w_ && !strcmp(g_, w_))                              \
            passed++;                                                 \
        else {                                                        \
            failed++;                                                 \
            printf("FAIL %s:%d: got \"%s\", want \"%s\"\n", __FILE__, \
                   __LINE__, g_ ? g_ : "(null)", w_ ? w_ : "(null)"); \
        }                                                             \
    } while (0)

/* The route table names the page functions; these stand in for them. */
int hd_page_today(hd_req *rq)
{
    return 0;
}
int hd_page_login(hd_req *rq)
{
    return 0;
}
int hd_page_error_document(hd_req *rq)
{
    return 0;
}
int hd_page_tickets(hd_req *rq)
{
    return 0;
}
int hd_page_ticket_columns(hd_req *rq)
{
    return 0;
}
int hd_page_ticket_columns_save(hd_req *rq)
{
    return 0;
}
int hd_page_ticket_new_form(hd_req *rq)
{
    return 0;
}
int hd_page_ticket_create(hd_req *rq)
{
    return 0;
}
int hd_page_ticket(hd_req *rq)
{
    return 0;
}
int hd_page_ticket_comment(hd_req *rq)
{
    return 0;
}
int hd_page_ticket_resolve(hd_req *rq)
{
    return 0;
}
int hd_page_ticket_cancel(hd_req *rq)
{
    return 0;
}

static int page_a(hd_req *rq)
{
    return 0;
}
static int page_b(hd_req *rq)
{
    return 0;
}

static void test_routes(void)
{
    static const hd_route table[] = {
        {"GET", "/tickets", page_a, HD_ROUTE_USER},
        {"GET", "/tickets/*", page_b, HD_ROUTE_USER},
        {"POST", "/tickets/*/comment", page_a, HD_ROUTE_USER},
        {"GET", "/tickets/*/comment", page_b, HD_ROUTE_USER},
    };
    hd_route_match_t m;

    m = hd_route_match(pool, table, 4, "GET", "/tickets");
    CHECK(m.route == &table[0]);
    CHECK(m.args->nelts == 0);

    m = hd_route_match(pool, table, 4, "GET", "/tickets/HD-1042");
    CHECK(m.route == &table[1]);
    CHECK_STR(APR_ARRAY_IDX(m.args, 0, const char *), "HD-1042");

    m = hd_route_match(pool, table, 4, "POST", "/tickets/HD-7/comment");
    CHECK(m.route == &table[2]);
    CHECK_STR(APR_ARRAY_IDX(m.args, 0, const char *), "HD-7");
    CHECK_STR(m.allow, "POST, GET");

    /* A known path with the wrong method is a 405, not a 404. */
    m = hd_route_match(pool, table, 4, "DELETE", "/tickets/HD-7");
    CHECK(m.route == NULL && m.path_known);
    CHECK_STR(m.allow, "GET");

    /* HEAD is answered by GET. */
    m = hd_route_match(pool, table, 4, "HEAD", "/tickets");
    CHECK(m.route == &table[0]);

    /* '*' never matches an empty segment or two segments. */
    m = hd_route_match(pool, table, 4, "GET", "/tickets/");
    CHECK(m.route == NULL && !m.path_known);
    m = hd_route_match(pool, table, 4, "GET", "/tickets/a/b");
    CHECK(m.route == NULL && !m.path_known);
    m = hd_route_match(pool, table, 4, "GET", "/ticketsX");
    CHECK(m.route == NULL);

    /* The real table: Today, the login page, unknown paths. */
    m = hd_route_match(pool, hd_routes, hd_routes_count, "GET", "/");
    CHECK(m.route && m.route->page == hd_page_today);
    CHECK(m.route && m.route->access == HD_ROUTE_USER);
    m = hd_route_match(pool, hd_routes, hd_routes_count, "GET", "/login");
    CHECK(m.route && m.route->access == HD_ROUTE_ANONYMOUS);
    m = hd_route_match(pool, hd_routes, hd_routes_count, "PUT", "/");
    CHECK(!m.route && m.path_known);
    m = hd_route_match(pool, hd_routes, hd_routes_count, "GET", "/nope");
    CHECK(!m.route && !m.path_known);
    /* Fixed ticket paths win over the '*' that would also match them. */
    m = hd_route_match(pool, hd_routes, hd_routes_count, "GET", "/tickets/new");
    CHECK(m.route && m.route->page == hd_page_ticket_new_form);
    m = hd_route_match(pool, hd_routes, hd_routes_count, "POST",
                       "/tickets/columns");
    CHECK(m.route && m.route->page == hd_page_ticket_columns_save);
    m = hd_route_match(pool, hd_routes, hd_routes_count, "GET",
                       "/tickets/HD-1042");
    CHECK(m.route && m.route->page == hd_page_ticket);
    CHECK_STR(APR_ARRAY_IDX(m.args, 0, const char *), "HD-1042");
    m = hd_route_match(pool, hd_routes, hd_routes_count, "DELETE",
                       "/tickets/HD-1042/comment");
    CHECK(!m.route && m.path_known);
    CHECK_STR(m.allow, "POST");
}

static void test_csrf(void)
{
    const unsigned char nonce[16] = "0123456789abcdef";
    apr_time_t now = apr_time_from_sec(1800000000);
    const char *tok =
        hd_csrf_issue(pool, "s3cret-s3cret-s3cret", "alice", now, nonce);
    const char *n = hd_csrf_verify(pool, "s3cret-s3cret-s3cret", "alice", tok,
                                   now + apr_time_from_sec(10), 3600);

    CHECK_STR(n, "30313233343536373839616263646566");
    /* Another person, another secret, too old, tampered: refused. */
    CHECK(!hd_csrf_verify(pool, "s3cret-s3cret-s3cret", "bob", tok, now, 3600));
    CHECK(!hd_csrf_verify(pool, "other-secret-other", "alice", tok, now, 3600));
    CHECK(!hd_csrf_verify(pool, "s3cret-s3cret-s3cret", "alice", tok,
                          now + apr_time_from_sec(3601), 3600));
    CHECK(!hd_csrf_verify(pool, "s3cret-s3cret-s3cret", "alice",
                          apr_pstrcat(pool, tok, "0", NULL), now, 3600));
    CHECK(
        !hd_csrf_verify(pool, "s3cret-s3cret-s3cret", "alice", "", now, 3600));
    CHECK(!hd_csrf_verify(pool, "s3cret-s3cret-s3cret", "alice", "1.2.3", now,
                          3600));
}

/* The formatted text of plain input, serialised. */
static const char *formatted(const char *in)
{
    xmlDocPtr d = xmlNewDoc((const xmlChar *)"1.0");
    xmlNodePtr r = xmlNewDocNode(d, NULL, (const xmlChar *)"r", NULL);
    xmlBufferPtr b = xmlBufferCreate();
    const char *out;

    xmlDocSetRootElement(d, r);
    hd_text_to_xml(r, in);
    xmlNodeDump(b, d, r->children, 0, 0);
    out = apr_pstrdup(pool, (const char *)xmlBufferContent(b));
    xmlBufferFree(b);
    xmlFreeDoc(d);
    return out;
}

static void test_text(void)
{
    CHECK_STR(formatted("hello"), "<text><p>hello</p></text>");
    CHECK_STR(formatted("a\nb\n\nc"), "<text><p>a<br/>b</p><p>c</p></text>");
    CHECK_STR(formatted("<script>alert(1)</script> & <b>x</b>"),
              "<text><p>&lt;script&gt;alert(1)&lt;/script&gt; &amp; "
              "&lt;b&gt;x&lt;/b&gt;</p></text>");
    CHECK_STR(formatted("Steps:\r\n- one\r\n* two\r\nafter"),
              "<text><p>Steps:</p><ul><li>one</li><li>two</li></ul>"
              "<p>after</p></text>");
    CHECK_STR(formatted("**bold** and `x < y`"),
              "<text><p><strong>bold</strong> and <code>x &lt; y</code>"
              "</p></text>");
    CHECK_STR(formatted("see https://example.org/a?b=1&c=2."),
              "<text><p>see <a href=\"https://example.org/a?b=1&amp;c=2\">"
              "https://example.org/a?b=1&amp;c=2</a>.</p></text>");
    CHECK_STR(formatted("javascript:alert(1) **unclosed"),
              "<text><p>javascript:alert(1) **unclosed</p></text>");
    CHECK_STR(formatted(""), "<text/>");
}

/* API clients get formatted text back as the plain text it came from. */
static void test_text_json(void)
{
    const char *typed = "Hello **team**,\nsee `x` at https://example.org/a"
                        "\n\n- one\n- two\n\nThanks";
    xmlDocPtr d = xmlNewDoc((const xmlChar *)"1.0");
    xmlNodePtr r = xmlNewDocNode(d, NULL, (const xmlChar *)"details", NULL);

    xmlDocSetRootElement(d, r);
    hd_text_to_xml(r, typed);
    CHECK_STR(hd_json_from_xml(pool, r),
              "{\"text\":\"Hello **team**,\\nsee `x` at "
              "https://example.org/a\\n\\n- one\\n- two\\n\\nThanks\"}");
    xmlFreeDoc(d);
}

static void test_text_chars(void)
{
    CHECK(hd_request_is_blank(""));
    CHECK(hd_request_is_blank(" \t\r\n "));
    CHECK(!hd_request_is_blank("  x "));
    CHECK(hd_request_text_chars("abc", 0) == 3);
    CHECK(hd_request_text_chars("caf\xc3\xa9", 0) == 4);
    CHECK(hd_request_text_chars("a\nb", 0) == -1);
    CHECK(hd_request_text_chars("a\r\nb", 1) == 4);
    CHECK(hd_request_text_chars("\xc3", 1) == -1);         /* truncated */
    CHECK(hd_request_text_chars("\xc0\xaf", 1) == -1);     /* overlong */
    CHECK(hd_request_text_chars("\xed\xa0\x80", 1) == -1); /* surrogate */
    CHECK(hd_request_text_chars("\x01", 1) == -1);
    CHECK(hd_request_text_chars("\xf0\x9f\x98\x80", 0) == 1);
}

static void test_negotiate(void)
{
    CHECK(hd_request_negotiate(NULL) == HD_FMT_HTML);
    CHECK(hd_request_negotiate("") == HD_FMT_HTML);
    CHECK(hd_request_negotiate("application/json") == HD_FMT_JSON);
    CHECK(hd_request_negotiate("application/xml") == HD_FMT_XML);
    CHECK(hd_request_negotiate("text/xml") == HD_FMT_XML);
    CHECK(hd_request_negotiate("*/*") == HD_FMT_HTML);
    /* What browsers send. */
    CHECK(hd_request_negotiate("text/html,application/xhtml+xml,"
                               "application/xml;q=0.9,*/*;q=0.8") ==
          HD_FMT_HTML);
    CHECK(hd_request_negotiate("application/xml;q=0.5, application/json") ==
          HD_FMT_JSON);
    CHECK(hd_request_negotiate("application/json;q=0, text/html") ==
          HD_FMT_HTML);
    CHECK(hd_request_negotiate("APPLICATION/JSON") == HD_FMT_JSON);
    CHECK(hd_request_negotiate("image/png") == HD_FMT_HTML);
}

static void test_query(void)
{
    apr_table_t *t = hd_request_query(pool, "a=1&b=hello+world&c=%2Fx%26y"
                                            "&bad=%zz&d&e=");
    CHECK_STR(apr_table_get(t, "a"), "1");
    CHECK_STR(apr_table_get(t, "b"), "hello world");
    CHECK_STR(apr_table_get(t, "c"), "/x&y");
    CHECK(apr_table_get(t, "bad") == NULL);
    CHECK_STR(apr_table_get(t, "d"), "");
    CHECK_STR(apr_table_get(t, "e"), "");
    /* Repeated names keep every value: multi-selects and checkboxes. */
    t = hd_request_query(pool, "status=open&status=closed&shared=0&shared=1");
    CHECK(hd_request_values(pool, t, "status")->nelts == 2);
    CHECK_STR(hd_request_last(pool, t, "shared"), "1");
    CHECK(hd_request_last(pool, t, "none") == NULL);
    CHECK(apr_table_elts(hd_request_query(pool, NULL))->nelts == 0);
}

static void test_safe_return(void)
{
    const char *b = "/helpdesk";
    CHECK_STR(hd_request_safe_return(pool, b, "/helpdesk/tickets"),
              "/helpdesk/tickets");
    CHECK_STR(hd_request_safe_return(pool, b, "/helpdesk"), "/helpdesk");
    CHECK_STR(hd_request_safe_return(pool, b, NULL), "/helpdesk/");
    CHECK_STR(hd_request_safe_return(pool, b, "https://evil.example/"),
              "/helpdesk/");
    CHECK_STR(hd_request_safe_return(pool, b, "//evil.example/helpdesk"),
              "/helpdesk/");
    CHECK_STR(hd_request_safe_return(pool, b, "/helpdeskevil"), "/helpdesk/");
    CHECK_STR(hd_request_safe_return(pool, b, "/helpdesk/\\evil"),
              "/helpdesk/");
    CHECK_STR(hd_request_safe_return(pool, b, "/helpdesk//evil.example"),
              "/helpdesk/");
    CHECK_STR(hd_request_safe_return(pool, b, "/helpdesk/../admin"),
              "/helpdesk/");
    CHECK_STR(hd_request_safe_return(pool, b, "/helpdesk/x\r\nSet-Cookie"),
              "/helpdesk/");

    CHECK_STR(hd_request_relative_path(b, "/helpdesk"), "/");
    CHECK_STR(hd_request_relative_path(b, "/helpdesk/"), "/");
    CHECK_STR(hd_request_relative_path(b, "/helpdesk/login"), "/login");
    CHECK(hd_request_relative_path(b, "/helpdeskx") == NULL);
    CHECK(hd_request_relative_path(b, "/other") == NULL);
}

static void test_ldap_escape(void)
{
    CHECK_STR(hd_ldap_escape_filter(pool, "alice"), "alice");
    CHECK_STR(hd_ldap_escape_filter(pool, "*"), "\\2a");
    CHECK_STR(hd_ldap_escape_filter(pool, "a)(uid=*"), "a\\29\\28uid=\\2a");
    CHECK_STR(hd_ldap_escape_filter(pool, "back\\slash"), "back\\5cslash");
    CHECK_STR(hd_ldap_escape_filter(pool, ""), "");
}

static apr_status_t free_doc(void *doc)
{
    xmlFreeDoc(doc);
    return APR_SUCCESS;
}

/* The parsed document lives as long as the test pool (make test-asan
 * checks for leaks). */
static xmlNodePtr parse_root(const char *xml)
{
    xmlDocPtr d = xmlReadMemory(xml, strlen(xml), "t.xml", NULL, 0);
    if (!d)
        return NULL;
    apr_pool_cleanup_register(pool, d, free_doc, apr_pool_cleanup_null);
    return xmlDocGetRootElement(d);
}

static void test_json(void)
{
    xmlNodePtr root;

    root = parse_root("<helpdesk page=\"today\"><user login=\"alice\" "
                      "name=\"A &quot;Al&quot; &lt;b&gt;\"/><today>"
                      "<services json=\"array\"><service id=\"1\"/>"
                      "</services></today></helpdesk>");
    CHECK_STR(hd_json_from_xml(pool, root),
              "{\"page\":\"today\",\"user\":{\"login\":\"alice\","
              "\"name\":\"A \\\"Al\\\" <b>\"},\"today\":{\"services\":"
              "[{\"id\":\"1\"}]}}");

    /* An empty list is still a list; repeated names collect an array;
     * text-only elements are strings; text beside attributes is "text". */
    root = parse_root("<r><l json=\"array\"/><c>one</c><c>two</c>"
                      "<t k=\"v\">body</t><s>line1\nline2 \xc3\xa9</s></r>");
    CHECK_STR(hd_json_from_xml(pool, root),
              "{\"l\":[],\"c\":[\"one\",\"two\"],\"t\":{\"k\":\"v\","
              "\"text\":\"body\"},\"s\":\"line1\\nline2 \xc3\xa9\"}");
}

int main(void)
{
    apr_initialize();
    apr_pool_create(&pool, NULL);
    test_routes();
    test_negotiate();
    test_query();
    test_safe_return();
    test_ldap_escape();
    test_json();
    test_csrf();
    test_text();
    test_text_chars();
    test_text_json();
    printf("%d passed, %d failed\n", passed, failed);
    apr_pool_destroy(pool);
    apr_terminate();
    return failed ? 1 : 0;
}
