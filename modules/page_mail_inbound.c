/*
 * page_mail_inbound.c -- incoming e-mail, handed over by helpdesk-mailgate
 * (modules/mailgate/), which the MTA runs for every message.
 *
 *   POST <base>/mail/inbound   the raw message (message/rfc822), with
 *                              "Authorization: Bearer <HelpdeskMailGateSecret>"
 *
 * No session: the gate's secret (compared in constant time) is the
 * credential, and conf/helpdesk.conf.in may also limit the address to
 * the local machine.  Without HelpdeskMailGateSecret the address does not
 * exist (404).  The answer is one line of JSON the gate prints to its log,
 * {"outcome":"created","ticket":"HD-1042","reason":""}, and its status
 * tells the gate what to tell the MTA: 200 handled for good (created,
 * commented, ignored, refused politely), 413 and 422 refused for good,
 * 503 the database or directory is down (the MTA keeps the message and
 * tries again later: nothing is lost).
 *
 * What becomes of a message, in this order:
 *   - its Message-ID was seen before: the earlier outcome (an MTA retry);
 *   - a machine sent it (auto-reply, bounce, list), it is one of ours
 *     coming back, or its sender sent more than HelpdeskMailSenderLimit
 *     messages in the last hour: ignored, never answered (mail loops);
 *   - unreadable MIME (422) or too big (413): refused;
 *   - a sender the directory knows, with a ticket reference (a signed
 *     In-Reply-To / References of our own mail, or "[HD-1234]" in the
 *     subject): a comment, if they may act on that ticket (an agent's is
 *     the desk's public reply), else refused -- the same words whether
 *     the ticket exists or not;
 *   - without a reference: a new ticket (channel email);
 *   - a sender the directory does not know: refused, or a ticket for the
 *     default organisation (HelpdeskMailUnknownSenders).
 * Each message leaves one mail_inbound row.  A refusal writes its
 * mail_events row in the same transaction, from which the outbound side
 * (hd_notify.c) writes the polite answer; ignored mail is never answered.
 * The files of a message that made a ticket or comment become that
 * ticket's attachments (public, "Sent by e-mail"); one over
 * HelpdeskMaxAttachmentSize or past HelpdeskMaxAttachments is left out,
 * named in the reason, and only then is the message kept whole
 * (mail_inbound_raw) for an administrator.  Creating, commenting and
 * attaching carry nonces made from the Message-ID, so a message
 * delivered twice makes one ticket or comment with one set of files,
 * even when the first delivery's answer was lost.
 */
#include "mod_helpdesk.h"
#include "hd_config.h"
#include "hd_ldap.h"
#include "hd_request.h"
#include "hd_page.h"
#include "hd_db.h"
#include "hd_catalog.h"
#include "hd_ticket.h"
#include "hd_mail.h"
#include "hd_mime.h"
#include "hd_attach.h"
#include "hd_multipart.h"

#include "apr_base64.h"
#include "apr_lib.h"

#include <jansson.h>
#include <openssl/crypto.h>
#include <openssl/evp.h>

/* Raw bytes per mail_inbound_raw row: as attachments' (hd_attach.h), so
 * a row always reads back whole through apr_dbd_mysql. */
#define HD_RAW_CHUNK HD_ATTACH_CHUNK

/* ------------------------------------------------------------------ */
/* SQL                                                                 */
/* ------------------------------------------------------------------ */

static const hd_db_statement statements[] = {
    {"mail_inbound_get",
     "SELECT outcome, reason, COALESCE(ticket_id, '') AS ticket_id "
     "FROM mail_inbound WHERE message_id = %s"},
    /* The per-sender limit: messages in the last hour. */
    {"mail_inbound_recent",
     "SELECT COUNT(*) AS n FROM mail_inbound WHERE sender = %s "
     "AND received_at > NOW() - INTERVAL 1 HOUR"},
    {"mail_inbound_insert",
     "INSERT INTO mail_inbound (message_id, sender, sender_login, subject, "
     "outcome, reason, ticket_id, size) VALUES (%s, LEFT(%s, 254), "
     "NULLIF(%s, ''), LEFT(%s, 400), %s, LEFT(%s, 500), NULLIF(%s, ''), %s)"},
    {"mail_inbound_raw_insert",
     "INSERT INTO mail_inbound_raw (inbound_id, seq, chunk) "
     "VALUES (%s, %s, %s)"},
    {"mail_inbound_refusal",
     "INSERT INTO mail_events (inbound_id) VALUES (%s)"},
    {"mail_inbound_last_id", "SELECT LAST_INSERT_ID() AS id"},
};

const hd_db_statements hd_page_mail_inbound_statements =
    HD_DB_STATEMENTS(statements);

/* ------------------------------------------------------------------ */
/* What became of the message                                          */
/* ------------------------------------------------------------------ */

typedef struct {
    const char *outcome; /* created | commented | refused | ignored */
    const char *reason;  /* why refused or ignored, "" otherwise */
    const char *ticket;  /* the ticket's id, "" when none */
    int status;          /* the HTTP answer */
    int duplicate;       /* the earlier outcome of the same message */
} verdict;

static verdict decide(const char *outcome, const char *reason,
                      const char *ticket, int status)
{
    verdict v;
    v.outcome = outcome;
    v.reason = reason ? reason : "";
    v.ticket = ticket ? ticket : "";
    v.status = status;
    v.duplicate = 0;
    return v;
}

