/* json: strict reader and writer helpers; see json.h. */
#include <errno.h>
#include <limits.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "json.h"
#include "utf8.h"

struct parser {
	const unsigned char *s;
	size_t n, i;
	const struct json_limits *lim;
	size_t nodes;
	struct json_error *err;
	struct buf tmp;		/* decoded string being built */
	struct buf key;		/* member name, until its value is made */
};

static int
fail(struct parser *p, const char *msg)
{
	p->err->offset = p->i;
	p->err->msg = msg;
	return -1;
}

static void
skipws(struct parser *p)
{
	while (p->i < p->n && (p->s[p->i] == ' ' || p->s[p->i] == '\t' ||
	    p->s[p->i] == '\n' || p->s[p->i] == '\r'))
		p->i++;
}

static int
hex4(struct parser *p, unsigned long *v)
{
	size_t k;
	int c;

	if (p->n - p->i < 4)
		return fail(p, "truncated \\u escape");
	*v = 0;
	for (k = 0; k < 4; k++) {
		c = p->s[p->i + k];
		if (c >= '0' && c <= '9')
			c -= '0';
		else if (c >= 'a' && c <= 'f')
			c -= 'a' - 10;
		else if (c >= 'A' && c <= 'F')
			c -= 'A' - 10;
		else
			return fail(p, "bad \\u escape");
		*v = *v << 4 | (unsigned long)c;
	}
	p->i += 4;
	return 0;
}

/* plain_run: how many bytes from the start of s[0..n) are printable
 * ASCII but '"' and '\\', the bytes a JSON string holds as they are. */
static size_t
plain_run(const unsigned char *s, size_t n)
{
	size_t i;

	for (i = 0; i < n && s[i] >= 0x20 && s[i] < 0x7f && s[i] != '"' &&
	    s[i] != '\\'; i++)
		;
	return i;
}

/* string: decodes the string at p->i (on the quote) into out. */
static int
string(struct parser *p, struct buf *out)
{
	unsigned long cp, lo;
	char enc[4];
	size_t k;
	int c;

	buf_reset(out);
	p->i++;
	for (;;) {
		if (p->i >= p->n)
			return fail(p, "unterminated string");
		c = p->s[p->i];
		if (c == '"') {
			p->i++;
			break;
		}
		if (c < 0x20)
			return fail(p, "control character in string");
		if (c == '\\') {
			if (++p->i >= p->n)
				return fail(p, "unterminated string");
			c = p->s[p->i++];
			switch (c) {
			case '"': case '\\': case '/':
				buf_addc(out, c); break;
			case 'b': buf_addc(out, '\b'); break;
			case 'f': buf_addc(out, '\f'); break;
			case 'n': buf_addc(out, '\n'); break;
			case 'r': buf_addc(out, '\r'); break;
			case 't': buf_addc(out, '\t'); break;
			case 'u':
				if (hex4(p, &cp) < 0)
					return -1;
				if (cp >= 0xdc00 && cp <= 0xdfff)
					return fail(p, "lone surrogate");
				if (cp >= 0xd800 && cp <= 0xdbff) {
					if (p->n - p->i < 6 || p->s[p->i] != '\\' ||
					    p->s[p->i + 1] != 'u')
						return fail(p, "lone surrogate");
					p->i += 2;
					if (hex4(p, &lo) < 0)
						return -1;
					if (lo < 0xdc00 || lo > 0xdfff)
						return fail(p, "lone surrogate");
					cp = 0x10000 + ((cp - 0xd800) << 10) +
					    (lo - 0xdc00);
				}
				if (cp == 0)
					return fail(p, "\\u0000 in string");
				k = utf8_encode(cp, enc);
				buf_add(out, enc, k);
				break;
			default:
				p->i--;
				return fail(p, "bad escape");
			}
		} else if (c < 0x80) {
			/* this byte (DEL too) and the plain ones after it
			 * go in whole */
			k = 1 + plain_run(p->s + p->i + 1, p->n - p->i - 1);
			/* a string too long fails just past the byte that
			 * went over, as it did a byte at a time */
			if (out->max && k > out->max - out->len)
				k = out->max - out->len + 1;
			buf_add(out, p->s + p->i, k);
			p->i += k;
		} else {
			if ((k = utf8_decode(p->s + p->i, p->n - p->i, &cp)) == 0)
				return fail(p, "invalid UTF-8");
			buf_add(out, p->s + p->i, k);
			p->i += k;
		}
		if (out->err)
			return fail(p, errno == ENOMEM ? "out of memory" :
			    "string too long");
	}
	return 0;
}

