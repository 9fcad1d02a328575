"""``zhice whatif PROGRAM PROFILE``: the smallest changes to a profile that make a program eligible.

The search runs over the comparisons that are not yet true (unmet or unknown) in the program's
scope conditions and criteria:

* a number gets the value that satisfies its comparison (``≥ 3`` → 3; a ratio raises its
  numerator to the required share of the denominator);
* a yes/no flag is flipped; a choice (enum) gets the required value, only moving forward along
  its stages (none → implementing → certified; never back);
* ``any`` takes the cheapest branch, ``all`` needs every failing child;
* a checklist fixes its cheapest items until the lowest possible score reaches ``pass_score``.

Only numbers, flags and choices are changed: names, places, industry codes, dates and derived
facts (enterprise size, age) are facts about the enterprise, not levers; a program that needs
those to change is reported as not reachable by profile changes, with the reason. Every
candidate is verified by re-running the checkup on the changed profile
(:func:`zhice.profile.with_changes`); only verified change sets are returned, fewest changes first.
"""

from __future__ import annotations

import datetime as dt
import itertools
import json
import math
from dataclasses import dataclass, field
from typing import Any

from zhice.compiler import CompiledElement
from zhice.eval import Facts, node_fn, normalize, operand_fn
from zhice.ir import AS_OF, DERIVED, All, Any_, Leaf, Node, node_fields, to_nnf
from zhice.describe import format_value
from zhice.evaluate import missing_inputs
from zhice.pipeline import Engine, parse_as_of
from zhice.profile import FIELDS, Profile, with_changes
from zhice.style import style
from zhice.wording import choice_label, current_lang, pick, status_label

__all__ = ["ChangeSet", "WhatIf", "render_whatif", "suggest"]

Changes = dict[str, Any]
BRANCH_LIMIT = 6       # options kept per sub-tree
VERIFY_LIMIT = 40      # candidates re-checked per program
LEVER_TYPES = ("integer", "number", "boolean", "enum")


@dataclass
class ChangeSet:
    """One verified set of profile changes and what it does."""

    changes: Changes                       # path → new value (profile terms)
    before: dict[str, Any]                 # path → current value (None = unknown)
    status_after: str = "eligible"

    def describe(self) -> list[str]:
        return [describe_change(p, self.before.get(p), v) for p, v in self.changes.items()]

    def set_args(self) -> list[str]:
        return [f"--set {p}={set_text(v)}" for p, v in self.changes.items()]

    def to_dict(self) -> dict[str, Any]:
        return {"changes": self.changes, "before": self.before, "describe": self.describe(),
                "set": self.set_args(), "status_after": self.status_after}


@dataclass
class WhatIf:
    """The what-if answer for one program."""

    program: str
    title: str
    status: str
    reachable: bool
    options: list[ChangeSet] = field(default_factory=list)
    reason: str | None = None
    blockers: list[str] = field(default_factory=list)
    also: list[str] = field(default_factory=list)   # what the other criteria need, when blocked

    def to_dict(self) -> dict[str, Any]:
        return {"program": self.program, "title": self.title, "status": self.status, "reachable": self.reachable,
                "reason": self.reason, "blockers": self.blockers, "also": self.also,
                "options": [o.to_dict() for o in self.options]}


# ---- text helpers -------------------------------------------------------------------------------

def set_text(value: Any) -> str:
    """A value as ``--set`` takes it."""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, float):
        return str(int(value)) if value.is_integer() else f"{value:.2f}".rstrip("0").rstrip(".")
    return str(value)


def describe_change(path: str, old: Any, new: Any) -> str:
    """One change in words: 有效发明专利数 +1 件（1 → 2 件）, 研发费用提高到 312 万元（当前 150 万元）."""
    spec = FIELDS[path]
    unit = spec.unit
    if spec.type == "boolean":
        return f"{spec.title}：{format_value(old)} → {format_value(new)}"
    if spec.type == "enum":
        return f"{spec.title}：{choice_label(path, old) if old is not None else '未知'} → {choice_label(path, new)}"
    if old is None:
        return f"{spec.title}：填写为 {format_value(new, unit)}（当前未知）"
    diff = new - old
    if spec.type == "integer":
        sign = "+" if diff > 0 else "−"
        return f"{spec.title} {sign}{format_value(abs(diff), unit)}（{format_value(old, unit)} → {format_value(new, unit)}）"
    verb, size = ("提高到", "还差") if diff > 0 else ("降低到", "需减少")
    return (f"{spec.title}{verb} {format_value(float(new), unit)}（当前 {format_value(float(old), unit)}，"
            f"{size} {format_value(float(abs(diff)), unit)}）")


