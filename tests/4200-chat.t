#!/bin/sh
# shellcheck disable=SC2154,SC2086 # bgpid: set by tests/lib.sh; $A and $B split into env VAR=... on purpose
# hail-chat: the terminal front end over a session directory, on both
# sides of a real session over socat: messages typed and shown, the
# peer's presence in words as it changes, typing states, text from the
# peer made harmless and cut short, the end of the session; and on a
# terminal (a pty): keys, typing states sent, ^D ending the session
. "$HAIL_TOP/tests/lib.sh"

mkdir a b
A="env HAIL_CONFIG_DIR=$PWD/a/cfg HAIL_STATE_DIR=$PWD/a/state HAIL_RUNTIME_DIR=$PWD/a/run TZ=UTC"
B="env HAIL_CONFIG_DIR=$PWD/b/cfg HAIL_STATE_DIR=$PWD/b/state HAIL_RUNTIME_DIR=$PWD/b/run HAIL_CACHE_DIR=$PWD/b/cache MAILCAPS=$PWD/none HAIL_CARD=$HAIL_TOP/renderer/card.jq TZ=UTC"
mkdir -p a/run b/run
touch f
presd -1 -t f -u alice@example.org > a/run/presence
presd -1 -t f -u bob@example.net > b/run/presence

# listening TAG: alice invites bob (mail.TAG) to a free port, and listens
# there; sets $port, $id and $lsn
listening() {
	port=$(free_port)
	$A invmk -f 'Alice <alice@example.org>' -t bob@example.net \
	    -e "tcp://127.0.0.1:$port" < a/run/presence > mail."$1" || return 1
	id=$(sed -n '/^$/q; s/^X-Hail-Invitation: //p' mail."$1")
	spawn $A socat TCP-LISTEN:"$port",bind=127.0.0.1,reuseaddr,fork \
	    EXEC:"sessd -l -u alice@example.org" 2>> a.err
	lsn=$bgpid
	wait_port "$port" 5
}
# session TAG: alice listens, bob stores the invitation and dials; sets
# $port, $id, $inv, $lsn and $dial
session() {
	listening "$1" && $B invopen -q mail."$1" || return 1
	inv=$PWD/b/state/invitations/$id.json
	spawn $B socat EXEC:"sessd -i $inv" TCP:127.0.0.1:"$port" 2>> b.err
	dial=$bgpid
	wait_for 5 test -p "a/state/sessions/$id/in" &&
	    wait_for 5 test -p "b/state/sessions/$id/in"
}
# alice_ends PID WHAT LOG: alice's listener and her sessd stopped; PID (a
# program of bob's) must then end by itself (check WHAT, LOG shown if it
# does not); its exit status in $rc
alice_ends() {
	stop_pid "$lsn"
	kill -TERM "$(cat "a/state/sessions/$id/lock")" 2>/dev/null
	if wait_for 10 sh -c "! kill -0 $1 2>/dev/null"; then
		pass "$2"
	else
		fail "$2" "$(tail -n 3 "$3")"
	fi
	wait "$1"
	rc=$?
}
# shows FILE TEXT: 0 once FILE has the line TEXT (waits up to 5 s); a
# message's time of day, "HH:MM ", is not compared (see "times" below)
shows() {
	# shellcheck disable=SC2016 # $1 and $2 are the inner shell's
	wait_for 5 sh -c 'sed "s/^[0-2][0-9]:[0-5][0-9] //" "$1" |
	    grep -qxF -- "$2"' sh "$1" "$2"
}
# check_shows WHAT FILE TEXT
check_shows() {
	if shows "$2" "$3"; then
		pass "$1"
	else
		fail "$1" "no line \"$3\" in: $(cat "$2")"
	fi
}

