"""A self-contained HTML report that prints well on A4.

By default a short report, as a small firm reads it: the summary, the first steps of the
roadmap, then the applicable programs with what is missing — their unmet and unknown conditions,
the missing information by field title, the next steps; the conditions already met, how to
apply and the sources sit in closed ``<details>`` (a click away on screen, left out when
printed); achieved and not-applicable programs are one line each. ``detail=True`` shows
everything open, each program on a page of its own when printed. Both hold every program's
sections, rows and next steps, so tools read the same page either way.

One file: inline CSS, system fonts with a Chinese font stack, no scripts, no network (the only
links are citation URLs, and only http(s) ones become hrefs). Every text taken from a profile or
a rulebook goes through :func:`html.escape`. Machine-readable hooks (``data-program``,
``data-status``, ``data-criterion``) let tests and tools check the page against the JSON.
A pure function of the Report: no I/O.
"""

from __future__ import annotations

import html
from collections.abc import Callable, Mapping
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
    value_text,
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

__all__ = ["render_html"]

Actual = Callable[[CriterionResult], str]
DERIVED = "derived."
FOLDED = ("achieved", "not_applicable")     # one line each in the short report
ROADMAP_SHORT = 6                            # roadmap steps in sight in the short report
STEPS_SHORT = 3                              # next steps in sight per program in the short report
DERIVED_OPEN = "尚不确定"                     # a derived fact the data leaves open (not "未填写": nobody fills it in)

_FONTS = ('"PingFang SC", "Hiragino Sans GB", "Noto Sans CJK SC", "Source Han Sans SC", "Microsoft YaHei", '
          '"WenQuanYi Micro Hei", sans-serif')

