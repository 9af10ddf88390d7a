namespace Zhiku.Core.Privacy;

/// <summary>One placeholder of a session and the original value it stands for. Holds personal data: never log it.</summary>
/// <param name="Placeholder">The placeholder as it appears in text, e.g. "[姓名_1]".</param>
/// <param name="Type">The entity type (<see cref="PiiTypes"/>).</param>
/// <param name="Value">The original value.</param>
public sealed record PseudonymEntry(string Placeholder, string Type, string Value);
