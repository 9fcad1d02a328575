# language: zh-CN
# 规则 rulebooks/protection/key_trademark_protection.yaml：“十五五”10. 健全重点商标保护名录动态管理机制；
# 纳入条件（有效注册商标、较高知名度或被侵权假冒、近三年无知识产权违法）为知策推定。
功能: 重点商标保护名录（key_trademark_protection）

  场景: 商标知名度高的企业可以申请列入重点商标保护名录
    假如 一家企业的画像如下:
      | 字段 | 值 |
      | enterprise.name | 金华义乌雅韵日用品有限公司 |
      | 注册省份 | 浙江省 |
      | 注册商标数 | 5 |
      | 商标具有较高知名度 | 是 |
      | 发现他人侵犯本企业知识产权 | 否 |
      | 近三年知识产权违法或非正常申请 | 否 |
      | 商标已列入重点商标保护名录 | 否 |
    当 在 "2026-11-21" 进行政策体检
    那么 "key_trademark_protection" 的结论为 "符合"
    而且 "key_trademark_protection" 的下一步包含 "海关办理知识产权备案"
    而且 适用的项目包含 "key_trademark_protection"

  场景: 没有注册商标的企业存在差距
    假如 一家企业的画像如下:
      | 字段 | 值 |
      | 注册省份 | 浙江省 |
      | 注册商标数 | 0 |
      | 商标具有较高知名度 | 是 |
      | 发现他人侵犯本企业知识产权 | 否 |
      | 近三年知识产权违法或非正常申请 | 否 |
      | 商标已列入重点商标保护名录 | 否 |
    当 在 "2026-11-21" 进行政策体检
    那么 "key_trademark_protection" 的结论为 "存在差距"
    而且 "key_trademark_protection" 的差距包含 "registered_trademark"
    而且 "key_trademark_protection" 的差距不包含 "protection_need"
    而且 "key_trademark_protection" 的下一步包含 "申请注册商标"

  场景: 商标知名度不高且未被侵权的企业暂无重点保护的必要
    假如 一家企业的画像如下:
      | 字段 | 值 |
      | 注册省份 | 浙江省 |
      | 注册商标数 | 5 |
      | 商标具有较高知名度 | 否 |
      | 发现他人侵犯本企业知识产权 | 否 |
      | 近三年知识产权违法或非正常申请 | 否 |
      | 商标已列入重点商标保护名录 | 否 |
    当 在 "2026-11-21" 进行政策体检
    那么 "key_trademark_protection" 的结论为 "存在差距"
    而且 "key_trademark_protection" 的差距包含 "protection_need"
    而且 "key_trademark_protection" 的差距不包含 "registered_trademark"
    而且 "key_trademark_protection" 的下一步包含 "侵权监测"

  场景: 近三年有知识产权违法记录的企业不宜推荐
    假如 一家企业的画像如下:
      | 字段 | 值 |
      | 注册省份 | 浙江省 |
      | 注册商标数 | 5 |
      | 商标具有较高知名度 | 是 |
      | 发现他人侵犯本企业知识产权 | 否 |
      | 近三年知识产权违法或非正常申请 | 是 |
      | 商标已列入重点商标保护名录 | 否 |
    当 在 "2026-11-21" 进行政策体检
    那么 "key_trademark_protection" 的结论为 "存在差距"
    而且 "key_trademark_protection" 的差距包含 "clean_record"
    而且 "key_trademark_protection" 的差距不包含 "registered_trademark"
    而且 "key_trademark_protection" 的下一步包含 "满三年"

  场景: 不知道商标情况和信用记录时信息不足
    假如 一家企业的画像如下:
      | 字段 | 值 |
      | 注册省份 | 浙江省 |
      | 商标已列入重点商标保护名录 | 否 |
    当 在 "2026-11-21" 进行政策体检
    那么 "key_trademark_protection" 的结论为 "信息不足"
    而且 "key_trademark_protection" 的差距不包含 "registered_trademark"
    而且 适用的项目包含 "key_trademark_protection"

  场景: 注册在外省的企业应向注册地申请推荐
    假如 一家企业的画像如下:
      | 字段 | 值 |
      | 注册省份 | 江苏省 |
      | 注册商标数 | 5 |
      | 商标具有较高知名度 | 是 |
      | 发现他人侵犯本企业知识产权 | 否 |
      | 近三年知识产权违法或非正常申请 | 否 |
      | 商标已列入重点商标保护名录 | 否 |
    当 在 "2026-11-21" 进行政策体检
    那么 "key_trademark_protection" 的结论为 "不适用"
    而且 "key_trademark_protection" 的差距包含 "in_zhejiang"
    而且 适用的项目不包含 "key_trademark_protection"

  场景: 商标已列入名录的企业显示为已获得
    假如 一家企业的画像如下:
      | 字段 | 值 |
      | 注册省份 | 浙江省 |
      | 注册商标数 | 5 |
      | 商标具有较高知名度 | 是 |
      | 发现他人侵犯本企业知识产权 | 否 |
      | 近三年知识产权违法或非正常申请 | 否 |
      | 商标已列入重点商标保护名录 | 是 |
    当 在 "2026-11-21" 进行政策体检
    那么 "key_trademark_protection" 的结论为 "已获得"
    而且 适用的项目不包含 "key_trademark_protection"
