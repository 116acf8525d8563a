"""Strings of the report_analysis area (see simulation/strings/__init__.py): the sensitivity
and optimiser pages' reports."""

TEXT: dict[str, dict[str, str]] = {
    # --- both reports -------------------------------------------------------------------------
    "subtitle": {"zh": "情景：{scenario}", "en": "Scenario: {scenario}"},
    "list_sep": {"zh": "；", "en": "; "},
    "none": {"zh": "无", "en": "none"},
    # --- the sensitivity report -----------------------------------------------------------------
    "sens_title": {"zh": "敏感性与归因分析报告", "en": "Sensitivity and attribution report"},
    "fact_analyses": {"zh": "包含的分析", "en": "Analyses"},
    "fact_kpi_tornado": {"zh": "单因素分析（龙卷风图）的指标", "en": "KPI, one at a time (tornado)"},
    "fact_kpi_global": {"zh": "全局敏感性分析的指标", "en": "KPI, global sensitivity"},
    "fact_kpi_attr": {"zh": "杠杆归因的指标", "en": "KPI, lever attribution"},
    "fact_parameters": {"zh": "参数个数", "en": "Parameters"},
    "fact_samples": {"zh": "全局分析的样本数（每个样本 1 次重复）",
                     "en": "Samples of the global analysis (1 replication each)"},
    "fact_attr_pair": {"zh": "归因：基准 → 情景", "en": "Attribution: base → scenario"},
    "fact_attr_replications": {"zh": "归因分析的重复次数（每个组合）",
                               "en": "Replications of the attribution (per combination)"},
    "fact_simulations": {"zh": "模拟次数", "en": "Simulations"},
    "sum_tornado_top": {"zh": "单因素分析中，对{kpi}影响最大的是：{drivers}。",
                        "en": "One at a time, the largest drivers of {kpi} are {drivers}."},
    "sum_driver": {"zh": "{name}（摆幅 {swing}，95% 区间 {lo} 至 {hi}）",
                   "en": "{name} (swing {swing}, 95% interval {lo} to {hi})"},
    "sum_tornado_noise": {
        "zh": "{n} 个参数中有 {k} 个的摆幅与零无法区分（其区间含 0，在噪声范围内）：{names}。",
        "en": "{k} of {n} parameters move the KPI by no more than the noise (their swing's "
              "interval contains 0): {names}.",
    },
    "sum_tornado_noise_none": {"zh": "每个参数的摆幅都超出了噪声范围（区间不含 0）。",
                               "en": "Every parameter's swing is beyond the noise (its interval "
                                     "excludes 0)."},
    "sum_global_fit": {
        "zh": "全局敏感性分析（{kpi}，{samples} 个样本，每个参数 {per} 个）：R² {r2}，调整后 R² "
              "{r2a}，交叉验证 Q² {q2}。系数{verdict}。",
        "en": "Global sensitivity of {kpi} ({samples} samples, {per} per parameter): R² {r2}, "
              "adjusted R² {r2a}, cross-validated Q² {q2}. The coefficients are {verdict}.",
    },
    "verdict_reliable": {"zh": "可靠，可以解读为各参数在其范围内的效应",
                         "en": "reliable: they can be read as the parameters' effects over "
                               "their ranges"},
    "verdict_unreliable": {"zh": "不可靠，请勿据此为参数排序",
                           "en": "not reliable: do not rank the parameters by them"},
    "sum_global_top": {"zh": "标准化回归系数（SRC）最大的是：{drivers}。",
                       "en": "The largest standardised regression coefficients (SRC): "
                             "{drivers}."},
    "sum_coefficient": {"zh": "{name}（SRC {src}，95% 区间 {lo} 至 {hi}）",
                        "en": "{name} (SRC {src}, 95% interval {lo} to {hi})"},
    "sum_attr": {"zh": "从“{base}”到“{scenario}”，{kpi}变化 {diff}（95% 区间 {lo} 至 {hi}）。",
                 "en": "From “{base}” to “{scenario}”, {kpi} changes by {diff} (95% interval "
                       "{lo} to {hi})."},
    "sum_attr_top": {"zh": "贡献最大的是：{drivers}。", "en": "The largest contributions: {drivers}."},
    "sum_contribution": {"zh": "{name} {value}（95% 区间 {lo} 至 {hi}）",
                         "en": "{name} {value} (95% interval {lo} to {hi})"},
    "sum_attr_zero": {"zh": "以下贡献的 95% 区间含 0，与零无法区分：{names}。",
                      "en": "These contributions are not distinguishable from zero (their 95% "
                            "interval contains 0): {names}."},
    "sum_attr_zero_none": {"zh": "每项贡献的 95% 区间都不含 0。",
                           "en": "Every contribution's 95% interval excludes 0."},
    "hl_tornado": {"zh": "对{kpi}影响最大的是{name}：摆幅 {swing}",
                   "en": "{name} moves {kpi} most: a swing of {swing}"},
    "hl_global": {"zh": "{kpi}的全局敏感性：系数{verdict}", "en": "Global sensitivity of {kpi}: the "
                                                              "coefficients are {verdict}"},
    "verdict_short_reliable": {"zh": "可靠", "en": "reliable"},
    "verdict_short_unreliable": {"zh": "不可靠", "en": "not reliable"},
    "hl_attr": {"zh": "从“{base}”到“{scenario}”，{kpi}变化 {diff}",
                "en": "{kpi} from “{base}” to “{scenario}”: {diff}"},
    "kpi_heading": {"zh": "关键数值", "en": "Key figures"},
    "kpi_note": {"zh": "均值及其 95% 区间，与页面所示相同；差值为共同随机数下的配对差。",
                 "en": "Means and their 95% intervals as the page shows them; the difference is "
                       "paired (common random numbers)."},
    "col_scenario": {"zh": "情景", "en": "Scenario"},
    "col_mean": {"zh": "均值", "en": "Mean"},
    "row_difference": {"zh": "差值（{scenario} − {base}）", "en": "Difference ({scenario} − {base})"},
    "fit_heading": {"zh": "拟合优度", "en": "How well the regression fits"},
    "sens_notes_global": {
        "zh": "方法：拉丁超立方抽样同时改变所有参数，再用标准化回归系数（SRC）度量各参数的效应；"
              "误差线为自助法 95% 区间。注意：每个参数的样本太少或交叉验证 Q² 偏低时，系数不可靠。",
        "en": "Method: Latin hypercube sampling varies every parameter at once; standardised "
              "regression coefficients (SRC) measure each one's effect; error bars are bootstrap "
              "95% intervals. Caveat: with few samples per parameter or a low cross-validated "
              "Q², the coefficients are not reliable.",
    },
    "series_src": {"zh": "SRC（标准化回归系数）", "en": "SRC (standardised regression coefficient)"},
    "series_srrc": {"zh": "SRRC（秩）", "en": "SRRC (ranks)"},
    # downloads of the sensitivity page (numbers rounded, units in the headers)
    "col_kpi": {"zh": "指标", "en": "KPI"},
    "col_delta_low": {"zh": "低端时的变化", "en": "Change at low"},
    "col_delta_high": {"zh": "高端时的变化", "en": "Change at high"},
    "col_swing_ci_low": {"zh": "摆幅 95% 区间下限", "en": "Swing, 95% interval low"},
    "col_swing_ci_high": {"zh": "摆幅 95% 区间上限", "en": "Swing, 95% interval high"},
    "col_src_ci_low": {"zh": "SRC 95% 区间下限", "en": "SRC, 95% interval low"},
    "col_src_ci_high": {"zh": "SRC 95% 区间上限", "en": "SRC, 95% interval high"},
    "col_ci_low": {"zh": "95% 区间下限", "en": "95% interval low"},
    "col_ci_high": {"zh": "95% 区间上限", "en": "95% interval high"},
    "col_se": {"zh": "标准误", "en": "Standard error"},
    # --- the optimiser report -------------------------------------------------------------------
    "opt_title": {"zh": "营销预算优化报告", "en": "Marketing budget optimisation report"},
    "fact_objective": {"zh": "目标", "en": "Objective"},
    "objective_value": {"zh": "{direction}{kpi}", "en": "{direction} {kpi}"},
    "fact_constraints": {"zh": "约束", "en": "Constraints"},
    "fact_bounds": {"zh": "渠道份额范围", "en": "Channel share bounds"},
    "fact_budget": {"zh": "每月营销预算", "en": "Monthly marketing budget"},
    "fact_budget_range": {"zh": "预算搜索范围", "en": "Budget searched"},
    "fact_levers": {"zh": "同时搜索的开关杠杆", "en": "On/off levers searched too"},
    "fact_design": {"zh": "元模型设计点（每点重复次数）", "en": "Metamodel design points "
                                                              "(replications each)"},
    "design_value": {"zh": "{points} 个（各 {d} 次）", "en": "{points} ({d} each)"},
    "sec_recommendation": {"zh": "推荐的预算分配", "en": "The recommended split"},
    "sec_kpis": {"zh": "指标：当前分配与推荐分配", "en": "KPIs: current and recommended split"},
    "sec_infeasible": {"zh": "没有满足全部条件的分配", "en": "No split meets every condition"},
    "sec_points": {"zh": "经完整模拟确认的分配", "en": "The splits confirmed by full simulation"},
    "split_table": {"zh": "各渠道份额与月度支出", "en": "Share and monthly spend per channel"},
    "col_current_share": {"zh": "当前份额", "en": "Current share"},
    "col_recommended_share": {"zh": "推荐份额", "en": "Recommended share"},
    "col_current_spend": {"zh": "当前月支出", "en": "Current spend a month"},
    "col_recommended_spend": {"zh": "推荐月支出", "en": "Recommended spend a month"},
    "col_allowed": {"zh": "允许范围", "en": "Allowed range"},
    "metric_line": {"zh": "{label}：{value}", "en": "{label}: {value}"},
    "metric_delta": {"zh": "{label}：{value}（差值 {delta}）", "en": "{label}: {value} (difference "
                                                                  "{delta})"},
    "sum_moves": {"zh": "变动最大的渠道：{moves}。", "en": "The largest moves: {moves}."},
    "sum_move": {"zh": "{channel} {current} → {recommended}", "en": "{channel} {current} → "
                                                                   "{recommended}"},
    "sum_vs_current": {
        "zh": "与当前分配相比（{kpi}）：当前 {current}，推荐 {recommended}，差值 {diff}。",
        "en": "Against the current split ({kpi}): current {current}, recommended {recommended}, "
              "difference {diff}.",
    },
    "sum_vs_current_p": {
        "zh": "与当前分配相比（{kpi}）：当前 {current}，推荐 {recommended}，差值 {diff}；推荐分配更优的"
              "概率 {p}。",
        "en": "Against the current split ({kpi}): current {current}, recommended {recommended}, "
              "difference {diff}; probability the recommendation is better {p}.",
    },
    "sum_binding": {"zh": "起约束作用的条件：{lines}", "en": "Binding: {lines}"},
    "opt_notes_method": {
        "zh": "方法：在模拟的设计点上拟合元模型，由它提出分配，再以完整模拟（共同随机数）确认推荐分配、"
              "当前分配和帕累托点。注意：元模型的设计点重复次数较少，其数值比确认结果粗糙。",
        "en": "Method: a metamodel fitted to simulated design points proposes the split; the "
              "recommendation, the current split and the Pareto points are then confirmed by full "
              "simulations on common random numbers. Caveat: the design points run fewer "
              "replications, so the metamodel's figures are rougher than the confirmed ones.",
    },
}
