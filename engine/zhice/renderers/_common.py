"""Shared, format-neutral pieces of the people-facing reports (Markdown and HTML).

Everything here returns plain (unescaped) text; each renderer escapes for its own format.
Nothing here knows a program id, a threshold or policy wording: it only reads the Report.
"""

from __future__ import annotations

import math
import re
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from zhice.profile import FIELDS
from zhice.report import CRITERION_LABELS, STATUS_LABELS, STATUS_ORDER, CriterionResult, ProgramResult, Report
from zhice.wording import CHOICE_LABELS, choice_label

__all__ = [
    "CONFIDENCE_LABELS",
    "CRITERION_LABELS",
    "Progress",
    "ROADMAP_KINDS",
    "STATUS_LABELS",
    "UNKNOWN_TEXT",
    "actual_text",
    "citation_line",
    "criterion_mark",
    "derived_text",
    "effective_text",
    "field_label",
    "how_to_apply_extra",
    "ordered_programs",
    "program_titles",
    "progress",
    "reposts",
    "safe_url",
    "score_text",
    "source_text",
    "status_text",
    "value_text",
]

CONFIDENCE_LABELS: dict[str, str] = {"official": "官方原文", "secondary": "二手资料", "inferred": "知策推定"}
ROADMAP_KINDS: dict[str, str] = {"action": "行动", "data": "补充信息"}
UNKNOWN_TEXT = "未填写"
_URL = re.compile(r"^https?://[^\s<>\"'`]+$", re.IGNORECASE)


@dataclass(frozen=True)
class Progress:
    """Criteria met out of the total, for the readiness bars."""

    met: int
    unknown: int
    total: int

    @property
    def percent(self) -> float:
        return 0.0 if self.total == 0 else round(self.met / self.total * 100, 1)


def ordered_programs(report: Report) -> list[ProgramResult]:
    """Programs grouped by status (most actionable first), keeping report order within a group."""
    rank = {s: i for i, s in enumerate(STATUS_ORDER)}
    return sorted(report.programs, key=lambda p: rank.get(p.status, len(rank)))


def program_titles(report: Report) -> dict[str, str]:
    return {p.id: p.title for p in report.programs}


def progress(p: ProgramResult) -> Progress:
    met = sum(1 for c in p.criteria if c.status == "met")
    unknown = sum(1 for c in p.criteria if c.status == "unknown")
    return Progress(met, unknown, len(p.criteria))


def status_text(p: ProgramResult) -> str:
    """The Chinese status label; an eligible result resting on inferred rules says so."""
    label = STATUS_LABELS[p.status]
    if p.needs_verification and p.status == "eligible":
        label += "（待核实）"
    return label


def _num(value: float) -> str:
    if isinstance(value, float) and math.isfinite(value) and value.is_integer():
        return str(int(value))
    return f"{value:g}" if isinstance(value, float) else str(value)


def score_text(p: ProgramResult) -> str | None:
    """Checklist score in words, or None for a plain program."""
    if p.kind != "checklist":
        return None
    need = f"（需 {_num(p.pass_score)} 分）" if p.pass_score is not None else ""
    if p.score is not None:
        grade = f"，{p.grade}" if p.grade else ""
        return f"得分 {_num(p.score)}{need}{grade}"
    if p.score_range:
        lo, hi = p.score_range
        return f"得分 {_num(lo)}–{_num(hi)}（信息不足，取决于未填写项）{need}"
    return None


def field_label(path: str) -> str:
    spec = FIELDS.get(path)
    return spec.title if spec else path


def value_text(path: str, value: Any) -> str:
    """A profile value in words: unknown stays unknown, booleans are 是/否, units follow numbers."""
    if value is None:
        return UNKNOWN_TEXT
    if isinstance(value, bool):
        return "是" if value else "否"
    if isinstance(value, (list, tuple)):
        return "、".join(str(v) for v in value) if value else "（空）"
    if path in CHOICE_LABELS:
        return choice_label(path, value)
    spec = FIELDS.get(path)
    if isinstance(value, (int, float)):
        text = _num(value)
        if spec and spec.unit:
            return f"{text}{spec.unit}" if spec.unit == "%" else f"{text} {spec.unit}"
        return text
    return str(value)


