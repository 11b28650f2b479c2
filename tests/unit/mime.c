/* unit tests of lib/mime.c: events and decoded bodies for well-formed and
 * broken mails, the same whatever the chunks the mail comes in. */
#include <stdlib.h>
#include <string.h>

#include "../../lib/buf.h"
#include "../../lib/mime.h"
#include "unit.h"

/* trace: what the reader reports, one event a line:
 * "F depth name: value", "B depth type charset cte", "D depth body",
 * "E depth flags" */
struct trace {
	struct buf t, body;
	int want;		/* -1: every leaf; else the one of that index */
};

static void
esc(struct buf *b, const char *s, size_t n)
{
	size_t i;

	for (i = 0; i < n; i++) {
		if (s[i] == '\n')
			buf_adds(b, "\\n");
		else if (s[i] == '\r')
			buf_adds(b, "\\r");
		else
			buf_addc(b, s[i]);
	}
}

static void
num(struct buf *b, unsigned long v)
{
	char d[24];
	int i = 0;

	do
		d[i++] = (char)('0' + v % 10);
	while ((v /= 10) > 0);
	while (i > 0)
		buf_addc(b, d[--i]);
}

static int
on_field(void *arg, const struct mime_part *p, const char *name, size_t nn,
    const char *v, size_t vn)
{
	struct trace *t = arg;

	buf_adds(&t->t, "F ");
	num(&t->t, p->depth);
	buf_addc(&t->t, ' ');
	buf_add(&t->t, name, nn);
	buf_adds(&t->t, ": ");
	esc(&t->t, v, vn);
	buf_addc(&t->t, '\n');
	return 0;
}

static int
on_begin(void *arg, const struct mime_part *p)
{
	static const char *ctes[] = { "7bit", "8bit", "binary", "qp", "base64",
	    "other" };
	struct trace *t = arg;

	buf_adds(&t->t, "B ");
	num(&t->t, p->depth);
	buf_addc(&t->t, ' ');
	buf_adds(&t->t, p->type);
	buf_addc(&t->t, ' ');
	buf_adds(&t->t, p->charset[0] ? p->charset : "-");
	buf_addc(&t->t, ' ');
	buf_adds(&t->t, ctes[p->cte]);
	buf_addc(&t->t, '\n');
	buf_reset(&t->body);
	return t->want < 0 || (unsigned long)t->want == p->index;
}

static int
on_data(void *arg, const struct mime_part *p, const char *s, size_t n)
{
	struct trace *t = arg;

	(void)p;
	buf_add(&t->body, s, n);
	return 0;
}

static int
on_end(void *arg, const struct mime_part *p)
{
	struct trace *t = arg;
	static const char hex[] = "0123456789abcdef";

	if (t->body.len > 0) {
		buf_adds(&t->t, "D ");
		num(&t->t, p->depth);
		buf_addc(&t->t, ' ');
		esc(&t->t, t->body.data, t->body.len);
		buf_addc(&t->t, '\n');
		buf_reset(&t->body);
	}
	buf_adds(&t->t, "E ");
	num(&t->t, p->depth);
	buf_addc(&t->t, ' ');
	buf_addc(&t->t, hex[(p->flags >> 8) & 0xf]);
	buf_addc(&t->t, hex[(p->flags >> 4) & 0xf]);
	buf_addc(&t->t, hex[p->flags & 0xf]);
	buf_addc(&t->t, '\n');
	return 0;
}

/* run: the trace of mail m[0..n) fed in chunks of size chunk (0: whole) */
static char *
run(const char *m, size_t n, size_t chunk, int want)
{
	struct trace t;
	struct mime_handler h = { &t, on_field, on_begin, on_data, on_end };
	struct mime_reader *r;
	size_t i, k;
	char *out;
	int rc = 0;

	buf_init(&t.t, 0);
	buf_init(&t.body, 0);
	t.want = want;
	r = mime_new(&h);
	for (i = 0; i < n && rc == 0; i += k) {
		k = chunk == 0 || n - i < chunk ? n - i : chunk;
		rc = mime_feed(r, m + i, k);
	}
	if (rc == 0)
		rc = mime_end(r);
	if (rc < 0) {
		buf_adds(&t.t, "error: ");
		buf_adds(&t.t, mime_error(r));
		buf_addc(&t.t, '\n');
	}
	mime_free(r);
	buf_free(&t.body);
	out = strdup(t.t.len ? t.t.data : "");
	buf_free(&t.t);
	return out;
}

