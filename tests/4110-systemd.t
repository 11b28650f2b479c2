#!/bin/sh
# shellcheck disable=SC2154,SC2086 # bgpid: set by tests/lib.sh; $A, $B and $exec_start split into words on purpose
# the systemd user units for the listener: systemd-analyze verify loads
# them as a user's manager would, and a real session runs through socket
# activation as hail-listen.socket and hail-listen@.service set it up
# (Accept=yes: one sessd -l per connection, the connection on its standard
# input and output), emulated by systemd-socket-activate --accept --inetd
# since no systemd runs here as init; messages both ways, two connections
. "$HAIL_TOP/tests/lib.sh"

units="hail-listen.socket hail-listen@.service hail-listen.service presd.service"

# --- systemd-analyze verify ------------------------------------------------
# verify needs no running systemd, but --user needs a runtime directory,
# and an ExecStart= with a bare name is looked up only in systemd's fixed
# search path (/usr/local/bin, /usr/bin, ...), never along $PATH; and
# --root cannot be combined with --user. So: (1) as a user's manager, on
# copies whose commands name the programs under test by their absolute
# path; (2) the files as shipped, in a system-scope alternate root whose
# /usr/bin holds the programs, so the bare names resolve as once installed.
# What verify cannot tell: which settings a user's manager can apply
# (PrivateTmp= passes here, and fails to start in a user unit on a system
# without unprivileged user namespaces).
mkdir -p user home/.config rt root/usr/bin root/etc/systemd/system
chmod 700 rt
for u in $units; do
	sed -e "s#^ExecStart=sessd #ExecStart=$HAIL_TOP/sessd #" \
	    -e "s#^ExecStart=presd #ExecStart=$HAIL_TOP/presd #" \
	    -e "s#^ExecStart=hail-listen #ExecStart=$HAIL_TOP/scripts/hail-listen #" \
	    "$HAIL_TOP/scripts/$u" > "user/$u"
	cp "$HAIL_TOP/scripts/$u" root/etc/systemd/system/
done
check_eq "the units' commands, made absolute for verify --user" \
    "ExecStart=$HAIL_TOP/sessd -l
ExecStart=$HAIL_TOP/scripts/hail-listen 7070
ExecStart=$HAIL_TOP/presd -o %t/hail/presence" \
    "$(cd user && grep -h '^ExecStart=' $units)"

# verify_user DIR UNIT...: systemd-analyze verify as a user's manager, with
# a home and runtime directory of the test's own (nothing of the real
# user's units is read); its output to verify.out, its status returned
verify_user() {
	(cd "$1" && shift && unset SYSTEMD_UNIT_PATH XDG_CONFIG_DIRS \
	    XDG_DATA_DIRS && HOME=$HAIL_TESTDIR/home \
	    XDG_CONFIG_HOME=$HAIL_TESTDIR/home/.config \
	    XDG_DATA_HOME=$HAIL_TESTDIR/home/.local/share \
	    XDG_RUNTIME_DIR=$HAIL_TESTDIR/rt \
	    systemd-analyze --user --man=no --recursive-errors=no verify \
	    "$@") > verify.out 2>&1
}
verify_user user $units
check_status "systemd-analyze --user verify: the units" 0 $?
check_eq "systemd-analyze --user verify: no warnings" "" "$(cat verify.out)"

cp "$HAIL_TOP/sessd" "$HAIL_TOP/presd" "$HAIL_TOP/scripts/hail-listen" \
    root/usr/bin/
systemd-analyze --man=no --recursive-errors=no --root="$PWD/root" verify \
    $units > verify.out 2>&1
check_status "systemd-analyze verify: the units as shipped, installed" 0 $?
check_eq "systemd-analyze verify: the units as shipped: no warnings" "" \
    "$(cat verify.out)"

# verify finds faults here: the template missing, a misspelt setting
mkdir bad
cp user/hail-listen.socket bad/
verify_user bad hail-listen.socket
check_match "verify --user sees a socket without its service" \
    "hail-listen.socket: service hail-listen@.*\\.service not loaded" \
    "$(cat verify.out)"
sed 's/^StandardInput=socket/StandardInput=sockt/' \
    'user/hail-listen@.service' > 'bad/hail-listen@.service'
verify_user bad 'hail-listen@.service'
check_match "verify --user sees a misspelt setting" \
    "hail-listen@.service:[0-9]+: Failed to parse input specifier" \
    "$(cat verify.out)"

# --- hail-listen(1)'s examples of the units ---------------------------------
cmd=$(example hail-listen.1 'enable --now hail-listen\.service$') &&
    check_eq "hail-listen.1: the service enabled by name" \
    "systemctl --user enable --now hail-listen.service" "$cmd"
cmd=$(example hail-listen.1 'enable --now hail-listen\.socket$') &&
    check_eq "hail-listen.1: the socket enabled by name" \
    "systemctl --user enable --now hail-listen.socket" "$cmd"
copied=$(examples hail-listen.1 | sed -n 's|^cp \(.*\) ~/\.config/systemd/user/$|\1|p' |
    tr ' ' '\n' | sed 's|.*/||' | LC_ALL=C sort)
