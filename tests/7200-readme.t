#!/bin/sh
# shellcheck disable=SC2154,SC2086 # bgpid: set by tests/lib.sh; $A and $B split into env VAR=... on purpose
# README: each case of "Troubleshooting" made to happen with the real
# programs (a real nginx, socat, TLS, procmail), and what the README
# quotes compared with what they print and their exit status; the config
# snippets of "Real use, across two machines" checked against the shipped
# files or run
. "$HAIL_TOP/tests/lib.sh"

readme=$HAIL_TOP/README
fixed=0123456789abcdef0123456789abcdef
# quote ERE: the block of the Troubleshooting section (the lines after a
# "$ command" line, up to "$ echo $?") one of whose lines matches ERE,
# then "exit N" with the status the README gives
quote() {
	sed -n '/^Troubleshooting$/,/^Building and installing$/p' "$readme" |
	    awk -v re="$1" '
	/^    \$ echo \$\?$/ { st = 1; next }
	st { if (hit) { printf "%s", blk; print "exit " substr($0, 5) }
		st = 0; hit = 0; blk = ""; inb = 0; next }
	/^    \$ / { inb = 1; blk = ""; hit = 0; next }
	inb && /^    / { l = substr($0, 5); blk = blk l "\n"
		if (l ~ re) hit = 1; next }
	{ inb = 0 }'
}
# loose: what may differ from run to run, made the same on both sides
loose() {
	sed -E 's/[0-9a-f]{64}/HASH/g;
	    s|^[0-9]{4}/[0-9]{2}/[0-9]{2} [0-9:]{8} socat\[[0-9]+\]|DATE socat[PID]|;
	    s/child [0-9]+ exited/child PID exited/'
}
# norm: the test's paths, ids and ports as the README writes them
norm() {
	sed "s|$PWD/bob|/home/bob|g; s|$PWD/alice|/home/alice|g;
	    s|$PWD/no-utmp|/var/run/utmp|g;
	    s|https://127.0.0.1:$nport/|https://www.example.org/|g;
	    s|${id:-@@}|$fixed|g; s|127.0.0.1:${cport:-@@}|203.0.113.7:7070|g"
}
# check_quote WHAT ERE STATUS ERR-FILE: the README's block for ERE is
# what ERR-FILE holds, with the status
check_quote() {
	_q=$(quote "$2")
	if [ -z "$_q" ]; then
		fail "README quotes $1" "no block matching $2"
		return
	fi
	check_eq "README quotes $1" "$(printf '%s\n' "$_q" | loose)" \
	    "$( { norm < "$4"; echo "exit $3"; } | loose)"
}
# check_said WHAT TEXT FILE: the README says "TEXT" (across lines), and
# FILE holds TEXT
check_said() {
	if tr '\n' ' ' < "$readme" | sed 's/  */ /g' | grep -qF "\"$2\"" &&
	    grep -qF -- "$2" "$3"; then
		pass "README quotes $1: $2"
	else
		fail "README quotes $1: $2" "$(cat "$3")"
	fi
}

mkdir -p alice/run/hail alice/.config/hail bob/run bob/.config/hail \
    bob/Maildir/new
touch f
# each user with the default directories under a home of its own
A="env -u XDG_CONFIG_HOME -u XDG_STATE_HOME -u XDG_CACHE_HOME HOME=$PWD/alice XDG_RUNTIME_DIR=$PWD/alice/run"
B="env -u XDG_CONFIG_HOME -u XDG_STATE_HOME -u XDG_CACHE_HOME HOME=$PWD/bob XDG_RUNTIME_DIR=$PWD/bob/run HAIL_CARD=$HAIL_TOP/renderer/card.jq MAILCAPS=$PWD/bob/.mailcap"
unset HAIL_CONFIG_DIR HAIL_STATE_DIR HAIL_RUNTIME_DIR HAIL_CACHE_DIR
presd -1 -t f -u alice@example.org > alice/run/hail/presence
mailbox=$PWD/bob/Maildir/new/1764061735.M1P2.host

# --- the real-use steps' snippets --------------------------------------
# (8) the mailcap and mblaze lines are invopen(1)'s
page=$(mandoc -Tascii -O width=300 "$HAIL_TOP/man/invopen.1" | col -bx |
    sed 's/^ *//')
for l in 'application/vnd.hail.invitation+json; invopen -r %s; copiousoutput' \
    'auto_view application/vnd.hail.invitation+json' \
    'application/vnd.hail.invitation+json: invopen -r /dev/stdin || exit 63'
