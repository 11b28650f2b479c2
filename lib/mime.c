/* mime: a streaming MIME reader; see mime.h. */
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "buf.h"
#include "hdr.h"
#include "mime.h"
#include "qp.h"

/* bytes of a line read whole: enough for any delimiter line (a boundary
 * is at most 70 characters) with some padding; a line this long or
 * longer goes on in pieces, which are never delimiters or field names,
 * wherever the mail was cut into chunks */
#define LINE_KEEP 1024
#define QP_LINE_MAX 76
#define SEGMENTS 16	/* RFC 2231 pieces of one parameter */
#define OUT_CHUNK 1024	/* decoded bytes handed on at a time */

enum kind { LEAF, MULTI, MESSAGE };
enum state { HEADER, BODY, SKIP };
enum eol { EOL_MORE, EOL_NONE, EOL_LF, EOL_CRLF };

struct frame {
	struct mime_part part;
	enum kind kind;
	enum state state;
	int digest;		/* multipart/digest: parts are messages */
	int seen_type, seen_cte, seen_version;
	char boundary[MIME_BOUNDARY_MAX + 1];
	size_t blen;
	/* decoding a leaf's body */
	enum eol pending;	/* the line end not yet handed on */
	unsigned long quantum;	/* base64: bits gathered */
	int qn;			/* base64: characters in quantum */
	int pad;		/* base64: '=' seen */
	size_t linelen;		/* quoted-printable: this line so far */
	char carry[3];		/* quoted-printable: "=" or "=X" cut off */
	size_t ncarry;
};

struct mime_reader {
	struct mime_handler h;
	struct frame stack[MIME_DEPTH_MAX + 1];
	size_t top;		/* stack[top] is the innermost open part */
	unsigned long parts;
	const char *error;
	int started;		/* a line has been read */
	unsigned long lines;	/* lines begun, up to 2 */
	int done;
	/* the line being put together, and whether it goes on from a piece
	 * already read */
	char line[LINE_KEEP];
	size_t linen;
	int cont;
	/* the header field being put together */
	struct buf field;
	size_t fields, header_bytes;
	int field_open, field_dropped;
	char out[OUT_CHUNK];
	size_t outn;
};

static int line(struct mime_reader *, const char *, size_t, enum eol, int);

struct mime_reader *
mime_new(const struct mime_handler *h)
{
	struct mime_reader *r;

	if ((r = calloc(1, sizeof(*r))) == NULL)
		return NULL;
	r->h = *h;
	buf_init(&r->field, MIME_FIELD_MAX);
	return r;
}

void
mime_free(struct mime_reader *r)
{
	if (r == NULL)
		return;
	buf_free(&r->field);
	free(r);
}

const char *
mime_error(const struct mime_reader *r)
{
	return r->error;
}

static int
fail(struct mime_reader *r, const char *why)
{
	if (r->error == NULL)
		r->error = why;
	return -1;
}

/* call: a callback's answer, -1 stopping the reader */
static int
call(struct mime_reader *r, int v)
{
	return v < 0 ? fail(r, "stopped") : v;
}

/* ---- Content-Type and Content-Transfer-Encoding ---- */

/* token characters of RFC 2045 section 5.1 */
static int
tchar(int c)
{
	return c > 32 && c < 127 && strchr("()<>@,;:\\\"/[]?=", c) == NULL;
}

static const char *
token(const char *p, const char *end)
{
	while (p < end && tchar((unsigned char)*p))
		p++;
	return p;
}

struct piece {
	const char *p;
	size_t n;
	int quoted;		/* a quoted string: backslash pairs */
	int ext;		/* RFC 2231 "*": %XX, and charset'lang' first */
};

struct param {
	const char *name;
	struct piece seg[SEGMENTS];
	int plain;		/* given whole */
	int multi;		/* given in numbered pieces */
	int bad;
};

/* piece: records attribute a[0..an) = value for the parameter it names;
 * a repeated or broken piece makes the parameter bad */
