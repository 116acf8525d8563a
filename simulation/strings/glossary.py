"""The glossary: what every KPI and key term means, how it is computed (the formulas of
``simulation/metrics.py``) and its unit. ``m_<kpi>`` is the meaning, ``f_<kpi>`` the formula;
``term_<t>``/``m_term_<t>``/``f_term_<t>`` the same for the key terms. Shown on the methodology
page and in each KPI's help (``ui.i18n.kpi_help``)."""

_KPI = {
    # name: ((meaning zh, formula zh), (meaning en, formula en))
    "orders": (("模拟期内顾客下的订单总数（含之后取消的）。", "下单笔数之和"),
               ("Orders customers placed over the horizon (cancelled ones included).",
                "count of orders placed")),
    "customers_acquired": (("模拟期内第一次购买的新顾客人数（所有渠道，含自然流量）。",
                            "首次下单的新顾客人数"),
                           ("New customers who made their first purchase over the horizon "
                            "(every channel, organic traffic included).",
                            "count of new customers' first orders")),
    "active_customers_end": (("期末仍处于活跃状态的顾客：最近一次购买在活跃窗口（默认 365 天）之内。",
                              "最近一次购买距期末不超过活跃窗口的顾客人数"),
                             ("Customers still active at the end: their last purchase lies within "
                              "the active window (365 days by default).",
                              "customers whose last order is within the active window of the end")),
    "repeat_purchase_rate": (("新顾客在首次购买后 365 天内再次购买的比例。",
                              "首单后 365 天内有第二单的新客 ÷ 新客（Kaplan–Meier 估计，"
                              "考虑尚未观察满 365 天的顾客）"),
                             ("Share of new customers who buy again within 365 days of their first "
                              "order.",
                              "new customers with a second order within 365 days ÷ new customers "
                              "(Kaplan–Meier estimate, allowing for customers not yet observed "
                              "for 365 days)")),
    "retention_90d": (("新顾客在首次购买后 90 天内再次购买的比例。",
                       "首单后 90 天内有第二单的新客 ÷ 首单距期末至少 90 天的新客"),
                      ("Share of new customers who buy again within 90 days of their first order.",
                       "new customers with a second order within 90 days ÷ new customers whose "
                       "first order is at least 90 days before the end")),
    "cac_cny": (("每获得一位付费渠道新客所花的营销费用。",
                 "付费获客渠道的营销支出 ÷ 付费渠道新客数"),
                ("Marketing spent per new customer won through the paid channels.",
                 "spend on the paid acquisition channels ÷ new customers from those channels")),
    "marketing_cny": (("模拟期内全部营销渠道的支出（含 ESG 内容与私域）。", "各渠道营销支出之和"),
                      ("Spending on every marketing channel over the horizon (ESG content and "
                       "private domain included).", "sum of the channels' marketing spend")),
    "revenue_cny": (("已发货订单的销售额减去退款。", "销售额 − 退款"),
                    ("Sales of the shipped orders less refunds.", "sales − refunds")),
    "cost_total_cny": (("所有成本之和：商品、包装、配送、平台佣金、员工、营销、审核、ESG 项目、"
                        "碳抵消与碳价等，扣除补贴。", "各成本类别之和 − 补贴"),
                       ("All costs: goods, packaging, delivery, platform commission, staff, "
                        "marketing, audits, ESG programmes, offsets and carbon price, less "
                        "subsidies.", "sum of the cost categories − subsidies")),
    "cost_per_order_cny": (("平均每张已发货订单的总成本。", "总成本 ÷ 已发货订单数"),
                           ("Total cost per shipped order.", "total cost ÷ orders shipped")),
    "profit_cny": (("收入减总成本。", "收入 − 总成本"),
                   ("Revenue less total cost.", "revenue − total cost")),
    "carbon_kg_total": (("包装、运输（干线、末端、重新派送、退货）和仓储的全部碳排放（抵消前）。",
                         "包装 + 运输 + 仓储碳排放"),
                        ("All carbon from packaging, transport (line-haul, last mile, "
                         "redelivery, returns) and the warehouse, before offsets.",
                         "packaging + transport + warehouse carbon")),
    "carbon_kg_per_order": (("平均每张已发货订单的碳排放。", "总碳排放 ÷ 已发货订单数"),
                            ("Carbon per shipped order.", "total carbon ÷ orders shipped")),
    "carbon_packaging_kg": (("包装材料的碳排放。", "每件包装碳排放 × 包裹数"),
                            ("Carbon of the packaging material.",
                             "packaging carbon per parcel × parcels")),
    "carbon_transport_kg": (("干线运输、末端配送、重新派送和退货运输的碳排放。",
                             "干线 + 末端 + 重新派送 + 退货运输碳排放"),
                            ("Carbon of line-haul, last-mile delivery, redelivery and return "
                             "transport.", "line-haul + last mile + redelivery + returns")),
    "carbon_warehouse_kg": (("仓库用电等仓储环节的碳排放。", "每单仓储碳排放 × 包裹数"),
                            ("Carbon of the warehouse (mainly electricity).",
                             "warehouse carbon per order × parcels")),
    "on_time_rate": (("按承诺时效送达的已发货订单比例。", "准时送达订单 ÷ 已发货订单"),
                     ("Share of shipped orders delivered within the promised time.",
                      "orders on time ÷ orders shipped")),
    "fulfilment_wait_hours_mean": (("订单下单后等待拣货打包开始的平均时间。",
                                    "各订单等待时长的平均值"),
                                   ("Mean time an order waits before pick/pack starts.",
                                    "mean of the orders' waiting times")),
    "staff_turnover_rate": (("一年内离职员工占平均在岗人数的比例（按年折算）。",
                             "离职人数 ÷ 平均在岗人数 × 365 ÷ 模拟天数"),
                            ("Staff who quit as a share of the average headcount, per year.",
                             "quits ÷ mean headcount × 365 ÷ horizon days")),
    "defect_rate": (("有质量瑕疵的已发货订单比例。", "瑕疵订单 ÷ 已发货订单"),
                    ("Share of shipped orders with a defect.", "defective orders ÷ orders shipped")),
    "satisfaction_mean": (("顾客对每一单体验的平均满意度（0 到 1）。", "各单满意度的平均值"),
                          ("Mean satisfaction with each order's experience (0 to 1).",
                           "mean of the orders' satisfaction")),
    "carbon_kg_net": (("扣除购买的碳抵消后的碳排放。", "总碳排放 × (1 − 抵消比例)"),
                      ("Carbon after the offsets bought.", "total carbon × (1 − offset share)")),
    "carbon_packaging_kg_per_parcel": (("平均每个包裹的包装碳排放。", "包装碳排放 ÷ 包裹数"),
                                       ("Packaging carbon per parcel.",
                                        "packaging carbon ÷ parcels")),
    "carbon_scope1_kg": (("直接排放（自有车辆、现场燃烧）；本模型中店铺没有此类排放，恒为 0。",
                          "0"),
                         ("Direct emissions (own vehicles, fuel burnt on site); the shop has "
                          "none in this model, so it is always 0.", "0")),
    "carbon_scope2_kg": (("外购电力等能源的间接排放，即仓储碳排放。", "仓储碳排放"),
                         ("Indirect emissions from bought electricity: the warehouse carbon.",
                          "warehouse carbon")),
    "carbon_scope3_kg": (("价值链上的其他间接排放：包装与运输。", "包装 + 运输碳排放"),
                         ("Other indirect emissions in the value chain: packaging and "
                          "transport.", "packaging + transport carbon")),
    "marketing_share_of_revenue": (("营销费用占收入的比例。", "营销费用 ÷ 收入"),
                                   ("Marketing spend as a share of revenue.",
                                    "marketing spend ÷ revenue")),
    "esg_share_of_budget": (("营销预算中投向 ESG 内容的份额。", "ESG 内容渠道的预算占比"),
                            ("Share of the marketing budget on ESG content.",
                             "the ESG-content channel's share of the budget")),
    "esg_spend_cny": (("ESG 相关支出：ESG 内容营销、供应商审核、ESG 项目和碳抵消。",
                       "ESG 内容营销 + 审核 + ESG 项目 + 碳抵消"),
                      ("ESG spending: ESG content marketing, supplier audits, ESG programmes "
                       "and offsets.", "ESG content + audits + ESG programmes + offsets")),
    "profit_margin": (("利润占收入的比例。", "利润 ÷ 收入"),
                      ("Profit as a share of revenue.", "profit ÷ revenue")),
    "orders_shipped": (("模拟期内已发货的订单数。", "已发货订单笔数"),
                       ("Orders shipped over the horizon.", "count of orders shipped")),
    "orders_cancelled": (("因等待过久等原因取消的订单数。", "取消订单笔数"),
                         ("Orders cancelled (for example after waiting too long).",
                          "count of orders cancelled")),
    "orders_in_progress_end": (("期末已下单但尚未发货的订单数。", "期末在途订单笔数"),
                               ("Orders placed but not yet shipped at the end.",
                                "count of orders in progress at the end")),
    "paid_customers_acquired": (("通过付费获客渠道（搜索、信息流、直播、社群、ESG 内容）获得的新客。",
                                 "付费渠道首单顾客人数"),
                                ("New customers won through the paid acquisition channels "
                                 "(search, feed, livestream, community, ESG content).",
                                 "count of first orders from paid channels")),
    "return_rate": (("被退回的已发货订单比例。", "退货订单 ÷ 已发货订单"),
                    ("Share of shipped orders returned.", "returned orders ÷ orders shipped")),
    "wrong_item_rate": (("发错货的已发货订单比例。", "错发订单 ÷ 已发货订单"),
                        ("Share of shipped orders with the wrong item.",
                         "wrong-item orders ÷ orders shipped")),
    "customer_value_180d_cny": (("一位新客首单后 180 天内带来的平均毛利贡献。",
                                 "首单后 180 天内订单的毛利之和 ÷ 可观察满 180 天的新客数"),
                                ("Mean contribution margin a new customer brings in the 180 days "
                                 "after the first order.",
                                 "margin of their orders within 180 days ÷ new customers "
                                 "observed for 180 days")),
    "repeat_purchase_rate_eco": (("环保型新客的复购率（定义同复购率）。",
                                  "与复购率相同，仅统计环保型新客"),
                                 ("Repeat-purchase rate of eco-minded new customers.",
                                  "as the repeat-purchase rate, eco-minded new customers only")),
    "repeat_purchase_rate_price": (("价格敏感型新客的复购率（定义同复购率）。",
                                    "与复购率相同，仅统计价格敏感型新客"),
                                   ("Repeat-purchase rate of price-sensitive new customers.",
                                    "as the repeat-purchase rate, price-sensitive new customers "
                                    "only")),
    "repeat_purchase_rate_convenience": (("便利型新客的复购率（定义同复购率）。",
                                          "与复购率相同，仅统计便利型新客"),
                                         ("Repeat-purchase rate of convenience-seeking new "
                                          "customers.",
                                          "as the repeat-purchase rate, convenience-seeking new "
                                          "customers only")),
    "churn_30d": (("每个 30 天周期开始时活跃（过去 180 天内有购买）的顾客中，到周期结束时已不再活跃的比例。",
                   "各周期流失人数之和 ÷ 各周期期初活跃人数之和"),
                  ("Of the customers active at the start of each 30-day period (an order in the "
                   "last 180 days), the share no longer active at its end.",
                   "customers lost, summed over periods ÷ customers active at the periods' "
                   "starts")),
    "buyers_5plus_share": (("在模拟期内下单 5 次及以上的新客比例。", "下单至少 5 次的新客 ÷ 新客"),
                           ("Share of new customers with 5 or more orders over the horizon.",
                            "new customers with 5+ orders ÷ new customers")),
    "carbon_transport_kg_per_parcel": (("平均每个包裹的运输碳排放。", "运输碳排放 ÷ 包裹数"),
                                       ("Transport carbon per parcel.",
                                        "transport carbon ÷ parcels")),
    "cs_wait_hours_mean": (("顾客咨询等待客服回复的平均时间。", "各次咨询等待时长的平均值"),
                           ("Mean time a customer waits for customer service.",
                            "mean of the enquiries' waiting times")),
    "staff_quits": (("模拟期内离职的员工人数。", "离职人数"),
                    ("Staff who quit over the horizon.", "count of quits")),
    "trust_mean": (("品牌信任指数的日均值（1 为基准水平）。", "每日信任指数的平均值"),
                   ("Mean of the daily brand-trust index (1 is the baseline level).",
                    "mean of the daily trust index")),
    "scandals": (("模拟期内发生的供应链丑闻次数。", "丑闻次数"),
                 ("Supply-chain scandals over the horizon.", "count of scandals")),
    "fulfilment_sojourn_hours_mean": (("订单从下单到拣货打包完成（或被取消）的平均时长。",
                                       "各订单在履约环节停留时长的平均值"),
                                      ("Mean time from order to the end of pick/pack (or "
                                       "cancellation).", "mean of the orders' time in fulfilment")),
    "fulfilment_in_system_mean": (("履约环节中平均同时在等待或处理的订单数。",
                                   "按时间平均的在制订单数（利特尔定律：到达率 × 平均时长）"),
                                  ("Mean number of orders waiting or being packed at once.",
                                   "time-average of orders in fulfilment (Little's law: arrival "
                                   "rate × mean time)")),
    "order_rate_per_hour": (("预热期之后平均每小时的下单数。",
                             "预热期后的订单数 ÷ (模拟天数 − 预热天数) ÷ 24"),
                            ("Orders placed per hour after the warm-up.",
                             "orders after the warm-up ÷ (horizon − warm-up days) ÷ 24")),
}

