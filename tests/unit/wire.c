/* wire: unit tests of sessd's wire lines, made and read (lib/wire.h). */
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../../lib/buf.h"
#include "../../lib/json.h"
#include "../../lib/rfc3339.h"
#include "../../lib/wire.h"
#include "unit.h"

#define ID	"0123456789abcdef0123456789abcdef"
#define EXP	"2026-11-25T09:00:12Z"
#define TOK	"abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQ"
#define PRES	"{\"v\":1,\"user\":\"bob@example.net\"," \
	"\"status\":\"away\",\"last_input\":null," \
	"\"since\":\"2026-11-25T09:05:00Z\"," \
	"\"time\":\"2026-11-25T09:05:12Z\"," \
	"\"expires\":\"2026-11-25T09:10:12Z\"}"

/* made: the text of b, freed, or "(failed)" if the maker returned r < 0 */
static const char *
made(struct buf *b, int r)
{
	static char out[1024];

	snprintf(out, sizeof(out), "%s", r < 0 ? "(failed)" :
	    b->data ? b->data : "");
	buf_free(b);
	return out;
}

static void
test_make(void)
{
	struct invitation inv;
	struct buf b;
	int r;

	memset(&inv, 0, sizeof(inv));
	memcpy(inv.id, ID, sizeof(ID));
	memcpy(inv.to, "bob@example.net", 16);
	memcpy(inv.expires_s, EXP, sizeof(EXP));
	memcpy(inv.token, TOK, sizeof(TOK));
	buf_init(&b, 0);
	r = wire_hello(&b, &inv, 12, 0, NULL);
	CHECK("wire_hello: the hello, ack last",
	    strcmp(made(&b, r), "{\"type\":\"hello\",\"v\":1,\"id\":\"" ID
	    "\",\"user\":\"bob@example.net\",\"expires\":\"" EXP
	    "\",\"token\":\"" TOK "\",\"ack\":12}") == 0);
	r = wire_hello(&b, &inv, 0, 1, NULL);
	CHECK("wire_hello: a watch",
	    strcmp(made(&b, r), "{\"type\":\"hello\",\"v\":1,\"id\":\"" ID
	    "\",\"user\":\"bob@example.net\",\"expires\":\"" EXP
	    "\",\"token\":\"" TOK "\",\"ack\":0,\"watch\":true}") == 0);
	r = wire_hello(&b, &inv, 0, 0, "not now");
	CHECK("wire_hello: saying no",
	    strcmp(made(&b, r), "{\"type\":\"hello\",\"v\":1,\"id\":\"" ID
	    "\",\"user\":\"bob@example.net\",\"expires\":\"" EXP
	    "\",\"token\":\"" TOK "\",\"ack\":0,\"decline\":\"not now\"}") ==
	    0);
	r = wire_welcome(&b, 0, "alice@example.org", 1);
	CHECK("wire_welcome: to a watch",
	    strcmp(made(&b, r), "{\"type\":\"welcome\",\"v\":1,\"ack\":0,"
	    "\"user\":\"alice@example.org\",\"watch\":true}") == 0);
	r = wire_welcome(&b, 0, "alice@example.org", 0);
	CHECK("wire_welcome: the welcome",
	    strcmp(made(&b, r), "{\"type\":\"welcome\",\"v\":1,\"ack\":0,"
	    "\"user\":\"alice@example.org\"}") == 0);
	r = wire_welcome(&b, 18446744073709551615ULL, "", 0);
	CHECK("wire_welcome: the largest ack, no user",
	    strcmp(made(&b, r), "{\"type\":\"welcome\",\"v\":1,"
	    "\"ack\":18446744073709551615,\"user\":\"\"}") == 0);
	r = wire_msg(&b, 7, EXP, "a \"b\" \\ \t\x01\x7f \xe2\x80\xa8 \xc3\xa9",
	    18);
	CHECK("wire_msg: the message, its text escaped",
	    strcmp(made(&b, r), "{\"type\":\"msg\",\"seq\":7,\"time\":\"" EXP
	    "\",\"text\":\"a \\\"b\\\" \\\\ \\t\\u0001\\u007f \\u2028 "
	    "\xc3\xa9\"}") == 0);
	r = wire_msg(&b, 1, EXP, "", 0);
	CHECK("wire_msg: an empty text",
	    strcmp(made(&b, r), "{\"type\":\"msg\",\"seq\":1,\"time\":\"" EXP
	    "\",\"text\":\"\"}") == 0);
	buf_init(&b, 0);
	CHECK("wire_msg: text that is not UTF-8 is refused, err not set",
	    wire_msg(&b, 1, EXP, "\xff", 1) == -1 && !b.err);
	buf_free(&b);
	r = wire_ack(&b, 42);
	CHECK("wire_ack: the ack",
	    strcmp(made(&b, r), "{\"type\":\"ack\",\"seq\":42}") == 0);
	r = wire_presence(&b, PRES, strlen(PRES));
	CHECK("wire_presence: the presence line inside",
	    strcmp(made(&b, r), "{\"type\":\"presence\",\"presence\":" PRES
	    "}") == 0);
	r = wire_state(&b, "composing");
	CHECK("wire_state: the state",
	    strcmp(made(&b, r), "{\"type\":\"state\",\"state\":"
	    "\"composing\"}") == 0);
	r = wire_error(&b, "a \"message\" is missing");
	CHECK("wire_error: the reason escaped",
	    strcmp(made(&b, r), "{\"type\":\"error\",\"reason\":"
	    "\"a \\\"message\\\" is missing\"}") == 0);
	r = wire_simple(&b, "ping");
	CHECK("wire_simple: a ping",
	    strcmp(made(&b, r), "{\"type\":\"ping\"}") == 0);
	buf_init(&b, 8);
	CHECK("wire_ack: a failed append is -1, err set",
	    wire_ack(&b, 1) == -1 && b.err);
	buf_free(&b);
}

