"""Rulebooks: the declarative, cited form of one policy measure (or one shared derivation).

Loading validates each file against the pydantic models below; when a file is invalid, the JSON
Schema generated from the same models (``zhice schema rulebook``; the two cannot drift) reports
each problem at its YAML line. Every problem of a file is collected before raising. The compiler
(``zhice.compiler``) then resolves every field reference against the typed profile context.
Nothing in a rulebook is ever eval'd: conditions are data interpreted by the matchers.
"""

# no ``from __future__ import annotations``: pydantic would evaluate every model field's annotation
# from its text on import (~5 ms of a cold checkup); the forward references are quoted
import datetime as dt
import hashlib
from collections.abc import Iterable
from functools import lru_cache
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any, Literal, Union

from pydantic import BaseModel, ConfigDict, Field, ValidationError, model_validator

import zhice.limits as limits
from zhice.errors import Problem, RulebookError
from zhice.profile import Catalogue, catalogue_for, use_catalogue
from zhice.profile.catalogue import CATALOGUE_FILE
from zhice.yamlio import Loaded, load_file, read_bounded

if TYPE_CHECKING:
    import jsonschema       # imported where a file is checked (a cached load needs none: zhice.rulebook_cache)

__all__ = [
    "Condition",
    "Element",
    "Rulebook",
    "RulebookSet",
    "Source",
    "display_path",
    "load_rulebook",
    "load_rulebooks",
    "rulebook_json_schema",
]

Op = Literal["eq", "ne", "gt", "gte", "lt", "lte", "in", "not_in", "exists", "contains", "intersects", "startswith"]
Confidence = Literal["official", "secondary", "inferred"]
CONFIDENCE_RANK = {"official": 2, "secondary": 1, "inferred": 0}
Id = Annotated[str, Field(pattern=r"^[a-z][a-z0-9_]*$", description="lower_snake_case identifier")]


class _M(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True, populate_by_name=True,
                              defer_build=True)  # validators built when a file is first checked (a cached load checks none)


# ---- values and expressions ------------------------------------------------------------------

Scalar = Union[bool, int, float, str, dt.date]


class FieldRef(_M):
    field: str = Field(description="dotted profile path (ip.invention_patents) or derived.<fact>")


class ParamRef(_M):
    param: str = Field(description="name of a dated parameter in this rulebook's params")


class VarRef(_M):
    var: Literal["as_of"] = Field(description="a built-in value: as_of, the evaluation date")


class Arith(_M):
    add: list["Expr"] | None = Field(None, min_length=2, max_length=2)
    sub: list["Expr"] | None = Field(None, min_length=2, max_length=2)
    mul: list["Expr"] | None = Field(None, min_length=2, max_length=2)
    div: list["Expr"] | None = Field(None, min_length=2, max_length=2)

    @model_validator(mode="after")
    def _one(self) -> "Arith":
        given = [k for k in ("add", "sub", "mul", "div") if getattr(self, k) is not None]
        if len(given) != 1:
            raise ValueError("an arithmetic expression needs exactly one of add, sub, mul, div")
        return self

    @property
    def op(self) -> str:
        return next(k for k in ("add", "sub", "mul", "div") if getattr(self, k) is not None)

    @property
    def args(self) -> list["Expr"]:
        return getattr(self, self.op)


class Band(_M):
    """One band of a points table: when ``when`` holds, the band gives ``points``."""

    when: "Condition"
    points: "Expr" = Field(description="the band's points: a number, [low, high] (awarded within that range by the "
                                       "assessors), {param: …}, a numeric field or expression")


class Points(_M):
    """Banded points: the first band whose condition holds gives its points; when none holds, ``else``
    (default 0). An unknown band condition leaves its points possible (the score becomes a range)."""

    points: list[Band] = Field(min_length=1, description="bands in order, best first")
    else_: "Expr | None" = Field(None, alias="else", description="points when no band holds (default 0)")


