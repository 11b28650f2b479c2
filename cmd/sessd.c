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
#include <sys/file.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "../lib/afile.h"
#include "../lib/buf.h"
#include "../lib/hmac.h"
#include "../lib/invitation.h"
#include "../lib/json.h"
#include "../lib/mimew.h"
#include "../lib/num.h"
#include "../lib/paths.h"
#include "../lib/presence.h"
#include "../lib/rfc3339.h"
#include "../lib/secret.h"
#include "../lib/token.h"

#define EXIT_BYE	0	/* the session ended with a bye */
#define EXIT_LOST	1	/* the peer went away without one */
#define EXIT_USAGE	2
#define EXIT_FAIL	3
#define EXIT_REFUSED	4	/* the hello was refused */
#define WIRE_MAX	65536	/* bytes of a line, its newline included */
#define HELLO_MAX	4096	/* bytes of the hello */
#define HELLO_S		10	/* seconds to wait for the hello or welcome */
#define KEEPALIVE	15	/* seconds: a ping when nothing was sent */
#define HEARTBEAT	30	/* seconds: presence sent again */
#define TX_HIGH		(256 * 1024)	/* queued for the peer: stop reading in */
#define TEXT_MAX	(WIRE_MAX - 256)	/* bytes of a message's text */

struct sess {
	int listener;
	char dir[PATH_MAX];
	char id[INV_ID_LEN + 1];
	char me[MIMEW_ADDR_MAX + 1];	/* the local user, "" if unknown */
	char peer[MIMEW_ADDR_MAX + 1];	/* the peer's address */
	int infd, typefd, outfd, lockfd;
	unsigned long long sent;	/* last message sequence sent */
	unsigned long long got;		/* last one received and kept */
	int ack_due;
	struct buf rx;		/* from the peer, not yet a line */
	struct buf inl;		/* from in, not yet a line */
	struct buf typl;	/* from typing, not yet a line */
	struct buf log;		/* transcript lines of this batch */
	struct buf pend;	/* for the peer once the batch is on disk */
	struct buf tx;		/* for the peer, not yet written */
	time_t last_rx, last_tx, last_pres;
	const char *presfile;
	struct stat pres_st;
	char pres[PRES_LINE_MAX + 1];	/* the local presence last sent */
	int peer_open;
};

static volatile sig_atomic_t stop_sig;

static _Noreturn void
usage(void)
{
	fprintf(stderr, "usage: sessd -l [-d dir] [-k seconds] [-o presence] "
	    "[-u user]\n"
	    "       sessd -i invitation [-d dir] [-k seconds] [-o presence]\n");
	exit(EXIT_USAGE);
}

static void
on_signal(int sig)
{
	stop_sig = sig;
}

static void
now_text(char out[RFC3339_LEN + 1])
{
	if (rfc3339_fmt(time(NULL), out) < 0)
		memcpy(out, "0000-00-00T00:00:00Z", RFC3339_LEN + 1);
}

/* record: a transcript line "time dir json" into this batch */
static void
record(struct sess *s, char dir, const char *json, size_t n)
{
	char t[RFC3339_LEN + 1];

	now_text(t);
	buf_add(&s->log, t, RFC3339_LEN);
	buf_addc(&s->log, ' ');
	buf_addc(&s->log, dir);
	buf_addc(&s->log, ' ');
	buf_add(&s->log, json, n);
	buf_addc(&s->log, '\n');
	if (s->log.err)
		errx(EXIT_FAIL, "out of memory");
}

static void
event(struct sess *s, const char *what)
{
	struct buf b;

	buf_init(&b, 0);
	buf_adds(&b, "{\"type\":\"event\",\"what\":");
	json_put_str(&b, what, strlen(what));
	if (strncmp(what, "connected", 9) == 0) {
		/* who the session is with, for the chat front end */
		buf_adds(&b, ",\"peer\":");
		json_put_str(&b, s->peer, strlen(s->peer));
	}
	buf_addc(&b, '}');
	record(s, '!', b.data, b.len);
	buf_free(&b);
}

/* flush_log: the batch's transcript lines on disk, then what waited for
 * them goes to the peer */
