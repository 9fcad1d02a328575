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

from zhice.cli.lang import ZhiceCommand, lang_option, tr
from zhice.cli.options import RULEBOOKS_HELP, format_option, no_cache_option
from zhice.errors import Problem, ZhiceError
from zhice.matchers import MATCHERS

__all__ = ["verify_command"]


def _fail(exc: ZhiceError, fmt: str) -> None:
    if fmt == "json":
        click.echo(json.dumps(exc.to_dict(), ensure_ascii=False, indent=2), err=True)
    else:
        from zhice.cli.common import report_error

        report_error(exc)
    sys.exit(exc.exit_code)


@click.command("verify", cls=ZhiceCommand, help=tr(
    "运行 Gherkin 场景，核对规则库：每个场景通过或失败。\n\n"
    "默认运行 features/ 下的全部场景。全部通过（且覆盖率达到 --fail-under）时退出码为 0，有失败时为 1，"
    "用法有误为 2，规则库有误为 3。",
    "Run Gherkin scenarios against the rulebooks: passed or failed per scenario.\n\n"
    "Runs features/ by default. Exit 0 when every scenario passed (and coverage reached --fail-under), "
    "1 when any failed, 2 for bad usage, 3 for invalid rulebooks."))
@click.argument("paths", nargs=-1, type=click.Path(),
                help=tr("feature 文件或目录（默认：规则库旁的 features/）",
                        "feature files or folders (default: features/ beside the rulebooks)"))
@click.option("--coverage", is_flag=True,
              help=tr("列出场景覆盖了哪些条件和适用范围", "show which criteria and scope conditions the scenarios exercised"))
@click.option("--fail-under", type=click.FloatRange(0, 100), default=None, metavar="PERCENT",
              help=tr("覆盖率低于 PERCENT 时判为失败（含 --coverage）",
                      "fail when the coverage is below PERCENT (implies --coverage)"))
@click.option("--coverage-all", is_flag=True, default=None,
              help=tr("按全部规则库计算覆盖率，而不只是所给场景涉及的（含 --coverage）",
                      "count the whole catalog, not only the rulebooks the given features touch (implies --coverage)"))
@format_option(["text", "json"])
@click.option("--matcher", type=click.Choice(list(MATCHERS)), default=None,
              help=tr("匹配器：durable（默认）、compiled 或 columnar（结果相同）",
                      "rule matcher: durable (default), compiled or columnar (identical results)"))
@click.option("--rulebooks", metavar="DIR", envvar="ZHICE_RULEBOOKS", default=None, type=click.Path(file_okay=False),
              help=RULEBOOKS_HELP)
@click.option("--as-of", "as_of", metavar="DATE", default=None,
              help=tr("未写日期的“当 进行政策体检”步骤所用的日期（默认今天）",
                      "date of a 'When the checkup runs' step without a date (default today)"))
@click.option("--new", "new_program", metavar="PROGRAM", default=None,
              help=tr("不核对，而是为项目 PROGRAM 输出一个场景模板", "print a starter feature for PROGRAM instead of verifying"))
@lang_option
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
        from zhice.cli.common import BUG_HINT

        _fail(ZhiceError([Problem("internal", f"{type(exc).__name__}: {exc}", hint=BUG_HINT())]), fmt)
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
