"""Structured errors: every problem names its file, its place, what was wrong and how to fix it.

Modelled on OPA's ``ast.Error`` (code, location, message) with a hint, and on OpenFisca's
parsing errors that always say which file they came from. Loaders collect every problem of a
file into one :class:`ZhiceError` holding a list of :class:`Problem`.
"""

from __future__ import annotations

import difflib
import errno
import os
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from dataclasses import asdict, dataclass, field
from pathlib import Path

from zhice.language import current_lang

__all__ = [
    "EvaluationError",
    "OutputError",
    "Problem",
    "ProfileError",
    "RulebookError",
    "UsageError",
    "ZhiceError",
    "did_you_mean",
    "write_problem",
    "writing",
]


@dataclass(frozen=True)
class Problem:
    """One problem found in an input.

    Rendered as ``file:line: path: code: message (hint)``; the hint in （） while the language is
    Chinese.

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
            parts.append(f"第 {self.line} 行" if current_lang() == "zh" else f"line {self.line}")
        if self.path:
            parts.append(self.path)
        return ": ".join(parts)

    def __str__(self) -> str:
        loc = self.location()
        return (f"{loc}: {self.code}: " if loc else f"{self.code}: ") + self.worded()

    def worded(self) -> str:
        """The message and its hint in the language of the moment: ``message（hint）`` in Chinese,
        ``message (hint)`` in English."""
        if not self.hint:
            return self.message
        return f"{self.message} ({self.hint})" if current_lang() == "en" else f"{self.message}（{self.hint}）"

    def to_dict(self) -> dict[str, object]:
        return {k: v for k, v in asdict(self).items() if v is not None}


@dataclass
class ZhiceError(Exception):
    """Base error: a list of problems. ``exit_code`` follows the CLI's contract (README, "Exit codes")."""

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


class OutputError(ZhiceError):
    """A result or history file could not be written: a full disk, a folder that cannot be
    written, a path that is a folder (exit 2: fix the path or the disk and run again)."""

    exit_code = 2
    kind = "output"


# what to do about the system errors a write meets, by errno
_WRITE_HINTS = {
    errno.ENOSPC: "the disk is full: free space on it, or write to another disk",
    errno.EDQUOT: "the disk quota is used up: free space, or write to another disk",
    errno.EFBIG: "the file grew past the size this system allows a file (ulimit -f): write to another disk "
                 "or raise the limit",
    errno.EACCES: "no permission to write there: choose another path",
    errno.EPERM: "no permission to write there: choose another path",
    errno.EROFS: "the file system is read-only: choose another path",
    errno.EISDIR: "that path is a folder: give a file name",
    errno.ENOTDIR: "a part of that path is a file, not a folder: choose another path",
    errno.ENOENT: "its folder does not exist and cannot be created there: choose another path",
    errno.EEXIST: "a file of that name stands where a folder is needed: choose another path",
}


def write_problem(exc: OSError, file: str | Path, what: str) -> Problem:
    """The problem of a failed write of ``file`` (``what``: "output", "history store" …)."""
    reason = exc.strerror or str(exc)
    where = f" ({exc.filename})" if exc.filename and os.fspath(exc.filename) != os.fspath(file) else ""
    return Problem("cannot-write", f"cannot write the {what}: {reason}{where}", str(file),
                   hint=_WRITE_HINTS.get(exc.errno or 0))


@contextmanager
def writing(file: str | Path, what: str = "output") -> Iterator[None]:
    """Turn an ``OSError`` raised inside the block into an :class:`OutputError` naming ``file``."""
    try:
        yield
    except OSError as exc:
        raise OutputError([write_problem(exc, file, what)]) from exc


class EvaluationError(ZhiceError):
    """The matcher failed while evaluating (exit 1: an internal error)."""

    exit_code = 1
    kind = "evaluation"


def did_you_mean(word: str, choices: Iterable[str], n: int = 3, cutoff: float = 0.6) -> str | None:
    """Return a "did you mean …" hint for ``word`` among ``choices``, or None.

    In the language of the moment: ``您是否想写 ip.invention_patents？`` in Chinese,
    ``did you mean ip.invention_patents?`` in English. ``cutoff``: how close a choice must be
    (difflib's ratio; short words such as two-character labels need a lower one).
    """
    pool = list(choices)
    close = difflib.get_close_matches(word, pool, n=n, cutoff=cutoff)
    if not close:
        # try matching only the last segment of a dotted path
        tail = word.rsplit(".", 1)[-1]
        close = [c for c in pool if c.rsplit(".", 1)[-1] == tail][:n]
    if not close:
        return None
    names = " / ".join(close)
    return f"did you mean {names}?" if current_lang() == "en" else f"您是否想写 {names}？"
