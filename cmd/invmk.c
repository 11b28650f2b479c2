/*
 * invmk: build an invitation mail.
 *
 * Reads the inviter's presence line on stdin and writes one RFC 5322
 * message on stdout, ready for msmtp -t: a multipart/alternative of a text
 * part and an HTML card for people, and the machine-readable invitation
 * (invitation(5)) with a token signed by the inviter's secret. Anything a
 * header would carry is checked first: control characters are refused,
 * never stripped. The mail is built whole in memory, read back and checked,
 * and only then written.
 */
#include <err.h>
#include <errno.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "../lib/afile.h"
#include "../lib/b64.h"
#include "../lib/buf.h"
#include "../lib/hdr.h"
#include "../lib/hmac.h"
#include "../lib/invitation.h"
#include "../lib/json.h"
#include "../lib/mimew.h"
#include "../lib/num.h"
#include "../lib/paths.h"
#include "../lib/pem.h"
#include "../lib/presence.h"
#include "../lib/qp.h"
#include "../lib/readback.h"
#include "../lib/rfc3339.h"
#include "../lib/secret.h"
#include "../lib/token.h"
#include "../lib/utf8.h"

#define EXIT_USAGE	2
#define EXIT_FAIL	3
#define CERT_MAX	16384
#define NOTE_MAX	1024
#define WHEN_LEN	22	/* "09:03 UTC (2026-11-25)" */
#define INVITE_TYPE	"application/vnd.hail.invitation+json"

struct inv {
	char from_name[MIMEW_TEXT_MAX + 1], from[MIMEW_ADDR_MAX + 1];
	char to_name[MIMEW_TEXT_MAX + 1], to[MIMEW_ADDR_MAX + 1];
	const char *subject, *endpoint, *renderer, *sha256, *presence_url;
	const char *note;
	char *cert;
	char id[33];
	char created[RFC3339_LEN + 1], expires[RFC3339_LEN + 1];
	char token[TOKEN_LEN + 1];
	struct presence pres;
	char *pres_json;
	time_t now;
};

static void
usage(void)
{
	fprintf(stderr, "usage: invmk -f from -t to -e endpoint "
	    "[-c certificate] [-n note] [-P presence-url] "
	    "[-r renderer-url -R sha256] [-s subject] [-x seconds] [file]\n");
	exit(EXIT_USAGE);
}

/* text_arg: a flag's value must be one line of UTF-8 text */
static const char *
text_arg(const char *what, const char *v, size_t max)
{
	if (strlen(v) > max || !utf8_printable(v, strlen(v))) {
		warnx("%s: not one line of UTF-8 text of at most %zu bytes "
		    "(control characters are refused, not removed)", what, max);
		usage();
	}
	return v;
}

/* endpoint_ok: the endpoint as lib/invitation reads it in invopen */
static int
endpoint_ok(const char *e)
{
	char host[INV_HOST_MAX + 1];
	unsigned port;
	int tls;

	return inv_endpoint(e, &tls, host, sizeof(host), &port) == 0;
}

static char *
read_cert(const char *path)
{
	struct buf b, pem;
	char chunk[4096];
	const char *why;
	size_t n;
	FILE *f;

	if ((f = fopen(path, "r")) == NULL)
		err(EXIT_FAIL, "%s", path);
	buf_init(&b, CERT_MAX);
	while ((n = fread(chunk, 1, sizeof(chunk), f)) > 0)
		if (buf_add(&b, chunk, n) < 0)
			errx(EXIT_FAIL, "%s: larger than %d bytes", path,
			    CERT_MAX);
	if (ferror(f))
		err(EXIT_FAIL, "%s", path);
	fclose(f);
	buf_init(&pem, 0);
	if (b.len == 0 || memchr(b.data, '\0', b.len) != NULL)
		errx(EXIT_FAIL, "%s: not a PEM certificate: empty or binary",
		    path);
	if (pem_certs(b.data, b.len, &pem, &why) < 0)
		errx(EXIT_FAIL, "%s: not a PEM certificate: %s", path, why);
	buf_free(&b);
	return pem.data;
}

/* read_presence: the inviter's presence line, from src (stdin or the
 * file operand); it must be theirs and current, since the invitation
 * shows it to someone else as the truth about them */
