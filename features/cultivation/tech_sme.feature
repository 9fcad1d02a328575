# language: zh-CN
# 科技型中小企业评价入库（rulebooks/cultivation/tech_sme.yaml），依据国科发政〔2017〕115号、国科发政〔2022〕53号。
# 60分评分须在全国科技型中小企业信息服务平台自评确认，本工具检查画像可判断的条件。
功能: 科技型中小企业评价入库（tech_sme）

  场景: 规模在上限内、信用良好、科技人员占比超过10%的软件企业符合入库条件
    假如 企业画像文件 "profiles/examples/cult_tech_startup.yaml"
    当 在 "2026-11-21" 进行政策体检
    那么 "tech_sme" 的结论为 "符合"
    而且 "tech_sme" 的下一步包含 "kjxzx.chinatorch.org.cn"
    而且 "tech_sme" 的下一步包含 "60分"

  场景: 已入库的科技型中小企业显示已获得
    假如 企业画像文件 "profiles/examples/cult_tech_startup.yaml"
    而且 "qualifications.tech_sme" 为 "是"
    当 在 "2026-11-21" 进行政策体检
    那么 "tech_sme" 的结论为 "已获得"
    而且 适用的项目不包含 "tech_sme"

  场景: 职工超过500人的企业不属于科技型中小企业
    假如 企业画像文件 "profiles/examples/cult_tech_startup.yaml"
    而且 "enterprise.employees" 为 "650"
    而且 "enterprise.tech_staff" 为 "120"
    当 在 "2026-11-21" 进行政策体检
    那么 "tech_sme" 的结论为 "不适用"
    而且 "tech_sme" 的差距包含 "employees_within_limit"
    而且 适用的项目不包含 "tech_sme"

  场景: 年销售收入超过2亿元的企业不属于科技型中小企业
    假如 企业画像文件 "profiles/examples/cult_tech_startup.yaml"
    而且 "enterprise.revenue" 为 "26000"
    当 在 "2026-11-21" 进行政策体检
    那么 "tech_sme" 的结论为 "不适用"
    而且 "tech_sme" 的差距包含 "sales_within_limit"

  场景: 资产总额超过2亿元的企业不属于科技型中小企业
    假如 企业画像文件 "profiles/examples/cult_tech_startup.yaml"
    而且 "enterprise.total_assets" 为 "21000"
    当 在 "2026-11-21" 进行政策体检
    那么 "tech_sme" 的结论为 "不适用"
    而且 "tech_sme" 的差距包含 "assets_within_limit"

  场景: 近一年发生重大安全质量事故的企业当年不能入库
    假如 企业画像文件 "profiles/examples/cult_tech_startup.yaml"
    而且 "record.major_incident_1y" 为 "是"
    当 在 "2026-11-21" 进行政策体检
    那么 "tech_sme" 的结论为 "存在差距"
    而且 "tech_sme" 的差距包含 "no_incident_or_misconduct"

  场景: 列入经营异常名录的企业须先完成信用修复
    假如 企业画像文件 "profiles/examples/cult_tech_startup.yaml"
    而且 "record.abnormal_operation" 为 "是"
    当 在 "2026-11-21" 进行政策体检
    那么 "tech_sme" 的结论为 "存在差距"
    而且 "tech_sme" 的差距包含 "credit_standing"
    而且 "tech_sme" 的下一步包含 "信用修复"

  场景: 科技人员占比不足10%且无直接确认条件的企业存在差距
    假如 企业画像文件 "profiles/examples/cult_tech_startup.yaml"
    而且 "enterprise.tech_staff" 为 "3"
    当 在 "2026-11-21" 进行政策体检
    那么 "tech_sme" 的结论为 "存在差距"
    而且 "tech_sme" 的差距包含 "tech_staff_or_direct"

  场景: 科技人员占比不足10%但拥有省级研发机构的企业可直接确认
    假如 企业画像文件 "profiles/examples/cult_tech_startup.yaml"
    而且 "enterprise.tech_staff" 为 "3"
    而且 "qualifications.rd_institution" 为 "provincial"
    当 在 "2026-11-21" 进行政策体检
    那么 "tech_sme" 的结论为 "符合"

  场景: 没有填写信用记录的企业无法判断能否入库
    假如 一家企业的画像如下:
      | 字段 | 值 |
      | enterprise.name | 台州某模具科技有限公司 |
      | 注册省份 | 浙江省 |
      | 从业人员数 | 60 |
      | 科技人员数 | 12 |
      | 营业收入 | 3000 |
      | 资产总额 | 2500 |
    当 在 "2026-11-21" 进行政策体检
    那么 "tech_sme" 的结论为 "信息不足"
    而且 适用的项目包含 "tech_sme"
