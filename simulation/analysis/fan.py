"""Uncertainty over time: quantiles across replications, day by day (fan charts)."""

from __future__ import annotations

import numpy as np
import pandas as pd

FAN_METRICS = ("active_customers", "cumulative_carbon_kg", "cumulative_profit_cny")
QUANTILES = {"p05": 0.05, "p25": 0.25, "p50": 0.50, "p75": 0.75, "p95": 0.95}
_SOURCE = {"active_customers": ("active_customers", False),
           "cumulative_carbon_kg": ("carbon_kg_total", True),
           "cumulative_profit_cny": ("profit_cny", True)}


def fan_quantiles(daily: pd.DataFrame, metrics=FAN_METRICS) -> pd.DataFrame:
    """Median, 50% and 90% bands across replications for each scenario, metric and day.

    ``daily`` stacks the daily frames of several replications (columns scenario,
    replication, day and the model's daily columns). Cumulative metrics are summed within
    each replication first, so a band is the spread of whole paths' running totals, not of
    single days. Returns columns scenario, metric, day, p05, p25, p50, p75, p95.
    """
    need = {"scenario", "replication", "day"}
    if missing := need - set(daily.columns):
        raise ValueError(f"daily frame lacks columns: {', '.join(sorted(missing))}")
    out = []
    frame = daily.sort_values(["scenario", "replication", "day"])
    for metric in metrics:
        if metric not in _SOURCE:
            raise ValueError(f"unknown fan-chart metric '{metric}'; choose from "
                             f"{', '.join(FAN_METRICS)}")
        column, cumulative = _SOURCE[metric]
        values = frame[column].astype(float)
        if cumulative:
            values = values.groupby([frame["scenario"], frame["replication"]],
                                    sort=False).cumsum()
        wide = (frame.assign(_v=values.to_numpy())
                .pivot_table(index=["scenario", "day"], columns="replication", values="_v",
                             sort=False))
        q = np.nanquantile(wide.to_numpy(dtype=float), list(QUANTILES.values()), axis=1)
        part = wide.index.to_frame(index=False)
        part.insert(1, "metric", metric)
        for name, row in zip(QUANTILES, q, strict=False):
            part[name] = row
        out.append(part)
    return pd.concat(out, ignore_index=True)
