"""Condition trees (``zhice.ir``) as durable-rules conditions and patterns, and what a durable
condition reads and tests (durable fails past 64 tests per fact)."""

from __future__ import annotations

import json
from collections import Counter
from collections.abc import Callable
from typing import Any

from zhice.ir import DERIVED, All, Any_, Calc, Const, FieldOp, Leaf, Node, Not, Operand, leaves, negate, node_sources, \
    source_of, to_nnf

__all__ = ["MAX_INLINE_DEPTH", "PROFILE_TYPE", "attr", "attributes_read", "encode_json", "fact_type", "json_number",
           "json_value", "leaf_tests", "pattern_parts", "pattern_type", "profile_pattern", "retyped",
           "rule_condition", "rule_conditions", "shallow", "single_field", "tree_reads", "type_tests"]

_COMPARISONS = frozenset({"$ex", "$nex", "$gt", "$gte", "$lt", "$lte", "$neq", "$iany", "$iall", "$i"})


def leaf_tests(obj: Any) -> int:
    """How many distinct comparisons a durable condition holds (an upper bound)."""
    if isinstance(obj, list):
        return sum(leaf_tests(x) for x in obj)
    if not isinstance(obj, dict):
        return 0
    n = 0
    for key, value in obj.items():
        if key in ("$iany", "$iall"):
            n += 1 + leaf_tests(value)  # a list test, plus the item tests inside it
        elif key in _COMPARISONS:
            n += 1
        elif key.startswith("$"):
            n += leaf_tests(value)
        elif key in ("all", "any") or isinstance(value, (dict, list)):
            n += leaf_tests(value)
        elif key != "t":
            n += 1  # a plain equality test
    return n


PROFILE_TYPE = "p"


def attr(path: str) -> str:
    return path.replace(".", "__")


def fact_type(source: str) -> str:
    if source == "profile":
        return PROFILE_TYPE
    if source.startswith("k_"):
        return source
    return "d_" + source[len(DERIVED):]


def _namer(source: str) -> Callable[[str], str]:
    if source == "profile":
        return attr
    return lambda path: "v" if path == source else attr(path)


def _operand(op: Operand, name: Callable[[str], str]) -> Any:
    if isinstance(op, Const):
        return list(op.value) if isinstance(op.value, tuple) else op.value
    if isinstance(op, FieldOp):
        return {"$m": name(op.path)}
    assert isinstance(op, Calc)
    return {"$" + op.op: {"$l": _operand(op.left, name), "$r": _operand(op.right, name)}}


def json_number(value: Any) -> Any:
    """A number as durable's JSON reader takes it (no exponents)."""
    if isinstance(value, float) and value.is_integer():
        return int(value)
    return value


def _ranged_leaf(leaf: Leaf) -> dict[str, Any]:
    """A score compared with a number: every total of its range [lo, hi] must agree."""
    assert isinstance(leaf.right, Const)
    c = json_number(leaf.right.value)
    return {"gte": {"$gte": {"lo": c}}, "gt": {"$gt": {"lo": c}}, "lt": {"$lt": {"hi": c}}, "lte": {"$lte": {"hi": c}},
            "eq": {"$and": [{"lo": c}, {"hi": c}]},
            "ne": {"$or": [{"$lt": {"hi": c}}, {"$gt": {"lo": c}}]}}[leaf.op]


