#!/bin/sh
# shellcheck disable=SC2154,SC2086 # bgpid: set by tests/lib.sh; $A, $B and $F split into env VAR=... on purpose
# fault injection (issue 8): each call of malloc, calloc, realloc, open,
# mkstemp, fopen, read, write, fsync, rename, link and socket that invopen,
# invmk and sessd make is made to fail in turn. Each run must end with a
# documented status (never a signal; a failure said on standard error as
# "prog: ..."), leave no temporary file, never put a partial file in place
# (a stored invitation is the whole one, a secret 32 bytes, a transcript
# whole lines), and a run that succeeds all the same must have done all
# its work. Through procmail and maildrop the mail is delivered whole
# whatever invopen did.
#
# The faults come from tests/tools/faults.so, preloaded: HAIL_FAULT=fn:N
# makes the Nth call of fn fail (with an errno that fits it, or with
# fn:N:short a short write followed by ENOSPC, as a disk that fills),
# HAIL_FAULT_COUNT=file has it write how many calls of each kind the run
# made (a first run without a fault gives N's range), HAIL_FAULT_PROG keeps
# it to the program under test (not socat, jq or presd around it). What
# stdio writes goes through libc's own entry points, out of its reach.
# invmk and invopen ship as static PIEs, which load no preloaded library:
# their dynamically linked copies, tests/tools/invmk-dyn and invopen-dyn,
# are run here under their own names. In a sanitizer build ASan has malloc
# itself: the shim passes its calls on, so the same faults are made.
# HAIL_FAULT_CAP (default 50) bounds the calls of one kind tried in invopen
# and invmk, HAIL_FAULT_SCAP (default 6) in sessd, whose runs take longer
# (a session each): beyond it, calls spread over the whole range are tried.
. "$HAIL_TOP/tests/lib.sh"

# (valgrind replaces malloc in the programs it runs, as the shim would:
# the two do not go together, and make check runs this test anyway)
if [ -n "${HAIL_VALGRIND:-}" ]; then
	echo "ok - # SKIP the fault shim under valgrind (both replace malloc)" |
	    tee -a "$HAIL_RESULTS"
	exit 0
fi

shim=$HAIL_TOP/tests/tools/faults.so
cap=${HAIL_FAULT_CAP:-50}
fns="malloc calloc realloc open mkstemp fopen read write fsync rename link socket"
for f in "$shim" "$HAIL_TOP/tests/tools/invmk-dyn" \
    "$HAIL_TOP/tests/tools/invopen-dyn"; do
	if [ ! -f "$f" ]; then
		fail "$f is there (make check builds it)"
		exit 1
	fi
done
# the shim after the sanitizer's runtime, which checks that it comes first
ASAN_OPTIONS=$ASAN_OPTIONS:verify_asan_link_order=0
export ASAN_OPTIONS

# the programs under test by their own names, first on PATH
mkdir bin
ln -s "$HAIL_TOP/tests/tools/invmk-dyn" bin/invmk
ln -s "$HAIL_TOP/tests/tools/invopen-dyn" bin/invopen
ln -s "$HAIL_TOP/sessd" bin/sessd
PATH=$PWD/bin:$PATH
HAIL_CONFIG_DIR=$PWD/cfg
HAIL_STATE_DIR=$PWD/state
HAIL_CACHE_DIR=$PWD/cache
MAILCAPS=$PWD/none
HAIL_CARD=$PWD/card.jq
export HAIL_CONFIG_DIR HAIL_STATE_DIR HAIL_CACHE_DIR MAILCAPS HAIL_CARD
# a card that does not change with the time
cat > card.jq <<'EOF'
"card: \(.from) invites \(.to), id \(.id)"
EOF

