namespace Zhiku.Core.Privacy;

/// <summary>A model's answer with placeholders restored where allowed.</summary>
/// <param name="Text">The answer to show the user.</param>
/// <param name="Restored">Placeholders replaced by their original value.</param>
/// <param name="Withheld">Placeholders of this session the user may not see (left as a mask or placeholder).</param>
/// <param name="Unknown">Placeholder-like strings this session never created (left as they are).</param>
public sealed record ReidentificationResult(string Text, int Restored, int Withheld, int Unknown);