static void
piece(struct param *prm, const char *a, size_t an, const struct piece *v)
{
	size_t len = strlen(prm->name), idx = 0;
	const char *s = a + len, *end = a + an;
	int ext = 0, multi = 0;

	if (an < len || strncasecmp(a, prm->name, len) != 0)
		return;
	if (s < end && *s == '*') {
		s++;
		if (s < end && *s >= '0' && *s <= '9') {
			multi = 1;
			if (*s == '0' && s + 1 < end && s[1] != '*') {
				prm->bad = 1;	/* "name*01" */
				return;
			}
			for (; s < end && *s >= '0' && *s <= '9'; s++) {
				idx = idx * 10 + (size_t)(*s - '0');
				if (idx >= SEGMENTS) {
					prm->bad = 1;
					return;
				}
			}
			if (s < end && *s == '*') {
				s++;
				ext = 1;
			}
		} else {
			ext = 1;
		}
	}
	if (s != end)
		return;		/* another parameter: "boundaryx" */
	if ((ext && v->quoted) || prm->seg[idx].p != NULL ||
	    (multi ? prm->plain : prm->multi)) {
		prm->bad = 1;
		return;
	}
	prm->seg[idx] = *v;
	prm->seg[idx].ext = ext;
	if (multi)
		prm->multi = 1;
	else
		prm->plain = 1;
}

/* assemble: the parameter's value, its pieces in order, into out (size
 * max + 1); 0 if absent, 1 if there, -1 if bad or too long */
static int
assemble(const struct param *prm, char *out, size_t max)
{
	size_t i, k, o = 0, last = 0;
	const char *p, *end;

	if (prm->bad)
		return -1;
	for (i = 0; i < SEGMENTS; i++)
		if (prm->seg[i].p)
			last = i + 1;
	if (last == 0)
		return 0;
	for (i = 0; i < last; i++) {
		if ((p = prm->seg[i].p) == NULL)
			return -1;	/* a piece missing */
		end = p + prm->seg[i].n;
		if (prm->seg[i].ext && i == 0) {
			/* charset'language': ASCII values only here */
			for (k = 0; k < 2; k++) {
				while (p < end && *p != '\'')
					p++;
				if (p++ == end)
					return -1;
			}
		}
		for (; p < end; p++) {
			int c = (unsigned char)*p, hi, lo;

			if (prm->seg[i].quoted && c == '\\' && p + 1 < end)
				c = (unsigned char)*++p;
			else if (prm->seg[i].ext && c == '%') {
				if (end - p < 3 ||
				    (hi = qp_hexval((unsigned char)p[1])) < 0 ||
				    (lo = qp_hexval((unsigned char)p[2])) < 0)
					return -1;
				c = hi << 4 | lo;
				p += 2;
			}
			if (o == max || c < 32 || c > 126)
				return -1;
			out[o++] = (char)c;
		}
	}
	out[o] = '\0';
	return 1;
}

/* boundary_ok: RFC 2046's bchars, 1 to 70 of them, not ending in a space */
static int
boundary_ok(const char *b, size_t n)
{
	size_t i;

	if (n == 0 || n > MIME_BOUNDARY_MAX || b[n - 1] == ' ')
		return 0;
	for (i = 0; i < n; i++) {
		int c = (unsigned char)b[i];

		if (!((c >= '0' && c <= '9') || (c >= 'a' && c <= 'z') ||
		    (c >= 'A' && c <= 'Z') || strchr("'()+_,-./:=? ", c)))
			return 0;
	}
	return 1;
}

static void
lower(char *s)
{
	for (; *s; s++)
		if (*s >= 'A' && *s <= 'Z')
			*s = (char)(*s - 'A' + 'a');
}

/* content_type: parses v[0..n) into f; -1 if it does not parse, -2 if
 * there was no memory to parse it */
