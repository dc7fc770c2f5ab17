#!/usr/bin/env python3
"""What a budget owner's analyst does today, timed on Runrate's generated data.

Optional, not part of CI. Run `cargo bench --bench scale` first (it writes the
data to target/bench-scale/), then, with pandas and openpyxl installed:

    python3 benches/pandas_compare.py [--rounds 3] [--dir target/bench-scale]

For the 200k-row showback workbook it times pandas.read_excel with openpyxl
(the default engine) and a month-by-department total; for the 1M-row usage
export it times pandas.read_csv and writing the frame to SQLite with to_sql.
Each step runs in a fresh interpreter so each has its own peak memory; the
medians are printed as Markdown rows for BENCHMARKS.md.
"""

import argparse
import json
import os
import statistics
import subprocess
import sys
import time

STEPS = {
    "read_excel (openpyxl), 200k-row showback": """
import pandas as pd
frame = pd.read_excel(os.path.join(DIR, "showback.xlsx"), engine="openpyxl")
totals = frame.groupby(["Month", "Department"])["Amount"].sum()
rows = len(frame)
""",
    "read_csv, 1M-row usage export": """
import pandas as pd
frame = pd.read_csv(os.path.join(DIR, "usage.csv"))
rows = len(frame)
""",
    "read_csv + to_sql (sqlite3), 1M-row usage export": """
import sqlite3
import pandas as pd
frame = pd.read_csv(os.path.join(DIR, "usage.csv"))
path = os.path.join(DIR, "run-pandas.db")
if os.path.exists(path):
    os.remove(path)
with sqlite3.connect(path) as db:
    frame.to_sql("usage", db, index=False, chunksize=10000)
os.remove(path)
rows = len(frame)
""",
}

CHILD = """
import os, resource, time, json
DIR = {dir!r}
started = time.perf_counter()
{body}
seconds = time.perf_counter() - started
peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
print(json.dumps({{"seconds": seconds, "peak_mb": peak, "rows": rows}}))
"""


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--dir", default=os.path.join(os.path.dirname(__file__), "..", "target", "bench-scale"))
    args = parser.parse_args()
    data = os.path.abspath(args.dir)
    if not os.path.exists(os.path.join(data, "showback.xlsx")):
        sys.exit(f"no generated data in {data}: run `cargo bench --bench scale` first")
    results = {name: [] for name in STEPS}
    for _ in range(args.rounds):
        for name, body in STEPS.items():
            code = CHILD.format(dir=data, body=body)
            out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
            figures = json.loads(out.stdout.strip().splitlines()[-1])
            print(f"{name}: {figures}", file=sys.stderr)
            results[name].append(figures)
    import pandas
    import openpyxl

    print(f"\npandas {pandas.__version__}, openpyxl {openpyxl.__version__}, Python {sys.version.split()[0]}\n")
    print("| Step | Rows | Median s | Min–max s | Peak RSS MB |")
    print("|---|---|---|---|---|")
    for name, runs in results.items():
        seconds = [r["seconds"] for r in runs]
        print(
            f"| {name} | {runs[0]['rows']:,} | {statistics.median(seconds):.2f} | "
            f"{min(seconds):.2f}–{max(seconds):.2f} | {max(r['peak_mb'] for r in runs):.0f} |"
        )


if __name__ == "__main__":
    main()
