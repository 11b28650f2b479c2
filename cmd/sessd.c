/*
 * sessd: one live session with a peer on stdin/stdout.
 *
 * socat (or systemd) gives it the connection. The listener (-l) reads
 * the dialer's hello first and checks it with the inviter's secret:
 * nothing else is read until it is verified, and what came with it is
 * dropped. The dialer (-i) sends the hello made from a stored invitation.
 * Then both exchange JSON lines: messages, acknowledgements, presence,
 * typing states, pings. The session directory holds "in" (a FIFO: each
 * line written to it is sent as a message), "out" (the transcript: every
 * line that leaves or arrives, with its direction and time, on disk
 * before it is sent or acknowledged, synced once per batch) and "peer"
 * (the peer's latest presence line, replaced atomically). Messages carry
 * sequence numbers and are acknowledged, so that a reconnection with the
 * same invitation resumes without losing or repeating one.
 */
#include <err.h>
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <poll.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "../lib/afile.h"
#include "../lib/buf.h"
#include "../lib/hmac.h"
#include "../lib/invitation.h"
#include "../lib/lines.h"
#include "../lib/mimew.h"
#include "../lib/num.h"
#include "../lib/paths.h"
#include "../lib/presence.h"
#include "../lib/secret.h"
#include "../lib/sessdir.h"
#include "../lib/transcript.h"
#include "../lib/wire.h"

#define EXIT_BYE	0	/* the session ended with a bye */
#define EXIT_LOST	1	/* the peer went away without one */
#define EXIT_USAGE	2
#define EXIT_FAIL	3
#define EXIT_REFUSED	4	/* the hello was refused */
#define HELLO_S		10	/* seconds to wait for the hello or welcome */
#define KEEPALIVE	15	/* seconds: a ping when nothing was sent */
#define HEARTBEAT	30	/* seconds: presence sent again */
#define TX_HIGH		(256 * 1024)	/* queued for the peer: stop reading in */
#define BATCH_MAX	(1024 * 1024)	/* read in a turn, one sync */

struct sess {
	int listener;
	char dir[PATH_MAX];
	char id[INV_ID_LEN + 1];
	char me[MIMEW_ADDR_MAX + 1];	/* the local user, "" if unknown */
	char peer[MIMEW_ADDR_MAX + 1];	/* the peer's address */
	int infd, typefd, lockfd;
	unsigned long long sent;	/* last message sequence sent */
	unsigned long long got;		/* last one received and kept */
	int ack_due;
	struct buf rx;		/* from the peer, not yet a line */
	struct buf inl;		/* from in, not yet a line */
	struct buf typl;	/* from typing, not yet a line */
	struct transcript tr;	/* "out", and its lines of this batch */
	struct buf pend;	/* for the peer once the batch is on disk */
	struct buf tx;		/* for the peer, not yet written */
	struct buf line;	/* the line being made */
	time_t last_rx, last_tx;
	struct pres_watch pw;	/* the local presence, presd's file */
	int peer_open;
	int watch;		/* presence only: the invitee's view before
				 * joining */
	const char *decline;	/* -x: saying no, why */
};

static volatile sig_atomic_t stop_sig;

static void drain_all(struct sess *s);

static _Noreturn void
usage(void)
{
	fprintf(stderr, "usage: sessd -l [-d dir] [-k seconds] [-o presence] "
	    "[-u user]\n"
	    "       sessd -i invitation [-w | -x reason] [-d dir] "
	    "[-k seconds] [-o presence]\n");
	exit(EXIT_USAGE);
}

static void
on_signal(int sig)
{
	stop_sig = sig;
}

/* record: a transcript line "time dir json" into this batch */
static void
record(struct sess *s, char dir, const char *json, size_t n)
{
	if (tr_add(&s->tr, time(NULL), dir, json, n) < 0)
		errx(EXIT_FAIL, "out of memory");
}

/* event: a line of what happened into this batch; those of the hello
 * (connected, watching, declined) name the peer, for the chat front end,
 * and "declined" its reason */
