"""The words of rulebook problems (zhice.rulebook_words): every message in Chinese and in English with
the same values in it; JSON Schema's and PyYAML's reasons in Chinese; one language at a time.

The messages in place (each broken rulebook and each lint code, in both languages) are checked by
the fixture tests: tests/test_bad_inputs.py (tests/fixtures/bad_rulebooks) and tests/test_lint.py."""

from __future__ import annotations

import re
import string

import pytest

from zhice.errors import did_you_mean
from zhice.language import set_lang
from zhice.rulebook_words import WORDS, listed, say, schema_message, type_word, value_kind, yaml_reason
from zhice.yamlio import load_text

_CJK = re.compile(r"[\u4e00-\u9fff]")
# Chinese terms an English message may quote (the policy's own words)
_TERMS = ("文号", "信息不足", "门类", "工信部联企业〔2011〕300号")


def _fields(template: str) -> set[str]:
    return {name for _, name, _, _ in string.Formatter().parse(template) if name}


@pytest.mark.parametrize("key", sorted(WORDS))
def test_every_message_has_both_languages_with_the_same_values(key: str) -> None:
    zh, en = WORDS[key]
    assert _fields(zh) == _fields(en), key
    assert _CJK.search(zh), f"{key}: the Chinese words have no Chinese: {zh}"
    bare = en
    for term in _TERMS:
        bare = bare.replace(term, "")
    assert not _CJK.search(bare), f"{key}: the English words carry Chinese: {en}"


def test_say_follows_the_language_of_the_moment(lang: str) -> None:
    text = say("unknown-field", path="ip.x")
    assert text == ("unknown field 'ip.x'" if lang == "en" else "未知字段 'ip.x'")
    assert listed(["a", "b"]) == ("a, b" if lang == "en" else "a、b")
    assert listed([]) == ("(none)" if lang == "en" else "（无）")
    assert type_word("string") == ("string" if lang == "en" else "文本")
    assert value_kind("x") == ("str" if lang == "en" else "文本")


def test_did_you_mean_is_one_language_at_a_time(lang: str) -> None:
    hint = did_you_mean("wen", ["when", "title"])
    assert hint == ("did you mean when?" if lang == "en" else "您是否想写 when？")
    assert did_you_mean("zzz", ["when"]) is None


def test_json_schema_reasons_in_chinese_the_validators_words_in_english(lang: str) -> None:
    import jsonschema

    error = next(jsonschema.Draft202012Validator({"type": "object", "required": ["when"]}).iter_errors({}))
    said = schema_message(error)
    assert said == (error.message if lang == "en" else "缺少必填的键 'when'")
    error = next(jsonschema.Draft202012Validator({"enum": ["eq", "ne"]}).iter_errors("greater"))
    assert schema_message(error) == (error.message if lang == "en" else "'greater' 不是可选的值之一：eq、ne")
    error = next(jsonschema.Draft202012Validator({"type": "string"}).iter_errors(3))
    assert schema_message(error) == (error.message if lang == "en" else "3 的类型不对：应为 文本")
    error = next(jsonschema.Draft202012Validator({"minItems": 2}).iter_errors([1]))
    assert schema_message(error) == (error.message if lang == "en" else "列表至少要有 2 项")


@pytest.mark.parametrize("text,zh,en", [
    ("a: b: c\n", "此处不能写 “键: 值”", "mapping values are not allowed"),
    ("a: 'x\nb: 2\n", "读取带引号的文本时，文件意外结束", "while scanning a quoted scalar"),
    ("a:\n\tb: 1\n", "制表符 Tab", "found character that cannot start any token"),
    ("a: [1, 2\n", "找不到应有的 ',' 或 ']'", "did not find expected ',' or ']'"),
    ("a: 1\n---\nb: 2\n", "文件中应只有一个文档（去掉多余的 ---）", "expected a single document"),
])
def test_broken_yaml_is_explained_in_the_language_asked_for(text: str, zh: str, en: str, lang: str) -> None:
    (problem,) = load_text(text, "r.yaml").problems
    assert problem.code == "invalid-yaml" and problem.line
    if lang == "en":
        assert problem.message.startswith("not valid YAML: ") and en in problem.message
        assert not _CJK.search(problem.message + (problem.hint or ""))
    else:
        assert problem.message.startswith("不是有效的 YAML：") and zh in problem.message
        assert "while" not in problem.message and "found" not in problem.message


def test_an_unknown_parser_reason_is_marked_as_the_parsers_not_mixed_in() -> None:
    set_lang("zh")
    try:
        assert yaml_reason("while frobbing a node") == "（解析器：while frobbing a node）"
    finally:
        set_lang(None)


def test_duplicate_keys_in_both_languages(lang: str) -> None:
    (problem,) = load_text("a: 1\na: 2\n", "r.yaml").problems
    assert problem.code == "duplicate-key" and problem.line == 2 and problem.path == "a"
    assert problem.message == ("duplicate key 'a' (first defined on line 1)" if lang == "en"
                               else "键 'a' 重复（第一次出现在第 1 行）")
