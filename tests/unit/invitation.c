/* unit tests of lib/invitation.c: a good invitation read field by field,
 * and every kind of bad field refused with its reason. */
#include <stdlib.h>
#include <string.h>

#include "../../lib/buf.h"
#include "../../lib/invitation.h"
#include "unit.h"

#define PRES "{\"v\":1,\"user\":\"alice@example.org\",\"status\":\"away\"," \
	"\"last_input\":\"2026-11-25T09:00:00Z\",\"since\":" \
	"\"2026-11-25T09:05:00Z\",\"time\":\"2026-11-25T09:05:12Z\"," \
	"\"expires\":\"2026-11-25T09:10:12Z\"}"
#define TOKEN "AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA_"
#define ID "0123456789abcdef0123456789abcdef"

/* edit: the good invitation with its text from "from" replaced by "to" */
static char *
edit(const char *good, const char *from, const char *to)
{
	const char *at = strstr(good, from);
	size_t n = strlen(good) - strlen(from) + strlen(to) + 1;
	char *s = malloc(n);

	if (at == NULL || s == NULL)
		abort();
	memcpy(s, good, (size_t)(at - good));
	strcpy(s + (at - good), to);
	strcat(s, at + strlen(from));
	return s;
}

static void
refused(const char *what, const char *good, const char *from, const char *to,
    const char *reason)
{
	struct invitation inv;
	const char *why = NULL;
	char *s = edit(good, from, to);
	int rc = inv_parse(s, strlen(s), &inv, &why);

	CHECK(what, rc < 0 && why && strcmp(why, reason) == 0);
	if (rc == 0 || why == NULL || strcmp(why, reason) != 0)
		printf("# want [%s] got %d [%s]\n", reason, rc,
		    why ? why : "");
	if (rc == 0)
		inv_free(&inv);
	free(s);
}

