#!/bin/sh
# shellcheck disable=SC2154,SC2086 # bgpid: set by tests/lib.sh; $A and $B split into env VAR=... on purpose
# sessd: two users on this machine, alice listening through socat, bob
# dialing with his stored invitation, over TCP and over TLS with the
# pinned certificate; messages and presence both ways, transcripts, the
# refusals of the handshake, and peers that go away or misbehave
. "$HAIL_TOP/tests/lib.sh"

mkdir a b
A="env HAIL_CONFIG_DIR=$PWD/a/cfg HAIL_STATE_DIR=$PWD/a/state HAIL_RUNTIME_DIR=$PWD/a/run"
B="env HAIL_CONFIG_DIR=$PWD/b/cfg HAIL_STATE_DIR=$PWD/b/state HAIL_RUNTIME_DIR=$PWD/b/run HAIL_CACHE_DIR=$PWD/b/cache MAILCAPS=$PWD/none"
mkdir -p a/run b/run
touch f
presd -1 -t f -u alice@example.org > a/run/presence
presd -1 -t f -u bob@example.net > b/run/presence

# invite PORT [invmk options]: alice invites bob to 127.0.0.1:PORT; bob
# stores the invitation; sets $id and $inv (bob's stored file)
invite() {
	p=$1
	shift
	$A invmk -f 'Alice <alice@example.org>' -t bob@example.net "$@" \
	    < a/run/presence > mail."$p" || return 1
	$B invopen -q mail."$p" || return 1
	id=$(sed -n '/^$/q; s/^X-Hail-Invitation: //p' mail."$p")
	inv=$PWD/b/state/invitations/$id.json
}
# received SIDE: the texts SIDE received, one a line
received() {
	sed -n 's/^[^ ]* < {"type":"msg",.*"text":"\(.*\)"}$/\1/p' \
	    "$1/state/sessions/$id/out"
}

# --- TCP -------------------------------------------------------------
port=$(free_port)
invite "$port" -e "tcp://127.0.0.1:$port"
check_status "an invitation to a TCP endpoint" 0 $?
spawn $A socat TCP-LISTEN:"$port",bind=127.0.0.1,reuseaddr,fork \
    EXEC:"sessd -l -k 2 -u alice@example.org" 2> a.err
lsn=$bgpid
wait_port "$port" 5
spawn $B socat EXEC:"sessd -i $inv -k 2" TCP:127.0.0.1:"$port" 2> b.err
dial=$bgpid
if wait_for 5 test -p "a/state/sessions/$id/in" &&
    wait_for 5 test -p "b/state/sessions/$id/in"; then
	pass "TCP: both session directories, with their FIFOs"
else
	fail "TCP: both session directories" "$(cat a.err b.err)"
fi
printf 'one\ntwo\nthree\n' > "a/state/sessions/$id/in"
printf 'uno\n' > "b/state/sessions/$id/in"
printf 'dos\ntres\n' > "b/state/sessions/$id/in"
wait_for 5 sh -c "test \$(grep -c ' < {\"type\":\"msg\"' \
    a/state/sessions/$id/out) -eq 3"
wait_for 5 sh -c "test \$(grep -c ' < {\"type\":\"msg\"' \
    b/state/sessions/$id/out) -eq 3"
check_eq "TCP: bob received alice's lines, in order" "one
two
three" "$(received b)"
check_eq "TCP: alice received bob's lines, in order" "uno
dos
tres" "$(received a)"
check_match "TCP: the transcript says when and which way" \
    '^20[0-9-]+T[0-9:]+Z > \{"type":"msg","seq":1,"time":"[^"]+","text":"one"\}$' \
    "$(grep '"text":"one"' "a/state/sessions/$id/out")"
check_eq "TCP: the transcript holds no token" "" \
    "$(grep -h token "a/state/sessions/$id/out" "b/state/sessions/$id/out")"

