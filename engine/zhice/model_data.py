"""A model's JSON-ready data without pydantic's serializer: what ``model_dump(mode="json")`` gives.

A rulebook loaded from the cache (:mod:`zhice.rulebook_cache`) holds constructed models whose
validator and serializer were never built (``defer_build``). Describing a program reads a few of
them as plain data (its sources, plan references, effective days); building pydantic's serializer
for that costs a cold checkup the schema generation of each model and pydantic's plugin discovery.
:func:`json_data` walks the model's fields instead. It covers the value types of the rulebook and
report models (text, numbers, booleans, dates, lists, mappings, enums, nested models; a datetime, any
other type or a model without pydantic fields, as the fast profile model, raises TypeError);
``tests/test_rulebook_cache.py`` holds it equal to ``model_dump`` on every model of the shipped
rulebooks.
"""

from __future__ import annotations

import datetime as dt
from enum import Enum
from typing import Any

from pydantic import BaseModel

__all__ = ["json_data"]


def json_data(model: BaseModel, *, exclude_none: bool = False, by_alias: bool = False) -> dict[str, Any]:
    """``model.model_dump(mode="json", exclude_none=…, by_alias=…)``, built from the fields directly."""
    return _model(model, exclude_none, by_alias)


def _model(model: BaseModel, exclude_none: bool, by_alias: bool) -> dict[str, Any]:
    out: dict[str, Any] = {}
    values = model.__dict__
    fields = type(model).__pydantic_fields__
    if values and not fields:
        raise TypeError(f"json_data: {type(model).__name__} has no pydantic fields to walk")
    for name, info in fields.items():
        if info.exclude:
            continue
        value = values[name]
        if value is None and exclude_none:
            continue
        key = (info.serialization_alias or info.alias or name) if by_alias else name
        out[key] = _value(value, exclude_none, by_alias)
    return out


def _value(value: Any, exclude_none: bool, by_alias: bool) -> Any:
    if isinstance(value, Enum):      # before text: a choice is a str enum, written as its value
        return _value(value.value, exclude_none, by_alias)
    if value is None or isinstance(value, (str, bool, int, float)):
        return value
    if isinstance(value, BaseModel):
        return _model(value, exclude_none, by_alias)
    if isinstance(value, dt.date) and not isinstance(value, dt.datetime):   # pydantic writes datetimes its own way
        return value.isoformat()
    if isinstance(value, (list, tuple)):
        return [_value(v, exclude_none, by_alias) for v in value]
    if isinstance(value, dict):
        return {k: _value(v, exclude_none, by_alias) for k, v in value.items()}   # exclude_none spares a mapping's values
    raise TypeError(f"json_data: no JSON form for {type(value).__name__}")
