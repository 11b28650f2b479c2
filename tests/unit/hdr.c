/* unit tests of lib/hdr.c: comments, quoted strings, encoded words and
 * mailboxes, with the hostile forms of hardening.md. */
#include <string.h>

#include "../../lib/buf.h"
#include "../../lib/hdr.h"
#include "unit.h"

static void
text(const char *what, const char *in, const char *want)
{
	struct buf b;
	const char *why = NULL;
	int rc;

	buf_init(&b, 0);
	rc = hdr_text(&b, in, strlen(in), &why);
	if (want == NULL) {
		CHECK(what, rc < 0 && b.len == 0 && why != NULL);
	} else {
		CHECK(what, rc == 0 && strcmp(b.len ? b.data : "", want) == 0);
		if (rc < 0 || strcmp(b.len ? b.data : "", want) != 0)
			printf("# want [%s] got [%s] %s\n", want,
			    b.len ? b.data : "", rc < 0 ? why : "");
	}
	buf_free(&b);
}

static void
mailbox(const char *what, const char *in, const char *name, const char *addr)
{
	struct buf d, a;
	const char *why = NULL;
	int rc;

	buf_init(&d, 0);
	buf_init(&a, 0);
	rc = hdr_mailbox(in, strlen(in), &d, &a, &why);
	if (addr == NULL) {
		CHECK(what, rc < 0 && d.len == 0 && a.len == 0 &&
		    strcmp(why, name) == 0);
		if (rc == 0 || strcmp(why, name) != 0)
			printf("# want refusal [%s] got %d [%s]\n", name, rc,
			    rc < 0 ? why : "");
	} else {
		int ok = rc == 0 && strcmp(d.len ? d.data : "", name) == 0 &&
		    strcmp(a.len ? a.data : "", addr) == 0;

		CHECK(what, ok);
		if (!ok)
			printf("# want [%s] <%s> got %d [%s] <%s> %s\n", name,
			    addr, rc, d.len ? d.data : "", a.len ? a.data : "",
			    rc < 0 ? why : "");
	}
	buf_free(&d);
	buf_free(&a);
}

