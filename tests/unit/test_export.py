"""Downloads that read (``ui/export.py``): numbers rounded to their meaning, units in the
headers, a provenance sheet in the workbook, valid sheet names; chart downloads named after
the chart and the scenarios, rendered as a valid PNG and SVG."""

from __future__ import annotations

import io
import math
import xml.etree.ElementTree as ET

import openpyxl
import pandas as pd
import pytest

from simulation import KPI_LABELS, MODEL_VERSION, SCHEMA_VERSION
from ui import charts, export
from ui.i18n import TEXT

RAW = 0.2628442963702593


def test_rounding_follows_the_unit():
    assert export.round_value(RAW, "fraction") == 26.3             # a share in percent, 0.1
    assert export.round_value(-0.01234, "pp") == -1.2               # a difference, in points
    assert export.round_value(12345.678, "CNY") == 12346            # whole yuan
    assert export.round_value(1234.567, "kg CO2e") == 1234.6        # kg to 0.1
    assert export.round_value(0.29123, "kg CO2e") == 0.291          # a per-parcel footprint keeps it
    assert export.round_value(101.6, "orders") == 102               # counts whole
    assert export.round_value(3.14159, "hours") == 3.14
    assert export.round_value(123456.7, "no such unit") == 123500   # four significant digits
    assert math.isnan(export.round_value(float("nan"), "CNY"))
    assert math.isnan(export.round_value(None, "CNY"))
    assert math.copysign(1, export.round_value(-0.0001, "CNY")) == 1   # no negative zero


def test_every_kpi_unit_has_a_rounding_rule():
    units = {u for _zh, _en, u, _b in KPI_LABELS.values()}
    assert units <= set(export.DECIMALS), units - set(export.DECIMALS)


def frame() -> pd.DataFrame:
    return pd.DataFrame({"scenario": ["基准", "当前"], "profit_cny": [12345.678, -987.4],
                         "retention_90d": [RAW, float("nan")], "carbon_kg_total": [5621.96, 2113.04],
                         "orders": [101.6, 3.2]})


def test_readable_rounds_and_puts_the_unit_in_each_header():
    df = frame()
    units = export.kpi_units(df.columns)
    assert units == {"profit_cny": "CNY", "retention_90d": "fraction", "carbon_kg_total": "kg CO2e",
                     "orders": "orders"}
    zh = export.readable(df, units, "zh")
    assert list(zh.columns) == ["scenario", "利润（元）", "90天留存率（%）", "总碳排放（kg CO₂e）",
                                "订单数（单）"]
    assert list(zh["利润（元）"]) == [12346, -987] and zh["利润（元）"].dtype == "int64"
    assert zh["90天留存率（%）"][0] == 26.3 and math.isnan(zh["90天留存率（%）"][1])
    assert list(zh["总碳排放（kg CO₂e）"]) == [5622.0, 2113.0]
    en = export.readable(df, units, "en", labels={"scenario": "Scenario"})
    assert list(en.columns) == ["Scenario", "Profit (CNY)", "90-day retention (%)",
                                "Total carbon (kg CO₂e)", "Orders (orders)"]
    assert list(df["profit_cny"]) == [12345.678, -987.4]             # the input is untouched
    assert "0.2628442963702593" not in export.csv_bytes(en).decode("utf-8-sig")
    assert "26.3" in export.csv_bytes(en).decode("utf-8-sig")


def test_long_frames_round_each_row_by_its_kpi():
    long = pd.DataFrame({"code": ["profit_cny", "retention_90d", "carbon_kg_per_order", "?"],
                         "mean": [1234.56, 0.3333, 0.8567, 1.234567], "text": ["a", "b", "c", "d"]})
    out = export.rounded_rows(long, "code", ["mean"])
    assert list(out["mean"]) == [1235, 33.3, 0.857, 1.235]
    assert isinstance(out["mean"][0], int)
    diff = export.rounded_rows(long, "code", ["mean"], diff=True)
    assert diff["mean"][1] == 33.3 and export.row_unit("retention_90d", diff=True) == "pp"
    assert export.unit_text("pp", "zh") == "个百分点" and export.unit_text("pp", "en") == "pp"
    assert export.unit_header("利润", "CNY", "zh") == "利润（元）"
    assert export.unit_header("Label", "", "en") == "Label"


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_the_workbook_has_a_provenance_sheet(lang):
    df = frame()
    prov = export.provenance_table(lang, scenarios=["基准", "当前"], seed=7, replications=10,
                                   horizon_days=365, extra=[("x", "y")])
    facts = dict(zip(prov.iloc[:, 0], prov.iloc[:, 1], strict=True))
    assert facts[TEXT["report.prov_model"][lang]] == MODEL_VERSION
    assert facts[TEXT["report.prov_schema"][lang]] == str(SCHEMA_VERSION)
    assert facts[TEXT["report.prov_seed"][lang]] == "7"
    assert facts[TEXT["report.prov_scenarios"][lang]] == "基准 · 当前"
    assert TEXT["report.prov_created"][lang] in facts and facts["x"] == "y"
    data = export.workbook_bytes({"KPIs: [a/b]?": export.readable(df, export.kpi_units(df.columns),
                                                                     lang)}, prov, lang)
    book = openpyxl.load_workbook(io.BytesIO(data))
    assert book.sheetnames == ["KPIs_ _a_b__", TEXT["report.prov_sheet"][lang]]
    rows = list(book.worksheets[0].iter_rows(values_only=True))
    assert rows[1][1] == 12346 and rows[1][2] == 26.3
    sheet = {r[0]: r[1] for r in book.worksheets[1].iter_rows(min_row=2, values_only=True)}
    assert sheet[TEXT["report.prov_model"][lang]] == MODEL_VERSION
    with pytest.raises(ValueError, match="unknown provenance"):
        export.provenance_table(lang, colour="red")


