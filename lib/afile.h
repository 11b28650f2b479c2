/* afile: replace a file atomically, so readers see the old or the new
 * contents and never a part. */
#ifndef HAIL_AFILE_H
#define HAIL_AFILE_H

#include <stddef.h>
#include <sys/types.h>

/* afile_write: writes data[0..n) to a new temporary file beside path
 * (created with O_EXCL, so never through a planted link), fsyncs it,
 * renames it over path and fsyncs the directory. The file gets mode. On
 * failure returns -1 with errno set, the temporary file removed and path
 * untouched; otherwise 0. */
int afile_write(const char *path, const void *data, size_t n, mode_t mode);
/* afile_create: as afile_write, but path is made only if it does not
 * exist (link(2), not rename(2)): -1 with errno EEXIST if it does, even
 * when another process made it a moment before. */
int afile_create(const char *path, const void *data, size_t n,
    mode_t mode);
/* afile_write_all: writes all n bytes to fd, retrying short writes and
 * EINTR; returns 0, or -1 with errno set. */
int afile_write_all(int fd, const void *data, size_t n);
/* afile_dirname: the directory part of path into out (size n): "." for a
 * bare name, "/" for "/name". Returns 0, or -1 with errno ENAMETOOLONG. */
int afile_dirname(const char *path, char *out, size_t n);
/* afile_read_own: reads the whole file at path, at most max bytes, into
 * buf (size max), where it is the user's own: a symbolic link is not
 * followed, a FIFO not waited on, and anything but a regular file owned by
 * the user with none of the mode bits in deny is refused. Returns the
 * length, or -1 with errno set (ENOENT: no file; EFBIG: more than max
 * bytes) and a reason in *why (static, or strerror's). */
ssize_t afile_read_own(const char *path, void *buf, size_t max, mode_t deny,
    const char **why);
/* afile_mkdirs: makes dir and every missing directory on the way to it,
 * as mkdir -p does, each with mode; returns 0, or -1 with errno set (the
 * path of the one that failed is not kept: callers name dir). */
int afile_mkdirs(const char *dir, mode_t mode);
/* afile_syncdir: makes changes to dir's entries durable, where the file
 * system lets a directory be synced (a failure undoes nothing, so none is
 * reported). */
void afile_syncdir(const char *dir);

/* afile_open_std: a closed standard input, output or error becomes
 * /dev/null, so that no file the program opens takes its number and gets
 * what was meant for it. Returns 0, or -1 if one cannot be opened. */
int afile_open_std(void);

#endif
