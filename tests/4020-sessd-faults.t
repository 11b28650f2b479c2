#!/bin/sh
# shellcheck disable=SC2154,SC2086,SC1091 # bgpid: set by tests/lib.sh; $A and $B split into env VAR=... on purpose; lib.sh: checked as an input of make lint
# sessd when the connection dies under it, two users on this machine over
# real socat and TCP: socat killed on the dialer's side and on the
# listener's (SIGKILL: the peer recorded offline, status 1; SIGTERM, which
# socat passes on to sessd: a goodbye on that side), a peer killed in the
# middle of a line in both directions, and sessd(1)'s EXAMPLES as written.
# Each side's exit status, peer file and transcript are checked. (A peer
# silent past the keepalive is in 4000-sessd.t.)
. "$HAIL_TOP/tests/lib.sh"

# only what each command is given: the examples use the default directories
unset HAIL_CONFIG_DIR HAIL_STATE_DIR HAIL_RUNTIME_DIR HAIL_CACHE_DIR \
    XDG_CONFIG_HOME XDG_STATE_HOME XDG_RUNTIME_DIR XDG_CACHE_HOME
mkdir -p a/run b/run
A="env HAIL_CONFIG_DIR=$PWD/a/cfg HAIL_STATE_DIR=$PWD/a/state HAIL_RUNTIME_DIR=$PWD/a/run"
B="env HAIL_CONFIG_DIR=$PWD/b/cfg HAIL_STATE_DIR=$PWD/b/state HAIL_RUNTIME_DIR=$PWD/b/run HAIL_CACHE_DIR=$PWD/b/cache MAILCAPS=$PWD/none"
touch f
presd -1 -t f -u alice@example.org > a/run/presence
presd -1 -t f -u bob@example.net > b/run/presence

# invite PORT: alice invites bob to 127.0.0.1:PORT and bob stores the
# invitation; sets $id, $inv (bob's stored file), $as and $bs (alice's and
# bob's session directories)
invite() {
	$A invmk -f 'Alice <alice@example.org>' -t bob@example.net \
	    -e "tcp://127.0.0.1:$1" < a/run/presence > mail."$1" &&
	$B invopen -q mail."$1" || return 1
	id=$(sed -n '/^$/q; s/^X-Hail-Invitation: //p' mail."$1")
	inv=$PWD/b/state/invitations/$id.json
	as=a/state/sessions/$id
	bs=b/state/sessions/$id
}

# (tests/tools/runsessd gives sessd's exit status, where socat sends no
# signal)
runsessd=$HAIL_TOP/tests/tools/runsessd

# where socat must pass a signal on to sessd itself, sessd's status comes
# through this: socat's child, orphaned when socat exits, comes back to it
cat > reaper.py <<'EOF'
"""reaper.py LOG COMMAND...: runs COMMAND as a child subreaper, so that
what COMMAND leaves behind when it dies comes back to it; appends "NAME
STATUS" to LOG for each process it reaps (a negative STATUS: killed by
that signal), and exits when none is left. COMMAND starts with SIGCHLD
blocked, and socat leaves it so: socat then never reaps its child itself,
which would lose the status of a child ending before socat does."""
import ctypes
import os
import signal
import sys

PR_SET_CHILD_SUBREAPER = 36
if ctypes.CDLL(None, use_errno=True).prctl(PR_SET_CHILD_SUBREAPER, 1, 0,
                                            0, 0):
    sys.exit('reaper.py: prctl: ' + os.strerror(ctypes.get_errno()))
if os.fork() == 0:
    signal.pthread_sigmask(signal.SIG_BLOCK, {signal.SIGCHLD})
    os.execvp(sys.argv[2], sys.argv[2:])
while True:
    try:
        # its name first, while it is a zombie
        pid = os.waitid(os.P_ALL, 0, os.WEXITED | os.WNOWAIT).si_pid
    except ChildProcessError:
        break
    with open('/proc/%d/comm' % pid) as f:
        name = f.read().strip()
    status = os.waitstatus_to_exitcode(os.waitpid(pid, 0)[1])
    with open(sys.argv[1], 'a') as log:
        log.write('%s %d\n' % (name, status))
