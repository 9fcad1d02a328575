"""Words people read: Chinese first, English with ``--lang en``, from one place.

Statuses, criterion marks, labels for choice codes (``none`` → 未贯标), field titles instead of
dotted paths (``ip_management.system_running_since`` → 知识产权管理体系运行起始日), derived facts
with their rulebook titles and units, and the short messages of the command line. Everything
that renders for people (text, Markdown, HTML, the interview, whatif, diff) looks words up here.

The language of the moment and the labels of choice codes live in :mod:`zhice.language` (which
needs no profile, so the loaders can use it) and are re-exported here; the labels are filled from
the profile's field catalogue (``rulebooks/_meta/fields.yml``) in use.

Field titles come from the field catalogue too (:data:`zhice.profile.FIELDS`) and, for
derived facts, from the rulebooks that define them (:func:`derived_specs`); nothing here knows a
program id, a field, a threshold or policy wording.
"""

from __future__ import annotations

import datetime as dt
import math
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import Any, Literal

from zhice.language import CHOICE_LABELS, LANG_ENV, choice_label, current_lang, env_lang, pick, set_lang
from zhice.profile import FIELDS, FieldSpec

__all__ = [
    "CHOICE_LABELS",
    "CRITERION_LABELS",
    "LANGS",
    "LANG_ENV",
    "STATUS_LABELS",
    "DOMAIN_LABELS",
    "DerivedSpec",
    "Lang",
    "choice_code",
    "choice_label",
    "choices_text",
    "confidence_label",
    "current_lang",
    "derived_specs",
    "domain_label",
    "env_lang",
    "error_heading",
    "field_title",
    "message",
    "number_text",
    "pick",
    "set_lang",
    "status_label",
    "value_text",
]

Lang = Literal["zh", "en"]
LANGS: tuple[str, ...] = ("zh", "en")
STATUS_LABELS: dict[str, dict[str, str]] = {
    "zh": {"eligible": "符合", "gap": "存在差距", "not_applicable": "不适用", "insufficient_data": "信息不足",
           "achieved": "已获得"},
    "en": {"eligible": "eligible", "gap": "gap", "not_applicable": "not applicable",
           "insufficient_data": "insufficient data", "achieved": "achieved"},
}
CRITERION_LABELS: dict[str, dict[str, str]] = {
    "zh": {"met": "满足", "unmet": "未满足", "unknown": "未知"},
    "en": {"met": "met", "unmet": "unmet", "unknown": "unknown"},
}

_MESSAGES: dict[str, tuple[str, str]] = {
    "report.title": ("知策政策体检", "zhice policy checkup"),
    "report.as_of": ("评估日期", "as of"),
    "report.credit_code": ("统一社会信用代码", "credit code"),
    "report.summary": ("汇总", "summary"),
    "report.derived": ("推导事实", "derived facts"),
    "report.roadmap": ("先做这几步", "first steps"),
    "report.roadmap_all": ("行动路线图", "roadmap"),
    "report.roadmap_more": ("共 {n} 步，加 --detail 查看全部", "{n} steps in all; --detail shows them"),
    "report.unlocks": ("推进", "unlocks"),
    "report.range": ("未定（可能 {lo}–{hi}）", "open (possibly {lo}–{hi})"),
    "report.others": ("及另外 {n} 个项目", " and {n} other programs"),
    "report.gaps": ("差距", "gaps"),
    "report.missing": ("缺少信息", "missing"),
    "report.next": ("下一步", "next"),
    "report.gap_count": ("（{n} 项差距）", "({n} gaps)"),
    "report.more_hint": ("加 --detail 查看全部差距、步骤和依据", "--detail shows every gap, step and source"),
    "report.unverified": ("待核实", "to verify"),
    "report.notice": ("本项目的部分认定条件为知策依据公开资料推定，并非政策原文；结论仅供参考，请向主管部门核实。",
                      "Some criteria of this program were inferred by zhice from public material, not taken from "
                      "policy text; treat the result as a guide and check with the authority."),
    "report.unverified_note": ("【待核实】部分条件为知策依据公开资料推定，并非政策原文，请向主管部门核实。",
                               "Programs marked 'to verify' rest partly on criteria zhice inferred from public material, "
                               "not on policy text; check with the authority."),
    "report.source": ("依据", "sources"),
    "report.confidence": ("规则置信度", "confidence"),
    "report.score": ("得分", "score"),
    "report.need": ("需", "pass"),
    "report.scope": ("适用范围", "scope"),
    "report.whatif": ("假设变更（--set）", "what-if (--set)"),
    "report.whatif_none": ("没有项目的结论因此改变", "no program changes its status"),
    "report.matcher": ("匹配器", "matcher"),
    "report.rulebooks": ("规则库", "rulebooks"),
    "report.action": ("行动", "action"),
    "report.data": ("补充信息", "data"),
    "unknown": ("未填写", "not given"),
    "yes": ("是", "yes"),
    "no": ("否", "no"),
    "empty": ("（无）", "(none)"),
}

ERROR_KINDS: dict[str, tuple[str, str]] = {
    "profile": ("画像有误", "invalid profile"), "rulebook": ("规则库有误", "invalid rulebooks"),
    "usage": ("用法或输入有误", "usage"), "output": ("无法写入", "cannot write"),
    "evaluation": ("内部错误", "internal error"),
}

