/* presence: unit tests of the presence line, made and read, and read
 * from a file (lib/presence.h). */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "../../lib/buf.h"
#include "../../lib/presence.h"
#include "../../lib/rfc3339.h"
#include "unit.h"

#define FULL_LINE "{\"v\":1,\"user\":\"alice@example.org\"," \
	"\"status\":\"away\",\"last_input\":\"2026-11-25T09:00:00Z\"," \
	"\"since\":\"2026-11-25T09:05:00Z\",\"time\":\"2026-11-25T09:05:12Z\"," \
	"\"expires\":\"2026-11-25T09:10:12Z\",\"note\":\"in a meeting\"}\n"
#define BARE_LINE "{\"v\":1,\"user\":\"alice@example.org\"," \
	"\"status\":\"away\",\"last_input\":null," \
	"\"since\":\"2026-11-25T09:05:00Z\",\"time\":\"2026-11-25T09:05:12Z\"," \
	"\"expires\":\"2026-11-25T09:10:12Z\"}\n"

/* tm: the time of an RFC 3339 string, or (time_t)-1 if it is bad. */
static time_t
tm(const char *s)
{
	time_t t;

	return rfc3339_parse(s, strlen(s), &t) == 0 ? t : (time_t)-1;
}

/* full: the presence of FULL_LINE. */
static void
full(struct presence *p)
{
	memset(p, 0, sizeof(*p));
	strcpy(p->user, "alice@example.org");
	p->status = PRES_AWAY;
	p->has_last_input = 1;
	p->last_input = tm("2026-11-25T09:00:00Z");
	p->since = tm("2026-11-25T09:05:00Z");
	p->time = tm("2026-11-25T09:05:12Z");
	p->expires = tm("2026-11-25T09:10:12Z");
	strcpy(p->note, "in a meeting");
}

static int
same(const struct presence *a, const struct presence *b)
{
	return strcmp(a->user, b->user) == 0 && a->status == b->status &&
	    a->has_last_input == b->has_last_input &&
	    (!a->has_last_input || a->last_input == b->last_input) &&
	    a->since == b->since && a->time == b->time &&
	    a->expires == b->expires && strcmp(a->note, b->note) == 0;
}

/* format_is: 1 if pres_format of p into an empty buffer gives want. */
static int
format_is(const struct presence *p, const char *want)
{
	struct buf b;
	int ok;

	buf_init(&b, 0);
	ok = pres_format(p, &b) == 0 && b.len == strlen(want) &&
	    memcmp(b.data, want, b.len) == 0;
	buf_free(&b);
	return ok;
}

/* refused_unchanged: 1 if pres_format of p fails and leaves a buffer that
 * held "prefix" exactly as it was. */
static int
refused_unchanged(const struct presence *p)
{
	struct buf b;
	int ok;

	buf_init(&b, 0);
	buf_adds(&b, "prefix");
	ok = pres_format(p, &b) == -1 && b.len == 6 &&
	    strcmp(b.data, "prefix") == 0;
	buf_free(&b);
	return ok;
}

/* parse_ok: 1 if pres_parse accepts all of s; the result goes to *p. */
static int
parse_ok(const char *s, struct presence *p)
{
	const char *why = "unset";

	return pres_parse(s, strlen(s), p, &why) == 0;
}

/* parse_bad: 1 if pres_parse refuses all of s and gives a reason. */
static int
parse_bad(const char *s)
{
	struct presence p;
	const char *why = NULL;

	return pres_parse(s, strlen(s), &p, &why) == -1 && why != NULL &&
	    why[0] != '\0';
}

