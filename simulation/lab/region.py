"""A region as data: how many small online shops it has and the distributions they are
drawn from (``scenarios/regions/*.yaml``), with its strict loader.

A region file::

    schema_version: 1
    title: {zh: 县城, en: County town}
    description: {zh: ..., en: ...}
    shops: 2400                 # shops in the region (1..200,000)
    horizon_days: 180           # default simulated days of each shop (at most 730)
    categories:                 # category mix: the share of shops selling each category
      shares: {apparel: 0.3, beauty: 0.05, home_goods: 0.2, electronics: 0.05, food: 0.4}
      source: assumption ...
    orders_per_year:            # size: lognormal by median and sigma (log-sd), truncated
      median: 2500
      sigma: 1.0
      min: 300
      max: 60000
      source: ...
    rural:                      # share of shops in rural counties, and their parcels
      share: 0.6
      rural_parcel_share: 0.5   # of a rural shop's parcels, those to rural addresses
      urban_parcel_share: 0.2   # of an urban shop's parcels
      source: ...
    staff:                      # staff derived from size: orders a year per worker
      orders_per_packer: 16000
      orders_per_cs_agent: 24000
      source: ...
    margins:                    # gross margin = the category's + sd × N(0, 1), clipped
      sd: 0.05
      source: ...
    practices:                  # probability each lever is already in use
      probabilities: {green_packaging: 0.1, ...}
      source: ...
    capability:                 # digital capability in [0, 1]: Beta(a, b), or a fixed value
      a: 2
      b: 5
      source: ...
    adoption: {payback_years: 2, ..., sources: {payback_years: ..., ...}}

Every distribution carries a ``source``: a citation of the source documents by title and
section (the citations of :mod:`simulation.sources`), or text starting with "assumption".

The loader reuses the scenario loader's defences (:mod:`simulation.loader`): a size limit,
an event scan that refuses aliases, deep nesting, huge values and duplicate keys before
``yaml.safe_load`` builds anything; unknown keys are refused with a suggestion; every
problem is one line naming the file and the dotted path.

Why a lognormal for sizes: the sizes of firms and of online sellers are heavy-tailed, with
most shops small and a few large; a lognormal by its median (the typical shop) and log-sd is
the usual two-parameter description, easy to read and to make degenerate (sigma 0). It is
truncated to [min, max] (by its quantile function, so there is no atom at the cap): the cap
keeps one shop's simulation cheap.
"""

from __future__ import annotations

import difflib
import math
import os
from pathlib import Path
from typing import Any, Literal, Optional

from pydantic import BaseModel, ConfigDict, Field, ValidationError, model_validator

from .. import loader as _ld
from .. import sources as src
from ..category import CATEGORIES
from .adoption_settings import AdoptionSettings
from .levers import LEVERS

REGIONS_DIR = Path(__file__).resolve().parent.parent.parent / "scenarios" / "regions"
REGION_SCHEMA_VERSION = 1
MAX_REGION_SHOPS = 200_000
MAX_ORDERS_PER_YEAR = 150_000   # the largest shop a region may draw (see ``orders_per_year``)
MIN_ORDERS_PER_YEAR = 20
MAX_LAB_HORIZON_DAYS = 730      # with the size cap, keeps every shop within the workload limit
MAX_NAME = 100

# size bands by orders a year: the retail thresholds of China's SME classification
# (micro: revenue under 1 million CNY; small: under 5 million) at about 200 CNY an order
SIZE_BANDS: tuple[tuple[str, float], ...] = (("micro", 5_000.0), ("small", 25_000.0),
                                             ("medium", math.inf))
SIZE_BAND_SOURCE = ("assumption: the retail thresholds of the SME classification rules of 2011 "
                    "(revenue 1 and 5 million CNY) at about 200 CNY an order")


def size_band(orders_per_year: float) -> str:
    """"micro", "small" or "medium" by orders a year (:data:`SIZE_BANDS`)."""
    for name, upper in SIZE_BANDS:
        if orders_per_year < upper:
            return name
    return SIZE_BANDS[-1][0]


class RegionError(_ld.ScenarioError):
    """A region file could not be loaded; ``problems`` holds one line per problem."""


# -- sources ------------------------------------------------------------------------------