/* same: the trace equals want, whole and in every chunk size up to 70 */
static void
same(const char *what, const char *mail, int wanted, const char *want)
{
	size_t n = strlen(mail), c;
	char *got = run(mail, n, 0, wanted);
	int ok = strcmp(got, want) == 0, chunks_ok = 1;

	CHECK(what, ok);
	if (!ok)
		printf("# want:\n%s# got:\n%s", want, got);
	for (c = 1; c <= 70 && chunks_ok; c++) {
		char *g = run(mail, n, c, wanted);

		if (strcmp(g, got) != 0) {
			chunks_ok = 0;
			printf("# chunk %zu:\n%s", c, g);
		}
		free(g);
	}
	CHECK("  ... the same in chunks of 1 to 70 bytes", chunks_ok);
	free(got);
}

static const char alt[] =
    "From: Alice <alice@example.org>\n"
    "Subject: =?UTF-8?B?w6k=?=\n"
    " folded\n"
    "MIME-Version: 1.0\n"
    "Content-Type: multipart/alternative;\n"
    " boundary=\"=_b\"\n"
    "\n"
    "preamble\n"
    "--=_b\n"
    "Content-Type: text/plain; charset=UTF-8\n"
    "Content-Transfer-Encoding: quoted-printable\n"
    "\n"
    "caf=C3=A9 soft=\n"
    "break=20\n"
    "trailing   \n"
    "\n"
    "--=_b\n"
    "Content-Type: application/json\n"
    "Content-Transfer-Encoding: base64\n"
    "\n"
    "eyJ2Ijox\n"
    "fQ==\n"
    "--=_b--\n"
    "epilogue\n";

static const char alt_trace[] =
    "F 0 From: Alice <alice@example.org>\n"
    "F 0 Subject: =?UTF-8?B?w6k=?= folded\n"
    "F 0 MIME-Version: 1.0\n"
    "F 0 Content-Type: multipart/alternative; boundary=\"=_b\"\n"
    "B 0 multipart/alternative - 7bit\n"
    "F 1 Content-Type: text/plain; charset=UTF-8\n"
    "F 1 Content-Transfer-Encoding: quoted-printable\n"
    "B 1 text/plain utf-8 qp\n"
    "D 1 caf\xc3\xa9 softbreak \\ntrailing\\n\n"
    "E 1 000\n"
    "F 1 Content-Type: application/json\n"
    "F 1 Content-Transfer-Encoding: base64\n"
    "B 1 application/json - base64\n"
    "D 1 {\"v\":1}\n"
    "E 1 000\n"
    "E 0 000\n";

