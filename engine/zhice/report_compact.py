"""The compact JSONL line (contract v2): what differs from client to client, by the catalog's ids.

A line names programs, criteria and fields by their ids (program id, criterion id, dotted field
path), like the full report; what the rulebooks say the same for every client comes once from the
static catalog of the same rulebooks digest (``zhice programs --format json``,
:func:`zhice.catalog.program_catalog`):

- ``gaps`` holds a gap text only where it differs from the catalog criterion's ``gap`` (it names
  this client's shortfall); any other unmet criterion's gap text is the catalog's;
- a roadmap ``step`` is the id of a catalog step (``steps``: id → text, :func:`step_ref`), except a
  request for missing data, which names the client's fields and stays text.

Everything per profile is worked out from the matcher outcomes and the verdicts alone: gap texts
only for unmet criteria whose text depends on the client, missing fields from which inputs are
absent; the next steps and texts of every criterion are laid out once per compiled set
(:class:`_Layout`). ``tests/test_jsonl_v2.py`` checks every value against the full report.
"""

from __future__ import annotations

import hashlib
from typing import TYPE_CHECKING, Any

from pydantic_core import to_json

from zhice.describe import Context
from zhice.evaluate import context_of, criterion_outcome, decide, static_of
from zhice.ir import AS_OF, DERIVED

if TYPE_CHECKING:
    from zhice.compiler import CompiledElement, CompiledProgram, CompiledSet
    from zhice.eval import Facts
    from zhice.matchers.base import MatchResult

__all__ = ["DATA_STEP", "DATA_STEP_SEPARATOR", "add_step", "catalog_elements", "catalog_gap", "compact", "compact_line", "layout",
           "roadmap_of", "step_ref", "unlocked"]

DATA_STEP = "补充信息："              # a request for missing data: this, then the fields' titles …
DATA_STEP_SEPARATOR = "、"           # … joined by this (as zhice.evaluate words it)
_APPLICABLE = frozenset(("eligible", "gap", "insufficient_data"))
_COUNTED = ("eligible", "gap", "not_applicable", "insufficient_data", "achieved")


def step_ref(text: str) -> str:
    """The id under which the catalog gives a rulebook's next-step text: a short digest of it,
    the same for the same text."""
    return "s" + hashlib.blake2b(text.encode("utf-8"), digest_size=4).hexdigest()


def catalog_elements(prog: CompiledProgram) -> list[CompiledElement]:
    """A program's criteria then its scope conditions, as the catalog lists them (positions)."""
    return [el for el in prog.criteria + prog.scope if el.element is not None]


class _Layout:
    """What a compact line refers to, laid out once per compiled set: per program its criteria
    (position, next steps by catalog position and roadmap merge key, the catalog's gap text) and
    scope conditions, the catalog's ``steps`` and ``fields``, and which inputs a criterion misses."""

    def __init__(self, compiled: CompiledSet, step_keys: dict[tuple[str, str], str]):
        static = static_of(compiled)
        self.static = static
        texts = sorted({t for steps in static.steps.values() for t in steps})
        self.steps: dict[str, str] = {step_ref(t): t for t in texts}        # id → text
        assert len(self.steps) == len(texts), "two next steps with the same id"
        step_pos = {t: step_ref(t) for t in texts}
        # every field a request for data can name (a derived fact's inputs in its place)
        self.inputs: dict[str, list[tuple[str, tuple[str, ...]]]] = {}
        paths: set[str] = set()
        for el in compiled.elements():
            fields = static.fields[el.key]
            cand = [(f, tuple(static.inputs.get(f, [f])) if f.startswith(DERIVED) else (f,)) for f in fields]
            self.inputs[el.key] = cand
            paths.update(m for _, exp in cand for m in exp if m != AS_OF)
        words = Context(compiled, {}, static.specs, static.fns)
        self.titles = {f: words.title(f) for f in sorted(paths)}
        self.gap_text: dict[str, str | None] = {}
        self.worded: set[str] = set()       # criteria whose gap text is the rulebook's, with no placeholder
        self.programs: list[tuple[Any, ...]] = []
        self._waiting: tuple[dict[str, set[str]], dict[int, list[int]]] | None = None
        for index, (prog, plan) in enumerate(zip(compiled.programs, static.plan)):
            pid = prog.book.id
            crit = []
            for el in prog.criteria:
                e = el.element
                assert e is not None, el.key
                steps = tuple((step_keys.get((pid, t), t), step_pos[t]) for t in static.steps[el.key])
                self.gap_text[el.key] = catalog_gap(compiled, el)
                worded = bool(e.gap) and "{" not in e.gap          # type: ignore[operator]
                if worded:
                    self.worded.add(el.key)
                crit.append((el.key, e.id, worded, self.gap_text[el.key], steps, e.title,
                             static.steps[el.key][0] if static.steps[el.key] else None, el))
            scope = [(el.key, el.element.id) for el in prog.scope]              # type: ignore[union-attr]
            self.programs.append((index, pid, prog.book, plan, crit, scope))
        self.ids = [p[1] for p in self.programs]

    def waiting(self, prerequisites: dict[str, set[str]]) -> dict[int, list[int]]:
        """``prerequisites`` (a program id → the programs that name it as a prerequisite) by position."""
        if self._waiting is None or self._waiting[0] is not prerequisites:
            index = {p[1]: p[0] for p in self.programs}
            self._waiting = (prerequisites, {index[pid]: [index[d] for d in sorted(deps) if d in index]
                                             for pid, deps in prerequisites.items() if pid in index})
        return self._waiting[1]

    def missing(self, key: str, facts: Facts, derived: dict[str, Any]) -> list[str]:
        """The inputs an unknown criterion misses (``zhice.evaluate``'s ``missing_fields``)."""
        cand = self.inputs[key]
        if len(cand) == 1 and cand[0][1] == (cand[0][0],):     # one plain field: most criteria
            f = cand[0][0]
            return [f] if f not in facts and f not in derived and f != AS_OF else []
        out: list[str] = []
        for f, exp in cand:
            if f not in facts and f not in derived:
                out += exp
        return [m for m in dict.fromkeys(out) if m not in facts and m not in derived and m != AS_OF]


