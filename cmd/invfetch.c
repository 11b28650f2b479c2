/*
 * invfetch: fetch a renderer over https and keep it by its SHA-256.
 *
 * invopen runs this, with an argv, when an invitation names a renderer
 * that is not in the cache yet: invopen itself does not link libcurl,
 * whose start-up it would pay on every mail. The file is written under a
 * random name in the cache directory and hashed as it arrives; it gets
 * its final name, the hash, only once it is whole and the hash is the
 * one asked for, so nothing partial or unverified ever has that name.
 * What a stranger controls is bounded before it costs anything: the URL
 * (https only, after redirects too), the addresses connected to (not
 * this machine or its networks unless -P), the size, the time, the speed.
 *
 * With -p it fetches a presence line instead (an invitation's
 * presence_url), within the same bounds and at most a line's size, asks
 * only for a change (If-None-Match with the ETag it kept) and keeps the
 * line, once checked, in a file.
 */
#include <curl/curl.h>
#include <err.h>
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <signal.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>
#include <sha2.h>

#include "../lib/afile.h"
#include "../lib/buf.h"
#include "../lib/digest.h"
#include "../lib/invitation.h"
#include "../lib/netaddr.h"
#include "../lib/num.h"
#include "../lib/presence.h"
#include "../lib/secret.h"

#define EXIT_SAME	1	/* -p: the presence has not changed */
#define EXIT_USAGE	2
#define EXIT_FAIL	3
#define EXIT_MISMATCH	4
#define URL_MAX		2048
#define MAX_DEFAULT	1048576		/* bytes, -m */
#define MAX_LIMIT	104857600
#define TIME_DEFAULT	30		/* seconds, -t */
#define TIME_LIMIT	3600
#define CONNECT_MAX	10	/* seconds to connect and finish TLS */
#define SLOW_BYTES	100	/* a transfer slower than this, bytes/s, */
#define SLOW_SECONDS	5	/* for this long, is given up */
#define REDIRS_MAX	3
#define TMP_TRIES	8	/* random names tried for the temporary file */
#define USER_AGENT	"hail/" VERSION " (invfetch)"
#define ETAG_MAX	256	/* bytes of an ETag kept */

/* One transfer: what the callbacks need and what they found. */
struct fetch {
	CURL *curl;
	int fd;			/* the temporary file */
	int allow_private;	/* -P */
	long long max;		/* -m */
	long long got;		/* bytes written so far */
	SHA2_CTX sha;		/* of those bytes */
	long status;		/* a body came with this status, not 200 */
	int toobig;		/* the body went past max */
	int write_errno;	/* writing the temporary file failed */
	const char *refused;	/* why the last address was refused */
	char refused_addr[NETADDR_STRLEN];
	struct buf body;	/* -p: the body, in memory */
};

/* What a signal handler needs to clean up: the temporary file's name in
 * the cache directory, while tmp_live says it is there. */
static int dir_fd = -1;
static char tmp_name[32];
static volatile sig_atomic_t tmp_live;
static char sig_msg[URL_MAX + 64];
static size_t sig_msg_len;

static const char *url;		/* once checked, for messages */
static CURL *curl;

_Noreturn static void
usage(void)
{
	fprintf(stderr, "usage: invfetch [-P] [-c cafile] [-m max-bytes] "
	    "[-t seconds] -d dir url sha256\n"
	    "       invfetch -p [-P] [-c cafile] [-t seconds] [-u user] "
	    "-o file url\n");
	exit(EXIT_USAGE);
}

/* curl_url_ok: 1 if libcurl's own parser takes u as an https URL with a
 * host, so that what it would refuse later, after the temporary file is
 * made, is a usage error instead */
static int
curl_url_ok(const char *u)
{
	CURLU *h;
	char *scheme = NULL, *host = NULL;
	int ok;

	if ((h = curl_url()) == NULL)
		return 0;
	ok = curl_url_set(h, CURLUPART_URL, u, 0) == CURLUE_OK &&
	    curl_url_get(h, CURLUPART_SCHEME, &scheme, 0) == CURLUE_OK &&
	    curl_url_get(h, CURLUPART_HOST, &host, 0) == CURLUE_OK &&
	    strcmp(scheme, "https") == 0 && host[0] != '\0';
	curl_free(scheme);
	curl_free(host);
	curl_url_cleanup(h);
	return ok;
}

