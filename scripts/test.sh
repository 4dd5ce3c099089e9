#!/usr/bin/env bash
# Runs every test on a fresh Debian machine with the Rust toolchain: installs what is missing,
# builds the workspace once and runs all suites against that one build.
set -euo pipefail
cd "$(dirname "$0")/.."
export CARGO_TERM_COLOR=never

step() { printf '\n== %s\n' "$*"; }

step "tools"
command -v cargo-nextest >/dev/null || cargo install --locked cargo-nextest
command -v cargo-fuzz >/dev/null || cargo install --locked cargo-fuzz

step "format and lints"
cargo fmt --all --check
cargo clippy --workspace --all-targets --locked -- -D warnings

step "fuzz targets (short smoke run each; long runs: scripts/fuzz.sh)"
FUZZ_SECONDS=15 ./scripts/fuzz.sh

step "unit, integration and end-to-end tests"
# The end-to-end tests run the workspace's binaries, which test builds alone do not produce.
cargo build --workspace --locked
cargo nextest run --workspace --locked --no-fail-fast
