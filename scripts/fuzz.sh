#!/usr/bin/env bash
# Fuzzes the readers of untrusted input: the spreadsheet, CSV and JSON imports,
# the amount parser and the pack verifier (cargo-fuzz, nightly, AddressSanitizer).
#   scripts/fuzz.sh            20 seconds per target over the stored corpus (CI)
#   scripts/fuzz.sh 3600       an hour per target
# New inputs that reach new code go to fuzz/corpus-run/<target>/ (not stored);
# a crash leaves its input in fuzz/artifacts/<target>/ and fails the run.
set -euo pipefail
cd "$(dirname "$0")/../fuzz"
seconds="${1:-20}"
targets=(spreadsheet csv json amount pack_verify)

cargo +nightly fuzz build -O --fuzz-dir .

summary=()
for target in "${targets[@]}"; do
  mkdir -p "corpus-run/$target"
  log="corpus-run/$target.log"
  echo "==> fuzz $target for ${seconds}s"
  if ! cargo +nightly fuzz run -O --fuzz-dir . "$target" "corpus-run/$target" "corpus/$target" -- \
      -max_total_time="$seconds" -timeout=10 -rss_limit_mb=2048 -print_final_stats=1 >"$log" 2>&1; then
    tail -n 40 "$log"
    echo "fuzz target '$target' failed: see fuzz/$log and fuzz/artifacts/$target/" >&2
    exit 1
  fi
  runs=$(grep -o 'stat::number_of_executed_units: *[0-9]*' "$log" | grep -o '[0-9]*$' || echo '?')
  speed=$(grep -o 'stat::average_exec_per_sec: *[0-9]*' "$log" | grep -o '[0-9]*$' || echo '?')
  corpus=$(grep -o 'corp: [0-9]*' "$log" | tail -n 1 | grep -o '[0-9]*' || echo '?')
  cover=$(grep -o 'cov: [0-9]*' "$log" | tail -n 1 | grep -o '[0-9]*' || echo '?')
  summary+=("$(printf '%-12s %10s runs %8s/s  corpus %5s  coverage %6s  crashes 0' "$target" "$runs" "$speed" "$corpus" "$cover")")
done
printf '\n%s\n' "${summary[@]}"
