"""Rules in force: the 2026 ladder as dated criteria, citations a policy officer can follow, the
lint rules that keep them so (zhice.lint_sources), and no wrong answers from missing data.

The lint rules also have one broken rulebook each in tests/fixtures/lint (checked by test_lint's
parametrized fixture test); here: the shipped rulebooks under them, the domain lists as data, the
successor rule, and what reports show of a source.
"""

from __future__ import annotations

import datetime as dt
import re
import shutil
from pathlib import Path
from urllib.parse import urlsplit

import pytest
import yaml

from zhice.lint import lint_paths
from zhice.lint_sources import DOMAINS_FILE, load_domains
from zhice.profile import profile_from_data
from zhice.renderers import render
from zhice.rulebook import load_rulebooks

from conftest import AS_OF, EXAMPLES, RULEBOOKS

BEFORE = dt.date(2025, 6, 1)   # the 2022 暂行办法 in force
AFTER = dt.date(2026, 12, 1)   # the 2026 办法 in force (from 2026-04-01)
LADDER = ("innovative_sme", "specialized_sme", "little_giant")
OLD, NEW = "工信部企业〔2022〕63号", "工信部企业〔2026〕2号"


def program(report, pid):
    return next(p for p in report.programs if p.id == pid)


def checkup(engine, path_or_data, day, *ids):
    from zhice.profile import load_profile

    prof = load_profile(path_or_data) if isinstance(path_or_data, Path) else profile_from_data(path_or_data)
    return engine.checkup(prof, as_of=day, matcher="compiled", programs=list(ids) or None)


# ---- the ladder -----------------------------------------------------------------------------------

@pytest.mark.parametrize("pid", LADDER)
def test_the_ladder_cites_the_rules_in_force_on_the_day(engine, pid) -> None:
    for day, cited, not_cited in ((BEFORE, OLD, NEW), (AFTER, NEW, OLD)):
        p = program(checkup(engine, EXAMPLES / "cult_specialized_candidate.yaml", day, pid), pid)
        numbers = [s.get("doc_number") for s in p.sources]
        assert cited in numbers, (day, numbers)
        assert not_cited not in numbers, (day, numbers)
        by_id = {s["id"]: s for s in p.sources}
        assert {by_id[c.source["id"]]["doc_number"] for c in p.criteria if c.source} <= {cited, "工信部联企业〔2011〕300号"}


def test_the_day_before_and_the_day_the_2026_rules_start(engine) -> None:
    path = EXAMPLES / "cult_specialized_candidate.yaml"
    ids = {day: {c.id for c in program(checkup(engine, path, day, "specialized_sme"), "specialized_sme").criteria}
           for day in (dt.date(2026, 3, 31), dt.date(2026, 4, 1))}
    assert "score_or_direct" in ids[dt.date(2026, 3, 31)] and "platform_score" not in ids[dt.date(2026, 3, 31)]
    assert "platform_score" in ids[dt.date(2026, 4, 1)] and "score_or_direct" not in ids[dt.date(2026, 4, 1)]


def test_the_issue_example_is_not_eligible_for_specialized_sme_under_the_2026_rules(engine) -> None:
    data = yaml.safe_load((EXAMPLES / "cult_specialized_candidate.yaml").read_text(encoding="utf-8"))
    data["enterprise"].update(years_in_niche=2, main_business_share=75)
    data["qualifications"]["innovative_sme"] = False
    before = program(checkup(engine, data, BEFORE, "specialized_sme"), "specialized_sme")
    after = program(checkup(engine, data, AFTER, "specialized_sme"), "specialized_sme")
    assert before.status == "eligible"
    assert after.status == "gap"
    unmet = {c.id for c in after.criteria if c.status == "unmet"}
    assert {"innovative_sme_held", "niche_years", "main_business_share"} <= unmet


def test_the_report_says_which_2026_conditions_rest_on_reports(engine) -> None:
    report = checkup(engine, EXAMPLES / "cult_specialized_candidate.yaml", AFTER, "specialized_sme")
    p = program(report, "specialized_sme")
    assert p.confidence == "secondary"
    assert {c.confidence for c in p.criteria if c.id != "is_sme"} == {"secondary"}
    md = render(report, "markdown")
    assert "（二手资料，待核实）" in md
    assert NEW in md and "工业和信息化部" in md


def test_hnte_pass_line_is_cited_to_the_work_guide() -> None:
    book = load_rulebooks(RULEBOOKS).by_id()["high_tech_enterprise"]
    assert {v.source for v in book.params["min_innovation_score"].values} == {"hnte_guide"}
    assert next(c for c in book.criteria if c.id == "innovation_score").source == "hnte_guide"
    assert book.source("hnte_guide").doc_number == "国科发火〔2016〕195号"