static int
content_type(struct frame *f, const char *v, size_t n)
{
	const char *p, *end = v + n, *t, *s, *a, *ae;
	struct param bnd = { "boundary" }, cs = { "charset" };
	struct piece val;
	struct buf scratch;
	size_t tn;
	int r = -1;

	if ((s = hdr_cfws(v, end)) == NULL || (t = token(s, end)) == s)
		return -1;
	tn = (size_t)(t - s);
	if ((p = hdr_cfws(t, end)) == NULL || p == end || *p != '/' ||
	    (p = hdr_cfws(p + 1, end)) == NULL || (t = token(p, end)) == p ||
	    tn + 1 + (size_t)(t - p) > MIME_TYPE_MAX)
		return -1;
	memcpy(f->part.type, s, tn);
	f->part.type[tn] = '/';
	memcpy(f->part.type + tn + 1, p, (size_t)(t - p));
	f->part.type[tn + 1 + (size_t)(t - p)] = '\0';
	lower(f->part.type);
	buf_init(&scratch, 0);	/* quoted strings are checked, not kept */
	for (p = t;;) {
		if ((p = hdr_cfws(p, end)) == NULL)
			goto done;
		if (p == end)
			break;
		if (*p != ';' || (p = hdr_cfws(p + 1, end)) == NULL)
			goto done;
		if (p == end)
			break;	/* a ';' at the end, as some mailers write */
		a = p;
		if ((ae = token(a, end)) == a ||
		    (p = hdr_cfws(ae, end)) == NULL || p == end || *p != '=' ||
		    (p = hdr_cfws(p + 1, end)) == NULL || p == end)
			goto done;
		val.ext = 0;
		val.quoted = *p == '"';
		if (val.quoted) {
			val.p = p + 1;
			buf_reset(&scratch);
			if ((p = hdr_quoted(p, end, &scratch)) == NULL)
				goto done;
			val.n = (size_t)(p - 1 - val.p);
		} else {
			val.p = p;
			if ((p = token(p, end)) == val.p)
				goto done;
			val.n = (size_t)(p - val.p);
		}
		piece(&bnd, a, (size_t)(ae - a), &val);
		piece(&cs, a, (size_t)(ae - a), &val);
	}
	if (assemble(&cs, f->part.charset, MIME_CHARSET_MAX) < 0 ||
	    (r = assemble(&bnd, f->boundary, MIME_BOUNDARY_MAX)) < 0)
		goto done;
	lower(f->part.charset);
	f->blen = r ? strlen(f->boundary) : 0;
	r = 0;
done:
	/* (scratch has no limit: an append that failed found no memory) */
	if (r < 0 && scratch.err)
		r = -2;
	buf_free(&scratch);
	return r < 0 ? r : 0;
}

static enum mime_cte
cte(const char *v, size_t n)
{
	static const struct {
		const char *name;
		enum mime_cte cte;
	} known[] = {
		{ "7bit", MIME_7BIT }, { "8bit", MIME_8BIT },
		{ "binary", MIME_BINARY }, { "quoted-printable", MIME_QP },
		{ "base64", MIME_BASE64 },
	};
	const char *p, *t, *end = v + n;
	size_t i;

	if ((p = hdr_cfws(v, end)) == NULL || (t = token(p, end)) == p ||
	    hdr_cfws(t, end) != end)
		return MIME_OTHER;
	for (i = 0; i < sizeof(known) / sizeof(known[0]); i++)
		if (strlen(known[i].name) == (size_t)(t - p) &&
		    strncasecmp(known[i].name, p, (size_t)(t - p)) == 0)
			return known[i].cte;
	return MIME_OTHER;
}

/* ---- parts ---- */

/* set_type: one of the defaults, which fit */
static void
set_type(struct frame *f, const char *t)
{
	memcpy(f->part.type, t, strlen(t) + 1);
}

/* push: a new part one level below the top, its header to come */
static int
push(struct mime_reader *r)
{
	struct frame *parent = r->parts > 0 ? &r->stack[r->top] : NULL, *f;

	if (r->parts >= MIME_PARTS_MAX)
		return fail(r, "too many parts");
	if (parent)
		r->top++;
	f = &r->stack[r->top];
	memset(f, 0, sizeof(*f));
	f->part.depth = parent ? parent->part.depth + 1 : 0;
	f->part.index = r->parts++;
	f->state = HEADER;
	set_type(f, parent && parent->digest ? "message/rfc822" : "text/plain");
	r->fields = r->header_bytes = 0;
	r->field_open = r->field_dropped = 0;
	buf_reset(&r->field);
	return 0;
}