static void
event(struct sess *s, const char *what)
{
	char no[32];

	if (strcmp(what, "declined") == 0)
		snprintf(no, sizeof(no), "declined: %s", s->decline), what = no;
	if (tr_event(&s->tr, time(NULL), what, strchr("cwd", what[0]) ?
	    s->peer : NULL) < 0)
		errx(EXIT_FAIL, "out of memory");
}

/* flush_log: the batch's transcript lines on disk, then what waited for
 * them goes to the peer */
static void
flush_log(struct sess *s)
{
	if (tr_sync(&s->tr) < 0)
		err(EXIT_FAIL, "%s/out", s->dir);
	if (s->ack_due) {
		wire_ack(&s->pend, s->got);
		buf_addc(&s->pend, '\n');
		s->ack_due = 0;
	}
	if (s->pend.err || buf_add(&s->tx, s->pend.data, s->pend.len) < 0)
		errx(EXIT_FAIL, "out of memory");
	buf_reset(&s->pend);
}

/* fresh: the line being made, emptied, to make another */
static struct buf *
fresh(struct sess *s)
{
	buf_reset(&s->line);
	return &s->line;
}

/* send_line: the line made, for the peer after this batch; recorded if
 * rec */
static void
send_line(struct sess *s, int rec)
{
	if (s->line.err)
		errx(EXIT_FAIL, "out of memory");
	if (rec)
		record(s, '>', s->line.data, s->line.len);
	buf_add(&s->pend, s->line.data, s->line.len);
	buf_addc(&s->pend, '\n');
}

/* send_simple: a ping, pong or bye; only a bye is recorded */
static void
send_simple(struct sess *s, const char *type)
{
	wire_simple(fresh(s), type);
	send_line(s, strcmp(type, "bye") == 0);
}

static void
send_error(struct sess *s, const char *reason)
{
	wire_error(fresh(s), reason);
	send_line(s, 1);
}

/* drain: writes what can be written to the peer now */
static void
drain(struct sess *s)
{
	ssize_t n;

	if ((n = lines_write(1, &s->tx)) < 0) {
		s->peer_open = 0;	/* reset or closed */
		buf_reset(&s->tx);
	} else if (n > 0) {
		s->last_tx = time(NULL);
	}
}

/* peer_gone: the peer is gone without a bye: offline, in peer and the
 * transcript */
static _Noreturn void
peer_gone(struct sess *s, const char *why)
{
	time_t now = time(NULL);

	event(s, why);
	sessdir_peer_gone(s->dir, s->peer, now, now + HEARTBEAT * 2);
	flush_log(s);
	exit(EXIT_LOST);
}

/* peer_message: a message from the peer, the line p[0..n), kept if it is
 * the next one */
static void
peer_message(struct sess *s, const struct wire_in *w, const char *p,
    size_t n)
{
	if (w->seq <= s->got) {
		s->ack_due = 1;		/* seen: acknowledged again */
	} else if (w->seq != s->got + 1) {
		send_error(s, "a message is missing");
	} else if (w->canonical) {
		record(s, '<', p, n);	/* in the form sessd sends */
		s->got = w->seq;
		s->ack_due = 1;
	} else {
		/* kept in the form sessd sends, whatever the peer's */
		if (wire_msg(fresh(s), w->seq, w->time ? w->time :
		    tr_stamp(&s->tr, time(NULL)), w->text, w->len) < 0)
			errx(EXIT_FAIL, "out of memory");
		record(s, '<', s->line.data, s->line.len);
		s->got = w->seq;
		s->ack_due = 1;
	}
}

/* peer_line: a line from the peer after the handshake (a lines_fn).
 * Returns 0 to go on, 1 when the session ends with a bye, -1 for a line
 * over WIRE_MAX with its newline. */
