#!/bin/sh
# shellcheck disable=SC2154 # bgpid, smtp_port, smtpd_pid: set by tests/lib.sh
# presd in a real terminal (tmux): away when left alone, available at the
# first keystroke, the terminal as it was after ^C
. "$HAIL_TOP/tests/lib.sh"

sock=$PWD/tmux.sock
t() {
	tmux -S "$sock" "$@"
}
cat > pane.sh <<'EOS'
#!/bin/sh
trap : INT
stty -a | tr ' ' '\n' | grep -E '^-?(icanon|echo)$' | tr '\n' ' ' > before
presd -a 2 -x 100 -p 1 -i 100 -o "$PWD/presence" > lines 2> err
echo $? > status
stty -a | tr ' ' '\n' | grep -E '^-?(icanon|echo)$' | tr '\n' ' ' > after
exec sleep 60
EOS
t -f /dev/null new-session -d -x 120 -y 30 -c "$PWD" "sh $PWD/pane.sh"
track "$(t display -p '#{pid}')"

if wait_for 10 has_line lines available; then
	pass "tty: available at start"
else
	fail "tty: available at start" "$(cat lines err 2>&1)"
fi
wait_for 10 has_line lines away
check_eq "tty: away when left alone past -a" "available away" \
    "$(statuses lines)"
t send-keys x
if wait_for 10 grep -c available presence; then
	pass "tty: available again at the first keystroke"
else
	fail "tty: available again at the first keystroke" "$(cat presence)"
fi
check_eq "tty: the keystroke was not echoed" "" \
    "$(t capture-pane -p | grep -v '^{' | grep x)"
t send-keys C-c
wait_for 10 test -s status
check_eq "tty: ^C exits 0" 0 "$(cat status)"
check_eq "tty: the statuses in order" "available away available offline" \
    "$(statuses lines)"
check_eq "tty: the terminal modes are restored" "$(cat before)" \
    "$(cat after)"
check_eq "tty: no warnings" "" "$(cat err)"

# ^Z, bg, fg in an interactive shell: presd keeps running in the
# background (no stop on the terminal) and takes keys again in the
# foreground
t new-window -d -c "$PWD" "exec bash --norc --noprofile -i"
win=$(t list-windows -F '#{window_index}' | tail -n 1)
t send-keys -t ":$win" "presd -a 2 -x 100 -p 1 -i 1 -o $PWD/bgp > bglines 2> bgerr" Enter
wait_for 10 has_line bglines available
wait_for 10 has_line bglines away
t send-keys -t ":$win" C-z
sleep 0.5
t send-keys -t ":$win" "bg" Enter
sleep 0.5
n1=$(wc -l < bglines)
sleep 3
n2=$(wc -l < bglines)
if [ "$n2" -gt "$n1" ]; then
	pass "^Z then bg: presd goes on with its heartbeats"
else
	fail "^Z then bg: presd goes on with its heartbeats" "$n1 lines, then $n2"
fi
t send-keys -t ":$win" "fg" Enter
sleep 1
t send-keys -t ":$win" x
if wait_for 10 grep -q available bgp; then
	pass "fg: a key counts again"
else
	fail "fg: a key counts again" "$(cat bgp)"
fi
t send-keys -t ":$win" C-c
wait_for 10 grep -q offline bgp
check_jq "fg then ^C: offline" '.status == "offline"' bgp
check_eq "^Z, bg, fg: no warnings" "" "$(cat bgerr)"

# in the background when its terminal goes away: presd ends, offline
t new-window -d -c "$PWD" "exec bash --norc --noprofile -i"
win=$(t list-windows -F '#{window_index}' | tail -n 1)
t send-keys -t ":$win" "presd -a 100 -x 200 -p 1 -i 100 -o $PWD/hup > /dev/null 2>&1" Enter
wait_for 10 test -s hup
hpid=$(pgrep -f "presd -a 100 -x 200 -p 1 -i 100 -o $PWD/hup")
track "$hpid"
t send-keys -t ":$win" C-z
sleep 0.5
t send-keys -t ":$win" "bg" Enter
sleep 0.5
t kill-window -t ":$win"
if wait_for 10 sh -c "! kill -0 $hpid 2>/dev/null"; then
	pass "terminal gone while in the background: presd ends"
else
	fail "terminal gone while in the background: presd ends"
fi
check_jq "terminal gone: offline" '.status == "offline"' hup

# a pseudo-terminal's access time, as presd -t sees it
t new-window -d "exec sleep 60"
pty=$(t list-panes -a -F '#{pane_tty}' | tail -n 1)
touch -a -d '10 minutes ago' "$pty"
presd -1 -t "$pty" > out
check_jq "pty: idle 10 min is away" '.status == "away"' out
touch -a "$pty"
presd -1 -t "$pty" > out
check_jq "pty: just used is available" '.status == "available"' out

# the default source: the user's terminals from utmp (here a private one,
# through HAIL_UTMP), as w(1) finds them; run with no terminal of its own
t new-window -d "exec sleep 60"
pty2=$(t list-panes -a -F '#{pane_tty}' | tail -n 1)
me=$(id -un)
HAIL_UTMP=$PWD/utmp
export HAIL_UTMP
touch -a -d '10 minutes ago' "$pty" "$pty2"
mkutmp utmp "$me:${pty#/dev/}" "$me:${pty2#/dev/}"
presd -1 < /dev/null > out 2> err
check_status "utmp: presd -1 with two terminals" 0 $?
check_jq "utmp: both idle 10 min is away" '.status == "away"' out
touch -a "$pty2"
presd -1 < /dev/null > out 2> err
check_jq "utmp: one just used is available" \
    ".status == \"available\" and .last_input == \"$(iso "$(atime "$pty2")")\"" out
mkutmp utmp "$me:${pty#/dev/}" "someoneelse:${pty2#/dev/}" "$me:../etc/passwd"
presd -1 < /dev/null > out 2> err
check_jq "utmp: another user's terminal and a line outside /dev do not count" \
    '.status == "away"' out
mkutmp utmp "someoneelse:${pty2#/dev/}"
presd -1 < /dev/null > out 2> err
check_status "utmp: no terminal of the user" 0 $?
check_jq "utmp: no terminal of the user: xa, no input known" \
    '.status == "xa" and .last_input == null' out
HAIL_UTMP=$PWD/nope presd -1 < /dev/null > out 2> err
check_status "utmp cannot be read and no terminal" 3 $?
check_eq "utmp cannot be read and no terminal: error" \
    "presd: $PWD/nope: No such file or directory, and no terminal on stdin, stdout or stderr: use -t, -s or -c" \
    "$(cat err)"
# a terminal that logs in while presd runs is found at its next look
touch -a -d '10 minutes ago' "$pty" "$pty2"
mkutmp utmp "$me:${pty#/dev/}"
spawn presd -p 1 -i 100 < /dev/null > lines 2> err
pid=$bgpid
wait_for 10 has_line lines away
mkutmp utmp "$me:${pty#/dev/}" "$me:${pty2#/dev/}"
touch -a "$pty2"
wait_for 10 has_line lines available
stop_pid "$pid"
check_eq "utmp: a new login is watched from the next look" \
    "away available offline" "$(statuses lines)"
unset HAIL_UTMP
t kill-server
