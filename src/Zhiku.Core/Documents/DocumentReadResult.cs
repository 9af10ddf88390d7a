namespace Zhiku.Core.Documents;

/// <summary>The outcome of reading one file.</summary>
/// <param name="Status">Read, empty or unsupported.</param>
/// <param name="Documents">The documents extracted; empty unless <paramref name="Status"/> is Read.</param>
/// <param name="Extension">The file's lower-case extension with the dot (".pdf"), empty when it has none.</param>
public sealed record DocumentReadResult(DocumentReadStatus Status, IReadOnlyList<ExtractedDocument> Documents, string Extension);
