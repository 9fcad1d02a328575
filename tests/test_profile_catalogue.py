"""The field catalogue (rulebooks/_meta/fields.yml): the profile's fields are data the engine loads.

* the shipped catalogue gives the registry, titles, choice labels and JSON Schema of contract v1;
* nothing program-specific is left in engine code (no held-title flag, no program score input);
* a broken catalogue is a structured problem at its file and line (``zhice lint``: exit 3);
* a rulebooks folder with its own ``_meta/fields.yml`` is served with that catalogue, unchanged
  engine code; a folder without one uses the shipped catalogue; the catalogue is in the digest.
"""

from __future__ import annotations

import ast
import json
import re
import shutil
from collections.abc import Iterator
from pathlib import Path

import pytest
from click.testing import CliRunner

import zhice
from zhice.cli import cli
from zhice.errors import ProfileError, RulebookError
from zhice.profile import (CHOICE_LABELS, FIELDS, Profile, active_catalogue, catalogue_for, load_catalogue,
                           profile_from_data, shipped_catalogue, use_catalogue)
from zhice.rulebook import load_rulebooks
from zhice.schemas import SCHEMA_DIR

REPO = Path(__file__).resolve().parent.parent
PACKAGE = Path(zhice.__file__).resolve().parent
BAD = REPO / "tests" / "fixtures" / "bad_catalogues"
SHIPPED = REPO / "rulebooks"


@pytest.fixture(autouse=True)
def _shipped_afterwards() -> Iterator[None]:
    yield
    use_catalogue(shipped_catalogue())


def test_the_shipped_catalogue_is_the_one_in_use_and_gives_the_registry() -> None:
    cat = shipped_catalogue()
    assert active_catalogue() is cat and cat.file.endswith("fields.yml")
    assert list(FIELDS) == list(cat.fields) and len(FIELDS) > 100
    spec = FIELDS["ip.invention_patents"]
    assert (spec.title, spec.type, spec.unit, spec.minimum, spec.kind) == ("有效发明专利数", "integer", "件", 0, "count")
    assert FIELDS["enterprise.revenue"].unit == "万元" and FIELDS["enterprise.main_business_share"].maximum == 100
    assert CHOICE_LABELS["ip_management.gbt29490"]["none"] == ("未贯标", "not started")
    assert set(CHOICE_LABELS["derived.sme_size"]) == {"large", "medium", "small", "micro"}


def test_the_schema_is_built_from_the_catalogue() -> None:
    shipped = json.loads((SCHEMA_DIR / "profile.schema.json").read_text(encoding="utf-8"))
    schema = Profile.model_json_schema(mode="validation")
    assert schema["title"] == shipped["title"] == "知策企业画像 (zhice enterprise profile)"
    titles = {f"{s}.{k}": v["title"] for s, d in shipped["$defs"].items() if "properties" in d
              for k, v in d["properties"].items()}
    assert len(titles) == len(FIELDS)
    section_of = {d: s for s, d in ((s, shipped["properties"][s]["$ref"].rsplit("/", 1)[1])
                                   for s in shipped["properties"] if "$ref" in shipped["properties"][s])}
    assert {f"{section_of[p.split('.')[0]]}.{p.split('.')[1]}": t for p, t in titles.items()} == \
        {p: s.title for p, s in FIELDS.items()}


def _code_words(path: Path) -> set[str]:
    """String constants (docstrings left out) and identifiers of one module."""
    tree = ast.parse(path.read_text(encoding="utf-8"))
    docs = {id(n.body[0].value) for n in ast.walk(tree)
            if isinstance(n, (ast.Module, ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef))
            and n.body and isinstance(n.body[0], ast.Expr) and isinstance(n.body[0].value, ast.Constant)}
    words: set[str] = set()
    for n in ast.walk(tree):
        if isinstance(n, ast.Constant) and isinstance(n.value, str) and id(n) not in docs:
            words.update(re.findall(r"[a-z_][a-z0-9_.]*", n.value))
        elif isinstance(n, ast.Attribute):
            words.add(n.attr)
        elif isinstance(n, ast.Name):
            words.add(n.id)
        elif isinstance(n, ast.arg):
            words.add(n.arg)
        elif isinstance(n, ast.keyword) and n.arg:
            words.add(n.arg)
    return words


