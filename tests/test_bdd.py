"""``zhice verify`` and the step library, as a policy officer uses them.

A folder of features outside the repository verifies against a tiny rulebook set
(tests/fixtures/rulebooks_min: a copy of the derivations plus the demo program ``demo_seed``);
wrong expectations and every kind of mistake in a feature fail with a message that says what
was expected and what the engine said; coverage is counted exactly.
"""

from __future__ import annotations

import json
import shutil
import textwrap
from pathlib import Path

import pytest
from click.testing import CliRunner

from zhice import Engine
from zhice.bdd import feature_problems
from zhice.errors import RulebookError, UsageError
from zhice.matchers import MATCHERS, durable_available
from zhice.cli.verify import verify_command
from zhice.verify import starter_feature, verify

HERE = Path(__file__).resolve().parent
RULEBOOKS_MIN = HERE / "fixtures" / "rulebooks_min"
BAD = HERE / "fixtures" / "features_bad"
REPO_FEATURES = HERE.parent / "features"
AVAILABLE = [m for m in MATCHERS if m != "durable" or durable_available()]

ELIGIBLE = """\
    # language: zh-CN
    功能: 演示培育项目（demo_seed）
      场景: 有发明专利的杭州小微企业符合条件
        假如 一家企业的画像如下:
          | 字段 | 值 |
          | enterprise.name | 杭州某科技有限公司 |
          | 注册省份 | 浙江省 |
          | 行业代码 | I65 |
          | 从业人员数 | 8 |
          | 营业收入 | 300 |
          | ip.invention_patents | 2 |
        当 在 "2026-11-21" 进行政策体检
        那么 "demo_seed" 的结论为 "符合"
        而且 适用的项目包含 "demo_seed"
        而且 “demo_seed” 的下一步包含 “报名”

      场景: 画像文件中的企业去掉发明专利后存在差距
        假如 企业画像文件 "profiles/acme.yaml"
        而且 "有效发明专利数" 为 "0"
        当 在 "2026-11-21" 进行政策体检
        那么 "demo_seed" 的结论为 "存在差距"
        而且 "demo_seed" 的差距包含 "invention_patents"
        而且 "demo_seed" 的下一步包含 "优先审查"

      场景: 已入选的企业不再列为适用
        假如 企业画像文件 "profiles/acme.yaml"
        而且 "已入选金种子企业" 为 "是"
        当 在 "2026-11-21" 进行政策体检
        那么 "demo_seed" 的结论为 "已获得"
        而且 适用的项目不包含 "demo_seed"
"""

ENGLISH = """\
    Feature: Demo program in English
      Scenario: An enterprise outside Zhejiang is out of scope
        Given an enterprise profile:
          | field | value |
          | enterprise.province | 江苏省 |
        When the checkup runs as of "2026-11-21"
        Then the status of "demo_seed" is "not_applicable"
        And the applicable programs do not include "demo_seed"

      Scenario: The size class comes from staff and revenue
        Given the enterprise profile file "profiles/acme.yaml"
        And "enterprise.employees" is "120"
        And "enterprise.revenue" is "1500"
        When the checkup runs as of "2026-11-21"
        Then the derived "sme_size" is "medium"
        And the gaps of "demo_seed" include "small_or_micro"
        And the status of "demo_seed" is "gap"
"""

ACME = """\
    enterprise:
      name: 某某科技有限公司
      province: 浙江省
      industry: I65
      employees: 50
      revenue: 800
    ip:
      invention_patents: 3
"""


def write(path: Path, text: str) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(textwrap.dedent(text), encoding="utf-8")
    return path


@pytest.fixture(scope="module")
def engines() -> dict[str, Engine]:
    """One engine for the tiny rulebook set (its compiled sets and matchers are cached)."""
    return {"engine": Engine(RULEBOOKS_MIN)}


def run(paths: list[Path], engines: dict[str, Engine], **kw: object):
    return verify(paths, rulebooks=RULEBOOKS_MIN, engine=engines["engine"], **kw)  # type: ignore[arg-type]


