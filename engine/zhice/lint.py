"""``zhice lint``: every problem of every rulebook at once, for the people who own the rules.

Findings come from three places:

1. loading (YAML syntax, JSON Schema, pydantic models) — :func:`zhice.rulebook.load_rulebooks`;
2. compiling (unknown fields with "did you mean", type mismatches, unknown params and sources) —
   the compiler, run element by element so that one broken criterion does not hide the rest;
3. lint checks over the loaded and compiled rulebooks: conditions that can never be met or can
   never fail, duplicate ids, prerequisite cycles, and the warnings listed in ``docs/lint-codes.md``.

Codes are stable (documented in ``docs/lint-codes.md``). Errors make ``zhice lint`` exit 3 (the
exit code of invalid rulebooks); warnings alone exit 0.
"""

from __future__ import annotations

import datetime as dt
import math
import re
from collections.abc import Iterable
from dataclasses import asdict, dataclass, replace
from pathlib import Path
from typing import Any

from zhice import lint_sources
from zhice.compiler import Compiler
from zhice.errors import Problem, RulebookError
from zhice.eval import COMPARE
from zhice.ir import AS_OF, DERIVED, NEGATED_OP, Agg, All, Bands, Calc, Const, Leaf, Node, Not, Operand
from zhice.profile import FieldSpec
from zhice.rulebook import Rulebook, RulebookSet, display_path, load_rulebooks
from zhice.rulebook_words import say

__all__ = ["Finding", "WARNING_CODES", "LINT_CODES", "lint_paths", "lint_set"]

#: codes reported as warnings (exit 0); every other code is an error (exit 3)
WARNING_CODES = frozenset({"no-source", "official-no-reference", "expired", "stale-review", "no-feature",
                           "unused-param"}) | lint_sources.WARNING_CODES
#: codes added by the lint checks themselves (the loader's and compiler's codes come on top)
LINT_CODES = ("never-met", "never-fails", "band-unreachable", "duplicate-id", "prerequisite-cycle") + tuple(sorted(WARNING_CODES)) \
    + lint_sources.ERROR_CODES

_DOC_NUMBER = re.compile(r"\d+\s*号|(?:GB|DB\d{0,2}|ISO|IEC|JR|T)(?:/[TZ])?\s*\d")


@dataclass(frozen=True)
class Finding:
    """One lint finding: a :class:`~zhice.errors.Problem` with a severity."""

    code: str
    severity: str  # "error" | "warning"
    message: str
    file: str | None = None
    line: int | None = None
    path: str | None = None
    hint: str | None = None

    @classmethod
    def of(cls, p: Problem) -> "Finding":
        return cls(p.code, "warning" if p.code in WARNING_CODES else "error", p.message, p.file, p.line, p.path, p.hint)

    def __str__(self) -> str:
        where = self.file or "-"
        if self.line is not None:
            where += f":{self.line}"
        text = f"{where}: {self.code}: "
        if self.path:
            text += f"{self.path}: "
        return text + Problem(self.code, self.message, hint=self.hint).worded()

    def to_dict(self) -> dict[str, Any]:
        return {k: v for k, v in asdict(self).items() if v is not None}


# ---- satisfiability of sibling comparisons ------------------------------------------------------

# list fields: candidates leaving out one constant each are tried up to this many constants
_ALL_BUT_ONE = 64


