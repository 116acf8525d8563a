"""The one strict loader for scenario files and changes.

A scenario file is a named set of changes from the baseline::

    schema_version: 1
    title: {zh: 绿色包装, en: Green packaging}
    description: {zh: ..., en: ...}
    include: [other_preset]          # optional: presets applied first
    changes:
      packaging.option: recycled_carton

YAML is parsed with ``yaml.safe_load`` only, after an event scan (libyaml's C parser where
available) that refuses aliases (a "billion laughs" document is rejected before anything is
built), deep nesting and duplicate keys.
Every problem becomes one line naming the dotted path, the value and what is allowed.
"""

from __future__ import annotations

import copy
import difflib
import os
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Mapping

import yaml
from pydantic import ValidationError

from . import category
from .scenario import SCHEMA_VERSION, Scenario, field_bounds

# the event scan (aliases, depth, duplicate keys) runs on libyaml's C parser where PyYAML was
# built with it (events only: nothing is constructed); the document itself is loaded with
# yaml.safe_load
_EventParser = getattr(yaml, "CSafeLoader", yaml.SafeLoader)

MAX_FILE_BYTES = 1_000_000
MAX_CHANGES = 500
MAX_INCLUDE_DEPTH = 8
MAX_YAML_DEPTH = 32  # nesting levels; a scenario file needs about 5
MAX_YAML_NODES = 10_000   # values and collections; every parameter changed at once is ~1,500
MAX_SCAN_SECONDS = 1.0    # the event scan of a file gives up after this
MAX_PRESET_NAME = 100
MAX_TITLE_CHARS = 120           # a title in either language
MAX_DESCRIPTION_CHARS = 2000    # a description in either language
MAX_TEXT_CHARS = 1000           # any other text value
MAX_REPORTED_PROBLEMS = 20      # problems listed in one message; the rest are counted
PRESET_DIR = Path(__file__).resolve().parent.parent / "scenarios"
TOP_LEVEL_KEYS = ("schema_version", "title", "description", "include", "changes")


class ScenarioError(ValueError):
    """A scenario could not be built; ``problems`` holds one line per problem."""

    def __init__(self, problems: list[str] | str, source: str | None = None):
        self.problems = [problems] if isinstance(problems, str) else list(problems)
        self.source = source
        prefix = f"{source}: " if source else ""
        super().__init__("\n".join(prefix + p for p in self.problems))


@dataclass(frozen=True)
class Preset:
    name: str
    title: dict[str, str]
    description: dict[str, str]
    changes: dict[str, Any]
    scenario: Scenario
    path: Path | None = None
    include: tuple[str, ...] = field(default_factory=tuple)


def _suggest(key: str, valid: list[str]) -> str:
    close = difflib.get_close_matches(key, valid, n=1, cutoff=0.5)
    return f"; did you mean '{close[0]}'?" if close else f"; valid keys: {', '.join(sorted(valid))}"


def _fmt(v: Any) -> str:
    try:
        s = repr(v)
    except (ValueError, RecursionError):  # an int of over 4300 digits, a very deep value
        s = f"<{type(v).__name__} too large to show>"
    return s if len(s) <= 60 else s[:57] + "..."


def _key(path: str) -> str:
    """A key or dotted path as written, or quoted and cut short if it holds a line break or
    other unprintable character, or is very long (each problem must stay one line)."""
    return path if path.isprintable() and len(path) <= 80 else _fmt(path)


def _merge(target: dict, value: Any, path: str, problems: list[str]) -> Any:
    """Deep-merge ``value`` into ``target`` (a dict), rejecting unknown keys."""
    if not isinstance(value, Mapping):
        return value
    out = dict(target)
    for k, v in value.items():
        if not isinstance(k, str):
            problems.append(f"{path}: keys must be text, got {_fmt(k)}")
            continue
        sub = f"{path}.{k}" if path else k
        if k not in out:
            problems.append(f"{_key(sub)}: unknown key{_suggest(k, list(out))}")
            continue
        if isinstance(out[k], dict):
            if not isinstance(v, Mapping):
                problems.append(f"{sub}: expected a mapping of settings, got {_fmt(v)}")
                continue
            out[k] = _merge(out[k], v, sub, problems)
        elif _bool_for_number(out[k], v):
            problems.append(f"{sub}: {_fmt(v)}: expected a number, got true/false")
        elif _text_for_number(out[k], v):
            problems.append(f"{sub}: {_fmt(v)}: expected a number, got text (write it without "
                            f"quotes)")
        else:
            out[k] = v
    return out


