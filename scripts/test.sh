#!/usr/bin/env bash
# Runs every test on a fresh Debian machine with the Rust toolchain: installs what is missing,
# builds the workspace once and runs all suites against that one build (Rust, then Kotlin).
set -euo pipefail
cd "$(dirname "$0")/.."
export CARGO_TERM_COLOR=never
# One clean build, not an incremental cache beside it: CI starts from a fresh clone every time,
# and the cache would double the disk the build needs.
export CARGO_INCREMENTAL=0

step() { printf '\n== %s\n' "$*"; }

step "tools"
command -v cargo-nextest >/dev/null || cargo install --locked cargo-nextest
command -v cargo-fuzz >/dev/null || cargo install --locked cargo-fuzz

step "format and lints"
cargo fmt --all --check
cargo clippy --workspace --all-targets --locked -- -D warnings

step "fuzz targets (short smoke run each; long runs: scripts/fuzz.sh)"
FUZZ_SECONDS=6 ./scripts/fuzz.sh

step "throw-away PostgreSQL cluster for the server tests"
# The server suite runs every scenario on SQLite and on PostgreSQL; each test creates its own
# database in this cluster. Debian's postgresql package; the cluster lives only for this run.
command -v apt-get >/dev/null && ! ls /usr/lib/postgresql/*/bin/initdb >/dev/null 2>&1 &&
  { apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq postgresql >/dev/null; }
pg_bin=$(dirname "$(ls /usr/lib/postgresql/*/bin/initdb | sort -V | tail -n 1)")
pg_dir=$(mktemp -d)
chown postgres: "$pg_dir"
pg_port=${HEALTHPASS_TEST_POSTGRES_PORT:-54329}
runuser -u postgres -- "$pg_bin/initdb" -D "$pg_dir/data" -A trust -U postgres --no-sync >/dev/null
runuser -u postgres -- "$pg_bin/pg_ctl" -D "$pg_dir/data" -l "$pg_dir/log" -w \
  -o "-p $pg_port -k $pg_dir -c listen_addresses=127.0.0.1 -c fsync=off -c max_connections=300" start >/dev/null
trap 'runuser -u postgres -- "$pg_bin/pg_ctl" -D "$pg_dir/data" -m immediate stop >/dev/null; rm -rf "$pg_dir"' EXIT
export HEALTHPASS_TEST_POSTGRES_URL="postgres://postgres@127.0.0.1:$pg_port/postgres"

step "unit, integration and end-to-end tests"
# The end-to-end tests run the workspace's binaries, which test builds alone do not produce.
cargo build --workspace --locked
cargo nextest run --workspace --locked --no-fail-fast

step "web portal in headless Chromium (screenshots: target/portal-artifacts)"
./tests/portal/run.sh

# Reuses the dev build of the step above (only the bindings crate is rebuilt, with its test
# hooks), so the JVM step costs one kotlinc run and the JUnit run, not a second full build.
step "Kotlin on a real JVM: generated bindings and the Android presentation layer"
./scripts/kotlin-tests.sh --profile dev