# Fields engine code may name: the enterprise's identity, which the result contract reports
# (profile.name, profile.credit_code) and every catalogue must define; and the example path that
# help texts and hints show ("--set ip.invention_patents=3"), a generic count, no program's.
ALLOWED = {"enterprise.name", "enterprise.credit_code", "ip.invention_patents"}


def test_no_field_of_the_catalogue_is_named_in_engine_code() -> None:
    words = {str(p.relative_to(PACKAGE)): _code_words(p) for p in PACKAGE.rglob("*.py")}
    named = {}
    for path in FIELDS:
        if path in ALLOWED:
            continue
        name = path.split(".", 1)[1]
        where = sorted(m for m, w in words.items() if path in w or ("_" in name and name in w))
        if where:
            named[path] = where
    assert not named, f"profile fields named in engine code (they belong in the field catalogue): {named}"
    # the held titles and program score inputs in particular
    assert not any("qualifications." in w or "specialized_sme" in w or "hnte_" in w
                   for ws in words.values() for w in ws)


def _expectation(path: Path) -> tuple[int, str]:
    m = re.match(r"# expect: line (\d+) (.+)", path.read_text(encoding="utf-8").splitlines()[0])
    assert m, f"{path.name}: first line must be '# expect: line N message'"
    return int(m.group(1)), m.group(2)


@pytest.mark.parametrize("path", sorted(BAD.glob("*.yml")), ids=lambda p: p.stem)
def test_a_broken_catalogue_is_a_problem_at_its_line(path: Path) -> None:
    line, text = _expectation(path)
    with pytest.raises(RulebookError) as exc:
        load_catalogue(path)
    problems = exc.value.problems
    assert all(p.code == "bad-field-catalogue" and p.file == str(path) for p in problems)
    assert any(p.line == line and text in p.message for p in problems), \
        [(p.line, p.message) for p in problems]


def _folder_with(tmp_path: Path, catalogue: Path | None) -> Path:
    books = tmp_path / "books"
    shutil.copytree(REPO / "tests" / "fixtures" / "rulebooks_min", books)
    if catalogue is not None:
        (books / "_meta").mkdir()
        shutil.copy(catalogue, books / "_meta" / "fields.yml")
    return books


def test_lint_and_checkup_refuse_a_broken_catalogue_with_exit_3(tmp_path: Path) -> None:
    books = _folder_with(tmp_path, BAD / "unknown_kind.yml")
    runner = CliRunner()
    res = runner.invoke(cli, ["lint", str(books), "--format", "json"])
    assert res.exit_code == 3, res.output
    found = [f for f in json.loads(res.output)["findings"] if f["code"] == "bad-field-catalogue"]
    assert found and all(f["file"].endswith("_meta/fields.yml") for f in found)
    assert any(f["line"] == 7 and "类型 'flag' 不存在" in f["message"] for f in found), found
    res = runner.invoke(cli, ["lint", str(books), "--format", "json", "--lang", "en"])
    found = [f for f in json.loads(res.output)["findings"] if f["code"] == "bad-field-catalogue"]
    assert any(f["line"] == 7 and "unknown kind 'flag'" in f["message"] for f in found), found
    example = REPO / "profiles" / "examples" / "micro_software_startup.yaml"
    res = runner.invoke(cli, ["checkup", str(example), "--rulebooks", str(books)])
    assert res.exit_code == 3 and "fields.yml" in res.output, res.output


ANOTHER_PROVINCE = """\
version: 1
title: 另一省的企业画像
sections:
  enterprise:
    title: 企业基本情况
    fields:
      name: {kind: text, title: 企业名称, required: true}
      credit_code: {kind: credit_code, title: 统一社会信用代码}
      province: {kind: text, title: 注册省份}
      industry: {kind: text, title: 行业代码}
      employees: {kind: count, title: 从业人员数, unit: 人}
      revenue: {kind: money, title: 营业收入}
      total_assets: {kind: money, title: 资产总额}
  qualifications:
    title: 已获资质
    fields:
      jinzhongzi: {kind: boolean, title: 已入选金种子企业}
      star_firm: {kind: boolean, title: 已入选某省星级企业}
  ip:
    title: 知识产权
    fields:
      invention_patents: {kind: count, title: 有效发明专利数, unit: 件}
"""


