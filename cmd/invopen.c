/*
 * invopen: open an invitation from an incoming mail.
 *
 * Reads one mail (stdin or a file) as a stream with lib/mime, finds the
 * one invitation part (application/vnd.hail.invitation+json), reads it
 * strictly (lib/invitation), stores it under the state directory and
 * shows it: through a renderer the invitation names, once its SHA-256 is
 * verified, or through the card hail ships. Most mail that passes a filter
 * holds no invitation, so that case reads the mail once and exits 1.
 * With -p the mail is copied to stdout byte for byte whatever happens, so
 * a filter never loses it. Nothing from the mail reaches a shell: jq and
 * invfetch run with an argv, and jq with an empty environment.
 */
#include <err.h>
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <time.h>
#include <unistd.h>

#include "../lib/afile.h"
#include "../lib/buf.h"
#include "../lib/digest.h"
#include "../lib/hdr.h"
#include "../lib/invitation.h"
#include "../lib/mailcap.h"
#include "../lib/mime.h"
#include "../lib/num.h"
#include "../lib/paths.h"
#include "../lib/run.h"
#include "../lib/term.h"

#define EXIT_NONE	1
#define EXIT_USAGE	2
#define EXIT_FAIL	3
#define EXIT_EXPIRED	4
#define INVITE_TYPE	"application/vnd.hail.invitation+json"
#define MAILCAP_LINE	INVITE_TYPE "; invopen -r %s; copiousoutput"
#define MAIL_MAX	(64L << 20)	/* bytes of a mail looked at */
#define TIME_MAX	60		/* seconds for the whole run (-t) */
#define RENDER_MS	5000		/* for a renderer or a viewer */
#define FETCH_S		20		/* for a download */
#define CARD_MAX	65536		/* bytes of a rendered card */
#define CONF_MAX	65536
#define HOSTS_MAX	32
#define BAD_FLAGS	(MIME_NO_BLANK | MIME_TOO_BIG | MIME_DUPLICATE | \
			MIME_BAD_TYPE | MIME_UNCLOSED | MIME_TOO_DEEP)

#ifndef DATADIR
#define DATADIR "/usr/local/share/hail"
#endif

/* what the reader found */
struct scan {
	unsigned long open[MIME_DEPTH_MAX + 2];	/* indexes of open parts */
	unsigned depth;
	unsigned forwarded;	/* depth of an open message/rfc822, or 0 */
	int count;		/* invitation parts */
	unsigned long index;	/* the first one's */
	unsigned long outer[MIME_DEPTH_MAX + 2];	/* parts around it */
	unsigned nouter;
	unsigned flags;		/* its flags and its outer parts' */
	struct buf json;	/* its content */
	struct buf from;	/* the mail's From */
	int nomem;		/* memory ran out: no verdict on the mail */
};

/* settings from invopen.conf */
struct conf {
	char *hosts[HOSTS_MAX];	/* renderer hosts allowed */
	size_t nhosts;
	char *trust[HOSTS_MAX];	/* renderers trusted, by SHA-256 */
	size_t ntrust;
	int on_delivery;	/* fetch in -p and -q modes too */
	int private_ok;		/* renderers from private addresses */
	char *cafile;
	char text[CONF_MAX + 1];
};

static void
usage(void)
{
	fprintf(stderr, "usage: invopen [-dfjpq] [-t seconds] [file]\n"
	    "       invopen [-fj] [-t seconds] -r file\n");
	exit(EXIT_USAGE);
}

static volatile sig_atomic_t copying;	/* -p: the copy must go on */
static volatile sig_atomic_t alarmed;

static void
on_alarm(int sig)
{
	static const char msg[] = "invopen: took too long; stopped\n";
	pid_t child = run_child();

	(void)sig;
	alarmed = 1;
	if (child > 0) {
		kill(-child, SIGKILL);
		kill(child, SIGKILL);
	}
	/* with -p the mail is copied to its end whatever the time; the
	 * looking stops, and the status says so at the end */
	if (copying)
		return;
	if (write(2, msg, sizeof(msg) - 1) < 0)
		_exit(EXIT_FAIL);
	_exit(EXIT_FAIL);
}