def _document_titles() -> tuple[str, ...]:
    """The source documents' titles as cited (English form and Chinese form)."""
    titles = set()
    for text in src.CITATIONS.values():
        head = text.split(" §")[0]
        titles.add(head)
        titles.add(src.zh(head))
    return tuple(sorted(t for t in titles if t))


_TITLES = _document_titles()


def source_problem(text: Any) -> str | None:
    """Why ``text`` is not an acceptable source, or None: it must cite a source document by
    title and section (``《...》 §2.1``, as :mod:`simulation.sources` writes them) or start
    with "assumption"."""
    if not isinstance(text, str) or not text.strip():
        return "a source is required: cite a source document by title and section, or start " \
               "with 'assumption'"
    t = text.strip()
    if t.lower().startswith(("assumption", "假设")):
        return None
    if any(title in t for title in _TITLES) and "§" in t:
        return None
    if "《" in t and "§" in t:     # a source document cited by its Chinese title alone
        return None
    return ("must cite a source document by title and section (for example "
            f"'{src.MERCHANT_CAPABILITY_PROBLEMS}') or start with 'assumption'")


# -- the model ----------------------------------------------------------------------------

class _Part(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True, strict=True)


class Bilingual(_Part):
    zh: str = Field(min_length=1, max_length=_ld.MAX_DESCRIPTION_CHARS)
    en: str = Field(min_length=1, max_length=_ld.MAX_DESCRIPTION_CHARS)


class CategoryMix(_Part):
    """The share of the region's shops selling each category (missing categories: 0)."""

    shares: dict[str, float]
    source: str

    @model_validator(mode="after")
    def _check(self) -> "CategoryMix":
        bad = [k for k in self.shares if k not in CATEGORIES]
        if bad:
            raise ValueError(f"unknown categor{'y' if len(bad) == 1 else 'ies'} "
                             f"{', '.join(map(repr, bad))}; one of {', '.join(CATEGORIES)}")
        for k, v in self.shares.items():
            if not (0.0 <= v <= 1.0) or not math.isfinite(v):
                raise ValueError(f"the share of {k!r} is {v!r}; a share is between 0 and 1")
        total = sum(self.shares.values())
        if abs(total - 1.0) > 1e-6:
            raise ValueError(f"the category shares sum to {total:.6g}; they must sum to 1")
        return self

    def probabilities(self) -> list[float]:
        return [float(self.shares.get(c, 0.0)) for c in CATEGORIES]


class OrdersPerYear(_Part):
    """Shop size in orders a year: lognormal by ``median`` and ``sigma`` (log-sd),
    truncated to [``min``, ``max``]; sigma 0 gives every shop the median."""

    distribution: Literal["lognormal"] = "lognormal"
    median: float = Field(ge=MIN_ORDERS_PER_YEAR, le=MAX_ORDERS_PER_YEAR)
    sigma: float = Field(ge=0, le=3)
    min: float = Field(MIN_ORDERS_PER_YEAR, ge=MIN_ORDERS_PER_YEAR, le=MAX_ORDERS_PER_YEAR)
    max: float = Field(MAX_ORDERS_PER_YEAR, ge=MIN_ORDERS_PER_YEAR, le=MAX_ORDERS_PER_YEAR)
    source: str

    @model_validator(mode="after")
    def _check(self) -> "OrdersPerYear":
        if not (self.min <= self.median <= self.max):
            raise ValueError(f"need min ≤ median ≤ max, got {self.min:g}, {self.median:g}, "
                             f"{self.max:g}")
        return self


class Rural(_Part):
    """``share``: the share of shops in rural counties. A rural shop sends
    ``rural_parcel_share`` of its parcels to rural addresses, an urban shop
    ``urban_parcel_share`` (the scenario's ``logistics.rural_share``)."""

    share: float = Field(ge=0, le=1)
    rural_parcel_share: float = Field(ge=0, le=1)
    urban_parcel_share: float = Field(ge=0, le=1)
    source: str


class StaffRule(_Part):
    """Staff derived from size: packers = orders a year / ``orders_per_packer`` and
    customer-service agents = orders a year / ``orders_per_cs_agent``, rounded, at least 1."""

    orders_per_packer: float = Field(ge=100, le=1_000_000)
    orders_per_cs_agent: float = Field(ge=100, le=1_000_000)
    source: str


