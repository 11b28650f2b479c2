/* mailcap: the viewer of a MIME type in the user's mailcap files
 * (RFC 1524).
 *
 * A mailcap file is the user's own configuration or the system's, so the
 * commands in it are shell commands, run with /bin/sh -c as RFC 1524 says.
 * Nothing else reaches that shell: of the % escapes only %s (a file the
 * caller names), %t (the type looked up) and %% (a '%') are expanded, the
 * first two as the shell's positional parameters "${1}" and "${2}", so no
 * file or type name is ever part of the command's text. An entry whose view
 * or test command holds any other % escape (%{name}, %n, %F, ...: those
 * stand for data from the mail) is passed over. */
#ifndef HAIL_MAILCAP_H
#define HAIL_MAILCAP_H

#include <stddef.h>

#define MAILCAP_ENTRY_MAX 4096	/* bytes of an entry, continuations joined */
#define MAILCAP_LINES_MAX 10000	/* lines read from one file */
#define MAILCAP_FILE_MAX (1024 * 1024)	/* bytes read from one file */
#define MAILCAP_FILES_MAX 16	/* files read from one search path */
#define MAILCAP_PATH_MAX 4096	/* bytes of a file name on the path */
#define MAILCAP_TYPE_MAX 127	/* bytes of a type */
#define MAILCAP_TESTS_MAX 8	/* test commands run by one mailcap_find */
#define MAILCAP_TEST_MS 3000	/* default time limit of a test command */
/* bytes of a command mailcap_command makes, NUL included: each %s or %t
 * (2 bytes) becomes at most 8, '"${1}"' */
#define MAILCAP_CMD_MAX (4 * MAILCAP_ENTRY_MAX + 1)

/* flags of an entry */
#define MAILCAP_COPIOUSOUTPUT 0x1	/* output to be paged, not a dialogue */
#define MAILCAP_NEEDSTERMINAL 0x2	/* must run on a terminal */

struct mailcap_entry {
	/* the type field in lower case: "text/plain", a wildcard for any
	 * subtype ("text" then "/" and "*"), or a bare "text" */
	char type[MAILCAP_TYPE_MAX + 1];
	/* the view command as written, backslashes and % escapes still in
	 * it (mailcap_command makes it a command); never empty */
	char view[MAILCAP_ENTRY_MAX + 1];
	/* the test= command as written; "" when there is none */
	char test[MAILCAP_ENTRY_MAX + 1];
	/* the nametemplate= field as written; "" when there is none */
	char nametemplate[MAILCAP_ENTRY_MAX + 1];
	int flags;	/* MAILCAP_COPIOUSOUTPUT, MAILCAP_NEEDSTERMINAL */
	/* where mailcap_find found it: the file and its first line there */
	char file[MAILCAP_PATH_MAX];
	long line;
};

/* a command of an entry, ready to run */
struct mailcap_cmd {
	char text[MAILCAP_CMD_MAX];	/* the command for sh -c */
	/* "/bin/sh", "-c", text, "sh", the file ("" for none), the type,
	 * NULL: pointers to text and to the caller's strings */
	char *argv[7];
	int names_file;		/* 1: it names the file (%s); 0: it reads the
				 * data on its standard input */
};

struct mailcap_query {
	const char *path;	/* the files to read, from mailcap_path */
	const char *type;	/* the type looked up, "type/subtype" */
	/* the file %s names in test commands; NULL: an entry whose test
	 * needs one is passed over */
	const char *file;
	int wild;		/* 1: wildcard entries and a bare "type"
				 * match too; 0: only the exact type */
	int test_ms;		/* the time limit of each test command; 0:
				 * MAILCAP_TEST_MS */
	/* NULL, or a function saying 1 for an entry not to use, asked
	 * before its test runs (mailcap_skip_prog is one) */
	int (*skip)(const struct mailcap_entry *e, const void *arg);
	const void *skip_arg;
};

/* mailcap_path: the search path into out (size n): mailcaps (the value of
 * $MAILCAPS) when it is neither NULL nor empty, else RFC 1524's
 * home "/.mailcap:/etc/mailcap:/usr/etc/mailcap:/usr/local/etc/mailcap",
 * leaving out the first when home is NULL, not absolute, or holds a ':'.
 * Returns 0, or -1 with errno ENAMETOOLONG. */
int mailcap_path(const char *mailcaps, const char *home, char *out,
    size_t n);
/* mailcap_path_env: mailcap_path of $MAILCAPS and $HOME; the one function
 * here that reads the environment. */
int mailcap_path_env(char *out, size_t n);

/* mailcap_parse: one entry, text[0..n) with its continuation lines joined
 * (each backslash-newline taken out) and no newline, into *e (file and
 * line untouched). Fields are split at each ';' that no backslash quotes,
 * and trimmed of blanks; the first is the type, the second the view
 * command, then flags (copiousoutput, needsterminal; others ignored) and
 * name=value fields (test, nametemplate; others ignored), names in any
 * case. Returns 0 for an entry, 1 for a blank or comment ('#') line, -1
 * with errno EINVAL for a malformed one (a type that is not a MIME type,
 * no or an empty view command, two test fields, a NUL byte, more than
 * MAILCAP_ENTRY_MAX bytes). */
int mailcap_parse(const char *text, size_t n, struct mailcap_entry *e);
/* mailcap_match: 1 if e is an entry for type (compared without regard to
 * ASCII case), counting a wildcard for its main type and a bare main type
 * when wild is 1; else 0. */
int mailcap_match(const struct mailcap_entry *e, const char *type,
    int wild);
/* mailcap_command: makes in *c the command of raw, a view or test field as
 * mailcap_parse keeps it: a backslash quotes the character after it; %s
 * becomes "${1}" and %t "${2}", with the quotes the shell needs where they
 * stand (inside '...' the quotes close and reopen around it); %% is a
 * '%'. c->argv then runs it with file ("" when NULL) and type as $1 and
 * $2; both must outlive c. Returns 0, or -1 with errno EINVAL for another
 * % escape, a lone '\' at the end, or %s or %t where the shell's own
 * quoting leaves no place for it (after a backslash, or quotes nested
 * deeper than this parser follows). */
int mailcap_command(const char *raw, const char *type, const char *file,
    struct mailcap_cmd *c);
/* mailcap_find: the first entry for q->type along q->path (files that
 * cannot be opened, or are not regular files, are passed over) that is
 * well formed, has no % escape but %s, %t and %%, is not one q->skip says
 * to skip, and whose test command, if it has one, exits 0 within
 * q->test_ms (run by /bin/sh with our environment, standard input from
 * /dev/null, its output thrown away). Within one call at most
 * MAILCAP_TESTS_MAX test commands run; entries past that whose test would
 * have to run are passed over. Returns 1 with the entry in *e, 0 if there
 * is none (*e is then undefined), or -1 with errno EINVAL when q->type is
 * not "type/subtype". */
int mailcap_find(const struct mailcap_query *q, struct mailcap_entry *e);
/* mailcap_skip_prog: 1 if e's view command runs the program prog (a
 * const char *): its first plain word, after any "exec" and VAR=value
 * words, is prog or ends in "/" prog. As q->skip it keeps a program from
 * finding its own mailcap entry. */
int mailcap_skip_prog(const struct mailcap_entry *e, const void *prog);

#endif
