/* run: run a program with an argv; see run.h. */
#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "run.h"

#ifndef NSIG
#define NSIG 65
#endif

static long long
mono_ms(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (long long)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

static volatile pid_t current;	/* the child now running, for run_child */

pid_t
run_child(void)
{
	return current;
}

static void
child(char *const argv[], char *const envp[], int in, int out, int flags,
    int timeout_ms)
{
	struct sigaction sa;
	sigset_t none;
	int sig;

	/* ignored signals stay ignored across exec: undo ours */
	memset(&sa, 0, sizeof(sa));
	sa.sa_handler = SIG_DFL;
	for (sig = 1; sig < NSIG; sig++)
		(void)sigaction(sig, &sa, NULL);
	sigemptyset(&none);
	sigprocmask(SIG_SETMASK, &none, NULL);
	/* a group of its own, so that a time-out kills what it started
	 * too (sh -c does not always exec its last command) */
	setpgid(0, 0);
	if (in < 0 && (in = open("/dev/null", O_RDONLY)) < 0)
		_exit(127);
	if (dup2(in, 0) < 0 || dup2(out, 1) < 0)
		_exit(127);
	if (flags & RUN_QUIET) {
		int null = open("/dev/null", O_WRONLY);

		if (null < 0 || dup2(null, 2) < 0)
			_exit(127);
	}
	if (flags & RUN_LIMIT) {
		struct rlimit as = { RUN_MEM_MAX, RUN_MEM_MAX };
		struct rlimit cpu;

		cpu.rlim_cur = cpu.rlim_max = (rlim_t)(timeout_ms / 1000 + 1);
		if (setrlimit(RLIMIT_AS, &as) < 0 ||
		    setrlimit(RLIMIT_CPU, &cpu) < 0)
			_exit(127);
	}
	if (envp)
		execve(argv[0], argv, envp);
	else
		execvp(argv[0], argv);
	_exit(127);
}

/* stop: kills the child and its process group */
static void
stop(pid_t pid)
{
	kill(-pid, SIGKILL);
	kill(pid, SIGKILL);
}

enum run_result
run_capture(char *const argv[], char *const envp[], int timeout_ms,
    struct buf *out, int *status)
{
	return run_capture_in(argv, envp, -1, 0, timeout_ms, out, status);
}

enum run_result
run_capture_in(char *const argv[], char *const envp[], int in, int flags,
    int timeout_ms, struct buf *out, int *status)
{
	enum run_result r = RUN_OK;
	struct pollfd pfd;
	long long deadline, left;
	char chunk[512];
	ssize_t n;
	struct timespec tick = { 0, 10 * 1000 * 1000 };
	pid_t pid, w;
	int p[2], st = 0, e;

	if (pipe(p) < 0)
		return RUN_ERROR;
	if ((pid = fork()) < 0) {
		e = errno;
		close(p[0]);
		close(p[1]);
		errno = e;
		return RUN_ERROR;
	}
	if (pid == 0) {
		close(p[0]);
		child(argv, envp, in, p[1], flags, timeout_ms);
	}
	setpgid(pid, pid);	/* as the child does: whichever comes first */
	current = pid;
	close(p[1]);
	deadline = mono_ms() + timeout_ms;
	pfd.fd = p[0];
	pfd.events = POLLIN;
	for (;;) {
		if ((left = deadline - mono_ms()) <= 0) {
			r = RUN_TIMEOUT;
			break;
		}
		if (poll(&pfd, 1, (int)left) < 0) {
			if (errno == EINTR)
				continue;
			r = RUN_ERROR;
			break;
		}
		if (pfd.revents == 0)
			continue;
		if ((n = read(p[0], chunk, sizeof(chunk))) < 0) {
			if (errno == EINTR || errno == EAGAIN)
				continue;
			r = RUN_ERROR;
			break;
		}
		if (n == 0)
			break;
		if (buf_add(out, chunk, (size_t)n) < 0) {
			/* past out->max, or no memory for it (errno says) */
			r = errno == ENOMEM ? RUN_ERROR : RUN_TOOBIG;
			break;
		}
	}
	e = errno;
	close(p[0]);
	if (r != RUN_OK)
		stop(pid);
	/* after EOF the child may still run a little; it is killed at the
	 * deadline like any other */
	for (;;) {
		w = waitpid(pid, &st, r == RUN_OK ? WNOHANG : 0);
		if (w == pid)
			break;
		if (w < 0 && errno == EINTR)
			continue;
		if (w < 0) {
			r = RUN_ERROR;
			e = errno;
			break;
		}
		if (deadline - mono_ms() <= 0) {
			stop(pid);
			r = RUN_TIMEOUT;
			continue;
		}
		nanosleep(&tick, NULL);
	}
	if (r == RUN_OK) {
		if (WIFEXITED(st)) {
			*status = WEXITSTATUS(st);
		} else {
			*status = WTERMSIG(st);
			r = RUN_SIGNALED;
		}
	}
	current = 0;
	errno = e;
	return r;
}

int
run_split(char *s, char *argv[], int max)
{
	int n = 0;

	for (;;) {
		while (*s == ' ' || *s == '\t')
			s++;
		if (*s == '\0')
			break;
		if (n >= max - 1)
			return -1;
		argv[n++] = s;
		while (*s && *s != ' ' && *s != '\t')
			s++;
		if (*s)
			*s++ = '\0';
	}
	argv[n] = NULL;
	return n ? n : -1;
}
