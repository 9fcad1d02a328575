"""``zhice screen``'s stderr is Chinese by default — progress, warnings, error rows, summary —
through a real pty and piped, and English with ``--lang en``; validation messages name the
field by its Chinese title and keep their code and path."""

from __future__ import annotations

import os
import re
import subprocess
import sys

import pytest

from zhice.errors import ProfileError
from zhice.profile import profile_from_data
from zhice.wording import set_lang

from conftest import bench_generator, REPO
from test_text_report import run_in_pty

CJK = re.compile(r"[\u4e00-\u9fff]")
DAY = "2026-11-21"


@pytest.fixture(autouse=True)
def _fresh_language():
    yield
    set_lang(None)


@pytest.fixture(scope="module")
def clients(tmp_path_factory) -> str:
    """600 generated clients with bad rows, a title row above the header and a column that is no field."""
    gen = bench_generator()
    folder = tmp_path_factory.mktemp("clients")
    plain = folder / "plain.csv"
    gen.generate(600, plain, bad=0.05, missing=0.1, seed=3)
    lines = plain.read_text(encoding="utf-8-sig").splitlines()
    src = folder / "clients.csv"
    src.write_text("\n".join(["客户名单（2026 年）", lines[0] + ",备注", *(line + ",x" for line in lines[1:])]) + "\n",
                   encoding="utf-8")
    return str(src)


def _english_words(line: str) -> list[str]:
    """The English words of a stderr line, once what is no wording is taken out: file paths, field
    paths and choice codes (named beside their Chinese), quoted values, options, commands and the
    bilingual did-you-mean hint."""
    for pattern in (r"\(did you mean [^)]*\)\??", r"'[^']*'", r"`[^`]*`", r"\S*/\S*", r"--[a-z-]+", r"[a-z_]+(?:\.[a-z_0-9]+)+",
                    r"[a-z_0-9]+(?=（)", r"\b[a-z]+_[a-z0-9_]+\b", r"\bUTF-8\b", r"\bzhice\b"):
        line = re.sub(pattern, " ", line)
    return re.findall(r"[A-Za-z]{2,}", line)


def _screen_piped(clients: str, out: str, *extra: str) -> str:
    env = {**os.environ, "PYTHONPATH": str(REPO / "engine")}
    env.pop("ZHICE_LANG", None)
    r = subprocess.run([sys.executable, "-m", "zhice", "screen", clients, "-o", out, "--jobs", "1", "--no-db",
                        "--as-of", DAY, *extra], capture_output=True, text=True, env=env, timeout=300)
    assert r.returncode == 0, r.stderr
    return r.stderr


def test_screen_stderr_piped_is_chinese(clients: str, tmp_path) -> None:
    err = _screen_piped(clients, str(tmp_path / "o.jsonl"))
    lines = err.splitlines()
    assert any(line.startswith("警告：") and "表头在第 2 行" in line for line in lines), err
    assert any(line.startswith("警告：") and "第 149 列“备注”不是画像字段" in line for line in lines), err
    rows = [line for line in lines if line.startswith("错误行 第 ")]
    assert rows and any("有效发明专利数（ip.invention_patents）：应为整数，实为" in r for r in rows), err
    assert re.search(r"^线索（差距不超过 1 项）：\d+$", err, re.M), err
    assert re.search(r"^输入 600 行 = 结果 \d+ \+ 错误 \d+ → ", err, re.M), err
    leftovers = {line: words for line in lines if (words := _english_words(line))}
    assert not leftovers, leftovers
    assert all(CJK.search(line) for line in lines), err


def test_screen_stderr_in_english_with_lang_en(clients: str, tmp_path) -> None:
    err = _screen_piped(clients, str(tmp_path / "o.jsonl"), "--lang", "en")
    assert "warning: " in err and "header-row" in err and "unknown-column" in err
    assert re.search(r"^error row \d+: ip\.invention_patents: expected a whole number", err, re.M), err
    assert re.search(r"^in = out \+ errors: 600 = \d+ \+ \d+ → ", err, re.M), err
    assert "leads (at most 1 gaps)" in err
    chinese = [line for line in err.splitlines() if CJK.search(line) and not line.startswith("error row")
               and "备注" not in line]
    assert not chinese, chinese


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_screen_on_a_terminal_speaks_one_language(clients: str, tmp_path, lang: str) -> None:
    text = run_in_pty(["screen", clients, "--output", str(tmp_path / "o.jsonl"), "--jobs", "1", "--chunk-size", "50",
                       "--no-db", "--as-of", DAY, "--lang", lang], columns=120)
    if lang == "zh":
        assert re.search(r"筛查.*\d+/60[01].*行/秒.*约剩.*错误行 \d+", text), text
        assert "输入 600 行 = 结果" in text and "线索（差距不超过" in text and "警告：" in text
        assert "error row" not in text and "warning" not in text and "leads" not in text
    else:
        assert re.search(r"screening.*\d+/60[01].*rows/s.*left.*error rows \d+", text), text
        assert "in = out + errors: 600 = " in text and "leads (at most 1 gaps)" in text
        assert "错误行" not in text and "筛查" not in text and "线索" not in text and "约剩" not in text


