"""Every page in Chinese shows no English: each element's visible text (titles, Markdown,
captions, widget labels, options, placeholders and help, metric labels and help, table
headers, cells and column help, the diagram's labels) is checked with the catalogue test's
rule (``ui.i18n.english_words``: Latin letters only for units, acronyms, proper names and
code), and none names an internal design document."""

from __future__ import annotations

import json
import re

import pytest
from google.protobuf.message import Message
from streamlit.testing.v1 import AppTest

from ui.i18n import english_words

PAGES = ("app.py", "pages/1_builder.py", "pages/2_compare.py", "pages/3_methodology.py",
         "pages/4_sensitivity.py", "pages/5_optimiser.py", "pages/6_classroom.py",
         "pages/7_workshop.py", "pages/8_policy_lab.py")
# proto fields a reader sees (ids, URLs, types, code and formulas are not text)
VISIBLE = {"body", "label", "help", "placeholder", "options", "caption", "text", "title",
           "description"}
SKIPPED_ELEMENTS = {"Code", "Latex"}
INTERNAL = re.compile(r"seed\s*0\d\d|MODEL\.md|DESIGN\.md|种子文档|docs/", re.IGNORECASE)
DOT_LABEL = re.compile(r'label="((?:[^"\\]|\\.)*)"')


def _strings(msg: Message, where: str, out: list[tuple[str, str]]) -> None:
    for field, value in msg.ListFields():
        values = value if not isinstance(value, (str, bytes, Message)) and hasattr(value, "__len__") \
            else [value]
        if field.type == field.TYPE_MESSAGE:
            for v in values:
                _strings(v, f"{where}.{field.name}", out)
        elif field.type == field.TYPE_STRING and field.name == "columns":
            for col in values:              # a table's column config: its headers' help
                for name, cfg in json.loads(col or "{}").items():
                    if isinstance(cfg, dict):
                        out += [(f"{where} column {name} {k}", cfg[k]) for k in ("help", "label")
                                if cfg.get(k)]
        elif field.type == field.TYPE_STRING and field.name in VISIBLE:
            out += [(f"{where}.{field.name}", v) for v in values]


def visible_texts(node, out: list[tuple[str, str]] | None = None) -> list[tuple[str, str]]:
    """(where, text) for every text a reader of the page sees."""
    out = [] if out is None else out
    kind = type(node).__name__
    proto = getattr(node, "proto", None)
    if isinstance(proto, Message) and kind not in SKIPPED_ELEMENTS:
        if proto.DESCRIPTOR.name == "GraphVizChart":
            out += [(kind, m.group(1).replace("\\n", "\n").replace('\\"', '"'))
                    for m in DOT_LABEL.finditer(proto.spec)]
        else:
            _strings(proto, kind, out)
        if kind == "Dataframe":
            df = node.value
            out += [("table header", str(c)) for c in df.columns]
            out += [("table cell", str(v)) for c in df.columns for v in df[c].tolist()]
    children = getattr(node, "children", None)
    if isinstance(children, dict):
        for child in children.values():
            visible_texts(child, out)
    return out


@pytest.mark.parametrize("page", PAGES)
def test_no_english_on_the_chinese_page(repo_root, tmp_path, monkeypatch, page):
    monkeypatch.setenv("ESG_SIM_LIBRARY", str(tmp_path / "library"))
    at = AppTest.from_file(str(repo_root / "app.py"), default_timeout=180)
    at.query_params["lang"] = "zh"
    if page != "app.py":
        at.switch_page(page)
    at.run()
    assert not at.exception, [e.value for e in at.exception]
    texts = [(w, s) for w, s in visible_texts(at._tree) if not s.lstrip().startswith("<style>")]
    assert len(texts) > 10, texts
    english = sorted({(w, " ".join(english_words(s)), s[:100]) for w, s in texts
                      if english_words(s)})
    assert not english, f"English on the Chinese page {page}: {english[:12]}"
    internal = [(w, s[:100]) for w, s in texts if INTERNAL.search(s)]
    assert not internal, f"internal documents named on {page}: {internal}"


def released_round(ws, teams: list[str]) -> None:
    """Every team submits round 1 and gets a made-up result (no simulation: the page only
    reads what is stored), with the facilitator's reference line; round 1 is released."""
    from simulation import KPI_NAMES

    for i, token in enumerate(teams):
        sub = ws.submit(token, 1, {}, {})
        kpis = [{k: 1.0 + 0.1 * i + 0.01 * r for k in KPI_NAMES} for r in range(6)]
        p = (6 - i % 3) / 6
        ws.record_result(sub.team_id, 1, sub.version, kpis,
                         {"probability": p, "ci_low": max(0.0, p - 0.5), "ci_high": 1.0,
                          "met": p >= 0.8, "replications": 6, "successes": round(6 * p),
                          "goals": []})
    ws.record_reference(ws.session_of(teams[0]).id, kpis,
                        {"probability": 1.0, "ci_low": 0.54, "ci_high": 1.0, "met": True,
                         "replications": 6, "successes": 6, "goals": []})


@pytest.mark.parametrize("released", [False, True], ids=["joined", "released"])
@pytest.mark.parametrize("role", ["facilitator", "team"])
def test_no_english_in_a_workshop_session(repo_root, tmp_path, monkeypatch, role, released):
    """The workshop page inside a session, as the facilitator and as a team: teams joined
    and nothing submitted, or round 1 released (leaderboard, reference line, Pareto chart,
    report control) from stored results: no simulation."""
    from simulation.exercises import list_exercises
    from ui import workshop
    from ui.workshop_store import WorkshopStore

    monkeypatch.setenv("ESG_SIM_LIBRARY", str(tmp_path / "library"))
    ws = WorkshopStore()
    code, facilitator = ws.create_session(list_exercises()[0], 4, 2, "4821")
    team = ws.join(code, "第一组")
    other = ws.join(code, "绿色先锋")
    if released:
        released_round(ws, [team, other, ws.join(code, "三号队")])
        ws.release(facilitator, 1)
    at = AppTest.from_file(str(repo_root / "app.py"), default_timeout=180)
    at.query_params["lang"] = "zh"
    if role == "team":
        at.query_params[workshop.TEAM_PARAM] = team
    else:
        at.query_params[workshop.FACILITATOR_PARAM] = facilitator
    at.switch_page("pages/7_workshop.py")
    at.run()
    assert not at.exception, [e.value for e in at.exception]
    texts = [(w, s) for w, s in visible_texts(at._tree) if not s.lstrip().startswith("<style>")]
    assert any(code in s for _w, s in texts) and len(texts) > 10, texts
    if released:
        assert at.dataframe and any(w == "table cell" and s == "绿色先锋" for w, s in texts), texts
    english = sorted({(w, " ".join(english_words(s)), s[:100]) for w, s in texts
                      if english_words(s)})
    assert not english, f"English in the Chinese workshop ({role}): {english[:12]}"
    internal = [(w, s[:100]) for w, s in texts if INTERNAL.search(s)]
    assert not internal, internal