static void
test_format(void)
{
	struct presence p;
	struct buf b;
	char user[PRES_USER_MAX + 1];
	int ok;

	full(&p);
	CHECK("pres_format: test times parse",
	    p.last_input == 1795597200 && p.since == 1795597500 &&
	    p.time == 1795597512 && p.expires == 1795597812);
	CHECK("pres_format: full presence gives the exact line",
	    format_is(&p, FULL_LINE));

	p.note[0] = '\0';
	p.has_last_input = 0;
	p.last_input = 12345;
	CHECK("pres_format: no note and no last input give null and no note",
	    format_is(&p, BARE_LINE));

	full(&p);
	p.note[0] = '\0';
	ok = 0;
	buf_init(&b, 0);
	if (pres_format(&p, &b) == 0 && b.data &&
	    strstr(b.data, "\"note\"") == NULL &&
	    strstr(b.data, "\"last_input\":\"2026-11-25T09:00:00Z\""))
		ok = 1;
	buf_free(&b);
	CHECK("pres_format: empty note leaves out the note key", ok);

	full(&p);
	buf_init(&b, 0);
	buf_adds(&b, "abc");
	ok = pres_format(&p, &b) == 0 && b.len == 3 + strlen(FULL_LINE) &&
	    memcmp(b.data, "abc", 3) == 0 &&
	    strcmp(b.data + 3, FULL_LINE) == 0;
	buf_free(&b);
	CHECK("pres_format: appends after existing content", ok);

	full(&p);
	p.status = PRES_DND;
	strcpy(p.note, "say \"hi\" \\ \xc3\xa9");
	ok = 0;
	buf_init(&b, 0);
	if (pres_format(&p, &b) == 0 && b.data &&
	    strstr(b.data, "\"status\":\"dnd\"") &&
	    strstr(b.data, ",\"note\":\"say \\\"hi\\\" \\\\ \xc3\xa9"
	    "\"}\n"))
		ok = 1;
	buf_free(&b);
	CHECK("pres_format: escapes the note as JSON", ok);
	strcpy(p.note, "a\xe2\x80\xa8" "b");
	buf_init(&b, 0);
	CHECK("pres_format: refuses a line separator (U+2028) in the note",
	    pres_format(&p, &b) < 0 && b.len == 0);
	buf_free(&b);

	full(&p);
	strcpy(p.user, "ali\nce@example.org");
	CHECK("pres_format: refuses a user with a newline, buffer unchanged",
	    refused_unchanged(&p));
	full(&p);
	strcpy(p.user, "ali\xffze@example.org");
	CHECK("pres_format: refuses a user with invalid UTF-8, "
	    "buffer unchanged", refused_unchanged(&p));
	full(&p);
	strcpy(p.user, "alice\xc2\x85@example.org");
	CHECK("pres_format: refuses a user with a C1 control, "
	    "buffer unchanged", refused_unchanged(&p));
	full(&p);
	p.user[0] = '\0';
	CHECK("pres_format: refuses an empty user, buffer unchanged",
	    refused_unchanged(&p));
	full(&p);
	strcpy(p.note, "in a \x1b[1mmeeting");
	CHECK("pres_format: refuses a note with ESC, buffer unchanged",
	    refused_unchanged(&p));
	full(&p);
	strcpy(p.note, "tab\there");
	CHECK("pres_format: refuses a note with a tab, buffer unchanged",
	    refused_unchanged(&p));
	full(&p);
	strcpy(p.note, "bad \xed\xa0\x80");
	CHECK("pres_format: refuses a note with invalid UTF-8, "
	    "buffer unchanged", refused_unchanged(&p));
	if (sizeof(time_t) >= 8) {
		full(&p);
		p.expires = (time_t)253402300800LL;
		CHECK("pres_format: refuses expires after year 9999, "
		    "buffer unchanged", refused_unchanged(&p));
		full(&p);
		p.last_input = (time_t)-62167219201LL;
		CHECK("pres_format: refuses last_input before year 0000, "
		    "buffer unchanged", refused_unchanged(&p));
	}
	full(&p);
	p.has_last_input = 0;
	p.last_input = (time_t)-62167219201LL;
	CHECK("pres_format: ignores last_input when has_last_input is 0",
	    format_is(&p, "{\"v\":1,\"user\":\"alice@example.org\","
	    "\"status\":\"away\",\"last_input\":null,"
	    "\"since\":\"2026-11-25T09:05:00Z\","
	    "\"time\":\"2026-11-25T09:05:12Z\","
	    "\"expires\":\"2026-11-25T09:10:12Z\","
	    "\"note\":\"in a meeting\"}\n"));

	/* presence.h: "-1 if ... the append failed; nothing is appended
	 * then". A 40-byte buffer fails partway through the line. */
	full(&p);
	buf_init(&b, 40);
	buf_adds(&b, "prefix");
	ok = pres_format(&p, &b) == -1;
	CHECK("pres_format: returns -1 when the append fails", ok);
	CHECK("pres_format: failed append leaves nothing appended",
	    b.len == 6 && b.data && strcmp(b.data, "prefix") == 0);
	buf_free(&b);

	full(&p);
	memset(user, 'u', PRES_USER_MAX);
	user[PRES_USER_MAX - 12] = '@';
	user[PRES_USER_MAX] = '\0';
	memcpy(p.user, user, sizeof(user));
	ok = 0;
	buf_init(&b, 0);
	if (pres_format(&p, &b) == 0) {
		struct presence q;
		const char *why;

		ok = pres_parse(b.data, b.len, &q, &why) == 0 && same(&p, &q);
	}
	buf_free(&b);
	CHECK("pres: user of exactly PRES_USER_MAX bytes round trips", ok);
}

