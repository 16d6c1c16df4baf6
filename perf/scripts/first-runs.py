#!/usr/bin/env python3
"""Each trial starts a fresh server and runs compare's sequence on it (its three warm-ups, pub_16, pubsub_16, then
fanout4_16 four times and pubsub_1k twice), printing server CPU ns per message for each run. compare measures every
scenario once per fresh server, so what only a first run pays (the JIT compiling or recompiling a path that the
start-up warm-up missed) shows here as a first value above the ones after it.

usage: first-runs.py TRIALS CMD      (CMD as in ab.py, e.g. "JNATSD_JAVA_OPTS=-Xint::./jnatsd")
"""
import os, sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from ab import natsbench, run, start  # noqa: E402


def main():
    trials, cmd = int(sys.argv[1]), sys.argv[2]
    nb = natsbench()
    for t in range(trials):
        p, port = start(cmd)
        try:
            for w in ("-mode pubsub -n 300000 -size 16", "-mode pubsub -n 100000 -ns 2 -size 1024",
                      "-mode latency -n 3000 -size 16"):
                run(nb, p, port, w.split())
            pub = run(nb, p, port, "-mode pub -n 3000000 -size 16".split())[0]
            pubsub = run(nb, p, port, "-mode pubsub -n 2000000 -size 16".split())[0]
            fan = [run(nb, p, port, "-mode pubsub -n 500000 -ns 4 -size 16".split())[0] for _ in range(4)]
            kb = [run(nb, p, port, "-mode pubsub -n 400000 -size 1024".split())[0] for _ in range(2)]
            print(f"trial {t}: pub_16={pub:.0f} pubsub_16={pubsub:.0f} fanout4_16={[round(x) for x in fan]} "
                  f"pubsub_1k={[round(x) for x in kb]}", flush=True)
        finally:
            os.killpg(p.pid, 15)
            p.wait()


if __name__ == "__main__":
    main()
