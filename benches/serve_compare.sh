#!/usr/bin/env bash
# Serving one published warning bucket (what phones download in bulk: `GET /v1/warnings/{hour}/{bucket}`):
# `healthpass-server` vs nginx serving the same file from the same DATA/warnings directory, in one
# run, with wrk. Prints req/s of both and the ratio (goal ≥ 0.8).
#
# Usage: benches/serve_compare.sh [REPORTS]   (default 128 decoy reports in one hour: a 6.5 KB bucket)
# Env: DURATION per round (default 5s), ROUNDS (default 3), CONNECTIONS (default 64), THREADS (default 2).
# Rounds alternate between the two servers; the best round of each is compared, so load from
# other processes on the machine skews neither side more than the other.
# Needs wrk and nginx (apt-get install -y wrk nginx); builds the release binary.
set -euo pipefail
cd "$(dirname "$0")/.."
reports="${1:-128}"
duration="${DURATION:-5s}"
rounds="${ROUNDS:-3}"
connections="${CONNECTIONS:-64}"
threads="${THREADS:-2}"
for tool in wrk nginx; do
  command -v "$tool" >/dev/null || { echo "$tool is missing: apt-get install -y wrk nginx" >&2; exit 1; }
done
cargo build --release -q -p healthpass-server
cargo build --release -q -p healthpass-server --example publish_decoys
bin=target/release/healthpass-server

work=$(mktemp -d)
server_pid=""
nginx_conf="$work/nginx.conf"
cleanup() {
  [ -n "$server_pid" ] && kill "$server_pid" 2>/dev/null || true
  [ -f "$work/nginx.pid" ] && nginx -c "$nginx_conf" -s stop 2>/dev/null || true
  rm -rf "$work"
}
trap cleanup EXIT

# Publish one hour of decoys into DATA/warnings with the server's own publisher key: its summary
# (`{hour}`) and its bucket 0 (`{hour}.0`, served as `/v1/warnings/{hour}/0`).
hour=$(target/release/examples/publish_decoys "$work/data" "$reports")
file="$work/data/warnings/$hour.0"
route="/v1/warnings/$hour/0"
echo "bucket $route: $(stat -c %s "$file") bytes ($reports reports)"

"$bin" run --sign-documents-at-start --data "$work/data" --listen 127.0.0.1:0 >"$work/server.out" 2>/dev/null &
server_pid=$!
for _ in $(seq 100); do grep -q "listening on" "$work/server.out" 2>/dev/null && break; sleep 0.1; done
ours=$(sed -n 's/^listening on //p' "$work/server.out")

nginx_port=$(( 20000 + RANDOM % 20000 ))
# Workers run as the calling user, so they can read the private temporary directory.
cat >"$nginx_conf" <<EOF
user $(id -un) $(id -gn);
worker_processes auto;
pid $work/nginx.pid;
error_log $work/nginx-error.log;
events { worker_connections 1024; }
http {
  access_log off;
  sendfile on;
  open_file_cache max=1000 inactive=60s;
  tcp_nopush on;
  client_body_temp_path $work/nginx-tmp;
  proxy_temp_path $work/nginx-tmp;
  fastcgi_temp_path $work/nginx-tmp;
  uwsgi_temp_path $work/nginx-tmp;
  scgi_temp_path $work/nginx-tmp;
  server {
    listen 127.0.0.1:$nginx_port;
    location ~ ^/v1/warnings/([0-9]+)/([0-9]+)\$ {
      alias $work/data/warnings/\$1.\$2;
      default_type application/octet-stream;
      add_header Cache-Control "public, max-age=31536000, immutable";
    }
  }
}
EOF
nginx -c "$nginx_conf"
sleep 0.3

# Both answer the same bytes before anything is measured.
curl -sf "$ours$route" -o "$work/ours.bin"
curl -sf "http://127.0.0.1:$nginx_port$route" -o "$work/nginx.bin" || { cat "$work/nginx-error.log" >&2; exit 1; }
cmp -s "$work/ours.bin" "$file" && cmp -s "$work/nginx.bin" "$file" || { echo "the servers answer different bytes" >&2; exit 1; }

measure() {
  wrk -t"$threads" -c"$connections" -d"$duration" "$1" | awk '/^Requests\/sec:/ { print $2 }'
}
echo "wrk -t$threads -c$connections -d$duration, $rounds alternating rounds, best of each"
ours_rps=0
nginx_rps=0
for round in $(seq "$rounds"); do
  a=$(measure "$ours$route")
  b=$(measure "http://127.0.0.1:$nginx_port$route")
  echo "round $round: healthpass $a, nginx $b"
  ours_rps=$(awk -v x="$a" -v y="$ours_rps" 'BEGIN { print (x > y) ? x : y }')
  nginx_rps=$(awk -v x="$b" -v y="$nginx_rps" 'BEGIN { print (x > y) ? x : y }')
done
echo "healthpass-server: $ours_rps req/s"
echo "nginx:             $nginx_rps req/s"
awk -v a="$ours_rps" -v b="$nginx_rps" 'BEGIN { printf "ratio:             %.2f x nginx (goal >= 0.80)\n", a / b }'
