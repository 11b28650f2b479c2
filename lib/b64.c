/* b64: base64 and base64url; see b64.h. */
#include <errno.h>
#include <stddef.h>

#include "b64.h"

static const char stdset[] =
    "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
static const char urlset[] =
    "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";

/* put: appends the encoding of p[0..n); a failed append shows in out->err,
 * which the callers check once at the end. Output goes through a local
 * chunk so a long input costs few appends. */
static void
put(struct buf *out, const unsigned char *p, size_t n, int url)
{
	const char *set = url ? urlset : stdset;
	char chunk[256];
	size_t i, left, k = 0;
	unsigned long w;

	for (i = 0; i < n; i += 3) {
		left = n - i;
		w = (unsigned long)p[i] << 16;
		if (left > 1)
			w |= (unsigned long)p[i + 1] << 8;
		if (left > 2)
			w |= p[i + 2];
		chunk[k++] = set[w >> 18 & 63];
		chunk[k++] = set[w >> 12 & 63];
		if (left > 1)
			chunk[k++] = set[w >> 6 & 63];
		else if (!url)
			chunk[k++] = '=';
		if (left > 2)
			chunk[k++] = set[w & 63];
		else if (!url)
			chunk[k++] = '=';
		if (k > sizeof(chunk) - 4) {
			buf_add(out, chunk, k);
			k = 0;
		}
	}
	if (k)
		buf_add(out, chunk, k);
}

int
b64_encode(struct buf *out, const void *p, size_t n, int url)
{
	size_t start = out->len;

	put(out, p, n, url);
	if (out->err)
		return buf_truncate(out, start);
	return 0;
}

int
b64_encode_lines(struct buf *out, const void *p, size_t n, size_t linelen,
    const char *eol)
{
	const unsigned char *u = p;
	size_t start = out->len, per, i, k;

	/* a line shorter than a whole quantum would need padding inside
	 * the text, which no decoder accepts */
	if (linelen == 0 || linelen % 4 != 0) {
		errno = EINVAL;
		return -1;
	}
	per = linelen / 4 * 3;
	for (i = 0; i < n; i += k) {
		k = n - i < per ? n - i : per;
		put(out, u + i, k, 0);
		buf_adds(out, eol);
	}
	if (out->err)
		return buf_truncate(out, start);
	return 0;
}

/* sextet: the value of c in the alphabet, or -1. */
static int
sextet(unsigned char c, int url)
{
	if (c >= 'A' && c <= 'Z')
		return c - 'A';
	if (c >= 'a' && c <= 'z')
		return c - 'a' + 26;
	if (c >= '0' && c <= '9')
		return c - '0' + 52;
	if (c == (url ? '-' : '+'))
		return 62;
	if (c == (url ? '_' : '/'))
		return 63;
	return -1;
}

/* bad: the failure for malformed input, after undoing what was appended. */
static int
bad(struct buf *out, size_t start)
{
	buf_truncate(out, start);
	errno = EINVAL;
	return -1;
}

int
b64_decode(struct buf *out, const char *s, size_t n, int url)
{
	const unsigned char *u = (const unsigned char *)s;
	unsigned char chunk[192];
	size_t start = out->len, len = n, i, j, q, k = 0;
	unsigned long w;
	int v;

	if (!url) {
		if (n % 4 != 0)
			return bad(out, start);
		/* at most two '='; a third one is left in the data, where
		 * it is outside the alphabet */
		if (len > 0 && u[len - 1] == '=')
			len--;
		if (len < n && u[len - 1] == '=')
			len--;
	}
	/* one character carries 6 bits: not even one byte */
	if (len % 4 == 1)
		return bad(out, start);
	for (i = 0; i < len; i += q) {
		q = len - i < 4 ? len - i : 4;
		w = 0;
		for (j = 0; j < q; j++) {
			if ((v = sextet(u[i + j], url)) < 0)
				return bad(out, start);
			w = w << 6 | (unsigned long)v;
		}
		/* the bits past the last whole byte must be zero, or two
		 * texts would decode to the same bytes */
		if (q == 2) {
			if (w & 0xf)
				return bad(out, start);
			chunk[k++] = (unsigned char)(w >> 4);
		} else if (q == 3) {
			if (w & 0x3)
				return bad(out, start);
			chunk[k++] = (unsigned char)(w >> 10);
			chunk[k++] = (unsigned char)(w >> 2 & 0xff);
		} else {
			chunk[k++] = (unsigned char)(w >> 16);
			chunk[k++] = (unsigned char)(w >> 8 & 0xff);
			chunk[k++] = (unsigned char)(w & 0xff);
		}
		if (k > sizeof(chunk) - 3) {
			buf_add(out, chunk, k);
			k = 0;
		}
	}
	if (k)
		buf_add(out, chunk, k);
	if (out->err)
		return buf_truncate(out, start);
	return 0;
}

int
b64_is_url(const char *s, size_t n)
{
	size_t i;

	for (i = 0; i < n; i++)
		if (sextet((unsigned char)s[i], 1) < 0)
			return 0;
	return 1;
}