/* The one-line JSON answer, written here: not a page of the portal. */
static int send_answer(hd_req *rq, const verdict *v)
{
    request_rec *r = rq->r;
    json_t *o = json_object();
    char *text;

    json_object_set_new(o, "outcome", json_string(v->outcome));
    json_object_set_new(
        o, "ticket",
        json_string(*v->ticket ? hd_ticket_ref(r->pool, v->ticket) : ""));
    json_object_set_new(o, "reason", json_string(v->reason));
    if (v->duplicate) {
        json_object_set_new(o, "duplicate", json_true());
    }
    text = json_dumps(o, JSON_COMPACT);
    json_decref(o);
    r->status = v->status;
    ap_set_content_type(r, "application/json");
    apr_table_setn(r->headers_out, "Cache-Control", "no-store");
    if (text) {
        ap_rputs(text, r);
        ap_rputs("\n", r);
        free(text);
    }
    return DONE;
}

/* ------------------------------------------------------------------ */
/* The gate's credential and the message                               */
/* ------------------------------------------------------------------ */

/* Bearer <secret>, compared in constant time (as digests, so that the
 * length of the secret does not show either). */
static int gate_allowed(hd_req *rq)
{
    const char *h = apr_table_get(rq->r->headers_in, "Authorization");
    unsigned char want[EVP_MAX_MD_SIZE], got[EVP_MAX_MD_SIZE];
    unsigned int n = 0;
    const char *secret = rq->sconf->mail.gate_secret;

    if (!h || strncasecmp(h, "Bearer ", 7)) {
        return 0;
    }
    h += 7;
    while (*h == ' ') {
        h++;
    }
    EVP_Digest(secret, strlen(secret), want, &n, EVP_sha256(), NULL);
    EVP_Digest(h, strlen(h), got, &n, EVP_sha256(), NULL);
    return n > 0 && !CRYPTO_memcmp(want, got, n);
}

/* The body: up to max bytes kept in *data, the rest read and dropped
 * (so the gate hears the answer rather than a broken pipe); *total is
 * the whole size.  OK or an HTTP status. */
static int read_message(hd_req *rq, apr_off_t max, char **data, apr_size_t *len,
                        apr_off_t *total)
{
    request_rec *r = rq->r;
    const char *cl = apr_table_get(r->headers_in, "Content-Length");
    apr_size_t cap, used = 0;
    apr_off_t all = 0;
    char *buf, drop[8192];
    long n;
    int rv;

    if ((rv = ap_setup_client_block(r, REQUEST_CHUNKED_DECHUNK)) != OK) {
        return rv;
    }
    cap = 65536;
    if (cl) {
        apr_off_t want = apr_atoi64(cl);
        if (want > 0) {
            cap = (apr_size_t)(want < max ? want : max);
        }
    }
    buf = apr_palloc(r->pool, cap + 1);
    if (ap_should_client_block(r)) {
        for (;;) {
            if (used < (apr_size_t)max) {
                if (used == cap) {
                    /* Chunked, or more than announced: double. */
                    apr_size_t ncap =
                        cap * 2 < (apr_size_t)max ? cap * 2 : (apr_size_t)max;
                    char *nb = apr_palloc(r->pool, ncap + 1);
                    memcpy(nb, buf, used);
                    buf = nb;
                    cap = ncap;
                }
                n = ap_get_client_block(r, buf + used, cap - used);
                if (n > 0) {
                    used += (apr_size_t)n;
                }
            }
            else {
                n = ap_get_client_block(r, drop, sizeof(drop));
            }
            /* Cut off or too slow: not the message's fault, so not a
             * refusal for good (400 would be); the gate retries. */
            if (n < 0) {
                return HTTP_REQUEST_TIME_OUT;
            }
            if (n == 0) {
                break;
            }
            all += n;
        }
    }
    buf[used] = '\0';
    *data = buf;
    *len = used;
    *total = all;
    return OK;
}

/* The header block alone (a message too big to read whole). */
static apr_size_t header_length(const char *data, apr_size_t len)
{
    apr_size_t i;
    for (i = 0; i + 1 < len; i++) {
        if (data[i] == '\n' &&
            (data[i + 1] == '\n' ||
             (data[i + 1] == '\r' && i + 2 < len && data[i + 2] == '\n'))) {
            return i + 1;
        }
    }
    return len;
}

static const char *hex_sha256(apr_pool_t *p, const void *data, apr_size_t len)
{
    unsigned char md[EVP_MAX_MD_SIZE];
    unsigned int n = 0, i;
    char *hex;

    EVP_Digest(data, len, md, &n, EVP_sha256(), NULL);
    hex = apr_palloc(p, n * 2 + 1);
    for (i = 0; i < n; i++) {
        apr_snprintf(hex + 2 * i, 3, "%02x", md[i]);
    }
    return hex;
}

/* ------------------------------------------------------------------ */
/* Text                                                                */
/* ------------------------------------------------------------------ */

