#!/bin/sh
# bench/chain.sh: the whole chain on loopback, as scripts/hail-demo runs
# it: OpenSMTPD delivering bob@example.net through procmail (the recipe
# hail ships) into his Maildir, nginx serving the renderer over HTTPS with
# a CA made for the bench, alice's listener (hail-listen, TLS). Set up
# once; then BENCH_RUNS (20) times, each step timed on its own:
# - invite -> stored: alice's invite (invmk, msmtp to OpenSMTPD) until
#   bob's invitation is in his state directory (invopen -q, run by
#   procmail as nobody);
# - fetch + card: invopen on the delivered mail, as bob's mail reader
#   runs it, his renderer cache emptied first: invfetch fetches card.jq,
#   its SHA-256 is checked and the card shown;
# - join -> session: hail-join -b until alice's sessd has verified the
#   hello and bob's has her welcome; then bob's sessd is told to end it
#   (SIGTERM, a goodbye), as hail-chat does.
# Medians, min and max in ms, against the issue's target of 1 s a step.
# Waits poll every 5 ms, so a figure may be up to some 5 ms late.
# Needs root (OpenSMTPD), as the demo does.
top=$(cd "$(dirname "$0")/.." && pwd) || exit 2
n=${BENCH_RUNS:-20}
case $n in
''|*[!0-9]*|0*) echo "chain: BENCH_RUNS: not a number" >&2; exit 2 ;;
esac
PATH=$top:$top/scripts:$PATH:/usr/sbin:/sbin
export PATH
die() {
	echo "chain: $*" >&2
	exit 3
}
[ "$(id -u)" -eq 0 ] || die "OpenSMTPD needs root: run as root"
for p in smtpd procmail msmtp nginx socat jq openssl python3 setpriv \
    setsid unshare; do
	command -v "$p" > /dev/null || die "$p: not found (scripts/deps)"
done
nobody=$(id -u nobody) || die "no user nobody to be bob"
nogroup=$(id -g nobody)

# --- the processes: each in a group of its own, stopped by its id ---------
dir=''
procs=''
spawn=''
# start COMMAND...: COMMAND (alice ..., bob ... or a program) in the
# background in a session of its own (setsid), whose group holds whatever
# it forks; sets $pid
start() {
	spawn=1
	case $1 in
	alice|bob) "$@" < /dev/null & ;;
	*) setsid "$@" < /dev/null & ;;
	esac
	pid=$!
	spawn=''
	procs="$procs $pid"
	# (until setsid has made the group, a signal to it reaches no one)
	_i=200
	while [ "$(ps -o pgid= -p "$pid" | tr -d ' ')" != "$pid" ] &&
	    kill -0 "$pid" 2> /dev/null && [ "$_i" -gt 0 ]; do
		sleep 0.005
		_i=$((_i - 1))
	done
}
# running PID: a process of the group PID is alive (a zombie is not)
running() {
	for _p in $(pgrep -g "$1"); do
		_s=$(sed 's/^.*) //' "/proc/$_p/stat" 2> /dev/null | cut -c 1)
		[ -n "$_s" ] && [ "$_s" != Z ] && return 0
	done
	return 1
}
# forget PID: PID was reaped
forget() {
	_l=''
	for _e in $procs; do
		[ "$_e" = "$1" ] || _l="$_l $_e"
	done
	procs=$_l
}
# stop PID: TERM to the group PID, KILL after 5 s, and PID reaped
stop() {
	kill -TERM -"$1" 2> /dev/null
	_i=50
	while running "$1" && [ "$_i" -gt 0 ]; do
		sleep 0.1
		_i=$((_i - 1))
	done
	if running "$1"; then
		kill -KILL -"$1" 2> /dev/null
		sleep 0.2
	fi
	# (wait only for what has ended: wait for a live one never returns)
	if ! running "$1"; then
		_s=$(sed 's/^.*) //' "/proc/$1/stat" 2> /dev/null | cut -c 1)
		if [ -z "$_s" ] || [ "$_s" = Z ]; then
			wait "$1" 2> /dev/null
		fi
	fi
	forget "$1"
}
cleanup() {
	_st=$?
	trap - EXIT
	trap '' INT TERM HUP
	_r=''
	for _e in $procs; do
		_r="$_e $_r"
	done
	for _e in $_r; do
		stop "$_e"
	done
	if [ -n "$dir" ] && [ -d "$dir" ]; then
		# (every process started here names the directory)
		_l=''
		for _d in /proc/[0-9]*; do
			[ "${_d#/proc/}" = "$$" ] && continue
			grep -qsF "$dir" "$_d/cmdline" "$_d/environ" &&
			    _l="$_l ${_d#/proc/}"
		done
		[ -z "$_l" ] || echo "chain: still running:$_l" >&2
		rm -rf "$dir"
	fi
	exit "$_st"
}
trap cleanup EXIT
trap 'exit 130' INT
trap 'exit 143' TERM
trap 'exit 129' HUP

