"""The enterprise profile (contract v1): pydantic models, loading, the typed field registry.

Every field is optional except ``enterprise.name``; an absent field is *unknown*, never zero or
false. Unknown keys are rejected with a "did you mean". The field registry :data:`FIELDS` is the
typed context the rulebook compiler resolves every field reference against, and the source of
the CSV/XLSX column names (dotted path or Chinese title).
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import re
import types
import typing
from collections.abc import Mapping
from dataclasses import dataclass
from enum import Enum
from pathlib import Path
from typing import Annotated, Any, Literal

from pydantic import BaseModel, ConfigDict, Field, ValidationError, field_validator

from zhice.errors import Problem, ProfileError, did_you_mean
from zhice.yamlio import Loaded, load_file

__all__ = [
    "FIELDS",
    "FieldSpec",
    "Profile",
    "check_credit_code",
    "load_profile",
    "parse_value",
    "profile_from_data",
    "profile_from_fields",
    "resolve_field_name",
]

SCHEMA_VERSION = 1

Count = Annotated[int | None, Field(default=None, ge=0)]
Money = Annotated[float | None, Field(default=None, ge=0)]
Percent = Annotated[float | None, Field(default=None, ge=0, le=100)]
Flag = Annotated[bool | None, Field(default=None)]


def _f(title: str, unit: str | None = None, **kw: Any) -> Any:
    extra = {"unit": unit} if unit else None
    return Field(default=None, title=title, json_schema_extra=extra, **kw)


class _Section(BaseModel):
    model_config = ConfigDict(extra="forbid", validate_assignment=True, frozen=True)


_CREDIT_CHARS = "0123456789ABCDEFGHJKLMNPQRTUWXY"
_CREDIT_WEIGHTS = (1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28)


def check_credit_code(code: str) -> str | None:
    """Validate a 统一社会信用代码 (GB 32100-2015). Return None if valid, else the reason.

    >>> check_credit_code("91330106MA2GL3LQ8X") is None
    False
    >>> check_credit_code("91350100M000100Y43") is None
    True
    """
    if len(code) != 18:
        return f"must be 18 characters, found {len(code)}"
    bad = [c for c in code if c not in _CREDIT_CHARS]
    if bad:
        return f"contains characters not allowed in a credit code: {''.join(sorted(set(bad)))} (I, O, Z, S, V are never used)"
    total = sum(_CREDIT_CHARS.index(c) * w for c, w in zip(code[:17], _CREDIT_WEIGHTS, strict=True))
    expected = _CREDIT_CHARS[(31 - total % 31) % 31]
    if code[17] != expected:
        return f"check digit is '{code[17]}', but the first 17 characters give '{expected}'"
    return None


class IpoStage(str, Enum):
    none = "none"
    counselling = "counselling"
    filed = "filed"
    listed = "listed"


class RdInstitution(str, Enum):
    none = "none"
    municipal = "municipal"
    provincial = "provincial"
    national = "national"


class MainProductRole(str, Enum):
    """专精特新评价“主导产品所属领域”: 补短板、锻长板、填空白 / 工业“六基”、中华老字号或为龙头企业配套 / 其他."""

    none = "none"
    supporting = "supporting"
    chain_key = "chain_key"


class Gbt29490Status(str, Enum):
    none = "none"
    implementing = "implementing"
    certified_2013 = "certified_2013"
    certified_2023 = "certified_2023"


class Enterprise(_Section):
    name: str = Field(title="企业名称", min_length=1)
    credit_code: str | None = _f("统一社会信用代码")
    province: str | None = _f("注册省份")
    city: str | None = _f("注册城市")
    district: str | None = _f("注册区县")
    registered_on: dt.date | None = _f("成立日期")
    industry: str | None = _f("行业代码", pattern=r"^[A-T](\d{2,4})?$")
    employees: int | None = _f("从业人员数", "人", ge=0)
    tech_staff: int | None = _f("科技人员数", "人", ge=0)
    rd_staff: int | None = _f("研发人员数", "人", ge=0)
    revenue: float | None = _f("营业收入", "万元", ge=0)
    revenue_prev: float | None = _f("上年营业收入", "万元", ge=0)
    revenue_prev2: float | None = _f("前年营业收入", "万元", ge=0)
    main_business_share: float | None = _f("主营业务收入占比", "%", ge=0, le=100)
    total_assets: float | None = _f("资产总额", "万元", ge=0)
    total_costs: float | None = _f("成本费用总额", "万元", ge=0)
    debt_ratio: float | None = _f("资产负债率", "%", ge=0)
    net_profit_margin: float | None = _f("净利润率", "%")
    rd_expense: float | None = _f("研发费用", "万元", ge=0)
    rd_expense_prev: float | None = _f("上年研发费用", "万元", ge=0)
    rd_expense_3y: float | None = _f("近三年研发费用合计", "万元", ge=0)
    revenue_3y: float | None = _f("近三年营业收入合计", "万元", ge=0)
    rd_domestic_share: float | None = _f("境内研发费用占比", "%", ge=0, le=100)
    high_tech_income_share: float | None = _f("高新技术产品收入占比", "%", ge=0, le=100)
    export_revenue: float | None = _f("出口额", "万元", ge=0)
    equity_financing_2y: float | None = _f("近两年新增股权融资", "万元", ge=0)
    in_strategic_emerging: bool | None = _f("主导产品属战略性新兴产业")
    in_key_high_tech_fields: bool | None = _f("属国家重点支持的高新技术领域")
    years_in_niche: float | None = _f("从事细分市场年限", "年", ge=0)
    niche_market_share: float | None = _f("细分市场占有率", "%", ge=0, le=100)
    specialized_sme_score: float | None = _f("专精特新中小企业评价得分", "分", ge=0, le=100)
    specialized_sme_other_points: float | None = _f("专精特新评价特色化及研发人员研发机构自评得分", "分", ge=0, le=30)
    digitalization_level: int | None = _f("数字化水平等级", "级", ge=0, le=4)
    quality_credentials: int | None = _f("质量管理加分项数", "项", ge=0, le=4)
    main_product_role: MainProductRole | None = _f("主导产品领域类别")
    hnte_score_other: float | None = _f("高企创新能力评价其余指标自评得分", "分", ge=0, le=92)
    ipo_stage: IpoStage | None = _f("上市进程")

    @field_validator("credit_code")
    @classmethod
    def _credit_code(cls, v: str | None) -> str | None:
        if v is None:
            return v
        v = v.strip().upper()
        reason = check_credit_code(v)
        if reason:
            raise ValueError(f"统一社会信用代码无效: {reason}")
        return v


class Record(_Section):
    serious_dishonesty: bool | None = _f("列入严重违法失信名单")
    abnormal_operation: bool | None = _f("列入经营异常名录")
    major_incident_1y: bool | None = _f("近一年重大安全质量事故或严重环境违法")
    ip_violation_3y: bool | None = _f("近三年知识产权违法或非正常申请")
    research_misconduct: bool | None = _f("科研严重失信")


class Qualifications(_Section):
    high_tech_enterprise: bool | None = _f("已认定高新技术企业")
    tech_sme: bool | None = _f("已入库科技型中小企业")
    innovative_sme: bool | None = _f("已认定创新型中小企业")
    specialized_sme: bool | None = _f("已认定专精特新中小企业")
    little_giant: bool | None = _f("已认定专精特新小巨人")
    ip_advantage_enterprise: bool | None = _f("已认定知识产权优势企业")
    ip_demonstration_enterprise: bool | None = _f("已认定知识产权示范企业")
    jinzhongzi: bool | None = _f("已入选金种子企业")
    trade_secret_demo_base: bool | None = _f("已是商业秘密保护示范站点")
    rd_institution: RdInstitution | None = _f("研发机构级别")
    science_award_3y: bool | None = _f("近三年获省部级以上科技奖励")
    ip_advantage_since: dt.date | None = _f("知识产权优势企业认定日期")


class Ip(_Section):
    invention_patents: int | None = _f("有效发明专利数", "件", ge=0)
    invention_patents_self_developed: int | None = _f("自主研发发明专利数", "件", ge=0)
    high_value_invention_patents: int | None = _f("高价值发明专利数", "件", ge=0)
    invention_applications_pending: int | None = _f("在审发明专利申请数", "件", ge=0)
    utility_models: int | None = _f("实用新型专利数", "件", ge=0)
    designs: int | None = _f("外观设计专利数", "件", ge=0)
    software_copyrights: int | None = _f("软件著作权数", "件", ge=0)
    ic_layouts: int | None = _f("集成电路布图设计数", "件", ge=0)
    plant_varieties: int | None = _f("植物新品种数", "件", ge=0)
    trademarks: int | None = _f("注册商标数", "件", ge=0)
    pct_applications: int | None = _f("PCT申请数", "件", ge=0)
    overseas_patents: int | None = _f("境外专利数", "件", ge=0)
    overseas_trademarks: int | None = _f("境外商标数", "件", ge=0)
    class1_main_product: int | None = _f("主营产品相关Ⅰ类知识产权数", "件", ge=0)
    pledged_patents: int | None = _f("已质押专利数", "件", ge=0)
    pledge_financing: float | None = _f("累计质押融资额", "万元", ge=0)
    licensed_out: int | None = _f("对外许可数", "件", ge=0)
    open_license_patents: int | None = _f("开放许可专利数", "件", ge=0)
    data_ip_registrations: int | None = _f("数据知识产权登记数", "件", ge=0)
    has_processed_dataset: bool | None = _f("拥有依法加工形成的数据集合")
    green_patents: int | None = _f("绿色专利数", "件", ge=0)
    patent_products: int | None = _f("已备案专利产品数", "件", ge=0)
    gi_region_producer: bool | None = _f("产自地理标志保护区域")
    gi_authorized_user: bool | None = _f("已核准使用地理标志专用标志")
    invention_patents_10y_plus: int | None = _f("维持超过10年的发明专利数", "件", ge=0)
    award_winning_patents: int | None = _f("获中国专利奖或国家科技奖的发明专利数", "件", ge=0)
    patents_encumbered: bool | None = _f("拟运用专利存在欠费、纠纷、保全或无效程序")
    pledge_patent_remaining_years: float | None = _f("拟质押专利剩余保护期", "年", ge=0)
    patent_evaluation_report: bool | None = _f("已取得专利权评价报告")
    dataset_lawful_source: bool | None = _f("数据来源合法且权属无争议")


class IpManagement(_Section):
    gbt29490: Gbt29490Status | None = _f("贯标状态")
    gbt29490_valid_until: dt.date | None = _f("贯标证书有效期至")
    system_running_since: dt.date | None = _f("知识产权管理体系运行起始日")
    iso56005_grade: int | None = _f("创新管理知识产权分级评价等级", "级", ge=0, le=5)
    ip_staff: int | None = _f("专职知识产权人员数", "人", ge=0)
    innovation_managers: int | None = _f("创新管理师人数", "人", ge=0)
    ip_budget: float | None = _f("年度知识产权经费", "万元", ge=0)
    policy_documented: bool | None = _f("知识产权方针目标已成文")
    service_invention_rewards: bool | None = _f("职务发明奖酬制度")
    contract_ip_clauses: bool | None = _f("合同知识产权条款")
    ip_ledger: bool | None = _f("知识产权台账")
    internal_audit_done: bool | None = _f("已完成内部审核")
    management_review_done: bool | None = _f("已完成管理评审")
    search_before_rd: bool | None = _f("研发前开展检索分析")


class TradeSecrets(_Section):
    inventory: bool | None = _f("商业秘密清单(定密)")
    classification: bool | None = _f("密级与保密期限")
    declassification_procedure: bool | None = _f("解密与销毁程序")
    staff_nda: bool | None = _f("全员保密协议")
    non_compete: bool | None = _f("核心人员竞业限制")
    onboarding_declaration: bool | None = _f("入职不带入前雇主秘密声明")
    exit_handover: bool | None = _f("离职交接与提醒")
    secure_zones: bool | None = _f("涉密区域管控")
    it_controls: bool | None = _f("信息系统保密措施")
    partner_nda: bool | None = _f("合作方保密协议")
    publication_review: bool | None = _f("对外发布保密审查")
    training_selfcheck: bool | None = _f("保密培训与年度自查")
    emergency_plan: bool | None = _f("泄密应急预案")
    evidence_preservation: bool | None = _f("证据固定与存证")
    enforcement_channels: bool | None = _f("知晓维权途径")


class Overseas(_Section):
    markets: list[Annotated[str, Field(pattern=r"^[A-Z]{2}$")]] | None = _f("出口市场")
    cross_border_ecommerce: bool | None = _f("开展跨境电商")
    overseas_exhibitions: bool | None = _f("参加境外展会")
    filings_cover_markets: bool | None = _f("境外申请覆盖主要市场")
    fto_done: bool | None = _f("已完成FTO分析")
    trademark_clearance: bool | None = _f("已完成目标市场商标检索")
    ip_insurance: bool | None = _f("已投保海外知识产权保险")
    dispute_plan: bool | None = _f("海外纠纷应对预案")
    data_ai_check: bool | None = _f("跨境数据与AI合规检查")
    customs_monitoring: bool | None = _f("海关与337调查监测")
    compliance_officer: bool | None = _f("海外合规负责人")
    disputes_3y: int | None = _f("近三年海外知识产权纠纷数", "件", ge=0)

    @field_validator("markets", mode="before")
    @classmethod
    def _upper(cls, v: Any) -> Any:
        if isinstance(v, list):
            return [x.strip().upper() if isinstance(x, str) else x for x in v]
        return v


# ---- fields of the plan-coverage programs (issue 17), appended to their sections ------------
# Defined as data in zhice.profile_plan_fields; each section is extended by a subclass of the same
# name, so its own fields, validators and order stay and the new fields come last.
def _extend(section: type[_Section], key: str) -> Any:
    from pydantic import create_model

    from zhice.profile_plan_fields import PLAN_FIELDS

    fields: dict[str, Any] = {name: (kind | None, _f(title, unit, ge=0) if kind is int else _f(title, unit))
                              for name, kind, title, unit in PLAN_FIELDS[key]}
    return create_model(section.__name__, __base__=section, __module__=__name__, **fields)


Enterprise, Qualifications, Ip, IpManagement, Overseas = (  # type: ignore[misc]
    _extend(s, k) for k, s in (("enterprise", Enterprise), ("qualifications", Qualifications), ("ip", Ip),
                               ("ip_management", IpManagement), ("overseas", Overseas)))


class Profile(BaseModel):
    """An enterprise profile. Sections may be omitted; every field in them is then unknown."""

    model_config = ConfigDict(extra="forbid", frozen=True, title="知策企业画像 (zhice enterprise profile)")

    schema_version: Literal[1] = Field(default=1, title="画像格式版本")
    enterprise: Enterprise = Field(title="企业基本情况")
    record: Record = Field(default_factory=Record, title="信用记录")
    qualifications: Qualifications = Field(default_factory=Qualifications, title="已获资质")
    ip: Ip = Field(default_factory=Ip, title="知识产权")
    ip_management: IpManagement = Field(default_factory=IpManagement, title="知识产权管理")
    trade_secrets: TradeSecrets = Field(default_factory=TradeSecrets, title="商业秘密保护")
    overseas: Overseas = Field(default_factory=Overseas, title="海外知识产权")

    def facts(self) -> dict[str, Any]:
        """Known fields as ``{dotted path: value}``; unknown fields are absent."""
        out: dict[str, Any] = {}
        for section, paths in _FACT_PATHS:
            for name, value in getattr(self, section).__dict__.items():   # the fields, in order
                if value is not None:
                    out[paths[name]] = value.value if isinstance(value, Enum) else value
        return out

    def data(self) -> dict[str, Any]:
        """The profile as plain JSON-ready data with unknown fields left out."""
        return self.model_dump(mode="json", exclude_none=True)

    def digest(self) -> str:
        canon = json.dumps(self.data(), sort_keys=True, ensure_ascii=False, separators=(",", ":"))
        return "sha256:" + hashlib.sha256(canon.encode("utf-8")).hexdigest()


SECTIONS: tuple[str, ...] = ("enterprise", "record", "qualifications", "ip", "ip_management",
                             "trade_secrets", "overseas")


# ---------------------------------------------------------------------------------------------
# field registry
# ---------------------------------------------------------------------------------------------

FieldType = Literal["integer", "number", "boolean", "string", "date", "enum", "list"]


@dataclass(frozen=True)
class FieldSpec:
    """What the engine knows of one profile field."""

    path: str
    title: str
    type: FieldType
    unit: str | None = None
    choices: tuple[str, ...] = ()
    minimum: float | None = None
    maximum: float | None = None

    @property
    def numeric(self) -> bool:
        return self.type in ("integer", "number")


def _unwrap(annotation: Any) -> Any:
    origin = typing.get_origin(annotation)
    if origin in (typing.Union, types.UnionType):
        args = [a for a in typing.get_args(annotation) if a is not type(None)]
        return _unwrap(args[0])
    if origin is Annotated:
        return _unwrap(typing.get_args(annotation)[0])
    return annotation


def _spec(path: str, finfo: Any) -> FieldSpec:
    ann = _unwrap(finfo.annotation)
    choices: tuple[str, ...] = ()
    ftype: FieldType
    if ann is bool:
        ftype = "boolean"
    elif ann is int:
        ftype = "integer"
    elif ann is float:
        ftype = "number"
    elif ann is dt.date:
        ftype = "date"
    elif isinstance(ann, type) and issubclass(ann, Enum):
        ftype, choices = "enum", tuple(m.value for m in ann)
    elif typing.get_origin(ann) is list:
        ftype = "list"
    else:
        ftype = "string"
    lo = hi = None
    for m in finfo.metadata:
        lo = getattr(m, "ge", lo) if getattr(m, "ge", None) is not None else lo
        hi = getattr(m, "le", hi) if getattr(m, "le", None) is not None else hi
    extra = finfo.json_schema_extra if isinstance(finfo.json_schema_extra, dict) else {}
    return FieldSpec(path, finfo.title or path, ftype, extra.get("unit"), choices, lo, hi)


def _build_fields() -> dict[str, FieldSpec]:
    fields: dict[str, FieldSpec] = {}
    for section in SECTIONS:
        model = Profile.model_fields[section].annotation
        for name, finfo in model.model_fields.items():  # type: ignore[union-attr]
            path = f"{section}.{name}"
            fields[path] = _spec(path, finfo)
    return fields


FIELDS: dict[str, FieldSpec] = _build_fields()
_BY_TITLE: dict[str, str] = {spec.title: path for path, spec in FIELDS.items()}
assert len(_BY_TITLE) == len(FIELDS), "profile field titles must be unique"


def resolve_field_name(name: str) -> str | None:
    """Map a dotted path or a Chinese title to the dotted path, or None if unknown."""
    name = name.strip()
    if name in FIELDS:
        return name
    return _BY_TITLE.get(name)


def field_suggestion(name: str) -> str | None:
    return did_you_mean(name, list(FIELDS) + list(_BY_TITLE))


UNKNOWN_WORDS = frozenset({"", "不知道", "未知", "unknown", "n/a", "na", "-", "—", "null", "none", "~"})
TRUE_WORDS = frozenset({"true", "yes", "y", "1", "是", "有", "已", "对"})
FALSE_WORDS = frozenset({"false", "no", "n", "0", "否", "无", "没有", "未", "不是"})


def parse_value(path: str, text: Any) -> Any:
    """Type a value given as text (CSV cell, Gherkin table, ``--set``) by the field's schema.

    Returns None for "unknown" words. Raises ValueError with a readable message.

    >>> parse_value("ip.invention_patents", "3")
    3
    >>> parse_value("ip_management.policy_documented", "是")
    True
    >>> parse_value("overseas.markets", "US, jp")
    ['US', 'JP']
    """
    spec = FIELDS[path]
    if text is None:
        return None
    if not isinstance(text, str):
        if spec.type == "number" and isinstance(text, int) and not isinstance(text, bool):
            return float(text)
        if spec.type == "date" and isinstance(text, dt.datetime):
            return text.date()
        if spec.type == "integer" and isinstance(text, float) and text.is_integer():
            return int(text)
        return text
    raw = text.strip()
    if raw.lower() in UNKNOWN_WORDS and spec.type != "string" and raw not in spec.choices:
        return None
    if spec.type == "string" and raw == "":
        return None
    if spec.type == "integer":
        cleaned = raw.replace(",", "").replace("，", "")
        for suffix in ("件", "人", "个", "级", "项"):
            cleaned = cleaned.removesuffix(suffix)
        try:
            f = float(cleaned)
        except ValueError:
            raise ValueError(f"expected a whole number, found '{text}'") from None
        if not f.is_integer():
            raise ValueError(f"expected a whole number, found '{text}'")
        return int(f)
    if spec.type == "number":
        cleaned = raw.replace(",", "").replace("，", "").removesuffix("%").removesuffix("万元")
        try:
            return float(cleaned)
        except ValueError:
            raise ValueError(f"expected a number{' in ' + spec.unit if spec.unit else ''}, found '{text}'") from None
    if spec.type == "boolean":
        low = raw.lower()
        if low in TRUE_WORDS:
            return True
        if low in FALSE_WORDS:
            return False
        raise ValueError(f"expected 是/否 (true/false), found '{text}'")
    if spec.type == "date":
        try:
            return dt.date.fromisoformat(raw.replace("/", "-"))
        except ValueError:
            raise ValueError(f"expected a date like 2021-03-15, found '{text}'") from None
    if spec.type == "enum":
        if raw not in spec.choices:
            hint = did_you_mean(raw, spec.choices)
            raise ValueError(f"expected one of {', '.join(spec.choices)}, found '{text}'" + (f"; {hint}" if hint else ""))
        return raw
    if spec.type == "list":
        return [p.strip().upper() for p in re.split(r"[,，、;；\s]+", raw) if p.strip()]
    return raw


# ---------------------------------------------------------------------------------------------
# loading
# ---------------------------------------------------------------------------------------------

def _section_keys(section: str) -> list[str]:
    return list(Profile.model_fields[section].annotation.model_fields)  # type: ignore[union-attr]


# (section, {field name: dotted path}) for Profile.facts
_FACT_PATHS = [(section, {name: f"{section}.{name}" for name in _section_keys(section)}) for section in SECTIONS]


def _unknown_key_problems(data: Mapping[str, Any], loaded: Loaded | None, file: str | None) -> list[Problem]:
    problems: list[Problem] = []
    top = list(Profile.model_fields)
    for key, value in data.items():
        if key not in Profile.model_fields:
            guess = did_you_mean(str(key), top + list(FIELDS))
            problems.append(Problem("unknown-field", f"unknown top-level key '{key}'; expected one of {', '.join(top)}",
                                    file, loaded.line_of(str(key)) if loaded else None, str(key), guess))
            continue
        if key in SECTIONS and isinstance(value, Mapping):
            known = _section_keys(key)
            for sub in value:
                if sub not in known:
                    path = f"{key}.{sub}"
                    guess = did_you_mean(path, FIELDS) or did_you_mean(str(sub), known)
                    problems.append(Problem("unknown-field", f"unknown field '{path}'", file,
                                            loaded.line_of(path) if loaded else None, path,
                                            guess or f"fields of {key}: {', '.join(known)}"))
    return problems


def profile_from_data(data: Any, file: str | None = None, loaded: Loaded | None = None) -> Profile:
    """Validate plain data into a :class:`Profile`, collecting every problem."""
    if not isinstance(data, Mapping):
        found = "an empty document" if data is None else type(data).__name__
        raise ProfileError([Problem("not-a-mapping", f"a profile must be a mapping of sections, found {found}",
                                    file, (loaded.line_of("") if loaded else None) or 1, hint="start with 'enterprise:' and indent its fields under it")])
    problems = _unknown_key_problems(data, loaded, file)
    known = {k: v for k, v in data.items() if k in Profile.model_fields}
    for section in SECTIONS:
        if isinstance(known.get(section), Mapping):
            allowed = set(_section_keys(section))
            known[section] = {k: v for k, v in known[section].items() if k in allowed}
    try:
        profile = Profile.model_validate(known)
    except ValidationError as exc:
        for err in exc.errors():
            path = ".".join(str(p) for p in err["loc"])
            found = err.get("input")
            msg = err["msg"].removeprefix("Value error, ")
            if err["type"] == "missing":
                msg = "required field is missing"
                hint = "every profile needs enterprise.name (企业名称)" if path.startswith("enterprise") else None
            else:
                hint = None
                spec = FIELDS.get(path.split(".0")[0]) if "." in path else None
                if spec is not None:
                    expected = {"integer": "a whole number", "number": "a number", "boolean": "true or false",
                                "date": "a date like 2021-03-15", "enum": "one of " + ", ".join(spec.choices),
                                "list": "a list such as [US, EU]"}.get(spec.type)
                    if expected:
                        hint = f"{spec.title}: expected {expected}" + (f" ({spec.unit})" if spec.unit else "")
                msg = f"{msg}; found {found!r}" if err["type"] != "missing" and not isinstance(found, Mapping) else msg
            problems.append(Problem("invalid-value" if err["type"] != "missing" else "missing-field", msg, file,
                                    loaded.line_of(path) if loaded else None, path, hint))
        raise ProfileError(problems) from None
    if problems:
        raise ProfileError(problems)
    return profile


def profile_from_fields(data: dict[str, dict[str, Any]], file: str | None = None) -> Profile:
    """Validate ``{section: {field: value}}`` whose keys are all profile fields (a typed table row).

    The fast path of batch screening: no key checks are needed; any invalid value falls back to
    :func:`profile_from_data` for the full list of problems.
    """
    try:
        return Profile.model_validate(data)
    except ValidationError:
        return profile_from_data(data, file)


def load_profile(path: str | Path) -> Profile:
    """Load a profile from a YAML or JSON file. Raises :class:`ProfileError` with every problem."""
    loaded = load_file(path)
    if loaded.problems:
        raise ProfileError(loaded.problems)
    return profile_from_data(loaded.data, str(path), loaded)


def with_changes(profile: Profile, changes: Mapping[str, Any]) -> Profile:
    """A copy of ``profile`` with ``{dotted path: value}`` applied (None makes a field unknown)."""
    data = profile.data()
    for path, value in changes.items():
        section, name = path.split(".", 1)
        data.setdefault(section, {})
        if value is None:
            data[section].pop(name, None)
        else:
            data[section][name] = value.isoformat() if isinstance(value, dt.date) else value
    return profile_from_data(data)
