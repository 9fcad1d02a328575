"""Table rows typed and validated column by column: the reading side of columnar screening.

A chunk of CSV/XLSX rows becomes one polars column per profile field, holding the facts as
:func:`zhice.eval.normalize` gives them (dates as ordinal days, enums as their codes, lists as
tuples; null = unknown). The rules are the row path's (:meth:`zhice.batch.readers.Header.record`,
then the profile model): a fast vectorised check takes only the plain spellings (``3``,
``12.5``, ``是``, an enum code, ``2021-03-15``) whose value is certain, every other cell goes
through the row path's own cell function (:func:`zhice.batch.readers.slow_cell`) one distinct
value at a time, and the model's constraints (ranges, lengths, patterns, a field's own validator
such as the credit code's check digit) are checked per column, vectorised where they are plain
bounds or patterns and by the model itself, per distinct value, otherwise.

A row with any cell refused, or any value the model would refuse, or a 成立日期 after the
evaluation date, is not typed here: it is handed back (``fallback``) to the row path, which gives
its error row — so the error rows of both paths are the same by construction, and nothing the row
path refuses is accepted here.
"""

from __future__ import annotations

import datetime as dt
import functools
import re
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from typing import Any

import polars as pl
from pydantic import ValidationError

from zhice.batch.readers import SLOW, Header, fast_value, slow_cell
from zhice.limits import number_problem
from zhice.profile import FALSE_WORDS, FIELDS, TRUE_WORDS, active_catalogue
from zhice.profile.model import BeforeCoercion, schema_model

__all__ = ["TypedColumns", "type_columns"]

_EPOCH = dt.date(1970, 1, 1).toordinal()
_INT = r"^-?[0-9]{1,15}$"                                 # below 2^53: no range problem possible
_NUM = r"^-?[0-9]{1,15}(\.[0-9]{1,4})?$"                  # 4 decimals at most: normalize keeps it as is
_ISO = r"^[1-9][0-9]{3}-[0-9]{2}-[0-9]{2}$"
_TRIMMED = r"(?s)^[^\s\x1c-\x1f](.*[^\s\x1c-\x1f])?$"     # nothing str.strip() would remove
_DTYPES = {"integer": pl.Int64, "number": pl.Float64, "date": pl.Int64, "boolean": pl.Boolean,
           "enum": pl.String, "string": pl.String}
_CREDIT_CHARS = "0123456789ABCDEFGHJKLMNPQRTUWXY"
_CREDIT_WEIGHTS = (1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28)


def _bool_words() -> dict[str, bool]:
    """Exact cell texts of booleans (the words and their upper / capitalised spellings)."""
    out: dict[str, bool] = {}
    for w in TRUE_WORDS | FALSE_WORDS:
        for spelling in {w, w.upper(), w.capitalize()}:
            low = spelling.strip().lower()
            if low in TRUE_WORDS or low in FALSE_WORDS:
                out[spelling] = low in TRUE_WORDS
    return out


_BOOLS = _bool_words()


@dataclass
class _Rule:
    """What the profile model demands of one field's value, split into vectorised checks and the
    model's own validation (per distinct value)."""

    path: str
    section: type[Any]
    name: str
    kind: str
    bounds: list[tuple[str, float]]
    min_len: int | None = None
    pattern: str | None = None
    by_model: bool = False          # a validator of its own, or a constraint not checked here


