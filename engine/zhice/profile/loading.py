"""Reading profiles: a YAML/JSON file or plain data into a :class:`~zhice.profile.Profile`.

Every problem of a profile is collected (unknown keys with a "did you mean", each invalid value at
its path and line) and raised at once as a :class:`~zhice.errors.ProfileError`.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from pathlib import Path
from typing import Any

from pydantic import ValidationError

from zhice.errors import Problem, ProfileError, did_you_mean
from zhice.language import pick
from zhice.profile.model import Profile, model_of
from zhice.profile.registry import FIELDS, SECTIONS, active_catalogue
from zhice.values import unknown_field_message, unknown_key_message, validation_problem, value_hint, value_message
from zhice.yamlio import Loaded, load_file

__all__ = ["check_as_of", "founded_after", "load_profile", "profile_from_data", "profile_from_fields", "with_changes"]


def _section_keys(section: str) -> list[str]:
    return [d.name for d in active_catalogue().sections[SECTIONS.index(section)].fields]


def _unknown_key_problems(data: Mapping[str, Any], loaded: Loaded | None, file: str | None) -> list[Problem]:
    problems: list[Problem] = []
    top = ["schema_version", *SECTIONS]
    for key, value in data.items():
        if key not in top:
            guess = did_you_mean(str(key), top + list(FIELDS))
            problems.append(Problem("unknown-field", unknown_key_message(str(key), top),
                                    file, loaded.line_of(str(key)) if loaded else None, str(key), guess))
            continue
        if key in SECTIONS and isinstance(value, Mapping):
            known = _section_keys(key)
            for sub in value:
                if sub not in known:
                    path = f"{key}.{sub}"
                    guess = did_you_mean(path, FIELDS) or did_you_mean(str(sub), known)
                    problems.append(Problem("unknown-field", unknown_field_message(path), file,
                                            loaded.line_of(path) if loaded else None, path,
                                            guess or f"fields of {key}: {', '.join(known)}"))
    return problems


def profile_from_data(data: Any, file: str | None = None, loaded: Loaded | None = None) -> Profile:
    """Validate plain data into a :class:`Profile`, collecting every problem."""
    if not isinstance(data, Mapping):
        found = pick("空文档", "an empty document") if data is None else type(data).__name__
        raise ProfileError([Problem("not-a-mapping", pick(f"画像应为各节的映射，实为 {found}",
                                                          f"a profile must be a mapping of sections, found {found}"),
                                    file, (loaded.line_of("") if loaded else None) or 1,
                                    hint=pick("以 'enterprise:' 开头，把它的字段缩进在下面",
                                              "start with 'enterprise:' and indent its fields under it"))])
    problems = _unknown_key_problems(data, loaded, file)
    known = {k: v for k, v in data.items() if k == "schema_version" or k in SECTIONS}
    for section in SECTIONS:
        if isinstance(known.get(section), Mapping):
            allowed = set(_section_keys(section))
            known[section] = {k: v for k, v in known[section].items() if k in allowed}
    try:
        profile = model_of(active_catalogue()).model_validate(known)
    except ValidationError as exc:
        problems += [validation_problem(err, file, loaded, FIELDS, SECTIONS) for err in exc.errors()]
        raise ProfileError(problems) from None
    if problems:
        raise ProfileError(problems)
    profile._origin = (file, loaded)
    return profile


def profile_from_fields(data: dict[str, dict[str, Any]], file: str | None = None) -> Profile:
    """Validate ``{section: {field: value}}`` whose keys are all profile fields (a typed table row).

    The fast path of batch screening: no key checks are needed; any invalid value falls back to
    :func:`profile_from_data` for the full list of problems.
    """
    try:
        return model_of(active_catalogue()).model_validate(data)
    except ValidationError:
        return profile_from_data(data, file)


def load_profile(path: str | Path) -> Profile:
    """Load a profile from a YAML or JSON file. Raises :class:`ProfileError` with every problem."""
    loaded = load_file(path)
    if loaded.problems and loaded.data is None:
        raise ProfileError(loaded.problems)   # nothing to validate (a syntax error, a passed limit)
    if not loaded.problems:
        return profile_from_data(loaded.data, str(path), loaded)
    # values YAML could not build (an impossible date: left unknown) and every other problem at once
    reported = {p.path for p in loaded.problems}
    try:
        profile_from_data(loaded.data, str(path), loaded)
    except ProfileError as exc:
        raise ProfileError(loaded.problems + [p for p in exc.problems if p.path not in reported]) from None
    raise ProfileError(loaded.problems)


def with_changes(profile: Profile, changes: Mapping[str, Any]) -> Profile:
    """A copy of ``profile`` with ``{dotted path: value}`` applied (None makes a field unknown)."""
    data = profile.data()
    for path, value in changes.items():
        section, name = path.split(".", 1)
        data.setdefault(section, {})
        if value is None:
            data[section].pop(name, None)
        else:
            data[section][name] = value.isoformat() if isinstance(value, dt.date) else value
    return profile_from_data(data)


def founded_after(profile: Profile, as_of: dt.date) -> list[str]:
    """The paths of the profile's ``founding_date`` fields that are after ``as_of``."""
    cat = type(profile).__zhice_catalogue__ or active_catalogue()
    out = []
    for path in cat.of_kind("founding_date"):
        section, name = path.split(".", 1)
        founded = getattr(getattr(profile, section), name)
        if founded is not None and founded > as_of:
            out.append(path)
    return out


def check_as_of(profile: Profile, as_of: dt.date) -> None:
    """Refuse a profile founded after the evaluation date (a ``founding_date`` field after ``as_of``)."""
    file, loaded = profile._origin
    problems = []
    for path in founded_after(profile, as_of):
        section, name = path.split(".", 1)
        founded = getattr(getattr(profile, section), name)
        message = value_message("date-after-as-of", date=founded.isoformat(), as_of=as_of.isoformat())
        problems.append(Problem("date-after-as-of", message, file, loaded.line_of(path) if loaded else None, path,
                                value_hint("date-after-as-of")))
    if problems:
        raise ProfileError(problems)
