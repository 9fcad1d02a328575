"""``zhice verify``: run policy staff's feature files against the rulebooks and say what held.

The feature files run in-process through pytest-bdd with the step library :mod:`zhice.bdd`:
for each feature a one-line test module (``scenarios(path)``) is generated in a temporary
directory, and ``pytest.main`` runs them with an isolated configuration (no conftest, no cache,
no terminal output). A :class:`zhice.bdd.Collector` receives one record per scenario —
outcome, failing step, a message written for a policy officer, and every checkup report the
scenario ran — from which this module builds the summary and the coverage.

A run fails (exit 1) when any scenario fails or does not run, when a step has no definition,
when a feature file has no scenario, two scenarios of one name or a scenario without a 那么/Then
step, or when the coverage is under ``--fail-under``. Coverage only counts the rulebooks a
scenario asserted something about (a status, a gap, a next step, applicability, a derived
fact): every checkup evaluates every program, but an outcome nobody checked verifies nothing.
"""

from __future__ import annotations

import datetime as dt
import os
import sys
import tempfile
import uuid
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from zhice.bdd import PLACEHOLDER, Collector, Progress, ScenarioRecord, Unrunnable, feature_files, feature_problems
from zhice.errors import Problem, UsageError, ZhiceError, did_you_mean
from zhice.language import current_lang, pick
from zhice.matchers import MATCHERS, default_matcher, durable_available, make_matcher
from zhice.pipeline import Engine, default_rulebooks_dir, parse_as_of, shipped_path
from zhice.profile import FIELDS
from zhice.report import CRITERION_LABELS, STATUS_LABELS

__all__ = ["FeatureResult", "VerifyResult", "compute_coverage", "starter_feature", "verify"]

OUTCOME_LABELS = {"passed": "通过", "failed": "失败", "skipped": "未运行"}
OUTCOME_LABELS_EN = {"passed": "passed", "failed": "FAILED", "skipped": "not run"}


# ---------------------------------------------------------------------------------------------
# results
# ---------------------------------------------------------------------------------------------

@dataclass
class FeatureResult:
    """One feature file: problems with the file itself, and its scenarios' records."""

    path: Path
    shown: str
    name: str
    problems: list[str] = field(default_factory=list)
    scenarios: list[ScenarioRecord] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not self.problems and all(s.outcome == "passed" for s in self.scenarios)

    def to_dict(self) -> dict[str, Any]:
        return {"path": self.shown, "name": self.name, "ok": self.ok, "problems": self.problems,
                "scenarios": [{"name": s.scenario_name, "example": s.example or None, "line": s.line,
                               "matcher": s.matcher, "status": s.outcome, "step": s.step, "step_line": s.step_line,
                               "message": s.message} for s in self.scenarios]}


@dataclass
class VerifyResult:
    """Everything one ``verify`` run found."""

    rulebooks: str
    matcher: str
    as_of: str | None
    features: list[FeatureResult]
    errors: list[str] = field(default_factory=list)
    coverage: dict[str, Any] | None = None
    fail_under: float | None = None

    def counts(self) -> dict[str, int]:
        out = {"features": len(self.features), "scenarios": 0, "passed": 0, "failed": 0, "skipped": 0,
               "feature_problems": sum(len(f.problems) for f in self.features)}
        for f in self.features:
            for s in f.scenarios:
                out["scenarios"] += 1
                out[s.outcome] = out.get(s.outcome, 0) + 1
        return out

    @property
    def coverage_ok(self) -> bool:
        if self.fail_under is None or self.coverage is None:
            return True
        return self.coverage["percent"] >= self.fail_under

    @property
    def ok(self) -> bool:
        c = self.counts()
        return (not self.errors and bool(self.features) and c["scenarios"] > 0 and c["failed"] == 0
                and c["skipped"] == 0 and all(f.ok for f in self.features) and self.coverage_ok)

    def to_dict(self) -> dict[str, Any]:
        out: dict[str, Any] = {"ok": self.ok, "rulebooks": self.rulebooks, "matcher": self.matcher,
                               "as_of": self.as_of, "summary": self.counts(), "errors": self.errors,
                               "features": [f.to_dict() for f in self.features]}
        if self.coverage is not None:
            out["coverage"] = self.coverage
        if self.fail_under is not None:
            out["fail_under"] = self.fail_under
        return out

    def render_text(self) -> str:
        return render_text(self)