static int
peer_line(void *arg, const char *p, size_t n)
{
	struct sess *s = arg;
	struct wire_in w;
	const char *why;
	int r = 0;

	if (n + 1 > WIRE_MAX)
		return -1;
	if (wire_read(p, n, &w, &why) < 0) {
		send_error(s, why);
		return 0;
	}
	if (s->watch && (w.type == WIRE_MSG || w.type == WIRE_STATE)) {
		send_error(s, "a watch: presence only");
		wire_in_free(&w);
		return 0;
	}
	switch (w.type) {
	case WIRE_MSG:
		peer_message(s, &w, p, n);
		break;
	case WIRE_PRESENCE:
		/* the peer's own, kept in peer */
		if (!inv_same_address(w.pres.user, s->peer) ||
		    sessdir_put_peer(s->dir, &w.pres) < 0)
			send_error(s, "bad presence");
		else
			record(s, '<', p, n);
		break;
	case WIRE_PING:
		send_simple(s, "pong");
		break;
	case WIRE_STATE:
	case WIRE_ERROR:
	case WIRE_BYE:
		record(s, '<', p, n);
		r = w.type == WIRE_BYE;
		break;
	case WIRE_ACK:
	case WIRE_PONG:
		/* the peer is there: last_rx says so */
		break;
	}
	wire_in_free(&w);
	return r;
}

/* resend: the messages the peer has not acknowledged, for a resumed
 * session, after what waits to be sent: the listener's welcome must be
 * the first line the dialer reads */
static void
resend(struct sess *s, unsigned long long ack)
{
	if (ack < s->sent && tr_unacked(&s->tr, ack, &s->pend) < 0) {
		if (s->pend.err)
			errx(EXIT_FAIL, "out of memory");
		err(EXIT_FAIL, "%s/out", s->dir);
	}
}

/* open_fifo: the FIFO name in the session directory, made if need be,
 * opened to read and write: a writer that closes is no end of the
 * session */
static int
open_fifo(struct sess *s, const char *name)
{
	int fd, r;

	if ((r = sessdir_fifo(s->dir, name, &fd)) < 0)
		err(EXIT_FAIL, "%s/%s", s->dir, name);
	if (r == 1)
		errx(EXIT_FAIL, "%s/%s: not a FIFO", s->dir, name);
	return fd;
}

/* open_dir: the session directory, locked (one session per invitation at
 * a time), with in, out and the sequence numbers so far */
static void
open_dir(struct sess *s, const char *given)
{
	char path[PATH_MAX];
	int r;

	if (given) {
		if (snprintf(s->dir, sizeof(s->dir), "%s", given) >=
		    (int)sizeof(s->dir))
			errx(EXIT_FAIL, "%s: path too long", given);
	} else if (sessdir_path(s->id, s->dir, sizeof(s->dir)) < 0) {
		errx(EXIT_FAIL, "no state directory: set HOME, XDG_STATE_HOME "
		    "or HAIL_STATE_DIR");
	}
	if (afile_mkdirs(s->dir, 0700) < 0)
		err(EXIT_FAIL, "%s", s->dir);
	if ((r = sessdir_lock(s->dir, &s->lockfd)) < 0)
		err(EXIT_FAIL, "%s/lock", s->dir);
	if (r == 1)
		errx(EXIT_REFUSED, "%s: a session for this invitation is on "
		    "already", s->dir);
	s->infd = open_fifo(s, "in");
	s->typefd = open_fifo(s, "typing");
	if (path_join(path, sizeof(path), s->dir, "out") < 0 ||
	    tr_open(&s->tr, path) < 0 ||
	    tr_last_seq(&s->tr, &s->sent, &s->got) < 0)
		err(EXIT_FAIL, "%s/out", s->dir);
}

/* read_line: the first line from fd, of at most max bytes, within the
 * deadline, as lines_read; a signal cuts the wait short only if it
 * stops sessd */
static ssize_t
read_line(int fd, struct buf *b, size_t max, time_t deadline)
{
	ssize_t n;

	while ((n = lines_read(fd, b, max, deadline)) < 0 && errno == EINTR &&
	    !stop_sig)
		;
	return n;
}

/* refuse: the one answer to any hello that does not pass, whatever the
 * reason, so that a prober learns nothing; the reason is logged here
 * (and memory that ran out is a failure of ours, 3, not a refusal) */
static _Noreturn void
refuse(const char *why)
{
	static const char e[] = "{\"type\":\"error\",\"reason\":\"refused\"}\n";

	warnx("hello refused: %s", why);
	afile_write_all(1, e, sizeof(e) - 1);
	/* the answer goes out before the connection closes */
	close(1);
	lines_linger(0, 2);
	exit(strcmp(why, "out of memory") == 0 ? EXIT_FAIL : EXIT_REFUSED);
}

