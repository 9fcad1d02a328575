"""``zhice lint``: one broken rulebook per lint code (tests/fixtures/lint), each checked for its
code, its message fragments and its lines; plus exit codes, JSON output and the code docs.

Each fixture's first line is ``# expect: fragment | …`` (Chinese, then `` # en: …`` the English
fragments: each fixture is checked in both languages). Fragments that are lint codes must be
exactly the set of codes reported for that file; ``line N`` fragments must be reported lines.
"""

from __future__ import annotations

import json
import re
import shutil
from pathlib import Path

import pytest
from click.testing import CliRunner

from zhice.cli import cli
from zhice.lint import LINT_CODES, WARNING_CODES, Finding, lint_paths

from conftest import AS_OF, REPO, RULEBOOKS, assert_reported, expectations

FIXTURES = Path(__file__).parent / "fixtures" / "lint"
COMPILER_CODES = {"unknown-field", "type-mismatch", "unknown-param", "unknown-source", "mixed-sources",
                  "unknown-program", "bad-divisor", "duplicate-fact", "derivation-cycle", "param-not-in-force", "schema", "unknown-key", "missing-key", "invalid", "id-filename"}
ALL_CODES = set(LINT_CODES) | COMPILER_CODES


def workspace(tmp_path: Path, fixture: Path | None = None, with_feature: bool = True) -> Path:
    """A rulebooks dir (the shipped derivations + one fixture) with a features/ folder beside it."""
    books = tmp_path / "rulebooks"
    shutil.copytree(RULEBOOKS / "derivations", books / "derivations")
    (books / "test").mkdir()
    (tmp_path / "features" / "test").mkdir(parents=True)
    if fixture is not None:
        target = books / "test" / fixture.name
        shutil.copy(fixture, target)
        if with_feature:
            (tmp_path / "features" / "test" / f"{fixture.stem}.feature").write_text("# language: zh-CN\n", encoding="utf-8")
    return books


@pytest.mark.parametrize("path", sorted(FIXTURES.glob("*.yaml")), ids=lambda p: p.stem)
def test_fixture(path: Path, tmp_path: Path, lang: str) -> None:
    books = workspace(tmp_path, path, with_feature=path.stem != "no_feature")
    findings = lint_paths([books], as_of=AS_OF)
    text = "\n".join(str(f) for f in findings)
    expected = expectations(path, lang)
    codes = {f for f in expected if f in ALL_CODES}
    assert codes, f"{path.name}: the expect line names no code"
    assert {f.code for f in findings} == codes, text
    assert all(f.file and f.file.endswith(path.name) for f in findings), text
    assert_reported(text, {f.line for f in findings}, expected)


def test_every_lint_code_has_a_fixture() -> None:
    covered = {c for p in FIXTURES.glob("*.yaml") for c in expectations(p)}
    assert set(LINT_CODES) <= covered, set(LINT_CODES) - covered


def test_codes_are_documented() -> None:
    doc = (REPO / "docs" / "lint-codes.md").read_text(encoding="utf-8")
    for code in ALL_CODES:
        assert f"`{code}`" in doc, code


def test_clean_rulebook_has_no_findings(tmp_path: Path) -> None:
    good = tmp_path / "src" / "clean.yaml"
    good.parent.mkdir()
    text = (FIXTURES / "no_feature.yaml").read_text(encoding="utf-8").replace("id: no_feature", "id: clean")
    good.write_text(text, encoding="utf-8")
    books = workspace(tmp_path, good)
    assert lint_paths([books], as_of=AS_OF) == []


def test_not_a_contradiction(tmp_path: Path) -> None:
    """Ranges that overlap, different fields and any-branches that leave a gap are fine."""
    good = tmp_path / "src" / "ranges.yaml"
    good.parent.mkdir()
    text = (FIXTURES / "never_met.yaml").read_text(encoding="utf-8")
    text = text.replace("id: never_met", "id: ranges").replace("op: lt, value: 3}", "op: lt, value: 8}")
    text = text.replace("{field: ip.utility_models, op: lt, value: 0}", "{field: ip.utility_models, op: lte, value: 0}")
    good.write_text(text, encoding="utf-8")
    books = workspace(tmp_path, good)
    assert lint_paths([books], as_of=AS_OF) == []


def run(*args: str):
    return CliRunner().invoke(cli, ["lint", *args], catch_exceptions=False)


def test_cli_exit_3_on_errors_and_lists_file_line(tmp_path: Path) -> None:
    books = workspace(tmp_path, FIXTURES / "every_problem_at_once.yaml")
    result = run(str(books), "--as-of", AS_OF.isoformat())
    assert result.exit_code == 3, result.output
    assert re.search(r"every_problem_at_once\.yaml:15: unknown-field: ", result.output), result.output
    assert re.search(r"every_problem_at_once\.yaml:19: type-mismatch: ", result.output), result.output


