# language: zh-CN
# 规则 rulebooks/trade_secrets/trade_secret_demo_base.yaml：商业秘密保护“十区百县千企”示范站点
# （浙工商检〔2017〕13号；“十四五”规划四、（二）；“十五五”专栏9）。验收标准未公开，知策推定：
# 全面贯彻《商业秘密保护管理与服务规范》（前提项目 trade_secret_standard）且信用记录良好。
功能: 商业秘密保护“十区百县千企”示范站点（trade_secret_demo_base）

  场景: 全面贯彻规范且信用良好的企业可以申报示范站点
    假如 一家企业的画像如下:
      | 字段 | 值 |
      | enterprise.name | 温州某阀门制造有限公司 |
      | 注册省份 | 浙江省 |
      | 列入严重违法失信名单 | 否 |
      | 近三年知识产权违法或非正常申请 | 否 |
      | 已是商业秘密保护示范站点 | 否 |
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
    那么 "trade_secret_demo_base" 的结论为 "符合"
    而且 "trade_secret_demo_base" 的下一步包含 "年度申报通知"
    而且 适用的项目包含 "trade_secret_demo_base"

  场景: 还缺离职交接措施的企业须先全面贯彻规范
    假如 企业画像文件 "profiles/examples/std_implementing_little_giant.yaml"
    而且 "离职交接与提醒" 为 "否"
    当 在 "2026-11-21" 进行政策体检
    那么 "trade_secret_demo_base" 的结论为 "存在差距"
    而且 "trade_secret_demo_base" 的差距包含 "standard_implemented"
    而且 "trade_secret_demo_base" 的下一步包含 "先完成商业秘密体检"
    而且 "trade_secret_standard" 的差距包含 "personnel_management"

  场景: 列入严重违法失信名单的企业不能作为示范站点
    假如 企业画像文件 "profiles/examples/std_implementing_little_giant.yaml"
    而且 "列入严重违法失信名单" 为 "是"
    当 在 "2026-11-21" 进行政策体检
    那么 "trade_secret_demo_base" 的结论为 "存在差距"
    而且 "trade_secret_demo_base" 的差距包含 "no_serious_dishonesty"

  场景: 近三年有非正常专利申请记录的企业暂不能申报示范站点
    假如 企业画像文件 "profiles/examples/std_implementing_little_giant.yaml"
    而且 "近三年知识产权违法或非正常申请" 为 "是"
    当 在 "2026-11-21" 进行政策体检
    那么 "trade_secret_demo_base" 的结论为 "存在差距"
    而且 "trade_secret_demo_base" 的差距包含 "no_ip_violation"
    而且 "trade_secret_demo_base" 的下一步包含 "非正常申请"

  场景: 已是示范站点的企业显示为已获得
    假如 一家企业的画像如下:
      | 字段 | 值 |
      | 注册省份 | 浙江省 |
      | 已是商业秘密保护示范站点 | 是 |
    当 在 "2026-11-21" 进行政策体检
    那么 "trade_secret_demo_base" 的结论为 "已获得"
    而且 适用的项目不包含 "trade_secret_demo_base"

  场景: 注册在省外的企业不能申报浙江省示范站点
    假如 企业画像文件 "profiles/examples/std_implementing_little_giant.yaml"
    而且 "注册省份" 为 "广东省"
    当 在 "2026-11-21" 进行政策体检
    那么 "trade_secret_demo_base" 的结论为 "不适用"

  场景: 保护措施齐全但不知道信用记录的企业信息不足
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
    那么 "trade_secret_demo_base" 的结论为 "信息不足"
    而且 "trade_secret_demo_base" 的下一步包含 "列入严重违法失信名单"
