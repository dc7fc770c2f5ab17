#!/usr/bin/env bash
# Sets up whatever is missing, builds Runrate and opens the desktop app.
# The database lives in the OS app-data folder unless RUNRATE_DB points elsewhere.
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/setup.sh app
export PATH="$HOME/.cargo/bin:$(npm prefix -g)/bin:$PATH"
(cd ui && npm run build)
cargo build --release -p runrate-app -p runrate
exec target/release/runrate-app "$@"