/* url_check: NULL if u is https://host[:port] and an optional path,
 * query and fragment, all printable ASCII with no space, quote, backslash
 * or the characters RFC 3986 never allows; else why not. Only lower case
 * "https" is taken: it is what invmk(1) writes, and one spelling leaves
 * nothing to guess. */
static const char *
url_check(const char *u)
{
	const char *auth, *port = NULL;
	long long n;
	size_t len = strlen(u), alen, i;

	if (len > URL_MAX)
		return "longer than 2048 bytes";
	for (i = 0; i < len; i++)
		if ((unsigned char)u[i] <= ' ' || (unsigned char)u[i] >= 0x7f ||
		    strchr("\"'<>\\^`{|}", u[i]) != NULL)
			return "not printable ASCII, or a space, quote or "
			    "backslash in it";
	if (strncmp(u, "https://", 8) != 0)
		return "not an https:// URL";
	auth = u + 8;
	alen = strcspn(auth, "/?#");
	/* "user@" has no place in a mail's link and hides where it goes */
	if (memchr(auth, '@', alen) != NULL)
		return "user information (user@) is refused";
	if (auth[0] == '[') {
		const char *close = memchr(auth, ']', alen);

		if (close == NULL || close == auth + 1)
			return "no host";
		if (close + 1 < auth + alen) {
			if (close[1] != ':')
				return "no host";
			port = close + 2;
		}
	} else {
		port = memchr(auth, ':', alen);
		if (port == auth || alen == 0)
			return "no host";
		if (port)
			port++;
	}
	if (port) {
		char digits[8];
		size_t plen = (size_t)(auth + alen - port);

		if (plen == 0 || plen >= sizeof(digits) ||
		    strspn(port, "0123456789") < plen)
			return "the port is not 1 to 65535";
		memcpy(digits, port, plen);
		digits[plen] = '\0';
		if (num_parse(digits, 1, 65535, &n) != NULL)
			return "the port is not 1 to 65535";
	}
	return curl_url_ok(u) ? NULL : "not a URL libcurl can parse";
}

/* printable: s with anything but printable ASCII as '?', into out (size
 * n): libcurl's messages may quote what a server sent */
static const char *
printable(const char *s, char *out, size_t n)
{
	size_t i;

	for (i = 0; s[i] && i + 1 < n; i++)
		out[i] = s[i] >= ' ' && s[i] < 0x7f ? s[i] : '?';
	out[i] = '\0';
	return out;
}

static void
drop_tmp(void)
{
	if (tmp_live) {
		unlinkat(dir_fd, tmp_name, 0);
		tmp_live = 0;
	}
}

/* fail: says "invfetch: URL: why", removes the temporary file and exits
 * with status */
_Noreturn static void
fail(int status, const char *fmt, ...)
{
	char why[1024];
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(why, sizeof(why), fmt, ap);
	va_end(ap);
	drop_tmp();
	if (curl)
		curl_easy_cleanup(curl);
	curl_global_cleanup();
	warnx("%s: %s", url, why);
	exit(status);
}

/* on_signal: a fetch stopped from outside leaves no temporary file; only
 * async-signal-safe calls here */
static void
on_signal(int sig)
{
	char num[8];
	size_t n = sizeof(num);
	ssize_t w;

	if (tmp_live)
		unlinkat(dir_fd, tmp_name, 0);
	num[--n] = '\n';
	do
		num[--n] = (char)('0' + sig % 10);
	while ((sig /= 10) > 0 && n > 0);
	w = write(STDERR_FILENO, sig_msg, sig_msg_len);
	w = write(STDERR_FILENO, num + n, sizeof(num) - n);
	(void)w;
	_exit(EXIT_FAIL);
}

static void
setup_signals(void)
{
	static const int caught[] = { SIGTERM, SIGINT, SIGHUP };
	struct sigaction sa;
	size_t i;
	int r;

	r = snprintf(sig_msg, sizeof(sig_msg), "invfetch: %s: interrupted "
	    "by signal ", url);
	if (r < 0 || (size_t)r >= sizeof(sig_msg))
		errx(EXIT_FAIL, "%s: too long for a message", url);
	sig_msg_len = (size_t)r;
	memset(&sa, 0, sizeof(sa));
	sigemptyset(&sa.sa_mask);
	for (i = 0; i < sizeof(caught) / sizeof(caught[0]); i++)
		sigaddset(&sa.sa_mask, caught[i]);
	sa.sa_handler = on_signal;
	for (i = 0; i < sizeof(caught) / sizeof(caught[0]); i++)
		sigaction(caught[i], &sa, NULL);
}