static void
read_presence(struct inv *v, const char *src)
{
	char line[PRES_LINE_MAX + 2], t[RFC3339_LEN + 1];
	const char *why;
	struct buf b;
	size_t n;

	n = fread(line, 1, sizeof(line) - 1, stdin);
	if (ferror(stdin))
		err(EXIT_FAIL, "%s", src);
	if (n == sizeof(line) - 1)
		errx(EXIT_FAIL, "%s: a presence line is at most %d bytes",
		    src, PRES_LINE_MAX);
	line[n] = '\0';
	if (pres_parse(line, n, &v->pres, &why) < 0)
		errx(EXIT_FAIL, "%s: not a presence line: %s", src, why);
	if (!inv_same_address(v->pres.user, v->from))
		errx(EXIT_FAIL, "%s: the presence of %s, not of %s (presd -u "
		    "sets the user)", src, v->pres.user, v->from);
	if (v->pres.expires <= v->now) {
		if (rfc3339_fmt(v->pres.expires, t) < 0)
			t[0] = '\0';
		errx(EXIT_FAIL, "%s: the presence line expired %s%s; is presd "
		    "running?", src, t[0] ? "at " : "", t);
	}
	/* the presence object goes into the invitation as presd wrote it,
	 * written again so that no unknown key rides along */
	buf_init(&b, PRES_LINE_MAX);
	if (pres_format(&v->pres, &b) < 0)
		errx(EXIT_FAIL, "%s: presence line cannot be written again",
		    src);
	b.data[--b.len] = '\0';
	v->pres_json = b.data;
}

static void
load_token(struct inv *v)
{
	unsigned char key[SECRET_LEN];
	char dir[PATH_MAX], path[PATH_MAX];
	const char *why;

	if (path_dir(PATH_CONFIG, dir, sizeof(dir)) < 0 ||
	    path_join(path, sizeof(path), dir, "secret") < 0)
		errx(EXIT_FAIL, "no configuration directory: set HOME, "
		    "XDG_CONFIG_HOME or HAIL_CONFIG_DIR");
	/* the secret is there on every run but the first: read it first,
	 * rather than call mkdir for every level of dir each time. On any
	 * failure the first-run way runs, so errors read as they did. */
	if (secret_load(path, 0, key, &why) < 0) {
		/* first use: ~/.config itself may not exist yet */
		if (afile_mkdirs(dir, 0700) < 0)
			err(EXIT_FAIL, "%s", dir);
		if (secret_load(path, 1, key, &why) < 0)
			errx(EXIT_FAIL, "%s: %s", path, why);
	}
	if (token_make(key, v->id, v->to, v->expires, v->token) < 0)
		errx(EXIT_FAIL, "cannot make the token");
	hmac_wipe(key, sizeof(key));
}

static void
put_member(struct buf *b, const char *key, const char *val)
{
	buf_addc(b, ',');
	json_put_str(b, key, strlen(key));
	buf_addc(b, ':');
	if (json_put_str(b, val, strlen(val)) < 0)
		errx(EXIT_FAIL, "%s: not UTF-8", key);
}

/* invitation: the JSON object of invitation(5), keys in its order */
static void
invitation(const struct inv *v, struct buf *j)
{
	buf_adds(j, "{\"v\":1");
	put_member(j, "id", v->id);
	put_member(j, "from", v->from);
	if (v->from_name[0])
		put_member(j, "from_name", v->from_name);
	put_member(j, "to", v->to);
	put_member(j, "created", v->created);
	put_member(j, "expires", v->expires);
	buf_adds(j, ",\"presence\":");
	buf_adds(j, v->pres_json);
	buf_adds(j, ",\"session\":{\"endpoint\":");
	json_put_str(j, v->endpoint, strlen(v->endpoint));
	if (v->cert)
		put_member(j, "certificate", v->cert);
	buf_addc(j, '}');
	put_member(j, "token", v->token);
	if (v->renderer) {
		buf_adds(j, ",\"renderer\":{\"url\":");
		json_put_str(j, v->renderer, strlen(v->renderer));
		put_member(j, "sha256", v->sha256);
		buf_addc(j, '}');
	}
	if (v->presence_url)
		put_member(j, "presence_url", v->presence_url);
	if (v->note)
		put_member(j, "note", v->note);
	buf_adds(j, "}\n");
}