def test_sheet_names_are_valid_and_unique():
    assert export.sheet_name("a" * 40) == "a" * 31
    assert export.sheet_name("x", ["X"]) == "x (2)"
    assert export.sheet_name("a" * 40, ["a" * 31]) == "a" * 27 + " (2)"
    assert export.sheet_name("'':") == "_"
    assert export.sheet_name("") == "Sheet"


def test_chart_file_names_are_ascii_and_distinct():
    assert export.chart_file_name("carbon_over_time", ["baseline", "current"], "svg") == \
        "carbon_over_time_baseline_vs_current.svg"
    assert export.chart_file_name("Trade-off!", [], "png") == "trade_off.png"
    a, b = (export.chart_file_name("tradeoff", ["基准", name], "png") for name in ("情景 A", "情景 B"))
    assert a != b and a.isascii() and b.isascii()
    assert export.slug("基准") == export.slug("基准") != export.slug("当前")
    assert export.slug("情景 A").startswith("a_")


def test_a_chart_downloads_as_valid_png_and_svg():
    kpis = pd.DataFrame({"scenario": ["基准"] * 3 + ["当前"] * 3, "replication": [0, 1, 2] * 2,
                         "carbon_kg_per_order": [0.85, 0.86, 0.84, 0.75, 0.76, 0.74]})
    chart = charts.kpi_bars(kpis, "carbon_kg_per_order", names=["基准", "当前"], lang="zh",
                            baseline="基准")
    spec = chart.to_dict()
    png = export.chart_bytes(spec, "png")
    assert png.startswith(b"\x89PNG\r\n\x1a\n")
    width = int.from_bytes(png[16:20], "big")
    assert width >= export.CHART_WIDTH            # drawn at a file's width, not a container's 300 px
    svg = export.chart_bytes(spec, "svg").decode("utf-8")
    root = ET.fromstring(svg)
    assert root.tag.endswith("svg") and "单均碳排放" in svg
    broken = export.chart_bytes({"mark": "nonsense"}, "svg").decode("utf-8")   # a picture saying so
    assert TEXT["report.chart_failed"]["en"] in broken.replace("&apos;", "'")


def test_the_methodology_downloads_read():
    from ui import methodology

    params = methodology.parameters_download(methodology.parameter_frame("en"), "en")
    value = methodology.column_labels("en")["value"]
    by_path = params.set_index(methodology.column_labels("en")["path"])[value]
    assert by_path["shop.overheads_cny_per_month"] == 90000             # a number, not "90,000"
    assert by_path["shop.gross_margin"] == 0.62
    assert isinstance(by_path["packaging.option"], str)                 # an option stays a word
    summary = pd.DataFrame({"kpi": ["repeat_purchase_rate", "cac_cny", "carbon_packaging_kg_per_parcel"],
                            "mean": [RAW, 185.55, 0.29123], "ci_low": [0.25, 180.2, 0.28],
                            "ci_high": [0.27, 190.1, 0.30]})
    cal = methodology.calibration_download(summary, "zh")
    rows = cal.set_index(methodology.calibration_headers("zh")["kpi"])
    mean = TEXT["report.dl_mean"]["zh"]
    assert rows.loc["repeat_purchase_rate", mean] == 26.3
    assert rows.loc["cac_cny", mean] == 186
    assert rows.loc["carbon_packaging_kg_per_parcel", mean] == 0.291
    assert rows.loc["repeat_purchase_rate", TEXT["report.dl_unit"]["zh"]] == "%"
    book = openpyxl.load_workbook(io.BytesIO(methodology.methodology_workbook(params, cal, "zh", 365)))
    assert book.sheetnames == [TEXT["report.dl_sheet_params"]["zh"],
                               TEXT["report.dl_sheet_calibration"]["zh"], TEXT["report.prov_sheet"]["zh"]]
