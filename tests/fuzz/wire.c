/* fuzz target: sessd's line handling: lines read from a descriptor and
 * cut from a buffer (lib/lines.c), the hello, the welcome and every
 * later line read as sessd reads them (lib/wire.c).
 *
 * The input goes through a pipe as a peer's bytes: the first line is read
 * by lines_read within WIRE_HELLO_MAX bytes and taken as a hello and as
 * a welcome; the rest goes through lines_each, each line to wire_read.
 * Checks, aborting on a violation: lines_read and lines_each hand on
 * exactly the input's lines; a hello read is written by wire_hello and
 * read back the same; a message read is written by wire_msg and read
 * back the same (decode(encode(x)) == x), in the very bytes it came in
 * when wire_read called it canonical. */
#include <errno.h>
#include <signal.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "../../lib/buf.h"
#include "../../lib/lines.h"
#include "../../lib/wire.h"

int LLVMFuzzerTestOneInput(const unsigned char *, size_t);

#define FEED_MAX 60000	/* within a pipe's buffer: no writer needed */

static void
hello(const char *s, size_t n)
{
	struct wire_hello h, h2;
	struct invitation inv;
	struct buf b;
	const char *why = NULL;
	unsigned long long ack;

	if (wire_read_hello(s, n, &h, &why) < 0) {
		if (why == NULL)
			abort();
	} else {
		memset(&inv, 0, sizeof(inv));
		memcpy(inv.id, h.id, sizeof(h.id));
		memcpy(inv.to, h.user, sizeof(h.user));
		memcpy(inv.expires_s, h.expires, sizeof(h.expires));
		memcpy(inv.token, h.token, sizeof(h.token));
		buf_init(&b, 0);
		if (wire_hello(&b, &inv, h.ack, h.watch, h.decline) < 0 ||
		    wire_read_hello(b.data, b.len, &h2, &why) < 0 ||
		    strcmp(h.id, h2.id) || strcmp(h.user, h2.user) ||
		    strcmp(h.expires, h2.expires) ||
		    h.expires_t != h2.expires_t ||
		    strcmp(h.token, h2.token) || h.ack != h2.ack ||
		    h.watch != h2.watch || h.decline != h2.decline)
			abort();
		buf_free(&b);
	}
	if (wire_read_welcome(s, n, &ack) > 1)
		abort();
}

static void
message(const char *s, size_t n, const struct wire_in *w)
{
	struct wire_in w2;
	struct buf b;
	const char *why;

	buf_init(&b, 0);
	if (wire_msg(&b, w->seq, w->time ? w->time : "2026-11-25T09:00:00Z",
	    w->text, w->len) < 0 || wire_read(b.data, b.len, &w2, &why) < 0)
		abort();
	if (w2.type != WIRE_MSG || w2.seq != w->seq || w2.len != w->len ||
	    (w->len > 0 && memcmp(w2.text, w->text, w->len) != 0) ||
	    (w->time && (w2.time == NULL ||
	    memcmp(w2.time, w->time, RFC3339_LEN) != 0)))
		abort();
	if (w->canonical && (b.len != n || memcmp(b.data, s, n) != 0))
		abort();
	wire_in_free(&w2);
	buf_free(&b);
}

struct feed {
	const char *next;	/* where the next line should start */
	const char *end;
};

/* peer_line: a line as sessd's peer_line takes it */
static int
peer_line(void *arg, const char *s, size_t n)
{
	struct feed *f = arg;
	struct wire_in w;
	const char *why = NULL;

	if ((size_t)(f->end - f->next) < n + 1 ||
	    memcmp(f->next, s, n) != 0 || f->next[n] != '\n' ||
	    memchr(s, '\n', n) != NULL)
		abort();
	f->next += n + 1;
	if (n + 1 > WIRE_MAX)
		return 1;
	if (wire_read(s, n, &w, &why) < 0) {
		if (why == NULL)
			abort();
		return 0;
	}
	if (w.type == WIRE_MSG)
		message(s, n, &w);
	wire_in_free(&w);
	return w.type == WIRE_BYE;
}

int
LLVMFuzzerTestOneInput(const unsigned char *data, size_t size)
{
	const char *s = (const char *)data, *nl;
	struct buf b;
	struct feed f;
	ssize_t n;
	int fd[2];
	size_t i, k;

	if (size > FEED_MAX)
		size = FEED_MAX;
	signal(SIGPIPE, SIG_IGN);
	if (pipe(fd) < 0)
		abort();
	if (size > 0 && write(fd[1], s, size) != (ssize_t)size)
		abort();
	close(fd[1]);
	buf_init(&b, 0);
	n = lines_read(fd[0], &b, WIRE_HELLO_MAX, time(NULL) + 10);
	nl = memchr(s, '\n', size);
	if (n >= 0) {
		if (nl == NULL || (size_t)n != (size_t)(nl - s) ||
		    memcmp(b.data, s, (size_t)n) != 0)
			abort();
		hello(b.data, (size_t)n);
		f.next = s;
		f.end = s + size;
		/* the rest as it comes, in pieces of up to 4096 bytes */
		for (i = b.len; ; i += k) {
			if (lines_each(&b, peer_line, &f) != 0)
				break;
			if (i >= size)
				break;
			k = size - i < 4096 ? size - i : 4096;
			buf_add(&b, s + i, k);
		}
	} else if (nl != NULL && nl - s < WIRE_HELLO_MAX) {
		abort();	/* a line was there to be read */
	}
	buf_free(&b);
	close(fd[0]);
	return 0;
}
