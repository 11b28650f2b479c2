/* qp: unit tests of quoted-printable encoding and decoding (lib/qp.h). */
#include <stdio.h>
#include <string.h>

#include "../../lib/buf.h"
#include "../../lib/qp.h"
#include "unit.h"

/* rnd: a fixed xorshift sequence, so a failure repeats. */
static unsigned long rnd_state = 88172645UL;

static unsigned long
rnd(void)
{
	rnd_state ^= rnd_state << 13 & 0xffffffffUL;
	rnd_state ^= rnd_state >> 17;
	rnd_state ^= rnd_state << 5 & 0xffffffffUL;
	return rnd_state;
}

/* same: 1 if b holds exactly the n bytes want. */
static int
same(const struct buf *b, const char *want, size_t n)
{
	return b->len == n && (n == 0 || memcmp(b->data, want, n) == 0);
}

/* enc_is: 1 if qp_encode of p[0..n) into an empty buffer succeeds and
 * gives exactly the string want. */
static int
enc_is_n(const char *p, size_t n, const char *want)
{
	struct buf b;
	int ok;

	buf_init(&b, 0);
	ok = qp_encode(&b, p, n) == 0 && same(&b, want, strlen(want));
	if (!ok)
		printf("# got \"%s\"\n", b.data ? b.data : "");
	buf_free(&b);
	return ok;
}

static int
enc_is(const char *p, const char *want)
{
	return enc_is_n(p, strlen(p), want);
}

/* dec_is: 1 if qp_decode of the string s succeeds and gives exactly the
 * string want. */
static int
dec_is(const char *s, int strict, const char *want)
{
	struct buf b;
	int ok;

	buf_init(&b, 0);
	ok = qp_decode(&b, s, strlen(s), strict) == 0 &&
	    same(&b, want, strlen(want));
	buf_free(&b);
	return ok;
}

/* rejects: 1 if the strict qp_decode refuses s with -1 and leaves a
 * buffer holding "keep" exactly as it was, err not set. */
static int
rejects(const char *s)
{
	struct buf b;
	int ok;

	buf_init(&b, 0);
	buf_adds(&b, "keep");
	ok = qp_decode(&b, s, strlen(s), 1) == -1 && !b.err &&
	    same(&b, "keep", 4) && b.data[4] == '\0';
	buf_free(&b);
	return ok;
}

/* ishex: 1 for an uppercase hex digit, the only kind the encoder writes. */
static int
ishex(int c)
{
	return (c >= '0' && c <= '9') || (c >= 'A' && c <= 'F');
}

/* wellformed: 1 if s[0..n) reads as the encoder's output should: lines of
 * at most 76 characters, only printable ASCII, space and TAB, no space or
 * TAB at a line end, every '=' either two uppercase hex digits on the same
 * line or a soft break ending a line that has a next line, no line
 * starting with '.' or "From ". */
static int
wellformed(const char *s, size_t n)
{
	size_t i = 0, end, j;
	const char *nl;
	int c;

	while (i < n) {
		nl = memchr(s + i, '\n', n - i);
		end = nl ? (size_t)(nl - s) : n;
		if (end - i > 76)
			return 0;
		if (s[i] == '.' || (end - i >= 5 &&
		    memcmp(s + i, "From ", 5) == 0))
			return 0;
		if (end > i && (s[end - 1] == ' ' || s[end - 1] == '\t'))
			return 0;
		for (j = i; j < end; j++) {
			c = (unsigned char)s[j];
			if ((c < 0x20 && c != '\t') || c >= 0x7f)
				return 0;
			if (c != '=')
				continue;
			if (j + 1 == end) {
				if (nl == NULL || end + 1 == n)
					return 0;
			} else if (end - j < 3 || !ishex(s[j + 1]) ||
			    !ishex(s[j + 2])) {
				return 0;
			} else {
				j += 2;
			}
		}
		if (nl == NULL)
			break;
		i = end + 1;
	}
	return 1;
}

/* round_trip: 1 if p[0..n) encodes to well-formed text that decodes back
 * to the same bytes under the strict decoder, also with its line ends
 * turned into CRLF. */