/* The first max characters of UTF-8 text s (whole characters). */
static const char *cut_chars(apr_pool_t *p, const char *s, long max, int *cut)
{
    const unsigned char *c = (const unsigned char *)s;
    long n = 0;

    *cut = 0;
    while (*c && n < max) {
        c++;
        while ((*c & 0xc0) == 0x80) {
            c++;
        }
        n++;
    }
    if (!*c) {
        return s;
    }
    *cut = 1;
    return apr_pstrmemdup(p, s, (apr_size_t)((const char *)c - s));
}

/* Details or a comment no longer than HelpdeskMaxTextChars: cut, with a
 * note that says so, rather than refused. */
static const char *fit_text(hd_req *rq, const char *text)
{
    static const char note[] = "\n\n[The message was longer than the "
                               "portal keeps: the rest was cut off.]";
    long room = rq->sconf->max_text - (long)(sizeof(note) - 1);
    int cut;
    const char *kept;

    if (hd_request_text_chars(text, 1) <= rq->sconf->max_text) {
        return text;
    }
    kept = cut_chars(rq->r->pool, text, room > 0 ? room : 0, &cut);
    return cut ? apr_pstrcat(rq->r->pool, kept, note, NULL) : kept;
}

/* Does line (n bytes) end with "wrote:" (a reply's attribution)? */
static int ends_wrote(const char *line, apr_size_t n)
{
    while (n > 0 && apr_isspace(line[n - 1])) {
        n--;
    }
    return n >= 6 && !strncmp(line + n - 6, "wrote:", 6);
}

/* A reply without the message it quotes: lines from the attribution
 * ("On Mon, 1 Dec 2025, Desk wrote:", also over two lines) or
 * "-----Original Message-----" on are dropped, and every line that starts
 * with '>'.  The whole text when nothing else is left. */
static const char *strip_quote(apr_pool_t *p, const char *text)
{
    char *out = apr_palloc(p, strlen(text) + 1), *o = out;
    const char *line = text;

    while (*line) {
        const char *end = strchr(line, '\n');
        apr_size_t n = end ? (apr_size_t)(end - line) : strlen(line);
        const char *next = end ? end + 1 : line + n;
        apr_size_t nn = *next ? strcspn(next, "\n") : 0;

        if ((!strncmp(line, "On ", 3) &&
             (ends_wrote(line, n) || (nn && ends_wrote(next, nn)))) ||
            !strncmp(line, "-----Original Message-----", 26)) {
            break;
        }
        if (line[0] != '>') {
            memcpy(o, line, n);
            o += n;
            *o++ = '\n';
        }
        line = next;
    }
    while (o > out && apr_isspace(o[-1])) {
        o--;
    }
    *o = '\0';
    return hd_request_is_blank(out) ? text : out;
}

/* "[HD-1234]" anywhere in the subject: the ticket's id, or NULL. */
static const char *subject_ticket(apr_pool_t *p, const char *subject)
{
    const char *c;
    for (c = subject; (c = strchr(c, '[')) != NULL; c++) {
        apr_size_t n = strcspn(c + 1, "]");
        if (c[1 + n] == ']' && n > 3 && n < 16) {
            char *ref = apr_pstrmemdup(p, c + 1, n), *u;
            const char *id;
            for (u = ref; *u; u++) {
                *u = apr_toupper(*u);
            }
            if ((id = hd_ticket_id_of_ref(ref)) != NULL) {
                return id;
            }
        }
    }
    return NULL;
}

/* The ticket our own signed Message-ID names, newest reference first. */
static const char *thread_ticket(hd_req *rq, const hd_mime_message *m)
{
    apr_pool_t *p = rq->r->pool;
    const char *secret = rq->sconf->secret;
    const char *id = hd_mail_msgid_ticket(p, secret, m->in_reply_to);
    int i;

    for (i = m->references->nelts - 1; !id && i >= 0; i--) {
        id = hd_mail_msgid_ticket(
            p, secret, APR_ARRAY_IDX(m->references, i, const char *));
    }
    return id;
}

/* ------------------------------------------------------------------ */
/* Recording                                                           */
/* ------------------------------------------------------------------ */

typedef struct {
    const char *message_id, *sender, *sender_login, *subject;
    const verdict *v;
    const char *size;
    const char *raw; /* kept whole (attachment parts), or NULL */
    apr_size_t raw_len;
    const char *inbound_id; /* once written */
} record_state;

static hd_db_outcome record_work(hd_db *db, void *baton)
{
    record_state *s = baton;
    apr_pool_t *p = hd_db_pool(db);
    const char *args[8] = {s->message_id, s->sender,     s->sender_login,
                           s->subject,    s->v->outcome, s->v->reason,
                           s->v->ticket,  s->size};
    hd_db_outcome o = hd_db_exec(db, "mail_inbound_insert", 8, args, NULL);
    apr_size_t off;
    int seq = 0;

    if (o == HD_DB_OK) {
        o = hd_db_value(db, "mail_inbound_last_id", 0, NULL, &s->inbound_id);
    }
    for (off = 0; o == HD_DB_OK && s->raw && off < s->raw_len;
         off += HD_RAW_CHUNK) {
        apr_size_t n =
            s->raw_len - off < HD_RAW_CHUNK ? s->raw_len - off : HD_RAW_CHUNK;
        char *b64 = apr_palloc(p, apr_base64_encode_len((int)n));
        const char *raw_args[3];
        apr_base64_encode_binary(b64, (const unsigned char *)s->raw + off,
                                 (int)n);
        raw_args[0] = s->inbound_id;
        raw_args[1] = apr_itoa(p, seq++);
        raw_args[2] = b64;
        o = hd_db_exec(db, "mail_inbound_raw_insert", 3, raw_args, NULL);
    }
    /* The polite answer is the outbound side's, from this event; it is
     * written with the row or not at all (and not without an address to
     * answer). */
    if (o == HD_DB_OK && !strcmp(s->v->outcome, "refused") && *s->sender) {
        o = hd_db_exec(db, "mail_inbound_refusal", 1, &s->inbound_id, NULL);
    }
    return o;
}

