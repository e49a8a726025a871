#!/bin/sh
# Times `brink events` on a batch of N articles (copies of the seed report, or of any text file
# given as $2) with 1 and with 2 threads, and reports sentences per second and the scaling; the
# peak memory (GNU time's maximum resident set) shows that it stays flat in N.
#
# Usage: bench/events_batch.sh [N=1000] [ARTICLE=../shared/seed/us-iran-talks-2026-02-16.txt]
# (PETRARCH2, for comparison: ~150-250 sentences/s for its coder alone, 2-5/s with CoreNLP.)
set -eu
echo "load: $(uptime)"
N=${1:-1000}
ARTICLE=${2:-../shared/seed/us-iran-talks-2026-02-16.txt}
BRINK=${BRINK:-target/release/brink}
DIR=$(mktemp -d)
trap 'rm -rf "$DIR"' EXIT
i=0
while [ "$i" -lt "$N" ]; do
    cp "$ARTICLE" "$DIR/$(printf '%05d' "$i").txt"
    i=$((i + 1))
done
SENTENCES=$("$BRINK" events "$ARTICLE" --format json | grep -m1 '"sentences"' | tr -dc '0-9')
TOTAL=$((SENTENCES * N))
for T in 1 2; do
    START=$(date +%s.%N)
    if command -v /usr/bin/time >/dev/null; then
        /usr/bin/time -f "  peak memory %M KiB, CPU %U s user + %S s system (on a loaded machine the\n  CPU time, not the wall time, is the figure to compare)" "$BRINK" events "$DIR" --threads "$T" --format csv > /dev/null
    else
        "$BRINK" events "$DIR" --threads "$T" --format csv > /dev/null
    fi
    END=$(date +%s.%N)
    echo "$N articles, $TOTAL sentences, $T thread(s): $(echo "$END - $START" | bc) s, $(echo "$TOTAL / ($END - $START)" | bc) sentences/s"
done
