#!/bin/sh
# shellcheck disable=SC2154,SC2086 # bgpid, smtpd_pid: set by tests/lib.sh; $A and $C split into env VAR=... on purpose
# saying no: the invitee declines through the inviter's listener
# (hail-join -x, a hello with "decline"), the reason kept in both
# transcripts; with -m a reply mail says it too, through real msmtp and
# OpenSMTPD. Here bob@example.net invites carol@example.com, as the test
# server delivers for bob only.
. "$HAIL_TOP/tests/lib.sh"

mkdir a c home
A="env HAIL_CONFIG_DIR=$PWD/a/cfg HAIL_STATE_DIR=$PWD/a/state HAIL_RUNTIME_DIR=$PWD/a/run"
C="env HAIL_CONFIG_DIR=$PWD/c/cfg HAIL_STATE_DIR=$PWD/c/state HAIL_RUNTIME_DIR=$PWD/c/run MAILCAPS=$PWD/none HOME=$PWD/home"
mkdir -p a/run c/run
touch f
presd -1 -t f -u bob@example.net > a/run/presence
port=$(free_port)
$A invmk -f 'Bob <bob@example.net>' -t carol@example.com \
    -e "tcp://127.0.0.1:$port" < a/run/presence > mail
$C invopen -q mail
id=$(sed -n '/^$/q; s/^X-Hail-Invitation: //p' mail)
aout=a/state/sessions/$id/out
cout=c/state/sessions/$id/out
spawn $A socat TCP-LISTEN:"$port",bind=127.0.0.1,reuseaddr,fork \
    EXEC:"sessd -l -u bob@example.net" 2> a.err
lsn=$bgpid
wait_port "$port" 5

$C hail-join -x not-now "$id" > out 2> err
check_status "hail-join -x not-now: said" 0 $?
check_eq "quietly" "" "$(cat out err)"
if wait_for 5 grep -q '"what":"declined: not now"' "$aout"; then
	pass "the inviter's transcript keeps the no and its reason"
else
	fail "the inviter's transcript keeps the no" "$(cat a.err)"
fi
check_match "naming who said it" \
    '! \{"type":"event","what":"declined: not now","peer":"carol@example.com"\}' \
    "$(cat "$aout")"
check_eq "and nothing else happened there: no welcome, no presence" \
    "" "$(grep -e welcome -e presence "$aout")"
check_match "the invitee's transcript: the goodbye to the no" \
    '< \{"type":"bye"\}' "$(cat "$cout")"
check_match "and the no" '"what":"declined: not now"' "$(cat "$cout")"

# the reasons hail-join takes, and no other
$C hail-join -x maybe "$id" 2> err
check_status "hail-join -x maybe: usage" 2 $?
$C hail-join -m "$id" 2> err
check_status "hail-join -m without -x: usage" 2 $?
$C sessd -i "c/state/invitations/$id.json" -x never 2> err < /dev/null
check_status "sessd -x never: usage" 2 $?

# with a mail too
start_smtpd "$PWD/mx"
cp mx/msmtprc home/.msmtprc
$C hail-join -x busy -m "$id" 2> err
check_status "hail-join -x busy -m: said, and mailed" 0 $?
wait_for 5 grep -q '"what":"declined: busy"' "$aout"
check_status "the inviter's transcript: busy" 0 $?
if wait_for 10 sh -c 'ls mx/Maildir/new | grep -q .'; then
	pass "the reply mail delivered to the inviter"
else
	fail "the reply mail delivered" "$(cat err mx/smtpd.log)"
fi
m=$(find mx/Maildir/new -type f | head -n 1)
check_match "from the invitee" '^From: carol@example.com$' \
    "$(sed -n '/^From: /p' "$m")"
check_match "its subject" '^Subject: Re: hail: busy$' \
    "$(sed -n '/^Subject: /p' "$m")"
check_eq "its words" \
    "carol@example.com has said no to your hail invitation ($id): busy." \
    "$(sed '1,/^$/d' "$m")"
stop_pid "$lsn"
stop_pid "$smtpd_pid"
