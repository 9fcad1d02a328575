"""``zhice diff OLD_RULEBOOKS NEW_RULEBOOKS --profiles INPUT…``: what a rule change does to a portfolio.

Every client profile is checked against both rulebook sets on the same date; for each program
whose status differs, the row names the client, the program, the old and new status and the
criteria (or scope conditions) whose outcome changed — the cause. Inputs: a folder of YAML/JSON
profiles, a single profile file, JSONL, and CSV/XLSX through ``zhice.batch.readers`` when that
module is installed. Output: a text table, or ``--output X.xlsx|.csv|.json`` (written atomically).

The spreadsheets speak Chinese by default: headers (:data:`HEADERS`), statuses and the criteria
that changed in words (专利数量：满足 → 未满足); with ``codes`` (``zhice diff --codes``) the headers
are the codes of :data:`COLUMNS` and the statuses their codes, as ``zhice screen --codes`` writes
its CSV. The JSON keeps codes (the contract). The causes and the text table are worded in the
language of the moment.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import json
from collections.abc import Iterable, Iterator
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any

from zhice.atomic import write_text
from zhice.errors import Problem, ProfileError, UsageError
from zhice.evaluate import outcomes, program_results
from zhice.pipeline import Assessment, Engine, parse_as_of
from zhice.profile import Profile, load_profile, profile_from_data
from zhice.language import current_lang, pick
from zhice.report import ProgramResult
from zhice.style import style
from zhice.wording import CRITERION_LABELS, status_label

__all__ = ["COLUMNS", "HEADERS", "DiffResult", "StatusChange", "diff_portfolio", "read_portfolio", "render_diff",
           "write_diff"]

ABSENT = "absent"
PROFILE_SUFFIXES = (".yaml", ".yml", ".json")
COLUMNS = ("row", "source", "client", "credit_code", "program", "title", "before", "after", "cause", "criteria")
# the columns' headers as people read them (``--codes``: the codes above)
HEADERS = dict(zip(COLUMNS, ("行号", "来源", "企业", "统一社会信用代码", "项目", "项目名称", "原结论", "新结论", "原因",
                             "条件变化"), strict=True))


@dataclass
class StatusChange:
    """One client whose status on one program differs between the two rulebook sets."""

    row: int
    source: str
    client: str
    credit_code: str | None
    program: str
    title: str
    before: str
    after: str
    cause: str
    criteria: list[dict[str, Any]] = field(default_factory=list)

    def flat(self, codes: bool = True) -> dict[str, Any]:
        """The change as one spreadsheet row: codes (``patents: met → unmet``), or with ``codes``
        False statuses and the criteria that changed in words (``专利数量：满足 → 未满足``)."""
        d = asdict(self)
        if codes:
            d["criteria"] = "; ".join(f"{c['id']}: {c['before']} → {c['after']}" for c in self.criteria)
            return d
        d["before"], d["after"] = _label(self.before), _label(self.after)
        d["criteria"] = "；".join(f"{c['title']}：{_criterion(c['before'])} → {_criterion(c['after'])}"
                                 for c in self.criteria)
        return d


@dataclass
class DiffResult:
    as_of: str
    old: str
    new: str
    clients: int
    changes: list[StatusChange]
    errors: list[dict[str, Any]]

    def changed_clients(self) -> list[str]:
        return list(dict.fromkeys(c.client for c in self.changes))

    def to_dict(self) -> dict[str, Any]:
        return {"as_of": self.as_of, "old": self.old, "new": self.new, "clients": self.clients,
                "changed_clients": self.changed_clients(), "changes": [asdict(c) for c in self.changes],
                "errors": self.errors}


# ---- reading a portfolio ------------------------------------------------------------------------

def _one_problem(exc: ProfileError, file: str) -> Problem:
    """The problem standing for a profile that cannot be read: its only one, or all their messages."""
    if len(exc.problems) == 1:
        return exc.problems[0]
    return Problem("invalid-profile", pick("；", "; ").join(p.message for p in exc.problems), file)


def _profile_or_problem(data: Any, file: str) -> Profile | Problem:
    try:
        return profile_from_data(data, file)
    except ProfileError as exc:
        return _one_problem(exc, file)


def _load(path: Path) -> Profile | Problem:
    try:
        return load_profile(path)
    except ProfileError as exc:
        return _one_problem(exc, str(path))


def read_portfolio(inputs: Iterable[str | Path]) -> Iterator[tuple[str, int, Profile | Problem]]:
    """``(source, row, Profile or Problem)`` for every client of every input, in input order."""
    for raw in inputs:
        p = Path(raw)
        if p.is_dir():
            files = sorted(f for f in p.iterdir() if f.suffix.lower() in PROFILE_SUFFIXES and not f.name.startswith("."))
            for i, f in enumerate(files, 1):
                yield str(f), i, _load(f)
        elif p.is_file() and p.suffix.lower() in PROFILE_SUFFIXES:
            yield str(p), 1, _load(p)
        elif p.is_file() and p.suffix.lower() in (".jsonl", ".ndjson"):
            with p.open(encoding="utf-8-sig") as fh:
                row = 0
                for line in fh:
                    if not line.strip():
                        continue
                    row += 1
                    try:
                        data = json.loads(line)
                    except json.JSONDecodeError as exc:
                        yield str(p), row, Problem("invalid-json", pick(f"不是有效的 JSON：{exc.msg}",
                                                                        f"not valid JSON: {exc.msg}"), str(p), row)
                        continue
                    yield str(p), row, _profile_or_problem(data, str(p))
        elif p.is_file():
            try:
                from zhice.batch.readers import read_profiles
            except ImportError:
                raise UsageError([Problem("unknown-input", pick(f"这里读不了 {p.name}", f"cannot read {p.name} here"), str(p),
                                          hint=pick("用 YAML/JSON 画像目录或 .jsonl 文件（CSV/XLSX 需要 zhice.batch.readers）",
                                                    "use a folder of YAML/JSON profiles or a .jsonl file "
                                                    "(CSV/XLSX need zhice.batch.readers)"))]) from None
            for row, prof in read_profiles(p):
                yield str(p), row, prof
        else:
            raise UsageError([Problem("no-input", pick(f"找不到输入：{p}", f"input not found: {p}"), str(p))])


# ---- comparing ----------------------------------------------------------------------------------

def _cause(old: ProgramResult | None, new: ProgramResult | None) -> tuple[str, list[dict[str, Any]]]:
    if old is None:
        return pick("新增项目", "program added"), []
    if new is None:
        return pick("项目已删除", "program removed"), []
    before = {(c.part, c.id): c for c in old.scope + old.criteria}
    after = {(c.part, c.id): c for c in new.scope + new.criteria}
    changed: list[dict[str, Any]] = []
    for key in list(dict.fromkeys(list(before) + list(after))):
        b, a = before.get(key), after.get(key)
        bs, as_ = (b.status if b else ABSENT), (a.status if a else ABSENT)
        if bs != as_ or (b and a and b.expected != a.expected and bs != "met"):
            changed.append({"part": key[0], "id": key[1], "title": (a or b).title,  # type: ignore[union-attr]
                            "before": bs, "after": as_, "expected_before": b.expected if b else None,
                            "expected_after": a.expected if a else None, "gap": a.gap if a else None})
    if changed:
        sep, colon = pick("；", "; "), pick("：", ": ")
        return sep.join(f"{c['title']}{colon}{_criterion(c['before'])} → {_criterion(c['after'])}" for c in changed), changed
    if old.notice != new.notice and (old.status == "not_applicable" or new.status == "not_applicable"):
        return pick("有效期变化", "effective window changed"), []
    if "achieved" in (old.status, new.status):
        return pick("“已获得”的条件变化", "the already-held condition changed"), []
    if old.score_range != new.score_range or old.pass_score != new.pass_score:
        return pick(f"得分或及格线变化：{_score(old)} → {_score(new)}",
                    f"score or pass mark changed: {_score(old)} → {_score(new)}"), []
    return pick("（条件结构变化）", "(the conditions' structure changed)"), []


def _score(r: ProgramResult) -> str:
    """``72–90 分（及格 70）``: a program's possible score and its pass mark."""
    lo, hi = r.score_range if r.score_range else (None, None)
    span = "?" if lo is None else f"{lo:g}" if lo == hi else f"{lo:g}–{'?' if hi is None else f'{hi:g}'}"
    mark = "?" if r.pass_score is None else f"{r.pass_score:g}"
    return pick(f"{span} 分（及格 {mark}）", f"{span} (pass {mark})")


