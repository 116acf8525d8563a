"""The policy lab's runner (simulation/lab/run.py, backends.py) without Dask: each shop's two
runs, the same numbers on one process and on local worker processes, the reuse of a run
when a shop's policy scenario equals its no-policy one, progress, cancel, batch sizing, and
no import of Dask unless a scheduler is given."""

from __future__ import annotations

import os
import subprocess
import sys
import threading
from pathlib import Path

import pytest
from lab_outcomes import (DAYS, POLICY, REGION, SEED, SHOPS, _bits, fingerprint,  # noqa: F401
                          no_scheduler_from_the_environment)

from simulation.engine import simulate
from simulation.lab import backends, run
from simulation.lab.backends import Cancelled, choose_batch_size, plan_batches, scheduler_address
from simulation.lab.region import load_region
from simulation.lab.run import ShopOutcome, run_outcomes, same_run, simulate_shops
from simulation.lab.shops import draw_shops, shop_scenario, shop_seed

ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture(scope="module")
def region():
    return load_region(REGION)


@pytest.fixture(scope="module")
def serial(region):
    return run_outcomes(region, POLICY, shops=SHOPS, seed=SEED, horizon_days=DAYS, workers=1)


def test_outcomes_hold_every_figure_in_shop_order(region, serial):
    assert [o.index for o in serial] == list(range(SHOPS))
    draws = draw_shops(region, SHOPS, SEED)
    for o, d in zip(serial, draws, strict=True):
        assert isinstance(o, ShopOutcome) and o.shop == d
        for arm in (o.base, o.policy):
            for k in ("carbon_kg_total", "profit_cny", "subsidies_packaging",
                      "subsidies_green_logistics", "subsidies_training", "subsidies_community",
                      "subsidies_commission_rebate", "subsidies_cny", "carbon_price_cny",
                      "jobs", "quits"):
                assert k in arm, k
            assert arm["quits"] >= 0 and arm["jobs"] >= 2
        # the no-policy world pays no carbon price and no packaging subsidy
        assert o.base["carbon_price_cny"] == 0.0 and o.base["subsidies_packaging"] == 0.0
        assert o.policy["carbon_price_cny"] > 0.0
        sc = shop_scenario(region, d, o.levers_policy, POLICY, DAYS)
        assert o.policy["jobs"] == sc.staff.packers + sc.staff.cs_agents


def test_one_shop_is_the_engine_on_its_own_stream(region, serial):
    """Outcome i is simulate(shop scenario, shop_seed(seed, i)), whatever else is run."""
    o = serial[3]
    sc = shop_scenario(region, o.shop, o.levers_policy, POLICY, DAYS)
    r = simulate(sc, shop_seed(SEED, 3))
    assert _bits(r.kpis["carbon_kg_total"]) == _bits(o.policy["carbon_kg_total"])
    assert o.policy["carbon_price_cny"] == r.cost_by_category["carbon_price"]
    assert o.policy["quits"] == r.kpis["staff_quits"]
    # a smaller run: the same shops, the same numbers
    few = run_outcomes(region, POLICY, shops=5, seed=SEED, horizon_days=DAYS, workers=1)
    assert fingerprint(few) == fingerprint(serial[:5])


def test_two_local_workers_give_the_same_numbers(region, serial):
    seen = []
    local = run_outcomes(region, POLICY, shops=SHOPS, seed=SEED, horizon_days=DAYS, workers=2,
                         batch_size=3, progress=lambda d, t: seen.append((d, t)))
    assert fingerprint(local) == fingerprint(serial)
    assert seen[0] == (0, SHOPS) and seen[-1] == (SHOPS, SHOPS)
    assert [d for d, _ in seen] == sorted(d for d, _ in seen)


