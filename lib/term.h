/* term: text from others made safe to show on a terminal. */
#ifndef HAIL_TERM_H
#define HAIL_TERM_H

#include <stddef.h>

#include "buf.h"

/* term_safe: appends s[0..n) to out with nothing left that a terminal
 * would act on: line feeds and tabs stay; other C0 controls and DEL are
 * written in caret notation ("^[" for ESC, "^M" for CR, "^?" for DEL), so
 * no escape sequence survives; C1 controls, line and paragraph
 * separators and bidirectional embeddings, overrides and isolates as
 * "<U+XXXX>"; each byte of invalid UTF-8 as U+FFFD. Returns 0, or -1 if
 * an append failed. */
int term_safe(struct buf *out, const char *s, size_t n);

#endif
