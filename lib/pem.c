/* pem: PEM certificates; see pem.h. */
#include <string.h>

#include "b64.h"
#include "pem.h"

int
pem_certs(const char *text, size_t n, struct buf *out, const char **why)
{
	static const char begin[] = "-----BEGIN CERTIFICATE-----";
	static const char end[] = "-----END CERTIFICATE-----";
	static const char alphabet[] = "ABCDEFGHIJKLMNOPQRSTUVWXYZ"
	    "abcdefghijklmnopqrstuvwxyz0123456789+/=";
	const char *line, *next, *stop = text + n;
	struct buf der, b64;
	size_t len, i, start = out->len;
	int in = 0, certs = 0;

	*why = NULL;
	if (memchr(text, '\0', n) != NULL)
		*why = "a NUL byte";
	buf_init(&der, 0);
	buf_init(&b64, 0);
	for (line = text; line < stop && *why == NULL; line = next) {
		next = memchr(line, '\n', (size_t)(stop - line));
		len = next ? (size_t)(next - line) : (size_t)(stop - line);
		next = next ? next + 1 : stop;
		if (len > 0 && line[len - 1] == '\r')
			len--;
		for (i = 0; i < len && strchr(alphabet, line[i]); i++)
			;
		if (!in && len == sizeof(begin) - 1 &&
		    memcmp(line, begin, len) == 0) {
			in = 1;
			buf_reset(&b64);
		} else if (in && len == sizeof(end) - 1 &&
		    memcmp(line, end, len) == 0) {
			in = 0;
			buf_reset(&der);
			if (b64_decode(&der, b64.data ? b64.data : "", b64.len,
			    0) < 0 || der.len < 2 ||
			    (unsigned char)der.data[0] != 0x30)
				*why = "a certificate that is not base64 DER";
			buf_adds(out, begin);
			buf_addc(out, '\n');
			b64_encode_lines(out, der.data, der.len, 64, "\n");
			buf_adds(out, end);
			buf_addc(out, '\n');
			certs++;
		} else if (in && len > 0 && len <= 76 && i == len) {
			buf_add(&b64, line, len);
		} else if (len > 0) {
			*why = "text outside a certificate (a key?), or a "
			    "broken line";
		}
	}
	if (*why == NULL && (in || certs == 0))
		*why = "no whole certificate";
	if (*why == NULL && (out->err || b64.err || der.err))
		*why = "out of memory";
	buf_free(&der);
	buf_free(&b64);
	if (*why != NULL)
		return buf_truncate(out, start);
	return 0;
}
