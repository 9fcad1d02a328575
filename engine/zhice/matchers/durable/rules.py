"""The durable matcher (see the package docstring for every durable behaviour it fences in)."""

from __future__ import annotations

import itertools
import math
import re
from collections import Counter
from collections.abc import Callable
from typing import Any

import durable_rules_engine as dre

from zhice.compiler import CompiledSet
from zhice.errors import EvaluationError, Problem
from zhice.eval import Facts, node_fn, operand_fields, operand_fn, score_fn
from zhice.ir import AS_OF, DERIVED, All, Any_, Const, Leaf, Node, Not, negate, node_sources, source_of, to_nnf
from zhice.matchers.base import MatchResult
from zhice.matchers.durable.conditions import (MAX_INLINE_DEPTH, PROFILE_TYPE, attr, attributes_read, encode_json,
                                               fact_type, json_number, json_value, leaf_tests, pattern_parts,
                                               pattern_type, profile_pattern, retyped, rule_condition,
                                               rule_conditions, shallow, single_field, tree_reads, type_tests)
from zhice.matchers.durable.host import host, new_name, new_session_id, rejected
from zhice.profile import FIELDS
from zhice.scoring import finish, has_score, range_facts, range_key, score_fields

__all__ = ["NEVER", "RULES_PER_RULESET", "TESTS_PER_FACT", "DurableMatcher"]

# what a fired rule runs, given the profile's session (its facts, what was derived so far)
Handler = Callable[[dict[str, Any]], None]


class _Verdict(tuple):
    """What a verdict rule records, without a handler call: (condition tree slot, met or unmet)."""

    __slots__ = ()


_SAFE_NAME = re.compile(r"[A-Za-z0-9_.:/\-]+")

# durable fails (error 303) when one fact matches more than 64 distinct tests of a ruleset; a
# fact is only tested under its own type, so each fact type of a ruleset is tested by fewer
# comparisons than that, whatever the fact
TESTS_PER_FACT = 60
# durable finds the next fired rule by scanning the actions of the ruleset from the first one:
# a ruleset of a few hundred rules makes that scan cost more than a session
RULES_PER_RULESET = 120
# a rule reads the profile part that already holds all but at most this many of its attributes
NEW_ATTRIBUTES_PER_PART = 1
# a guard that handles facts without firing: it tests up to TYPES_PER_GUARD fact types and fires
# once it has matched NEVER facts (durable reads "count" as a 16-bit number)
TYPES_PER_GUARD = 20
NEVER = 60000


