"""The problems the input readers (:mod:`zhice.batch.readers`) report, worded where they are made:
Chinese by default, English under ``--lang en`` (:func:`zhice.language.pick`). Codes, files, lines
and paths are the readers' (the contract); only the words live here, so that reading code and
wording change apart.
"""

from __future__ import annotations

from zhice.errors import Problem
from zhice.language import pick

__all__ = ["bad_block_encoding", "bad_header_csv", "bad_header_encoding", "bad_json", "bad_row_csv",
           "duplicate_column", "extra_cells", "header_row", "no_name_column", "sheet_skipped", "undecoded_bytes",
           "unknown_column"]


def unknown_column(i: int, name: str, file: str, line: int | None, suggestion: str | None) -> Problem:
    return Problem("unknown-column", pick(f"第 {i} 列“{name}”不是画像字段，该列被忽略",
                                          f"column {i} '{name}' is not a profile field; its cells are ignored"),
                   file, line, name, suggestion or pick("画像字段见 `zhice schema profile`", "see `zhice schema profile`"))


def duplicate_column(i: int, name: str, first: int, path: str, file: str, line: int | None) -> Problem:
    return Problem("duplicate-column", pick(f"第 {i} 列“{name}”与第 {first} 列重复（{path}），使用第一列",
                                            f"column {i} '{name}' repeats column {first} ({path}); the first is used"),
                   file, line, path)


def no_name_column(file: str, line: int | None) -> Problem:
    return Problem("no-name-column", pick("没有“企业名称”（enterprise.name）列：每一行都会是错误行",
                                          "no 企业名称 (enterprise.name) column: every row will be an error"),
                   file, line, "enterprise.name", pick("加一列，表头写 企业名称 或 enterprise.name",
                                                       "add a column headed 企业名称 or enterprise.name"))


def header_row(file: str, at: int) -> Problem:
    """The header is not the first row: the ``at`` rows above it are not read as clients."""
    return Problem("header-row", pick(f"表头在第 {at + 1} 行：上面 {at} 行不含画像字段（标题、备注），不作为客户读取",
                                      f"the header is row {at + 1}: the {at} row(s) above it name no profile field "
                                      "(a title, notes) and are not read as clients"), file, at + 1,
                   hint=pick("如果它们是客户，请让表格只在最上面有一行表头",
                             "if they are clients, give the table one header row at the top"))


def sheet_skipped(title: str, file: str) -> Problem:
    return Problem("sheet", pick(f"读取的是工作表“{title}”：它前面的工作表开头几行都不含画像字段",
                                 f"sheet '{title}' is read: the sheets before it name no profile field in their first rows"),
                   file, hint=pick("把客户放在一个带表头的工作表中", "keep the clients on one sheet with a header row"))


def undecoded_bytes(shown: str, before: str) -> str:
    """``bytes ba bc in the cell '杭州…'``: where a row's encoding failed."""
    return pick(f"单元格 '{before}…' 中的字节 {shown}", f"bytes {shown} in the cell '{before}…'")


def bad_header_csv(error: str, file: str, line: int | None) -> Problem:
    return Problem("bad-csv", pick(f"表头无法按 CSV 读取：{error}", f"the header cannot be read as CSV: {error}"), file,
                   line, hint=pick("检查第一行的引号和分隔符", "check the quotes and separators of the first line"))


def bad_header_encoding(line: int, encoding: str, bad: str | None, file: str) -> Problem:
    return Problem("bad-encoding", pick(f"表头（第 {line} 行）不能按 {encoding} 解码：{bad}",
                                        f"the header (line {line}) cannot be decoded as {encoding}: {bad}"), file, line,
                   hint=pick("把文件存为 UTF-8 或 GB18030，或用 --encoding 指定编码",
                             "save the file as UTF-8 or GB18030, or give --encoding"))


def bad_row_csv(error: str, file: str, line: int | None) -> Problem:
    """A row the csv module cannot split; a field past the size limit is a stray quote, most likely."""
    hint = pick("单元格这么长，通常是一个多余的引号（\"）把后面几行连了进来：检查这一行之前的引号",
                "a cell this long usually means a stray quote (\") runs it on over the lines that follow: check the "
                "quotes before this line") if "field limit" in error else None
    return Problem("bad-csv", pick(f"该行无法按 CSV 读取：{error}", f"row cannot be read as CSV: {error}"), file, line,
                   hint=hint)


def extra_cells(cells: int, width: int, file: str, line: int) -> Problem:
    return Problem("extra-cells", pick(f"该行有 {cells} 个单元格，表头只有 {width} 列",
                                       f"row has {cells} cells but the header has {width} columns"), file, line,
                   hint=pick("检查单元格中是否有未加引号的逗号", "check for an unquoted comma in a cell"))


def bad_block_encoding(encoding: str, reason: str, start: int, file: str) -> Problem:
    return Problem("bad-encoding", pick(f"无法按 {encoding} 解码：一个数据块的第 {start} 字节处 {reason}",
                                        f"cannot decode as {encoding}: {reason} at byte {start} of a block"), file,
                   hint=pick("把文件存为 UTF-8 或 GB18030", "save the file as UTF-8 or GB18030"))


def bad_json(file: str, row: int, msg: str, column: int | None = None) -> Problem:
    """A JSONL line that is not a JSON object (``column`` known) or cannot be read at all."""
    if column is not None:
        return Problem("bad-json", pick(f"不是 JSON 对象：第 {column} 列 {msg}", f"not a JSON object: {msg} at column {column}"),
                       file, row, hint=pick("每行写一个 JSON 对象", "write one JSON object per line"))
    return Problem("bad-json", pick(f"这一行 JSON 无法读取：{msg}", f"this JSON line cannot be read: {msg}"), file, row,
                   hint=pick("每行写一个不嵌套的 JSON 对象", "write one flat JSON object per line"))