do
	if grep -qxF "    $l" "$readme" &&
	    printf '%s\n' "$page" | grep -qxF -- "$l"; then
		pass "README and invopen(1): $l"
	else
		fail "README and invopen(1): $l"
	fi
done
grep -xF '    application/vnd.hail.invitation+json; invopen -r %s; copiousoutput' \
    "$readme" | sed 's/^    //' > bob/.mailcap

# (1, 7) the installed recipes are where the README's lines name them
make -s -C "$HAIL_TOP" install DESTDIR="$PWD/inst" > /dev/null 2>&1
sed -n 's|^    INCLUDERC=\(/usr/local/share/hail/[a-z.]*\)$|\1|p;
    s|^    include "\(/usr/local/share/hail/[a-z.]*\)"$|\1|p' "$readme" |
    sort -u > recipes
check_eq "README names both recipes" "/usr/local/share/hail/hail.mailfilter
/usr/local/share/hail/hail.procmailrc" "$(cat recipes)"
while read -r f; do
	if cmp -s "inst$f" "$HAIL_TOP/scripts/${f##*/}"; then
		pass "README: make install puts $f"
	else
		fail "README: make install puts $f"
	fi
done < recipes

# (2) the msmtprc is one msmtp reads
sed -n '/^2\. alice: mail out/,/^   Try it/p' "$readme" |
    sed -n 's/^    //p' > alice/.msmtprc
chmod 600 alice/.msmtprc
echo secret > alice/.config/msmtp-password
$A msmtp -P > out 2> err
check_status "README's ~/.msmtprc: msmtp --pretend reads it" 0 $?
check_match "README's ~/.msmtprc: the account" 'host = smtp.example.org' \
    "$(cat out)"

# (3) the cron lines, run once each, after the PATH line they ask for
line=$(grep -E '^    \*/5 \* \* \* \* presd ' "$readme" | sed 's/^    //')
cmd=$(printf '%s\n' "$line" | sed "s|^[^p]*||; s|/run/user/1000|$PWD/alice/run|; s|^presd |presd -t $PWD/f |")
grep -qxF '    PATH=/usr/local/bin:/usr/bin:/bin' "$readme"
check_status "README's crontab sets cron's PATH" 0 $?
rm alice/run/hail/presence
sh -c "$cmd" > out 2>&1
check_status "README's cron line for presd, run" 0 $?
check_eq "it says nothing (cron would mail it)" "" "$(cat out)"
check_jq "it keeps alice's line" '.user == "alice@example.org"' \
    alice/run/hail/presence

# (5) invite.conf from the README: invite takes every setting
sed -n '/^5\. alice: ~\/.config\/hail\/invite.conf/,/^   The last two/p' \
    "$readme" | sed -n 's/^    //p' |
    sed "s|/home/alice|$PWD/alice|; s| SHA256$| $(sha256sum \
    "$HAIL_TOP/renderer/card.jq" | cut -c 1-64)|" > alice/.config/hail/invite.conf
mkdir -p alice/.config/hail fake
$A openssl req -x509 -newkey ec -pkeyopt ec_paramgen_curve:prime256v1 \
    -nodes -days 2 -subj /CN=alice.example.org -keyout alice/.config/hail/listener.key \
    -out alice/.config/hail/listener.pem 2> /dev/null
# msmtp as a file, to see the mail: this checks the settings, not msmtp
printf '#!/bin/sh\ncat > %s/sent.eml\n' "$PWD" > fake/msmtp
chmod +x fake/msmtp
PATH=$PWD/fake:$PATH $A invite 'Bob <bob@example.net>' > out 2> err
check_status "invite with the README's invite.conf" 0 $?
$B invopen -d sent.eml > inv.json 2> err
check_jq "its invitation: every setting of the README" \
    '.from_name == "Alice Example" and .from == "alice@example.org" and
    .session.endpoint == "tls://alice.example.org:7070" and
    (.session.certificate | startswith("-----BEGIN CERTIFICATE")) and
    .renderer.url == "https://www.example.org/hail/card.jq" and
    .presence_url == "https://www.example.org/hail/alice.json"' inv.json

# (9) invopen.conf from the README: read, not refused
sed -n '/^9\. bob: trust/,/^10\. /p' "$readme" | sed -n 's/^    //p' \
    > bob/.config/hail/invopen.conf
$B invopen -q sent.eml > out 2> err
check_status "invopen with the README's invopen.conf" 0 $?
check_eq "nothing said of it" "" "$(cat err)"
rm -rf bob/.local