def _candidates(spec: FieldSpec | None, leaves: list[Leaf]) -> list[Any]:
    """Values of one field that between them take every truth pattern of ``leaves``.

    The truth of a comparison with a constant is piecewise constant between the constants, so
    the constants, their neighbours and points between them are enough to decide whether some
    value satisfies all the comparisons at once.
    """
    consts: list[Any] = []
    for leaf in leaves:
        if isinstance(leaf.right, Const):
            v = leaf.right.value
            consts.extend(v if isinstance(v, tuple) else [v])
    ftype = spec.type if spec else None
    if ftype == "boolean":
        return [True, False]
    if ftype == "enum" and spec is not None:
        return list(spec.choices)
    if ftype in ("integer", "number", "date"):
        nums = sorted({float(c) for c in consts if isinstance(c, (int, float)) and not isinstance(c, bool)})
        lo = spec.minimum if spec else None
        hi = spec.maximum if spec else None
        cands: set[float] = set()
        if ftype == "number":
            for a, b in zip(nums, nums[1:]):
                cands.add((a + b) / 2)
            for c in nums:
                cands.update({c, c - 1, c + 1})
        else:
            for c in nums:
                f = math.floor(c)
                cands.update({f - 1, f, f + 1, math.ceil(c), math.ceil(c) + 1})
        cands.update(x for x in (lo, hi) if x is not None)
        if not cands:
            cands = {0.0, 1.0}
        out = [c for c in cands if (lo is None or c >= lo) and (hi is None or c <= hi)]
        return [int(c) if ftype != "number" else c for c in out]
    if ftype == "list":
        items = [c for c in consts if isinstance(c, str)]
        cands_l: list[tuple[str, ...]] = [(), tuple(items)]
        for i, c in enumerate(items):
            cands_l.append((c,))
            if len(items) <= _ALL_BUT_ONE:   # n lists of n - 1 items: only for short lists
                cands_l.append(tuple(items[:i] + items[i + 1:]))
        return cands_l
    # free text: the constants, the prefixes extended, and a value equal to none of them
    strs = [c for c in consts if isinstance(c, str)]
    return strs + [s + "\x00" for s in strs] + ["\x00zhice-lint"]


def _satisfiable(spec: FieldSpec | None, leaves: list[Leaf]) -> bool:
    """Can one value of a field make every comparison in ``leaves`` true?"""
    ops = {leaf.op for leaf in leaves}
    if "not_exists" in ops:
        # an absent field makes every other comparison on it unknown, never true
        return ops == {"not_exists"}
    tests = [leaf for leaf in leaves if leaf.op != "exists"]
    if not tests:
        return True
    checks = [_prepared(leaf) for leaf in tests]
    for value in _candidates(spec, tests):
        ok = True
        for test in checks:
            try:
                if not test(value):
                    ok = False
                    break
            except TypeError:
                return True  # incomparable constants: leave it to the compiler
        if ok:
            return True
    return False


_SET_TESTS: dict[str, Any] = {
    "in": lambda a, b: a in b, "not_in": lambda a, b: a not in b,
    "intersects": lambda a, b: not b.isdisjoint(a), "not_intersects": lambda a, b: b.isdisjoint(a),
}


def _prepared(leaf: Leaf) -> Any:
    """``value → bool`` for one comparison with a constant; list constants become sets, so that
    testing every candidate costs time linear in the rulebook (a 20,000-item ``in`` list)."""
    assert isinstance(leaf.right, Const)
    right = leaf.right.value
    if leaf.op in _SET_TESTS and isinstance(right, tuple):
        try:
            items = frozenset(right)
        except TypeError:
            items = None
        if items is not None:
            test = _SET_TESTS[leaf.op]
            return lambda value: test(value, items)
    compare = COMPARE[leaf.op]
    return lambda value: compare(value, right)


def _constant_leaf(leaf: Leaf) -> bool:
    """A one-field comparison with a constant (or exists), which the analysis can reason about."""
    if leaf.ratio or leaf.left == AS_OF or len(leaf.fields) != 1:
        return False
    return leaf.right is None or isinstance(leaf.right, Const)


def _negated(leaf: Leaf) -> Leaf:
    return replace(leaf, op=NEGATED_OP[leaf.op])


