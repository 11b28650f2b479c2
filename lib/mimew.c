/* mimew: writing header fields; see mimew.h. */
#include <string.h>

#include "b64.h"
#include "mimew.h"
#include "utf8.h"

#define FOLD 78		/* columns a header line should keep within */
#define EW_FOLD 76	/* and one with an encoded word (RFC 2047 2.) */
#define EW_BYTES 45	/* bytes of text in one encoded word: 60 base64
			 * characters, 75 with "=?UTF-8?B?" and "?=" */

/* atext of RFC 5322 section 3.2.3 */
static int
atext(int c)
{
	return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') ||
	    (c >= '0' && c <= '9') || (c != '\0' && strchr("!#$%&'*+-/=?^_`{|}~",
	    c) != NULL);
}

static int
dot_atom(const char *s, size_t n)
{
	size_t i;

	if (n == 0 || s[0] == '.' || s[n - 1] == '.')
		return 0;
	for (i = 0; i < n; i++)
		if (!(atext((unsigned char)s[i]) ||
		    (s[i] == '.' && s[i + 1] != '.')))
			return 0;
	return 1;
}

static int
host_name(const char *s, size_t n)
{
	size_t i, label = 0;

	if (n == 0 || n > 253)
		return 0;
	for (i = 0; i <= n; i++) {
		if (i == n || s[i] == '.') {
			/* a label: 1-63 characters, no hyphen at either end */
			if (label == 0 || label > 63 || s[i - 1] == '-' ||
			    s[i - label] == '-')
				return 0;
			label = 0;
		} else if ((s[i] >= 'a' && s[i] <= 'z') ||
		    (s[i] >= 'A' && s[i] <= 'Z') ||
		    (s[i] >= '0' && s[i] <= '9') || s[i] == '-') {
			label++;
		} else {
			return 0;
		}
	}
	return 1;
}

int
mimew_addr_valid(const char *addr)
{
	const char *at = strrchr(addr, '@');
	size_t n = strlen(addr);

	if (at == NULL || n > MIMEW_ADDR_MAX || at - addr > 64)
		return 0;
	return dot_atom(addr, (size_t)(at - addr)) &&
	    host_name(at + 1, n - (size_t)(at - addr) - 1);
}

static int
copy(char *dst, size_t dn, const char *src, size_t n)
{
	if (n >= dn)
		return -1;
	memcpy(dst, src, n);
	dst[n] = '\0';
	return 0;
}

/* quoted_end: the closing quote of the quoted string at s, or NULL */
static const char *
quoted_end(const char *s)
{
	for (s++; *s && *s != '"'; s++)
		if (*s == '\\' && s[1] != '\0')
			s++;
	return *s == '"' ? s : NULL;
}

int
mimew_parse_mailbox(const char *s, char *display, size_t dn, char *addr,
    size_t an, const char **why)
{
	const char *lt, *gt, *p, *e, *q;
	size_t n = strlen(s), k;

	*why = "not one line of UTF-8 text";
	if (!utf8_printable(s, n))
		return -1;
	display[0] = '\0';
	for (p = s; *p == ' '; p++)
		;
	/* a quoted name may hold '<' and '>': the address follows it */
	q = *p == '"' ? quoted_end(p) : NULL;
	lt = strchr(q ? q : s, '<');
	if (lt == NULL) {
		*why = "not a valid address";
		if (q || copy(addr, an, s, n) < 0 || !mimew_addr_valid(addr))
			return -1;
		return 0;
	}
	*why = "text after the address";
	if ((gt = strchr(lt, '>')) == NULL || gt[1] != '\0')
		return -1;
	*why = "not a valid address";
	if (copy(addr, an, lt + 1, (size_t)(gt - lt - 1)) < 0 ||
	    !mimew_addr_valid(addr))
		return -1;
	for (e = lt; e > p && e[-1] == ' '; e--)
		;
	*why = "the name is too long";
	if ((size_t)(e - p) > MIMEW_TEXT_MAX || (size_t)(e - p) >= dn)
		return -1;
	if (q) {
		*why = "text between the quoted name and the address";
		if (q + 1 != e)
			return -1;
		for (p++, k = 0; p < q; p++) {
			if (*p == '\\')
				p++;
			display[k++] = *p;
		}
		display[k] = '\0';
		return 0;
	}
	memcpy(display, p, (size_t)(e - p));
	display[e - p] = '\0';
	*why = "more than one address";
	if (strchr(display, '<') != NULL || strchr(display, '>') != NULL ||
	    strchr(display, '"') != NULL)
		return -1;
	return 0;
}

/* first_word: 1 if the field's line in out holds only "name:" so far,
 * no word yet: names have no blank, and every later line starts with
 * one. A word may end in ':' too, so the last byte does not tell. */
static int
first_word(const struct buf *out)
{
	size_t i;

	for (i = out->len; i > 0 && out->data[i - 1] != '\n'; i--)
		if (out->data[i - 1] == ' ')
			return 0;
	return 1;
}

/* put_word: appends a space and w to the field being folded, or a
 * folding line break instead of the space when w would pass FOLD columns;
 * *col is the present column. The first word of a field always stays on
 * the field's line: a fold right after the colon would make the space a
 * part of the value. */