# --- a renderer server: nginx over HTTPS, with a CA made here ----------
nport=$(free_port)
make_ca ca
make_cert ca server 127.0.0.1
mkdir -p ng/www/hail ng/tmp
cp "$HAIL_TOP/renderer/card.jq" ng/www/hail/card.jq
{
	nginx_conf "$PWD/ng"
	cat <<EOS
	server {
		listen 127.0.0.1:$nport ssl;
		ssl_certificate $PWD/ca/server.pem;
		ssl_certificate_key $PWD/ca/server.key;
	}
}
EOS
} > ng/nginx.conf
start_nginx "$PWD/ng" "$nport"
url=https://127.0.0.1:$nport/hail/card.jq
sha=$(sha256sum ng/www/hail/card.jq | cut -c 1-64)
conf() {
	printf '%s\n' "$@" > bob/.config/hail/invopen.conf
	chmod 600 bob/.config/hail/invopen.conf
}

# --- Troubleshooting ---------------------------------------------------
# an expired invitation
$A invmk -f 'Alice <alice@example.org>' -t bob@example.net \
    -e tcp://127.0.0.1:7070 < alice/run/hail/presence > mail
$B invopen -d mail | jq -c '.created = "2025-01-01T10:37:12Z" |
    .expires = "2025-01-02T10:37:12Z"' > old.json
python3 "$HAIL_TOP/tests/tools/mkmail.py" plain old.json > "$mailbox"
$B invopen "$mailbox" > out 2> err
check_quote "an expired invitation" 'invitation from .* expired at' $? err
check_eq "an expired invitation: not stored" "" "$(ls bob/.local 2>/dev/null)"

# a stored invitation since expired: hail-join refuses it before it
# dials, so alice's listener sees no connection
lport=$(free_port)
spawn $A socat -d -d TCP-LISTEN:"$lport",bind=127.0.0.1,reuseaddr,fork \
    EXEC:'sessd -l -u alice@example.org' 2> listener.err
lsn=$bgpid
wait_port "$lport" 10
id=$(jq -r .id old.json)
mkdir -p bob/.local/state/hail/invitations
jq -c ".session.endpoint = \"tcp://127.0.0.1:$lport\"" old.json \
    > "bob/.local/state/hail/invitations/$id.json"
$B hail-join -b "$id" > out 2> err
check_quote "a stored invitation that expired" '^hail-join: .*: expired at' \
    $? err
# (socat -d -d logs each connection it accepts, in turn: wait_port's
# probe before and another after hail-join are two, and there is no
# third between them)
wait_port "$lport" 10
probes() {
	[ "$(grep -c 'ended before a hello' listener.err)" -ge 2 ]
}
wait_for 10 probes
check_eq "an expired invitation: alice's listener sees no connection" \
    2 "$(grep -c 'accepting connection' listener.err)"
rm -rf bob/.local

# invitations with a renderer on the server here
invmail() {
	$A invmk -f 'Alice <alice@example.org>' -t bob@example.net \
	    -e "tcp://127.0.0.1:$lport" -r "$url" -R "$1" \
	    < alice/run/hail/presence > "$mailbox"
	id=$(sed -n '/^$/q; s/^X-Hail-Invitation: //p' "$mailbox")
	rm -rf bob/.local bob/.cache
}
invmail "$sha"

# a renderer host not allowed: the card, not the renderer
conf "cafile $PWD/ca/ca.pem" "allow-private yes"
$B invopen "$mailbox" > out 2> err
check_quote "a renderer host not allowed" "host is not allowed" $? err
check_match "the card shown" "^hail invitation from Alice" "$(head -n 1 out)"

# a hash that does not match what the server has
invmail "$(printf 'another\n' | sha256sum | cut -c 1-64)"
conf "allow-host 127.0.0.1" "cafile $PWD/ca/ca.pem" "allow-private yes"
$B invopen "$mailbox" > out 2> err
check_quote "a renderer hash mismatch" "sha256 mismatch" $? err
check_eq "a hash mismatch: nothing cached" "" \
    "$(ls -A bob/.cache/hail/renderers 2>/dev/null)"
invmail "$sha"

# a server no trusted CA vouches for
conf "allow-host 127.0.0.1" "allow-private yes"
$B invopen "$mailbox" > out 2> err
check_quote "a renderer server's certificate refused" "certificate refused" \
    $? err

# loopback, without allow-private
conf "allow-host 127.0.0.1" "cafile $PWD/ca/ca.pem"
$B invopen "$mailbox" > out 2> err
sed -i "s|127.0.0.1:$nport|127.0.0.1:8443|" err
check_quote "a renderer on a loopback address" "is loopback" $? err