static int
on_field(void *arg, const struct mime_part *p, const char *name, size_t nn,
    const char *v, size_t vn)
{
	struct scan *s = arg;

	if (p->depth == 0 && nn == 4 && strncasecmp(name, "From", 4) == 0 &&
	    s->from.len == 0)
		buf_add(&s->from, v, vn);
	return 0;
}

static int
on_begin(void *arg, const struct mime_part *p)
{
	struct scan *s = arg;

	s->open[s->depth++] = p->index;
	if (strcmp(p->type, "message/rfc822") == 0 && s->forwarded == 0)
		s->forwarded = s->depth;
	/* an invitation forwarded inside another mail is not this mail's */
	if (strcmp(p->type, INVITE_TYPE) != 0 || s->forwarded != 0)
		return 0;
	if (++s->count > 1)
		return 0;
	s->index = p->index;
	s->nouter = s->depth - 1;
	memcpy(s->outer, s->open, s->nouter * sizeof(s->outer[0]));
	return 1;
}

static int
on_data(void *arg, const struct mime_part *p, const char *d, size_t n)
{
	struct scan *s = arg;

	(void)p;
	if (buf_add(&s->json, d, n) < 0 && errno == ENOMEM)
		s->nomem = 1;	/* (past INV_MAX: err set, refused) */
	return 0;
}

static int
on_end(void *arg, const struct mime_part *p)
{
	struct scan *s = arg;
	unsigned i;

	if (s->depth > 0)
		s->depth--;
	if (s->forwarded > s->depth)
		s->forwarded = 0;
	if (s->count >= 1 && p->index == s->index)
		s->flags |= p->flags;
	/* a part around the invitation that was itself malformed makes
	 * the invitation's place in the mail a guess */
	for (i = 0; i < s->nouter; i++)
		if (s->outer[i] == p->index)
			s->flags |= p->flags & BAD_FLAGS;
	/* and a part anywhere whose type this reader could not tell may be
	 * a second invitation to another reader (mutt takes the last of two
	 * Content-Types, Python a type with a broken parameter) */
	s->flags |= p->flags & (MIME_DUPLICATE | MIME_BAD_TYPE | MIME_TOO_BIG |
	    MIME_TOO_DEEP);
	return 0;
}

/* copy_out: the -p copy; a failure is remembered, the reading goes on */
static void
copy_out(const char *d, size_t n, int *failed)
{
	if (!*failed && afile_write_all(1, d, n) < 0) {
		warn("stdout");
		*failed = 1;
	}
}

/* scan_mail: reads the mail from fd, copying it to stdout if pass;
 * returns 0, or -1 if stdout failed */
static int
scan_mail(int fd, const char *name, int pass, struct scan *s)
{
	struct mime_handler h = { s, on_field, on_begin, on_data, on_end };
	struct mime_reader *r;
	char chunk[65536];
	long total = 0;
	ssize_t n;
	int failed = 0, reading = 1;

	if ((r = mime_new(&h)) == NULL)
		err(EXIT_FAIL, "out of memory");
	for (;;) {
		if ((n = read(fd, chunk, sizeof(chunk))) < 0) {
			if (errno == EINTR)
				continue;
			err(EXIT_FAIL, "%s", name);
		}
		if (n == 0)
			break;
		if (pass)
			copy_out(chunk, (size_t)n, &failed);
		if (reading && alarmed) {
			s->count = 0;
			reading = 0;
		}
		if (reading && (total += n) > MAIL_MAX) {
			warnx("%s: larger than %ld MiB: not looked at past "
			    "that", name, MAIL_MAX >> 20);
			s->count = 0;
			reading = 0;
		}
		if (reading && mime_feed(r, chunk, (size_t)n) < 0) {
			warnx("%s: %s", name, mime_error(r));
			s->count = 0;
			reading = 0;
		}
		if (!reading && !pass)
			break;	/* the rest is not read: stdin is closed */
	}
	if (reading && mime_end(r) < 0) {
		warnx("%s: %s", name, mime_error(r));
		s->count = 0;
	}
	if (mime_error(r) && strcmp(mime_error(r), "out of memory") == 0)
		s->nomem = 1;
	mime_free(r);
	return failed ? -1 : 0;
}

