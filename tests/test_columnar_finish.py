"""The columnar derivation finishes (rounds) its results in polars only where that is exactly
:func:`zhice.scoring.finish`: every value, type and sign as finish gives it, on values chosen to
break a careless rounding (ties, values next to k / 10^4, huge values, infinities, NaN, -0.0)."""

from __future__ import annotations

import math
import random

import polars as pl
import pytest

from zhice.matchers.columnar_derive import _finish_exprs, _finished_from
from zhice.scoring import finish

TRICKY = [0.0, -0.0, 0.5, 1.5, 2.5, -2.5, 0.00005, 0.00015, 1.00005, 94.6, 94.60000000000001, 12.34565,
          99.99995, 1e10 + 0.00005, 1e11, 1e11 + 0.5, 4.5e11 + 0.1, 1e15, 1e15 + 0.5, 2.0 ** 52 + 0.5,
          2.0 ** 53, 2.0 ** 53 + 2, -(2.0 ** 53), 1e300, 5e-324, math.inf, -math.inf, math.nan, None]


def _values() -> list[float | None]:
    rng = random.Random(7)
    near = [k / 10_000 + d for k in (rng.randrange(-10 ** 9, 10 ** 9) for _ in range(2_000))
            for d in (0.0, 1e-12, -1e-12, 0.00005)]
    scaled = [rng.uniform(-1e6, 1e6) for _ in range(2_000)] + [rng.randrange(-10 ** 6, 10 ** 6) / 8 for _ in range(500)]
    return TRICKY + near + scaled


def _same(a: object, b: object) -> bool:
    if type(a) is not type(b):
        return False
    if isinstance(a, float) and isinstance(b, float):
        return (math.isnan(a) and math.isnan(b)) or (a == b and math.copysign(1, a) == math.copysign(1, b))
    return a == b


@pytest.mark.parametrize("out_type", ["integer", "number"])
def test_polars_finishes_as_finish_does(out_type: str) -> None:
    values = _values()
    frame = pl.DataFrame({"v": pl.Series(values, dtype=pl.Float64)}).with_columns(*_finish_exprs("v", out_type))
    try:
        got, _ = _finished_from(frame, "v", out_type)
    except ValueError:          # finish itself refuses a NaN as an integer: so does the column path
        assert out_type == "integer"
        values = [v for v in values if v is None or not math.isnan(v)]
        frame = pl.DataFrame({"v": pl.Series(values, dtype=pl.Float64)}).with_columns(*_finish_exprs("v", out_type))
        got, _ = _finished_from(frame, "v", out_type)
    want = [None if v is None else finish(v, out_type) for v in values]
    bad = [(v, g, w) for v, g, w in zip(values, got, want) if not _same(g, w)]
    assert not bad, bad[:10]


@pytest.mark.parametrize("out_type", ["integer", "number"])
def test_integer_columns_finish_as_finish_does(out_type: str) -> None:
    values = [0, 1, -1, 7, 2 ** 31, 2 ** 53 - 1, -(2 ** 53) + 1, 2 ** 53, 2 ** 62, None]
    frame = pl.DataFrame({"v": pl.Series(values, dtype=pl.Int64)}).with_columns(*_finish_exprs("v", out_type))
    got, _ = _finished_from(frame, "v", out_type)
    want = [None if v is None else finish(v, out_type) for v in values]
    assert all(_same(g, w) for g, w in zip(got, want)), list(zip(values, got, want))


def test_exact_only_when_no_finite_value_was_left() -> None:
    frame = pl.DataFrame({"v": [1.0, math.inf, None]}).with_columns(*_finish_exprs("v", "integer"))
    assert _finished_from(frame, "v", "integer")[1] is True
    frame = pl.DataFrame({"v": [1.25, 2.0]}).with_columns(*_finish_exprs("v", "integer"))
    assert _finished_from(frame, "v", "integer") == ([1, 2], False)
