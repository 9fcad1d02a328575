"""What ``zhice explain``, ``zhice whatif`` and ``zhice diff`` show people names things in
Chinese: no dotted field paths, no derived-fact names, no choice codes, no program or criterion
ids, no English rule-confidence word — for every example profile and every program; the codes
come back under ``--lang en`` (and, for diff's spreadsheets, with ``--codes``)."""

from __future__ import annotations

import csv
import datetime as dt
import re
import shutil
from pathlib import Path

import pytest
import yaml
from click.testing import CliRunner
from openpyxl import load_workbook

from zhice import Engine
from zhice.cli import cli
from zhice.explain import explain, render_explanation
from zhice.profile import FIELDS, load_profile
from zhice.whatif import render_whatif, suggest
from zhice.wording import CHOICE_LABELS, derived_specs, set_lang

from conftest import EXAMPLES, RULEBOOKS
from test_diff import _raise_patent_threshold

DAY = "2026-11-21"
EXAMPLE_FILES = sorted(EXAMPLES.glob("*.yaml"))
MICRO = str(EXAMPLES / "micro_software_startup.yaml")
CODES = sorted({code for labels in CHOICE_LABELS.values() for code in labels if "_" in code or code == "none"})
ENGLISH_WORDS = re.compile(r"\b(?:official|secondary|inferred|held|derived|eligible|insufficient_data|not_applicable"
                           r"|met|unmet|unknown|absent)\b")


@pytest.fixture(autouse=True)
def _fresh_language():
    yield
    set_lang(None)


@pytest.fixture(scope="module")
def shipped() -> tuple[Engine, dict, set[str], set[str]]:
    engine = Engine(RULEBOOKS)
    compiled = engine.compiled(dt.date.fromisoformat(DAY))
    programs = {p.book.id for p in compiled.programs}
    criteria = {el.element.id for p in compiled.programs for el in [*p.scope, *p.criteria] if el.element}
    return engine, derived_specs(compiled), programs, criteria


def _words(text: str) -> str:
    """What a reader reads as words: URLs and the command that verifies a plan (which names the
    program id and the fields' paths as they are typed) taken out."""
    text = "\n".join(line for line in text.splitlines() if "zhice checkup " not in line)
    return re.sub(r"https?://\S+", " ", text)


def codes_in(text: str, derived: dict, programs: set[str], criteria: set[str]) -> list[str]:
    """The codes a text shows where a person should read words."""
    words = _words(text)
    found = [f for f in FIELDS if re.search(rf"(?<![\w.]){re.escape(f)}(?![\w])", words)]
    found += ["derived."] if "derived." in words else []
    found += [n for n in derived if re.search(rf"(?<![\w.]){re.escape(n)}(?![\w])", words)]
    found += [c for c in sorted(programs | criteria | set(CODES)) if re.search(rf"(?<![\w/]){re.escape(c)}(?![\w])", words)]
    return found + ENGLISH_WORDS.findall(words)


@pytest.mark.parametrize("path", EXAMPLE_FILES, ids=lambda p: p.stem)
def test_explain_and_whatif_name_everything_in_chinese(shipped, path: Path) -> None:
    engine, derived, programs, criteria = shipped
    profile = load_profile(path)
    for pid in sorted(programs):
        ex = explain(engine, profile, pid, as_of=DAY, matcher="compiled")
        text = render_explanation(ex, "zh")
        assert not codes_in(text, derived, programs, criteria), (pid, codes_in(text, derived, programs, criteria))
        w = suggest(engine, profile, pid, as_of=DAY, matcher="compiled")
        text = render_whatif(w, str(path), "zh")
        assert not codes_in(text, derived, programs, criteria), (pid, codes_in(text, derived, programs, criteria))
        # a number to change says by how much (还差 92 万元, 需减少 200 万元)
        moves = [line for line in text.splitlines() if re.search(r"(提高|降低)到 ", line)]
        assert all(re.search(r"(还差|需减少) \d", line) for line in moves), moves


def test_explain_names_derived_facts_by_title_and_label(shipped) -> None:
    res = CliRunner().invoke(cli, ["explain", "high_tech_enterprise", MICRO, "--as-of", DAY, "--matcher", "compiled"])
    assert res.exit_code == 0, res.output
    facts = next(line for line in res.output.splitlines() if line.startswith("推导事实："))
    assert "企业规模 = 微型" in facts and "Ⅰ类知识产权数 = 1 件" in facts and "sme_size" not in facts
    assert res.output.startswith("知策 · 条件解释：高新技术企业认定\n") and "结论：信息不足\n" in res.output
    assert "【是否已获得】已获得该资格 — 未满足" in res.output and "（官方原文）" in res.output
    assert not codes_in(res.output, *shipped[1:])


