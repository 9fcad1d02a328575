"""Compact JSONL lines (contract v2) of a chunk screened over columns, without a checkup per row.

Columnar screening (:mod:`zhice.batch.check_chunk`) already knows every row's outcome of every
condition. A program's entry in the line (``status``, ``score``, ``unmet``, ``unknown``) depends
only on the outcomes of its criteria, scope conditions and "already held" condition: each program's
outcomes are coded per row as base-3 digits (polars), and an entry is worked out once per
distinct code (:class:`_Entry`), its JSON text kept when nothing in it depends on the client;
the chunk's entries are found program by program. Per row only what depends on the client is
worked out, for the entries that have it: a gap text with a placeholder (the client's shortfall,
:func:`zhice.evaluate.criterion_outcome`, remembered by the values of the facts it reads), the
missing fields of unknown conditions (:meth:`zhice.report_compact._Layout.missing`, remembered by
which of its facts a row has: one bit per typed column), the roadmap (merged as
:func:`zhice.report_compact.compact` merges it, ranked as it ranks it) and the profile digest
(:mod:`zhice.batch.profile_digests`).

The line is written as :func:`zhice.report_compact.compact_line` writes it, part by part from
JSON texts written once: byte for byte the row path's line (``tests/test_jsonl_columnar.py``).
"""

from __future__ import annotations

import marshal
from collections.abc import Sequence
from typing import TYPE_CHECKING, Any

import polars as pl
from pydantic_core import to_json

from zhice.batch.profile_digests import Digests
from zhice.evaluate import context_of, criterion_outcome, decide
from zhice.ir import AS_OF, DERIVED
from zhice.matchers.base import MatchResult
from zhice.report_compact import DATA_STEP, DATA_STEP_SEPARATOR, layout, unlocked

if TYPE_CHECKING:
    from zhice.batch.readers import Record
    from zhice.compiler import CompiledSet

__all__ = ["LeadTexts", "LineBuilder", "lead_texts", "line_builder"]

_APPLICABLE = frozenset(("eligible", "gap", "insufficient_data"))
_COUNTED = ("eligible", "gap", "not_applicable", "insufficient_data", "achieved")
_DIGITS = 39                                   # 3^39 < 2^63: base-3 digits in one Int64
_UNKNOWN = 2
_PATTERNS_KEPT = 512                           # patterns of present facts kept per program entry
_TEXTS_KEPT = 20_000                           # roadmap steps' JSON texts kept (bounded memory)
_OUTCOMES_KEPT = 50_000                        # gap texts kept, by the values of the facts they read
_ENTRIES_KEPT = 2_000                          # entries kept per program, by outcome code and status


def _js(value: Any) -> str:
    return to_json(value, inf_nan_mode="null").decode()


_NO_GAPS = '{},"missing_fields":[]}'          # the end of an entry with no gap text and no missing field


class _Entry:
    """One program's entry for one code of its outcomes: the JSON text when it is the same for
    every client with that code, else what a row fills in."""

    __slots__ = ("status", "text", "head", "unmet_ids", "unknown_ids", "worked", "unknown_crit", "unknown_scope",
                 "gap_steps", "rows", "fixed_row", "probe", "known", "prefix", "flat", "fast")

    def __init__(self, pid: str, status: str, score: Any, unmet: list[tuple[str, str, bool, str | None, Any, Any,
                                                                              Any, Any]],
                 unknown_crit: list[tuple[str, str]], unknown_scope: list[tuple[str, str]]):
        self.status = status
        self.unmet_ids = [c[1] for c in unmet]
        self.unknown_ids = [cid for _, cid in unknown_crit] + [cid for _, cid in unknown_scope]
        self.worked = [(c[1], c[7], c[3]) for c in unmet if not c[2]]      # gap text per client: (id, element, catalog's)
        self.unknown_crit = [key for key, _ in unknown_crit]
        self.unknown_scope = [key for key, _ in unknown_scope]
        self.gap_steps = [c[4] for c in unmet] if status == "gap" else []
        # a gap program's [criterion title, gap text, first next step] rows (None: worked out per row)
        self.rows = [[c[5], c[3] if c[2] else None, c[6]] for c in unmet] if status == "gap" else None
        self.fixed_row = self.rows is not None and not self.worked
        self.head = {"id": pid, "status": status, "score": score, "unmet": self.unmet_ids,
                     "unknown": self.unknown_ids}
        per_row = bool(self.worked) or (status in _APPLICABLE and bool(self.unknown_ids))
        # the entry's JSON text up to its gaps (the head's keys, then ``"gaps":``), and its whole
        # text when it is the same for every client
        self.prefix = _js(self.head)[:-1] + ',"gaps":'
        self.text: str | None = None if per_row else self.prefix + _NO_GAPS
        # its roadmap steps, in the order the row path adds them: (merge key, step) of each unmet criterion
        self.flat = tuple(step for steps in self.gap_steps for step in steps)
        # its text when a row has nothing to add to it (no gap text, missing field or roadmap step)
        self.fast = self.text if not self.gap_steps else None
        self.probe: tuple[str, ...] = ()      # the facts whose presence decides the missing fields (set by the builder)
        # by which of them a row has: its missing fields, its requests for data, its text (None with gap texts to work out)
        self.known: dict[tuple[bool, ...], tuple[list[str], list[str], str | None]] = {}


