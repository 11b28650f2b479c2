# hail - invitations to live conversations by e-mail, with presence
.POSIX:

include config.mk

# Required flags live here, apart from the user's CFLAGS and LDFLAGS.
# SANFLAGS is empty unless a sanitizer build asks for it (see check-asan).
# WERROR= builds with a compiler newer than this code knows of.
SANFLAGS =
WERROR = -Werror
HAIL_CPPFLAGS = -D_XOPEN_SOURCE=700 -DVERSION=\"$(VERSION)\" \
	-DDATADIR=\"$(PREFIX)/share/hail\" $(MD_CFLAGS)
HAIL_CFLAGS = -std=c11 -Wall -Wextra $(WERROR) -Wshadow -Wstrict-prototypes \
	-Wmissing-prototypes -Wno-missing-field-initializers \
	$(SANFLAGS) $(CPPFLAGS) $(CFLAGS)
HAIL_LDFLAGS = $(SANFLAGS) $(LDFLAGS)
ASAN = -fsanitize=address,undefined -fno-sanitize-recover=all \
	-fno-omit-frame-pointer -g

BIN = presd invmk invopen invfetch sessd hail-chat
SCRIPTS = scripts/hail-status scripts/invite scripts/hail-listen \
	scripts/hail-join scripts/hail-publish scripts/hail-demo
MAN1 = man/presd.1 man/hail-status.1 man/invmk.1 man/invite.1 man/invopen.1 \
	man/invfetch.1 man/sessd.1 man/hail-listen.1 man/hail-join.1 \
	man/hail-chat.1 man/hail-publish.1 man/hail-demo.1
MAN5 = man/presence.5 man/invitation.5
MAN7 = man/hail.7
# installed in $(PREFIX)/share/hail: unit files, delivery recipes, the
# card renderer
DATA = scripts/presd.service scripts/hail-listen.service \
	scripts/hail-listen.socket scripts/hail-listen@.service \
	scripts/hail.procmailrc scripts/hail.mailfilter renderer/card.jq

LIBHDR = lib/afile.h lib/b64.h lib/buf.h lib/digest.h lib/hdr.h lib/hmac.h \
	lib/invitation.h lib/json.h lib/ledit.h lib/lines.h lib/mailcap.h \
	lib/mime.h lib/mimew.h lib/netaddr.h lib/num.h lib/override.h \
	lib/paths.h lib/pem.h lib/presence.h lib/qp.h lib/readback.h \
	lib/rfc3339.h lib/run.h lib/secret.h lib/sessdir.h lib/term.h \
	lib/token.h lib/transcript.h lib/utf8.h lib/wire.h
LIBOBJ = lib/afile.o lib/b64.o lib/buf.o lib/digest.o lib/hdr.o lib/hmac.o \
	lib/invitation.o lib/json.o lib/ledit.o lib/lines.o lib/mailcap.o \
	lib/mime.o \
	lib/mimew.o lib/netaddr.o lib/num.o lib/override.o lib/paths.o \
	lib/pem.o lib/presence.o lib/qp.o lib/readback.o lib/rfc3339.o \
	lib/run.o lib/secret.o lib/sessdir.o lib/term.o lib/token.o \
	lib/transcript.o lib/utf8.o lib/wire.o
UNIT = tests/unit/b64 tests/unit/digest tests/unit/hdr tests/unit/hmac \
	tests/unit/invitation tests/unit/json tests/unit/ledit \
	tests/unit/lines tests/unit/mailcap tests/unit/mime tests/unit/mimew \
	tests/unit/netaddr tests/unit/presence tests/unit/qp \
	tests/unit/rfc3339 tests/unit/secret tests/unit/sessdir \
	tests/unit/term tests/unit/transcript tests/unit/utf8 \
	tests/unit/wire
