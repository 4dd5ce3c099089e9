#!/usr/bin/env bash
# Builds the healthpass library (bindings/) and generates its Kotlin and Swift bindings into
# build/bindings/{kotlin,swift}. Generated code is build output and is never committed.
#
#   scripts/bindings.sh [--profile phone|release|dev] [--test-hooks]
#
# --profile    cargo profile to build. Default `phone`: the library alone, as phones ship it
#              (size-optimised, LTO; see [profile.phone] in Cargo.toml), without the core's
#              desk-tool features. uniffi reads the interface from the library's symbols, so the
#              phone profile keeps them; the bindings are generated first and the library is
#              stripped after, as Android's and Xcode's packaging would. `release` and `dev` build the whole workspace instead,
#              so features unify exactly as in `cargo nextest run --workspace` and the Kotlin
#              tests (scripts/kotlin-tests.sh) share that build.
# --test-hooks adds the method that panics on purpose, for the Kotlin tests; never ship it
#
# Prints the path of the built library on its last line (for `phone`, the stripped copy).
set -euo pipefail
cd "$(dirname "$0")/.."

profile=phone
features=()
while [ $# -gt 0 ]; do
  case "$1" in
    --profile) profile="$2"; shift 2 ;;
    --test-hooks) features=(--features healthpass-bindings/test-hooks); shift ;;
    *) echo "usage: $0 [--profile phone|release|dev] [--test-hooks]" >&2; exit 2 ;;
  esac
done

target="${CARGO_TARGET_DIR:-$PWD/target}"
case "$profile" in dev) out="$target/debug" ;; *) out="$target/$profile" ;; esac
case "$(uname -s)" in Darwin) lib="$out/libhealthpass.dylib" ;; *) lib="$out/libhealthpass.so" ;; esac

if [ "$profile" = phone ]; then
  # The library alone, so no other member's features of the core are linked into it; the
  # generator is an ordinary release binary (it does not link the core).
  cargo build --locked --profile phone -p healthpass-bindings "${features[@]}" >&2
  cargo build --locked --release -p uniffi-bindgen >&2
  bindgen="$target/release/uniffi-bindgen"
else
  cargo build --locked --profile "$profile" --workspace "${features[@]}" >&2
  bindgen="$out/uniffi-bindgen"
fi

rm -rf build/bindings/kotlin build/bindings/swift
"$bindgen" generate "$lib" --language kotlin --out-dir build/bindings/kotlin --no-format >&2
"$bindgen" generate "$lib" --language swift --out-dir build/bindings/swift --no-format >&2
if [ "$profile" = phone ]; then
  # What a phone ships: the same library without symbols (cargo's own copy keeps them).
  shipped="${lib%.*}.shipped.${lib##*.}"
  strip --strip-all -o "$shipped" "$lib"
  echo "shipped size: $(stat -c %s "$shipped") bytes" >&2
  lib="$shipped"
fi
echo "$lib"