# --- the usage and the errors before a session -------------------------
$B hail-chat -x > out 2> err
check_status "an unknown option: usage" 2 $?
$B hail-chat 'ab/../cd' > out 2> err
check_status "a directory that does not exist" 3 $?
$B hail-chat 'x;rm' > out 2> err
check_status "an id that is not one: usage" 2 $?
check_eq "said so" "hail-chat: x;rm: not an invitation id" "$(cat err)"
$B hail-chat > out 2> err
check_status "no session at all" 3 $?
check_eq "said so, with what starts one" \
    "hail-chat: no session yet (hail-join or hail-listen starts one)" \
    "$(cat err)"

# --- both sides, not on a terminal ------------------------------------
session tcp
check_status "a session over TCP" 0 $?
mkfifo a.keys b.keys
# each chat reads its FIFO; the test holds them open to type (read and
# write: a FIFO opened so does not wait for the other end)
# (not through spawn: a command put in the background inside a function
# would read /dev/null)
exec 7<> a.keys
$A hail-chat < a.keys > a.chat 2> a.chat.err &
achat=$!
track "$achat"
exec 8<> b.keys
$B hail-chat "$id" < b.keys > b.chat 2> b.chat.err &
bchat=$!
track "$bchat"

# alice named no session: the one that runs is hers
echo 'hello alice' >&8
check_shows "bob's line, as bob's chat shows it" b.chat \
    "you: hello alice"
check_shows "bob's line, as alice's chat shows it" a.chat \
    "bob: hello alice"
echo 'hi bob' >&7
check_shows "alice's answer at bob's" b.chat "alice: hi bob"

# presence in words, as it changes
check_shows "bob sees alice's presence" b.chat "-- alice is available"
check_shows "alice sees bob's presence" a.chat "-- bob is available"
li=$(date -u -d '-6 min -10 sec' +%Y-%m-%dT%H:%M:%SZ)
jq -c --arg li "$li" '.status = "away" | .last_input = $li' a/run/presence \
    > a/run/p2
mv a/run/p2 a/run/presence
check_shows "alice goes away: bob is told how long she has been idle" \
    b.chat "-- alice is away, idle 6 min"
jq -c '.status = "dnd" | .note = "in a meeting"' a/run/presence > a/run/p2
mv a/run/p2 a/run/presence
check_shows "alice says dnd, with a note" b.chat \
    "-- alice is busy (do not disturb): \"in a meeting\", idle 6 min"
sleep 1.2
check_eq "each change said once, not at every heartbeat" 1 \
    "$(grep -c 'alice is busy' b.chat)"

# typing states
echo composing > "a/state/sessions/$id/typing"
check_shows "alice types: bob sees it" b.chat "-- alice is typing..."
echo paused > "a/state/sessions/$id/typing"
check_shows "alice stops: bob sees it" b.chat "-- alice stopped typing"

# what alice sends is shown harmlessly: no escape sequence, no C1 control,
# no bidi override reaches bob's terminal, and a long line is cut
printf '\033]0;owned\007 \302\233 31m \342\200\256evil\n' > \
    "a/state/sessions/$id/in"
check_shows "controls and escapes from the peer made harmless" b.chat \
    "alice: ^[]0;owned^G <U+009B> 31m <U+202E>evil"
check_eq "no ESC, BEL or C1 byte reaches the terminal" "" \
    "$(tr -d '\n -~' < b.chat)"
head -c 10000 /dev/zero | tr '\0' 'x' > long
echo >> long
cat long > "a/state/sessions/$id/in"
want="alice: $(head -c 4096 long) [5904 more bytes in the transcript]"
check_shows "a long message cut at 4096 bytes, and said so" b.chat "$want"
check_eq "while the transcript holds it whole" 1 \
    "$(grep -c "\"text\":\"$(head -c 10000 long)\"" "b/state/sessions/$id/out")"

# a message of control characters: its transcript line, escaped, is six
# times its size; it is shown all the same, harmless and cut
head -c 10000 /dev/zero | tr '\0' '\001' > ctl
echo >> ctl
cat ctl > "a/state/sessions/$id/in"
want="alice: $(head -c 4096 /dev/zero | tr '\0' A | sed 's/A/^A/g') [5904 more bytes in the transcript]"
check_shows "a message of 10,000 control characters, shown cut" b.chat "$want"

