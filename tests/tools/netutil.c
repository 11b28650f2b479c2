/*
 * netutil: network helpers for the tests.
 *   netutil freeport            prints a free TCP port on 127.0.0.1
 *   netutil wait HOST PORT MS   exits 0 once HOST:PORT accepts, 1 after MS
 */
#include <arpa/inet.h>
#include <err.h>
#include <netinet/in.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <time.h>
#include <unistd.h>

static int
freeport(void)
{
	struct sockaddr_in sa;
	socklen_t len = sizeof(sa);
	int s;

	if ((s = socket(AF_INET, SOCK_STREAM, 0)) < 0)
		err(3, "socket");
	memset(&sa, 0, sizeof(sa));
	sa.sin_family = AF_INET;
	sa.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
	if (bind(s, (struct sockaddr *)&sa, sizeof(sa)) < 0 ||
	    getsockname(s, (struct sockaddr *)&sa, &len) < 0)
		err(3, "bind");
	printf("%d\n", ntohs(sa.sin_port));
	close(s);
	return 0;
}

static int
waitport(const char *host, const char *port, const char *ms)
{
	struct sockaddr_in sa;
	struct timespec tick = { 0, 50 * 1000 * 1000 };
	long left = atol(ms);
	int s;

	memset(&sa, 0, sizeof(sa));
	sa.sin_family = AF_INET;
	sa.sin_port = htons((unsigned short)atoi(port));
	if (inet_pton(AF_INET, host, &sa.sin_addr) != 1)
		errx(2, "%s: not an IPv4 address", host);
	for (; left > 0; left -= 50) {
		if ((s = socket(AF_INET, SOCK_STREAM, 0)) < 0)
			err(3, "socket");
		if (connect(s, (struct sockaddr *)&sa, sizeof(sa)) == 0) {
			close(s);
			return 0;
		}
		close(s);
		nanosleep(&tick, NULL);
	}
	return 1;
}

int
main(int argc, char *argv[])
{
	if (argc == 2 && strcmp(argv[1], "freeport") == 0)
		return freeport();
	if (argc == 5 && strcmp(argv[1], "wait") == 0)
		return waitport(argv[2], argv[3], argv[4]);
	fprintf(stderr, "usage: netutil freeport | netutil wait host port ms\n");
	return 2;
}