@pytest.fixture
def officer_folder(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A policy officer's folder outside the repository; the current directory is elsewhere."""
    folder = tmp_path / "policy_team"
    write(folder / "demo_seed.feature", ELIGIBLE)
    write(folder / "english" / "demo_seed_en.feature", ENGLISH)
    write(folder / "profiles" / "acme.yaml", ACME)
    write(folder / "english" / "profiles" / "acme.yaml", ACME)
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    monkeypatch.chdir(elsewhere)
    return folder


@pytest.mark.parametrize("matcher", AVAILABLE)
def test_officer_folder_verifies(officer_folder: Path, engines: dict[str, Engine], matcher: str) -> None:
    result = run([officer_folder], engines, matcher=matcher)
    text = result.render_text()
    assert result.ok, text
    assert result.counts() == {"features": 2, "scenarios": 5, "passed": 5, "failed": 0, "skipped": 0,
                               "feature_problems": 0}
    records = [s for f in result.features for s in f.scenarios]
    assert {s.matcher for s in records} == {matcher}
    assert all(s.checkups and s.checkups[-1].report.matcher == matcher for s in records)
    assert "✓ 通过  有发明专利的杭州小微企业符合条件" in text
    assert "结论：全部通过" in text


def test_wrong_expectation_fails_with_a_clear_message(tmp_path: Path, engines: dict[str, Engine]) -> None:
    wrong = write(tmp_path / "wrong.feature", """\
        # language: zh-CN
        功能: 写错的期望
          场景: 江苏的企业被期望为符合
            假如 一家企业的画像如下:
              | 字段 | 值 |
              | 注册省份 | 江苏省 |
              | 有效发明专利数 | 1 |
            当 在 "2026-11-21" 进行政策体检
            那么 "demo_seed" 的结论为 "符合"
        """)
    result = run([wrong], engines)
    assert not result.ok
    [scenario] = result.features[0].scenarios
    assert scenario.outcome == "failed"
    assert scenario.step == '那么 "demo_seed" 的结论为 "符合"' and scenario.step_line == 9
    message = scenario.message or ""
    for fragment in ("期望：符合（eligible）", "引擎：不适用（not_applicable）", "in_zhejiang（注册地在浙江省）：未满足",
                     "enterprise.province=江苏省", "invention_patents（拥有有效发明专利）：满足"):
        assert fragment in message, message
    text = result.render_text()
    assert "✗ 失败  江苏的企业被期望为符合" in text and "结论：未通过" in text


BAD_CASES = {
    "undefined_step.feature": "没有这样的步骤",
    "misspelt_field.feature": "您是否想写 ip.invention_patents",      # errors.did_you_mean, Chinese by default
    "unknown_program.feature": "您是否想写 demo_seed",
    "unknown_status.feature": "您是否想写 符合？",
    "unknown_criterion.feature": "您是否想写 invention_patents",
    "bad_value.feature": "应为整数",    # values.not_a_whole_number, Chinese by default
    "empty.feature": "没有任何场景",
    "duplicate_names.feature": "同名",
    "no_assertion.feature": "没有「那么」（Then）断言",
    "assert_before_checkup.feature": "还没有进行政策体检",
    "stale_profile.feature": "体检之后画像又被修改了",
    "english_wrong.feature": "引擎：不适用（not_applicable）",
    "parse_error.feature": "无法解析",
}


def test_every_bad_fixture_is_checked() -> None:
    assert sorted(p.name for p in BAD.glob("*.feature")) == sorted(BAD_CASES)


@pytest.mark.parametrize("name", sorted(BAD_CASES))
def test_bad_feature_fails(name: str, engines: dict[str, Engine]) -> None:
    result = run([BAD / name], engines, matcher="compiled")
    assert not result.ok
    [feature] = result.features
    assert not feature.ok
    said = "\n".join(feature.problems + [s.message or "" for s in feature.scenarios if s.outcome != "passed"])
    assert BAD_CASES[name] in said, said


def test_feature_problems_of_a_good_file(officer_folder: Path) -> None:
    assert feature_problems(officer_folder / "demo_seed.feature") == []


COVERAGE_FEATURE = """\
    # language: zh-CN
    功能: 覆盖率
      场景: 符合
        假如 一家企业的画像如下:
          | 字段 | 值 |
          | 注册省份 | 浙江省 |
          | 行业代码 | I65 |
          | 从业人员数 | 8 |
          | 营业收入 | 300 |
          | 有效发明专利数 | 1 |
        当 在 "2026-11-21" 进行政策体检
        那么 "demo_seed" 的结论为 "符合"

      场景: 缺发明专利
        假如 一家企业的画像如下:
          | 字段 | 值 |
          | 注册省份 | 浙江省 |
          | 有效发明专利数 | 0 |
        当 在 "2026-11-21" 进行政策体检
        那么 "demo_seed" 的差距包含 "invention_patents"

      场景: 省外
        假如 一家企业的画像如下:
          | 字段 | 值 |
          | 注册省份 | 江苏省 |
          | 有效发明专利数 | 0 |
        当 在 "2026-11-21" 进行政策体检
        那么 "demo_seed" 的结论为 "不适用"

      场景: 划型
        假如 一家企业的画像如下:
          | 字段 | 值 |
          | 行业代码 | I65 |
          | 从业人员数 | 8 |
          | 营业收入 | 300 |
        当 在 "2026-11-21" 进行政策体检
        那么 推导结果 "sme_size" 为 "micro"
"""


def test_coverage_numbers(tmp_path: Path, engines: dict[str, Engine]) -> None:
    feature = write(tmp_path / "coverage.feature", COVERAGE_FEATURE)
    # the rulebooks this feature touches: demo_seed (3 elements) and sme_size (4 values)
    touched = run([feature], engines, coverage=True).coverage
    assert touched is not None and sorted(r["id"] for r in touched["rulebooks"]) == ["demo_seed", "sme_size"]
    assert (touched["exercised"], touched["total"], touched["percent"]) == (4, 7, 57.1)
    assert touched["left_out"] == ["enterprise_age", "ip_classes"] and touched["without_scenarios"] == []
    # the whole catalog on request (the default when no feature is named)
    result = run([feature], engines, coverage=True, coverage_all=True)
    assert result.ok, result.render_text()
    cov = result.coverage
    assert cov is not None
    # demo_seed: 1 scope + 2 criteria; sme_size: 4 values; enterprise_age: 1; ip_classes: 2
    assert (cov["exercised"], cov["total"], cov["percent"]) == (4, 10, 40.0)
    assert cov["without_scenarios"] == ["enterprise_age", "ip_classes"]
    rows = {r["id"]: r for r in cov["rulebooks"]}
    demo = rows["demo_seed"]
    assert demo["scenarios"] == 3 and demo["statuses"] == {"eligible": 1, "gap": 1, "not_applicable": 1}
    counts = {e["id"]: (e["met"], e["unmet"], e["unknown"]) for e in demo["elements"]}
    # criteria of the out-of-scope scenario are not counted; small_or_micro is unknown without a size
    assert counts == {"in_zhejiang": (2, 1, 0), "invention_patents": (1, 1, 0), "small_or_micro": (1, 0, 1)}
    size = {e["id"]: e["exercised"] for e in rows["sme_size"]["elements"]}
    assert size == {"sme_size=large": False, "sme_size=medium": False, "sme_size=small": False, "sme_size=micro": True}
    assert "sme_size/output/sme_size=large" in cov["never_exercised"]
    assert "demo_seed/criteria/invention_patents" not in cov["never_exercised"]
    text = result.render_text()
    assert "总覆盖率：4/10 = 40.0%" in text and "没有任何场景的规则库：enterprise_age、ip_classes" in text

    assert not run([feature], engines, fail_under=60).ok
    assert run([feature], engines, fail_under=57).ok
    assert not run([feature], engines, fail_under=50, coverage_all=True).ok


def test_starter_feature_lists_criteria_and_fails_until_filled(tmp_path: Path, engines: dict[str, Engine]) -> None:
    text = starter_feature("demo_seed", engine=engines["engine"], as_of="2026-11-21")
    assert text.startswith("# language: zh-CN")
    for fragment in ("条件 invention_patents：拥有有效发明专利", "范围 in_zhejiang：注册地在浙江省",
                     "有效发明专利数（ip.invention_patents）：整数，单位 件", "| 注册省份 | 待填写 |",
                     '"demo_seed" 的差距包含 "small_or_micro"'):
        assert fragment in text, text
    starter = write(tmp_path / "starter.feature", text)
    assert feature_problems(starter) == []
    result = run([starter], engines, matcher="compiled")
    assert not result.ok and result.counts()["failed"] == result.counts()["scenarios"] == 4
    assert all("待填写" in (s.message or "") for s in result.features[0].scenarios)
    with pytest.raises(UsageError, match="demo_seed"):
        starter_feature("demo_sed", engine=engines["engine"])


def test_cli_exit_codes(officer_folder: Path, tmp_path: Path) -> None:
    runner = CliRunner()
    rb = ["--rulebooks", str(RULEBOOKS_MIN), "--matcher", "compiled"]
    ok = runner.invoke(verify_command, [str(officer_folder), *rb, "--format", "json", "--coverage"])
    assert ok.exit_code == 0, ok.output
    data = json.loads(ok.output)
    assert data["ok"] and data["summary"]["passed"] == 5 and data["coverage"]["total"] == 7   # what they touch
    whole = runner.invoke(verify_command, [str(officer_folder), *rb, "--format", "json", "--coverage-all"])
    assert json.loads(whole.output)["coverage"]["total"] == 10

    bad = runner.invoke(verify_command, [str(BAD / "unknown_program.feature"), *rb])
    assert bad.exit_code == 1 and "您是否想写 demo_seed" in bad.output

    under = runner.invoke(verify_command, [str(officer_folder), *rb, "--fail-under", "100"])
    assert under.exit_code == 1 and "低于 --fail-under 100%" in under.output

    missing = runner.invoke(verify_command, [str(tmp_path / "nowhere"), *rb])
    assert missing.exit_code == 2

    broken = tmp_path / "broken_rulebooks"
    write(broken / "x.yaml", "id: x\nkind: program\n")
    invalid = runner.invoke(verify_command, [str(officer_folder), "--rulebooks", str(broken)])
    assert invalid.exit_code == 3

    new = runner.invoke(verify_command, ["--new", "demo_seed", *rb])
    assert new.exit_code == 0 and "功能: 演示培育项目（demo_seed）" in new.output
    unknown = runner.invoke(verify_command, ["--new", "demo_sed", *rb])
    assert unknown.exit_code == 2


def test_invalid_rulebooks_raise(officer_folder: Path, tmp_path: Path) -> None:
    broken = tmp_path / "rb"
    shutil.copytree(RULEBOOKS_MIN, broken)
    (broken / "demo" / "demo_seed.yaml").write_text("id: demo_seed\nkind: program\n", encoding="utf-8")
    with pytest.raises(RulebookError):
        verify([officer_folder], rulebooks=broken)


def test_every_failing_expectation_of_a_scenario_is_reported(tmp_path: Path, engines: dict[str, Engine]) -> None:
    wrong = write(tmp_path / "three_wrong.feature", """\
        # language: zh-CN
        功能: 三处写错的期望
          场景: 江苏的企业
            假如 一家企业的画像如下:
              | 字段 | 值 |
              | 注册省份 | 江苏省 |
              | 有效发明专利数 | 1 |
            当 在 "2026-11-21" 进行政策体检
            那么 "demo_seed" 的结论为 "符合"
            而且 适用的项目不包含 "demo_seed"
            而且 适用的项目包含 "demo_seed"
            而且 推导结果 "sme_size" 为 "large"
        """)
    [scenario] = run([wrong], engines).features[0].scenarios
    assert scenario.outcome == "failed"
    assert scenario.step == '那么 "demo_seed" 的结论为 "符合"' and scenario.step_line == 9   # the first
    message = scenario.message or ""
    assert message.startswith("3 处期望不符")
    for line in (9, 11, 12):
        assert f"第 {line} 行" in message, message
    assert "第 10 行" not in message                       # that one held


def test_a_chinese_typo_gets_a_chinese_suggestion(tmp_path: Path, engines: dict[str, Engine]) -> None:
    typo = write(tmp_path / "typo.feature", """\
        # language: zh-CN
        功能: 错字
          场景: 步骤写错
            假如 一家企业的画像如下:
              | 字段 | 值 |
              | 注册省份 | 浙江省 |
            当 进行政策体检
            那么 "demo_seed" 的结论是 "符合"
        """)
    [scenario] = run([typo], engines).features[0].scenarios
    assert "没有这样的步骤" in (scenario.message or "")
    assert '最接近的句式："项目" 的结论为 "结论"' in (scenario.message or ""), scenario.message


DATED_FEATURE = """\
    # language: zh-CN
    功能: 分段施行的条件
      场景: 旧办法施行期间没有发明专利
        假如 一家企业的画像如下:
          | 字段 | 值 |
          | 注册省份 | 浙江省 |
          | 有效发明专利数 | 0 |
        当 在 "2025-06-01" 进行政策体检
        那么 "demo_seed" 的差距包含 "invention_patents"
"""


def test_coverage_counts_a_dated_criterion_on_the_version_in_force(tmp_path: Path) -> None:
    """A revised criterion keeps one version per period under the same id: a checkup's outcome
    counts for the version in force on its date, never for the other one."""
    books = tmp_path / "rulebooks"
    shutil.copytree(RULEBOOKS_MIN, books)
    demo = books / "demo" / "demo_seed.yaml"
    text = demo.read_text(encoding="utf-8")
    old = "  - id: invention_patents\n    title: 拥有有效发明专利\n"
    assert old in text
    dated = ("  - id: invention_patents\n    effective: {to: 2025-12-31}\n    title: 拥有有效发明专利（旧）\n"
             "    when: {field: ip.invention_patents, op: gte, value: 1}\n    source: test_only\n"
             "  - id: invention_patents\n    effective: {from: 2026-01-01}\n    title: 拥有有效发明专利（新）\n")
    demo.write_text(text.replace(old, dated), encoding="utf-8")
    feature = write(tmp_path / "dated.feature", DATED_FEATURE)
    result = verify([feature], rulebooks=books, coverage=True)
    assert result.ok, result.render_text()
    cov = result.coverage
    assert cov is not None
    rows = {r["id"]: r for r in cov["rulebooks"]}
    versions = [(e["title"], e["unmet"], e["exercised"], e["effective"]) for e in rows["demo_seed"]["elements"]
                if e["id"] == "invention_patents"]
    assert versions == [("拥有有效发明专利（旧）", 1, True, {"from": None, "to": "2025-12-31"}),
                        ("拥有有效发明专利（新）", 0, False, {"from": "2026-01-01", "to": None})]
    assert "demo_seed/criteria/invention_patents@2026-01-01.." in cov["never_exercised"]
    assert not any(n.startswith("demo_seed/criteria/invention_patents@..") for n in cov["never_exercised"])
    assert "invention_patents〔2026-01-01 起〕" in result.render_text()


def test_the_parsers_reason_is_worded_in_chinese(lang) -> None:
    [problem] = feature_problems(BAD / "parse_error.feature")
    assert problem.startswith("第 7 行无法解析：" if lang == "zh" else "cannot parse line 7: ")
    reason = "表格各行的单元格数不一致" if lang == "zh" else "inconsistent cell count within the table"
    assert reason in problem and "(7:" not in problem, problem


def test_the_verify_report_frame_follows_the_language(lang, engines: dict[str, Engine]) -> None:
    text = run([BAD / "unknown_status.feature"], engines, matcher="compiled").render_text()
    if lang == "zh":
        assert text.startswith("知策场景验证：") and "结论：未通过" in text and "合计：1 个功能文件" in text
    else:
        assert text.startswith("zhice verify: rulebooks ") and "result: FAILED" in text
        assert "total: 1 feature files, 1 scenarios: 0 passed, 1 failed" in text and "合计" not in text


def test_scenario_failures_and_feature_problems_in_english_under_lang_en(engines: dict[str, Engine]) -> None:
    from zhice.language import set_lang

    set_lang("en")
    try:
        result = run([BAD / name for name in sorted(BAD_CASES)], engines, matcher="compiled")
    finally:
        set_lang(None)
    said = "\n".join(p for f in result.features for p in f.problems)
    said += "\n".join(s.message or "" for f in result.features for s in f.scenarios if s.outcome != "passed")
    for fragment in ("no such step:", "did you mean ip.invention_patents", "no scenario at all",
                     "cannot parse line 7: inconsistent cell count", "no checkup has run yet",
                     "the profile was changed after the checkup", "has no Then", "unknown status '符和'"):
        assert fragment in said, (fragment, said)
    assert not result.errors, result.errors          # the unparsable file is still recognised as unrunnable


def test_the_coverage_listing_follows_the_language(lang) -> None:
    from zhice.verify import verify

    result = verify([REPO_FEATURES / "cultivation" / "jinzhongzi.feature"], matcher="compiled", as_of="2026-11-21",
                    coverage=True)
    text = result.render_text()
    if lang == "zh":
        assert "总覆盖率：" in text and "只计这些场景涉及的规则库" in text
    else:
        assert "total coverage: " in text and "scope in_zhejiang (" in text and "总覆盖率" not in text
