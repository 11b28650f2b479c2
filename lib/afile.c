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

int
afile_dirname(const char *path, char *out, size_t n)
{
	const char *slash = strrchr(path, '/');
	size_t len;

	if (slash == NULL) {
		path = ".";
		len = 1;
	} else {
		len = slash == path ? 1 : (size_t)(slash - path);
	}
	if (len >= n) {
		errno = ENAMETOOLONG;
		return -1;
	}
	memcpy(out, path, len);
	out[len] = '\0';
	return 0;
}

ssize_t
afile_read_own(const char *path, void *buf, size_t max, mode_t deny,
    const char **why)
{
	struct stat st;
	size_t got = 0;
	ssize_t r = -1;
	char probe;
	int fd, e = 0;

	if ((fd = open(path, O_RDONLY | O_NOFOLLOW | O_NONBLOCK |
	    O_CLOEXEC)) < 0) {
		*why = strerror(errno);
		return -1;
	}
	if (fstat(fd, &st) < 0) {
		e = errno;
		*why = strerror(e);
	} else if (!S_ISREG(st.st_mode)) {
		e = EINVAL;
		*why = "not a regular file";
	} else if (st.st_uid != geteuid()) {
		e = EPERM;
		*why = "owned by another user";
	} else if (st.st_mode & deny) {
		e = EPERM;
		*why = deny & (S_IRGRP | S_IROTH) ?
		    "readable or writable by group or others" :
		    "writable by others";
	}
	/* read to the end, and one byte more to tell a file that grew past
	 * max from one that fits */
	while (e == 0 && got <= max) {
		r = got < max ? read(fd, (char *)buf + got, max - got) :
		    read(fd, &probe, 1);
		if (r < 0 && errno == EINTR)
			continue;
		if (r < 0) {
			e = errno;
			*why = strerror(e);
		} else if (r == 0) {
			break;
		} else if (got == max) {
			e = EFBIG;
			*why = "too large";
		} else {
			got += (size_t)r;
		}
	}
	probe = 0;
	close(fd);
	if (e) {
		errno = e;
		return -1;
	}
	return (ssize_t)got;
}

int
afile_mkdirs(const char *dir, mode_t mode)
{
	char path[4096];
	size_t len = strlen(dir), i;

	if (len >= sizeof(path)) {
		errno = ENAMETOOLONG;
		return -1;
	}
	memcpy(path, dir, len + 1);
	for (i = 1; i <= len; i++) {
		if (path[i] != '/' && path[i] != '\0')
			continue;
		path[i] = '\0';
		if (mkdir(path, mode) < 0 && errno != EEXIST)
			return -1;
		if (i < len)
			path[i] = '/';
	}
	return 0;
}

void
afile_syncdir(const char *dir)
{
	int fd;

	if ((fd = open(dir, O_RDONLY | O_DIRECTORY | O_CLOEXEC)) >= 0) {
		(void)fsync(fd);
		close(fd);
	}
}

/* put: afile_write, or afile_create when excl */
static int
put(const char *path, const void *data, size_t n, mode_t mode, int excl)
{
	char tmp[4096], dir[4096];
	const char *base;
	int fd, r, e;

	if (afile_dirname(path, dir, sizeof(dir)) < 0)
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
	if (excl) {
		/* link fails if path exists: of two writers, one wins */
		if (link(tmp, path) < 0)
			goto fail;
		unlink(tmp);
	} else if (rename(tmp, path) < 0) {
		goto fail;
	}
	afile_syncdir(dir);	/* the rename or link itself, durable */
	return 0;
fail:
	e = errno;
	if (fd >= 0)
		close(fd);
	unlink(tmp);
	errno = e;
	return -1;
}

int
afile_write(const char *path, const void *data, size_t n, mode_t mode)
{
	return put(path, data, n, mode, 0);
}

int
afile_create(const char *path, const void *data, size_t n, mode_t mode)
{
	return put(path, data, n, mode, 1);
}

int
afile_open_std(void)
{
	int fd;

	for (fd = 0; fd <= 2; fd++)
		if (fcntl(fd, F_GETFD) < 0 && errno == EBADF &&
		    open("/dev/null", fd == 0 ? O_RDONLY : O_WRONLY) != fd)
			return -1;
	return 0;
}
