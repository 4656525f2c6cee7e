/*
 * hd_request.h -- reading what the browser sent: Accept, query strings, text
 * validation, return addresses.  Pure code (APR only).
 */
#ifndef HD_REQUEST_H
#define HD_REQUEST_H

#include "mod_helpdesk.h"

/* ------------------------------------------------------------------ */
/* Request helpers (hd_request.c)                                      */
/* ------------------------------------------------------------------ */

/* Pick HTML, XML or JSON from an Accept header (NULL = HTML). */
hd_format_e hd_request_negotiate(const char *accept);
/* Decode a query string or urlencoded form into a table; repeated
 * names keep every value (apr_table_get gives the first). */
apr_table_t *hd_request_query(apr_pool_t *p, const char *args);
/* Every value of key, in the order sent. */
apr_array_header_t *hd_request_values(apr_pool_t *p, apr_table_t *t,
                                      const char *key);
/* The last value of key (a hidden "0" before a checkbox "1"), or NULL. */
const char *hd_request_last(apr_pool_t *p, apr_table_t *t, const char *key);
/* Nothing but white space (or nothing at all)? */
int hd_request_is_blank(const char *s);
/* Characters in s, or -1 when it is not well-formed UTF-8 or holds
 * control characters (line breaks allowed when multiline) or Unicode
 * non-characters (U+FFFE, U+FFFF, U+FDD0...). */
long hd_request_text_chars(const char *s, int multiline);
/* s itself when every character can be shown in XML, else a copy in p
 * with each bad byte or character replaced by U+FFFD: for echoing what
 * failed validation, or anything else of unknown origin. */
const char *hd_request_showable(apr_pool_t *p, const char *s);
/* A safe local return path under base, or base + "/" when not. */
const char *hd_request_safe_return(apr_pool_t *p, const char *base,
                                   const char *wanted);
/* Strip base from uri: "/helpdesk/x" -> "/x"; NULL if outside. */
const char *hd_request_relative_path(const char *base, const char *uri);

#endif /* HD_REQUEST_H */
