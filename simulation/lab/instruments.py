"""The policy instruments of the regional policy lab: the scenario's public ``policy.*``
parameters a region's government can set, with their intensities.

Each instrument is a field of the schema's ``Policy`` section, so its labels (Chinese and
English), unit, bounds and source come from the schema (``simulation.scenario.parameter_rows``);
this module adds what the lab needs on top: a short key (the name of its line in
``SimulationResult.extras["subsidies_by_instrument"]``), the levers it targets (the practices
of :data:`simulation.lab.levers.LEVERS` whose value it raises), whether it is public money paid
to shops, and a default grid of intensities for the marginal abatement cost curve.

``policy.commission_rate`` is a ``policy`` field but not an instrument: it is the platform's
commission, not something a regional government sets. :func:`parse_instruments` refuses it
like any path outside :data:`INSTRUMENTS`.

Imports only the schema and the loader (no Streamlit, no Dask).
"""

from __future__ import annotations

import difflib
import math
from dataclasses import dataclass
from typing import Any, Mapping, Sequence

from ..scenario import Scenario, parameter_rows

__all__ = ["InstrumentInfo", "INSTRUMENTS", "INSTRUMENT_KEYS", "parse_instruments",
           "instrument_label", "format_value"]

# The levers, by name (simulation/lab/levers.py); repeated here as plain names so that this
# module stays free of the scenario changes.
_LOW_CARBON = ("green_packaging", "green_logistics")
_PRACTICES = ("green_packaging", "green_logistics", "staff_welfare", "supplier_audits")


@dataclass(frozen=True)
class InstrumentInfo:
    """One policy instrument (a ``policy.*`` field of the schema).

    ``key``: short name (the instrument's line of ``subsidies_by_instrument`` where it is
    public money); ``kind``: "fraction", "number" or "bool"; ``low``/``high``: the schema's
    bounds; ``off``: the no-policy value; ``grid``: default intensities for the MAC curve
    (increasing, all different from ``off``); ``levers``: the levers whose quick profit
    estimate it raises; ``raises_capability``: it also raises every shop's capability (the
    training subsidy); ``public_money``: paid to shops (a subsidy line), else a price or a
    rule."""

    path: str
    key: str
    label_zh: str
    label_en: str
    unit: str
    kind: str
    low: float | bool
    high: float | bool
    off: float | bool
    grid: tuple[Any, ...]
    levers: tuple[str, ...]
    raises_capability: bool
    public_money: bool
    source: str
    help_zh: str
    help_en: str

    def label(self, lang: str = "en") -> str:
        return self.label_zh if lang == "zh" else self.label_en


# path -> (key, kind, grid, levers, raises capability, public money)
_SPEC: dict[str, tuple[str, str, tuple[Any, ...], tuple[str, ...], bool, bool]] = {
    "policy.packaging_subsidy": (
        "packaging", "fraction", (0.25, 0.5, 0.75, 1.0), ("green_packaging",), False, True),
    "policy.green_logistics_subsidy_cny": (
        "green_logistics", "number", (0.2, 0.4, 0.8), ("green_logistics",), False, True),
    "policy.training_subsidy": (
        "training", "fraction", (0.25, 0.5, 1.0), ("staff_welfare",), True, True),
    "policy.carbon_price_cny_per_t": (
        "carbon_price", "number", (100.0, 300.0, 1000.0), _LOW_CARBON, False, False),
    # a mandate: every shop shows a footprint page, which makes practice pay in trust
    "policy.disclosure_mandate": (
        "disclosure", "bool", (True,), ("footprint_page",) + _PRACTICES, False, False),
    "policy.community_funding_cny_per_year": (
        "community", "number", (2_000.0, 5_000.0, 10_000.0, 20_000.0), ("community_marketing",),
        False, True),
    "policy.commission_rebate": (
        "commission_rebate", "fraction", (0.0025, 0.005, 0.01, 0.02), _LOW_CARBON, False, True),
}


def _build() -> dict[str, InstrumentInfo]:
    rows = parameter_rows()
    defaults = Scenario()
    out: dict[str, InstrumentInfo] = {}
    for path, (key, kind, grid, levers, capability, public) in _SPEC.items():
        r = rows[path]              # every instrument is a field of the schema's Policy
        off = getattr(defaults.policy, path.split(".", 1)[1])
        lo, hi = (False, True) if kind == "bool" else (r["min"], r["max"])
        out[path] = InstrumentInfo(
            path=path, key=key, label_zh=r["label_zh"], label_en=r["label_en"], unit=r["unit"],
            kind=kind, low=lo, high=hi, off=off, grid=grid, levers=levers,
            raises_capability=capability, public_money=public, source=r["source"],
            help_zh=r["help_zh"], help_en=r["help_en"])
    return out


