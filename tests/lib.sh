# tests/lib.sh: the harness every tests/*.t sources. Each check prints
# "ok - what" or "not ok - what" with the expected and actual values, and
# records its result for tests/run. Processes started with spawn are stopped
# by pid when the test exits.
#
# shellcheck shell=sh

: "${HAIL_RESULTS:=/dev/null}"
: "${HAIL_TESTDIR:=$(pwd)}"
: "${HAIL_TOP:=$(cd "$(dirname "$0")/.." && pwd)}"
PIDS="$HAIL_TESTDIR/.pids"
: > "$PIDS"

# sanitizer builds: any report must fail the test that caused it
# (reports also go to files in the test's directory, which tests/run scans,
# so a report on a stderr no check looks at still fails the test)
ASAN_OPTIONS=${ASAN_OPTIONS:-exitcode=86:abort_on_error=0:detect_leaks=1:log_path=$HAIL_TESTDIR/sanitizer}
UBSAN_OPTIONS=${UBSAN_OPTIONS:-print_stacktrace=1:halt_on_error=1:log_path=$HAIL_TESTDIR/sanitizer}
export ASAN_OPTIONS UBSAN_OPTIONS

# (printf, not echo: dash's echo would turn a "\n" in a name into a newline)
pass() {
	printf 'ok - %s\n' "$1"
	printf 'ok - %s\n' "$1" >> "$HAIL_RESULTS"
}

# fail WHAT [DETAIL...]: each detail line is shown under the check
# (sh has no local variables: the harness's own carry a _h_ prefix so
# that they never clobber a test's)
fail() {
	_h_what=$1
	shift
	printf 'not ok - %s\n' "$_h_what"
	printf 'not ok - %s\n' "$_h_what" >> "$HAIL_RESULTS"
	for _h_line in "$@"; do
		printf '%s\n' "$_h_line" | sed 's/^/#   /'
	done
}

# check_eq WHAT EXPECTED ACTUAL
check_eq() {
	if [ "$2" = "$3" ]; then
		pass "$1"
	else
		fail "$1" "expected: $2" "actual:   $3"
	fi
}

# check_match WHAT ERE ACTUAL: ACTUAL matches the extended regex
check_match() {
	if printf '%s\n' "$3" | grep -Eq -- "$2"; then
		pass "$1"
	else
		fail "$1" "expected to match: $2" "actual: $3"
	fi
}

# check_status WHAT EXPECTED ACTUAL: exit statuses
check_status() {
	check_eq "$1 (exit status)" "$2" "$3"
}

# check_file WHAT FILE EXPECTED-TEXT: the whole file equals the text
check_file() {
	if [ ! -f "$2" ]; then
		fail "$1" "no file $2"
		return
	fi
	check_eq "$1" "$3" "$(cat "$2")"
}

# check_jq WHAT FILTER FILE: FILTER gives true, and only true, for the values
# in FILE (at least one). jq -e is not used: jq 1.6 takes its status from the
# last input alone.
check_jq() {
	if [ "$(jq "$2" "$3" 2>/dev/null | sort -u)" = true ]; then
		pass "$1"
	else
		fail "$1" "filter: $2" "input: $(head -c 2000 "$3")"
	fi
}

# wait_for SECONDS COMMAND...: retries COMMAND every 0.1 s; 0 once it
# succeeds, 1 when the time is up
wait_for() {
	_h_tries=$(($1 * 10))
	shift
	while [ "$_h_tries" -gt 0 ]; do
		if "$@" > /dev/null 2>&1; then
			return 0
		fi
		sleep 0.1
		_h_tries=$((_h_tries - 1))
	done
	return 1
}

# started PID: the start time of process PID (field 22 of its stat), to
# tell it from a later process that gets the same number
started() {
	sed 's/^.*) //' "/proc/$1/stat" 2>/dev/null | cut -d ' ' -f 20
}

# track PID: PID is stopped when the test exits, if it is still the same
# process (pids come round again quickly where pid_max is 32768)
track() {
	# (only a pid: an empty one would have the cleanup read /proc/stat,
	# and a 0 from there signal the whole process group)
	case $1 in
	''|*[!0-9]*|0) return 0 ;;
	esac
	echo "$1 $(started "$1")" >> "$PIDS"
}

# spawn COMMAND...: starts COMMAND in the background, sets $bgpid, and makes
# sure it is stopped when the test exits
spawn() {
	"$@" &
	bgpid=$!
	track "$bgpid"
}

# stop_pid PID [SIGNAL]: signals PID (TERM by default) and waits up to 5 s
# for it to go, then kills it
stop_pid() {
	case $1 in
	''|*[!0-9]*|0) return 0 ;;
	esac
	kill "-${2:-TERM}" "$1" 2>/dev/null || return 0
	_h_n=50
	while kill -0 "$1" 2>/dev/null && [ "$_h_n" -gt 0 ]; do
		sleep 0.1
		_h_n=$((_h_n - 1))
	done
	kill -KILL "$1" 2>/dev/null
	return 0
}