def _conflict(children: Iterable[tuple[Node, str]], spec_of: Any, negate_leaves: bool) -> list[str]:
    """Fields whose sibling comparisons (negated for an ``any``) cannot all be true together."""
    by_field: dict[str, list[Leaf]] = {}
    for node, _ in children:
        leaf = node
        flip = negate_leaves
        if isinstance(node, Not) and isinstance(node.child, Leaf):
            leaf, flip = node.child, not flip
        if isinstance(leaf, Leaf) and _constant_leaf(leaf):
            by_field.setdefault(leaf.left, []).append(_negated(leaf) if flip else leaf)
    return [f for f, group in by_field.items() if len(group) > 1 and not _satisfiable(spec_of(f), group)]


def _band_test(node: Node) -> tuple[Any, Leaf] | None:
    """A band condition the shadowing check can reason about: one field (or one ratio) compared
    with a constant → (key, leaf); a ratio is keyed by its two fields and compared in percent."""
    if _is_ratio(node):
        assert isinstance(node, All)
        main = node.children[1]
        assert isinstance(main, Leaf) and main.ratio is not None
        if main.percent is None:
            return None
        return ("ratio", *main.ratio), Leaf("(ratio)", main.op, Const(main.percent), ("(ratio)",))
    if isinstance(node, Leaf) and _constant_leaf(node) and node.right is not None:
        return node.left, node
    return None


def unreachable_bands(bands: Bands, spec_of: Any) -> list[int]:
    """Bands that can never give their points: whenever their condition holds, an earlier band's
    (on the same field) holds too — typically thresholds written in the wrong order."""
    tests = [_band_test(cond) for cond, _ in bands.cases]
    out = []
    for j, test in enumerate(tests):
        if test is None:
            continue
        key, leaf = test
        earlier = [t[1] for t in tests[:j] if t is not None and t[0] == key]
        if not earlier:
            continue
        spec = spec_of(key) if isinstance(key, str) else FieldSpec("(ratio)", "比例", "number", "%")
        values = _candidates(spec, earlier + [leaf])
        assert isinstance(leaf.right, Const)
        try:
            reachable = any(COMPARE[leaf.op](v, leaf.right.value)
                            and not any(COMPARE[e.op](v, e.right.value) for e in earlier if isinstance(e.right, Const))
                            for v in values)
        except TypeError:
            continue
        if not reachable:
            out.append(j)
    return out


def _scores(op: Operand | None, where: str) -> list[tuple[Bands, str]]:
    """Every points table in a computed output, with its rulebook path."""
    if isinstance(op, Bands):
        found = [(op, where)]
        for j, (_, pts) in enumerate(op.cases):
            found += _scores(pts, f"{where}.points.{j}.points")
        return found + _scores(op.default, f"{where}.else")
    if isinstance(op, Agg):
        return [x for i, item in enumerate(op.items) for x in _scores(item, f"{where}.{op.op}.{i}")]
    if isinstance(op, Calc):
        return _scores(op.left, f"{where}.{op.op}.0") + _scores(op.right, f"{where}.{op.op}.1")
    return []


@dataclass
class _Found:
    code: str
    path: str
    message: str
    group: str | None = None        # "all" / "any": sibling comparisons that clash, not one test


def _is_ratio(node: Node) -> bool:
    return (isinstance(node, All) and len(node.children) == 2 and isinstance(node.children[1], Leaf)
            and node.children[1].ratio is not None)


