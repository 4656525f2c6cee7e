/*
 * Unit tests of reading incoming mail (modules/hd_mime.c) over the
 * sample messages in t/unit/mail/: plain text, HTML only, alternatives,
 * attachments with RFC 2231 and RFC 2047 names, ISO-8859-1, an
 * auto-reply, a bounce, bytes that are not text, and messages that
 * cannot be read.  Run from t/unit (make run).
 * Prints one line per failed check and ends with "N passed, N failed".
 */
#include "hd_mime.h"
#include "hd_request.h"
#include "apr_general.h"
#include "apr_file_io.h"
#include "apr_base64.h"
#include "apr_strings.h"

#include <openssl/evp.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "check.h"

static apr_pool_t *pool;

static hd_mime_message *parse_file(const char *name, const char **error)
{
    const char *path = apr_pstrcat(pool, "mail/", name, NULL);
    apr_file_t *f;
    apr_finfo_t fi;
    char *buf;
    apr_size_t n;

    *error = "cannot open";
    if (apr_file_open(&f, path, APR_READ | APR_BINARY, 0, pool) !=
            APR_SUCCESS ||
        apr_file_info_get(&fi, APR_FINFO_SIZE, f) != APR_SUCCESS) {
        printf("FAIL cannot read %s\n", path);
        failed++;
        return NULL;
    }
    n = (apr_size_t)fi.size;
    buf = apr_palloc(pool, n + 1);
    apr_file_read_full(f, buf, n, &n);
    apr_file_close(f);
    return hd_mime_parse(pool, buf, n, error);
}

static int contains(const char *hay, const char *needle)
{
    return hay && strstr(hay, needle) != NULL;
}

/* What the portal's own validation accepts. */
static int valid_text(const char *s, int multiline)
{
    return s && hd_request_text_chars(s, multiline) >= 0;
}

static void test_plain(void)
{
    const char *err;
    hd_mime_message *m = parse_file("plain.eml", &err);
    CHECK(m != NULL);
    if (!m)
        return;
    CHECK_STR(m->from_addr, "alice@example.org");
    CHECK_STR(m->from_name, "Alice Archer");
    CHECK_STR(m->subject, "Printer on floor 3 is jammed");
    CHECK_STR(m->message_id, "plain-1@example.org");
    CHECK_STR(m->in_reply_to, "");
    CHECK_INT(m->references->nelts, 0);
    CHECK(m->automatic == NULL);
    CHECK_INT(m->attachments->nelts, 0);
    CHECK_INT(m->text_from_html, 0);
    /* CR LF as LF, trailing blanks gone, blank lines at most one. */
    CHECK_STR(m->text, "Hello,\n\nthe printer says \xe2\x80\x9cpaper "
                       "jam\xe2\x80\x9d again.\n\nAlice");
}

static void test_html(void)
{
    const char *err;
    hd_mime_message *m = parse_file("html.eml", &err);
    CHECK(m != NULL);
    if (!m)
        return;
    CHECK_STR(m->from_name, "Bob Baker");
    CHECK_STR(m->subject, "HTML only");
    CHECK_INT(m->text_from_html, 1);
    CHECK(!contains(m->text, "alert"));
    CHECK(!contains(m->text, "color"));
    CHECK(!contains(m->text, "ignored title"));
    CHECK(!contains(m->text, "<p>"));
    CHECK_STR(m->text, "Hello desk,\n\nmy caf\xc3\xa9 VPN is down.\n\n"
                       "- first\n- second\n\nLine one\nLine two\n\n"
                       "link <tag> &");
    CHECK(valid_text(m->text, 1));
}

static void test_alternative(void)
{
    const char *err;
    hd_mime_message *m = parse_file("alternative.eml", &err);
    CHECK(m != NULL);
    if (!m)
        return;
    CHECK_STR(m->text, "the plain version");
    CHECK_INT(m->attachments->nelts, 0);
    CHECK_STR(m->in_reply_to,
              "hd.1042.7.a.0123456789abcdef0123@helpdesk.example.org");
    CHECK_INT(m->references->nelts, 2);
    if (m->references->nelts == 2) {
        CHECK_STR(APR_ARRAY_IDX(m->references, 0, const char *),
                  "first@example.org");
    }
}

static void test_attachments(void)
{
    const char *err;
    hd_mime_message *m = parse_file("attachment.eml", &err);
    hd_mime_attachment *a;
    CHECK(m != NULL);
    if (!m)
        return;
    CHECK_STR(m->subject, "Caf\xc3\xa9 machine broken");
    CHECK_STR(m->text, "See the photo, caf\xc3\xa9.");
    CHECK_INT(m->attachments->nelts, 2);
    if (m->attachments->nelts != 2)
        return;
    a = &APR_ARRAY_IDX(m->attachments, 0, hd_mime_attachment);
    CHECK_STR(a->filename, "\xc3\xa9"
                           "cran photo.png");
    CHECK_STR(a->content_type, "image/png");
    CHECK_INT(a->size, 70);
    a = &APR_ARRAY_IDX(m->attachments, 1, hd_mime_attachment);
    CHECK_STR(a->filename, "Report \xc3\x9c"
                           "bersicht.pdf");
    CHECK_STR(a->content_type, "application/pdf");
    CHECK_INT(a->size, 9);
}

