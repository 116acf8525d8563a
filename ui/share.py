"""The share-link codec: a link's query parameters reopen the exact scenario, seed,
replications and language.

A link carries::

    v     scenario schema version (SCHEMA_VERSION)
    m     model version (MODEL_VERSION); a different one only warns
    lang  zh or en
    seed  the random seed, 0..2**32-1
    reps  the number of replications
    s     the changes from the baseline Scenario() as dotted paths: compact JSON with sorted
          keys, zlib-compressed, base64url without padding
    f     optional: 1 when the full set of replications was on show (else the preview)
    k     optional: "cmp" for a comparison's link (the compare page, see encode_comparison)
    c     the first 12 hex digits of sha256 over the other parameters in a fixed order

``c`` is an integrity check that catches a link cut short or edited by hand; it is not a
signature (anyone can compute it) and gives no security. Whatever the link holds, the
scenario is rebuilt by the one strict loader (``apply_changes``), so a crafted link can
only fail with a message, never bypass validation. Plain Python: no streamlit here.
"""

from __future__ import annotations

import base64
import binascii
import hashlib
import json
import re
import zlib
from dataclasses import dataclass, field
from typing import Any, Mapping, Sequence
from urllib.parse import urlencode

from simulation.loader import ScenarioError, apply_changes, diff_scenarios
from simulation.scenario import MODEL_VERSION, SCHEMA_VERSION, Scenario

from .i18n import LANGS, MessageError
from .limits import MAX_REPLICATIONS, MAX_SEED

SIGNED = ("v", "m", "lang", "seed", "reps", "s")   # the order the checksum reads them in
OPTIONAL_SIGNED = ("f", "k")      # f=1: the full set of replications was on show; k: the page
                                  # ("cmp": a comparison); both signed too when present
PARAMS = SIGNED + ("c",)
SHARE_KEYS = ("s", "c", "v")                      # any of these means "a share link"
CHECK_DIGITS = 12
MAX_PAYLOAD_CHARS = 16_000        # the encoded payload, checked before decoding anything
MAX_JSON_BYTES = 256 * 1024       # what the payload may expand to (a zip bomb stops here)
MAX_PROBLEM_LINES = 20            # problem lines quoted in an invalid-scenario message
_B64URL = re.compile(r"[A-Za-z0-9_-]*")
_DOTTED = re.compile(r"[A-Za-z_][A-Za-z0-9_]*(\.[A-Za-z_][A-Za-z0-9_]*)*")
_SHOW = 24                        # characters of a bad value quoted back in a message


class ShareLinkError(MessageError):
    """A share link that cannot be opened. ``key`` is a ``"share.<name>"`` string key."""


@dataclass(frozen=True)
class Shared:
    """What a share link reopens. ``warnings`` holds (string key, format fields) pairs, such
    as a link made with another model version."""

    scenario: Scenario
    seed: int
    replications: int
    lang: str
    warnings: tuple[tuple[str, dict[str, str]], ...] = field(default_factory=tuple)
    full: bool = False            # reopen with the full set of replications, not the preview


# -- encoding --------------------------------------------------------------------------------

def _checksum(params: Mapping[str, str]) -> str:
    keys = SIGNED + tuple(k for k in OPTIONAL_SIGNED if params.get(k) is not None)
    text = "&".join(f"{k}={params[k]}" for k in keys)
    return hashlib.sha256(text.encode("utf-8")).hexdigest()[:CHECK_DIGITS]


def _b64encode(data: bytes) -> str:
    return base64.urlsafe_b64encode(data).decode("ascii").rstrip("=")


def encode_payload(changes: Mapping[str, Any]) -> str:
    """Dotted-path ``changes`` as the ``s`` parameter (compact sorted JSON, zlib, base64url)."""
    text = json.dumps(changes, sort_keys=True, separators=(",", ":"), ensure_ascii=False,
                      allow_nan=False)
    return _b64encode(zlib.compress(text.encode("utf-8"), 9))


def sign(params: Mapping[str, str]) -> dict[str, str]:
    """``params`` (v, m, lang, seed, reps, s and optionally f) with their checksum ``c`` added,
    in link order."""
    out = {k: params[k] for k in SIGNED}
    out.update({k: params[k] for k in OPTIONAL_SIGNED if params.get(k) is not None})
    out["c"] = _checksum(out)
    return out


