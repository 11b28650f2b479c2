#!/bin/sh
# shellcheck disable=SC2154 # bgpid, smtp_port, smtpd_pid: set by tests/lib.sh
# presd running: state changes from each source, heartbeats, signals, -o
. "$HAIL_TOP/tests/lib.sh"

HAIL_CONFIG_DIR=$PWD/cfg
export HAIL_CONFIG_DIR
mkdir cfg

# wait_status FILE STATUS WHAT: a line with STATUS shows up within 10 s
wait_status() {
	if wait_for 10 has_line "$1" "$2"; then
		pass "$3"
	else
		fail "$3" "no $2 line in: $(cat "$1")"
	fi
}

# --- a watched file: available, away, xa, back, offline on SIGTERM
touch f
# (-a 3: the return is seen at the next 1 s poll, still within -a)
spawn presd -t f -a 3 -x 5 -p 1 -i 100 > out 2> err
pid=$bgpid
li=$(atime f)
wait_status out xa "-t: goes away, then xa"
touch -a f
li2=$(atime f)
if wait_for 10 count_status out available 2; then
	pass "-t: the next access makes it available"
else
	fail "-t: the next access makes it available" "$(cat out)"
fi
kill -TERM "$pid"
wait "$pid"
check_status "-t: SIGTERM" 0 $?
# (after the return more may follow if the machine is slow: only the first
# four and the last count)
check_eq "-t: the statuses in order" "available away xa available offline" \
    "$(statuses out | cut -d ' ' -f 1-4) $(tail -n 1 out | jq -r .status)"
check_jq "-t: away since last input + 3 s" \
    "select(.status == \"away\").since == \"$(iso $((li + 3)))\"" out
check_jq "-t: xa since last input + 5 s" \
    "select(.status == \"xa\").since == \"$(iso $((li + 5)))\"" out
sed -n 4p out > back
check_jq "-t: back since the new input" \
    ".since == \"$(iso "$li2")\" and .last_input == \"$(iso "$li2")\"" back
check_eq "-t: no warnings" "" "$(cat err)"

# --- SIGINT says offline too
: > out
spawn presd -t f -a 100 -x 200 -i 100 > out
pid=$bgpid
wait_for 10 count_lines out 1
kill -INT "$pid"
wait "$pid"
check_status "SIGINT" 0 $?
check_eq "SIGINT: available, offline" "available offline" "$(statuses out)"

# --- heartbeats: one line a second with -i 1, none extra
: > out
spawn presd -t f -a 100 -x 200 -i 1 > out
pid=$bgpid
if wait_for 15 count_lines out 6; then
	kill "$pid"
	wait "$pid"
	first=$(sed -n 1p out | jq -r '.time | fromdate')
	sixth=$(sed -n 6p out | jq -r '.time | fromdate')
	span=$((sixth - first))
	if [ "$span" -ge 4 ] && [ "$span" -le 6 ]; then
		pass "-i 1: six lines span five seconds"
	else
		fail "-i 1: six lines span five seconds" "span: $span s"
	fi
	check_eq "-i 1: every heartbeat is available" "available" \
	    "$(head -n 6 out | jq -r .status | sort -u)"
else
	fail "-i 1: six lines within 15 s" "$(cat out)"
fi
: > out
spawn presd -t f -a 100 -x 200 -i 5 > out
pid=$bgpid
sleep 2
stop_pid "$pid"
check_eq "-i 5: nothing but the first line in 2 s, then offline" \
    "available offline" "$(statuses out)"

# --- the activity stream on stdin: any line is input; EOF is offline
mkfifo in
: > out
# (not through spawn: the shell would block opening the FIFO itself)
presd -s -a 1 -x 100 -i 100 < in > out 2> err &
pid=$!
track "$pid"
exec 3> in
wait_status out away "-s: no line for a second is away"
echo 'event0 KEYBOARD_KEY +1.2s KEY_A (30) pressed' >&3
if wait_for 10 count_status out available 2; then
	pass "-s: a line makes it available again"
else
	fail "-s: a line makes it available again" "$(cat out)"
fi
exec 3>&-
wait "$pid"
check_status "-s: EOF" 0 $?
check_eq "-s: the statuses in order" "available away available offline" \
    "$(statuses out | cut -d ' ' -f 1-3) $(tail -n 1 out | jq -r .status)"
