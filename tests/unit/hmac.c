/* hmac: unit tests of HMAC-SHA-256 against RFC 4231, of hmac_equal and
 * of hmac_wipe (lib/hmac.h). */
#include <stdio.h>
#include <string.h>
#include <sha2.h>

#include "../../lib/hmac.h"
#include "unit.h"

/* One test case of RFC 4231 section 4: the key is keylen bytes of keyfill
 * unless keyhex names them; the same for the message. */
struct vector {
	const char *keyhex;
	unsigned char keyfill;
	size_t keylen;
	const char *msg;
	unsigned char msgfill;
	size_t msglen;
	size_t taglen;		/* case 5 is truncated to 128 bits */
	const char *tag;	/* hex */
};

static const struct vector vectors[] = {
	{ NULL, 0x0b, 20, "Hi There", 0, 0, 32,
	  "b0344c61d8db38535ca8afceaf0bf12b"
	  "881dc200c9833da726e9376c2e32cff7" },
	{ "4a656665", 0, 0, "what do ya want for nothing?", 0, 0, 32,
	  "5bdcc146bf60754e6a042426089575c7"
	  "5a003f089d2739839dec58b964ec3843" },
	{ NULL, 0xaa, 20, NULL, 0xdd, 50, 32,
	  "773ea91e36800e46854db8ebd09181a7"
	  "2959098b3ef8c122d9635514ced565fe" },
	{ "0102030405060708090a0b0c0d0e0f10111213141516171819", 0, 0,
	  NULL, 0xcd, 50, 32,
	  "82558a389a443c0ea4cc819899f2083a"
	  "85f0faa3e578f8077a2e3ff46729665b" },
	{ NULL, 0x0c, 20, "Test With Truncation", 0, 0, 16,
	  "a3b6167473100ee06e0c796c2955552b" },
	{ NULL, 0xaa, 131,
	  "Test Using Larger Than Block-Size Key - Hash Key First", 0, 0, 32,
	  "60e431591ee0b67f0d8a26aacbf5b77f"
	  "8e0bc6213728c5140546040f0ee37f54" },
	{ NULL, 0xaa, 131,
	  "This is a test using a larger than block-size key and a larger "
	  "than block-size data. The key needs to be hashed before being "
	  "used by the HMAC algorithm.", 0, 0, 32,
	  "9b09ffa71b942fcb27635fbcd5b0e944"
	  "bfdc63644f0713938a7f51535c3a35e2" },
};

#define NVECTORS (sizeof(vectors) / sizeof(vectors[0]))

static int
hexval(char c)
{
	if (c >= '0' && c <= '9')
		return c - '0';
	if (c >= 'a' && c <= 'f')
		return c - 'a' + 10;
	return -1;
}

/* unhex: decodes the hex string s into out (size max); returns the number
 * of bytes, or 0 if s is not hex or does not fit. */
static size_t
unhex(const char *s, unsigned char *out, size_t max)
{
	size_t n = 0;
	int hi, lo;

	for (; s[0] != '\0'; s += 2) {
		if ((hi = hexval(s[0])) < 0 || (lo = hexval(s[1])) < 0 ||
		    n == max)
			return 0;
		out[n++] = (unsigned char)(hi << 4 | lo);
	}
	return n;
}

/* expand: the key or message of a vector into out (size max); returns its
 * length. */
static size_t
expand(const char *hex, const char *text, unsigned char fill, size_t len,
    unsigned char *out, size_t max)
{
	if (hex != NULL)
		return unhex(hex, out, max);
	if (text != NULL) {
		len = strlen(text);
		if (len > max)
			return 0;
		memcpy(out, text, len);
		return len;
	}
	if (len > max)
		return 0;
	memset(out, fill, len);
	return len;
}

static int
all_zero(const void *p, size_t n)
{
	const unsigned char *b = p;
	size_t i;

	for (i = 0; i < n; i++)
		if (b[i] != 0)
			return 0;
	return 1;
}

static void
test_vectors(void)
{
	unsigned char key[256], msg[256], want[HMAC_SHA256_LEN];
	unsigned char out[HMAC_SHA256_LEN];
	struct hmac_ctx ctx;
	size_t i, j, klen, mlen, tlen, split;
	char name[80];

	for (i = 0; i < NVECTORS; i++) {
		const struct vector *v = &vectors[i];

		klen = expand(v->keyhex, NULL, v->keyfill, v->keylen, key,
		    sizeof(key));
		mlen = expand(NULL, v->msg, v->msgfill, v->msglen, msg,
		    sizeof(msg));
		tlen = unhex(v->tag, want, sizeof(want));
		snprintf(name, sizeof(name),
		    "RFC 4231 case %zu: vector decodes", i + 1);
		CHECK(name, klen > 0 && mlen > 0 && tlen == v->taglen);

		memset(out, 0xee, sizeof(out));
		hmac_sha256(key, klen, msg, mlen, out);
		snprintf(name, sizeof(name), "RFC 4231 case %zu: one-shot",
		    i + 1);
		CHECK(name, memcmp(out, want, tlen) == 0);

		memset(out, 0xee, sizeof(out));
		hmac_init(&ctx, key, klen);
		for (j = 0; j < mlen; j++)
			hmac_update(&ctx, msg + j, 1);
		hmac_final(&ctx, out);
		snprintf(name, sizeof(name),
		    "RFC 4231 case %zu: incremental, 1-byte pieces", i + 1);
		CHECK(name, memcmp(out, want, tlen) == 0);

		memset(out, 0xee, sizeof(out));
		split = mlen / 3 + 1;
		hmac_init(&ctx, key, klen);
		hmac_update(&ctx, msg, split);
		hmac_update(&ctx, msg + split, mlen - split);
		hmac_final(&ctx, out);
		snprintf(name, sizeof(name),
		    "RFC 4231 case %zu: incremental, two uneven pieces", i + 1);
		CHECK(name, memcmp(out, want, tlen) == 0);
	}
}

