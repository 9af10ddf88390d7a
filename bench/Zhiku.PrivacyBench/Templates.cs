namespace Zhiku.PrivacyBench;

/// <summary>Enterprise-style document templates: contracts, HR forms, minutes, tickets, in Chinese and English,
/// with hard negatives (order numbers, timestamps, versions, numbers failing checks). Even-numbered templates
/// form the train half, odd-numbered ones the test half, so rules are never tuned on the test phrasing.</summary>
internal static class Templates
{
    public delegate void Template(ValueFactory v, DocumentBuilder d, Random r);

    public static readonly (string Name, Template Build)[] All =
    [
        ("zh-labor-contract", (v, d, r) => d
            .T("劳动合同\n甲方（用人单位）：").T(v.Company()).T("，统一社会信用代码：").E("CN_USCC", v.Uscc())
            .T("\n乙方（劳动者）：").E("PERSON", v.ChineseName()).T("，身份证号码：").E("CN_ID", v.ChineseId()).T("，联系电话：").E("CN_MOBILE", v.Mobile())
            .T("\n家庭住址：").E("ADDRESS", v.Address()).T("\n合同编号：HT").E(null, v.OrderNumber()).T("。签订日期：2023年5月8日。")
            .T("乙方工资发放至本人银行卡，卡号：").E("BANK_CARD", v.BankCard()).T("，开户行：招商银行。\n")),
        ("zh-purchase-contract", (v, d, r) => d
            .T("采购合同（编号：").E(null, v.OrderNumber()).T("）\n买方：").T(v.Company()).T("（统一社会信用代码").E("CN_USCC", v.Uscc())
            .T("），法定代表人：").E("PERSON", v.ChineseName()).T("\n卖方联系人").E("PERSON", v.ChineseName()).T("先生，手机").E("CN_MOBILE", v.Mobile())
            .T("，邮箱").E("EMAIL", v.Email()).T("。\n交货地点：").E("ADDRESS", v.Address()).T("。\n付款账户：").E("BANK_CARD", v.BankCard())
            .T("（开户行：中国银行）。本合同自2024-01-15 10:30:00起生效，系统版本 v3.2.1。\n")),
        ("zh-onboarding-form", (v, d, r) => d
            .T("员工入职登记表\n姓名：").E("PERSON", v.ChineseName()).T("  性别：女  出生日期：").E("DATE_OF_BIRTH", v.BirthDate())
            .T("\n身份证号：").E("CN_ID", v.ChineseId()).T("\n手机：").E("CN_MOBILE", v.Mobile()).T("  电子邮箱：").E("EMAIL", v.Email())
            .T("\n户籍地址：").E("ADDRESS", v.Address()).T("\n紧急联系人：").E("PERSON", v.ChineseName()).T("，电话").E("CN_MOBILE", v.Mobile())
            .T("\n护照号码：").E("PASSPORT", v.Passport()).T("\n工资卡号").E("BANK_CARD", v.BankCard()).T("\n入职日期：2021-07-01\n")),
        ("zh-info-change", (v, d, r) => d
            .T("申请人").E("PERSON", v.ChineseName()).T("（工号 E").E(null, v.Digits(6)).T("），出生于").E("DATE_OF_BIRTH", v.BirthDate())
            .T("，现申请更新个人信息：新手机号码为").E("CN_MOBILE", v.Mobile()).T("，新住址").E("ADDRESS", v.Address()).T("。身份证").E("CN_ID", v.ChineseId())
            .T("。往来港澳通行证号码：").E("CN_HMT_PERMIT", v.Permit()).T("。审批人：").E("PERSON", v.ChineseName()).T("经理。\n提交时间：2024-03-15 14:30:00，单号")
            .E(null, v.OrderNumber()).T("。\n")),
        ("zh-weekly-minutes", (v, d, r) => d
            .T("项目周例会纪要\n时间：2024年3月12日 14:00\n主持人：").E("PERSON", v.ChineseName()).T("\n参会人员：").E("PERSON", v.ChineseName()).T("、")
            .E("PERSON", v.ChineseName()).T("、").E("PERSON", v.ChineseName()).T("\n记录人：").E("PERSON", v.ChineseName())
            .T("\n1. ").E("PERSON", v.ChineseName()).T("汇报了系统升级进度，已升级到版本 2.4.1.3。\n2. 测试服务器 ").E("IP", v.Ip())
            .T(" 磁盘告警，由").E("PERSON", v.ChineseName()).T("负责处理。\n3. 下次会议 2024-03-19。\n")),
        ("zh-quarterly-minutes", (v, d, r) => d
            .T("季度经营分析会会议记录\n出席：").E("PERSON", v.ChineseName()).T("、").E("PERSON", v.ChineseName()).T("、").E("PERSON", v.ChineseName())
            .T("\n会上").E("PERSON", v.ChineseName()).T("表示第三季度营收增长12.5%。").E("PERSON", v.ChineseName()).T("指出客户")
            .E("PERSON", v.ChineseName()).T("的投诉需在3个工作日内回复，联系方式").E("CN_MOBILE", v.Mobile()).T("。\n附件：报表v1.0.2，订单号").E(null, v.OrderNumber()).T("。\n")),
        ("zh-it-ticket", (v, d, r) => d
            .T("工单号：").E(null, v.OrderNumber()).T("\n报修人：").E("PERSON", v.ChineseName()).T("\n联系电话：").E("CN_LANDLINE", v.Landline())
            .T("\n故障描述：办公室网络无法访问，网卡MAC地址").E("MAC", v.Mac()).T("，IP地址").E("IP", v.Ip()).T("。\n处理人：").E("PERSON", v.ChineseName())
            .T("工程师。\n处理记录：已重置交换机端口，固件版本 10.2.0.1。\n")),
        ("zh-service-ticket", (v, d, r) => d
            .T("【客服工单】").E(null, v.OrderNumber()).T("\n客户").E("PERSON", v.ChineseName()).T("来电（来电号码").E("CN_MOBILE", v.Mobile())
            .T("）反映账户无法登录，登录邮箱").E("EMAIL", v.Email()).T("。客户车牌号").E("CN_PLATE", v.Plate()).T("，停车场系统未识别。\n服务器地址：")
            .E("IP", v.Ip()).T("\n备注：客户提供的密码为").E("SECRET", v.Password()).T("，已提醒其修改。\n工单创建时间：2024/04/02 09:15:27\n")),
        ("zh-expense-claim", (v, d, r) => d
            .T("报销单\n报销人：").E("PERSON", v.ChineseName()).T("\n收款账号：").E("BANK_CARD", v.BankCard(valid: r.Next(5) != 0))
            .T("\n开户银行：建设银行北京分行\n金额：¥12,345.00\n发票号码：").E(null, v.Digits(8)).T("，订单号：").E(null, v.OrderNumber())
            .T("\n审核人：").E("PERSON", v.ChineseName()).T("\n")),
        ("zh-customer-card", (v, d, r) => d
            .T("客户资料卡\n客户姓名：").E("PERSON", v.ChineseName()).T("\n证件类型：护照  证件号码：").E("PASSPORT", v.Passport())
            .T("\n联系地址：").E("ADDRESS", v.Address()).T("\n固定电话：").E("CN_LANDLINE", v.Landline()).T("\n移动电话：").E("CN_MOBILE", v.Mobile())
            .T("\n车辆号牌：").E("CN_PLATE", v.Plate()).T("\n企业信用代码：").E("CN_USCC", v.Uscc()).T("\n")),
        ("zh-ops-handover", (v, d, r) => d
            .T("运维交接记录\n值班人：").E("PERSON", v.ChineseName()).T("\n数据库主机 ").E("IP", v.Ip()).T("，管理员账号 admin，password: ")
            .E("SECRET", v.Password()).T("\nAPI密钥：").E("SECRET", v.ApiKey()).T("\n备用网关").E("IP", v.Ip()).T("，设备MAC ").E("MAC", v.Mac())
            .T("\n今日部署版本 version 1.2.3.4，构建号 20240315.1\n")),
        ("zh-visitor-log", (v, d, r) => d
            .T("访客登记\n访客：").E("PERSON", v.ChineseName()).T("（来自台湾，台胞证号码：").E("CN_HMT_PERMIT", v.Digits(8)).T("）\n回乡证：")
            .E("CN_HMT_PERMIT", "H" + v.Digits(8)).T("\n被访人：").E("PERSON", v.ChineseName()).T("\n到访车辆：").E("CN_PLATE", v.Plate())
            .T("\n访客手机：").E("CN_MOBILE", v.Mobile()).T("，登记时间 2024-05-06 08:45\n")),
        ("en-employment", (v, d, r) => d
            .T("EMPLOYMENT AGREEMENT\nThis agreement is made between Acme Ltd. and Mr. ").E("PERSON", v.EnglishName()).T(" (the Employee).\nEmployee email: ")
            .E("EMAIL", v.Email()).T(". Phone: ").E("CN_MOBILE", v.Mobile()).T(".\nBank account for salary: ").E("BANK_CARD", v.BankCard())
            .T(".\nSigned by ").E("PERSON", v.EnglishName()).T(" on 2023-06-01. Document version 2.1.0.\n")),
        ("en-minutes", (v, d, r) => d
            .T("Meeting minutes - product review\nAttendees: ").E("PERSON", v.EnglishName()).T(", ").E("PERSON", v.EnglishName())
            .T("\nAction: Dear ").E("PERSON", v.EnglishName()).T(", please update server ").E("IP", v.Ip()).T(" before release 3.4.5.6.\nContact: ")
            .E("EMAIL", v.Email()).T(", tel ").E("CN_MOBILE", v.Mobile()).T(".\nTicket #").E(null, v.OrderNumber()).T("\n")),
        ("en-support", (v, d, r) => d
            .T("Support ticket ").E(null, v.OrderNumber()).T("\nReported by: ").E("PERSON", v.EnglishName()).T("\nReference: ").E(null, v.ChineseId(valid: false))
            .T("\nDescription: login from ").E("IP", v.Ip()).T(" failed; MAC ").E("MAC", v.Mac()).T(". Password: ").E("SECRET", v.Password())
            .T("\nRegards,\n").E("PERSON", v.EnglishName()).T("\n")),
        ("en-letter", (v, d, r) => d
            .T("Dear Ms. ").E("PERSON", v.EnglishName()).T(",\nYour passport number ").E("PASSPORT", v.Passport()).T(" has been recorded. Your access key is ")
            .E("SECRET", v.ApiKey()).T(". Please call our hotline ").E("CN_LANDLINE", v.Landline()).T(" with build 5.0.2.1 questions.\nBest regards,\n")
            .E("PERSON", v.EnglishName()).T("\n")),
        ("zh-staff-news", (v, d, r) => d
            .E("PERSON", v.ChineseName()).T("于2022年加入公司，现任产品部经理。").E("PERSON", v.ChineseName()).T("与").E("PERSON", v.ChineseName())
            .T("共同负责华东区业务。如有问题请联系").E("PERSON", v.ChineseName()).T("（").E("CN_MOBILE", v.Mobile()).T("）。\n")),
        ("zh-appointment", (v, d, r) => d
            .T("关于").E("PERSON", v.ChineseName()).T("同志职务任命的通知：经研究决定，任命").E("PERSON", v.ChineseName()).T("为技术中心副主任，")
            .E("PERSON", v.ChineseName()).T("不再担任该职务。特此通知。联系人：").E("PERSON", v.ChineseName()).T("，电话：").E("CN_LANDLINE", v.Landline()).T("。\n")),
        ("zh-system-log", (v, d, r) => d
            .T("系统日志：2024-03-15T14:30:00Z 订单").E(null, v.OrderNumber()).T("创建成功，金额 3,280.00 元，批次号 ").E(null, v.Digits(18))
            .T("，版本号 V2.3.1。商品编码 SKU").E(null, v.Digits(10)).T("。时间戳 1710487800123。序列号 ").E(null, v.ChineseId(valid: false)).T("。\n")),
        ("zh-reconciliation", (v, d, r) => d
            .T("对账说明：交易流水号").E(null, v.Digits(19)).T("，订单编号").E(null, v.OrderNumber()).T("，证件号").E(null, v.ChineseId(valid: false))
            .T("（校验失败），手机号码12345678901为测试号码。接口版本 1.0.0.12，会计期间2024-03，凭证号").E(null, v.Digits(16)).T("。\n")),
        // Forms seen in real documents (issue 11 item 9): keyed secrets in prose and JSON, IDs spelled out, dotted
        // phones, spaced e-mail, QQ and WeChat ids, names and addresses with tails.
        ("zh-ops-chat", (v, d, r) => d
            .T("运维群聊天记录\n值班：").E("PERSON", v.ChineseName()).T("\n数据库口令是 ").E("SECRET", v.Password()).T("，别外传。\npassword: ")
            .E("SECRET", v.Password()).T("\n配置片段：{\"user\": \"svc\", \"password\": \"").E("SECRET", v.Password()).T("\"}\n有问题加我QQ号：")
            .E("IM_ACCOUNT", v.Qq()).T("，或微信号：").E("IM_ACCOUNT", v.WeChatId()).T("。\n手机 ").E("CN_MOBILE", v.DottedMobile())
            .T("，邮箱 ").E("EMAIL", v.SpacedEmail()).T("\n身份证号 ").E("CN_ID", v.SpelledId()).T("\n版本 v2.").E(null, v.Digits(2)).T(".1，QQ群公告已更新。\n")),
        ("zh-customer-im", (v, d, r) => d
            .T("客户回访记录：客户").E("PERSON", v.ChineseName()).T("反馈，").T("她的身份证号码是").E("CN_ID", v.SpelledId())
            .T("。联系方式：").E("CN_MOBILE", v.DottedMobile()).T("；QQ ").E("IM_ACCOUNT", v.Qq()).T("；WeChat: ").E("IM_ACCOUNT", v.WeChatId())
            .T("；e-mail ").E("EMAIL", v.SpacedEmail()).T("。\n送货地址：").E("ADDRESS", v.TowerAddress()).T("。系统登录口令为")
            .E("SECRET", v.Password()).T("，\"password\": \"").E("SECRET", v.Password()).T("\"。订单号").E(null, v.OrderNumber()).T("。\n")),
    ];
}