/* read_conf: invopen.conf, "key value" lines; a missing file is no
 * settings. Settings decide what is fetched, so the file must be the
 * user's own and not writable by others. */
static void
read_conf(const char *dir, struct conf *c)
{
	char path[PATH_MAX], *line, *next, *v;
	const char *why;
	ssize_t n;

	memset(c, 0, sizeof(*c));
	if (dir == NULL || path_join(path, sizeof(path), dir,
	    "invopen.conf") < 0)
		return;
	if ((n = afile_read_own(path, c->text, CONF_MAX, 022, &why)) < 0) {
		if (errno == ENOENT)
			return;
		errx(EXIT_FAIL, "%s: %s", path, why);
	}
	c->text[n] = '\0';
	for (line = c->text; line && *line; line = next) {
		if ((next = strchr(line, '\n')) != NULL)
			*next++ = '\0';
		if (*line == '#' || *line == '\0')
			continue;
		if ((v = strchr(line, ' ')) == NULL)
			errx(EXIT_FAIL, "%s: \"%s\": no value", path, line);
		*v++ = '\0';
		if (strcmp(line, "allow-host") == 0 && c->nhosts < HOSTS_MAX)
			c->hosts[c->nhosts++] = v;
		else if (strcmp(line, "trust") == 0 && strlen(v) == 64 &&
		    strspn(v, "0123456789abcdef") == 64 &&
		    c->ntrust < HOSTS_MAX)
			c->trust[c->ntrust++] = v;
		else if (strcmp(line, "fetch-on-delivery") == 0)
			c->on_delivery = strcmp(v, "yes") == 0;
		else if (strcmp(line, "allow-private") == 0)
			c->private_ok = strcmp(v, "yes") == 0;
		else if (strcmp(line, "cafile") == 0)
			c->cafile = v;
		else
			errx(EXIT_FAIL, "%s: unknown setting \"%s\"", path,
			    line);
	}
}

/* trusted: sha is on a "trust" line */
static int
trusted(const struct conf *c, const char *sha)
{
	size_t i;

	for (i = 0; i < c->ntrust; i++)
		if (strcmp(c->trust[i], sha) == 0)
			return 1;
	return 0;
}

/* host_allowed: the renderer URL's host is on an allow-host line */
static int
host_allowed(const struct conf *c, const char *url)
{
	const char *h = url + 8;
	size_t n = strcspn(h, ":/?#"), i;

	for (i = 0; i < c->nhosts; i++)
		if (strlen(c->hosts[i]) == n &&
		    strncasecmp(c->hosts[i], h, n) == 0)
			return 1;
	return 0;
}

/* which: the path of prog along PATH, into out */
static int
which(const char *prog, char *out, size_t n)
{
	const char *path = getenv("PATH"), *p, *e;

	if (path == NULL)
		path = "/usr/bin:/bin";
	for (p = path; *p; p = *e ? e + 1 : e) {
		e = strchr(p, ':');
		if (e == NULL)
			e = p + strlen(p);
		/* a relative entry ("." or "bin") would run what the current
		 * directory holds */
		if (e > p && *p == '/' &&
		    (size_t)(e - p) + strlen(prog) + 2 <= n) {
			memcpy(out, p, (size_t)(e - p));
			out[e - p] = '/';
			memcpy(out + (e - p) + 1, prog, strlen(prog) + 1);
			if (access(out, X_OK) == 0)
				return 0;
		}
	}
	return -1;
}

/* hash_ok: the file at path is a regular file of ours whose SHA-256 is
 * sha */
static int
hash_ok(const char *path, const char *sha)
{
	int fd, ok;

	if ((fd = open(path, O_RDONLY | O_NOFOLLOW | O_CLOEXEC)) < 0)
		return 0;
	ok = digest_own_is(fd, sha) == 1;
	close(fd);
	return ok;
}