class Margins(_Part):
    """Gross margin = the category profile's + ``sd`` × N(0, 1), kept within 0.05–0.90."""

    sd: float = Field(ge=0, le=0.3)
    source: str


class Practices(_Part):
    """The probability that each lever (:data:`simulation.lab.levers.LEVERS`) is already in
    use by a shop (independently; a missing lever: 0)."""

    probabilities: dict[str, float]
    source: str

    @model_validator(mode="after")
    def _check(self) -> "Practices":
        bad = [k for k in self.probabilities if k not in LEVERS]
        if bad:
            raise ValueError(f"unknown lever{'s' if len(bad) > 1 else ''} "
                             f"{', '.join(map(repr, bad))}; one of {', '.join(LEVERS)}")
        for k, v in self.probabilities.items():
            if not (0.0 <= v <= 1.0) or not math.isfinite(v):
                raise ValueError(f"the probability of {k!r} is {v!r}; it must be between 0 and 1")
        return self


class Capability(_Part):
    """A shop's digital capability in [0, 1] (the source documents' capability gaps): a
    Beta(``a``, ``b``) draw, or ``value`` for every shop."""

    a: Optional[float] = Field(None, gt=0, le=1000)
    b: Optional[float] = Field(None, gt=0, le=1000)
    value: Optional[float] = Field(None, ge=0, le=1)
    source: str

    @model_validator(mode="after")
    def _check(self) -> "Capability":
        beta = self.a is not None or self.b is not None
        if beta and (self.a is None or self.b is None):
            raise ValueError("a Beta capability needs both a and b")
        if beta == (self.value is not None):
            raise ValueError("give either a and b (a Beta distribution) or value (the same "
                             "for every shop)")
        return self

    def mean(self) -> float:
        return self.value if self.value is not None else self.a / (self.a + self.b)


class Region(_Part):
    """A region: its shops and the distributions they are drawn from. Immutable."""

    name: str = Field(min_length=1, max_length=MAX_NAME)
    title: Bilingual
    description: Bilingual
    shops: int = Field(ge=1, le=MAX_REGION_SHOPS)
    horizon_days: int = Field(180, ge=1, le=MAX_LAB_HORIZON_DAYS)
    categories: CategoryMix
    orders_per_year: OrdersPerYear
    rural: Rural
    staff: StaffRule
    margins: Margins
    practices: Practices
    capability: Capability
    adoption: AdoptionSettings = AdoptionSettings()
    schema_version: int = REGION_SCHEMA_VERSION

    @model_validator(mode="after")
    def _sources(self) -> "Region":
        problems = []
        for part in ("categories", "orders_per_year", "rural", "staff", "margins", "practices",
                     "capability"):
            why = source_problem(getattr(self, part).source)
            if why:
                problems.append(f"{part}.source: {why}")
        settings = [f for f in AdoptionSettings.model_fields if f != "sources"]
        for key in self.adoption.sources:
            if key not in settings:
                problems.append(f"adoption.sources.{key}: not an adoption setting"
                                f"{_ld._suggest(key, settings)}")
        for f in settings:
            why = source_problem(self.adoption.sources.get(f))
            if why:
                problems.append(f"adoption.sources.{f}: {why}")
        if problems:
            raise ValueError("\n".join(problems))
        return self

    def label(self, lang: str = "en") -> str:
        return getattr(self.title, "zh" if lang == "zh" else "en")


# -- loading ------------------------------------------------------------------------------

def _problems(err: ValidationError) -> list[str]:
    out = []
    for e in err.errors(include_url=False):
        loc = [str(p) for p in e.get("loc", ())]
        path = ".".join(loc)
        typ = e.get("type", "")
        msg = e.get("msg", "invalid")
        if msg.startswith("Value error, "):
            msg = msg[len("Value error, "):]
        value = e.get("input")
        if typ == "extra_forbidden":
            out.append(f"{_ld._key(path)}: unknown key{_suggest_field(loc)}")
            continue
        if typ == "missing":
            out.append(f"{path}: missing (required)")
            continue
        if typ == "value_error" and not path:      # the region's own checks name their paths
            out.extend(msg.split("\n"))
            continue
        if typ in ("greater_than_equal", "less_than_equal", "greater_than", "less_than"):
            ctx = e.get("ctx") or {}
            bound = next(iter(ctx.values()), "?")
            op = {"greater_than_equal": "≥", "less_than_equal": "≤", "greater_than": ">",
                  "less_than": "<"}[typ]
            msg = f"{_ld._fmt(value)} is out of range; it must be {op} {bound}"
        elif typ not in ("value_error", "assertion_error"):
            msg = f"{_ld._fmt(value)}: {msg[0].lower() + msg[1:]}"
        out.append(f"{path or 'region'}: {msg}")
    return out


