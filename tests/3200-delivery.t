#!/bin/sh
# the shipped procmail and maildrop recipes, with real procmail and real
# maildrop delivering into a Maildir: the mail arrives whole whatever
# invopen does (succeeds, fails, crashes, hangs, is killed, stops reading
# a mail too large), and the invitation is stored when invopen succeeds
. "$HAIL_TOP/tests/lib.sh"

HAIL_CONFIG_DIR=$PWD/cfg
export HAIL_CONFIG_DIR
touch f
presd -1 -t f -u alice@example.org > p
invmk -f 'Alice <alice@example.org>' -t bob@example.net \
    -e tcp://alice.example.org:7070 < p > mail
id=$(sed -n '/^$/q; s/^X-Hail-Invitation: //p' mail)
{
	cat mail
	# past invopen's 64 MiB: it stops reading there
	head -c 52000000 /dev/zero | base64
} > huge

# wrappers that stand for invopen in each way it can go wrong
real=$HAIL_TOP/invopen
mkdir fail crash hang killed
printf '#!/bin/sh\nexit 3\n' > fail/invopen
cat > crash/invopen <<EOF
#!/bin/sh
"$real" "\$@" 0<&0 &
pid=\$!
sleep 0.2
kill -SEGV \$pid
wait \$pid
EOF
mkfifo never
cat > hang/invopen <<EOF
#!/bin/sh
# stuck opening a FIFO nobody writes: only its own time cap ends it
exec "$real" -q -t 1 "$PWD/never"
EOF
sed 's/-SEGV/-KILL/' crash/invopen > killed/invopen
chmod +x fail/invopen crash/invopen hang/invopen killed/invopen

# deliver MDA MODE MAIL: delivers MAIL with MDA (procmail or maildrop)
# through the shipped recipe, invopen being the real one (ok) or a
# wrapper; sets $box to the Maildir
deliver() {
	box=$PWD/$1.$2/Maildir
	rm -rf "$1.$2"
	mkdir -p "$box/new" "$box/cur" "$box/tmp"
	if [ "$2" = ok ]; then
		path=$HAIL_TOP
	else
		path=$PWD/$2
	fi
	state=$PWD/$1.$2/state
	case $1 in
	procmail)
		cat > "$1.$2/rc" <<EOF
PATH=$path:$HAIL_TOP:/usr/bin:/bin
HAIL_STATE_DIR=$state
HAIL_CONFIG_DIR=$HAIL_CONFIG_DIR
DEFAULT=$box/
INCLUDERC=$HAIL_TOP/scripts/hail.procmailrc
EOF
		procmail -m "$1.$2/rc" < "$3"
		;;
	maildrop)
		cat > "$1.$2/rc" <<EOF
PATH="$path:$HAIL_TOP:/usr/bin:/bin"
HAIL_STATE_DIR="$state"
HAIL_CONFIG_DIR="$HAIL_CONFIG_DIR"
include "$HAIL_TOP/scripts/hail.mailfilter"
to "$box"
EOF
		chmod 600 "$1.$2/rc"
		maildrop "$1.$2/rc" < "$3"
		;;
	esac
}

for mda in procmail maildrop; do
	for mode in ok fail crash hang killed; do
		for m in mail huge; do
			t0=$(date +%s)
			deliver "$mda" "$mode" "$m" > out 2> err
			check_status "$mda, invopen $mode, $m: delivered" 0 $?
			got=$(ls "$box/new")
			if [ "$(echo "$got" | wc -l)" -eq 1 ] &&
			    cmp -s "$m" "$box/new/$got"; then
				pass "$mda, invopen $mode, $m: arrives whole"
			else
				fail "$mda, invopen $mode, $m: arrives whole"
			fi
			t1=$(date +%s)
			if [ $((t1 - t0)) -le 10 ]; then
				pass "$mda, invopen $mode, $m: within 10 s"
			else
				fail "$mda, invopen $mode, $m: within 10 s"
			fi
		done
		if [ "$mode" = ok ]; then
			deliver "$mda" ok mail > out 2> err
			if [ -f "$state/invitations/$id.json" ]; then
				pass "$mda: the invitation is stored"
			else
				fail "$mda: the invitation is stored"
			fi
		fi
	done
	printf 'From: a@example.org\nSubject: hi\n\nhello\n' > plain
	deliver "$mda" ok plain > out 2> err
	check_status "$mda, a mail with no invitation: delivered" 0 $?
	if cmp -s plain "$box/new/$(ls "$box/new")"; then
		pass "$mda, a mail with no invitation: arrives whole"
	else
		fail "$mda, a mail with no invitation: arrives whole"
	fi
done
