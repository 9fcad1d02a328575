# language: zh-CN
# 规则 rulebooks/brand/trademark_brand.yaml：“十五五”8. 组织开展“千企百城”商标品牌价值提升行动，13. 引导出口企业
# 加强商标国际注册；参加条件（注册商标、品牌培育规划、出口企业有境外商标）为知策推定。
功能: 商标品牌价值提升（“千企百城”行动）（trademark_brand）

  场景: 有品牌规划、出口市场已注册商标的企业可以参加品牌价值提升行动
    假如 一家企业的画像如下:
      | 字段 | 值 |
      | enterprise.name | 嘉兴桐乡羽织服饰有限公司 |
      | 注册省份 | 浙江省 |
      | 注册商标数 | 4 |
      | 商标品牌培育规划 | 是 |
      | 出口额 | 1200 |
      | 境外商标数 | 2 |
    当 在 "2026-11-21" 进行政策体检
    那么 "trademark_brand" 的结论为 "符合"
    而且 "trademark_brand" 的下一步包含 "商标品牌指导服务站"
    而且 适用的项目包含 "trademark_brand"

  场景: 没有注册商标的企业应先注册
    假如 一家企业的画像如下:
      | 字段 | 值 |
      | 注册省份 | 浙江省 |
      | 注册商标数 | 0 |
      | 商标品牌培育规划 | 是 |
      | 出口额 | 1200 |
      | 境外商标数 | 2 |
    当 在 "2026-11-21" 进行政策体检
    那么 "trademark_brand" 的结论为 "存在差距"
    而且 "trademark_brand" 的差距包含 "registered_trademark"
    而且 "trademark_brand" 的差距不包含 "brand_plan"
    而且 "trademark_brand" 的下一步包含 "申请注册商标"

  场景: 没有品牌培育规划的企业存在差距
    假如 一家企业的画像如下:
      | 字段 | 值 |
      | 注册省份 | 浙江省 |
      | 注册商标数 | 4 |
      | 商标品牌培育规划 | 否 |
      | 出口额 | 1200 |
      | 境外商标数 | 2 |
    当 在 "2026-11-21" 进行政策体检
    那么 "trademark_brand" 的结论为 "存在差距"
    而且 "trademark_brand" 的差距包含 "brand_plan"
    而且 "trademark_brand" 的差距不包含 "registered_trademark"
    而且 "trademark_brand" 的下一步包含 "品牌价值评估"

  场景: 有出口但没有境外商标的企业存在差距
    假如 一家企业的画像如下:
      | 字段 | 值 |
      | 注册省份 | 浙江省 |
      | 注册商标数 | 4 |
      | 商标品牌培育规划 | 是 |
      | 出口额 | 1200 |
      | 境外商标数 | 0 |
    当 在 "2026-11-21" 进行政策体检
    那么 "trademark_brand" 的结论为 "存在差距"
    而且 "trademark_brand" 的差距包含 "export_marks"
    而且 "trademark_brand" 的差距不包含 "registered_trademark"
    而且 "trademark_brand" 的下一步包含 "马德里体系"

  场景: 不知道商标、品牌规划和出口情况时信息不足
    假如 一家企业的画像如下:
      | 字段 | 值 |
      | 注册省份 | 浙江省 |
    当 在 "2026-11-21" 进行政策体检
    那么 "trademark_brand" 的结论为 "信息不足"
    而且 "trademark_brand" 的差距不包含 "registered_trademark"
    而且 适用的项目包含 "trademark_brand"

  场景: 注册在外省的企业不适用“千企百城”行动
    假如 一家企业的画像如下:
      | 字段 | 值 |
      | 注册省份 | 江苏省 |
      | 注册商标数 | 4 |
      | 商标品牌培育规划 | 是 |
      | 出口额 | 1200 |
      | 境外商标数 | 2 |
    当 在 "2026-11-21" 进行政策体检
    那么 "trademark_brand" 的结论为 "不适用"
    而且 "trademark_brand" 的差距包含 "in_zhejiang"
    而且 适用的项目不包含 "trademark_brand"
