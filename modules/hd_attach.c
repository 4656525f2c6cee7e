/*
 * hd_attach.c -- attachments' storage in the database (sql/021).
 *
 * A file's bytes are staged as they arrive, 768 KB raw per row under a
 * random key, each row its own autocommitted INSERT: the upload never
 * holds a file, only the chunk being filled.  The transaction that
 * records the attachment then adopts the key (a new attachment_blobs row)
 * or, when the same SHA-256 is stored already, deletes the staged rows:
 * identical content is kept once.  Whatever fails before that COMMIT
 * leaves only staged rows no blob names, which the page deletes when it
 * gives up and the job attachment-sweep deletes after an hour.
 */
#include "mod_helpdesk.h"
#include "hd_attach.h"
#include "apr_base64.h"
#include "apr_lib.h"
#include "apr_strings.h"

static const hd_db_statement statements[] = {
    {"attach_chunk_insert",
     "INSERT INTO attachment_chunks (chunk_key, seq, data) "
     "VALUES (%s, %s, %s)"},
    {"attach_chunks_delete",
     "DELETE FROM attachment_chunks WHERE chunk_key = %s"},
    /* INSERT IGNORE: a blob already there (the same content, perhaps
     * just stored by another request) changes no row. */
    {"attach_blob_adopt",
     "INSERT IGNORE INTO attachment_blobs (sha256, chunk_key, size, "
     "chunks, image_type) VALUES (%s, %s, %s, %s, NULLIF(%s, ''))"},
    {"attach_activity_insert",
     "INSERT INTO ticket_activity (ticket_id, kind, author_login, "
     "author_name, body, internal, form_nonce) "
     "VALUES (%s, 'attached', %s, %s, %s, %s, NULLIF(%s, ''))"},
    {"attach_last_id", "SELECT LAST_INSERT_ID() AS id"},
    {"attach_insert",
     "INSERT INTO attachments (ticket_id, activity_id, internal, "
     "description, filename, content_type, size, sha256, author_login, "
     "author_name) VALUES (%s, %s, %s, %s, %s, %s, %s, %s, %s, %s)"},
    {"attach_by_nonce", "SELECT id FROM ticket_activity WHERE form_nonce = %s"},
    {"attach_list",
     "SELECT a.id, COALESCE(a.activity_id, '') AS activity_id, "
     "a.internal, a.description, a.filename, a.content_type, a.size, "
     "a.sha256, a.author_login, a.author_name, a.created_at, "
     "COALESCE(b.image_type, '') AS image_type "
     "FROM attachments a JOIN attachment_blobs b ON b.sha256 = a.sha256 "
     "WHERE a.ticket_id = %s AND (a.internal = 0 OR %s = '1') "
     "ORDER BY a.id"},
    {"attach_get",
     "SELECT a.id, COALESCE(a.activity_id, '') AS activity_id, "
     "a.internal, a.description, a.filename, a.content_type, a.size, "
     "a.sha256, a.author_login, a.author_name, a.created_at, "
     "COALESCE(b.image_type, '') AS image_type, b.chunk_key, b.chunks "
     "FROM attachments a JOIN attachment_blobs b ON b.sha256 = a.sha256 "
     "WHERE a.id = %s AND a.ticket_id = %s "
     "AND (a.internal = 0 OR %s = '1')"},
    {"attach_chunk_get",
     "SELECT data FROM attachment_chunks WHERE chunk_key = %s AND seq = %s"},
    {"attach_sweep",
     "DELETE c FROM attachment_chunks c LEFT JOIN attachment_blobs b "
     "ON b.chunk_key = c.chunk_key WHERE b.chunk_key IS NULL "
     "AND c.created_at < NOW() - INTERVAL 1 HOUR"},
};
const hd_db_statements hd_attach_statements = HD_DB_STATEMENTS(statements);

const char *hd_attach_new_key(apr_pool_t *p)
{
    static const char hex[] = "0123456789abcdef";
    unsigned char bytes[16];
    char *key;
    int i;

    if (apr_generate_random_bytes(bytes, sizeof(bytes)) != APR_SUCCESS) {
        return NULL;
    }
    key = apr_palloc(p, 2 * sizeof(bytes) + 1);
    for (i = 0; i < (int)sizeof(bytes); i++) {
        key[2 * i] = hex[bytes[i] >> 4];
        key[2 * i + 1] = hex[bytes[i] & 15];
    }
    key[2 * sizeof(bytes)] = '\0';
    return key;
}

