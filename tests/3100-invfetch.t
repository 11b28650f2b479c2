#!/bin/sh
# shellcheck disable=SC2154 # bgpid: set by tests/lib.sh
# invfetch: renderers fetched over HTTPS from a real nginx, and from a
# scripted server for what nginx will not do (drip, silence, endless or
# lying bodies); what is kept is whole and verified, and a failure leaves
# nothing in the cache, not even a temporary file
. "$HAIL_TOP/tests/lib.sh"

# ports: six different free ones
ports=
tries=0
while [ "$(echo "$ports" | wc -w)" -lt 6 ]; do
	p=$(free_port)
	case " $ports " in
	*" $p "*) ;;
	*) [ -n "$p" ] && ports="$ports $p" ;;
	esac
	tries=$((tries + 1))
	if [ "$tries" -gt 50 ]; then
		fail "six free ports" "got only:$ports"
		exit 1
	fi
done
# shellcheck disable=SC2086 # split on purpose
set -- $ports
port=$1 wport=$2 sport=$3 bport=$4 watch=$5 mport=$6

make_ca ca
make_cert ca server 127.0.0.1
make_cert ca wrong other.example
make_ca ca2
make_cert ca2 stranger 127.0.0.1

# the renderers nginx serves
mkdir -p ng/www ng/tmp
printf '.from + " invites you to talk"\n' > ng/www/r.jq
gzip -9 -n -c ng/www/r.jq > ng/www/r.gz
head -c 2000 /dev/zero | tr '\0' 'b' > ng/www/big
: > ng/www/empty
cp ng/www/r.jq ng/www/card.jq
sha() {
	sha256sum "$1" | cut -c 1-64
}
rsha=$(sha ng/www/r.jq)
gzsha=$(sha ng/www/r.gz)
bigsha=$(sha ng/www/big)
u=https://127.0.0.1:$port

