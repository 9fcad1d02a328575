"""``zhice schema``: the JSON Schema of a profile or of a rulebook file."""

from __future__ import annotations

import json

import click

from zhice.cli.common import guarded
from zhice.schemas import profile_schema, rulebook_schema

__all__ = ["schema"]


@click.command("schema")
@click.argument("what", type=click.Choice(["profile", "rulebook"]))
@guarded
def schema(what: str) -> None:
    """Print the JSON Schema of a profile or of a rulebook file."""
    data = profile_schema() if what == "profile" else rulebook_schema()
    click.echo(json.dumps(data, ensure_ascii=False, indent=2))
