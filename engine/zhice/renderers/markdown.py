"""Markdown report for pasting into documents and tickets (GitHub-flavoured tables).

The same content as the HTML report: enterprise and evaluation date, a readiness overview,
the roadmap, and per program its status, confidence, criteria (actual vs required), gaps,
next steps and citations. Every text taken from a profile or a rulebook goes through
:func:`md_escape` (and :func:`md_cell` inside tables), so it renders as text, never as markup.
A pure function of the Report: no I/O. Fields, derived facts and domains are named by their
Chinese titles; program and criterion ids stay beside their titles as the references
``zhice explain`` takes (and the round-trip tests read).
"""

from __future__ import annotations

import re
from typing import Any

from zhice.renderers._common import (
    CONFIDENCE_LABELS,
    CRITERION_LABELS,
    ROADMAP_KINDS,
    STATUS_LABELS,
    actual_text,
    derived_text,
    effective_text,
    field_label,
    how_to_apply_extra,
    ordered_programs,
    program_titles,
    progress,
    safe_url,
    score_text,
    source_text,
    reposts,
    criterion_mark,
    status_text,
)
from zhice.report import STATUS_ORDER, CriterionResult, ProgramResult, Report
from zhice.wording import DerivedSpec, domain_label, field_title, value_text

__all__ = ["md_cell", "md_escape", "render_markdown"]

# ASCII punctuation that can start markup somewhere in CommonMark/GFM; a backslash makes each literal.
_SPECIAL = re.compile(r"([\\`*_{}\[\]<>#+!|~&$])")
_LINE_START = re.compile(r"^(\s*)([-+]|\d+[.)])")
_BAR_CELLS = 10


def md_escape(text: Any, line_start: bool = False) -> str:
    """Inline Markdown text: markup characters escaped, newlines folded into spaces.

    With ``line_start`` the text begins a line, so a leading list or heading marker is escaped
    too (``- x`` or ``1. x`` would otherwise become a list item).
    """
    s = " ".join(str(text).replace("\r", "\n").split("\n"))
    s = _SPECIAL.sub(r"\\\1", s)
    if line_start:
        s = _LINE_START.sub(lambda m: m.group(1) + m.group(2)[:-1] + "\\" + m.group(2)[-1], s)
    return s


def md_cell(text: Any) -> str:
    """A table cell: escaped like inline text (pipes included), never empty."""
    s = md_escape(text).strip()
    return s if s else "—"


def _code(text: str) -> str:
    """An identifier in a code span when it is plain, else escaped text."""
    return f"`{text}`" if re.fullmatch(r"[A-Za-z0-9_.\-]+", text) else md_escape(text)


def _link(url: Any) -> str:
    safe = safe_url(url)
    return f"<{safe}>" if safe else md_escape(url)


def _bar(met: int, total: int) -> str:
    filled = 0 if total == 0 else round(met / total * _BAR_CELLS)
    return "█" * filled + "░" * (_BAR_CELLS - filled) + f" {met}/{total}"


def _actual(c: CriterionResult, derived: dict[str, DerivedSpec] | None) -> str:
    """What the profile says for a criterion, derived facts by their titles (企业规模：微型)."""
    if not derived or not any(k.startswith("derived.") for k in c.actual):
        return actual_text(c)

    def unit(path: str) -> str | None:
        spec = derived.get(path.removeprefix("derived."))
        return spec.unit if spec else None

    return "；".join(f"{field_title(k, derived=derived)}：{value_text(k, v, unit=unit(k))}" for k, v in c.actual.items())


def _criteria_table(rows: list[CriterionResult], lines: list[str], derived: dict[str, DerivedSpec] | None) -> None:
    lines.append("| 条件 | 结果 | 企业现状 | 要求 | 差距 |")
    lines.append("|---|---|---|---|---|")
    for c in rows:
        title = md_cell(c.title) + criterion_mark(c)
        lines.append(f"| {title} {_code(c.id)} | {CRITERION_LABELS[c.status]} | {md_cell(_actual(c, derived))} "
                     f"| {md_cell(c.expected)} | {md_cell(c.gap or '')} |")
    lines.append("")