def encode(scenario: Scenario, seed: int, replications: int, lang: str,
           full: bool = False) -> dict[str, str]:
    """The query parameters of a link that reopens ``scenario`` with this seed, number of
    replications and language (see the module docstring for what each one holds);
    ``full=True`` adds f=1: the link reopens with the full set of replications run."""
    if not isinstance(scenario, Scenario):
        raise TypeError(f"expected a Scenario, got {type(scenario).__name__}")
    if isinstance(seed, bool) or not isinstance(seed, int) or not 0 <= seed <= MAX_SEED:
        raise ValueError(f"seed must be an integer in [0, {MAX_SEED}], got {seed!r}")
    if isinstance(replications, bool) or not isinstance(replications, int) or replications < 1:
        raise ValueError(f"replications must be a positive integer, got {replications!r}")
    if lang not in LANGS:
        raise ValueError(f"lang must be one of {LANGS}, got {lang!r}")
    return sign({"v": str(SCHEMA_VERSION), "m": MODEL_VERSION, "lang": lang, "seed": str(seed),
                 "reps": str(replications),
                 "s": encode_payload(diff_scenarios(Scenario(), scenario)),
                 **({"f": "1"} if full else {})})


def query_string(params: Mapping[str, str]) -> str:
    """``params`` as a URL query string (without the ``?``), for a copyable link."""
    return urlencode(dict(params))


# -- decoding --------------------------------------------------------------------------------

def has_share_params(params: Mapping[str, Any]) -> bool:
    """True when the query parameters look like a share link (any of s, c, v is present)."""
    return any(k in params for k in SHARE_KEYS)


def _value(params: Mapping[str, Any], key: str) -> str | None:
    """One query parameter as text: the last one if repeated; None when absent or empty."""
    value = params.get(key)
    if isinstance(value, (list, tuple)):
        value = value[-1] if value else None
    if value is None:
        return None
    value = value if isinstance(value, str) else str(value)
    return value or None


def _show(value: str) -> str:
    """A value from the link, safe to quote in a message: printable and short."""
    text = value if value.isprintable() else repr(value)[1:-1]
    return text if len(text) <= _SHOW else text[: _SHOW - 1] + "…"


def _whole_number(text: str, lo: int, hi: int) -> int | None:
    """``text`` as an integer in [lo, hi] if it is plain ASCII digits, else None."""
    if not (text.isascii() and text.isdigit()) or len(text) > len(str(hi)) + 2:
        return None
    number = int(text)
    return number if lo <= number <= hi else None


