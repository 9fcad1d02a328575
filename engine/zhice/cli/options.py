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
                      help="Evaluate the rules in force on this date (YYYY-MM-DD; default today).")(fn)
    fn = click.option("--rulebooks", "rulebooks", metavar="DIR", envvar="ZHICE_RULEBOOKS", default=None,
                      type=click.Path(file_okay=False),
                      help="Rulebook directory (default: $ZHICE_RULEBOOKS or the shipped rulebooks).")(fn)
    return fn


def matcher_option(fn: Callable[..., Any]) -> Callable[..., Any]:
    return click.option("--matcher", type=click.Choice(["durable", "compiled"]), default=None,
                        help="Rule matcher: durable (durable-rules, default) or compiled (identical results, faster).")(fn)