# a second chat on bob's side shows the last messages first
$B hail-chat "$id" < /dev/null > b2.chat 2>&1 &
b2=$!
track "$b2"
shows b2.chat "you: hello alice"
check_eq "a chat started later shows what was said before" \
    "you: hello alice
alice: hi bob" "$(head -n 2 b2.chat | sed 's/^[0-2][0-9]:[0-5][0-9] //')"
# each message with its time of day as the transcript has it (TZ is UTC)
check_eq "each message shown at its time of day" \
    "$(sed -n 's/^[0-9-]*T\([0-9][0-9]:[0-9][0-9]\).*"text":"hello alice".*/\1/p' \
    "b/state/sessions/$id/out") you: hello alice" "$(head -n 1 b2.chat)"
stop_pid "$b2"

# alice's chat leaves on SIGTERM; the session goes on
stop_pid "$achat"
check_eq "alice's chat, stopped, says the session goes on" \
    "-- left; the session goes on" "$(tail -n 1 a.chat)"
echo 'still there?' >&8
wait_for 5 grep -q '"text":"still there?"' "a/state/sessions/$id/out"
check_status "and reaches alice's transcript" 0 $?

# the session ends: bob's chat says so and ends, 0
alice_ends "$bchat" "the session over: bob's chat ends" b.chat
check_status "with 0" 0 "$rc"
check_eq "saying goodbye and the end" "-- alice said goodbye
-- the session is over" "$(tail -n 2 b.chat)"
exec 7>&- 8>&-
check_eq "nothing on stderr at either side" "" \
    "$(cat a.chat.err b.chat.err)"
stop_pid "$dial"

# --- on a terminal: keys, typing states, ^D ends the session -----------
session tty
check_status "a second session, for the terminal" 0 $?
printf '%s\n' 'hi from a tty\r' 'x' 'sleep 6' '\x15' 'ab\x7f\x1b[Dc\r' \
    '\x04' | $B python3 "$HAIL_TOP/tests/tools/onpty.py" tty.log hail-chat "$id" > /dev/null 2>&1
check_status "the chat on a terminal ends with the session, 0" 0 $?
wait_for 5 grep -q '"text":"hi from a tty"' "a/state/sessions/$id/out"
check_status "a line typed and sent with Enter" 0 $?
check_eq "backspace and arrow keys edit the line" 1 \
    "$(grep -c '"text":"ac"' "a/state/sessions/$id/out")"
check_eq "the typing states sent as the keys came" \
    "composing composing paused active composing" \
    "$(sed -n 's/.* < {"type":"state","state":"\([a-z]*\)"}$/\1/p' \
    "a/state/sessions/$id/out" | tr '\n' ' ' | sed 's/ $//')"
check_match "^D: alice hears goodbye" '< \{"type":"bye"\}' \
    "$(cat "a/state/sessions/$id/out")"
check_match "the bottom line shows alice's presence" \
    'alice is busy \(do not disturb\): "in a meeting"' "$(cat tty.log)"
check_match "and the chat says the session ended" \
    'the session is over' "$(cat tty.log)"
stop_pid "$lsn"
stop_pid "$dial"

# --- hail-join on a terminal: the chat in front, ^D ends it all -------
jq -c '.status = "available" | del(.note)' a/run/presence > a/run/p2
mv a/run/p2 a/run/presence
listening join
$B invopen -q mail.join
printf '%s\n' 'sleep 2' 'typed while watching\r' 'sleep 2' \
    'joined and talking\r' 'sleep 1' '\x04' |
    $B python3 "$HAIL_TOP/tests/tools/onpty.py" join.log hail-join "$id" > /dev/null 2>&1
check_status "hail-join on a terminal: the chat, ended with ^D, 0" 0 $?
check_match "first the view before joining: alice's presence, live" \
    'Enter joins, \^C leaves.*alice is available' \
    "$(tr -d '\r\n' < join.log | sed 's/connected with.*//')"
check_match "through a watch, in alice's transcript" \
    '"what":"watching: a hello from the invitee, verified","peer":"bob@example.net"' \
    "$(cat "a/state/sessions/$id/out")"
