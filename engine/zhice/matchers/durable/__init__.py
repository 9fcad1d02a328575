"""The durable-rules matcher: compiled condition trees become durable rulesets.

This package is the only code that imports ``durable``: ``conditions`` translates condition
trees to durable conditions, ``host`` holds the one durable Host, ``rules`` is the matcher. It is
fenced in against every behaviour listed below (each pinned by ``tests/test_durable_matcher.py``):

* facts, not events (``assert_facts``), so every matching rule fires;
* every fact type a ruleset receives has a catch-all guard rule, so "nothing matched" is never
  a ``MessageNotHandledException`` (the engine API returns it as status 1, reported as an
  error). One guard, on a profile part, fires for every profile, so an action starts in every
  session: ``delete_state`` frees a pointer durable never initialised in a session where none
  did (a crash whenever that memory is not zero, so the guards are pinned, not the crash). The
  other types share guards (``{"$or": [{"t": …}, …]}``) with ``count: NEVER``: they handle a
  fact without firing (pinned); each profile gets a fresh session id, so no fact is seen twice;
* durable cannot tell an absent attribute from a false test, so each tree compiles to two rules:
  one that matches when the tree is *true* and one that matches its De Morgan negation, i.e.
  when the tree is *false*; when neither fires the outcome is unknown (Kleene logic). A tree
  that only compares the value of one profile field is known exactly when that field is: it
  has the first rule only, and is false when the field is known and the rule did not fire.
  Elements with the same tree (programs share scope conditions) share its rules. Every
  comparison also guards each attribute it reads with ``$ex``: durable compares an absent
  right-hand attribute as if it were present;
* every rule pattern carries a positive guard (``{"t": …}``, or a guard's ``$or`` of them), never
  only negative tests;
* durable fails past 64 matching tests per fact: a fact is tested only under its own type, and
  each fact type of a ruleset is tested by at most ``TESTS_PER_FACT`` comparisons; rulesets hold
  at most ``RULES_PER_RULESET`` rules (durable scans them all for every fired rule);
* every session is deleted after every profile, also after an exception;
* one ``Host`` per process, with its timer threads disabled (``_run`` does nothing); creating it
  makes glibc keep the few MB a session allocates and ``delete_state`` frees, instead of
  unmapping them and faulting them in again for the next profile (``zhice.heap``: ~1 ms of
  system time a profile, more than the matching);
* rules are registered through durable's ``Host`` (which validates and compiles them) and
  driven through its engine API: the facts are asserted, each fired rule is taken and
  completed in turn and its handler run; handlers never raise: they record errors, which are
  re-raised as :class:`EvaluationError` after the profile. A handler needs only the rule's name,
  never durable's message (the matched facts as JSON, which it would cost time to parse): what
  it computes, it computes from the facts the session asserted. A verdict rule (met / unmet)
  has no handler: the matcher records its verdict for its tree;
* definitions are built fresh for every registration (durable mutates them).

What a profile costs is set by durable: per rule, its session state (~0.5 µs to create and
delete); per fact, parsing it and testing every attribute against the tests under its type;
per fired rule, the matched facts serialised as JSON and a call back into Python. So the
profile is asserted as *parts*: facts ``{t: p<n>}`` that each hold only the attributes of the
rules that read that part (rules reading the same attributes and the same derived facts share
a part), a few rulesets receive all of them, a ruleset's facts go in one ``assert_facts`` call,
and every fact carries its id (else durable sorts and hashes its attributes into one).

Derived facts chain through durable's forward chaining: a derivation rule's handler queues a
``d_<fact>`` fact for every ruleset whose rules read it, where durable joins it with the
profile part; the facts queued for a ruleset are asserted together once the fired rules are done.

Scores (``zhice.scoring``) are computed in Python by the same interpreter (``zhice.eval``) the
compiled matcher uses, in the action of a rule that joins a profile part with the derived facts the score
reads (so it runs once they are all known, from their asserted values); the action asserts
``{t: d_<fact>, lo, hi, v}`` — the range of totals the missing data allows and, when they are
equal, the value. A comparison of a score with a number tests ``lo``
for met and ``hi`` for unmet (``score ≥ 60``: met when ``lo ≥ 60``, unmet when ``hi < 60``), so
an undecided range fires neither rule. A comparison with a score on its right side is decided
in Python the same way and asserted as an intermediate fact.
"""
from __future__ import annotations

from __future__ import annotations

from zhice.matchers.durable.rules import RULES_PER_RULESET, DurableMatcher

__all__ = ["RULES_PER_RULESET", "DurableMatcher"]
