/* presence: the presence line of presence(5), made and read. */
#ifndef HAIL_PRESENCE_H
#define HAIL_PRESENCE_H

#include <stddef.h>
#include <sys/stat.h>
#include <sys/types.h>
#include <time.h>

#include "buf.h"
#include "json.h"

#define PRES_USER_MAX 254	/* bytes of "user" (an address) */
#define PRES_NOTE_MAX 256	/* bytes of "note" */
#define PRES_LINE_MAX 4096	/* bytes of a whole line, newline included */

enum pres_status {
	PRES_AVAILABLE, PRES_AWAY, PRES_XA, PRES_DND, PRES_OFFLINE
};

struct presence {
	char user[PRES_USER_MAX + 1];
	enum pres_status status;
	int has_last_input;	/* 0: no input seen yet ("last_input":null) */
	time_t last_input;
	time_t since;
	time_t time;
	time_t expires;
	char note[PRES_NOTE_MAX + 1];	/* "" = no note */
};

/* pres_status_name: "available", "away", "xa", "dnd" or "offline". */
const char *pres_status_name(enum pres_status s);
/* pres_status_parse: the status named by s[0..n); returns 0 or -1. */
int pres_status_parse(const char *s, size_t n, enum pres_status *out);
/* pres_format: appends p as one line, keys in presence(5) order, ending in
 * a newline. Returns 0, or -1 if a field cannot be written (a user or note
 * that is not printable UTF-8, a time outside years 0000-9999) or the
 * append failed; nothing is appended then. */
int pres_format(const struct presence *p, struct buf *out);
/* pres_parse: reads one presence line s[0..n) (one trailing newline is
 * allowed, no other CR or LF) strictly: version 1, every required key
 * with the right type, printable text; unknown keys are ignored. Returns
 * 0, or -1 with a static reason in *why. */
int pres_parse(const char *s, size_t n, struct presence *p, const char **why);
/* pres_load: reads the presence line in the file at path, the user's own
 * with none of the mode bits in deny (as afile_read_own), into p and
 * line, NUL-ended, without its newline. Returns the line's length, or -1
 * with a static reason in *why. */
ssize_t pres_load(const char *path, mode_t deny, struct presence *p,
    char line[PRES_LINE_MAX + 1], const char **why);
/* a presence file watched for changes, as pres_due reads it */
struct pres_watch {
	const char *path;	/* NULL: none */
	struct stat st;		/* as it was last read */
	time_t sent;		/* when its line was last taken */
};

/* pres_due: the line in w's file (pres_load) when it is due: the file
 * changed, or heartbeat seconds went by since the last one was taken,
 * and it is the presence of user (any user if user is "") and has not
 * expired. Returns its length, with the line in line; 0 when nothing is
 * due. */
ssize_t pres_due(struct pres_watch *w, const char *user, time_t now,
    time_t heartbeat, char line[PRES_LINE_MAX + 1]);
/* pres_file_status: the status of the presence line in the file at path
 * (pres_load, the user's own, not writable by others), or -1 if there
 * is none, or it has expired at now. */
int pres_file_status(const char *path, time_t now);
/* pres_from_json: reads o, a presence object already parsed (inside an
 * invitation, say), by the rules of pres_parse. */
int pres_from_json(const struct json *o, struct presence *p,
    const char **why);

/* pres_span: appends a number of seconds, 60 or more, as people say it,
 * rounded down: "6 min", "2 h 5 min", "3 days 4 h". Returns 0 or -1. */
int pres_span(struct buf *out, time_t secs);
/* pres_describe: appends p in words, as of now, after who (the person's
 * name as it is to be shown): "alice is away, idle 6 min", "alice is
 * available", "alice is busy (do not disturb): \"in a meeting\"", "alice is
 * offline since 14:02", "alice was away as of 14:02" once p has expired.
 * Times of day are local (localtime_r). No newline. Returns 0 or -1. */
int pres_describe(const struct presence *p, const char *who, time_t now,
    struct buf *out);

#endif