def _bool_for_number(current: Any, value: Any) -> bool:
    """True/false given for a numeric setting (pydantic would quietly read it as 1/0)."""
    return (isinstance(value, bool) and isinstance(current, (int, float))
            and not isinstance(current, bool))


def _text_for_number(current: Any, value: Any) -> bool:
    """Text given for a numeric setting: ``'4'`` (quoted) is not a number of packers, though
    pydantic would quietly read it as 4."""
    return (isinstance(value, str) and isinstance(current, (int, float))
            and not isinstance(current, bool))


def text_problem(value: str, limit: int = MAX_TEXT_CHARS) -> str | None:
    """Why ``value`` cannot be used as text, or None: a character that cannot be written
    as UTF-8 (a lone surrogate), a control character other than newline and tab, or more
    than ``limit`` characters."""
    try:
        value.encode("utf-8")
    except UnicodeEncodeError as e:
        return f"holds a character that is not valid Unicode (a lone surrogate, at {e.start})"
    for i, ch in enumerate(value):
        if ch not in "\n\t" and (ord(ch) < 32 or 127 <= ord(ch) < 160):
            return f"holds a control character (U+{ord(ch):04X}, at {i})"
    if len(value) > limit:
        return f"is {len(value):,} characters long; at most {limit:,}"
    return None


def _text_problems(value: Any, path: str, problems: list[str], limit: int = MAX_TEXT_CHARS) -> None:
    """A problem line for every key or text value in ``value`` that :func:`text_problem`
    refuses, named by its dotted path."""
    if isinstance(value, str):
        why = text_problem(value, limit)
        if why:
            problems.append(f"{_key(path) if text_problem(path) is None else _fmt(path)}: "
                            f"text {why}")
    elif isinstance(value, Mapping):
        for k, v in value.items():
            sub = f"{path}.{k}" if path else str(k)
            if isinstance(k, str) and text_problem(k):
                problems.append(f"{_fmt(sub)}: key {text_problem(k)}")
                continue
            _text_problems(v, sub, problems, limit)
    elif isinstance(value, (list, tuple)):
        for i, v in enumerate(value):
            _text_problems(v, f"{path}[{i}]", problems, limit)


def _set_path(doc: dict, dotted: str, value: Any, problems: list[str]) -> None:
    parts = dotted.split(".")
    node = doc
    for i, part in enumerate(parts):
        here = ".".join(parts[: i + 1])
        if not isinstance(node, dict):
            problems.append(f"{_key(dotted)}: '{'.'.join(parts[:i])}' is a value, not a section")
            return
        if part not in node:
            problems.append(f"{_key(here)}: unknown key{_suggest(part, list(node))}")
            return
        if i == len(parts) - 1:
            if isinstance(node[part], dict):
                if not isinstance(value, Mapping):
                    problems.append(f"{dotted}: expected a mapping of settings, got {_fmt(value)}")
                    return
                node[part] = _merge(node[part], value, dotted, problems)
            elif _bool_for_number(node[part], value):
                problems.append(f"{dotted}: {_fmt(value)}: expected a number, got true/false")
            elif _text_for_number(node[part], value):
                problems.append(f"{dotted}: {_fmt(value)}: expected a number, got text (write it "
                                f"without quotes)")
            else:
                node[part] = value
        else:
            node = node[part]


def _validation_problems(err: ValidationError, doc: dict) -> list[str]:
    out = []
    for e in err.errors(include_url=False):
        loc = ".".join(str(p) for p in e.get("loc", ()))
        msg = e.get("msg", "invalid")
        if msg.startswith("Value error, "):
            msg = msg[len("Value error, "):]
        ctx = e.get("ctx") or {}
        typ = e.get("type", "")
        value = e.get("input")
        if typ in ("greater_than_equal", "less_than_equal", "greater_than", "less_than"):
            lo, hi = _bounds(loc)
            msg = f"{_fmt(value)} is out of range; allowed [{lo}, {hi}]"
        elif typ == "literal_error":
            msg = f"{_fmt(value)} is not one of {ctx.get('expected', '')}"
        elif (typ.endswith("_type") or typ.endswith("_parsing") or typ.startswith("int_")
              or typ == "finite_number"):
            msg = f"{_fmt(value)}: {msg[0].lower() + msg[1:]}"
        out.append(f"{loc or 'scenario'}: {msg}")
    return out


