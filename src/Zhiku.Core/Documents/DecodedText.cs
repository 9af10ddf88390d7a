using System.Text;

namespace Zhiku.Core.Documents;

/// <summary>The text of a file and the encoding it was read with.</summary>
/// <param name="Text">The decoded text, without a byte order mark; line endings as in the file.</param>
/// <param name="Encoding">The encoding the bytes were decoded with.</param>
/// <param name="Reason">How the encoding was decided: "bom", "utf-8", "utf-8-repaired" (a few invalid bytes replaced
/// by U+FFFD), "declared", "score", "detector" or "fallback".</param>
public sealed record DecodedText(string Text, Encoding Encoding, string Reason);