static void
test_parse(void)
{
	struct presence p, q;
	struct buf b;
	const char *why = NULL;
	int i, ok;

	full(&p);
	memset(&q, 0x55, sizeof(q));
	CHECK("pres_parse: reads the full line",
	    pres_parse(FULL_LINE, strlen(FULL_LINE), &q, &why) == 0);
	CHECK("pres_parse: full line gives every field", same(&p, &q));
	CHECK("pres_parse: full line has last_input",
	    q.has_last_input == 1 && q.last_input == 1795597200);
	CHECK("pres_parse: full line status is away", q.status == PRES_AWAY);
	CHECK("pres_parse: full line note",
	    strcmp(q.note, "in a meeting") == 0);
	CHECK("pres_parse: accepts the line without its newline",
	    pres_parse(FULL_LINE, strlen(FULL_LINE) - 1, &q, &why) == 0 &&
	    same(&p, &q));

	p.note[0] = '\0';
	p.has_last_input = 0;
	memset(&q, 0x55, sizeof(q));
	CHECK("pres_parse: reads last_input null and no note",
	    parse_ok(BARE_LINE, &q) && same(&p, &q) &&
	    q.has_last_input == 0 && q.note[0] == '\0');

	/* round trip through pres_format for every status */
	ok = 1;
	for (i = 0; i <= (int)PRES_OFFLINE; i++) {
		full(&q);
		q.status = (enum pres_status)i;
		buf_init(&b, 0);
		if (pres_format(&q, &b) != 0 ||
		    pres_parse(b.data, b.len, &p, &why) != 0 || !same(&p, &q))
			ok = 0;
		buf_free(&b);
	}
	CHECK("pres_parse: round trips pres_format for every status", ok);

	full(&q);
	strcpy(q.user, "j\xc3\xbcrgen@example.org");
	strcpy(q.note, "\"quoted\" \\ \xe6\x97\xa5\xe6\x9c\xac \xf0\x9f\x98\x80"
	    " \xd7\xa9/\xe2\x80\x8f");
	q.has_last_input = 0;
	q.since = 0;
	q.time = -1;
	ok = 0;
	buf_init(&b, 0);
	if (pres_format(&q, &b) == 0 &&
	    pres_parse(b.data, b.len, &p, &why) == 0 && same(&p, &q))
		ok = 1;
	buf_free(&b);
	CHECK("pres_parse: round trips UTF-8 and escaped text", ok);

	CHECK("pres_parse: ignores unknown keys",
	    parse_ok("{\"v\":1,\"user\":\"a@b\",\"status\":\"xa\","
	    "\"zz\":[1,2,3],\"last_input\":null,\"extra\":{\"k\":true},"
	    "\"since\":\"2026-11-25T09:05:00Z\",\"other\":null,"
	    "\"time\":\"2026-11-25T09:05:12Z\","
	    "\"expires\":\"2026-11-25T09:10:12Z\",\"later\":\"x\"}\n", &q) &&
	    q.status == PRES_XA && strcmp(q.user, "a@b") == 0);
	full(&p);
	CHECK("pres_parse: accepts keys in another order",
	    parse_ok("{\"note\":\"in a meeting\","
	    "\"expires\":\"2026-11-25T09:10:12Z\","
	    "\"time\":\"2026-11-25T09:05:12Z\","
	    "\"since\":\"2026-11-25T09:05:00Z\","
	    "\"last_input\":\"2026-11-25T09:00:00Z\",\"status\":\"away\","
	    "\"user\":\"alice@example.org\",\"v\":1}", &q) && same(&p, &q));
	CHECK("pres_parse: accepts white space in the line",
	    parse_ok(" { \"v\" : 1 , \"user\" : \"alice@example.org\" ,"
	    " \"status\" : \"away\" , \"last_input\" : "
	    "\"2026-11-25T09:00:00Z\" , \"since\" : \"2026-11-25T09:05:00Z\" ,"
	    " \"time\" : \"2026-11-25T09:05:12Z\" , \"expires\" : "
	    "\"2026-11-25T09:10:12Z\" , \"note\" : \"in a meeting\" } \n",
	    &q) && same(&p, &q));
	CHECK("pres_parse: accepts times with offsets and fractions",
	    parse_ok("{\"v\":1,\"user\":\"alice@example.org\","
	    "\"status\":\"away\",\"last_input\":\"2026-11-25T10:00:00+01:00\","
	    "\"since\":\"2026-11-25T09:05:00.5Z\","
	    "\"time\":\"2026-11-25t09:05:12z\","
	    "\"expires\":\"2026-11-25T03:40:12-05:30\","
	    "\"note\":\"in a meeting\"}", &q) && same(&p, &q));
}

