"""The command line through click's runner: exit codes, formats, errors, what-if, output files."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import jsonschema
import pytest
import yaml
from click.testing import CliRunner

from zhice.cli import cli

from conftest import EXAMPLES, REPO

CONTRACT_KEYS = {"schema_version", "engine_version", "rulebooks_digest", "as_of", "profile", "derived", "summary",
                 "programs", "roadmap"}
PROGRAM_KEYS = {"id", "title", "kind", "status", "confidence", "score", "criteria", "missing_fields", "next_steps",
                "sources"}
CRITERION_KEYS = {"id", "title", "status", "actual", "expected", "gap"}
EXAMPLE_FILES = sorted(EXAMPLES.glob("*.yaml"))


def invoke(*args: str, **kw):
    return CliRunner().invoke(cli, list(args), catch_exceptions=False, **kw)


@pytest.mark.parametrize("path", EXAMPLE_FILES, ids=lambda p: p.stem)
def test_checkup_text_on_every_example(path: Path) -> None:
    res = invoke("checkup", str(path), "--as-of", "2026-11-21")
    assert res.exit_code == 0, res.output
    assert "知策政策体检" in res.output and "汇总" in res.output


@pytest.mark.parametrize("path", EXAMPLE_FILES, ids=lambda p: p.stem)
def test_checkup_json_has_the_contract_keys(path: Path) -> None:
    res = invoke("checkup", str(path), "--format", "json", "--as-of", "2026-11-21")
    assert res.exit_code == 0, res.output
    data = json.loads(res.output)
    assert CONTRACT_KEYS <= set(data)
    assert data["schema_version"] == 1 and data["as_of"] == "2026-11-21"
    assert data["rulebooks_digest"].startswith("sha256:") and data["profile"]["digest"].startswith("sha256:")
    assert {"name", "credit_code", "digest"} <= set(data["profile"])
    assert set(data["summary"]) == {"eligible", "gap", "not_applicable", "insufficient_data", "achieved"}
    assert sum(data["summary"].values()) == len(data["programs"])
    for prog in data["programs"]:
        assert PROGRAM_KEYS <= set(prog), prog["id"]
        assert prog["kind"] in ("program", "checklist")
        assert prog["status"] in data["summary"]
        for crit in prog["criteria"]:
            assert CRITERION_KEYS <= set(crit)
            assert crit["status"] in ("met", "unmet", "unknown")
    for step in data["roadmap"]:
        assert {"step", "unlocks"} <= set(step)


def test_missing_data_gives_insufficient_data_never_a_false_eligible() -> None:
    res = invoke("checkup", str(EXAMPLES / "half_missing_data.yaml"), "--format", "json", "--as-of", "2026-11-21")
    assert res.exit_code == 0
    data = json.loads(res.output)
    unsure = [p for p in data["programs"] if p["status"] == "insufficient_data"]
    assert unsure, "a half-empty profile must leave programs undecided"
    assert all(p["missing_fields"] for p in unsure)
    for p in data["programs"]:
        if p["status"] == "eligible":
            assert all(c["status"] == "met" for c in p["criteria"]), p["id"]


def test_broken_profile_exits_2_listing_every_problem() -> None:
    bad = REPO / "tests" / "fixtures" / "bad_profiles" / "several_problems.yaml"
    res = CliRunner().invoke(cli, ["checkup", str(bad)])
    assert res.exit_code == 2
    assert "Traceback" not in res.output
    for frag in ("enterprise.employees", "ip.designs", "overseas.markets", "trade_secret"):
        assert frag in res.output
    res = CliRunner().invoke(cli, ["checkup", str(bad), "--format", "json"])
    assert res.exit_code == 2
    err = json.loads(res.output)
    assert err["error"] == "profile" and len(err["problems"]) >= 4
    assert all({"code", "message", "file"} <= set(p) for p in err["problems"])


def test_unreadable_profile_exits_2() -> None:
    res = CliRunner().invoke(cli, ["checkup", "no/such/profile.yaml"])
    assert res.exit_code == 2 and "无法读取文件：没有这个文件" in res.output
    res = CliRunner().invoke(cli, ["checkup", "no/such/profile.yaml", "--lang", "en"])
    assert res.exit_code == 2 and "cannot read file: No such file or directory" in res.output


def test_broken_rulebooks_exit_3_with_file_and_line(tmp_path: Path) -> None:
    shutil.copytree(REPO / "rulebooks" / "derivations", tmp_path / "derivations")
    (tmp_path / "x").mkdir()
    for name in ("unknown_field", "bad_enum"):
        shutil.copy(REPO / "tests" / "fixtures" / "bad_rulebooks" / f"{name}.yaml", tmp_path / "x")
    res = CliRunner().invoke(cli, ["checkup", str(EXAMPLE_FILES[0]), "--rulebooks", str(tmp_path)])
    assert res.exit_code == 3
    assert "Traceback" not in res.output
    assert "unknown_field.yaml:14: " in res.output and "bad_enum.yaml:14: " in res.output


def test_whatif_set_shows_status_changes(core_rulebooks, tmp_path: Path) -> None:
    prof = tmp_path / "p.yaml"
    prof.write_text(yaml.safe_dump({"enterprise": {"name": "X", "province": "浙江省", "industry": "C39",
                                                   "employees": 50, "revenue": 1000, "rd_expense": 40},
                                    "ip": {"invention_patents": 1}, "qualifications": {"tech_sme": True}},
                                   allow_unicode=True), encoding="utf-8")
    res = invoke("checkup", str(prof), "--rulebooks", str(core_rulebooks), "--as-of", "2026-11-21",
                 "--set", "ip.invention_patents=3", "--format", "json")
    assert res.exit_code == 0, res.output
    data = json.loads(res.output)
    assert data["whatif"]["set"] == {"ip.invention_patents": 3}
    assert {"program": "demo_grant", "before": "gap", "after": "eligible"} in data["whatif"]["changes"]
    text = invoke("checkup", str(prof), "--rulebooks", str(core_rulebooks), "--set", "有效发明专利数=3").output
    assert "存在差距 → 符合" in text


def test_bad_set_is_a_usage_error(core_rulebooks) -> None:
    res = CliRunner().invoke(cli, ["checkup", str(EXAMPLE_FILES[0]), "--rulebooks", str(core_rulebooks),
                                   "--set", "ip.invention_patent=3", "--set", "ip.designs=many"])
    assert res.exit_code == 2
    assert "您是否想写 ip.invention_patents" in res.output and "外观设计专利数：应为整数，实为 'many'" in res.output


def test_output_file_is_written(tmp_path: Path, core_rulebooks) -> None:
    out = tmp_path / "sub" / "r.json"
    res = invoke("checkup", str(EXAMPLE_FILES[0]), "--rulebooks", str(core_rulebooks), "--format", "json",
                 "--output", str(out))
    assert res.exit_code == 0 and res.output == ""
    assert json.loads(out.read_text(encoding="utf-8"))["profile"]["name"]
    assert [p.name for p in out.parent.iterdir()] == ["r.json"]  # no temp file left behind


def test_an_output_that_cannot_be_written_exits_2_naming_it(tmp_path: Path, core_rulebooks) -> None:
    out = tmp_path / "r.json"
    out.mkdir()                                     # a folder where the report should go
    res = invoke("checkup", str(EXAMPLE_FILES[0]), "--rulebooks", str(core_rulebooks), "--format", "json",
                 "--output", str(out))
    assert res.exit_code == 2
    err = json.loads(res.stderr)
    assert err["error"] == "output"
    assert err["problems"][0]["code"] == "cannot-write" and err["problems"][0]["file"] == str(out)
    assert list(out.iterdir()) == [] and [p.name for p in tmp_path.iterdir()] == ["r.json"]


def test_program_filter(core_rulebooks) -> None:
    res = invoke("checkup", str(EXAMPLE_FILES[0]), "--rulebooks", str(core_rulebooks), "--program", "demo_other",
                 "--format", "json")
    assert [p["id"] for p in json.loads(res.output)["programs"]] == ["demo_other"]
    res = CliRunner().invoke(cli, ["checkup", str(EXAMPLE_FILES[0]), "--rulebooks", str(core_rulebooks),
                                   "--program", "demo_othr"])
    assert res.exit_code == 2 and "demo_other" in res.output


def test_bad_as_of_is_a_usage_error() -> None:
    res = CliRunner().invoke(cli, ["checkup", str(EXAMPLE_FILES[0]), "--as-of", "2026-13-01"])
    assert res.exit_code == 2 and "--as-of" in res.output


def test_rulebooks_from_environment(core_rulebooks) -> None:
    res = invoke("programs", env={"ZHICE_RULEBOOKS": str(core_rulebooks)})
    assert res.exit_code == 0
    assert {line.split()[0] for line in res.output.splitlines()} == {"demo_grant", "demo_other", "demo_checklist"}


def test_schema_profile_validates_the_examples() -> None:
    schema = json.loads(invoke("schema", "profile").output)
    for path in EXAMPLE_FILES:
        data = json.loads(json.dumps(yaml.safe_load(path.read_text(encoding="utf-8")), default=str))
        jsonschema.validate(data, schema)
    with pytest.raises(jsonschema.ValidationError):
        jsonschema.validate({"enterprise": {"name": "x", "employee": 3}}, schema)


def test_schema_rulebook_validates_the_shipped_rulebooks() -> None:
    schema = json.loads(invoke("schema", "rulebook").output)
    for path in sorted((REPO / "rulebooks").rglob("*.yaml")):
        data = json.loads(json.dumps(yaml.safe_load(path.read_text(encoding="utf-8")), default=str))
        jsonschema.validate(data, schema)


def test_fallback_to_compiled_matcher_with_a_notice(monkeypatch, core_rulebooks) -> None:
    import zhice.matchers as m

    monkeypatch.setattr(m, "durable_available", lambda: False)
    res = CliRunner().invoke(cli, ["checkup", str(EXAMPLE_FILES[0]), "--rulebooks", str(core_rulebooks),
                                   "--format", "json"])
    assert res.exit_code == 0
    assert "compiled" in res.stderr if hasattr(res, "stderr") else True
    data = json.loads(res.stdout)
    assert data["matcher"] == "compiled"


def test_internal_errors_exit_1_without_traceback(monkeypatch, core_rulebooks) -> None:
    import zhice.pipeline as pl

    def boom(*a, **k):
        raise RuntimeError("kaboom")
    monkeypatch.setattr(pl, "outcomes", boom)
    res = CliRunner().invoke(cli, ["checkup", str(EXAMPLE_FILES[0]), "--rulebooks", str(core_rulebooks)])
    assert res.exit_code == 1 and "kaboom" in res.output and "Traceback" not in res.output
