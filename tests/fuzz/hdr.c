/* fuzz target: header values: RFC 2047 encoded words and mailboxes
 * (lib/hdr.c), RFC 2231 parameters (in lib/mime.c's Content-Type
 * reader), and their writers (lib/mimew.c).
 *
 * Checks, aborting on a violation: hdr_text and hdr_mailbox give UTF-8
 * without controls, or fail leaving the buffer as it was; a Content-Type
 * of the input gives a lower-case type and a printable lower-case
 * charset; mimew_text's field, folded within 78 columns, decodes back to
 * the text (RFC 2047 round trip); mimew_mailbox's field reads back as
 * the same display name and address. The input is the value; for the
 * mailbox writer, a display name, a newline and an address. */
#include <stdlib.h>
#include <string.h>

#include "../../lib/buf.h"
#include "../../lib/hdr.h"
#include "../../lib/mime.h"
#include "../../lib/mimew.h"
#include "../../lib/utf8.h"
#include "fuzz.h"

int LLVMFuzzerTestOneInput(const unsigned char *, size_t);

/* shown: UTF-8 with no control but TAB */
static int
shown(const char *s, size_t n)
{
	size_t i;

	if (!utf8_valid(s, n))
		return 0;
	for (i = 0; i < n; i++)
		if (((unsigned char)s[i] < 32 && s[i] != '\t') || s[i] == 127)
			return 0;
	return 1;
}

static void
readers(const char *s, size_t n)
{
	struct buf out, d, a;
	const char *why = NULL, *e;

	buf_init(&out, 0);
	buf_adds(&out, "pre");
	if (hdr_text(&out, s, n, &why) < 0) {
		if (why == NULL || out.len != 3)
			abort();
	} else if (!shown(out.data + 3, out.len - 3)) {
		abort();
	}
	buf_reset(&out);
	if ((e = hdr_cfws(s, s + n)) != NULL && (e < s || e > s + n))
		abort();
	if (n > 0 && s[0] == '"' && (e = hdr_quoted(s, s + n, &out)) != NULL &&
	    (e <= s || e > s + n || e[-1] != '"'))
		abort();
	buf_free(&out);
	buf_init(&d, 0);
	buf_init(&a, 0);
	if (hdr_mailbox(s, n, &d, &a, &why) < 0) {
		if (why == NULL || d.len != 0 || a.len != 0)
			abort();
	} else if (!shown(d.data ? d.data : "", d.len) || a.len == 0 ||
	    !shown(a.data, a.len) || memchr(a.data, '@', a.len) == NULL) {
		abort();
	}
	buf_free(&d);
	buf_free(&a);
}

static int
on_begin(void *arg, const struct mime_part *p)
{
	(void)arg;
	fuzz_names(p);
	return 0;
}

/* content_type: a mail whose Content-Type is the input (RFC 2231) */
static void
content_type(const char *s, size_t n)
{
	struct mime_handler h = { NULL, NULL, on_begin, NULL, NULL };
	struct mime_reader *r;
	static const char head[] = "Content-Type: ", tail[] = "\n\nbody\n";

	if ((r = mime_new(&h)) == NULL)
		abort();
	mime_feed(r, head, sizeof(head) - 1);
	mime_feed(r, s, n);
	mime_feed(r, tail, sizeof(tail) - 1);
	mime_end(r);
	mime_free(r);
}

/* text_round_trip: s (a string) through mimew_text and hdr_text */
static void
text_round_trip(const char *s)
{
	struct buf f, t;
	const char *why, *v, *p, *nl;
	size_t n = strlen(s);

	buf_init(&f, 0);
	buf_init(&t, 0);
	if (mimew_text(&f, "Subject", s) < 0) {
		if (n <= MIMEW_TEXT_MAX && utf8_printable(s, n))
			abort();
		goto out;
	}
	/* lines within 78 columns; the field ends in one newline */
	for (p = f.data; (nl = strchr(p, '\n')) != NULL; p = nl + 1)
		if (nl - p > 78 || (p != f.data && *p != ' '))
			abort();
	if (*p != '\0' || strncmp(f.data, "Subject: ", 9) != 0)
		abort();
	v = f.data + 9;		/* the value, the blank after ':' left out */
	if (hdr_text(&t, v, f.len - 10, &why) < 0 || t.len != n ||
	    (n > 0 && memcmp(t.data, s, n) != 0))
		abort();
out:
	buf_free(&f);
	buf_free(&t);
}

/* mailbox_round_trip: "display\naddr" through mimew_mailbox and
 * hdr_mailbox */
static void
mailbox_round_trip(char *s)
{
	struct buf f, d, a;
	const char *why;
	char *addr = strchr(s, '\n');

	if (addr == NULL)
		return;
	*addr++ = '\0';
	buf_init(&f, 0);
	buf_init(&d, 0);
	buf_init(&a, 0);
	if (mimew_mailbox(&f, "From", s, addr) == 0) {
		if (strncmp(f.data, "From:", 5) != 0 ||
		    f.data[f.len - 1] != '\n')
			abort();
		if (hdr_mailbox(f.data + 5, f.len - 6, &d, &a, &why) < 0 ||
		    strcmp(d.len ? d.data : "", s) != 0 ||
		    strcmp(a.len ? a.data : "", addr) != 0)
			abort();
	}
	buf_free(&f);
	buf_free(&d);
	buf_free(&a);
}

int
LLVMFuzzerTestOneInput(const unsigned char *data, size_t size)
{
	const char *s = (const char *)data;
	char *z;

	readers(s, size);
	content_type(s, size);
	if ((z = fuzz_string(data, size)) == NULL)
		return 0;
	text_round_trip(z);
	mailbox_round_trip(z);
	free(z);
	return 0;
}
