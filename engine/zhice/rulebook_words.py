"""The words of rulebook problems — loading (:mod:`zhice.yamlio`, :mod:`zhice.rulebook`), compiling
(:mod:`zhice.compiler`) and ``zhice lint`` (:mod:`zhice.lint`, :mod:`zhice.lint_sources`).

Policy staff write rulebooks, so every message and hint is Chinese first, English under ``--lang
en`` / ``ZHICE_LANG=en`` (:func:`zhice.language.current_lang`, read when the problem is made). One
language at a time: keys, ids, field paths, operators and values stay as the author wrote them in
the YAML, whichever the language. Problem codes, places and JSON keys do not change with it.

:data:`WORDS` maps a key to its (Chinese, English) template, filled by :func:`say` with
``str.format`` (``{value!r}`` quotes a value as YAML-ish Python repr, as before).
"""

from __future__ import annotations

import errno
from collections.abc import Iterable
from typing import Any

from zhice.language import current_lang, written_in

__all__ = ["WORDS", "TYPE_WORDS", "listed", "model_message", "none_word", "os_reason", "python_reason", "say", "schema_message", "type_word", "value_kind", "yaml_reason"]


def _en() -> bool:
    return current_lang() == "en"


# key → (zh, en)
WORDS: dict[str, tuple[str, str]] = {
    # -- YAML (zhice.yamlio)
    "merge-key": ("不支持 YAML 合并键（<<）", "YAML merge keys (<<) are not supported"),
    "merge-key.hint": ("把各个键完整写出来", "write the keys out in full"),
    "bad-key": ("键必须是文本，实为 {key!r}", "a key must be text, found {key!r}"),
    "bad-key.hint": ("把键写成普通文本", "write the key as plain text"),
    "duplicate-key": ("键 '{key}' 重复（第一次出现在第 {first} 行）", "duplicate key '{key}' (first defined on line {first})"),
    "duplicate-key.hint": ("删去其中一项；YAML 会悄悄只保留最后一项",
                           "remove one of the two entries; YAML would silently keep only the last"),
    "invalid-yaml": ("不是有效的 YAML：{reason}", "not valid YAML: {reason}"),
    "invalid-yaml.hint": ("检查缩进，以及每个 “键: 值” 的冒号后有一个空格",
                          "check indentation and that every 'key: value' has a space after the colon"),
    "invalid-yaml.text": ("检查文件是 YAML 或 JSON 文本", "check that the file is YAML or JSON text"),
    "unreadable": ("无法读取文件：{reason}", "cannot read file: {reason}"),
    "unreadable.hint": ("检查路径", "check the path"),
    "unreadable.open": ("检查路径和读取权限", "check the path and its permissions"),
    "bad-encoding": ("文件不是 UTF-8 编码（第 {at} 个字节：{reason}）", "file is not UTF-8 ({reason} at byte {at})"),
    "bad-encoding.hint": ("把文件另存为 UTF-8", "save the file as UTF-8"),
    # -- the shape of a rulebook (zhice.rulebook)
    "not-a-mapping": ("规则库必须是映射（id:、kind:、title: …）", "a rulebook must be a mapping (id:, kind:, title: …)"),
    "not-a-mapping.hint": ("文件以 'schema_version: 1' 和 'id: …' 两行开头",
                           "start the file with 'schema_version: 1' and 'id: …' lines"),
    "unknown-key": ("不认识的键 {keys}", "unexpected key(s) {keys}"),
    "allowed-keys": ("可用的键：{keys}", "allowed keys: {keys}"),
    "missing-key.hint": ("补上这个键（见 `zhice schema rulebook`）", "add the key (see `zhice schema rulebook`)"),
    "schema.hint": ("这个键可以写什么，见 `zhice schema rulebook`", "see `zhice schema rulebook` for what this key takes"),
    "invalid.hint": ("规则库的结构见 `zhice schema rulebook`", "see `zhice schema rulebook` for the shape of a rulebook"),
    "no-rulebooks.dir": ("找不到规则库目录：{root}", "rulebook directory not found: {root}"),
    "no-rulebooks.dir.hint": ("用 --rulebooks DIR 指定，或设置 ZHICE_RULEBOOKS", "pass --rulebooks DIR or set ZHICE_RULEBOOKS"),
    "no-rulebooks.none": ("{root} 下没有 *.yaml 规则库", "no *.yaml rulebooks under {root}"),
    "duplicate-book": ("规则库 id '{id}' 也在 {where} 中定义", "rulebook id '{id}' is also defined in {where}"),
    "own-id.hint": ("每个规则库用自己的 id", "every rulebook needs its own id"),
    "id-filename": ("规则库 id '{id}' 与文件名 '{name}' 不一致", "rulebook id '{id}' does not match its file name '{name}'"),
    "id-filename.hint": ("把文件改名为 {id}.yaml", "rename the file to {id}.yaml"),
    "arith-one": ("算术表达式只能写 add、sub、mul、div 中的一个",
                  "an arithmetic expression needs exactly one of add, sub, mul, div"),
    "compare-one": ("比较只能写 'field' 或 'ratio' 中的一个", "a comparison needs exactly one of 'field' or 'ratio'"),
    "exists-value": ("'exists' 不带 value，或只写 true/false", "'exists' takes no value, or true/false"),
    "needs-value": ("运算符 '{op}' 需要 'value'", "operator '{op}' needs a 'value'"),
    "output-one": ("输出只能写 'cases' 或 'compute' 中的一个", "an output needs exactly one of 'cases' or 'compute'"),
    "enum-values": ("enum 输出需要写 'values'", "an enum output needs its 'values'"),
    "derivation-outputs": ("derivation 需要 'outputs'", "a derivation needs 'outputs'"),
    "derivation-only": ("derivation 只有 outputs，不写 scope、criteria 或 held_when",
                        "a derivation has outputs only, no scope, criteria or held_when"),
    "needs-criterion": ("{kind} 至少需要一条 criteria", "a {kind} needs at least one criterion"),
    "checklist-pass": ("checklist 需要 'pass_score'", "a checklist needs 'pass_score'"),
    # -- compiling (zhice.compiler)
    "unknown-field": ("未知字段 '{path}'", "unknown field '{path}'"),
    "derived-facts": ("已有的推导事实：{names}", "derived facts: {names}"),
    "field-list": ("字段列表见 `zhice schema profile`", "see `zhice schema profile` for the field list"),
    "unknown-param": ("未知参数 '{name}'", "unknown parameter '{name}'"),
    "parameters": ("已有参数：{names}", "parameters: {names}"),
    "param-not-in-force": ("参数 '{name}' 在 {day} 没有生效的取值", "parameter '{name}' has no value in force on {day}"),
    "param-not-in-force.hint": ("它的第一个取值从 {first} 起生效", "its first value starts {first}"),
    "in-list": ("'{op}' 需要一个非空的取值列表，实为 {value!r}", "'{op}' needs a non-empty list of values, found {value!r}"),
    "startswith": ("'startswith' 用文本前缀比较文本字段；{path} 是{type}，取值 {value!r}",
                   "'startswith' compares text fields with text prefixes; {path} is {type}, value {value!r}"),
    "contains": ("'contains' 需要列表字段和一个文本值；{path} 是{type}，取值 {value!r}",
                 "'contains' needs a list field and a text value; {path} is {type}, value {value!r}"),
    "intersects": ("'intersects' 需要列表字段和一个非空的文本值列表；{path} 是{type}，取值 {value!r}",
                   "'intersects' needs a list field and a non-empty list of text values; {path} is {type}, value {value!r}"),
    "compared-with": ("{path}（{title}）是{expected}，但规则拿它与 {value!r}（{kind}）比较",
                      "{path} ({title}) is {expected}, but the rule compares it with {value!r} ({kind})"),
    "write-here": ("这里写{expected}", "write {expected} here"),
    "a-number": ("数字", "a number"),
    "true-false": ("true 或 false", "true or false"),
    "a-date": ("日期（YYYY-MM-DD）", "a date (YYYY-MM-DD)"),
    "text": ("文本", "text"),
    "one-of": ("{path} 只能取 {choices} 之一；实为 {value!r}", "{path} takes one of {choices}; found {value!r}"),
    "is-list": ("{path} 是列表；请用 'contains' 或 'exists' 比较", "{path} is a list; compare it with 'contains' or 'exists'"),
    "cannot-compare": ("不能比较 {path}（{type}）与 {other}（{other_type}）",
                       "cannot compare {path} ({type}) with {other} ({other_type})"),
    "div": ("'div' 只能除以不为零的数", "'div' divides by a non-zero number only"),
    "div.hint": ("要比较两个字段的占比，用 ratio: [分子, 分母]",
                 "to compare a share of two fields, use ratio: [numerator, denominator]"),
    "arith-number": ("算术的结果是数字；{path} 是{type}", "arithmetic gives a number; {path} is {type}"),
    "score-number": ("分值是数字；{path}（{title}）是{type}", "a score is a number; {path} ({title}) is {type}"),
    "score-adds": ("分值只能把数字相加；{path}（{title}）是{type}", "a score adds numbers; {path} ({title}) is {type}"),
    "score-adds.hint": ("在某一档的 when: 中比较它，再给这一档分值", "compare it in a band's when: and give the band its points"),
    "points": ("分值应为数字、[下限, 上限]、{{param: …}}、数值字段或分值；实为 {value!r}",
               "points are a number, [low, high], {{param: …}}, a numeric field or a score; found {value!r}"),
    "write-number": ("这里写一个数字", "write a number here"),
    "arith-needs": ("算术只能用数字或日期；{path} 是{type}", "arithmetic needs numbers or dates; {path} is {type}"),
    "ratio-numeric": ("ratio 需要两个数值字段；实为 {num}（{t1}）和 {den}（{t2}）",
                      "a ratio needs two numeric fields; got {num} ({t1}) and {den} ({t2})"),
    "ratio-score": ("分值不能放进 ratio", "a score cannot be part of a ratio"),
    "ratio-score.hint": ("直接用 gte/lte … 比较分值本身", "compare the score itself with gte/lte …"),
    "ratio-op": ("ratio 只能用 gt/gte/lt/lte 比较，不能用 '{op}'", "a ratio is compared with gt/gte/lt/lte, not '{op}'"),
    "ratio-profile": ("ratio 的两个字段都必须是企业档案的字段", "a ratio's two fields must both be profile fields"),
    "score-op": ("{path} 是分值（一个数字，资料不全时是总分的范围）；请用 {ops} 与数字比较，不能用 '{op}'",
                 "{path} is a score (a number, or a range of totals while data is missing); "
                 "compare it with {ops} and a number, not '{op}'"),
    "ordering": ("'{op}' 需要数字或日期；{path}（{title}）是{type}", "'{op}' needs a number or a date; {path} ({title}) is {type}"),
    "ordering.hint": ("文本、true/false 和选项请用 eq / ne / in", "use eq / ne / in for text, true/false and choices"),
    "list-op": ("'{op}' 需要列表字段；{path} 是{type}", "'{op}' needs a list field; {path} is {type}"),
    "list-op.hint": ("请用 eq 或 in", "use eq or in"),
    "score-value": ("{path} 是分值：请与数字或 {{param: …}} 比较", "{path} is a score: compare it with a number or {{param: …}}"),
    "score-value.hint": ("分值与固定的门槛比较", "a score is compared with a constant threshold"),
    "mixed-compare": ("一个比较只能读企业档案字段或一个推导事实，不能两者都读",
                      "a comparison may read profile fields or one derived fact, not both"),
    "mixed-compare.hint": ("把推导事实放在单独的分支里与常数比较", "compare the derived fact with a constant in its own branch"),
    "unknown-source": ("来源 '{id}' 不在本规则库的 sources 中", "source '{id}' is not in this rulebook's sources"),
    "sources": ("已有来源：{names}", "sources: {names}"),
    "unknown-program": ("前置项目 '{id}' 不是规则库", "prerequisite '{id}' is not a rulebook"),
    "mixed-branch": ("这个条件在顶层以下混用了推导事实和企业档案字段",
                     "this condition mixes a derived fact with profile fields below the top level"),
    "mixed-branch.hint": ("把每个推导事实放在顶层 all/any 的单独分支里", "put each derived fact in its own branch of the top-level all/any"),
    "duplicate-fact": ("推导事实 '{fact}' 也由 {other} 产生", "derived fact '{fact}' is also produced by {other}"),
    "mixed-case": ("一个 case 条件只能读企业档案字段或一个推导事实，不能两者都读",
                   "a case condition reads profile fields or one derived fact, not both"),
    "mixed-case.hint": ("先推导一个中间事实", "derive an intermediate fact first"),
    "computed-type": ("计算型输出必须是 number 或 integer", "a computed output must be a number or integer"),
    "mixed-compute": ("计算型输出只能读企业档案字段或一个推导事实", "a computed output reads profile fields or one derived fact"),
    "mixed-compute.hint": ("分值（points / sum / max / min）可以读多个", "a score (points / sum / max / min) may read several"),
    "derivation-cycle": ("推导事实互相依赖，形成循环：{chain}", "derived facts depend on each other in a cycle: {chain}"),
    "duplicate-element": ("{part} id '{id}' 在本规则库中用了两次", "{part} id '{id}' is used twice in this rulebook"),
    # -- lint (zhice.lint)
    "never-met": ("{test} 永远不成立", "{test} can never hold"),
    "never-fails": ("{test} 永远成立", "{test} can never fail"),
    "all-contradicts": ("all 中对 {fields} 的比较互相矛盾，条件永远不能满足",
                        "contradictory comparisons on {fields} in all: can never be met"),
    "any-covers": ("any 中对 {fields} 的比较覆盖了所有取值，条件永远成立",
                   "comparisons on {fields} in any cover every value: can never fail"),
    "check-thresholds": ("检查比较方向与阈值", "check the operators and thresholds"),
    "all.hint": ("all 要求每一项同时成立；检查比较方向与阈值", "all needs every item at once: check the operators and thresholds"),
    "any.hint": ("any 只要一项成立即可；检查比较方向与阈值", "any holds when one item does: check the operators and thresholds"),
    "band": ("{fact} 第 {n} 档：{message}", "{fact} band {n}: {message}"),
    "band-unreachable": ("{fact} 第 {n} 档永远得不到分：前面的档已覆盖它的条件",
                         "{fact} band {n} can never give its points: an earlier band holds whenever it does"),
    "band-unreachable.hint": ("按从高到低的顺序排列各档", "order the bands best first"),
    "source-twice": ("来源 id '{id}' 在本规则库中用了两次", "source id '{id}' is used twice in this rulebook"),
    "source-twice.hint": ("第一次在 sources.{first}", "first at sources.{first}"),
    "official-no-reference": ("官方来源 '{id}' 既没有 url 也没有文号", "official source '{id}' has neither a url nor a document number (文号)"),
    "official-no-reference.hint": ("写上 url:，或把文号写进 document:（如 工信部联企业〔2011〕300号）",
                                   "add url: or write the 文号 into document: (e.g. 工信部联企业〔2011〕300号)"),
    "scope-and-criterion": ("id '{id}' 既是 scope 条件又是 criteria 条件", "id '{id}' names both a scope condition and a criterion"),
    "scope-and-criterion.hint": ("每个条件用自己的 id", "give each element its own id"),
    "no-source": ("{part} '{id}' 没有注明来源", "{part} '{id}' cites no source"),
    "no-source.hint": ("加上 source: <sources 中一项的 id>", "add source: <id of an entry in sources>"),
    "expired": ("effective.to {to} 已经过去（{as_of}）", "effective.to {to} is already past ({as_of})"),
    "expired.hint": ("政策已延续就更新日期，否则删去这个规则库", "update the dates if the measure was renewed, or remove the rulebook"),
    "stale-review": ("最后复核于 {day}，距 {as_of} 已超过一年", "last reviewed {day}, more than a year before {as_of}"),
    "stale-review.hint": ("重新核对来源，并更新 last_reviewed", "re-check the sources and set last_reviewed"),
    "no-feature": ("没有 feature 文件 {file}", "no feature file {file}"),
    "no-feature.hint": ("为这个项目写 Gherkin 场景（zhice verify）", "write Gherkin scenarios for this program (zhice verify)"),
    "unused-param": ("参数 '{name}' 没有被用到", "parameter '{name}' is never used"),
    "prerequisite-cycle": ("项目互为前置：{chain}", "programs require each other: {chain}"),
    "prerequisite-cycle.hint": ("前置项目不能绕回自身；去掉其中一环", "a prerequisite must be reachable without itself; remove one link"),
    "no-such-path": ("没有这个文件或目录：{path}", "no such file or directory: {path}"),
    "no-such-path.hint": ("给出规则库目录或一个规则库 .yaml 文件", "pass a rulebooks directory or a rulebook .yaml file"),
    # -- lint: citations and missing data (zhice.lint_sources)
    "domains-list": ("'{key}' 必须是 {{domain: …}} 条目的列表", "'{key}' must be a list of {{domain: …}} entries"),
    "domains-entry": ("{key}[{i}] 需要写 'domain: 域名'", "{key}[{i}] needs 'domain: host.name'"),
    "url-scheme": ("'{url}' 不是 http(s) 地址", "'{url}' is not an http(s) address"),
    "url-scheme.hint": ("写完整的地址 https://…", "write the full address, https://…"),
    "blocked-domain": ("{host} 对这项政策没有权威性（{hit} 已被列入禁用名单）", "{host} has no standing for the policy ({hit} is blocked)"),
    "blocked-domain.hint": ("删去它：引用发文机关的网页，或只写文件不附链接",
                            "remove it: cite the issuer's page, or the document without a link"),
    "official-off-domain": ("官方来源 '{id}' 链接到 {host}，它不是发文机关的域名",
                            "official source '{id}' links to {host}, which is not an issuer's domain"),
    "official-off-domain.hint": ("url: 只写发文机关自己的网页（见 rulebooks/_meta/domains.yml）；转载放进 read_at，"
                                 "只读过转载的来源写 confidence: secondary",
                                 "url: the issuer's own page (see rulebooks/_meta/domains.yml); move a repost to read_at, "
                                 "and if only a repost was read the source is secondary"),
    "url-not-issuer": ("来源 '{id}' 链接到 {host}，它不是发文机关的域名", "source '{id}' links to {host}, which is not an issuer's domain"),
    "url-not-issuer.hint": ("把地址移到 read_at：url 只写发文机关自己的网页",
                            "move the address to read_at: url is only for the issuer's own page"),
    "unknown-as-unmet": ("{part} '{id}' 检查 {field} 是否填写：不填它的档案会得到确定的结论，而不是信息不足",
                         "{part} '{id}' tests whether {field} is filled in: a profile that leaves it out gets a definite "
                         "answer instead of 信息不足"),
    "unknown-as-unmet.hint": ("删去 exists 检查：缺少字段本来就使条件不确定（填报资料从来不是政策条件）；"
                              "“已提供”的检查放进 outputs 或 held_when",
                              "remove the exists test: a missing field already makes the condition unknown "
                              "(data entry is never a policy condition); put a 'given' test in outputs or held_when"),
    "dated-overlap": ("{part} '{id}' 有两个版本在同一天生效（{part}.{j} 和 {part}.{i}）",
                      "{part} '{id}' has two versions in force on the same days ({part}.{j} and {part}.{i})"),
    "dated-overlap.hint": ("旧版本在新版本开始的前一天结束（effective.to / effective.from）",
                           "end the old version the day before the new one starts (effective.to / effective.from)"),
    "successor-unknown": ("effective.successor '{name}' 不是本规则库集合中的另一个规则库",
                          "effective.successor '{name}' is not another rulebook of this set"),
    "successor-unknown.hint": ("写上接替它的规则库的 id", "name the id of the rulebook that replaces this one"),
    "successor-no-end": ("写了 effective.successor '{name}'，但本规则库没有 effective.to",
                         "effective.successor '{name}' is named but this rulebook has no effective.to"),
    "successor-no-end.hint": ("写上本规则库适用的最后一天（effective.to）", "give the last day this rulebook applies (effective.to)"),
    "successor-gap": ("接替的 '{name}' 从 {start} 起生效，不是 {to} 的次日", "successor '{name}' starts {start}, not the day after {to}"),
    "successor-gap.hint": ("接替者的 effective.from 是本规则库 effective.to 的次日",
                           "the successor's effective.from is the day after this rulebook's effective.to"),
}

