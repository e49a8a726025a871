"""Sharded simulation: the parts merge into the whole run's result, byte for byte (Python and
CLI), on EC-10 with BDM."""

import json
import random

import pytest

import brink
from conftest import cli

RUNS = 10_000
ARGS = dict(models=["bdm"], runs=RUNS, seed=17, jitter=0.1)


def test_python_parts_merge_into_the_whole_run(ec10):
    whole = brink.simulate(ec10, **ARGS)
    parts = [brink.simulate(ec10, shard=(k, 8), **ARGS) for k in range(8)]
    random.Random(1).shuffle(parts)
    merged = brink.merge(parts)
    assert json.dumps(merged) == json.dumps(whole)
    # Byte-identical to the CLI's whole run.
    want = cli("simulate", ec10, "--model", "bdm", "--runs", RUNS, "--seed", 17, "--jitter", 0.1, "--format", "json")
    assert merged == json.loads(want)


def test_cli_parts_merge_byte_for_byte_and_python_reads_them(ec10, tmp_path):
    flags = ["--model", "bdm", "--runs", RUNS, "--seed", 17, "--jitter", 0.1]
    files = []
    for k in range(8):
        f = tmp_path / f"part{k}.json"
        cli("simulate", ec10, *flags, "--shard", f"{k}/8", "--output", f)
        files.append(f)
    whole = cli("simulate", ec10, *flags, "--format", "json")
    assert cli("merge", *reversed(files), "--format", "json") == whole
    # Parts written by the CLI merge in Python too, and Python's parts equal the CLI's.
    assert brink.merge(files) == json.loads(whole)
    assert brink.simulate(ec10, shard="3/8", **ARGS) == files[3].read_text()


def test_draws_are_kept_on_request(ec10):
    part = json.loads(brink.simulate(ec10, shard=(0, 4), draws=True, **ARGS))
    assert len(part["draws"]) == 16 * (RUNS // 4) * len(part["inputs"])
    assert "draws" not in json.loads(brink.simulate(ec10, shard=(0, 4), **ARGS))


def test_incomplete_or_foreign_parts_are_refused(ec10):
    parts = [brink.simulate(ec10, shard=(k, 3), **ARGS) for k in range(3)]
    with pytest.raises(brink.UsageError, match="missing"):
        brink.merge(parts[:2])
    other = brink.simulate(ec10, shard=(2, 3), **{**ARGS, "seed": 18})
    with pytest.raises(brink.UsageError, match="different simulations"):
        brink.merge(parts[:2] + [other])
    with pytest.raises(brink.UsageError, match="both shard"):
        brink.merge(parts + parts[:1])
