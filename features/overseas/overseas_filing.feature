# language: zh-CN
# 规则 rulebooks/overseas/overseas_filing.yaml：海外知识产权布局（“十五五”三、（四）13.、专栏2；“十四五”PCT倍增计划）。
# 境外申请已覆盖主要出口市场的视为已获得。马德里国际注册须以国内商标为基础、PCT可要求国内在先申请的优先权
# （巴黎公约：发明、实用新型12个月，外观设计、商标6个月）；
# 其余准备条件为知策推定。
功能: 海外知识产权布局（overseas_filing）

  场景: 有国内商标和发明专利、配有专职人员的出口企业可以开展海外布局
    假如 一家企业的画像如下:
      | 字段 | 值 |
      | enterprise.name | 湖州某新材料有限公司 |
      | 注册省份 | 浙江省 |
      | 出口额 | 3500 |
      | 出口市场 | EU, JP |
      | 境外申请覆盖主要市场 | 否 |
      | 注册商标数 | 4 |
      | 有效发明专利数 | 6 |
      | 专职知识产权人员数 | 1 |
    当 在 "2026-11-21" 进行政策体检
    那么 "overseas_filing" 的结论为 "符合"
    而且 "overseas_filing" 的下一步包含 "PCT"
    而且 适用的项目包含 "overseas_filing"

  场景: 没有国内商标和发明专利（申请）的企业缺少境外申请的基础
    假如 企业画像文件 "profiles/examples/std_implementing_little_giant.yaml"
    而且 "注册商标数" 为 "0"
    而且 "有效发明专利数" 为 "0"
    而且 "在审发明专利申请数" 为 "0"
    而且 "ip.designs" 为 "0"
    当 在 "2026-11-21" 进行政策体检
    那么 "overseas_filing" 的结论为 "存在差距"
    而且 "overseas_filing" 的差距包含 "domestic_basis"
    而且 "overseas_filing" 的下一步包含 "马德里国际注册的基础"

  场景: 只有国内注册商标的贸易型企业可以先做马德里商标国际注册
    假如 企业画像文件 "profiles/examples/std_implementing_little_giant.yaml"
    而且 "有效发明专利数" 为 "0"
    而且 "在审发明专利申请数" 为 "0"
    而且 "注册商标数" 为 "2"
    当 在 "2026-11-21" 进行政策体检
    那么 "overseas_filing" 的结论为 "符合"

  场景: 没有专职知识产权人员的企业难以管理境外申请期限
    假如 企业画像文件 "profiles/examples/std_implementing_little_giant.yaml"
    而且 "专职知识产权人员数" 为 "0"
    当 在 "2026-11-21" 进行政策体检
    那么 "overseas_filing" 的结论为 "存在差距"
    而且 "overseas_filing" 的差距包含 "ip_staff"
    而且 "overseas_filing" 的下一步包含 "专职知识产权管理人员"

  场景: 境外申请已覆盖主要出口市场的企业显示为已获得
    假如 企业画像文件 "profiles/examples/std_cbec_seller.yaml"
    当 在 "2026-11-21" 进行政策体检
    那么 "overseas_filing" 的结论为 "已获得"
    而且 适用的项目不包含 "overseas_filing"

  场景: 没有出口也不做跨境电商的企业不在海外布局引导范围内
    假如 企业画像文件 "profiles/examples/std_implementing_little_giant.yaml"
    而且 "出口额" 为 "0"
    而且 "开展跨境电商" 为 "否"
    当 在 "2026-11-21" 进行政策体检
    那么 "overseas_filing" 的结论为 "不适用"

  场景: 注册在省外的出口企业不在浙江省海外布局计划范围内
    假如 企业画像文件 "profiles/examples/std_implementing_little_giant.yaml"
    而且 "注册省份" 为 "河南省"
    当 在 "2026-11-21" 进行政策体检
    那么 "overseas_filing" 的结论为 "不适用"

  场景: 不知道国内商标和专利情况的出口企业信息不足
    假如 一家企业的画像如下:
      | 字段 | 值 |
      | 注册省份 | 浙江省 |
      | 开展跨境电商 | 是 |
      | 专职知识产权人员数 | 1 |
    当 在 "2026-11-21" 进行政策体检
    那么 "overseas_filing" 的结论为 "信息不足"
    而且 "overseas_filing" 的下一步包含 "注册商标数"

  # 巴黎公约第四条：外观设计的优先权期限为6个月，外观设计专利也是境外（含海牙体系）申请的基础。
  场景: 只有外观设计专利的出口企业具备境外申请的基础（6个月优先权）
    假如 企业画像文件 "profiles/examples/std_implementing_little_giant.yaml"
    而且 "注册商标数" 为 "0"
    而且 "有效发明专利数" 为 "0"
    而且 "在审发明专利申请数" 为 "0"
    而且 "ip.designs" 为 "3"
    当 在 "2026-11-21" 进行政策体检
    那么 "overseas_filing" 的差距不包含 "domestic_basis"