def _results(a: Assessment, ids: set[str]) -> dict[str, ProgramResult]:
    """The ProgramResults of programs ``ids`` of one assessment (only those are built)."""
    found = [o for o in outcomes(a.compiled, a.result, a.facts) if o.id in ids]
    return {r.id: r for r in program_results(a.compiled, found)}


def diff_portfolio(old: Engine, new: Engine, portfolio: Iterable[tuple[str, int, Profile | Problem]], *,
                   as_of: dt.date | str | None = None, matcher: str | None = "compiled",
                   programs: list[str] | None = None) -> DiffResult:
    """Check every client against both rulebook sets and list the status changes with their cause.

    Each client is matched and decided on both sets the way a screening is (statuses only,
    :meth:`Engine.assess`); the criteria of a program are described (its ProgramResult, for the
    cause) only where its status differs."""
    day = parse_as_of(as_of)
    changes: list[StatusChange] = []
    errors: list[dict[str, Any]] = []
    clients = 0
    wanted = set(programs) if programs else None
    for source, row, prof in portfolio:
        if isinstance(prof, Problem):
            errors.append({"source": source, "row": row, "error": prof.to_dict()})
            continue
        clients += 1
        va, vb = old.assess(prof, as_of=day, matcher=matcher), new.assess(prof, as_of=day, matcher=matcher)
        sa_all = {pid: status for pid, status, _ in va.verdicts}
        sb_all = {pid: status for pid, status, _ in vb.verdicts}
        changed = [pid for pid in dict.fromkeys(list(sa_all) + list(sb_all))
                   if (wanted is None or pid in wanted) and sa_all.get(pid, ABSENT) != sb_all.get(pid, ABSENT)]
        if not changed:
            continue
        a, b = _results(va, set(changed)), _results(vb, set(changed))
        for pid in changed:
            pa, pb = a.get(pid), b.get(pid)
            sa, sb = (pa.status if pa else ABSENT), (pb.status if pb else ABSENT)
            assert (sa, sb) == (sa_all.get(pid, ABSENT), sb_all.get(pid, ABSENT)), pid
            cause, crit = _cause(pa, pb)
            changes.append(StatusChange(row, source, prof.enterprise.name, prof.enterprise.credit_code, pid,
                                        (pb or pa).title, sa, sb, cause, crit))  # type: ignore[union-attr]
    return DiffResult(day.isoformat(), str(old.rulebooks.root), str(new.rulebooks.root), clients, changes, errors)


