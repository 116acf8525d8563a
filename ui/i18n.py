"""The app's side of translation: ``t`` and the catalogue come from
``simulation/strings`` (shared with the command line); this module adds safe display of text
from users, files and links (:func:`inert`, :func:`tx`), messages that carry a string key
(:class:`MessageError`; the loader's English problem lines given in Chinese:
:func:`problem_lines`), KPI labels and units (from the model's ``KPI_LABELS``; the schema's
units in each language: :func:`unit_text`), the one value formatter (:func:`fmt`,
:func:`fmt_kpi`, :func:`number`, :func:`percent`, :func:`compact`: 万/亿 in Chinese, M/B in
English), a KPI's definition for its help (:func:`kpi_help`, from the glossary), and the check
that Chinese text holds no English (:func:`english_words`).
"""

from __future__ import annotations

import math
import re
import unicodedata
from typing import Any

from simulation import KPI_LABELS
from simulation.strings import DEFAULT_LANG, LANG_NAMES, LANGS, TEXT, normalise_lang, t
from simulation.strings.methodology import UNITS_ZH

__all__ = ["DEFAULT_LANG", "LANG_NAMES", "LANGS", "TEXT", "normalise_lang", "t", "inert", "tx",
           "MessageError", "finite", "kpi_label", "kpi_unit", "unit_label", "unit_text", "compact",
           "number", "percent", "fmt", "fmt_kpi", "kpi_help", "problem_text", "problem_lines"]


# Markdown, HTML and Streamlit's own syntax (``:red[...]``, ``$math$``):
# every ASCII character that can start or end such a construct is escaped with a backslash
# (CommonMark shows an escaped punctuation character as itself)
_MD_SPECIAL = re.compile(r"([\\`*_{}\[\]()<>#!|~$&])")
_WWW = re.compile(r"(www)\.", re.IGNORECASE)
MAX_INERT_CHARS = 2000


def inert(text: Any, limit: int = MAX_INERT_CHARS) -> str:
    """``text`` from a user, a file or a link, made safe to put inside Markdown: control
    and invisible characters dropped (newline and tab kept), unencodable characters (lone
    surrogates) replaced, Markdown/HTML special characters backslash-escaped so that no
    link, image, emphasis or tag is rendered, and at most ``limit`` characters."""
    s = str(text)
    s = s.encode("utf-8", "replace").decode("utf-8") if _unencodable(s) else s
    s = "".join(ch for ch in s if ch in "\n\t" or unicodedata.category(ch) not in _HIDDEN)
    if len(s) > limit:
        s = s[: limit - 1] + "…"
    s = _MD_SPECIAL.sub(r"\\\1", s)
    s = _WWW.sub(r"\1\\.", s).replace("://", ":\\/\\/")     # no bare-address autolink
    return s.replace("@", "\\@")


_HIDDEN = {"Cc", "Cf", "Cs", "Co", "Zl", "Zp"}


def _unencodable(s: str) -> bool:
    try:
        s.encode("utf-8")
    except UnicodeEncodeError:
        return True
    return False


def tx(key: str, lang: str, **fields: Any) -> str:
    """:func:`t` for a Markdown element, with every text field (names, titles, file names,
    error details, values from a link) made :func:`inert`; numbers are filled in as they are."""
    return t(key, lang, **{k: v if isinstance(v, (int, float)) else inert(v)
                           for k, v in fields.items()})


