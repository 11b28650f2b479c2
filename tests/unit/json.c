/* json: unit tests of the strict reader, json_get, json_int and
 * json_put_str (lib/json.h). */
#include <limits.h>
#include <stdlib.h>
#include <string.h>

#include "../../lib/buf.h"
#include "../../lib/json.h"
#include "unit.h"

static const struct json_limits deflim = JSON_LIMITS_DEFAULT;

/* accepts: 1 if s[0..n) parses under lim (the tree is freed). */
static int
accepts_n(const char *s, size_t n, const struct json_limits *lim)
{
	struct json *v = NULL;
	struct json_error e;
	int r;

	e.msg = NULL;
	e.offset = 0;
	r = json_parse(s, n, lim, &v, &e);
	json_free(v);
	return r == 0;
}

static int
accepts(const char *s)
{
	return accepts_n(s, strlen(s), &deflim);
}

/* rejects_n: 1 if s[0..n) is refused under lim with -1, a message, an
 * offset inside the input (the end counts) and no tree. */
static int
rejects_n(const char *s, size_t n, const struct json_limits *lim)
{
	static struct json sentinel;
	struct json *v = &sentinel;	/* json_parse must reset it to NULL */
	struct json_error e;
	int r;

	e.msg = NULL;
	e.offset = (size_t)-1;
	r = json_parse(s, n, lim, &v, &e);
	if (r == 0) {
		json_free(v);
		return 0;
	}
	return r == -1 && v == NULL && e.msg != NULL && e.offset <= n;
}

static int
rejects(const char *s)
{
	return rejects_n(s, strlen(s), &deflim);
}

/* parse1: parses s under the default limits, or returns NULL. */
static struct json *
parse1(const char *s)
{
	struct json *v = NULL;
	struct json_error e;

	if (json_parse(s, strlen(s), &deflim, &v, &e) < 0)
		return NULL;
	return v;
}

/* str_is: 1 if v is a string holding exactly the n bytes at want. */
static int
str_is(const struct json *v, const char *want, size_t n)
{
	return v != NULL && v->type == JSON_STRING && v->len == n &&
	    memcmp(v->str, want, n) == 0 && v->str[n] == '\0';
}

/* decodes: 1 if the JSON text in parses to a string of bytes want[0..n). */
static int
decodes(const char *in, const char *want, size_t n)
{
	struct json *v = parse1(in);
	int ok = str_is(v, want, n);

	json_free(v);
	return ok;
}

/* number_is: 1 if in parses to a number whose text is want. */
static int
number_is(const char *in, const char *want)
{
	struct json *v = parse1(in);
	int ok = v != NULL && v->type == JSON_NUMBER &&
	    v->len == strlen(want) && strcmp(v->str, want) == 0;

	json_free(v);
	return ok;
}

/* nested: writes depth opening brackets then depth closing ones. */
static void
nested(char *out, size_t depth, char open, char close)
{
	size_t i;

	for (i = 0; i < depth; i++)
		out[i] = open;
	for (i = 0; i < depth; i++)
		out[depth + i] = close;
	out[2 * depth] = '\0';
}

/* int_of: json_int of the number text in; returns its result. */
static int
int_of(const char *in, long long min, long long max, long long *out)
{
	struct json *v = parse1(in);
	int r;

	if (v == NULL)
		return -2;
	r = json_int(v, min, max, out);
	json_free(v);
	return r;
}

/* put_is: 1 if json_put_str of s[0..n) into an empty buffer succeeds and
 * gives exactly want. */
static int
put_is(const char *s, size_t n, const char *want)
{
	struct buf b;
	int ok;

	buf_init(&b, 0);
	ok = json_put_str(&b, s, n) == 0 && b.len == strlen(want) &&
	    memcmp(b.data, want, b.len) == 0;
	buf_free(&b);
	return ok;
}

