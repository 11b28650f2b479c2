#!/bin/sh
# shellcheck disable=SC2154,SC2086 # bgpid: set by tests/lib.sh; $A and $B split into env VAR=... on purpose
# sessd -w: the invitee watches the inviter's presence before joining,
# through her listener (a hello with "watch":true): presence both ways
# and nothing else, a dnd inviter answering "busy", and the session
# joined after the watch
. "$HAIL_TOP/tests/lib.sh"

mkdir a b
A="env HAIL_CONFIG_DIR=$PWD/a/cfg HAIL_STATE_DIR=$PWD/a/state HAIL_RUNTIME_DIR=$PWD/a/run TZ=UTC"
B="env HAIL_CONFIG_DIR=$PWD/b/cfg HAIL_STATE_DIR=$PWD/b/state HAIL_RUNTIME_DIR=$PWD/b/run MAILCAPS=$PWD/none TZ=UTC"
mkdir -p a/run b/run
touch f
presd -1 -t f -u alice@example.org > a/run/presence
presd -1 -t f -u bob@example.net > b/run/presence
port=$(free_port)
$A invmk -f 'Alice <alice@example.org>' -t bob@example.net \
    -e "tcp://127.0.0.1:$port" < a/run/presence > mail
$B invopen -q mail
id=$(sed -n '/^$/q; s/^X-Hail-Invitation: //p' mail)
inv=$PWD/b/state/invitations/$id.json
aout=a/state/sessions/$id/out
bout=b/state/sessions/$id/out
spawn $A socat TCP-LISTEN:"$port",bind=127.0.0.1,reuseaddr,fork \
    EXEC:"sessd -l -k 2 -u alice@example.org" 2> a.err
lsn=$bgpid
wait_port "$port" 5

# --- the watch ---------------------------------------------------------
# (bob's chat, started first, shows it)
$B hail-chat "$id" < /dev/null > b.chat 2>&1 &
chat=$!
track "$chat"
spawn $B socat EXEC:"sessd -i $inv -w -k 2" TCP:127.0.0.1:"$port" 2> b.err
watch=$bgpid
if wait_for 5 test -s "b/state/sessions/$id/peer"; then
	pass "bob watches: alice's presence reaches him"
else
	fail "bob watches: alice's presence reaches him" "$(cat a.err b.err)"
fi
wait_for 5 test -s "a/state/sessions/$id/peer"
check_jq "and his reaches her" '.user == "bob@example.net"' \
    "a/state/sessions/$id/peer"
check_match "alice's transcript: bob watching, named" \
    '! \{"type":"event","what":"watching: a hello from the invitee, verified","peer":"bob@example.net"\}' \
    "$(cat "$aout")"
check_match "bob's: the welcome to a watch" \
    '< \{"type":"welcome","v":1,"ack":0,"user":"alice@example.org","watch":true\}' \
    "$(cat "$bout")"
if wait_for 5 grep -qxF -- '-- watching, presence only, with alice@example.org' \
    b.chat; then
	pass "bob's chat says he is watching"
else
	fail "bob's chat says he is watching" "$(cat b.chat)"
fi
jq -c '.status = "away"' a/run/presence > a/run/p2
mv a/run/p2 a/run/presence
if wait_for 5 sh -c "jq -e '.status == \"away\"' \
    b/state/sessions/$id/peer > /dev/null"; then
	pass "alice goes away: bob's view changes"
else
	fail "alice goes away: bob's view changes"
fi
if wait_for 5 grep -qx -- '-- alice is away.*' b.chat; then
	pass "and his chat says so"
else
	fail "and his chat says so" "$(cat b.chat)"
fi
stop_pid "$chat"
# no chat in a watch: lines written to in stay there, a message from a
# watcher is answered with an error and not kept
echo 'not yet' > "b/state/sessions/$id/in"
echo composing > "b/state/sessions/$id/typing"
sleep 1.5
check_eq "a watch sends no message and no typing state" "" \
    "$(grep -e '"type":"msg"' -e '"type":"state"' "$aout" "$bout")"
stop_pid "$watch"
pkill -TERM -f "^sessd -i $inv -w" 2>/dev/null
wait_for 5 sh -c "! pgrep -f '^sessd -i $inv -w'"
check_status "the watch ends" 0 $?

# a raw watcher that sends a message anyway
{
	jq -c '{type: "hello", v: 1, id, user: .to, expires, token,
	    watch: true}' "$inv"
	echo '--wait--'
	echo '{"type":"msg","seq":1,"time":"2026-11-25T09:00:00Z","text":"sneaked"}'
} > raw.in
python3 "$HAIL_TOP/tests/tools/rawpeer.py" "$port" raw.in 2 > raw.out 2>&1
check_match "a watcher's message: an error" \
    '\{"type":"error","reason":"a watch: presence only"\}' "$(cat raw.out)"
check_eq "and nothing kept of it" "" "$(grep sneaked "$aout")"

# --- alice in dnd: a watch is answered busy -----------------------------
wait_for 5 sh -c "! pgrep -f '^sessd -l -k 2 -u alice@example.org'"
jq -c '.status = "dnd"' a/run/presence > a/run/p2
mv a/run/p2 a/run/presence
$B socat EXEC:"sessd -i $inv -w -k 2" TCP:127.0.0.1:"$port" 2> b2.err
check_match "alice in dnd: bob's watch refused" \
    'refused by the peer' "$(cat b2.err)"
check_match "with the reason, busy, in bob's transcript" \
    '< \{"type":"error","reason":"busy"\}' "$(cat "$bout")"
check_match "alice's transcript says so" \
    '"what":"refused a watch: busy \(dnd\)"' "$(cat "$aout")"

# --- then bob joins: the session, as usual ------------------------------
jq -c '.status = "available"' a/run/presence > a/run/p2
mv a/run/p2 a/run/presence
spawn $B socat EXEC:"sessd -i $inv -k 2" TCP:127.0.0.1:"$port" 2> b3.err
wait_for 5 grep -q '"what":"connected: hello sent"' "$bout"
echo 'joined now' > "b/state/sessions/$id/in"
if wait_for 5 grep -q '"text":"joined now"' "$aout"; then
	pass "after the watch, the session: bob's line reaches alice"
else
	fail "after the watch, the session" "$(cat b3.err)"
fi
check_eq "the line written during the watch was not kept for later" "" \
    "$(grep '"text":"not yet"' "$aout")"
stop_pid "$bgpid"
stop_pid "$lsn"
sessd -l -w 2> err
check_status "sessd -l -w: usage" 2 $?