/* listen_hello: the listener's side of the handshake */
static void
listen_hello(struct sess *s, const char *dir)
{
	unsigned char key[SECRET_LEN];
	char cfg[PATH_MAX], path[PATH_MAX];
	struct wire_hello h;
	const char *why;
	ssize_t n;
	time_t end = time(NULL) + HELLO_S;

	errno = 0;
	if ((n = read_line(0, &s->rx, WIRE_HELLO_MAX, end)) < 0)
		refuse(errno == ENOMEM ? "out of memory" :
		    s->rx.len >= WIRE_HELLO_MAX ? "a hello over the size limit" :
		    errno == ETIMEDOUT || time(NULL) >= end ? "no hello in time" :
		    "the connection ended before a hello");
	if (wire_read_hello(s->rx.data, (size_t)n, &h, &why) < 0)
		refuse(why);
	if (path_dir(PATH_CONFIG, cfg, sizeof(cfg)) < 0 ||
	    path_join(path, sizeof(path), cfg, "secret") < 0 ||
	    secret_load(path, 0, key, &why) < 0)
		refuse("no secret to check tokens with");
	why = wire_check_hello(&h, key, time(NULL));
	hmac_wipe(key, sizeof(key));
	if (why)
		refuse(why);
	memcpy(s->id, h.id, sizeof(s->id));
	memcpy(s->peer, h.user, sizeof(s->peer));

	/* nothing sent before the welcome counts: what came with the hello
	 * is dropped (the STARTTLS lesson of CVE-2020-14954) */
	if (s->rx.len > (size_t)n + 1)
		warnx("dropped %zu bytes sent before the welcome",
		    s->rx.len - (size_t)n - 1);
	buf_reset(&s->rx);
	s->watch = h.watch;
	open_dir(s, dir);
	if ((s->decline = h.decline) != NULL) {
		/* the invitee says no: kept, and goodbye */
		event(s, "declined");
		send_simple(s, "bye");
		drain_all(s);
		exit(EXIT_BYE);
	}
	if (s->watch && pres_file_status(s->pw.path, time(NULL)) ==
	    PRES_DND) {
		/* a user who said dnd is not watched: told so, with the
		 * invitee's token checked */
		event(s, "refused a watch: busy (dnd)");
		wire_error(fresh(s), "busy");
		send_line(s, 1);
		drain_all(s);
		exit(EXIT_REFUSED);
	}
	event(s, s->watch ? "watching: a hello from the invitee, verified" :
	    "connected: a hello from the invitee, verified");
	wire_welcome(fresh(s), s->got, s->me, s->watch);
	send_line(s, 1);
	if (!s->watch)
		resend(s, h.ack);
}

