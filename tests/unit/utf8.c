/* utf8: unit tests of strict UTF-8 decoding, encoding, validation and the
 * printable rule (lib/utf8.h). */
#include <string.h>

#include "../../lib/utf8.h"
#include "unit.h"

/* dec_is: 1 if utf8_decode of s[0..n) returns len and code point cp. */
static int
dec_is(const char *s, size_t n, size_t len, unsigned long cp)
{
	unsigned long got = 0xdeadbeefUL;

	return utf8_decode((const unsigned char *)s, n, &got) == len &&
	    got == cp;
}

/* dec_bad: 1 if utf8_decode refuses s[0..n). */
static int
dec_bad(const char *s, size_t n)
{
	unsigned long got;

	return utf8_decode((const unsigned char *)s, n, &got) == 0;
}

/* enc_is: 1 if utf8_encode of cp writes exactly the n bytes want. */
static int
enc_is(unsigned long cp, const char *want, size_t n)
{
	char out[4];

	return utf8_encode(cp, out) == n && memcmp(out, want, n) == 0;
}

/* accepted: 1 if s[0..n) is one valid scalar value encoding cp, agreeing
 * across decode, valid and encode. */
static int
accepted(const char *s, size_t n, unsigned long cp)
{
	return dec_is(s, n, n, cp) && utf8_valid(s, n) && enc_is(cp, s, n);
}

/* refused: 1 if s[0..n) is refused by both decode and valid. */
static int
refused(const char *s, size_t n)
{
	return dec_bad(s, n) && !utf8_valid(s, n);
}

static void
test_boundaries(void)
{
	CHECK("utf8: accepts U+0000 (one NUL byte)", accepted("\0", 1, 0));
	CHECK("utf8: accepts U+0041", accepted("A", 1, 0x41));
	CHECK("utf8: accepts U+007F (last 1-byte)", accepted("\x7f", 1, 0x7f));
	CHECK("utf8: accepts U+0080 (first 2-byte)",
	    accepted("\xc2\x80", 2, 0x80));
	CHECK("utf8: accepts U+07FF (last 2-byte)",
	    accepted("\xdf\xbf", 2, 0x7ff));
	CHECK("utf8: accepts U+0800 (first 3-byte)",
	    accepted("\xe0\xa0\x80", 3, 0x800));
	CHECK("utf8: accepts U+D7FF (below surrogates)",
	    accepted("\xed\x9f\xbf", 3, 0xd7ff));
	CHECK("utf8: accepts U+E000 (above surrogates)",
	    accepted("\xee\x80\x80", 3, 0xe000));
	CHECK("utf8: accepts U+FFFD", accepted("\xef\xbf\xbd", 3, 0xfffd));
	CHECK("utf8: accepts U+FFFF (last 3-byte)",
	    accepted("\xef\xbf\xbf", 3, 0xffff));
	CHECK("utf8: accepts U+10000 (first 4-byte)",
	    accepted("\xf0\x90\x80\x80", 4, 0x10000));
	CHECK("utf8: accepts U+10FFFF (last scalar value)",
	    accepted("\xf4\x8f\xbf\xbf", 4, 0x10ffff));

	CHECK("utf8: rejects U+110000 (F4 90 80 80)",
	    refused("\xf4\x90\x80\x80", 4));
	CHECK("utf8: rejects U+1FFFFF (F7 BF BF BF)",
	    refused("\xf7\xbf\xbf\xbf", 4));
	CHECK("utf8: rejects surrogate U+D800 (ED A0 80)",
	    refused("\xed\xa0\x80", 3));
	CHECK("utf8: rejects surrogate U+DBFF (ED AF BF)",
	    refused("\xed\xaf\xbf", 3));
	CHECK("utf8: rejects surrogate U+DC00 (ED B0 80)",
	    refused("\xed\xb0\x80", 3));
	CHECK("utf8: rejects surrogate U+DFFF (ED BF BF)",
	    refused("\xed\xbf\xbf", 3));
	CHECK("utf8: rejects 2-byte overlong of NUL (C0 80)",
	    refused("\xc0\x80", 2));
	CHECK("utf8: rejects 2-byte overlong of / (C0 AF)",
	    refused("\xc0\xaf", 2));
	CHECK("utf8: rejects 2-byte overlong of U+007F (C1 BF)",
	    refused("\xc1\xbf", 2));
	CHECK("utf8: rejects 3-byte overlong of NUL (E0 80 80)",
	    refused("\xe0\x80\x80", 3));
	CHECK("utf8: rejects 3-byte overlong of U+07FF (E0 9F BF)",
	    refused("\xe0\x9f\xbf", 3));
	CHECK("utf8: rejects 4-byte overlong of NUL (F0 80 80 80)",
	    refused("\xf0\x80\x80\x80", 4));
	CHECK("utf8: rejects 4-byte overlong of U+FFFF (F0 8F BF BF)",
	    refused("\xf0\x8f\xbf\xbf", 4));
	CHECK("utf8: rejects lead byte C0", refused("\xc0\x41", 2));
	CHECK("utf8: rejects lead byte C1", refused("\xc1\x81", 2));
	CHECK("utf8: rejects lead byte F5", refused("\xf5\x80\x80\x80", 4));
	CHECK("utf8: rejects lead byte F7", refused("\xf7\x80\x80\x80", 4));
	CHECK("utf8: rejects lead byte F8", refused("\xf8\x88\x80\x80\x80", 5));
	CHECK("utf8: rejects lead byte FC",
	    refused("\xfc\x84\x80\x80\x80\x80", 6));
	CHECK("utf8: rejects byte FE", refused("\xfe", 1));
	CHECK("utf8: rejects byte FF", refused("\xff", 1));
	CHECK("utf8: rejects truncated 2-byte (C3)", refused("\xc3", 1));
	CHECK("utf8: rejects truncated 3-byte (E2 82)",
	    refused("\xe2\x82", 2));
	CHECK("utf8: rejects truncated 4-byte (F0 9F 98)",
	    refused("\xf0\x9f\x98", 3));
	CHECK("utf8: rejects 3-byte lead followed by ASCII (E2 41 41)",
	    refused("\xe2\x41\x41", 3));
	CHECK("utf8: rejects 2-byte lead followed by lead (C3 C3 A9)",
	    refused("\xc3\xc3\xa9", 3));
	CHECK("utf8: rejects stray continuation 80", refused("\x80", 1));
	CHECK("utf8: rejects stray continuation BF", refused("\xbf", 1));

	CHECK("utf8: decode returns only the first character's length",
	    dec_is("\xc3\xa9z", 3, 2, 0xe9));
	CHECK("utf8: decode of ASCII with more input returns 1",
	    dec_is("ab", 2, 1, 'a'));
	CHECK("utf8: decode reads a 4-byte sequence inside longer input",
	    dec_is("\xf0\x9f\x98\x80!", 5, 4, 0x1f600));
}

