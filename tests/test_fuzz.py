"""Fuzzing where input enters: nothing a user types crashes, hangs or fools zhice (hypothesis).

Random bytes, random YAML/JSON trees (shaped like profiles and rulebooks or not at all) and random
CSV cells go into the profile loader, the rulebook loader and the CSV reader. The property is
always the same: a result or a structured problem (a :class:`~zhice.errors.ZhiceError`, or a
:class:`~zhice.errors.Problem` row), never another exception, within a time bound (3 s of CPU
an input: a deadline of wall time fails on a loaded machine) and a memory bound (tracemalloc's peak). Extreme but valid values give the same
outcomes in both matchers, or are refused at the profile boundary for both.

Bounded for CI: the whole file runs in well under a minute (``ZHICE_FUZZ_EXAMPLES`` scales it).
"""

from __future__ import annotations

import copy
import datetime as dt
import json
import math
import os
import time
import tracemalloc
from pathlib import Path
from typing import Any

import pytest
import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from zhice.batch.readers import read_profiles
from zhice.errors import Problem, ProfileError, RulebookError
from zhice.profile import FIELDS, Profile, load_profile, profile_from_data
from zhice.compiler import compile_rulebooks
from zhice.rulebook import RulebookSet, load_rulebook, load_rulebooks
from zhice.yamlio import load_text

from conftest import AS_OF, DEMO_GRANT, RULEBOOKS

SCALE = float(os.environ.get("ZHICE_FUZZ_EXAMPLES", "1"))
MEMORY_BYTES = 64 * 2 ** 20   # what one input may make the loaders allocate
CPU_SECONDS = 3.0             # what one input may make them compute


def fuzz(n: int) -> Any:
    return settings(max_examples=max(1, int(n * SCALE)), deadline=None, database=None,
                    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large,
                                           HealthCheck.function_scoped_fixture])


def bounded(fn: Any, *args: Any) -> Any:
    """``fn(*args)`` or the ZhiceError it raised; anything else fails, as does a large allocation."""
    tracemalloc.start()
    started = time.process_time()
    try:
        return fn(*args)
    except (ProfileError, RulebookError) as exc:
        assert exc.problems and all(isinstance(p, Problem) and p.code and p.message for p in exc.problems)
        assert "internal" not in {p.code for p in exc.problems}
        return exc
    finally:
        peak = tracemalloc.get_traced_memory()[1]
        tracemalloc.stop()
        spent = time.process_time() - started
        assert peak < MEMORY_BYTES, f"{fn.__name__} allocated {peak / 2 ** 20:.0f} MB"
        assert spent < CPU_SECONDS, f"{fn.__name__} computed for {spent:.1f} s"


# ---- values ----------------------------------------------------------------------------------------

M = 2 ** 53
EXTREME_NUMBERS = [0, 1, -1, M, -M, M + 1, -M - 1, 10 ** 30, 10 ** 400, 1e30, 1e-30, 5e-324, 1.7976931348623157e308,
                   math.inf, -math.inf, math.nan, 0.0001, 99.99999, 100, 100.00001]
numbers = st.one_of(st.sampled_from(EXTREME_NUMBERS), st.integers(), st.floats())
scalars = st.one_of(st.none(), st.booleans(), numbers, st.text(max_size=30),
                    st.dates(dt.date(1, 1, 1), dt.date(9999, 12, 31)),
                    st.sampled_from(["是", "否", "有", "无", "yes", "1", "2021-02-30", "2021-13-45", "2016年5月8日",
                                     "2014/6/18", ".inf", "1e400", "NaN", "9" * 5000, "~", "null", "<<", "&a", "*a"]))
trees = st.recursive(scalars, lambda inner: st.one_of(st.lists(inner, max_size=5),
                                                      st.dictionaries(st.text(max_size=12), inner, max_size=5)),
                     max_leaves=40)


def field_value(spec: Any) -> st.SearchStrategy[Any]:
    if spec.type == "enum":
        return st.one_of(st.sampled_from(spec.choices), scalars)
    return scalars


profile_like = st.fixed_dictionaries(
    {"enterprise": st.fixed_dictionaries({"name": st.one_of(st.text(max_size=10), scalars)},
                                         optional={p.split(".", 1)[1]: field_value(s) for p, s in FIELDS.items()
                                                   if p.startswith("enterprise.") and p != "enterprise.name"})},
    optional={section: st.dictionaries(st.sampled_from([p.split(".", 1)[1] for p in FIELDS if p.startswith(section + ".")]
                                                       + ["nonsense"]), scalars, max_size=6)
              for section in ("record", "qualifications", "ip", "ip_management", "trade_secrets", "overseas")})


def dump(tree: Any, as_json: bool) -> str:
    def plain(x: Any) -> Any:
        if isinstance(x, dict):
            return {str(k): plain(v) for k, v in x.items()}
        if isinstance(x, list):
            return [plain(v) for v in x]
        if isinstance(x, dt.date):
            return x.isoformat()
        if isinstance(x, int) and not isinstance(x, bool) and abs(x) > 10 ** 300:
            return float("inf")
        return x
    if as_json:
        return json.dumps(plain(tree), ensure_ascii=False)
    return yaml.safe_dump(tree, allow_unicode=True, sort_keys=False)