check_eq "what was typed while watching is not sent: Enter joined" "" \
    "$(grep 'typed while watching' "a/state/sessions/$id/out")"
check_match "a line typed in hail-join's chat reaches alice" \
    '< \{"type":"msg","seq":1,"time":"[^"]+","text":"joined and talking"\}' \
    "$(cat "a/state/sessions/$id/out")"
check_match "and bob's goodbye" '< \{"type":"bye"\}' \
    "$(cat "a/state/sessions/$id/out")"
check_eq "no sessd left on bob's side" "" \
    "$(pgrep -f "^sessd -i $PWD/b/state/invitations/$id.json")"
stop_pid "$lsn"

# nothing listens: the chat does not wait for ever, socat's error is shown
printf '%s\n' 'sleep 1' '\r' | $B python3 "$HAIL_TOP/tests/tools/onpty.py" nojoin.log hail-join "$id" \
    > /dev/null 2>&1
rc=$?
if [ "$rc" -ne 0 ]; then
	pass "hail-join on a terminal, nothing listening: it fails ($rc)"
else
	fail "hail-join on a terminal, nothing listening: it fails"
fi
check_match "saying the connection ended first, and why" \
    'the connection ended first.*Connection refused' \
    "$(tr -d '\r\n' < nojoin.log)"

# --- hail-join -c, from a script: the view before joining, then the chat
touch f
presd -1 -t f -u alice@example.org > a/run/presence
listening c
$B invopen -q mail.c
mkfifo c.keys
exec 6<> c.keys
$B hail-join -c "$id" < c.keys > c.chat 2> c.err &
cjoin=$!
track "$cjoin"
check_shows "-c: the view before joining, and how to join" c.chat \
    "-- before joining: a line joins, the end of input leaves"
check_shows "-c: alice's presence, before joining" c.chat \
    "-- alice is available"
li=$(date -u -d '-6 min -10 sec' +%Y-%m-%dT%H:%M:%SZ)
jq -c --arg li "$li" '.status = "away" | .last_input = $li' a/run/presence \
    > a/run/p2
mv a/run/p2 a/run/presence
check_shows "-c: alice goes away, and bob's view says so" c.chat \
    "-- alice is away, idle 6 min"
check_eq "-c: a watch so far, no session" "" \
    "$(grep '"what":"connected' "a/state/sessions/$id/out")"
printf 'the line that joins\nhello from a script\n' >&6
check_shows "-c: the line after the one that joined is a message" c.chat \
    "you: hello from a script"
check_match "-c: it reaches alice" \
    '< \{"type":"msg","seq":1,"time":"[^"]+","text":"hello from a script"\}' \
    "$(cat "a/state/sessions/$id/out")"
check_eq "-c: the line that joined was not sent" "" \
    "$(grep 'the line that joins' "a/state/sessions/$id/out")"
alice_ends "$cjoin" "-c: the session over, hail-join ends" c.chat
check_status "-c: with 0" 0 "$rc"
exec 6>&-
check_eq "-c: nothing on stderr" "" "$(cat c.err)"

# -c, and the input ends before a line: bob leaves, nothing joined
listening c2
$B invopen -q mail.c2
$B hail-join -c "$id" < /dev/null > c2.chat 2> c2.err
check_status "-c, no line: left, 0" 0 $?
check_eq "-c, no line: no session started" "" \
    "$(grep -h '"what":"connected' "a/state/sessions/$id/out" \
    "b/state/sessions/$id/out" 2> /dev/null)"
stop_pid "$lsn"

# -c, and the invitation expires while bob looks: the line that would
# join comes too late, and nothing is dialled (nothing listens there: a
# dial would say so)
soon=$(date -u -d '+2 sec' +%Y-%m-%dT%H:%M:%SZ)
jq -c --arg ep "tcp://127.0.0.1:$(free_port)" --arg x "$soon" \
    '.session.endpoint = $ep | .expires = $x' \
    "b/state/invitations/$id.json" > soon.json
