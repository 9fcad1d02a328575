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

Messages are Chinese first (:data:`VALUE_MESSAGES`, pydantic's own errors by :data:`PYDANTIC_ZH`),
naming the field by its Chinese title; English (the words of :mod:`zhice.limits` and pydantic)
under ``--lang en`` (:func:`zhice.language.current_lang`). The problem's code and path stay the same
in both languages.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Mapping, Sequence
from typing import Any

from pydantic_core import PydanticCustomError

from zhice.errors import Problem
from zhice.language import choice_label, current_lang
from zhice.limits import MAX_INT, MESSAGES, MESSAGES_ZH, digits_text, number_problem, shown

__all__ = ["FALSE_WORDS", "PYDANTIC_ZH", "VALUE_MESSAGES", "NumberError", "TRUE_WORDS", "check_credit_code",
           "check_number", "coerce", "not_a_choice", "not_a_number", "not_a_whole_number",
           "parse_boolean", "parse_date", "unknown_field_message", "unknown_key_message",
           "validation_problem", "value_hint",
           "value_message"]

TRUE_WORDS = frozenset({"true", "是", "有"})
FALSE_WORDS = frozenset({"false", "否", "无", "没有"})

_DATE = re.compile(r"(\d{4})\s*(?:[-/.]\s*(\d{1,2})\s*[-/.]\s*(\d{1,2})|年\s*(\d{1,2})\s*月\s*(\d{1,2})\s*日?)")
_DIGITS = re.compile(r"[-+]?\d+")


# the refusals of values: code → (message, hint) in Chinese (zhice.limits.MESSAGES_ZH, the one place
# of these words); the English is zhice.limits.MESSAGES[code]
VALUE_CODES = ("bad-date", "not-finite", "number-too-large", "not-a-boolean", "boolean-not-count", "not-a-date",
               "date-after-as-of")
VALUE_MESSAGES: dict[str, tuple[str, str]] = {code: MESSAGES_ZH[code] for code in VALUE_CODES}

# Python's reasons for an impossible date
_DATE_REASONS_ZH = {"day is out of range for month": "该月没有这一天", "month must be in 1..12": "月份应为 1 到 12"}


def _zh() -> bool:
    return current_lang() != "en"


def value_message(code: str, **values: Any) -> str:
    """The message of a value refusal ``code``, in the language of the moment."""
    if _zh():
        if "reason" in values:
            values = {**values, "reason": _DATE_REASONS_ZH.get(str(values["reason"]), values["reason"])}
        return VALUE_MESSAGES[code][0].format(**values)
    return MESSAGES[code][0].format(**values)


def value_hint(code: str) -> str:
    """The hint of a value problem ``code``, in the language of the moment."""
    return VALUE_MESSAGES[code][1] if _zh() and code in VALUE_MESSAGES else MESSAGES[code][1]


def _refuse(code: str, **values: Any) -> PydanticCustomError:
    return PydanticCustomError(code, "{msg}", {"msg": value_message(code, **values)})


def not_a_whole_number(text: Any) -> str:
    """``expected a whole number, found '三件'``, in the language of the moment (for parse_value)."""
    return f"应为整数，实为 '{text}'" if _zh() else f"expected a whole number, found '{text}'"


def not_a_number(text: Any, unit: str | None = None) -> str:
    """``expected a number in 万元, found 'x'``, in the language of the moment (for parse_value)."""
    if _zh():
        return f"应为数字{'（单位：' + unit + '）' if unit else ''}，实为 '{text}'"
    return f"expected a number{' in ' + unit if unit else ''}, found '{text}'"


def not_a_choice(path: str, text: Any, choices: Sequence[str], hint: str | None = None) -> str:
    """``expected one of none, implementing …, found 'x'``: in Chinese with the choices' labels."""
    if _zh():
        return f"应为以下之一：{_choices_zh(path, choices)}，实为 '{text}'" + (f"；{hint}" if hint else "")
    return f"expected one of {', '.join(choices)}, found '{text}'" + (f"; {hint}" if hint else "")


def unknown_key_message(key: str, keys: Sequence[str]) -> str:
    """``unknown top-level key 'x'; expected one of …`` in the language of the moment."""
    if _zh():
        return f"没有顶层键 '{key}'；应为以下之一：{', '.join(keys)}"
    return f"unknown top-level key '{key}'; expected one of {', '.join(keys)}"


def unknown_field_message(field: str) -> str:
    """``unknown field 'x'`` in the language of the moment."""
    return f"画像没有字段 '{field}'" if _zh() else f"unknown field '{field}'"


def _choices_zh(path: str, choices: Sequence[str]) -> str:
    return "、".join(f"{c}（{choice_label(path, c)}）" if choice_label(path, c) != c else c for c in choices)


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
            raise _refuse("number-too-large", found=digits_text(len(cleaned)) if len(cleaned) > 40 else cleaned)
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
        raise NumberError(value_message(code, found=repr(text.strip())))
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
    zh = _zh()
    if len(code) != 18:
        return f"应为 18 位，现为 {len(code)} 位" if zh else f"must be 18 characters, found {len(code)}"
    bad = "".join(sorted({c for c in code if c not in _CREDIT_CHARS}))
    if bad:
        return (f"含有信用代码不用的字符：{bad}（I、O、Z、S、V 从不使用）" if zh
                else f"contains characters not allowed in a credit code: {bad} (I, O, Z, S, V are never used)")
    total = sum(_CREDIT_CHARS.index(c) * w for c, w in zip(code[:17], _CREDIT_WEIGHTS, strict=True))
    expected = _CREDIT_CHARS[(31 - total % 31) % 31]
    if code[17] != expected:
        return (f"校验位为 '{code[17]}'，按前 17 位应为 '{expected}'" if zh
                else f"check digit is '{code[17]}', but the first 17 characters give '{expected}'")
    return None


_EXPECTED = {"integer": "a whole number", "number": "a number", "boolean": "true or false (是/否)",
             "date": "a date like 2021-03-15", "list": "a list such as [US, EU]"}
_EXPECTED_ZH = {"integer": "整数", "number": "数字", "boolean": "是 或 否", "date": "日期，如 2021-03-15",
                "list": "列表，如 [US, EU]", "string": "文字"}

# pydantic's error types → what a Chinese reader is told ({ge} … from the error's context)
PYDANTIC_ZH: dict[str, str] = {
    "int_parsing": "应为整数", "int_type": "应为整数", "int_from_float": "应为整数，不能有小数",
    "float_parsing": "应为数字", "float_type": "应为数字", "finite_number": "应为有限的数字",
    "bool_parsing": "应为 是/否", "bool_type": "应为 是/否",
    "string_type": "应为文字", "string_too_short": "不能为空", "string_too_long": "不能超过 {max_length} 个字符",
    "string_pattern_mismatch": "格式不符",
    "greater_than_equal": "应不小于 {ge}", "greater_than": "应大于 {gt}",
    "less_than_equal": "应不大于 {le}", "less_than": "应小于 {lt}",
    "list_type": "应为列表，如 [US, EU]", "dict_type": "应为一节字段（映射）", "model_type": "应为一节字段（映射）",
    "model_attributes_type": "应为一节字段（映射）",
    "date_type": "应为日期", "date_parsing": "应为日期", "date_from_datetime_parsing": "应为日期",
    "date_from_datetime_inexact": "应为日期，不带时刻",
}


def _pydantic_zh(err: Any, path: str, spec: Any) -> str:
    kind = err["type"]
    if kind in ("enum", "literal_error") and spec is not None and spec.choices:
        return f"应为以下之一：{_choices_zh(path, spec.choices)}"
    if kind == "value_error":
        return str(err["msg"]).removeprefix("Value error, ")
    template = PYDANTIC_ZH.get(kind)
    if template is None:
        return f"取值无效（{err['msg']}）"
    try:
        return template.format(**(err.get("ctx") or {}))
    except (KeyError, IndexError):
        return template


def validation_problem(err: Any, file: str | None, loaded: Any, fields: Mapping[str, Any],
                       sections: Sequence[str]) -> Problem:
    """The problem of one pydantic error of a profile, at its path and line, with a hint: in
    Chinese with the field's title (``从业人员数：应不小于 0，实为 -1``), in English under ``--lang en``."""
    path = ".".join(str(p) for p in err["loc"])
    line = loaded.line_of(path) if loaded else None
    found = err.get("input")
    zh = _zh()
    spec = fields.get(path.split(".0")[0]) if "." in path else None
    title = spec.title if spec is not None else path
    if err["type"] == "missing":
        if zh:
            hint = ("每份画像都要有 enterprise.name（企业名称）" if path.startswith("enterprise")
                    else "把这一节的字段写成映射，缩进在节名之下")
            return Problem("missing-field", f"{title}：缺少必填字段", file, line, path, hint)
        hint = ("every profile needs enterprise.name (企业名称)" if path.startswith("enterprise")
                else "give this section's fields as a mapping")
        return Problem("missing-field", "required field is missing", file, line, path, hint)
    if err["type"] in MESSAGES:   # zhice.values' refusals: their own words and hint
        msg = f"{title}：{err['msg']}" if zh else err["msg"]
        return Problem(err["type"], msg, file, line, path, value_hint(err["type"]))
    if zh:
        said = _pydantic_zh(err, path, spec)
        msg = said if err["type"] == "value_error" and title in said else f"{title}：{said}"
    else:
        msg = err["msg"].removeprefix("Value error, ")
    if spec is None:
        if zh:
            hint = ("把这一节的字段缩进在节名之下（enterprise:\n  name: …）" if path in sections
                    else "每个字段及其类型见 `zhice schema profile`")
        else:
            hint = ("indent the section's fields under it (enterprise:\n  name: …)" if path in sections
                    else "see `zhice schema profile` for every field and its type")
    elif zh and err["type"] == "string_pattern_mismatch":
        hint = f"{spec.title}：应符合格式 {(err.get('ctx') or {}).get('pattern', '')}"
    elif zh:
        expected = (_EXPECTED_ZH.get(spec.type) if not spec.choices else "以下之一：" + _choices_zh(path, spec.choices))
        hint = f"{spec.title}：填{expected or '文字'}" + (f"（单位：{spec.unit}）" if spec.unit else "")
    else:
        expected = _EXPECTED.get(spec.type) or ("one of " + ", ".join(spec.choices) if spec.choices else "text")
        hint = f"{spec.title}: expected {expected}" + (f" ({spec.unit})" if spec.unit else "")
    if not isinstance(found, Mapping):
        msg = f"{msg}，实为 {shown(found)}" if zh else f"{msg}; found {shown(found)}"
    return Problem("invalid-value", msg, file, line, path, hint)