#: a field's type in words (the catalogue's type names; English keeps the names)
TYPE_WORDS: dict[str, str] = {"string": "文本", "integer": "整数", "number": "数字", "boolean": "是/否", "date": "日期",
                              "enum": "选项", "list": "列表"}
#: what a YAML value is, by its Python type (English keeps the Python name)
_VALUE_KINDS = {"str": "文本", "int": "整数", "float": "数字", "bool": "true/false", "list": "列表", "dict": "映射",
                "NoneType": "空值", "date": "日期", "datetime": "日期时间"}


def say(_key: str, /, **values: Any) -> str:
    """The words of ``_key`` in the language of the moment, filled with ``values``."""
    zh, en = WORDS[_key]
    return (en if _en() else zh).format(**values)


def type_word(ftype: str) -> str:
    """A field type as a message names it: 文本 / 整数 … (the type's name in English)."""
    return ftype if _en() else TYPE_WORDS.get(ftype, ftype)


def value_kind(value: Any) -> str:
    """What kind of value the author wrote: 文本 / 整数 … (Python's type name in English)."""
    name = type(value).__name__
    return name if _en() else _VALUE_KINDS.get(name, name)


def listed(items: Iterable[Any]) -> str:
    """Items joined as the language lists them (、 or , ); （无） / (none) for none."""
    names = [str(i) for i in items]
    if not names:
        return none_word()
    return ", ".join(names) if _en() else "、".join(names)


