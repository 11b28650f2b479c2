/* hmac: HMAC-SHA-256 and secret hygiene; see hmac.h. */
#include <string.h>
#include <sha2.h>

#include "hmac.h"

#define BLOCK SHA256_BLOCK_LENGTH	/* B of RFC 2104 */

_Static_assert(HMAC_SHA256_LEN == SHA256_DIGEST_LENGTH,
    "a tag is one SHA-256 digest");

/* Called through a volatile pointer, memset cannot be recognised and
 * dropped as a store to memory that is dead afterwards. explicit_bzero
 * would do the same but is hidden by -D_XOPEN_SOURCE=700. */
static void *(*const volatile wipe_memset)(void *, int, size_t) = memset;

void
hmac_wipe(void *p, size_t n)
{
	if (n > 0)
		wipe_memset(p, 0, n);
}

int
hmac_equal(const void *a, const void *b, size_t n)
{
	const unsigned char *x = a, *y = b;
	unsigned int d = 0;
	size_t i;

	/* look at every byte, whatever the earlier ones were */
	for (i = 0; i < n; i++)
		d |= x[i] ^ y[i];
	/* d is 0..255 and d - 1 wraps into the high bits only when d is 0:
	 * the answer without a branch on the secret */
	return (int)(((d - 1) >> 8) & 1);
}

void
hmac_init(struct hmac_ctx *ctx, const void *key, size_t keylen)
{
	unsigned char k[BLOCK], pad[BLOCK];
	SHA2_CTX h;
	size_t i;

	/* the key, hashed if longer than a block, padded with zeros to one */
	memset(k, 0, sizeof(k));
	if (keylen > BLOCK) {
		SHA256Init(&h);
		SHA256Update(&h, key, keylen);
		SHA256Final(k, &h);
		hmac_wipe(&h, sizeof(h));
	} else if (keylen > 0) {
		memcpy(k, key, keylen);
	}
	for (i = 0; i < BLOCK; i++)
		pad[i] = k[i] ^ 0x36;
	SHA256Init(&ctx->inner);
	SHA256Update(&ctx->inner, pad, BLOCK);
	for (i = 0; i < BLOCK; i++)
		pad[i] = k[i] ^ 0x5c;
	SHA256Init(&ctx->outer);
	SHA256Update(&ctx->outer, pad, BLOCK);
	hmac_wipe(k, sizeof(k));
	hmac_wipe(pad, sizeof(pad));
}

void
hmac_update(struct hmac_ctx *ctx, const void *p, size_t n)
{
	if (n > 0)
		SHA256Update(&ctx->inner, p, n);
}

void
hmac_final(struct hmac_ctx *ctx, unsigned char out[HMAC_SHA256_LEN])
{
	unsigned char ih[SHA256_DIGEST_LENGTH];

	SHA256Final(ih, &ctx->inner);
	SHA256Update(&ctx->outer, ih, sizeof(ih));
	SHA256Final(out, &ctx->outer);
	hmac_wipe(ih, sizeof(ih));
	hmac_wipe(ctx, sizeof(*ctx));
}

void
hmac_sha256(const void *key, size_t keylen, const void *msg, size_t n,
    unsigned char out[HMAC_SHA256_LEN])
{
	struct hmac_ctx ctx;

	hmac_init(&ctx, key, keylen);
	hmac_update(&ctx, msg, n);
	hmac_final(&ctx, out);	/* wipes ctx */
}