static void
test_valid(void)
{
	CHECK("utf8_valid: empty input is valid", utf8_valid("", 0));
	CHECK("utf8_valid: ASCII text is valid", utf8_valid("hello", 5));
	CHECK("utf8_valid: mixed 1- to 4-byte text is valid",
	    utf8_valid("a\xc3\xa9\xe6\x97\xa5\xf0\x9f\x98\x80z", 11));
	CHECK("utf8_valid: control characters are valid UTF-8",
	    utf8_valid("\t\n\x1b\x7f", 4));
	CHECK("utf8_valid: rejects bad byte after good text",
	    !utf8_valid("abc\xc3\xa9\xff", 6));
	CHECK("utf8_valid: rejects truncated sequence at the end",
	    !utf8_valid("abc\xe6\x97", 5));
	CHECK("utf8_valid: rejects stray continuation in the middle",
	    !utf8_valid("ab\x80 cd", 6));
	CHECK("utf8_valid: only looks at n bytes",
	    utf8_valid("ab\xff", 2));
	CHECK("utf8_valid: n cutting a sequence short is invalid",
	    !utf8_valid("\xc3\xa9", 1));
}

static void
test_encode(void)
{
	char out[4];

	CHECK("utf8_encode: U+0000", enc_is(0, "\0", 1));
	CHECK("utf8_encode: U+00E9", enc_is(0xe9, "\xc3\xa9", 2));
	CHECK("utf8_encode: U+20AC", enc_is(0x20ac, "\xe2\x82\xac", 3));
	CHECK("utf8_encode: U+1F600", enc_is(0x1f600, "\xf0\x9f\x98\x80", 4));
	CHECK("utf8_encode: refuses surrogate U+D800",
	    utf8_encode(0xd800, out) == 0);
	CHECK("utf8_encode: refuses surrogate U+DBFF",
	    utf8_encode(0xdbff, out) == 0);
	CHECK("utf8_encode: refuses surrogate U+DC00",
	    utf8_encode(0xdc00, out) == 0);
	CHECK("utf8_encode: refuses surrogate U+DFFF",
	    utf8_encode(0xdfff, out) == 0);
	CHECK("utf8_encode: refuses U+110000", utf8_encode(0x110000, out) == 0);
	CHECK("utf8_encode: refuses U+7FFFFFFF",
	    utf8_encode(0x7fffffffUL, out) == 0);
	CHECK("utf8_encode: refuses ULONG-sized value",
	    utf8_encode((unsigned long)-1, out) == 0);
}

static void
test_round_trip(void)
{
	unsigned long cp, got, step;
	size_t k, d;
	char out[4];
	int bad = 0, tried = 0, surr = 0;

	/* every code point up to U+10000, then a sample above */
	for (cp = 0; cp <= 0x10ffff; cp += step) {
		step = cp < 0x10000 ? 1 : 97;
		k = utf8_encode(cp, out);
		if (cp >= 0xd800 && cp <= 0xdfff) {
			if (k != 0)
				surr++;
			continue;
		}
		tried++;
		d = utf8_decode((const unsigned char *)out, k ? k : 1, &got);
		if (k == 0 || d != k || got != cp || !utf8_valid(out, k) ||
		    k != (cp < 0x80 ? 1u : cp < 0x800 ? 2u :
		    cp < 0x10000 ? 3u : 4u))
			bad++;
	}
	CHECK("utf8: encode/decode round trip over sampled scalar values",
	    tried > 60000 && bad == 0);
	CHECK("utf8: encode refuses every surrogate", surr == 0);
	k = utf8_encode(0x10ffff, out);
	CHECK("utf8: encode/decode round trip of U+10FFFF",
	    k == 4 && utf8_decode((const unsigned char *)out, k, &got) == 4 &&
	    got == 0x10ffff);
}

