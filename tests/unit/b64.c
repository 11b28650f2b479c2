/* b64: unit tests of base64 and base64url encoding and the strict decoder
 * (lib/b64.h). */
#include <stdio.h>
#include <string.h>

#include "../../lib/buf.h"
#include "../../lib/b64.h"
#include "unit.h"

/* rnd: a fixed xorshift sequence, so a failure repeats. */
static unsigned long rnd_state = 2463534242UL;

static unsigned char
rnd(void)
{
	rnd_state ^= rnd_state << 13 & 0xffffffffUL;
	rnd_state ^= rnd_state >> 17;
	rnd_state ^= rnd_state << 5 & 0xffffffffUL;
	return (unsigned char)(rnd_state & 0xff);
}

/* enc_is: 1 if b64_encode of p[0..n) into an empty buffer succeeds and
 * gives exactly want. */
static int
enc_is(const void *p, size_t n, int url, const char *want)
{
	struct buf b;
	int ok;

	buf_init(&b, 0);
	ok = b64_encode(&b, p, n, url) == 0 && b.len == strlen(want) &&
	    memcmp(b.data ? b.data : "", want, b.len) == 0;
	buf_free(&b);
	return ok;
}

/* dec_is: 1 if b64_decode of the string s succeeds and gives exactly the
 * n bytes want. */
static int
dec_is(const char *s, int url, const void *want, size_t n)
{
	struct buf b;
	int ok;

	buf_init(&b, 0);
	ok = b64_decode(&b, s, strlen(s), url) == 0 && b.len == n &&
	    (n == 0 || memcmp(b.data, want, n) == 0);
	buf_free(&b);
	return ok;
}

/* rejects_n: 1 if b64_decode refuses s[0..n) with -1 and leaves a buffer
 * holding "keep" exactly as it was, err not set. */
static int
rejects_n(const char *s, size_t n, int url)
{
	struct buf b;
	int ok;

	buf_init(&b, 0);
	buf_adds(&b, "keep");
	ok = b64_decode(&b, s, n, url) == -1 && b.len == 4 && !b.err &&
	    memcmp(b.data, "keep", 5) == 0;
	buf_free(&b);
	return ok;
}

static int
rejects(const char *s, int url)
{
	return rejects_n(s, strlen(s), url);
}

/* accepted_last: how many of the 256 byte values c are accepted as the
 * character at index at of s (a writable copy is made). */
static int
accepted_last(const char *s, size_t at, int url)
{
	char t[16];
	struct buf b;
	int c, count = 0;

	memcpy(t, s, strlen(s) + 1);
	buf_init(&b, 0);
	for (c = 0; c < 256; c++) {
		t[at] = (char)c;
		buf_reset(&b);
		if (b64_decode(&b, t, strlen(s), url) == 0)
			count++;
	}
	buf_free(&b);
	return count;
}

static void
test_rfc_vectors(void)
{
	CHECK("b64: encodes \"\" to \"\"", enc_is("", 0, 0, ""));
	CHECK("b64: encodes f", enc_is("f", 1, 0, "Zg=="));
	CHECK("b64: encodes fo", enc_is("fo", 2, 0, "Zm8="));
	CHECK("b64: encodes foo", enc_is("foo", 3, 0, "Zm9v"));
	CHECK("b64: encodes foob", enc_is("foob", 4, 0, "Zm9vYg=="));
	CHECK("b64: encodes fooba", enc_is("fooba", 5, 0, "Zm9vYmE="));
	CHECK("b64: encodes foobar", enc_is("foobar", 6, 0, "Zm9vYmFy"));

	CHECK("b64: decodes \"\" to \"\"", dec_is("", 0, "", 0));
	CHECK("b64: decodes Zg==", dec_is("Zg==", 0, "f", 1));
	CHECK("b64: decodes Zm8=", dec_is("Zm8=", 0, "fo", 2));
	CHECK("b64: decodes Zm9v", dec_is("Zm9v", 0, "foo", 3));
	CHECK("b64: decodes Zm9vYg==", dec_is("Zm9vYg==", 0, "foob", 4));
	CHECK("b64: decodes Zm9vYmE=", dec_is("Zm9vYmE=", 0, "fooba", 5));
	CHECK("b64: decodes Zm9vYmFy", dec_is("Zm9vYmFy", 0, "foobar", 6));

	CHECK("b64url: encodes \"\" to \"\"", enc_is("", 0, 1, ""));
	CHECK("b64url: encodes f without padding", enc_is("f", 1, 1, "Zg"));
	CHECK("b64url: encodes fo without padding", enc_is("fo", 2, 1, "Zm8"));
	CHECK("b64url: encodes foobar", enc_is("foobar", 6, 1, "Zm9vYmFy"));
	CHECK("b64url: decodes Zg", dec_is("Zg", 1, "f", 1));
	CHECK("b64url: decodes Zm8", dec_is("Zm8", 1, "fo", 2));
	CHECK("b64url: decodes Zm9vYmE", dec_is("Zm9vYmE", 1, "fooba", 5));
}

