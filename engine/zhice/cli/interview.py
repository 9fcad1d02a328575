"""``zhice interview``: the question loop around :mod:`zhice.interview` (which chooses the questions).

A first result (the statuses decided so far) shows after :data:`~zhice.interview.FIRST_RESULT`
questions; the interview then goes on until no answer left can change a result, and shows the
checkup. ``q`` or Ctrl-C saves the answers given so far (``--output`` or a new file here).
"""

from __future__ import annotations

import datetime as dt
import json
import signal
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any

import click

from zhice.cli.common import guarded, warn_fallback
from zhice.cli.lang import ZhiceCommand, tr
from zhice.cli.options import common_options, matcher_option
from zhice.interview import (
    FIELDS,
    FIRST_RESULT,
    Interview,
    command_of,
    default_output,
    help_text,
    implausible,
    parse_answer,
    question_text,
    required_field,
    save_profile,
)
from zhice.wording import status_label

__all__ = ["interview_command", "run_questions"]


class Quit(Exception):
    """The person asked to stop (``q``) or pressed Ctrl-C."""

    def __init__(self, interrupted: bool):
        super().__init__("interrupted" if interrupted else "quit")
        self.interrupted = interrupted


def first_result(iv: Interview, titles: dict[str, str], evaluate: Callable[[], Any]) -> str:
    """The statuses decided so far, one line per status, and how many programs are still open."""
    report = evaluate()
    open_ids = set(iv.undecided())
    lines = ["", click.style("初步结论（继续回答可细化，随时输入 q 保存退出）：", bold=True)]
    for status in ("eligible", "gap", "achieved", "not_applicable", "insufficient_data"):
        ids = [p.id for p in report.programs if p.status == status and p.id not in open_ids]
        if ids:
            lines.append(f"   {status_label(status)}：" + "、".join(titles.get(i, i) for i in ids))
    if open_ids:
        lines.append(f"   尚未确定：{len(open_ids)} 个项目")
    return "\n".join(lines) + "\n"


def run_questions(iv: Interview, ask: Callable[[str], str], say: Callable[[str], None], titles: dict[str, str],
                  evaluate: Callable[[], Any] | None = None, limit: int | None = None) -> int:
    """Ask until nothing left can change a result; return the number of questions answered.

    ``ask(prompt)`` returns the typed line (raising :class:`Quit` to stop); answers go into
    ``iv.answers``. Raises :class:`Quit` when the person quits.
    """
    history: list[str] = []
    shown_first = False
    guard = limit or 4 * len(FIELDS)
    steps = 0
    while steps < guard:
        steps += 1
        q = iv.next_question()
        if q is None:
            break
        if evaluate is not None and not shown_first and len(history) >= FIRST_RESULT:
            shown_first = True
            say(first_result(iv, titles, evaluate))
        raw = ask(question_text(q.path, list(q.programs), len(history) + 1, titles))
        cmd = command_of(raw)
        if cmd == "quit":
            raise Quit(False)
        if cmd == "help":
            say(help_text(q, titles))
            continue
        if cmd == "back":
            if history:
                iv.answers.pop(history.pop(), None)
            else:
                say("   已是第一题。")
            continue
        if cmd == "skip" and q.path != required_field():
            iv.answers[q.path] = None
            history.append(q.path)
            continue
        try:
            value = parse_answer(q.path, raw, iv.answers)
        except ValueError as exc:
            say(click.style(f"   输入无效：{exc}，请重新输入。", fg="red"))
            continue
        doubt = implausible(q.path, value, iv.answers)
        if doubt is not None and not _yes(ask("   " + doubt)):
            say("   请重新输入。")
            continue
        iv.answers[q.path] = value
        history.append(q.path)
    return len(history)


def _yes(raw: str) -> bool:
    return raw.strip().lower() in ("是", "y", "yes", "对", "确认", "1", "true")