EOF

# listening PORT: something listens on PORT, as the kernel says. Not by
# connecting, as wait_port does: under socat each connection starts a sessd
# of its own, whose status would be mixed with the session's
listening() {
	ss -Hltn "sport = :$1" | grep -q .
}
# kid PID: the newest child of process PID
kid() {
	pgrep -n -P "$1"
}
# childless PID: process PID has no child left, not even a zombie
childless() {
	! pgrep -P "$1" > /dev/null
}
# gone PID: process PID has ended
gone() {
	! kill -0 "$1" 2> /dev/null
}
# exits FILE N: the first N exit statuses in FILE (runsessd's), on one line,
# once FILE has them (waiting up to 10 s)
exits() {
	wait_for 10 count_lines "$1" "$2"
	head -n "$2" "$1" 2> /dev/null | tr '\n' ' ' | sed 's/ $//'
}
# received DIR N: DIR's transcript records N messages received
received() {
	[ "$(grep -c ' < {"type":"msg",' "$1/out")" -eq "$2" ]
}
# count DIR ERE N: N lines or more of DIR's transcript match ERE
count() {
	[ "$(grep -Ec -- "$2" "$1/out")" -ge "$3" ]
}
# texts DIR WAY: the texts of the messages in DIR's transcript that went
# WAY (> sent, < received), one a line
texts() {
	sed -n "s/^[^ ]* $2 {\"type\":\"msg\",.*\"text\":\"\(.*\)\"}\$/\1/p" \
	    "$1/out"
}
# ends DIR: the events of DIR's transcript that end a session, one a line
ends() {
	sed -En 's/^[^ ]* ! \{"type":"event","what":"((offline|ended|closed)[^"]*)"\}$/\1/p' \
	    "$1/out"
}
# put FIFO LINE...: writes the lines to FIFO, giving up after 5 s if no one
# reads it (a sessd gone)
put() {
	# shellcheck disable=SC2016 # the inner shell's $1 and $@
	timeout 5 sh -c 'f=$1; shift; printf "%s\n" "$@" > "$f"' sh "$@"
}
# quiet N: alice and bob ($as, $bs) in their N-th connection, quiet,
# nothing in flight, so that each reads a killed socat as the end of its
# stream and not as a write that fails: each has the N-th presence of the
# other (sent once a connection) and the N-th typing state the other sends
# now, after whatever it owed (sessd sends in order)
quiet() {
	put "$as/typing" paused
	put "$bs/typing" paused
	for _q in "$as" "$bs"; do
		wait_for 5 count "$_q" ' < \{"type":"state","state":"paused"\}' \
		    "$1" &&
		    wait_for 5 count "$_q" ' < \{"type":"presence",' "$1" ||
		    return 1
	done
}
# has_read PID N: process PID has read N bytes or more, of anything
# (rchar counts every read(2), of sockets and files alike)
has_read() {
	[ "$(sed -n 's/^rchar: //p' "/proc/$1/io")" -ge "$2" ]
}

# --- socat killed with SIGKILL: the dialer's -----------------------------
# A socat killed with SIGKILL passes nothing on: its EXEC child, bob's
# sessd, reads the end of its socketpair; the kernel closes the TCP
# connection (a FIN), so alice's socat sees the stream end, shuts down its
# socketpair, and alice's sessd reads the end of it too. Both sides are
# left without a goodbye: the peer offline, status 1.
port=$(free_port)
invite "$port"
spawn $A socat TCP-LISTEN:"$port",bind=127.0.0.1,reuseaddr,fork \
    EXEC:"sh $runsessd $PWD/a1.st -l -u alice@example.org" 2> a1.err
lsn=$bgpid
wait_for 5 listening "$port"
spawn $B socat EXEC:"sh $runsessd $PWD/b1.st -i $inv" \
    TCP:127.0.0.1:"$port" 2> b1.err
dial=$bgpid
if wait_for 5 test -p "$as/in" && wait_for 5 test -p "$bs/in"; then
	pass "dialer's socat killed: the session is up"
else
	fail "dialer's socat killed: the session is up" "$(cat a1.err b1.err)"
