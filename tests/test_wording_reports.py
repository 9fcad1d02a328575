"""The text and Markdown reports of every example profile name things in Chinese: no dotted field
paths, no derived-fact names, no choice codes, no English rule-confidence word; Markdown keeps
program and criterion ids only as code-span references beside their titles."""

from __future__ import annotations

import re

import pytest

from zhice import Engine
from zhice.profile import FIELDS, load_profile
from zhice.renderers import render
from zhice.wording import CHOICE_LABELS, DOMAIN_LABELS, derived_specs, domain_label

from conftest import EXAMPLES, RULEBOOKS

DAY = "2026-11-21"
EXAMPLE_FILES = sorted(EXAMPLES.glob("*.yaml"))


@pytest.fixture(scope="module")
def shipped() -> tuple[Engine, dict]:
    import datetime as dt

    engine = Engine(RULEBOOKS)
    return engine, derived_specs(engine.compiled(dt.date.fromisoformat(DAY)))


def _reports(shipped, path) -> dict[str, str]:
    import datetime as dt

    engine, derived = shipped
    report = engine.checkup(load_profile(path), as_of=dt.date.fromisoformat(DAY), matcher="compiled")
    out = {"text": render(report, "text", derived=derived, width=80),
           "detail": render(report, "text", detail=True, derived=derived, width=80),
           "markdown": render(report, "markdown", derived=derived)}
    return out


def _words(text: str) -> str:
    """What a reader reads as words: URLs and Markdown code spans (the id references) taken out."""
    text = re.sub(r"<?https?://\S+", " ", text)
    return re.sub(r"`[^`]*`", " ", text)


CODES = sorted({code for labels in CHOICE_LABELS.values() for code in labels if "_" in code or code == "none"})


@pytest.mark.parametrize("path", EXAMPLE_FILES, ids=lambda p: p.stem)
def test_reports_name_fields_facts_and_choices_in_chinese(shipped, path) -> None:
    _, derived = shipped
    for kind, text in _reports(shipped, path).items():
        words = _words(text).replace("\\_", "_")
        paths = [f for f in FIELDS if re.search(rf"(?<![\w.]){re.escape(f)}(?![\w])", words)]
        assert not paths, (kind, paths)
        assert "derived." not in words, kind
        facts = [n for n in derived if re.search(rf"(?<![\w.]){re.escape(n)}\s*[=：:]", words)]
        assert not facts, (kind, facts)
        codes = [c for c in CODES if re.search(rf"(?<![\w/]){re.escape(c)}(?![\w])", words)]
        assert not codes, (kind, codes)
        if kind != "markdown":                   # Markdown repeats the result's notice as the JSON has it
            assert "inferred" not in words, kind


def test_markdown_names_domains_and_keeps_ids_as_references(shipped) -> None:
    md = _reports(shipped, EXAMPLES / "micro_software_startup.yaml")["markdown"]
    domains = set(re.findall(r"^- 领域：(.+)$", md, re.M))
    assert domains and domains <= {zh for zh, _ in DOMAIN_LABELS.values()}, domains
    assert domain_label("utilization") == "运用" and domain_label("utilization", "en") == "utilization"
    assert re.search(r"\*\*缺少信息\*\*：[^`\n]+$", md, re.M)          # titles, no dotted paths
    assert "derived.sme" not in md and "企业规模：微型" in md