static void
test_parse_bad(void)
{
#define HEAD "{\"v\":1,\"user\":\"alice@example.org\",\"status\":\"away\","
#define TIMES "\"since\":\"2026-11-25T09:05:00Z\"," \
	"\"time\":\"2026-11-25T09:05:12Z\",\"expires\":\"2026-11-25T09:10:12Z\""
#define LI "\"last_input\":null,"
	static const char *const why_set = "placeholder";
	struct presence p;
	const char *why = why_set;
	char longuser[600], longnote[600];
	size_t n;

	CHECK("pres_parse: the base line for bad-input checks is good",
	    parse_ok(HEAD LI TIMES "}", &p));

	CHECK("pres_parse: rejects v 2",
	    parse_bad("{\"v\":2,\"user\":\"a@b\",\"status\":\"away\"," LI TIMES
	    "}"));
	CHECK("pres_parse: rejects v 0",
	    parse_bad("{\"v\":0,\"user\":\"a@b\",\"status\":\"away\"," LI TIMES
	    "}"));
	CHECK("pres_parse: rejects v \"1\" (a string)",
	    parse_bad("{\"v\":\"1\",\"user\":\"a@b\",\"status\":\"away\"," LI
	    TIMES "}"));
	CHECK("pres_parse: rejects v 1.0",
	    parse_bad("{\"v\":1.0,\"user\":\"a@b\",\"status\":\"away\"," LI
	    TIMES "}"));
	CHECK("pres_parse: rejects v 1e0",
	    parse_bad("{\"v\":1e0,\"user\":\"a@b\",\"status\":\"away\"," LI
	    TIMES "}"));
	CHECK("pres_parse: rejects v true",
	    parse_bad("{\"v\":true,\"user\":\"a@b\",\"status\":\"away\"," LI
	    TIMES "}"));
	CHECK("pres_parse: rejects missing v",
	    parse_bad("{\"user\":\"a@b\",\"status\":\"away\"," LI TIMES "}"));
	CHECK("pres_parse: rejects missing user",
	    parse_bad("{\"v\":1,\"status\":\"away\"," LI TIMES "}"));
	CHECK("pres_parse: rejects missing status",
	    parse_bad("{\"v\":1,\"user\":\"a@b\"," LI TIMES "}"));
	CHECK("pres_parse: rejects missing last_input",
	    parse_bad(HEAD TIMES "}"));
	CHECK("pres_parse: rejects missing since",
	    parse_bad(HEAD LI "\"time\":\"2026-11-25T09:05:12Z\","
	    "\"expires\":\"2026-11-25T09:10:12Z\"}"));
	CHECK("pres_parse: rejects missing time",
	    parse_bad(HEAD LI "\"since\":\"2026-11-25T09:05:00Z\","
	    "\"expires\":\"2026-11-25T09:10:12Z\"}"));
	CHECK("pres_parse: rejects missing expires",
	    parse_bad(HEAD LI "\"since\":\"2026-11-25T09:05:00Z\","
	    "\"time\":\"2026-11-25T09:05:12Z\"}"));
	CHECK("pres_parse: rejects unknown status busy",
	    parse_bad("{\"v\":1,\"user\":\"a@b\",\"status\":\"busy\"," LI TIMES
	    "}"));
	CHECK("pres_parse: rejects status Away (case matters)",
	    parse_bad("{\"v\":1,\"user\":\"a@b\",\"status\":\"Away\"," LI TIMES
	    "}"));
	CHECK("pres_parse: rejects status as a number",
	    parse_bad("{\"v\":1,\"user\":\"a@b\",\"status\":1," LI TIMES "}"));
	CHECK("pres_parse: rejects status null",
	    parse_bad("{\"v\":1,\"user\":\"a@b\",\"status\":null," LI TIMES
	    "}"));
	CHECK("pres_parse: rejects bad last_input time",
	    parse_bad(HEAD "\"last_input\":\"2026-11-25 09:00:00Z\"," TIMES
	    "}"));
	CHECK("pres_parse: rejects last_input as a number",
	    parse_bad(HEAD "\"last_input\":1795597200," TIMES "}"));
	CHECK("pres_parse: rejects last_input false",
	    parse_bad(HEAD "\"last_input\":false," TIMES "}"));
	CHECK("pres_parse: rejects bad since (month 13)",
	    parse_bad(HEAD LI "\"since\":\"2026-13-25T09:05:00Z\","
	    "\"time\":\"2026-11-25T09:05:12Z\","
	    "\"expires\":\"2026-11-25T09:10:12Z\"}"));
	CHECK("pres_parse: rejects bad time (no Z)",
	    parse_bad(HEAD LI "\"since\":\"2026-11-25T09:05:00Z\","
	    "\"time\":\"2026-11-25T09:05:12\","
	    "\"expires\":\"2026-11-25T09:10:12Z\"}"));
	CHECK("pres_parse: rejects bad expires (empty string)",
	    parse_bad(HEAD LI "\"since\":\"2026-11-25T09:05:00Z\","
	    "\"time\":\"2026-11-25T09:05:12Z\",\"expires\":\"\"}"));
	CHECK("pres_parse: rejects expires as a number",
	    parse_bad(HEAD LI "\"since\":\"2026-11-25T09:05:00Z\","
	    "\"time\":\"2026-11-25T09:05:12Z\",\"expires\":1795597812}"));
	CHECK("pres_parse: rejects time null",
	    parse_bad(HEAD LI "\"since\":\"2026-11-25T09:05:00Z\","
	    "\"time\":null,\"expires\":\"2026-11-25T09:10:12Z\"}"));
	CHECK("pres_parse: rejects note with an ESC control (\\u001b)",
	    parse_bad(HEAD LI TIMES ",\"note\":\"in a \\u001b[1mmeeting\"}"));
	CHECK("pres_parse: rejects note with a newline (\\n)",
	    parse_bad(HEAD LI TIMES ",\"note\":\"two\\nlines\"}"));
	CHECK("pres_parse: rejects note with a C1 control (\\u0085)",
	    parse_bad(HEAD LI TIMES ",\"note\":\"a\\u0085b\"}"));
	CHECK("pres_parse: rejects note as a number",
	    parse_bad(HEAD LI TIMES ",\"note\":5}"));
	CHECK("pres_parse: rejects user empty",
	    parse_bad("{\"v\":1,\"user\":\"\",\"status\":\"away\"," LI TIMES
	    "}"));
	CHECK("pres_parse: rejects user with a newline (\\n)",
	    parse_bad("{\"v\":1,\"user\":\"a\\n@b\",\"status\":\"away\"," LI
	    TIMES "}"));
	CHECK("pres_parse: rejects user with DEL (\\u007f)",
	    parse_bad("{\"v\":1,\"user\":\"a\\u007f@b\",\"status\":\"away\","
	    LI TIMES "}"));
	CHECK("pres_parse: rejects user null",
	    parse_bad("{\"v\":1,\"user\":null,\"status\":\"away\"," LI TIMES
	    "}"));

	n = (size_t)snprintf(longuser, sizeof(longuser),
	    "{\"v\":1,\"user\":\"%0*d@b\",\"status\":\"away\"," LI TIMES "}",
	    PRES_USER_MAX - 2, 0);
	CHECK("pres_parse: accepts user of PRES_USER_MAX bytes",
	    n < sizeof(longuser) && parse_ok(longuser, &p) &&
	    strlen(p.user) == PRES_USER_MAX);
	n = (size_t)snprintf(longuser, sizeof(longuser),
	    "{\"v\":1,\"user\":\"%0*d@b\",\"status\":\"away\"," LI TIMES "}",
	    PRES_USER_MAX - 1, 0);
	CHECK("pres_parse: rejects user longer than PRES_USER_MAX",
	    n < sizeof(longuser) && parse_bad(longuser));
	n = (size_t)snprintf(longnote, sizeof(longnote),
	    HEAD LI TIMES ",\"note\":\"%0*d\"}", PRES_NOTE_MAX, 0);
	CHECK("pres_parse: accepts note of PRES_NOTE_MAX bytes",
	    n < sizeof(longnote) && parse_ok(longnote, &p) &&
	    strlen(p.note) == PRES_NOTE_MAX);
	n = (size_t)snprintf(longnote, sizeof(longnote),
	    HEAD LI TIMES ",\"note\":\"%0*d\"}", PRES_NOTE_MAX + 1, 0);
	CHECK("pres_parse: rejects note longer than PRES_NOTE_MAX",
	    n < sizeof(longnote) && parse_bad(longnote));

	CHECK("pres_parse: rejects duplicate keys",
	    parse_bad(HEAD LI TIMES ",\"status\":\"xa\"}"));
	CHECK("pres_parse: rejects duplicate unknown keys",
	    parse_bad(HEAD LI TIMES ",\"x\":1,\"x\":2}"));
	CHECK("pres_parse: rejects trailing garbage",
	    parse_bad(HEAD LI TIMES "}x\n"));
	CHECK("pres_parse: rejects a second object on the line",
	    parse_bad(HEAD LI TIMES "}{}\n"));
	CHECK("pres_parse: rejects not an object (array)",
	    parse_bad("[1,2]\n"));
	CHECK("pres_parse: rejects not an object (string)",
	    parse_bad("\"away\"\n"));
	CHECK("pres_parse: rejects not an object (number)", parse_bad("1\n"));
	CHECK("pres_parse: rejects an empty line", parse_bad("\n"));
	CHECK("pres_parse: rejects empty input", parse_bad(""));
	CHECK("pres_parse: rejects a truncated line",
	    parse_bad(HEAD LI "\"since\":\"2026-11-25T09:05:00Z\""));
	CHECK("pres_parse: rejects invalid UTF-8 in the line",
	    parse_bad(HEAD LI TIMES ",\"note\":\"\xff\"}"));

	why = why_set;
	(void)pres_parse("{}", 2, &p, &why);
	CHECK("pres_parse: sets a reason for an empty object",
	    why != NULL && why != why_set);
#undef HEAD
#undef TIMES
#undef LI
}