# invopen.conf others can write
conf "allow-host 127.0.0.1" "cafile $PWD/ca/ca.pem" "allow-private yes"
chmod 666 bob/.config/hail/invopen.conf
$B invopen "$mailbox" > out 2> err
check_quote "invopen.conf writable by others" "writable by others" $? err
chmod 600 bob/.config/hail/invopen.conf
$B invopen "$mailbox" > out 2> err
check_eq "with all that right: the renderer shows it, nothing said" \
    "0 hail invitation from Alice <alice@example.org>" \
    "$? $(head -n 1 out)$(cat err)"
stop_pid "$ngx"

# no invitation stored: the recipe did not run invopen (no header)
rm -rf bob/.local
sed '/^X-Hail-Invitation:/d' "$mailbox" > plain.eml
mkdir -p pm/Maildir/new pm/Maildir/cur pm/Maildir/tmp
grep -xF '    INCLUDERC=/usr/local/share/hail/hail.procmailrc' "$readme" |
    sed "s|^    INCLUDERC=|INCLUDERC=$PWD/inst|" > pm.inc
{
	echo "PATH=$HAIL_TOP:/usr/bin:/bin"
	# (procmail takes HOME from the password file)
	echo "HAIL_STATE_DIR=$PWD/bob/.local/state/hail"
	echo "HAIL_CONFIG_DIR=$PWD/bob/.config/hail"
	echo "DEFAULT=$PWD/pm/Maildir/"
	cat pm.inc
} > pm/rc
$B procmail -m pm/rc < "$mailbox"
check_eq "procmail with the README's INCLUDERC line: stored" \
    "$id.json" "$(ls bob/.local/state/hail/invitations 2>/dev/null)"
rm -rf bob/.local
$B procmail -m pm/rc < plain.eml
check_eq "the mail with no X-Hail-Invitation: delivered, not stored" \
    "2 " "$(find pm/Maildir/new -type f | wc -l) $(ls bob/.local 2>/dev/null)"
$B hail-join "$id" > out 2> err
check_quote "no invitation stored" "no such invitation" $? err
$B invopen plain.eml > out 2> err
check_eq "invopen on it by hand: stored" "0 $id.json" \
    "$? $(ls bob/.local/state/hail/invitations)"

# refused by the listener: alice's secret made again
mv alice/.config/hail/secret secret.old
head -c 32 /dev/urandom > alice/.config/hail/secret
chmod 600 alice/.config/hail/secret
$B hail-join -b "$id" > out 2> err
st=$?
# (socat passes sessd's 4 on as 1, or loses it when the connection
# closes first: 0)
case $st in
0|1) pass "a hello refused: 1, or 0 (exit status)" ;;
*) fail "a hello refused: 1, or 0 (exit status)" "status $st" ;;
esac
check_eq "README quotes a hello refused" \
    "$(grep -xF '    sessd: refused by the peer' "$readme" | sed 's/^    //')" \
    "$(grep -v ' socat\[' err)"
wait_for 5 grep -q 'wrong token' listener.err
check_said "alice's listener, refusing" "sessd: hello refused: wrong token" \
    listener.err
mv secret.old alice/.config/hail/secret
stop_pid "$lsn"

# no listener
cport=$(free_port)
$A invmk -f 'Alice <alice@example.org>' -t bob@example.net \
    -e "tcp://127.0.0.1:$cport" < alice/run/hail/presence > "$mailbox"
id=$(sed -n '/^$/q; s/^X-Hail-Invitation: //p' "$mailbox")
$B invopen -q "$mailbox"
$B hail-join -b "$id" > out 2> err
check_quote "no listener" "Connection refused" $? err

# a certificate mismatch: the listener's is not the one pinned
tport=$(free_port)
rm alice/.config/hail/listener.pem alice/.config/hail/listener.key
spawn $A hail-listen -a 127.0.0.1 "$tport" 2> tls.err
tls=$bgpid
wait_port "$tport" 10
openssl req -x509 -newkey ec -pkeyopt ec_paramgen_curve:prime256v1 \
    -nodes -days 2 -subj "/CN=$(hostname -f 2>/dev/null || hostname)" \
    -keyout old.key -out old.pem 2> /dev/null
$A invmk -f 'Alice <alice@example.org>' -t bob@example.net \
    -e "tls://127.0.0.1:$tport" -c old.pem < alice/run/hail/presence \
    > "$mailbox"