static int
round_trip(const char *p, size_t n)
{
	struct buf e, d, crlf;
	size_t i;
	int ok;

	buf_init(&e, 0);
	buf_init(&d, 0);
	buf_init(&crlf, 0);
	ok = qp_encode(&e, p, n) == 0 && wellformed(e.data, e.len) &&
	    qp_decode(&d, e.data ? e.data : "", e.len, 1) == 0 &&
	    same(&d, p, n);
	for (i = 0; ok && i < e.len; i++) {
		if (e.data[i] == '\n')
			buf_addc(&crlf, '\r');
		buf_addc(&crlf, e.data[i]);
	}
	buf_reset(&d);
	ok = ok && !crlf.err &&
	    qp_decode(&d, crlf.data ? crlf.data : "", crlf.len, 1) == 0 &&
	    same(&d, p, n);
	buf_free(&e);
	buf_free(&d);
	buf_free(&crlf);
	return ok;
}

/* repeat: fills out with n copies of s and returns out. */
static char *
repeat(char *out, const char *s, size_t n)
{
	size_t k = strlen(s), i;

	for (i = 0; i < n; i++)
		memcpy(out + i * k, s, k);
	out[n * k] = '\0';
	return out;
}

static void
test_encode(void)
{
	CHECK("qp: plain ASCII is unchanged",
	    enc_is("Hello, world!\nSecond line: (1+2)*3 ~ \"x\" @ #.\n",
	    "Hello, world!\nSecond line: (1+2)*3 ~ \"x\" @ #.\n"));
	CHECK("qp: empty input gives nothing", enc_is("", ""));
	CHECK("qp: empty lines are kept", enc_is("\n\na\n\n", "\n\na\n\n"));
	CHECK("qp: a=b gives a=3Db", enc_is("a=b", "a=3Db"));
	CHECK("qp: UTF-8 cafe with acute gives caf=C3=A9",
	    enc_is("caf\xc3\xa9", "caf=C3=A9"));
	CHECK("qp: DEL and 0xff are encoded", enc_is("\x7f\xff", "=7F=FF"));
	CHECK("qp: NUL and ESC are encoded", enc_is_n("\0\x1b", 2, "=00=1B"));
	CHECK("qp: a space before a line break is encoded",
	    enc_is("a \nb", "a=20\nb"));
	CHECK("qp: a space at the end of input is encoded",
	    enc_is("a ", "a=20"));
	CHECK("qp: a TAB before a line break is encoded",
	    enc_is("a\t\n", "a=09\n"));
	CHECK("qp: only the last of trailing spaces is encoded",
	    enc_is("a  \n", "a =20\n"));
	CHECK("qp: a line of one space is encoded", enc_is(" \n ", "=20\n=20"));
	CHECK("qp: spaces inside a line are kept", enc_is("a  b c", "a  b c"));
	CHECK("qp: TAB inside a line is kept", enc_is("a\tb", "a\tb"));
	CHECK("qp: From at the start of input is encoded",
	    enc_is("From me", "=46rom me"));
	CHECK("qp: From at the start of a later line is encoded",
	    enc_is("x\nFrom me\n", "x\n=46rom me\n"));
	CHECK("qp: From inside a line is kept",
	    enc_is("say From me", "say From me"));
	CHECK("qp: Fromage and from at a line start are kept",
	    enc_is("Fromage\nfrom me", "Fromage\nfrom me"));
	CHECK("qp: a dot line is encoded", enc_is(".\n", "=2E\n"));
	CHECK("qp: a dot starting a later line is encoded",
	    enc_is("a\n..x\n", "a\n=2E.x\n"));
	CHECK("qp: a dot inside a line is kept", enc_is("a.\n", "a.\n"));
	CHECK("qp: CR is encoded, not a line break",
	    enc_is("a\r\nb\r", "a=0D\nb=0D"));
}

