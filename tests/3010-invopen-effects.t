#!/bin/sh
# shellcheck disable=SC2016 # '$(...)' is data here, on purpose
# what invopen does to the system, watched with strace over hostile mail:
# nothing is run but jq, and nothing is written outside hail's state
# directory, whatever the invitation's fields hold
. "$HAIL_TOP/tests/lib.sh"

HAIL_CONFIG_DIR=$PWD/cfg
HAIL_STATE_DIR=$PWD/state
HAIL_CACHE_DIR=$PWD/cache
HAIL_CARD=$PWD/card.jq
MAILCAPS=$PWD/no-mailcap
export HAIL_CONFIG_DIR HAIL_STATE_DIR HAIL_CACHE_DIR HAIL_CARD MAILCAPS
echo '"card: \(.note)"' > card.jq

touch f
presd -1 -t f -u alice@example.org > p
invmk -f 'Alice; $(touch pwned1) <alice@example.org>' -t bob@example.net \
    -e tcp://alice.example.org:7070 \
    -n '$(touch pwned2) `touch pwned3`; touch pwned4 | ../../x && $HOME' \
    < p > mail
python3 "$HAIL_TOP/tests/tools/mailparts.py" mail py
mkdir mails
cp mail mails/good
for k in crlf two forwarded truncated badb64 manyparts deep dupct; do
	python3 "$HAIL_TOP/tests/tools/mkmail.py" "$k" py/part.3 > "mails/$k"
done
jq -c '.id = "../../../../tmp/pwned5"' py/part.3 > badid.json
python3 "$HAIL_TOP/tests/tools/mkmail.py" plain badid.json > mails/badid
jq -c '.session.endpoint = "tcp://$(touch pwned6):1"' py/part.3 > bad.json
python3 "$HAIL_TOP/tests/tools/mkmail.py" plain bad.json > mails/badendpoint

jq=$(command -v jq)
me=$(command -v invopen)
# watch ARG...: invopen ARG... under strace; sets $st, $execs (every
# program run, one a line, invopen itself left out) and $writes (every
# path opened for writing, made, renamed, linked or removed, one a line)
calls=execve,open,openat,creat,mkdir,mkdirat,rename,renameat,renameat2
calls=$calls,link,linkat,symlink,symlinkat,unlink,unlinkat
watch() {
	# LeakSanitizer cannot work under ptrace: no leak checks here (the
	# other tests make them), the rest of ASan still on
	ASAN_OPTIONS=${ASAN_OPTIONS:+$ASAN_OPTIONS:}detect_leaks=0 \
	    strace -f -qq -o trace -e trace="$calls" invopen "$@" > out 2> err
	st=$?
	execs=$(sed -n 's/^[0-9]* *execve("\([^"]*\)".*= 0$/\1/p' trace |
	    grep -v -x -F "$me" | sort -u)
	writes=$({
		grep -E 'open(at)?\(.*(O_WRONLY|O_RDWR|O_CREAT)' trace
		grep -E '(mkdir|mkdirat|rename|renameat2?|link|linkat|symlink|symlinkat|unlink|unlinkat|creat)\(' trace
	} | grep -v ' = -1 ' | grep -o '"[^"]*"' | tr -d '"' | sort -u)
}
# outside: the paths of $writes that are not under DIR or /dev/null
outside() {
	printf '%s\n' "$writes" |
	    grep -v -e "^$1/" -e "^$1\$" -e '^/dev/null$' -e '^$' \
	    -e "^$HAIL_TESTDIR/sanitizer\\."
}

for m in mails/*; do
	rm -rf state
	watch "$m"
	if [ "$st" -eq 0 ]; then
		check_eq "$m: accepted; nothing run but jq" "$jq" "$execs"
	else
		check_eq "$m: refused ($st); nothing run" "" "$execs"
	fi
	check_eq "$m: nothing written outside the state directory" "" \
	    "$(outside "$PWD/state")"
	watch -p "$m"
	check_eq "$m, -p: nothing run" "" "$execs"
	check_eq "$m, -p: nothing written outside the state directory" "" \
	    "$(outside "$PWD/state")"
done
rm -rf state
watch mails/good
check_eq "the good mail: its card, the note as data" \
    "card: \$(touch pwned2) \`touch pwned3\`; touch pwned4 | ../../x && \$HOME" \
    "$(cat out)"
check_eq "no file any field named was made" "" \
    "$(find / -xdev -name 'pwned[0-9]' 2>/dev/null | head -n 3)"
