#!/usr/bin/env bash
# Installs the package scripts/package.sh built and checks that the installed
# app starts: it must paint its window (under Xvfb when there is no display)
# and the installed CLI must open the same database.
set -euo pipefail
cd "$(dirname "$0")/.."
deb=$(ls target/release/bundle/deb/Runrate_*.deb | tail -n 1)
as_root() { if [ "$(id -u)" = 0 ]; then "$@"; else sudo "$@"; fi; }
as_root apt-get install -y -qq "./$deb"
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
run=(env RUNRATE_DB="$work/runrate.db" RUNRATE_STARTUP_REPORT="$work/painted.json" RUNRATE_STARTUP_EXIT=1
  DBUS_SESSION_BUS_ADDRESS=disabled: /usr/bin/runrate-app)
if [ -z "${DISPLAY:-}" ]; then run=(xvfb-run -a -s "-screen 0 1280x800x24" "${run[@]}"); fi
timeout 60 "${run[@]}"
test -s "$work/painted.json" || { echo "the installed app did not paint its window" >&2; exit 1; }
echo "installed app painted: $(cat "$work/painted.json")"
/usr/bin/runrate --db "$work/runrate.db" info