static void
test_state_name(void)
{
	static const char *const ok[] = { "active", "composing", "paused",
	    "inactive", "gone" };
	size_t i;
	int all = 1;

	for (i = 0; i < sizeof(ok) / sizeof(ok[0]); i++)
		all &= wire_state_name(ok[i], strlen(ok[i])) != NULL &&
		    strcmp(wire_state_name(ok[i], strlen(ok[i])), ok[i]) == 0;
	CHECK("wire_state_name: the five states of XEP-0085", all);
	CHECK("wire_state_name: another case is not one",
	    wire_state_name("Active", 6) == NULL);
	CHECK("wire_state_name: a prefix is not one",
	    wire_state_name("activ", 5) == NULL);
	CHECK("wire_state_name: a longer word is not one",
	    wire_state_name("actives", 7) == NULL);
	CHECK("wire_state_name: nothing is not one",
	    wire_state_name("", 0) == NULL);
}

/* hello: a hello line with fields v, id, user, expires, token, the rest
 * (",..." or "") */
static const char *
hello(const char *v, const char *id, const char *user, const char *exp,
    const char *tok, const char *rest)
{
	static char out[16384];

	snprintf(out, sizeof(out), "{\"type\":\"hello\",\"v\":%s,\"id\":%s,"
	    "\"user\":%s,\"expires\":%s,\"token\":%s%s}", v, id, user, exp,
	    tok, rest);
	return out;
}

#define GOOD_ID		"\"" ID "\""
#define GOOD_USER	"\"bob@example.net\""
#define GOOD_EXP	"\"" EXP "\""
#define GOOD_TOK	"\"" TOK "\""

/* hello_why: 1 if wire_read_hello refuses s with the reason why */
static int
hello_why(const char *s, const char *why)
{
	struct wire_hello h;
	const char *got = NULL;

	return wire_read_hello(s, strlen(s), &h, &got) == -1 && got &&
	    strcmp(got, why) == 0;
}

