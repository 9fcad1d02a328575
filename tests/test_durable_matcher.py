"""Pin every durable-rules behaviour zhice.matchers.durable lists, and show how the matcher fences it in.

The raw-durable tests document the library's behaviour on this machine; the matcher tests show
the fence holds. If an upgrade of durable-rules changes a behaviour, the raw test says which.
"""

from __future__ import annotations

import copy
import datetime as dt
import inspect
import json
import threading

import pytest

durable_engine = pytest.importorskip("durable.engine")

from zhice.matchers.durable import rules as dm  # noqa: E402
from zhice.errors import EvaluationError  # noqa: E402
from zhice.eval import normalize  # noqa: E402
from zhice.matchers import CompiledMatcher  # noqa: E402

from conftest import AS_OF  # noqa: E402

_N = iter(range(10**6))


def raw(rules: dict) -> str:
    """Register a raw ruleset on the shared quiet host; return its name."""
    name = f"raw{next(_N)}"
    dm.host().register_rulesets({name: rules})
    return name


def test_post_fires_only_the_first_matching_rule_but_assert_fact_fires_all() -> None:
    fired: list[str] = []
    rules = {"a": {"all": [{"m": {"$gte": {"x": 1}}}], "run": lambda c: fired.append("a")},
             "b": {"all": [{"m": {"$gte": {"x": 0}}}], "run": lambda c: fired.append("b")}}
    rs = raw(rules)
    dm.host().post(rs, {"sid": "e1", "x": 5})
    assert len(fired) == 1
    fired.clear()
    dm.host().assert_fact(rs, {"sid": "f1", "x": 5})
    assert sorted(fired) == ["a", "b"]


def test_nothing_matched_and_identical_fact_raise_in_raw_durable() -> None:
    rs = raw({"a": {"all": [{"m": {"$gte": {"x": 10}}}], "run": lambda c: None}})
    with pytest.raises(durable_engine.MessageNotHandledException):
        dm.host().assert_fact(rs, {"sid": "n1", "x": 1})
    dm.host().assert_fact(rs, {"sid": "n2", "x": 11})
    with pytest.raises(durable_engine.MessageObservedException):
        dm.host().assert_fact(rs, {"sid": "n2", "x": 11})


def test_matcher_survives_no_match_and_the_same_profile_twice(derivations_engine) -> None:
    matcher = dm.DurableMatcher(derivations_engine.compiled(AS_OF))
    empty = normalize({}, AS_OF)
    first = matcher.match(empty)
    second = matcher.match(empty)
    assert first == second
    assert first.derived == {}


def test_absent_attribute_is_no_match_for_a_test_and_for_its_negation() -> None:
    fired: list[str] = []
    rs = raw({"ge": {"all": [{"m": {"$and": [{"t": "p"}, {"$gte": {"x": 3}}]}}], "run": lambda c: fired.append("ge")},
              "lt": {"all": [{"m": {"$and": [{"t": "p"}, {"$lt": {"x": 3}}]}}], "run": lambda c: fired.append("lt")},
              "g": {"all": [{"m": {"t": "p"}}], "run": lambda c: None}})
    dm.host().assert_fact(rs, {"sid": "a1", "t": "p"})
    assert fired == []  # durable cannot tell unknown from false: the engine's two rules can


def test_absent_right_hand_attribute_is_compared_as_if_present() -> None:
    """Why every field read on the right-hand side gets an $ex guard."""
    fired: list[str] = []
    rs = raw({"ge": {"all": [{"m": {"$and": [{"t": "p"}, {"$gte": {"a": {"$m": "b"}}}]}}], "run": lambda c: fired.append("ge")},
              "lt": {"all": [{"m": {"$and": [{"t": "p"}, {"$lt": {"a": {"$m": "b"}}}]}}], "run": lambda c: fired.append("lt")}})
    dm.host().assert_fact(rs, {"sid": "r1", "t": "p", "a": 5})
    assert sorted(fired) == ["ge", "lt"]