def test_tech_sme_cites_115_with_its_articles() -> None:
    book = load_rulebooks(RULEBOOKS).by_id()["tech_sme"]
    (src,) = book.sources
    assert src.doc_number == "国科发政〔2017〕115号"
    assert "第七条（评价指标）" in src.section and "第八条（直接确认）" in src.section
    assert "53号" not in (src.document + (src.doc_number or ""))


# ---- missing data is unknown ----------------------------------------------------------------------

@pytest.mark.parametrize("day", [BEFORE, AS_OF, AFTER], ids=str)
def test_a_profile_that_says_almost_nothing_shows_no_gap_anywhere(engine, day) -> None:
    report = checkup(engine, {"schema_version": 1, "enterprise": {"name": "某某有限公司"}}, day)
    gaps = [(p.id, [c.id for c in p.criteria if c.status == "unmet"]) for p in report.programs if p.status == "gap"]
    assert gaps == []
    assert report.summary["gap"] == 0


# ---- citations in the shipped rulebooks -----------------------------------------------------------

def _sources():
    for path in sorted(RULEBOOKS.rglob("*.yaml")):
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
        for s in data["sources"]:
            yield path.relative_to(RULEBOOKS), s


def test_the_shipped_rulebooks_are_clean_under_the_citation_rules() -> None:
    findings = lint_paths([RULEBOOKS], as_of=AS_OF)
    assert [str(f) for f in findings] == []


def test_every_official_url_is_on_an_issuer_domain_and_no_blocked_site_is_named() -> None:
    domains, problems = load_domains(RULEBOOKS)
    assert not problems and domains is not None
    for rel, s in _sources():
        if s.get("url"):
            assert domains.is_official(urlsplit(s["url"]).hostname), (rel, s["id"], s["url"])
    text = "\n".join(p.read_text(encoding="utf-8") for p in RULEBOOKS.rglob("*.yaml"))
    for blocked in domains.blocked:
        assert blocked not in text, blocked


def test_every_official_source_names_its_issuer_and_its_number_or_page() -> None:
    for rel, s in _sources():
        if s["confidence"] == "official":
            assert s.get("issuer"), (rel, s["id"])
            assert s.get("doc_number") or s.get("url"), (rel, s["id"])
        if s.get("read_at"):
            assert s["confidence"] != "official" or s.get("doc_number"), (rel, s["id"])


def test_review_stamps_are_per_file() -> None:
    stamps = {}
    for path in RULEBOOKS.rglob("*.yaml"):
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
        stamps[path.stem] = (data["last_reviewed"], data.get("reviewed_against"))
    assert len({d for d, _ in stamps.values()}) > 1
    for pid, (day, note) in stamps.items():
        if day == dt.date(2026, 12, 3):
            assert note, f"{pid}: reviewed on {day} against what?"


# ---- the lint rules' data and the successor rule --------------------------------------------------

def _workspace(tmp_path: Path, *extra: tuple[str, str]) -> Path:
    books = tmp_path / "rulebooks"
    shutil.copytree(RULEBOOKS / "derivations", books / "derivations")
    (books / "test").mkdir()
    for name, text in extra:
        (books / "test" / name).write_text(text, encoding="utf-8")
    return books


_BOOK = """schema_version: 1
id: {id}
kind: program
domain: test
title: {{zh: 测试, en: Test}}
authority: 测试机关
sources:
  - {{id: s1, document: 测试文件（测〔2024〕1号）, confidence: official, url: "{url}"}}
effective: {effective}
last_reviewed: 2026-11-01
criteria:
  - {{id: c1, title: 专利, when: {{field: ip.invention_patents, op: gte, value: 1}}, source: s1}}
"""


def test_the_domain_lists_are_data_beside_the_rulebooks(tmp_path: Path) -> None:
    books = _workspace(tmp_path, ("p.yaml", _BOOK.format(id="p", url="https://www.example.com/x", effective="{from: 2024-01-01}")))
    codes = {f.code for f in lint_paths([books], as_of=AS_OF, features=tmp_path)}
    assert "official-off-domain" in codes  # the shipped lists: example.com is no issuer
    (books / DOMAINS_FILE).parent.mkdir()
    (books / DOMAINS_FILE).write_text("official:\n  - {domain: example.com}\n  - {domain: gov.cn}\nblocked: []\n",
                                      encoding="utf-8")
    codes = {f.code for f in lint_paths([books], as_of=AS_OF, features=tmp_path)}
    assert "official-off-domain" not in codes
    (books / DOMAINS_FILE).write_text("official:\n  - {domain: gov.cn}\nblocked:\n  - {domain: example.com}\n",
                                      encoding="utf-8")
    assert "blocked-domain" in {f.code for f in lint_paths([books], as_of=AS_OF, features=tmp_path)}


