#!/usr/bin/env bash
# Builds healthpassFFI.xcframework (device + simulator static libraries with the C header
# and module map) and generates Sources/Healthpass/Healthpass.swift. macOS with Xcode only:
#   rustup target add aarch64-apple-ios aarch64-apple-ios-sim x86_64-apple-ios
#   ios/build-xcframework.sh
set -euo pipefail
cd "$(dirname "$0")/.."
[ "$(uname -s)" = Darwin ] || { echo "build-xcframework.sh needs macOS with Xcode" >&2; exit 1; }

target="${CARGO_TARGET_DIR:-$PWD/target}"
for triple in aarch64-apple-ios aarch64-apple-ios-sim x86_64-apple-ios; do
  cargo build --locked --profile phone -p healthpass-bindings --target "$triple"
done

# Swift sources and the C header/module map, from the host build of the same crate.
scripts/bindings.sh >/dev/null
cp build/bindings/swift/Healthpass.swift ios/Sources/Healthpass/Healthpass.swift
headers=ios/build/headers
rm -rf "$headers" && mkdir -p "$headers"
cp build/bindings/swift/healthpassFFI.h "$headers/"
cp build/bindings/swift/healthpassFFI.modulemap "$headers/module.modulemap"

# One simulator library for both simulator architectures.
mkdir -p ios/build/sim
lipo -create "$target/aarch64-apple-ios-sim/phone/libhealthpass.a" "$target/x86_64-apple-ios/phone/libhealthpass.a" \
  -output ios/build/sim/libhealthpass.a

rm -rf ios/build/healthpassFFI.xcframework
xcodebuild -create-xcframework \
  -library "$target/aarch64-apple-ios/phone/libhealthpass.a" -headers "$headers" \
  -library ios/build/sim/libhealthpass.a -headers "$headers" \
  -output ios/build/healthpassFFI.xcframework
echo "ios/build/healthpassFFI.xcframework"
