#!/usr/bin/env python3
"""Start-up benchmark of the desktop app: time to first paint and idle memory.

Usage (under an X server, e.g. `xvfb-run -a -s "-screen 0 1280x800x24"`):

    python3 benches/startup.py [APP] [--runs N] [--cli RUNRATE]

APP defaults to target/release/runrate-app. Each run starts the app on a new
database with RUNRATE_STARTUP_REPORT set; the window reports the moment it has
painted (two animation frames after the first render) and, with
RUNRATE_STARTUP_EXIT=1, quits. Start-up is measured from just before the
process is spawned to that moment, so it includes loading the libraries,
opening and migrating the database and starting WebKit.

Memory: the app is started once more on a database holding the demo, left
idle for ten seconds after its first paint, and the proportional set size
(PSS, so shared pages are not counted twice) of the app and every process it
started (WebKit's web and network processes) is summed.
"""

import argparse
import json
import os
import shutil
import signal
import statistics
import subprocess
import sys
import tempfile
import time

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))


def now_ms() -> float:
    return time.time() * 1000.0


def start(app: str, db: str, report: str, exit_after: bool) -> subprocess.Popen:
    env = dict(os.environ)
    env.update(
        RUNRATE_DB=db,
        RUNRATE_STARTUP_REPORT=report,
        RUNRATE_KEY_STORE="file",
        # Each run is its own instance: no single-instance hand-over.
        DBUS_SESSION_BUS_ADDRESS="disabled:",
    )
    if exit_after:
        env["RUNRATE_STARTUP_EXIT"] = "1"
    return subprocess.Popen(
        [app], env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, start_new_session=True
    )


def wait_for(path: str, proc: subprocess.Popen, timeout: float) -> dict:
    deadline = time.time() + timeout
    while time.time() < deadline:
        if os.path.exists(path) and os.path.getsize(path) > 0:
            with open(path, encoding="utf-8") as f:
                return json.load(f)
        if proc.poll() is not None and not os.path.exists(path):
            raise RuntimeError(f"the app exited with {proc.returncode} before painting")
        time.sleep(0.005)
    raise RuntimeError("the app did not paint in time")


def tree(pid: int) -> list:
    """`pid` and every process below it."""
    children = {}
    for entry in os.listdir("/proc"):
        if not entry.isdigit():
            continue
        try:
            with open(f"/proc/{entry}/stat", encoding="utf-8") as f:
                fields = f.read().rsplit(")", 1)[1].split()
            children.setdefault(int(fields[1]), []).append(int(entry))
        except (OSError, IndexError, ValueError):
            continue
    out, todo = [], [pid]
    while todo:
        p = todo.pop()
        out.append(p)
        todo.extend(children.get(p, []))
    return out


def pss_kb(pid: int) -> int:
    try:
        with open(f"/proc/{pid}/smaps_rollup", encoding="utf-8") as f:
            for line in f:
                if line.startswith("Pss:"):
                    return int(line.split()[1])
    except OSError:
        pass
    return 0


def name(pid: int) -> str:
    try:
        with open(f"/proc/{pid}/comm", encoding="utf-8") as f:
            return f.read().strip()
    except OSError:
        return "?"


def stop(proc: subprocess.Popen) -> None:
    if proc.poll() is None:
        os.killpg(proc.pid, signal.SIGTERM)
        try:
            proc.wait(timeout=10)
        except subprocess.TimeoutExpired:
            os.killpg(proc.pid, signal.SIGKILL)
            proc.wait()


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("app", nargs="?", default=os.path.join(ROOT, "target/release/runrate-app"))
    parser.add_argument("--runs", type=int, default=7)
    parser.add_argument("--cli", default=os.path.join(ROOT, "target/release/runrate"))
    parser.add_argument("--idle", type=float, default=10.0, help="seconds idle before memory is read")
    args = parser.parse_args()
    if not os.environ.get("DISPLAY"):
        print("No X display: run under xvfb-run", file=sys.stderr)
        return 2
    for path in (args.app, args.cli):
        if not os.access(path, os.X_OK):
            print(f"{path} is not built", file=sys.stderr)
            return 2

    work = tempfile.mkdtemp(prefix="runrate-startup-")
    try:
        starts = []
        for run in range(args.runs):
            db = os.path.join(work, f"run{run}.db")
            report = os.path.join(work, f"run{run}.json")
            began = now_ms()
            proc = start(args.app, db, report, exit_after=True)
            try:
                painted = wait_for(report, proc, 60)
            finally:
                stop(proc)
            starts.append(painted["painted_unix_ms"] - began)
            print(f"run {run + 1}: first paint after {starts[-1]:.0f} ms", flush=True)

        demo_db = os.path.join(work, "demo.db")
        subprocess.run(
            [args.cli, "--db", demo_db, "demo"], check=True, stdout=subprocess.DEVNULL,
            env=dict(os.environ, RUNRATE_KEY_STORE="file"),
        )
        report = os.path.join(work, "idle.json")
        proc = start(args.app, demo_db, report, exit_after=False)
        try:
            wait_for(report, proc, 60)
            time.sleep(args.idle)
            parts = [(p, name(p), pss_kb(p)) for p in tree(proc.pid)]
        finally:
            stop(proc)
        total_mb = sum(kb for _, _, kb in parts) / 1024.0

        print()
        print(f"first paint, first run (cold caches only if dropped beforehand): {starts[0]:.0f} ms")
        print(f"first paint, median of {len(starts)} runs: {statistics.median(starts):.0f} ms "
              f"(min {min(starts):.0f}, max {max(starts):.0f})")
        print(f"idle process tree after {args.idle:.0f} s on the demo database: {total_mb:.1f} MB PSS")
        for pid, comm, kb in sorted(parts, key=lambda p: -p[2]):
            print(f"  {comm:<24} {kb / 1024.0:7.1f} MB")
        print(json.dumps({
            "first_paint_ms": starts,
            "first_paint_median_ms": statistics.median(starts),
            "idle_pss_mb": round(total_mb, 1),
            "processes": {comm: round(kb / 1024.0, 1) for _, comm, kb in parts},
        }))
    finally:
        shutil.rmtree(work, ignore_errors=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