# ---------------------------------------------------------------------------------------------
# running
# ---------------------------------------------------------------------------------------------

def resolve_paths(paths: Sequence[str | Path]) -> list[Path]:
    """The feature files to run; missing paths and folders without features are usage errors."""
    if not paths:
        here = Path.cwd() / "features"
        paths = [here if here.is_dir() else shipped_path("features")]
    problems: list[Problem] = []
    for p in paths:
        path = Path(p)
        if not path.exists():
            problems.append(Problem("not-found", f"no such file or folder: {p}", str(p),
                                    hint="give feature files (*.feature) or folders holding them"))
        elif path.is_file() and path.suffix != ".feature":
            problems.append(Problem("not-a-feature", f"not a .feature file: {p}", str(p)))
    if problems:
        raise UsageError(problems)
    files = feature_files(paths)
    if not files:
        raise UsageError([Problem("no-features", "no *.feature files under " + ", ".join(str(p) for p in paths),
                                  hint="write one with `zhice verify --new PROGRAM > x.feature`")])
    return files


def _shown(path: Path) -> str:
    try:
        return str(path.relative_to(Path.cwd().resolve()))
    except ValueError:
        return str(path)


def run_features(files: Sequence[Path], engine: Engine, rulebooks: Path, matcher: str,
                 as_of: str | None, progress: Progress | None = None) -> Collector:
    """Run the scenarios of ``files`` in-process through pytest-bdd; return the collector.
    ``progress`` hears how many scenarios there are, then each one done (and how many failed)."""
    import pytest
    from pytest_bdd import feature as bdd_feature

    import zhice.bdd as bdd_plugin

    collector = Collector(engines={rulebooks.resolve(): engine}, progress=progress)
    bdd_feature.features.clear()  # pytest-bdd caches parsed features per process
    run_id = uuid.uuid4().hex[:12]
    modules = [f"test_zhice_{run_id}_{i:04d}" for i in range(len(files))]  # unique: pytest reuses sys.modules
    with tempfile.TemporaryDirectory(prefix="zhice-verify-") as tmp:
        root = Path(tmp)
        (root / "pytest.ini").write_text("[pytest]\n", encoding="utf-8")
        for module, f in zip(modules, files, strict=True):
            (root / f"{module}.py").write_text(
                "from pytest_bdd import scenarios\n\n"
                f"scenarios({str(f)!r})\n", encoding="utf-8")
        args = [str(root), "-c", str(root / "pytest.ini"), "--rootdir", str(root), "--noconftest",
                "--import-mode=importlib", "-p", "no:cacheprovider", "-p", "no:zhice", "-p", "no:terminal",
                "-p", "no:warnings", "--zhice-rulebooks", str(rulebooks), "--zhice-matcher", matcher]
        if as_of:
            args += ["--zhice-as-of", as_of]
        try:
            code = pytest.main(args, plugins=[bdd_plugin, collector])
        finally:
            for name in [m for m in sys.modules if m.startswith(f"test_zhice_{run_id}_")]:
                del sys.modules[name]
    if int(code) in (2, 3, 4) and not collector.records and not collector.collect_errors:
        raise ZhiceError([Problem("pytest", f"the scenario runner stopped (pytest exit code {int(code)})",
                                  hint="run with ZHICE_DEBUG=1 or run the features with pytest directly")])
    return collector


