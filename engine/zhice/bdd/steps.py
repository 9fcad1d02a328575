"""The generic steps (every phrase in Chinese and English; see the package docstring)."""

from __future__ import annotations

import difflib
import math
from collections.abc import Sequence
from pathlib import Path
from typing import Any

import pytest
from pytest_bdd import parsers, step

from zhice.bdd.collector import STEP_KEY
from zhice.bdd.world import (PLACEHOLDER, TABLE_HEADERS, UNKNOWN_TEXT, ScenarioFailure, World, explain_program,
                             indented, show_value, soft, status_text, step_where)
from zhice.errors import ZhiceError, did_you_mean
from zhice.language import pick, written_in
from zhice.pipeline import shipped_path
from zhice.report import CRITERION_LABELS, STATUS_LABELS, ProgramResult
from zhice.values import parse_date

__all__ = ["PHRASES", "closest_phrase", "phrases"]


Q = r'["“](?P<{}>[^"“”]*)["”]'  # ASCII quotes, or Chinese quotes as an input method types them

PHRASES: list[tuple[str, str, str]] = [
    # (zh, en, what it does) — for error hints, the README and `zhice verify --new`
    ("一家企业的画像如下:", "an enterprise profile:", "画像表（| 字段 | 值 |）"),
    ('企业画像文件 "…"', 'the enterprise profile file "…"', "读入画像文件"),
    ('"字段" 为 "值"', '"field" is "value"', "设置/修改一个字段（值写 未知 则清空）"),
    ("进行政策体检", "the checkup runs", "体检（日期默认今天）"),
    ('在 "日期" 进行政策体检', 'the checkup runs as of "date"', "按指定日期体检"),
    ('"项目" 的结论为 "结论"', 'the status of "program" is "status"', "断言结论"),
    ('"项目" 的差距包含 "条件id"', 'the gaps of "program" include "criterion"', "断言某条件未满足"),
    ('"项目" 的差距不包含 "条件id"', 'the gaps of "program" do not include "criterion"', "断言某条件没有未满足（满足或未知）"),
    ('"项目" 的差距说明包含 "文字"', 'the gap messages of "program" mention "text"', "断言某条差距说明中含有这段文字"),
    ('"项目" 的下一步包含 "文字"', 'the next steps of "program" mention "text"', "断言下一步"),
    ('适用的项目包含 "项目"', 'the applicable programs include "program"', "断言适用"),
    ('适用的项目不包含 "项目"', 'the applicable programs do not include "program"', "断言不适用"),
    ('推导结果 "事实" 为 "值"', 'the derived "fact" is "value"', "断言推导结果"),
    ('推导结果 "事实" 约为 "值"', 'the derived "fact" is about "value"', "断言推导结果（按写出的小数位比较）"),
]


def phrases() -> Sequence[tuple[str, str, str]]:
    """The step phrases (Chinese, English, meaning)."""
    return PHRASES


def closest_phrase(text: str, lang: str | None = None) -> str | None:
    """The known step phrase closest to ``text`` (for "undefined step" messages), among the
    phrases of ``lang`` ("zh" or "en"; by default the language ``text`` is written in)."""
    if lang is None:
        lang = written_in(text)
    pool = [z for z, _, _ in PHRASES] if lang == "zh" else [e for _, e, _ in PHRASES]
    close = difflib.get_close_matches(text, pool, n=1, cutoff=0.3)
    return close[0] if close else None


def _re(pattern: str) -> parsers.re:
    return parsers.re(pattern)


