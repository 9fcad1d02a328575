"""``zhice diff``: which clients change status between two rulebook sets, and why."""

from __future__ import annotations

import json
from collections.abc import Iterator
from typing import Any

import click

from zhice.cli.common import guarded, verbosity
from zhice.cli.options import no_cache_option
from zhice.diff import diff_portfolio, read_portfolio, render_diff, write_diff
from zhice.errors import Problem, UsageError
from zhice.pipeline import Engine
from zhice.progress import ScreenProgress

__all__ = ["diff_command"]


def _counted(rows: Iterator[tuple[str, int, Any]], bar: ScreenProgress) -> Iterator[tuple[str, int, Any]]:
    """The portfolio's rows, telling ``bar`` how many were read and how many could not be."""
    done = errors = 0
    for row in rows:
        yield row
        done += 1
        errors += isinstance(row[2], Problem)
        bar.update(done, errors)


@click.command("diff")
@click.argument("old_rulebooks", type=click.Path(file_okay=False))
@click.argument("new_rulebooks", type=click.Path(file_okay=False))
@click.argument("more_inputs", nargs=-1, type=click.Path())
@click.option("--profiles", "inputs", multiple=True, metavar="INPUT",
              help="Client portfolio: a folder of YAML/JSON profiles, a profile file, .jsonl, or .csv/.xlsx (repeatable).")
@click.option("--program", "programs", multiple=True, metavar="ID", help="Only these programs (repeatable).")
@click.option("--output", "-o", metavar="FILE", default=None, help="Write the changes to FILE (.xlsx, .csv or .json).")
@click.option("--format", "fmt", type=click.Choice(["text", "json"]), default="text", show_default=True)
@click.option("--matcher", type=click.Choice(["durable", "compiled"]), default="compiled", show_default=True)
@click.option("--rulebooks", "rulebooks", metavar="DIR", default=None, hidden=True,
              help="Accepted for uniformity; diff takes its two rulebook sets as arguments.")
@click.option("--as-of", "as_of", metavar="DATE", default=None, help="Evaluation date (YYYY-MM-DD; default today).")
@no_cache_option
def diff_command(old_rulebooks: str, new_rulebooks: str, more_inputs: tuple[str, ...], inputs: tuple[str, ...],
                 programs: tuple[str, ...], output: str | None, fmt: str, matcher: str, rulebooks: str | None,
                 as_of: str | None) -> None:
    """Which clients change status on which programs between OLD_RULEBOOKS and NEW_RULEBOOKS, and why."""

    @guarded
    def body(fmt: str) -> None:
        sources = list(inputs) + list(more_inputs)
        if not sources:
            raise UsageError([Problem("no-input", "no client profiles given", path="--profiles",
                                      hint="zhice diff OLD NEW --profiles clients/ (a folder, .jsonl, .csv or .xlsx)")])
        old, new = Engine(old_rulebooks), Engine(new_rulebooks)
        with ScreenProgress(enabled=False if verbosity() == "quiet" else None, label="对比") as bar:
            bar.start(0, 0)
            result = diff_portfolio(old, new, _counted(read_portfolio(sources), bar), as_of=as_of,
                                    matcher=matcher, programs=list(programs) or None)
        if output:
            write_diff(result, output)
        if fmt == "json":
            click.echo(json.dumps(result.to_dict(), ensure_ascii=False, indent=2))
        else:
            click.echo(render_diff(result), nl=False)
            if output:
                click.echo(f"已写入 {output}")

    body(fmt=fmt)