typedef struct {
    const char *outcome, *reason, *ticket;
} earlier_row;

static int keep_earlier(void *baton, const hd_db_row *row)
{
    earlier_row *e = baton;
    apr_pool_t *p = hd_db_row_pool(row);
    e->outcome = apr_pstrdup(p, hd_db_text(row, "outcome"));
    e->reason = apr_pstrdup(p, hd_db_text(row, "reason"));
    e->ticket = apr_pstrdup(p, hd_db_text(row, "ticket_id"));
    return 0;
}

/* The outcome recorded before for this Message-ID: *found 1 and *v. */
static hd_db_outcome earlier_outcome(hd_db *db, const char *message_id,
                                     verdict *v, int *found)
{
    earlier_row e = {NULL, NULL, NULL};
    hd_db_outcome o =
        hd_db_select(db, "mail_inbound_get", keep_earlier, &e, 1, &message_id);
    *found = o == HD_DB_OK && e.outcome;
    if (*found) {
        /* Handled for good the first time, whatever the outcome. */
        *v = decide(e.outcome, e.reason, e.ticket, HTTP_OK);
        v->duplicate = 1;
    }
    return o;
}

/* ------------------------------------------------------------------ */
/* Tickets                                                             */
/* ------------------------------------------------------------------ */

/* What the new-ticket form preselects: the first service offered and
 * the default team. */
typedef struct {
    apr_pool_t *p;
    const char *service, *team, *first_team;
} defaults;

static int keep_service(void *baton, const hd_db_row *row)
{
    defaults *d = baton;
    if (!d->service) {
        d->service = apr_pstrdup(d->p, hd_db_text(row, "id"));
    }
    return 0;
}

static int keep_team(void *baton, const hd_db_row *row)
{
    defaults *d = baton;
    if (!d->first_team) {
        d->first_team = apr_pstrdup(d->p, hd_db_text(row, "code"));
    }
    if (!d->team && !strcmp(hd_db_text(row, "is_default"), "1")) {
        d->team = apr_pstrdup(d->p, hd_db_text(row, "code"));
    }
    return 0;
}

static hd_db_outcome form_defaults(hd_req *rq, defaults *d)
{
    hd_db *db = hd_req_db(rq);
    hd_db_outcome o;

    memset(d, 0, sizeof(*d));
    d->p = rq->r->pool;
    o = hd_db_select(db, HD_CATALOG_SERVICES, keep_service, d, 0, NULL);
    if (o == HD_DB_OK) {
        o = hd_db_select(db, HD_CATALOG_TEAMS, keep_team, d, 0, NULL);
    }
    if (!d->team) {
        d->team = d->first_team;
    }
    return o;
}

/* The same message makes one ticket or comment: its nonce (the columns
 * hold 64 characters). */
static const char *nonce_of(apr_pool_t *p, const char *message_id)
{
    return apr_pstrcat(
        p, "mail:",
        apr_pstrndup(p, hex_sha256(p, message_id, strlen(message_id)), 59),
        NULL);
}

static verdict db_down(hd_req *rq, hd_db_outcome o)
{
    const char *label = hd_db_failed_label(hd_req_db(rq));
    ap_log_rerror(APLOG_MARK, APLOG_ERR, 0, rq->r,
                  HDLOG(12002) "incoming mail: the database answered %s "
                               "(%s): the gate will try again",
                  hd_db_outcome_name(o), label ? label : "-");
    return decide("", "The ticket database is not available.", "",
                  HTTP_SERVICE_UNAVAILABLE);
}

/* The database let us down: the gate tries again later. */
static int answer_db_down(hd_req *rq, hd_db_outcome o)
{
    verdict v = db_down(rq, o);
    apr_table_setn(rq->r->err_headers_out, "Retry-After", "60");
    return send_answer(rq, &v);
}

/* A new ticket from the message, for who (the directory's person, or an
 * unknown sender with the default organisation). */
