#!/usr/bin/env bash
# Builds the healthpass library (bindings/) and generates its Kotlin and Swift bindings into
# build/bindings/{kotlin,swift}. Generated code is build output and is never committed.
#
#   scripts/bindings.sh [--profile release|dev] [--test-hooks]
#
# --profile    cargo profile to build (default release; the test suite uses dev to share the
#              build of `cargo nextest run`)
# --test-hooks adds the method that panics on purpose, for the Kotlin tests; never ship it
#
# Prints the path of the built library on its last line.
set -euo pipefail
cd "$(dirname "$0")/.."

profile=release
features=()
while [ $# -gt 0 ]; do
  case "$1" in
    --profile) profile="$2"; shift 2 ;;
    --test-hooks) features=(--features healthpass-bindings/test-hooks); shift ;;
    *) echo "usage: $0 [--profile release|dev] [--test-hooks]" >&2; exit 2 ;;
  esac
done

target="${CARGO_TARGET_DIR:-$PWD/target}"
case "$profile" in dev) out="$target/debug" ;; *) out="$target/$profile" ;; esac
case "$(uname -s)" in Darwin) lib="$out/libhealthpass.dylib" ;; *) lib="$out/libhealthpass.so" ;; esac

# The whole workspace, so features unify exactly as in `cargo nextest run --workspace` and
# clippy: building a subset would unify differently and rebuild shared dependencies.
cargo build --locked --profile "$profile" --workspace "${features[@]}" >&2

rm -rf build/bindings/kotlin build/bindings/swift
"$out/uniffi-bindgen" generate "$lib" --language kotlin --out-dir build/bindings/kotlin --no-format >&2
"$out/uniffi-bindgen" generate "$lib" --language swift --out-dir build/bindings/swift --no-format >&2
echo "$lib"