CSS = """
@page { size: A4; margin: 14mm 13mm 16mm; }
* { box-sizing: border-box; -webkit-print-color-adjust: exact; print-color-adjust: exact; }
html { background: #eef1f4; }
body { margin: 0; font-family: %(fonts)s; font-size: 10.5pt; line-height: 1.55; color: #1f2933; }
main { max-width: 250mm; margin: 0 auto; padding: 10mm 12mm 6mm; background: #fff; }
h1 { font-size: 19pt; margin: 0 0 2mm; line-height: 1.3; }
h2 { font-size: 14pt; margin: 7mm 0 3mm; padding-bottom: 1.5mm; border-bottom: 2px solid #d9e2ec; }
h3 { font-size: 11pt; margin: 4.5mm 0 1.5mm; color: #334e68; }
p { margin: 1.5mm 0; }
a { color: #1c5fb8; word-break: break-all; }
.brand { color: #486581; font-size: 9.5pt; letter-spacing: .08em; }
.meta { color: #52606d; font-size: 9.5pt; }
.kv { display: grid; grid-template-columns: max-content 1fr; gap: 1mm 4mm; margin: 3mm 0; font-size: 10pt; }
.kv dt { color: #52606d; } .kv dd { margin: 0; word-break: break-all; }
.chips { display: flex; flex-wrap: wrap; gap: 2mm; margin: 3mm 0; }
.chip { border-radius: 3mm; padding: .6mm 3mm; font-size: 9.5pt; color: #fff; }
.badge { display: inline-block; border-radius: 2mm; padding: .3mm 2.4mm; font-size: 9.5pt; color: #fff;
         font-weight: 600; white-space: nowrap; }
.conf { display: inline-block; border: 1px solid #9fb3c8; border-radius: 2mm; padding: 0 2mm; font-size: 9pt;
        color: #334e68; white-space: nowrap; }
.conf-inferred { border-color: #b7791f; color: #8d5a0b; background: #fff8e6; }
.conf-secondary { border-color: #9fb3c8; color: #486581; background: #f0f4f8; }
.st-eligible { background: #2f9e44; } .st-gap { background: #e67700; } .st-insufficient_data { background: #1c7ed6; }
.st-achieved { background: #7048e8; } .st-not_applicable { background: #868e96; }
table { width: 100%%; border-collapse: collapse; margin: 1.5mm 0 2mm; font-size: 9.5pt; }
th, td { border: 1px solid #d9e2ec; padding: 1.2mm 1.8mm; vertical-align: top; text-align: left; }
th { background: #f0f4f8; font-weight: 600; color: #334e68; }
tr { break-inside: avoid; page-break-inside: avoid; }
td.num { white-space: nowrap; text-align: right; }
.crit-met td.cs { color: #2b8a3e; } .crit-unmet td.cs { color: #c92a2a; font-weight: 600; }
.crit-unknown td.cs { color: #1864ab; }
.crit-unmet td.gap { color: #862e9c; }
.pid { font-family: ui-monospace, "SFMono-Regular", Menlo, Consolas, monospace; font-size: 8.5pt; color: #627d98;
       font-weight: normal; }
.bar { position: relative; height: 3.2mm; min-width: 36mm; background: #e4e7eb; border-radius: 1.6mm; overflow: hidden; }
.bar > span { display: block; height: 100%%; border-radius: 1.6mm; }
.overview td { vertical-align: middle; padding-top: .7mm; padding-bottom: .7mm; }
.overview a { color: inherit; text-decoration: none; }
.notice { border-left: 4px solid #f59f00; background: #fff9db; padding: 2mm 3mm; margin: 2.5mm 0; font-size: 9.5pt; }
.whatif { border-left: 4px solid #1c7ed6; background: #e7f5ff; padding: 2mm 3mm; margin: 2.5mm 0; }
ol, ul { margin: 1mm 0 2mm; padding-left: 6mm; } li { margin: .6mm 0; }
.roadmap li { break-inside: avoid; }
.tag { display: inline-block; font-size: 8.5pt; border-radius: 1.5mm; padding: 0 1.6mm; margin-right: 1.5mm;
       background: #d9e2ec; color: #243b53; }
.tag-action { background: #ffe8cc; color: #a61e4d; } .tag-data { background: #d0ebff; color: #1864ab; }
.unlocks { color: #52606d; font-size: 9pt; }
.sources li { font-size: 9pt; color: #3e4c59; }
.url { font-size: 8.5pt; }
.read-at { font-size: 8pt; color: #616e7c; }
section.program { margin-top: 6mm; }
section.program > header h2 { border-bottom: 0; margin-bottom: 1mm; }
.program-head { display: flex; flex-wrap: wrap; align-items: center; gap: 2mm; }
footer { margin-top: 8mm; padding-top: 2mm; border-top: 1px solid #d9e2ec; color: #627d98; font-size: 8.5pt;
         word-break: break-all; }
details > summary { cursor: pointer; color: #486581; font-size: 9.5pt; margin: 1.5mm 0; }
section.program.folded { margin-top: 1.5mm; }
section.program.folded h2 { font-size: 11pt; margin: 0; display: inline; }
.why { color: #52606d; font-size: 9.5pt; }
body.short section.program > header h2 { margin: 0 2mm 0 0; font-size: 12.5pt; }
body.short section.program { margin-top: 4mm; }
@media print {
  html { background: #fff; }
  main { max-width: none; padding: 0; }
  body.detail section.program { break-before: page; page-break-before: always; margin-top: 0; }
  section.program { break-inside: auto; }
  section.program > header, h2, h3 { break-after: avoid; page-break-after: avoid; }
  details:not([open]) > :not(summary) { display: none; }
  details:not([open]) > summary { display: none; }
  a { color: inherit; text-decoration: none; }
}
""" % {"fonts": _FONTS}


def e(value: Any) -> str:
    """Escape any value for HTML text or a quoted attribute."""
    return html.escape(str(value), quote=True)


def _anchor(pid: str) -> str:
    return "prog-" + e(pid)


def _link(url: Any) -> str:
    safe = safe_url(url)
    if safe:
        return f'<a class="url" href="{e(safe)}" rel="noopener noreferrer">{e(safe)}</a>'
    return f'<span class="url">{e(url)}</span>'


def _bar(p: ProgramResult) -> str:
    pr = progress(p)
    width = 0 if pr.total == 0 else round(pr.met / pr.total * 100, 1)
    return (f'<div class="bar" role="img" aria-label="{pr.met}/{pr.total}">'
            f'<span class="st-{e(p.status)}" style="width:{width:g}%"></span></div>')


