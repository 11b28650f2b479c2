/* b64: base64 and base64url (RFC 4648) with a strict decoder.
 *
 * The decoder is for tokens and machine data, where a lenient reader would
 * let two spellings of one value through: it refuses whitespace, bytes
 * outside the alphabet, missing or extra padding and non-zero leftover
 * bits, so each byte string has exactly one accepted encoding.
 *
 * Every function leaves out as it was on failure (out->len rolled back) and
 * also fails, appending nothing, when out->err was already set. */
#ifndef HAIL_B64_H
#define HAIL_B64_H

#include <stddef.h>

#include "buf.h"

/* b64_encode: appends p[0..n) as base64 with '=' padding (RFC 4648
 * section 4) or, when url is non-zero, as base64url without padding
 * (section 5). Returns 0, or -1 if an append failed. */
int b64_encode(struct buf *out, const void *p, size_t n, int url);
/* b64_encode_lines: appends p[0..n) as padded base64 in lines of at most
 * linelen characters, each (the last too) ended by the string eol; nothing
 * for n == 0. Returns 0, or -1 if an append failed or linelen is not a
 * positive multiple of 4 (errno EINVAL). */
int b64_encode_lines(struct buf *out, const void *p, size_t n,
    size_t linelen, const char *eol);
/* b64_decode: appends the bytes that s[0..n) encodes: base64 with canonical
 * padding (length a multiple of 4, at most two '=' and only at the end),
 * or, when url is non-zero, unpadded base64url (no '=', length not 1 mod
 * 4). Returns 0, or -1 (errno EINVAL for bad input) if a byte is outside
 * the alphabet, the length or padding is wrong, the last character has
 * non-zero leftover bits, or an append failed. */
int b64_decode(struct buf *out, const char *s, size_t n, int url);
/* b64_is_url: 1 if each of the n characters of s is one of base64url's
 * alphabet (no padding), else 0; the length and the leftover bits are
 * the caller's to check. */
int b64_is_url(const char *s, size_t n);

#endif