def _bounds(dotted: str) -> tuple[str, str]:
    model: Any = Scenario
    info = None
    for part in dotted.split("."):
        fields = getattr(model, "model_fields", None)
        if not fields or part not in fields:
            return "?", "?"
        info = fields[part]
        model = info.annotation
    lo, hi = field_bounds(info) if info else (None, None)
    return ("?" if lo is None else _num(lo)), ("?" if hi is None else _num(hi))


def _num(x: float) -> str:
    """A bound as people write it: 20000000, not 2e+07; 0.25 stays 0.25."""
    return str(int(x)) if float(x).is_integer() else f"{x:g}"


def _explicit_paths(changes: Mapping[str, Any], prefix: str = "") -> set[str]:
    """The dotted paths a change sets explicitly (mappings of settings opened up)."""
    out: set[str] = set()
    for k, v in changes.items():
        p = f"{prefix}{k}"
        out.add(p)
        if isinstance(v, Mapping):
            out |= _explicit_paths(v, p + ".")
    return out


def _apply_category(base: Scenario, doc: dict, changes: Mapping[str, Any]) -> None:
    """A change of ``shop.category`` brings the new category's profile (order value, margin,
    returns, packaging size, defects) for the settings the same changes do not set."""
    shop = doc.get("shop")
    new = shop.get("category") if isinstance(shop, dict) else None
    if not isinstance(new, str) or new == base.shop.category or new not in category.CATEGORY_PROFILES:
        return      # unchanged, or invalid (validation names it)
    category.apply_profile(doc, new, keep=_explicit_paths(changes))


def apply_changes(base: Scenario, changes: Mapping[str, Any], source: str | None = None) -> Scenario:
    """Return a new validated Scenario: ``base`` with dotted-path ``changes`` applied.

    Switching ``shop.category`` first applies that category's profile, then the explicit
    changes (see :mod:`simulation.category`)."""
    if not isinstance(changes, Mapping):
        raise ScenarioError(f"changes must be a mapping of dotted.path: value, got {_fmt(changes)}",
                            source)
    if len(changes) > MAX_CHANGES:
        raise ScenarioError(f"too many changes ({len(changes)}; at most {MAX_CHANGES})", source)
    doc = copy.deepcopy(base.to_dict())
    problems: list[str] = []
    _text_problems(changes, "", problems)
    if problems:
        raise ScenarioError(problems, source)
    for key, value in changes.items():
        if not isinstance(key, str) or not key:
            problems.append(f"changes: keys must be dotted paths like 'packaging.option', got "
                            f"{_fmt(key)}")
            continue
        _set_path(doc, key, value, problems)
    if problems:
        raise ScenarioError(problems, source)
    _apply_category(base, doc, changes)
    try:
        return Scenario.model_validate(doc)
    except ValidationError as err:
        raise ScenarioError(_validation_problems(err, doc), source) from None


def _yaml_error(e: yaml.YAMLError, source: str) -> ScenarioError:
    mark = getattr(e, "problem_mark", None)
    where = f" at line {mark.line + 1}, column {mark.column + 1}" if mark else ""
    problem = getattr(e, "problem", None) or str(e).splitlines()[0]
    if "maximum nesting depth" in problem:     # libyaml's own limit, met while scanning ahead
        line = f" at line {mark.line + 1}" if mark else ""
        return ScenarioError(f"YAML is nested too deeply{line} (more than {MAX_YAML_DEPTH} levels)",
                             source)
    return ScenarioError(f"malformed YAML{where}: {problem}", source)