static void
test_valid(void)
{
	struct json *v, *c;
	const struct json *m;
	int ok;

	CHECK("json: accepts empty object", accepts("{}"));
	CHECK("json: accepts empty array", accepts("[]"));
	CHECK("json: accepts literals true, false, null",
	    accepts("true") && accepts("false") && accepts("null"));
	CHECK("json: accepts a bare string", accepts("\"x\""));
	CHECK("json: accepts an empty string", decodes("\"\"", "", 0));

	v = parse1("{\"a\":1,\"b\":\"two\",\"c\":true}");
	CHECK("json: object parses", v != NULL);
	CHECK("json: object has type and count 3",
	    v && v->type == JSON_OBJECT && v->count == 3);
	ok = v && v->child && v->child->key &&
	    strcmp(v->child->key, "a") == 0 && v->child->keylen == 1 &&
	    v->child->type == JSON_NUMBER && strcmp(v->child->str, "1") == 0;
	CHECK("json: object first member is key a, number 1", ok);
	ok = v && v->child && v->child->next &&
	    strcmp(v->child->next->key, "b") == 0 &&
	    str_is(v->child->next, "two", 3);
	CHECK("json: object members keep input order", ok);
	ok = v && v->child && v->child->next && v->child->next->next &&
	    v->child->next->next->type == JSON_TRUE &&
	    v->child->next->next->next == NULL;
	CHECK("json: object last member is true and ends the list", ok);
	json_free(v);

	v = parse1("[1, \"x\", null, false, [], {}]");
	ok = v && v->type == JSON_ARRAY && v->count == 6;
	CHECK("json: array has type and count 6", ok);
	ok = 0;
	if (v && (c = v->child) && c->type == JSON_NUMBER && c->key == NULL &&
	    (c = c->next) && c->type == JSON_STRING &&
	    (c = c->next) && c->type == JSON_NULL &&
	    (c = c->next) && c->type == JSON_FALSE &&
	    (c = c->next) && c->type == JSON_ARRAY && c->count == 0 &&
	    c->child == NULL &&
	    (c = c->next) && c->type == JSON_OBJECT && c->count == 0 &&
	    c->next == NULL)
		ok = 1;
	CHECK("json: array elements in order with right types and no keys",
	    ok);
	json_free(v);

	v = parse1("{\"a\":[1,{\"b\":null}],\"c\":{\"d\":[true]}}");
	ok = 0;
	if (v && (m = json_get(v, "a")) && m->type == JSON_ARRAY &&
	    m->count == 2 && m->child && m->child->next &&
	    m->child->next->type == JSON_OBJECT &&
	    (m = json_get(m->child->next, "b")) && m->type == JSON_NULL)
		ok = 1;
	CHECK("json: nested object inside array inside object", ok);
	ok = 0;
	if (v && (m = json_get(v, "c")) && (m = json_get(m, "d")) &&
	    m->type == JSON_ARRAY && m->count == 1 &&
	    m->child->type == JSON_TRUE)
		ok = 1;
	CHECK("json: nested array inside object inside object", ok);
	json_free(v);

	v = parse1(" \t\r\n{ \"k\" : [ 1 , 2 ] } \n\t\r ");
	ok = v && v->type == JSON_OBJECT && (m = json_get(v, "k")) &&
	    m->count == 2;
	CHECK("json: white space around the value and tokens", ok);
	json_free(v);
	CHECK("json: white space around a scalar", number_is("  7\n", "7"));

	/* numbers keep their text */
	CHECK("json: number 0", number_is("0", "0"));
	CHECK("json: number -0", number_is("-0", "-0"));
	CHECK("json: number 1.5e10", number_is("1.5e10", "1.5e10"));
	CHECK("json: number -12", number_is("-12", "-12"));
	CHECK("json: number 0.25", number_is("0.25", "0.25"));
	CHECK("json: number 2E-3", number_is("2E-3", "2E-3"));
	CHECK("json: number 1e+5", number_is("1e+5", "1e+5"));
	CHECK("json: number -0.0e0", number_is("-0.0e0", "-0.0e0"));

	/* escapes */
	CHECK("json: escape \\\" decodes", decodes("\"\\\"\"", "\"", 1));
	CHECK("json: escape \\\\ decodes", decodes("\"\\\\\"", "\\", 1));
	CHECK("json: escape \\/ decodes to /", decodes("\"\\/\"", "/", 1));
	CHECK("json: escape \\b decodes", decodes("\"\\b\"", "\b", 1));
	CHECK("json: escape \\f decodes", decodes("\"\\f\"", "\f", 1));
	CHECK("json: escape \\n decodes", decodes("\"\\n\"", "\n", 1));
	CHECK("json: escape \\r decodes", decodes("\"\\r\"", "\r", 1));
	CHECK("json: escape \\t decodes", decodes("\"\\t\"", "\t", 1));
	CHECK("json: all simple escapes in one string",
	    decodes("\"a\\\"b\\\\c\\/d\\be\\ff\\ng\\rh\\ti\"",
	    "a\"b\\c/d\be\ff\ng\rh\ti", 17));
	CHECK("json: \\u0041 decodes to A", decodes("\"\\u0041\"", "A", 1));
	CHECK("json: \\u001f decodes to byte 0x1f",
	    decodes("\"\\u001f\"", "\x1f", 1));
	CHECK("json: \\u007F decodes to DEL", decodes("\"\\u007F\"", "\x7f", 1));
	CHECK("json: \\u00e9 decodes to C3 A9",
	    decodes("\"\\u00e9\"", "\xc3\xa9", 2));
	CHECK("json: \\u00E9 upper-case hex decodes to C3 A9",
	    decodes("\"\\u00E9\"", "\xc3\xa9", 2));
	CHECK("json: \\u07ff decodes to DF BF",
	    decodes("\"\\u07ff\"", "\xdf\xbf", 2));
	CHECK("json: \\u20ac decodes to E2 82 AC",
	    decodes("\"\\u20ac\"", "\xe2\x82\xac", 3));
	CHECK("json: \\uffff decodes to EF BF BF",
	    decodes("\"\\uffff\"", "\xef\xbf\xbf", 3));
	CHECK("json: surrogate pair \\ud83d\\ude00 decodes to F0 9F 98 80",
	    decodes("\"\\ud83d\\ude00\"", "\xf0\x9f\x98\x80", 4));
	CHECK("json: surrogate pair \\uD834\\uDD1E decodes to F0 9D 84 9E",
	    decodes("\"\\uD834\\uDD1E\"", "\xf0\x9d\x84\x9e", 4));
	CHECK("json: surrogate pair \\ud800\\udc00 decodes to U+10000",
	    decodes("\"\\ud800\\udc00\"", "\xf0\x90\x80\x80", 4));
	CHECK("json: surrogate pair \\udbff\\udfff decodes to U+10FFFF",
	    decodes("\"\\udbff\\udfff\"", "\xf4\x8f\xbf\xbf", 4));
	CHECK("json: raw UTF-8 passes through",
	    decodes("\"\xc3\xa9\xe2\x82\xac\xf0\x9f\x98\x80\"",
	    "\xc3\xa9\xe2\x82\xac\xf0\x9f\x98\x80", 9));
	CHECK("json: escaped key decodes",
	    (v = parse1("{\"\\u0061b\":1}")) != NULL &&
	    json_get(v, "ab") != NULL);
	json_free(v);
}