static void
flush_log(struct sess *s)
{
	if (s->log.len > 0 && s->outfd >= 0) {
		if (afile_write_all(s->outfd, s->log.data, s->log.len) < 0 ||
		    fsync(s->outfd) < 0)
			err(EXIT_FAIL, "%s/out", s->dir);
	}
	buf_reset(&s->log);
	if (s->ack_due) {
		char a[64];

		snprintf(a, sizeof(a), "{\"type\":\"ack\",\"seq\":%llu}\n",
		    s->got);
		buf_adds(&s->pend, a);
		s->ack_due = 0;
	}
	buf_add(&s->tx, s->pend.data, s->pend.len);
	buf_reset(&s->pend);
	if (s->tx.err)
		errx(EXIT_FAIL, "out of memory");
}

/* send_line: a line for the peer, after this batch; recorded if rec */
static void
send_line(struct sess *s, const struct buf *line, int rec)
{
	if (rec)
		record(s, '>', line->data, line->len);
	buf_add(&s->pend, line->data, line->len);
	buf_addc(&s->pend, '\n');
}

static void
send_simple(struct sess *s, const char *type)
{
	struct buf b;

	buf_init(&b, 0);
	buf_adds(&b, "{\"type\":\"");
	buf_adds(&b, type);
	buf_adds(&b, "\"}");
	send_line(s, &b, strcmp(type, "bye") == 0);
	buf_free(&b);
}

static void
send_error(struct sess *s, const char *reason)
{
	struct buf b;

	buf_init(&b, 0);
	buf_adds(&b, "{\"type\":\"error\",\"reason\":");
	json_put_str(&b, reason, strlen(reason));
	buf_addc(&b, '}');
	send_line(s, &b, 1);
	buf_free(&b);
}

/* drain: writes what can be written to the peer now */
static void
drain(struct sess *s)
{
	ssize_t n;

	while (s->tx.len > 0) {
		n = write(1, s->tx.data, s->tx.len);
		if (n < 0) {
			if (errno == EINTR)
				continue;
			if (errno == EAGAIN || errno == EWOULDBLOCK)
				return;
			s->peer_open = 0;	/* reset or closed */
			buf_reset(&s->tx);
			return;
		}
		memmove(s->tx.data, s->tx.data + n, s->tx.len - (size_t)n);
		s->tx.len -= (size_t)n;
		s->last_tx = time(NULL);
	}
}

/* msg_line: the canonical message line for seq, time t, text; -1 if
 * the text is not UTF-8 (json_put_str refuses it) or memory ran out */
static int
msg_line(struct buf *b, unsigned long long seq, const char *t,
    const char *text, size_t n)
{
	char head[64];

	snprintf(head, sizeof(head), "{\"type\":\"msg\",\"seq\":%llu,", seq);
	buf_adds(b, head);
	buf_adds(b, "\"time\":\"");
	buf_adds(b, t);
	buf_adds(b, "\",\"text\":");
	if (json_put_str(b, text, n) < 0)
		return -1;
	buf_addc(b, '}');
	return b->err ? -1 : 0;
}

/* local_line: a line written to in: a message */
static void
local_line(struct sess *s, const char *p, size_t n)
{
	char t[RFC3339_LEN + 1];
	struct buf b;

	if (n > 0 && p[n - 1] == '\r')
		n--;
	if (n > TEXT_MAX) {
		warnx("%s/in: a line of %zu bytes, over %d: not sent", s->dir,
		    n, TEXT_MAX);
		return;
	}
	buf_init(&b, 0);
	now_text(t);
	if (msg_line(&b, s->sent + 1, t, p, n) < 0) {
		if (b.err)
			errx(EXIT_FAIL, "out of memory");
		warnx("%s/in: a line that is not UTF-8: not sent", s->dir);
		buf_free(&b);
		return;
	}
	s->sent++;
	send_line(s, &b, 1);
	buf_free(&b);
}

/* peer_presence: the peer's presence object, kept in peer */
static int
peer_presence(struct sess *s, const struct json *o)
{
	struct presence p;
	struct buf line;
	char path[PATH_MAX];
	const char *why;
	int r = -1;

	if (o == NULL || pres_from_json(o, &p, &why) < 0 ||
	    !inv_same_address(p.user, s->peer))
		return -1;
	buf_init(&line, PRES_LINE_MAX);
	if (pres_format(&p, &line) == 0 &&
	    path_join(path, sizeof(path), s->dir, "peer") == 0 &&
	    afile_write(path, line.data, line.len, 0600) == 0)
		r = 0;
	buf_free(&line);
	return r;
}

/* peer_gone: the peer is gone without a bye: offline, in peer and the
 * transcript */
