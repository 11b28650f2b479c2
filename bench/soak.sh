#!/bin/sh
# bench/soak.sh: presd and a sessd pair, run for SOAK_SECONDS (600) under
# continuous activity: both users' input comes and goes (presd turns them
# away and back every few seconds, and each change crosses the session),
# and lines flow both ways (SOAK_RATE, 20 a second each way). Every
# SOAK_EVERY (30) seconds it prints each process's open file descriptors
# and resident memory; at the end, the change from the sample after the
# first interval (buffers grown to their working size) to the last. Exits 1 when a process died, its descriptors grew, or its
# memory grew by more than SOAK_SLACK_KB (256).
top=$(cd "$(dirname "$0")/.." && pwd) || exit 2
secs=${SOAK_SECONDS:-600}
every=${SOAK_EVERY:-30}
rate=${SOAK_RATE:-20}
slack=${SOAK_SLACK_KB:-256}
for v in "$secs" "$every" "$rate" "$slack"; do
	case $v in
	''|*[!0-9]*|0) echo "soak: SOAK_* must be positive integers" >&2
	    exit 2 ;;
	esac
done
# (the first interval warms up: two more are needed to compare)
if [ "$secs" -lt $((2 * every)) ]; then
	echo "soak: SOAK_SECONDS must be at least twice SOAK_EVERY" >&2
	exit 2
fi
dir=$(mktemp -d "${TMPDIR:-/tmp}/hail-soak.XXXXXX") || exit 2
pids=''
# shellcheck disable=SC2317 # run by the trap
cleanup() {
	exec 7>&- 8>&-
	# shellcheck disable=SC2086 # a list of pids
	[ -n "$pids" ] && kill $pids 2> /dev/null
	[ -n "${sa:-}" ] && kill "$sa" 2> /dev/null
	[ -n "${sb:-}" ] && kill "$sb" 2> /dev/null
	sleep 0.5
	# shellcheck disable=SC2086
	[ -n "$pids" ] && kill -KILL $pids 2> /dev/null
	rm -rf "$dir"
}
trap cleanup EXIT
trap 'exit 1' INT TERM HUP
# (a sessd that died: said below, not a silent end by SIGPIPE)
trap '' PIPE
cd "$dir" || exit 2
PATH=$top:$PATH
A="env HAIL_CONFIG_DIR=$dir/a/cfg HAIL_STATE_DIR=$dir/a/state HAIL_RUNTIME_DIR=$dir/a/run"
B="env HAIL_CONFIG_DIR=$dir/b/cfg HAIL_STATE_DIR=$dir/b/state HAIL_RUNTIME_DIR=$dir/b/run MAILCAPS=$dir/none"
mkdir -p a/run b/run
port=$(python3 -c 'import socket; s = socket.socket()
s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])') || exit 2

# each user's input: a file whose access time is the last input; presd
# turns the user away after 2 s without it, xa after 4, and looks again
# every second while the user is not available
touch a/tty b/tty
$A presd -a 2 -x 4 -i 60 -p 1 -t a/tty -u alice@soak.example -o a/run/presence \
    > /dev/null 2> a/presd.err &
pa=$!
pids="$pids $pa"
$B presd -a 2 -x 4 -i 60 -p 1 -t b/tty -u bob@soak.example -o b/run/presence \
    > /dev/null 2> b/presd.err &
pb=$!
pids="$pids $pb"
i=0
while [ ! -s a/run/presence ] || [ ! -s b/run/presence ]; do
	i=$((i + 1))
	[ "$i" -le 100 ] || { echo "soak: presd did not start" >&2; exit 1; }
	sleep 0.1
done

# the session: alice listens, bob joins
# shellcheck disable=SC2086 # $A and $B are env VAR=... words
$A invmk -f alice@soak.example -t bob@soak.example \
    -e "tcp://127.0.0.1:$port" < a/run/presence > mail || exit 1
# shellcheck disable=SC2086
$B invopen -q mail || exit 1
id=$(sed -n '/^$/q; s/^X-Hail-Invitation: //p' mail)
# shellcheck disable=SC2086
$A socat TCP-LISTEN:"$port",bind=127.0.0.1,reuseaddr \
    EXEC:'sessd -l -u alice@soak.example' 2> a/socat.err &
pids="$pids $!"
sleep 0.3
# shellcheck disable=SC2086
$B socat TCP:127.0.0.1:"$port" \
    EXEC:"sessd -i $dir/b/state/invitations/$id.json" 2> b/socat.err &
