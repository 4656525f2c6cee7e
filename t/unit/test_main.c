/*
 * Unit tests of the module's pure code: routing, content negotiation,
 * query strings, return addresses, LDAP filter escaping, XML -> JSON.
 * Prints one line per failed check and ends with "N passed, N failed".
 */
#include "mod_helpdesk.h"
#include "hd_mail.h"
#include "hd_routes.h"
#include "hd_request.h"
#include "hd_session.h"
#include "hd_token.h"
#include "hd_form.h"
#include "hd_ldap.h"
#include "hd_render.h"
#include "hd_page.h"
#include "hd_db.h"
#include "hd_content.h"
#include "hd_ical.h"
#include "hd_account_check.h"
#include "apr_general.h"

#include <stdio.h>
#include <sys/resource.h>

#include "check.h"

static apr_pool_t *pool;

/* For long strings: where they first differ, not both in full. */
#define CHECK_LONG(got, want)                                              \
    do {                                                                   \
        const char *g_ = (got), *w_ = (want);                              \
        apr_size_t i_ = 0;                                                 \
        while (g_ && w_ && g_[i_] && g_[i_] == w_[i_])                     \
            i_++;                                                          \
        if (g_ && w_ && g_[i_] == w_[i_])                                  \
            passed++;                                                      \
        else {                                                             \
            failed++;                                                      \
            printf("FAIL %s:%d: differs at byte %lu: got \"%.40s\", want " \
                   "\"%.40s\"\n",                                          \
                   __FILE__, __LINE__, (unsigned long)i_,                  \
                   g_ ? g_ + i_ : "(null)", w_ ? w_ + i_ : "(null)");      \
        }                                                                  \
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
int hd_page_password_forgot(hd_req *rq)
{
    return 0;
}
int hd_page_password_forgot_submit(hd_req *rq)
{
    return 0;
}
int hd_page_logins(hd_req *rq)
{
    return 0;
}
int hd_page_login_details(hd_req *rq)
{
    return 0;
}
int hd_page_login_reset(hd_req *rq)
{
    return 0;
}
int hd_page_account(hd_req *rq)
{
    return 0;
}
int hd_page_account_token_create(hd_req *rq)
{
    return 0;
}
int hd_page_account_contact(hd_req *rq)
{
    return 0;
}
int hd_page_account_mail(hd_req *rq)
{
    return 0;
}
int hd_page_account_mail_confirm(hd_req *rq)
{
    return 0;
}
int hd_page_account_password(hd_req *rq)
{
    return 0;
}
int hd_page_account_password_change(hd_req *rq)
{
    return 0;
}
int hd_page_account_token_revoke(hd_req *rq)
{
    return 0;
}
int hd_page_login_submit(hd_req *rq)
{
    return 0;
}
int hd_page_logout_form(hd_req *rq)
{
    return 0;
}
int hd_page_logout(hd_req *rq)
{
    return 0;
}
int hd_page_sessions(hd_req *rq)
{
    return 0;
}
int hd_page_sessions_end(hd_req *rq)
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
int hd_page_ticket_move(hd_req *rq)
{
    return 0;
}
int hd_page_ticket_assign(hd_req *rq)
{
    return 0;
}
int hd_page_ticket_reply(hd_req *rq)
{
    return 0;
}
int hd_page_ticket_classify(hd_req *rq)
{
    return 0;
}
int hd_page_ticket_attach(hd_req *rq)
{
    return 0;
}
int hd_page_ticket_attachment(hd_req *rq)
{
    return 0;
}
int hd_page_desk(hd_req *rq)
{
    return 0;
}
int hd_page_ticket_feedback(hd_req *rq)
{
    return 0;
}
int hd_page_services(hd_req *rq)
{
    return 0;
}
int hd_page_service(hd_req *rq)
{
    return 0;
}
int hd_page_service_subscription(hd_req *rq)
{
    return 0;
}
int hd_page_service_affected(hd_req *rq)
{
    return 0;
}
int hd_page_service_status(hd_req *rq)
{
    return 0;
}
int hd_page_service_link(hd_req *rq)
{
    return 0;
}
int hd_page_faq(hd_req *rq)
{
    return 0;
}
int hd_page_desk_news(hd_req *rq)
{
    return 0;
}
int hd_page_desk_news_create(hd_req *rq)
{
    return 0;
}
int hd_page_desk_news_edit(hd_req *rq)
{
    return 0;
}
int hd_page_desk_news_delete(hd_req *rq)
{
    return 0;
}
int hd_page_desk_faq(hd_req *rq)
{
    return 0;
}
int hd_page_desk_faq_create(hd_req *rq)
{
    return 0;
}
int hd_page_desk_faq_edit(hd_req *rq)
{
    return 0;
}
int hd_page_desk_faq_delete(hd_req *rq)
{
    return 0;
}
int hd_page_desk_maintenance(hd_req *rq)
{
    return 0;
}
int hd_page_desk_maintenance_create(hd_req *rq)
{
    return 0;
}
int hd_page_desk_maintenance_cancel(hd_req *rq)
{
    return 0;
}
int hd_page_notifications(hd_req *rq)
{
    return 0;
}
int hd_page_notifications_save(hd_req *rq)
{
    return 0;
}
int hd_page_desk_mail(hd_req *rq)
{
    return 0;
}
int hd_page_desk_mail_retry(hd_req *rq)
{
    return 0;
}
int hd_page_status_api(hd_req *rq)
{
    return 0;
}
int hd_page_feed_atom(hd_req *rq)
{
    return 0;
}
int hd_page_service_feed_atom(hd_req *rq)
{
    return 0;
}
int hd_page_mail_inbound(hd_req *rq)
{
    return 0;
}
int hd_page_maintenance_ics(hd_req *rq)
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
    /* The desk's content pages: their fixed paths and the IDs in them. */
    m = hd_route_match(pool, hd_routes, hd_routes_count, "GET", "/faq");
    CHECK(m.route && m.route->page == hd_page_faq);
    m = hd_route_match(pool, hd_routes, hd_routes_count, "POST",
                       "/desk/news/12/edit");
    CHECK(m.route && m.route->page == hd_page_desk_news_edit);
    CHECK(m.args && m.args->nelts == 1 &&
          !strcmp(APR_ARRAY_IDX(m.args, 0, const char *), "12"));
    m = hd_route_match(pool, hd_routes, hd_routes_count, "POST",
                       "/desk/maintenance/3/cancel");
    CHECK(m.route && m.route->page == hd_page_desk_maintenance_cancel);
    m = hd_route_match(pool, hd_routes, hd_routes_count, "GET",
                       "/desk/faq/1/delete");
    CHECK(!m.route && m.path_known);
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

    /* The feeds: status routes, beside the status API's. */
    m = hd_route_match(pool, hd_routes, hd_routes_count, "GET",
                       "/api/feed.atom");
    CHECK(m.route && m.route->page == hd_page_feed_atom);
    CHECK(m.route && m.route->access == HD_ROUTE_STATUS);
    m = hd_route_match(pool, hd_routes, hd_routes_count, "GET",
                       "/api/services/vpn/feed.atom");
    CHECK(m.route && m.route->page == hd_page_service_feed_atom);
    CHECK(m.route && m.route->access == HD_ROUTE_STATUS);
    CHECK_STR(APR_ARRAY_IDX(m.args, 0, const char *), "vpn");
    m = hd_route_match(pool, hd_routes, hd_routes_count, "HEAD",
                       "/api/maintenance.ics");
    CHECK(m.route && m.route->page == hd_page_maintenance_ics);
    CHECK(m.route && m.route->access == HD_ROUTE_STATUS);
    m = hd_route_match(pool, hd_routes, hd_routes_count, "POST",
                       "/mail/inbound");
    CHECK(m.route && m.route->page == hd_page_mail_inbound &&
          m.route->access == HD_ROUTE_MAILGATE);
    m = hd_route_match(pool, hd_routes, hd_routes_count, "POST",
                       "/api/feed.atom");
    CHECK(!m.route && m.path_known);
    CHECK_STR(m.allow, "GET");

    /* The account page and its API tokens. */
    m = hd_route_match(pool, hd_routes, hd_routes_count, "GET", "/account");
    CHECK(m.route && m.route->page == hd_page_account);
    CHECK(m.route && m.route->access == HD_ROUTE_USER);
    m = hd_route_match(pool, hd_routes, hd_routes_count, "POST",
                       "/account/tokens");
    CHECK(m.route && m.route->page == hd_page_account_token_create);
    m = hd_route_match(pool, hd_routes, hd_routes_count, "POST",
                       "/account/tokens/12/revoke");
    CHECK(m.route && m.route->page == hd_page_account_token_revoke);
    CHECK_STR(APR_ARRAY_IDX(m.args, 0, const char *), "12");
    m = hd_route_match(pool, hd_routes, hd_routes_count, "GET",
                       "/account/tokens");
    CHECK(!m.route && m.path_known);
    CHECK_STR(m.allow, "POST");
    /* Contact details, the e-mail address and its link, the password. */
    m = hd_route_match(pool, hd_routes, hd_routes_count, "POST",
                       "/account/contact");
    CHECK(m.route && m.route->page == hd_page_account_contact);
    m = hd_route_match(pool, hd_routes, hd_routes_count, "GET",
                       "/account/contact");
    CHECK(!m.route && m.path_known);
    m = hd_route_match(pool, hd_routes, hd_routes_count, "POST",
                       "/account/mail");
    CHECK(m.route && m.route->page == hd_page_account_mail);
    m = hd_route_match(pool, hd_routes, hd_routes_count, "GET",
                       "/account/mail/confirm");
    CHECK(m.route && m.route->page == hd_page_account_mail_confirm);
    CHECK(m.route && m.route->access == HD_ROUTE_USER);
    m = hd_route_match(pool, hd_routes, hd_routes_count, "POST",
                       "/account/mail/confirm");
    CHECK(!m.route && m.path_known);
    CHECK_STR(m.allow, "GET");
    m = hd_route_match(pool, hd_routes, hd_routes_count, "GET",
                       "/account/password");
    CHECK(m.route && m.route->page == hd_page_account_password);
    m = hd_route_match(pool, hd_routes, hd_routes_count, "POST",
                       "/account/password");
    CHECK(m.route && m.route->page == hd_page_account_password_change);
}

