/*
 * faults: a library for LD_PRELOAD that makes one call of a program fail,
 * so that a test can make each call of a kind fail in turn and see what
 * the program does then (tests/8000-faults.t). Only for tests. Set in the
 * environment:
 *
 *	HAIL_FAULT_PROG=NAME	only a program of that name (argv[0]'s last
 *				part) is touched; any other it runs passes
 *				through untouched
 *	HAIL_FAULT=FN:N[:HOW]	the Nth call of FN fails, with HOW: an errno
 *				name (EIO, ENOSPC, EACCES, EMFILE, EXDEV,
 *				ENOMEM, EINTR, ...), or "short": a read or
 *				write of half the bytes asked for, and for a
 *				write the next one failing with ENOSPC, as a
 *				disk that fills does. Each FN has a fitting
 *				default.
 *	HAIL_FAULT_COUNT=FILE	as the process exits, FILE gets "FN N" for
 *				each FN called N times, and "fired FN N fd D"
 *				if the fault was made (D: the descriptor of a
 *				read, write or fsync, else -1)
 *
 * FN is one of malloc, calloc, realloc, open (open, openat and their
 * other forms), mkstemp (and mkostemp), fopen (and freopen), read, write,
 * fsync (and fdatasync), rename (and renameat), link (and linkat),
 * socket. Calls are counted from the time libc knows the program's name
 * (libc's own start-up calls included, the loader's before it not), in
 * the process that was started: a child forked from it counts on from
 * the same numbers in its own copy, and its counts are not written.
 *
 * What stdio writes and reads goes through libc's own entry points, not
 * these: a fwrite to a full disk is not made here (a test has /dev/full).
 *
 * malloc is taken over too, and dlsym may itself call it (calloc, for
 * its error state) before the real one is known: those few early calls
 * are served from a static arena, whose blocks free() leaves alone.
 */
#define _GNU_SOURCE
#include <dlfcn.h>
#include <errno.h>
#include <fcntl.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/types.h>
#include <unistd.h>

enum fn { F_MALLOC, F_CALLOC, F_REALLOC, F_OPEN, F_MKSTEMP, F_FOPEN, F_READ,
	F_WRITE, F_FSYNC, F_RENAME, F_LINK, F_SOCKET, F_N };

static const struct {
	const char *name;
	int err;		/* the default errno */
} fns[F_N] = {
	{ "malloc", ENOMEM }, { "calloc", ENOMEM }, { "realloc", ENOMEM },
	{ "open", EACCES }, { "mkstemp", ENOSPC }, { "fopen", EACCES },
	{ "read", EIO }, { "write", ENOSPC }, { "fsync", EIO },
	{ "rename", EIO }, { "link", EIO }, { "socket", EMFILE },
};

static const struct {
	const char *name;
	int err;
} errs[] = {
	{ "EIO", EIO }, { "ENOSPC", ENOSPC }, { "EDQUOT", EDQUOT },
	{ "EACCES", EACCES }, { "EPERM", EPERM }, { "EMFILE", EMFILE },
	{ "ENFILE", ENFILE }, { "EXDEV", EXDEV }, { "ENOMEM", ENOMEM },
	{ "EINTR", EINTR }, { "EAGAIN", EAGAIN }, { "EROFS", EROFS },
	{ "ENOENT", ENOENT },
};

#define SHORT	(-1)		/* HOW: a short read or write */

static struct {
	void *(*malloc)(size_t);
	void *(*calloc)(size_t, size_t);
	void *(*realloc)(void *, size_t);
	void (*free)(void *);
	int (*open)(const char *, int, ...);
	int (*open64)(const char *, int, ...);
	int (*openat)(int, const char *, int, ...);
	int (*openat64)(int, const char *, int, ...);
	int (*mkstemp)(char *);
	int (*mkostemp)(char *, int);
	FILE *(*fopen)(const char *, const char *);
	FILE *(*fopen64)(const char *, const char *);
	FILE *(*freopen)(const char *, const char *, FILE *);
	FILE *(*freopen64)(const char *, const char *, FILE *);
	ssize_t (*read)(int, void *, size_t);
	ssize_t (*write)(int, const void *, size_t);
	int (*fsync)(int);
	int (*fdatasync)(int);
	int (*rename)(const char *, const char *);
	int (*renameat)(int, const char *, int, const char *);
	int (*link)(const char *, const char *);
	int (*linkat)(int, const char *, int, const char *, int);
	int (*socket)(int, int, int);
} real;

static int state;		/* 0: not set up, 1: setting up, 2: set up */
static int decided;		/* the environment read */
static int active;		/* this process is the one to touch */
static enum fn target = F_N;
static unsigned long nth;
static int how;
static int fired, full;		/* full: a short write made, ENOSPC next */
static int fired_fd = -1;	/* the descriptor of a read, write or fsync */
static unsigned long counts[F_N];
static pid_t pid;

/* the arena for allocations made while dlsym runs: each block starts
 * with its size, for realloc */
