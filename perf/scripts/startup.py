#!/usr/bin/env python3
"""Exec to first INFO, and to the PONG of a first CONNECT+PING, as a supervisor or a first client sees a server:
starts CMD -p PORT -a 127.0.0.1, connects every 2 ms until it reads INFO, sends CONNECT and PING on that connection
and waits for PONG. Prints the medians of N runs (env N, default 5) and each process's RSS once the PONG came
(env SETTLE: seconds to wait before reading it).

usage: N=10 startup.py CMD...      e.g. N=10 perf/scripts/startup.py ./jnatsd ; N=10 perf/scripts/startup.py nats-server
"""
import os, signal, socket, subprocess, sys, time, statistics


def one(cmd):
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0)); port = s.getsockname()[1]
    t0 = time.time()
    p = subprocess.Popen(cmd + ["-p", str(port), "-a", "127.0.0.1"], stdout=subprocess.DEVNULL,
                         stderr=subprocess.DEVNULL, start_new_session=True)
    try:
        c = None
        while time.time() - t0 < 30:
            try:
                c = socket.create_connection(("127.0.0.1", port), timeout=1); c.settimeout(30)
                if c.recv(64).startswith(b"INFO"):
                    break
                c.close(); c = None
            except OSError:
                time.sleep(0.002)
        t_info = time.time() - t0
        c.sendall(b'CONNECT {"verbose":false,"pedantic":false,"name":"startup"}\r\nPING\r\n')
        buf = b""
        while b"PONG" not in buf:
            buf += c.recv(4096)
        t_pong = time.time() - t0
        c.close()
        time.sleep(float(os.environ.get("SETTLE", "0")))
        rss = 0
        for l in open(f"/proc/{p.pid}/status"):
            if l.startswith("VmRSS"): rss = int(l.split()[1]) // 1024
        return t_info, t_pong, rss
    finally:
        os.killpg(p.pid, signal.SIGTERM); p.wait()


n = int(os.environ.get("N", "5"))
res = [one(sys.argv[1:]) for _ in range(n)]
print("median exec->INFO %.3f s  exec->PONG %.3f s  INFO all=%s  rss MB=%s" % (
    statistics.median(r[0] for r in res), statistics.median(r[1] for r in res), [round(r[0], 3) for r in res],
    [r[2] for r in res]))
