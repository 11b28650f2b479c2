/* fuzz target: lib/mime.c, the streaming MIME reader, on whole mails.
 *
 * The mail is read twice: in one piece, and cut into chunks of 1 to 64
 * bytes (sizes drawn from the mail itself). Checks, aborting on a
 * violation: the two readings call back the same fields, parts, decoded
 * bodies (joined) and flags, and end the same way (the reader takes the
 * mail "in chunks of any size"); every part's type is a lower-case
 * "type/subtype" and its charset lower case; depths stay within
 * MIME_DEPTH_MAX and parts within MIME_PARTS_MAX; after an error every
 * call fails. ASan and UBSan catch the rest. */
#include <stdlib.h>
#include <string.h>

#include "../../lib/buf.h"
#include "../../lib/mime.h"
#include "fuzz.h"

int LLVMFuzzerTestOneInput(const unsigned char *, size_t);

struct log {
	struct buf b;
	long data_part;		/* the part whose body is being logged */
};

static void
num(struct buf *b, unsigned long v)
{
	char d[24];
	size_t i = sizeof(d);

	do
		d[--i] = (char)('0' + v % 10);
	while ((v /= 10) != 0);
	buf_add(b, d + i, sizeof(d) - i);
}

static void
part(struct log *l, char what, const struct mime_part *p)
{
	if (p->depth > MIME_DEPTH_MAX || p->index >= MIME_PARTS_MAX ||
	    strchr(p->type, '/') == NULL)
		abort();
	fuzz_names(p);
	l->data_part = -1;
	buf_addc(&l->b, what);
	num(&l->b, p->depth);
	buf_addc(&l->b, '.');
	num(&l->b, p->index);
	buf_addc(&l->b, ' ');
	buf_adds(&l->b, p->type);
	buf_addc(&l->b, ' ');
	buf_adds(&l->b, p->charset);
	buf_addc(&l->b, ' ');
	num(&l->b, (unsigned long)p->cte);
	buf_addc(&l->b, ' ');
	num(&l->b, p->flags);
	buf_addc(&l->b, '\n');
}

static int
on_field(void *arg, const struct mime_part *p, const char *name, size_t nn,
    const char *value, size_t vn)
{
	struct log *l = arg;

	if (nn == 0 || (vn > 0 && (value[0] == ' ' || value[0] == '\t' ||
	    value[vn - 1] == ' ' || value[vn - 1] == '\t')))
		abort();	/* a name, a value without its blanks */
	if (vn > MIME_FIELD_MAX)
		abort();
	part(l, 'F', p);
	buf_add(&l->b, name, nn);
	buf_addc(&l->b, ':');
	buf_add(&l->b, value, vn);
	buf_addc(&l->b, '\n');
	return 0;
}

static int
on_begin(void *arg, const struct mime_part *p)
{
	part(arg, 'B', p);
	return p->index % 4 != 3;	/* some parts skipped, not decoded */
}

static int
on_data(void *arg, const struct mime_part *p, const char *s, size_t n)
{
	struct log *l = arg;

	if (n == 0)
		abort();
	if (l->data_part != (long)p->index) {
		buf_adds(&l->b, "D\n");
		l->data_part = (long)p->index;
	}
	buf_add(&l->b, s, n);
	return 0;
}

static int
on_end(void *arg, const struct mime_part *p)
{
	part(arg, 'E', p);
	return 0;
}

/* reading: the log of reading s[0..n) in chunks (0: in one piece) */
static void
reading(struct log *l, const unsigned char *s, size_t n, int chunks)
{
	struct mime_handler h = { 0, on_field, on_begin, on_data, on_end };
	struct mime_reader *r;
	size_t i = 0, k;
	unsigned seed = 1;
	int rc = 0;

	buf_init(&l->b, 0);
	l->data_part = -1;
	h.arg = l;
	if ((r = mime_new(&h)) == NULL)
		abort();
	while (rc == 0 && i < n) {
		k = n - i;
		if (chunks) {
			seed = seed * 1103515245u + 12345u + s[i];
			if (k > 1 + (seed >> 16) % 64)
				k = 1 + (seed >> 16) % 64;
		}
		rc = mime_feed(r, (const char *)s + i, k);
		i += k;
	}
	if (rc == 0)
		rc = mime_end(r);
	if (rc < 0 && (mime_error(r) == NULL || mime_feed(r, "x", 1) != -1 ||
	    mime_end(r) != -1))
		abort();
	buf_adds(&l->b, rc < 0 ? mime_error(r) : "ok");
	if (l->b.err)
		abort();
	mime_free(r);
}

int
LLVMFuzzerTestOneInput(const unsigned char *data, size_t size)
{
	struct log whole, cut;

	reading(&whole, data, size, 0);
	reading(&cut, data, size, 1);
	if (whole.b.len != cut.b.len ||
	    memcmp(whole.b.data, cut.b.data, whole.b.len) != 0)
		abort();
	buf_free(&whole.b);
	buf_free(&cut.b);
	return 0;
}