static verdict create_ticket(hd_req *rq, const hd_mime_message *m,
                             const hd_user_t *who, const char *shared,
                             const char *nonce)
{
    apr_pool_t *p = rq->r->pool;
    hd_ticket_draft d;
    defaults def;
    hd_db_outcome why;
    const char *id = NULL;
    int cut;

    why = form_defaults(rq, &def);
    if (why != HD_DB_OK) {
        return db_down(rq, why);
    }
    if (!def.service || !def.team) {
        ap_log_rerror(APLOG_MARK, APLOG_ERR, 0, rq->r,
                      HDLOG(12003) "incoming mail: no active service or "
                                   "team to log a ticket against");
        return decide("", "The portal offers no service to log against.", "",
                      HTTP_SERVICE_UNAVAILABLE);
    }
    memset(&d, 0, sizeof(d));
    d.kind = "incident";
    d.summary = hd_request_is_blank(m->subject)
                    ? "(no subject)"
                    : cut_chars(p, m->subject, rq->sconf->max_summary, &cut);
    d.details = hd_request_is_blank(m->text) ? "(The message had no text.)"
                                             : fit_text(rq, m->text);
    d.first_note = "";
    d.service_id = def.service;
    d.team_code = def.team;
    d.shared = shared;
    d.requester_login = who->login;
    d.requester_name = who->name && *who->name ? who->name : who->login;
    d.requester_mail = who->mail ? who->mail : "";
    d.requester_phone = who->phone ? who->phone : "";
    d.requester_org = who->organisation ? who->organisation : "";
    d.logger_login = d.requester_login;
    d.logger_name = d.requester_name;
    d.nonce = nonce;
    d.channel = "email";
    switch (hd_ticket_create(hd_req_db(rq), &d, &id, &why)) {
    case HD_TICKET_DONE:
    case HD_TICKET_REPEATED:
        return decide("created", "", id, HTTP_OK);
    case HD_TICKET_INVALID: /* withdrawn meanwhile: try again */
        return decide("", "The service was withdrawn meanwhile.", "",
                      HTTP_SERVICE_UNAVAILABLE);
    default:
        return db_down(rq, why);
    }
}

#define HD_MAIL_NOT_YOURS                                                    \
    "You cannot add to that ticket: it is not one you logged or one logged " \
    "for you."

/* A reply to ticket id from who. */
static verdict comment_ticket(hd_req *rq, const hd_mime_message *m,
                              const hd_user_t *who, const char *id,
                              const char *nonce)
{
    hd_viewer viewer;
    hd_ticket *t = NULL;
    hd_db_outcome why;
    const char *body, *name = who->name && *who->name ? who->name : who->login;
    hd_ticket_result res;

    viewer.login = who->login;
    viewer.organisation = who->organisation ? who->organisation : "";
    viewer.is_agent = who->is_agent;
    viewer.is_supervisor = who->is_supervisor;
    why = hd_ticket_load(hd_req_db(rq), &viewer, id, &t);
    if (why != HD_DB_OK) {
        return db_down(rq, why);
    }
    /* Missing, invisible, or someone else's: one answer for all three. */
    if (!t || (!who->is_agent && !hd_ticket_may_act(t, who->login))) {
        return decide("refused", HD_MAIL_NOT_YOURS, "", HTTP_OK);
    }
    body = strip_quote(rq->r->pool, m->text);
    if (hd_request_is_blank(body)) {
        return decide("refused",
                      "Your reply had no text, so nothing was added to "
                      "the ticket.",
                      id, HTTP_OK);
    }
    body = fit_text(rq, body);
    res = who->is_agent ? hd_ticket_reply(hd_req_db(rq), id, who->login, name,
                                          body, 0, nonce, &why)
                        : hd_ticket_comment(hd_req_db(rq), id, who->login, name,
                                            body, nonce, &why);
    switch (res) {
    case HD_TICKET_DONE:
    case HD_TICKET_REPEATED:
        return decide("commented", "", id, HTTP_OK);
    case HD_TICKET_CANCELLED:
        return decide("refused",
                      "That ticket was cancelled, so nothing can be added "
                      "to it. Write without its reference to log a new one.",
                      id, HTTP_OK);
    case HD_TICKET_MISSING:
        return decide("refused", HD_MAIL_NOT_YOURS, "", HTTP_OK);
    default:
        return db_down(rq, why);
    }
}

/* ------------------------------------------------------------------ */
/* Attachments                                                         */
/* ------------------------------------------------------------------ */

/* The message's files on its ticket, staged as hd_mime_each_attachment
 * decodes them (one chunk buffer, whatever the file's size) and hashed
 * on the way, as an upload through the portal's form is. */
typedef struct {
    hd_req *rq;
    hd_db *db;
    apr_pool_t *scratch; /* cleared after each staged chunk */
    apr_off_t max_file;
    int max_files;
    apr_array_header_t *files; /* hd_attach_file *, staged whole */
    hd_attach_file *cur;       /* being staged, or NULL */
    EVP_MD_CTX *md;
    char *chunk, *b64;
    apr_size_t chunk_len;
    unsigned char head[16]; /* the first bytes, for the magic check */
    apr_size_t headlen;
    const char *not_stored; /* "a.iso (why); b.zip (why)", or NULL */
    hd_db_outcome failed;   /* what staging met, HD_DB_OK until then */
} mail_files;

#define HD_MAIL_STOP 2 /* a callback's "stop the walk": storage failed */

static void not_stored(mail_files *mf, const char *name, const char *why)
{
    apr_pool_t *p = mf->rq->r->pool;
    const char *one = apr_psprintf(p, "%s (%s)", name, why);
    mf->not_stored =
        mf->not_stored ? apr_pstrcat(p, mf->not_stored, "; ", one, NULL) : one;
}

static apr_status_t free_md(void *md)
{
    EVP_MD_CTX_free(md);
    return APR_SUCCESS;
}

