"""Terminal text: the checkup as a person reads it, Chinese first, fitted to the terminal.

The report leads with the summary and the first steps of the roadmap (by program name), then
the applicable programs (符合, 存在差距, 信息不足) with their main gaps, what is missing and the
next step; achieved and not-applicable programs fold to one line each. ``detail=True`` shows
everything: every gap, step, scope reason, notice and source, and the whole roadmap.

Lines wrap to ``width`` (the terminal's, 80 when piped) counting a CJK character as two columns,
with hanging indentation under the item's marker, and never start with closing punctuation.
Colour codes come from :mod:`zhice.style` (the CLI's click.echo strips them when the output is
not a terminal). Field names show as their
titles, choice codes as their labels (:mod:`zhice.wording`).
"""

from __future__ import annotations

import functools
import os
import sys
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from rich.cells import cell_len

from zhice.report import ProgramResult, Report
from zhice.style import style as paint
from zhice.wording import (
    DerivedSpec,
    confidence_label,
    field_title,
    message,
    number_text,
    status_label,
    value_text,
)

__all__ = ["render_text", "terminal_width", "wrap"]

COLOURS = {"eligible": "green", "gap": "yellow", "insufficient_data": "cyan", "achieved": "blue",
           "not_applicable": "white"}
MARKS = {"eligible": "✓", "gap": "✗", "insufficient_data": "?", "achieved": "★", "not_applicable": "–"}
CRITERION_MARKS = {"met": "✓", "unmet": "✗", "unknown": "?"}
CRITERION_COLOURS = {"met": "green", "unmet": "red", "unknown": "cyan"}
APPLICABLE = ("eligible", "gap", "insufficient_data")
FOLDED = ("achieved", "not_applicable")
BRIEF_LINES = 120     # the brief report keeps to this many lines where it can …


@dataclass(frozen=True)
class Brief:
    """How much the brief report shows; each of :data:`BRIEF_LEVELS` shows less than the one before."""

    roadmap: int               # roadmap steps shown first
    gaps: int                  # gaps shown per program
    steps: int                 # next steps shown per program
    missing_of_gaps: bool      # a program with gaps also says what is missing
    clip: bool                 # a gap or a step longer than a line ends in "…" (--detail has it whole)


BRIEF_LEVELS: tuple[Brief, ...] = (Brief(5, 2, 1, True, False), Brief(4, 2, 1, True, False),
                                   Brief(3, 1, 1, True, False), Brief(2, 1, 1, False, False),
                                   Brief(2, 1, 1, False, True))
MAX_WIDTH = 100       # wider lines of Chinese text are hard to read

_NO_START = set("，。、；：？！）】》」』”’·…—%,.;:?!)]}")   # never at the start of a line
_NO_END = set("（【《「『“‘([{")                          # never at the end of a line


def terminal_width() -> int:
    """Columns of the terminal (80 when the output is not one), at most :data:`MAX_WIDTH`."""
    return max(40, min(MAX_WIDTH, _columns(80)))


def _columns(fallback: int) -> int:
    """``shutil.get_terminal_size((fallback, …)).columns`` without importing shutil (and the
    compression modules it loads, ~4 ms of a checkup): ``$COLUMNS``, else standard output's
    terminal, else ``fallback``."""
    try:
        columns = int(os.environ["COLUMNS"])
    except (KeyError, ValueError):
        columns = 0
    if columns <= 0:
        try:
            columns = os.get_terminal_size(sys.__stdout__.fileno()).columns   # type: ignore[union-attr]
        except (AttributeError, ValueError, OSError):
            columns = 0
    return columns if columns > 0 else fallback


_ALONE: dict[str, bool] = {}    # character → whether it is a piece of its own (a space, wide, punctuation)


def _alone(ch: str) -> bool:
    alone = _ALONE[ch] = ch == " " or cell_len(ch) == 2 or ch in _NO_START or ch in _NO_END
    return alone


def _tokens(text: str) -> list[str]:
    """Unbreakable pieces: a run of Latin letters/digits, one CJK character, or a space;
    closing punctuation sticks to what precedes it and opening punctuation to what follows."""
    raw: list[str] = []
    word = ""
    known = _ALONE
    for ch in text:
        alone = known.get(ch)
        if alone is None:
            alone = _alone(ch)
        if alone:
            if word:
                raw.append(word)
                word = ""
            raw.append(ch)
        else:
            word += ch
    if word:
        raw.append(word)
    out: list[str] = []
    glue = False
    for tok in raw:
        if out and (glue or (tok[0] in _NO_START and out[-1] != " ")):
            out[-1] += tok
        else:
            out.append(tok)
        glue = tok[-1] in _NO_END and tok != " "
    return out


