/* transcript: unit tests of the session transcript, its lines split,
 * written in batches and read back for the message numbers
 * (lib/transcript.h). */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "../../lib/rfc3339.h"
#include "../../lib/transcript.h"
#include "unit.h"

#define T0	1795597212	/* 2026-11-25T09:00:12Z */
#define MSG1	"{\"type\":\"msg\",\"seq\":1," \
	"\"time\":\"2026-11-25T09:00:12Z\",\"text\":\"one\"}"

static char path[] = "/tmp/hail-transcript-XXXXXX";

/* parse_ok: 1 if tr_parse takes s and finds t, dir and json */
static int
parse_ok(const char *s, long long t, char dir, const char *json)
{
	struct tr_line l;

	memset(&l, 0, sizeof(l));
	return tr_parse(s, strlen(s), &l) == 0 && (long long)l.time == t &&
	    l.dir == dir && l.len == strlen(json) &&
	    memcmp(l.json, json, l.len) == 0 && l.json == s + TR_HEAD;
}

/* parse_bad: 1 if tr_parse refuses s */
static int
parse_bad(const char *s)
{
	struct tr_line l;

	return tr_parse(s, strlen(s), &l) == -1;
}

static void
test_parse(void)
{
	CHECK("tr_parse: a message sent",
	    parse_ok("2026-11-25T09:00:12Z > " MSG1, T0, '>', MSG1));
	CHECK("tr_parse: a line received",
	    parse_ok("2026-11-25T09:00:12Z < {\"type\":\"bye\"}", T0, '<',
	    "{\"type\":\"bye\"}"));
	CHECK("tr_parse: an event",
	    parse_ok("2026-11-25T09:00:12Z ! {}", T0, '!', "{}"));
	CHECK("tr_parse: the JSON is not read (any text after the head)",
	    parse_ok("2026-11-25T09:00:12Z ! x", T0, '!', "x"));
	CHECK("tr_parse: no JSON is refused",
	    parse_bad("2026-11-25T09:00:12Z > "));
	CHECK("tr_parse: no direction is refused",
	    parse_bad("2026-11-25T09:00:12Z {}"));
	CHECK("tr_parse: an unknown direction is refused",
	    parse_bad("2026-11-25T09:00:12Z ? {}"));
	CHECK("tr_parse: a tab for a space is refused",
	    parse_bad("2026-11-25T09:00:12Z\t> {}"));
	CHECK("tr_parse: a bad time is refused",
	    parse_bad("2026-13-25T09:00:12Z > {}"));
	CHECK("tr_parse: a short time is refused",
	    parse_bad("2026-11-25T09:00Z > {\"type\":\"bye\"}"));
	CHECK("tr_parse: an empty line is refused", parse_bad(""));
	CHECK("tr_parse: a NUL for the direction is refused",
	    tr_parse("2026-11-25T09:00:12Z \0 {}", 25,
	    &(struct tr_line){ 0 }) == -1);
}

/* file_is: 1 if the file at path holds exactly want */
static int
file_is(const char *want)
{
	char got[4096];
	size_t n;
	FILE *f;

	if ((f = fopen(path, "r")) == NULL)
		return 0;
	n = fread(got, 1, sizeof(got), f);
	fclose(f);
	return n == strlen(want) && memcmp(got, want, n) == 0;
}

/* put: the file at path holds s, and nothing else */
static int
put(const char *s)
{
	FILE *f;

	if ((f = fopen(path, "w")) == NULL)
		return -1;
	fputs(s, f);
	return fclose(f);
}

