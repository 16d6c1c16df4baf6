// The client interop scenario with the official NATS JavaScript client (npm nats, nats.js v2) against the
// servers given as arguments: URL of node 1, URL of node 2 of a 2-node cluster. Prints one line per check
// ("ok <check>") and exits 1 on the first failure ("FAIL <check>: <why>"). Before the reconnect check it
// prints READY-FOR-KILL and waits (bounded) until the test has stopped node 1 and the client has reconnected
// to node 2. Run by JsClientInteropIT (after npm ci).
import { connect, ErrorCode, Events, headers, StringCodec } from "nats";

const TIMEOUT = 5000;
const sc = StringCodec();
let check = "connect";

function fail(why) {
  console.log(`FAIL ${check}: ${why}`);
  process.exit(1);
}

function ok() {
  console.log(`ok ${check}`);
}

const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

async function waitFor(what, cond, ms = TIMEOUT) {
  const end = Date.now() + ms;
  while (!cond()) {
    if (Date.now() > end) {
      fail(`timed out waiting for ${what}`);
    }
    await sleep(10);
  }
}

// A subscription whose messages are collected in arrival order.
function collect(nc, subject, opts = {}) {
  const got = [];
  const sub = nc.subscribe(subject, { ...opts, callback: (err, m) => (err ? fail(err.message) : got.push(m)) });
  return { sub, got };
}

function hostPort(url) {
  return url.replace(/^nats:\/\//, "");
}

async function wildcards(nc) {
  check = "wildcards";
  const star = collect(nc, "a.*");
  const gt = collect(nc, "a.>");
  await nc.flush();
  nc.publish("a.b", sc.encode("1"));
  nc.publish("a.b.c", sc.encode("2"));
  await nc.flush();
  await waitFor("a.* and a.> deliveries", () => star.got.length >= 1 && gt.got.length >= 2);
  await sleep(200);
  const s = star.got.map((m) => m.subject).join(",");
  const g = gt.got.map((m) => m.subject).join(",");
  if (s !== "a.b" || g !== "a.b,a.b.c") {
    fail(`a.* got [${s}], a.> got [${g}]`);
  }
  star.sub.unsubscribe();
  gt.sub.unsubscribe();
  ok();
}

async function queue(nc) {
  check = "queue";
  const n = 100;
  const members = [collect(nc, "q.work", { queue: "workers" }), collect(nc, "q.work", { queue: "workers" })];
  await nc.flush();
  for (let i = 0; i < n; i++) {
    nc.publish("q.work", sc.encode(`m${i}`));
  }
  await nc.flush();
  const total = () => members[0].got.length + members[1].got.length;
  await waitFor(`${n} queue deliveries`, () => total() >= n);
  await sleep(200);
  const seen = new Map();
  for (const m of [...members[0].got, ...members[1].got]) {
    const k = sc.decode(m.data);
    seen.set(k, (seen.get(k) || 0) + 1);
  }
  for (const [k, v] of seen) {
    if (v !== 1) {
      fail(`${k} delivered ${v} times`);
    }
  }
  if (seen.size !== n) {
    fail(`${seen.size} distinct messages of ${n}`);
  }
  members.forEach((m) => m.sub.unsubscribe());
  ok();
}

async function request(nc) {
  check = "request";
  const sub = nc.subscribe("svc.echo", { callback: (err, m) => m.respond(sc.encode(`re:${sc.decode(m.data)}`)) });
  await nc.flush();
  const reply = await nc.request("svc.echo", sc.encode("q"), { timeout: TIMEOUT });
  if (sc.decode(reply.data) !== "re:q") {
    fail(`reply ${sc.decode(reply.data)}`);
  }
  sub.unsubscribe();
  ok();
}

async function withHeaders(nc) {
  check = "headers";
  const in_ = collect(nc, "h.test");
  await nc.flush();
  const h = headers();
  h.set("X-Check", "one");
  h.append("X-Multi", "a");
  h.append("X-Multi", "b");
  nc.publish("h.test", sc.encode("body"), { headers: h });
  await waitFor("the message with headers", () => in_.got.length >= 1);
  const m = in_.got[0];
  const mh = m.headers;
  if (!mh || mh.get("X-Check") !== "one" || mh.values("X-Multi").join(",") !== "a,b" || sc.decode(m.data) !== "body") {
    fail(`got headers ${mh ? mh.toString() : "none"} body ${sc.decode(m.data)}`);
  }
  in_.sub.unsubscribe();
  ok();
}

async function noResponders(nc) {
  check = "no-responders";
  const start = Date.now();
  try {
    await nc.request("nobody.home", sc.encode("q"), { timeout: TIMEOUT });
    fail("request succeeded");
  } catch (err) {
    const elapsed = Date.now() - start;
    if (err.code !== ErrorCode.NoResponders) {
      fail(`got ${err.code} ${err.message} after ${elapsed} ms, want ${ErrorCode.NoResponders}`);
    }
    if (elapsed > 2000) {
      fail(`took ${elapsed} ms`);
    }
  }
  ok();
}

async function reconnect(nc, url2) {
  check = "reconnect";
  let reconnectedTo = null;
  (async () => {
    for await (const s of nc.status()) {
      if (s.type === Events.Reconnect) {
        reconnectedTo = s.data;
      }
    }
  })();
  const after = collect(nc, "r.after");
  await nc.flush();
  console.log("READY-FOR-KILL");
  await waitFor("the reconnect", () => reconnectedTo !== null, 30000);
  if (reconnectedTo !== hostPort(url2)) {
    fail(`reconnected to ${reconnectedTo}, not ${hostPort(url2)}`);
  }
  // The subscription made on node 1 is replayed on node 2.
  nc.publish("r.after", sc.encode("again"));
  await waitFor("the message after the reconnect", () => after.got.length >= 1);
  if (sc.decode(after.got[0].data) !== "again") {
    fail(`got ${sc.decode(after.got[0].data)}`);
  }
  ok();
}

async function main() {
  if (process.argv.length !== 4) {
    console.log("usage: node check.mjs NODE1_URL NODE2_URL");
    process.exit(2);
  }
  const [url1, url2] = process.argv.slice(2);
  const nc = await connect({
    servers: [url1, url2], noRandomize: true, maxReconnectAttempts: -1, reconnectTimeWait: 100, timeout: TIMEOUT,
  });
  if (nc.getServer() !== hostPort(url1)) {
    fail(`connected to ${nc.getServer()}, not ${hostPort(url1)}`);
  }
  ok();
  await wildcards(nc);
  await queue(nc);
  await request(nc);
  await withHeaders(nc);
  await noResponders(nc);
  await reconnect(nc, url2);
  await nc.close();
  process.exit(0);
}

main().catch((err) => fail(err && err.stack ? err.stack.split("\n")[0] : String(err)));
