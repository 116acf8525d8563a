"""Strings of the charts area: titles, axis labels, series names (see simulation/strings/__init__.py).

Channel names come from ``simulation.scenario.CHANNEL_LABELS`` and KPI names from
``KPI_LABELS``; only what the model does not label (organic traffic, ledger items, daily
series) is here.
"""

TEXT: dict[str, dict[str, str]] = {
    # --- shared axis, legend and tooltip titles
    "scenario": {"zh": "情景", "en": "Scenario"},
    "day": {"zh": "模拟天数", "en": "Day"},
    "mean": {"zh": "均值", "en": "Mean"},
    "band_low": {"zh": "5% 分位数", "en": "5th percentile"},
    "band_high": {"zh": "95% 分位数", "en": "95th percentile"},
    "ci_low": {"zh": "95% 置信区间下限", "en": "95% CI, lower"},
    "ci_high": {"zh": "95% 置信区间上限", "en": "95% CI, upper"},
    "replications": {"zh": "重复次数", "en": "Replications"},
    "with_unit": {"zh": "{label}（{unit}）", "en": "{label} ({unit})"},
    "rolling": {"zh": "{label}（{days} 日滚动平均）", "en": "{label} ({days}-day rolling mean)"},
    "cumulative": {"zh": "累计{label}", "en": "Cumulative {label}"},
    "band_note": {"zh": "线为各次重复的均值，阴影为 90% 区间（5%–95% 分位数）",
                  "en": "Line: mean over replications; shading: 90% band (5th–95th percentile)"},
    "ci_note": {"zh": "误差线为 95% 置信区间（t 分布，基于各次重复）",
                "en": "Error bars: 95% confidence interval (t, over replications)"},
    # --- daily series (over_time)
    "series_active_customers": {"zh": "活跃客户数", "en": "Active customers"},
    "series_on_time_rate": {"zh": "准时送达率", "en": "On-time delivery rate"},
    "series_queue_start": {"zh": "待拣货订单（每日开始时）",
                           "en": "Orders waiting to be packed (start of day)"},
    "series_packers": {"zh": "打包员人数", "en": "Packers"},
    "series_cs_agents": {"zh": "客服人数", "en": "Customer-service agents"},
    "series_staff": {"zh": "员工人数（打包 + 客服）", "en": "Staff (packers + customer service)"},
    "series_trust": {"zh": "品牌信任度", "en": "Brand trust"},
    "series_carbon_kg_total": {"zh": "碳排放（kg CO₂e）", "en": "Carbon (kg CO₂e)"},
    "series_profit_cny": {"zh": "利润（元）", "en": "Profit (CNY)"},
    "series_revenue_cny": {"zh": "收入（元）", "en": "Revenue (CNY)"},
    "series_cost_total_cny": {"zh": "总成本（元）", "en": "Total cost (CNY)"},
    "series_orders": {"zh": "订单数", "en": "Orders"},
    "series_new_customers": {"zh": "新客数", "en": "New customers"},
    # --- cohort curves
    "cohort_title": {"zh": "新客复购曲线（按首单月份分组）",
                     "en": "Repeat purchases of new customers, by month of first order"},
    "cohort_x": {"zh": "首单后第几个月", "en": "Months since first order"},
    "cohort_y": {"zh": "当月再次下单的比例", "en": "Share who ordered again that month"},
    "cohort_n": {"zh": "参与平均的群组数", "en": "Cohorts averaged"},
    "cohort_note": {"zh": "各首单月份群组等权平均，只计入完整观察到的月份；阴影为各次重复的 90% 区间",
                    "en": "Cohorts weighted equally, fully observed months only; shading: 90% band "
                          "over replications"},
    # --- acquisition by channel
    "acquisition_title": {"zh": "各渠道带来的新客（整个模拟期）",
                          "en": "New customers by channel (whole horizon)"},
    "channel": {"zh": "渠道", "en": "Channel"},
    "new_customers": {"zh": "新客数（人）", "en": "New customers"},
    "channel_organic": {"zh": "自然流量", "en": "Organic"},
    # --- breakdowns
    "carbon_source_title": {"zh": "碳排放来源", "en": "Carbon by source"},
    "carbon_scope_title": {"zh": "按范围划分的碳排放", "en": "Carbon by scope"},
    "cost_title": {"zh": "成本构成", "en": "Costs by category"},
    "source": {"zh": "排放来源", "en": "Source"},
    "scope": {"zh": "排放范围", "en": "Scope"},
    "category": {"zh": "成本类别", "en": "Category"},
    "carbon_axis": {"zh": "碳排放（kg CO₂e）", "en": "Carbon (kg CO₂e)"},
    "money_axis": {"zh": "金额（元）", "en": "Amount (CNY)"},
    "carbon_source_packaging": {"zh": "包装", "en": "Packaging"},
    "carbon_source_transport_linehaul": {"zh": "干线运输", "en": "Line-haul transport"},
    "carbon_source_transport_lastmile": {"zh": "末端配送", "en": "Last-mile delivery"},
    "carbon_source_transport_redelivery": {"zh": "二次配送", "en": "Redelivery"},
    "carbon_source_transport_returns": {"zh": "退货运输", "en": "Return shipping"},
    "carbon_source_warehouse": {"zh": "仓储", "en": "Warehouse"},
    "carbon_scope_scope1": {"zh": "范围一（直接排放）", "en": "Scope 1 (direct)"},
    "carbon_scope_scope2": {"zh": "范围二（外购电力）", "en": "Scope 2 (purchased electricity)"},
    "carbon_scope_scope3": {"zh": "范围三（价值链）", "en": "Scope 3 (value chain)"},
    "cost_goods": {"zh": "商品成本", "en": "Cost of goods"},
    "cost_commission": {"zh": "平台佣金", "en": "Platform commission"},
    "cost_marketing": {"zh": "营销费用", "en": "Marketing"},
    "cost_membership": {"zh": "会员服务", "en": "Membership service"},
    "cost_packaging": {"zh": "包装", "en": "Packaging"},
    "cost_delivery": {"zh": "快递配送", "en": "Delivery"},
    "cost_wages": {"zh": "员工工资", "en": "Wages"},
    "cost_overheads": {"zh": "运营固定开支", "en": "Operating overheads"},
    "cost_hiring_training": {"zh": "招聘与培训", "en": "Hiring and training"},
    "cost_audits": {"zh": "供应商审核", "en": "Supplier audits"},
    "cost_esg_programmes": {"zh": "ESG 项目", "en": "ESG programmes"},
    "cost_offsets": {"zh": "购买碳抵消", "en": "Carbon offsets"},
    "cost_carbon_price": {"zh": "碳价成本", "en": "Carbon price"},
    "cost_subsidies": {"zh": "政府补贴（冲减成本）", "en": "Subsidies (reduce cost)"},
    # --- KPI bars
    "kpi_note": {"zh": "柱为各次重复的均值，误差线为 95% 置信区间",
                 "en": "Bars: mean over replications; error bars: 95% confidence interval"},
    # --- waterfall
    "waterfall_title": {"zh": "相对基准情景的成本变化", "en": "Change in cost against the baseline"},
    "waterfall_title_named": {"zh": "成本变化：{scenario} 相对 {baseline}",
                              "en": "Change in cost: {scenario} against {baseline}"},
    "waterfall_note": {"zh": "各成本类别的变化（各次重复的均值之差），最后一柱为总成本的变化；"
                             "补贴增加时成本减少",
                       "en": "The change in each cost category (difference of the means over "
                             "replications), then the change in total cost; more subsidy lowers "
                             "cost"},
    "waterfall_none": {"zh": "没有可比较的情景", "en": "No scenario to compare"},
    "waterfall_step": {"zh": "成本类别", "en": "Cost category"},
    "waterfall_total": {"zh": "总成本变化", "en": "Change in total cost"},
    "waterfall_axis": {"zh": "成本变化（元）", "en": "Change in cost (CNY)"},
    "waterfall_change": {"zh": "变化", "en": "Change"},
    "waterfall_running": {"zh": "累计变化（元）", "en": "Running change (CNY)"},
    "waterfall_kind": {"zh": "类型", "en": "Type"},
    "waterfall_increase": {"zh": "成本增加", "en": "Cost up"},
    "waterfall_decrease": {"zh": "成本减少", "en": "Cost down"},
    # --- response curves
    "response_title": {"zh": "营销投入的响应曲线", "en": "Marketing response curves"},
    "response_note": {"zh": "稳态估计（信任度为 1，不含大促）；圆点为当前月投入。"
                            "私域/CRM 不带来新客（它提升复购），因此不在图中。",
                      "en": "Steady state (trust 1, no festivals); the dot is the current monthly "
                            "spend. Private domain / CRM brings no new customers (it lifts "
                            "repurchase), so it is not shown."},
    "response_x": {"zh": "月投入（元）", "en": "Monthly spend (CNY)"},
    "response_y": {"zh": "每月新客（人）", "en": "New customers a month"},
    "response_current": {"zh": "当前投入", "en": "Current spend"},
    # --- trade-off
    "tradeoff_title": {"zh": "成本与碳排放的权衡", "en": "Cost and carbon trade-off"},
    "tradeoff_note": {"zh": "点的大小表示{size}；误差线为 95% 置信区间",
                      "en": "Point size: {size}; error bars: 95% confidence intervals"},
    # --- chart downloads (under a chart)
    "download": {"zh": "下载图表", "en": "Download chart"},
    "download_help": {"zh": "把此图表保存为图片：PNG（位图）或 SVG（矢量图，可无损缩放）。",
                      "en": "Save this chart as a picture: PNG (bitmap) or SVG (vector, scales "
                            "without loss)."},
    "download_png": {"zh": "PNG 图片", "en": "PNG image"},
    "download_svg": {"zh": "SVG 矢量图", "en": "SVG vector image"},
}
