#!/bin/sh
# shellcheck disable=SC2154 # bgpid, smtp_port, smtpd_pid: set by tests/lib.sh
# invmk: the invitation mail, read back by independent readers (Python's
# email package, maildrop's reformime, mblaze's mshow), its token checked
# with openssl, and every refusal of what a header must not carry
. "$HAIL_TOP/tests/lib.sh"

HAIL_CONFIG_DIR=$PWD/cfg
export HAIL_CONFIG_DIR
mkdir mblaze	# mblaze's profile directory, empty
sha=$(printf 'renderer' | sha256sum | cut -d ' ' -f 1)
touch f
presd -1 -t f -u alice@example.org > p
presd -1 -t f -u a@example.org > pa
presd -1 -t f -u zoe@example.org > pz
invmk -f 'Alice Example <alice@example.org>' -t 'Bob <bob@example.net>' \
    -e tcp://127.0.0.1:4000 -r https://r.example.org/card.jq -R "$sha" \
    -n 'about the release' < p > mail 2> err
check_status "invmk" 0 $?
check_eq "invmk: nothing on stderr" "" "$(cat err)"
check_eq "the secret: made on first use, mode 0600, 32 bytes" "600 32" \
    "$(stat -c '%a %s' cfg/secret)"

# Python's email package
python3 "$HAIL_TOP/tests/tools/mailparts.py" mail py
check_eq "python: no defects" "" "$(cat py/defects)"
check_eq "python: the three parts, their types and charsets" \
    "multipart/alternative -
text/plain utf-8
text/html utf-8
application/vnd.hail.invitation+json -" "$(cat py/structure)"
id=$(jq -r .id py/part.3)
check_eq "python: the headers" "From: Alice Example <alice@example.org>
To: Bob <bob@example.net>
Subject: Alice Example invites you to talk (available)
X-Hail-Invitation: $id" "$(cat py/headers)"

