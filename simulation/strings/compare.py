"""Strings of the compare area (see simulation/strings/__init__.py)."""

TEXT: dict[str, dict[str, str]] = {
    # --- page and choosing
    "title": {"zh": "情景比较", "en": "Compare scenarios"},
    "intro": {"zh": "选择 {min}–{max} 个情景（预设、情景库、上传的文件或构建页的当前情景），用同一组随机数"
                    "（共同随机数）运行，并排比较各项指标、与参照情景的配对差异、每吨减排成本和参数差异。",
              "en": "Choose {min}–{max} scenarios (presets, the library, uploaded files or the "
                    "builder's current scenario), run them with the same random numbers (common "
                    "random numbers), and compare their KPIs, the paired differences against a "
                    "reference, the cost per tonne of CO₂e avoided and the levers that differ."},
    "choose": {"zh": "要比较的情景", "en": "Scenarios to compare"},
    "choose_help": {"zh": "📋 预设情景 · 📁 情景库 · ⬆️ 上传的文件 · 🎛️ 构建页的当前情景",
                    "en": "📋 preset · 📁 library · ⬆️ uploaded file · 🎛️ the builder's current "
                          "scenario"},
    "current_choice": {"zh": "当前情景（构建页）", "en": "Current scenario (builder)"},
    "kind_preset": {"zh": "预设", "en": "preset"},
    "kind_library": {"zh": "情景库", "en": "library"},
    "kind_upload": {"zh": "上传", "en": "upload"},
    "kind_current": {"zh": "构建页", "en": "builder"},
    "disambiguated": {"zh": "{name}（{kind}）", "en": "{name} ({kind})"},
    "limit": {"zh": "请选择 {min}–{max} 个情景进行比较（当前选择了 {n} 个）。",
              "en": "Choose between {min} and {max} scenarios to compare (you have chosen {n})."},
    "upload_too_many": {"zh": "一次最多读取 {limit} 个文件：只读取了前 {limit} 个，"
                               "其余 {extra} 个未读取。",
                        "en": "At most {limit} files are read at once: the first {limit} were "
                              "read, the other {extra} were not."},
    "upload": {"zh": "上传情景 YAML 文件（一次最多 {files} 个，每个最大 {limit} KB）",
               "en": "Upload scenario YAML files (at most {files} at once, each at most {limit} KB)"},
    "uploads_kept": {"zh": "本次会话已上传 {n} 个情景，可在上方选择。",
                     "en": "{n} uploaded scenario(s) kept for this session; choose them above."},
    "forget_uploads": {"zh": "移除已上传的情景", "en": "Remove uploaded scenarios"},
    "files": {"zh": "添加情景文件", "en": "Add scenario files"},
    # --- running
    "seed": {"zh": "随机种子", "en": "Random seed"},
    "seed_help": {"zh": "同一情景、同一种子、同一模型版本，结果完全相同。",
                  "en": "The same scenario, seed and model version give the same numbers."},
    "replications": {"zh": "重复次数（每个情景，最多 {max}）",
                     "en": "Replications (per scenario, at most {max})"},
    "replications_help": {"zh": "每个情景的重复次数，上限 {max}。次数越多区间越窄，运行越久。",
                          "en": "Replications per scenario, at most {max}. More replications give "
                                "narrower intervals and take longer."},
    "run": {"zh": "运行比较", "en": "Run the comparison"},
    "press_run": {"zh": "选好情景后点击“运行比较”。已运行过的情景会直接从缓存读取。",
                  "en": "Press “Run the comparison” when the choice is ready. Scenarios already run "
                        "come straight from the cache."},
    "stale": {"zh": "情景、种子或重复次数已更改，点击“运行比较”更新结果。",
              "en": "The scenarios, seed or replications have changed; press “Run the comparison” "
                    "to update the results."},
    "present_hint": {"zh": "还没有比较结果。请先关闭演示模式，选择情景并运行比较。",
                     "en": "No comparison yet. Turn the presentation view off, choose scenarios and "
                           "run the comparison."},
    "horizons_differ": {"zh": "所选情景的模拟天数不同（{days}），总量指标不能直接比较。",
                        "en": "The chosen scenarios simulate different horizons ({days} days); "
                              "totals are not directly comparable."},
    "done": {"zh": "已完成：{n} 个情景 × {reps} 次重复，共同随机数，种子 {seed}。",
             "en": "Done: {n} scenarios × {reps} replications, common random numbers, seed {seed}."},
    # --- reference
    "reference": {"zh": "参照情景", "en": "Reference scenario"},
    "reference_help": {"zh": "差异表和每吨减排成本都相对于这个情景计算。",
                       "en": "The differences and the cost per tonne avoided are against this "
                             "scenario."},
    # --- KPI table
    "kpi_heading": {"zh": "各情景指标（均值与 95% 置信区间）",
                    "en": "KPIs by scenario (mean and 95% confidence interval)"},
    "kpi_all": {"zh": "其他全部指标", "en": "All other KPIs"},
    "kpi_note": {"zh": "单元格：均值（95% 置信区间，t 分布，{n} 次重复）。",
                 "en": "Cells: mean (95% confidence interval, Student t over {n} replications)."},
    "col_kpi": {"zh": "指标", "en": "KPI"},
    "col_code": {"zh": "代码", "en": "Code"},
    "col_unit": {"zh": "单位", "en": "Unit"},
    "col_mean": {"zh": "{name} · 均值", "en": "{name} · mean"},
    "col_low": {"zh": "{name} · 95% 下限", "en": "{name} · 95% lower"},
    "col_high": {"zh": "{name} · 95% 上限", "en": "{name} · 95% upper"},
    "with_unit": {"zh": "{label}（{unit}）", "en": "{label} ({unit})"},
    "unit_fraction": {"zh": "比例（0–1）", "en": "fraction (0–1)"},
    "unit_fraction_diff": {"zh": "比例之差（0–1）", "en": "difference of fractions (0–1)"},
    # --- differences
    "diff_heading": {"zh": "与参照情景“{reference}”的配对差异",
                     "en": "Paired differences against “{reference}”"},
    "diff_all": {"zh": "其他全部指标的差异", "en": "Differences in all other KPIs"},
    "diff_note": {"zh": "差异 = 情景 − 参照，按相同随机数逐次配对；区间不含 0 即为显著："
                        "绿色为显著更好，红色为显著更差，蓝色为显著不同（该指标无好坏方向）。",
                  "en": "Difference = scenario − reference, paired replication by replication; "
                        "an interval that excludes 0 is significant: green significantly better, "
                        "red significantly worse, blue significantly different (a KPI with no "
                        "better direction)."},
    "col_scenario": {"zh": "情景", "en": "Scenario"},
    "col_diff": {"zh": "差异（均值）", "en": "Difference (mean)"},
    "col_interval": {"zh": "95% 置信区间", "en": "95% interval"},
    "col_diff_low": {"zh": "差异 95% 下限", "en": "Difference, 95% lower"},
    "col_diff_high": {"zh": "差异 95% 上限", "en": "Difference, 95% upper"},
    "col_prob": {"zh": "优于参照的概率", "en": "Probability of being better"},
    "col_verdict": {"zh": "结论", "en": "Verdict"},
    "verdict_better": {"zh": "显著更好", "en": "Significantly better"},
    "verdict_worse": {"zh": "显著更差", "en": "Significantly worse"},
    "verdict_differs": {"zh": "显著不同", "en": "Significantly different"},
    "verdict_unclear": {"zh": "不显著", "en": "Not significant"},
    "verdict_na": {"zh": "无法判断", "en": "Not enough data"},
    # --- abatement cost
    "abate_heading": {"zh": "每吨二氧化碳当量减排成本", "en": "Cost per tonne of CO₂e avoided"},
    "abate_note": {"zh": "净成本 = 相对参照情景放弃的利润；负值表示减排同时省钱。"
                         "只有碳排放显著低于参照时才计算（否则为“—”）；区间为配对自助法 95% 区间。",
                   "en": "Net cost = profit forgone against the reference; a negative value saves "
                         "money while cutting carbon. Computed only where carbon is significantly "
                         "below the reference (otherwise “—”); the interval is a paired bootstrap "
                         "95% interval."},
    "col_avoided": {"zh": "减少的碳排放（吨 CO₂e）", "en": "Carbon avoided (t CO₂e)"},
    "col_forgone": {"zh": "放弃的利润（元）", "en": "Profit forgone (CNY)"},
    "col_abate": {"zh": "每吨减排成本（元/吨）", "en": "Cost per tonne avoided (CNY/t)"},
    "col_abate_low": {"zh": "95% 下限（元/吨）", "en": "95% lower (CNY/t)"},
    "col_abate_high": {"zh": "95% 上限（元/吨）", "en": "95% upper (CNY/t)"},
    # --- levers
    "levers_heading": {"zh": "哪些参数不同", "en": "Which levers differ"},
    "levers_none": {"zh": "所选情景的全部参数都相同。",
                    "en": "The chosen scenarios have identical settings."},
    "levers_note": {"zh": "列出在所选情景之间有任何不同的参数；比例以百分比显示。",
                    "en": "Every parameter that differs between any of the chosen scenarios; "
                          "fractions are shown in percent."},
    "col_parameter": {"zh": "参数", "en": "Parameter"},
    "col_path": {"zh": "路径", "en": "Path"},
    "yes": {"zh": "✓ 是", "en": "✓ yes"},
    "no": {"zh": "✗ 否", "en": "✗ no"},
    # --- downloads
    "downloads": {"zh": "下载", "en": "Downloads"},
    "download_csv": {"zh": "{table}（CSV 文件）", "en": "{table} (CSV file)"},
    "download_xlsx": {"zh": "全部表格（Excel 工作簿）", "en": "All tables (Excel workbook)"},
    "download_note": {"zh": "CSV 为带 BOM 的 UTF-8 编码，Excel 可直接打开中文。",
                      "en": "CSV files are UTF-8 with a BOM, so Excel shows Chinese correctly."},
    "sheet_kpis": {"zh": "指标", "en": "KPIs"},
    "sheet_diffs": {"zh": "配对差异", "en": "Differences"},
    "sheet_abatement": {"zh": "减排成本", "en": "Abatement cost"},
    "sheet_levers": {"zh": "参数差异", "en": "Levers"},
    "sheet_about": {"zh": "说明", "en": "About"},
    "about_item": {"zh": "项目", "en": "Item"},
    "about_value": {"zh": "内容", "en": "Value"},
    "about_model": {"zh": "模型版本", "en": "Model version"},
    "about_schema": {"zh": "数据结构版本", "en": "Schema version"},
    "about_seed": {"zh": "随机种子", "en": "Seed"},
    "about_reps": {"zh": "每个情景的重复次数", "en": "Replications per scenario"},
    "about_reference": {"zh": "参照情景", "en": "Reference scenario"},
    "about_scenarios": {"zh": "情景", "en": "Scenarios"},
    "about_method": {"zh": "方法", "en": "Method"},
    "about_method_text": {"zh": "共同随机数；95% t 区间；配对差异；减排成本为配对自助法区间",
                          "en": "Common random numbers; 95% t intervals; paired differences; "
                                "abatement cost with a paired bootstrap interval"},
    "about_created": {"zh": "生成时间", "en": "Created"},
    # --- the comparison's link
    "link_heading": {"zh": "分享这次比较", "en": "Share this comparison"},
    "link_note": {"zh": "复制上面的链接：打开它会重新运行同样的情景、参照情景、随机种子和重复次数"
                        "（预设按名称，其他情景按其设置），在另一台电脑或浏览器中也可以打开。",
                  "en": "Copy the link above: it reopens the same scenarios, reference, seed and "
                        "replications (presets by name, other scenarios by their settings), "
                        "in another browser or on another computer too."},
    "link_kept": {"zh": "页面保持原来的选择。", "en": "The page keeps its previous choice."},
    "fewer_reps": {"zh": "注意：这些数字只来自 {n} 次重复（少于运行设置中的 {m} 次），区间较宽。",
                   "en": "Note: these figures come from only {n} replications (fewer than the "
                         "{m} of the run settings), so the intervals are wider."},
    "tradeoff_caption": {
        "zh": "误差线是各情景自身均值的区间；情景之间的差异由配对差异表衡量，"
              "共同随机数使其精确得多。",
        "en": "Error bars are each scenario's own interval for its mean; the differences "
              "between scenarios are measured by the paired-difference table, which common random numbers "
              "make much more precise."},
}