/* flush_field: the field put together is complete: note what the reader
 * needs of it and hand it on */
static int
flush_field(struct mime_reader *r)
{
	struct frame *f = &r->stack[r->top];
	char *name = r->field.data, *colon, *v, *ve;
	size_t nn;
	int ct;

	if (!r->field_open)
		return 0;
	r->field_open = 0;
	if (r->field_dropped || r->field.err) {
		f->part.flags |= MIME_TOO_BIG;
		buf_reset(&r->field);
		return 0;
	}
	colon = memchr(name, ':', r->field.len);
	nn = (size_t)(colon - name);
	v = colon + 1;
	ve = name + r->field.len;
	while (v < ve && (*v == ' ' || *v == '\t'))
		v++;
	while (ve > v && (ve[-1] == ' ' || ve[-1] == '\t'))
		ve--;
#define IS(s) (nn == sizeof(s) - 1 && strncasecmp(name, s, nn) == 0)
	if (IS("Content-Type")) {
		if (f->seen_type++)
			f->part.flags |= MIME_DUPLICATE;
		else if ((ct = content_type(f, v, (size_t)(ve - v))) == -2)
			return fail(r, "out of memory");
		else if (ct < 0) {
			f->part.flags |= MIME_BAD_TYPE;
			set_type(f, "text/plain");
			f->part.charset[0] = '\0';
			f->blen = 0;
		}
	} else if (IS("Content-Transfer-Encoding")) {
		if (f->seen_cte++)
			f->part.flags |= MIME_DUPLICATE;
		else
			f->part.cte = cte(v, (size_t)(ve - v));
	} else if (IS("MIME-Version")) {
		if (f->seen_version++)
			f->part.flags |= MIME_DUPLICATE;
	}
#undef IS
	if (r->h.field && call(r, r->h.field(r->h.arg, &f->part, name, nn, v,
	    (size_t)(ve - v))) < 0)
		return -1;
	buf_reset(&r->field);
	return 0;
}

/* header_done: the top part's header has ended */
static int
header_done(struct mime_reader *r)
{
	struct frame *f = &r->stack[r->top];
	int want = 0;

	if (flush_field(r) < 0)
		return -1;
	if (strncmp(f->part.type, "multipart/", 10) == 0) {
		if (f->part.cte != MIME_7BIT && f->part.cte != MIME_8BIT &&
		    f->part.cte != MIME_BINARY)
			f->part.flags |= MIME_BAD_ENCODING;
		if (!boundary_ok(f->boundary, f->blen))
			f->part.flags |= MIME_BAD_TYPE;
		else if (f->part.depth >= MIME_DEPTH_MAX)
			f->part.flags |= MIME_TOO_DEEP;
		else
			f->kind = MULTI;
		f->digest = strcmp(f->part.type, "multipart/digest") == 0;
	} else if (strcmp(f->part.type, "message/rfc822") == 0 &&
	    (f->part.cte == MIME_7BIT || f->part.cte == MIME_8BIT ||
	    f->part.cte == MIME_BINARY)) {
		if (f->part.depth >= MIME_DEPTH_MAX)
			f->part.flags |= MIME_TOO_DEEP;
		else
			f->kind = MESSAGE;
	}
	if (f->kind == LEAF && f->part.cte == MIME_OTHER)
		f->part.flags |= MIME_BAD_ENCODING;
	if (r->h.begin && (want = call(r, r->h.begin(r->h.arg, &f->part))) < 0)
		return -1;
	f->state = f->kind == LEAF && want ? BODY : SKIP;
	if (f->kind == MESSAGE)
		return push(r);
	return 0;
}

/* emit: hands on decoded bytes through the output buffer */
static int
emit(struct mime_reader *r, struct frame *f, const char *s, size_t n)
{
	size_t k;

	if (r->h.data == NULL)
		return 0;
	while (n > 0) {
		if (r->outn == OUT_CHUNK) {
			if (call(r, r->h.data(r->h.arg, &f->part, r->out,
			    r->outn)) < 0)
				return -1;
			r->outn = 0;
		}
		k = OUT_CHUNK - r->outn < n ? OUT_CHUNK - r->outn : n;
		memcpy(r->out + r->outn, s, k);
		r->outn += k;
		s += k;
		n -= k;
	}
	return 0;
}

