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
    # --- common: title page, tables, summary (ui/report/common.py) ---------------------------
    "fact_scenarios": {"zh": "情景", "en": "Scenarios"},
    "fact_date": {"zh": "日期", "en": "Date"},
    "fact_model": {"zh": "模型版本", "en": "Model version"},
    "fact_schema": {"zh": "数据结构版本", "en": "Schema version"},
    "fact_seed": {"zh": "随机种子", "en": "Seed"},
    "fact_replications": {"zh": "重复次数", "en": "Replications"},
    "fact_horizon": {"zh": "模拟期", "en": "Horizon"},
    "fact_reference": {"zh": "参照情景", "en": "Reference"},
    "days": {"zh": "{n} 天", "en": "{n} days"},
    "kpi_title": {"zh": "主要指标（均值与 95% 置信区间）", "en": "Headline KPIs (mean and 95% interval)"},
    "kpi_title_all": {"zh": "全部指标（均值与 95% 置信区间）", "en": "All KPIs (mean and 95% interval)"},
    "kpi_note": {"zh": "每格为 {n} 次重复的均值，括号内为 95% 置信区间（学生 t 分布）。",
                 "en": "Each cell is the mean of {n} replications with its 95% interval "
                       "(Student's t) in brackets."},
    "levers_title": {"zh": "不同的杠杆", "en": "Levers that differ"},
    "levers_note": {"zh": "只列出情景之间取值不同的参数；其余参数与基准情景相同。",
                    "en": "Only the parameters whose values differ between the scenarios are "
                          "listed; all others are as in the baseline."},
    "summary_intro": {"zh": "以下结论均与参照情景“{reference}”比较得出。差异为配对差值"
                            "（同一组随机数下的各次重复），“超出随机波动”指 95% 置信区间不含零。",
                      "en": "Each finding compares a scenario with the reference, “{reference}”, "
                            "on paired differences (replications sharing "
                            "random numbers); “beyond noise” means the 95% interval excludes zero."},
    "finding_prob": {"zh": "{kpi}（差值 {diff}，95% 区间 {low} 至 {high}，概率 {prob}）",
                     "en": "{kpi} ({diff}, 95% interval {low} to {high}, probability {prob})"},
    "finding": {"zh": "{kpi}（差值 {diff}，95% 区间 {low} 至 {high}）",
                "en": "{kpi} ({diff}, 95% interval {low} to {high})"},
    "summary_better": {"zh": "与“{reference}”相比，“{scenario}”在以下指标上更好：{findings}。",
                       "en": "Compared with “{reference}”, “{scenario}” is better on {findings}."},
    "summary_worse": {"zh": "“{scenario}”在以下指标上更差：{findings}。",
                      "en": "“{scenario}” is worse on {findings}."},
    "summary_differs": {"zh": "“{scenario}”在以下指标上与“{reference}”不同：{findings}。",
                        "en": "“{scenario}” differs from “{reference}” on {findings}."},
    "within_noise": {"zh": "{kpis}的差异在随机波动范围内。",
                     "en": "The differences in {kpis} are within noise."},
    "all_noise": {"zh": "“{scenario}”与“{reference}”在主要指标上的差异都在随机波动范围内"
                        "（95% 区间均包含零）；若要分辨，请增加重复次数。",
                  "en": "“{scenario}” and “{reference}” differ on no headline KPI beyond noise "
                        "(every 95% interval includes zero); more replications may tell them apart."},
    "abate_cost": {"zh": "“{scenario}”减少碳排放 {avoided} 吨 CO₂e，每减少一吨的净成本为 {cost}"
                         "（95% 区间 {interval}）。",
                   "en": "“{scenario}” avoids {avoided} t CO₂e at a net cost of {cost} per tonne "
                         "(95% interval {interval})."},
    "abate_saves": {"zh": "“{scenario}”减少碳排放 {avoided} 吨 CO₂e，利润不降反升：每减少一吨净节省 "
                          "{saving}（每吨净成本 {cost}，95% 区间 {interval}）。",
                    "en": "“{scenario}” cuts carbon by {avoided} t CO₂e and raises profit while doing "
                          "so: a net saving of {saving} per tonne avoided (net cost {cost} per tonne, "
                          "95% interval {interval})."},
    "abate_unclear": {"zh": "“{scenario}”减少碳排放 {avoided} 吨 CO₂e，每吨净成本为 {cost}（95% 区间 "
                            "{interval}）；区间包含零，是花钱还是省钱在随机波动范围内。",
                      "en": "“{scenario}” cuts carbon by {avoided} t CO₂e at a net cost of {cost} per "
                            "tonne (95% interval {interval}); the interval includes zero, so whether "
                            "it costs or saves money is within noise."},
    "abate_none": {"zh": "“{scenario}”没有显著减少碳排放，因此不计算每吨减排成本。",
                   "en": "“{scenario}” does not cut carbon beyond noise, so it has no cost per "
                         "tonne avoided."},
    # --- common: appendix ---------------------------------------------------------------------
    "col_parameter": {"zh": "参数", "en": "Parameter"},
    "col_value": {"zh": "取值（参照情景）", "en": "Value (reference scenario)"},
    "col_source": {"zh": "来源", "en": "Source"},
    "assumptions_title": {"zh": "假设与来源", "en": "Assumptions and sources"},
    "assumptions_intro": {"zh": "下表列出情景之间不同的杠杆和结果最依赖的主要假设，以及每个参数的来源；"
                                "“假设”表示没有公开数据来源的建模选择。",
                          "en": "The levers that differ between the scenarios and the headline "
                                "assumptions the results rest on most, each with its source; "
                                "“assumption” marks a modelling choice without a published source."},
    "assumptions_headline": {"zh": "每个参数都注明来源，未注明者为假设",
                             "en": "Every parameter names its source; the rest are assumptions"},
    "assumptions_note": {"zh": "全部参数及其来源见应用的“方法与假设”页。",
                         "en": "The methodology page of the app lists every parameter with its source."},
    "bibliography_title": {"zh": "参考资料", "en": "Bibliography"},
    "bibliography_intro": {"zh": "模型的数据来自以下中文资料（按标题和章节引用）和公开发表的文献与数据"
                                 "（外文文献保留原文标题）。",
                           "en": "The model's figures come from these Chinese documents (cited by "
                                 "title and section) and from published literature and data."},
    "bibliography_headline": {"zh": "资料来源：五份中文资料与公开文献",
                              "en": "Sources: five Chinese documents and published literature"},
    "limitations_title": {"zh": "模型局限", "en": "The model's limitations"},
    "limitations_intro": {"zh": "使用结果时请注意以下几点：",
                          "en": "Keep these points in mind when you use the results:"},
    "limitations_headline": {"zh": "作用方向比作用大小更可靠",
                             "en": "Directions are more robust than sizes"},
    "stress_objectives": {"zh": "方法附录 1：目标", "en": "Methods 1: objectives"},
    "stress_logic": {"zh": "方法附录 2：模型逻辑", "en": "Methods 2: logic"},
    "stress_data": {"zh": "方法附录 3：数据", "en": "Methods 3: data"},
    "stress_experimentation": {"zh": "方法附录 4：实验设计", "en": "Methods 4: experimentation"},
    "stress_implementation": {"zh": "方法附录 5：实现", "en": "Methods 5: implementation"},
    "stress_code": {"zh": "方法附录 6：代码获取", "en": "Methods 6: code access"},
    "stress_objectives_headline": {"zh": "比较 ESG 策略对留存、碳排放、成本和利润的影响",
                                   "en": "Compare ESG strategies on retention, carbon, cost and profit"},
    "stress_logic_headline": {"zh": "离散事件仿真：顾客、订单、物流与员工",
                              "en": "A discrete-event model of customers, orders, delivery and staff"},
    "stress_data_headline": {"zh": "参数取自公开资料并按公开目标校准",
                             "en": "Parameters from published sources, calibrated to public targets"},
    "stress_experimentation_headline": {"zh": "共同随机数下的重复实验与 95% 置信区间",
                                        "en": "Replications on common random numbers, 95% intervals"},
    "stress_implementation_headline": {"zh": "基于 SimPy 实现，版本固定、结果可复现",
                                       "en": "Python and SimPy, versioned and reproducible"},
    "stress_code_headline": {"zh": "代码、情景文件与测试都在项目仓库中",
                             "en": "The code, scenario files and tests are in the project's repository"},
    "stress_objectives_text": {
        "zh": "本研究比较一家中小网店的 ESG 策略（绿色包装、绿色物流、员工福利、供应商审核、ESG 营销与信息"
              "披露、政策工具）及营销预算分配，对顾客复购与留存、碳排放、成本和利润的影响。使用者为制定政策的"
              "人员、咨询顾问和学生；主要指标是 90 天留存率、复购率、总碳排放与每单碳排放、总成本和利润，"
              "每个指标都给出 95% 置信区间。报告按 STRESS-DES 模拟研究报告规范组织（见参考资料）。",
        "en": "The study compares ESG strategies for one small online shop (green packaging, green "
              "logistics, staff welfare, supplier audits, ESG marketing and disclosure, policy "
              "instruments) and the split of its marketing budget by their effect on repeat "
              "purchase and retention, carbon emissions, cost and profit. Its users are "
              "policymakers, consultants and students; the headline KPIs are 90-day retention, "
              "the repeat-purchase rate, total carbon and carbon per order, total cost and profit, "
              "each with a 95% interval. This appendix follows the STRESS-DES reporting guideline "
              "for simulation studies (Monks et al. 2019; see the bibliography)."},
    "stress_logic_text": {
        "zh": "离散事件仿真（SimPy）按天推进一家店：营销预算经 Hill 饱和响应和广告滞后效应带来新顾客；"
              "顾客的购买与流失服从 BG/NBD 过程（Fader、Hardie 与 Lee 2005），每次购买的体验（延误、"
              "瑕疵、客服等待、包装、价格）和品牌信任会改变其复购与流失；订单由仓库员工拣货打包，再由"
              "快递配送；员工福利影响离职，新员工效率较低。碳排放按来源（包装、干线与末端配送、仓库用电）"
              "和范围（范围一至三）记账，成本按类别记账。",
        "en": "A discrete-event simulation (SimPy) runs one shop day by day: the marketing budget "
              "brings new customers through Hill-saturation responses with adstock; customers buy "
              "and drop out by a BG/NBD process (Fader, Hardie & Lee 2005), and each order's "
              "experience (delay, defects, service wait, packaging, price) and brand trust shift "
              "their repurchase and leaving; warehouse staff pick and pack orders, carriers deliver "
              "them; staff welfare changes quitting, and new staff work more slowly. Carbon is "
              "booked by source (packaging, line-haul and last-mile delivery, warehouse electricity) "
              "and scope (1–3), cost by category."},
    "stress_data_text": {
        "zh": "每个参数都在模型的数据结构中注明来源：五份中文资料（按标题和章节引用）、公开发表的文献与"
              "统计数据；没有来源的参数标为假设。基准情景按公开目标校准（复购率、获客成本、每件快递的碳排放"
              "等），并与真实交易数据（CDNOW）的复购形态对比。本报告的“假设与来源”列出与所示情景最相关的"
              "参数，应用的“方法与假设”页列出全部参数与校准结果。",
        "en": "Every parameter names its source on the model's schema: five Chinese documents (cited "
              "by title and section), published literature and statistics; parameters without one "
              "are marked as assumptions. The baseline is calibrated to public targets (repeat "
              "purchase, acquisition cost, carbon per parcel and others) and compared with real "
              "transactions (CDNOW) on the shapes of repeat buying. This report's assumptions "
              "section lists the parameters that matter most for the scenarios shown; the app's "
              "methodology page lists them all with the calibration results."},
    "stress_experimentation_text": {
        "zh": "每个情景运行 {n} 次独立重复（随机种子 {seed}，模拟期 {days} 天），不设预热期（店铺从已有顾客"
              "开始）。所有情景的第 i 次重复使用同一组随机数（共同随机数），因此情景之间的差异是配对差值。"
              "均值的 95% 置信区间按学生 t 分布计算；“更好的概率”取自配对差值的 t 分布；每吨减排成本的"
              "区间来自配对自助法（百分位法，2000 次重抽样）。",
        "en": "Each scenario runs {n} independent replications (seed {seed}, a horizon of {days} "
              "days), with no warm-up (the shop starts with past customers). Replication i of every "
              "scenario uses the same random numbers (common random numbers), so differences "
              "between scenarios are paired. Means carry 95% Student-t intervals; the probability "
              "of being better comes from the t distribution of the paired differences; the cost "
              "per tonne avoided has a paired bootstrap interval (percentile method, 2,000 "
              "resamples)."},
    "stress_implementation_text": {
        "zh": "模型以离散事件引擎 SimPy 实现，统计计算使用开源科学计算库；应用基于 Streamlit，"
              "图表由 Altair 绘制。模型版本 {model}，数据结构版本 {schema}；相同的情景、随机种子、重复次数"
              "和模型版本给出相同的结果，与运行的机器和并行进程数无关。",
        "en": "The model is written in Python with the SimPy discrete-event engine and NumPy, SciPy "
              "and pandas for the statistics; the app runs on Streamlit and draws its charts with "
              "Altair. Model version {model}, schema version {schema}: the same scenarios, seed, "
              "replications and model version give the same results on any machine and with any "
              "number of worker processes."},
    "stress_code_text": {
        "zh": "模型、应用、情景文件（YAML）和测试都在项目的代码仓库中。本报告可用命令行重现："
              "`python -m simulation report 情景… --seed {seed} --replications {n}`；"
              "`python -m simulation verify` 重新运行验证报告。代码以 MIT 许可证开源（见仓库的 README）。",
        "en": "The model, the app, the scenario files (YAML) and the tests are in the project's "
              "repository. The command line reproduces this report: `python -m simulation report "
              "SCENARIO… --seed {seed} --replications {n}`; `python -m simulation verify` reruns the "
              "validation report. The code is open source under the MIT licence (see the "
              "repository's README)."},
    "validation_title": {"zh": "验证报告摘要", "en": "The validation report's summary"},
    "validation_table": {"zh": "各类检验的通过情况", "en": "Checks passed by category"},
    "validation_text": {"zh": "模型版本 {version} 的验证报告（{date}）：共 {n} 项检验，通过 {passed} 项，"
                              "未通过 {failed} 项。",
                        "en": "The validation report of model version {version} ({date}): {n} "
                              "checks, {passed} passed, {failed} failed."},
    "validation_live": {"zh": "数据来自本次会话刚运行的验证。",
                        "en": "From the checks just run in this session."},
    "validation_stored": {"zh": "数据来自为该模型版本保存的验证结果（命令 `{command}`）。",
                          "en": "From the validation results stored for this model version "
                                "(`{command}`)."},
    "validation_missing": {"zh": "没有为当前模型版本保存的验证结果；请运行 `python -m simulation verify`。",
                           "en": "No validation results are stored for this model version: run "
                                 "`python -m simulation verify`."},
    "col_category": {"zh": "检验类别", "en": "Category"},
    "col_passed": {"zh": "通过", "en": "Passed"},
    "col_failed": {"zh": "未通过", "en": "Failed"},
    "category_queueing": {"zh": "排队论", "en": "Queueing theory"},
    "category_accounting": {"zh": "账目核对", "en": "Accounting"},
    "category_customers": {"zh": "顾客过程", "en": "Customer process"},
    "category_calibration": {"zh": "校准目标", "en": "Calibration targets"},
    "category_carbon": {"zh": "碳排放核算", "en": "Carbon accounting"},
    "category_economics": {"zh": "经济学关系", "en": "Economics"},
    "category_real_data": {"zh": "真实数据对照", "en": "Real data"},
    # speaker notes (PPTX): the method and the caveats of each section
    "notes_summary": {"zh": "方法：每个情景在共同随机数下重复运行，差值为配对差值，区间为 95% 置信区间。"
                            "注意：差值在区间包含零时只是随机波动；作用方向比大小更可靠。",
                      "en": "Method: every scenario is replicated on common random numbers; "
                            "differences are paired, intervals are 95%. Caveat: a difference whose "
                            "interval includes zero is noise; directions are more robust than sizes."},
    "notes_kpis": {"zh": "方法：各次重复的均值与学生 t 分布的 95% 置信区间（比率的区间截在 0–100% 内）。"
                         "注意：重复次数少时区间较宽。",
                   "en": "Method: the mean over replications with its 95% Student-t interval "
                         "(rates' intervals cut to 0–100%). Caveat: with few replications the "
                         "intervals are wide."},
    "notes_levers": {"zh": "这里列出情景之间取值不同的参数；其余参数相同。",
                     "en": "These are the parameters whose values differ between the scenarios; "
                           "all others are the same."},
    "notes_differences": {"zh": "方法：配对差值（情景减参照）及其 95% 区间；"
                                "“更好的概率”来自配对差值的 t 分布。"
                                "注意：同时看很多指标时，偶尔会有一个仅因偶然而显著。",
                          "en": "Method: paired differences (scenario minus reference) with 95% "
                                "intervals; the probability of being better comes from the t "
                                "distribution of the differences. Caveat: among many KPIs, one may "
                                "look significant by chance."},
    "notes_abatement": {"zh": "方法：净成本为放弃的利润，除以减少的碳排放（吨）；区间来自配对自助法。"
                              "注意：只有显著减碳的情景才有每吨成本；负值表示省钱。",
                        "en": "Method: the net cost is the profit forgone divided by the tonnes of "
                              "carbon avoided; the interval is a paired bootstrap. Caveat: only a "
                              "scenario that cuts carbon beyond noise has a cost per tonne; a "
                              "negative value saves money."},
    "notes_chart": {"zh": "图中的点和柱为各次重复的均值，线段为 95% 置信区间；数值见前面的表格。",
                    "en": "Points and bars are means over the replications; the lines are 95% "
                          "intervals; the tables before give the values."},
    "notes_assumptions": {"zh": "未注明来源的参数是假设；引用数字前请先在应用中做敏感性分析。",
                          "en": "A parameter without a source is an assumption; run a sensitivity "
                                "analysis in the app before citing a number."},
    "notes_bibliography": {"zh": "中文资料按标题和章节引用；外文文献保留原文标题。",
                           "en": "The Chinese documents are cited by title and section."},
    "notes_limitations": {"zh": "这些局限适用于所有结果，讨论结论时请一并说明。",
                          "en": "These limits apply to every result: mention them with the findings."},
    "notes_stress": {"zh": "方法附录按 STRESS-DES 报告规范的六个部分组织。",
                     "en": "The methods appendix follows the six parts of the STRESS-DES guideline."},
    "notes_validation": {"zh": "验证把模型与理论（排队论、账目恒等式）和校准目标对照；完整报告见"
                               "“方法与假设”页或命令 `python -m simulation verify`。",
                         "en": "Validation checks the model against theory (queueing, accounting "
                               "identities) and the calibration targets; the methodology page and "
                               "`python -m simulation verify` give the full report."},
    # --- the compare page's downloads (ui/compare_tables.py) ---------------------------------
    "col_prob_percent": {"zh": "优于参照的概率（%）", "en": "Probability of being better (%)"},
    "origin_preset": {"zh": "内置情景 {name}", "en": "built-in preset {name}"},
    "origin_library": {"zh": "情景库中的条目", "en": "an entry of the scenario library"},
    "origin_upload": {"zh": "上传的情景文件", "en": "an uploaded scenario file"},
    "origin_current": {"zh": "情景构建页的当前情景", "en": "the builder's current scenario"},
    "origin_file": {"zh": "情景文件 {name}", "en": "scenario file {name}"},
    "about_rounding": {"zh": "数值的取整", "en": "Rounding"},
    "about_rounding_text": {
        "zh": "比率以百分数表示，保留 1 位小数（差值为百分点）；金额取整到元；"
              "碳排放以千克表示，保留 1 位小数（不足 10 千克时保留 3 位）；"
              "减少的碳排放以吨表示，保留 3 位小数；概率以百分数表示，保留 1 位小数。",
        "en": "Rates in percent to 1 decimal (differences in percentage points); money to the "
              "whole yuan; carbon in kg to 1 decimal (3 below 10 kg); carbon avoided in tonnes to "
              "3 decimals; probabilities in percent to 1 decimal."},
    # --- the compare report (ui/report/compare.py) -------------------------------------------------
    "compare_title": {"zh": "情景比较报告", "en": "Scenario comparison"},
    "compare_subtitle": {"zh": "{n} 个情景，以“{reference}”为参照",
                         "en": "{n} scenarios against “{reference}”"},
    "compare_summary_headline": {"zh": "结论：与参照情景相比的主要差异",
                                 "en": "What differs from the reference"},
    "compare_kpi_headline": {"zh": "主要指标一览", "en": "The headline KPIs side by side"},
    "compare_kpi_all_headline": {"zh": "全部指标", "en": "Every KPI"},
    "compare_diff_headline": {"zh": "与参照相比的配对差值及其概率",
                              "en": "Paired differences from the reference, with probabilities"},
    "compare_abate_headline": {"zh": "每减少一吨 CO₂e 的成本", "en": "What a tonne of CO₂e avoided costs"},
    "compare_levers_headline": {"zh": "情景之间不同的杠杆", "en": "The levers that differ"},
    "compare_tradeoff_headline": {"zh": "成本与碳排放的权衡", "en": "The cost–carbon trade-off"},
    "compare_bars_headline": {"zh": "各情景的主要指标", "en": "Headline KPIs by scenario"},
    "compare_waterfall_headline": {"zh": "成本变化来自哪里", "en": "Where the change in cost comes from"},
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
    "pptx_continued": {"zh": "{title}（续，{part}/{parts}）",
                       "en": "{title} (continued, {part}/{parts})"},
    "pptx_slide": {"zh": "{slide} / {slides}", "en": "{slide} / {slides}"},
    "pptx_summary_notes": {
        "zh": "这些句子由模拟结果自动生成；区间均为各次重复之间的 95% 置信区间。",
        "en": "These sentences are generated from the simulation's numbers; every interval is a "
              "95% confidence interval over the replications.",
    },
    "pptx_contents_notes": {"zh": "本演示文稿的结构：执行摘要、本页结果，附录为假设、局限和方法。",
                            "en": "How this deck runs: the executive summary, the page's results, "
                                  "then the appendix with the assumptions, limitations and methods."},
    "noscript": {"zh": "交互图表需要浏览器启用脚本（JS）；表格和文字不受影响。",
                 "en": "The interactive charts need JavaScript turned on in the browser; the "
                       "tables and the text do not."},
    "chart_failed": {"zh": "此图表无法绘制；表格中的数值不受影响。",
                     "en": "This chart could not be drawn; the values in the tables are "
                           "unaffected."},
    "chart_actions": {"zh": "图表操作", "en": "Chart actions"},
    "save_svg": {"zh": "保存为 SVG", "en": "Save as SVG"},
    "save_png": {"zh": "保存为 PNG", "en": "Save as PNG"},
    # --- builder report ---
    # readable downloads (ui/export.py): units in headers, the provenance sheet
    "with_unit": {"zh": "{label}（{unit}）", "en": "{label} ({unit})"},
    "dl_unit_pp": {"zh": "个百分点", "en": "pp"},
    "unit_cny_per_t": {"zh": "元/吨 CO₂e", "en": "CNY/t CO₂e"},
    "prov_sheet": {"zh": "数据来源", "en": "Provenance"},
    "prov_item": {"zh": "项目", "en": "Item"},
    "prov_value": {"zh": "内容", "en": "Value"},
    "prov_title": {"zh": "标题", "en": "Title"},
    "prov_scenarios": {"zh": "情景", "en": "Scenarios"},
    "prov_reference": {"zh": "对照情景", "en": "Reference scenario"},
    "prov_origin": {"zh": "情景来源", "en": "Where the scenario came from"},
    "prov_model": {"zh": "模型版本", "en": "Model version"},
    "prov_schema": {"zh": "情景格式版本", "en": "Scenario schema version"},
    "prov_seed": {"zh": "随机种子", "en": "Random seed"},
    "prov_replications": {"zh": "重复次数", "en": "Replications"},
    "prov_horizon_days": {"zh": "模拟天数", "en": "Simulated days"},
    "prov_source": {"zh": "数据出处", "en": "Source"},
    "prov_method": {"zh": "方法", "en": "Method"},
    "prov_link": {"zh": "分享链接", "en": "Share link"},
    "prov_created": {"zh": "生成时间", "en": "Made at"},
    # the scenario builder's report (ui/report/builder.py)
    "b_title": {"zh": "情景报告：{title}", "en": "Scenario report: {title}"},
    "b_subtitle": {"zh": "当前情景与基准情景对比（共同随机数）",
                   "en": "The current scenario against the baseline (common random numbers)"},
    "b_fact_title": {"zh": "当前情景", "en": "Current scenario"},
    "b_fact_origin": {"zh": "情景来源", "en": "Where it came from"},
    "b_fact_set": {"zh": "结果集", "en": "Results shown"},
    "b_set_full": {"zh": "完整集：{n} 次重复", "en": "The full set: {n} replications"},
    "b_set_preview": {"zh": "快速预览：{n} 次重复（完整集为 {full} 次，尚未运行，因此区间较宽）",
                      "en": "The quick preview: {n} replications (the full set of {full} has not "
                            "been run, so the intervals are wide)"},
    "b_levers_title": {"zh": "与基准不同的杠杆", "en": "Levers that differ from the baseline"},
    "b_col_lever": {"zh": "杠杆", "en": "Lever"},
    "b_col_value": {"zh": "当前值", "en": "Value"},
    "b_col_base": {"zh": "基准值", "en": "Baseline value"},
    "b_levers_none": {"zh": "当前情景与基准情景相同，没有改动任何杠杆。",
                      "en": "The current scenario is the baseline: no lever differs."},
    "b_levers_notes": {"zh": "基准情景是内置的基准店铺，运行设置（模拟天数等）与当前情景相同。",
                       "en": "The baseline is the built-in baseline shop with the current "
                             "scenario's run settings (horizon and windows)."},
    "b_cards_title": {"zh": "关键指标", "en": "Key indicators"},
    "b_col_kpi": {"zh": "指标", "en": "Indicator"},
    "b_col_current": {"zh": "当前情景", "en": "Current scenario"},
    "b_col_change": {"zh": "相对基准的变化", "en": "Change from the baseline"},
    "b_col_interval": {"zh": "变化的 95% 区间", "en": "95% interval of the change"},
    "b_col_prob": {"zh": "优于基准的概率", "en": "Probability of beating the baseline"},
    "b_col_baseline": {"zh": "基准情景", "en": "Baseline"},
    "b_cards_note": {"zh": "与应用中的指标卡相同：均值来自 {n} 次重复；变化为配对差值（共同随机数），"
                           "区间为 95% 置信区间。",
                     "en": "As on the app's KPI cards: means over {n} replications; changes are "
                           "paired differences (common random numbers) with 95% confidence "
                           "intervals."},
    "b_cards_notes": {"zh": "每次重复中，基准与当前情景使用相同的随机数，"
                            "因此差值的区间比两个均值各自的区间更窄。"
                            "区间包含 0 的变化不能与随机波动区分。",
                      "en": "Replication i of the baseline and of the current scenario share "
                            "their random numbers, so the change's interval is narrower than "
                            "either mean's. A change whose interval contains 0 cannot be told "
                            "apart from noise."},
    "b_charts_notes": {"zh": "与应用中的图表相同；带状区域为各次重复的第 5 至第 95 百分位，误差线为均值的 "
                             "95% 置信区间。",
                       "en": "The same charts as in the app; bands are the 5th–95th percentiles "
                             "of the replications, error bars the 95% confidence interval of "
                             "the mean."},
    "b_charts_headline": {"zh": "{tab}：基准与当前情景", "en": "{tab}: the baseline and the current "
                                                          "scenario"},
    # the methodology page's downloads
    "dl_mean": {"zh": "模型均值", "en": "Model mean"},
    "dl_low": {"zh": "95% 区间下限", "en": "95% interval, low"},
    "dl_high": {"zh": "95% 区间上限", "en": "95% interval, high"},
    "dl_unit": {"zh": "单位", "en": "Unit"},
    "dl_sheet_params": {"zh": "参数", "en": "Parameters"},
    "dl_sheet_calibration": {"zh": "校准", "en": "Calibration"},
    "dl_workbook": {"zh": "下载 Excel 工作簿", "en": "Download the Excel workbook"},
    "dl_workbook_help": {"zh": "参数表与校准表合为一个工作簿，"
                                "另附“数据来源”工作表（模型版本、随机种子、重复次数）。",
                         "en": "The parameters and the calibration in one workbook, with a "
                               "provenance sheet (model version, seed, replications)."},
}
