/*
 * hd_ical.h -- the two rules of iCalendar's text format (RFC 5545) that
 * every content line needs: escaping a TEXT value and folding a line.
 * Pure code (APR only), unit-tested in t/unit/test_main.c.
 */
#ifndef HD_ICAL_H
#define HD_ICAL_H

#include "apr_pools.h"

/* Octets a content line may have before its CRLF (RFC 5545 3.1). */
#define HD_ICAL_LINE_OCTETS 75

/* s as a TEXT value (RFC 5545 3.3.11): backslash, semicolon and comma
 * each preceded by a backslash, every line break (CRLF, LF or a lone CR)
 * written as the two characters \n.  s itself when nothing needs it, else
 * a copy in p. */
const char *hd_ical_text(apr_pool_t *p, const char *s);

/* The content line name:value, ready to send (in p): ended by CRLF and
 * folded (RFC 5545 3.1) so that no line is longer than
 * HD_ICAL_LINE_OCTETS octets, each continuation starting with one space,
 * never inside a UTF-8 character.  value must already be escaped as its
 * type wants (hd_ical_text for TEXT) and hold no line break. */
const char *hd_ical_line(apr_pool_t *p, const char *name, const char *value);

#endif /* HD_ICAL_H */
