"""``zhice explain PROGRAM PROFILE``: why a program came out as it did, condition by condition.

For every scope condition, the "already held" condition and every criterion, the condition tree
is shown with each comparison's actual value, the comparison itself and its outcome (满足 / 不满足
/ 未知), followed by the citation. Written for an adviser reading it with a client.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Any

from zhice.compiler import CompiledElement
from zhice.eval import Facts, node_fn, normalize
from zhice.ir import AS_OF, All, Any_, Leaf, Node, Not
from zhice.describe import Context, describe, format_value
from zhice.pipeline import Engine, parse_as_of
from zhice.profile import Profile
from zhice.report import CRITERION_LABELS, STATUS_LABELS
from zhice.style import style

__all__ = ["ExplainNode", "Explanation", "explain"]

TRUTH = {True: "met", False: "unmet", None: "unknown"}
MARK = {"met": "✓", "unmet": "✗", "unknown": "?"}


@dataclass
class ExplainNode:
    """One node of an explained condition tree."""

    kind: str                      # leaf | all | any | not
    text: str                      # the condition in words
    status: str                    # met | unmet | unknown
    actual: dict[str, Any] = field(default_factory=dict)   # leaf: field title → value as read
    children: list["ExplainNode"] = field(default_factory=list)

    def to_dict(self) -> dict[str, Any]:
        out: dict[str, Any] = {"kind": self.kind, "text": self.text, "status": self.status}
        if self.actual:
            out["actual"] = self.actual
        if self.children:
            out["children"] = [c.to_dict() for c in self.children]
        return out


@dataclass
class ElementExplanation:
    part: str          # scope | held | criteria
    id: str
    title: str
    status: str
    tree: ExplainNode
    source: dict[str, Any] | None
    confidence: str
    gap: str | None = None

    def to_dict(self) -> dict[str, Any]:
        return {"part": self.part, "id": self.id, "title": self.title, "status": self.status,
                "gap": self.gap, "confidence": self.confidence, "source": self.source, "tree": self.tree.to_dict()}


@dataclass
class Explanation:
    program: str
    title: str
    status: str
    as_of: str
    profile: str
    matcher: str
    notice: str | None
    elements: list[ElementExplanation]
    derived: dict[str, Any]

    def to_dict(self) -> dict[str, Any]:
        return {"program": self.program, "title": self.title, "status": self.status, "as_of": self.as_of,
                "profile": self.profile, "matcher": self.matcher, "notice": self.notice, "derived": self.derived,
                "elements": [e.to_dict() for e in self.elements]}


def _is_ratio(node: Node) -> bool:
    return (isinstance(node, All) and len(node.children) == 2 and isinstance(node.children[1], Leaf)
            and node.children[1].ratio is not None)


def _leaf_actual(leaf: Leaf, ctx: Context, facts: Facts) -> dict[str, Any]:
    out: dict[str, Any] = {}
    if leaf.ratio:
        num, den = leaf.ratio
        n, d = facts.get(num), facts.get(den)
        out[ctx.title(num)] = ctx.show(num, n)
        out[ctx.title(den)] = ctx.show(den, d)
        out["比例"] = format_value(n / d * 100, "%") if (n is not None and d) else "未知"
        return out
    for path in leaf.fields:
        if path == AS_OF:
            out["评估日期"] = format_value(facts.get(AS_OF), None, "date")
            continue
        out[ctx.title(path)] = ctx.show_fact(path)
    return out


def explain_node(node: Node, ctx: Context, facts: Facts) -> ExplainNode:
    """Explain a compiled condition tree against facts (profile facts plus derived facts)."""
    status = TRUTH[node_fn(node)(facts)]
    if _is_ratio(node):
        assert isinstance(node, All)
        main = node.children[1]
        assert isinstance(main, Leaf)
        return ExplainNode("leaf", describe(node, ctx), status, _leaf_actual(main, ctx, facts))
    if isinstance(node, Leaf):
        return ExplainNode("leaf", describe(node, ctx), status, _leaf_actual(node, ctx, facts))
    if isinstance(node, Not):
        return ExplainNode("not", "并非以下条件", status, children=[explain_node(node.child, ctx, facts)])
    kind = "all" if isinstance(node, All) else "any"
    text = "以下各项均须满足" if kind == "all" else "以下任一项满足即可"
    assert isinstance(node, (All, Any_))
    return ExplainNode(kind, text, status, children=[explain_node(c, ctx, facts) for c in node.children])


def explain(engine: Engine, profile: Profile, program: str, *, as_of: dt.date | str | None = None,
            matcher: str | None = None) -> Explanation:
    """Explain one program's result for one profile. Unknown program → UsageError (exit 2)."""
    engine.check_programs([program])
    day = parse_as_of(as_of)
    compiled = engine.compiled(day)
    report = engine.checkup(profile, as_of=day, matcher=matcher, programs=[program])
    result = report.programs[0]
    m = engine.matcher(day, matcher)
    facts = normalize(profile.facts(), day)
    match = m.match(facts)
    merged = dict(facts)
    merged.update(match.derived)
    ctx = Context(compiled, merged)
    prog = next(p for p in compiled.programs if p.book.id == program)
    gaps = {c.id: c.gap for c in result.scope + result.criteria}
    elements: list[ElementExplanation] = []
    items: list[CompiledElement] = list(prog.scope)
    if prog.held is not None:
        items.append(prog.held)
    items += prog.criteria
    if prog.active:
        for el in items:
            truth = match.outcomes.get(el.key)
            tree = explain_node(el.node, ctx, merged)
            if el.element is None:
                eid, title = "held", "已获得该资格"
            else:
                eid, title = el.element.id, el.element.title
            elements.append(ElementExplanation(el.part, eid, title, TRUTH[truth], tree, el.source, el.confidence,
                                               gaps.get(eid) if el.element is not None else None))
    derived = {k: v for k, v in report.derived.items() if v is not None}
    return Explanation(program, result.title, result.status, day.isoformat(), profile.enterprise.name, m.name,
                       result.notice, elements, derived)


