# language: zh-CN
# 规则 rulebooks/utilization/patent_intensive_product.yaml：先备案、后认定；申报主体为生产或销售专利产品的
# 专利权人或被许可人；自 2025-12-31 起按 GB/T 46961-2025《专利密集型产品评价方法》认定。
功能: 专利密集型产品备案认定（patent_intensive_product）

  场景: 专利产品已备案且专利在主营产品中实施的企业可申请专利密集型产品认定
    假如 一家企业的画像如下:
      | 字段 | 值 |
      | enterprise.name | 台州椒江智能泵业有限公司 |
      | 注册省份 | 浙江省 |
      | 有效发明专利数 | 6 |
      | 主营产品相关Ⅰ类知识产权数 | 4 |
      | 已备案专利产品数 | 2 |
    当 在 "2026-11-21" 进行政策体检
    那么 "patent_intensive_product" 的结论为 "符合"
    而且 "patent_intensive_product" 的下一步包含 "GB/T 46961-2025"

  场景: 没有任何有效专利的企业不能作为专利产品备案主体
    假如 一家企业的画像如下:
      | 字段 | 值 |
      | 有效发明专利数 | 0 |
      | 实用新型专利数 | 0 |
      | 外观设计专利数 | 0 |
      | 主营产品相关Ⅰ类知识产权数 | 0 |
      | 已备案专利产品数 | 0 |
    当 在 "2026-11-21" 进行政策体检
    那么 "patent_intensive_product" 的结论为 "存在差距"
    而且 "patent_intensive_product" 的差距包含 "holds_patent"
    而且 "patent_intensive_product" 的下一步包含 "许可合同备案"

  场景: 专利尚未在主营产品中实施形成销售时存在差距
    假如 一家企业的画像如下:
      | 字段 | 值 |
      | 有效发明专利数 | 0 |
      | 实用新型专利数 | 8 |
      | 主营产品相关Ⅰ类知识产权数 | 0 |
      | 已备案专利产品数 | 1 |
    当 在 "2026-11-21" 进行政策体检
    那么 "patent_intensive_product" 的结论为 "存在差距"
    而且 "patent_intensive_product" 的差距包含 "patent_in_product"
    而且 "patent_intensive_product" 的下一步包含 "专利—产品对照表"

  场景: 尚未完成专利产品备案的企业须先备案再申请认定
    假如 一家企业的画像如下:
      | 字段 | 值 |
      | 有效发明专利数 | 3 |
      | 主营产品相关Ⅰ类知识产权数 | 2 |
      | 已备案专利产品数 | 0 |
    当 在 "2026-11-21" 进行政策体检
    那么 "patent_intensive_product" 的结论为 "存在差距"
    而且 "patent_intensive_product" 的差距包含 "product_filed"
    而且 "patent_intensive_product" 的下一步包含 "试点平台"

  场景: 国家标准实施前的日期不按本规则评价
    假如 一家企业的画像如下:
      | 字段 | 值 |
      | 有效发明专利数 | 6 |
      | 主营产品相关Ⅰ类知识产权数 | 4 |
      | 已备案专利产品数 | 2 |
    当 在 "2025-06-30" 进行政策体检
    那么 "patent_intensive_product" 的结论为 "不适用"

  场景: 不知道专利产品备案情况时信息不足
    假如 一家企业的画像如下:
      | 字段 | 值 |
      | 有效发明专利数 | 3 |
    当 在 "2026-11-21" 进行政策体检
    那么 "patent_intensive_product" 的结论为 "信息不足"
    而且 适用的项目包含 "patent_intensive_product"
