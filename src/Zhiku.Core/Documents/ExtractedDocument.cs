namespace Zhiku.Core.Documents;

/// <summary>
/// The text of one document as a parser extracted it, with its structure.
/// A file usually yields one; a .json/.jsonl file yields one per record.
/// </summary>
/// <param name="ExternalId">The record's own id (json/jsonl "id" field), null for whole files.</param>
/// <param name="Title">The document title: first heading, HTML title, docx title, record title, or the file name.</param>
/// <param name="Text">The extracted plain text; <see cref="Blocks"/> offsets point into it.</param>
/// <param name="Blocks">Structure of the text in order.</param>
/// <param name="Format">Short format name: txt, md, html, pdf, docx, json, jsonl, csv.</param>
public sealed record ExtractedDocument(
    string? ExternalId,
    string Title,
    string Text,
    IReadOnlyList<TextBlock> Blocks,
    string Format)
{
    /// <summary>How each page's text was obtained, for paged and image formats (PDF, images); empty otherwise.</summary>
    public IReadOnlyList<PageText> Pages { get; init; } = [];

    /// <summary>What the reader should know about this document although it was read (pages not OCR'd and why).</summary>
    public IReadOnlyList<string> Notices { get; init; } = [];
}