/* number: moves p->i past the number there, as RFC 8259 spells one. */
static int
number(struct parser *p)
{
	size_t start = p->i;

	if (p->s[p->i] == '-')
		p->i++;
	if (p->i >= p->n)
		return fail(p, "bad number");
	if (p->s[p->i] == '0') {
		p->i++;
	} else if (p->s[p->i] >= '1' && p->s[p->i] <= '9') {
		while (p->i < p->n && p->s[p->i] >= '0' && p->s[p->i] <= '9')
			p->i++;
	} else {
		return fail(p, "bad number");
	}
	if (p->i < p->n && p->s[p->i] == '.') {
		p->i++;
		if (p->i >= p->n || p->s[p->i] < '0' || p->s[p->i] > '9')
			return fail(p, "bad number");
		while (p->i < p->n && p->s[p->i] >= '0' && p->s[p->i] <= '9')
			p->i++;
	}
	if (p->i < p->n && (p->s[p->i] == 'e' || p->s[p->i] == 'E')) {
		p->i++;
		if (p->i < p->n && (p->s[p->i] == '+' || p->s[p->i] == '-'))
			p->i++;
		if (p->i >= p->n || p->s[p->i] < '0' || p->s[p->i] > '9')
			return fail(p, "bad number");
		while (p->i < p->n && p->s[p->i] >= '0' && p->s[p->i] <= '9')
			p->i++;
	}
	if (p->i - start > p->lim->max_string)
		return fail(p, "number too long");
	return 0;
}

/* literal: 1, and p->i moved past it, if word is there; else 0. */
static int
literal(struct parser *p, const char *word)
{
	size_t k = strlen(word);

	if (p->n - p->i < k || memcmp(p->s + p->i, word, k) != 0)
		return 0;
	p->i += k;
	return 1;
}

/* node: a new value of type t, made in one allocation with copies of its
 * member name key[0..keylen) and its text[0..len), each NUL-ended (NULL:
 * none), so that a value costs one malloc and one free. */
static struct json *
node(struct parser *p, enum json_type t, const char *key, size_t keylen,
    const char *text, size_t len)
{
	struct json *v;
	char *c;

	/* key and text are decoded from separate parts of the input, so
	 * together they are no longer than it: the sum cannot wrap */
	if ((v = malloc(sizeof(*v) + keylen + 1 + len + 1)) == NULL) {
		fail(p, "out of memory");
		return NULL;
	}
	memset(v, 0, sizeof(*v));
	v->type = t;
	c = (char *)(v + 1);
	if (key) {
		memcpy(c, key, keylen);
		c[keylen] = '\0';
		v->key = c;
		v->keylen = keylen;
		c += keylen + 1;
	}
	if (text) {
		memcpy(c, text, len);
		c[len] = '\0';
		v->str = c;
		v->len = len;
	}
	return v;
}

static int value(struct parser *, size_t, const char *, size_t,
    struct json **);

static int
members(struct parser *p, size_t depth, struct json *v)
{
	struct json **tail = &v->child, *m;
	const struct json *o;
	const char *key;
	size_t keylen;
	int obj = v->type == JSON_OBJECT;
	int close = obj ? '}' : ']';

	if (depth >= p->lim->max_depth)
		return fail(p, "nested too deeply");
	p->i++;
	skipws(p);
	if (p->i < p->n && p->s[p->i] == close) {
		p->i++;
		return 0;
	}
	for (;;) {
		key = NULL;
		keylen = 0;
		if (obj) {
			skipws(p);
			if (p->i >= p->n || p->s[p->i] != '"')
				return fail(p, "expected a member name");
			if (string(p, &p->key) < 0)
				return -1;
			key = p->key.data ? p->key.data : "";
			keylen = p->key.len;
			for (o = v->child; o; o = o->next)
				if (o->keylen == keylen &&
				    memcmp(o->key, key, keylen) == 0)
					return fail(p, "duplicate key");
			skipws(p);
			if (p->i >= p->n || p->s[p->i] != ':')
				return fail(p, "expected ':'");
			p->i++;
		}
		/* the name is copied into the member before p->key is used
		 * again: at once for an object or array, after the text of
		 * a string, which goes to p->tmp */
		if (value(p, depth + 1, key, keylen, &m) < 0)
			return -1;
		*tail = m;
		tail = &m->next;
		v->count++;
		skipws(p);
		if (p->i >= p->n)
			return fail(p, obj ? "unterminated object" :
			    "unterminated array");
		if (p->s[p->i] == close) {
			p->i++;
			return 0;
		}
		if (p->s[p->i] != ',')
			return fail(p, obj ? "expected ',' or '}'" :
			    "expected ',' or ']'");
		p->i++;
	}
}

/* value: parses one value with surrounding white space into *out, named
 * key[0..keylen) (NULL: an array element or the top); on failure *out is
 * NULL and nothing is left allocated. Recursion is bounded by max_depth. */
static int
value(struct parser *p, size_t depth, const char *key, size_t keylen,
    struct json **out)
{
	enum json_type t;
	const char *text = NULL;
	size_t start, len = 0;
	struct json *v;
	int c;