class Sum(_M):
    """The total of the items (scores, numbers, numeric fields)."""

    sum: list["Expr"] = Field(min_length=1)


class Max(_M):
    """The largest item: the better of several measures."""

    max: list["Expr"] = Field(min_length=2)


class Min(_M):
    """The smallest item: e.g. a cap, min: [5, …]."""

    min: list["Expr"] = Field(min_length=2)


Score = Union[Points, Sum, Max, Min]
Expr = Union[bool, int, float, str, dt.date, list[Scalar], FieldRef, ParamRef, VarRef, Arith, Points, Sum, Max, Min]


# ---- conditions ------------------------------------------------------------------------------

class Compare(_M):
    """A leaf: ``field op value``, or ``ratio`` (percent of numerator over denominator) ``op value``."""

    field: str | None = Field(None, description="dotted profile path or derived.<fact>")
    ratio: list[str] | None = Field(None, min_length=2, max_length=2,
                                    description="[numerator, denominator] fields; compared in percent")
    op: Op
    value: Expr | None = None

    @model_validator(mode="after")
    def _shape(self) -> "Compare":
        if (self.field is None) == (self.ratio is None):
            raise ValueError("a comparison needs exactly one of 'field' or 'ratio'")
        if self.op == "exists":
            if self.value is not None and not isinstance(self.value, bool):
                raise ValueError("'exists' takes no value, or true/false")
        elif self.value is None:
            raise ValueError(f"operator '{self.op}' needs a 'value'")
        return self


class AllOf(_M):
    all: list["Condition"] = Field(min_length=1)


class AnyOf(_M):
    any: list["Condition"] = Field(min_length=1)


class NotOf(_M):
    not_: "Condition" = Field(alias="not")


Condition = Union[Compare, AllOf, AnyOf, NotOf]   # the forward references resolve when a model is first built


# ---- rulebook parts --------------------------------------------------------------------------

class Title(_M):
    zh: str = Field(min_length=1)
    en: str = Field(min_length=1)


class Source(_M):
    """A document a rulebook relies on, cited as its issuer titles it.

    ``url`` is the issuer's own page (a government, standards-body, court or intergovernmental
    domain; ``rulebooks/_meta/domains.yaml`` lists them); a repost the text was read on goes in
    ``read_at``. ``in_force`` / ``in_force_until`` bound the days the document applies: on other
    days a report does not cite it (unless an element in force then still does).
    """

    id: Id
    document: str = Field(min_length=1, description="the document's full title as issued (with 文号 if it has one)")
    doc_number: str | None = Field(None, description="文号 or standard number, e.g. 工信部企业〔2022〕63号, GB/T 29490-2023")
    issuer: str | None = Field(None, description="issuing body (发文机关)")
    issued: dt.date | None = Field(None, description="date of issue (印发/发布日期)")
    in_force: dt.date | None = Field(None, description="date in force (施行日期)")
    in_force_until: dt.date | None = Field(None, description="last day in force (superseded or repealed after it)")
    section: str | None = None
    url: str | None = Field(None, description="the issuer's own page for this document, only where known")
    read_at: list[str] = Field(default_factory=list, description="reposts or reports the text was read on (never in url)")
    published: dt.date | None = Field(None, description="date published (when it differs from issued)")
    confidence: Confidence
    note: str | None = None

    def in_force_on(self, day: dt.date) -> bool:
        return (self.in_force is None or self.in_force <= day) and (self.in_force_until is None or day <= self.in_force_until)


class PlanRef(_M):
    plan: str = Field(min_length=1)
    section: str = Field(min_length=1, description="e.g. 专栏1, 第三部分（一）")


class Effective(_M):
    from_: dt.date | None = Field(None, alias="from")
    to: dt.date | None = None
    successor: Id | None = Field(None, description="id of the rulebook that replaces this one after 'to'")

    def contains(self, day: dt.date) -> bool:
        return (self.from_ is None or self.from_ <= day) and (self.to is None or day <= self.to)


