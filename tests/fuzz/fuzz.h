/* fuzz.h: what several fuzz targets check or need alike. */
#ifndef HAIL_FUZZ_H
#define HAIL_FUZZ_H

#include <stdlib.h>
#include <string.h>

#include "../../lib/mime.h"

/* fuzz_string: the input as a C string (allocated, free it), or NULL when
 * it holds a NUL byte or memory ran out */
static inline char *
fuzz_string(const unsigned char *data, size_t size)
{
	char *z;

	if (memchr(data, '\0', size) != NULL ||
	    (z = malloc(size + 1)) == NULL)
		return NULL;
	memcpy(z, data, size);
	z[size] = '\0';
	return z;
}

/* fuzz_names: aborts unless the part's type is lower case and its charset
 * lower-case printable ASCII, as lib/mime promises */
static inline void
fuzz_names(const struct mime_part *p)
{
	const char *c;

	for (c = p->type; *c; c++)
		if (*c >= 'A' && *c <= 'Z')
			abort();
	for (c = p->charset; *c; c++)
		if ((*c >= 'A' && *c <= 'Z') || *c < 32 || *c > 126)
			abort();
}

#endif
