"""Strings of the methodology area (see simulation/strings/__init__.py): the methodology page, its
diagram, parameter table, calibration and validation sections.

``UNITS_ZH`` and ``SOURCES_ZH`` translate the schema's units and sources for the Chinese
parameter table (the English table shows them as the schema spells them); a unit or source
missing here is shown as the schema spells it, with the source documents' titles in Chinese
(``simulation.sources.zh``).
"""

from simulation import sources as src

TEXT: dict[str, dict[str, str]] = {
    # --- title and intro ------------------------------------------------------------------
    "title": {"zh": "方法与假设", "en": "Methodology and assumptions"},
    "intro": {
        "zh": "本模拟器是一家中小网店一年（默认 365 天）的**离散事件仿真**（基于 SimPy）："
              "顾客到店、下单，对每一单的体验打分，再决定是否复购；订单在拣货打包环节排队，"
              "等快递揽收后配送；员工会离职并由新人补上，新人边干边学。ESG 举措、营销预算分配"
              "和政策工具改变这些过程，而留存、碳排放、成本和利润等指标都由仿真中的事件逐笔"
              "统计得出，并给出多次重复的 95% 置信区间。",
        "en": "The simulator is a **discrete-event simulation** (SimPy) of one small online "
              "shop over a year (365 days by default): customers arrive, order, judge each "
              "order and decide whether to buy again; orders queue for the pick/pack staff, "
              "wait for the carrier's pickup and are delivered; staff quit and are replaced, "
              "and new hires learn on the job. ESG interventions, the marketing budget split "
              "and policy levers change these processes, and the KPIs (retention, carbon, "
              "cost and profit) are counted from the simulated events, with 95% intervals "
              "over replications.",
    },
    "intro_page": {
        "zh": "本页说明模型的结构、每个参数的取值与来源、模型如何对照公开数据校准、"
              "如何用排队论检验，以及模型没有涵盖的内容。",
        "en": "This page shows how the model is built, every parameter with its value and "
              "source, how the model is calibrated against published figures and checked "
              "against queueing theory, and what it leaves out.",
    },
    # --- diagram --------------------------------------------------------------------------
    "diagram_title": {"zh": "一张图看懂模型", "en": "The model in one diagram"},
    "diagram_caption": {
        "zh": "箭头表示因果作用方向：策略杠杆改变运营机制，机制影响每一单的体验和品牌信任，"
              "体验与信任决定复购，订单和复购再汇总为各项指标。图中还有一条反馈：复购带来新"
              "订单，新订单又经过同样的机制。",
        "en": "Arrows show the direction of cause and effect: levers change the mechanisms, "
              "the mechanisms shape each order's experience and brand trust, experience and "
              "trust drive repurchase, and orders and repurchases add up to the KPIs. There is "
              "a feedback loop too: repurchases are new orders, which pass through the same "
              "mechanisms.",
    },
    "dg_cluster_levers": {"zh": "策略杠杆", "en": "Levers"},
    "dg_cluster_mechanisms": {"zh": "作用机制", "en": "Mechanisms"},
    "dg_cluster_customers": {"zh": "顾客", "en": "Customers"},
    "dg_cluster_kpis": {"zh": "关键指标", "en": "KPIs"},
    "dg_lever_e": {"zh": "环境（E）\n包装方案、电动车配送、\n路径优化、共同配送",
                   "en": "Environment (E)\npackaging, electric vans,\nroute optimisation,\n"
                         "consolidation"},
    "dg_lever_s": {"zh": "社会（S）\n工资、社保、带薪休假、\n培训、加班、供应商审核",
                   "en": "Social (S)\nwages, social insurance,\nleave, training, overtime,\n"
                         "supplier audits"},
    "dg_lever_g": {"zh": "治理（G）\n环境足迹页面、绿色订单标签、\n数据中台",
                   "en": "Governance (G)\nfootprint page,\ngreen-order label,\ndata platform"},
    "dg_lever_m": {"zh": "营销预算\n六个渠道的分配\n（含 ESG 内容占比）",
                   "en": "Marketing budget\nsplit across six channels\n(incl. the ESG share)"},
    "dg_lever_p": {"zh": "政策\n包装与物流补贴、培训补贴、\n碳价、平台佣金",
                   "en": "Policy\npackaging and logistics\nsubsidies, training subsidy,\n"
                         "carbon price, commission"},
    "dg_packaging": {"zh": "包装因子\n每件的碳排放（kg CO₂e）与成本",
                     "en": "Packaging factors\nkg CO₂e and CNY\nper parcel"},
    "dg_delivery": {"zh": "配送\n里程 × 车型排放因子、\n在途时间、准时率",
                    "en": "Delivery\nkm × vehicle factor,\ntransit time, on-time rate"},
    "dg_staff": {"zh": "员工\n福利 → 离职风险（工资弹性 −3）\n→ 流失 → 新人学习曲线：\n更慢、更易出错\n"
                       "（拣货打包与客服排队）",
                 "en": "Staff\nwelfare → quit hazard\n(wage elasticity −3)\n→ turnover → new hires:\n"
                       "slower, more errors\n(pick/pack and\nservice queues)"},
    "dg_supplier": {"zh": "供应商质量\n瑕疵率、供应链丑闻",
                    "en": "Supplier quality\ndefects,\nsupply-chain scandals"},
    "dg_trust": {"zh": "品牌信任\n目标 = 1 + 增益 ×\n沟通与实践中的较小者",
                 "en": "Brand trust\ntarget = 1 + gain ×\nmin(communication, practice)"},
    "dg_acquisition": {"zh": "获客\nHill 饱和响应\n+ 广告滞后效应",
                       "en": "Acquisition\nHill response with\nadstock carry-over"},
    "dg_experience": {"zh": "每一单的体验\n延误、瑕疵/错发、客服等待、\n包装、价格",
                      "en": "Each order's\nexperience\nlateness, defects,\n"
                            "service waits,\npackaging, price"},
    "dg_repurchase": {"zh": "复购\n逻辑斯蒂概率、\n伽马分布的复购间隔",
                      "en": "Repurchase\nlogistic probability,\ngamma time\nto the next order"},
    "dg_orders": {"zh": "订单\n新客与老客", "en": "Orders\nnew and returning\ncustomers"},
    "dg_k_retention": {"zh": "留存\n复购率、90 天留存", "en": "Retention\nrepeat purchase, 90-day"},
    "dg_k_carbon": {"zh": "碳排放\n按来源与范围", "en": "Carbon\nby source and scope"},
    "dg_k_cost": {"zh": "成本\n按类别", "en": "Cost\nby category"},
    "dg_k_profit": {"zh": "利润", "en": "Profit"},
    "dg_edge_practice": {"zh": "实践", "en": "practice"},
    "dg_edge_communication": {"zh": "沟通", "en": "communication"},
    "dg_edge_esg_share": {"zh": "ESG 占比", "en": "ESG share"},
    "dg_edge_crm": {"zh": "私域/CRM", "en": "CRM"},
    "dg_edge_audits": {"zh": "审核", "en": "audits"},
    "dg_edge_scandals": {"zh": "丑闻", "en": "scandals"},
    "dg_edge_defects": {"zh": "瑕疵", "en": "defects"},
    "dg_edge_lateness": {"zh": "延误", "en": "lateness"},
    "dg_edge_eco_bonus": {"zh": "环保型加分", "en": "eco-minded bonus"},
    "dg_edge_data_platform": {"zh": "数据中台", "en": "data platform"},
    "dg_edge_subsidies": {"zh": "补贴、碳价、佣金", "en": "subsidies, carbon price, commission"},
    # --- parameter table ------------------------------------------------------------------
    "params_title": {"zh": "参数表（取自模型的数据结构）", "en": "Parameters (from the model's schema)"},
    "params_intro": {
        "zh": "每个参数的默认值、取值范围、单位、说明和来源都定义在模型的数据结构里，滑块和本表"
              "读取的是同一份定义。共 {total} 个参数，其中 {assumptions} 个没有公开来源，标为"
              "“假设”。",
        "en": "Every parameter's default, range, unit, help text and source are defined once, "
              "in the model's schema; the sliders and this table read the same definition. "
              "There are {total} parameters; {assumptions} have no published source and are "
              "marked 'assumption'.",
    },
    "params_groups": {"zh": "参数组", "en": "Groups"},
    "params_search": {"zh": "搜索参数", "en": "Search parameters"},
    "params_search_placeholder": {"zh": "名称、路径、说明或来源，例如：包装、员工、Kantar",
                                  "en": "name, path, help or source, e.g. packaging, staff, Kantar"},
    "params_count": {"zh": "显示 {shown} / {total} 个参数", "en": "Showing {shown} of {total} parameters"},
    "params_none": {"zh": "没有符合条件的参数，请放宽筛选条件。",
                    "en": "No parameter matches; widen the filter."},
    "params_download": {"zh": "下载参数表（CSV）", "en": "Download the parameter table (CSV)"},
    "col_group": {"zh": "参数组", "en": "Group"},
    "col_parameter": {"zh": "参数", "en": "Parameter"},
    "col_path": {"zh": "路径", "en": "Path"},
    "col_value": {"zh": "基准取值", "en": "Baseline value"},
    "col_unit": {"zh": "单位", "en": "Unit"},
    "col_range": {"zh": "取值范围 [最小, 最大]", "en": "Range [min, max]"},
    "col_plausible": {"zh": "合理区间（敏感性分析）", "en": "Plausible range (sensitivity)"},
    "col_plausible_help": {"zh": "敏感性分析使用的低值与高值及其依据（见方法说明）；"
                                 "空白表示按当前值 ±25% 摆动",
                           "en": "The low and high values the sensitivity analysis uses, with "
                                 "their basis in the methodology; blank: ±25% of the value"},
    "col_source": {"zh": "来源", "en": "Source"},
    "col_help": {"zh": "说明", "en": "Help"},
    "col_path_help": {"zh": "情景文件（YAML）和命令行 `--set` 中使用的参数路径",
                      "en": "The parameter's path in scenario files (YAML) and in --set on the "
                            "command line"},
    "col_value_help": {"zh": "基准情景中的取值（即默认值）",
                       "en": "The value in the baseline scenario (the default)"},
    "col_range_help": {"zh": "数据结构允许的取值范围；超出范围的情景会被拒绝并指出字段",
                       "en": "The range the schema accepts; a scenario outside it is refused with "
                             "a message naming the field"},
    "col_source_help": {"zh": "“假设”表示没有公开数据来源的建模选择",
                        "en": "'assumption' marks a modelling choice without a published source"},
    "group_E": {"zh": "环境（E）", "en": "Environment (E)"},
    "group_S": {"zh": "社会（S）", "en": "Social (S)"},
    "group_G": {"zh": "治理（G）", "en": "Governance (G)"},
    "group_marketing": {"zh": "营销预算", "en": "Marketing budget"},
    "group_policy": {"zh": "政策", "en": "Policy"},
    "group_assumptions": {"zh": "假设", "en": "Assumptions"},
    "group_run": {"zh": "运行设置", "en": "Run settings"},
    "value_on": {"zh": "开", "en": "on"},
    "value_off": {"zh": "关", "en": "off"},
    "range_switch": {"zh": "开 / 关", "en": "on / off"},
    "range_any": {"zh": "不限", "en": "any"},
    "range_pickups": {"zh": "1–6 个时刻，每个在 [0, 24) 内", "en": "1–6 times, each in [0, 24)"},
    "source_assumption": {"zh": "假设", "en": "assumption"},
    # --- calibration ----------------------------------------------------------------------
    "cal_title": {"zh": "校准：基准情景与公开数据对照",
                  "en": "Calibration: the baseline against published figures"},
    "cal_intro": {
        "zh": "基准情景须落在下列公开数据的区间内（模型规格的校准目标，由测试检查）。"
              "模型取值为基准情景 {n} 次重复（随机种子 {seed}）的均值及 95% 置信区间，"
              "打开本页时现场计算，之后缓存。",
        "en": "The baseline must land inside these published bands (the model specification's "
              "calibration targets, checked by the tests). The model's value is the mean of "
              "{n} replications of the baseline (seed {seed}) with its 95% interval, computed "
              "live when the page opens and cached afterwards.",
    },
    "cal_spinner": {"zh": "正在模拟基准情景（{n} 次重复）以计算校准结果…",
                    "en": "Simulating the baseline ({n} replications) for the calibration…"},
    "cal_col_target": {"zh": "校准指标", "en": "Target"},
    "cal_col_kpi": {"zh": "指标代码", "en": "KPI"},
    "cal_col_band": {"zh": "目标区间", "en": "Band"},
    "cal_col_source": {"zh": "来源", "en": "Source"},
    "cal_col_model": {"zh": "模型取值（95% 置信区间）", "en": "Model (95% interval)"},
    "cal_col_within": {"zh": "在区间内", "en": "Within band"},
    "cal_repeat_purchase_rate": {"zh": "复购率", "en": "Repeat-purchase rate"},
    "cal_on_time_rate": {"zh": "准时送达率", "en": "On-time delivery rate"},
    "cal_cac_cny": {"zh": "付费渠道综合获客成本（元）", "en": "Blended paid CAC (CNY)"},
    "cal_carbon_packaging_kg_per_parcel": {"zh": "包装碳排放（kg CO₂e/件）",
                                           "en": "Packaging carbon (kg CO₂e per parcel)"},
    "cal_marketing_share_of_revenue": {"zh": "营销费用占收入比", "en": "Marketing spend / revenue"},
    "cal_profit_margin": {"zh": "利润率（参考，非校准目标）", "en": "Profit margin (a check, not a target)"},
    "cal_staff_turnover_rate": {"zh": "员工年流失率", "en": "Staff turnover (a year)"},
    "cal_src_repeat_purchase_rate": {
        "zh": f"{src.zh(src.INDUSTRY_PLAN_COMPETITION)}（低于 30%）；Metrilo 28%",
        "en": f"{src.INDUSTRY_PLAN_COMPETITION} (<30%); Metrilo 28%"},
    "cal_src_on_time_rate": {"zh": f"{src.zh(src.INDUSTRY_PLAN_RISKS)}（准时率 82%）",
                             "en": f"{src.INDUSTRY_PLAN_RISKS} (82%)"},
    "cal_src_cac_cny": {"zh": f"{src.zh(src.INDUSTRY_PLAN_COMPETITION)}（185 元）",
                        "en": f"{src.INDUSTRY_PLAN_COMPETITION} (185 CNY)"},
    "cal_src_carbon_packaging_kg_per_parcel": {"zh": "中国 2020 年平均 0.29",
                                               "en": "China 2020 average 0.29"},
    "cal_src_marketing_share_of_revenue": {
        "zh": f"{src.zh(src.INDUSTRY_PLAN_COMPETITION)}（中小商家获客成本超过营收的 40%）",
        "en": f"{src.INDUSTRY_PLAN_COMPETITION} (>40% for small merchants)"},
    "cal_src_profit_margin": {
        "zh": f"{src.zh(src.INDUSTRY_PLAN_RISKS)}（中小商家利润率低于 3%）",
        "en": f"{src.INDUSTRY_PLAN_RISKS} (small merchants' margin under 3%)"},
    "cal_src_staff_turnover_rate": {"zh": "分拣中心约 50%；美国仓库 49%",
                                    "en": "sorting centres ~50%; US warehouses 49%"},
    "cal_below": {"zh": "< {hi}", "en": "< {hi}"},
    "cal_estimate": {"zh": "{mean}（{lo} – {hi}）", "en": "{mean} ({lo} – {hi})"},
    "cal_per_year": {"zh": "{band}/年", "en": "{band} a year"},
    "cal_download": {"zh": "下载校准表（CSV）", "en": "Download the calibration table (CSV)"},
    "cal_note_within": {
        "zh": "“在区间内”：均值落在目标区间内记为 ✓。利润率不是校准目标，只用来确认基准情景"
              "与中小商家利润微薄的事实一致。",
        "en": "Within band: ✓ when the mean lies inside the band. Profit margin is not a "
              "calibration target, only a check that the baseline is as thin-margined as small "
              "merchants are.",
    },
    "cal_note_turnover": {
        "zh": "员工流失率在单次重复中波动很大：店里只有 5 名员工，一年只有寥寥几次离职，"
              "每多一人离职，流失率就跳升约 20 个百分点。因此这里的 ✓* 表示 95% 置信区间与目标"
              "区间有重叠（与校准测试的检查一致）；用基准情景的员工配置做 300 次重复，精确估计"
              "为 50.3% ± 2.0%（标准误）。",
        "en": "Staff turnover is noisy in a single replication: the shop has five staff and "
              "a handful of quits a year, so each quit moves the rate by about 20 points. "
              "Here ✓* therefore means the 95% interval overlaps the band (as the calibration "
              "test checks); 300 replications of the baseline's staff give a precise estimate "
              "of 50.3% ± 2.0% (SE).",
    },
    "cal_reproduce": {"zh": "在命令行复现：", "en": "Reproduce on the command line:"},
    # --- Erlang C -------------------------------------------------------------------------
    # --- validation report --------------------------------------------------------------
    "report_title": {"zh": "验证报告", "en": "Validation report"},
    "report_intro": {
        "zh": "模型逐项接受检验：排队论（Erlang C、利特尔定律）、BG/NBD 顾客过程的解析式、由原始事件"
              "记录重算的账目、校准区间、单件碳排放与文献对比、营销预算的边际经济性，以及与真实交易数据"
              "（CDNOW）的复购形态对比。每项给出参考（公式或来源）、测得值及其标准误、容差和是否通过；"
              "容差由标准误决定。快速版约需一到两分钟，结果供所有用户共享。",
        "en": "The model checked item by item: queueing theory (Erlang C, Little's law), the "
              "BG/NBD customer process against its closed form, the accounts rebuilt from the "
              "raw event records, the calibration bands, carbon per parcel against the "
              "literature, the economics of the marketing budget at the margin, and the shapes "
              "of repeat buying against real transactions (CDNOW). Each check gives its "
              "reference (a formula or a source), the measured value with its standard error, "
              "the tolerance and pass or fail; tolerances come from standard errors. The quick "
              "report takes a minute or two and is shared by everyone using this server."},
    "report_run": {"zh": "运行验证报告（快速版）", "en": "Run the validation report (quick)"},
    "report_running": {"zh": "正在运行验证报告……", "en": "Running the validation report…"},
    "report_busy": {"zh": "另一位用户正在运行验证报告，请稍后刷新本页。",
                    "en": "Someone else is running the validation report; reload this page "
                          "in a minute."},
    "report_not_run": {"zh": "本服务器尚未为当前模型版本运行验证报告。",
                       "en": "The report has not been run for this model version on this "
                             "server yet."},
    "report_summary": {"zh": "共 {total} 项检验：{passed} 项通过，{failed} 项未通过（模型版本 {version}）。",
                       "en": "{total} checks: {passed} passed, {failed} failed (model version "
                             "{version})."},
    "report_category": {"zh": "类别", "en": "Area"},
    "report_check": {"zh": "检验", "en": "Check"},
    "report_reference": {"zh": "参考（公式或来源）", "en": "Reference (formula or source)"},
    "report_measured": {"zh": "测得值", "en": "Measured"},
    "report_se": {"zh": "标准误", "en": "SE"},
    "report_expected": {"zh": "期望值", "en": "Expected"},
    "report_tolerance": {"zh": "容差", "en": "Tolerance"},
    "report_passed": {"zh": "结果", "en": "Result"},
    "report_pass": {"zh": "通过", "en": "pass"},
    "report_fail": {"zh": "未通过", "en": "FAIL"},
    "report_note": {"zh": "检查项与参考两栏以英文写出公式与文献名称；"
                          "完整说明见方法文档 `simulation/METHODOLOGY.md`。命令行可运行完整版：",
                    "en": "References name formulas and publications; simulation/METHODOLOGY.md "
                          "explains each. The full report (more replications) runs from the "
                          "command line:"},
    "report_cat_queueing": {"zh": "排队论", "en": "Queueing"},
    "report_cat_customers": {"zh": "顾客过程", "en": "Customer process"},
    "report_cat_accounting": {"zh": "账目重算", "en": "Accounting"},
    "report_cat_calibration": {"zh": "校准", "en": "Calibration"},
    "report_cat_carbon": {"zh": "碳排放", "en": "Carbon"},
    "report_cat_economics": {"zh": "营销经济性", "en": "Economics"},
    "report_cat_real_data": {"zh": "真实数据", "en": "Real data"},
    "mmc_title": {"zh": "验证：拣货打包环节与 Erlang C 公式",
                  "en": "Validation: the pick/pack stage against Erlang C"},
    "mmc_intro": {
        "zh": "当订单按泊松过程到达、服务时间服从指数分布、打包员人数固定且全天候工作"
              "（没有学习曲线、离职、休假和取消）时，拣货打包环节就是一个 M/M/c 排队系统，"
              "其平均等待时间应等于 Erlang C 公式给出的 Wq；若公式值落在仿真均值的 95% 置信区间内，"
              "即为通过。",
        "en": "With Poisson order arrivals, exponential service and a fixed number of packers "
              "working round the clock (no learning curve, quits, leave or cancellations), the "
              "pick/pack stage is an M/M/c queue, so its mean wait must equal Erlang C's Wq; "
              "the check passes when the formula lies inside the simulated mean's 95% interval.",
    },
    "mmc_setting": {"zh": "排队设置", "en": "Queue setting"},
    "mmc_setting_option": {
        "zh": "λ = {lam:g} 单/小时，μ = {mu:g} 单/小时，c = {c} 名打包员（利用率 ρ = {rho:.2f}）",
        "en": "λ = {lam:g} orders/h, μ = {mu:g} orders/h, c = {c} packers (utilisation "
              "ρ = {rho:.2f})",
    },
    "mmc_spinner": {"zh": "正在模拟 M/M/c 排队（{n} 次重复）…",
                    "en": "Simulating the M/M/c queue ({n} replications)…"},
    "mmc_simulated": {"zh": "仿真平均等待 Wq", "en": "Simulated mean wait Wq"},
    "mmc_interval_text": {
        "zh": "仿真均值的 95% 置信区间：{lo} – {hi} 小时（{n} 次重复，每次 {days} 天，"
              "前 {warmup:g} 天为预热期）",
        "en": "The simulated mean's 95% interval: {lo} – {hi} hours ({n} replications of "
              "{days} days each, the first {warmup:g} days a warm-up)",
    },
    "mmc_symbols": {
        "zh": "其中 λ 为订单到达率，μ 为每名打包员的服务率，c 为打包员人数，B(c, a) 为 Erlang B "
              "公式给出的阻塞概率。",
        "en": "where λ is the order arrival rate, μ each packer's service rate, c the number of "
              "packers and B(c, a) the Erlang B blocking probability.",
    },
    "mmc_formula": {"zh": "Erlang C 公式 Wq", "en": "Erlang C formula Wq"},
    "mmc_formula_help": {"zh": "M/M/c 排队的理论平均等待时间",
                         "en": "The mean wait of an M/M/c queue, from theory"},
    "mmc_inside": {"zh": "公式值在区间内？", "en": "Formula inside the interval?"},
    "mmc_yes": {"zh": "✓ 是", "en": "✓ yes"},
    "mmc_no": {"zh": "✗ 否", "en": "✗ no"},
    "mmc_hours": {"zh": "{value} 小时", "en": "{value} h"},
    "mmc_note": {
        "zh": "测试套件对三种设置（ρ = 0.75、0.80、0.90）各做 16 次重复，要求仿真均值与公式之差"
              "不超过 3 个标准误；它还检查了利特尔法则 L = λW。一个 95% 区间本身约有 5% 的机会"
              "偶然不覆盖公式值。",
        "en": "The test suite runs 16 replications of each of three settings (ρ = 0.75, 0.80, "
              "0.90) and requires the simulated mean to be within three standard errors of the "
              "formula; it checks Little's law L = λW too. A 95% interval misses the formula "
              "by chance about 5% of the time.",
    },
    # --- assumptions and limitations ------------------------------------------------------
    "lim_title": {"zh": "假设与局限", "en": "Assumptions and limitations"},
    "lim_intro": {
        "zh": "除注明来源者外，参数均为假设（见上方参数表的“来源”列）。使用结果时请注意以下几点：",
        "en": "Parameters are assumptions unless a source is named (see the Source column "
              "above). Keep these points in mind when you use the results:",
    },
    "lim_1": {"zh": "只模拟一家店、一个品类；没有竞争对手，店铺之间没有互动；除可选的绿色溢价外，价格固定。",
              "en": "One shop and one product category; no competitors and no interaction "
                    "between shops; prices are fixed except for an optional green premium."},
    "lim_2": {"zh": "顾客过程是 BG/NBD（Fader、Hardie 与 Lee 2005），其参数按复购率目标校准，并与真实交易数据"
                    "（CDNOW）的复购形态对比，而非用某家中国网店的交易数据拟合。多数行为参数（满意度与信任对流失的"
                    "影响、体验对购买频率的影响、平台排名弹性、信任增益、绿色包装加分、各渠道客群构成）是为合理并能"
                    "复现校准目标而设定的假设。作用方向比作用大小更可靠：引用某个数字前，请先做敏感性分析。",
              "en": "The customer process is BG/NBD (Fader, Hardie & Lee 2005) with parameters "
                    "calibrated to the repeat-purchase target and compared with real "
                    "transactions (CDNOW) on the shapes of repeat buying, not fitted to a "
                    "Chinese shop's transactions. Most behavioural magnitudes (how satisfaction "
                    "and trust shift leaving, how experience speeds or slows buying, the "
                    "platform-ranking elasticity, the trust gain, the green-packaging bonus, "
                    "channel segment mixes) are assumptions chosen to be plausible and to "
                    "reproduce the calibration targets. Directions are more robust than sizes: "
                    "run a sensitivity analysis before citing a number."},
    "lim_3": {"zh": "员工只有 5 人，单次重复的员工流失率波动很大；重复次数少时，置信区间可能很宽，"
                    "甚至延伸到零以下。请使用足够多的重复次数。",
              "en": "Staff are few (five), so staff turnover in a single replication is noisy; "
                    "with few replications intervals can be wide and even extend below zero. "
                    "Use many replications."},
    "lim_4": {"zh": "员工每天上班，不模拟周末和法定节假日；带薪休假是随机分布的单日缺勤。",
              "en": "Staff work every day: weekends and public holidays are not modelled; paid "
                    "leave days are random single-day absences."},
    "lim_5": {"zh": "订单的收入、成本和碳排放记在发货当天；模拟期末仍在仓库中的订单计为在途，"
                    "不计收入、成本和碳排放。",
              "en": "An order's money and carbon are booked on the day it ships; orders still "
                    "in the warehouse at the horizon count as in progress and carry no money or "
                    "carbon."},
    "lim_6": {"zh": "范围一排放为零：店铺没有自有车辆，也不在现场燃烧燃料；配送和包装属于范围三，"
                    "仓库用电属于范围二。",
              "en": "Scope 1 emissions are zero: the shop owns no vehicles and burns no fuel on "
                    "site; delivery and packaging are scope 3, warehouse electricity scope 2."},
    "lim_7": {"zh": "品牌信任是单一指数；平台排名只通过近 30 天销量影响自然流量，没有分别模拟评价和评分。",
              "en": "Brand trust is a single index; platform ranking acts only through the last "
                    "30 days' sales on organic traffic; reviews and ratings are not modelled "
                    "separately."},
    "lim_8": {"zh": "营销费用按月度预算平摊到每天。大促只提高新客需求，既不额外花钱，也不会把复购提前。",
              "en": "Marketing spend is booked evenly by day from the monthly budget. Festivals "
                    "raise new-customer demand only: they neither cost extra nor pull "
                    "repurchases forward."},
    "lim_9": {"zh": "取消的订单仍计为已下单（计入复购），并被视为最差的体验（满意度 0）；"
                    "基准情景中取消很少。",
              "en": "A cancelled order still counts as an order placed (towards repeat "
                    "purchase) and as the worst experience (satisfaction 0) for staying or "
                    "leaving; cancellations are rare in the baseline."},
    "lim_10": {"zh": "结果只覆盖模拟期，不做折现；利润只计模拟期内的收入，期末仍活跃顾客的未来价值不计入，"
                     "因此一年期内营销看起来比长期更不划算。",
               "en": "Results cover the simulated horizon only, without discounting; profit "
                     "counts the horizon's revenue only, not the future value of customers still "
                     "active at the end, so over one year marketing looks less worth it than "
                     "over a longer run."},
    "lim_11": {"zh": "为保护共享服务器，每次重复的工作量设有上限（估计最多 200 万单）；超过上限时，"
                     "加载器会给出该上限并指出需要调整的参数。",
               "en": "A scenario's workload is capped (an estimate of at most 2,000,000 orders "
                     "per replication) to protect a shared machine; the loader names the limit "
                     "when a scenario exceeds it."},
    # --- versions -------------------------------------------------------------------------
    "ver_title": {"zh": "版本与复现", "en": "Versions and reproducibility"},
    "ver_model": {"zh": "模型版本", "en": "Model version"},
    "ver_schema": {"zh": "数据结构版本", "en": "Schema version"},
    "ver_seed": {"zh": "随机种子", "en": "Seed"},
    "ver_reps": {"zh": "重复次数", "en": "Replications"},
    "ver_reps_value": {"zh": "校准 {cal} 次；M/M/c 验证 {mmc} 次",
                       "en": "{cal} for the calibration; {mmc} for the M/M/c check"},
    "ver_horizon": {"zh": "模拟期", "en": "Horizon"},
    "ver_horizon_value": {"zh": "基准 {days} 天；M/M/c {mmc_days} 天（含 {warmup:g} 天预热）",
                          "en": "baseline {days} days; M/M/c {mmc_days} days (incl. a "
                                "{warmup:g}-day warm-up)"},
    "ver_note": {
        "zh": "相同的情景、随机种子和模型版本，在任何机器上都给出完全相同的结果。"
              "每个过程有各自的随机数流，第 i 次重复在所有情景中使用相同的随机数（公共随机数）。",
        "en": "The same scenario, seed and model version give the same numbers on any "
              "machine. Each process has its own random stream, and replication i uses the "
              "same random numbers in every scenario (common random numbers).",
    },
    "ver_doc": {"zh": "完整的方法说明见代码库中的方法文档 `simulation/METHODOLOGY.md`。",
                "en": "The full methodology is in simulation/METHODOLOGY.md in the repository."},
}

