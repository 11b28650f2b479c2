/* readback: a small mail read whole through lib/mime, for checking what
 * was written (invmk reads its own mail back before it lets it go). */
#ifndef HAIL_READBACK_H
#define HAIL_READBACK_H

#include <stddef.h>

#include "buf.h"
#include "mime.h"

#define READBACK_PARTS	8	/* parts kept; a mail with more is refused */
#define READBACK_FIELDS	32	/* fields of the message's own header */

struct readback_field {
	const char *name, *value;	/* NUL-ended, in fieldtext; the value
					 * unfolded as mime.h says */
};

struct readback {
	struct readback_field field[READBACK_FIELDS];
	size_t nfields;
	struct mime_part part[READBACK_PARTS];	/* in order, the message
						 * itself first */
	struct buf body[READBACK_PARTS];	/* decoded leaves; empty
						 * for multiparts */
	size_t nparts;
	struct buf fieldtext;
};

/* readback: reads m[0..n) into rb (free with readback_free, also after a
 * failure). Returns 0, or -1 with a static reason in *why: more than
 * READBACK_PARTS parts or READBACK_FIELDS fields, a reader error, no
 * memory. The parts' flags tell how well formed each was. */
int readback(const char *m, size_t n, struct readback *rb, const char **why);
/* readback_get: the value of the message's field named name (any case),
 * NULL if none; *count gets how many there are (if count is not NULL). */
const char *readback_get(const struct readback *rb, const char *name,
    size_t *count);
void readback_free(struct readback *rb);

#endif
