"""Messages are worded where they are made, in the language of the moment: the readers' warnings
and row problems, the bounds of :mod:`zhice.limits`, the web API's request problems and the
interview API's — Chinese by default, the same English as before under ``--lang en``, with the
codes, files, lines and paths unchanged. No table translates English after the fact any more."""

from __future__ import annotations

import importlib.util
import re

import pytest

from zhice import limits
from zhice.batch.readers import Header, read_profiles
from zhice.errors import Problem, ProfileError
from zhice.wording import set_lang

CJK = re.compile(r"[\u4e00-\u9fff]")


@pytest.fixture(autouse=True)
def _fresh_language():
    yield
    set_lang(None)


def _both(make):
    """``make()`` in Chinese, then in English."""
    set_lang("zh")
    zh = make()
    set_lang("en")
    en = make()
    set_lang(None)
    return zh, en


def test_the_english_after_the_fact_translation_is_gone() -> None:
    import zhice.values as values

    assert not hasattr(values, "localized") and not hasattr(values, "_PROFILE_ENGLISH")
    assert importlib.util.find_spec("zhice.cli.screen_words") is None


def test_header_warnings_in_both_languages() -> None:
    zh, en = _both(lambda: Header.parse(["有效发明专利数", "备注", "ip.invention_patents"], "c.csv", 2).warnings)
    assert [(p.code, p.file, p.line, p.path) for p in zh] == [(p.code, p.file, p.line, p.path) for p in en]
    assert {p.code for p in zh} == {"unknown-column", "duplicate-column", "no-name-column"}
    by = {p.code: p for p in zh}
    assert by["unknown-column"].message == "第 2 列“备注”不是画像字段，该列被忽略"
    assert by["duplicate-column"].message == "第 3 列“ip.invention_patents”与第 1 列重复（ip.invention_patents），使用第一列"
    assert by["no-name-column"].message.startswith("没有“企业名称”") and CJK.search(by["no-name-column"].hint)
    by = {p.code: p for p in en}
    assert by["unknown-column"].message == "column 2 '备注' is not a profile field; its cells are ignored"
    assert by["duplicate-column"].message == ("column 3 'ip.invention_patents' repeats column 1 "
                                              "(ip.invention_patents); the first is used")
    assert by["no-name-column"].hint == "add a column headed 企业名称 or enterprise.name"


def test_row_problems_in_both_languages(tmp_path) -> None:
    src = tmp_path / "c.csv"
    src.write_text("客户名单\n企业名称,有效发明专利数\n甲公司,三件\n乙公司,1,多出的格\n", encoding="utf-8")

    def problems() -> list[Problem]:
        return [p for _, p in read_profiles(src) if isinstance(p, Problem)]

    (bad_zh, extra_zh), (bad_en, extra_en) = _both(problems)
    assert bad_zh.path == bad_en.path == "ip.invention_patents" and bad_zh.code == bad_en.code == "invalid-value"
    assert bad_zh.message == "有效发明专利数：应为整数，实为 '三件'"
    assert bad_en.message == "有效发明专利数: expected a whole number, found '三件'"
    assert (extra_zh.code, extra_zh.line) == (extra_en.code, extra_en.line) == ("extra-cells", 4)
    assert extra_zh.message == "该行有 3 个单元格，表头只有 2 列" and extra_en.message == "row has 3 cells but the header has 2 columns"
    jsonl = tmp_path / "c.jsonl"
    jsonl.write_text('{"enterprise": {"name": "甲"}}\n{"ip.nope": 1}\n[1,\n', encoding="utf-8")
    zh, en = _both(lambda: [p for _, p in read_profiles(jsonl) if isinstance(p, Problem)])
    assert [p.code for p in zh] == [p.code for p in en] == ["unknown-field", "bad-json"]
    assert zh[0].message == "画像没有字段 'ip.nope'" and en[0].message == "unknown field 'ip.nope'"
    assert zh[1].message.startswith("不是 JSON 对象：") and en[1].message.startswith("not a JSON object: ")