def test_reuse_when_the_policy_changes_nothing_for_a_shop(region, monkeypatch):
    """A shop whose two scenarios are the same (no lever adopted because of the policy, no
    instrument that applies to it) is simulated once: the numbers are those of simulating
    twice, since the same scenario on the same seed gives the same numbers."""
    calls = []
    real = run.simulate
    monkeypatch.setattr(run, "simulate", lambda sc, s: calls.append(1) or real(sc, s))
    shops = draw_shops(region, 14, SEED)[8:]    # two of them take up green packaging
    once = simulate_shops(region, shops, {}, SEED, 30, None)
    assert len(calls) == len(shops) and all(o.reused for o in once)
    assert all(fingerprint([o])[0][3] == fingerprint([o])[0][4] for o in once)

    calls.clear()
    pol = {"policy.packaging_subsidy": 0.8}
    once = simulate_shops(region, shops, pol, SEED, 30, None)
    n_reused = sum(o.reused for o in once)
    assert 0 < n_reused < len(shops)      # some shops are left alone, some are not
    assert len(calls) == 2 * len(shops) - n_reused
    twice = simulate_shops(region, shops, pol, SEED, 30, None, reuse=False)
    assert not any(o.reused for o in twice)
    assert fingerprint(once) == fingerprint(twice)


INERT = [  # (instrument, value, scenario changes that make it not apply)
    ("policy.packaging_subsidy", 0.8, {"packaging.option": "standard"}),
    ("policy.green_logistics_subsidy_cny", 0.5, {"logistics.electric_share": 0.0}),
    ("policy.commission_rebate", 0.05, {"packaging.option": "recycled_carton",
                                        "logistics.electric_share": 0.2}),
    ("policy.disclosure_mandate", True, {"governance.footprint_page": True}),
]


@pytest.mark.parametrize("path,value,changes", INERT, ids=[p for p, _, _ in INERT])
def test_an_instrument_that_does_not_apply_changes_nothing(region, path, value, changes):
    """What same_run() relies on: the run with the instrument equals the run without it."""
    shop = draw_shops(region, 1, SEED)[0]
    sc = shop_scenario(region, shop, frozenset(), None, 30).with_changes(changes)
    sc_pol = sc.with_changes({path: value})
    assert same_run(sc, sc_pol)
    a, b = simulate(sc, shop_seed(SEED, 0)), simulate(sc_pol, shop_seed(SEED, 0))
    assert {k: _bits(v) for k, v in a.kpis.items()} == {k: _bits(v) for k, v in b.kpis.items()}
    assert a.cost_by_category == b.cost_by_category
    # ... and one that applies is never taken for "the same run"
    assert not same_run(sc, sc.with_changes({"policy.carbon_price_cny_per_t": 100.0}))


def test_forced_levers_are_adopted_under_the_policy(region):
    shops = draw_shops(region, 3, SEED)
    out = simulate_shops(region, shops, {}, SEED, 30, ("green_packaging",))
    for o in out:
        assert "green_packaging" in o.levers_policy
        assert o.levers_policy == frozenset(o.shop.practices) | {"green_packaging"}


def test_progress_and_cancel(region):
    seen = []
    stop = threading.Event()

    def progress(done, total):
        seen.append(done)
        if done >= 2:
            stop.set()

    with pytest.raises(Cancelled):
        run_outcomes(region, POLICY, shops=SHOPS, seed=SEED, horizon_days=30, workers=1,
                     progress=progress, cancel=stop)
    assert seen[-1] == 2            # stopped after the shop that set it
    with pytest.raises(Cancelled):  # a callable works too; cancelled before any work
        run_outcomes(region, POLICY, shops=SHOPS, seed=SEED, horizon_days=30, workers=1,
                     cancel=lambda: True)


def test_cancel_stops_local_workers(region):
    seen = []
    stop = threading.Event()

    def progress(done, total):
        seen.append(done)
        if done > 0:
            stop.set()

    with pytest.raises(Cancelled):
        run_outcomes(region, POLICY, shops=SHOPS, seed=SEED, horizon_days=DAYS, workers=2,
                     batch_size=1, progress=progress, cancel=stop)
    assert 0 < seen[-1] < SHOPS


def test_batch_size():
    # enough work per task to amortise the overhead ...
    assert choose_batch_size(10_000, 0.25, 2) == 8
    # ... but at least eight tasks per worker
    assert choose_batch_size(40, 0.25, 2) == 2
    assert choose_batch_size(3, 0.01, 8) == 1
    assert choose_batch_size(0, 1.0, 2) == 1


