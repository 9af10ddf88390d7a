namespace Zhiku.Core.Privacy;

/// <summary>One finding of a scan: where and what, with a masked form, never the raw value.</summary>
/// <param name="Type">Entity type (<see cref="PiiTypes"/>).</param>
/// <param name="Start">Offset in UTF-16 code units into the file's decoded text.</param>
/// <param name="End">End offset (exclusive).</param>
/// <param name="Score">Confidence in [0, 1].</param>
/// <param name="Masked">The masked value (138****5678, 张*).</param>
public sealed record PiiFinding(string Type, int Start, int End, double Score, string Masked);
