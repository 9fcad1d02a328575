# language: zh-CN
# 规则 rulebooks/recognition/ip_demonstration_enterprise.yaml：示范企业从培育期满的优势企业中推荐（国知办发管字
# 〔2015〕10号）；满 3 年、保持 GB/T 29490-2023 认证、近三年无违法为知策推定的初筛条件。
功能: 国家知识产权示范企业（ip_demonstration_enterprise）

  场景: 认定优势企业已满三年并保持新版贯标认证的企业可申报示范企业
    假如 一家企业的画像如下:
      | 字段 | 值 |
      | enterprise.name | 温州瓯海电气集团有限公司 |
      | 已认定知识产权优势企业 | 是 |
      | 知识产权优势企业认定日期 | 2021-09-30 |
      | 贯标状态 | certified_2023 |
      | 近三年知识产权违法或非正常申请 | 否 |
      | 已认定知识产权示范企业 | 否 |
    当 在 "2026-11-21" 进行政策体检
    那么 "ip_demonstration_enterprise" 的结论为 "符合"
    而且 "ip_demonstration_enterprise" 的下一步包含 "10%"
    而且 适用的项目包含 "ip_demonstration_enterprise"

  场景: 还不是优势企业的企业须先取得优势企业称号
    假如 一家企业的画像如下:
      | 字段 | 值 |
      | 已认定知识产权优势企业 | 否 |
      | 贯标状态 | certified_2023 |
      | 近三年知识产权违法或非正常申请 | 否 |
    当 在 "2026-11-21" 进行政策体检
    那么 "ip_demonstration_enterprise" 的结论为 "存在差距"
    而且 "ip_demonstration_enterprise" 的差距包含 "advantage_enterprise_held"
    而且 "ip_demonstration_enterprise" 的下一步包含 "先申报国家知识产权优势企业"

  场景: 优势企业培育期未满三年时存在差距
    假如 一家企业的画像如下:
      | 字段 | 值 |
      | 已认定知识产权优势企业 | 是 |
      | 知识产权优势企业认定日期 | 2024-10-15 |
      | 贯标状态 | certified_2023 |
      | 近三年知识产权违法或非正常申请 | 否 |
    当 在 "2026-11-21" 进行政策体检
    那么 "ip_demonstration_enterprise" 的结论为 "存在差距"
    而且 "ip_demonstration_enterprise" 的差距包含 "advantage_period"
    而且 "ip_demonstration_enterprise" 的下一步包含 "培育期"

  场景: 仍持有2013版贯标证书的优势企业须转换为新版认证
    假如 一家企业的画像如下:
      | 字段 | 值 |
      | 已认定知识产权优势企业 | 是 |
      | 知识产权优势企业认定日期 | 2020-09-30 |
      | 贯标状态 | certified_2013 |
      | 近三年知识产权违法或非正常申请 | 否 |
    当 在 "2026-11-21" 进行政策体检
    那么 "ip_demonstration_enterprise" 的结论为 "存在差距"
    而且 "ip_demonstration_enterprise" 的差距包含 "gbt29490_2023"

  场景: 近三年有知识产权违法记录的优势企业暂不宜申报示范企业
    假如 一家企业的画像如下:
      | 字段 | 值 |
      | 已认定知识产权优势企业 | 是 |
      | 知识产权优势企业认定日期 | 2020-09-30 |
      | 贯标状态 | certified_2023 |
      | 近三年知识产权违法或非正常申请 | 是 |
    当 在 "2026-11-21" 进行政策体检
    那么 "ip_demonstration_enterprise" 的结论为 "存在差距"
    而且 "ip_demonstration_enterprise" 的差距包含 "clean_ip_record"

  场景: 已认定为示范企业的企业显示为已获得
    假如 一家企业的画像如下:
      | 字段 | 值 |
      | 已认定知识产权示范企业 | 是 |
    当 在 "2026-11-21" 进行政策体检
    那么 "ip_demonstration_enterprise" 的结论为 "已获得"
    而且 适用的项目不包含 "ip_demonstration_enterprise"

  场景: 不知道优势企业认定日期时信息不足
    假如 一家企业的画像如下:
      | 字段 | 值 |
      | 已认定知识产权优势企业 | 是 |
      | 贯标状态 | certified_2023 |
      | 近三年知识产权违法或非正常申请 | 否 |
    当 在 "2026-11-21" 进行政策体检
    那么 "ip_demonstration_enterprise" 的结论为 "信息不足"
