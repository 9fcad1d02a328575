"""Conditions and their outcomes in words (Chinese): values with their units, a condition tree
as a sentence, the size of a gap, and the placeholders of a rulebook's gap templates.

:class:`Context` is what describing reads: the compiled set, one profile's facts (derived facts
included), and caches of the fields' specs and of the closures (``zhice.eval``) built from the
compiled set's operands. ``zhice.evaluate`` words outcomes with it; ``zhice.explain`` reuses it.
"""

from __future__ import annotations

import datetime as dt
import math
import re
from collections.abc import Callable
from typing import Any

from zhice import scoring
from zhice.compiler import CompiledSet
from zhice.eval import Facts, operand_fn, score_fn
from zhice.ir import AS_OF, Agg, All, Bands, Calc, Const, FieldOp, Leaf, Node, Not
from zhice.wording import choice_label

__all__ = ["OP_SYMBOL", "Context", "describe", "fill", "first_failing", "format_value", "gap_sizes"]


OP_SYMBOL = {"eq": "=", "ne": "≠", "gt": ">", "gte": "≥", "lt": "<", "lte": "≤", "in": "属于", "not_in": "不属于",
             "exists": "已填写", "not_exists": "未填写", "contains": "包含", "not_contains": "不包含",
             "startswith": "以…开头", "not_startswith": "不以…开头",
             "intersects": "包含其中任一", "not_intersects": "不含其中任何一项"}


def format_value(value: Any, unit: str | None = None, ftype: str | None = None) -> str:
    """A value as a person reads it: 3 件, 12.5%, 是, 2024-01-01.

    >>> format_value(2.0, "件")
    '2 件'
    >>> format_value(0.12345, "%")
    '0.12%'
    """
    if value is None:
        return "未知"
    if ftype == "date" and isinstance(value, int):
        value = dt.date.fromordinal(value)
    if isinstance(value, bool):
        return "是" if value else "否"
    if isinstance(value, (dt.date,)):
        return value.isoformat()
    if isinstance(value, (list, tuple)):
        return "、".join(str(v) for v in value) if value else "（无）"
    if isinstance(value, float):
        text = f"{value:.2f}".rstrip("0").rstrip(".") if not value.is_integer() else str(int(value))
    else:
        text = str(value)
    if unit:
        return f"{text}{unit}" if unit == "%" else f"{text} {unit}"
    return text


