/* ledit: the line being typed on a terminal in raw mode, a key at a time,
 * with the editing keys of a cooked terminal. */
#ifndef HAIL_LEDIT_H
#define HAIL_LEDIT_H

#include <stddef.h>

#include "buf.h"

enum ledit_act {
	LE_NONE,	/* nothing changed: a key inside an escape sequence
			 * (arrows, function keys), a control key not used */
	LE_EDITED,	/* the line changed, or may have */
	LE_ENTER,	/* Return or Enter: the line is done, in line */
	LE_EOF,		/* ^D (the line as it is) */
	LE_INTR,	/* ^C */
	LE_REDRAW,	/* ^L */
	LE_ERROR	/* out of memory */
};

struct ledit {
	struct buf line;	/* the bytes typed, UTF-8 as the keys sent */
	int esc;		/* inside an escape sequence */
	size_t max;		/* bytes the line may hold; more are dropped */
};

/* ledit_init: an empty line of at most max bytes. */
void ledit_init(struct ledit *e, size_t max);
/* ledit_key: one byte from the terminal. Printable bytes and those of
 * UTF-8 are added (a tab as a space); Backspace (DEL or ^H) removes the
 * last character, ^U the line, ^W the last word; ESC and what follows it
 * as an escape sequence (ESC [ ... final byte, ESC O x, ESC x) are
 * dropped whole; other controls are ignored. After LE_ENTER the caller
 * takes the line and calls ledit_clear. */
enum ledit_act ledit_key(struct ledit *e, unsigned char k);
/* ledit_clear: empties the line. */
void ledit_clear(struct ledit *e);
/* ledit_free: frees the line's memory. */
void ledit_free(struct ledit *e);

#endif
