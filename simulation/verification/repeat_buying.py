"""The model's repeat buying against real transactions (CDNOW, shipped by the ``lifetimes``
package, MIT licence): the shapes, not the levels, since CDNOW's customers repeat more.

From the new customers of 730-day baseline runs (first order in the first year, each
followed for 365 days) and from CDNOW (the same definitions, ``realdata.repeat_buying_shapes``):
* P(k+1 | k) rises with k (CDNOW: 0.46, 0.60, 0.66, 0.70);
* inter-purchase gaps are over-dispersed: coefficient of variation above 1 (CDNOW 1.20);
* a tail returns after months: the share of repeaters whose first repeat came 90+ days
  after the first order is within half to 1.5 times CDNOW's;
* a minority of heavy buyers: the share of repeaters with 5+ orders in the year, the same;
* a BG/NBD fit to the model's transactions finds heterogeneity in dropout (the coefficient
  of variation of the fitted p above 0.25).
"""

from __future__ import annotations

import functools
import math

import numpy as np
import pandas as pd

from .. import realdata
from . import runs
from .checks import Check, Z, band, register

CATEGORY = "real_data"
WINDOW = 365.0


@functools.lru_cache(maxsize=1)
def cdnow_shapes() -> dict:
    return realdata.repeat_buying_shapes(realdata.load_cdnow(), window_days=WINDOW)


@functools.lru_cache(maxsize=2)
def model_transactions(quick: bool) -> tuple[pd.DataFrame, float]:
    """New customers' orders of the long runs (customers renumbered per run), whole days."""
    frames = []
    offset = 0
    for _kpis, tx in runs.long_baseline(quick):
        tx = tx.assign(customer=tx["customer"] + offset, day=np.floor(tx["day"]))
        offset = int(tx["customer"].max()) + 1 if len(tx) else offset
        frames.append(tx)
    return pd.concat(frames, ignore_index=True), 729.0


def _one_sided(name: str, reference: str, measured: float, se: float, low: float,
               detail: str) -> Check:
    tol = Z * se if math.isfinite(se) else 0.0
    return Check(name, CATEGORY, reference, low, measured, se, tol,
                 bool(math.isfinite(measured) and measured - tol > low),
                 f"one-sided: passes when measured − {Z:g}·SE exceeds {low:g}; {detail}")


def _share_of_repeaters(sh: dict, key: str) -> tuple[float, float]:
    n_rep = sh["n_at_least_k"][1]
    p = sh[key] * sh["n_customers"] / n_rep if n_rep else math.nan
    return p, math.sqrt(p * (1 - p) / n_rep) if n_rep else math.nan


@register(CATEGORY)
def repeat_buying_shapes(quick: bool) -> list[Check]:
    tx, end = model_transactions(quick)
    sh = realdata.repeat_buying_shapes(tx, window_days=WINDOW, end_day=end)
    ref = cdnow_shapes()
    p, pse = np.asarray(sh["p_next_given_k"][:4]), np.asarray(sh["p_next_given_k_se"][:4])
    rise, rise_se = float(p[-1] - p[0]), float(math.hypot(pse[-1], pse[0]))
    cdnow_p = ", ".join(f"{v:.2f}" for v in ref["p_next_given_k"][:4])
    n = sh["n_customers"]
    out = [
        _one_sided("real_data.p_next_given_k_rises", "P(k+1 | k) rises with k: P(5 | 4) − "
                   f"P(2 | 1) (CDNOW, lifetimes package: {cdnow_p})", rise, rise_se, 0.0,
                   f"model P(k+1 | k), k = 1…4: {', '.join(f'{v:.3f}' for v in p)}; {n:,} new "
                   "customers followed for 365 days"),
        _one_sided("real_data.gap_cv_above_1", "coefficient of variation of inter-purchase "
                   f"gaps above 1 (CDNOW {ref['gap_cv']:.2f})", sh["gap_cv"], sh["gap_cv_se"],
                   1.0, f"{sh['n_gaps']:,} gaps"),
    ]
    for key, label in (("first_repeat_after_quiet", "first repeat 90+ days after the first "
                        "order"), ("share_5plus", "5 or more orders in the year")):
        m, se = _share_of_repeaters(sh, key)
        c, _ = _share_of_repeaters(ref, key)
        out.append(band(f"real_data.{key}_of_repeaters", CATEGORY,
                        f"share of repeaters with {label}: within half to 1.5× CDNOW's {c:.3f}",
                        0.5 * c, 1.5 * c, m, se))
    summary = realdata.bgnbd_summary(tx, end + 1.0)
    fit = realdata.fit_bgnbd(summary["x"].to_numpy(), summary["t_x"].to_numpy(),
                             summary["T"].to_numpy())
    a, b = fit.a, fit.b
    cv = math.sqrt(b / (a * (a + b + 1.0)))
    out.append(_one_sided("real_data.bgnbd_fit_dropout_heterogeneity",
                          "a BG/NBD fit to the model's transactions finds customers differing "
                          "in dropout: coefficient of variation of p ~ Beta(a, b) above 0.25",
                          cv, math.nan, 0.25,
                          f"fit r={fit.r:.3f}, α={fit.alpha:.1f} days, a={a:.2f}, b={b:.2f}"))
    return out
