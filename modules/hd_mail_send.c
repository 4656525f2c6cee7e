/*
 * hd_mail_send.c -- the outbox handed to the SMTP server (hd_notify.h),
 * by libcurl's SMTP client: STARTTLS, authentication and the protocol are
 * a well-kept library's, not ours.
 *
 * Once, and never lost.  A run first claims a batch of due messages with
 * one UPDATE (claimed_by = this run's random token, claimed_until = a
 * lease), committed on its own -- so two senders, on one node or on
 * several sharing a Galera cluster (where a racing claim fails
 * certification, 1213, and is simply not ours), never hold the same row.
 * Only then is each message sent, and marked sent right after the server
 * accepted it.  A crash between the two leaves the claim to run out, and
 * the message is sent again once, with the same Message-ID: the only
 * duplicate possible, and one that mail clients fold together.
 *
 * A failure is recorded on the message with the server's words, and it
 * is tried again later, each wait twice the last (HelpdeskMailInterval,
 * doubling, at most an hour); a permanent refusal (550-554) or
 * HelpdeskMailMaxAttempts failures the server answered make it dead,
 * shown to agents on the desk's mail page, where they may send it again.
 * When the server cannot be reached at all (or TLS or the login fails),
 * every message of the batch waits the same way but is never given up:
 * an SMTP server that is down delays mail and loses none.
 */
#include "mod_helpdesk.h"
#include "hd_config.h"
#include "hd_mail.h"
#include "hd_notify.h"

#include "apr_strings.h"

#include <curl/curl.h>

/* Messages claimed per run; the claim lasts long enough for each of them
 * to take the whole SMTP timeout. */
#define HD_SEND_BATCH 20
/* Sent messages are kept this many days (the desk's mail page). */
#define HD_SENT_KEEP_DAYS "30"

static const hd_db_statement statements[] = {
    /* token, lease seconds */
    {"send_claim",
     "UPDATE mail_outbox SET claimed_by = %s, "
     "claimed_until = NOW(6) + INTERVAL %s SECOND "
     "WHERE state = 'queued' AND next_attempt_at <= NOW(6) "
     "AND (claimed_until IS NULL OR claimed_until < NOW(6)) "
     "ORDER BY next_attempt_at, id LIMIT " APR_STRINGIFY(HD_SEND_BATCH)},
    {"send_claimed", "SELECT id, rcpt, message FROM mail_outbox "
                     "WHERE claimed_by = %s AND state = 'queued' ORDER BY id"},
    /* id, token */
    /* A temporary password or a confirmation link is not kept once the
     * server has it: only its envelope stays for the desk's records. */
    {"send_done",
     "UPDATE mail_outbox SET state = 'sent', sent_at = NOW(), "
     "claimed_by = NULL, claimed_until = NULL, last_error = '', "
     "message = IF(topic IN ('password', 'mail-change'), '', message) "
     "WHERE id = %s AND claimed_by = %s"},
    /* how ('refused': dead now; 'failed': dead after max attempts;
     * 'unreachable': never dead), max attempts, base seconds, error, id,
     * token.  State and wait read the attempts before this failure is
     * counted (MariaDB assigns left to right). */
    {"send_failed",
     "UPDATE mail_outbox SET "
     "state = IF(%s = 'refused' OR (%s = 'failed' AND attempts + 1 >= %s), "
     "'dead', 'queued'), "
     "next_attempt_at = NOW(6) + INTERVAL LEAST(%s * POW(2, attempts), 3600) "
     "SECOND, attempts = attempts + 1, last_error = LEFT(%s, 500), "
     "claimed_by = NULL, claimed_until = NULL "
     "WHERE id = %s AND claimed_by = %s"},
    /* base seconds, error, token: the server could not be reached, so
     * every message of the batch waits (and none is ever given up for it:
     * a server away for a day delays mail a day, and loses none) */
    {"send_unreachable",
     "UPDATE mail_outbox SET "
     "next_attempt_at = NOW(6) + INTERVAL LEAST(%s * POW(2, attempts), 3600) "
     "SECOND, attempts = attempts + 1, last_error = LEFT(%s, 500), "
     "claimed_by = NULL, claimed_until = NULL "
     "WHERE claimed_by = %s AND state = 'queued'"},
    /* token: the rest of a batch the server could not take */
    {"send_release",
     "UPDATE mail_outbox SET claimed_by = NULL, claimed_until = NULL "
     "WHERE claimed_by = %s AND state = 'queued'"},
    {"send_trim", "DELETE FROM mail_outbox WHERE state = 'sent' AND "
                  "sent_at < NOW() - INTERVAL " HD_SENT_KEEP_DAYS " DAY "
                  "LIMIT 1000"},
    {"mail_undelivered",
     "SELECT id, rcpt, subject, state, attempts, last_error, created_at, "
     "next_attempt_at FROM mail_outbox "
     "WHERE state = 'dead' OR (state = 'queued' AND attempts > 0) "
     "ORDER BY id DESC LIMIT 200"},
    {"mail_retry",
     "UPDATE mail_outbox SET state = 'queued', attempts = 0, "
     "next_attempt_at = NOW(6), claimed_by = NULL, claimed_until = NULL "
     "WHERE id = %s AND state <> 'sent'"},
};

