/*
 * helpdesk-mailgate -- hands one e-mail from the MTA to the portal, as
 * Request Tracker's rt-mailgate does.
 *
 *   helpdesk-mailgate --url https://helpdesk.example.org/helpdesk/mail/inbound
 *                     [--secret-file FILE] [--timeout SECONDS]
 *
 * The MTA pipes the message to standard input; it is POSTed whole
 * (Content-Type: message/rfc822) with "Authorization: Bearer <secret>",
 * the secret read from FILE (first line) or $HELPDESK_MAILGATE_SECRET.
 * The exit code is what an MTA's pipe delivery understands (sysexits.h):
 *
 *   0   the portal took the message, or refused it for good (400, 413,
 *       422: the portal itself tells the sender why) -- nothing to retry
 *   75  EX_TEMPFAIL: the portal could not be reached, was too slow,
 *       answered 5xx, or refused the gate itself (401, 403, 404: a
 *       misconfiguration) -- the MTA keeps the message and tries again,
 *       so nothing is lost while it is fixed
 *   64  EX_USAGE, 66 EX_NOINPUT, 71 EX_OSERR: the command line, the
 *       secret file, or the machine
 *
 * The portal's one-line answer (or why there is none) goes to standard
 * error, which MTAs put in their log or the bounce.
 */
#include <curl/curl.h>

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define EX_OK       0
#define EX_USAGE    64
#define EX_NOINPUT  66
#define EX_OSERR    71
#define EX_TEMPFAIL 75

/* The portal refuses anything bigger itself (HelpdeskMailMaxBytes); this
 * only keeps a runaway pipe from filling memory. */
#define MAX_MESSAGE (1024L * 1024 * 1024)
#define MAX_ANSWER  4096

typedef struct {
    char *data;
    size_t len, cap;
} buffer;

static int buffer_add(buffer *b, const char *s, size_t n)
{
    if (b->len + n + 1 > b->cap) {
        size_t cap = b->cap ? b->cap : 65536;
        char *nd;
        while (cap < b->len + n + 1) {
            cap *= 2;
        }
        nd = realloc(b->data, cap);
        if (!nd) {
            return -1;
        }
        b->data = nd;
        b->cap = cap;
    }
    memcpy(b->data + b->len, s, n);
    b->len += n;
    b->data[b->len] = '\0';
    return 0;
}

/* The whole of standard input; -1 on a read error or when too big. */
static int read_all(FILE *in, buffer *b)
{
    char chunk[65536];
    size_t n;

    while ((n = fread(chunk, 1, sizeof(chunk), in)) > 0) {
        if (b->len + n > (size_t)MAX_MESSAGE || buffer_add(b, chunk, n)) {
            return -1;
        }
    }
    if (!b->data && buffer_add(b, "", 0)) {
        return -1;
    }
    return ferror(in) ? -1 : 0;
}

/* The first line of path, without its line end; NULL when unreadable. */
static char *read_secret(const char *path)
{
    FILE *f = fopen(path, "r");
    char line[1024];
    size_t n;

    if (!f) {
        return NULL;
    }
    if (!fgets(line, sizeof(line), f)) {
        fclose(f);
        return NULL;
    }
    fclose(f);
    n = strcspn(line, "\r\n");
    line[n] = '\0';
    return strdup(line);
}

/* Keep the first MAX_ANSWER bytes of the portal's answer. */
static size_t keep_answer(char *ptr, size_t size, size_t nmemb, void *baton)
{
    buffer *b = baton;
    size_t n = size * nmemb;
    if (b->len < MAX_ANSWER) {
        size_t room = MAX_ANSWER - b->len;
        if (buffer_add(b, ptr, n < room ? n : room)) {
            return 0;
        }
    }
    return n;
}

static void usage(void)
{
    fprintf(stderr,
            "usage: helpdesk-mailgate --url URL [--secret-file FILE] "
            "[--timeout SECONDS] < message\n"
            "  the secret: FILE's first line, or $HELPDESK_MAILGATE_SECRET\n");
}

/* What the MTA should do after HTTP status code. */
static int exit_code_of(long code)
{
    if (code >= 200 && code < 300) {
        return EX_OK;
    }
    /* Refused for good: the portal has recorded why and tells the sender
     * itself; retrying would refuse it again. */
    if (code == 400 || code == 413 || code == 422) {
        return EX_OK;
    }
    /* 401/403/404: the gate's secret, address or Require is wrong; 5xx:
     * the portal, its database or directory is down.  Both pass. */
    return EX_TEMPFAIL;
}

