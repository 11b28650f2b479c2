/* netaddr: which Internet addresses lead somewhere other than the public
 * Internet (the machine itself, its networks), so that a program fetching
 * a URL from a mail can refuse to be sent there. */
#ifndef HAIL_NETADDR_H
#define HAIL_NETADDR_H

#include <stddef.h>
#include <sys/socket.h>

#define NETADDR_STRLEN	46	/* INET6_ADDRSTRLEN: the longest text form */

/* netaddr_special: NULL if sa (len bytes) is an IPv4 or IPv6 unicast
 * address of the public Internet; otherwise what it is, a static phrase:
 * "unspecified", "loopback", "private", "shared (CGNAT)", "link-local",
 * "site-local", "unique local", "multicast", "documentation",
 * "benchmarking", "reserved", or "not an Internet address" for another
 * family or a short len. An IPv6 address that carries an IPv4 one
 * (IPv4-mapped ::ffff:0:0/96, IPv4-compatible ::/96, NAT64 64:ff9b::/96,
 * 6to4 2002::/16) is judged by the IPv4 address it carries. */
const char *netaddr_special(const struct sockaddr *sa, size_t len);
/* netaddr_str: sa's address as text (inet_ntop(3)) into out (size n),
 * or "?" if it has none that fits. */
void netaddr_str(const struct sockaddr *sa, size_t len, char *out,
    size_t n);

#endif