/* open_dir: makes dir (and its parents) 0700 where missing, and opens it
 * if it is the user's own private directory: not a symbolic link, owned
 * by the user, not writable by group or others. Exits on failure. */
static void
open_dir(const char *dir)
{
	struct stat st;

	if (afile_mkdirs(dir, 0700) < 0)
		err(EXIT_FAIL, "%s", dir);
	if ((dir_fd = open(dir, O_RDONLY | O_DIRECTORY | O_NOFOLLOW |
	    O_CLOEXEC)) < 0) {
		if (lstat(dir, &st) == 0 && S_ISLNK(st.st_mode))
			errx(EXIT_FAIL, "%s: a symbolic link, refused as the "
			    "cache directory", dir);
		err(EXIT_FAIL, "%s", dir);
	}
	if (fstat(dir_fd, &st) < 0)
		err(EXIT_FAIL, "%s", dir);
	if (st.st_uid != geteuid())
		errx(EXIT_FAIL, "%s: owned by another user, refused as the "
		    "cache directory", dir);
	if (st.st_mode & (S_IWGRP | S_IWOTH))
		errx(EXIT_FAIL, "%s: writable by group or others, refused as "
		    "the cache directory", dir);
}

/* cached: 1 if the cache holds name, a regular file of the user's whose
 * SHA-256 is name; otherwise 0, after removing whatever had the name
 * (a broken or planted file, a symbolic link) so the fetch can take it */
static int
cached(const char *name, const char *path)
{
	int fd, hit = 0;

	fd = openat(dir_fd, name, O_RDONLY | O_NOFOLLOW | O_NONBLOCK |
	    O_CLOEXEC);
	if (fd < 0 && errno == ENOENT)
		return 0;
	if (fd < 0 && errno != ELOOP)
		err(EXIT_FAIL, "%s", path);
	if (fd >= 0) {
		if ((hit = digest_own_is(fd, name)) < 0)
			err(EXIT_FAIL, "%s", path);
		close(fd);
	}
	if (!hit && unlinkat(dir_fd, name, 0) < 0 && errno != ENOENT)
		err(EXIT_FAIL, "%s: in the way, and cannot be removed", path);
	return hit;
}

/* open_tmp: creates the temporary file under a random name, never
 * through anything planted there (O_EXCL, O_NOFOLLOW), and returns its
 * descriptor; signals wait until tmp_live says whether it exists */
static int
open_tmp(void)
{
	unsigned char r[8];
	sigset_t block, old;
	int i, fd = -1, e = 0;

	sigemptyset(&block);
	sigaddset(&block, SIGTERM);
	sigaddset(&block, SIGINT);
	sigaddset(&block, SIGHUP);
	for (i = 0; i < TMP_TRIES; i++) {
		if (secret_random(r, sizeof(r)) < 0)
			fail(EXIT_FAIL, "getrandom: %s", strerror(errno));
		memcpy(tmp_name, ".tmp.", 5);
		digest_hex(r, sizeof(r), tmp_name + 5);
		sigprocmask(SIG_BLOCK, &block, &old);
		fd = openat(dir_fd, tmp_name, O_WRONLY | O_CREAT | O_EXCL |
		    O_NOFOLLOW | O_CLOEXEC, 0600);
		e = errno;
		tmp_live = fd >= 0;
		sigprocmask(SIG_SETMASK, &old, NULL);
		if (fd >= 0 || e != EEXIST)
			break;
	}
	if (fd < 0)
		fail(EXIT_FAIL, "cannot make a temporary file: %s",
		    strerror(e));
	return fd;
}

/* on_data: libcurl's write callback. Takes a body only with status 200
 * and only up to max bytes (libcurl 7.88 stops at CURLOPT_MAXFILESIZE
 * only when the length is known in advance); hashes it as it comes.
 * Returning less than n ends the transfer. */
