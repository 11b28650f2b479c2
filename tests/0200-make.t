#!/bin/sh
# the Makefile: the user's CFLAGS, install and uninstall under DESTDIR and
# PREFIX, dist; in a copy of the tree, so the build under test is untouched
. "$HAIL_TOP/tests/lib.sh"

# a make of our own, not the one running the tests (make -s would hide the
# command lines checked below)
unset MAKEFLAGS MFLAGS MAKELEVEL

mkdir src
(cd "$HAIL_TOP" && git ls-files -z --cached --others --exclude-standard 2>/dev/null | xargs -0 tar -cf - 2>/dev/null) |
    (cd src && tar -xf -)
if [ ! -f src/Makefile ]; then
	# not a git checkout (an unpacked dist): copy what is there
	(cd "$HAIL_TOP" && tar -cf - --exclude='*.o' --exclude='*.a' .) |
	    (cd src && tar -xf -)
	make -C src clean > /dev/null
fi
cd src || exit 1

make CFLAGS='-O0 -g' > build.log 2>&1
check_status "make CFLAGS='-O0 -g'" 0 $?
check_match "the user's CFLAGS reach the compiler, after the required flags" \
    '-std=c11 .*-Werror.* -O0 -g' "$(grep -m 1 'presd.c' build.log)"

make install DESTDIR="$PWD/root" PREFIX=/opt/hail > install.log 2>&1
check_status "make install DESTDIR PREFIX" 0 $?
check_eq "make install: the files" "/opt/hail/bin/hail-chat
/opt/hail/bin/hail-demo
/opt/hail/bin/hail-join
/opt/hail/bin/hail-listen
/opt/hail/bin/hail-publish
/opt/hail/bin/hail-status
/opt/hail/bin/invfetch
/opt/hail/bin/invite
/opt/hail/bin/invmk
/opt/hail/bin/invopen
/opt/hail/bin/presd
/opt/hail/bin/sessd
/opt/hail/share/hail/card.jq
/opt/hail/share/hail/hail-listen.service
/opt/hail/share/hail/hail-listen.socket
/opt/hail/share/hail/hail-listen@.service
/opt/hail/share/hail/hail.mailfilter
/opt/hail/share/hail/hail.procmailrc
/opt/hail/share/hail/presd.service
/opt/hail/share/man/man1/hail-chat.1
/opt/hail/share/man/man1/hail-demo.1
/opt/hail/share/man/man1/hail-join.1
/opt/hail/share/man/man1/hail-listen.1
/opt/hail/share/man/man1/hail-publish.1
/opt/hail/share/man/man1/hail-status.1
/opt/hail/share/man/man1/invfetch.1
/opt/hail/share/man/man1/invite.1
/opt/hail/share/man/man1/invmk.1
/opt/hail/share/man/man1/invopen.1
/opt/hail/share/man/man1/presd.1
/opt/hail/share/man/man1/sessd.1
/opt/hail/share/man/man5/invitation.5
/opt/hail/share/man/man5/presence.5
/opt/hail/share/man/man7/hail.7" "$(cd root && find . -type f | sed 's/^\.//' |
    LC_ALL=C sort)"
"$PWD/root/opt/hail/bin/presd" -1 -t Makefile > out
check_jq "the installed presd runs" '.v == 1' out
check_eq "the installed card.jq renders" "hail invitation from someone" \
    "$(echo '{}' | jq -r --argjson now 0 \
    -f "$PWD/root/opt/hail/share/hail/card.jq" | head -n 1)"
make uninstall DESTDIR="$PWD/root" PREFIX=/opt/hail > uninstall.log 2>&1
check_status "make uninstall" 0 $?
check_eq "make uninstall: no file left" "" \
    "$(cd root && find . -type f)"

make dist > dist.log 2>&1
check_status "make dist" 0 $?
version=$(sed -n 's/^VERSION = //p' config.mk)
tar -tzf "hail-$version.tar.gz" > list 2>/dev/null
for f in Makefile config.mk README cmd/presd.c lib/json.c man/presd.1 \
    renderer/card.jq scripts/deps tests/run bench/presd-idle.sh; do
	check_match "make dist: the tarball holds $f" "^hail-$version/$f\$" \
	    "$(cat list)"
done
mkdir unpacked
tar -xzf "hail-$version.tar.gz" -C unpacked
make -C "unpacked/hail-$version" > unpacked.log 2>&1
check_status "the dist tarball builds" 0 $?
