#!/bin/sh
# shellcheck disable=SC2154,SC2086 # bgpid: set by tests/lib.sh; $A and $B split into env VAR=... on purpose
# sessd under load: 1,000,000 lines each way through two sessd joined by
# socat over TCP; every line in both transcripts, byte for byte, in
# order, and sessd's memory flat while they pass
. "$HAIL_TOP/tests/lib.sh"

mkdir -p a/run b/run
A="env HAIL_CONFIG_DIR=$PWD/a/cfg HAIL_STATE_DIR=$PWD/a/state HAIL_RUNTIME_DIR=$PWD/a/run"
B="env HAIL_CONFIG_DIR=$PWD/b/cfg HAIL_STATE_DIR=$PWD/b/state HAIL_RUNTIME_DIR=$PWD/b/run MAILCAPS=$PWD/none"
touch f
presd -1 -t f -u alice@example.org > a/run/presence
port=$(free_port)
$A invmk -f alice@example.org -t bob@example.net \
    -e "tcp://127.0.0.1:$port" < a/run/presence > mail
$B invopen -q mail
id=$(sed -n '/^$/q; s/^X-Hail-Invitation: //p' mail)
spawn $A socat TCP-LISTEN:"$port",bind=127.0.0.1,reuseaddr,fork \
    EXEC:"sessd -l" 2> a.err
lsn=$bgpid
wait_port "$port" 5
spawn $B socat TCP:127.0.0.1:"$port" \
    EXEC:"sessd -i $PWD/b/state/invitations/$id.json" 2> b.err
dial=$bgpid
wait_for 5 test -p "a/state/sessions/$id/in"
wait_for 5 test -p "b/state/sessions/$id/in"

n=1000000
# (under valgrind, a tenth: each line costs it tens of times more)
[ -n "${HAIL_VALGRIND:-}" ] && n=100000
seq -f 'line %g of alice, with words to make it longer, "quoted", é' 1 $n \
    > la
seq -f 'bob says %g' 1 $n > lb
cat la > "a/state/sessions/$id/in" &
wa=$!
cat lb > "b/state/sessions/$id/in" &
wb=$!
# rss: the largest resident size of either sessd now, in KiB
rss() {
	ps -o rss= -C sessd | tr -d ' ' | sort -n | tail -n 1
}
first=
peak=0
count() {
	grep -c ' < {"type":"msg"' "$1/state/sessions/$id/out"
}
i=0
while [ $i -lt 120 ]; do
	r=$(rss)
	[ -n "$r" ] && [ -z "$first" ] && first=$r
	[ -n "$r" ] && [ "$r" -gt "$peak" ] && peak=$r
	if [ "$(count a)" -ge $n ] && [ "$(count b)" -ge $n ]; then
		break
	fi
	sleep 1
	i=$((i + 1))
done
wait $wa $wb
# texts: what SIDE received, in order
texts() {
	grep -F ' < {"type":"msg"' "$1/state/sessions/$id/out" |
	    sed 's/^.*,"text":"//; s/"}$//; s/\\"/"/g'
}
check_eq "bob received every one of alice's $n lines" "$n" "$(count b)"
check_eq "alice received every one of bob's $n lines" "$n" "$(count a)"
check_eq "bob's transcript holds alice's lines byte for byte, in order" \
    "$(sha256sum < la)" "$(texts b | sha256sum)"
check_eq "alice's transcript holds bob's lines byte for byte, in order" \
    "$(sha256sum < lb)" "$(texts a | sha256sum)"
check_eq "the sent lines are each in the sender's transcript once" \
    "$n $n" "$(grep -c ' > {"type":"msg"' "a/state/sessions/$id/out") $(grep -c ' > {"type":"msg"' "b/state/sessions/$id/out")"
if [ -n "${HAIL_SANFLAGS:-}${HAIL_VALGRIND:-}" ]; then
	# a sanitizer's shadow memory, or valgrind's, is no measure of sessd's
	pass "sessd's memory: not measured under sanitizers or valgrind"
elif [ -n "$first" ] && [ "$peak" -le 16384 ]; then
	pass "sessd's memory stays small ($first KiB at first, $peak at most)"
else
	fail "sessd's memory stays small" "first $first KiB, peak $peak"
fi
stop_pid "$dial"
stop_pid "$lsn"