const hd_db_statements hd_mail_send_statements = HD_DB_STATEMENTS(statements);

/* ------------------------------------------------------------------ */
/* SMTP                                                                */
/* ------------------------------------------------------------------ */

typedef struct {
    const char *data;
    apr_size_t left;
} upload;

static size_t read_message(char *buf, size_t size, size_t n, void *baton)
{
    upload *u = baton;
    size_t len = size * n < u->left ? size * n : u->left;
    memcpy(buf, u->data, len);
    u->data += len;
    u->left -= len;
    return len;
}

/* The address inside "Name <addr>", or the whole. */
static const char *bare_address(apr_pool_t *p, const char *from)
{
    const char *lt = strrchr(from, '<'), *gt;
    if (lt && (gt = strchr(lt, '>'))) {
        return apr_pstrmemdup(p, lt + 1, (apr_size_t)(gt - lt - 1));
    }
    return from;
}

/* What became of one message. */
typedef enum { SENT, FAILED, REFUSED, UNREACHABLE } send_result;

static send_result send_one(CURL *c, apr_pool_t *p, const hd_mail_settings *m,
                            const char *rcpt, const char *message,
                            const char **error)
{
    char errbuf[CURL_ERROR_SIZE] = "";
    struct curl_slist *to = NULL;
    upload u = {message, strlen(message)};
    long code = 0;
    CURLcode rc;

    to = curl_slist_append(NULL, apr_pstrcat(p, "<", rcpt, ">", NULL));
    curl_easy_setopt(c, CURLOPT_URL, m->smtp_url);
    curl_easy_setopt(c, CURLOPT_MAIL_FROM,
                     apr_pstrcat(p, "<", bare_address(p, m->from), ">", NULL));
    curl_easy_setopt(c, CURLOPT_MAIL_RCPT, to);
    curl_easy_setopt(c, CURLOPT_READFUNCTION, read_message);
    curl_easy_setopt(c, CURLOPT_READDATA, &u);
    curl_easy_setopt(c, CURLOPT_UPLOAD, 1L);
    curl_easy_setopt(c, CURLOPT_INFILESIZE_LARGE, (curl_off_t)u.left);
    curl_easy_setopt(c, CURLOPT_USE_SSL,
                     m->smtp_tls == HD_SMTP_TLS_REQUIRED ? (long)CURLUSESSL_ALL
                     : m->smtp_tls == HD_SMTP_TLS_TRY    ? (long)CURLUSESSL_TRY
                                                      : (long)CURLUSESSL_NONE);
    if (m->smtp_ca_file) {
        curl_easy_setopt(c, CURLOPT_CAINFO, m->smtp_ca_file);
    }
    if (m->smtp_user) {
        curl_easy_setopt(c, CURLOPT_USERNAME, m->smtp_user);
        curl_easy_setopt(c, CURLOPT_PASSWORD,
                         m->smtp_password ? m->smtp_password : "");
    }
    curl_easy_setopt(c, CURLOPT_TIMEOUT, (long)m->smtp_timeout);
    curl_easy_setopt(c, CURLOPT_CONNECTTIMEOUT, (long)m->smtp_timeout);
    /* A thread of a threaded server: no signals for timeouts. */
    curl_easy_setopt(c, CURLOPT_NOSIGNAL, 1L);
    curl_easy_setopt(c, CURLOPT_ERRORBUFFER, errbuf);

    rc = curl_easy_perform(c);
    curl_slist_free_all(to);
    if (rc == CURLE_OK) {
        return SENT;
    }
    curl_easy_getinfo(c, CURLINFO_RESPONSE_CODE, &code);
    *error = apr_psprintf(p, "%s%s%s (SMTP %ld)", curl_easy_strerror(rc),
                          *errbuf ? ": " : "", errbuf, code);
    /* The server or our settings, not this message: it cannot be reached,
     * TLS cannot be agreed, or it does not take our login.  Every message
     * would fail alike, so all of them wait (and none dies of it) until
     * the server or the configuration is put right. */
    if (rc == CURLE_COULDNT_CONNECT || rc == CURLE_COULDNT_RESOLVE_HOST ||
        rc == CURLE_OPERATION_TIMEDOUT || rc == CURLE_LOGIN_DENIED ||
        rc == CURLE_USE_SSL_FAILED || rc == CURLE_SSL_CONNECT_ERROR ||
        rc == CURLE_PEER_FAILED_VERIFICATION ||
        rc == CURLE_SSL_CACERT_BADFILE) {
        return UNREACHABLE;
    }
    /* 530-538: the server wants STARTTLS or a login first (the settings
     * again, as above); 550-554: it refuses this message or recipient for
     * good -- no use trying again; anything else may pass next time. */
    if (code >= 530 && code <= 538) {
        return UNREACHABLE;
    }
    return code >= 550 && code <= 554 ? REFUSED : FAILED;
}

