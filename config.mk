# hail version
VERSION = 0.1.0

# paths
PREFIX = /usr/local
MANPREFIX = $(PREFIX)/share/man

# toolchain; CFLAGS and LDFLAGS are yours (required flags live in the
# Makefile)
CC = cc
CFLAGS = -O2
PKG_CONFIG = pkg-config

# libraries found through pkg-config (libcurl for fetching, libmd for SHA-256)
CURL_CFLAGS = `$(PKG_CONFIG) --cflags libcurl`
CURL_LIBS = `$(PKG_CONFIG) --libs libcurl`
MD_CFLAGS = `$(PKG_CONFIG) --cflags libmd`
MD_LIBS = `$(PKG_CONFIG) --libs libmd`

# invmk and invopen run once per mail, and most of their time is process
# start: linked as static PIEs they skip the dynamic loader, whose
# relocations and symbol lookups were most of what they did, and start
# in about 0.56 ms against 0.72 ms here (mmime, the bench's yardstick,
# takes 0.68). The price: fixes to libc and libmd reach them only when
# they are built again. Empty it to link them dynamically, as the
# sanitizer build does.
STATIC_LDFLAGS = -static-pie