/* when: "09:03 UTC (2026-11-25)" for people, or "unknown" */
static void
when(time_t t, char out[WHEN_LEN + 1])
{
	char ts[RFC3339_LEN + 1];

	if (rfc3339_fmt(t, ts) < 0) {
		memcpy(out, "unknown", sizeof("unknown"));
		return;
	}
	/* parts of the RFC 3339 form put into place; snprintf cost more
	 * than the rest of the text part */
	memcpy(out, "hh:mm UTC (yyyy-mm-dd)", WHEN_LEN + 1);
	memcpy(out, ts + 11, 5);
	memcpy(out + 11, ts, 10);
}

static const char *
who(const struct inv *v)
{
	return v->from_name[0] ? v->from_name : v->from;
}

static void
text_part(const struct inv *v, struct buf *t)
{
	char li[WHEN_LEN + 1], ex[WHEN_LEN + 1];
	time_t exp;

	when(v->pres.last_input, li);
	rfc3339_parse(v->expires, strlen(v->expires), &exp);
	when(exp, ex);
	buf_adds(t, who(v));
	if (v->from_name[0]) {
		buf_adds(t, " <");
		buf_adds(t, v->from);
		buf_adds(t, ">");
	}
	buf_adds(t, " invites you to a live conversation.\n\n");
	buf_adds(t, "Presence: ");
	buf_adds(t, pres_status_name(v->pres.status));
	if (v->pres.has_last_input) {
		buf_adds(t, ", last input ");
		buf_adds(t, li);
	}
	if (v->pres.note[0]) {
		buf_adds(t, ", \"");
		buf_adds(t, v->pres.note);
		buf_adds(t, "\"");
	}
	buf_adds(t, ".\n");
	if (v->pres.status == PRES_DND) {
		buf_adds(t, who(v));
		buf_adds(t, " is busy (do not disturb) and may not answer "
		    "at once.\n");
	}
	if (v->note) {
		buf_adds(t, "Note: ");
		buf_adds(t, v->note);
		buf_addc(t, '\n');
	}
	buf_adds(t, "\nTo join with hail, give this mail to invopen(1), for "
	    "example from mutt:\n    | invopen\nThe invitation expires ");
	buf_adds(t, ex);
	buf_adds(t, ".\n\nSession: ");
	buf_adds(t, v->endpoint);
	buf_addc(t, '\n');
	if (v->renderer) {
		buf_adds(t, "Renderer: ");
		buf_adds(t, v->renderer);
		buf_adds(t, "\n  sha256 ");
		buf_adds(t, v->sha256);
		buf_addc(t, '\n');
	}
	if (v->presence_url) {
		buf_adds(t, "Live presence: ");
		buf_adds(t, v->presence_url);
		buf_addc(t, '\n');
	}
}

static void
html_escaped(struct buf *h, const char *s)
{
	for (; *s; s++) {
		switch (*s) {
		case '&': buf_adds(h, "&amp;"); break;
		case '<': buf_adds(h, "&lt;"); break;
		case '>': buf_adds(h, "&gt;"); break;
		case '"': buf_adds(h, "&quot;"); break;
		case '\'': buf_adds(h, "&#39;"); break;
		default: buf_addc(h, *s);
		}
	}
}