/* renderer: the invitation's renderer, verified, in the cache: fetched
 * with invfetch when the settings or the user allow it. Returns 0 with
 * its path, or -1 (the card hail ships will do; a reason was given) */
static int
renderer(const struct invitation *inv, const struct conf *c, int ask,
    int delivery, char *path, size_t n)
{
	char cache[PATH_MAX], dir[PATH_MAX], prog[PATH_MAX];
	char *argv[16];
	struct buf out;
	enum run_result rr;
	int st, k = 0;

	if (inv->renderer[0] == '\0')
		return -1;
	if (path_dir(PATH_CACHE, cache, sizeof(cache)) < 0 ||
	    path_join(dir, sizeof(dir), cache, "renderers") < 0 ||
	    path_join(path, n, dir, inv->sha256) < 0)
		return -1;
	if (hash_ok(path, inv->sha256))
		return 0;
	if (delivery && !c->on_delivery)
		return -1;
	if (!ask && !trusted(c, inv->sha256) &&
	    !host_allowed(c, inv->renderer)) {
		warnx("the renderer's host is not allowed (allow-host in "
		    "invopen.conf, or -f to fetch it this once): %s",
		    inv->renderer);
		return -1;
	}
	if (which("invfetch", prog, sizeof(prog)) < 0) {
		warnx("invfetch: not found");
		return -1;
	}
	argv[k++] = prog;
	if (c->private_ok)
		argv[k++] = "-P";
	if (c->cafile) {
		argv[k++] = "-c";
		argv[k++] = c->cafile;
	}
	argv[k++] = "-t";
	argv[k++] = "20";
	argv[k++] = "-d";
	argv[k++] = dir;
	argv[k++] = (char *)inv->renderer;
	argv[k++] = (char *)inv->sha256;
	argv[k] = NULL;
	buf_init(&out, PATH_MAX);
	rr = run_capture(argv, NULL, (FETCH_S + 5) * 1000, &out, &st);
	buf_free(&out);
	if (rr != RUN_OK || st != 0) {
		warnx("the renderer was not fetched; the card hail ships "
		    "shows the invitation");
		return -1;
	}
	return hash_ok(path, inv->sha256) ? 0 : -1;
}

static int mailcap_seen;	/* a mailcap line for invitations was met */

/* not_ours: mailcap entries invopen does not use: its own (which is
 * there for mail readers) and viewers that are not copiousoutput. Each
 * line for invitations passes here first, so one lookup also tells
 * whether mailcap has any. */
static int
not_ours(const struct mailcap_entry *e, const void *arg)
{
	mailcap_seen = 1;
	return mailcap_skip_prog(e, arg) ||
	    !(e->flags & MAILCAP_COPIOUSOUTPUT);
}

/* show: prints text made terminal-safe */
static void
show(const struct buf *out)
{
	struct buf safe;

	buf_init(&safe, 0);
	if (term_safe(&safe, out->data ? out->data : "", out->len) < 0)
		errx(EXIT_FAIL, "out of memory");
	if (afile_write_all(1, safe.data ? safe.data : "", safe.len) < 0)
		err(EXIT_FAIL, "stdout");
	buf_free(&safe);
}

/* viewer: the user's own mailcap viewer for invitations, if there is
 * one, on the stored invitation. Returns 0 if it showed it, 1 if there is
 * none, -1 if it failed. *offer is set when mailcap has no line for
 * invitations at all, not even invopen's. */
static int
viewer(const char *stored, int *offer)
{
	static struct mailcap_entry e;
	static struct mailcap_cmd c;
	struct mailcap_query q;
	char path[MAILCAP_FILES_MAX * MAILCAP_PATH_MAX];
	struct buf out;
	enum run_result rr;
	int st, fd, r = -1;

	*offer = 0;
	if (mailcap_path_env(path, sizeof(path)) < 0)
		return 1;
	memset(&q, 0, sizeof(q));
	q.path = path;
	q.type = INVITE_TYPE;
	q.file = stored;
	q.test_ms = RENDER_MS;
	q.skip = not_ours;
	q.skip_arg = "invopen";
	mailcap_seen = 0;
	if (mailcap_find(&q, &e) != 1) {
		*offer = !mailcap_seen;
		return 1;
	}
	if (mailcap_command(e.view, INVITE_TYPE, stored, &c) < 0)
		return 1;
	if ((fd = open(stored, O_RDONLY | O_CLOEXEC)) < 0)
		return -1;
	buf_init(&out, CARD_MAX);
	rr = run_capture_in(c.argv, NULL, c.names_file ? -1 : fd, 0, RENDER_MS,
	    &out, &st);
	close(fd);
	if (rr == RUN_OK && st == 0) {
		show(&out);
		r = 0;
	} else {
		warnx("%s line %ld: the viewer failed", e.file, e.line);
	}
	buf_free(&out);
	return r;
}

