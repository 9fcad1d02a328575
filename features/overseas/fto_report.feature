# language: zh-CN
# 规则 rulebooks/overseas/fto_report.yaml：推广专利自由实施（FTO）报告制度（“十五五”三、（四）14.）。
# 已完成FTO分析的视为已获得；委托和使用FTO报告的准备条件（检索机制、风险应对预案、对接人员）为知策推定。
功能: 出口产品专利自由实施（FTO）报告（fto_report）

  场景: 有检索机制、应对预案和专职人员的出口企业可以委托FTO报告
    假如 一家企业的画像如下:
      | 字段 | 值 |
      | enterprise.name | 宁波某小家电有限公司 |
      | 注册省份 | 浙江省 |
      | 出口额 | 9500 |
      | 出口市场 | US, EU |
      | 已完成FTO分析 | 否 |
      | 研发前开展检索分析 | 是 |
      | 海外纠纷应对预案 | 是 |
      | 专职知识产权人员数 | 1 |
    当 在 "2026-11-21" 进行政策体检
    那么 "fto_report" 的结论为 "符合"
    而且 "fto_report" 的下一步包含 "产品×目标市场"
    而且 适用的项目包含 "fto_report"

  场景: 没有上市和出口前检索机制的企业先要建立检索程序
    假如 企业画像文件 "profiles/examples/std_implementing_little_giant.yaml"
    而且 "研发前开展检索分析" 为 "否"
    当 在 "2026-11-21" 进行政策体检
    那么 "fto_report" 的结论为 "存在差距"
    而且 "fto_report" 的差距包含 "search_capability"
    而且 "fto_report" 的下一步包含 "技术与创新支持中心"

  场景: 没有海外风险应对预案的企业拿到FTO结论也难以处置
    假如 企业画像文件 "profiles/examples/std_implementing_little_giant.yaml"
    而且 "海外纠纷应对预案" 为 "否"
    当 在 "2026-11-21" 进行政策体检
    那么 "fto_report" 的结论为 "存在差距"
    而且 "fto_report" 的差距包含 "risk_response_plan"
    而且 "fto_report" 的下一步包含 "纠纷应对指导中心"

  场景: 既没有专职知识产权人员也没有海外合规负责人的企业缺少对接人
    假如 企业画像文件 "profiles/examples/std_implementing_little_giant.yaml"
    而且 "专职知识产权人员数" 为 "0"
    而且 "海外合规负责人" 为 "否"
    当 在 "2026-11-21" 进行政策体检
    那么 "fto_report" 的结论为 "存在差距"
    而且 "fto_report" 的差距包含 "responsible_person"
    而且 "fto_report" 的下一步包含 "海外合规负责人"

  场景: 没有专职知识产权人员但设了海外合规负责人的企业也有对接人
    假如 企业画像文件 "profiles/examples/std_implementing_little_giant.yaml"
    而且 "专职知识产权人员数" 为 "0"
    而且 "海外合规负责人" 为 "是"
    当 在 "2026-11-21" 进行政策体检
    那么 "fto_report" 的结论为 "符合"

  场景: 已完成FTO分析的企业显示为已获得
    假如 企业画像文件 "profiles/examples/std_cbec_seller.yaml"
    当 在 "2026-11-21" 进行政策体检
    那么 "fto_report" 的结论为 "已获得"
    而且 适用的项目不包含 "fto_report"

  场景: 只做内销的企业不在出口产品FTO推广范围内
    假如 企业画像文件 "profiles/examples/std_implementing_little_giant.yaml"
    而且 "出口额" 为 "0"
    而且 "开展跨境电商" 为 "否"
    当 在 "2026-11-21" 进行政策体检
    那么 "fto_report" 的结论为 "不适用"

  场景: 注册在省外的出口企业不在浙江省推广范围内
    假如 企业画像文件 "profiles/examples/std_implementing_little_giant.yaml"
    而且 "注册省份" 为 "山东省"
    当 在 "2026-11-21" 进行政策体检
    那么 "fto_report" 的结论为 "不适用"

  场景: 只知道有出口、不知道检索和预案情况的企业信息不足
    假如 一家企业的画像如下:
      | 字段 | 值 |
      | 注册省份 | 浙江省 |
      | 出口额 | 3000 |
      | 已完成FTO分析 | 否 |
    当 在 "2026-11-21" 进行政策体检
    那么 "fto_report" 的结论为 "信息不足"
    而且 "fto_report" 的下一步包含 "研发前开展检索分析"
