"""The enterprise profile (contract v1), built from the field catalogue.

The fields are data: ``rulebooks/_meta/fields.yml`` (:mod:`zhice.profile.catalogue`) names every
section and field with its kind, Chinese title, unit, bounds and choice labels; a rulebooks folder
may bring its own. From the catalogue in use come the typed field registry :data:`FIELDS` (what
the rulebook compiler resolves every field reference against, and the CSV/XLSX column names:
dotted path or Chinese title) and, on first use, the pydantic :class:`Profile` model.

Every field is optional except the catalogue's required one (``enterprise.name``); an absent field
is *unknown*, never zero or false. Unknown keys are rejected with a "did you mean".
"""

from __future__ import annotations

from zhice.profile.catalogue import Catalogue, FieldSpec, FieldType, catalogue_for, load_catalogue, shipped_catalogue
from zhice.profile.loading import check_as_of, founded_after, load_profile, profile_from_data, profile_from_fields, with_changes
from zhice.profile.model import Profile, data_digest
from zhice.profile.registry import (CHOICE_LABELS, FIELDS, SECTIONS, active_catalogue, field_suggestion,
                                    resolve_field_name, use_catalogue)
from zhice.profile.text import UNKNOWN_WORDS, parse_value
from zhice.values import FALSE_WORDS, TRUE_WORDS, check_credit_code

__all__ = [
    "CHOICE_LABELS",
    "FALSE_WORDS",
    "FIELDS",
    "SECTIONS",
    "TRUE_WORDS",
    "UNKNOWN_WORDS",
    "Catalogue",
    "FieldSpec",
    "FieldType",
    "Profile",
    "active_catalogue",
    "catalogue_for",
    "check_as_of",
    "check_credit_code",
    "data_digest",
    "field_suggestion",
    "founded_after",
    "load_catalogue",
    "load_profile",
    "parse_value",
    "profile_from_data",
    "profile_from_fields",
    "resolve_field_name",
    "shipped_catalogue",
    "use_catalogue",
    "with_changes",
]
