# language: zh-CN
# 规则 rulebooks/utilization/sep_patent_pool.yaml：“十四五”四、（一）积极培育标准必要专利、组建知识产权联盟；
# “十五五”国际专利池和标准必要专利联盟建设；加入条件为知策推定。
功能: 标准必要专利培育与专利池、知识产权联盟（sep_patent_pool）

  场景: 参与标准制定并已声明标准必要专利的企业可以加入专利池
    假如 一家企业的画像如下:
      | 字段 | 值 |
      | enterprise.name | 宁波海曙澜庭电器股份有限公司 |
      | 注册省份 | 浙江省 |
      | 主导或参与制定标准数 | 6 |
      | 有效发明专利数 | 60 |
      | 已声明的标准必要专利数 | 4 |
    当 在 "2026-11-21" 进行政策体检
    那么 "sep_patent_pool" 的结论为 "符合"
    而且 "sep_patent_pool" 的下一步包含 "必要性评估"
    而且 适用的项目包含 "sep_patent_pool"

  场景: 没有参与标准制定的企业存在差距
    假如 一家企业的画像如下:
      | 字段 | 值 |
      | 注册省份 | 浙江省 |
      | 主导或参与制定标准数 | 0 |
      | 有效发明专利数 | 60 |
      | 已声明的标准必要专利数 | 4 |
    当 在 "2026-11-21" 进行政策体检
    那么 "sep_patent_pool" 的结论为 "存在差距"
    而且 "sep_patent_pool" 的差距包含 "standards_work"
    而且 "sep_patent_pool" 的差距不包含 "invention_portfolio"
    而且 "sep_patent_pool" 的下一步包含 "标准化技术委员会"

  场景: 发明专利不足5件的企业还差专利储备
    假如 一家企业的画像如下:
      | 字段 | 值 |
      | 注册省份 | 浙江省 |
      | 主导或参与制定标准数 | 6 |
      | 有效发明专利数 | 3 |
      | 已声明的标准必要专利数 | 4 |
    当 在 "2026-11-21" 进行政策体检
    那么 "sep_patent_pool" 的结论为 "存在差距"
    而且 "sep_patent_pool" 的差距包含 "invention_portfolio"
    而且 "sep_patent_pool" 的差距不包含 "standards_work"
    而且 "sep_patent_pool" 的下一步包含 "专利组合布局"

  场景: 尚未声明标准必要专利的企业存在差距
    假如 一家企业的画像如下:
      | 字段 | 值 |
      | 注册省份 | 浙江省 |
      | 主导或参与制定标准数 | 6 |
      | 有效发明专利数 | 60 |
      | 已声明的标准必要专利数 | 0 |
    当 在 "2026-11-21" 进行政策体检
    那么 "sep_patent_pool" 的结论为 "存在差距"
    而且 "sep_patent_pool" 的差距包含 "sep_declared"
    而且 "sep_patent_pool" 的差距不包含 "standards_work"
    而且 "sep_patent_pool" 的下一步包含 "FRAND"

  场景: 不知道标准参与和专利声明情况时信息不足
    假如 一家企业的画像如下:
      | 字段 | 值 |
      | 注册省份 | 浙江省 |
    当 在 "2026-11-21" 进行政策体检
    那么 "sep_patent_pool" 的结论为 "信息不足"
    而且 "sep_patent_pool" 的差距不包含 "standards_work"
    而且 适用的项目包含 "sep_patent_pool"

  场景: 注册在外省的企业不适用浙江的产业专利池
    假如 一家企业的画像如下:
      | 字段 | 值 |
      | 注册省份 | 江苏省 |
      | 主导或参与制定标准数 | 6 |
      | 有效发明专利数 | 60 |
      | 已声明的标准必要专利数 | 4 |
    当 在 "2026-11-21" 进行政策体检
    那么 "sep_patent_pool" 的结论为 "不适用"
    而且 "sep_patent_pool" 的差距包含 "in_zhejiang"
    而且 适用的项目不包含 "sep_patent_pool"
