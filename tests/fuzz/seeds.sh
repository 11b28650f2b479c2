#!/bin/sh
# tests/fuzz/seeds.sh: makes each fuzz target's seed directory under
# tests/fuzz/build/seeds/ afresh, from what the tests feed the programs:
# mails and invitations invmk makes (presd and invmk must be built),
# presence lines, sessd's wire lines, the header values and encodings of
# the unit tests, and the mails of Python's email tests (Debian's
# libpython3.11-testsuite) where they are installed.
# usage: sh tests/fuzz/seeds.sh [python-email-data-dir]
set -eu
cd "$(dirname "$0")/../.."

pydata=${1:-/usr/lib/python3.11/test/test_email/data}
out=tests/fuzz/build/seeds
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT

rm -rf "$out"
for t in mime hdr b64 qp json invitation wire; do
	mkdir -p "$out/$t"
done

# seed TARGET NAME TEXT: one seed, TEXT as printf's format would not
# take it: written as it is
seed() {
	printf '%s' "$3" > "$out/$1/$2"
}

# --- mails and invitations made by invmk, as the tests make them
touch "$tmp/f"
./presd -1 -t "$tmp/f" -u alice@example.org > "$tmp/p"
cfg=$tmp/cfg
HAIL_CONFIG_DIR=$cfg ./invmk -f 'Alice Example <alice@example.org>' \
    -t 'Bob <bob@example.net>' -e tcp://127.0.0.1:4000 \
    -r https://r.example.org/card.jq \
    -R "$(printf renderer | sha256sum | cut -d ' ' -f 1)" \
    -P https://www.example.org/hail/alice.json \
    -n 'about the release' < "$tmp/p" > "$out/mime/invmk-tcp"
HAIL_CONFIG_DIR=$cfg ./invmk -f 'Zoë Ünïcode <alice@example.org>' \
    -t bob@example.net -e 'tcp://[::1]:7070' \
    -s 'Grüße, a subject that has to be folded over more than one line' \
    -n 'ça va' < "$tmp/p" > "$out/mime/invmk-utf8"
if command -v openssl > /dev/null 2>&1 &&
    openssl req -x509 -newkey ec -pkeyopt ec_paramgen_curve:P-256 -nodes \
    -subj /CN=alice.example.org -days 2 -keyout "$tmp/key" \
    -out "$tmp/cert" > /dev/null 2>&1; then
	HAIL_CONFIG_DIR=$cfg ./invmk -f alice@example.org \
	    -t bob@example.net -e tls://alice.example.org:7070 \
	    -c "$tmp/cert" < "$tmp/p" > "$out/mime/invmk-tls"
fi
# the invitation part: base64 after its header
for m in "$out"/mime/invmk-*; do
	awk '/^Content-Type: application\/vnd.hail.invitation\+json/ { p = 1 }
	    p && /^$/ { q = 1; next } q && /^--/ { exit } q' "$m" |
	    base64 -d > "$out/invitation/${m##*/}.json"
	cp "$out/invitation/${m##*/}.json" "$out/json/"
	# its header values
	sed -n 's/^\(Subject\|From\|To\|Content-Type\): //p' "$m" |
	    sort -u > "$tmp/values"
	i=0
	while IFS= read -r v; do
		i=$((i + 1))
		seed hdr "${m##*/}-$i" "$v"
	done < "$tmp/values"
done
cp "$tmp/p" "$out/json/presence"

# --- mails of Python's email tests, and their header values
if [ -d "$pydata" ]; then
	for m in "$pydata"/msg_*.txt; do
		cp "$m" "$out/mime/py-${m##*/}"
	done
	cat "$pydata"/msg_*.txt |
	    sed -n 's/^\(Subject\|From\|To\|Cc\|Content-Type\): //p' |
	    sort -u | head -n 200 > "$tmp/values"
	i=0
	while IFS= read -r v; do
		i=$((i + 1))
		seed hdr "py-$i" "$v"
	done < "$tmp/values"
fi

# --- mails of the unit tests' kinds: nesting, encodings, RFC 2231
seed mime nested 'From x
MIME-Version: 1.0
Content-Type: multipart/mixed; boundary="outer"

preamble
--outer
Content-Type: multipart/alternative; boundary=inner