# the rulebooks' domains (their folders): code → (zh, en)
DOMAIN_LABELS: dict[str, tuple[str, str]] = {
    "cultivation": ("培育", "cultivation"), "protection": ("保护", "protection"), "utilization": ("运用", "utilization"),
    "recognition": ("认定", "recognition"), "overseas": ("海外", "overseas"), "standards": ("标准", "standards"),
    "trade_secrets": ("商业秘密", "trade secrets"), "brand": ("品牌", "brand"),
    "carried_over": ("上一规划延续", "carried over"), "derivations": ("推导", "derivations"),
}

CONFIDENCE_LABELS: dict[str, tuple[str, str]] = {
    "official": ("官方原文", "official"), "secondary": ("二手资料", "secondary"), "inferred": ("知策推定", "inferred"),
}


def _pick(pair: tuple[str, str], lang: str) -> str:
    return pair[1] if lang == "en" else pair[0]


def message(key: str, lang: str = "zh", **values: Any) -> str:
    """A short message of the user interface, filled with ``values`` (``{n}`` placeholders)."""
    text = _pick(_MESSAGES[key], lang)
    return text.format(**values) if values else text


def error_heading(kind: str, count: int, lang: str | None = None) -> str:
    """The first line of an error report: ``画像有误，共 3 个问题：`` (``invalid profile, 3
    problems:`` under ``--lang en``)."""
    zh, en = ERROR_KINDS.get(kind, ("错误", "error"))
    return pick(f"{zh}，共 {count} 个问题：", f"{en}, {count} problem{'s' if count != 1 else ''}:", lang)


def status_label(status: str, lang: str = "zh") -> str:
    return STATUS_LABELS["en" if lang == "en" else "zh"].get(status, status)


def domain_label(domain: str, lang: str = "zh") -> str:
    """The name of a rulebook domain (``utilization`` → 运用); an unknown domain is shown as is."""
    pair = DOMAIN_LABELS.get(domain)
    return _pick(pair, lang) if pair else domain


def confidence_label(confidence: str, lang: str = "zh") -> str:
    pair = CONFIDENCE_LABELS.get(confidence)
    return _pick(pair, lang) if pair else confidence


def choice_code(path: str, text: str) -> str | None:
    """The choice code a person's answer names: the code itself, or its Chinese or English label."""
    raw = text.strip()
    labels = CHOICE_LABELS.get(path, {})
    if raw in labels:
        return raw
    for code, (zh, en) in labels.items():
        if raw in (zh, en) or raw.lower() == en.lower():
            return code
    return None


def choices_text(path: str, choices: tuple[str, ...], lang: str = "zh") -> str:
    """Numbered choices for a prompt: ``1) 未贯标 / 2) 正在贯标 …``."""
    return " / ".join(f"{i}) {choice_label(path, c, lang)}" for i, c in enumerate(choices, 1))


@dataclass(frozen=True)
class DerivedSpec:
    """What a person needs to read a derived fact: its title, unit and type, and whether a
    derivation rulebook (a shared fact such as the SME size) or a program (a score) defines it."""

    title: str
    unit: str | None
    type: str
    shared: bool


def derived_specs(compiled: Any) -> dict[str, DerivedSpec]:
    """``{fact name without "derived.": DerivedSpec}`` from a compiled rulebook set."""
    kinds = {b.id: b.kind for b in compiled.rulebooks.books}
    out: dict[str, DerivedSpec] = {}
    for o in compiled.outputs:
        name = o.fact.split(".", 1)[1] if o.fact.startswith("derived.") else o.fact
        out[name] = DerivedSpec(o.title or name, o.unit, o.type, kinds.get(o.book_id) == "derivation")
    return out


def field_title(path: str, lang: str = "zh", derived: Mapping[str, DerivedSpec] | None = None) -> str:
    """The Chinese title of a profile field or derived fact; its dotted path in English (no
    English titles are catalogued) or when the field is not known."""
    if lang == "en":
        return path
    spec = FIELDS.get(path)
    if spec is not None:
        return spec.title
    if path.startswith("derived.") and derived:
        d = derived.get(path[len("derived."):])
        if d is not None:
            return d.title
    return path


def number_text(value: float | int) -> str:
    """2.0 → 2, 3.4689 → 3.47, 1e6 → 1000000."""
    if isinstance(value, float):
        if not math.isfinite(value):
            return str(value)
        if value.is_integer():
            return str(int(value))
        return f"{value:.2f}".rstrip("0").rstrip(".")
    return str(value)


def value_text(path: str, value: Any, lang: str = "zh", unit: str | None = None,
               spec_of: Callable[[str], FieldSpec | None] | None = None) -> str:
    """A value as a person reads it: unknown stays unknown, 是/否, choice labels, units after numbers."""
    if value is None:
        return message("unknown", lang)
    if isinstance(value, bool):
        return message("yes" if value else "no", lang)
    if isinstance(value, (list, tuple)):
        return "、".join(str(v) for v in value) if value else message("empty", lang)
    if isinstance(value, dt.date):
        return value.isoformat()
    if path in CHOICE_LABELS:
        return choice_label(path, value, lang)
    spec = FIELDS.get(path) or (spec_of(path) if spec_of else None)
    unit = unit if unit is not None else (spec.unit if spec else None)
    if isinstance(value, (int, float)):
        text = number_text(value)
        if unit:
            return f"{text}{unit}" if unit == "%" else f"{text} {unit}"
        return text
    return str(value)