check_eq "-s: no warnings" "" "$(cat err)"

# --- the override: file with SIGHUP, file at a heartbeat, signals
: > out
spawn presd -t f -a 100 -x 200 -i 100 > out 2> err
pid=$bgpid
wait_for 10 count_lines out 1
echo 'dnd in a meeting' > cfg/override.tmp
mv cfg/override.tmp cfg/override
kill -HUP "$pid"
wait_status out dnd "override file + SIGHUP: dnd at once"
rm cfg/override
kill -HUP "$pid"
wait_for 10 count_lines out 3
kill -USR1 "$pid"
wait_for 10 count_lines out 4
kill -USR2 "$pid"
wait_for 10 count_lines out 5
stop_pid "$pid"
check_eq "override: set, cleared, dnd by SIGUSR1, cleared by SIGUSR2" \
    "available dnd available dnd available offline" "$(statuses out)"
check_eq "override: the note goes with the file" \
    "in a meeting" "$(sed -n 2p out | jq -r .note)"
check_eq "override: the note goes when cleared" \
    "null" "$(sed -n 3p out | jq -r .note)"
: > out
spawn presd -t f -a 100 -x 200 -i 1 > out 2> err
pid=$bgpid
wait_for 10 count_lines out 1
echo 'away lunch' > cfg/override
wait_status out away "override file without a signal: seen at a heartbeat"
stop_pid "$pid"
check_jq "override at a heartbeat: the note" \
    'select(.status == "away").note == "lunch"' out
echo 'not-a-status' > cfg/override
: > out
spawn presd -t f -a 100 -x 200 -i 1 > out 2> err
pid=$bgpid
wait_for 10 count_lines out 1
echo 'dnd' > cfg/override
wait_status out dnd "a corrupt override then a good one: the good one applies"
stop_pid "$pid"
check_eq "the corrupt override: one warning" \
    "presd: $HAIL_CONFIG_DIR/override: the first word is not available, away, xa or dnd; ignored" \
    "$(cat err)"
rm cfg/override

# --- -o: the file always holds one complete line while presd writes it
spawn presd -t f -a 100 -x 200 -i 1 -o run/presence > /dev/null
pid=$bgpid
wait_for 10 test -s run/presence
bad=0
i=0
while [ $i -lt 150 ]; do
	jq -e '.v == 1' run/presence > /dev/null 2>&1 || bad=$((bad + 1))
	i=$((i + 1))
done
check_eq "-o: 150 reads while heartbeats replace it, all complete" 0 "$bad"
stop_pid "$pid"
check_jq "-o: offline after SIGTERM" '.status == "offline"' run/presence
check_eq "-o: no temporary files left" "presence" "$(ls -A run)"

# --- a path that vanishes is dropped; none left is offline and exit 3
touch f g
: > out
spawn presd -t f -t g -a 100 -x 200 -i 1 > out 2> err
pid=$bgpid
wait_for 10 count_lines out 1
rm g
wait_for 10 grep -q 'g: no longer' err
check_eq "a vanished path: warning" \
    "presd: g: no longer watched: No such file or directory" "$(cat err)"
if kill -0 "$pid" 2>/dev/null; then
	pass "a vanished path: presd goes on with the others"
else
	fail "a vanished path: presd goes on with the others"
fi
rm f
wait "$pid"
check_status "every path gone" 3 $?
check_eq "every path gone: the last line is offline" offline \
    "$(tail -n 1 out | jq -r .status)"
check_eq "every path gone: error" "presd: f: no longer watched: No such file or directory
presd: no idle source left" "$(sed -n 2,3p err)"

# --- the reader of stdout goes away: a clean exit, offline in -o
touch f
{ presd -t f -a 100 -x 200 -i 1 -o o 2> err; echo $? > st; } | head -n 1 \
    > first
wait_for 10 test -s st
check_eq "reader gone: exit status" 0 "$(cat st)"
check_eq "reader gone: no message" "" "$(cat err)"
check_jq "reader gone: the first line arrived" '.status == "available"' first
check_jq "reader gone: -o says offline" '.status == "offline"' o

