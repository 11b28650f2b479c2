#!/bin/sh
# hail-demo, run as its page's EXAMPLES say, the packages installed
# already: each step said, with the real outputs under it, the messages
# both ways in both chats and transcripts, exit 0, nothing of it left
# running and its directory gone; and the same cleaning when it is
# interrupted (^C) or a step fails
. "$HAIL_TOP/tests/lib.sh"

# the demo's directory goes in tmp; bob (nobody) must go through to it
chmod 711 "$HAIL_TESTDIR"
mkdir tmp
chmod 711 tmp

# left WHAT DIR: nothing runs that names DIR in its command line or its
# environment (every process of the demo's does), and DIR is gone
left() {
	check_eq "$1: nothing left running" "" \
	    "$(pgrep -af "$2"; grep -lsF "$2" /proc/[0-9]*/environ)"
	if [ -n "$2" ] && [ ! -e "$2" ]; then
		pass "$1: its directory removed"
	else
		fail "$1: its directory removed" "$(ls -la "$2" 2>&1)"
	fi
	check_eq "$1: nothing else left in TMPDIR" "" "$(ls -A tmp)"
}

cmd=$(example hail-demo.1 ' -n$') || exit 1
t0=$(date +%s)
(cd "$HAIL_TOP" && TMPDIR=$HAIL_TESTDIR/tmp sh -c "$cmd") > out 2> err
check_status "$cmd" 0 $?
t1=$(date +%s)
if [ $((t1 - t0)) -le 30 ]; then
	pass "the demo takes at most 30 s ($((t1 - t0)) s)"
else
	fail "the demo takes at most 30 s" "it took $((t1 - t0)) s"
fi
check_eq "nothing on standard error" "" "$(cat err)"

# the narration: a first line naming the directory, then numbered steps
dir=$(sed -n '1s/^hail-demo: alice and bob on this machine, everything on 127\.0\.0\.1, in //p' out)
check_match "the first line names the directory, in TMPDIR" \
    "^$HAIL_TESTDIR/tmp/hail-demo\\.[A-Za-z0-9]{6}\$" "$dir"
# step N: step N's line; under N: the lines indented under it
step() {
	grep -E "^$(printf '%2d' "$1")\\. " out
}
under() {
	awk -v n="$(printf '%2d.' "$1")" '
	/^[ 0-9][0-9]\. / { on = substr($0, 1, 3) == n; next }
	on { sub(/^      /, ""); print }' out
}
check_eq "19 steps" 19 "$(grep -cE '^[ 0-9][0-9]\. ' out)"

smtp=$(step 1 | sed -n 's/.* on 127\.0\.0\.1:\([0-9]*\), .*/\1/p')
check_match "1: OpenSMTPD, delivering to bob as nobody" \
    '^ 1\. OpenSMTPD takes mail for bob@example\.net on 127\.0\.0\.1:[0-9]+, with a queue of its own, and hands it to procmail, as the user nobody \(bob\)$' \
    "$(step 1)"
www=$(step 2 | sed -n 's|.* https://127\.0\.0\.1:\([0-9]*\)/.*|\1|p')
check_match "2: nginx serving the renderer over HTTPS" \
    '^ 2\. nginx serves the renderer at https://127\.0\.0\.1:[0-9]+/card\.jq, with a certificate from a CA made for the demo$' \
    "$(step 2)"
check_eq "2: its certificate, for 127.0.0.1 from the demo's CA" \
    "subject=CN = 127.0.0.1
issuer=CN = hail demo CA" "$(under 2)"
lport=$(step 3 | sed -n 's/.* on 127\.0\.0\.1:\([0-9]*\): .*/\1/p')
check_match "3: alice's listener, with TLS" \
    '^ 3\. alice listens on 127\.0\.0\.1:[0-9]+: hail-listen runs socat with TLS, with the certificate it made for her:$' \
    "$(step 3)"
check_match "3: hail-listen says it made the certificate" \
    "^hail-listen: made $dir/alice/cfg/listener\\.pem; " "$(under 3 | sed -n 1p)"
fp=$(under 3 | sed -n 's/^SHA-256 fingerprint //p')
check_match "3: the certificate's fingerprint" '^([0-9A-F]{2}:){31}[0-9A-F]{2}$' \
    "$fp"
