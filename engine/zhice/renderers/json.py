"""The JSON result contract (``zhice.report.Report``): one object, stable key order."""

from __future__ import annotations

import json
from typing import Any

from zhice.report import Report

__all__ = ["dumps", "render_json"]


def dumps(data: Any) -> str:
    return json.dumps(data, ensure_ascii=False, indent=2)


def render_json(report: Report, extra: dict[str, Any] | None = None, **_: object) -> str:
    data = report.to_json_dict()
    if extra:
        data.update(extra)
    return dumps(data) + "\n"
