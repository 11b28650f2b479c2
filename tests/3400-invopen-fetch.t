#!/bin/sh
# shellcheck disable=SC2154 # bgpid: set by tests/lib.sh
# invopen fetching the renderer an invitation names, through invfetch from
# a real nginx over HTTPS (a CA made here): only where the settings or the
# user allow it, never during delivery unless configured, verified by
# SHA-256 before it runs; the card hail ships is what nginx serves
. "$HAIL_TOP/tests/lib.sh"

HAIL_CONFIG_DIR=$PWD/cfg
HAIL_STATE_DIR=$PWD/state
HAIL_CACHE_DIR=$PWD/cache
HAIL_CARD=$PWD/mock.jq
MAILCAPS=$PWD/no-mailcap
export HAIL_CONFIG_DIR HAIL_STATE_DIR HAIL_CACHE_DIR HAIL_CARD MAILCAPS
echo '"mock card"' > mock.jq

port=$(free_port)
make_ca ca
make_cert ca server 127.0.0.1
mkdir -p ng/www ng/tmp
cp "$HAIL_TOP/renderer/card.jq" ng/www/card.jq
echo '"not the card"' > ng/www/other.jq
{
	nginx_conf "$PWD/ng"
	cat <<EOS
	server {
		listen 127.0.0.1:$port ssl;
		ssl_certificate $PWD/ca/server.pem;
		ssl_certificate_key $PWD/ca/server.key;
	}
}
EOS
} > ng/nginx.conf
start_nginx "$PWD/ng" "$port"
requests() {
	grep -c '"GET /card.jq HTTP' ng/access.log
}

sha=$(sha256sum ng/www/card.jq | cut -c 1-64)
touch f
presd -1 -t f -u alice@example.org > p
invmk -f 'Alice <alice@example.org>' -t bob@example.net \
    -e tcp://alice.example.org:7070 -r "https://127.0.0.1:$port/card.jq" \
    -R "$sha" < p > mail
id=$(sed -n '/^$/q; s/^X-Hail-Invitation: //p' mail)
mkdir -p cfg
conf() {
	{
		echo "cafile $PWD/ca/ca.pem"
		echo "allow-private yes"
		printf '%s\n' "$@"
	} > cfg/invopen.conf
	chmod 600 cfg/invopen.conf
	rm -rf cache state
}

# not allowed: nothing fetched, the card shown, the reason given
conf
invopen mail > out 2> err
check_status "a renderer from a host not allowed" 0 $?
check_eq "not allowed: the shipped card instead" "mock card" "$(cat out)"
check_match "not allowed: said" "host is not allowed" "$(cat err)"
check_eq "not allowed: no request reached nginx" "0" "$(requests)"

# -f: fetched this once, verified, run
invopen -f mail > out 2> err
check_status "-f" 0 $?
check_eq "-f: the fetched renderer shows the invitation" \
    "hail invitation from Alice <alice@example.org>" "$(head -n 1 out)"
check_eq "-f: one request" "1" "$(requests)"
if cmp -s ng/www/card.jq "cache/renderers/$sha"; then
	pass "-f: kept in the cache under its hash, byte for byte"
else
	fail "-f: kept in the cache under its hash, byte for byte"
fi
invopen mail > out 2> err
check_eq "the cached renderer runs again with no request" "1 hail invitation from Alice <alice@example.org>" \
    "$(requests) $(head -n 1 out)"

# allow-host and trust: fetched without asking
conf "allow-host 127.0.0.1"
invopen mail > out 2> err
check_eq "allow-host: fetched and run" "2 hail invitation from Alice <alice@example.org>" \
    "$(requests) $(head -n 1 out)"
conf "trust $sha"
invopen mail > out 2> err
check_eq "trust: fetched and run" "3 hail invitation from Alice <alice@example.org>" \
    "$(requests) $(head -n 1 out)"

# a hash that does not match what the server sends: nothing kept or run
other=$(sha256sum ng/www/other.jq | cut -c 1-64)
jq -c --arg s "$other" '.renderer.sha256 = $s' "$(invopen -d mail > inv.json &&
    echo inv.json)" > bad.json
python3 "$HAIL_TOP/tests/tools/mkmail.py" plain bad.json > badmail
conf "allow-host 127.0.0.1"
invopen badmail > out 2> err
check_status "a renderer whose hash does not match" 0 $?
check_eq "no match: the shipped card instead" "mock card" "$(cat out)"
check_match "no match: invfetch says so" "sha256 mismatch" "$(cat err)"
check_eq "no match: nothing in the cache" "" "$(ls -A cache/renderers)"

# loopback without allow-private: invfetch refuses the address
{
	echo "cafile $PWD/ca/ca.pem"
	echo "allow-host 127.0.0.1"
} > cfg/invopen.conf
rm -rf cache state
before=$(requests)
invopen mail > out 2> err
check_eq "loopback not allowed: the shipped card" "mock card" "$(cat out)"
check_match "loopback not allowed: said" "address refused" "$(cat err)"
check_eq "loopback not allowed: no request" "$before" "$(requests)"

# delivery: no fetch unless fetch-on-delivery
conf "allow-host 127.0.0.1"
before=$(requests)
invopen -q mail > out 2> err
check_status "delivery (-q)" 0 $?
check_eq "delivery: no fetch" "$before" "$(requests)"
conf "allow-host 127.0.0.1" "fetch-on-delivery yes"
invopen -q mail > out 2> err
check_eq "delivery with fetch-on-delivery: fetched, nothing shown" \
    "$((before + 1)) " "$(requests) $(cat out)"
if [ -f "cache/renderers/$sha" ] && [ -f "state/invitations/$id.json" ]; then
	pass "delivery with fetch-on-delivery: cached and stored"
else
	fail "delivery with fetch-on-delivery: cached and stored"
fi

# settings others can write are refused
conf "allow-host 127.0.0.1"
chmod 666 cfg/invopen.conf
invopen mail > out 2> err
check_status "invopen.conf writable by others" 3 $?
check_match "invopen.conf writable by others: said" "invopen.conf" "$(cat err)"
