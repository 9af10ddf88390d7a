// Formats benchmark (issue 14): one-row questions over a generated spreadsheet (Recall@5, AskHit), ingest
// throughput per format beside the text formats, and the memory of streaming a 200,000-row sheet.
//
//   dotnet run -c Release --project bench/Zhiku.FormatsBench -- [--products 600] [--people 300] [--questions 300]
using System.Diagnostics;
using System.Globalization;
using System.Text;
using Zhiku.Core;
using Zhiku.Core.Documents;
using Zhiku.Core.Ingestion;
using Zhiku.SampleGenerator;
using Zhiku.FormatsBench;

int products = 600, people = 300, questions = 300;
for (var i = 0; i + 1 < args.Length; i += 2)
{
    var value = int.Parse(args[i + 1], CultureInfo.InvariantCulture);
    switch (args[i])
    {
        case "--products": products = value; break;
        case "--people": people = value; break;
        case "--questions": questions = value; break;
        default: Console.Error.WriteLine("usage: [--products N] [--people N] [--questions N]"); return 1;
    }
}

var work = Directory.CreateTempSubdirectory("zhiku-formatsbench-");
Console.WriteLine($"machine: {Environment.ProcessorCount} cores, {RuntimeEnvironmentName()}");

// 1. A 200,000-row sheet: peak memory of the parse beside the sizes of its XML and of the text it gives.
{
    var body = new StringBuilder("<sheetData><row r=\"1\"><c r=\"A1\" t=\"inlineStr\"><is><t>编号</t></is></c><c r=\"B1\" t=\"inlineStr\"><is><t>数量</t></is></c><c r=\"C1\" t=\"inlineStr\"><is><t>备注</t></is></c></row>");
    for (var r = 2; r <= 200_001; r++)
    {
        body.Append(CultureInfo.InvariantCulture, $"<row r=\"{r}\"><c r=\"A{r}\"><v>{r}</v></c><c r=\"B{r}\"><v>{r % 97}</v></c><c r=\"C{r}\" t=\"inlineStr\"><is><t>第{r}行</t></is></c></row>");
    }

    body.Append("</sheetData>");
    var xmlBytes = Encoding.UTF8.GetByteCount(body.ToString());
    var bytes = OfficePackage.Workbook([], "", ("明细", false, body.ToString()));
    body = null;
    GC.Collect();
    GC.WaitForPendingFinalizers();
    var before = GC.GetTotalMemory(forceFullCollection: true);
    var clock = Stopwatch.StartNew();
    var document = (await new XlsxParser().ParseAsync(new MemoryStream(bytes), "long.xlsx")).Single();
    clock.Stop();
    var peak = Process.GetCurrentProcess().PeakWorkingSet64;
    var live = GC.GetTotalMemory(forceFullCollection: true) - before;
    Console.WriteLine();
    Console.WriteLine("| 200,000-row sheet | value |");
    Console.WriteLine("|---|---|");
    Console.WriteLine(Inv($"| file / sheet XML | {bytes.Length / 1048576.0:F1} MB / {xmlBytes / 1048576.0:F1} MB |"));
    Console.WriteLine(Inv($"| extracted text | {document.Text.Length / 1e6:F1} M chars, {document.Blocks.Count:N0} blocks |"));
    Console.WriteLine(Inv($"| live after parse (text + blocks) | {live / 1048576.0:F0} MB |"));
    Console.WriteLine(Inv($"| process peak working set | {peak / 1048576.0:F0} MB |"));
    Console.WriteLine(Inv($"| parse time | {clock.Elapsed.TotalSeconds:F1} s ({200_000 / clock.Elapsed.TotalSeconds:N0} rows/s) |"));
    GC.KeepAlive(document);
}

// 2. One-row questions over the generated workbook.
var set = TableSet.Generate(products, people, questions, seed: 14);
var workbookPath = Path.Combine(work.FullName, "产品与员工.xlsx");
File.WriteAllBytes(workbookPath, set.Workbook);
using (var kb = await ZhikuStore.Open(Path.Combine(work.FullName, "store-table")).OpenKnowledgeBaseAsync("tables", create: true))
{
    var summary = await new Ingestor(kb).IngestAsync([workbookPath]);
    int recall = 0, hit = 0;
    foreach (var (question, expected, key) in set.Questions)
    {
        var results = await kb.SearchAsync(question, 5, useDense: false);
        recall += results.Any(r => r.Chunk.Text.Contains(key, StringComparison.Ordinal) && r.Chunk.Text.Contains(expected, StringComparison.Ordinal)) ? 1 : 0;
        hit += (await kb.AskAsync(question)).Text.Contains(expected, StringComparison.Ordinal) ? 1 : 0;
    }

    Console.WriteLine();
    Console.WriteLine(Inv($"table questions: {products} products + {people} people in one .xlsx ({summary.Chunks} chunks), {set.Questions.Count} one-row questions, keyword search, extractive answers"));
    Console.WriteLine("| metric | value |");
    Console.WriteLine("|---|---|");
    Console.WriteLine(Inv($"| Recall@5 (the row's chunk in the top 5) | {recall / (double)set.Questions.Count:F3} |"));
    Console.WriteLine(Inv($"| AskHit (answer quotes the value) | {hit / (double)set.Questions.Count:F3} |"));
}

