"""``zhice explain``: a program's conditions for a profile, with values and citations."""

from __future__ import annotations

import json

import click

from zhice.cli.common import guarded
from zhice.cli.options import common_options, matcher_option
from zhice.explain import explain, render_explanation
from zhice.pipeline import Engine, default_rulebooks_dir
from zhice.profile import load_profile

__all__ = ["explain_command"]


@click.command("explain")
@click.argument("program")
@click.argument("profile", type=click.Path(dir_okay=False))
@click.option("--format", "fmt", type=click.Choice(["text", "json"]), default="text", show_default=True)
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
