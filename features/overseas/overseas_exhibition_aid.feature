# language: zh-CN
# 规则 rulebooks/overseas/overseas_exhibition_aid.yaml：“十五五”14. 健全境外展会知识产权维权援助机制；
# 展前准备条件（目标市场已有布局、展品已做风险排查、权利证明随展、有应对预案）为知策推定。
功能: 境外展会知识产权维权援助与展前准备（overseas_exhibition_aid）

  场景: 展前准备齐全的参展企业可以申请展会维权援助
    假如 一家企业的画像如下:
      | 字段 | 值 |
      | enterprise.name | 永康市锐锋五金工具有限公司 |
      | 注册省份 | 浙江省 |
      | 参加境外展会 | 是 |
      | 境外申请覆盖主要市场 | 是 |
      | 已完成FTO分析 | 是 |
      | 参展产品权利证明已备齐 | 是 |
      | 海外纠纷应对预案 | 是 |
    当 在 "2026-11-21" 进行政策体检
    那么 "overseas_exhibition_aid" 的结论为 "符合"
    而且 "overseas_exhibition_aid" 的下一步包含 "展会知识产权投诉站"
    而且 适用的项目包含 "overseas_exhibition_aid"

  场景: 展会所在国没有专利商标布局的企业存在差距
    假如 一家企业的画像如下:
      | 字段 | 值 |
      | 注册省份 | 浙江省 |
      | 参加境外展会 | 是 |
      | 境外申请覆盖主要市场 | 否 |
      | 已完成FTO分析 | 是 |
      | 参展产品权利证明已备齐 | 是 |
      | 海外纠纷应对预案 | 是 |
    当 在 "2026-11-21" 进行政策体检
    那么 "overseas_exhibition_aid" 的结论为 "存在差距"
    而且 "overseas_exhibition_aid" 的差距包含 "rights_in_market"
    而且 "overseas_exhibition_aid" 的差距不包含 "exhibit_risk_check"
    而且 "overseas_exhibition_aid" 的下一步包含 "马德里体系"

  场景: 展品未做侵权风险排查的企业存在差距
    假如 一家企业的画像如下:
      | 字段 | 值 |
      | 注册省份 | 浙江省 |
      | 参加境外展会 | 是 |
      | 境外申请覆盖主要市场 | 是 |
      | 已完成FTO分析 | 否 |
      | 参展产品权利证明已备齐 | 是 |
      | 海外纠纷应对预案 | 是 |
    当 在 "2026-11-21" 进行政策体检
    那么 "overseas_exhibition_aid" 的结论为 "存在差距"
    而且 "overseas_exhibition_aid" 的差距包含 "exhibit_risk_check"
    而且 "overseas_exhibition_aid" 的差距不包含 "rights_in_market"
    而且 "overseas_exhibition_aid" 的下一步包含 "自由实施"

  场景: 没有备齐权利证明的参展企业存在差距
    假如 一家企业的画像如下:
      | 字段 | 值 |
      | 注册省份 | 浙江省 |
      | 参加境外展会 | 是 |
      | 境外申请覆盖主要市场 | 是 |
      | 已完成FTO分析 | 是 |
      | 参展产品权利证明已备齐 | 否 |
      | 海外纠纷应对预案 | 是 |
    当 在 "2026-11-21" 进行政策体检
    那么 "overseas_exhibition_aid" 的结论为 "存在差距"
    而且 "overseas_exhibition_aid" 的差距包含 "rights_proof"
    而且 "overseas_exhibition_aid" 的差距不包含 "rights_in_market"
    而且 "overseas_exhibition_aid" 的下一步包含 "公证的译本"

  场景: 没有展会纠纷应对预案的企业存在差距
    假如 一家企业的画像如下:
      | 字段 | 值 |
      | 注册省份 | 浙江省 |
      | 参加境外展会 | 是 |
      | 境外申请覆盖主要市场 | 是 |
      | 已完成FTO分析 | 是 |
      | 参展产品权利证明已备齐 | 是 |
      | 海外纠纷应对预案 | 否 |
    当 在 "2026-11-21" 进行政策体检
    那么 "overseas_exhibition_aid" 的结论为 "存在差距"
    而且 "overseas_exhibition_aid" 的差距包含 "response_plan"
    而且 "overseas_exhibition_aid" 的差距不包含 "rights_in_market"
    而且 "overseas_exhibition_aid" 的下一步包含 "应对预案"

  场景: 不知道展前准备情况时信息不足
    假如 一家企业的画像如下:
      | 字段 | 值 |
      | 注册省份 | 浙江省 |
      | 参加境外展会 | 是 |
    当 在 "2026-11-21" 进行政策体检
    那么 "overseas_exhibition_aid" 的结论为 "信息不足"
    而且 "overseas_exhibition_aid" 的差距不包含 "rights_in_market"
    而且 适用的项目包含 "overseas_exhibition_aid"

  场景: 不知道是否参加境外展会时信息不足
    假如 一家企业的画像如下:
      | 字段 | 值 |
      | 注册省份 | 浙江省 |
      | 境外申请覆盖主要市场 | 是 |
      | 已完成FTO分析 | 是 |
      | 参展产品权利证明已备齐 | 是 |
      | 海外纠纷应对预案 | 是 |
    当 在 "2026-11-21" 进行政策体检
    那么 "overseas_exhibition_aid" 的结论为 "信息不足"
    而且 适用的项目包含 "overseas_exhibition_aid"

  场景: 不参加境外展会的企业不适用
    假如 一家企业的画像如下:
      | 字段 | 值 |
      | 注册省份 | 浙江省 |
      | 参加境外展会 | 否 |
      | 境外申请覆盖主要市场 | 是 |
      | 已完成FTO分析 | 是 |
      | 参展产品权利证明已备齐 | 是 |
      | 海外纠纷应对预案 | 是 |
    当 在 "2026-11-21" 进行政策体检
    那么 "overseas_exhibition_aid" 的结论为 "不适用"
    而且 "overseas_exhibition_aid" 的差距包含 "exhibits_abroad"
    而且 适用的项目不包含 "overseas_exhibition_aid"

  场景: 注册在外省的参展企业应联系注册地的援助机构
    假如 一家企业的画像如下:
      | 字段 | 值 |
      | 注册省份 | 江苏省 |
      | 参加境外展会 | 是 |
      | 境外申请覆盖主要市场 | 是 |
      | 已完成FTO分析 | 是 |
      | 参展产品权利证明已备齐 | 是 |
      | 海外纠纷应对预案 | 是 |
    当 在 "2026-11-21" 进行政策体检
    那么 "overseas_exhibition_aid" 的结论为 "不适用"
    而且 "overseas_exhibition_aid" 的差距包含 "in_zhejiang"
    而且 适用的项目不包含 "overseas_exhibition_aid"

  场景: “十五五”规划期开始前的日期不评价境外展会援助
    假如 一家企业的画像如下:
      | 字段 | 值 |
      | 注册省份 | 浙江省 |
      | 参加境外展会 | 是 |
      | 境外申请覆盖主要市场 | 是 |
      | 已完成FTO分析 | 是 |
      | 参展产品权利证明已备齐 | 是 |
      | 海外纠纷应对预案 | 是 |
    当 在 "2025-12-31" 进行政策体检
    那么 "overseas_exhibition_aid" 的结论为 "不适用"