# a line written to in that is not UTF-8 is not sent, and said so; the
# next line is, with the next number
printf '\377\376\ncuatro\n' > "b/state/sessions/$id/in"
wait_for 5 grep -q '"text":"cuatro"' "a/state/sessions/$id/out"
check_eq "TCP: a line of in that is not UTF-8 is not sent, the next is" \
    "uno
dos
tres
cuatro" "$(received a)"
check_match "TCP: the line that is not UTF-8 is named on standard error" \
    "in: a line that is not UTF-8: not sent" "$(cat b.err)"
check_eq "TCP: no message is missing after it" "" \
    "$(grep -h 'a message is missing\|"text":}' \
    "a/state/sessions/$id/out" "b/state/sessions/$id/out")"

# nor are lines the peer would refuse: one with a NUL byte, one short
# enough but over 64 KiB once its control characters are escaped
{
	printf 'a\000b\n'
	head -c 20000 /dev/zero | tr '\0' '\001'
	printf '\nseis\n'
} > "b/state/sessions/$id/in"
wait_for 5 grep -q '"text":"seis"' "a/state/sessions/$id/out"
check_eq "TCP: lines the peer would refuse are not sent, the next is" \
    "uno
dos
tres
cuatro
seis" "$(received a)"
check_match "TCP: the line with a NUL byte is named on standard error" \
    "in: a line with a NUL byte: not sent" "$(cat b.err)"
check_match "TCP: the line too long once escaped is named on standard error" \
    "in: a line of [0-9]+ bytes once escaped, over 65536: not sent" \
    "$(cat b.err)"
check_eq "TCP: no error from the peer after them" "" \
    "$(grep -h '"type":"error"' "a/state/sessions/$id/out")"

# typing states, written to the typing FIFO, reach the other side
echo composing > "b/state/sessions/$id/typing"
if wait_for 5 grep -q ' < {"type":"state","state":"composing"}' \
    "a/state/sessions/$id/out"; then
	pass "TCP: bob's typing state reaches alice"
else
	fail "TCP: bob's typing state reaches alice"
fi
echo typing-nonsense > "b/state/sessions/$id/typing"
echo paused > "b/state/sessions/$id/typing"
wait_for 5 grep -q ' < {"type":"state","state":"paused"}' \
    "a/state/sessions/$id/out"
check_eq "TCP: only the states of XEP-0085 are sent" "composing paused" \
    "$(sed -n 's/.* < {"type":"state","state":"\([a-z]*\)"}$/\1/p' \
    "a/state/sessions/$id/out" | tr '\n' ' ' | sed 's/ $//')"

# presence both ways, within a heartbeat of a change
wait_for 5 test -s "b/state/sessions/$id/peer"
check_jq "TCP: bob has alice's presence" \
    '.user == "alice@example.org" and .status == "available"' \
    "b/state/sessions/$id/peer"
wait_for 5 test -s "a/state/sessions/$id/peer"
check_jq "TCP: alice has bob's presence" '.user == "bob@example.net"' \
    "a/state/sessions/$id/peer"
jq -c '.status = "dnd" | .note = "in a meeting"' a/run/presence > a/run/p2
mv a/run/p2 a/run/presence
if wait_for 5 sh -c "jq -e '.status == \"dnd\"' \
    b/state/sessions/$id/peer > /dev/null"; then
	pass "TCP: alice's change of presence reaches bob"
else
	fail "TCP: alice's change of presence reaches bob"
fi
check_jq "TCP: with its note" '.note == "in a meeting"' \
    "b/state/sessions/$id/peer"

# a second session for the same invitation is refused while one runs
port2=$(free_port)
spawn $A socat TCP-LISTEN:"$port2",bind=127.0.0.1,reuseaddr,fork \
    EXEC:"sessd -l" 2> a2.err
wait_port "$port2" 5
$B socat EXEC:"sessd -i $inv" TCP:127.0.0.1:"$port2" 2> b2.err
check_match "a second session for one invitation is refused" \
    "a session for this invitation is on already" "$(cat b2.err)"