static _Noreturn void
peer_gone(struct sess *s, const char *why)
{
	char path[PATH_MAX], line[PRES_LINE_MAX + 1];
	struct presence p;
	const char *w;
	struct buf b;
	ssize_t n;

	event(s, why);
	if (path_join(path, sizeof(path), s->dir, "peer") == 0) {
		/* the last known presence, or none, now offline since now */
		if ((n = afile_read_own(path, line, sizeof(line) - 1, 077,
		    &w)) <= 0 || pres_parse(line, (size_t)n, &p, &w) < 0) {
			memset(&p, 0, sizeof(p));
			memcpy(p.user, s->peer, strlen(s->peer) + 1);
		}
		p.status = PRES_OFFLINE;
		p.since = p.time = time(NULL);
		p.expires = p.time + HEARTBEAT * 2;
		buf_init(&b, PRES_LINE_MAX);
		if (pres_format(&p, &b) == 0)
			afile_write(path, b.data, b.len, 0600);
		buf_free(&b);
	}
	flush_log(s);
	exit(EXIT_LOST);
}

/* peer_line: a line from the peer after the handshake. Returns 0 to go
 * on, 1 when the session ends with a bye. */
static int
peer_line(struct sess *s, const char *p, size_t n)
{
	static const struct json_limits lim = { WIRE_MAX, 4, 256, TEXT_MAX };
	struct json *o;
	struct json_error je;
	const struct json *type, *v;
	long long seq;
	struct buf b;
	int r = 0;

	if (json_parse(p, n, &lim, &o, &je) < 0) {
		send_error(s, "malformed line");
		return 0;
	}
	type = json_get(o, "type");
	if (o->type != JSON_OBJECT || type == NULL ||
	    type->type != JSON_STRING) {
		send_error(s, "malformed line");
	} else if (strcmp(type->str, "msg") == 0) {
		v = json_get(o, "text");
		if (json_int(json_get(o, "seq"), 1, LLONG_MAX, &seq) < 0 ||
		    v == NULL || v->type != JSON_STRING) {
			send_error(s, "malformed message");
		} else if ((unsigned long long)seq <= s->got) {
			s->ack_due = 1;		/* seen: acknowledged again */
		} else if ((unsigned long long)seq != s->got + 1) {
			send_error(s, "a message is missing");
		} else {
			const struct json *t = json_get(o, "time");
			char now[RFC3339_LEN + 1];

			now_text(now);
			buf_init(&b, 0);
			msg_line(&b, (unsigned long long)seq,
			    t && t->type == JSON_STRING &&
			    t->len == RFC3339_LEN ? t->str : now, v->str,
			    v->len);
			record(s, '<', b.data, b.len);
			buf_free(&b);
			s->got = (unsigned long long)seq;
			s->ack_due = 1;
		}
	} else if (strcmp(type->str, "ack") == 0) {
		if (json_int(json_get(o, "seq"), 0, LLONG_MAX, &seq) < 0)
			send_error(s, "malformed ack");
	} else if (strcmp(type->str, "presence") == 0) {
		if (peer_presence(s, json_get(o, "presence")) < 0)
			send_error(s, "bad presence");
		else
			record(s, '<', p, n);
	} else if (strcmp(type->str, "state") == 0) {
		v = json_get(o, "state");
		if (v == NULL || v->type != JSON_STRING ||
		    (strcmp(v->str, "active") != 0 &&
		    strcmp(v->str, "composing") != 0 &&
		    strcmp(v->str, "paused") != 0 &&
		    strcmp(v->str, "inactive") != 0 &&
		    strcmp(v->str, "gone") != 0))
			send_error(s, "bad state");
		else
			record(s, '<', p, n);
	} else if (strcmp(type->str, "ping") == 0) {
		send_simple(s, "pong");
	} else if (strcmp(type->str, "pong") == 0) {
		/* the peer is there: last_rx says so */
	} else if (strcmp(type->str, "bye") == 0) {
		record(s, '<', p, n);
		r = 1;
	} else if (strcmp(type->str, "error") == 0) {
		record(s, '<', p, n);
	} else {
		send_error(s, "unknown type");
	}
	json_free(o);
	return r;
}

/* msg_fn: what each_msg does with one message line: its direction ('>'
 * sent, '<' received), number and JSON (newline included) */
typedef void msg_fn(struct sess *, char, unsigned long long, const char *,
    size_t, unsigned long long);

/* each_msg: fn for every message in the transcript, which sessd writes
 * in one form, "time dir {"type":"msg","seq":N,...}"; arg goes along */
