/*
 * Unit tests of the streaming multipart/form-data parser and the pure
 * helpers of attachments (hd_multipart.c): bodies fed whole, byte by
 * byte and in random splits (each must give the same result), malformed
 * and truncated bodies, file names, Content-Disposition, magic bytes and
 * ranges.  Prints one line per failed check and "N passed, N failed".
 */
#include "hd_multipart.h"
#include "apr_general.h"
#include "apr_strings.h"

#include <stdio.h>
#include <stdlib.h>

#include "check.h"

static apr_pool_t *pool;

/* What the callbacks saw, written down as one string: "B(name|filename|
 * type)", then the data with every byte as is, "E" at a part's end. */
typedef struct {
    char *log;
    apr_size_t len, cap;
    int stop_at_data; /* return 1 from part_data after this many calls */
    int data_calls;
} transcript;

static void put(transcript *t, const char *s, apr_size_t n)
{
    if (t->len + n + 1 > t->cap) {
        t->cap = (t->len + n + 1) * 2;
        t->log = realloc(t->log, t->cap);
    }
    memcpy(t->log + t->len, s, n);
    t->len += n;
    t->log[t->len] = '\0';
}

static int on_begin(void *b, const hd_mp_part *part)
{
    transcript *t = b;
    char *s = apr_psprintf(pool, "B(%s|%s|%s)", part->name,
                           part->filename ? part->filename : "-",
                           part->content_type ? part->content_type : "-");
    put(t, s, strlen(s));
    return 0;
}

static int on_data(void *b, const char *d, apr_size_t n)
{
    transcript *t = b;
    put(t, d, n);
    if (t->stop_at_data && ++t->data_calls >= t->stop_at_data) {
        return 1;
    }
    return 0;
}

static int on_end(void *b)
{
    put(b, "E", 1);
    return 0;
}

static const hd_mp_callbacks cbs = {on_begin, on_data, on_end};

/* Parse body split at the given offsets (sorted, within len). */
static hd_mp_status parse_split(const char *boundary, const char *body,
                                apr_size_t len, const apr_size_t *cuts,
                                int ncuts, transcript *t)
{
    hd_mp_parser *mp = hd_mp_create(pool, boundary, &cbs, t);
    apr_size_t at = 0;
    hd_mp_status st = HD_MP_OK;
    int i;

    t->len = 0;
    put(t, "", 0);
    for (i = 0; i <= ncuts && st == HD_MP_OK; i++) {
        apr_size_t to = i < ncuts ? cuts[i] : len;
        /* Each piece in a buffer of its own, so reading past it shows
         * under the sanitizers. */
        char *piece = malloc(to - at + 1);
        memcpy(piece, body + at, to - at);
        st = hd_mp_feed(mp, piece, to - at);
        free(piece);
        at = to;
    }
    if (st == HD_MP_OK) {
        st = hd_mp_finish(mp);
    }
    return st;
}

static hd_mp_status parse_whole(const char *boundary, const char *body,
                                apr_size_t len, transcript *t)
{
    return parse_split(boundary, body, len, NULL, 0, t);
}

#define BODY1                                                                 \
    "--XyZ\r\n"                                                               \
    "Content-Disposition: form-data; name=\"csrf\"\r\n"                       \
    "\r\n"                                                                    \
    "tok.123\r\n"                                                             \
    "--XyZ\r\n"                                                               \
    "Content-Disposition: form-data; name=\"file\"; filename=\"a b.txt\"\r\n" \
    "Content-Type: text/plain\r\n"                                            \
    "\r\n"                                                                    \
    "line one\r\nline two\r\n--XyYnot yet\r\n--Xy\r\r\n\r\n"                  \
    "\r\n"                                                                    \
    "--XyZ--\r\n"                                                             \
    "epilogue, ignored"