def _criteria_table(rows: list[CriterionResult], part: str, ids: bool = True, result: bool = True,
                    actual: Actual = actual_text) -> str:
    """Conditions as table rows; without ``result`` (rows of one status, said in the heading) the
    结果 column is left out and the row keeps its status in ``data-status``."""
    head = ('<th style="width:26%">条件</th>' + ('<th style="width:8%">结果</th>' if result else "")
            + '<th style="width:24%">企业现状</th><th style="width:22%">要求</th><th>差距</th>')
    out = [f'<table class="criteria" data-part="{e(part)}"><thead><tr>{head}</tr></thead><tbody>']
    for c in rows:
        mark = criterion_mark(c).strip("（）")
        inferred = f' <span class="conf conf-{e(c.confidence or "")}">{e(mark)}</span>' if mark else ""
        cid = f'<br><span class="pid">{e(c.id)}</span>' if ids else ""
        cs = f'<td class="cs">{CRITERION_LABELS[c.status]}</td>' if result else ""
        out.append(f'<tr class="crit-{e(c.status)}" data-criterion="{e(c.id)}" data-status="{e(c.status)}">'
                   f'<td>{e(c.title)}{inferred}{cid}</td>{cs}<td>{e(actual(c))}</td>'
                   f'<td>{e(c.expected)}</td><td class="gap">{e(c.gap or "")}</td></tr>')
    out.append("</tbody></table>")
    return "".join(out)


def _actual_words(derived: Mapping[str, Any] | None) -> Actual:
    """What the profile says for a condition, derived facts by their titles (with ``derived``, the
    :func:`zhice.wording.derived_specs`): 企业规模：微型, not derived.sme_size：micro."""
    if not derived:
        return actual_text

    def words(c: CriterionResult) -> str:
        if not c.actual:
            return "—"
        out = []
        for k, v in c.actual.items():
            spec = derived.get(k.removeprefix(DERIVED)) if k.startswith(DERIVED) else None
            if spec is None:
                out.append(f"{field_label(k)}：{value_text(k, v)}")
                continue
            text = DERIVED_OPEN if v is None else value_text(k, round(v, 2) if isinstance(v, float) else v)
            unit = f" {spec.unit}" if spec.unit and text[-1:].isdigit() else ""
            out.append(f"{spec.title}：{text}{unit}")
        return "；".join(out)
    return words


def _folded(summary: str, body: str, detail: bool) -> str:
    """``body`` behind a summary line: open in the detailed report, closed (not printed) in the short one."""
    return f'<details{" open" if detail else ""}><summary>{summary}</summary>{body}</details>'


def _conditions(p: ProgramResult, detail: bool, ids: bool = True, actual: Actual = actual_text) -> str:
    """The criteria and scope tables: all of them in detail (with the ids when ``ids``); else what
    is unmet in sight, the rest folded."""
    if detail:
        out = []
        if p.criteria:
            out.append("<h3>认定条件</h3>" + _criteria_table(p.criteria, "criteria", ids, actual=actual))
        if p.scope:
            out.append("<h3>适用范围</h3>" + _criteria_table(p.scope, "scope", ids, actual=actual))
        return "".join(out)
    unmet = [c for c in p.criteria if c.status == "unmet"]
    rest = [c for c in p.criteria if c.status != "unmet"]
    scope_open = [c for c in p.scope if c.status == "unmet"]
    scope_rest = [c for c in p.scope if c.status != "unmet"]
    out = []
    if unmet:
        out.append("<h3>尚未满足的条件</h3>" + _criteria_table(unmet, "criteria", False, False, actual))
    if scope_open:
        out.append("<h3>不在适用范围</h3>" + _criteria_table(scope_open, "scope", False, False, actual))
    folded = []
    if rest:
        folded.append(_criteria_table(rest, "criteria", False, actual=actual))
    if scope_rest:
        folded.append(_criteria_table(scope_rest, "scope", False, actual=actual))
    if folded:
        counts = "，".join(f"{CRITERION_LABELS[s]} {n} 项" for s in ("met", "unknown")
                          if (n := sum(1 for c in rest if c.status == s)))
        label = ("其余条件（" + counts + "）" if counts else "其余条件") + ("与适用范围" if scope_rest else "")
        out.append(_folded(label, "".join(folded), False))
    return "".join(out)