def test_every_rule_has_a_positive_type_guard_and_no_unsupported_operator(engine) -> None:
    matcher = dm.DurableMatcher(engine.compiled(AS_OF))
    text = json.dumps(matcher.definitions, default=str)
    assert '"$mt"' not in text and '"$in"' not in text
    for rs, rules in matcher.definitions.items():
        assert len([r for r in rules if not r.startswith("guard/")]) <= dm.RULES_PER_RULESET
        for name, rule in rules.items():
            patterns = rule.get("all") or rule.get("any")
            for pattern in patterns:
                (body,) = pattern.values()
                first = body["$and"][0] if "$and" in body else body
                tested = first["$or"] if name.startswith("guard/") and "$or" in first else [first]
                assert all("t" in test for test in tested), f"{rs}/{name} has no positive guard"


def test_every_fact_type_a_ruleset_receives_has_a_guard_and_few_tests(engine) -> None:
    """Each fact asserted is handled (and starts an action); no fact type nears 64 tests."""
    matcher = dm.DurableMatcher(engine.compiled(AS_OF))
    assert len(matcher._rulesets) < len(list(engine.compiled(AS_OF).elements())) // 10
    received = {rs: {ftype for ftype, _ in parts} for rs, parts in matcher._parts.items()}
    for src, targets in matcher._targets.items():
        for rs in targets:
            received[rs].add(dm.fact_type(src))
    for rs, rules in matcher.definitions.items():
        tests: dict[str, int] = {}
        guarded: set[str] = set()
        for name, rule in rules.items():
            if name.startswith("guard/"):
                (body,) = rule["all"][0].values()
                guarded |= {test["t"] for test in body.get("$or", [body])}
                assert set(rule) == {"all", "run"} or rule["count"] == dm.NEVER > 1000, name
                continue
            for ftype, n in dm.type_tests(rule).items():
                tests[ftype] = tests.get(ftype, 0) + n
        assert received[rs] and guarded == received[rs] == set(tests), rs
        assert max(tests.values()) <= dm.TESTS_PER_FACT < 64
        # a guard fires for every profile (a part is asserted every time): an action starts
        firing = [name for name, rule in rules.items() if name.startswith("guard/") and "count" not in rule]
        assert len(firing) == 1 and firing[0][len("guard/"):] in {ftype for ftype, _ in matcher._parts[rs]}, rs


def test_a_ruleset_without_profile_parts_has_only_firing_guards(engine, monkeypatch) -> None:
    """Its sessions start with a derived fact: a guard that never fires would leave no action."""
    monkeypatch.setattr(dm, "RULES_PER_RULESET", 1)  # a ruleset per part, and per rule reading none
    matcher = dm.DurableMatcher(engine.compiled(AS_OF))
    without = [rs for rs, parts in matcher._parts.items() if not parts]
    assert without
    for rs in without:
        guards = [rule for name, rule in matcher.definitions[rs].items() if name.startswith("guard/")]
        assert guards and all("count" not in rule for rule in guards)
    from conftest import EXAMPLES
    from zhice.profile import load_profile
    compiled = CompiledMatcher(engine.compiled(AS_OF))
    for path in sorted(EXAMPLES.glob("*.yaml")):
        facts = normalize(load_profile(path).facts(), AS_OF)
        assert matcher.match(facts) == compiled.match(facts), path.name


def test_a_guard_with_a_count_handles_facts_without_firing_in_raw_durable() -> None:
    """Why the other guards of a ruleset cost no fired rule: status 0 (handled), nothing to take
    until the count is reached; one guard tests several fact types."""
    rs = raw({"g": {"all": [{"m": {"$or": [{"t": "a"}, {"t": "b"}]}}], "count": 3, "run": lambda c: None},
              "p": {"all": [{"m": {"t": "p"}}], "run": lambda c: None}})
    handle = dm.host().get_ruleset(rs)._handle
    taken = []
    for sid, facts in (("c1", [{"t": "p"}, {"t": "a"}, {"t": "b"}]), ("c2", [{"t": "p"}, {"t": "a"}, {"t": "b", "x": 1}, {"t": "b", "x": 2}])):
        status, state = dm.dre.assert_facts(handle, json.dumps([dict(f, sid=sid) for f in facts]))
        assert status == 0
        message = dm.dre.start_action_for_state(handle, state)[1]
        while message:
            taken.append(message[2:message.index('"', 2)])
            message = dm.dre.complete_and_start_action(handle, state)
        dm.dre.delete_state(handle, sid)
    assert taken == ["p", "g", "p"]  # the third fact of type a or b completes the count


