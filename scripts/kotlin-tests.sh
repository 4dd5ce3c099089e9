#!/usr/bin/env bash
# Kotlin on a real JVM: builds the library, the `healthpass` CLI and `healthpass-server`, generates the Kotlin
# bindings, compiles them with the Android shell's presentation layer and every Kotlin test in
# ONE kotlinc run (kotlinc costs ~15 s per run), then runs JUnit against the real library.
#
#   scripts/kotlin-tests.sh [--profile release|dev] [--bench]
#
# --bench also prints the median cost of one check-in called from Kotlin (CheckInTiming.kt).
#
# Installs what it needs: Debian's libjna-java, junit4, libhamcrest-java (and a Java runtime
# when there is none); kotlinc from the npm
# package kotlin-compiler into $HEALTHPASS_TOOLS (default build/tools, a cache).
# Exits non-zero when any test fails; JUnit prints "OK (N tests)" when all pass.
set -euo pipefail
shopt -s globstar nullglob
cd "$(dirname "$0")/.."

profile=release
bench=no
while [ $# -gt 0 ]; do
  case "$1" in
    --profile) profile="$2"; shift 2 ;;
    --bench) bench=yes; shift ;;
    *) echo "usage: $0 [--profile release|dev] [--bench]" >&2; exit 2 ;;
  esac
done

tools="${HEALTHPASS_TOOLS:-$PWD/build/tools}"
sudo=""; [ "$(id -u)" -eq 0 ] || sudo=sudo
packages=(libjna-java junit4 libhamcrest-java)
command -v java >/dev/null || packages+=(default-jre-headless)
if ! dpkg -s "${packages[@]}" >/dev/null 2>&1; then
  $sudo apt-get update -qq && $sudo apt-get install -y -qq "${packages[@]}"
fi
kc="$tools/node_modules/kotlin-compiler"
[ -x "$kc/bin/kotlinc" ] || npm install --prefix "$tools" --no-audit --no-fund kotlin-compiler

target="${CARGO_TARGET_DIR:-$PWD/target}"
case "$profile" in dev) out="$target/debug" ;; *) out="$target/$profile" ;; esac

# Builds the whole workspace (the library, uniffi-bindgen, the healthpass CLI that renders
# the test posters and healthpass-server) and generates the Kotlin bindings.
lib=$(scripts/bindings.sh --profile "$profile" --test-hooks | tail -n 1)

java_libs=/usr/share/java
cp_compile="$java_libs/jna.jar:$kc/lib/kotlinx-coroutines-core-jvm.jar:$kc/lib/kotlin-test.jar:$kc/lib/kotlin-test-junit.jar:$java_libs/junit4.jar"
sources=(build/bindings/kotlin android/presentation/src/main/kotlin bindings/kotlin-tests android/presentation/src/test/kotlin)
jar=build/kotlin-tests/tests.jar
mkdir -p build/kotlin-tests
echo "kotlinc: compiling bindings, presentation layer and tests" >&2
"$kc/bin/kotlinc" -nowarn -jvm-target 17 "${sources[@]}" -cp "$cp_compile" -d "$jar"

# Every class named *Test in the test sources, with its package.
classes=()
for file in bindings/kotlin-tests/**/*Test.kt android/presentation/src/test/kotlin/**/*Test.kt; do
  [ -f "$file" ] || continue
  package=$(sed -n 's/^package \([A-Za-z0-9_.]*\).*/\1/p' "$file" | head -n 1)
  for class in $(sed -n 's/^class \([A-Za-z0-9_]*Test\).*/\1/p' "$file"); do classes+=("$package.$class"); done
done

jvm=(java -Djna.library.path="$(dirname "$lib")" -Dhealthpass.cli="$out/healthpass" -Dhealthpass.server="$out/healthpass-server"
  -Dhealthpass.certs="${HEALTHPASS_CERTS:-$PWD/../shared/certs}" -Dhealthpass.venueqr="$PWD/../shared/venueqr" -Dhealthpass.rules="$PWD/core/rules"
  -Dhealthpass.android.res="$PWD/android/app/src/main/res" -Dhealthpass.ios.app="$PWD/ios/App"
  -cp "$jar:$cp_compile:$kc/lib/kotlin-stdlib.jar:$java_libs/hamcrest.jar")
"${jvm[@]}" org.junit.runner.JUnitCore "${classes[@]}"
[ "$bench" = no ] || "${jvm[@]}" org.healthpass.tests.CheckInTimingKt
