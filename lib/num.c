/* num: checked decimal numbers; see num.h. */
#include <errno.h>
#include <stdlib.h>

#include "num.h"

const char *
num_parse(const char *s, long long min, long long max, long long *out)
{
	const char *p = s;
	char *end;
	long long v;

	if (*p == '-')
		p++;
	if (*p < '0' || *p > '9')
		return "invalid";
	errno = 0;
	v = strtoll(s, &end, 10);
	if (*end != '\0')
		return "invalid";
	if ((errno == ERANGE && v < 0) || v < min)
		return "too small";
	if (errno == ERANGE || v > max)
		return "too large";
	*out = v;
	return NULL;
}
