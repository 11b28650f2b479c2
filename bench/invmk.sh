#!/bin/sh
# bench/invmk.sh: 1,000 invitations, invmk against mblaze's mmime building a
# comparable three-part multipart/alternative (text, HTML, JSON) from the
# same contents; prints each one's median time per mail and the ratio.
# BENCH_MAILS changes the count.
top=$(cd "$(dirname "$0")/.." && pwd) || exit 2
n=${BENCH_MAILS:-1000}
dir=$(mktemp -d "${TMPDIR:-/tmp}/hail-bench.XXXXXX") || exit 2
trap 'rm -rf "$dir"' EXIT
cd "$dir" || exit 2
HAIL_CONFIG_DIR=$dir/cfg
export HAIL_CONFIG_DIR

touch f
"$top/presd" -1 -t f -u alice@example.org > presence
"$top/invmk" -f 'Alice Example <alice@example.org>' -t bob@example.net \
    -e tcp://127.0.0.1:4000 < presence > sample
# the same three contents for mmime, as files
python3 "$top/tests/tools/mailparts.py" sample parts
cat > template <<EOS
From: Alice Example <alice@example.org>
To: bob@example.net
Subject: Alice Example invites you to talk (available)

#text/plain#inline $dir/parts/part.1
#text/html#inline $dir/parts/part.2
#application/vnd.hail.invitation+json#inline $dir/parts/part.3
EOS

# timeit NAME COMMAND...: runs COMMAND n times, one nanosecond figure a line
timeit() {
	name=$1
	shift
	i=0
	while [ $i -lt "$n" ]; do
		t0=$(date +%s%N)
		"$@" > /dev/null
		t1=$(date +%s%N)
		echo $((t1 - t0))
		i=$((i + 1))
	done > "$name.ns"
}
timeit invmk sh -c "exec '$top/invmk' -f 'Alice Example <alice@example.org>' \
    -t bob@example.net -e tcp://127.0.0.1:4000 < presence"
timeit mmime sh -c "exec mmime -t multipart/alternative < template"

median() {
	sort -n "$1.ns" | awk '{ v[NR] = $1 } END { print v[int((NR + 1) / 2)] }'
}
mi=$(median invmk)
mm=$(median mmime)
echo "invmk against mmime, $n mails each (each through sh -c, the same for both)"
awk -v a="$mi" -v b="$mm" 'BEGIN {
	printf "invmk median  %8.3f ms\n", a / 1e6
	printf "mmime median  %8.3f ms\n", b / 1e6
	printf "invmk / mmime %8.2f (target: 1.00 or less)\n", a / b
}'
