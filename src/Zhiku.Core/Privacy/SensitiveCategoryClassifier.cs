namespace Zhiku.Core.Privacy;

/// <summary>
/// Flags a text with the PIPL Art. 28 categories its wording belongs to, from keyword lists (Chinese and
/// English). A category is flagged when one of its keywords occurs; this is a coarse signal for policies
/// ("chunks about health stay local"), not a finding about a person.
/// </summary>
public sealed class SensitiveCategoryClassifier
{
    private static readonly (SensitiveCategory Category, string[] Keywords)[] Lists =
    [
        (SensitiveCategory.Health,
        [
            "病历", "病史", "诊断", "确诊", "患者", "病人", "住院", "出院", "手术", "门诊", "处方", "用药", "体检报告", "化验", "病情",
            "癌症", "肿瘤", "艾滋", "HIV", "乙肝", "抑郁症", "精神疾病", "心理咨询", "残疾", "怀孕", "孕检", "流产", "传染病", "过敏史",
            "medical record", "diagnosis", "diagnosed", "patient", "prescription", "hospitalized", "medical history", "disability", "pregnan",
        ]),
        (SensitiveCategory.Religion,
        [
            "宗教", "信仰", "佛教", "基督教", "天主教", "伊斯兰", "穆斯林", "道教", "教会", "清真", "礼拜", "受洗", "皈依", "寺庙", "清真寺",
            "religion", "religious", "church", "mosque", "muslim", "christian", "buddhist", "baptized",
        ]),
        (SensitiveCategory.Finance,
        [
            "银行卡", "银行账户", "账户余额", "存款", "贷款", "征信", "信用报告", "信用卡", "收入证明", "工资", "薪资", "薪酬", "年薪", "月薪",
            "负债", "欠款", "逾期", "开户行", "流水", "理财", "股票账户", "公积金", "纳税",
            "bank account", "account balance", "credit card", "credit report", "salary", "loan", "debt", "income",
        ]),
        (SensitiveCategory.Biometrics,
        [
            "指纹", "人脸", "面部识别", "刷脸", "虹膜", "声纹", "掌纹", "步态", "基因", "DNA", "生物识别", "面部特征",
            "fingerprint", "facial recognition", "face id", "iris", "voiceprint", "biometric",
        ]),
        (SensitiveCategory.Minors,
        [
            "未成年", "儿童", "未满十四", "不满十四", "14岁以下", "十四周岁", "小学生", "幼儿园", "监护人", "学生证", "少年", "婴儿",
            "minor", "child", "children", "under 14", "kindergarten", "guardian", "juvenile",
        ]),
        (SensitiveCategory.CriminalRecord,
        [
            "犯罪", "刑事", "判决", "判处", "有期徒刑", "前科", "拘留", "逮捕", "服刑", "刑满释放", "违法记录", "行政处罚", "立案", "缓刑", "吸毒",
            "criminal", "conviction", "convicted", "arrest", "sentenced", "prison", "probation",
        ]),
        (SensitiveCategory.Location,
        [
            "行踪", "轨迹", "定位", "位置信息", "行程", "出行记录", "打卡记录", "GPS", "所在位置",
            "location history", "whereabouts", "gps", "tracking",
        ]),
    ];

    /// <summary>The categories whose keywords occur in <paramref name="text"/>.</summary>
    public IReadOnlySet<SensitiveCategory> Classify(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        var found = new HashSet<SensitiveCategory>();
        foreach ((SensitiveCategory category, string[] keywords) in Lists)
        {
            foreach (string keyword in keywords)
            {
                if (text.Contains(keyword, StringComparison.OrdinalIgnoreCase))
                {
                    found.Add(category);
                    break;
                }
            }
        }

        return found;
    }
}