static size_t
on_data(char *p, size_t size, size_t n, void *arg)
{
	struct fetch *f = arg;
	long code = 0;

	(void)size;	/* always 1 */
	if (curl_easy_getinfo(f->curl, CURLINFO_RESPONSE_CODE, &code) !=
	    CURLE_OK || code != 200) {
		f->status = code;
		return 0;
	}
	if ((long long)n > f->max - f->got) {
		f->toobig = 1;
		return 0;
	}
	if (f->fd < 0) {	/* -p */
		buf_add(&f->body, p, n);
		f->got += (long long)n;
		return f->body.err ? 0 : n;
	}
	if (afile_write_all(f->fd, p, n) < 0) {
		f->write_errno = errno;
		return 0;
	}
	SHA256Update(&f->sha, (const unsigned char *)p, n);
	f->got += (long long)n;
	return n;
}

/* on_socket: libcurl's open-socket callback, called for every address it
 * connects to, whatever the URL said: after DNS, for each address tried,
 * after each redirect. So the address check sees what is really reached,
 * not a name. */
static curl_socket_t
on_socket(void *arg, curlsocktype purpose, struct curl_sockaddr *a)
{
	struct fetch *f = arg;
	const char *why;

	if (purpose != CURLSOCKTYPE_IPCXN)
		return CURL_SOCKET_BAD;
	if (!f->allow_private &&
	    (why = netaddr_special(&a->addr, a->addrlen)) != NULL) {
		f->refused = why;
		netaddr_str(&a->addr, a->addrlen, f->refused_addr,
		    sizeof(f->refused_addr));
		return CURL_SOCKET_BAD;
	}
	return socket(a->family, a->socktype, a->protocol);
}

/* A libcurl option that does not take fails the fetch: none of them may be
 * silently missing. */
#define SETOPT(c, opt, val) do { \
	if (curl_easy_setopt((c), (opt), (val)) != CURLE_OK) \
		fail(EXIT_FAIL, "libcurl %s refuses %s", \
		    curl_version_info(CURLVERSION_NOW)->version, #opt); \
} while (0)

static void
setup_curl(struct fetch *f, const char *cafile, long seconds, char *errbuf)
{
	CURL *c;

	if (curl_global_init(CURL_GLOBAL_DEFAULT) != CURLE_OK ||
	    (curl = curl_easy_init()) == NULL)
		fail(EXIT_FAIL, "libcurl cannot start");
	c = f->curl = curl;
	SETOPT(c, CURLOPT_ERRORBUFFER, errbuf);
	SETOPT(c, CURLOPT_URL, url);
	/* https, and nothing else, also after a redirect */
	SETOPT(c, CURLOPT_PROTOCOLS_STR, "https");
	SETOPT(c, CURLOPT_REDIR_PROTOCOLS_STR, "https");
	SETOPT(c, CURLOPT_DEFAULT_PROTOCOL, "https");
	SETOPT(c, CURLOPT_FOLLOWLOCATION, 1L);
	SETOPT(c, CURLOPT_MAXREDIRS, (long)REDIRS_MAX);
	/* certificates checked always; with -c, against that file alone */
	SETOPT(c, CURLOPT_SSL_VERIFYPEER, 1L);
	SETOPT(c, CURLOPT_SSL_VERIFYHOST, 2L);
	SETOPT(c, CURLOPT_SSLVERSION, (long)CURL_SSLVERSION_TLSv1_2);
	if (cafile) {
		SETOPT(c, CURLOPT_CAINFO, cafile);
		SETOPT(c, CURLOPT_CAPATH, (char *)NULL);
	}
	/* time and speed */
	SETOPT(c, CURLOPT_CONNECTTIMEOUT, seconds < CONNECT_MAX ? seconds :
	    (long)CONNECT_MAX);
	SETOPT(c, CURLOPT_TIMEOUT, seconds);
	SETOPT(c, CURLOPT_LOW_SPEED_LIMIT, (long)SLOW_BYTES);
	SETOPT(c, CURLOPT_LOW_SPEED_TIME, (long)SLOW_SECONDS);
	/* size: refused up front when the server says it, counted in
	 * on_data when it does not */
	SETOPT(c, CURLOPT_MAXFILESIZE_LARGE, (curl_off_t)f->max);
	SETOPT(c, CURLOPT_WRITEFUNCTION, on_data);
	SETOPT(c, CURLOPT_WRITEDATA, f);
	/* the body as sent: a compressed one is kept compressed (and then
	 * fails the hash), never inflated past the cap */
	SETOPT(c, CURLOPT_HTTP_CONTENT_DECODING, 0L);
	SETOPT(c, CURLOPT_FAILONERROR, 1L);
	/* where it connects: every address checked; no proxy from the
	 * environment, which would connect for us where we cannot check */
	SETOPT(c, CURLOPT_OPENSOCKETFUNCTION, on_socket);
	SETOPT(c, CURLOPT_OPENSOCKETDATA, f);
	SETOPT(c, CURLOPT_PROXY, "");
	SETOPT(c, CURLOPT_NETRC, (long)CURL_NETRC_IGNORED);
	SETOPT(c, CURLOPT_USERAGENT, USER_AGENT);
	/* signals are ours (on_signal); no alarm(2) for name lookups */
	SETOPT(c, CURLOPT_NOSIGNAL, 1L);
}

