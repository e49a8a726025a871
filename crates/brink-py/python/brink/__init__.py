"""brink from Python: forecast negotiations and crises with brink's bargaining models.

Every call mirrors a ``brink`` command's flags and returns its ``--format json`` result as plain
Python objects (dicts and lists), equal to ``json.loads`` of the CLI's output::

    import brink
    s = brink.Scenario.load("scenarios/ec-emission.toml")
    brink.forecast(s, models=["bdm"])["issues"][0]["forecasts"][0]["forecast"]

The computation runs in Rust with the GIL released; the same seed gives the same numbers as the
CLI whatever the thread count. Sharded Monte Carlo: ``simulate(..., shard=(k, n))`` returns a part
(JSON text) and :func:`merge` combines the parts into the whole run's result, bit for bit;
:mod:`brink.dask` maps the shards over a Dask cluster.

Errors: :class:`ScenarioError` (a bad input, with ``.path``, ``.line``, ``.column``), and
:class:`InputError`, :class:`UsageError`, :class:`ConvergenceError`, :class:`InternalError`
(a Rust panic, caught), all :class:`BrinkError`.
"""

from __future__ import annotations

import os
from typing import Any, Iterable, Union

from ._brink import (  # noqa: F401  (re-exported)
    BrinkError,
    ConvergenceError,
    InputError,
    InternalError,
    Scenario,
    ScenarioError,
    UsageError,
    forecast,
    simulate,
    version,
)
from . import _brink

__all__ = [
    "BrinkError",
    "BrinkWarning",
    "ConvergenceError",
    "InputError",
    "InternalError",
    "Scenario",
    "ScenarioError",
    "UsageError",
    "forecast",
    "frame",
    "merge",
    "simulate",
    "version",
]

__version__ = version()


class BrinkWarning(UserWarning):
    """A note the CLI prints on stderr (a model skipped, capabilities rescaled, ...)."""


Part = Union[str, bytes, "os.PathLike[str]"]


def _part_text(part: Part) -> tuple[str, str]:
    if isinstance(part, bytes):
        part = part.decode("utf-8")
    if isinstance(part, str) and part.lstrip().startswith("{"):
        return part, "part"
    path = os.fspath(part)
    with open(path, encoding="utf-8") as f:
        return f.read(), str(path)


def merge(parts: Iterable[Part]) -> dict[str, Any]:
    """Merges the parts of one sharded simulation into ``simulate``'s result, bit for bit.

    ``parts``: what ``simulate(..., shard=...)`` returned (JSON text), or files written by
    ``brink simulate --shard K/N``; every shard exactly once, in any order (like ``brink merge``).
    """
    texts, names = [], []
    for i, p in enumerate(parts):
        text, name = _part_text(p)
        texts.append(text)
        names.append(name if name != "part" else f"part {i}")
    return _brink.merge_texts(texts, names)


def frame(result: dict[str, Any]):
    """A tabular view of a ``forecast`` or ``simulate`` result: a pandas DataFrame (one row per
    issue and model), or a polars one when pandas is missing. Needs pandas or polars."""
    rows = []
    for issue in result.get("issues", []):
        if "forecasts" in issue:
            for f in issue["forecasts"]:
                row = {"issue": issue["id"], "model": f.get("model"), "forecast": f.get("forecast")}
                interval = f.get("interval")
                if interval:
                    row["p05"], row["p95"] = interval
                rows.append(row)
        for m in issue.get("models", []):
            row = {"issue": issue["id"]}
            row.update({k: v for k, v in m.items() if k != "histogram"})
            rows.append(row)
    try:
        import pandas

        return pandas.DataFrame(rows)
    except ImportError:
        pass
    try:
        import polars

        return polars.DataFrame(rows)
    except ImportError:
        raise ImportError("brink.frame needs pandas or polars (pip install pandas)") from None