/* offer: the mailcap line that lets mail readers show invitations, said
 * once (a mark in the state directory remembers it) */
static void
offer_mailcap(void)
{
	char state[PATH_MAX], mark[PATH_MAX];

	if (path_dir(PATH_STATE, state, sizeof(state)) < 0 ||
	    path_join(mark, sizeof(mark), state, "mailcap-offered") < 0 ||
	    access(mark, F_OK) == 0)
		return;
	fprintf(stderr, "invopen: to see invitations in mutt or neomutt, "
	    "add this line to ~/.mailcap\n(and auto_view %s to "
	    "~/.muttrc):\n%s\n", INVITE_TYPE, MAILCAP_LINE);
	afile_write(mark, "", 0, 0600);
}

/* render: runs jq with the renderer on the stored invitation, empty
 * environment, a time limit; prints its output made terminal-safe.
 * Returns 0, or -1 if the renderer failed. */
static int
render(const char *prog, const char *stored, time_t now)
{
	char jq[PATH_MAX], nows[32];
	char *argv[] = { jq, "-r", "--argjson", "now", nows, "-f",
	    (char *)prog, (char *)stored, NULL };
	char *envp[] = { NULL };
	struct buf out;
	enum run_result rr;
	int st, r = -1;

	if (which("jq", jq, sizeof(jq)) < 0) {
		warnx("jq: not found");
		return -1;
	}
	/* (jq, quiet, would say only that it failed) */
	if (access(prog, R_OK) < 0) {
		warn("%s", prog);
		return -1;
	}
	snprintf(nows, sizeof(nows), "%lld", (long long)now);
	buf_init(&out, CARD_MAX);
	/* jq's own messages (halt_error) would carry the renderer's bytes
	 * to the terminal unfiltered: they go nowhere */
	rr = run_capture_in(argv, envp, -1, RUN_QUIET | RUN_LIMIT, RENDER_MS,
	    &out, &st);
	if (rr == RUN_OK && st == 0) {
		show(&out);
		r = 0;
	} else {
		warnx("%s: %s", prog, rr == RUN_TIMEOUT ? "took too long" :
		    rr == RUN_TOOBIG ? "wrote too much" : rr == RUN_ERROR ?
		    strerror(errno) : "failed");
	}
	buf_free(&out);
	return r;
}

/* store: the invitation as the mail held it (the blanks that end it made
 * one newline, as encodings differ there), once under its id; a second
 * copy of the same changes nothing, a different one with the same id is
 * refused. Returns 0 with its path, or -1. */
static int
store(const struct invitation *inv, struct buf *json, char *path,
    size_t n)
{
	char state[PATH_MAX], dir[PATH_MAX], name[INV_ID_LEN + 8];
	static char old[INV_MAX + 1];
	const char *why;
	ssize_t k;

	if (path_dir(PATH_STATE, state, sizeof(state)) < 0)
		err(EXIT_FAIL, "no state directory (set HOME)");
	snprintf(name, sizeof(name), "%s.json", inv->id);
	if (path_join(dir, sizeof(dir), state, "invitations") < 0 ||
	    path_join(path, n, dir, name) < 0)
		errx(EXIT_FAIL, "%s: path too long", state);
	while (json->len > 0 && strchr(" \t\r\n", json->data[json->len - 1]))
		json->len--;
	if (buf_addc(json, '\n') < 0)
		errx(EXIT_FAIL, "out of memory");
	if (afile_mkdirs(dir, 0700) < 0)
		err(EXIT_FAIL, "%s", dir);
	/* made only if no other is there, even one a concurrent delivery
	 * of the same id made a moment ago */
	if (afile_create(path, json->data, json->len, 0600) == 0)
		return 0;
	if (errno != EEXIST)
		err(EXIT_FAIL, "%s", path);
	if ((k = afile_read_own(path, old, sizeof(old) - 1, 077, &why)) < 0)
		errx(EXIT_FAIL, "%s: %s", path, why);
	if ((size_t)k == json->len && memcmp(old, json->data, json->len) == 0)
		return 0;
	warnx("%s: an invitation with this id is stored already, and it is "
	    "different: the first one is kept", path);
	return -1;
}

