#!/usr/bin/env bash
# Upload ingest into PostgreSQL (a measurement, not a test): a release server on loopback with
# its state in a throw-away cluster (durable settings: fsync and synchronous_commit on), and
# ingest_load posting valid 128-report uploads concurrently. Prints uploads/s and latency.
#
# Usage (as root, Debian): benches/ingest.sh [UPLOADS] [CONCURRENCY]   (default 20000 16)
set -euo pipefail
cd "$(dirname "$0")/.."
uploads=${1:-20000}
concurrency=${2:-16}

command -v apt-get >/dev/null && ! ls /usr/lib/postgresql/*/bin/initdb >/dev/null 2>&1 &&
  { apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq postgresql >/dev/null; }
cargo build --release --locked -p healthpass-server --bin healthpass-server -p healthpass-e2e --bin ingest_load
bin=target/release

pg_bin=$(dirname "$(ls /usr/lib/postgresql/*/bin/initdb | sort -V | tail -n 1)")
work=$(mktemp -d)
chown postgres: "$work"
port=${INGEST_PG_PORT:-54339}
runuser -u postgres -- "$pg_bin/initdb" -D "$work/pg" -A trust -U postgres >/dev/null
runuser -u postgres -- "$pg_bin/pg_ctl" -D "$work/pg" -l "$work/pg.log" -w \
  -o "-p $port -k $work -c listen_addresses=127.0.0.1 -c shared_buffers=256MB" start >/dev/null
server_pid=
cleanup() {
  [ -n "$server_pid" ] && kill -TERM "$server_pid" 2>/dev/null && wait "$server_pid" || true
  runuser -u postgres -- "$pg_bin/pg_ctl" -D "$work/pg" -m fast stop >/dev/null
  rm -rf "$work"
}
trap cleanup EXIT
db="postgres://postgres@127.0.0.1:$port/postgres"

mkdir "$work/data"
token=$("$bin/healthpass-server" add-officer "Bench officer" --data "$work/data" --database "$db" | tail -n 1)
RUST_LOG=warn "$bin/healthpass-server" run --sign-documents-at-start --data "$work/data" --database "$db" --listen 127.0.0.1:0 >"$work/server.out" 2>"$work/server.err" &
server_pid=$!
until grep -q "listening on" "$work/server.out" 2>/dev/null; do sleep 0.1; done
url=$(sed -n 's/^listening on //p' "$work/server.out")

echo "ingest: $uploads uploads, $concurrency connections, server $url, PostgreSQL $("$pg_bin/postgres" --version | awk '{print $3}'), $(nproc) cores"
"$bin/ingest_load" "$url" "$token" "$uploads" "$concurrency"
