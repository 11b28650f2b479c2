/* hdr: reading header field values: comments and quoted strings (RFC
 * 5322), encoded words (RFC 2047) and one mailbox.
 *
 * Values are taken as the reader gives them: unfolded or not (a line
 * break followed by a blank counts as that blank), with an explicit
 * length, never past it. Text that comes out is UTF-8 with no control
 * characters: what would hide or forge something on a screen is refused,
 * never cleaned. Encoded words in UTF-8, US-ASCII and ISO-8859-1 are
 * decoded; one in another charset is kept as it is written.
 *
 * Functions that append leave out as it was on failure (out->len rolled
 * back); a reason for people comes back in *why where there is one. */
#ifndef HAIL_HDR_H
#define HAIL_HDR_H

#include <stddef.h>

#include "buf.h"

#define HDR_COMMENT_DEPTH 32	/* nested comments, as zbateson's parser */

/* hdr_cfws: skips blanks, line breaks and comments (nested up to
 * HDR_COMMENT_DEPTH, with backslash pairs) from p; returns where they
 * end, or NULL for a comment that is not closed before end or nests too
 * deep. */
const char *hdr_cfws(const char *p, const char *end);

/* hdr_quoted: p points at '"'; appends the quoted string's content, its
 * backslash pairs undone and line breaks removed, to out. Returns the
 * position after the closing quote, or NULL for one not closed before
 * end or a failed append. */
const char *hdr_quoted(const char *p, const char *end, struct buf *out);

/* hdr_text: appends unstructured text (Subject) decoded: encoded words
 * that stand as words, with the blanks between two of them dropped, line
 * breaks removed. Returns 0, or -1 with *why for a control character
 * (encoded or not), invalid UTF-8, or a failed append. */
int hdr_text(struct buf *out, const char *v, size_t n, const char **why);

/* hdr_mailbox: parses v[0..n) as exactly one mailbox, "addr-spec" or
 * "[display-name] <addr-spec>", comments allowed where RFC 5322 allows
 * them. The display name (atoms, quoted strings and encoded words, words
 * joined by one space, adjacent encoded words by none) is appended to
 * display, the address (dot-atom local part, dot-atom domain, as
 * written) to addr. Returns 0, or -1 with *why: groups, lists, route
 * addresses, quoted local parts and address literals are refused, as are
 * control characters and invalid UTF-8. */
int hdr_mailbox(const char *v, size_t n, struct buf *display,
    struct buf *addr, const char **why);

#endif
