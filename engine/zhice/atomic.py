"""Atomic text writes: a temporary file beside the target, then a rename (never half a file)."""

from __future__ import annotations

import os
from pathlib import Path

__all__ = ["write_text"]


def write_text(target: Path, text: str) -> None:
    """Write ``text`` (UTF-8) to ``target`` atomically, creating its folder; the file gets the
    usual mode (mkstemp creates 0600). On any failure the temporary file is removed."""
    import tempfile     # here, not at import: a command that writes nothing does not load it (~6 ms)

    target.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(dir=target.parent, prefix=f".{target.name}.", suffix=".tmp")
    try:
        with os.fdopen(fd, "w", encoding="utf-8") as fh:
            fh.write(text)
        umask = os.umask(0)
        os.umask(umask)
        os.chmod(tmp, 0o666 & ~umask)
        os.replace(tmp, target)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise
