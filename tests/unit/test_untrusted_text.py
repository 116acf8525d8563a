"""Text from users, files and links: the loader refuses text that cannot be shown (lone
surrogates, control characters), over-long titles and quoted numbers, naming the field; the
command line lists at most 20 problems; ``inert`` makes text safe inside Markdown; the
library skips a stored file it cannot show and refuses such a name."""

from __future__ import annotations

import re
import sqlite3

import pytest

from simulation.cli import main
from simulation.loader import (MAX_REPORTED_PROBLEMS, MAX_TITLE_CHARS, ScenarioError,
                               load_text, parse_document)
from ui import library
from ui.i18n import MessageError, inert, tx

LIVE_LINK = re.compile(r"(?<!\\)!?\[[^\]]*(?<!\\)\]\(")


def _problems(text: str | bytes) -> list[str]:
    with pytest.raises(ScenarioError) as ei:
        load_text(text, "t.yaml")
    return ei.value.problems


@pytest.mark.parametrize("doc, field", [
    ('title: {zh: ok, en: "a\\x01b"}\n', "title.en"),
    ('description: {zh: "x\\x7fy", en: ok}\n', "description.zh"),
    ('title: "a\\u200b\\x1bb"\n', "title.zh"),
    ('changes: {packaging.option: "recycled\\x00carton"}\n', "packaging.option"),
])
def test_unshowable_text_is_refused_naming_the_field(doc, field):
    problems = _problems(doc)
    assert any(p.startswith(f"{field}: text holds") for p in problems), problems


def test_a_lone_surrogate_escape_is_refused():
    problems = _problems('title: "\\ud800x"\n')
    # libyaml refuses the escape itself (naming line and column); PyYAML's own parser builds
    # the string and the text check names the field
    assert len(problems) == 1 and (problems[0].startswith("title.zh: text holds a character")
                                   or "invalid Unicode character escape" in problems[0])


def test_a_lone_surrogate_in_a_str_is_refused():
    with pytest.raises(ScenarioError, match="not valid Unicode"):
        load_text('title: "\ud800x"\n')


def test_newlines_and_tabs_in_a_description_are_fine():
    doc = parse_document('description: "line one\\n\\tline two"\n')
    assert doc["description"]["en"] == "line one\n\tline two"


def test_an_over_long_title_is_refused_with_the_limit():
    problems = _problems(f"title: {'x' * (MAX_TITLE_CHARS + 1)}\n")
    assert problems == [f"title.zh: text is {MAX_TITLE_CHARS + 1} characters long; at most "
                        f"{MAX_TITLE_CHARS}",
                        f"title.en: text is {MAX_TITLE_CHARS + 1} characters long; at most "
                        f"{MAX_TITLE_CHARS}"]
    assert parse_document(f"title: {'x' * MAX_TITLE_CHARS}\n")["title"]["en"]


@pytest.mark.parametrize("value", ["'4'", '"4"', "'4.0'"])
def test_a_quoted_number_is_not_a_number(value):
    problems = _problems(f"changes:\n  staff.packers: {value}\n")
    assert len(problems) == 1 and problems[0].startswith("staff.packers: ")
    assert "expected a number, got text" in problems[0]
    # in a mapping of settings too
    problems = _problems(f"changes:\n  staff: {{packers: {value}}}\n")
    assert problems[0].startswith("staff.packers: ") and "got text" in problems[0]
    assert load_text("changes:\n  staff.packers: 4\n").staff.packers == 4


def test_the_cli_lists_twenty_problems_and_counts_the_rest(tmp_path, capsys):
    path = tmp_path / "many.yaml"
    path.write_text("changes:\n" + "".join(f"  nope{i}: 1\n" for i in range(50)),
                    encoding="utf-8")
    assert main(["validate", str(path)]) == 2
    lines = capsys.readouterr().err.splitlines()
    assert len(lines) == MAX_REPORTED_PROBLEMS + 1
    assert all(line.startswith(f"{path}: nope") for line in lines[:-1])
    assert lines[-1] == "… and 30 more problems"


def test_the_cli_counts_the_rest_in_chinese_with_lang_zh(tmp_path, capsys):
    path = tmp_path / "many.yaml"
    path.write_text("changes:\n" + "".join(f"  nope{i}: 1\n" for i in range(25)),
                    encoding="utf-8")
    assert main(["run", str(path), "--lang", "zh"]) == 2
    lines = capsys.readouterr().err.splitlines()
    assert len(lines) == MAX_REPORTED_PROBLEMS + 1 and lines[-1] == "……另有 5 个问题"