static void
put_word(struct buf *out, const char *w, size_t n, size_t *col)
{
	size_t fold = n > 2 && w[0] == '=' && w[1] == '?' ? EW_FOLD : FOLD;

	if (*col + 1 + n > fold && !first_word(out)) {
		buf_adds(out, "\n ");
		*col = 1;
	} else {
		buf_addc(out, ' ');
		(*col)++;
	}
	buf_add(out, w, n);
	*col += n;
}

/* encoded: writes s[0..n) as B encoded words, folded as put_word does;
 * readers join adjacent encoded words without the space between */
static void
encoded(struct buf *out, const char *s, size_t n, size_t *col)
{
	const unsigned char *p = (const unsigned char *)s;
	struct buf w;
	unsigned long cp;
	size_t i = 0, take, k, max;

	buf_init(&w, 0);
	while (i < n) {
		/* whole characters only, as many as fit on this line (or on a
		 * new one), up to EW_BYTES */
		max = EW_FOLD - *col - 1 >= 12 + 8 ?
		    (EW_FOLD - *col - 1 - 12) / 4 * 3 : EW_BYTES;
		if (max > EW_BYTES)
			max = EW_BYTES;
		for (take = 0; i + take < n; take += k) {
			k = utf8_decode(p + i + take, n - i - take, &cp);
			if (take + k > max)
				break;
		}
		buf_reset(&w);
		buf_adds(&w, "=?UTF-8?B?");
		b64_encode(&w, s + i, take, 0);
		buf_adds(&w, "?=");
		if (w.err) {
			out->err = 1;
			break;
		}
		put_word(out, w.data, w.len, col);
		i += take;
	}
	buf_free(&w);
}

static int
ascii_plain(const char *s)
{
	const unsigned char *p = (const unsigned char *)s;

	for (; *p; p++)
		if (*p >= 0x80)
			return 0;
	return strstr(s, "=?") == NULL;
}

/* foldable: 1 if s is words parted by single spaces, none empty or too
 * long to fold (folding happens only at a space, and would lose more);
 * the first must fit in first columns, on the field's own line */
static int
foldable(const char *s, size_t first)
{
	const char *e;
	size_t n;

	for (;; first = FOLD - 2) {
		e = strchr(s, ' ');
		n = e ? (size_t)(e - s) : strlen(s);
		if (n == 0 || n > FOLD - 2 || n > first)
			return 0;
		if (e == NULL)
			return 1;
		s = e + 1;
	}
}

/* words: appends a foldable s, folded at its spaces */
static void
words(struct buf *out, const char *s, size_t *col)
{
	const char *e;
	size_t n;

	for (;;) {
		e = strchr(s, ' ');
		n = e ? (size_t)(e - s) : strlen(s);
		put_word(out, s, n, col);
		if (e == NULL)
			return;
		s = e + 1;
	}
}

static int
finish(struct buf *out, size_t start)
{
	buf_addc(out, '\n');
	return out->err ? buf_truncate(out, start) : 0;
}

static int
phrase_atoms(const char *s)
{
	for (; *s; s++)
		if (!atext((unsigned char)*s) && *s != ' ')
			return 0;
	return 1;
}

int
mimew_mailbox(struct buf *out, const char *name, const char *display,
    const char *addr)
{
	size_t start = out->len, col, n = strlen(display);
	struct buf q;
	const char *p;

	if (!mimew_addr_valid(addr) || n > MIMEW_TEXT_MAX ||
	    !utf8_printable(display, n))
		return -1;
	buf_adds(out, name);
	buf_adds(out, ":");
	col = strlen(name) + 1;
	if (n == 0) {
		put_word(out, addr, strlen(addr), &col);
		return finish(out, start);
	}
	buf_init(&q, 0);
	if (!ascii_plain(display)) {
		encoded(out, display, n, &col);
	} else if (phrase_atoms(display) && foldable(display, FOLD - col - 1)) {
		words(out, display, &col);
	} else {
		/* a quoted string: '"' and '\' escaped, kept on one line as
		 * folding inside it would add a space */
		buf_addc(&q, '"');
		for (p = display; *p; p++) {
			if (*p == '"' || *p == '\\')
				buf_addc(&q, '\\');
			buf_addc(&q, *p);
		}
		buf_addc(&q, '"');
		if (q.err || q.len > FOLD - 2)
			encoded(out, display, n, &col);
		else
			put_word(out, q.data, q.len, &col);
	}
	buf_reset(&q);
	buf_addc(&q, '<');
	buf_adds(&q, addr);
	buf_addc(&q, '>');
	if (q.err)
		out->err = 1;
	else
		put_word(out, q.data, q.len, &col);
	buf_free(&q);
	return finish(out, start);
}

int
mimew_text(struct buf *out, const char *name, const char *value)
{
	size_t start = out->len, col, n = strlen(value);

	if (n > MIMEW_TEXT_MAX || !utf8_printable(value, n))
		return -1;
	buf_adds(out, name);
	buf_adds(out, ":");
	col = strlen(name) + 1;
	if (n == 0) {
		buf_addc(out, ' ');
		return finish(out, start);
	}
	if (ascii_plain(value) && foldable(value, FOLD - col - 1))
		words(out, value, &col);
	else
		encoded(out, value, n, &col);
	return finish(out, start);
}