static void unstage(mail_files *mf, const hd_attach_file *f)
{
    if (hd_attach_unstage(mf->db, f->key) != HD_DB_OK) {
        /* The job attachment-sweep deletes them within the hour. */
        ap_log_rerror(APLOG_MARK, APLOG_WARNING, 0, mf->rq->r,
                      HDLOG(19001) "incoming mail: could not delete staged "
                                   "chunks %s",
                      f->key);
    }
}

static void unstage_all(mail_files *mf)
{
    int i;
    for (i = 0; i < mf->files->nelts; i++) {
        unstage(mf, APR_ARRAY_IDX(mf->files, i, hd_attach_file *));
    }
    if (mf->cur) {
        unstage(mf, mf->cur);
        mf->cur = NULL;
    }
}

static int flush_file_chunk(mail_files *mf)
{
    hd_db_outcome o;
    if (!mf->chunk_len) {
        return 0;
    }
    o = hd_attach_stage(mf->db, mf->scratch, mf->cur->key, mf->cur->chunks,
                        mf->chunk, mf->chunk_len, mf->b64);
    apr_pool_clear(mf->scratch);
    if (o != HD_DB_OK) {
        mf->failed = o;
        return HD_MAIL_STOP;
    }
    mf->cur->chunks++;
    mf->chunk_len = 0;
    return 0;
}

static int file_begin(void *baton, const hd_mime_attachment *a)
{
    mail_files *mf = baton;
    apr_pool_t *p = mf->rq->r->pool;
    const char *name = hd_mp_safe_filename(p, a->filename);
    hd_attach_file *f;

    /* A limit passed skips that file, not the message: the text is the
     * person's request, and the raw message stays for the rest. */
    if ((apr_off_t)a->size > mf->max_file) {
        not_stored(mf, name,
                   apr_psprintf(p,
                                "larger than the %" APR_OFF_T_FMT
                                " bytes the portal takes",
                                mf->max_file));
        return HD_MIME_SKIP;
    }
    if (mf->files->nelts >= mf->max_files) {
        not_stored(mf, name,
                   apr_psprintf(p, "more than %d files", mf->max_files));
        return HD_MIME_SKIP;
    }
    f = apr_pcalloc(p, sizeof(*f));
    f->key = hd_attach_new_key(p);
    if (!f->key || !EVP_DigestInit_ex(mf->md, EVP_sha256(), NULL)) {
        mf->failed = HD_DB_FAILED;
        return HD_MAIL_STOP;
    }
    f->filename = name;
    f->content_type = hd_attach_safe_type(p, a->content_type);
    mf->cur = f;
    mf->chunk_len = 0;
    mf->headlen = 0;
    return 0;
}

static int file_data(void *baton, const char *d, apr_size_t n)
{
    mail_files *mf = baton;

    mf->cur->size += n;
    EVP_DigestUpdate(mf->md, d, n);
    if (mf->headlen < sizeof(mf->head)) {
        apr_size_t k = sizeof(mf->head) - mf->headlen;
        k = k < n ? k : n;
        memcpy(mf->head + mf->headlen, d, k);
        mf->headlen += k;
    }
    while (n) {
        apr_size_t k = HD_ATTACH_CHUNK - mf->chunk_len;
        k = k < n ? k : n;
        memcpy(mf->chunk + mf->chunk_len, d, k);
        mf->chunk_len += k;
        d += k;
        n -= k;
        if (mf->chunk_len == HD_ATTACH_CHUNK && flush_file_chunk(mf)) {
            return HD_MAIL_STOP;
        }
    }
    return 0;
}

static int file_end(void *baton)
{
    mail_files *mf = baton;
    unsigned char md[EVP_MAX_MD_SIZE];
    unsigned int n = 0, i;
    char *hex;

    if (flush_file_chunk(mf)) {
        return HD_MAIL_STOP;
    }
    EVP_DigestFinal_ex(mf->md, md, &n);
    hex = apr_palloc(mf->rq->r->pool, 2 * n + 1);
    for (i = 0; i < n; i++) {
        apr_snprintf(hex + 2 * i, 3, "%02x", md[i]);
    }
    mf->cur->sha256 = hex;
    mf->cur->image_type = hd_mp_sniff_image(mf->head, mf->headlen);
    APR_ARRAY_PUSH(mf->files, hd_attach_file *) = mf->cur;
    mf->cur = NULL;
    return 0;
}

static const hd_mime_part_callbacks file_callbacks = {file_begin, file_data,
                                                      file_end};

/* The message's files on ticket_id, once its ticket or comment is
 * committed: one "attached" entry by author ("Sent by e-mail", public
 * like the reply it came with), its nonce made from the Message-ID so a
 * message delivered again (after a 503, say) attaches once.  HD_DB_OK
 * with *missed the files not stored (too big, too many, unreadable: v's
 * reason says which), or the outcome that kept them all out (nothing
 * left staged; the gate tries again). */