{
	nginx_conf "$PWD/ng"
	cat <<EOS
	default_type application/octet-stream;
	server {
		listen 127.0.0.1:$port ssl;
		ssl_certificate $PWD/ca/server.pem;
		ssl_certificate_key $PWD/ca/server.key;
		location = /r.gz { add_header Content-Encoding gzip; }
		location = /e500 { return 500; }
		location = /to-http { return 302 http://127.0.0.1:$watch/r.jq; }
		location = /to-file { return 302 file:///etc/passwd; }
		location = /r0 { return 302 $u/r1; }
		location = /r1 { return 302 $u/r2; }
		location = /r2 { return 302 $u/r3; }
		location = /r3 { return 302 $u/r.jq; }
	}
	server {
		listen 127.0.0.1:$wport ssl;
		ssl_certificate $PWD/ca/wrong.pem;
		ssl_certificate_key $PWD/ca/wrong.key;
	}
	server {
		listen 127.0.0.1:$sport ssl;
		ssl_certificate $PWD/ca2/stranger.pem;
		ssl_certificate_key $PWD/ca2/stranger.key;
	}
}
EOS
} > ng/nginx.conf
start_nginx "$PWD/ng" "$port" "$wport" "$sport"
bad=$HAIL_TOP/tests/tools/badhttps.py
spawn python3 "$bad" https "$bport" ca/server.pem ca/server.key bad.ready
spawn python3 "$bad" watch "$watch" watch.log watch.ready
spawn python3 "$bad" mute "$mport" mute.ready
if wait_for 10 sh -c 'test -f bad.ready && test -f watch.ready &&
    test -f mute.ready'; then
	pass "the scripted servers listen on $bport, $watch and $mport"
else
	fail "the scripted servers listen"
fi
: > watch.log

# fetch ARG...: invfetch trusting the test's CA; $st, out, err
fetch() {
	invfetch -c ca/ca.pem "$@" < /dev/null > out 2> err
	st=$?
}

# left WHAT: nothing is left in the cache c, no file, no temporary file
left() {
	check_eq "$1: nothing left in the cache" "" "$(ls -A c 2>&1)"
}

# failed WHAT STATUS MESSAGE: invfetch exited STATUS, said MESSAGE (after
# "invfetch: "), printed nothing and left nothing
failed() {
	check_status "$1" "$2" "$st"
	check_eq "$1: message" "invfetch: $3" "$(cat err)"
	check_eq "$1: nothing on stdout" "" "$(cat out)"
	left "$1"
}

# requests PATH: how many requests for PATH nginx logged
requests() {
	grep -c "\"GET $1 HTTP" ng/access.log
}

# --- a good fetch, the cache, what is planted in it -------------------
fetch -P -d c/r "$u/r.jq" "$rsha"
check_status "fetch r.jq" 0 "$st"
check_eq "fetch r.jq: prints the path" "c/r/$rsha" "$(cat out)"
check_eq "fetch r.jq: nothing on stderr" "" "$(cat err)"
if cmp -s ng/www/r.jq "c/r/$rsha"; then
	pass "fetch r.jq: the file is the renderer, byte for byte"
else
	fail "fetch r.jq: the file is the renderer, byte for byte"
fi
check_eq "fetch r.jq: the cache holds only it" "$rsha" "$(ls -A c/r)"
check_eq "fetch r.jq: modes (dir, its parent, file)" "700 700 600" \
    "$(stat -c %a c/r c "c/r/$rsha" | tr '\n' ' ' | sed 's/ $//')"
version=$(sed -n 's/^VERSION = //p' "$HAIL_TOP/config.mk")
check_match "fetch r.jq: the User-Agent names hail and its version" \
    "\"GET /r.jq HTTP/1.1\" 200 .*\"hail/$version \(invfetch\)\"\$" \
    "$(tail -n 1 ng/access.log)"

fetch -d c/r "https://127.0.0.1:$watch/r.jq" "$rsha"
check_status "cached: no -P, a server that logs each connection" 0 "$st"
check_eq "cached: prints the path" "c/r/$rsha" "$(cat out)"
check_eq "cached: no connection made" "" "$(cat watch.log)"

printf 'x' >> "c/r/$rsha"
n=$(requests /r.jq)
fetch -P -d c/r "$u/r.jq" "$rsha"
check_status "a corrupted cached file is fetched again" 0 "$st"
check_eq "corrupted: fetched once more" $((n + 1)) "$(requests /r.jq)"
if cmp -s ng/www/r.jq "c/r/$rsha"; then
	pass "corrupted: replaced by the renderer"
else
	fail "corrupted: replaced by the renderer"
fi

echo 'precious' > victim
rm "c/r/$rsha"
ln -s ../../victim "c/r/$rsha"
fetch -P -d c/r "$u/r.jq" "$rsha"
check_status "a symbolic link at the final name" 0 "$st"
check_eq "link at the final name: its target untouched" precious \
    "$(cat victim)"
if [ -f "c/r/$rsha" ] && [ ! -L "c/r/$rsha" ]; then
	pass "link at the final name: replaced by a file"
else
	fail "link at the final name: replaced by a file" "$(ls -l c/r)"
fi

if [ "$(id -u)" -eq 0 ]; then
	chown nobody "c/r/$rsha"
	n=$(requests /r.jq)
	fetch -P -d c/r "$u/r.jq" "$rsha"
	check_status "a cached file of another user's" 0 "$st"
	check_eq "another user's: fetched again, now the user's" \
	    "$((n + 1)) 0" "$(requests /r.jq) $(stat -c %u "c/r/$rsha")"
fi

# standard output closed: the path is not written into the renderer;
# standard output full: a failure, though the renderer is kept
rm -rf c
invfetch -c ca/ca.pem -P -d c "$u/r.jq" "$rsha" >&- 2> err
check_status "stdout closed" 0 $?
if cmp -s ng/www/r.jq "c/$rsha"; then
	pass "stdout closed: the renderer is untouched"
else
	fail "stdout closed: the renderer is untouched" "$(cat "c/$rsha")"
fi
rm -rf c
invfetch -c ca/ca.pem -P -d c "$u/r.jq" "$rsha" > /dev/full 2> err
check_status "stdout full" 3 $?
check_eq "stdout full: message" "invfetch: stdout: No space left on device" \
    "$(cat err)"
check_eq "stdout full: the verified renderer is kept" "$rsha" "$(ls -A c)"

# the temporary name, known in advance through a getrandom(2) that
# gives zeros (tests/tools/fixrandom.c): first nothing is there, then a
# link planted there is neither followed nor removed, and the fetch fails
# rather than write anywhere else
fixed() {
	LD_PRELOAD=$HAIL_TOP/tests/tools/fixrandom.so \
	ASAN_OPTIONS=$ASAN_OPTIONS:verify_asan_link_order=0 \
	    invfetch -c ca/ca.pem -P -d c "$u/r.jq" "$rsha" > out 2> err
}
rm -rf c
mkdir -m 700 c
if [ ! -f "$HAIL_TOP/tests/tools/fixrandom.so" ]; then
	fail "tests/tools/fixrandom.so is there (make check builds it)"
else
	fixed
	check_status "a known temporary name, free" 0 $?
	check_eq "a known temporary name, free: only the renderer is left" \
	    "$rsha" "$(ls -A c)"
	rm "c/$rsha"
	ln -s ../victim c/.tmp.0000000000000000
	n=$(requests /r.jq)
	fixed
	check_status "a link planted at the temporary name" 3 $?
	check_eq "planted link: message" \
	    "invfetch: $u/r.jq: cannot make a temporary file: File exists" \
	    "$(cat err)"
	check_eq "planted link: its target untouched" precious "$(cat victim)"
	check_eq "planted link: left as it was, and nothing else" \
	    "../victim .tmp.0000000000000000" \
	    "$(readlink c/.tmp.0000000000000000) $(ls -A c)"
	check_eq "planted link: nothing fetched" "$n" "$(requests /r.jq)"
fi
rm -rf c

# --- addresses --------------------------------------------------------
n=$(wc -l < ng/access.log)
fetch -d c "$u/r.jq" "$rsha"
failed "loopback without -P" 3 \
    "$u/r.jq: address refused: 127.0.0.1 is loopback (-P allows it)"
fetch -d c "https://localhost:$port/r.jq" "$rsha"
check_status "a name that resolves to loopback" 3 "$st"
check_match "a name that resolves to loopback: message" \
    "^invfetch: https://localhost:$port/r.jq: address refused: \
(127.0.0.1|::1) is loopback \(-P allows it\)\$" "$(cat err)"
left "a name that resolves to loopback"
# (hosts libcurl reads as numbers, and IPv6 forms: refused before any
# packet is sent, so none of these need to be reachable)
while read -r host why; do
	fetch -t 2 -d c "https://$host:$port/r.jq" "$rsha"
	failed "$host without -P" 3 \
	    "https://$host:$port/r.jq: address refused: $why (-P allows it)"
done <<EOS
0x7f.1 127.0.0.1 is loopback
2130706433 127.0.0.1 is loopback
[::ffff:127.0.0.1] ::ffff:127.0.0.1 is loopback
[::1] ::1 is loopback
[::] :: is unspecified
0.0.0.0 0.0.0.0 is unspecified
10.1.2.3 10.1.2.3 is private
192.168.1.1 192.168.1.1 is private
169.254.169.254 169.254.169.254 is link-local
100.64.0.1 100.64.0.1 is shared (CGNAT)
[fe80::1] fe80::1 is link-local
[fd00::1] fd00::1 is unique local
224.0.0.1 224.0.0.1 is multicast
EOS
check_eq "refused addresses: nginx saw no request" "$n" \
    "$(wc -l < ng/access.log)"

# --- refused before any connection: usage ------------------------------
for url in "http://127.0.0.1:$watch/r.jq" "ftp://127.0.0.1:$watch/r.jq" \
    "file:///etc/passwd" "127.0.0.1:$watch/r.jq" \
    "HTTPS://127.0.0.1:$watch/r.jq" "https:/127.0.0.1:$watch/r.jq" \
    "gopher://127.0.0.1:$watch/"; do
	fetch -P -d c "$url" "$rsha"
	check_status "$url" 2 "$st"
	check_eq "$url: message" "invfetch: url: not an https:// URL" \
	    "$(head -n 1 err)"
	left "$url"
done
fetch -P -d c "https://u:p@127.0.0.1:$watch/r.jq" "$rsha"
check_status "user@ in the URL" 2 "$st"
check_eq "user@ in the URL: message (no URL echoed)" \
    "invfetch: url: user information (user@) is refused" "$(head -n 1 err)"
tab=$(printf '\t')
for url in "https://127.0.0.1:$watch/a b" "https://127.0.0.1:$watch/a\"b" \
    "https://127.0.0.1:$watch/a${tab}b" "https://127.0.0.1:$watch/é" \
    "https://127.0.0.1:$watch/a'b" "https://127.0.0.1:$watch/a\\b"; do
	fetch -P -d c "$url" "$rsha"
	check_status "URL with a space, quote, tab, backslash or non-ASCII" \
	    2 "$st"
	check_eq "URL with a space, ...: message (no URL echoed)" \
	    "invfetch: url: not printable ASCII, or a space, quote or backslash in it" \
	    "$(head -n 1 err)"
done
long=https://127.0.0.1:$watch/$(head -c 2100 /dev/zero | tr '\0' a)
fetch -P -d c "$long" "$rsha"
check_status "a URL over 2048 bytes" 2 "$st"
for url in "https:///r.jq" "https://:$watch/r.jq" "https://[]:1/" \
    "https://127.0.0.1:0/" "https://127.0.0.1:65536/" \
    "https://127.0.0.1:/"; do
	fetch -P -d c "$url" "$rsha"
	check_status "no host or a bad port: $url" 2 "$st"
done
for url in "https://[zz]/r.jq" "https://[1:2:3]/" "https://%00/"; do
	fetch -P -d c "$url" "$rsha"
	check_status "what libcurl cannot parse: $url" 2 "$st"
	check_eq "what libcurl cannot parse: $url: message" \
	    "invfetch: url: not a URL libcurl can parse" "$(head -n 1 err)"
done
for s in "$(echo "$rsha" | tr a-f A-F)" "${rsha%?}" "${rsha}0" \
    "$(echo "$rsha" | sed 's/^./g/')" ""; do
	fetch -P -d c "$u/r.jq" "$s"
	check_status "sha256 '$s'" 2 "$st"
	check_eq "sha256 '$s': message" \
	    "invfetch: sha256: not 64 lower-case hex digits" "$(head -n 1 err)"
done
for args in "-m 0" "-m 104857601" "-t 0" "-t 3601" "-m 1k" "-x"; do
	# shellcheck disable=SC2086 # split on purpose
	fetch $args -d c "$u/r.jq" "$rsha"
	check_status "options $args" 2 "$st"
done
fetch "$u/r.jq" "$rsha"
check_status "no -d" 2 "$st"
check_eq "usage errors: nothing reached the watched port" "" \
    "$(cat watch.log)"
rm -rf c

# --- what the server sends ---------------------------------------------
wrong=$(printf 'x' | sha256sum | cut -c 1-64)
fetch -P -d c "$u/r.jq" "$wrong"
failed "sha256 mismatch" 4 \
    "$u/r.jq: sha256 mismatch: got $rsha, want $wrong"

fetch -P -d c "$u/missing" "$rsha"
failed "404" 3 "$u/missing: HTTP status 404, not 200"
fetch -P -d c "$u/e500" "$rsha"
failed "500" 3 "$u/e500: HTTP status 500, not 200"
fetch -P -d c "$u/empty" "$(sha ng/www/empty)"
failed "an empty body" 3 "$u/empty: an empty body"

fetch -P -d c "$u/r.gz" "$rsha"
failed "gzip Content-Encoding is not undone" 4 \
    "$u/r.gz: sha256 mismatch: got $gzsha, want $rsha"
fetch -P -d c "$u/r.gz" "$gzsha"
check_status "gzip body under its own hash" 0 "$st"
if cmp -s ng/www/r.gz "c/$gzsha"; then
	pass "gzip body under its own hash: kept as sent"
else
	fail "gzip body under its own hash: kept as sent"
fi
rm -rf c

fetch -P -m 1999 -d c "$u/big" "$bigsha"
failed "Content-Length over -m" 3 "$u/big: larger than 1999 bytes"
fetch -P -m 2000 -d c "$u/big" "$bigsha"
check_status "exactly -m bytes" 0 "$st"
rm -rf c
b=https://127.0.0.1:$bport
fetch -P -m 10000 -d c "$b/chunked" "$rsha"
failed "chunked, over -m" 3 "$b/chunked: larger than 10000 bytes"
fetch -P -m 10000 -d c "$b/stream" "$rsha"
failed "no length, endless" 3 "$b/stream: larger than 10000 bytes"
fetch -P -d c "$b/short" "$rsha"
check_status "fewer bytes than Content-Length" 3 "$st"
check_match "fewer bytes than Content-Length: message" \
    "^invfetch: $b/short: the body ended early: .*90 bytes remaining" \
    "$(cat err)"
left "fewer bytes than Content-Length"
fetch -P -d c "$b/long" "$(printf 'hello, world\n' | sha256sum | cut -c 1-64)"
check_status "more bytes than Content-Length: only those" 4 "$st"
check_match "more bytes than Content-Length: the hash of those" \
    "got $(printf 'hello' | sha256sum | cut -c 1-64)," "$(cat err)"
left "more bytes than Content-Length"

# --- redirects ----------------------------------------------------------
fetch -P -d c "$u/r1" "$rsha"
check_status "3 redirects" 0 "$st"
if cmp -s ng/www/r.jq "c/$rsha"; then
	pass "3 redirects: the renderer"
else
	fail "3 redirects: the renderer"
fi
rm -rf c
fetch -P -d c "$u/r0" "$rsha"
failed "4 redirects" 3 "$u/r0: more than 3 redirects"
fetch -P -d c "$u/to-http" "$rsha"
check_status "a redirect to http:" 3 "$st"
check_match "a redirect to http: message" \
    "^invfetch: $u/to-http: redirect refused: not to https" "$(cat err)"
left "a redirect to http:"
check_eq "a redirect to http: not followed" "" "$(cat watch.log)"
fetch -P -d c "$u/to-file" "$rsha"
check_status "a redirect to file:" 3 "$st"
check_match "a redirect to file: message" \
    "^invfetch: $u/to-file: redirect refused: not to https" "$(cat err)"
left "a redirect to file:"

# --- certificates -------------------------------------------------------
fetch -P -d c "https://127.0.0.1:$wport/r.jq" "$rsha"
check_status "a certificate for another name" 3 "$st"
check_match "a certificate for another name: message" \
    "^invfetch: https://127.0.0.1:$wport/r.jq: certificate refused: .*(name|match)" \
    "$(cat err)"
left "a certificate for another name"
fetch -P -d c "https://127.0.0.1:$sport/r.jq" "$rsha"
check_status "a certificate from another CA" 3 "$st"
check_match "a certificate from another CA: message" \
    "^invfetch: https://127.0.0.1:$sport/r.jq: certificate refused: .*issuer" \
    "$(cat err)"
left "a certificate from another CA"
invfetch -P -d c "$u/r.jq" "$rsha" > out 2> err
st=$?
check_status "the test's CA is not the system's" 3 "$st"
check_match "the test's CA is not the system's: message" \
    "certificate refused" "$(cat err)"
left "the test's CA is not the system's"

# --- time -----------------------------------------------------------------
t0=$(date +%s)
fetch -P -d c "$b/drip" "$rsha"
t1=$(date +%s)
failed "1 byte a second" 3 \
    "$b/drip: too slow: under 100 bytes a second for 5 seconds"
check_match "1 byte a second: given up within 5 to 9 s" '^[5-9]$' \
    "$((t1 - t0))"
fetch -P -t 2 -d c "$b/idle" "$rsha"
t2=$(date +%s)
failed "no answer" 3 "$b/idle: timed out after 2 seconds"
check_match "no answer: given up within 2 to 4 s" '^[2-4]$' "$((t2 - t1))"
fetch -P -t 2 -d c "https://127.0.0.1:$mport/r.jq" "$rsha"
t3=$(date +%s)
failed "no TLS handshake" 3 \
    "https://127.0.0.1:$mport/r.jq: no TLS connection within 2 seconds"
check_match "no TLS handshake: given up within 2 to 4 s" '^[2-4]$' \
    "$((t3 - t2))"

# --- the cache directory ------------------------------------------------
mkdir -m 700 real
ln -s real cl
fetch -P -d cl "$u/r.jq" "$rsha"
check_status "-d a symbolic link" 3 "$st"
check_eq "-d a symbolic link: message" \
    "invfetch: cl: a symbolic link, refused as the cache directory" \
    "$(cat err)"
fetch -P -d cl/ "$u/r.jq" "$rsha"
check_status "-d a symbolic link, with a slash" 3 "$st"
check_eq "-d a symbolic link: nothing written" "" "$(ls -A real)"
mkdir -m 770 gw
chmod 770 gw
fetch -P -d gw "$u/r.jq" "$rsha"
check_status "-d group-writable" 3 "$st"
check_eq "-d group-writable: message" \
    "invfetch: gw: writable by group or others, refused as the cache directory" \
    "$(cat err)"
chmod 703 gw
fetch -P -d gw "$u/r.jq" "$rsha"
check_status "-d writable by others" 3 "$st"
check_eq "-d group-writable: nothing written" "" "$(ls -A gw)"
touch plain
fetch -P -d plain "$u/r.jq" "$rsha"
check_status "-d a file" 3 "$st"
check_eq "-d a file: message" "invfetch: plain: Not a directory" "$(cat err)"
if [ "$(id -u)" -eq 0 ]; then
	mkdir -m 700 theirs
	chown nobody theirs
	fetch -P -d theirs "$u/r.jq" "$rsha"
	check_status "-d another user's" 3 "$st"
	check_eq "-d another user's: message" \
	    "invfetch: theirs: owned by another user, refused as the cache directory" \
	    "$(cat err)"
fi
mkdir -m 755 open
fetch -P -d open/a/b "$u/r.jq" "$rsha"
check_status "-d with missing parents" 0 "$st"
check_eq "-d with missing parents: made 0700" "700 700" \
    "$(stat -c %a open/a open/a/b | tr '\n' ' ' | sed 's/ $//')"

# --- the environment ----------------------------------------------------
https_proxy=http://127.0.0.1:$watch HTTPS_PROXY=http://127.0.0.1:$watch \
ALL_PROXY=http://127.0.0.1:$watch \
    invfetch -c ca/ca.pem -P -d c "$u/r.jq" "$rsha" > out 2> err
check_status "proxy variables" 0 $?
check_eq "proxy variables: ignored" "" "$(cat watch.log)"
rm -rf c

# --- signals --------------------------------------------------------------
for sig in TERM:15 INT:2 HUP:1; do
	spawn invfetch -c ca/ca.pem -P -d c "$b/drip" "$rsha" > out 2> err
	pid=$bgpid
	if wait_for 5 sh -c 'test -s c/.tmp.*'; then
		pass "SIG${sig%:*}: the download has begun"
	else
		fail "SIG${sig%:*}: the download has begun" "$(ls -la c 2>&1)"
	fi
	kill "-${sig%:*}" "$pid"
	wait "$pid"
	st=$?
	failed "SIG${sig%:*} during a download" 3 \
	    "$b/drip: interrupted by signal ${sig#*:}"
done

# --- invfetch(1) --------------------------------------------------------
cp ca/ca.pem ca.pem
cmd=$(example invfetch.1 '^invfetch .*127\.0\.0\.1') && {
	sh -c "$(echo "$cmd" | sed "s/:8443/:$port/")" > out 2> err
	check_status "invfetch.1: $cmd" 0 $?
	check_eq "invfetch.1: the example's path" \
	    "cache/$(sha ng/www/card.jq)" "$(cat out)"
}
