/* mailcap: the viewer of a MIME type in mailcap files; see mailcap.h. */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "buf.h"
#include "mailcap.h"
#include "run.h"

#define TEST_OUT_MAX 65536	/* bytes a test may print before it fails */
#define QUOTE_DEPTH 16		/* shell quotes and $( ) mailcap_command
				 * follows inside one another */

static int
lower(int c)
{
	return c >= 'A' && c <= 'Z' ? c - 'A' + 'a' : c;
}

static int
blank(int c)
{
	return c == ' ' || c == '\t';
}

/* token: a character of a MIME type or subtype (RFC 2045's token: no
 * space, control character or tspecial) */
static int
token(int c)
{
	return c > ' ' && c < 127 && strchr("()<>@,;:\\\"/[]?=", c) == NULL;
}

/* is_type: 1 if s is a MIME type, main "/" sub, both tokens; with bare
 * 1, a main type alone also is one */
static int
is_type(const char *s, int bare)
{
	const char *p = s;

	while (token(*p))
		p++;
	if (p == s)
		return 0;
	if (*p == '\0')
		return bare;
	if (*p++ != '/' || !token(*p))
		return 0;
	while (token(*p))
		p++;
	return *p == '\0';
}

static int
put(char *out, size_t n, size_t *len, const char *s)
{
	size_t k = strlen(s);

	if (k >= n - *len) {
		errno = ENAMETOOLONG;
		return -1;
	}
	memcpy(out + *len, s, k + 1);
	*len += k;
	return 0;
}

int
mailcap_path(const char *mailcaps, const char *home, char *out, size_t n)
{
	size_t len = 0;

	if (n == 0) {
		errno = ENAMETOOLONG;
		return -1;
	}
	out[0] = '\0';
	if (mailcaps != NULL && *mailcaps != '\0')
		return put(out, n, &len, mailcaps);
	/* a ':' in HOME would split its name in two on the path */
	if (home != NULL && home[0] == '/' && strchr(home, ':') == NULL &&
	    (put(out, n, &len, home) < 0 ||
	    put(out, n, &len, "/.mailcap:") < 0))
		return -1;
	return put(out, n, &len,
	    "/etc/mailcap:/usr/etc/mailcap:/usr/local/etc/mailcap");
}

int
mailcap_path_env(char *out, size_t n)
{
	return mailcap_path(getenv("MAILCAPS"), getenv("HOME"), out, n);
}

/* field: copies text[a..b) into out (size n: always enough, as the field
 * is part of an entry no longer than out) */
static void
field(char *out, const char *text, size_t a, size_t b)
{
	memcpy(out, text + a, b - a);
	out[b - a] = '\0';
}

/* named: 1 if the field f[0..n) is name (lower case), in any case, with
 * blanks after it; *eq is then where its value starts, or n for a flag */
static int
named(const char *f, size_t n, const char *name, size_t *eq)
{
	size_t k = strlen(name), i;

	if (n < k)
		return 0;
	for (i = 0; i < k; i++)
		if (lower((unsigned char)f[i]) != name[i])
			return 0;
	for (; i < n && blank(f[i]); i++)
		;
	if (i == n) {
		*eq = n;
		return 1;
	}
	if (f[i] != '=')
		return 0;
	for (i++; i < n && blank(f[i]); i++)
		;
	*eq = i;
	return 1;
}

/* option: the third or a later field, f[0..n), trimmed and non-empty */
static int
option(const char *f, size_t n, struct mailcap_entry *e)
{
	size_t v;

	if (named(f, n, "test", &v) && v < n) {
		/* two tests: which one the writer meant is a guess */
		if (e->test[0] != '\0')
			return -1;
		field(e->test, f, v, n);
	} else if (named(f, n, "nametemplate", &v) && v < n) {
		if (e->nametemplate[0] == '\0')
			field(e->nametemplate, f, v, n);
	} else if (named(f, n, "copiousoutput", &v) && v == n) {
		e->flags |= MAILCAP_COPIOUSOUTPUT;
	} else if (named(f, n, "needsterminal", &v) && v == n) {
		e->flags |= MAILCAP_NEEDSTERMINAL;
	}
	return 0;
}