_TERMS = {
    "baseline": (("基准情景", "未采取任何 ESG 措施的现状店铺；其他情景都与它比较。", "—"),
                 ("Baseline", "The shop as it is, with no ESG intervention; every scenario is "
                  "compared with it.", "—")),
    "replication": (("重复", "同一情景用不同随机数再模拟一次；多次重复的平均值才是结论。",
                     "结果 = 各次重复的平均值"),
                    ("Replication", "One more run of the same scenario on other random numbers; "
                     "conclusions rest on the mean over replications.",
                     "result = mean over replications")),
    "ci": (("95% 置信区间", "真实均值有 95% 把握落在其中的区间；区间越窄，结论越可靠。",
            "均值 ± t(0.975, n−1) × 标准差 ÷ √n"),
           ("95% interval", "The range that holds the true mean with 95% confidence; the "
            "narrower, the firmer the conclusion.", "mean ± t(0.975, n−1) × sd ÷ √n")),
    "crn": (("共同随机数", "各情景的第 i 次重复使用相同的随机数，差异只来自杠杆本身，比较更精确。",
             "差值 = 同一次重复中情景与基准之差的平均"),
            ("Common random numbers", "Replication i of every scenario uses the same random "
             "numbers, so a difference comes from the levers alone.",
             "difference = mean of the paired differences")),
    "prob_better": (("优于基准的概率", "在各次配对重复中，情景的指标朝有利方向优于基准的比例。",
                     "更好的配对重复数 ÷ 重复次数"),
                    ("Probability of being better", "Share of paired replications in which "
                     "the scenario beats the baseline in the KPI's better direction.",
                     "paired replications better ÷ replications")),
    "pp": (("百分点", "两个百分比之差的单位：从 28% 到 30% 是上升 2 个百分点。", "差值 = 比率₁ − 比率₀"),
           ("Percentage point (pp)", "The unit of a difference between two percentages: from "
            "28% to 30% is 2 pp up.", "difference = rate₁ − rate₀")),
    "co2e": (("二氧化碳当量（CO₂e）", "把各种温室气体按增温效应折算成二氧化碳的重量。",
              "活动量 × 排放因子"),
             ("CO₂ equivalent (CO₂e)", "Greenhouse gases converted to the weight of CO₂ with "
              "the same warming effect.", "activity × emission factor")),
    "scope": (("范围一、二、三", "温室气体核算体系的分类：范围一为直接排放，范围二为外购能源，"
               "范围三为价值链其他排放。", "总碳排放 = 范围一 + 范围二 + 范围三"),
              ("Scopes 1, 2, 3", "The Greenhouse Gas Protocol's classes: scope 1 direct, scope 2 "
               "bought energy, scope 3 the rest of the value chain.",
               "total carbon = scope 1 + scope 2 + scope 3")),
    "lever": (("杠杆", "可以开关或调节的措施（包装、物流、员工福利、审核、营销预算、政策等）。", "—"),
              ("Lever", "A measure you can switch or set (packaging, logistics, staff welfare, "
               "audits, the marketing budget, policy).", "—")),
    "horizon": (("模拟期", "模拟的天数（默认 365 天）；各指标都是整个模拟期的合计或平均。", "—"),
                ("Horizon", "The number of days simulated (365 by default); every KPI is a "
                 "total or mean over it.", "—")),
}

