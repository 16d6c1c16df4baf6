#!/usr/bin/env python3
"""A/B of server builds under one natsbench scenario, for changes smaller than compare's run-to-run noise.

Starts every server command once, warms each as ../shared/bench/compare does, then runs the scenario on them in
turn (the order alternating each round) and prints the median server CPU per message (all threads, from
/proc/<pid>/task/*/schedstat, so no 10 ms tick granularity) and the median rate.

usage: ab.py ROUNDS "natsbench args" CMD [CMD ...]
  CMD is a server command line (it gets -a 127.0.0.1 -p PORT); prefix VAR=value,VAR2=value::CMD to set its
  environment, e.g. "JNATSD_JAVA_OPTS=-Dx=1::./jnatsd".
  NATSBENCH names the natsbench binary (default: what ../shared/bench/build-natsbench prints).
"""
import os, socket, statistics, subprocess, sys, time

HERE = os.path.dirname(os.path.abspath(__file__))


def natsbench():
    nb = os.environ.get("NATSBENCH")
    if nb:
        return nb
    build = os.path.join(HERE, "..", "..", "..", "shared", "bench", "build-natsbench")
    return subprocess.run([build], capture_output=True, text=True, check=True).stdout.strip()


def start(cmd):
    env = dict(os.environ)
    if "::" in cmd:
        pairs, cmd = cmd.split("::", 1)
        for kv in pairs.split(","):
            k, v = kv.split("=", 1)
            env[k] = v
    s = socket.socket()
    s.bind(("127.0.0.1", 0))
    port = s.getsockname()[1]
    s.close()
    p = subprocess.Popen(cmd.split() + ["-a", "127.0.0.1", "-p", str(port)], stdout=subprocess.DEVNULL,
                         stderr=subprocess.STDOUT, start_new_session=True, env=env)
    for _ in range(300):
        try:
            with socket.create_connection(("127.0.0.1", port), timeout=0.5) as c:
                if c.recv(100).startswith(b"INFO"):
                    break
        except OSError:
            time.sleep(0.1)
    return p, port


def cpu_ns(pid):
    total = 0
    for tid in os.listdir(f"/proc/{pid}/task"):
        try:
            with open(f"/proc/{pid}/task/{tid}/schedstat") as f:
                total += int(f.read().split()[0])
        except OSError:
            pass
    return total


def run(nb, p, port, args):
    c0 = cpu_ns(p.pid)
    r = subprocess.run([nb, "-s", f"nats://127.0.0.1:{port}"] + args, capture_output=True, text=True)
    c1 = cpu_ns(p.pid)
    kv = dict(t.split("=", 1) for t in r.stdout.split())
    msgs = float(kv.get("delivered") or 0) + float(kv.get("pub_msgs") or 0) + 2 * float(kv.get("n") or 0)
    rate = float(kv.get("deliver_rate") or kv.get("pub_rate") or kv.get("p50_us") or 0)
    return (c1 - c0) / msgs, rate


def main():
    rounds, args, cmds = int(sys.argv[1]), sys.argv[2].split(), sys.argv[3:]
    nb = natsbench()
    servers = [start(c) for c in cmds]
    try:
        for p, port in servers:
            for w in ("-mode pubsub -n 300000 -size 16", "-mode pubsub -n 100000 -ns 2 -size 1024",
                      "-mode latency -n 3000 -size 16"):
                run(nb, p, port, w.split())
        cpu = [[] for _ in servers]
        rate = [[] for _ in servers]
        for r in range(rounds):
            order = list(range(len(servers)))[::-1 if r % 2 else 1]
            for i in order:
                ns, rt = run(nb, *servers[i], args)
                cpu[i].append(ns)
                rate[i].append(rt)
        for i, c in enumerate(cmds):
            print(f"{c[-60:]:60} cpu ns/msg median={statistics.median(cpu[i]):7.1f} "
                  f"all={[round(x) for x in cpu[i]]} rate median={statistics.median(rate[i]):.0f}")
    finally:
        for p, _ in servers:
            os.killpg(p.pid, 15)


if __name__ == "__main__":
    main()
