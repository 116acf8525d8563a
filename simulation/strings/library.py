"""Strings of the library area (see simulation/strings/__init__.py): the scenario library (one
database of workspaces), its quotas, tokens and read-only links, and its errors.

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
        "zh": "你的工作区已满（最多 {limit} 个情景），请先删除一些不再需要的情景。",
        "en": "Your workspace is full (at most {limit} scenarios); delete some you no longer "
              "need first.",
    },
    "full_bytes": {
        "zh": "你的工作区空间不足：保存后将占用 {size} 字节，上限为 {limit} 字节。请先删除一些情景。",
        "en": "Your workspace is out of space: it would hold {size} bytes, above the limit of "
              "{limit} bytes. Delete some scenarios first.",
    },
    "server_full": {
        "zh": "服务器上的情景库已满，暂时无法保存新的情景。请稍后再试或联系管理员。",
        "en": "The scenario library on this server is full, so nothing new can be saved now. "
              "Try again later or ask the administrator.",
    },
    "not_found": {
        "zh": "情景库中没有名为“{name}”的情景。",
        "en": "There is no scenario named '{name}' in the library.",
    },
    "not_saved": {
        "zh": "情景“{name}”未保存：保存后将无法再读取：\n{problems}",
        "en": "The scenario '{name}' was not saved: it could not be read back:\n{problems}",
    },
    "entry_corrupt": {
        "zh": "已保存的情景“{name}”无法再读取，已跳过：\n{problems}",
        "en": "The saved scenario '{name}' can no longer be read and was skipped:\n{problems}",
    },
    "corrupt": {
        "zh": "情景库文件 {file} 已损坏或无效，未导入：\n{problems}",
        "en": "The library file {file} is damaged or not valid and was not imported:\n{problems}",
    },
    "too_large": {
        "zh": "情景库文件 {file} 过大（{size} 字节，上限 {limit} 字节），未导入。",
        "en": "The library file {file} is too large ({size} bytes; the limit is {limit}) and "
              "was not imported.",
    },
    "duplicate": {
        "zh": "情景库文件 {file} 与 {other} 使用了相同的名称“{name}”，未导入。",
        "en": "The library file {file} has the same name '{name}' as {other} and was not "
              "imported.",
    },
    "symlink": {
        "zh": "情景库文件 {file} 是符号链接，出于安全考虑未读取、未导入。",
        "en": "The library file {file} is a symbolic link; for safety it was neither followed "
              "nor imported.",
    },
    "import_conflict": {
        "zh": "情景库文件 {file} 未导入：共享工作区中已有名为“{name}”的情景。",
        "en": "The library file {file} was not imported: the shared workspace already has a "
              "scenario named '{name}'.",
    },
    "unreadable": {
        "zh": "无法读取情景库文件 {file}：{error}",
        "en": "The library file {file} cannot be read: {error}",
    },
    "unavailable": {
        "zh": "无法打开情景库：{error}",
        "en": "The scenario library cannot be opened: {error}",
    },
    "newer_schema": {
        "zh": "情景库由较新版本的程序创建（数据结构版本 {found}，本程序支持 {supported}），无法使用。",
        "en": "The scenario library was made by a newer version of this program (schema "
              "version {found}; this one reads {supported}) and cannot be used.",
    },
    "write_failed": {
        "zh": "无法保存到情景库：{error}。原有内容未作改动。",
        "en": "The scenario could not be saved to the library: {error}. Nothing was changed.",
    },
    "delete_failed": {
        "zh": "无法从情景库删除：{error}。原有内容未作改动。",
        "en": "The scenario could not be deleted from the library: {error}. Nothing was "
              "changed.",
    },
    "read_only": {
        "zh": "这是只读链接打开的情景，不能修改或删除。可以另存为你自己的情景。",
        "en": "This was opened from a read-only link: it cannot be changed or deleted. Save "
              "it under a name of your own to keep a copy.",
    },
    "token_missing": {
        "zh": "工作区密钥为空。",
        "en": "The workspace key is empty.",
    },
    "token_length": {
        "zh": "工作区密钥有 {length} 个字符，有效的密钥恰好有 {expected} 个字符。",
        "en": "The workspace key has {length} characters; a valid key has exactly {expected}.",
    },
    "token_chars": {
        "zh": "密钥含有无效字符：只能包含英文字母、数字、“-”和“_”。",
        "en": "The key contains characters that are not allowed: only letters, digits, '-' "
              "and '_'.",
    },
    "token_read_only": {
        "zh": "这是只读分享密钥，不是工作区密钥：它只能打开分享的情景，不能修改。",
        "en": "This is a read-only sharing key, not a workspace key: it opens shared "
              "scenarios but cannot change them.",
    },
    "read_token_bad": {
        "zh": "只读分享密钥无效：它应以“r-”开头，后接 22 个英文字母、数字、“-”或“_”。",
        "en": "The read-only sharing key is not valid: it starts with 'r-' followed by 22 "
              "letters, digits, '-' or '_'.",
    },
    "share_not_found": {
        "zh": "这个只读链接无法打开：分享的情景已被删除，或链接不完整。",
        "en": "This read-only link opens nothing: the shared scenario was deleted, or the "
              "link is incomplete.",
    },
    "bad_upload": {
        "zh": "上传的文件 {file} 不是有效的情景文件：\n{problems}",
        "en": "The uploaded file {file} is not a valid scenario file:\n{problems}",
    },
    "upload_too_large": {"zh": "上传的文件 {file} 有 {size} 字节，超过上限 {limit} 字节，未载入。",
                         "en": "The uploaded file {file} is {size} bytes, above the limit of "
                               "{limit} bytes; it was not loaded."},
}
