/*
 * hd_db_outcome.c -- the pure part of the database core: what a MySQL /
 * MariaDB error means for the caller, and how often a transaction is
 * run again.  No APR-DBD, no httpd: unit-tested on its own.
 */
#include "hd_db.h"

/* MySQL / MariaDB error numbers the outcomes are made of. */
#define HD_ER_DUP_ENTRY         1062
#define HD_ER_LOCK_WAIT_TIMEOUT 1205
#define HD_ER_LOCK_DEADLOCK     1213
#define HD_ER_STATEMENT_TIMEOUT 1969
#define HD_ER_CONNECTION_KILLED 1927
#define HD_CR_SERVER_GONE       2006
#define HD_CR_SERVER_LOST       2013

hd_db_outcome hd_db_outcome_of(int mysql_errno, int lost)
{
    switch (mysql_errno) {
    case 0:
        return HD_DB_OK;
    case HD_ER_DUP_ENTRY:
        return HD_DB_DUPLICATE;
    case HD_ER_LOCK_DEADLOCK:
    case HD_ER_LOCK_WAIT_TIMEOUT:
        return HD_DB_CONFLICT;
    case HD_ER_STATEMENT_TIMEOUT:
        return HD_DB_TIMEOUT;
    case HD_ER_CONNECTION_KILLED:
    case HD_CR_SERVER_GONE:
    case HD_CR_SERVER_LOST:
        return HD_DB_UNAVAILABLE;
    default:
        return lost ? HD_DB_UNAVAILABLE : HD_DB_FAILED;
    }
}

const char *hd_db_outcome_name(hd_db_outcome o)
{
    switch (o) {
    case HD_DB_OK:
        return "ok";
    case HD_DB_DUPLICATE:
        return "duplicate";
    case HD_DB_CONFLICT:
        return "conflict";
    case HD_DB_TIMEOUT:
        return "timeout";
    case HD_DB_UNAVAILABLE:
        return "unavailable";
    default:
        return "failed";
    }
}

hd_db_outcome hd_db_retry(hd_db_outcome (*attempt)(void *baton), void *baton,
                          int retries, int *runs)
{
    hd_db_outcome o;
    int n = 0;

    do {
        o = attempt(baton);
        n++;
    } while (o == HD_DB_CONFLICT && n <= retries);
    if (runs) {
        *runs = n;
    }
    return o;
}