id=$(sed -n '/^$/q; s/^X-Hail-Invitation: //p' "$mailbox")
$B invopen -q "$mailbox"
$B hail-join -b "$id" > out 2> err
check_quote "a certificate mismatch" "certificate verify failed" $? err
wait_for 5 grep -q 'unknown ca' tls.err
check_said "alice's listener, with another certificate" \
    "tlsv1 alert unknown ca" tls.err

# no presd on bob's side, and none to be started that finds anything:
# nothing sent; the same invitation with the certificate that is
# alice's, which also checks the TLS path works
$A invmk -f 'Alice <alice@example.org>' -t bob@example.net \
    -e "tls://127.0.0.1:$tport" -c alice/.config/hail/listener.pem \
    < alice/run/hail/presence > "$mailbox"
id=$(sed -n '/^$/q; s/^X-Hail-Invitation: //p' "$mailbox")
$B invopen -q "$mailbox"
spawn $B HAIL_UTMP="$PWD/no-utmp" hail-join -b "$id" > join.out 2> join.err
join=$bgpid
if wait_for 10 test -s "alice/.local/state/hail/sessions/$id/out" &&
    wait_for 10 grep -q 'presd:' join.err; then
	pass "a session over TLS, bob with no presd"
else
	fail "a session over TLS, bob with no presd" "$(cat join.err tls.err)"
fi
sed -n 's/^    \(presd: .*\)$/\1/p' "$readme" > said
norm < join.err | grep '^presd:' > got
check_eq "README quotes presd's words with nothing to watch" \
    "$(cat said)" "$(cat got)"
sleep 1
check_eq "no presence of bob's reached alice" "" \
    "$(ls "alice/.local/state/hail/sessions/$id/peer" 2>/dev/null)"
stop_pid "$(cat "bob/.local/state/hail/sessions/$id/lock")"
stop_pid "$join"

# no presd on alice's side: sessd's own names her by invite.conf's from
rm alice/run/hail/presence
mkutmp utmp.a "$(id -un):null"
rm -rf bob/.local/state/hail/sessions
stop_pid "$tls"
# listen_join: alice's hail-listen (no presd's line: her sessd starts its
# own) and bob's hail-join -b; sets $tls and $join
listen_join() {
	spawn $A HAIL_UTMP="$PWD/utmp.a" hail-listen -a 127.0.0.1 "$tport" \
	    2> tls.err
	tls=$bgpid
	wait_port "$tport" 10
	spawn $B hail-join -b "$id" > join.out 2> join.err
	join=$bgpid
}
# part: bob's sessd, his hail-join and alice's listener stopped
part() {
	stop_pid "$(cat "bob/.local/state/hail/sessions/$id/lock")"
	stop_pid "$join"
	stop_pid "$tls"
}
listen_join
if wait_for 10 sh -c "jq -e '.user == \"alice@example.org\"' \
    bob/.local/state/hail/sessions/$id/peer" > /dev/null 2>&1; then
	pass "README: hail-listen names alice by invite.conf's from"
else
	fail "README: hail-listen names alice by invite.conf's from" \
	    "$(cat "alice/.local/state/hail/sessions/$id/out" join.err)"
fi
part

# and with no from (no invite.conf) and no -u: login@host, refused
mv alice/.config/hail/invite.conf alice/invite.conf.away
rm -rf bob/.local/state/hail/sessions alice/.local/state/hail/sessions
listen_join
bad=$(grep -o '{"type":"error","reason":"bad presence"}' "$readme" | head -n 1)
if wait_for 10 grep -qF "$bad" "alice/.local/state/hail/sessions/$id/out"
then
	pass "README: alice's own sessd's presd is answered $bad"
else
	fail "README: alice's own sessd's presd is answered $bad" \
	    "$(cat "alice/.local/state/hail/sessions/$id/out" join.err)"
fi
part
mv alice/invite.conf.away alice/.config/hail/invite.conf

# invite: msmtp not configured
presd -1 -t f -u alice@example.org > alice/run/hail/presence
printf 'from Alice Example <alice@example.org>\nendpoint tcp://alice.example.org:7070\n' \
    > alice/.config/hail/invite.conf
rm alice/.msmtprc
$A invite bob@example.net > out 2> err
st=$?
id=$(find alice/.local/state/hail/unsent -name '*.eml' |
    sed 's|.*/||; s/\.eml$//')
check_quote "msmtp not configured" "^msmtp: " $st err

# invite: presd without -u
presd -1 -t f > alice/run/hail/presence
who=$(jq -r .user alice/run/hail/presence)
$A invite bob@example.net > out 2> err
st=$?
sed -i "s/presence of $who,/presence of alice@laptop,/" err
check_quote "a presence line for another user" "presd -u sets the user" \
    $st err