/* failure: what went wrong with a transfer that ended in rc, said for
 * people, into out (size n) */
static const char *
failure(struct fetch *f, CURLcode rc, long seconds, const char *errbuf,
    char *out, size_t n)
{
	char detail[CURL_ERROR_SIZE];
	curl_off_t total = 0, tls = 0;
	long code = 0;

	printable(errbuf[0] ? errbuf : curl_easy_strerror(rc), detail,
	    sizeof(detail));
	curl_easy_getinfo(f->curl, CURLINFO_RESPONSE_CODE, &code);
	if (f->toobig || rc == CURLE_FILESIZE_EXCEEDED)
		snprintf(out, n, "larger than %lld bytes", f->max);
	else if (f->write_errno)
		snprintf(out, n, "temporary file: %s",
		    strerror(f->write_errno));
	else if (f->status || rc == CURLE_HTTP_RETURNED_ERROR)
		snprintf(out, n, "HTTP status %ld, not 200", code);
	else if (f->refused && rc == CURLE_COULDNT_CONNECT)
		snprintf(out, n, "address refused: %s is %s (-P allows it)",
		    f->refused_addr, f->refused);
	else if (rc == CURLE_UNSUPPORTED_PROTOCOL)
		snprintf(out, n, "redirect refused: not to https (%s)",
		    detail);
	else if (rc == CURLE_TOO_MANY_REDIRECTS)
		snprintf(out, n, "more than %d redirects", REDIRS_MAX);
	else if (rc == CURLE_OPERATION_TIMEDOUT) {
		curl_easy_getinfo(f->curl, CURLINFO_TOTAL_TIME_T, &total);
		curl_easy_getinfo(f->curl, CURLINFO_APPCONNECT_TIME_T, &tls);
		if (tls == 0)
			snprintf(out, n, "no TLS connection within %ld "
			    "seconds", seconds < CONNECT_MAX ? seconds :
			    (long)CONNECT_MAX);
		else if (total >= (curl_off_t)seconds * 1000000 - 100000)
			snprintf(out, n, "timed out after %ld seconds",
			    seconds);
		else
			snprintf(out, n, "too slow: under %d bytes a second "
			    "for %d seconds", SLOW_BYTES, SLOW_SECONDS);
	} else if (rc == CURLE_PEER_FAILED_VERIFICATION)
		snprintf(out, n, "certificate refused: %s", detail);
	else if (rc == CURLE_PARTIAL_FILE)
		snprintf(out, n, "the body ended early: %s", detail);
	else
		snprintf(out, n, "%s", detail);
	return out;
}

/* etag_file: the file beside out that keeps its ETag, "out.etag" */
static void
etag_file(const char *out, char *path, size_t n)
{
	if ((size_t)snprintf(path, n, "%s.etag", out) >= n)
		errx(EXIT_FAIL, "%s: name too long", out);
}

/* presence: -p: the presence line at url into out, if it changed; the
 * line is kept only if it is one, of user when given. Exits 0 (a new
 * line in out), EXIT_SAME or EXIT_FAIL. */
