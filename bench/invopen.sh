#!/bin/sh
# bench/invopen.sh: invopen as a mail filter, against maildrop's reformime
# and mblaze's mshow reading the same mails:
# - a 2 KB mail with no invitation, BENCH_RUNS (1,000) runs each, with
#   true(1) as the floor that process start sets; medians (bench/runs);
# - a 50 MB base64 attachment with the invitation last: seconds and peak
#   resident memory of each (GNU time);
# - decoding throughput of lib/mime (bench/decode) against base64 -d.
top=$(cd "$(dirname "$0")/.." && pwd) || exit 2
n=${BENCH_RUNS:-1000}
dir=$(mktemp -d "${TMPDIR:-/tmp}/hail-bench.XXXXXX") || exit 2
trap 'rm -rf "$dir"' EXIT
cd "$dir" || exit 2
HAIL_CONFIG_DIR=$dir/cfg HAIL_STATE_DIR=$dir/state HAIL_CACHE_DIR=$dir/cache
export HAIL_CONFIG_DIR HAIL_STATE_DIR HAIL_CACHE_DIR
mkdir mblaze
touch mblaze/seq
MBLAZE=$dir/mblaze
export MBLAZE

# a 2 KB mail of the usual kind: text and HTML, no invitation
{
	printf 'From: Carol <carol@example.org>\nTo: bob@example.net\n'
	printf 'Subject: lunch\nMIME-Version: 1.0\n'
	printf 'Content-Type: multipart/alternative; boundary="b"\n\n--b\n'
	printf 'Content-Type: text/plain; charset=utf-8\n\n'
	i=0
	while [ $i -lt 10 ]; do
		echo "Shall we have lunch at noon? The place by the river. $i"
		i=$((i + 1))
	done
	printf -- '--b\nContent-Type: text/html; charset=utf-8\n\n<p>'
	i=0
	while [ $i -lt 10 ]; do
		echo "Shall we have lunch at noon? The place by the river. $i"
		i=$((i + 1))
	done
	printf -- '</p>\n--b--\n'
} > small

# each run timed from fork to reaping by bench/runs: the median, in ms
ms() {
	"$top/bench/runs" "$n" small "$@" |
	    awk '{ printf "%8.3f", $1 / 1000 }'
}
echo "a 2 KB mail with no invitation, $n runs each (median, ms)"
echo "  true      $(ms true)"
echo "  invopen   $(ms "$top/invopen" -q)"
echo "  reformime $(ms reformime -i)"
echo "  mshow     $(ms mshow -t /dev/stdin)"

# a 50 MB attachment, then the invitation
touch f
"$top/presd" -1 -t f -u alice@example.org > p
"$top/invmk" -f alice@example.org -t bob@example.net \
    -e tcp://alice.example.org:7070 < p > inv.eml
"$top/invopen" -d inv.eml > inv.json
python3 "$top/tests/tools/mkmail.py" big inv.json > big.eml
# peak COMMAND...: "seconds peak-RSS-KiB" of COMMAND reading big.eml
peak() {
	/usr/bin/time -f '%e %M' "$@" < big.eml 2>&1 > /dev/null | tail -n 1
}
echo "a 50 MB base64 attachment, the invitation last (seconds, peak KiB)"
echo "  invopen    $(peak "$top/invopen" -q)"
echo "  reformime  $(peak reformime -i)"
echo "  mshow      $(peak mshow -t /dev/stdin)"

# decoding throughput: 100 MB as base64, and 30 MB of text as QP
head -c 100000000 /dev/urandom > raw
base64 -w 76 raw > b64
{
	printf 'Content-Transfer-Encoding: base64\n\n'
	cat b64
} > m64
python3 - <<'EOP'
import quopri
line = 'Les invitations arrivent à l’heure: déjà 3 = trois, naïve café\n'
text = (line * (30000000 // len(line.encode()))).encode()
open('qptext', 'wb').write(quopri.encodestring(text))
EOP
{
	printf 'Content-Transfer-Encoding: quoted-printable\n\n'
	cat qptext
} > mqp
rate() {
	python3 - "$@" <<'EOP'
import os, subprocess, sys, time
size = os.path.getsize(sys.argv[1])
t = time.monotonic()
with open(sys.argv[1], 'rb') as f:
    subprocess.run(sys.argv[2:], stdin=f, stdout=subprocess.DEVNULL)
print('%7.1f MB/s of input' % (size / (time.monotonic() - t) / 1e6))
EOP
}
echo "decoding throughput"
echo "  base64 -d         $(rate b64 base64 -d)"
echo "  lib/mime base64   $(rate m64 "$top/bench/decode")"
echo "  lib/mime QP text  $(rate mqp "$top/bench/decode")"
