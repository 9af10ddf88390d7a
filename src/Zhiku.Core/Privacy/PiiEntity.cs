namespace Zhiku.Core.Privacy;

/// <summary>
/// One piece of personal data found in a text. Offsets are UTF-16 code units into the text that was scanned
/// (the original, not the normalised copy). The value itself is not stored, so an entity can be logged.
/// </summary>
/// <param name="Type">One of <see cref="PiiTypes"/>.</param>
/// <param name="Start">Offset of the first character.</param>
/// <param name="End">Offset just past the last character.</param>
/// <param name="Score">Confidence in [0, 1]: about 0.9 and up for validated matches, 0.5–0.7 for context-only ones.</param>
public sealed record PiiEntity(string Type, int Start, int End, double Score)
{
    /// <summary>Length in UTF-16 code units.</summary>
    public int Length => End - Start;

    /// <summary>The matched value in <paramref name="text"/>, which must be the text that was scanned.</summary>
    public string ValueIn(string text) => text.Substring(Start, Length);

    /// <summary>Whether the two spans share at least one character.</summary>
    public bool Overlaps(PiiEntity other) => Start < other.End && other.Start < End;
}