def actual_text(c: CriterionResult) -> str:
    """What the profile says for a criterion's fields, e.g. "有效发明专利数：3 件"."""
    if not c.actual:
        return "—"
    return "；".join(f"{field_label(k)}：{value_text(k, v)}" for k, v in c.actual.items())


def derived_text(report: Report, derived: Mapping[str, Any] | None = None,
                 unknown: str = UNKNOWN_TEXT) -> list[tuple[str, str]]:
    """Derived facts in words; a score that missing data leaves open shows ``unknown`` and its possible range.

    With ``derived`` (:func:`zhice.wording.derived_specs`) facts are named by their titles and a
    fact that is simply unknown is left out; without it, by their names."""
    out = []
    for k, v in report.derived.items():
        span = report.derived_ranges.get(k)
        name, unit = k, None
        if derived is not None:
            spec = derived.get(k)
            if spec is None or (v is None and span is None):
                continue
            name, unit = spec.title, spec.unit
        if v is None and span is not None:
            lo, hi = ("…" if b is None else _num(round(b, 2)) for b in span)
            out.append((name, f"{unknown}（可能 {lo}–{hi}）"))
        else:
            text = value_text("derived." + k, round(v, 2) if isinstance(v, float) else v)
            out.append((name, f"{text} {unit}" if unit and text[-1:].isdigit() else text))
    return out


def _date_text(src: dict[str, Any]) -> list[str]:
    dates = []
    if src.get("issued"):
        dates.append(f"{src['issued']} 印发")
    elif src.get("published"):
        dates.append(f"发布于 {src['published']}")
    if src.get("in_force"):
        dates.append(f"{src['in_force']} 起施行")
    if src.get("in_force_until"):
        dates.append(f"施行至 {src['in_force_until']}")
    return dates


def _document(src: dict[str, Any]) -> str:
    doc = str(src.get("document", ""))
    number = src.get("doc_number")
    if number and str(number) not in doc:
        doc += f"（{number}）"
    return doc


def citation_line(src: dict[str, Any]) -> str:
    """A source as its issuer titles it, in one line: document（文号）, issuing body, dates — no URL,
    no confidence, no note (for the terminal report; the URL, if any, is ``src["url"]``)."""
    parts = [_document(src)]
    if src.get("issuer"):
        parts.append(str(src["issuer"]))
    parts += _date_text(src)
    return "，".join(p for p in parts if p)


def source_text(src: dict[str, Any]) -> str:
    """A citation without its URL: document（文号）, issuing body, dates, section, confidence, note."""
    parts = [_document(src), str(src.get("issuer") or ""), str(src.get("section") or "")] + _date_text(src)
    text = "，".join(p for p in parts if p)
    conf = src.get("confidence")
    if conf:
        text += f"（{CONFIDENCE_LABELS.get(str(conf), str(conf))}）"
    if src.get("note"):
        text += f"。{src['note']}"
    return text


def reposts(src: dict[str, Any]) -> list[str]:
    """Where the text was read (``read_at``): shown as plain text, never as a link (not the issuer's page)."""
    return [str(r) for r in src.get("read_at") or [] if str(r).strip()]


def criterion_mark(c: CriterionResult) -> str:
    """How certain a criterion's rule is, when it is not an official text: "" / "（推定）" / "（二手资料，待核实）"."""
    if c.confidence == "inferred":
        return "（推定）"
    if c.confidence == "secondary":
        return "（二手资料，待核实）"
    return ""


def safe_url(url: Any) -> str | None:
    """The URL when it is a plain http(s) address fit for a link, else None (show it as text)."""
    if isinstance(url, str) and _URL.match(url.strip()):
        return url.strip()
    return None


def how_to_apply_extra(p: ProgramResult) -> list[str]:
    """How-to-apply lines not already listed as next steps (an eligible program's steps are them)."""
    shown = set(p.next_steps)
    return [s for s in p.how_to_apply if s not in shown]


def effective_text(p: ProgramResult) -> str | None:
    eff = p.effective or {}
    if not eff:
        return None
    return f"{eff.get('from', '…')} 至 {eff.get('to', '今')}"