static void test_csrf(void)
{
    const unsigned char nonce[16] = "0123456789abcdef";
    const char *key = "s3cret-s3cret-s3cret", *form = "/tickets/HD-7/comment";
    apr_time_t now = apr_time_from_sec(1800000000);
    const char *tok = hd_csrf_issue(pool, key, "alice", form, now, nonce);
    const char *n = hd_csrf_verify(pool, key, "alice", form, tok,
                                   now + apr_time_from_sec(10), 3600);

    CHECK_STR(n, "30313233343536373839616263646566");
    /* Another person, another secret, too old, tampered: refused. */
    CHECK(!hd_csrf_verify(pool, key, "bob", form, tok, now, 3600));
    CHECK(!hd_csrf_verify(pool, "other-secret-other", "alice", form, tok, now,
                          3600));
    CHECK(!hd_csrf_verify(pool, key, "alice", form, tok,
                          now + apr_time_from_sec(3601), 3600));
    CHECK(!hd_csrf_verify(pool, key, "alice", form,
                          apr_pstrcat(pool, tok, "0", NULL), now, 3600));
    CHECK(!hd_csrf_verify(pool, key, "alice", form, "", now, 3600));
    CHECK(!hd_csrf_verify(pool, key, "alice", form, "1.2.3", now, 3600));
    /* A token is good for the one form it was drawn for: not another
     * ticket's comment, not the same ticket's resolve. */
    CHECK(!hd_csrf_verify(pool, key, "alice", "/tickets/HD-8/comment", tok, now,
                          3600));
    CHECK(!hd_csrf_verify(pool, key, "alice", "/tickets/HD-7/resolve", tok, now,
                          3600));
    CHECK(!hd_csrf_verify(pool, key, "alice", "/tickets/new", tok, now, 3600));
}

/* The formatted text of plain input, serialised. */
/* The XML of typed text, without its source attribute (checked once in
 * test_text). */
static const char *formatted(const char *in)
{
    xmlDocPtr d = xmlNewDoc((const xmlChar *)"1.0");
    xmlNodePtr r = xmlNewDocNode(d, NULL, (const xmlChar *)"r", NULL);
    xmlBufferPtr b = xmlBufferCreate();
    const char *out;

    xmlDocSetRootElement(d, r);
    hd_text_to_xml(r, in);
    xmlUnsetProp(r->children, (const xmlChar *)"source");
    xmlNodeDump(b, d, r->children, 0, 0);
    out = apr_pstrdup(pool, (const char *)xmlBufferContent(b));
    xmlBufferFree(b);
    xmlFreeDoc(d);
    return out;
}

