"""Profile values as users type them, checked before the models see them.

Pydantic's lax mode takes ``1`` and ``"yes"`` for true, ``true`` for a count of one, ``.inf`` and
``1e400`` for numbers and nothing but ISO for dates. :func:`coerce` is stricter where that
misleads and kinder where spreadsheets differ:

* booleans: true/false, 是/否, 有/无 (and Excel's TRUE/FALSE cells); no numbers, no other words;
* counts and numbers: never a boolean; finite; within ±2^53, where every matcher compares exactly;
* dates: 2014-06-18, 2014-6-8, 2014/6/18, 2014.06.18, 2016年5月8日 and Excel date cells; an
  impossible date (2021-02-30) is named as such.

Each refusal is a ``PydanticCustomError`` whose type is the problem code of
:data:`zhice.limits.MESSAGES`, so the profile loader reports it with its path, line and hint.
"""

from __future__ import annotations

import datetime as dt
import re
from typing import Any

from pydantic_core import PydanticCustomError

from zhice.limits import MAX_INT, MESSAGES, number_problem, shown

__all__ = ["FALSE_WORDS", "TRUE_WORDS", "coerce", "parse_boolean", "parse_date"]

TRUE_WORDS = frozenset({"true", "是", "有"})
FALSE_WORDS = frozenset({"false", "否", "无", "没有"})

_DATE = re.compile(r"(\d{4})\s*(?:[-/.]\s*(\d{1,2})\s*[-/.]\s*(\d{1,2})|年\s*(\d{1,2})\s*月\s*(\d{1,2})\s*日?)")
_DIGITS = re.compile(r"[-+]?\d+")


def _refuse(code: str, **values: Any) -> PydanticCustomError:
    return PydanticCustomError(code, "{msg}", {"msg": MESSAGES[code][0].format(**values)})


def parse_boolean(text: str) -> bool | None:
    """True / False for the words a boolean may be written as, None for anything else."""
    low = text.strip().lower()
    if low in TRUE_WORDS:
        return True
    if low in FALSE_WORDS:
        return False
    return None


def parse_date(text: str) -> dt.date:
    """A date as Chinese spreadsheets write it; raises ``PydanticCustomError`` when it is none."""
    raw = text.strip()
    m = _DATE.fullmatch(raw)
    if not m:
        # an ISO date with a time ("2014-06-18T00:00:00", Excel text exports)
        try:
            return dt.datetime.fromisoformat(raw).date()
        except ValueError:
            raise _refuse("not-a-date", found=repr(text)) from None
    year, month, day = (int(g) for g in (m.group(1), m.group(2) or m.group(4), m.group(3) or m.group(5)))
    try:
        return dt.date(year, month, day)
    except ValueError as exc:
        raise _refuse("bad-date", value=raw, reason=str(exc)) from None


def _number_text(text: str, kind: str) -> str:
    """Check a number written as text (pydantic parses it afterwards); refuse huge or infinite ones."""
    cleaned = text.strip().replace(",", "")
    if _DIGITS.fullmatch(cleaned) and len(cleaned.lstrip("+-")) > 16:
        if len(cleaned) > 4000 or abs(int(cleaned)) > MAX_INT:
            raise _refuse("number-too-large", found=f"a {len(cleaned)}-digit number" if len(cleaned) > 40 else cleaned)
    try:
        value = float(cleaned)
    except ValueError:
        return text   # not a number: pydantic reports it in its words
    code = number_problem(value)
    if code:
        raise _refuse(code, found=shown(text.strip()))
    return text


def coerce(kind: str, value: Any) -> Any:
    """``value`` for a field of ``kind`` (boolean, integer, number, date), or a refusal."""
    if value is None:
        return None
    if kind == "boolean":
        if isinstance(value, bool):
            return value
        if isinstance(value, str):
            parsed = parse_boolean(value)
            if parsed is not None:
                return parsed
        raise _refuse("not-a-boolean", found=repr(value))
    if kind in ("integer", "number"):
        if isinstance(value, bool):
            raise _refuse("boolean-not-count", found=repr(value))
        if isinstance(value, str):
            return _number_text(value, kind)
        code = number_problem(value)
        if code:
            raise _refuse(code, found=shown(value))
        return value
    if kind == "date":
        if isinstance(value, dt.datetime):
            return value.date()
        if isinstance(value, dt.date):
            return value
        if isinstance(value, str):
            return parse_date(value)
        raise _refuse("not-a-date", found=repr(value))
    return value
