"""The region's results from the simulated shops: tonnes avoided, public money, cost per tonne,
adoption, jobs, who gains and who loses, additionality, and the accounting identities.

The shops simulated are a simple random sample of the region's ``N`` shops (``n`` of them,
each drawn from the region's distributions): every shop carries the weight ``N / n`` and a
region total is ``Σ weight × shop value``. Each shop is simulated twice on the same random
numbers (no policy with its no-policy adoption; the policy with its policy adoption), so the
per-shop differences are paired.

Intervals (95%) come from the variation *between shops*: the region total of a per-shop
difference ``d`` is ``N · mean(d)`` and its interval ``N · (mean(d) ± t₍n−1₎ · sd(d)/√n)``.
There is no finite-population correction: the interval treats the region's shops as draws
from its distributions, so it also covers each shop's simulation noise (conservative when
``n`` is close to ``N``).

Cost per tonne is a ratio of two region totals, ``R = Σ c / Σ d``; its interval is the
delta method, ``R ± t₍n−1₎ · sd(c − R·d) / (√n · |mean(d)|)``. It is undefined (None in
JSON, never infinite) when the region avoids no carbon (tonnes ≤ 0); when the tonnes'
own interval reaches 0 the ratio's interval is unbounded and left undefined too.

- Public spend: the subsidies the shops book (policy arm minus no-policy arm), by instrument.
- Carbon-price revenue: the carbon price the shops pay (a cost to them, revenue to the
  public). Net public cost = public spend − carbon-price revenue.
- Public cost per tonne = public spend / tonnes avoided.
- Total cost per tonne = (net public cost + the shops' profit loss) / tonnes avoided: the cost
  to the region as a whole. Subsidies and the carbon price are transfers between the public
  purse and the shops, so they cancel: with no carbon price this is (public spend + profit
  loss) / tonnes.
- Additionality, per instrument: the subsidy paid to shops for which the policy induced none of
  the levers the instrument targets is a windfall (paid for what the shop would have done
  anyway): mostly shops whose no-policy adoption already had the lever, plus any paid to
  shops that do not use the lever with the policy either. Additional = paid − windfall.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field
from typing import Any, Iterable, Mapping, Sequence

import numpy as np
import pandas as pd

CONFIDENCE = 0.95
CARBON_KPI = "carbon_kg_total"
PROFIT_KPI = "profit_cny"
TURNOVER_KPI = "staff_turnover_rate"

# the subsidy lines a shop books ("subsidies_<line>" in ShopOutcome.base/.policy) and the
# instrument (dotted path) that pays each
SUBSIDY_LINES: dict[str, str] = {
    "packaging": "policy.packaging_subsidy",
    "green_logistics": "policy.green_logistics_subsidy_cny",
    "training": "policy.training_subsidy",
    "community": "policy.community_funding_cny_per_year",
    "commission_rebate": "policy.commission_rebate",
}
CARBON_PRICE_PATH = "policy.carbon_price_cny_per_t"
# the levers each subsidy line pays for (used when simulation.lab.instruments does not say);
# the rebate is paid to certified green shops: green packaging and green logistics
_TARGETS_FALLBACK: dict[str, frozenset[str]] = {
    "packaging": frozenset({"green_packaging"}),
    "green_logistics": frozenset({"green_logistics"}),
    "training": frozenset({"staff_welfare"}),
    "community": frozenset({"community_marketing"}),
    "commission_rebate": frozenset({"green_packaging", "green_logistics"}),
}
GROUPINGS = ("all", "category", "size_band", "area")
QUANTILES = (0.1, 0.25, 0.5, 0.75, 0.9)
REL_TOL, ABS_TOL = 1e-9, 1e-6

# reasons a cost per tonne is undefined (JSON "note"; the page and the CLI translate them)
NOTE_NO_TONNES = "no_tonnes_avoided"
NOTE_UNBOUNDED = "interval_unbounded"
NOTE_ONE_SHOP = "one_shop"


def instrument_targets() -> dict[str, frozenset[str]]:
    """The levers each subsidy line pays for: from ``simulation.lab.instruments.INSTRUMENTS``
    (its ``levers``) where it says, else the built-in mapping."""
    targets = dict(_TARGETS_FALLBACK)
    try:
        from .instruments import INSTRUMENTS
    except ImportError:  # not there yet
        return targets
    for line, path in SUBSIDY_LINES.items():
        info = INSTRUMENTS.get(path)
        levers = getattr(info, "levers", None) if info is not None else None
        if levers:
            targets[line] = frozenset(levers)
    return targets


# -- statistics -------------------------------------------------------------------------------

def _tcrit(n: int, confidence: float = CONFIDENCE) -> float:
    from scipy import stats

    return float(stats.t.ppf(0.5 + confidence / 2.0, n - 1))


def total_interval(values: np.ndarray, n_region: int, confidence: float = CONFIDENCE
                   ) -> tuple[float, float, float]:
    """(total, low, high): the region total ``N · mean`` of a per-shop value and its t-interval
    from the between-shop variation (NaN bounds with one shop)."""
    v = np.asarray(values, dtype=float)
    n = len(v)
    if n == 0:
        return float("nan"), float("nan"), float("nan")
    total = float(n_region * v.mean())
    if n == 1:
        return total, float("nan"), float("nan")
    half = _tcrit(n, confidence) * float(v.std(ddof=1)) / math.sqrt(n) * n_region
    return total, total - half, total + half


def ratio_interval(num: np.ndarray, den: np.ndarray, confidence: float = CONFIDENCE
                   ) -> tuple[float, float, float, str | None]:
    """(ratio, low, high, note) of ``Σ num / Σ den`` over shops (equal weights cancel), the
    interval by the delta method. The ratio is NaN with note ``no_tonnes_avoided`` when
    ``Σ den ≤ 0``; the interval is NaN with note ``interval_unbounded`` when the t-interval of
    ``den`` reaches 0 (``one_shop`` with a single shop)."""
    c = np.asarray(num, dtype=float)
    d = np.asarray(den, dtype=float)
    n = len(d)
    nan = float("nan")
    if n == 0 or not d.sum() > 0:
        return nan, nan, nan, NOTE_NO_TONNES
    r = float(c.sum() / d.sum())
    if n == 1:
        return r, nan, nan, NOTE_ONE_SHOP
    tc = _tcrit(n, confidence)
    md = float(d.mean())
    if md - tc * float(d.std(ddof=1)) / math.sqrt(n) <= 0:
        return r, nan, nan, NOTE_UNBOUNDED
    se = float((c - r * d).std(ddof=1)) / math.sqrt(n) / md
    return r, r - tc * se, r + tc * se, None


def _finite_mean(values: Any) -> float:
    """The mean of the finite values (NaN, without a warning, when there is none)."""
    v = np.asarray(values, dtype=float)
    v = v[np.isfinite(v)]
    return float(v.mean()) if len(v) else float("nan")


def _close(a: float, b: float) -> bool:
    return math.isclose(a, b, rel_tol=REL_TOL, abs_tol=ABS_TOL)


def json_safe(x: Any) -> Any:
    """NaN/inf → None, numpy scalars → Python, containers recursively (for ``json.dumps``
    with ``allow_nan=False``)."""
    if isinstance(x, Mapping):
        return {str(k): json_safe(v) for k, v in x.items()}
    if isinstance(x, (list, tuple)):
        return [json_safe(v) for v in x]
    if isinstance(x, (frozenset, set)):
        return sorted(json_safe(v) for v in x)
    if isinstance(x, np.ndarray):
        return [json_safe(v) for v in x.tolist()]
    if isinstance(x, np.generic):
        return json_safe(x.item())
    if isinstance(x, float) and not math.isfinite(x):
        return None
    if x is pd.NA or x is pd.NaT:
        return None
    return x


def _records(df: pd.DataFrame) -> list[dict[str, Any]]:
    return json_safe(df.to_dict("records"))


# -- the shops as one table --------------------------------------------------------------------

def _draw(outcome: Any) -> Any:
    for name in ("shop", "draw", "shop_draw"):
        draw = getattr(outcome, name, None)
        if draw is not None:
            return draw
    raise TypeError("a ShopOutcome without its ShopDraw")


def _get(values: Mapping[str, float], key: str) -> float:
    v = values.get(key, 0.0)
    return float(v) if v is not None else float("nan")


def shop_table(outcomes: Sequence[Any], weight: float) -> pd.DataFrame:
    """One row per simulated shop: its group, weight, both arms' values and the differences."""
    rows = []
    for o in outcomes:
        s = _draw(o)
        b, p = o.base, o.policy
        lb, lp = frozenset(o.levers_base), frozenset(o.levers_policy)
        row = {"index": int(o.index), "category": s.category, "size_band": s.size_band,
               "area": "rural" if s.rural else "urban", "weight": weight,
               "carbon_base_kg": _get(b, CARBON_KPI), "carbon_policy_kg": _get(p, CARBON_KPI),
               "profit_base_cny": _get(b, PROFIT_KPI), "profit_policy_cny": _get(p, PROFIT_KPI)}
        row["tonnes_avoided"] = (row["carbon_base_kg"] - row["carbon_policy_kg"]) / 1000.0
        row["profit_change_cny"] = row["profit_policy_cny"] - row["profit_base_cny"]
        spend = 0.0
        for line in SUBSIDY_LINES:
            v = _get(p, f"subsidies_{line}") - _get(b, f"subsidies_{line}")
            row[f"spend_{line}_cny"] = v
            spend += v
        row["public_spend_cny"] = spend
        row["carbon_price_revenue_cny"] = _get(p, "carbon_price_cny") - _get(b, "carbon_price_cny")
        row["net_public_cost_cny"] = spend - row["carbon_price_revenue_cny"]
        row["total_cost_cny"] = row["net_public_cost_cny"] - row["profit_change_cny"]
        for arm, values in (("base", b), ("policy", p)):
            row[f"jobs_{arm}"] = _get(values, "jobs")
            row[f"quits_{arm}"] = _get(values, "quits")
            row[f"turnover_{arm}"] = _get(values, TURNOVER_KPI)
        row["levers_base"] = ",".join(sorted(lb))
        row["levers_policy"] = ",".join(sorted(lp))
        row["levers_induced"] = ",".join(sorted(lp - lb))
        row["levers_dropped"] = ",".join(sorted(lb - lp))
        rows.append(row)
    df = pd.DataFrame(rows)
    return df.sort_values("index", kind="stable").reset_index(drop=True) if len(df) else df


