#!/usr/bin/env bash
# Builds the installable package: target/release/bundle/deb/Runrate_<version>_<arch>.deb
# (the desktop app with its icon and menu entry, and the `runrate` command line).
# Install it with: sudo apt install ./target/release/bundle/deb/Runrate_*.deb
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/setup.sh app
export PATH="$HOME/.cargo/bin:$(npm prefix -g)/bin:$PATH"
(cd ui && npm ci --no-audit --no-fund >/dev/null)
# The Tauri CLI finds src-tauri/ from the repository root; it runs the UI's
# build (beforeBuildCommand) in ui/ itself.
ui/node_modules/.bin/tauri build --bundles deb
ls -l target/release/bundle/deb/*.deb