def wrap(text: str, width: int, first: str = "", rest: str | None = None) -> list[str]:
    """``text`` in lines of at most ``width`` columns: the first after ``first``, the others
    after ``rest`` (default: as many spaces as ``first`` is wide, a hanging indent)."""
    rest = " " * cell_len(first) if rest is None else rest
    lines: list[str] = []
    line, used, prefix = first, cell_len(first), first
    for tok in _tokens(text):
        w = cell_len(tok)
        if used + w > width and line != prefix:
            lines.append(line.rstrip())
            line, used, prefix = rest, cell_len(rest), rest
            if tok == " ":
                continue
        while used + w > width and line == prefix and len(tok) > 1:    # a piece longer than a line
            cut = 0
            while cut < len(tok) and used + cell_len(tok[:cut + 1]) <= width:
                cut += 1
            cut = max(cut, 1)
            lines.append(line + tok[:cut])
            tok = tok[cut:]
            w = cell_len(tok)
            line, used, prefix = rest, cell_len(rest), rest
        line += tok
        used += w
    lines.append(line.rstrip())
    return lines


@functools.lru_cache(maxsize=4096)   # the brief report is laid out at up to five levels: the same items again
def _wrapped(text: str, width: int, first: str, rest: str | None) -> tuple[str, ...]:
    return tuple(wrap(text, width, first, rest))


class _Out:
    """Collects wrapped lines; styles are applied after wrapping so widths count text only."""

    def __init__(self, width: int, lang: str, level: Brief = BRIEF_LEVELS[0]):
        self.width = width
        self.lang = lang
        self.level = level
        self.roadmap_steps, self.gaps, self.steps = level.roadmap, level.gaps, level.steps
        self.lines: list[str] = []

    def blank(self) -> None:
        if self.lines and self.lines[-1] != "":
            self.lines.append("")

    def add(self, text: str, first: str = "", rest: str | None = None, *, mark: str = "", mark_style: dict[str, Any]
            | None = None, style: dict[str, Any] | None = None, clip: bool = False) -> None:
        """One item: ``first`` + optional ``mark`` + ``text``, wrapped with a hanging indent
        (with ``clip``, cut to one line ending in "…")."""
        lead = first + (mark + " " if mark else "")
        wrapped = _wrapped(text, self.width, lead, rest)
        if clip and len(wrapped) > 1:
            wrapped = (_wrapped(text, self.width - 1, lead, rest)[0] + "…",)
        for i, line in enumerate(wrapped):
            if i == 0 and mark and mark_style:
                body = line[len(lead):]
                line = first + paint(mark, **mark_style) + " " + (paint(body, **style) if style else body)
            elif style:
                line = paint(line, **style)
            self.lines.append(line)


def _label(key: str, lang: str) -> str:
    """A message followed by a colon of its language."""
    return message(key, lang) + (": " if lang == "en" else "：")


def _paren(text: Any, lang: str) -> str:
    return f" ({text})" if lang == "en" else f"（{text}）"


def _title(p: ProgramResult, lang: str, detail: bool) -> str:
    """Name, 【待核实】 when inferred rules decide it, the gap count (brief view), the score."""
    title = p.title_en if lang == "en" and p.title_en else p.title
    if p.needs_verification and p.status in APPLICABLE:
        title += f" [{message('report.unverified', lang)}]" if lang == "en" else f"【{message('report.unverified', lang)}】"
    if not detail and p.status == "gap":
        title += message("report.gap_count", lang, n=p.gap_count())
    score = _score(p, lang)
    return f"{title}  {score}" if score else title


def _score(p: ProgramResult, lang: str) -> str | None:
    if p.kind != "checklist":
        return None
    need = f"（{message('report.need', lang)} {number_text(p.pass_score)}）" if p.pass_score is not None else ""
    if p.score is not None:
        return f"{message('report.score', lang)} {number_text(p.score)}{need}" + (f"，{p.grade}" if p.grade else "")
    if p.score_range:
        return f"{message('report.score', lang)} {number_text(p.score_range[0])}–{number_text(p.score_range[1])}{need}"
    return None


def _names(ids: list[str], titles: Mapping[str, str], lang: str = "zh") -> str:
    """Program names; programs left out of the report (``--program``) are counted, not named."""
    known = [titles[i] for i in ids if i in titles]
    others = len(ids) - len(known)
    return (", " if lang == "en" else "、").join(known) + (message("report.others", lang, n=others) if others else "")


