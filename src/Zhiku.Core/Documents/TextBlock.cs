namespace Zhiku.Core.Documents;

/// <summary>What a block of extracted text is, so chunking can respect structure.</summary>
public enum BlockKind
{
    /// <summary>A heading line; starts a new section.</summary>
    Heading,
    /// <summary>A paragraph, list item or table cell run of body text.</summary>
    Paragraph,
    /// <summary>One record of a table or CSV file; never merged with the next one.</summary>
    Row,
}

/// <summary>
/// A contiguous span of <see cref="ExtractedDocument.Text"/> with its place in the document's structure.
/// Blocks are in text order, do not overlap, and together cover all non-whitespace text.
/// </summary>
/// <param name="Start">Offset (UTF-16 code units) of the block in the document text.</param>
/// <param name="Length">Length of the block in UTF-16 code units.</param>
/// <param name="Kind">Heading, paragraph or row.</param>
/// <param name="HeadingPath">Headings above this block joined with " > ", empty when none. A heading block's path
/// ends with the heading itself, so a heading and the body under it share one path
/// ("员工手册 > 第三章 假期 > 3.2 年假").</param>
/// <param name="Page">1-based page number for paged formats (PDF), otherwise null.</param>
public sealed record TextBlock(int Start, int Length, BlockKind Kind, string HeadingPath, int? Page)
{
    /// <summary>Offset just past the block.</summary>
    public int End => Start + Length;
}