def verify(paths: Sequence[str | Path] = (), *, rulebooks: str | Path | None = None, matcher: str | None = None,
           as_of: str | None = None, coverage: bool = False, fail_under: float | None = None,
           engine: Engine | None = None, coverage_all: bool | None = None,
           progress: Progress | None = None) -> VerifyResult:
    """Run feature files (or folders of them) and return what passed, what failed and why.

    The coverage counts the rulebooks the given features touch (``coverage_all`` False, the
    default when ``paths`` are given), or the whole catalog (True, the default without paths).

    Raises :class:`UsageError` for missing paths or a bad date or matcher, and
    :class:`~zhice.errors.RulebookError` when the rulebooks do not load (exit 3).
    """
    if as_of:
        parse_as_of(as_of)
    name = matcher or default_matcher()
    if name not in MATCHERS:
        raise UsageError([Problem("unknown-matcher", f"unknown matcher '{name}'", hint="choose durable or compiled")])
    files = resolve_paths(paths)
    rb = default_rulebooks_dir(rulebooks)
    eng = engine or Engine(rb)
    if name == "durable" and not durable_available():
        make_matcher(eng.compiled(parse_as_of(as_of)), name)  # raises the explanatory UsageError (exit 2)
    results = [FeatureResult(f, _shown(f), _feature_name(f), feature_problems(f)) for f in files]
    runnable = [r.path for r in results if not _unrunnable(r)]
    collector = run_features(runnable, eng, rb, name, as_of, progress) if runnable else Collector()
    by_file = {r.path: r for r in results}
    for rec in collector.records:
        target = by_file.get(Path(rec.feature_file).resolve())
        if target is not None:
            target.scenarios.append(rec)
    errors = [f"{nodeid}: {text.strip().splitlines()[-1] if text.strip() else 'collection failed'}"
              for nodeid, text in collector.collect_errors]
    result = VerifyResult(rulebooks=str(rb), matcher=name, as_of=as_of, features=results, errors=errors,
                          fail_under=fail_under)
    if coverage or fail_under is not None or coverage_all:
        whole = not paths if coverage_all is None else coverage_all
        result.coverage = compute_coverage(eng, collector.records, None if whole else [r.path for r in results])
    return result


def _unrunnable(r: FeatureResult) -> bool:
    return any(isinstance(p, Unrunnable) for p in r.problems)


def _feature_name(path: Path) -> str:
    from pytest_bdd.exceptions import GherkinParseError
    from pytest_bdd.gherkin_parser import get_gherkin_document

    try:
        doc = get_gherkin_document(str(path))
        return doc.feature.name if doc.feature else ""
    except (GherkinParseError, OSError, UnicodeDecodeError):
        return ""


# ---------------------------------------------------------------------------------------------
# coverage
# ---------------------------------------------------------------------------------------------

def _elements(book: Any) -> list[dict[str, Any]]:
    """The elements of a rulebook coverage is counted over."""
    out: list[dict[str, Any]] = []
    for part, items in (("scope", book.scope), ("criteria", book.criteria)):
        for e in items:
            out.append({"part": part, "id": e.id, "title": e.title, "effective": getattr(e, "effective", None)})
    # derived facts: a derivation's, and a program's own (its scores)
    for o in book.outputs:
        if o.cases is not None:
            values = list(o.values or []) or list(dict.fromkeys(str(c.value) for c in o.cases))
            for v in values:
                out.append({"part": "output", "id": f"{o.fact}={v}", "title": f"{o.title} = {v}",
                            "fact": o.fact, "value": v})
        else:
            out.append({"part": "output", "id": o.fact, "title": o.title, "fact": o.fact, "value": None})
    for e in out:
        e.update(met=0, unmet=0, unknown=0)
    return out


def _in_force_index(elements: Sequence[dict[str, Any]], as_of: str) -> dict[tuple[str, str], dict[str, Any]]:
    """{(part, id): element} of the elements in force on ``as_of``: a dated criterion keeps one
    version per period under the same id, and a checkup's outcome belongs to the version it used."""
    day = dt.date.fromisoformat(str(as_of)[:10])
    index: dict[tuple[str, str], dict[str, Any]] = {}
    for e in elements:
        eff = e.get("effective")
        if eff is None or eff.contains(day):
            index.setdefault((e["part"], e["id"]), e)
    return index