check_eq "hail-listen.1: the unit files it copies" "hail-listen.service
hail-listen.socket
hail-listen@.service" "$copied"
# the drop-in it writes with systemctl --user edit: the lines after that
# command, up to the next prompt
mandoc -Tascii -O width=300 "$HAIL_TOP/man/hail-listen.1" | col -b | awk '
/\$ systemctl --user edit hail-listen\.socket$/ { on = 1; next }
on && /^[ \t]*\$ / { on = 0 }
on { sub(/^[ \t]+/, ""); print }' > edit.conf
check_eq "hail-listen.1: the drop-in for another address and port" \
    "[Socket]
ListenStream=
ListenStream=192.0.2.10:7071" "$(cat edit.conf)"
mkdir -p edited/hail-listen.socket.d
cp user/hail-listen.socket 'user/hail-listen@.service' edited/
cp edit.conf edited/hail-listen.socket.d/override.conf
verify_user edited hail-listen.socket
check_status "hail-listen.1: the socket with that drop-in verifies" 0 $?
check_eq "hail-listen.1: the socket with that drop-in: no warnings" "" \
    "$(cat verify.out)"

# --- what the emulation below stands for -----------------------------------
check_eq "hail-listen.socket: port 7070, one service per connection" \
    "ListenStream=7070
Accept=yes" \
    "$(grep -E '^(ListenStream|Accept)=' "$HAIL_TOP/scripts/hail-listen.socket")"
check_eq "hail-listen@.service: the connection on stdin and stdout" \
    "StandardInput=socket
StandardOutput=socket
StandardError=journal" \
    "$(grep -E '^Standard[A-Za-z]+=' "$HAIL_TOP/scripts/hail-listen@.service")"
exec_start=$(sed -n 's/^ExecStart=//p' "$HAIL_TOP/scripts/hail-listen@.service")
check_eq "hail-listen@.service: its command" "sessd -l" "$exec_start"

# --- a session through socket activation ----------------------------------
mkdir -p a/run b/run
A="env HAIL_CONFIG_DIR=$PWD/a/cfg HAIL_STATE_DIR=$PWD/a/state HAIL_RUNTIME_DIR=$PWD/a/run"
B="env HAIL_CONFIG_DIR=$PWD/b/cfg HAIL_STATE_DIR=$PWD/b/state HAIL_RUNTIME_DIR=$PWD/b/run HAIL_CACHE_DIR=$PWD/b/cache MAILCAPS=$PWD/none"
touch f
presd -1 -t f -u alice@example.org > a/run/presence
presd -1 -t f -u bob@example.net > b/run/presence

# invite PORT: alice invites bob to tcp://127.0.0.1:PORT; bob stores the
# invitation; sets $id and $inv (bob's stored file)
invite() {
	$A invmk -f 'Alice <alice@example.org>' -t bob@example.net \
	    -e "tcp://127.0.0.1:$1" < a/run/presence > mail || return 1
	$B invopen -q mail || return 1
	id=$(sed -n '/^$/q; s/^X-Hail-Invitation: //p' mail)
	inv=$PWD/b/state/invitations/$id.json
}
# received SIDE ID: the texts SIDE received in session ID, one a line
received() {
	sed -n 's/^[^ ]* < {"type":"msg",.*"text":"\(.*\)"}$/\1/p' \
	    "$1/state/sessions/$2/out"
}
# children PID: the sessd processes PID started, by pid, one a line
children() {
	pgrep -P "$1" -x sessd | sort -n
}
# nchildren PID N: PID has exactly N sessd children
nchildren() {
	[ "$(children "$1" | wc -l)" -eq "$2" ]
}
# say SIDE ID LINE...: SIDE sends the lines in session ID through its in
# FIFO, giving up after 5 s when no sessd reads it
say() {
	_fifo=$1/state/sessions/$2/in
	shift 2
	# shellcheck disable=SC2016 # expanded by that sh, not this one
	timeout 5 sh -c 'f=$1; shift; printf "%s\n" "$@" > "$f"' sh \
	    "$_fifo" "$@"
}

# systemd-socket-activate passes on only PATH, HOME, USER, TERM and what
# -E names (as a user's manager passes its own environment): alice's
# directories, and the harness's sanitizer settings for a sanitizer build
port=$(free_port)
spawn systemd-socket-activate --accept --inetd -l "127.0.0.1:$port" \
    -E "HAIL_CONFIG_DIR=$PWD/a/cfg" -E "HAIL_STATE_DIR=$PWD/a/state" \
    -E "HAIL_RUNTIME_DIR=$PWD/a/run" -E "ASAN_OPTIONS=$ASAN_OPTIONS" \
    -E "UBSAN_OPTIONS=$UBSAN_OPTIONS" $exec_start 2> activate.err
sa=$bgpid
# (no wait_port: a probe would be a connection, and start a sessd)
if wait_for 5 grep -q "^Listening on 127.0.0.1:$port as 3\\.\$" activate.err
then
	pass "systemd-socket-activate listens"
else
	fail "systemd-socket-activate listens" "$(cat activate.err)"
