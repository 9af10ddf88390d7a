namespace Zhiku.Core.Answering.Citations;

/// <summary>
/// A checkable fact found in a sentence. For numeric kinds, <see cref="Alternatives"/> lists canonical values of
/// which one must occur in a source; <see cref="Required"/> lists values that must all occur (date parts).
/// For names and codes, <see cref="Normalized"/> must occur in the normalised source text.
/// </summary>
internal sealed record FactMention(FactKind Kind, string Text, int Start, int Length)
{
    public IReadOnlyList<string> Alternatives { get; init; } = [];

    public IReadOnlyList<string> Required { get; init; } = [];

    public string? Normalized { get; init; }

    public int End => Start + Length;
}
