"""``zhice lint``: every problem of the rulebooks at once, as file:line: code: message."""

from __future__ import annotations

import json
import sys

import click

from zhice.cli.common import report_error
from zhice.cli.lang import ZhiceCommand, lang_option, tr
from zhice.cli.options import format_option, no_cache_option
from zhice.errors import UsageError
from zhice.lint import lint_paths, summarize
from zhice.pipeline import default_rulebooks_dir, parse_as_of
from zhice.wording import pick

__all__ = ["lint_command"]


@click.command("lint", cls=ZhiceCommand, help=tr(
    "检查规则库：一次列出全部问题。\n\n每个模式、字段、类型和逻辑问题以“文件:行: 代码: 说明”列出。"
    "有错误时退出码为 3，只有警告时为 0（代码见 docs/lint-codes.md）。",
    "Check rulebooks: every problem at once.\n\n"
    "Every schema, field, type and logic problem as file:line: code: message. "
    "Exit 3 when there are errors, 0 when there are only warnings (codes: docs/lint-codes.md)."))
@click.argument("paths", nargs=-1, type=click.Path(),
                help=tr("规则库文件或目录（默认：--rulebooks）", "rulebook files or folders (default: --rulebooks)"))
@click.option("--features", metavar="DIR", default=None, type=click.Path(file_okay=False),
              help=tr("在此目录找 features/<领域>/<编号>.feature（默认：规则库旁的 features/）",
                      "feature folder to look for features/<domain>/<id>.feature "
                      "(default: features/ beside the rulebooks)"))
@format_option(["text", "json"])
@click.option("--as-of", "as_of", metavar="DATE", default=None,
              help=tr("按该日检查带日期的参数、有效期和复核日期（默认今天）",
                      "check dated parameters, effective windows and review dates as of DATE (default today)"))
@click.option("--rulebooks", "rulebooks", metavar="DIR", envvar="ZHICE_RULEBOOKS", default=None,
              type=click.Path(file_okay=False),
              help=tr("未给 PATH 时检查的规则库目录", "rulebook directory when no PATH is given"))
@lang_option
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
        tail = pick(f"{summary['errors']} 个错误，{summary['warnings']} 个警告",
                    f"{summary['errors']} error(s), {summary['warnings']} warning(s)")
        ok = pick("规则库无误：0 个错误，0 个警告", "rulebooks OK: 0 errors, 0 warnings")
        click.echo(click.style(tail if findings else ok, bold=True), err=bool(findings))
    sys.exit(3 if summary["errors"] else 0)
