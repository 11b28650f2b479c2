#!/usr/bin/env python3
"""pingpong.py PORT N [HELLO]: N round trips of one line over a TCP
connection to 127.0.0.1:PORT; with HELLO (a file holding a hello line)
the peer is sessd: the hello goes first, and each round trip is a ping
answered by a pong. Without, the peer echoes (socat EXEC:cat). Prints
the p50 and p99 round-trip times in microseconds."""
import socket
import sys
import time

port, n = int(sys.argv[1]), int(sys.argv[2])
s = socket.create_connection(('127.0.0.1', port))
s.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
f = s.makefile('rb')
line = b'{"type":"ping"}\n'
if len(sys.argv) > 3:
    with open(sys.argv[3], 'rb') as h:
        s.sendall(h.read())
    f.readline()                     # the welcome
want = b'{"type":"pong"}\n' if len(sys.argv) > 3 else line
times = []
for i in range(n):
    t = time.perf_counter_ns()
    s.sendall(line)
    while True:
        got = f.readline()
        if got == want or not got:
            break
    times.append(time.perf_counter_ns() - t)
times.sort()
print('%.1f %.1f' % (times[len(times) // 2] / 1e3,
                     times[len(times) * 99 // 100] / 1e3))
