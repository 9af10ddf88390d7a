namespace Zhiku.Core.Documents;

/// <summary>Reading a parser's input stream whole, and naming documents after their files.</summary>
internal static class ParserInput
{
    /// <summary>Reads the rest of <paramref name="content"/> into memory.</summary>
    public static async Task<byte[]> ReadAllAsync(Stream content, CancellationToken cancellationToken)
    {
        // The reader hands parsers a stream over an array it owns: take the array itself rather than copy it.
        if (content is MemoryStream memory && memory.Position == 0 && memory.TryGetBuffer(out var buffer)
            && buffer.Offset == 0 && buffer.Array is { } array && buffer.Count == array.Length)
        {
            return array;
        }

        using var copy = content.CanSeek ? new MemoryStream((int)Math.Min(int.MaxValue, content.Length)) : new MemoryStream();
        await content.CopyToAsync(copy, cancellationToken).ConfigureAwait(false);
        return copy.ToArray();
    }

    /// <summary>Reads a zip-based file (docx, xlsx, pptx, epub) whole and checks it with <see cref="ZipGuard"/>
    /// before any part is unpacked.</summary>
    /// <returns>The bytes, or null when the file is empty.</returns>
    /// <exception cref="DocumentParseException">Not a zip package, encrypted, or a zip bomb.</exception>
    public static async Task<byte[]?> ReadZipPackageAsync(
        Stream content, string fileName, string format, DocumentReaderOptions options, CancellationToken cancellationToken)
    {
        var bytes = await ReadAllAsync(content, cancellationToken).ConfigureAwait(false);
        if (bytes.Length == 0)
        {
            return null;
        }

        ZipGuard.Check(bytes, fileName, format, options);
        return bytes;
    }

    /// <summary>The file name without folder and extension, used as a title when the document has none.</summary>
    public static string TitleFromFileName(string fileName)
    {
        var name = Path.GetFileNameWithoutExtension(fileName);
        return name.Length > 0 ? name : fileName;
    }

    /// <summary>The empty result: the file holds no text.</summary>
    public static IReadOnlyList<ExtractedDocument> None { get; } = [];

    /// <summary>A one-document result, or none when <paramref name="document"/> is null.</summary>
    public static IReadOnlyList<ExtractedDocument> One(ExtractedDocument? document) =>
        document is null ? None : [document];
}
