using CsCheck;
using Zhiku.Core.Documents;
using Zhiku.TestSupport;

namespace Zhiku.Core.Tests.Documents;

/// <summary>
/// Bounded fuzzing of every parser in this process (the CI run; bench/Zhiku.HostileBench fuzzes through the
/// parser worker for as long as asked): each input is read, reported empty or unsupported, or refused with a
/// message naming the file, and every document read keeps the block invariants.
/// </summary>
public sealed class ParserFuzzTests
{
    private static readonly DocumentReader Reader = new(new DocumentReaderOptions { MaxFileBytes = 8L * 1024 * 1024 });

    private static IReadOnlyList<(string Name, byte[] Bytes)> Seeds()
    {
        string samples = Path.Combine(CliSamples(), "samples");
        return
        [
            .. Directory.GetFiles(samples).Select(f => (Path.GetFileName(f), File.ReadAllBytes(f))),
            .. HostileFiles.All().Where(f => f.Bytes.Length < 300_000),
            ("records.json", """[{"id":"a","title":"甲","text":"正文一"},{"id":"b","text":"正文二"}]"""u8.ToArray()),
            ("records.jsonl", "{\"id\":\"a\",\"text\":\"正文一\"}\n{\"id\":\"b\",\"text\":\"正文二\"}\n"u8.ToArray()),
        ];
    }

    private static string CliSamples()
    {
        for (DirectoryInfo? dir = new(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (Directory.Exists(Path.Combine(dir.FullName, "samples")) && File.Exists(Path.Combine(dir.FullName, "Zhiku.slnx")))
            {
                return dir.FullName;
            }
        }

        throw new InvalidOperationException("repository root not found");
    }

    [Fact]
    public void Every_parser_reads_or_refuses_fuzzed_input_with_a_message_naming_the_file()
    {
        ParserFuzzInputs.Any(Seeds()).Sample(input =>
        {
            using var stream = new MemoryStream(input.Bytes, writable: false);
            try
            {
                DocumentReadResult result = Reader.ReadAsync(stream, input.Name).GetAwaiter().GetResult();
                foreach (ExtractedDocument document in result.Documents)
                {
                    ParseAssert.Invariants(document);
                }
            }
            catch (DocumentParseException ex)
            {
                Assert.StartsWith(input.Name + ":", ex.Message, StringComparison.Ordinal);
            }
        }, iter: 400, threads: 1);
    }
}
