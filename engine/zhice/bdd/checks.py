"""Checking feature files themselves: found under paths, and what makes one unable to verify."""

from __future__ import annotations

import re
from collections.abc import Iterable
from pathlib import Path
from typing import Any

from pytest_bdd.exceptions import GherkinParseError

from zhice.language import current_lang, pick

__all__ = ["Unrunnable", "feature_files", "feature_problems"]


class Unrunnable(str):
    """A problem that keeps a feature file from running at all (it cannot be read or parsed, or it
    has no scenario): ``zhice verify`` reports it and does not hand the file to pytest."""


def feature_files(paths: Iterable[str | Path]) -> list[Path]:
    """Every ``*.feature`` file under the given files and directories (resolved, sorted, unique)."""
    out: list[Path] = []
    for p in paths:
        p = Path(p)
        if p.is_dir():
            out.extend(sorted(f for f in p.rglob("*.feature") if f.is_file()))
        elif p.is_file():
            out.append(p)
    return list(dict.fromkeys(f.resolve() for f in out))


def feature_problems(path: str | Path) -> list[str]:
    """What makes a feature file unable to verify anything, in words (empty list: fine).

    A parse error; no scenario at all; two scenarios with the same name (pytest-bdd would
    silently run only the last); a scenario without steps, or without any 那么/Then step.
    """
    from pytest_bdd.gherkin_parser import get_gherkin_document
    from pytest_bdd.parser import FeatureParser

    path = Path(path).resolve()
    try:
        doc = get_gherkin_document(str(path))
        feature = FeatureParser(str(path.parent), path.name).parse()
    except GherkinParseError as exc:
        detail = exc.message.replace("Unknown parsing error:", "").replace("Parser errors:", "")
        detail = _parser_words(" ".join(detail.split()))
        return [Unrunnable(pick(f"第 {exc.line} 行无法解析：{detail}（{exc.line_content.strip()}）",
                                f"cannot parse line {exc.line}: {detail} ({exc.line_content.strip()})"))]
    except (OSError, UnicodeDecodeError) as exc:
        return [Unrunnable(pick(f"无法读取：{exc}", f"cannot read: {exc}"))]
    problems: list[str] = []
    raw: list[Any] = []
    for child in doc.feature.children if doc.feature else []:
        if child.scenario:
            raw.append(child.scenario)
        elif child.rule:
            raw.extend(c.scenario for c in child.rule.children if c.scenario)
    if not raw:
        problems.append(Unrunnable(pick("没有任何场景（场景: / Scenario:）——空的功能文件什么也验证不了",
                                        "no scenario at all (Scenario: / 场景:): an empty feature file verifies nothing")))
    seen: dict[str, int] = {}
    for sc in raw:
        if sc.name in seen:
            problems.append(pick(f"第 {sc.location.line} 行的场景「{sc.name}」与第 {seen[sc.name]} 行的场景同名；"
                                 "每个场景需要不同的名称，否则只有一个会运行",
                                 f"the scenario '{sc.name}' of line {sc.location.line} has the name of line "
                                 f"{seen[sc.name]}'s: give each scenario its own name, or only one of them runs"))
        else:
            seen[sc.name] = sc.location.line
    for name, template in feature.scenarios.items():
        steps = template.steps
        if not steps:
            problems.append(pick(f"第 {template.line_number} 行的场景「{name}」没有步骤",
                                 f"the scenario '{name}' of line {template.line_number} has no steps"))
        elif not any(s.type == "then" for s in steps):
            problems.append(pick(f"第 {template.line_number} 行的场景「{name}」没有「那么」（Then）断言，"
                                 "无法失败也就验证不了什么",
                                 f"the scenario '{name}' of line {template.line_number} has no Then (那么) step: "
                                 "it cannot fail, so it verifies nothing"))
    return problems


# the Gherkin parser's own reasons (gherkin/errors.py, ast_builder.py), in Chinese
_PARSER_ZH = (
    (re.compile(r"^\(\d+:\d+\): "), ""),
    (re.compile(r"^inconsistent cell count within the table$"), "表格各行的单元格数不一致"),
    (re.compile(r"^unexpected end of file, expected: (.*)$"), r"文件提前结束，此处应为：\1"),
    (re.compile(r"^expected: (.*), got '(.*)'$"), r"此处应为：\1，实为 '\2'"),
    (re.compile(r"^Language not supported: (.*)$"), r"不支持的语言：\1"),
)


def _parser_words(detail: str) -> str:
    """The parser's reason without its (line:column) prefix, in Chinese unless under ``--lang en``
    (a reason it does not know stays as the parser wrote it)."""
    detail = _PARSER_ZH[0][0].sub("", detail)
    if current_lang() == "en":
        return detail
    for pattern, words in _PARSER_ZH[1:]:
        if pattern.match(detail):
            return pattern.sub(words, detail)
    return detail