@step(_re(r"(?:一家企业的画像如下|an enterprise profile)\s*[:：]?"))
def given_profile_table(request: pytest.FixtureRequest, zhice_world: World,
                        datatable: list[list[str]] | None = None) -> None:
    """Build the profile from a two-column table of field (dotted path or 中文名称) and value."""
    where = step_where(request)
    if not datatable:
        raise ScenarioFailure(pick(f"{where}：画像步骤下面需要一张表，第一行为 | 字段 | 值 |（或 | field | value |）。",
                                   f"{where}: a profile step needs a table below it whose first row is | field | value | "
                                   "(or | 字段 | 值 |)."))
    header = tuple(c.strip().lower() for c in datatable[0])
    if header not in TABLE_HEADERS:
        raise ScenarioFailure(pick(f"{where}：画像表的第一行应为 | 字段 | 值 |（或 | field | value |），",
                                   f"{where}: the first row of a profile table should be | field | value | (or | 字段 | 值 |), ")
                              + pick("实际为 ", "found ") + f"| {' | '.join(datatable[0])} |")
    step_obj = request.node.stash.get(STEP_KEY, None)
    first_row = (step_obj.line_number + 2) if step_obj is not None else None
    for i, row in enumerate(datatable[1:]):
        at = pick(f"第 {first_row + i} 行", f"line {first_row + i}") if first_row else where
        if len(row) != 2:
            raise ScenarioFailure(pick(f"{at}：画像表每行应有两列（字段、值），实际 {len(row)} 列。",
                                       f"{at}: each row of a profile table has two cells (field, value), found {len(row)}."))
        zhice_world.set_field(row[0], row[1], at)


@step(_re(r"(?:企业画像文件|the enterprise profile file) " + Q.format("path")))
def given_profile_file(request: pytest.FixtureRequest, zhice_world: World, path: str) -> None:
    """Load a profile file: relative to the feature file, then the current directory, then shipped."""
    from zhice.profile import load_profile

    found = _find_profile(path, zhice_world.feature_dir)
    if found is None:
        raise ScenarioFailure(pick(f"{step_where(request)}：找不到画像文件「{path}」（依次查找了：功能文件所在目录、当前目录、"
                                   "随附的 profiles/ 目录）。",
                                   f"{step_where(request)}: no profile file '{path}' (looked beside the feature file, "
                                   "in the current folder and in the shipped profiles/)."))
    try:
        profile = load_profile(found)
    except ZhiceError as exc:
        raise ScenarioFailure(pick(f"{step_where(request)}：画像文件「{path}」无效：",
                                   f"{step_where(request)}: the profile file '{path}' is not valid:")
                              + f"\n{indented(str(exc))}") from None
    zhice_world.base = profile.data()
    zhice_world.changes.clear()
    if zhice_world.report is not None:
        zhice_world.stale = True


def _find_profile(text: str, feature_dir: Path | None) -> Path | None:
    p = Path(text)
    if p.is_absolute():
        return p if p.is_file() else None
    shipped = shipped_path("profiles")
    candidates = [feature_dir / p] if feature_dir else []
    candidates += [Path.cwd() / p, shipped / p]
    if p.parts and p.parts[0] == "profiles":
        candidates.append(shipped.joinpath(*p.parts[1:]))
    return next((c for c in candidates if c.is_file()), None)


@step(_re(Q.format("name") + r" (?:为|is) " + Q.format("value")))
def set_field(request: pytest.FixtureRequest, zhice_world: World, name: str, value: str) -> None:
    """Set (or, with 未知, clear) one profile field."""
    zhice_world.set_field(name, value, step_where(request))


@step(_re(r"(?:进行政策体检|the checkup runs)"))
def when_checkup(zhice_world: World) -> None:
    """Run the checkup as of --zhice-as-of, else today."""
    zhice_world.run_checkup(None)


@step(_re(r"(?:在 " + Q.format("day") + r" 进行政策体检|the checkup runs as of " + Q.format("day2") + ")"))
def when_checkup_as_of(zhice_world: World, day: str | None = None, day2: str | None = None) -> None:
    """Run the checkup as of a given date, written as the profile's dates may be (2026-11-21,
    2026/11/21, 2026.11.21, 2026年11月21日)."""
    text = (day or day2 or "").strip()
    try:
        text = parse_date(text).isoformat()
    except ValueError:
        pass                                  # run_checkup names the date it cannot read
    zhice_world.run_checkup(text)