PART_LABEL = {"scope": "适用范围", "held": "是否已获得", "criteria": "认定条件"}


def _render_node(node: ExplainNode, depth: int, lines: list[str]) -> None:
    pad = "    " + "  " * depth
    mark = style(MARK[node.status], fg={"met": "green", "unmet": "red", "unknown": "cyan"}[node.status])
    label = CRITERION_LABELS[node.status]
    if node.kind == "leaf":
        actual = "，".join(f"{k} = {v}" for k, v in node.actual.items())
        lines.append(f"{pad}{mark} {node.text}    （实际：{actual} → {label}）")
    else:
        lines.append(f"{pad}{mark} {node.text}（{label}）")
        for c in node.children:
            _render_node(c, depth + 1, lines)


def render_explanation(ex: Explanation) -> str:
    """The explanation as Chinese text for a terminal."""
    lines = [style(f"知策 · 条件解释：{ex.title}（{ex.program}）", bold=True),
             f"企业：{ex.profile}    评估日期：{ex.as_of}    匹配器：{ex.matcher}",
             f"结论：{STATUS_LABELS[ex.status]}（{ex.status}）"]
    if ex.notice:
        lines.append(style(f"⚠ {ex.notice}", fg="magenta"))
    if ex.derived:
        lines.append("推导事实：" + "，".join(f"{k} = {format_value(v)}" for k, v in ex.derived.items()))
    for el in ex.elements:
        lines.append("")
        head = f"【{PART_LABEL[el.part]}】{el.title}（{el.id}）— {CRITERION_LABELS[el.status]}"
        lines.append(style(head, bold=True))
        _render_node(el.tree, 0, lines)
        if el.gap:
            lines.append(f"    差距：{el.gap}")
        if el.source:
            sec = f" {el.source['section']}" if el.source.get("section") else ""
            url = f" {el.source['url']}" if el.source.get("url") else ""
            lines.append(style(f"    依据：{el.source.get('document', '')}{sec}（{el.confidence}）{url}", dim=True))
            if el.confidence == "inferred":
                lines.append(style("    注意：此条件为知策推定，并非政策原文，请向主管部门核实。", fg="magenta"))
    return "\n".join(lines) + "\n"
