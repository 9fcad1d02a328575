"""The people-facing reports: Markdown and HTML.

* Golden files pin the Markdown layout (tests/golden/*.md). They use a fixed, made-up rulebook set
  (tests/fixtures/reports_rulebooks/) and a fixed --as-of, so they do not move when the shipped
  catalog changes. Regenerate after an intended change with ``ZHICE_UPDATE_GOLDEN=1 pytest
  tests/test_renderers.py`` and review the diff.
* Both formats carry exactly the programs, statuses, criteria, gaps and next steps of the JSON
  (parsed back out of the rendered text and compared with ``report.to_json_dict()``), for the
  fixture set and for every shipped example profile against the shipped rulebooks.
* Text from profiles and rulebooks is escaped: a name with ``<script>`` renders as text.
* A headless Chromium loads the HTML (skipped when no chromium binary is installed).
"""

from __future__ import annotations

import html as htmllib
import os
import re
import shutil
import subprocess
import tempfile
from html.parser import HTMLParser
from pathlib import Path
from typing import Any

import pytest

from zhice import Engine, Report, load_profile, profile_from_data
from zhice.renderers import render
from zhice.renderers.html import render_html
from zhice.renderers.markdown import md_cell, md_escape, render_markdown
from zhice.report import STATUS_LABELS

from conftest import AS_OF, EXAMPLES

HERE = Path(__file__).parent
FIXTURE_RULEBOOKS = HERE / "fixtures" / "reports_rulebooks"
GOLDEN = HERE / "golden"
UPDATE = os.environ.get("ZHICE_UPDATE_GOLDEN") == "1"

NASTY_NAME = ("恶意<script>alert(1)</script>"
              "<img src=x onerror=\"document.documentElement.setAttribute('data-pwned','1')\">"
              "公司 | *粗体* [链接](javascript:alert(2))")

# fixed profiles for the fixture rulebooks; together they reach every status and both kinds
PROFILES: dict[str, dict[str, Any]] = {
    "partial": {
        "enterprise": {"name": "杭州*示例*科技|有限公司", "province": "浙江省", "city": "杭州市",
                       "industry": "I65", "employees": 40, "revenue": 1800, "total_assets": 900,
                       "rd_expense": 40, "registered_on": "2019-05-01"},
        "ip": {"invention_patents": 1},
        "trade_secrets": {"inventory": True, "staff_nda": False},
    },
    "ready": {
        "enterprise": {"name": "宁波示例精工有限公司", "credit_code": "91330201MA2KX8P3QP", "province": "浙江省",
                       "industry": "C38", "employees": 420, "revenue": 32000, "total_assets": 41000,
                       "rd_expense": 1150, "registered_on": "2009-03-02"},
        "ip": {"invention_patents": 14},
        "ip_management": {"ip_staff": 2},
        "trade_secrets": {"inventory": True, "staff_nda": True, "it_controls": True},
    },
    "outside": {
        "enterprise": {"name": "上海示例有限公司", "province": "上海市", "revenue": 500},
        "qualifications": {"ip_advantage_enterprise": True},
    },
    "held": {
        "enterprise": {"name": "温州示例有限公司", "province": "浙江省"},
        "qualifications": {"ip_advantage_enterprise": True},
        "trade_secrets": {"inventory": False, "staff_nda": False, "it_controls": False},
        "ip_management": {"ip_staff": 0},
    },
}


@pytest.fixture(scope="module")
def fixture_engine() -> Engine:
    return Engine(FIXTURE_RULEBOOKS)


def _report(engine: Engine, data: dict[str, Any]) -> Report:
    return engine.checkup(profile_from_data({"schema_version": 1, **data}), as_of=AS_OF, matcher="compiled")


def _stable(report: Report) -> Report:
    """Provenance that changes with the engine version or file bytes, fixed for the goldens."""
    profile = report.profile.model_copy(update={"digest": "sha256:<profile>"})
    return report.model_copy(update={"engine_version": "<version>", "rulebooks_digest": "sha256:<rulebooks>",
                                     "profile": profile})


# ---- golden Markdown ------------------------------------------------------------------------

