"""Structured errors: every problem names its file, its place, what was wrong and how to fix it.

Modelled on OPA's ``ast.Error`` (code, location, message) with a hint, and on OpenFisca's
parsing errors that always say which file they came from. Loaders collect every problem of a
file into one :class:`ZhiceError` holding a list of :class:`Problem`.
"""

from __future__ import annotations

import difflib
from collections.abc import Iterable
from dataclasses import asdict, dataclass, field

__all__ = [
    "EvaluationError",
    "Problem",
    "ProfileError",
    "RulebookError",
    "UsageError",
    "ZhiceError",
    "did_you_mean",
]


@dataclass(frozen=True)
class Problem:
    """One problem found in an input.

    Attributes:
        code: stable machine code, e.g. ``unknown-field``.
        message: what was expected and what was found.
        file: the file the problem is in, if any.
        line: 1-based line in ``file``, if known.
        path: dotted path of the field or rule element, if known.
        hint: how to fix it (often a "did you mean").
    """

    code: str
    message: str
    file: str | None = None
    line: int | None = None
    path: str | None = None
    hint: str | None = None

    def location(self) -> str:
        parts = []
        if self.file:
            parts.append(self.file if self.line is None else f"{self.file}:{self.line}")
        elif self.line is not None:
            parts.append(f"line {self.line}")
        if self.path:
            parts.append(self.path)
        return ": ".join(parts)

    def __str__(self) -> str:
        loc = self.location()
        text = f"{loc}: {self.code}: {self.message}" if loc else f"{self.code}: {self.message}"
        if self.hint:
            text += f" ({self.hint})"
        return text

    def to_dict(self) -> dict[str, object]:
        return {k: v for k, v in asdict(self).items() if v is not None}


@dataclass
class ZhiceError(Exception):
    """Base error: a list of problems. ``exit_code`` follows DESIGN's contract."""

    problems: list[Problem] = field(default_factory=list)
    exit_code = 1
    kind = "error"

    def __post_init__(self) -> None:
        super().__init__(str(self))

    def __str__(self) -> str:
        return "\n".join(str(p) for p in self.problems)

    def to_dict(self) -> dict[str, object]:
        return {"error": self.kind, "problems": [p.to_dict() for p in self.problems]}


class UsageError(ZhiceError):
    """Bad command-line usage or an unreadable input (exit 2)."""

    exit_code = 2
    kind = "usage"


class ProfileError(ZhiceError):
    """An invalid enterprise profile (exit 2)."""

    exit_code = 2
    kind = "profile"


class RulebookError(ZhiceError):
    """One or more invalid rulebooks (exit 3)."""

    exit_code = 3
    kind = "rulebook"


class EvaluationError(ZhiceError):
    """The matcher failed while evaluating (exit 1: an internal error)."""

    exit_code = 1
    kind = "evaluation"


def did_you_mean(word: str, choices: Iterable[str], n: int = 3) -> str | None:
    """Return a "did you mean …" hint for ``word`` among ``choices``, or None.

    >>> did_you_mean("ip.invention_patent", ["ip.invention_patents", "ip.designs"])
    '您是否想写 ip.invention_patents (did you mean ip.invention_patents)?'
    """
    pool = list(choices)
    close = difflib.get_close_matches(word, pool, n=n, cutoff=0.6)
    if not close:
        # try matching only the last segment of a dotted path
        tail = word.rsplit(".", 1)[-1]
        close = [c for c in pool if c.rsplit(".", 1)[-1] == tail][:n]
    if not close:
        return None
    names = " / ".join(close)
    return f"您是否想写 {names} (did you mean {names})?"
