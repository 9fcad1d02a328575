"""The compiled matcher: condition trees run as the one interpreter's closures (``zhice.eval``)."""

from __future__ import annotations

from collections.abc import Callable

from zhice.compiler import CompiledSet
from zhice.eval import Derivation, Facts, Truth, node_fn
from zhice.ir import Node
from zhice.matchers.base import MatchResult

__all__ = ["CompiledMatcher"]


class CompiledMatcher:
    """Condition trees compiled to plain Python closures."""

    name = "compiled"

    def __init__(self, compiled: CompiledSet):
        self.derive = Derivation(compiled.outputs)     # the derived facts (zhice.eval)
        # one closure per distinct condition tree (programs share scope conditions such as
        # "registered in Zhejiang"): each is evaluated once per profile, its value shared
        closures: dict[Node, Callable[[Facts], Truth]] = {}
        for e in compiled.elements():
            if e.node not in closures:
                closures[e.node] = node_fn(e.node)
        self.distinct = list(closures.values())
        index = {node: i for i, node in enumerate(closures)}
        self._slots = [(e.key, index[e.node]) for e in compiled.elements()]

    def match(self, facts: Facts) -> MatchResult:
        f, derived = self.derive(facts)
        values = [fn(f) for fn in self.distinct]
        return MatchResult({key: values[i] for key, i in self._slots}, derived)