@pytest.mark.parametrize("name", sorted(PROFILES))
def test_markdown_golden(fixture_engine: Engine, name: str) -> None:
    text = render_markdown(_stable(_report(fixture_engine, PROFILES[name])))
    path = GOLDEN / f"{name}.md"
    if UPDATE:
        GOLDEN.mkdir(exist_ok=True)
        tmp = path.with_suffix(".md.tmp")
        tmp.write_text(text, encoding="utf-8")
        tmp.replace(path)
    assert path.exists(), f"missing golden {path}; run ZHICE_UPDATE_GOLDEN=1 pytest {Path(__file__).name}"
    expected = path.read_text(encoding="utf-8")
    assert text == expected, f"Markdown differs from {path}; if intended, regenerate with ZHICE_UPDATE_GOLDEN=1"


def test_fixture_profiles_reach_every_status(fixture_engine: Engine) -> None:
    seen = {p.status for data in PROFILES.values() for p in _report(fixture_engine, data).programs}
    assert seen == set(STATUS_LABELS), f"the golden profiles should cover every status, saw {seen}"


# ---- parsing the rendered reports back -------------------------------------------------------

def md_unescape(text: str) -> str:
    return re.sub(r"\\([!-/:-@\[-`{-~])", r"\1", text)


def _md_cells(row: str) -> list[str]:
    inner = row.strip()[1:-1]
    return [c.strip() for c in re.split(r"(?<!\\)\|", inner)]


def parse_markdown(text: str) -> dict[str, dict[str, Any]]:
    """Programs of a Markdown report: status label, criteria rows, next steps (unescaped)."""
    details = text.split("\n## 项目详情\n", 1)[1]
    programs: dict[str, dict[str, Any]] = {}
    for chunk in details.split("\n### ")[1:]:
        head, _, body = chunk.partition("\n")
        pid = re.search(r"（`([^`]+)`）$", head).group(1)
        status = re.search(r"\*\*结论：(.+?)\*\*", body).group(1)
        rows = {}
        for line in body.splitlines():
            if line.startswith("| ") and "`" in line and not line.startswith("|---"):
                cells = _md_cells(line)
                cid = re.search(r"`([^`]+)`$", cells[0]).group(1)
                rows[cid] = {"status": cells[1], "gap": "" if cells[4] == "—" else md_unescape(cells[4])}
        steps: list[str] = []
        if "**下一步**" in body:
            block = body.split("**下一步**\n\n", 1)[1].split("\n\n", 1)[0]
            steps = [md_unescape(re.sub(r"^\d+\. ", "", ln)) for ln in block.splitlines()]
        programs[pid] = {"status": status, "criteria": rows, "next_steps": steps}
    return programs


