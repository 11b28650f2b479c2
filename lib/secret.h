/* secret: the inviter's secret, SECRET_LEN random bytes in a file of its
 * own (mode 0600, in the config directory), the key that invitation
 * tokens are made and checked with. */
#ifndef HAIL_SECRET_H
#define HAIL_SECRET_H

#include <stddef.h>

#define SECRET_LEN 32	/* bytes of the secret, and of its file */

/* secret_random: fills p[0..n) from getrandom(2), retrying EINTR and short
 * reads; returns 0, or -1 with errno set. */
int secret_random(void *p, size_t n);
/* secret_load: reads the secret at path into key. If there is no file
 * there and create is non-zero, makes one first (and its directory, mode
 * 0700, one level), written aside and linked into place so that of two
 * concurrent creators both get the one that landed first. Refuses a
 * symbolic link, anything but a regular file, a file owned by another
 * user or open to group or others (mode & 077), and a size other than
 * SECRET_LEN. Returns 0, or -1 with a reason in *why (static, or
 * strerror's) and key wiped. */
int secret_load(const char *path, int create, unsigned char key[SECRET_LEN],
    const char **why);

#endif