# faulty PROG SPEC COMMAND...: COMMAND with the Nth call failing as SPEC
# (fn:N[:how]; "" for none) in PROG; its output in out and err, its counts
# in count; sets $rc
faulty() {
	_p=$1
	_s=$2
	shift 2
	rm -f count
	LD_PRELOAD=$shim HAIL_FAULT_PROG=$_p HAIL_FAULT=$_s \
	    HAIL_FAULT_COUNT=$PWD/count "$@" > out 2> err
	rc=$?
}
# calls FN: the calls of FN the last run made
calls() {
	sed -n "s/^$1 //p" count 2> /dev/null
}
# tries N: the call numbers to try of N calls, at most $cap of them
tries() {
	_step=$((($1 + cap - 1) / cap))
	[ "$_step" -ge 1 ] || _step=1
	seq 1 "$_step" "$1"
	[ $(($1 % _step)) -eq 1 ] || [ "$_step" -eq 1 ] || echo "$1"
}
# temps DIR...: the temporary files left under the directories
temps() {
	find "$@" -name '.*' 2> /dev/null | sort | tr '\n' ' '
}
# bad WHAT: one run broke a rule; the checks of its kind fail, listing it
bad() {
	bads="$bads
$1"
}
# verdict WHAT: one check for all the runs of a kind
verdict() {
	if [ -z "$bads" ]; then
		pass "$1"
	else
		# shellcheck disable=SC2086 # one detail a line
		fail "$1" "$(printf '%s\n' "$bads" | sed '/^$/d' | head -n 20)"
	fi
	bads=
}
# status_ok WHAT OKSTATUSES PROG: the run's status is one of them, and a
# failure is said by PROG
status_ok() {
	case " $2 " in
	*" $rc "*) ;;
	*) bad "$1: status $rc, not one of $2: $(head -c 300 err)" ;;
	esac
	if [ "$rc" -ge 2 ] && ! grep -q "^$3: " err; then
		bad "$1: status $rc with nothing said (stderr: $(head -c 200 err))"
	fi
	# memory that ran out is a failure, whatever it was needed for
	if [ "$rc" -ne 3 ] && grep -q "^$3: .*out of memory" err; then
		bad "$1: out of memory, and status $rc: $(head -c 300 err)"
	fi
}
bads=

touch f
presd -1 -t f -u alice@example.org > p
invmk -f 'Alice <alice@example.org>' -t 'Bob <bob@example.net>' \
    -e tcp://127.0.0.1:7070 p > mail
id=$(sed -n '/^$/q; s/^X-Hail-Invitation: //p' mail)
inv=state/invitations/$id.json

# --- invopen -q, as a delivery runs it, and invopen showing the card ----
faulty invopen "" invopen -q mail
check_status "invopen -q under the shim, no fault" 0 "$rc"
cp "$inv" good.json
check_match "the shim counts invopen's calls" '^malloc [1-9]' "$(cat count)"
# (a kind never called would pass its turn having tested nothing: one
# built with _FORTIFY_SOURCE calls __read_chk, which the shim does not see)
check_eq "invopen -q makes calls of each kind that stores a file" \
    "malloc open read write fsync link" \
    "$(for fn in malloc open read write fsync link; do
	grep -q "^$fn [1-9]" count && printf '%s ' "$fn"; done | sed 's/ $//')"
rm -rf state
faulty invopen "" invopen mail
cp out good.card
check_eq "invopen shows the card under the shim" \
    "card: alice@example.org invites bob@example.net, id $id" \
    "$(cat good.card)"

# invopen_runs MODE: each call in turn, for invopen MODE (-q or show)
invopen_runs() {
	rm -rf state cache
	if [ "$1" = -q ]; then
		faulty invopen "" invopen -q mail
	else
		faulty invopen "" invopen mail
	fi
	cp count counts.invopen
	for fn in $fns; do
		n=$(sed -n "s/^$fn //p" counts.invopen)
		for i in $(tries "$n"); do
			for how in "" $(case $fn in write) echo short EINTR ;;
			    read) echo short EINTR ;; esac); do
				spec=$fn:$i${how:+:$how}
				rm -rf state cache
				if [ "$1" = -q ]; then
					faulty invopen "$spec" invopen -q mail
				else
					faulty invopen "$spec" invopen mail
				fi
				invopen_check "invopen $1, $spec" "$1"
			done
		done
		verdict "invopen $1, $fn: $(tries "$n" | wc -l) of its $n calls failing in turn, each run as the rules say"
	done
}
# invopen_check WHAT: the rules for one run of invopen
invopen_check() {
	status_ok "$1" "0 3" invopen
	if [ -e "$inv" ] && ! cmp -s good.json "$inv"; then
		bad "$1: the stored invitation is not the whole one"
	fi
	if [ "$rc" -eq 0 ] && [ ! -e "$inv" ]; then
		bad "$1: status 0, nothing stored"
	fi
	if [ "$rc" -eq 0 ] && [ "$2" != -q ] && ! cmp -s good.card out; then
		bad "$1: status 0, the card not shown whole: $(head -c 200 out)"
	fi
	_t=$(temps state cache)
	[ -z "$_t" ] || bad "$1: temporary files left: $_t"
}
invopen_runs -q
invopen_runs show

