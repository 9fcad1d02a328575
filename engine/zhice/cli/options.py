"""Options every command shares: ``--rulebooks``, ``--as-of``, ``--no-cache`` and ``--matcher``.

One definition for all verbs (the command modules of ``zhice.cli``), so the flags read the same
everywhere.
"""

from __future__ import annotations

import os
from collections.abc import Callable
from typing import Any

import click

__all__ = ["common_options", "matcher_option", "no_cache_option"]


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
    return click.option("--no-cache", is_flag=True, expose_value=False, callback=_skip_cache,
                        help="不读也不写规则库缓存 (skip the rulebook cache: read and write nothing; "
                             "same as ZHICE_NO_CACHE=1).")(fn)


def common_options(fn: Callable[..., Any]) -> Callable[..., Any]:
    """--rulebooks, --as-of and --no-cache, which every command that loads rulebooks takes."""
    fn = no_cache_option(fn)
    fn = click.option("--as-of", "as_of", metavar="DATE", default=None,
                      help="按该日有效的规则评估，默认今天 (evaluate the rules in force on this date; YYYY-MM-DD).")(fn)
    fn = click.option("--rulebooks", "rulebooks", metavar="DIR", envvar="ZHICE_RULEBOOKS", default=None,
                      type=click.Path(file_okay=False),
                      help="规则库目录，默认 $ZHICE_RULEBOOKS 或随附规则库 (rulebook directory).")(fn)
    return fn


def matcher_option(fn: Callable[..., Any]) -> Callable[..., Any]:
    return click.option("--matcher", type=click.Choice(["durable", "compiled"]), default=None,
                        help="匹配器：durable（默认）或 compiled（结果相同，更快） (rule matcher).")(fn)
