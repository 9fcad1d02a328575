"""知策 zhice: a policy-compliance rule engine for enterprises.

Public API::

    from zhice import Engine, load_profile
    report = Engine().checkup(load_profile("profiles/examples/micro_software_startup.yaml"))

The names below are imported on first use (PEP 562), so ``import zhice`` — and every command
of the ``zhice`` CLI, which imports submodules of this package — loads only what it uses.
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING, Any

from zhice.version import __version__

if TYPE_CHECKING:   # for type checkers and readers: what the lazy names are
    from zhice.errors import (EvaluationError, OutputError, Problem, ProfileError, RulebookError, UsageError,
                              ZhiceError)
    from zhice.pipeline import Engine, checkup
    from zhice.profile import Profile, load_profile, profile_from_data
    from zhice.report import Report
    from zhice.rulebook import load_rulebooks

# public name → the module defining it
_LAZY = {
    **dict.fromkeys(("EvaluationError", "OutputError", "Problem", "ProfileError", "RulebookError", "UsageError",
                     "ZhiceError"), "zhice.errors"),
    "Engine": "zhice.pipeline",
    "checkup": "zhice.pipeline",
    "Profile": "zhice.profile",
    "load_profile": "zhice.profile",
    "profile_from_data": "zhice.profile",
    "Report": "zhice.report",
    "load_rulebooks": "zhice.rulebook",
}

__all__ = sorted([*_LAZY, "__version__"])


def __getattr__(name: str) -> Any:
    module = _LAZY.get(name)
    if module is None:
        raise AttributeError(f"module 'zhice' has no attribute {name!r}")
    value = getattr(importlib.import_module(module), name)
    globals()[name] = value     # once imported, an ordinary module attribute
    return value


def __dir__() -> list[str]:
    return sorted({*globals(), *_LAZY})
