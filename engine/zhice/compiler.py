"""Compile rulebooks into engine-neutral condition trees, typed against the profile.

Every field reference is resolved here (unknown field → error with "did you mean"), every
comparison is type-checked (a number compared to text is rejected), dated parameters are
chosen for the ``as_of`` date, and derived facts are ordered so that a derivation only reads
facts derived before it. The result, :class:`CompiledSet`, holds condition trees
(``zhice.ir``) that the matchers (``zhice.matchers``) run: through the one interpreter
(``zhice.eval``), or translated to durable-rules rulesets.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Any

from zhice.errors import Problem, RulebookError, did_you_mean
from zhice.ir import (AS_OF, DERIVED, SCORE_OPS, Agg, All, Any_, Bands, Calc, Const, FieldOp, Leaf, Node, Not, Operand,
                      leaves, negate, node_fields, node_sources, source_of, to_nnf)
from zhice.model_data import json_data
from zhice.profile import FIELDS, FieldSpec
from zhice.rulebook import (
    CONFIDENCE_RANK,
    AllOf,
    AnyOf,
    Arith,
    Compare,
    Element,
    FieldRef,
    Max,
    Min,
    NotOf,
    ParamRef,
    Points,
    Rulebook,
    RulebookSet,
    Sum,
    VarRef,
)

__all__ = ["CompiledElement", "CompiledOutput", "CompiledProgram", "CompiledSet", "Compiler", "compile_rulebooks"]

# ---- compiled rulebooks ------------------------------------------------------------------------

@dataclass
class CompiledElement:
    key: str               # "<rulebook>/<part>/<id>", unique in the set
    part: str              # scope | criteria | held
    element: Element | None
    node: Node
    source: dict[str, Any] | None
    confidence: str


@dataclass
class CompiledOutput:
    key: str
    book_id: str
    fact: str               # derived.<fact>
    title: str
    type: str
    unit: str | None
    cases: list[tuple[Any, Node]] | None
    compute: Operand | None
    depends: list[str]      # derived facts it reads
    exclusive: bool = False  # cases never overlap: no first-match ordering needed
    ranged: bool = False     # compute holds a score: the value is a (lowest, highest) range (zhice.scoring)


@dataclass
class CompiledProgram:
    book: Rulebook
    active: bool                   # effective on as_of
    scope: list[CompiledElement]
    criteria: list[CompiledElement]
    held: CompiledElement | None
    confidence: str
    params: dict[str, Any]


@dataclass
class CompiledSet:
    as_of: dt.date
    digest: str
    programs: list[CompiledProgram]
    outputs: list[CompiledOutput]     # in dependency order
    derived_types: dict[str, FieldSpec]
    rulebooks: RulebookSet
    prefix_lengths: dict[str, set[int]] = field(default_factory=dict)

    def elements(self) -> Iterator[CompiledElement]:
        for p in self.programs:
            if not p.active:
                continue
            yield from p.scope
            if p.held is not None:
                yield p.held
            yield from p.criteria

    def field_spec(self, path: str) -> FieldSpec | None:
        if path in FIELDS:
            return FIELDS[path]
        return self.derived_types.get(path)


# ---- the compiler ------------------------------------------------------------------------------

class Compiler:
    """Compiles rulebooks for one date, collecting problems (``zhice lint`` compiles element by element)."""

    def __init__(self, books: RulebookSet, as_of: dt.date):
        books.use_catalogue()     # typed against the field catalogue of these rulebooks
        self.books = books
        self.as_of = as_of
        self.problems: list[Problem] = []
        self.derived: dict[str, FieldSpec] = {}
        self.derived_by: dict[str, str] = {}
        self.prefix_lengths: dict[str, set[int]] = {}
        self.ranged: set[str] = set()  # derived facts computed as scores
        self.active = True  # whether the program being compiled is in force on as_of

    # -- problem helpers
    def problem(self, book: Rulebook, path: str, code: str, message: str, hint: str | None = None) -> None:
        file = str(self.books.files.get(book.id, book.id))
        from zhice.rulebook import display_path

        self.problems.append(Problem(code, message, display_path(self.books.files[book.id]) if book.id in self.books.files else file,
                                     self.books.line(book.id, path), path, hint))

    def spec(self, book: Rulebook, path: str, where: str) -> FieldSpec | None:
        if path == AS_OF:
            return FieldSpec(AS_OF, "评估日期", "date")
        if path in FIELDS:
            return FIELDS[path]
        if path in self.derived:
            return self.derived[path]
        pool = list(FIELDS) + list(self.derived)
        hint = did_you_mean(path, pool)
        if path.startswith(DERIVED):
            hint = hint or f"derived facts: {', '.join(self.derived) or '(none loaded)'}"
        self.problem(book, where, "unknown-field", f"unknown field '{path}'", hint or "see `zhice schema profile` for the field list")
        return None

    # -- values
    def const(self, book: Rulebook, value: Any, spec: FieldSpec, op: str, where: str) -> Const | None:
        if isinstance(value, ParamRef):
            param = book.params.get(value.param)
            if param is None:
                self.problem(book, where, "unknown-param", f"unknown parameter '{value.param}'",
                             did_you_mean(value.param, book.params) or f"parameters: {', '.join(book.params) or '(none)'}")
                return None
            chosen = param.at(self.as_of)
            if chosen is None and not book.effective.contains(self.as_of):
                # the program is not in force on as_of, so it is never evaluated: type-check its first value
                chosen = min(param.values, key=lambda v: v.from_)
            if chosen is None:
                self.problem(book, where, "param-not-in-force",
                             f"parameter '{value.param}' has no value in force on {self.as_of.isoformat()}",
                             f"its first value starts {min(v.from_ for v in param.values).isoformat()}")
                return None
            value = chosen.value
        if op in ("in", "not_in"):
            if not isinstance(value, list) or not value:
                self.problem(book, where, "type-mismatch", f"'{op}' needs a non-empty list of values, found {value!r}")
                return None
            items = [self.const(book, v, spec, "eq", where) for v in value]
            if any(i is None for i in items):
                return None
            return Const(tuple(i.value for i in items if i is not None))
        if op == "startswith":
            vals = value if isinstance(value, list) else [value]
            if spec.type != "string" or not all(isinstance(v, str) and v for v in vals):
                self.problem(book, where, "type-mismatch", f"'startswith' compares text fields with text prefixes; "
                             f"{spec.path} is {spec.type}, value {value!r}")
                return None
            for v in vals:
                self.prefix_lengths.setdefault(spec.path, set()).add(len(v))
            return Const(tuple(vals))
        if op == "contains":
            if spec.type != "list" or not isinstance(value, str):
                self.problem(book, where, "type-mismatch", f"'contains' needs a list field and a text value; "
                             f"{spec.path} is {spec.type}, value {value!r}")
                return None
            return Const(value.upper())
        if op == "intersects":
            if spec.type != "list" or not isinstance(value, list) or not value \
                    or not all(isinstance(v, str) and v for v in value):
                self.problem(book, where, "type-mismatch", f"'intersects' needs a list field and a non-empty list of "
                             f"text values; {spec.path} is {spec.type}, value {value!r}")
                return None
            return Const(tuple(dict.fromkeys(v.upper() for v in value)))
        return self.typed(book, value, spec, where)

    def typed(self, book: Rulebook, value: Any, spec: FieldSpec, where: str) -> Const | None:
        def bad(expected: str) -> None:
            self.problem(book, where, "type-mismatch",
                         f"{spec.path} ({spec.title}) is {expected}, but the rule compares it with {value!r} ({type(value).__name__})",
                         f"write {expected} here")
        if spec.numeric:
            if isinstance(value, bool) or not isinstance(value, (int, float)):
                return bad("a number")
            return Const(value)
        if spec.type == "boolean":
            if not isinstance(value, bool):
                return bad("true or false")
            return Const(value)
        if spec.type == "date":
            if isinstance(value, str):
                try:
                    value = dt.date.fromisoformat(value)
                except ValueError:
                    return bad("a date (YYYY-MM-DD)")
            if not isinstance(value, dt.date):
                return bad("a date (YYYY-MM-DD)")
            return Const(value.toordinal())
        if spec.type == "enum":
            if not isinstance(value, str) or value not in spec.choices:
                self.problem(book, where, "type-mismatch", f"{spec.path} takes one of {', '.join(spec.choices)}; found {value!r}",
                             did_you_mean(str(value), spec.choices))
                return None
            return Const(value)
        if spec.type == "list":
            self.problem(book, where, "type-mismatch", f"{spec.path} is a list; compare it with 'contains' or 'exists'")
            return None
        if not isinstance(value, str):
            return bad("text")
        return Const(value)

    def operand(self, book: Rulebook, expr: Any, spec: FieldSpec, where: str, fields: list[str]) -> Operand | None:
        """A right-hand side that may read other fields (numeric/date comparisons only)."""
        if isinstance(expr, FieldRef) or isinstance(expr, VarRef):
            path = expr.field if isinstance(expr, FieldRef) else AS_OF
            other = self.spec(book, path, where)
            if other is None:
                return None
            if not (other.numeric and spec.numeric) and not (other.type == "date" and spec.type in ("date", "number", "integer")):
                if other.type != spec.type:
                    self.problem(book, where, "type-mismatch",
                                 f"cannot compare {spec.path} ({spec.type}) with {path} ({other.type})")
                    return None
            fields.append(path)
            return FieldOp(path)
        if isinstance(expr, Arith):
            a, b = expr.args
            num = FieldSpec("(arith)", "(arith)", "number")
            left = self.operand(book, a, num if not isinstance(a, (FieldRef, VarRef)) else self._loose(book, a, where), f"{where}.{expr.op}.0", fields)
            right = self.operand(book, b, num if not isinstance(b, (FieldRef, VarRef)) else self._loose(book, b, where), f"{where}.{expr.op}.1", fields)
            if left is None or right is None:
                return None
            if expr.op == "div" and not (isinstance(right, Const) and isinstance(right.value, (int, float)) and right.value != 0):
                self.problem(book, f"{where}.div.1", "bad-divisor",
                             "'div' divides by a non-zero number only",
                             "to compare a share of two fields, use ratio: [numerator, denominator]")
                return None
            if not spec.numeric and spec.type != "date":
                self.problem(book, where, "type-mismatch", f"arithmetic gives a number; {spec.path} is {spec.type}")
                return None
            return Calc(expr.op, left, right)
        if isinstance(expr, (Points, Sum, Max, Min)):
            if not spec.numeric:
                self.problem(book, where, "type-mismatch", f"a score is a number; {spec.path} ({spec.title}) is {spec.type}")
                return None
            return self.score(book, expr, where, fields)
        if isinstance(expr, ParamRef):
            return self.const(book, expr, spec if spec.path != "(arith)" else FieldSpec("(arith)", "(arith)", "number"), "eq", where)
        return self.typed(book, expr, spec, where)

    def score(self, book: Rulebook, expr: Any, where: str, fields: list[str]) -> Operand | None:
        """Banded points / sum / max / min: every item a number, a numeric field or a score."""
        if isinstance(expr, Points):
            cases: list[tuple[Node, Operand]] = []
            ok = True
            for j, band in enumerate(expr.points):
                node = self.condition(book, band.when, f"{where}.points.{j}.when")
                pts = self.points(book, band.points, f"{where}.points.{j}.points", fields)
                if node is None or pts is None:
                    ok = False
                    continue
                fields += [f for leaf in leaves(node) for f in leaf.fields]
                cases.append((node, pts))
            default = self.points(book, 0 if expr.else_ is None else expr.else_, f"{where}.else", fields)
            if not ok or default is None:
                return None
            return Bands(tuple(cases), default)
        op = "sum" if isinstance(expr, Sum) else "max" if isinstance(expr, Max) else "min"
        items = [self.points(book, x, f"{where}.{op}.{i}", fields) for i, x in enumerate(getattr(expr, op))]
        if any(i is None for i in items):
            return None
        return Agg(op, tuple(i for i in items if i is not None))

    def points(self, book: Rulebook, expr: Any, where: str, fields: list[str]) -> Operand | None:
        """One item of a score: a number, {param}, a numeric field, arithmetic or another score."""
        num = FieldSpec("(score)", "分值", "number")
        if isinstance(expr, (FieldRef, VarRef)):
            path = expr.field if isinstance(expr, FieldRef) else AS_OF
            spec = self.spec(book, path, where)
            if spec is None:
                return None
            if not spec.numeric:
                self.problem(book, where, "type-mismatch", f"a score adds numbers; {path} ({spec.title}) is {spec.type}",
                             "compare it in a band's when: and give the band its points")
                return None
            fields.append(path)
            return FieldOp(path)
        if isinstance(expr, (Points, Sum, Max, Min, Arith)):
            return self.operand(book, expr, num, where, fields)
        if isinstance(expr, ParamRef) or (isinstance(expr, (int, float)) and not isinstance(expr, bool)):
            return self.const(book, expr, num, "eq", where)
        if isinstance(expr, list) and len(expr) == 2 and all(isinstance(x, (int, float)) and not isinstance(x, bool)
                                                             for x in expr) and expr[0] <= expr[1]:
            # [low, high]: points awarded within a range by the assessors (e.g. 7–8)
            return Agg("range", (Const(expr[0]), Const(expr[1])))
        self.problem(book, where, "type-mismatch", f"points are a number, [low, high], {{param: …}}, a numeric field or a score; "
                     f"found {expr!r}", "write a number here")
        return None

    def _loose(self, book: Rulebook, ref: Any, where: str) -> FieldSpec:
        path = ref.field if isinstance(ref, FieldRef) else AS_OF
        spec = self.spec(book, path, where)
        if spec is None:
            return FieldSpec("(arith)", "(arith)", "number")
        if not spec.numeric and spec.type != "date":
            self.problem(book, where, "type-mismatch", f"arithmetic needs numbers or dates; {path} is {spec.type}")
        return FieldSpec("(arith)", "(arith)", "number")

    # -- conditions
    def condition(self, book: Rulebook, cond: Any, where: str) -> Node | None:
        if isinstance(cond, AllOf):
            kids = [self.condition(book, c, f"{where}.all.{i}") for i, c in enumerate(cond.all)]
            return None if any(k is None for k in kids) else All(tuple(k for k in kids if k is not None))
        if isinstance(cond, AnyOf):
            kids = [self.condition(book, c, f"{where}.any.{i}") for i, c in enumerate(cond.any)]
            return None if any(k is None for k in kids) else Any_(tuple(k for k in kids if k is not None))
        if isinstance(cond, NotOf):
            kid = self.condition(book, cond.not_, f"{where}.not")
            return None if kid is None else Not(kid)
        assert isinstance(cond, Compare)
        return self.compare(book, cond, where)

    def compare(self, book: Rulebook, cmp: Compare, where: str) -> Node | None:
        if cmp.ratio is not None:
            num, den = cmp.ratio
            s1 = self.spec(book, num, f"{where}.ratio")
            s2 = self.spec(book, den, f"{where}.ratio")
            if s1 is None or s2 is None:
                return None
            if not (s1.numeric and s2.numeric):
                self.problem(book, f"{where}.ratio", "type-mismatch", f"a ratio needs two numeric fields; got {num} ({s1.type}) and {den} ({s2.type})")
                return None
            if num in self.ranged or den in self.ranged:
                self.problem(book, f"{where}.ratio", "type-mismatch", "a score cannot be part of a ratio",
                             "compare the score itself with gte/lte …")
                return None
            if cmp.op not in ("gt", "gte", "lt", "lte"):
                self.problem(book, f"{where}.op", "type-mismatch", f"a ratio is compared with gt/gte/lt/lte, not '{cmp.op}'")
                return None
            pct = self.const(book, cmp.value, FieldSpec("(percent)", "占比", "number", "%"), "eq", f"{where}.value")
            if pct is None:
                return None
            if source_of(num) != source_of(den):
                self.problem(book, where, "mixed-sources", "a ratio's two fields must both be profile fields")
                return None
            right = Calc("mul", FieldOp(den), Const(pct.value / 100))
            positive = Leaf(den, "gt", Const(0), (den,))
            main = Leaf(num, cmp.op, right, (num, den), ratio=(num, den), percent=pct.value)
            return All((positive, main))
        assert cmp.field is not None
        spec = self.spec(book, cmp.field, f"{where}.field")
        if spec is None:
            return None
        ranged = cmp.field in self.ranged
        if ranged and cmp.op not in SCORE_OPS:
            self.problem(book, f"{where}.op", "type-mismatch",
                         f"{cmp.field} is a score (a number, or a range of totals while data is missing); "
                         f"compare it with {'/'.join(SCORE_OPS)} and a number, not '{cmp.op}'")
            return None
        if cmp.op == "exists":
            return Leaf(cmp.field, "exists" if cmp.value is not False else "not_exists", None, (cmp.field,))
        if cmp.op in ("gt", "gte", "lt", "lte") and not (spec.numeric or spec.type == "date"):
            self.problem(book, f"{where}.op", "type-mismatch",
                         f"'{cmp.op}' needs a number or a date; {cmp.field} ({spec.title}) is {spec.type}",
                         "use eq / ne / in for text, true/false and choices")
            return None
        if cmp.op in ("contains", "intersects") and spec.type != "list":
            self.problem(book, f"{where}.op", "type-mismatch", f"'{cmp.op}' needs a list field; {cmp.field} is {spec.type}",
                         "use eq or in")
            return None
        fields = [cmp.field]
        if cmp.op in ("eq", "ne", "gt", "gte", "lt", "lte"):
            right = self.operand(book, cmp.value, spec, f"{where}.value", fields)
        else:
            right = self.const(book, cmp.value, spec, cmp.op, f"{where}.value")
        if right is None:
            return None
        if ranged and not isinstance(right, Const):
            self.problem(book, f"{where}.value", "type-mismatch", f"{cmp.field} is a score: compare it with a number or {{param: …}}",
                         "a score is compared with a constant threshold")
            return None
        srcs = {source_of(f) for f in fields if f != AS_OF}
        if len(srcs) > 1:
            self.problem(book, where, "mixed-sources",
                         "a comparison may read profile fields or one derived fact, not both",
                         "compare the derived fact with a constant in its own branch")
            return None
        return Leaf(cmp.field, cmp.op, right, tuple(fields), ranged=ranged)

    def element(self, book: Rulebook, part: str, index: int, el: Element) -> CompiledElement | None:
        where = f"{part}.{index}"
        node = self.condition(book, el.when, f"{where}.when")
        src = None
        confidence = _weakest(book)
        if el.source is not None:
            s = book.source(el.source)
            if s is None:
                self.problem(book, f"{where}.source", "unknown-source", f"source '{el.source}' is not in this rulebook's sources",
                             did_you_mean(el.source, [s.id for s in book.sources]) or f"sources: {', '.join(s.id for s in book.sources)}")
            else:
                src = json_data(s, exclude_none=True)
                confidence = s.confidence
        if el.prerequisite is not None and el.prerequisite not in self.books.by_id():
            self.problem(book, f"{where}.prerequisite", "unknown-program", f"prerequisite '{el.prerequisite}' is not a rulebook",
                         did_you_mean(el.prerequisite, self.books.by_id()))
        if node is None:
            return None
        self._check_sources(book, node, where)
        return CompiledElement(f"{book.id}/{part}/{el.id}", part, el, node, src, confidence)

    def _check_sources(self, book: Rulebook, node: Node, where: str) -> None:
        """Both matchers need each top-level branch to read one fact (profile or one derived fact)."""
        nnf = to_nnf(node)
        for tree in (nnf, negate(node)):
            if len(node_sources(tree)) <= 1:
                continue
            kids = tree.children if isinstance(tree, (All, Any_)) else (tree,)
            if any(len(node_sources(k)) > 1 for k in kids):
                self.problem(book, f"{where}.when", "mixed-sources",
                             "this condition mixes a derived fact with profile fields below the top level",
                             "put each derived fact in its own branch of the top-level all/any")
                return

    # -- derivations
    def outputs(self, books: list[Rulebook]) -> list[CompiledOutput]:
        # declare every output first so derivations may read each other
        declared: list[tuple[Rulebook, int, Any]] = []
        for book in books:
            for i, out in enumerate(book.outputs):
                path = DERIVED + out.fact
                if path in self.derived:
                    self.problem(book, f"outputs.{i}.fact", "duplicate-fact",
                                 f"derived fact '{out.fact}' is also produced by {self.derived_by[path]}")
                    continue
                ftype = {"enum": "enum", "number": "number", "integer": "integer", "boolean": "boolean", "string": "string"}[out.type]
                self.derived[path] = FieldSpec(path, out.title, ftype, out.unit, tuple(out.values or ()))  # type: ignore[arg-type]
                self.derived_by[path] = book.id
                if out.compute is not None and _is_score(out.compute):
                    self.ranged.add(path)
                declared.append((book, i, out))
        compiled: dict[str, CompiledOutput] = {}
        for book, i, out in declared:
            path = DERIVED + out.fact
            spec = self.derived[path]
            where = f"outputs.{i}"
            cases = None
            compute = None
            deps: list[str] = []
            if out.cases is not None:
                cases = []
                for j, case in enumerate(out.cases):
                    v = self.typed(book, case.value, spec, f"{where}.cases.{j}.value")
                    node = self.condition(book, case.when, f"{where}.cases.{j}.when")
                    if v is None or node is None:
                        continue
                    if len(node_sources(node)) > 1:
                        self.problem(book, f"{where}.cases.{j}.when", "mixed-sources",
                                     "a case condition reads profile fields or one derived fact, not both",
                                     "derive an intermediate fact first")
                    cases.append((case.value, node))
                    deps += [f for f in node_fields(node) if f.startswith(DERIVED)]
            else:
                fields: list[str] = []
                compute = self.operand(book, out.compute, FieldSpec("(arith)", "(arith)", "number"), f"{where}.compute", fields)
                if compute is not None and not spec.numeric:
                    self.problem(book, f"{where}.type", "type-mismatch", "a computed output must be a number or integer")
                deps = [f for f in fields if f.startswith(DERIVED)]
                # a score may read any facts (it is computed from a join of them, zhice.scoring);
                # plain arithmetic reads profile fields or one derived fact
                if compute is not None and path not in self.ranged and len({source_of(f) for f in fields if f != AS_OF}) > 1:
                    self.problem(book, f"{where}.compute", "mixed-sources", "a computed output reads profile fields or one derived fact",
                                 "a score (points / sum / max / min) may read several")
            compiled[path] = CompiledOutput(f"{book.id}/outputs/{out.fact}", book.id, path, out.title, out.type, out.unit,
                                            cases, compute, sorted(set(deps)), out.match == "exclusive", path in self.ranged)
        # topological order
        order: list[CompiledOutput] = []
        state: dict[str, int] = {}

        def visit(path: str, chain: list[str]) -> None:
            if state.get(path) == 2:
                return
            if state.get(path) == 1:
                book = self.books.by_id()[self.derived_by[path]]
                self.problem(book, "outputs", "derivation-cycle", "derived facts depend on each other in a cycle: " + " → ".join(chain + [path]))
                return
            state[path] = 1
            for d in compiled[path].depends:
                if d in compiled:
                    visit(d, chain + [path])
            state[path] = 2
            order.append(compiled[path])

        for path in compiled:
            visit(path, [])
        return order

    def program(self, book: Rulebook) -> CompiledProgram:
        active = book.effective.contains(self.as_of)
        self.active = active
        # dated versions of scope conditions and criteria: only those in force on as_of (indexes stay the file's)
        scope = [self.element(book, "scope", i, el) for i, el in enumerate(book.scope) if el.in_force_on(self.as_of)]
        criteria = [self.element(book, "criteria", i, el) for i, el in enumerate(book.criteria) if el.in_force_on(self.as_of)]
        held = None
        if book.held_when is not None:
            node = self.condition(book, book.held_when, "held_when")
            if node is not None:
                self._check_sources(book, node, "held_when")
                held = CompiledElement(f"{book.id}/held/held", "held", None, node, None, "official")
        for part, items in (("scope", book.scope), ("criteria", book.criteria)):
            ids = [e.id if e.in_force_on(self.as_of) else None for e in items]
            for i, eid in enumerate(ids):
                if eid is not None and eid in ids[:i]:
                    self.problem(book, f"{part}.{i}.id", "duplicate-id", f"{part} id '{eid}' is used twice in this rulebook")
        params = {}
        for name, p in book.params.items():
            v = p.at(self.as_of)
            params[name] = v.value if v else None
        return CompiledProgram(book.in_force_on(self.as_of), active, [e for e in scope if e], [e for e in criteria if e], held,
                               _weakest(book, [e for e in criteria if e] + [e for e in scope if e]), params)


def _is_score(expr: Any) -> bool:
    """Whether a rulebook expression holds banded points or a sum / max / min."""
    if isinstance(expr, (Points, Sum, Max, Min)):
        return True
    if isinstance(expr, Arith):
        return any(_is_score(a) for a in expr.args)
    return False


def _weakest(book: Rulebook, elements: list[CompiledElement] | None = None) -> str:
    if elements:
        used = {e.confidence for e in elements}
    else:
        used = {s.confidence for s in book.sources}
    return min(used, key=lambda c: CONFIDENCE_RANK[c]) if used else "inferred"


def compile_rulebooks(books: RulebookSet, as_of: dt.date) -> CompiledSet:
    """Compile a loaded :class:`RulebookSet` for one evaluation date. Raises RulebookError."""
    c = Compiler(books, as_of)
    outputs = c.outputs([b for b in books.books if b.outputs])
    programs = [c.program(b) for b in books.books if b.kind != "derivation"]
    if c.problems:
        raise RulebookError(c.problems)
    return CompiledSet(as_of, books.set_digest, programs, outputs, dict(c.derived), books, c.prefix_lengths)