def _references(p: ProgramResult) -> list[str]:
    out = []
    extra = how_to_apply_extra(p)
    if extra:
        out.append('<h3>如何申报</h3><ul class="how-to-apply">' + "".join(f"<li>{e(s)}</li>" for s in extra) + "</ul>")
    if p.sources:
        items = []
        for src in p.sources:
            url = f"<br>{_link(src['url'])}" if src.get("url") else ""
            read = "；".join(reposts(src))
            read = f'<br><span class="read-at">阅读来源（转载，非发布机关页面）：{e(read)}</span>' if read else ""
            items.append(f'<li data-source="{e(src.get("id", ""))}">{e(source_text(src))}{url}{read}</li>')
        out.append('<h3>依据</h3><ol class="sources">' + "".join(items) + "</ol>")
    if p.plan:
        refs = "；".join(e(f"{r.get('plan', '')} {r.get('section', '')}".strip()) for r in p.plan)
        out.append(f'<p class="meta"><strong>规划出处：</strong>{refs}</p>')
    return out


def _head(p: ProgramResult, detail: bool) -> list[str]:
    pid = f' <span class="pid">{e(p.id)}</span>' if detail else ""
    out = [f'<header><h2>{e(p.title)}{pid}</h2>', '<div class="program-head">'] if detail else \
        [f'<header><div class="program-head"><h2>{e(p.title)}</h2>']
    basis = CONFIDENCE_LABELS.get(p.confidence, p.confidence)
    out += [f'<span class="badge st-{e(p.status)}">{e(status_text(p))}</span>',
            f'<span class="conf conf-{e(p.confidence)}">依据：{e(basis)}</span>']
    score = score_text(p)
    if score:
        out.append(f'<span class="conf">{e(score)}</span>')
    out += ["</div>", _meta(p, detail), "</header>"]
    return out


def _meta(p: ProgramResult, detail: bool) -> str:
    """The issuer (and, in detail, the English title, domain, validity and last review)."""
    meta = ["主管部门：" + e(p.authority)]
    eff = effective_text(p)
    if detail:
        meta = [e(p.title_en), *meta, "领域：" + e(p.domain)] + (["有效期：" + e(eff)] if eff else [])
        if p.last_reviewed:
            meta.append("最近复核：" + e(p.last_reviewed))
    return f'<p class="meta">{" · ".join(meta)}</p>'


def _program(p: ProgramResult, detail: bool = True, shared: frozenset[str] = frozenset(),
             actual: Actual = actual_text) -> str:
    """One program's section; ``shared`` notices are said once at the top of the short report;
    ``actual`` words what the profile says for a condition."""
    folded = not detail and p.status in FOLDED
    cls = "program folded" if folded else "program"
    out = [f'<section class="{cls}" id="{_anchor(p.id)}" data-program="{e(p.id)}" data-status="{e(p.status)}">']
    if folded:             # one line: the title, the status and why; the rest a click away
        why = next((c for c in p.scope if c.status == "unmet"), None) if p.status == "not_applicable" else None
        reason = f'<span class="why">（{e(why.title)}：{e(actual(why))}）</span>' if why else ""
        out.append(f'<h2>{e(p.title)}</h2> <span class="badge st-{e(p.status)}">{e(status_text(p))}</span>{reason}')
        body = _meta(p, False) + _conditions(p, True, False, actual)
        body += _steps(p) + "".join(_references(p))
        out.append(_folded("查看条件与依据", body, False))
        out.append("</section>")
        return "\n".join(out)
    out += _head(p, detail)
    if p.notice and (detail or p.notice not in shared):
        out.append(f'<div class="notice" role="note">⚠ {e(p.notice)}</div>')
    out.append(_conditions(p, detail, actual=actual))
    if p.missing_fields:
        items = "、".join(f'<span title="{e(f)}">{e(field_label(f))}</span>' for f in p.missing_fields)
        out.append(f'<p class="missing"><strong>缺少信息：</strong>{items}</p>')
    out.append(_steps(p, detail))
    refs = _references(p)
    if refs:
        out.append("".join(refs) if detail else _folded("如何申报与政策依据", "".join(refs), False))
    out.append("</section>")
    return "\n".join(out)


