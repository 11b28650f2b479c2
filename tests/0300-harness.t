#!/bin/sh
# shellcheck disable=SC2154 # bgpid, smtp_port, smtpd_pid: set by tests/lib.sh
# the harness itself: a failing check fails the run, and the helpers later
# tests lean on (a server on a free port, a throwaway CA) work for real
. "$HAIL_TOP/tests/lib.sh"

# a test file with one failing check: the runner reports it and fails
mkdir inner
cat > inner/fails.t <<'EOS'
. "$HAIL_TOP/tests/lib.sh"
check_eq "one" a a
check_eq "two" a b
EOS
sh "$HAIL_TOP/tests/run" "$PWD/inner/fails.t" > inner.out 2>&1
check_status "tests/run with a failing check" 1 $?
check_eq "tests/run: the summary counts the failure" "1 passed, 1 failed" \
    "$(tail -n 1 inner.out)"
check_match "tests/run: expected and actual are shown" \
    '^#   expected: a$' "$(cat inner.out)"
cat > inner/dies.t <<'EOS'
exit 7
EOS
sh "$HAIL_TOP/tests/run" "$PWD/inner/dies.t" > inner.out 2>&1
check_status "tests/run with a test that dies" 1 $?
check_eq "tests/run: a dying test counts as failed" "0 passed, 1 failed" \
    "$(tail -n 1 inner.out)"

# a TCP server on a free port, waited for, then stopped by pid
port=$(free_port)
check_match "free_port gives a port number" '^[0-9]+$' "$port"
spawn socat "TCP-LISTEN:$port,bind=127.0.0.1,reuseaddr,fork" SYSTEM:'echo pong'
srv=$bgpid
if wait_port "$port" 10; then
	pass "wait_port: the server listens"
else
	fail "wait_port: the server listens"
fi
check_eq "the server answers" pong \
    "$(socat -T 5 -t 5 - "TCP:127.0.0.1:$port" < /dev/null)"
stop_pid "$srv"
if kill -0 "$srv" 2>/dev/null; then
	fail "stop_pid: the server is gone"
else
	pass "stop_pid: the server is gone"
fi
if netutil wait 127.0.0.1 "$port" 300; then
	fail "wait_port: nothing listens after the stop"
else
	pass "wait_port: nothing listens after the stop"
fi

# a throwaway CA and a certificate for 127.0.0.1, used by a TLS server
make_ca ca
make_cert ca server 127.0.0.1
check_eq "make_cert: the certificate verifies against the CA" \
    "ca/server.pem: OK" "$(openssl verify -CAfile ca/ca.pem ca/server.pem)"
port=$(free_port)
spawn socat "OPENSSL-LISTEN:$port,bind=127.0.0.1,reuseaddr,fork,cert=ca/server.pem,key=ca/server.key,verify=0" \
    SYSTEM:'echo secure' 2> tls.err
srv=$bgpid
wait_port "$port" 10
# (-u: the client only reads; a client that sent its end of input first
# could have the server close before its echo ran)
check_eq "a TLS client that checks the certificate gets through" secure \
    "$(socat -T 5 -u "OPENSSL:127.0.0.1:$port,cafile=ca/ca.pem,verify=1" - \
    2>/dev/null)"
make_ca other
check_eq "a client trusting another CA is refused" "" \
    "$(socat -T 5 -u "OPENSSL:127.0.0.1:$port,cafile=other/ca.pem,verify=1" - \
    2>/dev/null)"
stop_pid "$srv"

# stop_pid and track take pids only: a 0 (or an empty pid, which once
# made the cleanup read /proc/stat and find a 0 there) would signal the
# whole process group (run in a group of its own here, to survive a bug)
# shellcheck disable=SC2016 # $HAIL_TOP is the inner shell's
check_eq "stop_pid 0, stop_pid '' and track '' signal no one" alive \
    "$(setsid sh -c '. "$HAIL_TOP/tests/lib.sh" > /dev/null
	stop_pid 0; stop_pid ""; track ""; track 0; echo alive' 2>&1)"
