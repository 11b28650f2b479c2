/* ledit: the line being typed; see ledit.h. */
#include "ledit.h"

void
ledit_init(struct ledit *e, size_t max)
{
	buf_init(&e->line, 0);
	e->esc = 0;
	e->max = max;
}

void
ledit_clear(struct ledit *e)
{
	buf_reset(&e->line);
}

void
ledit_free(struct ledit *e)
{
	buf_free(&e->line);
}

enum ledit_act
ledit_key(struct ledit *e, unsigned char k)
{
	size_t n = e->line.len;

	if (e->esc) {
		if (e->esc == 1 && (k == '[' || k == 'O'))
			e->esc = 2;	/* a sequence: up to its final byte */
		else if (e->esc == 1 || (k >= 0x40 && k <= 0x7e))
			e->esc = 0;
		return LE_NONE;
	}
	switch (k) {
	case 3:
		return LE_INTR;
	case 4:
		return LE_EOF;
	case '\r':
	case '\n':
		return LE_ENTER;
	case 0x0c:
		return LE_REDRAW;
	case 0x1b:
		e->esc = 1;
		return LE_NONE;
	case 0x7f:
	case 8:			/* the last character: its lead byte too */
		while (n > 0 && ((unsigned char)e->line.data[--n] & 0xc0) ==
		    0x80)
			;
		buf_truncate(&e->line, n);
		return LE_EDITED;
	case 0x15:		/* ^U */
		buf_reset(&e->line);
		return LE_EDITED;
	case 0x17:		/* ^W: blanks, then the word before them */
		while (n > 0 && e->line.data[n - 1] == ' ')
			n--;
		while (n > 0 && e->line.data[n - 1] != ' ')
			n--;
		buf_truncate(&e->line, n);
		return LE_EDITED;
	case '\t':
		k = ' ';
		break;
	default:
		if (k < 0x20)
			return LE_NONE;
	}
	if (n >= e->max)
		return LE_NONE;
	return buf_addc(&e->line, k) < 0 ? LE_ERROR : LE_EDITED;
}
