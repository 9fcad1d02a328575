"""``zhice checkup``: one profile against every program (with ``--set``, what changes)."""

from __future__ import annotations

import time

import click

from zhice.cli.lang import ZhiceCommand, tr
from zhice.cli.common import guarded, parse_sets, verbosity, warn_fallback, write_output
from zhice.cli.options import common_options, matcher_option
from zhice.pipeline import Engine, default_rulebooks_dir, parse_as_of
from zhice.profile import load_profile, with_changes
from zhice.renderers import FORMATS, render
from zhice.wording import current_lang, derived_specs

__all__ = ["checkup"]


@click.command("checkup", cls=ZhiceCommand, help=tr(
    "政策体检：一份画像对照全部项目。\n\n对照每个项目评估画像 PROFILE（YAML 或 JSON），给出结论、差距、下一步和依据。\n\n"
    "退出码：0 已评估，2 用法或画像有误，3 规则库有误，1 内部错误。",
    "Checkup: one profile against every program.\n\n"
    "Evaluates PROFILE (YAML or JSON) against every program: status, gaps, next steps, citations.\n\n"
    "Exit codes: 0 evaluated, 2 bad usage or profile, 3 invalid rulebooks, 1 internal error."))
@click.argument("profile", type=click.Path(dir_okay=False),
                help=tr("企业画像文件（YAML 或 JSON）", "the enterprise profile (YAML or JSON)"))
@click.option("--program", "programs", multiple=True, metavar="ID",
              help=tr("只看这些项目，可重复", "only these programs (repeatable)"))
@click.option("--format", "fmt", type=click.Choice(list(FORMATS)), default="text", show_default=True,
              help=tr("输出格式", "output format"))
@click.option("--set", "sets", multiple=True, metavar="PATH=VALUE",
              help=tr("假设：修改画像字段（可重复），报告列出结论的变化",
                      "what-if: change a profile field (repeatable); the report lists the changed statuses"))
@click.option("--output", "-o", metavar="FILE", default=None,
              help=tr("把报告写入 FILE（原子写入）", "write the report to FILE (atomically)"))
@click.option("--detail", is_flag=True,
              help=tr("文本：列出全部差距、步骤、适用范围、依据和完整路线图",
                      "text: every gap, step, scope, source and the whole roadmap"))
@click.option("--status", "statuses", multiple=True, metavar="STATUS",
              type=click.Choice(["eligible", "gap", "insufficient_data", "achieved", "not_applicable"]),
              help=tr("文本：只看此结论的项目，可重复（eligible 符合、gap 存在差距、insufficient_data 信息不足、"
                      "achieved 已获得、not_applicable 不适用）",
                      "text: only programs of this status (repeatable)"))
@matcher_option
@common_options
@guarded
def checkup(profile: str, programs: tuple[str, ...], fmt: str, sets: tuple[str, ...], output: str | None,
            detail: bool, statuses: tuple[str, ...],
            matcher: str | None, rulebooks: str | None, as_of: str | None) -> None:
    lang = current_lang()
    warn_fallback(matcher)
    started = time.perf_counter()
    engine = Engine(default_rulebooks_dir(rulebooks))
    prof = load_profile(profile)
    day = parse_as_of(as_of)
    changes = parse_sets(sets)
    whatif = None
    if changes:
        before = engine.checkup(prof, as_of=day, matcher=matcher, programs=list(programs) or None)
        prof = with_changes(prof, changes)
        report = engine.checkup(prof, as_of=day, matcher=matcher, programs=list(programs) or None)
        old = {p.id: p.status for p in before.programs}
        whatif = {"set": {k: (v.isoformat() if hasattr(v, "isoformat") else v) for k, v in changes.items()},
                  "changes": [{"program": p.id, "before": old[p.id], "after": p.status}
                              for p in report.programs if old.get(p.id) != p.status]}
    else:
        report = engine.checkup(prof, as_of=day, matcher=matcher, programs=list(programs) or None)
    if fmt == "json":
        text = render(report, "json", extra={"whatif": whatif} if whatif else None)
    else:
        text = render(report, fmt, whatif=whatif, detail=detail, lang=lang, statuses=statuses,
                      derived=derived_specs(engine.compiled(day)))
    write_output(text, output)
    if verbosity() == "verbose":
        click.echo(f"用时 {time.perf_counter() - started:.2f} 秒 · 匹配器 {report.matcher} · 规则库 "
                   f"{default_rulebooks_dir(rulebooks)}（{report.rulebooks_digest[:19]}）· "
                   f"{len(report.programs)} 个项目", err=True)
