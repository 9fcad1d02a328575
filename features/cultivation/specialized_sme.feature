# language: zh-CN
# 专精特新中小企业认定（rulebooks/cultivation/specialized_sme.yaml），依据2022年《优质中小企业梯度培育管理暂行办法》附件2
# （已于2026年修订，修订后阈值待核实）。评分（含浙江特色化指标）取企业在省平台的自评得分。
# 基础画像 profiles/examples/cult_specialized_candidate.yaml：温州一家营业收入1.68亿元的中型电气企业，自评72分。
功能: 专精特新中小企业认定（specialized_sme）

  场景: 深耕细分市场9年、研发投入达标、自评72分的温州电气企业符合专精特新条件
    假如 企业画像文件 "profiles/examples/cult_specialized_candidate.yaml"
    当 在 "2026-11-21" 进行政策体检
    那么 "specialized_sme" 的结论为 "符合"
    而且 "specialized_sme" 的下一步包含 "经信厅"

  场景: 已认定专精特新中小企业的企业显示已获得
    假如 企业画像文件 "profiles/examples/cult_specialized_candidate.yaml"
    而且 "qualifications.specialized_sme" 为 "是"
    当 在 "2026-11-21" 进行政策体检
    那么 "specialized_sme" 的结论为 "已获得"

  场景: 大型企业不参加专精特新中小企业认定
    假如 企业画像文件 "profiles/examples/cult_specialized_candidate.yaml"
    而且 "enterprise.employees" 为 "1200"
    而且 "enterprise.revenue" 为 "45000"
    当 在 "2026-11-21" 进行政策体检
    那么 "specialized_sme" 的结论为 "不适用"
    而且 "specialized_sme" 的差距包含 "is_sme"

  场景: 从事细分市场仅1年的企业须满2年后再申报
    假如 企业画像文件 "profiles/examples/cult_specialized_candidate.yaml"
    而且 "enterprise.years_in_niche" 为 "1"
    当 在 "2026-11-21" 进行政策体检
    那么 "specialized_sme" 的结论为 "存在差距"
    而且 "specialized_sme" 的差距包含 "niche_years"

  场景: 上年研发费用不足100万元的企业研发总额和占比均存在差距
    假如 企业画像文件 "profiles/examples/cult_specialized_candidate.yaml"
    而且 "enterprise.rd_expense" 为 "80"
    当 在 "2026-11-21" 进行政策体检
    那么 "specialized_sme" 的结论为 "存在差距"
    而且 "specialized_sme" 的差距包含 "rd_expense_amount"
    而且 "specialized_sme" 的差距包含 "rd_expense_share"

  场景: 研发费用超过100万元但占营业收入不足3%的企业存在研发占比差距
    假如 企业画像文件 "profiles/examples/cult_specialized_candidate.yaml"
    而且 "enterprise.rd_expense" 为 "400"
    当 在 "2026-11-21" 进行政策体检
    那么 "specialized_sme" 的结论为 "存在差距"
    而且 "specialized_sme" 的差距包含 "rd_expense_share"

  场景: 营业收入不足1000万元且融资不足2000万元的企业存在营收差距
    假如 企业画像文件 "profiles/examples/cult_specialized_candidate.yaml"
    而且 "enterprise.revenue" 为 "800"
    而且 "enterprise.rd_expense" 为 "150"
    当 在 "2026-11-21" 进行政策体检
    那么 "specialized_sme" 的结论为 "存在差距"
    而且 "specialized_sme" 的差距包含 "revenue_or_equity"

  场景: 营业收入不足1000万元但近两年股权融资2500万元的企业满足营收条件
    假如 企业画像文件 "profiles/examples/cult_specialized_candidate.yaml"
    而且 "enterprise.revenue" 为 "800"
    而且 "enterprise.rd_expense" 为 "150"
    而且 "enterprise.equity_financing_2y" 为 "2500"
    当 在 "2026-11-21" 进行政策体检
    那么 "specialized_sme" 的结论为 "符合"

  场景: 自评50分且无直通条件的企业评分存在差距
    假如 企业画像文件 "profiles/examples/cult_specialized_candidate.yaml"
    而且 "enterprise.specialized_sme_score" 为 "50"
    当 在 "2026-11-21" 进行政策体检
    那么 "specialized_sme" 的结论为 "存在差距"
    而且 "specialized_sme" 的差距包含 "score_or_direct"

  场景: 自评不足60分但近两年研发费用年均超过1000万元的企业可直通
    假如 企业画像文件 "profiles/examples/cult_specialized_candidate.yaml"
    而且 "enterprise.specialized_sme_score" 为 "50"
    而且 "enterprise.rd_expense" 为 "1200"
    而且 "enterprise.rd_expense_prev" 为 "900"
    当 在 "2026-11-21" 进行政策体检
    那么 "specialized_sme" 的结论为 "符合"

  场景: 尚未在省平台自评的企业无法判断评分条件
    假如 企业画像文件 "profiles/examples/cult_specialized_candidate.yaml"
    而且 "enterprise.specialized_sme_score" 为 "未知"
    当 在 "2026-11-21" 进行政策体检
    那么 "specialized_sme" 的结论为 "信息不足"
    而且 适用的项目包含 "specialized_sme"
