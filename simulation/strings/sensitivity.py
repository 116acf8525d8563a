"""Strings of the sensitivity area: the "Sensitivity & attribution" page and its charts
(tornado, global sensitivity bars, lever-attribution waterfall) and the fan charts (see
simulation/strings/__init__.py). KPI and parameter labels come from the model and the schema."""

TEXT: dict[str, dict[str, str]] = {
    # --- page
    "title": {"zh": "敏感性与归因", "en": "Sensitivity & attribution"},
    "intro": {"zh": "哪些假设最能左右结果？改动的哪一部分带来了变化？本页对一个情景做单因素敏感性分析（"
                    "龙卷风图）、"
                    "全局敏感性分析（所有参数同时变化）和杠杆归因（Shapley 值）。所有分析都用共同随机数，"
                    "点击“运行”才会开始模拟，结果会保留，切换指标无需重新模拟。",
              "en": "Which assumptions move the results most, and which part of a change made the "
                    "difference? This page runs a one-at-a-time sensitivity analysis (tornado), a "
                    "global sensitivity analysis (all parameters at once) and a lever attribution "
                    "(Shapley values) for a scenario. Everything uses common random numbers; nothing "
                    "is simulated until you press a Run button, and results are kept, so switching "
                    "the KPI does not simulate again."},
    "source": {"zh": "要分析的情景", "en": "Scenario to analyse"},
    "source_help": {"zh": "🎛️ 构建页的当前情景 · 📋 预设情景 · 📁 情景库",
                    "en": "🎛️ the builder's current scenario · 📋 preset · 📁 library"},
    "seed_note": {"zh": "随机种子 {seed}（来自构建页的模拟设置）；模拟期 {days} 天。重复次数默认为构建页的 "
                        "{reps} 次，同一情景的数字与其他页面一致。",
                  "en": "Seed {seed} (from the builder's run settings); horizon {days} days. "
                        "Replications default to the builder's {reps}, so a scenario's numbers "
                        "here are those of the other pages."},
    "kpi": {"zh": "指标", "en": "KPI"},
    "replications": {"zh": "重复次数（每个变体，{lo}–{hi}）", "en": "Replications (per variant, {lo}–{hi"
                                                                    "})"},
    "replications_help": {"zh": "每个变体用相同的重复 0…n−1（共同随机数）。次数越多区间越窄，运行越久。",
                          "en": "Every variant runs the same replications 0…n−1 (common random "
                                "numbers). More replications give narrower intervals and take "
                                "longer."},
    "press_run": {"zh": "设置好后点击“运行”。", "en": "Set the inputs, then press Run."},
    "stale": {"zh": "输入在上次运行后已改变；点击“运行”更新结果。",
              "en": "The inputs have changed since the last run; press Run to update."},
    "failed": {"zh": "分析无法完成：{error}", "en": "The analysis could not be completed: {error}"},
    "yes": {"zh": "是", "en": "yes"},
    "no": {"zh": "否", "en": "no"},
    "download_csv": {"zh": "下载表格（CSV）", "en": "Download the table (CSV)"},
    "too_few_samples": {"zh": "{params} 个参数至少需要 {least} 个样本（参数数 + 3），当前为 {n} 个。"
                              "请增加样本或减少参数。",
                        "en": "{params} parameters need at least {least} samples (parameters + 3); "
                              "you chose {n}. Add samples or choose fewer parameters."},
    "channel_shares": {"zh": "渠道预算占比", "en": "Channel shares"},
    "present_scenario": {"zh": "情景：{name}", "en": "Scenario: {name}"},
    "present_pair": {"zh": "{base} → {scenario}", "en": "{base} → {scenario}"},
    "present_nothing": {"zh": "本页还没有可展示的结果。退出演示模式，设置并运行一项分析。",
                        "en": "Nothing to show on this page yet. Leave the presentation view to "
                              "set up and run an analysis."},
    # --- tornado
    "tornado_heading": {"zh": "单因素敏感性（龙卷风图）", "en": "One at a time (tornado)"},
    "tornado_intro": {"zh": "每次只把一个参数设为其合理范围的低端或高端，其余保持不变，看指标变化多少。",
                      "en": "Each parameter in turn is set to the low, then the high end of its "
                            "plausible range, everything else as it is, to see how much the KPI "
                            "moves."},
    "parameters": {"zh": "参数", "en": "Parameters"},
    "parameters_help": {"zh": "只列出有文献或合理范围的参数。",
                        "en": "Only parameters with a documented plausible range are listed."},
    "ranges": {"zh": "所选参数的取值范围", "en": "Ranges of the chosen parameters"},
    "ranges_note": {"zh": "低值和高值取自参数说明中的合理范围；没有说明时取当前值的 ±25%（不超出允许范围"
                          "）；"
                          "开关类参数取“关”和“开”。",
                    "en": "Low and high are the documented plausible range, or else ±25% of the "
                          "current value within the allowed bounds; switches are off and on."},
    "no_parameters": {"zh": "请至少选择一个参数。", "en": "Choose at least one parameter."},
    "tornado_cost": {"zh": "将运行最多 {n} 次模拟（{variants} 个变体 × {reps} 次重复）；已缓存的重复不会"
                           "重新模拟。",
                     "en": "Up to {n} simulations ({variants} variants × {reps} replications); "
                           "replications already cached are not simulated again."},
    "run_tornado": {"zh": "运行敏感性分析", "en": "Run the sensitivity analysis"},
    "tornado_done": {"zh": "完成：{params} 个参数，每个变体 {reps} 次重复，共 {sims} 次模拟，种子 {seed}。",
                     "en": "Done: {params} parameters, {reps} replications per variant, {sims} "
                           "simulations, seed {seed}."},
    "base_value": {"zh": "当前情景的{kpi}：{value}（95% 区间 {lo} 至 {hi}）",
                   "en": "{kpi} of the scenario as it is: {value} (95% interval {lo} to {hi})"},
    "tornado_caption": {"zh": "“低值/高值”是参数在其合理范围两端时指标的均值；“摆幅”= 高值时的指标 − 低"
                              "值时的指标"
                              "（负数表示参数越大指标越低）；区间为配对差的 95% 置信区间。“在噪声范围内”"
                              "表示摆幅的区间包含 0："
                              "用这么多次重复，还分不清这个参数的影响和随机波动。",
                        "en": "“Low”/“high” are the KPI's means with the parameter at the low / "
                              "high end of its range; “swing” = KPI at high − KPI at low (negative: "
                              "the KPI falls as the parameter rises); intervals are 95% intervals of "
                              "paired differences. “Within noise” means the swing's interval "
                              "contains 0: with these replications the parameter's effect cannot be "
                              "told apart from chance."},
    "col_parameter": {"zh": "参数", "en": "Parameter"},
    "col_path": {"zh": "路径", "en": "Path"},
    "col_unit": {"zh": "单位", "en": "Unit"},
    "col_value": {"zh": "当前值", "en": "Current value"},
    "col_low": {"zh": "低值", "en": "Low"},
    "col_high": {"zh": "高值", "en": "High"},
    "col_kpi_low": {"zh": "低值时的指标", "en": "KPI at low"},
    "col_kpi_high": {"zh": "高值时的指标", "en": "KPI at high"},
    "col_swing": {"zh": "摆幅", "en": "Swing"},
    "col_swing_ci": {"zh": "摆幅 95% 区间", "en": "Swing, 95% interval"},
    "col_noise": {"zh": "在噪声范围内", "en": "Within noise"},
    # --- global
    "global_heading": {"zh": "全局敏感性", "en": "Global sensitivity"},
    "global_intro": {"zh": "所有所选参数同时在各自范围内取值（拉丁超立方抽样），再用标准化回归系数（SRC"
                           "）衡量每个参数的影响，"
                           "考虑了参数同时变化的情况。参数与上面的龙卷风图相同。",
                     "en": "All the chosen parameters vary at once across their ranges (Latin "
                           "hypercube sampling); standardised regression coefficients (SRC) then "
                           "measure each parameter's effect with the others moving too. The "
                           "parameters are those chosen for the tornado above."},
    "samples": {"zh": "样本数（{lo}–{hi}）", "en": "Samples ({lo}–{hi})"},
    "samples_help": {"zh": "每个样本是一组参数取值，运行 1 次重复。{params} 个参数至少需要 {lo} 个样本（"
                           "参数数 + 3），最多 {hi} 个；要让系数可信，每个参数约需 {per} 个样本（共 "
                           "{advised} 个）。",
                     "en": "Each sample is one set of parameter values, run once. {params} "
                           "parameters need at least {lo} samples (parameters + 3), at most {hi}; "
                           "for coefficients you can trust, about {per} per parameter ({advised} "
                           "in all)."},
    "samples_message": {"zh": "样本数", "en": "Samples"},
    "replications_message": {"zh": "重复次数", "en": "Replications"},
    "run_global": {"zh": "运行全局敏感性分析", "en": "Run the global analysis"},
    "global_done": {"zh": "完成：{samples} 个样本，{sims} 次模拟，种子 {seed}。",
                    "en": "Done: {samples} samples, {sims} simulations, seed {seed}."},
    "r2": {"zh": "R²（拟合样本内）", "en": "R² (in-sample)"},
    "r2_rank": {"zh": "秩模型的 R²", "en": "R² on ranks"},
    "r2_help": {"zh": "线性回归在用来拟合它的样本上能解释的指标方差比例。参数多、样本少时，它会虚高（"
                      "极端情况下等于 1）。",
                "en": "The share of the KPI's variance the linear regression explains on the "
                      "samples it was fitted to. With many parameters and few samples it is "
                      "inflated (at the extreme it is 1)."},
    "r2_adjusted": {"zh": "调整后 R²", "en": "Adjusted R²"},
    "r2_adjusted_help": {"zh": "按参数个数扣减后的 R²：1 − (1 − R²)(n − 1)/(n − p − 1)。",
                         "en": "R² charged for the number of parameters: 1 − (1 − R²)(n − 1)/"
                               "(n − p − 1)."},
    "q2": {"zh": "Q²（交叉验证）", "en": "Q² (cross-validated)"},
    "q2_help": {"zh": "留一法交叉验证：每次去掉一个样本，用其余样本拟合，再预测它（PRESS 统计量）。"
                      "Q² = 1 − PRESS / 总平方和；接近 1 表示线性模型能预测没见过的样本，低于 0 表示"
                      "还不如直接用均值。",
                "en": "Leave-one-out cross-validation: each sample in turn is left out, the "
                      "regression fitted to the others predicts it (the PRESS statistic). Q² = 1 − "
                      "PRESS / total sum of squares; near 1 the linear model predicts samples it "
                      "has not seen, below 0 it does worse than the plain mean."},
    "fit_few_samples": {"zh": "样本太少：{n} 个样本、{p} 个参数，每个参数仅 {per} 个，少于 {least} 个。"
                              "这样规模的回归会把随机波动也拟合进去，R² 因此虚高。",
                        "en": "Too few samples: {n} samples for {p} parameters is {per} per "
                              "parameter, fewer than {least}. A regression this size fits the "
                              "noise too, so its R² overstates the fit."},
    "fit_not_predictive": {"zh": "线性模型没有预测力：交叉验证 Q² = {q2}（R² = {r2}），低于 {least}。"
                                 "去掉一个样本后，它预测不准这个样本。",
                           "en": "The linear model does not predict: the cross-validated Q² is "
                                 "{q2} (R² = {r2}), below {least}. Fitted without a sample, it "
                                 "does not predict that sample well."},
    "fit_unreliable": {"zh": "因此这些系数不可靠，不能据此给参数排序。请增加样本（这些参数至少约 {advised}"
                             " 个）、减少参数，或参考上面的龙卷风图。",
                       "en": "So the coefficients are not reliable: do not rank the parameters by "
                             "them. Add samples (about {advised} for these parameters), choose "
                             "fewer parameters, or read the tornado above."},
    "fit_reliable": {"zh": "线性模型能预测没参与拟合的样本（Q² = {q2}，每个参数 {per} 个样本）：系数可以"
                           "看作各参数在其范围内的影响。",
                     "en": "The linear model predicts samples it was not fitted to (Q² = {q2}, "
                           "{per} samples per parameter): the coefficients can be read as the "
                           "parameters' effects over their ranges."},
    "fit_zero": {"zh": "{k} 个参数（共 {p} 个）的系数 95% 区间跨过 0，与 0 无法区分：{names}。",
                 "en": "{k} of {p} coefficients have a 95% interval that crosses zero: they are "
                       "not distinguishable from zero ({names})."},
    "fit_zero_none": {"zh": "每个系数的 95% 区间都不含 0。",
                      "en": "Every coefficient's 95% interval excludes zero."},
    "col_distinguishable": {"zh": "与 0 可区分", "en": "Distinguishable from zero"},
    "not_distinguishable": {"zh": "否（区间跨过 0）", "en": "no (interval crosses zero)"},
    "global_caption": {"zh": "SRC 为正：参数越大，指标越高；绝对值越大，影响越大（在各参数的范围内比较）。"
                             "误差线为自助法 95% 区间；区间跨过 0 的系数与 0 无法区分。是否可信见上方的"
                             "判断（由样本数与交叉验证 Q² 得出）。影响是单调但非线性时，请看秩回归系数"
                             "（SRRC）和秩模型的 R²，并结合龙卷风图。",
                       "en": "A positive SRC: the KPI rises with the parameter; the larger its size, "
                             "the larger the effect over the parameters' ranges. Error bars are "
                             "bootstrap 95% intervals; a coefficient whose interval crosses zero is "
                             "not distinguishable from zero. Whether the coefficients can be trusted "
                             "is said above (from the samples per parameter and the cross-validated "
                             "Q²). For effects that are monotone but not linear, read the rank "
                             "coefficients (SRRC), the R² on ranks and the tornado."},
    "col_src": {"zh": "SRC（标准化回归系数）", "en": "SRC"},
    "col_src_ci": {"zh": "SRC 95% 区间", "en": "SRC, 95% interval"},
    "col_srrc": {"zh": "SRRC（秩）", "en": "SRRC (ranks)"},
    # --- attribution
    "attr_heading": {"zh": "杠杆归因", "en": "Lever attribution"},
    "attr_intro": {"zh": "把两个情景之间的指标差异分给每组（或每个）改动的杠杆：Shapley 值对各杠杆所有加"
                         "入顺序取平均，"
                         "各杠杆贡献之和正好等于两情景之差，交互作用被公平地分摊。",
                   "en": "Splits the difference in a KPI between two scenarios among the groups of "
                         "levers (or single levers) that changed: Shapley values average over every "
                         "order in which the levers could be added, so the contributions add up "
                         "exactly to the difference and interactions are shared fairly."},
    "attr_base": {"zh": "起点（基准）", "en": "From (base)"},
    "attr_scenario": {"zh": "终点（情景）", "en": "To (scenario)"},
    "matched_baseline": {"zh": "基准情景（与终点相同的模拟设置）",
                         "en": "Baseline (same simulation settings as the scenario)"},
    "attr_by": {"zh": "归因单位", "en": "Attribute to"},
    "by_group": {"zh": "杠杆组（E / S / G / 营销 / 政策 / 假设 / 模拟）",
                 "en": "Lever groups (E / S / G / marketing / policy / assumptions / run)"},
    "by_lever": {"zh": "单个杠杆", "en": "Single levers"},
    "run_attr": {"zh": "运行归因分析", "en": "Run the attribution"},
    "identical": {"zh": "两个情景完全相同，没有可以归因的差异。请选择不同的起点或终点。",
                  "en": "The two scenarios are identical: there is nothing to attribute. Choose a "
                        "different base or scenario."},
    "attr_done": {"zh": "完成：{players} 个参与方，每个组合 {reps} 次重复，共 {sims} 次模拟，种子 {seed}。",
                  "en": "Done: {players} players, {reps} replications per combination, {sims} "
                        "simulations, seed {seed}."},
    "attr_totals": {"zh": "{kpi}：起点 {base} → 终点 {scenario}；差异 {diff}（95% 区间 {lo} 至 {hi}）",
                    "en": "{kpi}: base {base} → scenario {scenario}; difference {diff} (95% "
                          "interval {lo} to {hi})"},
    "method_exact": {"zh": "方法：对 {n} 个参与方精确计算 Shapley 值（全部 {coalitions} 种组合）。",
                     "en": "Method: exact Shapley values over {n} players (all {coalitions} "
                           "combinations)."},
    "method_perm": {"zh": "方法：用 {perms} 个随机排列估计 {n} 个参与方的 Shapley 值；排列抽样误差（标准"
                          "误）"
                          "见表中“抽样误差”一列，最大为 {se}。",
                    "en": "Method: Shapley values of {n} players estimated from {perms} sampled "
                          "permutations; the sampling error (standard error) from the permutations "
                          "is in the “sampling error” column, at most {se}."},
    "attr_caption": {"zh": "贡献为共同随机数下的配对均值；区间为 95% 置信区间（基于各次重复）。绿色改善"
                           "该指标，红色恶化该指标。",
                     "en": "Contributions are paired means under common random numbers; intervals "
                           "are 95% intervals over replications. Green improves the KPI, red "
                           "worsens it."},
    "col_player": {"zh": "杠杆", "en": "Lever"},
    "col_levers": {"zh": "包含的参数", "en": "Parameters in it"},
    "col_contribution": {"zh": "贡献", "en": "Contribution"},
    "col_interval": {"zh": "95% 区间", "en": "95% interval"},
    "col_perm_se": {"zh": "抽样误差", "en": "Sampling error"},
    "total_row": {"zh": "合计（= 两情景之差）", "en": "Total (= the difference)"},
    # --- charts: tornado
    "chart_tornado_title": {"zh": "各参数对{kpi}的影响", "en": "How much each parameter moves {kpi}"},
    "chart_tornado_note": {"zh": "柱：参数取范围低端/高端、其余不变时的指标均值；竖线：当前情景；误差线"
                                 "：变化的 95% 区间",
                           "en": "Bars: the KPI's mean with the parameter at the low / high end, "
                                 "everything else as it is; line: the scenario as it is; error "
                                 "bars: 95% interval of the change"},
    "chart_parameter": {"zh": "参数", "en": "Parameter"},
    "chart_end": {"zh": "参数取值", "en": "Parameter set to"},
    "chart_end_low": {"zh": "范围低端", "en": "Low end"},
    "chart_end_high": {"zh": "范围高端", "en": "High end"},
    "chart_setting": {"zh": "参数值", "en": "Parameter value"},
    "chart_change": {"zh": "相对当前情景的变化", "en": "Change from the scenario"},
    "chart_swing": {"zh": "摆幅（高端 − 低端）", "en": "Swing (high − low)"},
    "chart_noise": {"zh": "与随机波动相比", "en": "Against the noise"},
    "chart_noise_yes": {"zh": "在噪声范围内", "en": "Within noise"},
    "chart_noise_no": {"zh": "超出噪声", "en": "Beyond noise"},
    "chart_base": {"zh": "当前情景：{value}", "en": "As it is: {value}"},
    # --- charts: global
    "chart_global_title": {"zh": "全局敏感性：{kpi}", "en": "Global sensitivity: {kpi}"},
    "chart_global_note": {"zh": "标准化回归系数（SRC）及自助法 95% 区间；◆ 为秩回归系数（SRRC）；"
                                "R² = {r2}（样本内）",
                          "en": "Standardised regression coefficients (SRC) with bootstrap 95% "
                                "intervals; ◆ rank coefficient (SRRC); R² = {r2} (in-sample)"},
    "chart_src": {"zh": "标准化回归系数（SRC）", "en": "Standardised regression coefficient (SRC)"},
    "chart_srrc": {"zh": "秩回归系数（SRRC）", "en": "Rank regression coefficient (SRRC)"},
    "chart_direction": {"zh": "方向", "en": "Direction"},
    "chart_raises": {"zh": "参数越大，指标越高", "en": "KPI rises with the parameter"},
    "chart_lowers": {"zh": "参数越大，指标越低", "en": "KPI falls as the parameter rises"},
    "chart_range": {"zh": "范围", "en": "Range"},
    # --- charts: attribution waterfall
    "chart_attr_title": {"zh": "杠杆归因：{kpi}", "en": "Lever attribution: {kpi}"},
    "chart_attr_note": {"zh": "从起点到终点，每根浮动柱是一个杠杆的 Shapley 贡献，合计正好等于差异；误差"
                              "线为 95% 区间",
                        "en": "From base to scenario, each floating bar is one lever's Shapley "
                              "contribution, adding up exactly to the difference; error bars: "
                              "95% intervals"},
    "chart_step": {"zh": "步骤", "en": "Step"},
    "chart_kind": {"zh": "类型", "en": "Type"},
    "chart_kind_total": {"zh": "情景水平", "en": "Scenario level"},
    "chart_kind_improves": {"zh": "改善该指标", "en": "Improves the KPI"},
    "chart_kind_worsens": {"zh": "恶化该指标", "en": "Worsens the KPI"},
    "chart_kind_up": {"zh": "使指标增加", "en": "Raises the KPI"},
    "chart_kind_down": {"zh": "使指标减少", "en": "Lowers the KPI"},
    "chart_contribution": {"zh": "贡献", "en": "Contribution"},
    "chart_level": {"zh": "累计水平", "en": "Running level"},
    # --- fan charts
    "fan_active_customers": {"zh": "活跃顾客数", "en": "Active customers"},
    "fan_cumulative_carbon_kg": {"zh": "累计碳排放（kg CO₂e）", "en": "Cumulative carbon (kg CO₂e)"},
    "fan_cumulative_profit_cny": {"zh": "累计利润（元）", "en": "Cumulative profit (CNY)"},
    "fan_note": {"zh": "线：中位数；深色带：50% 区间（25%–75% 分位数）；浅色带：90% 区间（5%–95% 分位数"
                       "），均为各次重复之间的分布",
                 "en": "Line: median; dark band: 50% (25th–75th percentile); light band: 90% "
                       "(5th–95th percentile), across replications"},
    "fan_p05": {"zh": "5% 分位数", "en": "5th percentile"},
    "fan_p25": {"zh": "25% 分位数", "en": "25th percentile"},
    "fan_p50": {"zh": "中位数", "en": "Median"},
    "fan_p75": {"zh": "75% 分位数", "en": "75th percentile"},
    "fan_p95": {"zh": "95% 分位数", "en": "95th percentile"},
}
