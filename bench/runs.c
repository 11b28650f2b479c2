/* bench/runs.c: runs N INPUT COMMAND [ARG...]: runs COMMAND N times with
 * standard input from INPUT and output to /dev/null, timing each run from
 * fork to reaping, and prints the median in microseconds. Less noise than
 * a shell loop, whose own forks would be timed too. */
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

static int
cmp(const void *a, const void *b)
{
	double x = *(const double *)a, y = *(const double *)b;

	return (x > y) - (x < y);
}

int
main(int argc, char *argv[])
{
	struct timespec t0, t1;
	double *us;
	long n, i;
	pid_t pid;
	int st, in, out;

	if (argc < 4 || (n = strtol(argv[1], NULL, 10)) < 1)
		return 2;
	if ((us = calloc((size_t)n, sizeof(*us))) == NULL)
		return 3;
	for (i = 0; i < n; i++) {
		clock_gettime(CLOCK_MONOTONIC, &t0);
		if ((pid = fork()) == 0) {
			in = open(argv[2], O_RDONLY);
			out = open("/dev/null", O_WRONLY);
			if (in < 0 || out < 0)
				_exit(127);
			dup2(in, 0);
			dup2(out, 1);
			dup2(out, 2);
			execvp(argv[3], argv + 3);
			_exit(127);
		}
		if (pid < 0 || waitpid(pid, &st, 0) < 0)
			return 3;
		clock_gettime(CLOCK_MONOTONIC, &t1);
		us[i] = (double)(t1.tv_sec - t0.tv_sec) * 1e6 +
		    (double)(t1.tv_nsec - t0.tv_nsec) / 1e3;
	}
	qsort(us, (size_t)n, sizeof(*us), cmp);
	printf("%.1f\n", us[n / 2]);
	return 0;
}