# --- through procmail and maildrop: the mail delivered whatever happens --
# deliver MDA SPEC: the mail delivered by MDA through the shipped recipe,
# invopen failing as SPEC; sets $rc and $box
deliver() {
	box=$PWD/$1/Maildir
	rm -rf "$1" state
	mkdir -p "$box/new" "$box/cur" "$box/tmp"
	case $1 in
	procmail)
		cat > procmail/rc <<EOF
PATH=$PWD/bin:$HAIL_TOP:/usr/bin:/bin
HAIL_STATE_DIR=$HAIL_STATE_DIR
HAIL_CONFIG_DIR=$HAIL_CONFIG_DIR
LD_PRELOAD=$shim
HAIL_FAULT_PROG=invopen
HAIL_FAULT=$2
HAIL_FAULT_COUNT=$PWD/count
ASAN_OPTIONS=$ASAN_OPTIONS
DEFAULT=$box/
INCLUDERC=$HAIL_TOP/scripts/hail.procmailrc
EOF
		procmail -m procmail/rc < mail > out 2> err
		;;
	maildrop)
		cat > maildrop/rc <<EOF
PATH="$PWD/bin:$HAIL_TOP:/usr/bin:/bin"
HAIL_STATE_DIR="$HAIL_STATE_DIR"
HAIL_CONFIG_DIR="$HAIL_CONFIG_DIR"
LD_PRELOAD="$shim"
HAIL_FAULT_PROG="invopen"
HAIL_FAULT="$2"
HAIL_FAULT_COUNT="$PWD/count"
ASAN_OPTIONS="$ASAN_OPTIONS"
include "$HAIL_TOP/scripts/hail.mailfilter"
to "$box"
EOF
		chmod 600 maildrop/rc
		maildrop maildrop/rc < mail > out 2> err
		;;
	esac
	rc=$?
}
for mda in procmail maildrop; do
	rm -f count
	deliver "$mda" ""
	check_status "$mda, invopen under the shim: delivered" 0 "$rc"
	if cmp -s good.json "$inv"; then
		pass "$mda, invopen under the shim: the invitation stored"
	else
		fail "$mda, invopen under the shim: the invitation stored" \
		    "$(cat err)"
	fi
	if [ ! -s count ]; then
		fail "$mda: the shim reached invopen"
		continue
	fi
	cp count "counts.$mda"
	for fn in $fns; do
		n=$(sed -n "s/^$fn //p" "counts.$mda")
		for i in $(tries "$n"); do
			deliver "$mda" "$fn:$i"
			w="$mda, $fn:$i"
			[ "$rc" -eq 0 ] || bad "$w: status $rc: $(head -c 200 err)"
			got=$(ls "$box/new")
			if [ "$(echo "$got" | wc -l)" -ne 1 ] ||
			    ! cmp -s mail "$box/new/$got"; then
				bad "$w: the mail is not in the Maildir, whole"
			fi
			if [ -e "$inv" ] && ! cmp -s good.json "$inv"; then
				bad "$w: the stored invitation is not the whole one"
			fi
			_t=$(temps state)
			[ -z "$_t" ] || bad "$w: temporary files left: $_t"
		done
		verdict "$mda, invopen's $fn: $(tries "$n" | wc -l) of its $n calls failing in turn, the mail delivered whole, nothing partial or left"
	done
done

# --- invmk: with its secret, and on first use, when it makes one --------
# invmk_runs SETUP: each call in turn, the configuration as SETUP leaves it
mkdir -m 700 keep
invmk_runs() {
	rm -rf cfg
	$1
	presd -1 -t f -u alice@example.org > p
	faulty invmk "" invmk -f 'Alice <alice@example.org>' \
	    -t 'Bob <bob@example.net>' -e tcp://127.0.0.1:7070 p
	cp count counts.invmk
	[ -f keep/secret ] || cp -p cfg/secret keep/secret
	for fn in $fns; do
		n=$(sed -n "s/^$fn //p" counts.invmk)
		for i in $(tries "$n"); do
			rm -rf cfg
			$1
			faulty invmk "$fn:$i" invmk -f 'Alice <alice@example.org>' \
			    -t 'Bob <bob@example.net>' -e tcp://127.0.0.1:7070 p
			w="invmk $2, $fn:$i"
			status_ok "$w" "0 3" invmk
			if [ "$rc" -ne 0 ] && [ -s out ]; then
				bad "$w: status $rc, and a mail written all the same"
			fi
			if [ "$rc" -eq 0 ] && ! "$HAIL_TOP/invopen" -d out \
			    > d.json 2> /dev/null; then
				bad "$w: status 0, and the mail is not whole"
			fi
			if [ -e cfg/secret ] && { [ "$(stat -c %s.%a cfg/secret)" != 32.600 ] ||
			    { [ "$2" = "with its secret" ] && ! cmp -s keep/secret cfg/secret; }; }; then
				bad "$w: the secret is not the whole one"
			fi
			_t=$(temps cfg)
			[ -z "$_t" ] || bad "$w: temporary files left: $_t"
		done
		verdict "invmk $2, $fn: $(tries "$n" | wc -l) of its $n calls failing in turn, each run as the rules say"
	done
}
with_secret() {
	mkdir -m 700 cfg
	cp -p keep/secret cfg/secret 2> /dev/null
}
invmk_runs : "on first use"
invmk_runs with_secret "with its secret"