def status_code(label: str) -> str:
    """A status code from a Chinese label or a code; anything else fails with a "did you mean"."""
    text = label.strip()
    if text in STATUS_LABELS:
        return text
    by_label = {v: k for k, v in STATUS_LABELS.items()}
    if text in by_label:
        return by_label[text]
    pool = list(STATUS_LABELS) + list(STATUS_LABELS.values())
    hint = did_you_mean(text, pool)
    if hint is None:  # labels are two to four characters: one wrong character is already "far"
        hint = did_you_mean(text, pool, n=1, cutoff=0.4)
    raise ScenarioFailure(pick(f"不认识的结论「{label}」", f"unknown status '{label}'") + (pick(f"，{hint}", f", {hint}") if hint else "")
                          + pick("\n  可用的结论：", "\n  statuses: ")
                          + pick("、", ", ").join(f"{v}（{k}）" for k, v in STATUS_LABELS.items()))


def _arg(zh: str | None, en: str | None) -> str:
    """A step's captured value: the zh-CN phrase's group, else the English phrase's."""
    return zh if zh is not None else en or ""


@step(_re(r"(?:" + Q.format("pid") + r" 的结论为 " + Q.format("label") + r"|the status of "
          + Q.format("pid2") + r" is " + Q.format("label2") + ")"))
@soft
def then_status(zhice_world: World, pid: str | None = None, label: str | None = None,
                pid2: str | None = None, label2: str | None = None) -> None:
    """The program's status is the given one (Chinese label or code)."""
    expected = status_code(_arg(label, label2))
    program = zhice_world.program(_arg(pid, pid2))
    if program.status != expected:
        report = zhice_world.current()
        raise ScenarioFailure(pick(
            f"「{program.id}」{program.title} 的结论不符\n"
            f"  期望：{status_text(expected)}\n"
            f"  引擎：{status_text(program.status)}（评估日期 {report.as_of}，匹配器 {report.matcher}）\n"
            f"  判断依据：\n",
            f"'{program.id}' {program.title}: the status differs\n"
            f"  expected: {status_text(expected)}\n"
            f"  engine: {status_text(program.status)} (as of {report.as_of}, matcher {report.matcher})\n"
            f"  why:\n") + indented(explain_program(program)))


@step(_re(r"(?:" + Q.format("pid") + r" 的差距包含 " + Q.format("cid") + r"|the gaps of "
          + Q.format("pid2") + r" include " + Q.format("cid2") + ")"))
@soft
def then_gap(zhice_world: World, pid: str | None = None, cid: str | None = None,
             pid2: str | None = None, cid2: str | None = None) -> None:
    """A criterion of the program is unmet (by id, or by its exact title)."""
    program, match = _criterion_of(zhice_world, _arg(pid, pid2), _arg(cid, cid2).strip())
    if match.status != "unmet":
        raise ScenarioFailure(pick(
            f"「{program.id}」的差距中没有「{match.id}」（{match.title}）\n"
            f"  期望：未满足（存在差距）\n"
            f"  引擎：{CRITERION_LABELS.get(match.status, match.status)}\n"
            f"  判断依据：\n",
            f"'{match.id}' ({match.title}) is not among the gaps of '{program.id}'\n"
            f"  expected: unmet (a gap)\n"
            f"  engine: {match.status}\n"
            f"  why:\n") + indented(explain_program(program)))


@step(_re(r"(?:" + Q.format("pid") + r" 的差距不包含 " + Q.format("cid") + r"|the gaps of "
          + Q.format("pid2") + r" do not include " + Q.format("cid2") + ")"))
@soft
def then_no_gap(zhice_world: World, pid: str | None = None, cid: str | None = None,
                pid2: str | None = None, cid2: str | None = None) -> None:
    """A criterion of the program is not unmet: met, or unknown (by id, or by its exact title)."""
    program, match = _criterion_of(zhice_world, _arg(pid, pid2), _arg(cid, cid2).strip())
    if match.status == "unmet":
        raise ScenarioFailure(pick(
            f"「{program.id}」的差距中有「{match.id}」（{match.title}）：{match.gap or ''}\n"
            f"  期望：满足或未知（不是差距）\n"
            f"  判断依据：\n",
            f"'{match.id}' ({match.title}) is a gap of '{program.id}': {match.gap or ''}\n"
            f"  expected: met or unknown (not a gap)\n"
            f"  why:\n") + indented(explain_program(program)))


