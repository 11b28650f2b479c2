/* sessdir: unit tests of the session directory: its path, lock, FIFOs
 * and peer file (lib/sessdir.h). */
#include <fcntl.h>
#include <ftw.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include "../../lib/presence.h"
#include "../../lib/sessdir.h"
#include "unit.h"

static char top[] = "/tmp/hail-sessdir-XXXXXX";

/* at: top "/" name, in a static buffer */
static const char *
at(const char *name)
{
	static char path[PATH_MAX];

	snprintf(path, sizeof(path), "%s/%s", top, name);
	return path;
}

/* slurp: the file at path into buf (size n, NUL-ended); its length or -1 */
static ssize_t
slurp(const char *path, char *buf, size_t n)
{
	ssize_t r;
	int fd;

	if ((fd = open(path, O_RDONLY)) < 0)
		return -1;
	r = read(fd, buf, n - 1);
	close(fd);
	if (r >= 0)
		buf[r] = '\0';
	return r;
}

static void
test_path(void)
{
	char out[PATH_MAX];

	setenv("HAIL_STATE_DIR", "/x/state", 1);
	CHECK("sessdir_path: sessions/ID under the state directory",
	    sessdir_path("0123", out, sizeof(out)) == 0 &&
	    strcmp(out, "/x/state/sessions/0123") == 0);
	CHECK("sessdir_path: too long for out, -1",
	    sessdir_path("0123", out, 10) == -1);
}

static void
test_lock(void)
{
	char text[64], want[64];
	int fd = -1, fd2 = -1;
	pid_t pid;
	int st;

	CHECK("sessdir_lock: taken", sessdir_lock(top, &fd) == 0 && fd >= 0);
	snprintf(want, sizeof(want), "%ld\n", (long)getpid());
	CHECK("sessdir_lock: the lock names this process",
	    slurp(at("lock"), text, sizeof(text)) > 0 &&
	    strcmp(text, want) == 0);
	/* another process, as flock locks belong to open files */
	if ((pid = fork()) == 0)
		_exit(sessdir_lock(top, &fd2) == 1 && fd2 == -1 ? 0 : 1);
	CHECK("sessdir_lock: held, another process gets 1",
	    pid > 0 && waitpid(pid, &st, 0) == pid && WIFEXITED(st) &&
	    WEXITSTATUS(st) == 0);
	close(fd);
}

static void
test_fifo(void)
{
	struct stat st;
	int fd = -1, fd2 = -1;

	CHECK("sessdir_fifo: made and opened",
	    sessdir_fifo(top, "in", &fd) == 0 && fd >= 0 &&
	    stat(at("in"), &st) == 0 && S_ISFIFO(st.st_mode) &&
	    (st.st_mode & 0777) == 0600);
	CHECK("sessdir_fifo: the one there, opened again",
	    sessdir_fifo(top, "in", &fd2) == 0 && fd2 >= 0);
	CHECK("sessdir_fifo: reads do not wait",
	    read(fd, &st, 1) == -1);
	close(fd);
	close(fd2);
	fd = open(at("plain"), O_WRONLY | O_CREAT, 0600);
	close(fd);
	CHECK("sessdir_fifo: a regular file is not a FIFO, 1",
	    sessdir_fifo(top, "plain", &fd) == 1 && fd == -1);
	CHECK("sessdir_fifo: no directory, -1",
	    sessdir_fifo(at("none"), "in", &fd) == -1);
}

static void
test_peer(void)
{
	char text[PRES_LINE_MAX + 1];
	struct presence p;
	const char *why;

	CHECK("sessdir_peer_gone: no peer file, a bare line for the user",
	    sessdir_peer_gone(top, "bob@example.net", 1795597200,
	    1795597260) == 0 &&
	    pres_load(at("peer"), 077, &p, text, &why) > 0 &&
	    strcmp(p.user, "bob@example.net") == 0 &&
	    p.status == PRES_OFFLINE && p.since == 1795597200 &&
	    p.expires == 1795597260 && !p.has_last_input);
	memset(&p, 0, sizeof(p));
	strcpy(p.user, "bob@example.net");
	p.status = PRES_DND;
	p.has_last_input = 1;
	p.last_input = 1795597000;
	p.since = p.time = 1795597100;
	p.expires = 1795597400;
	strcpy(p.note, "in a meeting");
	CHECK("sessdir_put_peer: the peer's line, private",
	    sessdir_put_peer(top, &p) == 0 &&
	    pres_load(at("peer"), 077, &p, text, &why) > 0 &&
	    p.status == PRES_DND);
	CHECK("sessdir_peer_gone: the line there, offline since now",
	    sessdir_peer_gone(top, "carol@example.net", 1795597300,
	    1795597360) == 0 &&
	    pres_load(at("peer"), 077, &p, text, &why) > 0 &&
	    strcmp(p.user, "bob@example.net") == 0 &&
	    p.status == PRES_OFFLINE && p.since == 1795597300 &&
	    p.time == 1795597300 && p.expires == 1795597360 &&
	    p.has_last_input && p.last_input == 1795597000 &&
	    strcmp(p.note, "in a meeting") == 0);
}

static int
rm1(const char *path, const struct stat *st, int flag, struct FTW *ftw)
{
	(void)st;
	(void)flag;
	(void)ftw;
	return remove(path);
}

int
main(void)
{
	if (mkdtemp(top) == NULL) {
		CHECK("set up: mkdtemp", 0);
		return unit_exit();
	}
	test_path();
	test_lock();
	test_fifo();
	test_peer();
	CHECK("clean up: the test directory is removed",
	    nftw(top, rm1, 16, FTW_DEPTH | FTW_PHYS) == 0);
	return unit_exit();
}
