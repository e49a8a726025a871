"""Errors: located scenario errors, typed usage errors, and a Rust panic as a Python exception."""

import pytest

import brink


def test_a_bad_scenario_raises_a_located_scenario_error(tmp_path):
    bad = tmp_path / "bad.toml"
    bad.write_text(
        '[scenario]\nname = "bad"\n\n[[issue]]\nid = "x"\nname = "X"\nscale = [0, 100]\n\n'
        '[[actor]]\nid = "a"\nname = "A"\ncapability = 1\n\n'
        '[[position]]\nactor = "a"\nissue = "x"\nat = 250\nsalience = 0.5\n'
    )
    with pytest.raises(brink.ScenarioError) as err:
        brink.Scenario.load(bad)
    e = err.value
    assert e.path == str(bad)
    assert e.line == 17 and e.column >= 1, (e.line, e.column, str(e))
    assert "250" in str(e) or "scale" in str(e)
    assert e.diagnostics and e.diagnostics[0]["severity"] == "error"
    assert isinstance(e, brink.BrinkError)


def test_a_toml_syntax_error_is_located(tmp_path):
    bad = tmp_path / "syntax.toml"
    bad.write_text('[scenario]\nname = "x"\n[[issue]\n')
    with pytest.raises(brink.ScenarioError) as err:
        brink.forecast(bad)
    assert err.value.line == 3 and err.value.path == str(bad)


def test_a_missing_file_is_a_scenario_error(tmp_path):
    with pytest.raises(brink.ScenarioError) as err:
        brink.Scenario.load(tmp_path / "nope.toml")
    assert "nope.toml" in str(err.value)


def test_bad_arguments_are_usage_errors(ec10):
    with pytest.raises(brink.UsageError, match="unknown model"):
        brink.forecast(ec10, models=["nosuch"])
    with pytest.raises(brink.UsageError):
        brink.simulate(ec10, runs=0)
    with pytest.raises(brink.UsageError):
        brink.simulate(ec10, runs=10, shard="3/2")
    with pytest.raises(TypeError):
        brink.forecast(42)


def test_no_uncertainty_is_an_input_error(ec10):
    with pytest.raises(brink.InputError, match="jitter"):
        brink.simulate(ec10, models="bdm", runs=10)


def test_a_rust_panic_becomes_a_python_exception():
    with pytest.raises(brink.InternalError, match="deliberate panic"):
        brink._brink._panic_for_tests()
    # The interpreter is fine afterwards.
    assert brink.version()
