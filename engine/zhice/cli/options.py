"""Options every command shares: ``--rulebooks``, ``--as-of`` and ``--matcher``.

One definition for all verbs (the command modules of ``zhice.cli``), so the flags read the same
everywhere.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import click

__all__ = ["common_options", "matcher_option"]


def common_options(fn: Callable[..., Any]) -> Callable[..., Any]:
    """--rulebooks and --as-of, which every command takes."""
    fn = click.option("--as-of", "as_of", metavar="DATE", default=None,
                      help="按该日有效的规则评估，默认今天 (evaluate the rules in force on this date; YYYY-MM-DD).")(fn)
    fn = click.option("--rulebooks", "rulebooks", metavar="DIR", envvar="ZHICE_RULEBOOKS", default=None,
                      type=click.Path(file_okay=False),
                      help="规则库目录，默认 $ZHICE_RULEBOOKS 或随附规则库 (rulebook directory).")(fn)
    return fn


def matcher_option(fn: Callable[..., Any]) -> Callable[..., Any]:
    return click.option("--matcher", type=click.Choice(["durable", "compiled"]), default=None,
                        help="匹配器：durable（默认）或 compiled（结果相同，更快） (rule matcher).")(fn)