def _suggest_field(loc: list[str]) -> str:
    model: Any = Region
    for part in loc[:-1]:
        fields = getattr(model, "model_fields", None)
        if not fields or part not in fields:
            return ""
        model = fields[part].annotation
    fields = getattr(model, "model_fields", None)
    if not fields:
        return ""
    valid = list(fields)
    close = difflib.get_close_matches(loc[-1], valid, n=1, cutoff=0.5)
    return f"; did you mean '{close[0]}'?" if close else f"; valid keys: {', '.join(valid)}"


def parse_region(text: str | bytes, source: str = "<text>", name: str | None = None) -> Region:
    """Parse and validate a region document (YAML text); ``name`` defaults to the document's
    ``name`` or ``source``'s file stem."""
    try:
        doc = _ld.read_yaml(text, None,
                            empty="the file is empty (nothing but white space or comments)")
    except _ld.ScenarioError as e:
        raise RegionError(e.problems, source) from None
    if not isinstance(doc, dict):
        raise RegionError(f"a region file must be a mapping of settings, got "
                          f"{type(doc).__name__}", source)
    problems: list[str] = []
    for k in doc:
        if not isinstance(k, str):
            problems.append(f"keys must be text, got {_ld._fmt(k)}")
    if problems:
        raise RegionError(problems, source)
    for key in ("title", "description"):
        limit = _ld.MAX_TITLE_CHARS if key == "title" else _ld.MAX_DESCRIPTION_CHARS
        _ld._text_problems(doc.get(key), key, problems, limit)
    for key, value in doc.items():
        if key not in ("title", "description"):
            _ld._text_problems(value, key, problems)
    if problems:
        raise RegionError(problems, source)
    version = doc.get("schema_version", REGION_SCHEMA_VERSION)
    if version != REGION_SCHEMA_VERSION:
        raise RegionError(f"schema_version: file has {_ld._fmt(version)}, this model reads "
                          f"{REGION_SCHEMA_VERSION}", source)
    doc.setdefault("name", name or Path(source).stem)
    if name is not None and doc["name"] != name:
        raise RegionError(f"name: the file says {_ld._fmt(doc['name'])} but is named "
                          f"{name!r}", source)
    try:
        return Region.model_validate(doc)
    except ValidationError as err:
        raise RegionError(_problems(err)[:_ld.MAX_REPORTED_PROBLEMS], source) from None


def _region_path(name_or_path: str | os.PathLike) -> Path:
    p = Path(name_or_path)
    if _ld._is_file(p):
        return p
    name = str(name_or_path)
    if (p.suffix == "" and len(name) <= MAX_NAME and name.replace("_", "").replace("-", "").isalnum()
            and _ld._is_file(REGIONS_DIR / f"{name}.yaml")):
        return REGIONS_DIR / f"{name}.yaml"
    raise RegionError(f"no such region or file{_ld._suggest(name, list_regions())}", name)


def load_region(name_or_path: str | os.PathLike | Region) -> Region:
    """A region by name (a file of ``scenarios/regions/``) or path, validated; a problem is
    a :class:`RegionError` (a ValueError) naming the file and the dotted path."""
    if isinstance(name_or_path, Region):
        return name_or_path
    path = _region_path(name_or_path)
    try:
        data = _ld._read(path)
    except _ld.ScenarioError as e:
        raise RegionError(e.problems, str(path)) from None
    return parse_region(data, str(path), name=None)


def list_regions() -> list[str]:
    """The names of the regions in :data:`REGIONS_DIR`, sorted."""
    return sorted(p.stem for p in REGIONS_DIR.glob("*.yaml"))