# the invitation, every field
pres=$(jq -c . p)
check_jq "invitation: every field" "
	.v == 1 and (.id | test(\"^[0-9a-f]{32}\$\")) and
	.from == \"alice@example.org\" and .from_name == \"Alice Example\" and
	.to == \"bob@example.net\" and
	((.expires | fromdate) - (.created | fromdate) == 86400) and
	((.created | fromdate) - now | fabs < 10) and
	(.presence | tojson) == $(printf '%s' "$pres" | jq -R .) and
	.session == {\"endpoint\": \"tcp://127.0.0.1:4000\"} and
	(.token | test(\"^[A-Za-z0-9_-]{43}\$\")) and
	.renderer == {\"url\": \"https://r.example.org/card.jq\",
	    \"sha256\": \"$sha\"} and
	.note == \"about the release\" and
	(keys_unsorted == [\"v\",\"id\",\"from\",\"from_name\",\"to\",
	    \"created\",\"expires\",\"presence\",\"session\",\"token\",
	    \"renderer\",\"note\"])" py/part.3
check_match "the text part says who, presence and how to join" \
    "^Alice Example <alice@example.org> invites you" "$(cat py/part.1)"
check_match "the text part names the renderer" "sha256 $sha" \
    "$(cat py/part.1)"
check_match "the HTML part is a card with the inviter" \
    "<b>Alice Example</b> invites you" "$(cat py/part.2)"
check_eq "python: the Date field is the invitation's created time" \
    "$(jq -r '.created | fromdate' py/part.3)" "$(cat py/date)"
check_match "the Date field's form" \
    '^Date: (Mon|Tue|Wed|Thu|Fri|Sat|Sun), [0-9]{2} (Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Oct|Nov|Dec) [0-9]{4} [0-9]{2}:[0-9]{2}:[0-9]{2} \+0000$' \
    "$(grep '^Date: ' mail)"
check_match "Message-ID carries the id" "^Message-ID: <$id.hail@example.org>\$" \
    "$(cat mail)"

# the token, by openssl's HMAC with the secret
# tok ID TO EXPIRES: the token openssl computes
tok() {
	printf 'hail-v1\n%s\n%s\n%s' "$1" "$2" "$3" |
	    openssl dgst -sha256 -mac HMAC \
	    -macopt "hexkey:$(od -An -tx1 cfg/secret | tr -d ' \n')" -binary |
	    base64 | tr '+/' '-_' | tr -d '=\n'
}
exp=$(jq -r .expires py/part.3)
check_eq "the token verifies with openssl's HMAC-SHA256" \
    "$(jq -r .token py/part.3)" "$(tok "$id" bob@example.net "$exp")"
if [ "$(tok "$id" eve@example.net "$exp")" = "$(jq -r .token py/part.3)" ]; then
	fail "a changed to does not verify"
else
	pass "a changed to does not verify"
fi
if [ "$(tok "$id" bob@example.net "2099-01-01T00:00:00Z")" = \
    "$(jq -r .token py/part.3)" ]; then
	fail "a changed expires does not verify"
else
	pass "a changed expires does not verify"
fi

# maildrop's reformime and mblaze's mshow see the same structure
check_eq "reformime -i: the same structure" \
    "multipart/alternative text/plain text/html application/vnd.hail.invitation+json" \
    "$(reformime -i < mail | sed -n 's/^content-type: //p' | tr '\n' ' ' |
    sed 's/ $//')"
check_eq "mshow -t: the same structure" \
    "multipart/alternative text/plain text/html application/vnd.hail.invitation+json" \
    "$(MBLAZE=$PWD/mblaze mshow -t ./mail | awk 'NR > 1 { print $2 }' |
    tr '\n' ' ' | sed 's/ $//')"

# names and subjects beyond ASCII decode back exactly, folded
name='Zoë Ålice 山田太郎 🎉'
subj='Über das Gespräch — 会話に招待します 🎉🎉 and a long tail that must fold somewhere'
invmk -f "$name <zoe@example.org>" -t "\"Doe, John\" <j@example.net>" \
    -s "$subj" -e tcp://127.0.0.1:4000 < pz > mail2
check_status "invmk with non-ASCII names and subject" 0 $?
python3 "$HAIL_TOP/tests/tools/mailparts.py" mail2 py2
check_eq "python: non-ASCII name, quoted name and subject decode exactly" \
    "From: $name <zoe@example.org>
To: \"Doe, John\" <j@example.net>
Subject: $subj" "$(head -n 3 py2/headers)"
check_eq "python: no defects with non-ASCII headers" "" "$(cat py2/defects)"
long=$(awk 'length > 78' mail2 | head -n 1)
check_eq "no header or body line longer than 78 columns" "" "$long"
check_eq "reformime: the subject decodes exactly" "$subj" \
    "$(reformime -h "$(grep -A3 '^Subject:' mail2 |
    awk 'NR == 1 || /^ /' | tr -d '\n' | sed 's/^Subject: //')" 2>/dev/null ||
    echo "reformime -h missing")"
check_eq "an encoded-word lookalike stays text" "=?UTF-8?B?YQpCY2M6IHg=?=" \
    "$(invmk -f a@example.org -t b@example.org -e tcp://h.example:1 \
    -s '=?UTF-8?B?YQpCY2M6IHg=?=' < pa > mail3 &&
    python3 "$HAIL_TOP/tests/tools/mailparts.py" mail3 py3 &&
    sed -n 's/^Subject: //p' py3/headers)"

# refusals: exit 2, a message, nothing on stdout
nl='
'
cr=$(printf '\r')
refuse() {
	what=$1
	shift
	invmk "$@" < pa > out 2> err
	check_status "refused: $what" 2 $?
	check_eq "refused: $what: nothing on stdout" "" "$(cat out)"
	if [ -s err ]; then
		pass "refused: $what: a message"
	else
		fail "refused: $what: a message"
	fi
}
base="-f a@example.org -t b@example.org -e tcp://h.example:1"
# shellcheck disable=SC2086
{
refuse "newline in the subject" $base -s "a${nl}Bcc: eve@example.org"
refuse "CR in the subject" $base -s "a${cr}b"
refuse "ESC in the note" $base -n "$(printf 'a\033[2Jb')"
refuse "newline in -t" -f a@example.org -t "b@example.org${nl}Bcc: e@x.org" \
    -e tcp://h.example:1
refuse "CR in -f" -f "A${cr} <a@example.org>" -t b@example.org \
    -e tcp://h.example:1
refuse "two @ in -t" -f a@example.org -t b@@example.org -e tcp://h.example:1
refuse "two addresses in -t" -f a@example.org \
    -t "B <b@example.org> <c@example.org>" -e tcp://h.example:1
refuse "no -f" -t b@example.org -e tcp://h.example:1
refuse "no -e" -f a@example.org -t b@example.org
refuse "an ftp endpoint" -f a@example.org -t b@example.org -e ftp://h.example:1
refuse "port 0" -f a@example.org -t b@example.org -e tcp://h.example:0
refuse "port 65536" -f a@example.org -t b@example.org -e tcp://h.example:65536
refuse "an address spelled as a host name" -f a@example.org -t b@example.org \
    -e tcp://0x7f.1:7070
refuse "no port" -f a@example.org -t b@example.org -e tcp://h.example
refuse "a tls endpoint without a certificate" -f a@example.org \
    -t b@example.org -e tls://h.example:443
refuse "an http renderer" $base -r http://r.example.org/x -R "$sha"
refuse "-r without -R" $base -r https://r.example.org/x
refuse "upper-case sha256" $base -r https://r.example.org/x \
    -R "$(printf '%s' "$sha" | tr a-f A-F)"
refuse "a short sha256" $base -r https://r.example.org/x -R abc
refuse "a lifetime of 10 s" $base -x 10
refuse "a right-to-left override in the subject" $base \
    -s "$(printf 'invoice \342\200\256fdp.exe')"
refuse "a right-to-left override in a name" \
    -f "$(printf 'Alice \342\200\256evil\342\200\254 <a@example.org>')" \
    -t b@example.org -e tcp://h.example:1
refuse "a bidirectional isolate in the note" $base \
    -n "$(printf 'a \342\201\246b\342\201\251')"
refuse "a line separator (U+2028) in the note" $base \
    -n "$(printf 'a\342\200\250Bcc: e@x.org')"
}
# shellcheck disable=SC2086
invmk $base -s "$(printf 'Shalom \327\251\327\234\327\225\327\235 \342\200\217ok')" \
    < pa > out 2> err
check_status "Hebrew text and a right-to-left mark are text" 0 $?

# the presence must be the inviter's, and current
# shellcheck disable=SC2086
invmk $base < p > out 2> err
check_status "another user's presence is refused" 3 $?
check_eq "another user's presence: the message" \
    "invmk: stdin: the presence of alice@example.org, not of a@example.org (presd -u sets the user)" \
    "$(cat err)"
check_eq "another user's presence: nothing on stdout" "" "$(cat out)"
presd -1 -t f -u a@EXAMPLE.org > pA
# shellcheck disable=SC2086
invmk $base < pA > out 2> err
check_status "the domain may differ in case" 0 $?
jq -c '.expires = "2026-01-01T00:00:00Z" | .time = "2025-12-31T23:59:00Z" |
    .since = .time | .last_input = .time' pa > pold
# shellcheck disable=SC2086
invmk $base pold > out 2> err
check_status "an expired presence line is refused" 3 $?
check_eq "an expired presence line: the message" \
    "invmk: pold: the presence line expired at 2026-01-01T00:00:00Z; is presd running?" \
    "$(cat err)"
check_eq "an expired presence line: nothing on stdout" "" "$(cat out)"

# the secret: others must not read it
chmod 644 cfg/secret
# shellcheck disable=SC2086
invmk $base < pa > out 2> err
check_status "a secret others can read" 3 $?
check_eq "a secret others can read: message" \
    "invmk: $HAIL_CONFIG_DIR/secret: readable or writable by group or others" \
    "$(cat err)"
chmod 600 cfg/secret
echo 'not a presence line' | invmk -f a@example.org -t b@example.org \
    -e tcp://h.example:1 > out 2> err
check_status "not a presence line on stdin" 3 $?
check_eq "not a presence line: nothing on stdout" "" "$(cat out)"

# the secret itself never travels: not in the mail in any encoding
hexkey=$(od -An -tx1 cfg/secret | tr -d ' \n')
b64key=$(base64 -w0 < cfg/secret)
b64ukey=$(printf '%s' "$b64key" | tr '+/' '-_' | tr -d '=')
if grep -qiF -e "$hexkey" -e "$b64key" -e "$b64ukey" mail py/part.1 py/part.2 \
    py/part.3; then
	fail "the secret is nowhere in the mail"
else
	pass "the secret is nowhere in the mail"
fi

# the listener's certificate: pinned as PEM; CRLF files are read as LF;
# anything that is not certificates (a key above all) is refused
make_ca ca
make_cert ca listener alice.example.org
# shellcheck disable=SC2086
invmk -f a@example.org -t b@example.org -e tls://alice.example.org:7070 \
    -c ca/listener.pem < pa > mailc 2> err
check_status "invmk -c with a certificate" 0 $?
python3 "$HAIL_TOP/tests/tools/mailparts.py" mailc pyc
check_eq "the invitation pins the certificate, as it is in the file" \
    "$(cat ca/listener.pem)" "$(jq -r .session.certificate pyc/part.3)"
sed 's/$/\r/' ca/listener.pem > crlf.pem
invmk -f a@example.org -t b@example.org -e tls://alice.example.org:7070 \
    -c crlf.pem < pa > mailc2 2> err
check_status "invmk -c with a CRLF certificate" 0 $?
python3 "$HAIL_TOP/tests/tools/mailparts.py" mailc2 pyc2
check_eq "a CRLF certificate is pinned with LF lines" \
    "$(cat ca/listener.pem)" "$(jq -r .session.certificate pyc2/part.3)"
cat ca/listener.pem ca/listener.key > withkey.pem
sed -n '2,$p' ca/listener.key | grep -v -- '-----' > keybody
cat ca/listener.pem keybody > withkeybody.pem
head -n 1 ca/listener.pem > beginonly.pem
for c in withkey.pem withkeybody.pem beginonly.pem ca/listener.key; do
	invmk -f a@example.org -t b@example.org \
	    -e tls://alice.example.org:7070 -c "$c" < pa > out 2> err
	check_status "invmk -c $c refused" 3 $?
	check_eq "invmk -c $c: nothing on stdout" "" "$(cat out)"
	check_match "invmk -c $c: says why" "^invmk: $c: not a PEM certificate" \
	    "$(cat err)"
done

# names with specials, quoted; '<' and '>' inside quotes too
for n in 'Smith <Sales>' 'a "q" b\c' 'Doe, John; Jr. @ home'; do
	q=$(printf '%s' "$n" | sed 's/[\\"]/\\&/g')
	invmk -f "\"$q\" <a@example.org>" -t b@example.org \
	    -e tcp://h.example:1 < pa > mailn 2> err
	check_status "invmk with the name $n" 0 $?
	python3 "$HAIL_TOP/tests/tools/mailparts.py" mailn pyn
	check_eq "python reads the name $n back" \
	    "From: \"$q\" <a@example.org>" "$(head -n 1 pyn/headers)"
	check_jq "the invitation holds the name $n" \
	    ".from_name == $(printf '%s' "$n" | jq -R .)" pyn/part.3
done

# a long address with no name, and a name too long for a subject
long=$(printf 'a%.0s' $(seq 64))@example.org
presd -1 -t f -u "$long" > plong
invmk -f "$long" -t b@example.org -e tcp://h.example:1 < plong > out 2> err
check_status "a 76-byte address with no name" 0 $?
big=$(printf 'Zoë %.0s' $(seq 178))
big=${big% }
invmk -f "$big <a@example.org>" -t b@example.org -e tcp://h.example:1 \
    < pa > mailb 2> err
check_status "an 889-byte name: the default subject is cut" 0 $?
check_eq "a long name: nothing on stderr" "" "$(cat err)"
check_eq "no line with encoded words longer than 76 columns" "" \
    "$(grep '=?UTF-8?' mailb | awk 'length > 76')"

# a name of many encoded words: reformime reads it back exactly (Python
# 3.11 puts a space between some adjacent encoded words, CPython issue
# 128110, so it is not the judge here)
name='山田太郎山田太郎山田太郎山田太郎山田太郎 Zoë'
invmk -f "$name <a@example.org>" -t b@example.org -e tcp://h.example:1 \
    < pa > mailm
check_eq "reformime: a name of several encoded words decodes exactly" \
    "$name <a@example.org>" \
    "$(reformime -h "$(awk '/^From:/ { f = 1; sub(/^From: */, ""); printf "%s", $0; next }
    f && /^ / { printf "%s", $0; next } { f = 0 }' mailm)")"

# endpoints and URLs that are not what they claim
for e in 'tcp://[....]:1' 'tcp://[1.2.3.4]:5' 'tcp://999.999.999.999:1' \
    'tcp://[::1' 'tcp://a_b.example:1'; do
	invmk -f a@example.org -t b@example.org -e "$e" < pa > out 2> err
	check_status "endpoint $e refused" 2 $?
done
invmk -f a@example.org -t b@example.org -e 'tcp://[::1]:7070' < pa > out
check_status "endpoint tcp://[::1]:7070" 0 $?
for u in 'https://@' 'https://user:pw@r.example.org/x' 'https:///x'; do
	invmk -f a@example.org -t b@example.org -e tcp://h.example:1 \
	    -r "$u" -R "$sha" < pa > out 2> err
	check_status "renderer URL $u refused" 2 $?
done

# first use on a fresh account: ~/.config does not exist yet
(
	unset HAIL_CONFIG_DIR XDG_CONFIG_HOME
	HOME=$PWD/fresh
	export HOME
	mkdir fresh
	invmk -f a@example.org -t b@example.org -e tcp://h.example:1 < pa > out
	check_status "invmk on a fresh account" 0 $?
	check_eq "the secret is made under ~/.config/hail, 0700 directories" \
	    "700 700 600" "$(stat -c %a fresh/.config fresh/.config/hail \
	    fresh/.config/hail/secret | tr '\n' ' ' | sed 's/ $//')"
)

# the presence line from a file; the HTML card has the text part's facts
invmk -f alice@example.org -t b@example.org -e tcp://h.example:1 \
    -r https://r.example.org/card.jq -R "$sha" -P https://p.example.org/a \
    p < /dev/null > mailf 2> err
check_status "invmk with the presence line in a file" 0 $?
python3 "$HAIL_TOP/tests/tools/mailparts.py" mailf pyf
check_jq "the presence from the file" ".presence == $(jq -c . p)" pyf/part.3
check_jq "-P: presence_url" '.presence_url == "https://p.example.org/a"' \
    pyf/part.3
for f in 'https://r.example.org/card.jq' "$sha" 'https://p.example.org/a' \
    'The invitation expires'; do
	check_match "the HTML card names $f" "$f" "$(cat pyf/part.2)"
	check_match "the text part names $f" "$f" "$(cat pyf/part.1)"
done
invmk -f a@example.org -t b@example.org -e tcp://h.example:1 nope \
    > out 2> err
check_status "invmk with a missing presence file" 3 $?
check_eq "invmk with a missing presence file: message" \
    "invmk: nope: No such file or directory" "$(cat err)"
invmk -f a@example.org -t b@example.org -e "$(printf 'tcp://\033[2Jx:1')" \
    < pa > out 2> err
check_eq "a bad endpoint is not echoed to the terminal" \
    "invmk: endpoint: not tcp://host:port or tls://host:port" \
    "$(head -n 1 err)"

# a dnd inviter: all three parts say so (the text and HTML in words)
mkdir dndcfg
echo 'dnd in a meeting' > dndcfg/override
HAIL_CONFIG_DIR=$PWD/dndcfg presd -1 -t f -u alice@example.org > pd
invmk -f 'Alice Example <alice@example.org>' -t bob@example.net \
    -e tcp://h.example:1 < pd > maild 2> err
check_status "invmk from a dnd inviter" 0 $?
python3 "$HAIL_TOP/tests/tools/mailparts.py" maild pyd
check_eq "dnd: the text part, in words" \
    'Presence: dnd, last input LI, "in a meeting".
Alice Example is busy (do not disturb) and may not answer at once.' \
    "$(sed -n '3,4p' pyd/part.1 | sed 's/last input [^,]*/last input LI/')"
check_eq "dnd: the HTML part, in words" \
    '<p>Presence: <b>dnd</b>, last input LI, &ldquo;in a meeting&rdquo;</p>
<p>Alice Example is <b>busy</b> (do not disturb) and may not answer at once.</p>' \
    "$(grep -A1 '^<p>Presence:' pyd/part.2 |
    sed 's/last input [^,]*/last input LI/')"
check_jq "dnd: the invitation part" \
    '.presence.status == "dnd" and .presence.note == "in a meeting"' \
    pyd/part.3
check_eq "dnd: the subject" \
    "Subject: Alice Example invites you to talk (dnd)" \
    "$(grep '^Subject' pyd/headers)"
check_eq "available: no such words" "" \
    "$(grep -h 'do not disturb' py/part.1 py/part.2)"
