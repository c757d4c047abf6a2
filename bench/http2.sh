#!/usr/bin/env bash
# HTTP/2 and TLS benchmark: Meshdock's generator against h2load (HTTP/2, h2c by prior knowledge) and wrk (HTTP/1.1
# over TLS), all hitting one nginx on loopback. nginx runs on core 0, each generator in turn on core 1, closed model,
# the same connections and duration; for each we print requests per CPU-second of the whole generator process
# (user+system from /usr/bin/time) and check the count against nginx's access log.
#
#   bench/http2.sh                 # defaults: 50 connections, 10 s per run, 1 and 10 streams per connection
#   CONNECTIONS=100 DURATION=20 STREAMS="1 10 100" bench/http2.sh
set -euo pipefail
cd "$(dirname "$0")/.."

CONNECTIONS=${CONNECTIONS:-50}
DURATION=${DURATION:-10}
STREAMS=${STREAMS:-"1 10"}
source bench/lib.sh
# nginx with its http2 module (nginx-light has it), h2load (nghttp2-client), wrk, openssl for the TLS listener.
need_packages nginx=nginx-light h2load=nghttp2-client wrk=wrk openssl=openssl
publish_cli

work=$(mktemp -d)
h2c_port=$(free_port)
tls_port=$(free_port)
openssl req -x509 -newkey ec -pkeyopt ec_paramgen_curve:prime256v1 -nodes -days 1 -subj /CN=127.0.0.1 \
  -addext subjectAltName=IP:127.0.0.1 -keyout "$work/key.pem" -out "$work/cert.pem" 2>/dev/null
# keepalive_requests: nginx would otherwise end each connection after 1000 requests (GOAWAY); the peers are
# measured on connections that stay up. The access log is buffered so logging costs nginx little.
cat >"$work/nginx.conf" <<CONF
worker_processes 1;
daemon off;
pid $work/nginx.pid;
error_log $work/error.log warn;
events { worker_connections 4096; }
http {
  access_log $work/access.log combined buffer=256k;
  keepalive_requests 100000000;
  server {
    listen 127.0.0.1:${h2c_port} http2;
    listen 127.0.0.1:${tls_port} ssl;
    ssl_certificate $work/cert.pem;
    ssl_certificate_key $work/key.pem;
    location / { return 200 "hello from nginx\n"; }
  }
}
CONF
taskset -c "$SERVER_CORE" nginx -c "$work/nginx.conf" -p "$work" &
nginx_pid=$!
trap 'kill $nginx_pid 2>/dev/null; wait $nginx_pid 2>/dev/null; rm -rf "$work"' EXIT
h2c="http://127.0.0.1:${h2c_port}/"
tls="https://127.0.0.1:${tls_port}/"
for _ in $(seq 1 50); do curl -fsk "$tls" >/dev/null 2>&1 && break; sleep 0.1; done

# nginx flushes its log buffer on reopen (USR1); the lines since the last call are the run's requests.
echo 0 >"$work/seen"
logged() {
  kill -USR1 "$nginx_pid"; sleep 0.5
  local total; total=$(wc -l <"$work/access.log")
  echo $((total - $(cat "$work/seen"))); echo "$total" >"$work/seen"
}
fortio_count() { python3 -c "import json,sys; d=json.load(open(sys.argv[1])); print(sum(d['RetCodes'].values()))" "$1"; }
row() { printf '%-28s %12s %10s %14s %12s\n' "$@"; }

print_machine
printf 'Closed model, %s connections, %s s each; "logged" is what nginx'"'"'s access log counted for the run\n\n' "$CONNECTIONS" "$DURATION"
row generator requests cpu_s req/cpu_s logged
logged >/dev/null

ratios=()
for streams in $STREAMS; do
  pinned h2load -c "$CONNECTIONS" -m "$streams" -t 1 -D "$DURATION" "$h2c" >"$work/h2load.out"
  h2_req=$(awk '/^requests:/ {print $8}' "$work/h2load.out")  # "succeeded"
  h2_cpu=$(cpu_seconds)
  h2_rate=$(rate "$h2_req" "$h2_cpu")
  row "h2load -m $streams" "$h2_req" "$h2_cpu" "$h2_rate" "$(logged)"

  pinned $MESHDOCK perf run --url "$h2c" --http2 -m "$streams" -c "$CONNECTIONS" -d "${DURATION}s" --fortio-json "$work/md.json" >"$work/md.out"
  md_req=$(fortio_count "$work/md.json")
  md_cpu=$(cpu_seconds)
  md_rate=$(rate "$md_req" "$md_cpu")
  row "meshdock --http2 -m $streams" "$md_req" "$md_cpu" "$md_rate" "$(logged)"
  ratios+=("$(printf '%s streams: %s' "$streams" "$(awk -v a="$md_rate" -v b="$h2_rate" 'BEGIN { printf "%.2f", a / b }')")")
done

# HTTP/1.1 over TLS: wrk against Meshdock's async TLS engine.
pinned wrk -t1 -c"$CONNECTIONS" -d"${DURATION}s" "$tls" >"$work/wrk.out"
wrk_req=$(awk '/requests in/ {print $1}' "$work/wrk.out")
wrk_cpu=$(cpu_seconds)
wrk_rate=$(rate "$wrk_req" "$wrk_cpu")
row "wrk (TLS, HTTP/1.1)" "$wrk_req" "$wrk_cpu" "$wrk_rate" "$(logged)"
pinned $MESHDOCK perf run --url "$tls" -k -c "$CONNECTIONS" -d "${DURATION}s" --fortio-json "$work/md.json" >"$work/md.out"
md_req=$(fortio_count "$work/md.json")
md_cpu=$(cpu_seconds)
md_rate=$(rate "$md_req" "$md_cpu")
row "meshdock (TLS, HTTP/1.1)" "$md_req" "$md_cpu" "$md_rate" "$(logged)"

printf '\nmeshdock / h2load: %s   (target >= 0.8 with 1 stream)\n' "$(IFS=,; echo "${ratios[*]}" | sed 's/,/, /g')"
printf 'meshdock / wrk over TLS: %s\n' "$(awk -v a="$md_rate" -v b="$wrk_rate" 'BEGIN { printf "%.2f", a / b }')"