_Noreturn static void
presence(const char *out, const char *user, const char *cafile,
    int allow_private, long seconds)
{
	char errbuf[CURL_ERROR_SIZE], why[CURL_ERROR_SIZE + 256];
	char epath[PATH_MAX], etag[ETAG_MAX + 16], old[PRES_LINE_MAX + 1];
	struct curl_slist *hdrs = NULL;
	struct curl_header *h;
	struct presence p;
	struct fetch f;
	const char *bad;
	ssize_t n;
	long code = 0;
	CURLcode rc;
	int same;

	memset(&f, 0, sizeof(f));
	f.fd = -1;
	f.allow_private = allow_private;
	f.max = PRES_LINE_MAX;
	buf_init(&f.body, PRES_LINE_MAX);
	etag_file(out, epath, sizeof(epath));
	/* a change only, if the line it stands for is still there */
	n = afile_read_own(epath, etag, ETAG_MAX, 077, &bad);
	if (n > 0 && access(out, F_OK) == 0) {
		char line[ETAG_MAX + 32];

		etag[n] = '\0';
		etag[strcspn(etag, "\r\n")] = '\0';
		snprintf(line, sizeof(line), "If-None-Match: %s", etag);
		if ((hdrs = curl_slist_append(NULL, line)) == NULL)
			fail(EXIT_FAIL, "out of memory");
	}
	errbuf[0] = '\0';
	setup_signals();
	setup_curl(&f, cafile, seconds, errbuf);
	if (hdrs)
		SETOPT(f.curl, CURLOPT_HTTPHEADER, hdrs);
	rc = curl_easy_perform(f.curl);
	curl_easy_getinfo(f.curl, CURLINFO_RESPONSE_CODE, &code);
	if (rc == CURLE_OK && code == 304)
		exit(EXIT_SAME);
	if (rc != CURLE_OK)
		fail(EXIT_FAIL, "%s", failure(&f, rc, seconds, errbuf, why,
		    sizeof(why)));
	if (code != 200)
		fail(EXIT_FAIL, "HTTP status %ld, not 200", code);
	if (pres_parse(f.body.data ? f.body.data : "", f.body.len, &p,
	    &bad) < 0)
		fail(EXIT_FAIL, "not a presence line: %s", bad);
	if (user && !inv_same_address(p.user, user))
		fail(EXIT_FAIL, "the presence of %s, not of %s", p.user, user);
	buf_reset(&f.body);
	if (pres_format(&p, &f.body) < 0)
		fail(EXIT_FAIL, "out of memory");
	/* the ETag, printable and short, or none */
	etag[0] = '\0';
	if (curl_easy_header(f.curl, "ETag", 0, CURLH_HEADER, -1, &h) ==
	    CURLHE_OK && strlen(h->value) <= ETAG_MAX &&
	    strcmp(printable(h->value, etag, sizeof(etag)), h->value) == 0)
		strcat(etag, "\n");
	else
		etag[0] = '\0';
	/* the same line may come again under another ETag */
	n = afile_read_own(out, old, sizeof(old) - 1, 077, &bad);
	same = n == (ssize_t)f.body.len && memcmp(old, f.body.data,
	    f.body.len) == 0;
	if (!same && afile_write(out, f.body.data, f.body.len, 0600) < 0)
		fail(EXIT_FAIL, "%s: %s", out, strerror(errno));
	if (etag[0] ? afile_write(epath, etag, strlen(etag), 0600) < 0 :
	    unlink(epath) < 0 && errno != ENOENT)
		fail(EXIT_FAIL, "%s: %s", epath, strerror(errno));
	curl_slist_free_all(hdrs);
	curl_easy_cleanup(f.curl);
	curl_global_cleanup();
	exit(same ? EXIT_SAME : 0);
}

