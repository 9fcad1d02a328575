"""``zhice programs``: the programs of the rulebooks."""

from __future__ import annotations

import json

import click

from zhice.cli.common import guarded
from zhice.cli.lang import ZhiceCommand, tr
from zhice.cli.options import common_options, format_option
from zhice.pipeline import Engine, default_rulebooks_dir, parse_as_of
from zhice.wording import confidence_label, current_lang, domain_label, pick

__all__ = ["programs"]


@click.command("programs", cls=ZhiceCommand, help=tr(
    "列出规则库中的项目：编号、领域、规则置信度和名称。\n\n"
    "--format json 输出静态目录（每个项目和条件的文字），以规则库摘要为键，与筛查的精简 JSONL 行对应。",
    "List the programs of the rulebooks: id, domain, confidence and title.\n\n"
    "--format json: the static catalog (every program's and criterion's texts), keyed by the rulebooks digest "
    "that a screening's compact JSONL lines carry."))
@format_option(["text", "json"])
@common_options
@guarded
def programs(fmt: str, rulebooks: str | None, as_of: str | None) -> None:
    """List the programs of the rulebooks (the static catalog with ``--format json``)."""
    engine = Engine(default_rulebooks_dir(rulebooks))
    compiled = engine.compiled(parse_as_of(as_of))
    if fmt == "json":
        from zhice.catalog import program_catalog

        click.echo(json.dumps(program_catalog(compiled), ensure_ascii=False, indent=2))
        return
    rows = [{"id": p.book.id, "title": p.book.title.zh, "title_en": p.book.title.en, "kind": p.book.kind,
             "domain": p.book.domain, "authority": p.book.authority, "confidence": p.confidence,
             "in_force": p.active, "last_reviewed": p.book.last_reviewed.isoformat()} for p in compiled.programs]
    lang = current_lang()
    for r in rows:
        flag = "" if r["in_force"] else pick("  （不在有效期内）", "  (not in force)")
        title = r["title_en"] if lang == "en" and r["title_en"] else r["title"]
        click.echo(f"{r['id']:<30} {_pad(domain_label(r['domain'], lang), 14)} "
                   f"{_pad(confidence_label(r['confidence'], lang), 10)} {title}{flag}")


def _pad(text: str, width: int) -> str:
    """``text`` padded to ``width`` terminal columns (a Chinese character takes two)."""
    from rich.cells import cell_len

    return text + " " * max(0, width - cell_len(text))
