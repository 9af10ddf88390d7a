using Bogus;
using Zhiku.Core.Privacy;

namespace Zhiku.PrivacyBench;

/// <summary>Valid (and deliberately invalid) identifiers, names and addresses. Check digits are computed
/// here independently of the validators under test.</summary>
internal sealed class ValueFactory(Random r)
{
    private static readonly string[] Regions = ["110101", "110105", "110108", "310104", "310115", "440305", "440106", "330106", "510107", "320102", "420106", "610113", "370202", "120101", "500103", "210102", "350203", "430104", "130102", "410105", "230103", "450103", "530102", "620102", "650102", "220102", "340104", "360102", "520102", "140105"];
    private static readonly string[] MobilePrefixes = ["130", "131", "132", "133", "135", "136", "137", "138", "139", "150", "151", "152", "155", "156", "157", "158", "159", "166", "170", "176", "177", "178", "180", "181", "182", "183", "185", "186", "187", "188", "189", "191", "198", "199"];
    private static readonly (string Area, int Digits)[] Areas = [("010", 8), ("021", 8), ("020", 8), ("0755", 8), ("0571", 8), ("028", 8), ("027", 8), ("025", 8), ("029", 8), ("0512", 8), ("0532", 8), ("0731", 8), ("0591", 8), ("023", 8)];
    private static readonly string[] CardBins = ["622202", "621700", "622848", "623058", "622588", "436742", "518710", "622700", "621483", "625965"];
    private static readonly string[] Provinces = ["京", "沪", "粤", "浙", "苏", "川", "鄂", "鲁", "津", "渝", "闽", "湘"];
    private static readonly string[] CompoundSurnames = ["欧阳", "司马", "诸葛", "上官", "慕容", "东方", "皇甫", "令狐", "尉迟", "公孙"];
    private static readonly string[] Domains = ["example.com", "corp.cn", "163.com", "qq.com", "gmail.com", "company.com.cn", "mail.test.org"];
    private static readonly (string Prefix, string[] Districts)[] Cities =
    [
        ("北京市", ["海淀区", "朝阳区", "东城区", "丰台区"]), ("上海市", ["浦东新区", "徐汇区", "静安区"]), ("广东省深圳市", ["南山区", "福田区", "龙岗区"]),
        ("浙江省杭州市", ["西湖区", "余杭区", "滨江区"]), ("四川省成都市", ["武侯区", "锦江区"]), ("江苏省南京市", ["鼓楼区", "玄武区"]),
        ("湖北省武汉市", ["洪山区", "江汉区"]), ("广州市", ["天河区", "越秀区"]), ("天津市", ["和平区", "南开区"]), ("陕西省西安市", ["雁塔区", "碑林区"]),
    ];

    private static readonly string[] Roads = ["中山", "人民", "解放", "建设", "学院", "文三", "长安", "望京", "滨江", "科技园", "和平", "新华", "东风", "光明", "胜利", "青年", "复兴", "南京西", "天府", "珠江"];
    private static readonly string[] RoadSuffixes = ["路", "路", "街", "大街", "大道", "巷"];
    private static readonly string[] Buildings = ["阳光花园", "国贸大厦", "华润中心", "绿地广场", "翠苑小区", "金地公寓", "创业园区", "万科城市花园"];

    private readonly Faker _zh = new("zh_CN") { Random = new Randomizer(r.Next()) };
    private readonly Faker _en = new("en") { Random = new Randomizer(r.Next()) };

    public string Digits(int n) => new([.. Enumerable.Range(0, n).Select(_ => (char)('0' + r.Next(10)))]);

    public string Pick(string[] items) => items[r.Next(items.Length)];

    public string ChineseId(bool valid = true)
    {
        var birth = new DateOnly(1950, 1, 1).AddDays(r.Next(0, 365 * 55));
        string body = Pick(Regions) + birth.ToString("yyyyMMdd", System.Globalization.CultureInfo.InvariantCulture) + Digits(3);
        int[] w = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2];
        int sum = body.Select((c, i) => (c - '0') * w[i]).Sum();
        char check = "10X98765432"[sum % 11];
        if (!valid)
        {
            check = "10X98765432"[(sum + 1 + r.Next(9)) % 11];
        }

