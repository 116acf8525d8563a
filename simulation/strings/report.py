"""Strings of the report area (see simulation/strings/__init__.py): the meeting pack's
reports (HTML, PDF, PPTX), their shared sections and the "Download report" control."""

TEXT: dict[str, dict[str, str]] = {
    # --- the control ------------------------------------------------------------------------
    "control_heading": {"zh": "下载报告", "en": "Download report"},
    "format": {"zh": "格式", "en": "Format"},
    "format_html": {"zh": "HTML（离线可交互）", "en": "HTML (interactive, works offline)"},
    "format_pdf": {"zh": "PDF（A4 横向）", "en": "PDF (A4 landscape)"},
    "format_pptx": {"zh": "PPTX（可编辑幻灯片）", "en": "PPTX (editable slides)"},
    "prepare": {"zh": "生成报告", "en": "Make the report"},
    "download": {"zh": "下载 {name}", "en": "Download {name}"},
    "preparing": {"zh": "正在生成报告……", "en": "Making the report…"},
    "ready": {"zh": "报告已生成：{name}（{size}）。", "en": "The report is ready: {name} ({size})."},
    "failed": {"zh": "报告生成失败：{reason}。页面上的结果不受影响，请稍后重试。",
               "en": "The report could not be made: {reason}. The results on the page are "
                     "unaffected; try again."},
    "stale": {"zh": "页面结果已变化，请重新生成报告。",
              "en": "The results on the page have changed: make the report again."},
    "control_help": {
        "zh": "报告包含标题页、目录、执行摘要、与基准不同的杠杆、带 95% 区间的指标表、本页图表、"
              "假设与来源、模型局限和方法附录。",
        "en": "The report has a title page, contents, an executive summary, the levers that "
              "differ from the baseline, KPI tables with 95% intervals, this page's charts, "
              "assumptions and sources, the model's limitations and a methods appendix.",
    },
    # --- renderers --------------------------------------------------------------------------
    "contents": {"zh": "目录", "en": "Contents"},
    "summary": {"zh": "执行摘要", "en": "Executive summary"},
    "appendix": {"zh": "附录", "en": "Appendix"},
    "page": {"zh": "第 {page} 页，共 {pages} 页", "en": "Page {page} of {pages}"},
    "link_heading": {"zh": "在应用中打开", "en": "Open in the app"},
    "link_text": {"zh": "以下链接在应用中重新打开同一视图（相同的情景、随机种子和重复次数）：",
                  "en": "This link reopens the same view in the app (the same scenarios, seed "
                        "and replications):"},
    "generated_by": {"zh": "由中小电商 ESG 策略模拟器生成", "en": "Made with the SME e-commerce "
                                                           "ESG strategy simulator"},
}