static void
test_long_lines(void)
{
	char in[512], want[1024], tmp[512], x75[76];
	struct buf b;
	size_t i, n;
	int ok;

	repeat(x75, "x", 75);
	repeat(in, "x", 200);
	n = (size_t)snprintf(want, sizeof(want), "%s=\n%s=\n%s", x75, x75,
	    repeat(tmp, "x", 50));
	CHECK("qp: a 200-character line is split 75, 75, 50",
	    n < sizeof(want) && enc_is(in, want));
	CHECK("qp: the split 200-character line decodes back",
	    dec_is(want, 1, in));
	CHECK("qp: the split 200-character line round-trips",
	    round_trip(in, strlen(in)));

	repeat(in, "x", 76);
	CHECK("qp: a 76-character line is not split", enc_is(in, in));
	repeat(in, "x", 77);
	n = (size_t)snprintf(want, sizeof(want), "%s=\nxx", x75);
	CHECK("qp: a 77-character line is split 75, 2",
	    n < sizeof(want) && enc_is(in, want));

	/* an =XX as the last thing on a line may end at column 76 */
	memcpy(repeat(in, "x", 73) + 73, "=", 2);
	n = (size_t)snprintf(want, sizeof(want), "%s=3D",
	    repeat(tmp, "x", 73));
	CHECK("qp: a final =XX may end at column 76",
	    n < sizeof(want) && enc_is(in, want));
	memcpy(repeat(in, "x", 74) + 74, "=", 2);
	n = (size_t)snprintf(want, sizeof(want), "%s=\n=3D",
	    repeat(tmp, "x", 74));
	CHECK("qp: a final =XX past column 76 moves to the next line",
	    n < sizeof(want) && enc_is(in, want));

	/* 30 e-acute: 60 triples, 25 to a line */
	repeat(in, "\xc3\xa9", 30);
	repeat(tmp, "=C3=A9", 30);
	n = (size_t)snprintf(want, sizeof(want), "%.75s=\n%.75s=\n%s", tmp,
	    tmp + 75, tmp + 150);
	CHECK("qp: a line of e-acute breaks between triples",
	    n < sizeof(want) && enc_is(in, want));
	/* "ab" first: 24 triples fit, the 25th would need column 78 */
	memcpy(in, "ab", 2);
	repeat(in + 2, "\xc3\xa9", 40);
	repeat(tmp, "=C3=A9", 40);
	n = (size_t)snprintf(want, sizeof(want),
	    "ab%.72s=\n%.75s=\n%.75s=\n%s", tmp, tmp + 72, tmp + 147,
	    tmp + 222);
	CHECK("qp: a shifted line of e-acute never splits a triple",
	    n < sizeof(want) && enc_is(in, want));
	CHECK("qp: the shifted e-acute line round-trips",
	    round_trip(in, strlen(in)));

	n = (size_t)snprintf(in, sizeof(in), "%s.y", x75);
	CHECK("qp: a dot starting a line after a soft break is encoded",
	    n < sizeof(in) && (size_t)snprintf(want, sizeof(want),
	    "%s=\n=2Ey", x75) < sizeof(want) && enc_is(in, want));
	n = (size_t)snprintf(in, sizeof(in), "%sFrom me", x75);
	CHECK("qp: From starting a line after a soft break is encoded",
	    n < sizeof(in) && (size_t)snprintf(want, sizeof(want),
	    "%s=\n=46rom me", x75) < sizeof(want) && enc_is(in, want));
	n = (size_t)snprintf(in, sizeof(in), "%s y", x75);
	CHECK("qp: a space before a soft break stays literal",
	    n < sizeof(in) && (size_t)snprintf(want, sizeof(want),
	    "%s=\n y", x75) < sizeof(want) && enc_is(in, want));

	/* every output line of a long mixed text stays within 76 */
	buf_init(&b, 0);
	for (i = 0; i < 400; i++)
		in[i] = "a \t=\xc3\xa9."[i % 7];
	ok = qp_encode(&b, in, 400) == 0 && wellformed(b.data, b.len);
	CHECK("qp: a long mixed line gives well-formed lines", ok);
	buf_free(&b);
}

/* model: qp_encode as qp.h states it, one byte at a time with no fast
 * path, to hold the real one to: out gets the encoding of p[0..n). */
static void
model(struct buf *out, const unsigned char *p, size_t n)
{
	static const char hex[] = "0123456789ABCDEF";
	size_t i, col = 0, k;
	char tok[3];
	int c, end, bol;

	for (i = 0; i < n; i++) {
		c = p[i];
		if (c == '\n') {
			buf_addc(out, '\n');
			col = 0;
			continue;
		}
		end = i + 1 == n || p[i + 1] == '\n';
		for (bol = col == 0;; bol = 1) {
			k = 1;
			tok[0] = (char)c;
			if (c == '=' || c >= 0x7f || (c < 0x20 && c != '\t') ||
			    ((c == ' ' || c == '\t') && end) ||
			    (bol && c == '.') || (bol && n - i >= 5 &&
			    memcmp(p + i, "From ", 5) == 0)) {
				tok[0] = '=';
				tok[1] = hex[c >> 4];
				tok[2] = hex[c & 0xf];
				k = 3;
			}
			if (col + k <= (end ? 76u : 75u) || bol)
				break;
			buf_add(out, "=\n", 2);
			col = 0;
		}
		buf_add(out, tok, k);
		col += k;
	}
}

