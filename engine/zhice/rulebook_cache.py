"""A cache of loaded rulebooks in the user's cache folder, so a cold ``zhice checkup`` skips parsing
and validating every rulebook (YAML, JSON Schema, pydantic: 110–470 ms on the shipped catalog).

The entry is keyed by what the loaded set is a function of: the rulebooks digest (every file's
relative path and bytes, computed exactly as :func:`zhice.rulebook.load_rulebooks` computes it,
without parsing anything), the folder they were read from and the engine version. A changed,
added or removed file gives another digest, so a stale entry is never read. An entry that cannot
be read (truncated, from another Python, corrupt) is rebuilt. Entries are written atomically (a
temporary file renamed over the entry), so a concurrent reader sees a whole entry or none.

Only sets loaded without problems are cached: bad rulebooks are always read again so that
every problem is reported. The folder is ``$XDG_CACHE_HOME/zhice`` (default ``~/.cache/zhice``);
``ZHICE_NO_CACHE=1`` (or ``use_cache=False``) skips the cache, ``ZHICE_CACHE_DIR`` moves it.

The entry is a pickle: like Python's own ``__pycache__``, it is the user's own file in the user's
own folder, written by this program; it is never read from the rulebooks' folder or anywhere a
rulebook author controls.
"""

from __future__ import annotations

import hashlib
import os
import pickle
import tempfile
from pathlib import Path

from zhice.version import __version__
from zhice.rulebook import RulebookSet, load_rulebooks, rulebook_files

__all__ = ["cache_dir", "cache_enabled", "load_cached", "rulebooks_digest"]


def cache_dir() -> Path:
    """``$ZHICE_CACHE_DIR``, else ``$XDG_CACHE_HOME/zhice``, else ``~/.cache/zhice``."""
    explicit = os.environ.get("ZHICE_CACHE_DIR")
    if explicit:
        return Path(explicit)
    base = os.environ.get("XDG_CACHE_HOME") or str(Path.home() / ".cache")
    return Path(base) / "zhice"


def cache_enabled() -> bool:
    return os.environ.get("ZHICE_NO_CACHE", "").strip().lower() in ("", "0", "false", "no")


def rulebooks_digest(root: Path) -> str:
    """The digest :func:`zhice.rulebook.load_rulebooks` gives the rulebooks under ``root``."""
    h = hashlib.sha256()
    for path in rulebook_files(root):
        h.update(str(path.relative_to(root) if path.is_relative_to(root) else path.name).encode())
        try:
            h.update(path.read_bytes())
        except OSError:
            pass
    return "sha256:" + h.hexdigest()


def _entry(root: Path, digest: str) -> Path:
    # the loaded set keeps its files' paths as given: a relative folder is keyed with the working folder
    where = str(root) if root.is_absolute() else f"{os.getcwd()}\n{root}"
    key = hashlib.sha256(f"{digest}\n{where}\n{__version__}".encode()).hexdigest()[:32]
    return cache_dir() / f"rulebooks-{key}.pickle"


def _read(entry: Path, digest: str) -> RulebookSet | None:
    try:
        with entry.open("rb") as fh:
            books = pickle.load(fh)
    except FileNotFoundError:
        return None
    except Exception:  # noqa: BLE001 - an unreadable entry is rebuilt
        return None
    if not isinstance(books, RulebookSet) or books.digest != digest or books.problems:
        return None
    return books


def _write(entry: Path, books: RulebookSet) -> None:
    try:
        entry.parent.mkdir(parents=True, exist_ok=True)
        fd, tmp = tempfile.mkstemp(dir=entry.parent, prefix=f".{entry.name}.", suffix=".tmp")
        try:
            with os.fdopen(fd, "wb") as fh:
                pickle.dump(books, fh, protocol=pickle.HIGHEST_PROTOCOL)
            os.replace(tmp, entry)
        except BaseException:
            Path(tmp).unlink(missing_ok=True)
            raise
    except (OSError, pickle.PicklingError, TypeError, AttributeError):
        pass    # a cache that cannot be written only costs the next start its time


def load_cached(root: str | Path, use_cache: bool | None = None) -> RulebookSet:
    """``load_rulebooks(root, strict=False)``, from the cache when an entry for these exact files exists."""
    root = Path(root)
    if not (cache_enabled() if use_cache is None else use_cache) or not root.is_dir():
        return load_rulebooks(root, strict=False)
    digest = rulebooks_digest(root)
    entry = _entry(root, digest)
    books = _read(entry, digest)
    if books is not None:
        return books
    books = load_rulebooks(root, strict=False)
    if not books.problems and books.digest == digest:
        _write(entry, books)
    return books
