/* mimew: writing RFC 5322 header fields: addresses, display names and
 * unstructured text, with RFC 2047 encoded words for what is not ASCII,
 * folded within 78 columns. Values with control characters or invalid
 * UTF-8 are refused, never cleaned: a header must say what it was given. */
#ifndef HAIL_MIMEW_H
#define HAIL_MIMEW_H

#include <stddef.h>

#include "buf.h"

#define MIMEW_ADDR_MAX 254	/* bytes of an address (RFC 5321 path) */
#define MIMEW_TEXT_MAX 900	/* bytes of a display name or a subject */

/* mimew_addr_valid: 1 if addr is an address hail writes: a dot-atom
 * local part, "@", and a host name of letters, digits and hyphens in
 * dot-separated labels (IDN as A-labels, "xn--..."), at most
 * MIMEW_ADDR_MAX bytes; quoted local parts, comments, groups and address
 * literals are refused. Else 0. */
int mimew_addr_valid(const char *addr);
/* mimew_parse_mailbox: splits s, "addr" or "Display Name <addr>" (the
 * name bare or as a quoted string), into display (size dn, "" if none)
 * and addr (size an). Returns 0, or -1 with a static reason in *why: a
 * control character or invalid UTF-8, no valid address, text after '>',
 * more than one address, a name that is too long. */
int mimew_parse_mailbox(const char *s, char *display, size_t dn, char *addr,
    size_t an, const char **why);
/* mimew_mailbox: appends the header field "name: display <addr>\n", the
 * display name as atoms, a quoted string or encoded words as it needs,
 * folded; no display name gives "name: addr\n". Returns 0, or -1 (nothing
 * appended) for an invalid address or display name, or a failed append. */
int mimew_mailbox(struct buf *out, const char *name, const char *display,
    const char *addr);
/* mimew_text: appends the field "name: value\n" for unstructured text
 * (Subject): as it is, folded at spaces, when it is printable ASCII with
 * no "=?" and no word too long to fold; else as UTF-8 "B" encoded words
 * of at most 75 characters, never splitting a character. Returns 0, or
 * -1 (nothing appended) for controls, invalid UTF-8, a value over
 * MIMEW_TEXT_MAX bytes, or a failed append. */
int mimew_text(struct buf *out, const char *name, const char *value);

#endif