def _program(p: ProgramResult, lines: list[str], derived: dict[str, DerivedSpec] | None = None) -> None:
    lines.append(f"### {md_escape(p.title)}（{_code(p.id)}）")
    lines.append("")
    facts = [f"**结论：{md_escape(status_text(p))}**",
             f"可信度：{CONFIDENCE_LABELS.get(p.confidence, p.confidence)}"]
    score = score_text(p)
    if score:
        facts.append(md_escape(score))
    lines.append(" · ".join(facts))
    lines.append("")
    meta = [f"英文名：{md_escape(p.title_en)}", f"主管部门：{md_escape(p.authority)}",
            f"领域：{md_escape(domain_label(p.domain))}"]
    eff = effective_text(p)
    if eff:
        meta.append(f"有效期：{md_escape(eff)}")
    if p.last_reviewed:
        meta.append(f"最近复核：{md_escape(p.last_reviewed)}")
    lines.extend(f"- {m}" for m in meta)
    lines.append("")
    if p.notice:
        lines.append(f"> ⚠ {md_escape(p.notice)}")
        lines.append("")
    if p.criteria:
        lines.append("**认定条件**")
        lines.append("")
        _criteria_table(p.criteria, lines, derived)
    if p.scope:
        lines.append("**适用范围**")
        lines.append("")
        _criteria_table(p.scope, lines, derived)
    if p.missing_fields:
        lines.append("**缺少信息**：" + "、".join(md_escape(field_title(f, derived=derived)) for f in p.missing_fields))
        lines.append("")
    if p.next_steps:
        lines.append("**下一步**")
        lines.append("")
        lines.extend(f"{i}. {md_escape(s)}" for i, s in enumerate(p.next_steps, 1))
        lines.append("")
    extra = how_to_apply_extra(p)
    if extra:
        lines.append("**如何申报**")
        lines.append("")
        lines.extend(f"- {md_escape(s)}" for s in extra)
        lines.append("")
    if p.sources:
        lines.append("**依据**")
        lines.append("")
        for src in p.sources:
            url = f" {_link(src['url'])}" if src.get("url") else ""
            read = "；".join(reposts(src))
            read = f"（阅读来源，非发布机关页面：{md_escape(read)}）" if read else ""
            lines.append(f"- {md_escape(source_text(src))}{url}{read}")
        lines.append("")
    if p.plan:
        lines.append("**规划出处**：" + "；".join(md_escape(f"{ref.get('plan', '')} {ref.get('section', '')}".strip())
                                              for ref in p.plan))
        lines.append("")


def _whatif(whatif: dict[str, Any], lines: list[str], titles: dict[str, str]) -> None:
    lines.append("## 假设变更")
    lines.append("")
    sets = "，".join(f"{md_escape(field_label(k))} = {md_escape(value_text(k, v))}" for k, v in whatif.get("set", {}).items())
    lines.append(f"变更：{sets}")
    lines.append("")
    changes = whatif.get("changes") or []
    if not changes:
        lines.append("没有项目的结论因此改变。")
    for ch in changes:
        lines.append(f"- {md_escape(titles.get(ch['program'], ch['program']))}：{STATUS_LABELS.get(ch['before'], ch['before'])} → "
                     f"{STATUS_LABELS.get(ch['after'], ch['after'])}")
    lines.append("")


def render_markdown(report: Report, whatif: dict[str, Any] | None = None, **options: Any) -> str:
    """The whole report as GitHub-flavoured Markdown."""
    lines: list[str] = [f"# 知策政策体检报告：{md_escape(report.profile.name)}", ""]
    head = []
    if report.profile.credit_code:
        head.append(f"统一社会信用代码：{md_escape(report.profile.credit_code)}")
    head.append(f"评估日期：{md_escape(report.as_of)}")
    derived = derived_text(report, options.get("derived"))
    if derived:
        head.append("推导事实：" + "，".join(f"{_code(k)} = {md_escape(v)}" for k, v in derived))
    head.append("汇总：" + "，".join(f"{STATUS_LABELS[s]} {report.summary.get(s, 0)}" for s in STATUS_ORDER))
    lines.extend(f"- {h}" for h in head)
    lines.append("")
    if whatif:
        _whatif(whatif, lines, program_titles(report))

    programs = ordered_programs(report)
    lines += ["## 总览", "", "| 项目 | 编号 | 结论 | 条件满足 | 可信度 |", "|---|---|---|---|---|"]
    for p in programs:
        pr = progress(p)
        lines.append(f"| {md_cell(p.title)} | {_code(p.id)} | {md_cell(status_text(p))} | {_bar(pr.met, pr.total)} "
                     f"| {CONFIDENCE_LABELS.get(p.confidence, p.confidence)} |")
    if not programs:
        lines.append("| — | — | — | — | — |")
    lines.append("")

    lines += ["## 行动路线图", ""]
    if report.roadmap:
        titles = program_titles(report)
        for i, step in enumerate(report.roadmap, 1):
            unlocks = "、".join(f"{md_escape(titles.get(u, u))}（{_code(u)}）" for u in step.unlocks)
            lines.append(f"{i}. **[{ROADMAP_KINDS.get(step.kind, step.kind)}]** {md_escape(step.step)} — 可推进：{unlocks}")
    else:
        lines.append("没有需要推进的步骤。")
    lines.append("")

    lines += ["## 项目详情", ""]
    for p in programs:
        _program(p, lines, options.get("derived"))

    lines += ["---", "",
              f"*规则库 {md_escape(report.rulebooks_digest)} · 引擎 {md_escape(report.engine_version)} · "
              f"匹配器 {md_escape(report.matcher)} · 画像摘要 {md_escape(report.profile.digest)} · "
              f"结果格式 v{report.schema_version}*", ""]
    return "\n".join(lines)
