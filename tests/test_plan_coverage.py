"""docs/plan-coverage.md, the table of every enterprise-facing measure of both plans, stays in step
with rulebooks/: each id it names is a rulebook, each program and checklist rulebook is named in it,
each row without a rule says why, and the table keeps at least 40 measures."""

from __future__ import annotations

import re

import pytest

from zhice.rulebook import load_rulebooks

from conftest import REPO, RULEBOOKS

DOC = REPO / "docs" / "plan-coverage.md"
BEGIN, END = "<!-- coverage:begin -->", "<!-- coverage:end -->"
COLUMNS = ["规划", "章节", "措施", "面向", "规则", "说明"]
REASONS = ("政府内部", "无条件可循", "非企业", "服务渠道")


def _rows() -> list[dict[str, str]]:
    text = DOC.read_text(encoding="utf-8")
    assert BEGIN in text and END in text, f"{DOC.name} needs the {BEGIN} … {END} markers"
    lines = [ln.strip() for ln in text[text.index(BEGIN) + len(BEGIN):text.index(END)].strip().splitlines()]
    header = [c.strip() for c in lines[0].strip("|").split("|")]
    assert header == COLUMNS
    rows = []
    for ln in lines[2:]:
        cells = [c.strip() for c in ln.strip("|").split("|")]
        assert len(cells) == len(COLUMNS), f"row with {len(cells)} cells: {ln}"
        rows.append(dict(zip(COLUMNS, cells)))
    return rows


def _ids(cell: str) -> list[str]:
    return re.findall(r"`([a-z0-9_]+)`", cell)


@pytest.fixture(scope="module")
def books():
    return {b.id: b for b in load_rulebooks(RULEBOOKS).books}


def test_at_least_forty_measures_from_both_plans() -> None:
    rows = _rows()
    assert len(rows) >= 40
    assert {r["规划"] for r in rows} == {"十四五", "十五五"}
    assert all(r["章节"] and r["措施"] and r["面向"] for r in rows)


def test_every_named_id_is_a_rulebook(books) -> None:
    named = {i for r in _rows() for i in _ids(r["规则"]) + _ids(r["说明"])}
    assert not sorted(named - set(books)), "ids in docs/plan-coverage.md with no rulebook"


def test_every_program_rulebook_is_in_the_table(books) -> None:
    named = {i for r in _rows() for i in _ids(r["规则"])}
    programs = {i for i, b in books.items() if b.kind != "derivation"}
    assert not sorted(programs - named), "program rulebooks missing from docs/plan-coverage.md"


def test_a_row_without_a_rule_says_why() -> None:
    for r in _rows():
        if not _ids(r["规则"]):
            assert r["规则"] == "—", r
            assert r["说明"].startswith(REASONS), f"no rule and no reason ({'/'.join(REASONS)}): {r['措施']}"


# programs the plan inventory added for which no program text was found: their rules are zhice's defaults
NO_PROGRAM_TEXT = ["lead_enterprise", "data_ip_seed", "key_trademark_protection", "overseas_rights_aid",
                   "overseas_exhibition_aid", "sep_patent_pool", "trademark_brand", "startup_ip_service"]


def test_added_measures_without_program_text_are_inferred(engine) -> None:
    from conftest import AS_OF

    conf = {p.book.id: p.confidence for p in engine.compiled(AS_OF).programs}
    assert {i: conf[i] for i in NO_PROGRAM_TEXT} == {i: "inferred" for i in NO_PROGRAM_TEXT}
