"""``zhice interview``: driven with scripted input through click's CliRunner.

The answers come from a "true" profile: the test replays the question order the library would
choose (:class:`zhice.interview.Interview`), types each answer as text, and checks that the
interview completes, asks far fewer questions than the profile has fields, re-asks invalid
input, reaches the same statuses as a checkup of the full profile, and saves a profile that
reproduces exactly the report it showed.
"""

from __future__ import annotations

import datetime as dt
import json
import shutil
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner

from zhice import Engine, load_profile, profile_from_data
from zhice.cli import cli
from zhice.profile import FIELDS
from zhice.interview import Interview, nest, parse_answer, question_text

from conftest import AS_OF, EXAMPLES, RULEBOOKS

SKIP_MARK = "回车或“不知道”跳过"


def as_text(value: Any) -> str:
    if value is None:
        return "不知道"
    if isinstance(value, bool):
        return "是" if value else "否"
    if isinstance(value, (list, tuple)):
        return ", ".join(value) if value else "无"
    if isinstance(value, dt.date):
        return value.isoformat()
    return str(value)


def script(engine: Engine, truth: dict[str, Any], programs: list[str] | None = None,
           invalid: dict[str, str] | None = None) -> tuple[str, list[str]]:
    """The input lines answering the questions in the order the interview asks them."""
    iv = Interview(engine.compiled(AS_OF), engine.matcher(AS_OF, "compiled"), programs)
    lines: list[str] = []
    asked: list[str] = []
    while (nxt := iv.next_field()) is not None:
        path = nxt[0]
        asked.append(path)
        if invalid and path in invalid:
            lines.append(invalid[path])
        lines.append(as_text(truth.get(path)))
        iv.answers[path] = parse_answer(path, lines[-1], iv.answers)   # exactly what the CLI will read
    return "\n".join(lines) + "\n", asked


def run(books: Path, text: str, out: Path, *extra: str):
    return CliRunner().invoke(cli, ["interview", "--rulebooks", str(books), "--as-of", AS_OF.isoformat(),
                                    "--matcher", "compiled", "--format", "json", "--output", str(out), *extra],
                              input=text, catch_exceptions=False)


def test_demo_interview(demo_grant_rulebooks: Path, tmp_path: Path) -> None:
    engine = Engine(demo_grant_rulebooks)
    truth = {"enterprise.name": "问答测试公司", "enterprise.province": "浙江省", "enterprise.industry": "I65",
             "enterprise.employees": 50, "enterprise.revenue": 6000.0, "enterprise.total_assets": 3000.0,
             "enterprise.rd_expense": 600.0, "ip.invention_patents": 3, "ip_management.ip_ledger": True,
             "ip_management.ip_staff": 2,
             "qualifications.jinzhongzi": False}
    text, asked = script(engine, truth, invalid={"enterprise.revenue": "六千", "ip.invention_patents": "-2"})
    out = tmp_path / "answers.yaml"
    result = run(demo_grant_rulebooks, text, out)
    assert result.exit_code == 0, result.output
    assert result.stderr.count("输入无效") == 2
    assert result.stderr.count(SKIP_MARK) == len(asked) - 1 + 2   # the name has no skip hint; 2 re-asks
    assert asked[0] == "enterprise.name" and asked[1] == "enterprise.province"
    # the any-branch (ledger or staff) is decided by its first answer: the other is never asked
    assert ("ip_management.ip_staff" in asked) != ("ip_management.ip_ledger" in asked)
    report = json.loads(result.stdout)
    assert report["programs"][0]["status"] == "eligible"
    again = engine.checkup(load_profile(out), as_of=AS_OF, matcher="compiled")
    assert again.to_json_dict() == report


def test_outside_scope_stops_early(demo_grant_rulebooks: Path, tmp_path: Path) -> None:
    engine = Engine(demo_grant_rulebooks)
    text, asked = script(engine, {"enterprise.name": "外省公司", "enterprise.province": "江苏省"})
    assert asked == ["enterprise.name", "enterprise.province"]
    result = run(demo_grant_rulebooks, text, tmp_path / "p.yaml")
    assert result.exit_code == 0, result.output
    assert json.loads(result.stdout)["programs"][0]["status"] == "not_applicable"


def test_unknown_answers_are_unknown(demo_grant_rulebooks: Path, tmp_path: Path) -> None:
    engine = Engine(demo_grant_rulebooks)
    text, asked = script(engine, {"enterprise.name": "什么都不知道公司"})
    result = run(demo_grant_rulebooks, text, tmp_path / "p.yaml")
    assert result.exit_code == 0, result.output
    assert json.loads(result.stdout)["programs"][0]["status"] == "insufficient_data"
    saved = load_profile(tmp_path / "p.yaml")
    assert saved.facts() == {"enterprise.name": "什么都不知道公司"}


@pytest.fixture(scope="module")
def shipped(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Engine]:
    """A snapshot of the shipped rulebooks (the catalog may change while the suite runs)."""
    root = tmp_path_factory.mktemp("shipped") / "rulebooks"
    shutil.copytree(RULEBOOKS, root)
    return root, Engine(root)


@pytest.mark.parametrize("example", ["micro_software_startup", "medium_exporter_manufacturer", "half_missing_data"])
def test_shipped_catalog_with_example_profiles(shipped: tuple[Path, Engine], tmp_path: Path, example: str) -> None:
    books, engine = shipped
    path = EXAMPLES / f"{example}.yaml"
    if not path.is_file():
        pytest.skip(f"{example} is not among the examples")
    full = load_profile(path)
    truth = full.facts()
    text, asked = script(engine, truth)
    out = tmp_path / "answers.yaml"
    result = run(books, text, out)
    assert result.exit_code == 0, result.output
    assert len(asked) < len(FIELDS), f"asked {len(asked)} questions; the profile has {len(FIELDS)} fields"
    if example != "half_missing_data":   # a full profile: fewer questions than it has answers
        assert len(asked) < len(truth), f"asked {len(asked)} questions for a profile of {len(truth)} fields"
    report = json.loads(result.stdout)
    # every program reaches the status the full profile gives: nothing decisive was skipped
    expected = engine.checkup(full, as_of=AS_OF, matcher="compiled")
    assert {p["id"]: p["status"] for p in report["programs"]} == {p.id: p.status for p in expected.programs}
    # and the saved answers reproduce the shown report exactly
    again = engine.checkup(load_profile(out), as_of=AS_OF, matcher="compiled")
    assert again.to_json_dict() == report


def test_program_option_limits_questions(shipped: tuple[Path, Engine], tmp_path: Path) -> None:
    books, engine = shipped
    pid = engine.program_ids()[0]
    truth = load_profile(EXAMPLES / "micro_software_startup.yaml").facts()
    _, all_asked = script(engine, truth)
    text, asked = script(engine, truth, programs=[pid])
    assert len(asked) <= len(all_asked)
    result = run(books, text, tmp_path / "p.yaml", "--program", pid)
    assert result.exit_code == 0, result.output
    assert [p["id"] for p in json.loads(result.stdout)["programs"]] == [pid]


def test_question_text_shows_units_and_choices() -> None:
    assert "（万元）" in question_text("enterprise.revenue", ["a"], 3)
    assert "1) 未贯标" in question_text("ip_management.gbt29490", [], 4)
    assert "（是/否）" in question_text("ip_management.ip_ledger", [], 5)
    assert nest({"ip.invention_patents": 2, "ip.designs": None}) == {"schema_version": 1, "ip": {"invention_patents": 2}}
    assert profile_from_data(nest({"enterprise.name": "x", "enterprise.registered_on": dt.date(2020, 1, 2)}))