# bob's connection dies: alice records him offline and ends with 1
stop_pid "$dial" KILL
pkill -KILL -f "^sessd -i $inv -k 2" 2>/dev/null
if wait_for 5 sh -c "jq -e '.status == \"offline\"' \
    a/state/sessions/$id/peer > /dev/null"; then
	pass "the dialer killed: alice records bob offline"
else
	fail "the dialer killed: alice records bob offline"
fi
check_match "the dialer killed: the transcript says so" \
    '"what":"offline: the peer closed the connection"' \
    "$(tail -n 1 "a/state/sessions/$id/out")"
stop_pid "$lsn"

# reconnecting resumes: the numbers go on, nothing is shown twice
spawn $A socat TCP-LISTEN:"$port",bind=127.0.0.1,reuseaddr,fork \
    EXEC:"sessd -l -k 2 -u alice@example.org" 2> a.err
lsn=$bgpid
wait_port "$port" 5
spawn $B socat EXEC:"sessd -i $inv -k 2" TCP:127.0.0.1:"$port" 2> b.err
dial=$bgpid
wait_for 5 sh -c "grep -c 'welcome' b/state/sessions/$id/out | grep -qx 2"
printf 'four\n' > "a/state/sessions/$id/in"
wait_for 5 sh -c "grep -q '\"text\":\"four\"' b/state/sessions/$id/out"
check_eq "resumed: bob has each of alice's lines once, in order" "one
two
three
four" "$(received b)"
check_match "resumed: the next message is number 4" '"seq":4,' \
    "$(grep '"text":"four"' "a/state/sessions/$id/out")"

# a message in flight when the connection dies: bob's sessd stopped,
# alice sends, bob's side dies before it reads it; the next connection
# brings it, after the welcome
bpid=$(pgrep -f "^sessd -i $inv -k 2")
kill -STOP $bpid
printf 'five\n' > "a/state/sessions/$id/in"
wait_for 5 grep -q '> {"type":"msg","seq":5,' "a/state/sessions/$id/out"
kill -KILL $bpid
stop_pid "$dial"
wait_for 5 sh -c "tail -n 1 a/state/sessions/$id/out | grep -q offline"
spawn $B socat EXEC:"sessd -i $inv -k 2" TCP:127.0.0.1:"$port" 2> b.err
dial=$bgpid
wait_for 5 grep -q '"text":"five"' "b/state/sessions/$id/out"
check_eq "resumed after a drop: the message in flight arrives, once" "one
two
three
four
five" "$(received b)"
check_eq "resumed after a drop: the dialer was welcomed" "" \
    "$(grep 'refused\|no welcome' b.err)"

# a goodbye: SIGTERM to bob's sessd ends both with 0
pkill -TERM -f "^sessd -i $inv -k 2"
if wait_for 5 sh -c "grep -q '\"what\":\"ended by the peer\"' \
    a/state/sessions/$id/out"; then
	pass "a goodbye from bob ends alice's side"
else
	fail "a goodbye from bob ends alice's side"
fi
stop_pid "$dial"
stop_pid "$lsn"

# --- the handshake's refusals ------------------------------------------
port=$(free_port)
spawn $A socat TCP-LISTEN:"$port",bind=127.0.0.1,reuseaddr,fork \
    EXEC:"sessd -l -k 2" 2> refuse.err