def _scan_events(text: str, source: str) -> None:
    """Scan the YAML events (libyaml's parser where installed: it builds nothing) before the
    safe loader builds anything: refuse aliases (billion laughs), nesting deeper than
    MAX_YAML_DEPTH (PyYAML's scanner slows quadratically with flow depth and its composer
    recurses), more than MAX_YAML_NODES values or a value longer than MAX_DESCRIPTION_CHARS
    (a file the pure-Python loader would take seconds to build), a scan longer than
    MAX_SCAN_SECONDS, and duplicate keys (the later would silently win)."""
    depth = nodes = 0
    deadline = time.monotonic() + MAX_SCAN_SECONDS
    # one entry per open collection: None for a sequence, [keys seen, expecting a key] for a
    # mapping
    stack: list[list | None] = []
    try:
        for event in yaml.parse(text, Loader=_EventParser):
            if isinstance(event, yaml.AliasEvent):
                raise ScenarioError("YAML aliases/anchors (*name) are not allowed", source)
            if isinstance(event, yaml.ScalarEvent) and len(event.value) > MAX_DESCRIPTION_CHARS:
                raise ScenarioError(
                    f"the value at line {event.start_mark.line + 1} is "
                    f"{len(event.value):,} characters long; the longest a scenario file takes "
                    f"(a description) is {MAX_DESCRIPTION_CHARS:,}", source)
            if isinstance(event, yaml.NodeEvent):
                nodes += 1
                if nodes > MAX_YAML_NODES:
                    raise ScenarioError(
                        f"YAML holds more than {MAX_YAML_NODES:,} values (by line "
                        f"{event.start_mark.line + 1}); a scenario file needs a few hundred",
                        source)
                if nodes % 1000 == 0 and time.monotonic() > deadline:
                    raise ScenarioError(
                        f"YAML took over {MAX_SCAN_SECONDS:g} s to read (stopped at line "
                        f"{event.start_mark.line + 1}); a scenario file reads in milliseconds",
                        source)
            if isinstance(event, yaml.NodeEvent) and stack and stack[-1] is not None:
                seen, expecting_key = stack[-1]
                if expecting_key and isinstance(event, yaml.ScalarEvent) and event.value != "<<":
                    if event.value in seen:
                        raise ScenarioError(
                            f"duplicate key {_fmt(event.value)} at line "
                            f"{event.start_mark.line + 1}; each key may appear once", source)
                    seen.add(event.value)
                stack[-1][1] = not expecting_key
            if isinstance(event, (yaml.SequenceStartEvent, yaml.MappingStartEvent)):
                depth += 1
                if depth > MAX_YAML_DEPTH:
                    raise ScenarioError(
                        f"YAML is nested too deeply at line {event.start_mark.line + 1} "
                        f"(more than {MAX_YAML_DEPTH} levels)", source)
                stack.append([set(), True] if isinstance(event, yaml.MappingStartEvent)
                             else None)
            elif isinstance(event, (yaml.SequenceEndEvent, yaml.MappingEndEvent)):
                depth -= 1
                stack.pop()
    except yaml.YAMLError as e:
        raise _yaml_error(e, source) from None


def _safe_load(text: str) -> Any:
    """``yaml.safe_load``, with bad scalars (``2024-13-45``, ``!!int abc``, an integer of over
    4300 digits, ``!!timestamp yesterday``) reported as a YAML error at their line instead of
    a bare ValueError or AttributeError from PyYAML's constructors."""
    try:
        return yaml.safe_load(text)
    except (yaml.YAMLError, RecursionError, MemoryError):
        raise
    except Exception as e:  # noqa: BLE001 - any constructor failure is a bad value
        node = _first_bad_scalar(yaml.compose(text, Loader=yaml.SafeLoader))
        raise yaml.constructor.ConstructorError(
            None, None, f"invalid value {_fmt(getattr(node, 'value', None))} ({e})",
            node.start_mark if node is not None else None) from None


def _first_bad_scalar(root: Any) -> Any:
    """The first scalar node the safe constructor cannot build (composing builds nothing)."""
    stack = [root] if root is not None else []
    while stack:
        node = stack.pop(0)
        if isinstance(node, yaml.ScalarNode):
            try:
                yaml.constructor.SafeConstructor().construct_object(node, deep=True)
            except Exception:  # noqa: BLE001
                return node
        elif isinstance(node, yaml.SequenceNode):
            stack.extend(node.value)
        elif isinstance(node, yaml.MappingNode):
            for k, v in node.value:
                stack.extend((k, v))
    return None


EMPTY_FILE = ("the file is empty (nothing but white space or comments); a scenario file holds "
              "at least 'changes:', which alone is the baseline")


def _blank(text: str) -> bool:
    """Nothing but white space (any kind: tabs, full-width spaces, line breaks), a byte-order
    mark and comment lines."""
    for line in text.lstrip("\ufeff").splitlines():
        stripped = line.strip()
        if stripped and not stripped.startswith("#"):
            return False
    return True