def _profile_from_text(text: str, tmp: Path) -> Any:
    path = tmp / "p.yaml"
    path.write_text(text, encoding="utf-8", errors="surrogatepass")
    return load_profile(path)


# ---- the profile loader ------------------------------------------------------------------------------

@fuzz(150)
@given(st.binary(max_size=400))
def test_random_bytes_as_a_profile(tmp_path_factory: pytest.TempPathFactory, data: bytes) -> None:
    path = tmp_path_factory.mktemp("fuzz") / "p.yaml"
    path.write_bytes(data)
    result = bounded(load_profile, path)
    assert isinstance(result, (Profile, ProfileError))


@fuzz(150)
@given(trees, st.booleans())
def test_random_trees_as_a_profile(tmp_path_factory: pytest.TempPathFactory, tree: Any, as_json: bool) -> None:
    result = bounded(_profile_from_text, dump(tree, as_json), tmp_path_factory.mktemp("fuzz"))
    assert isinstance(result, (Profile, ProfileError))


@fuzz(200)
@given(profile_like, st.booleans())
def test_random_profile_shaped_trees(tmp_path_factory: pytest.TempPathFactory, tree: Any, as_json: bool) -> None:
    result = bounded(_profile_from_text, dump(tree, as_json), tmp_path_factory.mktemp("fuzz"))
    assert isinstance(result, (Profile, ProfileError))
    if isinstance(result, Profile):   # what was accepted is what every matcher can compare exactly
        for value in result.facts().values():
            if isinstance(value, (int, float)) and not isinstance(value, bool):
                assert math.isfinite(value) and abs(value) <= M
        if result.enterprise.registered_on is not None:
            assert dt.date(1, 1, 1) <= result.enterprise.registered_on


@fuzz(100)
@given(st.text(max_size=300))
def test_random_text_as_yaml(text: str) -> None:
    loaded = bounded(load_text, text)
    assert all(isinstance(p, Problem) and p.hint for p in loaded.problems)


# ---- the rulebook loader -----------------------------------------------------------------------------

DEMO = yaml.safe_load(DEMO_GRANT.read_text(encoding="utf-8"))


def _paths(tree: Any, prefix: tuple[Any, ...] = ()) -> list[tuple[Any, ...]]:
    out = [prefix]
    if isinstance(tree, dict):
        for k, v in tree.items():
            out += _paths(v, (*prefix, k))
    elif isinstance(tree, list):
        for i, v in enumerate(tree):
            out += _paths(v, (*prefix, i))
    return out


DEMO_PATHS = [p for p in _paths(DEMO) if p]


@st.composite
def rulebook_like(draw: Any) -> Any:
    """The demo rulebook with a few of its values (or subtrees) replaced by random ones."""
    book = copy.deepcopy(DEMO)
    for path in draw(st.lists(st.sampled_from(DEMO_PATHS), min_size=1, max_size=3)):
        node = book
        try:
            for key in path[:-1]:
                node = node[key]
            node[path[-1]] = draw(trees)
        except (KeyError, IndexError, TypeError):
            continue
    return book


@pytest.fixture(scope="module")
def books_dir(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, RulebookSet]:
    """A folder for the fuzzed rulebook, and the shipped derivations it compiles with (loaded once)."""
    return tmp_path_factory.mktemp("books"), load_rulebooks(RULEBOOKS / "derivations")


def _load_books(where: tuple[Path, RulebookSet], text: str | bytes) -> Any:
    """Load one fuzzed rulebook file (bounded), then compile it with the derivations."""
    root, base = where
    target = root / "demo_grant.yaml"
    if isinstance(text, bytes):
        target.write_bytes(text)
    else:
        target.write_text(text, encoding="utf-8", errors="surrogatepass")
    parsed = bounded(load_rulebook, target)
    if isinstance(parsed, RulebookError):
        return parsed
    book, loaded = parsed
    books = RulebookSet(root, [*base.books, book], {**base.files, book.id: target}, {**base.lines, book.id: loaded},
                        base.digest)
    try:
        return compile_rulebooks(books, AS_OF)
    except RulebookError as exc:
        assert exc.problems and "internal" not in {p.code for p in exc.problems}
        return exc


@fuzz(100)
@given(st.binary(max_size=400))
def test_random_bytes_as_a_rulebook(books_dir: tuple[Path, RulebookSet], data: bytes) -> None:
    _load_books(books_dir, data)


@fuzz(150)
@given(rulebook_like(), st.booleans())
def test_random_rulebook_shaped_trees(books_dir: tuple[Path, RulebookSet], tree: Any, as_json: bool) -> None:
    result = _load_books(books_dir, dump(tree, as_json))
    if isinstance(result, RulebookError):
        assert all(p.file and p.file.endswith(".yaml") for p in result.problems), result