def test_a_folder_with_its_own_catalogue_is_served_with_it(tmp_path: Path) -> None:
    books = _folder_with(tmp_path, None)
    (books / "_meta").mkdir()
    (books / "_meta" / "fields.yml").write_text(ANOTHER_PROVINCE, encoding="utf-8")
    for other in ("enterprise_age", "ip_classes"):    # derivations of fields this catalogue lacks
        (books / "derivations" / f"{other}.yaml").unlink()
    seed = books / "demo" / "demo_seed.yaml"
    seed.write_text(seed.read_text(encoding="utf-8").replace("qualifications.jinzhongzi", "qualifications.star_firm"),
                    encoding="utf-8")
    engine = zhice.Engine(books)
    assert active_catalogue() is catalogue_for(books) and "qualifications.star_firm" in FIELDS
    assert "ip.utility_models" not in FIELDS
    held = profile_from_data({"enterprise": {"name": "甲", "province": "浙江省"},
                              "qualifications": {"star_firm": "是"}})
    report = engine.checkup(held, as_of="2026-11-21")
    assert {p.id: p.status for p in report.programs}["demo_seed"] == "achieved"
    with pytest.raises(ProfileError) as exc:     # a field of the shipped catalogue is unknown here
        profile_from_data({"enterprise": {"name": "甲"}, "ip": {"utility_models": 1}})
    assert exc.value.problems[0].code == "unknown-field"
    own = report.rulebooks_digest
    shutil.rmtree(books / "_meta")                # the same rulebooks, the shipped catalogue
    with pytest.raises(RulebookError):           # … which has no star_firm: the rulebook no longer compiles
        zhice.Engine(books).compiled(__import__("datetime").date(2026, 11, 21))
    assert active_catalogue() is shipped_catalogue()
    seed.write_text(seed.read_text(encoding="utf-8").replace("qualifications.star_firm", "qualifications.jinzhongzi"),
                    encoding="utf-8")
    again = zhice.Engine(books).checkup(profile_from_data({"enterprise": {"name": "甲"}}), as_of="2026-11-21")
    assert again.rulebooks_digest != own


def test_the_digest_covers_the_catalogue(tmp_path: Path) -> None:
    books = _folder_with(tmp_path, SHIPPED / "_meta" / "fields.yml")
    first = load_rulebooks(books)
    before = first.set_digest
    text = (books / "_meta" / "fields.yml").read_text(encoding="utf-8")
    (books / "_meta" / "fields.yml").write_text(text.replace("title: 营业收入}", "title: 营业收入（上年）}"),
                                                 encoding="utf-8")
    second = load_rulebooks(books)
    assert second.digest == first.digest              # the rulebook files did not change
    assert second.set_digest != before                # the catalogue they are typed against did
    assert FIELDS["enterprise.revenue"].title == "营业收入（上年）"


def test_the_model_is_built_on_first_use_not_at_import() -> None:
    import subprocess
    import sys

    code = ("import zhice\nfrom zhice.profile import active_catalogue as a\nprint(a().model is None)\n"
            "zhice.profile_from_data({'enterprise': {'name': '甲'}})\nprint(a().model is None)\n")
    res = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, cwd=REPO, timeout=120,
                         env={**__import__("os").environ, "PYTHONPATH": str(PACKAGE.parent)})
    assert res.returncode == 0, res.stderr
    assert res.stdout.split() == ["True", "False"]


KINDS_ONLY = """\
version: 1
title: 按种类检查的画像
sections:
  enterprise:
    title: 企业
    fields:
      name: {kind: text, title: 企业名称, required: true}
      credit_code: {kind: credit_code, title: 统一社会信用代码}
      opened_on: {kind: founding_date, title: 开业日期}
      stage:
        kind: choice
        title: 发展阶段
        choices: {seed: [种子期, seed], growth: [成长期, growth]}
"""


def test_checks_follow_the_kind_not_the_field_name(tmp_path: Path) -> None:
    import datetime as dt

    from zhice.profile import check_as_of
    from zhice.wording import choice_label, value_text

    path = tmp_path / "fields.yml"
    path.write_text(KINDS_ONLY, encoding="utf-8")
    use_catalogue(load_catalogue(path))
    p = profile_from_data({"enterprise": {"name": "甲", "opened_on": "2030年1月2日", "stage": "growth"}})
    with pytest.raises(ProfileError) as exc:     # a founding date after the evaluation date, whatever its name
        check_as_of(p, dt.date(2026, 11, 21))
    assert [(q.code, q.path) for q in exc.value.problems] == [("date-after-as-of", "enterprise.opened_on")]
    with pytest.raises(ProfileError) as exc:     # the check digit of a credit_code field
        profile_from_data({"enterprise": {"name": "甲", "credit_code": "91330106MA2GL3LQ8X"}})
    assert "统一社会信用代码无效" in exc.value.problems[0].message
    assert choice_label("enterprise.stage", "growth") == "成长期" and value_text("enterprise.stage", "seed") == "种子期"


