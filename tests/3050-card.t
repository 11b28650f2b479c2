#!/bin/sh
# renderer/card.jq, the default renderer, run as invopen runs it: the
# card's exact text for every status, current and stale presence, live and
# expired invitations, optional fields there or not, short and long spans;
# odd data does not make it fail; hostile strings come out as data
. "$HAIL_TOP/tests/lib.sh"

card=$HAIL_TOP/renderer/card.jq
jq=$(command -v jq)
now=1795597740	# 2026-11-25T09:09:00Z

# the invitation of invitation(5), made at 09:04, its presence made at
# 09:08:12 and good until 09:15:12
base='{"v": 1, "id": "0123456789abcdef0123456789abcdef",
	"from": "alice@example.org", "from_name": "Alice Example",
	"to": "bob@example.net",
	"created": "2026-11-25T09:04:00Z", "expires": "2026-11-26T09:04:00Z",
	"presence": {"v": 1, "user": "alice@example.org", "status": "away",
		"last_input": "2026-11-25T09:03:00Z",
		"since": "2026-11-25T09:08:00Z",
		"time": "2026-11-25T09:08:12Z",
		"expires": "2026-11-25T09:15:12Z"},
	"session": {"endpoint": "tls://alice.example.org:7070",
		"certificate": "-----BEGIN CERTIFICATE-----\nMIIB\n-----END CERTIFICATE-----\n"},
	"token": "6mS2CCzV9Yc8oQ4b2vP1d0hX3mKxJr7LQeFzWbTnA0s",
	"note": "about the release"}'
head='hail invitation from Alice Example <alice@example.org>
to bob@example.net, made 5 min ago, expires in 23 h 55 min'
tail='note: about the release
session: tls://alice.example.org:7070 (certificate pinned)
join: hail-join 0123456789abcdef0123456789abcdef'

# render FILE: the card of the invitation in FILE, into out and err, as
# invopen runs the renderer: an empty environment, the time as $now
render() {
	env -i "$jq" -r --argjson now "$now" -f "$card" < "$1" > out 2> err
}

# card WHAT FILTER EXPECTED: the card of the base invitation changed by
# the jq FILTER is EXPECTED, with jq exiting 0 and nothing on stderr
card() {
	if ! jq -n "$base | $2" > inv; then
		fail "$1: the test's invitation" "filter: $2"
		return
	fi
	render inv
	check_eq "$1: exit status and stderr" "0 " "$? $(cat err)"
	check_eq "$1" "$3" "$(cat out)"
	cat out >> all
}

: > all
card "the example: away, idle, a note, TLS" '.' "$head
Alice Example is away, idle for 6 min (last input 09:03 UTC)
$tail"

card "available, last input under a minute ago" \
    '.presence.status = "available" |
     .presence.last_input = "2026-11-25T09:08:30Z"' "$head
Alice Example is available, last input just now (09:08 UTC)
$tail"

card "dnd with a presence note, wrapped at 72 columns" \
    '.presence.status = "dnd" | .presence.note = "in a meeting"' "$head
Alice Example is busy (do not disturb): \"in a meeting\", idle for 6 min
  (last input 09:03 UTC)
$tail"

card "xa, idle for days, last input on another day" \
    '.presence.status = "xa" |
     .presence.last_input = "2026-11-22T07:00:00Z"' "$head
Alice Example has been away for a long time, idle for 3 days 2 h
  (last input 2026-11-22 07:00 UTC)
$tail"

card "idle for hours" '.presence.last_input = "2026-11-25T07:04:00Z"' "$head
Alice Example is away, idle for 2 h 5 min (last input 07:04 UTC)
$tail"

card "idle for exactly a day" \
    '.presence.last_input = "2026-11-24T09:09:00Z"' "$head
Alice Example is away, idle for 1 day (last input 2026-11-24 09:09 UTC)
$tail"

card "no input seen yet" '.presence.status = "xa" |
     .presence.last_input = null' "$head
Alice Example has been away for a long time, no input seen yet
$tail"

card "offline, since when, last input" '.presence.status = "offline"' "$head
Alice Example is offline since 09:08 UTC, last input 09:03 UTC
$tail"

card "an unknown status" '.presence.status = "lunch"' "$head
Alice Example has an unknown status, idle for 6 min
  (last input 09:03 UTC)
$tail"

card "a stale presence is told as of its time, no idle computed" \
    '.presence.time = "2026-11-25T08:00:00Z" |
     .presence.expires = "2026-11-25T08:05:00Z" |
     .presence.last_input = "2026-11-25T07:58:00Z"' "$head
