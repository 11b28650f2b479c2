/* invitation: the invitation object of invitation(5), read strictly, and
 * the checks of its URLs and endpoint that invmk applies when writing. */
#ifndef HAIL_INVITATION_H
#define HAIL_INVITATION_H

#include <stddef.h>
#include <time.h>

#include "json.h"
#include "mimew.h"
#include "presence.h"
#include "rfc3339.h"
#include "token.h"

#define INV_ID_LEN	32	/* hex digits of the id */
#define INV_URL_MAX	2048	/* bytes of a URL */
#define INV_HOST_MAX	253	/* bytes of a host name */
#define INV_NOTE_MAX	1024	/* bytes of the note */
#define INV_CERT_MAX	16384	/* bytes of the certificate PEM */
#define INV_MAX		65536	/* bytes of the whole object */

struct invitation {
	char id[INV_ID_LEN + 1];
	char from[MIMEW_ADDR_MAX + 1];
	char from_name[MIMEW_TEXT_MAX + 1];	/* "" if none */
	char to[MIMEW_ADDR_MAX + 1];
	char created_s[RFC3339_LEN + 1], expires_s[RFC3339_LEN + 1];
	time_t created, expires;
	struct presence pres;
	char endpoint[INV_HOST_MAX + 16];	/* as written */
	int tls;
	char host[INV_HOST_MAX + 1];	/* an IPv6 address without [] */
	unsigned port;
	char *cert;			/* PEM, NULL for tcp:// */
	char token[TOKEN_LEN + 1];
	char renderer[INV_URL_MAX + 1];	/* "" if none */
	char sha256[65];		/* the renderer's, "" if none */
	char presence_url[INV_URL_MAX + 1];	/* "" if none */
	char note[INV_NOTE_MAX + 1];	/* "" if none */
};

/* inv_url_ok: 1 if u is a URL hail puts in an invitation: "https://", a
 * host, no user information, printable ASCII without blanks, quotes
 * (either kind), angle brackets or backslashes, at most INV_URL_MAX
 * bytes, as invfetch(1) takes them; else 0. */
int inv_url_ok(const char *u);
/* inv_endpoint: parses "tcp://host:port" or "tls://host:port" (a host
 * name, an IPv4 address or a bracketed IPv6 address; a port from 1 to
 * 65535 without a leading zero) into *tls, host (size hn; no brackets)
 * and *port. A host name's last label must be letters or an A-label
 * ("xn--"), so that nothing a resolver reads as an address ("0x7f.1")
 * passes. Returns 0, or -1 if e is not such an endpoint. */
int inv_endpoint(const char *e, int *tls, char *host, size_t hn,
    unsigned *port);
/* inv_same_address: 1 if a and b name one mailbox: the same local part
 * (RFC 5321 leaves its case to the receiving host), the domain in any
 * case; else 0. */
int inv_same_address(const char *a, const char *b);
/* inv_parse: reads s[0..n) as an invitation: strict JSON (lib/json), every
 * field of invitation(5) present where required, of its type and form,
 * the presence the inviter's own, expires after created, a certificate
 * for tls:// and only then; unknown keys are ignored. It does not look at
 * the clock: see inv_expired. Returns 0 (free with inv_free), or -1 with
 * a static reason in *why and nothing to free. */
int inv_parse(const char *s, size_t n, struct invitation *inv,
    const char **why);
/* inv_expired: 1 if the invitation is no longer accepted at now. */
int inv_expired(const struct invitation *inv, time_t now);
/* inv_free: frees what inv_parse allocated. */
void inv_free(struct invitation *inv);

#endif
