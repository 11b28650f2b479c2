#!/bin/sh
# invopen(1)'s EXAMPLES as written: procmail and maildrop set-up, by hand,
# the mailcap line through run-mailcap, mblaze's mshow with the filter
. "$HAIL_TOP/tests/lib.sh"

HAIL_CONFIG_DIR=$PWD/cfg
HAIL_STATE_DIR=$PWD/state
HAIL_CARD=$PWD/card.jq
MAILCAPS=$PWD/no-mailcap
export HAIL_CONFIG_DIR HAIL_STATE_DIR HAIL_CARD MAILCAPS
echo '"card: \(.from) is \(.presence.status)"' > card.jq
touch f
presd -1 -t f -u alice@example.org > p
invmk -f 'Alice <alice@example.org>' -t bob@example.net \
    -e tcp://alice.example.org:7070 < p > mail
id=$(sed -n '/^$/q; s/^X-Hail-Invitation: //p' mail)
card="card: alice@example.org is $(jq -r .status p)"

# page LINE-ERE: the first line of the page's text matching it, with the
# installed data directory read as the source tree's scripts/
page() {
	mandoc -Tascii -O width=300 "$HAIL_TOP/man/invopen.1" | col -b |
	    sed 's/^[[:blank:]]*//' | grep -E -m 1 -- "$1" |
	    sed "s|/usr/local/share/hail|$HAIL_TOP/scripts|"
}

# procmail: the INCLUDERC line
line=$(page '^INCLUDERC=')
check_match "the procmail example" "^INCLUDERC=$HAIL_TOP/scripts/hail.procmailrc\$" \
    "$line"
mkdir -p pm/new pm/cur pm/tmp
cat > procmailrc <<EOF
PATH=$HAIL_TOP:/usr/bin:/bin
HAIL_STATE_DIR=$PWD/pmstate
HAIL_CONFIG_DIR=$HAIL_CONFIG_DIR
DEFAULT=$PWD/pm/
$line
EOF
procmail -m procmailrc < mail
check_status "procmail with the example line" 0 $?
check_eq "procmail: delivered" "1" "$(find pm/new -type f | wc -l)"
if [ -f "pmstate/invitations/$id.json" ]; then
	pass "procmail: the invitation stored"
else
	fail "procmail: the invitation stored"
fi

# maildrop: the include line
line=$(page '^include ')
check_eq "the maildrop example" \
    "include \"$HAIL_TOP/scripts/hail.mailfilter\"" "$line"
mkdir -p md/new md/cur md/tmp
cat > mailfilter <<EOF
PATH="$HAIL_TOP:/usr/bin:/bin"
HAIL_STATE_DIR="$PWD/mdstate"
HAIL_CONFIG_DIR="$HAIL_CONFIG_DIR"
$line
to "$PWD/md"
EOF
chmod 600 mailfilter
maildrop mailfilter < mail
check_status "maildrop with the example line" 0 $?
check_eq "maildrop: delivered" "1" "$(find md/new -type f | wc -l)"
if [ -f "mdstate/invitations/$id.json" ]; then
	pass "maildrop: the invitation stored"
else
	fail "maildrop: the invitation stored"
fi

# by hand, on the delivered file
ex=$(example invopen.1 '^invopen ~/Maildir')
check_eq "the by-hand example" "invopen ~/Maildir/new/1764061735.M1P2.host" \
    "$ex"
invopen "md/new/$(ls md/new)" > out 2> err
check_status "by hand" 0 $?
check_eq "by hand: the card" "$card" "$(cat out)"

# the mailcap line, through Debian's run-mailcap, as mutt would use it
line=$(page '^application/vnd.hail.invitation\+json; ')
check_eq "the mailcap example" \
    "application/vnd.hail.invitation+json; invopen -r %s; copiousoutput" \
    "$line"
echo "$line" > mailcap
invopen -d mail > part.json
PATH=$HAIL_TOP:$PATH MAILCAPS=$PWD/mailcap run-mailcap --nopager \
    --action=view application/vnd.hail.invitation+json:part.json > out 2> err
check_status "run-mailcap with the example line" 0 $?
check_eq "run-mailcap: the card" "$card" "$(cat out)"
check_match "the muttrc example" "^auto_view application/vnd.hail.invitation\\+json\$" \
    "$(page '^auto_view ')"

# mblaze: the filter line and mshow -A
mkdir mblaze
touch mblaze/seq
page '^application/vnd.hail.invitation\+json: ' > mblaze/filter
check_eq "the mblaze filter example" \
    "application/vnd.hail.invitation+json: invopen -r /dev/stdin || exit 63" \
    "$(cat mblaze/filter)"
ex=$(example invopen.1 '^mshow -A')
# shellcheck disable=SC2086
PATH=$HAIL_TOP:$PATH MBLAZE=$PWD/mblaze MBLAZE_PAGER=cat MBLAZE_NOCOLOR=1 \
    $ex ./mail > out 2> err
check_status "mshow with the filter" 0 $?
check_eq "mshow shows the card for the invitation part" "$card" \
    "$(grep -A1 '^--- .*application/vnd.hail.invitation+json' out |
    tail -n 1)"
# an expired invitation: the filter says "not shown", mshow goes on
jq -c '.created = "2026-01-01T00:00:00Z" | .expires = "2026-01-02T00:00:00Z"' \
    part.json > old.json
python3 "$HAIL_TOP/tests/tools/mkmail.py" plain old.json > oldmail
# shellcheck disable=SC2086
PATH=$HAIL_TOP:$PATH MBLAZE=$PWD/mblaze MBLAZE_PAGER=cat MBLAZE_NOCOLOR=1 \
    $ex ./oldmail > out 2> err
check_status "mshow, an expired invitation" 0 $?
if grep -q '^card:' out; then
	fail "mshow, an expired invitation: no card"
else
	pass "mshow, an expired invitation: no card"
fi

# -d and jq
ex=$(example invopen.1 'invopen -d')
check_eq "the jq example prints the endpoint" "tcp://alice.example.org:7070" \
    "$(sh -c "$ex")"
