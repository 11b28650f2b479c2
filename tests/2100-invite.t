#!/bin/sh
# shellcheck disable=SC2154 # bgpid, smtp_port, smtpd_pid: set by tests/lib.sh
# invite: presence, invmk and real msmtp through a real SMTP server
# (OpenSMTPD on 127.0.0.1) into bob's Maildir; a refused recipient is
# never called sent
. "$HAIL_TOP/tests/lib.sh"

HAIL_CONFIG_DIR=$PWD/cfg
HAIL_STATE_DIR=$PWD/state
HAIL_RUNTIME_DIR=$PWD/run
export HAIL_CONFIG_DIR HAIL_STATE_DIR HAIL_RUNTIME_DIR
mkdir -p cfg run

if start_smtpd "$PWD/mx"; then
	pass "OpenSMTPD listens on 127.0.0.1:$smtp_port"
else
	fail "OpenSMTPD listens on 127.0.0.1:$smtp_port" "$(cat mx/smtpd.log)"
fi
cat > cfg/invite.conf <<EOS
# alice's settings
from Alice Example <alice@example.org>
endpoint tcp://127.0.0.1:4000
msmtp -C $PWD/mx/msmtprc
EOS
touch f
presd -1 -t f -u alice@example.org -o run/presence > /dev/null

invite -n 'about the release' 'Bob <bob@example.net>' > id 2> err
check_status "invite bob" 0 $?
check_eq "invite: nothing on stderr" "" "$(cat err)"
id=$(cat id)
check_match "invite prints the invitation's id" '^[0-9a-f]{32}$' "$id"
check_eq "invite keeps what it sent" "state/sent/$id.eml" \
    "$(ls state/sent/*.eml 2>/dev/null)"
if wait_for 15 grep -q "^X-Hail-Invitation: $id\$" -r mx/Maildir/new; then
	pass "the mail is delivered to bob's Maildir"
else
	fail "the mail is delivered to bob's Maildir" "$(tail -5 mx/smtpd.log)"