(sleep 4; echo 'the line that joins') |
    $B hail-join -c "$PWD/soon.json" > c3.chat 2> c3.err
check_status "-c, expired while bob looked: refused" 4 $?
check_eq "-c, expired while bob looked: said so, and nothing else" \
    "hail-join: $PWD/soon.json: expired at $soon" "$(cat c3.err)"

# --- invopen -j: the card, then the session; from a file and from a pipe
listening j
printf '%s\n' 'sleep 2' '\r' 'sleep 2' 'from invopen -j\r' 'sleep 1' '\x04' |
    $B python3 "$HAIL_TOP/tests/tools/onpty.py" j.log invopen -j mail.j > /dev/null 2>&1
check_status "invopen -j on a terminal: shown, joined, ended with ^D" 0 $?
check_match "the card first, naming how to join" \
    "join: hail-join $id" "$(tr -d '\r' < j.log)"
check_match "then the chat: the line typed reaches alice" \
    '< \{"type":"msg","seq":1,"time":"[^"]+","text":"from invopen -j"\}' \
    "$(cat "a/state/sessions/$id/out")"
# a mail reader pipes the mail: the chat reads the terminal
printf '%s\n' 'sleep 2' '\r' 'sleep 2' 'through a pipe\r' 'sleep 1' \
    '\x04' |
    $B python3 "$HAIL_TOP/tests/tools/onpty.py" jp.log sh -c 'invopen -j < mail.j' > /dev/null 2>&1
check_status "invopen -j with the mail on a pipe (resumed session), 0" 0 $?
check_match "the chat read the terminal: the line reaches alice" \
    '< \{"type":"msg","seq":2,"time":"[^"]+","text":"through a pipe"\}' \
    "$(cat "a/state/sessions/$id/out")"
stop_pid "$lsn"
$B invopen -j -q mail.j 2> err
check_status "invopen -j with -q: usage" 2 $?

# --- invopen -d on a terminal: raw C1 and bidi controls made harmless --
$A invmk -f 'Alice <alice@example.org>' -t bob@example.net \
    -e "tcp://127.0.0.1:7070" < a/run/presence > mail.d
$B invopen -d mail.d | jq -c '.x = "a\u0085b\u202ec"' > odd.json
python3 "$HAIL_TOP/tests/tools/mkmail.py" plain odd.json > mail.odd
$B invopen -d mail.odd > piped.json
check_eq "invopen -d down a pipe: the JSON as the mail held it" \
    "$(cat odd.json)" "$(cat piped.json)"
printf 'sleep 0.5\n' | $B python3 "$HAIL_TOP/tests/tools/onpty.py" d.log invopen -d mail.odd \
    > /dev/null 2>&1
check_match "invopen -d on a terminal: C1 and bidi controls shown as code points" \
    '"x":"a<U\+0085>b<U\+202E>c"' "$(cat d.log)"

# --- hail-join on a terminal, left with ^C: the session ends with a bye
listening c
$B invopen -q mail.c
printf '%s\n' 'sleep 2' '\r' 'sleep 2' 'bye now\r' 'sleep 1' '\x03' |
    $B python3 "$HAIL_TOP/tests/tools/onpty.py" c.log hail-join "$id" > /dev/null 2>&1
check_status "hail-join left with ^C: 0" 0 $?
wait_for 5 grep -q ' < {"type":"bye"}' "a/state/sessions/$id/out"
check_status "alice hears bob's goodbye, not a lost connection" 0 $?
check_eq "and does not record him offline" "" \
    "$(grep -c '"offline' "a/state/sessions/$id/out" | sed 's/^0$//')"
stop_pid "$lsn"

# --- the EXAMPLES of hail-chat(1) and hail-join(1), as written ---------
check_eq "hail-chat(1) EXAMPLES: the commands" \
    "hail-join -b 0123456789abcdef0123456789abcdef &
hail-chat 0123456789abcdef0123456789abcdef
hail-chat" "$(examples hail-chat.1)"
check_eq "hail-join(1) EXAMPLES: the commands" \
    "hail-join 0123456789abcdef0123456789abcdef
