#!/usr/bin/env bash
# Load with faults on loopback (a measurement with a verdict): sustained uploads, case
# confirmations, backups and syncs (tests/src/bin/fault_load.rs) while the server is killed with SIGKILL
# and restarted every KILL_EVERY seconds and, on PostgreSQL, the cluster is restarted
# (immediate shutdown, i.e. a crash) at every other kill. Then the phone store on a full disk.
# Verdicts: 0 acknowledged uploads or backups lost; no 5xx or unanswered request outside a restart
# window (kill to listening again, plus GRACE_MS); the full store refuses with its typed
# error and stays intact. Prints p50/p99 per kind of request.
#
# Usage (as root, Debian): benches/fault_load.sh [sqlite|postgres]   (default sqlite)
# Env: LOAD_SECONDS (default 60), CONCURRENCY (8), KILL_EVERY (10 s), GRACE_MS (2000),
#      FAULT_PG_PORT (54335).
set -euo pipefail
cd "$(dirname "$0")/.."
backend=${1:-sqlite}
seconds=${LOAD_SECONDS:-60}
concurrency=${CONCURRENCY:-8}
kill_every=${KILL_EVERY:-10}
grace_ms=${GRACE_MS:-2000}
pg_port=${FAULT_PG_PORT:-54335}

cargo build --release --locked -q -p healthpass-server -p healthpass-e2e --bin fault_load --bin crash_writer
bin=target/release
server=("$bin/healthpass-server")

work=$(mktemp -d)
server_pid=
pg_bin=
cleanup() {
  [ -n "$server_pid" ] && kill -9 "$server_pid" 2>/dev/null || true
  mountpoint -q "$work/full" && umount "$work/full"
  [ -n "$pg_bin" ] && runuser -u postgres -- "$pg_bin/pg_ctl" -D "$work/pg" -m immediate stop >/dev/null 2>&1 || true
  rm -rf "$work"
}
trap cleanup EXIT
database=()
if [ "$backend" = postgres ]; then
  pg_bin=$(dirname "$(ls /usr/lib/postgresql/*/bin/initdb | sort -V | tail -n 1)")
  chown postgres: "$work"
  runuser -u postgres -- "$pg_bin/initdb" -D "$work/pg" -A trust -U postgres >/dev/null
  pg() { runuser -u postgres -- "$pg_bin/pg_ctl" -D "$work/pg" -l "$work/pg.log" -w "$@" >/dev/null; }
  # Durable settings (fsync, synchronous_commit on): a crash must not lose a commit.
  pg -o "-p $pg_port -k $work -c listen_addresses=127.0.0.1" start
  database=(--database "postgres://postgres@127.0.0.1:$pg_port/postgres")
elif [ "$backend" != sqlite ]; then
  echo "usage: $0 [sqlite|postgres]" >&2; exit 2
fi

mkdir "$work/data"
token=$("${server[@]}" add-officer "Load officer" --data "$work/data" "${database[@]}" | tail -n 1)
port=$((20000 + RANDOM % 20000))
url="http://127.0.0.1:$port"
now_ms() { date +%s%3N; }
start_server() {
  # Until it listens: right after a PostgreSQL crash the cluster may still be recovering.
  while true; do
    : >"$work/server.out"
    RUST_LOG=warn "${server[@]}" run --sign-documents-at-start --data "$work/data" "${database[@]}" --listen "127.0.0.1:$port" \
      >"$work/server.out" 2>>"$work/server.err" &
    server_pid=$!
    for _ in $(seq 100); do
      grep -q "listening on" "$work/server.out" 2>/dev/null && return
      kill -0 "$server_pid" 2>/dev/null || break
      sleep 0.05
    done
    kill -9 "$server_pid" 2>/dev/null || true
    sleep 0.2
  done
}
start_server

echo "fault load: $backend, $seconds s, $concurrency workers, SIGKILL every $kill_every s, $(nproc) cores"
"$bin/fault_load" "$url" "$token" "$seconds" "$concurrency" "$work/errors.tsv" >"$work/load.out" &
load_pid=$!
: >"$work/windows.tsv"
kills=0
while kill -0 "$load_pid" 2>/dev/null; do
  sleep "$kill_every"
  kill -0 "$load_pid" 2>/dev/null || break
  kills=$((kills + 1))
  down=$(now_ms)
  kill -9 "$server_pid"
  wait "$server_pid" 2>/dev/null || true
  if [ -n "$pg_bin" ] && [ $((kills % 2)) -eq 0 ]; then
    pg -m immediate stop
    pg -o "-p $pg_port -k $work -c listen_addresses=127.0.0.1" start
  fi
  start_server
  echo "$down $(now_ms)" >>"$work/windows.tsv"
done
status=0
wait "$load_pid" || status=$?
cat "$work/load.out"
awk -v grace="$grace_ms" 'NR == FNR { from[NR] = $1; to[NR] = $2 + grace; n = NR; next }
  { inside = 0; for (i = 1; i <= n; i++) if ($1 >= from[i] && $1 <= to[i]) inside = 1
    if (inside) during++; else { outside++; print "outside a restart:", $0 } }
  END { printf "restarts: %d; failures during restarts: %d, outside: %d\n", n, during, outside; exit outside > 0 }' \
  "$work/windows.tsv" "$work/errors.tsv" || status=1

# The phone store on a full disk: a 1 MiB tmpfs filled by check-ins.
mkdir "$work/full"
mount -t tmpfs -o size=1m tmpfs "$work/full"
"$bin/crash_writer" "$work/full/diary.db" >"$work/full.out" 2>&1 || true
full=$(awk '/^full/ { print $2 }' "$work/full.out")
intact=$(awk '/^intact/ { print $2 }' "$work/full.out")
if [ -n "$full" ] && [ "$full" = "$intact" ]; then
  echo "full disk: refused with disk_full after $full check-ins; reopened intact with all $intact"
else
  echo "full disk: FAILED"; tail -n 5 "$work/full.out"; status=1
fi
exit "$status"