def _groups(df: pd.DataFrame) -> Iterable[tuple[str, str, pd.DataFrame]]:
    """("all", "all", df), then one (grouping, value, rows) per category, size band and area."""
    yield "all", "all", df
    for by in GROUPINGS[1:]:
        for value, g in df.groupby(by, sort=True):
            yield by, str(value), g


# -- the result --------------------------------------------------------------------------------

@dataclass(frozen=True, eq=False)
class LabResult:
    """The region's results (totals over the horizon, CNY and tonnes CO2e). The tables are
    DataFrames with stable column names (the page and the CLI show them):

    - ``shops``: one row per simulated shop (see :func:`shop_table`);
    - ``headline``: metric, value, ci_low, ci_high, unit, note;
    - ``spend``: per subsidy line: instrument, path, public_spend_cny, shops_paid, and its
      additionality: windfall_cny (paid to shops the policy did not move onto a targeted lever),
      windfall_already_cny (of which: the shop had the lever without the policy),
      additional_cny, additionality (additional / paid, NaN when nothing was paid);
    - ``adoption``: group_by, group, lever, shops, rate_base, rate_policy, change, induced,
      dropped (rates are shares of the group's shops);
    - ``profit``: group_by, group, shops, mean_change_cny, q10_cny … q90_cny, share_losing,
      share_gaining, total_change_cny (region);
    - ``labour``: metric (jobs, quits, staff_turnover_rate), base, policy, difference, ci_low,
      ci_high (jobs and quits region totals; turnover the mean over shops);
    - ``by_group``: group_by, group, shops, region_shops, tonnes_avoided, public_spend_cny,
      carbon_price_revenue_cny, net_public_cost_cny, profit_change_cny, jobs_base,
      jobs_policy, quits_base, quits_policy, share_losing, share_induced (region totals).
    """

    region: str
    policy: dict[str, Any]
    seed: int
    horizon_days: int
    n_region_shops: int
    n_shops: int
    weight: float
    tonnes_avoided: float
    tonnes_ci: tuple[float, float]
    carbon_base_t: float
    carbon_policy_t: float
    public_spend_cny: float
    spend_by_instrument: dict[str, float]
    carbon_price_revenue_cny: float
    net_public_cost_cny: float
    profit_change_cny: float
    profit_change_ci: tuple[float, float]
    public_cost_per_tonne: float
    public_cost_per_tonne_ci: tuple[float, float]
    public_cost_per_tonne_note: str | None
    total_cost_per_tonne: float
    total_cost_per_tonne_ci: tuple[float, float]
    total_cost_per_tonne_note: str | None
    shops: pd.DataFrame = field(repr=False)
    headline: pd.DataFrame = field(repr=False)
    spend: pd.DataFrame = field(repr=False)
    adoption: pd.DataFrame = field(repr=False)
    profit: pd.DataFrame = field(repr=False)
    labour: pd.DataFrame = field(repr=False)
    by_group: pd.DataFrame = field(repr=False)
    levers: tuple[str, ...] = ()
    confidence: float = CONFIDENCE
    outcomes: tuple[Any, ...] = field(default=(), repr=False)

    @property
    def additionality(self) -> pd.DataFrame:
        """The spend table's additionality columns, one row per subsidy line."""
        return self.spend[["instrument", "path", "public_spend_cny", "windfall_cny",
                           "windfall_already_cny", "additional_cny", "additionality"]]

    def identities(self) -> list[tuple[str, float, float, bool]]:
        """Accounting checks, each (name, lhs, rhs, ok): the region totals equal Σ weight × shop
        values (rebuilt from the raw outcomes, not from the tables); public spend equals the
        sum of the instrument lines and the subsidies the shops book; every grouping's groups
        add up to the region; the overall adoption rate is the shops-weighted mean of the
        groups' rates."""
        out: list[tuple[str, float, float, bool]] = []

        def check(name: str, lhs: float, rhs: float) -> None:
            out.append((name, float(lhs), float(rhs), _close(lhs, rhs)))

        w = self.weight
        base_c = pol_c = prof = spend = rev = 0.0
        lines = dict.fromkeys(SUBSIDY_LINES, 0.0)
        booked_l = booked_r = 0.0
        has_booked = False
        for o in self.outcomes:
            base_c += w * float(o.base[CARBON_KPI])
            pol_c += w * float(o.policy[CARBON_KPI])
            prof += w * (float(o.policy[PROFIT_KPI]) - float(o.base[PROFIT_KPI]))
            rev += w * (_get(o.policy, "carbon_price_cny") - _get(o.base, "carbon_price_cny"))
            for line in SUBSIDY_LINES:
                v = w * (_get(o.policy, f"subsidies_{line}") - _get(o.base, f"subsidies_{line}"))
                lines[line] += v
                spend += v
            for arm in (o.base, o.policy):
                for key in ("subsidies_cny", "subsidies_booked_cny", "subsidies_total_cny"):
                    if key in arm:
                        has_booked = True
                        booked_l += w * float(arm[key])
                        booked_r += w * sum(_get(arm, f"subsidies_{ln}") for ln in SUBSIDY_LINES)
                        break
        if self.outcomes:
            check("carbon_base_t = Σ weight × shop carbon", self.carbon_base_t, base_c / 1000)
            check("carbon_policy_t = Σ weight × shop carbon", self.carbon_policy_t, pol_c / 1000)
            check("tonnes_avoided = Σ weight × shop (base − policy)", self.tonnes_avoided,
                  (base_c - pol_c) / 1000)
            check("profit_change = Σ weight × shop profit change", self.profit_change_cny, prof)
            check("public_spend = Σ weight × shop subsidies", self.public_spend_cny, spend)
            check("carbon_price_revenue = Σ weight × shop carbon price",
                  self.carbon_price_revenue_cny, rev)
            for line, v in lines.items():
                check(f"spend[{line}] = Σ weight × shop subsidies_{line}",
                      self.spend_by_instrument[line], v)
            if has_booked:
                check("subsidies booked = Σ instrument lines (every shop, both arms)",
                      booked_l, booked_r)
        check("public_spend = Σ instrument lines", self.public_spend_cny,
              sum(self.spend_by_instrument.values()))
        check("public_spend = Σ spend table", self.public_spend_cny,
              float(self.spend["public_spend_cny"].sum()))
        check("net_public_cost = public_spend − carbon_price_revenue", self.net_public_cost_cny,
              self.public_spend_cny - self.carbon_price_revenue_cny)
        for line in self.spend.itertuples():
            check(f"paid[{line.instrument}] = windfall + additional", line.public_spend_cny,
                  line.windfall_cny + line.additional_cny)
        bg = self.by_group
        for by in GROUPINGS[1:]:
            g = bg[bg["group_by"] == by]
            check(f"Σ shops by {by} = region shops", float(g["region_shops"].sum()),
                  float(self.n_region_shops))
            for col, total in (("tonnes_avoided", self.tonnes_avoided),
                               ("public_spend_cny", self.public_spend_cny),
                               ("profit_change_cny", self.profit_change_cny),
                               ("carbon_price_revenue_cny", self.carbon_price_revenue_cny)):
                check(f"Σ {col} by {by} = region", float(g[col].sum()), total)
        ad = self.adoption
        for lever in self.levers:
            overall = ad[(ad["group_by"] == "all") & (ad["lever"] == lever)]
            for by in GROUPINGS[1:]:
                g = ad[(ad["group_by"] == by) & (ad["lever"] == lever)]
                for col in ("rate_base", "rate_policy"):
                    check(f"adoption {lever} {col} = shops-weighted mean by {by}",
                          float(overall[col].iloc[0]),
                          float((g[col] * g["shops"]).sum() / g["shops"].sum()))
        return out

    def check_identities(self) -> list[tuple[str, float, float, bool]]:
        """Same as :meth:`identities` (the contract's name)."""
        return self.identities()

    def to_json(self) -> dict[str, Any]:
        """A JSON-safe document (NaN → None): "shops", "tonnes_avoided", "public_spend_cny",
        "cost_per_tonne_cny", "adoption", "by_group", and "profit_change", "labour",
        "additionality", "identities" and the run's settings."""
        from ..scenario import MODEL_VERSION

        def ci(pair):
            return {"ci_low": pair[0], "ci_high": pair[1]}

        doc = {
            "region": self.region, "policy": dict(self.policy), "seed": self.seed,
            "horizon_days": self.horizon_days, "model_version": MODEL_VERSION,
            "confidence": self.confidence,
            "shops": {"simulated": self.n_shops, "region": self.n_region_shops,
                      "weight": self.weight},
            "tonnes_avoided": {"value": self.tonnes_avoided, **ci(self.tonnes_ci),
                               "carbon_base_t": self.carbon_base_t,
                               "carbon_policy_t": self.carbon_policy_t},
            "public_spend_cny": {"total": self.public_spend_cny,
                                 "by_instrument": dict(self.spend_by_instrument),
                                 "carbon_price_revenue_cny": self.carbon_price_revenue_cny,
                                 "net_public_cost_cny": self.net_public_cost_cny},
            "cost_per_tonne_cny": {
                "method": "delta",
                "public": {"value": self.public_cost_per_tonne,
                           **ci(self.public_cost_per_tonne_ci),
                           "note": self.public_cost_per_tonne_note},
                "total": {"value": self.total_cost_per_tonne, **ci(self.total_cost_per_tonne_ci),
                          "note": self.total_cost_per_tonne_note}},
            "profit_change_cny": {"value": self.profit_change_cny, **ci(self.profit_change_ci)},
            "adoption": _records(self.adoption),
            "by_group": _records(self.by_group),
            "profit_change": _records(self.profit),
            "labour": _records(self.labour),
            "additionality": _records(self.spend),
            "identities": [{"name": n, "lhs": a, "rhs": b, "ok": ok}
                           for n, a, b, ok in self.identities()],
        }
        return json_safe(doc)


