#!/usr/bin/env bash
# Kills a check-in writer a thousand times (or $1 times) and checks no acknowledged check-in is lost.
set -euo pipefail
cd "$(dirname "$0")/.."
cargo build --release --workspace
CRASH_KILLS="${1:-1000}" cargo test --release -p healthpass-e2e --test crash_safety -- --nocapture