def test_explain_in_english_keeps_the_codes() -> None:
    res = CliRunner().invoke(cli, ["explain", "high_tech_enterprise", MICRO, "--as-of", DAY, "--matcher", "compiled",
                                   "--lang", "en"])
    assert res.exit_code == 0, res.output
    assert res.output.startswith("zhice · explain: 高新技术企业认定（high_tech_enterprise）\n")
    assert "verdict: insufficient data (insufficient_data)" in res.output
    assert "derived facts: " in res.output and "sme_size = micro" in res.output
    assert "【already held】已获得该资格（held） — unmet" in res.output and "（official）" in res.output
    assert "（registered_one_year）" in res.output and "(actual: " in res.output


def test_whatif_in_chinese_and_in_english() -> None:
    jzz = str(EXAMPLES / "cult_jinzhongzi_candidate.yaml")
    res = CliRunner().invoke(cli, ["whatif", "innovative_sme", jzz, "--as-of", DAY, "--matcher", "compiled"])
    assert res.exit_code == 0, res.output
    assert res.output.startswith("知策 · 假如分析：创新型中小企业评价\n当前结论：信息不足\n")
    assert "方案 1（1 项调整）→ 符合" in res.output and "  验证：zhice checkup " in res.output
    assert "innovative_sme）" not in res.output
    en = CliRunner().invoke(cli, ["whatif", "innovative_sme", jzz, "--as-of", DAY, "--matcher", "compiled",
                                  "--lang", "en"])
    assert en.exit_code == 0, en.output
    assert en.output.startswith("zhice · what-if: 创新型中小企业评价（innovative_sme）\n"
                                "current verdict: insufficient data (insufficient_data)\n")
    assert "option 1 (1 change) → eligible" in en.output and "  verify: zhice checkup " in en.output
    assert "方案" not in en.output and "当前结论" not in en.output


@pytest.fixture(scope="module")
def raised(tmp_path_factory) -> tuple[Path, Path]:
    """The shipped rulebooks, and a copy with every program's first invention-patent minimum raised by one."""
    root = tmp_path_factory.mktemp("diff")
    old, new = root / "old", root / "new"
    shutil.copytree(RULEBOOKS, old)
    shutil.copytree(RULEBOOKS, new)
    raised = 0
    for book in sorted(new.rglob("*.yaml")):
        if "_meta" in book.parts:
            continue
        data = yaml.safe_load(book.read_text(encoding="utf-8"))
        if isinstance(data, dict) and data.get("kind") != "derivation" and _raise_patent_threshold(data) is not None:
            book.write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False), encoding="utf-8")
            raised += 1
    assert raised >= 3
    return old, new


def test_diff_of_the_examples_speaks_chinese_and_codes_on_request(shipped, raised, tmp_path: Path) -> None:
    old, new = raised
    runner = CliRunner()
    args = ["diff", str(old), str(new), "--profiles", str(EXAMPLES), "--as-of", DAY]
    res = runner.invoke(cli, [*args, "--output", str(tmp_path / "d.csv")])
    assert res.exit_code == 0, res.output
    assert "知策 · 规则变化影响" in res.output and "原因：" in res.output
    assert not codes_in(res.output.replace(str(old), " ").replace(str(new), " "), *shipped[1:])
    rows = list(csv.reader((tmp_path / "d.csv").open(encoding="utf-8-sig")))
    assert rows[0] == ["行号", "来源", "企业", "统一社会信用代码", "项目", "项目名称", "原结论", "新结论", "原因", "条件变化"]
    assert len(rows) > 1
    # the 项目 column keeps the program id (it is what --program takes); every other cell is words
    words = "\n".join(",".join(r[5:]) for r in rows[1:])
    assert not codes_in(words, *shipped[1:]), codes_in(words, *shipped[1:])
    res = runner.invoke(cli, [*args, "--output", str(tmp_path / "d.xlsx")])
    assert res.exit_code == 0, res.output
    sheet = load_workbook(tmp_path / "d.xlsx").worksheets[0]
    cells = [[c.value for c in row] for row in sheet.iter_rows()]
    assert cells[0] == rows[0] and [str(v) for v in cells[1][5:]] == rows[1][5:]

    res = runner.invoke(cli, [*args, "--codes", "--output", str(tmp_path / "c.csv")])
    assert res.exit_code == 0, res.output
    coded = list(csv.reader((tmp_path / "c.csv").open(encoding="utf-8-sig")))
    assert coded[0] == ["row", "source", "client", "credit_code", "program", "title", "before", "after", "cause",
                        "criteria"]
    assert {r[6] for r in coded[1:]} <= {"eligible", "gap", "not_applicable", "insufficient_data", "achieved", "absent"}
    assert all(re.fullmatch(r"\w+: \w+ → \w+(; \w+: \w+ → \w+)*", r[9]) for r in coded[1:] if r[9]), coded

    en = runner.invoke(cli, [*args, "--lang", "en"])
    assert en.exit_code == 0, en.output
    assert "zhice · rule change impact" in en.output and "cause: " in en.output and "原因" not in en.output