	*out = NULL;
	skipws(p);
	if (p->i >= p->n)
		return fail(p, "unexpected end of input");
	if (++p->nodes > p->lim->max_nodes)
		return fail(p, "too many values");
	c = p->s[p->i];
	if (c == '{' || c == '[') {
		t = c == '{' ? JSON_OBJECT : JSON_ARRAY;
		if ((v = node(p, t, key, keylen, NULL, 0)) == NULL)
			return -1;
		if (members(p, depth, v) < 0) {
			json_free(v);
			return -1;
		}
		*out = v;
		return 0;
	}
	if (c == '"') {
		t = JSON_STRING;
		if (string(p, &p->tmp) < 0)
			return -1;
		text = p->tmp.data ? p->tmp.data : "";
		len = p->tmp.len;
	} else if (c == '-' || (c >= '0' && c <= '9')) {
		t = JSON_NUMBER;
		start = p->i;
		if (number(p) < 0)
			return -1;
		text = (const char *)p->s + start;
		len = p->i - start;
	} else if (literal(p, "true")) {
		t = JSON_TRUE;
	} else if (literal(p, "false")) {
		t = JSON_FALSE;
	} else if (literal(p, "null")) {
		t = JSON_NULL;
	} else {
		return fail(p, "unexpected character");
	}
	*out = node(p, t, key, keylen, text, len);
	return *out ? 0 : -1;
}

int
json_parse(const char *s, size_t n, const struct json_limits *lim,
    struct json **out, struct json_error *err)
{
	struct parser p;
	int r;

	*out = NULL;
	p.s = (const unsigned char *)s;
	p.n = n;
	p.i = 0;
	p.lim = lim;
	p.nodes = 0;
	p.err = err;
	if (n > lim->max_bytes)
		return fail(&p, "document too large");
	buf_init(&p.tmp, lim->max_string);
	buf_init(&p.key, lim->max_string);
	r = value(&p, 0, NULL, 0, out);
	buf_free(&p.tmp);
	buf_free(&p.key);
	if (r == 0) {
		skipws(&p);
		if (p.i != n) {
			json_free(*out);
			*out = NULL;
			return fail(&p, "trailing data after the value");
		}
	}
	return r;
}

void
json_free(struct json *v)
{
	struct json *c, *next;

	if (v == NULL)
		return;
	for (c = v->child; c; c = next) {
		next = c->next;
		json_free(c);
	}
	free(v);	/* its key and text with it: see node() */
}

const struct json *
json_get(const struct json *o, const char *key)
{
	const struct json *m;
	size_t k = strlen(key);

	if (o == NULL || o->type != JSON_OBJECT)
		return NULL;
	for (m = o->child; m; m = m->next)
		if (m->keylen == k && memcmp(m->key, key, k) == 0)
			return m;
	return NULL;
}

int
json_int(const struct json *v, long long min, long long max, long long *out)
{
	long long r = 0;
	size_t i = 0;
	int neg = 0, d;

	if (v == NULL || v->type != JSON_NUMBER)
		return -1;
	if (v->str[0] == '-') {
		neg = 1;
		i = 1;
	}
	if (i == v->len)
		return -1;
	for (; i < v->len; i++) {
		if (v->str[i] < '0' || v->str[i] > '9')
			return -1;	/* fraction or exponent */
		d = v->str[i] - '0';
		/* accumulate negatively: LLONG_MIN has no positive twin */
		if (r < (LLONG_MIN + d) / 10)
			return -1;
		r = r * 10 - d;
	}
	if (!neg) {
		if (r == LLONG_MIN)
			return -1;
		r = -r;
	}
	if (r < min || r > max)
		return -1;
	*out = r;
	return 0;
}

int
json_put_str(struct buf *b, const char *s, size_t n)
{
	static const char hex[] = "0123456789abcdef";
	const unsigned char *p = (const unsigned char *)s;
	unsigned long cp;
	size_t i, k, start = b->len;
	char esc[7];

	buf_addc(b, '"');
	for (i = 0; i < n; i += k) {
		/* most text needs no escape: a run of it goes in whole */
		if ((k = plain_run(p + i, n - i)) > 0) {
			buf_add(b, p + i, k);
			continue;
		}
		/* checked as it goes, rather than in a pass of its own */
		if ((k = utf8_decode(p + i, n - i, &cp)) == 0) {
			buf_truncate(b, start);
			return -1;
		}
		if (cp == '"' || cp == '\\') {
			buf_addc(b, '\\');
			buf_addc(b, (int)cp);
		} else if (cp == '\n') {
			buf_adds(b, "\\n");
		} else if (cp == '\t') {
			buf_adds(b, "\\t");
		} else if (cp == '\r') {
			buf_adds(b, "\\r");
		} else if (cp < 0x20 || cp == 0x7f || cp == 0x2028 ||
		    cp == 0x2029) {
			esc[0] = '\\';
			esc[1] = 'u';
			esc[2] = hex[cp >> 12 & 0xf];
			esc[3] = hex[cp >> 8 & 0xf];
			esc[4] = hex[cp >> 4 & 0xf];
			esc[5] = hex[cp & 0xf];
			buf_add(b, esc, 6);
		} else {
			buf_add(b, p + i, k);
		}
	}
	buf_addc(b, '"');
	return b->err ? buf_truncate(b, start) : 0;
}
