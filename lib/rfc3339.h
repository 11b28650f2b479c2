/* rfc3339: RFC 3339 timestamps in UTC, without the C library's time zone. */
#ifndef HAIL_RFC3339_H
#define HAIL_RFC3339_H

#include <stddef.h>
#include <time.h>

#define RFC3339_LEN 20	/* "2026-11-25T09:00:00Z" */

/* rfc3339_fmt: writes t as "YYYY-MM-DDTHH:MM:SSZ" and a NUL into out
 * (RFC3339_LEN + 1 bytes); returns 0, or -1 if t is before year 0000 or
 * after 9999. */
int rfc3339_fmt(time_t t, char out[RFC3339_LEN + 1]);
/* rfc3339_parse: parses the whole of s[0..n) as an RFC 3339 date-time
 * (fraction ignored, "Z" or a numeric offset, 'T'/'t' and 'Z'/'z'); a leap
 * second :60 counts as :59. Returns 0 and the time in *t, or -1. */
int rfc3339_parse(const char *s, size_t n, time_t *t);
/* rfc3339_days: days since 1970-01-01 of a proleptic Gregorian date. */
long long rfc3339_days(long long y, unsigned m, unsigned d);

#endif