static void test_basic(void)
{
    transcript t = {0};
    hd_mp_status st = parse_whole("XyZ", BODY1, strlen(BODY1), &t);
    CHECK_INT(st, HD_MP_OK);
    CHECK_STR(t.log, "B(csrf|-|-)tok.123E"
                     "B(file|a b.txt|text/plain)line one\r\nline two\r\n"
                     "--XyYnot yet\r\n--Xy\r\r\n\r\nE");
    free(t.log);
}

static void test_shapes(void)
{
    transcript t = {0};
    const char *b;

    /* Empty file, empty field, a preamble, padding after the boundary,
     * header names in any case, a quoted filename with escapes. */
    b = "preamble\r\n--b  \r\n"
        "content-disposition: form-data; name=empty\r\n\r\n"
        "\r\n--b\r\n"
        "CONTENT-DISPOSITION: Form-Data; name=\"f\"; filename=\"\"\r\n"
        "Content-Type: application/octet-stream\r\n\r\n"
        "\r\n--b\r\n"
        "Content-Disposition: form-data; name=\"q\"; "
        "filename=\"say \\\"hi\\\" C:\\dir\\x.txt\"\r\n\r\n"
        "1\r\n--b--";
    CHECK_INT(parse_whole("b", b, strlen(b), &t), HD_MP_OK);
    CHECK_STR(t.log, "B(empty|-|-)EB(f||application/octet-stream)E"
                     "B(q|say \"hi\" C:\\dir\\x.txt|-)1E");

    /* One byte of data, no CRLF after the close delimiter. */
    b = "--b\r\nContent-Disposition: form-data; name=\"f\"; "
        "filename=\"one\"\r\n\r\nx\r\n--b--";
    CHECK_INT(parse_whole("b", b, strlen(b), &t), HD_MP_OK);
    CHECK_STR(t.log, "B(f|one|-)xE");

    /* RFC 5987 filename* wins over filename. */
    b = "--b\r\nContent-Disposition: form-data; name=\"f\"; "
        "filename=\"fallback\"; filename*=UTF-8''%C3%A9t%C3%A9.txt\r\n\r\n"
        "\r\n--b--\r\n";
    CHECK_INT(parse_whole("b", b, strlen(b), &t), HD_MP_OK);
    CHECK_STR(t.log, "B(f|\xC3\xA9t\xC3\xA9.txt|-)E");

    /* Data that holds the boundary without its CRLF "--" is data. */
    b = "--b\r\nContent-Disposition: form-data; name=\"x\"\r\n\r\n"
        "b--b\n--b\r-b\r\n-b\r\n--\r\n--c\r\n--b--";
    CHECK_INT(parse_whole("b", b, strlen(b), &t), HD_MP_OK);
    CHECK_STR(t.log, "B(x|-|-)b--b\n--b\r-b\r\n-b\r\n--\r\n--cE");
    free(t.log);
}

