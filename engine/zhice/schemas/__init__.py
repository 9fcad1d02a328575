"""JSON Schemas: the profile's (from the pydantic model) and the rulebook's (from its models).

The files beside this module are the same schemas written out for editors
(``# yaml-language-server: $schema=…``); a test keeps them equal to the generated ones.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

__all__ = ["SCHEMA_DIR", "profile_schema", "rulebook_schema", "write_schemas"]

SCHEMA_DIR = Path(__file__).resolve().parent


def profile_schema() -> dict[str, Any]:
    from zhice.profile import Profile

    schema = Profile.model_json_schema(mode="validation")
    schema["$schema"] = "https://json-schema.org/draft/2020-12/schema"
    schema["$id"] = "https://zhice.example/schemas/profile.schema.json"
    return schema


def rulebook_schema() -> dict[str, Any]:
    from zhice.rulebook import rulebook_json_schema

    return rulebook_json_schema()


def write_schemas() -> None:
    for name, data in (("profile", profile_schema()), ("rulebook", rulebook_schema())):
        (SCHEMA_DIR / f"{name}.schema.json").write_text(json.dumps(data, ensure_ascii=False, indent=2) + "\n",
                                                         encoding="utf-8")