static void
test_read_hello(void)
{
	struct wire_hello h;
	const char *why = NULL, *s;
	char big[WIRE_HELLO_MAX + 64];

	memset(&h, 'x', sizeof(h));
	s = hello("1", GOOD_ID, GOOD_USER, GOOD_EXP, GOOD_TOK, "");
	CHECK("wire_read_hello: a good hello",
	    wire_read_hello(s, strlen(s), &h, &why) == 0);
	CHECK("wire_read_hello: its fields",
	    strcmp(h.id, ID) == 0 && strcmp(h.user, "bob@example.net") == 0 &&
	    strcmp(h.expires, EXP) == 0 && h.expires_t == 1795597212 &&
	    strcmp(h.token, TOK) == 0);
	CHECK("wire_read_hello: no ack is 0", h.ack == 0);
	CHECK("wire_read_hello: no watch is none", h.watch == 0);
	s = hello("1", GOOD_ID, GOOD_USER, GOOD_EXP, GOOD_TOK,
	    ",\"watch\":true");
	CHECK("wire_read_hello: a watch",
	    wire_read_hello(s, strlen(s), &h, &why) == 0 && h.watch == 1);
	s = hello("1", GOOD_ID, GOOD_USER, GOOD_EXP, GOOD_TOK,
	    ",\"watch\":false");
	CHECK("wire_read_hello: watch false is no watch",
	    wire_read_hello(s, strlen(s), &h, &why) == 0 && h.watch == 0);
	s = hello("1", GOOD_ID, GOOD_USER, GOOD_EXP, GOOD_TOK,
	    ",\"decline\":\"busy\"");
	CHECK("wire_read_hello: a decline, busy",
	    wire_read_hello(s, strlen(s), &h, &why) == 0 && h.decline &&
	    strcmp(h.decline, "busy") == 0);
	CHECK("wire_read_hello: a decline of another reason is bad",
	    hello_why(hello("1", GOOD_ID, GOOD_USER, GOOD_EXP, GOOD_TOK,
	    ",\"decline\":\"no way\""), "bad decline"));
	CHECK("wire_read_hello: watch 1 is bad",
	    hello_why(hello("1", GOOD_ID, GOOD_USER, GOOD_EXP, GOOD_TOK,
	    ",\"watch\":1"), "bad watch"));
	s = hello("1", GOOD_ID, GOOD_USER, GOOD_EXP, GOOD_TOK,
	    ",\"ack\":9223372036854775807,\"more\":[1]");
	CHECK("wire_read_hello: an ack, and a field unknown",
	    wire_read_hello(s, strlen(s), &h, &why) == 0 &&
	    h.ack == 9223372036854775807ULL);
	CHECK("wire_read_hello: not JSON, the reader's reason",
	    hello_why("GET / HTTP/1.0\r", "unexpected character"));
	CHECK("wire_read_hello: an array is not a hello",
	    hello_why("[1]", "not a hello"));
	CHECK("wire_read_hello: a welcome is not a hello",
	    hello_why("{\"type\":\"welcome\"}", "not a hello"));
	CHECK("wire_read_hello: version 2 is unknown",
	    hello_why(hello("2", GOOD_ID, GOOD_USER, GOOD_EXP, GOOD_TOK, ""),
	    "unknown version"));
	CHECK("wire_read_hello: version \"1\" is unknown",
	    hello_why(hello("\"1\"", GOOD_ID, GOOD_USER, GOOD_EXP, GOOD_TOK,
	    ""), "unknown version"));
	CHECK("wire_read_hello: version 1.0 is unknown",
	    hello_why(hello("1.0", GOOD_ID, GOOD_USER, GOOD_EXP, GOOD_TOK,
	    ""), "unknown version"));
	CHECK("wire_read_hello: an id in capitals is bad",
	    hello_why(hello("1", "\"0123456789ABCDEF0123456789abcdef\"",
	    GOOD_USER, GOOD_EXP, GOOD_TOK, ""), "bad id"));
	CHECK("wire_read_hello: a short id is bad",
	    hello_why(hello("1", "\"0123\"", GOOD_USER, GOOD_EXP, GOOD_TOK,
	    ""), "bad id"));
	CHECK("wire_read_hello: a number for the id is bad",
	    hello_why(hello("1", "12", GOOD_USER, GOOD_EXP, GOOD_TOK, ""),
	    "bad id"));
	CHECK("wire_read_hello: a user that is no address is bad",
	    hello_why(hello("1", GOOD_ID, "\"bob\"", GOOD_EXP, GOOD_TOK, ""),
	    "bad user"));
	CHECK("wire_read_hello: a display name is bad",
	    hello_why(hello("1", GOOD_ID, "\"Bob <bob@example.net>\"",
	    GOOD_EXP, GOOD_TOK, ""), "bad user"));
	CHECK("wire_read_hello: an expiry in lower case is bad",
	    hello_why(hello("1", GOOD_ID, GOOD_USER,
	    "\"2026-11-25t09:00:12z\"", GOOD_TOK, ""), "bad expires"));
	CHECK("wire_read_hello: an expiry with an offset is bad",
	    hello_why(hello("1", GOOD_ID, GOOD_USER,
	    "\"2026-11-25T10:00:12+01:00\"", GOOD_TOK, ""), "bad expires"));
	CHECK("wire_read_hello: a 13th month is bad",
	    hello_why(hello("1", GOOD_ID, GOOD_USER,
	    "\"2026-13-25T09:00:12Z\"", GOOD_TOK, ""), "bad expires"));
	CHECK("wire_read_hello: a short token is bad",
	    hello_why(hello("1", GOOD_ID, GOOD_USER, GOOD_EXP, "\"abc\"", ""),
	    "bad token"));
	CHECK("wire_read_hello: a token of the right length, not base64url, "
	    "is bad",
	    hello_why(hello("1", GOOD_ID, GOOD_USER, GOOD_EXP,
	    "\"abcdefghijklmnopqrstuvwxyzABCDEFGHu00e9 \\\"q\\\"\"", ""),
	    "bad token"));
	CHECK("wire_read_hello: no token is bad",
	    hello_why(hello("1", GOOD_ID, GOOD_USER, GOOD_EXP, "null", ""),
	    "bad token"));
	CHECK("wire_read_hello: a negative ack is bad",
	    hello_why(hello("1", GOOD_ID, GOOD_USER, GOOD_EXP, GOOD_TOK,
	    ",\"ack\":-1"), "bad ack"));
	CHECK("wire_read_hello: an ack of 1.5 is bad",
	    hello_why(hello("1", GOOD_ID, GOOD_USER, GOOD_EXP, GOOD_TOK,
	    ",\"ack\":1.5"), "bad ack"));
	CHECK("wire_read_hello: an ack past 2^63-1 is bad",
	    hello_why(hello("1", GOOD_ID, GOOD_USER, GOOD_EXP, GOOD_TOK,
	    ",\"ack\":9223372036854775808"), "bad ack"));
	CHECK("wire_read_hello: a key twice is refused",
	    hello_why(hello("1", GOOD_ID, GOOD_USER, GOOD_EXP, GOOD_TOK,
	    ",\"v\":1"), "duplicate key"));
	memset(big, ' ', sizeof(big));
	s = hello("1", GOOD_ID, GOOD_USER, GOOD_EXP, GOOD_TOK, "");
	memcpy(big, s, strlen(s));
	CHECK("wire_read_hello: past WIRE_HELLO_MAX bytes is refused",
	    wire_read_hello(big, WIRE_HELLO_MAX + 1, &h, &why) == -1 &&
	    wire_read_hello(big, WIRE_HELLO_MAX, &h, &why) == 0);
	CHECK("wire_read_hello: nested twice is refused",
	    hello_why(hello("1", GOOD_ID, GOOD_USER, GOOD_EXP, GOOD_TOK,
	    ",\"x\":[[]]"), "nested too deeply"));
}

