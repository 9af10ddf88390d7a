namespace Zhiku.Core.Answering.Citations;

/// <summary>The outcome of checking one answer against its numbered sources.</summary>
/// <param name="Text">The answer with invalid citation markers removed (valid ones kept where the model put them).</param>
/// <param name="Sentences">Every sentence with its citations and support.</param>
/// <param name="GroundedShare">Characters in supported sentences divided by all sentence characters, 0..1.</param>
/// <param name="Flagged">Numbers, dates, amounts, names and codes found in none of their sentence's cited sources.</param>
/// <param name="DroppedCitations">Source numbers the model cited that were not among the sources it was given.</param>
public sealed record CitationCheckResult(
    string Text,
    IReadOnlyList<CheckedSentence> Sentences,
    double GroundedShare,
    IReadOnlyList<FlaggedFact> Flagged,
    IReadOnlyList<int> DroppedCitations)
{
    /// <summary>The mark printed after an unsupported sentence.</summary>
    public const string UnsupportedMarkZh = "（未在资料中找到依据）";

    /// <summary>The mark printed after an unsupported sentence in English answers.</summary>
    public const string UnsupportedMarkEn = " (not supported by the sources)";

    /// <summary>
    /// The answer for display: each sentence with its valid markers, unsupported ones followed by the mark in the
    /// answer's language, so what comes from the user's documents and what does not is visible in plain text.
    /// </summary>
    public string RenderMarked()
    {
        var builder = new System.Text.StringBuilder();
        foreach (CheckedSentence sentence in Sentences)
        {
            if (builder.Length > 0)
            {
                builder.Append(TextTerms.HasHan(sentence.Text) ? "" : " ");
            }

            builder.Append(sentence.Text);
            foreach (int n in sentence.Citations)
            {
                builder.Append('[').Append(n).Append(']');
            }

            if (!sentence.Supported)
            {
                builder.Append(TextTerms.HanShare(sentence.Text) >= 0.3 ? UnsupportedMarkZh : UnsupportedMarkEn);
            }
        }

        return builder.ToString();
    }
}
