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
# libmd is linked statically: invmk runs once per mail and is mostly
# process start, where loading one more shared object (an open, four
# mmaps, its relocations) cost it about a quarter of its own time, for
# 7 KiB of SHA-256 code. The price: a fix in libmd reaches invmk only
# when it is built again. To link it shared instead:
# MD_LIBS = `$(PKG_CONFIG) --libs libmd`
MD_LIBS = -Wl,-Bstatic `$(PKG_CONFIG) --libs libmd` -Wl,-Bdynamic
