/* pem: PEM certificates (RFC 7468) as hail carries them in invitations. */
#ifndef HAIL_PEM_H
#define HAIL_PEM_H

#include <stddef.h>

#include "buf.h"

/* pem_certs: text[0..n) must hold one or more PEM certificates and
 * nothing else but empty lines, with LF or CRLF line ends: a BEGIN line,
 * base64 lines of at most 76 characters that decode strictly to a DER
 * SEQUENCE, an END line. Appends them written again (64-column lines,
 * LF) to out. Returns 0, or -1 with a static reason in *why (a key or
 * other text beside them, a broken line, no whole certificate, a NUL, no
 * memory); out is then as it was. */
int pem_certs(const char *text, size_t n, struct buf *out, const char **why);

#endif
