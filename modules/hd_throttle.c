/*
 * hd_throttle.c -- failed logins counted per key (see hd_throttle.h).
 *
 * One statement per failure, atomic on the key's row, so concurrent
 * guesses on several nodes all count.  Failures are written, successes
 * only clear: the usual login costs one SELECT here.
 */
#include "mod_helpdesk.h"
#include "hd_throttle.h"
#include "apr_lib.h"

#define HD_SQL_THROTTLE_WAIT   "hd_throttle_wait"
#define HD_SQL_THROTTLE_FAILED "hd_throttle_failed"
#define HD_SQL_THROTTLE_CLEAR  "hd_throttle_clear"

/* The first block, in seconds; each further failure doubles it. */
#define HD_THROTTLE_FIRST_DELAY "30"

static const hd_db_statement statements[] = {
    {HD_SQL_THROTTLE_WAIT,
     "SELECT GREATEST(1, MAX(TIMESTAMPDIFF(SECOND, NOW(), blocked_until))) "
     "AS wait FROM login_throttle "
     "WHERE throttle_key IN (%s, %s) AND blocked_until > NOW()"},
    /* Arguments: key, limit, window, limit, max_delay, limit.  MariaDB
     * assigns left to right, so blocked_until sees the new count; the
     * count restarts after a window without failures. */
    {HD_SQL_THROTTLE_FAILED,
     "INSERT INTO login_throttle (throttle_key, failures, last_failure_at, "
     "blocked_until) VALUES (%s, 1, NOW(), IF(1 >= %s, NOW() + "
     "INTERVAL " HD_THROTTLE_FIRST_DELAY " SECOND, NULL)) "
     "ON DUPLICATE KEY UPDATE "
     "failures = IF(last_failure_at <= NOW() - INTERVAL %s SECOND, 1, "
     "failures + 1), "
     "last_failure_at = NOW(), "
     "blocked_until = IF(failures >= %s, NOW() + INTERVAL "
     "LEAST(%s, " HD_THROTTLE_FIRST_DELAY
     " * POW(2, LEAST(failures - %s, 20))) SECOND, "
     "blocked_until)"},
    {HD_SQL_THROTTLE_CLEAR,
     "DELETE FROM login_throttle WHERE throttle_key = %s"},
};

const hd_db_statements hd_throttle_statements = HD_DB_STATEMENTS(statements);

/* Longest key kept (login_throttle.throttle_key is 200 characters). */
#define HD_THROTTLE_KEY_MAX 190

const char *hd_throttle_account_key(apr_pool_t *p, const char *login)
{
    apr_size_t n = strlen(login);
    char *k = apr_palloc(p, sizeof("account:") + n);
    char *o = k + strlen("account:");
    int space = 0;

    memcpy(k, "account:", strlen("account:"));
    for (; *login; login++) {
        if (*login == ' ') {
            space = o > k + strlen("account:");
            continue;
        }
        if (space) {
            *o++ = ' ';
            space = 0;
        }
        *o++ = (char)apr_tolower((unsigned char)*login);
        if (o - k >= HD_THROTTLE_KEY_MAX) {
            break;
        }
    }
    *o = '\0';
    return k;
}

const char *hd_throttle_address_key(apr_pool_t *p, const char *ip)
{
    return apr_pstrcat(p, "address:", ip ? ip : "", NULL);
}

hd_db_outcome hd_throttle_wait(hd_db *db, const char *key1, const char *key2,
                               int *seconds)
{
    const char *args[2], *v = NULL;
    hd_db_outcome o;

    args[0] = key1;
    args[1] = key2;
    o = hd_db_value(db, HD_SQL_THROTTLE_WAIT, 2, args, &v);
    /* NULL (no blocked key) is 0; a block is at least 1 s. */
    *seconds = o == HD_DB_OK && v ? atoi(v) : 0;
    return o;
}

hd_db_outcome hd_throttle_failed(hd_db *db, const char *key,
                                 const hd_throttle_rule *rule)
{
    apr_pool_t *p = hd_db_pool(db);
    const char *limit = apr_itoa(p, rule->limit);
    const char *args[6];

    args[0] = key;
    args[1] = limit;
    args[2] = apr_itoa(p, rule->window);
    args[3] = limit;
    args[4] = apr_itoa(p, rule->max_delay);
    args[5] = limit;
    return hd_db_exec_retried(db, HD_SQL_THROTTLE_FAILED, 6, args, NULL);
}

hd_db_outcome hd_throttle_clear(hd_db *db, const char *key)
{
    const char *args[1];
    args[0] = key;
    return hd_db_exec(db, HD_SQL_THROTTLE_CLEAR, 1, args, NULL);
}
