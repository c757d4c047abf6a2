#!/usr/bin/env bash
# Load generator benchmark: Meshdock's generator against wrk and hey, all hitting one nginx on loopback.
# nginx runs on core 0, each generator in turn on core 1 with the same connections and duration; for each we
# print requests per CPU-second of the generator process (user+system from /usr/bin/time) and p50/p99.
# Then the open model's rate accuracy (achieved / requested) at 1k, 10k and 30k rps.
#
#   bench/load.sh                 # defaults: 50 connections, 10 s per run
#   CONNECTIONS=100 DURATION=20 bench/load.sh
set -euo pipefail
cd "$(dirname "$0")/.."

CONNECTIONS=${CONNECTIONS:-50}
DURATION=${DURATION:-10}
RATES=${RATES:-"1000 10000 30000"}
source bench/lib.sh
need_packages nginx=nginx-light wrk=wrk hey=hey
publish_cli

work=$(mktemp -d)
port=$(free_port)
url="http://127.0.0.1:${port}/"
cat >"$work/nginx.conf" <<CONF
worker_processes 1;
daemon off;
pid $work/nginx.pid;
error_log $work/error.log warn;
events { worker_connections 4096; }
http {
  access_log off;
  server {
    listen 127.0.0.1:${port};
    location / { return 200 "hello from nginx\n"; }
  }
}
CONF
taskset -c "$SERVER_CORE" nginx -c "$work/nginx.conf" -p "$work" &
nginx_pid=$!
trap 'kill $nginx_pid 2>/dev/null; wait $nginx_pid 2>/dev/null; rm -rf "$work"' EXIT
for _ in $(seq 1 50); do curl -fs "$url" >/dev/null 2>&1 && break; sleep 0.1; done

print_machine
printf 'Closed model, %s connections, %s s each\n\n' "$CONNECTIONS" "$DURATION"
printf '%-10s %12s %10s %14s %10s %10s\n' generator requests cpu_s req/cpu_s p50_ms p99_ms

# wrk: one thread, latency distribution for p50/p99.
pinned wrk -t1 -c"$CONNECTIONS" -d"${DURATION}s" --latency "$url" >"$work/wrk.out"
wrk_req=$(awk '/requests in/ {print $1}' "$work/wrk.out")
wrk_cpu=$(cpu_seconds)
to_ms() { awk -v v="$1" 'BEGIN { if (v ~ /us$/) printf "%.3f", v/1000; else if (v ~ /ms$/) printf "%.3f", v+0; else if (v ~ /s$/) printf "%.3f", v*1000; else print v }'; }
wrk_p50=$(to_ms "$(awk '$1 == "50%" {print $2}' "$work/wrk.out")")
wrk_p99=$(to_ms "$(awk '$1 == "99%" {print $2}' "$work/wrk.out")")
wrk_rate=$(awk -v r="$wrk_req" -v c="$wrk_cpu" 'BEGIN { printf "%.0f", r / c }')
printf '%-10s %12s %10s %14s %10s %10s\n' wrk "$wrk_req" "$wrk_cpu" "$wrk_rate" "$wrk_p50" "$wrk_p99"

# hey: runs for a duration, reports latency in seconds and responses per status code.
pinned hey -z "${DURATION}s" -c "$CONNECTIONS" "$url" >"$work/hey.out"
hey_req=$(awk '/responses/ && /\[/ {sum += $2} END {print sum}' "$work/hey.out")
hey_cpu=$(cpu_seconds)
hey_p50=$(awk '/50% in/ {printf "%.3f", $3 * 1000}' "$work/hey.out")
hey_p99=$(awk '/99% in/ {printf "%.3f", $3 * 1000}' "$work/hey.out")
hey_rate=$(awk -v r="$hey_req" -v c="$hey_cpu" 'BEGIN { printf "%.0f", r / c }')
printf '%-10s %12s %10s %14s %10s %10s\n' hey "$hey_req" "$hey_cpu" "$hey_rate" "$hey_p50" "$hey_p99"

# Meshdock: the closed model; its Fortio JSON has the count and the percentiles (in seconds).
fortio_field() { python3 -c "import json,sys; d=json.load(open(sys.argv[1])); h=d['DurationHistogram']; p={x['Percentile']:x['Value'] for x in h['Percentiles']}; print({'count': sum(d['RetCodes'].values()), 'p50': '%.3f' % (p[50]*1000), 'p99': '%.3f' % (p[99]*1000), 'qps': '%.2f' % d['ActualQPS']}[sys.argv[2]])" "$@"; }
pinned $MESHDOCK perf run --url "$url" --max -c "$CONNECTIONS" -d "${DURATION}s" --fortio-json "$work/md.json" >"$work/md.out"
md_req=$(fortio_field "$work/md.json" count)
md_cpu=$(cpu_seconds)
md_rate=$(awk -v r="$md_req" -v c="$md_cpu" 'BEGIN { printf "%.0f", r / c }')
printf '%-10s %12s %10s %14s %10s %10s\n' meshdock "$md_req" "$md_cpu" "$md_rate" "$(fortio_field "$work/md.json" p50)" "$(fortio_field "$work/md.json" p99)"

printf '\nmeshdock / wrk: %s   meshdock / hey: %s   (targets: >= 0.8 and >= 2)\n' \
  "$(awk -v a="$md_rate" -v b="$wrk_rate" 'BEGIN { printf "%.2f", a / b }')" \
  "$(awk -v a="$md_rate" -v b="$hey_rate" 'BEGIN { printf "%.2f", a / b }')"

# nginx's capacity here is what wrk reached; a rate above it cannot be held by any generator.
capacity=$(awk -v r="$wrk_req" -v d="$DURATION" 'BEGIN { printf "%.0f", r / d }')
printf '\nOpen model, %s connections, %s s each (latency corrected for coordinated omission)\n' "$CONNECTIONS" "$DURATION"
printf 'nginx capacity on its core (wrk, closed model): %s rps\n\n' "$capacity"
printf '%10s %12s %10s %10s %10s  %s\n' requested achieved ratio p50_ms p99_ms target_keeps_up
for rate in $RATES; do
  pinned $MESHDOCK perf run --url "$url" --rps "$rate" -c "$CONNECTIONS" -d "${DURATION}s" --fortio-json "$work/open.json" >"$work/open.out"
  qps=$(fortio_field "$work/open.json" qps)
  keeps_up=$(awk -v r="$rate" -v c="$capacity" 'BEGIN { print (r <= 0.9 * c) ? "yes" : "no (above capacity)" }')
  printf '%10s %12s %10s %10s %10s  %s\n' "$rate" "$qps" "$(awk -v a="$qps" -v b="$rate" 'BEGIN { printf "%.4f", a / b }')" \
    "$(fortio_field "$work/open.json" p50)" "$(fortio_field "$work/open.json" p99)" "$keeps_up"
  # The summary table's Schedule row, which may wrap onto a second line, without the table's borders.
  grep -E "Schedule" -A1 "$work/open.out" | grep -v '╰' | sed -e 's/│//g' | paste -sd' ' | tr -s ' ' | sed 's/^ */    /' || true
done
