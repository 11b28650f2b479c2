#!/bin/sh
# bench/sessd.sh: sessd against raw socat on loopback:
# - lines per second: BENCH_LINES (1,000,000) lines from alice to bob
#   through two sessd joined by socat over TCP, until the last is in
#   bob's transcript, against the same lines through socat alone;
# - round trips: 10,000 pings answered by sessd (its pong) through socat,
#   against 10,000 lines echoed by cat through socat; p50 and p99;
# - sessd's peak resident memory during the lines.
top=$(cd "$(dirname "$0")/.." && pwd) || exit 2
n=${BENCH_LINES:-1000000}
dir=$(mktemp -d "${TMPDIR:-/tmp}/hail-bench.XXXXXX") || exit 2
pids=
trap 'kill $pids 2>/dev/null; rm -rf "$dir"' EXIT
trap 'exit 1' INT TERM HUP
cd "$dir" || exit 2
PATH=$top:$PATH
port() {
	python3 -c 'import socket; s = socket.socket()
s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])'
}
A="env HAIL_CONFIG_DIR=$dir/a/cfg HAIL_STATE_DIR=$dir/a/state HAIL_RUNTIME_DIR=$dir/a/run"
B="env HAIL_CONFIG_DIR=$dir/b/cfg HAIL_STATE_DIR=$dir/b/state HAIL_RUNTIME_DIR=$dir/b/run MAILCAPS=$dir/none"
mkdir -p a/run b/run
touch f
presd -1 -t f -u alice@example.org > a/run/presence
p=$(port)
# shellcheck disable=SC2086 # $A and $B are env VAR=... words
$A invmk -f alice@example.org -t bob@example.net -e "tcp://127.0.0.1:$p" \
    < a/run/presence > mail
# shellcheck disable=SC2086
$B invopen -q mail
id=$(sed -n '/^$/q; s/^X-Hail-Invitation: //p' mail)
seq -f 'line %.0f of the bench, some words long' 1 "$n" > lines
last="line $n of the bench"

# now_ns: the time in nanoseconds
now_ns() {
	date +%s%N
}

# raw socat: the lines through a TCP connection into a file
rp=$(port)
socat -u TCP-LISTEN:"$rp",bind=127.0.0.1,reuseaddr CREATE:raw.out &
pids="$pids $!"
sleep 0.3
t0=$(now_ns)
socat -u OPEN:lines TCP:127.0.0.1:"$rp"
while ! tail -c 100 raw.out 2>/dev/null | grep -q "$last"; do
	sleep 0.01
done
t1=$(now_ns)
raw=$((t1 - t0))

# sessd: alice listens, bob dials, alice sends
# shellcheck disable=SC2086
$A socat TCP-LISTEN:"$p",bind=127.0.0.1,reuseaddr,fork EXEC:'sessd -l' &
pids="$pids $!"
sleep 0.3
# shellcheck disable=SC2086
$B socat TCP:127.0.0.1:"$p" EXEC:"sessd -i $dir/b/state/invitations/$id.json" &
pids="$pids $!"
while [ ! -p "a/state/sessions/$id/in" ]; do sleep 0.05; done
out=b/state/sessions/$id/out
peak=0
t0=$(now_ns)
cat lines > "a/state/sessions/$id/in" &
while ! tail -c 300 "$out" | grep -q "$last"; do
	r=$(ps -o rss= -C sessd | tr -d ' ' | sort -n | tail -n 1)
	[ -n "$r" ] && [ "$r" -gt "$peak" ] && peak=$r
	sleep 0.01
done
t1=$(now_ns)
ses=$((t1 - t0))
echo "lines, $n from one side to the other over TCP on loopback"
awk -v n="$n" -v r="$raw" -v s="$ses" 'BEGIN {
	printf "  socat alone   %10.0f lines/s\n", n / (r / 1e9)
	printf "  sessd+socat   %10.0f lines/s\n", n / (s / 1e9)
	printf "  ratio         %10.2f (target: 0.80 or more)\n", r / s
}'
printf "  sessd peak RSS %8d KiB\n" "$peak"
printf '\n'

# round trips: pings answered by the listener's sessd, lines by cat
jq -c '{type: "hello", v: 1, id, user: .to, expires, token}' \
    "b/state/invitations/$id.json" > hello
pp=$(port)
# shellcheck disable=SC2086
$A socat TCP-LISTEN:"$pp",bind=127.0.0.1,reuseaddr,fork \
    EXEC:'sessd -l -k 3600' &
pids="$pids $!"
cp=$(port)
socat TCP-LISTEN:"$cp",bind=127.0.0.1,reuseaddr,fork EXEC:cat &
pids="$pids $!"
sleep 0.3
pkill -f "^sessd -i $dir/b/" 2>/dev/null
sleep 0.5
# shellcheck disable=SC2046 # two numbers
set -- $(python3 "$top/bench/pingpong.py" "$cp" 10000)
c50=$1 c99=$2
# shellcheck disable=SC2046
set -- $(python3 "$top/bench/pingpong.py" "$pp" 10000 hello)
s50=$1 s99=$2
echo "round trips, 10,000 (microseconds)"
echo "  socat+cat     p50 $c50  p99 $c99"
echo "  sessd+socat   p50 $s50  p99 $s99"
awk -v a="$s50" -v b="$c50" 'BEGIN {
	printf "  sessd adds    %.1f at p50 (target: under 30)\n", a - b }'