_OS_ZH = {errno.ENOENT: "没有这个文件", errno.EACCES: "没有读取权限", errno.EPERM: "没有读取权限",
          errno.EISDIR: "这是一个文件夹", errno.ENOTDIR: "路径中有一段不是文件夹", errno.ELOOP: "符号链接绕成了循环",
          errno.ENAMETOOLONG: "文件名太长", errno.EIO: "读写出错"}


def os_reason(exc: OSError) -> str:
    """Why the system refused a file, in the language of the moment (the system's words under en)."""
    text = exc.strerror or str(exc)
    return text if _en() else _OS_ZH.get(exc.errno or 0, text)


# Python's reasons for a value YAML cannot build (an impossible date)
_PYTHON_ZH = {"day is out of range for month": "该月没有这一天", "month must be in 1..12": "月份应为 1 到 12",
              "year 0 is out of range": "年份不能为 0"}


def python_reason(text: str) -> str:
    """Why Python could not build a value (2021-02-30), in the language of the moment."""
    return text if _en() else _PYTHON_ZH.get(text, text)


def none_word() -> str:
    return "(none)" if _en() else "（无）"


# PyYAML's reasons, in Chinese (the most common ones; the parser's own words otherwise)
_YAML_ZH = {
    "mapping values are not allowed in this context": "此处不能写 “键: 值”",
    "mapping values are not allowed here": "此处不能写 “键: 值”",
    "could not find expected ':'": "找不到应有的冒号 ':'",
    "did not find expected key": "找不到应有的键",
    "did not find expected '-' indicator": "找不到应有的 '-'",
    "did not find expected ',' or ']'": "找不到应有的 ',' 或 ']'",
    "did not find expected ',' or '}'": "找不到应有的 ',' 或 '}'",
    "did not find expected node content": "找不到应有的内容",
    "while scanning for the next token": "读取下一项时",
    "while scanning an alias": "读取别名（*名称）时",
    "while scanning an anchor": "读取锚点（&名称）时",
    "while parsing a block node": "读取内容时",
    "while parsing a flow node": "读取内容时",
    "but found another document": "",
    "found character that cannot start any token": "有一个字符不能作为内容的开头（常见于制表符 Tab）",
    "found undefined alias": "引用了未定义的别名（*名称）",
    "found unexpected end of stream": "文件意外结束（引号或括号没有闭合？）",
    "found unknown escape character": "有未知的转义字符",
    "while scanning a simple key": "读取一个键时",
    "while scanning a quoted scalar": "读取带引号的文本时",
    "while parsing a block mapping": "读取一个映射时",
    "while parsing a block collection": "读取一个列表时",
    "while parsing a flow mapping": "读取 {…} 映射时",
    "while parsing a flow sequence": "读取 […] 列表时",
    "expected ',' or '}', but got": "应为 ',' 或 '}'",
    "expected ',' or ']', but got": "应为 ',' 或 ']'",
    "expected <block end>, but found": "缩进不对齐",
    "expected a single document in the stream": "文件中应只有一个文档（去掉多余的 ---）",
}


