/* netaddr: unit tests of which addresses are special (lib/netaddr.h),
 * one or more from each range and the public addresses next to them. */
#include <arpa/inet.h>
#include <netinet/in.h>
#include <stdio.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/un.h>

#include "../../lib/netaddr.h"
#include "unit.h"

struct vector {
	const char *addr;	/* IPv6 if it has a ':' */
	const char *what;	/* NULL: public */
};

static const struct vector vectors[] = {
	{ "0.0.0.0", "unspecified" },
	{ "0.255.255.255", "unspecified" },
	{ "1.0.0.1", NULL },
	{ "9.255.255.255", NULL },
	{ "10.0.0.1", "private" },
	{ "10.255.255.255", "private" },
	{ "11.0.0.0", NULL },
	{ "100.63.255.255", NULL },
	{ "100.64.0.1", "shared (CGNAT)" },
	{ "100.127.255.255", "shared (CGNAT)" },
	{ "100.128.0.0", NULL },
	{ "126.255.255.255", NULL },
	{ "127.0.0.1", "loopback" },
	{ "127.255.255.254", "loopback" },
	{ "128.0.0.0", NULL },
	{ "169.254.169.254", "link-local" },
	{ "169.255.0.0", NULL },
	{ "172.15.255.255", NULL },
	{ "172.16.0.1", "private" },
	{ "172.31.255.255", "private" },
	{ "172.32.0.0", NULL },
	{ "192.0.0.8", "reserved" },
	{ "192.0.1.0", NULL },
	{ "192.0.2.1", "documentation" },
	{ "192.167.255.255", NULL },
	{ "192.168.1.1", "private" },
	{ "192.169.0.0", NULL },
	{ "198.18.0.1", "benchmarking" },
	{ "198.19.255.255", "benchmarking" },
	{ "198.20.0.0", NULL },
	{ "198.51.100.7", "documentation" },
	{ "203.0.113.9", "documentation" },
	{ "8.8.8.8", NULL },
	{ "223.255.255.255", NULL },
	{ "224.0.0.1", "multicast" },
	{ "239.255.255.250", "multicast" },
	{ "240.0.0.1", "reserved" },
	{ "255.255.255.255", "reserved" },
	{ "::", "unspecified" },
	{ "::1", "loopback" },
	{ "::2", "unspecified" },		/* IPv4-compatible 0.0.0.2 */
	{ "::ffff:127.0.0.1", "loopback" },
	{ "::ffff:10.1.2.3", "private" },
	{ "::ffff:169.254.1.1", "link-local" },
	{ "::ffff:8.8.8.8", NULL },
	{ "::127.0.0.1", "loopback" },
	{ "::192.168.0.1", "private" },
	{ "64:ff9b::7f00:1", "loopback" },
	{ "64:ff9b::808:808", NULL },
	{ "2002:7f00:1::1", "loopback" },
	{ "2002:c0a8:101::1", "private" },
	{ "2002:808:808::1", NULL },
	{ "fc00::1", "unique local" },
	{ "fdff:ffff::1", "unique local" },
	{ "fe80::1", "link-local" },
	{ "febf::1", "link-local" },
	{ "fec0::1", "site-local" },
	{ "ff02::1", "multicast" },
	{ "2001:db8::1", "documentation" },
	{ "100::1", "reserved" },
	{ "4000::1", "reserved" },
	{ "2001:4860:4860::8888", NULL },
	{ "2a00:1450:4001::1", NULL },
	{ "3fff:ffff::1", NULL },
};

/* verdict: netaddr_special of the text address a */
static const char *
verdict(const char *a, char *text, size_t n)
{
	struct sockaddr_in s4;
	struct sockaddr_in6 s6;

	memset(&s4, 0, sizeof(s4));
	memset(&s6, 0, sizeof(s6));
	if (strchr(a, ':')) {
		s6.sin6_family = AF_INET6;
		if (inet_pton(AF_INET6, a, &s6.sin6_addr) != 1)
			return "(bad test address)";
		netaddr_str((struct sockaddr *)&s6, sizeof(s6), text, n);
		return netaddr_special((struct sockaddr *)&s6, sizeof(s6));
	}
	s4.sin_family = AF_INET;
	if (inet_pton(AF_INET, a, &s4.sin_addr) != 1)
		return "(bad test address)";
	netaddr_str((struct sockaddr *)&s4, sizeof(s4), text, n);
	return netaddr_special((struct sockaddr *)&s4, sizeof(s4));
}

int
main(void)
{
	struct sockaddr_in s4;
	struct sockaddr_un su;
	char name[128], text[NETADDR_STRLEN], small[4];
	const char *got;
	size_t i;

	for (i = 0; i < sizeof(vectors) / sizeof(vectors[0]); i++) {
		const struct vector *v = &vectors[i];

		got = verdict(v->addr, text, sizeof(text));
		snprintf(name, sizeof(name), "%s is %s", v->addr,
		    v->what ? v->what : "public");
		CHECK(name, (got == NULL && v->what == NULL) ||
		    (got && v->what && strcmp(got, v->what) == 0));
		snprintf(name, sizeof(name), "%s: written back the same",
		    v->addr);
		CHECK(name, strcmp(text, v->addr) == 0);
	}

	memset(&su, 0, sizeof(su));
	su.sun_family = AF_UNIX;
	CHECK("another family: not an Internet address",
	    strcmp(netaddr_special((struct sockaddr *)&su, sizeof(su)),
	    "not an Internet address") == 0);
	memset(&s4, 0, sizeof(s4));
	s4.sin_family = AF_INET;
	s4.sin_addr.s_addr = htonl(0x08080808);
	CHECK("too short for its family: not an Internet address",
	    strcmp(netaddr_special((struct sockaddr *)&s4, sizeof(s4) - 1),
	    "not an Internet address") == 0);
	netaddr_str((struct sockaddr *)&su, sizeof(su), text, sizeof(text));
	CHECK("str: another family is ?", strcmp(text, "?") == 0);
	netaddr_str((struct sockaddr *)&s4, sizeof(s4), small, sizeof(small));
	CHECK("str: no room is ?", strcmp(small, "?") == 0);
	return unit_exit();
}