static void
test_alphabets(void)
{
	CHECK("b64: 0xfb 0xff encodes to +/8=",
	    enc_is("\xfb\xff", 2, 0, "+/8="));
	CHECK("b64url: 0xfb 0xff encodes to -_8",
	    enc_is("\xfb\xff", 2, 1, "-_8"));
	CHECK("b64: +/8= decodes to 0xfb 0xff",
	    dec_is("+/8=", 0, "\xfb\xff", 2));
	CHECK("b64url: -_8 decodes to 0xfb 0xff",
	    dec_is("-_8", 1, "\xfb\xff", 2));
	CHECK("b64: 0xf8 0x3e 0xff encodes to +D7/",
	    enc_is("\xf8\x3e\xff", 3, 0, "+D7/"));
	CHECK("b64url: 0xf8 0x3e 0xff encodes to -D7_",
	    enc_is("\xf8\x3e\xff", 3, 1, "-D7_"));
	CHECK("b64url: -D7_ decodes to 0xf8 0x3e 0xff",
	    dec_is("-D7_", 1, "\xf8\x3e\xff", 3));
	CHECK("b64: NUL bytes encode to AAAA",
	    enc_is("\0\0\0", 3, 0, "AAAA"));
	CHECK("b64: AAA= decodes to two NUL bytes", dec_is("AAA=", 0, "\0", 2));
}

/* round_trip: encodes and decodes random bytes of every length 0..300;
 * 1 if every length gives the expected encoded length and the same bytes
 * back. */
static int
round_trip(int url)
{
	unsigned char in[300];
	struct buf e, d;
	size_t n, i, want;
	int ok = 1;

	buf_init(&e, 0);
	buf_init(&d, 0);
	for (n = 0; n <= sizeof(in); n++) {
		for (i = 0; i < n; i++)
			in[i] = rnd();
		buf_reset(&e);
		buf_reset(&d);
		want = url ? (n * 4 + 2) / 3 : (n + 2) / 3 * 4;
		if (b64_encode(&e, in, n, url) != 0 || e.len != want ||
		    b64_decode(&d, e.data ? e.data : "", e.len, url) != 0 ||
		    d.len != n || (n && memcmp(d.data, in, n) != 0)) {
			printf("# length %zu fails\n", n);
			ok = 0;
		}
	}
	buf_free(&e);
	buf_free(&d);
	return ok;
}

static void
test_round_trip(void)
{
	CHECK("b64 round trip: every length 0..300, standard", round_trip(0));
	CHECK("b64 round trip: every length 0..300, url", round_trip(1));
}

