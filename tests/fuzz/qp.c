/* fuzz target: lib/qp.c, quoted-printable.
 *
 * Checks, aborting on a violation: both decoders take any input without
 * a fault; what the strict decoder accepts the lenient one decodes the
 * same; the encoder's lines keep within 76 characters, none starts with
 * '.' or "From ", only printable ASCII, TAB and LF come out; and
 * decode(encode(x)) == x with the strict decoder. */
#include <stdlib.h>
#include <string.h>

#include "../../lib/buf.h"
#include "../../lib/qp.h"

int LLVMFuzzerTestOneInput(const unsigned char *, size_t);

static void
decoders(const char *s, size_t n)
{
	struct buf strict, lenient;
	int rs, rl;

	buf_init(&strict, 0);
	buf_init(&lenient, 0);
	rs = qp_decode(&strict, s, n, 1);
	rl = qp_decode(&lenient, s, n, 0);
	if (rl < 0)
		abort();	/* only memory can fail it */
	if (rs == 0 && (strict.len != lenient.len || (strict.len > 0 &&
	    memcmp(strict.data, lenient.data, strict.len) != 0)))
		abort();
	if (rs < 0 && strict.len != 0)
		abort();	/* not rolled back */
	buf_free(&strict);
	buf_free(&lenient);
}

static void
encoded_form(const char *e, size_t n)
{
	size_t i, start = 0;

	for (i = 0; i <= n; i++) {
		if (i < n && e[i] != '\n') {
			unsigned char c = (unsigned char)e[i];

			if ((c < 32 && c != '\t') || c > 126)
				abort();
			continue;
		}
		if (i - start > 76)
			abort();
		if (i > start && (e[start] == '.' ||
		    (i - start >= 5 && memcmp(e + start, "From ", 5) == 0)))
			abort();
		if (i > start && (e[i - 1] == ' ' || e[i - 1] == '\t'))
			abort();	/* a blank ending a line */
		start = i + 1;
	}
}

static void
round_trip(const char *s, size_t n)
{
	struct buf e, d;

	buf_init(&e, 0);
	buf_init(&d, 0);
	if (qp_encode(&e, s, n) < 0)
		abort();
	encoded_form(e.data ? e.data : "", e.len);
	if (qp_decode(&d, e.data ? e.data : "", e.len, 1) < 0 ||
	    d.len != n || (n > 0 && memcmp(d.data, s, n) != 0))
		abort();
	buf_free(&e);
	buf_free(&d);
}

int
LLVMFuzzerTestOneInput(const unsigned char *data, size_t size)
{
	const char *s = (const char *)data;

	decoders(s, size);
	round_trip(s, size);
	return 0;
}
