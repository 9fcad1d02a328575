"""Renderers turn a :class:`~zhice.report.Report` into text for people or programs.

``render(report, fmt)`` picks one by name. Each renderer is a function ``Report -> str`` in its
own module; everything taken from a profile or a rulebook is escaped by the renderers whose
format needs it (HTML, Markdown).
"""

from __future__ import annotations

import importlib
from collections.abc import Callable

from zhice.errors import Problem, UsageError
from zhice.report import Report

__all__ = ["FORMATS", "render"]

# format name → "module:function"
FORMATS: dict[str, str] = {
    "text": "zhice.renderers.text:render_text",
    "json": "zhice.renderers.json:render_json",
    "markdown": "zhice.renderers.markdown:render_markdown",
    "html": "zhice.renderers.html:render_html",
}


def renderer(fmt: str) -> Callable[..., str]:
    target = FORMATS.get(fmt)
    if target is None:
        raise UsageError([Problem("unknown-format", f"unknown format '{fmt}'", hint="choose " + ", ".join(FORMATS))])
    module, func = target.split(":")
    try:
        return getattr(importlib.import_module(module), func)
    except ImportError as exc:
        raise UsageError([Problem("format-unavailable", f"format '{fmt}' is not available: {exc}")]) from None


def render(report: Report, fmt: str = "text", **options: object) -> str:
    return renderer(fmt)(report, **options)
