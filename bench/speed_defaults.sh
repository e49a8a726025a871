#!/usr/bin/env bash
# Times the default commands of issue #15's speed goals on the seed scenario: `brink forecast`
# (with its 90% intervals, and without), `brink simulate --runs 10000` (every model) and
# `brink actors`. Wall time by hyperfine when it is installed (`apt-get install hyperfine`),
# else a loop; CPU time (user + sys) by /usr/bin/time for each command; with `--instructions`,
# also callgrind's instruction counts on one thread (steady even on a loaded machine; slow:
# simulate is measured on 500 runs there).
#
# Usage: bench/speed_defaults.sh [--instructions] [--runs N]   (from the repository root)
#   BRINK=path/to/brink   the binary to time (default target/release/brink; build it first with
#                         `cargo build --release -p brink-cli`)
#   SCENARIO=file.toml    another scenario (default scenarios/iran-2026.toml)
# Figures and what they are compared against: docs/benchmarks.md.
set -euo pipefail

BRINK=${BRINK:-target/release/brink}
SCENARIO=${SCENARIO:-scenarios/iran-2026.toml}
RUNS=5
INSTRUCTIONS=0
while [ $# -gt 0 ]; do
    case "$1" in
        --instructions) INSTRUCTIONS=1 ;;
        --runs) RUNS=$2; shift ;;
        *) echo "usage: $0 [--instructions] [--runs N]" >&2; exit 2 ;;
    esac
    shift
done
[ -x "$BRINK" ] || { echo "no binary at $BRINK: cargo build --release -p brink-cli" >&2; exit 1; }
[ -f "$SCENARIO" ] || { echo "no scenario at $SCENARIO" >&2; exit 1; }

# name | command (output discarded; JSON so that no table formatting is timed)
COMMANDS=(
    "forecast|$BRINK forecast $SCENARIO --format json"
    "forecast, no intervals|$BRINK forecast $SCENARIO --interval-runs 0 --format json"
    "simulate 10000 runs|$BRINK simulate $SCENARIO --runs 10000 --format json"
    "actors|$BRINK actors $SCENARIO --format json"
)

echo "machine: $(nproc) cores, load average $(cut -d' ' -f1-3 /proc/loadavg), $(date -u +%FT%TZ)"
echo "binary: $BRINK ($(git rev-parse --short HEAD 2>/dev/null || echo '?'))"
echo

echo "## CPU time (user + sys, /usr/bin/time), one run each"
for entry in "${COMMANDS[@]}"; do
    name=${entry%%|*}
    cmd=${entry#*|}
    /usr/bin/time -f "$name: %e s wall, %U s user, %S s sys" $cmd > /dev/null
done 2>&1
echo

echo "## Wall time"
if command -v hyperfine > /dev/null; then
    args=()
    for entry in "${COMMANDS[@]}"; do
        args+=(-n "${entry%%|*}" "${entry#*|}")
    done
    hyperfine --warmup 1 --runs "$RUNS" --style basic --output null "${args[@]}"
else
    for entry in "${COMMANDS[@]}"; do
        name=${entry%%|*}
        cmd=${entry#*|}
        for _ in $(seq "$RUNS"); do
            /usr/bin/time -f "$name: %e s wall" $cmd > /dev/null
        done 2>&1
    done
fi

if [ "$INSTRUCTIONS" = 1 ]; then
    echo
    echo "## Instructions (callgrind, RAYON_NUM_THREADS=1)"
    out=$(mktemp -d)
    for entry in \
        "forecast|$BRINK forecast $SCENARIO --format json" \
        "simulate 500 runs|$BRINK simulate $SCENARIO --runs 500 --format json" \
        "actors|$BRINK actors $SCENARIO --format json"; do
        name=${entry%%|*}
        cmd=${entry#*|}
        RAYON_NUM_THREADS=1 valgrind --tool=callgrind --callgrind-out-file="$out/cg" $cmd \
            > /dev/null 2> "$out/log"
        echo "$name: $(grep -o 'Collected : [0-9]*' "$out/log" | cut -d' ' -f3) instructions"
    done
    rm -rf "$out"
fi