def test_a_profile_is_built_pickled_and_validated_through_the_base_class() -> None:
    import pickle

    p = Profile(enterprise={"name": "甲", "employees": "12"}, ip={"invention_patents": 2})
    assert isinstance(p, Profile) and type(p) is not Profile and p.enterprise.employees == 12
    again = pickle.loads(pickle.dumps(p))
    assert type(again) is type(p) and again.data() == p.data() and again.digest() == p.digest()
    assert Profile.model_validate_json('{"enterprise": {"name": "乙"}}').enterprise.name == "乙"
    with pytest.raises(ValueError):
        Profile.model_validate({"enterprise": {"name": "丙", "employees": True}})   # strict: no boolean counts


def test_a_loaded_set_compiles_against_its_own_catalogue_whatever_was_loaded_since(tmp_path: Path) -> None:
    import datetime as dt

    books = _folder_with(tmp_path, None)
    (books / "_meta").mkdir()
    (books / "_meta" / "fields.yml").write_text(ANOTHER_PROVINCE, encoding="utf-8")
    for other in ("enterprise_age", "ip_classes"):
        (books / "derivations" / f"{other}.yaml").unlink()
    seed = books / "demo" / "demo_seed.yaml"
    seed.write_text(seed.read_text(encoding="utf-8").replace("qualifications.jinzhongzi", "qualifications.star_firm"),
                    encoding="utf-8")
    own = load_rulebooks(books)
    load_rulebooks(REPO / "tests" / "fixtures" / "rulebooks_min")      # the shipped catalogue in use again
    assert "qualifications.star_firm" not in FIELDS
    compiled = zhice.Engine(own).compiled(dt.date(2026, 11, 21))       # typed against its own catalogue
    assert [p.book.id for p in compiled.programs] == ["demo_seed"] and "qualifications.star_firm" in FIELDS


PARITY_INPUTS = [
    {"enterprise": 5}, {"enterprise": {"name": ""}}, {}, {"schema_version": 2, "enterprise": {"name": "a"}},
    {"enterprise": {"name": "a", "employees": True, "revenue": "1e400", "registered_on": "2021-02-30",
                    "ipo_stage": "x", "industry": "ZZ", "credit_code": "123"}},
    {"enterprise": {"name": "a"}, "overseas": {"markets": ["us", "usa", 3]}},
    {"enterprise": {"name": "a"}, "record": None}, {"enterprise": {"name": "a"}, "record": [1]},
    {"enterprise": {"name": "a", "debt_ratio": -1, "main_business_share": 101, "digitalization_level": 5.5}},
    {"enterprise": {"name": "a", "zzz": 1}}, {"enterprise": {"name": "a", "credit_code": " 91350100m000100y43 "}},
]


def _outcome(model: type, data: object) -> object:
    from pydantic import ValidationError

    try:
        p = model.model_validate(data)
    except ValidationError as exc:
        return [(e["type"], e["loc"], e["msg"]) for e in exc.errors()]
    return p.data(), p.facts(), p.digest()


def test_the_fast_model_validates_as_the_schema_model_does() -> None:
    """The model that validates is written out as pydantic-core schema (a cold start pays ~5 ms, not
    ~50 ms, for it); the pydantic classes the JSON Schema comes from must accept, refuse and word
    every input the same way."""
    from zhice.profile.model import model_of, schema_model
    from zhice.yamlio import load_file

    cat = active_catalogue()
    fast, slow = model_of(cat), schema_model(cat)
    assert fast is not slow and not fast.__pydantic_fields__ and slow.__pydantic_fields__
    files = sorted([*(REPO / "profiles" / "examples").glob("*.yaml"),
                    *(REPO / "tests" / "fixtures" / "bad_profiles").iterdir()])
    inputs = [load_file(f).data for f in files] + PARITY_INPUTS
    assert len(inputs) > 40
    for data in inputs:
        assert _outcome(fast, data) == _outcome(slow, data), data
