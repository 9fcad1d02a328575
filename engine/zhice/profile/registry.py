"""The catalogue in use and the field registry built from it.

:data:`FIELDS` (``{dotted path: FieldSpec}``), :data:`SECTIONS`, the choice labels
(:data:`zhice.language.CHOICE_LABELS`, ``{path: {code: (zh, en)}}``) and the title index are
plain containers every module imports once; :func:`use_catalogue` refills them in place, so a rulebooks folder with its own catalogue (:func:`zhice.rulebook.load_rulebooks` makes
it the one in use) is seen everywhere. The shipped catalogue is in use from import on.
"""

from __future__ import annotations

from zhice.errors import did_you_mean
from zhice.language import CHOICE_LABELS
from zhice.profile.catalogue import Catalogue, FieldSpec, shipped_catalogue

__all__ = ["CHOICE_LABELS", "FIELDS", "SECTIONS", "active_catalogue", "field_suggestion", "resolve_field_name",
           "use_catalogue"]

FIELDS: dict[str, FieldSpec] = {}
SECTIONS: list[str] = []
_BY_TITLE: dict[str, str] = {}
_ACTIVE: list[Catalogue] = []


def use_catalogue(cat: Catalogue) -> None:
    """Make ``cat`` the catalogue profiles are read and rulebooks compiled against."""
    if _ACTIVE and _ACTIVE[0] is cat:
        return
    _ACTIVE[:] = [cat]
    FIELDS.clear()
    FIELDS.update(cat.fields)
    SECTIONS[:] = [s.key for s in cat.sections]
    CHOICE_LABELS.clear()
    CHOICE_LABELS.update(cat.labels)
    _BY_TITLE.clear()
    _BY_TITLE.update({spec.title: path for path, spec in cat.fields.items()})


def active_catalogue() -> Catalogue:
    return _ACTIVE[0]


def resolve_field_name(name: str) -> str | None:
    """Map a dotted path or a Chinese title to the dotted path, or None if unknown."""
    name = name.strip()
    if name in FIELDS:
        return name
    return _BY_TITLE.get(name)


def field_suggestion(name: str) -> str | None:
    return did_you_mean(name, list(FIELDS) + list(_BY_TITLE))


use_catalogue(shipped_catalogue())
