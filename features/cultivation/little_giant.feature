# language: zh-CN
# 专精特新“小巨人”企业认定（rulebooks/cultivation/little_giant.yaml），依据2022年《优质中小企业梯度培育管理暂行办法》附件3
# （至2026-03-31）；2026-04-01起按《优质中小企业梯度培育管理办法》（工信部企业〔2026〕2号，条件据第三方报道）。
# 须已是省级专精特新中小企业。2022年标准的场景在 "2025-06-01" 体检，2026年办法的场景在 "2026-12-01" 体检。
# 基础画像 profiles/examples/cult_little_giant_candidate.yaml：绍兴一家营业收入1.5亿元的新材料企业。
功能: 专精特新“小巨人”企业认定（little_giant）

  场景: 已是省级专精特新且专精特新各项指标达标的绍兴新材料企业符合小巨人条件
    假如 企业画像文件 "profiles/examples/cult_little_giant_candidate.yaml"
    当 在 "2025-06-01" 进行政策体检
    那么 "little_giant" 的结论为 "符合"
    而且 "little_giant" 的下一步包含 "工业和信息化部"

  场景: 已认定小巨人的企业显示已获得
    假如 企业画像文件 "profiles/examples/cult_little_giant_candidate.yaml"
    而且 "qualifications.little_giant" 为 "是"
    当 在 "2025-06-01" 进行政策体检
    那么 "little_giant" 的结论为 "已获得"

  场景: 大型企业不参加小巨人认定
    假如 企业画像文件 "profiles/examples/cult_little_giant_candidate.yaml"
    而且 "enterprise.employees" 为 "1500"
    而且 "enterprise.revenue" 为 "50000"
    而且 "enterprise.revenue_prev" 为 "45000"
    而且 "enterprise.revenue_prev2" 为 "40000"
    当 在 "2025-06-01" 进行政策体检
    那么 "little_giant" 的结论为 "不适用"
    而且 "little_giant" 的差距包含 "is_sme"

  场景: 尚未认定省级专精特新的企业须先取得专精特新资格
    假如 企业画像文件 "profiles/examples/cult_little_giant_candidate.yaml"
    而且 "qualifications.specialized_sme" 为 "否"
    当 在 "2025-06-01" 进行政策体检
    那么 "little_giant" 的结论为 "存在差距"
    而且 "little_giant" 的差距包含 "specialized_sme_held"
    而且 "little_giant" 的下一步包含 "专精特新中小企业认定"

  场景: 专业化精细化特色化指标均不达标的企业存在多项差距
    假如 企业画像文件 "profiles/examples/cult_little_giant_candidate.yaml"
    而且 "enterprise.years_in_niche" 为 "2"
    而且 "enterprise.main_business_share" 为 "60"
    而且 "enterprise.debt_ratio" 为 "76"
    而且 "enterprise.niche_market_share" 为 "5"
    当 在 "2025-06-01" 进行政策体检
    那么 "little_giant" 的结论为 "存在差距"
    而且 "little_giant" 的差距包含 "niche_years"
    而且 "little_giant" 的差距包含 "main_business_share"
    而且 "little_giant" 的差距包含 "debt_ratio"
    而且 "little_giant" 的差距包含 "niche_market_share"

  场景: 近两年营业收入增长不足年均5%的企业存在成长性差距
    假如 企业画像文件 "profiles/examples/cult_little_giant_candidate.yaml"
    而且 "enterprise.revenue" 为 "12500"
    而且 "enterprise.rd_expense" 为 "500"
    当 在 "2025-06-01" 进行政策体检
    那么 "little_giant" 的结论为 "存在差距"
    而且 "little_giant" 的差距包含 "revenue_growth"

  场景: 营业收入1亿元以上但上年研发费用占比不足3%的企业存在研发差距
    假如 企业画像文件 "profiles/examples/cult_little_giant_candidate.yaml"
    而且 "enterprise.rd_expense" 为 "300"
    当 在 "2025-06-01" 进行政策体检
    那么 "little_giant" 的结论为 "存在差距"
    而且 "little_giant" 的差距包含 "rd_share_large_revenue"

  场景: 营业收入5000万元至1亿元的企业研发费用占比须达到6%
    假如 企业画像文件 "profiles/examples/cult_little_giant_candidate.yaml"
    而且 "enterprise.revenue" 为 "8000"
    而且 "enterprise.revenue_prev" 为 "7000"
    而且 "enterprise.revenue_prev2" 为 "6000"
    而且 "enterprise.rd_expense" 为 "400"
    当 在 "2025-06-01" 进行政策体检
    那么 "little_giant" 的结论为 "存在差距"
    而且 "little_giant" 的差距包含 "rd_share_mid_revenue"

  场景: 营业收入5000万元至1亿元且两年研发占比均超过6%的企业满足研发条件
    假如 企业画像文件 "profiles/examples/cult_little_giant_candidate.yaml"
    而且 "enterprise.revenue" 为 "8000"
    而且 "enterprise.revenue_prev" 为 "7000"
    而且 "enterprise.revenue_prev2" 为 "6000"
    而且 "enterprise.rd_expense" 为 "520"
    而且 "enterprise.rd_expense_prev" 为 "450"
    当 在 "2025-06-01" 进行政策体检
    那么 "little_giant" 的结论为 "符合"

  场景: 营业收入不足5000万元且股权融资和研发投入不足的企业存在研发差距
    假如 企业画像文件 "profiles/examples/cult_little_giant_candidate.yaml"
    而且 "enterprise.revenue" 为 "4000"
    而且 "enterprise.revenue_prev" 为 "3500"
    而且 "enterprise.revenue_prev2" 为 "3000"
    当 在 "2025-06-01" 进行政策体检
    那么 "little_giant" 的结论为 "存在差距"
    而且 "little_giant" 的差距包含 "rd_small_revenue"

  场景: 主导产品Ⅰ类知识产权只有1项的企业存在创新差距
    假如 企业画像文件 "profiles/examples/cult_little_giant_candidate.yaml"
    而且 "ip.class1_main_product" 为 "1"
    当 在 "2025-06-01" 进行政策体检
    那么 "little_giant" 的结论为 "存在差距"
    而且 "little_giant" 的差距包含 "class1_ip_main_product"

  # 2022年标准只要求“自建或与高校、科研机构联合建立研发机构”，不要求认定级别：画像只记录经认定研发机构的
  # 级别，“无经认定研发机构”不能说明企业没有自建或联合的研发机构，因此该条件为未知而不是差距。
  场景: 没有经认定研发机构的企业不因研发机构级别被判存在差距（2022年标准不要求级别）
    假如 企业画像文件 "profiles/examples/cult_little_giant_candidate.yaml"
    而且 "qualifications.rd_institution" 为 "none"
    当 在 "2025-06-01" 进行政策体检
    那么 "little_giant" 的结论为 "信息不足"
    而且 "little_giant" 的差距不包含 "rd_institution"
    而且 推导结果 "little_giant_rd_institution" 为 "未知"

  场景: 有市级研发机构的企业满足研发机构条件
    假如 企业画像文件 "profiles/examples/cult_little_giant_candidate.yaml"
    而且 "qualifications.rd_institution" 为 "municipal"
    当 在 "2025-06-01" 进行政策体检
    那么 "little_giant" 的结论为 "符合"
    而且 推导结果 "little_giant_rd_institution" 为 "是"

  场景: 没有细分市场占有率数据的企业无法判断是否符合小巨人条件
    假如 企业画像文件 "profiles/examples/cult_little_giant_candidate.yaml"
    而且 "enterprise.niche_market_share" 为 "未知"
    当 在 "2025-06-01" 进行政策体检
    那么 "little_giant" 的结论为 "信息不足"
    而且 适用的项目包含 "little_giant"

  # ---- 2026年办法（2026-04-01起；条件据第三方报道，原文未能核对）----------------------------
  场景: 同一家绍兴新材料企业在2026年办法下符合小巨人条件
    假如 企业画像文件 "profiles/examples/cult_little_giant_candidate.yaml"
    当 在 "2026-12-01" 进行政策体检
    那么 "little_giant" 的结论为 "符合"

  场景: 主营业务占比85%、近两年研发费用合计1140万元的企业2022年标准下符合，2026年办法下存在差距
    假如 企业画像文件 "profiles/examples/cult_little_giant_candidate.yaml"
    而且 "enterprise.main_business_share" 为 "85"
    而且 "enterprise.rd_expense" 为 "600"
    而且 "enterprise.rd_expense_prev" 为 "540"
    当 在 "2026-12-01" 进行政策体检
    那么 "little_giant" 的结论为 "存在差距"
    而且 "little_giant" 的差距包含 "main_business_share"
    而且 "little_giant" 的差距包含 "rd_2026"

  场景: 主营业务占比85%、近两年研发费用合计1140万元的企业在2022年标准下符合小巨人条件
    假如 企业画像文件 "profiles/examples/cult_little_giant_candidate.yaml"
    而且 "enterprise.main_business_share" 为 "85"
    而且 "enterprise.rd_expense" 为 "600"
    而且 "enterprise.rd_expense_prev" 为 "540"
    当 在 "2025-06-01" 进行政策体检
    那么 "little_giant" 的结论为 "符合"

  场景: 营业收入4800万元的企业在2026年办法下营业收入未达5000万元
    假如 企业画像文件 "profiles/examples/cult_little_giant_candidate.yaml"
    而且 "enterprise.specialized_sme_score" 为 "72"
    而且 "enterprise.main_business_share" 为 "92"
    而且 "enterprise.revenue" 为 "4800"
    而且 "enterprise.revenue_prev" 为 "4500"
    而且 "enterprise.revenue_prev2" 为 "4000"
    而且 "enterprise.rd_expense" 为 "700"
    当 在 "2026-12-01" 进行政策体检
    那么 "little_giant" 的结论为 "存在差距"
    而且 "little_giant" 的差距包含 "revenue_2026"

  场景: 主导产品Ⅰ类知识产权3项的企业在2026年办法下须达到4项（2022年标准2项即可）
    假如 企业画像文件 "profiles/examples/cult_little_giant_candidate.yaml"
    而且 "enterprise.specialized_sme_score" 为 "72"
    而且 "enterprise.main_business_share" 为 "92"
    而且 "enterprise.rd_expense" 为 "700"
    而且 "enterprise.rd_expense_prev" 为 "600"
    而且 "ip.class1_main_product" 为 "3"
    当 在 "2026-12-01" 进行政策体检
    那么 "little_giant" 的结论为 "存在差距"
    而且 "little_giant" 的差距包含 "class1_ip_main_product"

  场景: 未填写培育平台评价得分的企业在2026年办法下无法判断
    假如 企业画像文件 "profiles/examples/cult_little_giant_candidate.yaml"
    而且 "enterprise.specialized_sme_score" 为 "未知"
    而且 "enterprise.main_business_share" 为 "92"
    而且 "enterprise.rd_expense" 为 "700"
    而且 "enterprise.rd_expense_prev" 为 "600"
    当 在 "2026-12-01" 进行政策体检
    那么 "little_giant" 的结论为 "信息不足"
    而且 "little_giant" 的下一步包含 "评价得分"
