/*
 * hail-chat: the terminal front end of a session that sessd runs.
 *
 * It follows the session directory: the transcript "out" for messages,
 * typing states and events, "peer" for the peer's presence, and sends
 * what the user types through the "in" FIFO and the typing state through
 * "typing". On a terminal the last two lines are the peer's presence and
 * typing, and the line being typed; elsewhere every change is a line of
 * its own. Everything from the peer is made terminal-safe (lib/term) and
 * cut to a bounded length before it is shown.
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
#include <sys/ioctl.h>
#include <sys/stat.h>
#include <termios.h>
#include <time.h>
#include <unistd.h>

#include "../lib/afile.h"
#include "../lib/buf.h"
#include "../lib/json.h"
#include "../lib/ledit.h"
#include "../lib/num.h"
#include "../lib/paths.h"
#include "../lib/presence.h"
#include "../lib/rfc3339.h"
#include "../lib/sessdir.h"
#include "../lib/term.h"
#include "../lib/transcript.h"

#define EXIT_USAGE	2
#define EXIT_FAIL	3
#define TICK_MS		200	/* how often the directory is looked at */
#define SHOW_MAX	4096	/* bytes of a message shown; the rest is
				 * in the transcript */
#define LINE_MAX_IN	65280	/* bytes of a line typed (sessd's limit) */
#define PAUSED_S	5	/* seconds without a key: composing → paused */
#define HISTORY		10	/* messages shown from before the start */
#define REC_MAX		(6 * 65536 + 256)	/* bytes of a transcript line: a
				 * message escaped as \u00XX at worst */

struct chat {
	char dir[PATH_MAX];
	int outfd;		/* the transcript, -1 until it exists */
	struct buf part;	/* its last line, not yet whole */
	int infd, typefd;	/* the FIFOs, -1 until a line is sent */
	int tty;		/* stdin and stdout are a terminal */
	int in_eof;
	struct ledit ed;	/* the line being typed, on a terminal */
	struct buf line;	/* a line read, elsewhere */
	const char *mystate;	/* the typing state last sent */
	time_t last_key;
	char addr[PRES_USER_MAX + 1];	/* the peer's address, "" unknown */
	char who[PRES_USER_MAX + 1];	/* what the peer is called here */
	struct stat peer_st;
	struct presence pres;
	int has_pres;
	char typing[16];	/* the peer's typing state */
	int was_on;		/* a session was seen running */
	time_t ending;		/* when the user asked for the end, or 0 */
	int watching;		/* -w: presence only, until the user's word */
	int join;		/* -w: the word was to join */
	int shown;		/* the two bottom lines are on the screen */
	time_t drawn;		/* when the bottom lines were last drawn */
	char *hist[HISTORY];	/* messages from before the start */
	size_t nhist;
};

static struct termios saved;
static int raw_on;
static volatile sig_atomic_t stop_sig;

static void
usage(void)
{
	fprintf(stderr, "usage: hail-chat [-enw] [-p pid] [id | dir]\n");
	exit(EXIT_USAGE);
}

static void
on_signal(int sig)
{
	stop_sig = sig;
}

static void
restore_tty(void)
{
	if (raw_on)
		tcsetattr(0, TCSAFLUSH, &saved);
	raw_on = 0;
}

/* raw_tty: keys one at a time, not echoed; the output side as it was */
static void
raw_tty(void)
{
	struct termios t;

	if (tcgetattr(0, &saved) < 0)
		err(EXIT_FAIL, "the terminal");
	t = saved;
	t.c_lflag &= ~(tcflag_t)(ICANON | ECHO | ISIG | IEXTEN);
	t.c_iflag &= ~(tcflag_t)(IXON | ICRNL | INLCR);
	t.c_cc[VMIN] = 1;
	t.c_cc[VTIME] = 0;
	if (tcsetattr(0, TCSAFLUSH, &t) < 0)
		err(EXIT_FAIL, "the terminal");
	raw_on = 1;
	atexit(restore_tty);
}

static void
put(const char *s, size_t n)
{
	if (afile_write_all(1, s, n) < 0)
		exit(EXIT_FAIL);
}

static void
puts_(const char *s)
{
	put(s, strlen(s));
}

static int
columns(void)
{
	struct winsize w;

	if (ioctl(1, TIOCGWINSZ, &w) == 0 && w.ws_col > 10)
		return w.ws_col;
	return 80;
}

