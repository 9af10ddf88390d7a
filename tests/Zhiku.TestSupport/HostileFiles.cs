using System.Globalization;
using System.IO.Compression;
using System.Text;

namespace Zhiku.TestSupport;

/// <summary>
/// The hostile inputs of the attack-and-stress review, generated (never checked in as binaries): deep nesting that
/// overflowed stacks or cost quadratic time, files that decode into garbage, special files. Shared by the tests
/// and by bench/Zhiku.HostileBench, which writes them to a folder and ingests them.
/// </summary>
public static class HostileFiles
{
    /// <summary>A .docx whose body is <paramref name="depth"/> tables nested in each other's first cell, with a
    /// marker sentence in the innermost cell. 20,000 levels compress to about 3 KB and overflowed the stack of
    /// the Office library in the server process.</summary>
    public static byte[] NestedTablesDocx(int depth = 20_000, string marker = "最内层单元格的文字 INNERMOST42")
    {
        var body = new StringBuilder();
        body.Append("<w:p><w:r><w:t>表格之前的段落。</w:t></w:r></w:p>");
        for (int i = 0; i < depth; i++)
        {
            body.Append("<w:tbl><w:tr><w:tc>");
        }

        body.Append("<w:p><w:r><w:t>").Append(marker).Append("</w:t></w:r></w:p>");
        for (int i = 0; i < depth; i++)
        {
            body.Append("</w:tc></w:tr></w:tbl>");
        }

        body.Append("<w:p><w:r><w:t>表格之后的段落。</w:t></w:r></w:p>");
        return Docx(body.ToString());
    }

    /// <summary>A .docx with <paramref name="body"/> (WordprocessingML body content) as its document.</summary>
    public static byte[] Docx(string body)
    {
        using var buffer = new MemoryStream();
        using (var zip = new ZipArchive(buffer, ZipArchiveMode.Create, leaveOpen: true))
        {
            Add(zip, "[Content_Types].xml", """
                <?xml version="1.0" encoding="UTF-8" standalone="yes"?>
                <Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"><Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/><Default Extension="xml" ContentType="application/xml"/><Override PartName="/word/document.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"/></Types>
                """);
            Add(zip, "_rels/.rels", """
                <?xml version="1.0" encoding="UTF-8" standalone="yes"?>
                <Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="word/document.xml"/></Relationships>
                """);
            Add(zip, "word/document.xml",
                "<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"yes\"?>" +
                "<w:document xmlns:w=\"http://schemas.openxmlformats.org/wordprocessingml/2006/main\"><w:body>" + body + "</w:body></w:document>");
        }

        return buffer.ToArray();
    }

    /// <summary>HTML with <paramref name="depth"/> nested &lt;div&gt;s around a few words: 100,000 levels took
    /// 374 s of CPU for 10 characters.</summary>
    public static string NestedDivsHtml(int depth = 100_000, string marker = "深处的文字 DEEPDIV42") =>
        "<html><head><title>nested</title></head><body><p>开头的段落。</p>" + string.Concat(Enumerable.Repeat("<div>", depth)) + marker +
        string.Concat(Enumerable.Repeat("</div>", depth)) + "<p>结尾的段落。</p></body></html>";

    /// <summary>A one-page PDF with text whose page resource dictionary is nested <paramref name="depth"/> levels deep.</summary>
    public static byte[] DeepResourcesPdf(int depth = 10_000)
    {
        string resources = string.Concat(Enumerable.Repeat("<< /A ", depth)) + "1" + string.Concat(Enumerable.Repeat(" >>", depth));
        return Pdf($"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Resources << /Font << /F1 5 0 R >> /X {resources} >> /Contents 4 0 R >>");
    }

