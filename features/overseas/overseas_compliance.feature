# language: zh-CN
# 规则 rulebooks/overseas/overseas_compliance.yaml：海外知识产权合规自查（专栏12；三、（四）14.）。
# 七项 O1–O7：境外布局（2分）、FTO（2分）、商标检索、海外保险、纠纷预案、数据与AI合规、337与海关监测（各1分），
# 合计9分，70分及格。清单、权重和及格线为知策推定（inferred）。有出口额或开展跨境电商的企业适用。
# O7 只对出口到美国、欧盟（EU 及 DE、NL、FR、IT、ES、PL、BE）的企业要求，其他企业视为满足。
功能: 企业海外知识产权合规自查（overseas_compliance）

  场景: 七项措施全部具备的出口企业海外合规自查为符合
    假如 一家企业的画像如下:
      | 字段 | 值 |
      | enterprise.name | 台州某汽车零部件有限公司 |
      | 注册省份 | 浙江省 |
      | 出口额 | 8000 |
      | 出口市场 | US, EU |
      | 境外申请覆盖主要市场 | 是 |
      | 已完成FTO分析 | 是 |
      | 已完成目标市场商标检索 | 是 |
      | 已投保海外知识产权保险 | 是 |
      | 海外纠纷应对预案 | 是 |
      | 跨境数据与AI合规检查 | 是 |
      | 海关与337调查监测 | 是 |
    当 在 "2026-11-21" 进行政策体检
    那么 "overseas_compliance" 的结论为 "符合"
    而且 "overseas_compliance" 的下一步包含 "浙江知识产权在线"
    而且 适用的项目包含 "overseas_compliance"

  场景: 未投保海外保险、未做数据与AI合规检查的跨境电商卖家得77.8分，仍达到及格线
    假如 企业画像文件 "profiles/examples/std_cbec_seller.yaml"
    当 在 "2026-11-21" 进行政策体检
    那么 "overseas_compliance" 的结论为 "符合"
    而且 "overseas_compliance" 的差距包含 "ip_insurance"
    而且 "overseas_compliance" 的差距包含 "data_ai_check"
    而且 "overseas_compliance" 的下一步包含 "保费补贴"

  场景大纲: 跨境电商卖家再缺少一项措施就低于及格线
    假如 企业画像文件 "profiles/examples/std_cbec_seller.yaml"
    而且 "<字段>" 为 "否"
    当 在 "2026-11-21" 进行政策体检
    那么 "overseas_compliance" 的结论为 "存在差距"
    而且 "overseas_compliance" 的差距包含 "<条件>"
    而且 "overseas_compliance" 的下一步包含 "<建议>"

    例子:
      | 字段 | 条件 | 建议 |
      | 境外申请覆盖主要市场 | filings_cover_markets | 马德里体系 |
      | 已完成FTO分析 | fto_done | 专利自由实施（FTO）报告 |
      | 已完成目标市场商标检索 | trademark_clearance | WIPO全球品牌数据库 |
      | 海外纠纷应对预案 | dispute_plan | 宁波分中心 |
      | 海关与337调查监测 | customs_monitoring | 337调查 |

  场景: 只出口日本和韩国的企业不要求337调查和欧盟海关监测
    假如 一家企业的画像如下:
      | 字段 | 值 |
      | 注册省份 | 浙江省 |
      | 出口额 | 2600 |
      | 出口市场 | JP, KR |
      | 境外申请覆盖主要市场 | 否 |
      | 已完成FTO分析 | 是 |
      | 已完成目标市场商标检索 | 是 |
      | 已投保海外知识产权保险 | 是 |
      | 海外纠纷应对预案 | 是 |
      | 跨境数据与AI合规检查 | 是 |
      | 海关与337调查监测 | 否 |
    当 在 "2026-11-21" 进行政策体检
    那么 "overseas_compliance" 的结论为 "符合"
    而且 "overseas_compliance" 的差距包含 "filings_cover_markets"

  场景: 同样的企业改为出口德国，就要求开展欧盟海关监测并因此低于及格线
    假如 一家企业的画像如下:
      | 字段 | 值 |
      | 注册省份 | 浙江省 |
      | 出口额 | 2600 |
      | 出口市场 | JP, DE |
      | 境外申请覆盖主要市场 | 否 |
      | 已完成FTO分析 | 是 |
      | 已完成目标市场商标检索 | 是 |
      | 已投保海外知识产权保险 | 是 |
      | 海外纠纷应对预案 | 是 |
      | 跨境数据与AI合规检查 | 是 |
      | 海关与337调查监测 | 否 |
    当 在 "2026-11-21" 进行政策体检
    那么 "overseas_compliance" 的结论为 "存在差距"
    而且 "overseas_compliance" 的差距包含 "customs_monitoring"

  场景: 既无出口也不做跨境电商的企业不需要海外合规自查
    假如 一家企业的画像如下:
      | 字段 | 值 |
      | 注册省份 | 浙江省 |
      | 出口额 | 0 |
      | 开展跨境电商 | 否 |
    当 在 "2026-11-21" 进行政策体检
    那么 "overseas_compliance" 的结论为 "不适用"
    而且 适用的项目不包含 "overseas_compliance"

  场景: 注册在省外的出口企业不在浙江省涉外风险防控工程范围内
    假如 企业画像文件 "profiles/examples/std_cbec_seller.yaml"
    而且 "注册省份" 为 "江苏省"
    当 在 "2026-11-21" 进行政策体检
    那么 "overseas_compliance" 的结论为 "不适用"

  场景: 没有出口额、不知道是否做跨境电商的企业信息不足
    假如 一家企业的画像如下:
      | 字段 | 值 |
      | 注册省份 | 浙江省 |
      | 出口额 | 0 |
      | 境外申请覆盖主要市场 | 是 |
      | 已完成FTO分析 | 是 |
      | 已完成目标市场商标检索 | 是 |
      | 已投保海外知识产权保险 | 是 |
      | 海外纠纷应对预案 | 是 |
      | 跨境数据与AI合规检查 | 是 |
      | 海关与337调查监测 | 是 |
    当 在 "2026-11-21" 进行政策体检
    那么 "overseas_compliance" 的结论为 "信息不足"
    而且 "overseas_compliance" 的下一步包含 "开展跨境电商"

  场景: 出口企业只填了出口额、七项措施都没填时信息不足
    假如 一家企业的画像如下:
      | 字段 | 值 |
      | 注册省份 | 浙江省 |
      | 出口额 | 1200 |
    当 在 "2026-11-21" 进行政策体检
    那么 "overseas_compliance" 的结论为 "信息不足"
    而且 适用的项目包含 "overseas_compliance"
