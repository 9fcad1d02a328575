# language: zh-CN
# 规则 rulebooks/standards/guanbiao_guidance.yaml：“十五五”专栏1 推进省级专精特新“小巨人”企业、
# 国家知识产权示范企业贯标辅导全覆盖（2026—2030年）。取得有效2023版贯标证书的视为已完成。
# 信用条件（未列入严重违法失信名单、未列入经营异常名录）为知策推定。
功能: 专精特新“小巨人”和知识产权示范企业贯标辅导（guanbiao_guidance）

  场景: 尚未取得2023版贯标证书的小巨人企业属于贯标辅导全覆盖的对象
    假如 一家企业的画像如下:
      | 字段 | 值 |
      | enterprise.name | 嘉兴某精密部件股份有限公司 |
      | 注册省份 | 浙江省 |
      | 已认定专精特新小巨人 | 是 |
      | 贯标状态 | none |
      | 列入严重违法失信名单 | 否 |
      | 列入经营异常名录 | 否 |
    当 在 "2026-11-21" 进行政策体检
    那么 "guanbiao_guidance" 的结论为 "符合"
    而且 "guanbiao_guidance" 的下一步包含 "登记贯标辅导需求"
    而且 适用的项目包含 "guanbiao_guidance"

  场景: 国家知识产权示范企业即使持有2013版证书也属于辅导对象
    假如 一家企业的画像如下:
      | 字段 | 值 |
      | 注册省份 | 浙江省 |
      | 已认定专精特新小巨人 | 否 |
      | 已认定知识产权示范企业 | 是 |
      | 贯标状态 | certified_2013 |
      | 贯标证书有效期至 | 2027-03-31 |
      | 列入严重违法失信名单 | 否 |
      | 列入经营异常名录 | 否 |
    当 在 "2026-11-21" 进行政策体检
    那么 "guanbiao_guidance" 的结论为 "符合"
    而且 "guanbiao_guidance" 的下一步包含 "转换"

  场景: 列入严重违法失信名单的小巨人企业须先修复信用
    假如 企业画像文件 "profiles/examples/std_implementing_little_giant.yaml"
    而且 "列入严重违法失信名单" 为 "是"
    当 在 "2026-11-21" 进行政策体检
    那么 "guanbiao_guidance" 的结论为 "存在差距"
    而且 "guanbiao_guidance" 的差距包含 "no_serious_dishonesty"
    而且 "guanbiao_guidance" 的下一步包含 "信用修复"

  场景: 列入经营异常名录的小巨人企业须先移出名录
    假如 企业画像文件 "profiles/examples/std_implementing_little_giant.yaml"
    而且 "列入经营异常名录" 为 "是"
    当 在 "2026-11-21" 进行政策体检
    那么 "guanbiao_guidance" 的结论为 "存在差距"
    而且 "guanbiao_guidance" 的差距包含 "not_abnormal_operation"
    而且 "guanbiao_guidance" 的下一步包含 "移出经营异常名录"

  场景: 已取得有效2023版贯标证书的小巨人企业已完成贯标
    假如 企业画像文件 "profiles/examples/std_implementing_little_giant.yaml"
    而且 "贯标状态" 为 "certified_2023"
    而且 "贯标证书有效期至" 为 "2029-06-30"
    当 在 "2026-11-21" 进行政策体检
    那么 "guanbiao_guidance" 的结论为 "已获得"
    而且 适用的项目不包含 "guanbiao_guidance"

  场景: 既不是小巨人也不是知识产权示范企业的企业不在辅导全覆盖范围内
    假如 企业画像文件 "profiles/examples/std_implementing_little_giant.yaml"
    而且 "已认定专精特新小巨人" 为 "否"
    当 在 "2026-11-21" 进行政策体检
    那么 "guanbiao_guidance" 的结论为 "不适用"
    而且 适用的项目不包含 "guanbiao_guidance"

  场景: 注册在省外的小巨人企业不在浙江省辅导范围内
    假如 企业画像文件 "profiles/examples/std_implementing_little_giant.yaml"
    而且 "注册省份" 为 "安徽省"
    当 在 "2026-11-21" 进行政策体检
    那么 "guanbiao_guidance" 的结论为 "不适用"

  场景: 不知道信用记录的小巨人企业信息不足
    假如 一家企业的画像如下:
      | 字段 | 值 |
      | 注册省份 | 浙江省 |
      | 已认定专精特新小巨人 | 是 |
    当 在 "2026-11-21" 进行政策体检
    那么 "guanbiao_guidance" 的结论为 "信息不足"
    而且 "guanbiao_guidance" 的下一步包含 "列入严重违法失信名单"

  场景: 不知道是否持有小巨人或示范企业称号的企业信息不足
    假如 一家企业的画像如下:
      | 字段 | 值 |
      | 注册省份 | 浙江省 |
      | 列入严重违法失信名单 | 否 |
      | 列入经营异常名录 | 否 |
    当 在 "2026-11-21" 进行政策体检
    那么 "guanbiao_guidance" 的结论为 "信息不足"
    而且 适用的项目包含 "guanbiao_guidance"
