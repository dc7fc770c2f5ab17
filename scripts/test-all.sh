#!/usr/bin/env bash
# Sets up whatever is missing and runs every check CI runs: formatting, lints,
# engine and CLI tests, UI type check and unit tests, a short fuzzing run, the
# million-row workbook, the desktop build and the end-to-end test that drives
# the real window under Xvfb.
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/setup.sh test
export PATH="$HOME/.cargo/bin:$(npm prefix -g)/bin:$PATH" CARGO_TERM_COLOR=never

step() { printf '\n==> %s\n' "$*"; }

step "UI: type check, unit tests, build"
(cd ui && npm run typecheck && npm test && npm run build)

step "Rust: formatting"
cargo fmt --all --check

step "Rust: lints"
cargo clippy --workspace --all-targets -- -D warnings

step "Dependencies: licences, bans and sources (deny.toml)"
cargo deny check licenses bans sources

step "Engine, CLI and app tests"
cargo test --workspace --exclude runrate-e2e

step "Fuzzing: each target for 20 s over its stored corpus (nightly, AddressSanitizer)"
scripts/fuzz.sh 20

step "A valid 1,000,000-row x 20-column workbook still imports (release build)"
RUNRATE_BIG_SHEET_ROWS=1000000 cargo test --release --test engine \
  hostile::a_valid_sheet_of_a_million_rows -- --nocapture

step "Desktop app and CLI build"
cargo build -p runrate-app -p runrate

step "End to end: the real window under Xvfb"
# CI=true makes a missing prerequisite fail the run instead of skipping.
CI=true xvfb-run -a -s "-screen 0 1280x800x24 -nolisten tcp" \
  cargo test -p runrate-e2e -- --nocapture --test-threads=1
echo "Screenshots: target/e2e-shots/"