int main(int argc, char **argv)
{
    const char *url = NULL, *secret_file = NULL;
    char *secret = NULL, *auth;
    long timeout = 60, code = 0;
    buffer message = {0}, answer = {0};
    struct curl_slist *headers = NULL;
    CURL *curl;
    CURLcode rc;
    int i, status;

    for (i = 1; i < argc; i++) {
        if (!strcmp(argv[i], "--url") && i + 1 < argc) {
            url = argv[++i];
        }
        else if (!strcmp(argv[i], "--secret-file") && i + 1 < argc) {
            secret_file = argv[++i];
        }
        else if (!strcmp(argv[i], "--timeout") && i + 1 < argc) {
            char *end;
            timeout = strtol(argv[++i], &end, 10);
            if (*end || timeout < 1 || timeout > 3600) {
                usage();
                return EX_USAGE;
            }
        }
        else {
            usage();
            return EX_USAGE;
        }
    }
    if (!url) {
        usage();
        return EX_USAGE;
    }
    if (secret_file) {
        secret = read_secret(secret_file);
        if (!secret) {
            fprintf(stderr, "helpdesk-mailgate: cannot read %s: %s\n",
                    secret_file, strerror(errno));
            return EX_TEMPFAIL; /* fixable: keep the mail meanwhile */
        }
    }
    else if (getenv("HELPDESK_MAILGATE_SECRET")) {
        secret = strdup(getenv("HELPDESK_MAILGATE_SECRET"));
    }
    if (!secret || !*secret) {
        fprintf(stderr, "helpdesk-mailgate: no secret (--secret-file or "
                        "HELPDESK_MAILGATE_SECRET)\n");
        return EX_TEMPFAIL;
    }
    if (read_all(stdin, &message)) {
        fprintf(stderr, "helpdesk-mailgate: cannot read the message\n");
        return EX_TEMPFAIL;
    }

    if (curl_global_init(CURL_GLOBAL_DEFAULT) || !(curl = curl_easy_init())) {
        fprintf(stderr, "helpdesk-mailgate: cannot start libcurl\n");
        return EX_OSERR;
    }
    auth = malloc(strlen(secret) + sizeof("Authorization: Bearer "));
    if (!auth) {
        return EX_OSERR;
    }
    sprintf(auth, "Authorization: Bearer %s", secret);
    headers = curl_slist_append(headers, auth);
    headers = curl_slist_append(headers, "Content-Type: message/rfc822");
    headers = curl_slist_append(headers, "Accept: application/json");
    /* The whole message at once: no 100-continue round trip. */
    headers = curl_slist_append(headers, "Expect:");
    curl_easy_setopt(curl, CURLOPT_URL, url);
    curl_easy_setopt(curl, CURLOPT_HTTPHEADER, headers);
    curl_easy_setopt(curl, CURLOPT_POST, 1L);
    curl_easy_setopt(curl, CURLOPT_POSTFIELDS, message.data);
    curl_easy_setopt(curl, CURLOPT_POSTFIELDSIZE_LARGE,
                     (curl_off_t)message.len);
    curl_easy_setopt(curl, CURLOPT_TIMEOUT, timeout);
    curl_easy_setopt(curl, CURLOPT_CONNECTTIMEOUT, timeout < 30 ? timeout : 30);
    curl_easy_setopt(curl, CURLOPT_WRITEFUNCTION, keep_answer);
    curl_easy_setopt(curl, CURLOPT_WRITEDATA, &answer);
    curl_easy_setopt(curl, CURLOPT_USERAGENT, "helpdesk-mailgate/1");
    curl_easy_setopt(curl, CURLOPT_NOSIGNAL, 1L);
    /* Never follow a redirect with the secret. */
    curl_easy_setopt(curl, CURLOPT_FOLLOWLOCATION, 0L);
    curl_easy_setopt(curl, CURLOPT_PROTOCOLS_STR, "http,https");

    rc = curl_easy_perform(curl);
    if (rc != CURLE_OK) {
        fprintf(stderr, "helpdesk-mailgate: %s: %s (will retry)\n", url,
                curl_easy_strerror(rc));
        status = EX_TEMPFAIL;
    }
    else {
        curl_easy_getinfo(curl, CURLINFO_RESPONSE_CODE, &code);
        status = exit_code_of(code);
        if (answer.data) {
            answer.data[strcspn(answer.data, "\r\n")] = '\0';
        }
        fprintf(stderr, "helpdesk-mailgate: %ld %s%s\n", code,
                answer.data ? answer.data : "",
                status == EX_TEMPFAIL ? " (will retry)" : "");
    }
    curl_slist_free_all(headers);
    curl_easy_cleanup(curl);
    curl_global_cleanup();
    free(auth);
    free(secret);
    free(message.data);
    free(answer.data);
    return status;
}
