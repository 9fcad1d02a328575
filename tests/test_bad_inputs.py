"""Broken inputs are fixture files; one parametrized test per kind checks every expected fragment.

Each fixture's first line is ``# expect: fragment | fragment | …``; ``line N`` fragments are
checked against the reported line numbers. Every problem of a file is reported at once.
"""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from zhice import Engine
from zhice.errors import ProfileError, RulebookError
from zhice.profile import load_profile

from conftest import AS_OF, RULEBOOKS, assert_reported, expectations

FIXTURES = Path(__file__).parent / "fixtures"


@pytest.mark.parametrize("path", sorted((FIXTURES / "bad_profiles").glob("*.yaml")), ids=lambda p: p.stem)
def test_bad_profile(path: Path) -> None:
    with pytest.raises(ProfileError) as info:
        load_profile(path)
    err = info.value
    assert err.exit_code == 2
    text = str(err)
    assert all(p.file == str(path) for p in err.problems)
    assert_reported(text, {p.line for p in err.problems if p.line}, expectations(path))


@pytest.mark.parametrize("path", sorted((FIXTURES / "bad_rulebooks").glob("*.yaml")), ids=lambda p: p.stem)
def test_bad_rulebook(path: Path, tmp_path: Path) -> None:
    shutil.copytree(RULEBOOKS / "derivations", tmp_path / "derivations")
    (tmp_path / "test").mkdir()
    shutil.copy(path, tmp_path / "test" / path.name)
    with pytest.raises(RulebookError) as info:
        Engine(tmp_path).compiled(AS_OF)
    err = info.value
    assert err.exit_code == 3
    text = str(err)
    assert all(p.file and p.file.endswith(path.name) for p in err.problems), text
    assert_reported(text, {p.line for p in err.problems if p.line}, expectations(path))


def test_several_problems_reported_together() -> None:
    with pytest.raises(ProfileError) as info:
        load_profile(FIXTURES / "bad_profiles" / "several_problems.yaml")
    assert len(info.value.problems) >= 4


def test_all_rulebook_problems_across_files(tmp_path: Path) -> None:
    """Problems of several broken rulebooks come back in one error, not one at a time."""
    shutil.copytree(RULEBOOKS / "derivations", tmp_path / "derivations")
    (tmp_path / "test").mkdir()
    names = ["unknown_field", "bad_enum", "duplicate_key"]
    for n in names:
        shutil.copy(FIXTURES / "bad_rulebooks" / f"{n}.yaml", tmp_path / "test")
    with pytest.raises(RulebookError) as info:
        Engine(tmp_path).compiled(AS_OF)
    files = {Path(p.file).stem for p in info.value.problems if p.file}
    assert {"unknown_field", "bad_enum", "duplicate_key"} <= files
