/* override: the status a user sets over the computed one, as kept in the
 * override file of presd(1): one line, "STATUS[ NOTE]". */
#ifndef HAIL_OVERRIDE_H
#define HAIL_OVERRIDE_H

#include <stddef.h>

#include "presence.h"

#define OVERRIDE_MAX 1024	/* bytes of the override file */

struct override {
	int active;		/* 0: none; the other fields mean nothing */
	enum pres_status status;	/* available, away, xa or dnd */
	char note[PRES_NOTE_MAX + 1];	/* "" = no note */
};

/* override_parse: reads text[0..n) (one line, its newline optional; empty
 * means no override) into *o. Returns 0, or -1 with a static reason in
 * *why and *o unchanged. */
int override_parse(const char *text, size_t n, struct override *o,
    const char **why);
/* override_read: reads and parses the file at path, refusing a symbolic
 * link, anything but a regular file, one owned by another user or
 * writable by group or others, or one past OVERRIDE_MAX bytes. Returns 0,
 * or -1 with a reason in *why (static, or strerror's) and *o unchanged. */
int override_read(const char *path, struct override *o, const char **why);

#endif
