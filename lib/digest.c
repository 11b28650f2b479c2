/* digest: SHA-256 of a file and hex; see digest.h. */
#include <errno.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>
#include <sha2.h>

#include "digest.h"

_Static_assert(DIGEST_LEN == SHA256_DIGEST_LENGTH, "one SHA-256");

int
digest_fd(int fd, unsigned char out[DIGEST_LEN], off_t *size)
{
	unsigned char chunk[16384];
	SHA2_CTX h;
	off_t total = 0;
	ssize_t r;

	SHA256Init(&h);
	for (;;) {
		if ((r = read(fd, chunk, sizeof(chunk))) < 0) {
			if (errno == EINTR)
				continue;
			return -1;
		}
		if (r == 0)
			break;
		SHA256Update(&h, chunk, (size_t)r);
		total += r;
	}
	SHA256Final(out, &h);
	*size = total;
	return 0;
}

void
digest_hex(const void *p, size_t n, char *out)
{
	static const char hex[] = "0123456789abcdef";
	const unsigned char *b = p;
	size_t i;

	for (i = 0; i < n; i++) {
		out[2 * i] = hex[b[i] >> 4];
		out[2 * i + 1] = hex[b[i] & 0xf];
	}
	out[2 * n] = '\0';
}

int
digest_hex_ok(const char *s)
{
	return strlen(s) == DIGEST_HEX_LEN &&
	    strspn(s, "0123456789abcdef") == DIGEST_HEX_LEN;
}

int
digest_own_is(int fd, const char *sha)
{
	unsigned char d[DIGEST_LEN];
	char hex[DIGEST_HEX_LEN + 1];
	struct stat st;
	off_t size;

	if (fstat(fd, &st) < 0)
		return -1;
	if (!S_ISREG(st.st_mode) || st.st_uid != geteuid())
		return 0;
	if (digest_fd(fd, d, &size) < 0)
		return -1;
	digest_hex(d, sizeof(d), hex);
	return size > 0 && strcmp(hex, sha) == 0;
}