class MessageError(ValueError):
    """An error whose message is a string key and its fields, so a page can show it in
    the user's language: ``err.message(lang)``; ``str(err)`` is the English message."""

    def __init__(self, key: str, **fields: Any):
        self.key = key
        self.fields = fields
        super().__init__(t(key, "en", **fields))

    def message(self, lang: str) -> str:
        """The message in ``lang`` (zh or en), its fields made :func:`inert` (it is shown in
        Markdown elements). The loader's problem lines (the ``problems`` field, English) are
        given in Chinese for ``zh`` (:func:`problem_lines`), keys and values as code."""
        fields = dict(self.fields)
        if normalise_lang(lang) == "zh":        # counts of orders in 万/亿, as a reader expects
            for name in _ORDER_FIELDS.get(self.key, ()):
                digits = str(fields.get(name, "")).replace(",", "")
                if digits.isdigit() and int(digits) >= 1_000_000:
                    fields[name] = number(int(digits), "zh")
        if normalise_lang(lang) == "zh" and isinstance(fields.get("problems"), str):
            text = t(self.key, lang, **{k: v if isinstance(v, (int, float)) else inert(v)
                                        for k, v in fields.items() if k != "problems"},
                     problems="\x00")
            return text.replace("\x00", problem_lines(fields["problems"], lang))
        return tx(self.key, lang, **fields)


# message fields that count simulated orders (formatted with thousands separators by the
# code that raises the message, before the reader's language is known)
_ORDER_FIELDS = {"common.limit_orders": ("orders", "limit"),
                 "common.limit_work": ("orders", "limit"),
                 "common.limit_orders_hour": ("orders", "used", "limit")}


# --- the loader's problem lines in the reader's language --------------------------------

def _code(text: str, limit: int = 80) -> str:
    """Text from a file as a Markdown code span (shown literally): no backticks or line
    breaks inside, cut short."""
    s = "".join(ch for ch in str(text) if ch not in "`\r\n" and unicodedata.category(ch) not in _HIDDEN)
    s = s if len(s) <= limit else s[: limit - 1] + "…"
    return f"`{s.strip() or '?'}`"


def _codes(listed: str) -> str:
    return "、".join(_code(x.strip(" '\"")) for x in listed.split(",") if x.strip())