def test_cli_exit_0_on_warnings_only(tmp_path: Path) -> None:
    books = workspace(tmp_path, FIXTURES / "stale_review.yaml")
    result = run(str(books), "--as-of", AS_OF.isoformat(), "--format", "json")
    assert result.exit_code == 0, result.output
    data = json.loads(result.output)
    assert data["ok"] is True and data["errors"] == 0 and data["warnings"] == 1
    assert data["findings"][0]["code"] == "stale-review" and data["findings"][0]["severity"] == "warning"


def test_single_file_and_features_option(tmp_path: Path) -> None:
    books = workspace(tmp_path, FIXTURES / "no_feature.yaml", with_feature=False)
    other = tmp_path / "elsewhere" / "test"
    other.mkdir(parents=True)
    (other / "no_feature.feature").write_text("# language: zh-CN\n", encoding="utf-8")
    target = books / "test" / "no_feature.yaml"
    assert [f.code for f in lint_paths([target], as_of=AS_OF)] == ["no-feature"]
    assert lint_paths([target], as_of=AS_OF, features=tmp_path / "elsewhere") == []
    # a single file reports only its own findings, even when a sibling is broken
    shutil.copy(FIXTURES / "never_met.yaml", books / "test" / "never_met.yaml")
    assert {f.code for f in lint_paths([target], as_of=AS_OF)} == {"no-feature"}


def test_missing_path_is_an_error(tmp_path: Path) -> None:
    result = run(str(tmp_path / "nope"))
    assert result.exit_code == 3
    assert "no-rulebooks" in result.output


def test_shipped_rulebooks_have_no_lint_errors() -> None:
    errors = [f for f in lint_paths([RULEBOOKS], as_of=AS_OF) if f.severity == "error"]
    assert errors == [], "\n".join(map(str, errors))


def test_finding_format(lang: str) -> None:
    f = Finding("never-met", "error", "x", "a.yaml", 3, "criteria.0.when", "fix it")
    hint = " (fix it)" if lang == "en" else "（fix it）"
    assert str(f) == "a.yaml:3: never-met: criteria.0.when: x" + hint
    assert "no-source" in WARNING_CODES and "never-met" not in WARNING_CODES


_CJK = re.compile(r"[\u4e00-\u9fff]")
# English words a Chinese message must not carry (keys, ids, paths and operators may stay as written)
_ENGLISH = re.compile(r"\b(?:the|is|not|of|has|can|never|did you mean|found|needs?|unknown|source|parameter|"
                      r"rulebook|cites|used|twice|write|remove|check|add)\b", re.IGNORECASE)


def _without_names(text: str) -> str:
    """A message without what the author typed: quoted values, dotted paths, file names, code spans."""
    text = re.sub(r"'[^']*'|`[^`]*`|\[[^\]]*\]|https?://\S+|\S+\.(?:yaml|yml|feature|cn|com|org)\b", "", text)
    return re.sub(r"\b[a-z_]+(?:\.[a-z0-9_]+)+\b|\b[a-z]+_[a-z0-9_]+\b|\b[a-z_]+:", "", text)    # paths, ids, keys:


def test_every_lint_message_is_one_language_at_a_time(tmp_path: Path, lang: str) -> None:
    """Chinese messages and hints carry no English words (only what the author typed: keys, ids,
    fields, values); English ones are English."""
    seen = 0
    for path in sorted(FIXTURES.glob("*.yaml")):
        books = workspace(tmp_path / path.stem, path, with_feature=path.stem != "no_feature")
        for f in lint_paths([books], as_of=AS_OF):
            for text in filter(None, (f.message, f.hint)):
                seen += 1
                bare = _without_names(text)
                if lang == "zh":
                    assert _CJK.search(text) and not _ENGLISH.search(bare), (path.name, text)
                else:
                    assert re.search(r"\b[a-z]{3,} [a-z]{2,}\b", bare), (path.name, text)
    assert seen > 40


def test_cli_lint_speaks_chinese_by_default_english_with_lang_en(tmp_path: Path) -> None:
    books = workspace(tmp_path, FIXTURES / "every_problem_at_once.yaml")
    zh = CliRunner().invoke(cli, ["lint", str(books), "--as-of", AS_OF.isoformat()])
    en = CliRunner().invoke(cli, ["lint", str(books), "--as-of", AS_OF.isoformat(), "--lang", "en"])
    assert zh.exit_code == en.exit_code == 3
    assert "未知字段 'ip.invention_patent'（您是否想写 ip.invention_patents" in zh.output and "did you mean" not in zh.output
    assert "个错误" in zh.output
    assert "unknown field 'ip.invention_patent' (did you mean ip.invention_patents" in en.output
    assert "error(s)" in en.output and not _CJK.search(en.output.split("unknown field")[0].split(": ")[-1])
    data = json.loads(CliRunner().invoke(cli, ["lint", str(books), "--as-of", AS_OF.isoformat(), "--format", "json"]).output)
    assert {"ok", "errors", "warnings", "findings"} <= set(data)
    assert {"code", "severity", "message", "file", "line"} <= set(data["findings"][0])
