/* token: the invitation token of invitation(5), made and checked with the
 * inviter's secret: base64url(HMAC-SHA256(secret, "hail-v1\n" id "\n" to
 * "\n" expires)), 43 characters, no padding. */
#ifndef HAIL_TOKEN_H
#define HAIL_TOKEN_H

#include "secret.h"

#define TOKEN_LEN 43

/* token_make: writes the token for id, to and expires (the strings exactly
 * as the invitation holds them) and a NUL into out. Returns 0, or -1 if
 * memory ran out. */
int token_make(const unsigned char key[SECRET_LEN], const char *id,
    const char *to, const char *expires, char out[TOKEN_LEN + 1]);
/* token_check: 1 if token is the one token_make gives, compared in
 * constant time; else 0. */
int token_check(const unsigned char key[SECRET_LEN], const char *id,
    const char *to, const char *expires, const char *token);

#endif
