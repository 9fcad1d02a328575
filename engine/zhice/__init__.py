"""知策 zhice: a policy-compliance rule engine for enterprises.

Public API::

    from zhice import Engine, load_profile
    report = Engine().checkup(load_profile("profiles/examples/micro_software_startup.yaml"))
"""

from __future__ import annotations

from zhice.errors import (EvaluationError, OutputError, Problem, ProfileError, RulebookError,  # noqa: E402
                           UsageError, ZhiceError)
from zhice.pipeline import Engine, checkup  # noqa: E402
from zhice.profile import Profile, load_profile, profile_from_data  # noqa: E402
from zhice.report import Report  # noqa: E402
from zhice.rulebook import load_rulebooks  # noqa: E402
from zhice.version import __version__  # noqa: E402

__all__ = [
    "Engine",
    "EvaluationError",
    "OutputError",
    "Problem",
    "Profile",
    "ProfileError",
    "Report",
    "RulebookError",
    "UsageError",
    "ZhiceError",
    "__version__",
    "checkup",
    "load_profile",
    "load_rulebooks",
    "profile_from_data",
]
