"""Shared fixtures of the Python tests: the repository, the `brink` binary to compare with, and
../shared (tests that need it skip loudly without it)."""

import json
import os
import subprocess
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[3]
SHARED = Path(os.environ.get("BRINK_SHARED", ROOT.parent / "shared"))


def brink_bin() -> Path:
    path = Path(os.environ.get("BRINK_BIN", ROOT / "target" / "release" / "brink"))
    if not path.exists():
        pytest.fail(f"the brink binary is missing at {path}: cargo build --release -p brink-cli (or set BRINK_BIN)")
    return path


def cli(*args: str) -> bytes:
    """Runs the CLI; its stdout bytes (fails the test on a non-zero exit)."""
    out = subprocess.run([str(brink_bin()), *map(str, args)], capture_output=True)
    assert out.returncode == 0, out.stderr.decode()
    return out.stdout


def cli_json(*args: str):
    return json.loads(cli(*args, "--format", "json"))


def shared(*parts: str) -> Path:
    path = SHARED.joinpath(*parts)
    if not path.exists():
        print(f"\nSKIPPED (loudly): {path} is missing; the test needs ../shared")
        pytest.skip(f"{path} missing (../shared)")
    return path


@pytest.fixture
def ec10() -> Path:
    return ROOT / "scenarios" / "ec-emission.toml"
