# language: zh-CN
# 高新技术企业认定（rulebooks/cultivation/high_tech_enterprise.yaml），依据国科发火〔2016〕32号。
# 创新能力评价（≥70分）：知识产权“数量”一项按画像计算（Ⅰ类1件以上7–8分；Ⅱ类5件以上5–6分、3–4件3–4分、1–2件1–2分），
# 由专家在档内评定，因此是一个范围；其余92分取企业或辅导机构的预评分。得分范围整体达到或低于70分才下结论。
# 基础画像 profiles/examples/cult_tech_startup.yaml：杭州一家成立5年、近一年销售收入2600万元的软件企业，
# 预评其余各项68分，加上Ⅰ类知识产权数量分7–8分，合计75–76分。
功能: 高新技术企业认定（high_tech_enterprise）

  场景: 各项硬性条件均满足的杭州软件企业符合高企申报条件
    假如 企业画像文件 "profiles/examples/cult_tech_startup.yaml"
    当 在 "2026-11-21" 进行政策体检
    那么 "high_tech_enterprise" 的结论为 "符合"
    而且 "high_tech_enterprise" 的下一步包含 "innocom.gov.cn"
    而且 适用的项目包含 "high_tech_enterprise"

  场景: 已认定为高新技术企业的企业显示已获得
    假如 企业画像文件 "profiles/examples/cult_tech_startup.yaml"
    而且 "qualifications.high_tech_enterprise" 为 "是"
    当 在 "2026-11-21" 进行政策体检
    那么 "high_tech_enterprise" 的结论为 "已获得"
    而且 适用的项目不包含 "high_tech_enterprise"

  场景: 成立不满一年的企业须等满365天后再申报
    假如 企业画像文件 "profiles/examples/cult_tech_startup.yaml"
    而且 "enterprise.registered_on" 为 "2026-03-01"
    当 在 "2026-11-21" 进行政策体检
    那么 "high_tech_enterprise" 的结论为 "存在差距"
    而且 "high_tech_enterprise" 的差距包含 "registered_one_year"

  场景: 没有任何Ⅰ类或Ⅱ类知识产权的企业存在知识产权差距
    假如 企业画像文件 "profiles/examples/cult_tech_startup.yaml"
    而且 "ip.invention_patents" 为 "0"
    而且 "ip.ic_layouts" 为 "0"
    而且 "ip.plant_varieties" 为 "0"
    而且 "ip.utility_models" 为 "0"
    而且 "ip.designs" 为 "0"
    而且 "ip.software_copyrights" 为 "0"
    当 在 "2026-11-21" 进行政策体检
    那么 "high_tech_enterprise" 的结论为 "存在差距"
    而且 "high_tech_enterprise" 的差距包含 "owns_core_ip"
    而且 "high_tech_enterprise" 的下一步包含 "发明专利"

  场景: 只有软件著作权的企业也满足知识产权条件
    假如 企业画像文件 "profiles/examples/cult_tech_startup.yaml"
    而且 "ip.invention_patents" 为 "0"
    而且 "ip.ic_layouts" 为 "0"
    而且 "ip.plant_varieties" 为 "0"
    而且 "ip.utility_models" 为 "0"
    而且 "ip.designs" 为 "0"
    当 在 "2026-11-21" 进行政策体检
    那么 "high_tech_enterprise" 的结论为 "符合"

  场景: 核心技术不在重点支持领域、科技人员和收入结构不达标、一年内发生重大事故的企业存在多项差距
    假如 企业画像文件 "profiles/examples/cult_tech_startup.yaml"
    而且 "enterprise.in_key_high_tech_fields" 为 "否"
    而且 "enterprise.tech_staff" 为 "3"
    而且 "enterprise.rd_domestic_share" 为 "50"
    而且 "enterprise.high_tech_income_share" 为 "40"
    而且 "record.major_incident_1y" 为 "是"
    当 在 "2026-11-21" 进行政策体检
    那么 "high_tech_enterprise" 的结论为 "存在差距"
    而且 "high_tech_enterprise" 的差距包含 "key_high_tech_field"
    而且 "high_tech_enterprise" 的差距包含 "tech_staff_share"
    而且 "high_tech_enterprise" 的差距包含 "rd_domestic_share"
    而且 "high_tech_enterprise" 的差距包含 "high_tech_income_share"
    而且 "high_tech_enterprise" 的差距包含 "no_major_incident"

  场景: 销售收入不超过5000万元的企业近三年研发费用占比不足5%
    假如 企业画像文件 "profiles/examples/cult_tech_startup.yaml"
    而且 "enterprise.rd_expense_3y" 为 "200"
    当 在 "2026-11-21" 进行政策体检
    那么 "high_tech_enterprise" 的结论为 "存在差距"
    而且 "high_tech_enterprise" 的差距包含 "rd_share_small_sales"
    而且 "high_tech_enterprise" 的下一步包含 "研发费用辅助账"

  场景: 销售收入在5000万元至2亿元之间的企业研发费用占比不足4%
    假如 企业画像文件 "profiles/examples/cult_tech_startup.yaml"
    而且 "enterprise.revenue" 为 "8000"
    而且 "enterprise.revenue_3y" 为 "20000"
    而且 "enterprise.rd_expense_3y" 为 "700"
    当 在 "2026-11-21" 进行政策体检
    那么 "high_tech_enterprise" 的结论为 "存在差距"
    而且 "high_tech_enterprise" 的差距包含 "rd_share_mid_sales"

  场景: 销售收入在5000万元至2亿元之间的企业研发费用占比达到4%即可
    假如 企业画像文件 "profiles/examples/cult_tech_startup.yaml"
    而且 "enterprise.revenue" 为 "8000"
    而且 "enterprise.revenue_3y" 为 "20000"
    而且 "enterprise.rd_expense_3y" 为 "850"
    当 在 "2026-11-21" 进行政策体检
    那么 "high_tech_enterprise" 的结论为 "符合"

  场景: 销售收入超过2亿元的企业研发费用占比不足3%
    假如 企业画像文件 "profiles/examples/cult_tech_startup.yaml"
    而且 "enterprise.revenue" 为 "30000"
    而且 "enterprise.revenue_3y" 为 "80000"
    而且 "enterprise.rd_expense_3y" 为 "1600"
    当 在 "2026-11-21" 进行政策体检
    那么 "high_tech_enterprise" 的结论为 "存在差距"
    而且 "high_tech_enterprise" 的差距包含 "rd_share_large_sales"

  场景: 只填写了部分信息的企业无法判断是否符合高企条件
    假如 一家企业的画像如下:
      | 字段 | 值 |
      | enterprise.name | 嘉兴某光电科技有限公司 |
      | 注册省份 | 浙江省 |
      | 成立日期 | 2019-04-01 |
      | 有效发明专利数 | 2 |
      | 属国家重点支持的高新技术领域 | 是 |
    当 在 "2026-11-21" 进行政策体检
    那么 "high_tech_enterprise" 的结论为 "信息不足"
    而且 适用的项目包含 "high_tech_enterprise"

  场景: 其余各项预评63分、有Ⅰ类知识产权的企业创新能力评价至少70分，达到合格线
    假如 企业画像文件 "profiles/examples/cult_tech_startup.yaml"
    而且 "高企创新能力评价其余指标自评得分" 为 "63"
    当 在 "2026-11-21" 进行政策体检
    那么 "high_tech_enterprise" 的结论为 "符合"
    而且 推导结果 "hnte_innovation_score" 为 "未知"

  场景: 其余各项预评62分的企业得分69至70分，取决于专家对知识产权数量的评定，信息不足
    假如 企业画像文件 "profiles/examples/cult_tech_startup.yaml"
    而且 "高企创新能力评价其余指标自评得分" 为 "62"
    当 在 "2026-11-21" 进行政策体检
    那么 "high_tech_enterprise" 的结论为 "信息不足"
    而且 "high_tech_enterprise" 的差距不包含 "innovation_score"

  场景: 其余各项预评61分的企业得分最多69分，创新能力评价差1分
    假如 企业画像文件 "profiles/examples/cult_tech_startup.yaml"
    而且 "高企创新能力评价其余指标自评得分" 为 "61"
    当 在 "2026-11-21" 进行政策体检
    那么 "high_tech_enterprise" 的结论为 "存在差距"
    而且 "high_tech_enterprise" 的差距包含 "innovation_score"
    而且 "high_tech_enterprise" 的差距说明包含 "创新能力评价得分 68–69 分，低于 70 分，还差 1 分"
    而且 "high_tech_enterprise" 的下一步包含 "预评"

  场景: 没有预评其余各项得分的企业无法判断创新能力评价
    假如 企业画像文件 "profiles/examples/cult_tech_startup.yaml"
    而且 "高企创新能力评价其余指标自评得分" 为 "未知"
    当 在 "2026-11-21" 进行政策体检
    那么 "high_tech_enterprise" 的结论为 "信息不足"
    而且 "high_tech_enterprise" 的下一步包含 "高企创新能力评价其余指标自评得分"

  场景: 只有Ⅱ类知识产权时知识产权数量按件数分档，预评70分、无知识产权的企业恰好70分
    假如 企业画像文件 "profiles/examples/cult_tech_startup.yaml"
    而且 "ip.invention_patents" 为 "0"
    而且 "ip.utility_models" 为 "0"
    而且 "ip.software_copyrights" 为 "0"
    而且 "高企创新能力评价其余指标自评得分" 为 "70"
    当 在 "2026-11-21" 进行政策体检
    那么 推导结果 "hnte_ip_quantity_points" 为 "0"
    而且 推导结果 "hnte_innovation_score" 为 "70"
    而且 "high_tech_enterprise" 的差距不包含 "innovation_score"
    而且 "high_tech_enterprise" 的差距包含 "owns_core_ip"

  场景大纲: Ⅱ类知识产权件数的每个分档（其余各项预评0分，得分即知识产权数量分）
    假如 企业画像文件 "profiles/examples/cult_tech_startup.yaml"
    而且 "ip.invention_patents" 为 "0"
    而且 "ip.software_copyrights" 为 "0"
    而且 "ip.utility_models" 为 "<Ⅱ类>"
    而且 "高企创新能力评价其余指标自评得分" 为 "0"
    当 在 "2026-11-21" 进行政策体检
    那么 "high_tech_enterprise" 的差距包含 "innovation_score"
    而且 "high_tech_enterprise" 的差距说明包含 "创新能力评价得分 <得分>，低于 70 分，还差 <差距>"

    例子:
      | Ⅱ类 | 得分 | 差距 |
      | 6 | 5–6 分 | 64 分 |
      | 5 | 5–6 分 | 64 分 |
      | 4 | 3–4 分 | 66 分 |
      | 3 | 3–4 分 | 66 分 |
      | 2 | 1–2 分 | 68 分 |
      | 1 | 1–2 分 | 68 分 |
      | 0 | 0 分 | 70 分 |
