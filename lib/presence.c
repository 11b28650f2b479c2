/* presence: the presence line of presence(5); see presence.h. */
#include <stdio.h>
#include <string.h>

#include "afile.h"
#include "invitation.h"
#include "json.h"
#include "presence.h"
#include "rfc3339.h"
#include "utf8.h"

static const char *const names[] = {
	[PRES_AVAILABLE] = "available",
	[PRES_AWAY] = "away",
	[PRES_XA] = "xa",
	[PRES_DND] = "dnd",
	[PRES_OFFLINE] = "offline",
};

const char *
pres_status_name(enum pres_status s)
{
	return names[s];
}

int
pres_status_parse(const char *s, size_t n, enum pres_status *out)
{
	size_t i;

	for (i = 0; i < sizeof(names) / sizeof(names[0]); i++)
		if (strlen(names[i]) == n && memcmp(names[i], s, n) == 0) {
			*out = (enum pres_status)i;
			return 0;
		}
	return -1;
}

static void
put_time(struct buf *b, const char *key, time_t t, int *bad)
{
	char ts[RFC3339_LEN + 1];

	if (rfc3339_fmt(t, ts) < 0) {
		*bad = 1;
		return;
	}
	buf_adds(b, ",\"");
	buf_adds(b, key);
	buf_adds(b, "\":\"");
	buf_adds(b, ts);
	buf_addc(b, '"');
}

int
pres_format(const struct presence *p, struct buf *out)
{
	size_t start = out->len, ulen = strlen(p->user), nlen = strlen(p->note);
	int bad = 0;

	if (ulen == 0 || !utf8_printable(p->user, ulen) ||
	    !utf8_printable(p->note, nlen))
		return -1;
	buf_adds(out, "{\"v\":1,\"user\":");
	if (json_put_str(out, p->user, ulen) < 0)
		bad = 1;
	buf_adds(out, ",\"status\":\"");
	buf_adds(out, names[p->status]);
	buf_addc(out, '"');
	if (p->has_last_input)
		put_time(out, "last_input", p->last_input, &bad);
	else
		buf_adds(out, ",\"last_input\":null");
	put_time(out, "since", p->since, &bad);
	put_time(out, "time", p->time, &bad);
	put_time(out, "expires", p->expires, &bad);
	if (nlen) {
		buf_adds(out, ",\"note\":");
		if (json_put_str(out, p->note, nlen) < 0)
			bad = 1;
	}
	buf_adds(out, "}\n");
	return bad || out->err ? buf_truncate(out, start) : 0;
}

static int
get_time(const struct json *o, const char *key, time_t *t)
{
	const struct json *v = json_get(o, key);

	return v && v->type == JSON_STRING &&
	    rfc3339_parse(v->str, v->len, t) == 0 ? 0 : -1;
}

static int
get_text(const struct json *v, char *out, size_t max)
{
	if (v == NULL || v->type != JSON_STRING || v->len > max ||
	    !utf8_printable(v->str, v->len))
		return -1;
	memcpy(out, v->str, v->len + 1);
	return 0;
}

ssize_t
pres_load(const char *path, mode_t deny, struct presence *p,
    char line[PRES_LINE_MAX + 1], const char **why)
{
	ssize_t n;

	if ((n = afile_read_own(path, line, PRES_LINE_MAX, deny, why)) < 0)
		return -1;
	if (pres_parse(line, (size_t)n, p, why) < 0)
		return -1;
	if (line[n - 1] == '\n')
		n--;
	line[n] = '\0';
	return n;
}

int
pres_parse(const char *s, size_t n, struct presence *p, const char **why)
{
	static const struct json_limits lim = { PRES_LINE_MAX, 2, 64, 1024 };
	struct json *o;
	struct json_error e;
	int r;

	if (n > 0 && s[n - 1] == '\n')
		n--;
	if (memchr(s, '\n', n) != NULL || memchr(s, '\r', n) != NULL) {
		*why = "not one line";
		return -1;
	}
	if (json_parse(s, n, &lim, &o, &e) < 0) {
		*why = e.msg;
		return -1;
	}
	r = pres_from_json(o, p, why);
	json_free(o);
	return r;
}