TOOLS = tests/tools/netutil tests/tools/mkutmp
PRELOAD = tests/tools/fixrandom.so tests/tools/faults.so
# invmk and invopen linked dynamically, whatever STATIC_LDFLAGS says, for
# tests that preload a library into them (a static PIE loads none)
DYN = tests/tools/invmk-dyn tests/tools/invopen-dyn
# fuzz targets (tests/fuzz/*.c): libFuzzer, with clang, ASan and UBSan, on
# the library built again with them under tests/fuzz/build
FUZZ_CC = clang
FUZZ_FLAGS = -fsanitize=fuzzer,address,undefined -fno-sanitize-recover=all \
	-g -O1
FUZZ_CFLAGS = -std=c11 -Wall -Wextra $(WERROR) -Wshadow -Wstrict-prototypes \
	-Wmissing-prototypes -Wno-missing-field-initializers $(FUZZ_FLAGS)
FUZZBIN = tests/fuzz/build/mime tests/fuzz/build/hdr tests/fuzz/build/b64 \
	tests/fuzz/build/qp tests/fuzz/build/json \
	tests/fuzz/build/invitation tests/fuzz/build/wire
FUZZ_SECONDS =

all: $(BIN)

.SUFFIXES: .c .o
.c.o:
	$(CC) $(HAIL_CPPFLAGS) $(HAIL_CFLAGS) -c -o $@ $<

$(LIBOBJ): $(LIBHDR) config.mk Makefile
cmd/presd.o cmd/invmk.o cmd/invopen.o cmd/sessd.o cmd/hail-chat.o: \
	$(LIBHDR) config.mk Makefile

lib/libhail.a: $(LIBOBJ)
	rm -f $@
	$(AR) -rc $@ $(LIBOBJ)

presd: cmd/presd.o lib/libhail.a
	$(CC) $(HAIL_LDFLAGS) -o $@ cmd/presd.o lib/libhail.a

invmk: cmd/invmk.o lib/libhail.a
	$(CC) $(HAIL_LDFLAGS) $(STATIC_LDFLAGS) -o $@ cmd/invmk.o \
		lib/libhail.a $(MD_LIBS)

invopen: cmd/invopen.o lib/libhail.a
	$(CC) $(HAIL_LDFLAGS) $(STATIC_LDFLAGS) -o $@ cmd/invopen.o \
		lib/libhail.a $(MD_LIBS)

sessd: cmd/sessd.o lib/libhail.a
	$(CC) $(HAIL_LDFLAGS) -o $@ cmd/sessd.o lib/libhail.a $(MD_LIBS)

hail-chat: cmd/hail-chat.o lib/libhail.a
	$(CC) $(HAIL_LDFLAGS) -o $@ cmd/hail-chat.o lib/libhail.a

# only invfetch links libcurl: invopen, run on every mail, runs it when it
# needs a renderer rather than pay libcurl's start-up each time
cmd/invfetch.o: cmd/invfetch.c $(LIBHDR) config.mk Makefile
	$(CC) $(HAIL_CPPFLAGS) $(CURL_CFLAGS) $(HAIL_CFLAGS) -c -o $@ \
		cmd/invfetch.c

invfetch: cmd/invfetch.o lib/libhail.a
	$(CC) $(HAIL_LDFLAGS) -o $@ cmd/invfetch.o lib/libhail.a $(CURL_LIBS) \
		$(MD_LIBS)

# a unit test or a test tool: one C file, linked with the library
.c:
	$(CC) $(HAIL_CPPFLAGS) $(HAIL_CFLAGS) $(HAIL_LDFLAGS) -o $@ $< \
		lib/libhail.a $(MD_LIBS)
$(UNIT): tests/unit/unit.h lib/libhail.a
$(TOOLS): lib/libhail.a

# a library a test preloads into a program under test: built without
# SANFLAGS, as a sanitizer's runtime must be the first library loaded
tests/tools/fixrandom.so: tests/tools/fixrandom.c
	$(CC) -std=c11 -Wall -Wextra $(WERROR) -fPIC -shared $(CFLAGS) \
		$(LDFLAGS) -o $@ tests/tools/fixrandom.c