class DatedValue(_M):
    from_: dt.date = Field(alias="from")
    value: Union[Scalar, list[Scalar]] = Field(description="a value, or a list of values (for in / not_in / intersects)")
    source: str | None = None


class Param(_M):
    title: str | None = None
    unit: str | None = None
    values: list[DatedValue] = Field(min_length=1)

    def at(self, day: dt.date) -> DatedValue | None:
        chosen = None
        for v in sorted(self.values, key=lambda v: v.from_):
            if v.from_ <= day:
                chosen = v
        return chosen


class Step(_M):
    id: str | None = None
    text: str = Field(min_length=1)


StepLike = Union[str, Step]


class Element(_M):
    """A scope condition or a criterion: an id, a title, a condition and its citation."""

    id: Id
    title: str = Field(min_length=1)
    when: Condition
    source: str | None = Field(None, description="id of an entry in this rulebook's sources")
    expected: str | None = Field(None, description="what is required, in words (generated if absent)")
    gap: str | None = Field(None, description="gap message; may use {actual} {required} {shortfall} {unit}")
    next_steps: list[StepLike] = Field(default_factory=list)
    weight: float = Field(1, gt=0, description="checklist weight")
    prerequisite: str | None = Field(None, description="program id this criterion stands for")
    effective: Effective | None = Field(None, description="dated criterion: the days this version applies "
                                                            "(a revised measure keeps both versions)")

    def in_force_on(self, day: dt.date) -> bool:
        return self.effective is None or self.effective.contains(day)


class Case(_M):
    value: Scalar
    when: Condition


class Output(_M):
    fact: Id
    title: str
    type: Literal["enum", "number", "integer", "boolean", "string"]
    unit: str | None = None
    values: list[str] | None = None
    cases: list[Case] | None = None
    match: Literal["first", "exclusive"] = Field(
        "first", description="first: the first case that holds wins (an undecided earlier case leaves the value "
                             "unknown); exclusive: the cases never overlap and the one that holds wins")
    compute: Expr | None = None
    source: str | None = None

    @model_validator(mode="after")
    def _one(self) -> "Output":
        if (self.cases is None) == (self.compute is None):
            raise ValueError("an output needs exactly one of 'cases' or 'compute'")
        if self.type == "enum" and not self.values:
            raise ValueError("an enum output needs its 'values'")
        return self


class Grade(_M):
    min: float = Field(ge=0, le=100)
    label: str


class Rulebook(_M):
    """One rulebook file."""

    schema_: Literal[1] = Field(1, alias="schema_version")
    id: Id
    kind: Literal["program", "checklist", "derivation"]
    domain: str = Field(min_length=1)
    title: Title
    authority: str = Field(min_length=1)
    summary: str | None = None
    plan: list[PlanRef] = Field(default_factory=list)
    sources: list[Source] = Field(min_length=1)
    effective: Effective = Field(default_factory=Effective)
    last_reviewed: dt.date
    reviewed_against: str | None = Field(None, description="what last_reviewed checked this file against")
    params: dict[Id, Param] = Field(default_factory=dict)
    held_when: Condition | None = Field(None, description="the enterprise already holds this title")
    scope: list[Element] = Field(default_factory=list)
    criteria: list[Element] = Field(default_factory=list)
    outputs: list[Output] = Field(default_factory=list, description="derived facts (a program's own scores, or a "
                                                                    "derivation's shared facts), read as derived.<fact>")
    pass_score: float | None = Field(None, ge=0, le=100, description="checklist: score needed")
    grades: list[Grade] = Field(default_factory=list)
    how_to_apply: list[StepLike] = Field(default_factory=list)
    tags: list[str] = Field(default_factory=list)

    @model_validator(mode="after")
    def _kind(self) -> "Rulebook":
        if self.kind == "derivation":
            if not self.outputs:
                raise ValueError("a derivation needs 'outputs'")
            if self.criteria or self.scope or self.held_when is not None:
                raise ValueError("a derivation has outputs only, no scope, criteria or held_when")
        elif not self.criteria:
            raise ValueError(f"a {self.kind} needs at least one criterion")
        if self.kind == "checklist" and self.pass_score is None:
            raise ValueError("a checklist needs 'pass_score'")
        return self

    def in_force_on(self, day: dt.date) -> "Rulebook":
        """This rulebook as it reads on ``day``: dated scope conditions and criteria not in force
        then are left out, and so are sources not in force then that nothing left cites."""
        scope = [e for e in self.scope if e.in_force_on(day)]
        criteria = [e for e in self.criteria if e.in_force_on(day)]
        cited = {e.source for e in scope + criteria}
        sources = [s for s in self.sources if s.in_force_on(day) or s.id in cited]
        if len(scope) == len(self.scope) and len(criteria) == len(self.criteria) and len(sources) == len(self.sources):
            return self
        return self.model_copy(update={"scope": scope, "criteria": criteria, "sources": sources or self.sources})

    def source(self, sid: str | None) -> Source | None:
        for s in self.sources:
            if s.id == sid:
                return s
        return None


