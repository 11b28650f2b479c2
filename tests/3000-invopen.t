#!/bin/sh
# shellcheck disable=SC2016 # '$(...)' and '$ENV' are data here, on purpose
# invopen: invitations found, checked, stored and shown; every hostile
# mail of hardening.md refused or read by its documented rule, with no
# crash, no hang and nothing written outside hail's directories
. "$HAIL_TOP/tests/lib.sh"

HAIL_CONFIG_DIR=$PWD/cfg
HAIL_STATE_DIR=$PWD/state
HAIL_CACHE_DIR=$PWD/cache
HAIL_CARD=$PWD/card.jq
MAILCAPS=$PWD/mailcap
export HAIL_CONFIG_DIR HAIL_STATE_DIR HAIL_CACHE_DIR HAIL_CARD MAILCAPS
mkmail() {
	python3 "$HAIL_TOP/tests/tools/mkmail.py" "$@"
}
# a small card, so that these tests do not depend on the shipped one's
# wording: the inviter, the status, and $now
cat > card.jq <<'EOF'
"card: \(.from) is \(.presence.status), note: \(.note // "-"), now \($now)"
EOF

touch f
presd -1 -t f -u alice@example.org > p
invmk -f 'Alice <alice@example.org>' -t 'Bob <bob@example.net>' \
    -e tcp://alice.example.org:7070 -n 'about $(touch pwned) `id`; ../x' \
    < p > mail
python3 "$HAIL_TOP/tests/tools/mailparts.py" mail py
cp py/part.3 inv.json
id=$(jq -r .id inv.json)

# the mail invmk wrote: found, stored as it was, shown
invopen mail > out 2> err
check_status "an invitation mail" 0 $?
check_eq "the card, made safe, with \$now" \
    "card: alice@example.org is $(jq -r .status p), note: about \$(touch pwned) \`id\`; ../x, now $(date +%s | cut -c1-8)" \
    "$(sed 's/now \([0-9]\{8\}\).*/now \1/' out)"
check_eq "no mailcap line for invitations: it is offered" \
    "invopen: to see invitations in mutt or neomutt, add this line to ~/.mailcap
(and auto_view application/vnd.hail.invitation+json to ~/.muttrc):
application/vnd.hail.invitation+json; invopen -r %s; copiousoutput" \
    "$(cat err)"
invopen mail > out 2> err
check_eq "the offer is made once" "" "$(cat err)"
if [ -f "state/invitations/$id.json" ]; then
	pass "stored under its id"
else
	fail "stored under its id"
fi
if cmp -s inv.json "state/invitations/$id.json"; then
	pass "stored byte for byte as the part held it"
else
	fail "stored byte for byte as the part held it"
fi
check_eq "stored 0600 in a 0700 directory" "700 600" \
    "$(stat -c %a state/invitations "state/invitations/$id.json" |
    tr '\n' ' ' | sed 's/ $//')"
check_eq "nothing the note said was run" "" \
    "$(find / -xdev -name pwned 2>/dev/null | head -n 1)"

# the card hail ships
HAIL_CARD=$HAIL_TOP/renderer/card.jq invopen mail > out 2> err
check_status "the shipped card" 0 $?
check_eq "the shipped card: its first line" \
    "hail invitation from Alice <alice@example.org>" "$(head -n 1 out)"
check_match "the shipped card: how to join, by the id" "^join: hail-join $id\$" "$(cat out)"
HAIL_CARD=$PWD/no/card.jq invopen mail > out 2> err
check_status "no card where HAIL_CARD says" 3 $?
check_eq "no card: said why" "invopen: $PWD/no/card.jq: No such file or directory" \
    "$(cat err)"

# again, or the same invitation in another encoding: nothing changes
ino=$(stat -c '%i %Y' "state/invitations/$id.json")
sleep 1
invopen mail > /dev/null 2> err
check_status "the same mail twice" 0 $?
check_eq "the same mail twice: the stored file untouched" "$ino" \
    "$(stat -c '%i %Y' "state/invitations/$id.json")"