def _effective_dict(eff: Any) -> dict[str, str | None] | None:
    if eff is None:
        return None
    return {"from": eff.from_.isoformat() if eff.from_ else None, "to": eff.to.isoformat() if eff.to else None}


def _effective_suffix(eff: dict[str, str | None] | None) -> str:
    """How a dated version is told apart in never_exercised: ``@2026-04-01..`` / ``@..2026-03-31``."""
    if eff is None:
        return ""
    return f"@{eff['from'] or ''}..{eff['to'] or ''}"


def _effective_label(eff: dict[str, str | None] | None) -> str:
    if eff is None:
        return ""
    if eff["from"] and eff["to"]:
        return pick(f"〔{eff['from']} 至 {eff['to']}〕", f" [{eff['from']} to {eff['to']}]")
    if eff["from"]:
        return pick(f"〔{eff['from']} 起〕", f" [from {eff['from']}]")
    return pick(f"〔至 {eff['to']}〕", f" [until {eff['to']}]")


def compute_coverage(engine: Engine, records: Sequence[ScenarioRecord],
                     features: Sequence[Path] | None = None) -> dict[str, Any]:
    """Per rulebook: which scope conditions and criteria (or derived values) the scenarios saw
    met, unmet or unknown, which were never exercised, and which rulebooks no scenario checked.

    With ``features``, only the rulebooks those features touch count: the ones a scenario
    asserted something of, and a program whose id names a feature file (``<program>.feature``);
    the others are listed under ``left_out``.

    Only checkups in which a scenario asserted something of a rulebook count for it. For a
    program the scenario saw as 不适用, its criteria were not in play and are not counted. An
    element is exercised when it was seen met or unmet (a derived value: when it came out).
    """
    books = {b.id: b for b in engine.rulebooks.books}
    fact_book = {o.fact: b.id for b in engine.rulebooks.books for o in b.outputs}
    table = {bid: {"elements": _elements(b), "scenarios": set(), "statuses": {}} for bid, b in books.items()}
    for rec in records:
        for chk in rec.checkups:
            for pid in chk.asserted_programs:
                prog = chk.report.program(pid)
                if prog is None or pid not in table:
                    continue
                entry = table[pid]
                entry["scenarios"].add(rec.nodeid)
                entry["statuses"][prog.status] = entry["statuses"].get(prog.status, 0) + 1
                seen = list(prog.scope) + ([] if prog.status == "not_applicable" else list(prog.criteria))
                index = _in_force_index(entry["elements"], chk.report.as_of)
                for c in seen:
                    el = index.get((c.part, c.id))
                    if el is not None:
                        el[c.status] += 1
            for fact in chk.asserted_facts:
                bid = fact_book.get(fact)
                if bid is None:
                    continue
                entry = table[bid]
                entry["scenarios"].add(rec.nodeid)
                value = chk.report.derived.get(fact)
                for el in entry["elements"]:
                    if el.get("fact") != fact:
                        continue
                    if value is None:
                        el["unknown"] += 1
                    elif el["value"] is None or str(value) == str(el["value"]):
                        el["met"] += 1
    rows = []
    exercised_total = total = 0
    named = {f.stem for f in features or ()}
    left_out = [] if features is None else [bid for bid in books if not table[bid]["scenarios"] and bid not in named]
    for bid, b in books.items():
        if bid in left_out:
            continue
        entry = table[bid]
        elements = []
        for el in entry["elements"]:
            exercised = el["met"] > 0 or (el["part"] != "output" and el["unmet"] > 0)
            elements.append({"part": el["part"], "id": el["id"], "title": el["title"], "met": el["met"],
                             "unmet": el["unmet"], "unknown": el["unknown"], "exercised": exercised,
                             "effective": _effective_dict(el.get("effective"))})
        done = sum(1 for e in elements if e["exercised"])
        exercised_total += done
        total += len(elements)
        rows.append({"id": bid, "kind": b.kind, "domain": b.domain, "title": b.title.zh,
                     "file": _shown(Path(engine.rulebooks.files[bid]).resolve()) if bid in engine.rulebooks.files else None,
                     "scenarios": len(entry["scenarios"]), "statuses": entry["statuses"],
                     "exercised": done, "total": len(elements),
                     "percent": round(100.0 * done / len(elements), 1) if elements else 100.0,
                     "elements": elements})
    return {"percent": round(100.0 * exercised_total / total, 1) if total else 100.0,
            "exercised": exercised_total, "total": total,
            "without_scenarios": [r["id"] for r in rows if r["scenarios"] == 0],
            "never_exercised": [f"{r['id']}/{e['part']}/{e['id']}{_effective_suffix(e['effective'])}"
                                for r in rows for e in r["elements"] if not e["exercised"]],
            "left_out": left_out, "rulebooks": rows}


