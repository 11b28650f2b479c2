/* invitation: the invitation object, read strictly; see invitation.h. */
#include <arpa/inet.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "b64.h"
#include "invitation.h"
#include "num.h"
#include "pem.h"
#include "utf8.h"

int
inv_url_ok(const char *u)
{
	const char *p;
	size_t auth;

	if (strncmp(u, "https://", 8) != 0 || strlen(u) > INV_URL_MAX)
		return 0;
	/* a host, and no user information (credentials have no place in
	 * a mail, and "user@" hides where a link goes) */
	auth = strcspn(u + 8, "/?#");
	if (auth == 0 || memchr(u + 8, '@', auth) != NULL || u[8] == ':')
		return 0;
	for (p = u; *p; p++)
		if (*p <= ' ' || *p >= 0x7f || strchr("\"'<>\\^`{|}", *p))
			return 0;
	return 1;
}

int
inv_endpoint(const char *e, int *tls, char *host, size_t hn, unsigned *port)
{
	char probe[INV_HOST_MAX + 3];
	const char *h, *colon;
	long long p;
	size_t n;

	if (strncmp(e, "tcp://", 6) != 0 && strncmp(e, "tls://", 6) != 0)
		return -1;
	h = e + 6;
	if ((colon = strrchr(h, ':')) == NULL || colon[1] == '0' ||
	    num_parse(colon + 1, 1, 65535, &p) != NULL)
		return -1;
	n = (size_t)(colon - h);
	if (h[0] == '[') {
		struct in6_addr a6;

		if (n < 3 || h[n - 1] != ']' || n - 2 >= hn)
			return -1;
		memcpy(host, h + 1, n - 2);
		host[n - 2] = '\0';
		if (inet_pton(AF_INET6, host, &a6) != 1)
			return -1;
	} else {
		if (n == 0 || n > INV_HOST_MAX || n >= hn)
			return -1;
		memcpy(host, h, n);
		host[n] = '\0';
		if (strspn(host, "0123456789.") == n) {
			struct in_addr a4;

			if (inet_pton(AF_INET, host, &a4) != 1)
				return -1;
		} else {
			/* a host name reads as the domain of an address, and
			 * its last label is letters (or an A-label) as every
			 * top-level domain is: "0x7f.1" or "0177" would be
			 * an address to the resolver */
			const char *tld = strrchr(host, '.');

			tld = tld ? tld + 1 : host;
			probe[0] = 'x';
			probe[1] = '@';
			memcpy(probe + 2, host, n + 1);
			if (!mimew_addr_valid(probe) ||
			    (strncasecmp(tld, "xn--", 4) != 0 &&
			    strspn(tld, "abcdefghijklmnopqrstuvwxyz"
			    "ABCDEFGHIJKLMNOPQRSTUVWXYZ") != strlen(tld)))
				return -1;
		}
	}
	*tls = e[1] == 'l';
	*port = (unsigned)p;
	return 0;
}

/* str: the string member key of o, at most max bytes, or NULL */
static const struct json *
str(const struct json *o, const char *key, size_t max)
{
	const struct json *v = json_get(o, key);

	return v && v->type == JSON_STRING && v->len <= max ? v : NULL;
}

static int
hex(const struct json *v, size_t len)
{
	return v && v->len == len && strspn(v->str, "0123456789abcdef") == len;
}

/* text: an optional member of printable text copied into out */
static int
text(const struct json *o, const char *key, char *out, size_t max)
{
	const struct json *v = json_get(o, key);

	out[0] = '\0';
	if (v == NULL)
		return 0;
	if (v->type != JSON_STRING || v->len > max ||
	    !utf8_printable(v->str, v->len))
		return -1;
	memcpy(out, v->str, v->len + 1);
	return 0;
}

/* when: a time written exactly as invmk writes it, for the token covers
 * the text, not the instant */
static int
when(const struct json *v, char *out, time_t *t)
{
	if (v == NULL || v->len != RFC3339_LEN ||
	    rfc3339_parse(v->str, v->len, t) < 0 ||
	    rfc3339_fmt(*t, out) < 0 || strcmp(out, v->str) != 0)
		return -1;
	return 0;
}

int
inv_same_address(const char *a, const char *b)
{
	const char *at = strrchr(a, '@'), *bt = strrchr(b, '@');

	return at && bt && at - a == bt - b &&
	    strncmp(a, b, (size_t)(at - a)) == 0 && strcasecmp(at, bt) == 0;
}

