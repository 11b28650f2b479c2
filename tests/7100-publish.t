#!/bin/sh
# shellcheck disable=SC2154 # bgpid: set by tests/lib.sh
# hail-publish: presd's latest line put on a real nginx over HTTPS (WebDAV
# PUT, a CA made here), once and as it changes, and fetched again by
# invfetch -p only when it changed (ETag); refusals and failures said,
# with their statuses
. "$HAIL_TOP/tests/lib.sh"

port=$(free_port)
make_ca ca
make_cert ca server 127.0.0.1
make_ca other
mkdir -p ng/www/hail ng/tmp
{
	nginx_conf "$PWD/ng"
	cat <<EOS
	server {
		listen 127.0.0.1:$port ssl;
		ssl_certificate $PWD/ca/server.pem;
		ssl_certificate_key $PWD/ca/server.key;
		location /hail/ {
			dav_methods PUT;
			client_max_body_size 8k;
		}
	}
}
EOS
} > ng/nginx.conf
start_nginx "$PWD/ng" "$port"
url=https://127.0.0.1:$port/hail/alice.json
# the published line, as anyone fetches it
fetched() {
	curl -s --cacert ca/ca.pem "$url"
}

mkdir run
touch f
presd -1 -t f -u alice@example.org > run/presence
HAIL_RUNTIME_DIR=$PWD/run hail-publish -1 -c ca/ca.pem "$url" > out 2> err
check_status "-1: published" 0 $?
check_eq "-1: nothing said" "" "$(cat out err)"
check_eq "-1: the line on the server, as presd wrote it" \
    "$(cat run/presence)" "$(fetched)"
check_match "-1: by PUT" '"PUT /hail/alice.json HTTP/1.1" 20[14]' \
    "$(cat ng/access.log)"

# as it changes
spawn env HAIL_RUNTIME_DIR="$PWD/run" hail-publish -i 1 -c ca/ca.pem "$url" \
    2> loop.err
pub=$bgpid
jq -c '.status = "away"' run/presence > run/p2
mv run/p2 run/presence
if wait_for 5 sh -c "curl -s --cacert ca/ca.pem '$url' |
    jq -e '.status == \"away\"'"; then
	pass "a change is published within a few seconds"
else
	fail "a change is published" "$(cat loop.err)"
fi
puts=$(grep -c '"PUT ' ng/access.log)
sleep 2.5
check_eq "no change, nothing put again" "$puts" \
    "$(grep -c '"PUT ' ng/access.log)"
stop_pid "$pub"
check_eq "stopped: it said nothing" "" "$(cat loop.err)"

# the man page's cron line, run with this server
line=$(examples hail-publish.1 | grep '^\*/5 ')
check_eq "hail-publish(1): the cron line" \
    "*/5 * * * * hail-publish -1 -o /run/user/1000/hail/presence https://www.example.org/hail/alice.json" \
    "$line"
cmd=$(printf '%s\n' "$line" | sed "s|^[^h]*||; s|/run/user/1000/hail/presence|$PWD/run/presence|; s|https://www.example.org/hail/alice.json|-c ca/ca.pem $url|")
jq -c '.status = "xa"' run/presence > run/p2
mv run/p2 run/presence
sh -c "$cmd"
check_status "the cron line's command, run" 0 $?
check_eq "it published the line" "xa" "$(fetched | jq -r .status)"

# the other end: invfetch -p polls it, asking only for a change
F="invfetch -p -P -c ca/ca.pem -u alice@example.org"
$F -o seen.json "$url" 2> err
check_status "invfetch -p: a new line" 0 $?
check_eq "invfetch -p: the line kept, as published" "$(fetched)" \
    "$(cat seen.json)"
check_eq "invfetch -p: its ETag kept beside it" \
    "$(curl -sI --cacert ca/ca.pem "$url" | tr -d '\r' |
    sed -n 's/^[Ee][Tt]ag: //p')" "$(cat seen.json.etag)"
$F -o seen.json "$url" 2> err
check_status "invfetch -p again: no change" 1 $?
check_match "asked with If-None-Match, answered 304" \
    '"GET /hail/alice.json HTTP/1.1" 304' "$(cat ng/access.log)"
jq -c '.status = "dnd" | .note = "in a meeting"' run/presence > run/p2
mv run/p2 run/presence
hail-publish -1 -o run/presence -c ca/ca.pem "$url"
$F -o seen.json "$url" 2> err
check_status "invfetch -p after a change: a new line" 0 $?
check_jq "the new line" '.status == "dnd" and .note == "in a meeting"' \
    seen.json
