#!/usr/bin/env bash
# Installs what Runrate needs on Debian/Ubuntu, skipping whatever is present.
#   scripts/setup.sh app    build and run the desktop app
#   scripts/setup.sh test   also the headless test tools (Xvfb, WebKitWebDriver, tauri-driver, cargo-deny,
#                           nightly Rust and cargo-fuzz)
set -euo pipefail
cd "$(dirname "$0")/.."
mode="${1:-app}"

export DEBIAN_FRONTEND=noninteractive
BUILD_PKGS="libwebkit2gtk-4.1-dev libgtk-3-dev librsvg2-dev libsoup-3.0-dev \
  libayatana-appindicator3-dev libxdo-dev libssl-dev build-essential file pkg-config curl ca-certificates"
TEST_PKGS="xvfb xauth webkit2gtk-driver dbus-x11 openssl openssh-client"

as_root() {
  if [ "$(id -u)" = 0 ]; then "$@"; else sudo "$@"; fi
}

pkgs="$BUILD_PKGS"
[ "$mode" = test ] && pkgs="$pkgs $TEST_PKGS"
command -v node >/dev/null 2>&1 || pkgs="$pkgs nodejs npm"
missing=""
for p in $pkgs; do
  dpkg -s "$p" >/dev/null 2>&1 || missing="$missing $p"
done
if [ -n "$missing" ]; then
  echo "Installing system packages:$missing"
  as_root apt-get update -qq
  # shellcheck disable=SC2086
  as_root apt-get install -y -qq --no-install-recommends $missing
fi

# Node 20.19 or newer (Vite 8). Debian 12 and Ubuntu 24.04 ship Node 18, so an
# older Node is replaced by Node 22 from the npm registry (the `node` package).
node_ok() {
  node -e 'const [a,b]=process.versions.node.split(".").map(Number); process.exit(a>20||(a===20&&b>=19)?0:1)'
}
if ! node_ok; then
  echo "Node.js $(node --version) is too old for the UI; installing Node.js 22 from the npm registry"
  as_root npm install -g --no-audit --no-fund node@22
  export PATH="$(npm prefix -g)/bin:$PATH"
  hash -r
  if ! node_ok; then
    echo "Runrate's UI needs Node.js 20.19 or newer; found $(node --version)." >&2
    exit 2
  fi
fi

# Rust through rustup when cargo is missing.
if ! command -v cargo >/dev/null 2>&1; then
  if [ -x "$HOME/.cargo/bin/cargo" ]; then
    export PATH="$HOME/.cargo/bin:$PATH"
  else
    echo "Installing Rust (rustup, stable toolchain)"
    curl --proto '=https' --tlsv1.2 -sSf https://sh.rustup.rs | sh -s -- -y --profile minimal -c rustfmt,clippy
    export PATH="$HOME/.cargo/bin:$PATH"
  fi
fi
rustup component list --installed 2>/dev/null | grep -q rustfmt || rustup component add rustfmt clippy 2>/dev/null || true

if [ "$mode" = test ] && ! command -v tauri-driver >/dev/null 2>&1; then
  echo "Installing tauri-driver"
  cargo install tauri-driver --locked --version 2.1.0
fi

if [ "$mode" = test ] && ! command -v cargo-deny >/dev/null 2>&1; then
  echo "Installing cargo-deny (dependency licences and sources)"
  cargo install cargo-deny --locked --version 0.20.2
fi

# Fuzzing: cargo-fuzz builds with a nightly toolchain (sanitizer flags).
if [ "$mode" = test ]; then
  if ! rustup toolchain list 2>/dev/null | grep -q '^nightly'; then
    echo "Installing the nightly Rust toolchain (for cargo-fuzz)"
    rustup toolchain install nightly --profile minimal
  fi
  if ! command -v cargo-fuzz >/dev/null 2>&1; then
    echo "Installing cargo-fuzz"
    cargo install cargo-fuzz --locked --version 0.13.2
  fi
fi

# The UI's packages, exactly as locked.
if [ ! -d ui/node_modules ] || [ ui/package-lock.json -nt ui/node_modules/.package-lock.json ]; then
  (cd ui && npm ci --no-audit --no-fund)
fi
