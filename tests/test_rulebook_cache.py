"""The loaded-rulebooks cache: keyed by the files' digest, atomic, rebuilt when stale or unreadable, skippable."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from zhice import rulebook_cache
from zhice.rulebook import load_rulebooks

REPO = Path(__file__).resolve().parent.parent


@pytest.fixture()
def books(tmp_path, monkeypatch) -> Path:
    monkeypatch.setenv("ZHICE_CACHE_DIR", str(tmp_path / "cache"))
    monkeypatch.delenv("ZHICE_NO_CACHE", raising=False)
    root = tmp_path / "rulebooks"
    shutil.copytree(REPO / "rulebooks" / "derivations", root / "derivations")
    return root


def _no_loading(monkeypatch):
    def fail(*a, **k):
        raise AssertionError("the rulebooks were parsed again")

    monkeypatch.setattr(rulebook_cache, "load_rulebooks", fail)


def test_a_second_load_comes_from_the_cache_and_equals_a_fresh_load(books, monkeypatch):
    first = rulebook_cache.load_cached(books)
    assert list((books.parent / "cache").glob("rulebooks-*.pickle"))
    fresh = load_rulebooks(books, strict=False)
    _no_loading(monkeypatch)
    again = rulebook_cache.load_cached(books)
    assert again.digest == first.digest == fresh.digest == rulebook_cache.rulebooks_digest(books)
    assert [b.model_dump() for b in again.books] == [b.model_dump() for b in fresh.books]
    assert again.files == fresh.files


def test_a_changed_file_is_read_again(books):
    first = rulebook_cache.load_cached(books)
    path = next(books.rglob("*.yaml"))
    path.write_text(path.read_text(encoding="utf-8") + "\n# edited\n", encoding="utf-8")
    second = rulebook_cache.load_cached(books)
    assert second.digest != first.digest and second.digest == load_rulebooks(books).digest


def test_an_unreadable_entry_is_rebuilt(books):
    rulebook_cache.load_cached(books)
    [entry] = (books.parent / "cache").glob("rulebooks-*.pickle")
    entry.write_bytes(b"not a pickle")
    again = rulebook_cache.load_cached(books)
    assert again.digest == load_rulebooks(books).digest
    assert entry.read_bytes() != b"not a pickle"
    assert not list(entry.parent.glob(".*.tmp")), "no temporary file is left"


def test_no_cache_skips_it(books, monkeypatch):
    monkeypatch.setenv("ZHICE_NO_CACHE", "1")
    rulebook_cache.load_cached(books)
    assert not (books.parent / "cache").exists()


def test_bad_rulebooks_are_never_cached(books):
    (books / "derivations" / "broken.yaml").write_text("id: [unclosed\n", encoding="utf-8")
    loaded = rulebook_cache.load_cached(books)
    assert loaded.problems
    assert not list((books.parent / "cache").glob("rulebooks-*.pickle"))


def test_a_cached_load_imports_no_json_schema_validator(books):
    """jsonschema is imported where a rulebook file is checked; a load from the cache checks none."""
    import os
    import subprocess
    import sys

    rulebook_cache.load_cached(books)
    code = ("import sys; from zhice.rulebook_cache import load_cached; "
            f"b = load_cached({str(books)!r}); print(len(b.books), 'jsonschema' in sys.modules)")
    env = {**os.environ, "PYTHONPATH": str(REPO / "engine")}
    out = subprocess.run([sys.executable, "-c", code], env=env, capture_output=True, text=True, check=True).stdout
    assert out.split()[1] == "False", out