pids="$pids $!"
i=0
while [ ! -p "a/state/sessions/$id/in" ] || [ ! -p "b/state/sessions/$id/in" ] ||
    [ ! -s "a/state/sessions/$id/lock" ] ||
    [ ! -s "b/state/sessions/$id/lock" ]; do
	i=$((i + 1))
	[ "$i" -le 100 ] || { echo "soak: the session did not start" >&2
	    cat a/socat.err b/socat.err >&2; exit 1; }
	sleep 0.1
done
sa=$(cat "a/state/sessions/$id/lock")
sb=$(cat "b/state/sessions/$id/lock")
exec 7> "a/state/sessions/$id/in" 8> "b/state/sessions/$id/in"

# the activity: input for 3 s, none for 5 (away, then xa), in turn for
# alice and bob; lines both ways at the rate asked for
(
	n=0
	while :; do
		case $((n % 8)) in
		0|1|2) touch -a a/tty ;;
		4|5|6) touch -a b/tty ;;
		esac
		n=$((n + 1))
		sleep 1
	done
) &
pids="$pids $!"
gap=$(awk -v r="$rate" 'BEGIN { printf "%.3f", 1 / r }')

# sample PID: "fds rss" of a process (its open descriptors, its resident
# memory in kB), or "- -" once it is gone
sample() {
	if [ -d "/proc/$1" ]; then
		printf '%s %s' "$(find "/proc/$1/fd" -mindepth 1 -maxdepth 1 \
		    2> /dev/null | wc -l)" \
		    "$(sed -n 's/^VmRSS:[[:space:]]*\([0-9]*\) kB/\1/p' \
		    "/proc/$1/status")"
	else
		printf -- '- -'
	fi
}
# row SECONDS: a line of samples, printed and kept in the file "last"
row() {
	r=''
	for p in $pa $pb $sa $sb; do
		r="$r $(sample "$p")"
	done
	echo "$r" > last
	# shellcheck disable=SC2086 # the samples are words
	printf '%6s  %4s %7s  %4s %7s  %4s %7s  %4s %7s\n' "$1" $r
}

echo "soak: $secs s, a sample every $every s (open fds, then RSS in kB)"
printf '%6s  %-12s  %-12s  %-12s  %-12s\n' "s" "alice presd" "bob presd" \
    "alice sessd" "bob sessd"
row 0
t0=$(date +%s)
next=$every
sent=0
while :; do
	now=$(($(date +%s) - t0))
	if [ "$now" -ge "$next" ]; then
		row "$now"
		# (the first interval warms up: the samples after it count)
		[ "$next" -eq "$every" ] && cp last first
		next=$((next + every))
	fi
	[ "$now" -ge "$secs" ] && break
	if ! echo "alice's line $sent" >&7 || ! echo "bob's line $sent" >&8
	then
		echo "soak: a sessd no longer reads its lines" >&2
		break
	fi
	sent=$((sent + 1))
	sleep "$gap"
done

# (the last lines may still be on their way: a few seconds for them)
i=0
while got=$(grep -c ' < {"type":"msg"' "a/state/sessions/$id/out") &&
    [ "$got" -lt "$sent" ] && [ "$i" -lt 50 ]; do
	i=$((i + 1))
	sleep 0.1
done
changes=$(grep -c ' < {"type":"presence"' "a/state/sessions/$id/out")
echo "lines sent each way: $sent; alice received $got; presence lines" \
    "alice received: $changes"
fail=0
read -r f1 r1 f2 r2 f3 r3 f4 r4 < first
read -r g1 s1 g2 s2 g3 s3 g4 s4 < last
# verdict WHO FDS RSS FDS RSS: the first sample against the last
verdict() {
	if [ "$4" = - ]; then
		echo "$1: gone"
		fail=1
		return
	fi
	v=flat
	if [ "$4" -gt "$2" ] || [ $(($5 - $3)) -gt "$slack" ]; then
		v=GREW
		fail=1
	fi
	echo "$1: fds $2 -> $4, RSS $3 -> $5 kB ($(($5 - $3)) kB): $v"
}
verdict "alice presd" "$f1" "$r1" "$g1" "$s1"
verdict "bob presd" "$f2" "$r2" "$g2" "$s2"
verdict "alice sessd" "$f3" "$r3" "$g3" "$s3"
verdict "bob sessd" "$f4" "$r4" "$g4" "$s4"
if [ "$got" -ne "$sent" ] || [ "$changes" -eq 0 ]; then
	echo "soak: $sent lines sent, $got received, $changes presence" \
	    "changes: the soak proves nothing" >&2
	fail=1
fi
exit "$fail"
