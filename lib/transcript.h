/* transcript: the transcript of a session, the file "out" of sessd(1):
 * one line for each line that leaves, arrives or happens,
 *
 *	TIME DIR JSON
 *
 * TIME when it was written, as rfc3339_fmt writes it (RFC3339_LEN bytes,
 * UTC); a space; DIR '>' sent to the peer, '<' received from it, '!' an
 * event of the session; a space; JSON one object on one line (the wire
 * line, with a received message written in the form wire_msg gives it,
 * or an event {"type":"event","what":...}); a newline. One writer
 * appends, in batches synced before what they record is sent or
 * acknowledged; readers may read while it writes. */
#ifndef HAIL_TRANSCRIPT_H
#define HAIL_TRANSCRIPT_H

#include <stddef.h>
#include <time.h>

#include "buf.h"
#include "rfc3339.h"

#define TR_SENT		'>'
#define TR_RECEIVED	'<'
#define TR_EVENT	'!'
#define TR_HEAD		(RFC3339_LEN + 3)	/* before the JSON */

/* one line, as tr_parse splits it */
struct tr_line {
	time_t time;
	char dir;		/* TR_SENT, TR_RECEIVED or TR_EVENT */
	const char *json;	/* in the line given; not NUL-ended */
	size_t len;
};

/* tr_parse: splits the transcript line s[0..n), given without its
 * newline, into its time, direction and JSON; the JSON is not read (give
 * it to json_parse: every line sessd writes holds one object). Returns 0,
 * or -1 if it is not TIME DIR JSON with a time rfc3339_parse reads, one
 * of the three directions and some JSON. For a reader of the transcript,
 * such as a chat front end: it takes whole lines only (a last line with
 * no newline yet is being written, or was cut short by a crash). */
int tr_parse(const char *s, size_t n, struct tr_line *out);

/* the writer's side: the file and the batch of lines not yet in it */
struct transcript {
	int fd;			/* -1: no file */
	struct buf batch;
	char stamp[RFC3339_LEN + 1];	/* tr_stamp's text, of stamp_t */
	time_t stamp_t;
	int stamped;		/* 0: none made yet */
};

/* tr_init: a transcript with no file and an empty batch. */
void tr_init(struct transcript *tr);
/* tr_open: opens path to append to, made with mode 0600 if it is not
 * there; a symbolic link is refused. A last line without its newline is
 * cut off: a write cut short (a crash, a full disk) that was never
 * synced, so nothing it records was sent or acknowledged; the next line
 * then starts a line of its own. Returns 0, or -1 with errno set. */
int tr_open(struct transcript *tr, const char *path);
/* tr_stamp: the text of t as TIME is written, in tr (valid until the
 * next call): "0000-00-00T00:00:00Z" for a time rfc3339_fmt refuses.
 * Made once a second: the lines of a batch mostly share it. */
const char *tr_stamp(struct transcript *tr, time_t t);
/* tr_add: appends the line "TIME DIR JSON" for t, dir and json[0..n) to
 * the batch. Returns 0, or -1 if memory ran out (the batch's err is set:
 * every later append fails too, until tr_sync). */
int tr_add(struct transcript *tr, time_t t, char dir, const char *json,
    size_t n);
/* tr_event: appends the event line {"type":"event","what":what}, with
 * ,"peer":peer before the brace unless peer is NULL, as tr_add. Returns
 * -1 also for what or peer that are not UTF-8 (nothing appended). */
int tr_event(struct transcript *tr, time_t t, const char *what,
    const char *peer);
/* tr_sync: writes the batch to the file and syncs it, then empties the
 * batch; with no file the batch is dropped. Returns 0, or -1 with errno
 * set (the batch emptied all the same). */
int tr_sync(struct transcript *tr);
/* tr_free: closes the file and frees the batch, unwritten. */
void tr_free(struct transcript *tr);

/* tr_msg_fn: what tr_each_msg does with one message line: its direction,
 * its "seq" and its JSON, json[0..n) with the newline (the line as it
 * went or came on the wire); arg is tr_each_msg's. */
typedef void tr_msg_fn(void *arg, char dir, unsigned long long seq,
    const char *json, size_t n);
/* tr_each_msg: reads tr's file from the start and calls fn for each
 * message line, one whose JSON begins {"type":"msg","seq":N, as sessd
 * writes them; other lines, and a last line without its newline, are
 * passed over. Returns 0, or -1 with errno set if the file could not be
 * read. */
int tr_each_msg(struct transcript *tr, tr_msg_fn *fn, void *arg);
/* tr_unacked: appends to out, in order, the lines of the messages sent
 * with a number above ack (each with its newline, as it went on the
 * wire), to send again when the peer comes back with ack. Returns 0, or
 * -1 with errno set (ENOMEM: out's err set). */
int tr_unacked(struct transcript *tr, unsigned long long ack,
    struct buf *out);
/* tr_last_seq: the greatest numbers of the messages sent and received
 * in tr's file (0: none), read by tr_each_msg. Returns 0, or -1 with
 * errno set. */
int tr_last_seq(struct transcript *tr, unsigned long long *sent,
    unsigned long long *got);

#endif