# --- small helpers --------------------------------------------------------
# now: the time in nanoseconds
now() {
	date +%s%N
}
# poll MS COMMAND...: 0 once COMMAND succeeds, tried every 5 ms, for at
# most MS milliseconds
poll() {
	_i=$(($1 / 5))
	shift
	while [ "$_i" -gt 0 ]; do
		"$@" > /dev/null 2>&1 && return 0
		sleep 0.005
		_i=$((_i - 1))
	done
	return 1
}
# listening PORT: something listens on 127.0.0.1:PORT (the kernel's
# table: a test connection would start a session or a mail)
listening() {
	grep -q "^ *[0-9]*: 0100007F:$(printf '%04X' "$1") 00000000:0000 0A " \
	    /proc/net/tcp
}
# has FILE TEXT: FILE holds TEXT
has() {
	grep -qF -- "$2" "$1"
}
# alice COMMAND... and bob COMMAND...: COMMAND as that user, with that
# user's hail directories and nothing else from this environment (bob is
# nobody, as OpenSMTPD delivers to him); started by start, COMMAND
# replaces the background shell, so that its pid is the one start saw
alice() {
	set -- env -i PATH="$PATH" HOME="$A/home" LANG=C.UTF-8 \
	    TMPDIR="$A/tmp" HAIL_CONFIG_DIR="$A/cfg" \
	    HAIL_STATE_DIR="$A/state" HAIL_RUNTIME_DIR="$A/run" \
	    HAIL_CACHE_DIR="$A/cache" HAIL_CARD="$card" "$@"
	[ -n "$spawn" ] && exec setsid "$@"
	"$@"
}
bob() {
	set -- setpriv --reuid="$nobody" --regid="$nogroup" --clear-groups \
	    -- env -i PATH="$PATH" HOME="$B/home" LANG=C.UTF-8 \
	    TMPDIR="$B/tmp" HAIL_CONFIG_DIR="$B/cfg" \
	    HAIL_STATE_DIR="$B/state" HAIL_RUNTIME_DIR="$B/run" \
	    HAIL_CACHE_DIR="$B/cache" HAIL_CARD="$card" \
	    MAILCAPS="$B/home/.mailcap" "$@"
	[ -n "$spawn" ] && exec setsid "$@"
	"$@"
}

# --- the directory --------------------------------------------------------
dir=$(mktemp -d "${TMPDIR:-/tmp}/hail-bench.XXXXXX") || exit 2
case $dir in
*[!A-Za-z0-9/._-]*) die "$dir: a path the servers cannot take; set TMPDIR" ;;
esac
chmod 711 "$dir"
A=$dir/alice B=$dir/bob
mkdir -p "$A/home" "$A/tmp" "$A/cfg" "$A/state" "$A/run" "$A/cache" \
    "$B/home" "$B/tmp" "$B/cfg" "$B/state" "$B/run" "$B/cache" \
    "$B/Maildir/new" "$B/Maildir/cur" "$B/Maildir/tmp" \
    "$dir/mx/run" "$dir/mx/spool" "$dir/www/tmp" "$dir/ca" "$dir/bin" \
    "$dir/share" || die "mkdir failed"
