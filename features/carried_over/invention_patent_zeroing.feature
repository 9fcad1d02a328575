# language: zh-CN
# 规则 rulebooks/carried_over/invention_patent_zeroing.yaml：“十四五”规划 三、（二）实施规上工业企业发明专利清零计划；
# 未检索到实施文件，规上口径（B/C/D 门类、营业收入 ≥2000 万元）与帮扶条件为知策推定。
功能: 规上工业企业发明专利清零（invention_patent_zeroing）

  场景: 已提交发明专利申请的规上制造企业纳入清零帮扶
    假如 一家企业的画像如下:
      | 字段 | 值 |
      | enterprise.name | 金华永康五金制品有限公司 |
      | 注册省份 | 浙江省 |
      | 行业代码 | C33 |
      | 营业收入 | 8600 |
      | 有效发明专利数 | 0 |
      | 在审发明专利申请数 | 1 |
    当 在 "2026-11-21" 进行政策体检
    那么 "invention_patent_zeroing" 的结论为 "符合"
    而且 "invention_patent_zeroing" 的下一步包含 "优先审查"
    而且 适用的项目包含 "invention_patent_zeroing"

  场景: 既无发明专利也无在审申请的规上工业企业是清零对象，存在差距
    假如 一家企业的画像如下:
      | 字段 | 值 |
      | 注册省份 | 浙江省 |
      | 行业代码 | C18 |
      | 营业收入 | 5200 |
      | 有效发明专利数 | 0 |
      | 在审发明专利申请数 | 0 |
    当 在 "2026-11-21" 进行政策体检
    那么 "invention_patent_zeroing" 的结论为 "存在差距"
    而且 "invention_patent_zeroing" 的差距包含 "invention_application_filed"
    而且 "invention_patent_zeroing" 的下一步包含 "专利挖掘"

  场景: 已有有效发明专利的规上工业企业已实现清零
    假如 一家企业的画像如下:
      | 字段 | 值 |
      | 注册省份 | 浙江省 |
      | 行业代码 | C38 |
      | 营业收入 | 30000 |
      | 有效发明专利数 | 3 |
    当 在 "2026-11-21" 进行政策体检
    那么 "invention_patent_zeroing" 的结论为 "已获得"
    而且 适用的项目不包含 "invention_patent_zeroing"

  场景: 注册在外省的工业企业不适用浙江清零计划
    假如 一家企业的画像如下:
      | 字段 | 值 |
      | 注册省份 | 江西省 |
      | 行业代码 | C33 |
      | 营业收入 | 8600 |
      | 有效发明专利数 | 0 |
    当 在 "2026-11-21" 进行政策体检
    那么 "invention_patent_zeroing" 的结论为 "不适用"
    而且 "invention_patent_zeroing" 的差距包含 "in_zhejiang"

  场景: 软件和信息技术服务企业不属于工业企业，不适用清零计划
    假如 一家企业的画像如下:
      | 字段 | 值 |
      | 注册省份 | 浙江省 |
      | 行业代码 | I65 |
      | 营业收入 | 9000 |
      | 有效发明专利数 | 0 |
    当 在 "2026-11-21" 进行政策体检
    那么 "invention_patent_zeroing" 的结论为 "不适用"
    而且 "invention_patent_zeroing" 的差距包含 "industrial_enterprise"

  场景: 营业收入不足两千万元的工业企业不属于规上企业
    假如 一家企业的画像如下:
      | 字段 | 值 |
      | 注册省份 | 浙江省 |
      | 行业代码 | C33 |
      | 营业收入 | 1500 |
      | 有效发明专利数 | 0 |
    当 在 "2026-11-21" 进行政策体检
    那么 "invention_patent_zeroing" 的结论为 "不适用"
    而且 "invention_patent_zeroing" 的差距包含 "above_scale"

  场景: 不知道营业收入时无法判断是否规上，信息不足
    假如 一家企业的画像如下:
      | 字段 | 值 |
      | 注册省份 | 浙江省 |
      | 行业代码 | C33 |
      | 有效发明专利数 | 0 |
      | 在审发明专利申请数 | 1 |
    当 在 "2026-11-21" 进行政策体检
    那么 "invention_patent_zeroing" 的结论为 "信息不足"