def _rules() -> dict[str, _Rule]:
    rules: dict[str, _Rule] = {}
    for section, finfo in schema_model(active_catalogue()).model_fields.items():   # pydantic fields: the schema model's
        model = finfo.annotation
        if not isinstance(model, type) or not hasattr(model, "model_fields"):
            continue
        own = {f for d in model.__pydantic_decorators__.field_validators.values()
               for f in d.info.fields if f != "*"}
        own |= {f for d in model.__pydantic_decorators__.model_validators.values() for f in model.model_fields}
        for name, f in model.model_fields.items():
            path = f"{section}.{name}"
            if path not in FIELDS:
                continue
            rule = _Rule(path, model, name, FIELDS[path].type, [], by_model=name in own or FIELDS[path].type == "list")
            for m in f.metadata:
                if isinstance(m, BeforeCoercion):
                    continue                # zhice.values.coerce by kind (the old field_validator("*"))
                kind = type(m).__name__
                if kind in ("Ge", "Le", "Gt", "Lt"):
                    rule.bounds.append((kind.lower(), getattr(m, kind.lower())))
                elif kind == "MinLen":
                    rule.min_len = m.min_length
                elif getattr(m, "pattern", None) is not None and len(vars(m)) == 1:
                    rule.pattern = m.pattern
                else:
                    rule.by_model = True
            rules[path] = rule
    return rules


_RULES = _rules()


def _fact(kind: str, value: Any) -> Any:
    """A typed cell's value as a normalized fact, or ``SLOW`` when it is not of the field's plain
    type (the model decides that row)."""
    t = type(value)
    if kind in ("integer", "number") and number_problem(value):
        return SLOW                    # not finite, beyond ±2^53: the model refuses it (zhice.values.coerce)
    if kind == "integer":
        return value if t is int else SLOW
    if kind == "number":
        return round(value, 4) if t is float else SLOW
    if kind == "boolean":
        return value if t is bool else SLOW
    if kind == "date":
        return dt.date.fromisoformat(value).toordinal() if t is str else SLOW
    if kind == "list":
        return tuple(value) if t is list else SLOW
    return value if t is str else SLOW


def _model_value(rule: _Rule, value: Any) -> Any:
    """``value`` as the profile model keeps it (its own validator applied), as a fact; ``SLOW``
    when the model refuses it."""
    data = {rule.name: list(value) if isinstance(value, tuple) else value}
    if rule.section.model_fields.get("name") is not None and rule.name != "name" \
            and rule.section.model_fields["name"].is_required():
        data["name"] = "x"
    try:
        got = getattr(rule.section.model_validate(data), rule.name)
    except ValidationError:
        return SLOW
    if hasattr(got, "value") and not isinstance(got, (int, float, str)):
        got = got.value
    if isinstance(got, str) and hasattr(got, "value"):   # a str Enum
        got = got.value
    if isinstance(got, dt.date):
        return got.toordinal()
    if isinstance(got, list):
        return tuple(got)
    return got


def _credit_valid(s: pl.Series) -> pl.Series:
    """The 统一社会信用代码 check digit (GB 32100-2015) per cell, vectorised: True only for codes
    the model takes unchanged (18 allowed upper-case characters, the right check digit)."""
    index = {c: i for i, c in enumerate(_CREDIT_CHARS)}
    frame = pl.DataFrame({"s": s})
    digits = [pl.col("s").str.slice(i, 1).replace_strict(index, default=None, return_dtype=pl.Int64)
              for i in range(17)]
    total = pl.sum_horizontal([d * w for d, w in zip(digits, _CREDIT_WEIGHTS, strict=True)])
    expected = ((31 - total % 31) % 31).replace_strict(dict(enumerate(_CREDIT_CHARS)), default=None,
                                                        return_dtype=pl.String)
    ok = (pl.col("s").str.len_chars() == 18) & pl.all_horizontal([d.is_not_null() for d in digits]) \
        & (pl.col("s").str.slice(17, 1) == expected)
    return frame.select(ok.fill_null(False).alias("ok"))["ok"]


_VECTOR_VALIDATORS = {"enterprise.credit_code": _credit_valid}


@dataclass
class TypedColumns:
    """A chunk's table rows typed: ``index`` the positions (in the rows given) of the rows typed
    here, ``columns`` their facts by path (rows in ``index`` order), ``fallback`` the positions of
    the rows the row path must type (a refused cell or value: it gives their error rows)."""

    index: list[int]
    columns: dict[str, pl.Series]
    fallback: list[int]