# --- no descriptor grows over a run that runs a command every second
printf '#!/bin/sh\necho 0\n' > idle
chmod +x idle
rm -f o
spawn presd -c ./idle -t f -a 100 -x 200 -i 1 -p 1 -o o > /dev/null
pid=$bgpid
wait_for 10 test -s o
# fewest_fds PID: the fewest descriptors PID holds over a second (a child
# being run holds one more for a moment)
fewest_fds() {
	k=10 least=
	while [ $k -gt 0 ]; do
		n=$(find /proc/"$1"/fd -mindepth 1 | wc -l)
		if [ -z "$least" ] || [ "$n" -lt "$least" ]; then
			least=$n
		fi
		sleep 0.1
		k=$((k - 1))
	done
	echo "$least"
}
n1=$(fewest_fds "$pid")
sleep 3
n2=$(fewest_fds "$pid")
check_eq "open descriptors after 1 s and after 5 s" "$n1" "$n2"
check_eq "no zombie children" "" \
    "$(pgrep -P "$pid" -r Z)"
stop_pid "$pid"

# --- no busy loop: while nothing changes presd sleeps; with -p 1 in xa it
# wakes about once a second, and while available not at all
switches() {
	awk '/ctxt_switches/ { n += $2 } END { print n }' "/proc/$1/status"
}
touch -a -d '1 hour ago' f
touch g
spawn presd -t f -p 1 -i 100 > /dev/null
xa_pid=$bgpid
spawn presd -t g -p 1 -i 100 > /dev/null
av_pid=$bgpid
sleep 1
x1=$(switches "$xa_pid") a1=$(switches "$av_pid")
sleep 3
x2=$(switches "$xa_pid") a2=$(switches "$av_pid")
if [ $((x2 - x1)) -le 12 ]; then
	pass "xa with -p 1: a few wake-ups in 3 s"
else
	fail "xa with -p 1: a few wake-ups in 3 s" "context switches: $((x2 - x1))"
fi
if [ $((a2 - a1)) -le 2 ]; then
	pass "available: no wake-up in 3 s"
else
	fail "available: no wake-up in 3 s" "context switches: $((a2 - a1))"
fi
stop_pid "$xa_pid"
stop_pid "$av_pid"

# --- a reader that takes nothing does not keep SIGTERM from working
mkfifo slow
exec 4<> slow
head -c 65536 /dev/zero >&4	# the pipe is full from the start
touch f
rm -f o
spawn presd -t f -a 100 -x 200 -i 1 -o o > slow 2> err
pid=$bgpid
wait_for 10 test -s o
sleep 1
kill -TERM "$pid"
if wait_for 5 sh -c "! kill -0 $pid 2>/dev/null"; then
	pass "a stuck reader: SIGTERM ends presd"
else
	fail "a stuck reader: SIGTERM ends presd"
fi
check_jq "a stuck reader: -o says offline" '.status == "offline"' o
exec 4>&-

# --- the idle command, living: its answer changes the status
printf '#!/bin/sh\ncat ms\n' > idle
chmod +x idle
echo 0 > ms
: > out
spawn presd -c ./idle -a 5 -x 100 -p 1 -i 100 > out 2> err
pid=$bgpid
wait_for 10 count_lines out 1
echo 10000 > ms
wait_for 10 has_line out away
echo 0 > ms
wait_for 10 count_status out available 2
stop_pid "$pid"
check_eq "-c: idle from the command: away, then back" \
    "available away available offline" "$(statuses out)"
check_eq "-c: no warnings" "" "$(cat err)"

# --- no leak and no memory error over a run, by valgrind (under ASan,
# LeakSanitizer does this at every exit instead)
if [ -z "${HAIL_SANFLAGS:-}" ]; then
	printf '#!/bin/sh\necho 0\n' > idle
	spawn valgrind -q --leak-check=full --show-leak-kinds=definite,indirect \
	    --errors-for-leak-kinds=definite,indirect --error-exitcode=99 \
	    presd -c ./idle -t f -a 100 -x 200 -i 1 -p 1 -o o \
	    > /dev/null 2> vg.err
	pid=$bgpid
	wait_for 30 count_lines o 1
	sleep 4
	kill -TERM "$pid"
	wait "$pid"
	check_status "valgrind: presd after 4 s of heartbeats and commands" 0 $?
	check_eq "valgrind: no report" "" "$(cat vg.err)"
else
	echo "# valgrind skipped: this presd is built with $HAIL_SANFLAGS"
fi