check_eq "the three ports differ" 3 \
    "$(printf '%s\n' "$smtp" "$www" "$lport" | sort -u | grep -c .)"

check_eq "4: alice's presence in words" \
    " 4. alice is available (last input just now); presd says:" "$(step 4)"
under 4 > p4
check_jq "4: presd's line, alice available" \
    '.user == "alice@example.org" and .status == "available"' p4

check_eq "5: the invitation sent through OpenSMTPD" \
    " 5. alice invites bob: invite made the mail (invmk) and msmtp sent it through OpenSMTPD on 127.0.0.1:$smtp; the invitation's id:" \
    "$(step 5)"
id=$(under 5 | sed -n 1p)
check_match "5: invite printed the id" '^[0-9a-f]{32}$' "$id"
check_eq "5: the mail's header" "From: Alice <alice@example.org>
To: Bob <bob@example.net>
Subject: Alice invites you to talk (available)
X-Hail-Invitation: $id" "$(under 5 | sed 1d)"

check_match "6: delivered, and invopen's verdict" \
    "^ 6\\. bob's mail delivered into his Maildir \\(new/[^)/]+\\): procmail gave a copy to invopen, which stored the invitation \\(exit 0\\)\$" \
    "$(step 6)"
check_match "6: OpenSMTPD delivered it, as nobody" \
    '^delivery evpid=[0-9a-f]+ from=<alice@example\.org> to=<bob@example\.net> rcpt=<bob@example\.net> user=nobody delay=[0-9]+s result=Ok stat=Delivered$' \
    "$(under 6 | sed -n 1p)"
check_eq "6: procmail ran the shipped recipe's invopen" \
    "procmail: Match on \"^X-Hail-Invitation:\"
procmail: Executing \"invopen,-q\"" "$(under 6 | sed -n 2,3p)"
check_match "6: the invitation stored, bob's, private" \
    "^-rw------- nobody [0-9]+ state/invitations/$id\\.json\$" \
    "$(under 6 | tail -n 1)"

sha=$(sha256sum "$HAIL_TOP/renderer/card.jq" | cut -c 1-64)
size=$(wc -c < "$HAIL_TOP/renderer/card.jq")
check_eq "7: the renderer fetched and verified" \
    " 7. renderer fetched from https://127.0.0.1:$www/card.jq and its SHA-256 verified: the one the invitation names, kept in bob's cache" \
    "$(step 7)"
check_eq "7: one request, nginx's answer, and the hash" \
    "127.0.0.1 \"GET /card.jq HTTP/1.1\" 200, $size bytes
sha256 $sha" "$(under 7)"

check_eq "8: the card" \
    " 8. the card, as bob's mail reader (mblaze's mshow) shows it:" \
    "$(step 8)"
under 8 > card
check_eq "8: mshow shows the invitation part with invopen's filter" 1 \
    "$(grep -c '^--- --- 2: application/vnd.hail.invitation+json .* render="invopen -r /dev/stdin || exit 63" ---$' card)"
check_eq "8: the card's lines" "hail invitation from Alice <alice@example.org>
to bob@example.net, made just now, expires in 1 day
note: the demo
session: tls://127.0.0.1:$lport (certificate pinned)
renderer: https://127.0.0.1:$www/card.jq
sha256: $sha
join: hail-join $id" "$(sed -n '/^hail invitation from /,$p' card |
    grep -v '^Alice is available, last input just now ' |
    sed 's/expires in 23 h 59 min$/expires in 1 day/')"
# (a second may pass between the invitation and the card: the card rounds
# down what is left, 23 h 59 min, as it should)
check_match "8: with alice's presence" \
    '^Alice is available, last input just now \([0-9]{2}:[0-9]{2} UTC\)$' \
    "$(grep '^Alice is ' card)"

check_eq "9: bob watches over TLS, the certificate pinned" \
    " 9. bob looks before joining: hail-join -c connects with socat over TLS to 127.0.0.1:$lport, trusting only the certificate the invitation pins; alice's sessd checked his token for a watch (presence only, no messages); bob's view shows:" \
    "$(step 9)"
check_eq "9: bob's view, alice's presence" \
    "-- before joining: a line joins, the end of input leaves
