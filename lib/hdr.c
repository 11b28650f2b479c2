/* hdr: reading header field values; see hdr.h. */
#include <string.h>
#include <strings.h>

#include "b64.h"
#include "hdr.h"
#include "qp.h"
#include "utf8.h"

static int
blank(int c)
{
	return c == ' ' || c == '\t' || c == '\r' || c == '\n';
}

/* atext of RFC 5322 section 3.2.3 */
static int
atext(int c)
{
	return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') ||
	    (c >= '0' && c <= '9') ||
	    (c != '\0' && strchr("!#$%&'*+-/=?^_`{|}~", c) != NULL);
}

const char *
hdr_cfws(const char *p, const char *end)
{
	int depth = 0;

	for (; p < end; p++) {
		if (*p == '(') {
			if (++depth > HDR_COMMENT_DEPTH)
				return NULL;
		} else if (depth > 0 && *p == ')') {
			depth--;
		} else if (depth > 0 && *p == '\\') {
			if (++p == end)
				return NULL;
		} else if (depth == 0 && !blank((unsigned char)*p)) {
			break;
		}
	}
	return depth == 0 ? p : NULL;
}

const char *
hdr_quoted(const char *p, const char *end, struct buf *out)
{
	size_t start = out->len;

	for (p++; p < end && *p != '"'; p++) {
		if (*p == '\\' && ++p == end)
			break;
		if ((*p == '\r' || *p == '\n') && p[-1] != '\\')
			continue;	/* a fold: the line break goes */
		buf_addc(out, *p);
	}
	if (p == end || out->err) {
		buf_truncate(out, start);
		return NULL;
	}
	return p + 1;
}

/* shown: 1 if s[0..n) is UTF-8 without controls but TAB (a blank of the
 * header itself), DEL or C1 */
static int
shown(const char *s, size_t n)
{
	const unsigned char *u = (const unsigned char *)s;
	unsigned long cp;
	size_t i, k;

	for (i = 0; i < n; i += k) {
		if (u[i] < 0x80) {
			if ((u[i] < 0x20 && u[i] != '\t') || u[i] == 0x7f)
				return 0;
			k = 1;
		} else if ((k = utf8_decode(u + i, n - i, &cp)) == 0 ||
		    (cp >= 0x80 && cp < 0xa0)) {
			return 0;
		}
	}
	return 1;
}

/* charset names this reader decodes: 1 UTF-8, 2 US-ASCII, 3 ISO-8859-1;
 * an RFC 2231 language ("UTF-8*en") is dropped */
static int
charset(const char *s, size_t n)
{
	const char *star = memchr(s, '*', n);

	if (star)
		n = (size_t)(star - s);
	if ((n == 5 && strncasecmp(s, "utf-8", 5) == 0) ||
	    (n == 4 && strncasecmp(s, "utf8", 4) == 0))
		return 1;
	if (n == 8 && strncasecmp(s, "us-ascii", 8) == 0)
		return 2;
	if ((n == 10 && strncasecmp(s, "iso-8859-1", 10) == 0) ||
	    (n == 6 && strncasecmp(s, "latin1", 6) == 0))
		return 3;
	return 0;
}

/* encoded_word: if w[0..n) is one whole encoded word in a charset this
 * reader knows, and well formed, appends its text as UTF-8 and returns
 * 1; else returns 0 with out as it was (the word stays text) */
