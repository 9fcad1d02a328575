"""The loaded-rulebooks cache: keyed by the files' digest, atomic, rebuilt when stale or unreadable, skippable."""

from __future__ import annotations

import json
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
    assert list((books.parent / "cache").glob("rulebooks-*.json"))
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
    [entry] = (books.parent / "cache").glob("rulebooks-*.json")
    entry.write_bytes(b"not an entry")
    again = rulebook_cache.load_cached(books)
    assert again.digest == load_rulebooks(books).digest
    assert entry.read_bytes() != b"not an entry"
    assert not list(entry.parent.glob(".*.tmp")), "no temporary file is left"


def test_no_cache_skips_it(books, monkeypatch):
    monkeypatch.setenv("ZHICE_NO_CACHE", "1")
    rulebook_cache.load_cached(books)
    assert not (books.parent / "cache").exists()


def test_bad_rulebooks_are_never_cached(books):
    (books / "derivations" / "broken.yaml").write_text("id: [unclosed\n", encoding="utf-8")
    loaded = rulebook_cache.load_cached(books)
    assert loaded.problems
    assert not list((books.parent / "cache").glob("rulebooks-*.json"))


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


# ---- a cache entry is data: what someone else wrote there is ignored and rebuilt, never run ----

def _entry(books: Path) -> Path:
    [entry] = (books.parent / "cache").glob("rulebooks-*.json")
    return entry


class _Planted:
    """Unpickling this runs ``touch <marker>``: what a planted pickle could do."""

    def __init__(self, marker: Path):
        self.marker = marker

    def __reduce__(self):
        import os

        return (os.system, (f"touch {self.marker}",))


def _planted_pickle(marker: Path) -> bytes:
    import pickle

    return pickle.dumps(_Planted(marker))


@pytest.mark.parametrize("planted", ["pickle", "garbage", "truncated", "empty", "other-model", "extra-field",
                                     "untagged-object", "deep", "not-utf8", "folder"])
