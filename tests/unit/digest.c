/* digest: unit tests of the SHA-256 of a file against FIPS 180-4's
 * examples, and of the hex form (lib/digest.h). */
#include <errno.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include "../../lib/digest.h"
#include "unit.h"

/* file_is: 1 if a file holding p[0..n), read from offset off, hashes to
 * the hex want and counts n - off bytes. */
static int
file_is(const void *p, size_t n, long off, const char *want)
{
	unsigned char d[DIGEST_LEN];
	char hex[DIGEST_HEX_LEN + 1];
	off_t size = -1;
	FILE *f;
	int ok;

	if ((f = tmpfile()) == NULL || fwrite(p, 1, n, f) != n ||
	    fflush(f) != 0 || lseek(fileno(f), off, SEEK_SET) != off)
		return 0;
	ok = digest_fd(fileno(f), d, &size) == 0;
	fclose(f);
	digest_hex(d, sizeof(d), hex);
	return ok && strcmp(hex, want) == 0 && size == (off_t)n - off;
}

int
main(void)
{
	static char million[1000000];
	static const unsigned char bytes[] = { 0x00, 0xff, 0x1a, 0x9b };
	unsigned char d[DIGEST_LEN];
	char hex[9];
	off_t size;

	CHECK("empty file", file_is("", 0, 0, "e3b0c44298fc1c149afbf4c8996fb9"
	    "2427ae41e4649b934ca495991b7852b855"));
	CHECK("\"abc\"", file_is("abc", 3, 0, "ba7816bf8f01cfea414140de5dae22"
	    "23b00361a396177a9cb410ff61f20015ad"));
	CHECK("from the file's offset: \"bc\"", file_is("abc", 3, 1,
	    "1e0bbd6c686ba050b8eb03ffeedc64fdc9d80947fce821abbe5d6dc8d252c5"
	    "ac"));
	memset(million, 'a', sizeof(million));
	CHECK("a million 'a', read in many pieces", file_is(million,
	    sizeof(million), 0, "cdc76e5c9914fb9281a1c7e284d73e67f1809a48a497"
	    "200e046d39ccc7112cd0"));
	errno = 0;
	CHECK("a closed descriptor fails with EBADF",
	    digest_fd(-1, d, &size) == -1 && errno == EBADF);

	digest_hex(bytes, sizeof(bytes), hex);
	CHECK("hex: lower case, two digits a byte", strcmp(hex, "00ff1a9b")
	    == 0);
	digest_hex(bytes, 0, hex);
	CHECK("hex of nothing: empty", hex[0] == '\0');

	CHECK("hex_ok: 64 lower-case digits", digest_hex_ok("e3b0c44298fc1c14"
	    "9afbf4c8996fb92427ae41e4649b934ca495991b7852b855"));
	CHECK("hex_ok: upper case refused", !digest_hex_ok("E3B0C44298FC1C14"
	    "9AFBF4C8996FB92427AE41E4649B934CA495991B7852B855"));
	CHECK("hex_ok: 63 digits refused", !digest_hex_ok("e3b0c44298fc1c14"
	    "9afbf4c8996fb92427ae41e4649b934ca495991b7852b85"));
	CHECK("hex_ok: 65 digits refused", !digest_hex_ok("e3b0c44298fc1c14"
	    "9afbf4c8996fb92427ae41e4649b934ca495991b7852b8550"));
	CHECK("hex_ok: a non-hex letter refused", !digest_hex_ok("g3b0c44298f"
	    "c1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855"));
	CHECK("hex_ok: a trailing newline refused", !digest_hex_ok("3b0c44298"
	    "fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855\n"));
	CHECK("hex_ok: empty refused", !digest_hex_ok(""));
	return unit_exit();
}