def catalog_gap(compiled: CompiledSet, el: CompiledElement) -> str | None:
    """The gap text element ``el`` gives unless its client's shortfall is worded (the catalog's
    ``gap``): the rulebook's wording when it has no placeholder, else none; with no wording, the
    engine's "未满足（要求：…）"."""
    e = el.element
    assert e is not None
    if e.gap:
        return None if "{" in e.gap else e.gap
    return f"{e.title}：未满足（要求：{static_of(compiled).expected[el.key]}）"


_LAYOUTS: dict[int, tuple[CompiledSet, dict[tuple[str, str], str], _Layout]] = {}


def layout(compiled: CompiledSet, step_keys: dict[tuple[str, str], str] | None = None) -> _Layout:
    """The layout of ``compiled`` (cached; ``step_keys``: the roadmap's merge keys, Engine._roadmap_links)."""
    hit = _LAYOUTS.get(id(compiled))
    if hit is None or hit[0] is not compiled or (step_keys is not None and hit[1] is not step_keys):
        hit = _LAYOUTS[id(compiled)] = (compiled, step_keys if step_keys is not None else {},
                                        _Layout(compiled, step_keys or {}))
    return hit[2]


def compact(compiled: CompiledSet, result: MatchResult, facts: Facts, verdicts: list[tuple[str, str, int]],
            profile: dict[str, Any], links: tuple[dict[tuple[str, str], str], dict[str, set[str]]],
            engine_version: str) -> tuple[dict[str, Any], dict[str, list[Any]], dict[str, list[list[Any]]]]:
    """One profile's compact result (the JSONL v2 line without ``"row"``; ``profile`` is its
    ``{"name", "credit_code", "digest"}``), its statuses ``{program: [status, unmet criteria]}``
    and its gap programs' ``[[criterion title, gap text, first next step], …]``, from its
    matcher outcomes and its ``verdicts`` (``zhice.evaluate.verdicts``: id, status, unmet count).

    ``unmet``, ``unknown``, ``gaps`` and ``missing_fields`` are given for the applicable programs
    (eligible, gap, insufficient data); the module docstring says how each value refers to the
    catalog. A gap text is worked out only where the catalog's is not the client's."""
    step_keys, prerequisites = links
    lay = layout(compiled, step_keys)
    static = lay.static
    get = result.outcomes.get
    derived_facts = result.derived
    titles = lay.titles
    ctx = None
    summary = dict.fromkeys(_COUNTED, 0)
    programs: list[dict[str, Any]] = []
    statuses: dict[str, list[Any]] = {}
    gap_rows: dict[str, list[list[Any]]] = {}
    n_unmet: list[int] = []
    entries: dict[str, list[Any]] = {}     # roadmap merge key → [step, unlocks, is data, first seen]
    for (index, pid, book, plan, crit, scope), (_, status, unmet_count) in zip(lay.programs, verdicts):
        n_unmet.append(unmet_count)
        summary[status] += 1
        statuses[pid] = [status, unmet_count]
        if not plan[2]:                                     # out of force
            programs.append({"id": pid, "status": status, "score": None, "unmet": [], "unknown": [], "gaps": {},
                             "missing_fields": []})
            continue
        score = None
        if book.kind == "checklist":    # the status is the verdict's; a checklist's score is decided again
            score = decide(book, list(map(get, plan[3])), list(map(get, plan[4])), plan[5],
                           plan[6] is not None and get(plan[6]) is True)[1]
        if status not in _APPLICABLE:
            programs.append({"id": pid, "status": status, "score": score, "unmet": [], "unknown": [], "gaps": {},
                             "missing_fields": []})
            continue
        unmet: list[str] = []
        unknown: list[str] = []
        gaps: dict[str, str] = {}
        missing_crit: list[str] = []
        data_steps: list[list[str]] = []
        rows: list[list[Any]] = []
        for key, cid, worded, fixed, steps, title, first, el in crit:
            t = get(key)
            if t is True:
                continue
            if t is False:
                unmet.append(cid)
                if worded:
                    gap = fixed                                 # the rulebook's wording, no placeholder
                else:
                    if ctx is None:
                        ctx = context_of(compiled, result, facts)
                    gap = criterion_outcome(el, False, ctx, static).gap
                    if gap != fixed:
                        gaps[cid] = gap                    # type: ignore[assignment]
                if status == "gap":
                    rows.append([title, gap, first])
                    for merge, spos in steps:
                        add_step(entries, merge, spos, index, False)
            else:
                unknown.append(cid)
                miss = lay.missing(key, facts, derived_facts)
                missing_crit += miss
                data_steps.append(miss)
        missing_scope: list[str] = []
        for key, cid in scope:
            if get(key) is None:
                unknown.append(cid)
                miss = lay.missing(key, facts, derived_facts)
                missing_scope += miss
                data_steps.append(miss)
        missing = missing_scope + missing_crit
        if status == "insufficient_data":
            for miss in data_steps:             # criteria, then scope conditions (zhice.report's order)
                if miss:
                    key = DATA_STEP + DATA_STEP_SEPARATOR.join([titles[m] for m in miss])
                    add_step(entries, key, key, index, True)
        elif status == "gap":
            gap_rows[pid] = rows
        programs.append({"id": pid, "status": status, "score": score, "unmet": unmet, "unknown": unknown,
                         "gaps": gaps, "missing_fields": list(dict.fromkeys(missing)) if missing else []})
    roadmap = roadmap_of(entries, prerequisites, lay, n_unmet)
    derived = {out.fact[len(DERIVED):]: derived_facts.get(out.fact) for out in compiled.outputs}
    line = {"schema_version": 2, "engine_version": engine_version, "rulebooks_digest": compiled.digest,
            "as_of": compiled.as_of.isoformat(), "profile": profile, "derived": derived, "summary": summary,
            "programs": programs, "roadmap": roadmap}
    return line, statuses, gap_rows


