"""The command line speaks from the app's string catalogue: every ``cli.*`` key its code asks
for exists in Chinese and English, every help text is translated, and ``--lang zh`` (or
ESG_SIM_LANG=zh) gives Chinese output while the JSON keys stay the same."""

from __future__ import annotations

import argparse
import json
import re
from pathlib import Path

import pytest

from simulation.cli import build_parser, main
from simulation.strings import LANGS, TEXT

CLI_DIR = Path(__file__).resolve().parents[2] / "simulation" / "cli"
CJK = re.compile(r"[\u4e00-\u9fff]")
LITERAL = re.compile(r'["\']cli\.([a-z0-9_]+)["\']')
TEMPLATE = re.compile(r'f["\']cli\.([a-z0-9_]*)\{')
VIEW = re.compile(r'\b(tx|h|TEXT\[[a-z.]+\])\["([a-z0-9_]+)"\]')     # Strings views by short key


def _sources() -> dict[str, str]:
    return {p.name: p.read_text(encoding="utf-8") for p in sorted(CLI_DIR.glob("*.py"))}


def _present(key: str) -> bool:
    entry = TEXT.get(key)
    return entry is not None and all(isinstance(entry.get(lang), str) and entry[lang].strip()
                                     for lang in LANGS)


def test_every_cli_key_the_code_asks_for_exists_in_both_languages():
    missing = []
    for name, text in _sources().items():
        keys = {f"cli.{k}" for k in LITERAL.findall(text)}
        for view, key in VIEW.findall(text):
            keys.add(f"cli.table_{key}" if view == "h" else f"cli.{key}")
        missing += [f"{name}: {k}" for k in sorted(keys) if not _present(k)]
        for prefix in TEMPLATE.findall(text):
            if not any(k.startswith(f"cli.{prefix}") for k in TEXT):
                missing.append(f"{name}: no key starts with cli.{prefix}")
    assert not missing, missing


def _actions(parser: argparse.ArgumentParser):
    for action in parser._actions:
        if isinstance(action, argparse._SubParsersAction):
            for choice in action._choices_actions:
                yield choice
            for sub in dict.fromkeys(action.choices.values()):
                yield from _actions(sub)
        else:
            yield action


def test_every_help_text_is_translated():
    zh, en = build_parser("zh"), build_parser("en")
    assert CJK.search(zh.description) and CJK.search(zh.epilog) and not CJK.search(en.description)
    untranslated = [a.option_strings or a.dest for a in _actions(zh)
                    if a.help and a.help != argparse.SUPPRESS and not CJK.search(a.help)
                    and a.dest not in ("help", "version")]
    assert not untranslated, untranslated


def test_lang_zh_gives_chinese_help_and_problems(capsys):
    assert main(["run", "--help", "--lang", "zh"]) == 0
    out = capsys.readouterr().out
    assert "每个情景的重复次数" in out and "replications per scenario" not in out

    assert main(["compare", "baseline", "--lang", "zh"]) == 2
    assert capsys.readouterr().err.strip() == TEXT["cli.compare_two"]["zh"]

    assert main(["run", "baseline", "--seed", "x", "--lang", "zh"]) == 2   # argparse's type check
    assert "应为整数" in capsys.readouterr().err

    assert main(["params", "--group", "E", "--lang", "zh"]) == 0
    header = capsys.readouterr().out.splitlines()[0]
    assert header.split()[:3] == ["参数", "措施组", "名称"]


def test_the_language_comes_from_the_environment_unless_given(capsys, monkeypatch):
    monkeypatch.setenv("ESG_SIM_LANG", "zh")
    assert main(["sensitivity", "baseline", "--kpi", "profit"]) == 2
    assert "未知指标" in capsys.readouterr().err
    assert main(["sensitivity", "baseline", "--kpi", "profit", "--lang", "en"]) == 2
    assert "unknown KPI" in capsys.readouterr().err
    monkeypatch.setenv("ESG_SIM_LANG", "fr")               # not a language: English
    assert main(["sensitivity", "baseline", "--kpi", "profit"]) == 2
    assert "unknown KPI" in capsys.readouterr().err


@pytest.mark.parametrize("command", [["list", "--json"], ["params", "--json", "--group", "G"]])
def test_json_keys_do_not_depend_on_the_language(capsys, command):
    docs = []
    for lang in LANGS:
        assert main([*command, "--lang", lang]) == 0
        docs.append(json.loads(capsys.readouterr().out))
    assert docs[0] == docs[1]