-- alice is available" "$(under 9 | sed -n 1,2p)"
check_eq "9: the pinned certificate is the one hail-listen made" \
    "pinned: SHA-256 fingerprint $fp" "$(under 9 | sed -n 3p)"
check_match "9: alice's sessd verified his hello for a watch" \
    '^[0-9TZ:-]+ ! \{"type":"event","what":"watching: a hello from the invitee, verified","peer":"bob@example\.net"\}$' \
    "$(under 9 | sed -n 4p)"
check_eq "9: nothing else" 4 "$(under 9 | wc -l)"

check_eq "10: alice goes idle" \
    "10. alice leaves her desk; rather than wait the 5 minutes presd gives her, the demo sets her terminal's last input 6 min back: alice is away (last input 6 min ago); presd says:" \
    "$(step 10)"
under 10 > p10
check_jq "10: presd's line, alice away since 5 min after her last input" \
    '.user == "alice@example.org" and .status == "away" and
    (.since | fromdate) - (.last_input | fromdate) == 300' p10
check_eq "11: bob's view changes before he joins" \
    "11. bob's view changes, while he has not joined:
-- alice is away, idle 6 min" "$(step 11; under 11)"
check_eq "12: alice back, and bob's view says so" \
    "12. alice is back at her keyboard: alice is available (last input just now); bob's view:
-- alice is available" "$(step 12; under 12)"

check_eq "13: bob joins" \
    "13. bob joins (a line typed, as Enter on a terminal): the watch ends, hail-join connects again, over TLS with the same pinned certificate, and alice's sessd checked his token: the session is on" \
    "$(step 13)"
check_match "13: alice's sessd verified his hello" \
    '^[0-9TZ:-]+ ! \{"type":"event","what":"connected: a hello from the invitee, verified","peer":"bob@example\.net"\}$' \
    "$(under 13)"

# the lines both ways, as the chats show them ("HH:MM " not compared)
hhmm() {
	sed 's/^[0-2][0-9]:[0-5][0-9] //'
}
check_eq "14: bob's line at alice's" "14. bob says \"hello alice\"; alice's chat shows:
bob: hello alice" "$(step 14; under 14 | hhmm)"
check_eq "15: alice's line at bob's" "15. alice answers; bob's chat shows:
alice: hi bob, good to see you" "$(step 15; under 15 | hhmm)"
check_eq "16: bob's presence at alice's side" \
    "16. bob's presence at alice's side: bob is available (last input just now); her chat shows:
-- bob is available" "$(step 16; under 16)"

check_eq "17: bob leaves, the session ends, every status 0" \
    "17. bob leaves: his chat ends the session, and hail-join (exit 0) with it; alice's chat (exit 0) shows:
-- bob said goodbye
-- the session is over" "$(step 17; under 17)"

# the transcripts: times made T, the rest exact; the watch, then the
# session (presence: alice's three lines and bob's one during the watch,
# one each way in the session)
check_eq "18: both transcripts, but the presence lines" \
    "18. both transcripts, state/sessions/$id/out, each line as sessd wrote it (> sent, < received, ! an event), but the presence lines:
