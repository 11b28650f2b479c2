/* num: checked decimal numbers from strings. */
#ifndef HAIL_NUM_H
#define HAIL_NUM_H

/* num_parse: the whole of s as a decimal integer in [min, max], without
 * sign tricks or white space (a leading '-' only when min < 0). Returns
 * NULL and stores it in *out, or a static reason ("invalid", "too small",
 * "too large"), as OpenBSD's strtonum does. */
const char *num_parse(const char *s, long long min, long long max,
    long long *out);

#endif