# --- sessd: alice listening, bob dialing, over socat and TCP -----------
mkdir -p a/run b/run
A="env HAIL_CONFIG_DIR=$PWD/a/cfg HAIL_STATE_DIR=$PWD/a/state HAIL_RUNTIME_DIR=$PWD/a/run"
B="env HAIL_CONFIG_DIR=$PWD/b/cfg HAIL_STATE_DIR=$PWD/b/state HAIL_RUNTIME_DIR=$PWD/b/run HAIL_CACHE_DIR=$PWD/b/cache"
presd -1 -t f -u alice@example.org > a/run/presence
$A invmk -f alice@example.org -t bob@example.net -e tcp://127.0.0.1:7070 \
    < a/run/presence > smail
$B invopen -q smail
sid=$(sed -n '/^$/q; s/^X-Hail-Invitation: //p' smail)
sinv=$PWD/b/state/invitations/$sid.json
# (socat runs tests/tools/runsessd, for sessd's exit status)
runsessd=$HAIL_TOP/tests/tools/runsessd
# listening PORT: something listens on PORT (not a connection, which
# would be the listener's one session)
listening() {
	ss -Hltn "sport = :$1" | grep -q .
}
# up SIDE: SIDE's sessd has said hello, or has ended
up() {
	grep -q '"what":"connected' "$1/state/sessions/$sid/out" 2> /dev/null ||
	    [ -s "$1.st" ]
}
# got SIDE TEXT: SIDE received TEXT, or has ended
got() {
	grep -q " < {\"type\":\"msg\",.*\"text\":\"$2\"" \
	    "$1/state/sessions/$sid/out" 2> /dev/null || [ -s "$1.st" ]
}
# on: neither sessd has ended
on() {
	[ ! -s a.st ] && [ ! -s b.st ]
}
# put SIDE LINE: LINE written to SIDE's in, unless no sessd reads it
put() {
	# shellcheck disable=SC2016 # the inner shell's $1 and $2
	on && timeout 2 sh -c 'printf "%s\n" "$2" > "$1"' sh \
	    "$1/state/sessions/$sid/in" "$2" 2> /dev/null
}
# pid_of SIDE: SIDE's sessd, as its lock says, if it runs
pid_of() {
	_pid=$(head -n 1 "$1/state/sessions/$sid/lock" 2> /dev/null)
	[ -n "$_pid" ] &&
	    [ "$(cat "/proc/$_pid/comm" 2> /dev/null)" = sessd ] &&
	    echo "$_pid"
}
# (the waits below are bounds, three times longer under sanitizers)
x=1
[ -n "${HAIL_SANFLAGS:-}" ] && x=3
# session SIDE SPEC: one session, alice's sessd (a) or bob's (b) failing
# as SPEC: lines both ways, then the failing side is stopped (a goodbye)
session() {
	rm -rf a/state/sessions b/state/sessions a.st b.st count
	presd -1 -t f -u alice@example.org > a/run/presence
	presd -1 -t f -u bob@example.net > b/run/presence
	F="env LD_PRELOAD=$shim HAIL_FAULT_PROG=sessd HAIL_FAULT=$2 HAIL_FAULT_COUNT=$PWD/count"
	fa=
	fb=
	if [ "$1" = a ]; then fa=$F; else fb=$F; fi
	port=$(free_port)
	spawn $A $fa socat TCP-LISTEN:"$port",bind=127.0.0.1,reuseaddr \
	    EXEC:"sh $runsessd $PWD/a.st -l -k 5 -u alice@example.org" \
	    2> a.err
	lsn=$bgpid
	wait_for $((5 * x)) listening "$port"
	spawn $B $fb socat EXEC:"sh $runsessd $PWD/b.st -i $sinv -k 5" \
	    TCP:127.0.0.1:"$port" 2> b.err
	dial=$bgpid
	if wait_for $((5 * x)) up a && wait_for $((5 * x)) up b && on; then
		put a one
		put b uno
		on && wait_for $((3 * x)) got b one
		on && wait_for $((3 * x)) got a uno
		_pid=$(pid_of "$1")
		[ -z "$_pid" ] || kill -TERM "$_pid" 2> /dev/null
	fi
	wait_for $((10 * x)) test -s a.st
	wait_for $((10 * x)) test -s b.st
	stop_pid "$lsn"
	stop_pid "$dial"
}
# whole FILE: FILE's lines are transcript lines (TIME DIR JSON) whose
# JSON jq reads; prints what is wrong otherwise
whole() {
	_re='^[0-9]{4}-[0-9]{2}-[0-9]{2}T[0-9:]{8}Z [<>!] \{.*\}$'
	if grep -Evq "$_re" "$1"; then
		echo "not TIME DIR JSON: $(grep -Ev "$_re" "$1" | head -n 2)"
		return 1
	fi
	if ! sed 's/^[^ ]* [<>!] //' "$1" | jq -c . > /dev/null 2>&1; then
		echo "JSON that jq does not read"
		return 1
	fi
}
# sessd_check WHAT SIDE: the rules for one session, SIDE's sessd failing
sessd_check() {
	_o=$(if [ "$2" = a ]; then echo b; else echo a; fi)
	rc=$(head -n 1 "$2.st" 2> /dev/null)
	if [ -z "$rc" ]; then
		bad "$1: the failing sessd did not end"
		return
	fi
	cp "$2.err" err
	status_ok "$1" "0 1 3 4" sessd
	_r=$(head -n 1 "$_o.st" 2> /dev/null)
	case $_r in
	0 | 1 | 4) ;;
	*) bad "$1: the other sessd: status ${_r:-none}: $(head -c 300 "$_o.err")" ;;
	esac
	# memory of ours that ran out is no refusal, by the peer or of it
	if [ "$rc" = 4 ] && grep -q '^fired [a-z]*alloc' count; then
		bad "$1: memory ran out, and status 4: $(head -c 300 err)"
	fi
	# what the transcript has sent went, unless sessd said it failed
	if [ "$2" = a ] && [ "$_r" = 4 ] && [ "$rc" != 3 ] &&
	    grep -q ' > {"type":"welcome"' "a/state/sessions/$sid/out" \
	    2> /dev/null; then
		bad "$1: alice's welcome recorded as sent, never came (alice: status $rc, bob: 4)"
	fi
	if [ "$rc$_r" = 00 ] && { ! got a uno || ! got b one; }; then
		bad "$1: a goodbye both ends, and a line was lost"
	fi
	for _s in a b; do
		_f=$_s/state/sessions/$sid/out
		[ -s "$_f" ] || continue
		# a last line cut short only where a write failed
		if [ "$(tail -c 1 "$_f" | od -An -c | tr -d ' ')" != '\n' ] &&
		    { [ "$_s" != "$2" ] || [ "$rc" -ne 3 ]; }; then
			bad "$1: $_s's transcript ends in a line cut short"
		fi
		head -n "$(wc -l < "$_f")" "$_f" > whole.out
		_w=$(whole whole.out) || bad "$1: $_s's transcript: $_w"
		_p=$_s/state/sessions/$sid/peer
		if [ -e "$_p" ] && ! jq -e .user "$_p" > /dev/null 2>&1; then
			bad "$1: $_s's peer file is not a whole presence line"
		fi
	done
	_t=$(temps a/state b/state)
	[ -z "$_t" ] || bad "$1: temporary files left: $_t"
}
scap=${HAIL_FAULT_SCAP:-6}
for side in a b; do
	if [ "$side" = a ]; then who="alice's (listening)"; else who="bob's (dialing)"; fi
	session "$side" ""
	check_eq "sessd under the shim, $who: a goodbye, both ends" "0 0" \
	    "$(head -n 1 a.st) $(head -n 1 b.st)"
	cp count "counts.sessd.$side"
	for fn in $fns; do
		n=$(sed -n "s/^$fn //p" "counts.sessd.$side")
		for i in $(cap=$scap tries "$n"); do
			for how in "" $(case $fn in write) echo short ;; esac); do
				spec=$fn:$i${how:+:$how}
				session "$side" "$spec"
				sessd_check "sessd $who, $spec" "$side"
			done
		done
		verdict "sessd $who, $fn: $(cap=$scap tries "$n" | wc -l) of its $n calls failing in turn, each run as the rules say"
	done
done