static void
test_malformed(void)
{
	static const char nul_in_string[] = "\"a\0b\"";

	CHECK("json: rejects empty input", rejects(""));
	CHECK("json: rejects only white space", rejects(" \t\r\n "));
	CHECK("json: rejects trailing garbage", rejects("{} x"));
	CHECK("json: rejects trailing garbage after a number", rejects("1 2"));
	CHECK("json: rejects two concatenated documents {}{}",
	    rejects("{}{}"));
	CHECK("json: rejects two concatenated documents [][]",
	    rejects("[] []"));
	CHECK("json: rejects duplicate key", rejects("{\"a\":1,\"a\":2}"));
	CHECK("json: rejects duplicate key spelled with an escape",
	    rejects("{\"a\":1,\"\\u0061\":2}"));
	CHECK("json: rejects duplicate key in a nested object",
	    rejects("[{\"k\":1,\"j\":2,\"k\":3}]"));
	CHECK("json: accepts same key in different objects",
	    accepts("{\"a\":{\"a\":1}}"));
	CHECK("json: rejects \\u0000", rejects("\"\\u0000\""));
	CHECK("json: rejects raw NUL byte in a string",
	    rejects_n(nul_in_string, sizeof(nul_in_string) - 1, &deflim));
	CHECK("json: rejects lone high surrogate", rejects("\"\\ud800\""));
	CHECK("json: rejects lone high surrogate before text",
	    rejects("\"\\ud83dabcdef\""));
	CHECK("json: rejects high surrogate followed by non-surrogate escape",
	    rejects("\"\\ud83d\\u0041\""));
	CHECK("json: rejects two high surrogates",
	    rejects("\"\\ud83d\\ud83d\""));
	CHECK("json: rejects lone low surrogate", rejects("\"\\udc00\""));
	CHECK("json: rejects lone low surrogate \\udfff",
	    rejects("\"\\udfff\""));
	CHECK("json: rejects reversed surrogate pair",
	    rejects("\"\\ude00\\ud83d\""));
	CHECK("json: rejects invalid UTF-8 byte 0xff", rejects("\"\xff\""));
	CHECK("json: rejects overlong 0xc0 0xaf", rejects("\"\xc0\xaf\""));
	CHECK("json: rejects encoded surrogate 0xed 0xa0 0x80",
	    rejects("\"\xed\xa0\x80\""));
	CHECK("json: rejects truncated UTF-8 sequence",
	    rejects("\"\xe2\x82\""));
	CHECK("json: rejects truncated UTF-8 at end of input",
	    rejects("\"\xf0\x9f\x98"));
	CHECK("json: rejects stray continuation byte", rejects("\"\x80\""));
	CHECK("json: rejects invalid UTF-8 in a key",
	    rejects("{\"\xff\":1}"));
	CHECK("json: rejects raw control char 0x01 in a string",
	    rejects("\"a\x01z\""));
	CHECK("json: rejects raw newline in a string", rejects("\"a\nb\""));
	CHECK("json: rejects raw tab in a string", rejects("\"a\tb\""));
	CHECK("json: rejects leading zero 01", rejects("01"));
	CHECK("json: rejects leading zero -01", rejects("-01"));
	CHECK("json: rejects 1.", rejects("1."));
	CHECK("json: rejects .5", rejects(".5"));
	CHECK("json: rejects +1", rejects("+1"));
	CHECK("json: rejects lone minus", rejects("-"));
	CHECK("json: rejects exponent without digits 1e", rejects("1e"));
	CHECK("json: rejects exponent sign without digits 1e+",
	    rejects("1e+"));
	CHECK("json: rejects NaN", rejects("NaN"));
	CHECK("json: rejects Infinity", rejects("Infinity"));
	CHECK("json: rejects -Infinity", rejects("-Infinity"));
	CHECK("json: rejects hex number 0x10", rejects("0x10"));
	CHECK("json: rejects byte-order mark before a value",
	    rejects("\xef\xbb\xbf{}"));
	CHECK("json: rejects single-quoted string", rejects("'a'"));
	CHECK("json: rejects single-quoted key", rejects("{'a':1}"));
	CHECK("json: rejects unquoted key", rejects("{a:1}"));
	CHECK("json: rejects trailing comma in array", rejects("[1,2,]"));
	CHECK("json: rejects trailing comma in object",
	    rejects("{\"a\":1,}"));
	CHECK("json: rejects leading comma in array", rejects("[,1]"));
	CHECK("json: rejects missing comma in array", rejects("[1 2]"));
	CHECK("json: rejects missing colon in object",
	    rejects("{\"a\" 1}"));
	CHECK("json: rejects member without value", rejects("{\"a\":}"));
	CHECK("json: rejects unterminated string", rejects("\"abc"));
	CHECK("json: rejects string ending in a backslash",
	    rejects("\"abc\\"));
	CHECK("json: rejects unterminated array", rejects("[1,2"));
	CHECK("json: rejects unterminated empty array", rejects("["));
	CHECK("json: rejects unterminated object", rejects("{\"a\":1"));
	CHECK("json: rejects unterminated empty object", rejects("{"));
	CHECK("json: rejects mismatched brackets", rejects("[1}"));
	CHECK("json: rejects bad escape \\x", rejects("\"\\x41\""));
	CHECK("json: rejects bad escape \\'", rejects("\"\\'\""));
	CHECK("json: rejects bad \\u escape digits", rejects("\"\\u00g1\""));
	CHECK("json: rejects truncated \\u escape", rejects("\"\\u00\""));
	CHECK("json: rejects misspelled literal", rejects("tru"));
	CHECK("json: rejects upper-case literal", rejects("True"));
	CHECK("json: rejects literal with trailing letters",
	    rejects("nullx"));
}

