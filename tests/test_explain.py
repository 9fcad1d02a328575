"""``zhice explain``: the condition tree with actual values and outcomes, the citation; and
``--as-of`` on every command (a checkup before or after a program's window says so)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
import yaml
from click.testing import CliRunner

from zhice import Engine, profile_from_data
from zhice.cli import cli
from zhice.explain import explain

from conftest import AS_OF, GAP_PROFILE, RULEBOOKS



@pytest.fixture()
def profile_file(tmp_path: Path) -> Path:
    path = tmp_path / "gap.yaml"
    path.write_text(yaml.safe_dump(GAP_PROFILE, allow_unicode=True), encoding="utf-8")
    return path


def test_explain_tree_values_and_citation(demo_grant_rulebooks: Path) -> None:
    ex = explain(Engine(demo_grant_rulebooks), profile_from_data(GAP_PROFILE), "demo_grant", as_of=AS_OF, matcher="compiled")
    assert ex.status == "gap"
    by_id = {e.id: e for e in ex.elements}
    assert [e.part for e in ex.elements] == ["scope", "held", "criteria", "criteria", "criteria", "criteria"]
    assert by_id["in_zhejiang"].status == "met"
    patents = by_id["patents"]
    assert patents.status == "unmet" and patents.tree.kind == "leaf"
    assert "≥ 2 件" in patents.tree.text and patents.tree.actual == {"有效发明专利数": "1 件"}
    assert patents.source and patents.source["document"].startswith("测试文件") and patents.confidence == "official"
    ratio = by_id["rd_ratio"].tree
    assert ratio.status == "unmet" and ratio.actual["比例"] == "2.5%"
    mgmt = by_id["management"].tree
    assert mgmt.kind == "any" and [c.status for c in mgmt.children] == ["unmet", "unmet"]
    assert by_id["small_size"].status == "met"
    assert ex.derived["sme_size"] == "small"
    # the held condition reads an absent field: unknown, not false
    assert by_id["held"].status == "unknown"


def test_explain_agrees_with_checkup_on_every_matcher(demo_grant_rulebooks: Path) -> None:
    engine = Engine(demo_grant_rulebooks)
    prof = profile_from_data(GAP_PROFILE)
    for matcher in ("compiled", "durable"):
        ex = explain(engine, prof, "demo_grant", as_of=AS_OF, matcher=matcher)
        report = engine.checkup(prof, as_of=AS_OF, matcher=matcher, programs=["demo_grant"])
        crit = {c.id: c.status for c in report.programs[0].criteria + report.programs[0].scope}
        assert {e.id: e.status for e in ex.elements if e.part != "held"} == crit


def test_explain_cli_text_and_json(demo_grant_rulebooks: Path, profile_file: Path) -> None:
    runner = CliRunner()
    result = runner.invoke(cli, ["explain", "demo_grant", str(profile_file), "--rulebooks", str(demo_grant_rulebooks),
                                 "--as-of", AS_OF.isoformat(), "--matcher", "compiled"])
    assert result.exit_code == 0, result.output
    assert "结论：存在差距" in result.output
    assert "有效发明专利数 ≥ 2 件" in result.output and "实际：有效发明专利数 = 1 件 → 未满足" in result.output
    assert "依据：测试文件（测〔2024〕1号） 第三条（官方原文）" in result.output
    assert "（official）" not in result.output and "（demo_grant）" not in result.output
    en = runner.invoke(cli, ["explain", "demo_grant", str(profile_file), "--rulebooks", str(demo_grant_rulebooks),
                             "--as-of", AS_OF.isoformat(), "--matcher", "compiled", "--lang", "en"])
    assert en.exit_code == 0, en.output
    assert "（demo_grant）" in en.output and "verdict: gap (gap)" in en.output
    assert "source: 测试文件（测〔2024〕1号） 第三条（official）" in en.output
    result = runner.invoke(cli, ["explain", "demo_grant", str(profile_file), "--rulebooks", str(demo_grant_rulebooks),
                                 "--as-of", AS_OF.isoformat(), "--format", "json"])
    data = json.loads(result.output)
    assert data["program"] == "demo_grant" and data["status"] == "gap"
    assert data["elements"][2]["tree"]["status"] == "unmet"


def test_explain_unknown_program_exit_2_with_suggestion(demo_grant_rulebooks: Path, profile_file: Path) -> None:
    result = CliRunner().invoke(cli, ["explain", "demo_grnt", str(profile_file), "--rulebooks", str(demo_grant_rulebooks)])
    assert result.exit_code == 2
    assert "did you mean demo_grant" in result.output


def test_explain_shipped_examples_run() -> None:
    engine = Engine(RULEBOOKS)
    prof = profile_from_data({"enterprise": {"name": "空白企业"}})
    for pid in engine.program_ids():
        ex = explain(engine, prof, pid, as_of=AS_OF, matcher="compiled")
        assert ex.status in ("insufficient_data", "not_applicable", "gap", "eligible", "achieved")


# ---- --as-of ------------------------------------------------------------------------------------

@pytest.mark.parametrize("day", ["2023-06-01", "2029-01-01"])
def test_checkup_outside_window_says_so(demo_grant_rulebooks: Path, profile_file: Path, day: str) -> None:
    result = CliRunner().invoke(cli, ["checkup", str(profile_file), "--rulebooks", str(demo_grant_rulebooks), "--as-of", day,
                                      "--format", "json", "--matcher", "compiled"])
    assert result.exit_code == 0, result.output
    prog = json.loads(result.output)["programs"][0]
    assert prog["status"] == "not_applicable"
    assert day in prog["notice"] and "有效期" in prog["notice"] and "2028-12-31" in prog["notice"]


def test_as_of_picks_dated_threshold_in_every_command(demo_grant_rulebooks: Path, profile_file: Path) -> None:
    runner = CliRunner()
    base = ["--rulebooks", str(demo_grant_rulebooks), "--matcher", "compiled"]
    before = runner.invoke(cli, ["explain", "demo_grant", str(profile_file), *base, "--as-of", "2026-12-31"])
    after = runner.invoke(cli, ["explain", "demo_grant", str(profile_file), *base, "--as-of", "2027-01-01"])
    assert "有效发明专利数 ≥ 2 件" in before.output and "有效发明专利数 ≥ 3 件" in after.output
    w = runner.invoke(cli, ["whatif", "demo_grant", str(profile_file), *base, "--as-of", "2027-01-01", "--format", "json"])
    assert w.exit_code == 0, w.output
    assert json.loads(w.output)["options"][0]["changes"]["ip.invention_patents"] == 3
    out = runner.invoke(cli, ["whatif", "demo_grant", str(profile_file), *base, "--as-of", "2030-01-01"])
    assert out.exit_code == 0 and "有效期" in out.output
    bad = runner.invoke(cli, ["explain", "demo_grant", str(profile_file), *base, "--as-of", "tomorrow"])
    assert bad.exit_code == 2
