/* secret: unit tests of secret_random and secret_load (lib/secret.h), in
 * a fresh directory under /tmp that is removed at the end. */
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <ftw.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include "../../lib/secret.h"
#include "unit.h"

#define RACERS 8	/* processes creating one secret at once */

static char top[] = "/tmp/hail-secret-XXXXXX";

/* at: top "/" name, in one of a few static buffers so that a call can
 * take two. */
static const char *
at(const char *name)
{
	static char buf[4][512];
	static int next;
	char *p = buf[next++ % 4];
	int n;

	n = snprintf(p, sizeof(buf[0]), "%s/%s", top, name);
	if (n < 0 || (size_t)n >= sizeof(buf[0]))
		abort();
	return p;
}

static int
all_zero(const void *p, size_t n)
{
	const unsigned char *b = p;
	size_t i;

	for (i = 0; i < n; i++)
		if (b[i] != 0)
			return 0;
	return 1;
}

/* mkfile: makes path with n bytes and exactly the given mode; returns 0 or
 * -1. */
static int
mkfile(const char *path, size_t n, mode_t mode)
{
	unsigned char b[64];
	int fd, r;

	if (n > sizeof(b))
		return -1;
	memset(b, 0x42, n);
	if ((fd = open(path, O_WRONLY | O_CREAT | O_EXCL, 0600)) < 0)
		return -1;
	r = (size_t)write(fd, b, n) == n && fchmod(fd, mode) == 0 ? 0 : -1;
	if (close(fd) < 0)
		r = -1;
	return r;
}

/* slurp: the whole file at path into b (size max); its length or -1. */
static ssize_t
slurp(const char *path, unsigned char *b, size_t max)
{
	ssize_t n;
	int fd;

	if ((fd = open(path, O_RDONLY)) < 0)
		return -1;
	n = read(fd, b, max);
	close(fd);
	return n;
}

/* entries: how many names dir holds besides . and .., or -1. */
static int
entries(const char *dir)
{
	struct dirent *e;
	DIR *d;
	int n = 0;

	if ((d = opendir(dir)) == NULL)
		return -1;
	while ((e = readdir(d)) != NULL)
		if (strcmp(e->d_name, ".") != 0 && strcmp(e->d_name, "..") != 0)
			n++;
	closedir(d);
	return n;
}

/* mode_is: 1 if path (not followed) has type and permission bits mode. */
static int
mode_is(const char *path, mode_t type, mode_t mode)
{
	struct stat st;

	return lstat(path, &st) == 0 && (st.st_mode & S_IFMT) == type &&
	    (st.st_mode & 07777) == mode;
}

/* refused: checks that loading path fails with a reason and leaves the
 * key all zero; what names the case. */
static void
refused(const char *path, int create, const char *what)
{
	unsigned char key[SECRET_LEN];
	const char *why = NULL;
	char name[160];
	int r;

	memset(key, 0xa5, sizeof(key));
	r = secret_load(path, create, key, &why);
	snprintf(name, sizeof(name), "refuses %s", what);
	CHECK(name, r == -1 && why != NULL);
	if (why != NULL)
		printf("# %s: %s\n", what, why);
	snprintf(name, sizeof(name), "refusing %s wipes the key", what);
	CHECK(name, all_zero(key, sizeof(key)));
}

static void
test_random(void)
{
	unsigned char a[SECRET_LEN], b[SECRET_LEN];

	memset(a, 0, sizeof(a));
	memset(b, 0, sizeof(b));
	CHECK("secret_random succeeds twice", secret_random(a, sizeof(a)) == 0
	    && secret_random(b, sizeof(b)) == 0);
	CHECK("secret_random gives different bytes each call",
	    memcmp(a, b, sizeof(a)) != 0);
	CHECK("secret_random fills the buffer", !all_zero(a, sizeof(a)));
	CHECK("secret_random with n == 0 succeeds", secret_random(a, 0) == 0);
}

