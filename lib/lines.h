/* lines: text lines through a buffer, from and to file descriptors that
 * need not block: cut out of what was read in pieces, read one within a
 * deadline, written out as far as the descriptor takes them. */
#ifndef HAIL_LINES_H
#define HAIL_LINES_H

#include <stddef.h>
#include <sys/types.h>
#include <time.h>

#include "buf.h"

/* lines_fn: what lines_each does with one line, s[0..n) without its
 * newline; arg is lines_each's. Non-zero stops lines_each. */
typedef int lines_fn(void *arg, const char *s, size_t n);
/* lines_each: hands each whole line in b to fn, in order, until fn
 * returns non-zero, then moves what follows the last line handed on to
 * the start of b (an incomplete line waits there for the rest). Returns
 * fn's last value, 0 if it was not called. */
int lines_each(struct buf *b, lines_fn *fn, void *arg);
/* lines_read: appends what fd gives to b until b holds a newline, and
 * returns the length of b's first line (without the newline; what
 * follows it stays in b). Returns -1 when b holds max bytes and no
 * newline, at the deadline, at the end of input or on an error, and -1
 * with errno EINTR when a signal cut the wait short. */
ssize_t lines_read(int fd, struct buf *b, size_t max, time_t deadline);
/* lines_write: writes as much of b as fd takes now (it may be
 * non-blocking), and removes it from b. Returns the number of bytes
 * written (0: none could be, or b is empty), or -1 with errno set when
 * fd failed (EPIPE: the reader is gone). */
ssize_t lines_write(int fd, struct buf *b);
/* lines_flush: writes all of b to fd, waiting while fd takes no more,
 * for at most seconds in all. Returns 0 once it is written, or -1 with
 * errno set (ETIMEDOUT: what is left stays in b). */
int lines_flush(int fd, struct buf *b, int seconds);
/* lines_nonblock: reads and writes on fd never wait (O_NONBLOCK; a
 * failure is left for the reads and writes to meet). */
void lines_nonblock(int fd);
/* lines_linger: reads and drops what fd still brings, while more comes
 * within a moment (200 ms), for at most seconds: once the other way is
 * closed, so that bytes left unread do not turn the close into a reset,
 * which can lose what was written last. */
void lines_linger(int fd, int seconds);

#endif
