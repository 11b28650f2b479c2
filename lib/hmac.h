/* hmac: HMAC-SHA-256 (RFC 2104, with SHA-256 from libmd), and the two
 * chores that go with handling a secret: comparing in constant time and
 * wiping. */
#ifndef HAIL_HMAC_H
#define HAIL_HMAC_H

#include <stddef.h>
#include <sha2.h>

#define HMAC_SHA256_LEN 32	/* bytes of a tag */

/* The state of one HMAC over a message given in pieces. It holds the
 * hash states after the key pads, never the key itself. */
struct hmac_ctx {
	SHA2_CTX inner;		/* has absorbed K ^ ipad, then the message */
	SHA2_CTX outer;		/* has absorbed K ^ opad */
};

/* hmac_sha256: writes HMAC-SHA-256 of msg[0..n) under key[0..keylen) to
 * out; a key longer than the 64-byte block is hashed first. Wipes its key
 * pads and hash states before returning. */
void hmac_sha256(const void *key, size_t keylen, const void *msg, size_t n,
    unsigned char out[HMAC_SHA256_LEN]);
/* hmac_init: starts an HMAC under key[0..keylen) in *ctx; the key may be
 * wiped as soon as this returns. */
void hmac_init(struct hmac_ctx *ctx, const void *key, size_t keylen);
/* hmac_update: adds p[0..n) to the message. */
void hmac_update(struct hmac_ctx *ctx, const void *p, size_t n);
/* hmac_final: writes the tag of the message so far to out and wipes *ctx;
 * hmac_init must come before the context is used again. */
void hmac_final(struct hmac_ctx *ctx, unsigned char out[HMAC_SHA256_LEN]);

/* hmac_equal: 1 if a[0..n) and b[0..n) are equal, else 0, taking the same
 * time whatever the bytes (for comparing tags); n == 0 is equal. */
int hmac_equal(const void *a, const void *b, size_t n);
/* hmac_wipe: sets p[0..n) to zero in a way the compiler cannot drop as a
 * dead store. */
void hmac_wipe(void *p, size_t n);

#endif
