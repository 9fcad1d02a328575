# language: zh-CN
# 规则 rulebooks/overseas/overseas_rights_aid.yaml：国家海外知识产权纠纷应对指导中心浙江、宁波分中心提供应对指导；
# 受援条件（正面临海外纠纷、有对接人、已整理涉案材料）为知策推定。
功能: 海外知识产权纠纷应对指导与维权援助（overseas_rights_aid）

  场景: 遭遇美国专利诉讼并已整理材料的出口企业可以申请应对指导
    假如 一家企业的画像如下:
      | 字段 | 值 |
      | enterprise.name | 宁波海曙澜庭电器股份有限公司 |
      | 注册省份 | 浙江省 |
      | 正面临海外知识产权纠纷 | 是 |
      | 海外合规负责人 | 是 |
      | 已整理海外纠纷涉案材料 | 是 |
    当 在 "2026-11-21" 进行政策体检
    那么 "overseas_rights_aid" 的结论为 "符合"
    而且 "overseas_rights_aid" 的下一步包含 "浙江分中心"
    而且 适用的项目包含 "overseas_rights_aid"

  场景: 没有指定海外纠纷对接人的企业存在差距
    假如 一家企业的画像如下:
      | 字段 | 值 |
      | 注册省份 | 浙江省 |
      | 正面临海外知识产权纠纷 | 是 |
      | 海外合规负责人 | 否 |
      | 已整理海外纠纷涉案材料 | 是 |
    当 在 "2026-11-21" 进行政策体检
    那么 "overseas_rights_aid" 的结论为 "存在差距"
    而且 "overseas_rights_aid" 的差距包含 "contact_person"
    而且 "overseas_rights_aid" 的差距不包含 "case_materials"
    而且 "overseas_rights_aid" 的下一步包含 "对接人"

  场景: 涉案材料尚未整理的企业应先整理材料
    假如 一家企业的画像如下:
      | 字段 | 值 |
      | 注册省份 | 浙江省 |
      | 正面临海外知识产权纠纷 | 是 |
      | 海外合规负责人 | 是 |
      | 已整理海外纠纷涉案材料 | 否 |
    当 在 "2026-11-21" 进行政策体检
    那么 "overseas_rights_aid" 的结论为 "存在差距"
    而且 "overseas_rights_aid" 的差距包含 "case_materials"
    而且 "overseas_rights_aid" 的差距不包含 "contact_person"
    而且 "overseas_rights_aid" 的下一步包含 "答辩期限"

  场景: 不知道对接人和涉案材料情况时信息不足
    假如 一家企业的画像如下:
      | 字段 | 值 |
      | 注册省份 | 浙江省 |
      | 正面临海外知识产权纠纷 | 是 |
    当 在 "2026-11-21" 进行政策体检
    那么 "overseas_rights_aid" 的结论为 "信息不足"
    而且 "overseas_rights_aid" 的差距不包含 "contact_person"
    而且 适用的项目包含 "overseas_rights_aid"

  场景: 不知道是否面临海外纠纷时信息不足
    假如 一家企业的画像如下:
      | 字段 | 值 |
      | 注册省份 | 浙江省 |
      | 海外合规负责人 | 是 |
      | 已整理海外纠纷涉案材料 | 是 |
    当 在 "2026-11-21" 进行政策体检
    那么 "overseas_rights_aid" 的结论为 "信息不足"
    而且 适用的项目包含 "overseas_rights_aid"

  场景: 没有海外纠纷的企业暂不需要维权援助
    假如 一家企业的画像如下:
      | 字段 | 值 |
      | 注册省份 | 浙江省 |
      | 正面临海外知识产权纠纷 | 否 |
      | 海外合规负责人 | 是 |
      | 已整理海外纠纷涉案材料 | 是 |
    当 在 "2026-11-21" 进行政策体检
    那么 "overseas_rights_aid" 的结论为 "不适用"
    而且 "overseas_rights_aid" 的差距包含 "dispute_pending"
    而且 适用的项目不包含 "overseas_rights_aid"

  场景: 注册在外省的企业应联系注册地的分中心
    假如 一家企业的画像如下:
      | 字段 | 值 |
      | 注册省份 | 江苏省 |
      | 正面临海外知识产权纠纷 | 是 |
      | 海外合规负责人 | 是 |
      | 已整理海外纠纷涉案材料 | 是 |
    当 在 "2026-11-21" 进行政策体检
    那么 "overseas_rights_aid" 的结论为 "不适用"
    而且 "overseas_rights_aid" 的差距包含 "in_zhejiang"
    而且 适用的项目不包含 "overseas_rights_aid"