def _steps(p: ProgramResult, detail: bool = True) -> str:
    """The next steps; the short report shows the first few and folds the rest."""
    if not p.next_steps:
        return ""
    items = [f'<li class="next-step">{e(s)}</li>' for s in p.next_steps]
    shown = items if detail else items[:STEPS_SHORT]
    out = '<h3>下一步</h3><ol class="next-steps">' + "".join(shown) + "</ol>"
    if len(shown) < len(items):
        rest = f'<ol class="next-steps" start="{len(shown) + 1}">' + "".join(items[len(shown):]) + "</ol>"
        out += _folded(f"其余 {len(items) - len(shown)} 步", rest, False)
    return out


def _overview_rows(programs: list[ProgramResult], detail: bool) -> str:
    out = []
    for p in programs:
        pr = progress(p)
        pid = f' <span class="pid">{e(p.id)}</span>' if detail else ""
        out.append(f'<tr data-program="{e(p.id)}" data-status="{e(p.status)}">'
                   f'<td><a href="#{_anchor(p.id)}">{e(p.title)}</a>{pid}</td>'
                   f'<td><span class="badge st-{e(p.status)}">{e(status_text(p))}</span></td>'
                   f'<td><div style="display:flex;align-items:center;gap:2mm">{_bar(p)}'
                   f'<span class="num">{pr.met}/{pr.total}</span></div></td>'
                   f'<td><span class="conf conf-{e(p.confidence)}">'
                   f'{e(CONFIDENCE_LABELS.get(p.confidence, p.confidence))}</span></td></tr>')
    return "\n".join(out)


_OVERVIEW_HEAD = ('<table class="overview"><thead><tr><th>项目</th><th style="width:14%">结论</th>'
                  '<th style="width:30%">条件满足</th><th style="width:12%">依据</th></tr></thead><tbody>')


def _overview(report: Report, programs: list[ProgramResult], detail: bool = True) -> str:
    out = ['<section class="overview" id="overview"><h2>总览：各项目准备度</h2>']
    shown = programs if detail else [p for p in programs if p.status not in FOLDED]
    if shown or not programs:
        out.append(_OVERVIEW_HEAD + _overview_rows(shown, detail))
        if not programs:
            out.append('<tr><td colspan="4">没有评估任何项目。</td></tr>')
        out.append("</tbody></table>")
    for status in FOLDED if not detail else ():
        group = [p for p in programs if p.status == status]
        if group:
            names = "、".join(f'<a href="#{_anchor(p.id)}">{e(p.title)}</a>' for p in group)
            out.append(f'<p class="folded-line"><span class="badge st-{e(status)}">{e(STATUS_LABELS[status])} '
                       f'{len(group)}</span> {names}</p>')
            out.append(_folded(f"{e(STATUS_LABELS[status])}项目明细",
                               _OVERVIEW_HEAD + _overview_rows(group, False) + "</tbody></table>", False))
    out.append("</section>")
    return "\n".join(out)


def _roadmap(report: Report, detail: bool = True) -> str:
    out = ['<section class="roadmap" id="roadmap"><h2>行动路线图</h2>']
    if not report.roadmap:
        out.append("<p>没有需要推进的步骤。</p></section>")
        return "\n".join(out)
    out.append('<p class="meta">按可推进的项目数排序；“补充信息”表示需要先补齐画像中的数据。</p>')
    titles = program_titles(report)

    def items(steps: list[Any], start: int) -> str:
        lis = []
        for step in steps:
            unlocks = "、".join(f'<a href="#{_anchor(u)}">{e(titles.get(u, u))}</a>' for u in step.unlocks)
            lis.append(f'<li data-kind="{e(step.kind)}"><span class="tag tag-{e(step.kind)}">'
                       f'{e(ROADMAP_KINDS.get(step.kind, step.kind))}</span>{e(step.step)}'
                       f'<div class="unlocks">可推进：{unlocks}</div></li>')
        return f'<ol class="roadmap" start="{start}">' + "".join(lis) + "</ol>"

    first = report.roadmap if detail else report.roadmap[:ROADMAP_SHORT]
    out.append(items(first, 1))
    rest = report.roadmap[len(first):]
    if rest:
        out.append(_folded(f"其余 {len(rest)} 步", items(rest, len(first) + 1), False))
    out.append("</section>")
    return "\n".join(out)