def test_a_tree_over_one_field_has_one_rule_and_is_false_when_known_and_not_fired(engine) -> None:
    compiled = engine.compiled(AS_OF)
    matcher = dm.DurableMatcher(compiled)
    names = {name for rules in matcher.definitions.values() for name in rules}
    known = dict(matcher._known)
    assert 0 < len(known) < len(matcher._trees)
    for slot, keys in enumerate(matcher._trees):
        assert f"{keys[0]}/met" in names or f"{keys[0]}/met/0" in names
        assert (f"{keys[0]}/unmet" in names or f"{keys[0]}/unmet/0" in names) is (slot not in known), keys[0]
    # e.g. "registered in Zhejiang": unknown without the field, false with another province
    slot, field = next((s, f) for s, f in matcher._known if f == "enterprise.province")
    key = matcher._trees[slot][0]
    for facts, expected in (({}, None), ({field: "江苏省"}, False), ({field: "浙江省"}, True)):
        f = normalize(facts, AS_OF)
        assert matcher.match(f).outcomes[key] is CompiledMatcher(compiled).match(f).outcomes[key] is expected


def test_profile_parts_hold_only_what_their_rules_read(engine) -> None:
    matcher = dm.DurableMatcher(engine.compiled(AS_OF))
    for rs, parts in matcher._parts.items():
        for ftype, attrs in parts:
            read: set[str] = set()
            for name, rule in matcher.definitions[rs].items():
                for body in dm.pattern_parts(rule) if not name.startswith("guard/") else []:
                    if dm.pattern_type(body) == ftype:
                        read |= dm.attributes_read(body)
            assert set(attrs) == read, ftype


def test_actions_are_one_parameter_closures(engine) -> None:
    matcher = dm.DurableMatcher(engine.compiled(AS_OF))
    for rules in matcher.definitions.values():
        for rule in rules.values():
            assert len(inspect.signature(rule["run"]).parameters) == 1


def test_more_than_64_matching_rules_fail_in_raw_durable() -> None:
    # distinct conditions: identical ones share one node and count once
    rules = {f"r{i}": {"all": [{"m": {"$gte": {f"x{i}": 0}}}], "run": lambda c: None} for i in range(70)}
    rs = raw(rules)
    with pytest.raises(Exception, match="303"):
        dm.host().assert_fact(rs, dict({f"x{i}": 1 for i in range(70)}, sid="m1"))


def test_the_64_test_limit_counts_the_tests_under_the_fact_s_type_only_in_raw_durable() -> None:
    """Why a ruleset may hold many profile parts: 2 × 40 matching tests, under two fact types."""
    fired: list[str] = []

    def record(name: str):
        return lambda c: fired.append(name)  # one parameter: durable runs two-parameter actions async
    rules = {f"{t}{i}": {"all": [{"m": {"$and": [{"t": t}, {"$gte": {f"x{i}": 0}}]}}], "run": record(f"{t}{i}")}
             for t in ("a", "b") for i in range(40)}
    rs = raw(rules)
    xs = {f"x{i}": 1 for i in range(40)}
    dm.host().assert_facts(rs, [dict(xs, t="a", sid="t1"), dict(xs, t="b", sid="t1")])
    assert len(fired) == 80
    one_type = raw({f"a{i}": {"all": [{"m": {"$and": [{"t": "a"}, {"$gte": {f"x{i}": 0}}]}}], "run": record("")}
                    for i in range(80)})
    with pytest.raises(Exception, match="303"):
        dm.host().assert_fact(one_type, dict({f"x{i}": 1 for i in range(80)}, t="a", sid="t2"))