/* dial_hello: the dialer's side, from a stored invitation */
static void
dial_hello(struct sess *s, const char *file, const char *dir)
{
	static char text[INV_MAX + 1];
	struct invitation inv;
	const char *why;
	unsigned long long ack;
	ssize_t n;
	int fd, r;

	if ((fd = open(file, O_RDONLY | O_CLOEXEC)) < 0 ||
	    (n = read(fd, text, sizeof(text) - 1)) < 0)
		err(EXIT_FAIL, "%s", file);
	close(fd);
	if (inv_parse(text, (size_t)n, &inv, &why) < 0)
		errx(EXIT_FAIL, "%s: not an invitation: %s", file, why);
	if (inv_expired(&inv, time(NULL)))
		errx(EXIT_REFUSED, "%s: expired at %s", file, inv.expires_s);
	memcpy(s->id, inv.id, sizeof(s->id));
	memcpy(s->peer, inv.from, strlen(inv.from) + 1);
	memcpy(s->me, inv.to, strlen(inv.to) + 1);
	open_dir(s, dir);

	if (wire_hello(fresh(s), &inv, s->got, s->watch, s->decline) < 0 ||
	    buf_addc(&s->line, '\n') < 0)
		errx(EXIT_FAIL, "out of memory");
	inv_free(&inv);
	if (afile_write_all(1, s->line.data, s->line.len) < 0)
		err(EXIT_LOST, "the peer");
	event(s, s->watch ? "watching: hello sent" : "connected: hello sent");

	errno = 0;
	if ((n = read_line(0, &s->rx, WIRE_HELLO_MAX, time(NULL) +
	    HELLO_S)) < 0 ||
	    (r = wire_read_welcome(s->rx.data, (size_t)n, &ack)) < 0) {
		r = errno == ENOMEM;	/* (before the event changes errno) */
		event(s, "refused: no welcome");
		flush_log(s);
		errx(r ? EXIT_FAIL : EXIT_REFUSED, "%s", r ? "out of memory" :
		    "no welcome from the peer");
	}
	if (r == 1) {
		/* its reason, "refused" or "busy", kept; a bye to a no */
		record(s, '<', s->rx.data, (size_t)n);
		if (s->decline && strncmp(s->rx.data, "{\"type\":\"bye\"}",
		    (size_t)n) == 0 && n == 14) {
			event(s, "declined");
			flush_log(s);
			exit(EXIT_BYE);
		}
		event(s, "refused by the peer");
		flush_log(s);
		errx(EXIT_REFUSED, "refused by the peer");
	}
	record(s, '<', s->rx.data, (size_t)n);
	memmove(s->rx.data, s->rx.data + n + 1, s->rx.len - (size_t)n - 1);
	s->rx.len -= (size_t)n + 1;
	if (!s->watch)
		resend(s, ack);
}

/* local_presence: the local presence, sent when presd's latest line
 * changes, and at the heartbeat */
static void
local_presence(struct sess *s, time_t now)
{
	char line[PRES_LINE_MAX + 1];
	ssize_t n;

	if ((n = pres_due(&s->pw, s->me, now, HEARTBEAT, line)) > 0) {
		wire_presence(fresh(s), line, (size_t)n);
		send_line(s, 1);
	}
}

/* local_line: a line written to in: a message (a lines_fn) */
static int
local_line(void *arg, const char *p, size_t n)
{
	struct sess *s = arg;

	if (n > 0 && p[n - 1] == '\r')
		n--;
	if (n > WIRE_TEXT_MAX) {
		warnx("%s/in: a line of %zu bytes, over %d: not sent", s->dir,
		    n, WIRE_TEXT_MAX);
		return 0;
	}
	/* the peer's JSON reader refuses "\u0000": such a line would never
	 * be taken, and every one after it would wait for it */
	if (memchr(p, '\0', n) != NULL) {
		warnx("%s/in: a line with a NUL byte: not sent", s->dir);
		return 0;
	}
	if (wire_msg(fresh(s), s->sent + 1, tr_stamp(&s->tr, time(NULL)), p,
	    n) < 0 && !s->line.err) {
		warnx("%s/in: a line that is not UTF-8: not sent", s->dir);
		return 0;
	}
	/* nor a line over WIRE_MAX: control characters take six bytes */
	if (s->line.len + 1 > WIRE_MAX) {
		warnx("%s/in: a line of %zu bytes once escaped, over %d: not "
		    "sent", s->dir, s->line.len + 1, WIRE_MAX);
		return 0;
	}
	s->sent++;
	send_line(s, 1);
	return 0;
}

/* in_lines: the whole lines written to in, each a message */
static void
in_lines(struct sess *s)
{
	lines_each(&s->inl, local_line, s);
	if (s->inl.len > WIRE_TEXT_MAX) {
		warnx("%s/in: a line over %d bytes: dropped", s->dir,
		    WIRE_TEXT_MAX);
		buf_reset(&s->inl);
	}
}

/* typing_line: a line written to typing is the local typing state
 * (XEP-0085), sent as it is (a lines_fn) */
static int
typing_line(void *arg, const char *p, size_t n)
{
	struct sess *s = arg;
	const char *state;

	if ((state = wire_state_name(p, n)) == NULL) {
		warnx("%s/typing: not a typing state", s->dir);
		return 0;
	}
	wire_state(fresh(s), state);
	send_line(s, 1);
	return 0;
}

static void
typing_lines(struct sess *s)
{
	lines_each(&s->typl, typing_line, s);
	if (s->typl.len > 64)
		buf_reset(&s->typl);	/* no state is that long */
}

