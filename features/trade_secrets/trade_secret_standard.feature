# language: zh-CN
# 规则 rulebooks/trade_secrets/trade_secret_standard.yaml：贯彻浙江省地方标准《商业秘密保护管理与服务规范》
# 的标准单位（专栏9：到2030年10000家以上）。规范各章对应画像中的保护措施，须全部具备；这一对应关系为知策推定。
功能: 贯彻《商业秘密保护管理与服务规范》标准单位（trade_secret_standard）

  场景: 规范各章要求的措施全部具备的企业是贯彻标准单位
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
    那么 "trade_secret_standard" 的结论为 "符合"
    而且 "trade_secret_standard" 的下一步包含 "标准单位"
    而且 适用的项目包含 "trade_secret_standard"

  场景大纲: 规范某一章缺少一项措施的企业在该章存在差距
    假如 企业画像文件 "profiles/examples/std_implementing_little_giant.yaml"
    而且 "<字段>" 为 "否"
    当 在 "2026-11-21" 进行政策体检
    那么 "trade_secret_standard" 的结论为 "存在差距"
    而且 "trade_secret_standard" 的差距包含 "<章节>"
    而且 "trade_secret_standard" 的下一步包含 "<建议>"

    例子:
      | 字段 | 章节 | 建议 |
      | 商业秘密清单(定密) | matter_management | 商业秘密事项管理 |
      | 密级与保密期限 | matter_management | 商业秘密事项管理 |
      | 解密与销毁程序 | matter_management | 商业秘密事项管理 |
      | 全员保密协议 | personnel_management | 人员管理 |
      | 核心人员竞业限制 | personnel_management | 人员管理 |
      | 入职不带入前雇主秘密声明 | personnel_management | 人员管理 |
      | 离职交接与提醒 | personnel_management | 人员管理 |
      | 涉密区域管控 | zone_management | 涉密区域 |
      | 信息系统保密措施 | information_management | 分级授权 |
      | 合作方保密协议 | business_activity_management | 商务活动管理 |
      | 对外发布保密审查 | business_activity_management | 商务活动管理 |
      | 保密培训与年度自查 | inspection_improvement | 保密培训 |
      | 泄密应急预案 | rights_protection | 维权 |
      | 证据固定与存证 | rights_protection | 维权 |
      | 知晓维权途径 | rights_protection | 维权 |

  场景: 注册在省外的企业不计入浙江省标准单位
    假如 企业画像文件 "profiles/examples/std_implementing_little_giant.yaml"
    而且 "注册省份" 为 "江西省"
    当 在 "2026-11-21" 进行政策体检
    那么 "trade_secret_standard" 的结论为 "不适用"

  场景: 维权一章的措施不清楚、其余各章都具备的企业信息不足
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
    当 在 "2026-11-21" 进行政策体检
    那么 "trade_secret_standard" 的结论为 "信息不足"
    而且 "trade_secret_standard" 的下一步包含 "泄密应急预案"