/* CommonMark, as cmark reads it, in the page's small vocabulary. */
static void test_text(void)
{
    xmlDocPtr d = xmlNewDoc((const xmlChar *)"1.0");
    xmlNodePtr r = xmlNewDocNode(d, NULL, (const xmlChar *)"r", NULL);
    xmlChar *src;

    xmlDocSetRootElement(d, r);
    hd_text_to_xml(r, "a *b*\n");
    src = xmlGetProp(r->children, (const xmlChar *)"source");
    CHECK_STR((const char *)src, "a *b*\n"); /* kept as typed */
    xmlFree(src);
    xmlFreeDoc(d);

    CHECK_STR(formatted("hello"), "<text><p>hello</p></text>");
    /* A line break stays one, as in chat tools and the portal before. */
    CHECK_STR(formatted("a\nb\n\nc"), "<text><p>a<br/>b</p><p>c</p></text>");
    /* Raw HTML is text, never markup. */
    CHECK_STR(formatted("<script>alert(1)</script> & <b>x</b>"),
              "<text><p>&lt;script&gt;alert(1)&lt;/script&gt; &amp; "
              "&lt;b&gt;x&lt;/b&gt;</p></text>");
    CHECK_STR(formatted("<div onclick=\"x()\">\nhi\n</div>"),
              "<text><p>&lt;div onclick=\"x()\"&gt;<br/>hi<br/>&lt;/div&gt;"
              "</p></text>");
    CHECK_STR(formatted("Steps:\r\n\r\n- one\r\n- two\r\n\r\nafter"),
              "<text><p>Steps:</p><ul><li>one</li><li>two</li></ul>"
              "<p>after</p></text>");
    CHECK_STR(formatted("1. one\n2. two"),
              "<text><ol><li>one</li><li>two</li></ol></text>");
    CHECK_STR(formatted("3. three"),
              "<text><ol start=\"3\"><li>three</li></ol></text>");
    CHECK_STR(formatted("**bold**, *em* and `x < y`"),
              "<text><p><strong>bold</strong>, <em>em</em> and "
              "<code>x &lt; y</code></p></text>");
    CHECK_STR(formatted("## Title\n\n> quoted\n\n---\n\n    code <b>"),
              "<text><h level=\"2\">Title</h><blockquote><p>quoted</p>"
              "</blockquote><hr/><pre>code &lt;b&gt;\n</pre></text>");
    CHECK_STR(formatted("```\nls -l\n```"), "<text><pre>ls -l\n</pre></text>");
    /* Bare addresses are links, as they were; written links too. */
    CHECK_STR(formatted("see https://example.org/a?b=1&c=2."),
              "<text><p>see <a href=\"https://example.org/a?b=1&amp;c=2\">"
              "https://example.org/a?b=1&amp;c=2</a>.</p></text>");
    CHECK_STR(formatted("[the wiki](https://wiki.example/x) or "
                        "[mail](mailto:desk@example.org)"),
              "<text><p><a href=\"https://wiki.example/x\">the wiki</a> or "
              "<a href=\"mailto:desk@example.org\">mail</a></p></text>");
    /* Only http(s) and mailto leave the page as links. */
    CHECK_STR(formatted("[x](javascript:alert(1)) [y](data:text/html,z) "
                        "[z](/helpdesk/logout)"),
              "<text><p>x y z</p></text>");
    CHECK_STR(formatted("javascript:alert(1) **unclosed"),
              "<text><p>javascript:alert(1) **unclosed</p></text>");
    /* An image is never fetched: its description, a link when http(s). */
    CHECK_STR(formatted("![a cat](https://img.example/cat.png) "
                        "![x](javascript:y)"),
              "<text><p><a href=\"https://img.example/cat.png\">a cat</a> x"
              "</p></text>");
    /* A link inside a written link is not made a second time. */
    CHECK_STR(formatted("[https://a.example](https://b.example)"),
              "<text><p><a href=\"https://b.example\">https://a.example</a>"
              "</p></text>");
    CHECK_STR(formatted(""), "<text/>");
}

/* Text that is nearly markup comes out as CommonMark says, and never as
 * anything the vocabulary does not have. */
static void test_text_awkward(void)
{
    CHECK_STR(formatted("- "), "<text><ul><li/></ul></text>");
    CHECK_STR(formatted("**"), "<text><p>**</p></text>");
    CHECK_STR(formatted("****"), "<text><hr/></text>");
    CHECK_STR(formatted("**x"), "<text><p>**x</p></text>");
    CHECK_STR(formatted("run `lpstat -p"),
              "<text><p>run `lpstat -p</p></text>");
    CHECK_STR(formatted("`"), "<text><p>`</p></text>");
    CHECK_STR(formatted("- **"), "<text><ul><li>**</li></ul></text>");
    CHECK_STR(formatted("   "), "<text/>");
    CHECK_STR(formatted(" \t \n   \n"), "<text/>");
    CHECK_STR(formatted("a\n   \n\t\nb  "), "<text><p>a</p><p>b</p></text>");
    CHECK_STR(formatted("a\r\nb \r\n\r\n- c\r\n\r\nd\r\n"),
              "<text><p>a<br/>b</p><ul><li>c</li></ul><p>d</p></text>");
    CHECK_STR(formatted("a\nb\n"), "<text><p>a<br/>b</p></text>");
    /* Emphasis may span a line break, as CommonMark has it. */
    CHECK_STR(formatted("**a\nb**"),
              "<text><p><strong>a<br/>b</strong></p></text>");
    CHECK_STR(formatted("http://"), "<text><p>http://</p></text>");
    CHECK_STR(formatted("- https://x.example\n\nhttp"),
              "<text><ul><li><a href=\"https://x.example\">https://x.example"
              "</a></li></ul><p>http</p></text>");
    /* Deep nesting is flattened, never unbounded. */
    CHECK(strlen(formatted(
              apr_psprintf(pool, "%s x",
                           "> > > > > > > > > > > > > > > > > > > "
                           "> > > > > > > > > > > > > > > > > > > "
                           "> > > > > > > > > > > > > > > > > > "))) < 64 * 40);
    /* Invalid UTF-8 never reaches the tree as such (cmark replaces it). */
    CHECK(strstr(formatted("a\xff b"), "\xef\xbf\xbd") != NULL);
}

/* n lines, each one of the shapes in turn, joined by "\n". */
static char *lines_of(const char *const *shapes, int nshapes, int n)
{
    apr_array_header_t *a = apr_array_make(pool, n, sizeof(const char *));
    int i;

    for (i = 0; i < n; i++) {
        APR_ARRAY_PUSH(a, const char *) = shapes[i % nshapes];
    }
    return apr_array_pstrcat(pool, a, '\n');
}

/* Text as JSON from hd_json_from_xml, without the {"text": ...}. */
static const char *returned(const char *typed)
{
    xmlDocPtr d = xmlNewDoc((const xmlChar *)"1.0");
    xmlNodePtr r = xmlNewDocNode(d, NULL, (const xmlChar *)"details", NULL);
    const char *json, *out = NULL;
    apr_size_t len;

    xmlDocSetRootElement(d, r);
    hd_text_to_xml(r, typed);
    json = hd_json_from_xml(pool, r, NULL);
    len = json ? strlen(json) : 0;
    if (len > 10 && !strncmp(json, "{\"text\":\"", 9) &&
        !strcmp(json + len - 2, "\"}")) {
        out = apr_pstrndup(pool, json + 9, len - 11);
    }
    xmlFreeDoc(d);
    return out;
}