_K, _V = r"(?P<k>[^:]+?)", r"(?P<v>.+?)"
_PYDANTIC = {
    "input should be a valid integer": "应为整数",
    "input should be a valid number": "应为数字",
    "input should be a finite number": "应为有限的数",
    "input should be a valid boolean": "应为开或关（true 或 false）",
    "input should be a valid string": "应为文本",
    "input should be a valid list": "应为列表",
    "input should be a valid tuple": "应为列表",
    "input should be a valid dictionary": "应为一组设置（键: 值）",
}
# (pattern of an English problem line, its Chinese form); {k} keys and {v} values become code
_PROBLEMS_ZH: tuple[tuple[re.Pattern, Any], ...] = tuple((re.compile(p), z) for p, z in (
    (rf"^{_K}: unknown (?:top-level )?key; did you mean '(?P<s>[^']*)'\?$",
     lambda m: f"{_code(m['k'])}：未知的键，是否应为 {_code(m['s'])}？"),
    (rf"^{_K}: unknown (?:top-level )?key; valid keys: (?P<o>.*)$",
     lambda m: f"{_code(m['k'])}：未知的键；可用的键：{_codes(m['o'])}"),
    (rf"^{_K}: unknown (?:top-level )?key$", lambda m: f"{_code(m['k'])}：未知的键"),
    (rf"^{_K}: expected a mapping of settings, got {_V}$",
     lambda m: f"{_code(m['k'])}：应为一组设置（键: 值），实际为 {_code(m['v'])}"),
    (rf"^{_K}: {_V}: expected a number, got true/false$",
     lambda m: f"{_code(m['k'])}：{_code(m['v'])} 应为数字，而不是开/关值"),
    (rf"^{_K}: {_V}: expected a number, got text \(write it without quotes\)$",
     lambda m: f"{_code(m['k'])}：{_code(m['v'])} 应为数字，而不是文本（请去掉引号）"),
    (rf"^{_K}: {_V} is out of range; allowed \[(?P<lo>[^,]*), (?P<hi>[^\]]*)\]$",
     lambda m: f"{_code(m['k'])}：{_code(m['v'])} 超出范围，允许 {m['lo']} 至 {m['hi']}"),
    (rf"^{_K}: {_V} is not one of (?P<o>.*)$",
     lambda m: f"{_code(m['k'])}：{_code(m['v'])} 不是可选的取值"
               f"（可选：{_codes(m['o'].replace(' or ', ','))}）"),
    (rf"^{_K}: {_V}: (?P<p>input should be [^,(]*)(?P<rest>.*)$",
     lambda m: f"{_code(m['k'])}：{_code(m['v'])} 的类型不对，"
               f"{_PYDANTIC.get(m['p'].strip().rstrip('.').lower(), '类型应与默认值相同')}"),
    (rf"^{_K}: '(?P<s>[^']*)' is a value, not a section$",
     lambda m: f"{_code(m['k'])}：{_code(m['s'])} 是一个取值，不是一组设置"),
    (rf"^{_K}: text is (?P<n>[\d,]+) characters long; at most (?P<l>[\d,]+)$",
     lambda m: f"{_code(m['k'])}：文本长 {m['n']} 个字符，最多 {m['l']} 个"),
    (rf"^{_K}: (?:key |text )?holds a control character.*$",
     lambda m: f"{_code(m['k'])}：含有控制字符"),
    (rf"^{_K}: (?:key |text )?holds a character that is not valid Unicode.*$",
     lambda m: f"{_code(m['k'])}：含有无效的 Unicode 字符"),
    (r"^file is (?P<n>[\d,]+) bytes; the limit is (?P<l>[\d,]+)$",
     lambda m: f"文件有 {m['n']} 字节，超过上限 {m['l']} 字节"),
    (r"^file is over the (?P<l>[\d,]+)-byte limit$", lambda m: f"文件超过 {m['l']} 字节的上限"),
    (r"^file is not UTF-8 text \(byte (?P<b>\d+)\)$",
     lambda m: f"文件不是 UTF-8 编码的文本（第 {m['b']} 字节处）"),
    (r"^text is not valid Unicode.*$", lambda m: "文本含有无效的 Unicode 字符"),
    (r"^the file is empty.*$",
     lambda m: "文件是空的（只有空白或注释）；情景文件至少要有一行 `changes:`，仅此一行即为基准情景"),
    (r"^malformed YAML(?: at line (?P<l>\d+), column (?P<c>\d+))?: (?P<p>.*)$",
     lambda m: "YAML 格式错误" + (f"（第 {m['l']} 行第 {m['c']} 列）" if m['l'] else "")
               + f"：{_code(m['p'])}"),
    (r"^YAML aliases/anchors.*$", lambda m: "不允许使用 YAML 别名或锚点（`*name`）"),
    (r"^YAML is nested too deeply(?: at line (?P<l>\d+))?.*$",
     lambda m: "YAML 嵌套层数过多" + (f"（第 {m['l']} 行）" if m['l'] else "")),
    (r"^YAML holds more than (?P<n>[\d,]+) values.*$",
     lambda m: f"YAML 中的值超过 {m['n']} 个；一个情景文件只需几百个"),
    (r"^YAML took over .*$", lambda m: "读取 YAML 用时过长，已停止"),
    (r"^duplicate key (?P<k>.+) at line (?P<l>\d+); each key may appear once$",
     lambda m: f"第 {m['l']} 行的键 {_code(m['k'])} 重复；每个键只能出现一次"),
    (r"^the value at line (?P<l>\d+) is (?P<n>[\d,]+) characters long.*$",
     lambda m: f"第 {m['l']} 行的值长 {m['n']} 个字符，超过情景文件允许的长度"),
    (r"^a scenario file must be a mapping with 'changes', got (?P<v>.*)$",
     lambda m: f"情景文件应为含 `changes` 的映射（键: 值），实际为 {_code(m['v'])}"),
    (r"^schema_version: file has (?P<v>.*), this model reads (?P<w>.*)$",
     lambda m: f"`schema_version`：文件的版本为 {_code(m['v'])}，本模型读取版本 {_code(m['w'])}"),
    (r"^too many changes \((?P<n>\d+); at most (?P<l>\d+)\)$",
     lambda m: f"改动过多（{m['n']} 项；最多 {m['l']} 项）"),
    (r"^include: no preset '(?P<v>[^']*)'.*$", lambda m: f"`include`：没有名为 {_code(m['v'])} 的预设情景"),
    (r"^(?P<k>title|description): expected \{zh: text, en: text\}, got (?P<v>.*)$",
     lambda m: f"{_code(m['k'])}：应为 `{{zh: 文本, en: 文本}}`，实际为 {_code(m['v'])}"),
))