# ---- the CSV reader --------------------------------------------------------------------------------

COLUMNS = sorted(FIELDS)
cells = st.one_of(st.text(max_size=20), st.sampled_from(["是", "否", "yes", "1", "1e400", "-0", "nan", "inf",
                                                         "2021-02-30", "2016年5月8日", "9" * 5000, '"', "=1+1",
                                                         "1,000", "３", "十二"]), numbers.map(str))


@fuzz(100)
@given(st.lists(st.sampled_from(COLUMNS), min_size=1, max_size=6, unique=True),
       st.lists(st.lists(cells, min_size=1, max_size=7), min_size=1, max_size=5), st.sampled_from(["utf-8", "gb18030"]))
def test_random_csv_cells(tmp_path_factory: pytest.TempPathFactory, columns: list[str], rows: list[list[str]],
                          encoding: str) -> None:
    import csv
    import io

    buf = io.StringIO()
    writer = csv.writer(buf)
    writer.writerow(["enterprise.name", *columns])
    for i, row in enumerate(rows):
        writer.writerow([f"公司{i}", *row])
    path = tmp_path_factory.mktemp("csv") / "c.csv"
    path.write_bytes(buf.getvalue().encode(encoding, errors="replace"))

    def read() -> list[Any]:
        return list(read_profiles(path))

    got = bounded(read)
    assert isinstance(got, list) and all(isinstance(p, (Profile, Problem)) for _, p in got)
    for _, p in got:
        if isinstance(p, Problem):
            assert p.message and p.file


@fuzz(60)
@given(st.binary(max_size=300))
def test_random_bytes_as_a_csv(tmp_path_factory: pytest.TempPathFactory, data: bytes) -> None:
    from zhice.errors import UsageError

    path = tmp_path_factory.mktemp("csv") / "c.csv"
    path.write_bytes(b"enterprise.name,ip.invention_patents\n" + data)
    started = time.process_time()
    try:
        got = list(read_profiles(path))
    except UsageError as exc:
        assert exc.problems
        return
    finally:
        assert time.process_time() - started < CPU_SECONDS
    assert all(isinstance(p, (Profile, Problem)) for _, p in got)


# ---- extreme values: the matchers agree, or the value is refused for both ------------------------

def _extreme(spec: Any) -> st.SearchStrategy[Any]:
    lo = spec.minimum if spec.minimum is not None else -M
    hi = spec.maximum if spec.maximum is not None else M
    edges = [v for v in (0, 1, lo, hi, M, -M, M - 1, 1e15, 0.0001, 12345678.9876, 1e30, 10 ** 30, math.inf, math.nan)]
    if spec.type == "integer":
        return st.one_of(st.sampled_from([v for v in edges if not isinstance(v, float) or v.is_integer()]),
                         st.integers(-M - 2, M + 2))
    return st.one_of(st.sampled_from(edges), st.floats(allow_nan=True, allow_infinity=True))


def _other(spec: Any) -> st.SearchStrategy[Any]:
    if spec.type == "boolean":
        return st.booleans()
    if spec.type == "enum":
        return st.sampled_from(spec.choices)
    if spec.type == "date":
        return st.dates(dt.date(1900, 1, 1), AS_OF)
    if spec.type == "list":
        return st.lists(st.sampled_from(["US", "EU", "SE", "JP", "GB"]), max_size=3, unique=True)
    return st.sampled_from(["浙江省", "杭州市", "C39", "I65"])


extreme_profiles = st.fixed_dictionaries(
    {p: st.one_of(st.none(), _extreme(s) if s.numeric else _other(s)) for p, s in FIELDS.items()
     if p not in ("enterprise.name", "enterprise.credit_code")})


@pytest.fixture(scope="module")
def both_matchers(engine: Any) -> Any:
    pytest.importorskip("durable.engine")
    from zhice.matchers.durable.rules import DurableMatcher
    from zhice.matchers import CompiledMatcher

    compiled = engine.compiled(AS_OF)
    return CompiledMatcher(compiled), DurableMatcher(compiled)


@fuzz(120)
@given(extreme_profiles)
def test_matchers_agree_on_extreme_values_or_both_are_refused(both_matchers: Any, draw: dict[str, Any]) -> None:
    from zhice.eval import normalize

    data: dict[str, dict[str, Any]] = {"enterprise": {"name": "某公司"}}
    for path, value in draw.items():
        if value is not None:
            section, name = path.split(".", 1)
            data.setdefault(section, {})[name] = value.isoformat() if isinstance(value, dt.date) else value
    try:
        profile = profile_from_data(data)
    except ProfileError as exc:   # refused at the boundary: no matcher sees it
        assert {p.code for p in exc.problems} <= {"not-finite", "number-too-large", "invalid-value"}, exc
        return
    facts = normalize(profile.facts(), AS_OF)
    compiled_m, durable_m = both_matchers
    a, b = compiled_m.match(facts), durable_m.match(facts)
    assert a.derived == b.derived
    assert {k: v for k, v in a.outcomes.items() if b.outcomes.get(k) != v} == {}
