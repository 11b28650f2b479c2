/* bench/decode.c: reads a mail on stdin through lib/mime, decoding every
 * leaf and throwing the bytes away; prints how many it decoded. For
 * bench/invopen.sh's throughput figures. */
#include <stdio.h>
#include <unistd.h>

#include "../lib/mime.h"

static unsigned long long total;

static int
begin(void *arg, const struct mime_part *p)
{
	(void)arg;
	(void)p;
	return 1;
}

static int
data(void *arg, const struct mime_part *p, const char *s, size_t n)
{
	(void)arg;
	(void)p;
	(void)s;
	total += n;
	return 0;
}

int
main(void)
{
	static char buf[65536];
	struct mime_handler h = { NULL, NULL, begin, data, NULL };
	struct mime_reader *r = mime_new(&h);
	ssize_t n;

	if (r == NULL)
		return 3;
	while ((n = read(0, buf, sizeof(buf))) > 0)
		if (mime_feed(r, buf, (size_t)n) < 0)
			return 3;
	if (n < 0 || mime_end(r) < 0)
		return 3;
	mime_free(r);
	printf("%llu\n", total);
	return 0;
}
