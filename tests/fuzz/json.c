/* fuzz target: lib/json.c, the strict JSON reader and json_put_str.
 *
 * Checks, aborting on a violation: a document the reader takes, written
 * out again (json_put_str for strings and names, numbers as written),
 * reads back as the same tree, and writing that gives the same bytes;
 * json_int agrees with strtoll on what it takes; json_put_str of the
 * input, when it is UTF-8 without NUL, reads back as the input, and
 * fails, leaving the buffer as it was, when it is not UTF-8. */
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "../../lib/buf.h"
#include "../../lib/json.h"
#include "../../lib/utf8.h"

int LLVMFuzzerTestOneInput(const unsigned char *, size_t);

static void
put(struct buf *b, const struct json *v)
{
	const struct json *c;
	long long ll;

	if (v->key && json_put_str(b, v->key, v->keylen) == 0)
		buf_addc(b, ':');
	switch (v->type) {
	case JSON_NULL:
		buf_adds(b, "null");
		break;
	case JSON_FALSE:
		buf_adds(b, "false");
		break;
	case JSON_TRUE:
		buf_adds(b, "true");
		break;
	case JSON_NUMBER:
		if (v->len == 0 || strlen(v->str) != v->len)
			abort();
		if (json_int(v, -1000000, 1000000, &ll) == 0 &&
		    (ll < -1000000 || ll > 1000000 ||
		    strtoll(v->str, NULL, 10) != ll))
			abort();
		buf_add(b, v->str, v->len);
		break;
	case JSON_STRING:
		if (json_put_str(b, v->str, v->len) < 0 ||
		    memchr(v->str, '\0', v->len) != NULL)
			abort();
		break;
	case JSON_ARRAY:
	case JSON_OBJECT: {
		size_t k = 0;

		buf_addc(b, v->type == JSON_ARRAY ? '[' : '{');
		for (c = v->child; c; c = c->next, k++) {
			if (k)
				buf_addc(b, ',');
			if ((c->key != NULL) != (v->type == JSON_OBJECT))
				abort();
			put(b, c);
		}
		if (k != v->count)
			abort();
		buf_addc(b, v->type == JSON_ARRAY ? ']' : '}');
		break;
	}
	default:
		abort();
	}
}

static int
same(const struct json *a, const struct json *b)
{
	for (; a && b; a = a->next, b = b->next) {
		if (a->type != b->type || a->count != b->count ||
		    (a->key == NULL) != (b->key == NULL) ||
		    (a->key && (a->keylen != b->keylen ||
		    memcmp(a->key, b->key, a->keylen) != 0)))
			return 0;
		if ((a->type == JSON_NUMBER || a->type == JSON_STRING) &&
		    (a->len != b->len || memcmp(a->str, b->str, a->len) != 0))
			return 0;
		if (!same(a->child, b->child))
			return 0;
	}
	return a == NULL && b == NULL;
}

static void
write_read(const char *s, size_t n)
{
	static const struct json_limits lim = JSON_LIMITS_DEFAULT;
	/* escapes make text longer: the limit for the written form */
	static const struct json_limits wide = { 6 * 65536, 8, 512, 16384 };
	struct json *v, *w;
	struct json_error err;
	struct buf b1, b2;

	if (json_parse(s, n, &lim, &v, &err) < 0) {
		if (v != NULL || err.msg == NULL || err.offset > n)
			abort();
		return;
	}
	buf_init(&b1, 0);
	buf_init(&b2, 0);
	put(&b1, v);
	if (b1.err || json_parse(b1.data, b1.len, &wide, &w, &err) < 0 ||
	    !same(v, w))
		abort();
	put(&b2, w);
	if (b2.err || b1.len != b2.len || memcmp(b1.data, b2.data, b1.len))
		abort();
	json_free(v);
	json_free(w);
	buf_free(&b1);
	buf_free(&b2);
}

static void
string_round_trip(const char *s, size_t n)
{
	static const struct json_limits lim = { 6 * 65536 + 2, 1, 1, 65536 };
	struct json *v;
	struct json_error err;
	struct buf b;

	buf_init(&b, 0);
	buf_adds(&b, "x");
	if (json_put_str(&b, s, n) < 0) {
		if (utf8_valid(s, n) || b.len != 1)
			abort();
	} else if (!utf8_valid(s, n)) {
		abort();
	} else if (memchr(s, '\0', n) == NULL) {
		if (json_parse(b.data + 1, b.len - 1, &lim, &v, &err) < 0 ||
		    v->type != JSON_STRING || v->len != n ||
		    memcmp(v->str, s, n) != 0)
			abort();
		json_free(v);
	}
	buf_free(&b);
}

int
LLVMFuzzerTestOneInput(const unsigned char *data, size_t size)
{
	write_read((const char *)data, size);
	string_round_trip((const char *)data, size);
	return 0;
}