def test_a_batch_with_a_fact_nothing_matched_is_not_handled_in_raw_durable() -> None:
    """Why the matcher's one status check per assert_facts call covers every fact of the batch."""
    rs = raw({"a": {"all": [{"m": {"$and": [{"t": "a"}, {"$gte": {"x": 0}}]}}], "run": lambda c: None}})
    handle = dm.host().get_ruleset(rs)._handle
    status, _ = dm.dre.assert_facts(handle, json.dumps([{"t": "a", "x": 1, "sid": "b1"}, {"t": "b", "sid": "b1"}]))
    assert status == 1
    status, _ = dm.dre.assert_facts(handle, json.dumps([{"t": "a", "x": 2, "sid": "b2"}, {"t": "a", "x": 3, "sid": "b2"}]))
    assert status == 0
    # the two sessions stay: no action was started in them, and deleting such a session frees a
    # pointer durable never set (its createStateNode leaves the action context uninitialised) — a
    # crash whenever the heap held something there (the matcher's firing guard starts an action in
    # every session it deletes; pinned by test_deleting_a_session_no_action_started_in_crashes_durable)


def test_sessions_are_deleted_so_thousands_of_profiles_run(derivations_engine) -> None:
    matcher = dm.DurableMatcher(derivations_engine.compiled(AS_OF))
    facts = normalize({"enterprise.industry": "C39", "enterprise.employees": 50, "enterprise.revenue": 500.0}, AS_OF)
    for _ in range(1500):  # more than durable's 1024 live sessions per ruleset
        assert matcher.match(facts).derived["derived.sme_size"] == "small"


def test_host_runs_no_timer_threads(derivations_engine) -> None:
    before = threading.active_count()
    dm.DurableMatcher(derivations_engine.compiled(AS_OF))
    dm.DurableMatcher(derivations_engine.compiled(AS_OF))
    assert threading.active_count() == before


def test_raw_durable_swallows_action_exceptions_into_state() -> None:
    def boom(c):
        raise RuntimeError("boom")
    rs = raw({"a": {"all": [{"m": {"$gte": {"x": 0}}}], "run": boom}})
    state = dm.host().assert_fact(rs, {"sid": "x1", "x": 1})
    assert "exception" in state and "boom" in state["exception"]


def test_an_exception_in_an_action_becomes_an_evaluation_error_and_sessions_are_cleaned(derivations_engine, monkeypatch) -> None:
    matcher = dm.DurableMatcher(derivations_engine.compiled(AS_OF))
    monkeypatch.setattr(dm, "finish", lambda value, out_type: 1 / 0)
    deleted: list[tuple[int, str]] = []
    real_delete = dm.dre.delete_state

    def delete_state(handle: int, sid: str) -> None:
        deleted.append((handle, sid))
        real_delete(handle, sid)
    monkeypatch.setattr(dm.dre, "delete_state", delete_state)
    facts = normalize({"enterprise.registered_on": dt.date(2020, 1, 1)}, AS_OF)
    for _ in range(1100):
        with pytest.raises(EvaluationError, match="enterprise_age_years"):
            matcher.match(facts)
    # every session of every ruleset was deleted after every failing profile
    handles = set(matcher._handles.values())
    assert len(deleted) == 1100 * len(handles) and {h for h, _ in deleted} == handles
    assert len({sid for _, sid in deleted}) == 1100


def test_registering_twice_is_safe_because_definitions_are_fresh(derivations_engine) -> None:
    compiled = derivations_engine.compiled(AS_OF)
    a, b = dm.DurableMatcher(compiled), dm.DurableMatcher(compiled)
    facts = normalize({"enterprise.industry": "I65", "enterprise.employees": 8, "enterprise.revenue": 5000.0}, AS_OF)
    assert a.match(facts) == b.match(facts) == CompiledMatcher(compiled).match(facts)


