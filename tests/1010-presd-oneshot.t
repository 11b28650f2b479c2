#!/bin/sh
# shellcheck disable=SC2154 # bgpid, smtp_port, smtpd_pid: set by tests/lib.sh
# presd -1: one presence line from each idle source, and their combination
. "$HAIL_TOP/tests/lib.sh"

keys='["v","user","status","last_input","since","time","expires"]'
HAIL_CONFIG_DIR=$PWD/cfg
export HAIL_CONFIG_DIR

# a file used a moment ago: available since now
touch f
presd -1 -u alice@example.org -t f > out 2> err
check_status "presd -1 -t fresh file" 0 $?
check_eq "presd -1: no warnings" "" "$(cat err)"
check_eq "presd -1: one line" 1 "$(wc -l < out)"
li=$(iso "$(atime f)")
check_jq "presd -1: every key, in order, with its value" "
	(keys_unsorted == $keys) and .v == 1 and
	.user == \"alice@example.org\" and .status == \"available\" and
	.last_input == \"$li\" and .since == .time and
	((.expires | fromdate) - (.time | fromdate) == 120) and
	((.time | fromdate) - (now | floor) | fabs <= 2)" out

# away: idle past -a; since is the moment the threshold was crossed
t=$(($(date +%s) - 400))
touch -a -d "@$t" f
presd -1 -u alice@example.org -t f > out
check_jq "presd -1: idle 400 s is away since last input + 300" "
	.status == \"away\" and .last_input == \"$(iso "$t")\" and
	.since == \"$(iso $((t + 300)))\"" out

# xa: idle past -x
t=$(($(date +%s) - 4000))
touch -a -d "@$t" f
presd -1 -t f > out
check_jq "presd -1: idle 4000 s is xa since last input + 1800" "
	.status == \"xa\" and .since == \"$(iso $((t + 1800)))\"" out
presd -1 -a 5000 -x 9000 -t f > out
check_jq "presd -1 -a 5000: idle 4000 s is available" \
    '.status == "available"' out
presd -1 -a 60 -x 3000 -i 10 -t f > out
check_jq "presd -1 -x 3000: idle 4000 s is xa; -i 10 makes it expire in 20 s" \
    "(.status == \"xa\") and .since == \"$(iso $((t + 3000)))\" and
    ((.expires | fromdate) - (.time | fromdate) == 20)" out

# the default user is login@host
presd -1 -t f > out
check_jq "presd -1: the default user is login@host" \
    ".user == \"$(id -un)@$(hostname)\"" out

# several sources: the most recent input wins
touch g
touch -a -d "@$t" f
presd -1 -t f -t g > out
check_jq "presd -1 -t old -t new: the newer input wins" \
    ".status == \"available\" and .last_input == \"$(iso "$(atime g)")\"" out

# a time in the future (a clock that went back) counts as now
touch -a -d '+1 hour' g
presd -1 -t g > out
check_jq "presd -1: an access time in the future counts as now" \
    '.status == "available" and .last_input == .time' out

# a path that cannot be read is dropped with a warning
touch g
presd -1 -t nope -t g > out 2> err
check_status "presd -1 -t missing -t good" 0 $?
check_eq "presd -1 -t missing: warning" \
    "presd: nope: no longer watched: No such file or directory" "$(cat err)"
check_jq "presd -1 -t missing -t good: still a line" \
    '.status == "available"' out
presd -1 -t nope > out 2> err
check_status "presd -1 with no readable source" 3 $?
check_eq "presd -1 with no readable source: errors" \
    "presd: nope: no longer watched: No such file or directory
presd: no idle source left" "$(cat err)"
check_eq "presd -1 with no readable source: no line" "" "$(cat out)"

# the idle command: milliseconds on stdout
printf '#!/bin/sh\necho 400000\n' > idle
chmod +x idle
now=$(date +%s)
presd -1 -c ./idle > out 2> err
check_status "presd -1 -c idle-command" 0 $?
check_jq "presd -1 -c: 400000 ms idle is away, last input 400 s ago" "
	.status == \"away\" and
	((.last_input | fromdate) - $now + 400 | fabs <= 2)" out
touch g
presd -1 -c ./idle -t g > out
check_jq "presd -1 -c idle -t fresh: the fresh file wins" \
    '.status == "available"' out
printf '#!/bin/sh\necho 4 2\n' > idle2
printf '#!/bin/sh\nexit 1\n' > idle3
printf '#!/bin/sh\nexec sleep 30\n' > idle4
printf '#!/bin/sh\necho 99999999999999999\n' > idle5
chmod +x idle2 idle3 idle4 idle5
for c in "./idle2:printed no idle time in milliseconds" \
    "./idle3:failed" "./idle4:did not answer in time" \
    "./idle5:printed no idle time in milliseconds" \
    "./missing:could not be run"; do
	prog=${c%%:*}
	presd -1 -c "$prog" > out 2> err
	check_status "presd -1 -c $prog" 3 $?
	check_eq "presd -1 -c $prog: error" "presd: $prog: ${c#*:}; no longer used
