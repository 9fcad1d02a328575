# language: zh-CN
# 规则 rulebooks/brand/copyright_registration.yaml：作品实行自愿登记（国家版权局《作品自愿登记试行办法》）；
# “职务作品和委托作品权属已在合同中约定”为知策推定的准备条件。
功能: 作品著作权登记（copyright_registration）

  场景: 有原创设计图且权属约定清楚的企业可以申请作品登记
    假如 一家企业的画像如下:
      | 字段 | 值 |
      | enterprise.name | 杭州启衡智能装备有限公司 |
      | 注册省份 | 浙江省 |
      | 拥有原创作品 | 是 |
      | 作品著作权登记数 | 0 |
      | 合同知识产权条款 | 是 |
    当 在 "2026-11-21" 进行政策体检
    那么 "copyright_registration" 的结论为 "符合"
    而且 "copyright_registration" 的下一步包含 "作品说明书"
    而且 适用的项目包含 "copyright_registration"

  场景: 委托创作合同未约定权属的企业应先补充约定
    假如 一家企业的画像如下:
      | 字段 | 值 |
      | 注册省份 | 浙江省 |
      | 拥有原创作品 | 是 |
      | 作品著作权登记数 | 0 |
      | 合同知识产权条款 | 否 |
    当 在 "2026-11-21" 进行政策体检
    那么 "copyright_registration" 的结论为 "存在差距"
    而且 "copyright_registration" 的差距包含 "ownership_agreed"
    而且 "copyright_registration" 的下一步包含 "知识产权归属"

  场景: 不知道作品权属约定情况时信息不足
    假如 一家企业的画像如下:
      | 字段 | 值 |
      | 注册省份 | 浙江省 |
      | 拥有原创作品 | 是 |
      | 作品著作权登记数 | 0 |
    当 在 "2026-11-21" 进行政策体检
    那么 "copyright_registration" 的结论为 "信息不足"
    而且 "copyright_registration" 的差距不包含 "ownership_agreed"
    而且 适用的项目包含 "copyright_registration"

  场景: 不知道有无原创作品时信息不足
    假如 一家企业的画像如下:
      | 字段 | 值 |
      | 注册省份 | 浙江省 |
      | 作品著作权登记数 | 0 |
      | 合同知识产权条款 | 是 |
    当 在 "2026-11-21" 进行政策体检
    那么 "copyright_registration" 的结论为 "信息不足"
    而且 适用的项目包含 "copyright_registration"

  场景: 没有原创作品的企业不适用
    假如 一家企业的画像如下:
      | 字段 | 值 |
      | 注册省份 | 浙江省 |
      | 拥有原创作品 | 否 |
      | 作品著作权登记数 | 0 |
      | 合同知识产权条款 | 是 |
    当 在 "2026-11-21" 进行政策体检
    那么 "copyright_registration" 的结论为 "不适用"
    而且 "copyright_registration" 的差距包含 "has_works"
    而且 适用的项目不包含 "copyright_registration"

  场景: 注册在外省的企业应向所在地版权部门登记
    假如 一家企业的画像如下:
      | 字段 | 值 |
      | 注册省份 | 江苏省 |
      | 拥有原创作品 | 是 |
      | 作品著作权登记数 | 0 |
      | 合同知识产权条款 | 是 |
    当 在 "2026-11-21" 进行政策体检
    那么 "copyright_registration" 的结论为 "不适用"
    而且 "copyright_registration" 的差距包含 "in_zhejiang"
    而且 适用的项目不包含 "copyright_registration"

  场景: 已有作品登记证书的企业显示为已获得
    假如 一家企业的画像如下:
      | 字段 | 值 |
      | 注册省份 | 浙江省 |
      | 拥有原创作品 | 是 |
      | 作品著作权登记数 | 3 |
      | 合同知识产权条款 | 是 |
    当 在 "2026-11-21" 进行政策体检
    那么 "copyright_registration" 的结论为 "已获得"
    而且 适用的项目不包含 "copyright_registration"
