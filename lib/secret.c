/* secret: the inviter's secret; see secret.h. */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <string.h>
#include <sys/random.h>
#include <sys/stat.h>
#include <unistd.h>

#include "afile.h"
#include "hmac.h"
#include "secret.h"

int
secret_random(void *p, size_t n)
{
	unsigned char *b = p;
	ssize_t r;

	while (n > 0) {
		if ((r = getrandom(b, n, 0)) < 0) {
			if (errno == EINTR)
				continue;
			return -1;
		}
		b += r;
		n -= (size_t)r;
	}
	return 0;
}

/* readkey: reads the secret at path into key; returns 0, or -1 with errno
 * set (ENOENT: none there), a reason in *why and key untouched. */
static int
readkey(const char *path, unsigned char key[SECRET_LEN], const char **why)
{
	unsigned char buf[SECRET_LEN];
	ssize_t n;
	int e;

	n = afile_read_own(path, buf, sizeof(buf), 077, why);
	e = errno;
	if (n < 0 && e == ELOOP)
		*why = "a symbolic link";
	else if ((n < 0 && e == EFBIG) || (n >= 0 && n != SECRET_LEN)) {
		*why = "not exactly 32 bytes";
		if (n >= 0)
			e = EINVAL;
	}
	else if (n == SECRET_LEN)
		memcpy(key, buf, SECRET_LEN);
	hmac_wipe(buf, sizeof(buf));
	errno = e;
	return n == SECRET_LEN ? 0 : -1;
}

/* mkparent: creates dir (mode 0700) unless it exists, and makes its entry
 * durable with the secret that is about to go in it. */
static int
mkparent(const char *dir, const char **why)
{
	char up[4096];

	if (mkdir(dir, 0700) < 0) {
		if (errno == EEXIST)
			return 0;
		*why = strerror(errno);
		return -1;
	}
	if (afile_dirname(dir, up, sizeof(up)) == 0)
		afile_syncdir(up);
	return 0;
}

/* make_secret: makes a new secret at path and reads it into key; if another
 * process made one first, reads that one instead. The new secret is
 * written whole to a temporary file and only then linked to path: link,
 * unlike rename, fails when path exists, so the first to land wins and
 * nobody replaces a secret that may already have signed tokens. */
static int
make_secret(const char *path, unsigned char key[SECRET_LEN],
    const char **why)
{
	char dir[4096], tmp[4096];
	unsigned long long nonce;
	const char *base;
	int fd = -1, ret = -1, tries, n;

	base = strrchr(path, '/');
	base = base != NULL ? base + 1 : path;
	if (*base == '\0') {
		*why = "the path ends in a slash";
		return -1;
	}
	if (afile_dirname(path, dir, sizeof(dir)) < 0) {
		*why = strerror(errno);
		return -1;
	}
	if (mkparent(dir, why) < 0)
		return -1;
	for (tries = 0; fd < 0; tries++) {
		if (secret_random(&nonce, sizeof(nonce)) < 0) {
			*why = strerror(errno);
			return -1;
		}
		n = snprintf(tmp, sizeof(tmp), "%s/.%s.%016llx", dir, base,
		    nonce);
		if (n < 0 || (size_t)n >= sizeof(tmp)) {
			*why = strerror(ENAMETOOLONG);
			return -1;
		}
		fd = open(tmp, O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW |
		    O_CLOEXEC, 0600);
		/* a name taken by chance is tried again, a little */
		if (fd < 0 && (errno != EEXIST || tries == 8)) {
			*why = strerror(errno);
			return -1;
		}
	}
	/* exactly 0600, whatever the umask took away */
	if (fchmod(fd, 0600) < 0 || secret_random(key, SECRET_LEN) < 0 ||
	    afile_write_all(fd, key, SECRET_LEN) < 0 || fsync(fd) < 0) {
		*why = strerror(errno);
		goto out;
	}
	if (close(fd) < 0) {
		fd = -1;
		*why = strerror(errno);
		goto out;
	}
	fd = -1;
	if (link(tmp, path) == 0) {
		ret = 0;
	} else if (errno == EEXIST) {
		/* another process landed first: its secret is the one */
		hmac_wipe(key, SECRET_LEN);
		ret = readkey(path, key, why);
	} else {
		*why = strerror(errno);
	}
out:
	if (fd >= 0)
		close(fd);
	unlink(tmp);
	afile_syncdir(dir);
	return ret;
}

int
secret_load(const char *path, int create,
    unsigned char key[SECRET_LEN], const char **why)
{
	int ret;

	if ((ret = readkey(path, key, why)) < 0 && errno == ENOENT && create)
		ret = make_secret(path, key, why);
	if (ret < 0)
		hmac_wipe(key, SECRET_LEN);
	return ret;
}
