/* mailcap: unit tests of the mailcap search path, entries, commands and
 * lookups (lib/mailcap.h), with mailcap files in a fresh directory under
 * /tmp that is removed at the end. */
#include <errno.h>
#include <fcntl.h>
#include <ftw.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "../../lib/buf.h"
#include "../../lib/mailcap.h"
#include "../../lib/run.h"
#include "unit.h"

#define TYPE "application/vnd.hail.invitation+json"
#define DEFAULT_TAIL "/etc/mailcap:/usr/etc/mailcap:/usr/local/etc/mailcap"

static char top[] = "/tmp/hail-mailcap-XXXXXX";

/* at: top "/" name, in one of a few static buffers so that a call can
 * take several */
static const char *
at(const char *name)
{
	static char b[8][512];
	static int next;
	char *p = b[next++ % 8];
	int n;

	n = snprintf(p, sizeof(b[0]), "%s/%s", top, name);
	if (n < 0 || (size_t)n >= sizeof(b[0]))
		abort();
	return p;
}

/* mkfile: writes text into top/name, replacing it; returns its path */
static const char *
mkfile(const char *name, const char *text)
{
	const char *path = at(name);
	FILE *f;

	if ((f = fopen(path, "w")) == NULL)
		abort();
	fputs(text, f);
	if (fclose(f) != 0)
		abort();
	return path;
}

/* mklines: writes top/name: n lines of filler, then last; returns its
 * path */
static const char *
mklines(const char *name, const char *filler, long n, const char *last)
{
	const char *path = at(name);
	FILE *f;
	long i;

	if ((f = fopen(path, "w")) == NULL)
		abort();
	for (i = 0; i < n; i++)
		fputs(filler, f);
	fputs(last, f);
	if (fclose(f) != 0)
		abort();
	return path;
}

static int
exists(const char *path)
{
	struct stat st;

	return lstat(path, &st) == 0;
}

