"""``python -m simulation report``: each format written and valid in Chinese and English, bad
input refused with one line and exit 2, and no Streamlit imported on the way."""

from __future__ import annotations

import io
import subprocess
import sys

import pytest

from simulation.cli import main
from simulation.strings import TEXT

SMALL = ["--set", "run.horizon_days=30", "--set", "customers.initial_customers=2000",
         "--replications", "2", "--workers", "1", "--no-progress"]
MAGIC = {"html": b"<!DOCTYPE html", "pdf": b"%PDF-", "pptx": b"PK\x03\x04"}


def _run(argv, capsys):
    code = main(argv)
    out, err = capsys.readouterr()
    return code, out, err


# (the English HTML is the next test's; the compare page's test, tests/app/test_report_compare.py,
# makes every format in both languages with the same builder and renderers)
@pytest.mark.parametrize("lang,fmt", [("zh", "html"), ("en", "pptx")])
def test_each_format_is_written_and_valid(tmp_path, capsys, lang, fmt):
    out = tmp_path / f"report.{fmt}"
    argv = ["report", "green_packaging", "green_logistics", "--lang", lang, "--out", str(out),
            *SMALL]
    if lang == "en":
        argv += ["--format", fmt]
    code, stdout, err = _run(argv, capsys)
    assert code == 0, err
    data = out.read_bytes()
    assert data[:16].lstrip().upper().startswith(MAGIC[fmt].upper()), data[:20]
    assert str(out) in stdout
    title = TEXT["report.compare_title"][lang]
    shown = "绿色包装" if lang == "zh" else "Green packaging"
    if fmt == "html":
        text = data.decode("utf-8")
        assert title in text and shown in text and f'lang="{lang}' in text.replace("zh-", "zh")
    else:
        from pptx import Presentation

        deck = Presentation(io.BytesIO(data))
        texts = [sh.text_frame.text for s in deck.slides for sh in s.shapes if sh.has_text_frame]
        assert any(title in x for x in texts)
        assert any(sh.has_table for s in deck.slides for sh in s.shapes)
        assert any(sh.has_chart for s in deck.slides for sh in s.shapes)     # native charts


def test_the_command_imports_no_streamlit(tmp_path):
    out = tmp_path / "r.html"
    code = ("import sys; from simulation.cli import main; "
            f"rc = main(['report', 'green_packaging', '--out', {str(out)!r}, '--lang', 'en', "
            f"*{SMALL!r}]); print(rc, 'streamlit' in sys.modules)")
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                          timeout=120)
    assert done.stdout.splitlines()[-1].split() == ["0", "False"], done.stderr
    html = out.read_text(encoding="utf-8")
    assert "Baseline" in html or "基准" in html          # one scenario: against the baseline


@pytest.mark.parametrize("argv,key", [
    (["no_such_preset", "--out", "r.html"], None),
    (["baseline", "green_packaging", "--out", "r.pdf", "--format", "html"],
     "cli.report_format_mismatch"),
    (["baseline", "green_packaging", "--out", "r.txt"], "cli.report_format_unknown"),
    (["baseline", "green_packaging", "--out", "r.html", "--reference", "nope"],
     "cli.compare_bad_reference"),
    (["baseline", "green_packaging", "--out", "r.html", "--replications", "1"], None),
    (["baseline", "--out", "r.html", "--format", "docx"], None),
])
def test_bad_input_exits_2_with_a_message(tmp_path, capsys, monkeypatch, argv, key):
    monkeypatch.chdir(tmp_path)
    code, out, err = _run(["report", *argv, "--lang", "en"], capsys)
    assert code == 2
    assert err.strip() and "Traceback" not in err
    if key:
        first = TEXT[key]["en"].split("{")[0]
        assert err.splitlines()[0].startswith(first) or first in err
    assert not list(tmp_path.iterdir())                    # nothing written


def test_help_names_the_formats(capsys):
    code, out, _ = _run(["report", "--help"], capsys)
    assert code == 0 and "--format" in out and "pptx" in out
