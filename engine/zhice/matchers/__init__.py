"""The matchers behind one interface (:class:`Matcher`), chosen by name from a registry.

``compiled`` runs the condition trees as closures (``zhice.matchers.compiled``); ``durable``
translates them to durable-rules rulesets (``zhice.matchers.durable``, loaded only when asked
for); ``columnar`` evaluates them as polars expressions over a chunk of profiles
(``zhice.matchers.columnar``: ``match_many``; polars loaded only when asked for). Both read trees from ``zhice.ir`` and evaluate through ``zhice.eval``; neither imports the
other. A matcher is registered with :func:`register`: a name and a factory taking a CompiledSet.
"""

from __future__ import annotations

import os
import sys
from collections.abc import Callable

from zhice.compiler import CompiledSet
from zhice.errors import Problem, UsageError
from zhice.matchers.base import MatchResult, Matcher
from zhice.matchers.compiled import CompiledMatcher

__all__ = ["MATCHERS", "CompiledMatcher", "MatchResult", "Matcher", "default_matcher", "durable_available",
           "make_matcher", "register"]

Factory = Callable[[CompiledSet], Matcher]
_REGISTRY: dict[str, Factory] = {}


def register(name: str, factory: Factory) -> None:
    """Make a matcher available by name (``--matcher NAME``, ``Engine.matcher(day, NAME)``)."""
    _REGISTRY[name] = factory


def durable_available() -> bool:
    if sys.version_info >= (3, 13):
        return False
    try:
        import durable.engine  # noqa: F401
    except ImportError:
        return False
    return True


def _durable(compiled: CompiledSet) -> Matcher:
    if not durable_available():
        raise UsageError([Problem("matcher-unavailable",
                                  f"the durable matcher needs durable-rules, which runs on Python 3.11 and 3.12 only "
                                  f"(this is Python {sys.version_info.major}.{sys.version_info.minor})",
                                  hint="use --matcher compiled; it gives identical results")])
    from zhice.matchers.durable import DurableMatcher

    return DurableMatcher(compiled)


register("durable", _durable)
register("compiled", CompiledMatcher)


def _columnar(compiled: CompiledSet) -> Matcher:
    from zhice.matchers.columnar import ColumnarMatcher      # polars: imported only when chosen

    return ColumnarMatcher(compiled)


register("columnar", _columnar)

MATCHERS = tuple(_REGISTRY)   # ("durable", "compiled", "columnar")


def default_matcher(preferred: str = "durable") -> str:
    """The matcher to use: ``ZHICE_MATCHER`` if set, else ``preferred`` when it can run."""
    name = os.environ.get("ZHICE_MATCHER") or preferred
    if name == "durable" and not durable_available():
        return "compiled"
    return name


def make_matcher(compiled: CompiledSet, name: str) -> Matcher:
    factory = _REGISTRY.get(name)
    if factory is None:
        raise UsageError([Problem("unknown-matcher", f"unknown matcher '{name}'", hint="choose " + ", ".join(MATCHERS))])
    return factory(compiled)