/* drain_all: the batch on disk, and what is queued for the peer written
 * out, waiting for it at most 5 seconds */
static void
drain_all(struct sess *s)
{
	flush_log(s);
	if (s->peer_open)
		lines_flush(1, &s->tx, 5);
}

/* bye: the local end of the session: a bye to the peer, written out */
static _Noreturn void
bye(struct sess *s)
{
	send_simple(s, "bye");
	event(s, "ended here");
	drain_all(s);
	exit(EXIT_BYE);
}

/* peer_lines: the whole lines from the peer acted on; the session ends
 * here at a bye or a line over WIRE_MAX */
static void
peer_lines(struct sess *s)
{
	int r = lines_each(&s->rx, peer_line, s);

	if (r == 0 && s->rx.len >= WIRE_MAX)
		r = -1;
	if (r < 0) {
		send_error(s, "line too long");
		event(s, "closed: a line over the limit");
		drain_all(s);
		/* the rest of the line is still coming: taken for a moment
		 * after our side is closed, so that unread bytes do not turn
		 * the close into a reset that loses the error */
		close(1);
		lines_linger(0, 2);
		exit(EXIT_LOST);
	}
	if (r == 1) {
		event(s, "ended by the peer");
		flush_log(s);
		drain(s);
		exit(EXIT_BYE);
	}
}

/* from_peer: what the peer sent, its whole lines acted on; read again
 * while more has come, up to BATCH_MAX bytes, so that one sync of the
 * transcript covers as many lines as arrived in the meantime */
static void
from_peer(struct sess *s, time_t now)
{
	static char chunk[65536];
	size_t got = 0;
	ssize_t n;

	while (got < BATCH_MAX) {
		n = read(0, chunk, sizeof(chunk));
		if (n == 0)
			peer_gone(s, "offline: the peer closed the "
			    "connection");
		if (n < 0 && errno != EAGAIN && errno != EINTR)
			peer_gone(s, "offline: the connection failed");
		if (n <= 0)
			return;
		got += (size_t)n;
		s->last_rx = now;
		buf_add(&s->rx, chunk, (size_t)n);
		peer_lines(s);
	}
}

/* from_fifo: what was written to the FIFO fd, into b, and its whole
 * lines acted on by lines; read again while more has come, up to
 * BATCH_MAX bytes or TX_HIGH waiting for the peer, as from_peer */
static void
from_fifo(struct sess *s, int fd, struct buf *b, void lines(struct sess *))
{
	static char chunk[65536];
	size_t got = 0;
	ssize_t n;

	while (got < BATCH_MAX && s->tx.len + s->pend.len < TX_HIGH &&
	    (n = read(fd, chunk, sizeof(chunk))) > 0) {
		got += (size_t)n;
		buf_add(b, chunk, (size_t)n);
		lines(s);
	}
}

/* loop: the session, until it ends: each turn, the batch on disk and
 * what waited for it sent, then a wait for the peer, the FIFOs or a
 * second's tick (presence, keepalive) */