# ---------------------------------------------------------------------------------------------
# text
# ---------------------------------------------------------------------------------------------

PART_LABELS = {"scope": "范围", "criteria": "条件", "output": "取值"}


def render_text(result: VerifyResult) -> str:
    """The summary a policy officer reads (Chinese; the frame in English under ``--lang en``, the
    scenarios' own words as written)."""
    outcomes = OUTCOME_LABELS_EN if current_lang() == "en" else OUTCOME_LABELS
    lines = [pick(f"知策场景验证：规则库 {result.rulebooks}，匹配器 {result.matcher}",
                  f"zhice verify: rulebooks {result.rulebooks}, matcher {result.matcher}")
             + (pick(f"，默认评估日期 {result.as_of}", f", default as-of date {result.as_of}") if result.as_of else ""), ""]
    for f in result.features:
        mark = "✓" if f.ok else "✗"
        lines.append(f"{mark} {f.shown}" + (f"  {f.name}" if f.name else ""))
        for p in f.problems:
            lines.append(pick(f"    ✗ 功能文件有误：{p}", f"    ✗ feature file problem: {p}"))
        for s in f.scenarios:
            label = outcomes.get(s.outcome, s.outcome)
            lines.append(f"    {'✓' if s.outcome == 'passed' else '✗'} {label}  {s.title}"
                         + (pick(f"（第 {s.line} 行）", f" (line {s.line})") if s.line and s.outcome != "passed" else ""))
            if s.outcome != "passed":
                if s.step:
                    lines.append(pick(f"        步骤：{s.step}", f"        step: {s.step}")
                                 + (pick(f"（第 {s.step_line} 行）", f" (line {s.step_line})") if s.step_line else ""))
                for text in (s.message or "").splitlines():
                    lines.append(f"        {text}")
    for e in result.errors:
        lines.append(pick(f"✗ 无法收集：{e}", f"✗ cannot collect: {e}"))
    c = result.counts()
    lines += ["", pick(f"合计：{c['features']} 个功能文件，{c['scenarios']} 个场景：{c['passed']} 通过，{c['failed']} 失败",
                       f"total: {c['features']} feature files, {c['scenarios']} scenarios: {c['passed']} passed, "
                       f"{c['failed']} failed")
              + (pick(f"，{c['skipped']} 未运行", f", {c['skipped']} not run") if c["skipped"] else "")
              + (pick(f"；{c['feature_problems']} 处功能文件问题", f"; {c['feature_problems']} feature file problems")
                 if c["feature_problems"] else "")]
    if result.coverage is not None:
        lines += ["", *render_coverage(result.coverage)]
        if result.fail_under is not None:
            ok = result.coverage_ok
            lines.append(f"{'✓' if ok else '✗'} " + pick(
                f"覆盖率 {result.coverage['percent']}% {'达到' if ok else '低于'} --fail-under {result.fail_under:g}%",
                f"coverage {result.coverage['percent']}% {'reaches' if ok else 'is below'} --fail-under {result.fail_under:g}%"))
    lines.append(pick("结论：全部通过", "result: all passed") if result.ok else pick("结论：未通过", "result: FAILED"))
    return "\n".join(lines) + "\n"


