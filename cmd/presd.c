/*
 * presd: presence from input idle.
 *
 * Watches how long the user's input has been idle (access times of
 * terminals or files, an activity stream on stdin, a command that prints
 * idle milliseconds), turns it into a status (available, away, xa, or a
 * dnd/away the user set) and prints one presence(5) line at start, at every
 * change and at each heartbeat, and "offline" when it stops. Between events
 * it sleeps in poll(2): terminals are looked at only when a threshold falls
 * due, or every few seconds while the user is away, waiting for a return.
 */
/* utmpxname(3), behind HAIL_UTMP, is a GNU extension */
#define _GNU_SOURCE
#include <err.h>
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <poll.h>
#include <pwd.h>
#include <signal.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <termios.h>
#include <time.h>
#include <unistd.h>
#include <utmpx.h>

#include "../lib/afile.h"
#include "../lib/buf.h"
#include "../lib/num.h"
#include "../lib/override.h"
#include "../lib/paths.h"
#include "../lib/presence.h"
#include "../lib/run.h"
#include "../lib/utf8.h"

#ifdef _PATH_UTMPX
#define UTMP_FILE	_PATH_UTMPX
#else
#define UTMP_FILE	"/var/run/utmp"
#endif
#define EXIT_USAGE	2
#define EXIT_FAIL	3
#define CMD_TIMEOUT_MS	5000	/* an idle command that takes longer hangs */

struct watch {
	const char *path;
	int alive;
};

/* options */
static long long away_s = 300, xa_s = 1800, beat_s = 60, poll_s = 8;
static int oneshot, use_stdin;
static const char *outfile;
static char user[PRES_USER_MAX + 1];
static struct watch *watches;
static size_t nwatches;
static char *cmdv[64];
static int cmd_alive;
static int use_terms;		/* the user's terminals, found from utmp */
static char login[256];
static char owntty[PATH_MAX];	/* our own terminal, if any */

/* the activity stream: stdin with -s, or our terminal in the foreground */
static int stream_fd = -1;
static int stream_is_tty;
static struct termios saved_tio;
static int tio_saved;		/* saved_tio holds the terminal's modes */
static int tio_raw;		/* presd set them; restore at exit */
static int stream_paused;	/* our terminal, while we are in the background */
static long long tty_check_at;	/* when to look at the terminal again (0: no) */
static long long tty_check_end;	/* after fg: until when to keep looking */

/* what presd knows */
static int has_input;
static time_t last_input;
static struct presence cur;
static int started;

/* the user's override: from the file or a signal, the latest wins */
static struct override ovr;
static char ovr_path[PATH_MAX];
static struct stat ovr_seen;
static int ovr_exists;

static int sigpipe_fds[2] = { -1, -1 };
static volatile sig_atomic_t got_term, got_hup, got_usr1, got_usr2,
    got_tstp, got_cont;
static int out_failing;		/* -o could not be written last time */
static int stdout_dead;		/* stdout failed: write there no more */

static void
usage(void)
{
	fprintf(stderr, "usage: presd [-1s] [-a away] [-c command] "
	    "[-i heartbeat] [-o file] [-p poll] [-t path]... [-u user] "
	    "[-x xa]\n");
	exit(EXIT_USAGE);
}

static void
on_signal(int sig)
{
	int e = errno;
	ssize_t w;
	char c = 0;

	switch (sig) {
	case SIGHUP: got_hup = 1; break;
	case SIGUSR1: got_usr1 = 1; break;
	case SIGUSR2: got_usr2 = 1; break;
	case SIGTSTP: got_tstp = 1; break;
	case SIGCONT: got_cont = 1; break;
	default: got_term = 1; break;
	}
	/* wake poll(2) even if the signal came just before it; a full pipe
	 * already will */
	w = write(sigpipe_fds[1], &c, 1);
	(void)w;
	errno = e;
}

