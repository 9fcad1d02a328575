"""The warnings of ``zhice screen`` in Chinese, for stderr.

The readers and the screening (:mod:`zhice.batch`) write their warnings as English problems with
stable codes, and a cell that cannot be typed carries :func:`zhice.profile.parse_value`'s English;
until those are worded Chinese first at the source, this module reads the values out of the
English message (:data:`WARNINGS_ZH`; a cell's value by :func:`zhice.values.localized`) and
writes it in Chinese. A message
that does not match its pattern is shown as written, so a reworded message is never lost, only
left in English. Under ``--lang en`` nothing changes.
"""

from __future__ import annotations

import re

from zhice.errors import Problem
from zhice.wording import current_lang

__all__ = ["WARNINGS_ZH", "error_text", "warning_text"]

# code → (pattern of the English message, Chinese message, Chinese hint or None to keep the hint)
WARNINGS_ZH: dict[str, tuple[str, str, str | None]] = {
    "unknown-column": (r"column (?P<i>\d+) '(?P<name>.*)' is not a profile field; its cells are ignored",
                       "第 {i} 列“{name}”不是画像字段，该列被忽略", None),
    "duplicate-column": (r"column (?P<i>\d+) '(?P<name>.*)' repeats column (?P<j>\d+) \((?P<path>[^)]*)\); the first is used",
                         "第 {i} 列“{name}”与第 {j} 列重复（{path}），使用第一列", None),
    "no-name-column": (r"no 企业名称 \(enterprise\.name\) column: every row will be an error",
                       "没有“企业名称”（enterprise.name）列：每一行都会是错误行", "加一列，表头写 企业名称 或 enterprise.name"),
    "header-row": (r"the header is row (?P<r>\d+): the (?P<n>\d+) row\(s\) above it name no profile field "
                   r"\(a title, notes\) and are not read as clients",
                   "表头在第 {r} 行：上面 {n} 行不含画像字段（标题、备注），不作为客户读取",
                   "如果它们是客户，请让表格只在最上面有一行表头"),
    "sheet": (r"sheet '(?P<name>.*)' is read: the sheets before it name no profile field in their first rows",
              "读取的是工作表“{name}”：它前面的工作表开头几行都不含画像字段", "把客户放在一个带表头的工作表中"),
    "resumable": (r"an interrupted run \(#(?P<id>\d+)\) of this input exists in (?P<db>.*)",
                  "历史记录 {db} 中有这份输入的一次中断运行（#{id}）", "加 --resume 继续那次运行，而不是从头开始"),
    "nothing-to-resume": (r"--resume: (?P<why>.*)", "--resume：无法续跑（{why}）", "每一行都从头筛查"),
    "disk-space": (r"the (?P<rows>[\d,]+) rows still to screen need about (?P<need>\S+ \S+) \((?P<per>\S+ \S+) a row\), "
                   r"but only (?P<free>\S+ \S+) is free on that disk",
                   "剩下的 {rows} 行约需 {need}（每行 {per}），但该磁盘只剩 {free}",
                   "腾出空间或写到另一块磁盘（--db 可把历史记录放到别处）"),
    "row-encoding": (r"row (?P<row>\d+) \(line (?P<line>\d+)\) is not (?P<enc>\S+) text \((?P<why>.*)\); "
                     r"the other rows were screened",
                     "第 {row} 行（文件第 {line} 行）不是 {enc} 文字（{why}）；其他行已筛查",
                     "把文件存为一种编码（UTF-8），或用 --encoding 指定该文件的编码"),
}


def error_text(path: str | None, message: str) -> str:
    """An error row's message in Chinese where it is English :mod:`zhice.profile` wrote."""
    from zhice.values import localized

    return localized(path, message)


_HINTS_ZH = {"see `zhice schema profile`": "画像字段见 `zhice schema profile`"}


def warning_text(p: Problem) -> str:
    """``p`` as stderr shows it: in Chinese where :data:`WARNINGS_ZH` knows its words, else as is."""
    if current_lang() == "en" or p.code not in WARNINGS_ZH:
        return str(p)
    pattern, message, hint = WARNINGS_ZH[p.code]
    m = re.fullmatch(pattern, p.message)
    if m is None:
        return str(p)
    loc = p.location()
    text = (f"{loc}：" if loc else "") + message.format(**m.groupdict())
    shown_hint = hint if hint is not None else _HINTS_ZH.get(p.hint or "", p.hint)
    return text + (f"（{shown_hint}）" if shown_hint else "")