int
main(void)
{
	static const char good[] = "{\"v\":1,\"id\":\"" ID "\","
	    "\"from\":\"alice@example.org\",\"from_name\":\"Alice\","
	    "\"to\":\"bob@example.net\",\"created\":\"2026-11-25T09:05:12Z\","
	    "\"expires\":\"2026-11-26T09:05:12Z\",\"presence\":" PRES ","
	    "\"session\":{\"endpoint\":\"tcp://h.example.org:7070\"},"
	    "\"token\":\"" TOKEN "\",\"renderer\":{\"url\":"
	    "\"https://r.example.org/card.jq\",\"sha256\":"
	    "\"" ID ID "\"},\"presence_url\":\"https://p.example.org/a\","
	    "\"note\":\"about the release\",\"future\":[1,2]}";
	struct invitation inv;
	const char *why;
	char host[300];
	unsigned port;
	int tls;

	CHECK("a good invitation is read", inv_parse(good, strlen(good), &inv,
	    &why) == 0);
	CHECK("  ... its fields", strcmp(inv.id, ID) == 0 &&
	    strcmp(inv.from, "alice@example.org") == 0 &&
	    strcmp(inv.from_name, "Alice") == 0 &&
	    strcmp(inv.to, "bob@example.net") == 0 &&
	    strcmp(inv.expires_s, "2026-11-26T09:05:12Z") == 0 &&
	    inv.expires - inv.created == 86400 &&
	    inv.pres.status == PRES_AWAY && !inv.tls &&
	    strcmp(inv.host, "h.example.org") == 0 && inv.port == 7070 &&
	    inv.cert == NULL && strcmp(inv.token, TOKEN) == 0 &&
	    strcmp(inv.renderer, "https://r.example.org/card.jq") == 0 &&
	    strcmp(inv.sha256, ID ID) == 0 &&
	    strcmp(inv.presence_url, "https://p.example.org/a") == 0 &&
	    strcmp(inv.note, "about the release") == 0);
	CHECK("  ... not expired the second before, expired at expires",
	    !inv_expired(&inv, inv.expires - 1) &&
	    inv_expired(&inv, inv.expires));
	inv_free(&inv);

	refused("trailing data", good, "[1,2]}", "[1,2]} {}",
	    "trailing data after the value");
	refused("a duplicate key", good, "\"v\":1,", "\"v\":1,\"v\":1,",
	    "duplicate key");
	refused("version 2", good, "\"v\":1,\"id\"", "\"v\":2,\"id\"",
	    "unknown version");
	refused("version 1.0", good, "\"v\":1,\"id\"", "\"v\":1.0,\"id\"",
	    "unknown version");
	refused("an upper-case id", good, "\"" ID "\",\"from\"",
	    "\"0123456789ABCDEF0123456789abcdef\",\"from\"", "bad id");
	refused("a short id", good, "\"" ID "\",\"from\"", "\"0123\",\"from\"",
	    "bad id");
	refused("no id", good, "\"id\":", "\"ID\":", "bad id");
	refused("two @ in from", good, "\"alice@example.org\",\"from_name\"",
	    "\"a@b@example.org\",\"from_name\"", "bad from");
	refused("a CR LF in to", good, "bob@example.net",
	    "bob@example.net\\r\\nBcc: e@x.org", "bad to");
	refused("an ESC in from_name", good, "\"Alice\"", "\"A\\u001b[2J\"",
	    "bad from_name");
	refused("a NUL in the note", good, "about the", "about\\u0000the",
	    "\\u0000 in string");
	refused("an offset time", good, "2026-11-26T09:05:12Z",
	    "2026-11-26T10:05:12+01:00", "bad expires");
	refused("expires before created", good, "2026-11-26T09:05:12Z",
	    "2026-11-25T09:05:12Z", "bad expires");
	refused("a number for expires", good, "\"2026-11-26T09:05:12Z\"",
	    "1e1000", "bad expires");
	refused("another user's presence", good,
	    "\"user\":\"alice@example.org\"", "\"user\":\"eve@example.org\"",
	    "the presence is not the inviter's");
	refused("a broken presence", good, "\"status\":\"away\"",
	    "\"status\":\"gone\"", "bad status");
	refused("an http endpoint", good, "tcp://h.example.org:7070",
	    "http://h.example.org:7070", "bad endpoint");
	refused("port 0", good, "h.example.org:7070", "h.example.org:0",
	    "bad endpoint");
	refused("port 65536", good, "h.example.org:7070",
	    "h.example.org:65536", "bad endpoint");
	refused("a shell in the host", good, "h.example.org:7070",
	    "$(reboot):7070", "bad endpoint");
	refused("a path in the host", good, "h.example.org:7070",
	    "../../x:7070", "bad endpoint");
	refused("tls without a certificate", good, "tcp://h", "tls://h",
	    "a tls endpoint without a certificate");
	refused("a certificate for tcp", good, "7070\"}",
	    "7070\",\"certificate\":\"x\"}", "a certificate for a tcp endpoint");
	refused("a short token", good, TOKEN, "AAAA", "bad token");
	refused("a padded token", good, TOKEN, "AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA=",
	    "bad token");
	refused("an http renderer", good, "https://r.example.org",
	    "http://r.example.org", "bad renderer url");
	refused("a renderer url with a space", good, "card.jq", "ca rd.jq",
	    "bad renderer url");
	refused("an upper-case renderer sha256", good, ID ID "\"",
	    "0123456789ABCDEF0123456789abcdef" ID "\"", "bad renderer sha256");
	refused("a file: presence_url", good, "https://p.example.org/a",
	    "file:///etc/passwd", "bad presence_url");
	refused("a user in the presence_url", good, "https://p.example.org",
	    "https://x@p.example.org", "bad presence_url");
	refused("a note with a right-to-left override", good, "about the",
	    "about \\u202e the", "bad note");
	refused("not an object", good, good, "[1]", "not an object");

	CHECK("endpoint: an IPv6 address without brackets kept",
	    inv_endpoint("tls://[::1]:443", &tls, host, sizeof(host),
	    &port) == 0 && tls && strcmp(host, "::1") == 0 && port == 443);
	CHECK("endpoint: an IPv4 address",
	    inv_endpoint("tcp://127.0.0.1:1", &tls, host, sizeof(host),
	    &port) == 0 && !tls && strcmp(host, "127.0.0.1") == 0);
	CHECK("endpoint: 0x7f.1 is neither address nor host name",
	    inv_endpoint("tcp://0x7f.1:1", &tls, host, sizeof(host),
	    &port) < 0);
	CHECK("endpoint: 0177 and 0x7f are refused",
	    inv_endpoint("tcp://0177:1", &tls, host, sizeof(host), &port) < 0 &&
	    inv_endpoint("tcp://0x7f:1", &tls, host, sizeof(host), &port) < 0);
	CHECK("endpoint: localhost and an IDN are host names",
	    inv_endpoint("tcp://localhost:1", &tls, host, sizeof(host),
	    &port) == 0 && inv_endpoint("tcp://b.xn--p1ai:1", &tls, host,
	    sizeof(host), &port) == 0);
	CHECK("endpoint: 999.1.1.1 is refused",
	    inv_endpoint("tcp://999.1.1.1:1", &tls, host, sizeof(host),
	    &port) < 0);
	CHECK("endpoint: a port with a leading zero is refused",
	    inv_endpoint("tcp://h.example:080", &tls, host, sizeof(host),
	    &port) < 0);
	CHECK("endpoint: [] is refused", inv_endpoint("tcp://[]:1", &tls,
	    host, sizeof(host), &port) < 0);
	CHECK("url: https with a host", inv_url_ok("https://a.example/x?y#z"));
	CHECK("url: no host", !inv_url_ok("https:///x"));
	CHECK("url: a backslash", !inv_url_ok("https://a.example\\@b/"));
	CHECK("url: a single quote, as invfetch refuses it",
	    !inv_url_ok("https://a.example/x'y"));
	return unit_exit();
}