static void test_errors(void)
{
    transcript t = {0};
    const char *b;
    hd_mp_parser *mp;

    /* Truncated: in the middle of data, headers, a delimiter; nothing. */
    b = "--b\r\nContent-Disposition: form-data; name=\"f\"; "
        "filename=\"x\"\r\n\r\nsome data";
    CHECK_INT(parse_whole("b", b, strlen(b), &t), HD_MP_TRUNCATED);
    b = "--b\r\nContent-Disposition: form-da";
    CHECK_INT(parse_whole("b", b, strlen(b), &t), HD_MP_TRUNCATED);
    b = "--b\r\nContent-Disposition: form-data; name=\"f\"\r\n\r\nx\r\n--b";
    CHECK_INT(parse_whole("b", b, strlen(b), &t), HD_MP_TRUNCATED);
    b = "--b\r\nContent-Disposition: form-data; name=\"f\"\r\n\r\nx\r\n--b-";
    CHECK_INT(parse_whole("b", b, strlen(b), &t), HD_MP_TRUNCATED);
    CHECK_INT(parse_whole("b", "", 0, &t), HD_MP_TRUNCATED);
    b = "no boundary anywhere";
    CHECK_INT(parse_whole("b", b, strlen(b), &t), HD_MP_TRUNCATED);

    /* Malformed: no disposition, no name, not form-data, junk after a
     * boundary, a header line without a colon, endless headers. */
    b = "--b\r\nContent-Type: text/plain\r\n\r\nx\r\n--b--";
    CHECK_INT(parse_whole("b", b, strlen(b), &t), HD_MP_MALFORMED);
    b = "--b\r\nContent-Disposition: form-data\r\n\r\nx\r\n--b--";
    CHECK_INT(parse_whole("b", b, strlen(b), &t), HD_MP_MALFORMED);
    b = "--b\r\nContent-Disposition: attachment; name=a\r\n\r\nx\r\n--b--";
    CHECK_INT(parse_whole("b", b, strlen(b), &t), HD_MP_MALFORMED);
    b = "--bx\r\nContent-Disposition: form-data; name=a\r\n\r\nx\r\n--b--";
    CHECK_INT(parse_whole("b", b, strlen(b), &t), HD_MP_MALFORMED);
    b = "--b\nContent-Disposition: form-data; name=a\r\n\r\nx\r\n--b--";
    CHECK_INT(parse_whole("b", b, strlen(b), &t), HD_MP_MALFORMED);
    b = "--b\r\nno colon here\r\n\r\nx\r\n--b--";
    CHECK_INT(parse_whole("b", b, strlen(b), &t), HD_MP_MALFORMED);
    {
        apr_size_t n = HD_MP_HEADER_MAX + 100;
        char *big = apr_palloc(pool, n + 20);
        memcpy(big, "--b\r\nX-Long: ", 13);
        memset(big + 13, 'a', n);
        memcpy(big + 13 + n, "\r\n\r\n", 5);
        CHECK_INT(parse_whole("b", big, strlen(big), &t), HD_MP_MALFORMED);
    }
    /* An error sticks; the message says what happened. */
    mp = hd_mp_create(pool, "b", &cbs, &t);
    CHECK_INT(hd_mp_feed(mp, "--b\r\nbad\r\n\r\n", 12), HD_MP_MALFORMED);
    CHECK_INT(hd_mp_feed(mp, "--b--", 5), HD_MP_MALFORMED);
    CHECK_INT(hd_mp_finish(mp), HD_MP_MALFORMED);
    CHECK(strstr(hd_mp_error(mp), "colon") != NULL);

    /* A callback that says stop: aborted, and no more callbacks. */
    t.stop_at_data = 1;
    b = "--b\r\nContent-Disposition: form-data; name=\"f\"\r\n\r\n"
        "abc\rdef\r\n--b--";
    CHECK_INT(parse_whole("b", b, strlen(b), &t), HD_MP_ABORTED);
    CHECK_STR(t.log, "B(f|-|-)abc");
    free(t.log);
}

/* A body of random parts: random binary data (CRs, LFs, dashes and
 * pieces of the boundary are made likely), random field names. */