def type_columns(rows: Sequence[Sequence[Any]], header: Header, as_of: dt.date,
                 columns_given: Sequence[Sequence[Any] | None] | None = None) -> TypedColumns:
    """Type the cells of ``rows`` (one table's rows, laid out by ``header``) column by column;
    or, with ``columns_given``, the same cells given column by column (one per header column,
    None for a column that names no field; :meth:`zhice.batch.readers.TableRows.cells`)."""
    width = len(header.columns)
    cells: Sequence[Sequence[Any]]
    texts: dict[str, pl.Series] = {}
    raws: dict[str, Sequence[Any]] = {}
    if columns_given is not None:
        n = len(next((c for c in columns_given if c is not None), ()))
        for path, col in zip(header.columns, columns_given):
            if path is not None and col is not None:
                if isinstance(col, pl.Series):
                    texts[path] = col.alias(path)
                    raws[path] = _Cells(col)
                else:
                    texts[path] = pl.Series(path, col, dtype=pl.String)
                    raws[path] = col
    else:
        n = len(rows)
        padded = [r if len(r) >= width else list(r) + [None] * (width - len(r)) for r in rows]
        cells = list(zip(*padded)) if n else [()] * width
        for i, path in enumerate(header.columns):
            if path is None:
                continue
            raws[path] = cells[i]
            try:
                texts[path] = pl.Series(path, cells[i], dtype=pl.String)
            except Exception:  # noqa: BLE001 - not all text (XLSX cells): typed cell by cell below
                pass
    # the plain spellings of every text column at once: values, and which cells need the row path's typing
    firsts, exprs = _fast_exprs(tuple(texts))
    fast_frame = pl.DataFrame(list(texts.values())).with_columns(firsts).select(exprs) if exprs else None
    columns: dict[str, pl.Series] = {}
    bad = pl.Series("bad", [False] * n, dtype=pl.Boolean)
    for path, raw in raws.items():
        spec = FIELDS[path]
        dtype = _DTYPES.get(spec.type)
        if spec.type == "list":
            values, refused = _list_column(path, raw)
            columns[path] = values
            if refused is not None:
                bad = bad | refused
            continue
        if path in texts and fast_frame is not None:
            values = fast_frame[f"v:{path}"]
            slow = fast_frame[f"s:{path}"]
            slow_at = slow.arg_true().to_list() if slow.any() else []
        else:
            values = pl.Series(path, [None] * n, dtype=dtype or pl.Null)
            slow_at = [r for r, c in enumerate(raw) if c is not None and c != ""]
        values, refused = _slow_cells(path, spec.type, frozenset(spec.choices), raw, values.alias(path), slow_at)
        values, refused_values = _by_model(_RULES[path], values)
        columns[path] = values
        for mask in (refused, refused_values):
            if mask is not None:
                bad = bad | mask
    # the model's plain constraints (ranges, lengths, patterns) over every column at once
    checks = _check_exprs(tuple(p for p, s in columns.items() if s.dtype != pl.Object))
    if checks and n:
        frame = pl.DataFrame([s for s in columns.values() if s.dtype != pl.Object])
        bad = bad | frame.select(pl.any_horizontal(checks).alias("bad"))["bad"]
    name = columns.get("enterprise.name")
    bad = bad | (name.is_null() if name is not None else True)
    for path in active_catalogue().of_kind("founding_date"):     # founded after the evaluation date
        founded = columns.get(path)
        if founded is not None:
            bad = bad | (founded > as_of.toordinal()).fill_null(False)
    ok = ~bad
    index = ok.arg_true().to_list()
    fallback = bad.arg_true().to_list()
    if fallback:
        columns = {p: s.filter(ok) for p, s in columns.items()}
    return TypedColumns(index, columns, fallback)