static union {
	max_align_t align;
	char b[65536];
} arena;
static size_t arena_used;

static void *
arena_alloc(size_t n)
{
	size_t *p;

	n = (n + sizeof(max_align_t) - 1) / sizeof(max_align_t) *
	    sizeof(max_align_t);
	if (n > sizeof(arena) - sizeof(max_align_t) - arena_used)
		return NULL;
	p = (size_t *)(arena.b + arena_used);
	*p = n;
	arena_used += n + sizeof(max_align_t);
	return (char *)p + sizeof(max_align_t);
}

static int
in_arena(const void *p)
{
	return (const char *)p >= arena.b &&
	    (const char *)p < arena.b + sizeof(arena);
}

/* look: the next definition of name, into the function pointer at slot */
static void
look(void *slot, const char *name)
{
	void *p = dlsym(RTLD_NEXT, name);

	memcpy(slot, &p, sizeof(p));
}
#define LOOK(f)	look(&real.f, #f)

static void
parse(void)
{
	const char *spec = getenv("HAIL_FAULT"), *prog, *p;
	size_t i, n;
	char *end;

	prog = getenv("HAIL_FAULT_PROG");
	active = prog == NULL || (program_invocation_short_name != NULL &&
	    strcmp(program_invocation_short_name, prog) == 0);
	if (spec == NULL || (p = strchr(spec, ':')) == NULL)
		return;
	n = (size_t)(p - spec);
	for (i = 0; i < F_N; i++)
		if (strlen(fns[i].name) == n &&
		    strncmp(fns[i].name, spec, n) == 0)
			target = (enum fn)i;
	if (target == F_N)
		return;
	nth = strtoul(p + 1, &end, 10);
	how = fns[target].err;
	if (*end != ':')
		return;
	if (strcmp(end + 1, "short") == 0)
		how = SHORT;
	for (i = 0; i < sizeof(errs) / sizeof(errs[0]); i++)
		if (strcmp(end + 1, errs[i].name) == 0)
			how = errs[i].err;
}

static void
setup(void)
{
	if (state != 0)
		return;
	state = 1;
	LOOK(malloc);
	LOOK(calloc);
	LOOK(realloc);
	LOOK(free);
	LOOK(open);
	LOOK(open64);
	LOOK(openat);
	LOOK(openat64);
	LOOK(mkstemp);
	LOOK(mkostemp);
	LOOK(fopen);
	LOOK(fopen64);
	LOOK(freopen);
	LOOK(freopen64);
	LOOK(read);
	LOOK(write);
	LOOK(fsync);
	LOOK(fdatasync);
	LOOK(rename);
	LOOK(renameat);
	LOOK(link);
	LOOK(linkat);
	LOOK(socket);
	state = 2;
}

/* decide: the environment read, once libc has the program's name (the
 * loader's own early calls come before it, and before environ is set):
 * until then nothing is counted */
static void
decide(void)
{
	if (decided || program_invocation_short_name == NULL ||
	    *program_invocation_short_name == '\0')
		return;
	decided = 1;
	parse();
}

/* hit: one more call of f; 1 if it is the one to fail, errno set */
static int
hit(enum fn f)
{
	setup();
	decide();
	if (!active)
		return 0;
	counts[f]++;
	if (f != target || counts[f] != nth)
		return 0;
	fired = 1;
	if (how != SHORT)
		errno = how;
	return 1;
}

__attribute__((constructor)) static void
faults_init(void)
{
	setup();
	decide();
	pid = getpid();
}

/* the counts, written with the real calls as the process exits */
__attribute__((destructor)) static void
faults_fini(void)
{
	const char *file = getenv("HAIL_FAULT_COUNT");
	char line[64];
	int fd, i, n;

	if (file == NULL || !active || getpid() != pid || real.open == NULL ||
	    (fd = real.open(file, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC,
	    0600)) < 0)
		return;
	for (i = 0; i < F_N; i++) {
		n = snprintf(line, sizeof(line), "%s %lu\n", fns[i].name,
		    counts[i]);
		if (n > 0 && n < (int)sizeof(line))
			(void)!real.write(fd, line, (size_t)n);
	}
	if (fired) {
		n = snprintf(line, sizeof(line), "fired %s %lu fd %d\n",
		    fns[target].name, nth, fired_fd);
		if (n > 0 && n < (int)sizeof(line))
			(void)!real.write(fd, line, (size_t)n);
	}
	close(fd);
}

void *
malloc(size_t n)
{
	if (state == 1)
		return arena_alloc(n);
	if (hit(F_MALLOC))
		return NULL;
	return real.malloc(n);
}

void *
calloc(size_t k, size_t n)
{
	if (state == 1)
		return k && n > (size_t)-1 / k ? NULL : arena_alloc(k * n);
	if (hit(F_CALLOC))
		return NULL;
	return real.calloc(k, n);
}