    /// <summary>A one-page PDF that says "Hello PDF", with <paramref name="page"/> as its page object.</summary>
    public static byte[] Pdf(string page = "<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Resources << /Font << /F1 5 0 R >> >> /Contents 4 0 R >>")
    {
        const string content = "BT /F1 24 Tf 72 720 Td (Hello PDF) Tj ET";
        string[] objects =
        [
            "<< /Type /Catalog /Pages 2 0 R >>",
            "<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
            page,
            $"<< /Length {content.Length} >>\nstream\n{content}\nendstream",
            "<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>",
        ];
        var pdf = new StringBuilder("%PDF-1.4\n");
        var offsets = new List<int>();
        for (int i = 0; i < objects.Length; i++)
        {
            offsets.Add(pdf.Length);
            pdf.Append(CultureInfo.InvariantCulture, $"{i + 1} 0 obj\n{objects[i]}\nendobj\n");
        }

        int xref = pdf.Length;
        pdf.Append(CultureInfo.InvariantCulture, $"xref\n0 {objects.Length + 1}\n0000000000 65535 f \n");
        foreach (int offset in offsets)
        {
            pdf.Append(CultureInfo.InvariantCulture, $"{offset:D10} 00000 n \n");
        }

        pdf.Append(CultureInfo.InvariantCulture, $"trailer\n<< /Size {objects.Length + 1} /Root 1 0 R >>\nstartxref\n{xref}\n%%EOF\n");
        return Encoding.ASCII.GetBytes(pdf.ToString());
    }

    /// <summary>An 18 KB UTF-8 Chinese text with one 0xFF byte in the middle: it decoded as cp1252 mojibake.</summary>
    public static byte[] Utf8WithOneBadByte()
    {
        byte[] utf8 = Encoding.UTF8.GetBytes(string.Concat(Enumerable.Range(1, 300).Select(i => $"第{i}条：试用期员工转正后按当年剩余日历天数折算年假。\n")));
        return [.. utf8[..9000], 0xFF, .. utf8[9000..]];
    }

    /// <summary>Every generated hostile file by name (the name's extension picks the parser).</summary>
    public static IReadOnlyList<(string Name, byte[] Bytes)> All() =>
    [
        ("nested-tables-20000.docx", NestedTablesDocx()),
        ("nested-tables-8000.docx", NestedTablesDocx(8000)),
        ("nested-divs-100000.html", Encoding.UTF8.GetBytes(NestedDivsHtml())),
        ("nested-divs-8000.htm", Encoding.UTF8.GetBytes(NestedDivsHtml(8000))),
        ("deep-resources-10000.pdf", DeepResourcesPdf()),
        ("one-bad-byte.txt", Utf8WithOneBadByte()),
        ("nested-quotes-50000.md", Encoding.UTF8.GetBytes(new string('>', 50_000) + " 引用\n")),
        ("nested-lists-5000.md", Encoding.UTF8.GetBytes(string.Concat(Enumerable.Range(0, 5000).Select(i => new string(' ', i * 2) + "- 项\n")))),
        ("nested-arrays-100000.json", Encoding.UTF8.GetBytes(new string('[', 100_000) + new string(']', 100_000))),
        ("nested-objects-10000.jsonl", Encoding.UTF8.GetBytes(string.Concat(Enumerable.Repeat("{\"a\":", 10_000)) + "1" + new string('}', 10_000) + "\n")),
        ("quotes-100000.csv", Encoding.UTF8.GetBytes("a,b\n\"" + new string('"', 100_001) + "\n")),
        ("binary-noise.txt", Noise(200_000, 1)),
        ("high-bytes.txt", HighBytes(50_000, 2)),
        ("truncated.pdf", DeepResourcesPdf(10)[..200]),
        ("not-a-zip.docx", Encoding.ASCII.GetBytes("PK\u0003\u0004 this is not a zip")),
    ];

    private static byte[] Noise(int length, int seed)
    {
        var bytes = new byte[length];
        new Random(seed).NextBytes(bytes);
        return bytes;
    }

    private static byte[] HighBytes(int length, int seed)
    {
        var random = new Random(seed);
        var bytes = new byte[length];
        for (int i = 0; i < length; i++)
        {
            bytes[i] = (byte)(i % 9 == 8 ? ' ' : random.Next(0x80, 0x100));
        }

        return bytes;
    }

    private static void Add(ZipArchive zip, string name, string content)
    {
        using Stream entry = zip.CreateEntry(name, CompressionLevel.SmallestSize).Open();
        entry.Write(Encoding.UTF8.GetBytes(content));
    }
}
