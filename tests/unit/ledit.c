/* ledit: unit tests of the line typed a key at a time (lib/ledit.h). */
#include <string.h>

#include "../../lib/ledit.h"
#include "unit.h"

/* keys: the bytes of s typed in turn; the last action and the line
 * after them, as "ACT:line" in out */
static const char *
keys(struct ledit *e, const char *s, size_t n)
{
	static char out[256];
	enum ledit_act a = LE_NONE;
	size_t i;

	for (i = 0; i < n; i++)
		a = ledit_key(e, (unsigned char)s[i]);
	snprintf(out, sizeof(out), "%d:%s", (int)a,
	    e->line.len ? e->line.data : "");
	return out;
}

#define KEYS(e, s) keys((e), (s), sizeof(s) - 1)

int
main(void)
{
	struct ledit e;
	char want[64];

	ledit_init(&e, 8);
	CHECK("printable keys make the line", strcmp(KEYS(&e, "hi"),
	    "1:hi") == 0);
	CHECK("Enter: done, the line kept", strcmp(KEYS(&e, "\r"),
	    "2:hi") == 0);
	CHECK("a line feed is Enter too", strcmp(KEYS(&e, "\n"), "2:hi") ==
	    0);
	ledit_clear(&e);
	CHECK("cleared", strcmp(KEYS(&e, ""), "0:") == 0);
	CHECK("a tab is a space", strcmp(KEYS(&e, "a\tb"), "1:a b") == 0);
	CHECK("backspace (DEL)", strcmp(KEYS(&e, "\x7f"), "1:a ") == 0);
	CHECK("backspace (^H)", strcmp(KEYS(&e, "\b"), "1:a") == 0);
	CHECK("backspace on an empty line", strcmp(KEYS(&e, "\b\b"),
	    "1:") == 0);
	/* "é" is two bytes, "€" three: one backspace each */
	CHECK("backspace takes a whole UTF-8 character",
	    strcmp(KEYS(&e, "x\xc3\xa9\xe2\x82\xac\x7f"), "1:x\xc3\xa9") ==
	    0);
	CHECK("and the next", strcmp(KEYS(&e, "\x7f"), "1:x") == 0);
	ledit_clear(&e);
	CHECK("^W: the last word and its blanks",
	    strcmp(KEYS(&e, "ab cd  \x17"), "1:ab ") == 0);
	CHECK("^U: the line", strcmp(KEYS(&e, "\x15"), "1:") == 0);
	CHECK("arrow keys dropped whole", strcmp(KEYS(&e, "a\x1b[D\x1bOAb"),
	    "1:ab") == 0);
	CHECK("a longer sequence (F5) dropped whole",
	    strcmp(KEYS(&e, "\x1b[15~c"), "1:abc") == 0);
	CHECK("ESC and one key (Alt-x) dropped", strcmp(KEYS(&e, "\x1bxd"),
	    "1:abcd") == 0);
	CHECK("the key inside a sequence: nothing", strcmp(KEYS(&e, "\x1b["),
	    "0:abcd") == 0);
	CHECK("its final byte: nothing", strcmp(KEYS(&e, "A"), "0:abcd") ==
	    0);
	CHECK("other controls ignored", strcmp(KEYS(&e, "\x01\x02\x7"),
	    "0:abcd") == 0);
	CHECK("^C", strcmp(KEYS(&e, "\x03"), "4:abcd") == 0);
	CHECK("^D", strcmp(KEYS(&e, "\x04"), "3:abcd") == 0);
	CHECK("^L", strcmp(KEYS(&e, "\x0c"), "5:abcd") == 0);
	snprintf(want, sizeof(want), "0:abcdefgh");
	CHECK("at most max bytes: more are dropped",
	    strcmp(KEYS(&e, "efghij"), want) == 0);
	ledit_free(&e);
	return unit_exit();
}
