#!/bin/sh
# shellcheck disable=SC2154,SC2086 # bgpid: set by tests/lib.sh; $A and $B split into env VAR=... on purpose
# hail-listen and hail-join: alice listens with the certificate made on
# first use, bob joins his stored invitation by id, over TLS with that
# certificate pinned, and over plain TCP; what either refuses
. "$HAIL_TOP/tests/lib.sh"

mkdir -p a/run b/run
A="env HAIL_CONFIG_DIR=$PWD/a/cfg HAIL_STATE_DIR=$PWD/a/state HAIL_RUNTIME_DIR=$PWD/a/run"
B="env HAIL_CONFIG_DIR=$PWD/b/cfg HAIL_STATE_DIR=$PWD/b/state HAIL_RUNTIME_DIR=$PWD/b/run HAIL_CACHE_DIR=$PWD/b/cache MAILCAPS=$PWD/none"
touch f
presd -1 -t f -u alice@example.org > a/run/presence

# TLS: the certificate is made on first use, then pinned by invitations
port=$(free_port)
spawn $A hail-listen -a 127.0.0.1 -k 2 "$port" 2> listen.err
lsn=$bgpid
wait_port "$port" 10
check_match "hail-listen: the certificate made on first use, and said" \
    "made $PWD/a/cfg/listener.pem" "$(cat listen.err)"
check_eq "hail-listen: the key is private" "600" \
    "$(stat -c %a a/cfg/listener.key)"
$A invmk -f alice@example.org -t bob@example.net \
    -e "tls://127.0.0.1:$port" -c a/cfg/listener.pem < a/run/presence > mail
$B invopen -q mail
id=$(sed -n '/^$/q; s/^X-Hail-Invitation: //p' mail)
spawn $B hail-join -k 2 "$id" 2> join.err
join=$bgpid
if wait_for 10 test -p "a/state/sessions/$id/in" &&
    wait_for 5 test -p "b/state/sessions/$id/in"; then
	pass "hail-join by id over TLS: a session on both sides"
else
	fail "hail-join by id over TLS" "$(cat listen.err join.err)"
fi
echo 'hello bob' > "a/state/sessions/$id/in"
wait_for 5 grep -q '< .*"text":"hello bob"' "b/state/sessions/$id/out"
check_match "over TLS: alice's line reaches bob" '"text":"hello bob"' \
    "$(grep ' < ' "b/state/sessions/$id/out")"
pkill -TERM -f "^sessd -i $PWD/b/state/invitations/$id.json"
stop_pid "$join"
stop_pid "$lsn"

# a second start keeps the certificate: invitations already sent hold
cp a/cfg/listener.pem first.pem
port2=$(free_port)
spawn $A hail-listen -a 127.0.0.1 "$port2" 2> listen2.err
lsn=$bgpid
wait_port "$port2" 10
if cmp -s first.pem a/cfg/listener.pem; then
	pass "hail-listen again: the same certificate"
else
	fail "hail-listen again: the same certificate"
fi
stop_pid "$lsn"

# plain TCP with -t
port=$(free_port)
spawn $A hail-listen -t -a 127.0.0.1 -k 2 "$port" 2> listen.err
lsn=$bgpid
wait_port "$port" 10
$A invmk -f alice@example.org -t bob@example.net \
    -e "tcp://127.0.0.1:$port" < a/run/presence > mail2
$B invopen -q mail2
id2=$(sed -n '/^$/q; s/^X-Hail-Invitation: //p' mail2)
mkdir jtmp
spawn $B TMPDIR="$PWD/jtmp" hail-join -k 2 "$id2" 2> join.err
join=$bgpid
wait_for 10 test -p "b/state/sessions/$id2/in"
echo 'over tcp' > "b/state/sessions/$id2/in"
if wait_for 5 grep -q '< .*"text":"over tcp"' "a/state/sessions/$id2/out"
then
	pass "hail-join over TCP: bob's line reaches alice"
else
	fail "hail-join over TCP: bob's line reaches alice"
