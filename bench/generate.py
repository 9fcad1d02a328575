"""Seeded generator of realistic synthetic client portfolios (CSV) for `zhice screen` benchmarks and tests.

    python bench/generate.py --rows 10000 --bad 0.01 --missing 0.2 --seed 1 --output /tmp/clients.csv

Every profile field is a column (dotted path, or its Chinese title with ``--chinese``). Sizes,
revenue, R&D spend and patent counts are correlated the way real SMEs are (log-normal firm
size, R&D intensity 0–10 %, patents growing with R&D). ``--missing`` leaves that share of cells
blank (unknown); ``--bad`` makes that share of rows invalid in one of several ways (text in a
number column, a broken credit code, no name, an unknown enum value, a malformed date) and
``--bad-rows-file`` lists which rows and why, so tests can check every bad row is named.
"""

from __future__ import annotations

import argparse
import csv
import datetime as dt
import json
import math
import random
import sys
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from zhice.profile import FIELDS  # noqa: E402

__all__ = ["credit_code", "generate", "main"]

_CHARS = "0123456789ABCDEFGHJKLMNPQRTUWXY"
_WEIGHTS = (1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28)
CITIES = {"浙江省": [("杭州市", ["西湖区", "滨江区", "余杭区", "萧山区"]), ("宁波市", ["鄞州区", "北仑区", "慈溪市"]),
                     ("温州市", ["鹿城区", "瑞安市", "乐清市"]), ("金华市", ["义乌市", "婺城区", "永康市"]),
                     ("绍兴市", ["柯桥区", "诸暨市"]), ("嘉兴市", ["南湖区", "海宁市"]), ("台州市", ["椒江区", "温岭市"])],
          "江苏省": [("苏州市", ["工业园区"])], "上海市": [("上海市", ["浦东新区"])]}
INDUSTRIES = ["C34", "C35", "C38", "C39", "C26", "C27", "C18", "C29", "I65", "I64", "M73", "M75", "F51", "A01", "K702", "E47"]
MARKETS = ["US", "EU", "JP", "KR", "GB", "SG", "AU", "BR", "IN", "VN", "TH", "MY"]
# Fields added to the profile after the seeded streams were fixed take their values (and blanks)
# from a stream of their own, so adding a field does not reshuffle every portfolio of a seed.
LATER_FIELDS = frozenset((  # the plan-coverage fields (issue 17), appended to the catalogue's sections
    "enterprise.in_prereview_field", "enterprise.uses_generative_ai", "enterprise.standards_participated",
    "qualifications.prereview_filed", "qualifications.lead_enterprise", "qualifications.key_trademark_listed",
    "qualifications.data_ip_seed", "ip.patents_implemented", "ip.declared_seps", "ip.registered_works",
    "ip.has_original_works", "ip.well_known_trademark", "ip.data_ip_used", "ip.infringement_found",
    "ip.infringement_evidence", "ip.patent_insurance", "ip_management.patent_navigation_done",
    "ip_management.aigc_compliance", "ip_management.open_source_compliance", "ip_management.brand_strategy",
    "overseas.dispute_pending", "overseas.dispute_materials", "overseas.exhibition_rights_proof",
))
NAME_PARTS = (["恒", "瑞", "华", "联", "新", "中", "创", "博", "智", "精", "永", "宏", "金", "天", "海", "明"],
              ["科技", "精密", "电子", "智能", "新材料", "生物", "软件", "机械", "医疗器械", "数据", "光电", "环保"])


def credit_code(rng: random.Random) -> str:
    """A random 统一社会信用代码 with a valid check digit (GB 32100-2015)."""
    body = "9133" + "".join(rng.choice("0123456789") for _ in range(4)) + "".join(rng.choice(_CHARS) for _ in range(9))
    total = sum(_CHARS.index(c) * w for c, w in zip(body, _WEIGHTS, strict=True))
    return body + _CHARS[(31 - total % 31) % 31]


