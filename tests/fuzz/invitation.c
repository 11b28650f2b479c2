/* fuzz target: lib/invitation.c, the invitation validator.
 *
 * Checks, aborting on a violation: an invitation inv_parse takes has
 * every field in the form invitation(5) gives (a hex id, valid
 * addresses, printable texts, expiry after creation, https URLs, the
 * presence the inviter's, a certificate exactly for tls://) and its
 * endpoint parses again to the same host and port; the input as a
 * string goes through inv_url_ok, inv_endpoint and inv_same_address
 * within their contracts. ASan's leak check covers inv_free. */
#include <stdlib.h>
#include <string.h>

#include "../../lib/invitation.h"
#include "../../lib/mimew.h"
#include "../../lib/utf8.h"
#include "fuzz.h"

int LLVMFuzzerTestOneInput(const unsigned char *, size_t);

static int
hex(const char *s, size_t n)
{
	return strlen(s) == n && strspn(s, "0123456789abcdef") == n;
}

static void
check(const struct invitation *inv)
{
	char host[INV_HOST_MAX + 1];
	unsigned port;
	int tls;

	if (!hex(inv->id, INV_ID_LEN) || !mimew_addr_valid(inv->from) ||
	    !mimew_addr_valid(inv->to) ||
	    !utf8_printable(inv->from_name, strlen(inv->from_name)) ||
	    !utf8_printable(inv->note, strlen(inv->note)) ||
	    inv->expires <= inv->created ||
	    strlen(inv->created_s) != RFC3339_LEN ||
	    strlen(inv->expires_s) != RFC3339_LEN ||
	    !inv_same_address(inv->pres.user, inv->from) ||
	    strlen(inv->token) != TOKEN_LEN ||
	    inv->tls != (inv->cert != NULL) ||
	    (inv->cert && strncmp(inv->cert, "-----BEGIN ", 11) != 0) ||
	    (inv->renderer[0] && (!inv_url_ok(inv->renderer) ||
	    !hex(inv->sha256, 64))) ||
	    (!inv->renderer[0] && inv->sha256[0]) ||
	    (inv->presence_url[0] && !inv_url_ok(inv->presence_url)))
		abort();
	if (inv_endpoint(inv->endpoint, &tls, host, sizeof(host), &port) < 0 ||
	    tls != inv->tls || strcmp(host, inv->host) != 0 ||
	    port != inv->port || port < 1 || port > 65535)
		abort();
	if (inv_expired(inv, inv->created) || !inv_expired(inv, inv->expires))
		abort();
}

static void
strings(const char *s)
{
	char host[INV_HOST_MAX + 1];
	unsigned port;
	int tls;

	if (inv_url_ok(s) && (strlen(s) > INV_URL_MAX ||
	    strncmp(s, "https://", 8) != 0 || strpbrk(s, " \"'<>\\") != NULL))
		abort();
	if (inv_endpoint(s, &tls, host, sizeof(host), &port) == 0 &&
	    (port < 1 || port > 65535 || strlen(host) > INV_HOST_MAX ||
	    (strncmp(s, "tcp://", 6) != 0 && strncmp(s, "tls://", 6) != 0) ||
	    tls != (s[1] == 'l')))
		abort();
	if (mimew_addr_valid(s) && !inv_same_address(s, s))
		abort();
}

int
LLVMFuzzerTestOneInput(const unsigned char *data, size_t size)
{
	struct invitation inv;
	const char *why = NULL;
	char *z;

	if (inv_parse((const char *)data, size, &inv, &why) == 0) {
		check(&inv);
		inv_free(&inv);
	} else if (why == NULL || inv.cert != NULL) {
		abort();
	}
	if ((z = fuzz_string(data, size)) == NULL)
		return 0;
	strings(z);
	free(z);
	return 0;
}
