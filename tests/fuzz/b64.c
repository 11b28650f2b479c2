/* fuzz target: lib/b64.c, base64 and base64url.
 *
 * Checks, aborting on a violation: whatever the strict decoder accepts
 * encodes back to the same text (one accepted spelling per byte string);
 * decode(encode(x)) == x for base64 and base64url, and for base64 in
 * lines once the line ends are taken out; the lines keep to their
 * length; a failed call leaves the buffer as it was. */
#include <stdlib.h>
#include <string.h>

#include "../../lib/b64.h"
#include "../../lib/buf.h"

int LLVMFuzzerTestOneInput(const unsigned char *, size_t);

static void
decode_canonical(const char *s, size_t n, int url)
{
	struct buf d, e;

	buf_init(&d, 0);
	buf_init(&e, 0);
	buf_adds(&d, "pre");
	if (b64_decode(&d, s, n, url) < 0) {
		if (d.len != 3 || memcmp(d.data, "pre", 3) != 0)
			abort();	/* not rolled back */
	} else if (b64_encode(&e, d.data + 3, d.len - 3, url) < 0 ||
	    e.len != n || (n > 0 && memcmp(e.data, s, n) != 0)) {
		abort();		/* two spellings of one value */
	}
	buf_free(&d);
	buf_free(&e);
}

static void
round_trip(const char *s, size_t n, int url)
{
	struct buf e, d;

	buf_init(&e, 0);
	buf_init(&d, 0);
	if (b64_encode(&e, s, n, url) < 0 ||
	    b64_decode(&d, e.data ? e.data : "", e.len, url) < 0 ||
	    d.len != n || (n > 0 && memcmp(d.data, s, n) != 0))
		abort();
	buf_free(&e);
	buf_free(&d);
}

static void
lines(const char *s, size_t n, size_t linelen)
{
	struct buf e, flat, d;
	size_t i, col = 0;

	buf_init(&e, 0);
	buf_init(&flat, 0);
	buf_init(&d, 0);
	if (b64_encode_lines(&e, s, n, linelen, "\r\n") < 0)
		abort();
	for (i = 0; i < e.len; i++) {
		if (e.data[i] == '\r') {
			if (i + 1 == e.len || e.data[i + 1] != '\n' ||
			    col == 0)
				abort();
			i++;
			col = 0;
			continue;
		}
		if (++col > linelen)
			abort();
		buf_addc(&flat, e.data[i]);
	}
	if (col != 0 || (n == 0) != (e.len == 0))
		abort();	/* the last line ends too; nothing for "" */
	if (b64_decode(&d, flat.data ? flat.data : "", flat.len, 0) < 0 ||
	    d.len != n || (n > 0 && memcmp(d.data, s, n) != 0))
		abort();
	buf_free(&e);
	buf_free(&flat);
	buf_free(&d);
}

/* bounded: an encode into a buffer too small fails whole */
static void
bounded(const char *s, size_t n, size_t max)
{
	struct buf b;

	buf_init(&b, max);
	buf_adds(&b, "x");
	if (b64_encode(&b, s, n, 0) < 0 && (b.len != 1 || b.data[0] != 'x'))
		abort();
	buf_free(&b);
}

int
LLVMFuzzerTestOneInput(const unsigned char *data, size_t size)
{
	const char *s = (const char *)data;

	decode_canonical(s, size, 0);
	decode_canonical(s, size, 1);
	round_trip(s, size, 0);
	round_trip(s, size, 1);
	lines(s, size, 4 * (1 + (size ? data[0] % 20 : 0)));
	bounded(s, size, 1 + (size ? data[size - 1] : 0));
	return 0;
}