static void
test_lines(void)
{
	unsigned char in[120];
	struct buf b, one;
	size_t i;
	int ok;

	for (i = 0; i < sizeof(in); i++)
		in[i] = rnd();
	buf_init(&b, 0);
	buf_init(&one, 0);

	ok = b64_encode_lines(&b, in, 57, 76, "\n") == 0 && b.len == 77 &&
	    b.data[76] == '\n' &&
	    b64_encode(&one, in, 57, 0) == 0 && one.len == 76 &&
	    memcmp(b.data, one.data, 76) == 0;
	CHECK("b64 lines: 57 bytes give exactly one 76-character line", ok);

	buf_reset(&b);
	buf_reset(&one);
	ok = b64_encode_lines(&b, in, 58, 76, "\n") == 0 && b.len == 82 &&
	    b64_encode(&one, in, 58, 0) == 0 && one.len == 80 &&
	    memcmp(b.data, one.data, 76) == 0 && b.data[76] == '\n' &&
	    memcmp(b.data + 77, one.data + 76, 4) == 0 &&
	    memcmp(b.data + 79, "==\n", 3) == 0;
	CHECK("b64 lines: 58 bytes give a full line and a padded one", ok);

	buf_reset(&b);
	buf_reset(&one);
	ok = b64_encode_lines(&b, in, 58, 76, "\r\n") == 0 && b.len == 84 &&
	    b64_encode(&one, in, 58, 0) == 0 &&
	    memcmp(b.data, one.data, 76) == 0 &&
	    memcmp(b.data + 76, "\r\n", 2) == 0 &&
	    memcmp(b.data + 78, one.data + 76, 4) == 0 &&
	    memcmp(b.data + 82, "\r\n", 2) == 0;
	CHECK("b64 lines: eol CRLF ends every line", ok);

	buf_reset(&b);
	ok = b64_encode_lines(&b, "foobar", 6, 4, "|") == 0 &&
	    b.len == 10 && memcmp(b.data, "Zm9v|YmFy|", 10) == 0;
	CHECK("b64 lines: linelen 4 gives one quantum per line", ok);

	buf_reset(&b);
	ok = b64_encode_lines(&b, in, 114, 76, "\n") == 0 && b.len == 154 &&
	    b.data[76] == '\n' && b.data[153] == '\n';
	CHECK("b64 lines: 114 bytes give exactly two full lines", ok);

	buf_reset(&b);
	buf_adds(&b, "keep");
	ok = b64_encode_lines(&b, in, 0, 76, "\n") == 0 && b.len == 4;
	CHECK("b64 lines: no bytes append nothing, not even eol", ok);

	ok = b64_encode_lines(&b, in, 10, 0, "\n") == -1 && b.len == 4 &&
	    b64_encode_lines(&b, in, 10, 6, "\n") == -1 && b.len == 4 &&
	    memcmp(b.data, "keep", 5) == 0;
	CHECK("b64 lines: linelen 0 or not a multiple of 4 is refused", ok);

	buf_free(&b);
	buf_free(&one);
}

