#!/bin/sh
# bench/presd-idle.sh: presd left alone for a minute (nothing changes),
# against a shell loop that checks a terminal's access time once a second.
# Prints the CPU seconds and wake-ups (voluntary context switches) of each
# over the same minute, start-up excluded, their ratio, and presd's
# resident memory at the start and the end of the minute.
# BENCH_SECONDS changes the minute.
top=$(cd "$(dirname "$0")/.." && pwd) || exit 2
secs=${BENCH_SECONDS:-60}
dir=$(mktemp -d "${TMPDIR:-/tmp}/hail-bench.XXXXXX") || exit 2
pids=
trap 'kill $pids 2>/dev/null; rm -rf "$dir"' EXIT
cd "$dir" || exit 2

# files stand for terminals: one idle an hour (xa: presd polls every 8 s),
# one fresh (available: presd sleeps until the heartbeat)
touch idle fresh
touch -a -d '1 hour ago' idle
cat > loop.sh <<'EOS'
while :; do
	stat -c %X "$1" > /dev/null
	sleep 1
done
EOS

# figures PID: "wake-ups cpu-ticks rss-kB" of PID (and its reaped children)
figures() {
	w=$(sed -n 's/^voluntary_ctxt_switches:[[:space:]]*//p' "/proc/$1/status")
	r=$(sed -n 's/^VmRSS:[[:space:]]*\([0-9]*\).*/\1/p' "/proc/$1/status")
	# utime stime cutime cstime are fields 14-17 of /proc/PID/stat
	t=$(sed 's/^.*) //' "/proc/$1/stat" | awk '{ print $12 + $13 + $14 + $15 }')
	echo "$w $t $r"
}

"$top/presd" -t idle > /dev/null &
xa=$!
"$top/presd" -t fresh > /dev/null &
av=$!
sh loop.sh idle &
lp=$!
pids="$xa $av $lp"
sleep 1
xa1=$(figures $xa) av1=$(figures $av) lp1=$(figures $lp)
sleep "$secs"
xa2=$(figures $xa) av2=$(figures $av) lp2=$(figures $lp)
hz=$(getconf CLK_TCK)

echo "presd idle benchmark: $secs s, run side by side, start-up excluded"
printf '%s %s\n%s %s\n%s %s\n' "$xa1" "$xa2" "$av1" "$av2" "$lp1" "$lp2" |
    awk -v hz="$hz" '
{
	w[NR] = $4 - $1
	c[NR] = ($5 - $2) / hz
	r1[NR] = $3
	r2[NR] = $6
}
END {
	printf "%-24s %6.2f cpu s %7d wake-ups\n", "presd, user xa", c[1], w[1]
	printf "%-24s %6.2f cpu s %7d wake-ups\n", "presd, user available", c[2], w[2]
	printf "%-24s %6.2f cpu s %7d wake-ups\n", "shell loop, 1 s", c[3], w[3]
	printf "presd RSS, start and end: xa %d -> %d kB, available %d -> %d kB\n", r1[1], r2[1], r1[2], r2[2]
	printf "wake-ups, shell loop / presd xa:        %.1f\n", w[3] / (w[1] ? w[1] : 1)
	printf "wake-ups, shell loop / presd available: %.1f\n", w[3] / (w[2] ? w[2] : 1)
}'