static char *random_body(const char *boundary, apr_size_t *len, unsigned *seed)
{
    static const char alphabet[] = "\r\n-aZ\0\xff";
    apr_size_t cap = 1 << 16, n = 0;
    char *b = apr_palloc(pool, cap);
    int parts = 1 + rand_r(seed) % 4, i;

#define ADD(s, l)                   \
    do {                            \
        apr_size_t l_ = (l);        \
        if (n + l_ < cap) {         \
            memcpy(b + n, (s), l_); \
            n += l_;                \
        }                           \
    } while (0)
    for (i = 0; i < parts; i++) {
        int dlen = rand_r(seed) % 3000, j;
        char *h = apr_psprintf(
            pool,
            "--%s\r\nContent-Disposition: form-data; name=\"p%d\"%s\r\n%s\r\n",
            boundary, i, i % 2 ? "; filename=\"f.bin\"" : "",
            i % 2 ? "Content-Type: application/octet-stream\r\n" : "");
        apr_size_t start;
        ADD(h, strlen(h));
        start = n;
        for (j = 0; j < dlen; j++) {
            int r = rand_r(seed) % 100;
            if (r < 3) {
                char *near = apr_psprintf(
                    pool, "\r\n--%.*s", (int)(rand_r(seed) % strlen(boundary)),
                    boundary);
                ADD(near, strlen(near));
            }
            else if (r < 40) {
                ADD(&alphabet[rand_r(seed) % 7], 1);
            }
            else {
                char c = (char)(rand_r(seed) & 0xff);
                ADD(&c, 1);
            }
        }
        /* Random data may spell the delimiter itself: spoil each one
         * (0x01 is no boundary character), or the body changes shape. */
        {
            char *delim = apr_psprintf(pool, "\r\n--%s", boundary);
            apr_size_t dl = strlen(delim), x;
            for (x = start; x + dl <= n; x++) {
                if (!memcmp(b + x, delim, dl)) {
                    b[x + dl - 1] = '\x01';
                }
            }
        }
        ADD("\r\n", 2);
    }
    {
        char *close = apr_psprintf(pool, "--%s--\r\n", boundary);
        ADD(close, strlen(close));
    }
#undef ADD
    *len = n;
    return b;
}

static int cmp_size(const void *a, const void *b)
{
    apr_size_t x = *(const apr_size_t *)a, y = *(const apr_size_t *)b;
    return x < y ? -1 : x > y;
}

/* The fuzz: every split of the same body gives the same transcript and
 * status, whole, byte by byte and in 200 random splits each, over
 * several bodies (also cut short, which must stay an error). */
static void test_random_splits(void)
{
    const char *boundaries[] = {"b", "----WebKitFormBoundary7MA4YWxkTrZu0gW",
                                "--", "a'()+_,-./:=? z"};
    unsigned seed = 20261201;
    int body, k, mismatches = 0, runs = 0;

    for (body = 0; body < 24; body++) {
        const char *boundary = boundaries[body % 4];
        apr_size_t len, i;
        char *b = random_body(boundary, &len, &seed);
        transcript want = {0}, got = {0};
        hd_mp_status st_want = parse_whole(boundary, b, len, &want), st;
        apr_size_t *cuts = malloc(sizeof(apr_size_t) * (len + 1));

        CHECK_INT(st_want, HD_MP_OK);
        /* Byte by byte. */
        for (i = 0; i < len; i++) {
            cuts[i] = i + 1;
        }
        st =
            parse_split(boundary, b, len, cuts, (int)(len ? len - 1 : 0), &got);
        mismatches += st != st_want || got.len != want.len ||
                      memcmp(got.log, want.log, want.len);
        runs++;
        for (k = 0; k < 200; k++) {
            int ncuts = 1 + rand_r(&seed) % 40, c;
            for (c = 0; c < ncuts; c++) {
                cuts[c] = rand_r(&seed) % (len + 1);
            }
            qsort(cuts, ncuts, sizeof(*cuts), cmp_size);
            st = parse_split(boundary, b, len, cuts, ncuts, &got);
            mismatches += st != st_want || got.len != want.len ||
                          memcmp(got.log, want.log, want.len);
            runs++;
        }
        /* Cut short anywhere: always truncated, never OK. */
        for (k = 0; k < 20; k++) {
            apr_size_t short_len = rand_r(&seed) % (len - 3);
            st = parse_whole(boundary, b, short_len, &got);
            mismatches += st != HD_MP_TRUNCATED;
            runs++;
        }
        free(cuts);
        free(want.log);
        free(got.log);
    }
    CHECK_INT(mismatches, 0);
    printf("random splits: %d parses over 24 bodies, %d differing\n", runs,
           mismatches);
}

