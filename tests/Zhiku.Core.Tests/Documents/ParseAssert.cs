using Zhiku.Core.Documents;

namespace Zhiku.Core.Tests.Documents;

/// <summary>Parsing from bytes through the real reader, and the invariants every extracted document keeps.</summary>
internal static class ParseAssert
{
    public static async Task<IReadOnlyList<ExtractedDocument>> ReadAsync(string fileName, byte[] bytes, DocumentReaderOptions? options = null)
    {
        using var folder = new TempFolder();
        var path = folder.Write(fileName, bytes);
        var result = await new DocumentReader(options ?? new DocumentReaderOptions()).ReadFileAsync(path);
        foreach (var document in result.Documents)
        {
            Invariants(document);
        }

        return result.Documents;
    }

    public static async Task<ExtractedDocument> ReadOneAsync(string fileName, byte[] bytes, DocumentReaderOptions? options = null)
    {
        var documents = await ReadAsync(fileName, bytes, options);
        return Assert.Single(documents);
    }

    public static async Task<DocumentParseException> FailsAsync(string fileName, byte[] bytes, DocumentReaderOptions? options = null)
    {
        var error = await Assert.ThrowsAsync<DocumentParseException>(() => ReadAsync(fileName, bytes, options));
        Assert.StartsWith(fileName + ":", error.Message, StringComparison.Ordinal);
        Assert.Contains(" / ", error.Message, StringComparison.Ordinal);
        return error;
    }

    /// <summary>Blocks are in order, do not overlap, are trimmed, and cover all non-whitespace text.</summary>
    public static void Invariants(ExtractedDocument document)
    {
        Assert.NotEmpty(document.Blocks);
        Assert.DoesNotContain('\r', document.Text);
        var covered = new bool[document.Text.Length];
        var previousEnd = 0;
        foreach (var block in document.Blocks)
        {
            Assert.True(block.Start >= previousEnd, $"block at {block.Start} overlaps the previous one ending at {previousEnd}");
            Assert.True(block.Length > 0 && block.End <= document.Text.Length);
            var text = document.Text.Substring(block.Start, block.Length);
            Assert.Equal(text.Trim(), text);
            for (var i = block.Start; i < block.End; i++)
            {
                covered[i] = true;
            }

            previousEnd = block.End;
        }

        for (var i = 0; i < document.Text.Length; i++)
        {
            Assert.True(covered[i] || char.IsWhiteSpace(document.Text[i]), $"character {i} '{document.Text[i]}' is in no block");
        }
    }

    public static string BlockText(ExtractedDocument document, TextBlock block) => document.Text.Substring(block.Start, block.Length);

    public static TextBlock BlockContaining(ExtractedDocument document, string text)
    {
        var index = document.Text.IndexOf(text, StringComparison.Ordinal);
        Assert.True(index >= 0, $"'{text}' not found in {document.Title}");
        return document.Blocks.Single(b => b.Start <= index && index < b.End);
    }
}