static void
test_create(void)
{
	unsigned char key[SECRET_LEN], again[SECRET_LEN], file[64];
	const char *why = NULL, *path = at("secret");

	memset(key, 0, sizeof(key));
	CHECK("create makes a secret", secret_load(path, 1, key, &why) == 0);
	CHECK("create makes a regular file of mode 0600",
	    mode_is(path, S_IFREG, 0600));
	CHECK("the file holds exactly the key returned",
	    slurp(path, file, sizeof(file)) == SECRET_LEN &&
	    memcmp(file, key, SECRET_LEN) == 0);
	CHECK("the key is not all zero", !all_zero(key, sizeof(key)));
	CHECK("create leaves no temporary file", entries(top) == 1);

	memset(again, 0, sizeof(again));
	CHECK("a second load succeeds", secret_load(path, 0, again, &why) == 0);
	CHECK("a second load returns the same bytes",
	    memcmp(key, again, sizeof(key)) == 0);
	memset(again, 0, sizeof(again));
	CHECK("load with create on an existing secret keeps it",
	    secret_load(path, 1, again, &why) == 0 &&
	    memcmp(key, again, sizeof(key)) == 0);

	why = NULL;
	memset(again, 0xa5, sizeof(again));
	CHECK("a missing file without create fails with a reason",
	    secret_load(at("missing"), 0, again, &why) == -1 && why != NULL);
	CHECK("a missing file without create wipes the key",
	    all_zero(again, sizeof(again)));
	CHECK("a missing file without create is not made",
	    access(at("missing"), F_OK) == -1 && errno == ENOENT);
}

static void
test_umask(void)
{
	unsigned char key[SECRET_LEN];
	const char *why = NULL, *path = at("umask");
	mode_t old;
	int r;

	/* a umask that takes the owner's read bit must not leave a secret
	 * that cannot be read back */
	old = umask(0277);
	r = secret_load(path, 1, key, &why);
	umask(old);
	CHECK("create under umask 0277 succeeds", r == 0);
	CHECK("create under umask 0277 makes mode 0600",
	    mode_is(path, S_IFREG, 0600));
}

static void
test_parent(void)
{
	unsigned char key[SECRET_LEN];
	const char *why = NULL;

	CHECK("create makes a missing parent directory",
	    secret_load(at("sub/secret"), 1, key, &why) == 0);
	CHECK("the parent directory is made with mode 0700",
	    mode_is(at("sub"), S_IFDIR, 0700));
	CHECK("the secret in it is mode 0600",
	    mode_is(at("sub/secret"), S_IFREG, 0600));
	refused(at("a/b/secret"), 1, "two missing directory levels");
	CHECK("only one directory level is made",
	    access(at("a"), F_OK) == -1 && errno == ENOENT);
}

static void
test_refusals(void)
{
	unsigned char key[SECRET_LEN];
	const char *why = NULL;
	struct stat st;

	CHECK("set up: a good secret", secret_load(at("good"), 1, key, &why)
	    == 0);
	CHECK("set up: files of bad modes and sizes",
	    mkfile(at("m0640"), SECRET_LEN, 0640) == 0 &&
	    mkfile(at("m0604"), SECRET_LEN, 0604) == 0 &&
	    mkfile(at("m0620"), SECRET_LEN, 0620) == 0 &&
	    mkfile(at("m0610"), SECRET_LEN, 0610) == 0 &&
	    mkfile(at("s0"), 0, 0600) == 0 &&
	    mkfile(at("s31"), SECRET_LEN - 1, 0600) == 0 &&
	    mkfile(at("s33"), SECRET_LEN + 1, 0600) == 0);
	CHECK("set up: links, a directory, a FIFO",
	    symlink(at("good"), at("link")) == 0 &&
	    symlink(at("nowhere"), at("dangling")) == 0 &&
	    mkdir(at("dir"), 0700) == 0 && mkfifo(at("fifo"), 0600) == 0);

	refused(at("m0640"), 0, "mode 0640");
	refused(at("m0604"), 0, "mode 0604");
	refused(at("m0620"), 0, "mode 0620");
	refused(at("m0610"), 0, "mode 0610");
	refused(at("m0640"), 1, "mode 0640 with create");
	CHECK("create leaves a refused file alone",
	    mode_is(at("m0640"), S_IFREG, 0640));
	refused(at("link"), 0, "a symlink to a good secret");
	refused(at("link"), 1, "a symlink to a good secret with create");
	CHECK("create leaves the symlink a symlink",
	    mode_is(at("link"), S_IFLNK, 0777));
	refused(at("dangling"), 1, "a dangling symlink with create");
	CHECK("create does not make the target of a dangling symlink",
	    access(at("nowhere"), F_OK) == -1 && errno == ENOENT);
	refused(at("dir"), 0, "a directory");
	refused(at("dir"), 1, "a directory with create");
	refused(at("fifo"), 0, "a FIFO");
	refused(at("s0"), 0, "an empty file");
	refused(at("s31"), 0, "31 bytes");
	refused(at("s33"), 0, "33 bytes");
	refused(at("dir/"), 1, "a path ending in a slash");
	refused(at("nodir/"), 1, "a missing path ending in a slash");
	CHECK("a path ending in a slash makes nothing",
	    access(at("nodir"), F_OK) == -1 && errno == ENOENT);

	/* only root can give a file away; elsewhere this case is skipped */
	if (mkfile(at("theirs"), SECRET_LEN, 0600) == 0 &&
	    chown(at("theirs"), geteuid() == 65534 ? 65533 : 65534, -1) == 0 &&
	    lstat(at("theirs"), &st) == 0 && st.st_uid != geteuid())
		refused(at("theirs"), 0, "a file owned by another user");
	else
		printf("# skip: a file owned by another user (not root)\n");
}

