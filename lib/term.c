/* term: text made safe for a terminal; see term.h. */
#include "term.h"
#include "utf8.h"

int
term_safe(struct buf *out, const char *s, size_t n)
{
	static const char hex[] = "0123456789ABCDEF";
	const unsigned char *u = (const unsigned char *)s;
	unsigned long cp;
	size_t i, k, run;

	for (i = 0; i < n; i += k) {
		/* plain text goes in runs */
		for (run = i; run < n && u[run] >= 0x20 && u[run] < 0x7f; run++)
			;
		if (run > i) {
			buf_add(out, s + i, run - i);
			k = run - i;
			continue;
		}
		k = 1;
		if (u[i] == '\n' || u[i] == '\t') {
			buf_addc(out, u[i]);
		} else if (u[i] < 0x20 || u[i] == 0x7f) {
			buf_addc(out, '^');
			buf_addc(out, u[i] == 0x7f ? '?' : u[i] + 0x40);
		} else if ((k = utf8_decode(u + i, n - i, &cp)) == 0) {
			k = 1;
			buf_adds(out, "\xef\xbf\xbd");
		} else if ((cp >= 0x80 && cp < 0xa0) ||
		    (cp >= 0x2028 && cp <= 0x202e) ||
		    (cp >= 0x2066 && cp <= 0x2069)) {
			char w[9] = "<U+0000>";

			w[3] = hex[cp >> 12 & 0xf];
			w[4] = hex[cp >> 8 & 0xf];
			w[5] = hex[cp >> 4 & 0xf];
			w[6] = hex[cp & 0xf];
			buf_add(out, w, 8);
		} else {
			buf_add(out, s + i, k);
		}
	}
	return out->err ? -1 : 0;
}
