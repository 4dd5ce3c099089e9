#!/usr/bin/env bash
# Runs every cargo-fuzz target listed in fuzz/Cargo.toml on stable Rust, each from a corpus
# seeded with the shared test vectors (fuzz/seed_corpora.py), and prints the runs each made.
#   FUZZ_SECONDS=60      time box per target (default 60 when FUZZ_RUNS is not set);
#   FUZZ_RUNS=10000000   a number of runs per target; with FUZZ_SECONDS too, whichever comes
#                        first ("10 million runs or an hour": FUZZ_RUNS=10000000 FUZZ_SECONDS=3600);
#   FUZZ_SANITIZER=none  (default) or address: AddressSanitizer, via RUSTC_BOOTSTRAP=1;
#   FUZZ_TARGETS="hc1 nzcp"  only these targets.
# A crash leaves fuzz/artifacts/TARGET/crash-… and makes this script fail after the summary.
set -euo pipefail
cd "$(dirname "$0")/../fuzz"
sanitizer="${FUZZ_SANITIZER:-none}"
limit=()
[[ -n "${FUZZ_RUNS:-}" ]] && limit+=(-runs="$FUZZ_RUNS")
[[ -n "${FUZZ_SECONDS:-}" || -z "${FUZZ_RUNS:-}" ]] && limit+=(-max_total_time="${FUZZ_SECONDS:-60}")
case "$sanitizer" in
  none) run=(cargo fuzz run --sanitizer none) ;;
  address) run=(env RUSTC_BOOTSTRAP=1 cargo fuzz run --sanitizer address) ;;
  *) echo "FUZZ_SANITIZER must be none or address" >&2; exit 2 ;;
esac
python3 seed_corpora.py ../../shared corpus
log=$(mktemp)
trap 'rm -f "$log"' EXIT
summary=()
failed=()
for target in ${FUZZ_TARGETS:-$(cargo fuzz list)}; do
  echo "fuzzing $target (${limit[*]}, sanitizer $sanitizer)"
  mkdir -p "corpus/$target"
  if "${run[@]}" "$target" "corpus/$target" -- "${limit[@]}" >"$log" 2>&1; then
    outcome=ok
  else
    tail -n 40 "$log"
    outcome=FAILED
    failed+=("$target")
  fi
  # libFuzzer ends with "Done N runs in S second(s)"; a crash ends earlier, at its last "#N".
  runs=$(grep -oE "^Done [0-9]+ runs in [0-9]+" "$log" | tail -n 1 | awk '{print $2, $5}' || true)
  [[ -n "$runs" ]] || runs="$(grep -oE "^#[0-9]+" "$log" | tail -n 1 | tr -d '#' || true) ?"
  summary+=("$(printf '%-20s %-7s %s' "$target" "$outcome" "$runs")")
done
echo
echo "target               outcome runs seconds"
printf '%s\n' "${summary[@]}"
if ((${#failed[@]})); then
  echo "fuzz targets failed: ${failed[*]}"
  exit 1
fi
