# language: zh-CN
# 专精特新中小企业认定（rulebooks/cultivation/specialized_sme.yaml），2026-03-31前依据2022年《优质中小企业梯度培育管理暂行办法》
# 附件2（以下在 "2025-06-01" 体检的场景）；2026-04-01起依据《优质中小企业梯度培育管理办法》（工信部企业〔2026〕2号，
# 条件据第三方报道，原文未能核对；以下在 "2026-12-01" 体检的场景）。2022年标准：评分满分100分：填写了省平台自评总分的，按自评总分判断；否则按画像计算
# 13项指标中分档已知的70分，特色化、研发人员占比、研发机构三项（30分）取企业自评，未填写时按0–30分计，
# 最低分和最高分结论一致才下结论。
# 基础画像 profiles/examples/cult_specialized_candidate.yaml：温州一家营业收入1.68亿元的中型电气企业，
# 平台自评72分；按画像计算的部分为61分。
功能: 专精特新中小企业认定（specialized_sme）

  场景: 深耕细分市场9年、研发投入达标、自评72分的温州电气企业符合专精特新条件
    假如 企业画像文件 "profiles/examples/cult_specialized_candidate.yaml"
    当 在 "2025-06-01" 进行政策体检
    那么 "specialized_sme" 的结论为 "符合"
    而且 "specialized_sme" 的下一步包含 "经信厅"

  场景: 已认定专精特新中小企业的企业显示已获得
    假如 企业画像文件 "profiles/examples/cult_specialized_candidate.yaml"
    而且 "qualifications.specialized_sme" 为 "是"
    当 在 "2025-06-01" 进行政策体检
    那么 "specialized_sme" 的结论为 "已获得"

  场景: 大型企业不参加专精特新中小企业认定
    假如 企业画像文件 "profiles/examples/cult_specialized_candidate.yaml"
    而且 "enterprise.employees" 为 "1200"
    而且 "enterprise.revenue" 为 "45000"
    当 在 "2025-06-01" 进行政策体检
    那么 "specialized_sme" 的结论为 "不适用"
    而且 "specialized_sme" 的差距包含 "is_sme"

  场景: 从事细分市场仅1年的企业须满2年后再申报
    假如 企业画像文件 "profiles/examples/cult_specialized_candidate.yaml"
    而且 "enterprise.years_in_niche" 为 "1"
    当 在 "2025-06-01" 进行政策体检
    那么 "specialized_sme" 的结论为 "存在差距"
    而且 "specialized_sme" 的差距包含 "niche_years"

  场景: 上年研发费用不足100万元的企业研发总额和占比均存在差距
    假如 企业画像文件 "profiles/examples/cult_specialized_candidate.yaml"
    而且 "enterprise.rd_expense" 为 "80"
    当 在 "2025-06-01" 进行政策体检
    那么 "specialized_sme" 的结论为 "存在差距"
    而且 "specialized_sme" 的差距包含 "rd_expense_amount"
    而且 "specialized_sme" 的差距包含 "rd_expense_share"

  场景: 研发费用超过100万元但占营业收入不足3%的企业存在研发占比差距
    假如 企业画像文件 "profiles/examples/cult_specialized_candidate.yaml"
    而且 "enterprise.rd_expense" 为 "400"
    当 在 "2025-06-01" 进行政策体检
    那么 "specialized_sme" 的结论为 "存在差距"
    而且 "specialized_sme" 的差距包含 "rd_expense_share"

  场景: 营业收入不足1000万元且融资不足2000万元的企业存在营收差距
    假如 企业画像文件 "profiles/examples/cult_specialized_candidate.yaml"
    而且 "enterprise.revenue" 为 "800"
    而且 "enterprise.rd_expense" 为 "150"
    当 在 "2025-06-01" 进行政策体检
    那么 "specialized_sme" 的结论为 "存在差距"
    而且 "specialized_sme" 的差距包含 "revenue_or_equity"

  场景: 营业收入不足1000万元但近两年股权融资2500万元的企业满足营收条件
    假如 企业画像文件 "profiles/examples/cult_specialized_candidate.yaml"
    而且 "enterprise.revenue" 为 "800"
    而且 "enterprise.rd_expense" 为 "150"
    而且 "enterprise.equity_financing_2y" 为 "2500"
    当 在 "2025-06-01" 进行政策体检
    那么 "specialized_sme" 的结论为 "符合"

  场景: 自评50分且无直通条件的企业评分存在差距
    假如 企业画像文件 "profiles/examples/cult_specialized_candidate.yaml"
    而且 "enterprise.specialized_sme_score" 为 "50"
    当 在 "2025-06-01" 进行政策体检
    那么 "specialized_sme" 的结论为 "存在差距"
    而且 "specialized_sme" 的差距包含 "score_or_direct"

  场景: 自评不足60分但近两年研发费用年均超过1000万元的企业可直通
    假如 企业画像文件 "profiles/examples/cult_specialized_candidate.yaml"
    而且 "enterprise.specialized_sme_score" 为 "50"
    而且 "enterprise.rd_expense" 为 "1200"
    而且 "enterprise.rd_expense_prev" 为 "900"
    当 在 "2025-06-01" 进行政策体检
    那么 "specialized_sme" 的结论为 "符合"

  场景: 没有平台自评分时按画像计算，画像可算部分已达61分，其余三项无论得几分都达标
    假如 企业画像文件 "profiles/examples/cult_specialized_candidate.yaml"
    而且 "enterprise.specialized_sme_score" 为 "未知"
    当 在 "2025-06-01" 进行政策体检
    那么 "specialized_sme" 的结论为 "符合"
    而且 推导结果 "specialized_sme_profile_points" 为 "61"
    而且 推导结果 "specialized_sme_total" 为 "未知"

  场景: 画像可算部分50分、特色化等三项自评10分，合计恰好60分达到合格线
    # 在61分的基础上：净利润率2%（8分→2分）、非龙头配套（3分→0分）、质量管理1项（5分→3分）→ 50分
    假如 企业画像文件 "profiles/examples/cult_specialized_candidate.yaml"
    而且 "enterprise.specialized_sme_score" 为 "未知"
    而且 "净利润率" 为 "2"
    而且 "主导产品领域类别" 为 "none"
    而且 "质量管理加分项数" 为 "1"
    而且 "专精特新评价特色化及研发人员研发机构自评得分" 为 "10"
    当 在 "2025-06-01" 进行政策体检
    那么 "specialized_sme" 的结论为 "符合"
    而且 推导结果 "specialized_sme_profile_points" 为 "50"
    而且 推导结果 "specialized_sme_total" 为 "60"

  场景: 画像可算部分50分、其余三项自评9.5分，合计59.5分差0.5分
    假如 企业画像文件 "profiles/examples/cult_specialized_candidate.yaml"
    而且 "enterprise.specialized_sme_score" 为 "未知"
    而且 "净利润率" 为 "2"
    而且 "主导产品领域类别" 为 "none"
    而且 "质量管理加分项数" 为 "1"
    而且 "专精特新评价特色化及研发人员研发机构自评得分" 为 "9.5"
    当 在 "2025-06-01" 进行政策体检
    那么 "specialized_sme" 的结论为 "存在差距"
    而且 推导结果 "specialized_sme_total" 为 "59.5"
    而且 "specialized_sme" 的差距包含 "score_or_direct"
    而且 "specialized_sme" 的差距说明包含 "评价得分 59.5 分，低于 60 分，还差 0.5 分"

  场景: 不知道净利润率和质量管理情况、也没有自评其余三项的企业评分在48至93分之间，信息不足
    # 画像可算部分：61分减去净利润率8分和质量管理5分 = 48分，另加0–10分和0–5分；其余三项0–30分
    假如 企业画像文件 "profiles/examples/cult_specialized_candidate.yaml"
    而且 "enterprise.specialized_sme_score" 为 "未知"
    而且 "净利润率" 为 "未知"
    而且 "质量管理加分项数" 为 "未知"
    当 在 "2025-06-01" 进行政策体检
    那么 "specialized_sme" 的结论为 "信息不足"
    而且 推导结果 "specialized_sme_profile_points" 为 "未知"
    而且 "specialized_sme" 的下一步包含 "净利润率"
    而且 "specialized_sme" 的下一步包含 "质量管理加分项数"
    而且 "specialized_sme" 的下一步包含 "专精特新评价特色化及研发人员研发机构自评得分"
    而且 适用的项目包含 "specialized_sme"

  场景: 画像可算部分只有15分的企业即使其余三项得满分30分也不足60分，不等自评即可判断存在差距
    # 主营占比65% 1、零增长 2、细分市场2年 1、数字化一级 0、质量管理0项 0、净利润率1% 0、资产负债率65% 1、
    # 无主导产品相关知识产权 0、研发费用720万元 10 → 15分；加上其余三项0–30分 → 15–45分
    假如 企业画像文件 "profiles/examples/cult_specialized_candidate.yaml"
    而且 "enterprise.specialized_sme_score" 为 "未知"
    而且 "主营业务收入占比" 为 "65"
    而且 "前年营业收入" 为 "16800"
    而且 "从事细分市场年限" 为 "2"
    而且 "主导产品领域类别" 为 "none"
    而且 "数字化水平等级" 为 "1"
    而且 "质量管理加分项数" 为 "0"
    而且 "净利润率" 为 "1"
    而且 "资产负债率" 为 "65"
    而且 "主营产品相关Ⅰ类知识产权数" 为 "0"
    而且 "实用新型专利数" 为 "0"
    而且 "外观设计专利数" 为 "0"
    而且 "软件著作权数" 为 "0"
    当 在 "2025-06-01" 进行政策体检
    那么 "specialized_sme" 的结论为 "存在差距"
    而且 推导结果 "specialized_sme_profile_points" 为 "15"
    而且 "specialized_sme" 的差距包含 "score_or_direct"
    而且 "specialized_sme" 的差距说明包含 "评价得分 15–45 分，低于 60 分，还差 15 分"

  场景大纲: 按画像计算的各项指标的每个分档边界（其余指标均不得分）
    假如 一家企业的画像如下:
      | 字段 | 值 |
      | enterprise.name | 湖州某专用设备有限公司 |
      | 主营业务收入占比 | 50 |
      | 营业收入 | 900 |
      | 前年营业收入 | 1000 |
      | 从事细分市场年限 | 1 |
      | 主导产品领域类别 | none |
      | 数字化水平等级 | 1 |
      | 质量管理加分项数 | 0 |
      | 净利润率 | 1 |
      | 资产负债率 | 80 |
      | 主营产品相关Ⅰ类知识产权数 | 0 |
      | 实用新型专利数 | 0 |
      | 外观设计专利数 | 0 |
      | 软件著作权数 | 0 |
      | 研发费用 | 0 |
    而且 "<字段>" 为 "<值>"
    当 在 "2025-06-01" 进行政策体检
    那么 推导结果 "specialized_sme_profile_points" 为 "<得分>"

    例子: 专业化
      | 字段 | 值 | 得分 |
      | 主营业务收入占比 | 80 | 5 |
      | 主营业务收入占比 | 79.9 | 3 |
      | 主营业务收入占比 | 70 | 3 |
      | 主营业务收入占比 | 69.9 | 1 |
      | 主营业务收入占比 | 60 | 1 |
      | 主营业务收入占比 | 59.9 | 0 |
      | 营业收入 | 1210 | 10 |
      | 营业收入 | 1209.9 | 8 |
      | 营业收入 | 1166.4 | 8 |
      | 营业收入 | 1166.3 | 6 |
      | 营业收入 | 1123.6 | 6 |
      | 营业收入 | 1123.5 | 4 |
      | 营业收入 | 1081.6 | 4 |
      | 营业收入 | 1081.5 | 2 |
      | 营业收入 | 1000 | 2 |
      | 营业收入 | 999.9 | 0 |
      | 从事细分市场年限 | 10 | 5 |
      | 从事细分市场年限 | 9.9 | 4 |
      | 从事细分市场年限 | 8 | 4 |
      | 从事细分市场年限 | 6 | 3 |
      | 从事细分市场年限 | 4 | 2 |
      | 从事细分市场年限 | 2 | 1 |
      | 从事细分市场年限 | 1.9 | 0 |
      | 主导产品领域类别 | chain_key | 5 |
      | 主导产品领域类别 | supporting | 3 |

    例子: 精细化
      | 字段 | 值 | 得分 |
      | 数字化水平等级 | 4 | 5 |
      | 数字化水平等级 | 3 | 5 |
      | 数字化水平等级 | 2 | 3 |
      | 质量管理加分项数 | 3 | 5 |
      | 质量管理加分项数 | 2 | 5 |
      | 质量管理加分项数 | 1 | 3 |
      | 净利润率 | 10 | 10 |
      | 净利润率 | 9.9 | 8 |
      | 净利润率 | 8 | 8 |
      | 净利润率 | 6 | 6 |
      | 净利润率 | 4 | 4 |
      | 净利润率 | 2 | 2 |
      | 净利润率 | 1.9 | 0 |
      | 资产负债率 | 49.9 | 5 |
      | 资产负债率 | 50 | 3 |
      | 资产负债率 | 59.9 | 3 |
      | 资产负债率 | 60 | 1 |
      | 资产负债率 | 69.9 | 1 |
      | 资产负债率 | 70 | 0 |

    例子: 研发费用占营业收入（营业收入900万元，金额均不足100万元）
      | 字段 | 值 | 得分 |
      | 研发费用 | 90 | 10 |
      | 研发费用 | 89.9 | 8 |
      | 研发费用 | 72 | 8 |
      | 研发费用 | 71.9 | 6 |
      | 研发费用 | 54 | 6 |
      | 研发费用 | 36 | 4 |
      | 研发费用 | 27 | 2 |
      | 研发费用 | 26.9 | 0 |

  场景大纲: 研发费用金额和主导产品相关知识产权的每个分档（营业收入10亿元，研发占比均不足3%）
    假如 一家企业的画像如下:
      | 字段 | 值 |
      | enterprise.name | 湖州某专用设备有限公司 |
      | 主营业务收入占比 | 50 |
      | 营业收入 | 100000 |
      | 前年营业收入 | 200000 |
      | 从事细分市场年限 | 1 |
      | 主导产品领域类别 | none |
      | 数字化水平等级 | 1 |
      | 质量管理加分项数 | 0 |
      | 净利润率 | 1 |
      | 资产负债率 | 80 |
      | 主营产品相关Ⅰ类知识产权数 | <Ⅰ类> |
      | 自主研发发明专利数 | <自主研发> |
      | 高价值发明专利数 | <高价值> |
      | 实用新型专利数 | <实用新型> |
      | 外观设计专利数 | 0 |
      | 软件著作权数 | 0 |
      | 研发费用 | <研发费用> |
    当 在 "2025-06-01" 进行政策体检
    那么 推导结果 "specialized_sme_profile_points" 为 "<得分>"

    例子:
      | 研发费用 | Ⅰ类 | 自主研发 | 高价值 | 实用新型 | 得分 |
      | 500 | 0 | 0 | 0 | 0 | 10 |
      | 499.9 | 0 | 0 | 0 | 0 | 8 |
      | 400 | 0 | 0 | 0 | 0 | 8 |
      | 300 | 0 | 0 | 0 | 0 | 6 |
      | 200 | 0 | 0 | 0 | 0 | 4 |
      | 100 | 0 | 0 | 0 | 0 | 2 |
      | 99.9 | 0 | 0 | 0 | 0 | 0 |
      | 0 | 1 | 1 | 1 | 0 | 10 |
      | 0 | 1 | 1 | 0 | 0 | 8 |
      | 0 | 1 | 0 | 0 | 3 | 6 |
      | 0 | 0 | 2 | 2 | 3 | 2 |

  # ---- 2026年办法（2026-04-01起；条件据第三方报道）---------------------------------------------
  # 2026年新申请须已是创新型（科技和创新型）中小企业，细分市场满3年、主营业务收入占比≥80%、
  # 资产负债率≤80%、营业收入≥1500万元（或近两年股权融资≥2000万元）、近两年研发费用每年≥100万元且≥3%、
  # 培育平台评价得分≥50分。

  场景大纲: 细分市场2年、主营业务占比75%、没有创新型中小企业称号的企业：2025年符合，2026年办法下存在差距
    假如 企业画像文件 "profiles/examples/cult_specialized_candidate.yaml"
    而且 "enterprise.years_in_niche" 为 "2"
    而且 "enterprise.main_business_share" 为 "75"
    而且 "qualifications.innovative_sme" 为 "否"
    当 在 "<日期>" 进行政策体检
    那么 "specialized_sme" 的结论为 "<结论>"

    例子:
      | 日期       | 结论     |
      | 2025-06-01 | 符合     |
      | 2026-03-31 | 符合     |
      | 2026-04-01 | 存在差距 |
      | 2026-12-01 | 存在差距 |

  场景: 2026年办法下，细分市场2年、主营业务占比75%、没有创新型称号的企业三项条件均存在差距
    假如 企业画像文件 "profiles/examples/cult_specialized_candidate.yaml"
    而且 "enterprise.years_in_niche" 为 "2"
    而且 "enterprise.main_business_share" 为 "75"
    而且 "qualifications.innovative_sme" 为 "否"
    当 在 "2026-12-01" 进行政策体检
    那么 "specialized_sme" 的结论为 "存在差距"
    而且 "specialized_sme" 的差距包含 "innovative_sme_held"
    而且 "specialized_sme" 的差距包含 "niche_years"
    而且 "specialized_sme" 的差距包含 "main_business_share"
    而且 "specialized_sme" 的差距不包含 "revenue_or_equity"
    而且 "specialized_sme" 的下一步包含 "创新型"

  场景: 同一家温州电气企业在2026年办法下仍符合专精特新条件
    假如 企业画像文件 "profiles/examples/cult_specialized_candidate.yaml"
    当 在 "2026-12-01" 进行政策体检
    那么 "specialized_sme" 的结论为 "符合"

  场景: 营业收入1200万元的企业在2022年标准下达到营收门槛，在2026年办法下须达1500万元
    假如 企业画像文件 "profiles/examples/cult_specialized_candidate.yaml"
    而且 "enterprise.revenue" 为 "1200"
    而且 "enterprise.revenue_prev" 为 "1100"
    而且 "enterprise.rd_expense" 为 "150"
    而且 "enterprise.rd_expense_prev" 为 "120"
    当 在 "2026-12-01" 进行政策体检
    那么 "specialized_sme" 的结论为 "存在差距"
    而且 "specialized_sme" 的差距包含 "revenue_or_equity"

  场景: 资产负债率85%的企业在2026年办法下存在差距
    假如 企业画像文件 "profiles/examples/cult_specialized_candidate.yaml"
    而且 "enterprise.debt_ratio" 为 "85"
    当 在 "2026-12-01" 进行政策体检
    那么 "specialized_sme" 的结论为 "存在差距"
    而且 "specialized_sme" 的差距包含 "debt_ratio"

  场景: 上年研发费用达标但前年研发费用只有80万元的企业在2026年办法下存在研发差距（须近两年每年达标）
    假如 企业画像文件 "profiles/examples/cult_specialized_candidate.yaml"
    而且 "enterprise.rd_expense_prev" 为 "80"
    当 在 "2026-12-01" 进行政策体检
    那么 "specialized_sme" 的结论为 "存在差距"
    而且 "specialized_sme" 的差距包含 "rd_expense_amount"
    而且 "specialized_sme" 的差距包含 "rd_expense_share"

  场景: 培育平台评价得分45分的企业在2026年办法下存在差距（2022年标准的直通条件不再适用）
    假如 企业画像文件 "profiles/examples/cult_specialized_candidate.yaml"
    而且 "enterprise.specialized_sme_score" 为 "45"
    而且 "enterprise.rd_expense" 为 "1200"
    而且 "enterprise.rd_expense_prev" 为 "900"
    当 在 "2026-12-01" 进行政策体检
    那么 "specialized_sme" 的结论为 "存在差距"
    而且 "specialized_sme" 的差距包含 "platform_score"

  场景: 未填写培育平台评价得分的企业在2026年办法下无法判断（不再按画像推算2022年评分）
    假如 企业画像文件 "profiles/examples/cult_specialized_candidate.yaml"
    而且 "enterprise.specialized_sme_score" 为 "未知"
    当 在 "2026-12-01" 进行政策体检
    那么 "specialized_sme" 的结论为 "信息不足"

  场景: 没有与主导产品相关Ⅰ类知识产权的企业在2026年办法下存在差距（该条件仅一个公开数据集报道）
    假如 企业画像文件 "profiles/examples/cult_specialized_candidate.yaml"
    而且 "ip.class1_main_product" 为 "0"
    而且 "qualifications.science_award_3y" 为 "否"
    当 在 "2026-12-01" 进行政策体检
    那么 "specialized_sme" 的结论为 "存在差距"
    而且 "specialized_sme" 的差距包含 "class1_ip_2026"