static void
test_write(void)
{
	struct transcript tr;
	const char *st;
	size_t n;

	tr_init(&tr);
	CHECK("tr_stamp: the RFC 3339 text of the time",
	    strcmp(tr_stamp(&tr, T0), "2026-11-25T09:00:12Z") == 0);
	st = tr_stamp(&tr, (time_t)253402300800LL);
	CHECK("tr_stamp: a time past year 9999 has a stand-in of its size",
	    sizeof(time_t) < 8 || strcmp(st, "0000-00-00T00:00:00Z") == 0);
	CHECK("tr_sync: with no file, the batch is dropped",
	    tr_add(&tr, T0, TR_SENT, "{}", 2) == 0 && tr_sync(&tr) == 0 &&
	    tr.batch.len == 0);
	CHECK("tr_open: a new file", tr_open(&tr, path) == 0);
	CHECK("tr_add: a line into the batch",
	    tr_add(&tr, T0, TR_SENT, MSG1, strlen(MSG1)) == 0);
	CHECK("tr_add: nothing written before tr_sync", file_is(""));
	CHECK("tr_event: an event",
	    tr_event(&tr, T0 + 1, "ended here", NULL) == 0);
	CHECK("tr_event: an event that names the peer",
	    tr_event(&tr, T0 + 2, "connected: \"x\"", "bob@example.net") == 0);
	n = tr.batch.len;
	CHECK("tr_event: text that is not UTF-8 is refused, nothing added",
	    tr_event(&tr, T0, "\377", NULL) == -1 && !tr.batch.err &&
	    tr.batch.len == n);
	CHECK("tr_sync: written", tr_sync(&tr) == 0);
	CHECK("tr_sync: the lines in the file, in the transcript's form",
	    file_is("2026-11-25T09:00:12Z > " MSG1 "\n"
	    "2026-11-25T09:00:13Z ! {\"type\":\"event\",\"what\":"
	    "\"ended here\"}\n"
	    "2026-11-25T09:00:14Z ! {\"type\":\"event\",\"what\":"
	    "\"connected: \\\"x\\\"\",\"peer\":\"bob@example.net\"}\n"));
	CHECK("tr_sync: the batch is empty after", tr.batch.len == 0);
	tr_free(&tr);
	tr_init(&tr);
	CHECK("tr_open: an existing file is appended to",
	    tr_open(&tr, path) == 0 &&
	    tr_add(&tr, T0, TR_RECEIVED, "{\"type\":\"bye\"}", 14) == 0 &&
	    tr_sync(&tr) == 0 &&
	    file_is("2026-11-25T09:00:12Z > " MSG1 "\n"
	    "2026-11-25T09:00:13Z ! {\"type\":\"event\",\"what\":"
	    "\"ended here\"}\n"
	    "2026-11-25T09:00:14Z ! {\"type\":\"event\",\"what\":"
	    "\"connected: \\\"x\\\"\",\"peer\":\"bob@example.net\"}\n"
	    "2026-11-25T09:00:12Z < {\"type\":\"bye\"}\n"));
	tr_free(&tr);
}

/* what each_msg found: the lines handed to collect, as "dir seq json" */
static char seen[4096];

static void
collect(void *arg, char dir, unsigned long long seq, const char *json,
    size_t n)
{
	size_t at = strlen(seen);

	(*(int *)arg)++;
	snprintf(seen + at, sizeof(seen) - at, "%c %llu %.*s", dir, seq,
	    (int)n, json);
}

/* each_is: 1 if tr_each_msg on a file holding text finds want */
static int
each_is(const char *text, const char *want)
{
	struct transcript tr;
	int calls = 0, r;

	seen[0] = '\0';
	tr_init(&tr);
	if (put(text) < 0 || tr_open(&tr, path) < 0)
		return 0;
	r = tr_each_msg(&tr, collect, &calls);
	tr_free(&tr);
	return r == 0 && strcmp(seen, want) == 0;
}

/* what collect_long was given */
static size_t long_len;
static unsigned long long long_seq;

static void
collect_long(void *arg, char dir, unsigned long long seq, const char *json,
    size_t n)
{
	(void)arg;
	(void)dir;
	long_seq = seq;
	long_len = json[n - 1] == '\n' ? n : 0;
}

