"""``zhice diff``: a copy of the rulebooks with one threshold raised lists exactly the clients
whose status changes, with the criterion that caused it."""

from __future__ import annotations

import csv
import json
import shutil
from pathlib import Path

import pytest
import yaml
from click.testing import CliRunner
from openpyxl import load_workbook

from zhice import Engine
from zhice.cli import cli
from zhice.diff import diff_portfolio, read_portfolio

from conftest import AS_OF, RULEBOOKS

DEMO = Path(__file__).parent / "fixtures" / "lint" / "tools" / "demo_grant.yaml"


def client(name: str, patents: int, province: str = "浙江省") -> dict:
    return {"enterprise": {"name": name, "province": province, "industry": "I65", "employees": 50,
                           "revenue": 6000, "total_assets": 3000, "rd_expense": 600},
            "ip": {"invention_patents": patents},
            "ip_management": {"ip_ledger": True}}


def raise_param(book: Path, param: str, value: int) -> None:
    """Raise every dated value of one parameter (comments are dropped; the rules stay the same)."""
    data = yaml.safe_load(book.read_text(encoding="utf-8"))
    for v in data["params"][param]["values"]:
        v["value"] = value
    book.write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False), encoding="utf-8")


@pytest.fixture()
def demo_sets(tmp_path: Path) -> tuple[Path, Path]:
    old = tmp_path / "old"
    shutil.copytree(RULEBOOKS / "derivations", old / "derivations")
    (old / "test").mkdir()
    shutil.copy(DEMO, old / "test" / DEMO.name)
    new = tmp_path / "new"
    shutil.copytree(old, new)
    raise_param(new / "test" / DEMO.name, "min_patents", 3)
    return old, new


@pytest.fixture()
def portfolio(tmp_path: Path) -> Path:
    folder = tmp_path / "clients"
    folder.mkdir()
    clients = [client("一号公司", 1), client("二号公司", 2), client("三号公司", 3), client("四号公司", 2, "江苏省"),
               client("五号公司", 2), client("六号公司", 7)]
    for i, c in enumerate(clients, 1):
        (folder / f"c{i}.yaml").write_text(yaml.safe_dump(c, allow_unicode=True), encoding="utf-8")
    (folder / "broken.yaml").write_text("enterprise: {name: 坏数据, employees: 很多}\n", encoding="utf-8")
    return folder


def test_threshold_raised_lists_exactly_the_affected_clients(demo_sets: tuple[Path, Path], portfolio: Path) -> None:
    old, new = demo_sets
    result = diff_portfolio(Engine(old), Engine(new), read_portfolio([portfolio]), as_of=AS_OF)
    # with 2 patents the old rule (≥ 2) is met and the new one (≥ 3) is not; 1, 3 and 7 are unaffected,
    # and the Jiangsu client is out of scope under both
    assert result.changed_clients() == ["二号公司", "五号公司"]
    assert result.clients == 6 and len(result.errors) == 1 and "employees" in json.dumps(result.errors, ensure_ascii=False)
    for ch in result.changes:
        assert (ch.program, ch.before, ch.after) == ("demo_grant", "eligible", "gap")
        assert [c["id"] for c in ch.criteria] == ["patents"]
        assert ch.criteria[0]["before"] == "met" and ch.criteria[0]["after"] == "unmet"
        assert ch.cause == f"{ch.criteria[0]['title']}：满足 → 未满足"     # in words, no unmet → met


def test_same_rulebooks_no_changes(demo_sets: tuple[Path, Path], portfolio: Path) -> None:
    old, _ = demo_sets
    assert diff_portfolio(Engine(old), Engine(old), read_portfolio([portfolio]), as_of=AS_OF).changes == []