def problem_text(line: str, lang: str) -> str:
    """One of the loader's problem lines (English, as ``ScenarioError.problems`` holds it) as
    Markdown in ``lang``: in Chinese for the common problems (unknown key, out of range, wrong
    type, empty file, too large, malformed YAML...), keys and values as code; a line not
    recognised is shown as code after a Chinese lead-in. English: the line made inert."""
    line = str(line)
    if normalise_lang(lang) != "zh":
        return inert(line)
    for pattern, zh in _PROBLEMS_ZH:
        m = pattern.match(line)
        if m:
            return zh(m)
    if re.fullmatch(r"… \(\+\d+\)", line):
        return line.replace("(+", "（另有 ").replace(")", " 项）")
    return f"其他问题：{_code(line, 200)}"


def problem_lines(problems: str, lang: str) -> str:
    """A block of problem lines (``"- line"`` each, as ``ui.library`` builds it) in ``lang``."""
    out = []
    for line in str(problems).splitlines():
        bullet = line.startswith("- ")
        out.append(("- " if bullet else "") + problem_text(line[2:] if bullet else line, lang))
    return "\n".join(out)


# --- KPI labels and units (from the model) ---------------------------------------------

UNITS = {
    "fraction": {"zh": "%", "en": "%"},
    "fraction/year": {"zh": "%/年", "en": "%/year"},
    "CNY": {"zh": "元", "en": "CNY"},
    "kg CO2e": {"zh": "kg CO₂e", "en": "kg CO₂e"},
    "orders": {"zh": "单", "en": "orders"},
    "customers": {"zh": "人", "en": "customers"},
    "people": {"zh": "人", "en": "people"},
    "hours": {"zh": "小时", "en": "hours"},
    "events": {"zh": "次", "en": "events"},
    "index": {"zh": "指数", "en": "index"},
    "orders/hour": {"zh": "单/小时", "en": "orders/hour"},
    "0–1": {"zh": "0–1 分", "en": "0–1 score"},
}


def finite(x: Any) -> bool:
    """True for a number that is neither NaN nor infinite (None and text are not)."""
    try:
        return x is not None and math.isfinite(float(x))
    except (TypeError, ValueError):
        return False


def kpi_label(name: str, lang: str) -> str:
    zh, en, _unit, _better = KPI_LABELS.get(name, (name, name, "", None))
    return zh if normalise_lang(lang) == "zh" else en


def kpi_unit(name: str) -> str:
    return KPI_LABELS.get(name, ("", "", "", None))[2]


def unit_label(unit: str, lang: str) -> str:
    """A KPI's unit (``KPI_LABELS``) in ``lang``; a unit not listed as :func:`unit_text`."""
    lang = normalise_lang(lang)
    return UNITS[unit][lang] if unit in UNITS else unit_text(unit, lang)


def unit_text(unit: str, lang: str) -> str:
    """A parameter's unit as the schema spells it ("CNY/month", "days", "kg CO2e/parcel")
    in ``lang``: Chinese from the methodology catalogue's unit table (元/月, 天, kg CO₂e/件),
    English with CO₂ subscripted. An empty unit stays empty."""
    if not unit:
        return ""
    if normalise_lang(lang) == "zh":
        if unit in UNITS_ZH:
            return UNITS_ZH[unit]
        if unit in UNITS:
            return UNITS[unit]["zh"]
        return unit.replace("CO2", "CO₂")
    return unit.replace("CO2", "CO₂")


