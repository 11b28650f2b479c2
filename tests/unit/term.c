/* unit tests of lib/term.c: nothing a terminal acts on survives. */
#include <string.h>

#include "../../lib/buf.h"
#include "../../lib/term.h"
#include "unit.h"

static void
safe(const char *what, const char *in, size_t n, const char *want)
{
	struct buf b;
	int ok;

	buf_init(&b, 0);
	ok = term_safe(&b, in, n) == 0 &&
	    strcmp(b.len ? b.data : "", want) == 0;
	CHECK(what, ok);
	if (!ok)
		printf("# want [%s] got [%s]\n", want, b.len ? b.data : "");
	buf_free(&b);
}

int
main(void)
{
	safe("plain text, tabs and newlines stay", "a b\tc\nd", 7, "a b\tc\nd");
	safe("UTF-8 stays", "caf\xc3\xa9 \xe6\x97\xa5 \xf0\x9f\x98\x80", 14,
	    "caf\xc3\xa9 \xe6\x97\xa5 \xf0\x9f\x98\x80");
	safe("ESC sequences lose their ESC", "\x1b[2J\x1b]0;x\x07", 10,
	    "^[[2J^[]0;x^G");
	safe("CR, NUL, DEL", "a\rb\0c\x7f", 6, "a^Mb^@c^?");
	safe("C1 controls (CSI, NEL)", "\xc2\x9b" "31m \xc2\x85", 8,
	    "<U+009B>31m <U+0085>");
	safe("a right-to-left override and an isolate",
	    "\xe2\x80\xae" "abc\xe2\x81\xa6", 9, "<U+202E>abc<U+2066>");
	safe("a line separator", "a\xe2\x80\xa8" "b", 5, "a<U+2028>b");
	safe("invalid UTF-8, byte by byte", "a\xff\xc3", 3,
	    "a\xef\xbf\xbd\xef\xbf\xbd");
	safe("an overlong encoding of '/'", "\xc0\xaf", 2,
	    "\xef\xbf\xbd\xef\xbf\xbd");
	return unit_exit();
}
