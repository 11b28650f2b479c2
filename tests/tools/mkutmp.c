/*
 * mkutmp: writes a utmp file for the tests.
 *   mkutmp FILE USER:LINE...   one login record per USER:LINE, in order
 *                             (at most nine)
 * LINE is the terminal below /dev, such as pts/3.
 */
#define _GNU_SOURCE
#include <err.h>
#include <stdio.h>
#include <string.h>
#include <time.h>
#include <unistd.h>
#include <utmpx.h>

int
main(int argc, char *argv[])
{
	struct utmpx u;
	FILE *f;
	char *colon;
	int i;

	if (argc < 2 || argc > 11) {
		fprintf(stderr, "usage: mkutmp file user:line...\n");
		return 2;
	}
	if ((f = fopen(argv[1], "w")) == NULL)
		err(3, "%s", argv[1]);
	for (i = 2; i < argc; i++) {
		if ((colon = strchr(argv[i], ':')) == NULL)
			errx(2, "%s: not user:line", argv[i]);
		memset(&u, 0, sizeof(u));
		u.ut_type = USER_PROCESS;
		u.ut_pid = getpid();
		strncpy(u.ut_user, argv[i], sizeof(u.ut_user));
		if ((size_t)(colon - argv[i]) < sizeof(u.ut_user))
			u.ut_user[colon - argv[i]] = '\0';
		strncpy(u.ut_line, colon + 1, sizeof(u.ut_line));
		u.ut_id[0] = 'h';
		u.ut_id[1] = (char)('0' + i % 10);
		u.ut_tv.tv_sec = time(NULL);
		if (fwrite(&u, sizeof(u), 1, f) != 1)
			err(3, "%s", argv[1]);
	}
	if (fclose(f) != 0)
		err(3, "%s", argv[1]);
	return 0;
}
