"""Sharded brink Monte Carlo on a Dask cluster (``dask.distributed``: a laptop's
``LocalCluster``, Slurm/PBS/SGE through ``dask-jobqueue``, Kubernetes through ``dask-kubernetes``).

``brink.dask.simulate(scenario, ..., shards=K, client=c)`` submits K shard tasks (each runs
``brink.simulate(..., shard=(k, K))`` on a worker, from its own random streams), gathers the parts
and merges them: the result equals ``brink.simulate`` with the same arguments, bit for bit. See
docs/python.md for the Slurm recipes.
"""

from __future__ import annotations

import os
from typing import Any, Optional

import brink


def _shard(scenario_text: str, scenario_name: str, k: int, n: int, kwargs: dict) -> str:
    import brink as b  # on the worker

    s = b.Scenario.from_text(scenario_text, scenario_name)
    return b.simulate(s, shard=(k, n), **kwargs)


def _source(scenario) -> tuple[str, str]:
    """The scenario as (text, name) to ship to the workers (they need not share a filesystem)."""
    if not isinstance(scenario, brink.Scenario):
        scenario = brink.Scenario.load(os.fspath(scenario))
    return scenario.source, scenario.path


def simulate(
    scenario,
    models=None,
    *,
    shards: int = 8,
    client: Optional[Any] = None,
    **kwargs: Any,
) -> dict:
    """``brink.simulate(scenario, models, **kwargs)`` computed as ``shards`` tasks on a Dask
    cluster and merged (same result, bit for bit).

    ``scenario``: a path or a ``brink.Scenario`` loaded from a file (its text is sent to the
    workers). ``client``: a ``dask.distributed.Client`` (default: the current one). Other keyword
    arguments are ``brink.simulate``'s (``runs``, ``seed``, ``jitter``, ``bins``, ``threads``,
    ``rounds``, ``variant``, ``utility``, ``options``, ``force``).
    """
    from dask.distributed import default_client

    if "shard" in kwargs:
        raise TypeError("brink.dask.simulate makes its own shards: give shards=K, not shard")
    if not isinstance(shards, int) or shards < 1:
        raise brink.UsageError("shards: a whole number ≥ 1")
    client = client or default_client()
    text, name = _source(scenario)
    kwargs = dict(kwargs)
    if models is not None:
        kwargs["models"] = models
    futures = [
        client.submit(_shard, text, name, k, shards, kwargs, pure=False, key=f"brink-shard-{k}-of-{shards}-{os.urandom(4).hex()}")
        for k in range(shards)
    ]
    parts = client.gather(futures)
    return brink.merge(parts)