class _HTMLReport(HTMLParser):
    """Collects data-program sections, criteria rows, gaps and next steps of an HTML report."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.overview: dict[str, str] = {}
        self.programs: dict[str, dict[str, Any]] = {}
        self.tags: list[str] = []
        self.hrefs: list[str] = []
        self._section: str | None = None
        self._row: str | None = None
        self._part: str | None = None
        self._capture: str | None = None
        self._buf: list[str] = []
        self._in_overview = False

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        a = dict(attrs)
        self.tags.append(tag)
        if tag == "a" and a.get("href") is not None:
            self.hrefs.append(a["href"] or "")
        if tag == "section" and a.get("id") == "overview":
            self._in_overview = True
        if tag == "section" and "data-program" in a:
            self._section = a["data-program"]
            self.programs[self._section] = {"status": a["data-status"], "criteria": {}, "scope": {}, "next_steps": []}
        if tag == "table" and self._section and a.get("data-part"):
            self._part = a["data-part"]
        if tag == "tr" and "data-program" in a and self._in_overview:
            self.overview[a["data-program"] or ""] = a["data-status"] or ""
        if tag == "tr" and "data-criterion" in a and self._section and self._part:
            self._row = a["data-criterion"]
            self.programs[self._section][self._part][self._row] = {"status": a["data-status"], "gap": ""}
        if tag == "td" and self._row and "gap" in (a.get("class") or "").split():
            self._capture, self._buf = "gap", []
        if tag == "li" and self._section and "next-step" in (a.get("class") or "").split():
            self._capture, self._buf = "step", []

    def handle_endtag(self, tag: str) -> None:
        if tag == "section":
            self._section = None
            self._in_overview = False
        if tag == "table":
            self._part = None
        if tag == "tr":
            self._row = None
        if self._capture == "gap" and tag == "td":
            self.programs[self._section][self._part][self._row]["gap"] = "".join(self._buf)
            self._capture = None
        if self._capture == "step" and tag == "li":
            self.programs[self._section]["next_steps"].append("".join(self._buf))
            self._capture = None

    def handle_data(self, data: str) -> None:
        if self._capture:
            self._buf.append(data)


def parse_html(text: str) -> _HTMLReport:
    parser = _HTMLReport()
    parser.feed(text)
    parser.close()
    return parser


def check_markdown_matches_json(report: Report) -> None:
    data = report.to_json_dict()
    parsed = parse_markdown(render_markdown(report))
    assert set(parsed) == {p["id"] for p in data["programs"]}
    for p in data["programs"]:
        got = parsed[p["id"]]
        assert got["status"].removesuffix("（待核实）") == STATUS_LABELS[p["status"]], p["id"]
        assert got["status"].endswith("（待核实）") == (p["needs_verification"] and p["status"] == "eligible")
        for c in p["criteria"] + p["scope"]:
            assert c["id"] in got["criteria"], (p["id"], c["id"])
        for c in p["criteria"]:
            row = got["criteria"][c["id"]]
            assert row["gap"] == " ".join((c["gap"] or "").split("\n")), (p["id"], c["id"])
        assert got["next_steps"] == p["next_steps"], p["id"]
    overview = render_markdown(report).split("\n## 总览\n", 1)[1].split("\n## ", 1)[0]
    for p in data["programs"]:
        assert f"`{p['id']}`" in overview


def check_html_matches_json(report: Report) -> None:
    data = report.to_json_dict()
    parsed = parse_html(render_html(report))
    assert parsed.overview == {p["id"]: p["status"] for p in data["programs"]}
    assert set(parsed.programs) == {p["id"] for p in data["programs"]}
    for p in data["programs"]:
        got = parsed.programs[p["id"]]
        assert got["status"] == p["status"]
        for part in ("criteria", "scope"):
            assert {c["id"]: c["status"] for c in p[part]} == {k: v["status"] for k, v in got[part].items()}
            for c in p[part]:
                assert got[part][c["id"]]["gap"] == (c["gap"] or ""), (p["id"], c["id"])
        assert got["next_steps"] == p["next_steps"], p["id"]


@pytest.mark.parametrize("name", sorted(PROFILES))
def test_fixture_reports_match_json(fixture_engine: Engine, name: str) -> None:
    report = _report(fixture_engine, PROFILES[name])
    check_markdown_matches_json(report)
    check_html_matches_json(report)


@pytest.mark.parametrize("path", sorted(EXAMPLES.glob("*.yaml")), ids=lambda p: p.stem)
def test_shipped_examples_match_json(engine: Engine, path: Path) -> None:
    report = engine.checkup(load_profile(path), as_of=AS_OF, matcher="compiled")
    check_markdown_matches_json(report)
    check_html_matches_json(report)


def test_parsers_notice_a_difference(fixture_engine: Engine) -> None:
    """The consistency checks can fail: a report whose statuses were tampered with is caught."""
    report = _report(fixture_engine, PROFILES["partial"])
    prog = report.programs[0]
    wrong = "eligible" if prog.status != "eligible" else "gap"
    rendered = report.model_copy(update={"programs": [prog.model_copy(update={"status": wrong})] + report.programs[1:]})
    data_md = parse_markdown(render_markdown(rendered))
    data_html = parse_html(render_html(rendered))
    assert data_md[prog.id]["status"].removesuffix("（待核实）") != STATUS_LABELS[prog.status]
    assert data_html.programs[prog.id]["status"] != prog.status


# ---- escaping and self-containment -----------------------------------------------------------

def test_markdown_escapes_profile_text(fixture_engine: Engine) -> None:
    text = render_markdown(_report(fixture_engine, {"enterprise": {"name": NASTY_NAME, "province": "浙江省"}}))
    title = text.splitlines()[0]
    assert not re.search(r"(?<!\\)<", text), "an unescaped '<' could start raw HTML"
    assert "\\<script\\>alert(1)\\</script\\>" in title
    assert "\\|" in title and "\\*粗体\\*" in title and "\\[链接\\]" in title
    assert md_unescape(title.removeprefix("# 知策政策体检报告：")) == NASTY_NAME


def test_markdown_table_cells_escape_pipes_and_newlines() -> None:
    assert md_cell("a|b\nc") == "a\\|b c"
    assert md_cell("") == "—"
    assert md_escape("1. 不是列表", line_start=True) == "1\\. 不是列表"
    assert md_escape("- 不是列表", line_start=True) == "\\- 不是列表"
    # rulebook text with a pipe stays inside its cell
    row = "| x\\|y | 未满足 | a | b | c\\|d |"
    assert len(_md_cells(row)) == 5


def test_html_escapes_profile_and_rulebook_text(fixture_engine: Engine) -> None:
    report = _report(fixture_engine, {"enterprise": {"name": NASTY_NAME, "province": "浙江省"}})
    page = render_html(report)
    assert "<script" not in page.lower()
    assert "<img" not in page.lower()
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in page
    assert "&lt;b&gt;测试&lt;/b&gt;" in page  # a rulebook title with markup
    parsed = parse_html(page)
    assert "script" not in parsed.tags and "img" not in parsed.tags
    # only in-page anchors and http(s) citation links are clickable; javascript: stays text
    assert parsed.hrefs and all(h.startswith("#") or re.match(r"https?://", h) for h in parsed.hrefs)
    assert "javascript:alert(1)" in page and 'href="javascript' not in page
    assert "https://example.org/demo?a=1&amp;b=&lt;2&gt;" in page  # unsafe characters: text, not href


def test_html_is_self_contained_and_prints_on_a4(fixture_engine: Engine) -> None:
    page = render_html(_report(fixture_engine, PROFILES["partial"]))
    assert page.startswith("<!DOCTYPE html>")
    lowered = page.lower()
    for forbidden in ("<script", "<link", "@import", "url(", " src=", "@font-face"):
        assert forbidden not in lowered, forbidden
    assert "@page { size: A4" in page
    assert "page-break-before: always" in page and "break-before: page" in page
    assert '"Noto Sans CJK SC"' in page and '"PingFang SC"' in page and '"Microsoft YaHei"' in page


def test_footer_and_header_carry_provenance(fixture_engine: Engine) -> None:
    report = _report(fixture_engine, PROFILES["ready"])
    for text in (render_html(report), render_markdown(report)):
        tail = text[-900:]
        assert report.rulebooks_digest in tail and report.engine_version in tail and report.matcher in tail
        head = text.split("</style>", 1)[-1][:2000]
        assert report.as_of in head and "91330201MA2KX8P3QP" in head


def test_confidence_notice_and_citations(fixture_engine: Engine) -> None:
    report = _report(fixture_engine, PROFILES["ready"])
    prog = report.program("demo_patent_grant")
    assert prog.needs_verification and prog.notice and prog.status == "eligible"
    page, md = render_html(report), render_markdown(report)
    assert htmllib.escape(prog.notice) in page and md_escape(prog.notice) in md
    assert "符合（待核实）" in page and "符合（待核实）" in md
    for src in prog.sources:
        assert htmllib.escape(src["document"]) in page and md_escape(src["document"]) in md
    assert '<a class="url" href="https://example.org/' not in page  # its URL has <>: shown as text only
    assert "得分 100（需 60 分），优秀" in md  # checklist score and grade


def test_roadmap_lists_what_each_step_unlocks(fixture_engine: Engine) -> None:
    report = _report(fixture_engine, PROFILES["partial"])
    assert report.roadmap
    page, md = render_html(report), render_markdown(report)
    road_md = md.split("\n## 行动路线图\n", 1)[1].split("\n## ", 1)[0]
    road_html = page.split('id="roadmap"', 1)[1].split("</section>", 1)[0]
    for step in report.roadmap:
        assert md_escape(step.step) in road_md and htmllib.escape(step.step) in road_html
        for pid in step.unlocks:
            assert f"`{pid}`" in road_md and f'href="#prog-{pid}"' in road_html


def test_whatif_is_shown(fixture_engine: Engine) -> None:
    report = _report(fixture_engine, PROFILES["partial"])
    whatif = {"set": {"ip.invention_patents": 3}, "changes": [{"program": "demo_patent_grant", "before": "gap",
                                                               "after": "eligible"}]}
    for fmt in ("markdown", "html"):
        text = render(report, fmt, whatif=whatif)
        assert "假设变更" in text and "有效发明专利数" in text and "存在差距 → 符合" in text


def test_renderers_are_pure(fixture_engine: Engine) -> None:
    report = _report(fixture_engine, PROFILES["partial"])
    before = report.to_json_dict()
    assert render_markdown(report) == render_markdown(report)
    assert render_html(report) == render_html(report)
    assert report.to_json_dict() == before


# ---- headless Chromium -----------------------------------------------------------------------

def _chromium() -> str | None:
    for name in (os.environ.get("ZHICE_CHROMIUM"), "chromium", "chromium-browser", "google-chrome", "chrome"):
        if name and shutil.which(name):
            return shutil.which(name)
    return None


CHROMIUM = _chromium()


def _run_chromium(args: list[str], url: str) -> subprocess.CompletedProcess[str]:
    with tempfile.TemporaryDirectory() as profile_dir:
        cmd = [CHROMIUM, "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
               "--disable-background-networking", "--disable-component-update", "--disable-sync",
               f"--user-data-dir={profile_dir}", "--enable-logging=stderr", "--v=0", *args, url]
        return subprocess.run(cmd, capture_output=True, text=True, timeout=120, check=False)


@pytest.mark.skipif(CHROMIUM is None, reason="no chromium binary found (apt-get install chromium, or set ZHICE_CHROMIUM)")
def test_chromium_loads_the_report(fixture_engine: Engine, tmp_path: Path) -> None:
    report = _report(fixture_engine, {**PROFILES["partial"],
                                      "enterprise": {**PROFILES["partial"]["enterprise"], "name": NASTY_NAME}})
    page = tmp_path / "report.html"
    page.write_text(render_html(report), encoding="utf-8")
    url = page.resolve().as_uri()

    dom = _run_chromium(["--dump-dom"], url)
    assert dom.returncode == 0, dom.stderr[-2000:]
    parsed = parse_html(dom.stdout)
    assert 'id="overview"' in dom.stdout and 'id="roadmap"' in dom.stdout
    assert set(parsed.programs) == {p.id for p in report.programs}
    assert parsed.overview == {p.id: p.status for p in report.programs}
    assert "script" not in parsed.tags and "img" not in parsed.tags, "profile markup became elements"
    assert not re.search(r"<html[^>]*data-pwned", dom.stdout), "an injected handler ran"
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in dom.stdout
    assert "CONSOLE" not in dom.stderr, dom.stderr[-2000:]

    shot = tmp_path / "report.png"
    run = _run_chromium([f"--screenshot={shot}", "--window-size=1240,1754"], url)
    assert run.returncode == 0, run.stderr[-2000:]
    assert shot.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n" and shot.stat().st_size > 10_000

    # printed in detail: A4 pages (595 x 842 pt), and every program section starts on a page of its own
    # (the short report, the default, lets them flow: tests/test_html_print.py)
    detailed = tmp_path / "report-detail.html"
    detailed.write_text(render_html(report, detail=True), encoding="utf-8")
    pdf = tmp_path / "report.pdf"
    run = _run_chromium(["--no-pdf-header-footer", f"--print-to-pdf={pdf}"], detailed.resolve().as_uri())
    assert run.returncode == 0, run.stderr[-2000:]
    data = pdf.read_bytes()
    boxes = re.findall(rb"/MediaBox\s*\[\s*0\s+0\s+([\d.]+)\s+([\d.]+)\s*\]", data)
    assert boxes and all(abs(float(w) - 595.3) < 1.5 and abs(float(h) - 841.9) < 1.5 for w, h in boxes), boxes[:3]
    pages = len(re.findall(rb"/Type\s*/Page(?!s)", data))
    assert pages >= len(report.programs) + 1, f"{pages} pages for {len(report.programs)} program sections"


@pytest.mark.skipif(CHROMIUM is None, reason="no chromium binary found (apt-get install chromium, or set ZHICE_CHROMIUM)")
def test_chromium_reports_console_errors(tmp_path: Path) -> None:
    """The console check above can fail: a page that logs an error is seen in the log."""
    page = tmp_path / "bad.html"
    page.write_text("<!DOCTYPE html><html><body><script>console.error('boom-zhice')</script></body></html>",
                    encoding="utf-8")
    run = _run_chromium(["--dump-dom"], page.resolve().as_uri())
    assert "CONSOLE" in run.stderr and "boom-zhice" in run.stderr