# The schema's units in Chinese.
UNITS_ZH: dict[str, str] = {
    "elasticity": "弹性",
    "days (gamma rate α)": "天（伽马率参数 α）",
    "gamma shape r": "伽马形状参数 r",
    "beta a": "贝塔参数 a",
    "beta b": "贝塔参数 b",
    "orders/day": "单/天",
    "log-odds per unit": "对数几率/单位",
    "log-odds": "对数几率",
    "per log-odds": "每单位对数几率",
    "1/year": "次/年",
    "CNY": "元",
    "CNY/auditor-day": "元/审核人天",
    "CNY/box": "元/箱",
    "CNY/day": "元/天",
    "CNY/hire": "元/人（每次招聘）",
    "CNY/member/year": "元/会员/年",
    "CNY/month": "元/月",
    "CNY/parcel": "元/件",
    "CNY/person/year": "元/人/年",
    "CNY/t CO2e": "元/吨 CO₂e",
    "CNY/use": "元/次",
    "CNY/year": "元/年",
    "auditor-days": "审核人天",
    "audits/year": "次/年",
    "customers": "人",
    "customers/day": "人/天",
    "days": "天",
    "days/year": "天/年",
    "fraction": "比例（0–1）",
    "gamma shape": "伽马形状参数",
    "hour": "小时",
    "hour of day": "时刻（24 小时制）",
    "hours": "小时",
    "hours/day": "小时/天",
    "kWh/order": "千瓦时/单",
    "kg CO2/km": "kg CO₂/公里",
    "kg CO2e/km": "kg CO₂e/公里",
    "kg CO2e/box": "kg CO₂e/箱",
    "kg CO2e/parcel": "kg CO₂e/件",
    "kg CO2e/use": "kg CO₂e/次",
    "km": "公里",
    "log-sd": "对数标准差",
    "logit": "对数几率",
    "logit per unit": "对数几率/单位",
    "minutes/contact": "分钟/次咨询",
    "minutes/order": "分钟/单",
    "people": "人",
    "per day": "每天",
    "probability": "概率",
    "satisfaction": "满意度",
    "satisfaction/%": "满意度/百分点",
    "satisfaction/day": "满意度/天",
    "satisfaction/hour": "满意度/小时",
    "trust": "信任指数",
    "uses": "次",
    "×": "倍",
}

