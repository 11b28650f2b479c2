/* unit.h: the smallest test harness: CHECK prints "ok - what" or
 * "not ok - what" (with the file and line), and unit_exit() ends main. */
#ifndef HAIL_UNIT_H
#define HAIL_UNIT_H

#include <stdio.h>

static int unit_failed;

#define CHECK(what, cond) do { \
	if (cond) { \
		printf("ok - %s\n", (what)); \
	} else { \
		printf("not ok - %s\n", (what)); \
		printf("# %s:%d: %s\n", __FILE__, __LINE__, #cond); \
		unit_failed++; \
	} \
} while (0)

#define unit_exit() (fflush(stdout) == 0 && !unit_failed ? 0 : 1)

#endif
