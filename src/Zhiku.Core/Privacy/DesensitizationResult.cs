namespace Zhiku.Core.Privacy;

/// <summary>A desensitized text and what was done to it.</summary>
/// <param name="Text">The text that may leave the machine.</param>
/// <param name="Spans">Every entity found, in order, with the operator applied.</param>
/// <param name="Placeholders">Placeholder → original value for the placeholders used in this text. Personal data:
/// keep it in the session/vault, never log it.</param>
/// <param name="Categories">PIPL Art. 28 sensitive categories the text mentions.</param>
public sealed record DesensitizationResult(
    string Text,
    IReadOnlyList<DesensitizedSpan> Spans,
    IReadOnlyDictionary<string, string> Placeholders,
    IReadOnlySet<SensitiveCategory> Categories)
{
    /// <summary>How many entities of each type were replaced (kept ones not counted), for the audit log.</summary>
    public IReadOnlyDictionary<string, int> CountsByType =>
        Spans.Where(s => s.Operator != PiiOperator.Keep).GroupBy(s => s.Type).ToDictionary(g => g.Key, g => g.Count(), StringComparer.Ordinal);
}