EU_AND_US = ["US", "EU", "AT", "BE", "BG", "HR", "CY", "CZ", "DK", "EE", "FI", "FR", "DE", "GR", "HU", "IE", "IT",
             "LV", "LT", "LU", "MT", "NL", "PL", "PT", "RO", "SK", "SI", "ES", "SE"]


def test_a_wide_any_of_contains_under_a_negation_is_rejected_by_raw_durable() -> None:
    """Why O7 uses `intersects`: 29 `not contains` tests joined under one `any` fail with error 113."""
    none_of = {"$and": [{"$or": [{"$iall": {"m": {"$neq": {"$i": c}}}}, {"m__n": 0}]} for c in EU_AND_US]}
    with pytest.raises(Exception, match="113"):
        raw({"a": {"all": [{"m": {"$and": [{"t": "p"}, {"$or": [{"x": True}, none_of]}]}}], "run": lambda c: None}})


@pytest.mark.parametrize(("markets", "monitoring", "expected"), [
    (["SE"], False, False), (["JP", "MT"], False, False), (["US"], False, False), (["GR"], True, True),
    (["JP", "GB"], False, True), ([], False, True), (None, False, None), (["JP"], None, True), (["DE"], None, None),
])
def test_intersects_decides_o7_for_all_27_member_states_in_both_matchers(engine, markets, monitoring, expected) -> None:
    compiled = engine.compiled(AS_OF)
    facts = {}
    if markets is not None:
        facts["overseas.markets"] = markets
    if monitoring is not None:
        facts["overseas.customs_monitoring"] = monitoring
    key = "overseas_compliance/criteria/customs_monitoring"
    f = normalize(facts, AS_OF)
    assert CompiledMatcher(compiled).match(f).outcomes[key] is expected
    assert dm.DurableMatcher(compiled).match(f).outcomes[key] is expected


def test_an_any_rule_never_fires_on_a_later_pattern_holding_an_or_in_raw_durable() -> None:
    """Why a condition mixing facts under a top-level any becomes one rule per fact."""
    fired: list[str] = []
    later = {"p1": {"$and": [{"t": "p"}, {"$or": [{"a": True}, {"b": True}]}]}}
    rs = raw({"r": {"any": [{"p0": {"$and": [{"t": "d"}, {"$gte": {"v": 60}}]}}, later], "run": lambda c: fired.append("r")},
              "alone": {"all": [{"m": copy.deepcopy(later["p1"])}], "run": lambda c: fired.append("alone")},
              "g": {"all": [{"m": {"t": "d"}}], "run": lambda c: None}})
    dm.host().assert_fact(rs, {"sid": "o1", "t": "p", "a": False, "b": True})
    assert fired == ["alone"]


def test_a_condition_mixing_facts_under_any_is_decided_by_either_fact(engine) -> None:
    """innovative_sme's score criterion: the score (a derived fact) or a direct pass (profile)."""
    compiled = engine.compiled(AS_OF)
    key = "innovative_sme/criteria/score_total"
    facts = normalize({"qualifications.ip_advantage_enterprise": True}, AS_OF)
    assert CompiledMatcher(compiled).match(facts).outcomes[key] is True
    assert dm.DurableMatcher(compiled).match(facts).outcomes[key] is True



_FAULTS = """
import ctypes, resource, sys
sys.path[:0] = {path!r}
if {keep}:
    from zhice.heap import keep_freed_memory
    assert keep_freed_memory()
libc = ctypes.CDLL(None)
libc.malloc.restype = ctypes.c_void_p
libc.free.argtypes = [ctypes.c_void_p]
def profile():  # what a profile's sessions do: several MB allocated, written, freed
    blocks = [libc.malloc(1 << 20) for _ in range(4)]
    for b in blocks:
        ctypes.memset(b, 1, 1 << 20)
    for b in blocks:
        libc.free(b)
for _ in range(5):
    profile()
before = resource.getrusage(resource.RUSAGE_SELF).ru_minflt
for _ in range(50):
    profile()
print((resource.getrusage(resource.RUSAGE_SELF).ru_minflt - before) // 50)
"""


