"""Strings of the share area (see simulation/strings/__init__.py): share links and their errors.

Error keys are raised by ``ui.share.ShareLinkError``; the fields are filled in by ``t``.
"""

TEXT: dict[str, dict[str, str]] = {
    "missing": {
        "zh": "分享链接不完整，缺少参数：{names}。请复制完整的链接后重新打开。",
        "en": "The share link is incomplete: the parameter(s) {names} are missing. Copy the "
              "whole link and open it again.",
    },
    "damaged": {
        "zh": "分享链接已损坏：可能在复制时被截断或被修改过，校验未通过。请向对方索取完整的原始链接。",
        "en": "The share link is damaged: it was cut short or changed after it was made, so its "
              "check does not match. Ask for the complete original link.",
    },
    "bad_version": {
        "zh": "该分享链接使用情景格式版本 {link_version}，本应用读取的是版本 {app_version}，"
              "无法打开。请用本应用重新生成分享链接。",
        "en": "This share link uses scenario format version {link_version}, but this app reads "
              "version {app_version}, so it cannot be opened. Make a new link with this app.",
    },
    "bad_seed": {
        "zh": "链接中的随机种子“{value}”无效：应为 0 到 {max} 之间的整数。",
        "en": "The random seed in the link ('{value}') is not valid: it must be a whole number "
              "from 0 to {max}.",
    },
    "bad_reps": {
        "zh": "链接中的重复次数“{value}”无效：应为 1 到 {max} 之间的整数。",
        "en": "The number of replications in the link ('{value}') is not valid: it must be a "
              "whole number from 1 to {max}.",
    },
    "bad_lang": {
        "zh": "链接中的语言“{value}”不受支持，可用的语言为：{langs}。",
        "en": "The language in the link ('{value}') is not supported; available languages: "
              "{langs}.",
    },
    "too_long": {
        "zh": "分享链接中的情景数据过长（{length} 个字符，上限 {limit} 个），不予读取。",
        "en": "The scenario data in the share link is too long ({length} characters; the limit "
              "is {limit}), so it was not read.",
    },
    "too_large": {
        "zh": "分享链接中的情景数据解压后超过 {limit_kb} KB，不予读取。",
        "en": "The scenario data in the share link expands to more than {limit_kb} KB, so it "
              "was not read.",
    },
    "not_object": {
        "zh": "分享链接中的情景数据格式不对：应为“参数路径: 取值”的对照表（路径形如 packaging.option）。",
        "en": "The scenario data in the share link has the wrong shape: it must be a table of "
              "dotted parameter paths (such as packaging.option) and their values.",
    },
    "invalid_scenario": {
        "zh": "分享链接中的情景无效（可能来自其他版本的应用）：\n{problems}",
        "en": "The scenario in the share link is not valid (it may come from another version "
              "of the app):\n{problems}",
    },
    "compare_link": {
        "zh": "这是一个情景比较的链接，请在“情景比较”页打开。",
        "en": "This is the link of a comparison: open it on the Compare page.",
    },
    "not_comparison": {
        "zh": "这不是情景比较的链接（可能是构建页的情景链接），请在“情景构建”页打开。",
        "en": "This is not the link of a comparison (it may be a scenario link from the "
              "builder): open it on the Builder page.",
    },
    "compare_shape": {
        "zh": "比较链接中的情景列表格式不对，无法打开。请向对方索取完整的原始链接。",
        "en": "The list of scenarios in the comparison's link has the wrong shape, so it "
              "cannot be opened. Ask for the complete original link.",
    },
    "compare_count": {
        "zh": "比较链接中有 {n} 个情景，应为 {min}–{max} 个。",
        "en": "The comparison's link holds {n} scenarios; a comparison has {min} to {max}.",
    },
    "unknown_preset": {
        "zh": "比较链接中的预设情景“{name}”在本应用中不存在。",
        "en": "The comparison's link names a preset scenario ('{name}') this app does not have.",
    },
    "compare_invalid": {
        "zh": "比较链接中的第 {n} 个情景无效（可能来自其他版本的应用）：\n{problems}",
        "en": "Scenario {n} in the comparison's link is not valid (it may come from another "
              "version of the app):\n{problems}",
    },
    "compare_too_long": {
        "zh": "所选情景的设置太多，无法放进一个链接（上限 {limit} 个字符）。"
              "请减少情景数量，或下载情景文件分享。",
        "en": "The chosen scenarios carry too many settings to fit in a link (the limit is "
              "{limit} characters). Choose fewer scenarios, or share the scenario files.",
    },
    "model_version_differs": {
        "zh": "该链接由模型版本 {link_version} 生成，当前模型版本为 {app_version}；"
              "情景设置完全相同，但计算结果可能与生成链接时不同。",
        "en": "This link was made with model version {link_version}; this app runs version "
              "{app_version}. The scenario is the same, but the numbers may differ from those "
              "seen when the link was made.",
    },
}
