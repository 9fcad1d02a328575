"""The bounds every input is held to, and the words of the problems that report them.

One place for both, so that the limits are tuned and the messages reworded (another language,
another tone) without touching the loaders. :func:`problem` builds the structured problem of a
code: its message and its hint (what to do about it), with the values filled in, in the language
of the moment (:data:`MESSAGES_ZH` by default, :data:`MESSAGES` under ``--lang en``).
"""

from __future__ import annotations

import math
import stat
from typing import Any

from zhice.errors import Problem
from zhice.language import current_lang

__all__ = [
    "MAX_ALIAS_NODES",
    "MAX_CONDITION_DEPTH",
    "MAX_DEPTH",
    "MAX_FILE_BYTES",
    "MAX_INT",
    "MAX_LIST_ITEMS",
    "MAX_SCALAR_CHARS",
    "MESSAGES",
    "MESSAGES_ZH",
    "digits_text",
    "file_kind",
    "number_problem",
    "problem",
    "shown",
    "words",
]

# a profile or rulebook file: far above the largest real one (~60 KB)
MAX_FILE_BYTES = 5 * 1024 * 1024
# nesting of YAML/JSON collections (a rulebook condition nests ~10 deep)
MAX_DEPTH = 64
# nodes that YAML aliases may expand to, over a whole document
MAX_ALIAS_NODES = 10_000
# one scalar (a key, a text, the digits of a number)
MAX_SCALAR_CHARS = 100_000
# nesting of all / any / not in one rulebook condition
MAX_CONDITION_DEPTH = 32
# items of one list value in a rulebook (in / not_in / intersects, a dated list parameter)
MAX_LIST_ITEMS = 5_000
# integers (and every number) are exact below 2^53 in every matcher (a double's mantissa)
MAX_INT = 2 ** 53


# code → (message, hint); {name} fields are filled from problem()'s keyword arguments
MESSAGES: dict[str, tuple[str, str]] = {
    "too-deep": (f"nested more than {MAX_DEPTH} levels deep",
                 "flatten the structure; real profiles and rulebooks nest a few levels"),
    "alias-bomb": (f"YAML aliases (*name) expand to more than {MAX_ALIAS_NODES:,} nodes",
                   "write the values out, or use fewer aliases; zhice does not expand alias bombs"),
    "value-too-long": (f"a value longer than {MAX_SCALAR_CHARS:,} characters",
                       "shorten the value"),
    "file-too-large": ("file of {size:,} bytes is larger than the limit of " f"{MAX_FILE_BYTES:,} bytes",
                       "give the profile or rulebook file itself; split a large rulebook into several files"),
    "not-a-file": ("not a regular file but {kind}",
                   "give the path of a saved .yaml or .json file (not a pipe, a device or a folder)"),
    "bad-date": ("'{value}' is not a real date ({reason})",
                 "write an existing date such as 2021-02-28 (年-月-日)"),
    "bad-value": ("YAML cannot read the value '{short}' ({reason})",
                  "write a plain number, text, or a date such as 2021-03-15"),
    "not-finite": ("{found} is not a finite number",
                   "write a real number (not .inf, .nan or 1e400); leave the field out when it is unknown"),
    "number-too-large": ("{found} is outside ±2^53 (±9,007,199,254,740,992), the range every matcher compares exactly",
                         "check the unit (万元, 件, %) and the number of digits"),
    "not-a-boolean": ("expected 是/否 (true/false), found {found}",
                      "write true or false, 是 or 否, 有 or 无; leave the field out when it is unknown"),
    "boolean-not-count": ("expected a number, found {found}",
                          "write a number such as 0 or 3, not true/false"),
    "not-a-date": ("expected a date, found {found}",
                   "write the date as 2021-03-15, 2021/3/15, 2021.03.15 or 2021年3月15日"),
    "date-after-as-of": ("成立日期 {date} is after the evaluation date {as_of}",
                         "check the founding date, or evaluate on a later date with --as-of"),
    "condition-too-deep": (f"a condition nests all / any / not more than {MAX_CONDITION_DEPTH} levels deep",
                           "write the condition flatter: all / any take lists of conditions"),
    "list-too-long": (f"a list of {{count:,}} items is longer than the limit of {MAX_LIST_ITEMS:,}",
                      "shorten the list, or derive a coarser field (an industry 门类 instead of each code)"),
    "url-scheme": ("source url '{url}' is not an http(s) address",
                   "give the issuer's web page as https://…; javascript:, data: and file: addresses are refused"),
    "store-corrupt": ("the history store is damaged ({reason})",
                      "move the file aside (mv {file} {file}.broken) and run again, give another store with "
                      "--db PATH, or run without history with --no-db"),
    "row-encoding": ("row {row} (line {at_line}) is not {encoding} text ({reason}); the other rows were screened",
                     "save the file in one encoding (UTF-8), or give --encoding for this file"),
}