@pytest.mark.skipif(__import__("platform").libc_ver()[0] != "glibc", reason="glibc's mallopt")
def test_freed_session_memory_stays_in_the_heap_instead_of_being_faulted_in_again() -> None:
    """glibc trims the heap once its free top outgrows twice the largest block freed: what the
    sessions of one profile free (4 MB here) then comes back as ~1,000 page faults a profile."""
    import subprocess
    import sys
    from pathlib import Path

    path = [str(Path(dm.__file__).resolve().parents[3])]  # the source root, engine/

    def faults(keep: bool) -> int:
        out = subprocess.run([sys.executable, "-c", _FAULTS.format(path=path, keep=keep)],
                             capture_output=True, text=True, check=True)
        return int(out.stdout)
    assert faults(keep=False) > 500
    assert faults(keep=True) < 10
    dm.host()
    from zhice import heap
    assert heap._KEPT is True  # applied with the Host


_NO_ACTION_PROBE = """
import json, sys
sys.path[:0] = {path!r}
from zhice.matchers.durable import rules as dm
dm.host().register_rulesets({{"probe": {{"a": {{"all": [{{"m": {{"$gte": {{"x": 0}}}}}}], "run": lambda c: None}}}}}})
handle = dm.host().get_ruleset("probe")._handle
dm.dre.assert_facts(handle, json.dumps([{{"x": 1, "sid": "s1"}}]))   # an action is queued, none started
dm.dre.delete_state(handle, "s1")
print("survived")
"""

_MATCHER_PROBE = """
import sys
sys.path[:0] = {path!r}
from pathlib import Path
import datetime as dt
from zhice.pipeline import Engine
engine = Engine(Path({rulebooks!r}))
day = dt.date(2026, 6, 1)
from zhice.profile import load_profile
n = 0
for path in sorted(Path({examples!r}).glob("*.yaml")):
    for _ in range(3):
        engine.checkup(load_profile(path), as_of=day, matcher="durable")
        n += 1
print(n)
"""


@pytest.mark.skipif(__import__("platform").libc_ver()[0] != "glibc", reason="glibc's MALLOC_PERTURB_")
def test_deleting_a_session_no_action_started_in_crashes_durable_and_the_matcher_never_does() -> None:
    """The native crash seen in ~1 of 6 full runs (free() of 0x4646… inside deleteStateNode):
    durable's createStateNode never initialises a session's action context, and delete_state frees
    it. glibc's MALLOC_PERTURB_ fills new memory with a pattern, so what was luck becomes certain:
    raw durable crashes, while every session the matcher deletes has had an action started (its
    firing guard) — all example profiles run three times under the same dirty heap."""
    import os
    import subprocess
    import sys
    from pathlib import Path

    from conftest import REPO

    path = [str(REPO / "engine")]
    env = dict(os.environ, MALLOC_PERTURB_="185")
    def no_core_file() -> None:                     # the crash is expected: leave no core dump behind
        import resource
        resource.setrlimit(resource.RLIMIT_CORE, (0, 0))
    raw_run = subprocess.run([sys.executable, "-c", _NO_ACTION_PROBE.format(path=path)], capture_output=True,
                             text=True, timeout=120, env=env, preexec_fn=no_core_file)
    assert raw_run.returncode < 0 and "survived" not in raw_run.stdout, \
        "durable no longer frees the unset action context: the pin (and the firing guards' reason) can go"
    matched = subprocess.run([sys.executable, "-c", _MATCHER_PROBE.format(
        path=path, rulebooks=str(REPO / "rulebooks"), examples=str(REPO / "profiles" / "examples"))],
        capture_output=True, text=True, timeout=600, env=env)
    assert matched.returncode == 0, matched.stderr[-2000:]
    assert int(matched.stdout) >= 30