chmod 700 "$A" "$B"
mkdir "$dir/mx/spool/smtpd" || die "mkdir failed"
chmod 755 "$dir/bin" "$dir/share" "$dir/mx/run" "$dir/mx/spool"
chmod 711 "$dir/mx/spool/smtpd"
# hail's programs where bob can run them (the tree may be in a home
# directory no one else can enter)
for p in presd invmk invopen invfetch sessd hail-chat; do
	cp "$top/$p" "$dir/bin/" || die "$p: not built (make)"
done
cp "$top/scripts/invite" "$top/scripts/hail-listen" "$top/scripts/hail-join" \
    "$dir/bin/" || die "the scripts could not be copied"
cp "$top/scripts/hail.procmailrc" "$top/renderer/card.jq" "$dir/share/" ||
    die "the recipe or card could not be copied"
card=$dir/share/card.jq
PATH=$dir/bin:$PATH
cd "$dir" || exit 2

# ports: three different free ones on 127.0.0.1
ports=$(python3 -c 'import socket
s = [socket.socket() for i in range(3)]
for x in s:
    x.bind(("127.0.0.1", 0))
print(" ".join(str(x.getsockname()[1]) for x in s))') ||
    die "no free port"
read -r smtp www lport <<EOF
$ports
EOF

# bob's mail: OpenSMTPD hands it, as nobody, to procmail with hail's recipe
cat > "$B/procmailrc" <<EOF
PATH="$PATH"
HOME="$B/home"
HAIL_CONFIG_DIR="$B/cfg"
HAIL_STATE_DIR="$B/state"
HAIL_CACHE_DIR="$B/cache"
HAIL_CARD="$card"
MAILCAPS="$B/home/.mailcap"
LOGFILE="$B/procmail.log"
DEFAULT="$B/Maildir/"
INCLUDERC="$dir/share/hail.procmailrc"
EOF
echo 'bob@example.net nobody' > "$dir/mx/vusers"
cat > "$dir/mx/smtpd.conf" <<EOF
table vusers file:$dir/mx/vusers
listen on 127.0.0.1 port $smtp
action "bob" mda "$(command -v procmail) -m $B/procmailrc" virtual <vusers>
match from any for domain "example.net" action "bob"
EOF
chmod 644 "$dir/mx/smtpd.conf" "$dir/mx/vusers"

# bob's settings: renderers from 127.0.0.1, checked against the bench's
# CA, fetched when he reads the mail (not on delivery); invopen's mailcap
# line, which invopen itself passes over for the renderer
cat > "$B/cfg/invopen.conf" <<EOF
allow-host 127.0.0.1
allow-private yes
cafile $dir/ca/ca.pem
EOF
chmod 600 "$B/cfg/invopen.conf"
echo 'application/vnd.hail.invitation+json; invopen -r %s; copiousoutput' \
    > "$B/home/.mailcap"
: > "$B/tty"
chown -R "$nobody:$nogroup" "$B"

# the CA, and nginx's certificate for 127.0.0.1 from it
(
	cd "$dir/ca" &&
	openssl req -x509 -newkey ec -pkeyopt ec_paramgen_curve:P-256 -nodes \
	    -days 1 -subj "/CN=hail bench CA" \
	    -addext basicConstraints=critical,CA:TRUE \
	    -addext keyUsage=critical,keyCertSign,cRLSign \
	    -keyout ca.key -out ca.pem &&
	openssl req -newkey ec -pkeyopt ec_paramgen_curve:P-256 -nodes \
	    -subj /CN=127.0.0.1 -keyout www.key -out www.csr &&
	printf 'subjectAltName=IP:127.0.0.1\nextendedKeyUsage=serverAuth\n' \
	    > www.ext &&
	openssl x509 -req -in www.csr -CA ca.pem -CAkey ca.key \
	    -CAcreateserial -days 1 -extfile www.ext -out www.pem
) > "$dir/ca/log" 2>&1 || die "openssl failed: $(cat "$dir/ca/log")"
chmod 644 "$dir/ca/ca.pem"
cp "$card" "$dir/www/card.jq"
sha=$(sha256sum "$dir/www/card.jq" | cut -c 1-64)
cat > "$dir/www/nginx.conf" <<EOF
master_process off;
worker_processes 1;
pid $dir/www/nginx.pid;
error_log $dir/www/error.log;
events { worker_connections 64; }
http {
	access_log $dir/www/access.log;
	client_body_temp_path $dir/www/tmp/body;
	proxy_temp_path $dir/www/tmp/proxy;
	fastcgi_temp_path $dir/www/tmp/fastcgi;
	uwsgi_temp_path $dir/www/tmp/uwsgi;
	scgi_temp_path $dir/www/tmp/scgi;
	default_type application/octet-stream;
	server {
		listen 127.0.0.1:$www ssl;
		ssl_certificate $dir/ca/www.pem;
		ssl_certificate_key $dir/ca/www.key;
		location = /card.jq { root $dir/www; }
	}
}
EOF

# OpenSMTPD, with /var/run (its control socket) and its queue of its own
# in a private mount namespace, so that it cannot clash with another (its
# /var/spool whole: where no OpenSMTPD ever ran, /var/spool/smtpd is not
# there to mount on)
if unshare -m --propagation private true 2> /dev/null; then
	# shellcheck disable=SC2016 # $1, $2 and $3 are the inner shell's
	start unshare -m --propagation private sh -c \
	    'mount --bind "$1" /var/run &&
	    mount --bind "$2" /var/spool && exec smtpd -d -f "$3"' \
	    sh "$dir/mx/run" "$dir/mx/spool" "$dir/mx/smtpd.conf" \
	    > "$dir/mx/smtpd.log" 2>&1
else
	start smtpd -d -f "$dir/mx/smtpd.conf" > "$dir/mx/smtpd.log" 2>&1
fi
start nginx -p "$dir/www" -c "$dir/www/nginx.conf" -g 'daemon off;' \
    > "$dir/www/stderr" 2>&1
poll 10000 listening "$smtp" ||
    die "OpenSMTPD did not start: $(cat "$dir/mx/smtpd.log")"
poll 10000 listening "$www" ||
    die "nginx did not start: $(cat "$dir/www/stderr" "$dir/www/error.log")"

# alice: her listener (its certificate made on first use), her invite
# settings
start alice hail-listen -a 127.0.0.1 "$lport" > "$A/listen.log" 2>&1
poll 10000 listening "$lport" ||
    die "hail-listen did not start: $(cat "$A/listen.log")"
touch "$A/tty"
printf '%s\n' defaults 'auth off' 'tls off' 'account default' \
    'host 127.0.0.1' "port $smtp" 'from alice@example.org' > "$A/msmtprc"
chmod 600 "$A/msmtprc"
cat > "$A/cfg/invite.conf" <<EOF
from Alice <alice@example.org>
endpoint tls://127.0.0.1:$lport
certificate $A/cfg/listener.pem
renderer https://127.0.0.1:$www/card.jq $sha
msmtp -C $A/msmtprc
EOF

# --- the runs -------------------------------------------------------------
# delivered: the mail with the invitation $id is in bob's Maildir; $mail
delivered() {
	mail=$(grep -l "^X-Hail-Invitation: $id\$" "$B"/Maildir/new/* \
	    2> /dev/null | head -n 1)
	[ -n "$mail" ]
}
# established: both sessds have their session directory (in, the FIFO),
# alice's has verified bob's hello and bob's has her welcome
established() {
	[ -p "$A/state/sessions/$id/in" ] &&
	    [ -p "$B/state/sessions/$id/in" ] &&
	    has "$A/state/sessions/$id/out" '"what":"connected' &&
	    has "$B/state/sessions/$id/out" '{"type":"welcome"'
}
# gone PID: no process PID (or a zombie only)
gone() {
	_s=$(sed 's/^.*) //' "/proc/$1/stat" 2> /dev/null | cut -c 1)
	[ -z "$_s" ] || [ "$_s" = Z ]
}
# ended PID: no process of the group PID is left
ended() {
	! running "$1"
}
# fetches: the GETs of the renderer nginx answered with 200
fetches() {
	grep -c '"GET /card.jq HTTP/1.1" 200 ' "$dir/www/access.log"
}
: > "$dir/www/access.log"
: > stored
: > card
: > session
i=0
while [ "$i" -lt "$n" ]; do
	i=$((i + 1))
	# both presences fresh (presd -1's line expires after 2 minutes;
	# an expired one would have invite and sessd run a presd of their own)
	alice presd -1 -t "$A/tty" -u alice@example.org -o "$A/run/presence" \
	    > /dev/null || die "run $i: alice's presd failed"
	bob presd -1 -t "$B/tty" -u bob@example.net -o "$B/run/presence" \
	    > /dev/null || die "run $i: bob's presd failed"

	# invite -> stored
	t0=$(now)
	alice invite -n "run $i" 'Bob <bob@example.net>' > "$A/invite.out" \
	    2> "$A/invite.err" ||
	    die "run $i: invite failed: $(cat "$A/invite.err")"
	id=$(cat "$A/invite.out")
	poll 10000 test -f "$B/state/invitations/$id.json" ||
	    die "run $i: bob's invitation was not stored:" \
	    "$(cat "$B/procmail.log")"
	t1=$(now)
	echo $(((t1 - t0) / 1000)) >> stored
	# (procmail delivers the mail after invopen -q is done with it)
	poll 10000 delivered || die "run $i: the mail was not delivered"

	# fetch + card: invopen as bob's mail reader runs it, nothing cached
	rm -rf "$B/cache/renderers"
	f=$(fetches)
	t0=$(now)
	bob invopen "$mail" > "$B/card.out" 2> "$B/card.err" ||
	    die "run $i: invopen failed: $(cat "$B/card.err")"
	t1=$(now)
	echo $(((t1 - t0) / 1000)) >> card
	got=$(sha256sum "$B/cache/renderers/$sha" 2> /dev/null | cut -c 1-64)
	if [ "$got" != "$sha" ] || [ "$(fetches)" -ne $((f + 1)) ]; then
		die "run $i: the renderer was not fetched and verified:" \
		    "$(cat "$B/card.err")"
	fi
	has "$B/card.out" alice@example.org ||
	    die "run $i: no card: $(cat "$B/card.out" "$B/card.err")"

	# join -> session established, then ended by bob, as hail-chat does
	t0=$(now)
	start bob hail-join -b "$id" > "$B/join.err" 2>&1
	jpid=$pid
	poll 10000 established ||
	    die "run $i: no session: $(cat "$B/join.err" "$A/listen.log")"
	t1=$(now)
	echo $(((t1 - t0) / 1000)) >> session
	# (each lock holds its sessd's pid)
	bs=$(cat "$B/state/sessions/$id/lock")
	as=$(cat "$A/state/sessions/$id/lock")
	for p in "$bs" "$as"; do
		case $p in
		*[!0-9]*|'') die "run $i: no sessd's pid in a session lock" ;;
		esac
	done
	kill -TERM "$bs"
	if ! poll 10000 ended "$jpid" || ! poll 10000 gone "$as"; then
		die "run $i: the session did not end: $(cat "$B/join.err")"
	fi
	wait "$jpid"
	rc=$?
	forget "$jpid"
	[ "$rc" -eq 0 ] ||
	    die "run $i: hail-join: exit $rc: $(cat "$B/join.err")"
done

# --- the figures ----------------------------------------------------------
# figures NAME FILE: the median, min and max of FILE's microseconds, in ms
figures() {
	sort -n "$2" | awk -v name="$1" '
	{ t[NR] = $1 / 1000 }
	END {
		m = NR % 2 ? t[(NR + 1) / 2] : (t[NR / 2] + t[NR / 2 + 1]) / 2
		printf "  %-28s median %4.0f ms  (min %.0f, max %.0f)  " \
		    "target < 1000 ms: %s\n", name, m, t[1], t[NR],
		    m < 1000 ? "ok" : "MISSED"
	}'
}
echo "the chain on loopback, $n runs (OpenSMTPD, procmail, nginx, TLS)"
figures "invite -> stored" stored
figures "renderer verified, card" card
figures "join -> session established" session