cleanup() {
	while read -r _h_p _h_t; do
		if [ -n "$_h_p" ] && [ "$(started "$_h_p")" = "$_h_t" ]; then
			stop_pid "$_h_p"
		fi
	done < "$PIDS"
}
trap cleanup EXIT
trap 'exit 130' INT TERM

# free_port: prints a TCP port on 127.0.0.1 that nothing listens on
free_port() {
	netutil freeport
}

# wait_port PORT [SECONDS]: 0 once something accepts on 127.0.0.1:PORT
wait_port() {
	netutil wait 127.0.0.1 "$1" "$(( ${2:-10} * 1000 ))"
}

# nginx_conf DIR: the start of the nginx.conf of a test's nginx in DIR
# (an absolute path): one process, its logs and temporary files in DIR,
# DIR/www its root; it ends inside the http block, where the test adds
# its servers and the closing brace
nginx_conf() {
	cat <<EOS
master_process off;
worker_processes 1;
pid $1/nginx.pid;
error_log $1/error.log;
events { worker_connections 64; }
http {
	access_log $1/access.log;
	client_body_temp_path $1/tmp/body;
	proxy_temp_path $1/tmp/proxy;
	fastcgi_temp_path $1/tmp/fastcgi;
	uwsgi_temp_path $1/tmp/uwsgi;
	scgi_temp_path $1/tmp/scgi;
	root $1/www;
EOS
}

# start_nginx DIR PORT...: nginx in the foreground with DIR/nginx.conf (an
# absolute path; nginx_conf's start and the test's servers), its output in
# DIR/stderr; sets $ngx; checks that it listens on each PORT
start_nginx() {
	_h_d=$1
	shift
	spawn nginx -p "$_h_d" -c "$_h_d/nginx.conf" -g 'daemon off;' \
	    > "$_h_d/stderr" 2>&1
	# shellcheck disable=SC2034 # for the test, to stop it
	ngx=$bgpid
	_h_ok=1
	for _h_p; do
		wait_port "$_h_p" 10 || _h_ok=''
	done
	# "127.0.0.1:A", "127.0.0.1:A, B and C"
	_h_w=127.0.0.1:$1
	shift
	while [ $# -gt 1 ]; do
		_h_w="$_h_w, $1"
		shift
	done
	[ $# -eq 1 ] && _h_w="$_h_w and $1"
	if [ -n "$_h_ok" ]; then
		pass "nginx listens on $_h_w"
	else
		fail "nginx listens" \
		    "$(cat "$_h_d/stderr" "$_h_d/error.log" 2>/dev/null)"
	fi
}

# make_ca DIR: a throwaway CA in DIR/ca.pem and DIR/ca.key
make_ca() {
	mkdir -p "$1"
	openssl req -x509 -newkey ec -pkeyopt ec_paramgen_curve:P-256 \
	    -nodes -days 2 -subj "/CN=hail test CA" \
	    -addext basicConstraints=critical,CA:TRUE \
	    -addext keyUsage=critical,keyCertSign,cRLSign \
	    -keyout "$1/ca.key" -out "$1/ca.pem" 2>/dev/null
}

# make_cert DIR NAME HOST: a certificate for HOST (a DNS name, or 127.0.0.1)
# signed by DIR's CA, in DIR/NAME.pem and DIR/NAME.key
make_cert() {
	case $3 in
	*[!0-9.]*) san="DNS:$3" ;;
	*) san="IP:$3" ;;
	esac
	openssl req -newkey ec -pkeyopt ec_paramgen_curve:P-256 -nodes \
	    -subj "/CN=$3" -keyout "$1/$2.key" -out "$1/$2.csr" 2>/dev/null &&
	printf 'subjectAltName=%s\nextendedKeyUsage=serverAuth\n' "$san" \
	    > "$1/$2.ext" &&
	openssl x509 -req -in "$1/$2.csr" -CA "$1/ca.pem" -CAkey "$1/ca.key" \
	    -CAcreateserial -days 2 -extfile "$1/$2.ext" \
	    -out "$1/$2.pem" 2>/dev/null
}

# unit BINARY: runs a C unit test that prints "ok - ..." and "not ok - ..."
# lines, recording each
unit() {
	"$@" > unit.out 2>&1
	_h_rc=$?
	while IFS= read -r _h_line; do
		case $_h_line in
		"ok - "*) pass "${_h_line#ok - }" ;;
		"not ok - "*) fail "${_h_line#not ok - }" ;;
		*) printf '#   %s\n' "$_h_line" ;;
		esac
	done < unit.out
	check_status "$1" 0 "$_h_rc"
}