def _leaf(leaf: Leaf, name: Callable[[str], str]) -> dict[str, Any]:
    if leaf.ranged:
        return _ranged_leaf(leaf)
    left = name(leaf.left)
    op = leaf.op
    if op == "exists":
        return {"$ex": {left: 1}}
    if op == "not_exists":
        return {"$nex": {left: 1}}
    assert leaf.right is not None
    right = _operand(leaf.right, name)
    if op == "eq":
        test: dict[str, Any] = {left: right}
    elif op in ("ne", "gt", "gte", "lt", "lte"):
        test = {"$" + {"ne": "neq"}.get(op, op): {left: right}}
    elif op == "in":
        test = _flat("$or", [{left: v} for v in right])
    elif op == "not_in":
        test = _flat("$and", [{"$neq": {left: v}} for v in right])
    elif op == "contains":
        test = {"$iany": {left: {"$i": right}}}
    elif op == "not_contains":
        test = {"$or": [{"$iall": {left: {"$neq": {"$i": right}}}}, {left + "__n": 0}]}
    elif op == "intersects":
        # one $iany per value, never $iany over an $or: durable's C code (rete.c, createAlpha) then
        # reads the type of an operand it never set on the $or's forward node, and refuses the
        # ruleset (error 102) whenever the heap there happens to hold 0x09 or 0x0C (the flake)
        test = _flat("$or", [{"$iany": {left: {"$i": v}}} for v in right])
    elif op == "not_intersects":
        test = {"$or": [{"$iall": {left: _flat("$and", [{"$neq": {"$i": v}} for v in right])}}, {left + "__n": 0}]}
    elif op == "startswith":
        test = _flat("$or", [{f"{left}__p{len(p)}": p} for p in right])
    elif op == "not_startswith":
        test = _flat("$and", [{"$neq": {f"{left}__p{len(p)}": p}} for p in right])
    else:  # pragma: no cover - the compiler admits no other operator
        raise AssertionError(op)
    # durable compares an absent *right-hand* attribute as if present: guard each one it reads.
    # An absent left-hand attribute already fails the test, as an unknown should.
    guards = [{"$ex": {name(f): 1}} for f in dict.fromkeys(leaf.fields[1:])]
    return _flat("$and", guards + [test])


def _flat(conn: str, items: list[dict[str, Any]]) -> dict[str, Any]:
    """Join tests with $and/$or, merging nested joins of the same kind and dropping 1-item joins.

    durable rejects deep expressions (error 113), so the trees are kept as flat as possible.
    """
    out: list[dict[str, Any]] = []
    for item in items:
        if len(item) == 1 and conn in item:
            out.extend(item[conn])
        else:
            out.append(item)
    return out[0] if len(out) == 1 else {conn: out}


def _expr(node: Node, name: Callable[[str], str]) -> dict[str, Any]:
    if isinstance(node, Leaf):
        return _leaf(node, name)
    assert not isinstance(node, Not), "trees are in negation normal form"
    kids = [_expr(c, name) for c in node.children]
    return _flat("$and" if isinstance(node, All) else "$or", kids)


def _source(node: Node) -> str:
    srcs = node_sources(node)
    return next(iter(srcs)) if srcs else "profile"


def _pattern(node: Node) -> dict[str, Any]:
    src = _source(node)
    return _flat("$and", [{"t": fact_type(src)}, _expr(node, _namer(src))])


def rule_condition(tree: Node, after: dict[str, Any] | None = None) -> dict[str, Any]:
    """The durable ``all``/``any`` condition matching when the NNF ``tree`` is true.

    ``after`` is an extra pattern (the previous link of a first-match chain) joined in front.
    """
    first = [{"k": after}] if after is not None else []
    if len(node_sources(tree)) <= 1:
        return {"all": first + [{"m": _pattern(tree)}]}
    assert not first, "the compiler keeps first-match cases to one fact"
    assert isinstance(tree, (All, Any_)), "the compiler checks that only top-level branches mix facts"
    groups: dict[str, list[Node]] = {}
    for child in tree.children:
        groups.setdefault(_source(child), []).append(child)
    patterns = []
    for i, (src, kids) in enumerate(groups.items()):
        sub = kids[0] if len(kids) == 1 else (All(tuple(kids)) if isinstance(tree, All) else Any_(tuple(kids)))
        patterns.append({f"p{i}": _flat("$and", [{"t": fact_type(src)}, _expr(sub, _namer(src))])})
    return {"all" if isinstance(tree, All) else "any": patterns}


def rule_conditions(tree: Node, after: dict[str, Any] | None = None) -> list[dict[str, Any]]:
    """The durable conditions, one per rule, that together match when the NNF ``tree`` is true.

    A tree mixing facts under a top-level ``any`` becomes one rule per fact: durable's ``any``
    never fires on a pattern after the first one that holds an ``$or`` (pinned by a test).
    """
    if after is None and isinstance(tree, Any_) and len(node_sources(tree)) > 1:
        groups: dict[str, list[Node]] = {}
        for child in tree.children:
            groups.setdefault(_source(child), []).append(child)
        return [{"all": [{"m": _pattern(kids[0] if len(kids) == 1 else Any_(tuple(kids)))}]} for kids in groups.values()]
    return [rule_condition(tree, after)]


MAX_INLINE_DEPTH = 2  # a subtree kept inline; its parent's group adds one more level (durable allows 3)


