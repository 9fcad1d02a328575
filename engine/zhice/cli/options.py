"""Options every command shares: ``--rulebooks``, ``--as-of``, ``--lang``, ``--no-cache`` and ``--matcher``.

One definition for all verbs (the command modules of ``zhice.cli``), so the flags read the same
everywhere.
"""

from __future__ import annotations

import os
from collections.abc import Callable
from typing import Any

import click

from zhice.cli.lang import lang_option, tr

__all__ = ["AS_OF_HELP", "MATCHER_HELP", "RULEBOOKS_HELP", "common_options", "format_option", "lang_option", "matcher_option",
           "NO_CACHE_HELP", "no_cache_option"]


def _skip_cache(ctx: click.Context, param: click.Parameter, value: bool) -> None:
    """``--no-cache``: ``ZHICE_NO_CACHE=1`` while the command runs (worker processes inherit it)."""
    if not value:
        return
    before = os.environ.get("ZHICE_NO_CACHE")
    os.environ["ZHICE_NO_CACHE"] = "1"

    def restore() -> None:
        if before is None:
            os.environ.pop("ZHICE_NO_CACHE", None)
        else:
            os.environ["ZHICE_NO_CACHE"] = before
    ctx.call_on_close(restore)


def no_cache_option(fn: Callable[..., Any]) -> Callable[..., Any]:
    """--no-cache, for every command that loads rulebooks (``zhice.rulebook_cache``); the command
    function does not see it."""
    return click.option("--no-cache", is_flag=True, expose_value=False, callback=_skip_cache, help=NO_CACHE_HELP)(fn)


NO_CACHE_HELP = tr("不读也不写规则库缓存（同 ZHICE_NO_CACHE=1）",
                   "skip the rulebook cache: read and write nothing (as ZHICE_NO_CACHE=1)")


def common_options(fn: Callable[..., Any]) -> Callable[..., Any]:
    """--rulebooks, --as-of, --lang and --no-cache, which every command that loads rulebooks takes."""
    fn = no_cache_option(fn)
    fn = lang_option(fn)
    fn = click.option("--as-of", "as_of", metavar="DATE", default=None, help=AS_OF_HELP)(fn)
    fn = click.option("--rulebooks", "rulebooks", metavar="DIR", envvar="ZHICE_RULEBOOKS", default=None,
                      type=click.Path(file_okay=False), help=RULEBOOKS_HELP)(fn)
    return fn


AS_OF_HELP = tr("按该日有效的规则评估（年-月-日，默认今天）",
                "evaluate the rules in force on this date (YYYY-MM-DD; default today)")
RULEBOOKS_HELP = tr("规则库目录，默认 $ZHICE_RULEBOOKS 或随附的规则库",
                    "rulebook directory (default: $ZHICE_RULEBOOKS or the shipped rulebooks)")


def matcher_option(fn: Callable[..., Any]) -> Callable[..., Any]:
    return click.option("--matcher", type=click.Choice(["durable", "compiled"]), default=None,
                        help=MATCHER_HELP)(fn)


MATCHER_HELP = tr("匹配器：durable（默认）或 compiled（结果相同，更快）",
                  "rule matcher: durable (default) or compiled (identical results, faster)")


def format_option(choices: list[str]) -> Callable[[Callable[..., Any]], Callable[..., Any]]:
    """``--format``, one of ``choices`` (the first is the default)."""
    return click.option("--format", "fmt", type=click.Choice(choices), default=choices[0], show_default=True,
                        help=tr("输出格式", "output format"))
