"""The one place that knows the order of the stages: load → compile → match → evaluate → report.

``Engine`` holds loaded rulebooks and caches one compiled set and one matcher per (as-of date,
matcher name), so a batch compiles its rulebooks once. ``checkup`` is the single-profile entry.
"""

from __future__ import annotations

import datetime as dt
import math
import os
import threading
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from zhice.compiler import CompiledSet, compile_rulebooks
from zhice.errors import Problem, RulebookError, UsageError
from zhice.eval import Facts, normalize
from zhice.evaluate import ProgramOutcome, outcomes, program_results, unmet_details, verdicts
from zhice.ir import DERIVED
from zhice.matchers import MatchResult, Matcher, default_matcher, make_matcher
from zhice.profile import Profile, check_as_of
from zhice.report import ProfileInfo, Report, RoadmapStep, roadmap_entries
from zhice.rulebook import RulebookSet, Step
from zhice.rulebook_cache import load_cached
from zhice.scoring import range_key
from zhice.version import __version__

__all__ = ["Assessment", "Engine", "Findings", "checkup", "default_rulebooks_dir", "shared_engine", "shipped_path"]

_PACKAGE = Path(__file__).resolve().parent


def shipped_path(name: str) -> Path:
    """A shipped data folder (rulebooks, profiles, features): from a checkout or an installed wheel."""
    checkout = _PACKAGE.parent.parent / name  # engine/zhice/ → the repository root
    for candidate in (_PACKAGE / f"_{name}", checkout):
        if candidate.is_dir():
            return candidate
    return checkout


def default_rulebooks_dir(explicit: str | Path | None = None) -> Path:
    if explicit:
        return Path(explicit)
    env = os.environ.get("ZHICE_RULEBOOKS")
    return Path(env) if env else shipped_path("rulebooks")


def parse_as_of(value: str | dt.date | None) -> dt.date:
    if value is None:
        return dt.date.today()
    if isinstance(value, dt.date):
        return value
    try:
        return dt.date.fromisoformat(value)
    except ValueError:
        raise UsageError([Problem("bad-date", f"--as-of expects a date like 2027-03-01, found '{value}'")]) from None


@dataclass(frozen=True, slots=True)
class Assessment:
    """One profile's verdicts without the report: what a screening needs for most rows.

    ``verdicts`` holds ``(program id, status, unmet criteria)`` in rulebook order, the same
    statuses as :meth:`Engine.checkup`; :meth:`unmet` gives the gap texts and next steps of
    chosen programs on demand (a lead's).
    """

    compiled: CompiledSet
    result: MatchResult
    facts: Facts
    verdicts: list[tuple[str, str, int]]

    def unmet(self, ids: set[str]) -> dict[str, list[tuple[str, str, str | None]]]:
        """``(criterion title, gap text, first next step)`` of the unmet criteria of programs ``ids``."""
        return unmet_details(self.compiled, self.result, self.facts, ids)


