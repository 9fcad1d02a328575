# language: zh-CN
# 规则 rulebooks/protection/aigc_compliance.yaml：“十五五”12. 深化AIGC企业合规建设、健全开源知识产权保护规则；
# 《生成式人工智能服务管理暂行办法》要求训练数据来源合法、不得侵害他人知识产权；自查事项为知策归纳。
功能: AIGC企业知识产权合规（aigc_compliance）

  场景: 已建立AIGC和开源合规制度的人工智能企业符合
    假如 一家企业的画像如下:
      | 字段 | 值 |
      | enterprise.name | 杭州数衡智能科技有限公司 |
      | 注册省份 | 浙江省 |
      | 提供或使用生成式人工智能产品服务 | 是 |
      | 已建立AIGC知识产权合规制度 | 是 |
      | 开源软件许可合规管理 | 是 |
    当 在 "2026-11-21" 进行政策体检
    那么 "aigc_compliance" 的结论为 "符合"
    而且 "aigc_compliance" 的下一步包含 "属地网信部门"
    而且 适用的项目包含 "aigc_compliance"

  场景: 没有AIGC知识产权合规制度的企业存在差距
    假如 一家企业的画像如下:
      | 字段 | 值 |
      | 注册省份 | 浙江省 |
      | 提供或使用生成式人工智能产品服务 | 是 |
      | 已建立AIGC知识产权合规制度 | 否 |
      | 开源软件许可合规管理 | 是 |
    当 在 "2026-11-21" 进行政策体检
    那么 "aigc_compliance" 的结论为 "存在差距"
    而且 "aigc_compliance" 的差距包含 "aigc_policy"
    而且 "aigc_compliance" 的差距不包含 "open_source"
    而且 "aigc_compliance" 的下一步包含 "训练数据来源台账"

  场景: 没有开源许可合规管理的企业存在差距
    假如 一家企业的画像如下:
      | 字段 | 值 |
      | 注册省份 | 浙江省 |
      | 提供或使用生成式人工智能产品服务 | 是 |
      | 已建立AIGC知识产权合规制度 | 是 |
      | 开源软件许可合规管理 | 否 |
    当 在 "2026-11-21" 进行政策体检
    那么 "aigc_compliance" 的结论为 "存在差距"
    而且 "aigc_compliance" 的差距包含 "open_source"
    而且 "aigc_compliance" 的差距不包含 "aigc_policy"
    而且 "aigc_compliance" 的下一步包含 "软件物料清单"

  场景: 不知道合规制度情况时信息不足
    假如 一家企业的画像如下:
      | 字段 | 值 |
      | 注册省份 | 浙江省 |
      | 提供或使用生成式人工智能产品服务 | 是 |
    当 在 "2026-11-21" 进行政策体检
    那么 "aigc_compliance" 的结论为 "信息不足"
    而且 "aigc_compliance" 的差距不包含 "aigc_policy"
    而且 适用的项目包含 "aigc_compliance"

  场景: 不使用生成式人工智能的企业不适用
    假如 一家企业的画像如下:
      | 字段 | 值 |
      | 注册省份 | 浙江省 |
      | 提供或使用生成式人工智能产品服务 | 否 |
      | 已建立AIGC知识产权合规制度 | 是 |
      | 开源软件许可合规管理 | 是 |
    当 在 "2026-11-21" 进行政策体检
    那么 "aigc_compliance" 的结论为 "不适用"
    而且 "aigc_compliance" 的差距包含 "uses_generative_ai"
    而且 适用的项目不包含 "aigc_compliance"

  场景: 注册在外省的企业不适用浙江规划的合规建设
    假如 一家企业的画像如下:
      | 字段 | 值 |
      | 注册省份 | 江苏省 |
      | 提供或使用生成式人工智能产品服务 | 是 |
      | 已建立AIGC知识产权合规制度 | 是 |
      | 开源软件许可合规管理 | 是 |
    当 在 "2026-11-21" 进行政策体检
    那么 "aigc_compliance" 的结论为 "不适用"
    而且 "aigc_compliance" 的差距包含 "in_zhejiang"
    而且 适用的项目不包含 "aigc_compliance"