static int
flush_out(struct mime_reader *r, struct frame *f)
{
	if (r->outn > 0 && r->h.data && call(r, r->h.data(r->h.arg,
	    &f->part, r->out, r->outn)) < 0)
		return -1;
	r->outn = 0;
	return 0;
}

static int
emit_eol(struct mime_reader *r, struct frame *f)
{
	enum eol e = f->pending;

	f->pending = EOL_MORE;
	if (e == EOL_LF)
		return emit(r, f, "\n", 1);
	if (e == EOL_CRLF)
		return emit(r, f, "\r\n", 2);
	return 0;
}

/* base64 and hex digit values plus one, 0 for anything else: tables
 * built once, as decoding goes byte by byte */
static unsigned char b64[256], hex[256];

static void
tables(void)
{
	static const char a[] = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz"
	    "0123456789+/";
	static const char h[] = "0123456789ABCDEF";
	int i;

	for (i = 0; i < 64; i++)
		b64[(unsigned char)a[i]] = (unsigned char)(i + 1);
	for (i = 0; i < 16; i++) {
		hex[(unsigned char)h[i]] = (unsigned char)(i + 1);
		hex[(unsigned char)(h[i] | 0x20)] = (unsigned char)(i + 1);
	}
}

/* flush_room: room for k more bytes in the output buffer */
static int
flush_room(struct mime_reader *r, struct frame *f, size_t k)
{
	if (r->outn + k > OUT_CHUNK) {
		if (r->h.data && call(r, r->h.data(r->h.arg, &f->part, r->out,
		    r->outn)) < 0)
			return -1;
		r->outn = 0;	/* with no one to take it, dropped */
	}
	return 0;
}

static int
base64(struct mime_reader *r, struct frame *f, const char *s, size_t n)
{
	const unsigned char *u = (const unsigned char *)s;
	unsigned long v;
	size_t i = 0;
	char b[3];

	if (b64['A'] == 0)
		tables();
	while (i < n) {
		/* whole quanta, the common case, straight into the buffer */
		while (f->qn == 0 && !f->pad && n - i >= 4 &&
		    b64[u[i]] && b64[u[i + 1]] && b64[u[i + 2]] &&
		    b64[u[i + 3]]) {
			if (flush_room(r, f, 3) < 0)
				return -1;
			v = (unsigned long)(b64[u[i]] - 1) << 18 |
			    (unsigned long)(b64[u[i + 1]] - 1) << 12 |
			    (unsigned long)(b64[u[i + 2]] - 1) << 6 |
			    (unsigned long)(b64[u[i + 3]] - 1);
			r->out[r->outn++] = (char)(v >> 16);
			r->out[r->outn++] = (char)(v >> 8);
			r->out[r->outn++] = (char)v;
			i += 4;
		}
		if (i == n)
			break;
		/* one character at a time: a quantum split across lines,
		 * padding, or something that is not base64 */
		if (u[i] == '=') {
			/* padding only after two or three characters */
			if (f->qn < 2 || f->qn + f->pad >= 4)
				f->part.flags |= MIME_BAD_ENCODING;
			else
				f->pad++;
		} else if (b64[u[i]] == 0 || f->pad) {
			f->part.flags |= MIME_BAD_ENCODING;
		} else {
			f->quantum = f->quantum << 6 | (b64[u[i]] - 1u);
			if (++f->qn == 4) {
				b[0] = (char)(f->quantum >> 16);
				b[1] = (char)(f->quantum >> 8);
				b[2] = (char)f->quantum;
				if (emit(r, f, b, 3) < 0)
					return -1;
				f->qn = 0;
				f->quantum = 0;
			}
		}
		i++;
	}
	return 0;
}

/* base64_end: what a partial quantum holds; strict decoding wants it
 * padded to four, with no bits left over */
