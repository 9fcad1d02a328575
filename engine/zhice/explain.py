"""``zhice explain PROGRAM PROFILE``: why a program came out as it did, condition by condition.

For every scope condition, the "already held" condition and every criterion, the condition tree
is shown with each comparison's actual value, the comparison itself and its outcome (满足 / 不满足
/ 未知), followed by the citation. Written for an adviser reading it with a client: derived facts by
their titles with choice labels (企业规模 = 微型), statuses, parts and rule confidence in words; the
program, criterion and status codes only under ``--lang en`` (the conditions stay in the rulebooks'
Chinese, which is what they are written in).
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
from zhice.style import style
from zhice.wording import (CRITERION_LABELS, DerivedSpec, confidence_label, current_lang, derived_specs, number_text,
                           pick, status_label, value_text)

__all__ = ["ExplainNode", "Explanation", "derived_words", "explain", "render_explanation"]

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
    derived_specs: dict[str, DerivedSpec] = field(default_factory=dict, repr=False)  # titles, for the text

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
                       result.notice, elements, derived, derived_specs(compiled))


PART_LABEL = {"scope": ("适用范围", "scope"), "held": ("是否已获得", "already held"), "criteria": ("认定条件", "criteria")}


def _render_node(node: ExplainNode, depth: int, lines: list[str], lang: str) -> None:
    pad = "    " + "  " * depth
    mark = style(MARK[node.status], fg={"met": "green", "unmet": "red", "unknown": "cyan"}[node.status])
    label = CRITERION_LABELS[lang][node.status]
    if node.kind == "leaf":
        actual = pick("，", ", ", lang).join(f"{k} = {v}" for k, v in node.actual.items())
        lines.append(f"{pad}{mark} {node.text}    " + pick(f"（实际：{actual} → {label}）", f"(actual: {actual} → {label})", lang))
    else:
        lines.append(f"{pad}{mark} {node.text}（{label}）")
        for c in node.children:
            _render_node(c, depth + 1, lines, lang)


def derived_words(derived: dict[str, Any], specs: dict[str, DerivedSpec], lang: str = "zh") -> list[str]:
    """Derived facts as a person reads them: ``企业规模 = 微型``, ``高企创新能力评价得分 = 72 分``
    (by their rulebook titles, choices by their labels); under ``--lang en`` by their names."""
    out = []
    for name, value in derived.items():
        spec = specs.get(name)
        title = spec.title if spec is not None and lang != "en" else name
        shown = round(value, 2) if isinstance(value, float) else value
        if lang == "en":
            text = number_text(shown) if isinstance(shown, (int, float)) and not isinstance(shown, bool) else str(shown)
        else:
            text = value_text("derived." + name, shown, lang, unit=spec.unit if spec else None)
        out.append(f"{title} = {text}")
    return out


def render_explanation(ex: Explanation, lang: str | None = None) -> str:
    """The explanation as text for a terminal: Chinese words, with the codes (program, criterion,
    status, confidence) only in English (``lang`` defaults to the language of the moment)."""
    lang = lang or current_lang()
    en = lang == "en"
    title = f"{ex.title}（{ex.program}）" if en else ex.title
    status = f"{status_label(ex.status, lang)} ({ex.status})" if en else status_label(ex.status)
    lines = [style(pick(f"知策 · 条件解释：{title}", f"zhice · explain: {title}", lang), bold=True),
             pick(f"企业：{ex.profile}    评估日期：{ex.as_of}    匹配器：{ex.matcher}",
                  f"enterprise: {ex.profile}    as of: {ex.as_of}    matcher: {ex.matcher}", lang),
             pick(f"结论：{status}", f"verdict: {status}", lang)]
    if ex.notice:
        lines.append(style(f"⚠ {ex.notice}", fg="magenta"))
    if ex.derived:
        lines.append(pick("推导事实：", "derived facts: ", lang) + pick("，", ", ", lang).join(derived_words(ex.derived, ex.derived_specs, lang)))
    for el in ex.elements:
        lines.append("")
        name = f"{el.title}（{el.id}）" if en else el.title
        part = PART_LABEL[el.part][1 if en else 0]
        lines.append(style(f"【{part}】{name} — {CRITERION_LABELS[lang][el.status]}", bold=True))
        _render_node(el.tree, 0, lines, lang)
        if el.gap:
            lines.append(f"    {pick('差距：', 'gap: ', lang)}{el.gap}")
        if el.source:
            sec = f" {el.source['section']}" if el.source.get("section") else ""
            url = f" {el.source['url']}" if el.source.get("url") else ""
            conf = confidence_label(el.confidence, lang)
            lines.append(style(f"    {pick('依据：', 'source: ', lang)}{el.source.get('document', '')}{sec}（{conf}）{url}",
                               dim=True))
            if el.confidence == "inferred":
                lines.append(style(pick("    注意：此条件为知策推定，并非政策原文，请向主管部门核实。",
                                        "    note: zhice inferred this condition; it is not policy text — check with "
                                        "the authority.", lang), fg="magenta"))
    return "\n".join(lines) + "\n"
