# language: zh-CN
# 规则 rulebooks/overseas/overseas_ip_insurance.yaml：海外知识产权保险（专栏12：完善海外知识产权保险产品和服务体系）。
# 已投保的视为已获得；投保准备条件（承保前风险排查、在境外有知识产权）为知策推定。
功能: 海外知识产权保险（overseas_ip_insurance）

  场景: 做过商标检索且有PCT申请的出口企业可以投保海外知识产权保险
    假如 企业画像文件 "profiles/examples/std_implementing_little_giant.yaml"
    当 在 "2026-11-21" 进行政策体检
    那么 "overseas_ip_insurance" 的结论为 "符合"
    而且 "overseas_ip_insurance" 的下一步包含 "保费补贴"
    而且 适用的项目包含 "overseas_ip_insurance"

  场景: 既没做FTO也没做商标检索的企业须先完成承保前风险排查
    假如 企业画像文件 "profiles/examples/std_implementing_little_giant.yaml"
    而且 "已完成FTO分析" 为 "否"
    而且 "已完成目标市场商标检索" 为 "否"
    当 在 "2026-11-21" 进行政策体检
    那么 "overseas_ip_insurance" 的结论为 "存在差距"
    而且 "overseas_ip_insurance" 的差距包含 "pre_underwriting_check"
    而且 "overseas_ip_insurance" 的下一步包含 "FTO"

  场景: 境外没有任何专利、商标或PCT申请的企业缺少维权费用险的承保标的
    假如 企业画像文件 "profiles/examples/std_implementing_little_giant.yaml"
    而且 "PCT申请数" 为 "0"
    而且 "境外专利数" 为 "0"
    而且 "境外商标数" 为 "0"
    当 在 "2026-11-21" 进行政策体检
    那么 "overseas_ip_insurance" 的结论为 "存在差距"
    而且 "overseas_ip_insurance" 的差距包含 "overseas_rights"
    而且 "overseas_ip_insurance" 的下一步包含 "境外布局计划"

  场景: 只有境外商标、做过FTO的跨境电商企业也可以投保
    假如 一家企业的画像如下:
      | 字段 | 值 |
      | 注册省份 | 浙江省 |
      | 出口额 | 0 |
      | 开展跨境电商 | 是 |
      | 已完成FTO分析 | 是 |
      | PCT申请数 | 0 |
      | 境外专利数 | 0 |
      | 境外商标数 | 2 |
      | 已投保海外知识产权保险 | 否 |
    当 在 "2026-11-21" 进行政策体检
    那么 "overseas_ip_insurance" 的结论为 "符合"

  场景: 已投保海外知识产权保险的企业显示为已获得
    假如 企业画像文件 "profiles/examples/std_implementing_little_giant.yaml"
    而且 "已投保海外知识产权保险" 为 "是"
    当 在 "2026-11-21" 进行政策体检
    那么 "overseas_ip_insurance" 的结论为 "已获得"
    而且 适用的项目不包含 "overseas_ip_insurance"

  场景: 没有出口也不做跨境电商的企业不需要海外知识产权保险
    假如 企业画像文件 "profiles/examples/std_implementing_little_giant.yaml"
    而且 "出口额" 为 "0"
    而且 "开展跨境电商" 为 "否"
    当 在 "2026-11-21" 进行政策体检
    那么 "overseas_ip_insurance" 的结论为 "不适用"

  场景: 注册在省外的出口企业不在浙江省海外保险体系范围内
    假如 企业画像文件 "profiles/examples/std_implementing_little_giant.yaml"
    而且 "注册省份" 为 "湖北省"
    当 在 "2026-11-21" 进行政策体检
    那么 "overseas_ip_insurance" 的结论为 "不适用"

  场景: 不知道风险排查和境外知识产权情况的出口企业信息不足
    假如 一家企业的画像如下:
      | 字段 | 值 |
      | 注册省份 | 浙江省 |
      | 出口额 | 4200 |
    当 在 "2026-11-21" 进行政策体检
    那么 "overseas_ip_insurance" 的结论为 "信息不足"
    而且 "overseas_ip_insurance" 的下一步包含 "已完成FTO分析"