fi
put "$as/in" one two
put "$bs/in" uno
put "$as/in" three
put "$bs/in" dos tres
wait_for 5 received "$as" 3
wait_for 5 received "$bs" 3
quiet 1
stop_pid "$dial" KILL
check_eq "dialer's socat killed: alice's sessd ends with 1" 1 \
    "$(exits a1.st 1)"
check_jq "dialer's socat killed: alice has bob offline in peer" \
    '.user == "bob@example.net" and .status == "offline"' "$as/peer"
check_eq "dialer's socat killed: alice's transcript says so, once" \
    "offline: the peer closed the connection" "$(ends "$as")"
check_eq "dialer's socat killed: alice's lines sent, each once, in order" \
    "one
two
three" "$(texts "$as" '>')"
check_eq "dialer's socat killed: bob's lines received, each once, in order" \
    "uno
dos
tres" "$(texts "$as" '<')"
check_eq "dialer's socat killed: bob's sessd, left alone, ends with 1" 1 \
    "$(exits b1.st 1)"
check_jq "dialer's socat killed: bob has alice offline in peer" \
    '.user == "alice@example.org" and .status == "offline"' "$bs/peer"
check_eq "dialer's socat killed: bob's transcript says so, once" \
    "offline: the peer closed the connection" "$(ends "$bs")"
check_eq "dialer's socat killed: bob's lines sent, each once, in order" \
    "uno
dos
tres" "$(texts "$bs" '>')"
check_eq "dialer's socat killed: alice's lines received, each once, in order" \
    "one
two
three" "$(texts "$bs" '<')"
if wait_for 5 childless "$lsn"; then
	pass "dialer's socat killed: nothing is left of the connection"
else
	fail "dialer's socat killed: nothing is left of the connection" \
	    "$(ps -o pid,stat,args --ppid "$lsn")"
fi
stop_pid "$lsn"

# --- the listening socat stopped, then the connection's socat killed ------
# With fork, socat serves each connection in a child process of its own;
# the listening process, stopped (SIGTERM here; SIGKILL alike), takes none
# of them with it and signals none: the session goes on, only new
# connections are refused. Then the connection's socat killed with SIGKILL
# is the first case the other way round.
port=$(free_port)
invite "$port"
spawn $A socat TCP-LISTEN:"$port",bind=127.0.0.1,reuseaddr,fork \
    EXEC:"sh $runsessd $PWD/a2.st -l -u alice@example.org" 2> a2.err
lsn=$bgpid
wait_for 5 listening "$port"
spawn $B socat EXEC:"sh $runsessd $PWD/b2.st -i $inv" \
    TCP:127.0.0.1:"$port" 2> b2.err
dial=$bgpid
wait_for 5 test -p "$as/in"
wait_for 5 test -p "$bs/in"
conn=$(kid "$lsn")
track "$conn"
put "$as/in" before
wait_for 5 received "$bs" 1
stop_pid "$lsn"
netutil wait 127.0.0.1 "$port" 300
check_status "listening socat stopped: a new connection is refused" 1 $?
put "$as/in" after
put "$bs/in" back
wait_for 5 received "$bs" 2
wait_for 5 received "$as" 1
quiet 1
check_eq "listening socat stopped: the session goes on, alice to bob" \
    "before
after" "$(texts "$bs" '<')"
check_eq "listening socat stopped: the session goes on, bob to alice" \
    "back" "$(texts "$as" '<')"
check_eq "listening socat stopped: neither sessd has ended" "" \
    "$(cat a2.st b2.st 2> /dev/null)"
stop_pid "$conn" KILL
check_eq "connection's socat killed: bob's sessd ends with 1" 1 \
    "$(exits b2.st 1)"
check_jq "connection's socat killed: bob has alice offline in peer" \
    '.user == "alice@example.org" and .status == "offline"' "$bs/peer"
check_eq "connection's socat killed: bob's transcript says so, once" \
    "offline: the peer closed the connection" "$(ends "$bs")"
check_eq "connection's socat killed: bob's lines received, once, in order" \
    "before
after" "$(texts "$bs" '<')"
check_eq "connection's socat killed: bob's line sent, once" "back" \
    "$(texts "$bs" '>')"