int
pres_from_json(const struct json *o, struct presence *p, const char **why)
{
	const struct json *v;
	long long ver;

	memset(p, 0, sizeof(*p));
	*why = "not an object";
	if (o->type != JSON_OBJECT)
		return -1;
	*why = "unknown version";
	if (json_int(json_get(o, "v"), 1, 1, &ver) < 0)
		return -1;
	*why = "bad user";
	if (get_text(json_get(o, "user"), p->user, PRES_USER_MAX) < 0 ||
	    p->user[0] == '\0')
		return -1;
	*why = "bad status";
	v = json_get(o, "status");
	if (v == NULL || v->type != JSON_STRING ||
	    pres_status_parse(v->str, v->len, &p->status) < 0)
		return -1;
	*why = "bad last_input";
	if ((v = json_get(o, "last_input")) == NULL)
		return -1;
	if (v->type != JSON_NULL) {
		if (get_time(o, "last_input", &p->last_input) < 0)
			return -1;
		p->has_last_input = 1;
	}
	*why = "bad since";
	if (get_time(o, "since", &p->since) < 0)
		return -1;
	*why = "bad time";
	if (get_time(o, "time", &p->time) < 0)
		return -1;
	*why = "bad expires";
	if (get_time(o, "expires", &p->expires) < 0)
		return -1;
	*why = "bad note";
	if ((v = json_get(o, "note")) != NULL &&
	    get_text(v, p->note, PRES_NOTE_MAX) < 0)
		return -1;
	*why = NULL;
	return 0;
}

int
pres_span(struct buf *out, time_t secs)
{
	long long m = secs / 60, h = m / 60, d = h / 24;
	char t[64];

	if (m < 60)
		snprintf(t, sizeof(t), "%lld min", m);
	else if (h < 24 && m % 60 > 0)
		snprintf(t, sizeof(t), "%lld h %lld min", h, m % 60);
	else if (h < 24)
		snprintf(t, sizeof(t), "%lld h", h);
	else if (h % 24 > 0)
		snprintf(t, sizeof(t), "%lld day%s %lld h", d, d > 1 ? "s" : "",
		    h % 24);
	else
		snprintf(t, sizeof(t), "%lld day%s", d, d > 1 ? "s" : "");
	return buf_adds(out, t);
}

/* clock: the local time of day of t, with its date when t is not today */
static int
clock_text(struct buf *out, time_t t, time_t now)
{
	struct tm a, b;
	char s[32];

	if (localtime_r(&t, &a) == NULL || localtime_r(&now, &b) == NULL)
		return buf_adds(out, "?");
	strftime(s, sizeof(s), a.tm_year == b.tm_year &&
	    a.tm_yday == b.tm_yday ? "%H:%M" : "%Y-%m-%d %H:%M", &a);
	return buf_adds(out, s);
}

int
pres_describe(const struct presence *p, const char *who, time_t now,
    struct buf *out)
{
	static const char *const is[] = {
		[PRES_AVAILABLE] = "is available",
		[PRES_AWAY] = "is away",
		[PRES_XA] = "has been away for a long time",
		[PRES_DND] = "is busy (do not disturb)",
		[PRES_OFFLINE] = "is offline",
	};
	static const char *const was[] = {
		[PRES_AVAILABLE] = "was available",
		[PRES_AWAY] = "was away",
		[PRES_XA] = "had been away for a long time",
		[PRES_DND] = "was busy (do not disturb)",
		[PRES_OFFLINE] = "was offline",
	};
	int current = p->expires >= now;

	buf_adds(out, who);
	buf_addc(out, ' ');
	buf_adds(out, current ? is[p->status] : was[p->status]);
	if (p->note[0]) {
		buf_adds(out, ": \"");
		buf_adds(out, p->note);
		buf_addc(out, '"');
	}
	if (!current) {
		buf_adds(out, " as of ");
		clock_text(out, p->time, now);
	} else if (p->status == PRES_OFFLINE) {
		buf_adds(out, " since ");
		clock_text(out, p->since, now);
	} else if (!p->has_last_input) {
		buf_adds(out, ", no input seen yet");
	} else if (now - p->last_input >= 60) {
		buf_adds(out, ", idle ");
		pres_span(out, now - p->last_input);
	}
	return out->err ? -1 : 0;
}

int
pres_file_status(const char *path, time_t now)
{
	char line[PRES_LINE_MAX + 1];
	struct presence p;
	const char *why;

	if (path == NULL || pres_load(path, 022, &p, line, &why) < 0 ||
	    p.expires <= now)
		return -1;
	return (int)p.status;
}

ssize_t
pres_due(struct pres_watch *w, const char *user, time_t now,
    time_t heartbeat, char line[PRES_LINE_MAX + 1])
{
	struct presence p;
	struct stat st;
	const char *why;
	ssize_t n;
	int changed;

	if (w->path == NULL || stat(w->path, &st) < 0)
		return 0;
	changed = st.st_mtime != w->st.st_mtime || st.st_size !=
	    w->st.st_size || st.st_ino != w->st.st_ino;
	if (!changed && now - w->sent < heartbeat)
		return 0;
	w->st = st;
	if ((n = pres_load(w->path, 022, &p, line, &why)) < 0 ||
	    (user[0] && !inv_same_address(p.user, user)) || p.expires <= now)
		return 0;
	w->sent = now;
	return n;
}