/* fit: the first bytes of b (terminal-safe UTF-8) that take at most cols
 * columns, a code point a column */
static size_t
fit(const struct buf *b, int cols)
{
	size_t i;
	int c = 0;

	for (i = 0; i < b->len; i++)
		if (((unsigned char)b->data[i] & 0xc0) != 0x80 && ++c > cols)
			break;
	return i;
}

/* status_text: the peer's presence and typing, in words */
static void
status_text(struct chat *c, struct buf *b, time_t now)
{
	if (c->has_pres)
		pres_describe(&c->pres, c->who, now, b);
	else if (c->addr[0])
		buf_adds(b, c->who), buf_adds(b, "'s presence is unknown");
	else
		buf_adds(b, "waiting for the session");
	if (strcmp(c->typing, "composing") == 0)
		buf_adds(b, " - typing...");
	else if (strcmp(c->typing, "paused") == 0)
		buf_adds(b, " - stopped typing");
}

/* bottom: the two last lines of the screen drawn again: the status and
 * the line being typed (its end, if it is wider than the screen) */
static void
bottom(struct chat *c)
{
	struct buf b, s;
	int cols = columns();
	size_t n, skip = 0;
	int w = 0;

	buf_init(&b, 0);
	buf_init(&s, 0);
	status_text(c, &s, time(NULL));
	buf_adds(&b, "\r\033[K");
	if (c->shown)
		buf_adds(&b, "\033[A\r\033[K");
	buf_adds(&b, "\033[7m");
	buf_add(&b, s.data, fit(&s, cols - 1));
	buf_adds(&b, c->watching ? "\033[m\r\nEnter joins, ^C leaves" :
	    "\033[m\r\n> ");
	buf_reset(&s);
	term_safe(&s, c->ed.line.data ? c->ed.line.data : "",
	    c->ed.line.len);
	for (n = s.len; n > 0; n--)
		if (((unsigned char)s.data[n - 1] & 0xc0) != 0x80 &&
		    ++w >= cols - 3) {
			skip = n - 1;
			break;
		}
	buf_add(&b, s.data + skip, s.len - skip);
	put(b.data, b.len);
	buf_free(&b);
	buf_free(&s);
	c->shown = 1;
	c->drawn = time(NULL);
}

/* say: one line (or more, for a message with line feeds) above the
 * bottom lines on a terminal, else on its own */
static void
say(struct chat *c, const struct buf *b)
{
	if (c->tty && c->shown) {
		puts_("\r\033[K\033[A\r\033[K");
		c->shown = 0;
	}
	put(b->data, b->len);
	put("\n", 1);
	if (c->tty)
		bottom(c);
}

/* name_from: the peer's address, and what to call them: its local part */
static void
name_from(struct chat *c, const char *addr, size_t n)
{
	struct buf b;
	const char *at;

	if (c->addr[0] || n == 0 || n > PRES_USER_MAX)
		return;
	memcpy(c->addr, addr, n);
	c->addr[n] = '\0';
	at = strrchr(c->addr, '@');
	buf_init(&b, 0);
	term_safe(&b, c->addr, at && at != c->addr ? (size_t)(at - c->addr) :
	    n);
	snprintf(c->who, sizeof(c->who), "%s", b.len ? b.data : "the peer");
	buf_free(&b);
}

/* shown_text: text as it may be shown: terminal-safe, at most SHOW_MAX
 * bytes of it, cut between characters */
static void
shown_text(struct buf *b, const char *s, size_t n)
{
	size_t cut = n;

	if (cut > SHOW_MAX) {
		cut = SHOW_MAX;
		while (cut > 0 && ((unsigned char)s[cut] & 0xc0) == 0x80)
			cut--;
	}
	term_safe(b, s, cut);
	if (cut < n) {
		char more[80];

		snprintf(more, sizeof(more), " [%zu more bytes in the "
		    "transcript]", n - cut);
		buf_adds(b, more);
	}
}

static void
hhmm(struct buf *b, time_t t)
{
	struct tm tm;
	char s[16];

	if (localtime_r(&t, &tm) && strftime(s, sizeof(s), "%H:%M ", &tm))
		buf_adds(b, s);
}