# iso SECONDS: the RFC 3339 UTC form of a Unix time
iso() {
	date -u -d "@$1" +%Y-%m-%dT%H:%M:%SZ
}

# atime FILE: the access time of FILE in Unix seconds
atime() {
	stat -c %X "$1"
}

# statuses FILE: the status of each presence line in FILE, on one line
statuses() {
	jq -r .status "$1" 2>/dev/null | tr '\n' ' ' | sed 's/ $//'
}

# has_line FILE STATUS: FILE holds a line with that status
has_line() {
	grep -q "\"status\":\"$2\"" "$1"
}

# count_status FILE STATUS N: FILE has at least N lines with that status
count_status() {
	[ "$(grep -c "\"status\":\"$2\"" "$1")" -ge "$3" ]
}

# count_lines FILE N: FILE has at least N lines
count_lines() {
	[ "$(wc -l < "$1")" -ge "$2" ]
}

# examples PAGE: the commands of PAGE's EXAMPLES section as a reader sees
# them (man/PAGE rendered by mandoc), one a line: those after a "$ "
# prompt, with continued lines joined, and crontab lines
examples() {
	mandoc -Tascii -O width=300 "$HAIL_TOP/man/$1" | col -b | awk '
	/^[A-Z]/ { ex = ($0 == "EXAMPLES") ; next }
	!ex { next }
	{ sub(/^[ \t]+/, "") }
	cont { cmd = cmd " " $0 }
	!cont && /^\$ / { cmd = substr($0, 3) }
	!cont && /^[*0-9][^ ]* [^ ]+ [^ ]+ [^ ]+ [^ ]+ / { cmd = $0 }
	cmd != "" {
		cont = sub(/ *\\$/, "", cmd)
		if (!cont) { print cmd; cmd = "" }
	}'
}

# example PAGE ERE: the first command of PAGE's EXAMPLES that matches ERE;
# fails the test if there is none
example() {
	_h_ex=$(examples "$1" | grep -E -m 1 -- "$2")
	if [ -z "$_h_ex" ]; then
		fail "$1 has an example matching $2"
		return 1
	fi
	printf '%s\n' "$_h_ex"
}

# start_smtpd DIR: a real OpenSMTPD on a free 127.0.0.1 port, in the
# foreground, delivering mail for bob@example.net into DIR/Maildir (as the
# unprivileged user nobody) and refusing every other recipient; sets
# $smtp_port and (for stop_pid) $smtpd_pid, and writes DIR/msmtprc.
# OpenSMTPD needs root; its queue is one of its own (below), or the
# system's (/var/spool/smtpd) where no mount namespace can be made.
start_smtpd() {
	mkdir -p "$1/Maildir/new" "$1/Maildir/cur" "$1/Maildir/tmp"
	chown -R nobody "$1/Maildir"
	# nobody must reach the Maildir through the test's private directory
	chmod 711 "$HAIL_TESTDIR" "$1"
	smtp_port=$(free_port)
	echo 'bob@example.net nobody' > "$1/vusers"
	cat > "$1/smtpd.conf" <<EOS
table vusers file:$1/vusers
listen on 127.0.0.1 port $smtp_port
action "bob" maildir "$1/Maildir" virtual <vusers>
match from any for domain "example.net" action "bob"
EOS
	chmod 644 "$1/smtpd.conf" "$1/vusers"
	# a /var/run and queue of its own where a mount namespace can give
	# them: smtpd's control socket is fixed, so two on one machine (a
	# test beside the demo, a bench or the system's) clash otherwise; the
	# whole of /var/spool, as a machine where no OpenSMTPD ever ran has no
	# /var/spool/smtpd to mount on
	if unshare -m --propagation private true 2> /dev/null; then
		mkdir -p "$1/run" "$1/spool/smtpd"
		chmod 755 "$1/run" "$1/spool"
		chmod 711 "$1/spool/smtpd"
		# shellcheck disable=SC2016 # the inner shell's $1, $2 and $3
		spawn unshare -m --propagation private sh -c \
		    'mount --bind "$1" /var/run &&
		    mount --bind "$2" /var/spool && exec smtpd -d -f "$3"' \
		    sh "$1/run" "$1/spool" "$1/smtpd.conf" > "$1/smtpd.log" 2>&1
	else
		spawn smtpd -d -f "$1/smtpd.conf" > "$1/smtpd.log" 2>&1
	fi
	smtpd_pid=$bgpid
	export smtpd_pid
	printf 'defaults\nauth off\ntls off\naccount default\nhost 127.0.0.1\nport %s\nfrom alice@example.org\n' \
	    "$smtp_port" > "$1/msmtprc"
	chmod 600 "$1/msmtprc"
	wait_port "$smtp_port" 10
}