// 3. Ingest throughput per format: the same kind of content written as each format.
var files = new List<(string Format, string Path, int Units, string Unit)>
{
    ("xlsx", workbookPath, products + people, "rows"),
    ("csv", Write("产品.csv", set.Csv), products, "rows"),
    ("md", Write("产品.md", Encoding.UTF8.GetBytes(Markdown(set.Csv))), products, "rows"),
    ("pptx", Write("发布会.pptx", Deck(60)), 60, "slides"),
    ("mbox", Write("邮件.mbox", Encoding.UTF8.GetBytes(Mailbox(300))), 300, "messages"),
    ("rtf (LibreOffice)", Write("制度.rtf", Encoding.ASCII.GetBytes(Rtf(200))), 1, "files"),
};
Console.WriteLine();
Console.WriteLine("| format | file | units | ingest time | MB/s | units/min |");
Console.WriteLine("|---|---|---|---|---|---|");
foreach (var (format, path, units, unit) in files)
{
    using var kb = await ZhikuStore.Open(Path.Combine(work.FullName, "store-" + Guid.NewGuid().ToString("N"))).OpenKnowledgeBaseAsync("f", create: true);
    var clock = Stopwatch.StartNew();
    var summary = await new Ingestor(kb).IngestAsync([path]);
    var seconds = clock.Elapsed.TotalSeconds;
    var size = new FileInfo(path).Length;
    var failed = summary.Failed > 0 ? " (FAILED: " + string.Join("; ", summary.Files.Select(f => f.Reason)) + ")" : "";
    Console.WriteLine(Inv($"| {format} | {size / 1024.0:F0} KB | {units} {unit} | {seconds:F2} s | {size / 1048576.0 / seconds:F2} | {units / seconds * 60:N0}{failed} |"));
}

work.Delete(recursive: true);
return 0;

string Write(string name, byte[] bytes)
{
    var path = Path.Combine(work.FullName, name);
    File.WriteAllBytes(path, bytes);
    return path;
}

static string Markdown(byte[] csv)
{
    var lines = Encoding.UTF8.GetString(csv).TrimEnd('\n').Split('\n');
    var sb = new StringBuilder("# 产品表\n\n");
    foreach (var (line, i) in lines.Select((l, i) => (l, i)))
    {
        sb.Append("| ").Append(string.Join(" | ", line.Replace("\"", "", StringComparison.Ordinal).Split(','))).Append(" |\n");
        if (i == 0)
        {
            sb.Append("|---|---|---|---|---|---|\n");
        }
    }

    return sb.ToString();
}

static byte[] Deck(int slides) => OfficePackage.Deck(Enumerable.Range(1, slides).Select(i => (
    OfficePackage.Shape("t", 0, 0, $"第{i}部分 产品路线", "title") + OfficePackage.Shape("b", 0, 1000, $"要点一：第{i}季度交付计划。\n要点二：渠道合作伙伴{i}家。")
        + OfficePackage.Table(0, 3000, ["型号", "价格"], [$"ZK-{i:D4}", $"{i * 100:N0}元"]),
    (string?)$"备注：第{i}页讲解时间两分钟。")).ToArray());

static string Mailbox(int messages)
{
    var sb = new StringBuilder();
    for (var i = 1; i <= messages; i++)
    {
        sb.Append(CultureInfo.InvariantCulture, $"From sender{i}@example.com Mon Mar 11 10:00:00 2024\nFrom: 发件人{i} <sender{i}@example.com>\nTo: team@example.com\nSubject: 周报 第{i}期\nDate: Mon, 11 Mar 2024 10:00:00 +0800\nMessage-ID: <m{i}@example.com>\nContent-Type: text/plain; charset=utf-8\nContent-Transfer-Encoding: 8bit\n\n本周完成订单{i * 3}笔，回款{i * 11}万元。下周重点跟进华东区客户。\n\n> 上周的周报内容不应重复索引。\n\n");
    }

    return sb.ToString();
}

static string Rtf(int paragraphs)
{
    var sb = new StringBuilder("{\\rtf1\\ansi\\deff0{\\fonttbl{\\f0 SimSun;}}\n");
    for (var i = 1; i <= paragraphs; i++)
    {
        sb.Append("{\\pard ");
        foreach (var c in $"第{i}条：员工报销须在费用发生后60天内提交，超过90天的不予报销。")
        {
            sb.Append(c < 128 ? c.ToString() : $"\\u{(int)c}?");
        }

        sb.Append("\\par}\n");
    }

    return sb.Append('}').ToString();
}

static string Inv(FormattableString s) => s.ToString(CultureInfo.InvariantCulture);

static string RuntimeEnvironmentName() => System.Runtime.InteropServices.RuntimeInformation.FrameworkDescription;