static void test_boundary(void)
{
    CHECK_STR(hd_mp_boundary(pool, "multipart/form-data; boundary=abc"), "abc");
    CHECK_STR(hd_mp_boundary(pool, "Multipart/Form-Data;boundary=\"a b\""),
              "a b");
    CHECK_STR(hd_mp_boundary(pool, "multipart/form-data; charset=utf-8; "
                                   "boundary=----x"),
              "----x");
    CHECK(hd_mp_boundary(pool, "multipart/form-data") == NULL);
    CHECK(hd_mp_boundary(pool, "multipart/mixed; boundary=abc") == NULL);
    CHECK(hd_mp_boundary(pool, "application/x-www-form-urlencoded") == NULL);
    CHECK(hd_mp_boundary(pool, "multipart/form-data; boundary=\"a\rb\"") ==
          NULL);
    CHECK(hd_mp_boundary(pool, "multipart/form-data; boundary=") == NULL);
    CHECK(hd_mp_boundary(pool, NULL) == NULL);
    CHECK(hd_mp_boundary(
              pool, apr_pstrcat(pool, "multipart/form-data; boundary=",
                                apr_psprintf(pool, "%071d", 0), NULL)) == NULL);
}

static void test_filenames(void)
{
    char *long_name = apr_palloc(pool, 1100);
    const char *got;

    CHECK_STR(hd_mp_safe_filename(pool, "report.pdf"), "report.pdf");
    CHECK_STR(hd_mp_safe_filename(pool, "../../etc/passwd"), "passwd");
    CHECK_STR(hd_mp_safe_filename(pool, "C:\\Users\\a\\b.txt"), "b.txt");
    CHECK_STR(hd_mp_safe_filename(pool, "a\r\nSet-Cookie: x.txt"),
              "aSet-Cookie: x.txt");
    CHECK_STR(hd_mp_safe_filename(pool, "say \"hi\".txt"), "say \"hi\".txt");
    CHECK_STR(hd_mp_safe_filename(pool, "evil\xE2\x80\xAEgnp.exe"),
              "evilgnp.exe");
    CHECK_STR(hd_mp_safe_filename(pool, "\xE2\x81\xA6x\xE2\x81\xA9.txt"),
              "x.txt");
    CHECK_STR(hd_mp_safe_filename(pool, "caf\xC3\xA9 \xE6\x97\xA5.doc"),
              "caf\xC3\xA9 \xE6\x97\xA5.doc");
    CHECK_STR(hd_mp_safe_filename(pool, "bad\xC3(.txt"), "bad_(.txt");
    CHECK_STR(hd_mp_safe_filename(pool, "\xED\xA0\x80.txt"), "___.txt");
    CHECK_STR(hd_mp_safe_filename(pool, ".."), "file");
    CHECK_STR(hd_mp_safe_filename(pool, "dir/"), "file");
    CHECK_STR(hd_mp_safe_filename(pool, ""), "file");
    CHECK_STR(hd_mp_safe_filename(pool, NULL), "file");
    CHECK_STR(hd_mp_safe_filename(pool, "  name. . "), "name");
    memset(long_name, 'a', 1000);
    strcpy(long_name + 1000, ".txt");
    got = hd_mp_safe_filename(pool, long_name);
    CHECK_INT(strlen(got), 255);
    CHECK(!strcmp(got + 251, ".txt"));
    /* Cut on a character boundary: 600 two-byte letters. */
    for (int i = 0; i < 600; i++) {
        memcpy(long_name + 2 * i, "\xC3\xA9", 2);
    }
    long_name[1200 > 1099 ? 1099 : 1200] = '\0';
    long_name[1098] = '\0';
    got = hd_mp_safe_filename(pool, long_name);
    CHECK(strlen(got) <= 255 && strlen(got) >= 253);
    CHECK_INT(strlen(got) % 2, 0);
}

static void test_disposition(void)
{
    CHECK_STR(hd_mp_content_disposition(pool, "attachment", "a b.txt"),
              "attachment; filename=\"a b.txt\"; filename*=UTF-8''a%20b.txt");
    CHECK_STR(hd_mp_content_disposition(pool, "inline", "say \"hi\";\\%.png"),
              "inline; filename=\"say _hi____.png\"; "
              "filename*=UTF-8''say%20%22hi%22%3B%5C%25.png");
    CHECK_STR(hd_mp_content_disposition(pool, "attachment",
                                        "caf\xC3\xA9\xE2\x82\xAC.txt"),
              "attachment; filename=\"caf__.txt\"; "
              "filename*=UTF-8''caf%C3%A9%E2%82%AC.txt");
}

static void test_sniff(void)
{
    CHECK_STR(
        hd_mp_sniff_image((const unsigned char *)"\x89PNG\r\n\x1a\n..", 10),
        "image/png");
    CHECK_STR(hd_mp_sniff_image((const unsigned char *)"\xFF\xD8\xFF\xE0", 4),
              "image/jpeg");
    CHECK_STR(hd_mp_sniff_image((const unsigned char *)"GIF89a..", 8),
              "image/gif");
    CHECK_STR(
        hd_mp_sniff_image((const unsigned char *)"RIFF\0\0\0\0WEBPVP8 ", 16),
        "image/webp");
    CHECK(hd_mp_sniff_image((const unsigned char *)"<html><script>", 14) ==
          NULL);
    CHECK(hd_mp_sniff_image((const unsigned char *)"<svg xmlns=", 11) == NULL);
    CHECK(hd_mp_sniff_image((const unsigned char *)"%PDF-1.7", 8) == NULL);
    CHECK(hd_mp_sniff_image((const unsigned char *)"\x89PNG", 4) == NULL);
    CHECK(hd_mp_sniff_image((const unsigned char *)"", 0) == NULL);
}

static void test_range(void)
{
    apr_off_t a = -1, b = -1;

    CHECK_INT(hd_mp_range("bytes=0-99", 1000, &a, &b), 1);
    CHECK_INT(a, 0);
    CHECK_INT(b, 99);
    CHECK_INT(hd_mp_range("bytes=990-", 1000, &a, &b), 1);
    CHECK_INT(a, 990);
    CHECK_INT(b, 999);
    CHECK_INT(hd_mp_range("bytes=-10", 1000, &a, &b), 1);
    CHECK_INT(a, 990);
    CHECK_INT(b, 999);
    CHECK_INT(hd_mp_range("bytes=-5000", 1000, &a, &b), 1);
    CHECK_INT(a, 0);
    CHECK_INT(hd_mp_range("bytes=500-5000", 1000, &a, &b), 1);
    CHECK_INT(b, 999);
    CHECK_INT(hd_mp_range("bytes=1000-", 1000, &a, &b), 0);
    CHECK_INT(hd_mp_range("bytes=-0", 1000, &a, &b), 0);
    CHECK_INT(hd_mp_range("bytes=0-0", 0, &a, &b), 0);
    CHECK_INT(hd_mp_range(NULL, 1000, &a, &b), -1);
    CHECK_INT(hd_mp_range("items=0-1", 1000, &a, &b), -1);
    CHECK_INT(hd_mp_range("bytes=0-1,5-6", 1000, &a, &b), -1);
    CHECK_INT(hd_mp_range("bytes=9-3", 1000, &a, &b), -1);
    CHECK_INT(hd_mp_range("bytes=x-3", 1000, &a, &b), -1);
    CHECK_INT(hd_mp_range("bytes=99999999999999999999-", 1000, &a, &b), -1);
}

int main(void)
{
    apr_initialize();
    apr_pool_create(&pool, NULL);
    test_basic();
    test_shapes();
    test_errors();
    test_random_splits();
    test_boundary();
    test_filenames();
    test_disposition();
    test_sniff();
    test_range();
    printf("multipart: %d passed, %d failed\n", passed, failed);
    apr_pool_destroy(pool);
    apr_terminate();
    return failed ? 1 : 0;
}