void *
realloc(void *p, size_t n)
{
	void *q;
	size_t old;

	if (state == 1 || in_arena(p)) {
		if ((q = malloc(n)) != NULL && p != NULL) {
			old = *(size_t *)((char *)p - sizeof(max_align_t));
			memcpy(q, p, old < n ? old : n);
		}
		return q;
	}
	if (hit(F_REALLOC))
		return NULL;
	return real.realloc(p, n);
}

void
free(void *p)
{
	if (p == NULL || in_arena(p))
		return;
	setup();
	if (real.free != NULL)	/* (NULL only while dlsym runs) */
		real.free(p);
}

/* mode: the third argument of an open that creates */
#define MODE(flags, ap, mode) do { \
	if (((flags) & O_CREAT) || ((flags) & O_TMPFILE) == O_TMPFILE) { \
		va_start(ap, flags); \
		mode = va_arg(ap, int); \
		va_end(ap); \
	} \
} while (0)

int
open(const char *path, int flags, ...)
{
	va_list ap;
	int mode = 0;

	MODE(flags, ap, mode);
	if (hit(F_OPEN))
		return -1;
	return real.open(path, flags, mode);
}

int
open64(const char *path, int flags, ...)
{
	va_list ap;
	int mode = 0;

	MODE(flags, ap, mode);
	if (hit(F_OPEN))
		return -1;
	return real.open64(path, flags, mode);
}

int
openat(int dir, const char *path, int flags, ...)
{
	va_list ap;
	int mode = 0;

	MODE(flags, ap, mode);
	if (hit(F_OPEN))
		return -1;
	return real.openat(dir, path, flags, mode);
}

int
openat64(int dir, const char *path, int flags, ...)
{
	va_list ap;
	int mode = 0;

	MODE(flags, ap, mode);
	if (hit(F_OPEN))
		return -1;
	return real.openat64(dir, path, flags, mode);
}

/* what _FORTIFY_SOURCE makes of an open without a mode */
int __open_2(const char *, int);
int __open64_2(const char *, int);

int
__open_2(const char *path, int flags)
{
	return open(path, flags);
}

int
__open64_2(const char *path, int flags)
{
	return open64(path, flags);
}

int
mkstemp(char *tmpl)
{
	if (hit(F_MKSTEMP))
		return -1;
	return real.mkstemp(tmpl);
}

int
mkostemp(char *tmpl, int flags)
{
	if (hit(F_MKSTEMP))
		return -1;
	return real.mkostemp(tmpl, flags);
}

FILE *
fopen(const char *path, const char *mode)
{
	if (hit(F_FOPEN))
		return NULL;
	return real.fopen(path, mode);
}

FILE *
fopen64(const char *path, const char *mode)
{
	if (hit(F_FOPEN))
		return NULL;
	return real.fopen64(path, mode);
}

FILE *
freopen(const char *path, const char *mode, FILE *f)
{
	if (hit(F_FOPEN))
		return NULL;
	return real.freopen(path, mode, f);
}

FILE *
freopen64(const char *path, const char *mode, FILE *f)
{
	if (hit(F_FOPEN))
		return NULL;
	return real.freopen64(path, mode, f);
}

ssize_t
read(int fd, void *buf, size_t n)
{
	if (hit(F_READ)) {
		fired_fd = fd;
		if (how != SHORT)
			return -1;
		n = n > 1 ? n / 2 : n;
	}
	return real.read(fd, buf, n);
}

ssize_t
write(int fd, const void *buf, size_t n)
{
	if (full && fd == fired_fd) {
		/* after a short write: the disk is full, for that file */
		full = 0;
		errno = ENOSPC;
		return -1;
	}
	if (hit(F_WRITE)) {
		fired_fd = fd;
		if (how != SHORT)
			return -1;
		if (n < 2) {
			errno = ENOSPC;
			return -1;
		}
		full = 1;
		n /= 2;
	}
	return real.write(fd, buf, n);
}

int
fsync(int fd)
{
	if (hit(F_FSYNC)) {
		fired_fd = fd;
		return -1;
	}
	return real.fsync(fd);
}

int
fdatasync(int fd)
{
	if (hit(F_FSYNC)) {
		fired_fd = fd;
		return -1;
	}
	return real.fdatasync(fd);
}

int
rename(const char *from, const char *to)
{
	if (hit(F_RENAME))
		return -1;
	return real.rename(from, to);
}

int
renameat(int fromdir, const char *from, int todir, const char *to)
{
	if (hit(F_RENAME))
		return -1;
	return real.renameat(fromdir, from, todir, to);
}

int
link(const char *from, const char *to)
{
	if (hit(F_LINK))
		return -1;
	return real.link(from, to);
}

int
linkat(int fromdir, const char *from, int todir, const char *to, int flags)
{
	if (hit(F_LINK))
		return -1;
	return real.linkat(fromdir, from, todir, to, flags);
}

int
socket(int domain, int type, int protocol)
{
	if (hit(F_SOCKET))
		return -1;
	return real.socket(domain, type, protocol);
}
