/* transcript: a session's transcript, written and read; see
 * transcript.h. */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "afile.h"
#include "json.h"
#include "transcript.h"

int
tr_parse(const char *s, size_t n, struct tr_line *out)
{
	char dir;

	if (n <= TR_HEAD || s[RFC3339_LEN] != ' ' ||
	    s[RFC3339_LEN + 2] != ' ')
		return -1;
	dir = s[RFC3339_LEN + 1];
	if ((dir != TR_SENT && dir != TR_RECEIVED && dir != TR_EVENT) ||
	    rfc3339_parse(s, RFC3339_LEN, &out->time) < 0)
		return -1;
	out->dir = dir;
	out->json = s + TR_HEAD;
	out->len = n - TR_HEAD;
	return 0;
}

void
tr_init(struct transcript *tr)
{
	tr->fd = -1;
	buf_init(&tr->batch, 0);
	tr->stamp[0] = '\0';
	tr->stamp_t = 0;
	tr->stamped = 0;
}

/* whole_lines: cuts off the end of the file fd that follows its last
 * newline, if anything does */
static int
whole_lines(int fd)
{
	char chunk[4096];
	struct stat st;
	off_t at, keep = 0;
	ssize_t n, i;

	if (fstat(fd, &st) < 0)
		return -1;
	for (at = st.st_size; at > 0 && keep == 0; at -= n) {
		n = at < (off_t)sizeof(chunk) ? (ssize_t)at :
		    (ssize_t)sizeof(chunk);
		if (pread(fd, chunk, (size_t)n, at - n) != n)
			return -1;
		for (i = n; i > 0 && keep == 0; i--)
			if (chunk[i - 1] == '\n')
				keep = at - n + i;
	}
	if (keep == st.st_size)
		return 0;
	return ftruncate(fd, keep) < 0 || fsync(fd) < 0 ? -1 : 0;
}

int
tr_open(struct transcript *tr, const char *path)
{
	int e;

	if ((tr->fd = open(path, O_RDWR | O_APPEND | O_CREAT | O_NOFOLLOW |
	    O_CLOEXEC, 0600)) < 0)
		return -1;
	if (whole_lines(tr->fd) < 0) {
		e = errno;
		close(tr->fd);
		tr->fd = -1;
		errno = e;
		return -1;
	}
	return 0;
}

const char *
tr_stamp(struct transcript *tr, time_t t)
{
	if (tr->stamped && t == tr->stamp_t)
		return tr->stamp;
	if (rfc3339_fmt(t, tr->stamp) < 0)
		memcpy(tr->stamp, "0000-00-00T00:00:00Z", RFC3339_LEN + 1);
	tr->stamp_t = t;
	tr->stamped = 1;
	return tr->stamp;
}

int
tr_add(struct transcript *tr, time_t t, char dir, const char *json,
    size_t n)
{
	struct buf *b = &tr->batch;

	buf_add(b, tr_stamp(tr, t), RFC3339_LEN);
	buf_addc(b, ' ');
	buf_addc(b, dir);
	buf_addc(b, ' ');
	buf_add(b, json, n);
	buf_addc(b, '\n');
	return b->err ? -1 : 0;
}

int
tr_event(struct transcript *tr, time_t t, const char *what,
    const char *peer)
{
	struct buf b;
	int r = -1;

	buf_init(&b, 0);
	buf_adds(&b, "{\"type\":\"event\",\"what\":");
	if (json_put_str(&b, what, strlen(what)) == 0) {
		if (peer) {
			buf_adds(&b, ",\"peer\":");
			if (json_put_str(&b, peer, strlen(peer)) < 0)
				goto out;
		}
		buf_addc(&b, '}');
		if (!b.err)
			r = tr_add(tr, t, TR_EVENT, b.data, b.len);
	}
out:
	buf_free(&b);
	return r;
}

int
tr_sync(struct transcript *tr)
{
	int r = 0;

	if (tr->batch.len > 0 && tr->fd >= 0 &&
	    (afile_write_all(tr->fd, tr->batch.data, tr->batch.len) < 0 ||
	    fsync(tr->fd) < 0))
		r = -1;
	buf_reset(&tr->batch);
	return r;
}

void
tr_free(struct transcript *tr)
{
	if (tr->fd >= 0)
		close(tr->fd);
	buf_free(&tr->batch);
	tr_init(tr);
}

/* the greatest message numbers, for tr_last_seq */
struct last {
	unsigned long long sent, got;
};

static void
last_seq(void *arg, char dir, unsigned long long seq, const char *json,
    size_t n)
{
	struct last *l = arg;

	(void)json;
	(void)n;
	if (dir == TR_SENT && seq > l->sent)
		l->sent = seq;
	else if (dir == TR_RECEIVED && seq > l->got)
		l->got = seq;
}

/* the messages to send again, for tr_unacked */
struct unacked {
	unsigned long long ack;
	struct buf *out;
};

static void
unacked(void *arg, char dir, unsigned long long seq, const char *json,
    size_t n)
{
	struct unacked *u = arg;

	if (dir == TR_SENT && seq > u->ack)
		buf_add(u->out, json, n);
}

int
tr_unacked(struct transcript *tr, unsigned long long ack, struct buf *out)
{
	struct unacked u = { ack, out };

	if (tr_each_msg(tr, unacked, &u) < 0)
		return -1;
	if (out->err) {
		errno = ENOMEM;
		return -1;
	}
	return 0;
}

int
tr_last_seq(struct transcript *tr, unsigned long long *sent,
    unsigned long long *got)
{
	struct last l = { 0, 0 };

	if (tr_each_msg(tr, last_seq, &l) < 0)
		return -1;
	*sent = l.sent;
	*got = l.got;
	return 0;
}

int
tr_each_msg(struct transcript *tr, tr_msg_fn *fn, void *arg)
{
	static const char head[] = "{\"type\":\"msg\",\"seq\":";
	char *line = NULL;
	size_t cap = 0;
	ssize_t n;
	FILE *f;
	int fd, e;

	/* a stream of its own, at the start: the writer's appends go to
	 * the end whatever the offset (O_APPEND) */
	if ((fd = dup(tr->fd)) < 0)
		return -1;
	if ((f = fdopen(fd, "r")) == NULL) {
		e = errno;
		close(fd);
		errno = e;
		return -1;
	}
	rewind(f);
	while ((n = getline(&line, &cap, f)) > 0)
		if ((size_t)n > TR_HEAD && line[n - 1] == '\n' &&
		    strncmp(line + TR_HEAD, head, sizeof(head) - 1) == 0)
			fn(arg, line[RFC3339_LEN + 1], strtoull(line +
			    TR_HEAD + sizeof(head) - 1, NULL, 10),
			    line + TR_HEAD, (size_t)n - TR_HEAD);
	e = ferror(f) ? (errno ? errno : EIO) : 0;
	free(line);
	fclose(f);
	if (e) {
		errno = e;
		return -1;
	}
	return 0;
}
