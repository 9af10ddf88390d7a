namespace Zhiku.Core.Documents;

/// <summary>The parsers of every supported format.</summary>
public static class DocumentParsers
{
    /// <summary>One parser per supported format.</summary>
    public static IReadOnlyList<IDocumentParser> CreateAll() => [];
}