static void
setup_signals(void)
{
	static const int caught[] = { SIGTERM, SIGINT, SIGQUIT, SIGHUP,
	    SIGUSR1, SIGUSR2, SIGTSTP, SIGCONT };
	struct sigaction sa;
	size_t i;
	int k;

	if (pipe(sigpipe_fds) < 0)
		err(EXIT_FAIL, "pipe");
	for (k = 0; k < 2; k++)
		if (fcntl(sigpipe_fds[k], F_SETFL, O_NONBLOCK) < 0 ||
		    fcntl(sigpipe_fds[k], F_SETFD, FD_CLOEXEC) < 0)
			err(EXIT_FAIL, "fcntl");
	memset(&sa, 0, sizeof(sa));
	sigemptyset(&sa.sa_mask);
	sa.sa_handler = on_signal;
	for (i = 0; i < sizeof(caught) / sizeof(caught[0]); i++)
		sigaction(caught[i], &sa, NULL);
	/* a reader that goes away shows as EPIPE on write */
	sa.sa_handler = SIG_IGN;
	sigaction(SIGPIPE, &sa, NULL);
}

static int
foreground(void)
{
	return tcgetpgrp(STDIN_FILENO) == getpgrp();
}

static void
tty_restore(void)
{
	if (tio_raw)
		(void)tcsetattr(stream_fd, TCSANOW, &saved_tio);
	tio_raw = 0;
}

/* tty_raw: each keystroke readable at once, not echoed; ^C still works.
 * TCSANOW, not TCSAFLUSH: a key typed before the switch still counts */
static void
tty_raw(void)
{
	struct termios t = saved_tio;

	t.c_lflag &= ~(tcflag_t)(ICANON | ECHO);
	t.c_cc[VMIN] = 1;
	t.c_cc[VTIME] = 0;
	if (tcsetattr(stream_fd, TCSANOW, &t) == 0)
		tio_raw = 1;
}

/* now_real: the same clock as timeout_ms uses; time(3) may lag it */
static time_t
now_real(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_REALTIME, &ts);
	return ts.tv_sec;
}