int
mailcap_parse(const char *text, size_t n, struct mailcap_entry *e)
{
	size_t i = 0, start, end, k;
	int nfield = 0, quoted;

	if (n > MAILCAP_ENTRY_MAX || memchr(text, '\0', n) != NULL) {
		errno = EINVAL;
		return -1;
	}
	while (i < n && blank(text[i]))
		i++;
	if (i == n || text[i] == '#')
		return 1;
	e->type[0] = e->view[0] = e->test[0] = e->nametemplate[0] = '\0';
	e->flags = 0;
	while (i <= n) {
		/* one field: blanks before it skipped, blanks after it not
		 * counted unless a backslash quotes them */
		while (i < n && blank(text[i]))
			i++;
		start = end = i;
		while (i < n && text[i] != ';') {
			quoted = text[i] == '\\' && i + 1 < n;
			i += quoted ? 2 : 1;
			if (quoted || !blank(text[i - 1]))
				end = i;
		}
		if (nfield == 0) {
			if (end - start > MAILCAP_TYPE_MAX)
				goto bad;
			field(e->type, text, start, end);
			for (k = 0; e->type[k]; k++)
				e->type[k] = (char)lower(
				    (unsigned char)e->type[k]);
			/* (a wildcard is a type whose subtype is the
			 * token "*") */
			if (!is_type(e->type, 1))
				goto bad;
		} else if (nfield == 1) {
			if (end == start)
				goto bad;
			field(e->view, text, start, end);
		} else if (end > start &&
		    option(text + start, end - start, e) < 0) {
			goto bad;
		}
		nfield++;
		i++;	/* the ';', or past the end */
	}
	if (nfield < 2)
		goto bad;
	return 0;
bad:
	errno = EINVAL;
	return -1;
}

int
mailcap_match(const struct mailcap_entry *e, const char *type, int wild)
{
	size_t i, main;

	for (main = 0; type[main] && type[main] != '/'; main++)
		;
	for (i = 0; type[i] && e->type[i]; i++)
		if (lower((unsigned char)type[i]) != e->type[i])
			break;
	if (type[i] == '\0' && e->type[i] == '\0')
		return 1;
	if (!wild || i < main)
		return 0;
	/* the whole main type matched: a bare one, or its wildcard */
	return e->type[main] == '\0' || strcmp(e->type + main, "/*") == 0;
}

/* the shell's quoting, as far as mailcap_command follows it */
enum quote { Q_NONE, Q_SINGLE, Q_DOUBLE, Q_BACK, Q_PAREN };

struct lexer {
	enum quote stack[QUOTE_DEPTH];
	int paren[QUOTE_DEPTH];	/* open parentheses inside a $( ) */
	int depth;
	int escaped;		/* after a backslash that quotes */
	int dollar;		/* after a '$' that may open $( ) */
};

static int
push(struct lexer *l, enum quote q)
{
	if (l->depth + 1 >= QUOTE_DEPTH)
		return -1;
	l->stack[++l->depth] = q;
	l->paren[l->depth] = q == Q_PAREN;
	return 0;
}

/* feed: the next character of the command, as the shell would read it;
 * -1 when the quotes nest too deep to follow */
static int
feed(struct lexer *l, int c)
{
	enum quote q = l->stack[l->depth];
	int dollar = l->dollar;

	l->dollar = 0;
	if (l->escaped) {
		l->escaped = 0;
		return 0;
	}
	if (q == Q_SINGLE) {
		if (c == '\'')
			l->depth--;
		return 0;
	}
	if (c == '\\') {
		l->escaped = 1;
	} else if (c == '$') {
		l->dollar = 1;
	} else if (c == '(' && dollar) {
		return push(l, Q_PAREN);
	} else if (c == '`') {
		if (q == Q_BACK)
			l->depth--;
		else
			return push(l, Q_BACK);
	} else if (q == Q_DOUBLE) {
		if (c == '"')
			l->depth--;
	} else if (c == '\'') {
		return push(l, Q_SINGLE);
	} else if (c == '"') {
		return push(l, Q_DOUBLE);
	} else if (q == Q_PAREN && c == '(') {
		l->paren[l->depth]++;
	} else if (q == Q_PAREN && c == ')' && --l->paren[l->depth] == 0) {
		l->depth--;
	}
	return 0;
}

