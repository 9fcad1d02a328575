"""``zhice serve``: the web page (the interview as a form, then the report) and the JSON API.

Needs the ``serve`` extra (FastAPI + uvicorn): ``pip install -e ".[serve]"``.

    from zhice.serve import create_app
    app = create_app(as_of="2026-11-21")      # any ASGI server; `zhice serve` runs uvicorn
"""

from __future__ import annotations

from typing import Any

__all__ = ["create_app"]


def create_app(*args: Any, **kwargs: Any) -> Any:
    """:func:`zhice.serve.app.create_app` (imported on call, so ``import zhice.serve`` needs no FastAPI)."""
    from zhice.serve.app import create_app as _create

    return _create(*args, **kwargs)