invfetch -p -P -c ca/ca.pem -u bob@example.net -o bob.json "$url" 2> err
check_status "invfetch -p: another user's line refused" 3 $?
check_eq "said so, and nothing kept" \
    "invfetch: $url: the presence of alice@example.org, not of bob@example.net" \
    "$(cat err; cat bob.json 2> /dev/null)"
invfetch -p -c ca/ca.pem -o x.json "$url" 2> err
check_status "invfetch -p: a loopback server without -P" 3 $?
head -c 5000 /dev/zero | tr '\0' 'x' > big
curl -s --cacert ca/ca.pem -T big "https://127.0.0.1:$port/hail/big.json"
$F -o x.json "https://127.0.0.1:$port/hail/big.json" 2> err
check_status "invfetch -p: more than a line's 4096 bytes" 3 $?
check_match "said so" 'larger than 4096 bytes' "$(cat err)"
echo '{"v":1}' > notp
curl -s --cacert ca/ca.pem -T notp "https://127.0.0.1:$port/hail/notp.json"
$F -o x.json "https://127.0.0.1:$port/hail/notp.json" 2> err
check_status "invfetch -p: not a presence line" 3 $?
check_eq "nothing kept of either" "" "$(ls x.json* 2> /dev/null)"
invfetch -p "$url" 2> err
check_status "invfetch -p without -o: usage" 2 $?

# the view before joining, through presence_url: bob's hail-join on a
# terminal, alice's listener down, her published presence polled
mkdir acfg bcfg
printf 'cafile %s\nallow-private yes\n' "$PWD/ca/ca.pem" > bcfg/invopen.conf
chmod 600 bcfg/invopen.conf
A="env HAIL_CONFIG_DIR=$PWD/acfg"
B="env HAIL_CONFIG_DIR=$PWD/bcfg HAIL_STATE_DIR=$PWD/bstate HAIL_RUNTIME_DIR=$PWD/brun MAILCAPS=$PWD/none TZ=UTC"
closed=$(free_port)
$A invmk -f alice@example.org -t bob@example.net \
    -e "tcp://127.0.0.1:$closed" -P "$url" < run/presence > mail.p
$B invopen -q mail.p
id=$(sed -n '/^$/q; s/^X-Hail-Invitation: //p' mail.p)
{
	printf 'sleep 3\n'
	sleep 3
	jq -c '.status = "available" | del(.note)' run/presence > run/p2
	mv run/p2 run/presence
	hail-publish -1 -o run/presence -c ca/ca.pem "$url"
	printf 'sleep 3\n\\x03\n'
} | $B python3 "$HAIL_TOP/tests/tools/onpty.py" view.log hail-join -i 1 \
    "$id" > /dev/null 2>&1
check_status "hail-join, watching through presence_url, left with ^C" 0 $?
tr -d '\r' < view.log | sed 's/\x1b\[[0-9;]*[A-Za-z]/\n/g' |
    grep '^alice is' | uniq > view.says
check_eq "bob's view: alice's published presence, then its change" \
    "alice is busy (do not disturb): \"in a meeting\"
alice is available" "$(sed 's/, idle [0-9].*//' view.says | head -n 2)"
check_eq "nothing left running of it" "" \
    "$(pgrep -f "invfetch -p .*$url" ; pgrep -f "sessd -i $PWD/bstate")"

# refusals and failures
hail-publish -1 -o run/presence "http://127.0.0.1:$port/hail/a.json" \
    2> err
check_status "http:// refused" 2 $?
check_eq "said so" \
    "hail-publish: http://127.0.0.1:$port/hail/a.json: not an https:// address" \
    "$(cat err)"
hail-publish -1 -o run/presence -c other/ca.pem "$url" 2> err
check_status "a server the CA does not vouch for" 3 $?
check_match "said so, with curl's reason" \
    'certificate.*not published' "$(tr '\n' ' ' < err)"
hail-publish -1 -o run/none -c ca/ca.pem "$url" 2> err
check_status "no presence line" 3 $?
check_eq "said so" \
    "hail-publish: run/none: no presence line (is presd -o running?)" \
    "$(cat err)"
echo 'not json' > run/bad
hail-publish -1 -o run/bad -c ca/ca.pem "$url" 2> err
check_status "not a presence line" 3 $?
check_eq "the published line untouched" "available" "$(fetched | jq -r .status)"
hail-publish -1 -o run/presence -c ca/ca.pem \
    "https://127.0.0.1:$port/elsewhere/x.json" 2> err
check_status "a server that refuses the PUT" 3 $?
check_match "said so, with the HTTP status" '405.*not published' \
    "$(tr '\n' ' ' < err)"
stop_pid "$ngx"
hail-publish -1 -o run/presence -c ca/ca.pem "$url" 2> err
check_status "no server" 3 $?
hail-publish -i 0 "$url" 2> err
check_status "-i 0: usage" 2 $?
