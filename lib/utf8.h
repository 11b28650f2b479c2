/* utf8: strict UTF-8 validation (RFC 3629). */
#ifndef HAIL_UTF8_H
#define HAIL_UTF8_H

#include <stddef.h>

/* utf8_decode: decodes one scalar value from s[0..n); returns its length
 * (1-4) and stores it in *cp, or 0 for an invalid, overlong, surrogate,
 * out-of-range or truncated sequence. n must be > 0. */
size_t utf8_decode(const unsigned char *s, size_t n, unsigned long *cp);
/* utf8_valid: 1 if s[0..n) is well-formed UTF-8, else 0. */
int utf8_valid(const char *s, size_t n);
/* utf8_encode: writes cp (a scalar value) into out (4 bytes); returns the
 * length, or 0 for a surrogate or a value past U+10FFFF. */
size_t utf8_encode(unsigned long cp, char *out);
/* utf8_printable: 1 if s[0..n) is valid UTF-8 with no C0, DEL or C1
 * control characters, no line or paragraph separator (U+2028, U+2029)
 * and no bidirectional embedding, override or isolate (U+202A to U+202E,
 * U+2066 to U+2069), which would make a name or a note show as something
 * it is not: the rule for one line of text shown to people. */
int utf8_printable(const char *s, size_t n);

#endif