static void
test_limits(void)
{
	struct json_limits lim;
	char deep[64];

	/* default depth 8 */
	nested(deep, 8, '[', ']');
	CHECK("json: default limits accept depth exactly 8",
	    accepts_n(deep, strlen(deep), &deflim));
	nested(deep, 9, '[', ']');
	CHECK("json: default limits reject depth 9",
	    rejects_n(deep, strlen(deep), &deflim));

	lim = (struct json_limits){ 1000, 3, 100, 100 };
	CHECK("json: accepts arrays nested exactly max_depth",
	    accepts_n("[[[]]]", 6, &lim));
	CHECK("json: rejects arrays nested beyond max_depth",
	    rejects_n("[[[[]]]]", 8, &lim));
	CHECK("json: accepts objects nested exactly max_depth",
	    accepts_n("{\"a\":{\"b\":{\"c\":1}}}", 19, &lim));
	CHECK("json: rejects objects nested beyond max_depth",
	    rejects_n("{\"a\":{\"b\":{\"c\":{}}}}", 20, &lim));
	lim.max_depth = 1;
	CHECK("json: max_depth 1 accepts a flat array",
	    accepts_n("[1,2]", 5, &lim));
	CHECK("json: max_depth 1 rejects a nested array",
	    rejects_n("[[1]]", 5, &lim));

	lim = (struct json_limits){ 1000, 8, 4, 100 };
	CHECK("json: accepts exactly max_nodes values",
	    accepts_n("[1,2,3]", 7, &lim));
	CHECK("json: rejects more values than max_nodes",
	    rejects_n("[1,2,3,4]", 9, &lim));
	CHECK("json: max_nodes counts members of objects",
	    rejects_n("{\"a\":1,\"b\":2,\"c\":3,\"d\":4}", 25, &lim));

	lim = (struct json_limits){ 1000, 8, 100, 5 };
	CHECK("json: accepts a string of exactly max_string bytes",
	    accepts_n("\"abcde\"", 7, &lim));
	CHECK("json: rejects a string longer than max_string",
	    rejects_n("\"abcdef\"", 8, &lim));
	CHECK("json: rejects a key longer than max_string",
	    rejects_n("{\"abcdef\":1}", 12, &lim));
	CHECK("json: max_string counts decoded bytes, not escapes",
	    accepts_n("\"\\u00e9\\u00e9a\"", 15, &lim));
	CHECK("json: max_string counts decoded UTF-8 bytes of escapes",
	    rejects_n("\"\\u00e9\\u00e9\\u00e9\"", 20, &lim));

	lim = (struct json_limits){ 10, 8, 100, 100 };
	CHECK("json: accepts input of exactly max_bytes",
	    accepts_n("[1,2,3,45]", 10, &lim));
	CHECK("json: rejects input longer than max_bytes",
	    rejects_n("[1,2,3,456]", 11, &lim));
	CHECK("json: rejects input longer than max_bytes even if white space",
	    rejects_n("1          ", 11, &lim));
}