static void
html_part(const struct inv *v, struct buf *h)
{
	char li[WHEN_LEN + 1], ex[WHEN_LEN + 1];
	time_t exp;

	when(v->pres.last_input, li);
	rfc3339_parse(v->expires, strlen(v->expires), &exp);
	when(exp, ex);
	buf_adds(h, "<!DOCTYPE html>\n<html><head><meta charset=\"utf-8\">"
	    "<title>Invitation</title></head>\n<body>\n<div style=\"border:"
	    "1px solid #888;border-radius:8px;padding:12px;max-width:32em;"
	    "font-family:sans-serif\">\n<p><b>");
	html_escaped(h, who(v));
	buf_adds(h, "</b> invites you to a live conversation.</p>\n"
	    "<p>Presence: <b>");
	buf_adds(h, pres_status_name(v->pres.status));
	buf_adds(h, "</b>");
	if (v->pres.has_last_input) {
		buf_adds(h, ", last input ");
		buf_adds(h, li);
	}
	if (v->pres.note[0]) {
		buf_adds(h, ", &ldquo;");
		html_escaped(h, v->pres.note);
		buf_adds(h, "&rdquo;");
	}
	buf_adds(h, "</p>\n");
	if (v->pres.status == PRES_DND) {
		buf_adds(h, "<p>");
		html_escaped(h, who(v));
		buf_adds(h, " is <b>busy</b> (do not disturb) and may not "
		    "answer at once.</p>\n");
	}
	if (v->note) {
		buf_adds(h, "<p>");
		html_escaped(h, v->note);
		buf_adds(h, "</p>\n");
	}
	buf_adds(h, "<p>To join, give this mail to <code>invopen</code>. "
	    "Session: <code>");
	html_escaped(h, v->endpoint);
	buf_adds(h, "</code>. The invitation expires ");
	buf_adds(h, ex);
	buf_adds(h, ".</p>\n");
	if (v->renderer) {
		buf_adds(h, "<p>Renderer: <code>");
		html_escaped(h, v->renderer);
		buf_adds(h, "</code><br>sha256 <code>");
		buf_adds(h, v->sha256);
		buf_adds(h, "</code></p>\n");
	}
	if (v->presence_url) {
		buf_adds(h, "<p>Live presence: <code>");
		html_escaped(h, v->presence_url);
		buf_adds(h, "</code></p>\n");
	}
	buf_adds(h, "</div>\n</body></html>\n");
}

static void
random_hex(char *out, size_t bytes)
{
	static const char hex[] = "0123456789abcdef";
	unsigned char r[32];
	size_t i;

	if (bytes > sizeof(r) || secret_random(r, bytes) < 0)
		err(EXIT_FAIL, "getrandom");
	for (i = 0; i < bytes; i++) {
		out[2 * i] = hex[r[i] >> 4];
		out[2 * i + 1] = hex[r[i] & 0xf];
	}
	out[2 * bytes] = '\0';
}

static void
part(struct buf *m, const char *boundary, const char *type,
    const char *cte, const char *extra, const struct buf *body)
{
	buf_adds(m, "\n--");
	buf_adds(m, boundary);
	buf_adds(m, "\nContent-Type: ");
	buf_adds(m, type);
	buf_adds(m, "\nContent-Transfer-Encoding: ");
	buf_adds(m, cte);
	buf_addc(m, '\n');
	if (extra)
		buf_adds(m, extra);
	buf_addc(m, '\n');
	buf_add(m, body->data, body->len);
}

/* foldable_line: 1 if the header line p..nl has a space where it could
 * have been folded (after the field name and the blanks that start it) */
static int
foldable_line(const char *p, const char *nl)
{
	const char *colon;

	if (*p != ' ' && (colon = memchr(p, ':', (size_t)(nl - p))) != NULL)
		p = colon + 1;	/* a field's first line: after its name */
	while (p < nl && *p == ' ')
		p++;
	return memchr(p, ' ', (size_t)(nl - p)) != NULL;
}

/* same_mailbox: the field holds exactly this display name and address */
static int
same_mailbox(const char *field, const char *name, const char *addr)
{
	struct buf d, a;
	const char *why;
	int same;

	buf_init(&d, 0);
	buf_init(&a, 0);
	same = field && hdr_mailbox(field, strlen(field), &d, &a, &why) == 0 &&
	    strcmp(d.len ? d.data : "", name) == 0 &&
	    strcmp(a.len ? a.data : "", addr) == 0;
	buf_free(&d);
	buf_free(&a);
	return same;
}

static int
same_text(const char *field, const char *want)
{
	struct buf t;
	const char *why;
	int same;

	buf_init(&t, 0);
	same = field && hdr_text(&t, field, strlen(field), &why) == 0 &&
	    strcmp(t.len ? t.data : "", want) == 0;
	buf_free(&t);
	return same;
}

/* read_back: reads the mail back as a receiver would (lib/mime, the
 * reader invopen uses) and compares what it finds with what was meant:
 * the header set, the MIME tree, each part's decoded content and the
 * JSON. A generator bug shows here, not in a reader's hands. Returns
 * NULL, or what is wrong. */
