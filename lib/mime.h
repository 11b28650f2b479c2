/* mime: a streaming MIME reader (RFC 5322, RFC 2045, RFC 2046, RFC 2231).
 *
 * The mail goes in as it comes, in chunks of any size (mime_feed), then
 * mime_end. The reader calls back with each header field, the start of
 * each part, the decoded body of the parts the caller asks for, and the
 * end of each part, in the order they come. It does not recurse and holds
 * one header field, one line's start and a stack of at most MIME_DEPTH_MAX
 * parts, whatever the mail's size; parts not asked for are skipped, not
 * decoded.
 *
 * Line ends may be LF or CRLF, mixed; a first line "From " (mbox) is
 * skipped. Where a mail is malformed the reader goes on by a fixed rule
 * and says so in the part's flags (MIME_*, below), for the caller to
 * judge; a caller that needs a part to be whole and exact (the invitation)
 * refuses a part with any flag set. The rules:
 * - a header line that is not a field (no colon, or a blank or control
 *   in the name) ends the header and starts the body (MIME_NO_BLANK);
 * - a field longer than MIME_FIELD_MAX, or fields past MIME_FIELDS_MAX
 *   or MIME_HEADER_MAX bytes in one header, are dropped (MIME_TOO_BIG);
 * - the first Content-Type, Content-Transfer-Encoding and MIME-Version
 *   count; another one sets MIME_DUPLICATE;
 * - a Content-Type that does not parse, or whose boundary or charset
 *   parameters are given twice or in broken RFC 2231 pieces, counts as
 *   text/plain (RFC 2045 section 5.2) with MIME_BAD_TYPE;
 * - a delimiter line is "--", the boundary exactly, then "--" for the
 *   close delimiter, then only blanks, in all under 1024 bytes: a longer
 *   boundary sharing its start does not match, and neither does a line
 *   padded past that length. A multipart with a boundary that is empty,
 *   longer than 70 characters or outside RFC 2046's set is read as one
 *   leaf (MIME_BAD_TYPE). A part that an outer delimiter or the end of
 *   the mail ends without its own close delimiter gets MIME_UNCLOSED;
 * - multiparts and messages deeper than MIME_DEPTH_MAX are leaves
 *   (MIME_TOO_DEEP); past MIME_PARTS_MAX parts the reader stops with an
 *   error;
 * - bodies decode leniently (bad characters skipped, bad "=XX" kept),
 *   with MIME_BAD_ENCODING wherever strict decoding would have failed:
 *   base64 with characters outside its alphabet, data after padding or
 *   a partial quantum; quoted-printable with a bad "=XX" or a line over
 *   76 characters; an unknown encoding (passed as it is); an encoding
 *   other than 7bit, 8bit or binary on a multipart (ignored).
 * A line end before a delimiter belongs to the delimiter (RFC 2046), so
 * a body does not end with it. Text parts come out with their line ends
 * as they were (LF or CRLF). */
#ifndef HAIL_MIME_H
#define HAIL_MIME_H

#include <stddef.h>

#define MIME_FIELD_MAX	65536	/* bytes of one unfolded field */
#define MIME_FIELDS_MAX	1000	/* fields in one header */
#define MIME_HEADER_MAX	1048576	/* bytes of one header */
#define MIME_DEPTH_MAX	32	/* nested parts */
#define MIME_PARTS_MAX	1000	/* parts in a mail */
#define MIME_TYPE_MAX	127	/* bytes of "type/subtype" */
#define MIME_CHARSET_MAX 63	/* bytes of a charset name */
#define MIME_BOUNDARY_MAX 70	/* RFC 2046 section 5.1.1 */

#define MIME_NO_BLANK		0x001
#define MIME_TOO_BIG		0x002
#define MIME_DUPLICATE		0x004
#define MIME_BAD_TYPE		0x008
#define MIME_UNCLOSED		0x010
#define MIME_TOO_DEEP		0x020
#define MIME_BAD_ENCODING	0x040

enum mime_cte {
	MIME_7BIT, MIME_8BIT, MIME_BINARY, MIME_QP, MIME_BASE64, MIME_OTHER
};

struct mime_part {
	unsigned depth;		/* 0: the message; 1: its parts ... */
	unsigned long index;	/* the part's number in the mail, from 0 */
	char type[MIME_TYPE_MAX + 1];	/* "type/subtype", lower case */
	char charset[MIME_CHARSET_MAX + 1];	/* lower case; "" if none */
	enum mime_cte cte;
	unsigned flags;		/* MIME_*, final at the end callback */
};

/* Callbacks, any of them NULL; each returns 0 to go on or -1 to stop the
 * reader (mime_feed and mime_end then return -1, mime_error "stopped"). */
struct mime_handler {
	void *arg;
	/* field: a header field of part p: its name as written and its
	 * value unfolded (line breaks removed), without the blanks that
	 * start and end it. Not NUL-terminated. */
	int (*field)(void *arg, const struct mime_part *p, const char *name,
	    size_t nn, const char *value, size_t vn);
	/* begin: p's header has ended. For a leaf, return 1 to have its
	 * body decoded through data, 0 to skip it. A multipart's parts, and
	 * a message/rfc822 part's message, follow as parts one level down. */
	int (*begin)(void *arg, const struct mime_part *p);
	/* data: the next piece of p's decoded body */
	int (*data)(void *arg, const struct mime_part *p, const char *s,
	    size_t n);
	/* end: p has ended; its flags are final */
	int (*end)(void *arg, const struct mime_part *p);
};

struct mime_reader;

/* mime_new: a reader that calls h (copied); NULL when out of memory. */
struct mime_reader *mime_new(const struct mime_handler *h);
/* mime_feed: reads s[0..n), the next bytes of the mail. Returns 0, or -1
 * after a callback stopped the reader, MIME_PARTS_MAX was passed or memory
 * ran out (see mime_error); after -1 every call returns -1. */
int mime_feed(struct mime_reader *r, const char *s, size_t n);
/* mime_end: the mail has ended: ends its last line and every open part
 * (the end callbacks). Returns as mime_feed. */
int mime_end(struct mime_reader *r);
/* mime_error: why the reader stopped: a static, lower-case text, or NULL
 * while it has not. */
const char *mime_error(const struct mime_reader *r);
/* mime_free: frees the reader; NULL is allowed. */
void mime_free(struct mime_reader *r);

#endif
