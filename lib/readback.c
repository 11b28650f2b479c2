/* readback: a small mail read whole; see readback.h. */
#include <string.h>
#include <strings.h>

#include "readback.h"

struct state {
	struct readback *rb;
	size_t at[READBACK_FIELDS][2];	/* offsets of names and values: the
					 * text may move as it grows */
	const char *why;
};

static int
field(void *arg, const struct mime_part *p, const char *name, size_t nn,
    const char *v, size_t vn)
{
	struct state *s = arg;
	struct buf *t = &s->rb->fieldtext;

	if (p->depth > 0)
		return 0;
	if (s->rb->nfields == READBACK_FIELDS) {
		s->why = "too many header fields";
		return -1;
	}
	s->at[s->rb->nfields][0] = t->len;
	buf_add(t, name, nn);
	buf_addc(t, '\0');
	s->at[s->rb->nfields][1] = t->len;
	buf_add(t, v, vn);
	buf_addc(t, '\0');
	s->rb->nfields++;
	return t->err ? -1 : 0;
}

static int
begin(void *arg, const struct mime_part *p)
{
	struct state *s = arg;

	if (s->rb->nparts == READBACK_PARTS) {
		s->why = "too many parts";
		return -1;
	}
	buf_init(&s->rb->body[s->rb->nparts], 0);
	s->rb->part[s->rb->nparts++] = *p;
	return 1;
}

static int
data(void *arg, const struct mime_part *p, const char *d, size_t n)
{
	struct state *s = arg;

	return buf_add(&s->rb->body[p->index], d, n);
}

static int
end(void *arg, const struct mime_part *p)
{
	struct state *s = arg;

	s->rb->part[p->index].flags = p->flags;
	return 0;
}

int
readback(const char *m, size_t n, struct readback *rb, const char **why)
{
	struct state s = { rb };
	struct mime_handler h = { &s, field, begin, data, end };
	struct mime_reader *r;
	size_t i;
	int rc = -1;

	memset(rb, 0, sizeof(*rb));
	buf_init(&rb->fieldtext, 0);
	if ((r = mime_new(&h)) == NULL) {
		*why = "out of memory";
		return -1;
	}
	if (mime_feed(r, m, n) == 0 && mime_end(r) == 0 &&
	    !rb->fieldtext.err) {
		rc = 0;
		for (i = 0; i < rb->nfields; i++) {
			rb->field[i].name = rb->fieldtext.data + s.at[i][0];
			rb->field[i].value = rb->fieldtext.data + s.at[i][1];
		}
	} else {
		*why = s.why ? s.why : mime_error(r) && strcmp(mime_error(r),
		    "stopped") != 0 ? mime_error(r) : "out of memory";
	}
	mime_free(r);
	return rc;
}

const char *
readback_get(const struct readback *rb, const char *name, size_t *count)
{
	const char *v = NULL;
	size_t i, k = 0;

	for (i = 0; i < rb->nfields; i++)
		if (strcasecmp(rb->field[i].name, name) == 0 && k++ == 0)
			v = rb->field[i].value;
	if (count)
		*count = k;
	return v;
}

void
readback_free(struct readback *rb)
{
	size_t i;

	for (i = 0; i < rb->nparts; i++)
		buf_free(&rb->body[i]);
	buf_free(&rb->fieldtext);
	rb->nparts = 0;
}