alice's, and 6 presence lines:
  T ! {\"type\":\"event\",\"what\":\"watching: a hello from the invitee, verified\",\"peer\":\"bob@example.net\"}
  T > {\"type\":\"welcome\",\"v\":1,\"ack\":0,\"user\":\"alice@example.org\",\"watch\":true}
  T < {\"type\":\"bye\"}
  T ! {\"type\":\"event\",\"what\":\"ended by the peer\"}
  T ! {\"type\":\"event\",\"what\":\"connected: a hello from the invitee, verified\",\"peer\":\"bob@example.net\"}
  T > {\"type\":\"welcome\",\"v\":1,\"ack\":0,\"user\":\"alice@example.org\"}
  T < {\"type\":\"msg\",\"seq\":1,\"time\":\"T\",\"text\":\"hello alice\"}
  T > {\"type\":\"msg\",\"seq\":1,\"time\":\"T\",\"text\":\"hi bob, good to see you\"}
  T < {\"type\":\"bye\"}
  T ! {\"type\":\"event\",\"what\":\"ended by the peer\"}
bob's, and 6 presence lines:
  T ! {\"type\":\"event\",\"what\":\"watching: hello sent\",\"peer\":\"alice@example.org\"}
  T < {\"type\":\"welcome\",\"v\":1,\"ack\":0,\"user\":\"alice@example.org\",\"watch\":true}
  T > {\"type\":\"bye\"}
  T ! {\"type\":\"event\",\"what\":\"ended here\"}
  T ! {\"type\":\"event\",\"what\":\"connected: hello sent\",\"peer\":\"alice@example.org\"}
  T < {\"type\":\"welcome\",\"v\":1,\"ack\":0,\"user\":\"alice@example.org\"}
  T > {\"type\":\"msg\",\"seq\":1,\"time\":\"T\",\"text\":\"hello alice\"}
  T < {\"type\":\"msg\",\"seq\":1,\"time\":\"T\",\"text\":\"hi bob, good to see you\"}
  T > {\"type\":\"bye\"}
  T ! {\"type\":\"event\",\"what\":\"ended here\"}" \
    "$(step 18; under 18 |
    sed 's/20[0-9][0-9]-[0-9][0-9]-[0-9][0-9]T[0-9][0-9]:[0-9][0-9]:[0-9][0-9]Z/T/g')"

check_match "19: everything stopped, the directory removed" \
    "^19\\. everything stopped: alice's listener, bob's presd, nginx, OpenSMTPD; nothing left running; $dir removed; [0-9]+ s in all\$" \
    "$(step 19)"
left "the demo" "$dir"

# ^C in the middle of the session: everything stopped all the same, the
# status 130 (a helper sends it: a command put in the background by sh
# would ignore SIGINT)
cat > int.py <<'EOF'
# int.py OUT COMMAND...: runs COMMAND, its output to OUT; once OUT has a
# line starting "14. ", sends SIGINT; prints the exit status, "early N"
# if COMMAND ended with status N before that line, or "timeout" if the
# line never came within 60 s or COMMAND outlived the signal by 60 s (it
# is then sent SIGTERM, to clean up all the same)
import signal, subprocess, sys, time
out = open(sys.argv[1], "w")
p = subprocess.Popen(sys.argv[2:], stdout=out, stderr=subprocess.STDOUT,
    preexec_fn=lambda: signal.signal(signal.SIGINT, signal.SIG_DFL))
end = time.time() + 60
while p.poll() is None:
    if any(l.startswith("14. ") for l in open(sys.argv[1])):
        p.send_signal(signal.SIGINT)
        break
    if time.time() > end:
        p.terminate()
        p.wait()
        print("timeout")
        sys.exit(0)
    time.sleep(0.05)
else:
    print("early", p.returncode)
    sys.exit(0)
try:
    print(p.wait(timeout=60))
except subprocess.TimeoutExpired:
    p.terminate()
    p.wait()
    print("timeout")
EOF
st=$(cd "$HAIL_TOP" && TMPDIR=$HAIL_TESTDIR/tmp python3 "$HAIL_TESTDIR/int.py" \
    "$HAIL_TESTDIR/int.out" sh scripts/hail-demo -n)
# (what the demo said, where it did not end as it should)
[ "$st" = 130 ] || sed 's/^/# /' int.out
check_eq "^C during the session: status 130" 130 "$st"
dir=$(sed -n '1s/^hail-demo: .* in //p' int.out)
left "^C during the session" "$dir"

# a step that fails: said, status 3, everything stopped (an mshow that
# fails stands for bob's mail reader)
mkdir bin
printf '#!/bin/sh\necho "mshow: broken on purpose" >&2\nexit 1\n' > bin/mshow
chmod 755 bin bin/mshow
(cd "$HAIL_TOP" && TMPDIR=$HAIL_TESTDIR/tmp PATH=$HAIL_TESTDIR/bin:$PATH \
    sh scripts/hail-demo -n) > fail.out 2> fail.err
check_status "a step that fails" 3 $?
check_eq "a step that fails: what went wrong, and why" \
    "      mshow: broken on purpose
hail-demo: mshow failed" "$(cat fail.err)"
dir=$(sed -n '1s/^hail-demo: .* in //p' fail.out)
left "a step that fails" "$dir"