def render_coverage(cov: dict[str, Any]) -> list[str]:
    en = current_lang() == "en"
    lines = [pick("覆盖情况（只计入场景中有断言的规则库；满足/未满足/未知为出现的次数）：",
                  "coverage (rulebooks the scenarios assert on; met / unmet / unknown: times seen):")]
    for r in cov["rulebooks"]:
        statuses = pick("，", ", ").join(f"{k if en else STATUS_LABELS.get(k, k)} {v}" for k, v in r["statuses"].items())
        lines.append(pick(f"  {r['id']}  {r['title']}：场景 {r['scenarios']} 个，覆盖 {r['exercised']}/{r['total']}"
                          f"（{r['percent']}%）" + (f"；结论 {statuses}" if statuses else ""),
                          f"  {r['id']}  {r['title']}: {r['scenarios']} scenarios, {r['exercised']}/{r['total']} exercised"
                          f" ({r['percent']}%)" + (f"; statuses {statuses}" if statuses else "")))
        for e in r["elements"]:
            if e["part"] == "output":
                seen = pick(f"出现 {e['met']} 次" + (f"，未知 {e['unknown']} 次" if e["unknown"] else ""),
                            f"seen {e['met']} times" + (f", unknown {e['unknown']}" if e["unknown"] else ""))
            elif en:
                seen = f"met {e['met']} · unmet {e['unmet']} · unknown {e['unknown']}"
            else:
                seen = (f"{CRITERION_LABELS['met']} {e['met']} · {CRITERION_LABELS['unmet']} {e['unmet']} · "
                        f"{CRITERION_LABELS['unknown']} {e['unknown']}")
            flag = "" if e["exercised"] else pick("  ← 从未验证", "  ← never exercised")
            part = e["part"] if en else PART_LABELS.get(e["part"], e["part"])
            lines.append(f"      {part} {e['id']}{_effective_label(e.get('effective'))}"
                         + pick(f"（{e['title']}）：{seen}{flag}", f" ({e['title']}): {seen}{flag}"))
    if cov["without_scenarios"]:
        lines.append(pick("  没有任何场景的规则库：", "  rulebooks without scenarios: ")
                     + pick("、", ", ").join(cov["without_scenarios"]))
    if cov.get("left_out"):
        lines.append(pick(f"  只计这些场景涉及的规则库；其余 {len(cov['left_out'])} 个未计入（不给文件时统计全部）",
                          f"  only the rulebooks these scenarios touch; {len(cov['left_out'])} others left out "
                          "(all are counted when no files are given)"))
    lines.append(pick(f"  总覆盖率：{cov['exercised']}/{cov['total']} = {cov['percent']}%",
                      f"  total coverage: {cov['exercised']}/{cov['total']} = {cov['percent']}%"))
    return lines


# ---------------------------------------------------------------------------------------------
# a starter feature for a program
# ---------------------------------------------------------------------------------------------