static void
test_check_hello(void)
{
	unsigned char key[SECRET_LEN];
	struct wire_hello h;

	memset(key, 7, sizeof(key));
	memset(&h, 0, sizeof(h));
	memcpy(h.id, ID, sizeof(ID));
	memcpy(h.user, "bob@example.net", 16);
	memcpy(h.expires, EXP, sizeof(EXP));
	h.expires_t = 1795597212;
	if (token_make(key, h.id, h.user, h.expires, h.token) < 0) {
		CHECK("set up: token_make", 0);
		return;
	}
	CHECK("wire_check_hello: the right token, before the expiry",
	    wire_check_hello(&h, key, h.expires_t - 1) == NULL);
	CHECK("wire_check_hello: at the expiry, expired",
	    wire_check_hello(&h, key, h.expires_t) != NULL &&
	    strcmp(wire_check_hello(&h, key, h.expires_t), "expired") == 0);
	key[0] ^= 1;
	CHECK("wire_check_hello: another key, a wrong token",
	    wire_check_hello(&h, key, 0) != NULL &&
	    strcmp(wire_check_hello(&h, key, 0), "wrong token") == 0);
	key[0] ^= 1;
	h.user[0] = 'c';
	CHECK("wire_check_hello: another user, a wrong token",
	    wire_check_hello(&h, key, 0) != NULL &&
	    strcmp(wire_check_hello(&h, key, 0), "wrong token") == 0);
}

/* welcome_is: 1 if wire_read_welcome of s returns r and ack */
static int
welcome_is(const char *s, int r, unsigned long long ack)
{
	unsigned long long got = 12345;

	return wire_read_welcome(s, strlen(s), &got) == r &&
	    (r != 0 || got == ack);
}

static void
test_read_welcome(void)
{
	CHECK("wire_read_welcome: a welcome and its ack",
	    welcome_is("{\"type\":\"welcome\",\"v\":1,\"ack\":3,\"user\":\"\"}",
	    0, 3));
	CHECK("wire_read_welcome: no ack is 0",
	    welcome_is("{\"type\":\"welcome\"}", 0, 0));
	CHECK("wire_read_welcome: a bad ack is 0",
	    welcome_is("{\"type\":\"welcome\",\"ack\":-4}", 0, 0));
	CHECK("wire_read_welcome: an error is a refusal",
	    welcome_is("{\"type\":\"error\",\"reason\":\"refused\"}", 1, 0));
	CHECK("wire_read_welcome: an array is a refusal",
	    welcome_is("[]", 1, 0));
	CHECK("wire_read_welcome: not JSON is -1",
	    welcome_is("{\"type\":\"welcome\"", -1, 0));
}

/* read_type: 1 if wire_read takes s as a line of type t */
static int
read_type(const char *s, enum wire_type t)
{
	struct wire_in w;
	const char *why;
	int ok;

	if (wire_read(s, strlen(s), &w, &why) < 0)
		return 0;
	ok = w.type == t;
	wire_in_free(&w);
	return ok;
}