Alice Example was away as of 08:00 UTC, last input 07:58 UTC
$tail"

card "a stale dnd with a note, no input seen" \
    '.presence.status = "dnd" | .presence.note = "at lunch" |
     .presence.last_input = null |
     .presence.time = "2026-11-24T12:00:00Z" |
     .presence.expires = "2026-11-24T12:05:00Z"' "$head
Alice Example was busy (do not disturb) as of 2026-11-24 12:00 UTC:
  \"at lunch\", no input seen yet
$tail"

card "a stale available" \
    '.presence.status = "available" |
     .presence.expires = "2026-11-25T09:08:59Z"' "$head
Alice Example was available as of 09:08 UTC, last input 09:03 UTC
$tail"
card "a stale xa" '.presence.status = "xa" |
     .presence.expires = "2026-11-25T09:08:59Z"' "$head
Alice Example had been away for a long time as of 09:08 UTC,
  last input 09:03 UTC
$tail"
card "a stale offline" '.presence.status = "offline" |
     .presence.expires = "2026-11-25T09:08:59Z"' "$head
Alice Example was offline as of 09:08 UTC, last input 09:03 UTC
$tail"

card "an expired invitation" '.created = "2026-11-22T09:00:00Z" |
     .expires = "2026-11-23T09:00:00Z"' "hail invitation from Alice Example <alice@example.org>
to bob@example.net, made 3 days ago, expired 2 days ago
Alice Example is away, idle for 6 min (last input 09:03 UTC)
$tail"

card "expired under a minute ago, and in under a minute" \
    '.expires = "2026-11-25T09:08:30Z"' "hail invitation from Alice Example <alice@example.org>
to bob@example.net, made 5 min ago, expired just now
Alice Example is away, idle for 6 min (last input 09:03 UTC)
$tail"
card "expires in under a minute" '.expires = "2026-11-25T09:09:59Z"' \
    "hail invitation from Alice Example <alice@example.org>
to bob@example.net, made 5 min ago, expires in under a minute
Alice Example is away, idle for 6 min (last input 09:03 UTC)
$tail"
card "spans of 1 h and 1 day 1 h" '.created = "2026-11-25T08:09:00Z" |
     .expires = "2026-11-26T10:09:59Z"' "hail invitation from Alice Example <alice@example.org>
to bob@example.net, made 1 h ago, expires in 1 day 1 h
Alice Example is away, idle for 6 min (last input 09:03 UTC)
$tail"
card "made ahead of this clock" '.created = "2026-11-25T09:30:00Z"' \
    "hail invitation from Alice Example <alice@example.org>
to bob@example.net, made at 09:30 UTC, expires in 23 h 55 min
Alice Example is away, idle for 6 min (last input 09:03 UTC)
$tail"

card "fractions of a second and offsets in times" \
    '.created = "2026-11-25T10:04:00.250+01:00" |
     .expires = "2026-11-26T04:04:00-05:00" |
     .presence.last_input = "2026-11-25T09:03:00.999Z"' "$head
Alice Example is away, idle for 6 min (last input 09:03 UTC)
$tail"

card "no from_name: the address" 'del(.from_name)' \
    "hail invitation from alice@example.org
to bob@example.net, made 5 min ago, expires in 23 h 55 min
alice@example.org is away, idle for 6 min (last input 09:03 UTC)
$tail"

card "no note, TCP, presence_url and renderer" \
    'del(.note) | .session = {endpoint: "tcp://127.0.0.1:4000"} |
     .presence_url = "https://alice.example.org/presence" |
     .renderer = {url: "https://r.example.org/card.jq",
	sha256: "5d41402abc4b2a76b9719d911017c592b9719d911017c5925d41402abc4b2a76"}' \
    "$head
Alice Example is away, idle for 6 min (last input 09:03 UTC)
session: tcp://127.0.0.1:4000 (not encrypted)
live presence: https://alice.example.org/presence
renderer: https://r.example.org/card.jq
sha256: 5d41402abc4b2a76b9719d911017c592b9719d911017c5925d41402abc4b2a76
join: hail-join 0123456789abcdef0123456789abcdef"

card "a long note is wrapped, its own lines kept and indented" \
    '.note = "Could we go through the release notes before Friday? " +
	"I would like your view on the upgrade section.\nThanks,\n\nAlice"' \
    "$head