hail-join -x not-now -m 0123456789abcdef0123456789abcdef
hail-join -b 0123456789abcdef0123456789abcdef &
echo hello > ~/.local/state/hail/sessions/0123456789abcdef0123456789abcdef/in" \
    "$(examples hail-join.1)"
# run with a real invitation's id, bob's home holding his state
listening ex
H="env -u XDG_STATE_HOME -u XDG_CONFIG_HOME -u XDG_RUNTIME_DIR HOME=$PWD/bh HAIL_CARD=$HAIL_TOP/renderer/card.jq MAILCAPS=$PWD/none"
mkdir bh
$H invopen -q mail.ex
check_status "bob, by his home directory, stores the invitation" 0 $?
ex=$(examples hail-chat.1 | sed -n 1p | sed "s/0123456789abcdef0123456789abcdef/$id/; s/ &\$//")
spawn $H $ex 2> ex.join.err
exjoin=$bgpid
ex=$(examples hail-chat.1 | sed -n 2p | sed "s/0123456789abcdef0123456789abcdef/$id/")
echo 'from the example' | $H $ex > ex.chat 2>&1 &
exchat=$!
track "$exchat"
wait_for 5 grep -q '"text":"from the example"' "a/state/sessions/$id/out"
check_status "hail-chat(1)'s example: the line reaches alice" 0 $?
ex=$(examples hail-join.1 | sed -n 4p | sed "s/0123456789abcdef0123456789abcdef/$id/; s|~|$PWD/bh|")
sh -c "$ex"
wait_for 5 grep -q '"text":"hello"' "a/state/sessions/$id/out"
check_status "hail-join(1)'s example: hello reaches alice" 0 $?
stop_pid "$lsn"
kill -TERM "$(cat "a/state/sessions/$id/lock")" 2>/dev/null
wait_for 10 sh -c "! kill -0 $exchat 2>/dev/null"
check_eq "the example's chat showed both lines, then the end" "you: from the example
you: hello
-- alice said goodbye
-- the session is over" "$(grep -v '^-- \(alice is\|connected\|waiting\)' ex.chat |
    sed 's/^[0-2][0-9]:[0-5][0-9] //')"
wait_for 5 sh -c "! kill -0 $exjoin 2>/dev/null"
check_status "the example's hail-join -b ends with the session" 0 $?

# --- no presd running on bob's side: sessd starts its own --------------
listening p
$B invopen -q mail.p
# (presd finds bob's terminals in utmp: here one, /dev/null, as this
# machine may have no utmp at all)
mkutmp utmp.b "$(id -un):null"
C="env HAIL_CONFIG_DIR=$PWD/b/cfg HAIL_STATE_DIR=$PWD/b/state HAIL_RUNTIME_DIR=$PWD/b/none HAIL_UTMP=$PWD/utmp.b"
spawn $C socat EXEC:"sessd -i $PWD/b/state/invitations/$id.json" \
    TCP:127.0.0.1:"$port" 2>> b.err
dial=$bgpid
if wait_for 10 test -s "a/state/sessions/$id/peer"; then
	pass "no presd on bob's side: his presence reaches alice all the same"
else
	fail "no presd on bob's side: his presence reaches alice" "$(cat b.err)"
fi
check_jq "from a presd sessd started, for bob" '.user == "bob@example.net"' \
    "a/state/sessions/$id/peer"
check_jq "which keeps its line in bob's session directory" \
    '.user == "bob@example.net"' "b/state/sessions/$id/presence"
check_eq "one presd, sessd's child" 1 \
    "$(pgrep -f "^presd -o $PWD/b/state/sessions/$id/presence" | wc -l)"
pkill -TERM -f "^sessd -i $PWD/b/state/invitations/$id.json"
wait_for 5 sh -c "! pgrep -f '^presd -o $PWD/b/state/sessions/$id/presence'"
check_status "the session over: sessd's presd stopped with it" 0 $?
stop_pid "$lsn"
stop_pid "$dial"