def add_step(entries: dict[str, list[Any]], key: str, step: str, index: int, data: bool) -> None:
    """Program ``index`` unlocked by the roadmap step merged under ``key`` (``step``: its catalog
    id, or the text of a request for data, ``data``), added to ``entries`` (see :func:`roadmap_of`)."""
    entry = entries.get(key)
    if entry is None:
        entries[key] = [step, [index], data, len(entries)]
    elif index not in entry[1]:
        entry[1].append(index)


def roadmap_of(entries: dict[str, list[Any]], prerequisites: dict[str, set[str]], lay: _Layout,
               n_unmet: list[int]) -> list[dict[str, Any]]:
    """A line's roadmap from its ``entries`` (merge key → [step, unlocked program positions, is a
    request for data, first seen]; the lists are extended here): ``zhice.report.roadmap_entries``
    over program positions: a step that unlocks a prerequisite also unlocks what waits on it
    (:func:`unlocked`); actions first, then by programs unlocked, fewest gaps, first seen."""
    if prerequisites:
        waiting = lay.waiting(prerequisites)
        for entry in entries.values():
            unlocked(entry[1], waiting)
    gaps = n_unmet.__getitem__
    ranked = sorted(entries.values(), key=lambda e: (e[2], -len(e[1]), min(map(gaps, e[1])), e[3]))
    ids = lay.ids
    return [{"step": e[0], "unlocks": [ids[i] for i in e[1]]} for e in ranked]


def unlocked(unlocks: list[int], waiting: dict[int, list[int]]) -> list[int]:
    """``unlocks`` (program positions) extended, in place, by every program that waits on one of
    them (``waiting``: :meth:`_Layout.waiting`), transitively."""
    frontier = [i for i in unlocks if i in waiting]
    while frontier:
        for dependent in waiting[frontier.pop()]:
            if dependent not in unlocks:
                unlocks.append(dependent)
                if dependent in waiting:
                    frontier.append(dependent)
    return unlocks


def compact_line(fields: dict[str, Any], head: dict[str, Any] | None = None) -> str:
    """A compact result as its JSONL line, with the keys of ``head`` first (``{"row": n, …}``)."""
    return to_json({**head, **fields} if head else fields, inf_nan_mode="null").decode()