/* read_why: 1 if wire_read refuses s[0..n) with the reason why */
static int
read_why(const char *s, size_t n, const char *why)
{
	struct wire_in w;
	const char *got = NULL;

	return wire_read(s, n, &w, &got) == -1 && got &&
	    strcmp(got, why) == 0;
}

#define READ_WHY(s, why) read_why((s), strlen(s), (why))

static void
test_read(void)
{
	struct wire_in w;
	const char *why, *s;
	char *big;
	size_t n;

	s = "{\"type\":\"msg\",\"seq\":5,\"time\":\"" EXP "\",\"text\":"
	    "\"a\\\"\\u00e9\\ud83d\\ude00\\/\"}";
	CHECK("wire_read: a message",
	    wire_read(s, strlen(s), &w, &why) == 0 && w.type == WIRE_MSG);
	CHECK("wire_read: its number, time and decoded text",
	    w.seq == 5 && w.time && strcmp(w.time, EXP) == 0 && w.len == 9 &&
	    strcmp(w.text, "a\"\xc3\xa9\xf0\x9f\x98\x80/") == 0);
	wire_in_free(&w);
	s = "{\"text\":\"x\",\"seq\":1,\"type\":\"msg\",\"time\":\"soon\"}";
	CHECK("wire_read: a message in another order, a short time is none",
	    wire_read(s, strlen(s), &w, &why) == 0 && w.type == WIRE_MSG &&
	    w.seq == 1 && w.time == NULL && strcmp(w.text, "x") == 0);
	wire_in_free(&w);
	s = "{\"type\":\"msg\",\"seq\":1,\"time\":"
	    "\"xx\\\",\\\"text\\\":\\\"forged\\\"}\",\"text\":\"x\"}";
	CHECK("wire_read: a time of 20 bytes with quotes is none",
	    wire_read(s, strlen(s), &w, &why) == 0 && w.time == NULL);
	wire_in_free(&w);
	s = "{\"type\":\"msg\",\"seq\":1,\"time\":"
	    "\"\\n2026-11-25T09:00:12\",\"text\":\"x\"}";
	CHECK("wire_read: a time of 20 bytes with a newline is none",
	    wire_read(s, strlen(s), &w, &why) == 0 && w.time == NULL);
	wire_in_free(&w);
	s = "{\"type\":\"msg\",\"seq\":1,\"time\":"
	    "\"2026-11-25t09:00:12z\",\"text\":\"x\"}";
	CHECK("wire_read: a time in lower case is none",
	    wire_read(s, strlen(s), &w, &why) == 0 && w.time == NULL);
	wire_in_free(&w);
	s = "{\"type\":\"msg\",\"seq\":2,\"text\":\"\"}";
	CHECK("wire_read: a message with no time has none",
	    wire_read(s, strlen(s), &w, &why) == 0 && w.time == NULL &&
	    w.len == 0);
	wire_in_free(&w);
	CHECK("wire_read: message number 0 is malformed",
	    READ_WHY("{\"type\":\"msg\",\"seq\":0,\"text\":\"x\"}",
	    "malformed message"));
	CHECK("wire_read: a message number as a string is malformed",
	    READ_WHY("{\"type\":\"msg\",\"seq\":\"1\",\"text\":\"x\"}",
	    "malformed message"));
	CHECK("wire_read: a message with a number for text is malformed",
	    READ_WHY("{\"type\":\"msg\",\"seq\":1,\"text\":1}",
	    "malformed message"));
	CHECK("wire_read: a message with no text is malformed",
	    READ_WHY("{\"type\":\"msg\",\"seq\":1}", "malformed message"));
	s = "{\"type\":\"ack\",\"seq\":0}";
	CHECK("wire_read: an ack of 0",
	    wire_read(s, strlen(s), &w, &why) == 0 && w.type == WIRE_ACK &&
	    w.seq == 0);
	wire_in_free(&w);
	CHECK("wire_read: a negative ack is malformed",
	    READ_WHY("{\"type\":\"ack\",\"seq\":-1}", "malformed ack"));
	CHECK("wire_read: an ack with no number is malformed",
	    READ_WHY("{\"type\":\"ack\"}", "malformed ack"));
	s = "{\"type\":\"presence\",\"presence\":" PRES "}";
	CHECK("wire_read: a presence, read",
	    wire_read(s, strlen(s), &w, &why) == 0 &&
	    w.type == WIRE_PRESENCE &&
	    strcmp(w.pres.user, "bob@example.net") == 0 &&
	    w.pres.status == PRES_AWAY);
	wire_in_free(&w);
	CHECK("wire_read: a presence that is not one is bad",
	    READ_WHY("{\"type\":\"presence\",\"presence\":{\"v\":1}}",
	    "bad presence"));
	CHECK("wire_read: a presence with none is bad",
	    READ_WHY("{\"type\":\"presence\"}", "bad presence"));
	CHECK("wire_read: a typing state",
	    read_type("{\"type\":\"state\",\"state\":\"paused\"}",
	    WIRE_STATE));
	CHECK("wire_read: another state is bad",
	    READ_WHY("{\"type\":\"state\",\"state\":\"typing\"}",
	    "bad state"));
	CHECK("wire_read: a state with none is bad",
	    READ_WHY("{\"type\":\"state\"}", "bad state"));
	CHECK("wire_read: ping, pong, bye, error",
	    read_type("{\"type\":\"ping\"}", WIRE_PING) &&
	    read_type("{\"type\":\"pong\"}", WIRE_PONG) &&
	    read_type("{\"type\":\"bye\",\"why\":[1,2]}", WIRE_BYE) &&
	    read_type("{\"type\":\"error\",\"reason\":\"x\"}", WIRE_ERROR));
	CHECK("wire_read: an unknown type",
	    READ_WHY("{\"type\":\"launch\"}", "unknown type"));
	CHECK("wire_read: a hello now is of an unknown type",
	    READ_WHY("{\"type\":\"hello\"}", "unknown type"));
	CHECK("wire_read: a type that is not a string is malformed",
	    READ_WHY("{\"type\":1}", "malformed line"));
	CHECK("wire_read: no type is malformed",
	    READ_WHY("{\"seq\":1}", "malformed line"));
	CHECK("wire_read: an array is malformed",
	    READ_WHY("[\"msg\"]", "malformed line"));
	CHECK("wire_read: not JSON is malformed",
	    READ_WHY("not json", "malformed line"));
	CHECK("wire_read: a NUL escaped is malformed",
	    READ_WHY("{\"type\":\"msg\",\"seq\":1,\"text\":\"a\\u0000b\"}",
	    "malformed line"));
	CHECK("wire_read: invalid UTF-8 is malformed",
	    READ_WHY("{\"type\":\"msg\",\"seq\":1,\"text\":\"\xff\xfe\"}",
	    "malformed line"));
	CHECK("wire_read: a key twice is malformed",
	    READ_WHY("{\"type\":\"msg\",\"type\":\"msg\",\"seq\":1,"
	    "\"text\":\"\"}", "malformed line"));
	CHECK("wire_read: nested past 4 is malformed",
	    READ_WHY("{\"type\":\"error\",\"x\":[[[[]]]]}",
	    "malformed line"));
	CHECK("wire_read: nested 4 deep is not",
	    read_type("{\"type\":\"error\",\"x\":[[[]]]}", WIRE_ERROR));

	/* a text at the limit, and one byte over it */
	if ((big = malloc(WIRE_TEXT_MAX + 64)) == NULL) {
		CHECK("set up: malloc", 0);
		return;
	}
	memcpy(big, "{\"type\":\"msg\",\"seq\":1,\"text\":\"", 30);
	memset(big + 30, 'x', WIRE_TEXT_MAX);
	memcpy(big + 30 + WIRE_TEXT_MAX, "\"}", 2);
	CHECK("wire_read: a text of WIRE_TEXT_MAX bytes",
	    wire_read(big, 32 + WIRE_TEXT_MAX, &w, &why) == 0 &&
	    w.len == WIRE_TEXT_MAX);
	wire_in_free(&w);
	memset(big + 30, 'x', WIRE_TEXT_MAX + 1);
	memcpy(big + 31 + WIRE_TEXT_MAX, "\"}", 2);
	CHECK("wire_read: a text of one byte more is malformed",
	    read_why(big, 33 + WIRE_TEXT_MAX, "malformed line"));
	/* the same in the form wire_msg makes */
	n = strlen("{\"type\":\"msg\",\"seq\":1,\"time\":\"" EXP
	    "\",\"text\":\"");
	memcpy(big, "{\"type\":\"msg\",\"seq\":1,\"time\":\"" EXP
	    "\",\"text\":\"", n);
	memset(big + n, 'x', WIRE_TEXT_MAX);
	memcpy(big + n + WIRE_TEXT_MAX, "\"}", 2);
	CHECK("wire_read: a text of WIRE_TEXT_MAX bytes, the quick way",
	    wire_read(big, n + 2 + WIRE_TEXT_MAX, &w, &why) == 0 &&
	    w.canonical && w.len == WIRE_TEXT_MAX);
	wire_in_free(&w);
	memset(big + n, 'x', WIRE_TEXT_MAX + 1);
	memcpy(big + n + 1 + WIRE_TEXT_MAX, "\"}", 2);
	CHECK("wire_read: a text of one byte more, in that form, is malformed",
	    read_why(big, n + 3 + WIRE_TEXT_MAX, "malformed line"));
	free(big);
}

