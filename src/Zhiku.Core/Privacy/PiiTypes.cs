namespace Zhiku.Core.Privacy;

/// <summary>
/// The entity type names. They are a contract: they appear in <c>zhiku scan --json</c>, policies,
/// audit records and placeholders, so never rename one.
/// </summary>
public static class PiiTypes
{
    /// <summary>居民身份证号码 (GB 11643, 18 digits; 15-digit old numbers).</summary>
    public const string ChineseId = "CN_ID";
    /// <summary>Mainland mobile number, with or without +86.</summary>
    public const string ChineseMobile = "CN_MOBILE";
    /// <summary>Landline with area code, and 400/800 service numbers.</summary>
    public const string ChineseLandline = "CN_LANDLINE";
    /// <summary>Bank card number, 16–19 digits, Luhn.</summary>
    public const string BankCard = "BANK_CARD";
    /// <summary>统一社会信用代码 (GB 32100): an organisation identifier, kept by default.</summary>
    public const string ChineseUscc = "CN_USCC";
    /// <summary>Passport number.</summary>
    public const string Passport = "PASSPORT";
    /// <summary>港澳台 travel permits (回乡证, 台胞证, 往来港澳/台湾通行证).</summary>
    public const string HmtPermit = "CN_HMT_PERMIT";
    /// <summary>Hong Kong, Macau and Taiwan identity card numbers.</summary>
    public const string HmtId = "CN_HMT_ID";
    /// <summary>Mainland licence plate, including new-energy plates.</summary>
    public const string ChinesePlate = "CN_PLATE";
    /// <summary>E-mail address.</summary>
    public const string Email = "EMAIL";
    /// <summary>IPv4 or IPv6 address.</summary>
    public const string IpAddress = "IP";
    /// <summary>MAC address.</summary>
    public const string MacAddress = "MAC";
    /// <summary>A date next to a birth-date cue (出生日期, DOB…).</summary>
    public const string DateOfBirth = "DATE_OF_BIRTH";
    /// <summary>A person's name, Chinese or English.</summary>
    public const string Person = "PERSON";
    /// <summary>A postal address.</summary>
    public const string Address = "ADDRESS";
    /// <summary>Passwords, API keys, tokens, private keys.</summary>
    public const string Secret = "SECRET";
    /// <summary>An instant-messaging account next to its cue word: QQ number, WeChat id.</summary>
    public const string ImAccount = "IM_ACCOUNT";

    /// <summary>Every type this version detects, in a stable order.</summary>
    public static IReadOnlyList<string> All { get; } =
    [
        ChineseId, ChineseMobile, ChineseLandline, BankCard, ChineseUscc, Passport, HmtPermit, HmtId,
        ChinesePlate, Email, IpAddress, MacAddress, DateOfBirth, Person, Address, Secret, ImAccount,
    ];

    /// <summary>The Chinese label used in placeholders such as [姓名_1].</summary>
    public static string ChineseLabel(string type) => type switch
    {
        ChineseId => "身份证",
        ChineseMobile => "手机号",
        ChineseLandline => "电话",
        BankCard => "银行卡",
        ChineseUscc => "信用代码",
        Passport => "护照",
        HmtPermit => "通行证",
        HmtId => "证件号",
        ChinesePlate => "车牌",
        Email => "邮箱",
        IpAddress => "IP",
        MacAddress => "MAC",
        DateOfBirth => "出生日期",
        Person => "姓名",
        Address => "地址",
        Secret => "密钥",
        ImAccount => "社交账号",
        _ => type,
    };

    /// <summary>The English label used in placeholders such as [PERSON_1].</summary>
    public static string EnglishLabel(string type) => type switch
    {
        ChineseId => "ID_NUMBER",
        ChineseMobile => "PHONE",
        ChineseLandline => "PHONE",
        ChineseUscc => "ORG_CODE",
        HmtPermit => "PERMIT",
        HmtId => "ID_NUMBER",
        ChinesePlate => "PLATE",
        _ => type,
    };
}