TEXT: dict[str, dict[str, str]] = {
    "title": {"zh": "术语表：指标的含义与计算", "en": "Glossary: what each KPI means and how it is computed"},
    "intro": {"zh": "每个指标的含义、计算方法和单位，以及页面上常见的术语。所有指标都是整个模拟期的"
                    "合计或平均，再对多次重复取平均。",
              "en": "What each KPI means, how it is computed and its unit, and the terms the "
                    "pages use. Every KPI is a total or mean over the whole horizon, then "
                    "averaged over replications."},
    "kpis_title": {"zh": "指标", "en": "KPIs"},
    "terms_title": {"zh": "术语", "en": "Terms"},
    "col_term": {"zh": "名称", "en": "Name"},
    "col_meaning": {"zh": "含义", "en": "Meaning"},
    "col_formula": {"zh": "计算方法", "en": "How it is computed"},
    "col_unit": {"zh": "单位", "en": "Unit"},
    "col_better": {"zh": "更好的方向", "en": "Better"},
    "better_up": {"zh": "越高越好", "en": "higher"},
    "better_down": {"zh": "越低越好", "en": "lower"},
    "better_none": {"zh": "—", "en": "—"},
    "help_formula": {"zh": "计算：{formula}", "en": "Computed as: {formula}"},
    "help_unit": {"zh": "单位：{unit}", "en": "Unit: {unit}"},
    "help_see": {"zh": "详见“方法与假设”页的术语表。", "en": "See the glossary on the Methodology page."},
    "search": {"zh": "查找指标或术语", "en": "Find a KPI or term"},
    **{f"m_{k}": {"zh": zh[0], "en": en[0]} for k, (zh, en) in _KPI.items()},
    **{f"f_{k}": {"zh": zh[1], "en": en[1]} for k, (zh, en) in _KPI.items()},
    **{f"term_{k}": {"zh": zh[0], "en": en[0]} for k, (zh, en) in _TERMS.items()},
    **{f"m_term_{k}": {"zh": zh[1], "en": en[1]} for k, (zh, en) in _TERMS.items()},
    **{f"f_term_{k}": {"zh": zh[2], "en": en[2]} for k, (zh, en) in _TERMS.items()},
}

KPIS = tuple(_KPI)
TERMS = tuple(_TERMS)
