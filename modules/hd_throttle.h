/*
 * hd_throttle.h -- slowing password guessing down, per account and per
 * client address, with the counts in the database so that every node
 * sees the same ones.
 *
 * After `limit` failures (each within `window` seconds of the one before)
 * a key is refused for 30 s, then twice as long with each further
 * failure, up to `max_delay`: guessing becomes a few tries an hour while
 * a person who mistyped waits half a minute.  A block always ends by
 * itself; nobody is locked out for good by failures alone.
 */
#ifndef HD_THROTTLE_H
#define HD_THROTTLE_H

#include "mod_helpdesk.h"
#include "hd_db.h"

/* What a throttle allows (HelpdeskLogin* directives). */
typedef struct {
    int limit;     /* failures before the first block */
    int window;    /* seconds of quiet after which the count restarts */
    int max_delay; /* longest block, seconds */
} hd_throttle_rule;

extern const hd_db_statements hd_throttle_statements;

/* The keys of an account (the login folded as the directory compares
 * it: case, outer and repeated spaces) and of a client address. */
const char *hd_throttle_account_key(apr_pool_t *p, const char *login);
const char *hd_throttle_address_key(apr_pool_t *p, const char *ip);

/* Seconds until the later of the two keys' blocks ends; 0 when neither
 * is blocked. */
hd_db_outcome hd_throttle_wait(hd_db *db, const char *key1, const char *key2,
                               int *seconds);
/* Count a failure against key (and block it when rule says so). */
hd_db_outcome hd_throttle_failed(hd_db *db, const char *key,
                                 const hd_throttle_rule *rule);
/* Forget key's failures (a successful login clears its account). */
hd_db_outcome hd_throttle_clear(hd_db *db, const char *key);

#endif /* HD_THROTTLE_H */