static void
test_printable(void)
{
	char c[2];
	int i, bad;

	CHECK("utf8_printable: empty string is printable",
	    utf8_printable("", 0));
	CHECK("utf8_printable: ASCII text with space is printable",
	    utf8_printable("Hello, world! ~", 15));
	CHECK("utf8_printable: accepts e-acute", utf8_printable("\xc3\xa9", 2));
	CHECK("utf8_printable: accepts U+00A0 (first after C1)",
	    utf8_printable("\xc2\xa0", 2));
	CHECK("utf8_printable: accepts CJK",
	    utf8_printable("\xe6\x97\xa5\xe6\x9c\xac", 6));
	CHECK("utf8_printable: accepts emoji",
	    utf8_printable("\xf0\x9f\x98\x80", 4));
	CHECK("utf8_printable: rejects tab", !utf8_printable("a\tb", 3));
	CHECK("utf8_printable: rejects newline", !utf8_printable("a\nb", 3));
	CHECK("utf8_printable: rejects carriage return",
	    !utf8_printable("a\rb", 3));
	CHECK("utf8_printable: rejects NUL", !utf8_printable("a\0b", 3));
	CHECK("utf8_printable: rejects ESC", !utf8_printable("\x1b[0m", 4));
	bad = 0;
	c[1] = 'x';
	for (i = 0; i < 0x20; i++) {
		c[0] = (char)i;
		if (utf8_printable(c, 2))
			bad++;
	}
	CHECK("utf8_printable: rejects every C0 control", bad == 0);
	CHECK("utf8_printable: rejects DEL", !utf8_printable("a\x7f", 2));
	CHECK("utf8_printable: rejects U+0080 (first C1)",
	    !utf8_printable("\xc2\x80", 2));
	CHECK("utf8_printable: rejects U+0085 (NEL)",
	    !utf8_printable("\xc2\x85", 2));
	CHECK("utf8_printable: rejects U+009F (last C1)",
	    !utf8_printable("\xc2\x9f", 2));
	bad = 0;
	for (i = 0x80; i <= 0x9f; i++) {
		c[0] = (char)0xc2;
		c[1] = (char)i;
		if (utf8_printable(c, 2))
			bad++;
	}
	CHECK("utf8_printable: rejects every C1 control", bad == 0);
	CHECK("utf8_printable: rejects U+2028 and U+2029 (line breaks)",
	    !utf8_printable("a\xe2\x80\xa8", 4) &&
	    !utf8_printable("a\xe2\x80\xa9", 4));
	CHECK("utf8_printable: rejects U+202E (right-to-left override)",
	    !utf8_printable("\xe2\x80\xaegpj.exe", 10));
	CHECK("utf8_printable: rejects U+202A to U+202D (embeddings)",
	    !utf8_printable("\xe2\x80\xaa", 3) &&
	    !utf8_printable("\xe2\x80\xab", 3) &&
	    !utf8_printable("\xe2\x80\xac", 3) &&
	    !utf8_printable("\xe2\x80\xad", 3));
	CHECK("utf8_printable: rejects U+2066 to U+2069 (isolates)",
	    !utf8_printable("\xe2\x81\xa6", 3) &&
	    !utf8_printable("\xe2\x81\xa9", 3));
	CHECK("utf8_printable: accepts U+200F (right-to-left mark) and "
	    "U+2027, U+202F beside them", utf8_printable("\xe2\x80\x8f", 3) &&
	    utf8_printable("\xe2\x80\xa7\xe2\x80\xaf", 6) &&
	    utf8_printable("\xe2\x81\xa5\xe2\x81\xaa", 6));
	CHECK("utf8_printable: accepts Hebrew and Arabic text",
	    utf8_printable("\xd7\xa9\xd7\x9c\xd7\x95\xd7\x9d "
	    "\xd8\xb3\xd9\x84\xd8\xa7\xd9\x85", 17));
	CHECK("utf8_printable: rejects invalid UTF-8",
	    !utf8_printable("ab\xff", 3));
	CHECK("utf8_printable: rejects encoded surrogate",
	    !utf8_printable("\xed\xa0\x80", 3));
	CHECK("utf8_printable: rejects truncated sequence",
	    !utf8_printable("\xe6\x97", 2));
	CHECK("utf8_printable: rejects C0 control after valid text",
	    !utf8_printable("\xc3\xa9\xe6\x97\xa5\x01", 6));
}

int
main(void)
{
	test_boundaries();
	test_valid();
	test_encode();
	test_round_trip();
	test_printable();
	return unit_exit();
}