class Engine:
    """Loaded rulebooks plus caches of compiled sets and matchers."""

    def __init__(self, rulebooks: str | Path | RulebookSet | None = None):
        if isinstance(rulebooks, RulebookSet):
            self.rulebooks = rulebooks
        else:
            self.rulebooks = load_cached(default_rulebooks_dir(rulebooks))    # zhice.rulebook_cache
            if self.rulebooks.problems:
                # report the compiler's problems of the files that did load, too
                problems = list(self.rulebooks.problems)
                try:
                    compile_rulebooks(self.rulebooks, dt.date.today())
                except RulebookError as exc:
                    problems += exc.problems
                raise RulebookError(problems)
        self._compiled: dict[dt.date, CompiledSet] = {}
        self._matchers: dict[tuple[dt.date, str], Matcher] = {}
        self._links: dict[dt.date, tuple[dict[tuple[str, str], str], dict[str, set[str]]]] = {}

    def compiled(self, as_of: dt.date) -> CompiledSet:
        if as_of not in self._compiled:
            self._compiled[as_of] = compile_rulebooks(self.rulebooks, as_of)
        return self._compiled[as_of]

    def matcher(self, as_of: dt.date, name: str | None = None) -> Matcher:
        name = name or default_matcher()
        key = (as_of, name)
        if key not in self._matchers:
            self._matchers[key] = make_matcher(self.compiled(as_of), name)
        return self._matchers[key]

    def _roadmap_links(self, as_of: dt.date) -> tuple[dict[tuple[str, str], str], dict[str, set[str]]]:
        """Step ids that merge steps across programs, and who waits on which prerequisite.

        Both depend only on the rulebooks, so they are worked out once per compiled set.
        """
        if as_of not in self._links:
            step_keys: dict[tuple[str, str], str] = {}
            prerequisites: dict[str, set[str]] = {}
            for prog in self.compiled(as_of).programs:
                for el in prog.book.criteria:
                    for s in el.next_steps:
                        if isinstance(s, Step) and s.id:
                            step_keys[(prog.book.id, s.text)] = s.id
                    if el.prerequisite:
                        prerequisites.setdefault(el.prerequisite, set()).add(prog.book.id)
            self._links[as_of] = (step_keys, prerequisites)
        return self._links[as_of]

    def program_ids(self) -> list[str]:
        return [b.id for b in self.rulebooks.books if b.kind != "derivation"]

    def check_programs(self, programs: list[str] | None) -> None:
        if not programs:
            return
        known = self.program_ids()
        from zhice.errors import did_you_mean

        bad = [Problem("unknown-program", f"unknown program '{p}'", path="--program",
                       hint=did_you_mean(p, known) or "see `zhice programs`") for p in programs if p not in known]
        if bad:
            raise UsageError(bad)

    def assess(self, profile: Profile, *, as_of: str | dt.date | None = None,
               matcher: str | None = None) -> Assessment:
        """Match one profile and decide every program's status, without building a report."""
        day = parse_as_of(as_of)
        check_as_of(profile, day)
        compiled = self.compiled(day)
        facts = normalize(profile.facts(), day)
        result = self.matcher(day, matcher).match(facts)
        return Assessment(compiled, result, facts, verdicts(compiled, result))

    def findings(self, profile: Profile, *, as_of: str | dt.date | None = None, matcher: str | None = None,
                 programs: list[str] | None = None) -> Findings:
        """What :meth:`checkup` reports, as its outcomes (before the Report models are built)."""
        self.check_programs(programs)
        day = parse_as_of(as_of)
        check_as_of(profile, day)
        compiled = self.compiled(day)
        m = self.matcher(day, matcher)
        facts = normalize(profile.facts(), day)
        result = m.match(facts)
        results = outcomes(compiled, result, facts)
        step_keys, prerequisites = self._roadmap_links(day)
        roadmap = roadmap_entries(results, step_keys, prerequisites)
        if programs:
            results = [r for r in results if r.id in programs]
            roadmap = [s for s in roadmap if set(s["unlocks"]) & set(programs)]
        summary = {k: 0 for k in ("eligible", "gap", "not_applicable", "insufficient_data", "achieved")}
        for r in results:
            summary[r.status] += 1
        derived: dict[str, Any] = {}
        ranges: dict[str, list[float | None]] = {}
        for out in compiled.outputs:
            name = out.fact[len(DERIVED):]
            derived[name] = result.derived.get(out.fact)
            bounds = result.derived.get(range_key(out.fact)) if out.ranged and derived[name] is None else None
            if bounds is not None:
                ranges[name] = [None if math.isinf(b) else float(b) for b in bounds]
        info = ProfileInfo.model_construct(name=profile.enterprise.name, credit_code=profile.enterprise.credit_code,
                           digest=profile.digest())
        return Findings(compiled, results, dict(
            engine_version=__version__, rulebooks_digest=compiled.digest, as_of=day.isoformat(), matcher=m.name,
            profile=info, derived=derived, summary=summary, roadmap=roadmap, derived_ranges=ranges))

    def checkup(self, profile: Profile, *, as_of: str | dt.date | None = None, matcher: str | None = None,
                programs: list[str] | None = None) -> Report:
        """Evaluate one profile against every program (or only ``programs``)."""
        return self.findings(profile, as_of=as_of, matcher=matcher, programs=programs).report()


@dataclass(slots=True)
class Findings:
    """One checkup's outcomes: the single source of both its :class:`Report` (:meth:`report`) and
    of the JSON line screening writes without building that report (``zhice.report_json``)."""

    compiled: CompiledSet
    programs: list[ProgramOutcome]
    fields: dict[str, Any]   # the Report's other fields, as it takes them (roadmap steps as dicts)

    def report(self) -> Report:
        # constructed, not validated: every part is built here from validated profiles and rulebooks
        # (validating would build the Report models' validators on a cold start, ~20 ms)
        fields = dict(self.fields)
        fields["roadmap"] = [RoadmapStep.model_construct(**s) for s in fields["roadmap"]]
        return Report.model_construct(**fields, programs=program_results(self.compiled, self.programs))


_ENGINES: dict[Path, tuple[tuple[tuple[str, int, int], ...], Engine]] = {}
_ENGINES_LOCK = threading.Lock()


def _folder_state(folder: Path) -> tuple[tuple[str, int, int], ...]:
    """What an Engine loaded from ``folder`` depends on: every file's path, size and mtime."""
    state = []
    for f in sorted(folder.rglob("*")) if folder.is_dir() else []:
        try:
            st = f.stat()
        except OSError:
            continue
        if f.is_file():
            state.append((str(f), st.st_size, st.st_mtime_ns))
    return tuple(state)


def shared_engine(rulebooks: str | Path | None = None) -> Engine:
    """The one Engine of a rulebooks folder (default: $ZHICE_RULEBOOKS or the shipped rulebooks),
    kept per resolved path and loaded again when a file of the folder changes."""
    folder = default_rulebooks_dir(rulebooks).resolve()
    state = _folder_state(folder)
    with _ENGINES_LOCK:
        hit = _ENGINES.get(folder)
        if hit is None or hit[0] != state:
            hit = _ENGINES[folder] = (state, Engine(rulebooks))
        return hit[1]


def checkup(profile: Profile, rulebooks: str | Path | None = None, **kw: Any) -> Report:
    """Evaluate one profile with the rulebooks of a folder (one Engine per folder, reused)."""
    return shared_engine(rulebooks).checkup(profile, **kw)