def _whatif(whatif: dict[str, Any]) -> str:
    sets = "，".join(f"{e(field_label(k))} = {e(v)}" for k, v in (whatif.get("set") or {}).items())
    changes = whatif.get("changes") or []
    items = "".join(f"<li>{e(ch['program'])}：{e(STATUS_LABELS.get(ch['before'], ch['before']))} → "
                    f"{e(STATUS_LABELS.get(ch['after'], ch['after']))}</li>" for ch in changes)
    body = f"<ul>{items}</ul>" if items else "<p>没有项目的结论因此改变。</p>"
    return f'<div class="whatif"><strong>假设变更：</strong>{sets}{body}</div>'


def render_html(report: Report, whatif: dict[str, Any] | None = None, **options: Any) -> str:
    """The whole report as one self-contained HTML document (``detail=True``: everything open,
    one program a page when printed; else the short report, see the module docstring)."""
    detail = bool(options.get("detail"))
    programs = ordered_programs(report)
    name = e(report.profile.name)
    facts = []
    if report.profile.credit_code:
        facts.append(("统一社会信用代码", e(report.profile.credit_code)))
    facts.append(("评估日期", e(report.as_of)))
    derived = derived_text(report, options.get("derived"), unknown=DERIVED_OPEN) if options.get("derived") else []
    if derived:
        facts.append(("推导事实", "，".join(f"{e(k)} = {e(v)}" for k, v in derived)))
    chips = "".join(f'<span class="chip st-{s}">{STATUS_LABELS[s]} {int(report.summary.get(s, 0))}</span>'
                    for s in STATUS_ORDER)
    parts = [
        "<!DOCTYPE html>",
        '<html lang="zh-CN"><head><meta charset="utf-8">',
        '<meta name="viewport" content="width=device-width, initial-scale=1">',
        f"<title>知策政策体检报告 · {name}</title>",
        f'<style>{CSS}</style></head><body class="{"detail" if detail else "short"}"><main>',
        '<header class="report-head"><div class="brand">知策 ZHICE · 企业知识产权政策体检报告</div>',
        f"<h1>{name}</h1>",
        '<dl class="kv">' + "".join(f"<dt>{k}</dt><dd>{v}</dd>" for k, v in facts) + "</dl>",
        f'<div class="chips" aria-label="汇总">{chips}</div></header>',
    ]
    if whatif:
        parts.append(_whatif(whatif))
    if detail:
        parts += [_overview(report, programs, True), _roadmap(report, True)]
    else:
        parts += [_roadmap(report, False), _overview(report, programs, False)]
        parts.append('<p class="meta">这是简要报告：已满足的条件、申报方式和政策依据可点开查看（打印时略去）；'
                     '完整报告请加 --detail。</p>')
    notices = [p.notice for p in programs if p.notice and p.status not in FOLDED]
    shared = frozenset(n for n in notices if notices.count(n) > 1) if not detail else frozenset()
    for notice in sorted(shared, key=notices.index):
        parts.append(f'<div class="notice" role="note">⚠ {e(notice)}（下列 {notices.count(notice)} 个项目同此，'
                     '见各项目的“依据”标注）</div>')
    actual = _actual_words(options.get("derived"))
    parts.extend(_program(p, detail, shared, actual) for p in programs)
    parts.append(
        f'<footer>规则库 {e(report.rulebooks_digest)} · 引擎 zhice {e(report.engine_version)} · '
        f'匹配器 {e(report.matcher)} · 画像摘要 {e(report.profile.digest)} · 结果格式 v{int(report.schema_version)}'
        '<br>本报告由规则自动生成；标注“知策推定”的条件并非政策原文，请向主管部门核实后再作申报决定。</footer>')
    parts.append("</main></body></html>")
    return "\n".join(parts) + "\n"