static int
encoded_word(struct buf *out, const char *w, size_t n)
{
	const char *cs, *q1, *text, *end = w + n - 2;
	size_t start = out->len, i, hi;
	char utf[4];
	int set;

	if (n < 8 || w[0] != '=' || w[1] != '?' || end[0] != '?' ||
	    end[1] != '=')
		return 0;
	cs = w + 2;
	if ((q1 = memchr(cs, '?', (size_t)(end - cs))) == NULL ||
	    q1 == cs || q1 + 2 > end || q1[2] != '?')
		return 0;
	text = q1 + 3;
	if (text > end || memchr(text, '?', (size_t)(end - text)) != NULL ||
	    (set = charset(cs, (size_t)(q1 - cs))) == 0)
		return 0;
	if (q1[1] == 'B' || q1[1] == 'b') {
		if (b64_decode(out, text, (size_t)(end - text), 0) < 0)
			return 0;
	} else if (q1[1] == 'Q' || q1[1] == 'q') {
		for (; text < end; text++) {
			int h, l;

			if (*text == '_') {
				buf_addc(out, ' ');
			} else if (*text != '=') {
				buf_addc(out, *text);
			} else if (end - text < 3 ||
			    (h = qp_hexval((unsigned char)text[1])) < 0 ||
			    (l = qp_hexval((unsigned char)text[2])) < 0) {
				goto text;
			} else {
				buf_addc(out, h << 4 | l);
				text += 2;
			}
		}
	} else {
		return 0;
	}
	if (out->err)
		goto text;
	if (set == 1 && out->len > start &&
	    !utf8_valid(out->data + start, out->len - start))
		goto text;
	for (hi = 0, i = start; i < out->len; i++)
		hi += (unsigned char)out->data[i] >= 0x80;
	if (set == 2 && hi > 0)
		goto text;
	if (set == 3 && hi > 0) {
		/* Latin-1 to UTF-8: each byte from 0x80 takes two, so the
		 * text grows by hi bytes; filled in from the end */
		size_t k = out->len - start;

		for (i = 0; i < hi; i++)
			buf_addc(out, 0);
		if (out->err)
			goto text;
		for (i = k; i-- > 0;) {
			unsigned char c = (unsigned char)out->data[start + i];

			if (c < 0x80) {
				out->data[start + i + hi] = (char)c;
			} else {
				utf8_encode(c, utf);
				out->data[start + i + hi] = utf[1];
				out->data[start + i + hi - 1] = utf[0];
				hi--;
			}
		}
	}
	return 1;
text:
	/* not decodable: the word stays as it is written */
	buf_truncate(out, start);
	return 0;
}

int
hdr_text(struct buf *out, const char *v, size_t n, const char **why)
{
	const char *p = v, *end = v + n, *ws, *w, *c;
	size_t start = out->len;
	struct buf word;
	int prev_ew = 0, ew;

	buf_init(&word, 0);
	while (p < end) {
		for (ws = p; p < end && blank((unsigned char)*p); p++)
			;
		for (w = p; p < end && !blank((unsigned char)*p); p++)
			;
		buf_reset(&word);
		ew = w < p && encoded_word(&word, w, (size_t)(p - w));
		/* line breaks are folds and go; the blanks between two
		 * encoded words go too (RFC 2047 section 6.2) */
		if (!(ew && prev_ew))
			for (c = ws; c < w; c++)
				if (*c == ' ' || *c == '\t')
					buf_addc(out, *c);
		if (ew)
			buf_add(out, word.data, word.len);
		else
			buf_add(out, w, (size_t)(p - w));
		prev_ew = ew;
	}
	buf_free(&word);
	if (out->err) {
		*why = "out of memory";
		return buf_truncate(out, start);
	}
	if (out->len > start &&
	    !shown(out->data + start, out->len - start)) {
		*why = "a control character or invalid UTF-8";
		return buf_truncate(out, start);
	}
	return 0;
}

/* dot_atom: the end of the dot-atom starting at p (no dot at either end,
 * none doubled), or p if there is none */
static const char *
dot_atom(const char *p, const char *end)
{
	const char *q = p;

	while (q < end && (atext((unsigned char)*q) ||
	    (*q == '.' && q > p && q + 1 < end && q[1] != '.' &&
	    atext((unsigned char)q[1]))))
		q++;
	return q;
}

/* addr_spec: parses "local@domain" with comments around it from p;
 * returns where it ends (after the comments) with the address appended
 * to addr, or NULL with *why */
