/* sessdir: the session directory of sessd(1), one for each invitation,
 * "sessions/ID" under the state directory. It holds "in" and "typing"
 * (FIFOs: the local side's messages and typing states), "out" (the
 * transcript: lib/transcript), "peer" (the peer's latest presence line,
 * replaced atomically) and "lock" (held by the session that runs in it,
 * and holding that process's id). */
#ifndef HAIL_SESSDIR_H
#define HAIL_SESSDIR_H

#include <stddef.h>
#include <sys/types.h>
#include <time.h>

#include "presence.h"

/* sessdir_path: writes the session directory of the invitation id into
 * out (size n). Returns 0, or -1 with errno ENOENT (no state directory:
 * see path_dir) or ENAMETOOLONG. */
int sessdir_path(const char *id, char *out, size_t n);
/* sessdir_lock: takes dir's lock for this process, waiting up to 0.2 s
 * (sessdir_running holds it an instant), and writes the process id into
 * it. Returns 0 and the lock's descriptor in *fd (the lock lasts while it
 * is open), 1 if another process holds the lock, or -1 with errno set. */
int sessdir_lock(const char *dir, int *fd);
/* sessdir_running: the process id of the session that runs in dir (the
 * holder of its lock), -1 if one runs but its id cannot be read, 0 if
 * none runs. */
long sessdir_running(const char *dir);
/* sessdir_fifo: opens the FIFO name in dir, made with mode 0600 if it is
 * not there, to read and write without waiting: a writer that closes is
 * then no end of input. Returns 0 and the descriptor in *fd, 1 if name
 * is not a FIFO (or cannot be opened), or -1 with errno set. */
int sessdir_fifo(const char *dir, const char *name, int *fd);
/* sessdir_send: s[0..n) and a newline written to the FIFO name in dir
 * (in or typing), opened for writing into *fd if it is -1 (a FIFO no
 * session reads cannot be opened). Returns 0, or -1 if no session took
 * it (*fd then closed, -1). */
int sessdir_send(const char *dir, const char *name, int *fd, const char *s,
    size_t n);
/* sessdir_put_peer: makes p, the peer's presence, dir's "peer" line.
 * Returns 0, or -1 (errno set if a file operation failed). */
int sessdir_put_peer(const char *dir, const struct presence *p);
/* sessdir_peer_gone: turns dir's "peer" offline since now, until
 * expires: the line there with its status, since and time changed, or,
 * if there is none to read, a line for user and no more. Returns 0, or
 * -1 as sessdir_put_peer. */
int sessdir_peer_gone(const char *dir, const char *user, time_t now,
    time_t expires);
/* sessdir_latest: the session directory (under the state directory)
 * whose session runs, or else the one whose transcript changed last,
 * into out (size n). Returns 0, or -1 if there is none. */
int sessdir_latest(char *out, size_t n);
/* sessdir_presd: starts presd -o dir/presence (with -u user unless user
 * is ""), its standard input and output /dev/null, for a session whose
 * user has no presd running; its file's path goes in out (size n). The
 * presd is stopped (SIGTERM, and waited for) when this process exits.
 * Returns presd's process id, or -1 with errno set. */
pid_t sessdir_presd(const char *dir, const char *user, char *out,
    size_t n);

#endif
