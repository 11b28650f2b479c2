/* wire: the lines of sessd's wire protocol (sessd(1)): JSON objects,
 * one a line, made in one canonical form and read strictly (lib/json).
 *
 * The makers append one line to a buffer, without its newline, and
 * return 0, or -1 if the append failed (or a string is not UTF-8, where
 * said): what was appended then is to be thrown away with the buffer. */
#ifndef HAIL_WIRE_H
#define HAIL_WIRE_H

#include <stddef.h>
#include <time.h>

#include "buf.h"
#include "invitation.h"
#include "json.h"
#include "presence.h"
#include "secret.h"
#include "token.h"

#define WIRE_MAX	65536	/* bytes of a line, its newline included */
#define WIRE_HELLO_MAX	4096	/* bytes of the hello or welcome */
#define WIRE_TEXT_MAX	(WIRE_MAX - 256)	/* of a message's text */

/* wire_hello: {"type":"hello","v":1,"id":...,"user":...,"expires":...,
 * "token":...,"ack":ack}, from an invitation's id, to, expires_s and
 * token; with ,"watch":true before the brace if watch (presence only,
 * no chat: the invitee's view before joining), and ,"decline":decline
 * unless decline is NULL (the invitee says no, for that reason: one of
 * wire_decline_reason's). */
int wire_hello(struct buf *b, const struct invitation *inv,
    unsigned long long ack, int watch, const char *decline);
/* wire_decline_reason: the reason for saying no that s[0..n) names,
 * "busy", "declined" or "not now", as a static string; NULL for anything
 * else. */
const char *wire_decline_reason(const char *s, size_t n);
/* wire_welcome: {"type":"welcome","v":1,"ack":ack,"user":user}, with
 * ,"watch":true if watch; -1 also for a user that is not UTF-8. */
int wire_welcome(struct buf *b, unsigned long long ack, const char *user,
    int watch);
/* wire_msg: {"type":"msg","seq":seq,"time":time,"text":text}, time the
 * RFC3339_LEN bytes of an RFC 3339 time as they go (unescaped), text[0..n)
 * escaped by json_put_str; -1 also for text that is not UTF-8. */
int wire_msg(struct buf *b, unsigned long long seq, const char *time,
    const char *text, size_t n);
/* wire_ack: {"type":"ack","seq":seq}. */
int wire_ack(struct buf *b, unsigned long long seq);
/* wire_presence: {"type":"presence","presence":line}, line[0..n) a
 * presence line as pres_parse accepts it, without its newline. */
int wire_presence(struct buf *b, const char *line, size_t n);
/* wire_state: {"type":"state","state":state}, state one of
 * wire_state_valid's. */
int wire_state(struct buf *b, const char *state);
/* wire_error: {"type":"error","reason":reason}; -1 also for a reason
 * that is not UTF-8. */
int wire_error(struct buf *b, const char *reason);
/* wire_simple: {"type":type}, for "ping", "pong" and "bye". */
int wire_simple(struct buf *b, const char *type);
/* wire_state_name: the typing state (XEP-0085) that s[0..n) names,
 * "active", "composing", "paused", "inactive" or "gone", as a static
 * string; NULL for anything else. */
const char *wire_state_name(const char *s, size_t n);

/* a hello, as the listener reads it */
struct wire_hello {
	char id[INV_ID_LEN + 1];
	char user[MIMEW_ADDR_MAX + 1];
	char expires[RFC3339_LEN + 1];
	time_t expires_t;
	char token[TOKEN_LEN + 1];
	unsigned long long ack;		/* 0 when it has none */
	int watch;			/* "watch":true: presence only */
	const char *decline;		/* the invitee says no, why; NULL */
};

/* wire_read_hello: reads the hello s[0..n) (without its newline): a JSON
 * object within WIRE_HELLO_MAX bytes of type "hello", version 1, an id of
 * INV_ID_LEN lower-case hex digits, a user mimew_addr_valid takes, an
 * expiry in rfc3339_fmt's form, a token of TOKEN_LEN bytes and an
 * optional ack from 0 up, an optional watch, true or false, and an
 * optional decline. It checks
 * neither the token nor the clock. Returns 0, or -1 with a static reason
 * in *why: the JSON reader's, "not a hello", "unknown version", "bad id",
 * "bad user", "bad expires", "bad token", "bad ack", "bad watch" or "bad
 * decline" (a decline that wire_decline_reason does not name). */
int wire_read_hello(const char *s, size_t n, struct wire_hello *h,
    const char **why);
/* wire_check_hello: NULL if h's token is the one key makes for its id,
 * user and expiry (compared in constant time, token_check) and h expires
 * after now; else the reason: "wrong token" or "expired". */
const char *wire_check_hello(const struct wire_hello *h,
    const unsigned char key[SECRET_LEN], time_t now);
/* wire_read_welcome: reads the answer to a hello, s[0..n) without its
 * newline. Returns 0 for a welcome, its ack in *ack (0 if it has none or
 * a bad one), 1 for a JSON object that is not a welcome (a refusal), -1
 * for a line that is not JSON within WIRE_HELLO_MAX bytes. */
int wire_read_welcome(const char *s, size_t n, unsigned long long *ack);

enum wire_type {
	WIRE_MSG, WIRE_ACK, WIRE_PRESENCE, WIRE_STATE, WIRE_PING, WIRE_PONG,
	WIRE_BYE, WIRE_ERROR
};

/* a line from the peer after the handshake, as wire_read reads it */
struct wire_in {
	enum wire_type type;
	unsigned long long seq;	/* msg: from 1; ack: from 0 */
	const char *text;	/* msg: text[0..len), decoded */
	size_t len;
	const char *time;	/* msg: its "time", RFC3339_LEN bytes, if it
				 * is a time in rfc3339_fmt's form; else
				 * NULL */
	int canonical;		/* msg: the line is what wire_msg makes of
				 * seq, time and text, byte for byte */
	struct presence pres;	/* presence: the sender's */
	struct json *tree;	/* what text and time point into, if not
				 * into the line */
};

/* wire_read: reads the line s[0..n) (without its newline) from the
 * peer: strict JSON within WIRE_MAX bytes, nested at most 4 deep, 256
 * values, no string over WIRE_TEXT_MAX bytes; an object with a known
 * "type" and the fields that type needs: msg "seq" (an integer from 1)
 * and "text" (a string); ack "seq" (from 0); presence "presence" (by
 * pres_from_json's rules); state "state" (as wire_state_name); ping,
 * pong, bye and error nothing more; other fields are ignored. A message
 * in the form wire_msg makes, needing no escape, is read without the
 * JSON reader, with the same result. Returns 0 and fills w (release with
 * wire_in_free; text and time may point into s), or -1 with the reason
 * to answer in *why: "malformed line", "malformed message", "malformed
 * ack", "bad presence", "bad state", "unknown type" (w then needs no
 * release). */
int wire_read(const char *s, size_t n, struct wire_in *w, const char **why);
/* wire_in_free: releases what wire_read kept in w. */
void wire_in_free(struct wire_in *w);

#endif
