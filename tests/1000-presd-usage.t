#!/bin/sh
# shellcheck disable=SC2154 # bgpid, smtp_port, smtpd_pid: set by tests/lib.sh
# presd: bad flags and numbers give the usage line on stderr and exit 2
. "$HAIL_TOP/tests/lib.sh"

usage='usage: presd [-1s] [-a away] [-c command] [-i heartbeat] [-o file] [-p poll] [-t path]... [-u user] [-x xa]'
touch f

# try EXPECTED-FIRST-LINE ARGS...: exit 2, the message, then the usage line
try() {
	msg=$1
	shift
	presd "$@" > out 2> err
	check_status "presd $*" 2 "$?"
	if [ -n "$msg" ]; then
		check_eq "presd $*: message and usage" "$msg
$usage" "$(cat err)"
	else
		check_eq "presd $*: usage" "$usage" "$(cat err)"
	fi
	check_eq "presd $*: nothing on stdout" "" "$(cat out)"
}

try "presd: invalid option -- 'q'" -q -t f
try "presd: option requires an argument -- 'a'" -t f -a
try "presd: away 0: too small (1 to 10000000)" -a 0 -t f
try "presd: away 5m: invalid (1 to 10000000)" -a 5m -t f
try "presd: away 99999999999999999999: too large (1 to 10000000)" \
    -a 99999999999999999999 -t f
try "presd: away -3: too small (1 to 10000000)" -a -3 -t f
try "presd: heartbeat 0: too small (1 to 86400)" -i 0 -t f
try "presd: heartbeat 86401: too large (1 to 86400)" -i 86401 -t f
try "presd: poll 0: too small (1 to 3600)" -p 0 -t f
try "presd: xa (300 s) must be longer than away (300 s)" -a 300 -x 300 -t f
try "presd: xa (60 s) must be longer than away (300 s)" -x 60 -t f
try "presd: -1 and -s do not go together" -1 -s
try "" -t f extra
try "presd: user : not one line of UTF-8 text of 1 to 254 bytes" -u '' -t f
nl='
'
presd -u "a${nl}b" -t f > out 2> err
check_status "presd -u with a newline" 2 "$?"
check_eq "presd -u with a newline: message and usage" \
    "presd: user a${nl}b: not one line of UTF-8 text of 1 to 254 bytes
$usage" "$(cat err)"
try "presd: command: empty or more than 63 words" -c ' ' -t f