def _profile(rng: random.Random, i: int, later: random.Random | None = None) -> dict[str, Any]:
    province = rng.choices(list(CITIES), weights=[90, 5, 5])[0]
    city, districts = rng.choice(CITIES[province])
    employees = max(1, int(math.exp(rng.gauss(3.6, 1.3))))
    revenue = round(employees * math.exp(rng.gauss(3.8, 0.6)), 1)             # 万元
    rd_share = max(0.0, rng.gauss(4.5, 2.5))
    rd_expense = round(revenue * rd_share / 100, 1)
    patents = int(max(0, rng.gauss(rd_expense / 60, 3)))
    founded = dt.date(2026, 1, 1) - dt.timedelta(days=rng.randint(100, 365 * 30))
    growth = rng.uniform(0.8, 1.4)
    p: dict[str, Any] = {
        "enterprise.name": f"{city[:-1]}{rng.choice(NAME_PARTS[0])}{rng.choice(NAME_PARTS[0])}"
                           f"{rng.choice(NAME_PARTS[1])}有限公司{i}",
        "enterprise.credit_code": credit_code(rng),
        "enterprise.province": province, "enterprise.city": city, "enterprise.district": rng.choice(districts),
        "enterprise.registered_on": founded.isoformat(),
        "enterprise.industry": rng.choice(INDUSTRIES),
        "enterprise.employees": employees,
        "enterprise.tech_staff": int(employees * rng.uniform(0.05, 0.5)),
        "enterprise.rd_staff": int(employees * rng.uniform(0.03, 0.35)),
        "enterprise.revenue": revenue,
        "enterprise.revenue_prev": round(revenue / growth, 1),
        "enterprise.revenue_prev2": round(revenue / growth / rng.uniform(0.8, 1.4), 1),
        "enterprise.main_business_share": round(rng.uniform(50, 100), 1),
        "enterprise.total_assets": round(revenue * rng.uniform(0.5, 2.0), 1),
        "enterprise.debt_ratio": round(rng.uniform(10, 85), 1),
        "enterprise.rd_expense": rd_expense,
        "enterprise.rd_expense_3y": round(rd_expense * rng.uniform(2.2, 3.2), 1),
        "enterprise.revenue_3y": round(revenue * rng.uniform(2.3, 3.1), 1),
        "enterprise.export_revenue": round(revenue * rng.choice([0, 0, 0.1, 0.3, 0.6]), 1),
        "enterprise.ipo_stage": rng.choices(["none", "counselling", "filed", "listed"], weights=[90, 5, 3, 2])[0],
        "ip.invention_patents": patents,
        "ip.high_value_invention_patents": int(patents * rng.choice([0, 0, 0.2, 0.5])),
        "ip.utility_models": int(max(0, rng.gauss(patents * 2 + 2, 4))),
        "ip.overseas_patents": int(patents * rng.choice([0, 0, 0, 0.1, 0.3])),
        "overseas.markets": ",".join(rng.sample(MARKETS, rng.randint(0, 4))),
        "ip_management.gbt29490": rng.choices(["none", "implementing", "certified_2013", "certified_2023"],
                                              weights=[70, 10, 8, 12])[0],
        "ip_management.iso56005_grade": rng.choices(range(6), weights=[80, 8, 6, 3, 2, 1])[0],
    }
    for path, spec in FIELDS.items():          # every other field, by type
        if path in p:
            continue
        r = later if later is not None and path in LATER_FIELDS else rng
        if spec.type == "boolean":
            p[path] = r.choice(["是", "否", "否"]) if not path.startswith("record.") else r.choices(["否", "是"], [97, 3])[0]
        elif spec.type == "integer":
            hi = int(spec.maximum) if spec.maximum is not None else max(3, patents)
            p[path] = r.randint(0, hi)
        elif spec.type == "number":
            hi = spec.maximum if spec.maximum is not None else 100
            p[path] = round(r.uniform(0, hi), 1)
        elif spec.type == "enum":
            p[path] = r.choice(spec.choices)
        elif spec.type == "date":
            p[path] = (dt.date(2026, 1, 1) + dt.timedelta(days=r.randint(-3000, 1500))).isoformat()
    return p


BAD_KINDS = ("text_in_number", "bad_credit_code", "no_name", "bad_enum", "bad_date")


def _spoil(rng: random.Random, p: dict[str, Any]) -> str:
    kind = rng.choice(BAD_KINDS)
    if kind == "text_in_number":
        p["ip.invention_patents"] = rng.choice(["三件", "many", "12a"])
    elif kind == "bad_credit_code":
        code = p["enterprise.credit_code"] or credit_code(rng)
        p["enterprise.credit_code"] = code[:-1] + ("0" if code[-1] != "0" else "1")
    elif kind == "no_name":
        p["enterprise.name"] = ""
    elif kind == "bad_enum":
        p["ip_management.gbt29490"] = "certified"
    else:
        p["enterprise.registered_on"] = "2019-13-45"
    return kind


def generate(rows: int, output: str | Path, *, bad: float = 0.01, missing: float = 0.15, seed: int = 1,
             chinese: bool = False, encoding: str = "utf-8") -> list[dict[str, Any]]:
    """Write ``rows`` profiles to ``output`` (CSV); return the bad rows as ``[{row, kind}]``."""
    rng = random.Random(seed)
    later = random.Random(f"{seed}:later-fields")
    columns = list(FIELDS)
    header = [FIELDS[c].title if chinese else c for c in columns]
    bad_rows: list[dict[str, Any]] = []
    n_bad = round(rows * bad)
    bad_set = set(rng.sample(range(1, rows + 1), n_bad)) if n_bad else set()
    with open(output, "w", encoding=encoding, newline="") as fh:
        w = csv.writer(fh)
        w.writerow(header)
        for i in range(1, rows + 1):
            p = _profile(rng, i, later)
            for c in columns:
                if c != "enterprise.name" and (later if c in LATER_FIELDS else rng).random() < missing:
                    p[c] = ""
            if i in bad_set:
                bad_rows.append({"row": i, "kind": _spoil(rng, p)})
            w.writerow(["" if p.get(c) is None else p[c] for c in columns])
    return bad_rows


def main(argv: list[str] | None = None) -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--rows", type=int, required=True)
    ap.add_argument("--bad", type=float, default=0.01, help="share of invalid rows (default 0.01)")
    ap.add_argument("--missing", type=float, default=0.15, help="share of blank (unknown) cells (default 0.15)")
    ap.add_argument("--seed", type=int, default=1)
    ap.add_argument("--chinese", action="store_true", help="Chinese column titles instead of dotted paths")
    ap.add_argument("--encoding", default="utf-8", help="utf-8, utf-8-sig or gb18030")
    ap.add_argument("--output", required=True)
    ap.add_argument("--bad-rows-file", help="write the bad rows (row, kind) as JSON here")
    a = ap.parse_args(argv)
    bad_rows = generate(a.rows, a.output, bad=a.bad, missing=a.missing, seed=a.seed, chinese=a.chinese,
                        encoding=a.encoding)
    if a.bad_rows_file:
        Path(a.bad_rows_file).write_text(json.dumps(bad_rows, ensure_ascii=False, indent=1), encoding="utf-8")
    print(f"wrote {a.rows} rows ({len(bad_rows)} bad) to {a.output}", file=sys.stderr)


if __name__ == "__main__":
    main()