Alice Example is away, idle for 6 min (last input 09:03 UTC)
note: Could we go through the release notes before Friday? I would like
  your view on the upgrade section.
  Thanks,

  Alice
session: tls://alice.example.org:7070 (certificate pinned)
join: hail-join 0123456789abcdef0123456789abcdef"

card "a note of blank lines and blanks: no blank at a line's end" \
    '.note = "\n  \nend "' "$head
Alice Example is away, idle for 6 min (last input 09:03 UTC)
note:

  end
session: tls://alice.example.org:7070 (certificate pinned)
join: hail-join 0123456789abcdef0123456789abcdef"

card "a long name: broken between words" \
    '.from_name = "Alice Margaret Example-Longfellow of the Release Team"' \
    "hail invitation from Alice Margaret Example-Longfellow of the Release
  Team <alice@example.org>
to bob@example.net, made 5 min ago, expires in 23 h 55 min
Alice Margaret Example-Longfellow of the Release Team is away,
  idle for 6 min (last input 09:03 UTC)
$tail"

too_long=$(awk 'length > 72' all)
check_eq "every line within 72 columns where the data allows" "" \
    "$too_long"

# --- what the data lacks or holds in another form: no failure
card "fields missing: presence, session, times, to" \
    'del(.presence, .session, .created, .expires, .to, .note, .id)' \
    "hail invitation from Alice Example <alice@example.org>
Alice Example's presence is unknown"
card "fields of the wrong types" \
    '.from_name = 7 | .to = [] | .created = "yesterday" |
     .expires = "2026-13-45T99:00:00Z" | .presence = "away" |
     .session = {endpoint: 5} | .note = {} | .renderer = "x" |
     .presence_url = null | .id = false' \
    "hail invitation from alice@example.org
alice@example.org's presence is unknown"
card "presence fields of the wrong types" \
    '.presence = {status: "away", last_input: 12, time: null,
	expires: "soon", since: [], note: 3}' "$head
Alice Example was away (no longer current)
$tail"
card "times past the year 9999 are not shown" \
    '.expires = "10000-01-01T00:00:00Z" |
     .presence.last_input = "9999-12-31T23:59:59-01:00"' \
    "hail invitation from Alice Example <alice@example.org>
to bob@example.net, made 5 min ago
Alice Example is away
$tail"
for doc in '{}' '[]' '"a string"' 'null' '42'; do
	printf '%s\n' "$doc" > odd
	render odd
	check_eq "not an object, $doc: the bare card" "0 
hail invitation from someone
someone's presence is unknown" "$? $(cat err)
$(cat out)"
done

# --- hostile strings are data: nothing runs, nothing is added
esc=$(printf '\033')
jq -n "$base"' |
    .from_name = "$(touch pwned1) `touch pwned2`\nsession: tcp://evil:1" |
    .to = "bob@example.net; $(touch pwned3)" |
    .presence.note = "\u001b]0;title\u0007 \u001b[2J" |
    .note = "\u001b[31mred\u001b[0m ${HOME}\nsession: tcp://evil:2\n\rid: 1" |
    .session.endpoint = "tls://$(touch pwned4):1" |
    .id = "`touch pwned5`"' > inv
render inv
check_eq "hostile: jq exits 0, nothing on stderr" "0 " "$? $(cat err)"
check_eq "hostile: no command ran" "" "$(ls pwned* 2>/dev/null)"
check_eq "hostile: the escape characters are the data's, no more" \
    "4 1" "$(tr -dc '\033' < out | wc -c) $(tr -dc '\007' < out | wc -c)"
check_eq "hostile: the strings come out as they are" \
    "hail invitation from \$(touch pwned1) \`touch pwned2\` session:
  tcp://evil:1 <alice@example.org>
to bob@example.net; \$(touch pwned3), made 5 min ago,
  expires in 23 h 55 min
\$(touch pwned1) \`touch pwned2\` session: tcp://evil:1 is away:
  \"${esc}]0;title$(printf '\007') ${esc}[2J\", idle for 6 min (last input 09:03 UTC)
note: ${esc}[31mred${esc}[0m \${HOME}
  session: tcp://evil:2
  $(printf '\r')id: 1
session: tls://\$(touch pwned4):1 (certificate pinned)
id: \`touch pwned5\`" "$(cat out)"
check_eq "hostile: no line of the card's own made by a newline in data" \
    "" "$(grep -E '^(session|id|to|note): .*evil|^id: 1' out)"
