"""The command line's strings (``python -m simulation ...``): help texts, table headers,
report lines and problems, in Chinese and English. Every command takes ``--lang zh|en``; the
JSON it prints keeps its keys in English (they are machine-readable, not text)."""

TEXT = {
    # run and compare: table headers and notes
    "table_kpi": {"zh": "指标", "en": "KPI"},
    "table_unit": {"zh": "单位", "en": "Unit"},
    "table_mean": {"zh": "均值", "en": "Mean"},
    "table_ci": {"zh": "95% 区间", "en": "95% interval"},
    "table_scenario": {"zh": "情景", "en": "Scenario"},
    "table_diff": {"zh": "相对 {ref} 的差值", "en": "Difference vs {ref}"},
    "table_p": {"zh": "更优概率", "en": "P(better)"},
    "table_reps": {
        "zh": "{n} 次重复，种子 {seed}，模型 {version}",
        "en": "{n} replications, seed {seed}, model {version}"},
    "table_crn": {
        "zh": "公共随机数；差值按重复配对",
        "en": "common random numbers; differences are paired by replication"},
    "table_reference": {"zh": "参照", "en": "reference"},
    "table_abate": {
        "zh": "相对 {ref} 每减排一吨二氧化碳当量的净成本（损失的利润）：{name} {value} 元/吨（95% 区间 "
              "{lo} 至 {hi}；减排 {t:.2f} 吨，利润变化 {c:+,.0f} 元）",
        "en": "Net cost (profit forgone) per tonne CO2e avoided vs {ref}: {name} {value} CNY/t (95% "
              "interval {lo} to {hi}; {t:.2f} t avoided, profit {c:+,.0f} CNY)"},
    "table_abate_none": {
        "zh": "相对 {ref} 每减排一吨的成本：{name} 未减少排放",
        "en": "Net cost per tonne CO2e avoided vs {ref}: {name} avoids no carbon"},
    "more_problems": {"zh": "……另有 {n:,} 个问题", "en": "… and {n:,} more problems"},
    # the analyses: sensitivity, attribute, optimise
    "on": {"zh": "开", "en": "on"},
    "off": {"zh": "关", "en": "off"},
    "param": {"zh": "参数", "en": "Parameter"},
    "unit": {"zh": "单位", "en": "Unit"},
    "low": {"zh": "低值", "en": "Low"},
    "high": {"zh": "高值", "en": "High"},
    "at_low": {"zh": "低值时指标", "en": "KPI at low"},
    "at_high": {"zh": "高值时指标", "en": "KPI at high"},
    "swing": {"zh": "摆幅", "en": "Swing"},
    "ci": {"zh": "95% 区间", "en": "95% interval"},
    "noise": {"zh": "在噪声内", "en": "within noise"},
    "unmeasured": {
        "zh": "{kpi} 为 n/a：该情景下无法计算此指标（例如模拟天数不足 90 天时的 90 天留存率）。",
        "en": "{kpi} is n/a: it cannot be measured in this scenario (for example a 90-day retention over "
              "a shorter horizon)."},
    "oat_head": {
        "zh": "{name}：{kpi} 的单因素敏感性分析；{n} 个参数，每个 {reps} 次重复，种子 {seed}，模型 "
              "{version}；共 {sims} 次模拟",
        "en": "{name}: one-at-a-time sensitivity of {kpi}; {n} parameters, {reps} replications each, "
              "seed {seed}, model {version}; {sims} simulations"},
    "base": {"zh": "基准：{mean} {unit}，95% 区间 {ci}", "en": "Base: {mean} {unit}, 95% interval {ci}"},
    "oat_note": {
        "zh": "摆幅 = 参数取高值时的指标减去取低值时的指标，按重复配对（公共随机数）；按大小排序。“在噪声"
              "内”：其 95% 区间包含 0。",
        "en": "Swing = the KPI at the high end minus at the low end, paired by replication (common "
              "random numbers); largest first. 'within noise': its 95% interval contains 0."},
    "glob_head": {
        "zh": "{name}：{kpi} 的全局敏感性分析；对 {n} 个参数做拉丁超立方抽样，{samples} 个样本 × {reps} "
              "次重复，种子 {seed}，模型 {version}；共 {sims} 次模拟",
        "en": "{name}: global sensitivity of {kpi}; Latin hypercube over {n} parameters, {samples} "
              "samples × {reps} replications, seed {seed}, model {version}; {sims} simulations"},
    "src": {"zh": "SRC 系数", "en": "SRC"},
    "srrc": {"zh": "SRRC（秩）", "en": "SRRC (ranks)"},
    "r2": {
        "zh": "R² = {r2}（秩 {r2r}）：参数的线性模型能解释的指标变异比例",
        "en": "R² = {r2} (on ranks {r2r}): the share of the KPI's variation that a linear model in the "
              "parameters explains"},
    "fit": {
        "zh": "调整 R² = {r2a}，留一交叉验证 Q² = {q2}；{n} 个样本、{p} 个参数（每个参数 {per} 个样本）",
        "en": "adjusted R² = {r2a}, leave-one-out Q² = {q2}; {n} samples for {p} parameters "
              "({per} per parameter)"},
    "fit_reliable": {
        "zh": "样本充足、拟合有预测力：系数可以读作各参数的影响；区间跨过 0 的系数与 0 无法区分。",
        "en": "Enough samples and a predictive fit: the coefficients can be read as the parameters' "
              "effects; a coefficient whose interval crosses 0 cannot be told from 0."},
    "fit_few_samples": {
        "zh": "每个参数的样本少于 {least} 个：系数不可靠，请增加样本数（--samples）。",
        "en": "Fewer than {least} samples per parameter: the coefficients are not reliable; raise "
              "--samples."},
    "fit_not_predictive": {
        "zh": "Q² 低于 {q2min}：线性模型对新样本没有预测力，系数不可靠。",
        "en": "Q² below {q2min}: the linear model does not predict new samples, so the coefficients "
              "are not reliable."},
    "glob_note": {
        "zh": "SRC：标准化回归系数，即所有参数同时变化时，参数变动一个标准差引起的指标变动（以标准差计，"
              "自助法 95% 区间）；SRRC：基于秩的同一系数。",
        "en": "SRC: standardised regression coefficient, the KPI's change in standard deviations per "
              "standard deviation of the parameter with all of them varying together (bootstrap 95% "
              "interval); SRRC: the same on ranks."},
    "att_head": {
        "zh": "{base} → {scenario}：按{by}的 Shapley 归因（{method}），{reps} 次重复，种子 {seed}，模型 "
              "{version}；共 {sims} 次模拟；公共随机数",
        "en": "{base} → {scenario}: Shapley attribution by {by} ({method}), {reps} replications, seed "
              "{seed}, model {version}; {sims} simulations; common random numbers"},
    "by_group": {"zh": "措施组", "en": "lever group"},
    "by_lever": {"zh": "措施", "en": "lever"},
    "exact": {"zh": "{n} 个参与者精确计算", "en": "exact over {n} players"},
    "perm": {"zh": "{n} 个参与者抽样 {p} 种顺序", "en": "{p} sampled orders of {n} players"},
    "value": {"zh": "数值", "en": "Value"},
    "difference": {"zh": "差值", "en": "Difference"},
    "check": {
        "zh": "各项贡献之和为 {sum}；差值为 {diff} {mark}",
        "en": "Contributions add up to {sum}; the difference is {diff} {mark}"},
    "perm_note": {
        "zh": "抽样顺序时，区间已包含抽样误差（--json 中的 perm_se）。",
        "en": "With sampled orders the intervals include the sampling error (perm_se in --json)."},
    "opt_head": {
        "zh": "{name}：{direction}{kpi}；每次确认 {reps} 次重复，种子 {seed}，模型 {version}",
        "en": "{name}: {direction} {kpi}; {reps} replications per confirmation, seed {seed}, model "
              "{version}"},
    "maximise": {"zh": "最大化", "en": "maximise"},
    "minimise": {"zh": "最小化", "en": "minimise"},
    "constraints": {"zh": "约束：{items}", "en": "Constraints: {items}"},
    "none": {"zh": "无", "en": "none"},
    "channel": {"zh": "渠道", "en": "Channel"},
    "current": {"zh": "当前", "en": "Current"},
    "recommended": {"zh": "推荐", "en": "Recommended"},
    "change": {"zh": "变化", "en": "Change"},
    "budget": {"zh": "月度预算（元）", "en": "Monthly budget (CNY)"},
    "kpi": {"zh": "指标", "en": "KPI"},
    "diff": {"zh": "差值", "en": "Difference"},
    "p": {"zh": "更优概率", "en": "P(better)"},
    "confirmed": {
        "zh": "完整模拟确认（公共随机数）：",
        "en": "Confirmed by full simulations (common random numbers):"},
    "p_better": {
        "zh": "推荐方案在{kpi}上更优的概率 = {p}",
        "en": "P(the recommendation is better on {kpi}) = {p}"},
    "is_current": {
        "zh": "当前分配就是经确认的最优分配：保持不变。",
        "en": "The current split is the best confirmed one: keep it."},
    "binding": {"zh": "起作用的约束：", "en": "Binding constraints:"},
    "binding_item": {
        "zh": "  {name}：{value}，限值 {limit}（余量 {slack}）",
        "en": "  {name}: {value} against a limit of {limit} (slack {slack})"},
    "marginal": {
        "zh": "推荐方案处的边际回报（每月每多投 1,000 元）：",
        "en": "Marginal returns at the recommendation (per extra 1,000 CNY a month):"},
    "share": {"zh": "占比", "en": "Share"},
    "spend": {"zh": "投入（元/月）", "en": "Spend (CNY/month)"},
    "new_per": {"zh": "每 1,000 元新客数", "en": "New customers / 1,000 CNY"},
    "obj_per": {"zh": "每 1,000 元{kpi}", "en": "{kpi} / 1,000 CNY"},
    "at_bound": {"zh": "触及边界", "en": "At bound"},
    "pareto": {
        "zh": "留存、碳排放、成本与目标指标的帕累托点（经模拟确认；均值），以及推荐与当前分配：",
        "en": "Pareto points of retention, carbon, cost and the objective (confirmed by simulation; "
              "means), with the recommendation and the current split:"},
    "mark_rec": {"zh": "推荐", "en": "recommended"},
    "mark_cur": {"zh": "当前", "en": "current"},
    "mark_infeasible": {"zh": "不可行", "en": "infeasible"},
    "mark_dominated": {"zh": "被支配", "en": "dominated"},
    "sims": {
        "zh": "共 {n} 次完整模拟（设计 {design}，确认 {confirm}）",
        "en": "{n} full simulations (design {design}, confirmation {confirm})"},
    "metamodel": {
        "zh": "元模型：{method}；{points} 个设计点",
        "en": "Metamodel: {method}; {points} design points"},
    "loo": {
        "zh": "留一交叉验证误差（以设计点上该指标的标准差计）：{items}",
        "en": "Leave-one-out error, in standard deviations of the KPI over the design: {items}"},
    "infeasible": {"zh": "没有满足约束的预算分配：", "en": "No budget split meets the constraints:"},
    "inf_kpi": {
        "zh": "  {c}：限值 {limit}；最好能达到 {best}",
        "en": "  {c}: limit {limit}; the best reachable is {best}"},
    "inf_kpi_none": {
        "zh": "  {c}：限值 {limit}；没有设计点接近",
        "en": "  {c}: limit {limit}; no design point came close"},
    "inf_bounds": {
        "zh": "  {c}：各渠道占比的界限合计为 {sum}，任何分配都无法合计为 100%",
        "en": "  {c}: the share bounds add up to {sum}, so no split sums to 100%"},
    "together": {
        "zh": "（单独可以达到，但无法与其他约束同时满足）",
        "en": " (reachable alone, not together with the others)"},
    "current_only": {"zh": "当前分配，供参考：", "en": "The current split, for reference:"},
    "levers": {"zh": "措施", "en": "Levers"},
    # optimise: short channel names for the Pareto table
    "short_search": {"zh": "搜索", "en": "search"},
    "short_feed": {"zh": "信息流", "en": "feed"},
    "short_livestream": {"zh": "直播", "en": "live"},
    "short_crm": {"zh": "私域", "en": "CRM"},
    "short_esg_content": {"zh": "ESG 内容", "en": "ESG"},
    "short_community": {"zh": "社群", "en": "community"},
    # the command line as a whole
    "prog_description": {
        "zh": "中小电商 ESG 策略模拟器：运行预设情景或情景文件，用公共随机数比较情景，检查文件，并分析一"
              "个情景：对假设的敏感性、差异在各项措施间的归因、营销预算优化。",
        "en": "ESG strategy simulator for small e-commerce shops: run presets or scenario files, compare "
              "them with common random numbers, validate files, and analyse a scenario: sensitivity to "
              "assumptions, attribution of a difference to levers, a marketing-budget optimiser."},
    "prog_epilog": {
        "zh": "退出码：0 成功；1 验证发现未通过的检查；2 输入有误（stderr 上每个问题一行）；3 "
              "优化找不到满足约束的预算分配。",
        "en": "Exit codes: 0 success, 1 verify found a failing check, 2 bad input (one line per problem "
              "on stderr), 3 optimise found no budget split that meets the constraints."},
    "help_lang": {
        "zh": "输出语言：zh（中文）或 en（英文），默认 {default}；也可用环境变量 {env} 设置",
        "en": "language of the output: zh (Chinese) or en (English), default {default}; the environment "
              "variable {env} sets it too"},
    "interrupted": {"zh": "已中断", "en": "interrupted"},
    # options shared by the experiment and analysis commands
    "err_whole_number": {"zh": "应为整数，实际为 {text}", "en": "expected a whole number, got {text}"},
    "err_negative": {
        "zh": "{name} 不能为负数，实际为 {value}",
        "en": "{name} must not be negative, got {value}"},
    "err_between": {
        "zh": "{name} 必须在 {lo} 到 {hi} 之间，实际为 {value}",
        "en": "{name} must be between {lo} and {hi}, got {value}"},
    "err_set_item": {
        "zh": "应为 路径=值（例如 staff.packers=4），实际为 {text}",
        "en": "expected dotted.path=value (for example staff.packers=4), got {text}"},
    "help_replications": {
        "zh": "每个情景的重复次数，1..{max}（默认 {default}）",
        "en": "replications per scenario, 1..{max} (default {default})"},
    "help_seed": {
        "zh": "实验种子，非负整数（默认 {default}）；种子相同，输出相同",
        "en": "experiment seed, a non-negative integer (default {default}); the same seed gives the same "
              "output"},
    "help_set": {
        "zh": "覆盖{what}中的一个参数，例如 --set staff.packers=4 或 --set run.horizon_days=90；值按 "
              "YAML 读取（0.5、true、[17, 20]、{{a: 1}}）；可重复，一起应用，后者优先",
        "en": "override a parameter in {what}, e.g. --set staff.packers=4 or --set run.horizon_days=90; "
              "the value is read as YAML (0.5, true, [17, 20], {{a: 1}}); repeatable, applied together, "
              "last one wins"},
    "what_scenario": {"zh": "该情景", "en": "the scenario"},
    "what_every": {"zh": "每个情景", "en": "every scenario"},
    "what_both": {"zh": "两个情景", "en": "both scenarios"},
    "help_json": {
        "zh": "输出 JSON 而不是表格（NaN 输出为 null）",
        "en": "print JSON instead of the table (NaN becomes null)"},
    "help_out": {
        "zh": "同时把结果写入 FILE（stdout 照常输出）：FILE.csv "
              "每个（情景，重复）一行，含全部指标；FILE.json（或带 --json 时的任何 FILE）得到 JSON "
              "文档；其他文件得到表格",
        "en": "also write the results to FILE (stdout is printed as usual): FILE.csv gets one row per "
              "(scenario, replication) with every KPI; FILE.json, or any FILE with --json, gets the JSON "
              "document; anything else gets the table"},
    "help_analysis_out": {
        "zh": "同时把结果写入 FILE（stdout 照常输出）：FILE.csv 得到{csv_what}；FILE.json（或带 --json "
              "时的任何 FILE）得到 JSON 文档；其他文件得到报告",
        "en": "also write the results to FILE (stdout is printed as usual): FILE.csv gets {csv_what}; "
              "FILE.json, or any FILE with --json, gets the JSON document; anything else gets the report"},
    "help_workers": {
        "zh": "工作进程数（默认：全部核心；1 表示在本进程内运行）；结果与它无关",
        "en": "worker processes (default: all cores; 1 runs in this process); results do not depend on it"},
    "help_progress": {
        "zh": "在 stderr 上显示进度条（默认：仅当 stderr 是终端时）",
        "en": "progress bar on stderr (default: only when stderr is a terminal)"},
    "help_kpi": {
        "zh": "指标名（即 `run --json` 的键，例如 profit_cny、carbon_kg_total）",
        "en": "a KPI name (the keys of `run --json`, e.g. profit_cny, carbon_kg_total)"},
    "help_scenario": {"zh": "情景 YAML 文件或预设名称", "en": "a scenario YAML file or preset name"},
    "unit_replications": {"zh": "次重复", "en": "replications"},
    "unit_simulations": {"zh": "次模拟", "en": "simulations"},
    "unit_check_groups": {"zh": "组检查", "en": "check groups"},
    # loading, --out
    "out_is_dir": {"zh": "--out {path}：是一个目录", "en": "--out {path}: is a directory"},
    "out_no_dir": {
        "zh": "--out {path}：目录 {parent} 不存在",
        "en": "--out {path}: directory {parent} does not exist"},
    "out_cannot_write": {
        "zh": "--out {path}：无法写入：{error}",
        "en": "--out {path}: cannot write: {error}"},
    "set_with": {"zh": "--set（用于 {arg}）：{problem}", "en": "--set (with {arg}): {problem}"},
    "given_twice": {"zh": "{arg}：重复给出", "en": "{arg}: given more than once"},
    # run, compare, validate, list, params
    "run_help": {
        "zh": "运行一个情景，输出各指标均值及 95% 区间",
        "en": "run one scenario and print KPI means with 95% intervals"},
    "run_description": {
        "zh": "运行 SCENARIO（YAML 文件或预设名称），输出每个指标的均值及其 95% t 区间。",
        "en": "Run SCENARIO (a YAML file or a preset name) and print each KPI's mean with its 95% "
              "t-interval."},
    "compare_help": {
        "zh": "用公共随机数比较多个情景",
        "en": "compare scenarios with common random numbers"},
    "compare_description": {
        "zh": "用相同的随机数运行每个 SCENARIO，输出每个情景各指标的均值和 95% "
              "区间，以及相对参照情景的配对差值、其区间和更优的概率。",
        "en": "Run every SCENARIO with the same random numbers and print each KPI's mean and 95% "
              "interval per scenario, plus the paired difference against the reference with its interval "
              "and the probability that it is better."},
    "compare_scenarios": {
        "zh": "两个或更多情景 YAML 文件或预设名称",
        "en": "two or more scenario YAML files or preset names"},
    "compare_reference": {
        "zh": "作为参照的情景（默认：第一个）",
        "en": "the scenario to compare against (default: the first)"},
    "compare_two": {
        "zh": "compare：至少给出两个情景（A B ...）",
        "en": "compare: give at least two scenarios (A B ...)"},
    "compare_bad_reference": {
        "zh": "--reference {name}：不是所给情景之一（{names}）",
        "en": "--reference {name}: not one of the scenarios ({names})"},
    # report (the meeting pack from the command line)
    "report_help": {
        "zh": "把情景比较写成报告（HTML、PDF 或 PPTX）",
        "en": "write a scenario comparison as a report (HTML, PDF or PPTX)"},
    "report_description": {
        "zh": "用相同的随机数运行每个 SCENARIO（YAML 文件或预设名称），再把比较写成与应用比较页相同的报告："
              "标题页、执行摘要、不同的杠杆、带 95% 区间的指标表、配对差异、减排成本、图表和附录。"
              "只给一个情景时，与基准预设比较。",
        "en": "Run every SCENARIO (a YAML file or a preset name) with the same random numbers and "
              "write the comparison as the report the app's compare page makes: a title page, an "
              "executive summary, the levers that differ, KPI tables with 95% intervals, paired "
              "differences, the cost per tonne avoided, the charts and the appendix. With one "
              "scenario, it is compared with the baseline preset."},
    "report_epilog": {
        "zh": "格式：给出 --format 时，--out 的扩展名必须与之一致；不给时由扩展名（.html、.pdf、.pptx）决定。"
              "退出码：0 已写入；1 报告无法生成；2 输入有误。",
        "en": "Format: with --format, the suffix of --out must match it; without, the suffix "
              "(.html, .pdf, .pptx) chooses the format. Exit codes: 0 written, 1 the report could "
              "not be made, 2 bad input."},
    "report_scenarios": {
        "zh": "一个或多个情景 YAML 文件或预设名称（最多 {max} 个）",
        "en": "one or more scenario YAML files or preset names (at most {max})"},
    "report_format": {
        "zh": "报告格式：html、pdf 或 pptx（默认：由 --out 的扩展名决定）",
        "en": "the report's format: html, pdf or pptx (default: from the suffix of --out)"},
    "report_out": {
        "zh": "要写入的报告文件（扩展名 .html、.pdf 或 .pptx）",
        "en": "the report file to write (suffix .html, .pdf or .pptx)"},
    "report_reference": {
        "zh": "作为参照的情景（默认：基准预设在其中时为基准，否则为第一个）",
        "en": "the scenario to compare against (default: the baseline preset when given, "
              "else the first)"},
    "report_replications": {
        "zh": "每个情景的重复次数，2..{max}（默认 {default}）",
        "en": "replications per scenario, 2..{max} (default {default})"},
    "report_too_many": {
        "zh": "report：最多 {max} 个情景（给出了 {n} 个）",
        "en": "report: at most {max} scenarios (got {n})"},
    "report_format_mismatch": {
        "zh": "--out {path}：扩展名与 --format {fmt} 不一致（应为 .{fmt}）",
        "en": "--out {path}: the suffix does not match --format {fmt} (use .{fmt})"},
    "report_format_unknown": {
        "zh": "--out {path}：无法从扩展名判断格式；请用 .html、.pdf 或 .pptx，或给出 --format",
        "en": "--out {path}: cannot tell the format from the suffix; use .html, .pdf or .pptx, "
              "or give --format"},
    "report_failed": {
        "zh": "报告无法生成：{error}",
        "en": "the report could not be made: {error}"},
    "report_needs_app": {
        "zh": "report：需要应用的代码（ui 包）；请在项目仓库的根目录运行",
        "en": "report: needs the app's code (the ui package); run it from the repository root"},
    "report_wrote": {
        "zh": "已写入 {path}（{size}，{fmt}，{seconds} 秒生成）",
        "en": "wrote {path} ({size}, {fmt}, made in {seconds} s)"},
    "validate_help": {
        "zh": "检查情景文件；有无效文件时退出码为 2",
        "en": "check scenario files; exit 2 if any is invalid"},
    "validate_description": {
        "zh": "检查每个 FILE：有效的输出“OK FILE”，否则在 stderr 上每个问题输出一行（“FILE: 字段: "
              "问题”），退出码为 2。",
        "en": "Check each FILE: print 'OK FILE' for a valid one, or one line per problem ('FILE: field: "
              "problem') on stderr and exit 2."},
    "validate_ok": {"zh": "OK {file}", "en": "OK {file}"},
    "list_help": {"zh": "列出预设情景", "en": "list the presets"},
    "list_description": {
        "zh": "列出预设情景：名称、中英文标题及描述的第一句（--json 给出全文）。",
        "en": "List the presets: name, titles in English and Chinese and the first sentence of the "
              "description (--json gives the full texts)."},
    "list_json": {"zh": "以 JSON 输出预设情景", "en": "print the presets as JSON"},
    "params_help": {
        "zh": "列出全部模型参数及其单位、范围、默认值和来源",
        "en": "list every model parameter with unit, range, default and source"},
    "params_description": {
        "zh": "列出情景结构中的参数（模型的输入）：路径、措施组、名称、单位、默认值、允许范围和来源。",
        "en": "List the schema's parameters (the model's inputs): dotted path, lever group, label, unit, "
              "default, allowed range and source."},
    "params_json": {"zh": "以 JSON 输出该表", "en": "print the table as JSON"},
    "params_group": {"zh": "只列出这一措施组", "en": "only this lever group"},
    "col_parameter": {"zh": "参数", "en": "parameter"},
    "col_group": {"zh": "措施组", "en": "group"},
    "col_label": {"zh": "名称", "en": "label"},
    "col_unit": {"zh": "单位", "en": "unit"},
    "col_default": {"zh": "默认值", "en": "default"},
    "col_range": {"zh": "允许范围", "en": "range"},
    "col_plausible": {"zh": "合理范围", "en": "plausible"},
    "col_source": {"zh": "来源", "en": "source"},
    # the analyses: options and problems
    "unknown_kpi": {"zh": "{option} {kpi}：未知指标", "en": "{option} {kpi}: unknown KPI"},
    "unknown_parameter": {"zh": "{option} {path}：未知参数", "en": "{option} {path}: unknown parameter"},
    "did_you_mean": {"zh": "；您是不是指 {names}？", "en": "; did you mean {names}?"},
    "or": {"zh": "或", "en": "or"},
    "choose_kpi": {"zh": "可选：{names}", "en": "choose one of {names}"},
    "params_lists_them": {
        "zh": "`python -m simulation params` 会列出全部参数",
        "en": "`python -m simulation params` lists them"},
    "sensitivity_help": {
        "zh": "一个指标取决于哪些假设：龙卷风表，或 --global",
        "en": "which assumptions a KPI hangs on: a tornado table, or --global"},
    "sensitivity_description": {
        "zh": "逐一把每个参数设为其范围的低端再设为高端（有文献依据的合理范围，否则为取值的 "
              "±25%；措施为开/关），其余与 SCENARIO 相同，使用公共随机数。输出两端的指标值和摆幅（高 − "
              "低）及其 95% 区间，按大小排序；“在噪声内”表示摆幅的区间包含 0。--global "
              "在拉丁超立方上同时改变所有参数，输出标准化回归系数（SRC）及其自助法区间和 R²。",
        "en": "One at a time, set each parameter to the low and then the high end of its range (its "
              "documented plausible range, else ±25% of its value; on/off for a lever), everything else "
              "as in SCENARIO, on common random numbers. Prints the KPI at both ends and the swing (high "
              "− low) with its 95% interval, largest first; 'within noise' marks a swing whose interval "
              "contains 0. --global varies all the parameters together over a Latin hypercube and prints "
              "standardised regression coefficients (SRC) with bootstrap intervals and R²."},
    "sensitivity_parameter": {
        "zh": "参数的路径（可重复；默认：价格、毛利、客户、人员、碳排放和佣金方面的十项假设）",
        "en": "a parameter's dotted path (repeatable; default: ten assumptions on prices, margins, "
              "customers, staff, carbon and commission)"},
    "sensitivity_range": {
        "zh": "参数的低值和高值，例如 customers.eco_share=0.2:0.35（可重复；同时选中该参数）",
        "en": "the low and high value of a parameter, e.g. customers.eco_share=0.2:0.35 (repeatable; "
              "also selects it)"},
    "sensitivity_global": {
        "zh": "全局敏感性：在所有范围上同时做拉丁超立方抽样",
        "en": "global sensitivity: a Latin hypercube over every range at once"},
    "sensitivity_samples": {
        "zh": "--global 时的拉丁超立方样本数（默认 40；至少为参数个数 + 3）",
        "en": "Latin-hypercube samples with --global (default 40; at least the number of parameters + 3)"},
    "sensitivity_replications": {
        "zh": "每个变体的重复次数（默认 6，至少 2；--global 时为每个样本，默认 1）",
        "en": "replications of every variant (default 6, at least 2; with --global per sample, default 1)"},
    "sensitivity_csv": {"zh": "该表，每个参数一行", "en": "the table, one row per parameter"},
    "range_syntax": {
        "zh": "--range {text}：应为 PATH=LOW:HIGH，例如 customers.eco_share=0.2:0.35",
        "en": "--range {text}: expected PATH=LOW:HIGH, e.g. customers.eco_share=0.2:0.35"},
    "range_nan": {"zh": "--range {text}：“{raw}”不是数字", "en": "--range {text}: '{raw}' is not a number"},
    "range_onoff": {
        "zh": "--range {text}：{path} 是开/关措施，其范围为 false:true",
        "en": "--range {text}: {path} is an on/off lever; its range is false:true"},
    "range_not_number": {
        "zh": "--range {text}：{path} 不是数值，无法摆动",
        "en": "--range {text}: {path} is not a number; it cannot be swung"},
    "range_numbers": {
        "zh": "--range {text}：LOW 和 HIGH 必须是数字",
        "en": "--range {text}: LOW and HIGH must be numbers"},
    "range_order": {
        "zh": "--range {text}：LOW（{low}）必须小于 HIGH（{high}）",
        "en": "--range {text}: LOW ({low}) must be below HIGH ({high})"},
    "range_below_min": {
        "zh": "--range {text}：{low} 低于 {path} 的最小值（{min}）",
        "en": "--range {text}: {low} is below the minimum of {path} ({min})"},
    "range_above_max": {
        "zh": "--range {text}：{high} 高于 {path} 的最大值（{max}）",
        "en": "--range {text}: {high} is above the maximum of {path} ({max})"},
    "samples_only_global": {"zh": "--samples：仅用于 --global", "en": "--samples: only with --global"},
    "reps_oat": {
        "zh": "--replications {reps}：单因素分析至少需要 2 次，才能把摆幅与噪声区分开",
        "en": "--replications {reps}: a one-at-a-time analysis needs at least 2, to tell a swing from "
              "noise"},
    "samples_min": {
        "zh": "--samples {samples}：有 {n} 个参数时至少为参数个数 + 3（{least}）",
        "en": "--samples {samples}: at least the number of parameters + 3 ({least}) with {n} parameters"},
    "attribute_help": {
        "zh": "把两个情景之间的差异分解到各项措施",
        "en": "split the difference between two scenarios among their levers"},
    "attribute_description": {
        "zh": "Shapley 归因：从 BASE 到 SCENARIO，每个指标的变化中有多少归于各措施组（或 --by lever "
              "时各项改动的措施），在所有开启顺序上取平均，使用公共随机数。各项贡献之和等于差值。",
        "en": "Shapley attribution: how much of the change in each KPI from BASE to SCENARIO each lever "
              "group (or each changed lever, --by lever) is responsible for, averaged over every order "
              "of switching them on, on common random numbers. The contributions add up to the "
              "difference."},
    "attribute_base": {"zh": "起点情景（文件或预设）", "en": "the scenario to start from (file or preset)"},
    "attribute_scenario": {"zh": "要解释的情景", "en": "the scenario to explain"},
    "attribute_kpi": {
        "zh": "{kpi_help}；可重复（默认：利润、成本、碳排放、90 天留存率和复购率）",
        "en": "{kpi_help}; repeatable (default: profit, cost, carbon, 90-day retention and "
              "repeat-purchase rate)"},
    "attribute_by": {
        "zh": "参与者：措施组 E/S/G/营销/政策/……（默认），或每个改动的参数（渠道占比算作一个）",
        "en": "players: lever groups E/S/G/marketing/policy/... (default) or each changed parameter (the "
              "channel shares count as one)"},
    "attribute_permutations": {
        "zh": "参与者多于六个时抽样的顺序数（默认 24）",
        "en": "sampled orders when there are more than six players (default 24)"},
    "attribute_replications": {
        "zh": "每种参与者组合的重复次数，2..{max}（默认 8）",
        "en": "replications of every combination of players, 2..{max} (default 8)"},
    "attribute_csv": {"zh": "每个（指标，参与者）一行", "en": "one row per (KPI, player)"},
    "reps_attribute": {
        "zh": "--replications {reps}：归因至少需要 2 次重复，才能给出区间",
        "en": "--replications {reps}: attribution needs at least 2, for intervals"},
    "same_scenario": {
        "zh": "attribute：{base} 与 {scenario} 是同一个情景，没有差异可归因",
        "en": "attribute: {base} and {scenario} are the same scenario; there is no difference to "
              "attribute"},
    "optimise_help": {
        "zh": "在约束下推荐营销预算分配",
        "en": "recommend a marketing-budget split under constraints"},
    "optimise_description": {
        "zh": "在约束下搜索营销预算的渠道占比（如有要求，还包括月度总额和开/关措施），使目标指标最优：先"
              "由拟合在一组模拟设计上的元模型提出方案，再用公共随机数的完整模拟确认推荐方案、当前分配和帕"
              "累托点。占比可写作小数（0.1）或百分数（10%）。",
        "en": "Search the channel shares of the marketing budget (and, if asked, the monthly total and "
              "on/off levers) for the best value of an objective KPI subject to constraints: a metamodel "
              "fitted to a design of simulations proposes, then the recommendation, the current split "
              "and the Pareto points are confirmed by full simulations on common random numbers. Shares "
              "are fractions (0.1) or percentages (10%)."},
    "optimise_epilog": {
        "zh": "退出码：0 得到满足全部约束的推荐；2 输入有误（约束格式错误、未知指标或渠道、占比超出 "
              "0–1、最小值大于最大值；stderr 上每个一行）；3 "
              "没有满足约束的分配：报告列出每个未满足的约束、其限值和能达到的最好值（带 --json "
              '时仍输出文档，其中 "feasible": false，原因写到 stderr）。',
        "en": "Exit codes: 0 a recommendation that meets every constraint; 2 bad input (a malformed "
              "constraint, unknown KPI or channel, a share outside 0–1, a minimum above a maximum; one "
              "line each on stderr); 3 no split meets the constraints: the report names each unmet "
              "constraint, its limit and the best value reached (with --json the document is still "
              'printed, with "feasible": false, and the reasons go to stderr).'},
    "optimise_minimise": {
        "zh": "最小化目标（默认：最大化）",
        "en": "minimise the objective (default: maximise)"},
    "optimise_constraint": {
        "zh": "指标限值，例如 'carbon_kg_total<=30000' 或 'retention_90d>=40%'（可重复）",
        "en": "a KPI limit, e.g. 'carbon_kg_total<=30000' or 'retention_90d>=40%' (repeatable)"},
    "optimise_min_share": {
        "zh": "渠道占比的下限，例如 search=0.2 或 search=20%（可重复）",
        "en": "lower bound on a channel's share, e.g. search=0.2 or search=20% (repeatable)"},
    "optimise_max_share": {
        "zh": "渠道占比的上限（可重复）",
        "en": "upper bound on a channel's share (repeatable)"},
    "optimise_min_esg": {
        "zh": "ESG 内容占比的下限，例如 0.1 或 10%",
        "en": "lower bound on the ESG-content share, e.g. 0.1 or 10%"},
    "optimise_budget_range": {
        "zh": "同时在 LOW 到 HIGH 元之间搜索月度总额",
        "en": "also search the monthly total between LOW and HIGH CNY"},
    "optimise_lever": {
        "zh": "同时搜索这个开/关措施，例如 marketing.membership（可重复）",
        "en": "also search this on/off lever, e.g. marketing.membership (repeatable)"},
    "optimise_design_points": {
        "zh": "元模型的模拟设计点数（默认：按维数选择）",
        "en": "simulated design points for the metamodel (default: chosen from the number of dimensions)"},
    "optimise_design_replications": {
        "zh": "每个设计点的重复次数（默认 2）",
        "en": "replications per design point (default 2)"},
    "optimise_replications": {
        "zh": "确认推荐方案、当前分配和每个帕累托点的重复次数，2..{max}（默认 8）",
        "en": "replications confirming the recommendation, the current split and each Pareto point, "
              "2..{max} (default 8)"},
    "optimise_csv": {"zh": "每个帕累托点一行", "en": "one row per Pareto point"},
    "share_not": {
        "zh": "“{text}”不是占比：请写小数（0.1）或百分数（10%）",
        "en": "'{text}' is not a share: write a fraction (0.1) or a percentage (10%)"},
    "share_outside": {"zh": "占比 {text} 超出 0–1{hint}", "en": "share {text} is outside 0–1{hint}"},
    "share_hint": {"zh": "（百分数请写 {text}%）", "en": " (write {text}% for a percentage)"},
    "channel_syntax": {
        "zh": "{option} {text}：应为 CHANNEL=SHARE，例如 search=0.2 或 search=20%",
        "en": "{option} {text}: expected CHANNEL=SHARE, e.g. search=0.2 or search=20%"},
    "unknown_channel": {
        "zh": "{option} {text}：未知渠道“{channel}”",
        "en": "{option} {text}: unknown channel '{channel}'"},
    "channels": {"zh": "渠道：{names}", "en": "channels: {names}"},
    "max_below_min": {
        "zh": "--max-share {channel}={max}：低于 {channel} 的最小占比（{min}）",
        "en": "--max-share {channel}={max}: below the minimum share of {channel} ({min})"},
    "budget_syntax": {
        "zh": "--budget-range {text}：应为每月 LOW:HIGH 元，例如 150000:250000",
        "en": "--budget-range {text}: expected LOW:HIGH in CNY a month, e.g. 150000:250000"},
    "budget_bounds": {
        "zh": "--budget-range {text}：需满足 0 <= LOW < HIGH <= {max}",
        "en": "--budget-range {text}: need 0 <= LOW < HIGH <= {max}"},
    "reps_optimise": {
        "zh": "--replications {reps}：优化至少需要 2 次重复，才能比较分配",
        "en": "--replications {reps}: the optimiser needs at least 2, to compare splits"},
    "design_reps_max": {
        "zh": "--design-replications {design}：最多为 --replications（{reps}）",
        "en": "--design-replications {design}: at most --replications ({reps})"},
    "not_onoff": {
        "zh": "--lever {path}：不是开/关措施（true/false）",
        "en": "--lever {path}: not an on/off lever (true/false)"},
    # verify
    "verify_help": {
        "zh": "验证报告：模型对照理论和自身记录",
        "en": "the validation report: the model against theory and its own records"},
    "verify_description": {
        "zh": "运行验证检查：排队结果对照 Erlang C 公式和利特尔法则，由原始事件记录重建的账目对照指标，以"
              "及其他已登记的检查。输出每项检查的测量值 ± "
              "标准误、期望值和容差（由标准误或区间半宽得出）、通过或未通过，最后给出汇总。",
        "en": "Run the verification checks: queueing results against Erlang C and Little's law, the "
              "accounting rebuilt from the raw event records against the KPIs, and any other registered "
              "checks. Prints each check's measured value ± standard error, the expected value and the "
              "tolerance (from the standard errors, or a band's half-width), PASS or FAIL, then a "
              "summary."},
    "verify_epilog": {
        "zh": "退出码：0 全部检查通过；1 至少一项未通过。",
        "en": "Exit codes: 0 every check passes, 1 at least one fails."},
    "verify_quick": {
        "zh": "更短的运行和更少的重复（远少于两分钟）",
        "en": "shorter runs and fewer replications (well under two minutes)"},
    "verify_json": {
        "zh": '输出 {{"model_version": ..., "checks": [...]}} 而不是表格（NaN 输出为 null）',
        "en": 'print {{"model_version": ..., "checks": [...]}} instead of the table (NaN becomes null)'},
    "verify_title": {
        "zh": "验证报告，模型 {version}{quick}",
        "en": "Verification report, model {version}{quick}"},
    "verify_quick_mark": {"zh": "（快速）", "en": " (quick)"},
    "verify_col_check": {"zh": "检查", "en": "check"},
    "verify_col_measured": {"zh": "测量值 ± 标准误", "en": "measured ± SE"},
    "verify_col_expected": {"zh": "期望值", "en": "expected"},
    "verify_col_tolerance": {"zh": "容差", "en": "tolerance"},
    "verify_col_result": {"zh": "结果", "en": "result"},
    "verify_col_reference": {"zh": "参考文献", "en": "reference"},
    "verify_summary": {
        "zh": "共 {n} 项检查：{passed} 项通过，{failed} 项未通过（{seconds} 秒）",
        "en": "{n} checks: {passed} passed, {failed} failed ({seconds} s)"},
    "verify_none": {"zh": "verify：没有已登记的检查", "en": "verify: no checks are registered"},
    # -- policy: the regional policy lab ----------------------------------------------------
    "policy_help": {
        "zh": "区域政策实验室：一个区域的众多网店在有无政策工具下的对比（减排吨数、财政支出、"
              "每吨成本、采纳、就业、受益与受损者）",
        "en": "the regional policy lab: a region's shops with and without policy instruments (tonnes "
              "avoided, public spend, cost per tonne, adoption, jobs, who gains and who loses)"},
    "policy_description": {
        "zh": "从区域的分布中按种子抽取店铺（第 i 家店在每次运行中都是同一家），"
              "每家店先按采纳规则决定采用哪些措施，再在相同随机数下分别模拟无政策与有政策两种情形。"
              "区域合计 = 每家店的结果 × 权重（区域店铺数 / 模拟店铺数），"
              "95% 区间来自店铺之间的差异（把模拟的店铺视为区域的随机样本）。"
              "每吨成本的区间用比值的 delta 方法；没有减排时每吨成本无定义。"
              "--mac 计算边际减排成本曲线，--budget 在财政预算内寻找减排最多的政策组合。",
        "en": "Shops are drawn from the region's distributions with one seed (shop i is the same shop in "
              "every run); each decides which levers to adopt by the adoption rule and is then simulated "
              "without and with the policy on the same random numbers. Region totals are the shops' "
              "results times their weight (shops in the region / shops simulated); the 95% intervals "
              "come from the variation between shops (the simulated shops are a random sample of the "
              "region). The cost per tonne's interval is the delta method for a ratio; with no tonnes "
              "avoided there is no cost per tonne. --mac computes the marginal abatement cost curve, "
              "--budget the policy mix that avoids the most within a public budget."},
    "policy_epilog": {
        "zh": "示例：\n  python -m simulation policy county_town --instrument policy.packaging_subsidy=0.5 "
              "--shops 200 --days 90\n  python -m simulation policy metro_district --mac --shops 100\n"
              "  python -m simulation policy county_town --budget 500000 -i policy.packaging_subsidy=0.5 "
              "-i policy.training_subsidy=0.5\n"
              "Dask 集群：--scheduler tcp://主机:8786 或环境变量 ESG_SIM_SCHEDULER。\n"
              "退出码：0 成功；1 无法运行（例如连不上调度器）；2 输入有误。",
        "en": "Examples:\n  python -m simulation policy county_town "
              "--instrument policy.packaging_subsidy=0.5 --shops 200 --days 90\n"
              "  python -m simulation policy metro_district --mac --shops 100\n"
              "  python -m simulation policy county_town --budget 500000 -i policy.packaging_subsidy=0.5 "
              "-i policy.training_subsidy=0.5\n"
              "A Dask cluster: --scheduler tcp://HOST:8786 or the ESG_SIM_SCHEDULER environment variable.\n"
              "Exit codes: 0 success; 1 the run could not be made (e.g. the scheduler is unreachable); "
              "2 bad input."},
    "policy_region": {
        "zh": "区域：scenarios/regions/ 中的名称，或一个区域 YAML 文件",
        "en": "the region: a name in scenarios/regions/ or a region YAML file"},
    "policy_instrument": {
        "zh": "政策工具 PATH=VALUE（可重复），例如 policy.packaging_subsidy=0.5；与 --mac 或 --budget "
              "同用时，同一工具的多个取值构成搜索网格（默认：每个工具的预设网格）",
        "en": "a policy instrument PATH=VALUE (repeatable), e.g. policy.packaging_subsidy=0.5; with --mac "
              "or --budget the values given for each instrument are its grid of intensities (default: "
              "each instrument's own grid)"},
    "policy_shops": {
        "zh": "模拟的店铺数（区域的前 N 家，即随机样本；默认：全部）",
        "en": "shops to simulate (the region's first N: a random sample; default all)"},
    "policy_days": {
        "zh": "模拟天数（默认：区域文件中的天数）",
        "en": "days simulated (default: the region's horizon)"},
    "policy_scheduler": {
        "zh": "Dask 调度器地址，例如 tcp://主机:8786（默认：环境变量 ESG_SIM_SCHEDULER，否则本机工作进程）；"
              "需要 requirements-dask.txt",
        "en": "a Dask scheduler address such as tcp://HOST:8786 (default: the ESG_SIM_SCHEDULER "
              "environment variable, else local worker processes); needs requirements-dask.txt"},
    "policy_json": {
        "zh": '输出 JSON 而不是表格，至少包含 "shops"、"tonnes_avoided"、"public_spend_cny"、'
              '"cost_per_tonne_cny"、"adoption"、"by_group"（NaN 输出为 null）',
        "en": 'print JSON instead of the tables, with at least "shops", "tonnes_avoided", '
              '"public_spend_cny", "cost_per_tonne_cny", "adoption" and "by_group" (NaN becomes null)'},
    "policy_mac": {
        "zh": "边际减排成本曲线：每个工具的每个强度单独运行一次（共享无政策情形）",
        "en": "the marginal abatement cost curve: one run per instrument and intensity (sharing the "
              "no-policy runs)"},
    "policy_budget": {
        "zh": "财政预算（元）：在预算内减排最多的政策组合及次优组合",
        "en": "a public budget (CNY): the policy mix that avoids the most within it, and the runner-up"},
    "policy_err_budget": {
        "zh": "{text} 不是非负的金额（元）",
        "en": "{text} is not a non-negative amount of CNY"},
    "policy_err_no_instrument": {
        "zh": "--instrument：至少给出一个政策工具 PATH=VALUE（或使用 --mac / --budget）",
        "en": "--instrument: give at least one policy instrument PATH=VALUE (or --mac / --budget)"},
    "policy_err_shops": {
        "zh": "--shops {n}：区域 {region} 只有 {N} 家店铺",
        "en": "--shops {n}: region {region} has only {N} shops"},
    "policy_err_backend": {
        "zh": "无法运行：{error}",
        "en": "the run could not be made: {error}"},
    "policy_unit_shops": {"zh": "家店铺", "en": "shops"},
    "policy_title": {
        "zh": "区域 {region}：模拟 {n} 家 / 共 {N} 家店铺（权重 {w}），{days} 天，种子 {seed}；"
              "政策：{policy}",
        "en": "Region {region}: {n} of {N} shops simulated (weight {w}), {days} days, seed {seed}; "
              "policy: {policy}"},
    "policy_method": {
        "zh": "每家店在相同随机数下对比有无政策；合计为模拟期内的区域总量；95% 区间来自店铺之间的差异。",
        "en": "Each shop with and without the policy on the same random numbers; totals are the region's "
              "over the horizon; 95% intervals from the variation between shops."},
    "policy_col_quantity": {"zh": "指标", "en": "quantity"},
    "policy_col_value": {"zh": "数值", "en": "value"},
    "policy_col_ci": {"zh": "95% 区间", "en": "95% interval"},
    "policy_row_tonnes": {"zh": "减排量（吨 CO2e）", "en": "Tonnes CO2e avoided"},
    "policy_row_carbon_base": {"zh": "无政策排放（吨 CO2e）", "en": "Carbon without the policy (t CO2e)"},
    "policy_row_carbon_policy": {"zh": "有政策排放（吨 CO2e）", "en": "Carbon with the policy (t CO2e)"},
    "policy_row_spend": {"zh": "财政支出（补贴，元）", "en": "Public spend (subsidies, CNY)"},
    "policy_row_revenue": {"zh": "碳价收入（元）", "en": "Carbon-price revenue (CNY)"},
    "policy_row_net_cost": {"zh": "财政净成本（元）", "en": "Net public cost (CNY)"},
    "policy_row_profit": {"zh": "店铺利润变化（元）", "en": "Shops' profit change (CNY)"},
    "policy_row_public_per_t": {"zh": "每吨财政成本（元/吨）", "en": "Public cost per tonne (CNY/t)"},
    "policy_row_total_per_t": {
        "zh": "每吨总成本（元/吨，财政净成本 + 店铺利润损失）",
        "en": "Total cost per tonne (CNY/t: net public cost + shops' profit loss)"},
    "policy_note_no_tonnes": {"zh": "没有减排", "en": "no tonnes avoided"},
    "policy_note_unbounded": {
        "zh": "减排量的区间包含 0，区间无界", "en": "the tonnes' interval reaches 0: unbounded"},
    "policy_note_one_shop": {"zh": "只有一家店，无区间", "en": "one shop: no interval"},
    "policy_spend_title": {
        "zh": "各工具的财政支出与额外性（额外部分 = 支付给因政策才采纳的店铺）",
        "en": "Public spend by instrument and additionality (additional = paid to shops the policy "
              "moved onto the lever)"},
    "policy_col_instrument": {"zh": "工具", "en": "instrument"},
    "policy_col_spend": {"zh": "财政支出（元）", "en": "public spend (CNY)"},
    "policy_col_shops_paid": {"zh": "获补贴店铺", "en": "shops paid"},
    "policy_col_additional": {"zh": "额外部分（元）", "en": "additional (CNY)"},
    "policy_col_additionality": {"zh": "额外性", "en": "additionality"},
    "policy_adoption_title": {"zh": "措施采纳率（全部店铺）", "en": "Adoption by lever (all shops)"},
    "policy_col_lever": {"zh": "措施", "en": "lever"},
    "policy_col_without": {"zh": "无政策", "en": "without"},
    "policy_col_with": {"zh": "有政策", "en": "with"},
    "policy_col_change": {"zh": "变化", "en": "change"},
    "policy_groups_title": {
        "zh": "按群体：减排、支出与利润变化（元/店：均值、分位数、受损比例）",
        "en": "By group: tonnes, spend and profit change (CNY per shop: mean, quantiles, share losing)"},
    "policy_col_group": {"zh": "群体", "en": "group"},
    "policy_col_shops": {"zh": "模拟店铺", "en": "shops"},
    "policy_col_tonnes": {"zh": "减排（吨）", "en": "tonnes"},
    "policy_col_profit_mean": {"zh": "利润变化均值", "en": "mean profit change"},
    "policy_col_median": {"zh": "中位数", "en": "median"},
    "policy_col_losing": {"zh": "受损比例", "en": "losing"},
    "policy_col_induced": {"zh": "新采纳比例", "en": "newly adopting"},
    "policy_group_all": {"zh": "全部", "en": "all"},
    "policy_size_micro": {"zh": "微型", "en": "micro"},
    "policy_size_small": {"zh": "小型", "en": "small"},
    "policy_size_medium": {"zh": "中型", "en": "medium"},
    "policy_area_rural": {"zh": "农村", "en": "rural"},
    "policy_area_urban": {"zh": "城市", "en": "urban"},
    "policy_labour_title": {"zh": "就业与员工流失", "en": "Jobs and staff turnover"},
    "policy_row_jobs": {"zh": "岗位数", "en": "Jobs"},
    "policy_row_quits": {"zh": "离职人数", "en": "Staff quits"},
    "policy_row_turnover": {"zh": "员工流失率（店铺均值）", "en": "Staff turnover (mean over shops)"},
    "policy_col_difference": {"zh": "差值", "en": "difference"},
    "policy_identities_ok": {
        "zh": "会计恒等式：{n} 项全部成立", "en": "Accounting identities: all {n} hold"},
    "policy_identities_bad": {
        "zh": "会计恒等式：{n} 项不成立：{names}", "en": "Accounting identities: {n} do not hold: {names}"},
    "policy_mac_title": {
        "zh": "边际减排成本曲线，区域 {region}：{n} 家店铺，{days} 天，种子 {seed}（每个工具单独运行）",
        "en": "Marginal abatement cost curve, region {region}: {n} shops, {days} days, seed {seed} (each "
              "instrument alone)"},
    "policy_col_intensity": {"zh": "强度", "en": "intensity"},
    "policy_col_public_per_t": {"zh": "每吨财政成本", "en": "public CNY/t"},
    "policy_col_total_per_t": {"zh": "每吨总成本", "en": "total CNY/t"},
    "policy_col_marginal_t": {"zh": "边际减排（吨）", "en": "marginal t"},
    "policy_col_marginal_per_t": {"zh": "边际每吨总成本", "en": "marginal total CNY/t"},
    "policy_col_step": {"zh": "强度变化", "en": "step"},
    "policy_col_cumulative_t": {"zh": "累计减排（吨）", "en": "cumulative t"},
    "policy_steps_title": {
        "zh": "按边际每吨成本排序的各步（成本从低到高；不减排的步骤列在最后）",
        "en": "The steps by marginal cost per tonne (cheapest first; steps that avoid nothing last)"},
    "policy_mix_title": {
        "zh": "区域 {region} 在 {budget} 元财政预算内的最佳政策组合（方法：{method}，{runs} 次区域运行）",
        "en": "Best policy mix for region {region} within a public budget of CNY {budget} (method: "
              "{method}, {runs} regional runs)"},
    "policy_mix_chosen": {
        "zh": "最佳：{mix}，减排 {tonnes} 吨，财政支出 {spend} 元",
        "en": "Best: {mix}: {tonnes} t avoided, public spend CNY {spend}"},
    "policy_mix_runner_up": {
        "zh": "次优：{mix}，减排 {tonnes} 吨，财政支出 {spend} 元",
        "en": "Runner-up: {mix}: {tonnes} t avoided, public spend CNY {spend}"},
    "policy_method_exhaustive": {"zh": "穷举所有组合", "en": "every combination"},
    "policy_method_greedy": {
        "zh": "按边际减排成本曲线贪心选择，再完整运行验证",
        "en": "greedy on the MAC steps, verified by full runs"},
    "policy_mix_none": {"zh": "无政策（没有在预算内且能减排的组合）",
                        "en": "no policy (no mix within the budget avoids carbon)"},
    "policy_col_mix": {"zh": "组合", "en": "mix"},
    "policy_col_feasible": {"zh": "预算内", "en": "within budget"},
    "policy_yes": {"zh": "是", "en": "yes"},
    "policy_no": {"zh": "否", "en": "no"},
}
