/* qp: quoted-printable (RFC 2045 section 6.7) for mail bodies written with
 * LF line ends.
 *
 * The encoder also keeps a body safe for mbox and SMTP: no output line
 * starts with '.' or "From ". Where the contract could be read two ways
 * it takes the stricter one: those two rules hold at the start of every
 * output line, after a soft break too, and the strict decoder counts a
 * line's length with its trailing spaces and tabs, without its LF or CRLF.
 *
 * Both functions leave out as it was on failure (out->len rolled back) and
 * also fail, appending nothing, when out->err was already set. */
#ifndef HAIL_QP_H
#define HAIL_QP_H

#include <stddef.h>

#include "buf.h"

/* qp_encode: appends p[0..n), text whose line breaks are LF, as
 * quoted-printable with LF line breaks and lines of at most 76 characters
 * counting a soft break's '='. Written as =XX (uppercase hex): '=', bytes
 * >= 0x7f, controls but TAB (so CR too), a space or TAB ending a line or
 * the input, a '.' or the 'F' of "From " starting an output line. An =XX
 * is never split by a soft break. Returns 0, or -1 if an append failed. */
int qp_encode(struct buf *out, const char *p, size_t n);
/* qp_decode: appends the bytes that s[0..n) encodes; its line ends may be
 * LF or CRLF and hard breaks come out as LF. Trailing spaces and tabs of a
 * line are dropped, and a final '=' on a line is a soft break (removed with
 * the line end; at the end of s it ends the text). With strict non-zero, an
 * '=' without two hex digits (either case) after it or a line longer than
 * 76 characters is an error; with strict zero, such an '=' is kept as it
 * is and lines may be any length. Other bytes are kept as they are.
 * Returns 0, or -1 (errno EINVAL for bad input) if the input is refused or
 * an append failed. */
int qp_decode(struct buf *out, const char *s, size_t n, int strict);

/* qp_hexval: the value of the hex digit c (either case), or -1: for the
 * "=XX" of quoted-printable and its kin (RFC 2047 "Q", RFC 2231 "%XX"). */
int qp_hexval(int c);

#endif