# code → (message, hint) in Chinese, the words shown unless English is asked for
MESSAGES_ZH: dict[str, tuple[str, str]] = {
    "too-deep": (f"嵌套超过 {MAX_DEPTH} 层", "把结构写平一些；真实的画像和规则库只嵌套几层"),
    "alias-bomb": (f"YAML 别名（*name）展开后超过 {MAX_ALIAS_NODES:,} 个节点",
                   "把值直接写出来，或少用别名；zhice 不展开别名炸弹"),
    "value-too-long": (f"有一个值超过 {MAX_SCALAR_CHARS:,} 个字符", "缩短这个值"),
    "file-too-large": ("文件有 {size:,} 字节，超过上限 " f"{MAX_FILE_BYTES:,} 字节",
                       "给出画像或规则库文件本身；过大的规则库请拆成几个文件"),
    "not-a-file": ("不是普通文件，而是{kind}", "给出已保存的 .yaml 或 .json 文件的路径（不要给管道、设备或目录）"),
    "bad-date": ("'{value}' 不是真实的日期（{reason}）", "写一个存在的日期，如 2021-02-28（年-月-日）"),
    "bad-value": ("YAML 无法读取值 '{short}'（{reason}）", "写普通的数字、文字，或 2021-03-15 这样的日期"),
    "not-finite": ("{found} 不是有限的数字", "写一个实际的数字（不要写 .inf、.nan 或 1e400）；不知道就不填"),
    "number-too-large": ("{found} 超出 ±2^53（±9,007,199,254,740,992），各匹配器在此范围内才能精确比较",
                         "检查单位（万元、件、%）和位数"),
    "not-a-boolean": ("应为 是/否，实为 {found}", "写 是 或 否（也可写 true/false、有/无）；不知道就不填"),
    "boolean-not-count": ("应为数字，实为 {found}", "写 0、3 这样的数字，不要写 true/false"),
    "not-a-date": ("应为日期，实为 {found}", "日期写作 2021-03-15、2021/3/15、2021.03.15 或 2021年3月15日"),
    "date-after-as-of": ("成立日期 {date} 晚于评估日期 {as_of}", "核对成立日期，或用 --as-of 按更晚的日期评估"),
    "condition-too-deep": (f"条件中 all / any / not 嵌套超过 {MAX_CONDITION_DEPTH} 层",
                           "把条件写平一些：all / any 接受条件的列表"),
    "list-too-long": (f"列表有 {{count:,}} 项，超过上限 {MAX_LIST_ITEMS:,} 项",
                      "缩短列表，或推导一个更粗的字段（用行业门类代替逐个代码）"),
    "url-scheme": ("来源网址 '{url}' 不是 http(s) 地址",
                   "给出发布机关的网页 https://…；javascript:、data: 和 file: 地址一律拒绝"),
    "store-corrupt": ("历史记录已损坏（{reason}）",
                      "把文件移开（mv {file} {file}.broken）后重新运行，用 --db PATH 指定另一个历史记录，"
                      "或加 --no-db 不记历史"),
    "row-encoding": ("第 {row} 行（文件第 {at_line} 行）不是 {encoding} 文字（{reason}）；其他行已筛查",
                     "把文件存为一种编码（UTF-8），或用 --encoding 指定该文件的编码"),
}


def words(code: str, lang: str | None = None) -> tuple[str, str]:
    """The (message, hint) templates of ``code`` in ``lang`` (default: the language of the moment)."""
    return MESSAGES[code] if (lang or current_lang()) == "en" else MESSAGES_ZH[code]


def problem(code: str, file: str | None, line: int | None, path: str | None, **values: Any) -> Problem:
    """The problem ``code`` at a place, its message and hint filled from ``values``, in the
    language of the moment."""
    message, hint = words(code)
    if "value" in values:
        values.setdefault("short", str(values["value"])[:40])
    return Problem(code, message.format(**values), file, line, path, hint.format(file=file, **values))


def file_kind(mode: int) -> str:
    """What a non-regular file is, in words (in the language of the moment)."""
    en = current_lang() == "en"
    for test, zh, name in ((stat.S_ISDIR, "目录", "a folder"), (stat.S_ISFIFO, "管道（FIFO）", "a pipe (FIFO)"),
                           (stat.S_ISCHR, "设备", "a device"), (stat.S_ISBLK, "块设备", "a block device"),
                           (stat.S_ISSOCK, "套接字", "a socket")):
        if test(mode):
            return name if en else zh
    return "a special file" if en else "特殊文件"


def number_problem(value: Any) -> str | None:
    """The code of the problem with a number (``not-finite``, ``number-too-large``), or None."""
    if isinstance(value, bool) or not isinstance(value, (int, float)):
        return None
    if isinstance(value, float) and not math.isfinite(value):
        return "not-finite"
    if abs(value) > MAX_INT:
        return "number-too-large"
    return None


def digits_text(n: int) -> str:
    """``a 400-digit number`` (一个 400 位数): a huge integer by its length, in the language of the moment."""
    return f"a {n}-digit number" if current_lang() == "en" else f"一个 {n} 位数"


def shown(value: Any) -> str:
    """A value as a message quotes it: at most 60 characters, a huge integer by its length."""
    if isinstance(value, int) and not isinstance(value, bool) and abs(value) > 10 ** 40:
        return digits_text(len(str(value)))
    text = repr(value)
    return text if len(text) <= 60 else text[:57] + "…"