const char *hd_attach_safe_type(apr_pool_t *p, const char *type)
{
    static const char fallback[] = "application/octet-stream";
    apr_size_t n = type ? strcspn(type, "; \t") : 0;
    char *t, *slash;
    apr_size_t i;

    /* The download sends it back as Content-Type: only what cannot
     * split or inject a header, and one slash between two tokens. */
    if (n == 0 || n > 100) {
        return fallback;
    }
    t = apr_pstrmemdup(p, type, n);
    slash = strchr(t, '/');
    if (!slash || slash == t || !slash[1] || strchr(slash + 1, '/')) {
        return fallback;
    }
    for (i = 0; i < n; i++) {
        if (t[i] != '/' && !apr_isalnum(t[i]) && !strchr("!#$&-^_.+", t[i])) {
            return fallback;
        }
        t[i] = apr_tolower(t[i]);
    }
    return t;
}

hd_db_outcome hd_attach_stage(hd_db *db, apr_pool_t *p, const char *key,
                              int seq, const char *raw, apr_size_t len,
                              char *b64)
{
    hd_db *scoped = hd_db_scoped(db, p);
    const char *args[3];

    if (!scoped) {
        return HD_DB_UNAVAILABLE;
    }
    apr_base64_encode_binary(b64, (const unsigned char *)raw, (int)len);
    args[0] = key;
    args[1] = apr_itoa(p, seq);
    args[2] = b64;
    return hd_db_exec(scoped, "attach_chunk_insert", 3, args, NULL);
}

hd_db_outcome hd_attach_unstage(hd_db *db, const char *key)
{
    return hd_db_exec(db, "attach_chunks_delete", 1, &key, NULL);
}

typedef struct {
    const char *ticket_id;
    apr_array_header_t *files;
    const char *description, *login, *name, *nonce;
    int internal;
    int repeated;
} record_work;

static hd_db_outcome record(hd_db *db, void *baton)
{
    record_work *w = baton;
    apr_pool_t *p = hd_db_pool(db);
    const char *activity = NULL, *seen = NULL;
    const char *internal = w->internal ? "1" : "0";
    hd_db_outcome o;
    int i;

    w->repeated = 0;
    if (w->nonce && *w->nonce) {
        o = hd_db_value(db, "attach_by_nonce", 1, &w->nonce, &seen);
        if (o != HD_DB_OK) {
            return o;
        }
        if (seen) {
            w->repeated = 1;
            return HD_DB_OK;
        }
    }
    {
        const char *args[] = {w->ticket_id,   w->login, w->name,
                              w->description, internal, w->nonce};
        o = hd_db_exec(db, "attach_activity_insert", 6, args, NULL);
    }
    if (o == HD_DB_DUPLICATE) { /* the same form, committed meanwhile */
        w->repeated = 1;
        return HD_DB_OK;
    }
    if (o == HD_DB_OK) {
        o = hd_db_value(db, "attach_last_id", 0, NULL, &activity);
    }
    for (i = 0; o == HD_DB_OK && i < w->files->nelts; i++) {
        hd_attach_file *f = APR_ARRAY_IDX(w->files, i, hd_attach_file *);
        const char *size = apr_off_t_toa(p, f->size);
        const char *blob[] = {f->sha256, f->key, size, apr_itoa(p, f->chunks),
                              f->image_type ? f->image_type : ""};
        const char *row[] = {
            w->ticket_id,    activity, internal,  w->description, f->filename,
            f->content_type, size,     f->sha256, w->login,       w->name};
        int adopted = 0;

        o = hd_db_exec(db, "attach_blob_adopt", 5, blob, &adopted);
        if (o == HD_DB_OK && !adopted) {
            /* Stored already: this copy goes, in the same transaction. */
            o = hd_db_exec(db, "attach_chunks_delete", 1, &f->key, NULL);
        }
        if (o == HD_DB_OK) {
            o = hd_db_exec(db, "attach_insert", 10, row, NULL);
        }
    }
    return o;
}

