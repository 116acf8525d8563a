"""The compare page's report, made through its "Download report" control in Streamlit's
AppTest: in both languages each format comes out as a valid file, and the KPI values it
shows (read back from the HTML's cells, the PPTX's tables, the PDF's text) are the cells of
the page's KPI table."""

from __future__ import annotations

import io
import re
import zipfile

import pytest
from report_reading import html_text, make_report, ok, pdf_text, pptx_rows
from streamlit.testing.v1 import AppTest

from simulation import Scenario
from ui import compare, library, workspace
from ui.i18n import TEXT


TIMEOUT_S = 240
CASES = [(lang, fmt) for lang in ("zh", "en") for fmt in ("html", "pdf", "pptx")]
SMALL = {"run.horizon_days": 30, "customers.initial_customers": 2000}
ENTRIES = {"小店基准": SMALL,
           "小店绿色": {**SMALL, "packaging.option": "recycled_carton",
                        "logistics.electric_share": 0.5}}
WORKSPACE = library.new_workspace()


@pytest.fixture(scope="module")
def page(repo_root, wait_jobs, tmp_path_factory):
    """The compare page after comparing two small scenarios of the library (a 30-day shop)
    on 2 replications."""
    with pytest.MonkeyPatch.context() as mp:
        mp.setenv("ESG_SIM_LIBRARY", str(tmp_path_factory.mktemp("cmp_report") / "library"))
        lib = library.Library(workspace=WORKSPACE)
        for name, changes in ENTRIES.items():
            lib.save(name, Scenario().with_changes(changes))
        at = AppTest.from_file(str(repo_root / "app.py"), default_timeout=TIMEOUT_S)
        at.query_params[workspace.PARAM] = WORKSPACE
        at.session_state["lang"] = "zh"
        at = ok(at.switch_page("pages/2_compare.py").run())
        assert "compare_report_make" not in [b.key for b in at.button]      # no result yet
        at.multiselect(key=compare.W_SELECTION).set_value([f"library:{n}" for n in ENTRIES])
        at.number_input(key=compare.W_REPS).set_value(2)
        ok(at.button(key="cmp_run").click().run())
        ok(wait_jobs(at))
        yield at


def page_kpi_cells(at: AppTest, lang: str) -> list[str]:
    """Every cell of the page's headline KPI table (mean and 95% interval)."""
    col = TEXT["compare.col_kpi"][lang]
    (kpis, *_rest) = [d.value for d in at.dataframe if d.value.index.name == col]
    cells = [str(v) for v in kpis.to_numpy().ravel()]
    assert cells and all("–" in c for c in cells if c != "—"), cells
    return cells


def squash(text: str) -> str:
    return re.sub(r"\s+", "", text)


@pytest.mark.parametrize("lang,fmt", CASES)
def test_compare_report_in_each_format_shows_the_pages_kpis(page, lang, fmt, tmp_path):
    at = page
    if at.session_state["lang"] != lang:
        ok(at.radio(key="_w_lang").set_value(lang).run())
    cells = page_kpi_cells(at, lang)
    data = make_report(at, "compare", lang, fmt)["data"]
    title = TEXT["report.compare_title"][lang]
    if fmt == "html":
        shown, body = html_text(data)
        assert title in body
        missing = [c for c in cells if c not in shown]
    elif fmt == "pptx":
        with zipfile.ZipFile(io.BytesIO(data)) as z:
            assert any(n.startswith("ppt/charts/") for n in z.namelist())   # native charts
        shown = {cell for row in pptx_rows(data, squeeze=False) for cell in row}
        missing = [c for c in cells if c not in shown]
    else:
        text = pdf_text(data, tmp_path)
        assert squash(title) in text
        missing = [c for c in cells if squash(c) not in text]
    assert not missing, missing