check_eq "connection's socat killed: alice's sessd, left alone, ends with 1" \
    1 "$(exits a2.st 1)"
check_jq "connection's socat killed: alice has bob offline in peer" \
    '.user == "bob@example.net" and .status == "offline"' "$as/peer"
check_eq "connection's socat killed: alice's transcript says so, once" \
    "offline: the peer closed the connection" "$(ends "$as")"
if wait_for 5 gone "$dial"; then
	pass "connection's socat killed: bob's socat ends too"
else
	fail "connection's socat killed: bob's socat ends too"
fi
stop_pid "$dial"

# --- socat stopped with SIGTERM: the dialer's ----------------------------
# A socat sent SIGTERM passes it on to its EXEC child (kill(2), as strace
# shows), then at once shuts down both its sockets, relaying nothing more,
# and exits with 143; a listener's connection process does the same. Bob's
# sessd gets the SIGTERM, which by sessd(1) ends the session here, with a
# goodbye and status 0; the goodbye cannot reach alice, whose socat sees
# the connection end: her sessd has bob offline and ends with 1. Bob's
# sessd is socat's own child here, for the signal to reach it, and its
# status comes back through reaper.py.
#
# Bob's sessd also finds its socketpair shut down a moment after the
# kill; poll(2) may return with both. sessd puts the signal first (it
# once acted on the end of file: "offline", status 1, about five times in
# six), so this is done four times, the session resumed each time.
port=$(free_port)
invite "$port"
spawn $A socat TCP-LISTEN:"$port",bind=127.0.0.1,reuseaddr,fork \
    EXEC:"sh $runsessd $PWD/a4.st -l -u alice@example.org" 2> a4.err
lsn=$bgpid
wait_for 5 listening "$port"
for i in 1 2 3 4; do
	spawn $B python3 "$PWD/reaper.py" "$PWD/b4.log" \
	    socat EXEC:"sessd -i $inv" TCP:127.0.0.1:"$port" 2>> b4.err
	rp=$bgpid
	# up on both sides: alice has the hello, bob the welcome
	wait_for 5 count "$as" '"what":"connected: a hello' "$i"
	wait_for 5 count "$bs" ' < \{"type":"welcome"' "$i"
	quiet "$i"
	sock=$(kid "$rp")
	track "$sock"
	track "$(kid "$sock")"
	kill -TERM "$sock"
	wait_for 10 sh -c "[ \$(grep -c '^sessd ' b4.log) -ge $i ]"
	wait_for 10 count_lines a4.st "$i"
	stop_pid "$rp"
done
check_eq "dialer's socat stopped: socat ends with 143, each time" \
    "143 143 143 143" "$(sed -n 's/^socat //p' b4.log | tr '\n' ' ' |
    sed 's/ $//')"
check_eq "dialer's socat stopped: alice's sessd ends with 1, each time" \
    "1 1 1 1" "$(exits a4.st 4)"
check_eq "dialer's socat stopped: alice's transcript has bob offline, each time" \
    "offline: the peer closed the connection
offline: the peer closed the connection
offline: the peer closed the connection
offline: the peer closed the connection" "$(ends "$as")"
check_jq "dialer's socat stopped: alice has bob offline in peer" \
    '.user == "bob@example.net" and .status == "offline"' "$as/peer"
check_eq "dialer's socat stopped: no goodbye reaches alice" "" \
    "$(grep ' < {"type":"bye"}' "$as/out")"
check_eq "dialer's socat stopped: bob's sessd, sent SIGTERM, ends with 0, each time" \
    "0 0 0 0" "$(sed -n 's/^sessd //p' b4.log | tr '\n' ' ' | sed 's/ $//')"
check_eq "dialer's socat stopped: bob's transcript says it ended here, each time" \
    "ended here
ended here
ended here
ended here" "$(ends "$bs")"
stop_pid "$lsn"

