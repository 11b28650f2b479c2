/* wire: sessd's wire lines, made and read; see wire.h. */
#include <limits.h>
#include <string.h>

#include "b64.h"
#include "mimew.h"
#include "rfc3339.h"
#include "utf8.h"
#include "wire.h"

static const char *const states[] = {
	"active", "composing", "paused", "inactive", "gone"
};

/* add_num: appends n in decimal, as %llu writes it (snprintf cost more
 * than the rest of a message line) */
static void
add_num(struct buf *b, unsigned long long n)
{
	char t[20], *p = t + sizeof(t);	/* 2^64 - 1 has 20 digits */

	do
		*--p = (char)('0' + n % 10);
	while ((n /= 10) > 0);
	buf_add(b, p, (size_t)(t + sizeof(t) - p));
}

int
wire_hello(struct buf *b, const struct invitation *inv,
    unsigned long long ack, int watch, const char *decline)
{
	buf_adds(b, "{\"type\":\"hello\",\"v\":1,\"id\":\"");
	buf_adds(b, inv->id);
	buf_adds(b, "\",\"user\":");
	if (json_put_str(b, inv->to, strlen(inv->to)) < 0)
		return -1;
	buf_adds(b, ",\"expires\":\"");
	buf_adds(b, inv->expires_s);
	buf_adds(b, "\",\"token\":\"");
	buf_adds(b, inv->token);
	buf_adds(b, "\",\"ack\":");
	add_num(b, ack);
	if (watch)
		buf_adds(b, ",\"watch\":true");
	if (decline) {
		buf_adds(b, ",\"decline\":\"");
		buf_adds(b, decline);
		buf_addc(b, '"');
	}
	buf_addc(b, '}');
	return b->err ? -1 : 0;
}

const char *
wire_decline_reason(const char *s, size_t n)
{
	static const char *const reasons[] = { "busy", "declined",
	    "not now" };
	size_t i;

	for (i = 0; i < sizeof(reasons) / sizeof(reasons[0]); i++)
		if (strlen(reasons[i]) == n && memcmp(reasons[i], s, n) == 0)
			return reasons[i];
	return NULL;
}

int
wire_welcome(struct buf *b, unsigned long long ack, const char *user,
    int watch)
{
	buf_adds(b, "{\"type\":\"welcome\",\"v\":1,\"ack\":");
	add_num(b, ack);
	buf_adds(b, ",\"user\":");
	if (json_put_str(b, user, strlen(user)) < 0)
		return -1;
	if (watch)
		buf_adds(b, ",\"watch\":true");
	buf_addc(b, '}');
	return b->err ? -1 : 0;
}

int
wire_msg(struct buf *b, unsigned long long seq, const char *time,
    const char *text, size_t n)
{
	buf_adds(b, "{\"type\":\"msg\",\"seq\":");
	add_num(b, seq);
	buf_adds(b, ",\"time\":\"");
	buf_add(b, time, RFC3339_LEN);
	buf_adds(b, "\",\"text\":");
	if (json_put_str(b, text, n) < 0)
		return -1;
	buf_addc(b, '}');
	return b->err ? -1 : 0;
}

int
wire_ack(struct buf *b, unsigned long long seq)
{
	buf_adds(b, "{\"type\":\"ack\",\"seq\":");
	add_num(b, seq);
	buf_addc(b, '}');
	return b->err ? -1 : 0;
}

int
wire_presence(struct buf *b, const char *line, size_t n)
{
	buf_adds(b, "{\"type\":\"presence\",\"presence\":");
	buf_add(b, line, n);
	buf_addc(b, '}');
	return b->err ? -1 : 0;
}

int
wire_state(struct buf *b, const char *state)
{
	buf_adds(b, "{\"type\":\"state\",\"state\":\"");
	buf_adds(b, state);
	buf_adds(b, "\"}");
	return b->err ? -1 : 0;
}

int
wire_error(struct buf *b, const char *reason)
{
	buf_adds(b, "{\"type\":\"error\",\"reason\":");
	if (json_put_str(b, reason, strlen(reason)) < 0)
		return -1;
	buf_addc(b, '}');
	return b->err ? -1 : 0;
}

int
wire_simple(struct buf *b, const char *type)
{
	buf_adds(b, "{\"type\":\"");
	buf_adds(b, type);
	buf_adds(b, "\"}");
	return b->err ? -1 : 0;
}

const char *
wire_state_name(const char *s, size_t n)
{
	size_t i;

	for (i = 0; i < sizeof(states) / sizeof(states[0]); i++)
		if (strlen(states[i]) == n && memcmp(states[i], s, n) == 0)
			return states[i];
	return NULL;
}

/* is_str: 1 if v is a string */
static int
is_str(const struct json *v)
{
	return v != NULL && v->type == JSON_STRING;
}