static void
each_msg(struct sess *s, msg_fn *fn, unsigned long long arg)
{
	static const char head[] = "{\"type\":\"msg\",\"seq\":";
	const size_t at = RFC3339_LEN + 3;
	char *line = NULL;
	size_t cap = 0;
	ssize_t n;
	FILE *f;
	int fd;

	if ((fd = dup(s->outfd)) < 0 || (f = fdopen(fd, "r")) == NULL)
		err(EXIT_FAIL, "%s/out", s->dir);
	rewind(f);
	while ((n = getline(&line, &cap, f)) > 0)
		if ((size_t)n > at && strncmp(line + at, head,
		    sizeof(head) - 1) == 0)
			fn(s, line[RFC3339_LEN + 1], strtoull(line + at +
			    sizeof(head) - 1, NULL, 10), line + at,
			    (size_t)n - at, arg);
	free(line);
	fclose(f);
	if (s->tx.err)
		errx(EXIT_FAIL, "out of memory");
}

/* last_seq: the last sequence numbers sent and received */
static void
last_seq(struct sess *s, char dir, unsigned long long seq, const char *json,
    size_t n, unsigned long long unused)
{
	(void)json;
	(void)n;
	(void)unused;
	if (dir == '>' && seq > s->sent)
		s->sent = seq;
	else if (dir == '<' && seq > s->got)
		s->got = seq;
}

/* unacked: a message sent after the peer's ack, to send again */
static void
unacked(struct sess *s, char dir, unsigned long long seq, const char *json,
    size_t n, unsigned long long ack)
{
	if (dir == '>' && seq > ack)
		buf_add(&s->tx, json, n);
}

/* resend: the messages the peer has not acknowledged, for a resumed
 * session */
static void
resend(struct sess *s, unsigned long long ack)
{
	if (ack < s->sent)
		each_msg(s, unacked, ack);
}

/* open_fifo: the FIFO name in the session directory, made if need be,
 * opened to read and write: a writer that closes is no end of the
 * session */
static int
open_fifo(struct sess *s, const char *name)
{
	char path[PATH_MAX];
	struct stat st;
	int fd;

	if (path_join(path, sizeof(path), s->dir, name) < 0)
		errx(EXIT_FAIL, "%s: path too long", s->dir);
	if (mkfifo(path, 0600) < 0 && errno != EEXIST)
		err(EXIT_FAIL, "%s", path);
	if ((fd = open(path, O_RDWR | O_NONBLOCK | O_NOFOLLOW |
	    O_CLOEXEC)) < 0 || fstat(fd, &st) < 0 || !S_ISFIFO(st.st_mode))
		errx(EXIT_FAIL, "%s: not a FIFO", path);
	return fd;
}

/* open_dir: the session directory, locked (one session per invitation at
 * a time), with in, out and the sequence numbers so far */
static void
open_dir(struct sess *s, const char *given)
{
	char state[PATH_MAX], base[PATH_MAX], path[PATH_MAX];

	if (given) {
		if (snprintf(s->dir, sizeof(s->dir), "%s", given) >=
		    (int)sizeof(s->dir))
			errx(EXIT_FAIL, "%s: path too long", given);
	} else if (path_dir(PATH_STATE, state, sizeof(state)) < 0 ||
	    path_join(base, sizeof(base), state, "sessions") < 0 ||
	    path_join(s->dir, sizeof(s->dir), base, s->id) < 0) {
		errx(EXIT_FAIL, "no state directory: set HOME, XDG_STATE_HOME "
		    "or HAIL_STATE_DIR");
	}
	if (afile_mkdirs(s->dir, 0700) < 0)
		err(EXIT_FAIL, "%s", s->dir);
	if (path_join(path, sizeof(path), s->dir, "lock") < 0 ||
	    (s->lockfd = open(path, O_RDWR | O_CREAT | O_NOFOLLOW | O_CLOEXEC,
	    0600)) < 0)
		err(EXIT_FAIL, "%s/lock", s->dir);
	if (flock(s->lockfd, LOCK_EX | LOCK_NB) < 0)
		errx(EXIT_REFUSED, "%s: a session for this invitation is on "
		    "already", s->dir);
	/* the lock names the process that holds it: hail-chat ends the
	 * session through it */
	if (ftruncate(s->lockfd, 0) < 0 ||
	    dprintf(s->lockfd, "%ld\n", (long)getpid()) < 0)
		err(EXIT_FAIL, "%s/lock", s->dir);
	s->infd = open_fifo(s, "in");
	s->typefd = open_fifo(s, "typing");
	if (path_join(path, sizeof(path), s->dir, "out") < 0 ||
	    (s->outfd = open(path, O_RDWR | O_APPEND | O_CREAT | O_NOFOLLOW |
	    O_CLOEXEC, 0600)) < 0)
		err(EXIT_FAIL, "%s/out", s->dir);
	each_msg(s, last_seq, 0);
}

