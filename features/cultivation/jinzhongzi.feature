# language: zh-CN
# 知识产权促进中小企业成长“金种子”（rulebooks/cultivation/jinzhongzi.yaml），十五五规划专栏1。
# 未找到项目文件原文：全部条件为知策推定（inferred），结论均须向市场监管局（知识产权局）核实。
功能: 金种子培育对象（jinzhongzi）

  场景: 有发明专利、尚未贯标的宁波科技型小企业是金种子推定候选对象
    假如 企业画像文件 "profiles/examples/cult_jinzhongzi_candidate.yaml"
    当 在 "2026-11-21" 进行政策体检
    那么 "jinzhongzi" 的结论为 "符合"
    而且 "jinzhongzi" 的下一步包含 "市场监管局"
    而且 适用的项目包含 "jinzhongzi"

  场景: 已入选金种子的企业显示已获得
    假如 企业画像文件 "profiles/examples/cult_jinzhongzi_candidate.yaml"
    而且 "qualifications.jinzhongzi" 为 "是"
    当 在 "2026-11-21" 进行政策体检
    那么 "jinzhongzi" 的结论为 "已获得"

  场景: 注册在浙江省以外的企业不适用浙江金种子培育
    假如 企业画像文件 "profiles/examples/cult_jinzhongzi_candidate.yaml"
    而且 "enterprise.province" 为 "江苏省"
    当 在 "2026-11-21" 进行政策体检
    那么 "jinzhongzi" 的结论为 "不适用"
    而且 "jinzhongzi" 的差距包含 "in_zhejiang"

  场景: 大型企业不属于金种子培育对象
    假如 企业画像文件 "profiles/examples/cult_jinzhongzi_candidate.yaml"
    而且 "enterprise.employees" 为 "1500"
    而且 "enterprise.revenue" 为 "60000"
    当 在 "2026-11-21" 进行政策体检
    那么 "jinzhongzi" 的结论为 "不适用"
    而且 "jinzhongzi" 的差距包含 "is_sme"

  场景: 既未入库科技型中小企业也未认定创新型中小企业的企业须先取得梯度资质
    假如 企业画像文件 "profiles/examples/cult_jinzhongzi_candidate.yaml"
    而且 "qualifications.tech_sme" 为 "否"
    当 在 "2026-11-21" 进行政策体检
    那么 "jinzhongzi" 的结论为 "存在差距"
    而且 "jinzhongzi" 的差距包含 "tech_or_innovative_sme"
    而且 "jinzhongzi" 的下一步包含 "科技型中小企业"

  场景: 已认定创新型中小企业的企业也满足梯度资质条件
    假如 企业画像文件 "profiles/examples/cult_jinzhongzi_candidate.yaml"
    而且 "qualifications.tech_sme" 为 "否"
    而且 "qualifications.innovative_sme" 为 "是"
    当 在 "2026-11-21" 进行政策体检
    那么 "jinzhongzi" 的结论为 "符合"

  场景: 没有发明专利也没有在审发明申请的企业存在差距
    假如 企业画像文件 "profiles/examples/cult_jinzhongzi_candidate.yaml"
    而且 "ip.invention_patents" 为 "0"
    而且 "ip.invention_applications_pending" 为 "0"
    当 在 "2026-11-21" 进行政策体检
    那么 "jinzhongzi" 的结论为 "存在差距"
    而且 "jinzhongzi" 的差距包含 "invention_ip"
    而且 "jinzhongzi" 的下一步包含 "预审"

  场景: 只有在审发明申请的企业也满足发明专利条件
    假如 企业画像文件 "profiles/examples/cult_jinzhongzi_candidate.yaml"
    而且 "ip.invention_patents" 为 "0"
    当 在 "2026-11-21" 进行政策体检
    那么 "jinzhongzi" 的结论为 "符合"

  场景: 已通过贯标认证的企业超出金种子面向的起步阶段
    假如 企业画像文件 "profiles/examples/cult_jinzhongzi_candidate.yaml"
    而且 "ip_management.gbt29490" 为 "certified_2023"
    当 在 "2026-11-21" 进行政策体检
    那么 "jinzhongzi" 的结论为 "存在差距"
    而且 "jinzhongzi" 的差距包含 "early_stage_ip_system"

  场景: 不清楚专利情况的企业无法判断是否为金种子候选
    假如 企业画像文件 "profiles/examples/cult_jinzhongzi_candidate.yaml"
    而且 "ip.invention_patents" 为 "未知"
    而且 "ip.invention_applications_pending" 为 "未知"
    当 在 "2026-11-21" 进行政策体检
    那么 "jinzhongzi" 的结论为 "信息不足"
