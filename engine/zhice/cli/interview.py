"""``zhice interview``: an interactive checkup (``zhice.interview`` asks only what decides outcomes)."""

from __future__ import annotations

import json

import click

from zhice.cli.common import guarded, warn_fallback
from zhice.cli.options import common_options, matcher_option
from zhice.interview import Interview, parse_answer, question_text, save_profile
from zhice.pipeline import Engine, default_rulebooks_dir, parse_as_of
from zhice.profile import FIELDS
from zhice.renderers import render

__all__ = ["interview_command"]


@click.command("interview")
@click.option("--output", "-o", metavar="FILE", default=None, help="Save the answers as a profile YAML (atomically).")
@click.option("--program", "programs", multiple=True, metavar="ID", help="Only ask about these programs (repeatable).")
@click.option("--format", "fmt", type=click.Choice(["text", "json"]), default="text", show_default=True,
              help="Format of the final report.")
@matcher_option
@common_options
def interview_command(output: str | None, programs: tuple[str, ...], fmt: str, matcher: str | None,
                      rulebooks: str | None, as_of: str | None) -> None:
    """Ask only the questions that decide outcomes, then show the checkup and save the profile."""

    @guarded
    def body(fmt: str) -> None:
        warn_fallback(matcher)
        engine = Engine(default_rulebooks_dir(rulebooks))
        engine.check_programs(list(programs))
        day = parse_as_of(as_of)
        iv = Interview(engine.compiled(day), engine.matcher(day, matcher), list(programs) or None)
        say = (lambda text: click.echo(text, err=True)) if fmt == "json" else click.echo
        say(click.style("知策政策体检 · 问答", bold=True))
        say("只问会影响结论的问题；金额单位万元，比例填百分数（如 5 表示 5%）。")
        asked = 0
        while True:
            nxt = iv.next_field()
            if nxt is None or asked > len(FIELDS):
                break
            path, progs = nxt
            asked += 1
            while True:
                raw = click.prompt(question_text(path, progs, asked), default="", show_default=False,
                                   err=fmt == "json")
                try:
                    iv.answers[path] = parse_answer(path, raw, iv.answers)
                    break
                except ValueError as exc:
                    say(click.style(f"   输入无效：{exc}，请重新输入。", fg="red"))
        prof = iv.profile()
        say(f"\n共回答 {asked} 个问题。")
        report = engine.checkup(prof, as_of=day, matcher=matcher, programs=list(programs) or None)
        if output:
            save_profile(prof, output, day)
            say(f"画像已保存到 {output}（可用 zhice checkup {output} 复查）")
        else:
            say("提示：加 --output profile.yaml 可保存本次回答。")
        if fmt == "json":
            click.echo(json.dumps(report.to_json_dict(), ensure_ascii=False, indent=2))
        else:
            click.echo(render(report, "text"), nl=False)

    body(fmt=fmt)