def analyse(node: Node, where: str, spec_of: Any, out: list[_Found]) -> tuple[bool, bool]:
    """(can be true, can be false) for ``node``; findings are recorded where they originate.

    ``where`` is the rulebook path of ``node`` (``criteria.0.when``); compiled trees mirror the
    rulebook's all/any/not structure, so children are at ``where.all.i`` / ``.any.i`` / ``.not``.
    """
    if _is_ratio(node):
        return True, True
    if isinstance(node, Leaf):
        if not _constant_leaf(node):
            return True, True
        spec = spec_of(node.left)
        can_true = _satisfiable(spec, [node])
        can_false = node.op in ("exists", "not_exists") or _satisfiable(spec, [_negated(node)])
        test = f"{node.left} {node.op} {_show(node)}".rstrip()
        if not can_true:
            out.append(_Found("never-met", where, say("never-met", test=test)))
        elif not can_false:
            out.append(_Found("never-fails", where, say("never-fails", test=test)))
        return can_true, can_false
    if isinstance(node, Not):
        t, f = analyse(node.child, f"{where}.not", spec_of, out)
        return f, t
    key = "all" if isinstance(node, All) else "any"
    kids = [(c, f"{where}.{key}.{i}") for i, c in enumerate(node.children)]
    results = [analyse(c, p, spec_of, out) for c, p in kids]
    if isinstance(node, All):
        can_true = all(t for t, _ in results)
        can_false = any(f for _, f in results)
        clash = _conflict(kids, spec_of, negate_leaves=False)
        if clash and can_true:
            can_true = False
            out.append(_Found("never-met", where, say("all-contradicts", fields=", ".join(clash)), "all"))
        return can_true, can_false
    can_true = any(t for t, _ in results)
    can_false = all(f for _, f in results)
    cover = _conflict(kids, spec_of, negate_leaves=True)
    if cover and can_false:
        can_false = False
        out.append(_Found("never-fails", where, say("any-covers", fields=", ".join(cover)), "any"))
    return can_true, can_false


def _show(leaf: Leaf) -> str:
    if leaf.right is None:
        return ""
    assert isinstance(leaf.right, Const)
    v = leaf.right.value
    return repr(list(v)) if isinstance(v, tuple) else repr(v)


# ---- the checks ---------------------------------------------------------------------------------

