"""Strings used on every page: navigation, language, presentation view, limits, units."""

TEXT = {
    "app_title": {"zh": "中小电商 ESG 策略模拟器",
                  "en": "ESG strategy simulator for small e-commerce shops"},
    "language": {"zh": "语言 / Language", "en": "Language / 语言"},
    "nav_home": {"zh": "首页", "en": "Home"},
    "nav_builder": {"zh": "情景构建", "en": "Scenario builder"},
    "nav_compare": {"zh": "情景比较", "en": "Compare scenarios"},
    "nav_methodology": {"zh": "方法与假设", "en": "Methodology"},
    "nav_sensitivity": {"zh": "敏感性与归因", "en": "Sensitivity & attribution"},
    "nav_optimiser": {"zh": "预算优化", "en": "Budget optimiser"},
    "nav_classroom": {"zh": "课堂练习", "en": "Classroom"},
    "presentation": {"zh": "演示模式", "en": "Presentation view"},
    "presentation_help": {"zh": "隐藏控件，放大指标卡和图表，适合会议室大屏。",
                          "en": "Hide the controls and enlarge the KPI cards and charts for a "
                                "meeting-room screen."},
    "presentation_exit": {"zh": "退出演示模式", "en": "Exit presentation view"},
    "presentation_pages": {"zh": "页面", "en": "Pages"},
    "baseline": {"zh": "基准情景", "en": "Baseline"},
    "current": {"zh": "当前情景", "en": "Current scenario"},
    "footer": {"zh": "模型版本 {model} · 数据结构版本 {schema} · 随机种子 {seed} · {n} 次重复",
               "en": "Model version {model} · schema version {schema} · seed {seed} · "
                     "{n} replications"},
    "out_of_range": {"zh": "“{label}”须在 {lo} 至 {hi} 之间；输入的值未被采用，未运行任何模拟。",
                     "en": "“{label}” must be from {lo} to {hi}; the value typed was not taken and "
                           "nothing was run on it."},
    "out_of_range_low": {"zh": "“{label}”须不小于 {lo}；输入的值未被采用，未运行任何模拟。",
                         "en": "“{label}” must be at least {lo}; the value typed was not taken and "
                               "nothing was run on it."},
    "out_of_range_high": {"zh": "“{label}”须不大于 {hi}；输入的值未被采用，未运行任何模拟。",
                          "en": "“{label}” must be at most {hi}; the value typed was not taken and "
                                "nothing was run on it."},
    "run_error": {"zh": "模拟失败：{error}", "en": "The simulation failed: {error}"},
    "limit_horizon": {"zh": "情景“{name}”的模拟期为 {days} 天，超过本服务器上限 {limit} 天；请缩短模拟期，"
                            "或用命令行运行。",
                      "en": "Scenario “{name}” has a horizon of {days} days, above this server's "
                            "limit of {limit} days; shorten it or run it from the command line."},
    "limit_replications": {"zh": "重复次数 {n} 超出范围：本服务器允许 1 至 {limit} 次。",
                           "en": "{n} replications is out of range: this server allows 1 to "
                                 "{limit}."},
    "limit_work": {"zh": "这项分析约需模拟 {orders} 笔订单（{sims} 次模拟），超过服务器上限 {limit}。"
                         "请减少参数、样本或重复次数，缩短模拟期，或用命令行运行。",
                   "en": "This analysis would simulate about {orders} orders ({sims} simulations), "
                         "above the server's limit of {limit}. Choose fewer parameters, samples or "
                         "replications or a shorter horizon, or run it from the command line."},
    "limit_orders": {"zh": "这个请求约需模拟 {orders} 笔订单，超过服务器上限 {limit}。"
                           "请减少重复次数或情景、缩短模拟期或降低营销预算，或用命令行运行。",
                     "en": "This request would simulate about {orders} orders, above the "
                           "server's limit of {limit}. Use fewer replications or scenarios, a "
                           "shorter horizon or a smaller budget, or run it from the command line."},
    "limit_jobs_session": {"zh": "你已有 {n} 项后台任务在运行，达到每个会话同时运行任务数的上限"
                                 "（{limit} 项）。请等其中一项完成或将其取消。",
                           "en": "You already have {n} background jobs running: the limit of jobs "
                                 "at once per session is {limit}. Wait for one to finish or "
                                 "cancel it."},
    "limit_jobs_server": {"zh": "服务器繁忙：已有 {n} 项后台任务在排队或运行，达到服务器排队与运行"
                                "任务数的上限（{limit} 项）。请几分钟后再试，或用命令行运行。",
                          "en": "The server is busy: {n} background jobs are queued or running, "
                                "its limit of jobs queued or running is {limit}. Try again in a "
                                "few minutes, or run it from the command line."},
    "limit_orders_hour": {"zh": "这项任务约需模拟 {orders} 笔订单；本会话过去一小时已模拟约 {used} 笔，"
                                "将超过每个会话每小时模拟订单数的上限 {limit}。请稍后再试、减少重复次数，"
                                "或用命令行运行。",
                          "en": "This job would simulate about {orders} orders; this session has "
                                "simulated about {used} in the last hour, so it would pass the "
                                "limit of {limit} simulated orders per session per hour. Try "
                                "again later, use fewer replications, or run it from the command "
                                "line."},
    "job_running": {"zh": "后台运行中：已完成 {done}/{total} 次模拟。可以离开或刷新本页，结果会保留。",
                    "en": "Running in the background: {done} of {total} simulations done. You "
                          "may leave or reload this page; the result will wait for you."},
    "job_waiting": {"zh": "后台任务已排队，等待空闲的计算进程……",
                    "en": "The job is queued, waiting for a free worker…"},
    "job_cancel": {"zh": "取消", "en": "Cancel"},
    "job_cancelled": {"zh": "已取消（取消前已完成 {done} 次模拟，已完成的会保留并复用）。",
                      "en": "Cancelled after {done} simulations (those done are kept and "
                            "reused)."},
    "job_other": {"zh": "之前设置的一项任务仍在运行。", "en": "A job for earlier settings is still running."},
    "progress": {"zh": "正在模拟：{done}/{total} 次重复", "en": "Simulating: {done}/{total} replications"},
    "progress_start": {"zh": "正在准备……", "en": "Preparing…"},
    "uploader_button": {"zh": "选择文件", "en": "Choose a file"},
    "uploader_limit": {"zh": "每个文件最大 {kb} KB · YAML", "en": "{kb} KB per file · YAML"},
    "skip_to_content": {"zh": "跳到主要内容", "en": "Skip to main content"},
    "progress_simulations": {"zh": "正在模拟：第 {done} 次，共 {total} 次",
                             "en": "Simulating: {done} of {total} simulations"},
}
