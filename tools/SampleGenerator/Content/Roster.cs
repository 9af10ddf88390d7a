using System.Globalization;
using System.Text;

namespace Zhiku.SampleGenerator.Content;

/// <summary>
/// The HR roster: entirely made-up people whose identity numbers, phone numbers and bank cards are well formed
/// (GB 11643 check digit, real region codes and birth dates, mobile prefixes, Luhn check digit), so the privacy
/// work has realistic data to find. Seeded, so regenerating gives the same file.
/// </summary>
internal static class Roster
{
    public const string FileName = "员工花名册.csv";

    private static readonly (string Name, string Pinyin, bool Male)[] People =
    [
        ("张伟", "zhang.wei", true), ("王芳", "wang.fang", false), ("李娜", "li.na", false), ("刘洋", "liu.yang", true),
        ("陈静", "chen.jing", false), ("杨磊", "yang.lei", true), ("赵丽", "zhao.li", false), ("黄强", "huang.qiang", true),
        ("周杰", "zhou.jie", true), ("吴敏", "wu.min", false), ("徐浩然", "xu.haoran", true), ("孙雅婷", "sun.yating", false),
        ("马俊杰", "ma.junjie", true), ("朱晓燕", "zhu.xiaoyan", false), ("胡斌", "hu.bin", true), ("郭欣怡", "guo.xinyi", false),
        ("何建华", "he.jianhua", true), ("高雪", "gao.xue", false), ("林子豪", "lin.zihao", true), ("罗佳琪", "luo.jiaqi", false),
        ("郑宇航", "zheng.yuhang", true), ("梁诗涵", "liang.shihan", false), ("谢明辉", "xie.minghui", true), ("宋佳怡", "song.jiayi", false),
        ("唐志远", "tang.zhiyuan", true), ("韩梦瑶", "han.mengyao", false), ("冯凯", "feng.kai", true), ("邓慧敏", "deng.huimin", false),
        ("曹文博", "cao.wenbo", true), ("彭丹", "peng.dan", false),
    ];

    private static readonly (string Code, string Address)[] Regions =
    [
        ("330106", "浙江省杭州市西湖区文三路"), ("330108", "浙江省杭州市滨江区江南大道"), ("330102", "浙江省杭州市上城区解放路"),
        ("330110", "浙江省杭州市余杭区文一西路"), ("310112", "上海市闵行区七莘路"), ("310104", "上海市徐汇区漕溪北路"),
        ("440305", "广东省深圳市南山区科技南路"), ("440304", "广东省深圳市福田区深南大道"), ("320106", "江苏省南京市鼓楼区中山北路"),
        ("420111", "湖北省武汉市洪山区珞喻路"), ("510107", "四川省成都市武侯区人民南路"), ("370202", "山东省青岛市市南区香港中路"),
    ];

    private static readonly (string Department, string[] Titles)[] Departments =
    [
        ("研发中心", ["高级软件工程师", "嵌入式工程师", "算法工程师", "测试工程师", "研发经理"]),
        ("产品部", ["产品经理", "产品专员"]),
        ("销售部", ["大客户经理", "销售代表", "售前工程师"]),
        ("人力资源部", ["招聘专员", "薪酬福利专员"]),
        ("财务部", ["会计", "出纳"]),
        ("行政部", ["行政专员", "前台"]),
        ("质量部", ["质量工程师"]),
    ];

    private static readonly string[] MobilePrefixes = ["138", "139", "136", "150", "158", "186", "188", "177", "199", "135", "187", "152"];

    private static readonly (string Bin, string Bank)[] Banks =
    [
        ("622202", "中国工商银行杭州分行"), ("621700", "中国建设银行杭州分行"), ("622848", "中国农业银行杭州分行"),
        ("622588", "招商银行杭州分行"), ("621226", "中国工商银行上海分行"), ("622609", "中国银行深圳分行"),
    ];

    public static byte[] Build()
    {
        var random = new Random(20250101);
        var csv = new StringBuilder();
        csv.Append("工号,姓名,性别,部门,职位,入职日期,身份证号,手机号,邮箱,银行卡号,开户行,家庭住址,备注\r\n");
        for (var i = 0; i < People.Length; i++)
        {
            var (name, pinyin, male) = People[i];
            var (department, titles) = Departments[i % Departments.Length];
            var title = titles[random.Next(titles.Length)];
            var (regionCode, street) = Regions[random.Next(Regions.Length)];
            var birth = new DateOnly(1975, 1, 1).AddDays(random.Next(365 * 26));
            var hired = new DateOnly(2016, 3, 1).AddDays(random.Next(365 * 9));
            var id = IdentityNumber(regionCode, birth, male, random);
            var mobile = MobilePrefixes[random.Next(MobilePrefixes.Length)] + random.Next(0, 100_000_000).ToString("D8", CultureInfo.InvariantCulture);
            var (bin, bank) = Banks[random.Next(Banks.Length)];
            var card = BankCard(bin, random);
            var address = $"{street}{random.Next(1, 999)}号{random.Next(1, 30)}幢{random.Next(1, 28)}0{random.Next(1, 6)}室";
            var note = i switch
            {
                0 => "研发骨干, 负责ZK-2024-001固件",
                3 => "获评\"2024年度优秀员工\"",
                7 => "2025年3月调岗至质量部\n原岗位：测试工程师",
                12 => "试用期至2025-05-31",
                _ => "",
            };
            string[] fields =
            [
                $"XH{1001 + i}", name, male ? "男" : "女", department, title, hired.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture),
                id, mobile, $"{pinyin}@xinghe-tech.example.cn", card, bank, address, note,
            ];
            csv.Append(string.Join(',', fields.Select(Quote))).Append("\r\n");
        }

        // UTF-8 with a byte order mark, which Excel needs to show Chinese correctly.
        return [.. Encoding.UTF8.GetPreamble(), .. Encoding.UTF8.GetBytes(csv.ToString())];
    }

    /// <summary>An 18-digit resident identity number with the GB 11643-1999 check character.</summary>
    public static string IdentityNumber(string region, DateOnly birth, bool male, Random random)
    {
        var sequence = random.Next(0, 50) * 10 + random.Next(0, 5) * 2 + (male ? 1 : 0);
        var body = region + birth.ToString("yyyyMMdd", CultureInfo.InvariantCulture) + sequence.ToString("D3", CultureInfo.InvariantCulture);
        int[] weights = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2];
        var sum = body.Select((c, k) => (c - '0') * weights[k]).Sum();
        return body + "10X98765432"[sum % 11];
    }

    /// <summary>A 19-digit card number starting with <paramref name="bin"/> whose last digit is the Luhn check digit.</summary>
    public static string BankCard(string bin, Random random)
    {
        var digits = new StringBuilder(bin);
        while (digits.Length < 18)
        {
            digits.Append((char)('0' + random.Next(10)));
        }

        var body = digits.ToString();
        var sum = 0;
        for (var k = 0; k < body.Length; k++)
        {
            // Doubling starts at the rightmost digit of the body, the one next to the check digit.
            var d = body[body.Length - 1 - k] - '0';
            if (k % 2 == 0)
            {
                d *= 2;
                if (d > 9)
                {
                    d -= 9;
                }
            }

            sum += d;
        }

        return body + (char)('0' + ((10 - (sum % 10)) % 10));
    }

    private static string Quote(string field) =>
        field.IndexOfAny([',', '"', '\n', '\r']) >= 0 ? $"\"{field.Replace("\"", "\"\"", StringComparison.Ordinal)}\"" : field;
}