# ---- the search ---------------------------------------------------------------------------------

def _cost(changes: Changes, profile_facts: dict[str, Any]) -> tuple[int, float]:
    size = 0.0
    for p, v in changes.items():
        old = profile_facts.get(p)
        if isinstance(v, (int, float)) and not isinstance(v, bool) and isinstance(old, (int, float)) and not isinstance(old, bool):
            size += abs(v - old) / max(abs(old), abs(v), 1)
        else:
            size += 1
    return len(changes), size


def _merge(a: Changes, b: Changes) -> list[Changes]:
    """Both change sets at once; a field set to two values gives both candidates (verification picks)."""
    clash = [p for p in a if p in b and a[p] != b[p]]
    if not clash:
        return [{**a, **b}]
    return [{**a, **b}, {**b, **a}]


def _is_ratio(node: Node) -> bool:
    return (isinstance(node, All) and len(node.children) == 2 and isinstance(node.children[1], Leaf)
            and node.children[1].ratio is not None)


class _Search:
    def __init__(self, facts: Facts, profile_facts: dict[str, Any]):
        self.facts = facts
        self.profile_facts = profile_facts

    def rank(self, options: list[Changes]) -> list[Changes]:
        unique: dict[str, Changes] = {}
        for o in options:
            unique.setdefault(json.dumps(o, sort_keys=True, default=str), o)
        return sorted(unique.values(), key=lambda o: _cost(o, self.profile_facts))[:BRANCH_LIMIT]

    def fix(self, node: Node) -> list[Changes]:
        """Change sets (best first) that should make ``node`` true; [] if none can."""
        if node_fn(node)(self.facts) is True:
            return [{}]
        if _is_ratio(node):
            assert isinstance(node, All)
            guard, main = node.children
            if node_fn(guard)(self.facts) is not True:
                return []  # the denominator is unknown or zero: no share to reach
            return self.leaf(main)  # type: ignore[arg-type]
        if isinstance(node, Leaf):
            return self.leaf(node)
        if isinstance(node, All):
            combos: list[Changes] = [{}]
            for child in node.children:
                if node_fn(child)(self.facts) is True:
                    continue
                opts = self.fix(child)
                if not opts:
                    return []
                combos = self.rank([m for c, o in itertools.product(combos, opts) for m in _merge(c, o)])
            return combos
        if isinstance(node, Any_):
            return self.rank([o for child in node.children for o in self.fix(child)])
        return []  # a Not survives NNF only above a ratio: not searched

    def leaf(self, leaf: Leaf) -> list[Changes]:
        path = leaf.left
        spec = FIELDS.get(path)
        if spec is None or path.startswith(DERIVED) or path == AS_OF or spec.type not in LEVER_TYPES:
            return []
        if leaf.right is None:
            return []
        try:
            target = operand_fn(leaf.right)(self.facts)
        except (KeyError, ZeroDivisionError, TypeError):
            return []  # the other side is unknown
        current = self.profile_facts.get(path)
        values: list[Any] = []
        if spec.type in ("integer", "number"):
            if isinstance(target, tuple):
                values = list(target) if leaf.op == "in" else []
            elif isinstance(target, (int, float)) and not isinstance(target, bool):
                values = [v for v in [_numeric(leaf.op, float(target), spec.type, current)] if v is not None]
        elif spec.type == "boolean":
            if leaf.op == "eq":
                values = [target]
            elif leaf.op == "ne":
                values = [not target]
            elif leaf.op == "in":
                values = list(target)
            elif leaf.op == "not_in":
                values = [b for b in (True, False) if b not in target]
        else:  # enum
            if leaf.op == "eq":
                values = [target]
            elif leaf.op == "ne":
                values = [c for c in spec.choices if c != target][:1]
            elif leaf.op == "in":
                values = list(target)
            elif leaf.op == "not_in":
                values = [c for c in spec.choices if c not in target]
        if spec.type == "enum" and current in spec.choices:
            # choices are ordered stages (none → implementing → certified…): only move forward
            values = [v for v in values if spec.choices.index(v) > spec.choices.index(current)]
        out = []
        for v in values:
            if spec.type == "integer":
                v = int(v)
            elif spec.type == "number":
                v = float(v)
            if spec.minimum is not None and v < spec.minimum or spec.maximum is not None and v > spec.maximum:
                continue
            if v != current:
                out.append({path: v})
        return out


