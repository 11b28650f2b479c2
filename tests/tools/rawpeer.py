#!/usr/bin/env python3
"""rawpeer.py PORT INPUT [HOLD]: a peer that speaks to sessd by hand:
connects to 127.0.0.1:PORT, sends the bytes of the file INPUT (up to a
line "--wait--", then waits for a first line back before sending the
rest), then reads what comes back for HOLD seconds (default 3) or until
the connection closes, without answering anything, and writes it to
stdout. For the handshake's refusals and the hostile lines of sessd's
tests."""
import socket
import sys
import time

port, path = int(sys.argv[1]), sys.argv[2]
hold = float(sys.argv[3]) if len(sys.argv) > 3 else 3.0
with open(path, 'rb') as f:
    data = f.read()
first, _, rest = data.partition(b'--wait--\n')
s = socket.create_connection(('127.0.0.1', port), timeout=5)
s.sendall(first)
got = b''
if rest:
    s.settimeout(3)
    while b'\n' not in got:
        chunk = s.recv(65536)
        if not chunk:
            break
        got += chunk
    s.sendall(rest)
end = time.monotonic() + hold
while True:
    left = end - time.monotonic()
    if left <= 0:
        break
    s.settimeout(left)
    try:
        chunk = s.recv(65536)
    except socket.timeout:
        break
    except ConnectionResetError:
        break
    if not chunk:
        break
    got += chunk
s.close()
sys.stdout.buffer.write(got)