static const char *
addr_spec(const char *p, const char *end, struct buf *addr, const char **why)
{
	const char *l, *le, *d, *de;

	if ((l = hdr_cfws(p, end)) == NULL) {
		*why = "a comment is not closed";
		return NULL;
	}
	if (l < end && *l == '"') {
		*why = "a quoted local part";
		return NULL;
	}
	if ((le = dot_atom(l, end)) == l || le == end || *le != '@') {
		*why = "no address";
		return NULL;
	}
	d = le + 1;
	if (d < end && *d == '[') {
		*why = "an address literal";
		return NULL;
	}
	if ((de = dot_atom(d, end)) == d) {
		*why = "no domain";
		return NULL;
	}
	if ((p = hdr_cfws(de, end)) == NULL) {
		*why = "a comment is not closed";
		return NULL;
	}
	if (buf_add(addr, l, (size_t)(de - l)) < 0) {
		*why = "out of memory";
		return NULL;
	}
	return p;
}

/* word_char: a character of an atom in a display name: '.' too, as
 * mailers write "John Q. Public" (obs-phrase, RFC 5322 section 4.1), and
 * UTF-8 (RFC 6532), which shown() checks at the end */
static int
word_char(char c)
{
	return c == '.' || atext((unsigned char)c) || (unsigned char)c >= 0x80;
}

/* phrase: the display name before '<': words separated by comments and
 * blanks, appended to display; returns where it stops, or NULL */
static const char *
phrase(const char *p, const char *end, struct buf *display, const char **why)
{
	const char *w, *q;
	struct buf word;
	int words = 0, prev_ew = 0, ew;

	buf_init(&word, 0);
	for (;;) {
		if ((p = hdr_cfws(p, end)) == NULL) {
			*why = "a comment is not closed";
			break;
		}
		if (p == end || (*p != '"' && !word_char(*p)))
			break;
		buf_reset(&word);
		ew = 0;
		if (*p == '"') {
			if ((q = hdr_quoted(p, end, &word)) == NULL) {
				*why = "a quoted string is not closed";
				p = NULL;
				break;
			}
		} else {
			for (q = p; q < end && word_char(*q); q++)
				;
			w = p;
			ew = encoded_word(&word, w, (size_t)(q - w));
			if (!ew)
				buf_add(&word, w, (size_t)(q - w));
		}
		if (words++ > 0 && !(ew && prev_ew))
			buf_addc(display, ' ');
		buf_add(display, word.data, word.len);
		prev_ew = ew;
		p = q;
	}
	if (word.err || display->err) {
		*why = "out of memory";
		p = NULL;
	}
	buf_free(&word);
	return p;
}

int
hdr_mailbox(const char *v, size_t n, struct buf *display, struct buf *addr,
    const char **why)
{
	const char *p, *end = v + n;
	size_t dstart = display->len, astart = addr->len;

	/* a bare address, the whole value */
	if ((p = addr_spec(v, end, addr, why)) != NULL && p == end)
		return 0;
	buf_truncate(addr, astart);
	if (p != NULL && *p == ',') {
		*why = "more than one address";
		return -1;
	}
	if ((p = phrase(v, end, display, why)) == NULL)
		goto fail;
	if (p == end || *p != '<') {
		*why = p < end && *p == ':' ? "a group" : p < end &&
		    *p == ',' ? "more than one address" : "no address";
		goto fail;
	}
	if (p + 1 < end && p[1] == '@') {
		*why = "a route address";
		goto fail;
	}
	if ((p = addr_spec(p + 1, end, addr, why)) == NULL)
		goto fail;
	if (p == end || *p != '>') {
		*why = "no closing '>'";
		goto fail;
	}
	if ((p = hdr_cfws(p + 1, end)) == NULL) {
		*why = "a comment is not closed";
		goto fail;
	}
	if (p != end) {
		*why = *p == ',' ? "more than one address" :
		    "text after the address";
		goto fail;
	}
	if (display->len > dstart &&
	    !shown(display->data + dstart, display->len - dstart)) {
		*why = "a control character or invalid UTF-8";
		goto fail;
	}
	return 0;
fail:
	buf_truncate(addr, astart);
	return buf_truncate(display, dstart);
}