--inner
Content-Type: text/plain; charset*=utf-8'"''"'%E2%82%AC
Content-Transfer-Encoding: quoted-printable

caf=C3=A9 and a soft=
break
--inner
Content-Type: application/octet-stream
Content-Transfer-Encoding: base64

aGVsbG8gd29ybGQ=
--inner--
--outer
Content-Type: message/rfc822

Subject: =?UTF-8?Q?inner_message?=
Content-Type: text/plain; boundary*0="a"; boundary*1=b

body
--outer--
epilogue
'
printf 'Subject: crlf\r\nContent-Type: multipart/mixed;\r\n boundary=b\r\n\r\n--b\r\nContent-Type: text/plain\r\n\r\nx\r\n--b--\r\n' \
    > "$out/mime/crlf"
printf 'Content-Type: multipart/digest; boundary=d\n\n--d\n\nSubject: a\n\none\n--d\n\nSubject: b\n\ntwo\n--d--\n' \
    > "$out/mime/digest"

seed hdr b-word '=?UTF-8?B?w6lsw6hWZQ==?= =?ISO-8859-1?Q?caf=E9?= plain'
seed hdr q-word '=?utf-8*en?q?a_b=3F?=  (comment) "quoted \" x"'
seed hdr mailbox 'Alice Example <alice@example.org>'
seed hdr mailbox-ew '=?UTF-8?Q?Zo=C3=AB?= (c) <zoe@example.org>'
seed hdr round-trip 'Alice "the" Example
alice@example.org'
seed hdr rfc2231 'text/plain; charset*0*=utf-8'"''"'%75tf; charset*1="-8"; boundary*=a'"''"'%41'
seed hdr multipart 'multipart/mixed; boundary="=_hail_0123456789abcdef"'

# --- base64 and quoted-printable
seed b64 hello 'aGVsbG8gd29ybGQ='
seed b64 url '_-8AAQ'
seed b64 one 'YQ=='
printf '\000\001\377\376binary' > "$out/b64/bytes"
seed qp soft 'caf=C3=A9 and a soft=
break with trailing blanks   
=2E and a line
From here
'
seed qp crlf "$(printf 'a=\r\nb =3D c\r\n')"
seed qp bad '=4 =XY =
'
printf 'text\twith\001controls\377\r\n.\nFrom x\n' > "$out/qp/controls"

# --- JSON
seed json values '{"a":[1,-0,2.5e-3,1E+9,true,false,null],"s":"\u00e9\ud83d\ude00\n\"","o":{}}'
seed json deep '[[[[[[[[1]]]]]]]]'
seed json dup '{"a":1,"a":2}'

# --- sessd's wire lines: a hello, then what comes after it
id=0123456789abcdef0123456789abcdef
tok=abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQ
exp=2026-11-25T09:00:12Z
pres=$(cat "$tmp/p")
{
	printf '{"type":"hello","v":1,"id":"%s","user":"bob@example.net","expires":"%s","token":"%s","ack":12}\n' \
	    "$id" "$exp" "$tok"
	printf '{"type":"msg","seq":1,"time":"%s","text":"hello there"}\n' "$exp"
	printf '{"type":"msg","seq":2,"time":"%s","text":"tab\\there \\u00e9 \\"q\\""}\n' "$exp"
	printf '{"type":"ack","seq":2}\n'
	printf '{"type":"presence","presence":%s}\n' "$pres"
	printf '{"type":"state","state":"composing"}\n'
	printf '{"type":"ping"}\n{"type":"pong"}\n{"type":"error","reason":"x"}\n'
	printf '{"type":"bye"}\n'
} > "$out/wire/session"
printf '{"type":"hello","v":1,"id":"%s","user":"bob@example.net","expires":"%s","token":"%s","ack":0,"watch":true,"decline":"not now"}\n' \
    "$id" "$exp" "$tok" > "$out/wire/decline"
printf '{"type":"welcome","v":1,"ack":3,"user":"alice@example.org"}\n{"type":"msg","seq":4,"time":"%s","text":"hi"}\n' \
    "$exp" > "$out/wire/welcome"
cp "$out/wire/session" "$out/json/wire-session"

# the seeds of each, counted
for t in mime hdr b64 qp json invitation wire; do
	printf '%s: %s seeds\n' "$t" "$(find "$out/$t" -type f | wc -l)"
done