int
mailcap_command(const char *raw, const char *type, const char *file,
    struct mailcap_cmd *c)
{
	struct lexer l;
	const char *p, *param;
	char lit[2] = { 0, 0 };
	size_t len = 0;
	enum quote q;

	memset(&l, 0, sizeof(l));
	l.stack[0] = Q_NONE;
	c->names_file = 0;
	c->text[0] = '\0';
	for (p = raw; *p; p++) {
		param = NULL;
		if (*p == '\\') {
			if (*++p == '\0')
				goto bad;
			lit[0] = *p;
		} else if (*p == '%') {
			p++;
			if (*p == 's') {
				param = "${1}";
				c->names_file = 1;
			} else if (*p == 't') {
				param = "${2}";
			} else if (*p == '%') {
				lit[0] = '%';
			} else {
				goto bad;
			}
		} else {
			lit[0] = *p;
		}
		if (param == NULL) {
			if (feed(&l, (unsigned char)lit[0]) < 0)
				goto bad;
			if (put(c->text, sizeof(c->text), &len, lit) < 0)
				goto big;
			continue;
		}
		/* a parameter: quoted as the place it stands in needs, so
		 * that the shell takes it as one word and never reads it */
		if (l.escaped)
			goto bad;
		l.dollar = 0;
		q = l.stack[l.depth];
		if ((q == Q_SINGLE && put(c->text, sizeof(c->text), &len,
		    "'\"") < 0) ||
		    (q != Q_DOUBLE && q != Q_SINGLE &&
		    put(c->text, sizeof(c->text), &len, "\"") < 0) ||
		    put(c->text, sizeof(c->text), &len, param) < 0 ||
		    (q != Q_DOUBLE && put(c->text, sizeof(c->text), &len,
		    q == Q_SINGLE ? "\"'" : "\"") < 0))
			goto big;
	}
	c->argv[0] = "/bin/sh";
	c->argv[1] = "-c";
	c->argv[2] = c->text;
	c->argv[3] = "sh";
	/* (exec takes char *const argv[]; neither is written to) */
	c->argv[4] = (char *)(file != NULL ? file : "");
	c->argv[5] = (char *)type;
	c->argv[6] = NULL;
	return 0;
bad:
	errno = EINVAL;
	return -1;
big:
	errno = E2BIG;
	return -1;
}

/* passes: 1 if the test command of e exits 0 in time */
static int
passes(const struct mailcap_entry *e, const struct mailcap_query *q,
    struct mailcap_cmd *cmd)
{
	struct buf out;
	enum run_result r;
	int status = -1;

	if (mailcap_command(e->test, q->type, q->file, cmd) < 0)
		return 0;
	buf_init(&out, TEST_OUT_MAX);
	r = run_capture(cmd->argv, NULL,
	    q->test_ms > 0 ? q->test_ms : MAILCAP_TEST_MS, &out, &status);
	buf_free(&out);
	return r == RUN_OK && status == 0;
}

/* usable: 1 if the entry just read is the one to use */
static int
usable(struct mailcap_entry *e, const struct mailcap_query *q,
    int *tests, struct mailcap_cmd *cmd)
{
	if (!mailcap_match(e, q->type, q->wild))
		return 0;
	/* both commands checked before anything runs: a view command
	 * that would take data from the mail rules the entry out */
	if (mailcap_command(e->view, q->type, "", cmd) < 0)
		return 0;
	if (e->test[0] != '\0') {
		if (mailcap_command(e->test, q->type, "", cmd) < 0 ||
		    (cmd->names_file && q->file == NULL))
			return 0;
	}
	if (q->skip != NULL && q->skip(e, q->skip_arg))
		return 0;
	if (e->test[0] == '\0')
		return 1;
	if (*tests >= MAILCAP_TESTS_MAX)
		return 0;
	++*tests;
	return passes(e, q, cmd);
}

