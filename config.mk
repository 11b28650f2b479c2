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