/* A JSON string body for text of letters, marks and "\n" only. */
static const char *json_escaped(const char *s)
{
    apr_array_header_t *a = apr_array_make(pool, 64, sizeof(const char *));
    const char *nl;

    while ((nl = strchr(s, '\n'))) {
        APR_ARRAY_PUSH(a, const char *) = apr_pstrndup(pool, s, nl - s);
        APR_ARRAY_PUSH(a, const char *) = "\\n";
        s = nl + 1;
    }
    APR_ARRAY_PUSH(a, const char *) = s;
    return apr_array_pstrcat(pool, a, '\0');
}

/* Thousands of lines and the longest text allowed, both ways: the JSON
 * gives back exactly what was typed, in linear memory. */
static void test_text_long(void)
{
    static const char *const xs[] = {"x"};
    static const char *const awkward[] = {"-", "- ", "*",  "* ",   "**",
                                          "`", "",   "  ", "- **", "x"};
    static const char unit[] = "x\n**b** and `c`\n\n- d\n"
                               "- `e` https://example.org/f\n\n";
    apr_array_header_t *want = apr_array_make(pool, 10000, sizeof(char *));
    char *text;
    struct rusage before, after;
    apr_size_t at = 0;
    int i;

    text = lines_of(xs, 1, 10000);
    for (i = 0; i < 10000; i++) {
        APR_ARRAY_PUSH(want, const char *) = i ? "<br/>x" : "<text><p>x";
    }
    APR_ARRAY_PUSH(want, const char *) = "</p></text>";
    CHECK_LONG(formatted(text), apr_array_pstrcat(pool, want, '\0'));
    getrusage(RUSAGE_SELF, &before);
    CHECK_LONG(returned(text), json_escaped(text));
    getrusage(RUSAGE_SELF, &after);
    CHECK(after.ru_maxrss - before.ru_maxrss < 16 * 1024); /* KB */

    text = lines_of(awkward, 10, 10000);
    CHECK_LONG(returned(text), json_escaped(text));
    CHECK(strlen(formatted(text)) > 10000);

    /* The longest comment allowed comes back unchanged. */
    text = apr_palloc(pool, 20001);
    while (at + sizeof(unit) - 1 < 20000) {
        memcpy(text + at, unit, sizeof(unit) - 1);
        at += sizeof(unit) - 1;
    }
    memset(text + at, 'y', 20000 - at);
    text[20000] = '\0';
    CHECK_LONG(returned(text), json_escaped(text));
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
    CHECK_STR(hd_json_from_xml(pool, r, NULL),
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
    /* DEL, C1 controls and Unicode's non-characters: not text. */
    CHECK(hd_request_text_chars("a\x7f", 1) == -1);
    CHECK(hd_request_text_chars("\xc2\x85", 1) == -1);         /* U+0085 */
    CHECK(hd_request_text_chars("a\xef\xbf\xbe", 1) == -1);    /* U+FFFE */
    CHECK(hd_request_text_chars("a\xef\xbf\xbf", 1) == -1);    /* U+FFFF */
    CHECK(hd_request_text_chars("\xef\xb7\x90", 1) == -1);     /* U+FDD0 */
    CHECK(hd_request_text_chars("\xf0\x9f\xbf\xbf", 1) == -1); /* 1FFFF */
    CHECK(hd_request_text_chars("\xef\xbf\xbd", 1) == 1);      /* U+FFFD is */
    CHECK(hd_request_text_chars("\xc2\xa0", 0) == 1);          /* NBSP is */
}

static void test_showable(void)
{
    const char *ok = "Caf\xc3\xa9\nline\ttab";
    /* Good text is returned as it is, without a copy. */
    CHECK(hd_request_showable(pool, ok) == ok);
    CHECK_STR(hd_request_showable(pool, "a\x01"
                                        "b"),
              "a\xef\xbf\xbd"
              "b");
    CHECK_STR(hd_request_showable(pool, "\xff\xfe"),
              "\xef\xbf\xbd\xef\xbf\xbd");
    CHECK_STR(hd_request_showable(pool, "x\xef\xbf\xbey"), "x\xef\xbf\xbdy");
    CHECK_STR(hd_request_showable(pool, "/\xc3"), "/\xef\xbf\xbd");
    CHECK_STR(hd_request_showable(pool, ""), "");
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
    /* %00 must not cut a value short: it stays, as a character every
     * check refuses. */
    t = hd_request_query(pool, "summary=before%00after");
    CHECK(strlen(apr_table_get(t, "summary")) == strlen("before_after"));
    CHECK(hd_request_text_chars(apr_table_get(t, "summary"), 1) == -1);
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
    /* Dot segments, also percent-encoded, at the end or before a query. */
    CHECK_STR(hd_request_safe_return(pool, b, "/helpdesk/.."), "/helpdesk/");
    CHECK_STR(hd_request_safe_return(pool, b, "/helpdesk/%2e%2e/x"),
              "/helpdesk/");
    CHECK_STR(hd_request_safe_return(pool, b, "/helpdesk/.%2E?x=1"),
              "/helpdesk/");
    CHECK_STR(hd_request_safe_return(pool, b, "/helpdesk/./tickets"),
              "/helpdesk/");
    CHECK_STR(hd_request_safe_return(pool, b, "/helpdesk/tickets/.hidden"),
              "/helpdesk/tickets/.hidden");
    CHECK_STR(hd_request_safe_return(pool, b, "/helpdesk/tickets?q=a..b"),
              "/helpdesk/tickets?q=a..b");
    CHECK_STR(hd_request_safe_return(pool, b, "javascript:alert(1)"),
              "/helpdesk/");

    CHECK_STR(hd_request_relative_path(b, "/helpdesk"), "/");
    CHECK_STR(hd_request_relative_path(b, "/helpdesk/"), "/");
    CHECK_STR(hd_request_relative_path(b, "/helpdesk/login"), "/login");
    CHECK(hd_request_relative_path(b, "/helpdeskx") == NULL);
    CHECK(hd_request_relative_path(b, "/other") == NULL);
}

/* Session tokens: 43 base64url characters of fresh randomness, stored
 * only as their SHA-256. */
static void test_session_tokens(void)
{
    const char *a = hd_session_token_new(pool);
    const char *b = hd_session_token_new(pool);
    CHECK(a && b);
    CHECK(strlen(a) == HD_SESSION_TOKEN_CHARS);
    CHECK(strcmp(a, b) != 0);
    CHECK(hd_session_token_wellformed(a));
    CHECK(!hd_session_token_wellformed(NULL));
    CHECK(!hd_session_token_wellformed(""));
    CHECK(!hd_session_token_wellformed(apr_pstrcat(pool, a, "x", NULL)));
    CHECK(!hd_session_token_wellformed(apr_pstrndup(pool, a, 42)));
    CHECK(!hd_session_token_wellformed(
        "abcdefghijklmnopqrstuvwxyz0123456789+/=ABCD"));
    /* SHA-256("abc"), FIPS 180-2's example. */
    CHECK_STR(
        hd_session_token_hash(pool, "abc"),
        "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
    CHECK(strlen(hd_session_token_hash(pool, a)) == HD_SESSION_HASH_CHARS);
}

/* Personal API tokens: hdt_<id>_<secret>, the secret a session token's
 * shape (so '_' and '-' may be anywhere in it). */
static void test_api_tokens(void)
{
    const char *secret = hd_session_token_new(pool), *id, *sec;
    const char *tok = hd_token_format(pool, "42", secret);

    CHECK_STR(tok, apr_pstrcat(pool, "hdt_42_", secret, NULL));
    CHECK(hd_token_parse(pool, tok, &id, &sec));
    CHECK_STR(id, "42");
    CHECK_STR(sec, secret);
    /* A secret that starts, ends and is full of '_' and '-'. */
    CHECK(hd_token_parse(
        pool, "hdt_7__-_-abcdefghijklmnopqrstuvwxyzABCDEFGHIJKL_", &id, &sec));
    CHECK_STR(id, "7");
    CHECK_STR(sec, "_-_-abcdefghijklmnopqrstuvwxyzABCDEFGHIJKL_");
    /* Not ours: no prefix, no id, a leading zero, a long id, a short or
     * long secret, a character base64url has not, nothing at all. */
    CHECK(!hd_token_parse(pool, secret, &id, &sec));
    CHECK(!id && !sec);
    CHECK(!hd_token_parse(pool, apr_pstrcat(pool, "hdt__", secret, NULL), &id,
                          &sec));
    CHECK(!hd_token_parse(pool, apr_pstrcat(pool, "hdt_042_", secret, NULL),
                          &id, &sec));
    CHECK(!hd_token_parse(
        pool, apr_pstrcat(pool, "hdt_123456789012345678901_", secret, NULL),
        &id, &sec));
    CHECK(!hd_token_parse(pool, apr_pstrndup(pool, tok, strlen(tok) - 1), &id,
                          &sec));
    CHECK(!hd_token_parse(pool, apr_pstrcat(pool, tok, "A", NULL), &id, &sec));
    CHECK(!hd_token_parse(
        pool, "hdt_1_abcdefghijklmnopqrstuvwxyz0123456789+/=ABCD", &id, &sec));
    CHECK(!hd_token_parse(
        pool, "HDT_1_abcdefghijklmnopqrstuvwxyz0123456789-_ABC", &id, &sec));
    CHECK(!hd_token_parse(pool, "", &id, &sec));
    CHECK(!hd_token_parse(pool, NULL, &id, &sec));
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

/* The JSON of an XML text, or "error: <why>" when it has none. */
static const char *json_of(const char *xml)
{
    xmlNodePtr root = parse_root(xml);
    const char *why = NULL, *json;

    if (!root) {
        return "(XML does not parse)";
    }
    json = hd_json_from_xml(pool, root, &why);
    return json ? json : apr_pstrcat(pool, "error: ", why, NULL);
}

static void test_json(void)
{
    CHECK_STR(json_of("<helpdesk page=\"today\"><user login=\"alice\" "
                      "name=\"A &quot;Al&quot; &lt;b&gt;\"/><today>"
                      "<services json=\"array\"><service id=\"1\"/>"
                      "</services></today></helpdesk>"),
              "{\"page\":\"today\",\"user\":{\"login\":\"alice\","
              "\"name\":\"A \\\"Al\\\" <b>\"},\"today\":{\"services\":"
              "[{\"id\":1}]}}");

    /* An empty list is still a list; text-only elements are strings;
     * text beside attributes is "text"; an empty element is an object,
     * as it is when it has attributes. */
    CHECK_STR(json_of("<r><l json=\"array\"/><t k=\"v\">body</t>"
                      "<s>line1\nline2 \xc3\xa9</s><paging/></r>"),
              "{\"l\":[],\"t\":{\"k\":\"v\",\"text\":\"body\"},"
              "\"s\":\"line1\\nline2 \xc3\xa9\",\"paging\":{}}");
}

/* A list is an array whatever its length: none, one or many. */
static void test_json_lists(void)
{
    CHECK_STR(json_of("<tickets><rows json=\"array\"/></tickets>"),
              "{\"rows\":[]}");
    CHECK_STR(json_of("<tickets><rows json=\"array\"><ticket ref=\"HD-1\"/>"
                      "</rows></tickets>"),
              "{\"rows\":[{\"ref\":\"HD-1\"}]}");
    CHECK_STR(json_of("<tickets><rows json=\"array\"><ticket ref=\"HD-1\"/>"
                      "<ticket ref=\"HD-2\"/></rows></tickets>"),
              "{\"rows\":[{\"ref\":\"HD-1\"},{\"ref\":\"HD-2\"}]}");

    /* Lists in list items: each ticket's activity, and a list of lists. */
    CHECK_STR(json_of("<rows json=\"array\"><ticket id=\"7\">"
                      "<activity json=\"array\"><entry kind=\"comment\">"
                      "<text><p>hi</p></text></entry></activity></ticket>"
                      "<ticket id=\"8\"><activity json=\"array\"/></ticket>"
                      "</rows>"),
              "[{\"id\":7,\"activity\":[{\"kind\":\"comment\","
              "\"text\":\"hi\"}]},{\"id\":8,\"activity\":[]}]");
    CHECK_STR(json_of("<l json=\"array\"><m json=\"array\"><x a=\"1\"/></m>"
                      "<m json=\"array\"/></l>"),
              "[[{\"a\":\"1\"}],[]]");

    /* The columns form repeats <column> without a list element around
     * them: declared a list, so an array with one column or none too. */
    CHECK_STR(json_of("<columns-form csrf=\"t\"><column key=\"summary\" "
                      "shown=\"true\" position=\"1\"/></columns-form>"),
              "{\"csrf\":\"t\",\"column\":[{\"key\":\"summary\","
              "\"shown\":true,\"position\":1}]}");
    CHECK_STR(json_of("<columns-form csrf=\"t\"><column key=\"a\"/>"
                      "<errors json=\"array\"/><column key=\"b\"/>"
                      "</columns-form>"),
              "{\"csrf\":\"t\",\"column\":[{\"key\":\"a\"},{\"key\":\"b\"}],"
              "\"errors\":[]}");
    CHECK_STR(json_of("<columns-form csrf=\"t\"/>"),
              "{\"csrf\":\"t\",\"column\":[]}");

    /* Any other name repeated is a page's bug: no JSON, and the reason
     * names it, rather than a member that is an object one day and an
     * array the next. */
    CHECK_STR(json_of("<r><c>one</c><c>two</c></r>"),
              "error: <r> has two members \"c\": an element that repeats "
              "belongs in a list (hd_xml_list or json_types[])");
    CHECK_STR(json_of("<helpdesk><rows json=\"array\"><ticket><x/><x/>"
                      "</ticket></rows></helpdesk>"),
              "error: <ticket> has two members \"x\": an element that "
              "repeats belongs in a list (hd_xml_list or json_types[])");
    CHECK_STR(json_of("<r c=\"1\"><c/></r>"),
              "error: <r> has two members \"c\": an element that repeats "
              "belongs in a list (hd_xml_list or json_types[])");
}

/* Declared booleans and numbers, only when the value is exactly one. */
static void test_json_types(void)
{
    CHECK_STR(json_of("<ticket id=\"1042\" priority=\"3\" shared=\"true\" "
                      "can-comment=\"false\" can-resolve=\"true\" "
                      "can-cancel=\"false\"/>"),
              "{\"id\":1042,\"priority\":3,\"shared\":true,"
              "\"can-comment\":false,\"can-resolve\":true,"
              "\"can-cancel\":false}");
    /* What a person typed is never taken for a boolean or a number. */
    CHECK_STR(json_of("<ticket summary=\"true\" kind=\"false\" "
                      "status-reason=\"42\"/>"),
              "{\"summary\":\"true\",\"kind\":\"false\","
              "\"status-reason\":\"42\"}");
    CHECK_STR(json_of("<values shared=\"true\" service=\"3\"/>"),
              "{\"shared\":\"true\",\"service\":\"3\"}");
    CHECK_STR(json_of("<values shared=\"default\"/>"),
              "{\"shared\":\"default\"}");
    /* A declared boolean that holds anything else stays a string. */
    CHECK_STR(json_of("<ticket shared=\"TRUE\" can-comment=\"1\" "
                      "can-cancel=\"\"/>"),
              "{\"shared\":\"TRUE\",\"can-comment\":\"1\","
              "\"can-cancel\":\"\"}");
    /* A declared number must be an integer in full. */
    CHECK_STR(json_of("<ticket id=\"0\" priority=\"-2\"/>"),
              "{\"id\":0,\"priority\":-2}");
    CHECK_STR(json_of("<ticket id=\"9223372036854775807\"/>"),
              "{\"id\":9223372036854775807}");
    {
        /* The last: "12" in Arabic-Indic digits. */
        static const char *const not_numbers[] = {"",
                                                  "03",
                                                  "-0",
                                                  "+3",
                                                  "3.0",
                                                  "1e3",
                                                  " 3",
                                                  "3 ",
                                                  "3x",
                                                  "0x1",
                                                  "-",
                                                  "--1",
                                                  "9223372036854775808",
                                                  "\xd9\xa1\xd9\xa2"};
        unsigned i;
        for (i = 0; i < sizeof(not_numbers) / sizeof(not_numbers[0]); i++) {
            const char *v = not_numbers[i];
            char *xml = apr_psprintf(pool, "<ticket priority=\"%s\"/>", v);
            CHECK_STR(json_of(xml),
                      apr_psprintf(pool, "{\"priority\":\"%s\"}", v));
        }
    }
    /* Types belong to an element: a service's status is a word, an
     * error's a number; a list's <column> has no position. */
    CHECK_STR(json_of("<r><service id=\"4\" status=\"red\" shared=\"false\" "
                      "selected=\"true\"/><error status=\"404\" "
                      "title=\"Page not found\"/></r>"),
              "{\"service\":{\"id\":4,\"status\":\"red\",\"shared\":false,"
              "\"selected\":true},\"error\":{\"status\":404,"
              "\"title\":\"Page not found\"}}");
    CHECK_STR(json_of("<r><login failed=\"false\" loggedout=\"true\"/>"
                      "<tickets count-shown=\"25\" q=\"12\"/></r>"),
              "{\"login\":{\"failed\":false,\"loggedout\":true},"
              "\"tickets\":{\"count-shown\":25,\"q\":\"12\"}}");
    CHECK_STR(json_of("<l json=\"array\"><status selected=\"true\"/>"
                      "<view current=\"false\"/><sort selected=\"false\"/>"
                      "<team selected=\"true\"/><column position=\"2\"/>"
                      "</l>"),
              "[{\"selected\":true},{\"current\":false},"
              "{\"selected\":false},{\"selected\":true},{\"position\":2}]");
}

/* A transaction attempt that meets a write conflict the first `conflicts`
 * times, then the outcome `then`. */
typedef struct {
    int conflicts, runs;
    hd_db_outcome then;
} fake_attempt;

static hd_db_outcome attempt(void *baton)
{
    fake_attempt *a = baton;
    return a->runs++ < a->conflicts ? HD_DB_CONFLICT : a->then;
}

static void test_db_outcomes(void)
{
    fake_attempt a;
    int runs;

    CHECK(hd_db_outcome_of(0, 0) == HD_DB_OK);
    CHECK(hd_db_outcome_of(1062, 0) == HD_DB_DUPLICATE);
    CHECK(hd_db_outcome_of(1213, 0) == HD_DB_CONFLICT); /* deadlock, Galera */
    CHECK(hd_db_outcome_of(1205, 0) == HD_DB_CONFLICT); /* lock wait */
    CHECK(hd_db_outcome_of(1969, 0) == HD_DB_TIMEOUT);  /* statement time */
    CHECK(hd_db_outcome_of(2013, 0) == HD_DB_UNAVAILABLE);
    CHECK(hd_db_outcome_of(2006, 1) == HD_DB_UNAVAILABLE);
    CHECK(hd_db_outcome_of(1927, 0) == HD_DB_UNAVAILABLE); /* killed */
    CHECK(hd_db_outcome_of(1064, 0) == HD_DB_FAILED);      /* a bad query */
    CHECK(hd_db_outcome_of(1064, 1) == HD_DB_UNAVAILABLE); /* ... or gone */
    CHECK_STR(hd_db_outcome_name(HD_DB_CONFLICT), "conflict");

    /* A forced 1213 is run again, and then succeeds. */
    a = (fake_attempt){1, 0, HD_DB_OK};
    CHECK(hd_db_retry(attempt, &a, 1, &runs) == HD_DB_OK);
    CHECK(runs == 2);
    /* A second one, with one retry allowed, gives up cleanly. */
    a = (fake_attempt){2, 0, HD_DB_OK};
    CHECK(hd_db_retry(attempt, &a, 1, &runs) == HD_DB_CONFLICT);
    CHECK(runs == 2 && a.runs == 2);
    /* No retries: one run. Other outcomes are never repeated. */
    a = (fake_attempt){5, 0, HD_DB_OK};
    CHECK(hd_db_retry(attempt, &a, 0, &runs) == HD_DB_CONFLICT && runs == 1);
    a = (fake_attempt){0, 0, HD_DB_DUPLICATE};
    CHECK(hd_db_retry(attempt, &a, 3, &runs) == HD_DB_DUPLICATE && runs == 1);
    a = (fake_attempt){0, 0, HD_DB_UNAVAILABLE};
    CHECK(hd_db_retry(attempt, &a, 3, &runs) == HD_DB_UNAVAILABLE && runs == 1);
}

/* What the desk types for times and positions (hd_content_parse.c). */
static void test_content_parse(void)
{
    long n = 0;

    CHECK_STR(hd_content_parse_time(pool, "2026-03-01 18:30"),
              "2026-03-01 18:30:00");
    CHECK_STR(hd_content_parse_time(pool, " 2026-03-01 18:30:59 "),
              "2026-03-01 18:30:59");
    CHECK_STR(hd_content_parse_time(pool, "2026-03-01T07:05"),
              "2026-03-01 07:05:00");
    CHECK_STR(hd_content_parse_time(pool, "2024-02-29 00:00"),
              "2024-02-29 00:00:00");
    CHECK_STR(hd_content_parse_time(pool, "2000-02-29 23:59"),
              "2000-02-29 23:59:00");
    CHECK(hd_content_parse_time(pool, "2026-02-30 10:00") == NULL);
    CHECK(hd_content_parse_time(pool, "2026-02-29 10:00") == NULL);
    CHECK(hd_content_parse_time(pool, "1900-02-29 10:00") == NULL);
    CHECK(hd_content_parse_time(pool, "2026-04-31 10:00") == NULL);
    CHECK(hd_content_parse_time(pool, "2026-13-01 10:00") == NULL);
    CHECK(hd_content_parse_time(pool, "2026-00-10 10:00") == NULL);
    CHECK(hd_content_parse_time(pool, "2026-01-00 10:00") == NULL);
    CHECK(hd_content_parse_time(pool, "2026-01-01 24:00") == NULL);
    CHECK(hd_content_parse_time(pool, "2026-01-01 10:60") == NULL);
    CHECK(hd_content_parse_time(pool, "2026-01-01 10:00:60") == NULL);
    CHECK(hd_content_parse_time(pool, "2026-1-1 9:05") == NULL);
    CHECK(hd_content_parse_time(pool, "2026-01-01 9:5") == NULL);
    CHECK(hd_content_parse_time(pool, "2026-01-01") == NULL);
    CHECK(hd_content_parse_time(pool, "0999-01-01 10:00") == NULL);
    CHECK(hd_content_parse_time(pool, "2026-01-01 10:00:0") == NULL);
    CHECK(hd_content_parse_time(pool, "2026-01-01 10:00 x") == NULL);
    CHECK(hd_content_parse_time(pool, "2026/01/01 10:00") == NULL);
    CHECK(hd_content_parse_time(pool, "2026-01-01 +1:00") == NULL);
    CHECK(hd_content_parse_time(pool, "") == NULL);
    CHECK(hd_content_parse_time(pool, "tomorrow") == NULL);

    CHECK(hd_content_parse_int("10", &n) && n == 10);
    CHECK(hd_content_parse_int(" -5 ", &n) && n == -5);
    CHECK(hd_content_parse_int("+7", &n) && n == 7);
    CHECK(hd_content_parse_int("2147483647", &n) && n == 2147483647L);
    CHECK(hd_content_parse_int("-2147483648", &n) && n == -2147483648L);
    CHECK(!hd_content_parse_int("2147483648", &n));
    CHECK(!hd_content_parse_int("-2147483649", &n));
    CHECK(!hd_content_parse_int("99999999999", &n));
    CHECK(!hd_content_parse_int("", &n));
    CHECK(!hd_content_parse_int("-", &n));
    CHECK(!hd_content_parse_int("ten", &n));
    CHECK(!hd_content_parse_int("1 0", &n));
    CHECK(!hd_content_parse_int("1.5", &n));
}

/* iCalendar: TEXT escaping and folding (RFC 5545 3.3.11, 3.1). */
static void test_ical(void)
{
    char long_ascii[201], utf8[301];
    const char *line, *c;
    int i, worst, n;

    CHECK_STR(hd_ical_text(pool, "plain words"), "plain words");
    CHECK_STR(hd_ical_text(pool, "a;b,c\\d"), "a\\;b\\,c\\\\d");
    CHECK_STR(hd_ical_text(pool, "one\ntwo\r\nthree\rfour"),
              "one\\ntwo\\nthree\\nfour");
    CHECK_STR(hd_ical_text(pool, ""), "");

    /* 75 octets fit; the 76th goes on a line that starts with a space. */
    CHECK_STR(hd_ical_line(pool, "SUMMARY", "x"), "SUMMARY:x\r\n");
    memset(long_ascii, 'a', 200);
    long_ascii[200] = '\0';
    long_ascii[75 - 8] = '\0'; /* "SUMMARY:" + 67 = 75 */
    line = hd_ical_line(pool, "SUMMARY", long_ascii);
    CHECK(strlen(line) == 77 && !strcmp(line + 75, "\r\n"));
    long_ascii[75 - 8] = 'a';
    long_ascii[76 - 8] = '\0';
    line = hd_ical_line(pool, "SUMMARY", long_ascii);
    CHECK(!strcmp(line + 75, "\r\n a\r\n") && strlen(line) == 81);
    long_ascii[76 - 8] = 'a';
    line = hd_ical_line(pool, "DESCRIPTION", long_ascii);
    /* 12 + 200 octets: 75, then 74 + 63 after the spaces. */
    CHECK(strlen(line) == 212 + 3 * 2 + 2);

    /* Never inside a character: 2-, 3- and 4-octet ones at every offset. */
    for (n = 2; n <= 4; n++) {
        static const char *const chars[] = {"", "", "\xc3\xa9", "\xe2\x82\xac",
                                            "\xf0\x9f\x93\x85"};
        for (i = 0; i < n; i++) {
            int k;
            utf8[0] = '\0';
            memset(utf8, 'x', i);
            utf8[i] = '\0';
            for (k = 0; k < 60; k++) {
                strcat(utf8, chars[n]);
            }
            line = hd_ical_line(pool, "DESCRIPTION", utf8);
            worst = 0;
            for (c = line; *c;) {
                const char *end = strstr(c, "\r\n");
                int len = (int)(end - c);
                if (len > worst) {
                    worst = len;
                }
                /* The next line starts with a space, then a character's
                 * first octet, never a continuation octet. */
                if (end[2]) {
                    CHECK(end[2] == ' ' && (end[3] & 0xc0) != 0x80);
                }
                c = end + 2;
            }
            CHECK(worst <= 75);
            CHECK(worst >= 72);
        }
    }
}

/* Signed Message-IDs: a reply names its ticket only through an id we
 * made and signed. */
static void test_mail_ids(void)
{
    const char *id =
        hd_mail_msgid(pool, "s3cret", "1042", "e17", "ab12", "example.org");
    const char *bracketed = apr_pstrcat(pool, " <", id, ">", NULL);
    char *forged = apr_pstrdup(pool, id);

    CHECK(!strncmp(id, "hd.1042.e17.ab12.", 17));
    CHECK_STR(hd_mail_msgid_ticket(pool, "s3cret", id), "1042");
    CHECK_STR(hd_mail_msgid_ticket(pool, "s3cret", bracketed), "1042");
    /* another secret, another ticket number, a mangled signature */
    CHECK(hd_mail_msgid_ticket(pool, "other", id) == NULL);
    forged[4] = '3'; /* hd.1042 -> hd.1342 */
    CHECK(hd_mail_msgid_ticket(pool, "s3cret", forged) == NULL);
    forged = apr_pstrdup(pool, id);
    forged[strlen(forged) - strlen("@example.org") - 1] ^= 1;
    CHECK(hd_mail_msgid_ticket(pool, "s3cret", forged) == NULL);
    /* not ours at all, empty, a thread root of no ticket */
    CHECK(hd_mail_msgid_ticket(pool, "s3cret", "CAF00@mail.gmail.com") == NULL);
    CHECK(hd_mail_msgid_ticket(pool, "s3cret", "") == NULL);
    CHECK(hd_mail_msgid_ticket(pool, "s3cret", NULL) == NULL);
    CHECK(hd_mail_msgid_ticket(pool, "s3cret",
                               hd_mail_msgid(pool, "s3cret", "0", "s4", "0",
                                             "example.org")) == NULL);
    /* ours, about no ticket: still ours (a loop), and no ticket */
    CHECK(hd_mail_msgid_ours(
        pool, "s3cret",
        hd_mail_msgid(pool, "s3cret", "0", "s4", "0", "example.org")));
    CHECK(hd_mail_msgid_ours(pool, "s3cret", id));
    CHECK(!hd_mail_msgid_ours(pool, "other", id));
    CHECK(!hd_mail_msgid_ours(pool, "s3cret", "CAF00@mail.gmail.com"));
    CHECK_STR(hd_mail_domain_of(pool, "IT Helpdesk <hd@example.org>"),
              "example.org");
    CHECK_STR(hd_mail_domain_of(pool, "hd@desk.example.org"),
              "desk.example.org");
    CHECK_STR(hd_mail_domain_of(pool, "nobody"), "localhost");
}

/* The account page's fields, and the password policy in plain words. */
static void test_account_checks(void)
{
    /* Phones: digits with spaces and + ( ) - . /; "" removes one. */
    CHECK(!hd_account_bad_phone(pool, "", "telephone number"));
    CHECK(!hd_account_bad_phone(pool, "+44 (0)20 7946-0101", "x"));
    CHECK(!hd_account_bad_phone(pool, "0171/234.56", "x"));
    CHECK(!hd_account_bad_phone(pool, "12345678901234567890123456789012", "x"));
    CHECK(hd_account_bad_phone(pool, "123456789012345678901234567890123",
                               "x") != NULL);
    CHECK(hd_account_bad_phone(pool, "call me", "x") != NULL);
    CHECK(hd_account_bad_phone(pool, "+ ( ) - . /", "x") != NULL);
    CHECK(hd_account_bad_phone(pool, "0101\n0102", "x") != NULL);
    CHECK(hd_account_bad_phone(pool, "0101 ext 2", "x") != NULL);
    CHECK(strstr(hd_account_bad_phone(pool, "abc", "mobile number"),
                 "mobile number") != NULL);
    /* Rooms: one line of showable UTF-8, 64 characters at most. */
    CHECK(!hd_account_bad_room(""));
    CHECK(!hd_account_bad_room("Ward 3, Room 2.14 \xc3\xa9"));
    CHECK(!hd_account_bad_room(
        "\xc3\xa9"
        "123456789012345678901234567890123456789012345678901234567890"
        "123"));
    CHECK(hd_account_bad_room(
              "12345678901234567890123456789012345678901234567890123456789012"
              "345") != NULL);
    CHECK(hd_account_bad_room("Room\n2") != NULL);
    CHECK(hd_account_bad_room("Room\t2") != NULL);
    CHECK(hd_account_bad_room("Room \xff") != NULL);
    /* Addresses a person types. */
    CHECK(!hd_account_bad_mail("alice@example.org"));
    CHECK(!hd_account_bad_mail("a.b+c@mail.example-1.org"));
    CHECK(hd_account_bad_mail("") != NULL);
    CHECK(hd_account_bad_mail("alice") != NULL);
    CHECK(hd_account_bad_mail("alice@localhost") != NULL);
    CHECK(hd_account_bad_mail("@example.org") != NULL);
    CHECK(hd_account_bad_mail("a@b@example.org") != NULL);
    CHECK(hd_account_bad_mail("a b@example.org") != NULL);
    CHECK(hd_account_bad_mail("Alice <a@example.org>") != NULL);
    CHECK(hd_account_bad_mail("a@example..org") != NULL);
    CHECK(hd_account_bad_mail("a@-example.org") != NULL);
    CHECK(hd_account_bad_mail("a.@example.org") != NULL);
    CHECK(hd_account_bad_mail("a@example.org\n") != NULL);
    /* slapd's reasons in plain words; others passed on. */
    CHECK_STR(hd_account_policy_words(pool, "Password is in history of old "
                                            "passwords"),
              "You have used that password before: choose one you have not "
              "used.");
    CHECK(strstr(hd_account_policy_words(
                     pool, "Password fails quality checking policy"),
                 "too short or too simple") != NULL);
    CHECK(strstr(hd_account_policy_words(pool, "password is too young to "
                                               "change"),
                 "short while ago") != NULL);
    CHECK_STR(hd_account_policy_words(pool, "Something new"),
              "The directory did not accept the new password: Something "
              "new");
    CHECK(hd_account_policy_words(pool, NULL) != NULL);
}

int main(void)
{
    apr_initialize();
    apr_pool_create(&pool, NULL);
    test_routes();
    test_account_checks();
    test_negotiate();
    test_query();
    test_safe_return();
    test_ldap_escape();
    test_json();
    test_json_lists();
    test_json_types();
    test_csrf();
    test_text();
    test_text_awkward();
    test_text_long();
    test_text_chars();
    test_showable();
    test_db_outcomes();
    test_text_json();
    test_session_tokens();
    test_api_tokens();
    test_content_parse();
    test_ical();
    test_mail_ids();
    printf("%d passed, %d failed\n", passed, failed);
    apr_pool_destroy(pool);
    apr_terminate();
    return failed ? 1 : 0;
}