def _depth(expr: Any) -> int:
    if isinstance(expr, list):
        return max((_depth(x) for x in expr), default=0)
    if not isinstance(expr, dict):
        return 0
    return max(((1 if k in ("$and", "$or") else 0) + _depth(v) for k, v in expr.items()), default=0)


def shallow(node: Node, limit: int) -> bool:
    src = _source(node)
    name = _namer(src)
    return max(_depth(_expr(to_nnf(node), name)), _depth(_expr(negate(node), name))) <= limit


def single_field(node: Node) -> str | None:
    """The profile field a tree reads, if it reads one and only tests its value: then the tree is
    known exactly when the field is, and false when known and its rule does not fire."""
    fields = {f for leaf in leaves(node) for f in leaf.fields}
    if len(fields) != 1 or any(leaf.ranged or leaf.op in ("exists", "not_exists") for leaf in leaves(node)):
        return None
    (field,) = fields
    return field if source_of(field) == "profile" else None


def tree_reads(tree: Node) -> set[str]:
    return {s for s in node_sources(tree) if s != "profile"}


_TEXT = json.encoder.encode_basestring  # JSON text, non-ASCII kept (as ensure_ascii=False)
encode_json = json.JSONEncoder(ensure_ascii=False, separators=(",", ":")).encode
_EXACT = 2.0 ** 53  # integral floats below it are exact integers


def json_value(value: Any) -> str:
    """A fact value as durable's JSON reader takes it: integral floats as integers (it rejects
    exponents such as 1e+16), lists for tuples, text as UTF-8."""
    kind = type(value)
    if kind is str:
        return _TEXT(value)
    if kind is bool:
        return "true" if value else "false"
    if kind is int:
        return int.__repr__(value)
    if kind is float:
        if value.is_integer() and -_EXACT < value < _EXACT:
            return int.__repr__(int(value))
        text = float.__repr__(value)
        # durable reads an exponent only after a fraction ("1.0e-07", not "1e-07"); beyond 2^53
        # a float stays a float (as an integer it would overflow durable's 64-bit arithmetic)
        return text.replace("e", ".0e", 1) if "e" in text and "." not in text else text
    return encode_json(list(value) if kind is tuple else value)


def attributes_read(obj: Any) -> set[str]:
    """Every fact attribute a durable condition reads (keys of tests and $m references)."""
    out: set[str] = set()
    if isinstance(obj, list):
        for x in obj:
            out |= attributes_read(x)
    elif isinstance(obj, dict):
        for key, value in obj.items():
            if key == "$m" and isinstance(value, str):
                out.add(value)
            elif key.startswith("$") or key in ("all", "any", "run"):
                out |= attributes_read(value)
            elif key not in ("t",) and not callable(value):
                out.add(key)
                out |= attributes_read(value)
    return out


def pattern_parts(cond: dict[str, Any]) -> list[dict[str, Any]]:
    """The pattern bodies of a rule condition, e.g. ``{"$and": [{"t": "p"}, …]}``."""
    return [body for pattern in cond.get("all") or cond.get("any") or [] for body in pattern.values()]


def pattern_type(body: dict[str, Any]) -> str:
    return body["t"] if "t" in body else body["$and"][0]["t"]


def profile_pattern(cond: dict[str, Any]) -> dict[str, Any] | None:
    found = [body for body in pattern_parts(cond) if pattern_type(body) == PROFILE_TYPE]
    assert len(found) <= 1, "a rule reads one profile fact"
    return found[0] if found else None


def type_tests(cond: dict[str, Any]) -> Counter[str]:
    """How many comparisons the rule adds under each fact type it reads."""
    out: Counter[str] = Counter()
    for body in pattern_parts(cond):
        out[pattern_type(body)] += leaf_tests(body)
    return out


def retyped(cond: dict[str, Any], ftype: str) -> dict[str, Any]:
    """``cond`` with its profile pattern reading the profile fact type ``ftype``."""
    def retype(body: dict[str, Any]) -> dict[str, Any]:
        if pattern_type(body) != PROFILE_TYPE:
            return body
        if "t" in body:
            return dict(body, t=ftype)
        return {"$and": [dict(body["$and"][0], t=ftype)] + body["$and"][1:]}
    conn = "all" if "all" in cond else "any"
    return {conn: [{name: retype(body) for name, body in pattern.items()} for pattern in cond[conn]]}