/* What hd_mime_each_attachment handed out, part by part. */
typedef struct {
    const char *names[8];
    const char *types[8];
    apr_size_t sizes[8];
    char sha[8][65];
    apr_size_t biggest_piece;
    int parts, ends, skip_first;
    EVP_MD_CTX *md;
} walked;

static int walk_begin(void *baton, const hd_mime_attachment *a)
{
    walked *w = baton;
    if (w->parts >= 8) {
        return 2;
    }
    w->names[w->parts] = a->filename;
    w->types[w->parts] = a->content_type;
    w->sizes[w->parts] = 0;
    if (w->skip_first && w->parts == 0) {
        w->sha[w->parts++][0] = '\0';
        return HD_MIME_SKIP;
    }
    EVP_DigestInit_ex(w->md, EVP_sha256(), NULL);
    return 0;
}

static int walk_data(void *baton, const char *bytes, apr_size_t len)
{
    walked *w = baton;
    w->sizes[w->parts] += len;
    if (len > w->biggest_piece) {
        w->biggest_piece = len;
    }
    EVP_DigestUpdate(w->md, bytes, len);
    return 0;
}

static int walk_end(void *baton)
{
    walked *w = baton;
    unsigned char md[EVP_MAX_MD_SIZE];
    unsigned int n = 0, i;
    EVP_DigestFinal_ex(w->md, md, &n);
    for (i = 0; i < n; i++) {
        snprintf(w->sha[w->parts] + 2 * i, 3, "%02x", md[i]);
    }
    w->parts++;
    w->ends++;
    return 0;
}

static const hd_mime_part_callbacks walk_cb = {walk_begin, walk_data, walk_end};

static int walk(const hd_mime_message *m, walked *w, int skip_first)
{
    int rv;
    memset(w, 0, sizeof(*w));
    w->skip_first = skip_first;
    w->md = EVP_MD_CTX_new();
    rv = hd_mime_each_attachment(pool, m, &walk_cb, w);
    EVP_MD_CTX_free(w->md);
    return rv;
}

/* The decoded bytes of each file part, checked against SHA-256s worked
 * out from the sample with base64 -d | sha256sum. */
static void test_attachment_bytes(void)
{
    const char *err;
    hd_mime_message *m = parse_file("attachment.eml", &err);
    walked w;
    CHECK(m != NULL);
    if (!m)
        return;
    CHECK_INT(walk(m, &w, 0), 0);
    CHECK_INT(w.parts, 2);
    CHECK_INT(w.ends, 2);
    CHECK_STR(w.names[0], "\xc3\xa9"
                          "cran photo.png");
    CHECK_STR(w.types[0], "image/png");
    CHECK_INT(w.sizes[0], 70);
    CHECK_STR(w.sha[0], "6b7fa434f92a8b80aab02d9bf1a12e49"
                        "ffcae424e4013a1c4f68b67e3d2bbcd0");
    CHECK_STR(w.names[1], "Report \xc3\x9c"
                          "bersicht.pdf");
    CHECK_STR(w.types[1], "application/pdf");
    CHECK_INT(w.sizes[1], 9);
    CHECK_STR(w.sha[1], "e5c62df5dab5c87b6a015ef3d4359707"
                        "4d1eec433b15f51aec63b8582d0e4ab4");
    /* Walked twice: the part's stream is read from its start again. */
    CHECK_INT(walk(m, &w, 1), 0);
    CHECK_INT(w.ends, 1);
    CHECK_INT(w.sizes[0], 0);
    CHECK_STR(w.sha[1], "e5c62df5dab5c87b6a015ef3d4359707"
                        "4d1eec433b15f51aec63b8582d0e4ab4");
    /* A message without files walks nothing. */
    m = parse_file("plain.eml", &err);
    CHECK(m && walk(m, &w, 0) == 0 && w.parts == 0);
}

/* A file bigger than a piece (300000 bytes, base64 in 76-column lines,
 * quoted-printable for a second one) comes out in pieces of at most
 * HD_MIME_PIECE with the bytes it went in with. */
