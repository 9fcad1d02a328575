"""What every matcher is: it takes the normalized facts of one profile (``zhice.eval.normalize``)
and returns, for every compiled element (scope condition, criterion, "already held"), whether it
is met (True), unmet (False) or unknown (None) under Kleene's three-valued logic, plus the
derived facts. All matchers must agree exactly; the test suite checks it on random profiles.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, Protocol

from zhice.eval import Facts, Truth

__all__ = ["MatchResult", "Matcher"]


@dataclass
class MatchResult:
    outcomes: dict[str, Truth]      # element key → met / unmet / unknown
    derived: dict[str, Any]         # "derived.<fact>" → value (absent = unknown)


class Matcher(Protocol):
    name: str

    def match(self, facts: Facts) -> MatchResult: ...