/* ------------------------------------------------------------------ */
/* The job                                                             */
/* ------------------------------------------------------------------ */

typedef struct {
    apr_array_header_t *rows; /* const char *: id, rcpt, message ... */
} claimed_baton;

static int keep_claimed(void *baton, const hd_db_row *row)
{
    claimed_baton *b = baton;
    apr_pool_t *p = b->rows->pool;
    APR_ARRAY_PUSH(b->rows, const char *) =
        apr_pstrdup(p, hd_db_text(row, "id"));
    APR_ARRAY_PUSH(b->rows, const char *) =
        apr_pstrdup(p, hd_db_text(row, "rcpt"));
    APR_ARRAY_PUSH(b->rows, const char *) =
        apr_pstrdup(p, hd_db_text(row, "message"));
    return 0;
}

/* This run's claim token: random, so no two runs anywhere share one. */
static const char *claim_token(apr_pool_t *p)
{
    unsigned char b[12];
    char *hex = apr_palloc(p, sizeof(b) * 2 + 1);
    apr_size_t i;
    if (apr_generate_random_bytes(b, sizeof(b)) != APR_SUCCESS) {
        return NULL;
    }
    for (i = 0; i < sizeof(b); i++) {
        apr_snprintf(hex + 2 * i, 3, "%02x", b[i]);
    }
    return hex;
}

static hd_db_outcome record_failure(hd_db *db, apr_pool_t *p,
                                    const hd_mail_settings *m, const char *id,
                                    const char *token, const char *error,
                                    send_result r)
{
    const char *how = r == REFUSED ? "refused" : "failed";
    const char *args[] = {how,
                          how,
                          apr_itoa(p, m->max_attempts),
                          apr_itoa(p, m->interval),
                          error,
                          id,
                          token};
    if (r == UNREACHABLE) {
        const char *all[] = {apr_itoa(p, m->interval), error, token};
        return hd_db_exec_retried(db, "send_unreachable", 3, all, NULL);
    }
    return hd_db_exec_retried(db, "send_failed", 7, args, NULL);
}

