"""What the shipped rulebooks tell people names programs and conditions by their Chinese titles,
never by an id: next steps, how to apply, gap templates, titles, summaries and the notes of their
sources are read by enterprise owners who never see a program id (``trade_secret_checkup``) or a
criterion id (``rights_protection``). Ids in Markdown code spans or YAML comments are no text
people read and are not checked; a URL is not checked either."""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path

import pytest
import yaml

from conftest import RULEBOOKS

BOOKS = sorted(p for p in RULEBOOKS.rglob("*.yaml") if "_meta" not in p.parts)
_PART_KEYS = ("scope", "criteria", "held_when")


def _data(path: Path) -> dict:
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    assert isinstance(data, dict), path
    return data


def _steps(steps: object) -> Iterator[str]:
    for s in steps if isinstance(steps, list) else []:
        text = s.get("text") if isinstance(s, dict) else s
        if isinstance(text, str):
            yield text


def user_texts(data: dict) -> Iterator[tuple[str, str]]:
    """``(where, text)`` of every text of one rulebook that reports and the interview show."""
    title = data.get("title")
    if isinstance(title, dict) and isinstance(title.get("zh"), str):
        yield "title", title["zh"]
    if isinstance(data.get("summary"), str):
        yield "summary", data["summary"]
    for i, text in enumerate(_steps(data.get("how_to_apply"))):
        yield f"how_to_apply.{i}", text
    for i, src in enumerate(data.get("sources") or []):
        for key in ("document", "section", "note"):
            if isinstance(src, dict) and isinstance(src.get(key), str):
                yield f"sources.{i}.{key}", src[key]
    for part in _PART_KEYS:
        items = data.get(part)
        for i, el in enumerate(items if isinstance(items, list) else [items] if isinstance(items, dict) else []):
            if not isinstance(el, dict):
                continue
            for key in ("title", "gap"):
                if isinstance(el.get(key), str):
                    yield f"{part}.{i}.{key}", el[key]
            for j, text in enumerate(_steps(el.get("next_steps"))):
                yield f"{part}.{i}.next_steps.{j}", text


def _ids() -> tuple[set[str], set[str]]:
    programs, criteria = set(), set()
    for path in BOOKS:
        data = _data(path)
        if data.get("kind") != "derivation" and isinstance(data.get("id"), str):
            programs.add(data["id"])
        for part in _PART_KEYS:
            items = data.get(part)
            for el in items if isinstance(items, list) else []:
                if isinstance(el, dict) and isinstance(el.get("id"), str):
                    criteria.add(el["id"])
    return programs, criteria


PROGRAM_IDS, CRITERION_IDS = _ids()


def named_ids(text: str, ids: set[str]) -> list[str]:
    """The ids ``text`` names as words (not inside a longer word, a URL or a code span)."""
    words = re.sub(r"`[^`]*`|https?://\S+", " ", text)
    return sorted(i for i in ids if re.search(rf"(?<![A-Za-z0-9_.-]){re.escape(i)}(?![A-Za-z0-9_])", words))


def test_the_ids_are_found() -> None:
    assert len(PROGRAM_IDS) >= 40 and {"trade_secret_checkup", "high_tech_enterprise"} <= PROGRAM_IDS
    assert "rights_protection" in CRITERION_IDS and len(CRITERION_IDS) > 100


def test_the_check_finds_an_id_it_is_shown() -> None:
    """The check fails for the next step that once named a program by its id."""
    assert named_ids("先完成商业秘密体检（trade_secret_checkup），按规范各章补齐制度", PROGRAM_IDS) == ["trade_secret_checkup"]
    assert named_ids("见 rights_protection 一条", CRITERION_IDS) == ["rights_protection"]
    assert named_ids("先完成“企业商业秘密体检”", PROGRAM_IDS) == []
    assert named_ids("见 https://x.gov.cn/trade_secret_checkup 与 `gi_mark`", PROGRAM_IDS) == []


@pytest.mark.parametrize("path", BOOKS, ids=lambda p: p.stem)
def test_rulebook_texts_name_no_program_or_criterion_id(path: Path) -> None:
    found = {where: named_ids(text, PROGRAM_IDS | CRITERION_IDS) for where, text in user_texts(_data(path))}
    found = {where: ids for where, ids in found.items() if ids}
    assert not found, f"{path.relative_to(RULEBOOKS)}: write the title instead of the id: {found}"