static void
test_error_fields(void)
{
	struct json *v = NULL;
	struct json_error e;
	const char *s = "[1,2,x]";

	e.msg = NULL;
	e.offset = 999;
	CHECK("json: error return is -1",
	    json_parse(s, strlen(s), &deflim, &v, &e) == -1);
	CHECK("json: error sets *out to NULL", v == NULL);
	CHECK("json: error message is set", e.msg != NULL && e.msg[0] != '\0');
	CHECK("json: error offset points at the bad byte", e.offset == 5);
	json_free(v);

	v = NULL;
	e.msg = NULL;
	e.offset = 999;
	CHECK("json: trailing data error has message and offset in input",
	    json_parse("{} x", 4, &deflim, &v, &e) == -1 && e.msg != NULL &&
	    e.offset <= 4 && v == NULL);
	json_free(NULL);
	CHECK("json: json_free(NULL) is allowed", 1);
}

/* too_long_at: 1 if s is refused as "string too long" under a limit of
 * four bytes a string, with the error at offset at. */
static int
too_long_at(const char *s, size_t at)
{
	static const struct json_limits four = { 64, 2, 8, 4 };
	struct json *v = NULL;
	struct json_error e;

	e.msg = NULL;
	e.offset = 999;
	return json_parse(s, strlen(s), &four, &v, &e) == -1 && v == NULL &&
	    e.msg != NULL && strcmp(e.msg, "string too long") == 0 &&
	    e.offset == at;
}

static void
test_runs(void)
{
	static const char del[] = "\"a\x7f" "b\"";
	struct json *v;
	char in[700], want[700];

	CHECK("json: a string too long fails just past the byte that went "
	    "over", too_long_at("[\"abcdefgh\"]", 7));
	CHECK("json: a string too long after an escape fails just past the "
	    "byte that went over", too_long_at("\"\\nabcdefgh\"", 7));
	CHECK("json: a string of exactly four bytes, then one too long",
	    too_long_at("[\"abcd\",\"abcde\"]", 14));
	v = parse1(del);
	CHECK("json: DEL inside a run of plain bytes is kept as it is",
	    str_is(v, "a\x7f" "b", 3));
	json_free(v);
	v = parse1("\"ab\\\"cd\\\\ef\\ngh\\u00e9ij\xc3\xa9kl\"");
	CHECK("json: runs of plain bytes between escapes and UTF-8",
	    str_is(v, "ab\"cd\\ef\ngh\xc3\xa9ij\xc3\xa9kl", 19));
	json_free(v);
	memset(want, 'x', 600);
	in[0] = '"';
	memcpy(in + 1, want, 600);
	memcpy(in + 601, "\"", 2);
	v = parse1(in);
	CHECK("json: a run of 600 plain bytes", str_is(v, want, 600));
	json_free(v);
	memcpy(want, "\"", 1);
	memset(want + 1, 'x', 600);
	memcpy(want + 601, "\"", 2);
	CHECK("json_put_str: a run of 600 plain bytes",
	    put_is(in + 1, 600, want));
	CHECK("json_put_str: DEL inside a run of plain bytes is escaped",
	    put_is("a\x7f" "b", 3, "\"a\\u007fb\""));
	CHECK("json_put_str: runs of plain bytes between escapes and UTF-8",
	    put_is("ab\"cd\\ef\ngh\xc3\xa9ij\xe2\x80\xa8kl", 20,
	    "\"ab\\\"cd\\\\ef\\ngh\xc3\xa9ij\\u2028kl\""));
}