tests/tools/faults.so: tests/tools/faults.c
	$(CC) -std=c11 -Wall -Wextra $(WERROR) -fPIC -shared $(CFLAGS) \
		$(LDFLAGS) -o $@ tests/tools/faults.c -ldl

tests/tools/invmk-dyn: cmd/invmk.o lib/libhail.a
	$(CC) $(HAIL_LDFLAGS) -o $@ cmd/invmk.o lib/libhail.a $(MD_LIBS)

tests/tools/invopen-dyn: cmd/invopen.o lib/libhail.a
	$(CC) $(HAIL_LDFLAGS) -o $@ cmd/invopen.o lib/libhail.a $(MD_LIBS)

# the library for the fuzz targets: its objects under tests/fuzz/build,
# apart from the normal build's
tests/fuzz/build/libhail.a: $(LIBOBJ:.o=.c) $(LIBHDR) config.mk Makefile
	mkdir -p tests/fuzz/build/lib
	for f in $(LIBOBJ:.o=); do \
		$(FUZZ_CC) $(HAIL_CPPFLAGS) $(FUZZ_CFLAGS) -c \
		    -o tests/fuzz/build/$$f.o $$f.c || exit 1; \
	done
	rm -f $@
	$(AR) -rc $@ tests/fuzz/build/lib/*.o

$(FUZZBIN): tests/fuzz/build/libhail.a tests/fuzz/fuzz.h
	$(FUZZ_CC) $(HAIL_CPPFLAGS) $(FUZZ_CFLAGS) -o $@ \
		tests/fuzz/`basename $@`.c tests/fuzz/build/libhail.a $(MD_LIBS)
tests/fuzz/build/mime: tests/fuzz/mime.c
tests/fuzz/build/hdr: tests/fuzz/hdr.c
tests/fuzz/build/b64: tests/fuzz/b64.c
tests/fuzz/build/qp: tests/fuzz/qp.c
tests/fuzz/build/json: tests/fuzz/json.c
tests/fuzz/build/invitation: tests/fuzz/invitation.c
tests/fuzz/build/wire: tests/fuzz/wire.c

# fuzz: the regression inputs, then each target for FUZZ_SECONDS (60
# unless set) from seeds made afresh (presd and invmk make some); fuzz-ci:
# 8 s each, about a minute in all; fuzz-long: FUZZ_SECONDS (600 unless
# set) each, the figures written into tests/fuzz/RESULTS
fuzz: presd invmk $(FUZZBIN)
	sh tests/fuzz/seeds.sh
	s='$(FUZZ_SECONDS)'; FUZZ_CC='$(FUZZ_CC)' sh tests/fuzz/run.sh $${s:-60}

fuzz-ci:
	$(MAKE) FUZZ_SECONDS=8 fuzz

fuzz-long: presd invmk $(FUZZBIN)
	sh tests/fuzz/seeds.sh
	s='$(FUZZ_SECONDS)'; FUZZ_CC='$(FUZZ_CC)' sh tests/fuzz/run.sh \
		$${s:-600} tests/fuzz/RESULTS

# check: every test under tests/, ending in "N passed, N failed"
check: $(BIN) $(UNIT) $(TOOLS) $(PRELOAD) $(DYN)
	HAIL_SANFLAGS='$(SANFLAGS)' sh tests/run

# check-asan: the same suite with ASan and UBSan, in a clean build
check-asan:
	$(MAKE) clean
	$(MAKE) SANFLAGS='$(ASAN)' STATIC_LDFLAGS= check
	$(MAKE) clean

# check-valgrind: the same suite, each program under valgrind's memcheck
# (dynamically linked, unoptimised); slow (about half an hour), so not part
# of CI. It fails on a valgrind report (an error, or memory definitely or
# indirectly lost); the whole log is in check-valgrind.log, where tests
# that time programs, find them by name or trace what they run also fail,
# as everything runs tens of times slower and under valgrind's name.
check-valgrind:
	$(MAKE) clean
	$(MAKE) CFLAGS='-O0 -g' STATIC_LDFLAGS= all $(UNIT) $(TOOLS) \
		$(PRELOAD) $(DYN)
	HAIL_VALGRIND=1 sh tests/run > check-valgrind.log 2>&1 || :
	$(MAKE) clean
	tail -n 2 check-valgrind.log
	grep -q '^valgrind: 0 reports$$' check-valgrind.log

lint:
	mandoc -Tlint -W warning $(MAN1) $(MAN5) $(MAN7)
	shellcheck -s sh tests/run tests/lib.sh tests/*.t tests/tools/runsessd \
		$(SCRIPTS) \
		scripts/deps bench/*.sh .ci/run tests/fuzz/seeds.sh \
		tests/fuzz/run.sh

# soak: presd and a sessd pair for 10 minutes (SOAK_SECONDS) of activity;
# open descriptors and resident memory must stay flat
soak: $(BIN)
	sh bench/soak.sh

bench: $(BIN) bench/decode bench/runs
	sh bench/presd-idle.sh
	sh bench/invmk.sh
	sh bench/invopen.sh
	sh bench/sessd.sh
	sh bench/chain.sh
bench/decode bench/runs: lib/libhail.a

deps:
	sh scripts/deps

install: all
	mkdir -p $(DESTDIR)$(PREFIX)/bin $(DESTDIR)$(MANPREFIX)/man1 \
		$(DESTDIR)$(MANPREFIX)/man5 $(DESTDIR)$(MANPREFIX)/man7 \
		$(DESTDIR)$(PREFIX)/share/hail
	cp -f $(BIN) $(SCRIPTS) $(DESTDIR)$(PREFIX)/bin
	cp -f $(MAN1) $(DESTDIR)$(MANPREFIX)/man1
	cp -f $(MAN5) $(DESTDIR)$(MANPREFIX)/man5
	cp -f $(MAN7) $(DESTDIR)$(MANPREFIX)/man7
	cp -f $(DATA) $(DESTDIR)$(PREFIX)/share/hail

uninstall:
	cd $(DESTDIR)$(PREFIX)/bin && rm -f $(BIN) hail-status invite \
		hail-listen hail-join hail-chat hail-publish hail-demo
	cd $(DESTDIR)$(MANPREFIX)/man1 && rm -f presd.1 hail-status.1 invmk.1 \
		invite.1 invopen.1 invfetch.1 sessd.1 hail-listen.1 \
		hail-join.1 hail-chat.1 hail-publish.1 hail-demo.1
	rm -f $(DESTDIR)$(MANPREFIX)/man5/presence.5 \
		$(DESTDIR)$(MANPREFIX)/man5/invitation.5 \
		$(DESTDIR)$(MANPREFIX)/man7/hail.7
	cd $(DESTDIR)$(PREFIX)/share/hail && rm -f presd.service \
		hail-listen.service hail-listen.socket hail-listen@.service \
		hail.procmailrc hail.mailfilter card.jq
	-rmdir $(DESTDIR)$(PREFIX)/share/hail

dist: clean
	mkdir -p hail-$(VERSION)
	cp -R Makefile config.mk README bench cmd lib man renderer scripts \
		tests hail-$(VERSION)
	rm -rf hail-$(VERSION)/tests/fuzz/build
	tar -cf - hail-$(VERSION) | gzip > hail-$(VERSION).tar.gz
	rm -rf hail-$(VERSION)

clean:
	rm -f $(BIN) cmd/*.o lib/*.o lib/libhail.a $(UNIT) $(TOOLS) \
		$(PRELOAD) $(DYN) bench/decode bench/runs hail-$(VERSION).tar.gz \
		$(FUZZBIN) tests/fuzz/build/libhail.a tests/fuzz/build/lib/*.o

.PHONY: all check check-asan check-valgrind lint bench soak deps install \
	uninstall dist clean fuzz fuzz-ci fuzz-long