        return body + check;
    }

    public string Mobile() => Format(Pick(MobilePrefixes) + Digits(8), r.Next(6));

    private static string Format(string m, int style) => style switch
    {
        1 => $"{m[..3]} {m[3..7]} {m[7..]}",
        2 => $"{m[..3]}-{m[3..7]}-{m[7..]}",
        3 => "+86 " + m,
        4 => $"+86-{m[..3]}-{m[3..7]}-{m[7..]}",
        _ => m,
    };

    public string Landline()
    {
        if (r.Next(6) == 0)
        {
            return (r.Next(2) == 0 ? "400-" : "800-") + Digits(3) + "-" + Digits(4);
        }

        (string area, int digits) = Areas[r.Next(Areas.Length)];
        string sub = (char)('2' + r.Next(7)) + Digits(digits - 1);
        return r.Next(4) switch
        {
            0 => $"({area}){sub}",
            1 => $"{area} {sub[..4]} {sub[4..]}",
            _ => $"{area}-{sub}",
        };
    }

    public string BankCard(bool valid = true)
    {
        string bin = Pick(CardBins);
        int length = r.Next(3) == 0 ? 16 : 19;
        string body = bin + Digits(length - bin.Length - 1);
        char check = BankCardValidator.ComputeCheckDigit(body);
        if (!valid)
        {
            check = (char)('0' + ((check - '0' + 1 + r.Next(9)) % 10));
        }

        string card = body + check;
        return r.Next(2) == 0 ? card : string.Join(' ', card.Chunk(4).Select(c => new string(c)));
    }

    public string Uscc()
    {
        const string alphabet = UsccValidator.Alphabet;
        string org = new([.. Enumerable.Range(0, 8).Select(_ => r.Next(4) == 0 ? alphabet[10 + r.Next(21)] : (char)('0' + r.Next(10)))]);
        int[] ow = [3, 7, 9, 10, 5, 8, 4, 2];
        int s = org.Select((c, i) => (char.IsDigit(c) ? c - '0' : c - 'A' + 10) * ow[i]).Sum();
        int rem = 11 - (s % 11);
        string body = Pick(["91", "92", "93", "12", "52"]) + Pick(Regions) + org + (rem == 10 ? 'X' : rem == 11 ? '0' : (char)('0' + rem));
        int[] w = [1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28];
        int sum = body.Select((c, i) => alphabet.IndexOf(c) * w[i]).Sum();
        return body + alphabet[(31 - (sum % 31)) % 31];
    }

    public string Passport() => r.Next(3) switch
    {
        0 => "E" + Digits(8),
        1 => "E" + "ABCDEFGHJKLMNPQRSTUVWXYZ"[r.Next(24)] + Digits(7),
        _ => "G" + Digits(8),
    };

    public string Permit() => r.Next(3) switch
    {
        0 => (r.Next(2) == 0 ? "H" : "M") + Digits(8),
        1 => "C" + "ABCDEFGHJKLMN"[r.Next(13)] + Digits(7),
        _ => "L" + Digits(8),
    };

    public string Plate()
    {
        string serial = r.Next(4) == 0
            ? (r.Next(2) == 0 ? "D" : "F") + Digits(5)
            : "ABCDEFGHJKLMNPQRSTUVWXYZ"[r.Next(24)] + Digits(4);
        return Pick(Provinces) + "ABCDEFGHJK"[r.Next(10)] + (r.Next(3) == 0 ? "·" : "") + serial;
    }

    public string ChineseName()
    {
        string surname = r.Next(12) == 0 ? Pick(CompoundSurnames) : _zh.Name.LastName();
        string given = _zh.Name.FirstName();
        return surname + (surname.Length == 2 && given.Length == 2 && r.Next(2) == 0 ? given[..1] : given);
    }

    public string EnglishName() => _en.Name.FirstName() + " " + _en.Name.LastName();

    public string Email() => _en.Internet.UserName().ToLowerInvariant().Replace("'", "", StringComparison.Ordinal) + "@" + Pick(Domains);

    public string Ip() => r.Next(5) switch
    {
        0 => $"10.{r.Next(256)}.{r.Next(256)}.{r.Next(1, 255)}",
        1 => $"172.{r.Next(16, 32)}.{r.Next(256)}.{r.Next(1, 255)}",
        2 => $"2001:db8:{r.Next(65536):x}::{r.Next(1, 65536):x}",
        _ => $"192.168.{r.Next(256)}.{r.Next(1, 255)}",
    };

    public string Mac() => string.Join(r.Next(2) == 0 ? ":" : "-", Enumerable.Range(0, 6).Select(_ => r.Next(256).ToString("X2", System.Globalization.CultureInfo.InvariantCulture)));

    public string BirthDate()
    {
        var d = new DateOnly(1955, 1, 1).AddDays(r.Next(0, 365 * 50));
        return r.Next(3) switch
        {
            0 => $"{d.Year}年{d.Month}月{d.Day}日",
            1 => d.ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture),
            _ => d.ToString("yyyy/MM/dd", System.Globalization.CultureInfo.InvariantCulture),
        };
    }

    public string Address()
    {
        (string prefix, string[] districts) = Cities[r.Next(Cities.Length)];
        string road = Pick(Roads) + Pick(RoadSuffixes) + r.Next(1, 999) + "号";
        string tail = r.Next(3) switch
        {
            0 => Pick(Buildings) + r.Next(1, 30) + "栋" + r.Next(1, 6) + "单元" + r.Next(1, 30) + "0" + r.Next(1, 9) + "室",
            1 => r.Next(1, 40) + "层" + r.Next(1, 40) + "0" + r.Next(1, 9) + "室",
            _ => "",
        };
        return (r.Next(5) == 0 ? "" : prefix) + Pick(districts) + road + tail;
    }

    public string Password() => Pick(["Abc", "Qwe", "Zk", "Pass", "Admin"]) + Pick(["@", "#", "!", "_"]) + Digits(r.Next(4, 8));

    public string ApiKey() => r.Next(2) == 0
        ? "sk-" + new string([.. Enumerable.Range(0, 40).Select(_ => "abcdefghijkmnopqrstuvwxyzABCDEFGHJKLMNPQRSTUVWXYZ0123456789"[r.Next(58)])])
        : "AKIA" + new string([.. Enumerable.Range(0, 16).Select(_ => "ABCDEFGHIJKLMNOPQRSTUVWXYZ234567"[r.Next(32)])]);

    public string Company() => Pick(["北京星辰", "上海远航", "深圳云启", "杭州数澜", "成都天府"]) + Pick(["科技", "信息技术", "贸易", "咨询"]) + "有限公司";

    /// <summary>An ID written digit by digit with spaces, or in Chinese numerals (一一〇一〇五…).</summary>
    public string SpelledId()
    {
        string id = ChineseId();
        return r.Next(2) == 0
            ? string.Join(' ', id.ToCharArray())
            : new string([.. id.Select(c => c == 'X' ? 'X' : "〇一二三四五六七八九"[c - '0'])]);
    }

    public string DottedMobile()
    {
        string m = Pick(MobilePrefixes) + Digits(8);
        return $"{m[..3]}.{m[3..7]}.{m[7..]}";
    }

    public string SpacedEmail() => Email().Replace("@", " @ ", StringComparison.Ordinal);

    public string Qq() => (char)('1' + r.Next(9)) + Digits(r.Next(4, 10));

    public string WeChatId() => r.Next(3) == 0
        ? "wxid_" + new string([.. Enumerable.Range(0, 12).Select(_ => "abcdefghijkmnpqrstuvwxyz0123456789"[r.Next(34)])])
        : _en.Internet.UserName().ToLowerInvariant().Replace(".", "_", StringComparison.Ordinal).Replace("'", "", StringComparison.Ordinal).PadRight(6, '8');

    /// <summary>An address whose building name follows a road written without a number: 建国路SOHO现代城5号楼1203室.</summary>
    public string TowerAddress()
    {
        (string prefix, string[] districts) = Cities[r.Next(Cities.Length)];
        string tower = Pick(["SOHO现代城", "万达广场", "国贸大厦", "银泰城", "华润中心", "绿地公馆"]);
        return prefix + Pick(districts) + Pick(Roads) + Pick(RoadSuffixes) + tower + r.Next(1, 12) + "号楼" + r.Next(2, 30) + "0" + r.Next(1, 9) + "室";
    }

    public string OrderNumber() => Pick(["SO", "PO", "", "DD"]) + DateTime.UnixEpoch.AddDays(r.Next(19000, 20000)).ToString("yyyyMMdd", System.Globalization.CultureInfo.InvariantCulture) + Digits(r.Next(6, 11));
}