# ---- writing ------------------------------------------------------------------------------------

def _label(status: str) -> str:
    """A program's status in words, in the language of the moment; 无此项目 when one side lacks it."""
    return pick("无此项目", "absent") if status == ABSENT else status_label(status, current_lang())


def _criterion(status: str) -> str:
    """A criterion's status in words: 满足, 未满足, 未知; 无此条件 when one side lacks it."""
    return CRITERION_LABELS[current_lang()].get(status) or pick("无此条件", "absent")


def _error_text(err: dict[str, Any]) -> str:
    """An unreadable profile's message; in English with its path first (the Chinese names the field)."""
    message, path = str(err.get("message", "")), err.get("path")
    return f"{path}: {message}" if path and current_lang() == "en" else message


def _neutral(value: Any) -> Any:
    """Spreadsheet cells that look like formulas are neutralised (the batch writers' rule)."""
    try:
        from zhice.batch.writers import neutralise
    except ImportError:
        if isinstance(value, str) and value[:1] in ("=", "+", "-", "@", "\t", "\r"):
            return "'" + value
        return value
    return neutralise(value)


def _save_book(target: Path, book: Any) -> None:
    """Save an openpyxl workbook atomically (the batch writers' temporary file and rename)."""
    from zhice.batch.writers import AtomicFile

    file = AtomicFile(target)
    try:
        book.save(file.tmp)
        file.commit()
    except BaseException:
        file.discard()
        raise


