#!/bin/sh
# Side by side: PETRARCH2 and `brink events` on the same sentences, sentences per second each.
#
# The input is PETRARCH2's own sample, `petrarch2/data/text/GigaWord.sample.PETR.xml` (76 AFP
# sentences with their Penn parse trees), repeated R times. PETRARCH2 codes from the parse trees
# (so its figure is the coder alone; parsing with Stanford CoreNLP, which it needs for raw text,
# runs at 2-5 sentences/s and is not included); brink reads the same sentences' raw text (one per
# line) and runs its whole pipeline (tokens, tagger, syntax, actors, patterns). Both run on one
# thread. PETRARCH2's start-up (reading its dictionaries) is taken out by timing 1 copy and R
# copies; brink's start-up is taken out the same way.
#
# Needs a Python 2.7 (python2.7, python2, or pyenv's 2.7.x) and a PETRARCH2 checkout: set
# PETRARCH2_DIR, or the script clones github.com/openeventdata/petrarch2 into a temporary
# directory (never into the repository). PETRARCH2's one dependency, python-dateutil 2.2, is
# installed with pip into a temporary directory. Without Python 2 the script says so and prints
# the published figures.
#
# Usage: bench/events_vs_petrarch2.sh [R=20]      (BRINK=path/to/brink to choose the binary)
# brink codes 100 x R copies (it is that much faster; fewer would time only its start-up).
set -eu
R=${1:-20}
BRINK=${BRINK:-target/release/brink}
published() {
    echo "Published figures for PETRARCH2: ~150-250 sentences/s for the coder alone (parse trees"
    echo "given), 2-5 sentences/s end to end with Stanford CoreNLP parsing."
}

PY=""
for c in python2.7 python2 "$HOME"/.pyenv/versions/2.7*/bin/python; do
    if [ -x "$(command -v "$c" 2>/dev/null || echo "$c")" ] &&
        "$c" -c 'import sys; sys.exit(0 if sys.version_info[0] == 2 else 1)' 2>/dev/null; then
        PY=$c
        break
    fi
done
if [ -z "$PY" ]; then
    echo "No Python 2.7 found (PETRARCH2 is Python 2 only): not running it."
    published
    exit 0
fi

TMP=$(mktemp -d)
trap 'rm -rf "$TMP"' EXIT
if [ -n "${PETRARCH2_DIR:-}" ]; then
    P2=$PETRARCH2_DIR
else
    P2=$TMP/petrarch2
    if ! git clone -q --depth 1 https://github.com/openeventdata/petrarch2 "$P2" 2>/dev/null; then
        echo "Cannot fetch PETRARCH2 (no network?): set PETRARCH2_DIR to a checkout."
        published
        exit 0
    fi
fi
SAMPLE=$P2/petrarch2/data/text/GigaWord.sample.PETR.xml
if ! "$PY" -c 'import dateutil' 2>/dev/null; then
    "$PY" -m pip install -q --target "$TMP/deps" python-dateutil==2.2 2>/dev/null || {
        echo "Cannot install python-dateutil for Python 2: not running PETRARCH2."
        published
        exit 0
    }
fi

# The inputs: the sample repeated (XML for PETRARCH2, raw text for brink).
RB=$((100 * R))
"$PY" - "$SAMPLE" "$TMP" "$R" "$RB" <<'EOF'
import io, re, sys
sample, tmp, r, rb = sys.argv[1], sys.argv[2], int(sys.argv[3]), int(sys.argv[4])
xml = io.open(sample, encoding="utf-8").read()
body = xml[xml.index("<Sentences>") + len("<Sentences>"):xml.index("</Sentences>")]
texts = [" ".join(t.split()) for t in re.findall(r"<Text>(.*?)</Text>", body, re.S)]
for n in (1, r):
    with io.open("%s/in_%d.xml" % (tmp, n), "w", encoding="utf-8") as f:
        # Every copy gets its own sentence ids (PETRARCH2 keys stories by id).
        copies = [re.sub(r'id\s*=\s*"([^"]*)"', r'id ="\1-c%d"' % k, body) for k in range(n)]
        f.write(u"<Sentences>\n" + u"".join(copies) + u"</Sentences>\n")
for n in (1, rb):
    with io.open("%s/in_%d.txt" % (tmp, n), "w", encoding="utf-8") as f:
        f.write(u"\n".join(texts * n) + u"\n")
print("%d sentences x %d" % (len(texts), r))
EOF
N=$(grep -c '<Sentence ' "$TMP/in_1.xml")

now() { date +%s.%N; }
# CPU seconds (user + system) of a command, into $TMP/cpu (GNU time when there is one).
timed() {
    if [ -x /usr/bin/time ]; then
        /usr/bin/time -f "%U + %S" -o "$TMP/cpu" "$@"
    else
        "$@"
        echo 0 >"$TMP/cpu"
    fi
}
petrarch() {
    (cd "$TMP" && PYTHONPATH="$TMP/deps:$P2/petrarch2" timed "$PY" "$P2/petrarch2/petrarch2.py" \
        batch -i "$1" -o "out.txt" >/dev/null 2>&1)
}
brink() {
    timed "$BRINK" events "$1" --threads 1 --format csv >/dev/null
}
rate() { # name, function, input extension, copies
    A=$(now); $2 "$TMP/in_1.$3"; B=$(now); CPU1=$(cat "$TMP/cpu")
    $2 "$TMP/in_$4.$3"; C=$(now); CPUN=$(cat "$TMP/cpu")
    ONE=$(echo "$B - $A" | bc)
    ALL=$(echo "$C - $B" | bc)
    CPU=$(echo "($CPUN) - ($CPU1)" | bc)
    echo "$1: 1 copy $ONE s, $4 copies $ALL s wall: $(echo "($4 - 1) * $N / ($ALL - $ONE)" | bc) sentences/s without start-up"
    if [ "$(echo "$CPU > 0" | bc)" = 1 ]; then
        echo "    on CPU (user + system, start-up taken out): $(echo "($4 - 1) * $N / $CPU" | bc) sentences/s"
    fi
}
echo "load: $(uptime)"
rate "PETRARCH2 (coder alone, parse trees given)" petrarch xml "$R"
rate "brink events (whole pipeline from raw text)" brink txt "$RB"
published