static void
test_status(void)
{
	static const struct {
		enum pres_status s;
		const char *name;
	} st[] = {
		{ PRES_AVAILABLE, "available" },
		{ PRES_AWAY, "away" },
		{ PRES_XA, "xa" },
		{ PRES_DND, "dnd" },
		{ PRES_OFFLINE, "offline" },
	};
	static const char *const what[] = {
		"pres_status: available round trips",
		"pres_status: away round trips",
		"pres_status: xa round trips",
		"pres_status: dnd round trips",
		"pres_status: offline round trips",
	};
	enum pres_status out;
	size_t i;
	const char *name;

	for (i = 0; i < sizeof(st) / sizeof(st[0]); i++) {
		name = pres_status_name(st[i].s);
		out = (enum pres_status)-1;
		CHECK(what[i], name != NULL && strcmp(name, st[i].name) == 0 &&
		    pres_status_parse(name, strlen(name), &out) == 0 &&
		    out == st[i].s);
	}
	CHECK("pres_status_parse: rejects Away",
	    pres_status_parse("Away", 4, &out) == -1);
	CHECK("pres_status_parse: rejects empty",
	    pres_status_parse("", 0, &out) == -1);
	CHECK("pres_status_parse: rejects a prefix (awa)",
	    pres_status_parse("awa", 3, &out) == -1);
	CHECK("pres_status_parse: rejects trailing space",
	    pres_status_parse("away ", 5, &out) == -1);
	CHECK("pres_status_parse: rejects busy",
	    pres_status_parse("busy", 4, &out) == -1);
	CHECK("pres_status_parse: uses only n bytes",
	    pres_status_parse("xanadu", 2, &out) == 0 && out == PRES_XA);
}

