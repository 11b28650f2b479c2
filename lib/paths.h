/* paths: hail's directories, after the XDG base directory specification.
 *
 * Each has an environment variable that wins over XDG, so that tests can
 * run several users on one machine: HAIL_CONFIG_DIR ($XDG_CONFIG_HOME/hail,
 * ~/.config/hail), HAIL_STATE_DIR ($XDG_STATE_HOME/hail,
 * ~/.local/state/hail), HAIL_RUNTIME_DIR ($XDG_RUNTIME_DIR/hail) and
 * HAIL_CACHE_DIR ($XDG_CACHE_HOME/hail, ~/.cache/hail). */
#ifndef HAIL_PATHS_H
#define HAIL_PATHS_H

#include <stddef.h>

enum path_kind { PATH_CONFIG, PATH_STATE, PATH_RUNTIME, PATH_CACHE };

/* path_dir: writes the directory for kind into out (size n); returns 0, or
 * -1 with errno ENOENT when nothing names it (no HOME, or for the runtime
 * directory no XDG_RUNTIME_DIR) and ENAMETOOLONG when it does not fit.
 * Relative XDG values are ignored, as the specification says. */
int path_dir(enum path_kind kind, char *out, size_t n);
/* path_join: writes dir "/" name into out (size n); returns 0, or -1 with
 * errno ENAMETOOLONG. */
int path_join(char *out, size_t n, const char *dir, const char *name);

#endif