class _Present:
    """A row's facts present, for ``in`` (what :meth:`zhice.report_compact._Layout.missing` asks):
    the as-of date, and each typed column whose bit is set in the row's mask."""

    __slots__ = ("bits", "mask")

    def __init__(self, bits: dict[str, int], mask: int):
        self.bits = bits
        self.mask = mask

    def __contains__(self, path: object) -> bool:
        if path == AS_OF:
            return True
        b = self.bits.get(path)         # type: ignore[call-overload]
        return b is not None and self.mask >> b & 1 == 1


class LineBuilder:
    """The compact lines of a compiled set's rows screened over columns (built once per set)."""

    def __init__(self, compiled: CompiledSet, links: tuple[dict[tuple[str, str], str], dict[str, set[str]]],
                 engine_version: str, tree_of: dict[str, int]):
        self.compiled = compiled
        self.links = links
        self.lay = lay = layout(compiled, links[0])
        self.tree_of = tree_of
        self.static_head = _js({"schema_version": 2, "engine_version": engine_version,
                                "rulebooks_digest": compiled.digest, "as_of": compiled.as_of.isoformat()})[1:-1]
        self.outputs = [(out.fact[len(DERIVED):], out.fact) for out in compiled.outputs]
        # per program: its code's keys (criteria, scope conditions, held) and the expressions coding them
        self.keys: list[list[str]] = []
        self.exprs: list[pl.Expr] = []
        self.parts: list[int] = []
        for index, pid, book, plan, crit, scope in lay.programs:
            keys = [c[0] for c in crit] + [key for key, _ in scope] + ([plan[6]] if plan[6] else [])
            self.keys.append(keys)
            chunks = [keys[i:i + _DIGITS] for i in range(0, len(keys), _DIGITS)] or [[]]
            self.parts.append(len(chunks))
            for p, part in enumerate(chunks):
                code = pl.lit(0, dtype=pl.Int64)
                for d, key in enumerate(part):
                    code = code + pl.col(f"t{tree_of[key]}").cast(pl.Int64).fill_null(_UNKNOWN) * (3 ** d)
                self.exprs.append(code.alias(f"k{index}_{p}"))
        self.entries: list[dict[Any, _Entry]] = [{} for _ in lay.programs]
        # a program whose entry for a status does not depend on its code (not a checklist, whose
        # score does; or out of force): that entry's text, by status
        self.by_status: list[dict[str, str] | None] = [
            None if (book.kind == "checklist" and plan[2]) else {} for _, _, book, plan, _, _ in lay.programs]
        self.summaries: dict[tuple[str, ...], str] = {}
        self.waiting = lay.waiting(links[1]) if links[1] else {}
        # per set of programs a roadmap step unlocks: with those waiting on them, its rank, its steps' texts
        self._unlocks: dict[tuple[int, ...], tuple[tuple[int, ...], int, dict[str, str]]] = {}
        self._bits: dict[str, int] = {}                  # a bit per typed column (_present_bits)
        self._gaps: dict[Any, str] = {}                  # gap texts by criterion and the values it reads (_gap_texts)
        self.digests = Digests()

    # -- per program and code ----------------------------------------------------------------

    def entry(self, k: int, code: Any, status: str) -> _Entry:
        got = self.entries[k].get((code, status))
        if got is None:
            got = self.entries[k][(code, status)] = self._entry(k, code, status)
        return got

    def _entry(self, k: int, code: Any, status: str) -> _Entry:
        index, pid, book, plan, crit, scope = self.lay.programs[k]
        digits: list[int] = []
        for part in (code if isinstance(code, tuple) else (code,)):
            for _ in range(min(_DIGITS, len(self.keys[k]) - len(digits))):
                part, d = divmod(part, 3)
                digits.append(d)
        truth = {key: (True if d == 1 else False if d == 0 else None) for key, d in zip(self.keys[k], digits)}
        if not plan[2]:
            return _Entry(pid, status, None, [], [], [])
        score = None
        if book.kind == "checklist":
            score = decide(book, [truth[key] for key in plan[3]], [truth[key] for key in plan[4]], plan[5],
                           plan[6] is not None and truth[plan[6]] is True)[1]
        if status not in _APPLICABLE:
            return _Entry(pid, status, score, [], [], [])
        unmet = [c for c in crit if truth[c[0]] is False]
        unknown_crit = [(c[0], c[1]) for c in crit if truth[c[0]] is None]
        unknown_scope = [(key, cid) for key, cid in scope if truth[key] is None]
        entry = _Entry(pid, status, score, unmet, unknown_crit, unknown_scope)
        inputs = self.lay.inputs
        entry.probe = tuple(dict.fromkeys(m for key in entry.unknown_crit + entry.unknown_scope for f, exp in inputs[key]
                                          for m in (f, *exp) if m != AS_OF))
        return entry

    def _known(self, e: _Entry, j: int, mask: int, cols: tuple[int, tuple[str, ...]], derived: dict[str, Any],
               present: Any) -> tuple[list[str], tuple[tuple[str, str], ...], str | None]:
        """What an entry with unknown conditions says for row ``j`` with the facts it has (its
        missing fields, its requests for data as roadmap steps, its text: None with gap texts to
        work out): worked out (:meth:`_Layout.missing`) once per pattern of the facts present.
        ``mask``: the row's facts present, one bit per typed column (:meth:`_present_bits`);
        ``cols``: the bits of the entry's probe facts among them, and the probe facts that are no
        typed column (derived facts: looked up in ``derived``); ``present(j)`` the row's present facts."""
        sig = (mask & cols[0], tuple([p in derived for p in cols[1]]))
        hit = e.known.get(sig)
        if hit is None:
            lay = self.lay
            row = present(j)
            crit_miss = [lay.missing(key, row, derived) for key in e.unknown_crit]      # type: ignore[arg-type]
            scope_miss = [lay.missing(key, row, derived) for key in e.unknown_scope]    # type: ignore[arg-type]
            missing = list(dict.fromkeys(m for miss in scope_miss + crit_miss for m in miss))
            data = [DATA_STEP + DATA_STEP_SEPARATOR.join([lay.titles[m] for m in miss]) for miss in crit_miss + scope_miss
                    if miss] if e.status == "insufficient_data" else []
            hit = (missing, tuple((key, key) for key in data),
                   None if e.worked else e.prefix + '{},"missing_fields":' + _js(missing) + "}")
            if len(e.known) < _PATTERNS_KEPT:
                e.known[sig] = hit
        return hit

    # -- a chunk -------------------------------------------------------------------------------

    def _trim(self) -> None:
        """Forget what earlier chunks worked out where a cache has outgrown its bound, so that a
        worker's memory stays flat over millions of rows (most outcome codes and status tuples are
        seen once: without a bound they grew ~10 KB a row); what is forgotten is worked out again."""
        for got in self.entries:
            if len(got) > _ENTRIES_KEPT:
                got.clear()
        for cache in (self.summaries, self._unlocks):
            if len(cache) > _TEXTS_KEPT:
                cache.clear()

    def lines(self, truths: pl.DataFrame, verdicts: Sequence[tuple[str, list[str], list[int]]],
              columns: dict[str, pl.Series], derived_row: Any, records: Sequence[tuple[Record, str | None]]
              ) -> list[tuple[str, dict[str, list[list[Any]]]]]:
        """Every row's line and its gap programs' ``[[title, gap text, first next step], …]`` (the
        row path's ``summary["gaps"]``): ``truths`` has a column ``t<i>`` per distinct tree,
        ``verdicts`` each program's statuses and unmet counts, ``columns`` the typed facts,
        ``records`` each row's record and input label.

        Program by program, each row's entry is found by its code (once per distinct code and
        status, :meth:`entry`); only the entries with something per client (gap texts, missing
        fields, roadmap steps) are worked on row by row."""
        self._trim()
        n = truths.height
        coded = truths.select(self.exprs) if self.exprs else pl.DataFrame()
        status_lists = [s for _, s, _ in verdicts]
        unmet_lists = [u for _, _, u in verdicts]
        lists = {p: s.to_list() for p, s in columns.items()}
        names, codes = lists["enterprise.name"], lists.get("enterprise.credit_code") or [None] * n
        digests = self.digests.digests(lists, columns, records, n)
        derived = [derived_row(j) for j in range(n)]
        lay = self.lay
        as_of = self.compiled.as_of.toordinal()
        masks = self._present_bits(columns, n)
        bits = self._bits

        def present(j: int) -> _Present:          # the row's facts (``in`` is all the missing fields ask)
            return _Present(bits, masks[j])

        gaps_of = self._gap_texts(lists, derived, as_of)
        probes: dict[int, tuple[int, tuple[str, ...]]] = {}
        frags: list[list[str]] = []
        contribs: list[list[tuple[int, tuple[tuple[str, str], ...], bool]]] = [[] for _ in range(n)]
        gap_rows: list[dict[str, list[list[Any]]]] = [{} for _ in range(n)]
        for k in range(len(lay.programs)):
            ents = self._entries_of(k, coded, status_lists[k])
            col = [e.fast for e in ents]
            pid = lay.ids[k]
            for j in [j for j, t in enumerate(col) if t is None]:
                e = ents[j]
                gaps: dict[str, str] = {}
                worked: dict[str, str] = {}
                for cid, el, fixed in e.worked:
                    gap = worked[cid] = gaps_of(el, j)
                    if gap != fixed:
                        gaps[cid] = gap
                if e.flat:
                    contribs[j].append((k, e.flat, False))
                if e.rows is not None:
                    gap_rows[j][pid] = [[t, g if g is not None else worked[cid], f]
                                        for (t, g, f), cid in zip(e.rows, e.unmet_ids)]
                if not e.unknown_ids:
                    col[j] = e.text if e.text is not None else e.prefix + _js(gaps) + ',"missing_fields":[]}'
                    continue
                cols = probes.get(id(e))
                if cols is None:
                    cols = probes[id(e)] = (sum(1 << bits[p] for p in e.probe if p in lists),
                                            tuple(p for p in e.probe if p not in lists))
                missing, data, text = self._known(e, j, masks[j], cols, derived[j], present)
                if data:
                    contribs[j].append((k, data, True))
                col[j] = text if text is not None and not gaps else \
                    e.prefix + _js(gaps) + ',"missing_fields":' + _js(missing) + "}"
            frags.append(col)
        labels: dict[str | None, str] = {}
        summaries = self.summaries
        outputs = self.outputs
        out: list[tuple[str, dict[str, list[list[Any]]]]] = []
        static_head = self.static_head
        for j, (statuses, n_unmet, programs) in enumerate(zip(zip(*status_lists), zip(*unmet_lists),
                                                              map(",".join, zip(*frags)))):
            summary = summaries.get(statuses)
            if summary is None:
                counts = dict.fromkeys(_COUNTED, 0)
                for st in statuses:
                    counts[st] += 1
                summary = summaries[statuses] = _js(counts)
            rec, label = records[j]
            head = labels.get(label)
            if head is None:
                head = labels[label] = "" if label is None else ',"input":' + _js(label)
            d = derived[j]
            line = "".join(['{"row":', str(rec.row), head, ",", static_head, ',"profile":',
                            _js({"name": names[j], "credit_code": codes[j], "digest": digests[j]}),
                            ',"derived":', _js({name: d.get(fact) for name, fact in outputs}),
                            ',"summary":', summary, ',"programs":[', programs, '],"roadmap":',
                            self._roadmap(contribs[j], n_unmet), "}"])
            out.append((line, gap_rows[j]))
        return out

    def _present_bits(self, columns: dict[str, pl.Series], n: int) -> list[int]:
        """Per row, which typed columns it has a value in: one bit per field (its place in
        ``self._bits``, the same in every chunk)."""
        bits = self._bits
        masks = [0] * n
        paths = list(columns)
        for p in paths:
            assert not p.startswith(DERIVED), p         # a derived fact is never a typed column
            if p not in bits:
                bits[p] = len(bits)
        for g in range(0, len(paths), 60):              # 60 bits at a time in an Int64 column
            group = paths[g:g + 60]
            low = min(bits[p] for p in group)
            part = pl.DataFrame([columns[p].is_not_null().cast(pl.Int64) * (1 << (bits[p] - low))
                                 for p in group]).select(pl.sum_horizontal(pl.all()))[:, 0].to_list() \
                if max(bits[p] for p in group) - low < 62 else None
            if part is None:                            # bits too far apart for one column: one by one
                for p in group:
                    b = 1 << bits[p]
                    for j in columns[p].is_not_null().arg_true().to_list():
                        masks[j] |= b
                continue
            masks = [m | (x << low) for m, x in zip(masks, part)]
        return masks

    def _entries_of(self, k: int, coded: pl.DataFrame, statuses: list[str]) -> list[_Entry]:
        """Program ``k``'s entry of every row (one :class:`_Entry` per distinct code and status;
        a program whose entry for a status does not depend on its code: per status)."""
        parts = self.parts[k]
        index = self.lay.programs[k][0]
        cols = [coded[f"k{index}_{p}"].to_list() for p in range(parts)]
        code_list = cols[0] if parts == 1 else list(zip(*cols))
        fixed = self.by_status[k]
        active = self.lay.programs[k][3][2]
        if fixed is not None:
            keys = statuses if not active else \
                [(c, st) if st in _APPLICABLE else st for c, st in zip(code_list, statuses)]
        else:
            keys = list(zip(code_list, statuses))
        got = self.entries[k]
        ents = list(map(got.get, keys))
        for j in [j for j, e in enumerate(ents) if e is None]:
            key = keys[j]
            e = got.get(key)
            if e is None:
                e = got[key] = self._entry(k, code_list[j], statuses[j])
            ents[j] = e
        return ents

    def _gap_texts(self, lists: dict[str, list[Any]], derived: list[dict[str, Any]], as_of: int) -> Any:
        """``gap(el, j)``: unmet criterion ``el``'s gap text for row ``j`` (:func:`zhice.evaluate.criterion_outcome`'s),
        remembered by the values of the facts it reads (``Static.reads``: typed facts, derived
        facts, the as-of date), keyed by their marshal bytes as criterion_outcome keys them."""
        static = self.lay.static
        compiled = self.compiled
        texts = self._gaps
        if len(texts) > _OUTCOMES_KEPT:
            texts.clear()
        sources: dict[str, list[tuple[str, list[Any] | None]]] = {}
        ctxs: dict[int, Any] = {}
        dumps = marshal.dumps
        paths, cols = list(lists), list(lists.values())

        def gap(el: Any, j: int) -> str:
            src = sources.get(el.key)
            if src is None:
                src = sources[el.key] = [(r, lists.get(r)) for r in static.reads[el.key][0]]
            d = derived[j]
            values = tuple([d[r] if r in d else as_of if r == AS_OF else c[j] if c is not None else None
                            for r, c in src])
            try:
                key: Any = (el.key, dumps(values, 2))
            except ValueError:          # a value marshal does not write
                key = None
            text = texts.get(key) if key is not None else None
            if text is None:
                ctx = ctxs.get(j)
                if ctx is None:
                    facts = {AS_OF: as_of}
                    facts.update({p: v for p, v in zip(paths, [col[j] for col in cols]) if v is not None})
                    ctx = ctxs[j] = context_of(compiled, MatchResult({}, d), facts)
                text = criterion_outcome(el, False, ctx, static).gap
                if key is not None:
                    texts[key] = text       # type: ignore[assignment]
            return text                     # type: ignore[return-value]

        return gap

    def _roadmap(self, contribs: list[tuple[int, tuple[tuple[str, str], ...], bool]], n_unmet: tuple[int, ...]) -> str:
        """The roadmap's JSON text from a row's roadmap steps by program (in program order; a
        request for data: its text as merge key and step), merged as
        :func:`zhice.report_compact.add_step` merges them and ordered as
        :func:`zhice.report_compact.roadmap_of` orders them: the programs a step unlocks
        (extended by those waiting on them) and each step's text are worked out once per
        distinct set of programs it unlocks."""
        entries: dict[str, list[Any]] = {}
        get = entries.get
        for k, steps, data in contribs:
            for merge, spos in steps:
                ent = get(merge)
                if ent is None:
                    entries[merge] = [spos, (k,), data]     # first seen: its place in ``entries``
                elif ent[1][-1] != k:       # programs come in order: k is new unless it is the last
                    ent[1] += (k,)
        return self._ranked(entries, n_unmet)

    def _ranked(self, entries: dict[str, list[Any]], n_unmet: Sequence[int]) -> str:
        """The roadmap's JSON text from its merged ``entries`` (merge key → [step, unlocked
        programs, is a request for data], in the order first seen), as
        :func:`zhice.report_compact.roadmap_of` orders it: actions first, then by programs
        unlocked (extended by those waiting on them), fewest gaps, first seen — as one integer
        per step. What a set of programs unlocks, and each step's text, are worked out once."""
        fulls = self._unlocks
        ranked = []
        for first, (step, unlocks, data) in enumerate(entries.values()):
            hit = fulls.get(unlocks)
            if hit is None:
                full = tuple(unlocked(list(unlocks), self.waiting)) if self.waiting else unlocks
                hit = fulls[unlocks] = (full, (64 - len(full)) << 40, {})
            full, rank, texts = hit
            fewest = n_unmet[full[0]] if len(full) == 1 else min([n_unmet[i] for i in full])
            text = texts.get(step)
            if text is None:
                if len(texts) >= _TEXTS_KEPT:
                    texts.clear()
                text = texts[step] = _js({"step": step, "unlocks": [self.lay.ids[i] for i in full]})
            ranked.append(((data << 50) + rank + (fewest << 24) + first, text))
        ranked.sort()                       # ``first`` differs between any two: no text is compared
        return "[" + ",".join([t for _, t in ranked]) + "]"

