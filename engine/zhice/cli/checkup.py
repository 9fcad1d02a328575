"""``zhice checkup``: one profile against every program (with ``--set``, what changes)."""

from __future__ import annotations

import time

import click

from zhice.cli.common import guarded, parse_sets, verbosity, warn_fallback, write_output
from zhice.cli.options import common_options, matcher_option
from zhice.pipeline import Engine, default_rulebooks_dir, parse_as_of
from zhice.profile import load_profile, with_changes
from zhice.renderers import FORMATS, render
from zhice.wording import derived_specs

__all__ = ["checkup"]


@click.command("checkup")
@click.argument("profile", type=click.Path(dir_okay=False))
@click.option("--program", "programs", multiple=True, metavar="ID", help="只看这些项目，可重复 (only these programs; repeatable).")
@click.option("--format", "fmt", type=click.Choice(list(FORMATS)), default="text", show_default=True,
              help="输出格式 (output format).")
@click.option("--set", "sets", multiple=True, metavar="PATH=VALUE",
              help="假设：修改画像字段（可重复），报告列出结论的变化 (what-if: change a field; repeatable).")
@click.option("--output", "-o", metavar="FILE", default=None, help="把报告写入 FILE（原子写入） (write the report to FILE).")
@click.option("--detail", is_flag=True, help="文本：列出全部差距、步骤、适用范围、依据和完整路线图 (text: everything).")
@click.option("--status", "statuses", multiple=True, metavar="STATUS",
              type=click.Choice(["eligible", "gap", "insufficient_data", "achieved", "not_applicable"]),
              help="文本：只看此结论的项目，可重复 (text: only programs of this status; repeatable).")
@click.option("--lang", type=click.Choice(["zh", "en"]), default="zh", show_default=True,
              help="文本报告的标签语言 (language of the text report's labels).")
@matcher_option
@common_options
@guarded
def checkup(profile: str, programs: tuple[str, ...], fmt: str, sets: tuple[str, ...], output: str | None,
            detail: bool, statuses: tuple[str, ...], lang: str,
            matcher: str | None, rulebooks: str | None, as_of: str | None) -> None:
    """政策体检：对照每个项目评估画像 PROFILE（YAML/JSON），给出结论、差距、下一步和依据
    (evaluate PROFILE against every program: status, gaps, next steps, citations)."""
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