@click.command("interview", cls=ZhiceCommand, help=tr(
    "问答式体检：只问会影响结论的问题。\n\n下一题总是最能决定未定结论的问题；答到没有答案还能改变结论时显示体检报告。"
    "b 上一题，s 跳过，? 帮助，q 或 Ctrl-C 保存已答内容并退出。",
    "Interview: asks only what decides outcomes.\n\nThe next question is the one that decides the most open "
    "outcomes; when no answer left can change a result, the checkup shows. b goes back, s skips, ? helps, q or "
    "Ctrl-C saves the answers given and quits."))
@click.option("--output", "-o", metavar="FILE", default=None,
              help=tr("把回答保存为画像 YAML", "save the answers as a profile YAML"))
@click.option("--from", "from_profile", metavar="PROFILE", default=None, type=click.Path(dir_okay=False),
              help=tr("从已有画像开始，只问缺少的", "start from a profile; ask only what is missing"))
@click.option("--program", "programs", multiple=True, metavar="ID",
              help=tr("只问这些项目，可重复", "only these programs (repeatable)"))
@click.option("--format", "fmt", type=click.Choice(["text", "json"]), default="text", show_default=True,
              help=tr("最终报告格式", "format of the final report"))
@matcher_option
@common_options
def interview_command(output: str | None, from_profile: str | None, programs: tuple[str, ...], fmt: str,
                      matcher: str | None, rulebooks: str | None, as_of: str | None) -> None:
    """问答式体检：只问会影响结论的问题 (ask only what decides outcomes, then show the checkup)."""
    from zhice.pipeline import Engine, default_rulebooks_dir, parse_as_of
    from zhice.profile import load_profile
    from zhice.renderers import render
    from zhice.wording import derived_specs

    @guarded
    def body(fmt: str) -> None:
        if hasattr(signal, "pthread_sigmask"):      # Ctrl-C saves, even where a parent blocked SIGINT
            signal.pthread_sigmask(signal.SIG_UNBLOCK, {signal.SIGINT})
        warn_fallback(matcher)
        engine = Engine(default_rulebooks_dir(rulebooks))
        engine.check_programs(list(programs))
        day = parse_as_of(as_of)
        compiled = engine.compiled(day)
        iv = Interview(compiled, engine.matcher(day, matcher), list(programs) or None)
        if from_profile:
            iv.answers.update(load_profile(from_profile).facts())
        titles = {p.book.id: p.book.title.zh for p in compiled.programs}
        err = fmt == "json"
        say: Callable[[str], None] = lambda text: click.echo(text, err=err)  # noqa: E731

        def ask(prompt: str) -> str:
            try:
                raw = click.prompt(prompt, default="", show_default=False, err=err)
            except click.Abort:             # Ctrl-C, or the end of the input
                raise Quit(True) from None
            return raw

        def evaluate() -> Any:
            return engine.checkup(iv.profile(), as_of=day, matcher=matcher, programs=list(programs) or None)

        say(click.style("知策政策体检 · 问答", bold=True))
        say("只问会影响结论的问题；金额单位万元，比例填百分数（如 5 表示 5%）。")
        say("输入 ? 看帮助，b 返回上一题，s 跳过，q 保存并退出（Ctrl-C 也会保存）。")
        if from_profile:
            say(f"已从 {from_profile} 读入 {len(iv.answers)} 项，只问缺少的。")
        try:
            asked = run_questions(iv, ask, say, titles, evaluate)
        except Quit as stop:
            _save_on_quit(iv, output, day, say, stop.interrupted)
            sys.exit(130 if stop.interrupted else 0)
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
            click.echo(render(report, "text", derived=derived_specs(compiled)), nl=False)

    body(fmt=fmt)


def _save_on_quit(iv: Interview, output: str | None, day: dt.date, say: Callable[[str], None],
                  interrupted: bool) -> None:
    head = "\n已中断" if interrupted else "\n已退出"
    if not iv.answers.get(required_field()):
        say(f"{head}；还没有回答企业名称，没有可保存的内容。")
        return
    target = Path(output) if output else default_output()
    save_profile(iv.profile(), target, day)
    known = sum(1 for v in iv.answers.values() if v is not None)
    say(f"{head}；已把 {known} 项回答保存到 {target}。"
        f"继续：zhice interview --from {target}{' --output ' + str(target) if not output else ''}")