# --- a peer killed in the middle of a line: a dialer by hand -------------
# rawpeer.py says hello with bob's token, waits for the welcome, then sends
# a message and half of another, without its newline, and is killed there.
# The half line is long (60,000 bytes) so that alice's sessd can be seen
# to have read it (its other reads, the secret and presence files, are far
# shorter) before the peer goes.
half=$(head -c 60000 /dev/zero | tr '\0' x)
port=$(free_port)
invite "$port"
spawn $A socat TCP-LISTEN:"$port",bind=127.0.0.1,reuseaddr,fork \
    EXEC:"sh $runsessd $PWD/a5.st -l -u alice@example.org" 2> a5.err
lsn=$bgpid
wait_for 5 listening "$port"
{
	printf '{"type":"hello","v":1,"id":"%s","user":"bob@example.net","expires":"%s","token":"%s"}\n' \
	    "$id" "$(jq -r .expires "$inv")" "$(jq -r .token "$inv")"
	echo --wait--
	printf '{"type":"msg","seq":1,"time":"2026-11-25T00:00:00Z","text":"before the cut"}\n'
	printf '{"type":"msg","seq":2,"time":"2026-11-25T00:00:00Z","text":"%s' \
	    "$half"
} > cut.in
spawn python3 "$HAIL_TOP/tests/tools/rawpeer.py" "$port" cut.in 30 > cut.got
peer=$bgpid
wait_for 5 received "$as" 1
# the listening socat, the connection's, runsessd, sessd
sd=$(kid "$(kid "$(kid "$lsn")")")
if wait_for 5 has_read "$sd" $(($(wc -c < cut.in) - 9)); then
	pass "dialer killed mid-line: alice's sessd has read the half line"
else
	fail "dialer killed mid-line: alice's sessd has read the half line" \
	    "$(cat "/proc/$sd/io" 2>&1)"
fi
stop_pid "$peer" KILL
check_eq "dialer killed mid-line: alice's sessd ends with 1" 1 \
    "$(exits a5.st 1)"
check_jq "dialer killed mid-line: alice has bob offline in peer" \
    '.user == "bob@example.net" and .status == "offline"' "$as/peer"
check_eq "dialer killed mid-line: alice's transcript says so, once" \
    "offline: the peer closed the connection" "$(ends "$as")"
check_eq "dialer killed mid-line: the whole message before, once" \
    "before the cut" "$(texts "$as" '<')"
check_eq "dialer killed mid-line: nothing of the half line in the transcript" \
    0 "$(grep -c xxxxxxxxxx "$as/out")"
stop_pid "$lsn"

# --- a peer killed in the middle of a line: a listener by hand -----------
# socat's EXEC child takes bob's hello, answers with a welcome, a message
# and half of another, then becomes a sleep that is killed: socat sees its
# end, shuts the connection, and bob's sessd reads the end of it.
port=$(free_port)
invite "$port"
{
	printf '{"type":"welcome","v":1,"ack":0,"user":"alice@example.org"}\n'
	printf '{"type":"msg","seq":1,"time":"2026-11-25T00:00:00Z","text":"before the cut"}\n'
	printf '{"type":"msg","seq":2,"time":"2026-11-25T00:00:00Z","text":"%s' \
	    "$half"
} > cutl.out
cat > rawlisten <<EOF
# rawlisten: a listener by hand: takes the hello, sends cutl.out, then
# waits to be killed
head -n 1 > "$PWD/cutl.hello"
cat "$PWD/cutl.out"
exec sleep 30
EOF
spawn socat TCP-LISTEN:"$port",bind=127.0.0.1,reuseaddr \
    EXEC:"sh $PWD/rawlisten" 2> rl.err
rl=$bgpid
wait_for 5 listening "$port"
spawn $B socat EXEC:"sh $runsessd $PWD/b6.st -i $inv" \
    TCP:127.0.0.1:"$port" 2> b6.err
dial=$bgpid
wait_for 5 received "$bs" 1
check_match "listener killed mid-line: it had bob's hello" \
    "^\\{\"type\":\"hello\",\"v\":1,\"id\":\"$id\"," "$(cat cutl.hello)"
sd=$(kid "$(kid "$dial")")
if wait_for 5 has_read "$sd" "$(wc -c < cutl.out)"; then
	pass "listener killed mid-line: bob's sessd has read the half line"