def test_limits_in_both_languages() -> None:
    zh, en = _both(lambda: limits.problem("list-too-long", "b.yaml", 3, "x", count=5001))
    assert zh.message == "列表有 5,001 项，超过上限 5,000 项" and CJK.search(zh.hint)
    assert en.message == "a list of 5,001 items is longer than the limit of 5,000" and en.hint.startswith("shorten the list")
    assert set(limits.MESSAGES) == set(limits.MESSAGES_ZH)
    for code, (message, hint) in limits.MESSAGES_ZH.items():
        assert CJK.search(message) and CJK.search(hint), code
        assert set(re.findall(r"\{(\w+)", message + hint)) <= set(re.findall(r"\{(\w+)", "".join(limits.MESSAGES[code]))) | {"file"}, code
    assert _both(lambda: limits.shown(10 ** 50)) == ("一个 51 位数", "a 51-digit number")
    assert _both(lambda: limits.file_kind(0o010000)) == ("管道（FIFO）", "a pipe (FIFO)")


def test_profile_problems_of_the_loader_in_both_languages(tmp_path) -> None:
    from zhice.profile import load_profile

    src = tmp_path / "deep.yaml"
    src.write_text("enterprise:\n  name: 某公司\nx: " + "[" * 70 + "]" * 70 + "\n", encoding="utf-8")

    def message() -> str:
        with pytest.raises(ProfileError) as info:
            load_profile(src)
        (p,) = [p for p in info.value.problems if p.code == "too-deep"]
        return p.message

    assert _both(message) == ("嵌套超过 64 层", "nested more than 64 levels deep")


def test_web_api_problems_in_both_languages() -> None:
    from zhice.serve.interview_api import typed_answers
    from zhice.serve.limits import RequestProblem, parse_json

    def bad(body: bytes) -> dict:
        with pytest.raises(RequestProblem) as info:
            parse_json(body)
        return info.value.problems[0]

    zh, en = _both(lambda: bad(b"{nope"))
    assert (zh["code"], zh["path"]) == (en["code"], en["path"]) == ("bad-json", "body")
    assert zh["message"].startswith("请求体不是有效的 JSON：") and en["message"].startswith("the body is not valid JSON: ")
    zh, en = _both(lambda: bad(b""))
    assert zh["message"] == "请求没有请求体" and en["message"] == "the request has no body"
    zh, en = _both(lambda: bad(b'{"a": 1e400}'))
    assert "太大" in zh["message"] and "too large for a number" in en["message"]

    def answers() -> list[Problem]:
        with pytest.raises(ProfileError) as info:
            typed_answers({"ip.nope": "1", "enterprise.employees": ["x"]})
        return info.value.problems

    zh, en = _both(answers)
    assert [(p.code, p.path) for p in zh] == [(p.code, p.path) for p in en]
    assert zh[0].message == "画像没有字段 'ip.nope'" and en[0].message == "unknown field 'ip.nope'"
    assert zh[1].message == "回答应为文字、数字或 是/否" and en[1].message == "an answer is text, a number or true/false"


def test_reader_and_screening_warnings_in_both_languages(tmp_path, monkeypatch) -> None:
    import shutil

    from zhice.batch import reader_words
    from zhice.batch.readers import open_input
    from zhice.batch.screen import screen

    src = tmp_path / "c.csv"
    src.write_text("客户名单\n企业名称,有效发明专利数\n" + "".join(f"公司{i},{i % 4}\n" for i in range(90)), encoding="utf-8")

    def header_warning() -> Problem:
        source = open_input(src)
        list(source.records())
        (w,) = source.warnings
        return w

    zh, en = _both(header_warning)
    assert (zh.code, zh.line) == (en.code, en.line) == ("header-row", 2)
    assert zh.message.startswith("表头在第 2 行：上面 1 行不含画像字段") and CJK.search(zh.hint)
    assert en.message.startswith("the header is row 2: the 1 row(s) above") and en.hint.startswith("if they are clients")
    zh, en = _both(lambda: reader_words.bad_row_csv("field larger than field limit (131072)", "c.csv", 7))
    assert "多余的引号" in zh.hint and "stray quote" in en.hint and zh.line == en.line == 7
    zh, en = _both(lambda: reader_words.sheet_skipped("名单", "c.xlsx"))
    assert "工作表“名单”" in zh.message and "sheet '名单' is read" in en.message

    full = shutil.disk_usage(tmp_path)
    monkeypatch.setattr(shutil, "disk_usage", lambda path: full._replace(free=1000))

    def space_warning() -> Problem:
        warned: list[Problem] = []
        out = tmp_path / f"o{len(list(tmp_path.iterdir()))}.jsonl"
        screen([src], out, jobs=1, as_of="2026-11-21", chunk_size=40, db=False, on_warning=warned.append)
        (w,) = [w for w in warned if w.code == "disk-space"]
        return w

    zh, en = _both(space_warning)
    assert re.match(r"剩下的 \d+ 行约需 \d", zh.message) and "只剩 1,000 B" in zh.message and "JSONL 每行" in zh.hint
    assert re.match(r"the \d+ rows still to screen need about \d", en.message) and "1,000 B is free" in en.message
    assert "a JSONL line is a whole report" in en.hint


