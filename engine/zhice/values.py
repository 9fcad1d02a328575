"""Profile values as users type them, checked before the models see them.

Pydantic's lax mode takes ``1`` and ``"yes"`` for true, ``true`` for a count of one, ``.inf`` and
``1e400`` for numbers and nothing but ISO for dates. :func:`coerce` is stricter where that
misleads and kinder where spreadsheets differ:

* booleans: true/false, 是/否, 有/无 (and Excel's TRUE/FALSE cells); no numbers, no other words;
* counts and numbers: never a boolean; finite; within ±2^53, where every matcher compares exactly;
* dates: 2014-06-18, 2014-6-8, 2014/6/18, 2014.06.18, 2016年5月8日 and Excel date cells; an
  impossible date (2021-02-30) is named as such; a 成立日期 after the evaluation date is refused
  (:func:`zhice.profile.check_as_of`, once the date is known);
* a 统一社会信用代码 has a valid check digit (:func:`check_credit_code`).

Each refusal is a ``PydanticCustomError`` whose type is the problem code of
:data:`zhice.limits.MESSAGES`, so the profile loader reports it with its path, line and hint.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Mapping, Sequence
from typing import Any

from pydantic_core import PydanticCustomError

from zhice.errors import Problem
from zhice.limits import MAX_INT, MESSAGES, number_problem, shown

__all__ = ["FALSE_WORDS", "NumberError", "TRUE_WORDS", "check_credit_code", "check_number", "coerce",
           "parse_boolean", "parse_date", "validation_problem"]

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


class NumberError(ValueError):
    """A number read from text but refused (not finite, beyond ±2^53); its message names the text."""


def check_number(value: float, text: str) -> float:
    """``value`` if finite and within ±2^53, else a :class:`NumberError` quoting ``text`` as typed."""
    code = number_problem(value)
    if code:
        raise NumberError(MESSAGES[code][0].format(found=repr(text.strip())))
    return value


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


_CREDIT_CHARS = "0123456789ABCDEFGHJKLMNPQRTUWXY"
_CREDIT_WEIGHTS = (1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28)


def check_credit_code(code: str) -> str | None:
    """Validate a 统一社会信用代码 (GB 32100-2015). Return None if valid, else the reason.

    >>> check_credit_code("91330106MA2GL3LQ8X") is None
    False
    >>> check_credit_code("91350100M000100Y43") is None
    True
    """
    if len(code) != 18:
        return f"must be 18 characters, found {len(code)}"
    bad = [c for c in code if c not in _CREDIT_CHARS]
    if bad:
        return f"contains characters not allowed in a credit code: {''.join(sorted(set(bad)))} (I, O, Z, S, V are never used)"
    total = sum(_CREDIT_CHARS.index(c) * w for c, w in zip(code[:17], _CREDIT_WEIGHTS, strict=True))
    expected = _CREDIT_CHARS[(31 - total % 31) % 31]
    if code[17] != expected:
        return f"check digit is '{code[17]}', but the first 17 characters give '{expected}'"
    return None


_EXPECTED = {"integer": "a whole number", "number": "a number", "boolean": "true or false (是/否)",
             "date": "a date like 2021-03-15", "list": "a list such as [US, EU]"}


def validation_problem(err: Any, file: str | None, loaded: Any, fields: Mapping[str, Any],
                       sections: Sequence[str]) -> Problem:
    """The problem of one pydantic error of a profile, at its path and line, with a hint."""
    path = ".".join(str(p) for p in err["loc"])
    line = loaded.line_of(path) if loaded else None
    found = err.get("input")
    if err["type"] == "missing":
        hint = ("every profile needs enterprise.name (企业名称)" if path.startswith("enterprise")
                else "give this section's fields as a mapping")
        return Problem("missing-field", "required field is missing", file, line, path, hint)
    if err["type"] in MESSAGES:   # zhice.values' refusals: their own words and hint
        return Problem(err["type"], err["msg"], file, line, path, MESSAGES[err["type"]][1])
    msg = err["msg"].removeprefix("Value error, ")
    spec = fields.get(path.split(".0")[0]) if "." in path else None
    if spec is None:
        hint = ("indent the section's fields under it (enterprise:\n  name: …)" if path in sections
                else "see `zhice schema profile` for every field and its type")
    else:
        expected = _EXPECTED.get(spec.type) or ("one of " + ", ".join(spec.choices) if spec.choices else "text")
        hint = f"{spec.title}: expected {expected}" + (f" ({spec.unit})" if spec.unit else "")
    if not isinstance(found, Mapping):
        msg = f"{msg}; found {shown(found)}"
    return Problem("invalid-value", msg, file, line, path, hint)
