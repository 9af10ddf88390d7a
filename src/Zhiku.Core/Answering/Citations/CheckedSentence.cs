namespace Zhiku.Core.Answering.Citations;

/// <summary>One sentence of an answer after the citation check (JSON: <c>{"text","citations","supported","support_score"}</c>).</summary>
/// <param name="Text">The sentence without citation markers.</param>
/// <param name="Citations">Valid source numbers the sentence cites; invalid markers are already dropped.</param>
/// <param name="Supported">True when it cites at least one source and its support score reaches the threshold.</param>
/// <param name="SupportScore">0..1: how much of the sentence its cited sources back (see <see cref="SupportScorer"/>).</param>
public sealed record CheckedSentence(string Text, IReadOnlyList<int> Citations, bool Supported, double SupportScore);