static _Noreturn void
loop(struct sess *s, int keepalive)
{
	struct pollfd pfd[4];
	time_t now;
	int i;

	lines_nonblock(0);
	lines_nonblock(1);
	s->last_rx = s->last_tx = time(NULL);
	for (;;) {
		/* a stop wins over a connection lost with it: socat, told
		 * to stop, tells sessd and shuts the connection at once */
		if (stop_sig)
			bye(s);
		flush_log(s);
		drain(s);
		if (stop_sig)
			bye(s);
		if (!s->peer_open)
			peer_gone(s, "offline: the connection was reset");
		pfd[0].fd = 0;
		pfd[0].events = POLLIN;
		pfd[1].fd = 1;
		pfd[1].events = s->tx.len > 0 ? POLLOUT : 0;
		/* in waits while the peer is slow to take what was sent */
		pfd[2].fd = s->tx.len < TX_HIGH && !s->watch ? s->infd : -1;
		pfd[2].events = POLLIN;
		pfd[3].fd = s->watch ? -1 : s->typefd;
		pfd[3].events = POLLIN;
		for (i = 0; i < 4; i++)
			pfd[i].revents = 0;
		if (poll(pfd, 4, 1000) < 0 && errno != EINTR)
			err(EXIT_FAIL, "poll");
		if (stop_sig)
			continue;
		now = time(NULL);
		if (pfd[0].revents & (POLLIN | POLLHUP | POLLERR))
			from_peer(s, now);
		if (pfd[2].fd >= 0 && (pfd[2].revents & POLLIN))
			from_fifo(s, s->infd, &s->inl, in_lines);
		if (pfd[3].revents & POLLIN)
			from_fifo(s, s->typefd, &s->typl, typing_lines);
		local_presence(s, now);
		if (now - s->last_tx >= keepalive && s->tx.len == 0 &&
		    s->pend.len == 0)
			send_simple(s, "ping");
		if (now - s->last_rx >= 3 * keepalive)
			peer_gone(s, "offline: the peer was silent past the "
			    "keepalive");
		if (s->rx.err || s->inl.err || s->pend.err || s->tx.err)
			errx(EXIT_FAIL, "out of memory");
	}
}

int
main(int argc, char *argv[])
{
	struct sess s;
	struct sigaction sa;
	const char *inv = NULL, *dir = NULL, *why;
	char rt[PATH_MAX], pres[PATH_MAX], own[PATH_MAX];
	long long keep = KEEPALIVE;
	struct stat st;
	int c, given = 0;

	memset(&s, 0, sizeof(s));
	s.infd = s.typefd = s.lockfd = -1;
	tr_init(&s.tr);
	s.peer_open = 1;
	while ((c = getopt(argc, argv, "d:i:k:lo:u:wx:")) != -1) {
		switch (c) {
		case 'd': dir = optarg; break;
		case 'i': inv = optarg; break;
		case 'k':
			if ((why = num_parse(optarg, 1, 3600, &keep)) != NULL)
				errx(EXIT_USAGE, "-k %s: %s", optarg, why);
			break;
		case 'l': s.listener = 1; break;
		case 'w': s.watch = 1; break;
		case 'x':	/* ("not-now": a word on a command line) */
			if (!(s.decline = strcmp(optarg, "not-now") == 0 ?
			    "not now" : wire_decline_reason(optarg,
			    strlen(optarg))))
				errx(EXIT_USAGE, "-x: busy, declined or not-now");
			break;
		case 'o': s.pw.path = optarg; given = 1; break;
		case 'u':
			if (strlen(optarg) > MIMEW_ADDR_MAX ||
			    !mimew_addr_valid(optarg))
				errx(EXIT_USAGE, "-u: not an address");
			memcpy(s.me, optarg, strlen(optarg) + 1);
			break;
		default:
			usage();
		}
	}
	if (optind != argc || s.listener == (inv != NULL) ||
	    (s.listener && (s.watch || s.decline)) || (s.watch && s.decline))
		usage();
	if (s.pw.path == NULL && path_dir(PATH_RUNTIME, rt, sizeof(rt)) == 0 &&
	    path_join(pres, sizeof(pres), rt, "presence") == 0)
		s.pw.path = pres;
	memset(&sa, 0, sizeof(sa));
	sa.sa_handler = on_signal;
	sigaction(SIGTERM, &sa, NULL);
	sigaction(SIGINT, &sa, NULL);
	sigaction(SIGHUP, &sa, NULL);
	signal(SIGPIPE, SIG_IGN);
	buf_init(&s.rx, 0);
	buf_init(&s.inl, 0);
	buf_init(&s.typl, 0);
	buf_init(&s.pend, 0);
	buf_init(&s.tx, 0);
	buf_init(&s.line, 0);

	if (s.listener)
		listen_hello(&s, dir);
	else
		dial_hello(&s, inv, dir);
	if (!given && (s.pw.path == NULL || stat(s.pw.path, &st) < 0)) {
		/* no presd keeps the user's line: one of sessd's own does,
		 * for as long as the session runs */
		if (sessdir_presd(s.dir, s.me, own, sizeof(own)) < 0)
			warn("presd");
		else
			s.pw.path = own;
	}
	loop(&s, (int)keep);
}