def _trim(number: str) -> str:
    """"12.50" -> "12.5", "3.00" -> "3" (a compact Chinese amount carries no trailing zeros)."""
    return number.rstrip("0").rstrip(".") if "." in number else number


def compact(value: float, lang: str) -> str:
    """A large number shortened the way a reader of ``lang`` expects, without its sign:
    534.5万 / 1.2亿 in Chinese, 5.35M / 1.20B in English."""
    v = abs(value)
    if normalise_lang(lang) == "zh":
        if v >= 1e8:
            return _trim(f"{v / 1e8:,.2f}") + "亿"
        return _trim(f"{v / 1e4:,.1f}") + "万"
    return f"{v / 1e9:,.2f}B" if v >= 1e9 else f"{v / 1e6:,.2f}M"


def number(value: float | None, lang: str | None = None, decimals: int = 0) -> str:
    """A plain number for display: thousands separators, ``decimals`` places; with ``lang``,
    a million or more shortened (:func:`compact`). No negative zero; "—" for a missing one."""
    if not finite(value):
        return "—"
    v = abs(float(value))
    body = compact(v, lang) if lang is not None and v >= 1e6 else f"{v:,.{decimals}f}"
    zero = not any(ch in "123456789" for ch in body)
    return body if zero or value >= 0 else "-" + body


def percent(value: float | None, decimals: int = 1, signed: bool = False,
            lang: str | None = None) -> str:
    """A fraction in percent ("28.6%"); ``signed=True``: a difference in percentage points
    ("+1.2 pp", in Chinese "+1.2 个百分点"). No negative zero."""
    return fmt(value, "fraction", signed=signed, lang=lang, decimals=decimals)


_COUNTS = ("orders", "customers", "people", "events")


def fmt(value: float | None, unit: str, signed: bool = False, lang: str | None = None,
        decimals: int = 1) -> str:
    """A KPI value for display: fractions as percentages, money with a ¥ sign.

    ``signed=True`` formats a difference (+/-; fractions in percentage points: "pp", with
    ``lang="zh"`` "个百分点"); a difference that rounds to zero shows no sign, and no value
    shows a negative zero. Negative numbers use the ASCII hyphen, which is also what
    Streamlit's metric reads to point its arrow down. With ``lang``, money, carbon and counts
    of a million or more are shortened (¥534.5万 / 1.2亿 kg in Chinese, ¥5.35M / 1.20B kg in
    English) so they fit on a KPI card; smaller ones are in full with thousands separators.
    """
    if value is None or not finite(value):
        return "—"
    value = float(value)
    v = abs(value)
    zh = lang is not None and normalise_lang(lang) == "zh"
    if lang is not None and unit in ("CNY", "kg CO2e", *_COUNTS) and v >= 1e6:
        body = compact(value, lang)
        body = f"¥{body}" if unit == "CNY" else (f"{body} kg" if unit == "kg CO2e" else body)
    elif unit.startswith("fraction"):
        points = " 个百分点" if zh else " pp"
        body = f"{v * 100:.{decimals}f}{points if signed else '%'}"
    elif unit == "CNY":
        body = f"¥{v:,.0f}"
    elif unit == "kg CO2e":
        body = (f"{v:,.0f}" if v >= 100 else f"{v:,.3f}") + " kg"
    elif unit in _COUNTS:
        body = f"{v:,.0f}"
    else:
        body = f"{v:,.2f}"
    if not any(ch in "123456789" for ch in body.split(" ")[0]):     # rounds to zero
        return body
    if value < 0:
        return "-" + body
    return ("+" if signed else "") + body


def fmt_kpi(name: str, value: float | None, signed: bool = False, lang: str | None = None) -> str:
    return fmt(value, kpi_unit(name), signed=signed, lang=lang)


