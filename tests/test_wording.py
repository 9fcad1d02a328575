"""One wording module: labels for codes, titles for fields and derived facts, in every report."""

from __future__ import annotations

import re

from click.testing import CliRunner

from zhice.cli import cli
from zhice.wording import choice_code, choice_label, error_heading, field_title, message, value_text

from conftest import EXAMPLES

MICRO = str(EXAMPLES / "micro_software_startup.yaml")


def test_choice_labels_and_codes_round_trip() -> None:
    assert choice_label("ip_management.gbt29490", "none") == "未贯标"
    assert choice_label("qualifications.rd_institution", "municipal") == "市级"
    assert choice_label("ip_management.gbt29490", "none", "en") == "not started"
    assert choice_code("ip_management.gbt29490", "未贯标") == "none"
    assert choice_code("qualifications.rd_institution", "省级") == "provincial"
    assert choice_code("qualifications.rd_institution", "provincial") == "provincial"
    assert choice_code("qualifications.rd_institution", "县级") is None
    assert choice_label("enterprise.name", "x") == "x"          # no labels: the value as is


def test_field_titles_and_values() -> None:
    assert field_title("ip_management.system_running_since") == "知识产权管理体系运行起始日"
    assert field_title("ip_management.system_running_since", "en") == "ip_management.system_running_since"
    assert value_text("ip.invention_patents", 3) == "3 件"
    assert value_text("enterprise.rd_domestic_share", 80.0) == "80%"
    assert value_text("ip.invention_patents", None) == "未填写"
    assert value_text("ip_management.policy_documented", False) == "否"
    assert value_text("derived.sme_size", "micro") == "微型"
    assert message("report.more_hint", "en").startswith("--detail")


def test_html_and_markdown_name_derived_facts_by_title_and_choices_by_label() -> None:
    for fmt in ("html", "markdown"):
        res = CliRunner().invoke(cli, ["checkup", MICRO, "--as-of", "2026-11-21", "--format", fmt])
        assert res.exit_code == 0
        facts = re.search(r"推导事实[^\n]*", res.output).group(0)
        assert "企业规模 = 微型" in facts and "企业成立年限 = 3.4" in facts
        assert "sme_size" not in facts and "ip_class1_count" not in facts
        assert "贯标状态为 none" not in res.output and "贯标状态为 未贯标" in res.output


def test_error_heading_is_chinese_first() -> None:
    assert error_heading("profile", 3).startswith("画像有误，共 3 个问题")
    res = CliRunner().invoke(cli, ["checkup", "no/such/profile.yaml"])
    assert res.exit_code == 2 and re.search("画像有误|用法或输入有误", res.output)
