"""The report: what a checkup found, as data (the JSON result contract: :meth:`Report.to_json_dict`).

No I/O and no formatting here; renderers turn a :class:`Report` into text, JSON, Markdown or
HTML. ``roadmap_entries`` merges the next steps of every program into one ordered list.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field

__all__ = ["CriterionResult", "ProgramResult", "Report", "RoadmapStep", "STATUS_LABELS", "roadmap_entries"]

Status = Literal["eligible", "gap", "not_applicable", "insufficient_data", "achieved"]
CriterionStatus = Literal["met", "unmet", "unknown"]

STATUS_LABELS: dict[str, str] = {
    "eligible": "符合",
    "gap": "存在差距",
    "not_applicable": "不适用",
    "insufficient_data": "信息不足",
    "achieved": "已获得",
}
CRITERION_LABELS: dict[str, str] = {"met": "满足", "unmet": "未满足", "unknown": "未知"}
STATUS_ORDER = ("eligible", "gap", "insufficient_data", "achieved", "not_applicable")


class _M(BaseModel):
    # built on first validation or dump (a text checkup only constructs: zhice.evaluate's model_construct)
    model_config = ConfigDict(extra="forbid", defer_build=True)


class CriterionResult(_M):
    id: str
    title: str
    status: CriterionStatus
    actual: dict[str, Any]
    expected: str
    gap: str | None = None
    part: Literal["criteria", "scope"] = "criteria"
    confidence: str | None = None
    source: dict[str, Any] | None = None
    next_steps: list[str] = Field(default_factory=list)
    missing_fields: list[str] = Field(default_factory=list)
    weight: float | None = None
    prerequisite: str | None = None


class ProgramResult(_M):
    id: str
    title: str
    title_en: str
    kind: Literal["program", "checklist"]
    domain: str
    authority: str
    status: Status
    confidence: Literal["official", "secondary", "inferred"]
    needs_verification: bool
    score: float | None = None
    score_range: list[float] | None = None
    grade: str | None = None
    pass_score: float | None = None
    criteria: list[CriterionResult]
    scope: list[CriterionResult] = Field(default_factory=list)
    missing_fields: list[str]
    next_steps: list[str]
    how_to_apply: list[str] = Field(default_factory=list)
    sources: list[dict[str, Any]]
    plan: list[dict[str, Any]] = Field(default_factory=list)
    effective: dict[str, Any] = Field(default_factory=dict)
    last_reviewed: str | None = None
    notice: str | None = None

    def gap_count(self) -> int:
        return sum(1 for c in self.criteria if c.status == "unmet")


class RoadmapStep(_M):
    step: str
    unlocks: list[str]
    kind: Literal["action", "data"] = "action"


class ProfileInfo(_M):
    name: str
    credit_code: str | None = None
    digest: str


class Report(_M):
    schema_version: int = 1
    engine_version: str
    rulebooks_digest: str
    as_of: str
    matcher: str
    profile: ProfileInfo
    derived: dict[str, Any]
    summary: dict[str, int]
    programs: list[ProgramResult]
    roadmap: list[RoadmapStep]
    # a score missing data leaves open: its derived value is null and its range [lowest, highest]
    # (null for an unbounded end) is given here
    derived_ranges: dict[str, list[float | None]] = {}

    def program(self, pid: str) -> ProgramResult | None:
        return next((p for p in self.programs if p.id == pid), None)

    def applicable(self) -> list[ProgramResult]:
        return [p for p in self.programs if p.status in ("eligible", "gap", "insufficient_data")]

    def to_json_dict(self) -> dict[str, Any]:
        return self.model_dump(mode="json")


def roadmap_entries(programs: Sequence[Any], step_keys: dict[tuple[str, str], str],
                    prerequisites: dict[str, set[str]]) -> list[dict[str, Any]]:
    """Merge next steps of programs with gaps (actions) or missing data (data requests).

    ``programs`` are ProgramResults, or the outcomes they are made of (``zhice.evaluate``): what
    is read is each one's ``id``, ``status``, ``gap_count()`` and its criteria's and scope's
    ``status`` and ``next_steps``. Each entry is ``{"step", "unlocks", "kind"}``.

    ``step_keys`` maps (program id, step text) to a merge key (a step id, or its text).
    ``prerequisites`` maps a program id to the programs that name it as a prerequisite, so a
    step that unlocks a prerequisite also unlocks what depends on it. Steps are ordered by
    how many programs they unlock, then by how close those programs are (fewest gaps).
    """
    entries: dict[str, dict[str, Any]] = {}
    order: list[str] = []
    for prog in programs:
        if prog.status == "gap":
            kind = "action"
            texts = [s for c in prog.criteria if c.status == "unmet" for s in c.next_steps]
        elif prog.status == "insufficient_data":
            kind = "data"
            texts = [s for c in prog.criteria + prog.scope if c.status == "unknown" for s in c.next_steps]
        else:
            continue
        pid = prog.id
        for text in texts:
            key = step_keys.get((pid, text), text)
            entry = entries.get(key)
            if entry is None:
                entry = entries[key] = {"step": text, "unlocks": [], "kind": kind}
                order.append(key)
            if pid not in entry["unlocks"]:
                entry["unlocks"].append(pid)
    # a step that unlocks a prerequisite also unlocks the programs that wait on it
    for entry in entries.values():
        frontier = [pid for pid in entry["unlocks"] if pid in prerequisites]
        while frontier:
            pid = frontier.pop()
            for dependent in sorted(prerequisites.get(pid, ())):
                if dependent not in entry["unlocks"]:
                    entry["unlocks"].append(dependent)
                    frontier.append(dependent)
    unlocked = {pid for entry in entries.values() for pid in entry["unlocks"]}
    gaps = {p.id: p.gap_count() for p in programs if p.id in unlocked}
    position = {k: i for i, k in enumerate(order)}
    ranked = sorted(order, key=lambda k: (entries[k]["kind"] != "action", -len(entries[k]["unlocks"]),
                                          min((gaps.get(p, 99) for p in entries[k]["unlocks"]), default=99),
                                          position[k]))
    return [entries[k] for k in ranked]
