"""The compiled matcher: condition trees run as the one interpreter's closures (``zhice.eval``)."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from zhice.compiler import CompiledSet
from zhice.eval import Facts, Truth, computed_fn, first_case, node_fn, only_case, score_fn
from zhice.ir import Node
from zhice.matchers.base import MatchResult
from zhice.scoring import range_facts

__all__ = ["CompiledMatcher"]


class CompiledMatcher:
    """Condition trees compiled to plain Python closures."""

    name = "compiled"

    def __init__(self, compiled: CompiledSet):
        self.derivations: list[tuple[str, Callable[[Facts], Any]]] = []
        self.ranged = {out.fact for out in compiled.outputs if out.ranged}
        for out in compiled.outputs:
            if out.cases is not None:
                cases = [(value, node_fn(node)) for value, node in out.cases]
                pick = only_case(out.fact, cases) if out.exclusive else first_case(cases)
                self.derivations.append((out.fact, pick))
            elif out.ranged:
                assert out.compute is not None
                self.derivations.append((out.fact, score_fn(out.compute, out.type)))
            else:
                assert out.compute is not None
                self.derivations.append((out.fact, computed_fn(out.compute, out.type)))
        # one closure per distinct condition tree (programs share scope conditions such as
        # "registered in Zhejiang"): each is evaluated once per profile, its value shared
        closures: dict[Node, Callable[[Facts], Truth]] = {}
        for e in compiled.elements():
            if e.node not in closures:
                closures[e.node] = node_fn(e.node)
        self.distinct = list(closures.values())
        index = {node: i for i, node in enumerate(closures)}
        self._slots = [(e.key, index[e.node]) for e in compiled.elements()]

    def derive(self, facts: Facts) -> tuple[Facts, dict[str, Any]]:
        """The facts with every derived fact added, and the derived facts alone."""
        f = dict(facts)
        derived: dict[str, Any] = {}
        for path, fn in self.derivations:
            v = fn(f)
            if v is not None:
                new = range_facts(path, v) if path in self.ranged else {path: v}
                f.update(new)
                derived.update(new)
        return f, derived

    def match(self, facts: Facts) -> MatchResult:
        f, derived = self.derive(facts)
        values = [fn(f) for fn in self.distinct]
        return MatchResult({key: values[i] for key, i in self._slots}, derived)