/* named: 1 if v is named key and, where text is not NULL, has that text
 * (a string's or a number's), else none. */
static int
named(const struct json *v, const char *key, enum json_type t,
    const char *text)
{
	return v != NULL && v->type == t && v->key != NULL &&
	    v->keylen == strlen(key) && strcmp(v->key, key) == 0 &&
	    (text ? v->str != NULL && v->len == strlen(text) &&
	    strcmp(v->str, text) == 0 : v->str == NULL);
}

static void
test_tree(void)
{
	struct json *v;
	const struct json *o, *a;

	/* each value holds its own name and text: those read before a
	 * nested object's members must not change as the members are
	 * read */
	v = parse1("{\"outer\":{\"inner\":\"v\",\"n\":-1.5e3,\"t\":true},"
	    "\"\":\"\",\"arr\":[\"x\",{\"k\":null},7],\"last\":\"a\\u00e9\"}");
	o = json_get(v, "outer");
	a = json_get(v, "arr");
	CHECK("json tree: a nested object keeps its name",
	    named(o, "outer", JSON_OBJECT, NULL) && o->count == 3);
	CHECK("json tree: its members keep theirs and their texts",
	    o && named(o->child, "inner", JSON_STRING, "v") &&
	    named(o->child->next, "n", JSON_NUMBER, "-1.5e3") &&
	    named(o->child->next->next, "t", JSON_TRUE, NULL));
	CHECK("json tree: an empty name with an empty string",
	    named(json_get(v, ""), "", JSON_STRING, ""));
	CHECK("json tree: array elements have no name",
	    named(a, "arr", JSON_ARRAY, NULL) && a->count == 3 &&
	    a->child->key == NULL && str_is(a->child, "x", 1) &&
	    a->child->next->key == NULL &&
	    named(a->child->next->child, "k", JSON_NULL, NULL) &&
	    a->child->next->next->key == NULL &&
	    strcmp(a->child->next->next->str, "7") == 0);
	CHECK("json tree: a member after them keeps its name and text",
	    named(json_get(v, "last"), "last", JSON_STRING, "a\xc3\xa9"));
	CHECK("json tree: the top value has no name",
	    v && v->key == NULL && v->str == NULL && v->count == 4);
	json_free(v);
}

static void
test_get(void)
{
	struct json *v = parse1("{\"a\":1,\"bb\":\"x\",\"\":null,\"arr\":[1]}");
	struct json *arr = parse1("[\"a\"]");
	const struct json *m;

	CHECK("json: json_get parses its fixture", v != NULL && arr != NULL);
	m = json_get(v, "a");
	CHECK("json: json_get finds first member",
	    m && m->type == JSON_NUMBER && strcmp(m->str, "1") == 0);
	m = json_get(v, "bb");
	CHECK("json: json_get finds string member", str_is(m, "x", 1));
	m = json_get(v, "");
	CHECK("json: json_get finds empty key", m && m->type == JSON_NULL);
	CHECK("json: json_get returns NULL for a missing key",
	    json_get(v, "c") == NULL);
	CHECK("json: json_get does not match a key prefix",
	    json_get(v, "b") == NULL);
	CHECK("json: json_get does not match a longer key",
	    json_get(v, "aa") == NULL);
	CHECK("json: json_get returns NULL for an array",
	    json_get(arr, "a") == NULL);
	CHECK("json: json_get returns NULL for a string member",
	    json_get(json_get(v, "bb"), "x") == NULL);
	CHECK("json: json_get returns NULL for NULL", json_get(NULL, "a") == NULL);
	json_free(v);
	json_free(arr);
}