/* said: what pres_describe says of p at now, or "(failed)" */
static const char *
said(const struct presence *p, const char *now)
{
	static char text[512];
	struct buf b;

	buf_init(&b, 0);
	if (pres_describe(p, "alice", tm(now), &b) < 0 || b.len == 0 ||
	    b.len >= sizeof(text))
		snprintf(text, sizeof(text), "(failed)");
	else
		memcpy(text, b.data, b.len + 1);
	buf_free(&b);
	return text;
}

static void
test_describe(void)
{
	static const struct {
		time_t s;
		const char *text;
	} spans[] = {
		{ 60, "1 min" }, { 119, "1 min" }, { 3599, "59 min" },
		{ 3600, "1 h" }, { 7500, "2 h 5 min" }, { 86399, "23 h 59 min" },
		{ 86400, "1 day" }, { 2 * 86400 + 3600 + 59, "2 days 1 h" },
		{ 3 * 86400, "3 days" },
	};
	struct presence p, q;
	struct buf b;
	size_t i;

	/* local times of day: pinned to UTC here */
	setenv("TZ", "UTC", 1);
	tzset();
	for (i = 0; i < sizeof(spans) / sizeof(spans[0]); i++) {
		buf_init(&b, 0);
		CHECK(spans[i].text, pres_span(&b, spans[i].s) == 0 &&
		    strcmp(b.data, spans[i].text) == 0);
		buf_free(&b);
	}
	full(&p);
	p.note[0] = '\0';
	CHECK("pres_describe: away, idle 6 min",
	    strcmp(said(&p, "2026-11-25T09:06:59Z"),
	    "alice is away, idle 6 min") == 0);
	full(&q);
	CHECK("pres_describe: with its note",
	    strcmp(said(&q, "2026-11-25T09:06:00Z"),
	    "alice is away: \"in a meeting\", idle 6 min") == 0);
	p.status = PRES_AVAILABLE;
	p.last_input = tm("2026-11-25T09:05:30Z");
	CHECK("pres_describe: available, input under a minute ago",
	    strcmp(said(&p, "2026-11-25T09:06:29Z"),
	    "alice is available") == 0);
	p.has_last_input = 0;
	CHECK("pres_describe: no input seen yet",
	    strcmp(said(&p, "2026-11-25T09:06:29Z"),
	    "alice is available, no input seen yet") == 0);
	p.status = PRES_OFFLINE;
	CHECK("pres_describe: offline since, today",
	    strcmp(said(&p, "2026-11-25T09:06:29Z"),
	    "alice is offline since 09:05") == 0);
	CHECK("pres_describe: offline since, another day",
	    strcmp(said(&p, "2026-11-26T08:00:00Z"),
	    "alice was offline as of 2026-11-25 09:05") == 0);
	p.status = PRES_DND;
	CHECK("pres_describe: expired: as of its time",
	    strcmp(said(&p, "2026-11-25T09:10:13Z"),
	    "alice was busy (do not disturb) as of 09:05") == 0);
	CHECK("pres_describe: current up to its expiry",
	    strcmp(said(&p, "2026-11-25T09:10:12Z"),
	    "alice is busy (do not disturb), no input seen yet") == 0);
	p.status = PRES_XA;
	p.has_last_input = 1;
	p.last_input = tm("2026-11-25T06:00:00Z");
	CHECK("pres_describe: xa, idle for hours",
	    strcmp(said(&p, "2026-11-25T09:10:00Z"),
	    "alice has been away for a long time, idle 3 h 10 min") == 0);
}

