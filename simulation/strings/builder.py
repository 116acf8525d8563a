"""Strings of the scenario builder (see simulation/strings/__init__.py)."""

TEXT: dict[str, dict[str, str]] = {
    "title": {"zh": "情景构建", "en": "Scenario builder"},
    "intro": {"zh": "拨动一个杠杆，结果区立即给出快速预览（少量重复）；点击“运行完整重复”得到 95% 置信区间。"
                    "每张图都把基准情景和当前情景并列。",
              "en": "Move a lever for a quick preview (a few replications) in the results; "
                    "press “Run the full set” for 95% intervals. Every chart shows the "
                    "baseline beside the current scenario."},
    # lever groups
    "group_E": {"zh": "环境（E）：包装与物流", "en": "Environment (E): packaging and logistics"},
    "group_S": {"zh": "社会（S）：员工与供应商", "en": "Social (S): staff and suppliers"},
    "group_G": {"zh": "治理（G）：披露与数据", "en": "Governance (G): disclosure and data"},
    "group_marketing": {"zh": "营销预算", "en": "Marketing budget"},
    "group_policy": {"zh": "政策", "en": "Policy"},
    "group_assumptions": {"zh": "假设：店铺、市场与排放因子", "en": "Assumptions: shop, market and "
                                                             "emission factors"},
    "group_run": {"zh": "模拟设置", "en": "Simulation settings"},
    "reset_group": {"zh": "本组恢复基准值", "en": "Reset this group to the baseline"},
    "section_customers": {"zh": "顾客与市场", "en": "Customers and market"},
    "section_emissions": {"zh": "排放因子", "en": "Emission factors"},
    "section_governance": {"zh": "治理假设", "en": "Governance assumptions"},
    "section_logistics": {"zh": "物流假设", "en": "Logistics assumptions"},
    "section_marketing": {"zh": "营销假设", "en": "Marketing assumptions"},
    "section_packaging": {"zh": "包装假设", "en": "Packaging assumptions"},
    "section_run": {"zh": "模拟", "en": "Simulation"},
    "section_shop": {"zh": "店铺概况", "en": "Shop profile"},
    "section_staff": {"zh": "员工假设", "en": "Staff assumptions"},
    "section_suppliers": {"zh": "供应商假设", "en": "Supplier assumptions"},
    "section_response": {"zh": "渠道响应：{channel}", "en": "Channel response: {channel}"},
    "section_marketing_response": {"zh": "各渠道的营销响应", "en": "Marketing response by channel"},
    # the assumptions, one sub-group at a time or found by name
    "subgroup": {"zh": "假设分组", "en": "Group of assumptions"},
    "subgroup_option": {"zh": "{name}（{n} 项）", "en": "{name} ({n})"},
    "subgroup_changed": {"zh": "{name}（{n} 项，已改 {changed} 项）",
                         "en": "{name} ({n}, {changed} changed)"},
    "find": {"zh": "查找假设", "en": "Find an assumption"},
    "find_placeholder": {"zh": "输入名称中的文字，例如“退货”", "en": "Part of its name, e.g. “return”"},
    "find_count": {"zh": "找到 {n} 项假设。", "en": "{n} assumptions found."},
    "find_none": {"zh": "没有名称包含该文字的假设。", "en": "No assumption has that in its name."},
    # why did this change? (ui/explain.py)
    "explain_heading": {"zh": "这些变化从何而来？", "en": "Why did this change?"},
    "explain_same": {"zh": "当前情景与基准情景相同，没有需要解释的变化。",
                     "en": "The scenario is the baseline: there is no change to explain."},
    "explain_intro": {"zh": "把每个核心指标相对基准的变化拆分到已修改的杠杆组（{groups}）；"
                            "用 {n} 次重复的快速估算，带 95% 区间。",
                      "en": "Splits the change from the baseline in each headline KPI between "
                            "the lever groups you changed ({groups}); a quick estimate from {n} "
                            "replications, with 95% intervals."},
    "explain_run": {"zh": "解释变化", "en": "Explain the change"},
    "explain_failed": {"zh": "无法完成解释：{error}", "en": "The explanation could not be worked "
                                                       "out: {error}"},
    "explain_kpi": {"zh": "查看指标", "en": "KPI"},
    "explain_col_kpi": {"zh": "指标", "en": "KPI"},
    "explain_col_base": {"zh": "基准", "en": "Baseline"},
    "explain_col_current": {"zh": "当前", "en": "Current"},
    "explain_col_change": {"zh": "变化（95% 区间）", "en": "Change (95% interval)"},
    "explain_col_group": {"zh": "杠杆组", "en": "Lever group"},
    "explain_cell": {"zh": "{value}（{interval}）", "en": "{value} ({interval})"},
    "explain_range": {"zh": "{lo} 至 {hi}", "en": "{lo} to {hi}"},
    "explain_total": {"zh": "{kpi}变化 {diff}（95% 区间 {interval}）。",
                      "en": "{kpi} changed by {diff} (95% interval {interval})."},
    "explain_unmeasured": {"zh": "在这个模拟期内无法计算{kpi}（见指标卡片上的说明），因此无从拆分。",
                           "en": "{kpi} cannot be measured over this horizon (see its KPI card), "
                                 "so there is nothing to split."},
    "explain_noise": {"zh": "在 {n} 次重复下，这一变化与随机波动尚无法区分。",
                      "en": "With {n} replications this change cannot yet be told apart from "
                            "chance."},
    "explain_only": {"zh": "它全部来自唯一修改过的杠杆组：{group}。",
                     "en": "All of it comes from the only lever group changed: {group}."},
    "explain_top": {"zh": "贡献最大的是{parts}。", "en": "The biggest contributions come from "
                                                      "{parts}."},
    "explain_against": {"zh": "方向相反的是{parts}。", "en": "Pulling the other way: {parts}."},
    "explain_part": {"zh": "{group}（{value}）", "en": "{group} ({value})"},
    "explain_total_bar": {"zh": "合计变化", "en": "Total change"},
    "explain_axis": {"zh": "相对基准的变化：{kpi}", "en": "Change from the baseline: {kpi}"},
    "explain_chart_title": {"zh": "{kpi}的变化按杠杆组拆分", "en": "{kpi}: the change by lever "
                                                               "group"},
    "explain_caption": {"zh": "Shapley 归因（与“敏感性与归因”页相同的方法）：各组贡献之和恰好等于总变化。"
                              "{n} 次重复，随机种子 {seed}，共模拟 {sims} 次。",
                        "en": "Shapley attribution (the method of the Sensitivity & attribution "
                              "page): the groups' parts add up exactly to the total change. "
                              "{n} replications, seed {seed}, {sims} simulations."},
    "explain_group_E": {"zh": "环境（E）", "en": "Environment (E)"},
    "explain_group_S": {"zh": "社会（S）", "en": "Social (S)"},
    "explain_group_G": {"zh": "治理（G）", "en": "Governance (G)"},
    "explain_group_marketing": {"zh": "营销预算", "en": "Marketing budget"},
    "explain_group_policy": {"zh": "政策", "en": "Policy"},
    "explain_group_assumptions": {"zh": "假设", "en": "Assumptions"},
    "explain_group_run": {"zh": "模拟设置", "en": "Simulation settings"},
    "list_malformed": {"zh": "“{label}”须为以逗号分隔的数字（例如 {example}）；输入的内容未被采用，"
                             "未运行任何模拟。",
                       "en": "“{label}” must be numbers separated by commas (e.g. {example}); "
                             "the text typed was not taken and nothing was run on it."},
    "range": {"zh": "范围：{lo} – {hi} {unit}", "en": "Range: {lo} – {hi} {unit}"},
    "default": {"zh": "基准值：{value}", "en": "Baseline value: {value}"},
    "source": {"zh": "来源：{source}", "en": "Source: {source}"},
    # options
    "opt_option_standard": {"zh": "普通纸箱", "en": "Standard carton"},
    "opt_option_recycled_carton": {"zh": "再生纸箱", "en": "Recycled carton"},
    "opt_option_degradable_mailer": {"zh": "可降解快递袋", "en": "Degradable mailer"},
    "opt_option_reusable_box": {"zh": "循环快递箱", "en": "Reusable box"},
    "opt_service_distribution_lognormal": {"zh": "对数正态", "en": "Lognormal"},
    "opt_service_distribution_exponential": {"zh": "指数分布", "en": "Exponential"},
    "opt_category_apparel": {"zh": "服装", "en": "Apparel"},
    "opt_category_beauty": {"zh": "美妆个护", "en": "Beauty and personal care"},
    "opt_category_home_goods": {"zh": "家居日用", "en": "Home goods"},
    "opt_category_electronics": {"zh": "数码电子", "en": "Electronics"},
    "opt_category_food": {"zh": "食品", "en": "Food"},
    "opt_initial_state_steady_state": {"zh": "稳态（默认）", "en": "Steady state (default)"},
    "opt_initial_state_new_cohort": {"zh": "第 0 天的一批新客（仅用于验证）",
                                     "en": "A cohort of first buyers at day 0 (validation only)"},
    "opt_grid_region_national": {"zh": "全国平均", "en": "National average"},
    "opt_grid_region_north": {"zh": "华北", "en": "North"},
    "opt_grid_region_east": {"zh": "华东", "en": "East"},
    "opt_grid_region_central": {"zh": "华中", "en": "Central"},
    "opt_grid_region_south": {"zh": "南方", "en": "South"},
    "opt_grid_region_southwest": {"zh": "西南", "en": "Southwest"},
    # budget
    "channel_spend": {"zh": "每月 ¥{spend}", "en": "¥{spend} per month"},
    "esg_share_ok": {"zh": "ESG 内容占预算 {share}：在《ESG 视角下中小电商精准营销破局策略》"
                           "§3.3 建议的 {lo}–{hi} 之内",
                     "en": "ESG content is {share} of the budget: within the {lo}–{hi} "
                           "recommended by 《ESG 视角下中小电商精准营销破局策略》 §3.3"},
    "esg_share_low": {"zh": "ESG 内容占预算 {share}：低于《ESG 视角下中小电商精准营销破局策略》"
                            "§3.3 建议的 {lo}–{hi}",
                      "en": "ESG content is {share} of the budget: below the {lo}–{hi} "
                            "recommended by 《ESG 视角下中小电商精准营销破局策略》 §3.3"},
    "esg_share_high": {"zh": "ESG 内容占预算 {share}：高于《ESG 视角下中小电商精准营销破局策略》"
                             "§3.3 建议的 {lo}–{hi}",
                       "en": "ESG content is {share} of the budget: above the {lo}–{hi} "
                             "recommended by 《ESG 视角下中小电商精准营销破局策略》 §3.3"},
    "share_total": {"zh": "各渠道合计：{total}（调整一个渠道时，其余渠道按比例自动调整）",
                    "en": "All channels: {total} (moving one channel rescales the others in "
                          "proportion)"},
    # run settings
    "seed": {"zh": "随机种子", "en": "Random seed"},
    "seed_help": {"zh": "相同的情景、种子和模型版本在任何地方都给出相同的数字。",
                  "en": "The same scenario, seed and model version give the same numbers "
                        "anywhere."},
    "replications": {"zh": "完整重复次数", "en": "Full replications"},
    "replications_help": {"zh": "“运行完整重复”时每个情景的重复次数（上限 {max}）。",
                          "en": "Replications per scenario for “Run the full set” (at most "
                                "{max})."},
    "limits": {"zh": "为保护共享服务器：每个情景最多 {reps} 次重复，模拟期最长 {days} 天。",
               "en": "To protect a shared server: at most {reps} replications per scenario and "
                     "a horizon of at most {days} days."},
    # file panel
    "file": {"zh": "情景文件、情景库与分享", "en": "Scenario files, library and sharing"},
    "preset": {"zh": "预设情景", "en": "Preset"},
    "load": {"zh": "载入", "en": "Load"},
    "loaded": {"zh": "已载入“{name}”。", "en": "Loaded “{name}”."},
    "library": {"zh": "我的情景库", "en": "My scenario library"},
    "library_empty": {"zh": "你的工作区里还没有保存的情景。",
                      "en": "Your workspace has no saved scenarios yet."},
    "workspace": {"zh": "你的工作区链接", "en": "Your workspace link"},
    "workspace_help": {"zh": "保存的情景存放在这个工作区里，其他人看不到。",
                       "en": "The scenarios you save live in this workspace; nobody else sees "
                             "them."},
    "workspace_note": {"zh": "请保存这个链接，以便在别处（其他浏览器或设备）重新打开你的工作区。"
                             "持有链接的人都可以修改或删除其中的情景；只想给别人看某个情景时，请发送只读链接。",
                       "en": "Keep this link to reopen your workspace elsewhere (another "
                             "browser or device). Anyone who has it can change or delete your "
                             "scenarios: to show someone a scenario, send a read-only link "
                             "instead."},
    "workspace_fresh": {"zh": "已为你打开一个新的空工作区。",
                        "en": "A new, empty workspace was opened for you."},
    "share_entry": {"zh": "只读链接", "en": "Read-only link"},
    "share_entry_help": {"zh": "生成一个只读链接：打开的人可以载入这个情景，但不能修改或删除。",
                         "en": "Make a read-only link: whoever opens it can load this "
                               "scenario but not change or delete it."},
    "read_link": {"zh": "“{name}”的只读链接（情景被删除后失效）：",
                  "en": "Read-only link to “{name}” (it stops working if the scenario is "
                        "deleted):"},
    "shared_library": {"zh": "分享给你的情景（只读）", "en": "Shared with you (read-only)"},
    "shared_empty": {"zh": "只读链接分享的情景已被删除。",
                     "en": "The scenarios the read-only link shared have been deleted."},
    "opened_shared": {"zh": "已从只读链接载入“{name}”。如需保留，请以你自己的名称保存。",
                      "en": "Loaded “{name}” from a read-only link. Save it under a name of "
                            "your own to keep a copy."},
    "delete": {"zh": "删除", "en": "Delete"},
    "deleted": {"zh": "已删除“{name}”。", "en": "Deleted “{name}”."},
    "upload": {"zh": "上传情景 YAML（最大 {limit} KB）", "en": "Upload a scenario YAML (at most "
                                                         "{limit} KB)"},
    "save_name": {"zh": "保存名称", "en": "Name to save as"},
    "save": {"zh": "保存到情景库", "en": "Save to library"},
    "saved": {"zh": "已保存“{name}”。", "en": "Saved “{name}”."},
    "confirm_overwrite": {"zh": "情景库里已有“{name}”。要覆盖它吗？",
                          "en": "The library already has “{name}”. Overwrite it?"},
    "overwrite": {"zh": "覆盖", "en": "Overwrite"},
    "cancel": {"zh": "取消", "en": "Cancel"},
    "download": {"zh": "下载 YAML", "en": "Download YAML"},
    "share_link": {"zh": "分享链接", "en": "Share link"},
    "share_help": {"zh": "链接包含情景、随机种子、重复次数、语言和数据结构版本，打开即可复现。",
                   "en": "The link carries the scenario, seed, replications, language and "
                         "schema version, and reopens exactly this."},
    "share_fallback": {"zh": "已改为显示基准情景。", "en": "Showing the baseline instead."},
    "load_preset": {"zh": "载入预设情景", "en": "Load preset"},
    # what is loaded: title, origin, changed levers, undo and redo
    "origin_preset": {"zh": "预设情景", "en": "Preset"},
    "origin_library": {"zh": "来自我的情景库", "en": "From your scenario library"},
    "origin_shared": {"zh": "来自只读链接分享的情景", "en": "From a read-only link"},
    "origin_link": {"zh": "由分享链接打开", "en": "Opened from a share link"},
    "origin_upload": {"zh": "上传的情景文件", "en": "Uploaded scenario file"},
    "origin_link_title": {"zh": "分享链接中的情景", "en": "Scenario from a share link"},
    "title_modified": {"zh": "{name}（已修改）", "en": "Modified from “{name}”"},
    "title_from_baseline": {"zh": "基于基准情景的修改", "en": "Modified from the baseline"},
    "undo": {"zh": "撤销", "en": "Undo"},
    "redo": {"zh": "重做", "en": "Redo"},
    "reset_all": {"zh": "全部恢复基准", "en": "Reset all"},
    "reset_one": {"zh": "恢复基准", "en": "Reset"},
    "reset_one_help": {"zh": "只把“{label}”恢复为基准值。",
                       "en": "Put only “{label}” back to its baseline value."},
    "lever_shares": {"zh": "各渠道预算占比", "en": "Budget split across channels"},
    "changed_lever": {"zh": "**{label}**：{value}（基准：{base}）",
                      "en": "**{label}**: {value} (baseline: {base})"},
    "cards_preview": {"zh": "以下数字来自 {n} 次重复的快速预览；“运行完整重复”（{full} 次）"
                            "给出比较页和预算优化页所用的数字。",
                      "en": "These figures come from a quick preview of {n} replications; "
                            "“Run the full set” ({full}) gives the numbers the compare and "
                            "optimiser pages show."},
    "cards_full": {"zh": "以下数字来自完整的 {n} 次重复，与比较页和预算优化页相同。",
                   "en": "These figures come from the full set of {n} replications, as on the "
                         "compare and optimiser pages."},
    "card_level_ci": {"zh": "利润 95% 区间 {lo} ~ {hi}（{n} 次重复）",
                      "en": "Profit 95% interval {lo} to {hi} ({n} replications)"},
    # results
    "invalid": {"zh": "当前设置不是一个有效情景：", "en": "These settings are not a valid "
                                                     "scenario:"},
    "changes": {"zh": "相对基准情景改动了 {n} 项。", "en": "{n} change(s) from the baseline."},
    "no_changes": {"zh": "当前情景与基准情景相同；拨动一个杠杆看看变化。",
                   "en": "The current scenario is the baseline; move a lever to see a change."},
    "preview": {"zh": "快速预览：{n} 次重复，区间较宽。", "en": "Quick preview: {n} replications, "
                                                           "so intervals are wide."},
    "run_full": {"zh": "运行完整重复（{n} 次）", "en": "Run the full set ({n})"},
    "full_not_run": {"zh": "这个链接显示的是完整的 {n} 次重复；打开链接不会自动运行，点击下方按钮运行。",
                     "en": "This link showed the full set of {n} replications; opening a link "
                           "never runs it. Press the button to run it."},
    "full_done": {"zh": "完整结果：{n} 次重复，采用共同随机数。",
                  "en": "Full results: {n} replications with common random numbers."},
    "card_baseline": {"zh": "基准情景：{value}", "en": "Baseline: {value}"},
    "ci": {"zh": "相对基准的变化，95% 置信区间：{lo} 至 {hi}（{n} 次配对重复）",
           "en": "Change against the baseline, 95% interval: {lo} to {hi} ({n} paired "
                 "replications)"},
    "card_ci": {"zh": "95% 区间 {lo} ~ {hi}", "en": "95% interval {lo} to {hi}"},
    "no_ci": {"zh": "重复次数不足，无法给出区间。", "en": "Too few replications for an interval."},
    "prob_better": {"zh": "优于基准的概率：{p}", "en": "Probability of beating the baseline: {p}"},
    "tab_customers": {"zh": "顾客", "en": "Customers"},
    "tab_carbon": {"zh": "碳排放", "en": "Carbon"},
    "tab_cost": {"zh": "成本", "en": "Cost"},
    "tab_operations": {"zh": "运营", "en": "Operations"},
    "tab_marketing": {"zh": "营销", "en": "Marketing"},
    "tab_uncertainty": {"zh": "随时间的不确定性", "en": "Uncertainty over time"},
    "fan_note": {"zh": "扇形图显示 {n} 次重复之间的分布随时间如何展开：同一天里，一半的重复落在深色带内，"
                       "九成落在浅色带内。重复越多，分位数越可靠；预览只有少数几次重复，请运行完整重复再解读区间宽度。",
                 "en": "Fan charts show how the {n} replications spread out over time: on a given "
                       "day half of them lie in the dark band and nine in ten in the light band. "
                       "More replications give steadier percentiles; the preview has only a few, so "
                       "run the full set before reading much into a band's width."},
    "chart_active": {"zh": "活跃顾客数", "en": "Active customers"},
    "chart_cum_carbon": {"zh": "累计碳排放", "en": "Cumulative carbon"},
    "chart_cum_profit": {"zh": "累计利润", "en": "Cumulative profit"},
    "chart_on_time": {"zh": "准时送达率（7 日滚动平均）", "en": "On-time delivery (7-day rolling mean)"},
    "chart_staff": {"zh": "在岗员工（打包 + 客服）", "en": "Staff in post (packers + customer "
                                                       "service)"},
    "axis_customers": {"zh": "顾客（人）", "en": "Customers"},
    "axis_people": {"zh": "人数", "en": "People"},
    "axis_share": {"zh": "比例", "en": "Share"},
    "response_note": {"zh": "曲线为每月新客对渠道月支出的稳态响应（Hill 曲线，含广告存量效应）；"
                            "圆点为当前支出。私域/CRM 影响复购而非拉新。",
                      "en": "Curves are the steady-state response of new customers per month "
                            "to a channel's monthly spend (Hill curve with adstock); dots mark "
                            "the current spend. Private domain / CRM drives repurchase, not "
                            "acquisition."},
}