static void test_attachment_pieces(void)
{
    apr_size_t n = 300000, i, b64len, off;
    unsigned char *raw = apr_palloc(pool, n), md[EVP_MAX_MD_SIZE];
    char *b64, *lines, *o, want[65];
    const char *msg, *err;
    unsigned int mdn = 0;
    hd_mime_message *m;
    walked w;

    for (i = 0; i < n; i++) {
        raw[i] = (unsigned char)((i * 2654435761u) >> 13);
    }
    b64 = apr_palloc(pool, apr_base64_encode_len((int)n));
    apr_base64_encode_binary(b64, raw, (int)n);
    b64len = strlen(b64);
    lines = o = apr_palloc(pool, b64len + b64len / 76 * 2 + 8);
    for (off = 0; off < b64len; off += 76) {
        apr_size_t k = b64len - off < 76 ? b64len - off : 76;
        memcpy(o, b64 + off, k);
        o += k;
        *o++ = '\r';
        *o++ = '\n';
    }
    *o = '\0';
    msg = apr_pstrcat(pool,
                      "From: a@example.org\r\nMessage-ID: <big@x>\r\n"
                      "MIME-Version: 1.0\r\n"
                      "Content-Type: multipart/mixed; boundary=b\r\n\r\n"
                      "--b\r\nContent-Type: text/plain\r\n\r\nhi\r\n"
                      "--b\r\nContent-Type: application/octet-stream\r\n"
                      "Content-Disposition: attachment; filename=big.bin\r\n"
                      "Content-Transfer-Encoding: base64\r\n\r\n",
                      lines,
                      "--b\r\nContent-Type: text/plain; name=q.txt\r\n"
                      "Content-Transfer-Encoding: quoted-printable\r\n\r\n"
                      "caf=C3=A9 =\r\nsoft\r\n--b--\r\n",
                      NULL);
    m = hd_mime_parse(pool, msg, strlen(msg), &err);
    CHECK(m && !err);
    if (!m || err)
        return;
    CHECK_INT(m->attachments->nelts, 2);
    CHECK_INT(walk(m, &w, 0), 0);
    CHECK_INT(w.parts, 2);
    CHECK_STR(w.names[0], "big.bin");
    CHECK_INT(w.sizes[0], n);
    CHECK(w.biggest_piece <= HD_MIME_PIECE);
    EVP_Digest(raw, n, md, &mdn, EVP_sha256(), NULL);
    for (i = 0; i < mdn; i++) {
        snprintf(want + 2 * i, 3, "%02x", md[i]);
    }
    CHECK_STR(w.sha[0], want);
    CHECK_STR(w.names[1], "q.txt");
    /* "café soft": a soft line break joins, the CR LF before the
     * boundary is the boundary's. */
    CHECK_INT(w.sizes[1], 10);
}

static void test_automatic(void)
{
    const char *err;
    hd_mime_message *m = parse_file("autoreply.eml", &err);
    CHECK(m && m->automatic);
    if (m && m->automatic)
        CHECK_STR(m->automatic, "Auto-Submitted: auto-replied");
    m = parse_file("bounce.eml", &err);
    CHECK(m && m->automatic);
    CHECK_STR(m ? m->from_addr : NULL, "mailer-daemon@mx.example.org");
}

static void test_bad_bytes(void)
{
    const char *err;
    hd_mime_message *m = parse_file("binary.eml", &err);
    CHECK(m != NULL);
    if (!m)
        return;
    CHECK_STR(m->subject,
              "Binary \xc3\xa9t\xc3\xa9 and \xc3\xa0 bient\xc3\xb4t");
    CHECK(valid_text(m->subject, 0));
    CHECK(valid_text(m->text, 1));
    CHECK(contains(m->text, "NUL\xef\xbf\xbdhere"));
    CHECK(contains(m->text, "latin \xc3\xa9"));
    m = parse_file("badutf8.eml", &err);
    CHECK(m != NULL);
    if (!m)
        return;
    CHECK(valid_text(m->text, 1));
    CHECK_STR(m->text, "ok \xc3\xa9 bad \xef\xbf\xbd end \xef\xbf\xbd nonchar");
}

static void test_unreadable(void)
{
    const char *err = NULL;
    hd_mime_message *m = parse_file("malformed.eml", &err);
    CHECK(err && contains(err, "malformed"));
    /* Its headers still say whom to answer. */
    CHECK_STR(m ? m->from_addr : NULL, "alice@example.org");
    CHECK_STR(m ? m->message_id : NULL, "broken-1@example.org");
    err = NULL;
    m = parse_file("bounce.eml", &err);
    CHECK(m && !err);
    err = NULL;
    CHECK(parse_file("noheader.eml", &err) == NULL);
    CHECK(err != NULL);
    err = NULL;
    CHECK(hd_mime_parse(pool, "", 0, &err) == NULL);
    CHECK(err != NULL);
}

static void test_clean(void)
{
    CHECK_STR(hd_mime_clean(pool, "  a\r\n\tb  c ", 11, 0), "a b c");
    CHECK_STR(hd_mime_clean(pool, "a\r\nb\rc", 6, 1), "a\nb\nc");
    CHECK_STR(hd_mime_clean(pool, "a\0b", 3, 1), "a\xef\xbf\xbd"
                                                 "b");
    CHECK_STR(hd_mime_html_to_text(pool, "<pre>a\n  b</pre><p>c</p>", 24),
              "a\n  b\n\nc");
    CHECK_STR(hd_mime_html_to_text(pool, "", 0), "");
}

int main(void)
{
    apr_initialize();
    apr_pool_create(&pool, NULL);
    hd_mime_init();
    test_plain();
    test_html();
    test_alternative();
    test_attachments();
    test_attachment_bytes();
    test_attachment_pieces();
    test_automatic();
    test_bad_bytes();
    test_unreadable();
    test_clean();
    apr_pool_destroy(pool);
    apr_terminate();
    printf("mime: %d passed, %d failed\n", passed, failed);
    return failed ? 1 : 0;
}