def test_web_app_problems_in_both_languages(demo_grant_rulebooks, monkeypatch) -> None:
    """The server's own problems follow ``$ZHICE_LANG`` (``zhice serve --lang``), their codes unchanged."""
    import warnings

    pytest.importorskip("fastapi", reason="the serve extra is not installed")
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        from fastapi.testclient import TestClient
    from zhice.serve import create_app

    client = TestClient(create_app(demo_grant_rulebooks, as_of="2026-11-21"))
    body = {"enterprise": {"name": "某公司"}}
    said = {}
    for lang in ("zh", "en"):
        monkeypatch.setenv("ZHICE_LANG", lang)
        bad_date = client.post("/api/checkup", params={"as_of": "明天"}, json=body).json()["problems"][0]
        no_answers = client.post("/api/interview", json={"x": 1}).json()["problems"][0]
        said[lang] = (bad_date, no_answers)
    (zd, za), (ed, ea) = said["zh"], said["en"]
    assert (zd["code"], zd["path"]) == (ed["code"], ed["path"]) == ("bad-date", "query.as_of")
    assert zd["message"] == "as_of 应为日期，如 2027-03-01，实为 '明天'"
    assert ed["message"] == "as_of expects a date like 2027-03-01, found '明天'" and ed["hint"] == "YYYY-MM-DD"
    assert za["code"] == ea["code"] == "invalid-body" and za["message"].startswith("应为 {")
    assert ea["message"] == 'expected {"answers": {field path: answer}}'


@pytest.mark.parametrize(("name", "line", "zh", "en"), [
    ("unknown_kind.yml", 7, "字段 'enterprise.held' 的类型 'flag' 不存在", "unknown kind 'flag' of field 'enterprise.held'"),
    ("min_above_max.yml", 9, "min 10 大于 max 4", "min 10 is above max 4"),
    ("duplicate_title.yml", 10, "标题 '企业名称' 也是 'enterprise.name' 的标题",
     "title '企业名称' is also the title of 'enterprise.name'"),
    ("no_identity.yml", 4, "每个字段目录都要有 'enterprise.credit_code'", "every catalogue needs 'enterprise.credit_code'"),
])
def test_field_catalogue_problems_in_both_languages(name: str, line: int, zh: str, en: str) -> None:
    from pathlib import Path

    from zhice.errors import RulebookError
    from zhice.profile.catalogue import load_catalogue

    path = Path(__file__).parent / "fixtures" / "bad_catalogues" / name

    def problems() -> list[Problem]:
        with pytest.raises(RulebookError) as info:
            load_catalogue(path)
        return info.value.problems

    said_zh, said_en = _both(problems)
    assert [(p.code, p.line, p.path) for p in said_zh] == [(p.code, p.line, p.path) for p in said_en]
    assert any(p.line == line and zh in p.message for p in said_zh), said_zh
    assert any(p.line == line and en in p.message for p in said_en), said_en
    assert all(not CJK.search(p.hint or "") for p in said_en if "did you mean" not in (p.hint or ""))


def test_a_problem_placed_by_line_alone_names_the_line_in_the_language_of_the_moment(lang) -> None:
    from zhice.errors import Problem

    where = Problem("bad-row", "x", line=7, path="enterprise.name").location()
    assert where == ("第 7 行: enterprise.name" if lang == "zh" else "line 7: enterprise.name")