/* like_model: 1 if qp_encode of p[0..n) gives what model does. */
static int
like_model(const char *p, size_t n)
{
	struct buf a, b;
	int ok;

	buf_init(&a, 0);
	buf_init(&b, 0);
	model(&a, (const unsigned char *)p, n);
	ok = qp_encode(&b, p, n) == 0 && !a.err && a.len == b.len &&
	    (a.len == 0 || memcmp(a.data, b.data, a.len) == 0);
	if (!ok)
		printf("# qp_encode:\n%s\n# model:\n%s\n",
		    b.data ? b.data : "", a.data ? a.data : "");
	buf_free(&a);
	buf_free(&b);
	return ok;
}

static void
test_runs(void)
{
	/* what may end a run of plain bytes, or follow one */
	static const char *const ends[] = {
		"=", " ", "\t", " \n", "\t\n", ".", "From ", "\xc3\xa9", "\r",
		"\n", "x", "F", "From", "\x7f", "\x01"
	};
	char in[400], msg[80];
	size_t run, e, f, n, len, t, k;
	int ok;

	/* a run of 60 to 160 x, then one of ends, then another and x:
	 * every column a run can stop at, a soft break or the line end
	 * can fall on */
	for (e = 0; e < sizeof(ends) / sizeof(ends[0]); e++) {
		ok = 1;
		for (run = 60; run <= 160; run++) {
			for (f = 0; f < sizeof(ends) / sizeof(ends[0]); f++) {
				memset(in, 'x', run);
				n = run;
				memcpy(in + n, ends[e], strlen(ends[e]));
				n += strlen(ends[e]);
				memcpy(in + n, ends[f], strlen(ends[f]));
				n += strlen(ends[f]);
				if (!like_model(in, n) ||
				    !like_model(in, n - strlen(ends[f])) ||
				    !(in[n++] = 'x', like_model(in, n)))
					ok = 0;
			}
		}
		snprintf(msg, sizeof(msg), "qp: runs of 60-160 bytes ending "
		    "in case %zu encode as the model does", e);
		CHECK(msg, ok);
	}
	/* pseudo-random texts of short runs and the bytes that break them */
	ok = 1;
	for (t = 0; t < 3000; t++) {
		len = rnd() % 390;
		n = 0;
		while (n < len) {
			if (rnd() % 2 == 0) {
				k = rnd() % (sizeof(ends) / sizeof(ends[0]));
				memcpy(in + n, ends[k], strlen(ends[k]));
				n += strlen(ends[k]);
			} else {
				for (k = rnd() % 90; k > 0 && n < len; k--)
					in[n++] = (char)(' ' + rnd() % 95);
			}
		}
		if (!like_model(in, n))
			ok = 0;
	}
	CHECK("qp: 3000 pseudo-random texts encode as the model does", ok);
}

static void
test_round_trip(void)
{
	static const char *const bits[] = {
		"\n", "\n", " ", "\t", ".", "=", "From ", "\r", "\r\n", " \n",
		"\xc3\xa9"
	};
	char in[600];
	size_t n, len, i, k, t;
	int ok;

	for (i = 0; i < 256; i++)
		in[i] = (char)i;
	CHECK("qp round trip: every byte value in order", round_trip(in, 256));
	for (i = 0; i < 256; i++) {
		in[2 * i] = (char)i;
		in[2 * i + 1] = '\n';
	}
	CHECK("qp round trip: every byte value on its own line",
	    round_trip(in, 512));
	for (i = 0; i < 256; i++)
		in[i] = (char)(255 - i);
	CHECK("qp round trip: every byte value backwards", round_trip(in, 256));

	ok = 1;
	for (t = 0; t < 3000; t++) {
		len = rnd() % 500;
		n = 0;
		while (n < len) {
			if (rnd() % 3 == 0) {
				k = rnd() % (sizeof(bits) / sizeof(bits[0]));
				memcpy(in + n, bits[k], strlen(bits[k]));
				n += strlen(bits[k]);
			} else {
				in[n++] = (char)(rnd() & 0xff);
			}
		}
		if (!round_trip(in, n)) {
			printf("# trial %zu fails\n", t);
			ok = 0;
		}
	}
	CHECK("qp round trip: 3000 pseudo-random texts", ok);
}

