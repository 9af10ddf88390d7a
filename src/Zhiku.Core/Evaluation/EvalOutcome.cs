namespace Zhiku.Core.Evaluation;

/// <summary>What one question of an eval run got, for reading the misses (`zhiku eval --answers-out`).</summary>
/// <param name="Id">The question's id (negatives keep theirs when their file has one).</param>
/// <param name="Question">The question text.</param>
/// <param name="Answerable">From the query set (true) or the negatives (false).</param>
/// <param name="Found">Whether the answer counted as found.</param>
/// <param name="Hit">The answer holds a gold string; null for a question without gold strings.</param>
/// <param name="GoldRead">A gold string is in one of the chunks the extractive answerer reads; null without gold strings.</param>
/// <param name="Confidence">The answer's confidence (the found gate's evidence for extractive answers).</param>
/// <param name="Text">The answer text.</param>
public sealed record EvalOutcome(string Id, string Question, bool Answerable, bool Found, bool? Hit, bool? GoldRead, double Confidence,
    string Text);