class _Linter:
    def __init__(self, books: RulebookSet, as_of: dt.date, features: Path | None):
        self.books = books
        self.as_of = as_of
        self.features = features
        self.problems: list[Problem] = list(books.problems)

    def add(self, book: Rulebook, path: str | None, code: str, message: str, hint: str | None = None,
            show_path: bool = True) -> None:
        file = self.books.files.get(book.id)
        self.problems.append(Problem(code, message, display_path(file) if file else book.id,
                                     self.books.line(book.id, path or "id"), path if show_path else None, hint))

    def compile(self) -> dict[str, Any]:
        """Compile element by element at ``as_of`` and at every dated parameter value."""
        dates = {self.as_of}
        for b in self.books.books:
            for p in b.params.values():
                dates.update(v.from_ for v in p.values)
        programs: dict[str, Any] = {}
        compiler: Compiler | None = None
        for day in sorted(dates, key=lambda d: d != self.as_of):
            c = Compiler(self.books, day)
            outputs = c.outputs([b for b in self.books.books if b.outputs])
            if day == self.as_of:
                self._outputs = outputs
            progs = [c.program(b) for b in self.books.books if b.kind != "derivation"]
            if day == self.as_of:
                programs = {p.book.id: p for p in progs}
                compiler = c
                self.problems += c.problems
            else:
                # other dates only add type problems of the values in force then
                self.problems += [p for p in c.problems if p.code not in ("param-not-in-force",)]
        self._derived = dict(compiler.derived) if compiler else {}
        return programs

    def spec_of(self, path: str) -> FieldSpec | None:
        from zhice.profile import FIELDS

        return FIELDS.get(path) or self._derived.get(path)

    def run(self) -> list[Problem]:
        programs = self.compile()
        for book in self.books.books:
            self.book_checks(book)
            prog = programs.get(book.id)
            if prog is None:
                continue
            elements = [(el, f"{el.part}.{self._index(book, el)}.when") for el in prog.scope + prog.criteria]
            if prog.held is not None:
                elements.append((prog.held, "held_when"))
            for el, where in elements:
                found: list[_Found] = []
                analyse(el.node, where, self.spec_of, found)
                label = f"{el.part} '{el.element.id}'" if el.element is not None else "held_when"
                for f in found:
                    hint = say(f"{f.group}.hint" if f.group else "check-thresholds")
                    self.add(book, f.path, f.code, f"{label}: {f.message}", hint)
        self.score_checks()
        self.prerequisite_cycles()
        self.problems += lint_sources.check(self.books, self.as_of)
        return self.problems

    def score_checks(self) -> None:
        """Band conditions of scores: never met / never fails, and bands an earlier band shadows."""
        by_id = self.books.by_id()
        for out in getattr(self, "_outputs", []):
            book = by_id[out.book_id]
            index = next(i for i, o in enumerate(book.outputs) if f"{DERIVED}{o.fact}" == out.fact)
            for bands, where in _scores(out.compute, f"outputs.{index}.compute"):
                for j, (cond, _) in enumerate(bands.cases):
                    found: list[_Found] = []
                    analyse(cond, f"{where}.points.{j}.when", self.spec_of, found)
                    for f in found:
                        self.add(book, f.path, f.code, say("band", fact=out.fact, n=j + 1, message=f.message),
                                 say("check-thresholds"))
                for j in unreachable_bands(bands, self.spec_of):
                    self.add(book, f"{where}.points.{j}.when", "band-unreachable",
                             say("band-unreachable", fact=out.fact, n=j + 1), say("band-unreachable.hint"))

    @staticmethod
    def _index(book: Rulebook, el: Any) -> int:
        items = book.scope if el.part == "scope" else book.criteria
        return next(i for i, e in enumerate(items) if e is el.element)

    def book_checks(self, book: Rulebook) -> None:
        seen: dict[str, int] = {}
        for i, s in enumerate(book.sources):
            if s.id in seen:
                self.add(book, f"sources.{i}.id", "duplicate-id", say("source-twice", id=s.id),
                         say("source-twice.hint", first=seen[s.id]))
            seen.setdefault(s.id, i)
            if s.confidence == "official" and not s.url and not _DOC_NUMBER.search(f"{s.document} {s.doc_number or ''}"):
                self.add(book, f"sources.{i}", "official-no-reference", say("official-no-reference", id=s.id),
                         say("official-no-reference.hint"))
        shared = {e.id for e in book.scope} & {e.id for e in book.criteria}
        for i, e in enumerate(book.criteria):
            if e.id in shared:
                self.add(book, f"criteria.{i}.id", "duplicate-id", say("scope-and-criterion", id=e.id),
                         say("scope-and-criterion.hint"))
        if book.kind != "derivation":
            for part, items in (("scope", book.scope), ("criteria", book.criteria)):
                for i, e in enumerate(items):
                    if e.source is None:
                        self.add(book, f"{part}.{i}", "no-source", say("no-source", part=part, id=e.id), say("no-source.hint"))
        to = book.effective.to
        if to is not None and to < self.as_of and not lint_sources.has_successor(self.books, book):
            self.add(book, "effective.to", "expired", say("expired", to=to.isoformat(), as_of=self.as_of.isoformat()),
                     say("expired.hint"))
        if book.last_reviewed < self.as_of - dt.timedelta(days=365):
            self.add(book, "last_reviewed", "stale-review",
                     say("stale-review", day=book.last_reviewed.isoformat(), as_of=self.as_of.isoformat()),
                     say("stale-review.hint"))
        if book.kind != "derivation" and self.features is not None:
            feature = self.features / book.domain / f"{book.id}.feature"
            if not feature.is_file():
                self.add(book, "id", "no-feature", say("no-feature", file=display_path(feature)), say("no-feature.hint"),
                         show_path=False)
        used_params = _used(book, "param")
        for name in book.params:
            if name not in used_params:
                self.add(book, f"params.{name}", "unused-param", say("unused-param", name=name))

    def prerequisite_cycles(self) -> None:
        by_id = self.books.by_id()
        edges: dict[str, list[tuple[str, int]]] = {}
        for b in self.books.books:
            for i, e in enumerate(b.criteria):
                if e.prerequisite and e.prerequisite in by_id:
                    edges.setdefault(b.id, []).append((e.prerequisite, i))
        reported: set[frozenset[str]] = set()
        state: dict[str, int] = {}

        def visit(node: str, chain: list[str]) -> None:
            state[node] = 1
            for nxt, _ in edges.get(node, []):
                if state.get(nxt) == 1:
                    cycle = chain[chain.index(nxt):] + [nxt] if nxt in chain else [node, nxt]
                    key = frozenset(cycle)
                    if key not in reported:
                        reported.add(key)
                        start = cycle[0]
                        idx = next(i for n, i in edges[start] if n == cycle[1])
                        self.add(by_id[start], f"criteria.{idx}.prerequisite", "prerequisite-cycle",
                                 say("prerequisite-cycle", chain=" → ".join(cycle)), say("prerequisite-cycle.hint"))
                elif state.get(nxt) is None:
                    visit(nxt, chain + [nxt])
            state[node] = 2

        for b in sorted(edges):
            if state.get(b) is None:
                visit(b, [b])