/* read_line: one line of at most max bytes from fd within the deadline,
 * into b (without its newline); bytes after it stay in b after the
 * line's end, at b->len. Returns its length, or -1. */
static ssize_t
read_line(int fd, struct buf *b, size_t max, time_t deadline)
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
		if (poll(&pfd, 1, (int)left * 1000) <= 0) {
			if (errno == EINTR && !stop_sig)
				continue;
			return -1;
		}
		if ((n = read(fd, chunk, sizeof(chunk))) <= 0) {
			if (n < 0 && (errno == EINTR || errno == EAGAIN))
				continue;
			return -1;
		}
		buf_add(b, chunk, (size_t)n);
	}
}

/* refuse: the one answer to any hello that does not pass, whatever the
 * reason, so that a prober learns nothing; the reason is logged here */
static _Noreturn void
refuse(const char *why)
{
	static const char e[] = "{\"type\":\"error\",\"reason\":\"refused\"}\n";

	struct pollfd pfd = { 0, POLLIN, 0 };
	char sink[4096];
	time_t end = time(NULL) + 2;

	warnx("hello refused: %s", why);
	afile_write_all(1, e, sizeof(e) - 1);
	/* the answer goes out before the connection closes: close our
	 * side, and take what the peer still sends for a moment, so that
	 * unread bytes do not turn the close into a reset that loses it */
	close(1);
	while (time(NULL) < end && poll(&pfd, 1, 200) > 0 &&
	    read(0, sink, sizeof(sink)) > 0)
		;
	exit(EXIT_REFUSED);
}

/* listen_hello: the listener's side of the handshake */
static void
listen_hello(struct sess *s, const char *dir)
{
	static const struct json_limits lim = { HELLO_MAX, 2, 32, 512 };
	unsigned char key[SECRET_LEN];
	char cfg[PATH_MAX], path[PATH_MAX], exp_s[RFC3339_LEN + 1];
	const struct json *v, *id, *user, *exp, *tok;
	struct json *o;
	struct json_error je;
	const char *why;
	long long ack = 0, ver;
	ssize_t n;
	time_t exp_t = 0;
	struct buf b;

	if ((n = read_line(0, &s->rx, HELLO_MAX, time(NULL) + HELLO_S)) < 0)
		refuse("no hello within the time or size limit");
	if (json_parse(s->rx.data, (size_t)n, &lim, &o, &je) < 0)
		refuse(je.msg);
	v = json_get(o, "type");
	id = json_get(o, "id");
	user = json_get(o, "user");
	exp = json_get(o, "expires");
	tok = json_get(o, "token");
	if (o->type != JSON_OBJECT || v == NULL || v->type != JSON_STRING ||
	    strcmp(v->str, "hello") != 0)
		refuse("not a hello");
	if (json_int(json_get(o, "v"), 1, 1, &ver) < 0)
		refuse("unknown version");
	if (id == NULL || id->type != JSON_STRING || id->len != INV_ID_LEN ||
	    strspn(id->str, "0123456789abcdef") != INV_ID_LEN)
		refuse("bad id");
	if (user == NULL || user->type != JSON_STRING ||
	    user->len > MIMEW_ADDR_MAX || !mimew_addr_valid(user->str))
		refuse("bad user");
	if (exp == NULL || exp->type != JSON_STRING ||
	    exp->len != RFC3339_LEN ||
	    rfc3339_parse(exp->str, exp->len, &exp_t) < 0 ||
	    rfc3339_fmt(exp_t, exp_s) < 0 || strcmp(exp_s, exp->str) != 0)
		refuse("bad expires");
	if (tok == NULL || tok->type != JSON_STRING || tok->len != TOKEN_LEN)
		refuse("bad token");
	if ((v = json_get(o, "ack")) != NULL &&
	    json_int(v, 0, LLONG_MAX, &ack) < 0)
		refuse("bad ack");
	if (path_dir(PATH_CONFIG, cfg, sizeof(cfg)) < 0 ||
	    path_join(path, sizeof(path), cfg, "secret") < 0 ||
	    secret_load(path, 0, key, &why) < 0)
		refuse("no secret to check tokens with");
	if (!token_check(key, id->str, user->str, exp->str, tok->str)) {
		hmac_wipe(key, sizeof(key));
		refuse("wrong token");
	}
	hmac_wipe(key, sizeof(key));
	if (exp_t <= time(NULL))
		refuse("expired");
	memcpy(s->id, id->str, INV_ID_LEN + 1);
	memcpy(s->peer, user->str, user->len + 1);
	json_free(o);

	/* nothing sent before the welcome counts: what came with the hello
	 * is dropped (the STARTTLS lesson of CVE-2020-14954) */
	if (s->rx.len > (size_t)n + 1)
		warnx("dropped %zu bytes sent before the welcome",
		    s->rx.len - (size_t)n - 1);
	buf_reset(&s->rx);
	open_dir(s, dir);
	event(s, "connected: a hello from the invitee, verified");
	buf_init(&b, 0);
	{
		char head[96];

		snprintf(head, sizeof(head), "{\"type\":\"welcome\",\"v\":1,"
		    "\"ack\":%llu,\"user\":", s->got);
		buf_adds(&b, head);
	}
	json_put_str(&b, s->me, strlen(s->me));
	buf_addc(&b, '}');
	send_line(s, &b, 1);
	buf_free(&b);
	resend(s, (unsigned long long)ack);
}