class Context:
    """What describing outcomes reads: the compiled set, one profile's facts, and caches (per
    compiled set when ``zhice.evaluate`` passes its own) of the fields' specs and of the functions
    built from the compiled set's operands."""

    def __init__(self, compiled: CompiledSet, facts: Facts, specs: dict[str, tuple[Any, str, str | None, str | None]]
                 | None = None, fns: dict[tuple[Callable[[Any], Any], int], Callable[[Facts], Any]] | None = None):
        self.compiled = compiled
        self.facts = facts
        self.specs = {} if specs is None else specs
        self.fns = {} if fns is None else fns

    def _info(self, path: str) -> tuple[Any, str, str | None, str | None]:
        """(spec, title, unit, type) of a field."""
        info = self.specs.get(path)
        if info is None:
            spec = self.compiled.field_spec(path)
            title = "评估日期" if path == AS_OF else spec.title if spec else path
            info = self.specs[path] = (spec, title, spec.unit if spec else None, spec.type if spec else None)
        return info

    def spec(self, path: str) -> Any:
        return self._info(path)[0]

    def title(self, path: str) -> str:
        return self._info(path)[1]

    def unit(self, path: str) -> str | None:
        return self._info(path)[2]

    def ftype(self, path: str) -> str | None:
        return self._info(path)[3]

    def fn(self, build: Callable[[Any], Callable[[Facts], Any]], op: Any) -> Callable[[Facts], Any]:
        """``build(op)``, built once (``op`` belongs to the compiled set, which outlives the cache)."""
        key = (build, id(op))
        fn = self.fns.get(key)
        if fn is None:
            fn = self.fns[key] = build(op)
        return fn

    def value_of(self, op: Any) -> Any:
        """An operand's value, None while unknown."""
        try:
            return self.fn(operand_fn, op)(self.facts)
        except (KeyError, ZeroDivisionError):
            return None

    def show(self, path: str, value: Any) -> str:
        _, _, unit, ftype = self._info(path)
        if ftype == "enum" and value is not None:
            return choice_label(path, value)     # 未贯标, not none
        return format_value(value, unit, ftype)

    def show_fact(self, path: str) -> str:
        """A fact's value as read; a score known only as a range shows the range (52–67 分)."""
        rng = self.facts.get(scoring.range_key(path))
        if path not in self.facts and rng is not None:
            return scoring.range_text(rng, lambda v: self.show(path, v))
        return self.show(path, self.facts.get(path))

    def operand_text(self, op: Any, like: str) -> str:
        if isinstance(op, Const):
            v = op.value
            if isinstance(v, tuple):
                return "、".join(self.show(like, x) if self.ftype(like) == "enum" else format_value(x) for x in v)
            return self.show(like, v)
        if isinstance(op, FieldOp):
            return self.title(op.path)
        if isinstance(op, Calc):
            sym = {"add": "+", "sub": "−", "mul": "×", "div": "÷"}[op.op]
            return f"{self.operand_text(op.left, '')} {sym} {self.operand_text(op.right, '')}"
        if isinstance(op, Agg) and op.op == "range":
            return "–".join(self.operand_text(i, '') for i in op.items)
        if isinstance(op, Agg):
            word = {"sum": "合计", "max": "取较高者", "min": "取较低者"}[op.op]
            return f"{word}（{'，'.join(self.operand_text(i, '') for i in op.items)}）"
        if isinstance(op, Bands):
            bands = [f"{describe(cond, self)} 时得{self.operand_text(pts, '')}分" for cond, pts in op.cases]
            return f"分档得分（{'；'.join(bands)}；否则得{self.operand_text(op.default, '')}分）"
        return "?"


def describe(node: Node, ctx: Context) -> str:
    """The condition in words: 有效发明专利数 ≥ 1 件 且 （…或…）."""
    if isinstance(node, Leaf):
        if node.ratio:
            num, den = node.ratio
            return f"{ctx.title(num)}占{ctx.title(den)}比例 {OP_SYMBOL[node.op]} {format_value(node.percent, '%')}"
        if node.op in ("exists", "not_exists"):
            return f"{ctx.title(node.left)}{OP_SYMBOL[node.op]}"
        spec = ctx.spec(node.left)
        if node.op in ("eq", "ne") and spec is not None and spec.type == "boolean" and isinstance(node.right, Const):
            positive = (node.right.value is True) == (node.op == "eq")
            return ctx.title(node.left) + ("" if positive else "：否")
        if node.op in ("startswith", "not_startswith") and isinstance(node.right, Const):
            word = "属于" if node.op == "startswith" else "不属于"
            return f"{ctx.title(node.left)}{word} {'、'.join(node.right.value)} 类"
        return f"{ctx.title(node.left)} {OP_SYMBOL[node.op]} {ctx.operand_text(node.right, node.left)}"
    if isinstance(node, Not):
        return f"并非（{describe(node.child, ctx)}）"
    # a ratio compiles to all(den > 0, num ≥ k% den): show only the ratio
    if isinstance(node, All) and len(node.children) == 2 and isinstance(node.children[1], Leaf) and node.children[1].ratio:
        return describe(node.children[1], ctx)
    parts = [describe(c, ctx) for c in node.children]
    if isinstance(node, All):
        return "；且 ".join(parts) if len(parts) > 1 else parts[0]
    return "（" + " 或 ".join(parts) + "）" if len(parts) > 1 else parts[0]