hd_db_outcome hd_mail_send_run(hd_db *db, apr_pool_t *p, server_rec *s)
{
    const hd_server_conf *sc =
        ap_get_module_config(s->module_config, &helpdesk_module);
    const hd_mail_settings *m = &sc->mail;
    const char *token = claim_token(p);
    claimed_baton b = {apr_array_make(p, 3 * HD_SEND_BATCH, sizeof(char *))};
    const char *args[2];
    hd_db_outcome o;
    CURL *c;
    int i, rows = 0, sent = 0;

    if (!m->from || !token) {
        return HD_DB_OK;
    }
    args[0] = token;
    args[1] = apr_itoa(p, (HD_SEND_BATCH + 1) * m->smtp_timeout);
    o = hd_db_exec_retried(db, "send_claim", 2, args, &rows);
    if (o != HD_DB_OK || rows == 0) {
        if (o == HD_DB_OK) {
            o = hd_db_exec_retried(db, "send_trim", 0, NULL, NULL);
        }
        return o;
    }
    o = hd_db_select(db, "send_claimed", keep_claimed, &b, 1, args);
    if (o != HD_DB_OK) {
        return o; /* the claim runs out; the next run takes them */
    }
    c = curl_easy_init();
    if (!c) {
        hd_db_exec_retried(db, "send_release", 1, args, NULL);
        return HD_DB_FAILED;
    }
    for (i = 0; i + 2 < b.rows->nelts; i += 3) {
        const char *id = APR_ARRAY_IDX(b.rows, i, const char *);
        const char *rcpt = APR_ARRAY_IDX(b.rows, i + 1, const char *);
        const char *msg = APR_ARRAY_IDX(b.rows, i + 2, const char *);
        const char *error = "";
        const char *done[] = {id, token};
        send_result r = send_one(c, p, m, rcpt, msg, &error);

        if (r == SENT) {
            sent++;
            o = hd_db_exec_retried(db, "send_done", 2, done, NULL);
        }
        else {
            ap_log_error(APLOG_MARK, APLOG_WARNING, 0, s,
                         HDLOG(01510) "mail %s to %s not sent: %s", id, rcpt,
                         error);
            o = record_failure(db, p, m, id, token, error, r);
        }
        if (o != HD_DB_OK) {
            /* Sent but not marked: the claim runs out and it goes once
             * more.  Nothing else can be done without the database. */
            break;
        }
        if (r == UNREACHABLE) {
            break; /* the server is away: the rest wait, uncounted */
        }
    }
    curl_easy_cleanup(c);
    hd_db_exec_retried(db, "send_release", 1, args, NULL);
    if (sent) {
        ap_log_error(APLOG_MARK, APLOG_DEBUG, 0, s,
                     HDLOG(01511) "mail: %d message(s) sent", sent);
    }
    return o;
}

/* ------------------------------------------------------------------ */
/* The desk's view                                                     */
/* ------------------------------------------------------------------ */

static int keep_undelivered(void *baton, const hd_db_row *row)
{
    static const char *const cols[] = {
        "id",         "rcpt",       "subject",         "state", "attempts",
        "last_error", "created_at", "next_attempt_at", NULL};
    apr_array_header_t *out = baton;
    apr_table_t *t = apr_table_make(out->pool, 8);
    int i;
    for (i = 0; cols[i]; i++) {
        apr_table_set(t, cols[i], hd_db_text(row, cols[i]));
    }
    APR_ARRAY_PUSH(out, apr_table_t *) = t;
    return 0;
}

hd_db_outcome hd_mail_undelivered(hd_db *db, apr_array_header_t **out)
{
    *out = apr_array_make(hd_db_pool(db), 16, sizeof(apr_table_t *));
    return hd_db_select(db, "mail_undelivered", keep_undelivered, *out, 0,
                        NULL);
}

hd_db_outcome hd_mail_retry(hd_db *db, const char *id, int *found)
{
    int rows = 0;
    hd_db_outcome o = hd_db_exec_retried(db, "mail_retry", 1, &id, &rows);
    *found = rows > 0;
    return o;
}
