/* digest: SHA-256 (libmd) of a file, and the hex form hail writes and
 * checks hashes in. */
#ifndef HAIL_DIGEST_H
#define HAIL_DIGEST_H

#include <stddef.h>
#include <sys/types.h>

#define DIGEST_LEN	32	/* bytes of a SHA-256 */
#define DIGEST_HEX_LEN	64	/* its hex digits */

/* digest_fd: the SHA-256 of everything fd reads from its offset to the
 * end, into out, and the byte count into *size; retries EINTR. Returns 0,
 * or -1 with errno set. */
int digest_fd(int fd, unsigned char out[DIGEST_LEN], off_t *size);
/* digest_hex: writes p[0..n) as 2n lower-case hex digits and a NUL to out
 * (size 2n + 1). */
void digest_hex(const void *p, size_t n, char *out);
/* digest_hex_ok: 1 if s is exactly DIGEST_HEX_LEN lower-case hex digits,
 * the only form hail takes a hash in (no case folding, no prefix), else 0. */
int digest_hex_ok(const char *s);

/* digest_own_is: 1 if fd is a regular, non-empty file of the effective
 * user whose SHA-256 is sha (hex), 0 if it is not, -1 with errno set if it
 * could not be read: the one test of a file kept under its hash. */
int digest_own_is(int fd, const char *sha);

#endif
