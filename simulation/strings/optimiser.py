"""Strings of the budget optimiser page and its charts (see simulation/strings/__init__.py)."""

TEXT: dict[str, dict[str, str]] = {
    "title": {"zh": "预算优化", "en": "Budget optimiser"},
    "intro": {"zh": "在情景构建中的当前情景上，寻找营销预算在各渠道之间的最佳分配：选定一个目标指标，"
                    "可加指标约束和各渠道占比上下限。优化器先在少量设计点上模拟并拟合代理模型，再用完整模拟"
                    "（共同随机数）确认推荐方案与当前分配的差异。",
              "en": "Find the best split of the current scenario's marketing budget across the "
                    "channels: choose one KPI to optimise, optionally with KPI constraints and "
                    "per-channel share bounds. The optimiser simulates a small design, fits a "
                    "metamodel to it, then confirms the recommendation against the current "
                    "split with full simulations (common random numbers)."},
    "scenario_heading": {"zh": "1. 情景", "en": "1. The scenario"},
    "scenario_changes": {"zh": "优化的是情景构建中的当前情景（相对基准情景改动了 {n} 项）。当前分配：",
                         "en": "Optimising the builder's current scenario ({n} changes from the "
                               "baseline). Its current split:"},
    "scenario_baseline": {"zh": "优化的是情景构建中的当前情景（即基准情景）。当前分配：",
                          "en": "Optimising the builder's current scenario (the baseline). Its "
                                "current split:"},
    "change_in_builder": {"zh": "在情景构建中修改情景", "en": "Change the scenario in the builder"},
    "inputs_heading": {"zh": "2. 优化什么", "en": "2. What to optimise"},
    "objective": {"zh": "目标指标", "en": "Objective KPI"},
    "objective_help": {"zh": "优化器要改善的指标；方向默认取该指标“越高越好”或“越低越好”。",
                       "en": "The KPI to improve; the direction defaults to whether more or less "
                             "of it is better."},
    "direction": {"zh": "方向", "en": "Direction"},
    "maximise": {"zh": "最大化", "en": "maximise"},
    "minimise": {"zh": "最小化", "en": "minimise"},
    "constraints": {"zh": "指标约束（最多 {n} 条，可不填）",
                    "en": "KPI constraints (up to {n}, optional)"},
    "constraint_kpi": {"zh": "约束 {n}：指标", "en": "Constraint {n}: KPI"},
    "constraint_none": {"zh": "不设约束", "en": "No constraint"},
    "constraint_op": {"zh": "条件", "en": "Condition"},
    "constraint_value": {"zh": "限值", "en": "Limit"},
    "constraint_value_placeholder": {"zh": "输入数值", "en": "Enter a value"},
    "constraints_note": {"zh": "约束作用于确认模拟的均值；比例类指标以百分数输入（如 40 表示 40%）。",
                         "en": "Constraints apply to the confirmed means; rates are entered in "
                               "percent (40 means 40%)."},
    "constraint_no_value": {"zh": "约束 {n} 选了指标但没有限值：请输入限值，或把指标改回“不设约束”。",
                            "en": "Constraint {n} has a KPI but no limit: enter a limit or set "
                                  "the KPI back to “No constraint”."},
    "bounds": {"zh": "各渠道占比上下限", "en": "Per-channel share bounds"},
    "bound_min": {"zh": "下限", "en": "Minimum"},
    "bound_max": {"zh": "上限", "en": "Maximum"},
    "bound_order": {"zh": "“{channel}”的下限 {lo} 高于上限 {hi}。", "en": "{channel}: the minimum "
                    "{lo} is above the maximum {hi}."},
    "min_esg": {"zh": "ESG 内容营销最低占比（%）", "en": "Minimum ESG content share (%)"},
    "min_esg_help": {"zh": "ESG 内容营销渠道占预算的最低比例；0 表示不设下限。",
                     "en": "The lowest share of the budget for ESG content; 0 sets no minimum."},
    "min_esg_note": {"zh": "参考：《ESG 视角下中小电商精准营销破局策略》§3.3 建议每年把 {lo}–{hi} "
                           "的营销预算专款用于 ESG 相关营销。",
                     "en": "For reference: 《ESG 视角下中小电商精准营销破局策略》 (ESG and precision "
                           "marketing for small e-commerce shops) §3.3 recommends {lo}–{hi} of the "
                           "budget a year on ESG content."},
    "also": {"zh": "同时搜索总预算和开关型杠杆", "en": "Also search the total budget and on/off levers"},
    "budget_on": {"zh": "同时搜索每月总预算", "en": "Also search the monthly total budget"},
    "budget_on_help": {"zh": "在下面的范围内同时寻找最佳总预算；否则总预算保持当前值。",
                       "en": "Also look for the best total within the range below; otherwise the "
                             "total stays as it is."},
    "budget_low": {"zh": "总预算下限（元/月）", "en": "Lowest total (CNY/month)"},
    "budget_high": {"zh": "总预算上限（元/月）", "en": "Highest total (CNY/month)"},
    "budget_order": {"zh": "总预算下限 ¥{low} 应低于上限 ¥{high}。",
                     "en": "The lowest total, ¥{low}, must be below the highest, ¥{high}."},
    "levers": {"zh": "同时搜索的开关型杠杆（E/S/G）", "en": "On/off levers to search too (E/S/G)"},
    "levers_help": {"zh": "优化器会同时决定这些杠杆开还是关。每多一个杠杆，需要的模拟就更多。",
                    "en": "The optimiser also decides whether each of these is on or off. Each "
                          "lever adds simulations."},
    "levers_placeholder": {"zh": "不搜索杠杆", "en": "No levers"},
    "effort": {"zh": "计算量", "en": "Effort"},
    "replications": {"zh": "确认模拟的重复次数", "en": "Replications to confirm"},
    "replications_help": {"zh": "推荐方案、当前分配和前沿上各点各模拟这么多次（2 至 {max} 次）。"
                                "越多区间越窄。",
                          "en": "The recommendation, the current split and each frontier point "
                                "are simulated this many times (2 to {max}). More gives "
                                "narrower intervals."},
    "design_points": {"zh": "设计点数", "en": "Design points"},
    "design_points_help": {"zh": "拟合代理模型用的分配方案个数（{lo} 至 {hi}）；留空则自动按维度选择。",
                           "en": "How many splits the metamodel is fitted to ({lo} to {hi}); "
                                 "leave empty to choose from the number of dimensions."},
    "auto": {"zh": "自动", "en": "auto"},
    "design_replications": {"zh": "每个设计点的重复次数", "en": "Replications per design point"},
    "design_replications_help": {"zh": "每个设计点模拟的次数；1 最快，2 更稳。",
                                 "en": "Simulations of each design point; 1 is fastest, 2 "
                                       "steadier."},
    "effort_note": {"zh": "随机种子 {seed}（与情景构建相同）。", "en": "Seed {seed} (the builder's)."},
    "limit_design": {"zh": "设计点数 {n} 超出范围：本服务器允许 {lo} 至 {hi} 个。",
                     "en": "{n} design points is out of range: this server allows {lo} to {hi}."},
    "limit_design_reps": {"zh": "每个设计点的重复次数 {n} 超出范围：本服务器允许 1 至 {hi} 次。",
                          "en": "{n} replications per design point is out of range: this server "
                                "allows 1 to {hi}."},
    "run": {"zh": "寻找最佳分配", "en": "Find the best split"},
    "press": {"zh": "设置好目标和约束后，点击“寻找最佳分配”。在此之前不会运行任何模拟。",
              "en": "Set the objective and constraints, then press “Find the best split”. "
                    "Nothing is simulated before that."},
    "stale": {"zh": "设置或情景已改变：点击“寻找最佳分配”重新优化。",
              "en": "The settings or the scenario changed: press “Find the best split” to "
                    "optimise again."},
    "failed": {"zh": "无法优化：{error}", "en": "The optimisation cannot run: {error}"},
    # results
    "infeasible_kpi": {"zh": "没有满足“{kpi} {op} {limit}”的分配：在允许的范围内最好只能达到 {best}。"
                             "请放宽这一约束或占比上下限。",
                       "en": "No split meets “{kpi} {op} {limit}”: the best reachable within "
                             "the bounds is {best}. Relax this constraint or the share bounds."},
    "infeasible_min_sum": {"zh": "各渠道的最低占比合计 {total}，超过 100%：没有分配能满足。请降低一些下限。",
                           "en": "The minimum shares add up to {total}, more than 100%: no "
                                 "split can meet them. Lower some of them."},
    "infeasible_max_sum": {"zh": "各渠道的最高占比合计只有 {total}，不足 100%：没有分配能满足。"
                                 "请提高一些上限。",
                           "en": "The maximum shares add up to only {total}, less than 100%: "
                                 "no split can meet them. Raise some of them."},
    "infeasible_together": {"zh": "“{kpi} {op} {limit}”单独可以满足，但无法与其他约束同时满足："
                                  "最接近的分配只达到 {best}。",
                            "en": "“{kpi} {op} {limit}” can be met on its own but not together "
                                  "with the other constraints: the closest split reaches "
                                  "{best}."},
    "infeasible_other": {"zh": "约束“{constraint}”无法满足。", "en": "The constraint "
                         "“{constraint}” cannot be met."},
    "infeasible_unknown": {"zh": "没有满足全部条件的分配。", "en": "No split meets every "
                           "condition."},
    "headline": {"zh": "推荐方案优于当前分配的概率：{p}",
                 "en": "Probability the recommendation beats the current split: {p}"},
    "headline_note": {"zh": "目标：{direction}{objective}。概率来自 {n} 次配对确认模拟（共同随机数）"
                            "的差值分布。",
                      "en": "Objective: {direction} {objective}. The probability comes from the "
                            "paired differences of {n} confirmation replications (common random "
                            "numbers)."},
    "metric_current": {"zh": "当前分配的{kpi}", "en": "{kpi}, current split"},
    "metric_recommended": {"zh": "推荐方案的{kpi}", "en": "{kpi}, recommended"},
    "total_budget": {"zh": "每月总预算", "en": "Monthly total budget"},
    "levers_result": {"zh": "推荐开启：{on}；推荐关闭：{off}", "en": "Recommended on: {on}; off: "
                      "{off}"},
    "col_kpi": {"zh": "指标", "en": "KPI"},
    "col_current": {"zh": "当前分配（95% 区间）", "en": "Current split (95% interval)"},
    "col_recommended": {"zh": "推荐方案（95% 区间）", "en": "Recommended (95% interval)"},
    "col_diff": {"zh": "差值（95% 区间）", "en": "Difference (95% interval)"},
    "col_prob": {"zh": "更优概率", "en": "P(better)"},
    "col_point": {"zh": "所选方案（95% 区间）", "en": "Chosen split (95% interval)"},
    "kpi_note": {"zh": "均值与 95% 区间来自 {n} 次确认模拟；差值为配对差（共同随机数）。",
                 "en": "Means and 95% intervals over {n} confirmation replications; "
                       "differences are paired (common random numbers)."},
    "apply": {"zh": "把推荐方案载入情景构建", "en": "Apply to the builder"},
    "apply_point": {"zh": "把方案 #{n} 载入情景构建", "en": "Apply split #{n} to the builder"},
    "applied": {"zh": "已载入预算优化的方案。", "en": "Loaded the split from the budget optimiser."},
    "save_name": {"zh": "保存到情景库，名称", "en": "Save to the library as"},
    "save": {"zh": "保存", "en": "Save"},
    "saved": {"zh": "已保存“{name}”到情景库。", "en": "Saved “{name}” to the library."},
    "confirm_overwrite": {"zh": "情景库中已有“{name}”。要覆盖吗？",
                          "en": "The library already has “{name}”. Overwrite it?"},
    "overwrite": {"zh": "覆盖", "en": "Overwrite"},
    "cancel": {"zh": "取消", "en": "Cancel"},
    "binding_heading": {"zh": "起作用的约束", "en": "Binding constraints"},
    "binding_none": {"zh": "没有约束或上下限起作用：推荐方案在允许范围的内部。",
                     "en": "No constraint or bound is binding: the recommendation lies inside "
                           "the allowed range."},
    "binding_kpi": {"zh": "{kpi}受约束“{op} {limit}”限制（推荐方案为 {value}）。",
                    "en": "{kpi} is held by its constraint “{op} {limit}” (the recommendation: "
                          "{value})."},
    "binding_min_share": {"zh": "{channel}停在下限 {limit}。",
                          "en": "{channel} is held at its minimum share, {limit}."},
    "binding_max_share": {"zh": "{channel}停在上限 {limit}。",
                          "en": "{channel} is held at its maximum share, {limit}."},
    "binding_budget_min": {"zh": "月度总预算停在搜索范围的下限 {limit}。",
                           "en": "The monthly total is held at the bottom of its range, {limit}."},
    "binding_budget_max": {"zh": "月度总预算停在搜索范围的上限 {limit}。",
                           "en": "The monthly total is held at the top of its range, {limit}."},
    "why_heading": {"zh": "为什么是这个分配", "en": "Why this split"},
    "col_channel": {"zh": "渠道", "en": "Channel"},
    "col_share": {"zh": "推荐占比", "en": "Recommended share"},
    "col_spend": {"zh": "每月投入", "en": "Spend a month"},
    "col_new_per_1000": {"zh": "每多投 ¥1,000 的新客", "en": "New customers per extra ¥1,000"},
    "col_at_bound": {"zh": "是否在上下限", "en": "At a bound"},
    "at_min": {"zh": "下限", "en": "minimum"},
    "at_max": {"zh": "上限", "en": "maximum"},
    "why_note": {"zh": "新客一列是各渠道响应曲线在当前投入处的斜率（稳态，每月）。",
                 "en": "The new-customer column is each channel's response-curve slope at its "
                       "spend (steady state, a month)."},
    "pareto_heading": {"zh": "留存、碳排放与成本的权衡", "en": "Retention, carbon and cost"},
    "pareto_title": {"zh": "帕累托前沿：90 天留存率与总碳排放", "en": "Pareto frontier: retention and "
                     "carbon"},
    "pareto_note": {"zh": "颜色：{colour}；误差线为 95% 区间；点击一个点查看它的分配",
                    "en": "Colour: {colour}; error bars are 95% intervals; click a point to see "
                          "its split"},
    "pareto_caption": {"zh": "每个点都是经完整模拟确认的分配。菱形是推荐方案，方形是当前分配；圆点在前沿上"
                             "（没有其他确认过的分配能同时留存更高、碳排放更低、成本更低、目标指标更好），三角形被其他分配占优；"
                             "浅色点不满足约束。",
                       "en": "Every point is a split confirmed by full simulation. The diamond "
                             "is the recommendation, the square the current split; circles are "
                             "on the frontier (no other confirmed split has higher retention, "
                             "less carbon, less cost and a better objective at once), triangles "
                             "are dominated; pale points break a constraint."},
    "pareto_empty": {"zh": "这次优化没有给出前沿上的其他方案。",
                     "en": "This optimisation gave no other splits on the frontier."},
    "pick": {"zh": "查看一个确认过的方案（也可以在图上点击）",
             "en": "Show one of the confirmed splits (or click it on the chart)"},
    "point_kind": {"zh": "方案", "en": "Split"},
    "kind_recommended": {"zh": "推荐方案", "en": "Recommended"},
    "kind_current": {"zh": "当前分配", "en": "Current"},
    "kind_frontier": {"zh": "前沿方案", "en": "On the frontier"},
    "kind_other": {"zh": "被占优方案", "en": "Dominated"},
    "feasible": {"zh": "满足约束", "en": "Meets the constraints"},
    "yes": {"zh": "是", "en": "yes"},
    "no": {"zh": "否", "en": "no"},
    "point_shares_title": {"zh": "方案 #{n} 与当前分配", "en": "Split #{n} against the current one"},
    "series": {"zh": "分配", "en": "Split"},
    "series_current": {"zh": "当前分配", "en": "Current split"},
    "series_recommended": {"zh": "推荐方案", "en": "Recommended split"},
    "series_point": {"zh": "方案 #{n}", "en": "Split #{n}"},
    "channel": {"zh": "渠道", "en": "Channel"},
    "share": {"zh": "预算占比", "en": "Share of the budget"},
    "shares_title": {"zh": "各渠道预算占比：当前与推荐", "en": "Share per channel: current and "
                     "recommended"},
    "response_heading": {"zh": "各渠道的响应曲线", "en": "The channels' response curves"},
    "response_note": {"zh": "灰点是当前投入，彩色点是推荐投入；曲线越平，多投的回报越小。",
                      "en": "Grey dots are the current spend, coloured dots the recommended "
                            "spend; the flatter the curve, the less an extra yuan brings."},
    "method_rbf": {"zh": "以稳态营销响应（各渠道响应曲线给出的新客、CRM 复购提升、ESG 占比）"
                         "为自变量的线性趋势，"
                         "加薄板样条径向基函数插值（平滑程度由留一交叉验证选定）",
                   "en": "a linear trend in the steady-state marketing response (new customers "
                         "from each channel's response curve, the CRM lift, the ESG share) plus "
                         "a thin-plate-spline radial-basis interpolator (smoothing chosen by "
                         "leave-one-out cross-validation)"},
    "current_outside": {"zh": "当前分配不满足你设定的上下限或约束，因此不在候选之列："
                              "推荐方案是满足条件的方案中最好的，即使当前分配的目标值更高。",
                        "en": "The current split breaks your bounds or constraints, so it is not "
                              "a candidate: the recommendation is the best split that meets "
                              "them, even where the current one scores better."},
    "keep_current": {"zh": "在这些条件下，当前分配就是确认模拟中最好的方案：不建议改变。",
                     "en": "Under these conditions the current split is the best confirmed "
                           "one: no change is recommended."},
    "design_reps_order": {"zh": "每个设计点的重复次数（{design}）不能超过确认模拟的重复次数（{reps}）。",
                          "en": "The replications per design point ({design}) cannot exceed "
                                "the replications to confirm ({reps})."},
    "predicted_vs_confirmed": {"zh": "代理模型（拟合于每点只模拟 {d} 次的设计点）对推荐方案的{kpi}预测为 "
                                     "{predicted}，完整模拟（{n} 次重复）确认为 {confirmed}。",
                               "en": "The metamodel (fitted to design points of only {d} "
                                     "replications each) predicted {predicted} for the "
                                     "recommendation's {kpi}; full simulation ({n} "
                                     "replications) confirmed {confirmed}."},
    "metamodel": {"zh": "代理模型：{method}；{points} 个设计点；留一交叉验证均方根误差"
                        "（以该指标的标准差为单位）：{loo}。共 {n} 次完整模拟（设计 {design}，"
                        "确认 {confirm}）；确认重复 {reps} 次，随机种子 {seed}。",
                  "en": "Metamodel: {method}; {points} design points; leave-one-out "
                        "root-mean-square error (in standard deviations of the KPI): {loo}. "
                        "{n} full simulations (design {design}, confirmation {confirm}); "
                        "{reps} confirmation replications, seed {seed}."},
    # the run settings (from the session's unless changed here)
    "seed": {"zh": "随机种子", "en": "Seed"},
    "seed_help": {"zh": "默认与情景构建的运行设置相同；在此修改只影响本页。",
                  "en": "The builder's run settings by default; a change here applies to this "
                        "page only."},
    "run_settings_note": {"zh": "确认模拟：{n} 次重复，随机种子 {seed}（{source}）。设计点只模拟 {d} 次，"
                                "所以代理模型的数值比确认数值更粗。",
                          "en": "Confirmation: {n} replications, seed {seed} ({source}). Design "
                                "points run {d} replications each, so the metamodel's figures "
                                "are rougher than the confirmed ones."},
    "source_session": {"zh": "与情景构建的运行设置相同", "en": "the builder's run settings"},
    "source_page": {"zh": "本页设置；情景构建为 {n} 次、种子 {seed}",
                    "en": "set on this page; the builder's are {n} replications, seed {seed}"},
    "constraint_label": {"zh": "约束 {n} 的限值", "en": "Constraint {n}'s limit"},
    "bound_label": {"zh": "{channel}的{side}", "en": "{channel}, {side}"},
    # the current split's own KPIs (the same store entries as the builder and compare pages)
    "current_heading": {"zh": "当前分配的指标", "en": "The current split's KPIs"},
    "current_from_store": {"zh": "{n} 次重复、随机种子 {seed}：与情景构建的完整模拟和情景对比页的同一情景是"
                                 "同一批模拟，数字相同。",
                           "en": "{n} replications, seed {seed}: the same simulations as the "
                                 "builder's full set and the compare page for this scenario, so "
                                 "the same numbers."},
    "current_not_run": {"zh": "当前分配在 {n} 次重复、种子 {seed} 下还没有模拟过。",
                        "en": "The current split has not been simulated at {n} replications, "
                              "seed {seed}, yet."},
    "current_run": {"zh": "评估当前分配（{n} 次重复）", "en": "Evaluate the current split ({n} "
                    "replications)"},
    "current_profit": {"zh": "{kpi}（95% 区间 {lo} – {hi}）", "en": "{kpi} (95% interval {lo} – "
                       "{hi})"},
    # the headline against an infeasible current split
    "headline_alt": {"zh": "推荐方案优于其他满足条件的最佳方案（方案 #{n}）的概率：{p}",
                     "en": "Probability the recommendation beats the best other split that "
                           "meets the conditions (split #{n}): {p}"},
    "headline_only": {"zh": "推荐方案是确认模拟中唯一满足全部条件的方案",
                      "en": "The recommendation is the only confirmed split that meets every "
                            "condition"},
    "headline_current_out": {"zh": "当前分配不在比较之列：{reasons}。",
                             "en": "The current split is not the comparison: {reasons}."},
    "out_kpi": {"zh": "{kpi}为 {value}，超出限值 {op} {limit}",
                "en": "its {kpi} is {value}, against the limit {op} {limit}"},
    "out_min_share": {"zh": "{channel}占 {value}，低于下限 {limit}",
                      "en": "{channel} has {value}, below the minimum {limit}"},
    "out_max_share": {"zh": "{channel}占 {value}，高于上限 {limit}",
                      "en": "{channel} has {value}, above the maximum {limit}"},
    "metric_alt": {"zh": "方案 #{n} 的{kpi}", "en": "{kpi}, split #{n}"},
    "profit_interval": {"zh": "95% 区间 {lo} – {hi}（{n} 次重复）",
                        "en": "95% interval {lo} – {hi} ({n} replications)"},
    # why this split: marginal returns with their errors, KKT
    "col_objective_moved": {"zh": "挪入 ¥1,000 的{objective}变化 ± 标准误",
                            "en": "{objective} per ¥1,000 moved in ± SE"},
    "col_constrained": {"zh": "扣除约束后的边际 ± 标准误", "en": "Net of the constraint ± SE"},
    "why_note_kkt": {"zh": "“挪入”指从未触及上下限的渠道平均挪出 ¥1,000 放入该渠道，按代理模型计算"
                           "（设计点各模拟 {d} 次；标准误来自代理模型的留一误差）。在最优分配处，"
                           "未触及上下限的渠道这一列应都为零（误差之内）。",
                     "en": "“Moved in”: ¥1,000 a month taken evenly from the channels inside "
                           "their bounds and put into this one, on the metamodel (design points "
                           "simulated {d} times each; the standard errors come from the "
                           "metamodel's leave-one-out error). At the best split, the channels "
                           "inside their bounds should all show zero here, within their error."},
    "why_binding": {"zh": "约束 {constraints} 起作用：此时未触及上下限的渠道应相等的是“扣除约束后的边际”"
                          "（目标边际减去乘数 × 约束指标的边际；乘数 {multipliers}），而不是目标边际本身。",
                    "en": "The constraint {constraints} binds: what should be equal (zero) for "
                          "the channels inside their bounds is the marginal net of the "
                          "constraint (the objective's marginal minus the multiplier times the "
                          "constrained KPI's marginal; multiplier {multipliers}), not the "
                          "objective's own."},
    "why_consistent": {"zh": "未触及上下限的渠道（{channels}）在误差之内相等（p = {p}）：与最优条件一致。",
                       "en": "The channels inside their bounds ({channels}) agree within their "
                             "error (p = {p}): consistent with an optimum."},
    "why_inconsistent": {"zh": "未触及上下限的渠道（{channels}）之差超出误差（p = {p}）：代理模型在这里太粗，"
                               "不能确认这是最优分配；可增加设计点或每点重复次数后再试。",
                         "en": "The channels inside their bounds ({channels}) differ by more "
                               "than their error (p = {p}): the metamodel is too coarse here to "
                               "confirm this split is the best; try more design points or "
                               "replications per design point."},
    "why_unjudged": {"zh": "未触及上下限的渠道太少，无法检验边际是否相等。",
                     "en": "Too few channels are inside their bounds to check that their "
                           "marginals are equal."},
}