lsn=$bgpid
wait_port "$port" 5
tok=$(jq -r .token "$inv")
exp=$(jq -r .expires "$inv")
hello() {
	printf '{"type":"hello","v":%s,"id":"%s","user":"%s","expires":"%s","token":"%s"}\n' \
	    "${5:-1}" "${1:-$id}" bob@example.net "${2:-$exp}" "${3:-$tok}"
	[ -z "$4" ] || printf '%s\n' "$4"
}
refused() {
	python3 "$HAIL_TOP/tests/tools/rawpeer.py" "$port" hello.in 2 > got
	check_eq "refused: $1" '{"type":"error","reason":"refused"}' "$(cat got)"
}
rm -rf a/state/sessions
hello "" "" "$(echo "$tok" | tr 'A-Za-z' 'B-ZAb-za')" > hello.in
refused "a wrong token"
hello "" "2026-01-01T00:00:00Z" > hello.in
refused "another expiry (the token no longer matches)"
hello 0123456789abcdef0123456789abcdef > hello.in
refused "another invitation's id"
hello "" "" "${tok%??????}" > hello.in
refused "a truncated token"
hello "" "" "$(head -c 10240 /dev/zero | tr '\0' A)" > hello.in
refused "a 10 KB token"
hello "" "" "" "" 2 > hello.in
refused "version 2"
printf '{"type":"msg","seq":1,"text":"sneaky"}\n' > hello.in
hello >> hello.in
refused "a message before the hello"
printf 'GET / HTTP/1.0\r\n\r\n' > hello.in
refused "not JSON at all"
check_eq "refused: no session directory was made" "" \
    "$(ls a/state/sessions 2>/dev/null)"

for why in "wrong token" "unknown version" "not a hello" \
    "a hello over the size limit" "the connection ended before a hello"; do
	check_match "refused: the reason is logged here: $why" \
	    "hello refused: $why" "$(cat refuse.err)"
done

# a message pipelined with a good hello is dropped, not acted on
hello "" "" "" '{"type":"msg","seq":1,"time":"2026-11-25T00:00:00Z","text":"pipelined"}' \
    > hello.in
python3 "$HAIL_TOP/tests/tools/rawpeer.py" "$port" hello.in 2 > got
check_match "a good hello is welcomed" '"type":"welcome"' "$(cat got)"
check_eq "what came with the hello is dropped" "" \
    "$(grep pipelined a/state/sessions/"$id"/out)"
check_match "the dropping is logged" "dropped [0-9]+ bytes sent before the welcome" \
    "$(cat refuse.err)"

# hostile lines after a good hello: errors, no crash; an oversized line
# closes the connection
{
	hello
	echo --wait--
	printf 'not json\n'
	printf '{"type":"msg","seq":1,"text":"a\0b"}\n'
	printf '{"type":"msg","seq":1,"text":"\377\376"}\n'
	printf '{"type":"launch","seq":1}\n'
	printf '{"type":"msg","seq":1,"time":"2026-11-25T00:00:00Z","text":"ok"}\n'
	head -c 70000 /dev/zero | tr '\0' x
	printf '\n'
} > hello.in
python3 "$HAIL_TOP/tests/tools/rawpeer.py" "$port" hello.in 3 > got
check_eq "hostile lines: an error for each, then the close" \
    '{"type":"error","reason":"malformed line"}
{"type":"error","reason":"malformed line"}
{"type":"error","reason":"malformed line"}
{"type":"error","reason":"unknown type"}
{"type":"error","reason":"line too long"}' \
    "$(grep -v '"type":"welcome"\|"type":"ack"\|"type":"presence"' got)"

# a message whose time is not a time: the transcript keeps its own, and
# every line of it stays one JSON object
{
	hello
	echo --wait--
	printf '%s\n' '{"type":"msg","seq":2,"time":"xx\",\"text\":\"forged\"}","text":"real"}'
	printf '%s\n' '{"type":"msg","seq":3,"time":"\n2026-11-25T00:00:00","text":"x"}'
} > hello.in
python3 "$HAIL_TOP/tests/tools/rawpeer.py" "$port" hello.in 2 > got
check_eq "a time that is not one is not kept: the texts as sent" "real
x" "$(grep -o '"text":"[a-z]*"}$' "a/state/sessions/$id/out" |
    sed 's/"text":"//; s/"}//' | tail -n 2)"
check_eq "a time that is not one is not kept: each line one object" "" \
    "$(cut -c 24- "a/state/sessions/$id/out" | while IFS= read -r l; do
	printf '%s\n' "$l" | jq -e 'type == "object"' > /dev/null 2>&1 ||
	    printf '%s\n' "$l"
    done)"
stop_pid "$lsn"

