"""Profile values typed from text: a CSV cell, a Gherkin table cell, ``--set PATH=VALUE``.

The field's registry type (:data:`zhice.profile.FIELDS`) decides how the text is read; nothing
here knows a field by name.
"""

from __future__ import annotations

import datetime as dt
import re
from typing import Any

from pydantic_core import PydanticCustomError

from zhice.errors import did_you_mean
from zhice.limits import digits_text
from zhice.profile.registry import FIELDS
from zhice.values import (FALSE_WORDS, TRUE_WORDS, NumberError, check_number, not_a_choice, not_a_number,
                          not_a_whole_number, parse_date, value_message)

__all__ = ["UNKNOWN_WORDS", "parse_value"]

UNKNOWN_WORDS = frozenset({"", "不知道", "未知", "unknown", "n/a", "na", "-", "—", "null", "none", "~"})


def parse_value(path: str, text: Any) -> Any:
    """Type a value given as text (CSV cell, Gherkin table, ``--set``) by the field's schema.

    Returns None for "unknown" words. Raises ValueError with a readable message (Chinese, or English
    under ``--lang en``: :mod:`zhice.values`' words).

    >>> parse_value("ip.invention_patents", "3")
    3
    >>> parse_value("ip_management.policy_documented", "是")
    True
    >>> parse_value("overseas.markets", "US, jp")
    ['US', 'JP']
    """
    spec = FIELDS[path]
    if text is None:
        return None
    if not isinstance(text, str):
        if spec.type == "number" and isinstance(text, int) and not isinstance(text, bool):
            return float(text)
        if spec.type == "date" and isinstance(text, dt.datetime):
            return text.date()
        if spec.type == "integer" and isinstance(text, float) and text.is_integer():
            return int(text)
        return text
    raw = text.strip()
    if raw.lower() in UNKNOWN_WORDS and spec.type != "string" and raw not in spec.choices:
        return None
    if spec.type == "string" and raw == "":
        return None
    if spec.type == "integer":
        cleaned = raw.replace(",", "").replace("，", "")
        for suffix in ("件", "人", "个", "级", "项"):
            cleaned = cleaned.removesuffix(suffix)
        if re.fullmatch(r"[-+]?\d+", cleaned):   # exact (the model then checks its range)
            if len(cleaned) > 4000:
                raise ValueError(value_message("number-too-large", found=digits_text(len(cleaned))))
            return int(cleaned)
        try:
            f = float(cleaned)
        except ValueError:
            raise ValueError(not_a_whole_number(text)) from None
        check_number(f, text)
        if not f.is_integer():
            raise ValueError(not_a_whole_number(text))
        return int(f)
    if spec.type == "number":
        cleaned = raw.replace(",", "").replace("，", "").removesuffix("%").removesuffix("万元")
        try:
            return check_number(float(cleaned), text)
        except NumberError:
            raise
        except ValueError:
            raise ValueError(not_a_number(text, spec.unit)) from None
    if spec.type == "boolean":
        low = raw.lower()
        if low in TRUE_WORDS:
            return True
        if low in FALSE_WORDS:
            return False
        raise ValueError(value_message("not-a-boolean", found=repr(text)))
    if spec.type == "date":
        try:
            return parse_date(raw)
        except PydanticCustomError as exc:
            raise ValueError(exc.message()) from None
    if spec.type == "enum":
        if raw not in spec.choices:
            hint = did_you_mean(raw, spec.choices)
            raise ValueError(not_a_choice(path, text, spec.choices, hint))
        return raw
    if spec.type == "list":
        return [p.strip().upper() for p in re.split(r"[,，、;；\s]+", raw) if p.strip()]
    return raw
