namespace Zhiku.Core.Answering.Citations;

/// <summary>A number, date, amount, name or code in the answer that appears in none of the sentence's cited sources.</summary>
/// <param name="Text">The span as written in the answer.</param>
/// <param name="Kind">What kind of fact it is.</param>
/// <param name="SentenceIndex">Index into the checked sentences.</param>
/// <param name="Start">Offset of the span within that sentence's text.</param>
public sealed record FlaggedFact(string Text, FactKind Kind, int SentenceIndex, int Start)
{
    /// <summary>The kind as the JSON contract spells it: number, date, amount, name, code.</summary>
    public string KindName => Kind.ToString().ToLowerInvariant();
}
