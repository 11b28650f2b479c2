# card.jq: hail's default renderer: an invitation (invitation(5)) as plain
# text for people, at most 72 columns a line where the data allows.
#
# invopen runs it as
#	jq -r --argjson now UNIX-SECONDS -f card.jq < invitation.json
# with an empty environment and a time limit, and makes the output safe
# for a terminal afterwards. So the card only arranges the data: it adds
# no escape sequence of its own, and a field that is missing, or not in
# the form this file expects, leaves out what would have been said about
# it rather than failing: a renderer that fails shows nothing at all.
# Written for jq 1.6 (Debian 12), whose builtins it keeps to.

def width: 72;

# t0: $now as whole seconds; 0 if invopen passed something else, since
# jq 1.6's strftime aborts (not an error "try" can catch) on times
# outside the years 0 to 9999
def t0:
	$now
	| if type == "number" and . >= 0 and . <= 253402300799
	  then floor else 0 end;

# text: the value if it is a non-empty string, else null
def text: if type == "string" and length > 0 then . else null end;

# oneline: a newline in a field meant for one line becomes a space, so
# that no data starts a line of its own that reads as one of the card's
def oneline: split("\n") | join(" ");

# line: text, on one line
def line: text | if . == null then null else oneline end;

# time: an RFC 3339 time as Unix seconds, or null. fromdate takes only
# whole seconds and "Z"; presence(5) also lets writers add a fraction and
# a numeric offset. Times outside the years 0 to 9999 are null (t0 says
# why).
def time:
	if type != "string" then null
	else
		(capture("^(?<d>[0-9]{4}-[0-9]{2}-[0-9]{2})[Tt]"
		    + "(?<t>[0-9]{2}:[0-9]{2}:[0-9]{2})(\\.[0-9]+)?"
		    + "(?<z>[Zz]|[+-][0-9]{2}:[0-9]{2})$") // null)
		| if . == null then null
		  else
			(if (.z | length) < 6 then 0
			 else (.z[1:3] | tonumber) * 3600
			     + (.z[4:6] | tonumber) * 60
			 end) as $off
			| (if .z[0:1] == "-" then -$off else $off end) as $o
			| try (((.d + "T" + .t + "Z") | fromdate) - $o)
			  catch null
			| if . != null and . >= 0 and . <= 253402300799
			  then . else null end
		  end
	end;

# clock($t): the time of day of $t in UTC, with the date before it when
# $t is not on the same day as now
def clock($t):
	if ($t / 86400 | floor) == (t0 / 86400 | floor)
	then $t | strftime("%H:%M UTC")
	else $t | strftime("%Y-%m-%d %H:%M UTC") end;

# span: a number of seconds, 60 or more, as people say it: "6 min",
# "2 h 5 min", "3 days 4 h". Rounded down: an idle time or what is left
# of an invitation must not be overstated.
def span:
	(. / 60 | floor) as $m
	| if $m < 60 then "\($m) min"
	  else ($m / 60 | floor) as $h
	  | if $h < 24
	    then "\($h) h" + (if $m % 60 > 0 then " \($m % 60) min" else "" end)
	    else ($h / 24 | floor) as $d
	    | "\($d) day" + (if $d > 1 then "s" else "" end)
	      + (if $h % 24 > 0 then " \($h % 24) h" else "" end)
	    end
	  end;

# ago($t): how long before now $t was; within a minute either way "just
# now"; a time ahead of this clock is given as it is, not as a span
def ago($t):
	(t0 - $t) as $d
	| if $d >= 60 then ($d | span) + " ago"
	  elif $d > -60 then "just now"
	  else "at " + clock($t) end;

# lines: pieces ({t: text, s: the separator before it; the first one's s
# is not used}) joined into lines of at most width columns, broken only
# between pieces: a broken line keeps the separator's punctuation and the
# next line starts with two spaces. A piece longer than a line stays
# whole. Columns are counted as code points.
def lines:
	# (foreach hands each finished line on as it goes: a reduce that
	# gathered them in an array would copy it at every line)
	foreach (.[], null) as $p ({cur: null, out: null};
		if $p == null then .out = .cur
		elif .cur == null then .cur = $p.t | .out = null
		elif (.cur + $p.s + $p.t | length) <= width
		then .cur += $p.s + $p.t | .out = null
		else .out = .cur + ($p.s | rtrimstr(" "))
		    | .cur = "  " + $p.t
		end;
		.out | select(. != null));

# words($first): text as pieces, one a word, $first before the first
# word, for lines to fill: a long name or note breaks between its words.
# A line with no words is $first without its blanks (no line of the card
# ends in a blank).
def words($first):
	[split(" ")[] | select(length > 0)] as $w
	| if $w == [] then [{t: ($first | rtrimstr(" ") | rtrimstr(" "))}]
	  else [{t: ($first + $w[0])}] + [$w[1:][] | {s: " ", t: .}] end;

# status($s; $current): what the inviter is (or was, when the presence is
# no longer current), in words
def status($s; $current):
	($s | text // "") as $k
	| if $current then
		{available: "is available", away: "is away",
		 xa: "has been away for a long time",
		 dnd: "is busy (do not disturb)", offline: "is offline"}[$k]
		// "has an unknown status"
	  else
		{available: "was available", away: "was away",
		 xa: "had been away for a long time",
		 dnd: "was busy (do not disturb)", offline: "was offline"}[$k]
		// "had an unknown status"
	  end;

# presence($who): the inviter's presence as pieces. Idle is computed from
# last_input and now, as presence(5) says; a presence past its expires is
# told as of its time, with no idle computed from it, since the inviter
# may have come back since.
def presence($who):
	(if type == "object" then . else {} end) as $p
	| ($p.expires | time) as $exp
	| ($p.time | time) as $made
	| ($p.last_input | time) as $in
	| ($exp != null and $exp >= t0) as $current
	| ($p.note | line) as $note
	| if ($p.status | text) == null
	  then [{t: "\($who)'s presence is unknown"}]
	  else
		("\($who) \(status($p.status; $current))" | words(""))
		+ (if $current or $made == null then []
		   else [{s: " ", t: "as of \(clock($made))"}] end)
		+ (if $note == null then []
		   else [{s: ": ", t: "\"\($note)\""}] end)
		+ (if $current and $p.status == "offline" then
			(if ($p.since | time) == null then []
			 else [{s: " ", t: "since \(clock($p.since | time))"}]
			 end)
			+ (if $in == null then []
			   else [{s: ", ", t: "last input \(clock($in))"}] end)
		   elif $p.last_input == null then
			[{s: ", ", t: "no input seen yet"}]
		   elif $in == null then []
		   elif ($current | not) then
			[{s: ", ", t: "last input \(clock($in))"}]
		   elif t0 - $in < 60 then
			[{s: ", ", t: "last input just now"},
			 {s: " ", t: "(\(clock($in)))"}]
		   else
			[{s: ", ", t: "idle for \((t0 - $in) | span)"},
			 {s: " ", t: "(last input \(clock($in)))"}]
		   end)
		+ (if $current or $made != null then []
		   else [{s: " ", t: "(no longer current)"}] end)
	  end;

# expiry($t): what is left of the invitation
def expiry($t):
	($t - t0) as $d
	| if $d >= 60 then "expires in " + ($d | span)
	  elif $d >= 0 then "expires in under a minute"
	  elif $d > -60 then "expired just now"
	  else "expired " + (-$d | span) + " ago" end;

(if type == "object" then . else {} end) as $inv
| ($inv.from | line) as $from
| ($inv.from_name | line) as $name
| ($name // $from // "someone") as $who
| ($inv.session | if type == "object" then . else {} end) as $session
| ($session.endpoint | line) as $endpoint
| ($inv.renderer | if type == "object" then . else {} end) as $renderer

| (("hail invitation from \($who)" | words(""))
   + (if $name != null and $from != null
      then [{s: " ", t: "<\($from)>"}] else [] end)
   | lines),

  ((if ($inv.to | text) == null then []
    else [{t: "to \($inv.to | oneline)"}] end)
   + (if ($inv.created | time) == null then []
      else [{s: ", ", t: "made \(ago($inv.created | time))"}] end)
   + (if ($inv.expires | time) == null then []
      else [{s: ", ", t: expiry($inv.expires | time)}] end)
   | if length > 0 then lines else empty end),

  ($inv.presence | presence($who) | lines),

  ($inv.note | text
   | if . == null then empty
     else split("\n") | to_entries[]
	| .key as $i | .value
	| words(if $i == 0 then "note: " else "  " end) | lines
     end),

  (if $endpoint == null then empty
   else [{t: "session: \($endpoint)"}]
	+ (if ($endpoint | startswith("tls://"))
	      and ($session.certificate | text) != null
	   then [{s: " ", t: "(certificate pinned)"}]
	   elif ($endpoint | startswith("tcp://"))
	   then [{s: " ", t: "(not encrypted)"}]
	   else [] end)
	| lines
   end),

  ($inv.presence_url | text
   | if . == null then empty
     else [{t: "live presence: \(oneline)"}] | lines end),

  ($renderer.url | text
   | if . == null then empty
     else [{t: "renderer: \(oneline)"}] | lines end),
  ($renderer.sha256 | text
   | if . == null then empty
     else [{t: "sha256: \(oneline)"}] | lines end),

  # how to join, when the id is one hail-join takes (invopen checked it;
  # a renderer shown other JSON says only what it was given)
  ($inv.id | text
   | if . == null then empty
     elif test("^[0-9a-f]{32}$") then "join: hail-join \(.)"
     else "id: \(oneline)" end)
