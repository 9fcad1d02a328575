# language: zh-CN
# 规则 rulebooks/utilization/patent_industrialization.yaml：国家知识产权局等五部门《专利产业化促进中小企业成长计划》
# （2024-02-27）；申报准备条件（有可产业化的发明专利、专利无纠纷、有研发人员承接）为知策推定。
功能: 专利产业化促进中小企业成长（含“先用后付”许可）（patent_industrialization）

  场景: 有发明专利和研发团队的中小制造企业可以申报专利产业化项目
    假如 一家企业的画像如下:
      | 字段 | 值 |
      | enterprise.name | 杭州启衡智能装备有限公司 |
      | 注册省份 | 浙江省 |
      | 行业代码 | C34 |
      | 从业人员数 | 80 |
      | 营业收入 | 9000 |
      | 有效发明专利数 | 3 |
      | 拟运用专利存在欠费、纠纷、保全或无效程序 | 否 |
      | 研发人员数 | 18 |
    当 在 "2026-11-21" 进行政策体检
    那么 "patent_industrialization" 的结论为 "符合"
    而且 "patent_industrialization" 的下一步包含 "smes.patentnavi.org.cn"
    而且 适用的项目包含 "patent_industrialization"

  场景: 没有发明专利的中小企业可先以“先用后付”方式取得许可
    假如 一家企业的画像如下:
      | 字段 | 值 |
      | 注册省份 | 浙江省 |
      | 行业代码 | C34 |
      | 从业人员数 | 80 |
      | 营业收入 | 9000 |
      | 有效发明专利数 | 0 |
      | 拟运用专利存在欠费、纠纷、保全或无效程序 | 否 |
      | 研发人员数 | 18 |
    当 在 "2026-11-21" 进行政策体检
    那么 "patent_industrialization" 的结论为 "存在差距"
    而且 "patent_industrialization" 的差距包含 "patent_to_commercialise"
    而且 "patent_industrialization" 的差距不包含 "no_dispute"
    而且 "patent_industrialization" 的下一步包含 "先用后付"

  场景: 拟产业化专利涉及纠纷的企业存在差距
    假如 一家企业的画像如下:
      | 字段 | 值 |
      | 注册省份 | 浙江省 |
      | 行业代码 | C34 |
      | 从业人员数 | 80 |
      | 营业收入 | 9000 |
      | 有效发明专利数 | 3 |
      | 拟运用专利存在欠费、纠纷、保全或无效程序 | 是 |
      | 研发人员数 | 18 |
    当 在 "2026-11-21" 进行政策体检
    那么 "patent_industrialization" 的结论为 "存在差距"
    而且 "patent_industrialization" 的差距包含 "no_dispute"
    而且 "patent_industrialization" 的差距不包含 "patent_to_commercialise"
    而且 "patent_industrialization" 的下一步包含 "权属清晰"

  场景: 没有研发人员的企业难以承接转化
    假如 一家企业的画像如下:
      | 字段 | 值 |
      | 注册省份 | 浙江省 |
      | 行业代码 | C34 |
      | 从业人员数 | 80 |
      | 营业收入 | 9000 |
      | 有效发明专利数 | 3 |
      | 拟运用专利存在欠费、纠纷、保全或无效程序 | 否 |
      | 研发人员数 | 0 |
    当 在 "2026-11-21" 进行政策体检
    那么 "patent_industrialization" 的结论为 "存在差距"
    而且 "patent_industrialization" 的差距包含 "rd_staff"
    而且 "patent_industrialization" 的差距不包含 "patent_to_commercialise"
    而且 "patent_industrialization" 的下一步包含 "技术服务协议"

  场景: 不知道专利、纠纷和研发人员情况时信息不足
    假如 一家企业的画像如下:
      | 字段 | 值 |
      | 注册省份 | 浙江省 |
      | 行业代码 | C34 |
      | 从业人员数 | 80 |
      | 营业收入 | 9000 |
    当 在 "2026-11-21" 进行政策体检
    那么 "patent_industrialization" 的结论为 "信息不足"
    而且 "patent_industrialization" 的差距不包含 "patent_to_commercialise"
    而且 适用的项目包含 "patent_industrialization"

  场景: 大型企业不属于中小企业成长计划的对象
    假如 一家企业的画像如下:
      | 字段 | 值 |
      | 注册省份 | 浙江省 |
      | 行业代码 | C34 |
      | 从业人员数 | 1500 |
      | 营业收入 | 80000 |
      | 有效发明专利数 | 3 |
      | 拟运用专利存在欠费、纠纷、保全或无效程序 | 否 |
      | 研发人员数 | 18 |
    当 在 "2026-11-21" 进行政策体检
    那么 "patent_industrialization" 的结论为 "不适用"
    而且 "patent_industrialization" 的差距包含 "sme"
    而且 适用的项目不包含 "patent_industrialization"

  场景: 注册在外省的企业应向注册地申请推荐
    假如 一家企业的画像如下:
      | 字段 | 值 |
      | 注册省份 | 江苏省 |
      | 行业代码 | C34 |
      | 从业人员数 | 80 |
      | 营业收入 | 9000 |
      | 有效发明专利数 | 3 |
      | 拟运用专利存在欠费、纠纷、保全或无效程序 | 否 |
      | 研发人员数 | 18 |
    当 在 "2026-11-21" 进行政策体检
    那么 "patent_industrialization" 的结论为 "不适用"
    而且 "patent_industrialization" 的差距包含 "in_zhejiang"
    而且 适用的项目不包含 "patent_industrialization"

  场景: 2024年计划部署之前的日期不评价专利产业化项目
    假如 一家企业的画像如下:
      | 字段 | 值 |
      | 注册省份 | 浙江省 |
      | 行业代码 | C34 |
      | 从业人员数 | 80 |
      | 营业收入 | 9000 |
      | 有效发明专利数 | 3 |
      | 拟运用专利存在欠费、纠纷、保全或无效程序 | 否 |
      | 研发人员数 | 18 |
    当 在 "2023-12-31" 进行政策体检
    那么 "patent_industrialization" 的结论为 "不适用"
