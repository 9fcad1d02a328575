"""Banded scores: the semantics of ``points`` / ``sum`` / ``max`` / ``min`` and their range arithmetic.

A score is data (``zhice.rulebook.Points`` … compiled to :class:`zhice.ir.Bands` and
:class:`zhice.ir.Agg`); nothing in it is eval'd. The one interpreter (``zhice.eval``) walks a
score's tree with the range helpers here; both matchers call it — the compiled matcher directly,
the durable matcher from a rule action — so they cannot differ.

Missing data is unknown, never zero. A score is therefore evaluated as the range of totals the
missing data still allows, ``(lowest, highest)``:

* ``points`` goes through its bands in order (Kleene truth of each ``when``): a band that holds
  ends the walk with its points; a band that is *unknown* may or may not hold, so its points are
  possible and the walk goes on; a band that fails is skipped; ``else`` (default 0) is possible
  when no band is known to hold. The range spans the possible points.
* an unknown profile field read as a number counts for every value its schema allows (a
  self-reported 0–30 points field adds 0 to 30; a field without an upper bound makes the total
  unbounded above);
* ``sum`` adds ranges, ``max`` / ``min`` take the larger / smaller ends, arithmetic works on
  ranges (interval arithmetic); points written ``[7, 8]`` are awarded within that range by the
  assessors, so they are the range 7–8 whatever the data;
* a derived fact a score reads must be known (durable joins the facts a score reads, so it can
  only compute when they are all there): if one is unknown, so is the score.

A computed output whose ``compute`` holds a score is *ranged*: its value (``derived.<fact>``) is
known when the lowest and highest totals are equal; its range is kept beside it under
``derived.<fact>#range``. Comparing a ranged fact with a number is decided when every total in the
range agrees — ``score ≥ 60`` is met when the lowest total reaches 60 and unmet when the highest
does not — and is unknown otherwise.
"""

from __future__ import annotations

import math
from collections.abc import Callable
from typing import Any

from zhice.ir import Agg, Bands, Calc, FieldOp, Operand, node_fields

__all__ = ["INF", "RANGE", "Bounds", "compare_ranges", "finish", "has_score", "mul", "range_facts", "range_key",
           "range_text", "score_fields"]

Bounds = tuple[float, float]
Truth = bool | None
INF = math.inf
RANGE = "#range"


def range_key(path: str) -> str:
    """Where the (lowest, highest) range of a ranged derived fact is kept among the facts."""
    return path + RANGE


def finish(value: Any, out_type: str) -> Any:
    """Round a computed output the same way in both matchers (infinite range ends stay infinite)."""
    if isinstance(value, float) and math.isinf(value):
        return value
    if out_type == "integer":
        return int(round(value))
    return round(float(value), 4)


def has_score(op: Any) -> bool:
    """Whether an operand holds banded points or a sum / max / min (and so evaluates to a range)."""
    if isinstance(op, (Bands, Agg)):
        return True
    if isinstance(op, Calc):
        return has_score(op.left) or has_score(op.right)
    return False


def score_fields(op: Operand) -> list[str]:
    """Every field an operand reads, the fields of its band conditions included (in order, once)."""
    out: list[str] = []
    if isinstance(op, FieldOp):
        out.append(op.path)
    elif isinstance(op, Calc):
        out += score_fields(op.left) + score_fields(op.right)
    elif isinstance(op, Agg):
        for item in op.items:
            out += score_fields(item)
    elif isinstance(op, Bands):
        for cond, pts in op.cases:
            out += node_fields(cond) + score_fields(pts)
        out += score_fields(op.default)
    return list(dict.fromkeys(out))


# ---- ranges ------------------------------------------------------------------------------------

def mul(a: float, b: float) -> float:
    return 0.0 if a == 0 or b == 0 else a * b  # 0 × ∞ = 0: a zero factor bounds the product


def range_facts(path: str, bounds: Bounds) -> dict[str, Any]:
    """The facts a ranged output adds: always its range; its value when the range is one number."""
    out: dict[str, Any] = {range_key(path): bounds}
    lo, hi = bounds
    if lo == hi and not math.isinf(lo):
        out[path] = lo
    return out


# ---- comparisons on ranges ---------------------------------------------------------------------

def compare_ranges(op: str, left: Bounds, right: Bounds) -> Truth:
    """Kleene truth of ``left op right`` where each side is any value of its range: True when every
    pair of values satisfies it, False when none does, else unknown (None)."""
    (a, b), (c, d) = left, right
    if op == "gte":
        return True if a >= d else False if b < c else None
    if op == "gt":
        return True if a > d else False if b <= c else None
    if op == "lte":
        return True if b <= c else False if a > d else None
    if op == "lt":
        return True if b < c else False if a >= d else None
    same = a == b == c == d and not math.isinf(a)
    apart = b < c or a > d
    if op == "eq":
        return True if same else False if apart else None
    if op == "ne":
        return False if same else True if apart else None
    raise AssertionError(op)  # pragma: no cover - the compiler admits no other operator on a range


def range_text(bounds: Bounds, show: Callable[[Any], str]) -> str:
    """A range as a person reads it: 52–67 分, 至少 52 分, 未知."""
    lo, hi = bounds
    if math.isinf(lo) and math.isinf(hi):
        return "未知"
    if math.isinf(hi):
        return f"至少 {show(lo)}"
    if math.isinf(lo):
        return f"至多 {show(hi)}"
    if lo == hi:
        return show(lo)
    low = show(lo)
    high = show(hi)
    # "52 分–67 分" reads better as "52–67 分"
    unit = high[len(str(high).split(" ")[0]):] if " " in high else ""
    if unit and low.endswith(unit):
        low = low[: -len(unit)]
    return f"{low}–{high}"