# The schema's sources in Chinese (citations keep their original spelling).
SOURCES_ZH: dict[str, str] = {
    "Fader, Hardie & Lee 2005 (BG/NBD); calibrated to repeat purchase 26–30%":
        "Fader, Hardie & Lee 2005（BG/NBD）；按复购率 26–30% 校准",
    "Fader, Hardie & Lee 2005 (CDNOW fit)": "Fader, Hardie & Lee 2005（CDNOW 数据拟合）",
    "calibrated: the past buyers a steady inflow of new customers leaves":
        "校准：稳定的新客流入所留下的历史买家数",
    "calibrated: the baseline's steady daily orders": "校准：基准店铺的稳态日订单量",
    "assumption: platform ranking by sales velocity; plausible 0.6–0.95":
        "假设：平台按销售速度排名；合理范围 0.6–0.95",
    "assumption: about six office staff at 10,000 CNY a month with social insurance, plus rent, "
    "utilities and software; calibrated to the thin margin (under 3%)":
        "假设：约六名办公人员（含社保每人每月约 1 万元），另加租金、水电和软件；按低于 3% 的薄利润率校准",
    "calibrated within the apparel range: listed brands 44% (Semir Apparel 2023 annual report, "
    "43% online) to about 65%; small online shops mark up 2–3× on cost":
        "在服装行业范围内校准：上市品牌 44%（森马服饰 2023 年年报，线上 43%）至约 65%；"
        "中小网店按成本加价 2–3 倍",
    "assumption: a mid-price apparel shop, about twice the ≈120 CNY mean value per e-commerce "
    "parcel (NBS 2023; State Post Bureau 2023); calibrated with the margin to the thin-margin band":
        "假设：中等价位服装店，约为每件电商包裹平均货值（≈120 元；国家统计局 2023、国家邮政局 2023）的两倍；"
        "与毛利率一起按薄利润率区间校准",
    "Yicai (Taobao women's wear ≈20% before 2022, far higher since); 36Kr Research 2025 (women's "
    "wear 50–60%); Tmall press report (clothes 7.5%, sportswear 15%): 20% for a mixed apparel shop "
    "(assumption within these)":
        "第一财经（淘宝女装店 2022 年前约 20%，此后大幅上升）；36氪研究院 2025（女装 50–60%）；"
        "天猫报道（服装 7.5%、"
        "运动服饰 15%）：综合服装店取 20%（在此范围内的假设）",
    "Brogaard et al. 2014 (recycled board −28%) plus right-sizing (assumption)":
        "Brogaard et al. 2014（再生纸板 −28%），另加合适尺寸的效果（假设）",
    "Emanuel & Harrington": "Emanuel & Harrington",
    "Fashion for Good 2021 (up to −82%)": "Fashion for Good 2021（最多 −82%）",
    "Greenpeace/BFFP 2019; Sinopec/Tongji 2022 (China 2020 average)":
        "绿色和平/BFFP 2019；中石化/同济 2022（中国 2020 年平均）",
    "Huo et al. 2012 (11.4 L/100 km) × 2.68 kg CO2/L":
        "Huo et al. 2012（11.4 升/百公里）× 2.68 kg CO₂/升",
    "Huo et al. 2012 (11.4 L/100 km) × 3.24 kg CO2e/L diesel well-to-wheel (EN 16258; GLEC "
    "Framework v3)": "Huo et al. 2012（11.4 升/百公里）× 柴油油井到车轮 3.24 kg CO₂e/升"
    "（EN 16258；GLEC 框架 v3）",
    "Kang et al. 2021 (Nature Communications 12:450); GLEC Framework v3 / ISO 14083 method":
        "Kang et al. 2021（Nature Communications 12:450）；方法：GLEC 框架 v3 / ISO 14083",
    "Semir Apparel 2023 annual report (44.0% overall, 43.0% online)":
        "森马服饰 2023 年年报（整体 44.0%，线上 43.0%）",
    "Yicai (Taobao women's wear ≈20% before 2022, far higher since); 36Kr Research 2025 "
    "(women's wear 50–60%); Tmall press report (clothes 7.5%, sportswear 15%): 25% for a mixed "
    "apparel shop (assumption within these)":
        "第一财经（淘宝女装店 2022 年前约 20%，此后大幅上升）；36氪研究院 2025（女装 50–60%）；"
        "天猫退货率媒体报道（服装 7.5%，运动服饰 15%）：综合服装店取 25%（在上述范围内的假设）",
    "assumption (courier rounds of 100–200 parcels a day in Chinese cities)":
        "假设（中国城市快递员每天派送 100–200 件）",
    "assumption: a mailer or small carton, set at the China 2020 average parcel "
    "(Greenpeace/BFFP 2019)": "假设：快递袋或小纸箱，取中国 2020 年平均包裹水平（绿色和平/BFFP 2019）",
    "assumption: a mid-price apparel shop, about twice the ≈120 CNY mean value per e-commerce "
    "parcel (NBS 2023; State Post Bureau 2023)":
        "假设：中等价位服装店，约为电商包裹平均货值（≈120 元）的两倍（国家统计局 2023；国家邮政局 2023）",
    "category profiles: company annual reports 2023, platform return-rate reports (see "
    "methodology)": "品类典型值：2023 年上市公司年报、平台退货率报道（见方法说明）",
    "Kantar China 2022 (26%)": "凯度中国 2022（26%）",
    "Locke, Qin & Brause 2007": "Locke, Qin & Brause 2007",
    "Locke, Qin & Brause 2007 (limited effect)": "Locke, Qin & Brause 2007（效果有限）",
    "MEE/NBS 2023 grid factors": "生态环境部/国家统计局 2023 年电网排放因子",
    "NBS 2023 urban private wage ≈ 5,700; Emanuel & Harrington (elasticity −3)":
        "国家统计局 2023 年城镇私营单位工资 ≈ 5,700 元/月；Emanuel & Harrington（弹性 −3）",
    "NBS 2023 urban private-sector average": "国家统计局 2023 年城镇私营单位平均工资",
    "Robyn/Meridian Hill convention": "Robyn/Meridian 的 Hill 曲线惯例",
    "Robyn/Meridian Hill convention; calibrated to CAC 185":
        "Robyn/Meridian 的 Hill 曲线惯例；校准至获客成本 185 元",
    "Robyn/Meridian documentation (0.5–3)": "Robyn/Meridian 文档（0.5–3）",
    "Robyn/Meridian documentation (0–0.3 digital)": "Robyn/Meridian 文档（数字渠道 0–0.3）",
    "SMETA ≈ USD 560–990 per auditor-day": "SMETA 每审核人天约 560–990 美元",
    "Sustainability 2018, 10(12):4547 (China grid)": "Sustainability 2018, 10(12):4547（中国电网）",
    "Sustainability 2018, 10(12):4547 (−69% per km)":
        "Sustainability 2018, 10(12):4547（每公里 −69%）",
    "assumption": "假设",
    "assumption (apparel online retail)": "假设（服装线上零售）",
    "assumption (apparel, Chinese platforms)": "假设（服装，国内电商平台）",
    "degradable resin ≈ 2.8× PE price": "可降解树脂价格约为 PE 的 2.8 倍",
    "see emission factors": "见各排放因子",
    "sorting centres ~50%/yr; US warehouses 49% (calibrated)":
        "分拣中心约 50%/年；美国仓库 49%（已校准）",
    # the source documents (simulation/sources.py; docs/SOURCES.md)
    f"Batt 2002; {src.ESG_MARKETING_SOCIAL}": f"Batt 2002；{src.zh(src.ESG_MARKETING_SOCIAL)}",
    f"Gopalakrishnan et al. 2021; {src.INDUSTRY_PLAN_EXPERIENCE} (members buy 3× as often, "
    "selection included)":
        f"Gopalakrishnan et al. 2021；{src.zh(src.INDUSTRY_PLAN_EXPERIENCE)}"
        "（会员购买频率为 3 倍，含自选择效应）",
    f"calibrated to {src.INDUSTRY_PLAN_RISKS} (82% on time)":
        f"校准至{src.zh(src.INDUSTRY_PLAN_RISKS)}（准时率 82%）",
    f"calibrated to {src.INDUSTRY_PLAN_COMPETITION} (repurchase <30%)":
        f"校准至{src.zh(src.INDUSTRY_PLAN_COMPETITION)}（复购率低于 30%）",
    f"calibrated: marketing 25–45% of revenue ({src.INDUSTRY_PLAN_COMPETITION})":
        f"校准：营销费用占收入 25–45%（{src.zh(src.INDUSTRY_PLAN_COMPETITION)}）",
    f"{src.ESG_MARKETING_GOV} (10–15%)": f"{src.zh(src.ESG_MARKETING_GOV)}（10–15%）",
    f"{src.ESG_MARKETING_ENV_PROBLEMS}; J. Environ. Manage. 2022, 307:114496":
        f"{src.zh(src.ESG_MARKETING_ENV_PROBLEMS)}；J. Environ. Manage. 2022, 307:114496",
    f"{src.ESG_MARKETING_ENV_PROBLEMS}; assumption": f"{src.zh(src.ESG_MARKETING_ENV_PROBLEMS)}；假设",
    f"{src.INDUSTRY_PLAN_RISKS} (+15%)": f"{src.zh(src.INDUSTRY_PLAN_RISKS)}（+15%）",
    f"{src.INDUSTRY_PLAN_SUPPLY} (+30%)": f"{src.zh(src.INDUSTRY_PLAN_SUPPLY)}（+30%）",
    f"{src.INDUSTRY_PLAN_SUPPLY} (+48 h)": f"{src.zh(src.INDUSTRY_PLAN_SUPPLY)}（+48 小时）",
    f"{src.INDUSTRY_PLAN_GREEN} (25%); UPS ORION (5–10%)":
        f"{src.zh(src.INDUSTRY_PLAN_GREEN)}（25%）；UPS ORION（5–10%）",
    f"{src.INDUSTRY_PLAN_CONSUMERS} (5–10% willingness to pay)":
        f"{src.zh(src.INDUSTRY_PLAN_CONSUMERS)}（愿付 5–10% 溢价）",
    f"{src.INDUSTRY_PLAN_RISKS} (8% → 12%)": f"{src.zh(src.INDUSTRY_PLAN_RISKS)}（8% → 12%）",
    f"{src.INDUSTRY_PLAN_RESOURCES} (private domain lifted repurchase to 50%)":
        f"{src.zh(src.INDUSTRY_PLAN_RESOURCES)}（私域运营使复购率升至 50%）",
    # a bare citation: its title in Chinese
    **{c: src.zh(c) for c in src.CITATIONS.values()},
}