# a peer that says hello and then nothing, not even pongs: offline after
# three keepalives, and the listener ends with 1
port=$(free_port)
spawn $A socat TCP-LISTEN:"$port",bind=127.0.0.1,reuseaddr,fork \
    EXEC:"sessd -l -k 1" 2> silent.err
lsn=$bgpid
wait_port "$port" 5
rm -rf a/state/sessions
{
	hello
	echo --wait--
} > hello.in
python3 "$HAIL_TOP/tests/tools/rawpeer.py" "$port" hello.in 6 > got
check_match "a silent peer: pinged" '"type":"ping"' "$(cat got)"
check_match "a silent peer: recorded offline" \
    '"what":"offline: the peer was silent past the keepalive"' \
    "$(tail -n 1 "a/state/sessions/$id/out")"
check_jq "a silent peer: offline in peer" '.status == "offline"' \
    "a/state/sessions/$id/peer"
stop_pid "$lsn"

# --- TLS, the listener's certificate pinned by the invitation ----------
openssl req -x509 -newkey ec -pkeyopt ec_paramgen_curve:prime256v1 -nodes \
    -keyout tls.key -out tls.pem -days 2 -subj /CN=127.0.0.1 \
    -addext subjectAltName=IP:127.0.0.1 2> /dev/null
openssl req -x509 -newkey ec -pkeyopt ec_paramgen_curve:prime256v1 -nodes \
    -keyout other.key -out other.pem -days 2 -subj /CN=127.0.0.1 \
    -addext subjectAltName=IP:127.0.0.1 2> /dev/null
port=$(free_port)
invite "$port" -e "tls://127.0.0.1:$port" -c tls.pem
check_status "an invitation to a TLS endpoint" 0 $?
jq -r .session.certificate "$inv" > pin.pem
spawn $A socat OPENSSL-LISTEN:"$port",bind=127.0.0.1,reuseaddr,fork,cert=tls.pem,key=tls.key,verify=0 \
    EXEC:"sessd -l -k 2 -u alice@example.org" 2> a.err
lsn=$bgpid
wait_port "$port" 5
spawn $B socat OPENSSL:127.0.0.1:"$port",cafile=pin.pem,verify=1 \
    EXEC:"sessd -i $inv -k 2" 2> b.err
dial=$bgpid
wait_for 5 test -p "b/state/sessions/$id/in"
wait_for 5 test -p "a/state/sessions/$id/in"
printf 'over TLS\n' > "a/state/sessions/$id/in"
printf 'and back\n' > "b/state/sessions/$id/in"
wait_for 5 sh -c "grep -q '< .*\"text\":\"over TLS\"' b/state/sessions/$id/out"
wait_for 5 sh -c "grep -q '< .*\"text\":\"and back\"' a/state/sessions/$id/out"
check_eq "TLS: alice's line reaches bob" "over TLS" "$(received b)"
check_eq "TLS: bob's line reaches alice" "and back" "$(received a)"
pkill -TERM -f "^sessd -i $inv -k 2"
stop_pid "$dial"
stop_pid "$lsn"

# a listener with another certificate than the one pinned: no TLS, no
# session on either side
port=$(free_port)
invite "$port" -e "tls://127.0.0.1:$port" -c tls.pem
jq -r .session.certificate "$inv" > pin.pem
spawn $A socat OPENSSL-LISTEN:"$port",bind=127.0.0.1,reuseaddr,fork,cert=other.pem,key=other.key,verify=0 \
    EXEC:"sessd -l" 2> a.err
lsn=$bgpid
wait_port "$port" 5
# (socat connects first, then starts sessd)
$B socat OPENSSL:127.0.0.1:"$port",cafile=pin.pem,verify=1 \
    EXEC:"sessd -i $inv" 2> b.err
check_match "TLS, another certificate: the connection fails" \
    "certificate verify failed|SSL_connect" "$(cat b.err)"
check_eq "TLS, another certificate: no session started on either side" "" \
    "$(ls "a/state/sessions/$id" "b/state/sessions/$id" 2>/dev/null)"
stop_pid "$lsn"