#: Every instrument by dotted path, in a fixed order (subsidies first, then the carbon
#: price, the mandate, community funding and the rebate).
INSTRUMENTS: dict[str, InstrumentInfo] = _build()
#: short key -> dotted path
INSTRUMENT_KEYS: dict[str, str] = {i.key: p for p, i in INSTRUMENTS.items()}


def instrument_label(path: str, lang: str = "en") -> str:
    """The instrument's label in ``lang`` (the path itself if it is not an instrument)."""
    info = INSTRUMENTS.get(path)
    return info.label(lang) if info else path


def format_value(path: str, value: Any, lang: str = "en") -> str:
    """An intensity as people read it: 50% for a fraction, "12.5 CNY/parcel", on/off."""
    info = INSTRUMENTS[path]
    if info.kind == "bool":
        return ("是" if value else "否") if lang == "zh" else ("on" if value else "off")
    if info.kind == "fraction":
        return f"{float(value) * 100:g}%"
    return f"{float(value):,g} {info.unit}".strip()


def _num(x: float) -> str:
    return str(int(x)) if float(x).is_integer() else f"{x:g}"


def _not_an_instrument(path: str) -> ValueError:
    names = list(INSTRUMENTS)
    close = difflib.get_close_matches(path, names, n=1, cutoff=0.6)
    hint = f"; did you mean '{close[0]}'?" if close else ""
    why = (" (the platform's commission is not a public policy instrument)"
           if path == "policy.commission_rate" else "")
    shown = path if path.isprintable() and len(path) <= 80 else repr(path)[:80]
    return ValueError(f"{shown}: not a policy instrument{why}{hint}; the instruments are "
                      f"{', '.join(names)}")


def _parse_text(path: str, text: str, info: InstrumentInfo) -> Any:
    """A value written on a command line: YAML scalar syntax (0.5, true), or a percentage
    for a fraction (50%)."""
    from ..loader import parse_value

    s = text.strip()
    if info.kind == "fraction" and s.endswith("%"):
        try:
            return float(s[:-1]) / 100.0
        except ValueError:
            raise ValueError(f"{path}: {text!r} is not a percentage") from None
    return parse_value(s)


def _check(path: str, value: Any, info: InstrumentInfo) -> float | bool:
    if info.kind == "bool":
        if not isinstance(value, bool):
            raise ValueError(f"{path}: {value!r}: expected true or false")
        return value
    if isinstance(value, bool) or not isinstance(value, (int, float)):
        raise ValueError(f"{path}: {value!r}: expected a number in [{_num(info.low)}, "
                         f"{_num(info.high)}] ({info.unit})")
    v = float(value)
    if not math.isfinite(v) or v < info.low or v > info.high:
        raise ValueError(f"{path}: {value!r} is out of range; allowed [{_num(info.low)}, "
                         f"{_num(info.high)}] ({info.unit})")
    return v


def parse_instruments(items: Sequence[str] | Mapping[str, Any] | str) -> dict[str, Any]:
    """The instruments a policy sets, ``{dotted path: value}``, validated.

    ``items``: ``"policy.packaging_subsidy=0.5"`` strings (one ``PATH=VALUE`` each; a
    fraction may be written as a percentage, ``50%``), or a mapping of paths to values.
    A path outside :data:`INSTRUMENTS`, a path given twice, a value of the wrong type or out
    of the schema's range is a ValueError naming the path and the allowed range. Numbers
    come back as floats, the mandate as a bool, in the order given; an instrument at its
    no-policy value is kept (it changes nothing)."""
    pairs: list[tuple[str, Any, bool]] = []     # (path, value, written as text)
    if isinstance(items, str):
        items = [items]
    if isinstance(items, Mapping):
        for k, v in items.items():
            if not isinstance(k, str):
                raise ValueError(f"instrument paths must be text like 'policy.packaging_subsidy', "
                                 f"got {k!r}")
            pairs.append((k.strip(), v, False))
    else:
        for item in items:
            if not isinstance(item, str) or "=" not in item:
                raise ValueError(f"{item!r}: expected PATH=VALUE, for example "
                                 "policy.packaging_subsidy=0.5")
            k, v = item.split("=", 1)
            pairs.append((k.strip(), v, True))
    out: dict[str, Any] = {}
    for path, value, text in pairs:
        info = INSTRUMENTS.get(path)
        if info is None:
            raise _not_an_instrument(path)
        if path in out:
            raise ValueError(f"{path}: given more than once")
        if text:
            value = _parse_text(path, value, info)
        out[path] = _check(path, value, info)
    if out:     # the schema has the last word (its own checks name the path and range)
        Scenario().with_changes(out)
    return out
