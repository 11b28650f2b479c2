/* override: the user's own status; see override.h. */
#include <errno.h>
#include <fcntl.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "afile.h"
#include "override.h"
#include "utf8.h"

int
override_parse(const char *text, size_t n, struct override *o,
    const char **why)
{
	enum pres_status s;
	size_t w;

	if (n > 0 && text[n - 1] == '\n')
		n--;
	if (n == 0) {
		o->active = 0;
		return 0;
	}
	for (w = 0; w < n && text[w] != ' '; w++)
		;
	if (pres_status_parse(text, w, &s) < 0 || s == PRES_OFFLINE) {
		*why = "the first word is not available, away, xa or dnd";
		return -1;
	}
	if (w < n && n - w - 1 > PRES_NOTE_MAX) {
		*why = "the note is too long";
		return -1;
	}
	if (w < n && !utf8_printable(text + w + 1, n - w - 1)) {
		*why = "the note is not one line of UTF-8 text";
		return -1;
	}
	o->active = 1;
	o->status = s;
	o->note[0] = '\0';
	if (w < n) {
		memcpy(o->note, text + w + 1, n - w - 1);
		o->note[n - w - 1] = '\0';
	}
	return 0;
}

int
override_read(const char *path, struct override *o, const char **why)
{
	char text[OVERRIDE_MAX];
	ssize_t n;

	n = afile_read_own(path, text, sizeof(text), S_IWGRP | S_IWOTH, why);
	if (n < 0)
		return -1;
	if (memchr(text, '\0', (size_t)n) != NULL) {
		*why = "not text";
		return -1;
	}
	return override_parse(text, (size_t)n, o, why);
}