def first_failing(leaf_fns: list[tuple[Leaf, Callable[[Facts], bool | None]]], facts: Facts,
                   ctx: Context) -> Leaf | None:
    """The comparison that sizes the gap: the first false numeric comparison (a ratio, or a
    number compared with a threshold) in tree order, else the first false comparison."""
    failing = [leaf for leaf, fn in leaf_fns if fn(facts) is False]
    for leaf in failing:
        if leaf.ratio or (ctx.ftype(leaf.left) in ("integer", "number") and leaf.op in ("gt", "gte", "lt", "lte")):
            return leaf
    return failing[0] if failing else None


def gap_sizes(leaf: Leaf, ctx: Context) -> dict[str, str]:
    facts = ctx.facts
    out: dict[str, str] = {}
    if leaf.ratio:
        num, den = leaf.ratio
        n, d = facts.get(num), facts.get(den)
        actual = (n / d * 100) if (n is not None and d) else None
        required = leaf.percent
        unit = "%"
        out["actual"] = format_value(actual, unit) if actual is not None else "—"
        out["required"] = format_value(required, unit)
        if actual is not None and required is not None:
            out["shortfall"] = format_value(abs(required - actual), unit)
            # the amount that closes the gap, in the numerator's unit
            need = (required / 100) * d - n if d else None
            if need is not None:
                out["shortfall_amount"] = format_value(abs(need), ctx.unit(num))
        out["unit"] = unit
        return out
    left = facts.get(leaf.left)
    _, _, unit, ftype = ctx._info(leaf.left)
    out["actual"] = ctx.show_fact(leaf.left)
    out["unit"] = unit or ""
    if leaf.right is None:
        out["required"] = OP_SYMBOL[leaf.op]
        return out
    right = ctx.value_of(leaf.right)
    rng = facts.get(scoring.range_key(leaf.left)) if leaf.ranged else None
    if left is None and rng is not None:
        # a score known only as a range is unmet when even its best total fails: size the gap from it
        left = rng[1] if leaf.op in ("gte", "gt") else rng[0]
    if right is None and scoring.has_score(leaf.right):
        bounds = ctx.fn(score_fn, leaf.right)(facts)
        if bounds is not None:
            out["required"] = scoring.range_text(bounds, lambda v: ctx.show(leaf.left, v))
            right = bounds[0] if leaf.op in ("gte", "gt") else bounds[1]  # the easiest total to reach
    if "required" not in out:
        out["required"] = ("、".join(format_value(x) for x in right) if isinstance(right, tuple)
                           else format_value(right, unit, ftype))
    if isinstance(left, (int, float)) and isinstance(right, (int, float)) and not isinstance(left, bool) and not isinstance(right, bool):
        integer = ftype == "integer"
        if leaf.op in ("gte", "gt"):
            short = right - left + (1 if leaf.op == "gt" and integer else 0)
        elif leaf.op in ("lte", "lt"):
            short = left - right + (1 if leaf.op == "lt" and integer else 0)
        else:
            short = None
        if short is not None:
            if integer:
                short = math.ceil(short)
            out["shortfall"] = format_value(float(short), unit) if ftype != "date" else f"{short} 天"
    return out


_PLACEHOLDER = re.compile(r"\{(actual|required|shortfall|shortfall_amount|unit|title)\}")
_TEMPLATES: dict[str, list[str]] = {}   # a template split at its placeholders: text, name, text, …


def fill(template: str, values: dict[str, str]) -> str:
    """Fill ``{actual}`` style placeholders; nothing else in a template is interpreted."""
    pieces = _TEMPLATES.get(template)
    if pieces is None:
        pieces = _TEMPLATES[template] = _PLACEHOLDER.split(template)
    out = pieces[:]
    for i in range(1, len(out), 2):
        out[i] = values.get(out[i], "—")
    return "".join(out)