def rulebook_json_schema() -> dict[str, Any]:
    """The JSON Schema of a rulebook file (generated from the models)."""
    schema = Rulebook.model_json_schema(by_alias=True, mode="validation")
    schema["$schema"] = "https://json-schema.org/draft/2020-12/schema"
    schema["$id"] = "https://zhice.example/schemas/rulebook.schema.json"
    schema["title"] = "知策 rulebook"
    return schema


@lru_cache(maxsize=1)
def _validator() -> "jsonschema.Draft202012Validator":
    import jsonschema

    return jsonschema.Draft202012Validator(rulebook_json_schema(),
                                          format_checker=jsonschema.Draft202012Validator.FORMAT_CHECKER)


def _jsonable(value: Any) -> Any:
    if isinstance(value, dict):
        return {k: _jsonable(v) for k, v in value.items()}
    if isinstance(value, list):
        return [_jsonable(v) for v in value]
    if isinstance(value, (dt.date, dt.datetime)):
        return value.isoformat()
    return value


def _schema_problems(data: Any, loaded: Loaded, file: str) -> list[Problem]:
    from jsonschema.exceptions import best_match

    problems: list[Problem] = []
    seen: set[tuple[str, str]] = set()
    for err in sorted(_validator().iter_errors(_jsonable(data)), key=lambda e: list(map(str, e.absolute_path))):
        best = best_match([err])
        # descend into anyOf branches to the most specific error
        while best.context:
            best = best_match(best.context)
        path = ".".join(str(p) for p in best.absolute_path)
        msg = best.message
        hint = None
        if best.validator == "additionalProperties":
            extra = [k for k in (best.instance or {}) if k not in best.schema.get("properties", {})]
            allowed = list(best.schema.get("properties", {}))
            from zhice.errors import did_you_mean

            guesses = [did_you_mean(k, allowed) for k in extra]
            hint = "; ".join(g for g in guesses if g) or f"allowed keys: {', '.join(allowed)}"
            msg = f"unexpected key(s) {', '.join(repr(k) for k in extra)}"
            code = "unknown-key"
            if extra:
                path = f"{path}.{extra[0]}" if path else str(extra[0])
        elif best.validator == "required":
            code = "missing-key"
            hint = "add the key (see `zhice schema rulebook`)"
        else:
            code = "schema"
            hint = "see `zhice schema rulebook` for what this key takes"
        key = (path, msg)
        if key in seen:
            continue
        seen.add(key)
        problems.append(Problem(code, msg, file, loaded.line_of(path) if path else 1, path or None, hint))
    return problems