def test_batches_of_equal_work_heaviest_first():
    # uniform shops: 2 s of work per task
    assert [len(b) for b in plan_batches([0.25] * 200, 2)] == [8] * 25
    # heavy-tailed shops: every shop exactly once, the heaviest shop in the first task,
    # each task but the last at least the target, enough tasks to balance 2 workers
    costs = [0.05 * (1 + (7 * i) % 13) ** 2 for i in range(200)]
    plan = plan_batches(costs, 2)
    assert sorted(i for b in plan for i in b) == list(range(200))
    assert max(range(200), key=costs.__getitem__) in plan[0]
    target = min(2.0, sum(costs) / 16)
    assert all(sum(costs[i] for i in b) >= target - 1e-9 for b in plan[:-1])
    assert len(plan) >= 16
    work = [sum(costs[i] for i in b) for b in plan]
    assert work[-1] <= min(work[:-1])            # the lightest work is handed out last
    # a small run: one shop per task rather than fewer tasks than 8 per worker
    assert plan_batches([0.01] * 6, 2) == [[i] for i in range(6)]
    assert plan_batches([], 2) == []


def test_scheduler_address(monkeypatch):
    monkeypatch.delenv(backends.SCHEDULER_ENV, raising=False)
    assert scheduler_address(None) is None
    assert scheduler_address(" tcp://h:8786 ") == "tcp://h:8786"
    monkeypatch.setenv(backends.SCHEDULER_ENV, "tcp://env:8786")
    assert scheduler_address(None) == "tcp://env:8786"
    assert scheduler_address("local") is None and scheduler_address("") is None
    assert backends.backend_name(1, None) == "dask"
    assert backends.backend_name(1, "local") == "serial"
    assert backends.backend_name(2, "local") == "local"


def test_a_scheduler_without_dask_says_what_to_install(region, monkeypatch):
    monkeypatch.setitem(sys.modules, "distributed", None)     # import distributed fails
    with pytest.raises(RuntimeError, match="requirements-dask.txt"):
        run_outcomes(region, POLICY, shops=2, seed=SEED, horizon_days=10,
                     scheduler="tcp://127.0.0.1:1", batch_size=1)


def test_a_malformed_scheduler_address_is_refused(region):
    pytest.importorskip("distributed")
    with pytest.raises(ValueError, match="tcp://HOST:PORT"):
        run_outcomes(region, POLICY, shops=2, seed=SEED, horizon_days=10, scheduler="nonsense",
                     batch_size=1)


def test_bad_arguments(region):
    with pytest.raises(ValueError, match="shops"):
        run_outcomes(region, POLICY, shops=region.shops + 1, workers=1)
    with pytest.raises(ValueError, match="batch_size"):
        run_outcomes(region, POLICY, shops=2, workers=1, batch_size=0)
    with pytest.raises(ValueError, match="workers"):
        run_outcomes(region, POLICY, shops=2, workers=0)


_NO_DASK = """
import sys
from simulation.lab.run import run_lab
res = run_lab("{region}", {{"policy.packaging_subsidy": 0.5}}, shops=3, seed=1,
              horizon_days=10, workers=1)
assert res is not None
print(sorted(m for m in sys.modules if m.split(".")[0] in ("dask", "distributed")))
"""


def test_the_lab_runs_without_importing_dask():
    env = {k: v for k, v in os.environ.items() if k != backends.SCHEDULER_ENV}
    env["PYTHONPATH"] = str(ROOT) + (os.pathsep + env["PYTHONPATH"] if env.get("PYTHONPATH")
                                     else "")
    out = subprocess.run([sys.executable, "-c", _NO_DASK.format(region=REGION)], cwd=str(ROOT),
                         env=env, capture_output=True, text=True, timeout=120)
    assert out.returncode == 0, out.stderr[-2000:]
    assert out.stdout.strip().splitlines()[-1] == "[]"
