"""Checking feature files themselves: found under paths, and what makes one unable to verify."""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path
from typing import Any

from pytest_bdd.exceptions import GherkinParseError

__all__ = ["feature_files", "feature_problems"]


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
        detail = " ".join(detail.split())
        return [f"第 {exc.line} 行无法解析：{detail}（{exc.line_content.strip()}）"]
    except (OSError, UnicodeDecodeError) as exc:
        return [f"无法读取：{exc}"]
    problems: list[str] = []
    raw: list[Any] = []
    for child in doc.feature.children if doc.feature else []:
        if child.scenario:
            raw.append(child.scenario)
        elif child.rule:
            raw.extend(c.scenario for c in child.rule.children if c.scenario)
    if not raw:
        problems.append("没有任何场景（场景: / Scenario:）——空的功能文件什么也验证不了")
    seen: dict[str, int] = {}
    for sc in raw:
        if sc.name in seen:
            problems.append(f"第 {sc.location.line} 行的场景「{sc.name}」与第 {seen[sc.name]} 行的场景同名；"
                            "每个场景需要不同的名称，否则只有一个会运行")
        else:
            seen[sc.name] = sc.location.line
    for name, template in feature.scenarios.items():
        steps = template.steps
        if not steps:
            problems.append(f"第 {template.line_number} 行的场景「{name}」没有步骤")
        elif not any(s.type == "then" for s in steps):
            problems.append(f"第 {template.line_number} 行的场景「{name}」没有「那么」（Then）断言，"
                            "无法失败也就验证不了什么")
    return problems