static void
test_edges(void)
{
	static const char empty[] =
	    "b613679a0814d9ec772f95d778c35fc5ff1697c493715653c6c712144292c5ad";
	unsigned char want[HMAC_SHA256_LEN], out[HMAC_SHA256_LEN];
	unsigned char out2[HMAC_SHA256_LEN], key[SHA256_BLOCK_LENGTH + 1];
	unsigned char hk[SHA256_DIGEST_LENGTH];
	struct hmac_ctx ctx;
	SHA2_CTX h;

	unhex(empty, want, sizeof(want));
	hmac_sha256(NULL, 0, NULL, 0, out);
	CHECK("empty key and empty message", memcmp(out, want, sizeof(out))
	    == 0);
	hmac_init(&ctx, "", 0);
	hmac_final(&ctx, out);
	CHECK("empty message, incremental, no update",
	    memcmp(out, want, sizeof(out)) == 0);

	hmac_init(&ctx, "k", 1);
	hmac_update(&ctx, "m", 1);
	hmac_final(&ctx, out);
	CHECK("hmac_final wipes the context", all_zero(&ctx, sizeof(ctx)));

	/* one byte past the block the key is hashed first, so the tag is
	 * the one under its hash; at the block it is used as it is */
	memset(key, 0x5a, sizeof(key));
	SHA256Init(&h);
	SHA256Update(&h, key, sizeof(key));
	SHA256Final(hk, &h);
	hmac_sha256(key, sizeof(key), "m", 1, out);
	hmac_sha256(hk, sizeof(hk), "m", 1, out2);
	CHECK("a 65-byte key is hashed first",
	    memcmp(out, out2, sizeof(out)) == 0);
	SHA256Init(&h);
	SHA256Update(&h, key, SHA256_BLOCK_LENGTH);
	SHA256Final(hk, &h);
	hmac_sha256(key, SHA256_BLOCK_LENGTH, "m", 1, out);
	hmac_sha256(hk, sizeof(hk), "m", 1, out2);
	CHECK("a 64-byte key is not hashed",
	    memcmp(out, out2, sizeof(out)) != 0);
}

static void
test_equal(void)
{
	unsigned char a[HMAC_SHA256_LEN], b[HMAC_SHA256_LEN];
	size_t i;

	for (i = 0; i < sizeof(a); i++)
		a[i] = b[i] = (unsigned char)(i * 37 + 1);
	CHECK("hmac_equal: equal buffers give 1",
	    hmac_equal(a, b, sizeof(a)) == 1);
	CHECK("hmac_equal: a buffer equals itself",
	    hmac_equal(a, a, sizeof(a)) == 1);
	b[0] ^= 0x01;
	CHECK("hmac_equal: first byte differs gives 0",
	    hmac_equal(a, b, sizeof(a)) == 0);
	b[0] = a[0];
	b[sizeof(b) - 1] ^= 0x80;
	CHECK("hmac_equal: only the last byte differs gives 0",
	    hmac_equal(a, b, sizeof(a)) == 0);
	CHECK("hmac_equal: compares only n bytes",
	    hmac_equal(a, b, sizeof(a) - 1) == 1);
	b[sizeof(b) - 1] = a[sizeof(a) - 1];
	b[10] = (unsigned char)~a[10];
	CHECK("hmac_equal: a byte differing in every bit gives 0",
	    hmac_equal(a, b, sizeof(a)) == 0);
	CHECK("hmac_equal: n == 0 is equal", hmac_equal(a, b, 0) == 1);
	CHECK("hmac_equal: n == 0 is equal for any contents",
	    hmac_equal("x", "y", 0) == 1);
}

static void
test_wipe(void)
{
	unsigned char buf[48];
	size_t i;
	int rest;

	memset(buf, 0xa5, sizeof(buf));
	hmac_wipe(buf, 40);
	for (rest = 1, i = 40; i < sizeof(buf); i++)
		rest &= buf[i] == 0xa5;
	CHECK("hmac_wipe zeroes the first n bytes", all_zero(buf, 40));
	CHECK("hmac_wipe leaves bytes past n alone", rest);
	memset(buf, 0xa5, sizeof(buf));
	hmac_wipe(buf, 0);
	CHECK("hmac_wipe with n == 0 changes nothing", buf[0] == 0xa5);
}

int
main(void)
{
	test_vectors();
	test_edges();
	test_equal();
	test_wipe();
	return unit_exit();
}
