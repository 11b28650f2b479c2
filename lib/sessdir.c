/* sessdir: a session's directory; see sessdir.h. */
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdio.h>
#include <string.h>
#include <sys/file.h>
#include <sys/stat.h>
#include <unistd.h>

#include "afile.h"
#include "buf.h"
#include "paths.h"
#include "sessdir.h"

int
sessdir_path(const char *id, char *out, size_t n)
{
	char state[PATH_MAX], base[PATH_MAX];

	if (path_dir(PATH_STATE, state, sizeof(state)) < 0 ||
	    path_join(base, sizeof(base), state, "sessions") < 0 ||
	    path_join(out, n, base, id) < 0)
		return -1;
	return 0;
}

int
sessdir_lock(const char *dir, int *fd)
{
	char path[PATH_MAX];

	if (path_join(path, sizeof(path), dir, "lock") < 0 ||
	    (*fd = open(path, O_RDWR | O_CREAT | O_NOFOLLOW | O_CLOEXEC,
	    0600)) < 0)
		return -1;
	if (flock(*fd, LOCK_EX | LOCK_NB) < 0) {
		close(*fd);
		*fd = -1;
		return 1;
	}
	/* the lock names the process that holds it: hail-chat ends the
	 * session through it */
	if (ftruncate(*fd, 0) < 0 || dprintf(*fd, "%ld\n", (long)getpid()) < 0)
		return -1;
	return 0;
}

int
sessdir_fifo(const char *dir, const char *name, int *fd)
{
	char path[PATH_MAX];
	struct stat st;

	if (path_join(path, sizeof(path), dir, name) < 0)
		return -1;
	if (mkfifo(path, 0600) < 0 && errno != EEXIST)
		return -1;
	if ((*fd = open(path, O_RDWR | O_NONBLOCK | O_NOFOLLOW |
	    O_CLOEXEC)) < 0)
		return 1;
	if (fstat(*fd, &st) < 0 || !S_ISFIFO(st.st_mode)) {
		close(*fd);
		*fd = -1;
		return 1;
	}
	return 0;
}

int
sessdir_put_peer(const char *dir, const struct presence *p)
{
	char path[PATH_MAX];
	struct buf line;
	int r = -1;

	buf_init(&line, PRES_LINE_MAX);
	if (pres_format(p, &line) == 0 &&
	    path_join(path, sizeof(path), dir, "peer") == 0 &&
	    afile_write(path, line.data, line.len, 0600) == 0)
		r = 0;
	buf_free(&line);
	return r;
}

int
sessdir_peer_gone(const char *dir, const char *user, time_t now,
    time_t expires)
{
	char path[PATH_MAX], line[PRES_LINE_MAX + 1];
	struct presence p;
	const char *why;

	if (path_join(path, sizeof(path), dir, "peer") < 0)
		return -1;
	if (pres_load(path, 077, &p, line, &why) < 0) {
		memset(&p, 0, sizeof(p));
		if (snprintf(p.user, sizeof(p.user), "%s", user) >=
		    (int)sizeof(p.user))
			return -1;
	}
	p.status = PRES_OFFLINE;
	p.since = p.time = now;
	p.expires = expires;
	return sessdir_put_peer(dir, &p);
}
