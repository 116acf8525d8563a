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


# --- no English in the Chinese text, no internal references ------------------------------

CLI_AREA = "cli."
INTERNAL = re.compile(r"seed\s*0\d\d|MODEL\.md|DESIGN\.md|种子文档|docs/", re.IGNORECASE)


def _chinese_texts():
    """Every Chinese text the app can show from the catalogue and the schema: (where, text)."""
    from simulation.strings.methodology import SOURCES_ZH, UNITS_ZH
    from ui.citations import source_text
    from ui.i18n import unit_text

    for key, entry in TEXT.items():
        if not key.startswith(CLI_AREA):     # the command line's help names its own syntax
            yield key, entry["zh"]
    for source, zh in SOURCES_ZH.items():
        yield f"source {source!r}", zh
    for unit, zh in UNITS_ZH.items():
        yield f"unit {unit!r}", zh
    for row in parameter_table():
        yield f"{row['path']} label", row["label_zh"]
        yield f"{row['path']} help", row["help_zh"]
        yield f"{row['path']} source", source_text(row["source"], "zh")
        yield f"{row['path']} unit", unit_text(row["unit"], "zh")
    for name, (zh, _en, _unit, _better) in KPI_LABELS.items():
        yield f"KPI {name}", zh
    for code, (zh, _en) in CHANNEL_LABELS.items():
        yield f"channel {code}", zh


def test_no_english_words_in_the_chinese_text():
    """Latin letters in Chinese text only for units, acronyms, proper names, {fields} and
    code (``english_words`` and its allowlist)."""
    from ui.i18n import english_words

    found = [(where, english_words(text), text[:80]) for where, text in _chinese_texts()
             if english_words(text)]
    assert not found, f"English words in Chinese text: {found[:10]}"


def test_the_english_detector():
    from ui.i18n import english_words

    for text in ("范围：0% – 100% fraction", "月工资 (CNY/month)", "模拟天数 (days)",
                 "kg CO2e/parcel", "最大 256 KB · 1MB per file", "Drag and drop file here",
                 "Browse files", "基准值：False", "0.0 pp"):
        assert english_words(text), text
    for text in ("元/月", "kg CO₂e/件", "每个文件最大 256 KB · YAML", "`packaging.option`：未知的键",
                 "命令行 --set", "Fader, Hardie & Lee 2005（BG/NBD）", "M/M/c 排队", "{limit} KB",
                 "simulation/METHODOLOGY.md", "ESG 与 KPI、CSV、Excel、PNG", "R² = 0.9"):
        assert not english_words(text), text


def test_no_internal_references_anywhere_a_user_reads():
    texts = [(k, e[lang]) for k, e in TEXT.items() for lang in LANGS]
    texts += [(r["path"], r[f]) for r in parameter_table()
              for f in ("label_zh", "label_en", "help_zh", "help_en", "source")]
    from ui.citations import source_text
    texts += [(r["path"], source_text(r["source"], "zh")) for r in parameter_table()]
    found = [(k, v[:80]) for k, v in texts if INTERNAL.search(v)]
    assert not found, f"internal design documents named to users: {found[:10]}"


def test_chinese_formats():
    from ui.i18n import compact, number, percent

    assert fmt(5_345_123, "CNY", lang="zh") == "¥534.5万"
    assert fmt(123_456_789, "kg CO2e", lang="zh") == "1.23亿 kg"
    assert fmt(120_000_000, "kg CO2e", lang="zh") == "1.2亿 kg"
    assert fmt(5_000_000, "CNY", lang="zh") == "¥500万"
    assert fmt(1_234_000_000, "CNY", lang="en") == "¥1.23B"
    assert fmt(2_500_000, "orders", lang="en") == "2.50M"
    assert fmt(-0.012, "fraction", signed=True, lang="zh") == "-1.2 个百分点"
    assert fmt(0.012, "fraction", signed=True, lang="en") == "+1.2 pp"
    assert fmt(0.2861, "fraction", lang="zh") == "28.6%"
    assert compact(-53_450, "zh") == "5.3万"                        # no sign: the caller's
    # no negative zero anywhere
    assert fmt(-1e-9, "CNY", lang="zh") == "¥0" and fmt(-0.0004, "fraction") == "0.0%"
    assert fmt(-0.00001, "fraction", signed=True, lang="zh") == "0.0 个百分点"
    assert number(-0.3) == "0" and number(-1234.5, decimals=1) == "-1,234.5"
    assert number(12_345_678, "zh") == "1,234.6万" and number(None) == "—"
    assert percent(0.5) == "50.0%" and percent(-0.0001, signed=True, lang="zh") == "0.0 个百分点"


def test_every_kpi_has_a_glossary_entry_and_a_help():
    from simulation.strings import glossary
    from ui.i18n import english_words, kpi_help

    assert set(glossary.KPIS) == set(KPI_LABELS)
    for name in KPI_LABELS:
        for lang in LANGS:
            text = kpi_help(name, lang)
            assert t(f"glossary.m_{name}", lang) in text and t(f"glossary.f_{name}", lang) in text
            assert t("glossary.help_see", lang) in text
        assert not english_words(kpi_help(name, "zh")), name


@pytest.mark.parametrize("data, words", [
    (b"changes: {nope: 1}\n", ("`nope`", "未知的键")),
    (b"changes: {staff.packers: 4000}\n", ("`staff.packers`", "超出范围", "1 至 200")),
    (b"changes: {staff.packers: '4'}\n", ("`staff.packers`", "应为数字")),
    (b"changes: {staff.packers: 1.5}\n", ("`staff.packers`", "应为整数")),
    (b"changes: {packaging.option: foo}\n", ("`packaging.option`", "不是可选的取值")),
    (b"  \n# nothing\n", ("文件是空的",)),
    (b"changes:\n  a: 1\n  a: 2\n", ("重复",)),
    (b"\xff\xfe", ("UTF-8",)),
])
def test_upload_problems_in_chinese(data, words):
    from ui.i18n import english_words
    from ui.library import LibraryError, from_upload

    with pytest.raises(LibraryError) as err:
        from_upload(data, "f.yaml")
    zh = err.value.message("zh")
    assert all(w in zh for w in words), zh
    assert not english_words(zh), zh
    assert "not" in err.value.message("en")                           # English stays English


def test_an_upload_over_the_apps_limit_is_named_in_chinese():
    from ui.i18n import english_words
    from ui.library import LibraryError, from_upload

    with pytest.raises(LibraryError) as err:
        from_upload(b"changes: {}\n" + b"#" * 2000, "big.yaml", max_bytes=1024)
    assert "1,024" in err.value.message("zh") and not english_words(err.value.message("zh"))
