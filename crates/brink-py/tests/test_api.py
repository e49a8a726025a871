"""The Python calls return the CLI's JSON results: same numbers for the same seed."""

import json

import pytest

import brink
from conftest import ROOT, cli_json, shared

SCENARIOS = sorted((ROOT / "scenarios").glob("*.toml"))


@pytest.mark.parametrize("path", SCENARIOS, ids=lambda p: p.name)
def test_forecast_equals_the_cli(path):
    s = brink.Scenario.load(path)
    assert brink.forecast(s, seed=3) == cli_json("forecast", path, "--seed", "3")
    # A path works as the scenario, and the options are the CLI's flags.
    got = brink.forecast(str(path), models=["bdm", "nbs"], rounds=5, interval_runs=50)
    assert got == cli_json("forecast", path, "--model", "bdm,nbs", "--rounds", "5", "--interval-runs", "50")


@pytest.mark.parametrize("path", SCENARIOS, ids=lambda p: p.name)
def test_simulate_equals_the_cli(path):
    got = brink.simulate(path, models=["bdm", "median"], runs=300, seed=9, jitter=0.1, bins=7)
    want = cli_json("simulate", path, "--model", "bdm,median", "--runs", "300", "--seed", "9", "--jitter", "0.1", "--bins", "7")
    assert got == want
    assert got["runs"] == 300 and got["issues"][0]["models"][0]["model"] == "bdm"


def test_the_thread_count_does_not_change_the_numbers(ec10):
    one = brink.simulate(ec10, models="bdm", runs=500, seed=4, jitter=0.1, threads=1)
    two = brink.simulate(ec10, models="bdm", runs=500, seed=4, jitter=0.1, threads=2)
    assert json.dumps(one) == json.dumps(two)


def test_reference_inputs_forecast_as_the_cli():
    ref = shared("reference")
    inputs = sorted((ref / "bargaining").glob("*.csv"))
    inputs += sorted((ref / "ktab" / "input").glob("*"))[:3]
    checked = 0
    for path in inputs:
        try:
            s = brink.Scenario.load(path)
        except brink.ScenarioError:
            continue  # not a scenario brink reads as one
        want = cli_json("forecast", path, "--model", "bdm,nbs,median", "--interval-runs", "20")
        assert brink.forecast(s, models="bdm,nbs,median", interval_runs=20) == want, path
        checked += 1
    assert checked >= 5


def test_from_dict_and_from_text(ec10):
    s = brink.Scenario.load(ec10)
    assert s.name and s.issues and len(s.actors) == 10
    t = brink.Scenario.from_text(s.source, "copy.toml")
    assert brink.forecast(t, models="bdm") == brink.forecast(s, models="bdm")
    d = {
        "scenario": {"name": "two"},
        "issue": [{"id": "x", "name": "X", "scale": [0, 100]}],
        "actor": [{"id": "a", "name": "A", "capability": 1}, {"id": "b", "name": "B", "capability": 2}],
        "position": [
            {"actor": "a", "issue": "x", "at": 10, "salience": 1},
            {"actor": "b", "issue": "x", "at": 90, "salience": 1},
        ],
    }
    try:
        two = brink.Scenario.from_dict(d)
    except brink.ScenarioError as e:
        pytest.fail(f"the JSON scenario format changed: {e}")
    r = brink.forecast(two, models="compromise")  # Σ c·s·x / Σ c·s
    assert r["scenario"] == "two"
    assert abs(r["issues"][0]["forecasts"][0]["forecast"] - (10 + 2 * 90) / 3) < 1e-9


def test_frame(ec10):
    pd = pytest.importorskip("pandas")
    df = brink.frame(brink.simulate(ec10, models="bdm,mean", runs=200, jitter=0.1))
    assert isinstance(df, pd.DataFrame)
    assert list(df["model"]) == ["bdm", "mean"] and (df["n"] == 200).all()