/* load_file: pres_load of a file holding text with mode, or -2 if it
 * could not be made */
static ssize_t
load_file(const char *text, mode_t mode, struct presence *p,
    char line[PRES_LINE_MAX + 1])
{
	char path[] = "/tmp/hail-presence-XXXXXX";
	const char *why;
	ssize_t n, len = (ssize_t)strlen(text);
	int fd;

	if ((fd = mkstemp(path)) < 0)
		return -2;
	if (write(fd, text, (size_t)len) != len || fchmod(fd, mode) < 0) {
		close(fd);
		unlink(path);
		return -2;
	}
	close(fd);
	n = pres_load(path, 022, p, line, &why);
	unlink(path);
	return n;
}

static void
test_load(void)
{
	char line[PRES_LINE_MAX + 1];
	struct presence p, want;

	full(&want);
	CHECK("pres_load: a line and its newline: the line, without it",
	    load_file(FULL_LINE, 0644, &p, line) ==
	    (ssize_t)strlen(FULL_LINE) - 1 && same(&p, &want) &&
	    strlen(line) == strlen(FULL_LINE) - 1 &&
	    memcmp(line, FULL_LINE, strlen(line)) == 0);
	CHECK("pres_load: a file others may write is refused",
	    load_file(FULL_LINE, 0666, &p, line) == -1);
	CHECK("pres_load: an empty file is refused",
	    load_file("", 0600, &p, line) == -1);
	CHECK("pres_load: not a presence line is refused",
	    load_file("{\"v\":1}\n", 0600, &p, line) == -1);
}

int
main(void)
{
	test_describe();
	test_format();
	test_parse();
	test_parse_bad();
	test_status();
	test_load();
	return unit_exit();
}