/* keep: a message from before the start, for the last HISTORY shown */
static void
keep(struct chat *c, const struct buf *b)
{
	char *s;

	if ((s = strdup(b->data)) == NULL)
		errx(EXIT_FAIL, "out of memory");
	if (c->nhist == HISTORY) {
		free(c->hist[0]);
		memmove(c->hist, c->hist + 1, sizeof(c->hist[0]) *
		    (HISTORY - 1));
		c->nhist--;
	}
	c->hist[c->nhist++] = s;
}

/* record: one transcript line, "time dir json" (sessd(1)); old says it
 * was there before the start (only its messages are kept, and the peer's
 * name) */
static void
record(struct chat *c, const char *s, size_t n, int old)
{
	static const struct json_limits lim = { REC_MAX, 4, 64, 65536 };
	const struct json *type, *v;
	struct json *o;
	struct json_error je;
	struct tr_line l;
	struct buf b;
	time_t t;
	char dir;

	if (tr_parse(s, n, &l) < 0 ||
	    json_parse(l.json, l.len, &lim, &o, &je) < 0)
		return;
	t = l.time;
	dir = l.dir;
	type = json_get(o, "type");
	buf_init(&b, 0);
	if (type == NULL || type->type != JSON_STRING) {
		/* not a line sessd writes */
	} else if (strcmp(type->str, "event") == 0) {
		v = json_get(o, "peer");
		if (v && v->type == JSON_STRING)
			name_from(c, v->str, v->len);
		v = json_get(o, "what");
		if (old || v == NULL || v->type != JSON_STRING ||
		    strcmp(v->str, "ended by the peer") == 0) {
			/* the peer's goodbye says it */
		} else if (strncmp(v->str, "connected", 9) == 0 &&
		    c->addr[0]) {
			buf_adds(&b, "-- connected with ");
			term_safe(&b, c->addr, strlen(c->addr));
		} else if (strncmp(v->str, "watching", 8) == 0 &&
		    c->addr[0]) {
			buf_adds(&b, "-- watching, presence only, with ");
			term_safe(&b, c->addr, strlen(c->addr));
		} else if (strcmp(v->str, "ended here") == 0) {
			buf_adds(&b, "-- the session was ended here");
		} else {
			buf_adds(&b, "-- ");
			shown_text(&b, v->str, v->len);
		}
	} else if (strcmp(type->str, "msg") == 0 && (dir == '<' ||
	    dir == '>')) {
		v = json_get(o, "text");
		if (!old && dir == '<')
			c->typing[0] = '\0';	/* a message says active */
		if (v && v->type == JSON_STRING) {
			hhmm(&b, t);
			buf_adds(&b, dir == '>' ? "you" : c->who[0] ? c->who :
			    "them");
			buf_adds(&b, ": ");
			shown_text(&b, v->str, v->len);
			if (old) {
				keep(c, &b);
				buf_reset(&b);
			}
		}
	} else if (old) {
		/* the rest is news only as it happens */
	} else if (strcmp(type->str, "state") == 0 && dir == '<') {
		v = json_get(o, "state");
		if (v && v->type == JSON_STRING && v->len < sizeof(c->typing) &&
		    strcmp(v->str, c->typing) != 0) {
			memcpy(c->typing, v->str, v->len + 1);
			if (c->tty) {
				bottom(c);
			} else if (strcmp(v->str, "composing") == 0 ||
			    strcmp(v->str, "paused") == 0 ||
			    strcmp(v->str, "gone") == 0) {
				buf_adds(&b, "-- ");
				buf_adds(&b, c->who[0] ? c->who : "the peer");
				buf_adds(&b, v->str[0] == 'c' ? " is typing..." :
				    v->str[0] == 'p' ? " stopped typing" :
				    " left the conversation");
			}
		}
	} else if (strcmp(type->str, "bye") == 0 && dir == '<') {
		buf_adds(&b, "-- ");
		buf_adds(&b, c->who[0] ? c->who : "the peer");
		buf_adds(&b, " said goodbye");
	} else if (strcmp(type->str, "error") == 0) {
		v = json_get(o, "reason");
		buf_adds(&b, dir == '<' ? "-- an error from the other side: " :
		    "-- a bad line from the other side: ");
		if (v && v->type == JSON_STRING)
			shown_text(&b, v->str, v->len);
	}
	if (b.len)
		say(c, &b);
	buf_free(&b);
	json_free(o);
}