def test_a_planted_or_broken_entry_is_ignored_and_rebuilt(books, tmp_path, planted):
    first = rulebook_cache.load_cached(books)
    entry = _entry(books)
    good = entry.read_text(encoding="utf-8")
    marker = tmp_path / "ran"
    bad: bytes | None = {
        "pickle": _planted_pickle(marker),
        "garbage": b"\x00\x01garbage{[",
        "truncated": good[: len(good) // 2].encode(),
        "empty": b"",
        # well-formed JSON naming what is not a rulebook model, or a model with a field it has not
        "other-model": good.replace('"$m":"Rulebook"', '"$m":"Path"', 1).encode(),
        "extra-field": good.replace('"$m":"FieldRef","v":[', '"$m":"FieldRef","v":["x",', 1).encode(),
        "untagged-object": good.replace('{"$d":', '{"__class__":"os.system","$d":', 1).encode(),
        "deep": b"[" * 100_000 + b"]" * 100_000,
        "not-utf8": b"\xff\xfe" + good.encode("utf-16-le")[:1000],
        "folder": None,
    }[planted]
    if bad is None:
        entry.unlink()
        entry.mkdir()
    else:
        assert bad != good.encode()
        entry.write_bytes(bad)
    again = rulebook_cache.load_cached(books)
    assert not marker.exists(), "the planted entry ran code"
    assert again.digest == first.digest
    assert [b.model_dump() for b in again.books] == [b.model_dump() for b in load_rulebooks(books).books]
    if planted != "folder":
        assert entry.read_text(encoding="utf-8") == good, "the entry is rebuilt"


def test_an_entry_too_large_is_not_read(books, monkeypatch):
    rulebook_cache.load_cached(books)
    monkeypatch.setattr(rulebook_cache, "MAX_ENTRY_BYTES", 100)
    monkeypatch.setattr(rulebook_cache, "_parse", lambda *a: pytest.fail("an oversized entry was parsed"))
    assert rulebook_cache.load_cached(books).digest == rulebook_cache.rulebooks_digest(books)


def test_an_entry_of_another_digest_is_not_used(books):
    """An entry copied over the one of the current files (its stored digest differs) is rebuilt."""
    rulebook_cache.load_cached(books)
    old = _entry(books)
    stale = old.read_text(encoding="utf-8")
    path = next(books.rglob("*.yaml"))
    path.write_text(path.read_text(encoding="utf-8") + "\n# edited\n", encoding="utf-8")
    digest = rulebook_cache.rulebooks_digest(books)
    new = rulebook_cache.entry_path(books, digest)
    assert new != old
    new.write_text(stale, encoding="utf-8")
    loaded = rulebook_cache.load_cached(books)
    assert loaded.digest == digest == load_rulebooks(books).digest
    assert digest in new.read_text(encoding="utf-8")


def test_the_digest_reads_no_special_file(books):
    """The digest reads rulebook files as the loader does: a FIFO named like a rulebook is not read
    (it would block for ever), and the digest still equals the loader's."""
    import os

    fifo = books / "derivations" / "a_fifo.yaml"
    os.mkfifo(fifo)
    assert rulebook_cache.rulebooks_digest(books) == load_rulebooks(books, strict=False).digest


def test_no_cache_option_reads_and_writes_nothing(books, monkeypatch):
    from click.testing import CliRunner

    from zhice.cli import cli

    example = REPO / "profiles" / "examples" / "micro_software_startup.yaml"
    monkeypatch.setattr(rulebook_cache, "_read", lambda *a: pytest.fail("--no-cache read the cache"))
    shutil.copytree(REPO / "rulebooks", books.parent / "shipped")
    r = CliRunner().invoke(cli, ["checkup", str(example), "--rulebooks", str(books.parent / "shipped"),
                                 "--matcher", "compiled", "--no-cache", "--format", "json"])
    assert r.exit_code == 0, r.output
    assert not (books.parent / "cache").exists(), "--no-cache wrote an entry"
    import os

    assert "ZHICE_NO_CACHE" not in os.environ, "--no-cache outlived its command"
    monkeypatch.undo()
    monkeypatch.setenv("ZHICE_CACHE_DIR", str(books.parent / "cache"))
    monkeypatch.delenv("ZHICE_NO_CACHE", raising=False)
    r = CliRunner().invoke(cli, ["checkup", str(example), "--rulebooks", str(books.parent / "shipped"),
                                 "--matcher", "compiled", "--format", "json"])
    assert r.exit_code == 0, r.output
    assert list((books.parent / "cache").glob("rulebooks-*.json")), "without --no-cache the entry is written"


@pytest.mark.parametrize("command", ["checkup", "programs", "explain", "whatif", "interview", "serve", "screen",
                                     "diff", "verify", "lint"])
def test_every_command_that_loads_rulebooks_takes_no_cache(command):
    from click.testing import CliRunner

    from zhice.cli import cli

    r = CliRunner().invoke(cli, [command, "--help"])
    assert r.exit_code == 0 and "--no-cache" in r.output, r.output


def test_the_shipped_rulebooks_round_trip_through_an_entry(tmp_path, monkeypatch):
    """Every model, date and mapping of the shipped catalog has a form in the entry: it is written,
    and read back equal to a fresh load (fields, fields set, line maps, files)."""
    monkeypatch.setenv("ZHICE_CACHE_DIR", str(tmp_path / "cache"))
    monkeypatch.delenv("ZHICE_NO_CACHE", raising=False)
    root = REPO / "rulebooks"
    rulebook_cache.load_cached(root)
    assert list((tmp_path / "cache").glob("rulebooks-*.json"))
    monkeypatch.setattr(rulebook_cache, "load_rulebooks", lambda *a, **k: pytest.fail("parsed again"))
    cached = rulebook_cache.load_cached(root)
    monkeypatch.undo()
    fresh = load_rulebooks(root)
    assert cached.books == fresh.books
    assert [b.model_fields_set for b in cached.books] == [b.model_fields_set for b in fresh.books]
    assert [b.model_dump(mode="json", by_alias=True, exclude_unset=True) for b in cached.books] == \
           [b.model_dump(mode="json", by_alias=True, exclude_unset=True) for b in fresh.books]
    assert {k: v.lines for k, v in cached.lines.items()} == {k: v.lines for k, v in fresh.lines.items()}
    assert cached.files == fresh.files and cached.digest == fresh.digest


def test_an_entry_written_for_other_rulebook_models_is_not_read(books, monkeypatch):
    """The key holds the models' fields and types: an edited model (here a field renamed, same count)
    looks for another entry, instead of reading values into the wrong fields."""
    rulebook_cache.load_cached(books)
    before = rulebook_cache.entry_path(books, rulebook_cache.rulebooks_digest(books))
    assert before.exists()
    from pydantic import BaseModel

    class FieldRef(BaseModel):      # zhice.rulebook.FieldRef with its one field renamed
        path: str

    models = {**rulebook_cache._models(), "FieldRef": FieldRef}
    monkeypatch.setattr(rulebook_cache, "_models", lambda: models)
    assert rulebook_cache.entry_path(books, rulebook_cache.rulebooks_digest(books)) != before


def test_a_cache_folder_that_cannot_be_written_only_costs_time(books, tmp_path, monkeypatch):
    blocker = tmp_path / "a_file"
    blocker.write_text("not a folder", encoding="utf-8")
    monkeypatch.setenv("ZHICE_CACHE_DIR", str(blocker / "zhice"))
    loaded = rulebook_cache.load_cached(books)
    assert loaded.digest == load_rulebooks(books).digest and not loaded.problems
    assert blocker.read_text(encoding="utf-8") == "not a folder"


def _models_in(value, out):
    from pydantic import BaseModel

    if isinstance(value, BaseModel):
        out.append(value)
        for v in value.__dict__.values():
            _models_in(v, out)
    elif isinstance(value, (list, tuple)):
        for v in value:
            _models_in(v, out)
    elif isinstance(value, dict):
        for v in value.values():
            _models_in(v, out)
    return out


@pytest.mark.parametrize("cached", [False, True], ids=["validated", "from the cache"])
def test_json_data_is_model_dump_on_every_model_of_the_shipped_rulebooks(tmp_path, monkeypatch, cached):
    """What describing a program reads as plain data (zhice.model_data) is pydantic's own dump, to the byte."""
    from zhice.model_data import json_data

    monkeypatch.setenv("ZHICE_CACHE_DIR", str(tmp_path))
    monkeypatch.delenv("ZHICE_NO_CACHE", raising=False)
    if cached:
        rulebook_cache.load_cached(REPO / "rulebooks")
        books = rulebook_cache.load_cached(REPO / "rulebooks").books
    else:
        books = load_rulebooks(REPO / "rulebooks").books
    models = _models_in(books, [])
    assert len({type(m).__name__ for m in models}) >= 15, "the walk reaches the nested models"
    for m in models:
        for exclude_none in (False, True):
            for by_alias in (False, True):
                assert json_data(m, exclude_none=exclude_none, by_alias=by_alias) == m.model_dump(
                    mode="json", exclude_none=exclude_none, by_alias=by_alias), (type(m).__name__, exclude_none, by_alias)


def test_json_data_writes_a_choice_as_its_value_and_refuses_what_it_has_no_form_for():
    import datetime as dt
    from enum import Enum

    from pydantic import BaseModel

    from zhice.model_data import json_data
    from zhice.profile import load_profile

    class Size(str, Enum):
        micro = "micro"

    class Row(BaseModel):
        size: Size
        tags: dict[str, list[dt.date]]
        note: str | None = None

    row = Row(size="micro", tags={"a": [dt.date(2026, 1, 2)], "b": []})
    assert json.dumps(json_data(row)) == json.dumps(row.model_dump(mode="json"))   # plain text, not the enum
    assert json_data(row, exclude_none=True) == row.model_dump(mode="json", exclude_none=True)

    class Stamp(BaseModel):
        at: dt.datetime

    with pytest.raises(TypeError):
        json_data(Stamp(at=dt.datetime(2026, 1, 1)))
    with pytest.raises(TypeError):      # the fast profile model has no pydantic fields to walk
        json_data(load_profile(REPO / "profiles" / "examples" / "micro_software_startup.yaml"))


def test_an_entry_keeps_no_line_maps_and_a_cached_set_reads_one_when_a_problem_needs_it(books, monkeypatch):
    """The line maps are read from the rulebook files on demand (the digest the entry was found by
    covers them): a checkup that places no problem parses no file, and a placed problem has the
    line a fresh load gives it, even after the working folder changed."""
    rulebook_cache.load_cached(books)
    assert '"lines"' not in _entry(books).read_text(encoding="utf-8") and len(json.loads(_entry(books).read_text(
        encoding="utf-8"))) == 5
    read = []
    real = rulebook_cache.load_file
    monkeypatch.setattr(rulebook_cache, "load_file", lambda path: read.append(path) or real(path))
    cached = rulebook_cache.load_cached(books)
    assert read == []
    fresh = load_rulebooks(books)
    book = cached.books[0]
    monkeypatch.chdir(books.parent.parent)
    paths = list(fresh.lines[book.id].lines)
    assert len(paths) > 10
    assert [cached.line(book.id, p) for p in paths] == [fresh.line(book.id, p) for p in paths]
    assert len(read) == 1
    assert {k: v.lines for k, v in cached.lines.items()} == {k: v.lines for k, v in fresh.lines.items()}
    assert cached.line("no_such_book", "id") is None
