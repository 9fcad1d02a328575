"""Terminal text: readable Chinese, colour where the terminal allows (the CLI's click.echo decides)."""

from __future__ import annotations

from typing import Any

from zhice.report import STATUS_LABELS, ProgramResult, Report
from zhice.style import style

__all__ = ["render_text"]

COLOURS = {"eligible": "green", "gap": "yellow", "insufficient_data": "cyan", "achieved": "blue",
           "not_applicable": "white"}
MARKS = {"met": "✓", "unmet": "✗", "unknown": "?"}
ORDER = ("eligible", "gap", "insufficient_data", "achieved", "not_applicable")


def _status(p: ProgramResult) -> str:
    label = STATUS_LABELS[p.status]
    if p.needs_verification and p.status == "eligible":
        label += "（待核实）"
    return style(f"[{label}]", fg=COLOURS[p.status], bold=p.status == "eligible")


def _program(p: ProgramResult, lines: list[str], detail: bool) -> None:
    score = f"  得分 {p.score:g}/{p.pass_score:g}" if p.score is not None and p.pass_score is not None else ""
    if p.score is None and p.score_range:
        score = f"  得分 {p.score_range[0]:g}–{p.score_range[1]:g}（需 {p.pass_score:g}）"
    lines.append(f"{_status(p)} {p.title}（{p.id}）{score}")
    if p.notice:
        lines.append(style(f"    ⚠ {p.notice}", fg="magenta"))
    if not detail:
        return
    for c in p.scope:
        if c.status != "met":
            lines.append(f"    {MARKS[c.status]} 适用范围：{c.title}" + (f" — {c.gap}" if c.gap else ""))
    for c in p.criteria:
        if c.status == "met" and p.status != "eligible":
            continue
        mark = style(MARKS[c.status], fg={"met": "green", "unmet": "red", "unknown": "cyan"}[c.status])
        text = c.gap if c.gap else (f"{c.title}" + ("（信息不足）" if c.status == "unknown" else ""))
        lines.append(f"    {mark} {text}")
    if p.missing_fields:
        lines.append(f"    缺少信息：{', '.join(p.missing_fields)}")
    for i, step in enumerate(p.next_steps, 1):
        lines.append(f"    → {i}. {step}")
    cites = [s for s in p.sources]
    if cites:
        first = cites[0]
        doc = first.get("document", "")
        sec = f" {first['section']}" if first.get("section") else ""
        more = f" 等 {len(cites)} 项" if len(cites) > 1 else ""
        lines.append(style(f"    依据：{doc}{sec}{more}（规则置信度：{p.confidence}）", dim=True))


def render_text(report: Report, whatif: dict[str, Any] | None = None, **_: object) -> str:
    lines: list[str] = []
    head = f"知策政策体检 · {report.profile.name}"
    if report.profile.credit_code:
        head += f"（{report.profile.credit_code}）"
    lines.append(style(head, bold=True))
    derived = "，".join(f"{k}={v}" for k, v in report.derived.items() if v is not None)
    lines.append(f"评估日期 {report.as_of} · 匹配器 {report.matcher} · 规则库 {report.rulebooks_digest[:19]}")
    if derived:
        lines.append(f"推导事实：{derived}")
    s = report.summary
    lines.append("汇总：" + "  ".join(f"{STATUS_LABELS[k]} {s[k]}" for k in ORDER))
    if whatif:
        lines.append("")
        lines.append(style("假设变更（--set）：", bold=True) + "，".join(f"{k}={v}" for k, v in whatif["set"].items()))
        if whatif["changes"]:
            for ch in whatif["changes"]:
                lines.append(f"    {ch['program']}：{STATUS_LABELS[ch['before']]} → {STATUS_LABELS[ch['after']]}")
        else:
            lines.append("    没有项目的结论因此改变")
    for status in ORDER:
        progs = [p for p in report.programs if p.status == status]
        if not progs:
            continue
        lines.append("")
        lines.append(style(f"== {STATUS_LABELS[status]}（{len(progs)}）==", bold=True))
        for p in progs:
            _program(p, lines, detail=status != "not_applicable")
    if report.roadmap:
        lines.append("")
        lines.append(style("== 行动路线图（按可推进的项目数排序）==", bold=True))
        for i, step in enumerate(report.roadmap, 1):
            tag = "补充信息" if step.kind == "data" else "行动"
            lines.append(f"  {i}. [{tag}] {step.step}  → {', '.join(step.unlocks)}")
    lines.append("")
    return "\n".join(lines)
