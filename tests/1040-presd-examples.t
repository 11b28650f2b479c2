#!/bin/sh
# shellcheck disable=SC2154 # bgpid, smtp_port, smtpd_pid: set by tests/lib.sh
# the EXAMPLES of presd(1), hail-status(1), presence(5) and hail(7), run as
# written, with real X (Xvfb, xprintidle, xdotool), a real pseudo-terminal
# and the shipped systemd unit
. "$HAIL_TOP/tests/lib.sh"

HOME=$PWD/home
XDG_RUNTIME_DIR=$PWD/xdg
export HOME XDG_RUNTIME_DIR
unset HAIL_CONFIG_DIR XDG_CONFIG_HOME
mkdir -p "$HOME" "$XDG_RUNTIME_DIR"
chmod 700 "$XDG_RUNTIME_DIR"
presence=$XDG_RUNTIME_DIR/hail/presence
sock=$PWD/tmux.sock

# --- presd in a terminal (presd(1) and hail(7)), in tmux
for page in presd.1 hail.7; do
	cmd=$(example "$page" '^presd( |$)') || continue
	rm -f lines status
	tmux -S "$sock" -f /dev/null new-session -d -c "$PWD" \
	    "trap : INT; $cmd > lines; echo \$? > status; exec sleep 60"
	track "$(tmux -S "$sock" display -p '#{pid}')"
	wait_for 10 has_line lines available
	tmux -S "$sock" send-keys C-c
	wait_for 10 test -s status
	check_eq "$page: $cmd: available, then offline at ^C" \
	    "available offline" "$(statuses lines)"
	check_eq "$page: $cmd: exit status" 0 "$(cat status)"
	tmux -S "$sock" kill-server
done

# --- xprintidle under a real X server
display=:$(( $$ % 400 + 100 ))
spawn Xvfb "$display" -nolisten tcp -screen 0 320x240x16
xpid=$bgpid
DISPLAY=$display
export DISPLAY
if wait_for 10 xprintidle; then
	pass "Xvfb answers xprintidle"
else
	fail "Xvfb answers xprintidle"
fi
cmd=$(example presd.1 'xprintidle') && {
	spawn sh -c "exec $cmd" > /dev/null 2> err
	pid=$bgpid
	wait_for 10 test -s "$presence"
	check_jq "presd.1: $cmd: available" '.status == "available"' "$presence"
	stop_pid "$pid"
	check_jq "presd.1: $cmd: offline when stopped" \
	    '.status == "offline"' "$presence"
	check_eq "presd.1: $cmd: no warnings" "" "$(cat err)"
}
# (Xvfb restarts its idle count whenever an X client disconnects, so
# xprintidle there never shows a long idle: presd's transitions are
# tested with the other sources)
stop_pid "$xpid"
unset DISPLAY

# --- libinput: runs as written; there are no input devices here, so
# the stream is only its start; when libinput stops, presd says offline
cmd=$(example presd.1 'libinput') && {
	rm -f "$presence"
	spawn sh -c "$cmd" > lines 2> err
	sh_pid=$bgpid
	wait_for 10 test -s "$presence"
	check_jq "presd.1: $cmd: available at start" \
	    '.status == "available"' "$presence"
	li_pid=$(pgrep -P "$sh_pid" -f libinput)
	if [ -n "$li_pid" ]; then
		pass "presd.1: $cmd: libinput runs"
		kill "$li_pid"
	else
		fail "presd.1: $cmd: libinput runs" "$(cat err)"
	fi
	wait "$sh_pid"
	check_jq "presd.1: $cmd: offline when libinput stops" \
	    '.status == "offline"' "$presence"
}

# cron and systemd run commands with no terminal of their own, in a
# session of their own; the user's terminals come from utmp: here a
# private one (HAIL_UTMP) listing a real pty of tmux, used 10 min ago
tmux -S "$sock" -f /dev/null new-session -d "exec sleep 60"
track "$(tmux -S "$sock" display -p '#{pid}')"
pty=$(tmux -S "$sock" list-panes -F '#{pane_tty}')
touch -a -d '10 minutes ago' "$pty"
HAIL_UTMP=$PWD/utmp
export HAIL_UTMP
mkutmp utmp "$(id -un):${pty#/dev/}"
# detached COMMAND...: as cron or systemd would start it
detached() {
	setsid "$@" < /dev/null > /dev/null 2>> err
}

# --- the crontab line
cmd=$(example presd.1 '^\*/5 ') && {
	# (the user's runtime directory, here in the test's)
	job=$(printf '%s\n' "$cmd" | cut -d ' ' -f 6- |
	    sed "s|/run/user/1000/|$PWD/run/|")
	file=$PWD/run/hail/presence
	: > err
	detached sh -c "$job"
	check_status "presd.1: crontab line" 0 $?
	check_jq "presd.1: crontab line: away, a line that expires in ten minutes" \
	    '.status == "away" and .user == "alice@example.org" and
	    (.expires | fromdate) - (.time | fromdate) == 600' "$file"
	mkutmp utmp
	detached sh -c "$job"
	check_status "presd.1: crontab line, the user logged in nowhere" 0 $?
	check_jq "presd.1: crontab line, logged in nowhere: xa, input unknown" \
	    '.status == "xa" and .last_input == null' "$file"
	check_eq "presd.1: crontab line: nothing on stderr (no mail from cron)" \
	    "" "$(cat err)"
	mkutmp utmp "$(id -un):${pty#/dev/}"
}

