/* lines: lines through buffers and descriptors; see lines.h. */
#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <string.h>
#include <unistd.h>

#include "lines.h"

int
lines_each(struct buf *b, lines_fn *fn, void *arg)
{
	char *p, *end, *nl;
	int r = 0;

	if (b->len == 0)
		return 0;
	p = b->data;
	end = p + b->len;
	while (r == 0 && p < end && (nl = memchr(p, '\n', (size_t)(end - p)))) {
		r = fn(arg, p, (size_t)(nl - p));
		p = nl + 1;
	}
	if (p != b->data) {
		memmove(b->data, p, (size_t)(end - p));
		buf_truncate(b, (size_t)(end - p));
	}
	return r;
}

ssize_t
lines_read(int fd, struct buf *b, size_t max, time_t deadline)
{
	struct pollfd pfd = { fd, POLLIN, 0 };
	char chunk[4096];
	char *nl;
	ssize_t n;
	time_t left;

	for (;;) {
		if (b->len && (nl = memchr(b->data, '\n', b->len)) != NULL)
			return nl - b->data;
		if (b->len >= max || (left = deadline - time(NULL)) <= 0)
			return -1;
		if ((n = poll(&pfd, 1, (int)left * 1000)) <= 0) {
			if (n == 0)
				errno = ETIMEDOUT;
			return -1;
		}
		if ((n = read(fd, chunk, sizeof(chunk))) <= 0) {
			if (n < 0 && (errno == EINTR || errno == EAGAIN))
				continue;
			return -1;
		}
		if (buf_add(b, chunk, (size_t)n) < 0)
			return -1;
	}
}

int
lines_flush(int fd, struct buf *b, int seconds)
{
	struct pollfd pfd = { fd, POLLOUT, 0 };
	time_t end = time(NULL) + seconds;

	while (b->len > 0) {
		if (lines_write(fd, b) < 0)
			return -1;
		if (b->len == 0)
			break;
		if (time(NULL) >= end) {
			errno = ETIMEDOUT;
			return -1;
		}
		poll(&pfd, 1, 200);
	}
	return 0;
}

void
lines_nonblock(int fd)
{
	int fl = fcntl(fd, F_GETFL);

	if (fl >= 0)
		fcntl(fd, F_SETFL, fl | O_NONBLOCK);
}

void
lines_linger(int fd, int seconds)
{
	struct pollfd pfd = { fd, POLLIN, 0 };
	char sink[4096];
	time_t end = time(NULL) + seconds;

	while (time(NULL) < end && poll(&pfd, 1, 200) > 0 &&
	    read(fd, sink, sizeof(sink)) > 0)
		;
}

ssize_t
lines_write(int fd, struct buf *b)
{
	size_t done = 0;
	ssize_t n;

	while (done < b->len) {
		n = write(fd, b->data + done, b->len - done);
		if (n < 0 && errno == EINTR)
			continue;
		if (n < 0 && (errno == EAGAIN || errno == EWOULDBLOCK))
			break;
		if (n < 0)
			return -1;
		done += (size_t)n;
	}
	if (done > 0) {
		memmove(b->data, b->data + done, b->len - done);
		buf_truncate(b, b->len - done);
	}
	return (ssize_t)done;
}
