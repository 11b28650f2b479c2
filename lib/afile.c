/* afile: atomic file replacement; see afile.h. */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "afile.h"

int
afile_write_all(int fd, const void *data, size_t n)
{
	const char *p = data;
	ssize_t w;

	while (n > 0) {
		if ((w = write(fd, p, n)) < 0) {
			if (errno == EINTR)
				continue;
			return -1;
		}
		p += w;
		n -= (size_t)w;
	}
	return 0;
}

/* dirpart: the directory of path into out (size n), "." when none. */
static int
dirpart(const char *path, char *out, size_t n)
{
	const char *slash = strrchr(path, '/');
	size_t len;

	if (slash == NULL)
		slash = path, len = 0;
	else
		len = slash == path ? 1 : (size_t)(slash - path);
	if (len == 0) {
		out[0] = '.';
		out[1] = '\0';
		return 0;
	}
	if (len >= n) {
		errno = ENAMETOOLONG;
		return -1;
	}
	memcpy(out, path, len);
	out[len] = '\0';
	return 0;
}

int
afile_write(const char *path, const void *data, size_t n, mode_t mode)
{
	char tmp[4096], dir[4096];
	const char *base;
	int fd, dfd, r, e;

	if (dirpart(path, dir, sizeof(dir)) < 0)
		return -1;
	base = strrchr(path, '/');
	base = base ? base + 1 : path;
	r = snprintf(tmp, sizeof(tmp), "%s/.%s.XXXXXX", dir, base);
	if (r < 0 || (size_t)r >= sizeof(tmp)) {
		errno = ENAMETOOLONG;
		return -1;
	}
	/* mkstemp opens with O_CREAT|O_EXCL and mode 0600 */
	if ((fd = mkstemp(tmp)) < 0)
		return -1;
	if (fchmod(fd, mode) < 0 || afile_write_all(fd, data, n) < 0 ||
	    fsync(fd) < 0)
		goto fail;
	if (close(fd) < 0) {
		fd = -1;
		goto fail;
	}
	fd = -1;
	if (rename(tmp, path) < 0)
		goto fail;
	/* make the rename itself durable; a directory that cannot be
	 * opened or synced (some file systems) does not undo it */
	if ((dfd = open(dir, O_RDONLY | O_DIRECTORY)) >= 0) {
		(void)fsync(dfd);
		close(dfd);
	}
	return 0;
fail:
	e = errno;
	if (fd >= 0)
		close(fd);
	unlink(tmp);
	errno = e;
	return -1;
}