def test_a_broken_domain_list_is_reported_not_raised(tmp_path: Path) -> None:
    books = _workspace(tmp_path, ("p.yaml", _BOOK.format(id="p", url="https://www.most.gov.cn/x", effective="{from: 2024-01-01}")))
    (books / DOMAINS_FILE).parent.mkdir()
    (books / DOMAINS_FILE).write_text("official: [{nodomain: 1}]\nblocked: 3\n", encoding="utf-8")
    found = [f for f in lint_paths([books], as_of=AS_OF, features=tmp_path) if f.code == "bad-domains-file"]
    assert len(found) == 2 and all(f.severity == "error" and f.file.endswith("domains.yml") for f in found)


def test_an_ended_rulebook_with_a_successor_is_not_expired(tmp_path: Path) -> None:
    old = _BOOK.format(id="old_rules", url="https://www.most.gov.cn/x", effective="{from: 2022-01-01, to: 2026-03-31, successor: new_rules}")
    new = _BOOK.format(id="new_rules", url="https://www.most.gov.cn/y", effective="{from: 2026-04-01}")
    books = _workspace(tmp_path, ("old_rules.yaml", old), ("new_rules.yaml", new))
    codes = [f.code for f in lint_paths([books], as_of=AS_OF, features=tmp_path) if f.code != "no-feature"]
    assert codes == []
    late = new.replace("{from: 2026-04-01}", "{from: 2026-06-01}")
    (books / "test" / "new_rules.yaml").write_text(late, encoding="utf-8")
    codes = {f.code for f in lint_paths([books], as_of=AS_OF, features=tmp_path)}
    assert {"expired", "unknown-successor"} <= codes


def test_a_dated_criterion_is_compiled_only_on_its_days(tmp_path: Path) -> None:
    from zhice import Engine

    text = _BOOK.format(id="dated", url="https://www.most.gov.cn/x", effective="{from: 2022-01-01}").replace(
        "  - {id: c1, title: 专利, when: {field: ip.invention_patents, op: gte, value: 1}, source: s1}\n",
        "  - {id: c1, title: 专利, when: {field: ip.invention_patents, op: gte, value: 1}, source: s1, effective: {to: 2026-03-31}}\n"
        "  - {id: c1, title: 专利两件, when: {field: ip.invention_patents, op: gte, value: 2}, source: s1, effective: {from: 2026-04-01}}\n")
    books = _workspace(tmp_path, ("dated.yaml", text))
    eng = Engine(books)
    prof = profile_from_data({"schema_version": 1, "enterprise": {"name": "x"}, "ip": {"invention_patents": 1}})
    status = {d: program(eng.checkup(prof, as_of=d, matcher="compiled"), "dated").status for d in (BEFORE, AFTER)}
    assert status == {BEFORE: "eligible", AFTER: "gap"}
    assert [f.code for f in lint_paths([books], as_of=AS_OF, features=tmp_path) if f.code != "no-feature"] == []


# ---- what reports show of a source ----------------------------------------------------------------

def test_reports_show_issuer_and_number_and_link_only_the_issuer_page(engine) -> None:
    report = checkup(engine, EXAMPLES / "cult_specialized_candidate.yaml", AFTER, "specialized_sme", "tech_sme")
    md = render(report, "markdown")
    html = render(report, "html")
    for p in report.programs:
        for s in p.sources:
            if s.get("issuer"):
                assert s["issuer"] in md and s["issuer"] in html
            if s.get("doc_number"):
                assert s["doc_number"] in md and s["doc_number"] in html
    urls = {s["url"] for p in report.programs for s in p.sources if s.get("url")}
    reads = {r for p in report.programs for s in p.sources for r in s.get("read_at", [])}
    assert urls and reads
    linked_md = set(re.findall(r"<(https?://[^>]+)>", md))
    linked_html = set(re.findall(r'href="(https?://[^"]+)"', html))
    assert linked_md == urls
    assert linked_html == {u.replace("&", "&amp;") for u in urls} or linked_html == urls
    for r in reads:
        assert f"<{r}>" not in md and f'href="{r}"' not in html
        assert urlsplit(r).hostname in md
