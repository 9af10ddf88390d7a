using System.Text.RegularExpressions;
using Zhiku.Core.Documents;

namespace Zhiku.Core.Tests.Documents;

/// <summary>Every file of the bundled samples/ corpus reads, with the text and structure questions rely on.</summary>
public sealed partial class SampleCorpusTests
{
    public static string SamplesFolder()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "Zhiku.slnx")))
            {
                return Path.Combine(dir.FullName, "samples");
            }
        }

        throw new DirectoryNotFoundException("samples/ not found: run the tests from inside the Zhiku repository.");
    }

    [Fact]
    public async Task Every_sample_file_reads()
    {
        // The scanned samples need OCR: read them with the real models.
        var reader = new DocumentReader(new DocumentReaderOptions { Ocr = new Core.Documents.Ocr.OcrOptions { ModelFolder = Zhiku.TestSupport.OcrModels.Folder } });
        var files = Directory.GetFiles(SamplesFolder());
        Assert.True(files.Length >= 7);
        foreach (var file in files)
        {
            var result = await reader.ReadFileAsync(file);
            Assert.True(result.Status == DocumentReadStatus.Read, $"{Path.GetFileName(file)}: {result.Status}");
            foreach (var document in result.Documents)
            {
                ParseAssert.Invariants(document);
            }
        }
    }

    [Fact]
    public async Task Handbook_answers_the_probation_leave_question_under_its_heading()
    {
        var handbook = await ReadAsync("员工手册.md");

        var answer = ParseAssert.BlockContaining(handbook, "试用期员工不享受带薪年假");
        Assert.Equal("星河科技有限公司员工手册 > 第一章 入职与试用期 > 1.2 试用期", answer.HeadingPath);
        Assert.EndsWith("3.2 年假", ParseAssert.BlockContaining(handbook, "当年新转正的员工").HeadingPath, StringComparison.Ordinal);
        Assert.Equal(BlockKind.Row, ParseAssert.BlockContaining(handbook, "每晚不超过550元").Kind);
        Assert.Contains("费用报销须在费用发生后60天内提交", handbook.Text, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Product_manual_keeps_headings_codes_and_spec_rows()
    {
        var manual = await ReadAsync("产品手册-星河边缘计算网关.docx");

        Assert.Equal("星河边缘计算网关 产品手册", manual.Title);
        Assert.Equal(BlockKind.Heading, ParseAssert.BlockContaining(manual, "3 技术规格").Kind);
        var row = ParseAssert.BlockContaining(manual, "IP65");
        Assert.Equal(BlockKind.Row, row.Kind);
        Assert.Contains("防护等级", ParseAssert.BlockText(manual, row), StringComparison.Ordinal);
        Assert.Equal("星河边缘计算网关 产品手册 > 4 安装与首次配置 > 4.2 首次配置步骤",
            ParseAssert.BlockContaining(manual, "第二步").HeadingPath);
        Assert.Contains("ZK-2023-017", manual.Text, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Minutes_pdf_keeps_pages_and_sections()
    {
        var minutes = await ReadAsync("会议纪要-2025年第一季度经营分析会.pdf");

        Assert.Equal(3, minutes.Blocks.Max(b => b.Page));
        Assert.Equal(1, ParseAssert.BlockContaining(minutes, "营业收入1.86亿元").Page);
        var decision = ParseAssert.BlockContaining(minutes, "确认ZK-2024-002主控芯片替代方案");
        Assert.Equal(2, decision.Page);
        Assert.EndsWith("五、会议决议", decision.HeadingPath, StringComparison.Ordinal);
        Assert.Equal(3, ParseAssert.BlockContaining(minutes, "2025年7月8日").Page);
        Assert.Contains("试用期员工不享受带薪年假", minutes.Text, StringComparison.Ordinal);
        Assert.DoesNotContain("第 1 页", minutes.Text, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Faq_page_drops_boilerplate()
    {
        var faq = await ReadAsync("IT服务台常见问题.html");

        Assert.Contains("域账号密码每90天必须更换一次", faq.Text, StringComparison.Ordinal);
        Assert.DoesNotContain("浙ICP备", faq.Text, StringComparison.Ordinal);
        Assert.DoesNotContain("热门链接", faq.Text, StringComparison.Ordinal);
        Assert.DoesNotContain("dataLayer", faq.Text, StringComparison.Ordinal);
        Assert.EndsWith("忘记域账号密码怎么办？", ParseAssert.BlockContaining(faq, "自助服务平台").HeadingPath, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Gbk_notice_decodes()
    {
        var bytes = await File.ReadAllBytesAsync(Path.Combine(SamplesFolder(), "行政通知-2025年春节放假安排.txt"));
        Assert.Throws<System.Text.DecoderFallbackException>(() => new System.Text.UTF8Encoding(false, true).GetString(bytes));

        var notice = await ReadAsync("行政通知-2025年春节放假安排.txt");

        Assert.Contains("2025年1月28日（农历除夕）至2月4日（正月初七）放假调休，共8天。", notice.Text, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Roster_rows_hold_well_formed_fake_identities()
    {
        var roster = await ReadAsync("员工花名册.csv");

        Assert.Equal(30, roster.Blocks.Count);
        foreach (var block in roster.Blocks)
        {
            var row = ParseAssert.BlockText(roster, block);
            var id = IdNumber().Match(row).Groups[1].Value;
            Assert.True(ValidIdentityNumber(id), $"bad identity number in: {row}");
            Assert.True(Luhn(CardNumber().Match(row).Groups[1].Value), $"bad card number in: {row}");
            Assert.Matches(@"手机号: 1[3-9]\d{9}", row);
        }
    }

    [Fact]
    public async Task English_policy_reads()
    {
        var policy = await ReadAsync("Travel-and-Expense-Policy.md");

        Assert.Equal("Xinghe Tech Travel and Expense Policy", policy.Title);
        Assert.Contains("Destination: Tier-1 cities in China (Beijing, Shanghai, Guangzhou, Shenzhen); Limit per night: RMB 550", policy.Text, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Price_list_answers_the_retail_price_question_from_its_row()
    {
        var prices = await ReadAsync("价格表与库存-2025年.xlsx");

        var row = ParseAssert.BlockContaining(prices, "ZK-2024-001P");
        Assert.Equal("价格表!A3:F3", row.HeadingPath);
        Assert.Equal("产品编号: ZK-2024-001P; 产品名称: 星河边缘计算网关; 建议零售价: 8,600元; 经销价: 7,310元; 上市日期: 2024-03-15; 质保期: 3年",
            ParseAssert.BlockText(prices, row));
        var stock = ParseAssert.BlockContaining(prices, "上海仓; 产品编号: ZK-2025-003A");
        Assert.StartsWith("区域: 华东区;", ParseAssert.BlockText(prices, stock), StringComparison.Ordinal);
        Assert.Contains("库存数量: 2,150", ParseAssert.BlockText(prices, stock), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Launch_deck_keeps_slides_tables_and_notes()
    {
        var deck = await ReadAsync("发布会-工业AI质检一体机.pptx");

        Assert.Equal("工业AI质检一体机 ZK-2024-002P 发布会", deck.Title);
        Assert.Equal(3, ParseAssert.BlockContaining(deck, "16,800元").Page);
        Assert.Equal("价格与供货 > 备注 Notes", ParseAssert.BlockContaining(deck, "早鸟价").HeadingPath);
    }

    [Fact]
    public async Task Email_and_its_pdf_attachment_are_two_documents()
    {
        var result = await new DocumentReader().ReadFileAsync(Path.Combine(SamplesFolder(), "邮件-ZK-2024-002量产计划确认.eml"));

        Assert.Equal(2, result.Documents.Count);
        var (message, plan) = (result.Documents[0], result.Documents[1]);
        Assert.Equal("Re: ZK-2024-002 量产计划确认", message.Title);
        Assert.Contains("首批生产500台", message.Text, StringComparison.Ordinal);
        Assert.DoesNotContain("请确认 ZK-2024-002 的量产日期", message.Text, StringComparison.Ordinal);
        Assert.Equal("pdf", plan.Format);
        Assert.Contains("Re: ZK-2024-002 量产计划确认", plan.Title, StringComparison.Ordinal);
        Assert.Contains("安全库存为四周用量", plan.Text, StringComparison.Ordinal);
    }

    private static async Task<ExtractedDocument> ReadAsync(string name)
    {
        var result = await new DocumentReader().ReadFileAsync(Path.Combine(SamplesFolder(), name));
        var document = Assert.Single(result.Documents);
        ParseAssert.Invariants(document);
        return document;
    }

    private static bool ValidIdentityNumber(string id)
    {
        int[] weights = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2];
        if (id.Length != 18 || !DateOnly.TryParseExact(id[6..14], "yyyyMMdd", out _))
        {
            return false;
        }

        var sum = id[..17].Select((c, i) => (c - '0') * weights[i]).Sum();
        return "10X98765432"[sum % 11] == id[17];
    }

    private static bool Luhn(string digits)
    {
        var sum = 0;
        for (var i = 0; i < digits.Length; i++)
        {
            var d = digits[digits.Length - 1 - i] - '0';
            sum += i % 2 == 1 ? (d * 2 > 9 ? (d * 2) - 9 : d * 2) : d;
        }

        return digits.Length >= 16 && sum % 10 == 0;
    }

    [GeneratedRegex(@"身份证号: (\d{17}[\dX])")]
    private static partial Regex IdNumber();

    [GeneratedRegex(@"银行卡号: (\d+)")]
    private static partial Regex CardNumber();
}
