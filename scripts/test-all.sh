#!/usr/bin/env bash
# Every test: the Rust workspace (cargo test), then the Python package's (pytest) in a virtual
# environment this script creates (.venv, or $BRINK_VENV): it installs maturin, pytest and the
# optional libraries from PyPI, builds the wheel (abi3) with maturin, installs it and runs
# crates/brink-py/tests against target/release/brink.
#   scripts/test-all.sh            # both
#   scripts/test-all.sh --python   # the Python part only
set -euo pipefail
cd "$(dirname "$0")/.."
if [[ "${1:-}" != "--python" ]]; then
    cargo test --workspace --release
fi
VENV="${BRINK_VENV:-$PWD/.venv}"
PYTHON="${PYTHON:-python3}"
[[ -x "$VENV/bin/python" ]] || "$PYTHON" -m venv "$VENV"
"$VENV/bin/python" -m pip install --quiet --upgrade pip
"$VENV/bin/python" -m pip install --quiet "maturin>=1.5,<2" pytest numpy pandas dask distributed
cargo build --release -p brink-cli
rm -rf target/wheels
PYO3_PYTHON="$VENV/bin/python" "$VENV/bin/maturin" build --release -m crates/brink-py/Cargo.toml \
    --interpreter "$VENV/bin/python" --out target/wheels --quiet
"$VENV/bin/python" -m pip install --quiet --force-reinstall --no-deps target/wheels/brink-*.whl
# From outside the source tree, so the installed wheel (not python/brink/) is what is imported.
cd crates/brink-py/tests
"$VENV/bin/python" -m pytest -q -p no:cacheprovider .