def test_a_few_problems_are_all_listed(tmp_path, capsys):
    path = tmp_path / "few.yaml"
    path.write_text("changes:\n  nope: 1\n  nada: 2\n", encoding="utf-8")
    assert main(["validate", str(path)]) == 2
    assert len(capsys.readouterr().err.splitlines()) == 2


@pytest.mark.parametrize("text", [
    "[click me](https://evil.example/login)", "![x](http://ev.il/x.png)",
    "<img src=x onerror=alert(1)>", "**bold** _it_ `code` $x$ :red[red] ~~s~~ | a | b |",
    "# heading", "www.evil.example", "a@evil.example"])
def test_inert_text_renders_nothing(text):
    out = inert(text)
    assert not LIVE_LINK.search(out) and not re.search(r"(?<!\\)<", out) and "http://" not in out
    assert "https://" not in out and "www." not in out.lower() and "a@" not in out
    # every special character is escaped: removing the escapes gives the text back
    assert re.sub(r"\\(.)", r"\1", out) == text


def test_inert_drops_control_characters_and_surrogates():
    assert inert("a\x00b\u202ec\ud800d\ne") == "abc?d\ne"
    assert inert("x" * 5000).endswith("…") and len(inert("x" * 5000)) == 2000


def test_our_own_formatting_survives_and_fields_are_inert():
    msg = tx("builder.loaded", "en", name="[click me](https://evil.example/login)")
    assert msg == "Loaded “\\[click me\\]\\(https:\\/\\/evil.example/login\\)”."
    err = MessageError("share.bad_seed", value="[Re-login](http://ev.il)", max="7")
    assert not LIVE_LINK.search(err.message("zh")) and "\\[Re-login\\]" in err.message("en")
    assert str(err).count("[Re-login](http://ev.il)") == 1        # str() stays the raw text


def test_the_library_skips_a_file_it_cannot_show(tmp_path):
    """An old library file (imported once) or a stored entry whose title or name the
    loader refuses is reported, not shown."""
    (tmp_path / "bad.yaml").write_text('title: "\\ud800x"\nchanges: {}\n', encoding="utf-8")
    (tmp_path / "ctl.yaml").write_text('title: "a\\x07b"\nchanges: {}\n', encoding="utf-8")
    (tmp_path / "long.yaml").write_text(f"title: {'y' * 100}\nchanges: {{}}\n", encoding="utf-8")
    lib = library.Library(tmp_path)
    lib.save("ok", library.Scenario())
    lib.save("stored", library.Scenario())
    con = sqlite3.connect(lib.path)
    with con:
        con.execute("""UPDATE entries SET yaml = 'title: "\\ud800x"' WHERE name = 'stored'""")
    con.close()
    entries, problems = lib.entries()
    assert [e.name for e in entries] == ["ok"]
    assert sorted(p.filename for p in problems) == ["bad.yaml", "ctl.yaml", "long.yaml", "stored"]
    for p in problems:
        p.text("zh").encode("utf-8")                             # shows without an error
    assert lib.load("ok") is not None


@pytest.mark.parametrize("name", ["\ud800x", "a\x1bb", "x" * (library.MAX_NAME_CHARS + 1)])
def test_the_library_refuses_a_name_it_cannot_show(tmp_path, name):
    with pytest.raises(library.LibraryError):
        library.Library(tmp_path).save(name, library.Scenario())
    assert not list(tmp_path.iterdir())                       # nothing written, not even a database


def test_an_upload_is_parsed_once_per_content(monkeypatch):
    from ui import sources
    calls = []
    parse = sources._parse_upload

    def counting(data, filename):
        calls.append(filename)
        return parse(data, filename)

    monkeypatch.setattr(sources, "_parse_upload", counting)
    monkeypatch.setattr(sources, "_upload_cache", type(sources._upload_cache)())
    good = b"changes: {packaging.option: recycled_carton}\n# once\n"
    bad = b"changes: {staff.packers: '4'}\n# once\n"
    for _ in range(3):
        assert sources.upload_choice(good, "a.yaml").scenario.packaging.option == "recycled_carton"
        with pytest.raises(library.LibraryError) as ei:
            sources.upload_choice(bad, "b.yaml")
        assert "staff.packers" in ei.value.message("en")
    assert calls == ["a.yaml", "b.yaml"]