def _used(book: Rulebook, kind: str) -> set[str]:
    names: set[str] = set()

    def walk(x: Any) -> None:
        if isinstance(x, dict):
            if kind in x and isinstance(x[kind], str):
                names.add(x[kind])
            for v in x.values():
                walk(v)
        elif isinstance(x, list):
            for v in x:
                walk(v)

    walk(book.model_dump(by_alias=True, exclude={"params"}))
    return names


def _rank(f: Finding) -> tuple[str, int, str]:
    return (f.file or "", f.line or 0, f.code)


def lint_set(books: RulebookSet, as_of: dt.date | None = None, features: Path | None = None) -> list[Finding]:
    """Lint an already loaded (``strict=False``) rulebook set."""
    problems = _Linter(books, as_of or dt.date.today(), features).run()
    seen: set[tuple[Any, ...]] = set()
    out: list[Finding] = []
    for p in problems:
        key = (p.code, p.file, p.line, p.path, p.message)
        if key not in seen:
            seen.add(key)
            out.append(Finding.of(p))
    return sorted(out, key=_rank)


def _root_of(path: Path) -> Path:
    """The rulebooks directory a single file belongs to (the one holding derivations/)."""
    for parent in path.resolve().parents:
        if (parent / "derivations").is_dir():
            return parent
    return path.resolve().parent


def lint_paths(paths: Iterable[str | Path], as_of: dt.date | None = None,
               features: str | Path | None = None) -> list[Finding]:
    """Lint rulebook directories and/or single rulebook files.

    A single file is linted inside its rulebooks directory (so that derived facts and
    prerequisites resolve) and only its own findings are returned. ``features`` defaults to the
    ``features/`` folder beside each rulebooks directory.
    """
    findings: list[Finding] = []
    groups: dict[Path, set[Path] | None] = {}
    for raw in paths:
        p = Path(raw)
        if p.is_dir():
            groups[p.resolve()] = None
        elif p.is_file():
            root = _root_of(p)
            if groups.get(root, set()) is not None:
                groups.setdefault(root, set()).add(p.resolve())  # type: ignore[union-attr]
        else:
            findings.append(Finding("no-rulebooks", "error", say("no-such-path", path=p), str(p),
                                    hint=say("no-such-path.hint")))
    for root, only in groups.items():
        try:
            books = load_rulebooks(root, strict=False)
        except RulebookError as exc:
            findings += [Finding.of(p) for p in exc.problems]
            continue
        feat = Path(features) if features else root.parent / "features"
        found = lint_set(books, as_of, feat)
        if only is not None:
            wanted = {display_path(f) for f in only}
            found = [f for f in found if f.file in wanted]
        findings += found
    return findings


def summarize(findings: list[Finding]) -> dict[str, Any]:
    errors = sum(1 for f in findings if f.severity == "error")
    return {"ok": errors == 0, "errors": errors, "warnings": len(findings) - errors,
            "findings": [f.to_dict() for f in findings]}
