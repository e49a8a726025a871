"""brink.dask on a LocalCluster with 2 workers: the same result as brink.simulate, bit for bit."""

import json

import pytest

import brink

distributed = pytest.importorskip("distributed")


@pytest.fixture(scope="module")
def client():
    from distributed import Client, LocalCluster

    cluster = LocalCluster(n_workers=2, threads_per_worker=1, processes=True, dashboard_address=None)
    c = Client(cluster)
    yield c
    c.close()
    cluster.close()


def test_dask_simulate_equals_simulate(client, ec10):
    import brink.dask

    args = dict(runs=20_000, seed=5, jitter=0.1)
    got = brink.dask.simulate(ec10, models=["bdm"], shards=8, client=client, **args)
    want = brink.simulate(ec10, models=["bdm"], **args)
    assert json.dumps(got) == json.dumps(want)


def test_dask_reports_a_bad_scenario_before_submitting(client, tmp_path):
    import brink.dask

    bad = tmp_path / "bad.toml"
    bad.write_text('name = "x"\n[[issue]\n')
    with pytest.raises(brink.ScenarioError):
        brink.dask.simulate(bad, models="bdm", runs=100, jitter=0.1, client=client)
