/*
 * check.h -- the unit tests' one way to check and count: each test file
 * includes it once, and main prints "N passed, M failed" from these.
 */
#ifndef HD_UNIT_CHECK_H
#define HD_UNIT_CHECK_H

#include <stdio.h>
#include <string.h>

static int passed, failed;

#define CHECK(cond)                                                \
    do {                                                           \
        if (cond)                                                  \
            passed++;                                              \
        else {                                                     \
            failed++;                                              \
            printf("FAIL %s:%d: %s\n", __FILE__, __LINE__, #cond); \
        }                                                          \
    } while (0)

#define CHECK_INT(got, want)                                          \
    do {                                                              \
        long long g_ = (got), w_ = (want);                            \
        if (g_ == w_)                                                 \
            passed++;                                                 \
        else {                                                        \
            failed++;                                                 \
            printf("FAIL %s:%d: %s: got %lld, want %lld\n", __FILE__, \
                   __LINE__, #got, g_, w_);                           \
        }                                                             \
    } while (0)

#define CHECK_STR(got, want)                                                \
    do {                                                                    \
        const char *g_ = (got), *w_ = (want);                               \
        if (g_ && w_ && !strcmp(g_, w_))                                    \
            passed++;                                                       \
        else {                                                              \
            failed++;                                                       \
            printf("FAIL %s:%d: %s: got \"%s\", want \"%s\"\n", __FILE__,   \
                   __LINE__, #got, g_ ? g_ : "(null)", w_ ? w_ : "(null)"); \
        }                                                                   \
    } while (0)

#endif /* HD_UNIT_CHECK_H */
