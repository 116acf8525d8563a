"""Strings of the workshop area (see simulation/strings/__init__.py): the workshop page: live team sessions.

Error keys are raised by ``ui.workshop_store.WorkshopError``; the fields are filled in by ``t``.
"""

TEXT: dict[str, dict[str, str]] = {
    # -- errors of the store ----------------------------------------------------------------------
    "code_empty": {"zh": "请输入加入码。", "en": "Enter the join code."},
    "code_bad": {"zh": "加入码应为 {length} 个字母或数字（不含 0、O、1、I、L），请核对后重试。",
                 "en": "A join code has {length} letters or digits (never 0, O, 1, I or L); "
                       "check it and try again."},
    "code_unknown": {"zh": "没有正在进行、加入码为 {code} 的工作坊：它可能已结束，或加入码有误。",
                     "en": "No workshop with the join code {code} is running: it may have "
                           "ended, or the code is mistyped."},
    "exercise_bad": {"zh": "请选择一个练习。", "en": "Choose an exercise."},
    "changes_bad": {"zh": "无法保存这份方案：各项措施的设置格式不对。",
                    "en": "This scenario cannot be stored: its lever settings are malformed."},
    "changes_too_large": {"zh": "方案过大（{size} 字节），上限为 {limit} 字节。",
                          "en": "The scenario is too large ({size} bytes); the limit is {limit} "
                                "bytes."},
    "predictions_bad": {"zh": "无法保存这些预测：格式不对。",
                        "en": "These predictions cannot be stored: they are malformed."},
    "predictions_too_large": {"zh": "预测内容过大（{size} 字节），上限为 {limit} 字节。",
                              "en": "The predictions are too large ({size} bytes); the limit is "
                                    "{limit} bytes."},
    "result_bad": {"zh": "无法保存这次模拟的结果：格式不对。",
                   "en": "The result of this simulation cannot be stored: it is malformed."},
    "result_too_large": {"zh": "模拟结果过大（{size} 字节），上限为 {limit} 字节。",
                         "en": "The simulation's result is too large ({size} bytes); the limit "
                               "is {limit} bytes."},
    "last_round": {"zh": "已经是最后一轮（共 {rounds} 轮）。",
                   "en": "This is already the last round (of {rounds})."},
    "name_empty": {"zh": "请输入队名。", "en": "Enter a team name."},
    "name_too_long": {"zh": "队名过长（{length} 个字符），最多 {limit} 个字符。",
                      "en": "The team name is too long ({length} characters); at most {limit} "
                            "are allowed."},
    "name_control": {"zh": "队名含有控制字符或不可见字符，请删除后重试。",
                     "en": "The team name contains control or invisible characters; remove "
                           "them and try again."},
    "name_taken": {"zh": "本工作坊已有名为“{name}”的队伍，请换一个队名。",
                   "en": "A team called '{name}' has already joined this workshop; choose "
                         "another name."},
    "newer_schema": {"zh": "工作坊数据库由更新版本的本程序创建（版本 {found}，本版本支持 {supported}），"
                           "请升级后再用。",
                     "en": "The workshop database was made by a newer version of this program "
                           "(version {found}; this one supports {supported}); upgrade first."},
    "not_released": {"zh": "第 {round} 轮的结果尚未公布。",
                     "en": "The results of round {round} have not been released yet."},
    "pin_length": {"zh": "主持人 PIN 应为 {low} 至 {high} 个字符。",
                   "en": "The facilitator PIN must have {low} to {high} characters."},
    "pin_locked": {"zh": "PIN 错误次数过多，请在 {seconds} 秒后再试。",
                   "en": "Too many wrong PINs; try again in {seconds} seconds."},
    "pin_wrong": {"zh": "PIN 不正确。", "en": "The PIN is not correct."},
    "prediction_kpi": {"zh": "无法记录对“{kpi}”的预测：没有这个指标。",
                       "en": "A prediction for '{kpi}' cannot be recorded: there is no such KPI."},
    "prediction_value": {"zh": "对“{kpi}”的预测应为一个有限的数字。",
                         "en": "The prediction for '{kpi}' must be a finite number."},
    "round_bad": {"zh": "没有第 {round} 轮（共 {rounds} 轮）。",
                  "en": "There is no round {round} (there are {rounds})."},
    "round_closed": {"zh": "第 {round} 轮现在不接受提交（尚未开放或已锁定）。",
                     "en": "Round {round} is not taking submissions now (not open yet, or "
                           "locked)."},
    "round_not_current": {"zh": "只能开放当前一轮（第 {current} 轮），不能开放第 {round} 轮。",
                          "en": "Only the current round (round {current}) can be opened, not "
                                "round {round}."},
    "round_released": {"zh": "第 {round} 轮的结果已公布，不能再开放提交。",
                       "en": "The results of round {round} have been released: it cannot be "
                             "opened again."},
    "rounds_range": {"zh": "轮数应在 {low} 至 {high} 之间。",
                     "en": "The number of rounds must be from {low} to {high}."},
    "server_full": {"zh": "本服务器上正在进行的工作坊已达上限（{limit} 个），请结束一个旧工作坊后再建。",
                    "en": "This server already runs its limit of {limit} open workshops; close "
                          "an old one first."},
    "session_full": {"zh": "这个工作坊已满（最多 {limit} 支队伍）。",
                     "en": "This workshop is full (at most {limit} teams)."},
    "teams_range": {"zh": "队伍数应在 {low} 至 {high} 之间。",
                    "en": "The number of teams must be from {low} to {high}."},
    "tiebreak_bad": {"zh": "无法用“{kpi}”决定并列名次：没有这个指标。",
                     "en": "'{kpi}' cannot break ties: there is no such KPI."},
    "token_bad": {"zh": "链接中的工作坊密钥格式不对：请用加入码重新加入。",
                  "en": "The workshop key in the link is malformed: join again with the code."},
    "token_unknown": {"zh": "找不到这个工作坊密钥对应的队伍或主持人：请用加入码重新加入。",
                      "en": "This workshop key opens no team or facilitator: join again with "
                            "the code."},
    "unavailable": {"zh": "工作坊数据库暂时无法打开（{error}）。",
                    "en": "The workshop database cannot be opened now ({error})."},
    "write_failed": {"zh": "未能保存到工作坊数据库（{error}），请重试。",
                     "en": "Could not write to the workshop database ({error}); try again."},
    # -- the page ------------------------------------------------------------------------------------
    "nav": {"zh": "工作坊", "en": "Workshop"},
    "way": {"zh": "工作坊：主持人开场并展示加入码，各队用自己的浏览器提交方案，公布结果后看排行榜与复盘。",
            "en": "Run a live workshop: teams join with a code from their own browsers, submit "
                  "each round, and see a leaderboard and a debrief once results are released."},
    "title": {"zh": "工作坊：分组实时对抗", "en": "Workshop: live team sessions"},
    "intro": {"zh": "主持人创建工作坊并展示加入码；各队用自己的浏览器加入，每轮提交一个方案；"
                    "主持人公布结果后，排行榜按达成目标的概率排名（含区间，噪声范围内视为并列）。",
              "en": "A facilitator creates a session and shows its join code; teams join from "
                    "their own browsers and submit a scenario each round; once the facilitator "
                    "releases the results, the leaderboard ranks teams on the probability of "
                    "meeting the goal (with intervals; ties within noise shown as ties)."},
    "tab_join": {"zh": "加入工作坊（队伍）", "en": "Join a session (team)"},
    "tab_facilitate": {"zh": "主持工作坊", "en": "Run a session (facilitator)"},
    "code": {"zh": "加入码", "en": "Join code"},
    "team_name": {"zh": "队名", "en": "Team name"},
    "join": {"zh": "加入", "en": "Join"},
    "exercise": {"zh": "练习", "en": "Exercise"},
    "teams": {"zh": "队伍数上限", "en": "Teams (at most)"},
    "rounds": {"zh": "轮数", "en": "Rounds"},
    "pin": {"zh": "主持人 PIN", "en": "Facilitator PIN"},
    "pin_help": {"zh": "只有知道 PIN 的人才能主持；换一台设备时用加入码和 PIN 继续主持。",
                 "en": "Only the PIN holder runs the session; with the join code and the PIN you "
                       "can take over from another device."},
    "create": {"zh": "创建工作坊", "en": "Create the session"},
    "resume_help": {"zh": "已经创建过工作坊？输入加入码和 PIN，在这台设备上继续主持。",
                    "en": "Already created a session? Enter its join code and PIN to run it "
                          "from this device."},
    "resume": {"zh": "继续主持", "en": "Take over"},
    "start_over": {"zh": "重新开始", "en": "Start over"},
    "leave": {"zh": "离开这个工作坊", "en": "Leave this session"},
    "exercise_broken": {"zh": "无法使用这个练习：{error}", "en": "This exercise cannot be used: {error}"},
    "round_of": {"zh": "第 {round} 轮，共 {rounds} 轮 · {state}",
                 "en": "Round {round} of {rounds} · {state}"},
    "round_n": {"zh": "第 {round} 轮", "en": "Round {round}"},
    "state_pending": {"zh": "尚未开放", "en": "not open yet"},
    "state_open": {"zh": "开放提交中", "en": "open for submissions"},
    "state_locked": {"zh": "已锁定", "en": "locked"},
    "state_released": {"zh": "结果已公布", "en": "results released"},
    "brief": {"zh": "任务说明与目标", "en": "Brief and goal"},
    "qr_caption": {"zh": "扫码加入", "en": "Scan to join"},
    "teams_joined": {"zh": "**已加入的队伍：{n} / {limit}**", "en": "**Teams joined: {n} of {limit}**"},
    "submitted": {"zh": "第 {round} 轮：{n} / {teams} 支队伍已提交，{results} 份结果已算出。",
                  "en": "Round {round}: {n} of {teams} teams have submitted; {results} results "
                        "computed."},
    "waiting_for": {"zh": "尚未提交：{names}", "en": "Not submitted yet: {names}"},
    "lock": {"zh": "锁定本轮", "en": "Lock the round"},
    "open": {"zh": "开放本轮", "en": "Open the round"},
    "release": {"zh": "公布本轮结果", "en": "Release the results"},
    "next_round": {"zh": "进入下一轮", "en": "Next round"},
    "reveal": {"zh": "公布复盘", "en": "Reveal the debrief"},
    "export": {"zh": "导出全部提交、预测与结果（CSV）",
               "en": "Export every submission, prediction and result (CSV)"},
    "simulating": {"zh": "正在模拟各队提交的方案……", "en": "Simulating the teams' submissions…"},
    "board_round": {"zh": "查看哪一轮", "en": "Round shown"},
    "preview_only": {"zh": "本轮结果尚未公布：只有你能看到。",
                     "en": "Not released yet: only you see these results."},
    "you_are": {"zh": "你是 **{team}** 队（工作坊 {code}）。",
                "en": "You are team **{team}** (session {code})."},
    "debrief": {"zh": "主持人已公布复盘：", "en": "The facilitator has revealed the debrief:"},
    "your_levers": {"zh": "**第 {round} 轮：你们的方案**（只能调整本练习开放的措施）",
                    "en": "**Round {round}: your scenario** (only this exercise's levers can be "
                          "changed)"},
    "predict": {"zh": "**先预测**：你们认为结果会是多少？（可选，会被记录）",
                "en": "**Predict first:** what do you expect? (optional; recorded)"},
    "submit": {"zh": "提交方案", "en": "Submit"},
    "resubmit": {"zh": "重新提交（替换上一次）", "en": "Submit again (replaces the last one)"},
    "submitted_ok": {"zh": "已提交第 {round} 轮的方案。",
                     "en": "Your scenario for round {round} is submitted."},
    "round_closed_note": {"zh": "第 {round} 轮现在不接受提交。",
                          "en": "Round {round} is not taking submissions now."},
    "your_submission": {"zh": "**你们第 {round} 轮的方案**（第 {version} 版）：",
                        "en": "**Your scenario for round {round}** (version {version}):"},
    "wait_release": {"zh": "结果将在主持人公布后显示。",
                     "en": "Results appear once the facilitator releases them."},
    "no_results": {"zh": "还没有结果。", "en": "No results yet."},
    "leaderboard": {"zh": "**排行榜**", "en": "**Leaderboard**"},
    "col_rank": {"zh": "名次", "en": "Rank"},
    "col_team": {"zh": "队伍", "en": "Team"},
    "col_probability": {"zh": "达成目标的概率", "en": "Probability goal met"},
    "col_interval": {"zh": "95% 区间", "en": "95% interval"},
    "col_met": {"zh": "达成", "en": "Met"},
    "col_tiebreak_interval": {"zh": "95% 区间（次要指标）", "en": "95% interval (tie-break)"},
    "col_tied": {"zh": "与之并列", "en": "Tied with"},
    "ties_rule": {"zh": "排名按各次重复中所有目标同时达成的比例；比例相同时按次要指标。"
                        "名次 = 1 + 区间完全高于本队的队伍数，所以噪声范围内的队伍名次相同（标“=”）；"
                        "“与之并列”列出区间重叠的队伍。",
                  "en": "Ranked on the share of replications in which every goal holds; equal "
                        "shares by the tie-break KPI. Rank = 1 + the teams whose interval lies "
                        "wholly above this team's, so teams within noise share a rank (marked "
                        "“=”); “Tied with” lists the teams whose intervals overlap."},
    "pareto": {"zh": "**碳排放、成本与留存**", "en": "**Carbon, cost and retention**"},
    "pareto_front": {"zh": "帕累托前沿", "en": "On the Pareto front"},
    "pareto_help": {"zh": "每个点是一支队伍的平均值：越靠左下（碳排放和成本越低）越好，点越大留存越高。"
                          "帕累托前沿上的队伍没有被任何一队在三项上同时超越。",
                    "en": "Each point is a team's mean: lower left (less carbon, lower cost) is "
                          "better, a larger point means higher retention. No team beats a team "
                          "on the Pareto front on all three at once."},
    "simulation_failed": {"zh": "未能模拟提交的方案：{error}",
                          "en": "A submitted scenario could not be simulated: {error}"},
    "close": {"zh": "结束工作坊", "en": "End the session"},
    "close_help": {"zh": "结束后不能再加入或提交，加入码可被新的工作坊使用；已有的提交和结果仍可查看和导出。",
                   "en": "Once ended, nobody can join or submit and the join code is free for a "
                         "new session; the submissions and results stay readable and exportable."},
    "close_confirm": {"zh": "确认结束", "en": "End it now"},
    "state_ended": {"zh": "工作坊已结束", "en": "the session has ended"},
    "yes": {"zh": "是", "en": "yes"},
    "no": {"zh": "否", "en": "no"},
}