static const char *
read_back(const struct inv *v, const struct buf *m, const char *date,
    const struct buf *want[3])
{
	static const char *const fields[] = { "From", "To", "Subject", "Date",
	    "Message-ID", "MIME-Version", "X-Hail-Invitation", "Content-Type" };
	static const char *const types[] = { "text/plain", "text/html",
	    INVITE_TYPE };
	static const struct json_limits lim = { 65536, 4, 128, 20000 };
	const char *p = m->data, *end = m->data + m->len, *nl, *hdr_end, *why;
	char msgid[128];
	struct readback rb;
	struct json *o;
	struct json_error je;
	size_t i, count;

	if ((hdr_end = strstr(p, "\n\n")) == NULL)
		return "no end of header";
	for (; p < end; p = nl + 1) {
		if ((nl = memchr(p, '\n', (size_t)(end - p))) == NULL)
			return "no final newline";
		if (nl - p > 998)
			return "a line longer than 998 octets";
		if (p < hdr_end && (nl - p) > 78 && foldable_line(p, nl))
			return "a header line longer than 78 columns that "
			    "could have been folded";
		if (memchr(p, '\r', (size_t)(nl - p)) ||
		    memchr(p, '\0', (size_t)(nl - p)))
			return "a CR or NUL in the mail";
	}
	if (readback(m->data, m->len, &rb, &why) < 0)
		goto out;
	why = "not the header fields meant";
	if (rb.nfields != sizeof(fields) / sizeof(fields[0]))
		goto out;
	for (i = 0; i < rb.nfields; i++)
		if (readback_get(&rb, fields[i], &count) == NULL || count != 1)
			goto out;
	snprintf(msgid, sizeof(msgid), "<%s.hail@%s>", v->id,
	    strrchr(v->from, '@') + 1);
	if (!same_mailbox(readback_get(&rb, "From", NULL), v->from_name,
	    v->from) ||
	    !same_mailbox(readback_get(&rb, "To", NULL), v->to_name, v->to) ||
	    !same_text(readback_get(&rb, "Subject", NULL), v->subject) ||
	    strcmp(readback_get(&rb, "Date", NULL), date) != 0 ||
	    strcmp(readback_get(&rb, "Message-ID", NULL), msgid) != 0 ||
	    strcmp(readback_get(&rb, "MIME-Version", NULL), "1.0") != 0 ||
	    strcmp(readback_get(&rb, "X-Hail-Invitation", NULL), v->id) != 0)
		goto out;
	why = "not the MIME tree meant";
	if (rb.nparts != 4 || rb.part[0].flags != 0 ||
	    strcmp(rb.part[0].type, "multipart/alternative") != 0)
		goto out;
	for (i = 0; i < 3; i++) {
		const struct mime_part *pt = &rb.part[i + 1];

		if (pt->depth != 1 || pt->flags != 0 ||
		    strcmp(pt->type, types[i]) != 0 ||
		    strcmp(pt->charset, i < 2 ? "utf-8" : "") != 0 ||
		    pt->cte != (i < 2 ? MIME_QP : MIME_BASE64))
			goto out;
		if (rb.body[i + 1].len != want[i]->len ||
		    memcmp(rb.body[i + 1].data, want[i]->data,
		    want[i]->len) != 0) {
			why = "a part that does not decode to what was meant";
			goto out;
		}
	}
	why = "the invitation is not strict JSON";
	if (json_parse(rb.body[3].data, rb.body[3].len, &lim, &o, &je) < 0)
		goto out;
	json_free(o);
	why = NULL;
out:
	readback_free(&rb);
	return why;
}

/* mail_date: the RFC 5322 date of t in UTC, written here rather than by
 * strftime(3), which would read the time zone database for nothing */