fi
# stopped by a signal, hail-join ends its connection and leaves nothing
kill -TERM "$join"
if wait_for 5 sh -c "! kill -0 $join 2> /dev/null"; then
	pass "hail-join, sent SIGTERM, ends"
else
	fail "hail-join, sent SIGTERM, ends"
fi
check_eq "hail-join, sent SIGTERM: its temporary directory removed" "" \
    "$(ls jtmp)"
wait_for 5 sh -c "! pgrep -f 'sessd -i $PWD/b/state/invitations/$id2.json'"
check_eq "hail-join, sent SIGTERM: its socat and sessd gone" "" \
    "$(pgrep -f "sessd -i $PWD/b/state/invitations/$id2.json")"
stop_pid "$join"
stop_pid "$lsn"

# what hail-join refuses
$B hail-join 'x;y' > out 2> err
check_status "hail-join: not an id" 2 $?
$B hail-join 0123456789abcdef0123456789abcdef > out 2> err
check_status "hail-join: no such invitation" 3 $?
jq -c '.session.endpoint = "tcp://h.example.org:7070,fork"' \
    "b/state/invitations/$id2.json" > bad.json
$B hail-join "$PWD/bad.json" > out 2> err
check_status "hail-join: a port with socat options after it" 3 $?
jq -c '.session.endpoint = "tcp://EXEC\u003aid:7070"' \
    "b/state/invitations/$id2.json" > bad.json
$B hail-join "$PWD/bad.json" > out 2> err
check_status "hail-join: a host with socat syntax" 3 $?
# an expired invitation, or one with no expiry it can read, is not
# dialled (the endpoint is one where nothing listens: a connection would
# say so instead)
jq -c --arg ep "tcp://127.0.0.1:$(free_port)" '.session.endpoint = $ep |
    .expires = "2025-01-02T10:37:12Z"' "b/state/invitations/$id2.json" \
    > bad.json
for o in -b "-x busy"; do
	# shellcheck disable=SC2086 # the option and its argument
	$B hail-join $o "$PWD/bad.json" > out 2> err
	check_status "hail-join $o: an expired invitation" 4 $?
	check_eq "hail-join $o: an expired invitation, said so" \
	    "hail-join: $PWD/bad.json: expired at 2025-01-02T10:37:12Z" \
	    "$(cat err)"
done
# a minute past, in a time zone that keeps summer time all year (jq 1.6's
# fromdate would read the time there as an hour later)
past=$(date -u -d '-1 min' +%Y-%m-%dT%H:%M:%SZ)
jq -c --arg ep "tcp://127.0.0.1:$(free_port)" --arg x "$past" \
    '.session.endpoint = $ep | .expires = $x' \
    "b/state/invitations/$id2.json" > bad.json
$B TZ='AAA0BBB,0/0,J365/25' hail-join -b "$PWD/bad.json" > out 2> err
check_status "hail-join: expired a minute ago, in summer time" 4 $?
check_eq "hail-join: expired a minute ago, in summer time, said so" \
    "hail-join: $PWD/bad.json: expired at $past" "$(cat err)"
for e in '"2025-01-02"' null 12 '"2099-1-2T1:2:3Z"' '" 2025-01-02T10:37:12Z"' \
    '"2025-01-02T10:37:12Z\n"' '"2025-01-02T10:37:12Z\u001b[2J"'; do
	jq -c ".expires = $e" "b/state/invitations/$id2.json" > bad.json
	$B hail-join -b "$PWD/bad.json" > out 2> err
	check_status "hail-join: expires $e" 3 $?
	check_eq "hail-join: expires $e, said so" \
	    "hail-join: $PWD/bad.json: no usable expiry" "$(cat err)"
done

# hail-listen -u: an address sessd -u takes, nothing else
for u in alice @example.org alice@ 'a@b@c' 'alice@example.org,fork'; do
	$A hail-listen -t -a 127.0.0.1 -u "$u" "$(free_port)" > out 2> err
	check_status "hail-listen -u '$u': refused" 2 $?
	check_eq "hail-listen -u '$u': said so" \
	    "hail-listen: the address of -u or invite.conf is not one hail-listen can pass on" \
	    "$(cat err)"
done