def _program(out: _Out, p: ProgramResult, detail: bool, derived: Mapping[str, DerivedSpec] | None) -> None:
    lang = out.lang
    missing = "；".join(field_title(f, lang, derived) for f in p.missing_fields)
    inline = not detail and p.status == "insufficient_data" and missing    # what is missing is the story
    title = _title(p, lang, detail) + (f" — {_label('report.missing', lang)}{missing}" if inline else "")
    out.add(title, " ", mark=MARKS[p.status],
            mark_style={"fg": COLOURS[p.status], "bold": True}, style={"bold": p.status == "eligible"})
    ind = "   "
    if detail and p.notice:
        notice = message("report.notice", lang) if p.needs_verification else p.notice
        out.add(notice, ind, mark="⚠", mark_style={"fg": "magenta"})
    if detail:
        for c in p.scope:
            if c.status != "met":
                text = f"{_label('report.scope', lang)}{c.title}" + (f" — {c.gap}" if c.gap else "")
                out.add(text, ind, mark=CRITERION_MARKS[c.status], mark_style={"fg": CRITERION_COLOURS[c.status]})
    if p.status in FOLDED:
        pass                                    # held, or out of scope: no ✗ or ? criteria to list
    elif detail:
        for c in p.criteria:
            if c.status == "met" and p.status != "eligible":
                continue
            text = c.gap or c.title
            out.add(text, ind, mark=CRITERION_MARKS[c.status], mark_style={"fg": CRITERION_COLOURS[c.status]})
    else:
        unmet = [c for c in p.criteria if c.status == "unmet"]
        for c in unmet[:out.gaps]:
            out.add(c.gap or c.title, ind, mark="✗", mark_style={"fg": "red"}, clip=out.level.clip)
    if missing and p.status not in FOLDED and not inline and (detail or p.status != "gap"
                                                               or out.level.missing_of_gaps):
        out.add(f"{_label('report.missing', lang)}{missing}", ind, mark="?", mark_style={"fg": "cyan"})
    steps = list(p.next_steps) if p.status not in FOLDED else []
    if not detail:
        asked = {s for c in p.criteria + p.scope if c.status == "unknown" for s in c.next_steps}
        steps = [s for s in steps if s not in asked] if p.missing_fields else steps
    if detail:
        for i, step in enumerate(steps, 1):
            out.add(step, ind, mark=f"{i}.")
    else:
        for step in steps[:out.steps]:
            out.add(step, ind, mark="→", mark_style={"fg": COLOURS[p.status]}, clip=out.level.clip)
    if detail and p.sources:
        first = p.sources[0]
        doc = str(first.get("document", "")) + (f" {first['section']}" if first.get("section") else "")
        more = f" 等 {len(p.sources)} 项" if len(p.sources) > 1 and lang != "en" else ""
        text = (f"{_label('report.source', lang)}{doc}{more}"
                f"（{_label('report.confidence', lang)}{confidence_label(p.confidence, lang)}）")
        out.add(text, ind, style={"dim": True})


def _derived(report: Report, derived: Mapping[str, DerivedSpec] | None, detail: bool, lang: str) -> list[str]:
    """Derived facts in words: the shared ones (SME size, age …) in brief, every one with detail;
    a score that missing data leaves open shows its possible range."""
    if not derived:
        return []
    parts = []
    for name, value in report.derived.items():
        spec = derived.get(name)
        if spec is None or (not spec.shared and not detail):
            continue
        title = name if lang == "en" else spec.title
        if value is None:
            span = report.derived_ranges.get(name)
            if span is None or not detail:
                continue
            lo, hi = ("…" if b is None else number_text(round(b, 2)) for b in span)
            parts.append(f"{title} {message('report.range', lang, lo=lo, hi=hi)}")
            continue
        shown = round(value, 1) if isinstance(value, float) else value
        parts.append(f"{title} {value_text('derived.' + name, shown, lang, unit=spec.unit)}")
    return parts


def render_text(report: Report, whatif: dict[str, Any] | None = None, *, detail: bool = False,
                width: int | None = None, lang: str = "zh", derived: Mapping[str, DerivedSpec] | None = None,
                statuses: tuple[str, ...] | list[str] | None = None, **_: object) -> str:
    """The report as terminal text (see the module docstring).

    ``derived`` gives the titles of derived facts (:func:`zhice.wording.derived_specs`); without
    it they are left out. ``statuses`` keeps only programs of those statuses. The brief report
    (no ``detail``) takes the first of :data:`BRIEF_LEVELS` that keeps it to :data:`BRIEF_LINES`.
    """
    width = width or terminal_width()
    for level in BRIEF_LEVELS[:1] if detail else BRIEF_LEVELS:
        out = _Out(width, lang, level)
        _report(out, report, whatif, detail, derived, statuses)
        if len(out.lines) <= BRIEF_LINES:
            break
    return "\n".join(out.lines) + "\n"


