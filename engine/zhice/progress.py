"""Progress of long runs on the terminal (``zhice screen``, ``zhice diff``, ``zhice verify``): items
done (rows, or scenarios), rate, time left, errors (error rows, or failed scenarios).

On a terminal it is a rich progress bar on stderr (removed when the run ends). When stderr is not
a terminal (a log file, CI) it writes a plain line at most every :data:`PLAIN_EVERY` seconds, so a
long run still shows that it is alive and a short one adds nothing. ``ZHICE_NO_PROGRESS=1``
or ``zhice --quiet`` (which passes ``enabled=False``) turns both off. Chinese, or English under
``--lang en`` (:func:`zhice.language.current_lang`).
"""

from __future__ import annotations

import os
import sys
import time
from contextlib import AbstractContextManager
from dataclasses import dataclass
from types import TracebackType
from typing import IO, Any

from zhice.language import pick

__all__ = ["PLAIN_EVERY", "ROWS", "SCENARIOS", "ScreenProgress", "Units", "progress_line"]

PLAIN_EVERY = 10.0     # seconds between plain progress lines when stderr is not a terminal


@dataclass(frozen=True)
class Units:
    """What a run counts, in both languages: the items (行 / rows) and the failures (错误行 / error rows)."""

    item: tuple[str, str]
    failed: tuple[str, str]


ROWS = Units(("行", "rows"), ("错误行", "error rows"))
SCENARIOS = Units(("个场景", "scenarios"), ("失败", "failed"))


def _duration(seconds: float) -> str:
    seconds = max(0, int(round(seconds)))
    if seconds < 60:
        return pick(f"{seconds} 秒", f"{seconds} s")
    minutes, s = divmod(seconds, 60)
    if minutes < 60:
        return pick(f"{minutes} 分 {s} 秒", f"{minutes} min {s} s")
    hours, m = divmod(minutes, 60)
    return pick(f"{hours} 小时 {m} 分", f"{hours} h {m} min")


def _rate(rate: float, units: Units = ROWS) -> str:
    zh, en = units.item
    return pick(f"{rate:,.{_places(rate)}f} {zh.removeprefix('个')}/秒", f"{rate:,.{_places(rate)}f} {en}/s")


def _places(rate: float) -> int:
    return 1 if rate < 10 else 0


def _errors(errors: int, units: Units = ROWS) -> str:
    zh, en = units.failed
    return pick(f"{zh} {errors:,}", f"{en} {errors:,}")


def progress_line(done: int, total: int | None, errors: int, elapsed: float, start: int = 0,
                  label: str | None = None, units: Units = ROWS) -> str:
    """One plain line: ``筛查 12,000/30,000 行（40%）· 3,500 行/秒 · 约剩 5 秒 · 错误行 3``.

    ``start`` items were done before timing began (rows resumed from the history store)."""
    label = label or pick("筛查", "screening")
    zh, en = units.item
    rate = (done - start) / elapsed if elapsed > 0 else 0.0
    if total:
        shown = pick(f"{label} {done:,}/{total:,} {zh}（{done / total:.0%}）", f"{label} {done:,}/{total:,} {en} ({done / total:.0%})")
    else:
        shown = pick(f"{label} {done:,} {zh}", f"{label} {done:,} {en}")
    parts = [shown]
    if rate > 0:
        parts.append(_rate(rate, units))
        if total and total > done:
            parts.append(pick("约剩 ", "about ") + _duration((total - done) / rate) + pick("", " left"))
    parts.append(_errors(errors, units))
    return " · ".join(parts)


class ScreenProgress(AbstractContextManager["ScreenProgress"]):
    """The callbacks ``zhice.batch.screen.screen`` takes: ``start(total, resumed)`` once and
    ``update(done, errors)`` after every chunk. Use it as a context manager around the run."""

    def __init__(self, stream: IO[str] | None = None, *, enabled: bool | None = None, tty: bool | None = None,
                 clock: Any = time.monotonic, label: str | None = None, units: Units = ROWS):
        self.label = label or pick("筛查", "screening")
        self.units = units
        self.stream = stream if stream is not None else sys.stderr
        self.enabled = not os.environ.get("ZHICE_NO_PROGRESS") if enabled is None else enabled
        self.tty = bool(getattr(self.stream, "isatty", lambda: False)()) if tty is None else tty
        self.clock = clock
        self.total: int | None = None
        self.start_rows = 0
        self.errors = 0
        self._t0 = 0.0
        self._last_plain = 0.0
        self._bar: Any = None
        self._task: Any = None

    # -- the callbacks -----------------------------------------------------------------------
    def start(self, total: int, resumed: int = 0) -> None:
        self.total = total or None
        self.start_rows = resumed
        self._t0 = self._last_plain = self.clock()
        if not self.enabled or not self.tty:
            return
        from rich.console import Console
        from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeRemainingColumn

        self._bar = Progress(
            TextColumn(f"[bold]{self.label}[/bold]"), BarColumn(), MofNCompleteColumn(), TextColumn("{task.percentage:>3.0f}%"),
            TextColumn("{task.fields[rate]}"), TextColumn(pick("约剩", "left")), TimeRemainingColumn(),
            TextColumn("{task.fields[errors]}"),
            console=Console(file=self.stream, force_terminal=True), transient=True)
        self._bar.start()
        self._task = self._bar.add_task("screen", total=self.total, completed=resumed, rate="",
                                        errors=_errors(0, self.units))

    def update(self, done: int, errors: int = 0) -> None:
        self.errors = errors
        if not self.enabled:
            return
        now = self.clock()
        elapsed = now - self._t0
        if self._bar is not None:
            rate = (done - self.start_rows) / elapsed if elapsed > 0 else 0
            style = "red" if errors else "green"
            self._bar.update(self._task, completed=done, rate=_rate(rate, self.units) if rate else "",
                             errors=f"[{style}]{_errors(errors, self.units)}[/{style}]")
        elif now - self._last_plain >= PLAIN_EVERY:
            self._last_plain = now
            print(progress_line(done, self.total, errors, elapsed, self.start_rows, self.label, self.units), file=self.stream,
                  flush=True)

    # -- context manager ---------------------------------------------------------------------
    def close(self) -> None:
        if self._bar is not None:
            self._bar.stop()
            self._bar = None

    def __exit__(self, exc_type: type[BaseException] | None, exc: BaseException | None,
                 tb: TracebackType | None) -> None:
        self.close()