# --- report --- (the session as a report, and the facilitator's reference line)
TEXT.update({
    "reference_team": {"zh": "参考方案（主持人）", "en": "Reference solution (facilitator)"},
    "reference_rank": {"zh": "参考", "en": "Ref."},
    "reference_note": {"zh": "最后一行是主持人的参考方案：练习给出的参考解，"
                             "与各队方案用相同的基准、随机种子和重复次数模拟；它不参与排名，“与之并列”列出与它在噪声范围内相当的队伍。",
                       "en": "The last line is the facilitator's reference: the exercise's reference "
                             "solution, simulated with the same baseline, seed and replications as the "
                             "teams' scenarios; it is not ranked, and “Tied with” lists the teams "
                             "within noise of it."},
    "report_title": {"zh": "工作坊报告：{exercise}", "en": "Workshop report: {exercise}"},
    "report_subtitle": {"zh": "加入码 {code}，{teams} 支队伍，已公布 {released} / {rounds} 轮",
                        "en": "Session {code}: {teams} teams, {released} of {rounds} rounds released"},
    "fact_exercise": {"zh": "练习", "en": "Exercise"},
    "fact_code": {"zh": "加入码", "en": "Join code"},
    "fact_rounds": {"zh": "轮数", "en": "Rounds"},
    "fact_teams": {"zh": "队伍数", "en": "Teams"},
    "fact_released": {"zh": "已公布的轮次", "en": "Rounds released"},
    "report_none_released": {"zh": "还没有公布任何一轮的结果。",
                             "en": "No round's results have been released yet."},
    "report_round_met": {"zh": "第 {round} 轮：{k} / {n} 支队伍达成目标（达成概率至少 {need}）。",
                         "en": "Round {round}: {k} of {n} teams met the goal (a probability of at "
                               "least {need})."},
    "report_leader": {"zh": "领先的是 {team}：达成概率 {p}（95% 区间 {lo}–{hi}）。",
                      "en": "{team} leads, with a probability of {p} (95% interval {lo}–{hi})."},
    "report_leaders_tied": {"zh": "{teams} 在噪声范围内并列第一：{detail}。",
                            "en": "{teams} share first place within noise: {detail}."},
    "report_leader_detail": {"zh": "{team} {p}（{lo}–{hi}）", "en": "{team} {p} ({lo}–{hi})"},
    "report_reference": {"zh": "主持人的参考方案：达成概率 {p}（95% 区间 {lo}–{hi}）。",
                         "en": "The facilitator's reference solution: a probability of {p} (95% "
                               "interval {lo}–{hi})."},
    "report_predictions": {"zh": "{kpi}：{n} 次预测的平均值为 {pred}，对应结果的平均值为 {result}；"
                                 "预测与结果平均相差 {gap}。",
                           "en": "{kpi}: the {n} predictions averaged {pred} against results "
                                 "averaging {result}; a prediction was {gap} off on average."},
    "report_no_predictions": {"zh": "各队没有填写预测。", "en": "No team made a prediction."},
    "report_round": {"zh": "第 {round} 轮", "en": "Round {round}"},
    "report_board_title": {"zh": "第 {round} 轮排行榜", "en": "Round {round}: leaderboard"},
    "report_board_headline": {"zh": "按达成目标的概率排名；噪声范围内的队伍名次相同。",
                              "en": "Ranked on the probability of meeting the goal; teams within "
                                    "noise share a rank."},
    "report_subs_title": {"zh": "第 {round} 轮：各队提交的方案", "en": "Round {round}: submissions"},
    "col_version": {"zh": "版本", "en": "Version"},
    "col_changes": {"zh": "调整的措施", "en": "Levers changed"},
    "report_preds_title": {"zh": "第 {round} 轮：预测与结果", "en": "Round {round}: predictions and results"},
    "col_kpi": {"zh": "指标", "en": "KPI"},
    "col_prediction": {"zh": "预测", "en": "Prediction"},
    "col_result": {"zh": "结果（平均值）", "en": "Result (mean)"},
    "col_result_interval": {"zh": "结果的 95% 区间", "en": "Result's 95% interval"},
    "report_preds_note": {"zh": "结果为该队方案在各次重复中的平均值；未填写预测的队伍不列出。",
                          "en": "A result is the mean of the team's scenario over the "
                                "replications; teams without a prediction are left out."},
    "report_pareto_title": {"zh": "第 {round} 轮：碳排放、成本与留存",
                            "en": "Round {round}: carbon, cost and retention"},
    "report_debrief_title": {"zh": "复盘", "en": "Debrief"},
    "report_goal_title": {"zh": "练习与目标", "en": "The exercise and its goal"},
    "report_goal_headline": {"zh": "各队在同一基准上调整开放的措施，目标在各次重复中同时达成。",
                             "en": "Every team changed the exercise's levers on the same starting "
                                   "shop; the goal must hold in each replication."},
    "report_notes": {"zh": "结果按工作坊页面的显示方式列出；区间为 95% 区间。",
                     "en": "Results as the workshop page shows them; intervals are 95% intervals."},
})

