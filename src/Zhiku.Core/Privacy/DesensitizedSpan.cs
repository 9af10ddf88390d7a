namespace Zhiku.Core.Privacy;

/// <summary>One entity the <see cref="Desensitizer"/> handled. Holds no original value, so it can be audited.</summary>
/// <param name="Type">Entity type.</param>
/// <param name="Start">Offset in the original text.</param>
/// <param name="End">End offset in the original text.</param>
/// <param name="Operator">The operator applied.</param>
/// <param name="Replacement">What now stands in the output (a placeholder, a mask…); for Keep, null.</param>
public sealed record DesensitizedSpan(string Type, int Start, int End, PiiOperator Operator, string? Replacement);