class DurableMatcher:
    """Evaluates through durable-rules; results identical to :class:`zhice.matchers.compiled.CompiledMatcher`."""

    name = "durable"

    def __init__(self, compiled: CompiledSet):
        self._targets: dict[str, list[str]] = {}
        self._prefix = compiled.prefix_lengths
        self._lists = frozenset(p for p, spec in FIELDS.items() if spec.type == "list")
        rules: list[tuple[str, dict[str, Any], set[str], Handler | _Verdict]] = []
        self._rules = rules
        self._nodes = itertools.count(1)
        self._handlers: dict[str, Handler] = {}
        self._verdicts: dict[str, _Verdict] = {}
        self._ranged = {out.fact for out in compiled.outputs if out.ranged}
        for out in compiled.outputs:
            if out.ranged:
                assert out.compute is not None
                self._python_rule(f"{out.key}/score", out.fact, score_fields(out.compute),
                                  score_fn(out.compute, out.type), ranged=True)
            elif out.cases is not None and out.exclusive:
                for i, (value, node) in enumerate(out.cases):
                    node = self._lower(node, out.key)
                    self._add(f"{out.key}/case{i}", to_nnf(node),
                              self._derive_action(out.fact, lambda s, v=value: v, exclusive=True))
            elif out.cases is not None:
                # First match, chained through durable: "case i holds" needs the link fact
                # {t: k_<fact>, i: i-1} that "case i-1 fails" asserts, so no rule carries the
                # negation of all earlier cases (durable rejects such deep expressions).
                chain = "k_" + out.fact[len(DERIVED):]
                for i, (value, node) in enumerate(out.cases):
                    node = self._lower(node, out.key)
                    if len(node_sources(node)) > 1:  # the chain link joins one more fact only
                        node = self._intermediate(node, out.key)
                    after = {"$and": [{"t": chain}, {"i": i - 1}]} if i else None
                    reads = tree_reads(node) | ({chain} if i else set())
                    rules.append((f"{out.key}/case{i}", rule_condition(to_nnf(node), after), reads,
                                  self._derive_action(out.fact, lambda s, v=value: v)))
                    if i + 1 < len(out.cases):
                        rules.append((f"{out.key}/skip{i}", rule_condition(negate(node), after), reads,
                                      self._link_action(chain, i)))
            else:
                assert out.compute is not None
                fields = [f for f in operand_fields(out.compute)]
                guard = All(tuple(Leaf(f, "exists", None, (f,)) for f in dict.fromkeys(fields))) if fields else None
                tree = guard if guard is not None else Leaf(AS_OF, "exists", None, (AS_OF,))
                fn = operand_fn(out.compute)

                def compute(session: dict[str, Any], fields: list[str] = fields,
                            fn: Callable[[Facts], Any] = fn, out_type: str = out.type) -> Any:
                    # the rule fired: every field it reads is known (asserted as the session's facts)
                    known = {f: (session["derived"] if f.startswith(DERIVED) else session["facts"])[f] for f in fields}
                    return finish(fn(known), out_type)
                rules.append((f"{out.key}/compute", rule_condition(to_nnf(tree)), tree_reads(tree),
                              self._derive_action(out.fact, compute)))
        # the verdict rules of each distinct condition tree (programs share scope conditions such
        # as "registered in Zhejiang"), for every element that has that tree: met and unmet, or
        # met only for a tree over one field (unmet when that field is known and met did not fire)
        shared: dict[Node, list[str]] = {}
        for el in compiled.elements():
            shared.setdefault(el.node, []).append(el.key)
        self._trees = list(shared.values())
        slot_of = {node: slot for slot, node in enumerate(shared)}
        self._slots = [(el.key, slot_of[el.node]) for el in compiled.elements()]
        self._known: list[tuple[int, str]] = []  # (slot, field) of the trees over one field
        for slot, (tree_node, keys) in enumerate(shared.items()):
            node = self._lower(tree_node, keys[0])
            field = single_field(node)
            if field is not None:
                self._known.append((slot, field))
            for verdict, tree in ((True, to_nnf(node)), (False, negate(node)))[:1 if field else 2]:
                self._add(f"{keys[0]}/{'met' if verdict else 'unmet'}", tree, _Verdict((slot, verdict)))
        definitions = self._pack(rules)
        unsafe = [n for n in [*self._handlers, *self._verdicts] if not _SAFE_NAME.fullmatch(n)]
        assert not unsafe, f"rule names must not need JSON escapes: {unsafe[:3]}"
        try:
            host().register_rulesets(definitions)
            self._handles = {rs: host().get_ruleset(rs)._handle for rs in self._rulesets}
        except Exception as exc:  # noqa: BLE001 - durable raises bare errors
            raise EvaluationError([Problem("durable-rejected", f"durable-rules rejected rule {name}: {exc}",
                                           hint="simplify this condition, or use --matcher compiled")
                                   for name in rejected(self.definitions)] or
                                  [Problem("durable-rejected", str(exc))]) from None

    # -- packing: profile facts of few attributes, few rulesets
    def _pack(self, rules: list[tuple[str, dict[str, Any], set[str], Handler | _Verdict]]) -> dict[str, dict[str, Any]]:
        """Spread the rules over profile fact types and the fact types over rulesets.

        Every rule that reads the profile reads one of its *parts*: a fact ``{t: p<n>}`` holding
        only the attributes of its rules (durable parses, stores and, for every fired rule,
        serialises the whole fact: small facts are fast). A part is tested by at most
        ``TESTS_PER_FACT`` comparisons (durable fails past 64 matching tests per fact); parts
        that share no attributes go to separate facts, rules reading the same attributes to
        the same one. The parts then share few rulesets: each profile costs one session per
        ruleset, and each derived fact is asserted into every ruleset that reads it.
        """
        parts: list[tuple[set[str], int, list[int]]] = []  # (what its rules read, tests, rules)
        part_of: dict[int, int] = {}
        profile = [(i, profile_pattern(rule[1])) for i, rule in enumerate(rules)]
        # what a rule reads: its profile attributes and, so that the rules reading a derived
        # fact end up in few rulesets, the derived facts (by type)
        attrs_of = {i: attributes_read(body) for i, body in profile if body is not None}
        tests_of = {i: leaf_tests(profile[i][1]) for i in attrs_of}
        reads_of = {i: attrs_of[i] | {fact_type(src) for src in rules[i][2]} for i in attrs_of}
        for i in sorted(reads_of, key=lambda i: (-len(reads_of[i]), -tests_of[i], i)):
            reads, tests = reads_of[i], tests_of[i]
            fits = [(len(reads - read), len(read), n) for n, (read, t, _) in enumerate(parts)
                    if t + tests <= TESTS_PER_FACT]
            best = min(fits, default=None)
            if best is None or best[0] > NEW_ATTRIBUTES_PER_PART:
                parts.append((set(), 0, []))
                best = (0, 0, len(parts) - 1)
            read, t, members = parts[best[2]]
            read |= reads
            members.append(i)
            parts[best[2]] = (read, t + tests, members)
            part_of[i] = best[2]
        part_attrs = [sorted(set().union(*(attrs_of[i] for i in members)))
                      for _, _, members in parts]
        # rulesets: each part (with its rules) or rule reading no part goes to the ruleset that
        # already reads most of the derived facts it reads, if each fact type stays within
        # TESTS_PER_FACT comparisons and the ruleset within RULES_PER_RULESET rules
        base = f"zhice{new_name()}"
        units = [members for _, _, members in parts] + [[i] for i, body in profile if body is None]
        packed: list[tuple[Counter[str], list[int]]] = []
        for unit in units:
            load: Counter[str] = Counter()
            for i in unit:
                load.update(type_tests(rules[i][1]))
            shared = {k for k in load if not k.startswith(PROFILE_TYPE)}
            fits = [(-len(shared & weight.keys()), n) for n, (weight, members) in enumerate(packed)
                    if len(members) + len(unit) <= RULES_PER_RULESET and all(
                        weight[k] + load[k] <= TESTS_PER_FACT for k in shared)]
            if fits:  # the ruleset that already reads most of the derived facts this unit reads
                weight, members = packed[min(fits)[1]]
                weight.update(load)
                members.extend(unit)
            else:
                packed.append((load, list(unit)))
        self._rulesets = [f"{base}_{n}" for n in range(len(packed))]
        self._parts: dict[str, list[tuple[str, list[str]]]] = {rs: [] for rs in self._rulesets}
        definitions: dict[str, dict[str, Any]] = {}
        for rs, (_, members) in zip(self._rulesets, packed):
            body: dict[str, Any] = {}
            types: set[str] = set()
            for i in sorted(members):
                rule_name, cond, rule_reads, handler = rules[i]
                if i in part_of:
                    ptype = f"{PROFILE_TYPE}{part_of[i]}"
                    cond = retyped(cond, ptype)
                    types.add(ptype)
                body[rule_name] = dict(cond, run=_noop)
                for src in rule_reads:
                    types.add(fact_type(src))
                    if rs not in self._targets.setdefault(src, []):
                        self._targets[src].append(rs)
                if isinstance(handler, _Verdict):
                    self._verdicts[rule_name] = handler
                else:
                    self._handlers[rule_name] = handler
            # the guards: the first part's fires for every profile, so that an action starts in
            # every session; the other fact types share guards that wait for more facts than a
            # session ever holds, so a fact is handled without a fired rule (nor ~8 KB of
            # session state per guard rule). A ruleset without parts (its sessions start with a
            # derived fact) has only firing guards.
            firing = min((t for t in types if t.startswith(PROFILE_TYPE)), default=None)
            others = sorted(types - {firing})
            if firing is not None:
                body[f"guard/{firing}"] = {"all": [{"m": {"t": firing}}], "run": _noop}
            for k in range(0, len(others), TYPES_PER_GUARD):
                tested = [{"t": ftype} for ftype in others[k:k + TYPES_PER_GUARD]]
                guard = {"all": [{"m": tested[0] if len(tested) == 1 else {"$or": tested}}], "run": _noop}
                body[f"guard/{others[k]}"] = guard if firing is None else dict(guard, count=NEVER)
            for ftype in sorted(types):
                if ftype.startswith(PROFILE_TYPE):
                    self._parts[rs].append((ftype, part_attrs[int(ftype[len(PROFILE_TYPE):])]))
            definitions[rs] = body
        self.definitions = definitions
        used = {a for part in self._parts.values() for _, attrs in part for a in attrs}
        unsafe = [a for a in used if not _SAFE_NAME.fullmatch(a)]
        assert not unsafe, f"attribute names must not need JSON escapes: {unsafe[:3]}"
        # how each attribute some part holds is computed from the profile's facts: the value,
        # a list's length (…__n), a text's prefixes (…__p<n>)
        self._encoders: list[tuple[str, str | None, str | None, list[tuple[int, str]]]] = []
        for path in [*FIELDS, AS_OF]:
            a = attr(path)
            prefixes = [(n, f"{a}__p{n}") for n in sorted(self._prefix.get(path, ())) if f"{a}__p{n}" in used]
            length = f"{a}__n" if path in self._lists and f"{a}__n" in used else None
            if a in used or length or prefixes:
                self._encoders.append((path, a if a in used else None, length, prefixes))
                used -= {a, length, *(p for _, p in prefixes)}
        assert not used, f"profile attributes read by no known field: {sorted(used)[:3]}"
        # what durable registers: a copy of each rule (durable deletes its "run" key, nothing deeper)
        return {rs: {name: dict(rule) for name, rule in rules.items()} for rs, rules in definitions.items()}

    # -- computed in Python from a join of the facts read: scores, comparisons with a score
    def _python_rule(self, rule: str, path: str, fields: list[str], compute: Callable[[Facts], Any],
                     ranged: bool = False) -> None:
        """A rule joining one fact of each source ``fields`` read (the profile always), whose
        action computes ``path`` in Python and asserts it (unless it comes out unknown)."""
        sources = ["profile"] + sorted({source_of(f) for f in fields if f != AS_OF} - {"profile"})
        names = {src: ("m" if len(sources) == 1 else f"p{i}") for i, src in enumerate(sources)}
        condition = {"all": [{names[src]: {"t": fact_type(src)}} for src in sources]}
        profile = [f for f in dict.fromkeys(fields) if source_of(f) == "profile"]
        self._rules.append((rule, condition, set(sources) - {"profile"},
                            self._python_action(path, sources[1:], profile, compute, ranged)))

    def _python_action(self, path: str, sources: list[str], profile: list[str],
                       compute: Callable[[Facts], Any], ranged: bool) -> Handler:
        """The handler of a rule joining the profile with the derived ``sources``: the join says
        that every one of them is known; the values are the session's, the ones asserted."""
        ftype = fact_type(path)
        keys = [(src, range_key(src) if src in self._ranged else None) for src in sources]

        def handle(session: dict[str, Any]) -> None:
            if path in session["asserted"]:
                return
            session["asserted"].add(path)
            given, derived = session["facts"], session["derived"]
            facts: Facts = {f: given[f] for f in profile if f in given}
            for src, rk in keys:
                if src in derived:
                    facts[src] = derived[src]
                if rk is not None:
                    facts[rk] = derived[rk]
            try:
                value = compute(facts)
            except Exception as exc:  # noqa: BLE001 - reported after the profile
                session["errors"].append(f"computing {path}: {exc!r}")
                return
            if value is None:
                return
            fact: dict[str, Any] = {"t": ftype}
            if ranged:
                new = range_facts(path, value)
                session["derived"].update(new)
                lo, hi = value
                if not math.isinf(lo):
                    fact["lo"] = json_number(lo)
                if not math.isinf(hi):
                    fact["hi"] = json_number(hi)
                if path in new:
                    fact["v"] = json_number(new[path])
            else:
                fact["v"] = value
            self._forward(session, path, fact)
        return handle

    def _python_leaf(self, leaf: Leaf, key: str) -> Leaf:
        """A comparison with a score on its right side, decided in Python (zhice.scoring) and
        asserted as an intermediate fact the parent condition tests."""
        path = f"{DERIVED}__x{next(self._nodes)}"
        self._python_rule(f"{key}/node{path[len(DERIVED):]}/python", path, list(leaf.fields), node_fn(leaf))
        return Leaf(path, "eq", Const(True), (path,))

    # -- deep trees: durable rejects more than three nested $and/$or levels (error 113)
    def _lower(self, node: Node, key: str, root: bool = True) -> Node:
        """Replace subtrees too deep for one durable pattern by intermediate facts.

        A subtree that reads several facts, or whose expression would nest too deeply, gets
        its own pair of rules (true / false) asserting ``{t: d___x<n>, v: true|false}``; the
        parent then tests that fact like a derived fact. The result is the same Kleene value:
        when the subtree is unknown neither rule fires and the fact is absent.
        """
        if isinstance(node, Leaf):
            return self._python_leaf(node, key) if has_score(node.right) else node
        if isinstance(node, Not):
            return Not(self._lower(node.child, key, root))
        kids = tuple(self._lower(c, key, root=False) for c in node.children)
        new: Node = All(kids) if isinstance(node, All) else Any_(kids)
        if root:
            return new
        if len(node_sources(new)) <= 1 and shallow(new, MAX_INLINE_DEPTH):
            return new
        return self._intermediate(new, key)

    def _intermediate(self, node: Node, key: str) -> Leaf:
        path = f"{DERIVED}__x{next(self._nodes)}"
        for verdict, tree in ((True, to_nnf(node)), (False, negate(node))):
            self._add(f"{key}/node{path[len(DERIVED):]}/{'true' if verdict else 'false'}", tree,
                      self._node_action(path, verdict))
        return Leaf(path, "eq", Const(True), (path,))

    def _add(self, name: str, tree: Node, handler: Handler | _Verdict) -> None:
        """The rule(s) firing ``handler`` when the NNF ``tree`` is true (handlers tolerate firing twice)."""
        conditions = rule_conditions(tree)
        for i, condition in enumerate(conditions):
            types = {pattern_type(body) for body in pattern_parts(condition)}  # a split rule reads its own facts
            reads = {src for src in tree_reads(tree) if fact_type(src) in types}
            self._rules.append((name if len(conditions) == 1 else f"{name}/{i}", condition, reads, handler))

    def _node_action(self, path: str, verdict: bool) -> Handler:
        ftype = fact_type(path)

        def handle(session: dict[str, Any]) -> None:
            if path in session["asserted"]:
                return
            session["asserted"].add(path)
            self._forward(session, path, {"t": ftype, "v": verdict})
        return handle

    def _forward(self, session: dict[str, Any], key: str, fact: dict[str, Any]) -> None:
        """Queue ``fact`` for every ruleset that reads ``key`` (asserted after this action)."""
        fact["id"] = f'{fact["t"]}{fact.get("i", "")}'  # unique in the session (see match)
        fact["sid"] = session["sid"]
        text = encode_json(fact)
        for rs in self._targets.get(key, ()):
            session["queue"].setdefault(rs, []).append(text)

    # -- handlers: what a fired rule does (two parameters, never raise)
    def _derive_action(self, path: str, value_of: Callable[[dict[str, Any]], Any], exclusive: bool = False) -> Handler:
        ftype = fact_type(path)

        def handle(session: dict[str, Any]) -> None:
            derived = session["derived"]
            if path in derived and not exclusive:
                return  # an $or condition can fire once per matching branch
            try:
                value = value_of(session)
            except Exception as exc:  # noqa: BLE001 - reported after the profile
                session["errors"].append(f"deriving {path}: {exc!r}")
                return
            if path in derived:
                if derived[path] != value:
                    session["errors"].append(f"{path}: cases declared exclusive both hold ({derived[path]}, {value})")
                return
            derived[path] = value
            self._forward(session, path, {"t": ftype, "v": value})
        return handle

    def _link_action(self, chain: str, index: int) -> Handler:
        def handle(session: dict[str, Any]) -> None:
            if (chain, index) in session["asserted"]:
                return  # an $or condition can fire once per matching branch
            session["asserted"].add((chain, index))
            self._forward(session, chain, {"t": chain, "i": index})
        return handle

    # -- evaluation
    def _attributes_json(self, facts: Facts) -> dict[str, str]:
        """``"<attribute>":<value>`` as JSON, for every profile attribute some rule reads."""
        out: dict[str, str] = {}
        for path, a, length, prefixes in self._encoders:
            if path in facts:
                value = facts[path]
                if a is not None:
                    out[a] = f'"{a}":{json_value(value)}'
                if length is not None:
                    out[length] = f'"{length}":{len(value)}'
                for n, p in prefixes:
                    out[p] = f'"{p}":{json_value(value[:n])}'
        return out

    def match(self, facts: Facts) -> MatchResult:
        """Assert the profile's parts into every ruleset and run the fired rules' handlers.

        Driven through durable's engine API (assert, then take and complete the fired rules
        one by one), as ``durable.engine.Ruleset`` does, without building a ``Closure`` and
        re-serialising the session state for every fired rule: our handlers never change it.
        Derived facts are queued by the handlers and asserted in turn until none is left.
        Every fact carries an id, unique in its session (its type, and a chain link its index):
        durable would otherwise hash all its attributes into one.
        """
        sid = str(new_session_id())
        queue: dict[str, list[str]] = {}  # ruleset → facts (JSON) to assert
        session: dict[str, Any] = {"sid": sid, "facts": facts, "derived": {}, "errors": [], "asserted": set(),
                                   "queue": queue}
        handlers, verdicts, handles, errors = self._handlers, self._verdicts, self._handles, session["errors"]
        complete = dre.complete_and_start_action
        values: list[bool | None] = [None] * len(self._trees)
        try:
            given = self._attributes_json(facts)
            for rs in self._rulesets:
                parts = []
                for ftype, attrs in self._parts[rs]:
                    parts.append(",".join([f'{{"t":"{ftype}","id":"{ftype}","sid":"{sid}"',
                                           *[given[a] for a in attrs if a in given]]) + "}")
                if parts:
                    queue[rs] = parts
            while queue:
                rs = next(iter(queue))
                text = ",".join(queue.pop(rs))
                handle = handles[rs]
                status, state = dre.assert_facts(handle, f"[{text}]")
                if status in (1, 2):     # not handled / already observed: cannot happen with guards and fresh sids
                    errors.append(f"durable refused a fact ({status}) in {rs}: {text}")
                    continue
                fired = dre.start_action_for_state(handle, 0 if status == 3 else state)
                message = fired[1] if fired else None
                try:
                    while message:
                        rule = message[2:message.index('"', 2)]   # {"<rule name>": {"m": …}}
                        verdict = verdicts.get(rule)
                        if verdict is not None:
                            slot, met = verdict
                            if values[slot] is None:
                                values[slot] = met
                            elif values[slot] is not met:
                                errors.append(f"{self._trees[slot][0]} matched both as met and as unmet")
                        else:
                            h = handlers.get(rule)
                            if h is not None:
                                h(session)
                        message = complete(handle, state)
                except BaseException:
                    dre.abandon_action(handle, state)
                    raise
        except Exception as exc:  # noqa: BLE001
            errors.append(repr(exc))
        finally:
            for rs in self._rulesets:
                try:
                    dre.delete_state(handles[rs], sid)
                except Exception:  # noqa: BLE001,S110 - a session that was never opened
                    pass
        if errors:
            raise EvaluationError([Problem("matcher-failed", "; ".join(errors),
                                           hint="this is a bug in zhice; please report it with the profile")])
        for slot, field in self._known:
            if values[slot] is None and field in facts:
                values[slot] = False
        return MatchResult({key: values[slot] for key, slot in self._slots}, dict(session["derived"]))


def _noop(c: Any) -> None:
    return None