def decode_payload(payload: str) -> Any:
    """The JSON value in an ``s`` parameter; ShareLinkError if too long, damaged or a bomb."""
    if len(payload) > MAX_PAYLOAD_CHARS:
        raise ShareLinkError("share.too_long", length=f"{len(payload):,}",
                             limit=f"{MAX_PAYLOAD_CHARS:,}")
    if not _B64URL.fullmatch(payload):
        raise ShareLinkError("share.damaged")
    try:
        data = base64.urlsafe_b64decode(payload + "=" * (-len(payload) % 4))
    except (binascii.Error, ValueError):
        raise ShareLinkError("share.damaged") from None
    inflater = zlib.decompressobj()
    try:
        text = inflater.decompress(data, max_length=MAX_JSON_BYTES)
    except zlib.error:
        raise ShareLinkError("share.damaged") from None
    if inflater.unconsumed_tail:
        raise ShareLinkError("share.too_large", limit_kb=MAX_JSON_BYTES // 1024)
    if not inflater.eof or inflater.unused_data:
        raise ShareLinkError("share.damaged")   # cut short, or something appended
    try:
        return json.loads(text.decode("utf-8"))
    except (UnicodeDecodeError, ValueError, RecursionError):
        raise ShareLinkError("share.damaged") from None


def _problems(err: ScenarioError) -> str:
    lines = err.problems[:MAX_PROBLEM_LINES]
    if len(err.problems) > MAX_PROBLEM_LINES:
        lines.append(f"… (+{len(err.problems) - MAX_PROBLEM_LINES})")
    return "\n".join(f"- {line}" for line in lines)


def _envelope(params: Mapping[str, Any], max_replications: int) -> tuple[dict[str, str], int, int]:
    """The checks every link shares, in order: missing parameters, payload length, schema
    version, seed, replications, language. Returns the parameters found, the seed and the
    replications; raises ShareLinkError naming the first problem."""
    values = {k: _value(params, k) for k in PARAMS}
    missing = [k for k in PARAMS if values[k] is None]
    if missing:
        raise ShareLinkError("share.missing", names=", ".join(missing))
    got: dict[str, str] = {k: v for k, v in values.items() if v is not None}
    if len(got["s"]) > MAX_PAYLOAD_CHARS:
        raise ShareLinkError("share.too_long", length=f"{len(got['s']):,}",
                             limit=f"{MAX_PAYLOAD_CHARS:,}")
    if got["v"] != str(SCHEMA_VERSION):
        raise ShareLinkError("share.bad_version", link_version=_show(got["v"]),
                             app_version=str(SCHEMA_VERSION))
    seed = _whole_number(got["seed"], 0, MAX_SEED)
    if seed is None:
        raise ShareLinkError("share.bad_seed", value=_show(got["seed"]), max=str(MAX_SEED))
    reps = _whole_number(got["reps"], 1, max_replications)
    if reps is None:
        raise ShareLinkError("share.bad_reps", value=_show(got["reps"]), max=str(max_replications))
    if got["lang"] not in LANGS:
        raise ShareLinkError("share.bad_lang", value=_show(got["lang"]), langs=", ".join(LANGS))
    return got, seed, reps


def decode(params: Mapping[str, Any], max_replications: int = MAX_REPLICATIONS) -> Shared:
    """The scenario, seed, replications and language a link's query parameters hold.

    ``params`` maps names to text (``st.query_params``) or to lists of text (the last one
    counts). Raises ShareLinkError naming the first problem found, checking in this order:
    missing parameters, payload length, schema version, seed, replications, language, the
    checksum, then the payload itself and the scenario it describes. A different model
    version is not an error: it becomes a warning in ``Shared.warnings``.
    """
    if _value(params, "k") is not None:
        raise ShareLinkError("share.compare_link")     # a comparison's link, on the builder
    got, seed, reps = _envelope(params, max_replications)
    view = _value(params, "f")
    if view is not None:
        got["f"] = view
    if got["c"].lower() != _checksum(got) or view not in (None, "0", "1"):
        raise ShareLinkError("share.damaged")
    changes = decode_payload(got["s"])
    if not isinstance(changes, dict) or not all(_DOTTED.fullmatch(k) for k in changes):
        raise ShareLinkError("share.not_object")
    try:
        scenario = apply_changes(Scenario(), changes, source="share link")
    except ScenarioError as err:
        raise ShareLinkError("share.invalid_scenario", problems=_problems(err)) from None
    warnings: tuple[tuple[str, dict[str, str]], ...] = ()
    if got["m"] != MODEL_VERSION:
        warnings = (("share.model_version_differs",
                     {"link_version": _show(got["m"]), "app_version": MODEL_VERSION}),)
    return Shared(scenario=scenario, seed=seed, replications=reps, lang=got["lang"],
                  warnings=warnings, full=view == "1")


# -- a comparison's link (the compare page) -------------------------------------------------
#
# The same parameters, signed the same way, plus k=cmp; its ``s`` holds
# ``{"items": [...], "ref": i}``: an item is ``{"p": name}`` for a preset (by name) or
# ``{"t": {"zh", "en"}, "s": changes}`` for any other scenario (a library entry, an upload,
# the builder's current scenario: carried by its changes from the baseline, so the link
# opens in another browser with another workspace); ``ref`` is the reference's position.

COMPARE_KIND = "cmp"
MAX_TITLE_CHARS = 120             # a scenario's title in a comparison's link


@dataclass(frozen=True)
class SharedItem:
    """One scenario of a shared comparison: a preset (``preset`` its name) or a scenario
    carried by its changes, with its title in both languages."""

    scenario: Scenario
    title: Mapping[str, str]
    preset: str | None = None


@dataclass(frozen=True)
class SharedComparison:
    """What a comparison's link reopens."""

    items: tuple[SharedItem, ...]
    reference: int                # position of the reference in ``items``
    seed: int
    replications: int
    lang: str
    warnings: tuple[tuple[str, dict[str, str]], ...] = field(default_factory=tuple)


def is_comparison(params: Mapping[str, Any]) -> bool:
    """True when the query parameters are a comparison's link (k=cmp)."""
    return _value(params, "k") == COMPARE_KIND


def _check_args(seed: int, replications: int, lang: str) -> None:
    if isinstance(seed, bool) or not isinstance(seed, int) or not 0 <= seed <= MAX_SEED:
        raise ValueError(f"seed must be an integer in [0, {MAX_SEED}], got {seed!r}")
    if isinstance(replications, bool) or not isinstance(replications, int) or replications < 1:
        raise ValueError(f"replications must be a positive integer, got {replications!r}")
    if lang not in LANGS:
        raise ValueError(f"lang must be one of {LANGS}, got {lang!r}")


def encode_comparison(items: Sequence[tuple[str | None, Mapping[str, str], Scenario]],
                      reference: int, seed: int, replications: int,
                      lang: str) -> dict[str, str]:
    """The query parameters of a link that reopens a comparison. ``items``: one
    (preset name or None, title {"zh", "en"}, scenario) per scenario, in order; a preset goes
    by its name, any other scenario by its changes from the baseline. ``reference``: the
    position of the reference scenario. Raises ShareLinkError("share.compare_too_long") when
    the encoded scenarios are over the link's size limit."""
    _check_args(seed, replications, lang)
    if not 0 <= reference < len(items):
        raise ValueError(f"reference must be a position in items, got {reference!r}")
    listed: list[dict[str, Any]] = []
    for preset, title, scenario in items:
        if preset is not None:
            listed.append({"p": preset})
        else:
            listed.append({"t": {k: str(title.get(k, ""))[:MAX_TITLE_CHARS] for k in LANGS},
                           "s": diff_scenarios(Scenario(), scenario)})
    payload = encode_payload({"items": listed, "ref": reference})
    if len(payload) > MAX_PAYLOAD_CHARS:
        raise ShareLinkError("share.compare_too_long", limit=f"{MAX_PAYLOAD_CHARS:,}")
    return sign({"v": str(SCHEMA_VERSION), "m": MODEL_VERSION, "lang": lang, "seed": str(seed),
                 "reps": str(replications), "s": payload, "k": COMPARE_KIND})


def _title(value: Any) -> dict[str, str]:
    if not isinstance(value, dict):
        raise ShareLinkError("share.compare_shape")
    out = {}
    for k in LANGS:
        text = value.get(k, "")
        if not isinstance(text, str):
            raise ShareLinkError("share.compare_shape")
        out[k] = _show_title(text)
    return out


def _show_title(text: str) -> str:
    text = "".join(ch if ch.isprintable() else " " for ch in text).strip()
    return text[:MAX_TITLE_CHARS]


def decode_comparison(params: Mapping[str, Any], max_replications: int = MAX_REPLICATIONS,
                      min_items: int = 2, max_items: int = 6,
                      presets: Mapping[str, Scenario] | None = None) -> SharedComparison:
    """The comparison a link's query parameters hold (see :func:`encode_comparison`).

    The same checks as :func:`decode`, in the same order (missing parameters, payload length,
    versions, seed, replications, language, the checksum over all of them and k), then the
    payload: its shape, ``min_items``..``max_items`` scenarios, every preset known
    (``presets``: name -> scenario, by default the built-in ones), every other scenario valid
    under the strict loader. Raises ShareLinkError naming the first problem."""
    if not is_comparison(params):
        raise ShareLinkError("share.not_comparison")
    got, seed, reps = _envelope(params, max_replications)
    got["k"] = COMPARE_KIND
    if _value(params, "f") is not None or got["c"].lower() != _checksum(got):
        raise ShareLinkError("share.damaged")
    data = decode_payload(got["s"])
    if (not isinstance(data, dict) or set(data) != {"items", "ref"}
            or not isinstance(data["items"], list) or not isinstance(data["ref"], int)
            or isinstance(data["ref"], bool)):
        raise ShareLinkError("share.compare_shape")
    listed = data["items"]
    if not min_items <= len(listed) <= max_items:
        raise ShareLinkError("share.compare_count", n=str(len(listed)), min=str(min_items),
                             max=str(max_items))
    if not 0 <= data["ref"] < len(listed):
        raise ShareLinkError("share.compare_shape")
    if presets is None:
        from simulation import list_presets
        presets = {p.name: p.scenario for p in list_presets()}
    items = []
    for i, item in enumerate(listed, start=1):
        if isinstance(item, dict) and set(item) == {"p"} and isinstance(item["p"], str):
            if item["p"] not in presets:
                raise ShareLinkError("share.unknown_preset", name=_show(item["p"]))
            items.append(SharedItem(presets[item["p"]], {k: "" for k in LANGS}, item["p"]))
            continue
        if not isinstance(item, dict) or set(item) != {"t", "s"}:
            raise ShareLinkError("share.compare_shape")
        changes = item["s"]
        if not isinstance(changes, dict) or not all(_DOTTED.fullmatch(k) for k in changes):
            raise ShareLinkError("share.not_object")
        try:
            scenario = apply_changes(Scenario(), changes, source="share link")
        except ScenarioError as err:
            raise ShareLinkError("share.compare_invalid", n=str(i),
                                 problems=_problems(err)) from None
        items.append(SharedItem(scenario, _title(item["t"])))
    warnings: tuple[tuple[str, dict[str, str]], ...] = ()
    if got["m"] != MODEL_VERSION:
        warnings = (("share.model_version_differs",
                     {"link_version": _show(got["m"]), "app_version": MODEL_VERSION}),)
    return SharedComparison(items=tuple(items), reference=data["ref"], seed=seed,
                            replications=reps, lang=got["lang"], warnings=warnings)
