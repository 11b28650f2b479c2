#!/usr/bin/env python3
"""mailparts.py MAIL OUTDIR: reads MAIL with Python's email package
(policy=default), an independent reader, and writes what it finds:
OUTDIR/headers (From, To, Subject decoded, one a line), OUTDIR/date (the
Date field in Unix seconds), OUTDIR/structure
(content type and charset of each part, in order), OUTDIR/defects (one line
a defect, empty if none) and the decoded payload of each leaf part as
OUTDIR/part.N."""
import email
import email.policy
import os
import sys

with open(sys.argv[1], 'rb') as f:
    msg = email.message_from_bytes(f.read(), policy=email.policy.default)
out = sys.argv[2]
os.makedirs(out, exist_ok=True)
with open(os.path.join(out, 'headers'), 'w', encoding='utf-8') as f:
    for h in ('From', 'To', 'Subject', 'X-Hail-Invitation'):
        f.write('%s: %s\n' % (h, msg[h]))
with open(os.path.join(out, 'date'), 'w') as f:
    # the Date field as seconds since the epoch, as Python reads it
    f.write('%d\n' % msg['Date'].datetime.timestamp())
defects = []
with open(os.path.join(out, 'structure'), 'w') as f:
    n = 0
    for part in msg.walk():
        defects += [repr(d) for d in part.defects]
        f.write('%s %s\n' % (part.get_content_type(),
                             part.get_content_charset() or '-'))
        if not part.is_multipart():
            n += 1
            with open(os.path.join(out, 'part.%d' % n), 'wb') as p:
                p.write(part.get_payload(decode=True))
with open(os.path.join(out, 'defects'), 'w') as f:
    for d in defects:
        f.write(d + '\n')