hd_db_outcome hd_attach_record(hd_db *db, const char *ticket_id,
                               apr_array_header_t *files,
                               const char *description, int internal,
                               const char *login, const char *name,
                               const char *nonce, int *repeated)
{
    record_work w = {ticket_id, files, description, login,
                     name,      nonce, internal,    0};
    hd_db_outcome o = hd_db_transact(db, record, &w);
    *repeated = w.repeated;
    return o;
}

static const char *const list_cols[] = {
    "id",           "activity_id", "internal", "description",  "filename",
    "content_type", "size",        "sha256",   "author_login", "author_name",
    "created_at",   "image_type",  NULL};

typedef struct {
    apr_array_header_t *rows;
    int with_blob;
} list_baton;

static int keep_row(void *baton, const hd_db_row *row)
{
    list_baton *b = baton;
    apr_pool_t *p = hd_db_row_pool(row);
    apr_table_t *t = apr_table_make(p, 16);
    int i;

    for (i = 0; list_cols[i]; i++) {
        apr_table_set(t, list_cols[i], hd_db_text(row, list_cols[i]));
    }
    if (b->with_blob) {
        apr_table_set(t, "chunk_key", hd_db_text(row, "chunk_key"));
        apr_table_set(t, "chunks", hd_db_text(row, "chunks"));
    }
    APR_ARRAY_PUSH(b->rows, apr_table_t *) = t;
    return 0;
}

hd_db_outcome hd_attach_list(hd_db *db, const char *ticket_id, int agent,
                             apr_array_header_t **out)
{
    list_baton b = {apr_array_make(hd_db_pool(db), 4, sizeof(apr_table_t *)),
                    0};
    const char *args[] = {ticket_id, agent ? "1" : "0"};
    hd_db_outcome o = hd_db_select(db, "attach_list", keep_row, &b, 2, args);
    *out = b.rows;
    return o;
}

hd_db_outcome hd_attach_get(hd_db *db, const char *ticket_id, const char *id,
                            int agent, apr_table_t **out)
{
    list_baton b = {apr_array_make(hd_db_pool(db), 1, sizeof(apr_table_t *)),
                    1};
    const char *args[] = {id, ticket_id, agent ? "1" : "0"};
    hd_db_outcome o = hd_db_select(db, "attach_get", keep_row, &b, 3, args);
    *out = b.rows->nelts ? APR_ARRAY_IDX(b.rows, 0, apr_table_t *) : NULL;
    return o;
}

typedef struct {
    unsigned char *buf;
    long len;
} chunk_baton;

static int decode_chunk(void *baton, const hd_db_row *row)
{
    chunk_baton *c = baton;
    const char *data = hd_db_col(row, "data");
    if (!data || apr_base64_decode_len(data) > HD_ATTACH_CHUNK + 3) {
        c->len = -1;
        return 0;
    }
    c->len = apr_base64_decode_binary(c->buf, data);
    return 0;
}

hd_db_outcome hd_attach_chunk(hd_db *db, apr_pool_t *p, const char *key,
                              int seq, unsigned char *buf, long *len)
{
    hd_db *scoped = hd_db_scoped(db, p);
    chunk_baton c = {buf, -1};
    const char *args[2];
    hd_db_outcome o;

    if (!scoped) {
        return HD_DB_UNAVAILABLE;
    }
    args[0] = key;
    args[1] = apr_itoa(p, seq);
    o = hd_db_select(scoped, "attach_chunk_get", decode_chunk, &c, 2, args);
    *len = c.len;
    return o;
}

hd_db_outcome hd_attach_sweep(hd_db *db, apr_pool_t *p, server_rec *s)
{
    int n = 0;
    hd_db_outcome o = hd_db_exec(db, "attach_sweep", 0, NULL, &n);
    (void)p;
    if (o == HD_DB_OK && n > 0) {
        ap_log_error(APLOG_MARK, APLOG_NOTICE, 0, s,
                     HDLOG(17001) "attachment-sweep: deleted %d chunk rows of "
                                  "uploads that never finished",
                     n);
    }
    return o;
}
