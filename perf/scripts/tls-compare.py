#!/usr/bin/env python3
"""Side-by-side TLS benchmark: a candidate NATS server against the reference nats-server, both with client TLS.

The same as ../../shared/bench/compare (same scenarios, warm-ups, alternating order, server CPU from /proc), but
each server gets `tls { cert_file, key_file }` (an RSA 2048 certificate for 127.0.0.1 made here with openssl) and
the load comes from natsbench-tls (natsbench plus -tlsca: the official Go client over TLS).

usage: tls-compare.py [--runs N] [--only a,b] [--json FILE] -- CANDIDATE_CMD...
  example: perf/scripts/tls-compare.py --runs 3 -- ./jnatsd
"""
import argparse, json, os, shutil, signal, socket, statistics, subprocess, sys, tempfile, time

HERE = os.path.dirname(os.path.abspath(__file__))

SCENARIOS = {
    "tls_pub_16":     (["-mode", "pub", "-n", "3000000", "-size", "16"], "pub_rate,server_cpu_ns_per_msg"),
    "tls_pubsub_16":  (["-mode", "pubsub", "-n", "2000000", "-size", "16"], "deliver_rate,server_cpu_ns_per_msg"),
    "tls_fanout4_16": (["-mode", "pubsub", "-n", "500000", "-ns", "4", "-size", "16"],
                       "deliver_rate,server_cpu_ns_per_msg"),
    "tls_pubsub_1k":  (["-mode", "pubsub", "-n", "400000", "-size", "1024"], "deliver_rate,server_cpu_ns_per_msg"),
    "tls_latency_16": (["-mode", "latency", "-n", "20000", "-size", "16"], "p50_us,p99_us,p999_us"),
}


def sh(cmd, cwd):
    subprocess.run(cmd, cwd=cwd, check=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)


def make_certs(d):
    sh(["openssl", "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-days", "2", "-subj", "/CN=bench ca",
        "-keyout", "ca-key.pem", "-out", "ca.pem"], d)
    sh(["openssl", "req", "-newkey", "rsa:2048", "-nodes", "-subj", "/CN=localhost", "-keyout", "server-key.pem",
        "-out", "server.csr"], d)
    with open(os.path.join(d, "server.ext"), "w") as f:
        f.write("subjectAltName=DNS:localhost,IP:127.0.0.1\n")
    sh(["openssl", "x509", "-req", "-in", "server.csr", "-CA", "ca.pem", "-CAkey", "ca-key.pem", "-CAcreateserial",
        "-days", "2", "-extfile", "server.ext", "-out", "server.pem"], d)


def build_natsbench():
    out = os.path.join(os.environ.get("XDG_CACHE_HOME", os.path.expanduser("~/.cache")), "natsbench-tls",
                       "natsbench-tls")
    src = os.path.join(HERE, "natsbench-tls", "main.go")
    if os.path.exists(out) and os.path.getmtime(out) > os.path.getmtime(src):
        return out
    gopath = tempfile.mkdtemp()
    os.makedirs(os.path.join(gopath, "src", "natsbench"))
    os.makedirs(os.path.dirname(out), exist_ok=True)
    shutil.copy(src, os.path.join(gopath, "src", "natsbench", "main.go"))
    env = dict(os.environ, GO111MODULE="off", GOPATH=gopath + ":/usr/share/gocode", GOCACHE=gopath + "/cache")
    subprocess.run(["go", "build", "-o", out, "natsbench"], cwd=gopath, env=env, check=True)
    shutil.rmtree(gopath, ignore_errors=True)
    return out


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def wait_port(port, proc, timeout=60):
    end = time.time() + timeout
    while time.time() < end:
        if proc.poll() is not None:
            return False
        try:
            with socket.create_connection(("127.0.0.1", port), timeout=0.5) as s:
                s.settimeout(2)
                if s.recv(4096).startswith(b"INFO"):
                    return True
        except OSError:
            time.sleep(0.1)
    return False


TICK = os.sysconf("SC_CLK_TCK")


def group_cpu_seconds(pgid):
    total = 0
    for pid in os.listdir("/proc"):
        if not pid.isdigit():
            continue
        try:
            with open(f"/proc/{pid}/stat") as f:
                fields = f.read().rsplit(")", 1)[1].split()
        except OSError:
            continue
        if int(fields[2]) == pgid:
            total += int(fields[11]) + int(fields[12])
    return total / TICK