static long long
now_mono_ms(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (long long)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

/* observe: input happened at t; the latest input wins, nothing later
 * than now counts (a clock that went back), and nothing before 1970 */
static void
observe(time_t t, time_t now)
{
	if (t < 0)
		return;	/* before 1970: no input time, whatever it is */
	if (t > now)
		t = now;
	if (!has_input || t > last_input) {
		last_input = t;
		has_input = 1;
	}
}

static void
sample_terminals(time_t now)
{
	struct utmpx *u;
	struct stat st;
	char line[sizeof(u->ut_line) + 1], path[sizeof(line) + 8];

	setutxent();
	while ((u = getutxent()) != NULL) {
		if (u->ut_type != USER_PROCESS ||
		    strncmp(u->ut_user, login, sizeof(u->ut_user)) != 0)
			continue;
		memcpy(line, u->ut_line, sizeof(u->ut_line));
		line[sizeof(u->ut_line)] = '\0';
		/* a line name is "pts/3" or "tty1", never a way out of /dev */
		if (line[0] == '\0' || strstr(line, "..") != NULL)
			continue;
		if (snprintf(path, sizeof(path), "/dev/%s", line) >=
		    (int)sizeof(path))
			continue;
		if (stat(path, &st) == 0)
			observe(st.st_atime, now);
	}
	endutxent();
	if (owntty[0] && stat(owntty, &st) == 0)
		observe(st.st_atime, now);
}

static void
sample_command(time_t now)
{
	struct buf out;
	enum run_result r;
	long long ms;
	const char *why = NULL;
	int status;

	buf_init(&out, 64);
	r = run_capture(cmdv, NULL, CMD_TIMEOUT_MS, &out, &status);
	if (r == RUN_ERROR)
		warn("%s", cmdv[0]);
	else if (r == RUN_TIMEOUT)
		why = "did not answer in time";
	else if (r == RUN_TOOBIG)
		why = "printed too much";
	else if (r == RUN_SIGNALED)
		why = "was killed by a signal";
	else if (status == 127)
		why = "could not be run";
	else if (status != 0)
		why = "failed";
	else {
		if (out.len > 0 && out.data[out.len - 1] == '\n')
			out.data[--out.len] = '\0';
		if (out.len == 0 || num_parse(out.data, 0,
		    (long long)400 * 24 * 3600 * 1000, &ms) != NULL)
			why = "printed no idle time in milliseconds";
		else
			observe(now - (time_t)(ms / 1000), now);
	}
	if (r == RUN_ERROR || why) {
		if (why)
			warnx("%s: %s; no longer used", cmdv[0], why);
		cmd_alive = 0;
	}
	buf_free(&out);
}

/* sample: look at every polled source once; sources that fail are dropped */
static void
sample(time_t now)
{
	struct stat st;
	size_t i;

	for (i = 0; i < nwatches; i++) {
		if (!watches[i].alive)
			continue;
		if (stat(watches[i].path, &st) < 0) {
			warn("%s: no longer watched", watches[i].path);
			watches[i].alive = 0;
		} else {
			observe(st.st_atime, now);
		}
	}
	if (use_terms)
		sample_terminals(now);
	if (cmd_alive)
		sample_command(now);
}

static int
polled_sources(void)
{
	size_t i;

	for (i = 0; i < nwatches; i++)
		if (watches[i].alive)
			return 1;
	return use_terms || cmd_alive;
}

/* check_override: applies the override file if it appeared, changed or
 * went away since last seen (or always, when force); returns 1 if the
 * override changed. */
static int
check_override(int force)
{
	struct override o;
	struct stat st;
	const char *why;
	int was;

	if (ovr_path[0] == '\0')
		return 0;
	if (lstat(ovr_path, &st) < 0) {
		if (!ovr_exists)
			return 0;
		ovr_exists = 0;	/* removed: the override is cleared */
		was = ovr.active;
		ovr.active = 0;
		return was;
	}
	if (!force && ovr_exists && st.st_dev == ovr_seen.st_dev &&
	    st.st_ino == ovr_seen.st_ino && st.st_size == ovr_seen.st_size &&
	    st.st_mtim.tv_sec == ovr_seen.st_mtim.tv_sec &&
	    st.st_mtim.tv_nsec == ovr_seen.st_mtim.tv_nsec)
		return 0;
	ovr_seen = st;
	ovr_exists = 1;
	if (override_read(ovr_path, &o, &why) < 0) {
		warnx("%s: %s; ignored", ovr_path, why);
		return 0;
	}
	if (o.active == ovr.active && (!o.active || (o.status == ovr.status &&
	    strcmp(o.note, ovr.note) == 0)))
		return 0;
	ovr = o;
	return 1;
}

static enum pres_status
computed(time_t now)
{
	time_t idle;

	if (!has_input)
		return PRES_XA;
	idle = now - last_input;
	if (idle >= xa_s)
		return PRES_XA;
	if (idle >= away_s)
		return PRES_AWAY;
	return PRES_AVAILABLE;
}

/* update: sets cur's status, note and since for now; returns 1 if the
 * status or the note changed. by_user: the override changed this time. */
static int
update(time_t now, int by_user)
{
	enum pres_status s = ovr.active ? ovr.status : computed(now);
	const char *note = ovr.active ? ovr.note : "";
	time_t since;
	int changed;

	if (has_input && last_input > now)
		last_input = now;	/* the clock went back */
	changed = !started || s != cur.status || strcmp(note, cur.note) != 0;
	if (!started || s != cur.status) {
		/* the moment of the change, where presd can know it */
		if (ovr.active || by_user || !has_input)
			since = now;
		else if (s == PRES_AWAY)
			since = last_input + (time_t)away_s;
		else if (s == PRES_XA)
			since = last_input + (time_t)xa_s;
		else
			since = started ? last_input : now;
		cur.since = since > now ? now : since;
		cur.status = s;
	}
	if (cur.since > now)
		cur.since = now;
	memcpy(cur.note, note, strlen(note) + 1);
	started = 1;
	return changed;
}

/* write_out: writes a line to stdout, waiting in poll(2) with the signal
 * pipe so that SIGTERM ends a write a stuck reader blocks; waits at most
 * wait_ms (-1: no limit). Returns 0, or -1 with errno (EINTR: given up). */
static int
write_out(const char *p, size_t n, int wait_ms)
{
	struct pollfd pfd[2];
	ssize_t w;
	int r;

	while (n > 0) {
		pfd[0].fd = STDOUT_FILENO;
		pfd[0].events = POLLOUT;
		pfd[1].fd = sigpipe_fds[0];
		pfd[1].events = POLLIN;
		if ((r = poll(pfd, 2, wait_ms)) < 0 && errno != EINTR)
			return -1;
		if (got_term && wait_ms < 0) {
			errno = EINTR;
			return -1;
		}
		if (r == 0) {
			errno = EINTR;
			return -1;
		}
		if (r < 0 || !(pfd[0].revents & (POLLOUT | POLLERR | POLLHUP)))
			continue;
		if ((w = write(STDOUT_FILENO, p, n)) < 0) {
			if (errno == EINTR || errno == EAGAIN)
				continue;
			return -1;
		}
		p += w;
		n -= (size_t)w;
	}
	return 0;
}

/* emit: prints the current line and keeps it in -o; returns -1 when the
 * reader of stdout went away, -2 when stdout failed otherwise (said once),
 * else 0. wait_ms bounds the wait for stdout, as write_out's. */
static int
emit(time_t now, int wait_ms)
{
	struct buf line;
	int r = 0;

	cur.time = now;
	cur.expires = now + (time_t)(2 * beat_s);
	cur.has_last_input = has_input;
	cur.last_input = last_input;
	buf_init(&line, PRES_LINE_MAX);
	if (pres_format(&cur, &line) < 0)
		errx(EXIT_FAIL, "cannot make a presence line");
	if (outfile) {
		if (afile_write(outfile, line.data, line.len, 0600) < 0) {
			if (!out_failing)
				warn("%s", outfile);
			out_failing = 1;
		} else if (out_failing) {
			warnx("%s: written again", outfile);
			out_failing = 0;
		}
	}
	if (!stdout_dead &&
	    write_out(line.data, line.len, wait_ms) < 0) {
		stdout_dead = 1;
		if (errno == EINTR) {
			r = 0;	/* stopping: the reader did not take it */
		} else if (errno != EPIPE) {
			warn("stdout");
			r = -2;
		} else {
			r = -1;
		}
	}
	buf_free(&line);
	return r;
}

/* stop: the last line says offline; exit with status */
static void
stop(int status)
{
	time_t now = now_real();

	cur.status = PRES_OFFLINE;
	cur.since = now;
	cur.note[0] = '\0';
	/* a reader that does not take the last line in a second loses it */
	if (emit(now, 1000) == -2 && status == 0)
		status = EXIT_FAIL;
	exit(status);
}

/* drain_stream: reads what is waiting; returns 0 on data, -1 on EOF */
static int
drain_stream(void)
{
	char chunk[4096];
	ssize_t n;

	n = read(stream_fd, chunk, sizeof(chunk));
	if (n > 0)
		return 0;
	if (n < 0 && (errno == EINTR || errno == EAGAIN))
		return 0;
	if (n < 0 && !stream_is_tty)
		warn("stdin");
	return -1;
}

static void
add_watch(const char *path)
{
	struct watch *w;

	if (nwatches == SIZE_MAX / sizeof(*w) ||
	    (w = realloc(watches, (nwatches + 1) * sizeof(*w))) == NULL)
		err(EXIT_FAIL, "realloc");
	watches = w;
	watches[nwatches].path = path;
	watches[nwatches].alive = 1;
	nwatches++;
}

static long long
number(const char *s, const char *what, long long min, long long max)
{
	const char *why;
	long long v;

	if ((why = num_parse(s, min, max, &v)) != NULL) {
		warnx("%s %s: %s (%lld to %lld)", what, s, why, min, max);
		usage();
	}
	return v;
}

static void
default_user(void)
{
	struct passwd *pw = getpwuid(getuid());
	char host[256];
	int n;

	/* the login name finds the user's terminals in utmp */
	if (pw && snprintf(login, sizeof(login), "%s", pw->pw_name) >=
	    (int)sizeof(login))
		login[0] = '\0';
	if (user[0])
		return;
	if (login[0] == '\0')
		errx(EXIT_FAIL, "cannot find the user's login name; use -u");
	if (gethostname(host, sizeof(host)) < 0)
		err(EXIT_FAIL, "gethostname");
	host[sizeof(host) - 1] = '\0';
	n = snprintf(user, sizeof(user), "%s@%s", login, host);
	if (n < 0 || (size_t)n >= sizeof(user) ||
	    !utf8_printable(user, strlen(user)))
		errx(EXIT_FAIL, "cannot make an address from %s and the "
		    "host name; use -u", login);
}

static void
find_owntty(void)
{
	const char *t;
	int fd;

	for (fd = 0; fd <= 2; fd++)
		if (isatty(fd) && (t = ttyname(fd)) != NULL) {
			if (snprintf(owntty, sizeof(owntty), "%s", t) >=
			    (int)sizeof(owntty))
				owntty[0] = '\0';
			return;
		}
}

/* utmp_file: where the user's terminals are listed */
static const char *
utmp_file(void)
{
	const char *f = getenv("HAIL_UTMP");

	return f && *f ? f : UTMP_FILE;
}

/* timeout_ms: how long to sleep until the next thing presd must do */
static int
timeout_ms(long long next_beat, long long next_poll)
{
	long long mono = now_mono_ms(), t, real_ms, d;
	struct timespec ts;

	t = next_beat - mono;
	clock_gettime(CLOCK_REALTIME, &ts);
	real_ms = (long long)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
	/* the next threshold, if one lies ahead of the present status */
	if (!ovr.active && has_input && (cur.status == PRES_AVAILABLE ||
	    cur.status == PRES_AWAY)) {
		d = ((long long)last_input + (cur.status == PRES_AVAILABLE ?
		    away_s : xa_s)) * 1000 - real_ms;
		if (d < t)
			t = d;	/* already due (d < 0): look again at once */
	}
	if (!ovr.active && cur.status != PRES_AVAILABLE && polled_sources() &&
	    next_poll - mono < t)
		t = next_poll - mono;
	if (tty_check_at && tty_check_at - mono < t)
		t = tty_check_at - mono;
	if (t < 0)
		t = 0;
	return t > INT_MAX ? INT_MAX : (int)t;
}

static void
setup_override_path(void)
{
	char dir[PATH_MAX];

	if (path_dir(PATH_CONFIG, dir, sizeof(dir)) < 0 ||
	    path_join(ovr_path, sizeof(ovr_path), dir, "override") < 0)
		ovr_path[0] = '\0';
}

/* setup_outfile: makes the directories that lead to -o, as mkdir -p
 * does, each mode 0700: the usual place, $XDG_RUNTIME_DIR/hail or
 * ~/.local/state/hail, may not exist yet */
static void
setup_outfile(void)
{
	char dir[PATH_MAX];

	if (afile_dirname(outfile, dir, sizeof(dir)) < 0)
		errx(EXIT_USAGE, "%s: name too long", outfile);
	if (afile_mkdirs(dir, 0700) < 0)
		err(EXIT_FAIL, "%s", dir);
}

/* tty_check: after ^Z and bg, reading or setting the terminal would stop
 * presd again, so it is left alone until presd is in the foreground; after
 * fg, the shell may set its own modes after presd has set its own, so
 * they are looked at for a while (the shell's SIGCONT and its giving of
 * the terminal come in no fixed order) */
static void
tty_check(void)
{
	struct termios t;
	long long mono = now_mono_ms();

	/* a terminal that hung up (the user logged out, the window closed)
	 * ends presd, as the end of -s does */
	if (tcgetpgrp(stream_fd) < 0 && errno != EINTR) {
		tio_raw = 0;
		stop(0);
	}
	stream_paused = !foreground();
	if (!stream_paused && (tcgetattr(stream_fd, &t) < 0 ||
	    (t.c_lflag & (ICANON | ECHO))))
		tty_raw();
	if (stream_paused)
		tty_check_at = mono + 1000;
	else if (mono < tty_check_end)
		tty_check_at = mono + 250;
	else
		tty_check_at = 0;
}

static void
handle_signals(int *by_user)
{
	char c;

	while (read(sigpipe_fds[0], &c, 1) > 0)
		;
	if (got_term)
		stop(0);
	if (got_tstp) {
		got_tstp = 0;
		tty_restore();
		raise(SIGSTOP);
	}
	if (got_cont) {
		got_cont = 0;
		if (tio_saved) {
			tty_check_end = now_mono_ms() + 2000;
			tty_check();
		}
	}
	if (got_hup) {
		got_hup = 0;
		*by_user |= check_override(1);
	}
	if (got_usr1) {
		got_usr1 = 0;
		ovr.active = 1;
		ovr.status = PRES_DND;
		ovr.note[0] = '\0';
		*by_user = 1;
	}
	if (got_usr2) {
		got_usr2 = 0;
		*by_user |= ovr.active;
		ovr.active = 0;
	}
}

static void
run(void)
{
	struct pollfd pfd[2];
	long long next_beat, next_poll, mono;
	time_t now = now_real();
	int n, r, by_user, timer;

	sample(now);
	if (stream_fd >= 0)
		observe(now, now);	/* presd was just started: input */
	check_override(1);
	update(now, 0);
	if (stream_fd < 0 && !polled_sources())
		errx(EXIT_FAIL, "no idle source left");
	if ((r = emit(now, -1)) < 0)
		stop(r == -2 ? EXIT_FAIL : 0);
	next_beat = now_mono_ms() + beat_s * 1000;
	next_poll = now_mono_ms() + poll_s * 1000;
	for (;;) {
		if (stream_fd < 0 && !polled_sources()) {
			warnx("no idle source left");
			stop(EXIT_FAIL);
		}
		pfd[0].fd = sigpipe_fds[0];
		pfd[0].events = POLLIN;
		pfd[1].fd = stream_fd;
		pfd[1].events = POLLIN;
		n = poll(pfd, stream_fd >= 0 && !stream_paused ? 2 : 1,
		    got_hup || got_usr1 || got_usr2 || got_cont || got_tstp ||
		    got_term ? 0 : timeout_ms(next_beat, next_poll));
		if (n < 0 && errno != EINTR)
			err(EXIT_FAIL, "poll");
		now = now_real();
		mono = now_mono_ms();
		by_user = 0;
		handle_signals(&by_user);
		if (tty_check_at && mono >= tty_check_at)
			tty_check();
		if (n > 0 && stream_fd >= 0 && !stream_paused &&
		    pfd[1].revents) {
			if (drain_stream() < 0) {
				/* the end of -s, or our terminal hung up */
				stop(0);
			}
			observe(now, now);
		}
		timer = n == 0 || mono >= next_beat || mono >= next_poll;
		if (timer) {
			sample(now);
			by_user |= check_override(0);
			next_poll = mono + poll_s * 1000;
		}
		r = 0;
		if (update(now, by_user) || mono >= next_beat) {
			r = emit(now, -1);
			next_beat = mono + beat_s * 1000;
		}
		if (r < 0)
			stop(r == -2 ? EXIT_FAIL : 0);
	}
}

int
main(int argc, char *argv[])
{
	char *cmd = NULL;
	int c, explicit = 0;

	if (afile_open_std() < 0)
		exit(EXIT_FAIL);
	/* before anything else: a SIGHUP from hail-status must not kill a
	 * presd that is still starting */
	setup_signals();
	while ((c = getopt(argc, argv, "1a:c:i:o:p:st:u:x:")) != -1) {
		switch (c) {
		case '1': oneshot = 1; break;
		case 'a': away_s = number(optarg, "away", 1, 10000000); break;
		case 'c': cmd = optarg; explicit = 1; break;
		case 'i': beat_s = number(optarg, "heartbeat", 1, 86400); break;
		case 'o': outfile = optarg; break;
		case 'p': poll_s = number(optarg, "poll", 1, 3600); break;
		case 's': use_stdin = 1; explicit = 1; break;
		case 't': add_watch(optarg); explicit = 1; break;
		case 'u':
			if (strlen(optarg) > PRES_USER_MAX || optarg[0] == '\0' ||
			    !utf8_printable(optarg, strlen(optarg))) {
				warnx("user %s: not one line of UTF-8 text of "
				    "1 to %d bytes", optarg, PRES_USER_MAX);
				usage();
			}
			memcpy(user, optarg, strlen(optarg) + 1);
			break;
		case 'x': xa_s = number(optarg, "xa", 1, 10000000); break;
		default: usage();
		}
	}
	if (optind != argc)
		usage();
	if (xa_s <= away_s) {
		warnx("xa (%lld s) must be longer than away (%lld s)", xa_s,
		    away_s);
		usage();
	}
	if (oneshot && use_stdin) {
		warnx("-1 and -s do not go together");
		usage();
	}
	if (cmd) {
		if (run_split(cmd, cmdv, (int)(sizeof(cmdv) / sizeof(cmdv[0])))
		    < 0) {
			warnx("command: empty or more than %d words",
			    (int)(sizeof(cmdv) / sizeof(cmdv[0])) - 1);
			usage();
		}
		cmd_alive = 1;
	}
	default_user();
	memcpy(cur.user, user, sizeof(cur.user));
#ifdef __GLIBC__
	/* another utmp file, so tests need not touch the system's */
	if (utmpxname(utmp_file()) != 0)
		err(EXIT_FAIL, "%s", utmp_file());
#endif
	setup_override_path();
	if (!explicit) {
		use_terms = 1;
		find_owntty();
		if (owntty[0] == '\0' && access(utmp_file(), R_OK) < 0)
			errx(EXIT_FAIL, "%s: %s, and no terminal on stdin, "
			    "stdout or stderr: use -t, -s or -c", utmp_file(),
			    strerror(errno));
	}
	if (outfile)
		setup_outfile();

	if (oneshot) {
		time_t now = now_real();
		int r;

		sample(now);
		if (!polled_sources())
			errx(EXIT_FAIL, "no idle source left");
		check_override(1);
		update(now, 0);
		r = emit(now, -1);
		return r == -2 ? EXIT_FAIL : 0;
	}
	if (use_stdin) {
		stream_fd = STDIN_FILENO;
	} else if (use_terms && isatty(STDIN_FILENO) && foreground() &&
	    tcgetattr(STDIN_FILENO, &saved_tio) == 0) {
		/* in the foreground of a terminal: its keystrokes are ours */
		stream_fd = STDIN_FILENO;
		stream_is_tty = 1;
		tio_saved = 1;
		atexit(tty_restore);
		tty_raw();
	}
	run();
	return 0;
}