def test_cli_outputs(demo_sets: tuple[Path, Path], portfolio: Path, tmp_path: Path) -> None:
    old, new = demo_sets
    jsonl = tmp_path / "clients.jsonl"
    jsonl.write_text("\n".join(json.dumps(client(f"J{i}", i), ensure_ascii=False) for i in range(1, 4)) + "\n",
                     encoding="utf-8")
    runner = CliRunner()
    for out in ("d.xlsx", "d.csv", "d.json"):
        target = tmp_path / out
        result = runner.invoke(cli, ["diff", str(old), str(new), "--profiles", str(portfolio), str(jsonl),
                                     "--as-of", AS_OF.isoformat(), "--output", str(target)])
        assert result.exit_code == 0, result.output
        assert "状态变化 3 家" in result.output
        assert "broken.yaml:1：从业人员数：应为整数，实为 '很多'" in result.output     # once, by the field's title
    data = json.loads((tmp_path / "d.json").read_text(encoding="utf-8"))
    assert data["changed_clients"] == ["二号公司", "五号公司", "J2"]
    rows = list(csv.DictReader((tmp_path / "d.csv").open(encoding="utf-8-sig")))
    assert list(rows[0]) == ["行号", "来源", "企业", "统一社会信用代码", "项目", "项目名称", "原结论", "新结论", "原因", "条件变化"]
    assert [r["企业"] for r in rows if r["企业"]] == ["二号公司", "五号公司", "J2"]
    assert (rows[0]["原结论"], rows[0]["新结论"]) == ("符合", "存在差距")
    assert rows[0]["条件变化"].endswith("：满足 → 未满足") and "patents" not in rows[0]["条件变化"]
    assert any(r["原因"].startswith("无法读取：") for r in rows)
    ws = load_workbook(tmp_path / "d.xlsx").worksheets[0]
    assert [c.value for c in ws[1]][:3] == ["行号", "来源", "企业"]
    assert [c.value for c in ws[2]][2] == "二号公司" and "存在差距" in [c.value for c in ws[2]][7]
    for out in ("c.csv", "c.xlsx"):                  # --codes: the columns' and the statuses' codes
        result = runner.invoke(cli, ["diff", str(old), str(new), "--profiles", str(portfolio), "--codes",
                                     "--as-of", AS_OF.isoformat(), "--output", str(tmp_path / out)])
        assert result.exit_code == 0, result.output
    rows = list(csv.DictReader((tmp_path / "c.csv").open(encoding="utf-8-sig")))
    assert list(rows[0])[:3] == ["row", "source", "client"]
    assert (rows[0]["before"], rows[0]["after"], rows[0]["criteria"]) == ("eligible", "gap", "patents: met → unmet")
    ws = load_workbook(tmp_path / "c.xlsx").worksheets[0]
    assert [c.value for c in ws[1]][:3] == ["row", "source", "client"] and [c.value for c in ws[2]][7] == "gap"
    assert not list(tmp_path.glob(".d.*.tmp"))


def test_missing_input_is_usage_error(demo_sets: tuple[Path, Path], tmp_path: Path) -> None:
    old, new = demo_sets
    result = CliRunner().invoke(cli, ["diff", str(old), str(new), "--profiles", str(tmp_path / "nope")])
    assert result.exit_code == 2
    result = CliRunner().invoke(cli, ["diff", str(old), str(new)])
    assert result.exit_code == 2 and "没有给出客户画像" in result.output and "no client" not in result.output
    result = CliRunner().invoke(cli, ["diff", str(old), str(new), "--lang", "en"])
    assert result.exit_code == 2 and "no client profiles given" in result.output


def _raise_patent_threshold(data: dict) -> int | None:
    """Raise the first 'ip.invention_patents ≥ N' criterion by one; return the old N."""
    def walk(node: object) -> int | None:
        if isinstance(node, dict):
            if node.get("field") == "ip.invention_patents" and node.get("op") == "gte":
                value = node["value"]
                if isinstance(value, dict) and "param" in value:
                    values = data["params"][value["param"]]["values"]
                    old = values[-1]["value"]
                    for v in values:
                        v["value"] = v["value"] + 1
                    return old
                node["value"] = value + 1
                return value
            for v in node.values():
                found = walk(v)
                if found is not None:
                    return found
        elif isinstance(node, list):
            for v in node:
                found = walk(v)
                if found is not None:
                    return found
        return None
    return walk(data.get("criteria", []))


def test_repository_copy_with_one_threshold_raised(tmp_path: Path) -> None:
    """The shipped catalog: raise high_value_patent's minimum of valid invention patents by one."""
    book = RULEBOOKS / "utilization" / "high_value_patent.yaml"
    if not book.is_file():
        pytest.skip("high_value_patent is not in this catalog")
    old, new = tmp_path / "old", tmp_path / "new"
    shutil.copytree(RULEBOOKS, old)
    shutil.copytree(RULEBOOKS, new)
    target = new / "utilization" / "high_value_patent.yaml"
    data = yaml.safe_load(target.read_text(encoding="utf-8"))
    threshold = _raise_patent_threshold(data)
    assert threshold is not None, "high_value_patent no longer compares ip.invention_patents"
    target.write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False), encoding="utf-8")
    folder = tmp_path / "clients"
    folder.mkdir()
    for n in range(0, threshold + 3):
        c = {"enterprise": {"name": f"专利{n}件", "province": "浙江省", "in_strategic_emerging": True},
             "ip": {"invention_patents": n, "high_value_invention_patents": 0}}
        (folder / f"p{n:02d}.yaml").write_text(yaml.safe_dump(c, allow_unicode=True), encoding="utf-8")
    result = diff_portfolio(Engine(old), Engine(new), read_portfolio([folder]), as_of=AS_OF)
    hvp = [c for c in result.changes if c.program == "high_value_patent"]
    assert [c.client for c in hvp] == [f"专利{threshold}件"]
    assert (hvp[0].before, hvp[0].after) == ("eligible", "gap")
    # other programs may read the same field; every change names the criterion that moved
    assert all(c.criteria for c in result.changes)
