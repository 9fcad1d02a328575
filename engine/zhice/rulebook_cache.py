"""A cache of loaded rulebooks in the user's cache folder, so a cold ``zhice checkup`` skips parsing
and validating every rulebook (YAML, JSON Schema, pydantic: 110–470 ms on the shipped catalog).

The entry is keyed by what the loaded set is a function of: the rulebooks digest (every file's
relative path and bytes, computed exactly as :func:`zhice.rulebook.load_rulebooks` computes it,
without parsing anything), the folder they were read from, the engine version, the entry format
and the rulebook models it is read into (their fields and types, pydantic's version). A changed,
added or removed file gives another digest, so a stale entry is never read. An entry that cannot
be read (missing, truncated, garbage, too large, not a regular file, of another format or digest,
naming a model or a field the rulebook models do not have) is ignored and rebuilt. Entries are
written atomically (:func:`zhice.atomic.write_text`): a concurrent reader sees a whole entry or none.

The entry is data, never code: JSON of the loaded rulebooks, in which every rulebook model is
``{"$m": <model>, "v": [<each field's value, in the model's order>], "s": [<fields set>]}``, a
date ``{"$d": "YYYY-MM-DD"}`` and a plain mapping ``{"$o": [[<key>, <value>], …]}``; any other
JSON object makes the entry unreadable. The line maps that place problems are not in the entry:
each is read from its rulebook file when a problem needs it. Reading it parses JSON and builds the models
``zhice.rulebook`` defines, by name, with exactly their fields, as their ``model_construct``
does (no validation: the entry holds what validated models held). Nothing in the file can name
a class, a function or a module to run: a planted pickle is just an unreadable entry. Reads are
bounded: the entry (:data:`MAX_ENTRY_BYTES`) and every rulebook file the digest reads
(``zhice.limits.MAX_FILE_BYTES``, as the loader reads them).

Only sets loaded without problems are cached: bad rulebooks are always read again so that every
problem is reported. The folder is ``$XDG_CACHE_HOME/zhice`` (default ``~/.cache/zhice``;
``ZHICE_CACHE_DIR`` moves it). ``ZHICE_NO_CACHE=1``, the commands' ``--no-cache`` (which sets it
while the command runs, for its worker processes too) or ``use_cache=False`` skip the cache:
nothing is read or written.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import os
from collections.abc import Iterator, Mapping
from pathlib import Path
from typing import Any

import pydantic
from pydantic import BaseModel

from zhice import rulebook as _rulebook
from zhice.atomic import write_text
from zhice.rulebook import RulebookSet, load_rulebooks, rulebook_files
from zhice.version import __version__
from zhice.yamlio import Loaded, load_file, read_bounded

__all__ = ["FORMAT", "MAX_ENTRY_BYTES", "cache_dir", "cache_enabled", "entry_path", "load_cached",
           "rulebooks_digest"]

FORMAT = 3                              # 1 was a pickle, 2 kept the line maps; a change of the encoding bumps it
MAX_ENTRY_BYTES = 64 * 1024 * 1024      # an entry larger than this is not read (the shipped set's is < 1 MB)


def cache_dir() -> Path:
    """``$ZHICE_CACHE_DIR``, else ``$XDG_CACHE_HOME/zhice``, else ``~/.cache/zhice``."""
    explicit = os.environ.get("ZHICE_CACHE_DIR")
    if explicit:
        return Path(explicit)
    base = os.environ.get("XDG_CACHE_HOME") or str(Path.home() / ".cache")
    return Path(base) / "zhice"


def cache_enabled() -> bool:
    """False when ``ZHICE_NO_CACHE`` is set to anything but 0/false/no (``--no-cache`` sets it)."""
    return os.environ.get("ZHICE_NO_CACHE", "").strip().lower() in ("", "0", "false", "no")


def rulebooks_digest(root: Path) -> str:
    """The digest :func:`zhice.rulebook.load_rulebooks` gives the rulebooks under ``root`` (each file
    read as the loader reads it: a regular file of at most ``MAX_FILE_BYTES``, else not hashed)."""
    h = hashlib.sha256()
    for path in rulebook_files(root):
        h.update(str(path.relative_to(root) if path.is_relative_to(root) else path.name).encode())
        raw = read_bounded(path)
        if isinstance(raw, bytes):
            h.update(raw)
    return "sha256:" + h.hexdigest()


def _models_fingerprint() -> str:
    """The rulebook models' names, fields and field types, and pydantic's version: an entry written
    by other models (an edited zhice/rulebook.py, another pydantic) has another key."""
    shape = [(name, [(f, repr(info.annotation)) for f, info in cls.model_fields.items()])
             for name, cls in sorted(_models().items())]
    return hashlib.sha256(repr((shape, pydantic.VERSION)).encode()).hexdigest()


def entry_path(root: Path, digest: str) -> Path:
    """The cache entry of the rulebooks under ``root`` with this digest."""
    # the loaded set keeps its files' paths as given: a relative folder is keyed with the working folder
    where = str(root) if root.is_absolute() else f"{os.getcwd()}\n{root}"
    key = hashlib.sha256(f"{digest}\n{where}\n{__version__}\n{FORMAT}\n{_models_fingerprint()}".encode())
    return cache_dir() / f"rulebooks-{key.hexdigest()[:32]}.json"


# ---- the encoding --------------------------------------------------------------------------------

def _models() -> dict[str, type[BaseModel]]:
    """The rulebook models an entry may name: the pydantic models ``zhice.rulebook`` defines."""
    return {c.__name__: c for c in vars(_rulebook).values()
            if isinstance(c, type) and issubclass(c, BaseModel) and c.__module__ == _rulebook.__name__}


class _Unencodable(TypeError):
    """A value the entry format has no form for: the set is not cached (never cached wrongly)."""


def _encode(value: Any, models: dict[str, type[BaseModel]]) -> Any:
    if value is None or isinstance(value, (bool, int, float, str)):
        return value
    if isinstance(value, BaseModel):
        cls = type(value)
        if models.get(cls.__name__) is not cls:
            raise _Unencodable(f"not a rulebook model: {cls.__qualname__}")
        values = value.__dict__
        return {"$m": cls.__name__, "v": [_encode(values[k], models) for k in cls.model_fields],
                "s": sorted(value.model_fields_set)}
    if isinstance(value, dt.datetime):
        raise _Unencodable("a datetime")
    if isinstance(value, dt.date):
        return {"$d": value.isoformat()}
    if isinstance(value, list):
        return [_encode(v, models) for v in value]
    if isinstance(value, dict) and all(isinstance(k, str) for k in value):
        return {"$o": [[k, _encode(v, models)] for k, v in value.items()]}
    raise _Unencodable(type(value).__name__)


class _BadEntry(ValueError):
    """The entry is not one this program wrote: ignored and rebuilt."""


def _mapping(pairs: Any) -> dict[str, Any]:
    try:
        mapping = dict(pairs)           # a list of [key, value] pairs
    except (TypeError, ValueError):
        raise _BadEntry("a mapping that is not a list of [key, value] pairs") from None
    if not isinstance(pairs, list) or not set(map(type, mapping)) <= {str}:
        raise _BadEntry("a mapping whose keys are not all text")
    return mapping


def _decoder(models: dict[str, type[BaseModel]]) -> Any:
    """The ``object_hook`` reading an entry: every JSON object in it is one of the three tagged forms.

    A model is built as ``model_construct`` builds it from all its fields (``__dict__`` and the
    fields set), without its per-field alias lookups: the entry holds every field, in order."""
    shapes = {name: (cls, tuple(cls.model_fields), frozenset(cls.model_fields)) for name, cls in models.items()}
    plain = {name for name, cls in models.items()
             if not cls.__pydantic_post_init__ and not cls.__pydantic_root_model__ and not cls.__private_attributes__}
    setattr_ = object.__setattr__

    def hook(obj: dict[str, Any]) -> Any:
        n = len(obj)
        if n == 1 and "$o" in obj:
            return _mapping(obj["$o"])
        if n == 1 and "$d" in obj and isinstance(obj["$d"], str):
            return dt.date.fromisoformat(obj["$d"])
        if n == 3 and "$m" in obj and "v" in obj and "s" in obj:
            name, values, given = obj["$m"], obj["v"], obj["s"]
            shape = shapes.get(name) if isinstance(name, str) else None
            if (shape is None or not isinstance(values, list) or len(values) != len(shape[1])
                    or not isinstance(given, list) or not shape[2].issuperset(given)):
                raise _BadEntry(f"not a rulebook model: {str(name)[:40]}")
            cls, names, _ = shape
            if name not in plain:
                return cls.model_construct(_fields_set=set(given), **dict(zip(names, values)))
            m = cls.__new__(cls)
            setattr_(m, "__dict__", dict(zip(names, values)))
            setattr_(m, "__pydantic_fields_set__", set(given))
            setattr_(m, "__pydantic_extra__", None)
            setattr_(m, "__pydantic_private__", None)
            return m
        raise _BadEntry("an object of no known form")
    return hook


def _dump(books: RulebookSet) -> str:
    """The entry: ``[format, digest, root, books, files]`` (the line maps are not kept: :class:`_FileLines`)."""
    models = _models()
    return json.dumps([FORMAT, books.digest, str(books.root), [_encode(b, models) for b in books.books],
                       {"$o": [[k, str(v)] for k, v in books.files.items()]}],
                      ensure_ascii=False, separators=(",", ":"))


class _FileLines(Mapping[str, Loaded]):
    """The line maps of a set read from the cache, ``{rulebook id: Loaded}``, each read from its
    file when first asked for (a problem to place): the digest the entry was found by covers those
    files, and a checkup that places no problem parses none of them (they were 43 % of an entry)."""

    def __init__(self, files: dict[str, Path]):
        self._files = files
        self._read: dict[str, Loaded] = {}

    def __getitem__(self, book_id: str) -> Loaded:
        if book_id not in self._read:
            self._read[book_id] = Loaded(None, load_file(self._files[book_id]).lines)
        return self._read[book_id]

    def __iter__(self) -> Iterator[str]:
        return iter(self._files)

    def __len__(self) -> int:
        return len(self._files)


def _parse(text: str, digest: str) -> RulebookSet:
    data = json.loads(text, object_hook=_decoder(_models()))
    if not isinstance(data, list) or len(data) != 5 or data[0] != FORMAT or data[1] != digest:
        raise _BadEntry("another format or digest")
    _, _, root, books, files = data
    if (not isinstance(root, str) or not isinstance(books, list)
            or not all(isinstance(b, _rulebook.Rulebook) for b in books)
            or not isinstance(files, dict) or not all(isinstance(v, str) for v in files.values())
            or set(files) != {b.id for b in books}):
        raise _BadEntry("not a loaded rulebook set")
    paths = {k: Path(v) for k, v in files.items()}
    here = Path.cwd()   # a relative path is read later from where it was given, even after a chdir
    lines = _FileLines({k: p if p.is_absolute() else here / p for k, p in paths.items()})
    return RulebookSet(Path(root), books, paths, lines, digest)   # type: ignore[arg-type]


def _read(entry: Path, digest: str) -> RulebookSet | None:
    raw = read_bounded(entry, MAX_ENTRY_BYTES)    # missing, not a regular file, too large: a Problem
    if not isinstance(raw, bytes):
        return None
    try:
        return _parse(raw.decode("utf-8"), digest)
    except (ValueError, TypeError, KeyError, RecursionError):   # garbage, truncated, planted: rebuilt
        return None


def _write(entry: Path, books: RulebookSet) -> None:
    try:
        text = _dump(books)
    except _Unencodable:
        return
    try:
        write_text(entry, text)
    except OSError:
        pass    # a cache that cannot be written only costs the next start its time


def load_cached(root: str | Path, use_cache: bool | None = None) -> RulebookSet:
    """``load_rulebooks(root, strict=False)``, from the cache when an entry for these exact files exists."""
    root = Path(root)
    if not (cache_enabled() if use_cache is None else use_cache) or not root.is_dir():
        return load_rulebooks(root, strict=False)
    digest = rulebooks_digest(root)
    entry = entry_path(root, digest)
    books = _read(entry, digest)
    if books is not None:
        return books
    books = load_rulebooks(root, strict=False)
    if not books.problems and books.digest == digest:
        _write(entry, books)
    return books