def _numeric(op: str, target: float, ftype: str, current: Any) -> float | None:
    if ftype == "integer":
        return {"gte": math.ceil(target), "gt": math.floor(target) + 1, "lte": math.floor(target),
                "lt": math.ceil(target) - 1, "eq": target if target.is_integer() else None,
                "ne": (current + 1 if current is not None else target + 1)}.get(op)
    up = math.ceil(round(target * 100, 6)) / 100
    down = math.floor(round(target * 100, 6)) / 100
    # strictly above / below: the next whole unit (gt 0 万元 → 1 万元, not 0.01)
    return {"gte": up, "gt": math.floor(target) + 1.0, "lte": down, "lt": math.ceil(target) - 1.0, "eq": target,
            "ne": (current + 1 if current is not None else target + 1)}.get(op)


def _why_not(el: CompiledElement, facts: Facts, derived_inputs: dict[str, list[str]], title: str,
             spec_of: Any = None) -> str:
    """Why an element cannot be reached by changing numbers and flags."""
    fields = node_fields(el.node)
    derived = [f for f in fields if f.startswith(DERIVED)]
    missing = [f for f in fields if f not in facts and not f.startswith(DERIVED)]
    for d in derived:
        if d not in facts:
            missing += [m for m in derived_inputs.get(d, []) if m not in facts]
    other = [f for f in fields if f in FIELDS and FIELDS[f].type not in LEVER_TYPES]
    parts = []
    if missing:
        parts.append("需先补充：" + "、".join(dict.fromkeys(FIELDS[m].title if m in FIELDS else m for m in missing)))
    if derived:
        names = [(spec_of(d).title if spec_of and spec_of(d) else d.removeprefix(DERIVED)) for d in derived]
        parts.append("取决于推导事实（" + "、".join(names) + "），不能直接调整")
    if other:
        parts.append("取决于企业基本事实（" + "、".join(FIELDS[f].title for f in other) + "）")
    if not parts:
        parts.append("需要退回已取得的阶段或资格，或改变不可调整的条件，不作建议")
    return f"「{title}」无法通过调整数量或是否类数据满足：" + "；".join(parts)


def suggest(engine: Engine, profile: Profile, program: str, *, as_of: dt.date | str | None = None,
            matcher: str | None = None, limit: int = 3) -> WhatIf:
    """The smallest verified change sets that make ``program`` eligible for ``profile``."""
    engine.check_programs([program])
    day = parse_as_of(as_of)
    compiled = engine.compiled(day)
    prog = next(p for p in compiled.programs if p.book.id == program)
    report = engine.checkup(profile, as_of=day, matcher=matcher, programs=[program])
    result = report.programs[0]
    out = WhatIf(program, result.title, result.status, reachable=True)
    if result.status == "eligible":
        out.reason = "已符合，无需调整"
        return out
    if result.status == "achieved":
        out.reason = "已获得该资格，无需调整"
        return out
    if not prog.active:
        out.reachable = False
        out.reason = result.notice or "评估日期不在本项目有效期内"
        return out
    failed_scope = [c for c in result.scope if c.status == "unmet"]
    if failed_scope:
        out.reachable = False
        out.reason = "不适用，无法通过调整画像数据改变：" + "；".join(c.gap or c.title for c in failed_scope)
        return out
    facts = normalize(profile.facts(), day)
    match = engine.matcher(day, matcher).match(facts)
    merged = dict(facts)
    merged.update(match.derived)
    search = _Search(merged, profile.facts())
    inputs = missing_inputs(compiled)
    outcomes = match.outcomes
    pending = [e for e in prog.scope + prog.criteria if outcomes.get(e.key) is not True]
    per_element: list[tuple[CompiledElement, list[Changes]]] = []
    for el in pending:
        opts = search.fix(to_nnf(el.node))
        per_element.append((el, opts))
    def title(el: CompiledElement) -> str:
        return el.element.title if el.element else el.key

    candidates: list[Changes]
    if prog.book.kind == "checklist":
        candidates, blockers = _checklist(prog, per_element, outcomes, search)
        out.blockers = blockers
    else:
        blocked = [(el, opts) for el, opts in per_element if not opts]
        if blocked:
            out.reachable = False
            out.blockers = [_why_not(el, merged, inputs, title(el), compiled.field_spec) for el, _ in blocked]
            out.reason = "无法仅通过调整数量、是否类数据达到「符合」"
            out.also = [f"「{title(el)}」：" + "；".join(describe_change(p, search.profile_facts.get(p), v)
                                                        for p, v in opts[0].items())
                        for el, opts in per_element if opts and opts[0]]
            return out
        candidates = [{}]
        for _, opts in per_element:
            candidates = sorted((m for c, o in itertools.product(candidates, opts[:4]) for m in _merge(c, o)),
                                key=lambda o: _cost(o, search.profile_facts))[:VERIFY_LIMIT]
    verified: list[ChangeSet] = []
    seen: set[str] = set()
    for cand in sorted(candidates, key=lambda o: _cost(o, search.profile_facts))[:VERIFY_LIMIT]:
        key = json.dumps(cand, sort_keys=True, default=str)
        if not cand or key in seen:
            continue
        seen.add(key)
        if any(set(v.changes.items()) <= set(cand.items()) for v in verified):
            continue  # a smaller verified set already does it
        after = engine.checkup(with_changes(profile, cand), as_of=day, matcher=matcher, programs=[program])
        status = after.programs[0].status
        if status == "eligible":
            verified.append(ChangeSet(cand, {p: search.profile_facts.get(p) for p in cand}, status))
        if len(verified) >= limit:
            break
    out.options = verified
    if not verified:
        out.reachable = False
        out.reason = out.reason or ("无法仅通过调整数量、是否类数据达到「符合」" if out.blockers
                                    else "找到的调整组合经复核仍未达到「符合」")
    return out


def _checklist(prog: Any, per_element: list[tuple[CompiledElement, list[Changes]]], outcomes: dict[str, Any],
               search: _Search) -> tuple[list[Changes], list[str]]:
    """Fix the cheapest checklist items until the lowest possible score reaches pass_score."""
    scope_keys = {e.key for e in prog.scope}
    base: Changes = {}
    blockers: list[str] = []
    for el, opts in per_element:
        if el.key in scope_keys:
            if not opts:
                return [], [f"适用范围「{el.element.title if el.element else el.key}」无法通过调整数据满足"]
            base.update(opts[0])
    total = sum(e.element.weight if e.element else 1 for e in prog.criteria)
    met = sum(e.element.weight if e.element else 1 for e in prog.criteria if outcomes.get(e.key) is True)
    need = (prog.book.pass_score or 0) / 100 * total - met
    items = [(el, opts) for el, opts in per_element if el.key not in scope_keys and opts]
    items.sort(key=lambda it: (_cost(it[1][0], search.profile_facts)[0] / (it[0].element.weight if it[0].element else 1),
                               -(it[0].element.weight if it[0].element else 1)))
    chosen: Changes = dict(base)
    gained = 0.0
    for el, opts in items:
        if gained >= need - 1e-9:
            break
        chosen.update(opts[0])
        gained += el.element.weight if el.element else 1
    if gained < need - 1e-9:
        return [], ["可调整的检查项不足以达到及格分"]
    # an alternative: the same greedy choice starting from the heaviest items
    alt: Changes = dict(base)
    g2 = 0.0
    for el, opts in sorted(items, key=lambda it: -(it[0].element.weight if it[0].element else 1)):
        if g2 >= need - 1e-9:
            break
        alt.update(opts[0])
        g2 += el.element.weight if el.element else 1
    return [chosen, alt], blockers


# ---- rendering and the command ------------------------------------------------------------------

def render_whatif(w: WhatIf, profile_path: str, lang: str | None = None) -> str:
    """The change sets as terminal text: the program by its title and statuses in words; its id
    (and the status codes) only under ``--lang en``. The verifying command names the id, as typed."""
    lang = lang or current_lang()
    en = lang == "en"
    status = f"{status_label(w.status, lang)} ({w.status})" if en else status_label(w.status)
    lines = [style(pick(f"知策 · 假如分析：{w.title}", f"zhice · what-if: {w.title}（{w.program}）", lang), bold=True),
             pick(f"当前结论：{status}", f"current verdict: {status}", lang)]
    if w.reason:
        lines.append(w.reason)
    for b in w.blockers:
        lines.append(f"  · {b}")
    if w.also:
        lines.append(pick("此外还需：", "also needed:", lang))
        lines.extend(f"  · {a}" for a in w.also)
    for i, opt in enumerate(w.options, 1):
        lines.append("")
        after = status_label(opt.status_after, lang)
        lines.append(style(pick(f"方案 {i}（{len(opt.changes)} 项调整）→ {after}",
                                f"option {i} ({len(opt.changes)} change{'s' if len(opt.changes) != 1 else ''}) → {after}",
                                lang), bold=True))
        for d in opt.describe():
            lines.append(f"  · {d}")
        lines.append(style(pick("  验证：", "  verify: ", lang) + f"zhice checkup {profile_path} --program {w.program} "
                           + " ".join(opt.set_args()), dim=True))
    return "\n".join(lines) + "\n"
