#!/usr/bin/env python3
"""onpty.py LOG COMMAND...: runs COMMAND on a pseudo-terminal of 80x24;
reads lines of keys (Python string escapes) from stdin as they come, a
"sleep N" line pauses; everything the command writes goes to LOG; a
command still running 10 s after the keys is killed (status 124). Exits
with the command's status. For the terminal tests of hail-chat,
hail-join and invopen."""
import os, pty, select, struct, sys, time, fcntl, termios
log = open(sys.argv[1], "wb")
pid, fd = pty.fork()
if pid == 0:
    os.execvp(sys.argv[2], sys.argv[2:])
fcntl.ioctl(fd, termios.TIOCSWINSZ, struct.pack("HHHH", 24, 80, 0, 0))
def drain(t):
    end = time.time() + t
    while time.time() < end:
        r, _, _ = select.select([fd], [], [], 0.05)
        if r:
            try:
                d = os.read(fd, 65536)
            except OSError:
                return False
            if not d:
                return False
            log.write(d)
            log.flush()
    return True
drain(0.5)
for line in sys.stdin:
    line = line.rstrip("\n")
    if line.startswith("sleep "):
        drain(float(line[6:]))
        continue
    os.write(fd, line.encode().decode("unicode_escape").encode("latin-1"))
    drain(0.3)
end = time.time() + 10
done, st = 0, 0
while time.time() < end and done == 0:
    if not drain(0.2):
        time.sleep(0.05)
    done, st = os.waitpid(pid, os.WNOHANG)
if done == 0:
    log.write(b"\n[onpty: still running after 10 s: killed]\n")
    os.kill(pid, 9)
    os.waitpid(pid, 0)
    sys.exit(124)
sys.exit(os.waitstatus_to_exitcode(st))
