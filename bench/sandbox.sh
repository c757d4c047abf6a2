#!/usr/bin/env bash
# Filter sandbox overhead: the latency the sandbox adds per request (p50/p99 at a fixed rate, with `hey -q`) and its
# throughput (closed loop, with `wrk`), each against the same embedded Image Hub upstream reached directly, through
# a sandbox without a filter, and through a sandbox with the rate-limit filter loaded (on `/`, a path without rules,
# so every request runs the filter and is forwarded). Loopback only, bounded in time. Usage: bench/sandbox.sh SERVER_DLL
set -euo pipefail

server_dll=${1:?usage: bench/sandbox.sh path/to/Meshdock.Server.dll}
rate=${RATE:-500}            # requests per second for the latency runs (spread over 10 connections)
seconds=${SECONDS_PER_RUN:-10}
for tool in hey wrk curl python3; do
  command -v "$tool" >/dev/null || { echo "bench/sandbox.sh needs $tool (apt-get install hey wrk curl python3)" >&2; exit 1; }
done

work=$(mktemp -d)
dotnet "$server_dll" --urls http://127.0.0.1:0 --data "$work/data" >"$work/server.log" 2>&1 &
server=$!
trap 'kill $server 2>/dev/null; wait $server 2>/dev/null; rm -rf "$work"' EXIT
for _ in $(seq 1 300); do
  api=$(grep -o 'Now listening on: http://127\.0\.0\.1:[0-9]*' "$work/server.log" | head -1 | sed 's/Now listening on: //') || true
  [ -n "${api:-}" ] && curl -fs "$api/api/health" >/dev/null 2>&1 && break
  sleep 0.2
done
[ -n "${api:-}" ] || { echo "the server did not start:" >&2; cat "$work/server.log" >&2; exit 1; }

start() { curl -fs -X POST "$api/api/sandbox" -H 'Content-Type: application/json' -d "$1"; }
field() { python3 -c "import json,sys; print(json.load(sys.stdin)['$1'])"; }
plain=$(start '{"upstream": "imagehub"}')
filtered=$(start '{"filterId": "rate-limit", "upstream": "imagehub"}')
upstream=$(echo "$plain" | field upstreamUrl)

measure() {
  local label=$1 url=$2/
  hey -n 2000 -c 10 "$url" >/dev/null                                   # warm-up: JIT, connections, filter instances
  local latency p50 p99 rps
  latency=$(hey -z "${seconds}s" -c 10 -q $((rate / 10)) "$url")
  p50=$(echo "$latency" | awk '/ 50% in/ {printf "%.2f", $3 * 1000}')
  p99=$(echo "$latency" | awk '/ 99% in/ {printf "%.2f", $3 * 1000}')
  rps=$(wrk -t2 -c20 -d"${seconds}s" "$url" | awk '/Requests\/sec/ {printf "%.0f", $2}')
  printf '| %-32s | %8s | %8s | %10s |\n' "$label" "$p50" "$p99" "$rps"
}

echo "Filter sandbox on $(nproc) cores, $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | xargs), load average $(cut -d' ' -f1-3 /proc/loadavg)"
echo "Latency at $rate requests/s over 10 connections (hey), throughput closed-loop with 20 connections (wrk), ${seconds} s each."
echo
printf '| %-32s | %8s | %8s | %10s |\n' "path" "p50 ms" "p99 ms" "max rps"
printf '|%s|%s|%s|%s|\n' "----------------------------------" "----------" "----------" "------------"
measure "Image Hub directly" "$upstream"
measure "sandbox, no filter" "$(echo "$plain" | field url)"
measure "sandbox, rate-limit filter" "$(echo "$filtered" | field url)"