fi
# (by id: a mail left in the system's queue by an earlier run may land too)
got=$(grep -l "^X-Hail-Invitation: $id\$" mx/Maildir/new/* | head -n 1)
python3 "$HAIL_TOP/tests/tools/mailparts.py" "$got" delivered
python3 "$HAIL_TOP/tests/tools/mailparts.py" "state/sent/$id.eml" sent
for f in headers structure defects part.1 part.2 part.3; do
	if cmp -s "sent/$f" "delivered/$f"; then
		pass "delivered and sent agree: $f"
	else
		fail "delivered and sent agree: $f" "$(diff "sent/$f" "delivered/$f")"
	fi
done
check_jq "the delivered invitation: the presence presd kept, the note" \
    ".id == \"$id\" and .note == \"about the release\" and
    .presence.user == \"alice@example.org\" and
    .presence.last_input == $(jq .last_input run/presence)" delivered/part.3

# no latest line: presd -1 makes one (here the user is logged in nowhere,
# as a private, empty utmp file says)
rm run/presence
mkutmp utmp
HAIL_UTMP=$PWD/utmp
export HAIL_UTMP
invite bob@example.net > id2 2> err
check_status "invite with no latest line (presd -1)" 0 $?
check_eq "invite with no latest line: nothing on stderr" "" "$(cat err)"
check_jq "invite with no latest line: presd -1's presence was sent" \
    '.presence.status == "xa" and .presence.last_input == null' \
    "$(python3 "$HAIL_TOP/tests/tools/mailparts.py" \
    "state/sent/$(cat id2).eml" sent2 && echo sent2/part.3)"

# a recipient the server refuses: msmtp's status, said, nothing sent
invite carol@nowhere.example > out 2> err
st=$?
check_status "invite to a refused recipient: msmtp's EX_DATAERR" 65 "$st"
check_eq "invite to a refused recipient: nothing on stdout" "" "$(cat out)"
check_match "invite to a refused recipient: says it was not sent" \
    "invite: msmtp failed \(status 65\): the invitation to carol@nowhere.example was not sent" \
    "$(cat err)"
check_eq "invite to a refused recipient: kept as unsent, not sent" "1 2" \
    "$(find state/unsent -type f | wc -l) $(find state/sent -type f | wc -l)"

# no settings, or a bad one
mv cfg/invite.conf cfg/invite.conf.off
invite bob@example.net > out 2> err
check_status "invite with no settings" 3 $?
check_eq "invite with no settings: message" \
    "invite: $HAIL_CONFIG_DIR/invite.conf: no settings (see invite(1))" \
    "$(cat err)"
printf 'from a@example.org\nendpoint tcp://h.example:1\ncolour blue\n' \
    > cfg/invite.conf
invite bob@example.net > out 2> err
check_status "invite with an unknown setting" 3 $?
check_eq "invite with an unknown setting: message" \
    "invite: $HAIL_CONFIG_DIR/invite.conf: unknown setting colour" "$(cat err)"
invite > out 2> err
check_status "invite with no address" 2 $?

# the EXAMPLES of invmk(1) and invite(1), run as written: alice's HOME
# with the listener's certificate and an ~/.msmtprc for the server here
HOME=$PWD/home
XDG_RUNTIME_DIR=$PWD/xdg
export HOME XDG_RUNTIME_DIR
mkdir -p home/.config/hail xdg/hail
make_ca ca
make_cert ca listener alice.example.org
cp ca/listener.pem home/.config/hail/listener.pem
cp mx/msmtprc home/.msmtprc
touch f
presd -1 -t f -u alice@example.org -o xdg/hail/presence > /dev/null
printf 'from Alice Example <alice@example.org>\nendpoint tcp://127.0.0.1:4000\nmsmtp -C %s\n' \
    "$PWD/mx/msmtprc" > cfg/invite.conf
before=$(find mx/Maildir/new -type f | wc -l)
cmd=$(example invmk.1 '^invmk ') && {
	sh -c "$cmd" > out 2> err
	check_status "invmk.1: $cmd" 0 $?
	check_eq "invmk.1: the example says nothing" "" "$(cat err)"
}
cmd=$(example invite.1 '^invite ') && {
	sh -c "$cmd" > out 2> err
	check_status "invite.1: $cmd" 0 $?
}
if wait_for 15 sh -c "[ \$(find mx/Maildir/new -type f | wc -l) -ge $((before + 2)) ]"; then
	pass "the examples' two mails are delivered"
else
	fail "the examples' two mails are delivered" "$(tail -5 mx/smtpd.log)"
fi
find mx/Maildir/new -type f -newer f | while read -r m; do
	python3 "$HAIL_TOP/tests/tools/mailparts.py" "$m" ex
	jq -r '.session.endpoint' ex/part.3
done | sort > endpoints
check_eq "the examples' invitations: tls with the certificate, and tcp" \
    "tcp://127.0.0.1:4000
tls://alice.example.org:7070" "$(cat endpoints)"
stop_pid "$smtpd_pid"

# msmtp missing, or its configuration: said, and msmtp's status passed on
printf 'from Alice <alice@example.org>\nendpoint tcp://127.0.0.1:4000\nmsmtp -C %s\n' \
    "$PWD/nonexistent-msmtprc" > cfg/invite.conf
invite bob@example.net > out 2> err
st=$?
if [ "$st" -ne 0 ] && [ "$st" -ne 2 ] && [ "$st" -ne 3 ]; then
	pass "msmtp without its configuration: msmtp's status ($st)"
else
	fail "msmtp without its configuration: msmtp's status" "status $st"
fi
check_match "msmtp without its configuration: not sent" \
    "the invitation to bob@example.net was not sent" "$(cat err)"
mkdir nomsmtp
for p in sh jq presd invmk mktemp sed cp mkdir mv rm cat; do
	ln -s "$(command -v "$p")" "nomsmtp/$p"
done
PATH=$PWD/nomsmtp sh "$HAIL_TOP/scripts/invite" bob@example.net > out 2> err
check_status "msmtp not installed" 3 $?
check_eq "msmtp not installed: message" "invite: msmtp: not found" "$(cat err)"

# msmtp failing in the ways a network fails: a server that rejects the
# mail after DATA, one that drops the connection there, one that never
# answers, and TLS the server cannot do. No real server can be told to
# do the first three, so a scripted SMTP peer (socat + sh) plays it.
cat > peer.sh <<'EOS'
#!/bin/sh
# peer.sh MODE: an SMTP server that fails after DATA (MODE reject or drop)
printf '220 peer ESMTP\r\n'
while IFS= read -r line; do
	case $line in
	EHLO*|HELO*) printf '250 peer\r\n' ;;
	MAIL*|RCPT*) printf '250 ok\r\n' ;;
	DATA*)
		printf '354 go on\r\n'
		while IFS= read -r l; do
			[ "$l" = "$(printf '.\r')" ] && break
		done
		[ "$1" = drop ] && exit 0
		printf '554 5.0.0 rejected after DATA\r\n' ;;
	QUIT*) printf '221 bye\r\n'; exit 0 ;;
	*) printf '500 what\r\n' ;;
	esac
done
EOS
# fails_with SLUG STATUS MESSAGE MSMTPRC-LINES: invite through that msmtp
# setup exits with msmtp's STATUS, msmtp's error says MESSAGE (an ERE),
# the mail is kept as unsent and nothing is claimed sent
fails_with() {
	what=$1
	printf 'defaults\nauth off\naccount default\nfrom alice@example.org\n%s\n' \
	    "$4" > "msmtprc.$what"
	chmod 600 "msmtprc.$what"
	printf 'from Alice <alice@example.org>\nendpoint tcp://127.0.0.1:4000\nmsmtp -C %s\n' \
	    "$PWD/msmtprc.$what" > cfg/invite.conf
	unsent=$(find state/unsent -type f | wc -l)
	sent=$(find state/sent -type f | wc -l)
	invite bob@example.net > out 2> err
	check_status "$what: invite passes msmtp's status on" "$2" $?
	check_match "$what: msmtp says why" "$3" "$(cat err)"
	check_eq "$what: nothing on stdout" "" "$(cat out)"
	check_match "$what: invite says it was not sent" \
	    "^invite: msmtp failed \\(status $2\\): .* was not sent; it is kept in" \
	    "$(cat err)"
	check_eq "$what: one more unsent, no more sent" \
	    "$((unsent + 1)) $sent" \
	    "$(find state/unsent -type f | wc -l) $(find state/sent -type f | wc -l)"
}
for mode in reject drop; do
	port=$(free_port)
	spawn socat "TCP-LISTEN:$port,bind=127.0.0.1,reuseaddr,fork" \
	    "EXEC:sh $PWD/peer.sh $mode"
	peer=$bgpid
	wait_port "$port" 10
	if [ "$mode" = reject ]; then
		fails_with "rejected-after-DATA" 69 \
		    "server message: 554 5.0.0 rejected after DATA" \
		    "host 127.0.0.1
port $port
tls off"
	else
		fails_with "dropped-after-DATA" 76 \
		    "the server sent an empty reply" \
		    "host 127.0.0.1
port $port
tls off"
	fi
	stop_pid "$peer"
done
port=$(free_port)
spawn socat "TCP-LISTEN:$port,bind=127.0.0.1,reuseaddr,fork" \
    "EXEC:sleep 30"
peer=$bgpid
wait_port "$port" 10
fails_with "silent-server" 74 "the operation timed out" "host 127.0.0.1
port $port
tls off
timeout 2"
stop_pid "$peer"
if start_smtpd "$PWD/mx2"; then
	fails_with "no-STARTTLS" 69 "does not support TLS|STARTTLS" \
	    "host 127.0.0.1
port $smtp_port
tls on
tls_starttls on
tls_trust_file /etc/ssl/certs/ca-certificates.crt"
	stop_pid "$smtpd_pid"
fi