@step(_re(r"(?:" + Q.format("pid") + r" 的差距说明包含 " + Q.format("text") + r"|the gap messages of "
          + Q.format("pid2") + r" mention " + Q.format("text2") + ")"))
@soft
def then_gap_text(zhice_world: World, pid: str | None = None, text: str | None = None,
                  pid2: str | None = None, text2: str | None = None) -> None:
    """Some gap message of the program (an unmet criterion's or scope condition's) mentions the text."""
    program = zhice_world.program(_arg(pid, pid2))
    wanted = _arg(text, text2).strip()
    if not wanted:
        raise ScenarioFailure(pick("差距说明要包含的文字不能为空。", "the text a gap message should mention is empty."))
    gaps = [c.gap for c in program.criteria + program.scope if c.gap]
    if not any(wanted in g for g in gaps):
        shown = "\n".join(f"    - {g}" for g in gaps) or pick("    （没有差距说明）", "    (no gap messages)")
        raise ScenarioFailure(pick(
            f"「{program.id}」{program.title} 的差距说明中没有提到「{wanted}」\n"
            f"  引擎给出的差距说明：\n{shown}\n"
            f"  判断依据：\n",
            f"no gap message of '{program.id}' {program.title} mentions '{wanted}'\n"
            f"  the engine's gap messages:\n{shown}\n"
            f"  why:\n") + indented(explain_program(program)))


def _criterion_of(zhice_world: World, pid: str, wanted: str) -> tuple[ProgramResult, Any]:
    """The program and its criterion or scope condition named by id or exact title (else fail)."""
    program = zhice_world.program(pid)
    book = zhice_world.engine().rulebooks.by_id().get(program.id)
    declared = [e.id for e in (book.scope + book.criteria)] if book is not None else []
    elements = program.criteria + program.scope
    match = next((c for c in elements if c.id == wanted), None) or next((c for c in elements if c.title == wanted), None)
    if match is None:
        if wanted in declared:
            raise ScenarioFailure(pick(f"「{program.id}」在本次体检中没有判断条件「{wanted}」（结论 {status_text(program.status)}",
                                       f"'{program.id}' did not decide '{wanted}' in this checkup (status "
                                       f"{status_text(program.status)}")
                                  + (pick(f"；{program.notice}", f"; {program.notice}") if program.notice else "")
                                  + pick("）", ")"))
        hint = did_you_mean(wanted, declared + [c.title for c in elements])
        raise ScenarioFailure(pick(f"「{program.id}」{program.title} 没有条件「{wanted}」",
                                   f"'{program.id}' {program.title} has no criterion '{wanted}'")
                              + (pick(f"，{hint}", f", {hint}") if hint else "")
                              + pick("\n  它的条件：", "\n  its criteria: ")
                              + (', '.join(declared) or pick("（无）", "(none)")))
    return program, match


@step(_re(r"(?:" + Q.format("pid") + r" 的下一步包含 " + Q.format("text") + r"|the next steps of "
          + Q.format("pid2") + r" mention " + Q.format("text2") + ")"))
@soft
def then_next_step(zhice_world: World, pid: str | None = None, text: str | None = None,
                   pid2: str | None = None, text2: str | None = None) -> None:
    """Some next step of the program mentions the text."""
    program = zhice_world.program(_arg(pid, pid2))
    wanted = _arg(text, text2).strip()
    if not wanted:
        raise ScenarioFailure(pick("下一步要包含的文字不能为空。", "the text a next step should mention is empty."))
    if not any(wanted in s for s in program.next_steps):
        steps = "\n".join(f"    - {s}" for s in program.next_steps) or pick("    （没有下一步）", "    (no next steps)")
        raise ScenarioFailure(pick(
            f"「{program.id}」{program.title} 的下一步中没有提到「{wanted}」\n"
            f"  引擎给出的下一步：\n{steps}\n"
            f"  判断依据：\n",
            f"no next step of '{program.id}' {program.title} mentions '{wanted}'\n"
            f"  the engine's next steps:\n{steps}\n"
            f"  why:\n") + indented(explain_program(program)))