/* dial_hello: the dialer's side, from a stored invitation */
static void
dial_hello(struct sess *s, const char *file, const char *dir)
{
	static const struct json_limits lim = { HELLO_MAX, 2, 32, 512 };
	static char text[INV_MAX + 1];
	struct invitation inv;
	struct json *o;
	struct json_error je;
	const struct json *v;
	const char *why;
	long long ack = 0;
	ssize_t n;
	struct buf b;
	int fd;

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

	buf_init(&b, 0);
	buf_adds(&b, "{\"type\":\"hello\",\"v\":1,\"id\":\"");
	buf_adds(&b, inv.id);
	buf_adds(&b, "\",\"user\":");
	json_put_str(&b, inv.to, strlen(inv.to));
	buf_adds(&b, ",\"expires\":\"");
	buf_adds(&b, inv.expires_s);
	buf_adds(&b, "\",\"token\":\"");
	buf_adds(&b, inv.token);
	{
		char tail[48];

		snprintf(tail, sizeof(tail), "\",\"ack\":%llu}\n", s->got);
		buf_adds(&b, tail);
	}
	inv_free(&inv);
	if (afile_write_all(1, b.data, b.len) < 0)
		err(EXIT_LOST, "the peer");
	buf_free(&b);
	event(s, "connected: hello sent");

	if ((n = read_line(0, &s->rx, HELLO_MAX, time(NULL) + HELLO_S)) < 0 ||
	    json_parse(s->rx.data, (size_t)n, &lim, &o, &je) < 0) {
		event(s, "refused: no welcome");
		flush_log(s);
		errx(EXIT_REFUSED, "no welcome from the peer");
	}
	v = json_get(o, "type");
	if (v == NULL || v->type != JSON_STRING ||
	    strcmp(v->str, "welcome") != 0) {
		event(s, "refused by the peer");
		flush_log(s);
		errx(EXIT_REFUSED, "refused by the peer");
	}
	if ((v = json_get(o, "ack")) != NULL &&
	    json_int(v, 0, LLONG_MAX, &ack) < 0)
		ack = 0;
	json_free(o);
	record(s, '<', s->rx.data, (size_t)n);
	memmove(s->rx.data, s->rx.data + n + 1, s->rx.len - (size_t)n - 1);
	s->rx.len -= (size_t)n + 1;
	resend(s, (unsigned long long)ack);
}

/* local_presence: the local presence, sent when presd's latest line
 * changes and at every heartbeat */
