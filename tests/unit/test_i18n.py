"""Every user-visible string exists in Chinese and English, and every key the code asks for
exists: a missing or empty translation fails here, not in front of a user."""

from __future__ import annotations

import re
import string
from pathlib import Path

import pytest

from simulation import KPI_LABELS
from simulation.scenario import CHANNEL_LABELS, parameter_table
from ui.i18n import LANGS, TEXT, fmt, kpi_label, t
from simulation.strings import AREAS

ROOT = Path(__file__).resolve().parents[2]
SOURCES = [ROOT / "app.py", *sorted((ROOT / "pages").glob("*.py")),
           *sorted((ROOT / "ui").glob("*.py"))]
CJK = re.compile(r"[\u4e00-\u9fff]")
LITERAL_KEY = re.compile(r'["\'](({areas})\.[a-z0-9_]+)["\']'.format(areas="|".join(AREAS)))
TEMPLATE_KEY = re.compile(r'f["\'](({areas})\.[a-z0-9_]*)\{{'.format(areas="|".join(AREAS)))


def _fields(text: str) -> set[str]:
    return {f for _, f, _, _ in string.Formatter().parse(text) if f}


@pytest.mark.parametrize("key", sorted(TEXT))
def test_every_key_has_both_languages(key):
    entry = TEXT[key]
    assert set(entry) == set(LANGS), f"{key}: languages {sorted(entry)}"
    for lang in LANGS:
        assert isinstance(entry[lang], str) and entry[lang].strip(), f"{key} is empty in {lang}"
    assert _fields(entry["zh"]) == _fields(entry["en"]), f"{key}: fields differ between languages"
    words = re.sub(r"\{[^}]*\}", "", entry["en"])
    if re.search(r"[A-Za-z]{3,}", words) and not CJK.search(entry["zh"]):
        pytest.fail(f"{key}: the Chinese text has no Chinese characters: {entry['zh']!r}")


def test_every_key_the_code_asks_for_exists():
    used = set()
    for path in SOURCES:
        text = path.read_text(encoding="utf-8")
        used |= {m.group(1) for m in LITERAL_KEY.finditer(text)}
    missing = sorted(k for k in used if k not in TEXT)
    assert not missing, f"keys used in the code but not translated: {missing}"


def test_every_template_key_has_its_family():
    """Keys built at run time (f"builder.group_{group}") have at least one member."""
    prefixes = set()
    for path in SOURCES:
        prefixes |= {m.group(1) for m in TEMPLATE_KEY.finditer(path.read_text(encoding="utf-8"))}
    for prefix in prefixes:
        assert any(k.startswith(prefix) for k in TEXT), f"no strings start with {prefix}"


def test_dynamic_families_are_complete():
    from ui import widgets

    for group in widgets.GROUPS:
        assert f"builder.group_{group}" in TEXT
    for head in {p.split(".")[0] for p, r in widgets.rows().items()
                 if r["group"] in ("assumptions", "run")}:
        assert f"builder.section_{head}" in TEXT, head
    for path, values in widgets.choices().items():
        for v in values:
            assert f"builder.opt_{path.rsplit('.', 1)[-1]}_{v}" in TEXT, (path, v)
    for state in ("ok", "low", "high"):
        assert f"builder.esg_share_{state}" in TEXT


def test_model_labels_exist_in_both_languages():
    for name, (zh, en, _unit, _better) in KPI_LABELS.items():
        assert zh.strip() and en.strip() and CJK.search(zh), name
        assert kpi_label(name, "zh") == zh and kpi_label(name, "en") == en
    for row in parameter_table():
        assert row["label_zh"].strip() and row["label_en"].strip(), row["path"]
        assert CJK.search(row["label_zh"]), row["path"]
    for code, (zh, en) in CHANNEL_LABELS.items():
        assert CJK.search(zh) and en.strip(), code


def test_unknown_language_falls_back_to_chinese_and_fields_fill():
    assert t("common.baseline", "fr") == TEXT["common.baseline"]["zh"]
    assert "7" in t("common.progress", "en", done=7, total=9)


def test_formats():
    assert fmt(0.2861, "fraction") == "28.6%"
    assert fmt(-0.012, "fraction", signed=True) == "-1.2 pp"
    assert fmt(1234.4, "CNY") == "¥1,234"
    assert fmt(-1234.4, "CNY", signed=True) == "-¥1,234"
    assert fmt(-0.00001, "fraction", signed=True) == "0.0 pp"          # no sign on a zero
    assert fmt(-5.0, "kg CO2e", signed=True) == "-5.000 kg"
    assert fmt(0.0, "CNY", signed=True) == "¥0"
    assert fmt(float("nan"), "CNY") == "—"


def test_large_values_are_shortened_on_cards():
    assert fmt(5_345_123, "CNY", lang="zh") == "¥534.5万"
    assert fmt(5_345_123, "CNY", lang="en") == "¥5.35M"
    assert fmt(-2_000_000, "CNY", signed=True, lang="en") == "-¥2.00M"
    assert fmt(66_655, "CNY", signed=True, lang="zh") == "+¥66,655"      # small: in full
