namespace Zhiku.Core.Indexing.Analysis;

/// <summary>One index or query term with its position and how much it should count in a query.</summary>
/// <param name="Term">The folded term as stored in the index.</param>
/// <param name="Position">Token position (for proximity); sub-words of one word share the position.</param>
/// <param name="Weight">Query weight: 1 for content, lower for question words and particles.</param>
public readonly record struct AnalyzedToken(string Term, int Position, float Weight);
