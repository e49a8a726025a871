#!/usr/bin/env python3
"""Sharded BDM Monte Carlo of EC-10 on a dask.distributed LocalCluster (2 workers × 1 thread)
against one process (`brink simulate` on 2 threads), and the per-call overhead of Python's
`brink.forecast` on a small scenario against the Rust call.

    python bench/python_shards.py [--runs 1000000] [--shards 8]

Needs the package (scripts/test-all.sh builds it into .venv) and target/release/brink. Prints the
wall times, the overhead, and whether the merged result equals the whole run (it must).
"""

import argparse
import json
import subprocess
import time
import timeit
from pathlib import Path

import brink
import brink.dask

ROOT = Path(__file__).resolve().parents[1]
EC10 = ROOT / "scenarios" / "ec-emission.toml"


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--runs", type=int, default=1_000_000)
    ap.add_argument("--shards", type=int, default=8)
    ap.add_argument("--seed", type=int, default=1)
    ap.add_argument("--skip-dask", action="store_true")
    a = ap.parse_args()
    flags = ["--model", "bdm", "--runs", str(a.runs), "--seed", str(a.seed), "--jitter", "0.1"]

    t = time.perf_counter()
    whole_text = subprocess.run(
        [str(ROOT / "target/release/brink"), "simulate", str(EC10), *flags, "--format", "json"],
        check=True, capture_output=True,
    ).stdout
    t_cli = time.perf_counter() - t
    whole = json.loads(whole_text)
    print(f"brink simulate (1 process, 2 threads), {a.runs} runs: {t_cli:.2f} s")

    t = time.perf_counter()
    py = brink.simulate(EC10, models=["bdm"], runs=a.runs, seed=a.seed, jitter=0.1)
    t_py = time.perf_counter() - t
    print(f"brink.simulate (in process): {t_py:.2f} s; equal to the CLI: {py == whole}")

    if not a.skip_dask:
        from distributed import Client, LocalCluster

        with LocalCluster(n_workers=2, threads_per_worker=1, processes=True, dashboard_address=None) as cluster, Client(cluster) as client:
            client.run(lambda: __import__("brink"))  # workers import the package before the clock
            t = time.perf_counter()
            merged = brink.dask.simulate(EC10, models=["bdm"], runs=a.runs, seed=a.seed, jitter=0.1, shards=a.shards, client=client)
            t_dask = time.perf_counter() - t
        same = json.dumps(merged) == json.dumps(whole)
        print(
            f"brink.dask.simulate, LocalCluster 2 workers × 1 thread, {a.shards} shards: {t_dask:.2f} s "
            f"({100 * (t_dask / t_cli - 1):+.1f}% against the CLI); merged == whole: {same}"
        )
        if not same:
            raise SystemExit("the merged result differs from the whole run")

    # Per-call overhead: a two-actor, one-issue scenario, the compromise model, no intervals.
    small = brink.Scenario.from_dict({
        "scenario": {"name": "small"},
        "issue": [{"id": "x", "name": "X", "scale": [0, 100]}],
        "actor": [{"id": "a", "name": "A", "capability": 1}, {"id": "b", "name": "B", "capability": 2}],
        "position": [{"actor": "a", "issue": "x", "at": 10, "salience": 1}, {"actor": "b", "issue": "x", "at": 90, "salience": 0.5}],
    })
    n = 20_000
    rust = min(brink._brink._time_forecast_rust(small, "compromise", n) for _ in range(5))
    python = min(timeit.repeat(lambda: brink.forecast(small, models="compromise", interval_runs=0), number=n, repeat=5)) / n
    print(f"forecast of a small scenario: Rust {rust * 1e6:.1f} µs/call, Python {python * 1e6:.1f} µs/call, overhead {(python - rust) * 1e6:.1f} µs")


if __name__ == "__main__":
    main()
