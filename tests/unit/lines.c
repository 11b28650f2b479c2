/* lines: unit tests of lines cut out of a buffer, read within a deadline
 * and written as far as a descriptor takes them (lib/lines.h). */
#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdio.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "../../lib/buf.h"
#include "../../lib/lines.h"
#include "unit.h"

/* what collect was handed, each line in [] */
static char seen[256];
static int stop_at;	/* collect returns 7 at this call (0: never) */
static int calls;

static int
collect(void *arg, const char *s, size_t n)
{
	size_t at = strlen(seen);

	(void)arg;
	snprintf(seen + at, sizeof(seen) - at, "[%.*s]", (int)n, s);
	return ++calls == stop_at ? 7 : 0;
}

/* each_is: 1 if lines_each on a buffer holding in hands on want, returns
 * r, and leaves rest in the buffer */
static int
each_is(const char *in, int stop, const char *want, int r,
    const char *rest)
{
	struct buf b;
	int got, ok;

	buf_init(&b, 0);
	buf_adds(&b, in);
	seen[0] = '\0';
	calls = 0;
	stop_at = stop;
	got = lines_each(&b, collect, NULL);
	ok = got == r && strcmp(seen, want) == 0 && b.len == strlen(rest) &&
	    memcmp(b.data ? b.data : "", rest, b.len) == 0;
	buf_free(&b);
	return ok;
}

static void
test_each(void)
{
	CHECK("lines_each: an empty buffer, nothing",
	    each_is("", 0, "", 0, ""));
	CHECK("lines_each: no newline yet, nothing, all kept",
	    each_is("abc", 0, "", 0, "abc"));
	CHECK("lines_each: two lines, without their newlines",
	    each_is("one\ntwo\n", 0, "[one][two]", 0, ""));
	CHECK("lines_each: an incomplete last line waits",
	    each_is("one\ntwo\nthr", 0, "[one][two]", 0, "thr"));
	CHECK("lines_each: empty lines are lines",
	    each_is("\n\nx\n", 0, "[][][x]", 0, ""));
	CHECK("lines_each: a CR is part of the line",
	    each_is("a\r\n", 0, "[a\r]", 0, ""));
	CHECK("lines_each: stops at fn's non-zero, the rest kept",
	    each_is("one\ntwo\nthree\nfo", 2, "[one][two]", 7, "three\nfo"));
}

static void
test_read(void)
{
	struct buf b;
	int fd[2];
	ssize_t n;

	if (pipe(fd) < 0) {
		CHECK("set up: pipe", 0);
		return;
	}
	buf_init(&b, 0);
	n = write(fd[1], "hello\nmore", 10);
	CHECK("lines_read: the first line's length, the rest kept after it",
	    n == 10 && lines_read(fd[0], &b, 100, time(NULL) + 5) == 5 &&
	    b.len == 10 && memcmp(b.data, "hello\nmore", 10) == 0);
	buf_reset(&b);
	n = write(fd[1], "0123456789", 10);
	CHECK("lines_read: max bytes and no newline is -1",
	    n == 10 && lines_read(fd[0], &b, 8, time(NULL) + 5) == -1);
	buf_reset(&b);
	CHECK("lines_read: at the deadline, -1 (ETIMEDOUT)",
	    lines_read(fd[0], &b, 100, time(NULL) + 1) == -1 &&
	    errno == ETIMEDOUT);
	close(fd[1]);
	CHECK("lines_read: at the end of input, -1",
	    lines_read(fd[0], &b, 100, time(NULL) + 5) == -1);
	close(fd[0]);
	buf_free(&b);
}

static void
test_write(void)
{
	struct buf b;
	char got[16];
	int fd[2];
	ssize_t n;
	size_t total = 0;

	if (pipe(fd) < 0) {
		CHECK("set up: pipe", 0);
		return;
	}
	buf_init(&b, 0);
	CHECK("lines_write: an empty buffer, 0", lines_write(fd[1], &b) == 0);
	buf_adds(&b, "abc\n");
	CHECK("lines_write: all of it, taken out of the buffer",
	    lines_write(fd[1], &b) == 4 && b.len == 0 &&
	    read(fd[0], got, sizeof(got)) == 4 &&
	    memcmp(got, "abc\n", 4) == 0);
	fcntl(fd[1], F_SETFL, fcntl(fd[1], F_GETFL) | O_NONBLOCK);
	buf_reset(&b);
	while (b.len < 4 * 1024 * 1024 && !b.err)
		buf_add(&b, "0123456789abcdef", 16);
	n = lines_write(fd[1], &b);
	total = n > 0 ? (size_t)n : 0;
	CHECK("lines_write: a full pipe takes a part, the rest kept",
	    n > 0 && b.len == 4 * 1024 * 1024 - total &&
	    b.data[0] == "0123456789abcdef"[total % 16]);
	CHECK("lines_write: then nothing more, 0",
	    lines_write(fd[1], &b) == 0);
	close(fd[0]);
	CHECK("lines_write: the reader gone, -1 (EPIPE)",
	    lines_write(fd[1], &b) == -1 && errno == EPIPE);
	close(fd[1]);
	buf_free(&b);
}

static void
test_flush(void)
{
	struct buf b;
	char got[65536];
	int fd[2];
	size_t total = 0;
	ssize_t n;

	if (pipe(fd) < 0) {
		CHECK("set up: pipe", 0);
		return;
	}
	lines_nonblock(fd[1]);
	CHECK("lines_nonblock: the descriptor does not wait",
	    (fcntl(fd[1], F_GETFL) & O_NONBLOCK) != 0);
	buf_init(&b, 0);
	while (b.len < 100000)
		buf_add(&b, "0123456789abcdef", 16);
	CHECK("lines_flush: a full pipe no one reads, -1 (ETIMEDOUT) at "
	    "the time, the rest kept",
	    lines_flush(fd[1], &b, 1) == -1 && errno == ETIMEDOUT &&
	    b.len > 0 && b.len < 100000);
	while ((n = read(fd[0], got, sizeof(got))) > 0 &&
	    (total += (size_t)n) < 100000 - b.len)
		;
	CHECK("lines_flush: once it is read, the rest goes, 0",
	    lines_flush(fd[1], &b, 1) == 0 && b.len == 0);
	close(fd[0]);
	close(fd[1]);
	buf_free(&b);
}

int
main(void)
{
	signal(SIGPIPE, SIG_IGN);
	test_each();
	test_read();
	test_write();
	test_flush();
	return unit_exit();
}
