/* netaddr: special-purpose Internet addresses; see netaddr.h. The ranges
 * are those of the IANA special-purpose address registries (RFC 6890 and
 * its updates) that a host must not be steered to by a stranger. */
#include <arpa/inet.h>
#include <netinet/in.h>
#include <stdint.h>
#include <string.h>

#include "netaddr.h"

struct range4 {
	uint32_t net;
	int bits;
	const char *what;
};

static const struct range4 ranges4[] = {
	{ 0x00000000, 8, "unspecified" },	/* "this network" */
	{ 0x0a000000, 8, "private" },
	{ 0x64400000, 10, "shared (CGNAT)" },
	{ 0x7f000000, 8, "loopback" },
	{ 0xa9fe0000, 16, "link-local" },
	{ 0xac100000, 12, "private" },
	{ 0xc0000000, 24, "reserved" },		/* IETF protocol assignments */
	{ 0xc0000200, 24, "documentation" },
	{ 0xc0a80000, 16, "private" },
	{ 0xc6120000, 15, "benchmarking" },
	{ 0xc6336400, 24, "documentation" },
	{ 0xcb007100, 24, "documentation" },
	{ 0xe0000000, 4, "multicast" },
	{ 0xf0000000, 4, "reserved" },		/* and the broadcast address */
};

/* special4: the verdict on the IPv4 address in the 4 bytes at p */
static const char *
special4(const unsigned char *p)
{
	uint32_t a = (uint32_t)p[0] << 24 | (uint32_t)p[1] << 16 |
	    (uint32_t)p[2] << 8 | p[3];
	size_t i;

	for (i = 0; i < sizeof(ranges4) / sizeof(ranges4[0]); i++)
		if ((a ^ ranges4[i].net) >> (32 - ranges4[i].bits) == 0)
			return ranges4[i].what;
	return NULL;
}

static int
zero(const unsigned char *p, size_t n)
{
	while (n > 0)
		if (p[--n] != 0)
			return 0;
	return 1;
}

static const char *
special6(const unsigned char *a)
{
	static const unsigned char nat64[12] = { 0, 0x64, 0xff, 0x9b };

	if (zero(a, 16))
		return "unspecified";
	if (zero(a, 15) && a[15] == 1)
		return "loopback";
	if (zero(a, 10) && a[10] == 0xff && a[11] == 0xff)
		return special4(a + 12);	/* IPv4-mapped */
	if (zero(a, 12))
		return special4(a + 12);	/* IPv4-compatible */
	if (memcmp(a, nat64, sizeof(nat64)) == 0)
		return special4(a + 12);
	if (a[0] == 0x20 && a[1] == 0x02)
		return special4(a + 2);		/* 6to4 */
	if (a[0] == 0xff)
		return "multicast";
	if ((a[0] & 0xfe) == 0xfc)
		return "unique local";
	if (a[0] == 0xfe && (a[1] & 0xc0) == 0x80)
		return "link-local";
	if (a[0] == 0xfe && (a[1] & 0xc0) == 0xc0)
		return "site-local";
	if (a[0] == 0x20 && a[1] == 0x01 && a[2] == 0x0d && a[3] == 0xb8)
		return "documentation";
	/* all global unicast lies in 2000::/3; the rest is not handed out */
	if ((a[0] & 0xe0) != 0x20)
		return "reserved";
	return NULL;
}

const char *
netaddr_special(const struct sockaddr *sa, size_t len)
{
	struct sockaddr_in s4;
	struct sockaddr_in6 s6;

	/* copied out: the caller's bytes need not be aligned for either */
	if (sa->sa_family == AF_INET && len >= sizeof(s4)) {
		memcpy(&s4, sa, sizeof(s4));
		return special4((const unsigned char *)&s4.sin_addr);
	}
	if (sa->sa_family == AF_INET6 && len >= sizeof(s6)) {
		memcpy(&s6, sa, sizeof(s6));
		return special6(s6.sin6_addr.s6_addr);
	}
	return "not an Internet address";
}

void
netaddr_str(const struct sockaddr *sa, size_t len, char *out, size_t n)
{
	struct sockaddr_in s4;
	struct sockaddr_in6 s6;
	socklen_t room = n > 256 ? 256 : (socklen_t)n;
	const char *r = NULL;

	if (sa->sa_family == AF_INET && len >= sizeof(s4)) {
		memcpy(&s4, sa, sizeof(s4));
		r = inet_ntop(AF_INET, &s4.sin_addr, out, room);
	} else if (sa->sa_family == AF_INET6 && len >= sizeof(s6)) {
		memcpy(&s6, sa, sizeof(s6));
		r = inet_ntop(AF_INET6, &s6.sin6_addr, out, room);
	}
	if (r == NULL && n >= 2)
		memcpy(out, "?", 2);
}