static hd_db_outcome attach_files(hd_req *rq, const hd_mime_message *m,
                                  const char *ticket_id, const hd_user_t *who,
                                  const char *message_id, const char **missed)
{
    apr_pool_t *p = rq->r->pool;
    mail_files mf;
    const char *name = who->name && *who->name ? who->name : who->login;
    hd_db_outcome o;
    int rv, repeated = 0;

    memset(&mf, 0, sizeof(mf));
    mf.rq = rq;
    mf.db = hd_req_db(rq);
    mf.max_file = hd_dir_max_attachment(rq->dconf);
    mf.max_files = hd_dir_max_attachments(rq->dconf);
    mf.files = apr_array_make(p, m->attachments->nelts, sizeof(void *));
    mf.failed = HD_DB_OK;
    mf.md = EVP_MD_CTX_new();
    if (!mf.md || apr_pool_create(&mf.scratch, p) != APR_SUCCESS) {
        EVP_MD_CTX_free(mf.md);
        return HD_DB_FAILED;
    }
    apr_pool_cleanup_register(p, mf.md, free_md, apr_pool_cleanup_null);
    mf.chunk = apr_palloc(p, HD_ATTACH_CHUNK);
    mf.b64 = apr_palloc(p, apr_base64_encode_len(HD_ATTACH_CHUNK));

    rv = hd_mime_each_attachment(p, m, &file_callbacks, &mf);
    if (rv == HD_MAIL_STOP) {
        ap_log_rerror(APLOG_MARK, APLOG_ERR, 0, rq->r,
                      HDLOG(19002) "incoming mail %s: staging an attachment: "
                                   "%s",
                      message_id, hd_db_outcome_name(mf.failed));
        unstage_all(&mf);
        return mf.failed != HD_DB_OK ? mf.failed : HD_DB_FAILED;
    }
    if (rv != 0) {
        /* GMime could not decode a part: keep those before it, and the
         * raw message for the rest. */
        if (mf.cur) {
            not_stored(&mf, mf.cur->filename, "could not be read");
            unstage(&mf, mf.cur);
            mf.cur = NULL;
        }
        else {
            not_stored(&mf, "a part", "could not be read");
        }
        ap_log_rerror(APLOG_MARK, APLOG_WARNING, 0, rq->r,
                      HDLOG(19003) "incoming mail %s: an attachment part "
                                   "could not be decoded",
                      message_id);
    }
    *missed = mf.not_stored;
    if (mf.files->nelts == 0) {
        return HD_DB_OK;
    }
    o = hd_attach_record(
        mf.db, ticket_id, mf.files, "Sent by e-mail", 0, who->login, name,
        nonce_of(p, apr_pstrcat(p, message_id, ":att", NULL)), &repeated);
    if (o != HD_DB_OK || repeated) {
        /* Not adopted: these chunks are nobody's. */
        unstage_all(&mf);
    }
    if (o != HD_DB_OK) {
        ap_log_rerror(APLOG_MARK, APLOG_ERR, 0, rq->r,
                      HDLOG(19004) "incoming mail %s: recording %d "
                                   "attachments on ticket %s: %s",
                      message_id, mf.files->nelts, ticket_id,
                      hd_db_outcome_name(o));
    }
    return o;
}

/* ------------------------------------------------------------------ */
/* The page                                                            */
/* ------------------------------------------------------------------ */

/* What the message's sender may do, once it is known to be neither a
 * duplicate nor machine mail nor a loop. */
static verdict handle(hd_req *rq, const hd_mime_message *m, const char *nonce,
                      const char **sender_login, const hd_user_t **author)
{
    const hd_mail_settings *ms = &rq->sconf->mail;
    hd_user_t *who = NULL;
    const char *id;
    int rv = hd_ldap_user_by_mail(rq, m->from_addr, &who);

    if (rv == HTTP_SERVICE_UNAVAILABLE) {
        ap_log_rerror(APLOG_MARK, APLOG_ERR, 0, rq->r,
                      HDLOG(12004) "incoming mail: the directory cannot be "
                                   "reached: the gate will try again");
        return decide("", "The staff directory is not available.", "",
                      HTTP_SERVICE_UNAVAILABLE);
    }
    /* The ticket it answers: our signed id first (it cannot be forged),
     * then the subject's tag. */
    id = thread_ticket(rq, m);
    if (!id) {
        id = subject_ticket(rq->r->pool, m->subject);
    }
    if (rv == OK) {
        *sender_login = who->login;
        *author = who;
        return id ? comment_ticket(rq, m, who, id, nonce)
                  : create_ticket(rq, m, who, "", nonce);
    }
    if (ms->unknown_senders != HD_MAIL_UNKNOWN_CREATE) {
        return decide("refused",
                      "We do not know this address: only people in the staff "
                      "directory can log tickets by e-mail.",
                      "", HTTP_OK);
    }
    if (strlen(m->from_addr) > 64) {
        return decide("refused",
                      "Your address is too long for the portal to log a "
                      "ticket for it.",
                      "", HTTP_OK);
    }
    who = apr_pcalloc(rq->r->pool, sizeof(*who));
    who->login = m->from_addr;
    who->name = *m->from_name ? m->from_name : m->from_addr;
    who->mail = m->from_addr;
    who->organisation = ms->default_org;
    *author = who;
    /* Their tickets are logged for the address: a reply finds its own
     * (the visibility rule's requester branch), and nobody else's. */
    return id ? comment_ticket(rq, m, who, id, nonce)
              : create_ticket(rq, m, who, "0", nonce);
}