static void
test_decode(void)
{
	char in[128], want[128];

	CHECK("qp decode: plain text is unchanged",
	    dec_is("Hello\nworld\n", 1, "Hello\nworld\n"));
	CHECK("qp decode: CRLF line ends give LF",
	    dec_is("a=3Db\r\nc=\r\nd\r\n\r\n", 1, "a=b\ncd\n\n"));
	CHECK("qp decode: lowercase hex is accepted",
	    dec_is("caf=c3=a9", 1, "caf\xc3\xa9"));
	CHECK("qp decode: trailing spaces and tabs are removed",
	    dec_is("ab \t\ncd  \r\nef \t", 1, "ab\ncd\nef"));
	CHECK("qp decode: a soft break with trailing blanks is removed",
	    dec_is("ab= \t\ncd= \r\nef", 1, "abcdef"));
	CHECK("qp decode: a space before a soft break is kept",
	    dec_is("a =\nb", 1, "a b"));
	CHECK("qp decode: = alone is a soft break at the end",
	    dec_is("=", 1, ""));
	CHECK("qp decode: a final = ends the text", dec_is("abc=", 1, "abc"));
	CHECK("qp decode: a final soft break and LF give nothing more",
	    dec_is("abc=\n", 1, "abc"));
	CHECK("qp decode: a bare CR is kept", dec_is("a\rb", 1, "a\rb"));
	CHECK("qp decode: =0D=0A gives CR LF", dec_is("=0D=0A", 1, "\r\n"));
	repeat(in, "y", 76);
	CHECK("qp decode: a 76-character line is accepted", dec_is(in, 1, in));
	memcpy(in + 76, "\r\n", 3);
	memcpy(repeat(want, "y", 76) + 76, "\n", 2);
	CHECK("qp decode: a 76-character line with CRLF is accepted",
	    dec_is(in, 1, want));
}

static void
test_strict(void)
{
	char in[128];

	CHECK("qp strict: rejects =G1", rejects("=G1"));
	CHECK("qp strict: rejects =1G", rejects("a=1Gb"));
	CHECK("qp strict: rejects =4 at the end", rejects("=4"));
	CHECK("qp strict: rejects =4 before a line end", rejects("a=4\nb"));
	CHECK("qp strict: rejects = followed by a space and text",
	    rejects("a= b"));
	CHECK("qp strict: rejects an error after good lines",
	    rejects("good\nline=3D\nbad=ZZ\n"));
	repeat(in, "y", 77);
	CHECK("qp strict: rejects a 77-character line", rejects(in));
	memcpy(in + 77, "\nok", 4);
	CHECK("qp strict: rejects a 77-character line before others",
	    rejects(in));
	repeat(in, "y", 76);
	memcpy(in + 76, "  \n", 4);
	CHECK("qp strict: trailing blanks count in the line length",
	    rejects(in));

	CHECK("qp lenient: keeps =G1", dec_is("=G1", 0, "=G1"));
	CHECK("qp lenient: keeps =4 at the end", dec_is("a=4", 0, "a=4"));
	CHECK("qp lenient: keeps = before a space and text",
	    dec_is("a= b", 0, "a= b"));
	CHECK("qp lenient: still decodes good escapes",
	    dec_is("=3D=G1=3d", 0, "==G1="));
	repeat(in, "y", 77);
	CHECK("qp lenient: accepts a 77-character line", dec_is(in, 0, in));
}

static void
test_append_failure(void)
{
	struct buf b;
	int ok;

	buf_init(&b, 8);
	buf_adds(&b, "abc");
	ok = qp_encode(&b, "\xc3\xa9\xc3\xa9", 4) == -1 && b.err &&
	    same(&b, "abc", 3) && b.data[3] == '\0';
	CHECK("qp: a failed append leaves the encoded buffer as it was", ok);
	ok = qp_encode(&b, "", 0) == -1 && same(&b, "abc", 3);
	CHECK("qp: a buffer that failed before fails again", ok);
	buf_free(&b);

	buf_init(&b, 5);
	buf_adds(&b, "abc");
	ok = qp_decode(&b, "a=3Db\nc", 7, 1) == -1 && b.err &&
	    same(&b, "abc", 3) && b.data[3] == '\0';
	CHECK("qp: a failed append leaves the decoded buffer as it was", ok);
	buf_free(&b);
}

int
main(void)
{
	test_encode();
	test_long_lines();
	test_runs();
	test_round_trip();
	test_decode();
	test_strict();
	test_append_failure();
	return unit_exit();
}
