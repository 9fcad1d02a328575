"""``zhice lint``: every problem of the rulebooks at once, as file:line: code: message."""

from __future__ import annotations

import json
import sys

import click

from zhice.cli.common import report_error
from zhice.cli.options import no_cache_option
from zhice.errors import UsageError
from zhice.lint import lint_paths, summarize
from zhice.pipeline import default_rulebooks_dir, parse_as_of

__all__ = ["lint_command"]


@click.command("lint")
@click.argument("paths", nargs=-1, type=click.Path())
@click.option("--features", metavar="DIR", default=None, type=click.Path(file_okay=False),
              help="Feature folder to look for features/<domain>/<id>.feature (default: features/ beside the rulebooks).")
@click.option("--format", "fmt", type=click.Choice(["text", "json"]), default="text", show_default=True)
@click.option("--as-of", "as_of", metavar="DATE", default=None,
              help="Check dated parameters, effective windows and review dates as of DATE (default today).")
@click.option("--rulebooks", "rulebooks", metavar="DIR", envvar="ZHICE_RULEBOOKS", default=None,
              type=click.Path(file_okay=False), help="Rulebook directory when no PATH is given.")
@no_cache_option
def lint_command(paths: tuple[str, ...], features: str | None, fmt: str, as_of: str | None, rulebooks: str | None) -> None:
    """Check rulebooks: every schema, field, type and logic problem at once, as file:line: code: message.

    Exit 3 when there are errors, 0 when there are only warnings (codes: docs/lint-codes.md).
    """
    try:
        day = parse_as_of(as_of)
    except UsageError as exc:
        report_error(exc, fmt)
        sys.exit(exc.exit_code)
    targets = list(paths) or [str(default_rulebooks_dir(rulebooks))]
    findings = lint_paths(targets, day, features)
    summary = summarize(findings)
    if fmt == "json":
        click.echo(json.dumps(summary, ensure_ascii=False, indent=2))
    else:
        for f in findings:
            colour = "red" if f.severity == "error" else "yellow"
            click.echo(click.style(str(f), fg=colour))
        tail = f"{summary['errors']} error(s), {summary['warnings']} warning(s)"
        click.echo(click.style(tail if findings else "rulebooks OK: 0 errors, 0 warnings", bold=True), err=bool(findings))
    sys.exit(3 if summary["errors"] else 0)
