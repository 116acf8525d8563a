"""The policy lab on a Dask cluster: a LocalCluster with two worker processes gives the same
numbers as one process, also when a worker is killed mid-run (its tasks are run again);
progress reaches the total; cancel stops the run."""

from __future__ import annotations

import os
import signal
import threading

import pytest

distributed = pytest.importorskip("distributed", reason="dask[distributed] is in requirements-dev.txt")

from lab_outcomes import (DAYS, POLICY, REGION, SEED, SHOPS, fingerprint,  # noqa: E402, F401
                          no_scheduler_from_the_environment)

from simulation.lab.backends import Cancelled  # noqa: E402
from simulation.lab.region import load_region  # noqa: E402
from simulation.lab.run import run_outcomes  # noqa: E402

pytestmark = pytest.mark.slow


@pytest.fixture(scope="module")
def region():
    return load_region(REGION)


@pytest.fixture(scope="module")
def serial(region):
    return fingerprint(run_outcomes(region, POLICY, shops=SHOPS, seed=SEED, horizon_days=DAYS,
                                    workers=1))


@pytest.fixture(scope="module")
def cluster():
    with distributed.LocalCluster(n_workers=2, processes=True, threads_per_worker=1,
                                  dashboard_address=None, silence_logs=50) as c:
        yield c


def test_local_cluster_gives_the_same_numbers(region, serial, cluster):
    seen = []
    out = run_outcomes(region, POLICY, shops=SHOPS, seed=SEED, horizon_days=DAYS,
                       scheduler=cluster.scheduler_address,
                       progress=lambda d, t: seen.append((d, t)))
    assert fingerprint(out) == serial
    assert seen[0] == (0, SHOPS) and seen[-1] == (SHOPS, SHOPS)
    assert [d for d, _ in seen] == sorted(d for d, _ in seen)


def test_environment_variable_points_at_the_cluster(region, serial, cluster, monkeypatch):
    monkeypatch.setenv("ESG_SIM_SCHEDULER", cluster.scheduler_address)
    out = run_outcomes(region, POLICY, shops=6, seed=SEED, horizon_days=DAYS, batch_size=2)
    assert fingerprint(out) == serial[:6]


def test_a_killed_worker_changes_nothing(region, serial, cluster):
    """One worker process is killed as soon as the first results are back: its tasks are run
    again on the other worker (or its restarted self) and the totals are unchanged."""
    with distributed.Client(cluster.scheduler_address, set_as_default=False) as client:
        pids = client.run(os.getpid)
        assert len(pids) == 2
        victim = sorted(pids.values())[0]
        killed = []

        def progress(done, total):
            if done > 0 and not killed:
                os.kill(victim, signal.SIGKILL)
                killed.append(done)

        # small batches: many tasks are still queued or running on the victim when it dies
        out = run_outcomes(region, POLICY, shops=SHOPS, seed=SEED, horizon_days=DAYS,
                           scheduler=client, batch_size=1, progress=progress)
        assert killed and killed[0] < SHOPS
        assert fingerprint(out) == serial


def test_cancel_stops_the_cluster_run(region, cluster):
    stop = threading.Event()
    seen = []

    def progress(done, total):
        seen.append(done)
        if done > 0:
            stop.set()

    with pytest.raises(Cancelled):
        run_outcomes(region, POLICY, shops=SHOPS, seed=SEED, horizon_days=DAYS,
                     scheduler=cluster.scheduler_address, batch_size=1, progress=progress,
                     cancel=stop)
    assert 0 < seen[-1] < SHOPS
