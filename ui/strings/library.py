"""Strings of the library area (see ui/strings/__init__.py): the local scenario library and
its errors.

Error keys are raised by ``ui.library.LibraryError`` (and reported by ``Problem``); the
fields are filled in by ``t``.
"""

TEXT: dict[str, dict[str, str]] = {
    "name_empty": {
        "zh": "请输入情景名称。",
        "en": "Enter a name for the scenario.",
    },
    "name_too_long": {
        "zh": "情景名称过长（{length} 个字符），最多 {limit} 个字符。",
        "en": "The scenario name is too long ({length} characters); at most {limit} are allowed.",
    },
    "name_control": {
        "zh": "情景名称含有控制字符或不可见字符（如换行、制表符），请删除后重试。",
        "en": "The scenario name contains control or invisible characters (such as a line "
              "break or tab); remove them and try again.",
    },
    "name_taken": {
        "zh": "已有名为“{name}”的情景。要覆盖它吗？",
        "en": "A scenario named '{name}' already exists. Replace it?",
    },
    "full": {
        "zh": "情景库已满（最多 {limit} 个情景），请先删除一些不再需要的情景。",
        "en": "The library is full (at most {limit} scenarios); delete some you no longer need "
              "first.",
    },
    "not_found": {
        "zh": "情景库中没有名为“{name}”的情景。",
        "en": "There is no scenario named '{name}' in the library.",
    },
    "corrupt": {
        "zh": "情景库文件 {file} 已损坏或无效，已跳过：\n{problems}",
        "en": "The library file {file} is damaged or not valid and was skipped:\n{problems}",
    },
    "too_large": {
        "zh": "情景库文件 {file} 过大（{size} 字节，上限 {limit} 字节），已跳过。",
        "en": "The library file {file} is too large ({size} bytes; the limit is {limit}) and "
              "was skipped.",
    },
    "duplicate": {
        "zh": "情景库文件 {file} 与 {other} 使用了相同的名称“{name}”，已跳过。",
        "en": "The library file {file} has the same name '{name}' as {other} and was skipped.",
    },
    "unreadable": {
        "zh": "无法读取情景库文件 {file}：{error}",
        "en": "The library file {file} cannot be read: {error}",
    },
    "write_failed": {
        "zh": "无法写入情景库文件 {file}：{error}。原有内容未作改动。",
        "en": "The library file {file} could not be written: {error}. Nothing was changed.",
    },
    "delete_failed": {
        "zh": "无法删除情景库文件 {file}：{error}",
        "en": "The library file {file} could not be deleted: {error}",
    },
    "bad_upload": {
        "zh": "上传的文件 {file} 不是有效的情景文件：\n{problems}",
        "en": "The uploaded file {file} is not a valid scenario file:\n{problems}",
    },
    "upload_too_large": {"zh": "上传的文件 {file} 有 {size} 字节，超过上限 {limit} 字节，未载入。",
                         "en": "The uploaded file {file} is {size} bytes, above the limit of "
                               "{limit} bytes; it was not loaded."},
}