static void
from_check(const struct scan *s, const struct invitation *inv)
{
	struct buf d, a;
	const char *why;

	buf_init(&d, 0);
	buf_init(&a, 0);
	if (s->from.len && hdr_mailbox(s->from.data, s->from.len, &d, &a,
	    &why) == 0 && !inv_same_address(a.data, inv->from))
		warnx("note: the mail is from %s, the invitation from %s",
		    a.data, inv->from);
	buf_free(&d);
	buf_free(&a);
}

/* read_json: -r: the invitation itself, a file of at most INV_MAX */
static void
read_json(const char *file, struct scan *s)
{
	char chunk[8192];
	ssize_t n;
	int fd;

	if ((fd = open(file, O_RDONLY | O_CLOEXEC)) < 0)
		err(EXIT_FAIL, "%s", file);
	while ((n = read(fd, chunk, sizeof(chunk))) > 0)
		buf_add(&s->json, chunk, (size_t)n);
	if (n < 0)
		err(EXIT_FAIL, "%s", file);
	close(fd);
	s->count = 1;
}

/* fail_with: the status to exit with, unless an earlier failure (stdout,
 * with -p) already set one */
static void
fail_with(int *status, int st)
{
	if (*status == 0)
		*status = st;
}

int
main(int argc, char *argv[])
{
	struct scan s;
	struct invitation inv;
	struct conf conf;
	char config[PATH_MAX], stored[PATH_MAX], prog[PATH_MAX];
	const char *name = "stdin", *why, *rfile = NULL;
	int c, fd = 0, pass = 0, quiet = 0, dump = 0, ask = 0, status = 0;
	int offer = 0, join = 0;
	long long cap = TIME_MAX;
	time_t now;

	while ((c = getopt(argc, argv, "dfjpqr:t:")) != -1) {
		switch (c) {
		case 'd':
			dump = 1;
			break;
		case 'f':
			ask = 1;
			break;
		case 'j':
			join = 1;
			break;
		case 'p':
			pass = 1;
			break;
		case 'q':
			quiet = 1;
			break;
		case 'r':
			rfile = optarg;
			break;
		case 't':
			if (num_parse(optarg, 1, 3600, &cap) != NULL)
				usage();
			break;
		default:
			usage();
		}
	}
	argc -= optind;
	argv += optind;
	if (argc > 1 || (pass && dump) || (rfile && (argc || pass || dump ||
	    quiet)) || (join && (pass || dump || quiet)))
		usage();
	signal(SIGALRM, on_alarm);
	alarm((unsigned)cap);
	signal(SIGPIPE, SIG_IGN);

	memset(&s, 0, sizeof(s));
	memset(&inv, 0, sizeof(inv));
	buf_init(&s.json, INV_MAX);
	buf_init(&s.from, MIME_FIELD_MAX);
	if (rfile) {
		read_json(rfile, &s);
	} else {
		if (argc == 1) {
			name = argv[0];
			if ((fd = open(name, O_RDONLY | O_CLOEXEC)) < 0)
				err(EXIT_FAIL, "%s", name);
		}
		copying = pass;
		if (scan_mail(fd, name, pass, &s) < 0)
			status = EXIT_FAIL;
		copying = 0;
		if (alarmed) {
			/* -p: the copy is whole, the looking was cut */
			warnx("took too long; the mail was copied, not read");
			fail_with(&status, EXIT_FAIL);
			goto done;
		}
	}

	/* exactly one invitation part, whole and well placed */
	if (s.nomem) {	/* says nothing of the mail: a failure */
		if (s.count)
			warnx("%s: out of memory", name);
		fail_with(&status, EXIT_FAIL);
		goto done;
	}
	if (s.count == 0) {
		fail_with(&status, EXIT_NONE);
		goto done;
	}
	if (s.count > 1) {
		warnx("%s: %d invitation parts: none is taken", name, s.count);
		fail_with(&status, EXIT_NONE);
		goto done;
	}
	if (s.flags != 0 || s.json.err) {
		warnx("%s: the invitation part is malformed%s", name,
		    s.json.err ? " (too large)" :
		    s.flags & MIME_BAD_ENCODING ? " (bad encoding)" :
		    s.flags & MIME_UNCLOSED ? " (cut short)" : "");
		fail_with(&status, EXIT_NONE);
		goto done;
	}
	if (inv_parse(s.json.data ? s.json.data : "", s.json.len, &inv,
	    &why) < 0) {
		warnx("%s: not a valid invitation: %s", name, why);
		fail_with(&status, strcmp(why, "out of memory") == 0 ?
		    EXIT_FAIL : EXIT_NONE);
		goto done;
	}
	now = time(NULL);
	if (inv_expired(&inv, now)) {
		warnx("%s: the invitation from %s expired at %s", name,
		    inv.from, inv.expires_s);
		fail_with(&status, EXIT_EXPIRED);
		goto done;
	}
	if (dump) {
		/* the JSON as it came; on a terminal its unknown keys' raw
		 * C1 controls and bidi overrides made harmless too */
		struct buf safe;

		buf_init(&safe, 0);
		if (isatty(1) && term_safe(&safe, s.json.data, s.json.len) < 0)
			errx(EXIT_FAIL, "out of memory");
		if (afile_write_all(1, safe.len ? safe.data : s.json.data,
		    safe.len ? safe.len : s.json.len) < 0)
			err(EXIT_FAIL, "stdout");
		buf_free(&safe);
		goto done;
	}
	if (!rfile)
		from_check(&s, &inv);
	read_conf(path_dir(PATH_CONFIG, config, sizeof(config)) == 0 ?
	    config : NULL, &conf);
	if (store(&inv, &s.json, stored, sizeof(stored)) < 0) {
		fail_with(&status, EXIT_FAIL);
		goto done;
	}
	if (pass || quiet) {
		/* delivery: at most a fetch, when configured, for later */
		if (conf.on_delivery)
			renderer(&inv, &conf, 0, 1, prog, sizeof(prog));
	} else if ((rfile || viewer(stored, &offer) != 0) &&
	    (renderer(&inv, &conf, ask, 0, prog, sizeof(prog)) < 0 ||
	    render(prog, stored, now) < 0)) {
		const char *card = getenv("HAIL_CARD");

		if (card == NULL || *card == '\0')
			card = DATADIR "/card.jq";
		if (render(card, stored, now) < 0)
			status = EXIT_FAIL;
	}
	if (offer)
		offer_mailcap();
	if (join && status == 0) {
		/* the user's word: the session, through hail-join, with the
		 * id inv_parse checked (32 hex digits) */
		if (fflush(stdout) == EOF)
			err(EXIT_FAIL, "stdout");
		alarm(0);
		signal(SIGPIPE, SIG_DFL);
		if (!isatty(0) && isatty(1)) {
			/* the mail came down a pipe (a mail reader's): the
			 * chat reads the terminal */
			int tty = open("/dev/tty", O_RDWR | O_CLOEXEC);

			if (tty >= 0 && dup2(tty, 0) < 0)
				err(EXIT_FAIL, "/dev/tty");
			if (tty > 0)
				close(tty);
		}
		execlp("hail-join", "hail-join", inv.id, (char *)NULL);
		err(EXIT_FAIL, "hail-join");
	}
done:
	inv_free(&inv);
	buf_free(&s.json);
	buf_free(&s.from);
	return status;
}
