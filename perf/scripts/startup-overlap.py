#!/usr/bin/env python3
"""What a benchmark started right after the first INFO sees while the start-up warm-up still runs in the background.
Each trial starts a fresh server (with -D) and runs compare's sequence at once: its three warm-ups (w1-w3), pub_16,
pubsub_16, fanout4_16 twice, pubsub_1k. Per run: its start after the first INFO and the server's CPU ns per message,
from the process's utime+stime as compare measures it (first-runs.py sums the live threads' schedstat, which loses
the warm-up's threads when they exit mid-run). Also when the warm-up ended (its [DBG] line). Server logs and each
run's window in ms after exec (to match -XX:+PrintCompilation timestamps) go to $OUT (default /tmp/startup-overlap).

usage: startup-overlap.py TRIALS CMD     (CMD as in ab.py, e.g. "JNATSD_JAVA_OPTS=-XX:+PrintCompilation::./jnatsd")
"""
import os, re, socket, subprocess, sys, time, datetime
OUT = os.environ.get("OUT", "/tmp/startup-overlap")
sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from ab import natsbench
TICK = os.sysconf("SC_CLK_TCK")
def pcpu(pid):
    f = open(f"/proc/{pid}/stat").read().rsplit(")", 1)[1].split()
    return (int(f[11]) + int(f[12])) / TICK
def main():
    trials, cmd = int(sys.argv[1]), sys.argv[2]
    env = dict(os.environ)
    if "::" in cmd:
        pairs, cmd = cmd.split("::", 1)
        for kv in pairs.split(","):
            k, v = kv.split("=", 1); env[k] = v
    nb = natsbench()
    os.makedirs(OUT, exist_ok=True)
    for t in range(trials):
        s = socket.socket(); s.bind(("127.0.0.1", 0)); port = s.getsockname()[1]; s.close()
        log = open(f"{OUT}/server-{t}.log", "w")
        t0 = time.time()
        p = subprocess.Popen(cmd.split() + ["-a", "127.0.0.1", "-p", str(port), "-D"], stdout=log, stderr=subprocess.STDOUT, start_new_session=True, env=env)
        while True:
            try:
                with socket.create_connection(("127.0.0.1", port), timeout=0.5) as c:
                    if c.recv(100).startswith(b"INFO"): break
            except OSError: time.sleep(0.002)
        tinfo = time.time()
        out = []; wins = []
        seq = [("w1", "-mode pubsub -n 300000 -size 16"), ("w2", "-mode pubsub -n 100000 -ns 2 -size 1024"), ("w3", "-mode latency -n 3000 -size 16"),
               ("pub_16", "-mode pub -n 3000000 -size 16"), ("pubsub_16", "-mode pubsub -n 2000000 -size 16")] + \
              [("fan4", "-mode pubsub -n 500000 -ns 4 -size 16")] * 2 + [("pubsub_1k", "-mode pubsub -n 400000 -size 1024")]
        try:
            for name, a in seq:
                ts = time.time() - tinfo; c0 = pcpu(p.pid); e0 = time.time() - t0
                r = subprocess.run([nb, "-s", f"nats://127.0.0.1:{port}"] + a.split(), capture_output=True, text=True)
                c1 = pcpu(p.pid)
                kv = dict(x.split("=", 1) for x in r.stdout.split())
                msgs = float(kv.get("delivered") or 0) + float(kv.get("pub_msgs") or 0) + 2 * float(kv.get("n") or 0)
                out.append(f"{name}@{ts:.2f}s={1e9*(c1-c0)/msgs:.0f}")
                wins.append((name, e0 * 1000, (time.time() - t0) * 1000))
        finally:
            os.killpg(p.pid, 15); p.wait()
        txt = open(f"{OUT}/server-{t}.log").read()
        m = re.search(r"(\d\d:\d\d:\d\d\.\d+) \[DBG\] Hot path warmed up with \d+ messages in (\d+) ms", txt)
        mi = re.search(r"(\d\d:\d\d:\d\d\.\d+) \[INF\] Server is ready", txt)
        wu = "-"
        if m and mi:
            f = lambda x: datetime.datetime.strptime(x, "%H:%M:%S.%f")
            wu = f"warm-up done {(f(m.group(1)) - f(mi.group(1))).total_seconds():.2f}s after ready ({m.group(2)} ms)"
        open(f"{OUT}/windows-{t}.txt", "w").write("\n".join(f"{n} {a:.0f} {b:.0f}" for n, a, b in wins) + "\n")
        print(f"trial {t}: info {tinfo-t0:.2f}s; {wu}; " + " ".join(out), flush=True)
main()