static void
test_int(void)
{
	struct json *v;
	long long x;

	x = 99;
	CHECK("json_int: accepts 0", int_of("0", -10, 10, &x) == 0 && x == 0);
	x = 99;
	CHECK("json_int: accepts -0 as 0",
	    int_of("-0", -10, 10, &x) == 0 && x == 0);
	CHECK("json_int: accepts 42", int_of("42", 0, 100, &x) == 0 && x == 42);
	CHECK("json_int: accepts -12",
	    int_of("-12", -100, 100, &x) == 0 && x == -12);
	CHECK("json_int: accepts LLONG_MAX as text",
	    int_of("9223372036854775807", LLONG_MIN, LLONG_MAX, &x) == 0 &&
	    x == LLONG_MAX);
	CHECK("json_int: accepts LLONG_MIN as text",
	    int_of("-9223372036854775808", LLONG_MIN, LLONG_MAX, &x) == 0 &&
	    x == LLONG_MIN);
	CHECK("json_int: rejects 9223372036854775808 (overflow)",
	    int_of("9223372036854775808", LLONG_MIN, LLONG_MAX, &x) == -1);
	CHECK("json_int: rejects -9223372036854775809 (overflow)",
	    int_of("-9223372036854775809", LLONG_MIN, LLONG_MAX, &x) == -1);
	CHECK("json_int: rejects 99999999999999999999 (overflow)",
	    int_of("99999999999999999999", LLONG_MIN, LLONG_MAX, &x) == -1);
	CHECK("json_int: rejects a fraction 1.5",
	    int_of("1.5", LLONG_MIN, LLONG_MAX, &x) == -1);
	CHECK("json_int: rejects an integral fraction 1.0",
	    int_of("1.0", LLONG_MIN, LLONG_MAX, &x) == -1);
	CHECK("json_int: rejects an exponent 1e2",
	    int_of("1e2", LLONG_MIN, LLONG_MAX, &x) == -1);
	CHECK("json_int: rejects an exponent 1E0",
	    int_of("1E0", LLONG_MIN, LLONG_MAX, &x) == -1);
	CHECK("json_int: rejects value above max",
	    int_of("5", 0, 4, &x) == -1);
	CHECK("json_int: rejects value below min",
	    int_of("-1", 0, 4, &x) == -1);
	CHECK("json_int: accepts value equal to min and max",
	    int_of("5", 5, 5, &x) == 0 && x == 5);
	CHECK("json_int: accepts max bound",
	    int_of("4", 0, 4, &x) == 0 && x == 4);
	CHECK("json_int: rejects LLONG_MAX above a smaller max",
	    int_of("9223372036854775807", 0, LLONG_MAX - 1, &x) == -1);
	CHECK("json_int: rejects LLONG_MIN below a larger min",
	    int_of("-9223372036854775808", LLONG_MIN + 1, 0, &x) == -1);
	v = parse1("\"1\"");
	CHECK("json_int: rejects a string", v && json_int(v, 0, 9, &x) == -1);
	json_free(v);
	v = parse1("true");
	CHECK("json_int: rejects true", v && json_int(v, 0, 9, &x) == -1);
	json_free(v);
	CHECK("json_int: rejects NULL", json_int(NULL, 0, 9, &x) == -1);
}

