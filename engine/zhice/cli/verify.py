"""``zhice verify``: run the Gherkin scenarios against the rulebooks (``zhice.verify``, loaded
only when the command runs: it imports pytest)."""

from __future__ import annotations

import datetime as dt
import json
import os
import sys
from pathlib import Path
from typing import Any

import click

from zhice.cli.options import no_cache_option
from zhice.errors import Problem, ZhiceError
from zhice.matchers import MATCHERS

__all__ = ["verify_command"]


def _fail(exc: ZhiceError, fmt: str) -> None:
    if fmt == "json":
        click.echo(json.dumps(exc.to_dict(), ensure_ascii=False, indent=2), err=True)
    else:
        click.echo(f"zhice verify: {len(exc.problems)} problem(s):", err=True)
        for p in exc.problems:
            click.echo(f"  {p}", err=True)
    sys.exit(exc.exit_code)


@click.command("verify")
@click.argument("paths", nargs=-1, type=click.Path())
@click.option("--coverage", is_flag=True, help="Show which criteria and scope conditions the scenarios exercised.")
@click.option("--fail-under", type=click.FloatRange(0, 100), default=None, metavar="PERCENT",
              help="Fail when the coverage is below PERCENT (implies --coverage).")
@click.option("--coverage-all", is_flag=True, default=None,
              help="Count the whole catalog, not only the rulebooks the given features touch (implies --coverage).")
@click.option("--format", "fmt", type=click.Choice(["text", "json"]), default="text", show_default=True)
@click.option("--matcher", type=click.Choice(list(MATCHERS)), default=None,
              help="Rule matcher: durable (default) or compiled (identical results).")
@click.option("--rulebooks", metavar="DIR", envvar="ZHICE_RULEBOOKS", default=None, type=click.Path(file_okay=False),
              help="Rulebook directory (default: $ZHICE_RULEBOOKS or the shipped rulebooks).")
@click.option("--as-of", "as_of", metavar="DATE", default=None,
              help="Date of a 'When the checkup runs' step without a date (default today).")
@click.option("--new", "new_program", metavar="PROGRAM", default=None,
              help="Print a starter feature for PROGRAM instead of verifying.")
@no_cache_option
def verify_command(paths: tuple[str, ...], coverage: bool, fail_under: float | None, coverage_all: bool | None,
                   fmt: str, matcher: str | None, rulebooks: str | None, as_of: str | None,
                   new_program: str | None) -> None:
    """Run Gherkin scenarios (features/ by default) against the rulebooks: 通过/失败 per scenario.

    Exit 0 when every scenario passed (and coverage reached --fail-under), 1 when any failed,
    2 for bad usage, 3 for invalid rulebooks.
    """
    from zhice.verify import starter_feature, verify   # loads pytest: only when verifying

    try:
        if new_program:
            click.echo(starter_feature(new_program, rulebooks=rulebooks, as_of=as_of), nl=False)
            return
        result = verify(paths, rulebooks=rulebooks, matcher=matcher, as_of=as_of, coverage=coverage,
                        fail_under=fail_under, coverage_all=coverage_all or None)
    except ZhiceError as exc:
        _fail(exc, fmt)
        return
    except Exception as exc:  # noqa: BLE001 - a bug: report it as exit 1, without a traceback
        if os.environ.get("ZHICE_DEBUG"):
            raise
        _fail(ZhiceError([Problem("internal", f"{type(exc).__name__}: {exc}",
                                  hint="this is a bug; rerun with ZHICE_DEBUG=1 for a traceback")]), fmt)
        return
    if fmt == "json":
        click.echo(json.dumps(result.to_dict(), ensure_ascii=False, indent=2, default=_json_default))
    else:
        click.echo(result.render_text(), nl=False)
    sys.exit(0 if result.ok else 1)


def _json_default(value: Any) -> Any:
    if isinstance(value, (dt.date, Path)):
        return str(value)
    if isinstance(value, set):
        return sorted(value)
    raise TypeError(f"not JSON serializable: {type(value).__name__}")
