using System.Text;
using CsCheck;

namespace Zhiku.TestSupport;

/// <summary>
/// A CsCheck generator of parser inputs for every built-in format: structured fragments of the format (tags,
/// nesting, quotes, brackets, multi-byte text) at random depths, and byte-level mutations (flips, inserts,
/// deletions, truncation, repeats) of seed files. Used in-process by a bounded test and through the parser
/// worker by bench/Zhiku.HostileBench for longer runs.
/// </summary>
public static class ParserFuzzInputs
{
    private static readonly string[] Words = ["年假", "试用期", "员工", "Policy", "ID-42", "€", "𠀀", "é", "\t", " ", "\n", "\r\n", "&amp;", "&#x4e2d;", "\u200b", "\uFFFD"];

    /// <summary>An input: the file name (its extension picks the parser) and the bytes.</summary>
    public static Gen<(string Name, byte[] Bytes)> Any(IReadOnlyList<(string Name, byte[] Bytes)> seeds) =>
        Gen.Frequency<(string Name, byte[] Bytes)>(
            (3, Structured),
            (2, Mutated(seeds)),
            (1, from ext in Gen.OneOf(".txt", ".md", ".html", ".pdf", ".docx", ".json", ".jsonl", ".csv")
                from bytes in Gen.Byte.Array[0, 4096]
                select ("random" + ext, bytes)));

    /// <summary>Documents built from each format's own syntax.</summary>
    public static Gen<(string Name, byte[] Bytes)> Structured { get; } =
        Gen.OneOf<(string Name, byte[] Bytes)>(
            Text(".html", Gen.OneOf("<div>", "</div>", "<p>", "<table><tr><td>", "</td></tr></table>", "<h1>", "</h1>", "<script>", "<b><i>", "</b></i>", "<!--", "-->", "<", ">", "<br/>", "<ul><li>")),
            Text(".md", Gen.OneOf("# ", "> ", "- ", "1. ", "```", "|a|b|\n|-|-|\n", "**", "[x](", ")", "    ", "<div>", "\n\n")),
            Text(".json", Gen.OneOf("{", "}", "[", "]", "\"text\":", "\"id\":", ",", ":", "\"", "1e999", "null", "\\u0000", "\\ud800")),
            Text(".jsonl", Gen.OneOf("{\"text\":\"", "\"}\n", "{", "}", "[", "]", "\n", "\"", ",")),
            Text(".csv", Gen.OneOf(",", "\"", "\"\"", "\n", "\r\n", ";", "\t", "标题", "a,b,c\n")),
            Text(".txt", Gen.OneOf("\u0000", "\u001b", "\xff", "\xfe")),
            from depth in Gen.Int[0, 3000]
            from inner in Gen.OneOf("<w:p><w:r><w:t>文字</w:t></w:r></w:p>", "<w:p><w:r><w:tab/><w:br/></w:r></w:p>", "")
            from open in Gen.OneOf("<w:tbl><w:tr><w:tc>", "<w:sdt><w:sdtContent>", "<w:p><w:r>")
            from close in Gen.OneOf("</w:tc></w:tr></w:tbl>", "</w:sdtContent></w:sdt>", "</w:r></w:p>", "")
            select ("structured.docx", HostileFiles.Docx(Repeat(open, depth) + inner + Repeat(close, depth))),
            from depth in Gen.Int[0, 3000]
            from open in Gen.OneOf("<< /A ", "[ ", "<< /Kids [ ")
            from close in Gen.OneOf(" >>", " ]", " ] >>", "")
            select ("structured.pdf", HostileFiles.Pdf(
                $"<< /Type /Page /Parent 2 0 R /Resources << /Font << /F1 5 0 R >> /X {Repeat(open, depth)}1{Repeat(close, depth)} >> /Contents 4 0 R >>")));

    /// <summary>Byte-level mutations of <paramref name="seeds"/>, keeping each seed's file name.</summary>
    public static Gen<(string Name, byte[] Bytes)> Mutated(IReadOnlyList<(string Name, byte[] Bytes)> seeds) =>
        from index in Gen.Int[0, seeds.Count - 1]
        from edits in Gen.Select(Gen.Int[0, 4], Gen.Double[0.0, 1.0], Gen.Double[0.0, 1.0], Gen.Byte.Array[1, 64]).Array[1, 8]
        select (seeds[index].Name, Mutate(seeds[index].Bytes, edits));

    private static Gen<(string Name, byte[] Bytes)> Text(string extension, Gen<string> fragment) =>
        from parts in Gen.Select(fragment, Gen.OneOf(Words), Gen.Int[1, 200]).Array[1, 40]
        select ("structured" + extension, Encoding.UTF8.GetBytes(string.Concat(parts.Select(p => Repeat(p.Item1, p.Item3) + p.Item2))));

    private static string Repeat(string text, int times) => new StringBuilder(text.Length * times).Insert(0, text, times).ToString();

    private static byte[] Mutate(byte[] seed, (int Kind, double Where, double Size, byte[] Bytes)[] edits)
    {
        var bytes = new List<byte>(seed);
        foreach ((int kind, double where, double size, byte[] insert) in edits)
        {
            int at = bytes.Count == 0 ? 0 : (int)(where * bytes.Count) % Math.Max(1, bytes.Count);
            int length = Math.Min(bytes.Count - at, (int)(size * 256));
            switch (kind)
            {
                case 0 when bytes.Count > 0:
                    bytes[at] ^= insert[0];
                    break;
                case 1:
                    bytes.InsertRange(at, insert);
                    break;
                case 2:
                    bytes.RemoveRange(at, length);
                    break;
                case 3:
                    bytes.RemoveRange(at, bytes.Count - at);
                    break;
                case 4:
                    List<byte> range = bytes.GetRange(at, length);
                    for (int i = 0; i < 1 + (insert[0] % 16); i++)
                    {
                        bytes.InsertRange(at, range);
                    }

                    break;
            }
        }

        return [.. bytes];
    }
}
