"""The short HTML report (the default) without a browser: well-formed, no internal codes in sight,
and the detailed report (``detail=True``) as before. Printing and the DOM chromium builds:
tests/test_html_print.py."""

from __future__ import annotations

import re
from html.parser import HTMLParser

import pytest

from zhice import Engine, load_profile
from zhice.renderers.html import render_html
from zhice.wording import derived_specs

from conftest import AS_OF, EXAMPLES, RULEBOOKS

VOID = {"meta", "br", "img", "input", "link", "hr", "wbr"}


class _Tags(HTMLParser):
    """Every end tag closes the element opened last; collects the visible text."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.stack: list[str] = []
        self.mismatched: list[tuple[str, list[str]]] = []
        self.text: list[str] = []
        self._style = False

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self._style = tag == "style"
        if tag not in VOID:
            self.stack.append(tag)

    def handle_endtag(self, tag: str) -> None:
        self._style = False
        if not self.stack or self.stack[-1] != tag:
            self.mismatched.append((tag, self.stack[-3:]))
        if tag in self.stack:
            while self.stack.pop() != tag:
                pass

    def handle_data(self, data: str) -> None:
        if not self._style:
            self.text.append(data)


@pytest.fixture(scope="module")
def engine() -> Engine:
    return Engine(RULEBOOKS)


@pytest.mark.parametrize("example", ["micro_software_startup", "medium_exporter_manufacturer", "outside_zhejiang"])
def test_short_and_detailed_reports_are_well_formed(engine: Engine, example: str) -> None:
    report = engine.checkup(load_profile(EXAMPLES / f"{example}.yaml"), as_of=AS_OF, matcher="compiled")
    specs = derived_specs(engine.compiled(AS_OF))
    for detail in (False, True):
        tags = _Tags()
        tags.feed(render_html(report, derived=specs, detail=detail))
        tags.close()
        assert not tags.mismatched and tags.stack == [], (detail, tags.mismatched[:3], tags.stack)


def test_the_short_report_shows_no_internal_codes(engine: Engine) -> None:
    report = engine.checkup(load_profile(EXAMPLES / "micro_software_startup.yaml"), as_of=AS_OF, matcher="compiled")
    specs = derived_specs(engine.compiled(AS_OF))
    short, detail = render_html(report, derived=specs), render_html(report, derived=specs, detail=True)
    tags = _Tags()
    tags.feed(short)
    text = "".join(tags.text)
    for p in report.programs:
        assert f">{p.id}<" not in short, p.id              # ids only in attributes (data-program, anchors)
        assert p.title_en not in text, p.title_en
        for c in p.criteria:
            assert f">{c.id}<" not in short, c.id
    assert not re.search(r"\b(?:derived|enterprise|ip|ip_management|qualifications)\.[a-z_]+", text)
    assert "企业规模：微型" in text                            # a derived fact in a condition, by its title
    assert 'class="pid"' not in short and 'class="pid"' in detail
    assert "page-break-before: always" in short                # the detailed print rule, for body.detail
    assert '<body class="short">' in short and '<body class="detail">' in detail
    # without the derived facts' titles, no 推导事实 row at all: never raw names
    assert "推导事实" not in render_html(report) and "推导事实" in short
