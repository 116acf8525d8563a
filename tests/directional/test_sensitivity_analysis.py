"""Sensitivity analysis tells real effects from noise, stably.

* A parameter the KPI does not depend on swings by exactly nothing under common random
  numbers (every variant draws the same random numbers), and is marked within noise.
* For clearly separated parameters the tornado's order is the same on different seeds.
* The global (Latin-hypercube) view ranks the same parameters first, with intervals.
"""

from __future__ import annotations

import numpy as np
import pytest

from simulation import Scenario
from simulation.analysis import (
    DEFAULT_SENSITIVITY_PARAMETERS,
    global_sensitivity,
    sensitivity,
    sensitivity_parameters,
    sensitivity_range,
)
from simulation.scenario import PLAUSIBLE_RANGES

SHORT = Scenario().with_changes({"run.horizon_days": 120, "customers.initial_customers": 6000})
SEPARATED = ["shop.gross_margin", "customers.purchase_rate_scale_days", "emissions.kwh_per_order"]


def test_a_parameter_the_kpi_ignores_swings_by_nothing():
    s = sensitivity(SHORT, "orders", parameters=["emissions.kwh_per_order",
                                                 "emissions.diesel_kg_per_km"],
                    replications=3, seed=5, workers=2)
    t = s.table().set_index("path")
    for p in ("emissions.kwh_per_order", "emissions.diesel_kg_per_km"):
        assert t.loc[p, "swing"] == 0.0 and t.loc[p, "within_noise"]
    # the same run answers for any KPI: carbon does depend on both
    c = s.table("carbon_kg_total").set_index("path")
    assert (c["swing_ci_low"] > 0).all() and not c["within_noise"].any()
    assert s.simulations == 5 * 3


@pytest.mark.parametrize("kpi", ["profit_cny"])
def test_tornado_order_is_stable_across_seeds(kpi):
    orders = []
    for seed in (1, 2):
        s = sensitivity(SHORT, kpi, parameters=SEPARATED, replications=3, seed=seed,
                        workers=2)
        t = s.table()
        orders.append(list(t["path"]))
        # separated: each swing's interval excludes the next one's size
        sw = t["swing"].abs().to_numpy()
        half = (t["swing_ci_high"] - t["swing_ci_low"]).to_numpy() / 2
        assert sw[0] - half[0] > sw[1] + half[1]
        assert sw[1] - half[1] > sw[2] + half[2]
        # a higher margin raises profit; a slower purchase rate (larger α) lowers it
        row = t.set_index("path")
        assert row.loc["shop.gross_margin", "swing_ci_low"] > 0
        assert row.loc["customers.purchase_rate_scale_days", "swing_ci_high"] < 0
    assert orders[0] == orders[1] == SEPARATED


def test_global_view_ranks_the_same_parameters_first():
    g = global_sensitivity(SHORT, "profit_cny", parameters=SEPARATED, samples=16, seed=3,
                           workers=2)
    t = g.table().set_index("path")
    assert list(g.table()["path"][:2]) == SEPARATED[:2]
    assert t.loc["shop.gross_margin", "src_ci_low"] > 0.5
    assert t.loc["customers.purchase_rate_scale_days", "src_ci_high"] < 0
    assert abs(t.loc["emissions.kwh_per_order", "src"]) < 0.1
    assert g.r2() > 0.9 and g.simulations == 16
    lo, hi = PLAUSIBLE_RANGES["shop.gross_margin"][:2]
    col = g.design["shop.gross_margin"]
    assert col.min() >= lo and col.max() <= hi
    # Latin hypercube: one sample in each of the 16 equal slices of every range
    slices = np.floor((col - lo) / (hi - lo) * 16).clip(0, 15)
    assert sorted(slices.astype(int)) == list(range(16))


def test_ranges_come_from_the_schema():
    assert set(DEFAULT_SENSITIVITY_PARAMETERS) <= set(sensitivity_parameters())
    assert len(DEFAULT_SENSITIVITY_PARAMETERS) == 10
    sc = Scenario()
    assert sensitivity_range("policy.commission_rate", sc) == (0.08, 0.15)
    lo, hi = sensitivity_range("staff.hiring_cost_cny", sc)          # no documented range
    assert (lo, hi) == pytest.approx((1500.0, 2500.0))
    assert sensitivity_range("staff.training", sc) == (False, True)
    assert sensitivity_range("staff.packers", sc) == (2, 4)          # whole people, at least ±1
    assert sensitivity_range("suppliers.audits_per_year", sc) == (0, 1)   # not below 0
    assert sensitivity_range("packaging.reusable_return_rate", sc)[1] <= 0.99   # schema bound
    with pytest.raises(ValueError, match="cannot be swung"):
        sensitivity_range("packaging.option", sc)
    with pytest.raises(ValueError, match="unknown parameter"):
        sensitivity(sc, parameters=["shop.nothing"])
    with pytest.raises(ValueError, match="unknown KPI"):
        sensitivity(sc, "happiness")
    with pytest.raises(ValueError, match="low"):
        sensitivity(sc, parameters={"shop.gross_margin": (0.7, 0.6)})