def _report(out: _Out, report: Report, whatif: dict[str, Any] | None, detail: bool,
            derived: Mapping[str, DerivedSpec] | None, statuses: tuple[str, ...] | list[str] | None) -> None:
    lang = out.lang
    titles = {p.id: (p.title_en if lang == "en" and p.title_en else p.title) for p in report.programs}
    head = f"{message('report.title', lang)} · {report.profile.name}"
    out.add(head, style={"bold": True})
    info = []
    if report.profile.credit_code:
        info.append(f"{message('report.credit_code', lang)} {report.profile.credit_code}")
    info.append(f"{message('report.as_of', lang)} {report.as_of}")
    if detail:
        info.append(f"{message('report.matcher', lang)} {report.matcher}")
        info.append(f"{message('report.rulebooks', lang)} {report.rulebooks_digest[:19]}")
    out.add(" · ".join(info))
    facts = _derived(report, derived, detail, lang)
    if facts and detail:
        out.add(f"{_label('report.derived', lang)}")
        for fact in facts:
            out.add(fact, "  ", mark="·")
    elif facts:
        out.add(" · ".join(facts))
    s = report.summary
    summary = "  ".join(paint(f"{status_label(k, lang)} {s[k]}", fg=COLOURS[k], bold=k == "eligible")
                        for k in (*APPLICABLE, *FOLDED))
    plain = _label("report.summary", lang) + "  ".join(f"{status_label(k, lang)} {s[k]}" for k in (*APPLICABLE, *FOLDED))
    if cell_len(plain) <= out.width:
        out.lines.append(f"{_label('report.summary', lang)}{summary}")
    else:                                     # a narrow terminal: wrapped, without colours
        out.add(plain[len(_label("report.summary", lang)):], _label("report.summary", lang))

    if whatif:
        out.blank()
        sets = "，".join(f"{field_title(k, lang, derived)}={v}" for k, v in whatif["set"].items())
        out.add(sets, f"{_label('report.whatif', lang)}", style=None)
        for ch in whatif["changes"] or []:
            out.add(f"{titles.get(ch['program'], ch['program'])}：{status_label(ch['before'], lang)} → "
                    f"{status_label(ch['after'], lang)}", "   ", mark="•")
        if not whatif["changes"]:
            out.add(message("report.whatif_none", lang), "    ")

    programs = [p for p in report.programs if not statuses or p.status in statuses]
    shown_ids = {p.id for p in programs}
    roadmap = [st for st in report.roadmap if not statuses or set(st.unlocks) & shown_ids]
    if roadmap:
        out.blank()
        steps = roadmap if detail else roadmap[:out.roadmap_steps]
        head = message("report.roadmap_all" if detail else "report.roadmap", lang)
        if len(roadmap) > len(steps):
            head += _paren(message('report.roadmap_more', lang, n=len(roadmap)), lang)
        out.add(head, style={"bold": True})
        for i, step in enumerate(steps, 1):
            kind = message("report.data" if step.kind == "data" else "report.action", lang)
            text = step.step if step.kind == "data" or not detail else f"[{kind}] {step.step}"
            out.add(text, " ", mark=f"{i}.", mark_style={"bold": True})
            out.add(f"{_label('report.unlocks', lang)}{_names(step.unlocks, titles, lang)}",
                    " " * (cell_len(f" {i}. ")), style={"dim": True})

    for status in APPLICABLE:
        group = [p for p in programs if p.status == status]
        if not group:
            continue
        out.blank()
        out.add(f"{status_label(status, lang)}{_paren(len(group), lang)}", style={"bold": True, "fg": COLOURS[status]})
        for p in group:
            _program(out, p, detail, derived)

    for status in FOLDED:
        group = [p for p in programs if p.status == status]
        if not group:
            continue
        if detail or status == FOLDED[0] or not any(p.status == FOLDED[0] for p in programs):
            out.blank()
        if detail:
            out.add(f"{status_label(status, lang)}{_paren(len(group), lang)}", style={"bold": True, "fg": COLOURS[status]})
            for p in group:
                _program(out, p, detail, derived)
        else:
            out.add(_names([p.id for p in group], titles, lang), f"{status_label(status, lang)}{_paren(len(group), lang)}"
                    + (": " if lang == "en" else "："),
                    style=None)

    out.blank()
    if not detail:
        out.add(message("report.more_hint", lang), style={"dim": True})
    if any(p.needs_verification and p.status in APPLICABLE for p in programs):
        out.add(message("report.unverified_note", lang), style={"dim": True})