/* what the JSON reader alone says of a message line, for comparing
 * with wire_read, whose quick way with the lines wire_msg makes must
 * give the same answers */
struct answer {
	int r;			/* 0 taken, -1 refused, 1 not a message */
	const char *why;
	unsigned long long seq;
	char text[256];
	size_t len;
	char time[RFC3339_LEN + 1];	/* "" if none */
};

/* oracle: the answer for s[0..n) by json_parse and the rules of
 * wire_read, written out again here; texts past 255 bytes are not
 * compared */
static void
oracle(const char *s, size_t n, struct answer *a)
{
	static const struct json_limits lim = { WIRE_MAX, 4, 256,
	    WIRE_TEXT_MAX };
	const struct json *type, *text, *t;
	char again[RFC3339_LEN + 1];
	struct json_error je;
	struct json *o;
	long long seq;
	time_t tt;

	memset(a, 0, sizeof(*a));
	if (json_parse(s, n, &lim, &o, &je) < 0) {
		a->r = -1;
		a->why = "malformed line";
		return;
	}
	type = json_get(o, "type");
	text = json_get(o, "text");
	t = json_get(o, "time");
	if (o->type != JSON_OBJECT || type == NULL ||
	    type->type != JSON_STRING) {
		a->r = -1;
		a->why = "malformed line";
	} else if (strcmp(type->str, "msg") != 0) {
		a->r = 1;
	} else if (json_int(json_get(o, "seq"), 1, LLONG_MAX, &seq) < 0 ||
	    text == NULL || text->type != JSON_STRING) {
		a->r = -1;
		a->why = "malformed message";
	} else {
		a->seq = (unsigned long long)seq;
		a->len = text->len;
		memcpy(a->text, text->str, text->len < 255 ? text->len : 255);
		if (t && t->type == JSON_STRING && t->len == RFC3339_LEN &&
		    rfc3339_parse(t->str, t->len, &tt) == 0 &&
		    rfc3339_fmt(tt, again) == 0 && strcmp(again, t->str) == 0)
			memcpy(a->time, t->str, RFC3339_LEN + 1);
	}
	json_free(o);
}