static int
base64_end(struct mime_reader *r, struct frame *f)
{
	char b[2];

	if (f->qn == 0)
		return f->pad ? (f->part.flags |= MIME_BAD_ENCODING, 0) : 0;
	if (f->qn == 1 || f->qn + f->pad != 4 ||
	    (f->quantum & (f->qn == 2 ? 0xf : 0x3)) != 0)
		f->part.flags |= MIME_BAD_ENCODING;
	if (f->qn == 1)
		return 0;
	f->quantum <<= 6 * (4 - f->qn);
	b[0] = (char)(f->quantum >> 16);
	b[1] = (char)(f->quantum >> 8);
	return emit(r, f, b, (size_t)f->qn - 1);
}

/* qp: one line (or piece of one) of quoted-printable */
static int
qp(struct mime_reader *r, struct frame *f, const char *s, size_t n,
    enum eol eol, int cont)
{
	char tmp[3];
	size_t i, run;
	int soft = 0, from_line = 0, hi, lo;

	if (b64['A'] == 0)
		tables();
	if (!cont) {
		if (emit_eol(r, f) < 0)
			return -1;
		f->linelen = 0;
	}
	f->linelen += n;
	if (f->linelen > QP_LINE_MAX)
		f->part.flags |= MIME_BAD_ENCODING;
	if (eol != EOL_MORE) {
		/* blanks at the end of a line were added on the way */
		while (n > 0 && (s[n - 1] == ' ' || s[n - 1] == '\t'))
			n--;
	}
	for (i = 0; i < n || f->ncarry > 0;) {
		if (f->ncarry == 0 && s[i] == '=' && n - i >= 3 &&
		    hex[(unsigned char)s[i + 1]] &&
		    hex[(unsigned char)s[i + 2]]) {
			/* "=XX", the common case, straight into the buffer */
			if (r->outn == OUT_CHUNK && flush_room(r, f, 1) < 0)
				return -1;
			r->out[r->outn++] = (char)((hex[(unsigned char)s[i + 1]] -
			    1) << 4 | (hex[(unsigned char)s[i + 2]] - 1));
			i += 3;
			continue;
		}
		if (f->ncarry > 0) {
			/* "=" or "=X" from the piece before, completed here */
			while (f->ncarry < 3 && i < n)
				f->carry[f->ncarry++] = s[i++];
			if (f->ncarry < 3 && eol == EOL_MORE)
				break;
			memcpy(tmp, f->carry, f->ncarry);
			run = f->ncarry;
			f->ncarry = 0;
		} else if (s[i] != '=') {
			const char *eq = memchr(s + i, '=', n - i);

			run = eq ? (size_t)(eq - s) : n;
			if (emit(r, f, s + i, run - i) < 0)
				return -1;
			i = run;
			continue;
		} else {
			run = n - i < 3 ? n - i : 3;
			memcpy(tmp, s + i, run);
			i += run;
			if (run < 3 && eol == EOL_MORE) {
				memcpy(f->carry, tmp, run);
				f->ncarry = run;
				break;
			}
			from_line = 1;
		}
		if (run == 1) {
			soft = 1;	/* a final '=': a soft line break */
		} else if (run == 3 &&
		    (hi = qp_hexval((unsigned char)tmp[1])) >= 0 &&
		    (lo = qp_hexval((unsigned char)tmp[2])) >= 0) {
			tmp[0] = (char)(hi << 4 | lo);
			if (emit(r, f, tmp, 1) < 0)
				return -1;
		} else if (from_line) {
			/* not "=XX": the '=' is kept and what follows it is
			 * read again, as it may start an "=XX" */
			f->part.flags |= MIME_BAD_ENCODING;
			if (emit(r, f, "=", 1) < 0)
				return -1;
			i -= run - 1;
		} else {
			/* the same across two pieces of a line: kept */
			f->part.flags |= MIME_BAD_ENCODING;
			if (emit(r, f, tmp, run) < 0)
				return -1;
		}
		from_line = 0;
	}
	if (eol == EOL_LF || eol == EOL_CRLF)
		f->pending = soft ? EOL_MORE : eol;
	return 0;
}