/* long_msg: 1 if a long message line is read back whole */
static int
long_msg(void)
{
	static const char head[] = "2026-11-25T09:00:12Z > {\"type\":\"msg\","
	    "\"seq\":3,\"text\":\"";
	struct transcript tr;
	size_t n = 300000;
	FILE *f;
	int r;

	if ((f = fopen(path, "w")) == NULL)
		return 0;
	fputs(head, f);
	while (n-- > 0)
		putc('x', f);
	fputs("\"}\n", f);
	if (fclose(f) != 0)
		return 0;
	tr_init(&tr);
	if (tr_open(&tr, path) < 0)
		return 0;
	long_len = 0;
	r = tr_each_msg(&tr, collect_long, NULL);
	tr_free(&tr);
	return r == 0 && long_seq == 3 &&
	    long_len == strlen(head) - TR_HEAD + 300000 + 3;
}

/* opened_is: 1 if tr_open of a file holding text leaves it holding
 * want, and a line added after it starts a line */
static int
opened_is(const char *text, const char *want)
{
	struct transcript tr;
	char after[4096];
	int ok;

	tr_init(&tr);
	if (put(text) < 0 || tr_open(&tr, path) < 0)
		return 0;
	ok = file_is(want) && tr_add(&tr, T0, TR_EVENT, "{}", 2) == 0 &&
	    tr_sync(&tr) == 0;
	tr_free(&tr);
	snprintf(after, sizeof(after), "%s2026-11-25T09:00:12Z ! {}\n", want);
	return ok && file_is(after);
}

/* long_cut: 1 if tr_open cuts a partial line longer than its reads */
static int
long_cut(void)
{
	struct transcript tr;
	FILE *f;
	int i, ok;

	if ((f = fopen(path, "w")) == NULL)
		return 0;
	fputs("2026-11-25T09:00:12Z ! {}\n", f);
	for (i = 0; i < 10000; i++)
		putc('x', f);
	if (fclose(f) != 0)
		return 0;
	tr_init(&tr);
	ok = tr_open(&tr, path) == 0 && file_is("2026-11-25T09:00:12Z ! {}\n");
	tr_free(&tr);
	return ok;
}

static void
test_open_cut(void)
{
	CHECK("tr_open: whole lines are kept",
	    opened_is("2026-11-25T09:00:12Z > " MSG1 "\n",
	    "2026-11-25T09:00:12Z > " MSG1 "\n"));
	CHECK("tr_open: an empty file stays empty", opened_is("", ""));
	CHECK("tr_open: a last line cut short is cut off",
	    opened_is("2026-11-25T09:00:12Z > " MSG1 "\n"
	    "2026-11-25T09:00:13Z > {\"type\":\"msg\",\"se",
	    "2026-11-25T09:00:12Z > " MSG1 "\n"));
	CHECK("tr_open: a file of one line cut short is emptied",
	    opened_is("2026-11-25T09:00:13Z > {\"ty", ""));
	CHECK("tr_open: a line cut short, longer than a read, is cut off",
	    long_cut());
}