/* same_answer: 1 if wire_read of s[0..n) answers as the oracle, and a
 * line it calls canonical is what wire_msg makes of its values. The
 * line is read from a copy of exactly n bytes, so that a sanitizer
 * build sees any read past its end. */
static int
same_answer(const char *line, size_t n)
{
	struct answer a;
	struct wire_in w;
	const char *why = NULL;
	struct buf b;
	char *s;
	int r, ok;

	if ((s = malloc(n ? n : 1)) == NULL)
		return 0;
	memcpy(s, line, n);
	oracle(s, n, &a);
	r = wire_read(s, n, &w, &why);
	if (a.r == 1)
		ok = r == -1 ? strcmp(why, "malformed line") != 0 :
		    w.type != WIRE_MSG;
	else if (a.r == -1)
		ok = r == -1 && strcmp(why, a.why) == 0;
	else
		ok = r == 0 && w.type == WIRE_MSG && w.seq == a.seq &&
		    w.len == a.len && memcmp(w.text, a.text,
		    a.len < 255 ? a.len : 255) == 0 &&
		    (a.time[0] ? w.time != NULL &&
		    memcmp(w.time, a.time, RFC3339_LEN) == 0 : w.time == NULL);
	if (ok && r == 0 && w.type == WIRE_MSG && w.canonical) {
		buf_init(&b, 0);
		ok = wire_msg(&b, w.seq, w.time, w.text, w.len) == 0 &&
		    b.len == n && memcmp(b.data, s, n) == 0;
		buf_free(&b);
	}
	if (r == 0)
		wire_in_free(&w);
	free(s);
	return ok;
}

#define SAME(s) same_answer((s), strlen(s))

static unsigned long rnd_state = 2463534242UL;

/* rnd: a number below n, from a fixed xorshift sequence */
static size_t
rnd(size_t n)
{
	rnd_state ^= rnd_state << 13 & 0xffffffffUL;
	rnd_state ^= rnd_state >> 17;
	rnd_state ^= rnd_state << 5 & 0xffffffffUL;
	rnd_state &= 0xffffffffUL;
	return (size_t)(rnd_state % n);
}