def read_yaml(text: str | bytes, source: str | None = "<text>",
              empty: str = EMPTY_FILE) -> Any:
    """A YAML document read under the loader's rules, for every file type the product reads
    (scenarios, exercises, regions): UTF-8, at most ``MAX_FILE_BYTES``, not blank, the event
    scan (aliases, depth, duplicate keys, huge values) and ``safe_load``. Raises
    :class:`ScenarioError` naming ``source``; ``empty`` is the message for a blank file."""
    if isinstance(text, bytes):
        if len(text) > MAX_FILE_BYTES:
            raise ScenarioError(f"file is {len(text):,} bytes; the limit is {MAX_FILE_BYTES:,}",
                                source)
        try:
            text = text.decode("utf-8")
        except UnicodeDecodeError as e:
            raise ScenarioError(f"file is not UTF-8 text (byte {e.start})", source) from None
    try:
        size = len(text.encode("utf-8"))
    except UnicodeEncodeError as e:  # a lone surrogate in a str
        raise ScenarioError(f"text is not valid Unicode (character {e.start})", source) from None
    if size > MAX_FILE_BYTES:
        raise ScenarioError(f"file is over the {MAX_FILE_BYTES:,}-byte limit", source)
    if _blank(text):    # before YAML, which refuses a tab or a full-width space on its own
        raise ScenarioError(empty, source)
    _scan_events(text, source)
    try:
        doc = _safe_load(text)
    except yaml.YAMLError as e:  # bad scalars, unknown tags, unhashable keys
        raise _yaml_error(e, source) from None
    except RecursionError:  # pragma: no cover - the depth limit of the scan comes first
        raise ScenarioError("YAML is nested too deeply", source) from None
    if doc is None:     # nothing but white space and comments
        raise ScenarioError(empty, source)
    return doc


def parse_document(text: str | bytes, source: str = "<text>") -> dict[str, Any]:
    """Parse and shape-check a scenario document (no schema validation yet)."""
    doc = read_yaml(text, source)
    if not isinstance(doc, dict):
        raise ScenarioError(f"a scenario file must be a mapping with 'changes', got "
                            f"{type(doc).__name__}", source)
    problems = []
    for k in doc:
        if k not in TOP_LEVEL_KEYS:
            problems.append(f"{_key(str(k))}: unknown top-level key"
                            f"{_suggest(str(k), list(TOP_LEVEL_KEYS))}")
    if problems:
        raise ScenarioError(problems, source)
    version = doc.get("schema_version", SCHEMA_VERSION)
    if version != SCHEMA_VERSION:
        raise ScenarioError(f"schema_version: file has {_fmt(version)}, this model reads "
                            f"{SCHEMA_VERSION}", source)
    for key in ("title", "description"):
        val = doc.get(key) or {}
        if isinstance(val, str):
            val = {"zh": val, "en": val}
        elif not isinstance(val, dict) or any(
                k not in ("zh", "en") or not isinstance(v, str) for k, v in val.items()):
            raise ScenarioError(f"{key}: expected {{zh: text, en: text}}, got {_fmt(val)}", source)
        # always both languages (a missing one is empty), so readers can index either
        doc[key] = {"zh": val.get("zh", ""), "en": val.get("en", "")}
        limit = MAX_TITLE_CHARS if key == "title" else MAX_DESCRIPTION_CHARS
        _text_problems(doc[key], key, problems, limit)
    _text_problems(doc.get("include"), "include", problems)
    if problems:
        raise ScenarioError(problems, source)
    inc = doc.get("include", [])
    if isinstance(inc, str):
        inc = [inc]
    if not isinstance(inc, list) or not all(isinstance(i, str) for i in inc):
        raise ScenarioError(f"include: expected a list of preset names, got {_fmt(inc)}", source)
    doc["include"] = inc
    changes = doc.get("changes") or {}
    if not isinstance(changes, dict):
        raise ScenarioError(f"changes: expected a mapping of dotted.path: value, got "
                            f"{_fmt(changes)}", source)
    doc["changes"] = changes
    return doc


def _preset_path(name: str) -> Path:
    if len(name) > MAX_PRESET_NAME or not name.replace("_", "").replace("-", "").isalnum():
        raise ScenarioError(f"include: {_fmt(name)} is not a preset name")
    return PRESET_DIR / f"{name}.yaml"


def _is_file(p: Path) -> bool:
    try:
        return p.is_file()
    except (OSError, ValueError):  # name too long, embedded NUL byte
        return False