mkmail qp inv.json > m.qp
invopen -q m.qp > /dev/null 2> err
check_status "the same invitation in quoted-printable" 0 $?
check_eq "in quoted-printable: the stored file untouched" "$ino" \
    "$(stat -c '%i %Y' "state/invitations/$id.json")"
jq -c '.note = "changed"' inv.json > changed.json
mkmail plain changed.json > m.changed
invopen -q m.changed > /dev/null 2> err
check_status "another invitation with a stored one's id" 3 $?
check_match "another invitation with a stored one's id: said" \
    "stored already, and it is different: the first one is kept" \
    "$(cat err)"
check_eq "another invitation with a stored one's id: the first kept" "$ino" \
    "$(stat -c '%i %Y' "state/invitations/$id.json")"

# two different invitations with one id delivered at once, many times:
# one is stored whole, every delivery of it succeeds and every one of the
# other fails; no temporary file is left
jq -c '.id = "00112233445566778899aabbccddeeff"' inv.json > race1.json
jq -c '.id = "00112233445566778899aabbccddeeff" | .note = "other"' \
    inv.json > race2.json
mkmail plain race1.json > m.race1
mkmail plain race2.json > m.race2
i=0
while [ "$i" -lt 20 ]; do
	{ invopen -q m.race1 2> /dev/null; echo "1 $?" > "race.$i.a"; } &
	{ invopen -q m.race2 2> /dev/null; echo "2 $?" > "race.$i.b"; } &
	i=$((i + 1))
done
wait
won=$(jq -r 'if .note == "other" then 2 else 1 end' \
    state/invitations/00112233445566778899aabbccddeeff.json)
lost=$((3 - won))
check_eq "deliveries at once: the stored one's all succeed, the other's all fail" \
    "$(printf '20 %s 0\n20 %s 3\n' "$won" "$lost" | sort)" \
    "$(cat race.*.a race.*.b | sort | uniq -c | sed 's/^ *//')"
check_eq "deliveries at once: no temporary file left" "" \
    "$(find state/invitations -name '.*')"

# mailcap: invopen's own line is for mail readers, not used here; the
# user's own copiousoutput viewer is, with the file or on its stdin, when
# its test passes; a failing one leaves the card to show it
card="card: alice@example.org is $(jq -r .status p), note: about \$(touch pwned) \`id\`; ../x, now"
viewer() {
	printf '%s\n' "$@" > mailcap
	invopen mail > out 2> err
	sed 's/ now [0-9]*$/ now/' out > shown
}
viewer 'application/vnd.hail.invitation+json; invopen -r %s; copiousoutput'
check_eq "invopen's own mailcap line: the card" "$card" "$(cat shown)"
check_eq "invopen's own mailcap line: nothing offered" "" "$(cat err)"
viewer 'application/vnd.hail.invitation+json; jq -r .to %s; copiousoutput'
check_eq "the user's viewer, with the file" "bob@example.net" "$(cat out)"
viewer 'application/vnd.hail.invitation+json; jq -r .to; copiousoutput'
check_eq "the user's viewer, on its stdin" "bob@example.net" "$(cat out)"
viewer 'application/vnd.hail.invitation+json; jq -r .to %s; test=false; copiousoutput'
check_eq "a viewer whose test fails: the card" "$card" "$(cat shown)"
viewer 'application/vnd.hail.invitation+json; xmessage %s'
check_eq "a viewer that is not copiousoutput: the card" "$card" "$(cat shown)"
viewer 'application/*; echo wild; copiousoutput'
check_eq "a wildcard line does not count" "$card" "$(cat shown)"
viewer 'application/vnd.hail.invitation+json; printf x\; exit 2; copiousoutput'
check_eq "a failing viewer: the card" "$card" "$(cat shown)"
check_match "a failing viewer: said" "the viewer failed" "$(cat err)"
rm mailcap

# -d prints the invitation; nothing stored
rm -r state
invopen -d mail > out 2> err
check_status "-d" 0 $?
if cmp -s inv.json out; then
	pass "-d prints the invitation as it is"
else
	fail "-d prints the invitation as it is"
fi
check_eq "-d stores nothing" "" "$(ls state 2>/dev/null)"

