#!/usr/bin/env bash
# The nats image page's three-node cluster on one machine: starts cluster-a/b/c.conf (routes to 127.0.0.1),
# subscribes on A, publishes on C, and prints what A received through the routes. Stops the nodes on exit.
# Usage: examples/cluster.sh [DIR with cluster-a.conf, cluster-b.conf, cluster-c.conf]  (default: beside this file)
# The launcher: $JNATSD if set, else the tarball's bin/jnatsd, the checkout's ./jnatsd, or jnatsd on PATH.
# The client is bash's /dev/tcp speaking the NATS text protocol, so nothing else needs installing.
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
confs="$(cd "${1:-$here}" && pwd)"
jnatsd="${JNATSD:-}"
for c in "$here/../bin/jnatsd" "$here/../jnatsd" "$(command -v jnatsd || true)"; do
  if [[ -z "$jnatsd" && -n "$c" && -x "$c" ]]; then jnatsd="$c"; fi
done
[[ -n "$jnatsd" ]] || { echo "cluster.sh: no jnatsd launcher found (set JNATSD=/path/to/jnatsd)" >&2; exit 1; }
logs="$(mktemp -d "${TMPDIR:-/tmp}/jnatsd-cluster.XXXXXX")"
pids=()
stop() {
  for p in "${pids[@]+"${pids[@]}"}"; do kill "$p" 2>/dev/null || true; done
  wait 2>/dev/null || true
}
trap stop EXIT
client_port() {
  sed -n 's/^port: *\([0-9]*\).*/\1/p' "$confs/cluster-$1.conf"
}
for n in a b c; do
  "$jnatsd" -c "$confs/cluster-$n.conf" > "$logs/$n.log" 2>&1 &
  pids+=($!)
  echo "started node ${n^^} (client port $(client_port "$n"), log $logs/$n.log)"
done
# Up means a connection gets INFO; a node that fails to start ends the script with its log.
await() {
  local port=$1 log=$2 i
  for ((i = 0; i < 600; i++)); do
    if { exec 5<>"/dev/tcp/127.0.0.1/$port"; } 2>/dev/null; then
      local l=""
      read -r -t 2 l <&5 || true
      exec 5>&-
      [[ "$l" == INFO* ]] && return 0
    fi
    sleep 0.1
  done
  echo "node on port $port did not start:" >&2
  cat "$log" >&2
  exit 1
}
for n in a b c; do await "$(client_port "$n")" "$logs/$n.log"; done
# read -r -t: each reply line ends in CR LF; strip the CR.
reply() {
  local fd=$1 l
  IFS= read -r -t 5 l <&"$fd" || return 1
  echo "${l%$'\r'}"
}
exec 3<>"/dev/tcp/127.0.0.1/$(client_port a)"
reply 3 >/dev/null
printf 'CONNECT {"verbose":false,"name":"sub-on-A"}\r\nSUB greeting 1\r\nPING\r\n' >&3
[[ "$(reply 3)" == PONG ]]
echo "subscribed to 'greeting' on A"
# The subscription reaches C over the routes shortly after: publish until A gets one (bounded, ~15 s).
for ((i = 0; i < 75; i++)); do
  exec 4<>"/dev/tcp/127.0.0.1/$(client_port c)"
  reply 4 >/dev/null
  printf 'CONNECT {"verbose":false,"name":"pub-on-C"}\r\nPUB greeting 11\r\nhello world\r\nPING\r\n' >&4
  reply 4 >/dev/null || true
  exec 4>&-
  line=""
  IFS= read -r -t 0.2 line <&3 || true
  if [[ "$line" == MSG* ]]; then
    echo "A received: ${line%$'\r'} / $(reply 3)"
    echo "ok: published on C, received on A"
    exit 0
  fi
done
echo "A received nothing from C; logs in $logs" >&2
exit 1
