#!/usr/bin/env python3
# RSS of a server with N idle clients (docs/operations.md, "Memory"): starts the server given as arguments on a
# free loopback port, waits SETTLE s (default 5), opens CONNS clients (default 10000; raise `ulimit -n` first),
# each CONNECT + SUB + PING, waits for every PONG, waits AFTER s, prints RSS before and with the clients.
# Example: ulimit -n 20000; CONNS=10000 perf/scripts/idle-connections.py ./jnatsd
import os, socket, sys, time, subprocess, signal, selectors
n = int(os.environ.get("CONNS", "10000"))
def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0)); return s.getsockname()[1]
port = free_port()
p = subprocess.Popen(sys.argv[1:] + ["-p", str(port), "-a", "127.0.0.1"], stdout=subprocess.DEVNULL,
                     stderr=subprocess.DEVNULL, start_new_session=True)
def rss():
    for l in open(f"/proc/{p.pid}/status"):
        if l.startswith("VmRSS"): return int(l.split()[1]) // 1024
def drain(sel, timeout):
    """Reads what arrived; returns how many connections got their PONG (they are then no longer watched)."""
    done = 0
    for key, _ in sel.select(timeout):
        data = key.data
        try: data[0] += key.fileobj.recv(4096)
        except BlockingIOError: continue
        if b"PONG" in data[0]:
            sel.unregister(key.fileobj); done += 1
    return done
try:
    t0 = time.time()
    while True:
        try:
            # INFO, not just the connect: the port takes connections (backlog) during the start-up warm-up.
            with socket.create_connection(("127.0.0.1", port), timeout=30) as probe:
                if probe.recv(64).startswith(b"INFO"):
                    break
        except OSError:
            time.sleep(0.05)
    time.sleep(float(os.environ.get("SETTLE", "5")))
    base = rss()
    socks = []; pending = 0; sel = selectors.DefaultSelector()
    for i in range(n):
        s = socket.create_connection(("127.0.0.1", port)); s.setblocking(False)
        socks.append(s); sel.register(s, selectors.EVENT_READ, [b""])
        s.send(b'CONNECT {"verbose":false,"pedantic":false}\r\nSUB idle.%d %d\r\nPING\r\n' % (i, i))
        pending += 1
        # drain as we go, so the server never blocks on a full socket
        pending -= drain(sel, 0)
    deadline = time.time() + 120
    while pending and time.time() < deadline:
        pending -= drain(sel, 1)
    time.sleep(float(os.environ.get("AFTER", "5")))
    print("conns=%d unanswered=%d rss_before=%d MB rss_with_conns=%d MB" % (n, pending, base, rss()))
finally:
    os.killpg(p.pid, signal.SIGTERM); p.wait()
