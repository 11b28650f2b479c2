#!/usr/bin/env python3
"""badhttps.py: servers on 127.0.0.1 that misbehave as nginx will not, for
the tests of invfetch. Each writes READY (an empty file) once it listens,
so a test can wait for it without connecting.

  badhttps.py https PORT CERT KEY READY   HTTPS; the path picks the fault:
      /drip     200, 4096 bytes said; 64 at once, then one a second
      /idle     reads the request and never answers
      /stream   200 with no length, sends until the client goes
      /chunked  200 chunked, sends chunks until the client goes
      /short    says 100 bytes, sends 10, closes
      /long     says 5 bytes, sends 13
      other     404
  badhttps.py mute PORT READY          accepts TCP, never says a word
  badhttps.py watch PORT LOG READY     appends a line to LOG for each
                                       connection, and closes it
"""
import socket
import socketserver
import ssl
import sys
import time

LIMIT = 100 * 1024 * 1024   # bytes any endless answer stops at
WAIT = 120                  # seconds any silent answer stops at


def read_request(conn):
    """The request line and header, or None if the client went."""
    data = b''
    while b'\r\n\r\n' not in data and len(data) < 16384:
        chunk = conn.recv(4096)
        if not chunk:
            return None
        data += chunk
    return data


def head(status, fields):
    lines = ['HTTP/1.1 %s' % status] + fields + ['', '']
    return '\r\n'.join(lines).encode('ascii')


def answer(conn, path):
    if path == '/drip':
        conn.sendall(head('200 OK', ['Content-Length: 4096']) + b'x' * 64)
        for _ in range(4096 - 64):
            time.sleep(1)
            conn.sendall(b'x')
    elif path == '/idle':
        conn.settimeout(WAIT)
        while conn.recv(4096):
            pass
    elif path == '/stream':
        conn.sendall(head('200 OK', ['Connection: close']))
        for _ in range(LIMIT // 16384):
            conn.sendall(b's' * 16384)
    elif path == '/chunked':
        conn.sendall(head('200 OK', ['Transfer-Encoding: chunked']))
        for _ in range(LIMIT // 1000):
            conn.sendall(b'3e8\r\n' + b'c' * 1000 + b'\r\n')
    elif path == '/short':
        conn.sendall(head('200 OK', ['Content-Length: 100',
                                     'Connection: close']) + b'0123456789')
    elif path == '/long':
        conn.sendall(head('200 OK', ['Content-Length: 5',
                                     'Connection: close']) +
                     b'hello, world\n')
    else:
        conn.sendall(head('404 Not Found', ['Content-Length: 0',
                                            'Connection: close']))


class Server(socketserver.ThreadingTCPServer):
    allow_reuse_address = True
    daemon_threads = True


def https(port, cert, key, ready):
    ctx = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
    ctx.load_cert_chain(cert, key)

    class Handler(socketserver.BaseRequestHandler):
        def handle(self):
            try:
                self.request.settimeout(10)
                conn = ctx.wrap_socket(self.request, server_side=True)
                req = read_request(conn)
                if req is None:
                    return
                path = req.split(b' ')[1].decode('ascii', 'replace')
                conn.settimeout(WAIT)
                answer(conn, path)
                conn.close()
            except (OSError, ssl.SSLError, IndexError):
                pass    # the client went, or was not one

    serve(port, Handler, ready)


def mute(port, ready):
    class Handler(socketserver.BaseRequestHandler):
        def handle(self):
            self.request.settimeout(WAIT)
            try:
                while self.request.recv(4096):
                    pass
            except OSError:
                pass

    serve(port, Handler, ready)


def watch(port, log, ready):
    class Handler(socketserver.BaseRequestHandler):
        def handle(self):
            with open(log, 'a') as f:
                f.write('connection from %s:%d\n' % self.client_address)

    serve(port, Handler, ready)


def serve(port, handler, ready):
    server = Server(('127.0.0.1', port), handler)
    open(ready, 'w').close()
    server.serve_forever()


def main():
    mode, args = sys.argv[1], sys.argv[2:]
    if mode == 'https' and len(args) == 4:
        https(int(args[0]), args[1], args[2], args[3])
    elif mode == 'mute' and len(args) == 2:
        mute(int(args[0]), args[1])
    elif mode == 'watch' and len(args) == 3:
        watch(int(args[0]), args[1], args[2])
    else:
        sys.exit(__doc__)


if __name__ == '__main__':
    main()