/* body: a line (or piece of one) of a leaf's body asked for */
static int
body(struct mime_reader *r, struct frame *f, const char *s, size_t n,
    enum eol eol, int cont)
{
	if (f->part.cte == MIME_BASE64)
		return base64(r, f, s, n);
	if (f->part.cte == MIME_QP)
		return qp(r, f, s, n, eol, cont);
	if (!cont && emit_eol(r, f) < 0)
		return -1;
	if (emit(r, f, s, n) < 0)
		return -1;
	if (eol == EOL_LF || eol == EOL_CRLF)
		f->pending = eol;
	return 0;
}

/* end_top: the top part ends (flags as they are); pops it. Ended by a
 * delimiter, a leaf's last line end is the delimiter's (RFC 2046 section
 * 5.1.1); ended by the end of the mail, it is the leaf's. */
static int
end_top(struct mime_reader *r, int by_delimiter)
{
	struct frame *f = &r->stack[r->top];

	if (f->state == HEADER && header_done(r) < 0)
		return -1;
	f = &r->stack[r->top];	/* a message part pushed its message */
	if (f->state == HEADER)
		return end_top(r, by_delimiter);
	if (f->state == BODY) {
		if (!by_delimiter && f->part.cte != MIME_BASE64 &&
		    emit_eol(r, f) < 0)
			return -1;
		if (f->part.cte == MIME_BASE64 && base64_end(r, f) < 0)
			return -1;
		if (f->part.cte == MIME_QP && f->ncarry > 0) {
			f->part.flags |= MIME_BAD_ENCODING;
			if (emit(r, f, f->carry, f->ncarry) < 0)
				return -1;
		}
		if (flush_out(r, f) < 0)
			return -1;
	}
	if (r->h.end && call(r, r->h.end(r->h.arg, &f->part)) < 0)
		return -1;
	if (r->top == 0)
		r->done = 1;
	else
		r->top--;
	return 0;
}

/* delimiter: if s[0..n) is a delimiter line of an open multipart, ends
 * what it ends and returns 1; else 0 */
static int
delimiter(struct mime_reader *r, const char *s, size_t n)
{
	size_t k, i;
	struct frame *m;
	int close;

	if (n < 3 || s[0] != '-' || s[1] != '-')
		return 0;
	for (k = r->top + 1; k-- > 0;) {
		m = &r->stack[k];
		if (m->kind != MULTI || m->blen > n - 2 ||
		    memcmp(s + 2, m->boundary, m->blen) != 0)
			continue;
		i = 2 + m->blen;
		close = n - i >= 2 && s[i] == '-' && s[i + 1] == '-';
		if (close)
			i += 2;
		while (i < n && (s[i] == ' ' || s[i] == '\t'))
			i++;
		if (i != n)
			continue;
		/* what is open inside m ends here; a multipart among them
		 * never saw its close delimiter */
		while (r->top > k) {
			if (r->stack[r->top].kind == MULTI)
				r->stack[r->top].part.flags |= MIME_UNCLOSED;
			if (end_top(r, 1) < 0)
				return -1;
		}
		if (!close)
			return push(r) < 0 ? -1 : 1;
		/* m ends; what follows, up to a delimiter of the part
		 * around it, is its epilogue */
		if (end_top(r, 1) < 0)
			return -1;
		r->stack[r->top].state = SKIP;
		return 1;
	}
	return 0;
}

/* header_line: a line of a header */
static int
header_line(struct mime_reader *r, const char *s, size_t n, enum eol eol,
    int cont)
{
	struct frame *f = &r->stack[r->top];
	size_t i;

	if (!cont && n == 0)
		return header_done(r);
	if (!cont && (s[0] == ' ' || s[0] == '\t')) {
		if (!r->field_open) {
			f->part.flags |= MIME_NO_BLANK;
			return 0;	/* a fold with nothing to fold */
		}
	} else if (!cont) {
		for (i = 0; i < n && s[i] > 32 && s[i] < 127 && s[i] != ':';
		    i++)
			;
		if (i == 0 || i == n || s[i] != ':') {
			if (r->lines == 1 && n >= 5 &&
			    memcmp(s, "From ", 5) == 0)
				return 0;	/* mbox */
			/* not a field: the body starts here */
			f->part.flags |= MIME_NO_BLANK;
			if (header_done(r) < 0)
				return -1;
			return line(r, s, n, eol, 0) < 0 ? -1 : 1;
		}
		if (flush_field(r) < 0)
			return -1;
		r->field_open = 1;
		r->field_dropped = ++r->fields > MIME_FIELDS_MAX;
	}
	if (!r->field_open)
		return 0;
	r->header_bytes += n;
	if (r->header_bytes > MIME_HEADER_MAX)
		r->field_dropped = 1;
	if (!r->field_dropped && buf_add(&r->field, s, n) < 0) {
		if (errno == ENOMEM)
			return fail(r, "out of memory");
		r->field_dropped = 1;
	}
	return 0;
}

