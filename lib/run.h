/* run: run a program with an argv (never a shell) and capture its output. */
#ifndef HAIL_RUN_H
#define HAIL_RUN_H

#include <stddef.h>
#include <sys/types.h>

#include "buf.h"

enum run_result {
	RUN_OK,		/* exited; *status holds the exit status */
	RUN_SIGNALED,	/* killed by a signal; *status holds it */
	RUN_TIMEOUT,	/* still running at the deadline; killed */
	RUN_TOOBIG,	/* printed more than out->max bytes; killed */
	RUN_ERROR	/* could not be started, or its output not kept (no
			 * memory): errno says why */
};

/* run_capture: runs argv[0] (looked up in PATH when it has no '/') with
 * stdin from /dev/null, stderr inherited, every signal at its default and
 * the environment envp (NULL: ours), collecting stdout into out (whose max
 * bounds it). Waits at most timeout_ms; the child is always reaped. A
 * program that cannot be executed exits 127 in the child. */
enum run_result run_capture(char *const argv[], char *const envp[],
    int timeout_ms, struct buf *out, int *status);
#define RUN_QUIET	0x1	/* the child's stderr to /dev/null */
#define RUN_LIMIT	0x2	/* RUN_MEM_MAX of memory, CPU time as the
				 * time limit: for programs given data from
				 * elsewhere (renderers) */
#define RUN_MEM_MAX	(512L * 1024 * 1024)

/* run_capture_in: run_capture with standard input from the descriptor in
 * (-1: /dev/null) and RUN_* flags. The child runs in a process group of
 * its own, which a time-out kills whole. */
enum run_result run_capture_in(char *const argv[], char *const envp[],
    int in, int flags, int timeout_ms, struct buf *out, int *status);
/* run_child: the child of a run_capture now running (its process group
 * too), 0 if none: for a signal handler that must stop it. */
pid_t run_child(void);
/* run_split: splits s in place on blanks into at most max-1 words stored
 * in argv, NULL-terminated; no quoting. Returns the word count, or -1 if
 * there are none or too many. */
int run_split(char *s, char *argv[], int max);

#endif
