"""The one durable-rules ``Host`` of a process, quiet (no timer threads), and the rule probe."""

from __future__ import annotations

import copy
import itertools
import threading
from typing import Any

import durable.engine as durable_engine

from zhice.heap import keep_freed_memory

__all__ = ["host", "new_name", "new_session_id", "rejected"]


class _QuietHost(durable_engine.Host):
    """A Host without the two self-rescheduling timer threads that race with assert_fact."""

    def _run(self) -> None:  # noqa: D401 - deliberately does nothing
        return None


_HOST: _QuietHost | None = None
_HOST_LOCK = threading.Lock()
_NAMES = itertools.count(1)
_SIDS = itertools.count(1)


def host() -> _QuietHost:
    global _HOST
    with _HOST_LOCK:
        if _HOST is None:
            keep_freed_memory()   # a session's few MB, freed by delete_state, are reused
            _HOST = _QuietHost()
        return _HOST


def new_name() -> int:
    """A number no ruleset registered on the host has used."""
    return next(_NAMES)


def new_session_id() -> int:
    return next(_SIDS)


def rejected(definitions: dict[str, dict[str, Any]]) -> list[str]:
    """Register each rule alone to find the ones durable refuses."""
    bad = []
    for rules in definitions.values():
        for name, rule in rules.items():
            try:
                host().register_rulesets({f"zhice_probe{new_name()}": {name: copy.deepcopy(rule)}})
            except Exception:  # noqa: BLE001
                bad.append(name)
    return bad