class _Cells(Sequence[Any]):
    """A text column's cells as Python strings, made only when a cell is asked for (the row
    path's typing of the few cells the vectorised check leaves)."""

    def __init__(self, series: pl.Series):
        self._series = series
        self._list: list[Any] | None = None

    def __len__(self) -> int:
        return self._series.len()

    def __getitem__(self, r: Any) -> Any:
        return self.cells()[r]

    def __iter__(self) -> Iterator[Any]:
        return iter(self.cells())

    def cells(self) -> list[Any]:
        if self._list is None:
            self._list = self._series.to_list()
        return self._list


# "US,jp": two or more codes, which the row path splits and upper-cases as they are (one code alone
# may be an unknown word, such as "NA": the row path decides it)
_CODES = re.compile(r"[A-Za-z]{2}(?:,[A-Za-z]{2})+")


def _list_column(path: str, raw: Sequence[Any]) -> tuple[pl.Series, pl.Series | None]:
    """A list field (出口市场): plain comma-separated two-letter codes taken as they are; every
    other cell typed by the row path's cell function and validated by the model (once per cell text)."""
    rule = _RULES[path]
    cache: dict[Any, Any] = {}
    values: list[Any] = []
    bad_at: list[int] = []
    for r, cell in enumerate(raw):
        if cell is None or cell == "":
            values.append(None)
            continue
        key = (type(cell), cell)
        v = cache.get(key, cache)
        if v is cache:
            if type(cell) is str and _CODES.fullmatch(cell):
                v = tuple(cell.upper().split(","))
            else:
                v = fast_value("list", frozenset(), cell)
                if v is SLOW:
                    try:
                        v = slow_cell(path, "list", cell)
                    except ValueError:
                        v = SLOW
                if v is not None and v is not SLOW:
                    v = _fact("list", v)
                if v is not None and v is not SLOW:
                    v = _model_value(rule, v)
            cache[key] = v
        if v is SLOW:
            bad_at.append(r)
            v = None
        values.append(v)
    refused = pl.Series("bad", [False] * len(raw), dtype=pl.Boolean).scatter(bad_at, True) if bad_at else None
    return pl.Series(path, values, dtype=pl.Object), refused


@functools.lru_cache(maxsize=64)
def _fast_exprs(paths: tuple[str, ...]) -> tuple[list[pl.Expr], list[pl.Expr]]:
    """The fast checks of text columns ``paths`` (built once per header), in two steps: each
    column's one costly test (``f:<path>``: a pattern match, a lookup), then from it the column's
    values (``v:<path>``) and the cells the row path's cell functions must type (``s:<path>``)."""
    firsts, exprs = [], []
    for path in paths:
        spec = FIELDS[path]
        first, value, fast = _fast(spec.type, frozenset(spec.choices), pl.col(path), pl.col(f"f:{path}"))
        firsts.append(first.alias(f"f:{path}"))
        exprs += [value.alias(f"v:{path}"), ((pl.col(path) != "") & ~fast).fill_null(False).alias(f"s:{path}")]
    return firsts, exprs


def _slow_cells(path: str, kind: str, choices: frozenset[str], raw: Sequence[Any], values: pl.Series,
                slow_at: list[int]) -> tuple[pl.Series, pl.Series | None]:
    """The cells at ``slow_at`` typed by the row path's cell functions (once per distinct cell):
    the column with their values, and the mask of the cells refused (None: none)."""
    if not slow_at:
        return values, None
    n = len(raw)
    dtype = _DTYPES.get(kind)
    cache: dict[Any, Any] = {}
    got: list[Any] = []
    at: list[int] = []
    bad_at: list[int] = []
    for r in slow_at:
        cell = raw[r]
        key = (type(cell), cell)
        v = cache.get(key, cache)
        if v is cache:
            v = fast_value(kind, choices, cell)
            if v is SLOW:
                try:
                    v = slow_cell(path, kind, cell)
                except ValueError:
                    v = SLOW
            if v is not None and v is not SLOW:
                v = _fact(kind, v)
            cache[key] = v
        if v is SLOW:
            bad_at.append(r)
        elif v is not None:
            got.append(v)
            at.append(r)
    if at:
        if dtype is None:           # lists: Python objects, decided by the closures
            merged = values.to_list() if values.dtype != pl.Null else [None] * n
            for r, v in zip(at, got):
                merged[r] = v
            values = pl.Series(path, merged, dtype=pl.Object)
        else:
            values = values.cast(dtype).scatter(at, pl.Series(got, dtype=dtype))
    elif values.dtype == pl.Null and dtype is not None:
        values = values.cast(dtype)
    refused = None
    if bad_at:
        refused = pl.Series("bad", [False] * n, dtype=pl.Boolean).scatter(bad_at, True)
    return values, refused