# -p: the mail on stdout byte for byte, whatever the mail
for k in plain crlf truncated manyparts; do
	mkmail "$k" inv.json > "m.$k"
done
printf 'not a mail at all\000\377\n' > m.binary
: > m.empty
for m in mail m.plain m.crlf m.truncated m.manyparts m.binary m.empty; do
	invopen -p "$m" > out 2> /dev/null
	if cmp -s "$m" out; then
		pass "-p copies $m byte for byte"
	else
		fail "-p copies $m byte for byte"
	fi
done
invopen -p < mail > out 2> err
check_status "-p with an invitation" 0 $?
invopen -p < /etc/hostname > out 2> err
check_status "-p with no invitation" 1 $?
check_eq "no invitation: nothing said" "" "$(cat err)"

# no invitation: exit 1, quietly, nothing stored
rm -rf state
printf 'From: a@example.org\nSubject: hello\n\nhello\n' > m.none
invopen m.none > out 2> err
check_status "a mail with no invitation" 1 $?
check_eq "a mail with no invitation: nothing said" "" "$(cat err)$(cat out)"
check_eq "a mail with no invitation: nothing stored" "" \
    "$(ls state 2>/dev/null)"

# mails that carry the invitation in other well-formed ways
for k in crlf mbox 8bit qp alone badqp-other bad2047 prefix-boundary \
    cte-on-multipart; do
	mkmail "$k" inv.json > "m.$k"
	rm -rf state
	invopen -q "m.$k" > out 2> err
	check_status "found: $k" 0 $?
	check_eq "found: $k: nothing said" "" "$(cat out)$(cat err)"
done

# hostile or broken mails: exit 1 and a reason, nothing stored
refused() {
	rm -rf state
	invopen -q "$1" > out 2> err
	check_status "refused: $2" 1 $?
	check_match "refused: $2: the reason" "$3" "$(cat err)"
	check_eq "refused: $2: nothing stored" "" "$(ls state 2>/dev/null)"
}
for k in two forwarded truncated noclose dupct dupouter badb64 len1mod4 \
    empty boundary-in-base64 noblank manyparts deep dupcte spacedname \
    headers50k bigjson; do
	mkmail "$k" inv.json > "m.$k"
done
refused m.two "two invitation parts" "2 invitation parts: none is taken"
rm -rf state
invopen -q m.forwarded > out 2> err
check_status "an invitation inside a forwarded message is not this mail's" \
    1 $?
check_eq "forwarded: nothing said" "" "$(cat err)"
refused m.truncated "a mail cut short" "malformed"
refused m.noclose "no close delimiter" "malformed"
refused m.dupct "two Content-Type fields" "malformed"
refused m.dupouter "two Content-Type fields on the multipart" "malformed"
refused m.badb64 "bad base64" "malformed \\(bad encoding\\)"
refused m.len1mod4 "base64 of length 1 mod 4" "malformed \\(bad encoding\\)"
refused m.empty "an empty invitation part" "not a valid invitation"
refused m.boundary-in-base64 "a delimiter inside the base64" \
    "not a valid invitation|malformed"
refused m.noblank "no blank line after the header" "malformed"
refused m.manyparts "10,000 parts" "too many parts"
refused m.dupcte "two Content-Transfer-Encoding fields" "malformed"
for k in sibling-dupct sibling-badparam; do
	mkmail "$k" inv.json > "m.$k"
done
refused m.sibling-dupct "a second part other readers take as an invitation (two Content-Types)" \
    "malformed"
refused m.sibling-badparam "a second part other readers take as an invitation (a bad parameter)" \
    "malformed"
rm -rf state
invopen -q m.headers50k > out 2> err
check_status "50,000 header fields: past the limit, no invitation" 1 $?
check_eq "50,000 header fields: nothing stored" "" "$(ls state 2>/dev/null)"
refused m.bigjson "a 10 MB invitation" "malformed \\(too large\\)"
rm -rf state
invopen -q m.spacedname > out 2> err
check_status "\"Content-Type :\" is not a Content-Type field" 1 $?
rm -rf state
invopen -q m.deep > out 2> err
check_status "nesting 1,000 deep: not followed" 1 $?