def _check_applicable(zhice_world: World, pid: str, include: bool) -> None:
    program = zhice_world.program(pid)
    applicable = [p.id for p in zhice_world.current().applicable()]
    if (program.id in applicable) != include:
        expectation = (pick("适用（符合、存在差距或信息不足）", "applicable (eligible, gap or insufficient data)") if include
                       else pick("不适用或已获得", "not applicable or achieved"))
        raise ScenarioFailure(pick(
            f"「{program.id}」{program.title} 期望{expectation}，引擎的结论为 {status_text(program.status)}\n"
            f"  适用的项目：{', '.join(applicable) or '（无）'}\n"
            f"  判断依据：\n",
            f"'{program.id}' {program.title}: expected {expectation}, the engine says {status_text(program.status)}\n"
            f"  applicable programs: {', '.join(applicable) or '(none)'}\n"
            f"  why:\n") + indented(explain_program(program)))


@step(_re(r"(?:适用的项目包含 " + Q.format("pid") + r"|the applicable programs include " + Q.format("pid2") + ")"))
@soft
def then_applicable(zhice_world: World, pid: str | None = None, pid2: str | None = None) -> None:
    """The program is applicable: eligible, gap or insufficient_data."""
    _check_applicable(zhice_world, _arg(pid, pid2), True)


@step(_re(r"(?:适用的项目不包含 " + Q.format("pid") + r"|the applicable programs do not include "
          + Q.format("pid2") + ")"))
@soft
def then_not_applicable(zhice_world: World, pid: str | None = None, pid2: str | None = None) -> None:
    """The program is not applicable: not_applicable or achieved."""
    _check_applicable(zhice_world, _arg(pid, pid2), False)


def _derived(zhice_world: World, name: str) -> tuple[str, Any, dict[str, Any]]:
    """Resolve a derived fact name (or a one-output derivation id) → (fact, value, output info)."""
    report = zhice_world.current()
    name = name.strip().removeprefix("derived.")
    engine = zhice_world.engine()
    outputs = {o.fact: (b, o) for b in engine.rulebooks.books for o in b.outputs}
    fact = name
    if fact not in outputs:
        book = next((b for b in engine.rulebooks.books if b.id == name and b.kind == "derivation"), None)
        if book is not None and len(book.outputs) == 1:
            fact = book.outputs[0].fact
    if fact not in outputs:
        hint = did_you_mean(name, list(outputs))
        raise ScenarioFailure(pick(f"没有推导结果「{name}」", f"no derived fact '{name}'")
                              + (pick(f"，{hint}", f", {hint}") if hint else "")
                              + pick("\n  可用的推导结果：", "\n  derived facts: ") + (', '.join(outputs) or pick("（无）", "(none)")))
    book, out = outputs[fact]
    zhice_world.checkups[-1].asserted_facts.add(fact)
    info = {"book": book.id, "type": out.type, "values": list(out.values or []), "unit": out.unit, "title": out.title}
    return fact, report.derived.get(fact), info


def _derived_context(zhice_world: World) -> str:
    report = zhice_world.current()
    inputs = zhice_world.profile_data()
    others = "，".join(f"{k}={show_value(v)}" for k, v in report.derived.items())
    shown = "；".join(f"{sec}.{k}={show_value(v)}" for sec, vals in inputs.items() if isinstance(vals, dict)
                     for k, v in vals.items() if not (sec == "enterprise" and k == "name"))
    return pick(f"  画像：{shown or '（空）'}\n  全部推导结果：{others}（评估日期 {report.as_of}，匹配器 {report.matcher}）",
                f"  profile: {shown or '(empty)'}\n  all derived facts: {others} (as of {report.as_of}, matcher {report.matcher})")


@step(_re(r"(?:推导结果 " + Q.format("fact") + r" 为 " + Q.format("value") + r"|the derived "
          + Q.format("fact2") + r" is " + Q.format("value2") + ")"))