def kpi_help(name: str, lang: str) -> str:
    """A KPI's help text (a tooltip's Markdown): what it means, how it is computed, its unit,
    and where the glossary is (the methodology page). For KPI cards and table headers."""
    if f"glossary.m_{name}" not in TEXT:
        return t("glossary.help_see", lang)
    unit = unit_label(kpi_unit(name), lang)
    parts = [t(f"glossary.m_{name}", lang),
             t("glossary.help_formula", lang, formula=t(f"glossary.f_{name}", lang)),
             t("glossary.help_unit", lang, unit=unit) if unit else "",
             t("glossary.help_see", lang)]
    return "  \n".join(p for p in parts if p)


# --- English left in Chinese text --------------------------------------------------------

#: Words a Chinese page may show in Latin letters: units, proper names (authors, journals,
#: data sets, methods, software), and the language switch's own name. Acronyms in capitals
#: (ESG, KPI, CSV, CRM, YAML ...) are allowed as such.
ALLOWED_WORDS = frozenset("""
    kg km CO2e CO₂e Hill Erlang SimPy Excel Shapley Kaplan Meier Fader Hardie Lee Metrilo
    Kantar Robyn Meridian Locke Qin Brause Emanuel Harrington Gopalakrishnan et al Batt Kang
    Sustainability Environ Manage Wq Little Language English Pareto Monte Carlo Latin
    Weibull Poisson Gamma Beta Logit Greenpeace Sinopec Tongji Streamlit Altair Playwright
    Nielsen McKinsey Bain Deloitte Accenture Alibaba Taobao Tmall Douyin Pinduoduo JD Meta
    Google Shopify Amazon Edelman Cone Ipsos Statista iResearch Ecommerce ln exp min max
    Huo Brogaard Ayres SaaS
""".split())
#: Names of several words (an organisation, a journal), allowed as a whole.
ALLOWED_PHRASES = ("Fashion for Good", "Nature Communications", "J. Environ. Manage.",
                   "Resources, Conservation and Recycling")
_CODE_SPAN = re.compile(r"`[^`]*`")
_FIELD = re.compile(r"\{[^{}]*\}")
_URL = re.compile(r"(?:https?://|www\.)\S+", re.IGNORECASE)
# a run of letters with what is around it: code (paths, identifiers, options, file names)
# carries a dot, slash, underscore, hyphen, equals sign or digit inside or right next to it
_TOKEN = re.compile(r"[A-Za-z0-9_./=\-–+:@#'’]*[A-Za-z][A-Za-z0-9_./=\-–+:@#'’]*")
_WORD = re.compile(r"[A-Za-z]+")


def english_words(text: str) -> list[str]:
    """The English words in a Chinese text: runs of two or more Latin letters that are not an
    allowed name or unit (``ALLOWED_WORDS``), an acronym in capitals, a ``{field}``, a
    ``code span``, an address, or part of code (a dotted path, a file name, an identifier with
    ``_`` or a digit: ``packaging.option``, ``--set``, ``UTF-8``, ``BG/NBD``)."""
    s = _URL.sub(" ", _FIELD.sub(" ", _CODE_SPAN.sub(" ", str(text))))
    for phrase in ALLOWED_PHRASES:
        s = s.replace(phrase, " ")
    found = []
    for token in _TOKEN.findall(s):
        if token.startswith("--") or any(c in token.strip("'’.:-–+=#@") for c in "_.=@#"):
            continue                               # a command-line option, a path, a name
        for part in token.split("/"):
            core = part.strip("'’.:-–+=#@")
            if any(c in core for c in "_.=@#") or any(c.isdigit() for c in core):
                continue                           # code: a path, an identifier, a file name
            for word in _WORD.findall(core):
                if len(word) < 2 or word in ALLOWED_WORDS or word.isupper():
                    continue
                found.append(word)
    return found