/* line: one line of the mail without its end, or a piece of a line too
 * long to keep (eol EOL_MORE, and cont for the pieces after the first) */
static int
line(struct mime_reader *r, const char *s, size_t n, enum eol eol, int cont)
{
	struct frame *f;
	int d;

	if (!r->started) {
		r->started = 1;
		if (push(r) < 0)
			return -1;
	}
	if (r->done)
		return 0;	/* after the message's end: nothing */
	if (!cont && r->lines < 2)
		r->lines++;
	if (!cont && eol != EOL_MORE && (d = delimiter(r, s, n)) != 0)
		return d < 0 ? -1 : 0;
	f = &r->stack[r->top];
	if (f->state == HEADER) {
		d = header_line(r, s, n, eol, cont);
		return d < 0 ? -1 : 0;
	}
	if (f->state == BODY)
		return body(r, f, s, n, eol, cont);
	return 0;
}

int
mime_feed(struct mime_reader *r, const char *s, size_t n)
{
	const char *nl;
	size_t take, k;
	enum eol eol;

	if (r->error)
		return -1;
	while (n > 0) {
		nl = memchr(s, '\n', n);
		take = nl ? (size_t)(nl - s) + 1 : n;
		if (nl && r->linen == 0 && take - 1 < LINE_KEEP) {
			/* a whole line in this chunk: read where it is (a
			 * longer one goes in pieces, however the mail was cut
			 * into chunks, so that it reads the same) */
			k = take - 1;
			eol = k > 0 && s[k - 1] == '\r' ? EOL_CRLF : EOL_LF;
			if (eol == EOL_CRLF)
				k--;
			if (line(r, s, k, eol, r->cont) < 0)
				return -1;
			r->cont = 0;
		} else {
			k = take - (nl != NULL);
			if (k >= LINE_KEEP - r->linen)
				k = take = LINE_KEEP - r->linen;
			memcpy(r->line + r->linen, s, k);
			r->linen += k;
			if (nl && take == (size_t)(nl - s) + 1) {
				k = r->linen;
				eol = k > 0 && r->line[k - 1] == '\r' ?
				    EOL_CRLF : EOL_LF;
				if (eol == EOL_CRLF)
					k--;
				if (line(r, r->line, k, eol, r->cont) < 0)
					return -1;
				r->cont = 0;
				r->linen = 0;
			} else if (r->linen == LINE_KEEP) {
				/* too long to keep: on in pieces, a final
				 * CR kept back in case an LF follows */
				k = r->linen - (r->line[r->linen - 1] == '\r');
				if (line(r, r->line, k, EOL_MORE, r->cont) < 0)
					return -1;
				r->cont = 1;
				memmove(r->line, r->line + k, r->linen - k);
				r->linen -= k;
			}
		}
		s += take;
		n -= take;
	}
	return 0;
}

int
mime_end(struct mime_reader *r)
{
	if (r->error)
		return -1;
	if (r->linen > 0 || r->cont) {
		if (line(r, r->line, r->linen, EOL_NONE, r->cont) < 0)
			return -1;
		r->linen = 0;
		r->cont = 0;
	}
	if (!r->started && line(r, "", 0, EOL_NONE, 0) < 0)
		return -1;
	while (!r->done) {
		if (r->stack[r->top].kind == MULTI)
			r->stack[r->top].part.flags |= MIME_UNCLOSED;
		if (end_top(r, 0) < 0)
			return -1;
	}
	return 0;
}
