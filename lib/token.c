/* token: invitation tokens; see token.h. */
#include <string.h>

#include "b64.h"
#include "buf.h"
#include "hmac.h"
#include "token.h"

int
token_make(const unsigned char key[SECRET_LEN], const char *id,
    const char *to, const char *expires, char out[TOKEN_LEN + 1])
{
	unsigned char mac[HMAC_SHA256_LEN];
	struct hmac_ctx c;
	struct buf b;
	int r = -1;

	hmac_init(&c, key, SECRET_LEN);
	hmac_update(&c, "hail-v1\n", 8);
	hmac_update(&c, id, strlen(id));
	hmac_update(&c, "\n", 1);
	hmac_update(&c, to, strlen(to));
	hmac_update(&c, "\n", 1);
	hmac_update(&c, expires, strlen(expires));
	hmac_final(&c, mac);
	buf_init(&b, 0);
	if (b64_encode(&b, mac, sizeof(mac), 1) == 0 && b.len == TOKEN_LEN) {
		memcpy(out, b.data, TOKEN_LEN + 1);
		r = 0;
	}
	if (b.data)
		hmac_wipe(b.data, b.len);
	buf_free(&b);
	hmac_wipe(mac, sizeof(mac));
	return r;
}

int
token_check(const unsigned char key[SECRET_LEN], const char *id,
    const char *to, const char *expires, const char *token)
{
	char want[TOKEN_LEN + 1];
	int ok;

	if (strlen(token) != TOKEN_LEN ||
	    token_make(key, id, to, expires, want) < 0)
		return 0;
	ok = hmac_equal(want, token, TOKEN_LEN);
	hmac_wipe(want, sizeof(want));
	return ok;
}