static void
mail_date(time_t t, char *out, size_t n)
{
	static const char days[] = "ThuFriSatSunMonTueWed";
	static const char months[] = "JanFebMarAprMayJunJulAugSepOctNovDec";
	static const char shape[] = "Ddd, dd Mmm yyyy hh:mm:ss +0000";
	char ts[RFC3339_LEN + 1];
	long long d = (long long)t / 86400 - ((long long)t % 86400 < 0);
	int wd = (int)(((d % 7) + 7) % 7), mo;

	if (rfc3339_fmt(t, ts) < 0)
		errx(EXIT_FAIL, "the clock is out of range");
	if (n < sizeof(shape))
		errx(EXIT_FAIL, "no room for the date");
	mo = (ts[5] - '0') * 10 + (ts[6] - '0') - 1;
	/* parts of the RFC 3339 form put into place, as in when() */
	memcpy(out, shape, sizeof(shape));
	memcpy(out, days + 3 * wd, 3);
	memcpy(out + 5, ts + 8, 2);
	memcpy(out + 8, months + 3 * mo, 3);
	memcpy(out + 12, ts, 4);
	memcpy(out + 17, ts + 11, 8);
}

static void
build(struct inv *v, struct buf *m)
{
	struct buf json, text, html, enc;
	const struct buf *want[3];
	char boundary[64], date[64], subject[MIMEW_TEXT_MAX + 64];
	const char *why;
	int i;

	buf_init(&json, 0);
	buf_init(&text, 0);
	buf_init(&html, 0);
	invitation(v, &json);
	text_part(v, &text);
	html_part(v, &html);
	if (json.err || text.err || html.err)
		errx(EXIT_FAIL, "out of memory");

	/* "=_" cannot occur in quoted-printable or base64 text, so the
	 * boundary cannot either; it is looked for all the same */
	for (i = 0;; i++) {
		memcpy(boundary, "=_hail_", 7);
		random_hex(boundary + 7, 12);
		if (strstr(text.data, boundary + 2) == NULL &&
		    strstr(html.data, boundary + 2) == NULL)
			break;
		if (i > 10)
			errx(EXIT_FAIL, "no boundary found");
	}
	mail_date(v->now, date, sizeof(date));
	if (v->subject == NULL) {
		/* a name of any length still makes a subject: at most 200
		 * bytes of it, cut between characters */
		const char *w = who(v);
		size_t k = 0, step;
		unsigned long cp;

		while (w[k] && (step = utf8_decode((const unsigned char *)w + k,
		    strlen(w + k), &cp)) > 0 && k + step <= 200)
			k += step;
		snprintf(subject, sizeof(subject), "%.*s invites you to talk "
		    "(%s)", (int)k, w, pres_status_name(v->pres.status));
		v->subject = subject;
	}
	if (mimew_mailbox(m, "From", v->from_name, v->from) < 0 ||
	    mimew_mailbox(m, "To", v->to_name, v->to) < 0 ||
	    mimew_text(m, "Subject", v->subject) < 0)
		errx(m->err ? EXIT_FAIL : EXIT_USAGE, "%s", m->err ?
		    "out of memory" : "a header cannot be written");
	buf_adds(m, "Date: ");
	buf_adds(m, date);
	buf_adds(m, "\nMessage-ID: <");
	buf_adds(m, v->id);
	buf_adds(m, ".hail@");
	buf_adds(m, strrchr(v->from, '@') + 1);
	buf_adds(m, ">\nMIME-Version: 1.0\nX-Hail-Invitation: ");
	buf_adds(m, v->id);
	buf_adds(m, "\nContent-Type: multipart/alternative;\n boundary=\"");
	buf_adds(m, boundary);
	buf_adds(m, "\"\n\nThis is an invitation from hail, in MIME.\n");

	buf_init(&enc, 0);
	qp_encode(&enc, text.data, text.len);
	part(m, boundary, "text/plain; charset=UTF-8", "quoted-printable",
	    NULL, &enc);
	buf_reset(&enc);
	qp_encode(&enc, html.data, html.len);
	part(m, boundary, "text/html; charset=UTF-8", "quoted-printable",
	    NULL, &enc);
	buf_reset(&enc);
	b64_encode_lines(&enc, json.data, json.len, 76, "\n");
	part(m, boundary, INVITE_TYPE, "base64", "Content-Disposition: inline;"
	    " filename=\"invitation.json\"\n", &enc);
	buf_adds(m, "\n--");
	buf_adds(m, boundary);
	buf_adds(m, "--\n");
	if (m->err || enc.err)
		errx(EXIT_FAIL, "out of memory");
	want[0] = &text;
	want[1] = &html;
	want[2] = &json;
	if ((why = read_back(v, m, date, want)) != NULL)
		errx(EXIT_FAIL, "the mail made does not read back: %s", why);
	buf_free(&enc);
	buf_free(&json);
	buf_free(&text);
	buf_free(&html);
}

