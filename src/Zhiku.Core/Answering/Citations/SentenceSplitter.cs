namespace Zhiku.Core.Answering.Citations;

/// <summary>
/// Splits an answer into sentences with <see cref="Chunking.SentenceSplitter"/>'s rules, keeping a citation marker
/// written after the full stop with the sentence it cites, because models write both "…年假[1]。" and "…年假。[1]".
/// </summary>
public static class SentenceSplitter
{
    /// <summary>Returns the sentences with their offsets into <paramref name="text"/>; blank stretches are skipped.</summary>
    public static IReadOnlyList<(int Start, string Text)> Split(string text) =>
        Chunking.SentenceSplitter.Split(text, 0, text.Length, CitationMarkers.MarkerEndAt)
            .Select(s => (s.Start, text[s.Start..s.End]))
            .ToList();
}