static void
local_presence(struct sess *s, time_t now)
{
	char line[PRES_LINE_MAX + 1];
	struct presence p;
	struct stat st;
	const char *why;
	struct buf b;
	ssize_t n;
	int changed;

	if (s->presfile == NULL || stat(s->presfile, &st) < 0)
		return;
	changed = st.st_mtime != s->pres_st.st_mtime ||
	    st.st_size != s->pres_st.st_size || st.st_ino != s->pres_st.st_ino;
	if (!changed && now - s->last_pres < HEARTBEAT)
		return;
	s->pres_st = st;
	if ((n = afile_read_own(s->presfile, line, sizeof(line) - 1, 022,
	    &why)) <= 0 || pres_parse(line, (size_t)n, &p, &why) < 0 ||
	    (s->me[0] && !inv_same_address(p.user, s->me)) ||
	    p.expires <= now)
		return;
	if (line[n - 1] == '\n')
		n--;
	line[n] = '\0';
	if (!changed && strcmp(line, s->pres) == 0 &&
	    now - s->last_pres < HEARTBEAT)
		return;
	memcpy(s->pres, line, (size_t)n + 1);
	s->last_pres = now;
	buf_init(&b, 0);
	buf_adds(&b, "{\"type\":\"presence\",\"presence\":");
	buf_add(&b, line, (size_t)n);
	buf_addc(&b, '}');
	send_line(s, &b, 1);
	buf_free(&b);
}

/* lines: splits buf into lines, handing each to the peer or local
 * handler; keeps an incomplete last line. Returns 1 if the session ended
 * with a bye, -1 for a peer line over WIRE_MAX. */
static int
peer_lines(struct sess *s)
{
	char *p = s->rx.data, *end = p + s->rx.len, *nl;
	int r = 0;

	while (r == 0 && p < end && (nl = memchr(p, '\n', (size_t)(end - p)))) {
		if (nl - p + 1 > WIRE_MAX)
			return -1;
		r = peer_line(s, p, (size_t)(nl - p));
		p = nl + 1;
	}
	if (r == 0 && (size_t)(end - p) >= WIRE_MAX)
		return -1;
	memmove(s->rx.data, p, (size_t)(end - p));
	s->rx.len = (size_t)(end - p);
	return r;
}

static void
in_lines(struct sess *s)
{
	char *p = s->inl.data, *end = p + s->inl.len, *nl;

	while (p < end && (nl = memchr(p, '\n', (size_t)(end - p)))) {
		local_line(s, p, (size_t)(nl - p));
		p = nl + 1;
	}
	if ((size_t)(end - p) > TEXT_MAX) {
		warnx("%s/in: a line over %d bytes: dropped", s->dir,
		    TEXT_MAX);
		p = end;
	}
	memmove(s->inl.data, p, (size_t)(end - p));
	s->inl.len = (size_t)(end - p);
}

/* typing_lines: each line written to typing is the local typing state
 * (XEP-0085), sent as it is */
static void
typing_lines(struct sess *s)
{
	static const char *const states[] = { "active", "composing", "paused",
	    "inactive", "gone" };
	char *p = s->typl.data, *end = p + s->typl.len, *nl;
	struct buf b;
	size_t i, n;

	while (p < end && (nl = memchr(p, '\n', (size_t)(end - p)))) {
		n = (size_t)(nl - p);
		for (i = 0; i < sizeof(states) / sizeof(states[0]); i++)
			if (strlen(states[i]) == n &&
			    memcmp(states[i], p, n) == 0)
				break;
		if (i < sizeof(states) / sizeof(states[0])) {
			buf_init(&b, 0);
			buf_adds(&b, "{\"type\":\"state\",\"state\":\"");
			buf_adds(&b, states[i]);
			buf_adds(&b, "\"}");
			send_line(s, &b, 1);
			buf_free(&b);
		} else {
			warnx("%s/typing: not a typing state", s->dir);
		}
		p = nl + 1;
	}
	if ((size_t)(end - p) > 64)
		p = end;
	memmove(s->typl.data, p, (size_t)(end - p));
	s->typl.len = (size_t)(end - p);
}

/* nonblock: fd's writes and reads never wait */
static void
nonblock(int fd)
{
	int fl = fcntl(fd, F_GETFL);

	if (fl >= 0)
		fcntl(fd, F_SETFL, fl | O_NONBLOCK);
}

/* bye: the local end of the session: a bye to the peer, written out */
static _Noreturn void
bye(struct sess *s)
{
	time_t deadline = time(NULL) + 5;
	struct pollfd pfd = { 1, POLLOUT, 0 };

	send_simple(s, "bye");
	event(s, "ended here");
	flush_log(s);
	while (s->tx.len > 0 && s->peer_open && time(NULL) < deadline) {
		drain(s);
		if (s->tx.len > 0)
			poll(&pfd, 1, 200);
	}
	exit(EXIT_BYE);
}