def yaml_reason(*parts: str | None) -> str:
    """PyYAML's context and problem, Chinese where they are known (the parser's words under en)."""
    words = [p for p in parts if p]
    if _en():
        return " ".join(words)
    out = []
    for w in words:
        key = next((k for k in _YAML_ZH if w.startswith(k)), None)
        out.append(_YAML_ZH[key] if key is not None else f"（解析器：{w}）")
    return "，".join(w for w in out if w)


# JSON Schema's validators, in Chinese: validator → template over the error's instance and value
_SCHEMA_ZH = {
    "required": "缺少必填的键 {missing}",
    "enum": "{instance!r} 不是可选的值之一：{choices}",
    "const": "这里只能写 {value!r}",
    "type": "{instance!r} 的类型不对：应为 {types}",
    "minItems": "列表至少要有 {value} 项",
    "maxItems": "列表最多只能有 {value} 项",
    "minLength": "文本不能短于 {value} 个字符",
    "maxLength": "文本不能长于 {value} 个字符",
    "minimum": "{instance!r} 小于最小值 {value}",
    "maximum": "{instance!r} 大于最大值 {value}",
    "exclusiveMinimum": "{instance!r} 应大于 {value}",
    "exclusiveMaximum": "{instance!r} 应小于 {value}",
    "pattern": "{instance!r} 不符合格式 {value}",
    "format": "{instance!r} 不是有效的 {value}",
    "uniqueItems": "列表中有重复的项",
}
_JSON_TYPES = {"string": "文本", "integer": "整数", "number": "数字", "boolean": "true/false", "array": "列表",
               "object": "映射", "null": "空值"}


