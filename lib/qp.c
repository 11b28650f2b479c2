/* qp: quoted-printable; see qp.h. */
#include <errno.h>
#include <stddef.h>
#include <string.h>

#include "qp.h"

#define QP_LINE 76	/* RFC 2045: at most 76 characters before the break */

/* token: writes the encoded form of u[i] of the input line u[0..len) to
 * tok and returns its length, 1 or 3; bol says it would start an output
 * line. */
static size_t
token(const unsigned char *u, size_t i, size_t len, int bol, char tok[3])
{
	static const char hex[] = "0123456789ABCDEF";
	int c = u[i];
	int enc;

	enc = c == '=' || c >= 0x7f || (c < 0x20 && c != '\t') ||
	    /* transports strip whitespace at a line end */
	    ((c == ' ' || c == '\t') && i + 1 == len) ||
	    /* a lone "." ends SMTP data; mbox quotes or splits at "From " */
	    (bol && c == '.') ||
	    (bol && c == 'F' && len - i >= 5 && memcmp(u + i, "From ", 5) == 0);
	if (!enc) {
		tok[0] = (char)c;
		return 1;
	}
	tok[0] = '=';
	tok[1] = hex[c >> 4];
	tok[2] = hex[c & 0xf];
	return 3;
}

/* plain_run: how many bytes from the start of u[0..n), the rest of an
 * input line, stand for themselves wherever they fall but at the start of
 * an output line: printable ASCII but '=', TAB, and a blank only with
 * more of the line after it. */
static size_t
plain_run(const unsigned char *u, size_t n)
{
	size_t i = 0;

	while (i < n && ((u[i] >= ' ' && u[i] < 0x7f && u[i] != '=') ||
	    u[i] == '\t'))
		i++;
	if (i == n && i > 0 && (u[i - 1] == ' ' || u[i - 1] == '\t'))
		i--;
	return i;
}

/* encode_line: appends the input line u[0..len) (no LF) as one or more
 * output lines joined by soft breaks, without a final line end. */
static void
encode_line(struct buf *out, const unsigned char *u, size_t len)
{
	char tok[3];
	size_t i = 0, col = 0, k, run;

	while (i < len) {
		/* most text is runs of plain bytes: each run goes in with one
		 * append, as far as the output line has room for it (its last
		 * byte may take the '=' column only if it ends the line). An
		 * output line's first byte takes the slow way, for '.' and
		 * "From ". col stays below QP_LINE while input is left. */
		if (col > 0 && (run = plain_run(u + i, len - i)) > 0) {
			if (i + run < len || col + run > QP_LINE)
				run = run < QP_LINE - 1 - col ? run :
				    QP_LINE - 1 - col;
			if (run > 0) {
				buf_add(out, u + i, run);
				col += run;
				i += run;
				continue;
			}
		}
		k = token(u, i, len, col == 0, tok);
		/* a byte with more after it must leave room for the '=' of
		 * a soft break; the last one may use the whole line */
		if (col + k > (i + 1 == len ? QP_LINE : QP_LINE - 1)) {
			buf_add(out, "=\n", 2);
			col = 0;
			k = token(u, i, len, 1, tok);
		}
		buf_add(out, tok, k);
		col += k;
		i++;
	}
}

int
qp_encode(struct buf *out, const char *p, size_t n)
{
	const unsigned char *u = (const unsigned char *)p;
	const unsigned char *nl;
	size_t start = out->len, i = 0, end;

	while (i < n) {
		nl = memchr(u + i, '\n', n - i);
		end = nl ? (size_t)(nl - u) : n;
		encode_line(out, u + i, end - i);
		if (nl == NULL)
			break;
		buf_addc(out, '\n');
		i = end + 1;
	}
	if (out->err)
		return buf_truncate(out, start);
	return 0;
}

int
qp_hexval(int c)
{
	if (c >= '0' && c <= '9')
		return c - '0';
	if (c >= 'A' && c <= 'F')
		return c - 'A' + 10;
	if (c >= 'a' && c <= 'f')
		return c - 'a' + 10;
	return -1;
}

/* bad: the failure for refused input, after undoing what was appended. */
static int
bad(struct buf *out, size_t start)
{
	buf_truncate(out, start);
	errno = EINVAL;
	return -1;
}

int
qp_decode(struct buf *out, const char *s, size_t n, int strict)
{
	const unsigned char *u = (const unsigned char *)s;
	const unsigned char *nl;
	size_t start = out->len, i = 0, end, next, e, j;
	int hard, hi, lo;

	while (i < n) {
		nl = memchr(u + i, '\n', n - i);
		if (nl) {
			end = (size_t)(nl - u);
			next = end + 1;
			hard = 1;
			if (end > i && u[end - 1] == '\r')
				end--;
		} else {
			end = next = n;
			hard = 0;
		}
		if (strict && end - i > QP_LINE)
			return bad(out, start);
		/* whitespace at a line end may have been added in transit;
		 * the encoder never leaves any there */
		e = end;
		while (e > i && (u[e - 1] == ' ' || u[e - 1] == '\t'))
			e--;
		for (j = i; j < e; j++) {
			if (u[j] != '=') {
				buf_addc(out, u[j]);
			} else if (j + 1 == e) {
				hard = 0;	/* soft break */
			} else if (e - j >= 3 && (hi = qp_hexval(u[j + 1])) >= 0 &&
			    (lo = qp_hexval(u[j + 2])) >= 0) {
				buf_addc(out, hi << 4 | lo);
				j += 2;
			} else if (strict) {
				return bad(out, start);
			} else {
				buf_addc(out, '=');
			}
		}
		if (hard)
			buf_addc(out, '\n');
		i = next;
	}
	if (out->err)
		return buf_truncate(out, start);
	return 0;
}
