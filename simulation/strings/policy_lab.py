"""Strings of the policy_lab area (see simulation/strings/__init__.py): the regional policy lab
page (``ui/policy_lab.py``), its tables and charts (``ui/policy_lab_tables.py``) and its report
(``ui/report/policy_lab.py``)."""

TEXT: dict[str, dict[str, str]] = {
    # -- the page -------------------------------------------------------------------------------
    "nav": {"zh": "政策实验室", "en": "Policy lab"},
    "way": {"zh": "面向一个地区的成千上万家网店：设定补贴、碳价、披露要求等政策工具，看减排量、财政成本、"
                  "每吨成本，以及谁采用、谁受益、谁受损；附边际减排成本曲线。",
            "en": "A whole region of shops: set subsidies, a carbon price, a disclosure mandate "
                  "and more, and see tonnes avoided, public cost, cost per tonne, and who adopts, "
                  "gains and loses; with the marginal abatement cost curve."},
    "title": {"zh": "政策实验室", "en": "Policy lab"},
    "intro": {"zh": "政策面对的不是一家网店，而是一个地区成千上万家品类、规模和能力各不相同的网店。"
                    "选择一个地区和若干政策工具：每家网店按简单的盈利估算和自身能力决定是否采用各项措施，"
                    "再与同一家网店在没有政策时（相同随机数）的完整模拟比较，得出减排量、财政支出、"
                    "每吨成本，以及谁采用、谁受益、谁受损。",
              "en": "Policy does not govern one shop but a region of thousands of shops of "
                    "different categories, sizes and capabilities. Choose a region and some "
                    "instruments: each shop decides which practices to adopt from a quick profit "
                    "estimate and its capability, and is then simulated in full against the same "
                    "shop without the policy (common random numbers): tonnes avoided, public "
                    "spend, cost per tonne, and who adopts, gains and loses."},
    "region_heading": {"zh": "地区", "en": "Region"},
    "region": {"zh": "地区", "en": "Region"},
    "region_help": {"zh": "地区文件（`scenarios/regions/` 下的 YAML）规定网店数量以及抽取网店的各项分布，"
                          "每项都注明来源或标为假设。",
                    "en": "A region file (YAML in `scenarios/regions/`) gives the number of shops "
                          "and the distributions they are drawn from, each with its source or "
                          "marked an assumption."},
    "region_facts": {"zh": "地区共有 {shops} 家网店；默认模拟期 {days} 天。",
                     "en": "The region has {shops} shops; default horizon {days} days."},
    "no_regions": {"zh": "没有找到任何地区文件（`scenarios/regions/`），无法运行政策实验室。",
                   "en": "No region file was found (`scenarios/regions/`): the policy lab cannot "
                         "run."},
    "region_bad": {"zh": "无法读取地区“{name}”：{error}",
                   "en": "The region '{name}' cannot be read: {error}"},
    "instruments_heading": {"zh": "政策工具", "en": "Instruments"},
    "instruments_note": {"zh": "默认全部关闭。打开一项并设定力度；可以组合多项。",
                         "en": "All off by default. Turn one on and set its intensity; any "
                               "combination is allowed."},
    "instrument_on": {"zh": "启用：{label}", "en": "Use: {label}"},
    "instrument_value": {"zh": "{label}（{unit}）", "en": "{label} ({unit})"},
    "instrument_percent": {"zh": "{label}（%）", "en": "{label} (%)"},
    "instrument_bad": {"zh": "政策工具的设置有误：{error}",
                       "en": "An instrument's setting is not valid: {error}"},
    "no_instrument": {"zh": "尚未启用任何政策工具：结果将只显示无政策时的情况（减排量为零）。",
                      "en": "No instrument is on: the result shows the region without a policy "
                            "(nothing avoided)."},
    "settings_heading": {"zh": "运行设置", "en": "Run settings"},
    "shops": {"zh": "模拟的网店数", "en": "Shops simulated"},
    "shops_help": {"zh": "从地区中抽取并模拟的网店数（{lo} 至 {hi}）。结果按地区网店总数放大，"
                         "区间反映网店之间的差异；网店越多，区间越窄，运行越慢。",
                   "en": "How many of the region's shops are drawn and simulated ({lo} to {hi}). "
                         "Results are scaled up to the region's number of shops and the "
                         "interval reflects the differences between shops: more shops, a "
                         "narrower interval, a longer run."},
    "shops_region_cap": {"zh": "该地区只有 {n} 家网店，最多模拟 {n} 家。",
                         "en": "This region has only {n} shops: at most {n} can be simulated."},
    "days": {"zh": "模拟天数", "en": "Horizon (days)"},
    "days_help": {"zh": "每家网店模拟的天数（{lo} 至 {hi}）。",
                  "en": "Days each shop is simulated ({lo} to {hi})."},
    "seed": {"zh": "随机种子", "en": "Seed"},
    "seed_help": {"zh": "同一种子下，第 i 家网店在每次运行中都是同一家网店（共同随机数）。",
                  "en": "With one seed, shop i is the same shop in every run (common random "
                        "numbers)."},
    "budget_on": {"zh": "按财政预算搜索最佳政策组合", "en": "Search the best policy mix for a budget"},
    "budget": {"zh": "每年财政预算（元）", "en": "Public budget a year (CNY)"},
    "budget_help": {"zh": "在这个预算内，搜索减排量最大的政策工具组合（与边际减排成本曲线一起运行）。",
                    "en": "Within this budget, the mix of instruments that avoids the most "
                          "carbon is searched (it runs with the marginal abatement cost curve)."},
    "run": {"zh": "运行政策实验", "en": "Run the policy lab"},
    "run_note": {"zh": "将模拟 {n} 家网店，每家两次（有政策与无政策），每次 {days} 天，"
                       "约 {orders} 笔订单。运行在后台进行，可以随时取消。",
                 "en": "Simulates {n} shops twice each (with and without the policy) over "
                       "{days} days, about {orders} orders. It runs in the background and can "
                       "be cancelled at any time."},
    "press": {"zh": "设置好地区和政策工具后，点击“运行政策实验”。",
              "en": "Set the region and the instruments, then press 'Run the policy lab'."},
    "stale": {"zh": "设置已改变：下方结果属于上一次运行。点击“运行政策实验”更新。",
              "en": "The settings have changed: the result below is from the previous run. "
                    "Press 'Run the policy lab' to update it."},
    "failed": {"zh": "政策实验未能完成：{error}", "en": "The policy lab could not run: {error}"},
    "cancelled": {"zh": "已取消（取消前已模拟 {done} 次）。", "en": "Cancelled (after {done} simulations)."},
    "limit_orders": {"zh": "这次实验约需模拟 {orders} 笔订单，超过服务器单次上限 {limit}。"
                           "请减少网店数或天数。",
                     "en": "This run would simulate about {orders} orders, beyond the server's "
                           "limit of {limit} for one request. Simulate fewer shops or days."},

    # -- results --------------------------------------------------------------------------------
    "result_heading": {"zh": "结果：{region}", "en": "Result: {region}"},
    "result_note": {"zh": "模拟了 {n} 家网店（地区共 {total} 家），每家 {days} 天；"
                          "结果按地区总数放大。政策：{policy}。",
                    "en": "{n} shops simulated (of {total} in the region), {days} days each; "
                          "results scaled up to the whole region. Policy: {policy}."},
    "no_policy": {"zh": "无（未启用政策工具）", "en": "none (no instrument on)"},
    "card_tonnes": {"zh": "减排量", "en": "Carbon avoided"},
    "card_tonnes_unit": {"zh": "{value} 吨 CO₂e", "en": "{value} t CO₂e"},
    "card_interval": {"zh": "95% 区间 {lo} 至 {hi}", "en": "95% interval {lo} to {hi}"},
    "card_spend": {"zh": "财政支出", "en": "Public spend"},
    "card_spend_note": {"zh": "另有碳价收入 {revenue}", "en": "plus carbon-price revenue {revenue}"},
    "card_public_cost": {"zh": "每吨财政成本", "en": "Public cost per tonne"},
    "card_total_cost": {"zh": "每吨总成本", "en": "Total cost per tonne"},
    "card_total_note": {"zh": "财政支出加网店利润损失", "en": "public spend plus the shops' profit loss"},
    "per_tonne": {"zh": "{value}/吨", "en": "{value}/t"},
    "headline": {"zh": "政策在 {days} 天内减排 {tonnes} 吨 CO₂e（95% 区间 {lo} 至 {hi}），财政支出 {spend}。",
                 "en": "Over {days} days the policy avoids {tonnes} t CO₂e (95% interval {lo} "
                       "to {hi}) for {spend} of public money."},
    "headline_cost": {"zh": "每吨财政成本 {public}，每吨总成本（含网店利润变化）{total}。",
                      "en": "Public cost per tonne {public}; total cost per tonne (with the "
                            "shops' profit change) {total}."},
    "headline_nothing": {"zh": "政策在 {days} 天内没有带来可测的减排"
                               "（{tonnes} 吨 CO₂e，95% 区间 {lo} 至 {hi}）。",
                         "en": "Over {days} days the policy avoids no measurable carbon ({tonnes} "
                               "t CO₂e, 95% interval {lo} to {hi})."},
    "headline_adoption": {"zh": "采用率变化最大的措施：{lever}，{base} → {policy}。",
                          "en": "The practice whose adoption moves most: {lever}, {base} → "
                                "{policy}."},
    "headline_losers": {"zh": "{share} 的网店利润下降。", "en": "{share} of the shops lose profit."},
    "headline_additional": {"zh": "{share} 的补贴付给了没有政策也会采用相应措施的网店（非额外性）。",
                            "en": "{share} of the subsidy went to shops that would have adopted "
                                  "the practice anyway (not additional)."},
    "headline_identities": {"zh": "全部核算恒等式成立（{n} 项）。",
                            "en": "Every accounting identity holds ({n})."},
    "headline_identities_failed": {"zh": "有 {k} 项核算恒等式不成立（共 {n} 项），请查看下方表格。",
                                   "en": "{k} of {n} accounting identities fail; see the table "
                                         "below."},
    "adoption_heading": {"zh": "各项措施的采用率", "en": "Adoption by practice"},
    "adoption_note": {"zh": "地区网店中采用各项措施的比例：无政策与有政策。",
                      "en": "The share of the region's shops using each practice, without and "
                            "with the policy."},
    "adoption_chart_title": {"zh": "采用率：无政策与有政策", "en": "Adoption without and with the policy"},
    "group_heading": {"zh": "分组结果", "en": "By group"},
    "group_by": {"zh": "分组方式", "en": "Group by"},
    "group_category": {"zh": "品类", "en": "Category"},
    "group_size_band": {"zh": "规模", "en": "Size"},
    "group_area": {"zh": "城乡", "en": "Urban / rural"},
    "size_micro": {"zh": "微型", "en": "Micro"},
    "size_small": {"zh": "小型", "en": "Small"},
    "size_medium": {"zh": "中型", "en": "Medium"},
    "area_urban": {"zh": "城市", "en": "Urban"},
    "area_rural": {"zh": "农村", "en": "Rural"},
    "on": {"zh": "开启", "en": "on"},
    "off": {"zh": "关闭", "en": "off"},
    "note_no_tonnes_avoided": {"zh": "没有减排，无法计算每吨成本",
                               "en": "nothing avoided: no cost per tonne"},
    "note_interval_unbounded": {"zh": "减排量的区间包含零，每吨成本的区间无界",
                                "en": "the tonnes' interval reaches zero: the cost's interval is unbounded"},
    "note_one_shop": {"zh": "只模拟了一家网店，无法给出区间", "en": "one shop simulated: no interval"},
    "col_profit_total": {"zh": "利润变化合计（元）", "en": "Total profit change (CNY)"},
    "col_additional": {"zh": "额外部分（元）", "en": "Additional (CNY)"},
    "net_row": {"zh": "净财政成本", "en": "Net public cost"},
    "labour_jobs": {"zh": "岗位数（打包与客服）", "en": "Jobs (packers and service agents)"},
    "labour_quits": {"zh": "员工离职人数", "en": "Staff quits"},
    "labour_staff_turnover_rate": {"zh": "员工流失率（网店平均）", "en": "Staff turnover (mean over shops)"},
    "all_shops": {"zh": "全部网店", "en": "All shops"},
    "profit_heading": {"zh": "利润变化的分布：谁受益、谁受损", "en": "Profit change: who gains, who loses"},
    "profit_chart_title": {"zh": "每家网店的利润变化（按{group}）",
                           "en": "Each shop's profit change (by {group})"},
    "profit_axis": {"zh": "利润变化（元）", "en": "Profit change (CNY)"},
    "profit_note": {"zh": "每个点是一家模拟的网店（有政策减无政策，同一随机数）；"
                          "方框为四分位区间，线为中位数。",
                    "en": "Each dot is one simulated shop (with minus without the policy, on the "
                          "same random numbers); the box spans the quartiles, the line is the "
                          "median."},
    "adoption_group_title": {"zh": "按{group}的采用率：{lever}", "en": "Adoption by {group}: {lever}"},
    "adoption_group_lever": {"zh": "措施", "en": "Practice"},
    "any_lever": {"zh": "任一新措施", "en": "Any practice"},
    "share_axis": {"zh": "采用率", "en": "Adoption"},
    "series_base": {"zh": "无政策", "en": "Without policy"},
    "series_policy": {"zh": "有政策", "en": "With policy"},
    "tables_heading": {"zh": "表格", "en": "Tables"},
    "tab_adoption": {"zh": "采用率", "en": "Adoption"},
    "tab_groups": {"zh": "分组", "en": "By group"},
    "tab_spend": {"zh": "财政支出", "en": "Public spend"},
    "tab_additionality": {"zh": "额外性", "en": "Additionality"},
    "tab_jobs": {"zh": "就业", "en": "Jobs"},
    "tab_identities": {"zh": "核算恒等式", "en": "Identities"},
    "col_lever": {"zh": "措施", "en": "Practice"},
    "col_group": {"zh": "组别", "en": "Group"},
    "col_base": {"zh": "无政策", "en": "Without policy"},
    "col_policy": {"zh": "有政策", "en": "With policy"},
    "col_change": {"zh": "变化", "en": "Change"},
    "col_shops": {"zh": "模拟网店数", "en": "Shops simulated"},
    "col_adopters": {"zh": "新采用网店比例", "en": "Shops adopting more"},
    "col_tonnes": {"zh": "减排量（吨 CO₂e）", "en": "Avoided (t CO₂e)"},
    "col_profit_median": {"zh": "利润变化中位数（元）", "en": "Median profit change (CNY)"},
    "col_losers": {"zh": "利润下降的网店", "en": "Shops losing profit"},
    "col_instrument": {"zh": "政策工具", "en": "Instrument"},
    "col_spend": {"zh": "财政支出（元）", "en": "Public spend (CNY)"},
    "col_share": {"zh": "占比", "en": "Share"},
    "col_paid": {"zh": "已付补贴（元）", "en": "Subsidy paid (CNY)"},
    "col_anyway": {"zh": "付给本来就会采用者（元）", "en": "Paid for what shops did anyway (CNY)"},
    "col_nonadditional": {"zh": "非额外比例", "en": "Not additional"},
    "col_identity": {"zh": "恒等式", "en": "Identity"},
    "col_left": {"zh": "左边", "en": "Left side"},
    "col_right": {"zh": "右边", "en": "Right side"},
    "col_holds": {"zh": "是否成立", "en": "Holds"},
    "col_item": {"zh": "项目", "en": "Item"},
    "col_value": {"zh": "数值", "en": "Value"},
    "col_ci": {"zh": "95% 区间", "en": "95% interval"},
    "holds_yes": {"zh": "成立", "en": "yes"},
    "holds_no": {"zh": "不成立", "en": "no"},
    "revenue_row": {"zh": "碳价收入", "en": "Carbon-price revenue"},
    "total_row": {"zh": "合计", "en": "Total"},
    "spend_none": {"zh": "这项政策没有财政支出。", "en": "This policy spends no public money."},
    "downloads_heading": {"zh": "下载数据（CSV）", "en": "Download the data (CSV)"},
    "download_shops": {"zh": "每家网店", "en": "Each shop"},
    "download_json": {"zh": "完整结果（JSON）", "en": "Full result (JSON)"},
    "footer": {"zh": "模型版本 {model} · 种子 {seed} · 模拟 {n} 家网店 · {days} 天",
               "en": "Model {model} · seed {seed} · {n} shops simulated · {days} days"},

    # -- the MAC curve and the best mix -----------------------------------------------------------
    "mac_heading": {"zh": "边际减排成本曲线", "en": "Marginal abatement cost curve"},
    "mac_intro": {"zh": "每项政策工具单独以几个力度运行（共 {n} 项政策，每项模拟 {shops} 家网店）。"
                        "从一个力度提高到下一个力度是一根柱：柱宽为新增减排量，柱高为每多减一吨的成本，"
                        "从低到高排列。",
                  "en": "Runs each instrument alone at a few intensities ({n} policies, {shops} "
                        "shops each). Each step from one intensity to the next is a bar: its "
                        "width the carbon it adds, its height the cost per extra tonne; "
                        "cheapest first."},
    "mac_run": {"zh": "计算边际减排成本曲线", "en": "Compute the MAC curve"},
    "mac_press": {"zh": "点击“计算边际减排成本曲线”：它会运行多项政策，耗时比单次实验长。",
                  "en": "Press 'Compute the MAC curve': it runs many policies and takes longer "
                        "than one run."},
    "mac_failed": {"zh": "边际减排成本曲线未能完成：{error}",
                   "en": "The marginal abatement cost curve could not be computed: {error}"},
    "mac_chart_title": {"zh": "边际减排成本曲线", "en": "Marginal abatement cost curve"},
    "mac_x": {"zh": "累计减排量（吨 CO₂e）", "en": "Cumulative carbon avoided (t CO₂e)"},
    "mac_y_public": {"zh": "边际每吨财政成本（元/吨）", "en": "Marginal public cost per tonne (CNY/t)"},
    "mac_y_total": {"zh": "边际每吨总成本（元/吨）", "en": "Marginal total cost per tonne (CNY/t)"},
    "mac_by": {"zh": "成本口径", "en": "Cost counted"},
    "mac_by_public": {"zh": "财政支出", "en": "Public spend"},
    "mac_by_total": {"zh": "总成本（含网店利润变化）", "en": "Total cost (with the shops' profit change)"},
    "mac_note": {"zh": "不带来新增减排的步骤不在图中；负成本表示净收入或网店获益。",
                 "en": "Steps that avoid no more carbon are left out; a negative cost is a net "
                       "gain (revenue, or the shops' profit)."},
    "mac_empty": {"zh": "没有一项政策带来减排，无法画出曲线。",
                  "en": "No policy avoids any carbon: there is no curve to draw."},
    "mac_table": {"zh": "各政策的减排量与成本", "en": "Each policy's carbon avoided and cost"},
    "col_intensity": {"zh": "力度", "en": "Intensity"},
    "col_public_cost": {"zh": "每吨财政成本（元）", "en": "Public cost per tonne (CNY)"},
    "col_total_cost": {"zh": "每吨总成本（元）", "en": "Total cost per tonne (CNY)"},
    "best_heading": {"zh": "预算内的最佳政策组合", "en": "The best policy mix within the budget"},
    "best_line": {"zh": "预算 {budget} 内：{policy}，减排 {tonnes} 吨 CO₂e，财政支出 {spend}。",
                  "en": "Within {budget}: {policy}, avoiding {tonnes} t CO₂e for {spend} of "
                        "public money."},
    "best_none": {"zh": "在预算 {budget} 内找不到能减排的政策组合。",
                  "en": "No policy mix within {budget} avoids any carbon."},

    # -- the report -------------------------------------------------------------------------------
    "report_title": {"zh": "地区政策实验报告", "en": "Regional policy lab report"},
    "report_subtitle": {"zh": "地区：{region}", "en": "Region: {region}"},
    "fact_region": {"zh": "地区", "en": "Region"},
    "fact_policy": {"zh": "政策", "en": "Policy"},
    "fact_shops": {"zh": "模拟网店数", "en": "Shops simulated"},
    "fact_region_shops": {"zh": "地区网店总数", "en": "Shops in the region"},
    "sec_headline": {"zh": "主要结果", "en": "Headline results"},
    "sec_method": {"zh": "方法", "en": "Method"},
    "method_text": {"zh": "从地区的分布中按种子抽取网店（第 i 家网店在每次运行中相同）。"
                          "每家网店按简单的盈利估算"
                          "（回收期内的利润变化，按门槛收益率折现）和自身能力决定采用哪些措施；然后对同一家网店"
                          "在有政策和无政策下各做一次完整模拟（相同随机数）。地区总量为样本均值乘以地区网店数，"
                          "区间为网店间差异的 95% t 区间。",
                    "en": "Shops are drawn from the region's distributions with one seed (shop i "
                          "is the same shop in every run). Each shop adopts practices by a quick "
                          "profit estimate (the profit change over a payback horizon, discounted "
                          "at a hurdle rate) damped by its capability; then the same shop is "
                          "simulated in full with and without the policy, on the same random "
                          "numbers. Region totals are the sample mean times the region's shops; "
                          "intervals are 95% t-intervals from the differences between shops."},
}
