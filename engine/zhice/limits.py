"""The bounds every input is held to, and the words of the problems that report them.

One place for both, so that the limits are tuned and the messages reworded (another language,
another tone) without touching the loaders. :func:`problem` builds the structured problem of a
code: its message and its hint (what to do about it), with the values filled in.
"""

from __future__ import annotations

import math
import stat
from typing import Any

from zhice.errors import Problem

__all__ = [
    "MAX_ALIAS_NODES",
    "MAX_CONDITION_DEPTH",
    "MAX_DEPTH",
    "MAX_FILE_BYTES",
    "MAX_INT",
    "MAX_LIST_ITEMS",
    "MAX_SCALAR_CHARS",
    "file_kind",
    "number_problem",
    "problem",
    "shown",
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


def problem(code: str, file: str | None, line: int | None, path: str | None, **values: Any) -> Problem:
    """The problem ``code`` at a place, its message and hint filled from ``values``."""
    message, hint = MESSAGES[code]
    if "value" in values:
        values.setdefault("short", str(values["value"])[:40])
    return Problem(code, message.format(**values), file, line, path, hint.format(file=file, **values))


def file_kind(mode: int) -> str:
    """What a non-regular file is, in words."""
    for test, name in ((stat.S_ISDIR, "a folder"), (stat.S_ISFIFO, "a pipe (FIFO)"), (stat.S_ISCHR, "a device"),
                       (stat.S_ISBLK, "a block device"), (stat.S_ISSOCK, "a socket")):
        if test(mode):
            return name
    return "a special file"


def number_problem(value: Any) -> str | None:
    """The code of the problem with a number (``not-finite``, ``number-too-large``), or None."""
    if isinstance(value, bool) or not isinstance(value, (int, float)):
        return None
    if isinstance(value, float) and not math.isfinite(value):
        return "not-finite"
    if abs(value) > MAX_INT:
        return "number-too-large"
    return None


def shown(value: Any) -> str:
    """A value as a message quotes it: at most 60 characters, a huge integer by its length."""
    if isinstance(value, int) and not isinstance(value, bool) and abs(value) > 10 ** 40:
        return f"a {len(str(value))}-digit number"
    text = repr(value)
    return text if len(text) <= 60 else text[:57] + "…"