static void
mailbox_arg(const char *flag, const char *s, char *name, char *addr)
{
	const char *why;

	if (mimew_parse_mailbox(s, name, MIMEW_TEXT_MAX + 1, addr,
	    MIMEW_ADDR_MAX + 1, &why) < 0) {
		warnx("%s: %s", flag, why);
		usage();
	}
}

int
main(int argc, char *argv[])
{
	struct inv v;
	struct buf m;
	const char *cert = NULL, *why;
	long long life = 86400;
	int c, has_from = 0, has_to = 0;

	memset(&v, 0, sizeof(v));
	while ((c = getopt(argc, argv, "c:e:f:n:P:r:R:s:t:x:")) != -1) {
		switch (c) {
		case 'c': cert = optarg; break;
		case 'e': v.endpoint = optarg; break;
		case 'f':
			mailbox_arg("-f", optarg, v.from_name, v.from);
			has_from = 1;
			break;
		case 'n': v.note = text_arg("note", optarg, NOTE_MAX); break;
		case 'P': v.presence_url = optarg; break;
		case 'r': v.renderer = optarg; break;
		case 'R': v.sha256 = optarg; break;
		case 's':
			v.subject = text_arg("subject", optarg, MIMEW_TEXT_MAX);
			break;
		case 't':
			mailbox_arg("-t", optarg, v.to_name, v.to);
			has_to = 1;
			break;
		case 'x':
			if ((why = num_parse(optarg, 60, 366 * 86400, &life))) {
				warnx("lifetime: %s (60 to %d seconds)", why,
				    366 * 86400);
				usage();
			}
			break;
		default: usage();
		}
	}
	if (argc - optind > 1 || !has_from || !has_to || v.endpoint == NULL)
		usage();
	/* the presence line from a file instead of stdin */
	if (optind < argc && freopen(argv[optind], "r", stdin) == NULL)
		err(EXIT_FAIL, "%s", argv[optind]);
	/* the presence line is read in one fread and the mail written in
	 * one fwrite: stdio's buffers would be one more copy each, and
	 * 8 KiB of heap to fault in */
	setvbuf(stdin, NULL, _IONBF, 0);
	setvbuf(stdout, NULL, _IONBF, 0);
	if (!endpoint_ok(v.endpoint)) {
		warnx("endpoint: not tcp://host:port or tls://host:port");
		usage();
	}
	if ((v.renderer == NULL) != (v.sha256 == NULL)) {
		warnx("-r and -R go together");
		usage();
	}
	if (v.renderer && !inv_url_ok(v.renderer)) {
		warnx("renderer: not an https URL with a host");
		usage();
	}
	if (v.sha256 && (strlen(v.sha256) != 64 ||
	    strspn(v.sha256, "0123456789abcdef") != 64)) {
		warnx("sha256: not 64 lower-case hex digits");
		usage();
	}
	if (v.presence_url && !inv_url_ok(v.presence_url)) {
		warnx("presence URL: not an https URL with a host");
		usage();
	}
	if (strncmp(v.endpoint, "tls://", 6) == 0 && cert == NULL) {
		warnx("a tls:// endpoint needs the listener's certificate "
		    "(-c)");
		usage();
	}
	if (cert)
		v.cert = read_cert(cert);

	v.now = time(NULL);
	read_presence(&v, optind < argc ? argv[optind] : "stdin");
	random_hex(v.id, 16);
	if (rfc3339_fmt(v.now, v.created) < 0 ||
	    rfc3339_fmt(v.now + (time_t)life, v.expires) < 0)
		errx(EXIT_FAIL, "the clock is out of range");
	load_token(&v);

	buf_init(&m, 0);
	build(&v, &m);
	if (fwrite(m.data, 1, m.len, stdout) != m.len || fflush(stdout) != 0 ||
	    ferror(stdout))
		err(EXIT_FAIL, "stdout");
	buf_free(&m);
	free(v.cert);
	free(v.pres_json);
	return 0;
}
