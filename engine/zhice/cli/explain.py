"""``zhice explain``: a program's conditions for a profile, with values and citations."""

from __future__ import annotations

import json

import click

from zhice.cli.common import guarded
from zhice.cli.lang import ZhiceCommand, tr
from zhice.cli.options import common_options, format_option, matcher_option
from zhice.explain import explain, render_explanation
from zhice.pipeline import Engine, default_rulebooks_dir
from zhice.profile import load_profile

__all__ = ["explain_command"]


@click.command("explain", cls=ZhiceCommand, help=tr(
    "逐条解释一个项目对画像的判断。\n\n列出项目 PROGRAM 对画像 PROFILE 的每个条件：每项比较、实际值、满足/未满足/未知和依据。",
    "Explain one program's verdict for a profile.\n\n"
    "Shows PROGRAM's conditions for PROFILE: every comparison, its actual value, met/unmet/unknown, citation."))
@click.argument("program", help=tr("项目编号（见 zhice programs）", "program id (see zhice programs)"))
@click.argument("profile", type=click.Path(dir_okay=False),
                help=tr("企业画像文件（YAML 或 JSON）", "the enterprise profile (YAML or JSON)"))
@format_option(["text", "json"])
@matcher_option
@common_options
def explain_command(program: str, profile: str, fmt: str, matcher: str | None, rulebooks: str | None,
                    as_of: str | None) -> None:
    """Show PROGRAM's conditions for PROFILE: every comparison, its actual value, met/unmet/unknown, citation."""

    @guarded
    def body(fmt: str) -> None:
        engine = Engine(default_rulebooks_dir(rulebooks))
        ex = explain(engine, load_profile(profile), program, as_of=as_of, matcher=matcher)
        if fmt == "json":
            click.echo(json.dumps(ex.to_dict(), ensure_ascii=False, indent=2))
        else:
            click.echo(render_explanation(ex), nl=False)

    body(fmt=fmt)
