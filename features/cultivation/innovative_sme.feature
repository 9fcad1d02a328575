# language: zh-CN
# 创新型中小企业评价（rulebooks/cultivation/innovative_sme.yaml），依据2022年《优质中小企业梯度培育管理暂行办法》附件1
# （已于2026年修订，修订后分档待核实）。检查表每项5分、合计100分，得分即评价总分，60分为合格线；
# 具备直通条件的企业每项均视为满足。
功能: 创新型中小企业评价（innovative_sme）

  场景: 研发投入高、主营突出、营收增长快的软件企业评分达到95分符合条件
    假如 企业画像文件 "profiles/examples/cult_tech_startup.yaml"
    当 在 "2026-11-21" 进行政策体检
    那么 "innovative_sme" 的结论为 "符合"
    而且 "innovative_sme" 的差距包含 "ip_class1_high_value"
    而且 "innovative_sme" 的下一步包含 "梯度培育平台"

  场景: 主导产品不属于战略性新兴产业的企业该项只得5分但总分仍达标
    假如 企业画像文件 "profiles/examples/cult_tech_startup.yaml"
    而且 "enterprise.in_strategic_emerging" 为 "否"
    当 在 "2026-11-21" 进行政策体检
    那么 "innovative_sme" 的结论为 "符合"
    而且 "innovative_sme" 的差距包含 "strategic_emerging"

  场景: 已认定创新型中小企业的企业显示已获得
    假如 企业画像文件 "profiles/examples/cult_tech_startup.yaml"
    而且 "qualifications.innovative_sme" 为 "是"
    当 在 "2026-11-21" 进行政策体检
    那么 "innovative_sme" 的结论为 "已获得"

  场景: 大型企业不参加创新型中小企业评价
    假如 企业画像文件 "profiles/examples/cult_tech_startup.yaml"
    而且 "enterprise.employees" 为 "400"
    而且 "enterprise.revenue" 为 "12000"
    当 在 "2026-11-21" 进行政策体检
    那么 "innovative_sme" 的结论为 "不适用"
    而且 "innovative_sme" 的差距包含 "is_sme"

  场景: 各项指标都不得分的传统小企业评分不足60分
    假如 一家企业的画像如下:
      | 字段 | 值 |
      | enterprise.name | 金华某五金制品有限公司 |
      | 注册省份 | 浙江省 |
      | 行业代码 | C33 |
      | 从业人员数 | 60 |
      | 营业收入 | 900 |
      | 上年营业收入 | 1000 |
      | 资产负债率 | 80 |
      | 主营业务收入占比 | 45 |
      | 研发费用 | 0 |
      | 近两年新增股权融资 | 0 |
      | 主营产品相关Ⅰ类知识产权数 | 0 |
      | 实用新型专利数 | 0 |
      | 外观设计专利数 | 0 |
      | 软件著作权数 | 0 |
      | 已认定高新技术企业 | 否 |
      | 已认定知识产权优势企业 | 否 |
      | 已认定知识产权示范企业 | 否 |
      | 研发机构级别 | none |
      | 近三年获省部级以上科技奖励 | 否 |
    当 在 "2026-11-21" 进行政策体检
    那么 "innovative_sme" 的结论为 "存在差距"
    而且 "innovative_sme" 的差距包含 "ip_class2"
    而且 "innovative_sme" 的差距包含 "ip_class1"
    而且 "innovative_sme" 的差距包含 "ip_class1_self_developed"
    而且 "innovative_sme" 的差距包含 "ip_class1_high_value"
    而且 "innovative_sme" 的差距包含 "rd_1pct"
    而且 "innovative_sme" 的差距包含 "rd_2pct"
    而且 "innovative_sme" 的差距包含 "rd_3pct"
    而且 "innovative_sme" 的差距包含 "rd_5pct"
    而且 "innovative_sme" 的差距包含 "growth_0pct"
    而且 "innovative_sme" 的差距包含 "growth_5pct"
    而且 "innovative_sme" 的差距包含 "growth_10pct"
    而且 "innovative_sme" 的差距包含 "growth_15pct"
    而且 "innovative_sme" 的差距包含 "debt_75"
    而且 "innovative_sme" 的差距包含 "debt_55"
    而且 "innovative_sme" 的差距包含 "product_field_known"
    而且 "innovative_sme" 的差距包含 "share_50"
    而且 "innovative_sme" 的差距包含 "share_55"
    而且 "innovative_sme" 的差距包含 "share_60"
    而且 "innovative_sme" 的差距包含 "share_70"
    而且 "innovative_sme" 的下一步包含 "研发费用辅助账"

  场景: 评分不足但已认定知识产权优势企业的企业可直通评为创新型中小企业
    假如 一家企业的画像如下:
      | 字段 | 值 |
      | enterprise.name | 金华某五金制品有限公司 |
      | 注册省份 | 浙江省 |
      | 行业代码 | C33 |
      | 从业人员数 | 60 |
      | 营业收入 | 900 |
      | 上年营业收入 | 1000 |
      | 资产负债率 | 80 |
      | 主营业务收入占比 | 45 |
      | 研发费用 | 0 |
      | 已认定知识产权优势企业 | 是 |
    当 在 "2026-11-21" 进行政策体检
    那么 "innovative_sme" 的结论为 "符合"

  场景: 已得55分而研发投入和直通条件未填写的企业信息不足
    假如 一家企业的画像如下:
      | 字段 | 值 |
      | enterprise.name | 湖州某竹木新材料有限公司 |
      | 注册省份 | 浙江省 |
      | 行业代码 | C20 |
      | 从业人员数 | 90 |
      | 营业收入 | 3000 |
      | 上年营业收入 | 2500 |
      | 资产负债率 | 40 |
      | 主营业务收入占比 | 52 |
      | 主导产品属战略性新兴产业 | 否 |
      | 主营产品相关Ⅰ类知识产权数 | 1 |
      | 自主研发发明专利数 | 1 |
      | 高价值发明专利数 | 0 |
    当 在 "2026-11-21" 进行政策体检
    那么 "innovative_sme" 的结论为 "信息不足"
    而且 适用的项目包含 "innovative_sme"