static void
test_rejects(void)
{
	CHECK("b64: rejects a space", rejects("Zm9v YmFy", 0));
	CHECK("b64: rejects a newline", rejects("Zm9v\nYmFy", 0));
	CHECK("b64: rejects a trailing newline", rejects("Zm9vYmFy\n", 0));
	CHECK("b64url: rejects a tab", rejects("Zm9v\tYmE", 1));
	CHECK("b64: rejects = in the middle", rejects("Zg==Zm8=", 0));
	CHECK("b64: rejects = inside a quantum", rejects("Zg=A", 0));
	CHECK("b64: rejects ====", rejects("====", 0));
	CHECK("b64: rejects three = after one character", rejects("Z===", 0));
	CHECK("b64: rejects Zg= (bad padding count)", rejects("Zg=", 0));
	CHECK("b64: rejects Zg without padding", rejects("Zg", 0));
	CHECK("b64: rejects Zm8 without padding", rejects("Zm8", 0));
	CHECK("b64url: rejects Zg== (padding)", rejects("Zg==", 1));
	CHECK("b64url: rejects Zm8= (padding)", rejects("Zm8=", 1));
	CHECK("b64url: rejects length 1", rejects("Z", 1));
	CHECK("b64url: rejects length 5", rejects("Zm9vY", 1));
	CHECK("b64: rejects length 5", rejects("Zm9vY", 0));
	CHECK("b64: rejects - in the standard alphabet", rejects("-_8=", 0));
	CHECK("b64: rejects _ in the standard alphabet", rejects("Zm_v", 0));
	CHECK("b64url: rejects + in the url alphabet", rejects("+/8", 1));
	CHECK("b64url: rejects / in the url alphabet", rejects("Zm/v", 1));
	CHECK("b64: rejects other punctuation", rejects("Zm9*", 0));
	CHECK("b64: rejects Zh== (leftover bits)", rejects("Zh==", 0));
	CHECK("b64: rejects Zm9= (leftover bits)", rejects("Zm9=", 0));
	CHECK("b64url: rejects Zh (leftover bits)", rejects("Zh", 1));
	CHECK("b64url: rejects Zm9 (leftover bits)", rejects("Zm9", 1));
	CHECK("b64: rejects an 8-bit byte", rejects("Zm9\xe9", 0));
	CHECK("b64url: rejects an 8-bit byte", rejects("Zm\xff", 1));
	CHECK("b64: rejects NUL inside", rejects_n("Zm\0v", 4, 0));
	CHECK("b64url: rejects NUL inside", rejects_n("Zm9v\0mFy", 8, 1));
	CHECK("b64: one byte has 4 accepted last characters",
	    accepted_last("Zg==", 1, 0) == 4);
	CHECK("b64: two bytes have 16 accepted last characters",
	    accepted_last("Zm8=", 2, 0) == 16);
	CHECK("b64url: one byte has 4 accepted last characters",
	    accepted_last("Zg", 1, 1) == 4);
}

static void
test_append_failure(void)
{
	struct buf b;
	int ok;

	buf_init(&b, 8);
	buf_adds(&b, "abc");
	ok = b64_encode(&b, "0123456789", 10, 0) == -1 && b.err &&
	    b.len == 3 && memcmp(b.data, "abc", 4) == 0;
	CHECK("b64: a failed append leaves the encoded buffer as it was", ok);
	ok = b64_encode(&b, "", 0, 0) == -1 && b.len == 3;
	CHECK("b64: a buffer that failed before fails again", ok);
	buf_free(&b);

	buf_init(&b, 20);
	buf_adds(&b, "abc");
	ok = b64_encode_lines(&b, "0123456789", 10, 8, "--------\n") == -1 &&
	    b.len == 3 && memcmp(b.data, "abc", 4) == 0;
	CHECK("b64 lines: a failed append leaves the buffer as it was", ok);
	buf_free(&b);

	buf_init(&b, 4);
	buf_adds(&b, "abc");
	ok = b64_decode(&b, "Zm9vYmFy", 8, 0) == -1 && b.err &&
	    b.len == 3 && memcmp(b.data, "abc", 4) == 0;
	CHECK("b64: a failed append leaves the decoded buffer as it was", ok);
	buf_free(&b);
}

static void
test_is_url(void)
{
	CHECK("b64_is_url: the whole alphabet",
	    b64_is_url("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz"
	    "0123456789-_", 64));
	CHECK("b64_is_url: nothing is nothing bad", b64_is_url("", 0));
	CHECK("b64_is_url: '+' and '/' are base64's, not base64url's",
	    !b64_is_url("ab+c", 4) && !b64_is_url("ab/c", 4));
	CHECK("b64_is_url: no padding", !b64_is_url("abc=", 4));
	CHECK("b64_is_url: a space, a quote, a backslash",
	    !b64_is_url("a c", 3) && !b64_is_url("a\"c", 3) &&
	    !b64_is_url("a\\c", 3));
	CHECK("b64_is_url: a NUL inside counts", !b64_is_url("ab\0c", 4));
	CHECK("b64_is_url: a byte past 127", !b64_is_url("ab\xe9", 3));
}

int
main(void)
{
	test_rfc_vectors();
	test_alphabets();
	test_round_trip();
	test_lines();
	test_rejects();
	test_append_failure();
	test_is_url();
	return unit_exit();
}