/* limits: long lines in pieces, big headers, deep and many parts */
static void
limits(void)
{
	struct buf m, want;
	size_t i;
	char *got;

	/* a 5,000-character QP line with =XX everywhere, and a base64 line
	 * of 4,000: pieces of the line meet in the middle of an =XX */
	buf_init(&m, 0);
	buf_init(&want, 0);
	buf_adds(&m, "Content-Type: multipart/mixed; boundary=b\n\n--b\n"
	    "Content-Transfer-Encoding: quoted-printable\n\n");
	for (i = 0; i < 1250; i++) {
		buf_adds(&m, i % 3 ? "a=41" : "=3D");
		buf_adds(&want, i % 3 ? "aA" : "=");
	}
	buf_adds(&m, "\n--b\nContent-Transfer-Encoding: base64\n\n");
	for (i = 0; i < 1000; i++)
		buf_adds(&m, "YWJj");
	buf_adds(&m, "\n--b--\n");
	got = run(m.data, m.len, 0, -1);
	CHECK("a 5,000-character QP line decodes (noted as too long)",
	    strstr(got, want.data) != NULL && strstr(got, "E 1 040\n"));
	for (i = 1; i < 70; i += 7) {
		char *g = run(m.data, m.len, i, -1);

		CHECK("  ... the same in pieces", strcmp(g, got) == 0);
		free(g);
	}
	buf_reset(&want);
	for (i = 0; i < 1000; i++)
		buf_adds(&want, "abc");
	CHECK("a 4,000-character base64 line decodes",
	    strstr(got, want.data) != NULL);
	free(got);

	/* lines of 1024 bytes or more read the same whole or cut into
	 * chunks: a delimiter padded past that is no delimiter, a field
	 * name that long is no field */
	buf_reset(&m);
	buf_adds(&m, "Content-Type: multipart/mixed; boundary=b\n\n--b\n\nx\n--b");
	for (i = 0; i < 1100; i++)
		buf_addc(&m, ' ');
	buf_adds(&m, "\n\ny\n--b\n");
	for (i = 0; i < 1100; i++)
		buf_addc(&m, 'X');
	buf_adds(&m, ": v\n\nz\n--b--\n");
	got = run(m.data, m.len, 0, -1);
	for (i = 1; i < 1200; i += 37) {
		char *g = run(m.data, m.len, i, -1);

		CHECK("a 1,100-byte delimiter and field name: the same in "
		    "chunks", strcmp(g, got) == 0);
		free(g);
	}
	CHECK("  ... the padded delimiter is text of the part before",
	    strstr(got, "B 1 text/plain - 7bit\nD 1 x\\n--b ") != NULL);
	free(got);

	/* a field over MIME_FIELD_MAX and more than MIME_FIELDS_MAX fields:
	 * dropped and noted; the body still found */
	buf_reset(&m);
	buf_adds(&m, "Subject: ");
	for (i = 0; i < MIME_FIELD_MAX / 10; i++)
		buf_adds(&m, "0123456789\n ");
	buf_adds(&m, "\nX-Ok: 1\n\nbody\n");
	got = run(m.data, m.len, 0, -1);
	CHECK("a 64 KiB field is dropped, the next one kept",
	    strcmp(got, "F 0 X-Ok: 1\nB 0 text/plain - 7bit\n"
	    "D 0 body\\n\nE 0 002\n") == 0);
	free(got);
	buf_reset(&m);
	for (i = 0; i < MIME_FIELDS_MAX + 5; i++)
		buf_adds(&m, "X: 1\n");
	buf_adds(&m, "\nbody\n");
	got = run(m.data, m.len, 0, -1);
	CHECK("fields past MIME_FIELDS_MAX are dropped",
	    strstr(got, "B 0 text/plain") && strstr(got, "E 0 002\n"));
	free(got);

	/* 40 nested multiparts: from depth MIME_DEPTH_MAX a leaf */
	buf_reset(&m);
	for (i = 0; i < 40; i++) {
		buf_adds(&m, "Content-Type: multipart/mixed; boundary=b");
		num(&m, i);
		buf_adds(&m, "\n\n--b");
		num(&m, i);
		buf_adds(&m, "\n");
	}
	buf_adds(&m, "\ndeep\n");
	got = run(m.data, m.len, 0, -1);
	CHECK("nesting stops at MIME_DEPTH_MAX",
	    strstr(got, "B 32 multipart/mixed") && !strstr(got, "B 33 ") &&
	    strstr(got, "E 32 020\n"));
	free(got);

	/* more than MIME_PARTS_MAX parts: the reader stops */
	buf_reset(&m);
	buf_adds(&m, "Content-Type: multipart/mixed; boundary=b\n\n");
	for (i = 0; i < MIME_PARTS_MAX + 1; i++)
		buf_adds(&m, "--b\n\nx\n");
	got = run(m.data, m.len, 0, -1);
	CHECK("past MIME_PARTS_MAX parts: an error",
	    strstr(got, "error: too many parts\n") != NULL);
	free(got);
	buf_free(&m);
	buf_free(&want);
}