def parse_rulebook(loaded: Loaded, file: str) -> Rulebook:
    """Validate loaded YAML into a :class:`Rulebook`; raise :class:`RulebookError` with every problem."""  # noqa: D401
    if loaded.problems and loaded.data is None:
        raise RulebookError(list(loaded.problems))   # nothing to validate (a syntax error, a passed limit)
    data = loaded.data
    if not isinstance(data, dict):
        raise RulebookError([Problem("not-a-mapping", "a rulebook must be a mapping (id:, kind:, title: …)", file, 1,
                                     hint="start the file with 'schema_version: 1' and 'id: …' lines")])
    # values YAML could not build (an impossible date) are reported with the rest of the file;
    # validation problems at their places, which the YAML problems explain, are left out
    bounded = list(loaded.problems) + limit_problems(data, loaded, file)
    reported = {p.path for p in loaded.problems if p.path}
    try:
        book = Rulebook.model_validate(data)
    except ValidationError as exc:
        # The JSON Schema is generated from the same models, so it rejects the same files; it
        # runs only here, for a broken file, because its messages point at the exact key.
        problems = [p for p in _schema_problems(data, loaded, file) if p.path not in reported]
        if problems or bounded:
            raise RulebookError(bounded + problems) from None
        out = []
        for err in exc.errors():
            path = ".".join(str(p) for p in err["loc"] if not str(p).startswith(("function-", "tagged-")))
            out.append(Problem("invalid", err["msg"].removeprefix("Value error, "), file, loaded.line_of(path), path or None,
                               "see `zhice schema rulebook` for the shape of a rulebook"))
        raise RulebookError(bounded + out) from None
    if bounded:
        raise RulebookError(bounded)
    return book



def limit_problems(data: Any, loaded: Loaded, file: str) -> list[Problem]:
    """What a rulebook may not hold whatever its shape: numbers that are not finite or beyond
    ±2^53 (the profile's bounds, so every matcher compares the same values) and lists longer
    than ``MAX_LIST_ITEMS``. One pass over the data."""
    problems: list[Problem] = []
    stack: list[tuple[str, Any]] = [("", data)]
    while stack:
        path, value = stack.pop()
        if isinstance(value, dict):
            stack.extend((f"{path}.{k}" if path else str(k), v) for k, v in value.items())
            continue
        if isinstance(value, list):
            if len(value) > limits.MAX_LIST_ITEMS:
                problems.append(limits.problem("list-too-long", file, loaded.line_of(path), path or None,
                                               count=len(value)))
                continue
            stack.extend((f"{path}.{i}" if path else str(i), v) for i, v in enumerate(value))
            continue
        code = limits.number_problem(value)
        if code:
            problems.append(limits.problem(code, file, loaded.line_of(path), path or None, found=limits.shown(value)))
    return sorted(problems, key=lambda p: (p.line or 0, p.path or ""))


def load_rulebook(path: str | Path) -> tuple[Rulebook, Loaded]:
    loaded = load_file(path)
    return parse_rulebook(loaded, str(path)), loaded


class RulebookSet:
    """All rulebooks of a directory, with their files, line maps and a content digest.

    ``digest`` covers the rulebook files; :attr:`set_digest` also covers the field catalogue they
    are typed against (the folder's ``_meta/fields.yml`` or the shipped one) and is the digest
    reports carry. A set, loaded or read back from a cache, makes its catalogue the one in use.
    """

    def __init__(self, root: Path, books: list[Rulebook], files: dict[str, Path], lines: dict[str, Loaded], digest: str):
        self.root = root
        self.books = books
        self.files = files
        self.lines = lines
        self.digest = digest
        self.problems: list[Problem] = []

    def __setstate__(self, state: dict[str, Any]) -> None:
        self.__dict__.update(state)
        self.use_catalogue()

    def use_catalogue(self) -> None:
        """Make this folder's field catalogue the one in use (a broken one is left to the loader to report)."""
        try:
            use_catalogue(self.catalogue)
        except RulebookError:
            pass

    @property
    def catalogue(self) -> Catalogue:
        """The field catalogue of this folder (its own ``_meta/fields.yml``, else the shipped one)."""
        return catalogue_for(self.root, display_path(self.root / CATALOGUE_FILE))

    @property
    def set_digest(self) -> str:
        """The digest of the rulebook files and of the field catalogue together."""
        return "sha256:" + hashlib.sha256(f"{self.digest}\n{self.catalogue.digest}".encode()).hexdigest()

    def by_id(self) -> dict[str, Rulebook]:
        return {b.id: b for b in self.books}

    def line(self, book_id: str, path: str) -> int | None:
        loaded = self.lines.get(book_id)
        return loaded.line_of(path) if loaded else None