/* follow: what the transcript gained since last time; old as in record */
static void
follow(struct chat *c, int old)
{
	char path[PATH_MAX], chunk[65536];
	ssize_t n;
	char *nl;
	size_t at;

	if (c->outfd < 0) {
		if (path_join(path, sizeof(path), c->dir, "out") < 0)
			return;
		if ((c->outfd = open(path, O_RDONLY | O_NOFOLLOW |
		    O_CLOEXEC)) < 0)
			return;
	}
	while ((n = read(c->outfd, chunk, sizeof(chunk))) > 0) {
		buf_add(&c->part, chunk, (size_t)n);
		at = 0;
		while ((nl = memchr(c->part.data + at, '\n',
		    c->part.len - at)) != NULL) {
			record(c, c->part.data + at,
			    (size_t)(nl - c->part.data) - at, old);
			at = (size_t)(nl - c->part.data) + 1;
		}
		if (at > 0) {
			memmove(c->part.data, c->part.data + at,
			    c->part.len - at);
			buf_truncate(&c->part, c->part.len - at);
		}
		if (c->part.len > REC_MAX)	/* not sessd's: skipped */
			buf_reset(&c->part);
		if (c->part.err)
			errx(EXIT_FAIL, "out of memory");
	}
}

/* peer_file: the peer's presence, when peer has changed */
static void
peer_file(struct chat *c)
{
	char path[PATH_MAX], text[PRES_LINE_MAX + 1];
	struct presence p;
	struct stat st;
	const char *why;
	struct buf b;
	int same;

	if (path_join(path, sizeof(path), c->dir, "peer") < 0 ||
	    stat(path, &st) < 0 || (st.st_ino == c->peer_st.st_ino &&
	    st.st_size == c->peer_st.st_size && st.st_mtime ==
	    c->peer_st.st_mtime && st.st_ctime == c->peer_st.st_ctime))
		return;
	c->peer_st = st;
	if (pres_load(path, 022, &p, text, &why) < 0)
		return;
	name_from(c, p.user, strlen(p.user));
	/* elsewhere a line when what it says changes, not at each
	 * heartbeat: the status and the note */
	same = c->has_pres && p.status == c->pres.status &&
	    strcmp(p.note, c->pres.note) == 0;
	c->pres = p;
	c->has_pres = 1;
	if (c->tty) {
		bottom(c);
		return;
	}
	if (same)
		return;
	buf_init(&b, 0);
	buf_adds(&b, "-- ");
	pres_describe(&p, c->who, time(NULL), &b);
	say(c, &b);
	buf_free(&b);
}

/* typing: the local typing state, sent when it changes */
static void
typing(struct chat *c, const char *state)
{
	if (c->mystate && strcmp(c->mystate, state) == 0)
		return;
	if (sessdir_send(c->dir, "typing", &c->typefd, state,
	    strlen(state)) == 0)
		c->mystate = state;
}

static void
note(struct chat *c, const char *s)
{
	struct buf b;

	buf_init(&b, 0);
	buf_adds(&b, "-- ");
	buf_adds(&b, s);
	say(c, &b);
	buf_free(&b);
}

/* send_line: the line typed, as a message */
static void
send_line(struct chat *c, const char *s, size_t n)
{
	if (n == 0)
		return;
	if (sessdir_send(c->dir, "in", &c->infd, s, n) < 0)
		note(c, "not sent: no session is running");
	else
		c->mystate = "active";	/* sessd says so with the message */
}

/* end_session: the user's word: sessd says goodbye and stops */
static void
end_session(struct chat *c)
{
	long pid = sessdir_running(c->dir);

	if (c->ending) {
		note(c, "ending the session already");
	} else if (pid > 1 && kill((pid_t)pid, SIGTERM) == 0) {
		c->ending = time(NULL);
		note(c, "ending the session");
	} else {
		note(c, "no session is running");
	}
}