def schema_message(error: Any) -> str:
    """A JSON Schema validation error (``jsonschema.ValidationError``) in the language of the moment."""
    template = None if _en() else _SCHEMA_ZH.get(error.validator)
    if template is None:
        return error.message if _en() else f"不符合规则库的格式（{error.validator}：{error.validator_value!r}）"
    value = error.validator_value
    missing = ""
    if error.validator == "required" and isinstance(error.instance, dict):
        missing = "、".join(repr(k) for k in value if k not in error.instance)
    types = value if isinstance(value, list) else [value]
    return template.format(instance=error.instance, value=value, missing=missing,
                           choices="、".join(str(v) for v in value) if isinstance(value, list) else value,
                           types=" 或 ".join(_JSON_TYPES.get(str(t), str(t)) for t in types))


def model_message(err: Any) -> str:
    """A pydantic error of a rulebook: the models' own checks say it in the language of the moment
    already (their ``ValueError``); pydantic's words by type in Chinese (:data:`zhice.values.PYDANTIC_ZH`)."""
    msg = str(err["msg"]).removeprefix("Value error, ")
    if err["type"] == "value_error" or _en():
        return msg
    from zhice.values import PYDANTIC_ZH

    template = PYDANTIC_ZH.get(err["type"])
    if template is None:
        return msg if written_in(msg) == "zh" else f"取值无效（{err['type']}）"
    try:
        return template.format(**err.get("ctx", {}))
    except (KeyError, IndexError, ValueError):
        return template