def _lever_names(outcomes: Sequence[Any]) -> tuple[str, ...]:
    try:
        from .levers import LEVERS
        known = list(LEVERS)
    except ImportError:
        known = []
    seen = {lv for o in outcomes for lv in (*o.levers_base, *o.levers_policy)}
    return tuple(known + sorted(seen - set(known)))


def summarise_lab(region: Any, outcomes: Sequence[Any], *, policy: Mapping[str, Any] | None = None,
                  seed: int = 1, horizon_days: int | None = None,
                  n_region_shops: int | None = None, confidence: float = CONFIDENCE) -> LabResult:
    """The region's :class:`LabResult` from its simulated shops' outcomes.

    ``region`` is a ``Region`` (or its name); ``n_region_shops`` (default ``region.shops``) the
    number of shops in the region ``N``; each of the ``n`` outcomes weighs ``N / n``."""
    outcomes = tuple(sorted(outcomes, key=lambda o: o.index))
    if not outcomes:
        raise ValueError("no shop outcomes to summarise")
    name = region if isinstance(region, str) else getattr(region, "name", str(region))
    if n_region_shops is None:
        n_region_shops = int(getattr(region, "shops", len(outcomes)))
    if horizon_days is None:
        horizon_days = int(getattr(region, "horizon_days", 0) or 0)
    n = len(outcomes)
    N = int(n_region_shops)
    w = N / n
    df = shop_table(outcomes, w)

    tonnes, t_lo, t_hi = total_interval(df["tonnes_avoided"].to_numpy(), N, confidence)
    prof, p_lo, p_hi = total_interval(df["profit_change_cny"].to_numpy(), N, confidence)
    spend_lines = {line: float(w * df[f"spend_{line}_cny"].sum()) for line in SUBSIDY_LINES}
    spend = float(w * df["public_spend_cny"].sum())
    revenue = float(w * df["carbon_price_revenue_cny"].sum())
    d = df["tonnes_avoided"].to_numpy()
    pub = ratio_interval(df["public_spend_cny"].to_numpy(), d, confidence)
    tot = ratio_interval(df["total_cost_cny"].to_numpy(), d, confidence)

    levers = _lever_names(outcomes)
    lb = [frozenset(o.levers_base) for o in outcomes]
    lp = [frozenset(o.levers_policy) for o in outcomes]
    for lever in levers:
        df[f"base_{lever}"] = [lever in s for s in lb]
        df[f"policy_{lever}"] = [lever in s for s in lp]
    df["induced_any"] = [bool(p - b) for b, p in zip(lb, lp, strict=True)]

    adoption_rows, profit_rows, group_rows = [], [], []
    for by, value, g in _groups(df):
        k = len(g)
        for lever in levers:
            rb = float(g[f"base_{lever}"].mean())
            rp = float(g[f"policy_{lever}"].mean())
            adoption_rows.append({
                "group_by": by, "group": value, "lever": lever, "shops": k,
                "rate_base": rb, "rate_policy": rp, "change": rp - rb,
                "induced": float((g[f"policy_{lever}"] & ~g[f"base_{lever}"]).mean()),
                "dropped": float((g[f"base_{lever}"] & ~g[f"policy_{lever}"]).mean())})
        dp = g["profit_change_cny"].to_numpy(dtype=float)
        qs = np.quantile(dp, QUANTILES)
        profit_rows.append({"group_by": by, "group": value, "shops": k,
                            "mean_change_cny": float(dp.mean()),
                            **{f"q{round(q * 100)}_cny": float(v)
                               for q, v in zip(QUANTILES, qs, strict=True)},
                            "share_losing": float((dp < 0).mean()),
                            "share_gaining": float((dp > 0).mean()),
                            "total_change_cny": float(w * dp.sum())})
        group_rows.append({
            "group_by": by, "group": value, "shops": k, "region_shops": w * k,
            "tonnes_avoided": float(w * g["tonnes_avoided"].sum()),
            "public_spend_cny": float(w * g["public_spend_cny"].sum()),
            "carbon_price_revenue_cny": float(w * g["carbon_price_revenue_cny"].sum()),
            "net_public_cost_cny": float(w * g["net_public_cost_cny"].sum()),
            "profit_change_cny": float(w * g["profit_change_cny"].sum()),
            "jobs_base": float(w * g["jobs_base"].sum()),
            "jobs_policy": float(w * g["jobs_policy"].sum()),
            "quits_base": float(w * g["quits_base"].sum()),
            "quits_policy": float(w * g["quits_policy"].sum()),
            "share_losing": float((dp < 0).mean()),
            "share_induced": float(g["induced_any"].mean())})

    targets = instrument_targets()
    spend_rows = []
    for line, path in SUBSIDY_LINES.items():
        paid = df[f"spend_{line}_cny"].to_numpy(dtype=float)
        target = targets.get(line, frozenset())
        moved = np.array([bool(target & (p - b)) for b, p in zip(lb, lp, strict=True)])
        already = np.array([bool(target) and target <= b for b in lb])
        windfall = float(w * paid[~moved].sum())
        total = float(w * paid.sum())
        spend_rows.append({
            "instrument": line, "path": path, "levers": ",".join(sorted(target)),
            "public_spend_cny": total, "shops_paid": int((paid != 0).sum()),
            "windfall_cny": windfall,
            "windfall_already_cny": float(w * paid[~moved & already].sum()),
            "additional_cny": float(w * paid[moved].sum()),
            "additionality": float(w * paid[moved].sum()) / total if total != 0 else float("nan")})

    labour_rows = []
    for metric, cb, cp in (("jobs", "jobs_base", "jobs_policy"),
                           ("quits", "quits_base", "quits_policy")):
        diff, lo, hi = total_interval((df[cp] - df[cb]).to_numpy(), N, confidence)
        labour_rows.append({"metric": metric, "base": float(w * df[cb].sum()),
                            "policy": float(w * df[cp].sum()), "difference": diff,
                            "ci_low": lo, "ci_high": hi})
    dt = (df["turnover_policy"] - df["turnover_base"]).to_numpy(dtype=float)
    dt = dt[np.isfinite(dt)]
    mt, lo, hi = total_interval(dt, 1, confidence) if len(dt) else (float("nan"),) * 3
    labour_rows.append({"metric": TURNOVER_KPI, "base": _finite_mean(df["turnover_base"]),
                        "policy": _finite_mean(df["turnover_policy"]), "difference": mt,
                        "ci_low": lo, "ci_high": hi})

    base_t = float(w * df["carbon_base_kg"].sum() / 1000.0)
    pol_t = float(w * df["carbon_policy_kg"].sum() / 1000.0)
    headline = pd.DataFrame([
        ("tonnes_avoided", tonnes, t_lo, t_hi, "t CO2e", None),
        ("carbon_base_t", base_t, np.nan, np.nan, "t CO2e", None),
        ("carbon_policy_t", pol_t, np.nan, np.nan, "t CO2e", None),
        ("public_spend_cny", spend, np.nan, np.nan, "CNY", None),
        ("carbon_price_revenue_cny", revenue, np.nan, np.nan, "CNY", None),
        ("net_public_cost_cny", spend - revenue, np.nan, np.nan, "CNY", None),
        ("profit_change_cny", prof, p_lo, p_hi, "CNY", None),
        ("public_cost_per_tonne_cny", pub[0], pub[1], pub[2], "CNY/t CO2e", pub[3]),
        ("total_cost_per_tonne_cny", tot[0], tot[1], tot[2], "CNY/t CO2e", tot[3]),
    ], columns=["metric", "value", "ci_low", "ci_high", "unit", "note"])

    keep = [c for c in df.columns if not c.startswith(("base_", "policy_")) and c != "induced_any"]
    return LabResult(
        region=name, policy=dict(policy or {}), seed=int(seed), horizon_days=int(horizon_days),
        n_region_shops=N, n_shops=n, weight=w, tonnes_avoided=tonnes, tonnes_ci=(t_lo, t_hi),
        carbon_base_t=base_t, carbon_policy_t=pol_t, public_spend_cny=spend,
        spend_by_instrument=spend_lines, carbon_price_revenue_cny=revenue,
        net_public_cost_cny=spend - revenue, profit_change_cny=prof,
        profit_change_ci=(p_lo, p_hi), public_cost_per_tonne=pub[0],
        public_cost_per_tonne_ci=(pub[1], pub[2]), public_cost_per_tonne_note=pub[3],
        total_cost_per_tonne=tot[0], total_cost_per_tonne_ci=(tot[1], tot[2]),
        total_cost_per_tonne_note=tot[3], shops=df[keep].copy(), headline=headline,
        spend=pd.DataFrame(spend_rows), adoption=pd.DataFrame(adoption_rows),
        profit=pd.DataFrame(profit_rows), labour=pd.DataFrame(labour_rows),
        by_group=pd.DataFrame(group_rows), levers=levers, confidence=confidence,
        outcomes=outcomes)