/* fields: every check of inv_parse but the JSON itself */
static const char *
fields(const struct json *o, struct invitation *inv)
{
	const struct json *v, *s, *c;
	struct buf pem;
	const char *why;
	long long ver;

	if (o->type != JSON_OBJECT)
		return "not an object";
	if (json_int(json_get(o, "v"), 1, 1, &ver) < 0)
		return "unknown version";
	if (!hex(v = str(o, "id", INV_ID_LEN), INV_ID_LEN))
		return "bad id";
	memcpy(inv->id, v->str, INV_ID_LEN + 1);
	if ((v = str(o, "from", MIMEW_ADDR_MAX)) == NULL ||
	    !mimew_addr_valid(v->str))
		return "bad from";
	memcpy(inv->from, v->str, v->len + 1);
	if (text(o, "from_name", inv->from_name, MIMEW_TEXT_MAX) < 0)
		return "bad from_name";
	if ((v = str(o, "to", MIMEW_ADDR_MAX)) == NULL ||
	    !mimew_addr_valid(v->str))
		return "bad to";
	memcpy(inv->to, v->str, v->len + 1);
	if (when(str(o, "created", RFC3339_LEN), inv->created_s,
	    &inv->created) < 0)
		return "bad created";
	if (when(str(o, "expires", RFC3339_LEN), inv->expires_s,
	    &inv->expires) < 0 || inv->expires <= inv->created)
		return "bad expires";
	if ((v = json_get(o, "presence")) == NULL)
		return "no presence";
	if (pres_from_json(v, &inv->pres, &why) < 0)
		return why;
	if (!inv_same_address(inv->pres.user, inv->from))
		return "the presence is not the inviter's";
	if ((s = json_get(o, "session")) == NULL || s->type != JSON_OBJECT)
		return "no session";
	if ((v = str(s, "endpoint", sizeof(inv->endpoint) - 1)) == NULL ||
	    inv_endpoint(v->str, &inv->tls, inv->host, sizeof(inv->host),
	    &inv->port) < 0)
		return "bad endpoint";
	memcpy(inv->endpoint, v->str, v->len + 1);
	c = json_get(s, "certificate");
	if (inv->tls != (c != NULL))
		return inv->tls ? "a tls endpoint without a certificate" :
		    "a certificate for a tcp endpoint";
	if (c) {
		if (c->type != JSON_STRING || c->len > INV_CERT_MAX)
			return "bad certificate";
		buf_init(&pem, 0);
		if (pem_certs(c->str, c->len, &pem, &why) < 0) {
			buf_free(&pem);
			return "bad certificate";
		}
		inv->cert = pem.data;
	}
	if ((v = str(o, "token", TOKEN_LEN)) == NULL ||
	    v->len != TOKEN_LEN || !b64_is_url(v->str, v->len))
		return "bad token";
	memcpy(inv->token, v->str, TOKEN_LEN + 1);
	if ((s = json_get(o, "renderer")) != NULL) {
		if (s->type != JSON_OBJECT ||
		    (v = str(s, "url", INV_URL_MAX)) == NULL ||
		    !inv_url_ok(v->str))
			return "bad renderer url";
		memcpy(inv->renderer, v->str, v->len + 1);
		if (!hex(v = str(s, "sha256", 64), 64))
			return "bad renderer sha256";
		memcpy(inv->sha256, v->str, 65);
	}
	if ((v = json_get(o, "presence_url")) != NULL) {
		if (v->type != JSON_STRING || v->len > INV_URL_MAX ||
		    !inv_url_ok(v->str))
			return "bad presence_url";
		memcpy(inv->presence_url, v->str, v->len + 1);
	}
	if (text(o, "note", inv->note, INV_NOTE_MAX) < 0)
		return "bad note";
	return NULL;
}

int
inv_parse(const char *s, size_t n, struct invitation *inv, const char **why)
{
	static const struct json_limits lim = { INV_MAX, 4, 128, 20000 };
	struct json *o;
	struct json_error e;

	memset(inv, 0, sizeof(*inv));
	if (json_parse(s, n, &lim, &o, &e) < 0) {
		*why = e.msg;
		return -1;
	}
	*why = fields(o, inv);
	json_free(o);
	if (*why != NULL) {
		inv_free(inv);
		return -1;
	}
	return 0;
}

int
inv_expired(const struct invitation *inv, time_t now)
{
	return now >= inv->expires;
}

void
inv_free(struct invitation *inv)
{
	free(inv->cert);
	inv->cert = NULL;
}
