/*
 * hd_account_check.h -- what a person may type into their own account's
 * forms (contact details, a new e-mail address), and the directory's
 * password-policy refusals in plain words.  Pure code (APR only), so
 * t/unit tests it directly; the pages are page_account.c and
 * page_account_password.c.
 */
#ifndef HD_ACCOUNT_CHECK_H
#define HD_ACCOUNT_CHECK_H

#include "apr_pools.h"

/* Longest values the account page takes. */
#define HD_ACCOUNT_PHONE_CHARS 32
#define HD_ACCOUNT_ROOM_CHARS  64
#define HD_ACCOUNT_MAIL_CHARS  254

/* What is wrong with a telephone or mobile number ("" is fine: it
 * removes the number), as a sentence for the form; NULL when nothing.
 * what names the field in the sentence ("telephone number"); the
 * sentence is made in p. */
const char *hd_account_bad_phone(apr_pool_t *p, const char *phone,
                                 const char *what);
/* The same for an office or room ("" removes it). */
const char *hd_account_bad_room(const char *room);
/* The same for a new e-mail address (never ""). */
const char *hd_account_bad_mail(const char *mail);

/* A refusal of the directory's password policy (draft-behera ppolicy's
 * texts, as slapd sends them with result 19) in words a person
 * understands; any other text as it came, and a general sentence for
 * NULL or "". */
const char *hd_account_policy_words(apr_pool_t *p, const char *why);

#endif /* HD_ACCOUNT_CHECK_H */
