"""Strings of the home page (see simulation/strings/__init__.py)."""

TEXT: dict[str, dict[str, str]] = {
    "answers": {
        "zh": "如果一家中小网店换用再生纸箱、改用电动车配送、提高员工福利、审核供应商，"
              "或把一部分广告预算投向 ESG 内容，它的**顾客留存、碳排放、成本和利润**会怎样变化？"
              "本模拟器用一家店铺一年的离散事件仿真（顾客、物流、员工）回答这个问题，并给出诚实的不确定性区间。",
        "en": "What happens to a small online shop's **customer retention, carbon, cost and "
              "profit** if it switches to recycled cartons or electric delivery, improves staff "
              "welfare, audits its suppliers, or moves part of its ad budget to ESG content? "
              "This simulator answers with a discrete-event simulation of one shop's customers, "
              "logistics and staff over a year, with honest uncertainty intervals.",
    },
    "ways_in": {"zh": "从这里开始", "en": "Ways in"},
    "way_builder": {"zh": "拨动 ESG 杠杆和营销预算，立即看到与基准情景的对比。",
                    "en": "Move the ESG levers and the marketing budget and see the change "
                          "against the baseline at once."},
    "way_compare": {"zh": "把 2–6 个情景放在一起，用共同随机数比较，导出表格。",
                    "en": "Put 2–6 scenarios side by side under common random numbers and "
                          "export the tables."},
    "way_methodology": {"zh": "模型结构、全部参数及来源、校准与理论验证、假设与局限，"
                              "以及每个指标的含义与计算方法（术语表）。",
                        "en": "The model's structure, every parameter and its source, "
                              "calibration and theory checks, assumptions and limits, and what "
                              "each KPI means and how it is computed (the glossary)."},
    "way_sensitivity": {"zh": "哪些参数和杠杆最影响结果：龙卷风图、全局敏感性和杠杆贡献分解。",
                        "en": "Which parameters and levers move the results most: tornado "
                              "charts, global sensitivity and a lever-by-lever attribution."},
    "way_optimiser": {"zh": "在约束下寻找营销预算在各渠道之间的最佳分配，并查看留存、碳排放与成本的权衡。",
                      "en": "Find the best split of the marketing budget across the channels "
                            "under constraints, and see the retention–carbon–cost trade-off."},
    "way_classroom": {"zh": "课堂练习：有目标、有限的运行次数，先预测再运行，得到提示和复盘；附主持人指南。",
                      "en": "Work through classroom exercises: a goal, a budget of runs, predict before "
                            "you run, get hints and a debrief; with a facilitator's guide."},
    "presets": {"zh": "预设情景", "en": "Preset scenarios"},
    "open_preset": {"zh": "在情景构建中打开", "en": "Open in the builder"},
    "preset_error": {"zh": "预设情景无法读取：{error}", "en": "The presets cannot be read: {error}"},
    "footer": {"zh": "模型版本 {model} · 数据结构版本 {schema} · 除注明来源者外，参数均为假设。",
               "en": "Model version {model} · schema version {schema} · parameters are "
                     "assumptions unless a source is named."},
}