def rulebook_files(root: Path) -> list[Path]:
    return sorted(p for p in root.rglob("*.yaml") if p.is_file() and not p.name.startswith("."))


def load_rulebooks(root: str | Path, files: Iterable[Path] | None = None, strict: bool = True) -> RulebookSet:
    """Load every ``*.yaml`` under ``root``. Every problem in every file is collected.

    The folder's field catalogue (``_meta/fields.yml``, else the shipped one) is checked too and
    becomes the catalogue in use (:func:`zhice.profile.use_catalogue`).

    With ``strict=False`` the problems are kept on the returned set (``.problems``) instead of
    raised, so that the caller can add the compiler's problems of the files that did load.
    """
    root = Path(root)
    if not root.is_dir():
        raise RulebookError([Problem("no-rulebooks", f"rulebook directory not found: {root}", str(root),
                                     hint="pass --rulebooks DIR or set ZHICE_RULEBOOKS")])
    paths = list(files) if files is not None else rulebook_files(root)
    books: list[Rulebook] = []
    where: dict[str, Path] = {}
    lines: dict[str, Loaded] = {}
    problems: list[Problem] = []
    h = hashlib.sha256()
    for path in paths:
        shown = display_path(path)
        h.update(str(path.relative_to(root) if path.is_relative_to(root) else path.name).encode())
        raw = read_bounded(path)   # a FIFO or a device given as a rulebook is not read (load_file says why)
        if isinstance(raw, bytes):
            h.update(raw)
        try:
            book, loaded = load_rulebook(path)
        except RulebookError as exc:
            problems.extend(_retarget(exc.problems, shown))
            continue
        if book.id in where:
            problems.append(Problem("duplicate-id", f"rulebook id '{book.id}' is also defined in {display_path(where[book.id])}",
                                    shown, loaded.line_of("id"), "id", "every rulebook needs its own id"))
            continue
        if path.stem != book.id:
            problems.append(Problem("id-filename", f"rulebook id '{book.id}' does not match its file name '{path.name}'",
                                    shown, loaded.line_of("id"), "id", f"rename the file to {book.id}.yaml"))
        books.append(book)
        where[book.id] = path
        lines[book.id] = loaded
    if not paths:
        problems.append(Problem("no-rulebooks", f"no *.yaml rulebooks under {root}", str(root)))
    try:
        use_catalogue(catalogue_for(root, display_path(root / CATALOGUE_FILE)))   # what the rulebooks are typed against
    except RulebookError as exc:
        problems.extend(exc.problems)
    if problems and strict:
        raise RulebookError(problems)
    result = RulebookSet(root, books, where, lines, "sha256:" + h.hexdigest())
    result.problems = problems
    return result


def display_path(path: Path) -> str:
    """``path`` relative to the working folder when it is below it (as problems name files)."""
    try:
        return str(path.resolve().relative_to(Path.cwd().resolve()))
    except ValueError:
        return str(path)


def _retarget(problems: list[Problem], file: str) -> list[Problem]:
    return [Problem(p.code, p.message, file, p.line, p.path, p.hint) for p in problems]