@soft
def then_derived(zhice_world: World, fact: str | None = None, value: str | None = None,
                 fact2: str | None = None, value2: str | None = None) -> None:
    """A derived fact equals the value (numbers compared as numbers; 未知 means unknown)."""
    name, actual, info = _derived(zhice_world, _arg(fact, fact2))
    text = _arg(value, value2).strip()
    if text == PLACEHOLDER:
        raise ScenarioFailure(pick(f"推导结果「{name}」的期望值还是「{PLACEHOLDER}」，请换成真实的值。",
                                   f"the expected value of the derived '{name}' is still '{PLACEHOLDER}': write the real value."))
    if text.lower() in UNKNOWN_TEXT:
        ok, expected_text = actual is None, "未知"
    elif info["type"] == "enum" and text not in info["values"]:
        hint = did_you_mean(text, info["values"])
        raise ScenarioFailure(pick(f"推导结果「{name}」不会取值「{text}」", f"the derived '{name}' never takes '{text}'")
                              + (pick(f"，{hint}", f", {hint}") if hint else "")
                              + pick(f"\n  可能的取值：{', '.join(info['values'])}（或 未知）",
                                     f"\n  its values: {', '.join(info['values'])} (or unknown)"))
    elif info["type"] in ("number", "integer"):
        number = _number(text, name)
        ok, expected_text = actual is not None and math.isclose(float(actual), number, abs_tol=1e-9), text
    elif info["type"] == "boolean":
        ok, expected_text = actual is not None and bool(actual) == _bool(text, name), text
    else:
        ok, expected_text = actual is not None and str(actual) == text, text
    if not ok:
        raise ScenarioFailure(pick(f"推导结果「{name}」（{info['title']}）不符\n  期望：{expected_text}\n"
                                   f"  引擎：{show_value(actual)}\n",
                                   f"the derived '{name}' ({info['title']}) differs\n  expected: {expected_text}\n"
                                   f"  engine: {show_value(actual)}\n") + _derived_context(zhice_world))


@step(_re(r"(?:推导结果 " + Q.format("fact") + r" 约为 " + Q.format("value") + r"|the derived "
          + Q.format("fact2") + r" is about " + Q.format("value2") + ")"))
@soft
def then_derived_about(zhice_world: World, fact: str | None = None, value: str | None = None,
                       fact2: str | None = None, value2: str | None = None) -> None:
    """A numeric derived fact rounds to the value at the precision written ("6.00": within 0.005)."""
    name, actual, info = _derived(zhice_world, _arg(fact, fact2))
    text = _arg(value, value2).strip()
    if info["type"] not in ("number", "integer"):
        raise ScenarioFailure(pick(f"推导结果「{name}」不是数值，请用「推导结果 \"{name}\" 为 \"…\"」。",
                                   f"the derived '{name}' is not a number: use 'the derived \"{name}\" is \"…\"'."))
    number = _number(text, name)
    decimals = len(text.split(".", 1)[1]) if "." in text else 0
    tolerance = 0.5 * 10 ** (-decimals)
    if actual is None or abs(float(actual) - number) > tolerance + 1e-12:
        raise ScenarioFailure(pick(f"推导结果「{name}」（{info['title']}）不符\n  期望：约 {text}（误差不超过 {tolerance:g}）\n"
                                   f"  引擎：{show_value(actual)}\n",
                                   f"the derived '{name}' ({info['title']}) differs\n  expected: about {text} "
                                   f"(within {tolerance:g})\n  engine: {show_value(actual)}\n") + _derived_context(zhice_world))


def _number(text: str, name: str) -> float:
    try:
        return float(text.replace(",", ""))
    except ValueError:
        raise ScenarioFailure(pick(f"推导结果「{name}」是数值，期望值「{text}」不是数字。",
                                   f"the derived '{name}' is a number, the expected '{text}' is not.")) from None


def _bool(text: str, name: str) -> bool:
    low = text.lower()
    if low in ("是", "true", "yes"):
        return True
    if low in ("否", "false", "no"):
        return False
    raise ScenarioFailure(pick(f"推导结果「{name}」是 是/否，期望值「{text}」无法识别。",
                               f"the derived '{name}' is yes/no, the expected '{text}' is neither."))
