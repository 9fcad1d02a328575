"""A screened row's output line as the history store keeps it, and the line again from that.

A JSONL line is a whole report (~230 KB), nearly all of it rulebook text that every client's
line repeats. What sets one client's line apart is its findings (:class:`~zhice.pipeline.Findings`:
statuses, actual values, gap texts, next steps, missing fields, scores, roadmap, derived facts),
a few KB. The store keeps those, and ``--resume`` writes the line again from them with the same
compiled rulebooks: a resumed run has the same rulebooks digest, as-of date, matcher and engine
version (:class:`~zhice.batch.store.RunKey`), so the line is byte for byte the one the worker
wrote (``tests/test_packing.py``). This keeps the store ~5× smaller (~8 KB a row, against
43 KB for the compressed line) and spares the worker compressing 230 KB a row; on resume the
workers write the stored rows' lines again (~1 ms a row), in the stream of rows they screen.

A blob is one of:

- ``b"F"`` + zlib of the findings as JSON, each recurring text once — a result row;
- ``b"L"`` + zlib of the line — an error row, or findings holding a value JSON would not give
  back exactly (a dict with non-text keys, a value JSON cannot write);
- zlib of the line — a store written by an earlier version (zlib's header byte is never ``F``
  or ``L``).

The store's blobs are JSON inside zlib: reading them back runs nothing from the file.
"""

from __future__ import annotations

import zlib
from typing import Any

from pydantic_core import from_json, to_json

from zhice.compiler import CompiledSet
from zhice.evaluate import CriterionOutcome, ProgramOutcome
from zhice.pipeline import Findings
from zhice.report import ProfileInfo
from zhice.report_json import line as report_line

__all__ = ["pack_findings", "pack_line", "unpack_line"]

try:    # ISA-L's deflate writes the zlib format (zlib.decompress reads it) at ~5x zlib's speed
    from isal.isal_zlib import compress as _deflate
except ImportError:
    from zlib import compress as _deflate

_FINDINGS, _LINE = b"F", b"L"
_PLAIN = (str, int, float, bool, type(None))


def pack_line(text: str) -> bytes:
    """An output line as it is, compressed (zlib format, level 1; by ISA-L when installed)."""
    return _LINE + _deflate(text.encode("utf-8"), 1)


def _exact(v: Any) -> bool:
    """Whether JSON gives ``v`` back as the line writer sees it (tuples come back as lists, which
    it writes alike; a dict with non-text keys would come back with text keys)."""
    t = type(v)
    if t in _PLAIN:
        return True
    if t is list or t is tuple:
        return all(map(_exact, v))
    if t is dict:
        return all(type(k) is str for k in v) and all(map(_exact, v.values()))
    return False


class _Texts:
    """A row's texts that recur (next steps, missing fields, notices): each kept once, in
    :attr:`texts`, and referred to by its position. A program's next steps gather its criteria's,
    and the roadmap's steps repeat them: about two thirds of a row's findings."""

    def __init__(self) -> None:
        self.index: dict[str, int] = {}

    def ref(self, text: str | None) -> int | None:
        if text is None:
            return None
        i = self.index.get(text)
        if i is None:
            i = self.index[text] = len(self.index)
        return i

    def refs(self, texts: list[str]) -> list[int | None]:
        return [self.ref(t) for t in texts]

    @property
    def texts(self) -> list[str]:
        return list(self.index)


def _fits(findings: Findings) -> bool:
    """Whether JSON gives back every value of ``findings`` exactly (as the line writer sees it)."""
    f = findings.fields
    if not (_exact(f["derived"]) and _exact(f["derived_ranges"])):
        return False
    if not all(type(t) is str for o in findings.programs for t in o.next_steps + o.missing_fields):
        return False
    return all(type(v) in _PLAIN or _exact(v) for o in findings.programs for part in (o.criteria, o.scope)
               for c in part for v in c.actual)


def pack_findings(findings: Findings, text: str) -> bytes:
    """What the store keeps of a result row whose output line is ``text``: its findings, or
    ``text`` itself when they hold a value JSON would not give back exactly."""
    if not _fits(findings):
        return pack_line(text)
    fields = dict(findings.fields)
    p: ProfileInfo = fields.pop("profile")
    t = _Texts()
    refs = t.refs

    def criteria(outcomes: list[CriterionOutcome]) -> list[list[Any]]:
        return [[c.status, c.actual, c.gap, refs(c.next_steps), refs(c.missing_fields)] for c in outcomes]

    programs = [[o.prog.book.id, o.status, o.score, o.score_range, o.grade, criteria(o.criteria), criteria(o.scope),
                 refs(o.missing_fields), refs(o.next_steps), o.needs_verification, t.ref(o.notice)]
                for o in findings.programs]
    fields["roadmap"] = [{**s, "step": t.ref(s["step"])} for s in fields["roadmap"]]
    # pydantic-core's writer: ~5x json.dumps here, and its floats and integers read back exactly
    return _FINDINGS + _deflate(to_json([fields, [p.name, p.credit_code, p.digest], programs, t.texts]), 1)


def _outcomes(elements: list[Any], stored: list[list[Any]], texts: list[str]) -> list[CriterionOutcome]:
    if len(elements) != len(stored):
        raise ValueError("the stored findings do not fit these rulebooks")
    return [CriterionOutcome(el, status, tuple(actual), gap, [texts[i] for i in steps], [texts[i] for i in missing])
            for el, (status, actual, gap, steps, missing) in zip(elements, stored)]


def unpack_line(blob: bytes, compiled: CompiledSet, head: dict[str, Any]) -> str:
    """The output line of a stored row, with the keys of ``head`` first (``{"row": n, …}``) when
    written from findings. ``compiled``: the rulebooks of the run that stored it."""
    if blob[:1] == _LINE:
        return zlib.decompress(blob[1:]).decode("utf-8")
    if blob[:1] != _FINDINGS:
        return zlib.decompress(blob).decode("utf-8")
    fields, (name, credit_code, digest), programs, texts = from_json(zlib.decompress(blob[1:]))
    by_id = {p.book.id: p for p in compiled.programs}
    outcomes = []
    for pid, status, score, score_range, grade, criteria, scope, missing, steps, verify, notice in programs:
        prog = by_id[pid]
        if prog.active:         # an inactive program's outcome has no criteria (zhice.evaluate)
            criteria, scope = _outcomes(prog.criteria, criteria, texts), _outcomes(prog.scope, scope, texts)
        outcomes.append(ProgramOutcome(prog, status, score, score_range, grade, criteria, scope,
                                       [texts[i] for i in missing], [texts[i] for i in steps], verify,
                                       None if notice is None else texts[notice]))
    fields["roadmap"] = [{**s, "step": texts[s["step"]]} for s in fields["roadmap"]]
    fields["profile"] = ProfileInfo.model_construct(name=name, credit_code=credit_code, digest=digest)
    return report_line(Findings(compiled, outcomes, fields), head)