/* scan: reads the file e->file; 1 once an entry is the one to use */
static int
scan(struct mailcap_entry *e, const struct mailcap_query *q, int *tests)
{
	struct mailcap_cmd cmd;
	char text[MAILCAP_ENTRY_MAX + 1];
	struct stat st;
	size_t len = 0, bytes = 0;
	long lines = 0, first = 1;
	int fd, ch = 0, slashes = 0, cr = 0, toolong = 0, found = 0;
	FILE *f;

	/* O_NONBLOCK: a FIFO on the path must not hang the lookup */
	fd = open(e->file, O_RDONLY | O_NONBLOCK | O_NOCTTY | O_CLOEXEC);
	if (fd < 0)
		return 0;
	if (fstat(fd, &st) < 0 || !S_ISREG(st.st_mode) ||
	    (f = fdopen(fd, "r")) == NULL) {
		close(fd);
		return 0;
	}
	while (!found && (ch = getc(f)) != EOF) {
		/* the entry the limit cuts through is not used */
		if (++bytes > MAILCAP_FILE_MAX)
			break;
		if (ch != '\n') {
			if (ch == '\\')
				slashes++;
			else if (ch != '\r' || cr)
				slashes = 0;
			cr = ch == '\r';
			if (len < MAILCAP_ENTRY_MAX)
				text[len++] = (char)ch;
			else
				toolong = 1;
			continue;
		}
		lines++;
		if (cr && !toolong)
			len--;
		/* an odd number of backslashes: the last quotes the
		 * newline, which joins the next line to this one */
		if (slashes % 2 == 1) {
			if (lines >= MAILCAP_LINES_MAX)
				break;	/* cut by the limit: not used */
			if (!toolong)
				len--;
			slashes = cr = 0;
			continue;
		}
		e->line = first;
		if (!toolong && mailcap_parse(text, len, e) == 0)
			found = usable(e, q, tests, &cmd);
		len = 0;
		slashes = cr = toolong = 0;
		first = lines + 1;
		if (lines >= MAILCAP_LINES_MAX)
			break;
	}
	/* the last entry of a file that does not end in a newline */
	if (!found && ch == EOF && !ferror(f) && len > 0 && !toolong &&
	    bytes <= MAILCAP_FILE_MAX && lines < MAILCAP_LINES_MAX) {
		e->line = first;
		if (mailcap_parse(text, len, e) == 0)
			found = usable(e, q, tests, &cmd);
	}
	fclose(f);
	return found;
}

int
mailcap_find(const struct mailcap_query *q, struct mailcap_entry *e)
{
	const char *p, *colon;
	size_t k;
	int files = 0, tests = 0;

	if (strlen(q->type) > MAILCAP_TYPE_MAX || !is_type(q->type, 0)) {
		errno = EINVAL;
		return -1;
	}
	for (p = q->path; *p && files < MAILCAP_FILES_MAX; p = colon + 1) {
		if ((colon = strchr(p, ':')) == NULL)
			colon = p + strlen(p);
		k = (size_t)(colon - p);
		if (k > 0 && k < sizeof(e->file)) {
			files++;
			memcpy(e->file, p, k);
			e->file[k] = '\0';
			if (scan(e, q, &tests))
				return 1;
		}
		if (*colon == '\0')
			break;
	}
	return 0;
}

int
mailcap_skip_prog(const struct mailcap_entry *e, const void *prog)
{
	const char *p = e->view, *w, *base;
	size_t k;

	for (;;) {
		while (blank(*p))
			p++;
		w = p;
		while (*p && !blank(*p) && !strchr(";&|<>()'\"\\`$", *p))
			p++;
		k = (size_t)(p - w);
		if (k == 4 && strncmp(w, "exec", 4) == 0 && blank(*p))
			continue;
		if (k > 0 && memchr(w, '=', k) != NULL && blank(*p))
			continue;
		break;
	}
	if (k == 0 || (*p && !blank(*p)))
		return 0;
	for (base = w + k; base > w && base[-1] != '/'; base--)
		;
	k = (size_t)(w + k - base);
	return k == strlen(prog) && strncmp(base, prog, k) == 0;
}