fi
check_eq "no sessd before a connection" "" "$(children "$sa")"

invite "$port"
check_status "the first invitation" 0 $?
id1=$id
spawn $B socat EXEC:"sessd -i $inv" TCP:127.0.0.1:"$port" 2> b1.err
dial1=$bgpid
if wait_for 5 test -p "a/state/sessions/$id1/in" &&
    wait_for 5 test -p "b/state/sessions/$id1/in"; then
	pass "first connection: both session directories"
else
	fail "first connection: both session directories" \
	    "$(cat activate.err b1.err)"
fi
lsn1=$(children "$sa")
dsess1=$(pgrep -P "$dial1" -x sessd)
for p in $lsn1 $dsess1; do
	track "$p"
done
check_match "first connection: one sessd, started by the socket" \
    '^[0-9]+$' "$lsn1"
fd0=$(readlink "/proc/$lsn1/fd/0")
fd1=$(readlink "/proc/$lsn1/fd/1")
check_match "first connection: its standard input is a socket" \
    '^socket:\[[0-9]+\]$' "$fd0"
check_eq "first connection: its standard output is that socket" \
    "$fd0" "${fd1:-none}"
check_match "first connection: the hello verified, from bob" \
    '^[^ ]+ ! \{"type":"event","what":"connected: a hello from the invitee, verified","peer":"bob@example.net"\}$' \
    "$(head -n 1 "a/state/sessions/$id1/out")"

say a "$id1" one two
say b "$id1" uno
wait_for 5 sh -c "test \$(grep -c ' < {\"type\":\"msg\"' \
    b/state/sessions/$id1/out) -eq 2"
wait_for 5 grep -q ' < {"type":"msg".*"text":"uno"' \
    "a/state/sessions/$id1/out"
check_eq "first connection: bob received alice's lines, in order" "one
two" "$(received b "$id1")"
check_eq "first connection: alice received bob's line" "uno" \
    "$(received a "$id1")"
check_eq "first connection: alice's transcript, what she sent" "one
two" "$(sed -n 's/^[^ ]* > {"type":"msg",.*"text":"\(.*\)"}$/\1/p' \
    "a/state/sessions/$id1/out")"

# a second connection while the first is on: a sessd of its own
invite "$port"
check_status "the second invitation" 0 $?
id2=$id
spawn $B socat EXEC:"sessd -i $inv" TCP:127.0.0.1:"$port" 2> b2.err
dial2=$bgpid
if wait_for 5 test -p "a/state/sessions/$id2/in" &&
    wait_for 5 test -p "b/state/sessions/$id2/in"; then
	pass "second connection: both session directories"
else
	fail "second connection: both session directories" \
	    "$(cat activate.err b2.err)"
fi
wait_for 5 nchildren "$sa" 2
lsn2=$(children "$sa" | grep -vx "$lsn1")
dsess2=$(pgrep -P "$dial2" -x sessd)
for p in $lsn2 $dsess2; do
	track "$p"
done
check_eq "second connection: two sessd at once, one per connection" \
    "$(printf '%s\n' "$lsn1" "$lsn2" | sort -n)" "$(children "$sa")"
say a "$id2" three
say b "$id2" dos
wait_for 5 grep -q ' < {"type":"msg".*"text":"three"' \
    "b/state/sessions/$id2/out"
wait_for 5 grep -q ' < {"type":"msg".*"text":"dos"' \
    "a/state/sessions/$id2/out"
check_eq "second connection: bob received alice's line" "three" \
    "$(received b "$id2")"
check_eq "second connection: alice received bob's line" "dos" \
    "$(received a "$id2")"
check_eq "the first session has none of the second's lines" "uno" \
    "$(received a "$id1")"

# bob says goodbye on the first: its sessd ends with 0, the other goes on
stop_pid "$dsess1"
if wait_for 5 grep -q '"what":"ended by the peer"' \
    "a/state/sessions/$id1/out"; then
	pass "first connection: bob's goodbye reaches alice"
else
	fail "first connection: bob's goodbye reaches alice" \
	    "$(tail -n 3 "a/state/sessions/$id1/out")"
fi
wait_for 5 grep -q "^Child $lsn1 died" activate.err
check_eq "first connection: its sessd ended with 0" \
    "Child $lsn1 died with code 0" "$(grep "^Child $lsn1 " activate.err)"
check_eq "first connection ended: the second's sessd goes on" "$lsn2" \
    "$(children "$sa")"
say a "$id2" four
wait_for 5 grep -q ' < {"type":"msg".*"text":"four"' \
    "b/state/sessions/$id2/out"
check_eq "second connection: still carries lines" "three
four" "$(received b "$id2")"

stop_pid "$dsess2"
wait_for 5 grep -q "^Child $lsn2 died" activate.err
check_eq "second connection: its sessd ended with 0" \
    "Child $lsn2 died with code 0" "$(grep "^Child $lsn2 " activate.err)"
check_eq "one sessd was started per connection, no more" 2 \
    "$(grep -c '^Spawned sessd (sessd -l) as PID ' activate.err)"
stop_pid "$dial1"
stop_pid "$dial2"
stop_pid "$sa"