@pytest.mark.parametrize(("data", "code", "path", "zh", "en"), [
    ({"employees": "abc"}, "invalid-value", "enterprise.employees", "从业人员数：应为整数，实为 'abc'",
     "Input should be a valid integer"),
    ({"employees": -1}, "invalid-value", "enterprise.employees", "从业人员数：应不小于 0，实为 -1",
     "Input should be greater than or equal to 0"),
    ({"revenue": "x"}, "invalid-value", "enterprise.revenue", "营业收入：应为数字，实为 'x'", "valid number"),
    ({"registered_on": "2021-02-30"}, "bad-date", "enterprise.registered_on", "成立日期：'2021-02-30' 不是真实的日期（该月没有这一天）",
     "is not a real date (day is out of range for month)"),
    ({"credit_code": "123"}, "invalid-value", "enterprise.credit_code", "应为 18 位，现为 3 位", "must be 18 characters"),
    ({"name": ""}, "invalid-value", "enterprise.name", "企业名称：不能为空", "at least 1 character"),
])
def test_profile_value_errors_are_chinese_with_the_field_title(data, code, path, zh, en) -> None:
    for lang, expected in (("zh", zh), ("en", en)):
        set_lang(lang)
        with pytest.raises(ProfileError) as info:
            profile_from_data({"enterprise": {"name": "某公司", **data}})
        (p,) = info.value.problems
        assert (p.code, p.path) == (code, path)                       # the structured fields stay
        assert expected in p.message, p.message
        assert p.hint and (CJK.search(p.hint) if lang == "zh" else True)
        assert set(p.to_dict()) >= {"code", "path", "message", "hint"}


def test_choice_errors_name_the_labels_and_english_keeps_pydantic_words() -> None:
    set_lang("zh")
    with pytest.raises(ProfileError) as info:
        profile_from_data({"enterprise": {"name": "某公司"}, "ip_management": {"gbt29490": "certified"}})
    assert "贯标状态：应为以下之一：none（未贯标）" in info.value.problems[0].message
    set_lang("en")
    with pytest.raises(ProfileError) as info:
        profile_from_data({"enterprise": {"name": "某公司"}, "ip_management": {"gbt29490": "certified"}})
    assert info.value.problems[0].message.startswith("Input should be 'none', 'implementing'")


def test_json_errors_keep_their_keys(tmp_path) -> None:
    from click.testing import CliRunner

    from zhice.cli import cli

    bad = tmp_path / "bad.yaml"
    bad.write_text("enterprise:\n  name: 某公司\n  employees: abc\n", encoding="utf-8")
    import json

    res = CliRunner().invoke(cli, ["checkup", str(bad), "--format", "json"])
    assert res.exit_code == 2
    err = json.loads(res.stderr)
    assert err["error"] == "profile"
    (p,) = err["problems"]
    assert set(p) == {"code", "file", "line", "path", "message", "hint"}
    assert p["path"] == "enterprise.employees" and p["message"].startswith("从业人员数：应为整数")
    text = CliRunner().invoke(cli, ["checkup", str(bad)])
    assert "画像有误，共 1 个问题：" in text.stderr and "(invalid profile" not in text.stderr
    en = CliRunner().invoke(cli, ["checkup", str(bad), "--lang", "en"])
    assert "invalid profile, 1 problem:" in en.stderr and "Input should be a valid integer" in en.stderr


def test_set_values_and_unknown_keys_are_chinese(tmp_path) -> None:
    from click.testing import CliRunner

    from zhice.cli import cli
    from zhice.profile import parse_value

    micro = str(REPO / "profiles" / "examples" / "micro_software_startup.yaml")
    res = CliRunner().invoke(cli, ["checkup", micro, "--set", "ip.designs=many", "--set", "x"])
    assert res.exit_code == 2
    assert "外观设计专利数：应为整数，实为 'many'" in res.stderr and "--set 应写作 字段=值" in res.stderr, res.stderr
    en = CliRunner().invoke(cli, ["checkup", micro, "--set", "ip.designs=many", "--lang", "en"])
    assert "expected a whole number, found 'many'" in en.stderr and not CJK.search(en.stderr.split("many")[0]), en.stderr
    bad = tmp_path / "bad.yaml"
    bad.write_text("enterprise:\n  name: 某公司\nipr: {}\n", encoding="utf-8")
    res = CliRunner().invoke(cli, ["checkup", str(bad)])
    assert "没有顶层键 'ipr'" in res.stderr, res.stderr
    set_lang("zh")                       # worded where they are made: parse_value's own words
    for path, text, zh, en in (
            ("enterprise.revenue", "x", "应为数字（单位：万元），实为 'x'", "expected a number in 万元, found 'x'"),
            ("ip.designs", "many", "应为整数，实为 'many'", "expected a whole number, found 'many'"),
            ("ip_management.gbt29490", "y", "应为以下之一：none（未贯标）、implementing（正在贯标）",
             "expected one of none, implementing")):
        for lang, expected in (("zh", zh), ("en", en)):
            set_lang(lang)
            with pytest.raises(ValueError) as info:
                parse_value(path, text)
            assert str(info.value).startswith(expected), str(info.value)
    set_lang("en")
    res = CliRunner().invoke(cli, ["checkup", str(bad), "--lang", "en"])
    assert "unknown top-level key 'ipr'" in res.stderr and not CJK.search(res.stderr.split("'ipr'")[0]), res.stderr
