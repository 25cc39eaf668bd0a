#!/usr/bin/env bash
# Measures a node's start: time from `java -jar` to /ready on a fresh data directory and on one whose
# database is already unpacked, the time a second node takes to join, and a node's idle memory (RSS).
# Usage: bench/node-startup.sh [path/to/chorus.jar]   (build it first: mvn -q package -DskipTests)
set -euo pipefail

jar=$(realpath "${1:-launcher/target/chorus.jar}")
work=$(mktemp -d)
pids=()
cleanup() {
  for pid in "${pids[@]}"; do kill -TERM "$pid" 2>/dev/null || true; done
  for pid in "${pids[@]}"; do while kill -0 "$pid" 2>/dev/null; do sleep 0.1; done; done
  rm -rf "$work"
}
trap cleanup EXIT

free_port() { python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1]); s.close()'; }
now_ms() { date +%s%3N; }
cluster_name="chorus-bench-$$"
sed "s|<cluster-name>chorus</cluster-name>|<cluster-name>${cluster_name}</cluster-name>|" cluster-config/loopback.xml > "$work/cluster.xml"

# start NAME PORT: launches a node in $work; sets $elapsed to the milliseconds until /ready answers 200.
start() {
  local name=$1 port=$2 t0
  t0=$(now_ms)
  (cd "$work" && exec java -jar "$jar" --http-port "$port" --cluster-config "$work/cluster.xml" >"$work/$name.log" 2>&1) &
  pids+=($!)
  until [ "$(curl -s -o /dev/null -w '%{http_code}' "http://127.0.0.1:$port/ready")" = 200 ]; do
    kill -0 "${pids[-1]}" 2>/dev/null || { cat "$work/$name.log"; exit 1; }
    sleep 0.05
  done
  elapsed=$(( $(now_ms) - t0 ))
}
stop_last() { local pid=${pids[-1]}; kill -TERM "$pid"; while kill -0 "$pid" 2>/dev/null; do sleep 0.05; done; unset 'pids[-1]'; }
rss_mb() { awk '/VmRSS/ {printf "%d", $2/1024}' "/proc/$1/status"; }

p1=$(free_port); p2=$(free_port)
start fresh "$p1"; fresh=$elapsed
stop_last                         # the last node out stops the embedded database
start unpacked "$p1"; unpacked=$elapsed  # same data directory: the database is unpacked, its server starts again
start second "$p2"; second=$elapsed      # joins the first and attaches to the running database
size=$(curl -s "http://127.0.0.1:$p1/cluster" | python3 -c 'import json,sys; print(json.load(sys.stdin)["size"])')
sleep 10                         # let the JVMs settle before reading their memory
rss1=$(rss_mb "${pids[0]}"); rss2=$(rss_mb "${pids[1]}")

echo "java: $(java -version 2>&1 | head -1) · cores: $(nproc)"
echo "ready, fresh data directory (initdb + start): ${fresh} ms"
echo "ready, database unpacked (server started):    ${unpacked} ms"
echo "ready, second node (joins, attaches):         ${second} ms  (cluster size seen: ${size})"
echo "idle RSS after 10 s: first node ${rss1} MB, second node ${rss2} MB"
echo "startup: fresh ${fresh} ms | unpacked ${unpacked} ms | join ${second} ms | rss ${rss1} MB"