def bench(nb, port, proc, ca, args, timeout=300):
    cpu0 = group_cpu_seconds(proc.pid)
    url = f"tls://127.0.0.1:{port}"
    r = subprocess.run([nb, "-s", url, "-sub-s", url, "-tlsca", ca] + args, capture_output=True, text=True,
                       timeout=timeout)
    cpu = group_cpu_seconds(proc.pid) - cpu0
    if r.returncode != 0:
        return None, (r.stderr or r.stdout).strip()[-300:]
    kv = dict(tok.split("=", 1) for tok in r.stdout.split())
    msgs = float(kv.get("delivered") or 0) + float(kv.get("pub_msgs") or 0) + 2 * float(kv.get("n") or 0)
    kv["server_cpu_ns_per_msg"] = str(1e9 * cpu / msgs) if msgs else "0"
    return kv, None


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--runs", type=int, default=3)
    ap.add_argument("--only", default="")
    ap.add_argument("--ref", default="nats-server")
    ap.add_argument("--json")
    ap.add_argument("candidate", nargs=argparse.REMAINDER)
    a = ap.parse_args()
    cand = [c for c in a.candidate if c != "--"]
    if not cand:
        ap.error("give the candidate server command after --")
    names = [s for s in (a.only.split(",") if a.only else SCENARIOS) if s]
    work = tempfile.mkdtemp(prefix="tls-compare-")
    make_certs(work)
    nb = build_natsbench()
    ref = [shutil.which(a.ref) or a.ref]
    print(f"# TLS; reference: {subprocess.run(ref + ['--version'], capture_output=True, text=True).stdout.strip()};"
          f" candidate: {' '.join(cand)}; runs: {a.runs}; cpus: {os.cpu_count()}", flush=True)
    samples = {s: {"candidate": [], "reference": []} for s in names}
    errors = []
    ca = os.path.join(work, "ca.pem")
    for run in range(a.runs):
        order = [("candidate", cand), ("reference", ref)]
        if run % 2:
            order.reverse()
        for who, cmd in order:
            port = free_port()
            conf = os.path.join(work, f"{who}.conf")
            with open(conf, "w") as f:
                f.write(f"port: {port}\nhost: 127.0.0.1\ntls {{\n  cert_file: \"{work}/server.pem\"\n"
                        f"  key_file: \"{work}/server-key.pem\"\n}}\n")
            log = open(os.path.join(work, f"{who}.log"), "w")
            p = subprocess.Popen(cmd + ["-c", conf], stdout=log, stderr=subprocess.STDOUT, start_new_session=True)
            try:
                if not wait_port(port, p):
                    errors.append(f"{who}: did not start")
                    continue
                bench(nb, port, p, ca, ["-mode", "pubsub", "-n", "300000", "-size", "16"])
                bench(nb, port, p, ca, ["-mode", "pubsub", "-n", "100000", "-ns", "2", "-size", "1024"])
                bench(nb, port, p, ca, ["-mode", "latency", "-n", "3000", "-size", "16"])
                for s in names:
                    kv, err = bench(nb, port, p, ca, SCENARIOS[s][0])
                    if err:
                        errors.append(f"{who} {s}: {err}")
                        print(f"! {who} {s}: {err}", flush=True)
                    else:
                        samples[s][who].append(kv)
            finally:
                os.killpg(p.pid, signal.SIGTERM)
                try:
                    p.wait(10)
                except subprocess.TimeoutExpired:
                    os.killpg(p.pid, signal.SIGKILL)
                    p.wait()
    print(f"{'scenario':18} {'metric':22} {'candidate':>12} {'reference':>12} {'cand/ref':>9}")
    result = {}
    for s in names:
        for m in SCENARIOS[s][1].split(","):
            vals = {w: [float(kv[m]) for kv in samples[s][w]] for w in ("candidate", "reference")}
            med = {w: statistics.median(v) if v else None for w, v in vals.items()}
            ratio = med["candidate"] / med["reference"] if med["candidate"] and med["reference"] else None
            result[f"{s}.{m}"] = {"candidate": med["candidate"], "reference": med["reference"], "ratio": ratio,
                                  "samples": vals}
            fmt = lambda v: f"{v:12.1f}" if v is not None else f"{'-':>12}"
            print(f"{s:18} {m:22} {fmt(med['candidate'])} {fmt(med['reference'])} "
                  f"{(f'{ratio:9.3f}' if ratio else '        -')}")
    if a.json:
        with open(a.json, "w") as f:
            json.dump({"results": result, "errors": errors}, f, indent=1)
    shutil.rmtree(work, ignore_errors=True)
    sys.exit(1 if errors else 0)


if __name__ == "__main__":
    main()
