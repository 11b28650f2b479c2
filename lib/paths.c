/* paths: hail's directories; see paths.h. */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>

#include "paths.h"

static int
put(char *out, size_t n, const char *a, const char *b)
{
	int r = snprintf(out, n, "%s%s", a, b);

	if (r < 0 || (size_t)r >= n) {
		errno = ENAMETOOLONG;
		return -1;
	}
	return 0;
}

int
path_dir(enum path_kind kind, char *out, size_t n)
{
	static const struct {
		const char *own, *xdg, *home;
	} t[] = {
		[PATH_CONFIG] = { "HAIL_CONFIG_DIR", "XDG_CONFIG_HOME", "/.config" },
		[PATH_STATE] = { "HAIL_STATE_DIR", "XDG_STATE_HOME", "/.local/state" },
		[PATH_RUNTIME] = { "HAIL_RUNTIME_DIR", "XDG_RUNTIME_DIR", NULL },
		[PATH_CACHE] = { "HAIL_CACHE_DIR", "XDG_CACHE_HOME", "/.cache" },
	};
	const char *v;
	char base[4096];

	if ((v = getenv(t[kind].own)) != NULL && *v != '\0')
		return put(out, n, v, "");
	if ((v = getenv(t[kind].xdg)) != NULL && *v == '/')
		return put(out, n, v, "/hail");
	if (t[kind].home == NULL || (v = getenv("HOME")) == NULL || *v != '/') {
		errno = ENOENT;
		return -1;
	}
	if (put(base, sizeof(base), v, t[kind].home) < 0)
		return -1;
	return put(out, n, base, "/hail");
}

int
path_join(char *out, size_t n, const char *dir, const char *name)
{
	int r = snprintf(out, n, "%s/%s", dir, name);

	if (r < 0 || (size_t)r >= n) {
		errno = ENAMETOOLONG;
		return -1;
	}
	return 0;
}
