"""Docs that tests keep true: every command has help and is in the README; the schema files for
editors equal the generated schemas; the README's example commands are the ones CI runs."""

from __future__ import annotations

import json

import pytest
from click.testing import CliRunner

from zhice.cli import cli
from zhice.schemas import SCHEMA_DIR, profile_schema, rulebook_schema

from conftest import REPO

README = (REPO / "README.md").read_text(encoding="utf-8")


@pytest.mark.parametrize("name", sorted(cli.commands))
def test_every_command_has_help_and_is_documented(name: str) -> None:
    res = CliRunner().invoke(cli, [name, "--help"])
    assert res.exit_code == 0 and res.output.strip()
    assert cli.commands[name].help, f"{name} has no docstring"
    assert f"zhice {name}" in README, f"README does not document `zhice {name}`"


@pytest.mark.parametrize(("name", "make"), [("profile", profile_schema), ("rulebook", rulebook_schema)])
def test_schema_files_are_up_to_date(name: str, make) -> None:
    on_disk = json.loads((SCHEMA_DIR / f"{name}.schema.json").read_text(encoding="utf-8"))
    assert on_disk == make(), f"run: python -c 'from zhice.schemas import write_schemas; write_schemas()'"


def test_ci_runs_the_readme_commands() -> None:
    ci = (REPO / ".ci" / "run").read_text(encoding="utf-8")
    assert 'pip install -e ".[test]"' in README and 'pip install -q -e ".[test]"' in ci
    assert "python -m pytest -q" in README and "python -m pytest -q" in ci
    assert "zhice checkup profiles/examples/micro_software_startup.yaml" in README
    assert "zhice checkup profiles/examples/micro_software_startup.yaml" in ci


def test_every_rulebook_has_a_feature_file() -> None:
    missing = []
    for rb in sorted((REPO / "rulebooks").rglob("*.yaml")):
        feature = REPO / "features" / rb.parent.name / f"{rb.stem}.feature"
        if not feature.exists():
            missing.append(str(rb.relative_to(REPO)))
    assert not missing, f"rulebooks without scenarios: {missing}"


def test_the_readme_checkup_session_is_what_zhice_prints(monkeypatch: pytest.MonkeyPatch) -> None:
    """The example session under "## A checkup" is real output: every line shown (the rulebooks
    digest aside, "…" marking what was left out) appears, in order, when the command runs."""
    import re
    import shlex

    pytest.importorskip("durable.engine")               # the session shows the durable matcher
    block = README.split("## A checkup", 1)[1].split("```text\n", 1)[1].split("```", 1)[0].splitlines()
    command, shown = block[0], [ln for ln in block[1:] if ln.strip() not in ("…", "")]
    assert command.startswith("$ zhice checkup ")
    monkeypatch.chdir(REPO)                               # the command is run from the clone's root
    result = CliRunner().invoke(cli, shlex.split(command[len("$ zhice "):]), catch_exceptions=False)
    assert result.exit_code == 0

    def mask(line: str) -> str:
        return re.sub(r"sha256:[0-9a-f]+", "sha256:…", line)
    actual = [mask(ln) for ln in result.output.splitlines()]
    at = 0
    for line in map(mask, shown):
        assert line in actual[at:], f"README line not in the output (in order): {line!r}"
        at = actual.index(line, at) + 1
