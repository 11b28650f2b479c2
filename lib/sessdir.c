/* sessdir: a session's directory; see sessdir.h. */
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/file.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <time.h>
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
	const struct timespec ms10 = { 0, 10 * 1000 * 1000 };
	char path[PATH_MAX];
	int i;

	if (path_join(path, sizeof(path), dir, "lock") < 0 ||
	    (*fd = open(path, O_RDWR | O_CREAT | O_NOFOLLOW | O_CLOEXEC,
	    0600)) < 0)
		return -1;
	/* a moment's wait: hail-chat, looking whether a session is on,
	 * takes it shared for an instant */
	for (i = 0; flock(*fd, LOCK_EX | LOCK_NB) < 0; i++) {
		if (i == 20) {
			close(*fd);
			*fd = -1;
			return 1;
		}
		nanosleep(&ms10, NULL);
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

long
sessdir_running(const char *dir)
{
	char path[PATH_MAX], text[32];
	long pid = 0;
	ssize_t n;
	int fd;

	if (path_join(path, sizeof(path), dir, "lock") < 0 ||
	    (fd = open(path, O_RDONLY | O_NOFOLLOW | O_CLOEXEC)) < 0)
		return 0;
	if (flock(fd, LOCK_SH | LOCK_NB) == 0) {
		close(fd);	/* (unlocked with it) */
		return 0;
	}
	if ((n = read(fd, text, sizeof(text) - 1)) > 0) {
		text[n] = '\0';
		pid = strtol(text, NULL, 10);
	}
	close(fd);
	return pid > 1 ? pid : -1;
}

static pid_t presd_pid;

static void
presd_stop(void)
{
	if (presd_pid > 0 && kill(presd_pid, SIGTERM) == 0)
		waitpid(presd_pid, NULL, 0);
	presd_pid = 0;
}

pid_t
sessdir_presd(const char *dir, const char *user, char *out, size_t n)
{
	pid_t pid;
	int fd;

	if (path_join(out, n, dir, "presence") < 0 || (pid = fork()) < 0)
		return -1;
	if (pid > 0) {
		if (presd_pid == 0)
			atexit(presd_stop);
		return presd_pid = pid;
	}
	/* not the peer's connection: /dev/null in its place */
	if ((fd = open("/dev/null", O_RDWR)) < 0 || dup2(fd, 0) < 0 ||
	    dup2(fd, 1) < 0)
		_exit(127);
	if (user[0])
		execlp("presd", "presd", "-o", out, "-u", user, (char *)NULL);
	else
		execlp("presd", "presd", "-o", out, (char *)NULL);
	fprintf(stderr, "presd: %s\n", strerror(errno));
	_exit(127);
}

int
sessdir_latest(char *out, size_t size)
{
	char state[PATH_MAX], base[PATH_MAX], dir[PATH_MAX], f[PATH_MAX];
	struct dirent *e;
	struct stat st;
	time_t best = 0;
	int found = 0, on = 0, now_on;
	DIR *d;

	if (path_dir(PATH_STATE, state, sizeof(state)) < 0 ||
	    path_join(base, sizeof(base), state, "sessions") < 0 ||
	    (d = opendir(base)) == NULL)
		return -1;
	while ((e = readdir(d)) != NULL) {
		if (e->d_name[0] == '.' ||
		    path_join(dir, sizeof(dir), base, e->d_name) < 0 ||
		    path_join(f, sizeof(f), dir, "out") < 0 ||
		    stat(f, &st) < 0)
			continue;
		/* a session that runs first, then the latest transcript */
		now_on = sessdir_running(dir) != 0;
		if (((now_on && !on) || (now_on == on && (!found ||
		    st.st_mtime > best))) &&
		    snprintf(out, size, "%s", dir) < (int)size) {
			best = st.st_mtime;
			on = now_on;
			found = 1;
		}
	}
	closedir(d);
	return found ? 0 : -1;
}

int
sessdir_send(const char *dir, const char *name, int *fd, const char *s,
    size_t n)
{
	char path[PATH_MAX];
	struct stat st;
	struct buf b;
	int fl, r;

	if (*fd < 0) {
		/* no reader: ENXIO, at once */
		if (path_join(path, sizeof(path), dir, name) < 0 ||
		    (*fd = open(path, O_WRONLY | O_NONBLOCK | O_NOFOLLOW |
		    O_CLOEXEC)) < 0)
			return *fd = -1;
		if (fstat(*fd, &st) < 0 || !S_ISFIFO(st.st_mode) ||
		    (fl = fcntl(*fd, F_GETFL)) < 0 ||
		    fcntl(*fd, F_SETFL, fl & ~O_NONBLOCK) < 0) {
			close(*fd);
			return *fd = -1;
		}
	}
	buf_init(&b, 0);
	buf_add(&b, s, n);
	buf_addc(&b, '\n');
	r = b.err ? -1 : afile_write_all(*fd, b.data, b.len);
	buf_free(&b);
	if (r < 0) {
		close(*fd);
		*fd = -1;
	}
	return r;
}
