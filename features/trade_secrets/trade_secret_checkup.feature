# language: zh-CN
# 规则 rulebooks/trade_secrets/trade_secret_checkup.yaml：商业秘密体检清单（专栏9“推行企业商业秘密体检”）。
# 15项按《商业秘密保护管理与服务规范》三大部分分组，每项1分；满足12项（80分）及以上为“符合”（基本规范）。
# 清单、权重和及格线都是知策推定（inferred），结论提示向主管部门核实。
# 自查清单的“符合”可以同时有未满足项：差距断言检查的是单项未满足。
功能: 企业商业秘密体检（trade_secret_checkup）

  场景: 15项保护措施全部具备的企业体检结论为符合
    假如 一家企业的画像如下:
      | 字段 | 值 |
      | enterprise.name | 温州某阀门制造有限公司 |
      | 注册省份 | 浙江省 |
      | 商业秘密清单(定密) | 是 |
      | 密级与保密期限 | 是 |
      | 解密与销毁程序 | 是 |
      | 全员保密协议 | 是 |
      | 核心人员竞业限制 | 是 |
      | 入职不带入前雇主秘密声明 | 是 |
      | 离职交接与提醒 | 是 |
      | 涉密区域管控 | 是 |
      | 信息系统保密措施 | 是 |
      | 合作方保密协议 | 是 |
      | 对外发布保密审查 | 是 |
      | 保密培训与年度自查 | 是 |
      | 泄密应急预案 | 是 |
      | 证据固定与存证 | 是 |
      | 知晓维权途径 | 是 |
    当 在 "2026-11-21" 进行政策体检
    那么 "trade_secret_checkup" 的结论为 "符合"
    而且 "trade_secret_checkup" 的下一步包含 "示范站点"
    而且 适用的项目包含 "trade_secret_checkup"

  场景大纲: 缺少一项保护措施的企业仍达到及格线，但该项列为差距
    假如 企业画像文件 "profiles/examples/std_implementing_little_giant.yaml"
    而且 "<字段>" 为 "否"
    当 在 "2026-11-21" 进行政策体检
    那么 "trade_secret_checkup" 的结论为 "符合"
    而且 "trade_secret_checkup" 的差距包含 "<条件>"
    而且 "trade_secret_checkup" 的下一步包含 "<建议>"

    例子:
      | 字段 | 条件 | 建议 |
      | 商业秘密清单(定密) | inventory | 商业秘密清单 |
      | 密级与保密期限 | classification | 密级 |
      | 解密与销毁程序 | declassification_procedure | 销毁程序 |
      | 全员保密协议 | staff_nda | 全体员工签订保密协议 |
      | 核心人员竞业限制 | non_compete | 竞业限制协议 |
      | 入职不带入前雇主秘密声明 | onboarding_declaration | 前雇主 |
      | 离职交接与提醒 | exit_handover | 离职 |
      | 涉密区域管控 | secure_zones | 门禁 |
      | 信息系统保密措施 | it_controls | 防泄漏 |
      | 合作方保密协议 | partner_nda | 合作研发 |
      | 对外发布保密审查 | publication_review | 保密审查 |
      | 保密培训与年度自查 | training_selfcheck | 自查报告 |
      | 泄密应急预案 | emergency_plan | 应急预案 |
      | 证据固定与存证 | evidence_preservation | 时间戳 |
      | 知晓维权途径 | enforcement_channels | 民事诉讼 |

  场景: 恰好满足12项（80分）的企业达到及格线
    假如 一家企业的画像如下:
      | 字段 | 值 |
      | enterprise.name | 温州某阀门制造有限公司 |
      | 注册省份 | 浙江省 |
      | 商业秘密清单(定密) | 是 |
      | 密级与保密期限 | 是 |
      | 解密与销毁程序 | 是 |
      | 全员保密协议 | 是 |
      | 核心人员竞业限制 | 是 |
      | 入职不带入前雇主秘密声明 | 是 |
      | 离职交接与提醒 | 是 |
      | 涉密区域管控 | 是 |
      | 信息系统保密措施 | 是 |
      | 合作方保密协议 | 是 |
      | 对外发布保密审查 | 否 |
      | 保密培训与年度自查 | 是 |
      | 泄密应急预案 | 否 |
      | 证据固定与存证 | 否 |
      | 知晓维权途径 | 是 |
    当 在 "2026-11-21" 进行政策体检
    那么 "trade_secret_checkup" 的结论为 "符合"
    而且 "trade_secret_checkup" 的差距包含 "publication_review"
    而且 "trade_secret_checkup" 的差距包含 "emergency_plan"
    而且 "trade_secret_checkup" 的差距包含 "evidence_preservation"

  场景: 只满足11项（73.3分）的企业未达到及格线
    假如 一家企业的画像如下:
      | 字段 | 值 |
      | enterprise.name | 温州某阀门制造有限公司 |
      | 注册省份 | 浙江省 |
      | 商业秘密清单(定密) | 是 |
      | 密级与保密期限 | 是 |
      | 解密与销毁程序 | 否 |
      | 全员保密协议 | 是 |
      | 核心人员竞业限制 | 是 |
      | 入职不带入前雇主秘密声明 | 是 |
      | 离职交接与提醒 | 是 |
      | 涉密区域管控 | 是 |
      | 信息系统保密措施 | 是 |
      | 合作方保密协议 | 是 |
      | 对外发布保密审查 | 否 |
      | 保密培训与年度自查 | 是 |
      | 泄密应急预案 | 否 |
      | 证据固定与存证 | 否 |
      | 知晓维权途径 | 是 |
    当 在 "2026-11-21" 进行政策体检
    那么 "trade_secret_checkup" 的结论为 "存在差距"
    而且 "trade_secret_checkup" 的差距包含 "declassification_procedure"
    而且 "trade_secret_checkup" 的下一步包含 "销毁程序"

  场景: 什么保护措施都没有的初创企业15项全部是差距
    假如 一家企业的画像如下:
      | 字段 | 值 |
      | enterprise.name | 温州某阀门制造有限公司 |
      | 注册省份 | 浙江省 |
      | 商业秘密清单(定密) | 否 |
      | 密级与保密期限 | 否 |
      | 解密与销毁程序 | 否 |
      | 全员保密协议 | 否 |
      | 核心人员竞业限制 | 否 |
      | 入职不带入前雇主秘密声明 | 否 |
      | 离职交接与提醒 | 否 |
      | 涉密区域管控 | 否 |
      | 信息系统保密措施 | 否 |
      | 合作方保密协议 | 否 |
      | 对外发布保密审查 | 否 |
      | 保密培训与年度自查 | 否 |
      | 泄密应急预案 | 否 |
      | 证据固定与存证 | 否 |
      | 知晓维权途径 | 否 |
    当 在 "2026-11-21" 进行政策体检
    那么 "trade_secret_checkup" 的结论为 "存在差距"
    而且 "trade_secret_checkup" 的差距包含 "inventory"
    而且 "trade_secret_checkup" 的差距包含 "classification"
    而且 "trade_secret_checkup" 的差距包含 "declassification_procedure"
    而且 "trade_secret_checkup" 的差距包含 "staff_nda"
    而且 "trade_secret_checkup" 的差距包含 "non_compete"
    而且 "trade_secret_checkup" 的差距包含 "onboarding_declaration"
    而且 "trade_secret_checkup" 的差距包含 "exit_handover"
    而且 "trade_secret_checkup" 的差距包含 "secure_zones"
    而且 "trade_secret_checkup" 的差距包含 "it_controls"
    而且 "trade_secret_checkup" 的差距包含 "partner_nda"
    而且 "trade_secret_checkup" 的差距包含 "publication_review"
    而且 "trade_secret_checkup" 的差距包含 "training_selfcheck"
    而且 "trade_secret_checkup" 的差距包含 "emergency_plan"
    而且 "trade_secret_checkup" 的差距包含 "evidence_preservation"
    而且 "trade_secret_checkup" 的差距包含 "enforcement_channels"

  场景: 注册在省外的企业不在浙江省商业秘密体检范围内
    假如 企业画像文件 "profiles/examples/std_implementing_little_giant.yaml"
    而且 "注册省份" 为 "福建省"
    当 在 "2026-11-21" 进行政策体检
    那么 "trade_secret_checkup" 的结论为 "不适用"
    而且 适用的项目不包含 "trade_secret_checkup"

  场景: 已知10项具备、5项不清楚的企业可能及格也可能不及格，信息不足
    假如 一家企业的画像如下:
      | 字段 | 值 |
      | enterprise.name | 温州某阀门制造有限公司 |
      | 注册省份 | 浙江省 |
      | 商业秘密清单(定密) | 是 |
      | 密级与保密期限 | 是 |
      | 解密与销毁程序 | 是 |
      | 全员保密协议 | 是 |
      | 核心人员竞业限制 | 是 |
      | 入职不带入前雇主秘密声明 | 是 |
      | 离职交接与提醒 | 是 |
      | 对外发布保密审查 | 是 |
      | 保密培训与年度自查 | 是 |
      | 知晓维权途径 | 是 |
    当 在 "2026-11-21" 进行政策体检
    那么 "trade_secret_checkup" 的结论为 "信息不足"
    而且 "trade_secret_checkup" 的下一步包含 "涉密区域管控"
    而且 适用的项目包含 "trade_secret_checkup"

  场景: 已有4项明确不具备时，即使其余项目不清楚也肯定达不到及格线
    假如 一家企业的画像如下:
      | 字段 | 值 |
      | 注册省份 | 浙江省 |
      | 商业秘密清单(定密) | 否 |
      | 密级与保密期限 | 否 |
      | 核心人员竞业限制 | 否 |
      | 泄密应急预案 | 否 |
    当 在 "2026-11-21" 进行政策体检
    那么 "trade_secret_checkup" 的结论为 "存在差距"
    而且 "trade_secret_checkup" 的差距包含 "non_compete"