int
main(void)
{
	const char *end, *s;

	s = "(a (nested \\) comment)) x";
	end = hdr_cfws(s, s + strlen(s));
	CHECK("cfws: a nested comment with a quoted ')'", end && *end == 'x');
	s = "(never closed";
	CHECK("cfws: an unclosed comment", hdr_cfws(s, s + strlen(s)) == NULL);
	s = "(a\\";
	CHECK("cfws: a backslash at the end", hdr_cfws(s, s + 3) == NULL);
	s = "((((((((((((((((((((((((((((((((("
	    "(x))))))))))))))))))))))))))))))))))";
	CHECK("cfws: comments nested too deep",
	    hdr_cfws(s, s + strlen(s)) == NULL);

	text("text: plain ASCII as it is", "Hello  world", "Hello  world");
	text("text: an empty value", "", "");
	text("text: an empty encoded word", "=?UTF-8?Q?" "?=", "");
	text("text: an empty Latin-1 word", "=?ISO-8859-1?B?" "?=", "");
	text("text: a B word", "=?UTF-8?B?w6lsw6hWZQ==?=",
	    "\xc3\xa9l\xc3\xa8Ve");
	text("text: a Q word with _ and =XX", "=?utf-8?q?caf=C3=A9_au_lait?=",
	    "caf\xc3\xa9 au lait");
	text("text: blanks between two encoded words go",
	    "=?UTF-8?B?5pel?= \t =?UTF-8?B?5pys?= end",
	    "\xe6\x97\xa5\xe6\x9c\xac end");
	text("text: a fold between encoded words goes",
	    "=?UTF-8?Q?a?=\n =?UTF-8?Q?b?=", "ab");
	text("text: Latin-1 to UTF-8", "=?ISO-8859-1?Q?Andr=E9?=",
	    "Andr\xc3\xa9");
	text("text: an RFC 2231 language is dropped", "=?UTF-8*en?Q?x?=", "x");
	text("text: an unknown charset stays as written",
	    "=?x-unknown?Q?abc?=", "=?x-unknown?Q?abc?=");
	text("text: a word inside a word is text", "a=?UTF-8?Q?b?=c",
	    "a=?UTF-8?Q?b?=c");
	text("text: bad B padding stays as written", "=?UTF-8?B?w6k?=",
	    "=?UTF-8?B?w6k?=");
	text("text: Q with '=' at the end stays", "=?UTF-8?Q?ab=?=",
	    "=?UTF-8?Q?ab=?=");
	text("text: half-open forms stay", "=? =?x? =?UTF-8?B?",
	    "=? =?x? =?UTF-8?B?");
	text("text: invalid UTF-8 in a UTF-8 word stays",
	    "=?UTF-8?Q?=C3?=", "=?UTF-8?Q?=C3?=");
	text("text: an encoded CR LF is refused", "=?UTF-8?Q?a=0D=0Ab?=",
	    NULL);
	text("text: an encoded NUL is refused", "=?UTF-8?B?AA==?=", NULL);
	text("text: an encoded C1 control is refused",
	    "=?ISO-8859-1?Q?=85?=", NULL);
	text("text: raw invalid UTF-8 is refused", "caf\xe9", NULL);
	text("text: raw UTF-8 is kept", "caf\xc3\xa9", "caf\xc3\xa9");
	text("text: a TAB is a blank", "a\tb", "a\tb");

	mailbox("mailbox: a bare address", "alice@example.org", "",
	    "alice@example.org");
	mailbox("mailbox: a bare address with a comment",
	    "alice@example.org (Alice)", "", "alice@example.org");
	mailbox("mailbox: name and address", "Alice Example <a.b@x.example>",
	    "Alice Example", "a.b@x.example");
	mailbox("mailbox: a quoted name with specials",
	    "\"Doe, \\\"J\\\" <x@y>; \\\\\" <j@d.example>",
	    "Doe, \"J\" <x@y>; \\", "j@d.example");
	mailbox("mailbox: encoded words in the name",
	    "=?UTF-8?B?SsO8cmdlbg==?= =?UTF-8?B?IE3DvGxsZXI=?= <j@m.example>",
	    "J\xc3\xbcrgen M\xc3\xbcller", "j@m.example");
	mailbox("mailbox: an encoded word next to an atom",
	    "Dr =?UTF-8?Q?Zo=C3=AB?= <z@x.example>", "Dr Zo\xc3\xab",
	    "z@x.example");
	mailbox("mailbox: obs-phrase with a dot, comments",
	    "John Q. (the) Public <jqp@x.example> (home)", "John Q. Public",
	    "jqp@x.example");
	mailbox("mailbox: raw UTF-8 in the name", "Zo\xc3\xab <z@x.example>",
	    "Zo\xc3\xab", "z@x.example");
	mailbox("mailbox: angle brackets only", "<a@b.example>", "",
	    "a@b.example");
	mailbox("mailbox: a folded value", "Alice\n Example\n <a@b.example>",
	    "Alice Example", "a@b.example");
	mailbox("mailbox: a group is refused", "friends: a@b.example;",
	    "a group", NULL);
	mailbox("mailbox: two addresses are refused",
	    "a@b.example, c@d.example", "more than one address", NULL);
	mailbox("mailbox: two named addresses are refused",
	    "A <a@b.example>, C <c@d.example>", "more than one address",
	    NULL);
	mailbox("mailbox: a route address is refused",
	    "A <@relay.example:a@b.example>", "a route address", NULL);
	mailbox("mailbox: a quoted local part is refused",
	    "\"a b\"@c.example", "no address", NULL);
	mailbox("mailbox: an address literal is refused",
	    "A <a@[127.0.0.1]>", "an address literal", NULL);
	mailbox("mailbox: two @ are refused", "A <a@b@c.example>",
	    "no closing '>'", NULL);
	mailbox("mailbox: no closing '>'", "A <a@b.example", "no closing '>'",
	    NULL);
	mailbox("mailbox: text after the address",
	    "A <a@b.example> x", "text after the address", NULL);
	mailbox("mailbox: an unclosed quoted name",
	    "\"A <a@b.example>", "a quoted string is not closed", NULL);
	mailbox("mailbox: an unclosed comment", "A (x <a@b.example>",
	    "a comment is not closed", NULL);
	mailbox("mailbox: an encoded LF in the name is refused",
	    "=?UTF-8?Q?a=0Ab?= <a@b.example>",
	    "a control character or invalid UTF-8", NULL);
	mailbox("mailbox: nothing", "", "no address", NULL);
	return unit_exit();
}
