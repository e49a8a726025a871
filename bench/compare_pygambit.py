#!/usr/bin/env python3
"""Times brink's game solvers against pygambit on the same games and prints the ratio.

The games are ../shared/reference/games/random/ (random bimatrix games with payoffs 0-99, and
random two-player trees). brink is timed through its CLI (`target/release/brink game solve
--timing`, which reports the solver's own wall time, as pygambit's figures are in-process
solver times). pygambit is timed in-process when it is installed
(`pip install pygambit`; it builds from source in about 5 minutes); otherwise the ratio is taken
against the medians pygambit 16.7.0 recorded on this machine in timings_here.csv.

Every random tree is included (31 to 9,841 nodes: brink's sequence-form lcp pivots sparsely
from 100 LCP rows). `--method lcp --kind efg` restricts the run to the trees' lcp rows.

Usage: bench/compare_pygambit.py [--brink PATH] [--shared DIR] [--repeat N] [--cap SECONDS]
                                 [--method M]... [--kind nfg|efg]
"""
import argparse
import csv
import os
import statistics
import subprocess
import sys
import time

# (timings_here.csv solver, brink method, brink flags, pygambit call)
CASES = [
    ("gambit_enummixed_rational", "enummixed", ["--exact"], "enummixed_rational"),
    ("gambit_enummixed_float", "enummixed", [], "enummixed_float"),
    ("gambit_lcp_float", "lcp", [], "lcp_float"),
    ("gambit_logit", "logit", [], "logit"),
]


def time_brink(brink, game, method, flags, repeat, cap):
    """Median solver time (from --timing) and the number of equilibria printed."""
    times = []
    count = None
    for _ in range(repeat):
        try:
            out = subprocess.run([brink, "game", "solve", game, "--method", method, "--timing", *flags],
                                 capture_output=True, text=True, timeout=cap)
        except subprocess.TimeoutExpired:
            return None, None
        if out.returncode != 0:
            sys.stderr.write(f"brink failed on {game} {method}: {out.stderr}\n")
            return None, None
        solver = [line for line in out.stderr.splitlines() if line.startswith("time: ")]
        times.append(float(solver[0].split()[1]))
        count = sum(1 for line in out.stdout.splitlines() if line.startswith("NE,"))
    return statistics.median(times), count


# Run in a child process so that the cap applies to pygambit too (its sequence-form lcp runs
# for hours on the larger trees).
PYGAMBIT_CALL = """
import sys, time
import pygambit as gbt
kind, path = sys.argv[1], sys.argv[2]
g = gbt.read_efg(path) if path.endswith(".efg") else gbt.read_nfg(path)
start = time.perf_counter()
if kind == "enummixed_rational":
    r = gbt.nash.enummixed_solve(g, rational=True)
elif kind == "enummixed_float":
    r = gbt.nash.enummixed_solve(g, rational=False)
elif kind == "lcp_float":
    r = gbt.nash.lcp_solve(g, rational=False)
else:
    r = gbt.nash.logit_solve(g)
print(time.perf_counter() - start, len(r.equilibria))
"""


def pygambit_runner(cap):
    try:
        import pygambit as gbt  # noqa: F401
    except ImportError:
        return None

    def run(kind, path):
        try:
            out = subprocess.run([sys.executable, "-c", PYGAMBIT_CALL, kind, path],
                                 capture_output=True, text=True, timeout=cap, check=True)
        except subprocess.TimeoutExpired:
            return None, "timeout"
        t, n = out.stdout.split()
        return float(t), int(n)

    return run


def main():
    here = os.path.dirname(os.path.abspath(__file__))
    ap = argparse.ArgumentParser()
    ap.add_argument("--brink", default=os.path.join(here, "..", "target", "release", "brink"))
    ap.add_argument("--shared", default=os.environ.get("BRINK_SHARED", os.path.join(here, "..", "..", "shared")))
    ap.add_argument("--repeat", type=int, default=3)
    ap.add_argument("--cap", type=float, default=60.0)
    ap.add_argument("--method", action="append",
                    help="only these brink methods (repeatable: enummixed, lcp, logit)")
    ap.add_argument("--kind", choices=["nfg", "efg"], help="only strategic games or only trees")
    args = ap.parse_args()
    rnd = os.path.join(args.shared, "reference", "games", "random")
    if not os.path.isdir(rnd):
        sys.exit(f"no reference games at {rnd} (set --shared)")
    if not os.path.exists(args.brink):
        sys.exit(f"build brink first: cargo build --release -p brink-cli ({args.brink} missing)")
    recorded = {}
    with open(os.path.join(rnd, "timings_here.csv")) as f:
        for row in csv.DictReader(f):
            recorded[(row["solver"], row["game"])] = row
    live = pygambit_runner(args.cap)
    print("pygambit: " + ("installed, timed live" if live else "not installed; using timings_here.csv (pygambit 16.7.0, this machine)"))
    print(f"{'solver':<28}{'game':<26}{'brink s':>10}{'#eq':>5}{'gambit s':>11}{'#eq':>5}{'ratio':>9}")
    games = sorted(f[:-4] for f in os.listdir(rnd) if f.endswith(".nfg"))
    games.sort(key=lambda g: int(g.split("_")[2].split("x")[0]))
    trees = [("gambit_lcp_float", "lcp", [], "lcp_float"), ("gambit_logit", "logit", [], "logit")]
    jobs = [(c, g + ".nfg") for c in CASES for g in games]
    tree_games = sorted((f[:-4] for f in os.listdir(rnd) if f.endswith(".efg")),
                        key=lambda g: os.path.getsize(os.path.join(rnd, g + ".efg")))
    jobs += [(c, g + ".efg") for c in trees for g in tree_games]
    for (solver, method, flags, kind), fname in jobs:
        if args.method and method not in args.method:
            continue
        if args.kind and not fname.endswith("." + args.kind):
            continue
        game = fname[:-4]
        path = os.path.join(rnd, fname)
        if method == "logit" and fname.endswith(".efg") and os.path.getsize(path) > 20000:
            continue
        bt, bn = time_brink(args.brink, path, method, flags, args.repeat, args.cap)
        if live:
            try:
                gt, gn = live(kind, path)
            except Exception as e:  # noqa: BLE001
                gt, gn = None, f"err {e}"
        else:
            row = recorded.get((solver, game), {})
            gt = float(row["median_s"]) if row.get("median_s") else None
            gn = row.get("n_equilibria") or row.get("status", "-")
        ratio = f"{gt / bt:8.1f}x" if bt and gt else ("  >cap/bt" if bt and not gt else "      -")
        bts = f"{bt:10.4f}" if bt is not None else f"{'>' + str(int(args.cap)):>10}"
        gts = f"{gt:11.4f}" if gt is not None else f"{'-':>11}"
        print(f"{solver:<28}{game:<26}{bts}{str(bn or '-'):>5}{gts}{str(gn):>5}{ratio}")
        sys.stdout.flush()


if __name__ == "__main__":
    main()