/* is_time: 1 if s[0..n) is a time as rfc3339_fmt writes it, which can
 * go into a line as it is (no quote, backslash or newline). Of 20 bytes,
 * rfc3339_parse takes only YYYY-MM-DDTHH:MM:SSZ with 't' and 'z' for
 * 'T' and 'Z' and a leap second :60, so that with those three refused
 * what it takes is what rfc3339_fmt writes: no need to write it again. */
static int
is_time(const char *s, size_t n)
{
	time_t t;

	return n == RFC3339_LEN && s[10] == 'T' && s[19] == 'Z' &&
	    !(s[17] == '6' && s[18] == '0') && rfc3339_parse(s, n, &t) == 0;
}

/* hello_fields: the checks of wire_read_hello on the parsed o */
static const char *
hello_fields(const struct json *o, struct wire_hello *h)
{
	const struct json *type, *id, *user, *exp, *tok, *ack, *watch, *no;
	long long n;

	type = json_get(o, "type");
	id = json_get(o, "id");
	user = json_get(o, "user");
	exp = json_get(o, "expires");
	tok = json_get(o, "token");
	if (o->type != JSON_OBJECT || !is_str(type) ||
	    strcmp(type->str, "hello") != 0)
		return "not a hello";
	if (json_int(json_get(o, "v"), 1, 1, &n) < 0)
		return "unknown version";
	if (!is_str(id) || id->len != INV_ID_LEN ||
	    strspn(id->str, "0123456789abcdef") != INV_ID_LEN)
		return "bad id";
	if (!is_str(user) || user->len > MIMEW_ADDR_MAX ||
	    !mimew_addr_valid(user->str))
		return "bad user";
	if (!is_str(exp) || !is_time(exp->str, exp->len) ||
	    rfc3339_parse(exp->str, exp->len, &h->expires_t) < 0)
		return "bad expires";
	if (!is_str(tok) || tok->len != TOKEN_LEN ||
	    !b64_is_url(tok->str, tok->len))
		return "bad token";
	n = 0;
	if ((ack = json_get(o, "ack")) != NULL &&
	    json_int(ack, 0, LLONG_MAX, &n) < 0)
		return "bad ack";
	h->watch = 0;
	if ((watch = json_get(o, "watch")) != NULL) {
		if (watch->type != JSON_TRUE && watch->type != JSON_FALSE)
			return "bad watch";
		h->watch = watch->type == JSON_TRUE;
	}
	h->decline = NULL;
	if ((no = json_get(o, "decline")) != NULL && (!is_str(no) ||
	    (h->decline = wire_decline_reason(no->str, no->len)) == NULL))
		return "bad decline";
	memcpy(h->id, id->str, INV_ID_LEN + 1);
	memcpy(h->user, user->str, user->len + 1);
	memcpy(h->expires, exp->str, RFC3339_LEN + 1);
	memcpy(h->token, tok->str, TOKEN_LEN + 1);
	h->ack = (unsigned long long)n;
	return NULL;
}

int
wire_read_hello(const char *s, size_t n, struct wire_hello *h,
    const char **why)
{
	static const struct json_limits lim = { WIRE_HELLO_MAX, 2, 32, 512 };
	struct json *o;
	struct json_error je;

	if (json_parse(s, n, &lim, &o, &je) < 0) {
		*why = je.msg;
		return -1;
	}
	*why = hello_fields(o, h);
	json_free(o);
	return *why ? -1 : 0;
}

const char *
wire_check_hello(const struct wire_hello *h,
    const unsigned char key[SECRET_LEN], time_t now)
{
	if (!token_check(key, h->id, h->user, h->expires, h->token))
		return "wrong token";
	if (h->expires_t <= now)
		return "expired";
	return NULL;
}

int
wire_read_welcome(const char *s, size_t n, unsigned long long *ack)
{
	static const struct json_limits lim = { WIRE_HELLO_MAX, 2, 32, 512 };
	const struct json *v;
	struct json *o;
	struct json_error je;
	long long a = 0;
	int r = 0;

	if (json_parse(s, n, &lim, &o, &je) < 0)
		return -1;
	v = json_get(o, "type");
	if (!is_str(v) || strcmp(v->str, "welcome") != 0)
		r = 1;
	else if ((v = json_get(o, "ack")) != NULL &&
	    json_int(v, 0, LLONG_MAX, &a) < 0)
		a = 0;
	json_free(o);
	*ack = (unsigned long long)a;
	return r;
}