int hd_page_mail_inbound(hd_req *rq)
{
    request_rec *r = rq->r;
    const hd_mail_settings *ms = &rq->sconf->mail;
    hd_db *db;
    char *data;
    apr_size_t len;
    apr_off_t total;
    hd_mime_message *m;
    const char *error = NULL, *message_id, *sender_login = "", *count = NULL;
    const char *missed = NULL;
    const hd_user_t *author = NULL;
    record_state rec;
    verdict v;
    int rv, too_big, found = 0;
    hd_db_outcome o;

    if (!ms->gate_secret) {
        return HTTP_NOT_FOUND; /* incoming mail is off */
    }
    if (!gate_allowed(rq)) {
        ap_log_rerror(APLOG_MARK, APLOG_WARNING, 0, r,
                      HDLOG(12005) "incoming mail: wrong or missing gate "
                                   "secret from %s",
                      r->useragent_ip);
        apr_table_setn(r->err_headers_out, "WWW-Authenticate", "Bearer");
        v = decide("", "The gate's secret is wrong.", "", HTTP_UNAUTHORIZED);
        return send_answer(rq, &v);
    }
    if ((rv = read_message(rq, ms->max_bytes, &data, &len, &total)) != OK) {
        return rv;
    }
    too_big = total > ms->max_bytes;
    /* Too big: only its headers are read, enough to answer and refuse. */
    m = hd_mime_parse(r->pool, data, too_big ? header_length(data, len) : len,
                      &error);
    message_id =
        m && *m->message_id
            ? m->message_id
            : apr_pstrcat(r->pool, "sha256:", hex_sha256(r->pool, data, len),
                          NULL);
    db = hd_req_db(rq);

    /* An MTA's retry of a message already taken. */
    o = earlier_outcome(db, message_id, &v, &found);
    if (o != HD_DB_OK) {
        return answer_db_down(rq, o);
    }
    if (found) {
        return send_answer(rq, &v);
    }

    if (m && m->automatic) {
        v = decide("ignored", m->automatic, "", HTTP_OK);
    }
    else if (m &&
             hd_mail_msgid_ours(r->pool, rq->sconf->secret, m->message_id)) {
        v = decide("ignored", "a message the portal sent itself (a loop)", "",
                   HTTP_OK);
    }
    else if (m && *m->from_addr &&
             (o = hd_db_value(db, "mail_inbound_recent", 1, &m->from_addr,
                              &count)) != HD_DB_OK) {
        return answer_db_down(rq, o);
    }
    else if (m && count && atoi(count) >= ms->sender_limit) {
        v = decide("ignored",
                   apr_psprintf(r->pool,
                                "more than %d messages from this sender in "
                                "an hour (a loop)",
                                ms->sender_limit),
                   "", HTTP_OK);
    }
    else if (too_big) {
        v = decide("refused",
                   apr_psprintf(r->pool,
                                "Your message is too big: the portal takes "
                                "messages of up to %" APR_OFF_T_FMT
                                " MB, attachments included.",
                                ms->max_bytes / (1024 * 1024)),
                   "", HTTP_REQUEST_ENTITY_TOO_LARGE);
    }
    else if (!m || error) {
        v = decide("refused", error, "", HTTP_UNPROCESSABLE_ENTITY);
    }
    else {
        v = handle(rq, m, nonce_of(r->pool, message_id), &sender_login,
                   &author);
        if (v.status == HTTP_SERVICE_UNAVAILABLE) {
            apr_table_setn(r->err_headers_out, "Retry-After", "60");
            return send_answer(rq, &v);
        }
    }
    /* The ticket or comment is committed: its files join it.  Should
     * that fail, the gate tries again, the nonces making the ticket or
     * comment and the files one each. */
    if (*v.ticket && author && m->attachments->nelts > 0 &&
        (!strcmp(v.outcome, "created") || !strcmp(v.outcome, "commented"))) {
        o = attach_files(rq, m, v.ticket, author, message_id, &missed);
        if (o != HD_DB_OK) {
            return answer_db_down(rq, o);
        }
        if (missed) {
            v.reason =
                apr_pstrcat(r->pool, "Not attached: ", missed, ".", NULL);
        }
    }

    memset(&rec, 0, sizeof(rec));
    rec.message_id = message_id;
    rec.sender = m ? m->from_addr : "";
    rec.sender_login = sender_login;
    rec.subject = m ? m->subject : "";
    rec.v = &v;
    rec.size = apr_off_t_toa(r->pool, total);
    /* The message whole only when some of its files are not on the
     * ticket (over a limit, or a part GMime could not decode): the one
     * copy of them left, for an administrator to fetch by hand.  When
     * every file was stored the attachments are the copy. */
    if (missed) {
        rec.raw = data;
        rec.raw_len = len;
    }
    o = hd_db_transact(db, record_work, &rec);
    if (o == HD_DB_DUPLICATE) {
        /* The same message, delivered twice at once: the other one's. */
        o = earlier_outcome(db, message_id, &v, &found);
        if (o == HD_DB_OK && found) {
            return send_answer(rq, &v);
        }
    }
    if (o != HD_DB_OK) {
        return answer_db_down(rq, o);
    }
    ap_log_rerror(APLOG_MARK, APLOG_INFO, 0, r,
                  HDLOG(12006) "incoming mail %s from %s: %s%s%s", message_id,
                  rec.sender, v.outcome, *v.reason ? ": " : "", v.reason);
    return send_answer(rq, &v);
}