_BUILDERS: dict[int, tuple[CompiledSet, LineBuilder]] = {}


def line_builder(compiled: CompiledSet, links: tuple[dict[tuple[str, str], str], dict[str, set[str]]],
                 engine_version: str, tree_of: dict[str, int]) -> LineBuilder:
    """The :class:`LineBuilder` of ``compiled`` (cached per compiled set)."""
    hit = _BUILDERS.get(id(compiled))
    if hit is None or hit[0] is not compiled or hit[1].links is not links:
        hit = _BUILDERS[id(compiled)] = (compiled, LineBuilder(compiled, links, engine_version, tree_of))
    return hit[1]


class LeadTexts:
    """The gap texts of an XLSX output's leads from a chunk's columns, as
    :func:`zhice.evaluate.unmet_details` gives them: per lead program, ``[criterion title, gap
    text, first next step]`` of each unmet criterion. Only the lead programs' criteria outcomes are
    looked up (not every outcome of the row)."""

    def __init__(self, compiled: CompiledSet, tree_of: dict[str, int]):
        from zhice.evaluate import static_of

        self.compiled = compiled
        self.static = static = static_of(compiled)
        self.programs = {prog.book.id: [(el, tree_of[el.key]) for el in prog.criteria] for prog in compiled.programs}
        self.order = [prog.book.id for prog in compiled.programs]

    def gaps(self, leads: set[str], j: int, truths: list[list[Any]], lists: dict[str, list[Any]],
             derived: dict[str, Any], as_of: int) -> dict[str, list[list[Any]]]:
        """Row ``j``'s lead programs ``leads``: ``truths`` per tree, ``lists`` the typed facts,
        ``derived`` the row's derived facts."""
        facts: dict[str, Any] = {AS_OF: as_of}
        facts.update({p: v[j] for p, v in lists.items() if v[j] is not None})
        ctx = context_of(self.compiled, MatchResult({}, derived), facts)
        static = self.static
        out: dict[str, list[list[Any]]] = {}
        for pid in self.order:
            if pid in leads:
                rows = out[pid] = []
                for el, tree in self.programs[pid]:
                    if truths[tree][j] is False:
                        c = criterion_outcome(el, False, ctx, static)
                        rows.append([c.title, c.gap, c.next_steps[0] if c.next_steps else None])
        return out


_LEADS: dict[int, tuple[CompiledSet, LeadTexts]] = {}


def lead_texts(compiled: CompiledSet, tree_of: dict[str, int]) -> LeadTexts:
    """The :class:`LeadTexts` of ``compiled`` (cached per compiled set)."""
    hit = _LEADS.get(id(compiled))
    if hit is None or hit[0] is not compiled:
        hit = _LEADS[id(compiled)] = (compiled, LeadTexts(compiled, tree_of))
    return hit[1]
