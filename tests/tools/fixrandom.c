/*
 * fixrandom: a getrandom(2) for LD_PRELOAD that is not random, so that a
 * test knows the "random" names a program will pick and can plant
 * something there first: every call fills the buffer with zeros. (Not a
 * count: libraries loaded with the program call it too, in an order
 * that is theirs.) Only for tests.
 */
#include <string.h>
#include <sys/types.h>

ssize_t getrandom(void *buf, size_t n, unsigned int flags);

ssize_t
getrandom(void *buf, size_t n, unsigned int flags)
{
	(void)flags;
	memset(buf, 0, n);
	return (ssize_t)n;
}