int
main(int argc, char *argv[])
{
	struct fetch f;
	unsigned char d[DIGEST_LEN];
	char errbuf[CURL_ERROR_SIZE], why[CURL_ERROR_SIZE + 256];
	char got[DIGEST_HEX_LEN + 1], path[PATH_MAX], dir[PATH_MAX];
	const char *cafile = NULL, *sha, *bad;
	long long max = MAX_DEFAULT, seconds = TIME_DEFAULT;
	long code = 0;
	size_t len;
	CURLcode rc;
	int c, allow_private = 0, r, pres = 0;
	const char *out = NULL, *user = NULL;

	if (afile_open_std() < 0)
		exit(EXIT_FAIL);
	/* a reader that went away shows as a failed write, not a death */
	signal(SIGPIPE, SIG_IGN);
	dir[0] = '\0';
	while ((c = getopt(argc, argv, "c:d:m:o:pPt:u:")) != -1) {
		switch (c) {
		case 'c': cafile = optarg; break;
		case 'o': out = optarg; break;
		case 'p': pres = 1; break;
		case 'u': user = optarg; break;
		case 'd':
			if ((len = strlen(optarg)) == 0 || len >= sizeof(dir)) {
				warnx("dir: empty or too long");
				usage();
			}
			memcpy(dir, optarg, len + 1);
			break;
		case 'm':
			if ((bad = num_parse(optarg, 1, MAX_LIMIT, &max))) {
				warnx("max-bytes: %s (1 to %d)", bad,
				    MAX_LIMIT);
				usage();
			}
			break;
		case 'P': allow_private = 1; break;
		case 't':
			if ((bad = num_parse(optarg, 1, TIME_LIMIT,
			    &seconds))) {
				warnx("seconds: %s (1 to %d)", bad,
				    TIME_LIMIT);
				usage();
			}
			break;
		default: usage();
		}
	}
	if (pres ? argc - optind != 1 || out == NULL || dir[0] ||
	    max != MAX_DEFAULT : argc - optind != 2 || dir[0] == '\0' ||
	    out || user)
		usage();
	/* the URL is named in messages only once it is known to be
	 * printable */
	if ((bad = url_check(argv[optind])) != NULL) {
		warnx("url: %s", bad);
		usage();
	}
	url = argv[optind];
	if (pres)
		presence(out, user, cafile, allow_private, (long)seconds);
	sha = argv[optind + 1];
	if (!digest_hex_ok(sha)) {
		warnx("sha256: not 64 lower-case hex digits");
		usage();
	}
	/* dir/ would follow a symbolic link at dir: the name alone */
	while ((len = strlen(dir)) > 1 && dir[len - 1] == '/')
		dir[len - 1] = '\0';
	r = snprintf(path, sizeof(path), "%s/%s", strcmp(dir, "/") ? dir : "",
	    sha);
	if (r < 0 || (size_t)r >= sizeof(path))
		errx(EXIT_FAIL, "%s: name too long", dir);

	open_dir(dir);
	if (!cached(sha, path)) {
		memset(&f, 0, sizeof(f));
		f.allow_private = allow_private;
		f.max = max;
		SHA256Init(&f.sha);
		setup_signals();
		f.fd = open_tmp();
		errbuf[0] = '\0';
		setup_curl(&f, cafile, (long)seconds, errbuf);
		rc = curl_easy_perform(f.curl);
		if (rc != CURLE_OK)
			fail(EXIT_FAIL, "%s", failure(&f, rc, (long)seconds,
			    errbuf, why, sizeof(why)));
		/* a 3xx that was not followed, a 204, ... */
		curl_easy_getinfo(f.curl, CURLINFO_RESPONSE_CODE, &code);
		if (code != 200)
			fail(EXIT_FAIL, "HTTP status %ld, not 200", code);
		if (f.got == 0)
			fail(EXIT_FAIL, "an empty body");
		SHA256Final(d, &f.sha);
		digest_hex(d, sizeof(d), got);
		if (strcmp(got, sha) != 0)
			fail(EXIT_MISMATCH, "sha256 mismatch: got %s, want %s",
			    got, sha);
		/* whole and on disk before it gets the name that says so */
		if (fsync(f.fd) < 0 || close(f.fd) < 0)
			fail(EXIT_FAIL, "temporary file: %s", strerror(errno));
		if (renameat(dir_fd, tmp_name, dir_fd, sha) < 0)
			fail(EXIT_FAIL, "%s: %s", path, strerror(errno));
		tmp_live = 0;
		/* the rename, durable where a directory can be synced; a
		 * failure here undoes nothing, so it is not one */
		(void)fsync(dir_fd);
		curl_easy_cleanup(f.curl);
		curl = NULL;
		curl_global_cleanup();
	}
	close(dir_fd);
	if (printf("%s\n", path) < 0 || fflush(stdout) != 0 || ferror(stdout))
		err(EXIT_FAIL, "stdout");
	return 0;
}