presd: no idle source left" "$(cat err)"
done
presd -1 -c ./idle3 -t g > out 2> err
check_status "presd -1 -c failing -t good" 0 $?
check_jq "presd -1 -c failing -t good: the file still counts" \
    '.status == "available"' out

# the command gets words, never a shell
# shellcheck disable=SC2016
printf '#!/bin/sh\n[ "$1" = "a;b" ] && [ "$2" = "\\$(x)" ] && echo 0\n' > idle6
chmod +x idle6
# shellcheck disable=SC2016
presd -1 -c './idle6 a;b $(x)' > out 2> err
check_status "presd -1 -c with shell characters in its words" 0 $?
check_jq "presd -1 -c: words reach the command as they are" \
    '.status == "available"' out

# -o keeps the same line in a file, mode 0600, in a directory it makes
presd -1 -t g -o run/presence > out
check_status "presd -1 -o run/presence" 0 $?
check_eq "presd -1 -o: the file holds the line printed" "$(cat out)" \
    "$(cat run/presence)"
check_eq "presd -1 -o: file mode" 600 "$(stat -c %a run/presence)"
check_eq "presd -1 -o: directory mode" 700 "$(stat -c %a run)"
presd -1 -t g -o deep/er/presence > out
check_status "presd -1 -o in a missing tree" 0 $?
check_eq "presd -1 -o in a missing tree: made, mode 0700" "700 700" \
    "$(stat -c %a deep deep/er | tr '\n' ' ' | sed 's/ $//')"
touch a
presd -1 -t g -o a/b/presence > out 2> err
check_status "presd -1 -o under a regular file" 3 $?
check_eq "presd -1 -o under a regular file: error" \
    "presd: a/b: Not a directory" "$(cat err)"

# the override file: the user's status and note win
mkdir cfg
echo 'dnd in a meeting' > cfg/override
presd -1 -t g > out 2> err
check_jq "presd -1: override file sets dnd with a note" \
    '.status == "dnd" and .note == "in a meeting" and
    (keys_unsorted | last) == "note"' out
printf 'away' > cfg/override
presd -1 -t g > out
check_jq "presd -1: override with no note" \
    '.status == "away" and has("note") == false' out
: > cfg/override
presd -1 -t g > out
check_jq "presd -1: an empty override file is no override" \
    '.status == "available"' out
bad() {
	presd -1 -t g > out 2> err
	check_eq "presd -1: $1: warning" "presd: $HAIL_CONFIG_DIR/override: $2; ignored" \
	    "$(cat err)"
	check_jq "presd -1: $1: ignored" '.status == "available"' out
}
echo 'busy all day' > cfg/override
bad "unknown status in override" \
    "the first word is not available, away, xa or dnd"
echo 'offline' > cfg/override
bad "offline in override" "the first word is not available, away, xa or dnd"
printf 'dnd a\033[2Jb\n' > cfg/override
bad "escape in the override note" "the note is not one line of UTF-8 text"
printf 'dnd one\ntwo\n' > cfg/override
bad "two lines in override" "the note is not one line of UTF-8 text"
printf 'dnd \377\n' > cfg/override
bad "invalid UTF-8 in override" "the note is not one line of UTF-8 text"
head -c 300 /dev/zero | tr '\0' x | sed 's/^/dnd /' > cfg/override
bad "a 300-byte note" "the note is too long"
head -c 2000 /dev/zero | tr '\0' x > cfg/override
bad "a 2000-byte override" "too large"
echo dnd > cfg/override
chmod 666 cfg/override
bad "override writable by others" "writable by others"
rm cfg/override
echo dnd > real
ln -s "$PWD/real" cfg/override
presd -1 -t g > out 2> err
check_eq "presd -1: override is a symlink: warning" \
    "presd: $HAIL_CONFIG_DIR/override: Too many levels of symbolic links; ignored" \
    "$(cat err)"
check_jq "presd -1: override is a symlink: ignored" \
    '.status == "available"' out
rm cfg/override

# times that make no sense: before 1970 tells nothing; far ahead is now
touch -a -d @-9223372036854775000 old 2>/dev/null ||
    touch -a -d @-100000 old
presd -1 -t old > out 2> err
check_status "presd -1: an access time before 1970" 0 $?
check_jq "presd -1: an access time before 1970 is no input" \
    '.status == "xa" and .last_input == null' out
touch -a -d '9000-01-01' future
presd -1 -t future > out
check_jq "presd -1: an access time in the year 9000 is now" \
    '.status == "available" and .last_input == .time' out

# closed standard descriptors are not taken by presd's own
touch g
presd -1 -t g >&- 2> err
check_status "presd -1 with stdout closed" 0 $?
presd -1 -t g -o closed >&- 2> err
check_jq "presd -1 with stdout closed: -o still written" \
    '.status == "available"' closed
presd -s -a 100 -x 200 <&- > out 2> err
check_status "presd -s with stdin closed: the end of input" 0 $?
check_eq "presd -s with stdin closed: available, offline" \
    "available offline" "$(statuses out)"

# a running presd with no source at all says nothing and exits 3
presd -t nope > out 2> err
check_status "presd -t missing (running)" 3 $?
check_eq "presd -t missing (running): no line" "" "$(cat out)"