# the invitation's fields
bad() {
	jq -c "$1" inv.json > bad.json
	mkmail plain bad.json > m.bad
	refused m.bad "$2" "$3"
}
bad '.v = 2' "version 2" "unknown version"
bad '.id = "../../../tmp/x"' "an id that is a path" "bad id"
bad '.to = "bob@example.net\r\nBcc: eve@example.org"' "CR LF in to" "bad to"
bad '.session.endpoint = "tcp://$(reboot):1"' "a shell in the endpoint" \
    "bad endpoint"
bad '.session.endpoint = "tcp://h.example.org:65536"' "port 65536" \
    "bad endpoint"
bad '.session.endpoint = "tcp://0x7f.1:7070"' "an address spelled as a name" \
    "bad endpoint"
bad '.renderer = {url: "http://r.example.org/x", sha256: ("a" * 64)}' \
    "an http renderer" "bad renderer url"
bad '.renderer = {url: "https://r.example.org/x", sha256: ("A" * 64)}' \
    "an upper-case sha256" "bad renderer sha256"
bad '.presence_url = "file:///etc/passwd"' "a file: presence URL" \
    "bad presence_url"
bad '.note = "a\u001b[2Jb"' "an ESC in the note" "bad note"
bad '.from_name = "x\u202ey"' "a right-to-left override in the name" \
    "bad from_name"
bad '.presence.user = "eve@example.org"' "someone else's presence" \
    "not the inviter's"
bad '.expires = 1e1000' "a number for expires" "bad expires"
sed 's/^{/{"v":1,/' inv.json > bad.json
mkmail plain bad.json > m.bad
refused m.bad "a duplicate key" "duplicate key"
{ cat inv.json; echo '{}'; } > bad.json
mkmail plain bad.json > m.bad
refused m.bad "two JSON documents" "trailing data"
printf '{"v":1,"id":"\\u0000"}' > bad.json
mkmail plain bad.json > m.bad
refused m.bad "a NUL in a string" "u0000"

# expired: its own status
jq -c '.created = "2026-01-01T00:00:00Z" | .expires = "2026-01-02T00:00:00Z"' \
    inv.json > old.json
mkmail plain old.json > m.old
rm -rf state
invopen m.old > out 2> err
check_status "an expired invitation" 4 $?
check_eq "an expired invitation: the message" \
    "invopen: m.old: the invitation from alice@example.org expired at 2026-01-02T00:00:00Z" \
    "$(cat err)"
check_eq "an expired invitation: not stored, nothing shown" "" \
    "$(ls state 2>/dev/null)$(cat out)"

# a 50 MB attachment before the invitation: read as a stream
mkmail big inv.json > m.big
invopen -q m.big > out 2> err
check_status "a 50 MB attachment, then the invitation" 0 $?

# usage
invopen -d -p mail > out 2> err
check_status "-d and -p together" 2 $?
invopen -t 0 mail > out 2> err
check_status "-t 0" 2 $?
invopen nope > out 2> err
check_status "a missing file" 3 $?
check_eq "a missing file: the message" \
    "invopen: nope: No such file or directory" "$(cat err)"

# its own time cap: a mail that never ends
mkfifo slow
{ cat mail; sleep 30; } > slow &
writer=$!
track "$writer"
t0=$(date +%s)
invopen -t 2 -q < slow > out 2> err
check_status "a mail that never ends: the time cap" 3 $?
check_eq "the time cap: the message" "invopen: took too long; stopped" \
    "$(cat err)"
t1=$(date +%s)
if [ $((t1 - t0)) -le 5 ]; then
	pass "the time cap: stopped within 5 s"
else
	fail "the time cap: stopped within 5 s ($((t1 - t0)) s)"
fi
stop_pid "$writer"
# with -p the copy goes on past the cap, whole; the status says the mail
# was not looked at
{ cat mail; sleep 3; cat mail; } | invopen -t 1 -p > out 2> err
check_status "-p past the time cap" 3 $?
if cat mail mail | cmp -s - out; then
	pass "-p past the time cap: the copy is whole"
else
	fail "-p past the time cap: the copy is whole"