def write_diff(result: DiffResult, output: str | Path, codes: bool = False) -> None:
    """Write the diff as .xlsx, .csv or .json (atomically): Chinese headers, statuses and criteria
    in words, or with ``codes`` the codes of :data:`COLUMNS` and the statuses' codes."""
    target = Path(output)
    suffix = target.suffix.lower()
    rows = [c.flat(codes) for c in result.changes]
    head = list(COLUMNS) if codes else [HEADERS[k] for k in COLUMNS]
    error_word = "error: " if codes else "无法读取："
    if suffix == ".json":
        text = json.dumps(result.to_dict(), ensure_ascii=False, indent=2)
        write_text(target, text)
    elif suffix == ".csv":
        buf = io.StringIO()
        w = csv.writer(buf)
        w.writerow(head)
        for r in rows:
            w.writerow([_neutral(r[k]) for k in COLUMNS])
        for e in result.errors:
            cells = {"row": e["row"], "source": _neutral(e["source"]),
                     "cause": _neutral(error_word + _error_text(e["error"]))}
            w.writerow([cells.get(k) for k in COLUMNS])
        write_text(target, "\ufeff" + buf.getvalue())       # UTF-8 with BOM, for spreadsheet programs
    elif suffix == ".xlsx":
        from openpyxl import Workbook
        from openpyxl.utils import get_column_letter

        from zhice.batch.rows import fitting

        wb = Workbook()
        ws = wb.active
        ws.title = "状态变化"
        ws.append(head)
        for i, h in enumerate(head, 1):
            ws.column_dimensions[get_column_letter(i)].width = fitting(h, 10)
        for r in rows:
            ws.append([_neutral(r[k]) for k in COLUMNS])
        err = wb.create_sheet("无法读取")
        err.append(["row", "source", "error"] if codes else ["行号", "来源", "问题"])
        for e in result.errors:
            err.append([e["row"], _neutral(e["source"]), _neutral(_error_text(e["error"]))])
        info = wb.create_sheet("说明")
        for k, v in (("评估日期", result.as_of), ("原规则库", result.old), ("新规则库", result.new),
                     ("客户数", result.clients), ("状态变化的客户数", len(result.changed_clients()))):
            info.append([k, _neutral(v)])
        _save_book(target, wb)
    else:
        raise UsageError([Problem("unknown-output", pick(f"无法写出 {target.name}：不认识这种格式",
                                                         f"cannot write {target.name}"), str(target),
                                  hint=pick("用 .xlsx、.csv 或 .json", "use .xlsx, .csv or .json"))])


def render_diff(result: DiffResult) -> str:
    """The changes as terminal text, in the language of the moment (programs by their titles)."""
    changed, n = len(result.changed_clients()), len(result.changes)
    lines = [style(pick(f"知策 · 规则变化影响（评估日期 {result.as_of}）", f"zhice · rule change impact (as of {result.as_of})"),
                   bold=True),
             pick(f"原规则库：{result.old}", f"old rulebooks: {result.old}"),
             pick(f"新规则库：{result.new}", f"new rulebooks: {result.new}"),
             pick(f"客户 {result.clients} 家，状态变化 {changed} 家，共 {n} 项",
                  f"{result.clients} clients, {changed} change status, {n} changes")]
    for c in result.changes:
        where = f"{Path(c.source).name}:{c.row}"
        lines.append(pick(f"  {c.client}（{where}） {c.title}：{_label(c.before)} → {_label(c.after)}",
                          f"  {c.client} ({where}) {c.title} ({c.program}): {_label(c.before)} → {_label(c.after)}"))
        lines.append(pick(f"      原因：{c.cause}", f"      cause: {c.cause}"))
    for e in result.errors:
        text = _error_text(e["error"])
        lines.append(style(pick(f"  无法读取 {e['source']}:{e['row']}：{text}", f"  cannot read {e['source']}:{e['row']}: {text}"),
                           fg="red"))
    return "\n".join(lines) + "\n"
