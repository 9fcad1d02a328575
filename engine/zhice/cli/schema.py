"""``zhice schema``: the JSON Schema of a profile or of a rulebook file."""

from __future__ import annotations

import json

import click

from zhice.cli.common import guarded
from zhice.cli.lang import ZhiceCommand, lang_option, tr
from zhice.schemas import profile_schema, rulebook_schema

__all__ = ["schema"]


@click.command("schema", cls=ZhiceCommand, help=tr(
    "输出画像或规则库文件的 JSON Schema。\n\n编辑器可据此补全和检查（# yaml-language-server: $schema=…）。",
    "Print the JSON Schema of a profile or of a rulebook file.\n\n"
    "Editors complete and check files with it (# yaml-language-server: $schema=…)."))
@click.argument("what", type=click.Choice(["profile", "rulebook"]),
                help=tr("profile（企业画像）或 rulebook（规则库文件）", "profile or rulebook"))
@lang_option
@guarded
def schema(what: str) -> None:
    """Print the JSON Schema of a profile or of a rulebook file."""
    data = profile_schema() if what == "profile" else rulebook_schema()
    click.echo(json.dumps(data, ensure_ascii=False, indent=2))