fi
check_eq "-p past the time cap: said" \
    "invopen: took too long; the mail was copied, not read" "$(cat err)"

# renderers: the invitation's, from the cache when its hash matches;
# the card otherwise; one that misbehaves is cut short and made safe
mkdir -p cache/renderers
printf '"renderer says \\(.id)\\u001b[31m"\n' > r.jq
sha=$(sha256sum r.jq | cut -d ' ' -f 1)
jq -c --arg s "$sha" \
    '.renderer = {url: "https://r.example.org/card.jq", sha256: $s}' \
    inv.json > r.json
mkmail plain r.json > m.r
rm -rf state
invopen m.r > out 2> err
check_status "a renderer not fetched (host not allowed)" 0 $?
check_match "not fetched: the card shows it" "^card: " "$(cat out)"
check_match "not fetched: it says why" "host is not allowed" "$(cat err)"
cp r.jq "cache/renderers/$sha"
invopen m.r > out 2> err
check_status "a cached renderer with the right hash" 0 $?
check_eq "the cached renderer runs; its ESC is made safe" \
    "renderer says $id^[[31m" "$(cat out)"
echo '"tampered"' > "cache/renderers/$sha"
invopen m.r > out 2> err
check_match "a cached file that does not match is not run" "^card: " \
    "$(cat out)"
printf 'def f: f; f\n' > loop.jq
sha=$(sha256sum loop.jq | cut -d ' ' -f 1)
cp loop.jq "cache/renderers/$sha"
jq -c --arg s "$sha" \
    '.renderer = {url: "https://r.example.org/loop.jq", sha256: $s}' \
    inv.json > loop.json
mkmail plain loop.json > m.loop
rm -rf state
t0=$(date +%s)
invopen m.loop > out 2> err
check_status "a renderer that never ends" 0 $?
check_match "a renderer that never ends: cut short, said" "took too long" \
    "$(cat err)"
check_match "a renderer that never ends: the card instead" "^card: " \
    "$(cat out)"
t1=$(date +%s)
if [ $((t1 - t0)) -le 8 ]; then
	pass "a renderer that never ends: stopped within 8 s"
else
	fail "a renderer that never ends: stopped within 8 s"
fi
printf '"\\u001b]0;pwned\\u0007\\u001b[2Jfake\\n" | halt_error(0)\n' > esc.jq
sha=$(sha256sum esc.jq | cut -d ' ' -f 1)
cp esc.jq "cache/renderers/$sha"
jq -c --arg s "$sha" \
    '.renderer = {url: "https://r.example.org/esc.jq", sha256: $s}' \
    inv.json > esc.json
mkmail plain esc.json > m.esc
rm -rf state
invopen m.esc > out 2> err
if grep -q "$(printf '\033')" out err; then
	fail "a renderer's own messages (halt_error) do not reach the terminal"
else
	pass "a renderer's own messages (halt_error) do not reach the terminal"
fi
rm -rf state
invopen -t 2 m.loop > out 2> err
check_status "the time cap with a renderer running" 3 $?
sleep 1
check_eq "the time cap stops the renderer too" "" \
    "$(pgrep -f "cache/renderers/$(sha256sum loop.jq | cut -c 1-64)")"
printf '$ENV | tostring\n' > env.jq
sha=$(sha256sum env.jq | cut -d ' ' -f 1)
cp env.jq "cache/renderers/$sha"
jq -c --arg s "$sha" \
    '.renderer = {url: "https://r.example.org/env.jq", sha256: $s}' \
    inv.json > env.json
mkmail plain env.json > m.env
rm -rf state
HAIL_SECRET_TEST=leak invopen m.env > out 2> err
check_eq "a renderer sees an empty environment" "{}" "$(cat out)"

# Python's email test corpus: no crash, no invitation in any
corpus=/usr/lib/python3.11/test/test_email/data
n=0
bad=''
for m in "$corpus"/msg_*.txt; do
	invopen -q "$m" > /dev/null 2>&1
	st=$?
	[ "$st" -eq 1 ] || bad="$bad $(basename "$m"):$st"
	n=$((n + 1))
done
check_eq "Python's email corpus ($n mails): exit 1 for each" "" "$bad"