static void
test_canonical(void)
{
	static const char *const texts[] = { "hello", "", "x",
	    "caf\xc3\xa9 \xf0\x9f\x98\x80", "a\"b\\c", "\xe2\x80\xa8",
	    "\x7f", "tab\there", "line 1000000 of the bench, some words long",
	    "\xe2\x80\xa9 \xef\xbf\xbf \xf4\x8f\xbf\xbf" };
	static const char bytes[] = "\"\\019 }{,:\x7f\x80\xc3\xa9\xe2\x00\n"
	    "TZ-tzuab6";
	char line[512];
	struct buf b;
	size_t i, j, n, at, bad = 0, tried = 0, canon = 0, taken = 0;
	size_t quick = 0;
	struct wire_in w;
	const char *why, *s;
	int m;

	for (i = 0; i < sizeof(texts) / sizeof(texts[0]); i++) {
		buf_init(&b, 0);
		if (wire_msg(&b, i + 1, EXP, texts[i], strlen(texts[i])) < 0) {
			CHECK("set up: wire_msg", 0);
			return;
		}
		if (wire_read(b.data, b.len, &w, &why) == 0) {
			canon += w.canonical;
			wire_in_free(&w);
		}
		bad += !same_answer(b.data, b.len);
		for (j = 0; j < 20000; j++) {
			n = b.len;
			memcpy(line, b.data, n);
			for (m = 1 + (int)rnd(3); m > 0; m--) {
				at = rnd(n + 1);
				switch (rnd(3)) {
				case 0:	/* a byte changed */
					if (at < n)
						line[at] = bytes[rnd(
						    sizeof(bytes) - 1)];
					break;
				case 1:	/* a byte more */
					if (n + 1 >= sizeof(line))
						break;
					memmove(line + at + 1, line + at,
					    n - at);
					line[at] = bytes[rnd(
					    sizeof(bytes) - 1)];
					n++;
					break;
				default:	/* a byte less */
					if (at < n) {
						memmove(line + at,
						    line + at + 1, n - at - 1);
						n--;
					}
				}
			}
			tried++;
			bad += !same_answer(line, n);
			if (wire_read(line, n, &w, &why) == 0) {
				taken += w.type == WIRE_MSG;
				quick += w.type == WIRE_MSG && w.canonical;
				wire_in_free(&w);
			}
		}
		buf_free(&b);
	}
	CHECK("wire_read: the lines wire_msg makes without escapes are "
	    "read the quick way (canonical)", canon == 5);
	printf("# of the lines near a message's form, %zu were messages, "
	    "%zu of them read the quick way\n", taken, quick);
	CHECK("wire_read: 200,000 lines near a message's form, each answered "
	    "as the JSON reader answers it", tried == 200000 && bad == 0);
	CHECK("wire_read: a seq of 01 is malformed",
	    READ_WHY("{\"type\":\"msg\",\"seq\":01,\"time\":\"" EXP
	    "\",\"text\":\"x\"}", "malformed line"));
	CHECK("wire_read: a seq past 2^63-1 is malformed",
	    READ_WHY("{\"type\":\"msg\",\"seq\":9223372036854775808,"
	    "\"time\":\"" EXP "\",\"text\":\"x\"}", "malformed message"));
	s = "{\"type\":\"msg\",\"seq\":9223372036854775807,\"time\":\"" EXP
	    "\",\"text\":\"x\"}";
	CHECK("wire_read: the largest seq, the quick way",
	    wire_read(s, strlen(s), &w, &why) == 0 && w.canonical &&
	    w.seq == 9223372036854775807ULL && same_answer(s, strlen(s)));
	wire_in_free(&w);
	CHECK("wire_read: raw U+2028, U+2029 and DEL are read, not the "
	    "quick way (wire_msg would escape them)",
	    SAME("{\"type\":\"msg\",\"seq\":1,\"time\":\"" EXP
	    "\",\"text\":\"\xe2\x80\xa8\"}") &&
	    SAME("{\"type\":\"msg\",\"seq\":1,\"time\":\"" EXP
	    "\",\"text\":\"\xe2\x80\xa9\"}") &&
	    SAME("{\"type\":\"msg\",\"seq\":1,\"time\":\"" EXP
	    "\",\"text\":\"\x7f\"}"));
	CHECK("wire_read: a message and a space after it is read, not the "
	    "quick way",
	    SAME("{\"type\":\"msg\",\"seq\":1,\"time\":\"" EXP
	    "\",\"text\":\"x\"} "));
	CHECK("wire_read: a message and more after it is malformed",
	    READ_WHY("{\"type\":\"msg\",\"seq\":1,\"time\":\"" EXP
	    "\",\"text\":\"x\"}}", "malformed line"));
	s = "{\"type\":\"msg\",\"seq\":1,\"time\":\"2016-12-31T23:59:60Z\","
	    "\"text\":\"x\"}";
	CHECK("wire_read: a leap second is no time",
	    wire_read(s, strlen(s), &w, &why) == 0 && w.time == NULL &&
	    !w.canonical && same_answer(s, strlen(s)));
	wire_in_free(&w);
}

int
main(void)
{
	test_make();
	test_state_name();
	test_read_hello();
	test_check_hello();
	test_read_welcome();
	test_read();
	test_canonical();
	return unit_exit();
}