def _build(doc: dict, source: str, stack: tuple[str, ...]) -> Scenario:
    base = Scenario()
    for name in doc["include"]:
        if name in stack:
            raise ScenarioError(f"include: '{name}' includes itself (via {' -> '.join(stack)})",
                                source)
        if len(stack) >= MAX_INCLUDE_DEPTH:
            raise ScenarioError(f"include: '{name}' is nested more than {MAX_INCLUDE_DEPTH} "
                                f"includes deep (via {' -> '.join(stack)})", source)
        path = _preset_path(name)
        if not _is_file(path):
            known = [p.stem for p in PRESET_DIR.glob("*.yaml")]
            raise ScenarioError(f"include: no preset '{name}'{_suggest(name, known)}", source)
        inc_doc = parse_document(path.read_bytes(), str(path.name))
        inc = _build(inc_doc, path.name, stack + (name,))
        base = apply_changes(base, _diff(Scenario().to_dict(), inc.to_dict()), source)
    return apply_changes(base, doc["changes"], source)


# sections whose fields are only valid together (shares must sum to 1): a diff carries them
# whole, so applying one diff after another never leaves a half-changed split
ATOMIC_SECTIONS = ("marketing.shares",)


def _diff(a: dict, b: dict, prefix: str = "") -> dict[str, Any]:
    out: dict[str, Any] = {}
    for k, v in b.items():
        p = f"{prefix}{k}"
        if p in ATOMIC_SECTIONS:
            if a.get(k) != v:
                out[p] = v
        elif isinstance(v, dict) and isinstance(a.get(k), dict):
            out.update(_diff(a[k], v, p + "."))
        elif a.get(k) != v:
            out[p] = v
    return out


def diff_scenarios(base: Scenario, other: Scenario) -> dict[str, Any]:
    """Dotted-path changes that turn ``base`` into ``other`` (values as JSON types)."""
    return _diff(base.to_dict(), other.to_dict())


def load_text(text: str | bytes, source: str = "<text>") -> Scenario:
    return _build(parse_document(text, source), source, ())


def load_preset(path_or_name: str | os.PathLike) -> Preset:
    path = resolve(path_or_name)
    doc = parse_document(_read(path), str(path))
    sc = _build(doc, str(path), (path.stem,))
    return Preset(name=path.stem, title=doc["title"], description=doc["description"],
                  changes=doc["changes"], scenario=sc, path=path, include=tuple(doc["include"]))


def _read(path: Path) -> bytes:
    try:
        size = path.stat().st_size
        if size > MAX_FILE_BYTES:
            raise ScenarioError(f"file is {size:,} bytes; the limit is {MAX_FILE_BYTES:,}",
                                str(path))
        return path.read_bytes()
    except OSError as e:
        raise ScenarioError(f"cannot read file: {e.strerror}", str(path)) from None


def resolve(path_or_name: str | os.PathLike) -> Path:
    p = Path(path_or_name)
    if _is_file(p):
        return p
    if p.suffix == "" and _is_file(PRESET_DIR / f"{p.name}.yaml") and p.name == str(path_or_name):
        return PRESET_DIR / f"{p.name}.yaml"
    known = [q.stem for q in PRESET_DIR.glob("*.yaml")]
    raise ScenarioError(f"no such file or preset{_suggest(str(path_or_name), known)}",
                        str(path_or_name))


def load_scenario(path_or_name: str | os.PathLike) -> Scenario:
    """Load a scenario file (or a preset by name), validated; errors name the field."""
    return load_preset(path_or_name).scenario


def list_presets() -> list[Preset]:
    return [load_preset(p) for p in sorted(PRESET_DIR.glob("*.yaml"))]


def parse_value(text: str) -> Any:
    """A ``--set`` value: YAML scalar/flow syntax (``0.5``, ``true``, ``[17, 20]``)."""
    if len(text) > 10_000:
        raise ScenarioError("--set value is too long")
    try:
        _scan_events(text, "--set")
        return _safe_load(text)
    except ScenarioError:
        raise
    except (yaml.YAMLError, RecursionError):
        return text


def dump_changes(title: dict[str, str] | None, description: dict[str, str] | None,
                 changes: dict[str, Any]) -> str:
    """Write a scenario file the loader reads back to the same scenario."""
    doc = {"schema_version": SCHEMA_VERSION, "title": title or {"zh": "", "en": ""},
           "description": description or {"zh": "", "en": ""}, "changes": changes}
    return yaml.safe_dump(doc, allow_unicode=True, sort_keys=False)