/* test_race: RACERS processes create one secret at once; all must come
 * away with the same one, the one on disk. */
static void
test_race(void)
{
	unsigned char rec[RACERS][1 + SECRET_LEN], file[64];
	const char *path = at("race/secret");
	int fds[2], i, status, ok = 1, waited = 1;
	size_t got = 0;
	ssize_t n;
	pid_t pid;

	if (pipe(fds) < 0) {
		CHECK("set up: a pipe for the race", 0);
		return;
	}
	fflush(stdout);
	for (i = 0; i < RACERS; i++) {
		if ((pid = fork()) < 0) {
			CHECK("set up: fork for the race", 0);
			break;
		}
		if (pid == 0) {
			unsigned char r[1 + SECRET_LEN];
			const char *why;

			close(fds[0]);
			r[0] = secret_load(path, 1, r + 1, &why) == 0;
			/* one write of less than PIPE_BUF is atomic */
			_exit(write(fds[1], r, sizeof(r)) == (ssize_t)sizeof(r)
			    ? 0 : 1);
		}
	}
	close(fds[1]);
	while (got < sizeof(rec)) {
		n = read(fds[0], (unsigned char *)rec + got,
		    sizeof(rec) - got);
		if (n < 0 && errno == EINTR)
			continue;
		if (n <= 0)
			break;
		got += (size_t)n;
	}
	close(fds[0]);
	while (wait(&status) > 0)
		if (!WIFEXITED(status) || WEXITSTATUS(status) != 0)
			waited = 0;
	CHECK("every racer reports", got == sizeof(rec) && waited);
	for (i = 0; got == sizeof(rec) && i < RACERS; i++)
		ok &= rec[i][0] == 1 &&
		    memcmp(rec[i] + 1, rec[0] + 1, SECRET_LEN) == 0;
	CHECK("concurrent creators all get one secret",
	    got == sizeof(rec) && ok);
	CHECK("that secret is the one on disk",
	    got == sizeof(rec) && slurp(path, file, sizeof(file)) ==
	    SECRET_LEN && memcmp(file, rec[0] + 1, SECRET_LEN) == 0);
	CHECK("the racers leave no temporary file",
	    entries(at("race")) == 1);
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
	umask(022);
	if (mkdtemp(top) == NULL) {
		CHECK("set up: mkdtemp", 0);
		return unit_exit();
	}
	test_random();
	test_create();
	test_umask();
	test_parent();
	test_refusals();
	test_race();
	CHECK("clean up: the test directory is removed",
	    nftw(top, rm1, 16, FTW_DEPTH | FTW_PHYS) == 0);
	return unit_exit();
}