/* key: one byte typed on the terminal; returns 1 when the user leaves */
static int
key(struct chat *c, unsigned char k)
{
	enum ledit_act a = ledit_key(&c->ed, k);

	if (c->watching) {	/* -w: Enter joins, ^C or ^D leaves */
		c->join = a == LE_ENTER;
		return a == LE_ENTER || a == LE_INTR || a == LE_EOF;
	}
	switch (a) {
	case LE_NONE:
		return 0;
	case LE_INTR:		/* leave; the session goes on (but -e) */
		return 1;
	case LE_EOF:		/* on an empty line: end the session */
		if (c->ed.line.len == 0)
			end_session(c);
		return 0;
	case LE_ENTER:
		send_line(c, c->ed.line.data, c->ed.line.len);
		ledit_clear(&c->ed);
		break;
	case LE_REDRAW:
		c->shown = 0;
		puts_("\033[H\033[2J");
		break;
	case LE_ERROR:
		errx(EXIT_FAIL, "out of memory");
	case LE_EDITED:
		break;
	}
	c->last_key = time(NULL);
	typing(c, c->ed.line.len ? "composing" : "active");
	bottom(c);
	return 0;
}

/* lines: what came on a standard input that is not a terminal: each line
 * a message (with -w, the first line joins); 1 at its end */
static int
lines(struct chat *c)
{
	char chunk[4096];
	ssize_t n;
	char *nl;
	size_t at = 0;

	if (c->watching) {	/* -w: a line joins, the end leaves; a byte
				 * at a time, the rest left for the session */
		if ((n = read(0, chunk, 1)) < 0)
			return errno != EINTR && errno != EAGAIN;
		c->join = n == 1 && chunk[0] == '\n';
		return n == 0 || c->join;
	}
	if ((n = read(0, chunk, sizeof(chunk))) < 0)
		return errno == EINTR || errno == EAGAIN ? 0 : 1;
	if (n == 0) {
		send_line(c, c->line.data, c->line.len);
		buf_reset(&c->line);
		return 1;
	}
	buf_add(&c->line, chunk, (size_t)n);
	while ((nl = memchr(c->line.data + at, '\n', c->line.len - at))) {
		send_line(c, c->line.data + at,
		    (size_t)(nl - c->line.data) - at);
		at = (size_t)(nl - c->line.data) + 1;
	}
	memmove(c->line.data, c->line.data + at, c->line.len - at);
	buf_truncate(&c->line, c->line.len - at);
	if (c->line.len > LINE_MAX_IN) {
		note(c, "not sent: a line over 65,280 bytes");
		buf_reset(&c->line);
	}
	if (c->line.err)
		errx(EXIT_FAIL, "out of memory");
	return 0;
}

/* leave: the terminal as it was, the line typed dropped, the memory
 * given back */
static void
leave(struct chat *c, const char *why)
{
	if (c->tty && c->shown) {
		puts_("\r\033[K\033[A\r\033[K");
		c->shown = 0;
	}
	if (why) {
		puts_("-- ");
		puts_(why);
		puts_("\n");
	}
	restore_tty();
	buf_free(&c->part);
	buf_free(&c->line);
	ledit_free(&c->ed);
}

