using System.Text;
using Zhiku.Core.Documents;

namespace Zhiku.Core.Tests.Documents;

public sealed class DocumentReaderTests
{
    [Fact]
    public async Task Unknown_extension_is_reported_not_guessed()
    {
        using var folder = new TempFolder();
        var path = folder.Write("drawing.dwg", [0x41, 0x43, 0x31, 0x30]);

        var result = await new DocumentReader().ReadFileAsync(path);

        Assert.Equal(DocumentReadStatus.UnsupportedFormat, result.Status);
        Assert.Equal(".dwg", result.Extension);
        Assert.Empty(result.Documents);
    }

    [Theory]
    [InlineData("empty.txt")]
    [InlineData("empty.pdf")]
    [InlineData("empty.docx")]
    [InlineData("empty.md")]
    public async Task Empty_file_is_reported_empty(string name)
    {
        using var folder = new TempFolder();
        var path = folder.Write(name, []);

        var result = await new DocumentReader().ReadFileAsync(path);

        Assert.Equal(DocumentReadStatus.Empty, result.Status);
    }

    [Fact]
    public async Task Whitespace_only_file_is_reported_empty()
    {
        using var folder = new TempFolder();
        var path = folder.Write("blank.txt", Encoding.UTF8.GetBytes(" \r\n\t\n"));

        Assert.Equal(DocumentReadStatus.Empty, (await new DocumentReader().ReadFileAsync(path)).Status);
    }

    [Fact]
    public async Task File_over_the_size_limit_is_refused_before_reading()
    {
        var error = await ParseAssert.FailsAsync("big.txt", new byte[2048], new DocumentReaderOptions { MaxFileBytes = 1024 });

        Assert.Contains("over the limit", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Size_limit_also_holds_for_unseekable_streams()
    {
        var reader = new DocumentReader(new DocumentReaderOptions { MaxFileBytes = 1024 });
        using var pipe = new NonSeekableStream(new byte[4096]);

        await Assert.ThrowsAsync<DocumentParseException>(() => reader.ReadAsync(pipe, "big.txt"));
    }

    [Fact]
    public async Task Binary_file_renamed_txt_is_refused()
    {
        var bytes = new byte[4096];
        new Random(11).NextBytes(bytes);

        var error = await ParseAssert.FailsAsync("setup.txt", bytes);

        Assert.Contains("not a text file", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Knows_every_built_in_extension()
    {
        var reader = new DocumentReader();

        foreach (var extension in new[] { ".txt", ".md", ".html", ".htm", ".pdf", ".docx", ".json", ".jsonl", ".csv", ".xlsx", ".xlsm", ".pptx", ".eml", ".mbox", ".epub", ".doc", ".xls", ".ppt", ".rtf", ".odt", ".ods", ".odp", ".wps", ".et", ".dps", ".png", ".jpg", ".jpeg", ".tif", ".tiff", ".bmp", ".webp" })
        {
            Assert.Contains(extension, reader.Extensions);
            Assert.True(reader.CanRead("a" + extension.ToUpperInvariant()));
        }

        Assert.False(reader.CanRead("a.xyz"));
        Assert.Throws<ArgumentOutOfRangeException>(() => new DocumentReader(new DocumentReaderOptions { MaxFileBytes = 0 }));
    }

    [Fact]
    public async Task A_parser_crashing_becomes_this_files_failure()
    {
        var reader = new DocumentReader(new DocumentReaderOptions(), [new ThrowingParser()]);
        using var content = new MemoryStream([1, 2, 3]);

        var error = await Assert.ThrowsAsync<DocumentParseException>(() => reader.ReadAsync(content, "x.boom"));

        Assert.StartsWith("x.boom:", error.Message, StringComparison.Ordinal);
        Assert.IsType<IndexOutOfRangeException>(error.InnerException);
    }

    private sealed class ThrowingParser : IDocumentParser
    {
        public IReadOnlyCollection<string> Extensions { get; } = [".boom"];

        public Task<IReadOnlyList<ExtractedDocument>> ParseAsync(Stream content, string fileName, CancellationToken cancellationToken = default) =>
            throw new IndexOutOfRangeException("library bug");
    }

    private sealed class NonSeekableStream(byte[] bytes) : MemoryStream(bytes)
    {
        public override bool CanSeek => false;

        public override long Length => throw new NotSupportedException();
    }
}