/* read_fields: the checks of wire_read for o's type */
static const char *
read_fields(const struct json *o, struct wire_in *w)
{
	static const struct {
		const char *name;
		enum wire_type type;
	} types[] = {
		{ "msg", WIRE_MSG }, { "ack", WIRE_ACK },
		{ "presence", WIRE_PRESENCE }, { "state", WIRE_STATE },
		{ "ping", WIRE_PING }, { "pong", WIRE_PONG },
		{ "bye", WIRE_BYE }, { "error", WIRE_ERROR },
	};
	const struct json *type, *v;
	const char *why;
	long long seq;
	size_t i;

	type = json_get(o, "type");
	if (o->type != JSON_OBJECT || !is_str(type))
		return "malformed line";
	for (i = 0; i < sizeof(types) / sizeof(types[0]); i++)
		if (strcmp(type->str, types[i].name) == 0)
			break;
	if (i == sizeof(types) / sizeof(types[0]))
		return "unknown type";
	w->type = types[i].type;
	switch (w->type) {
	case WIRE_MSG:
		v = json_get(o, "text");
		if (json_int(json_get(o, "seq"), 1, LLONG_MAX, &seq) < 0 ||
		    !is_str(v))
			return "malformed message";
		w->seq = (unsigned long long)seq;
		w->text = v->str;
		w->len = v->len;
		v = json_get(o, "time");
		w->time = is_str(v) && is_time(v->str, v->len) ? v->str :
		    NULL;
		break;
	case WIRE_ACK:
		if (json_int(json_get(o, "seq"), 0, LLONG_MAX, &seq) < 0)
			return "malformed ack";
		w->seq = (unsigned long long)seq;
		break;
	case WIRE_PRESENCE:
		if ((v = json_get(o, "presence")) == NULL ||
		    pres_from_json(v, &w->pres, &why) < 0)
			return "bad presence";
		break;
	case WIRE_STATE:
		v = json_get(o, "state");
		if (!is_str(v) || wire_state_name(v->str, v->len) == NULL)
			return "bad state";
		break;
	default:
		break;
	}
	return NULL;
}

/* skip: 1 and *p moved past it if the literal lit is at *p (before
 * end) */
static int
skip(const char **p, const char *end, const char *lit, size_t n)
{
	if ((size_t)(end - *p) < n || memcmp(*p, lit, n) != 0)
		return 0;
	*p += n;
	return 1;
}

#define SKIP(p, end, lit) skip((p), (end), (lit), sizeof(lit) - 1)

/* canonical_msg: 1, w filled, if s[0..n) is a message exactly as
 * wire_msg makes it, {"type":"msg","seq":N,"time":"T","text":"S"}, with
 * N from 1 to LLONG_MAX as %llu writes it, T as is_time takes it, and S
 * of at most WIRE_TEXT_MAX bytes that need no escape: printable ASCII
 * but '"' and '\', and UTF-8 sequences but U+2028 and U+2029. The JSON
 * reader takes such a line within its limits, and read_fields finds the
 * same seq, time and text in it; and json_put_str writes S as it is, so
 * that the line is what wire_msg makes of them. For any other line 0,
 * and the reader decides. */
static int
canonical_msg(const char *s, size_t n, struct wire_in *w)
{
	const char *p = s, *end = s + n, *t, *text;
	unsigned long long seq = 0, d;
	unsigned long cp;
	size_t k;

	if (n > WIRE_MAX || !SKIP(&p, end, "{\"type\":\"msg\",\"seq\":") ||
	    p == end || *p < '1' || *p > '9')
		return 0;
	for (; p < end && *p >= '0' && *p <= '9'; p++) {
		d = (unsigned long long)(*p - '0');
		if (seq > ((unsigned long long)LLONG_MAX - d) / 10)
			return 0;
		seq = seq * 10 + d;
	}
	if (!SKIP(&p, end, ",\"time\":\"") || end - p < RFC3339_LEN ||
	    !is_time(p, RFC3339_LEN))
		return 0;
	t = p;
	p += RFC3339_LEN;
	if (!SKIP(&p, end, "\",\"text\":\""))
		return 0;
	for (text = p; p < end && *p != '"'; p += k) {
		k = 1;
		if ((unsigned char)*p >= 0x20 && (unsigned char)*p < 0x7f &&
		    *p != '\\')
			continue;
		if ((unsigned char)*p < 0x80 ||
		    (k = utf8_decode((const unsigned char *)p,
		    (size_t)(end - p), &cp)) == 0 ||
		    cp == 0x2028 || cp == 0x2029)
			return 0;
	}
	if ((size_t)(p - text) > WIRE_TEXT_MAX || !SKIP(&p, end, "\"}") ||
	    p != end)
		return 0;
	w->type = WIRE_MSG;
	w->seq = seq;
	w->time = t;
	w->text = text;
	w->len = (size_t)(end - 2 - text);
	w->canonical = 1;
	w->tree = NULL;
	return 1;
}

int
wire_read(const char *s, size_t n, struct wire_in *w, const char **why)
{
	static const struct json_limits lim = { WIRE_MAX, 4, 256,
	    WIRE_TEXT_MAX };
	struct json_error je;

	if (canonical_msg(s, n, w))
		return 0;
	w->tree = NULL;
	w->canonical = 0;
	if (json_parse(s, n, &lim, &w->tree, &je) < 0) {
		*why = "malformed line";
		return -1;
	}
	if ((*why = read_fields(w->tree, w)) != NULL) {
		json_free(w->tree);
		w->tree = NULL;
		return -1;
	}
	return 0;
}

void
wire_in_free(struct wire_in *w)
{
	json_free(w->tree);
	w->tree = NULL;
}