static long long
mono_ms(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (long long)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

static struct mailcap_entry found;	/* the last lookup's entry */

/* lookup: mailcap_find of TYPE along path, with file for %s in tests and
 * wildcards as wild; the view command found, "" for none, or "error" */
static const char *
lookup_skip(const char *path, const char *file, int wild,
    int (*skip)(const struct mailcap_entry *, const void *),
    const void *arg)
{
	struct mailcap_query q;
	int r;

	memset(&q, 0, sizeof(q));
	q.path = path;
	q.type = TYPE;
	q.file = file;
	q.wild = wild;
	q.test_ms = 300;
	q.skip = skip;
	q.skip_arg = arg;
	r = mailcap_find(&q, &found);
	return r == 1 ? found.view : r == 0 ? "" : "error";
}

static const char *
lookup(const char *path)
{
	return lookup_skip(path, NULL, 1, NULL, NULL);
}

static void
test_path(void)
{
	char out[512], tiny[8];

	CHECK("path: $MAILCAPS wins",
	    mailcap_path("/a/mc:/b/mc", "/home/u", out, sizeof(out)) == 0 &&
	    strcmp(out, "/a/mc:/b/mc") == 0);
	CHECK("path: RFC 1524's default, after $HOME",
	    mailcap_path(NULL, "/home/u", out, sizeof(out)) == 0 &&
	    strcmp(out, "/home/u/.mailcap:" DEFAULT_TAIL) == 0);
	CHECK("path: an empty $MAILCAPS counts as none",
	    mailcap_path("", "/home/u", out, sizeof(out)) == 0 &&
	    strcmp(out, "/home/u/.mailcap:" DEFAULT_TAIL) == 0);
	CHECK("path: no $HOME, no ~/.mailcap",
	    mailcap_path(NULL, NULL, out, sizeof(out)) == 0 &&
	    strcmp(out, DEFAULT_TAIL) == 0);
	CHECK("path: a relative $HOME is not used",
	    mailcap_path(NULL, "home", out, sizeof(out)) == 0 &&
	    strcmp(out, DEFAULT_TAIL) == 0);
	CHECK("path: a $HOME with a ':' is not used",
	    mailcap_path(NULL, "/x:/etc", out, sizeof(out)) == 0 &&
	    strcmp(out, DEFAULT_TAIL) == 0);
	errno = 0;
	CHECK("path: too long for the buffer",
	    mailcap_path(NULL, "/home/u", tiny, sizeof(tiny)) == -1 &&
	    errno == ENAMETOOLONG);
	setenv("MAILCAPS", "/x/mc", 1);
	CHECK("path: mailcap_path_env reads $MAILCAPS",
	    mailcap_path_env(out, sizeof(out)) == 0 &&
	    strcmp(out, "/x/mc") == 0);
	unsetenv("MAILCAPS");
	setenv("HOME", "/home/env", 1);
	CHECK("path: mailcap_path_env reads $HOME",
	    mailcap_path_env(out, sizeof(out)) == 0 &&
	    strcmp(out, "/home/env/.mailcap:" DEFAULT_TAIL) == 0);
}

/* parses: mailcap_parse of s gives want (0, 1 or -1) */
static int
parses(const char *s, int want, struct mailcap_entry *e)
{
	return mailcap_parse(s, strlen(s), e) == want;
}

static void
test_parse(void)
{
	static struct mailcap_entry e;
	static char big[MAILCAP_ENTRY_MAX + 64];

	CHECK("parse: a blank line", parses(" \t", 1, &e));
	CHECK("parse: a comment", parses("  # text/plain; less", 1, &e));
	CHECK("parse: every field",
	    parses("Text/Plain ; less -R %s ;copiousoutput; NeedsTerminal;"
	    " test = test -n \"$DISPLAY\" ; nametemplate=%s.txt; x-foo=bar;"
	    " description=\"a text\"; print=lpr %s", 0, &e) &&
	    strcmp(e.type, "text/plain") == 0 &&
	    strcmp(e.view, "less -R %s") == 0 &&
	    strcmp(e.test, "test -n \"$DISPLAY\"") == 0 &&
	    strcmp(e.nametemplate, "%s.txt") == 0 &&
	    e.flags == (MAILCAP_COPIOUSOUTPUT | MAILCAP_NEEDSTERMINAL));
	CHECK("parse: only a type and a view command",
	    parses("text/*; less", 0, &e) && strcmp(e.type, "text/*") == 0 &&
	    strcmp(e.view, "less") == 0 && e.test[0] == '\0' &&
	    e.nametemplate[0] == '\0' && e.flags == 0);
	CHECK("parse: a bare main type", parses("TEXT; less", 0, &e) &&
	    strcmp(e.type, "text") == 0);
	CHECK("parse: an escaped ';' stays in its field, as written",
	    parses("a/b; echo a\\;b %s ; test=x\\;y;copiousoutput", 0, &e) &&
	    strcmp(e.view, "echo a\\;b %s") == 0 &&
	    strcmp(e.test, "x\\;y") == 0 &&
	    e.flags == MAILCAP_COPIOUSOUTPUT);
	CHECK("parse: an escaped blank at a field's end is kept",
	    parses("a/b; echo a\\ ; copiousoutput", 0, &e) &&
	    strcmp(e.view, "echo a\\ ") == 0);
	CHECK("parse: unknown flags and a bare test are ignored",
	    parses("a/b; v; x-whatever; test; copiousoutputs", 0, &e) &&
	    e.test[0] == '\0' && e.flags == 0);
	CHECK("parse: no view command", parses("text/plain", -1, &e));
	CHECK("parse: an empty view command", parses("text/plain; ; x", -1,
	    &e));
	CHECK("parse: an empty type", parses("; less %s", -1, &e));
	CHECK("parse: a type with a blank", parses("text plain; x", -1, &e));
	CHECK("parse: a type with a quote", parses("te\"xt/plain; x", -1, &e));
	CHECK("parse: an empty subtype", parses("text/; x", -1, &e));
	CHECK("parse: an empty main type", parses("/plain; x", -1, &e));
	CHECK("parse: two slashes", parses("a/b/c; x", -1, &e));
	errno = 0;
	CHECK("parse: two tests (EINVAL)",
	    parses("a/b; v; test=true; test=false", -1, &e) &&
	    errno == EINVAL);
	CHECK("parse: a NUL byte", mailcap_parse("a/b; v\0x", 8, &e) == -1);
	memset(big, 'x', sizeof(big));
	memcpy(big, "a/b; ", 5);
	CHECK("parse: longer than MAILCAP_ENTRY_MAX",
	    mailcap_parse(big, MAILCAP_ENTRY_MAX + 1, &e) == -1 &&
	    mailcap_parse(big, MAILCAP_ENTRY_MAX, &e) == 0);
}

/* matches: an entry of type pat matches type (with wildcards as wild) */
static int
matches(const char *pat, const char *type, int wild)
{
	static struct mailcap_entry e;
	char line[256];

	snprintf(line, sizeof(line), "%s; v", pat);
	return mailcap_parse(line, strlen(line), &e) == 0 &&
	    mailcap_match(&e, type, wild);
}

static void
test_match(void)
{
	CHECK("match: the exact type", matches(TYPE, TYPE, 0));
	CHECK("match: in any case",
	    matches("Application/VND.hail.Invitation+JSON", TYPE, 0) &&
	    matches(TYPE, "APPLICATION/vnd.HAIL.invitation+json", 0));
	CHECK("match: main/* with wildcards", matches("application/*", TYPE,
	    1));
	CHECK("match: main/* not without", !matches("application/*", TYPE,
	    0));
	CHECK("match: a bare main type with wildcards",
	    matches("Application", TYPE, 1));
	CHECK("match: a bare main type not without",
	    !matches("application", TYPE, 0));
	CHECK("match: */* is no wildcard", !matches("*/*", TYPE, 1));
	CHECK("match: another main type", !matches("text/*", TYPE, 1) &&
	    !matches("app/*", TYPE, 1) && !matches("applications", TYPE, 1));
	CHECK("match: a prefix of the subtype",
	    !matches("application/vnd.hail", TYPE, 1) &&
	    !matches("application/vnd.hail.invitation+json2", TYPE, 1));
}

/* command: the text mailcap_command makes of raw, or "EINVAL" */
static const char *
command(const char *raw, int *names_file)
{
	static struct mailcap_cmd c;

	if (mailcap_command(raw, TYPE, "f", &c) < 0)
		return errno == EINVAL ? "EINVAL" : "error";
	if (names_file)
		*names_file = c.names_file;
	return c.text;
}

/* runs: the output of raw run by c.argv with file, or "failed" */
static const char *
runs(const char *raw, const char *file)
{
	static struct mailcap_cmd c;
	static struct buf out;
	int status;

	buf_free(&out);
	buf_init(&out, 4096);
	if (mailcap_command(raw, TYPE, file, &c) < 0 ||
	    run_capture(c.argv, NULL, 5000, &out, &status) != RUN_OK ||
	    status != 0 || out.err)
		return "failed";
	return out.len ? out.data : "";
}

static void
test_command(void)
{
	static const char *hostile[] = {
		"plain", "a b", "'", "\"", "\\", "*", "-n",
		"'; touch PWNED; '", "\"; touch PWNED; \"", "$(touch PWNED)",
		"`touch PWNED`", "${1}", "x\ny",
	};
	static const char *views[] = {
		"printf '%%s|' %s",
		"printf '%%s|' '%s'",
		"printf '%%s|' \"%s\"",
		"printf '%%s|' \"$(printf '%%s.' %s)\"",
		"printf '%%s|' \"`printf '%%s.' '%s'`\"",
		"printf \"%%s|\" \"x'%s'x\"",
	};
	char pwned[512], want[512], what[256];
	const char *name;
	size_t i, j;
	int names_file = -1, ok;

	CHECK("command: %s unquoted",
	    strcmp(command("less %s", &names_file), "less \"${1}\"") == 0 &&
	    names_file == 1);
	CHECK("command: %s in single quotes",
	    strcmp(command("less '%s'", NULL), "less ''\"${1}\"''") == 0);
	CHECK("command: %s in double quotes",
	    strcmp(command("less \"x%s\"", NULL), "less \"x${1}\"") == 0);
	CHECK("command: no %s, the data on stdin",
	    strcmp(command("cat", &names_file), "cat") == 0 &&
	    names_file == 0);
	CHECK("command: %t", strcmp(command("echo %t", NULL),
	    "echo \"${2}\"") == 0);
	CHECK("command: %% and \\%",
	    strcmp(command("printf 100%% \\%s", &names_file),
	    "printf 100% %s") == 0 && names_file == 0);
	CHECK("command: \\; and \\\\",
	    strcmp(command("echo a\\;b \\\\", NULL), "echo a;b \\") == 0);
	CHECK("command: %{charset} refused",
	    strcmp(command("iconv -f %{charset} %s", NULL), "EINVAL") == 0);
	CHECK("command: %n and %F refused",
	    strcmp(command("x %n", NULL), "EINVAL") == 0 &&
	    strcmp(command("x %F", NULL), "EINVAL") == 0);
	CHECK("command: a '%' at the end refused",
	    strcmp(command("x %", NULL), "EINVAL") == 0);
	CHECK("command: a '\\' at the end refused",
	    strcmp(command("x \\", NULL), "EINVAL") == 0);
	CHECK("command: %s after the shell's backslash refused",
	    strcmp(command("x \\\\%s", NULL), "EINVAL") == 0);

	/* each name, through each quoting, reaches the program whole */
	snprintf(pwned, sizeof(pwned), "%s/PWNED", top);
	if (chdir(top) < 0)
		abort();
	for (j = 0; j < sizeof(views) / sizeof(views[0]); j++) {
		ok = 1;
		for (i = 0; i < sizeof(hostile) / sizeof(hostile[0]); i++) {
			/* $( ) drops trailing newlines; a name with one is
			 * not looked at there */
			if (strchr(hostile[i], '\n') && strchr(views[j], '('))
				continue;
			name = hostile[i];
			if (strstr(views[j], "'x"))
				snprintf(want, sizeof(want), "x'%s'x|", name);
			else if (strstr(views[j], "%%s.'"))
				snprintf(want, sizeof(want), "%s.|", name);
			else
				snprintf(want, sizeof(want), "%s|", name);
			if (strcmp(runs(views[j], name), want) != 0) {
				printf("# %s with %s: %s\n", views[j], name,
				    runs(views[j], name));
				ok = 0;
			}
		}
		snprintf(what, sizeof(what), "command: hostile file names "
		    "reach %s whole", views[j]);
		CHECK(what, ok);
	}
	CHECK("command: %t reaches the program whole",
	    strcmp(runs("printf '%%s' %t", "f"), TYPE) == 0);
	CHECK("command: no name made the shell run anything",
	    !exists(pwned) && !exists("PWNED"));
}

static void
test_find(void)
{
	static char big[MAILCAP_ENTRY_MAX + 200];
	char path[2048], ran[512], text[1024], b[512];
	const char *a;
	long long t;

	a = mkfile("a", TYPE "; first %s\n");
	/* (kept: at's buffers are reused) */
	snprintf(b, sizeof(b), "%s", mkfile("b", TYPE "; second %s\n"));
	snprintf(path, sizeof(path), "%s:%s", a, b);
	CHECK("find: the first file on the path wins",
	    strcmp(lookup(path), "first %s") == 0 &&
	    strcmp(found.file, a) == 0 && found.line == 1);
	snprintf(path, sizeof(path), "%s:%s", b, a);
	CHECK("find: in the path's order",
	    strcmp(lookup(path), "second %s") == 0 &&
	    strcmp(found.file, b) == 0);
	snprintf(path, sizeof(path), "%s::%s:%s", at("missing"), at("nodir/x"),
	    b);
	CHECK("find: missing files and empty elements are passed over",
	    strcmp(lookup(path), "second %s") == 0);
	CHECK("find: nothing on an empty path", strcmp(lookup(""), "") == 0);
	CHECK("find: no entry for the type",
	    strcmp(lookup(mkfile("other", "text/plain; less %s\n")),
	    "") == 0);

	a = mkfile("wild", "application/*; wild %s\n"
	    "application; bare %s\n" TYPE "; exact %s\n");
	CHECK("find: a wildcard first, with wildcards",
	    strcmp(lookup(a), "wild %s") == 0);
	CHECK("find: only the exact type without",
	    strcmp(lookup_skip(a, NULL, 0, NULL, NULL), "exact %s") == 0 &&
	    found.line == 3);
	a = mkfile("bare", "Application; bare %s\n" TYPE "; exact %s\n");
	CHECK("find: a bare main type, with wildcards",
	    strcmp(lookup(a), "bare %s") == 0);
	a = mkfile("case", "text/plain; no\n"
	    "APPLICATION/VND.Hail.Invitation+JSON; upper %s\n");
	CHECK("find: the type in any case",
	    strcmp(lookup(a), "upper %s") == 0 && found.line == 2);

	a = mkfile("cont", "text/plain; \\\n  less\n"
	    TYPE "; \\\n  cont %s; \\\ncopiousoutput; \\\n needsterminal\n"
	    TYPE "; next\n");
	CHECK("find: continuation lines joined",
	    strcmp(lookup(a), "cont %s") == 0 && found.line == 3 &&
	    found.flags == (MAILCAP_COPIOUSOUTPUT | MAILCAP_NEEDSTERMINAL));
	a = mkfile("crlf", "# a comment\r\n" TYPE "; \\\r\n crlf %s\r\n");
	CHECK("find: CRLF lines", strcmp(lookup(a), "crlf %s") == 0 &&
	    found.line == 2);
	a = mkfile("evenbs", TYPE "; v \\\\\n" TYPE "; w\n");
	CHECK("find: an escaped backslash at a line's end continues nothing",
	    strcmp(lookup(a), "v \\\\") == 0);
	a = mkfile("semi", TYPE "; echo a\\;b %s; copiousoutput\n");
	CHECK("find: an escaped ';' in the view command",
	    strcmp(lookup(a), "echo a\\;b %s") == 0 &&
	    found.flags == MAILCAP_COPIOUSOUTPUT &&
	    strcmp(command(found.view, NULL), "echo a;b \"${1}\"") == 0);
	a = mkfile("noeol", "# no newline at the end\n" TYPE "; last %s");
	CHECK("find: the last entry without a newline",
	    strcmp(lookup(a), "last %s") == 0);

	a = mkfile("comment", "# " TYPE "; commented %s\n"
	    "   # " TYPE "; indented %s\n"
	    "# a comment continued \\\n" TYPE "; eaten %s\n"
	    "\n" TYPE "; real %s\n");
	CHECK("find: comments, also a continued one",
	    strcmp(lookup(a), "real %s") == 0 && found.line == 6);

	memset(big, 'x', sizeof(big) - 1);
	memcpy(big, TYPE "; ", strlen(TYPE "; "));
	big[sizeof(big) - 1] = '\0';
	a = mkfile("bad", TYPE "\n" TYPE ";\n; x\n"
	    "application/vnd.hail.invitation+json extra; x\n"
	    TYPE "; v; test=true; test=true\n"
	    TYPE "; ok %s\n");
	CHECK("find: malformed lines passed over",
	    strcmp(lookup(a), "ok %s") == 0 && found.line == 6);
	{
		FILE *f = fopen(at("long"), "w");

		if (f == NULL)
			abort();
		/* one line too long, then one made too long by its
		 * continuation */
		fprintf(f, "%s\n" TYPE "; cut \\\n%s\n" TYPE "; after %%s\n",
		    big, big + strlen(TYPE "; "));
		fclose(f);
	}
	CHECK("find: entries past MAILCAP_ENTRY_MAX passed over",
	    strcmp(lookup(at("long")), "after %s") == 0 &&
	    found.line == 4);

	a = mkfile("esc", TYPE "; v %{charset} %s\n"
	    TYPE "; t %s; test=test %{charset} = utf-8\n"
	    TYPE "; n %n\n" TYPE "; F %F\n" TYPE "; pct %\n"
	    TYPE "; ok %s; test=test %t = " TYPE "\n");
	CHECK("find: entries with %{...}, %n, %F or a lone % passed over",
	    strcmp(lookup(a), "ok %s") == 0 && found.line == 6);

	a = mkfile("test", TYPE "; no %s; test=false\n"
	    TYPE "; exit3 %s; test=exit 3\n"
	    TYPE "; stdin %s; test=! read -r x\n");
	CHECK("find: test= false passed over; stdin is /dev/null",
	    strcmp(lookup(a), "stdin %s") == 0 && found.line == 3);
	/* (hanging in the shell itself: run_capture kills the shell, not
	 * what it started, which would outlive the test) */
	if (mkfifo(at("fifo"), 0600) < 0)
		abort();
	snprintf(text, sizeof(text),
	    TYPE "; hang %%s; test=read -r x < %s\n"
	    TYPE "; loop %%s; test=while :\\; do :\\; done\n"
	    TYPE "; after %%s; test=true\n", at("fifo"));
	a = mkfile("hang", text);
	t = mono_ms();
	CHECK("find: hanging tests stopped at the time limit",
	    strcmp(lookup(a), "after %s") == 0);
	t = mono_ms() - t;
	CHECK("find: ... within about twice 300 ms", t >= 600 && t < 3000);
	a = mkfile("needsfile", TYPE "; needs %s; test=test -f %s\n"
	    TYPE "; fallback %s\n");
	CHECK("find: a test needing %s, with no file: passed over",
	    strcmp(lookup(a), "fallback %s") == 0);
	CHECK("find: a test needing %s, with a file that is there",
	    strcmp(lookup_skip(a, a, 1, NULL, NULL), "needs %s") == 0);
	CHECK("find: a test needing %s, with a file that is not",
	    strcmp(lookup_skip(a, at("nothere"), 1, NULL, NULL),
	    "fallback %s") == 0);
	a = mklines("tests", TYPE "; v; test=false\n", MAILCAP_TESTS_MAX + 1,
	    TYPE "; late; test=true\n" TYPE "; untested\n");
	CHECK("find: no more than MAILCAP_TESTS_MAX tests run",
	    strcmp(lookup(a), "untested") == 0);

	snprintf(ran, sizeof(ran), "%s/RAN", top);
	snprintf(text, sizeof(text),
	    TYPE "; invopen -r %%s; copiousoutput; test=touch %s\n"
	    TYPE "; /usr/local/bin/invopen -r %%s\n"
	    TYPE "; exec invopen %%s\n"
	    TYPE "; HAIL=1 invopen %%s\n"
	    TYPE "; invopenx %%s\n", ran);
	a = mkfile("own", text);
	CHECK("find: without skip, invopen's own entry",
	    strcmp(lookup(a), "invopen -r %s") == 0);
	unlink(ran);
	CHECK("find: with mailcap_skip_prog, not invopen in any form",
	    strcmp(lookup_skip(a, NULL, 1, mailcap_skip_prog, "invopen"),
	    "invopenx %s") == 0);
	CHECK("find: the test of a skipped entry does not run",
	    !exists(ran));

	if (mkdir(at("dir"), 0700) < 0)
		abort();
	snprintf(path, sizeof(path), "%s:%s:%s", at("dir"), at("fifo"), b);
	t = mono_ms();
	CHECK("find: a directory and a FIFO on the path passed over",
	    strcmp(lookup(path), "second %s") == 0 &&
	    mono_ms() - t < 2000);

	a = mklines("limit", "#\n", MAILCAP_LINES_MAX - 1,
	    TYPE "; at the limit\n");
	CHECK("find: an entry on the last line read",
	    strcmp(lookup(a), "at the limit") == 0 &&
	    found.line == MAILCAP_LINES_MAX);
	a = mklines("limit", "#\n", MAILCAP_LINES_MAX, TYPE "; past\n");
	CHECK("find: none past MAILCAP_LINES_MAX lines",
	    strcmp(lookup(a), "") == 0);

	{
		struct mailcap_query q;

		memset(&q, 0, sizeof(q));
		q.path = a;
		q.type = "application";
		errno = 0;
		CHECK("find: a query type without a subtype (EINVAL)",
		    mailcap_find(&q, &found) == -1 && errno == EINVAL);
		q.type = "application/*x y";
		CHECK("find: a query type with a blank (EINVAL)",
		    mailcap_find(&q, &found) == -1);
	}
}

static int
rm1(const char *path, const struct stat *st, int flag, struct FTW *ftw)
{
	(void)st;
	(void)flag;
	(void)ftw;
	return remove(path);
}

int
main(void)
{
	char cwd[4096];

	if (mkdtemp(top) == NULL || getcwd(cwd, sizeof(cwd)) == NULL) {
		CHECK("set up: mkdtemp", 0);
		return unit_exit();
	}
	test_path();
	test_parse();
	test_match();
	test_command();
	test_find();
	if (chdir(cwd) < 0)
		abort();
	CHECK("clean up: the test directory is removed",
	    nftw(top, rm1, 16, FTW_DEPTH | FTW_PHYS) == 0);
	return unit_exit();
}