else
	fail "listener killed mid-line: bob's sessd has read the half line" \
	    "$(cat "/proc/$sd/io" 2>&1)"
fi
raw=$(kid "$rl")
wait_for 5 sh -c "[ \"\$(cat /proc/$raw/comm)\" = sleep ]"
stop_pid "$raw" KILL
check_eq "listener killed mid-line: bob's sessd ends with 1" 1 \
    "$(exits b6.st 1)"
check_jq "listener killed mid-line: bob has alice offline in peer" \
    '.user == "alice@example.org" and .status == "offline"' "$bs/peer"
check_eq "listener killed mid-line: bob's transcript says so, once" \
    "offline: the peer closed the connection" "$(ends "$bs")"
check_eq "listener killed mid-line: the whole message before, once" \
    "before the cut" "$(texts "$bs" '<')"
check_eq "listener killed mid-line: nothing of the half line in the transcript" \
    0 "$(grep -c xxxxxxxxxx "$bs/out")"
stop_pid "$dial"
stop_pid "$rl"

# --- sessd(1)'s EXAMPLES, as written ------------------------------------
# alice and bob each with a home of their own and nothing else set, so
# that the default directories (~/.config/hail, ~/.local/state/hail) are
# used; a free port for 7070, 127.0.0.1 for alice.example.org, $inv and
# $id set as the page means them. The join example's "&" is spawn's, so
# that its socat can be stopped by its pid.
listen=$(example sessd.1 '^socat TCP-LISTEN:')
join=$(example sessd.1 '^socat TCP:')
say=$(example sessd.1 '^echo ')
check_eq "sessd.1: the examples" \
    "socat TCP-LISTEN:7070,fork,reuseaddr EXEC:'sessd -l'
socat TCP:alice.example.org:7070 EXEC:\"sessd -i \$inv\" &
echo hello > ~/.local/state/hail/sessions/\$id/in" "$listen
$join
$say"
mkdir ha hb
HOME=$PWD/ha invmk -f 'Alice <alice@example.org>' -t bob@example.net \
    -e tcp://alice.example.org:7070 < a/run/presence > ex.mail
HOME=$PWD/hb MAILCAPS=$PWD/none invopen -q ex.mail
id=$(sed -n '/^$/q; s/^X-Hail-Invitation: //p' ex.mail)
inv=$PWD/hb/.local/state/hail/invitations/$id.json
as=ha/.local/state/hail/sessions/$id
bs=hb/.local/state/hail/sessions/$id
port=$(free_port)
spawn env HOME="$PWD/ha" \
    sh -c "exec $(echo "$listen" | sed "s/:7070,/:$port,/")" 2> ex-a.err
lsn=$bgpid
wait_for 5 listening "$port"
spawn env HOME="$PWD/hb" MAILCAPS="$PWD/none" inv="$inv" \
    sh -c "exec $(echo "$join" |
    sed "s/alice\\.example\\.org:7070/127.0.0.1:$port/; s/ &\$//")" 2> ex-b.err
dial=$bgpid
if wait_for 5 test -p "$bs/in" && wait_for 5 test -p "$as/in"; then
	pass "sessd.1: the session is up"
else
	fail "sessd.1: the session is up" "$(cat ex-a.err ex-b.err)"
fi
HOME=$PWD/hb id=$id timeout 5 sh -c "$say"
check_status "sessd.1: $say" 0 $?
wait_for 5 received "$as" 1
check_eq "sessd.1: bob's hello reaches alice's transcript" "hello" \
    "$(texts "$as" '<')"
# bob's sessd stopped: a goodbye, and everything ends
kill -TERM "$(kid "$dial")"
if wait_for 5 gone "$dial" && wait_for 5 childless "$lsn"; then
	pass "sessd.1: bob's sessd stopped: both sides end"
else
	fail "sessd.1: bob's sessd stopped: both sides end" \
	    "$(ps -o pid,stat,args --ppid "$lsn")"
fi
check_eq "sessd.1: bob's transcript: ended here" "ended here" "$(ends "$bs")"
check_eq "sessd.1: alice's transcript: ended by the peer" "ended by the peer" \
    "$(ends "$as")"
stop_pid "$dial"
stop_pid "$lsn"