def _fast(kind: str, choices: frozenset[str], text: pl.Expr, first: pl.Expr) -> tuple[pl.Expr, pl.Expr, pl.Expr]:
    """The test a vectorised check types cells by (computed once, as ``first``), and from it the
    values of the cells it types with certainty and which cells those are."""
    if kind == "integer":
        return text.str.contains(_INT), pl.when(first).then(text.cast(pl.Int64, strict=False)), first
    if kind == "number":
        return text.str.contains(_NUM), pl.when(first).then(text.cast(pl.Float64, strict=False)), first
    if kind == "boolean":
        return text.replace_strict(_BOOLS, default=None, return_dtype=pl.Boolean), first, first.is_not_null()
    if kind == "date":
        days = pl.when(text.str.contains(_ISO)).then(text).str.to_date("%Y-%m-%d", strict=False)
        return days.cast(pl.Int64) + _EPOCH, first, first.is_not_null()
    if kind == "enum":
        return text.is_in(list(choices)), pl.when(first).then(text), first
    if kind == "string":
        return text.str.contains(_TRIMMED), pl.when(first).then(text), first
    return pl.lit(None), pl.lit(None), pl.lit(False)


@functools.lru_cache(maxsize=64)
def _check_exprs(paths: tuple[str, ...]) -> list[pl.Expr]:
    return [c for path in paths for c in _checks(_RULES[path])]


def _checks(rule: _Rule) -> list[pl.Expr]:
    """The model's plain constraints on a column, as expressions true where a value breaks one."""
    col = pl.col(rule.path)
    out = [{"ge": col < bound, "le": col > bound, "gt": col <= bound, "lt": col >= bound}[op]
           for op, bound in rule.bounds]
    if rule.min_len is not None:
        out.append(col.str.len_chars() < rule.min_len)
    if rule.pattern is not None:
        out.append(~col.str.contains(rule.pattern))
    return [c.fill_null(False) for c in out]


def _by_model(rule: _Rule, values: pl.Series) -> tuple[pl.Series, pl.Series | None]:
    """A field with a validator of its own (or a constraint not checked vectorised): its values
    as the model keeps them (a credit code's case …) and the mask of those it refuses; each
    distinct value is validated by the model once (a vectorised check may vouch for some first)."""
    if not rule.by_model:
        return values, None
    check = _VECTOR_VALIDATORS.get(rule.path)
    known = values.is_not_null() if values.dtype != pl.Object else pl.Series([v is not None for v in values.to_list()])
    todo = known & ~check(values) if check is not None else known
    at = todo.arg_true().to_list()
    if not at:
        return values, None
    items = values.to_list()
    cache: dict[Any, Any] = {}
    bad_at: list[int] = []
    for r in at:
        v = items[r]
        got = cache.get(v, cache)
        if got is cache:
            got = cache[v] = _model_value(rule, v)
        if got is SLOW:
            bad_at.append(r)
        else:
            items[r] = got
    values = pl.Series(values.name, items, dtype=values.dtype)
    if not bad_at:
        return values, None
    return values, pl.Series("bad", [False] * len(items), dtype=pl.Boolean).scatter(bad_at, True)
