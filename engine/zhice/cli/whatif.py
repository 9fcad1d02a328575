"""``zhice whatif``: the smallest verified changes that make a program eligible."""

from __future__ import annotations

import json

import click

from zhice.cli.common import guarded
from zhice.cli.options import common_options, matcher_option
from zhice.pipeline import Engine, default_rulebooks_dir
from zhice.profile import load_profile
from zhice.whatif import render_whatif, suggest

__all__ = ["whatif_command"]


@click.command("whatif")
@click.argument("program")
@click.argument("profile", type=click.Path(dir_okay=False))
@click.option("--limit", default=3, show_default=True, help="How many change sets to show.")
@click.option("--format", "fmt", type=click.Choice(["text", "json"]), default="text", show_default=True)
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
