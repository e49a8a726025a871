# %% [markdown]
# # brink from Python — a notebook-style tour
# Run cell by cell (VS Code / Jupyter `# %%` cells) or as a script from the repository root,
# with the package installed (`pip install ./crates/brink-py`).

# %%
import brink

s = brink.Scenario.load("scenarios/ec-emission.toml")
s

# %% Every model's forecast, as `brink forecast --format json` gives it
r = brink.forecast(s, models=["bdm", "compromise", "nbs"], rounds=10)
[(f["model"], round(f["forecast"], 3)) for f in r["issues"][0]["forecasts"]]

# %% Monte Carlo with 10% noise on every number; a DataFrame when pandas is installed
sim = brink.simulate(s, models=["bdm", "compromise"], runs=5_000, seed=7, jitter=0.1)
try:
    print(brink.frame(sim)[["issue", "model", "mean", "p05", "p95"]])
except ImportError:
    print(sim["issues"][0]["models"])

# %% The same Monte Carlo in 4 shards, merged: identical to the whole run
parts = [brink.simulate(s, models=["bdm", "compromise"], runs=5_000, seed=7, jitter=0.1, shard=(k, 4)) for k in range(4)]
assert brink.merge(parts) == sim

# %% A bad input raises a located error
try:
    brink.Scenario.from_text('[scenario]\nname = "x"\n[[issue]\n', "broken.toml")
except brink.ScenarioError as e:
    print(e.path, e.line, e.column, "—", e)
