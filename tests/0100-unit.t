#!/bin/sh
# the C unit tests of lib/: codecs, JSON, times, presence lines, headers,
# the MIME reader, mailcap lookups, file hashes, special addresses,
# lines through buffers, the session directory and transcript, sessd's
# wire lines and the line typed in hail-chat
. "$HAIL_TOP/tests/lib.sh"

for u in utf8 json rfc3339 presence b64 qp hmac secret mimew hdr mime \
    invitation term mailcap digest netaddr lines sessdir transcript wire \
    ledit; do
	unit "$HAIL_TOP/tests/unit/$u"
done
