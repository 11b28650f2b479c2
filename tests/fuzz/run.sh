#!/bin/sh
# tests/fuzz/run.sh: replays every fuzz target's regression inputs
# (tests/fuzz/regress/TARGET/), then fuzzes each target in turn for
# SECONDS from its working corpus (tests/fuzz/build/corpus/TARGET, kept
# between runs) and its seeds, and prints the figures libFuzzer gives at
# the end. With a RESULTS file, writes them there with the date and
# commit. Fails if any target crashes, leaks, runs out of memory, times
# out on one input or breaks a property it checks; what caused it is
# kept in tests/fuzz/build/artifacts/TARGET/.
# usage: sh tests/fuzz/run.sh seconds [results-file]
set -u
cd "$(dirname "$0")/../.." || exit 2
secs=${1:?usage: sh tests/fuzz/run.sh seconds [results-file]}
results=${2:-}
build=tests/fuzz/build
targets="mime hdr b64 qp json invitation wire"
# a hang is an input that takes over this long; memory is capped too
limits="-timeout=10 -rss_limit_mb=2048"
failed=0
table=$build/figures
: > "$table"

for t in $targets; do
	case $t in
	mime) dict=mime; len=65536 ;;
	hdr) dict=mime; len=4096 ;;
	b64|qp) dict=qp; len=4096 ;;
	json) dict=json; len=8192 ;;
	invitation|wire) dict=json; len=16384 ;;
	esac
	bin=$build/$t
	log=$build/$t.log
	art=$build/artifacts/$t
	mkdir -p "$build/corpus/$t" "$art" "$build/seeds/$t"

	# the inputs of bugs found before, each run once
	set -- tests/fuzz/regress/"$t"/*
	if [ -e "$1" ]; then
		# shellcheck disable=SC2086 # limits: several options
		if ! "$bin" $limits "$@" > "$log" 2>&1; then
			printf 'fuzz %s: a regression input fails again:\n' "$t"
			tail -n 30 "$log"
			failed=1
			continue
		fi
	fi

	before=$(find "$art" -type f | wc -l)
	# shellcheck disable=SC2086
	"$bin" $limits -max_total_time="$secs" -max_len="$len" \
	    -dict="tests/fuzz/dict/$dict.dict" -print_final_stats=1 \
	    -artifact_prefix="$art/" "$build/corpus/$t" "$build/seeds/$t" \
	    > "$log" 2>&1
	rc=$?
	crashes=$(($(find "$art" -type f | wc -l) - before))
	execs=$(sed -n 's/^stat::number_of_executed_units: *//p' "$log")
	rate=$(sed -n 's/^stat::average_exec_per_sec: *//p' "$log")
	last=$(grep 'cov: ' "$log" | tail -n 1)
	cov=$(printf '%s\n' "$last" | sed -n 's/.*cov: \([0-9]*\).*/\1/p')
	ft=$(printf '%s\n' "$last" | sed -n 's/.* ft: \([0-9]*\).*/\1/p')
	corpus=$(find "$build/corpus/$t" -type f | wc -l)
	printf '%-10s %7s %10s %8s %7s %6s %6s %7s\n' "$t" "$secs" \
	    "${execs:-?}" "${rate:-?}" "$corpus" "${cov:-?}" "${ft:-?}" \
	    "$crashes" >> "$table"
	if [ "$rc" -ne 0 ]; then
		printf 'fuzz %s: failed (status %s):\n' "$t" "$rc"
		grep -A 30 -m 1 'ERROR\|==ERROR\|deadly signal\|timeout' \
		    "$log" | head -n 40
		ls "$art"
		failed=1
	fi
done

header=$(printf '%-10s %7s %10s %8s %7s %6s %6s %7s' target seconds \
    execs execs/s corpus cov ft crashes)
printf '%s\n' "$header"
cat "$table"
if [ -n "$results" ]; then
	{
		printf '# tests/fuzz/RESULTS: the last long fuzzing run (make'
		printf ' fuzz-long), one target at a time.\n'
		printf '# execs, execs/s: libFuzzer final stats; corpus: inputs'
		printf ' kept; cov, ft: coverage\n# and features at the end;'
		printf ' crashes: crashes, leaks, hangs and property\n'
		printf '# violations found in this run.\n'
		printf 'date: %s\n' "$(date -u +%Y-%m-%dT%H:%M:%SZ)"
		printf 'commit: %s\n' "$(git rev-parse --short HEAD 2>/dev/null ||
		    echo unknown)"
		printf 'host: %s CPUs, %s\n\n' "$(getconf _NPROCESSORS_ONLN)" \
		    "$(${FUZZ_CC:-clang} --version | head -n 1)"
		printf '%s\n' "$header"
		cat "$table"
	} > "$results"
fi
exit "$failed"