int
main(void)
{
	struct buf crlf;
	size_t i;
	char *got;

	same("a three-level mail: fields, types, QP and base64", alt, -1,
	    alt_trace);

	/* the same with CRLF line ends: text keeps them */
	buf_init(&crlf, 0);
	for (i = 0; alt[i]; i++) {
		if (alt[i] == '\n')
			buf_addc(&crlf, '\r');
		buf_addc(&crlf, alt[i]);
	}
	got = run(crlf.data, crlf.len, 0, -1);
	CHECK("CRLF: the same events, text with CRLF",
	    strstr(got, "D 1 caf\xc3\xa9 softbreak \\r\\ntrailing\\r\\n\n") &&
	    strstr(got, "D 1 {\"v\":1}\nE 1 000\nE 0 000\n"));
	free(got);
	buf_free(&crlf);

	same("an mbox From line is skipped; no blank line before the body",
	    "From alice@example.org Wed Nov 25 09:00:00 2026\n"
	    "Subject: x\n"
	    "this is body\n"
	    "more\n", -1,
	    "F 0 Subject: x\n"
	    "B 0 text/plain - 7bit\n"
	    "D 0 this is body\\nmore\\n\n"
	    "E 0 001\n");

	same("parts not asked for are not decoded", alt, 2,
	    "F 0 From: Alice <alice@example.org>\n"
	    "F 0 Subject: =?UTF-8?B?w6k=?= folded\n"
	    "F 0 MIME-Version: 1.0\n"
	    "F 0 Content-Type: multipart/alternative; boundary=\"=_b\"\n"
	    "B 0 multipart/alternative - 7bit\n"
	    "F 1 Content-Type: text/plain; charset=UTF-8\n"
	    "F 1 Content-Transfer-Encoding: quoted-printable\n"
	    "B 1 text/plain utf-8 qp\n"
	    "E 1 000\n"
	    "F 1 Content-Type: application/json\n"
	    "F 1 Content-Transfer-Encoding: base64\n"
	    "B 1 application/json - base64\n"
	    "D 1 {\"v\":1}\n"
	    "E 1 000\n"
	    "E 0 000\n");

	same("nested boundaries sharing a prefix; a missing close delimiter",
	    "Content-Type: multipart/mixed; boundary=ab\n\n"
	    "--ab\n"
	    "Content-Type: multipart/alternative; boundary=abc\n\n"
	    "--abc\n\ninner\n"
	    "--abcd\n"
	    "--ab\n\nsecond\n"
	    "--ab--\n", -1,
	    "F 0 Content-Type: multipart/mixed; boundary=ab\n"
	    "B 0 multipart/mixed - 7bit\n"
	    "F 1 Content-Type: multipart/alternative; boundary=abc\n"
	    "B 1 multipart/alternative - 7bit\n"
	    "B 2 text/plain - 7bit\n"
	    "D 2 inner\\n--abcd\n"
	    "E 2 000\n"
	    "E 1 010\n"
	    "B 1 text/plain - 7bit\n"
	    "D 1 second\n"
	    "E 1 000\n"
	    "E 0 000\n");

	same("a mail that ends early: every open part unclosed",
	    "Content-Type: multipart/mixed; boundary=\"x y\"\n\n"
	    "--x y  \n"
	    "Content-Transfer-Encoding: base64\n\n"
	    "aGk", -1,
	    "F 0 Content-Type: multipart/mixed; boundary=\"x y\"\n"
	    "B 0 multipart/mixed - 7bit\n"
	    "F 1 Content-Transfer-Encoding: base64\n"
	    "B 1 text/plain - base64\n"
	    "D 1 hi\n"
	    "E 1 040\n"
	    "E 0 010\n");

	same("message/rfc822 inside a multipart; digest defaults",
	    "Content-Type: multipart/digest; boundary=d\n\n"
	    "--d\n\n"
	    "Subject: inner\n"
	    "Content-Type: text/plain; charset=\"ISO-8859-1\"\n\n"
	    "body\n"
	    "--d--\n", -1,
	    "F 0 Content-Type: multipart/digest; boundary=d\n"
	    "B 0 multipart/digest - 7bit\n"
	    "B 1 message/rfc822 - 7bit\n"
	    "F 2 Subject: inner\n"
	    "F 2 Content-Type: text/plain; charset=\"ISO-8859-1\"\n"
	    "B 2 text/plain iso-8859-1 7bit\n"
	    "D 2 body\n"
	    "E 2 000\n"
	    "E 1 000\n"
	    "E 0 000\n");

	same("duplicates, a bad type, an unknown encoding, a bad boundary",
	    "Content-Type: text/html\n"
	    "Content-Type: application/x\n"
	    "Content-Transfer-Encoding: x-uue\n\n"
	    "a\n", -1,
	    "F 0 Content-Type: text/html\n"
	    "F 0 Content-Type: application/x\n"
	    "F 0 Content-Transfer-Encoding: x-uue\n"
	    "B 0 text/html - other\n"
	    "D 0 a\\n\n"
	    "E 0 044\n");
	same("a multipart without a boundary is one leaf",
	    "Content-Type: multipart/mixed\n\n--\n", -1,
	    "F 0 Content-Type: multipart/mixed\n"
	    "B 0 multipart/mixed - 7bit\n"
	    "D 0 --\\n\n"
	    "E 0 008\n");
	same("a type that does not parse is text/plain",
	    "Content-Type: text/;;\n\nx", -1,
	    "F 0 Content-Type: text/;;\n"
	    "B 0 text/plain - 7bit\n"
	    "D 0 x\n"
	    "E 0 008\n");

	same("RFC 2231 pieces in order, with %XX and a charset",
	    "Content-Type: multipart/mixed; boundary*1*=%2Dc;\n"
	    " boundary*0*=us-ascii'en'a%2Db; charset*=utf-8''UTF-8\n\n"
	    "--a-b-c\n\nx\n--a-b-c--\n", -1,
	    "F 0 Content-Type: multipart/mixed; boundary*1*=%2Dc; "
	    "boundary*0*=us-ascii'en'a%2Db; charset*=utf-8''UTF-8\n"
	    "B 0 multipart/mixed utf-8 7bit\n"
	    "B 1 text/plain - 7bit\n"
	    "D 1 x\n"
	    "E 1 000\n"
	    "E 0 000\n");
	same("RFC 2231: a piece missing, twice, or beside the whole value",
	    "Content-Type: multipart/mixed; boundary*1=b\n\n"
	    "Content-Type: x/y; boundary*0=a; boundary*0=b\n", -1,
	    "F 0 Content-Type: multipart/mixed; boundary*1=b\n"
	    "B 0 text/plain - 7bit\n"
	    "D 0 Content-Type: x/y; boundary*0=a; boundary*0=b\\n\n"
	    "E 0 008\n");
	got = run("Content-Type: multipart/mixed; boundary=a; "
	    "boundary*0=a\n\n--a\n", 20, 0, -1);
	CHECK("RFC 2231: a whole value and a piece is bad",
	    strstr(got, "B 0 text/plain") != NULL);
	free(got);

	same("base64 with bad characters, data after padding",
	    "Content-Transfer-Encoding: base64\n\n"
	    "aG k=\naQ==\n", -1,
	    "F 0 Content-Transfer-Encoding: base64\n"
	    "B 0 text/plain - base64\n"
	    "D 0 hi\n"
	    "E 0 040\n");
	same("quoted-printable: a bad =XX kept, a long line noted",
	    "Content-Transfer-Encoding: Quoted-Printable\n\n"
	    "a=ZZb=4\n"
	    "0123456789012345678901234567890123456789"
	    "01234567890123456789012345678901234567\n", -1,
	    "F 0 Content-Transfer-Encoding: Quoted-Printable\n"
	    "B 0 text/plain - qp\n"
	    "D 0 a=ZZb=4\\n0123456789012345678901234567890123456789"
	    "01234567890123456789012345678901234567\\n\n"
	    "E 0 040\n");
	limits();
	return unit_exit();
}
