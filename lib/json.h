/* json: a strict JSON reader (RFC 8259) with limits, and writer helpers.
 *
 * The reader refuses what a lenient parser would guess at: trailing data,
 * duplicate keys, invalid UTF-8, lone surrogates, "\u0000", a byte-order
 * mark, and anything past the caller's depth, size and count limits. */
#ifndef HAIL_JSON_H
#define HAIL_JSON_H

#include <stddef.h>

#include "buf.h"

enum json_type {
	JSON_NULL, JSON_FALSE, JSON_TRUE, JSON_NUMBER, JSON_STRING,
	JSON_ARRAY, JSON_OBJECT
};

struct json {
	enum json_type type;
	char *str;		/* string value, or a number's text; NUL-ended */
	size_t len;		/* its length (a string holds no NUL) */
	char *key;		/* member name when inside an object, else NULL */
	size_t keylen;
	struct json *child;	/* first element or member */
	struct json *next;	/* next sibling */
	size_t count;		/* number of elements or members */
};

struct json_limits {
	size_t max_bytes;	/* input size */
	size_t max_depth;	/* nesting of arrays and objects; 1 = flat */
	size_t max_nodes;	/* values in all */
	size_t max_string;	/* bytes of one decoded string or key */
};

/* JSON_LIMITS_DEFAULT: small documents such as presence lines and
 * invitations: 64 KiB, depth 8, 512 values, 16 KiB strings. */
#define JSON_LIMITS_DEFAULT { 65536, 8, 512, 16384 }

struct json_error {
	size_t offset;		/* byte offset where the error was found */
	const char *msg;	/* a static, lower-case description */
};

/* json_parse: parses the whole of s[0..n) as one JSON value. Returns 0 and
 * a tree in *out (free with json_free), or -1 with err filled in (msg
 * "out of memory" when allocation failed). */
int json_parse(const char *s, size_t n, const struct json_limits *lim,
    struct json **out, struct json_error *err);
/* json_free: frees a tree from json_parse; NULL is allowed. */
void json_free(struct json *v);
/* json_get: the member named key of object o, or NULL (also when o is not
 * an object). */
const struct json *json_get(const struct json *o, const char *key);
/* json_int: the value of a number that is an integer in [min, max] written
 * without fraction or exponent; returns 0 and stores it, else -1. */
int json_int(const struct json *v, long long min, long long max,
    long long *out);

/* json_put_str: appends s[0..n) to b as a JSON string with quotes,
 * escaping '"', '\\', controls, DEL, U+2028 and U+2029. Returns -1 for
 * invalid UTF-8 (b unchanged) or a failed append, else 0. */
int json_put_str(struct buf *b, const char *s, size_t n);

#endif
