namespace Zhiku.Core.Privacy;

/// <summary>Sensitive personal information categories of PIPL Art. 28 (plus criminal records), which a policy
/// may keep away from cloud models.</summary>
public enum SensitiveCategory
{
    /// <summary>医疗健康: diagnoses, medical records, conditions, medication.</summary>
    Health,
    /// <summary>宗教信仰.</summary>
    Religion,
    /// <summary>金融账户: accounts, balances, credit records, income.</summary>
    Finance,
    /// <summary>生物识别: fingerprints, face, iris, voiceprints.</summary>
    Biometrics,
    /// <summary>不满十四周岁未成年人的个人信息.</summary>
    Minors,
    /// <summary>违法犯罪记录.</summary>
    CriminalRecord,
    /// <summary>行踪轨迹.</summary>
    Location,
}