static void
test_put_str(void)
{
	struct buf b;
	int ok;

	CHECK("json_put_str: empty string", put_is("", 0, "\"\""));
	CHECK("json_put_str: plain ASCII unchanged",
	    put_is("hello world", 11, "\"hello world\""));
	CHECK("json_put_str: escapes double quote", put_is("a\"b", 3,
	    "\"a\\\"b\""));
	CHECK("json_put_str: escapes backslash", put_is("a\\b", 3,
	    "\"a\\\\b\""));
	CHECK("json_put_str: escapes newline as \\n", put_is("\n", 1,
	    "\"\\n\""));
	CHECK("json_put_str: escapes tab as \\t", put_is("\t", 1, "\"\\t\""));
	CHECK("json_put_str: escapes carriage return as \\r",
	    put_is("\r", 1, "\"\\r\""));
	CHECK("json_put_str: escapes 0x01 as \\u0001",
	    put_is("\x01", 1, "\"\\u0001\""));
	CHECK("json_put_str: escapes ESC as \\u001b (lower-case hex)",
	    put_is("\x1b", 1, "\"\\u001b\""));
	CHECK("json_put_str: escapes form feed as \\u000c (lower-case hex)",
	    put_is("\x0c", 1, "\"\\u000c\""));
	CHECK("json_put_str: escapes 0x1f as \\u001f",
	    put_is("\x1f", 1, "\"\\u001f\""));
	CHECK("json_put_str: escapes NUL as \\u0000",
	    put_is("a\0b", 3, "\"a\\u0000b\""));
	CHECK("json_put_str: escapes DEL as \\u007f",
	    put_is("\x7f", 1, "\"\\u007f\""));
	CHECK("json_put_str: escapes U+2028 as \\u2028",
	    put_is("\xe2\x80\xa8", 3, "\"\\u2028\""));
	CHECK("json_put_str: escapes U+2029 as \\u2029",
	    put_is("\xe2\x80\xa9", 3, "\"\\u2029\""));
	CHECK("json_put_str: does not escape slash", put_is("a/b", 3,
	    "\"a/b\""));
	CHECK("json_put_str: passes U+2027 and U+202A through",
	    put_is("\xe2\x80\xa7\xe2\x80\xaa", 6,
	    "\"\xe2\x80\xa7\xe2\x80\xaa\""));
	CHECK("json_put_str: passes C1 U+0085 through as UTF-8",
	    put_is("\xc2\x85", 2, "\"\xc2\x85\""));
	CHECK("json_put_str: passes 2-, 3- and 4-byte UTF-8 through",
	    put_is("\xc3\xa9\xe6\x97\xa5\xf0\x9f\x98\x80", 9,
	    "\"\xc3\xa9\xe6\x97\xa5\xf0\x9f\x98\x80\""));
	CHECK("json_put_str: mixed text",
	    put_is("say \"hi\"\n\tto\\me", 15,
	    "\"say \\\"hi\\\"\\n\\tto\\\\me\""));

	buf_init(&b, 0);
	buf_adds(&b, "x=");
	ok = json_put_str(&b, "y", 1) == 0 && b.len == 5 &&
	    memcmp(b.data, "x=\"y\"", 5) == 0 && b.data[5] == '\0';
	CHECK("json_put_str: appends after existing content", ok);

	ok = json_put_str(&b, "\xff", 1) == -1 && b.len == 5 &&
	    strcmp(b.data, "x=\"y\"") == 0;
	CHECK("json_put_str: refuses 0xff leaving the buffer unchanged", ok);
	ok = json_put_str(&b, "ab\xc0\xaf", 4) == -1 && b.len == 5 &&
	    strcmp(b.data, "x=\"y\"") == 0;
	CHECK("json_put_str: refuses overlong leaving the buffer unchanged",
	    ok);
	ok = json_put_str(&b, "ab\xed\xa0\x80", 5) == -1 && b.len == 5 &&
	    strcmp(b.data, "x=\"y\"") == 0;
	CHECK("json_put_str: refuses encoded surrogate leaving the buffer "
	    "unchanged", ok);
	ok = json_put_str(&b, "ab\xe2\x82", 4) == -1 && b.len == 5 &&
	    strcmp(b.data, "x=\"y\"") == 0;
	CHECK("json_put_str: refuses truncated sequence leaving the buffer "
	    "unchanged", ok);
	CHECK("json_put_str: buffer still usable after a refusal",
	    b.err == 0 && json_put_str(&b, "z", 1) == 0 &&
	    strcmp(b.data, "x=\"y\"\"z\"") == 0);
	buf_free(&b);

	buf_init(&b, 0);
	ok = json_put_str(&b, "\x80", 1) == -1 && b.len == 0;
	CHECK("json_put_str: refuses stray continuation in an empty buffer",
	    ok);
	buf_free(&b);

	buf_init(&b, 4);
	ok = json_put_str(&b, "abcdef", 6) == -1;
	CHECK("json_put_str: returns -1 when the append fails", ok);
	buf_free(&b);
}

static void
test_round_trip(void)
{
	char in[256];
	size_t n = 0;
	int c, ok;
	struct buf b;
	struct json *v = NULL;
	struct json_error e;

	/* every ASCII byte but NUL (which the reader refuses as \u0000) */
	for (c = 1; c < 0x80; c++)
		in[n++] = (char)c;
	/* 2-byte: U+0080, U+0085, é, U+07FF */
	memcpy(in + n, "\xc2\x80\xc2\x85\xc3\xa9\xdf\xbf", 8);
	n += 8;
	/* 3-byte: U+0800, €, U+2028, U+2029, CJK, U+FFFF */
	memcpy(in + n, "\xe0\xa0\x80\xe2\x82\xac\xe2\x80\xa8\xe2\x80\xa9"
	    "\xe6\x97\xa5\xef\xbf\xbf", 18);
	n += 18;
	/* 4-byte: U+10000, emoji, U+10FFFF */
	memcpy(in + n, "\xf0\x90\x80\x80\xf0\x9f\x98\x80\xf4\x8f\xbf\xbf", 12);
	n += 12;

	buf_init(&b, 0);
	CHECK("json round trip: json_put_str accepts every byte class",
	    json_put_str(&b, in, n) == 0);
	ok = b.data != NULL && json_parse(b.data, b.len, &deflim, &v, &e) == 0;
	CHECK("json round trip: json_parse reads json_put_str's output", ok);
	CHECK("json round trip: gives back the same bytes", str_is(v, in, n));
	json_free(v);
	buf_free(&b);
}

int
main(void)
{
	test_valid();
	test_malformed();
	test_limits();
	test_error_fields();
	test_runs();
	test_tree();
	test_get();
	test_int();
	test_put_str();
	test_round_trip();
	return unit_exit();
}