static void
test_each_msg(void)
{
	unsigned long long sent = 99, got = 99;
	struct transcript tr;
	struct buf out;

	CHECK("tr_each_msg: an empty file, no message", each_is("", ""));
	CHECK("tr_each_msg: messages both ways, with their numbers and "
	    "lines; the rest passed over",
	    each_is("2026-11-25T09:00:12Z ! {\"type\":\"event\"}\n"
	    "2026-11-25T09:00:12Z > " MSG1 "\n"
	    "2026-11-25T09:00:12Z > {\"type\":\"welcome\",\"seq\":7}\n"
	    "2026-11-25T09:00:12Z < {\"type\":\"msg\",\"seq\":12,\"text\":"
	    "\"x\"}\n"
	    "2026-11-25T09:00:12Z > {\"type\":\"msg\",\"seq\":2,\"text\":"
	    "\"y\"}\n",
	    "> 1 " MSG1 "\n"
	    "< 12 {\"type\":\"msg\",\"seq\":12,\"text\":\"x\"}\n"
	    "> 2 {\"type\":\"msg\",\"seq\":2,\"text\":\"y\"}\n"));
	CHECK("tr_each_msg: a line too short for the head is passed over",
	    each_is("2026-11-25T09:00:12Z\n\n> {\"type\":\"msg\","
	    "\"seq\":1}\n", ""));
	CHECK("tr_each_msg: a message of 300,000 bytes, whole", long_msg());
	CHECK("tr_each_msg: a last line cut short is passed over",
	    each_is("2026-11-25T09:00:12Z > " MSG1 "\n"
	    "2026-11-25T09:00:12Z > {\"type\":\"msg\",\"seq\":2,\"te",
	    "> 1 " MSG1 "\n"));
	CHECK("tr_each_msg: a last line with no newline is passed over",
	    each_is("2026-11-25T09:00:12Z < " MSG1 "\n"
	    "2026-11-25T09:00:12Z < " MSG1, "< 1 " MSG1 "\n"));
	tr_init(&tr);
	CHECK("tr_last_seq: the greatest numbers each way",
	    put("2026-11-25T09:00:12Z > {\"type\":\"msg\",\"seq\":3}\n"
	    "2026-11-25T09:00:12Z < {\"type\":\"msg\",\"seq\":5}\n"
	    "2026-11-25T09:00:12Z > {\"type\":\"msg\",\"seq\":2}\n"
	    "2026-11-25T09:00:12Z ! {\"type\":\"msg\",\"seq\":9}\n") == 0 &&
	    tr_open(&tr, path) == 0 &&
	    tr_last_seq(&tr, &sent, &got) == 0 && sent == 3 && got == 5);
	tr_free(&tr);
	tr_init(&tr);
	buf_init(&out, 0);
	CHECK("tr_unacked: the lines of the messages sent after the ack, "
	    "in order, each with its newline",
	    put("2026-11-25T09:00:12Z > {\"type\":\"msg\",\"seq\":1}\n"
	    "2026-11-25T09:00:12Z > {\"type\":\"msg\",\"seq\":2}\n"
	    "2026-11-25T09:00:12Z < {\"type\":\"msg\",\"seq\":3}\n"
	    "2026-11-25T09:00:12Z ! {\"type\":\"event\"}\n"
	    "2026-11-25T09:00:12Z > {\"type\":\"msg\",\"seq\":3}\n"
	    "2026-11-25T09:00:12Z > {\"type\":\"msg\",\"seq\":4,\"te") == 0 &&
	    tr_open(&tr, path) == 0 && tr_unacked(&tr, 1, &out) == 0 &&
	    out.len > 0 && strcmp(out.data, "{\"type\":\"msg\",\"seq\":2}\n"
	    "{\"type\":\"msg\",\"seq\":3}\n") == 0);
	buf_reset(&out);
	CHECK("tr_unacked: all acknowledged, nothing",
	    tr_unacked(&tr, 3, &out) == 0 && out.len == 0);
	buf_free(&out);
	tr_free(&tr);
	tr_init(&tr);
	CHECK("tr_last_seq: none is 0 each way",
	    put("") == 0 && tr_open(&tr, path) == 0 &&
	    tr_last_seq(&tr, &sent, &got) == 0 && sent == 0 && got == 0);
	tr_free(&tr);
}

int
main(void)
{
	int fd;

	if ((fd = mkstemp(path)) < 0) {
		CHECK("set up: mkstemp", 0);
		return unit_exit();
	}
	close(fd);
	unlink(path);
	test_parse();
	test_write();
	test_each_msg();
	test_open_cut();
	CHECK("clean up: the test file is removed", unlink(path) == 0);
	return unit_exit();
}