def starter_feature(program_id: str, *, rulebooks: str | Path | None = None, as_of: str | None = None,
                    engine: Engine | None = None) -> str:
    """A feature file to start from: the program's conditions, the fields they read, scenarios
    to fill in. Placeholder values (待填写) make it fail until someone fills them in."""
    eng = engine or Engine(default_rulebooks_dir(rulebooks))
    books = eng.rulebooks.by_id()
    if program_id not in books:
        raise UsageError([Problem("unknown-program", f"unknown program '{program_id}'", path="--new",
                                  hint=did_you_mean(program_id, list(books)) or "see `zhice programs`")])
    book = books[program_id]
    day = parse_as_of(as_of).isoformat()
    compiled = eng.compiled(parse_as_of(day))
    from zhice.ir import DERIVED, node_fields
    from zhice.evaluate import missing_inputs

    inputs = missing_inputs(compiled)
    fields: list[str] = []
    if book.kind == "derivation":
        for out in compiled.outputs:
            if out.book_id == book.id:
                fields += inputs.get(out.fact, [])
    else:
        prog = next(p for p in compiled.programs if p.book.id == book.id)
        for el in [*prog.scope, *prog.criteria]:
            for f in node_fields(el.node):
                fields += inputs.get(f, [f]) if f.startswith(DERIVED) else [f]
    fields = [f for f in dict.fromkeys(fields) if f in FIELDS]
    file = eng.rulebooks.files.get(book.id)
    lines = ["# language: zh-CN", f"# 规则库：{_shown(Path(file).resolve()) if file else book.id}",
             f"# 由 `zhice verify --new` 生成：把“{PLACEHOLDER}”换成真实的值（不知道就写 未知），"
             "按需要修改结论后再运行 zhice verify。",
             f"功能: {book.title.zh}（{book.id}）"]
    if book.summary:
        lines.append(f"  {book.summary}")
    lines.append("")
    if book.kind == "derivation":
        lines.append("  # 本推导规则的结果（用 推导结果 步骤断言）：")
        for o in book.outputs:
            values = f"，取值 {' / '.join(o.values)}" if o.values else ""
            lines.append(f"  #   {o.fact}：{o.title}{values}（或 未知）")
    else:
        lines.append("  # 本项目的条件（“差距包含”步骤用这些 id）：")
        for e in book.scope:
            lines.append(f"  #   范围 {e.id}：{e.title}")
        for e in book.criteria:
            lines.append(f"  #   条件 {e.id}：{e.title}")
    lines.append("  # 画像中用到的字段：")
    for f in fields:
        spec = FIELDS[f]
        kind = {"integer": "整数", "number": "数值", "boolean": "是/否", "date": "日期 YYYY-MM-DD",
                "enum": "取值 " + "/".join(spec.choices), "list": "用逗号分隔的列表", "string": "文字"}[spec.type]
        lines.append(f"  #   {spec.title}（{f}）：{kind}" + (f"，单位 {spec.unit}" if spec.unit else ""))
    lines.append("")

    def table() -> list[str]:
        rows = ["    假如 一家企业的画像如下:", "      | 字段 | 值 |", "      | 企业名称 | 示例科技有限公司 |"]
        rows += [f"      | {FIELDS[f].title} | {PLACEHOLDER} |" for f in fields]
        return rows

    if book.kind == "derivation":
        lines += [f"  场景: {book.title.zh}的一个算例", *table(), f"    当 在 \"{day}\" 进行政策体检"]
        for i, o in enumerate(book.outputs):
            lines.append(f"    {'那么' if i == 0 else '而且'} 推导结果 \"{o.fact}\" 为 \"{PLACEHOLDER}\"")
        return "\n".join(lines) + "\n"
    lines += [f"  场景: 满足全部条件的企业{STATUS_LABELS['eligible']}「{book.title.zh}」", *table(),
              f"    当 在 \"{day}\" 进行政策体检",
              f"    那么 \"{book.id}\" 的结论为 \"{STATUS_LABELS['eligible']}\"",
              f"    而且 适用的项目包含 \"{book.id}\"", ""]
    for e in book.criteria:
        lines += [f"  场景: 不满足「{e.title}」时{STATUS_LABELS['gap']}", *table(),
                  f"    当 在 \"{day}\" 进行政策体检",
                  f"    那么 \"{book.id}\" 的结论为 \"{STATUS_LABELS['gap']}\"",
                  f"    而且 \"{book.id}\" 的差距包含 \"{e.id}\"", ""]
    for e in book.scope:
        lines += [f"  场景: 不满足范围条件「{e.title}」时{STATUS_LABELS['not_applicable']}", *table(),
                  f"    当 在 \"{day}\" 进行政策体检",
                  f"    那么 \"{book.id}\" 的结论为 \"{STATUS_LABELS['not_applicable']}\"",
                  f"    而且 适用的项目不包含 \"{book.id}\"", ""]
    return "\n".join(lines).rstrip() + "\n"
