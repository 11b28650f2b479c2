/* buf: a growable byte buffer with overflow-checked growth. */
#ifndef HAIL_BUF_H
#define HAIL_BUF_H

#include <stddef.h>

struct buf {
	char *data;	/* always NUL-terminated when len > 0 or cap > 0 */
	size_t len;
	size_t cap;
	int err;	/* set once an append failed (ENOMEM or limit) */
	size_t max;	/* 0 = no limit other than SIZE_MAX */
};

/* buf_init: an empty buffer that refuses to grow past max bytes (0: no limit). */
void buf_init(struct buf *b, size_t max);
/* buf_free: releases the memory; the buffer may be reused after buf_init. */
void buf_free(struct buf *b);
/* buf_truncate: cuts the buffer back to len bytes (len no more than its
 * length), dropping what was appended since; err stays as it was. Returns
 * -1, so a failing function can end with return buf_truncate(b, start). */
int buf_truncate(struct buf *b, size_t len);
/* buf_reset: empties the buffer and clears err, keeping its memory. */
void buf_reset(struct buf *b);
/* buf_add: appends n bytes; returns 0, or -1 (errno ENOMEM or EOVERFLOW)
 * and sets b->err, after which every append fails. */
int buf_add(struct buf *b, const void *p, size_t n);
/* buf_adds: appends a NUL-terminated string, as buf_add. */
int buf_adds(struct buf *b, const char *s);
/* buf_addc: appends one byte, as buf_add; inline where there is room,
 * as encoders call it once a byte. */
int buf_addc_slow(struct buf *b, int c);
static inline int
buf_addc(struct buf *b, int c)
{
	if (!b->err && b->len + 1 < b->cap && (!b->max || b->len < b->max)) {
		b->data[b->len++] = (char)c;
		b->data[b->len] = '\0';
		return 0;
	}
	return buf_addc_slow(b, c);
}

#endif
