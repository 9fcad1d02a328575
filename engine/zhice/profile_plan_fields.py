"""Profile fields the plan-coverage programs need (docs/plan-coverage.md), as data.

:mod:`zhice.profile` appends them to their sections (after each section's own fields, keeping its
validators). Each entry is ``(name, type, Chinese title, unit)``: ``bool`` fields are yes/no facts,
``int`` fields are counts (never negative). As for every profile field, an absent value is unknown.
"""

from __future__ import annotations

__all__ = ["PLAN_FIELDS"]

PLAN_FIELDS: dict[str, list[tuple[str, type, str, str | None]]] = {
    "enterprise": [
        ("in_prereview_field", bool, "主营业务属知识产权保护中心预审产业领域", None),
        ("uses_generative_ai", bool, "提供或使用生成式人工智能产品服务", None),
        ("standards_participated", int, "主导或参与制定标准数", "项"),
    ],
    "qualifications": [
        ("prereview_filed", bool, "已在知识产权保护中心备案", None),
        ("lead_enterprise", bool, "已入选知识产权领军企业", None),
        ("key_trademark_listed", bool, "商标已列入重点商标保护名录", None),
        ("data_ip_seed", bool, "已入选数据知识产权种子项目", None),
    ],
    "ip": [
        ("patents_implemented", int, "已实施并产生效益的专利数", "件"),
        ("declared_seps", int, "已声明的标准必要专利数", "件"),
        ("registered_works", int, "作品著作权登记数", "件"),
        ("has_original_works", bool, "拥有原创作品", None),
        ("well_known_trademark", bool, "商标具有较高知名度", None),
        ("data_ip_used", bool, "数据知识产权已运用", None),
        ("infringement_found", bool, "发现他人侵犯本企业知识产权", None),
        ("infringement_evidence", bool, "已固定侵权证据", None),
        ("patent_insurance", bool, "已投保国内专利保险", None),
    ],
    "ip_management": [
        ("patent_navigation_done", bool, "已开展企业专利导航", None),
        ("aigc_compliance", bool, "已建立AIGC知识产权合规制度", None),
        ("open_source_compliance", bool, "开源软件许可合规管理", None),
        ("brand_strategy", bool, "商标品牌培育规划", None),
    ],
    "overseas": [
        ("dispute_pending", bool, "正面临海外知识产权纠纷", None),
        ("dispute_materials", bool, "已整理海外纠纷涉案材料", None),
        ("exhibition_rights_proof", bool, "参展产品权利证明已备齐", None),
    ],
}
