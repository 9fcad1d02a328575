"""``zhice whatif``: the smallest verified changes that make a program eligible."""

from __future__ import annotations

import json

import click

from zhice.cli.common import guarded
from zhice.cli.lang import ZhiceCommand, tr
from zhice.cli.options import common_options, format_option, matcher_option
from zhice.pipeline import Engine, default_rulebooks_dir
from zhice.profile import load_profile
from zhice.whatif import render_whatif, suggest

__all__ = ["whatif_command"]


@click.command("whatif", cls=ZhiceCommand, help=tr(
    "假设分析：怎样改最少就能符合。\n\n找出让项目 PROGRAM 变为符合的、对画像 PROFILE 数字和是否项的最小改动（逐一验证），并给出每项还差多少。",
    "What-if: the fewest changes that make a program eligible.\n\n"
    "The smallest changes to PROFILE's numbers and flags that make PROGRAM eligible (each verified), "
    "with the size of each change."))
@click.argument("program", help=tr("项目编号（见 zhice programs）", "program id (see zhice programs)"))
@click.argument("profile", type=click.Path(dir_okay=False),
                help=tr("企业画像文件（YAML 或 JSON）", "the enterprise profile (YAML or JSON)"))
@click.option("--limit", default=3, show_default=True, metavar="N",
              help=tr("最多列出几组改动", "how many change sets to show"))
@format_option(["text", "json"])
@matcher_option
@common_options
def whatif_command(program: str, profile: str, limit: int, fmt: str, matcher: str | None, rulebooks: str | None,
                   as_of: str | None) -> None:
    """The smallest changes to PROFILE's numbers and flags that make PROGRAM eligible (verified)."""

    @guarded
    def body(fmt: str) -> None:
        engine = Engine(default_rulebooks_dir(rulebooks))
        w = suggest(engine, load_profile(profile), program, as_of=as_of, matcher=matcher, limit=limit)
        if fmt == "json":
            click.echo(json.dumps(w.to_dict(), ensure_ascii=False, indent=2, default=str))
        else:
            click.echo(render_whatif(w, profile), nl=False)

    body(fmt=fmt)