int
main(int argc, char *argv[])
{
	struct chat c;
	struct sigaction sa;
	struct pollfd pfd;
	unsigned char keys[256];
	long on;
	long long watch = 0;
	ssize_t n, i;
	int opt, leaving = 0, quiet = 0, end_too = 0;
	time_t given_up = 0;

	memset(&c, 0, sizeof(c));
	c.outfd = c.infd = c.typefd = -1;
	c.typing[0] = '\0';
	buf_init(&c.part, 0);
	buf_init(&c.line, 0);
	ledit_init(&c.ed, LINE_MAX_IN);
	while ((opt = getopt(argc, argv, "enp:w")) != -1) {
		switch (opt) {
		case 'w':
			c.watching = 1;
			break;
		case 'e':		/* leaving ends the session */
			end_too = 1;
			break;
		case 'n':
			quiet = 1;	/* no history */
			break;
		case 'p':		/* the process that makes the session */
			if (num_parse(optarg, 2, INT_MAX, &watch) != NULL)
				usage();
			break;
		default:
			usage();
		}
	}
	argc -= optind;
	argv += optind;
	if (argc > 1)
		usage();
	if (argc == 0) {
		if (sessdir_latest(c.dir, sizeof(c.dir)) < 0)
			errx(EXIT_FAIL, "no session yet (hail-join or "
			    "hail-listen starts one)");
	} else if (strchr(argv[0], '/')) {
		if (snprintf(c.dir, sizeof(c.dir), "%s", argv[0]) >=
		    (int)sizeof(c.dir))
			errx(EXIT_USAGE, "%s: path too long", argv[0]);
	} else {
		if (strspn(argv[0], "0123456789abcdef") != strlen(argv[0]) ||
		    argv[0][0] == '\0')
			errx(EXIT_USAGE, "%s: not an invitation id", argv[0]);
		if (sessdir_path(argv[0], c.dir, sizeof(c.dir)) < 0)
			errx(EXIT_FAIL, "no state directory: set HOME, "
			    "XDG_STATE_HOME or HAIL_STATE_DIR");
	}
	if (argc == 1 && strchr(argv[0], '/')) {
		/* (an id's directory may be made yet: it is waited for) */
		struct stat st;

		if (stat(c.dir, &st) < 0 || !S_ISDIR(st.st_mode))
			errx(EXIT_FAIL, "%s: no such session directory",
			    c.dir);
	}

	memset(&sa, 0, sizeof(sa));
	sa.sa_handler = SIG_IGN;
	sigaction(SIGPIPE, &sa, NULL);
	sa.sa_handler = on_signal;
	sigaction(SIGTERM, &sa, NULL);
	sigaction(SIGHUP, &sa, NULL);
	sigaction(SIGINT, &sa, NULL);
	c.tty = isatty(0) && isatty(1);

	/* what was said before, then the news as it comes */
	follow(&c, 1);
	if (!quiet)
		for (i = 0; i < (ssize_t)c.nhist; i++) {
			puts_(c.hist[i]);
			puts_("\n");
		}
	for (i = 0; i < (ssize_t)c.nhist; i++)
		free(c.hist[i]);
	if (c.tty)
		raw_tty();
	peer_file(&c);
	if (c.tty)
		bottom(&c);
	if (c.watching)
		note(&c, c.tty ? "before joining: Enter joins, ^C leaves" :
		    "before joining: a line joins, the end of input leaves");
	else if (!(c.was_on = sessdir_running(c.dir) != 0))
		note(&c, "waiting for the session to start");

	for (;;) {
		if ((stop_sig || leaving) && (!end_too || !sessdir_running(c.dir) ||
		    (given_up && time(NULL) > given_up + 5)))
			break;
		if ((stop_sig || leaving) && !given_up) {
			/* -e: leaving ends the session, within 5 s */
			given_up = time(NULL);
			end_session(&c);
		}
		pfd.fd = 0;
		pfd.events = POLLIN;
		pfd.revents = 0;
		/* lines from a script wait for the session; keys do not */
		if (poll(&pfd, c.in_eof || (!c.tty && !c.was_on &&
		    !c.watching) ? 0 : 1,
		    TICK_MS) < 0 &&
		    errno != EINTR)
			err(EXIT_FAIL, "poll");
		if (pfd.revents & (POLLIN | POLLHUP | POLLERR)) {
			if (!c.tty) {
				c.in_eof = lines(&c);
				leaving = c.watching && c.in_eof;
			} else if ((n = read(0, keys, sizeof(keys))) <= 0) {
				c.in_eof = n == 0 || (errno != EINTR &&
				    errno != EAGAIN);
			} else {
				for (i = 0; i < n && !leaving; i++)
					leaving = key(&c, keys[i]);
			}
		}
		follow(&c, 0);
		peer_file(&c);
		on = sessdir_running(c.dir);
		if (c.watching) {
			/* the view stays until the user's word */
		} else if (on && !c.was_on) {
			c.was_on = 1;
		} else if (!on && !c.was_on && watch &&
		    kill((pid_t)watch, 0) < 0 && errno == ESRCH) {
			leave(&c, "no session: the connection ended first");
			return 1;
		} else if (!on && c.was_on) {
			follow(&c, 0);
			peer_file(&c);
			leave(&c, "the session is over");
			return 0;
		}
		if (c.tty && c.mystate && strcmp(c.mystate, "composing") ==
		    0 && time(NULL) - c.last_key >= PAUSED_S)
			typing(&c, "paused");
		if (c.tty && time(NULL) - c.drawn >= 30)
			bottom(&c);	/* the idle time grows */
	}
	if (c.tty && c.mystate)
		typing(&c, "gone");
	if (c.watching) {
		leave(&c, NULL);
		return c.join ? 0 : 1;
	}
	leave(&c, given_up && sessdir_running(c.dir) ? "the session did not "
	    "end in time" : c.ending ? NULL : "left; the session goes on");
	return 0;
}