static void
loop(struct sess *s, int keepalive)
{
	struct pollfd pfd[4];
	char chunk[65536];
	ssize_t n;
	time_t now;
	int r, i;

	nonblock(0);
	nonblock(1);
	s->last_rx = s->last_tx = time(NULL);
	for (;;) {
		flush_log(s);
		drain(s);
		if (!s->peer_open)
			peer_gone(s, "offline: the connection was reset");
		if (stop_sig)
			bye(s);
		pfd[0].fd = 0;
		pfd[0].events = POLLIN;
		pfd[1].fd = 1;
		pfd[1].events = s->tx.len > 0 ? POLLOUT : 0;
		pfd[2].fd = s->tx.len < TX_HIGH ? s->infd : -1;
		pfd[2].events = POLLIN;
		pfd[3].fd = s->typefd;
		pfd[3].events = POLLIN;
		for (i = 0; i < 4; i++)
			pfd[i].revents = 0;
		if (poll(pfd, 4, 1000) < 0 && errno != EINTR)
			err(EXIT_FAIL, "poll");
		now = time(NULL);
		if (pfd[0].revents & (POLLIN | POLLHUP | POLLERR)) {
			n = read(0, chunk, sizeof(chunk));
			if (n == 0)
				peer_gone(s, "offline: the peer closed the "
				    "connection");
			if (n < 0 && errno != EAGAIN && errno != EINTR)
				peer_gone(s, "offline: the connection failed");
			if (n > 0) {
				s->last_rx = now;
				buf_add(&s->rx, chunk, (size_t)n);
				if ((r = peer_lines(s)) < 0) {
					send_error(s, "line too long");
					event(s, "closed: a line over the limit");
					flush_log(s);
					drain(s);
					exit(EXIT_LOST);
				}
				if (r == 1) {
					event(s, "ended by the peer");
					flush_log(s);
					drain(s);
					exit(EXIT_BYE);
				}
			}
		}
		if (pfd[2].fd >= 0 && (pfd[2].revents & POLLIN)) {
			n = read(s->infd, chunk, sizeof(chunk));
			if (n > 0) {
				buf_add(&s->inl, chunk, (size_t)n);
				in_lines(s);
			}
		}
		if (pfd[3].revents & POLLIN) {
			n = read(s->typefd, chunk, sizeof(chunk));
			if (n > 0) {
				buf_add(&s->typl, chunk, (size_t)n);
				typing_lines(s);
			}
		}
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
	char rt[PATH_MAX], pres[PATH_MAX];
	long long keep = KEEPALIVE;
	int c;

	memset(&s, 0, sizeof(s));
	s.outfd = s.infd = s.typefd = s.lockfd = -1;
	s.peer_open = 1;
	while ((c = getopt(argc, argv, "d:i:k:lo:u:")) != -1) {
		switch (c) {
		case 'd':
			dir = optarg;
			break;
		case 'i':
			inv = optarg;
			break;
		case 'k':
			if ((why = num_parse(optarg, 1, 3600, &keep)) != NULL) {
				warnx("-k %s: %s", optarg, why);
				usage();
			}
			break;
		case 'l':
			s.listener = 1;
			break;
		case 'o':
			s.presfile = optarg;
			break;
		case 'u':
			if (strlen(optarg) > MIMEW_ADDR_MAX ||
			    !mimew_addr_valid(optarg)) {
				warnx("-u: not an address");
				usage();
			}
			memcpy(s.me, optarg, strlen(optarg) + 1);
			break;
		default:
			usage();
		}
	}
	if (optind != argc || s.listener == (inv != NULL))
		usage();
	if (s.presfile == NULL && path_dir(PATH_RUNTIME, rt, sizeof(rt)) == 0 &&
	    path_join(pres, sizeof(pres), rt, "presence") == 0)
		s.presfile = pres;
	memset(&sa, 0, sizeof(sa));
	sa.sa_handler = on_signal;
	sigaction(SIGTERM, &sa, NULL);
	sigaction(SIGINT, &sa, NULL);
	sigaction(SIGHUP, &sa, NULL);
	signal(SIGPIPE, SIG_IGN);
	buf_init(&s.rx, 0);
	buf_init(&s.inl, 0);
	buf_init(&s.typl, 0);
	buf_init(&s.log, 0);
	buf_init(&s.pend, 0);
	buf_init(&s.tx, 0);

	if (s.listener)
		listen_hello(&s, dir);
	else
		dial_hello(&s, inv, dir);
	loop(&s, (int)keep);
	return EXIT_FAIL;
}