# --- the systemd user unit: valid, and its command works as systemd runs it
sed "s|^ExecStart=presd |ExecStart=$HAIL_TOP/presd |" \
    "$HAIL_TOP/scripts/presd.service" > presd.service
if systemd-analyze verify --man=no ./presd.service > verify.out 2>&1; then
	pass "scripts/presd.service: systemd-analyze verify"
else
	fail "scripts/presd.service: systemd-analyze verify" "$(cat verify.out)"
fi
exec_start=$(sed -n 's/^ExecStart=//p' "$HAIL_TOP/scripts/presd.service" |
    sed "s|%t|$XDG_RUNTIME_DIR|g")
check_eq "scripts/presd.service: ExecStart" \
    "presd -o $XDG_RUNTIME_DIR/hail/presence" "$exec_start"
rm -f "$presence"
: > err
# shellcheck disable=SC2086
spawn detached $exec_start
wait_for 10 test -s "$presence"
# setsid may fork: find presd itself, to stop it by its pid
# (or valgrind, whose command line ends in presd's: make check-valgrind)
svc=$(pgrep -f "(^| )presd -o $XDG_RUNTIME_DIR/hail/presence\$")
track "$svc"
check_jq "scripts/presd.service: its command keeps the presence file" \
    '.status == "away"' "$presence"
touch -a "$pty"
if wait_for 15 grep -q '"available"' "$presence"; then
	pass "scripts/presd.service: a key in the user's terminal is seen"
else
	fail "scripts/presd.service: a key in the user's terminal is seen" \
	    "$(cat "$presence")"
fi
stop_pid "$svc"
check_jq "scripts/presd.service: offline when stopped" \
    '.status == "offline"' "$presence"
check_eq "scripts/presd.service: nothing on stderr" "" "$(cat err)"
tmux -S "$sock" kill-server
unset HAIL_UTMP
cmd=$(example presd.1 'systemctl --user enable') &&
    check_eq "presd.1: the unit is enabled by name" \
    "systemctl --user enable --now presd.service" "$cmd"

# --- hail-status, as its page and presd's show it, with presd running
touch f
spawn presd -t f -a 100 -x 200 -i 100 > lines 2> err
pid=$bgpid
wait_for 10 count_lines lines 1
set_cmd=$(example hail-status.1 '^hail-status dnd') &&
    sh -c "$set_cmd"
check_status "hail-status.1: $set_cmd" 0 $?
wait_for 10 has_line lines dnd
check_eq "hail-status.1: hail-status shows the override" \
    "dnd in a meeting" "$(hail-status)"
clear_cmd=$(example hail-status.1 '^hail-status clear') &&
    sh -c "$clear_cmd"
check_status "hail-status.1: $clear_cmd" 0 $?
wait_for 10 count_lines lines 3
hail-status > out
check_status "hail-status with no override" 1 $?
stop_pid "$pid"
check_eq "hail-status: presd shows the change at once" \
    "available dnd available offline" "$(statuses lines)"
check_eq "hail-status: the note reached presd" "in a meeting" \
    "$(sed -n 2p lines | jq -r .note)"
hail-status busy > out 2> err
check_status "hail-status busy" 2 $?
check_eq "hail-status busy: usage" \
    "usage: hail-status [status [note ...] | clear]" "$(cat err)"
hail-status dnd "$(printf 'a\033b')" 2> err
check_status "hail-status with an escape in the note" 2 $?
check_eq "hail-status with an escape: message" \
    "hail-status: the note must not hold control characters" "$(cat err)"
hail-status dnd "$(printf 'a\302\233b')" 2> err
check_status "hail-status with a C1 control in the note" 2 $?
hail-status dnd "$(printf 'caf\351')" 2> err
check_status "hail-status with Latin-1 in the note" 2 $?
check_eq "hail-status with Latin-1: message" \
    "hail-status: the note is not UTF-8" "$(cat err)"
hail-status away "café 🍵 at 10" 2> err
check_status "hail-status away with a UTF-8 note" 0 $?
check_eq "hail-status away with a UTF-8 note: the override" \
    "away café 🍵 at 10" "$(hail-status)"
hail-status clear

# --- presence(5): idle minutes with jq
now=$(date +%s)
printf '{"v":1,"user":"a@b","status":"away","last_input":"%s","since":"%s","time":"%s","expires":"%s"}\n' \
    "$(iso $((now - 630)))" "$(iso $((now - 330)))" "$(iso "$now")" \
    "$(iso $((now + 120)))" > "$presence"
cmd=$(example presence.5 '^jq ') && {
	check_eq "presence.5: $cmd" 10 "$(sh -c "$cmd")"
}
